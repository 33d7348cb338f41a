/* solve.c: the exact optimisers (max welfare, the parties' ideals, Nash, Kalai-Smorodinsky) and
 * their bounds, over the prepared space of solve_prep.c (the enumerations are in solve_enum.c):
 * depth-first branch and bound over the issues, most disputed first
 * (weight spread), linked issues side by side, with optimistic per-party and per-coalition bounds
 * (suffix maxima of the remaining options; linked groups bounded jointly, large ones in chunks cut
 * where the fewest links cross), red lines removed from the domains, requires-links checked as
 * soon as both ends are set, and Lagrangian bounds: weighted-sum relaxations of the reservations
 * (welfare, ideals), of the min (KS: one table per weight vector near the root's best) and of the
 * product (Nash: water-filling under a weighted sum). The tables count a link into the rest of its
 * group at its most; welfare, the ideals and KS correct them at each node by the links whose
 * earlier end is set (cond_adjust). Children are visited best bound first.
 * Welfare, the ideals and KS run as a short sequence of threshold questions ("is there an outcome
 * worth at least T?", T stepping down from the root's bound): a high threshold prunes nearly
 * everything, and the first question answered yes completes as the plain branch and bound, so its
 * answer is the optimum. KS starts from a Lagrangian heuristic (greedy outcomes under weights moved
 * towards the worst-off party, then a one-issue local search). Every search either completes (a
 * proof of optimality) or stops at the node limit and says so. All memory is taken from the
 * caller's arena before the search starts; the hot loop allocates nothing.
 *
 * Measured on a shared 2-core Xeon (gcc -O2). The spaces come from space.c's generator: bonuses up
 * to the mean weight of the two linked issues, red lines and links. Default node limit, best of 3
 * per solve, every answer proven. bench/mediate/run --milp-timeout 60 (README there), mean over
 * seeds 1-3 (worst), in ms:
 *   25 x 8 x 4:   welfare 0.40 (0.50), Nash 0.61 (0.74), KS 1.9 (2.8), least concession 0.44 (0.56)
 *  100 x 8 x 4:   welfare 3.6 (4.3), Nash 4.7 (5.5), KS 15 (18), least concession 5.6 (6.0)
 *  100 x 12 x 4:  welfare 8.2 (8.6), Nash 9.5 (9.9), KS 62 (82), least concession 10.6 (12.7)
 * Seeds 1-10, one run each (bench --seeds 10 --repeat 1 --no-cbc --no-glpk 100 8 4):
 *  100 x 8 x 4:   welfare 7.1 mean (16 worst), Nash 12.8 (49), KS 26 (58), least concession
 *                 10.2 (28). KS was 37 (112) before five tracked links and the cheaper nodes,
 *                 155 (937) before the link corrections; seeds 11-40: KS 33 mean, 99 worst
 *                 (seed 24), every answer proven.
 *  100 x 12 x 4, seeds 1-10, best of 3: KS 66 mean, 126 worst (seed 8; seed 10 120 ms); 71 and
 *                 179 (seed 10) before ks_search's questions at 3/4 and 7/8.
 * Where KS spends its nodes now: the max-min's proof (dives that the weighted-sum bounds only
 * refute near the leaves; more tables near the root's best weights cut 3-6% of them) and, more,
 * finding its optimum: 100 x 8 x 4 seed 24's question below the optimum takes 330k nodes, 56k
 * had it known the optimum; 100 x 12 x 4 seeds 10 and 8 take 337k and 376k, 158k and 100k with
 * it known. On linked groups cut into chunks, links between two issues that are both still open
 * stay counted at their most until the earlier end is set.
 */
#include <math.h>
#include <string.h>

#include "mediate/solve.h"

static int search_init(search *S, const prep *P, arena *ar, const med_options *opt)
{
    memset(S, 0, sizeof *S);
    S->P = P;
    size_t n1 = (size_t)P->n + 1;
    S->x = arena_alloc(ar, sizeof *S->x * n1);
    S->bestx = arena_alloc(ar, sizeof *S->bestx * n1);
    S->cur = arena_alloc(ar, sizeof *S->cur * (n1 + 1));
    S->c1 = arena_alloc(ar, sizeof *S->c1 * (n1 + 1));
    S->kx = arena_alloc(ar, sizeof *S->kx * n1);
    S->x2 = arena_alloc(ar, sizeof *S->x2 * n1);
    S->kid = arena_alloc(ar, sizeof *S->kid * n1);
    if (!S->x || !S->bestx || !S->cur || !S->c1 || !S->kx || !S->x2 || !S->kid) return TRUCE_ENOMEM;
    for (int t = 0; t < NTAB; t++)
        if (!(S->sv[t] = arena_alloc(ar, sizeof *S->sv[t] * (size_t)(P->nstate ? P->nstate : 1))))
            return TRUCE_ENOMEM;
    if (!(S->tab = arena_alloc(ar, sizeof *S->tab * n1 * NTAB))) return TRUCE_ENOMEM;
    if (!(S->cst = arena_alloc(ar, sizeof *S->cst * 2 * (n1 + (size_t)P->ncomp)))) return TRUCE_ENOMEM;
    S->limit = opt && opt->node_limit > 0 ? opt->node_limit : MED_DEFAULT_NODE_LIMIT;
    return 0;
}

int solve_begin(prep *P, search *S, const med_space *s, const med_options *opt, arena *ar, int mode, int order_mode,
                int track)
{
    int rc = solve_prep_build(P, s, ar, mode, order_mode, track);
    return rc ? rc : search_init(S, P, ar, opt);
}

