/* reports_store.c: the stored reports read back as report records (reports.h), in time order,
 * for judgement (also as the public truce_store_reports source); and their count. Not writing
 * them (ingest.c) and not the schema (store.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/reports_store.h"
#include "store/store.h"
#include "util/date.h"

#define READ_COLUMNS                                                                                  \
    "kind, source_id, time_prec, at, day_from, day_until, lon, lat, loc_prec, "                         \
    "radius_m, time_code, actor1, actor2, assoc1, assoc2, inter1, inter2, inter_a, "                    \
    "inter_b, unit, party, event_type, sub_event_type, fatalities, fatalities_low, "                    \
    "fatalities_high, persons, trucks, fuel_trucks, category, obligation, crossing, "                   \
    "crossing_state, zone, basis, parties, place, country, notes, source, modified, "                   \
    "line, col, id, batch"
/* positions in the same columns; source_id NULL where the key is "unit@time" (rebuilt in C);
 * day_from and day_until NULL: the day of at (a track's time is exact, store.c 3 -> 4) */
#define POSITION_COLUMNS                                                                              \
    "'track', sid, 0, at, NULL, NULL, lon, lat, 0, radius_m, 0, "                                       \
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, unit, party, NULL, NULL, NULL, NULL, NULL, NULL, " \
    "NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, line, col, seq, "  \
    "batch"

