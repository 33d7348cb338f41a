/* ingest.c: truce_ingest: a report file into the store (position tracks into the narrow
 * positions table, every other report into reports), in batches of one transaction each
 * (recorded as committed in ingest_batches in that same transaction), idempotent by
 * (kind, source_id) (for positions, by the 64-bit hash of the key, each conflict checked), with ACLED timestamps and deletion lists honoured and actor
 * names matched to the agreement's parties. Not the readers of report files (src/reports) and
 * not reading reports back (reports_store.c). */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "reports/csv.h"
#include "reports/reports.h"
#include "store/reports_store.h"
#include "store/store.h"
#include "util/date.h"
#include "util/file.h"

#define DEFAULT_BATCH 50000L
#define PROGRESS_EVERY 16384L

/* The reports columns written for one report, in bind order (?1 .. ?NCOLS); batch is the last. */
#define REPORT_WRITE_COLUMNS                                                                        \
    "kind, source_id, time_prec, at, day_from, day_until, lon, lat, loc_prec, radius_m, time_code, " \
    "actor1, actor2, assoc1, assoc2, inter1, inter2, inter_a, inter_b, party1_id, party2_id, unit, " \
    "party, event_type, sub_event_type, fatalities, fatalities_low, fatalities_high, persons, "     \
    "trucks, fuel_trucks, category, obligation, crossing, crossing_state, zone, basis, parties, "    \
    "place, country, notes, source, modified, digest, line, col, batch"
#define NCOLS 47

static const char *const format_names[] = {"auto", "acled", "acled-deletions", "ged", "track", "impl"};

int truce_report_format_parse(const char *name, truce_report_format *out)
{
    for (int i = 0; name && i < (int)(sizeof format_names / sizeof *format_names); i++)
        if (!strcmp(name, format_names[i])) {
            *out = (truce_report_format)i;
            return 0;
        }
    return TRUCE_EARG;
}

typedef struct batch_counts {
    long rows, added, updated, unchanged, deleted, rejected;
    int first_line, last_line;
} batch_counts;

typedef struct ingest {
    truce_store *s;
    const truce_ingest_options *opt;
    truce_ingest_summary *sum;
    const char *path, *kind_name;
    actor_matcher *m;
    arena ar;
    diag_sink sink;
    sqlite3_stmt *ins, *pos_ins, *pos_find, *pos_upd, *seq_get, *seq_set, *find, *upd, *del, *is_deleted, *mark_deleted, *batch_new, *batch_done, *un_inc, *un_dec,
        *un_clean;
    long batch_rows;
    sqlite3_int64 batch; /* the open batch, 0 when none */
    sqlite3_int64 seq;   /* the next report id (report_seq), read and written in the batch */
    batch_counts bc;
    int have_deleted;    /* reports_deleted holds rows */
    /* progress: the line reached, found by scanning forward from the last one */
    const char *text, *scan;
    size_t len;
    int scan_line;
    long since_progress;
    char *joined; /* talks' parties, joined by newlines */
    size_t joined_cap;
    char idbuf[STORE_TRACK_KEY_MAX];
} ingest;

static int sql_fail(ingest *g, int rc) { return store_fail(g->s, rc); }

static int prep(ingest *g, sqlite3_stmt **st, const char *sql)
{
    int rc = sqlite3_prepare_v3(g->s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    return rc == SQLITE_OK ? 0 : sql_fail(g, rc);
}

/* Runs a statement that returns no rows, then resets it. */
static int run(ingest *g, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(g, rc);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

static void bind_count(sqlite3_stmt *st, int i, long v)
{
    if (v == REPORT_COUNT_NONE) sqlite3_bind_null(st, i);
    else sqlite3_bind_int64(st, i, v);
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
    if (v != v) sqlite3_bind_null(st, i); /* NaN: no location */
    else sqlite3_bind_double(st, i, v);
}

/* ---- the fields of one report ---- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}
static uint64_t fnv_str(uint64_t h, const char *s)
{
    if (!s) return fnv(h, "\1", 1);
    return fnv(h, s, strlen(s) + 1);
}
#define FNV_VAL(h, v) fnv((h), &(v), sizeof(v))

/* A hash of everything the report says (not where in the file it stood), to tell a changed
 * report from the same one read again. */
static sqlite3_int64 report_digest(const report *r, const char *joined)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    int k = (int)r->kind, tp = (int)r->time.prec;
    h = FNV_VAL(h, k);
    h = FNV_VAL(h, tp);
    h = FNV_VAL(h, r->time.at);
    h = FNV_VAL(h, r->time.from);
    h = FNV_VAL(h, r->time.until);
    double lon = r->lon == r->lon ? r->lon : 0.0, lat = r->lat == r->lat ? r->lat : 0.0;
    h = FNV_VAL(h, lon);
    h = FNV_VAL(h, lat);
    h = FNV_VAL(h, r->loc_prec);
    h = FNV_VAL(h, r->radius_m);
    h = FNV_VAL(h, r->time_code);
    const char *strs[] = {r->actor1, r->actor2, r->assoc1,   r->assoc2,   r->unit,     r->party,
                          r->event_type, r->sub_event_type, r->category, r->obligation, r->crossing, r->zone,
                          joined,    r->place,  r->country,  r->notes,    r->source};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) h = fnv_str(h, strs[i]);
    int ints[] = {(int)r->inter1, (int)r->inter2, (int)r->inter.a, (int)r->inter.b, (int)r->crossing_state,
                  (int)r->basis};
    h = fnv(h, ints, sizeof ints);
    long longs[] = {r->fatalities, r->fatalities_low, r->fatalities_high, r->persons, r->trucks, r->fuel_trucks};
    h = fnv(h, longs, sizeof longs);
    h = FNV_VAL(h, r->modified);
    return (sqlite3_int64)h;
}

