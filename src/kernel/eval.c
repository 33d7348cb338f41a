/* eval.c: judging reports against a compiled kernel: the grid cell by two multiplications, the
 * party's time segment (binary search for one report; counting breakpoints, without branches, in
 * a batch), then per active rule its zone's entry in that cell (inside, or a few edges tested with
 * geo_contains' own arithmetic). No allocation, no locks, no writes outside the caller's buffer.
 * Not the compiler (compile.c) nor the reference (reference.c). */
#include "kernel/internal.h"

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* The test of a TEST or box-checked INSIDE entry at point (x, y). */
static int entry_test(const kernel *k, const kentry *e, double x, double y)
{
    if (e->check_bbox) {
        const kzone *z = &k->zones[e->zone];
        if (x < z->minlon || x > z->maxlon || y < z->minlat || y > z->maxlat) return 0;
    }
    if (e->kind == KENTRY_INSIDE) return 1;
    double px, py;
    switch (e->dir) {
    case KDIR_E: px = x, py = y; break;
    case KDIR_W: px = -x, py = y; break;
    case KDIR_N: px = y, py = x; break;
    default: px = -y, py = x; break;
    }
    const kgroup *g = &k->groups[e->first_group], *gend = g + e->n_groups;
    for (; g < gend; g++) {
        uint32_t par = g->parity;
        const kedge *ed = &k->edges[g->first], *eend = ed + g->n;
        for (; ed < eend; ed++) {
            if (kernel_on_segment(ed->ax, ed->ay, ed->bx, ed->by, px, py)) return 1;
            par ^= (uint32_t)kernel_crosses(ed->ax, ed->ay, ed->bx, ed->by, px, py);
        }
        if (par) return 1;
    }
    return 0;
}

/* The entry of zone z in cell c, or NULL (the zone is outside the whole cell). */
static inline const kentry *find_entry(const kernel *k, const kcell *c, uint32_t z)
{
    const kentry *e = k->entries + c->first, *end = e + c->n;
    for (; e < end; e++)
        if (e->zone == z) return e;
    return NULL;
}

/* The segment of party pp that holds time t, or NULL (no rule of the party is active then). */
static inline const kseg *find_segment(const kernel *k, const kparty *pp, int64_t t)
{
    const int64_t *bp = k->bps + pp->first;
    uint32_t n = pp->n;
    if (n < 2 || t < bp[0] || t >= bp[n - 1]) return NULL;
    uint32_t lo = 0, hi = n - 1; /* bp[lo] <= t < bp[hi] */
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (bp[mid] <= t) lo = mid;
        else hi = mid;
    }
    return &k->segs[pp->first + lo];
}

/* The rules of segment s broken by a report at (x, y) in a cell of kind c, given m: the zones of
 * s that reach the cell (not 0). */
static inline size_t judge_in_cell(const kernel *k, const kcell *c, const kseg *s, uint64_t m, double x,
                                   double y, uint32_t *out, size_t cap)
{
    const uint32_t *zs = k->seg_zones + s->first, *rs = k->seg_rules + s->first;
    size_t n = 0;
    int small = k->nzones <= 64; /* then the bits are exact and c->inside is exact */
    if (small && !(m & ~c->inside) && s->n <= cap) {
        /* every zone the active rules name here holds the whole cell: a rule is broken when its
         * zone's bit is in m; written without a branch per rule */
        for (uint32_t i = 0; i < s->n; i++) {
            out[n] = rs[i];
            n += (m >> (zs[i] & 63)) & 1;
        }
        return n;
    }
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t z = zs[i];
        uint64_t bit = (uint64_t)1 << (z & 63);
        int hit;
        if (!(m & bit)) continue;
        if (small && (c->inside & bit)) hit = 1;
        else {
            const kentry *e = find_entry(k, c, z);
            hit = e && ((e->kind == KENTRY_INSIDE && !e->check_bbox) || entry_test(k, e, x, y));
        }
        if (hit) {
            if (n < cap) out[n] = rs[i];
            n++;
        }
    }
    return n;
}

size_t kernel_eval(const kernel *k, const kernel_report *r, uint32_t *out, size_t cap)
{
    double x = r->lon, y = r->lat;
    if (!(x >= k->gx0 && x <= k->gx1 && y >= k->gy0 && y <= k->gy1)) return 0; /* NaN too */
    if (r->party < 0 || (size_t)r->party >= k->nparties) return 0;
    const kcell *c = &k->kinds[kernel_cell_kind(k, kernel_cell_index(k, x, y))];
    const kparty *pp = &k->parties[r->party];
    /* Most reports stop here: none of the party's zones reaches the cell (bits are zone & 63, so
     * with more than 64 zones the masks are a necessary condition, never a wrong exclusion). */
    uint64_t m = c->mask & pp->mask;
    if (!m) return 0;
    const kseg *s = find_segment(k, pp, r->t);
    if (!s) return 0;
    m &= s->mask;
    if (!m) return 0;
    return judge_in_cell(k, c, s, m, x, y, out, cap);
}

/* The batch works in chunks: a first pass over a chunk finds, without a data-dependent branch,
 * the few reports that may break a rule, so the loads of many reports overlap and no mispredicted
 * branch throws that work away; the second pass judges only those. The chunk's list stays in L1. */