int solve_finish(const prep *P, search *S, arena *ar, med_result *out)
{
    out->nodes = S->nodes;
    out->status = S->hit ? MED_LIMIT : S->have ? MED_FOUND : MED_NONE;
    out->outcome = arena_alloc(ar, sizeof *out->outcome * (size_t)P->n);
    if (!out->outcome) return TRUCE_ENOMEM;
    if (!S->have) return 0;
    int *x = arena_alloc(ar, sizeof *x * (size_t)P->n);
    if (!x) return TRUCE_ENOMEM;
    for (int d = 0; d < P->n; d++) x[P->order[d]] = S->bestx[d];
    int64_t u[MP];
    med_fixed_eval(&P->f, x, u);
    med_fill_outcome(P->s, x, u, out);
    return 0;
}

/* The state of a tracked link seen from depth d1: 0 while its earlier end is unset, 1 when that
 * end holds another option, 2 when it holds the link's; a unit's state is the base-3 number of
 * its tracked links' states, the first link least significant. */
static int link_state(const chk *h, int d1, const int *x)
{
    return h->other >= d1 ? 0 : x[h->other] == h->other_opt ? 2 : 1;
}

/* The issue at depth d alone: its best lam-weighted option (raw units) when the first tracked
 * checks there are in state st, the others (and those in state 0) counted at their most;
 * -1e300 when no option is left. */
static double issue_value(const prep *P, int d, const double *lam, int st)
{
    double best = -1e300;
    for (int k = 0; k < P->nopt[d]; k++) {
        const int o = P->opt[d][k];
        int64_t v[MP];
        int ok = 1, rest = st;
        memcpy(v, P->u[d][k], sizeof v);
        for (int c = P->chk_start[d]; c < P->chk_start[d + 1] && ok; c++, rest /= 3) {
            const chk *h = &P->chks[c];
            int s = c - P->chk_start[d] < MED_TRACK ? rest % 3 : 0;
            if (s == 0) {
                if (h->kind == CHK_BONUS && o == h->this_opt)
                    for (int p = 0; p < MP; p++) v[p] += h->delta[p] > 0 ? h->delta[p] : 0;
            } else if (h->kind == CHK_REQ_IF) ok = !(o == h->this_opt && s == 1);
            else if (h->kind == CHK_REQ_THEN) ok = !(o != h->this_opt && s == 2);
            else if (o == h->this_opt && s == 2)
                for (int p = 0; p < MP; p++) v[p] += h->delta[p];
        }
        if (!ok) continue;
        double t = 0;
        for (int p = 0; p < P->np; p++) t += lam[p] * (double)v[p];
        best = t > best ? t : best;
    }
    return best;
}

/* A chunk's best lam-weighted value (raw units) with its tracked links in state st: g[sg] is
 * its best vector of signature sg, the tracked links left out; they add their most in state 0,
 * exactly otherwise, where a requires-link may rule a signature out. -1e300 when none is left. */
static double chunk_value(const prep *P, const struct comp *c, const double *lam, const double *g, int st)
{
    double best = -1e300;
    for (int sg = 0; sg < 1 << c->ntrack; sg++) {
        double t = g[sg];
        int rest = st;
        for (int j = 0; j < c->ntrack && t > -1e300; j++, rest /= 3) {
            const chk *h = &P->chks[c->track[j]];
            int bit = (sg >> j) & 1, s = rest % 3;
            if (h->kind == CHK_REQ_IF) {
                if (bit && s == 1) t = -1e300;
            } else if (h->kind == CHK_REQ_THEN) {
                if (!bit && s == 2) t = -1e300;
            } else if (bit && s != 1)
                for (int p = 0; p < P->np; p++)
                    if (s == 2 || h->delta[p] > 0) t += lam[p] * (double)h->delta[p];
        }
        best = t > best ? t : best;
    }
    return best;
}

/* Fills tab[d * stride] with the max over completions from d of lam . u (utility units, rounded
 * up) and returns it for d = 0. With sv, also the values of the parts cond_adjust corrects in every state of
 * their tracked links (raw units; a depth's at sv[P->sbase[d]], a chunk's at sv[c->sbase]). */
static double lam_fill(const prep *P, const double *lam, double *tab, size_t stride, double *sv)
{
    tab[(size_t)P->n * stride] = 0;
    for (int d = P->n - 1; d >= 0; d--) {
        const struct comp *cp = &P->comps[P->comp_of[d]];
        double best = -1e300;
        int next = d + 1;
        if (sv && P->sbase[d] >= 0)
            for (int st = 0, ns = P->nstate_at[d]; st < ns; st++) sv[P->sbase[d] + st] = issue_value(P, d, lam, st);
        if (cp->start == d && cp->joint) {
            double g[1 << MED_TRACK];
            for (int sg = 0; sg < 1 << cp->ntrack; sg++) {
                g[sg] = -1e300;
                for (int v = cp->gstart[sg]; v < cp->gstart[sg + 1]; v++) {
                    double t = 0;
                    for (int p = 0; p < P->np; p++) t += lam[p] * (double)cp->vec[v][p];
                    g[sg] = t > g[sg] ? t : g[sg];
                }
            }
            best = chunk_value(P, cp, lam, g, 0);
            if (sv && cp->ntrack)
                for (int st = 0, ns = pow3(cp->ntrack); st < ns; st++) sv[cp->sbase + st] = chunk_value(P, cp, lam, g, st);
            next = cp->end;
        } else {
            for (int k = 0; k < P->nopt[d]; k++) {
                double t = 0;
                for (int p = 0; p < P->np; p++) t += lam[p] * (double)P->ubo[d][k][p];
                best = t > best ? t : best;
            }
        }
        best /= MED_SCALE;
        tab[(size_t)d * stride] = tab[(size_t)next * stride] + best + fabs(best) * 1e-12 + 1e-15;
    }
    return tab[0];
}

