/* solve_prep.c: the space prepared for the exact searches (solve.h's prep): issues in search order
 * (most disputed first, linked issues side by side), red lines out of the domains or costed,
 * exact utilities, per-party and per-coalition suffix bounds, requires and bonus checks per depth,
 * and the joint bounds of linked groups (enumerated, non-dominated vectors; large groups cut into
 * chunks where the fewest links cross). Paid once per solve. Not the searches (solve.c). */
#include <math.h>
#include <string.h>

#include "mediate/solve.h"

/* Combinations enumerated per component at most (the joint bounds' set-up): it is paid once per
 * solve, and on small spaces costs more than the search it saves; on large ones a component
 * bounded in chunks multiplies the search (100 issues: 8192 makes KS 5x slower than 32768). */
#define MED_JOINT_MAX 32768
#define MED_JOINT_SMALL 8192 /* below MED_JOINT_BIG issues */
#define MED_JOINT_BIG 50
static int joint_max(int n) { return n >= MED_JOINT_BIG ? MED_JOINT_MAX : MED_JOINT_SMALL; }

static int prep_components(prep *P, arena *ar);
static int prep_conds(prep *P, arena *ar);

static int opts_cmp_welfare(const prep *P, int d, int a, int b)
{
    /* > 0 when option index a should come after b */
    if (P->cost[d][a] != P->cost[d][b]) return P->cost[d][a] > P->cost[d][b] ? 1 : -1;
    int64_t wa = mask_sum(P->u[d][a], P->nmask - 1, P->np), wb = mask_sum(P->u[d][b], P->nmask - 1, P->np);
    return wa < wb ? 1 : wa > wb ? -1 : 0;
}

