/* single_text.c: truce_mediate_single_text, a simulation of single-text mediation: one text,
 * one issue changed at a time in a fixed order, each party vetoing a change that leaves it worse
 * off or crosses its red line. Deterministic: issues in space order, options in issue order. It
 * models no strategy and no learning; it shows where vetoes stop a text. */
#include <stdio.h>
#include <string.h>

#include "mediate/report.h"

#define EPS 1e-12
#define MAX_STEPS 100000

typedef struct step {
    int issue, from, to, adopted;
    unsigned vetoes; /* bit p: party p vetoed */
    double u[MED_MAX_PARTIES];
} step;

static void utilities(const med_space *s, const int *x, double *u)
{
    for (int p = 0; p < s->nparties; p++) u[p] = med_utility(s, p, x);
}

/* The start text into x; 0, TRUCE_ENOTFOUND (the solution has none) or a solver's error. */
static int start_text(const med_space *s, truce_solution w, const med_options *mo, arena *ar, int *x)
{
    if (w == TRUCE_SOLUTION_FIRST) {
        memset(x, 0, sizeof *x * (size_t)s->nissues);
        return 0;
    }
    med_result r;
    int e = w == TRUCE_SOLUTION_NASH      ? med_solve_nash(s, mo, ar, &r)
            : w == TRUCE_SOLUTION_KS      ? med_solve_ks(s, mo, ar, &r)
            : w == TRUCE_SOLUTION_WELFARE ? med_solve_welfare(s, mo, ar, &r)
                                          : med_least_concession(s, mo, ar, &r);
    if (e) return e;
    if (!r.has_outcome) return TRUCE_ENOTFOUND;
    memcpy(x, r.outcome, sizeof *x * (size_t)s->nissues);
    return 0;
}

static void print_vetoes(FILE *out, const med_space *s, unsigned v)
{
    int first = 1;
    for (int p = 0; p < s->nparties; p++)
        if (v & (1u << p)) fprintf(out, "%s%s", first ? "" : ", ", s->parties[p].id), first = 0;
}

/* Why x is not acceptable to every party, or "yes". */
static void acceptability(FILE *out, const med_space *s, const int *x, const double *u)
{
    int first = 1;
    if (!med_feasible(s, x)) fprintf(out, "no (it breaks a requires-link)"), first = 0;
    for (int p = 0; p < s->nparties; p++) {
        if (u[p] < s->parties[p].reservation)
            fprintf(out, "%s%s is below its reservation (%.3f < %.3f)", first ? "no: " : "; ", s->parties[p].id, u[p],
                    s->parties[p].reservation),
                first = 0;
        for (int i = 0; i < s->nissues; i++)
            if (s->parties[p].red[i * MED_MAX_OPTIONS + x[i]])
                fprintf(out, "%s%s holds a red line on %s=%s", first ? "no: " : "; ", s->parties[p].id, s->issues[i].id,
                        s->issues[i].options[x[i]]),
                    first = 0;
    }
    if (first) fprintf(out, "yes");
}

static int write_text(const truce_space *sp, truce_solution w, const int *x0, const int *x, const step *st, int n,
                      int adopted, int cycles, FILE *out)
{
    const med_space *s = &sp->s;
    double u[MED_MAX_PARTIES];
    fprintf(out, "single-text mediation on space %s, starting from %s\n", s->id, med_solution_name(w));
    if (sp->synthetic) fprintf(out, "SYNTHETIC: %s\n", sp->synthetic);
    fprintf(out, "start: ");
    med_print_outcome(out, s, x0);
    utilities(s, x0, u);
    fprintf(out, "\n  utilities: ");
    med_print_utilities(out, s, u);
    fputc('\n', out);
    for (int k = 0; k < n; k++) {
        fprintf(out, "%3d. %s: %s -> %s  (", k + 1, s->issues[st[k].issue].id, s->issues[st[k].issue].options[st[k].from],
                s->issues[st[k].issue].options[st[k].to]);
        med_print_utilities(out, s, st[k].u);
        fprintf(out, ")  ");
        if (st[k].adopted) fprintf(out, "adopted\n");
        else {
            fprintf(out, "vetoed by ");
            print_vetoes(out, s, st[k].vetoes);
            fputc('\n', out);
        }
    }
    fprintf(out, "final text after %d proposal%s (%d adopted, %d cycle%s through the issues): ", n, n == 1 ? "" : "s",
            adopted, cycles, cycles == 1 ? "" : "s");
    med_print_outcome(out, s, x);
    utilities(s, x, u);
    fprintf(out, "\n  utilities: ");
    med_print_utilities(out, s, u);
    fprintf(out, "\n  acceptable to every party: ");
    acceptability(out, s, x, u);
    fprintf(out, "\n  every change of one issue that some party gains from is vetoed\n");
    return ferror(out) ? TRUCE_EIO : 0;
}

