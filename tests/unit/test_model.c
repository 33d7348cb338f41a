/* test_model.c: unit tests for dates, the YAML tree, deadline expressions, phase resolution,
 * schedules and the loader's out-of-memory paths (an allocator that fails the Nth call). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/model.h"
#include "model/schedule.h"
#include "util/date.h"

/* ---- diagnostics collected for assertions ---- */
typedef struct seen {
    char text[8192];
    int errors, warnings;
} seen;

static void collect(const truce_diag *d, void *user)
{
    seen *s = user;
    size_t o = strlen(s->text);
    snprintf(s->text + o, sizeof s->text - o, "%d:%d: %s: %s\n", d->line, d->col,
             d->severity == TRUCE_ERROR ? "error" : d->severity == TRUCE_WARNING ? "warning" : "note", d->message);
    if (d->severity == TRUCE_ERROR) s->errors++;
    if (d->severity == TRUCE_WARNING) s->warnings++;
}

static truce_agreement *load(const char *yaml, seen *s)
{
    memset(s, 0, sizeof *s);
    truce_load_options opt = {collect, s, NULL};
    truce_agreement *a = NULL;
    int r = truce_agreement_load_buffer("t.yaml", yaml, strlen(yaml), NULL, &opt, &a);
    if (r == 0) truce_agreement_check(a, &opt);
    return a;
}

static const char *const base =
    "truce: 1\n"
    "id: t\n"
    "title: Test (synthetic)\n"
    "synthetic: unit test\n"
    "start: 2025-01-19\n"
    "parties:\n"
    "  - {id: israel, name: Israel}\n"
    "  - {id: hamas, name: Hamas}\n"
    "phases:\n"
    "  - {id: phase-1, title: One, days: 42}\n"
    "  - {id: phase-2, title: Two, days: 42}\n"
    "  - {id: phase-3, title: Three, days: open}\n"
    "obligations:\n"
    "  - id: release\n"
    "    kind: release\n"
    "    party: hamas\n"
    "    phase: phase-1\n"
    "    persons: hostages\n"
    "    quantity:\n"
    "      total: 33\n"
    "      schedule:\n"
    "        - {on: day 1, count: 3}\n"
    "        - {on: day 7, count: 4}\n"
    "        - {every: 7 days, from: day 14, until: day 35, count: 3}\n"
    "        - {from: day 36, until: day 42, count: 14}\n"
    "  - id: lists\n"
    "    kind: notify\n"
    "    party: hamas\n"
    "    phase: phase-1\n"
    "    by: 24 hours before each release\n"
    "  - id: talks\n"
    "    kind: negotiate\n"
    "    party: [israel, hamas]\n"
    "    by: day 16\n"
    "  - id: late\n"
    "    kind: negotiate\n"
    "    party: israel\n"
    "    by: day 5 of phase-2\n";

