/* test_reports.c: unit tests for the report readers (src/reports): the CSV reader's edge cases and
 * positions, ACLED rows in both inter forms and both date forms, GED precision, tracks as JSON
 * Lines, GeoJSON and CSV with time zones, implementation reports, bad rows rejected with their
 * exact line:col and reason while good rows are kept, and actor matching with its unmatched
 * listing. Data files are under tests/reports/ (all synthetic). With TRUCE_BENCH_CSV=1 it also
 * times the CSV reader on 1,000,000 generated rows (the figure recorded at the top of csv.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "reports/csv.h"
#include "reports/internal.h"
#include "reports/reports.h"
#include "util/date.h"

/* ---- running a reader over a file or a string, collecting what it says ---- */

typedef struct run {
    arena ar;
    char diags[8192];
    int ndiags;
    report_list list;
    report_stats st;
    int rc;
    char *data;
    source src;
} run;

static void collect_diag(const truce_diag *d, void *user)
{
    run *r = user;
    size_t o = strlen(r->diags);
    snprintf(r->diags + o, sizeof r->diags - o, "%d:%d: %s: %s\n", d->line, d->col,
             d->severity == TRUCE_ERROR ? "error" : "warning", d->message);
    r->ndiags++;
}

enum { R_ACLED, R_GED, R_TRACK, R_IMPL };

#define NOW_2026 1767225600LL /* 2026-01-01T00:00:00Z */

static void run_text(run *r, int which, const char *name, const char *text, size_t len, long long now)
{
    memset(r, 0, sizeof *r);
    arena_init(&r->ar, NULL);
    r->list.ar = &r->ar;
    r->src.name = name;
    r->src.text = text;
    r->src.len = len;
    diag_sink sink = {collect_diag, r, 0, 0};
    report_read_opts o = {&sink, report_collect, &r->list, now, NULL};
    switch (which) {
    case R_ACLED: r->rc = acled_read(&r->src, &o, &r->st); break;
    case R_GED: r->rc = ged_read(&r->src, &o, &r->st); break;
    case R_TRACK: r->rc = track_read(&r->src, TRACK_AUTO, &o, &r->st); break;
    default: r->rc = impl_read(&r->src, IMPL_AUTO, &o, &r->st); break;
    }
}

static void run_file(run *r, int which, const char *path, long long now)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    char *copy = malloc(n + 1);
    assert_non_null(copy);
    memcpy(copy, buf, n);
    run_text(r, which, path, copy, n, now);
    r->data = copy;
}

static void run_done(run *r)
{
    arena_release(&r->ar);
    free(r->data);
}

static const report *nth(const run *r, size_t i)
{
    assert_true(i < r->list.items.n);
    return &((const report *)r->list.items.items)[i];
}

#define DAY(y, m, d) date_from_ymd(y, m, d)

/* ---- CSV ---- */

static void read_all_fields(const char *text, char *out, size_t cap)
{
    arena ar;
    arena_init(&ar, NULL);
    source src = {"t.csv", text, strlen(text)};
    csv_reader r;
    csv_init(&r, &ar, &src);
    out[0] = '\0';
    int rc;
    while ((rc = csv_next(&r)) == 1) {
        size_t o = strlen(out);
        snprintf(out + o, cap - o, "[%ld]", r.row);
        for (size_t i = 0; i < r.nfields; i++) {
            pos at = csv_field_pos(&r, &r.fields[i]);
            o = strlen(out);
            snprintf(out + o, cap - o, " %d:%d<%s>", at.line, at.col, r.fields[i].s);
        }
        if (r.error) {
            pos at = csv_error_pos(&r);
            o = strlen(out);
            snprintf(out + o, cap - o, " !%d:%d %s", at.line, at.col, r.error);
        }
        o = strlen(out);
        snprintf(out + o, cap - o, "\n");
    }
    assert_int_equal(rc, 0);
    arena_release(&ar);
}

