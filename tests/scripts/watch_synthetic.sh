#!/usr/bin/env bash
# watch_synthetic.sh: `truce watch` fed the synthetic JSON Lines of tests/judge/ from a file must
# write exactly tests/judge/watch_synthetic.expected (verdict changes on stdout, one JSON error
# line per bad line on stderr, stdout first), exit 1 (the file has bad lines; a feed of good lines
# exits 0), and every stdout line must be JSON.
set -eu
cd "$(dirname "$0")/../.."
TRUCE=${TRUCE:-build/truce}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
"$TRUCE" watch tests/judge/agreement_synthetic.yaml <tests/judge/watch_synthetic.jsonl >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" = 1 ] || { echo "watch exited $status on a feed with bad lines, not 1" >&2; exit 1; }
head -1 tests/judge/watch_synthetic.jsonl | "$TRUCE" watch tests/judge/agreement_synthetic.yaml >/dev/null 2>"$tmp/err1" ||
    { echo "watch exited $? on one good line, not 0" >&2; cat "$tmp/err1" >&2; exit 1; }
[ ! -s "$tmp/err1" ] || { echo "watch wrote to stderr for a good line:" >&2; cat "$tmp/err1" >&2; exit 1; }
cat "$tmp/out" "$tmp/err" >"$tmp/all"
if [ "${UPDATE:-0}" = 1 ]; then cp "$tmp/all" tests/judge/watch_synthetic.expected; fi
diff -u tests/judge/watch_synthetic.expected "$tmp/all"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/out"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/err"
