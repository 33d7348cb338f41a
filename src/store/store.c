/* store.c: opening a truce store (an SQLite database file), its schema and migrations, and
 * transactions. The schema version lives in schema_version; each migration runs once, all of
 * them in one transaction. What the ledger does with its tables is in ledger.c, not here. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

/* Migration n brings the schema from version n to n + 1. Append only: never edit a shipped one. */
static const char *const migrations[] = {
    /* 0 -> 1: the ledger. Lists (tabled_by, reservations) are ids joined by newlines. The
     * triggers keep honest mistakes out; verify catches whoever drops them. */
    "CREATE TABLE ledger_entry ("
    "  seq INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('proposal', 'response', 'statement')),"
    "  date TEXT NOT NULL,"
    "  source TEXT NOT NULL DEFAULT '',"
    "  url TEXT NOT NULL DEFAULT '',"
    "  note TEXT NOT NULL DEFAULT '',"
    "  version TEXT NOT NULL DEFAULT '',"
    "  party TEXT NOT NULL DEFAULT '',"
    "  agreement_id TEXT NOT NULL DEFAULT '',"
    "  tabled_by TEXT NOT NULL DEFAULT '',"
    "  place TEXT NOT NULL DEFAULT '',"
    "  parent TEXT NOT NULL DEFAULT '',"
    "  file_name TEXT NOT NULL DEFAULT '',"
    "  file_data BLOB,"
    "  response TEXT NOT NULL DEFAULT '',"
    "  reservations TEXT NOT NULL DEFAULT '',"
    "  counter TEXT NOT NULL DEFAULT '',"
    "  text TEXT NOT NULL DEFAULT '',"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL"
    ");"
    "CREATE INDEX ledger_entry_version ON ledger_entry (kind, version);"
    "CREATE TABLE ledger_head ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  count INTEGER NOT NULL,"
    "  hash TEXT NOT NULL"
    ");"
    "INSERT INTO ledger_head (id, count, hash) VALUES (1, 0, '" LEDGER_ZERO_HASH "');"
    "CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry "
    "  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
    "CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry "
    "  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;",
    /* 1 -> 2: field reports (src/store/ingest.c). One row per report, keyed by (kind,
     * source_id); every field of a report record; `modified` is ACLED's timestamp (a newer one
     * replaces the row), digest a hash of the fields (a changed report without a timestamp
     * replaces the row); party1_id/party2_id the agreement parties actor1 (or party) and
     * actor2 matched, NULL when none did. The file a row came from is its batch's. Counts
     * NULL where the report gives none; lon/lat NULL where it has no location. */
    "CREATE TABLE ingest_batches ("
    "  id INTEGER PRIMARY KEY,"
    "  file TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  started TEXT NOT NULL,"
    "  committed TEXT,"               /* NULL: the batch never committed (a killed ingest) */
    "  first_line INTEGER, last_line INTEGER,"
    "  rows INTEGER NOT NULL DEFAULT 0,"
    "  added INTEGER NOT NULL DEFAULT 0,"
    "  updated INTEGER NOT NULL DEFAULT 0,"
    "  unchanged INTEGER NOT NULL DEFAULT 0,"
    "  deleted INTEGER NOT NULL DEFAULT 0,"
    "  rejected INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE reports ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  source_id TEXT NOT NULL,"
    "  time_prec INTEGER NOT NULL, at INTEGER NOT NULL, day_from INTEGER NOT NULL, day_until INTEGER NOT NULL,"
    "  lon REAL, lat REAL, loc_prec INTEGER NOT NULL DEFAULT 0, radius_m REAL,"
    "  time_code INTEGER NOT NULL DEFAULT 0,"
    "  actor1 TEXT, actor2 TEXT, assoc1 TEXT, assoc2 TEXT,"
    "  inter1 INTEGER, inter2 INTEGER, inter_a INTEGER, inter_b INTEGER,"
    "  party1_id TEXT, party2_id TEXT,"
    "  unit TEXT, party TEXT, event_type TEXT, sub_event_type TEXT,"
    "  fatalities INTEGER, fatalities_low INTEGER, fatalities_high INTEGER,"
    "  persons INTEGER, trucks INTEGER, fuel_trucks INTEGER,"
    "  category TEXT, obligation TEXT, crossing TEXT, crossing_state INTEGER, zone TEXT, basis INTEGER,"
    "  parties TEXT,"                 /* talks: party names joined by newlines */
    "  place TEXT, country TEXT, notes TEXT, source TEXT,"
    "  modified INTEGER NOT NULL DEFAULT 0,"
    "  digest INTEGER NOT NULL,"
    "  line INTEGER NOT NULL, col INTEGER NOT NULL,"
    "  batch INTEGER NOT NULL,"      /* ingest_batches.id; not a declared foreign key: checking it
                                      * would cost a lookup a row on ingest */
    "  UNIQUE (kind, source_id)"
    ");"
    /* ACLED's deleted events: an event is kept out unless a version newer than its deletion comes */
    "CREATE TABLE reports_deleted ("
    "  kind TEXT NOT NULL, source_id TEXT NOT NULL, deleted INTEGER NOT NULL,"
    "  PRIMARY KEY (kind, source_id)"
    ") WITHOUT ROWID;"
    /* actor names of stored reports that matched no party, with how many reports name them */
    "CREATE TABLE unmatched_actors (name TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;",
    /* 2 -> 3: position tracks (the bulk of reports, by the million) move to a narrow table of
     * their own: only the fields a track has, under id = truce_position_id(key, ...), a 64-bit
     * number from the text key reports used ("unit@time", or the reader's id), as the INTEGER
     * PRIMARY KEY: one B-tree with integer keys instead of a table and a text (kind, source_id)
     * index. For a "unit@time" key its high half is the time (in 256 s steps), so rows arriving in
     * time order go in near the end of the tree (store_position_id). sid holds the key only when it is not
     * "unit@time" (store_track_key rebuilds that one). A track whose hash is taken by another
     * key (ingest.c checks each conflict) stays in reports, under its text key. seq, like
     * reports.id, is drawn from report_seq: one order of arrival over both tables, which breaks
     * ties of time in store_reports_each as reports.id alone did. Existing track rows move over
     * with their id as seq, and
     * their digest made again the way positions' is (truce_track_digest, over a track's fields) (the first of two colliding keys wins, the other stays in reports). */
    "CREATE TABLE positions ("
    "  id INTEGER PRIMARY KEY,"      /* truce_key_hash(key) */
    "  seq INTEGER NOT NULL,"
    "  sid TEXT,"
    "  unit TEXT, party TEXT, party1_id TEXT,"
    "  time_prec INTEGER NOT NULL, at INTEGER NOT NULL, day_from INTEGER NOT NULL, day_until INTEGER NOT NULL,"
    "  lon REAL, lat REAL, loc_prec INTEGER NOT NULL DEFAULT 0, radius_m REAL,"
    "  time_code INTEGER NOT NULL DEFAULT 0,"
    "  modified INTEGER NOT NULL DEFAULT 0,"
    "  digest INTEGER NOT NULL,"
    "  line INTEGER NOT NULL, col INTEGER NOT NULL,"
    "  batch INTEGER NOT NULL"
    ");"
    "CREATE TABLE report_seq (next INTEGER NOT NULL);"
    "INSERT INTO report_seq (next) SELECT coalesce(max(id), 0) + 1 FROM reports;"
    "INSERT OR IGNORE INTO positions (seq, id, sid, unit, party, party1_id, time_prec, at, day_from, day_until,"
    "  lon, lat, loc_prec, radius_m, time_code, modified, digest, line, col, batch)"
    "  SELECT id, truce_position_id(source_id, sid IS NULL, at), sid, unit, party, party1_id, time_prec, at,"
    "    day_from, day_until, lon, lat, loc_prec, radius_m, time_code,"
    "    modified, truce_track_digest(time_prec, at, day_from, day_until, lon, lat, loc_prec, radius_m,"
    "      time_code, unit, party, modified), line, col, batch"
    "  FROM (SELECT *, CASE WHEN source_id = coalesce(unit, party, '') || '@' || at THEN NULL"
    "        ELSE source_id END AS sid FROM reports WHERE kind = 'track') ORDER BY id;"
    "DELETE FROM reports WHERE kind = 'track' AND id IN (SELECT seq FROM positions);",
    /* 3 -> 4: positions loses the columns every track has alike or can rebuild, to write fewer
     * bytes a row (ingest speed, issue 3): time_prec (always exact), day_from and day_until (the
     * day of at), loc_prec, time_code and modified (0: a track has no source codes or timestamp),
     * and digest (a conflict compares the stored fields themselves, ingest.c). radius_m is NULL
     * where no accuracy was given (0 before: read back the same). The store keeps a track here
     * only when it fits that shape; a row that does not (none is written so) moves to reports
     * under its text key, with a digest of 0, so ingesting it again counts it as updated. */
    "CREATE TABLE positions4 ("
    "  id INTEGER PRIMARY KEY,"      /* store_position_id(key) */
    "  seq INTEGER NOT NULL,"        /* from report_seq: the order of arrival */
    "  sid TEXT,"                    /* the key, only when it is not "unit@time" */
    "  unit TEXT, party TEXT, party1_id TEXT,"
    "  at INTEGER NOT NULL,"
    "  lon REAL NOT NULL, lat REAL NOT NULL, radius_m REAL,"
    "  line INTEGER NOT NULL, col INTEGER NOT NULL,"
    "  batch INTEGER NOT NULL"
    ");"
    "CREATE TEMP VIEW positions_fit AS SELECT *, time_prec = 0 AND loc_prec = 0 AND time_code = 0 AND"
    "  modified = 0 AND lon IS NOT NULL AND lat IS NOT NULL AND day_from = day_until AND"
    "  day_from = (at - ((at % 86400) + 86400) % 86400) / 86400 AS fits FROM positions;"
    "INSERT INTO positions4 (id, seq, sid, unit, party, party1_id, at, lon, lat, radius_m, line, col, batch)"
    "  SELECT id, seq, sid, unit, party, party1_id, at, lon, lat, nullif(radius_m, 0), line, col, batch"
    "  FROM positions_fit WHERE fits ORDER BY id;"
    "INSERT INTO reports (id, kind, source_id, time_prec, at, day_from, day_until, lon, lat, loc_prec,"
    "  radius_m, time_code, party1_id, unit, party, crossing_state, basis, modified, digest, line, col, batch)"
    "  SELECT seq, 'track', coalesce(sid, coalesce(unit, party, '') || '@' || at), time_prec, at, day_from,"
    "    day_until, lon, lat, loc_prec, radius_m, time_code, party1_id, unit, party, 0, 0, modified, 0, line,"
    "    col, batch FROM positions_fit WHERE NOT fits;"
    "DROP VIEW positions_fit;"
    "DROP TABLE positions;"
    "ALTER TABLE positions4 RENAME TO positions;",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof *migrations))

