/* space.c: the negotiation space itself: life cycle, limits, utilities of an outcome (in doubles
 * for callers, in exact fixed point for the solvers), the reproducible random generator used by
 * tests and benchmarks, and concessions as sentences. No search happens here (solve.c, brute.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mediate/internal.h"

void med_space_init(med_space *s, const truce_allocator *alloc)
{
    memset(s, 0, sizeof *s);
    arena_init(&s->ar, alloc);
}

void med_space_free(med_space *s)
{
    if (!s) return;
    arena_release(&s->ar);
    memset(s, 0, sizeof *s);
}

int med_space_normalise(med_space *s)
{
    for (int p = 0; p < s->nparties; p++) {
        double sum = 0;
        for (int i = 0; i < s->nissues; i++) {
            double w = s->parties[p].weight[i];
            if (!(w >= 0) || !isfinite(w)) return TRUCE_EARG;
            sum += w;
        }
        if (!(sum > 0)) return TRUCE_EARG;
        for (int i = 0; i < s->nissues; i++) s->parties[p].weight[i] /= sum;
    }
    return 0;
}

int med_space_validate(const med_space *s)
{
    if (!s || s->nissues < 1 || s->nissues > MED_MAX_ISSUES || s->nparties < MED_MIN_PARTIES ||
        s->nparties > MED_MAX_PARTIES || s->nlinks < 0 || (s->nlinks && !s->links))
        return TRUCE_EARG;
    for (int i = 0; i < s->nissues; i++)
        if (s->issues[i].noptions < MED_MIN_OPTIONS || s->issues[i].noptions > MED_MAX_OPTIONS) return TRUCE_EARG;
    for (int p = 0; p < s->nparties; p++) {
        const med_party *pa = &s->parties[p];
        if (!pa->weight || !pa->value || !pa->red || !isfinite(pa->reservation)) return TRUCE_EARG;
        for (int i = 0; i < s->nissues; i++) {
            if (!(pa->weight[i] >= 0) || pa->weight[i] > 1e6) return TRUCE_EARG;
            for (int o = 0; o < s->issues[i].noptions; o++) {
                double v = pa->value[i * MO + o];
                if (!(v >= 0 && v <= 1)) return TRUCE_EARG;
            }
        }
    }
    for (int l = 0; l < s->nlinks; l++) {
        const med_link *k = &s->links[l];
        if (k->issue_a < 0 || k->issue_a >= s->nissues || k->issue_b < 0 || k->issue_b >= s->nissues ||
            k->option_a < 0 || k->option_a >= s->issues[k->issue_a].noptions || k->option_b < 0 ||
            k->option_b >= s->issues[k->issue_b].noptions)
            return TRUCE_EARG;
        for (int p = 0; p < MP; p++)
            if (!isfinite(k->delta[p]) || fabs(k->delta[p]) > 1e6) return TRUCE_EARG;
    }
    return 0;
}

double med_space_size(const med_space *s)
{
    double n = 1;
    for (int i = 0; i < s->nissues; i++) n *= s->issues[i].noptions;
    return n;
}

double med_utility(const med_space *s, int p, const int *x)
{
    const med_party *pa = &s->parties[p];
    double u = 0;
    for (int i = 0; i < s->nissues; i++) u += pa->weight[i] * pa->value[i * MO + x[i]];
    for (int l = 0; l < s->nlinks; l++) {
        const med_link *k = &s->links[l];
        if (k->kind == MED_BONUS && x[k->issue_a] == k->option_a && x[k->issue_b] == k->option_b) u += k->delta[p];
    }
    return u;
}

int med_feasible(const med_space *s, const int *x)
{
    for (int l = 0; l < s->nlinks; l++) {
        const med_link *k = &s->links[l];
        if (k->kind == MED_REQUIRES && x[k->issue_a] == k->option_a && x[k->issue_b] != k->option_b) return 0;
    }
    return 1;
}

int med_acceptable(const med_space *s, const int *x)
{
    if (!med_feasible(s, x)) return 0;
    for (int p = 0; p < s->nparties; p++) {
        const med_party *pa = &s->parties[p];
        int64_t u = 0; /* in fixed point, exactly as the solvers add it */
        for (int i = 0; i < s->nissues; i++) {
            if (pa->red[i * MO + x[i]]) return 0;
            u += med_fix(pa->weight[i] * pa->value[i * MO + x[i]]);
        }
        for (int l = 0; l < s->nlinks; l++) {
            const med_link *k = &s->links[l];
            if (k->kind == MED_BONUS && x[k->issue_a] == k->option_a && x[k->issue_b] == k->option_b)
                u += med_fix(k->delta[p]);
        }
        if (u < med_fix(pa->reservation)) return 0;
    }
    return 1;
}