static void set_table(search *S, int t, const double *lam)
{
    for (int p = 0; p < MP; p++) S->lam[t][p] = p < S->P->np ? lam[p] : 0;
    lam_fill(S->P, S->lam[t], S->tab + t, NTAB, S->sv[t]);
}

/* The parts of the rest from depth d1 whose bounds the options set before d1 (S->x) change,
 * through links into the rest of their component that the tables count at their most: an issue
 * linked to a set one loses the options its requires-links now forbid and the bonuses it now
 * misses; a chunk, the signatures they rule out. at[2i] gets the offset of part i's state value
 * (in S->sv[t]) under those options, at[2i + 1] with none set. Returns the number of parts; -1
 * when one has nothing left (the same for every table: only the weights differ). */
static int cond_states(const search *S, int d1, int *at)
{
    const prep *P = S->P;
    int m = 0;
    for (int ci = P->cond_start[d1]; ci < P->cond_start[d1 + 1]; ci++, m++) {
        int u = P->conds[ci], st = 0, base;
        if (u >= 0) {
            int k = P->chk_start[u + 1] - P->chk_start[u];
            for (int j = (k < MED_TRACK ? k : MED_TRACK) - 1; j >= 0; j--)
                st = st * 3 + link_state(&P->chks[P->chk_start[u] + j], d1, S->x);
            base = P->sbase[u];
        } else {
            const struct comp *c = &P->comps[-1 - u];
            for (int j = c->ntrack - 1; j >= 0; j--) st = st * 3 + link_state(&P->chks[c->track[j]], d1, S->x);
            base = c->sbase;
        }
        if (S->sv[0][base + st] <= -1e300) return -1;
        at[2 * m] = base + st, at[2 * m + 1] = base;
    }
    return m;
}

/* What the options set before d1 take away from table t's bound on the rest (utility units, <= 0
 * plus a rounding margin), from cond_states' m parts. Per table, so that ks_bound's first table
 * to refute a node spares the others. */
static double cond_adjust(const search *S, int t, const int *at, int m)
{
    double a = 0;
    for (int i = 0; i < m; i++) {
        double v = S->sv[t][at[2 * i]], v0 = S->sv[t][at[2 * i + 1]];
        a += (v - v0 + fabs(v0) * 1e-12) / MED_SCALE + 1e-15;
    }
    return a;
}

/* Reorders each depth's options: fewest red lines, then most lam-weighted utility, first. */
static void prep_sort(prep *P, const double *lam)
{
    for (int d = 0; d < P->n; d++) {
        double key[MO];
        for (int k = 0; k < P->nopt[d]; k++) {
            key[k] = 0;
            for (int p = 0; p < P->np; p++) key[k] += lam[p] * (double)P->u[d][k][p];
        }
        for (int a = 1; a < P->nopt[d]; a++)
            for (int b = a; b > 0 && (P->cost[d][b - 1] > P->cost[d][b] ||
                                      (P->cost[d][b - 1] == P->cost[d][b] && key[b - 1] < key[b]));
                 b--) {
                int t = P->opt[d][b];
                P->opt[d][b] = P->opt[d][b - 1], P->opt[d][b - 1] = t;
                t = P->cost[d][b];
                P->cost[d][b] = P->cost[d][b - 1], P->cost[d][b - 1] = t;
                double kt = key[b];
                key[b] = key[b - 1], key[b - 1] = kt;
                for (int p = 0; p < MP; p++) {
                    int64_t v = P->u[d][b][p];
                    P->u[d][b][p] = P->u[d][b - 1][p], P->u[d][b - 1][p] = v;
                    v = P->ubo[d][b][p];
                    P->ubo[d][b][p] = P->ubo[d][b - 1][p], P->ubo[d][b - 1][p] = v;
                    v = P->lbo[d][b][p];
                    P->lbo[d][b][p] = P->lbo[d][b - 1][p], P->lbo[d][b - 1][p] = v;
                }
            }
    }
}

static double waterfill(const double *lam, const double *a, double budget, int np);

enum { DIR_NASH, DIR_KS };

/* The root's bound on the Nash product or the KS ratio from the relaxation lam . U <= max. */
static double root_bound(const search *S, int kind, const double *lam)
{
    const prep *P = S->P;
    double ld = 0, m = lam_fill(P, lam, P->scratch, 1, NULL);
    for (int p = 0; p < P->np; p++) ld += lam[p] * ((double)P->r[p] / MED_SCALE);
    if (kind == DIR_KS) {
        double den = 0;
        for (int p = 0; p < P->np; p++) den += lam[p] * ((double)S->R[p] / MED_SCALE);
        return den > 0 ? (m - ld) / den : 1e300;
    }
    double a[MP];
    for (int p = 0; p < P->np; p++) {
        a[p] = (double)(MSUM(P, 1 << p, 0) - P->r[p]) / MED_SCALE;
        if (a[p] <= 0) return 0;
    }
    return m - ld > 0 ? waterfill(lam, a, m - ld, P->np) : 0;
}

/* The weights (on the simplex) whose relaxation bounds the root tightest: a pattern search that
 * moves weight between two parties at a time, halving the step when no move helps. */
static void best_direction(const search *S, int kind, double *lam)
{
    const int np = S->P->np;
    for (int p = 0; p < np; p++) lam[p] = 1.0 / np;
    double best = root_bound(S, kind, lam);
    int evals = 0;
    for (double step = 0.25; step > 1e-3 && evals < 600;) {
        int improved = 0;
        for (int p = 0; p < np; p++)
            for (int q = 0; q < np; q++) {
                if (p == q || lam[p] < step) continue;
                double t[MP];
                memcpy(t, lam, sizeof t);
                t[p] -= step, t[q] += step;
                double v = root_bound(S, kind, t);
                evals++;
                if (v < best) best = v, memcpy(lam, t, sizeof t), improved = 1;
            }
        if (!improved) step /= 2;
    }
}