/* talks: the parties joined by newlines (NULL when there are none). */
static int join_parties(ingest *g, const report *r, const char **out)
{
    *out = NULL;
    if (!r->nparties) return 0;
    size_t need = 1;
    for (size_t i = 0; i < r->nparties; i++) need += strlen(r->parties[i]) + 1;
    if (need > g->joined_cap) {
        char *p = realloc(g->joined, need);
        if (!p) return TRUCE_ENOMEM;
        g->joined = p;
        g->joined_cap = need;
    }
    size_t o = 0;
    for (size_t i = 0; i < r->nparties; i++) {
        size_t l = strlen(r->parties[i]);
        if (i) g->joined[o++] = '\n';
        memcpy(g->joined + o, r->parties[i], l);
        o += l;
    }
    g->joined[o] = '\0';
    *out = g->joined;
    return 0;
}

/* The key a report is kept under. Track readers number rows that carry no id; a row number is
 * no identity across files, so such a report is keyed by who was seen when ("unit@time"). */
static const char *report_key(ingest *g, const report *r)
{
    const char *id = r->source_id ? r->source_id : "";
    if (r->kind != REPORT_TRACK) return id;
    int digits = *id != '\0';
    for (const char *p = id; *p && digits; p++) digits = isdigit((unsigned char)*p) != 0;
    if (!digits && *id) return id;
    store_track_key(r->unit, r->party, r->time.at, g->idbuf);
    return g->idbuf;
}

static void bind_report(ingest *g, sqlite3_stmt *st, const report *r, const char *key, const char *p1,
                        const char *p2, const char *joined, sqlite3_int64 digest)
{
    sqlite3_bind_text(st, 1, report_kind_names[r->kind], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, (int)r->time.prec);
    sqlite3_bind_int64(st, 4, r->time.at);
    sqlite3_bind_int(st, 5, r->time.from);
    sqlite3_bind_int(st, 6, r->time.until);
    bind_real(st, 7, r->lon);
    bind_real(st, 8, r->lat);
    sqlite3_bind_int(st, 9, r->loc_prec);
    bind_real(st, 10, r->radius_m);
    sqlite3_bind_int(st, 11, r->time_code);
    bind_text(st, 12, r->actor1);
    bind_text(st, 13, r->actor2);
    bind_text(st, 14, r->assoc1);
    bind_text(st, 15, r->assoc2);
    int acled = r->kind == REPORT_ACLED;
    if (acled) {
        sqlite3_bind_int(st, 16, (int)r->inter1);
        sqlite3_bind_int(st, 17, (int)r->inter2);
        sqlite3_bind_int(st, 18, (int)r->inter.a);
        sqlite3_bind_int(st, 19, (int)r->inter.b);
    } else {
        for (int i = 16; i <= 19; i++) sqlite3_bind_null(st, i);
    }
    bind_text(st, 20, p1);
    bind_text(st, 21, p2);
    bind_text(st, 22, r->unit);
    bind_text(st, 23, r->party);
    bind_text(st, 24, r->event_type);
    bind_text(st, 25, r->sub_event_type);
    bind_count(st, 26, r->fatalities);
    bind_count(st, 27, r->fatalities_low);
    bind_count(st, 28, r->fatalities_high);
    bind_count(st, 29, r->persons);
    bind_count(st, 30, r->trucks);
    bind_count(st, 31, r->fuel_trucks);
    bind_text(st, 32, r->category);
    bind_text(st, 33, r->obligation);
    bind_text(st, 34, r->crossing);
    sqlite3_bind_int(st, 35, (int)r->crossing_state);
    bind_text(st, 36, r->zone);
    sqlite3_bind_int(st, 37, (int)r->basis);
    bind_text(st, 38, joined);
    bind_text(st, 39, r->place);
    bind_text(st, 40, r->country);
    bind_text(st, 41, r->notes);
    bind_text(st, 42, r->source);
    sqlite3_bind_int64(st, 43, r->modified);
    sqlite3_bind_int64(st, 44, digest);
    sqlite3_bind_int(st, 45, r->at.line);
    sqlite3_bind_int(st, 46, r->at.col);
    sqlite3_bind_int64(st, 47, g->batch);
}

/* Tracks come by the million and fill few columns: they go to positions (store.c, 3 -> 4), keyed
 * by id, the hash of their key; seq is their place in the order of arrival (report_seq). sid is
 * the key when it is not "unit@time" (NULL when it is). What every track has alike (an exact
 * time, its day, no source codes) is not stored (position_fits). ?1 is seq, ?2 the hash. */
#define POSITION_WRITE_COLUMNS "sid, unit, party, party1_id, at, lon, lat, radius_m, line, col, batch"
#define POSITION_INSERT                                                                             \
    "INSERT INTO positions (seq, id, " POSITION_WRITE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "  \
    "?9, ?10, ?11, ?12, ?13) ON CONFLICT (id) DO NOTHING"