static void test_csv_edges(void **state)
{
    (void)state;
    char out[2048];
    /* quoted fields, doubled quotes, embedded comma and newline, CRLF, empty fields, no final newline */
    read_all_fields("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\r\n\r\nlast,\"\",z", out, sizeof out);
    assert_string_equal(out, "[1] 1:1<a> 1:3<b,c> 1:9<say \"hi\">\n"
                             "[2] 2:1<two\nlines> 3:8<> 3:9<x>\n"
                             "[3] 5:1<last> 5:6<> 5:9<z>\n");
    /* a UTF-8 byte order mark is skipped; columns count characters, not bytes */
    read_all_fields("\xEF\xBB\xBFunit,\xC3\xA9t\xC3\xA9,lon\n", out, sizeof out);
    assert_string_equal(out, "[1] 1:1<unit> 1:6<\xC3\xA9t\xC3\xA9> 1:10<lon>\n");
    /* a trailing comma makes an empty last field; a quote inside an unquoted field is data */
    read_all_fields("a,b,\nx\"y,1\n", out, sizeof out);
    assert_string_equal(out, "[1] 1:1<a> 1:3<b> 1:5<>\n[2] 2:1<x\"y> 2:5<1>\n");
    /* text after a closing quote: the record is marked bad, the next one reads normally */
    read_all_fields("\"ab\"c,d\ne,f\n", out, sizeof out);
    assert_string_equal(out, "[1] 1:1<abc> 1:7<d> !1:5 text after the closing quote of a field (a quote inside a "
                             "field is written \"\")\n[2] 2:1<e> 2:3<f>\n");
    /* an unterminated quote runs to the end of the input, and says where it opened */
    read_all_fields("a,b\nc,\"open\nmore\n", out, sizeof out);
    assert_string_equal(out, "[1] 1:1<a> 1:3<b>\n[2] 2:1<c> 2:3<open\nmore\n> !2:3 a quoted field is not closed "
                             "before the end of the file\n");
    /* a lone CR at the end of the input ends the record */
    read_all_fields("a,b\r", out, sizeof out);
    assert_string_equal(out, "[1] 1:1<a> 1:3<b>\n");
    /* empty input */
    read_all_fields("", out, sizeof out);
    assert_string_equal(out, "");
}

static void test_csv_nul(void **state)
{
    (void)state;
    static const char text[] = "a,b\nc\0d,e\n";
    arena ar;
    arena_init(&ar, NULL);
    source src = {"t.csv", text, sizeof text - 1};
    csv_reader r;
    csv_init(&r, &ar, &src);
    assert_int_equal(csv_next(&r), 1);
    assert_null(r.error);
    assert_int_equal(csv_next(&r), 1);
    assert_non_null(r.error);
    assert_string_equal(r.error, "a field contains a NUL byte");
    assert_int_equal(r.fields[0].len, 3);
    assert_int_equal(csv_next(&r), 0);
    arena_release(&ar);
}

/* ---- ACLED ---- */

static void test_acled(void **state)
{
    (void)state;
    run r;
    run_file(&r, R_ACLED, "tests/reports/acled_synthetic.csv", NOW_2026);
    assert_int_equal(r.rc, 0);
    assert_string_equal(
        r.diags,
        "5:250: error: row 4: latitude: 95.0 is not between -90 and 90\n"
        "6:6: error: row 5: event_date: '2025-02-30' is not a real calendar day (write 2025-01-19 or 19 January 2025)\n"
        "7:313: error: row 6: fatalities: -3 is negative\n"
        "8:266: error: row 7: geo_precision: 4 is not between 1 and 3\n"
        "10:252: error: row 9: coordinates 0,0: where a missing location lands, not a place a report can be\n"
        "11:6: error: row 10: event_date: in the future (after now, 2026-01-01)\n"
        "12:140: error: row 11: inter1: '9' is not an ACLED actor type (1-8 or a name like State forces)\n");
    assert_int_equal(r.st.rows, 10);
    assert_int_equal(r.st.accepted, 3);
    assert_int_equal(r.st.rejected, 7);
    assert_int_equal(r.list.items.n, 3);

    /* numeric forms, ISO date */
    const report *a = nth(&r, 0);
    assert_int_equal(a->kind, REPORT_ACLED);
    assert_string_equal(a->source_id, "SYN1");
    assert_int_equal(a->time.prec, TIME_DAY);
    assert_int_equal(a->time.from, DAY(2025, 1, 20));
    assert_int_equal(a->time.until, DAY(2025, 1, 20));
    assert_true(a->time.at == (long long)DAY(2025, 1, 20) * 86400);
    assert_int_equal(a->inter1, ACTOR_STATE);
    assert_int_equal(a->inter2, ACTOR_CIVILIANS);
    assert_int_equal(a->inter.a, ACTOR_STATE);
    assert_int_equal(a->inter.b, ACTOR_CIVILIANS);
    assert_int_equal(a->loc_prec, 1);
    assert_true(a->radius_m == 5000.0);
    assert_true(a->lat == 31.3462 && a->lon == 34.3063);
    assert_int_equal(a->fatalities, 0);
    assert_true(a->modified == 1737400000LL);
    assert_string_equal(a->actor1, "Military Forces of Israel (2022-)");
    assert_string_equal(a->event_type, "Explosions/Remote violence");

    /* text forms, "19 January 2025", notes with quotes, a comma and a newline */
    const report *b = nth(&r, 1);
    assert_string_equal(b->source_id, "SYN2");
    assert_int_equal(b->time.from, DAY(2025, 1, 19));
    assert_int_equal(b->inter1, ACTOR_REBEL);
    assert_int_equal(b->inter2, ACTOR_STATE);
    assert_int_equal(b->inter.a, ACTOR_STATE); /* lower code first, as ACLED writes it */
    assert_int_equal(b->inter.b, ACTOR_REBEL);
    assert_int_equal(b->loc_prec, 2);
    assert_true(b->radius_m == 25000.0);
    assert_string_equal(b->notes, "Synthetic: \"quoted\", with a comma,\nand a second line.");
    assert_int_equal(b->fatalities, 2);

    /* time_precision 2: a window of days around the coded one; "Protesters only" */
    const report *c = nth(&r, 2);
    assert_string_equal(c->source_id, "SYN7");
    assert_int_equal(c->time.prec, TIME_RANGE);
    assert_int_equal(c->time.from, DAY(2025, 1, 9));
    assert_int_equal(c->time.until, DAY(2025, 1, 21));
    assert_int_equal(c->inter.a, ACTOR_PROTESTERS);
    assert_int_equal(c->inter.b, ACTOR_NONE);
    assert_int_equal(c->inter2, ACTOR_NONE);
    assert_null(c->actor2);
    assert_true(c->radius_m == 150000.0);
    run_done(&r);
}

