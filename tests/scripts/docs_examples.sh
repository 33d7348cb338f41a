#!/usr/bin/env bash
# docs_examples.sh: the docs stay true. Every ```yaml block of docs/format.md that is a whole
# agreement (it starts with 'truce: 1') must pass `truce check`.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp" '
  /^```yaml$/ { inblock = 1; n++; file = sprintf("%s/block%02d.yaml", dir, n); next }
  /^```$/ { inblock = 0; next }
  inblock { print > file }
' docs/format.md
checked=0
for f in "$tmp"/block*.yaml; do
  head -1 "$f" | grep -q '^truce: 1$' || continue
  if ! "$TRUCE" check -q "$f"; then echo "a docs example fails: $(head -3 "$f" | tr '\n' ' ')"; exit 1; fi
  checked=$((checked + 1))
done
[ "$checked" -ge 1 ] || { echo "no whole-agreement examples found in docs/format.md"; exit 1; }
echo "$checked examples checked"
