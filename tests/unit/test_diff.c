/* test_diff.c: unit tests for the clause-by-clause comparison (src/diff): each kind of change in
 * tests/diff/v1.yaml -> v2.yaml is found with the right values (days, totals, km² against the
 * buffer formula 2dL + pi d^2), reordering clauses is no change, and truce_diff's count and
 * errors. Run from the repository root (tests/run does). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diff/diff.h"

static truce_agreement *load_file(const char *path)
{
    truce_load_options opt = {NULL, NULL, NULL};
    truce_agreement *a = NULL;
    assert_int_equal(truce_agreement_load(path, &opt, &a), 0);
    assert_int_equal(truce_agreement_check(a, &opt), 0);
    return a;
}

static truce_agreement *load_text(const char *yaml)
{
    truce_load_options opt = {NULL, NULL, NULL};
    truce_agreement *a = NULL;
    assert_int_equal(truce_agreement_load_buffer("t.yaml", yaml, strlen(yaml), NULL, &opt, &a), 0);
    assert_int_equal(truce_agreement_check(a, &opt), 0);
    return a;
}

typedef struct fixture {
    truce_agreement *a, *b;
    arena ar;
    diff_result d;
} fixture;

static int setup_versions(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->a = load_file("tests/diff/v1.yaml");
    f->b = load_file("tests/diff/v2.yaml");
    arena_init(&f->ar, NULL);
    assert_int_equal(diff_build(f->a, f->b, &f->ar, &f->d), 0);
    *state = f;
    return 0;
}

static int teardown_versions(void **state)
{
    fixture *f = *state;
    arena_release(&f->ar);
    truce_agreement_free(f->a);
    truce_agreement_free(f->b);
    free(f);
    return 0;
}

static const diff_clause *clause(const diff_result *d, diff_section s, const char *id)
{
    for (size_t i = 0; i < d->nclauses; i++)
        if (d->clauses[i].section == s && !strcmp(d->clauses[i].id, id)) return &d->clauses[i];
    fail_msg("no clause %s %s", diff_section_names[s], id);
    return NULL;
}

static const diff_field *field(const diff_clause *c, const char *name)
{
    for (size_t i = 0; i < c->nfields; i++)
        if (!strcmp(c->fields[i].name, name)) return &c->fields[i];
    fail_msg("clause %s has no field %s", c->id, name);
    return NULL;
}

static void test_counts(void **state)
{
    const diff_result *d = &((fixture *)*state)->d;
    assert_int_equal(d->nchanges, 22);
    assert_int_equal(d->added, 3);   /* egypt, gate, exchange-lists */
    assert_int_equal(d->removed, 2); /* qatar, talks */
    assert_int_equal(d->changed, 9);
}

static void test_deadline(void **state)
{
    const diff_result *d = &((fixture *)*state)->d;
    const diff_field *f = field(clause(d, DIFF_OBLIGATION, "withdraw-philadelphi"), "deadline");
    assert_int_equal(f->what, DIFF_CHANGED);
    assert_string_equal(f->a, "day 50");
    assert_string_equal(f->b, "day 42");
    assert_true(f->has_days);
    assert_int_equal(f->day_a, 50);
    assert_int_equal(f->day_b, 42);
    /* same wording, another day: phase-1 is shorter */
    f = field(clause(d, DIFF_OBLIGATION, "ceasefire"), "until");
    assert_int_equal(f->what, DIFF_CHANGED);
    assert_string_equal(f->a, "end of phase-1");
    assert_string_equal(f->b, "end of phase-1");
    assert_int_equal(f->day_a, 42);
    assert_int_equal(f->day_b, 35);
    /* unchanged: day 1 either way */
    assert_int_equal(field(clause(d, DIFF_OBLIGATION, "ceasefire"), "from")->what, DIFF_SAME);
}

static void test_quantity(void **state)
{
    const diff_result *d = &((fixture *)*state)->d;
    const diff_clause *c = clause(d, DIFF_OBLIGATION, "release-hostages");
    const diff_field *f = field(c, "total");
    assert_int_equal(f->what, DIFF_CHANGED);
    assert_true(f->numeric);
    assert_string_equal(f->a, "33");
    assert_string_equal(f->b, "18");
    assert_int_equal(field(c, "schedule entry 1")->what, DIFF_SAME);
    f = field(c, "schedule entry 2");
    assert_int_equal(f->what, DIFF_CHANGED);
    assert_string_equal(f->a, "6 every 7 days from day 7 to day 35");
    assert_string_equal(f->b, "3 every 7 days from day 7 to day 35");
    assert_int_equal(c->nchanges, 2);
}

