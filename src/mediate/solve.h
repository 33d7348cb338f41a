/* solve.h: what the exact solvers' files share: the prepared space (prep: issues in search order,
 * options without red lines, exact utilities, suffix bounds, linked groups and their joint
 * bounds) and the search state, with the few inline steps every search takes (assign an option,
 * the reach test, count a node). solve_prep.c builds the prep; solve.c holds the bounds and the
 * optimisers (welfare, ideals, Nash, Kalai-Smorodinsky); solve_enum.c the enumerations (count,
 * Pareto frontier, least concession). Not an API beyond src/mediate. */
#ifndef TRUCE_MEDIATE_SOLVE_H
#define TRUCE_MEDIATE_SOLVE_H

#include <string.h>

#include "mediate/internal.h"

enum { CHK_REQ_IF, CHK_REQ_THEN, CHK_BONUS };
typedef struct chk {
    int kind, other, this_opt, other_opt;
    int64_t delta[MP];
} chk;

enum { PREP_ACCEPT, PREP_CONCEDE };
/* Links into a chunk counted exactly once their earlier end is set. 5, not 4: on 100 x 8 x 4 seed 9
 * a chunk of a 19-issue group has five links from earlier chunks, and the one left untracked (at
 * its most for the whole search) cost KS's ideal searches 115k nodes instead of 500 (114 -> 72 ms);
 * no other seed of 1-40 changed. A chunk's states grow as 3^MED_TRACK, so it stays small. */
#define MED_TRACK 5
enum { ORDER_SPREAD, ORDER_LINKS_FIRST };

typedef struct prep {
    const med_space *s;
    med_fixed f;
    int n, np, nmask, empty;
    int *order;            /* depth -> issue */
    int *depth_of;         /* issue -> depth */
    int *nopt;             /* [d] */
    int (*opt)[MO];        /* [d][k]: original option index */
    int (*cost)[MO];       /* [d][k]: red lines held (PREP_CONCEDE) */
    int64_t (*u)[MO][MP];  /* [d][k][p] */
    int64_t (*ubo)[MO][MP];
    int64_t (*lbo)[MO][MP];
    int64_t *msum;         /* [d * nmask + mask]: max over completions of sum_{p in mask} from d on */
    int64_t (*worst)[MP];  /* [d][p]: min over completions from d on */
    int *mincost;          /* [d] */
    long double *size;     /* [d]: outcomes of the issues from d on */
    int *pending_req;      /* [d]: requires-checks at depth >= d */
    int *chk_start;        /* [d..d+1) */
    chk *chks;
    int64_t r[MP], rsum[1 << MP];
    /* Linked issues form components, placed at consecutive depths. A component small enough is
     * bounded jointly: the non-dominated utility vectors of all its feasible combinations, links
     * and bonuses exact. Depths inside a component fall back to per-issue bounds. A component
     * too big is cut into chunks, each bounded jointly; links into a chunk from earlier depths
     * (the first P->track of them: "tracked") are left out of its vectors, which are kept apart
     * by the links their options meet (the signature, one bit per tracked link: vec[gstart[s] ..
     * gstart[s + 1])), so that a node that has set those links' earlier ends counts them exactly
     * (cond_adjust); up[s] is what they add at most. sbase: its first state value (lam_fill). */
    struct comp {
        int start, end, joint, nvec, ntrack, sbase;
        int64_t (*vec)[MP];
        int64_t min[MP];
        int track[MED_TRACK];   /* check indexes */
        int gstart[(1 << MED_TRACK) + 1];
        int64_t up[1 << MED_TRACK][MP];
    } *comps;
    int ncomp;
    int *comp_of;   /* [d] */
    double *scratch; /* [n+1] */
    /* The parts of the suffix from d1 whose bound depends on options set before d1: links from
     * there into a later issue (bounded alone) or into a tracked link of a later chunk.
     * conds[cond_start[d1] .. cond_start[d1 + 1]): a depth, or -1 - chunk index. A depth with
     * links to earlier ones has nstate_at[d] states, its first at sbase[d] (else -1). */
    int *cond_start, *conds, *sbase, *nstate_at, nstate, track;
} prep;

#define MSUM(P, mask, d) ((P)->msum[(size_t)(d) * (size_t)(P)->nmask + (size_t)(mask)])

static inline int64_t mask_sum(const int64_t *v, int mask, int np)
{
    int64_t t = 0;
    for (int p = 0; p < np; p++)
        if (mask & (1 << p)) t += v[p];
    return t;
}

static inline int pow3(int k) { return k ? 3 * pow3(k - 1) : 1; }