int solve_prep_build(prep *P, const med_space *s, arena *ar, int mode, int order_mode, int track)
{
    memset(P, 0, sizeof *P);
    P->track = track;
    int rc = med_space_validate(s);
    if (rc) return rc;
    if ((rc = med_fixed_build(s, ar, &P->f))) return rc;
    int n = s->nissues, np = s->nparties;
    size_t n1 = (size_t)n + 1;
    P->s = s;
    P->n = n;
    P->np = np;
    P->nmask = 1 << np;
    P->order = arena_alloc(ar, sizeof *P->order * n1);
    P->depth_of = arena_alloc(ar, sizeof *P->depth_of * n1);
    P->nopt = arena_alloc(ar, sizeof *P->nopt * n1);
    P->opt = arena_alloc(ar, sizeof *P->opt * n1);
    P->cost = arena_alloc(ar, sizeof *P->cost * n1);
    P->u = arena_alloc(ar, sizeof *P->u * n1);
    P->ubo = arena_alloc(ar, sizeof *P->ubo * n1);
    P->lbo = arena_alloc(ar, sizeof *P->lbo * n1);
    P->msum = arena_alloc(ar, sizeof *P->msum * n1 * (size_t)P->nmask);
    P->worst = arena_alloc(ar, sizeof *P->worst * n1);
    P->mincost = arena_alloc(ar, sizeof *P->mincost * n1);
    P->size = arena_alloc(ar, sizeof *P->size * n1);
    P->pending_req = arena_alloc(ar, sizeof *P->pending_req * n1);
    P->chk_start = arena_alloc(ar, sizeof *P->chk_start * (n1 + 1));
    P->chks = arena_alloc(ar, sizeof *P->chks * (size_t)(s->nlinks ? s->nlinks : 1));
    double *key = arena_alloc(ar, sizeof *key * n1);
    if (!P->order || !P->depth_of || !P->nopt || !P->opt || !P->cost || !P->u || !P->ubo || !P->lbo || !P->msum ||
        !P->worst || !P->mincost || !P->size || !P->pending_req || !P->chk_start || !P->chks || !key)
        return TRUCE_ENOMEM;
    for (int p = 0; p < np; p++) P->r[p] = P->f.r[p];
    for (int m = 0; m < P->nmask; m++) P->rsum[m] = mask_sum(P->r, m, np);

    /* domains by issue (stored at index = issue for now), and each issue's spread */
    unsigned char allowed[MED_MAX_ISSUES][MO];
    int cstart[MED_MAX_ISSUES + 1], ncomp = 0;
    int in_req[MED_MAX_ISSUES];
    memset(in_req, 0, sizeof in_req);
    for (int i = 0; i < n; i++) {
        for (int o = 0; o < s->issues[i].noptions; o++) {
            allowed[i][o] = 1;
            if (mode == PREP_ACCEPT)
                for (int p = 0; p < np; p++)
                    if (s->parties[p].red[i * MO + o]) allowed[i][o] = 0;
        }
    }
    for (int l = 0; l < s->nlinks; l++) {
        const med_link *k = &s->links[l];
        if (k->kind != MED_REQUIRES) continue;
        if (k->issue_a == k->issue_b) {
            if (k->option_a != k->option_b) allowed[k->issue_a][k->option_a] = 0; /* can never hold */
        } else {
            in_req[k->issue_a] = in_req[k->issue_b] = 1;
        }
    }
    for (int i = 0; i < n; i++) {
        double spread = 0;
        for (int p = 0; p < np; p++) {
            double lo = 2, hi = -1;
            for (int o = 0; o < s->issues[i].noptions; o++)
                if (allowed[i][o]) {
                    double v = s->parties[p].value[i * MO + o];
                    lo = v < lo ? v : lo;
                    hi = v > hi ? v : hi;
                }
            if (hi >= lo) spread += s->parties[p].weight[i] * (hi - lo);
        }
        key[i] = spread + (order_mode == ORDER_LINKS_FIRST && in_req[i] ? 1e9 : 0);
        P->order[i] = i;
    }
    /* most disputed first (insertion sort: stable, n <= 256) */
    for (int a = 1; a < n; a++) {
        int v = P->order[a], b = a;
        while (b > 0 && key[P->order[b - 1]] < key[v]) P->order[b] = P->order[b - 1], b--;
        P->order[b] = v;
    }
    /* ... except that an issue's linked partners follow it at once, so that a broken link or a
     * bonus missed is seen a level or two after its first end is set, not deep in the tree */
    {
        int placed[MED_MAX_ISSUES] = {0}, stack[MED_MAX_ISSUES], out = 0;
        ncomp = 0;
        int sorted[MED_MAX_ISSUES];
        memcpy(sorted, P->order, sizeof *sorted * (size_t)n);
        for (int a = 0; a < n; a++) {
            if (placed[sorted[a]]) continue;
            cstart[ncomp++] = out;
            int top = 0;
            stack[top++] = sorted[a];
            placed[sorted[a]] = 1;
            while (top) {
                int i = stack[--top];
                P->order[out++] = i;
                for (int b = n - 1; b >= 0; b--) { /* push partners, best key on top */
                    int j = sorted[b];
                    if (placed[j]) continue;
                    for (int l = 0; l < s->nlinks; l++) {
                        const med_link *lk = &s->links[l];
                        if ((lk->issue_a == i && lk->issue_b == j) || (lk->issue_b == i && lk->issue_a == j)) {
                            stack[top++] = j;
                            placed[j] = 1;
                            break;
                        }
                    }
                }
            }
        }
    }
    /* Components too big to bound jointly go first: their links are bounded loosely, and a loose
     * bound high in the tree costs far less than one left for the bottom. */
    {
        int big[MED_MAX_ISSUES + 1], old_order[MED_MAX_ISSUES], old_start[MED_MAX_ISSUES + 1], out = 0, nc = 0;
        memcpy(old_order, P->order, sizeof *old_order * (size_t)n);
        memcpy(old_start, cstart, sizeof *old_start * (size_t)ncomp);
        old_start[ncomp] = n;
        for (int c = 0; c < ncomp; c++) {
            double combos = 1;
            for (int d = old_start[c]; d < old_start[c + 1]; d++) {
                int k = 0;
                for (int o = 0; o < s->issues[old_order[d]].noptions; o++) k += allowed[old_order[d]][o];
                combos *= k;
            }
            big[c] = combos > joint_max(n);
        }
        for (int pass = 0; pass < 2; pass++)
            for (int c = 0; c < ncomp; c++) {
                if (big[c] != !pass) continue;
                cstart[nc++] = out;
                for (int d = old_start[c]; d < old_start[c + 1]; d++) P->order[out++] = old_order[d];
            }
    }
    for (int d = 0; d < n; d++) P->depth_of[P->order[d]] = d;
    P->comps = arena_alloc(ar, sizeof *P->comps * (size_t)ncomp);
    P->comp_of = arena_alloc(ar, sizeof *P->comp_of * n1);
    P->scratch = arena_alloc(ar, sizeof *P->scratch * n1);
    if (!P->comps || !P->comp_of || !P->scratch) return TRUCE_ENOMEM;
    P->ncomp = ncomp;
    cstart[ncomp] = n;
    for (int c = 0; c < ncomp; c++) {
        P->comps[c].start = cstart[c];
        P->comps[c].end = cstart[c + 1];
        for (int d = cstart[c]; d < cstart[c + 1]; d++) P->comp_of[d] = c;
    }

    for (int d = 0; d < n; d++) {
        int i = P->order[d], k = 0;
        for (int o = 0; o < s->issues[i].noptions; o++) {
            if (!allowed[i][o]) continue;
            P->opt[d][k] = o;
            int c = 0;
            for (int p = 0; p < np; p++) c += s->parties[p].red[i * MO + o];
            P->cost[d][k] = c;
            for (int p = 0; p < np; p++) P->u[d][k][p] = P->f.u[((size_t)i * MO + (size_t)o) * MP + (size_t)p];
            k++;
        }
        P->nopt[d] = k;
        if (!k) P->empty = 1;
    }
    /* bonuses within one issue */
    for (int l = 0; l < s->nlinks; l++) {
        const med_link *lk = &s->links[l];
        if (lk->kind != MED_BONUS || lk->issue_a != lk->issue_b || lk->option_a != lk->option_b) continue;
        int d = P->depth_of[lk->issue_a];
        for (int k = 0; k < P->nopt[d]; k++)
            if (P->opt[d][k] == lk->option_a)
                for (int p = 0; p < np; p++) P->u[d][k][p] += P->f.delta[l][p];
    }
    /* options: fewest red lines first, then most welfare (stable insertion sort) */
    for (int d = 0; d < n; d++) {
        for (int a = 1; a < P->nopt[d]; a++) {
            for (int b = a; b > 0 && opts_cmp_welfare(P, d, b - 1, b) > 0; b--) {
                int t = P->opt[d][b];
                P->opt[d][b] = P->opt[d][b - 1], P->opt[d][b - 1] = t;
                t = P->cost[d][b];
                P->cost[d][b] = P->cost[d][b - 1], P->cost[d][b - 1] = t;
                for (int p = 0; p < MP; p++) {
                    int64_t v = P->u[d][b][p];
                    P->u[d][b][p] = P->u[d][b - 1][p], P->u[d][b - 1][p] = v;
                }
            }
        }
    }
    /* link checks, each at the depth of its later end */
    int nchk = 0;
    int *cnt = arena_alloc(ar, sizeof *cnt * (n1 + 1));
    if (!cnt) return TRUCE_ENOMEM;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            P->chk_start[0] = 0;
            for (int d = 0; d < n; d++) P->chk_start[d + 1] = P->chk_start[d] + cnt[d], cnt[d] = 0;
        }
        for (int l = 0; l < s->nlinks; l++) {
            const med_link *lk = &s->links[l];
            if (lk->issue_a == lk->issue_b) continue;
            int da = P->depth_of[lk->issue_a], db = P->depth_of[lk->issue_b];
            int later = da > db ? da : db;
            if (pass == 0) {
                cnt[later]++;
                continue;
            }
            chk *c = &P->chks[P->chk_start[later] + cnt[later]++];
            memset(c, 0, sizeof *c);
            if (lk->kind == MED_REQUIRES) {
                if (da > db) *c = (chk){CHK_REQ_IF, db, lk->option_a, lk->option_b, {0}};
                else *c = (chk){CHK_REQ_THEN, da, lk->option_b, lk->option_a, {0}};
            } else {
                if (da > db) *c = (chk){CHK_BONUS, db, lk->option_a, lk->option_b, {0}};
                else *c = (chk){CHK_BONUS, da, lk->option_b, lk->option_a, {0}};
                for (int p = 0; p < np; p++) c->delta[p] = P->f.delta[l][p];
            }
            nchk++;
        }
    }
    (void)nchk;
    /* optimistic and pessimistic option values, then suffix tables */
    for (int d = 0; d < n; d++)
        for (int k = 0; k < P->nopt[d]; k++)
            for (int p = 0; p < MP; p++) {
                int64_t hi = P->u[d][k][p], lo = hi;
                for (int c = P->chk_start[d]; c < P->chk_start[d + 1]; c++)
                    if (P->chks[c].kind == CHK_BONUS && P->chks[c].this_opt == P->opt[d][k] && p < np) {
                        int64_t dl = P->chks[c].delta[p];
                        if (dl > 0) hi += dl;
                        else lo += dl;
                    }
                P->ubo[d][k][p] = hi;
                P->lbo[d][k][p] = lo;
            }
    for (int m = 0; m < P->nmask; m++) MSUM(P, m, n) = 0;
    for (int p = 0; p < MP; p++) P->worst[n][p] = 0;
    P->mincost[n] = 0;
    P->size[n] = 1;
    P->pending_req[n] = 0;
    if ((rc = prep_components(P, ar)) || (rc = prep_conds(P, ar))) return rc;
    for (int d = n - 1; d >= 0; d--) {
        const struct comp *cp = &P->comps[P->comp_of[d]];
        if (cp->start == d && cp->joint) {
            for (int m = 1; m < P->nmask; m++) {
                int64_t best = INT64_MIN;
                for (int sg = 0; sg < 1 << cp->ntrack; sg++)
                    for (int v = cp->gstart[sg]; v < cp->gstart[sg + 1]; v++) {
                        int64_t t = mask_sum(cp->vec[v], m, np) + mask_sum(cp->up[sg], m, np);
                        if (t > best) best = t;
                    }
                MSUM(P, m, d) = MSUM(P, m, cp->end) + (cp->nvec ? best : 0);
            }
            for (int p = 0; p < np; p++) P->worst[d][p] = P->worst[cp->end][p] + cp->min[p];
        } else {
            for (int m = 1; m < P->nmask; m++) {
                int64_t best = INT64_MIN;
                for (int k = 0; k < P->nopt[d]; k++) {
                    int64_t v = mask_sum(P->ubo[d][k], m, np);
                    if (v > best) best = v;
                }
                MSUM(P, m, d) = MSUM(P, m, d + 1) + (P->nopt[d] ? best : 0);
            }
            for (int p = 0; p < np; p++) {
                int64_t lo = INT64_MAX;
                for (int k = 0; k < P->nopt[d]; k++) lo = P->lbo[d][k][p] < lo ? P->lbo[d][k][p] : lo;
                P->worst[d][p] = P->worst[d + 1][p] + (P->nopt[d] ? lo : 0);
            }
        }
        int mc = 1 << 20;
        for (int k = 0; k < P->nopt[d]; k++) mc = P->cost[d][k] < mc ? P->cost[d][k] : mc;
        P->mincost[d] = P->mincost[d + 1] + (P->nopt[d] ? mc : 0);
        P->size[d] = P->size[d + 1] * (long double)P->nopt[d];
        int req = 0;
        for (int c = P->chk_start[d]; c < P->chk_start[d + 1]; c++) req += P->chks[c].kind != CHK_BONUS;
        P->pending_req[d] = P->pending_req[d + 1] + req;
    }
    return 0;
}