size_t store_track_key(const char *unit, const char *who_party, long long at, char buf[STORE_TRACK_KEY_MAX])
{
    const char *who = unit ? unit : who_party ? who_party : "";
    size_t l = strlen(who);
    if (l > 120) l = 120;
    memcpy(buf, who, l);
    buf[l++] = '@';
    char dig[24];
    size_t n = 0;
    unsigned long long v = at < 0 ? 0ULL - (unsigned long long)at : (unsigned long long)at;
    do dig[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
    if (at < 0) buf[l++] = '-';
    while (n) buf[l++] = dig[--n];
    buf[l] = '\0';
    return l;
}

static const char *col_text(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

static long col_count(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? REPORT_COUNT_NONE : (long)sqlite3_column_int64(st, i);
}

static double col_real(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

/* Splits the newline-joined parties in place into list (grown as needed). */
static int split(char *joined, const char ***list, size_t *cap, size_t *n)
{
    *n = 0;
    if (!joined || !*joined) return 0;
    for (char *p = joined;;) {
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 8;
            const char **l = realloc((void *)*list, nc * sizeof *l);
            if (!l) return TRUCE_ENOMEM;
            *list = l, *cap = nc;
        }
        (*list)[(*n)++] = p;
        char *nl = strchr(p, '\n');
        if (!nl) break;
        *nl = '\0';
        p = nl + 1;
    }
    return 0;
}

int store_reports_each(truce_store *s, report_fn fn, void *user)
{
    sqlite3_stmt *st = NULL;
    int r = store_begin_read(s);
    if (r) return r;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT r.*, b.file FROM (SELECT " READ_COLUMNS " FROM reports UNION ALL "
                                "SELECT " POSITION_COLUMNS " FROM positions) r "
                                "JOIN ingest_batches b ON b.id = r.batch ORDER BY r.at, r.id",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        r = store_fail(s, rc);
        store_rollback(s);
        return r;
    }
    const char **plist = NULL;
    size_t pcap = 0;
    char *pbuf = NULL;
    size_t pbcap = 0;
    char key[STORE_TRACK_KEY_MAX];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        report rep;
        memset(&rep, 0, sizeof rep);
        const char *kind = col_text(st, 0);
        rep.kind = REPORT_KIND_COUNT;
        for (int k = 0; kind && k < REPORT_KIND_COUNT; k++)
            if (!strcmp(kind, report_kind_names[k])) rep.kind = (report_kind)k;
        if (rep.kind == REPORT_KIND_COUNT) continue; /* a kind this truce does not know */
        rep.source_id = col_text(st, 1);
        rep.time.prec = (time_prec)sqlite3_column_int(st, 2);
        rep.time.at = sqlite3_column_int64(st, 3);
        if (sqlite3_column_type(st, 4) == SQLITE_NULL) { /* a position: the day of its time */
            rep.time.from = rep.time.until = date_of_seconds(rep.time.at);
        } else {
            rep.time.from = sqlite3_column_int(st, 4);
            rep.time.until = sqlite3_column_int(st, 5);
        }
        rep.lon = col_real(st, 6);
        rep.lat = col_real(st, 7);
        rep.loc_prec = sqlite3_column_int(st, 8);
        rep.radius_m = sqlite3_column_type(st, 9) == SQLITE_NULL ? 0.0 : sqlite3_column_double(st, 9);
        rep.time_code = sqlite3_column_int(st, 10);
        rep.actor1 = col_text(st, 11);
        rep.actor2 = col_text(st, 12);
        rep.assoc1 = col_text(st, 13);
        rep.assoc2 = col_text(st, 14);
        rep.inter1 = (actor_type)sqlite3_column_int(st, 15);
        rep.inter2 = (actor_type)sqlite3_column_int(st, 16);
        rep.inter.a = (actor_type)sqlite3_column_int(st, 17);
        rep.inter.b = (actor_type)sqlite3_column_int(st, 18);
        rep.unit = col_text(st, 19);
        rep.party = col_text(st, 20);
        if (!rep.source_id && rep.kind == REPORT_TRACK) {
            store_track_key(rep.unit, rep.party, rep.time.at, key);
            rep.source_id = key;
        }
        rep.event_type = col_text(st, 21);
        rep.sub_event_type = col_text(st, 22);
        rep.fatalities = col_count(st, 23);
        rep.fatalities_low = col_count(st, 24);
        rep.fatalities_high = col_count(st, 25);
        rep.persons = col_count(st, 26);
        rep.trucks = col_count(st, 27);
        rep.fuel_trucks = col_count(st, 28);
        rep.category = col_text(st, 29);
        rep.obligation = col_text(st, 30);
        rep.crossing = col_text(st, 31);
        rep.crossing_state = (crossing_state)sqlite3_column_int(st, 32);
        rep.zone = col_text(st, 33);
        rep.basis = (withdrawal_basis)sqlite3_column_int(st, 34);
        const char *joined = col_text(st, 35);
        if (joined) {
            size_t l = strlen(joined) + 1;
            if (l > pbcap) {
                char *nb = realloc(pbuf, l);
                if (!nb) {
                    r = TRUCE_ENOMEM;
                    break;
                }
                pbuf = nb, pbcap = l;
            }
            memcpy(pbuf, joined, l);
            if ((r = split(pbuf, &plist, &pcap, &rep.nparties))) break;
            rep.parties = plist;
        }
        rep.place = col_text(st, 36);
        rep.country = col_text(st, 37);
        rep.notes = col_text(st, 38);
        rep.source = col_text(st, 39);
        rep.modified = sqlite3_column_int64(st, 40);
        source src = {col_text(st, 45), NULL, 0};
        rep.at.src = &src;
        rep.at.line = sqlite3_column_int(st, 41);
        rep.at.col = sqlite3_column_int(st, 42);
        if ((r = fn(&rep, user)) != 0) break;
    }
    if (!r && rc != SQLITE_DONE) r = store_fail(s, rc);
    sqlite3_finalize(st);
    free((void *)plist);
    free(pbuf);
    if (r) store_rollback(s);
    else if ((r = store_commit(s)) != 0) store_rollback(s);
    return r;
}

int store_report_count(truce_store *s, long *out)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    int rc = sqlite3_prepare_v2(s->db, "SELECT (SELECT count(*) FROM reports) + (SELECT count(*) FROM positions)", -1, &st, NULL);
    if (rc != SQLITE_OK) return store_fail(s, rc);
    rc = sqlite3_step(st);
    int r = 0;
    if (rc == SQLITE_ROW) *out = (long)sqlite3_column_int64(st, 0);
    else r = store_fail(s, rc);
    sqlite3_finalize(st);
    return r;
}

/* ---- the store as a truce_report_source ---- */

int truce_store_reports(void *from, truce_field_report_fn fn, void *user)
{
    if (!from || !fn) return TRUCE_EARG;
    report_forward f = {fn, user};
    return store_reports_each(from, report_forward_each, &f);
}
