/* acled.c: ACLED CSV exports (the 31 current columns, matched by header name in any order) into
 * reports: both the numeric (1, 13) and the text ("State forces", "State forces-Protesters")
 * forms of inter1/inter2/interaction, both date forms, precision kept as a day range and a
 * radius. Each bad row is reported with its column and reason and skipped. Not actor matching. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "reports/internal.h"
#include "util/date.h"

enum {
    A_ID, A_DATE, A_YEAR, A_TPREC, A_DISORDER, A_ETYPE, A_SUBTYPE, A_ACTOR1, A_ASSOC1, A_INTER1, A_ACTOR2,
    A_ASSOC2, A_INTER2, A_INTERACTION, A_CIVTARGET, A_ISO, A_REGION, A_COUNTRY, A_ADMIN1, A_ADMIN2, A_ADMIN3,
    A_LOCATION, A_LAT, A_LON, A_GEOPREC, A_SOURCE, A_SCALE, A_NOTES, A_FATAL, A_TAGS, A_TIMESTAMP, A_N
};

static const char *const names[A_N] = {
    "event_id_cnty", "event_date", "year",     "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1",        "assoc_actor_1", "inter1", "actor2",        "assoc_actor_2", "inter2",     "interaction",
    "civilian_targeting", "iso",  "region",    "country",        "admin1",        "admin2",     "admin3",
    "location",      "latitude",   "longitude", "geo_precision", "source",        "source_scale", "notes",
    "fatalities",    "tags",       "timestamp"};

static const unsigned char required[A_N] = {
    [A_ID] = 1,     [A_DATE] = 1, [A_TPREC] = 1, [A_ETYPE] = 1,   [A_ACTOR1] = 1, [A_INTER1] = 1,
    [A_LAT] = 1,    [A_LON] = 1,  [A_GEOPREC] = 1, [A_FATAL] = 1};

/* "State forces" / "State force" / "state forces" ...: a type name at the start of s, with an
 * optional plural s (older exports wrote "Rebel groups"); returns its length or 0. */
static size_t type_prefix(const char *s, size_t len, actor_type *out)
{
    size_t best = 0;
    for (int t = 1; t <= 8; t++) {
        const char *n = actor_type_names[t];
        size_t nl = strlen(n);
        if (nl <= len && strncasecmp(s, n, nl) == 0) {
            size_t l = nl;
            if (l < len && (s[l] == 's' || s[l] == 'S') && n[nl - 1] != 's') l++;
            if (l > best) best = l, *out = (actor_type)t;
        }
    }
    return best;
}