static void test_dates(void **state)
{
    (void)state;
    truce_date d;
    assert_int_equal(truce_date_parse("1970-01-01", &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(truce_date_parse("2025-01-19", &d), 0);
    assert_int_equal(d, 20107);
    char buf[11];
    assert_string_equal(truce_date_format(d + 42, buf), "2025-03-02");
    assert_int_equal(truce_date_parse("2024-02-29", &d), 0); /* leap year */
    assert_int_equal(truce_date_parse("2025-02-29", &d), TRUCE_EARG);
    assert_int_equal(truce_date_parse("1900-02-29", &d), TRUCE_EARG);
    assert_int_equal(truce_date_parse("2000-02-29", &d), 0);
    assert_int_equal(truce_date_parse("2025-1-19", &d), TRUCE_EARG);
    assert_int_equal(date_weekday(date_from_ymd(2025, 1, 19)), 6); /* a Sunday */
    for (int y = 1999; y <= 2032; y++)
        for (int m = 1; m <= 12; m++) {
            int yy, mm, dd;
            date_to_ymd(date_from_ymd(y, m, 28), &yy, &mm, &dd);
            assert_true(yy == y && mm == m && dd == 28);
        }
}

static void test_errors_table(void **state)
{
    (void)state;
    assert_string_equal(truce_error_name(TRUCE_ENOMEM), "NOMEM");
    assert_string_equal(truce_strerror(TRUCE_ENOMEM), "out of memory");
    assert_string_equal(truce_error_name(12345), "UNKNOWN");
}

static void test_phases_and_deadlines(void **state)
{
    (void)state;
    seen s;
    truce_agreement *a = load(base, &s);
    assert_non_null(a);
    assert_int_equal(s.errors, 0);
    const phase *p2 = model_phase(a, "phase-2"), *p3 = model_phase(a, "phase-3");
    assert_int_equal(p2->start_day, 43);
    assert_int_equal(p2->end_day, 84);
    assert_int_equal(p3->start_day, 85);
    assert_int_equal(p3->end_day, DAY_UNKNOWN);
    const obligation *late = model_obligation(a, "late");
    assert_int_equal(when_day(a, &late->t.by, late), 47);
    const obligation *talks = model_obligation(a, "talks");
    assert_int_equal(when_day(a, &talks->t.by, talks), 16);
    truce_agreement_free(a);
}

static void test_schedule_events(void **state)
{
    (void)state;
    seen s;
    truce_agreement *a = load(base, &s);
    assert_non_null(a);
    const obligation *rel = model_obligation(a, "release");
    long days[16], counts[16];
    size_t n = obligation_events(a, rel, days, counts, 16);
    long want_d[] = {1, 7, 14, 21, 28, 35, 42}, want_c[] = {3, 4, 3, 3, 3, 3, 14};
    assert_int_equal(n, 7);
    long total = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(days[i], want_d[i]);
        assert_int_equal(counts[i], want_c[i]);
        total += counts[i];
    }
    assert_int_equal(total, 33);
    /* "24 hours before each release": the day before each event */
    const obligation *lists = model_obligation(a, "lists");
    n = obligation_events(a, lists, days, counts, 16);
    assert_int_equal(n, 7);
    assert_int_equal(days[0], 0);
    assert_int_equal(days[6], 41);
    /* the dated schedule */
    arena ar;
    arena_init(&ar, NULL);
    schedule sc;
    assert_int_equal(schedule_build(a, TRUCE_DATE_NONE, &ar, &sc), 0);
    assert_int_equal(schedule_date(&sc, 43), date_from_ymd(2025, 3, 2)); /* Jan 19 + 42 days */
    arena_release(&ar);
    truce_agreement_free(a);
}

static void test_schedule_total_mismatch(void **state)
{
    (void)state;
    char *yaml = strdup(base);
    char *p = strstr(yaml, "total: 33");
    memcpy(p, "total: 34", 9);
    seen s;
    truce_agreement *a = load(yaml, &s);
    assert_non_null(a);
    assert_int_equal(s.errors, 1);
    assert_non_null(strstr(s.text, "adds up to 33, not the stated total of 34"));
    truce_agreement_free(a);
    free(yaml);
}

static void test_when_forms(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int ok;
        when_kind kind;
    } cases[] = {
        {"day 22", 1, WHEN_DAY},          {"day 5 of phase-2", 1, WHEN_DAY}, {"2025-03-01", 1, WHEN_DATE},
        {"end of phase-1", 1, WHEN_PHASE_END}, {"start of phase-2", 1, WHEN_PHASE_START},
        {"24 hours before each release", 1, WHEN_RELATIVE}, {"2 days after talks", 1, WHEN_RELATIVE},
        {"day 0", 0, WHEN_NONE},           {"day", 0, WHEN_NONE},             {"tomorrow", 0, WHEN_NONE},
        {"end phase-1", 0, WHEN_NONE},     {"day 3 of", 0, WHEN_NONE},        {"3 weeks before talks", 0, WHEN_NONE},
        {"day 3 extra", 0, WHEN_NONE},     {"2025-02-30", 0, WHEN_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        truce_agreement a;
        memset(&a, 0, sizeof a);
        arena_init(&a.ar, NULL);
        source src = {"w", cases[i].text, strlen(cases[i].text)};
        tree node = {.kind = TREE_SCALAR, .at = {&src, 1, 1}, .str = cases[i].text, .len = strlen(cases[i].text)};
        when w;
        int r = when_parse(&a, &node, &w);
        if (cases[i].ok) {
            assert_int_equal(r, 0);
            assert_int_equal(w.kind, cases[i].kind);
            char buf[96];
            assert_string_equal(when_describe(&w, buf, sizeof buf), cases[i].text);
        } else {
            assert_int_equal(r, 1);
            assert_int_equal(a.sink.errors, 1);
        }
        arena_release(&a.ar);
    }
}

static void test_unknown_ids_suggest(void **state)
{
    (void)state;
    char yaml[4096];
    snprintf(yaml, sizeof yaml, "%s  - id: oops\n    kind: withdrew\n    party: isreal\n    phase: phase-9\n", base);
    seen s;
    truce_agreement *a = load(yaml, &s);
    assert_non_null(a);
    assert_non_null(strstr(s.text, "unknown kind of obligation 'withdrew'"));
    assert_non_null(strstr(s.text, "unknown party 'isreal'"));
    assert_non_null(strstr(s.text, "unknown phase 'phase-9'"));
    assert_int_equal(s.errors, 3);
    truce_agreement_free(a);
}

/* truce_agreement_has: ids found, near misses suggested (a few edits away, else a prefix), and
 * nothing suggested for an id that is like no other. */
static void test_agreement_has(void **state)
{
    (void)state;
    seen s;
    truce_agreement *a = load(base, &s);
    assert_non_null(a);
    const char *near = "unset";
    assert_int_equal(truce_agreement_has(a, "party", "hamas", &near), 1);
    assert_null(near);
    assert_int_equal(truce_agreement_has(a, "party", "isreal", &near), 0);
    assert_string_equal(near, "israel");
    assert_int_equal(truce_agreement_has(a, "phase", "phase", &near), 0);
    assert_string_equal(near, "phase-1"); /* a few edits away from all three: the first */
    assert_int_equal(truce_agreement_has(a, "obligation", "release", &near), 1);
    assert_int_equal(truce_agreement_has(a, "obligation", "rel", &near), 0);
    assert_string_equal(near, "release"); /* too short for the edits, a prefix of one id */
    assert_int_equal(truce_agreement_has(a, "phase", "ceasefire", &near), 0);
    assert_null(near);
    assert_int_equal(truce_agreement_has(a, "zone", "release", &near), 0); /* kinds do not mix */
    assert_int_equal(truce_agreement_has(a, "colour", "hamas", &near), 0);
    assert_null(near);
    assert_int_equal(truce_agreement_has(a, "party", NULL, NULL), 0);
    truce_agreement_free(a);
}

static void test_tree_positions(void **state)
{
    (void)state;
    const char *text = "a: 1\nb:\n  - x\n  - {c: \"d\"}\n";
    arena ar;
    arena_init(&ar, NULL);
    source src = {"t", text, strlen(text)};
    diag_sink sink = {0};
    int err;
    tree *t = tree_parse(&ar, &src, &sink, &err);
    assert_non_null(t);
    tree *b = tree_get(t, "b");
    assert_int_equal(b->kind, TREE_SEQ);
    assert_int_equal(b->n, 2);
    assert_int_equal(b->items[1]->at.line, 4);
    assert_int_equal(b->items[1]->at.col, 5);
    tree *c = tree_get(b->items[1], "c");
    assert_true(c->quoted);
    assert_int_equal(c->at.col, 9);
    arena_release(&ar);
}

/* An allocator that fails the Nth call from now on (0: never). */
typedef struct failing {
    long countdown;
    long calls;
} failing;

static void *failing_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    failing *f = user;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    f->calls++;
    if (f->countdown > 0 && --f->countdown == 0) return NULL;
    return realloc(ptr, new_size);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    /* every allocation of the loader fails once in turn: each run ends in ENOMEM or success,
     * never a crash or a leak (ASan checks the latter) */
    int enomem = 0, ok = 0;
    for (long n = 1; n < 400; n++) {
        failing f = {n, 0};
        truce_allocator al = {failing_alloc, &f};
        truce_load_options opt = {NULL, NULL, &al};
        truce_agreement *a = NULL;
        int r = truce_agreement_load_buffer("t.yaml", base, strlen(base), NULL, &opt, &a);
        if (r == TRUCE_ENOMEM) {
            assert_null(a);
            enomem++;
            continue;
        }
        assert_int_equal(r, 0);
        int c = truce_agreement_check(a, NULL);
        assert_true(c == 0 || c == TRUCE_ENOMEM);
        truce_agreement_free(a);
        ok++;
        if (f.countdown > 0) break; /* the load finished before the Nth allocation */
    }
    assert_true(enomem > 3);
    assert_true(ok >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_errors_table),
        cmocka_unit_test(test_phases_and_deadlines),
        cmocka_unit_test(test_schedule_events),
        cmocka_unit_test(test_schedule_total_mismatch),
        cmocka_unit_test(test_when_forms),
        cmocka_unit_test(test_unknown_ids_suggest),
        cmocka_unit_test(test_agreement_has),
        cmocka_unit_test(test_tree_positions),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
