/* test_ingest.c: truce_ingest into an in-memory store: idempotence (twice = all unchanged), a
 * newer ACLED timestamp replacing the stored event, deletion lists, rejected rows counted while
 * good rows go in, unmatched actor names listed, store_reports_each reading them back, tracks
 * (kept in positions) in one time order with events, and schema-2 and schema-3 stores upgrading. Not
 * the readers' own checks (test_reports.c) nor the crash test (tests/scripts/ingest_crash.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/reports_store.h"
#include "store/store.h"
#include "truce.h"

static const char agreement_yaml[] =
    "truce: 1\n"
    "id: test-agreement\n"
    "title: Test (synthetic)\n"
    "synthetic: unit test\n"
    "parties:\n"
    "  - {id: israel, name: Israel, aliases: [Military Forces of Israel]}\n"
    "  - {id: hamas, name: Hamas, aliases: [Hamas Movement]}\n"
    "phases:\n"
    "  - {id: phase-1, title: One, days: 42}\n"
    "obligations:\n"
    "  - {id: release-hostages, kind: release, party: hamas, phase: phase-1, persons: hostages}\n";

static const char acled_header[] =
    "event_id_cnty,event_date,time_precision,event_type,actor1,inter1,actor2,inter2,interaction,latitude,longitude,"
    "geo_precision,fatalities,notes,timestamp\n";

typedef struct fixture {
    truce_store *s;
    truce_agreement *a;
    char paths[8][64];
    int npaths;
    int errors;
    char first_error[512];
} fixture;

static void on_diag(const truce_diag *d, void *user)
{
    fixture *f = user;
    if (d->severity != TRUCE_ERROR) return;
    if (!f->errors++) snprintf(f->first_error, sizeof f->first_error, "%d:%d: %s", d->line, d->col, d->message);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(truce_store_open(":memory:", &f->s), 0);
    assert_int_equal(truce_agreement_load_buffer("a.yaml", agreement_yaml, strlen(agreement_yaml), NULL, NULL, &f->a),
                     0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < f->npaths; i++) unlink(f->paths[i]);
    truce_store_close(f->s);
    truce_agreement_free(f->a);
    free(f);
    return 0;
}

/* A temporary file with the given suffix and content; its path lives in f. */
static const char *file_with(fixture *f, const char *suffix, const char *content)
{
    assert_true(f->npaths < 8);
    char *p = f->paths[f->npaths++];
    snprintf(p, 64, "/tmp/truce-ingest-XXXXXX%s", suffix);
    int fd = mkstemps(p, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    return p;
}

static int ingest(fixture *f, const char *path, truce_ingest_summary *s)
{
    truce_ingest_options o;
    memset(&o, 0, sizeof o);
    o.on_diag = on_diag;
    o.user = f;
    o.batch_rows = 2; /* several batches even in a small file */
    f->errors = 0;
    return truce_ingest(f->s, f->a, path, &o, s);
}

static long count(fixture *f)
{
    long n;
    assert_int_equal(store_report_count(f->s, &n), 0);
    return n;
}

static long long query_int(fixture *f, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(f->s->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static const char acled_rows[] =
    "SYN1,2025-01-20,1,Battles,Military Forces of Israel,1,Hamas Movement,2,12,31.50,34.45,1,0,SYNTHETIC,1737500000\n"
    "SYN2,2025-01-21,1,Battles,Hamas,2,,,20,31.40,34.40,1,1,SYNTHETIC,1737500000\n"
    "SYN3,2025-01-22,1,Battles,Unknown Gunmen,3,Hamas,2,23,31.30,34.30,2,0,SYNTHETIC,1737500000\n";

static void test_twice_is_unchanged(void **state)
{
    fixture *f = *state;
    char text[2048];
    snprintf(text, sizeof text, "%s%s", acled_header, acled_rows);
    const char *p = file_with(f, ".csv", text);
    truce_ingest_summary s;
    assert_int_equal(ingest(f, p, &s), 0);
    assert_int_equal(s.format, TRUCE_REPORTS_ACLED);
    assert_int_equal(s.read, 3);
    assert_int_equal(s.added, 3);
    assert_int_equal(s.unchanged + s.updated + s.deleted + s.rejected, 0);
    assert_int_equal(s.batches, 2);
    truce_ingest_summary_free(&s);
    assert_int_equal(ingest(f, p, &s), 0);
    assert_int_equal(s.read, 3);
    assert_int_equal(s.unchanged, 3);
    assert_int_equal(s.added + s.updated + s.deleted + s.rejected, 0);
    truce_ingest_summary_free(&s);
    assert_int_equal(count(f), 3);
    /* matched parties kept with the row; every batch marked committed */
    assert_int_equal(query_int(f, "SELECT count(*) FROM reports WHERE party1_id = 'israel' AND party2_id = 'hamas'"),
                     1);
    assert_int_equal(query_int(f, "SELECT count(*) FROM ingest_batches WHERE committed IS NULL"), 0);
}

static int collect_ids(const report *r, void *user)
{
    char *out = user;
    strcat(out, r->source_id);
    strcat(out, r->at.src && r->at.src->name && strstr(r->at.src->name, "truce-ingest-") ? "+" : "?");
    strcat(out, " ");
    return 0;
}

static void test_newer_timestamp_replaces(void **state)
{
    fixture *f = *state;
    char text[2048];
    snprintf(text, sizeof text, "%s%s", acled_header, acled_rows);
    truce_ingest_summary s;
    assert_int_equal(ingest(f, file_with(f, ".csv", text), &s), 0);
    truce_ingest_summary_free(&s);
    /* SYN1 revised (newer timestamp, 5 fatalities); SYN2 "revised" with an older timestamp */
    snprintf(text, sizeof text, "%s%s", acled_header,
             "SYN1,2025-01-20,1,Battles,Military Forces of Israel,1,Hamas Movement,2,12,31.50,34.45,1,5,SYNTHETIC,"
             "1737600000\n"
             "SYN2,2025-01-21,1,Battles,Hamas,2,,,20,31.40,34.40,1,9,SYNTHETIC,1737400000\n"
             "SYN3,2025-01-22,1,Battles,Unknown Gunmen,3,Hamas,2,23,31.30,34.30,2,0,SYNTHETIC,1737500000\n");
    assert_int_equal(ingest(f, file_with(f, ".csv", text), &s), 0);
    assert_int_equal(s.updated, 1);
    assert_int_equal(s.unchanged, 2);
    assert_int_equal(s.added, 0);
    truce_ingest_summary_free(&s);
    assert_int_equal(count(f), 3);
    assert_int_equal(query_int(f, "SELECT fatalities FROM reports WHERE source_id = 'SYN1'"), 5);
    assert_int_equal(query_int(f, "SELECT fatalities FROM reports WHERE source_id = 'SYN2'"), 1);
    char ids[256] = "";
    assert_int_equal(store_reports_each(f->s, collect_ids, ids), 0);
    assert_string_equal(ids, "SYN1+ SYN2+ SYN3+ ");
}

static void test_deletion_removes(void **state)
{
    fixture *f = *state;
    char text[2048];
    snprintf(text, sizeof text, "%s%s", acled_header, acled_rows);
    const char *events = file_with(f, ".csv", text);
    truce_ingest_summary s;
    assert_int_equal(ingest(f, events, &s), 0);
    truce_ingest_summary_free(&s);
    const char *del = file_with(f, ".csv", "event_id_cnty,deleted_timestamp\nSYN2,1737550000\nNOPE9,1737550000\n");
    assert_int_equal(ingest(f, del, &s), 0);
    assert_int_equal(s.format, TRUCE_REPORTS_ACLED_DELETIONS);
    assert_int_equal(s.read, 2);
    assert_int_equal(s.deleted, 1);
    assert_int_equal(s.unchanged, 1);
    truce_ingest_summary_free(&s);
    assert_int_equal(count(f), 2);
    /* the old export again: the deleted event stays out */
    assert_int_equal(ingest(f, events, &s), 0);
    assert_int_equal(s.added, 0);
    assert_int_equal(s.unchanged, 3);
    truce_ingest_summary_free(&s);
    assert_int_equal(count(f), 2);
    assert_int_equal(query_int(f, "SELECT count(*) FROM reports WHERE source_id = 'SYN2'"), 0);
}

static void test_rejected_rows_counted(void **state)
{
    fixture *f = *state;
    const char *p = file_with(f, ".csv",
                              "unit,party,time,lon,lat\n"
                              "u1,israel,2025-01-20T06:00:00Z,34.40,31.50\n"
                              "u1,israel,2025-01-20T07:00:00Z,34.40,95.00\n" /* latitude out of range */
                              "u2,israel,not a time,34.41,31.51\n"
                              "u2,Mystery Force,2025-01-20T08:00:00Z,34.42,31.52\n");
    truce_ingest_summary s;
    assert_int_equal(ingest(f, p, &s), 0);
    assert_int_equal(s.format, TRUCE_REPORTS_TRACK);
    assert_int_equal(s.read, 4);
    assert_int_equal(s.rejected, 2);
    assert_int_equal(s.added, 2);
    assert_int_equal(f->errors, 2);
    assert_true(strncmp(f->first_error, "3:", 2) == 0);
    truce_ingest_summary_free(&s);
    assert_int_equal(count(f), 2);
    assert_int_equal(query_int(f, "SELECT sum(rejected) FROM ingest_batches"), 2);
}

static void test_unmatched_actors_listed(void **state)
{
    fixture *f = *state;
    char text[2048];
    snprintf(text, sizeof text, "%s%s%s", acled_header, acled_rows,
             "SYN4,2025-01-23,1,Battles,Unknown Gunmen,3,,,30,31.30,34.30,2,0,SYNTHETIC,1737500000\n");
    truce_ingest_summary s;
    assert_int_equal(ingest(f, file_with(f, ".csv", text), &s), 0);
    assert_int_equal(s.nunmatched, 1);
    assert_string_equal(s.unmatched[0].name, "Unknown Gunmen");
    assert_int_equal(s.unmatched[0].count, 2);
    truce_ingest_summary_free(&s);
    assert_null(s.unmatched);
    assert_int_equal(query_int(f, "SELECT count FROM unmatched_actors WHERE name = 'Unknown Gunmen'"), 2);
    /* a deletion takes its names' counts down with it */
    assert_int_equal(ingest(f, file_with(f, ".csv", "event_id_cnty,timestamp\nSYN4,1737600000\n"), &s), 0);
    assert_int_equal(s.deleted, 1);
    truce_ingest_summary_free(&s);
    assert_int_equal(query_int(f, "SELECT count FROM unmatched_actors WHERE name = 'Unknown Gunmen'"), 1);
}

static void test_unknown_file(void **state)
{
    fixture *f = *state;
    truce_ingest_summary s;
    assert_int_equal(ingest(f, file_with(f, ".csv", "foo,bar\n1,2\n"), &s), TRUCE_ESYNTAX);
    assert_int_equal(f->errors, 1);
    truce_ingest_summary_free(&s);
    assert_int_equal(truce_ingest(f->s, f->a, "/nonexistent/x.csv", NULL, &s), TRUCE_EIO);
    truce_ingest_summary_free(&s);
    assert_int_equal(truce_ingest(NULL, f->a, "x.csv", NULL, &s), TRUCE_EARG);
}

/* Appends each report's source_id and time to the buffer. */
static int collect_keys(const report *r, void *user)
{
    char *buf = user;
    size_t l = strlen(buf);
    snprintf(buf + l, 1024 - l, "%s/%lld ", r->source_id, (long long)r->time.at);
    return 0;
}

static const char tracks_csv[] = "unit,party,time,lon,lat,accuracy,id\n"
                                 "u1,israel,2025-01-22T00:00:00Z,34.40,31.50,,\n"
                                 "u2,Mystery Force,2025-01-20T00:00:00Z,34.41,31.51,,\n"
                                 ",hamas,2025-01-22T00:00:00Z,34.42,31.52,10,\n"
                                 "u3,israel,2025-01-21T00:00:00Z,34.43,31.53,,obs-7\n";

/* Tracks (positions) and events (reports) read back in one time order; a changed track replaces
 * the stored one, the rest are unchanged. */
static void test_tracks_beside_events(void **state)
{
    fixture *f = *state;
    char text[2048];
    snprintf(text, sizeof text, "%s%s", acled_header, acled_rows);
    truce_ingest_summary s;
    assert_int_equal(ingest(f, file_with(f, ".csv", text), &s), 0);
    truce_ingest_summary_free(&s);
    const char *tp = file_with(f, ".csv", tracks_csv);
    assert_int_equal(ingest(f, tp, &s), 0);
    assert_int_equal(s.added, 4);
    truce_ingest_summary_free(&s);
    assert_int_equal(count(f), 7);
    assert_int_equal(query_int(f, "SELECT count(*) FROM positions"), 4);
    assert_int_equal(query_int(f, "SELECT count FROM unmatched_actors WHERE name = 'Mystery Force'"), 1);
    char keys[1024] = "";
    assert_int_equal(store_reports_each(f->s, collect_keys, keys), 0);
    /* ties of time in the order of arrival: the events came first */
    assert_string_equal(keys, "SYN1/1737331200 u2@1737331200/1737331200 SYN2/1737417600 obs-7/1737417600 "
                              "SYN3/1737504000 u1@1737504000/1737504000 hamas@1737504000/1737504000 ");
    assert_int_equal(ingest(f, tp, &s), 0);
    assert_int_equal(s.unchanged, 4);
    assert_int_equal(s.added + s.updated, 0);
    truce_ingest_summary_free(&s);
    assert_int_equal(ingest(f, file_with(f, ".csv",
                                         "unit,party,time,lon,lat,accuracy,id\n"
                                         "u2,israel,2025-01-20T00:00:00Z,34.41,31.51,,\n"
                                         "u3,israel,2025-01-21T00:00:00Z,34.43,31.60,,obs-7\n"),
                            &s),
                     0);
    assert_int_equal(s.updated, 2);
    truce_ingest_summary_free(&s);
    assert_int_equal(count(f), 7);
    assert_int_equal(query_int(f, "SELECT count(*) FROM unmatched_actors WHERE name = 'Mystery Force'"), 0);
    char again[1024] = "";
    assert_int_equal(store_reports_each(f->s, collect_keys, again), 0);
    assert_string_equal(again, keys); /* replaced in place: the same order */
}

/* An old store: a file store that ingests tracks_csv, records the keys as they read back, is
 * taken back to an earlier schema by downgrade (SQL) and reopened, which upgrades it. db gets
 * the file's name (remove_store deletes it), keys what store_reports_each read before. */
static const char *old_store(fixture *f, const char *downgrade, char db[64], char keys[1024])
{
    snprintf(db, 64, "/tmp/truce-upgrade-XXXXXX");
    int fd = mkstemp(db);
    assert_true(fd >= 0);
    close(fd);
    truce_store_close(f->s);
    assert_int_equal(truce_store_open(db, &f->s), 0);
    const char *tp = file_with(f, ".csv", tracks_csv);
    truce_ingest_summary s;
    assert_int_equal(ingest(f, tp, &s), 0);
    truce_ingest_summary_free(&s);
    keys[0] = 0;
    assert_int_equal(store_reports_each(f->s, collect_keys, keys), 0);
    assert_int_equal(sqlite3_exec(f->s->db, downgrade, NULL, NULL, NULL), SQLITE_OK);
    truce_store_close(f->s);
    f->s = NULL;
    assert_int_equal(truce_store_open(db, &f->s), 0);
    return tp;
}

/* After the upgrade: the tracks are all in positions, read back the same, and the same file
 * ingested again is all unchanged. */
static void check_upgraded(fixture *f, const char *tp, const char *keys)
{
    assert_int_equal(query_int(f, "SELECT count(*) FROM positions"), 4);
    assert_int_equal(query_int(f, "SELECT count(*) FROM reports"), 0);
    char after[1024] = "";
    assert_int_equal(store_reports_each(f->s, collect_keys, after), 0);
    assert_string_equal(after, keys);
    truce_ingest_summary s;
    assert_int_equal(ingest(f, tp, &s), 0);
    assert_int_equal(s.unchanged, 4);
    assert_int_equal(s.added + s.updated, 0);
    truce_ingest_summary_free(&s);
}

static void remove_store(fixture *f, const char *db)
{
    truce_store_close(f->s);
    f->s = NULL;
    unlink(db);
    char side[80];
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
}

/* Takes a store back to schema 2: tracks in reports. */
static const char to_schema_2[] =
    "INSERT INTO reports (id, kind, source_id, time_prec, at, day_from, day_until, lon, "
    "lat, loc_prec, radius_m, time_code, party1_id, unit, party, modified, digest, line, "
    "col, batch, crossing_state, basis) SELECT seq, 'track', coalesce(sid, "
    "coalesce(unit, party, '') || '@' || at), 0, at, at / 86400, at / 86400, lon, "
    "lat, 0, coalesce(radius_m, 0.0), 0, party1_id, unit, party, 0, 12345, line, "
    "col, batch, 0, 0 FROM positions;"
    "DROP TABLE positions; DROP TABLE report_seq; UPDATE schema_version SET version = 2;";

/* A store of schema 2 (tracks in reports, as the previous version kept them) upgrades: its tracks
 * move to positions. The old store is made by moving an ingest's positions back into reports. */
static void test_upgrade_from_schema_2(void **state)
{
    fixture *f = *state;
    char db[64], keys[1024];
    const char *tp = old_store(f, to_schema_2, db, keys);
    check_upgraded(f, tp, keys);
    remove_store(f, db);
}

/* Takes a store back to schema 3: positions with every column a track had, and a digest. */
static const char to_schema_3[] =
    "CREATE TABLE p3 (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, sid TEXT, unit TEXT, party TEXT, "
    "party1_id TEXT, time_prec INTEGER NOT NULL, at INTEGER NOT NULL, day_from INTEGER NOT NULL, "
    "day_until INTEGER NOT NULL, lon REAL, lat REAL, loc_prec INTEGER NOT NULL DEFAULT 0, radius_m "
    "REAL, time_code INTEGER NOT NULL DEFAULT 0, modified INTEGER NOT NULL DEFAULT 0, digest "
    "INTEGER NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL, batch INTEGER NOT NULL);"
    "INSERT INTO p3 SELECT id, seq, sid, unit, party, party1_id, 0, at, at / 86400, at / 86400, lon, "
    "lat, 0, coalesce(radius_m, 0.0), 0, 0, truce_track_digest(0, at, at / 86400, at / 86400, lon, "
    "lat, 0, coalesce(radius_m, 0.0), 0, unit, party, 0), line, col, batch FROM positions;"
    "DROP TABLE positions; ALTER TABLE p3 RENAME TO positions;"
    "UPDATE schema_version SET version = 3;";

/* A store of schema 3 (positions with every column a track had, and a digest) upgrades to the
 * narrow positions of schema 4, and a changed row is still told. The old store is made by
 * rebuilding positions as schema 3 had it. */
static void test_upgrade_from_schema_3(void **state)
{
    fixture *f = *state;
    char db[64], keys[1024];
    const char *tp = old_store(f, to_schema_3, db, keys);
    check_upgraded(f, tp, keys);
    assert_int_equal(query_int(f, "SELECT count(*) FROM pragma_table_info('positions') WHERE name = 'digest'"), 0);
    /* an accuracy given where there was none, and a moved unit: both changed */
    truce_ingest_summary s;
    assert_int_equal(ingest(f, file_with(f, ".csv",
                                         "unit,party,time,lon,lat,accuracy,id\n"
                                         "u1,israel,2025-01-22T00:00:00Z,34.40,31.50,25,\n"
                                         "u2,Mystery Force,2025-01-20T00:00:00Z,34.41,31.52,,\n"),
                            &s),
                     0);
    assert_int_equal(s.updated, 2);
    truce_ingest_summary_free(&s);
    remove_store(f, db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_twice_is_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_timestamp_replaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deletion_removes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rejected_rows_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unmatched_actors_listed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tracks_beside_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upgrade_from_schema_2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upgrade_from_schema_3, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