#define POSITION_UPDATE                                                                             \
    "UPDATE positions SET (" POSITION_WRITE_COLUMNS ") = (?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) " \
    "WHERE id = ?2"
/* the stored row at an id: its key (sid, else rebuilt from unit or party and at) and what a
 * re-read compares */
#define POSITION_FIND "SELECT sid, unit, party, at, lon, lat, radius_m, party1_id FROM positions WHERE id = ?1"

/* Whether a report is a track of the shape positions keeps: no actors, an exact time (so its
 * day is the day of at), a location, no source codes or timestamp. Any other goes to reports. */
static int position_fits(const report *r)
{
    truce_date day = date_of_seconds(r->time.at);
    return r->kind == REPORT_TRACK && !r->actor1 && !r->actor2 && r->time.prec == TIME_EXACT &&
           r->time.from == day && r->time.until == day && !r->loc_prec && !r->time_code && !r->modified &&
           r->lon == r->lon && r->lat == r->lat && r->radius_m == r->radius_m;
}

/* Binds ?2 .. ?13 of POSITION_INSERT / POSITION_UPDATE (?1, the seq of a new row, is the
 * caller's). Texts are bound without a copy: they outlive the statement's step. */
static void bind_position(ingest *g, sqlite3_stmt *st, const report *r, sqlite3_int64 h, const char *sid,
                          const char *p1)
{
    sqlite3_bind_int64(st, 2, h);
    bind_text(st, 3, sid);
    bind_text(st, 4, r->unit);
    bind_text(st, 5, r->party);
    bind_text(st, 6, p1);
    sqlite3_bind_int64(st, 7, r->time.at);
    sqlite3_bind_double(st, 8, r->lon);
    sqlite3_bind_double(st, 9, r->lat);
    if (r->radius_m != 0.0) sqlite3_bind_double(st, 10, r->radius_m);
    else sqlite3_bind_null(st, 10); /* no accuracy given (or 0): read back as 0 */
    sqlite3_bind_int(st, 11, r->at.line);
    sqlite3_bind_int(st, 12, r->at.col);
    sqlite3_bind_int64(st, 13, g->batch);
}

/* Whether column i of st holds the text s (both NULL counts as the same). */
static int same_text(sqlite3_stmt *st, int i, const char *s)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    if (!t || !s) return !t && !s;
    return !strcmp(t, s);
}

/* ---- statements, batches, unmatched names ---- */

static int prepare_all(ingest *g)
{
    char ins[1024], upd[1024];
    /* ?48 is the new row's id (from report_seq) in ins, the row to update in upd */
    size_t o = (size_t)snprintf(ins, sizeof ins, "INSERT INTO reports (" REPORT_WRITE_COLUMNS ", id) VALUES (");
    for (int i = 1; i <= NCOLS + 1; i++) o += (size_t)snprintf(ins + o, sizeof ins - o, "%s?%d", i > 1 ? "," : "", i);
    snprintf(ins + o, sizeof ins - o, ") ON CONFLICT (kind, source_id) DO NOTHING");
    o = (size_t)snprintf(upd, sizeof upd, "UPDATE reports SET (" REPORT_WRITE_COLUMNS ") = (");
    for (int i = 1; i <= NCOLS; i++) o += (size_t)snprintf(upd + o, sizeof upd - o, "%s?%d", i > 1 ? "," : "", i);
    snprintf(upd + o, sizeof upd - o, ") WHERE id = ?%d", NCOLS + 1);
    int r;
    if ((r = prep(g, &g->ins, ins)) || (r = prep(g, &g->upd, upd)) || (r = prep(g, &g->pos_ins, POSITION_INSERT)) ||
        (r = prep(g, &g->pos_upd, POSITION_UPDATE)) ||
        (r = prep(g, &g->pos_find, POSITION_FIND)) ||
        (r = prep(g, &g->seq_get, "SELECT next FROM report_seq")) ||
        (r = prep(g, &g->seq_set, "UPDATE report_seq SET next = ?1")) ||
        (r = prep(g, &g->find, "SELECT id, modified, digest, coalesce(actor1, party), actor2, party1_id, party2_id "
                               "FROM reports WHERE kind = ?1 AND source_id = ?2")) ||
        (r = prep(g, &g->del, "DELETE FROM reports WHERE id = ?1")) ||
        (r = prep(g, &g->is_deleted, "SELECT deleted FROM reports_deleted WHERE kind = ?1 AND source_id = ?2")) ||
        (r = prep(g, &g->mark_deleted,
                  "INSERT INTO reports_deleted (kind, source_id, deleted) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT (kind, source_id) DO UPDATE SET deleted = max(deleted, excluded.deleted)")) ||
        (r = prep(g, &g->batch_new,
                  "INSERT INTO ingest_batches (file, kind, started) "
                  "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")) ||
        (r = prep(g, &g->batch_done,
                  "UPDATE ingest_batches SET committed = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), first_line = ?2, "
                  "last_line = ?3, rows = ?4, added = ?5, updated = ?6, unchanged = ?7, deleted = ?8, "
                  "rejected = ?9 WHERE id = ?1")) ||
        (r = prep(g, &g->un_inc,
                  "INSERT INTO unmatched_actors (name, count) VALUES (?1, 1) "
                  "ON CONFLICT (name) DO UPDATE SET count = count + 1")) ||
        (r = prep(g, &g->un_dec, "UPDATE unmatched_actors SET count = count - 1 WHERE name = ?1")) ||
        (r = prep(g, &g->un_clean, "DELETE FROM unmatched_actors WHERE count <= 0")))
        return r;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(g->s->db, "SELECT EXISTS (SELECT 1 FROM reports_deleted)", -1, &st, NULL);
    if (rc != SQLITE_OK) return sql_fail(g, rc);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) g->have_deleted = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : sql_fail(g, rc);
}

