#!/usr/bin/env bash
# watch_synthetic.sh: `truce watch` fed the synthetic JSON Lines of tests/judge/ from a file must
# write exactly tests/judge/watch_synthetic.expected (verdict changes on stdout, one JSON error
# line per bad line on stderr, stdout first), exit 0, and every stdout line must be JSON.
set -eu
cd "$(dirname "$0")/../.."
TRUCE=${TRUCE:-build/truce}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$TRUCE" watch tests/judge/agreement_synthetic.yaml <tests/judge/watch_synthetic.jsonl >"$tmp/out" 2>"$tmp/err"
cat "$tmp/out" "$tmp/err" >"$tmp/all"
if [ "${UPDATE:-0}" = 1 ]; then cp "$tmp/all" tests/judge/watch_synthetic.expected; fi
diff -u tests/judge/watch_synthetic.expected "$tmp/all"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/out"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/err"