/* Builds P for s, its memory from ar: mode PREP_ACCEPT (red lines out of the domains) or
 * PREP_CONCEDE (kept, with their cost); order_mode ORDER_SPREAD or ORDER_LINKS_FIRST; track: how
 * many links into each chunk to keep apart (MED_TRACK for the searches whose bounds cond_adjust
 * corrects, 0 for the others: keeping the vectors apart only costs them). 0, the space's own
 * validation error, or TRUCE_ENOMEM. */
int solve_prep_build(prep *P, const med_space *s, arena *ar, int mode, int order_mode, int track);

/* Sets x[d]'s utilities into next from cur; 0 when a requires-link is broken. */
static inline int assign(const prep *P, int d, int k, const int *x, const int64_t *cur, int64_t *next)
{
    const int o = P->opt[d][k];
    for (int p = 0; p < MP; p++) next[p] = cur[p] + P->u[d][k][p];
    for (int c = P->chk_start[d], e = P->chk_start[d + 1]; c < e; c++) {
        const chk *h = &P->chks[c];
        int other = x[h->other] == h->other_opt;
        switch (h->kind) {
        case CHK_REQ_IF:
            if (o == h->this_opt && !other) return 0;
            break;
        case CHK_REQ_THEN:
            if (o != h->this_opt && other) return 0;
            break;
        default:
            if (o == h->this_opt && other)
                for (int p = 0; p < MP; p++) next[p] += h->delta[p];
        }
    }
    return 1;
}

/* 0 when no completion from depth d1 on can meet every reservation (each coalition's sum too) */
static inline int reach(const prep *P, int d1, const int64_t *nx)
{
    const int64_t *ms = &MSUM(P, 0, d1);
    int64_t a[1 << MP]; /* a[m]: sum over p in m of nx_p - r_p, each from a smaller mask */
    a[0] = 0;
    for (int m = 1; m < P->nmask; m++) {
        int p = __builtin_ctz((unsigned)m);
        a[m] = a[m & (m - 1)] + nx[p] - P->r[p];
        if (a[m] + ms[m] < 0) return 0;
    }
    return 1;
}

/* ---- the search state ---- */

#define NTAB 40

typedef struct search {
    const prep *P;
    int *x, *bestx;
    int64_t (*cur)[MP];
    long long nodes, limit;
    int hit, have;
    int om;                 /* linear: objective mask */
    int64_t best;           /* linear objective, KS welfare */
    double bestd;           /* Nash product, KS ratio as a double */
    int64_t tnum, tden;     /* KS ratio */
    int64_t R[MP];          /* KS: ideal - reservation */
    double kden[NTAB];      /* KS: lam . R of each table (utility units) */
    double klr[NTAB];       /* lam . r of each table less the objective's own part (linear: c . r) */
    int ntab, tangent;      /* tables in use; Nash: the slot of the incumbent's tangent */
    double lam[NTAB][MP];
    double *tab;            /* [d * NTAB + t]: max over completions from d of lam_t . u (utility
                             * units), the tables of one depth side by side */
    double *sv[NTAB];         /* lam_fill's state values, for cond_adjust */
    int *cst;               /* cond_states' offsets (2 per part: issues and chunks) */
    /* count */
    unsigned __int128 count;
    int overflow;
    long double undecided;
    /* least concession */
    int *c1;                /* [d] red lines held so far */
    int64_t b2;
    int b1;
    /* pareto */
    int cap, nf, full;
    int64_t (*fu)[MP];
    int *fx;
    const int64_t *target;  /* dominance search */
    int *kx, *x2;           /* [n]: heuristics' scratch */
    int64_t (*kid)[MO][MP]; /* [d][k]: children's utilities (KS) */
    int found;              /* KS: the incumbent is an outcome (not a threshold) */
} search;

/* The start of every search: P built for s as solve_prep_build does, then S ready for it (its
 * arrays from ar, the node limit from opt; NULL: the default). 0 or solve_prep_build's errors,
 * TRUCE_ENOMEM. */
int solve_begin(prep *P, search *S, const med_space *s, const med_options *opt, arena *ar, int mode, int order_mode,
                int track);
/* The outcome S found (or none, or the limit hit) into out, in the space's issue order. */
int solve_finish(const prep *P, search *S, arena *ar, med_result *out);

static inline void keep(search *S) { memcpy(S->bestx, S->x, sizeof *S->x * (size_t)S->P->n), S->have = 1; }

static inline int node_start(search *S)
{
    if (S->hit) return 0;
    if (++S->nodes > S->limit) {
        S->hit = 1;
        return 0;
    }
    return 1;
}

#endif