/* Enumerates the combinations of depths d..c->end, keeping the non-dominated vectors of each
 * signature sig in buf (grp: their signatures). Links to depths before c->start count at their
 * most (cur) and least (low), optimistic, except the tracked ones, which only set the signature. */
static void comp_enum(const prep *P, struct comp *c, int d, int sig, int *x, int64_t (*cur)[MP], int64_t (*low)[MP],
                      int64_t (*buf)[MP], int *grp, int *nbuf)
{
    if (d == c->end) {
        const int64_t *v = cur[d];
        int64_t lo[MP];
        memcpy(lo, low[d], sizeof lo);
        for (int j = 0; j < c->ntrack; j++)
            if ((sig >> j) & 1 && P->chks[c->track[j]].kind == CHK_BONUS)
                for (int p = 0; p < MP; p++) lo[p] += P->chks[c->track[j]].delta[p] < 0 ? P->chks[c->track[j]].delta[p] : 0;
        for (int p = 0; p < P->np; p++) c->min[p] = lo[p] < c->min[p] ? lo[p] : c->min[p];
        for (int i = 0; i < *nbuf; i++) {
            int ge = grp[i] == sig;
            for (int p = 0; p < P->np && ge; p++) ge = buf[i][p] >= v[p];
            if (ge) return; /* dominated or equal */
        }
        int m = 0;
        for (int i = 0; i < *nbuf; i++) {
            int le = grp[i] == sig;
            for (int p = 0; p < P->np && le; p++) le = buf[i][p] <= v[p];
            if (!le) memcpy(buf[m], buf[i], sizeof buf[0]), grp[m++] = grp[i];
        }
        memcpy(buf[m], v, sizeof buf[0]);
        grp[m++] = sig;
        *nbuf = m;
        return;
    }
    for (int k = 0; k < P->nopt[d]; k++) {
        const int o = P->opt[d][k];
        int ok = 1, sg = sig;
        for (int p = 0; p < MP; p++) cur[d + 1][p] = cur[d][p] + P->u[d][k][p], low[d + 1][p] = low[d][p] + P->u[d][k][p];
        for (int ci = P->chk_start[d]; ci < P->chk_start[d + 1] && ok; ci++) {
            const chk *h = &P->chks[ci];
            if (h->other < c->start) { /* the other end lies outside: anything may happen */
                int j = 0;
                while (j < c->ntrack && c->track[j] != ci) j++;
                if (j < c->ntrack) {
                    if (o == h->this_opt) sg |= 1 << j;
                } else if (h->kind == CHK_BONUS && o == h->this_opt)
                    for (int p = 0; p < MP; p++)
                        h->delta[p] > 0 ? (cur[d + 1][p] += h->delta[p]) : (low[d + 1][p] += h->delta[p]);
                continue;
            }
            int other = x[h->other] == h->other_opt;
            if (h->kind == CHK_REQ_IF) ok = !(o == h->this_opt && !other);
            else if (h->kind == CHK_REQ_THEN) ok = !(o != h->this_opt && other);
            else if (o == h->this_opt && other)
                for (int p = 0; p < MP; p++) cur[d + 1][p] += h->delta[p], low[d + 1][p] += h->delta[p];
        }
        if (!ok) continue;
        x[d] = o;
        comp_enum(P, c, d + 1, sg, x, cur, low, buf, grp, nbuf);
    }
}