static void test_acled_reordered(void **state)
{
    (void)state;
    run r;
    run_file(&r, R_ACLED, "tests/reports/acled_reordered_synthetic.csv", REPORT_NOW_NONE);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.diags, "1:307: warning: unknown ACLED column 'extra_column' is ignored\n");
    assert_int_equal(r.list.items.n, 1);
    const report *a = nth(&r, 0);
    assert_string_equal(a->source_id, "SYN20");
    assert_int_equal(a->time.from, DAY(2025, 2, 3));
    assert_int_equal(a->inter1, ACTOR_STATE);
    assert_int_equal(a->inter2, ACTOR_CIVILIANS);
    assert_true(a->lat == 31.3462);
    assert_string_equal(a->notes, "Synthetic test event.");
    assert_int_equal(a->at.line, 2);
    run_done(&r);
}

static void test_acled_missing_columns(void **state)
{
    (void)state;
    run r;
    run_file(&r, R_ACLED, "tests/reports/acled_missing_columns_synthetic.csv", REPORT_NOW_NONE);
    assert_int_equal(r.rc, TRUCE_ESYNTAX);
    assert_string_equal(r.diags, "1:1: error: the ACLED header has no column 'latitude' (required)\n"
                                 "1:1: error: the ACLED header has no column 'fatalities' (required)\n");
    assert_int_equal(r.list.items.n, 0);
    run_done(&r);
}

static const char acled_header[] =
    "event_id_cnty,event_date,time_precision,event_type,actor1,inter1,actor2,inter2,interaction,latitude,longitude,"
    "geo_precision,fatalities\n";

static void acled_one(const char *row, const char *want_diags, int accepted, interaction inter)
{
    char text[1024];
    snprintf(text, sizeof text, "%s%s\n", acled_header, row);
    run r;
    run_text(&r, R_ACLED, "a.csv", text, strlen(text), REPORT_NOW_NONE);
    assert_int_equal(r.rc, 0);
    char want[1024];
    snprintf(want, sizeof want, "1:1: warning: the ACLED header has no column 'timestamp': a re-import cannot tell a "
                                "revised event from an old copy\n%s", want_diags);
    assert_string_equal(r.diags, want);
    assert_int_equal(r.list.items.n, (size_t)accepted);
    if (accepted) {
        assert_int_equal(nth(&r, 0)->inter.a, inter.a);
        assert_int_equal(nth(&r, 0)->inter.b, inter.b);
    }
    run_done(&r);
}

