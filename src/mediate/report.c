/* report.c: truce_mediate, what a space allows as text or JSON: the count of acceptable
 * outcomes, the Pareto frontier, the Nash, Kalai-Smorodinsky and max-welfare solutions and the
 * least concession in words. It runs the solvers through med_answers_solve and decides nothing
 * itself; single text is single_text.c, writing versions is version.c. */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mediate/report.h"
#include "model/model.h"

#define DEFAULT_PARETO_CAP 20

void med_options_from(const truce_mediate_options *o, med_options *m)
{
    memset(m, 0, sizeof *m);
    if (!o) {
        m->pareto_cap = DEFAULT_PARETO_CAP;
        return;
    }
    m->node_limit = o->node_limit;
    m->pareto_cap = o->pareto_cap > 0 ? o->pareto_cap : DEFAULT_PARETO_CAP;
}

const char *med_solution_name(truce_solution w)
{
    static const char *const names[] = {"the Nash bargaining solution", "the Kalai-Smorodinsky solution",
                                        "the maximum-welfare solution", "the least concession",
                                        "each issue's first option"};
    return (unsigned)w < 5 ? names[w] : "?";
}

const med_result *med_answer_for(const med_answers *a, truce_solution w)
{
    switch (w) {
    case TRUCE_SOLUTION_NASH: return &a->nash;
    case TRUCE_SOLUTION_KS: return &a->ks;
    case TRUCE_SOLUTION_WELFARE: return &a->welfare;
    case TRUCE_SOLUTION_CONCESSION: return &a->concession;
    default: return NULL;
    }
}

void med_print_outcome(FILE *out, const med_space *s, const int *x)
{
    for (int i = 0; i < s->nissues; i++)
        fprintf(out, "%s%s=%s", i ? ", " : "", s->issues[i].id, s->issues[i].options[x[i]]);
}

void med_print_utilities(FILE *out, const med_space *s, const double *u)
{
    for (int p = 0; p < s->nparties; p++) fprintf(out, "%s%s %.3f", p ? ", " : "", s->parties[p].id, u[p]);
}

/* A utility rounded to 6 decimals, written as such. */
json_object *med_json_num(double v)
{
    char buf[64];
    if (fabs(v) < 5e-7) v = 0;
    snprintf(buf, sizeof buf, "%.6f", v);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '0' && buf[n - 2] != '.') buf[--n] = '\0';
    return json_object_new_double_s(v, buf);
}

json_object *med_json_outcome(const med_space *s, const int *x)
{
    json_object *o = json_object_new_object();
    for (int i = 0; o && i < s->nissues; i++)
        json_object_object_add(o, s->issues[i].id, json_object_new_string(s->issues[i].options[x[i]]));
    return o;
}

json_object *med_json_utilities(const med_space *s, const double *u)
{
    json_object *o = json_object_new_object();
    for (int p = 0; o && p < s->nparties; p++) json_object_object_add(o, s->parties[p].id, med_json_num(u[p]));
    return o;
}

int med_json_write(json_object *root, FILE *out)
{
    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
    int r = !text ? TRUCE_ENOMEM : fprintf(out, "%s\n", text) < 0 ? TRUCE_EIO : 0;
    json_object_put(root);
    return r;
}

static const char *status_words(med_status st)
{
    return st == MED_FOUND ? "proven optimal" : st == MED_LIMIT ? "best found, not proven: the search limit was reached"
                                                                : "none";
}

static const char *status_key(med_status st)
{
    return st == MED_FOUND ? "optimal" : st == MED_LIMIT ? "limit" : "none";
}

/* "israel drops its red line on a=x, or hamas ..." (alternatives) or "... and ..." (one set). */
static void concession_words(const med_space *s, const med_answers *a, char *buf, size_t cap)
{
    char one[400];
    size_t o = 0;
    buf[0] = '\0';
    const med_concession *list = a->nalternatives ? a->alternatives : a->concession.concessions;
    int n = a->nalternatives ? a->nalternatives : a->concession.nconcessions;
    const char *sep = a->nalternatives ? ", or " : ", and ";
    for (int k = 0; k < n && o + 1 < cap; k++) {
        med_describe_concession(s, &list[k], one, sizeof one);
        int w = snprintf(buf + o, cap - o, "%s%s", k ? sep : "", one);
        if (w < 0) break;
        o += (size_t)w;
    }
}