uint64_t store_key_hash(const char *key, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a, then a murmur-style finaliser to spread it */
    const unsigned char *b = (const unsigned char *)key;
    for (size_t i = 0; i < len; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

int64_t store_position_id(const char *key, size_t len, int by_time, long long at)
{
    uint64_t h = store_key_hash(key, len);
    if (by_time && at >= -((long long)1 << 38) && at < ((long long)1 << 38))
        h = ((uint64_t)(at >> 8) << 32) | (uint32_t)h;
    return (int64_t)h;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 29);
}
static uint64_t mix_real(uint64_t h, double v)
{
    uint64_t b = 0x7ff8000000dead01ULL; /* no value (NULL, NaN) */
    if (v == v) memcpy(&b, &v, sizeof b);
    return mix(h, b);
}
static uint64_t mix_text(uint64_t h, const char *s, size_t len)
{
    if (!s) return mix(h, ~0ULL);
    h = mix(h, len);
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = mix(h, w);
    }
    uint64_t w = 0;
    memcpy(&w, s, len);
    return mix(h, w);
}

/* The fields of a position (a track report) as schema 3 stored them, and their digest
 * (positions.digest in schema 3: a hash of them all, NaN and NULL alike for the reals). Only the
 * 2 -> 3 migration computes it, through truce_track_digest() in SQL (arguments in this order);
 * schema 4 dropped the column and compares the fields themselves (ingest.c). */