static void test_acled_inter_forms(void **state)
{
    (void)state;
    interaction sp = {ACTOR_STATE, ACTOR_PROTESTERS}, e = {0, 0}, so = {ACTOR_STATE, ACTOR_NONE};
    acled_one("X1,2025-01-19,1,Protests,A,6,B,1,16,31.5,34.4,1,0", "", 1, sp);
    acled_one("X1,2025-01-19,1,Protests,A,Protesters,B,State forces,State forces-Protesters,31.5,34.4,1,0", "", 1, sp);
    acled_one("X1,2025-01-19,1,Protests,A,protesters,B,STATE FORCES,state forces-protesters,31.5,34.4,1,0", "", 1, sp);
    acled_one("X1,2025-01-19,1,Battles,A,State forces,,,State forces only,31.5,34.4,1,0", "", 1, so);
    acled_one("X1,2025-01-19,1,Battles,A,1,,0,10,31.5,34.4,1,0", "", 1, so);
    /* older plural names */
    interaction rp = {ACTOR_REBEL, ACTOR_POLITICAL};
    acled_one("X1,2025-01-19,1,Battles,A,Rebel groups,B,Political militias,23,31.5,34.4,1,0", "", 1, rp);
    /* an interaction that disagrees with inter1/inter2 is kept, with a warning */
    acled_one("X1,2025-01-19,1,Battles,A,1,B,3,12,31.5,34.4,1,0",
              "2:33: warning: row 2: interaction: '12' does not agree with inter1 and inter2\n", 1,
              (interaction){ACTOR_STATE, ACTOR_REBEL});
    acled_one("X1,2025-01-19,1,Battles,A,1,B,3,31,31.5,34.4,1,0",
              "2:33: error: row 2: interaction: '31' is not an ACLED interaction (like 13 or State forces-Political "
              "militia)\n",
              0, e);
    acled_one("X1,2025-01-19,1,Battles,A,Navy,B,3,13,31.5,34.4,1,0",
              "2:27: error: row 2: inter1: 'Navy' is not an ACLED actor type (1-8 or a name like State forces)\n", 0, e);
    /* dates: 29 February only in leap years; time_precision out of range; the row's width */
    acled_one("X1,29 February 2024,1,Battles,A,1,B,3,13,31.5,34.4,1,0", "", 1, (interaction){1, 3});
    acled_one("X1,29 February 2025,1,Battles,A,1,B,3,13,31.5,34.4,1,0",
              "2:4: error: row 2: event_date: '29 February 2025' is not a real calendar day (write 2025-01-19 or 19 "
              "January 2025)\n",
              0, e);
    acled_one("X1,2025-01-19,4,Battles,A,1,B,3,13,31.5,34.4,1,0",
              "2:15: error: row 2: time_precision: 4 is not between 1 and 3\n", 0, e);
    acled_one("X1,2025-01-19,1,Battles,A,1,B,3,13,31.5,34.4,1",
              "2:47: error: row 2: has 12 fields, the header has 13\n", 0, e);
    acled_one("X1,2025-01-19,1,Battles,A,1,B,3,13,31.5,34.4,1,0,extra",
              "2:50: error: row 2: has 14 fields, the header has 13\n", 0, e);
    acled_one("X1,2025-01-19,1,Battles,A,1,B,3,13,north,34.4,1,two",
              "2:36: error: row 2: latitude: 'north' is not a number\n"
              "2:49: error: row 2: fatalities: 'two' is not a whole number\n",
              0, e);
}

/* ---- GED ---- */

static void test_ged(void **state)
{
    (void)state;
    run r;
    run_file(&r, R_GED, "tests/reports/ged_synthetic.csv", NOW_2026);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.diags, "4:137: error: row 4: where_prec: 8 is not between 1 and 7\n"
                                 "5:239: error: row 5: date_prec: 6 is not between 1 and 5\n"
                                 "6:252: error: row 6: date_end: 2025-01-20 is before date_start 2025-01-21\n"
                                 "7:271: error: row 7: best: 10 is not between low and high\n"
                                 "8:180: error: row 8: longitude: 200 is not between -180 and 180\n");
    assert_int_equal(r.st.accepted, 2);
    assert_int_equal(r.st.rejected, 5);
    const report *a = nth(&r, 0);
    assert_int_equal(a->kind, REPORT_GED);
    assert_string_equal(a->source_id, "900001");
    assert_int_equal(a->time.prec, TIME_DAY);
    assert_int_equal(a->time_code, 1);
    assert_int_equal(a->loc_prec, 1);
    assert_true(a->radius_m == 5000.0);
    assert_string_equal(a->actor1, "Government of Israel");
    assert_string_equal(a->actor2, "Hamas");
    assert_string_equal(a->event_type, "state-based");
    assert_int_equal(a->fatalities, 1);
    /* a month's precision and a province's: the whole range, and a radius no zone check can confirm */
    const report *b = nth(&r, 1);
    assert_int_equal(b->time.prec, TIME_RANGE);
    assert_int_equal(b->time_code, 4);
    assert_int_equal(b->time.from, DAY(2025, 1, 1));
    assert_int_equal(b->time.until, DAY(2025, 1, 31));
    assert_int_equal(b->loc_prec, 4);
    assert_true(b->radius_m == 150000.0);
    assert_int_equal(b->fatalities, 5);
    assert_int_equal(b->fatalities_low, 3);
    assert_int_equal(b->fatalities_high, 9);
    /* the radius table is monotonic: a coarser code is never more precise */
    for (int p = 1; p < 7; p++) assert_true(ged_where_radius(p) <= ged_where_radius(p + 1));
    for (int p = 1; p < 3; p++) assert_true(acled_geo_radius(p) <= acled_geo_radius(p + 1));
    assert_true(ged_where_radius(0) < 0 && ged_where_radius(8) < 0 && acled_geo_radius(4) < 0);
    run_done(&r);
}

