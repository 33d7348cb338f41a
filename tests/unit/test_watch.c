/* test_watch.c: the incremental watch (src/judge/watch.c) against the batch judgement: reports are
 * fed one by one, and after each one every obligation (verdict, reason, score, quantities,
 * batches, evidence: its JSON as `truce status --format json` writes it) and the judgement day
 * must equal judge_run over the reports so far, from scratch. The reports: the fixtures of
 * tests/judge/ (ACLED, tracks, implementation reports) and generated ones (positions inside,
 * outside, on and near the zones' edges, with and without an uncertainty radius, exact times and
 * day ranges; releases, deliveries, crossings, withdrawals, talks and notices on random days),
 * in random orders. Then the watch through the public API on the fixture lines, line by line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge.h"
#include "render/verdicts.h"
#include "util/date.h"

#define AGREEMENT "tests/judge/agreement_synthetic.yaml"

static truce_agreement *load(const char *path)
{
    truce_agreement *a = NULL;
    assert_int_equal(truce_agreement_load(path, NULL, &a), 0);
    assert_int_equal(truce_agreement_check(a, NULL), 0);
    return a;
}

static int keep(const truce_field_report *r, void *user)
{
    return report_collect((const report *)(const void *)r, user);
}

/* The fixtures' reports, in file order. */
static void fixtures(report_list *l)
{
    static const char *const paths[] = {"tests/judge/acled_synthetic.csv", "tests/judge/tracks_synthetic.jsonl",
                                        "tests/judge/impl_synthetic.jsonl"};
    truce_report_files f = {paths, 3, NULL, NULL};
    assert_int_equal(truce_file_reports(&f, keep, l), 0);
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static long pick(long n) { return (long)(next() % (uint64_t)n); }
static double unit(void) { return (double)(next() >> 11) / 9007199254740992.0; }

static report blank(report_kind k, const char *id)
{
    report r;
    report_init(&r, k);
    r.source_id = id;
    return r;
}

/* 2025-01-19 is day 1; days -2 .. 33 */
static truce_date day(long d)
{
    truce_date d1;
    assert_int_equal(truce_date_parse("2025-01-19", &d1), 0);
    return (truce_date)(d1 + d - 1);
}

static void on_days(report *r, long lo, long span)
{
    r->time.prec = span ? TIME_RANGE : TIME_DAY;
    r->time.from = day(lo);
    r->time.until = day(lo + span);
    r->time.at = (long long)r->time.from * 86400;
}

static report gen(arena *ar, long n)
{
    static const char *const parties[] = {"north", "south", "NF", "Southern Movement", "Ghost Brigade", "broker"};
    const char *id = arena_printf(ar, "G%ld", n);
    long d = pick(36) - 2, k = pick(100);
    report r;
    if (k < 55) {
        r = blank(REPORT_TRACK, id);
        r.party = parties[pick(5)];
        /* the square [34.40, 34.46] x [31.48, 31.53], the strip [34.30, 34.36] x [31.30, 31.31]:
         * inside, on an edge, just outside, far */
        static const double spots[][2] = {{34.43, 31.50}, {34.33, 31.305}, {34.40, 31.50}, {34.33, 31.31},
                                          {34.399, 31.50}, {34.33, 31.3105}, {34.33, 31.315}, {34.10, 31.10}};
        long s = pick(8);
        r.lon = spots[s][0] + (pick(4) == 0 ? (unit() - 0.5) * 0.002 : 0);
        r.lat = spots[s][1] + (pick(4) == 0 ? (unit() - 0.5) * 0.002 : 0);
        r.radius_m = pick(3) == 0 ? (double)(pick(3000)) : 0;
        if (pick(6) == 0) on_days(&r, d, pick(3));
        else {
            r.time.prec = TIME_EXACT;
            /* around local midnight, so deadlines fall either side */
            r.time.at = (long long)day(d) * 86400 - 7200 + pick(4) * 3599 + pick(2) * 86400 / 2;
            r.time.from = r.time.until = (truce_date)(r.time.at / 86400);
        }
        return r;
    }
    static const char *const notes[] = {NULL, "done: notify-release", "done: talks", "milestone: phase-2-agreed",
                                        "done: open-gate"};
    switch (k % 5) {
    case 0:
        r = blank(REPORT_RELEASE, id);
        r.party = parties[pick(4)];
        r.persons = pick(5);
        if (pick(3) == 0) r.obligation = "release-captives";
        break;
    case 1:
        r = blank(REPORT_DELIVERY, id);
        r.trucks = 60 + pick(80);
        r.fuel_trucks = pick(4) ? 8 + pick(5) : REPORT_COUNT_NONE;
        r.crossing = pick(3) ? "gate" : "other";
        break;
    case 2:
        r = blank(REPORT_CROSSING, id);
        r.crossing = pick(4) ? "gate" : "gate-crossing";
        r.crossing_state = pick(3) ? CROSSING_OPEN : CROSSING_CLOSED;
        break;
    case 3:
        r = blank(REPORT_WITHDRAWAL, id);
        r.party = parties[pick(4)];
        r.zone = pick(3) ? "square" : "strip";
        r.basis = pick(2) ? WITHDRAWAL_OBSERVED : WITHDRAWAL_DECLARED;
        break;
    default: {
        r = blank(REPORT_TALKS, id);
        static const char *ps[3][3] = {{"north", "south", "broker"}, {"south", "broker", NULL}, {"NF", "SM", NULL}};
        long w = pick(3);
        r.parties = ps[w];
        r.nparties = ps[w][2] ? 3 : 2;
        break;
    }
    }
    r.notes = notes[pick(5)];
    on_days(&r, d, pick(5) == 0 ? 1 + pick(2) : 0);
    return r;
}

static char *ob_json(const judgement *j, const ob_judgement *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    render_verdict_json(j, o, f);
    fclose(f);
    return buf;
}

/* Feeds reps[0..n) one by one; after each, compares with judge_run from scratch. */
static void check_sequence(const truce_agreement *a, const report *reps, size_t n)
{
    judge_watch *w = NULL;
    assert_int_equal(judge_watch_new(a, TRUCE_DATE_NONE, &w), 0);
    for (size_t k = 0; k <= n; k++) {
        if (k) assert_int_equal(judge_watch_add(w, &reps[k - 1]), 0);
        judgement b;
        judge_opts o = {TRUCE_DATE_NONE, TRUCE_DATE_NONE, 0};
        assert_int_equal(judge_run(&b, a, reps, k, &o), 0);
        const judgement *j = judge_watch_get(w);
        assert_int_equal(j->at, b.at);
        assert_int_equal(j->at_day, b.at_day);
        for (size_t i = 0; i < b.nobs; i++) {
            assert_int_equal(judge_watch_ready(w, i), 0);
            const ob_judgement *x = &j->obs[i], *y = &b.obs[i];
            char *jx = ob_json(j, x), *jy = ob_json(&b, y);
            if (x->v != y->v || strcmp(jx, jy) || x->npossible != y->npossible)
                fail_msg("after report %zu (%s), obligation %s:\nwatch %s\nbatch %s", k, k ? reps[k - 1].source_id : "-",
                         y->ob->id, jx, jy);
            free(jx);
            free(jy);
        }
        judge_free(&b);
    }
    judge_watch_free(w);
}

static void shuffle(report *r, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t k = (size_t)pick((long)i);
        report t = r[i - 1];
        r[i - 1] = r[k];
        r[k] = t;
    }
}