/* What a search cut short by its node limit found when it found nothing: it proves nothing, so it
 * must not read as "none exists". */
#define NONE_FOUND "none found: the search limit was reached first (raise --node-limit)"

static void text_solution(FILE *out, const med_space *s, const char *title, const med_result *r, const char *value)
{
    fprintf(out, "\n%s: ", title);
    if (!r->has_outcome) {
        fprintf(out, "%s\n", r->status == MED_LIMIT ? NONE_FOUND : "none: no outcome is acceptable to every party");
        return;
    }
    med_print_outcome(out, s, r->outcome);
    fprintf(out, "\n  %s\n  utilities: ", status_words(r->status));
    med_print_utilities(out, s, r->utility);
    fprintf(out, "\n  %s\n", value);
}

static int write_text(const truce_space *sp, const med_answers *a, const med_options *mo, FILE *out)
{
    const med_space *s = &sp->s;
    fprintf(out, "space %s: %d issue%s, %d parties, %.0f outcomes\n", s->id, s->nissues, s->nissues == 1 ? "" : "s",
            s->nparties, med_space_size(s));
    if (sp->agreement) fprintf(out, "built on %s\n", sp->agreement->path);
    if (sp->synthetic) fprintf(out, "SYNTHETIC: %s\n", sp->synthetic);
    fprintf(out, "parties:");
    for (int p = 0; p < s->nparties; p++) {
        int nred = 0;
        for (int i = 0; i < s->nissues; i++)
            for (int o = 0; o < s->issues[i].noptions; o++) nred += s->parties[p].red[i * MED_MAX_OPTIONS + o];
        fprintf(out, "%s %s (reservation %.3f, %d red line%s)", p ? "," : "", s->parties[p].id,
                s->parties[p].reservation, nred, nred == 1 ? "" : "s");
    }
    fprintf(out, "\n\nacceptable to every party: ");
    if (a->count.exact) fprintf(out, "%.0Lf outcome%s (exact)\n", a->count.count, a->count.count == 1 ? "" : "s");
    else
        fprintf(out, "at least %.0Lf and at most %.0Lf outcomes (the search limit was reached)\n", a->count.count,
                a->count.count_upper);

    const med_pareto_set *ps = &a->pareto;
    fprintf(out, "\nPareto frontier of the acceptable outcomes: ");
    if (ps->status == MED_LIMIT && ps->n == 0)
        fprintf(out, NONE_FOUND "\n");
    else if (ps->status == MED_NONE || ps->n == 0) fprintf(out, "empty\n");
    else if (ps->capped) fprintf(out, "more than %d outcomes; the first %d found are listed\n", mo->pareto_cap, ps->n);
    else if (ps->status == MED_LIMIT) fprintf(out, "%d found before the search limit (perhaps not all)\n", ps->n);
    else fprintf(out, "%d outcome%s (complete)\n", ps->n, ps->n == 1 ? "" : "s");
    for (int k = 0; k < ps->n; k++) {
        fprintf(out, "  %2d. ", k + 1);
        med_print_outcome(out, s, ps->outcomes + (size_t)k * (size_t)s->nissues);
        fprintf(out, "\n      ");
        med_print_utilities(out, s, ps->utility + (size_t)k * (size_t)s->nparties);
        fputc('\n', out);
    }

    char value[600];
    snprintf(value, sizeof value, "Nash product of the gains over the reservations: %.6g", a->nash.value);
    text_solution(out, s, "Nash bargaining solution", &a->nash, value);
    size_t o = (size_t)snprintf(value, sizeof value, "ideal point:");
    for (int p = 0; p < s->nparties; p++)
        o += (size_t)snprintf(value + o, sizeof value - o, "%s %s %.3f", p ? "," : "", s->parties[p].id, a->ks.ideal[p]);
    snprintf(value + o, sizeof value - o, "; least gain relative to the ideal: %.6g", a->ks.value);
    text_solution(out, s, "Kalai-Smorodinsky solution", &a->ks, value);
    snprintf(value, sizeof value, "welfare (sum of utilities): %.6g", a->welfare.value);
    text_solution(out, s, "Maximum welfare", &a->welfare, value);

    const med_result *c = &a->concession;
    if (a->count.count > 0) {
        fprintf(out, "\nleast concession: none needed (an outcome is acceptable to every party)\n");
    } else if (!c->has_outcome && c->status == MED_LIMIT) {
        fprintf(out, "\nleast concession: " NONE_FOUND "\n");
    } else if (!c->has_outcome) {
        fprintf(out, "\nleast concession: none opens an outcome (every outcome breaks a requires-link)\n");
    } else {
        char words[4000];
        concession_words(s, a, words, sizeof words);
        fprintf(out, "\nNo outcome is acceptable to every party. The least concession that opens one (%d red line%s "
                     "dropped, %.3f below reservations)%s:\n  %s\n",
                c->red_lines_dropped, c->red_lines_dropped == 1 ? "" : "s", c->shortfall,
                c->status == MED_FOUND ? "" : " [best found, not proven: the search limit was reached]", words);
        fprintf(out, "  it opens: ");
        med_print_outcome(out, s, c->outcome);
        fprintf(out, "\n  utilities: ");
        med_print_utilities(out, s, c->utility);
        fputc('\n', out);
    }
    return ferror(out) ? TRUCE_EIO : 0;
}