/* Tables for lam and for each party's weight raised and lowered (two scales); returns the count. */
static int direction_tables(search *S, const double *lam, int first)
{
    int t = first;
    set_table(S, t++, lam);
    static const double up[] = {1.6, 1.25}, down[] = {0.6, 0.8};
    for (int sc = 0; sc < 2; sc++)
        for (int p = 0; p < S->P->np; p++)
            for (int sgn = 0; sgn < 2; sgn++) {
                double l2[MP];
                memcpy(l2, lam, sizeof l2);
                l2[p] = sgn ? l2[p] * down[sc] : l2[p] * up[sc] + 0.02;
                set_table(S, t++, l2);
            }
    return t;
}


/* ---- linear objectives: welfare (all parties), one party's ideal ---- */

/* Lagrangian bound on sum_{p in om} U_p: with lam = c + mu (mu >= 0) and every U_q >= r_q,
 * c.U <= lam.U - mu.r <= lam.cur + max over completions of lam.u - mu.r. */
static double lin_bound(const search *S, int d1, const int64_t *nx)
{
    const prep *P = S->P;
    double bound = 1e300, v[MP];
    const double *tab = S->tab + (size_t)d1 * NTAB;
    int m = cond_states(S, d1, S->cst);
    if (m < 0) return -1e300;
    for (int p = 0; p < P->np; p++) v[p] = (double)nx[p] / MED_SCALE;
    for (int t = 0; t < S->ntab; t++) {
        double b = tab[t] - S->klr[t] + (m ? cond_adjust(S, t, S->cst, m) : 0);
        for (int p = 0; p < P->np; p++) b += S->lam[t][p] * v[p];
        bound = b < bound ? b : bound;
    }
    return bound;
}

/* lin_bound at the root for lam = c + mu */
static double lin_root(const prep *P, int om, const double *mu)
{
    double m = 0, lam[MP] = {0};
    for (int p = 0; p < P->np; p++) lam[p] = ((om >> p) & 1) + mu[p];
    m = lam_fill(P, lam, P->scratch, 1, NULL);
    for (int p = 0; p < P->np; p++) m -= mu[p] * ((double)P->r[p] / MED_SCALE);
    return m;
}

/* Upper bound (utility units) on the objective below a node; -1e300 when it cannot beat the
 * incumbent. */
static double lin_node_bound(const search *S, int d1, const int64_t *nx)
{
    const prep *P = S->P;
    int64_t box = mask_sum(nx, S->om, P->np) + MSUM(P, S->om, d1);
    if (S->have && box <= S->best) return -1e300;
    double b = (double)box / MED_SCALE;
    if (S->ntab) {
        double t = lin_bound(S, d1, nx);
        if (S->have && t < (double)S->best / MED_SCALE - 1e-9) return -1e300;
        b = t < b ? t : b;
    }
    return b;
}

/* Children in the order of their bounds, best first; the bound before reach, as in ks_dfs (an
 * ideal search of 100 x 12 x 3 seed 2: 2.5 -> 1.9 s, welfare unchanged). */
static void lin_dfs(search *S, int d)
{
    const prep *P = S->P;
    if (!node_start(S)) return;
    if (d == P->n) {
        int64_t v = mask_sum(S->cur[d], S->om, P->np);
        if (!S->have || v > S->best) S->best = v, keep(S), S->found = 1;
        return;
    }
    int64_t (*kid)[MP] = S->kid[d];
    double kb[MO];
    int ord[MO], m = 0;
    for (int k = 0; k < P->nopt[d]; k++) {
        if (!assign(P, d, k, S->x, S->cur[d], kid[k])) continue;
        S->x[d] = P->opt[d][k];
        double b = lin_node_bound(S, d + 1, kid[k]);
        if (b <= -1e300 || !reach(P, d + 1, kid[k])) continue;
        int j = m++;
        while (j > 0 && kb[j - 1] < b) kb[j] = kb[j - 1], ord[j] = ord[j - 1], j--;
        kb[j] = b, ord[j] = k;
    }
    for (int i = 0; i < m && !S->hit; i++) {
        int k = ord[i];
        S->x[d] = P->opt[d][k];
        if (i > 0 && S->have && lin_node_bound(S, d + 1, kid[k]) <= -1e300) continue;
        memcpy(S->cur[d + 1], kid[k], sizeof kid[k]);
        lin_dfs(S, d + 1);
    }
}

/* As ks_search: questions "is there an outcome worth >= T?" with T stepping down from the root's
 * bound by geometrically growing steps; the first that finds one completes as the usual branch
 * and bound and is the optimum; a last plain search when none does. */
static void lin_search(search *S)
{
    S->have = 0;
    memset(S->cur[0], 0, sizeof S->cur[0]);
    double ub = lin_node_bound(S, 0, S->cur[0]);
    double scale = fabs(ub) > 1 ? fabs(ub) : 1;
    for (double step = 1e-4 * scale;; step *= 1.6) {
        if (S->hit) break;
        int last = step > 0.5 * scale;
        if (!last) {
            S->have = 1;
            S->best = (int64_t)floor((ub - step) * MED_SCALE) - 1;
        } else S->have = 0;
        S->found = 0;
        lin_dfs(S, 0);
        if (S->found || last) break;
    }
    S->have = S->found;
}