#define CHUNK 256

typedef struct candidate {
    uint64_t m;     /* zones that reach the cell under rules active at the report's time */
    uint32_t kind;  /* the cell's kind */
    uint32_t seg;   /* index into k->segs */
    uint32_t i;     /* the report, within the chunk */
} candidate;

/* Fills *cd for report r; returns whether it needs the second pass. Reports off the grid or of an
 * unknown party look up a valid cell and party, then their mask is cleared. Needs k->tbp and a
 * grid of at least one cell. */
static ALWAYS_INLINE int first_pass(const kernel *k, const kernel_report *r, candidate *cd, uint32_t kt)
{
    double x = r->lon, y = r->lat;
    int ok = (x >= k->gx0) & (x <= k->gx1) & (y >= k->gy0) & (y <= k->gy1) & (r->party >= 0) &
             ((size_t)r->party < k->nparties); /* NaN fails the comparisons */
    /* kernel_cell_index written out: through the helper this pass measured 7% slower (gcc 12) */
    double xs = ok ? x : k->gx0, ys = ok ? y : k->gy0;
    uint32_t cx = (uint32_t)((xs - k->gx0) * k->inv_cw), cy = (uint32_t)((ys - k->gy0) * k->inv_ch);
    cx = cx < k->cols ? cx : k->cols - 1;
    cy = cy < k->rows ? cy : k->rows - 1;
    size_t p = ok ? (size_t)r->party : 0;
    /* the count of the party's breakpoints at or before t: kt independent compares, no search */
    const int64_t *tb = k->tbp + p * kt;
    int64_t t = r->t;
    uint32_t n = 0;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 16
#elif defined(__clang__)
#pragma unroll
#endif
    for (uint32_t j = 0; j < kt; j++) n += tb[j] <= t;
    uint32_t kind = kernel_cell_kind(k, (size_t)cy * k->cols + cx);
    uint64_t m = k->kmask[kind] & k->tmask[p * (kt + 1) + n] & (0 - (uint64_t)ok);
    cd->m = m, cd->kind = kind;
    cd->seg = k->parties[p].first + n - 1; /* meaningful only when m != 0, so 1 <= n < the count */
    return m != 0;
}

/* The plain loop, for kernels without the first pass's time table. */
#define AHEAD 16 /* reports ahead it asks for grid cells (measured flat between 8 and 32) */
static size_t eval_batch_plain(const kernel *k, const kernel_report *r, size_t n, kernel_hit_fn fn, void *user)
{
    uint32_t out[KERNEL_BATCH_RULES];
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + AHEAD < n) {
            const kernel_report *a = &r[i + AHEAD];
            if (a->lon >= k->gx0 && a->lon <= k->gx1 && a->lat >= k->gy0 && a->lat <= k->gy1) {
                size_t idx = kernel_cell_index(k, a->lon, a->lat);
                __builtin_prefetch(k->cells16 ? (const void *)&k->cells16[idx] : (const void *)&k->cells[idx]);
            }
        }
        size_t m = kernel_eval(k, &r[i], out, KERNEL_BATCH_RULES);
        if (m) {
            total += m;
            if (fn) fn(user, i, out, m);
        }
    }
    return total;
}

/* The first pass over one chunk: fills cand, returns how many. kt is a constant in each call below,
 * so each copy has its compare loop unrolled. */
static ALWAYS_INLINE size_t first_pass_chunk(const kernel *k, const kernel_report *r, size_t len, candidate *cand,
                                             uint32_t kt)
{
    size_t nc = 0;
    for (size_t i = 0; i < len; i++) {
        cand[nc].i = (uint32_t)i;
        nc += (size_t)first_pass(k, &r[i], &cand[nc], kt); /* written always, kept if needed */
    }
    return nc;
}

size_t kernel_eval_batch(const kernel *k, const kernel_report *r, size_t n, kernel_hit_fn fn, void *user)
{
    if (!k->cols || !k->rows || !k->nparties) return 0; /* no zone on the grid or no rule: nothing breaks */
    if (!k->tbp) return eval_batch_plain(k, r, n, fn, user);
    uint32_t out[KERNEL_BATCH_RULES];
    candidate cand[CHUNK];
    size_t total = 0;
    for (size_t base = 0; base < n; base += CHUNK) {
        size_t len = n - base < CHUNK ? n - base : CHUNK, nc;
        switch (k->kt) {
        case 4: nc = first_pass_chunk(k, r + base, len, cand, 4); break;
        case 8: nc = first_pass_chunk(k, r + base, len, cand, 8); break;
        default: nc = first_pass_chunk(k, r + base, len, cand, KT); break;
        }
        for (size_t j = 0; j < nc; j++) {
            const candidate *cd = &cand[j];
            const kernel_report *rp = &r[base + cd->i];
            size_t m = judge_in_cell(k, &k->kinds[cd->kind], &k->segs[cd->seg], cd->m, rp->lon, rp->lat, out,
                                     KERNEL_BATCH_RULES);
            if (m) {
                total += m;
                if (fn) fn(user, base + cd->i, out, m);
            }
        }
    }
    return total;
}
