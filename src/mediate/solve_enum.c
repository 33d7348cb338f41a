/* solve_enum.c: the searches that enumerate rather than optimise, over solve.h's prep: how many
 * outcomes every party accepts (exact, or bounds when the node limit stops it), the Pareto
 * frontier of the acceptable outcomes, and the least concession (red lines dropped, then the
 * shortfall below reservations) that opens one. Not the optimisers (solve.c). */
#include <string.h>

#include "mediate/solve.h"

/* ---- counting ---- */

static void count_add(search *S, long double n)
{
    unsigned __int128 before = S->count;
    if (n >= 1.7e38L) S->overflow = 1;
    else S->count += (unsigned __int128)n;
    if (S->count < before) S->overflow = 1;
}

static void count_dfs(search *S, int d)
{
    const prep *P = S->P;
    if (!node_start(S)) {
        S->undecided += P->size[d];
        return;
    }
    if (d == P->n) {
        count_add(S, 1);
        return;
    }
    if (P->pending_req[d] == 0) {
        int all = 1;
        for (int p = 0; p < P->np && all; p++) all = S->cur[d][p] + P->worst[d][p] >= P->r[p];
        if (all) {
            count_add(S, P->size[d]);
            return;
        }
    }
    for (int k = 0; k < P->nopt[d]; k++) {
        if (S->hit) {
            S->undecided += P->size[d + 1] * (long double)(P->nopt[d] - k);
            break;
        }
        int64_t *nx = S->cur[d + 1];
        if (!assign(P, d, k, S->x, S->cur[d], nx) || !reach(P, d + 1, nx)) continue;
        S->x[d] = P->opt[d][k];
        count_dfs(S, d + 1);
    }
}

int med_count_acceptable(const med_space *s, const med_options *opt, arena *ar, med_result *out)
{
    memset(out, 0, sizeof *out);
    prep P;
    search S;
    int rc = solve_begin(&P, &S, s, opt, ar, PREP_ACCEPT, ORDER_LINKS_FIRST, 0);
    if (rc) return rc;
    memset(S.cur[0], 0, sizeof S.cur[0]);
    if (!P.empty) count_dfs(&S, 0);
    out->nodes = S.nodes;
    long double c = S.overflow ? 1.7e38L : (long double)S.count;
    out->count = c;
    out->count_upper = c + S.undecided;
    out->exact = !S.hit && !S.overflow && S.count < ((unsigned __int128)1 << 63);
    out->value = (double)c;
    out->status = S.hit ? MED_LIMIT : S.count || S.overflow ? MED_FOUND : MED_NONE;
    return 0;
}

/* ---- Pareto frontier ---- */

/* a dominates b: >= everywhere, > somewhere */
static int dominates(const int64_t *a, const int64_t *b, int np)
{
    int strict = 0;
    for (int p = 0; p < np; p++) {
        if (a[p] < b[p]) return 0;
        if (a[p] > b[p]) strict = 1;
    }
    return strict;
}

static void pareto_dfs(search *S, int d)
{
    const prep *P = S->P;
    if (S->full || !node_start(S)) return;
    if (d == P->n) {
        const int64_t *v = S->cur[d];
        for (int i = 0; i < S->nf; i++)
            if (dominates(S->fu[i], v, P->np)) return;
        int m = 0;
        for (int i = 0; i < S->nf; i++) {
            if (dominates(v, S->fu[i], P->np)) continue;
            if (m != i) {
                memcpy(S->fu[m], S->fu[i], sizeof S->fu[0]);
                memcpy(S->fx + (size_t)m * (size_t)P->n, S->fx + (size_t)i * (size_t)P->n, sizeof *S->fx * (size_t)P->n);
            }
            m++;
        }
        S->nf = m;
        if (S->nf == S->cap) {
            S->full = 1;
            return;
        }
        memcpy(S->fu[S->nf], v, sizeof S->fu[0]);
        memcpy(S->fx + (size_t)S->nf * (size_t)P->n, S->x, sizeof *S->fx * (size_t)P->n);
        S->nf++;
        return;
    }
    for (int k = 0; k < P->nopt[d] && !S->hit && !S->full; k++) {
        int64_t *nx = S->cur[d + 1];
        if (!assign(P, d, k, S->x, S->cur[d], nx) || !reach(P, d + 1, nx)) continue;
        int64_t ub[MP] = {0};
        for (int p = 0; p < P->np; p++) ub[p] = nx[p] + MSUM(P, 1 << p, d + 1);
        int cut = 0;
        for (int i = 0; i < S->nf && !cut; i++) cut = dominates(S->fu[i], ub, P->np);
        if (cut) continue;
        S->x[d] = P->opt[d][k];
        pareto_dfs(S, d + 1);
    }
}

/* sets S->have when an acceptable outcome dominates S->target */
static void dominated_dfs(search *S, int d)
{
    const prep *P = S->P;
    if (S->have || !node_start(S)) return;
    if (d == P->n) {
        if (dominates(S->cur[d], S->target, P->np)) S->have = 1;
        return;
    }
    for (int k = 0; k < P->nopt[d] && !S->hit && !S->have; k++) {
        int64_t *nx = S->cur[d + 1];
        if (!assign(P, d, k, S->x, S->cur[d], nx) || !reach(P, d + 1, nx)) continue;
        int ok = 1;
        int64_t ub[MP] = {0};
        for (int p = 0; p < P->np && ok; p++) ok = (ub[p] = nx[p] + MSUM(P, 1 << p, d + 1)) >= S->target[p];
        if (!ok || !dominates(ub, S->target, P->np)) continue;
        S->x[d] = P->opt[d][k];
        dominated_dfs(S, d + 1);
    }
}

