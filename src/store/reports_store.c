/* reports_store.c: the stored reports read back as report records (reports.h), in time order,
 * for judgement; and their count. Not writing them (ingest.c) and not the schema (store.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/reports_store.h"
#include "store/store.h"

#define READ_COLUMNS                                                                                  \
    "r.kind, r.source_id, r.time_prec, r.at, r.day_from, r.day_until, r.lon, r.lat, r.loc_prec, "       \
    "r.radius_m, r.time_code, r.actor1, r.actor2, r.assoc1, r.assoc2, r.inter1, r.inter2, r.inter_a, "  \
    "r.inter_b, r.unit, r.party, r.event_type, r.sub_event_type, r.fatalities, r.fatalities_low, "       \
    "r.fatalities_high, r.persons, r.trucks, r.fuel_trucks, r.category, r.obligation, r.crossing, "      \
    "r.crossing_state, r.zone, r.basis, r.parties, r.place, r.country, r.notes, r.source, r.modified, "  \
    "r.line, r.col, b.file"

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
                                "SELECT " READ_COLUMNS " FROM reports r JOIN ingest_batches b ON b.id = r.batch "
                                "ORDER BY r.at, r.id",
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
        rep.time.from = sqlite3_column_int(st, 4);
        rep.time.until = sqlite3_column_int(st, 5);
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
        source src = {col_text(st, 43), NULL, 0};
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
    int rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM reports", -1, &st, NULL);
    if (rc != SQLITE_OK) return store_fail(s, rc);
    rc = sqlite3_step(st);
    int r = 0;
    if (rc == SQLITE_ROW) *out = (long)sqlite3_column_int64(st, 0);
    else r = store_fail(s, rc);
    sqlite3_finalize(st);
    return r;
}