static int write_json(const truce_space *sp, truce_solution w, const int *x0, const int *x, const step *st, int n,
                      int cycles, FILE *out)
{
    static const char *const keys[] = {"nash", "ks", "welfare", "concession", "first"};
    const med_space *s = &sp->s;
    double u[MED_MAX_PARTIES];
    json_object *root = json_object_new_object(), *start = json_object_new_object(), *steps = json_object_new_array();
    json_object_object_add(root, "space", json_object_new_string(s->id));
    if (sp->synthetic) json_object_object_add(root, "synthetic", json_object_new_string(sp->synthetic));
    json_object_object_add(start, "from", json_object_new_string(keys[w]));
    json_object_object_add(start, "outcome", med_json_outcome(s, x0));
    utilities(s, x0, u);
    json_object_object_add(start, "utility", med_json_utilities(s, u));
    json_object_object_add(root, "start", start);
    for (int k = 0; k < n; k++) {
        json_object *e = json_object_new_object(), *v = json_object_new_array();
        const med_issue *is = &s->issues[st[k].issue];
        json_object_object_add(e, "step", json_object_new_int(k + 1));
        json_object_object_add(e, "issue", json_object_new_string(is->id));
        json_object_object_add(e, "from", json_object_new_string(is->options[st[k].from]));
        json_object_object_add(e, "to", json_object_new_string(is->options[st[k].to]));
        json_object_object_add(e, "utility", med_json_utilities(s, st[k].u));
        for (int p = 0; p < s->nparties; p++)
            if (st[k].vetoes & (1u << p)) json_object_array_add(v, json_object_new_string(s->parties[p].id));
        json_object_object_add(e, "vetoed_by", v);
        json_object_object_add(e, "adopted", json_object_new_boolean(st[k].adopted));
        json_object_array_add(steps, e);
    }
    json_object_object_add(root, "steps", steps);
    json_object *fin = json_object_new_object();
    json_object_object_add(fin, "outcome", med_json_outcome(s, x));
    utilities(s, x, u);
    json_object_object_add(fin, "utility", med_json_utilities(s, u));
    json_object_object_add(fin, "acceptable", json_object_new_boolean(med_acceptable(s, x)));
    json_object_object_add(fin, "cycles", json_object_new_int(cycles));
    json_object_object_add(root, "final", fin);
    return med_json_write(root, out);
}

int truce_mediate_single_text(const truce_space *sp, const truce_mediate_options *opt, FILE *out)
{
    if (!sp || !out) return TRUCE_EARG;
    truce_format f = opt ? opt->format : TRUCE_FORMAT_TEXT;
    truce_solution w = opt ? opt->start : TRUCE_SOLUTION_FIRST;
    if ((f != TRUCE_FORMAT_TEXT && f != TRUCE_FORMAT_JSON) || (unsigned)w > TRUCE_SOLUTION_FIRST) return TRUCE_EARG;
    const med_space *s = &sp->s;
    med_options mo;
    med_options_from(opt, &mo);
    arena ar;
    arena_init(&ar, s->ar.alloc);
    size_t ni = (size_t)s->nissues;
    int *x0 = arena_alloc(&ar, sizeof *x0 * ni), *x = arena_alloc(&ar, sizeof *x * ni);
    int *y = arena_alloc(&ar, sizeof *y * ni);
    vec steps = {0};
    int r = x0 && x && y ? start_text(s, w, &mo, &ar, x0) : TRUCE_ENOMEM;
    int nsteps = 0, adopted = 0, cycles = 0;
    if (r == 0) {
        memcpy(x, x0, sizeof *x * ni);
        double u[MED_MAX_PARTIES], uy[MED_MAX_PARTIES];
        utilities(s, x, u);
        int quiet = 0;
        for (int i = 0; quiet < s->nissues && nsteps < MAX_STEPS && r == 0; i = (i + 1) % s->nissues) {
            if (i == 0) cycles++;
            int took = 0;
            for (int o = 0; o < s->issues[i].noptions && !took && nsteps < MAX_STEPS; o++) {
                if (o == x[i]) continue;
                memcpy(y, x, sizeof *y * ni);
                y[i] = o;
                if (!med_feasible(s, y)) continue;
                utilities(s, y, uy);
                int gain = 0;
                unsigned vetoes = 0;
                for (int p = 0; p < s->nparties; p++) {
                    const unsigned char *red = s->parties[p].red + i * MED_MAX_OPTIONS;
                    gain |= uy[p] > u[p] + EPS;
                    if (uy[p] < u[p] - EPS || (red[o] && !red[x[i]])) vetoes |= 1u << p;
                }
                if (!gain) continue;
                step *stp = vec_push(&ar, &steps, sizeof *stp);
                if (!stp) {
                    r = TRUCE_ENOMEM;
                    break;
                }
                *stp = (step){i, x[i], o, !vetoes, vetoes, {0}};
                memcpy(stp->u, uy, sizeof uy);
                nsteps++;
                if (!vetoes) {
                    x[i] = o;
                    memcpy(u, uy, sizeof u);
                    took = 1;
                    adopted++;
                }
            }
            quiet = took ? 0 : quiet + 1;
        }
    }
    if (r == 0)
        r = f == TRUCE_FORMAT_JSON ? write_json(sp, w, x0, x, steps.items, nsteps, cycles, out)
                                   : write_text(sp, w, x0, x, steps.items, nsteps, adopted, cycles, out);
    arena_release(&ar);
    return r;
}