/* Cuts each component into chunks of at most joint_max(n) combinations and bounds each
 * chunk of two or more issues jointly. */
static int prep_components(prep *P, arena *ar)
{
    int64_t (*buf)[MP] = NULL;
    int *grp = NULL;
    int *x = arena_alloc(ar, sizeof *x * ((size_t)P->n + 1));
    int64_t (*cur)[MP] = arena_alloc(ar, sizeof *cur * ((size_t)P->n + 2));
    int64_t (*low)[MP] = arena_alloc(ar, sizeof *low * ((size_t)P->n + 2));
    struct comp *chunks = arena_alloc(ar, sizeof *chunks * ((size_t)P->n + 1));
    if (!x || !cur || !low || !chunks) return TRUCE_ENOMEM;
    /* Where to cut: fewest links across the cuts (each is bounded at its most until its earlier
     * end is set), then fewest chunks; cost[i], cuts[i] for the depths before i, from[i] the
     * last cut. */
    int nch = 0, *cost = arena_alloc(ar, sizeof *cost * ((size_t)P->n + 1) * 3);
    if (!cost) return TRUCE_ENOMEM;
    int *cuts = cost + P->n + 1, *from = cuts + P->n + 1;
    for (int ci = 0; ci < P->ncomp; ci++) {
        const struct comp *c = &P->comps[ci];
        cost[c->start] = cuts[c->start] = 0;
        for (int i = c->start + 1; i <= c->end; i++) {
            double combos = 1;
            cost[i] = INT32_MAX;
            for (int j = i - 1; j >= c->start; j--) {
                combos *= P->nopt[j];
                if (combos > joint_max(P->n) && j < i - 1) break;
                int across = 0;
                if (j > c->start)
                    for (int h = P->chk_start[j]; h < P->chk_start[c->end]; h++) across += P->chks[h].other < j;
                if (cost[j] + across < cost[i] || (cost[j] + across == cost[i] && cuts[j] + 1 < cuts[i]))
                    cost[i] = cost[j] + across, cuts[i] = cuts[j] + 1, from[i] = j;
            }
        }
        nch += cuts[c->end];
        for (int i = c->end, k = nch - 1; i > c->start; i = from[i], k--) {
            memset(&chunks[k], 0, sizeof chunks[k]);
            chunks[k].start = from[i];
            chunks[k].end = i;
        }
    }
    P->comps = chunks;
    P->ncomp = nch;
    for (int ci = 0; ci < nch; ci++) {
        struct comp *c = &chunks[ci];
        for (int d = c->start; d < c->end; d++) P->comp_of[d] = ci;
        if (c->end - c->start < 2) continue;
        if (!buf && (!(buf = arena_alloc(ar, sizeof *buf * (size_t)joint_max(P->n))) ||
                     !(grp = arena_alloc(ar, sizeof *grp * (size_t)joint_max(P->n)))))
            return TRUCE_ENOMEM;
        for (int h = P->chk_start[c->start]; h < P->chk_start[c->end] && c->ntrack < P->track; h++)
            if (P->chks[h].other < c->start) c->track[c->ntrack++] = h;
        int nbuf = 0;
        memset(cur[c->start], 0, sizeof cur[0]);
        memset(low[c->start], 0, sizeof low[0]);
        for (int p = 0; p < MP; p++) c->min[p] = INT64_MAX;
        comp_enum(P, c, c->start, 0, x, cur, low, buf, grp, &nbuf);
        c->joint = 1;
        c->nvec = nbuf;
        if (!nbuf) {
            P->empty = 1; /* its links cannot all hold */
            for (int p = 0; p < MP; p++) c->min[p] = 0;
        }
        c->vec = arena_alloc(ar, sizeof *c->vec * (size_t)(nbuf ? nbuf : 1));
        if (!c->vec) return TRUCE_ENOMEM;
        /* by signature */
        int ns = 1 << c->ntrack, m = 0;
        for (int sg = 0; sg < ns; sg++) {
            c->gstart[sg] = m;
            for (int i = 0; i < nbuf; i++)
                if (grp[i] == sg) memcpy(c->vec[m++], buf[i], sizeof buf[0]);
            for (int p = 0; p < MP; p++) {
                c->up[sg][p] = 0;
                for (int j = 0; j < c->ntrack; j++) {
                    const chk *h = &P->chks[c->track[j]];
                    if ((sg >> j) & 1 && h->kind == CHK_BONUS && h->delta[p] > 0) c->up[sg][p] += h->delta[p];
                }
            }
        }
        c->gstart[ns] = m;
    }
    return 0;
}