static json_object *json_solution(const med_space *s, const med_result *r, const char *value_key, int ks)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "status", json_object_new_string(status_key(r->status)));
    if (!r->has_outcome) return o;
    json_object_object_add(o, "outcome", med_json_outcome(s, r->outcome));
    json_object_object_add(o, "utility", med_json_utilities(s, r->utility));
    json_object_object_add(o, value_key, med_json_num(r->value));
    if (ks) json_object_object_add(o, "ideal", med_json_utilities(s, r->ideal));
    return o;
}

static json_object *json_concession(const med_space *s, const med_concession *c)
{
    json_object *o = json_object_new_object();
    char words[400];
    json_object_object_add(o, "party", json_object_new_string(s->parties[c->party].id));
    if (c->issue >= 0) {
        json_object_object_add(o, "kind", json_object_new_string("red-line"));
        json_object_object_add(o, "issue", json_object_new_string(s->issues[c->issue].id));
        json_object_object_add(o, "option", json_object_new_string(s->issues[c->issue].options[c->option]));
    } else {
        json_object_object_add(o, "kind", json_object_new_string("reservation"));
        json_object_object_add(o, "from", med_json_num(c->from));
        json_object_object_add(o, "to", med_json_num(c->to));
    }
    json_object_object_add(o, "text", json_object_new_string(med_describe_concession(s, c, words, sizeof words)));
    return o;
}

/* A count: an integer up to 2^53, a double beyond. */
static json_object *count_json(long double n)
{
    if (n >= 0 && n <= 9007199254740992.0L) return json_object_new_int64((int64_t)n);
    return json_object_new_double((double)n);
}