int med_pareto(const med_space *s, const med_options *opt, arena *ar, med_pareto_set *out)
{
    memset(out, 0, sizeof *out);
    prep P;
    search S;
    int rc = solve_begin(&P, &S, s, opt, ar, PREP_ACCEPT, ORDER_SPREAD, 0);
    if (rc) return rc;
    S.cap = opt && opt->pareto_cap > 0 ? opt->pareto_cap : MED_DEFAULT_PARETO_CAP;
    S.fu = arena_alloc(ar, sizeof *S.fu * (size_t)S.cap);
    S.fx = arena_alloc(ar, sizeof *S.fx * (size_t)S.cap * (size_t)P.n);
    if (!S.fu || !S.fx) return TRUCE_ENOMEM;
    memset(S.cur[0], 0, sizeof S.cur[0]);
    if (!P.empty) pareto_dfs(&S, 0);
    int hit = S.hit;
    if (S.full && !hit) {
        /* stopped early: keep only members no acceptable outcome dominates */
        int m = 0;
        for (int i = 0; i < S.nf && !S.hit; i++) {
            S.have = 0;
            S.target = S.fu[i];
            dominated_dfs(&S, 0);
            if (S.have) continue;
            if (m != i) {
                memcpy(S.fu[m], S.fu[i], sizeof S.fu[0]);
                memcpy(S.fx + (size_t)m * (size_t)P.n, S.fx + (size_t)i * (size_t)P.n, sizeof *S.fx * (size_t)P.n);
            }
            m++;
        }
        hit = S.hit;
        if (!hit) S.nf = m;
    }
    out->nodes = S.nodes;
    out->capped = S.full;
    out->status = hit ? MED_LIMIT : S.nf ? MED_FOUND : MED_NONE;
    out->n = S.nf;
    out->outcomes = arena_alloc(ar, sizeof *out->outcomes * (size_t)(S.nf ? S.nf : 1) * (size_t)P.n);
    out->utility = arena_alloc(ar, sizeof *out->utility * (size_t)(S.nf ? S.nf : 1) * (size_t)P.np);
    if (!out->outcomes || !out->utility) return TRUCE_ENOMEM;
    for (int i = 0; i < S.nf; i++) {
        for (int d = 0; d < P.n; d++) out->outcomes[(size_t)i * (size_t)P.n + (size_t)P.order[d]] = S.fx[(size_t)i * (size_t)P.n + (size_t)d];
        for (int p = 0; p < P.np; p++) out->utility[(size_t)i * (size_t)P.np + (size_t)p] = (double)S.fu[i][p] / MED_SCALE;
    }
    return 0;
}

/* ---- least concession ---- */

static int64_t shortfall_bound(const prep *P, int d1, const int64_t *nx)
{
    int64_t lb = 0;
    for (int p = 0; p < P->np; p++) {
        int64_t g = P->r[p] - (nx[p] + MSUM(P, 1 << p, d1));
        if (g > 0) lb += g;
    }
    for (int m = 3; m < P->nmask; m++) {
        if (!(m & (m - 1))) continue;
        int64_t g = P->rsum[m] - (mask_sum(nx, m, P->np) + MSUM(P, m, d1));
        if (g > lb) lb = g;
    }
    return lb;
}

static void concede_dfs(search *S, int d)
{
    const prep *P = S->P;
    if (!node_start(S)) return;
    if (d == P->n) {
        int64_t c2 = 0;
        for (int p = 0; p < P->np; p++)
            if (S->cur[d][p] < P->r[p]) c2 += P->r[p] - S->cur[d][p];
        if (!S->have || S->c1[d] < S->b1 || (S->c1[d] == S->b1 && c2 < S->b2)) S->b1 = S->c1[d], S->b2 = c2, keep(S);
        return;
    }
    for (int k = 0; k < P->nopt[d] && !S->hit; k++) {
        int64_t *nx = S->cur[d + 1];
        if (!assign(P, d, k, S->x, S->cur[d], nx)) continue;
        int lb1 = S->c1[d] + P->cost[d][k] + P->mincost[d + 1];
        if (S->have) {
            if (lb1 > S->b1) continue;
            if (lb1 == S->b1 && shortfall_bound(P, d + 1, nx) >= S->b2) continue;
        }
        S->c1[d + 1] = S->c1[d] + P->cost[d][k];
        S->x[d] = P->opt[d][k];
        concede_dfs(S, d + 1);
    }
}

int med_least_concession(const med_space *s, const med_options *opt, arena *ar, med_result *out)
{
    memset(out, 0, sizeof *out);
    prep P;
    search S;
    int rc = solve_begin(&P, &S, s, opt, ar, PREP_CONCEDE, ORDER_SPREAD, 0);
    if (rc) return rc;
    memset(S.cur[0], 0, sizeof S.cur[0]);
    S.c1[0] = 0;
    if (!P.empty) concede_dfs(&S, 0);
    if ((rc = solve_finish(&P, &S, ar, out))) return rc;
    if (!S.have) return 0;
    int64_t u[MP];
    med_fixed_eval(&P.f, out->outcome, u);
    if ((rc = med_fill_concessions(s, &P.f, out->outcome, u, ar, out))) return rc;
    out->value = out->red_lines_dropped + out->shortfall;
    return 0;
}