/* ---- tracks ---- */

#define T_0600Z ((long long)DAY(2025, 1, 20) * 86400 + 6 * 3600)

static void test_tracks_jsonl(void **state)
{
    (void)state;
    run r;
    run_file(&r, R_TRACK, "tests/reports/tracks_synthetic.jsonl", NOW_2026);
    assert_int_equal(r.rc, 0);
    assert_string_equal(
        r.diags,
        "5:20: error: time: '2025-01-20T06:00:00' has no time zone (write Z for UTC, or an offset like +02:00)\n"
        "6:65: error: latitude: 91.5 is not between -90 and 90\n"
        "7:64: error: not JSON: object value separator ',' expected\n"
        "8:20: error: time: '2025-02-30T06:00:00Z' is not a real calendar day\n"
        "9:1: error: neither a unit nor a party is given\n");
    assert_int_equal(r.st.rows, 8);
    assert_int_equal(r.st.accepted, 3);
    assert_int_equal(r.st.rejected, 5);
    const report *a = nth(&r, 0), *b = nth(&r, 1), *c = nth(&r, 2);
    assert_int_equal(a->kind, REPORT_TRACK);
    assert_string_equal(a->unit, "unit-7");
    assert_string_equal(a->party, "israel");
    assert_int_equal(a->time.prec, TIME_EXACT);
    assert_true(a->time.at == T_0600Z);
    assert_string_equal(a->source_id, "1");
    assert_true(b->time.at == T_0600Z + 1800); /* 08:30+02:00 */
    assert_true(c->time.at == T_0600Z);        /* 01:00-05:00, a GeoJSON feature on one line */
    assert_string_equal(c->unit, "unit-9");
    assert_null(c->party);
    assert_true(c->lon == 34.42 && c->lat == 31.48);
    run_done(&r);
}

static void test_tracks_geojson(void **state)
{
    (void)state;
    run r;
    run_file(&r, R_TRACK, "tests/reports/tracks_synthetic.geojson", NOW_2026);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.diags,
                        "5:35: error: feature 2: a track feature's geometry must be a Point with [lon, lat]\n"
                        "7:69: error: feature 3: coordinates 0,0: where a missing location lands, not a place a report "
                        "can be\n");
    assert_int_equal(r.list.items.n, 1);
    const report *a = nth(&r, 0);
    assert_true(a->time.at == T_0600Z - 5400); /* +0130 */
    assert_string_equal(a->unit, "unit-7");
    assert_int_equal(a->at.line, 3);
    run_done(&r);
}

static void test_tracks_csv(void **state)
{
    (void)state;
    run r;
    run_file(&r, R_TRACK, "tests/reports/tracks_synthetic.csv", NOW_2026);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.diags, "4:34: error: row 4: has 4 fields, the header has 5\n"
                                 "5:30: error: row 5: longitude: -181 is not between -180 and 180\n");
    assert_int_equal(r.list.items.n, 2);
    const report *b = nth(&r, 1);
    assert_string_equal(b->unit, "unit 8, north");
    /* 23:30 at -01:00 is 00:30 UTC the next day */
    assert_true(b->time.at == T_0600Z + 18 * 3600 + 1800);
    assert_int_equal(b->time.from, DAY(2025, 1, 21));
    assert_string_equal(b->source_id, "3");
    run_done(&r);
}

static void test_tracks_future_and_accuracy(void **state)
{
    (void)state;
    static const char text[] = "unit,time,lon,lat,accuracy\n"
                               "u1,2025-01-20T06:00:00Z,34.4,31.5,12.5\n"
                               "u1,2025-01-20T06:00:01Z,34.4,31.5,\n"
                               "u1,2025-01-20T06:00:02Z,34.4,31.5,-1\n";
    run r;
    run_text(&r, R_TRACK, "t.csv", text, sizeof text - 1, T_0600Z + 1);
    /* 06:00:01 is not after now; 06:00:02 is */
    assert_string_equal(r.diags, "4:4: error: row 4: time: in the future (after now, 2025-01-20)\n"
                                 "4:35: error: row 4: accuracy: -1 is negative (metres)\n");
    assert_int_equal(r.list.items.n, 2);
    assert_true(nth(&r, 0)->radius_m == 12.5);
    assert_true(nth(&r, 1)->radius_m == 0.0);
    run_done(&r);
}

