/* test_mediate.c: unit tests of the mediation solvers (src/mediate): a small space worked out by
 * hand, 240 + 180 generated spaces cross-checked against plain enumeration, node limits, and the YAML
 * reader's errors at exact line:col. With MED_BENCH=1 it also times every solver on generated
 * 25- and 100-issue spaces (see test_bench for the command); that part asserts nothing. */
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

#include "mediate/mediate.h"

/* ---- diagnostics collected for assertions ---- */
typedef struct seen {
    char text[8192];
    int errors;
} seen;

static void collect(const truce_diag *d, void *user)
{
    seen *s = user;
    size_t o = strlen(s->text);
    snprintf(s->text + o, sizeof s->text - o, "%d:%d: %s%s%s\n", d->line, d->col, d->message, d->hint ? " | " : "",
             d->hint ? d->hint : "");
    if (d->severity == TRUCE_ERROR) s->errors++;
}

static int read_space(med_space *sp, const char *yaml, seen *sn)
{
    memset(sn, 0, sizeof *sn);
    med_space_init(sp, NULL);
    source src = {"t.yaml", yaml, strlen(yaml)};
    diag_sink sink = {collect, sn, 0, 0};
    return med_space_read(sp, &src, &sink);
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* ---- a space worked out by hand ----
 * issues a {a0, a1}, b {b0, b1}; parties p and q, reservations 0.2 (also the disagreement point).
 *   p: weights a .5, b .5; values a0 1, a1 .1, b0 .8, b1 0  -> a0: .5  a1: .05  b0: .4  b1: 0
 *   q: weights a .4, b .6; values a0 0, a1 1, b0 .5, b1 1   -> a0: 0   a1: .4   b0: .3  b1: .6
 *   outcome   u_p                 u_q                 welfare
 *   a0 b0     .5 + .4 = .9        0 + .3 = .3         1.2
 *   a0 b1     .5 + 0  = .5        0 + .6 = .6         1.1
 *   a1 b0     .05 + .4 = .45      .4 + .3 = .7        1.15
 *   a1 b1     .05 + 0 = .05       .4 + .6 = 1.0       1.05   (u_p < .2: not acceptable)
 * count: 3.  welfare: a0 b0, 1.2.
 * Nash (u - .2 each): a0b0 .7 * .1 = .07; a0b1 .3 * .4 = .12; a1b0 .25 * .5 = .125 -> a1 b0, .125.
 * KS: ideal p = .9, ideal q = .7; ranges .7 and .5:
 *   a0b0 min(.7/.7, .1/.5) = .2; a0b1 min(.3/.7, .4/.5) = 3/7 = .428571; a1b0 min(.25/.7, 1) = .357
 *   -> a0 b1, 3/7.
 * Pareto: none of the three dominates another -> all three. */
static const char *const hand_yaml = "truce-space: 1\n"
                                     "id: hand\n"
                                     "issues:\n"
                                     "  - id: a\n"
                                     "    options: [a0, a1]\n"
                                     "  - id: b\n"
                                     "    options: [b0, b1]\n"
                                     "parties:\n"
                                     "  - id: p\n"
                                     "    weights: {a: 0.5, b: 0.5}\n"
                                     "    values: {a: {a0: 1, a1: 0.1}, b: {b0: 0.8, b1: 0}}\n"
                                     "    reservation: 0.2\n%s"
                                     "  - id: q\n"
                                     "    weights: {a: 4, b: 6}\n" /* normalised to .4, .6 */
                                     "    ranking: {a: [a1, a0]}\n"
                                     "    values: {b: {b0: 0.5, b1: 1}}\n"
                                     "    reservation: 0.2\n%s%s";

static void hand_space(med_space *sp, const char *p_extra, const char *q_extra, const char *links)
{
    char buf[4096];
    snprintf(buf, sizeof buf, hand_yaml, p_extra, q_extra, links);
    seen sn;
    int rc = read_space(sp, buf, &sn);
    if (rc) fprintf(stderr, "%s", sn.text);
    assert_int_equal(rc, 0);
}

static void test_hand(void **state)
{
    (void)state;
    med_space sp;
    hand_space(&sp, "", "", "");
    arena ar;
    arena_init(&ar, NULL);
    med_result r;
    assert_int_equal(med_count_acceptable(&sp, NULL, &ar, &r), 0);
    assert_true(r.exact);
    assert_true(r.count == 3);

    assert_int_equal(med_solve_welfare(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, MED_FOUND);
    NEAR(r.value, 1.2);
    assert_int_equal(r.outcome[0], 0);
    assert_int_equal(r.outcome[1], 0);

    assert_int_equal(med_solve_nash(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, MED_FOUND);
    NEAR(r.value, 0.125);
    assert_int_equal(r.outcome[0], 1);
    assert_int_equal(r.outcome[1], 0);

    assert_int_equal(med_solve_ks(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, MED_FOUND);
    NEAR(r.value, 3.0 / 7.0);
    NEAR(r.ideal[0], 0.9);
    NEAR(r.ideal[1], 0.7);
    assert_int_equal(r.outcome[0], 0);
    assert_int_equal(r.outcome[1], 1);

    med_pareto_set ps;
    assert_int_equal(med_pareto(&sp, NULL, &ar, &ps), 0);
    assert_int_equal(ps.status, MED_FOUND);
    assert_int_equal(ps.n, 3);
    assert_false(ps.capped);

    /* already acceptable: the least concession is none */
    assert_int_equal(med_least_concession(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.red_lines_dropped, 0);
    NEAR(r.shortfall, 0);
    assert_int_equal(r.nconcessions, 0);
    arena_release(&ar);
    med_space_free(&sp);
}

/* A bonus (a0, b1) of +.1 for both: a0b1 becomes (.6, .7), welfare 1.3, and dominates a1b0
 * (.45, .7). Welfare: a0b1 1.3. Nash: a0b0 .7 * .1 = .07, a0b1 .4 * .5 = .2 -> .2. Pareto: a0b0, a0b1.
 * A requires-link a0 -> b1 besides removes a0b0: count 2 (a0b1, a1b0). */
static void test_hand_links(void **state)
{
    (void)state;
    med_space sp;
    hand_space(&sp, "", "",
               "links:\n"
               "  - bonus: {pair: [a=a0, b=b1], parties: {p: 0.1, q: 0.1}}\n");
    arena ar;
    arena_init(&ar, NULL);
    med_result r;
    med_pareto_set ps;
    assert_int_equal(med_solve_welfare(&sp, NULL, &ar, &r), 0);
    NEAR(r.value, 1.3);
    assert_int_equal(med_solve_nash(&sp, NULL, &ar, &r), 0);
    NEAR(r.value, 0.2);
    assert_int_equal(med_pareto(&sp, NULL, &ar, &ps), 0);
    assert_int_equal(ps.n, 2);
    med_space_free(&sp);

    hand_space(&sp, "", "",
               "links:\n"
               "  - bonus: {pair: [a=a0, b=b1], parties: {p: 0.1, q: 0.1}}\n"
               "  - requires: {if: a=a0, then: b=b1}\n");
    assert_int_equal(med_count_acceptable(&sp, NULL, &ar, &r), 0);
    assert_true(r.exact && r.count == 2);
    assert_int_equal(med_solve_welfare(&sp, NULL, &ar, &r), 0);
    NEAR(r.value, 1.3);
    arena_release(&ar);
    med_space_free(&sp);
}

/* p red-lines b0, q red-lines a0: only a1 b1 is free of red lines, and u_p = .05 < .2.
 * Least concession: no red line dropped, p lowers its reservation .2 -> .05 (shortfall .15).
 * With p's red lines on a1 and b1 instead: every outcome holds one; a0b0 (q drops a=a0) and
 * a1b0 (p drops a=a1) cost one red line and no shortfall; a0b1 costs two. */
static void test_hand_concession(void **state)
{
    (void)state;
    med_space sp;
    hand_space(&sp, "    red_lines: [b=b0]\n", "    red_lines: [a=a0]\n", "");
    arena ar;
    arena_init(&ar, NULL);
    med_result r;
    char buf[200];
    assert_int_equal(med_count_acceptable(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, MED_NONE);
    assert_true(r.exact && r.count == 0);
    assert_int_equal(med_solve_welfare(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, MED_NONE);
    assert_int_equal(med_least_concession(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, MED_FOUND);
    assert_int_equal(r.red_lines_dropped, 0);
    NEAR(r.shortfall, 0.15);
    assert_int_equal(r.nconcessions, 1);
    assert_string_equal(med_describe_concession(&sp, &r.concessions[0], buf, sizeof buf),
                        "p lowers its reservation from 0.2 to 0.05");
    med_space_free(&sp);

    hand_space(&sp, "    red_lines: [a=a1, b=b1]\n", "    red_lines: [a=a0]\n", "");
    assert_int_equal(med_least_concession(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.red_lines_dropped, 1);
    NEAR(r.shortfall, 0);
    assert_int_equal(r.nconcessions, 1);
    assert_int_equal(r.outcome[1], 0);
    med_describe_concession(&sp, &r.concessions[0], buf, sizeof buf);
    assert_true(!strcmp(buf, "q drops its red line on a=a0") || !strcmp(buf, "p drops its red line on a=a1"));
    arena_release(&ar);
    med_space_free(&sp);
}

/* ---- generated spaces against enumeration ---- */

static int cmp_outcome(const void *a, const void *b, void *n_)
{
    int n = *(int *)n_;
    return memcmp(a, b, sizeof(int) * (size_t)n);
}

/* sorts the n outcomes of length len (insertion sort; small) */
static void sort_outcomes(int *o, int n, int len)
{
    int tmp[MED_MAX_ISSUES];
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && cmp_outcome(o + (j - 1) * len, o + j * len, &len) > 0; j--) {
            memcpy(tmp, o + j * len, sizeof(int) * (size_t)len);
            memcpy(o + j * len, o + (j - 1) * len, sizeof(int) * (size_t)len);
            memcpy(o + (j - 1) * len, tmp, sizeof(int) * (size_t)len);
        }
}

static void check_outcome(const med_space *sp, const med_result *r)
{
    assert_true(r->has_outcome);
    assert_true(med_acceptable(sp, r->outcome));
    double w = 0;
    for (int p = 0; p < sp->nparties; p++) {
        assert_true(fabs(med_utility(sp, p, r->outcome) - r->utility[p]) < 1e-9);
        w += r->utility[p];
    }
    NEAR(w, r->welfare);
}

static void test_cross_check(void **state)
{
    (void)state;
    int spaces = 0, infeasible = 0, with_nash = 0;
    for (int seed = 1; seed <= 240; seed++) {
        int n = 2 + seed % 7, o = 2 + (seed / 7) % 5, np = 2 + seed % 3;
        while (pow(o, n) > 1e5) n--;
        med_space sp;
        med_space_init(&sp, NULL);
        assert_int_equal(med_generate(&sp, (uint64_t)seed * 7919u, n, o, np, MED_GEN_RED_LINES | MED_GEN_LINKS), 0);
        arena ar;
        arena_init(&ar, NULL);
        med_brute b;
        assert_int_equal(med_brute_force(&sp, &ar, &b), 0);
        med_result r;
        med_pareto_set ps;

        assert_int_equal(med_count_acceptable(&sp, NULL, &ar, &r), 0);
        assert_true(r.exact);
        assert_true(r.count == (long double)b.count);

        assert_int_equal(med_solve_welfare(&sp, NULL, &ar, &r), 0);
        assert_int_equal(r.status, b.welfare.status);
        if (r.status == MED_FOUND) {
            NEAR(r.value, b.welfare.value);
            check_outcome(&sp, &r);
        }

        assert_int_equal(med_solve_nash(&sp, NULL, &ar, &r), 0);
        assert_int_equal(r.status, b.nash.status);
        if (r.status == MED_FOUND) {
            assert_true(fabs(r.value - b.nash.value) <= 1e-9 * fmax(1e-3, b.nash.value));
            check_outcome(&sp, &r);
            with_nash++;
        }

        assert_int_equal(med_solve_ks(&sp, NULL, &ar, &r), 0);
        assert_int_equal(r.status, b.ks.status);
        if (r.status == MED_FOUND) {
            NEAR(r.value, b.ks.value);
            NEAR(r.welfare, b.ks.welfare); /* the tie-break too */
            for (int p = 0; p < np; p++) NEAR(r.ideal[p], b.ks.ideal[p]);
            check_outcome(&sp, &r);
        }

        assert_int_equal(med_pareto(&sp, NULL, &ar, &ps), 0);
        assert_int_equal(ps.status, b.pareto.status);
        assert_false(ps.capped);
        assert_int_equal(ps.n, b.pareto.n);
        sort_outcomes(ps.outcomes, ps.n, n);
        sort_outcomes(b.pareto.outcomes, ps.n, n);
        assert_memory_equal(ps.outcomes, b.pareto.outcomes, sizeof(int) * (size_t)(ps.n * n));

        assert_int_equal(med_least_concession(&sp, NULL, &ar, &r), 0);
        assert_int_equal(r.status, b.concession.status);
        if (r.status == MED_FOUND) {
            assert_int_equal(r.red_lines_dropped, b.concession.red_lines_dropped);
            NEAR(r.shortfall, b.concession.shortfall);
            assert_true(med_feasible(&sp, r.outcome));
            if (b.count == 0) infeasible++;
            else assert_true(r.red_lines_dropped == 0 && r.shortfall == 0);
        }
        spaces++;
        arena_release(&ar);
        med_space_free(&sp);
    }
    assert_int_equal(spaces, 240);
    /* the sample must exercise both sides */
    assert_true(infeasible >= 10);
    assert_true(with_nash >= 50);
}

/* More spaces, the shapes the benchmark draws from (3 to 12 options, 2 to 4 parties), each with
 * red lines and links, links only, or neither (pure additive): welfare, Nash, KS (value, tie-break
 * and ideal point) and least concession must equal enumeration. */
static void test_cross_check_shapes(void **state)
{
    (void)state;
    int spaces = 0, found = 0;
    static const int flags[3] = {MED_GEN_RED_LINES | MED_GEN_LINKS, MED_GEN_LINKS, 0};
    for (int seed = 1; seed <= 180; seed++) {
        int o = 3 + seed % 10, np = 2 + (seed / 3) % 3, n = 3;
        while (pow(o, n + 1) <= 2e5 && n < 12) n++;
        med_space sp;
        med_space_init(&sp, NULL);
        assert_int_equal(med_generate(&sp, 1000003u * (uint64_t)seed, n, o, np, flags[seed % 3]), 0);
        arena ar;
        arena_init(&ar, NULL);
        med_brute b;
        assert_int_equal(med_brute_force(&sp, &ar, &b), 0);
        med_result r;
        assert_int_equal(med_solve_welfare(&sp, NULL, &ar, &r), 0);
        assert_int_equal(r.status, b.welfare.status);
        if (r.status == MED_FOUND) {
            NEAR(r.value, b.welfare.value);
            check_outcome(&sp, &r);
            found++;
        }
        assert_int_equal(med_solve_nash(&sp, NULL, &ar, &r), 0);
        assert_int_equal(r.status, b.nash.status);
        if (r.status == MED_FOUND) assert_true(fabs(r.value - b.nash.value) <= 1e-9 * fmax(1e-3, b.nash.value));
        assert_int_equal(med_solve_ks(&sp, NULL, &ar, &r), 0);
        assert_int_equal(r.status, b.ks.status);
        if (r.status == MED_FOUND) {
            NEAR(r.value, b.ks.value);
            NEAR(r.welfare, b.ks.welfare);
            for (int p = 0; p < np; p++) NEAR(r.ideal[p], b.ks.ideal[p]);
            check_outcome(&sp, &r);
        }
        assert_int_equal(med_least_concession(&sp, NULL, &ar, &r), 0);
        assert_int_equal(r.status, b.concession.status);
        if (r.status == MED_FOUND) {
            assert_int_equal(r.red_lines_dropped, b.concession.red_lines_dropped);
            NEAR(r.shortfall, b.concession.shortfall);
        }
        spaces++;
        arena_release(&ar);
        med_space_free(&sp);
    }
    assert_int_equal(spaces, 180);
    assert_true(found >= 60);
}

/* The Pareto cap: the frontier is cut to the cap, and each listed outcome is still on it. */
static void test_pareto_cap(void **state)
{
    (void)state;
    int checked = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        med_space sp;
        med_space_init(&sp, NULL);
        assert_int_equal(med_generate(&sp, seed, 6, 5, 3, MED_GEN_LINKS), 0);
        arena ar;
        arena_init(&ar, NULL);
        med_brute b;
        assert_int_equal(med_brute_force(&sp, &ar, &b), 0);
        med_options opt = {0, 3};
        med_pareto_set ps;
        assert_int_equal(med_pareto(&sp, &opt, &ar, &ps), 0);
        if (b.pareto.n > 3) {
            assert_true(ps.capped);
            assert_true(ps.n <= 3);
            for (int i = 0; i < ps.n; i++) {
                int found = 0;
                for (int j = 0; j < b.pareto.n && !found; j++)
                    found = !memcmp(ps.outcomes + i * 6, b.pareto.outcomes + j * 6, sizeof(int) * 6);
                assert_true(found);
            }
            checked++;
        } else {
            assert_false(ps.capped);
            assert_int_equal(ps.n, b.pareto.n);
        }
        arena_release(&ar);
        med_space_free(&sp);
    }
    assert_true(checked >= 5);
}

/* Node limits: a count cut short says "at least", never a wrong exact number. */
static void test_limits(void **state)
{
    (void)state;
    med_space sp;
    med_space_init(&sp, NULL);
    assert_int_equal(med_generate(&sp, 1, 25, 8, 4, MED_GEN_RED_LINES | MED_GEN_LINKS), 0);
    arena ar;
    arena_init(&ar, NULL);
    med_brute b;
    assert_int_equal(med_brute_force(&sp, &ar, &b), TRUCE_EARG); /* 8^25 outcomes */
    med_options opt = {1000, 0};
    med_result r;
    assert_int_equal(med_count_acceptable(&sp, &opt, &ar, &r), 0);
    assert_int_equal(r.status, MED_LIMIT);
    assert_false(r.exact);
    assert_true(r.count <= r.count_upper);
    assert_true(r.count_upper <= (long double)med_space_size(&sp) * 1.0000001L);
    assert_true(r.nodes <= 1001);
    arena_release(&ar);
    med_space_free(&sp);

    /* small spaces under tiny limits: whatever is called exact is right, bounds hold */
    for (uint64_t seed = 1; seed <= 60; seed++) {
        med_space_init(&sp, NULL);
        assert_int_equal(med_generate(&sp, seed, 5, 4, 3, MED_GEN_RED_LINES | MED_GEN_LINKS), 0);
        arena_init(&ar, NULL);
        assert_int_equal(med_brute_force(&sp, &ar, &b), 0);
        med_options tiny = {(long long)(seed * 7), 0};
        assert_int_equal(med_count_acceptable(&sp, &tiny, &ar, &r), 0);
        if (r.exact) assert_true(r.count == (long double)b.count);
        else {
            assert_int_equal(r.status, MED_LIMIT);
            assert_true(r.count <= (long double)b.count && (long double)b.count <= r.count_upper);
        }
        assert_int_equal(med_solve_welfare(&sp, &tiny, &ar, &r), 0);
        if (r.status != MED_LIMIT) assert_int_equal(r.status, b.welfare.status);
        if (r.status == MED_FOUND) NEAR(r.value, b.welfare.value);
        arena_release(&ar);
        med_space_free(&sp);
    }
}

/* The brief's sizes, once each, must complete (proofs, not limits). */
static void test_large(void **state)
{
    (void)state;
    med_space sp;
    med_space_init(&sp, NULL);
    assert_int_equal(med_generate(&sp, 1, 25, 8, 4, MED_GEN_RED_LINES | MED_GEN_LINKS), 0);
    arena ar;
    arena_init(&ar, NULL);
    med_result r;
    assert_int_equal(med_solve_welfare(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, MED_FOUND);
    check_outcome(&sp, &r);
    assert_int_equal(med_solve_nash(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, MED_FOUND);
    assert_int_equal(med_solve_ks(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, MED_FOUND);
    assert_int_equal(med_least_concession(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, MED_FOUND);
    arena_release(&ar);
    med_space_free(&sp);
}

/* ---- YAML ---- */

static void test_yaml_errors(void **state)
{
    (void)state;
    const char *bad = "truce-space: 1\n"                                                                   /* 1 */
                      "id: bad\n"                                                                          /* 2 */
                      "issues:\n"                                                                          /* 3 */
                      "  - id: philadelphi-timing\n"                                                       /* 4 */
                      "    options: [withdraw-phase-1, reduced-presence, exit-phase-2]\n"                  /* 5 */
                      "  - id: netzarim\n"                                                                 /* 6 */
                      "    options: [withdraw, stay]\n"                                                    /* 7 */
                      "parties:\n"                                                                         /* 8 */
                      "  - id: israel\n"                                                                   /* 9 */
                      "    weights: {philadelphi-timing: 0.6, netzarim: -0.4}\n"                           /* 10 */
                      "    values: {philadelphi-timing: {withdraw-phase-1: 0, reduced-presence: 0.6}}\n"   /* 11 */
                      "    ranking: {netzarim: [stay, stay]}\n"                                            /* 12 */
                      "    red_lines: [philadelphi-timng=withdraw-phase-1]\n"                              /* 13 */
                      "  - id: hamas\n"                                                                    /* 14 */
                      "    weights: {philadelphi-timing: 0, netzarim: 0}\n"                                /* 15 */
                      "    ranking: {netzarim: [withdraw]}\n"                                              /* 16 */
                      "    reservaton: 0.3\n"                                                              /* 17 */
                      "links:\n"                                                                           /* 18 */
                      "  - requires: {if: netzarim=withdraw, then: philadelphi-timing=exit-phase3}\n"      /* 19 */
                      "  - bonus: {pair: [netzarim=stay, philadelphi-timing=exit-phase-2], parties: {isreal: 0.1}}\n";
    med_space sp;
    seen sn;
    assert_int_equal(read_space(&sp, bad, &sn), TRUCE_EINVALID);
    /* columns counted by hand: e.g. line 10, "    weights: {" ends at col 14, the key at 15..32,
     * ": 0.6, " then "netzarim" at 40..47, ": " and -0.4 at col 50 */
    const char *want =
        "10:50: weights cannot be negative, got -0.4\n"
        "11:34: party 'israel' gives no value for option 'exit-phase-2' of 'philadelphi-timing' | give every option "
        "of 'philadelphi-timing' a value from 0 to 1\n"
        "12:32: option 'stay' appears twice in the ranking of 'netzarim' | it is already ranked 1\n"
        "13:17: unknown issue 'philadelphi-timng' | did you mean issue 'philadelphi-timing'?\n"
        "17:5: unknown key 'reservaton' in a party | did you mean key 'reservation'?\n"
        "15:14: party 'hamas' has all its weights at 0 | give at least one issue a weight above 0\n"
        "16:25: the ranking of 'netzarim' leaves out option 'stay' | a ranking lists all 2 options of 'netzarim', "
        "best first\n"
        "19:45: unknown option 'exit-phase3' in issue 'philadelphi-timing' | did you mean option 'exit-phase-2'?\n"
        "20:79: unknown party 'isreal' | did you mean party 'israel'?\n";
    assert_string_equal(sn.text, want);
    med_space_free(&sp);

    /* form: version, duplicates, too few options, both values and ranking */
    const char *bad2 = "truce-space: 2\n"
                       "issues:\n"
                       "  - {id: a, options: [x]}\n"
                       "  - {id: b, options: [x, y]}\n"
                       "  - {id: b, options: [x, y]}\n"
                       "parties:\n"
                       "  - {id: p, weights: {b: 1}, values: {b: {x: 1, y: 2}}}\n"
                       "  - {id: q, weights: {b: 1}, values: {b: {x: 1, y: 0}}, ranking: {b: [x, y]}}\n";
    assert_int_equal(read_space(&sp, bad2, &sn), TRUCE_EINVALID);
    assert_string_equal(sn.text,
                        "1:14: unsupported space format '2' | this version of truce reads 'truce-space: 1'\n"
                        "3:22: issue 'a' must have 2 to 12 options, got 1\n"
                        "5:10: two issues have the id 'b'\n"
                        "7:52: a value must be between 0 and 1, got 2\n"
                        "8:67: party 'q' gives both values and a ranking for 'b'\n");
    med_space_free(&sp);

    assert_int_equal(read_space(&sp, "truce-space: 1\nissues: [\n", &sn), TRUCE_ESYNTAX);
    assert_true(sn.errors == 1);
    med_space_free(&sp);
}

static void test_yaml_ok(void **state)
{
    (void)state;
    const char *good = "truce-space: 1\n"
                       "id: example\n"
                       "issues:\n"
                       "  - id: philadelphi-timing\n"
                       "    options: [withdraw-phase-1, reduced-presence, exit-phase-2, not-agreed]\n"
                       "  - id: netzarim\n"
                       "    options: [withdraw-phase-1, screened, unscreened]\n"
                       "parties:\n"
                       "  - id: israel\n"
                       "    weights: {philadelphi-timing: 0.6, netzarim: 0.4}\n"
                       "    values: {philadelphi-timing: {withdraw-phase-1: 0, reduced-presence: 0.6, exit-phase-2: 1, "
                       "not-agreed: 0.3}}\n"
                       "    ranking: {netzarim: [screened, unscreened, withdraw-phase-1]}\n"
                       "    red_lines: [philadelphi-timing=withdraw-phase-1]\n"
                       "    reservation: 0.3\n"
                       "  - id: hamas\n"
                       "    weights: {philadelphi-timing: 1, netzarim: 1}\n"
                       "    ranking: {philadelphi-timing: [withdraw-phase-1, reduced-presence, exit-phase-2, not-agreed],\n"
                       "              netzarim: [withdraw-phase-1, unscreened, screened]}\n"
                       "    red_lines: [philadelphi-timing=not-agreed]\n"
                       "    reservation: 0.2\n"
                       "links:\n"
                       "  - requires: {if: netzarim=withdraw-phase-1, then: philadelphi-timing=reduced-presence}\n"
                       "  - bonus: {pair: [philadelphi-timing=exit-phase-2, netzarim=unscreened], parties: {israel: 0.05, "
                       "hamas: -0.02}}\n";
    med_space sp;
    seen sn;
    int rc = read_space(&sp, good, &sn);
    if (rc) fprintf(stderr, "%s", sn.text);
    assert_int_equal(rc, 0);
    assert_int_equal(sp.nissues, 2);
    assert_int_equal(sp.nparties, 2);
    assert_int_equal(sp.nlinks, 2);
    NEAR(sp.parties[1].weight[0], 0.5);
    NEAR(sp.parties[0].value[1 * MED_MAX_OPTIONS + 1], 1.0); /* screened: first of three */
    NEAR(sp.parties[0].value[1 * MED_MAX_OPTIONS + 2], 0.5); /* unscreened: second */
    NEAR(sp.parties[0].value[1 * MED_MAX_OPTIONS + 0], 0.0); /* withdraw-phase-1: last */
    NEAR(sp.parties[1].value[0 * MED_MAX_OPTIONS + 1], 2.0 / 3.0);
    arena ar;
    arena_init(&ar, NULL);
    med_brute b;
    med_result r;
    assert_int_equal(med_brute_force(&sp, &ar, &b), 0);
    assert_int_equal(med_solve_nash(&sp, NULL, &ar, &r), 0);
    assert_int_equal(r.status, b.nash.status);
    NEAR(r.value, b.nash.value);
    arena_release(&ar);
    med_space_free(&sp);
}

/* ---- timings: MED_BENCH=1 build/tests/test_mediate (or the hand-built binary) ---- */

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec * 1e-6;
}

static void test_bench(void **state)
{
    (void)state;
    if (!getenv("MED_BENCH")) skip();
    int sizes[2] = {25, 100};
    int seeds = getenv("MED_BENCH_SEEDS") ? atoi(getenv("MED_BENCH_SEEDS")) : 10;
    for (int z = 0; z < 2; z++) {
        const char *names[] = {"welfare", "nash", "ks", "concession", "count(limit 2e4)", "pareto(cap 20)"};
        double worst[6] = {0}, total[6] = {0};
        int limited[6] = {0};
        for (int seed = 1; seed <= seeds; seed++) {
            med_space sp;
            med_space_init(&sp, NULL);
            med_generate(&sp, (uint64_t)seed, sizes[z], 8, 4, MED_GEN_RED_LINES | MED_GEN_LINKS);
            for (int k = 0; k < 6; k++) {
                arena ar;
                arena_init(&ar, NULL);
                med_result r;
                med_pareto_set ps;
                med_options opt = {k == 4 ? 20000 : 5000000, 20};
                double t0 = now_ms();
                if (k == 0) med_solve_welfare(&sp, &opt, &ar, &r);
                if (k == 1) med_solve_nash(&sp, &opt, &ar, &r);
                if (k == 2) med_solve_ks(&sp, &opt, &ar, &r);
                if (k == 3) med_least_concession(&sp, &opt, &ar, &r);
                if (k == 4) med_count_acceptable(&sp, &opt, &ar, &r);
                if (k == 5) med_pareto(&sp, &opt, &ar, &ps), r.status = ps.status;
                double t = now_ms() - t0;
                limited[k] += r.status == MED_LIMIT;
                total[k] += t;
                worst[k] = t > worst[k] ? t : worst[k];
                arena_release(&ar);
            }
            med_space_free(&sp);
        }
        for (int k = 0; k < 6; k++)
            printf("bench %3d issues x 8 options x 4 parties: %-17s mean %9.3f ms  worst %9.3f ms  "
                   "node limit hit %d/%d\n",
                   sizes[z], names[k], total[k] / seeds, worst[k], limited[k], seeds);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand),        cmocka_unit_test(test_hand_links), cmocka_unit_test(test_hand_concession),
        cmocka_unit_test(test_cross_check), cmocka_unit_test(test_cross_check_shapes),
        cmocka_unit_test(test_pareto_cap), cmocka_unit_test(test_limits),
        cmocka_unit_test(test_large),       cmocka_unit_test(test_yaml_errors), cmocka_unit_test(test_yaml_ok),
        cmocka_unit_test(test_bench),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