static void test_zone_redrawn(void **state)
{
    fixture *fx = *state;
    const diff_field *f = field(clause(&fx->d, DIFF_ZONE, "corridor"), "shape");
    assert_int_equal(f->what, DIFF_REDRAWN);
    assert_true(f->has_area);
    /* a buffer of d km around a line L km long covers 2dL + pi d^2 km² */
    double L = geo_length_m(&model_zone(fx->a, "road")->shape) / 1000;
    assert_true(fabs(L - 9.50) < 0.01);
    double want_a = 2 * 0.7 * L + M_PI * 0.49, want_b = 2 * 1.0 * L + M_PI * 1.0;
    assert_true(fabs(f->area_a - want_a) < 0.02 * want_a);
    assert_true(fabs(f->area_b - want_b) < 0.02 * want_b);
    assert_true(fabs(f->gained - (want_b - want_a)) < 0.05);
    assert_true(f->lost < 0.005); /* 700 m lies inside 1 km */
    /* the obligation naming it says so too, with the same numbers */
    const diff_field *g = field(clause(&fx->d, DIFF_OBLIGATION, "withdraw-philadelphi"), "zone");
    assert_int_equal(g->what, DIFF_REDRAWN);
    assert_true(g->has_area);
    assert_true(g->gained == f->gained && g->lost == f->lost);
    /* untouched zones are the same */
    assert_int_equal(clause(&fx->d, DIFF_ZONE, "square")->what, DIFF_SAME);
    assert_int_equal(clause(&fx->d, DIFF_ZONE, "gate")->what, DIFF_ADDED);
}

static void test_options(void **state)
{
    const diff_result *d = &((fixture *)*state)->d;
    const diff_field *f = field(clause(d, DIFF_OBLIGATION, "withdraw-netzarim"), "agreed");
    assert_int_equal(f->what, DIFF_SETTLED);
    assert_null(f->a);
    assert_string_equal(f->b, "in-phase-1");
    assert_int_equal(f->day_b, 35); /* end of phase-1 in v2 */
    f = field(clause(d, DIFF_OBLIGATION, "open-crossing"), "agreed");
    assert_int_equal(f->what, DIFF_REOPENED);
    assert_string_equal(f->a, "day-10");
    assert_null(f->b);
    assert_int_equal(f->day_a, 10);
}

static void test_clauses_added_removed(void **state)
{
    const diff_result *d = &((fixture *)*state)->d;
    assert_int_equal(clause(d, DIFF_OBLIGATION, "exchange-lists")->what, DIFF_ADDED);
    assert_int_equal(clause(d, DIFF_OBLIGATION, "talks")->what, DIFF_REMOVED);
    assert_int_equal(clause(d, DIFF_PARTY, "qatar")->what, DIFF_REMOVED);
    assert_int_equal(clause(d, DIFF_PARTY, "egypt")->what, DIFF_ADDED);
    const diff_field *f = field(clause(d, DIFF_PARTY, "hamas"), "name");
    assert_int_equal(f->what, DIFF_CHANGED);
    assert_string_equal(f->b, "Hamas (Islamic Resistance Movement)");
    f = field(clause(d, DIFF_PHASE, "phase-1"), "days");
    assert_string_equal(f->a, "42");
    assert_string_equal(f->b, "35");
    f = field(clause(d, DIFF_OBLIGATION, "ceasefire"), "text");
    assert_string_equal(f->b, "A full and complete ceasefire.");
    /* the added clause sits where v2 has it: after release-hostages */
    size_t i_rel = 0, i_ex = 0;
    for (size_t i = 0; i < d->nclauses; i++) {
        if (!strcmp(d->clauses[i].id, "release-hostages")) i_rel = i;
        if (!strcmp(d->clauses[i].id, "exchange-lists")) i_ex = i;
    }
    assert_int_equal(i_ex, i_rel + 1);
}

static const char *const one =
    "truce: 1\nid: t\ntitle: T (synthetic)\nsynthetic: unit test\n"
    "parties: [{id: a, name: A}, {id: b, name: B}]\n"
    "phases: [{id: p1, title: One, days: 10}]\n"
    "obligations:\n"
    "  - {id: x, kind: negotiate, party: [a, b], by: day 3, tags: [Ce]}\n"
    "  - {id: y, kind: negotiate, party: a, by: day 5}\n";