typedef struct store_track {
    long long time_prec, at, day_from, day_until;
    double lon, lat;
    long long loc_prec;
    double radius_m;
    long long time_code;
    const char *unit, *party;
    long long modified;
} store_track;

static int64_t store_track_digest(const store_track *t)
{
    uint64_t h = 0x243f6a8885a308d3ULL;
    h = mix(h, (uint64_t)t->time_prec);
    h = mix(h, (uint64_t)t->at);
    h = mix(h, (uint64_t)t->day_from);
    h = mix(h, (uint64_t)t->day_until);
    h = mix_real(h, t->lon);
    h = mix_real(h, t->lat);
    h = mix(h, (uint64_t)t->loc_prec);
    h = mix_real(h, t->radius_m);
    h = mix(h, (uint64_t)t->time_code);
    h = mix_text(h, t->unit, t->unit ? strlen(t->unit) : 0);
    h = mix_text(h, t->party, t->party ? strlen(t->party) : 0);
    h = mix(h, (uint64_t)t->modified);
    return (int64_t)h;
}

static double arg_real(sqlite3_value *v)
{
    return sqlite3_value_type(v) == SQLITE_NULL ? NAN : sqlite3_value_double(v);
}

/* truce_track_digest(time_prec, at, day_from, day_until, lon, lat, loc_prec, radius_m, time_code,
 * unit, party, modified): store_track_digest for SQL (the 2 -> 3 migration). */