/* Lists, for each depth d1, the parts of the suffix whose bound a link from before d1 changes
 * once its earlier end is set (cond_adjust): an issue bounded alone, or a chunk through one of
 * its tracked links. */
static int prep_conds(prep *P, arena *ar)
{
    int n = P->n, total = 0;
    int *seen = arena_alloc(ar, sizeof *seen * ((size_t)n + (size_t)P->ncomp));
    P->cond_start = arena_alloc(ar, sizeof *P->cond_start * ((size_t)n + 2));
    P->sbase = arena_alloc(ar, sizeof *P->sbase * ((size_t)n + 1));
    P->nstate_at = arena_alloc(ar, sizeof *P->nstate_at * ((size_t)n + 1));
    if (!seen || !P->cond_start || !P->sbase || !P->nstate_at) return TRUCE_ENOMEM;
    P->nstate = 0;
    for (int d = 0; d < n; d++) {
        int m = P->chk_start[d + 1] - P->chk_start[d];
        P->nstate_at[d] = m ? pow3(m < MED_TRACK ? m : MED_TRACK) : 0;
        P->sbase[d] = m ? P->nstate : -1;
        P->nstate += P->nstate_at[d];
    }
    for (int c = 0; c < P->ncomp; c++) {
        P->comps[c].sbase = P->nstate;
        P->nstate += P->comps[c].ntrack ? pow3(P->comps[c].ntrack) : 0;
    }
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && !(P->conds = arena_alloc(ar, sizeof *P->conds * (size_t)(total ? total : 1))))
            return TRUCE_ENOMEM;
        total = 0;
        memset(seen, 0, sizeof *seen * ((size_t)n + (size_t)P->ncomp));
        for (int d1 = 0; d1 <= n; d1++) {
            P->cond_start[d1] = total;
            for (int c = P->chk_start[d1]; c < P->chk_start[n]; c++) {
                const chk *h = &P->chks[c];
                if (h->other >= d1) continue;
                int b = d1; /* the depth of the check */
                while (P->chk_start[b + 1] <= c) b++;
                int ch = P->comp_of[b], unit = b, slot = b;
                const struct comp *cp = &P->comps[ch];
                if (cp->joint && cp->start >= d1) {
                    int j = 0;
                    while (j < cp->ntrack && cp->track[j] != c) j++;
                    if (j == cp->ntrack) continue; /* counted at its most */
                    unit = -1 - ch, slot = n + ch;
                } else if (c - P->chk_start[b] >= MED_TRACK) continue;
                if (seen[slot] == d1 + 1) continue;
                seen[slot] = d1 + 1;
                if (pass) P->conds[total] = unit;
                total++;
            }
        }
        P->cond_start[n + 1] = total;
    }
    return 0;
}

