/* test_judge.c: unit tests for the judgement (src/judge): scenario tests on the synthetic
 * agreement of tests/judge/ for each kind of obligation (met, late, violated, disputed), on the
 * edges of deadlines (23:59 local on the deadline day against 00:01 the next) and of zones
 * (inside, on the edge, just outside, an imprecise report near the boundary), releases batch by
 * batch, deliveries per day, the PAM arithmetic by hand, phase readiness and time zones; then a
 * randomized comparison of the kernel-based judgement of positions with a plain geo_contains loop. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/judge.h"
#include "util/date.h"

#define AGREEMENT "tests/judge/agreement_synthetic.yaml"

static truce_agreement *load(const char *path)
{
    truce_agreement *a = NULL;
    assert_int_equal(truce_agreement_load(path, NULL, &a), 0);
    assert_int_equal(truce_agreement_check(a, NULL), 0);
    return a;
}

static report blank(report_kind k, const char *id)
{
    report r;
    report_init(&r, k);
    r.source_id = id;
    return r;
}

/* "2025-01-23T23:59:00+02:00" */
static long long iso(const char *s)
{
    long long t;
    const char *why;
    assert_int_equal(report_parse_iso_time(s, strlen(s), &t, &why), 0);
    return t;
}

static report track(const char *id, const char *who, const char *t, double lon, double lat, double radius)
{
    report r = blank(REPORT_TRACK, id);
    r.party = who;
    r.time.prec = TIME_EXACT;
    r.time.at = iso(t);
    r.lon = lon, r.lat = lat, r.radius_m = radius;
    return r;
}

static truce_date D(const char *s)
{
    truce_date d;
    assert_int_equal(truce_date_parse(s, &d), 0);
    return d;
}

static report on_days(report r, const char *from, const char *until)
{
    r.time.prec = strcmp(from, until) ? TIME_RANGE : TIME_DAY;
    r.time.from = D(from);
    r.time.until = D(until);
    r.time.at = (long long)r.time.from * 86400;
    return r;
}

static const ob_judgement *ob(const judgement *j, const char *id)
{
    for (size_t i = 0; i < j->nobs; i++)
        if (!strcmp(j->obs[i].ob->id, id)) return &j->obs[i];
    fail_msg("no obligation %s", id);
    return NULL;
}

static size_t count_class(const ob_judgement *o, ev_class c)
{
    size_t n = 0;
    for (size_t i = 0; i < o->nev; i++) n += o->ev[i].cls == c;
    return n;
}

static void run(judgement *j, const truce_agreement *a, const report *r, size_t n, const char *at, int reference)
{
    judge_opts o = {TRUCE_DATE_NONE, at ? D(at) : TRUCE_DATE_NONE, reference};
    assert_int_equal(judge_run(j, a, r, n, &o), 0);
}

/* ---- withdraw: the deadline's edges ---- */