/* ---- fixed point ---- */

int64_t med_fix(double v) { return (int64_t)llround(v * MED_SCALE); }

int med_fixed_build(const med_space *s, arena *ar, med_fixed *f)
{
    memset(f, 0, sizeof *f);
    f->s = s;
    f->n = s->nissues;
    f->np = s->nparties;
    f->nlinks = s->nlinks;
    f->u = arena_alloc(ar, sizeof *f->u * (size_t)f->n * MO * MP);
    f->delta = arena_alloc(ar, sizeof *f->delta * (size_t)(f->nlinks ? f->nlinks : 1));
    if (!f->u || !f->delta) return TRUCE_ENOMEM;
    for (int p = 0; p < f->np; p++) {
        const med_party *pa = &s->parties[p];
        f->r[p] = med_fix(pa->reservation);
        for (int i = 0; i < f->n; i++)
            for (int o = 0; o < s->issues[i].noptions; o++)
                f->u[((size_t)i * MO + (size_t)o) * MP + (size_t)p] = med_fix(pa->weight[i] * pa->value[i * MO + o]);
    }
    for (int l = 0; l < f->nlinks; l++)
        for (int p = 0; p < f->np; p++)
            f->delta[l][p] = s->links[l].kind == MED_BONUS ? med_fix(s->links[l].delta[p]) : 0;
    return 0;
}

int med_fixed_eval(const med_fixed *f, const int *x, int64_t *u)
{
    const med_space *s = f->s;
    for (int p = 0; p < f->np; p++) u[p] = 0;
    for (int i = 0; i < f->n; i++)
        for (int p = 0; p < f->np; p++) u[p] += f->u[((size_t)i * MO + (size_t)x[i]) * MP + (size_t)p];
    int ok = 1;
    for (int l = 0; l < f->nlinks; l++) {
        const med_link *k = &s->links[l];
        int a = x[k->issue_a] == k->option_a, b = x[k->issue_b] == k->option_b;
        if (k->kind == MED_REQUIRES && a && !b) ok = 0;
        if (k->kind == MED_BONUS && a && b)
            for (int p = 0; p < f->np; p++) u[p] += f->delta[l][p];
    }
    return ok;
}

int med_red_count(const med_space *s, const int *x)
{
    int n = 0;
    for (int p = 0; p < s->nparties; p++)
        for (int i = 0; i < s->nissues; i++) n += s->parties[p].red[i * MO + x[i]];
    return n;
}

void med_fill_outcome(const med_space *s, const int *x, const int64_t *u, med_result *r)
{
    r->has_outcome = 1;
    memcpy(r->outcome, x, sizeof *x * (size_t)s->nissues);
    int64_t w = 0;
    for (int p = 0; p < s->nparties; p++) {
        r->utility[p] = (double)u[p] / MED_SCALE;
        w += u[p];
    }
    r->welfare = (double)w / MED_SCALE;
}

int med_fill_concessions(const med_space *s, const med_fixed *f, const int *x, const int64_t *u, arena *ar,
                         med_result *r)
{
    int n = med_red_count(s, x), short_n = 0;
    int64_t shortfall = 0;
    for (int p = 0; p < s->nparties; p++)
        if (u[p] < f->r[p]) short_n++, shortfall += f->r[p] - u[p];
    r->red_lines_dropped = n;
    r->shortfall = (double)shortfall / MED_SCALE;
    r->nconcessions = n + short_n;
    r->concessions = arena_alloc(ar, sizeof *r->concessions * (size_t)(r->nconcessions ? r->nconcessions : 1));
    if (!r->concessions) return TRUCE_ENOMEM;
    int k = 0;
    for (int p = 0; p < s->nparties; p++) {
        for (int i = 0; i < s->nissues; i++)
            if (s->parties[p].red[i * MO + x[i]])
                r->concessions[k++] = (med_concession){.party = p, .issue = i, .option = x[i]};
        if (u[p] < f->r[p])
            r->concessions[k++] = (med_concession){.party = p,
                                                   .issue = -1,
                                                   .option = -1,
                                                   .from = s->parties[p].reservation,
                                                   .to = (double)u[p] / MED_SCALE};
    }
    return 0;
}