/* ---- implementation reports ---- */

static void test_impl(void **state)
{
    (void)state;
    run r;
    run_file(&r, R_IMPL, "tests/reports/impl_synthetic.csv", NOW_2026);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.diags, "7:28: error: row 7: fuel_trucks: 50 is more than trucks (40), which counts them too\n"
                                 "8:33: error: row 8: status: 'ajar' is not open or closed\n"
                                 "9:1: error: row 9: type: 'parade' is not one of release, delivery, crossing, "
                                 "withdrawal, talks\n");
    assert_int_equal(r.list.items.n, 5);
    const report *rel = nth(&r, 0), *del = nth(&r, 1), *cr = nth(&r, 2), *wd = nth(&r, 3), *tk = nth(&r, 4);
    assert_int_equal(rel->kind, REPORT_RELEASE);
    assert_string_equal(rel->party, "hamas");
    assert_int_equal(rel->persons, 3);
    assert_string_equal(rel->category, "women");
    assert_string_equal(rel->obligation, "release-hostages");
    assert_string_equal(rel->source_id, "impl_synthetic.csv:2");
    assert_true(isnan(rel->lon));
    assert_int_equal(del->kind, REPORT_DELIVERY);
    assert_int_equal(del->trucks, 600);
    assert_int_equal(del->fuel_trucks, 50);
    assert_string_equal(del->crossing, "kerem-shalom");
    assert_int_equal(cr->crossing_state, CROSSING_OPEN);
    assert_string_equal(cr->crossing, "rafah");
    assert_int_equal(wd->basis, WITHDRAWAL_OBSERVED);
    assert_string_equal(wd->zone, "netzarim");
    assert_int_equal(tk->kind, REPORT_TALKS);
    assert_int_equal(tk->nparties, 3);
    assert_string_equal(tk->parties[0], "hamas");
    assert_string_equal(tk->parties[2], "qatar");
    assert_string_equal(tk->place, "Doha");
    run_done(&r);

    run_file(&r, R_IMPL, "tests/reports/impl_synthetic.jsonl", NOW_2026);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.diags, "5:61: error: count: -1 is negative\n");
    assert_int_equal(r.list.items.n, 4);
    assert_int_equal(nth(&r, 1)->time.prec, TIME_EXACT);
    assert_true(nth(&r, 1)->time.at == (long long)DAY(2025, 1, 19) * 86400 + 8 * 3600);
    assert_int_equal(nth(&r, 2)->nparties, 3);
    assert_string_equal(nth(&r, 2)->parties[1], "israel");
    assert_int_equal(nth(&r, 3)->basis, WITHDRAWAL_DECLARED);
    run_done(&r);

    /* a value a type does not use is ignored with a warning; the row is kept */
    static const char text[] = "type,date,trucks,count\ndelivery,2025-01-19,10,3\n";
    run_text(&r, R_IMPL, "i.csv", text, sizeof text - 1, REPORT_NOW_NONE);
    assert_string_equal(r.diags, "2:24: warning: row 2: count: not used in a delivery report (ignored)\n");
    assert_int_equal(r.list.items.n, 1);
    run_done(&r);
}

/* ---- the callback can stop a reader ---- */

static int stop_at_second(const report *r, void *user)
{
    (void)r;
    int *n = user;
    return ++*n == 2 ? 42 : 0;
}

static void test_callback_stops(void **state)
{
    (void)state;
    static const char text[] = "unit,time,lon,lat\nu,2025-01-20T06:00:00Z,34.4,31.5\nu,2025-01-20T06:00:01Z,34.4,31.5\n"
                               "u,2025-01-20T06:00:02Z,34.4,31.5\n";
    source src = {"t.csv", text, sizeof text - 1};
    diag_sink sink = {0};
    int n = 0;
    report_read_opts o = {&sink, stop_at_second, &n, REPORT_NOW_NONE, NULL};
    report_stats st;
    assert_int_equal(track_read(&src, TRACK_CSV, &o, &st), 42);
    assert_int_equal(n, 2);
    assert_int_equal(st.rows, 2);
}

/* ---- parsing helpers ---- */

