#!/usr/bin/env bash
# mediate_version.sh: every solution of the example space written as an agreement version
# (truce mediate --write-version) passes `truce check`, and differs from the agreement only by
# the comment line on top and one `agreed:` line per open obligation.
set -eu
TRUCE=${TRUCE:-build/truce}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ex=examples/gaza-2024-bridging
cp -r "$ex/zones" "$dir/zones"
for sol in nash ks welfare concession; do
  "$TRUCE" mediate "$ex/space.yaml" --write-version "$sol" -o "$dir/$sol.yaml"
  "$TRUCE" check -q "$dir/$sol.yaml"
  head -1 "$dir/$sol.yaml" | grep -q '^# PROPOSAL FOR DISCUSSION'
  [ "$(grep -c '^    agreed: ' "$dir/$sol.yaml")" = 2 ]
  tail -n +2 "$dir/$sol.yaml" | grep -v '^    agreed: ' | cmp - "$ex/agreement.yaml"
done
# a space with no acceptable outcome has no Nash solution to write, and writes no file
if "$TRUCE" mediate tests/mediate/deadlock.yaml --write-version nash -o "$dir/none.yaml" 2>/dev/null; then exit 1; fi
[ ! -e "$dir/none.yaml" ]
"$TRUCE" mediate tests/mediate/deadlock.yaml --write-version concession -o "$dir/deadlock.yaml"
cp -r "$ex/zones" "$dir/zones" 2>/dev/null || true
"$TRUCE" check -q "$dir/deadlock.yaml"
