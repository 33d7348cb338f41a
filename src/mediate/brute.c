/* brute.c: every answer of solve.c by plain enumeration of all outcomes, for cross-checks only
 * (tests). Refuses spaces over MED_BRUTE_MAX outcomes. Shares nothing with the search but the
 * exact fixed-point utilities, so a pruning bug in solve.c cannot hide here. */
#include <string.h>

#include "mediate/internal.h"

static int frac_less(int64_t a, int64_t b, int64_t c, int64_t d) { return (__int128)a * d < (__int128)c * b; }

static int dominates(const int64_t *a, const int64_t *b, int np)
{
    int strict = 0;
    for (int p = 0; p < np; p++) {
        if (a[p] < b[p]) return 0;
        if (a[p] > b[p]) strict = 1;
    }
    return strict;
}

/* Steps x to the next outcome; 0 after the last. */
static int next_outcome(const med_space *s, int *x)
{
    for (int i = s->nissues - 1; i >= 0; i--) {
        if (++x[i] < s->issues[i].noptions) return 1;
        x[i] = 0;
    }
    return 0;
}

typedef struct fr {
    int64_t u[MP];
    int *x;
} fr;

int med_brute_force(const med_space *s, arena *ar, med_brute *out)
{
    memset(out, 0, sizeof *out);
    int rc = med_space_validate(s);
    if (rc) return rc;
    if (med_space_size(s) > MED_BRUTE_MAX) return TRUCE_EARG;
    med_fixed f;
    if ((rc = med_fixed_build(s, ar, &f))) return rc;
    int n = s->nissues, np = s->nparties;
    size_t xs = sizeof(int) * (size_t)n;
    int *x = arena_alloc(ar, xs), *bw = arena_alloc(ar, xs), *bn = arena_alloc(ar, xs), *bk = arena_alloc(ar, xs),
        *bc = arena_alloc(ar, xs);
    med_result *res[4] = {&out->welfare, &out->nash, &out->ks, &out->concession};
    for (int i = 0; i < 4; i++)
        if (!(res[i]->outcome = arena_alloc(ar, xs))) return TRUCE_ENOMEM;
    if (!x || !bw || !bn || !bk || !bc) return TRUCE_ENOMEM;
    int64_t ideal[MP], bestw = 0, bc2 = 0;
    int have_w = 0, have_n = 0, have_c = 0, bc1 = 0;
    double bestn = 0;
    vec front = {0};
    int64_t u[MP];

    /* pass 1: count, welfare, Nash, ideals, least concession, Pareto */
    memset(x, 0, xs);
    do {
        if (!med_fixed_eval(&f, x, u)) continue;
        int red = med_red_count(s, x);
        int64_t c2 = 0;
        for (int p = 0; p < np; p++)
            if (u[p] < f.r[p]) c2 += f.r[p] - u[p];
        if (!have_c || red < bc1 || (red == bc1 && c2 < bc2)) have_c = 1, bc1 = red, bc2 = c2, memcpy(bc, x, xs);
        if (red || c2) continue;
        out->count++;
        int64_t w = 0;
        for (int p = 0; p < np; p++) {
            w += u[p];
            if (out->count == 1 || u[p] > ideal[p]) ideal[p] = u[p];
        }
        if (!have_w || w > bestw) have_w = 1, bestw = w, memcpy(bw, x, xs);
        double prod = 1;
        for (int p = 0; p < np; p++) prod *= u[p] > f.r[p] ? (double)(u[p] - f.r[p]) / MED_SCALE : 0;
        if (prod > 0 && (!have_n || prod > bestn)) have_n = 1, bestn = prod, memcpy(bn, x, xs);
        fr *items = front.items;
        int dom = 0;
        for (size_t i = 0; i < front.n && !dom; i++) dom = dominates(items[i].u, u, np);
        if (dom) continue;
        size_t m = 0;
        for (size_t i = 0; i < front.n; i++)
            if (!dominates(u, items[i].u, np)) items[m++] = items[i];
        front.n = m;
        fr *nf = vec_push(ar, &front, sizeof(fr));
        if (!nf || !(nf->x = arena_alloc(ar, xs))) return TRUCE_ENOMEM;
        memcpy(nf->u, u, sizeof u);
        memcpy(nf->x, x, xs);
    } while (next_outcome(s, x));

    /* pass 2: Kalai-Smorodinsky against the ideal point */
    int64_t R[MP], tn = 0, td = 1, tw = 0;
    int have_k = 0;
    for (int p = 0; p < np; p++) R[p] = out->count ? ideal[p] - f.r[p] : 0;
    memset(x, 0, xs);
    if (out->count) do {
            if (!med_fixed_eval(&f, x, u) || med_red_count(s, x)) continue;
            int ok = 1;
            int64_t w = 0, num = 1, den = 1;
            int any = 0;
            for (int p = 0; p < np; p++) {
                ok &= u[p] >= f.r[p];
                w += u[p];
                if (R[p] > 0 && (!any || frac_less(u[p] - f.r[p], R[p], num, den))) num = u[p] - f.r[p], den = R[p], any = 1;
            }
            if (!ok) continue;
            if (!have_k || frac_less(tn, td, num, den) || (!frac_less(num, den, tn, td) && w > tw))
                have_k = 1, tn = num, td = den, tw = w, memcpy(bk, x, xs);
        } while (next_outcome(s, x));

    int *best[4] = {bw, bn, bk, bc};
    int have[4] = {have_w, have_n, have_k, have_c};
    for (int i = 0; i < 4; i++) {
        res[i]->status = have[i] ? MED_FOUND : MED_NONE;
        if (!have[i]) continue;
        med_fixed_eval(&f, best[i], u);
        med_fill_outcome(s, best[i], u, res[i]);
    }
    out->welfare.value = out->welfare.welfare;
    out->nash.value = have_n ? bestn : 0;
    out->ks.value = have_k ? (double)tn / (double)td : 0;
    for (int p = 0; p < np && out->count; p++) out->ks.ideal[p] = (double)ideal[p] / MED_SCALE;
    out->welfare.count = out->welfare.count_upper = (long double)out->count;
    if (have_c) {
        med_fixed_eval(&f, bc, u);
        if ((rc = med_fill_concessions(s, &f, bc, u, ar, &out->concession))) return rc;
        out->concession.value = out->concession.red_lines_dropped + out->concession.shortfall;
    }
    med_pareto_set *ps = &out->pareto;
    ps->status = front.n ? MED_FOUND : MED_NONE;
    ps->n = (int)front.n;
    ps->outcomes = arena_alloc(ar, xs * (front.n ? front.n : 1));
    ps->utility = arena_alloc(ar, sizeof(double) * (size_t)np * (front.n ? front.n : 1));
    if (!ps->outcomes || !ps->utility) return TRUCE_ENOMEM;
    const fr *items = front.items;
    for (size_t i = 0; i < front.n; i++) {
        memcpy(ps->outcomes + i * (size_t)n, items[i].x, xs);
        for (int p = 0; p < np; p++) ps->utility[i * (size_t)np + (size_t)p] = (double)items[i].u[p] / MED_SCALE;
    }
    return 0;
}