static void finalize_all(ingest *g)
{
    sqlite3_stmt **all[] = {&g->ins, &g->pos_ins, &g->pos_upd, &g->pos_find, &g->seq_get, &g->seq_set, &g->find,      &g->upd,        &g->del,    &g->is_deleted,
                            &g->mark_deleted, &g->batch_new, &g->batch_done, &g->un_inc, &g->un_dec,
                            &g->un_clean};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        sqlite3_finalize(*all[i]);
        *all[i] = NULL;
    }
}

/* Records the batch as started (its own small transaction, so an interrupted batch shows), then
 * opens the batch's transaction. */
static int batch_open(ingest *g)
{
    if (g->batch) return 0;
    bind_text(g->batch_new, 1, g->path);
    bind_text(g->batch_new, 2, g->kind_name);
    int r = run(g, g->batch_new);
    if (r) return r;
    g->batch = sqlite3_last_insert_rowid(g->s->db);
    long rejected = g->bc.rejected; /* rows rejected since the last batch belong to this one */
    memset(&g->bc, 0, sizeof g->bc);
    g->bc.rejected = rejected;
    if ((r = store_begin(g->s))) return r;
    int rc = sqlite3_step(g->seq_get);
    g->seq = rc == SQLITE_ROW ? sqlite3_column_int64(g->seq_get, 0) : 0;
    sqlite3_reset(g->seq_get);
    if (rc == SQLITE_ROW) return 0;
    r = sql_fail(g, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
    store_rollback(g->s);
    g->batch = 0;
    return r;
}

/* Marks the batch committed and commits it: rows and record stand or fall together. */
static int batch_close(ingest *g)
{
    if (!g->batch) return 0;
    sqlite3_stmt *st = g->batch_done;
    const batch_counts *c = &g->bc;
    sqlite3_bind_int64(st, 1, g->batch);
    sqlite3_bind_int(st, 2, c->first_line);
    sqlite3_bind_int(st, 3, c->last_line);
    sqlite3_bind_int64(st, 4, c->rows);
    sqlite3_bind_int64(st, 5, c->added);
    sqlite3_bind_int64(st, 6, c->updated);
    sqlite3_bind_int64(st, 7, c->unchanged);
    sqlite3_bind_int64(st, 8, c->deleted);
    sqlite3_bind_int64(st, 9, c->rejected);
    int r = run(g, st);
    if (!r) {
        sqlite3_bind_int64(g->seq_set, 1, g->seq);
        r = run(g, g->seq_set);
    }
    if (!r) r = run(g, g->un_clean);
    if (!r) r = store_commit(g->s);
    if (r) {
        store_rollback(g->s);
        g->batch = 0;
        return r;
    }
    g->sum->added += c->added;
    g->sum->updated += c->updated;
    g->sum->unchanged += c->unchanged;
    g->sum->deleted += c->deleted;
    g->sum->batches++;
    g->batch = 0;
    memset(&g->bc, 0, sizeof g->bc);
    return 0;
}

static int unmatched_adjust(ingest *g, const char *name, int up)
{
    if (!name || !*name) return 0;
    sqlite3_stmt *st = up ? g->un_inc : g->un_dec;
    bind_text(st, 1, name);
    return run(g, st);
}

/* The names of the row find just stepped to that matched no party, counted down. */
static int unmatched_forget(ingest *g)
{
    char *n1 = NULL, *n2 = NULL;
    int r = 0;
    if (sqlite3_column_type(g->find, 5) == SQLITE_NULL && sqlite3_column_type(g->find, 3) != SQLITE_NULL)
        n1 = strdup((const char *)sqlite3_column_text(g->find, 3));
    if (sqlite3_column_type(g->find, 6) == SQLITE_NULL && sqlite3_column_type(g->find, 4) != SQLITE_NULL)
        n2 = strdup((const char *)sqlite3_column_text(g->find, 4));
    sqlite3_reset(g->find);
    if (!r) r = unmatched_adjust(g, n1, 0);
    if (!r) r = unmatched_adjust(g, n2, 0);
    free(n1);
    free(n2);
    return r;
}

/* ---- progress ---- */

static void progress(ingest *g, int line, int final)
{
    if (!g->opt->on_progress) return;
    if (final) {
        g->opt->on_progress((long long)g->len, (long long)g->len, g->opt->user);
        return;
    }
    const char *end = g->text + g->len;
    while (g->scan_line < line && g->scan < end) {
        const char *nl = memchr(g->scan, '\n', (size_t)(end - g->scan));
        g->scan = nl ? nl + 1 : end;
        g->scan_line++;
    }
    long long done = (long long)(g->scan - g->text);
    if (done >= (long long)g->len) done = (long long)g->len - 1; /* the final call says "all" */
    g->opt->on_progress(done < 0 ? 0 : done, (long long)g->len, g->opt->user);
}

static void count_row(ingest *g, int line)
{
    batch_counts *c = &g->bc;
    if (!c->rows || line < c->first_line) c->first_line = line;
    if (line > c->last_line) c->last_line = line;
    c->rows++;
}

static int row_done(ingest *g, int line)
{
    if (++g->since_progress >= PROGRESS_EVERY) {
        g->since_progress = 0;
        progress(g, line, 0);
    }
    if (g->bc.rows >= g->batch_rows) return batch_close(g);
    return 0;
}

/* ---- one report ---- */

/* A track into positions: inserted when its key is new, replaced when stored but different,
 * else unchanged (*done set in these cases). One statement for a new key (no lookup first);
 * a conflict reads the stored row to tell the same key from another key of the same hash, which
 * leaves *done 0: the caller keeps the report in reports. */
static int on_position(ingest *g, const report *r, const char *key, const char *p1, const char *n1, int *done)
{
    *done = 0;
    size_t klen = strlen(key);
    /* "unit@time" (made so, or an id that reads the same, as the migration finds it): not
     * stored, rebuilt when read */
    int by_time = key == g->idbuf;
    if (!by_time) {
        char made[STORE_TRACK_KEY_MAX];
        by_time = store_track_key(r->unit, r->party, r->time.at, made) == klen && !memcmp(made, key, klen);
    }
    sqlite3_int64 h = store_position_id(key, klen, by_time, r->time.at);
    const char *sid = by_time ? NULL : key;
    sqlite3_stmt *st = g->pos_ins;
    sqlite3_bind_int64(st, 1, g->seq);
    bind_position(g, st, r, h, sid, p1);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sql_fail(g, rc);
    int e;
    if (sqlite3_changes(g->s->db) > 0) {
        g->seq++;
        g->bc.added++;
        *done = 1;
        return unmatched_adjust(g, n1, 1);
    }
    st = g->pos_find;
    sqlite3_bind_int64(st, 1, h);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return sql_fail(g, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
    }
    /* the stored row's key: its sid, else rebuilt from who and when */
    char stored[STORE_TRACK_KEY_MAX];
    const char *skey = (const char *)sqlite3_column_text(st, 0);
    size_t slen;
    if (skey) slen = (size_t)sqlite3_column_bytes(st, 0);
    else {
        slen = store_track_key((const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2),
                               sqlite3_column_int64(st, 3), stored);
        skey = stored;
    }
    if (slen != klen || memcmp(skey, key, klen)) { /* a collision: not this report */
        sqlite3_reset(st);
        return 0;
    }
    *done = 1;
    /* the same report read again: every field positions keeps is equal */
    double radius = sqlite3_column_type(st, 6) == SQLITE_NULL ? 0.0 : sqlite3_column_double(st, 6);
    if (same_text(st, 1, r->unit) && same_text(st, 2, r->party) && sqlite3_column_int64(st, 3) == r->time.at &&
        sqlite3_column_double(st, 4) == r->lon && sqlite3_column_double(st, 5) == r->lat && radius == r->radius_m) {
        sqlite3_reset(st);
        g->bc.unchanged++;
        return 0;
    }
    /* the old row's party, when it matched none, is counted down */
    char *old = NULL;
    if (sqlite3_column_type(st, 7) == SQLITE_NULL && sqlite3_column_type(st, 2) != SQLITE_NULL &&
        !(old = strdup((const char *)sqlite3_column_text(st, 2)))) {
        sqlite3_reset(st);
        return TRUCE_ENOMEM;
    }
    sqlite3_reset(st);
    e = unmatched_adjust(g, old, 0);
    free(old);
    if (e) return e;
    st = g->pos_upd;
    bind_position(g, st, r, h, sid, p1);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sql_fail(g, rc);
    g->bc.updated++;
    return unmatched_adjust(g, n1, 1);
}

static int on_report(const report *r, void *user)
{
    ingest *g = user;
    int e = batch_open(g);
    if (e) return e;
    count_row(g, r->at.line);
    const char *key = report_key(g, r);
    const char *name1 = r->actor1 ? r->actor1 : r->party, *name2 = r->actor2;
    const party *p1 = NULL, *p2 = NULL;
    if (g->m) {
        p1 = actors_match(g->m, name1, &e);
        if (!e) p2 = actors_match(g->m, name2, &e);
        if (e) return e;
    }
    const char *joined;
    if ((e = join_parties(g, r, &joined))) return e;
    int position = position_fits(r);
    /* a position is told from a changed one by its fields (on_position), any other report by
     * its digest */
    sqlite3_int64 digest = position ? 0 : report_digest(r, joined);
    const char *kind = report_kind_names[r->kind];
    int acled = r->kind == REPORT_ACLED;

    if (acled && g->have_deleted) { /* deleted since (or at) this version: stays out */
        bind_text(g->is_deleted, 1, kind);
        bind_text(g->is_deleted, 2, key);
        int rc = sqlite3_step(g->is_deleted);
        int gone = rc == SQLITE_ROW && sqlite3_column_int64(g->is_deleted, 0) >= r->modified;
        sqlite3_reset(g->is_deleted);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sql_fail(g, rc);
        if (gone) {
            g->bc.unchanged++;
            return row_done(g, r->at.line);
        }
    }
    const char *n1 = g->m && !p1 ? name1 : NULL, *n2 = g->m && !p2 ? name2 : NULL;
    if (position) {
        int done = 0;
        if ((e = on_position(g, r, key, p1 ? p1->id : NULL, n1, &done))) return e;
        if (done) return row_done(g, r->at.line);
        /* its id is another key's: it goes to reports under its text key, as before (and with the
         * digest reports use) */
        digest = report_digest(r, joined);
    }
    sqlite3_stmt *ins = g->ins;
    bind_report(g, ins, r, key, p1 ? p1->id : NULL, p2 ? p2->id : NULL, joined, digest);
    sqlite3_bind_int64(ins, NCOLS + 1, g->seq);
    int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    if (rc != SQLITE_DONE) return sql_fail(g, rc);
    if (sqlite3_changes(g->s->db) > 0) {
        g->seq++;
        g->bc.added++;
        if ((e = unmatched_adjust(g, n1, 1)) || (e = unmatched_adjust(g, n2, 1))) return e;
        return row_done(g, r->at.line);
    }
    /* already stored: replace it when this one is newer (ACLED) or different (the rest) */
    bind_text(g->find, 1, kind);
    bind_text(g->find, 2, key);
    rc = sqlite3_step(g->find);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(g->find);
        return sql_fail(g, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
    }
    sqlite3_int64 id = sqlite3_column_int64(g->find, 0);
    long long modified = sqlite3_column_int64(g->find, 1);
    sqlite3_int64 old_digest = sqlite3_column_int64(g->find, 2);
    int replace = acled ? r->modified > modified : digest != old_digest;
    if (!replace) {
        sqlite3_reset(g->find);
        g->bc.unchanged++;
        return row_done(g, r->at.line);
    }
    if ((e = unmatched_forget(g))) return e;
    bind_report(g, g->upd, r, key, p1 ? p1->id : NULL, p2 ? p2->id : NULL, joined, digest);
    sqlite3_bind_int64(g->upd, NCOLS + 1, id);
    rc = sqlite3_step(g->upd);
    sqlite3_reset(g->upd);
    if (rc != SQLITE_DONE) return sql_fail(g, rc);
    g->bc.updated++;
    if ((e = unmatched_adjust(g, n1, 1)) || (e = unmatched_adjust(g, n2, 1))) return e;
    return row_done(g, r->at.line);
}

/* Counts each rejected row in its batch, and passes every diagnostic on. */
static void on_diag(const truce_diag *d, void *user)
{
    ingest *g = user;
    if (d->severity == TRUCE_ERROR) g->bc.rejected++;
    if (g->opt->on_diag) g->opt->on_diag(d, g->opt->user);
}

/* ---- ACLED deletion lists ---- */

static int deletions_read(ingest *g, const source *src, long *rows, long *rejected)
{
    static const char *const cols[] = {"event_id_cnty", "timestamp", "deleted_timestamp"};
    static const unsigned char req[] = {1, 0, 0};
    arena ar;
    arena_init(&ar, NULL);
    csv_reader cr;
    csv_init(&cr, &ar, src);
    int idx[3];
    int r = csv_next(&cr);
    if (r <= 0 || cr.error || csv_header(&cr, &g->sink, "ACLED deletions", cols, req, 3, idx)) {
        if (r == 0) diag_file(&g->sink, TRUCE_ERROR, src->name, "empty file: no ACLED deletions header");
        else if (r > 0 && cr.error) diag_report(&g->sink, TRUCE_ERROR, csv_error_pos(&cr), NULL, "%s", cr.error);
        arena_release(&ar);
        return r < 0 ? r : TRUCE_ESYNTAX;
    }
    int tcol = idx[2] >= 0 ? idx[2] : idx[1];
    if (tcol < 0) {
        diag_report(&g->sink, TRUCE_ERROR, csv_field_pos(&cr, &cr.fields[0]), NULL,
                    "ACLED deletions: the header has neither 'timestamp' nor 'deleted_timestamp'");
        arena_release(&ar);
        return TRUCE_ESYNTAX;
    }
    size_t width = cr.nfields;
    while ((r = csv_next(&cr)) == 1) {
        ++*rows;
        pos at = csv_field_pos(&cr, &cr.fields[0]);
        long ts = 0;
        const char *id = NULL;
        if (cr.error) {
            diag_report(&g->sink, TRUCE_ERROR, csv_error_pos(&cr), NULL, "row %ld: %s", cr.row, cr.error);
        } else if (cr.nfields != width) {
            diag_report(&g->sink, TRUCE_ERROR, at, NULL, "row %ld: has %zu fields, the header has %zu", cr.row,
                        cr.nfields, width);
        } else {
            const csv_field *fi = &cr.fields[idx[0]], *ft = &cr.fields[tcol];
            char *end = NULL;
            long long v = ft->len ? strtoll(ft->s, &end, 10) : 0;
            if (!fi->len) {
                diag_report(&g->sink, TRUCE_ERROR, csv_field_pos(&cr, fi), NULL, "row %ld: event_id_cnty: missing",
                            cr.row);
            } else if (!ft->len || *end || v < 0) {
                long long t;
                const char *why = NULL;
                if (ft->len && report_parse_iso_time(ft->s, ft->len, &t, &why) == 0) {
                    id = fi->s, ts = (long)t;
                } else {
                    diag_report(&g->sink, TRUCE_ERROR, csv_field_pos(&cr, ft), NULL,
                                "row %ld: %s: '%s' is not a time (seconds since 1970 or ISO 8601)", cr.row,
                                cols[tcol == idx[2] ? 2 : 1], ft->s);
                }
            } else {
                id = fi->s, ts = (long)v;
            }
        }
        if (!id) {
            ++*rejected;
            continue;
        }
        if ((r = batch_open(g))) break;
        count_row(g, at.line);
        bind_text(g->mark_deleted, 1, "acled");
        bind_text(g->mark_deleted, 2, id);
        sqlite3_bind_int64(g->mark_deleted, 3, ts);
        if ((r = run(g, g->mark_deleted))) break;
        bind_text(g->find, 1, "acled");
        bind_text(g->find, 2, id);
        int rc = sqlite3_step(g->find);
        if (rc == SQLITE_ROW && sqlite3_column_int64(g->find, 1) <= ts) {
            sqlite3_int64 rid = sqlite3_column_int64(g->find, 0);
            if ((r = unmatched_forget(g))) break;
            sqlite3_bind_int64(g->del, 1, rid);
            if ((r = run(g, g->del))) break;
            g->bc.deleted++;
        } else {
            sqlite3_reset(g->find);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                r = sql_fail(g, rc);
                break;
            }
            g->bc.unchanged++;
        }
        if ((r = row_done(g, at.line))) break;
    }
    arena_release(&ar);
    return r < 0 ? r : 0;
}