static void test_times_and_numbers(void **state)
{
    (void)state;
    long long t;
    const char *why;
    const long long base = T_0600Z;
    static const struct {
        const char *s;
        long long want;
    } ok[] = {{"2025-01-20T06:00:00Z", 0},        {"2025-01-20t06:00:00z", 0},      {"2025-01-20 06:00:00Z", 0},
              {"2025-01-20T06:00Z", 0},           {"2025-01-20T06:00:00.999Z", 0},  {"2025-01-20T08:00:00+02:00", 0},
              {"2025-01-20T08:00:00+0200", 0},    {"2025-01-20T08:00:00+02", 0},    {"2025-01-19T23:00:00-07:00", 0},
              {"2025-01-20T05:30:00-00:30", 0}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(report_parse_iso_time(ok[i].s, strlen(ok[i].s), &t, &why), 0);
        assert_true(t == base + ok[i].want);
    }
    static const char *const bad[] = {"2025-01-20T06:00:00",   "2025-01-20T24:00:00Z", "2025-01-20T06:60:00Z",
                                      "2025-02-29T06:00:00Z",  "2025-01-20",           "2025-01-20T06:00:00+25:00",
                                      "2025-01-20T06:00:00ZZ", "20-01-2025T06:00:00Z", "2025-01-20T06:00:00.Z"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(report_parse_iso_time(bad[i], strlen(bad[i]), &t, &why), -1);

    truce_date d;
    assert_int_equal(report_parse_day("19 January 2025", 15, &d), 0);
    assert_int_equal(d, DAY(2025, 1, 19));
    assert_int_equal(report_parse_day("19-January-2025", 15, &d), 0);
    assert_int_equal(report_parse_day("9 jan 2025", 10, &d), 0);
    assert_int_equal(d, DAY(2025, 1, 9));
    assert_int_equal(report_parse_day("2025-01-19", 10, &d), 0);
    assert_int_equal(report_parse_day("31 April 2025", 13, &d), -1);
    assert_int_equal(report_parse_day("19 Janu 2025", 12, &d), -1);
    assert_int_equal(report_parse_day("19 January 25", 13, &d), -1);

    /* the fast decimal path gives exactly what strtod gives */
    srand(7);
    for (int i = 0; i < 100000; i++) {
        char buf[40];
        snprintf(buf, sizeof buf, "%.*f", rand() % 9, (rand() / (double)RAND_MAX - 0.5) * 360.0);
        double a, b = strtod(buf, NULL);
        assert_int_equal(parse_double(buf, strlen(buf), &a), 0);
        assert_true(a == b);
    }
    double v;
    assert_int_equal(parse_double("1e3", 3, &v), 0);
    assert_true(v == 1000.0);
    assert_int_equal(parse_double("12345678901234567890.5", 22, &v), 0);
    assert_true(v == strtod("12345678901234567890.5", NULL));
    static const char *const notnum[] = {"", "-", ".", "inf", "nan", "0x10", "1,5", "1.2.3", "1e999"};
    for (size_t i = 0; i < sizeof notnum / sizeof notnum[0]; i++)
        assert_int_equal(parse_double(notnum[i], strlen(notnum[i]), &v), -1);
}

/* ---- actors ---- */

static void test_actors(void **state)
{
    (void)state;
    static const char *israel_aliases[] = {"Military Forces of Israel", "IDF", "Israel Defense Forces"};
    static const char *hamas_aliases[] = {"Hamas Movement", "Al Qassam Brigades", "Gaza  Authorities"};
    static const char *pij_aliases[] = {"Al Quds Brigades", "Gaza Authorities"};
    party parties[3] = {
        {.id = "israel", .name = "Israel", .aliases = israel_aliases, .naliases = 3},
        {.id = "hamas", .name = "Hamas", .aliases = hamas_aliases, .naliases = 3},
        {.id = "pij", .name = "Palestinian Islamic Jihad", .aliases = pij_aliases, .naliases = 2},
    };
    arena ar;
    arena_init(&ar, NULL);
    actor_matcher *m = actors_new(&ar, parties, 3);
    assert_non_null(m);
    int err;
    /* exact, case-insensitive, whitespace collapsed */
    assert_ptr_equal(actors_match(m, "Military Forces of Israel", &err), &parties[0]);
    assert_ptr_equal(actors_match(m, "  military   FORCES of\tisrael ", &err), &parties[0]);
    assert_ptr_equal(actors_match(m, "hamas", &err), &parties[1]);
    /* the alias as a whole-word prefix, the longest first */
    assert_ptr_equal(actors_match(m, "Military Forces of Israel (2022-)", &err), &parties[0]);
    assert_ptr_equal(actors_match(m, "Military Forces of Israel (2022-)", &err), &parties[0]);
    assert_ptr_equal(actors_match(m, "Hamas Movement - Al Qassam", &err), &parties[1]);
    assert_ptr_equal(actors_match(m, "Palestinian Islamic Jihad", &err), &parties[2]);
    /* not a whole word: "Israeli" is not "Israel" */
    assert_null(actors_match(m, "Israeli Settlers", &err));
    assert_null(actors_match(m, "Israeli Settlers", &err));
    assert_null(actors_match(m, "Israeli Settlers", &err));
    /* an alias two parties share matches neither */
    assert_null(actors_match(m, "Gaza Authorities", &err));
    assert_null(actors_match(m, "Civilians (Palestine)", &err));
    assert_null(actors_match(m, "Civilians (Palestine)", &err));
    assert_null(actors_match(m, "Protesters (Israel)", &err));
    /* empty and NULL names are not counted */
    assert_null(actors_match(m, "", &err));
    assert_null(actors_match(m, "   ", &err));
    assert_null(actors_match(m, NULL, &err));
    assert_int_equal(err, 0);
    const actor_name_count *list;
    size_t n = actors_unmatched(m, &list);
    assert_int_equal(n, 4);
    assert_string_equal(list[0].name, "Israeli Settlers");
    assert_int_equal(list[0].count, 3);
    assert_string_equal(list[1].name, "Civilians (Palestine)");
    assert_int_equal(list[1].count, 2);
    assert_string_equal(list[2].name, "Gaza Authorities");
    assert_int_equal(list[2].ambiguous, 1);
    assert_string_equal(list[3].name, "Protesters (Israel)");
    assert_int_equal(list[3].ambiguous, 0);

    /* many distinct names: the tables grow */
    for (int i = 0; i < 5000; i++) {
        char name[64];
        snprintf(name, sizeof name, "Unit %d of Military Forces of Israel", i);
        assert_null(actors_match(m, name, &err));
        snprintf(name, sizeof name, "IDF unit %d", i);
        assert_ptr_equal(actors_match(m, name, &err), &parties[0]);
    }
    assert_int_equal(actors_unmatched(m, &list), 5004);
    arena_release(&ar);

    /* no parties at all */
    arena_init(&ar, NULL);
    m = actors_new(&ar, NULL, 0);
    assert_non_null(m);
    assert_null(actors_match(m, "Hamas", &err));
    assert_int_equal(actors_unmatched(m, &list), 1);
    arena_release(&ar);
}

/* ---- the CSV reader's speed (TRUCE_BENCH_CSV=1) ---- */

static void bench_csv(void)
{
    const size_t rows = 1000000;
    size_t cap = rows * 48 + 64, len = 0;
    char *text = malloc(cap);
    if (!text) return;
    len += (size_t)snprintf(text, cap, "unit,time,lon,lat\n");
    for (size_t i = 0; i < rows; i++)
        len += (size_t)snprintf(text + len, cap - len, "u%zu,2025-01-20T%02zu:%02zu:%02zuZ,34.%06zu,31.%06zu\n",
                                i % 500, i / 3600 % 24, i / 60 % 60, i % 60, (i * 7919) % 1000000,
                                (i * 104729) % 1000000);
    source src = {"bench.csv", text, len};
    double best = 1e9;
    for (int round = 0; round < 10; round++) {
        arena ar;
        arena_init(&ar, NULL);
        csv_reader r;
        struct timespec t0, t1;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
        csv_init(&r, &ar, &src);
        size_t fields = 0, bytes = 0;
        while (csv_next(&r) == 1) {
            fields += r.nfields;
            bytes += r.fields[r.nfields - 1].len; /* touch the values */
        }
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
        double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (s < best) best = s;
        if (fields != (rows + 1) * 4 || !bytes) fprintf(stderr, "bench: wrong field count %zu\n", fields);
        arena_release(&ar);
    }
    printf("csv: %zu rows, %.1f MB: best of 10 %.3f s CPU time (%.0f MB/s)\n", rows, (double)len / 1e6, best,
           (double)len / 1e6 / best);
    free(text);
}

int main(void)
{
    if (getenv("TRUCE_BENCH_CSV")) {
        bench_csv();
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_edges),
        cmocka_unit_test(test_csv_nul),
        cmocka_unit_test(test_acled),
        cmocka_unit_test(test_acled_reordered),
        cmocka_unit_test(test_acled_missing_columns),
        cmocka_unit_test(test_acled_inter_forms),
        cmocka_unit_test(test_ged),
        cmocka_unit_test(test_tracks_jsonl),
        cmocka_unit_test(test_tracks_geojson),
        cmocka_unit_test(test_tracks_csv),
        cmocka_unit_test(test_tracks_future_and_accuracy),
        cmocka_unit_test(test_impl),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_times_and_numbers),
        cmocka_unit_test(test_actors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
