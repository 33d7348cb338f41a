/* eval.c: judging one report against a compiled kernel: the party's time segment by binary search,
 * the grid cell by two multiplications, then per active rule its zone's entry in that cell
 * (inside, or a few edges tested with geo_contains' own arithmetic). No allocation, no locks, no
 * writes outside the caller's buffer. Not the compiler (compile.c) nor the reference (reference.c). */
#include "kernel/internal.h"

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

static inline size_t eval_one(const kernel *k, const kernel_report *r, uint32_t *out, size_t cap)
{
    double x = r->lon, y = r->lat;
    if (!(x >= k->gx0 && x <= k->gx1 && y >= k->gy0 && y <= k->gy1)) return 0; /* NaN too */
    /* the cell first: its load is the slow part, so it starts before the time search */
    uint32_t cx = (uint32_t)((x - k->gx0) * k->inv_cw), cy = (uint32_t)((y - k->gy0) * k->inv_ch);
    if (cx >= k->cols) cx = k->cols - 1;
    if (cy >= k->rows) cy = k->rows - 1;
    uint32_t kind = k->cells[(size_t)cy * k->cols + cx];
    if (r->party < 0 || (size_t)r->party >= k->nparties) return 0;
    const kparty *pp = &k->parties[r->party];
    const int64_t *bp = k->bps + pp->first;
    int64_t t = r->t;
    if (pp->n < 2 || t < bp[0] || t >= bp[pp->n - 1]) return 0;
    uint32_t lo = 0, hi = pp->n - 1; /* bp[lo] <= t < bp[hi] */
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (bp[mid] <= t) lo = mid;
        else hi = mid;
    }
    const kseg *s = &k->segs[pp->first + lo];
    const kcell *c = &k->kinds[kind];
    if (!(c->mask & s->mask)) return 0;
    const uint32_t *zs = k->seg_zones + s->first, *rs = k->seg_rules + s->first;
    size_t n = 0;
    int small = k->nzones <= 64; /* then c->inside is exact */
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t z = zs[i];
        uint64_t bit = (uint64_t)1 << (z & 63);
        int hit;
        if (!(c->mask & bit)) continue;
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
    return eval_one(k, r, out, cap);
}

/* How many reports ahead kernel_eval_batch asks for grid cells: enough to cover a trip to L3 or
 * memory at ~10-30 ns a report; measured flat between 8 and 32 on the corridor benchmark. */
#define AHEAD 16

size_t kernel_eval_batch(const kernel *k, const kernel_report *r, size_t n, kernel_hit_fn fn, void *user)
{
    uint32_t out[KERNEL_BATCH_RULES];
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + AHEAD < n) {
            const kernel_report *a = &r[i + AHEAD];
            if (a->lon >= k->gx0 && a->lon <= k->gx1 && a->lat >= k->gy0 && a->lat <= k->gy1) {
                uint32_t cx = (uint32_t)((a->lon - k->gx0) * k->inv_cw), cy = (uint32_t)((a->lat - k->gy0) * k->inv_ch);
                if (cx >= k->cols) cx = k->cols - 1;
                if (cy >= k->rows) cy = k->rows - 1;
                __builtin_prefetch(&k->cells[(size_t)cy * k->cols + cx]);
            }
        }
        size_t m = eval_one(k, &r[i], out, KERNEL_BATCH_RULES);
        if (m) {
            total += m;
            if (fn) fn(user, i, out, m);
        }
    }
    return total;
}
