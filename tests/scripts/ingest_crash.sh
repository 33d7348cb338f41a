#!/usr/bin/env bash
# ingest_crash.sh: kills `truce ingest` for real (SIGKILL) part way through a large synthetic track
# file, then checks the store: intact (integrity_check), every batch recorded as committed holds
# all its rows and no row belongs to an uncommitted batch; then ingests again and checks the
# file went in exactly once. Not a test of the readers. Needs the sqlite3 shell.
set -eu
TRUCE=${TRUCE:-build/truce}
ROWS=${ROWS:-600000}
BATCH=${BATCH:-20000}
command -v sqlite3 >/dev/null || { echo "sqlite3 shell not installed (scripts/deps.sh)"; exit 1; }
dir=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
db=$dir/truce.db
agreement=examples/gaza-2024-bridging/agreement.yaml

# SYNTHETIC positions: 100 units, one row a minute each, all distinct (unit, time)
awk -v n="$ROWS" 'BEGIN {
  print "unit,party,time,lon,lat"
  for (i = 0; i < n; i++) {
    m = int(i / 100); d = 1 + int(m / 1440); h = int(m % 1440 / 60); mi = m % 60
    printf "synthetic-%d,israel,2025-01-%02dT%02d:%02d:00Z,%.5f,%.5f\n", i % 100, d, h, mi, 34.3 + (i % 997) / 5000, 31.3 + (i % 991) / 5000
  }
}' > "$dir/synthetic-tracks.csv"

q() { sqlite3 "$db" "$1"; }
# the stored rows: tracks live in positions (schema 3), any other report (or a track whose key
# hash collided) in reports
rows="(SELECT batch FROM reports UNION ALL SELECT batch FROM positions)"
committed() { q "SELECT count(*) FROM ingest_batches WHERE committed IS NOT NULL" 2>/dev/null || echo 0; }

"$TRUCE" ingest --db "$db" --batch "$BATCH" "$agreement" "$dir/synthetic-tracks.csv" >"$dir/first.out" 2>&1 &
pid=$!
total_batches=$(( (ROWS + BATCH - 1) / BATCH ))
want=$(( total_batches / 4 > 2 ? total_batches / 4 : 2 ))
for _ in $(seq 1 600); do
  [ "$(committed)" -ge "$want" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=""
done_batches=$(committed)
echo "killed after $done_batches of $total_batches batches had committed"
[ "$done_batches" -ge 1 ] || { echo "FAIL: no batch committed before the kill"; cat "$dir/first.out"; exit 1; }
[ "$done_batches" -lt "$total_batches" ] || { echo "FAIL: the ingest finished before the kill; make ROWS larger"; exit 1; }

check_consistent() {
  [ "$(q 'PRAGMA integrity_check')" = ok ] || { echo "FAIL: integrity_check"; exit 1; }
  bad=$(q "WITH c AS (SELECT batch, count(*) AS n FROM $rows GROUP BY batch)
           SELECT count(*) FROM ingest_batches b LEFT JOIN c ON c.batch = b.id
           WHERE b.committed IS NOT NULL AND b.added + b.updated != coalesce(c.n, 0)")
  [ "$bad" = 0 ] || { echo "FAIL: $bad committed batches are missing rows"; exit 1; }
  orphans=$(q "SELECT count(*) FROM $rows WHERE batch NOT IN (SELECT id FROM ingest_batches WHERE committed IS NOT NULL)")
  [ "$orphans" = 0 ] || { echo "FAIL: $orphans rows of batches that never committed"; exit 1; }
}
check_consistent
rows_after_kill=$(q "SELECT count(*) FROM $rows")
want_rows=$(( done_batches * BATCH ))
[ "$rows_after_kill" = "$want_rows" ] || { echo "FAIL: $rows_after_kill rows after the kill, $done_batches batches say $want_rows"; exit 1; }
echo "after the kill: $rows_after_kill rows, consistent"

"$TRUCE" ingest --db "$db" --batch "$BATCH" "$agreement" "$dir/synthetic-tracks.csv" >"$dir/second.out" 2>&1 || {
  echo "FAIL: the second ingest failed"; cat "$dir/second.out"; exit 1; }
cat "$dir/second.out"
grep -q "$ROWS read, $(( ROWS - rows_after_kill )) new, 0 updated, $rows_after_kill unchanged" "$dir/second.out" || {
  echo "FAIL: the second ingest's counts"; exit 1; }
check_consistent
final=$(q "SELECT count(*) FROM $rows")
# each key once: a position's key is its sid, else "unit@time"
distinct=$(q "SELECT count(*) FROM (SELECT coalesce(sid, coalesce(unit, party, '') || '@' || at) FROM positions
              UNION SELECT source_id FROM reports WHERE kind = 'track')")
[ "$final" = "$ROWS" ] && [ "$distinct" = "$ROWS" ] || { echo "FAIL: $final rows ($distinct distinct), want $ROWS"; exit 1; }
echo "ok: $final rows, each once"