static int lin_solve(prep *P, search *S, int om)
{
    S->om = om;
    S->have = 0;
    S->ntab = 0;
    if (!P->empty) {
        /* multipliers of the reservations: a pattern search on mu >= 0 */
        double mu[MP] = {0}, lam[MP];
        double best = lin_root(P, om, mu);
        int evals = 0;
        for (double step = 0.5; step > 1e-3 && evals < 400;) {
            int improved = 0;
            for (int p = 0; p < P->np; p++)
                for (int sgn = -1; sgn <= 1; sgn += 2) {
                    double t[MP];
                    memcpy(t, mu, sizeof t);
                    t[p] += sgn * step;
                    if (t[p] < 0) continue;
                    double v = lin_root(P, om, t);
                    evals++;
                    if (v < best) best = v, memcpy(mu, t, sizeof t), improved = 1;
                }
            if (!improved) step /= 2;
        }
        for (int p = 0; p < P->np; p++) lam[p] = ((om >> p) & 1) + mu[p];
        prep_sort(P, lam);
        int t = 0;
        set_table(S, t++, lam);
        for (int p = 0; p < P->np; p++) {
            if (mu[p] <= 0) continue;
            for (int sgn = 0; sgn < 2; sgn++) {
                double l2[MP];
                memcpy(l2, lam, sizeof l2);
                l2[p] = ((om >> p) & 1) + (sgn ? mu[p] * 0.6 : mu[p] * 1.6);
                set_table(S, t++, l2);
            }
        }
        S->ntab = t;
        for (t = 0; t < S->ntab; t++) {
            S->klr[t] = 0;
            for (int p = 0; p < P->np; p++) S->klr[t] += (S->lam[t][p] - ((om >> p) & 1)) * ((double)P->r[p] / MED_SCALE);
        }
    }
    S->have = 0;
    if (!P->empty) lin_search(S);
    return S->have;
}

int med_solve_welfare(const med_space *s, const med_options *opt, arena *ar, med_result *out)
{
    memset(out, 0, sizeof *out);
    prep P;
    search S;
    int rc = solve_begin(&P, &S, s, opt, ar, PREP_ACCEPT, ORDER_SPREAD, MED_TRACK);
    if (rc) return rc;
    lin_solve(&P, &S, P.nmask - 1);
    if ((rc = solve_finish(&P, &S, ar, out))) return rc;
    out->value = out->welfare;
    return 0;
}

/* ---- Nash ---- */

/* max prod x_p subject to x_p <= a_p, sum lam_p x_p <= budget (water-filling) */
static double waterfill(const double *lam, const double *a, double budget, int np)
{
    int idx[MP];
    double key[MP];
    for (int p = 0; p < np; p++) {
        idx[p] = p;
        key[p] = lam[p] * a[p];
    }
    for (int i = 1; i < np; i++)
        for (int j = i; j > 0 && key[idx[j - 1]] > key[idx[j]]; j--) {
            int t = idx[j];
            idx[j] = idx[j - 1], idx[j - 1] = t;
        }
    double prod = 1, rem = budget;
    for (int i = 0; i < np; i++) {
        int p = idx[i], m = np - i;
        if (key[p] * m <= rem) {
            prod *= a[p];
            rem -= key[p];
            continue;
        }
        for (int j = i; j < np; j++) prod *= rem / (m * lam[idx[j]]);
        break;
    }
    return prod;
}

/* An upper bound on the Nash product below this node; stops as soon as it is <= stop. */
static double nash_bound(const search *S, int d1, const int64_t *nx, double stop)
{
    const prep *P = S->P;
    double a[MP], box = 1;
    for (int p = 0; p < P->np; p++) {
        int64_t ub = nx[p] + MSUM(P, 1 << p, d1) - P->r[p];
        if (ub <= 0) return -1;
        a[p] = (double)ub / MED_SCALE;
        box *= a[p];
    }
    double bound = box * (1 + 1e-12);
    for (int t = S->ntab - 1; t >= 0 && bound > stop; t--) { /* the incumbent's tangent first */
        double budget = S->tab[(size_t)d1 * NTAB + (size_t)t];
        for (int p = 0; p < P->np; p++) budget += S->lam[t][p] * ((double)(nx[p] - P->r[p]) / MED_SCALE);
        if (budget <= 0) return -1;
        double b = waterfill(S->lam[t], a, budget, P->np) * (1 + 1e-12);
        bound = b < bound ? b : bound;
    }
    return bound;
}

static void nash_dfs(search *S, int d)
{
    const prep *P = S->P;
    if (!node_start(S)) return;
    if (d == P->n) {
        double v = 1;
        for (int p = 0; p < P->np; p++) {
            int64_t g = S->cur[d][p] - P->r[p];
            if (g <= 0) return;
            v *= (double)g / MED_SCALE;
        }
        if (!S->have || v > S->bestd) {
            S->bestd = v;
            keep(S);
            double lam[MP], mx = 0;
            for (int p = 0; p < P->np; p++) {
                lam[p] = MED_SCALE / (double)(S->cur[d][p] - P->r[p]);
                mx = lam[p] > mx ? lam[p] : mx;
            }
            for (int p = 0; p < P->np; p++) lam[p] /= mx;
            set_table(S, S->tangent, lam); /* the tangent of the Nash product at the incumbent */
            S->ntab = S->tangent + 1;
        }
        return;
    }
    for (int k = 0; k < P->nopt[d] && !S->hit; k++) {
        int64_t *nx = S->cur[d + 1];
        if (!assign(P, d, k, S->x, S->cur[d], nx) || !reach(P, d + 1, nx)) continue;
        double b = nash_bound(S, d + 1, nx, S->have ? S->bestd : 0);
        if (b <= 0 || (S->have && b <= S->bestd)) continue;
        S->x[d] = P->opt[d][k];
        nash_dfs(S, d + 1);
    }
}

