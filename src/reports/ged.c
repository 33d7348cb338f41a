/* ged.c: UCDP Georeferenced Event Dataset CSV (49 columns, matched by header name) into reports:
 * the event's date_start..date_end with its date_prec, its where_prec turned into a radius,
 * side_a/side_b as actors and best (low..high) as fatalities. Each bad row is reported with its
 * column and reason and skipped. Not actor matching and not UCDP's conflict or dyad tables. */
#include <string.h>

#include "reports/internal.h"
#include "util/date.h"

enum {
    G_ID, G_RELID, G_YEAR, G_ACTIVE_YEAR, G_CODE_STATUS, G_TYPE, G_CONFLICT_DSET_ID, G_CONFLICT_NEW_ID,
    G_CONFLICT_NAME, G_DYAD_DSET_ID, G_DYAD_NEW_ID, G_DYAD_NAME, G_SIDE_A_DSET_ID, G_SIDE_A_NEW_ID, G_SIDE_A,
    G_SIDE_B_DSET_ID, G_SIDE_B_NEW_ID, G_SIDE_B, G_NUMBER_OF_SOURCES, G_SOURCE_ARTICLE, G_SOURCE_OFFICE,
    G_SOURCE_DATE, G_SOURCE_HEADLINE, G_SOURCE_ORIGINAL, G_WHERE_PREC, G_WHERE_COORDINATES, G_WHERE_DESCRIPTION,
    G_ADM_1, G_ADM_2, G_LAT, G_LON, G_GEOM_WKT, G_PRIOGRID_GID, G_COUNTRY, G_COUNTRY_ID, G_REGION,
    G_EVENT_CLARITY, G_DATE_PREC, G_DATE_START, G_DATE_END, G_DEATHS_A, G_DEATHS_B, G_DEATHS_CIVILIANS,
    G_DEATHS_UNKNOWN, G_BEST, G_HIGH, G_LOW, G_GWNOA, G_GWNOB, G_N
};

static const char *const names[G_N] = {
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
    "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates", "where_description",
    "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob"};

static const unsigned char required[G_N] = {
    [G_ID] = 1,       [G_TYPE] = 1,      [G_SIDE_A] = 1,     [G_SIDE_B] = 1,   [G_WHERE_PREC] = 1, [G_LAT] = 1,
    [G_LON] = 1,      [G_DATE_PREC] = 1, [G_DATE_START] = 1, [G_DATE_END] = 1, [G_BEST] = 1};

static const char *const violence[] = {"", "state-based", "non-state", "one-sided"};

/* "2023-10-07", or with a time of day after it ("2023-10-07 00:00:00.000"), as GED exports write. */
static int ged_day(row_ctx *c, const rfield *f, const char *name, truce_date *out)
{
    size_t len = f->len;
    if (len > 10 && (f->s[10] == ' ' || f->s[10] == 'T')) len = 10;
    if (f->kind == RF_ABSENT || date_parse_n(f->s, len, out)) {
        row_error(c, f->at, "%s: '%.40s' is not a real calendar day (YYYY-MM-DD)", name, f->s);
        return -1;
    }
    return 0;
}

static void ged_row(row_ctx *c, const csv_reader *r, const int *idx, report *rep, void *ctx)
{
    (void)ctx;
    rfield v[G_N];
    for (int i = 0; i < G_N; i++) v[i] = csv_rfield(r, idx[i]);
    report_init(rep, REPORT_GED);
    rep->at = csv_field_pos(r, &r->fields[0]);

    rf_text(c, &v[G_ID], "id", 1, &rep->source_id);
    long type = 0;
    if (rf_long(c, &v[G_TYPE], "type_of_violence", 1, 1, 3, &type) == 0) rep->event_type = violence[type];
    rf_text(c, &v[G_SIDE_A], "side_a", 1, &rep->actor1);
    rf_text(c, &v[G_SIDE_B], "side_b", 1, &rep->actor2);

    long dp = 0;
    truce_date from = 0, until = 0;
    int dates = rf_long(c, &v[G_DATE_PREC], "date_prec", 1, 1, 5, &dp);
    dates |= ged_day(c, &v[G_DATE_START], "date_start", &from);
    dates |= ged_day(c, &v[G_DATE_END], "date_end", &until);
    if (dates == 0) {
        if (until < from) {
            row_error(c, v[G_DATE_END].at, "date_end: %.10s is before date_start %.10s", v[G_DATE_END].s,
                      v[G_DATE_START].s);
        } else {
            rep->time = time_days(from, until);
            rep->time_code = (int)dp;
            report_time first = time_days(from, from);
            if (check_not_future(c, v[G_DATE_START].at, "date_start", &first) == 0 && c->o->now != REPORT_NOW_NONE) {
                truce_date today =
                    date_of_seconds(c->o->now);
                if (until > today)
                    row_error(c, v[G_DATE_END].at, "date_end: in the future (after now)");
            }
            if (dp == 1 && until != from)
                row_warning(c, v[G_DATE_PREC].at, "date_prec: 1 (exact day) but date_start and date_end differ");
        }
    }
    rf_lonlat(c, &v[G_LON], &v[G_LAT], &rep->lon, &rep->lat);
    long wp = 0;
    if (rf_long(c, &v[G_WHERE_PREC], "where_prec", 1, 1, 7, &wp) == 0) {
        rep->loc_prec = (int)wp;
        rep->radius_m = ged_where_radius((int)wp);
    }
    long low, high;
    int deaths = rf_long(c, &v[G_BEST], "best", 1, 0, 10000000, &rep->fatalities);
    deaths |= rf_long(c, &v[G_LOW], "low", 0, 0, 10000000, &low);
    deaths |= rf_long(c, &v[G_HIGH], "high", 0, 0, 10000000, &high);
    rep->fatalities_low = low;
    rep->fatalities_high = high;
    if (deaths == 0 && ((low != REPORT_COUNT_NONE && low > rep->fatalities) ||
                        (high != REPORT_COUNT_NONE && high < rep->fatalities)))
        row_error(c, v[G_BEST].at, "best: %ld is not between low and high", rep->fatalities);
    static const int death_cols[] = {G_DEATHS_A, G_DEATHS_B, G_DEATHS_CIVILIANS, G_DEATHS_UNKNOWN};
    for (size_t i = 0; i < 4; i++) {
        long d;
        rf_long(c, &v[death_cols[i]], names[death_cols[i]], 0, 0, 10000000, &d);
    }
    rf_text(c, &v[G_COUNTRY], "country", 0, &rep->country);
    rf_text(c, &v[G_WHERE_COORDINATES], "where_coordinates", 0, &rep->place);
    rf_text(c, &v[G_WHERE_DESCRIPTION], "where_description", 0, &rep->notes);
    rf_text(c, &v[G_SOURCE_ARTICLE], "source_article", 0, &rep->source);
}

int ged_read(const source *src, const report_read_opts *o, report_stats *st)
{
    csv_format f = {"GED", names, required, G_N, NULL, ged_row, NULL};
    return csv_rows(src, o, st, &f);
}
