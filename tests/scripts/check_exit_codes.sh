#!/usr/bin/env bash
# check_exit_codes.sh: `truce check` exits 0 for a clean file, 1 for a file with errors, 2 on
# wrong usage and 3 when the file cannot be read; several files at once keep the worst status.
set -u
E=examples/gaza-2024-bridging/agreement.yaml
expect() { # status command...
  local want=$1; shift
  "$@" >/dev/null 2>&1
  local got=$?
  [ "$got" = "$want" ] || { echo "expected exit $want, got $got: $*"; exit 1; }
}
expect 0 "$TRUCE" check "$E"
expect 1 "$TRUCE" check tests/bad/unknown_ids.yaml
expect 1 "$TRUCE" check "$E" tests/bad/unknown_ids.yaml
expect 2 "$TRUCE" check
expect 2 "$TRUCE" check --bogus "$E"
expect 3 "$TRUCE" check /nonexistent/agreement.yaml
expect 3 "$TRUCE" check tests/bad/unknown_ids.yaml /nonexistent/agreement.yaml
expect 0 "$TRUCE" --help
expect 2 "$TRUCE"
for cmd in check timeline map show; do expect 0 "$TRUCE" "$cmd" --help; done
# a view of a file with errors writes nothing to stdout
out=$("$TRUCE" show tests/bad/unknown_ids.yaml 2>/dev/null)
[ -z "$out" ] || { echo "show wrote output for a file with errors"; exit 1; }
# -o writes the file; a folder that does not exist is exit 3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
expect 0 "$TRUCE" show "$E" -o "$tmp/a.txt"
[ -s "$tmp/a.txt" ] || { echo "-o wrote nothing"; exit 1; }
expect 3 "$TRUCE" show "$E" -o "$tmp/no/such/dir/a.txt"
echo ok