static void test_fixtures_in_order(void **state)
{
    (void)state;
    truce_agreement *a = load(AGREEMENT);
    arena ar;
    arena_init(&ar, NULL);
    report_list l = {&ar, {0}};
    fixtures(&l);
    assert_true(l.items.n >= 15);
    check_sequence(a, l.items.items, l.items.n);
    arena_release(&ar);
    truce_agreement_free(a);
}

static void test_random_sequences(void **state)
{
    (void)state;
    truce_agreement *a = load(AGREEMENT);
    for (int seed = 0; seed < 8; seed++) {
        arena ar;
        arena_init(&ar, NULL);
        report_list l = {&ar, {0}};
        fixtures(&l);
        size_t nfix = l.items.n;
        for (long g = 0; g < 90; g++) {
            report r = gen(&ar, g);
            assert_int_equal(report_collect(&r, &l), 0);
        }
        report *reps = l.items.items;
        size_t n = l.items.n;
        if (seed % 2) shuffle(reps, n);
        else shuffle(reps + nfix, n - nfix); /* fixtures first, then generated */
        check_sequence(a, reps, n);
        arena_release(&ar);
    }
    truce_agreement_free(a);
}

/* The public API: line by line, bad lines rejected, every change written as one line. */
static void test_api_lines(void **state)
{
    (void)state;
    truce_agreement *a = load(AGREEMENT);
    truce_watch *w = NULL;
    truce_judge_options opt;
    memset(&opt, 0, sizeof opt);
    opt.start = opt.at = opt.since = TRUCE_DATE_NONE;
    assert_int_equal(truce_watch_new(a, &opt, &w), 0);
    FILE *in = fopen("tests/judge/watch_synthetic.jsonl", "r");
    assert_non_null(in);
    char *line = NULL, *buf = NULL;
    size_t cap = 0, len = 0;
    FILE *out = open_memstream(&buf, &len);
    ssize_t n;
    long lineno = 0;
    int changes = 0;
    while ((n = getline(&line, &cap, in)) >= 0) {
        int r = truce_watch_line(w, line, (size_t)n, ++lineno, out, NULL, NULL);
        if (r >= 0) changes += r;
        else assert_int_equal(r, TRUCE_ESYNTAX);
    }
    fclose(out);
    fclose(in);
    free(line);
    int lines = 0;
    for (size_t i = 0; i < len; i++) lines += buf[i] == '\n';
    assert_int_equal(lines, changes);
    assert_true(changes >= 5);
    assert_non_null(strstr(buf, "\"obligation\":\"withdraw-square\",\"kind\":\"withdraw\""));
    free(buf);
    truce_watch_free(w);
    truce_agreement_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures_in_order),
        cmocka_unit_test(test_random_sequences),
        cmocka_unit_test(test_api_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