/* inter1/inter2: "1".."8" or a type name; empty (and "0") is ACTOR_NONE. 0 or -1. */
static int parse_actor_type(const char *s, size_t len, actor_type *out)
{
    while (len && (*s == ' ' || *s == '\t')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (len == 0) return *out = ACTOR_NONE, 0;
    if (len == 1 && s[0] >= '0' && s[0] <= '8') return *out = (actor_type)(s[0] - '0'), 0;
    return type_prefix(s, len, out) == len ? 0 : -1;
}

/* interaction: "13", "10" (one-sided), or "State forces-Political militia", "State forces only". */
static int parse_interaction(const char *s, size_t len, interaction *out)
{
    while (len && (*s == ' ' || *s == '\t')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    actor_type a = ACTOR_NONE, b = ACTOR_NONE;
    if (len == 2 && s[0] >= '1' && s[0] <= '8' && s[1] >= '0' && s[1] <= '8') {
        a = (actor_type)(s[0] - '0');
        b = (actor_type)(s[1] - '0');
        if (b != ACTOR_NONE && b < a) return -1; /* the lower code comes first */
    } else {
        size_t l = type_prefix(s, len, &a);
        if (!l) return -1;
        if (len - l == 5 && strncasecmp(s + l, " only", 5) == 0) {
            b = ACTOR_NONE;
        } else {
            if (l >= len || s[l] != '-') return -1;
            size_t l2 = type_prefix(s + l + 1, len - l - 1, &b);
            if (!l2 || l + 1 + l2 != len) return -1;
            if (b < a) {
                actor_type t = a;
                a = b, b = t;
            }
        }
    }
    out->a = a;
    out->b = b;
    return 0;
}

static void acled_row(row_ctx *c, const csv_reader *r, const int *idx, report *rep)
{
    rfield v[A_N];
    for (int i = 0; i < A_N; i++) v[i] = csv_rfield(r, idx[i]);
    report_init(rep, REPORT_ACLED);
    rep->at = csv_field_pos(r, &r->fields[0]);

    rf_text(c, &v[A_ID], "event_id_cnty", 1, &rep->source_id);
    truce_date day = 0;
    long prec = 0, year = 0;
    int have_day = 0;
    if (report_parse_day(v[A_DATE].s, v[A_DATE].len, &day))
        row_error(c, v[A_DATE].at, "event_date: '%.40s' is not a real calendar day (write 2025-01-19 or 19 January 2025)",
                  v[A_DATE].s);
    else
        have_day = 1;
    rf_long(c, &v[A_TPREC], "time_precision", 1, 1, 3, &prec);
    if (rf_long(c, &v[A_YEAR], "year", 0, 1000, 9999, &year) == 0 && year != REPORT_COUNT_NONE && have_day) {
        int y, m, d;
        date_to_ymd(day, &y, &m, &d);
        if (y != year) row_error(c, v[A_YEAR].at, "year: %ld is not the year of event_date (%d)", year, y);
    }
    if (have_day && prec >= 1) {
        /* ACLED codes the middle of the week or month when only that is known; a window that holds
         * every such period containing the coded day never claims more than the source. */
        int half = prec == 1 ? 0 : prec == 2 ? 6 : 30;
        rep->time = time_days(day - half, day + half);
        rep->time_code = (int)prec;
        report_time coded = time_days(day, day);
        if (check_not_future(c, v[A_DATE].at, "event_date", &coded) == 0 && c->o->now != REPORT_NOW_NONE) {
            truce_date today = date_of_seconds(c->o->now);
            if (rep->time.until > today) rep->time = time_days(rep->time.from, today); /* not after now */
        }
    }
    rf_text(c, &v[A_ETYPE], "event_type", 1, &rep->event_type);
    rf_text(c, &v[A_SUBTYPE], "sub_event_type", 0, &rep->sub_event_type);
    rf_text(c, &v[A_ACTOR1], "actor1", 1, &rep->actor1);
    rf_text(c, &v[A_ACTOR2], "actor2", 0, &rep->actor2);
    rf_text(c, &v[A_ASSOC1], "assoc_actor_1", 0, &rep->assoc1);
    rf_text(c, &v[A_ASSOC2], "assoc_actor_2", 0, &rep->assoc2);
    int types_ok = 1;
    if (parse_actor_type(v[A_INTER1].s, v[A_INTER1].len, &rep->inter1) || rep->inter1 == ACTOR_NONE) {
        row_error(c, v[A_INTER1].at, "inter1: '%.40s' is not an ACLED actor type (1-8 or a name like State forces)",
                  v[A_INTER1].s);
        types_ok = 0;
    }
    if (parse_actor_type(v[A_INTER2].s, v[A_INTER2].len, &rep->inter2)) {
        row_error(c, v[A_INTER2].at, "inter2: '%.40s' is not an ACLED actor type (0-8 or a name like Civilians)",
                  v[A_INTER2].s);
        types_ok = 0;
    }
    if (v[A_INTERACTION].kind != RF_ABSENT && v[A_INTERACTION].len) {
        if (parse_interaction(v[A_INTERACTION].s, v[A_INTERACTION].len, &rep->inter)) {
            row_error(c, v[A_INTERACTION].at,
                      "interaction: '%.60s' is not an ACLED interaction (like 13 or State forces-Political militia)",
                      v[A_INTERACTION].s);
        } else if (types_ok) {
            actor_type lo = rep->inter1, hi = rep->inter2;
            if (hi != ACTOR_NONE && hi < lo) lo = rep->inter2, hi = rep->inter1;
            if (lo != rep->inter.a || hi != rep->inter.b)
                row_warning(c, v[A_INTERACTION].at, "interaction: '%.60s' does not agree with inter1 and inter2",
                            v[A_INTERACTION].s);
        }
    } else if (types_ok) {
        rep->inter.a = rep->inter1;
        rep->inter.b = rep->inter2;
        if (rep->inter.b != ACTOR_NONE && rep->inter.b < rep->inter.a) {
            rep->inter.a = rep->inter2;
            rep->inter.b = rep->inter1;
        }
    }
    rf_lonlat(c, &v[A_LON], &v[A_LAT], &rep->lon, &rep->lat);
    long gp = 0;
    if (rf_long(c, &v[A_GEOPREC], "geo_precision", 1, 1, 3, &gp) == 0) {
        rep->loc_prec = (int)gp;
        rep->radius_m = acled_geo_radius((int)gp);
    }
    rf_long(c, &v[A_FATAL], "fatalities", 1, 0, 10000000, &rep->fatalities);
    long ts = 0;
    if (rf_long(c, &v[A_TIMESTAMP], "timestamp", 0, 0, 253402300799L, &ts) == 0)
        rep->modified = ts == REPORT_COUNT_NONE ? 0 : ts;
    rf_text(c, &v[A_COUNTRY], "country", 0, &rep->country);
    rf_text(c, &v[A_LOCATION], "location", 0, &rep->place);
    rf_text(c, &v[A_NOTES], "notes", 0, &rep->notes);
    rf_text(c, &v[A_SOURCE], "source", 0, &rep->source);
}

static void acled_row_cb(row_ctx *c, const csv_reader *r, const int *idx, report *rep, void *ctx)
{
    (void)ctx;
    acled_row(c, r, idx, rep);
}

static void acled_header(const csv_reader *r, const int *idx, diag_sink *sink)
{
    if (idx[A_TIMESTAMP] < 0)
        diag_report(sink, TRUCE_WARNING, csv_field_pos(r, &r->fields[0]), NULL,
                    "the ACLED header has no column 'timestamp': a re-import cannot tell a revised event from an "
                    "old copy");
}

int acled_read(const source *src, const report_read_opts *o, report_stats *st)
{
    csv_format f = {"ACLED", names, required, A_N, acled_header, acled_row_cb, NULL};
    return csv_rows(src, o, st, &f);
}