static int write_json(const truce_space *sp, const med_answers *a, const med_options *mo, FILE *out)
{
    const med_space *s = &sp->s;
    json_object *root = json_object_new_object();
    json_object_object_add(root, "space", json_object_new_string(s->id));
    if (sp->agreement) json_object_object_add(root, "agreement", json_object_new_string(sp->agreement->path));
    if (sp->synthetic) json_object_object_add(root, "synthetic", json_object_new_string(sp->synthetic));
    json_object *issues = json_object_new_array(), *parties = json_object_new_array();
    for (int i = 0; i < s->nissues; i++) {
        json_object *is = json_object_new_object(), *opts = json_object_new_array();
        json_object_object_add(is, "id", json_object_new_string(s->issues[i].id));
        for (int o = 0; o < s->issues[i].noptions; o++)
            json_object_array_add(opts, json_object_new_string(s->issues[i].options[o]));
        json_object_object_add(is, "options", opts);
        json_object_array_add(issues, is);
    }
    for (int p = 0; p < s->nparties; p++) {
        json_object *pa = json_object_new_object(), *red = json_object_new_array();
        json_object_object_add(pa, "id", json_object_new_string(s->parties[p].id));
        json_object_object_add(pa, "reservation", med_json_num(s->parties[p].reservation));
        for (int i = 0; i < s->nissues; i++)
            for (int o = 0; o < s->issues[i].noptions; o++)
                if (s->parties[p].red[i * MED_MAX_OPTIONS + o]) {
                    char t[600];
                    snprintf(t, sizeof t, "%s=%s", s->issues[i].id, s->issues[i].options[o]);
                    json_object_array_add(red, json_object_new_string(t));
                }
        json_object_object_add(pa, "red_lines", red);
        json_object_array_add(parties, pa);
    }
    json_object_object_add(root, "issues", issues);
    json_object_object_add(root, "parties", parties);
    json_object_object_add(root, "outcomes", count_json((long double)med_space_size(s)));
    json_object *acc = json_object_new_object();
    json_object_object_add(acc, "exact", json_object_new_boolean(a->count.exact));
    json_object_object_add(acc, "at_least", count_json(a->count.count));
    json_object_object_add(acc, "at_most", count_json(a->count.count_upper));
    json_object_object_add(root, "acceptable", acc);

    json_object *par = json_object_new_object(), *list = json_object_new_array();
    json_object_object_add(par, "complete", json_object_new_boolean(a->pareto.status != MED_LIMIT && !a->pareto.capped));
    json_object_object_add(par, "capped", json_object_new_boolean(a->pareto.capped));
    json_object_object_add(par, "cap", json_object_new_int(mo->pareto_cap));
    for (int k = 0; k < a->pareto.n; k++) {
        json_object *e = json_object_new_object();
        json_object_object_add(e, "outcome", med_json_outcome(s, a->pareto.outcomes + (size_t)k * (size_t)s->nissues));
        json_object_object_add(e, "utility", med_json_utilities(s, a->pareto.utility + (size_t)k * (size_t)s->nparties));
        json_object_array_add(list, e);
    }
    json_object_object_add(par, "outcomes", list);
    json_object_object_add(root, "pareto", par);
    json_object_object_add(root, "nash", json_solution(s, &a->nash, "nash_product", 0));
    json_object_object_add(root, "kalai_smorodinsky", json_solution(s, &a->ks, "min_relative_gain", 1));
    json_object_object_add(root, "max_welfare", json_solution(s, &a->welfare, "welfare", 0));

    json_object *con = json_object_new_object();
    const med_result *c = &a->concession;
    int needed = !(a->count.count > 0);
    json_object_object_add(con, "needed", json_object_new_boolean(needed));
    if (needed && c->has_outcome) {
        char words[4000];
        concession_words(s, a, words, sizeof words);
        json_object_object_add(con, "status", json_object_new_string(status_key(c->status)));
        json_object_object_add(con, "red_lines_dropped", json_object_new_int(c->red_lines_dropped));
        json_object_object_add(con, "shortfall", med_json_num(c->shortfall));
        json_object *cl = json_object_new_array(), *al = json_object_new_array();
        for (int k = 0; k < c->nconcessions; k++) json_object_array_add(cl, json_concession(s, &c->concessions[k]));
        for (int k = 0; k < a->nalternatives; k++) json_object_array_add(al, json_concession(s, &a->alternatives[k]));
        json_object_object_add(con, "concessions", cl);
        json_object_object_add(con, "alternatives", al);
        json_object_object_add(con, "text", json_object_new_string(words));
        json_object_object_add(con, "outcome", med_json_outcome(s, c->outcome));
        json_object_object_add(con, "utility", med_json_utilities(s, c->utility));
    }
    json_object_object_add(root, "least_concession", con);
    return med_json_write(root, out);
}

int truce_mediate(const truce_space *sp, const truce_mediate_options *opt, FILE *out)
{
    if (!sp || !out) return TRUCE_EARG;
    truce_format f = opt ? opt->format : TRUCE_FORMAT_TEXT;
    if (f != TRUCE_FORMAT_TEXT && f != TRUCE_FORMAT_JSON) return TRUCE_EARG;
    med_options mo;
    med_options_from(opt, &mo);
    arena ar;
    arena_init(&ar, sp->s.ar.alloc);
    med_answers a;
    int r = med_answers_solve(&sp->s, &mo, &ar, &a);
    if (r == 0) r = f == TRUCE_FORMAT_JSON ? write_json(sp, &a, &mo, out) : write_text(sp, &a, &mo, out);
    arena_release(&ar);
    return r;
}
