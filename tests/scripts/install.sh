#!/usr/bin/env bash
# install.sh: `make install` into a scratch folder gives a working command, library, header and
# pkg-config file: a small program built against the installed libtruce loads the example.
set -eu
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
# the sanitizer build's library needs the sanitizer runtime in the program that links it
san=() cflags=()
case "$BUILD" in *san*) san=(SANITIZE=1) cflags=(-fsanitize=address,undefined) ;; esac
make -s install DESTDIR="$dest" PREFIX=/usr/local BUILD="$BUILD" "${san[@]}" >/dev/null
for f in bin/truce lib/libtruce.a lib/libtruce.so.0 include/truce.h lib/pkgconfig/truce.pc share/man/man1/truce.1; do
  [ -e "$dest/usr/local/$f" ] || { echo "missing after install: $f"; exit 1; }
done
cat >"$dest/prog.c" <<'C'
#include <truce.h>
int main(int argc, char **argv) {
    truce_agreement *a = NULL;
    if (argc < 2 || truce_agreement_load(argv[1], NULL, &a) != 0) return 2;
    int errors = truce_agreement_check(a, NULL);
    truce_agreement_free(a);
    return errors == 0 ? 0 : 1;
}
C
export PKG_CONFIG_PATH="$dest/usr/local/lib/pkgconfig"
# the .pc file names the final prefix; point the compiler at the staged copy
flags=$(pkg-config --define-variable=prefix="$dest/usr/local" --cflags --libs truce)
cc "${cflags[@]}" -o "$dest/prog" "$dest/prog.c" $flags
export LD_LIBRARY_PATH="$dest/usr/local/lib"
"$dest/prog" examples/gaza-2024-bridging/agreement.yaml
"$dest/usr/local/bin/truce" --version | grep -q '^truce '
echo "installed and linked against the installed library"