const char *med_describe_concession(const med_space *s, const med_concession *c, char *buf, size_t cap)
{
    const char *who = s->parties[c->party].id;
    if (c->issue >= 0)
        snprintf(buf, cap, "%s drops its red line on %s=%s", who, s->issues[c->issue].id,
                 s->issues[c->issue].options[c->option]);
    else
        snprintf(buf, cap, "%s lowers its reservation from %.4g to %.4g", who, c->from, c->to);
    return buf;
}

/* ---- generator ---- */

static uint64_t splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double unit(uint64_t *st) { return (double)(splitmix(st) >> 11) * (1.0 / 9007199254740992.0); }
static int below(uint64_t *st, int n) { return (int)(splitmix(st) % (uint64_t)n); }

int med_generate(med_space *s, uint64_t seed, int issues, int options, int parties, int flags)
{
    if (issues < 1 || issues > MED_MAX_ISSUES || options < MED_MIN_OPTIONS || options > MED_MAX_OPTIONS ||
        parties < MED_MIN_PARTIES || parties > MED_MAX_PARTIES)
        return TRUCE_EARG;
    uint64_t st = seed;
    arena *ar = &s->ar;
    s->id = arena_printf(ar, "generated-%llu", (unsigned long long)seed);
    s->nissues = issues;
    s->nparties = parties;
    s->issues = arena_alloc(ar, sizeof *s->issues * (size_t)issues);
    s->parties = arena_alloc(ar, sizeof *s->parties * (size_t)parties);
    int nlinks = (flags & MED_GEN_LINKS) && issues >= 2 ? (issues + 2) / 3 : 0;
    s->links = arena_alloc(ar, sizeof *s->links * (size_t)(nlinks ? nlinks : 1));
    if (!s->id || !s->issues || !s->parties || !s->links) return TRUCE_ENOMEM;
    for (int i = 0; i < issues; i++) {
        med_issue *is = &s->issues[i];
        is->id = arena_printf(ar, "issue-%d", i + 1);
        is->noptions = options;
        is->options = arena_alloc(ar, sizeof *is->options * (size_t)options);
        if (!is->id || !is->options) return TRUCE_ENOMEM;
        for (int o = 0; o < options; o++)
            if (!(is->options[o] = arena_printf(ar, "opt-%d", o + 1))) return TRUCE_ENOMEM;
    }
    for (int p = 0; p < parties; p++) {
        med_party *pa = &s->parties[p];
        pa->id = arena_printf(ar, "party-%d", p + 1);
        pa->weight = arena_alloc(ar, sizeof *pa->weight * (size_t)issues);
        pa->value = arena_alloc(ar, sizeof *pa->value * (size_t)issues * MO);
        pa->red = arena_alloc(ar, (size_t)issues * MO);
        if (!pa->id || !pa->weight || !pa->value || !pa->red) return TRUCE_ENOMEM;
        for (int i = 0; i < issues; i++) {
            pa->weight[i] = 0.05 + unit(&st);
            int worst = 0;
            for (int o = 0; o < options; o++) {
                pa->value[i * MO + o] = unit(&st);
                if (pa->value[i * MO + o] < pa->value[i * MO + worst]) worst = o;
            }
            if ((flags & MED_GEN_RED_LINES) && unit(&st) < 0.25) pa->red[i * MO + worst] = 1;
        }
        pa->reservation = 0.35 + 0.2 * unit(&st);
    }
    int rc = med_space_normalise(s);
    if (rc) return rc;
    /* Links join two issues drawn at random (any two: the link graph is a random graph with about
     * n/3 edges, so most linked groups are pairs and short chains, a few are larger trees or hold a
     * cycle). A bonus is worth, to each party, up to the mean of that party's weights on the two
     * issues, in either direction: a package of two clauses gains or loses about as much as one
     * clause is worth on its own. Fixed magnitudes (say +-0.05) would instead dwarf the issues of a
     * 100-issue space (mean weight 0.01) and shrink to nothing on a 3-issue one. */
    for (int l = 0; l < nlinks; l++) {
        med_link *k = &s->links[l];
        k->kind = l % 2 ? MED_BONUS : MED_REQUIRES;
        k->issue_a = below(&st, issues);
        k->issue_b = (k->issue_a + 1 + below(&st, issues - 1)) % issues;
        k->option_a = below(&st, options);
        k->option_b = below(&st, options);
        if (k->kind == MED_BONUS)
            for (int p = 0; p < parties; p++) {
                double w = 0.5 * (s->parties[p].weight[k->issue_a] + s->parties[p].weight[k->issue_b]);
                k->delta[p] = w * (2 * unit(&st) - 1);
            }
    }
    s->nlinks = nlinks;
    return 0;
}