int med_solve_nash(const med_space *s, const med_options *opt, arena *ar, med_result *out)
{
    memset(out, 0, sizeof *out);
    prep P;
    search S;
    int rc = solve_begin(&P, &S, s, opt, ar, PREP_ACCEPT, ORDER_SPREAD, 0);
    if (rc) return rc;
    double ones[MP] = {1, 1, 1, 1}, lam[MP];
    if (!P.empty) {
        best_direction(&S, DIR_NASH, lam);
        prep_sort(&P, lam);
        set_table(&S, 0, ones);
        S.ntab = S.tangent = direction_tables(&S, lam, 1);
    }
    memset(S.cur[0], 0, sizeof S.cur[0]);
    if (!P.empty) nash_dfs(&S, 0);
    if ((rc = solve_finish(&P, &S, ar, out))) return rc;
    out->value = S.have ? S.bestd : 0;
    return 0;
}

/* ---- Kalai-Smorodinsky ---- */

/* sign of a/b - c/d for b, d > 0 */
static int frac_cmp(int64_t a, int64_t b, int64_t c, int64_t d)
{
    __int128 l = (__int128)a * d, r = (__int128)c * b;
    return l < r ? -1 : l > r ? 1 : 0;
}

/* min over parties with R > 0 of (v_p - r_p) / R_p, as num/den; 1/1 when none */
static void ks_ratio(const search *S, const int64_t *v, int64_t *num, int64_t *den)
{
    const prep *P = S->P;
    *num = 1, *den = 1;
    int any = 0;
    for (int p = 0; p < P->np; p++) {
        if (S->R[p] <= 0) continue;
        int64_t a = v[p] - P->r[p];
        if (!any || frac_cmp(a, S->R[p], *num, *den) < 0) *num = a, *den = S->R[p];
        any = 1;
    }
}

/* Upper bound on the KS ratio below a node whose utilities so far are nx, from depth d1 on:
 * the per-party box (exact fractions against the incumbent, ties by welfare) and the
 * weighted-sum relaxations. -1 when the node cannot beat the incumbent. */
static double ks_bound(const search *S, int d1, const int64_t *nx)
{
    const prep *P = S->P;
    int64_t ub[MP];
    double bound = 1;
    for (int p = 0, any = 0; p < P->np; p++) {
        ub[p] = nx[p] + MSUM(P, 1 << p, d1);
        if (S->R[p] <= 0) continue;
        double h = (double)(ub[p] - P->r[p]) / (double)S->R[p];
        bound = !any || h < bound ? h : bound;
        any = 1;
    }
    if (!S->have) return bound;
    if (bound < S->bestd - 1e-9) return -1;
    if (bound < S->bestd + 1e-9) { /* too close to call in doubles: exact fractions */
        int64_t num, den;
        ks_ratio(S, ub, &num, &den);
        int c = frac_cmp(num, den, S->tnum, S->tden);
        if (c < 0) return -1;
        if (c == 0 && mask_sum(nx, P->nmask - 1, P->np) + MSUM(P, P->nmask - 1, d1) <= S->best) return -1;
    }
    double v[MP];
    const double *tab = S->tab + (size_t)d1 * NTAB;
    int m = cond_states(S, d1, S->cst);
    if (m < 0) return -1;
    for (int p = 0; p < P->np; p++) v[p] = (double)nx[p] / MED_SCALE;
    for (int t = 0; t < S->ntab; t++) {
        if (S->kden[t] <= 0) continue;
        double b = tab[t] - S->klr[t] + (m ? cond_adjust(S, t, S->cst, m) : 0);
        for (int p = 0; p < P->np; p++) b += S->lam[t][p] * v[p];
        if (b < (S->bestd - 1e-9) * S->kden[t]) return -1;
        if (b < bound * S->kden[t]) bound = b / S->kden[t];
    }
    return bound;
}

/* Children in the order of their bounds, best first: a good incumbent early prunes the rest.
 * ks_bound before reach: its box test alone refutes most children, so the coalition test is
 * mostly skipped (KS 20% faster on 100-issue spaces, the same nodes). */
static void ks_dfs(search *S, int d)
{
    const prep *P = S->P;
    if (!node_start(S)) return;
    if (d == P->n) {
        int64_t num, den, w = mask_sum(S->cur[d], P->nmask - 1, P->np);
        ks_ratio(S, S->cur[d], &num, &den);
        int c = S->have ? frac_cmp(num, den, S->tnum, S->tden) : 1;
        if (c > 0 || (c == 0 && w > S->best)) {
            S->tnum = num, S->tden = den, S->best = w;
            S->bestd = (double)num / (double)den;
            keep(S);
            S->found = 1;
        }
        return;
    }
    int64_t (*kid)[MP] = S->kid[d];
    double kb[MO];
    int ord[MO], m = 0;
    for (int k = 0; k < P->nopt[d]; k++) {
        if (!assign(P, d, k, S->x, S->cur[d], kid[k])) continue;
        S->x[d] = P->opt[d][k];
        double b = ks_bound(S, d + 1, kid[k]);
        if (b < 0 || !reach(P, d + 1, kid[k])) continue;
        int j = m++;
        while (j > 0 && kb[j - 1] < b) kb[j] = kb[j - 1], ord[j] = ord[j - 1], j--;
        kb[j] = b, ord[j] = k;
    }
    for (int i = 0; i < m && !S->hit; i++) {
        int k = ord[i];
        S->x[d] = P->opt[d][k];
        if (i > 0 && S->have && ks_bound(S, d + 1, kid[k]) < 0) continue;
        memcpy(S->cur[d + 1], kid[k], sizeof kid[k]);
        ks_dfs(S, d + 1);
    }
}

/* Utilities of the whole assignment kx (option indexes per depth) into u, original options into x;
 * 0 when a requires-link is broken. */