/* ---- what a file holds ---- */

static int has_col(const char *const *cols, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(cols[i], name)) return 1;
    return 0;
}

/* From the extension and the first line (a CSV header, or the first JSON object). */
static truce_report_format detect(const char *name, const char *text, size_t len)
{
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, len -= 3;
    while (len && (*text == '\n' || *text == '\r' || *text == ' ' || *text == '\t')) text++, len--;
    const char *nl = memchr(text, '\n', len);
    size_t l = nl ? (size_t)(nl - text) : len;
    const char *dot = strrchr(name, '.');
    int json = (dot && (!strcasecmp(dot, ".jsonl") || !strcasecmp(dot, ".ndjson") || !strcasecmp(dot, ".json") ||
                        !strcasecmp(dot, ".geojson") || !strcasecmp(dot, ".geojsonl"))) ||
               (l && (*text == '{' || *text == '['));
    if (json) {
        char first[4096];
        size_t n = l < sizeof first - 1 ? l : sizeof first - 1;
        memcpy(first, text, n);
        first[n] = '\0';
        if (strstr(first, "Feature") || strstr(first, "\"lon\"") || strstr(first, "\"unit\"") ||
            strstr(first, "\"lat\""))
            return TRUCE_REPORTS_TRACK;
        if (strstr(first, "\"type\"")) return TRUCE_REPORTS_IMPL;
        return TRUCE_REPORTS_TRACK;
    }
    /* the header's names, split on commas, quotes and spaces taken off */
    char buf[8192];
    const char *cols[256];
    size_t n = l < sizeof buf - 1 ? l : sizeof buf - 1, ncols = 0;
    memcpy(buf, text, n);
    buf[n] = '\0';
    for (char *p = buf; ncols < 256;) {
        char *c = strchr(p, ',');
        if (c) *c = '\0';
        char *s = p, *e = p + strlen(p);
        while (*s == ' ' || *s == '"' || *s == '\t') s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '"' || e[-1] == '\r' || e[-1] == '\t')) *--e = '\0';
        cols[ncols++] = s;
        if (!c) break;
        p = c + 1;
    }
    if (has_col(cols, ncols, "event_id_cnty")) {
        if (has_col(cols, ncols, "event_date")) return TRUCE_REPORTS_ACLED;
        return TRUCE_REPORTS_ACLED_DELETIONS;
    }
    if (has_col(cols, ncols, "where_prec") || has_col(cols, ncols, "side_a")) return TRUCE_REPORTS_GED;
    if (has_col(cols, ncols, "lon") && has_col(cols, ncols, "lat")) return TRUCE_REPORTS_TRACK;
    if (has_col(cols, ncols, "type") && has_col(cols, ncols, "date")) return TRUCE_REPORTS_IMPL;
    return TRUCE_REPORTS_AUTO;
}