static void test_withdraw_deadline_edges(void **state)
{
    (void)state;
    truce_agreement *a = load(AGREEMENT);
    judgement j;
    /* day 5 is 2025-01-23: 23:59 local that day is allowed, 00:01 the next day is not */
    report r1[] = {track("a", "north", "2025-01-23T23:59:00+02:00", 34.43, 31.50, 0)};
    run(&j, a, r1, 1, "2025-01-26", 0);
    assert_int_equal(ob(&j, "withdraw-square")->v, V_PENDING); /* past the deadline, nothing either way */
    assert_int_equal(ob(&j, "withdraw-square")->nev, 0);
    judge_free(&j);
    report r2[] = {track("b", "north", "2025-01-24T00:01:00+02:00", 34.43, 31.50, 0)};
    run(&j, a, r2, 1, "2025-01-26", 0);
    assert_int_equal(ob(&j, "withdraw-square")->v, V_VIOLATED);
    assert_int_equal(count_class(ob(&j, "withdraw-square"), EV_VIOLATION), 1);
    judge_free(&j);
    /* the same instant in UTC (22:01Z on the 23rd) is already the 24th in Gaza */
    report r3[] = {track("c", "north", "2025-01-23T22:01:00Z", 34.43, 31.50, 0)};
    run(&j, a, r3, 1, "2025-01-26", 0);
    assert_int_equal(ob(&j, "withdraw-square")->v, V_VIOLATED);
    judge_free(&j);
    /* a report dated only to days 5..6 straddles the deadline: possible, not a violation */
    report r4[] = {on_days(track("d", "north", "2025-01-23T12:00:00Z", 34.43, 31.50, 0), "2025-01-23", "2025-01-24")};
    run(&j, a, r4, 1, "2025-01-26", 0);
    assert_int_equal(ob(&j, "withdraw-square")->v, V_PENDING);
    assert_int_equal(count_class(ob(&j, "withdraw-square"), EV_POSSIBLE), 1);
    judge_free(&j);
    /* before the deadline has passed, presence does not count */
    run(&j, a, r1, 1, "2025-01-23", 0);
    assert_int_equal(ob(&j, "withdraw-square")->v, V_ON_TRACK);
    judge_free(&j);
    /* an unmatched actor never counts */
    report r5[] = {track("e", "Ghost Brigade", "2025-01-25T10:00:00Z", 34.43, 31.50, 0)};
    run(&j, a, r5, 1, "2025-01-26", 0);
    assert_int_equal(ob(&j, "withdraw-square")->nev, 0);
    assert_int_equal(j.nunmatched, 1);
    judge_free(&j);
    truce_agreement_free(a);
}

static void test_withdraw_met_late_disputed(void **state)
{
    (void)state;
    truce_agreement *a = load(AGREEMENT);
    judgement j;
    report w = blank(REPORT_WITHDRAWAL, "w");
    w.party = "north", w.zone = "square", w.basis = WITHDRAWAL_OBSERVED;
    report r[] = {on_days(w, "2025-01-22", "2025-01-22")};
    run(&j, a, r, 1, "2025-01-28", 0);
    assert_int_equal(ob(&j, "withdraw-square")->v, V_MET);
    judge_free(&j);
    r[0] = on_days(w, "2025-01-25", "2025-01-25");
    run(&j, a, r, 1, "2025-01-28", 0);
    assert_int_equal(ob(&j, "withdraw-square")->v, V_LATE);
    judge_free(&j);
    r[0] = on_days(w, "2025-01-22", "2025-01-25"); /* straddles day 5 */
    run(&j, a, r, 1, "2025-01-28", 0);
    assert_int_equal(ob(&j, "withdraw-square")->v, V_DISPUTED);
    judge_free(&j);
    /* declared, then seen there: disputed, both reports shown */
    w.basis = WITHDRAWAL_DECLARED;
    report r2[] = {on_days(w, "2025-01-23", "2025-01-23"), track("t", "NF", "2025-01-25T10:00:00Z", 34.43, 31.50, 0)};
    run(&j, a, r2, 2, "2025-01-28", 0);
    assert_int_equal(ob(&j, "withdraw-square")->v, V_DISPUTED);
    assert_int_equal(count_class(ob(&j, "withdraw-square"), EV_CLAIM), 1);
    assert_int_equal(count_class(ob(&j, "withdraw-square"), EV_VIOLATION), 1);
    judge_free(&j);
    truce_agreement_free(a);
}

/* ---- zone boundaries (stay-out of 'strip': 34.30..34.36 x 31.30..31.31, days 3..10) ---- */