static int full_eval(const prep *P, const int *kx, int *x, int64_t *u)
{
    int64_t a[MP] = {0}, b[MP];
    for (int d = 0; d < P->n; d++) {
        x[d] = P->opt[d][kx[d]];
        if (!assign(P, d, kx[d], x, a, b)) return 0;
        memcpy(a, b, sizeof a);
    }
    memcpy(u, a, sizeof a);
    return 1;
}

/* > 0 when u is better than v for KS by leximin of the normalised gains, then welfare (a local
 * search's order: an outcome whose smallest gain ties may still lift the second smallest). */
static int ks_leximin_cmp(const search *S, const int64_t *u, const int64_t *v)
{
    const prep *P = S->P;
    double a[MP], b[MP];
    int m = 0;
    for (int p = 0; p < P->np; p++) {
        if (S->R[p] <= 0) continue;
        a[m] = (double)(u[p] - P->r[p]) / (double)S->R[p];
        b[m++] = (double)(v[p] - P->r[p]) / (double)S->R[p];
    }
    for (int i = 1; i < m; i++)
        for (int j = i; j > 0; j--) {
            double t;
            if (a[j - 1] > a[j]) t = a[j], a[j] = a[j - 1], a[j - 1] = t;
            if (b[j - 1] > b[j]) t = b[j], b[j] = b[j - 1], b[j - 1] = t;
        }
    for (int i = 0; i < m; i++)
        if (a[i] != b[i]) return a[i] > b[i] ? 1 : -1;
    int64_t wu = mask_sum(u, P->nmask - 1, P->np), wv = mask_sum(v, P->nmask - 1, P->np);
    return wu > wv ? 1 : wu < wv ? -1 : 0;
}

static int acceptable_vec(const prep *P, const int64_t *u)
{
    for (int p = 0; p < P->np; p++)
        if (u[p] < P->r[p]) return 0;
    return 1;
}

/* Greedy by depth: at each depth the option of most lam-weighted utility that breaks no
 * requires-link with the options already set (bonuses with them counted exactly). Fills kx, x
 * and u; 0 when it runs into a dead end. */
static int greedy(const prep *P, const double *lam, int *kx, int *x, int64_t *u)
{
    int64_t a[MP] = {0}, b[MP], best[MP];
    for (int d = 0; d < P->n; d++) {
        double bv = -1e300;
        int bk = -1;
        for (int k = 0; k < P->nopt[d]; k++) {
            x[d] = P->opt[d][k];
            if (!assign(P, d, k, x, a, b)) continue;
            double v = 0;
            for (int p = 0; p < P->np; p++) v += lam[p] * (double)(b[p] - a[p]);
            if (v > bv) bv = v, bk = k, memcpy(best, b, sizeof best);
        }
        if (bk < 0) return 0;
        kx[d] = bk;
        x[d] = P->opt[d][bk];
        memcpy(a, best, sizeof a);
    }
    memcpy(u, a, sizeof a);
    return 1;
}

/* Keeps x (utilities u) as the KS incumbent when it is acceptable and better. */
static void ks_offer(search *S, const int *x, const int64_t *u)
{
    const prep *P = S->P;
    if (!acceptable_vec(P, u)) return;
    int64_t num, den, w = mask_sum(u, P->nmask - 1, P->np);
    ks_ratio(S, u, &num, &den);
    int c = S->have ? frac_cmp(num, den, S->tnum, S->tden) : 1;
    if (c > 0 || (c == 0 && w > S->best)) {
        S->tnum = num, S->tden = den, S->best = w;
        S->bestd = (double)num / (double)den;
        memcpy(S->bestx, x, sizeof *x * (size_t)P->n);
        S->have = 1;
    }
}

/* A Lagrangian heuristic for KS: greedy outcomes for weights lam, moved towards the parties that
 * fare worst (a multiplicative subgradient step on the max-min), the best kept. */
static void ks_lagrange(search *S, const double *lam0, int iters)
{
    const prep *P = S->P;
    double lam[MP] = {0};
    int64_t u[MP];
    for (int p = 0; p < P->np; p++) lam[p] = lam0[p] > 1e-6 ? lam0[p] : 1e-6;
    double eta = 0.5;
    for (int it = 0; it < iters; it++) {
        if (!greedy(P, lam, S->kx, S->x2, u)) break;
        ks_offer(S, S->x2, u);
        double h[MP], lo = 1e300, sum = 0;
        for (int p = 0; p < P->np; p++) {
            h[p] = S->R[p] > 0 ? (double)(u[p] - P->r[p]) / (double)S->R[p] : 1e300;
            lo = h[p] < lo ? h[p] : lo;
        }
        for (int p = 0; p < P->np; p++) {
            if (S->R[p] <= 0) continue;
            lam[p] *= exp(-eta * (h[p] - lo) * 10);
            sum += lam[p];
        }
        if (!(sum > 0)) break;
        for (int p = 0; p < P->np; p++) lam[p] = lam[p] / sum > 1e-9 ? lam[p] / sum : 1e-9;
        eta *= 0.97;
    }
}

/* A primal heuristic for KS: from the incumbent, change one issue at a time while that improves
 * the leximin order; the result becomes the incumbent if it is better. Only finds outcomes; the
 * search that follows proves. Scratch from kx/x (n each). */
static void ks_polish(search *S, int *kx, int *x)
{
    const prep *P = S->P;
    if (!S->have) return;
    int64_t u[MP], v[MP];
    for (int d = 0; d < P->n; d++)
        for (int k = 0; k < P->nopt[d]; k++)
            if (P->opt[d][k] == S->bestx[d]) kx[d] = k;
    if (!full_eval(P, kx, x, u)) return;
    for (int pass = 0, improved = 1; improved && pass < 40; pass++) {
        improved = 0;
        for (int d = 0; d < P->n; d++) {
            for (int k = 0; k < P->nopt[d]; k++) {
                if (k == kx[d]) continue;
                int was = kx[d];
                kx[d] = k;
                if (full_eval(P, kx, x, v) && acceptable_vec(P, v) && ks_leximin_cmp(S, v, u) > 0) {
                    memcpy(u, v, sizeof u);
                    improved = 1;
                } else kx[d] = was;
            }
        }
    }
    full_eval(P, kx, x, u);
    ks_offer(S, x, u);
}