/* ---- the summary's list of names ---- */

static int keep_unmatched(ingest *g)
{
    if (!g->m) return 0;
    const actor_name_count *list;
    size_t n = actors_unmatched(g->m, &list);
    if (!n) return 0;
    size_t bytes = n * sizeof(truce_ingest_actor);
    for (size_t i = 0; i < n; i++) bytes += strlen(list[i].name) + 1;
    truce_ingest_actor *out = malloc(bytes);
    if (!out) return TRUCE_ENOMEM;
    char *str = (char *)(out + n);
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(list[i].name) + 1;
        memcpy(str, list[i].name, l);
        out[i].name = str;
        out[i].count = list[i].count;
        out[i].ambiguous = list[i].ambiguous;
        str += l;
    }
    g->sum->unmatched = out;
    g->sum->nunmatched = n;
    return 0;
}

void truce_ingest_summary_free(truce_ingest_summary *summary)
{
    if (!summary) return;
    free(summary->unmatched);
    memset(summary, 0, sizeof *summary);
}

int truce_ingest(truce_store *store, const truce_agreement *agreement, const char *path,
                 const truce_ingest_options *opt, truce_ingest_summary *summary)
{
    if (!summary) return TRUCE_EARG;
    memset(summary, 0, sizeof *summary);
    if (!store || !path) return TRUCE_EARG;
    static const truce_ingest_options defaults;
    ingest g;
    memset(&g, 0, sizeof g);
    g.s = store;
    g.opt = opt ? opt : &defaults;
    g.sum = summary;
    g.path = path;
    g.batch_rows = g.opt->batch_rows > 0 ? g.opt->batch_rows : DEFAULT_BATCH;
    g.sink.fn = on_diag;
    g.sink.user = &g;
    arena_init(&g.ar, NULL);
    store->msg[0] = '\0';
    int sync_was = -1; /* PRAGMA synchronous before the ingest, -1 until it is read */

    char *data = NULL;
    size_t len = 0;
    int r = file_read_all(&g.ar, path, (size_t)1 << 40, &data, &len);
    if (r) {
        if (r == TRUCE_EIO) snprintf(store->msg, sizeof store->msg, "cannot read '%s'", path);
        goto out;
    }
    source src = {path, data, len};
    g.text = g.scan = data;
    g.len = len;
    g.scan_line = 1;
    truce_report_format fmt = g.opt->format;
    if (fmt == TRUCE_REPORTS_AUTO) fmt = detect(path, data, len);
    summary->format = fmt;
    if (fmt == TRUCE_REPORTS_AUTO) {
        diag_file(&g.sink, TRUCE_ERROR, path,
                  "cannot tell what kind of report file this is (ACLED, ACLED deletions, GED, track or "
                  "implementation reports); name it with --format");
        summary->rejected = 0;
        r = TRUCE_ESYNTAX;
        goto out;
    }
    g.kind_name = format_names[fmt];
    if (agreement) {
        g.m = actors_new(&g.ar, agreement->parties, agreement->nparties);
        if (!g.m) {
            r = TRUCE_ENOMEM;
            goto out;
        }
    }
    if ((r = prepare_all(&g))) goto out;
    /* Rows go in by the million: a larger page cache. */
    sqlite3_exec(store->db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
    /* synchronous = NORMAL (WAL journal): a commit appends the batch to the WAL file without an
     * fsync; the WAL is synced at the checkpoint. What it protects: a process killed at any point
     * (kill -9, a crash, the OOM killer) loses no batch reported as committed, as the WAL's pages
     * are in the operating system's cache by then and the next opener replays them; that is the
     * issue's promise and what tests/scripts/ingest_crash.sh checks. What it does not: a power
     * loss or kernel crash may lose the last batches committed before it (the store stays
     * consistent: they are rolled back as a whole, and ingesting the file again completes it).
     * Only for the ingest: the previous setting is restored at the end. */
    sync_was = 2;
    {
        sqlite3_stmt *ps = NULL;
        if (sqlite3_prepare_v2(store->db, "PRAGMA synchronous", -1, &ps, NULL) == SQLITE_OK &&
            sqlite3_step(ps) == SQLITE_ROW)
            sync_was = sqlite3_column_int(ps, 0);
        sqlite3_finalize(ps);
    }
    sqlite3_exec(store->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
    /* and the WAL is checkpointed once at the end, not at every commit (it grows meanwhile) */
    sqlite3_wal_autocheckpoint(store->db, 0);

    report_read_opts ro = {&g.sink, on_report, &g, 0, NULL};
    ro.now = g.opt->now ? g.opt->now : (long long)time(NULL);
    report_stats st = {0, 0, 0};
    switch (fmt) {
    case TRUCE_REPORTS_ACLED: r = acled_read(&src, &ro, &st); break;
    case TRUCE_REPORTS_GED: r = ged_read(&src, &ro, &st); break;
    case TRUCE_REPORTS_TRACK: r = track_read(&src, TRACK_AUTO, &ro, &st); break;
    case TRUCE_REPORTS_IMPL: r = impl_read(&src, IMPL_AUTO, &ro, &st); break;
    case TRUCE_REPORTS_ACLED_DELETIONS: r = deletions_read(&g, &src, &st.rows, &st.rejected); break;
    default: r = TRUCE_EARG; break;
    }
    if (r > 0) r = TRUCE_EIO; /* a callback's non-zero value is always a negative code here */
    if (!r) {
        /* a file without any good row still leaves a record of having been read */
        if (!g.batch && !summary->batches && (r = batch_open(&g))) goto out;
        r = batch_close(&g);
    }
    summary->read = st.rows;
    summary->rejected = st.rejected;
    if (!r) r = keep_unmatched(&g);
    if (!r) progress(&g, 0, 1);
out:
    if (g.batch) { /* failed part way: the open batch is undone, the committed ones stay */
        store_rollback(store);
        g.batch = 0;
    }
    if (store->db) {
        sqlite3_wal_checkpoint_v2(store->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        sqlite3_wal_autocheckpoint(store->db, 1000);
        if (sync_was >= 0 && sync_was != 1) {
            char sql[40];
            snprintf(sql, sizeof sql, "PRAGMA synchronous = %d", sync_was);
            sqlite3_exec(store->db, sql, NULL, NULL, NULL);
        }
    }
    summary->warnings = g.sink.warnings;
    finalize_all(&g);
    free(g.joined);
    arena_release(&g.ar);
    return r;
}