static void sql_track_digest(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    store_track t = {sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]), sqlite3_value_int64(argv[2]),
                     sqlite3_value_int64(argv[3]), arg_real(argv[4]),          arg_real(argv[5]),
                     sqlite3_value_int64(argv[6]), arg_real(argv[7]),          sqlite3_value_int64(argv[8]),
                     (const char *)sqlite3_value_text(argv[9]), (const char *)sqlite3_value_text(argv[10]),
                     sqlite3_value_int64(argv[11])};
    sqlite3_result_int64(cx, store_track_digest(&t));
}

/* truce_position_id(key, by_time, at): store_position_id for SQL (the 2 -> 3 migration). */
static void sql_position_id(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    if (!t) {
        sqlite3_result_null(cx);
        return;
    }
    sqlite3_result_int64(cx, store_position_id(t, (size_t)sqlite3_value_bytes(argv[0]), sqlite3_value_int(argv[1]),
                                               sqlite3_value_int64(argv[2])));
}

int store_fail(truce_store *s, int rc)
{
    const char *m = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    snprintf(s->msg, sizeof s->msg, "%s", m ? m : "unknown SQLite error");
    return (rc & 0xff) == SQLITE_NOMEM ? TRUCE_ENOMEM : TRUCE_EIO;
}

static int exec(truce_store *s, const char *sql)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : store_fail(s, rc);
}

int store_begin(truce_store *s) { return exec(s, "BEGIN IMMEDIATE"); }
int store_begin_read(truce_store *s) { return exec(s, "BEGIN"); }
int store_commit(truce_store *s) { return exec(s, "COMMIT"); }

void store_rollback(truce_store *s)
{
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Reads the schema version (0 for a new, empty database). */
static int schema_version(truce_store *s, int *version)
{
    sqlite3_stmt *st = NULL;
    int r = 0;
    *version = 0;
    int rc = sqlite3_prepare_v2(s->db, "SELECT version FROM schema_version", -1, &st, NULL);
    if (rc != SQLITE_OK) { /* no table: a new database, unless it holds something else */
        sqlite3_stmt *any = NULL;
        rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &any, NULL);
        if (rc != SQLITE_OK) return store_fail(s, rc);
        if (sqlite3_step(any) == SQLITE_ROW && sqlite3_column_int(any, 0) > 0) {
            snprintf(s->msg, sizeof s->msg, "the database holds tables but is not a truce store");
            r = TRUCE_EIO;
        }
        sqlite3_finalize(any);
        return r;
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *version = sqlite3_column_int(st, 0);
    else if (rc != SQLITE_DONE) r = store_fail(s, rc);
    sqlite3_finalize(st);
    return r;
}

static int migrate(truce_store *s)
{
    int r = store_begin(s);
    if (r) return r;
    int version;
    r = schema_version(s, &version);
    if (r) goto fail;
    if (version > NMIGRATIONS) {
        snprintf(s->msg, sizeof s->msg, "the store's schema (version %d) is newer than this truce knows (%d)",
                 version, NMIGRATIONS);
        r = TRUCE_EIO;
        goto fail;
    }
    if (version == 0 && (r = exec(s, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);"
                                     "INSERT INTO schema_version (version) VALUES (0);")))
        goto fail;
    for (int v = version; v < NMIGRATIONS; v++)
        if ((r = exec(s, migrations[v]))) goto fail;
    if (version < NMIGRATIONS) {
        char sql[64];
        snprintf(sql, sizeof sql, "UPDATE schema_version SET version = %d", NMIGRATIONS);
        if ((r = exec(s, sql))) goto fail;
    }
    return store_commit(s);
fail:
    store_rollback(s);
    return r;
}

int truce_store_open(const char *path, truce_store **out)
{
    *out = NULL;
    if (!path) path = TRUCE_STORE_DEFAULT;
    truce_store *s = calloc(1, sizeof *s);
    if (!s) return TRUCE_ENOMEM;
    int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    int r = 0;
    if (rc != SQLITE_OK) {
        r = s->db ? store_fail(s, rc) : TRUCE_ENOMEM;
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    /* journal_mode answers with a row; a memory database stays "memory" */
    rc = sqlite3_create_function_v2(s->db, "truce_position_id", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                    sql_position_id, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        r = store_fail(s, rc);
        goto fail;
    }
    rc = sqlite3_create_function_v2(s->db, "truce_track_digest", 12, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                    sql_track_digest, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        r = store_fail(s, rc);
        goto fail;
    }
    if ((r = exec(s, "PRAGMA journal_mode = WAL")) || (r = exec(s, "PRAGMA foreign_keys = ON")) ||
        (r = migrate(s)))
        goto fail;
    *out = s;
    return 0;
fail:
    truce_store_close(s);
    return r;
}

void truce_store_close(truce_store *store)
{
    if (!store) return;
    sqlite3_close(store->db);
    free(store);
}

const char *truce_store_message(const truce_store *store) { return store ? store->msg : ""; }