/* The proof, as a short sequence of questions "is there an outcome of ratio >= tau?" with tau
 * stepping down from the root's bound towards the heuristic incumbent: a search against a high
 * tau prunes nearly everything, and the first that finds an outcome completes as the usual branch
 * and bound (its incumbent only rises from there), so its answer is the optimum. When none does,
 * the last search runs against the heuristic incumbent itself. A question just above the optimum
 * costs about as much as the proof, so the steps start at 1/32 of the gap and double (1/128 and
 * x1.5 asked more of them: 12-23% more nodes on 25- to 100-issue spaces). When the question at
 * 1/2 fails too, two more at 3/4 and 7/8 come before the incumbent's own search: a question that
 * finds the optimum from just below costs little more than the proof, the search from an
 * incumbent far below it much more (100 x 12 x 4 seed 10: its question at 1/2 takes 1 node, the
 * search from the heuristic's 0.6386 took 521k nodes to reach 0.6397, the question at 7/8 finds
 * it in 330k; 100 x 8 x 4 seeds 1-40: the same within 1%). */
static void ks_search(search *S)
{
    const prep *P = S->P;
    int had = S->have;
    int64_t hn = S->tnum, hd = S->tden, hb = S->best;
    double hv = S->bestd;
    int *hx = S->kx; /* the heuristic's outcome, kept aside */
    if (had) memcpy(hx, S->bestx, sizeof *hx * (size_t)P->n);
    S->have = 1, S->tnum = 0, S->tden = 1, S->best = INT64_MIN, S->bestd = -1;
    memset(S->cur[0], 0, sizeof S->cur[0]);
    double ub = ks_bound(S, 0, S->cur[0]);
    double lo = had ? hv : 0;
    for (int q = 0;; q++) {
        if (S->hit) break;
        double step = q < 5 ? (double)(1 << q) / 32 : q < 7 ? 1 - 1.0 / (1 << (q - 3)) : 0;
        double tau = ub - (ub - lo) * step;
        if (step > 0 && (tau <= lo || ub - lo < 1e-6)) continue;
        if (step > 0) {
            S->have = 1, S->best = INT64_MIN, S->tden = 1 << 30;
            S->tnum = (int64_t)floor(tau * (double)S->tden);
            S->bestd = (double)S->tnum / (double)S->tden;
            S->found = 0;
        } else {
            S->have = had, S->tnum = hn, S->tden = hd, S->best = hb, S->bestd = hv, S->found = had;
            if (had) memcpy(S->bestx, hx, sizeof *hx * (size_t)P->n);
        }
        ks_dfs(S, 0);
        if (S->found || step == 0) break;
    }
    S->have = S->found;
}

int med_solve_ks(const med_space *s, const med_options *opt, arena *ar, med_result *out)
{
    memset(out, 0, sizeof *out);
    prep P;
    search S;
    int rc = solve_begin(&P, &S, s, opt, ar, PREP_ACCEPT, ORDER_SPREAD, MED_TRACK);
    if (rc) return rc;
    long long nodes = 0;
    int hit = 0, none = 0;
    for (int p = 0; p < P.np; p++) {
        if (!lin_solve(&P, &S, 1 << p)) none = 1;
        nodes += S.nodes;
        hit |= S.hit;
        S.nodes = 0;
        if (none || hit) break;
        S.R[p] = S.best - P.r[p];
        out->ideal[p] = (double)S.best / MED_SCALE;
    }
    S.have = 0;
    if (!none && !hit) {
        double ones[MP] = {1, 1, 1, 1}, inv[MP] = {0}, mx = 0, lamks[MP] = {0};
        for (int p = 0; p < P.np; p++) {
            inv[p] = S.R[p] > 0 ? MED_SCALE / (double)S.R[p] : 0;
            mx = inv[p] > mx ? inv[p] : mx;
        }
        set_table(&S, 0, ones);
        S.ntab = 1;
        if (mx > 0) {
            double lam[MP];
            for (int p = 0; p < P.np; p++) inv[p] /= mx;
            set_table(&S, 1, inv);
            best_direction(&S, DIR_KS, lam);
            memcpy(lamks, lam, sizeof lam);

            prep_sort(&P, lam);
            /* (Tables for lam restricted to each subset of the parties, also valid since the min is
             * at most any subset's weighted mean, saved 2% of the nodes and cost 10% of the time.) */
            S.ntab = direction_tables(&S, lam, 2);
        }
        for (int t = 0; t < S.ntab; t++) {
            S.kden[t] = S.klr[t] = 0;
            for (int p = 0; p < P.np; p++) {
                S.kden[t] += S.lam[t][p] * ((double)S.R[p] / MED_SCALE);
                S.klr[t] += S.lam[t][p] * ((double)P.r[p] / MED_SCALE);
            }
        }
        memset(S.cur[0], 0, sizeof S.cur[0]);
        /* a Lagrangian heuristic for a first incumbent, polished by local search, then the proof */
        if (mx > 0) ks_lagrange(&S, lamks, 300);
        ks_polish(&S, S.kx, S.x2);
        ks_search(&S);
    }
    S.hit |= hit;
    rc = solve_finish(&P, &S, ar, out);
    out->nodes += nodes;
    out->value = S.have ? S.bestd : 0;
    return rc;
}