static void test_zone_edges(void **state)
{
    (void)state;
    truce_agreement *a = load(AGREEMENT);
    judgement j;
    const char *t = "2025-01-23T12:00:00Z";
    struct {
        double lon, lat, radius;
        ev_class want; /* EV_COUNT: nothing */
    } cases[] = {
        {34.33, 31.305, 0, EV_VIOLATION},    /* inside */
        {34.30, 31.305, 0, EV_VIOLATION},    /* on the edge counts as inside */
        {34.2999, 31.305, 0, EV_COUNT},      /* just outside (about 10 m) */
        {34.2999, 31.305, 50, EV_POSSIBLE},  /* just outside, but 50 m uncertain */
        {34.33, 31.3005, 100, EV_POSSIBLE},  /* inside, ~56 m from the edge, 100 m uncertain */
        {34.33, 31.3005, 50, EV_VIOLATION},  /* inside, ~56 m from the edge, 50 m uncertain */
        {34.33, 31.305, 600, EV_POSSIBLE},   /* inside, ~556 m from the edge, 600 m uncertain */
        {34.33, 31.305, 500, EV_VIOLATION},  /* ...500 m uncertain still confirms */
        {34.33, 31.40, 25000, EV_POSSIBLE},  /* a region-level report 10 km away */
        {34.33, 31.40, 5000, EV_COUNT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        report r[] = {track("z", "south", t, cases[i].lon, cases[i].lat, cases[i].radius)};
        for (int ref = 0; ref < 2; ref++) {
            run(&j, a, r, 1, "2025-01-25", ref);
            const ob_judgement *o = ob(&j, "keep-out-strip");
            if (cases[i].want == EV_COUNT) assert_int_equal(o->nev, 0);
            else {
                assert_int_equal(o->nev, 1);
                if (o->ev[0].cls != cases[i].want) fail_msg("case %zu: %s", i, ev_class_names[o->ev[0].cls]);
            }
            assert_int_equal(o->v, cases[i].want == EV_VIOLATION ? V_VIOLATED : V_ON_TRACK);
            judge_free(&j);
        }
    }
    /* outside the window (day 11) nothing counts; after it ends the obligation is met */
    report late[] = {track("z", "south", "2025-01-29T12:00:00Z", 34.33, 31.305, 0)};
    run(&j, a, late, 1, "2025-01-30", 0);
    assert_int_equal(ob(&j, "keep-out-strip")->v, V_MET);
    assert_int_equal(ob(&j, "keep-out-strip")->nev, 0);
    judge_free(&j);
    assert_true(fabs(judge_boundary_distance(&model_zone(a, "strip")->shape, (geo_pt){34.33, 31.3005}) - 55.6) < 1.0);
    truce_agreement_free(a);
}

/* ---- releases batch by batch: 3 on day 1, 3 on day 7, 4 on day 14 ---- */

static report release(const char *id, const char *day, long n)
{
    report r = blank(REPORT_RELEASE, id);
    r.party = "south";
    r.persons = n;
    return on_days(r, day, day);
}

static void test_release_batches(void **state)
{
    (void)state;
    truce_agreement *a = load(AGREEMENT);
    judgement j;
    report ok[] = {release("1", "2025-01-19", 3), release("2", "2025-01-25", 3), release("3", "2025-02-01", 4)};
    run(&j, a, ok, 3, "2025-02-02", 0);
    const ob_judgement *o = ob(&j, "release-captives");
    assert_int_equal(o->v, V_MET);
    assert_int_equal(o->nbatches, 3);
    assert_int_equal(o->due, 10);
    assert_int_equal(o->done, 10);
    assert_int_equal(o->score, 3);
    judge_free(&j);
    run(&j, a, ok, 3, "2025-01-26", 0);
    o = ob(&j, "release-captives");
    assert_int_equal(o->v, V_ON_TRACK);
    assert_int_equal(o->due, 6);
    assert_int_equal(o->batches[2].v, V_PENDING);
    judge_free(&j);
    /* a short batch: 2 of 3 on day 7 */
    report shortb[] = {release("1", "2025-01-19", 3), release("2", "2025-01-25", 2)};
    run(&j, a, shortb, 2, "2025-01-26", 0);
    o = ob(&j, "release-captives");
    assert_int_equal(o->v, V_VIOLATED);
    assert_int_equal(o->batches[1].done, 2);
    assert_int_equal(o->batches[1].v, V_VIOLATED);
    assert_int_equal(o->score, 2); /* 5 of 6: at least half */
    judge_free(&j);
    /* made up the next day: late */
    report late[] = {release("1", "2025-01-19", 3), release("2", "2025-01-25", 2), release("3", "2025-01-26", 1)};
    run(&j, a, late, 3, "2025-01-27", 0);
    o = ob(&j, "release-captives");
    assert_int_equal(o->v, V_LATE);
    assert_int_equal(o->batches[1].done_late, 1);
    judge_free(&j);
    /* a release dated day 6..8 straddles the day-7 deadline */
    report unsure[] = {release("1", "2025-01-19", 3), on_days(release("2", "2025-01-24", 3), "2025-01-24", "2025-01-26")};
    run(&j, a, unsure, 2, "2025-01-27", 0);
    assert_int_equal(ob(&j, "release-captives")->v, V_DISPUTED);
    judge_free(&j);
    truce_agreement_free(a);
}

/* ---- deliveries: 100 trucks a day, 10 of them fuel ---- */

static report delivery(const char *id, const char *day, long trucks, long fuel)
{
    report r = blank(REPORT_DELIVERY, id);
    r.trucks = trucks, r.fuel_trucks = fuel, r.crossing = "gate";
    return on_days(r, day, day);
}

static void test_delivery_rate(void **state)
{
    (void)state;
    truce_agreement *a = load(AGREEMENT);
    judgement j;
    report r[] = {delivery("1", "2025-01-19", 100, 10), delivery("2", "2025-01-20", 60, 10), delivery("3", "2025-01-21", 100, 5)};
    run(&j, a, r, 3, "2025-01-21", 0);
    const ob_judgement *o = ob(&j, "aid");
    assert_int_equal(o->v, V_VIOLATED);
    assert_int_equal(o->nbatches, 3);
    assert_int_equal(o->batches[0].v, V_MET);
    assert_int_equal(o->batches[1].v, V_VIOLATED);   /* 60 < 100 */
    assert_int_equal(o->batches[2].v, V_VIOLATED);   /* 5 fuel < 10 */
    assert_int_equal(o->due, 300);
    assert_int_equal(o->done, 260);
    judge_free(&j);
    report good[] = {delivery("1", "2025-01-19", 100, 10), delivery("2", "2025-01-20", 120, 10)};
    run(&j, a, good, 2, "2025-01-20", 0);
    assert_int_equal(ob(&j, "aid")->v, V_ON_TRACK);
    judge_free(&j);
    truce_agreement_free(a);
}

/* ---- ceasefire, crossing, talks, notify, options ---- */

static void test_other_kinds(void **state)
{
    (void)state;
    truce_agreement *a = load(AGREEMENT);
    judgement j;
    report e = blank(REPORT_ACLED, "e1");
    e.event_type = "Explosions/Remote violence";
    e.actor1 = "Northern Forces";
    e.lon = 34.35, e.lat = 31.40, e.radius_m = 0;
    report c = blank(REPORT_CROSSING, "c1");
    c.crossing = "gate", c.crossing_state = CROSSING_OPEN;
    report cl = c;
    cl.source_id = "c2", cl.crossing_state = CROSSING_CLOSED;
    report k = blank(REPORT_TALKS, "k1");
    const char *parties[] = {"NF", "Southern Movement"};
    k.parties = parties, k.nparties = 2;
    report n = blank(REPORT_TALKS, "n1");
    n.notes = "done: notify-release";
    n.parties = parties + 1, n.nparties = 1; /* not both parties: not talks between them */
    report m = blank(REPORT_TALKS, "m1");
    m.notes = "the parties agreed; milestone: phase-2-agreed";
    m.parties = parties, m.nparties = 2;
    report r[] = {on_days(e, "2025-01-18", "2025-01-18"), on_days(c, "2025-01-21", "2025-01-21"),
                  on_days(k, "2025-01-25", "2025-01-25"), on_days(n, "2025-01-18", "2025-01-18")};
    run(&j, a, r, 4, "2025-01-22", 0);
    assert_int_equal(ob(&j, "ceasefire")->v, V_ON_TRACK); /* the attack was the day before the start */
    assert_int_equal(ob(&j, "open-gate")->v, V_LATE);     /* opened on day 3, due by day 2 */
    assert_int_equal(ob(&j, "talks")->v, V_PENDING);
    assert_int_equal(ob(&j, "notify-release")->v, V_ON_TRACK);
    assert_int_equal(ob(&j, "contested")->v, V_NOT_JUDGED);
    assert_int_equal(ob(&j, "contested")->score, -1);
    assert_string_equal(ob(&j, "contested")->reason, "not agreed: not judged");
    judge_free(&j);
    r[0] = on_days(e, "2025-01-20", "2025-01-20");
    r[1] = on_days(cl, "2025-01-25", "2025-01-25");
    r[3] = on_days(m, "2025-01-30", "2025-01-30");
    run(&j, a, r, 4, "2025-02-01", 0);
    assert_int_equal(ob(&j, "ceasefire")->v, V_VIOLATED);
    assert_int_equal(ob(&j, "open-gate")->v, V_VIOLATED); /* closed on day 7 while it must be open */
    assert_int_equal(ob(&j, "talks")->v, V_MET); /* held on day 7, due by day 10 */
    assert_int_equal(j.nheld, 1);
    judge_free(&j);
    /* a region-level ACLED report (radius 25 km) in a ceasefire without zone still names the
     * party: the ceasefire holds everywhere, so place precision does not matter */
    e.radius_m = 25000;
    report r2[] = {on_days(e, "2025-01-20", "2025-01-20")};
    run(&j, a, r2, 1, "2025-01-22", 0);
    assert_int_equal(ob(&j, "ceasefire")->v, V_VIOLATED);
    judge_free(&j);
    truce_agreement_free(a);
}

/* ---- PAM arithmetic and readiness ---- */

static void test_pam_and_readiness(void **state)
{
    (void)state;
    assert_int_equal(judge_pam_score(V_MET, 0, 0, 0), 3);
    assert_int_equal(judge_pam_score(V_LATE, 0, 0, 0), 2);
    assert_int_equal(judge_pam_score(V_ON_TRACK, 1, 1, 10), 2);
    assert_int_equal(judge_pam_score(V_DISPUTED, 0, 0, 0), 1);
    assert_int_equal(judge_pam_score(V_VIOLATED, 0, 0, 0), 1);
    assert_int_equal(judge_pam_score(V_VIOLATED, 1, 5, 10), 2);
    assert_int_equal(judge_pam_score(V_VIOLATED, 1, 4, 10), 1);
    assert_int_equal(judge_pam_score(V_VIOLATED, 1, 0, 10), 0);
    assert_int_equal(judge_pam_score(V_PENDING, 0, 0, 0), 0);
    assert_int_equal(judge_pam_score(V_NOT_JUDGED, 0, 0, 0), -1);
    truce_agreement *a = load(AGREEMENT);
    judgement j;
    /* no reports, as of day 20 (2025-02-07): phase 1 over */
    run(&j, a, NULL, 0, "2025-02-07", 0);
    /* by hand: ceasefire met 3, withdraw pending 0, keep-out met 3, release violated? no: no
     * reports, so pending 0; notify pending 0; aid pending 0; open-gate pending 0; talks pending 0
     * -> phase 1: 6 of 24 = 25%; phase 2 ceasefire on track 2 of 3; whole: 8 of 27 = 29.6% */
    assert_int_equal(ob(&j, "ceasefire")->v, V_MET);
    assert_int_equal(ob(&j, "keep-out-strip")->v, V_MET);
    assert_int_equal(ob(&j, "release-captives")->v, V_PENDING);
    assert_int_equal(j.phases[0].judged, 8);
    assert_int_equal(j.phases[0].sum, 6);
    assert_true(fabs(j.phases[0].pct - 25.0) < 1e-9);
    assert_int_equal(j.phases[1].sum, 2);
    assert_int_equal(j.judged, 9);
    assert_int_equal(j.sum, 8);
    assert_true(fabs(j.pct - 800.0 / 27.0) < 1e-9);
    assert_false(j.phases[1].ready);
    assert_int_equal(j.phases[1].entered, 1);
    judge_free(&j);
    truce_agreement_free(a);
}

static void test_readiness_holds(void **state)
{
    (void)state;
    static const char yaml[] =
        "truce: 1\nid: r\ntitle: readiness (synthetic)\nstart: 2025-01-01\nsynthetic: test\n"
        "parties:\n  - {id: a, name: A, role: party}\n  - {id: b, name: B, role: party}\n"
        "milestones:\n  - {id: go, title: go}\n"
        "phases:\n  - {id: p1, title: one, days: 5, starts: day 1}\n  - {id: p2, title: two, days: 5, starts: after p1, requires: [go]}\n"
        "obligations:\n  - {id: talk, kind: negotiate, party: [a, b], phase: p1, by: day 3}\n";
    truce_agreement *a = NULL;
    assert_int_equal(truce_agreement_load_buffer("r.yaml", yaml, sizeof yaml - 1, NULL, NULL, &a), 0);
    assert_int_equal(truce_agreement_check(a, NULL), 0);
    report t = blank(REPORT_TALKS, "t");
    const char *ps[] = {"a", "b"};
    t.parties = ps, t.nparties = 2;
    t.notes = "milestone: go";
    report r[] = {on_days(t, "2025-01-02", "2025-01-02")};
    judgement j;
    run(&j, a, r, 1, "2025-01-04", 0);
    assert_int_equal(ob(&j, "talk")->v, V_MET);
    assert_true(j.phases[1].ready);
    assert_int_equal(j.phases[1].nmissing, 0);
    judge_free(&j);
    t.notes = NULL;
    r[0] = on_days(t, "2025-01-02", "2025-01-02");
    run(&j, a, r, 1, "2025-01-04", 0);
    assert_false(j.phases[1].ready);
    assert_int_equal(j.phases[1].nmissing, 1);
    judge_free(&j);
    truce_agreement_free(a);
}

/* ---- time zones ---- */

static void test_tz(void **state)
{
    (void)state;
    arena ar;
    arena_init(&ar, NULL);
    judge_tz tz;
    assert_int_equal(judge_tz_init(&tz, &ar, "+02:00"), 0);
    assert_int_equal(judge_tz_offset(&tz, 0), 7200);
    assert_int_equal(judge_tz_init(&tz, &ar, "UTC-03:30"), 0);
    assert_int_equal(judge_tz_offset(&tz, 0), -12600);
    assert_int_equal(judge_tz_init(&tz, &ar, "Asia/Gaza"), 0);
    if (!tz.approximate) {
        assert_int_equal(judge_tz_offset(&tz, iso("2025-01-20T00:00:00Z")), 7200);
        assert_int_equal(judge_tz_offset(&tz, iso("2025-07-20T00:00:00Z")), 10800);
    }
    assert_int_equal(judge_tz_day(&tz, iso("2025-01-23T22:01:00Z")), D("2025-01-24"));
    assert_int_equal(judge_tz_day(&tz, iso("2025-01-23T21:59:00Z")), D("2025-01-23"));
    assert_int_equal(judge_tz_init(&tz, &ar, "Asia/Jerusalem"), 0);
    assert_int_equal(judge_tz_init(&tz, &ar, "Nowhere/Atlantis"), TRUCE_EARG);
    assert_int_equal(judge_tz_init(&tz, &ar, "../etc/passwd"), TRUCE_EARG);
    arena_release(&ar);
}

/* ---- randomized: kernel against the plain loop ---- */

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
/* offsets on a 0.0025-degree lattice, so reports land on vertices and edges */
static double round_to(double v) { return floor(v / 0.0025 + 0.5) * 0.0025; }
static double unif(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static void test_random_kernel_vs_reference(void **state)
{
    (void)state;
    char dir[] = "/tmp/truce_judge_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    for (int round = 0; round < 40; round++) {
        /* zones: star-shaped polygons on a lattice of corners (so reports hit edges and vertices) */
        int nz = 1 + (int)(unif() * 4);
        snprintf(path, sizeof path, "%s/z.geojson", dir);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs("{\"type\": \"FeatureCollection\", \"features\": [\n", f);
        double cx[8], cy[8];
        for (int z = 0; z < nz; z++) {
            cx[z] = 34.3 + 0.01 * (int)(unif() * 10), cy[z] = 31.3 + 0.01 * (int)(unif() * 10);
            int nv = 3 + (int)(unif() * 8);
            fprintf(f, "%s{\"type\": \"Feature\", \"id\": \"z%d\", \"properties\": {}, \"geometry\": {\"type\": \"Polygon\", "
                       "\"coordinates\": [[",
                    z ? "," : "", z);
            double x0 = 0, y0 = 0;
            for (int v = 0; v < nv; v++) {
                double ang = 2 * M_PI * v / nv, rad = 0.005 * (1 + (int)(unif() * 4));
                double x = cx[z] + round_to(rad * cos(ang)), y = cy[z] + round_to(rad * sin(ang));
                if (!v) x0 = x, y0 = y;
                fprintf(f, "[%.4f, %.4f], ", x, y);
            }
            fprintf(f, "[%.4f, %.4f]]]}}\n", x0, y0);
        }
        fputs("]}\n", f);
        fclose(f);
        /* obligations: withdraw and stay-out with random days and parties */
        char yaml[8192];
        size_t o = (size_t)snprintf(yaml, sizeof yaml,
                                    "truce: 1\nid: rnd\ntitle: random (synthetic)\nstart: 2025-01-01\ntimezone: \"+02:00\"\n"
                                    "synthetic: randomized test\nparties:\n  - {id: a, name: A, role: party}\n"
                                    "  - {id: b, name: B, role: party}\nzones:\n");
        for (int z = 0; z < nz; z++)
            o += (size_t)snprintf(yaml + o, sizeof yaml - o, "  - {id: z%d, file: z.geojson, feature: z%d}\n", z, z);
        o += (size_t)snprintf(yaml + o, sizeof yaml - o, "obligations:\n");
        int nob = 1 + (int)(unif() * 6);
        for (int k = 0; k < nob; k++) {
            int from = 1 + (int)(unif() * 10), len = (int)(unif() * 10);
            const char *p = unif() < 0.5 ? "a" : unif() < 0.5 ? "b" : "[a, b]";
            if (unif() < 0.5)
                o += (size_t)snprintf(yaml + o, sizeof yaml - o, "  - {id: o%d, kind: withdraw, party: %s, zone: z%d, by: day %d}\n",
                                      k, p, (int)(unif() * nz), from);
            else
                o += (size_t)snprintf(yaml + o, sizeof yaml - o,
                                      "  - {id: o%d, kind: stay-out, party: %s, zone: z%d, from: day %d, until: day %d}\n", k, p,
                                      (int)(unif() * nz), from, from + len);
        }
        truce_agreement *a = NULL;
        assert_int_equal(truce_agreement_load_buffer("rnd.yaml", yaml, o, dir, NULL, &a), 0);
        if (truce_agreement_check(a, NULL) != 0) { /* e.g. a contradiction: not what this tests */
            truce_agreement_free(a);
            continue;
        }
        size_t nr = 300;
        report *r = calloc(nr, sizeof *r);
        char (*ids)[16] = calloc(nr, 16);
        for (size_t i = 0; i < nr; i++) {
            int z = (int)(unif() * nz);
            double lon = cx[z] + 0.0025 * (int)(unif() * 16 - 8), lat = cy[z] + 0.0025 * (int)(unif() * 16 - 8);
            snprintf(ids[i], 16, "r%zu", i);
            r[i] = blank(REPORT_TRACK, ids[i]);
            r[i].party = unif() < 0.45 ? "a" : unif() < 0.8 ? "b" : "nobody";
            r[i].lon = lon, r[i].lat = lat;
            r[i].radius_m = unif() < 0.7 ? 0 : 100 * (int)(unif() * 20);
            r[i].time.prec = TIME_EXACT;
            r[i].time.at = 1735682400LL + (long long)(unif() * 25 * 86400); /* 2025-01-01 00:00 +02:00 onward */
            if (unif() < 0.2) {
                r[i].time.prec = TIME_RANGE;
                r[i].time.from = (truce_date)(r[i].time.at / 86400);
                r[i].time.until = r[i].time.from + (truce_date)(unif() * 4);
            }
        }
        judgement jk, jr;
        run(&jk, a, r, nr, "2025-01-25", 0);
        run(&jr, a, r, nr, "2025-01-25", 1);
        assert_int_equal(jk.nobs, jr.nobs);
        for (size_t i = 0; i < jk.nobs; i++) {
            const ob_judgement *x = &jk.obs[i], *y = &jr.obs[i];
            if (x->v != y->v || x->nev != y->nev) fail_msg("round %d obligation %s: kernel %s (%zu), reference %s (%zu)", round,
                                                           x->ob->id, verdict_names[x->v], x->nev, verdict_names[y->v], y->nev);
            for (size_t k = 0; k < x->nev; k++) {
                assert_int_equal(x->ev[k].report, y->ev[k].report);
                assert_int_equal(x->ev[k].cls, y->ev[k].cls);
            }
        }
        judge_free(&jk);
        judge_free(&jr);
        free(r);
        free(ids);
        truce_agreement_free(a);
    }
    remove(path);
    rmdir(dir);
}

/* A source that counts how often it is asked for reports. */
static int counting_source(void *from, truce_field_report_fn fn, void *user)
{
    (void)fn, (void)user;
    ++*(int *)from;
    return 0;
}

/* truce_violations refuses a zone or party filter that names nothing in the agreement, before it
 * reads a report or writes a byte; known ids run as before. */
static void test_violations_unknown_filter(void **state)
{
    (void)state;
    truce_agreement *a = load(AGREEMENT);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    int asked = 0;
    truce_judge_options opt = {.start = TRUCE_DATE_NONE, .at = TRUCE_DATE_NONE, .since = TRUCE_DATE_NONE};
    opt.zone = "sqare";
    assert_int_equal(truce_violations(a, &opt, counting_source, &asked, out), TRUCE_ENOTFOUND);
    opt.zone = NULL, opt.party = "nobody";
    assert_int_equal(truce_violations(a, &opt, counting_source, &asked, out), TRUCE_ENOTFOUND);
    fflush(out);
    assert_int_equal(asked, 0);
    assert_int_equal(len, 0);
    opt.zone = "square", opt.party = "north";
    assert_int_equal(truce_violations(a, &opt, counting_source, &asked, out), 0);
    assert_int_equal(asked, 1);
    /* status takes no filter: the same options judge as before */
    opt.zone = "sqare";
    assert_int_equal(truce_status(a, &opt, counting_source, &asked, out), 0);
    fclose(out);
    free(buf);
    truce_agreement_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_withdraw_deadline_edges),
        cmocka_unit_test(test_withdraw_met_late_disputed),
        cmocka_unit_test(test_zone_edges),
        cmocka_unit_test(test_release_batches),
        cmocka_unit_test(test_delivery_rate),
        cmocka_unit_test(test_other_kinds),
        cmocka_unit_test(test_pam_and_readiness),
        cmocka_unit_test(test_readiness_holds),
        cmocka_unit_test(test_tz),
        cmocka_unit_test(test_random_kernel_vs_reference),
        cmocka_unit_test(test_violations_unknown_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