static const char *const reordered =
    "truce: 1\nid: t\ntitle: T (synthetic)\nsynthetic: unit test\n"
    "parties: [{id: b, name: B}, {id: a, name: A}]\n"
    "phases: [{id: p1, title: One, days: 10}]\n"
    "obligations:\n"
    "  - {id: y, kind: negotiate, party: a, by: day 5}\n"
    "  - {id: x, kind: negotiate, party: [a, b], by: day 3, tags: [Ce]}\n";
static const char *const retagged =
    "truce: 1\nid: t\ntitle: T (synthetic)\nsynthetic: unit test\n"
    "parties: [{id: a, name: A}, {id: b, name: B}]\n"
    "phases: [{id: p1, title: One, days: 10}]\n"
    "obligations:\n"
    "  - {id: x, kind: notify, party: [b], by: day 3, tags: [Ce, SsrFf]}\n"
    "  - {id: y, kind: negotiate, party: a, by: day 5}\n";

static void test_reorder_is_no_change(void **state)
{
    (void)state;
    truce_agreement *a = load_text(one), *b = load_text(reordered);
    truce_view_options opt = {TRUCE_FORMAT_TEXT, TRUCE_DATE_NONE};
    char buf[512] = "";
    FILE *out = fmemopen(buf, sizeof buf, "w");
    size_t n = 99;
    assert_int_equal(truce_diff(a, b, &opt, out, &n), 0);
    fclose(out);
    assert_int_equal(n, 0);
    assert_non_null(strstr(buf, "no differences"));
    truce_agreement_free(a);
    truce_agreement_free(b);
}

static void test_fields_of_a_clause(void **state)
{
    (void)state;
    truce_agreement *a = load_text(one), *b = load_text(retagged);
    arena ar;
    arena_init(&ar, NULL);
    diff_result d;
    assert_int_equal(diff_build(a, b, &ar, &d), 0);
    const diff_clause *c = clause(&d, DIFF_OBLIGATION, "x");
    assert_int_equal(c->nchanges, 3);
    assert_string_equal(field(c, "kind")->b, "notify");
    assert_string_equal(field(c, "parties")->a, "[a, b]");
    assert_string_equal(field(c, "parties")->b, "[b]");
    assert_string_equal(field(c, "tags")->b, "[Ce, SsrFf]");
    assert_int_equal(field(c, "deadline")->what, DIFF_SAME);
    assert_int_equal(clause(&d, DIFF_OBLIGATION, "y")->what, DIFF_SAME);
    assert_int_equal(d.nchanges, 3);
    arena_release(&ar);
    truce_agreement_free(a);
    truce_agreement_free(b);
}

static void test_public_call(void **state)
{
    fixture *f = *state;
    truce_view_options opt = {TRUCE_FORMAT_SVG, TRUCE_DATE_NONE};
    size_t n = 99;
    FILE *out = fopen("/dev/null", "w");
    assert_int_equal(truce_diff(f->a, f->b, &opt, out, &n), TRUCE_EARG);
    assert_int_equal(n, 0);
    assert_int_equal(truce_diff(NULL, f->b, &opt, out, &n), TRUCE_EARG);
    truce_format fmt;
    assert_int_equal(truce_format_parse("html", &fmt), 0);
    assert_int_equal(fmt, TRUCE_FORMAT_HTML);
    for (int k = 0; k < 3; k++) {
        opt.format = k == 0 ? TRUCE_FORMAT_TEXT : k == 1 ? TRUCE_FORMAT_JSON : TRUCE_FORMAT_HTML;
        assert_int_equal(truce_diff(f->a, f->b, &opt, out, &n), 0);
        assert_int_equal(n, 22);
    }
    assert_int_equal(truce_diff(f->a, f->b, &opt, out, NULL), 0);
    fclose(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_counts, setup_versions, teardown_versions),
        cmocka_unit_test_setup_teardown(test_deadline, setup_versions, teardown_versions),
        cmocka_unit_test_setup_teardown(test_quantity, setup_versions, teardown_versions),
        cmocka_unit_test_setup_teardown(test_zone_redrawn, setup_versions, teardown_versions),
        cmocka_unit_test_setup_teardown(test_options, setup_versions, teardown_versions),
        cmocka_unit_test_setup_teardown(test_clauses_added_removed, setup_versions, teardown_versions),
        cmocka_unit_test(test_reorder_is_no_change),
        cmocka_unit_test(test_fields_of_a_clause),
        cmocka_unit_test_setup_teardown(test_public_call, setup_versions, teardown_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
