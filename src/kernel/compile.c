/* compile.c: builds a kernel from zones and rules: a uniform grid over the zones whose cells say,
 * per zone, "inside", "outside" (absent) or "test these few edges", and per party a sorted list of
 * time breakpoints with the rules active between each two. Compile time and memory are not tuned
 * beyond "fast enough for thousands of zones"; evaluation is (eval.c).
 *
 * Why the cell tests agree exactly with geo_contains. geo_contains(p) is 1 when p is within its
 * on-segment tolerance (about 1e-11 degrees) of an edge; otherwise every crossing test it makes is
 * decided by more than its rounding error, so it returns the exact even-odd parity of p, which is
 * the same for a ray in any direction. A cell of the grid grown by MARGIN (1e-9 degrees, far above
 * both tolerance and rounding) meets some edges: those are the candidates, tested with the same
 * on-segment arithmetic. Every other edge either cannot cross the chosen ray from any point of the
 * cell, crosses it for every point (counted once into the group's parity), or is added to the
 * candidates (a "partial" edge). For each (cell, zone) the kernel picks the ray direction (east,
 * west, north, south) with the fewest edges to test. Cells no edge meets are wholly inside or
 * wholly outside, decided at their centre. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/internal.h"
#include "util/alloc.h"

#define MARGIN 1e-9       /* degrees: cells are grown by this much when looking for edges */
#define PAD 1e-7          /* degrees added around the zones' extent */
#define AUTO_CELLS 131072 /* cells the automatic size aims at; measured in bench/corridor/README.md */
#define MAX_CELLS (1u << 24)

/* ---- growable arrays on the caller's allocator ---- */

typedef struct kbuf {
    void *p;
    size_t n, cap, isz;
} kbuf;

static void *kbuf_push(const truce_allocator *a, kbuf *b)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        void *p = alloc_grow(a, b->p, b->cap * b->isz, cap * b->isz);
        if (!p) return NULL;
        b->p = p, b->cap = cap;
    }
    void *item = (char *)b->p + b->n++ * b->isz;
    memset(item, 0, b->isz);
    return item;
}

static void kbuf_free(const truce_allocator *a, kbuf *b)
{
    alloc_free(a, b->p, b->cap * b->isz);
    b->p = NULL, b->n = b->cap = 0;
}

/* ---- input edges ---- */

typedef struct cedge {
    double ax, ay, bx, by;
    uint32_t part;
} cedge;

typedef struct czone {
    size_t first, n; /* edges */
    uint32_t parts;
    double x0, y0, x1, y1; /* extent of its vertices */
} czone;

/* A cell-to-edge pairing found by rasterizing the edges. */
typedef struct tup {
    uint32_t cell, zone, edge;
} tup;

static int tup_cmp(const void *pa, const void *pb)
{
    const tup *a = pa, *b = pb;
    if (a->cell != b->cell) return a->cell < b->cell ? -1 : 1;
    if (a->zone != b->zone) return a->zone < b->zone ? -1 : 1;
    return a->edge < b->edge ? -1 : a->edge > b->edge;
}

/* The range [*lo, *hi] of u over the part of segment (au,av)-(bu,bv) where v is in [s0, s1].
 * 0 when the segment does not reach that band. */
static int clip_range(double au, double av, double bu, double bv, double s0, double s1, double *lo, double *hi)
{
    if (fmax(av, bv) < s0 || fmin(av, bv) > s1) return 0;
    if (av == bv) {
        *lo = fmin(au, bu), *hi = fmax(au, bu);
        return 1;
    }
    double ta = (s0 - av) / (bv - av), tb = (s1 - av) / (bv - av);
    double t0 = fmax(0, fmin(ta, tb)), t1 = fmin(1, fmax(ta, tb));
    if (t0 > t1) t0 = t1 = fmin(1, fmax(0, t0)); /* touches only by rounding */
    double u0 = t0 <= 0 ? au : t0 >= 1 ? bu : au + t0 * (bu - au);
    double u1 = t1 <= 0 ? au : t1 >= 1 ? bu : au + t1 * (bu - au);
    *lo = fmin(u0, u1), *hi = fmax(u0, u1);
    return 1;
}

enum { C_NONE, C_TOGGLE, C_PARTIAL };

/* How an edge that does not meet the grown cell [x0,x1]x[y0,y1] acts on a ray from any point of
 * the cell in each direction (KDIR_*): never crosses, always crosses, or must be tested. */
static void classify(const cedge *e, double x0, double y0, double x1, double y1, int res[4])
{
    const double m = MARGIN;
    double lo, hi;
    res[0] = res[1] = res[2] = res[3] = C_NONE;
    if (clip_range(e->ax, e->ay, e->bx, e->by, y0 - m, y1 + m, &lo, &hi)) {
        int span = fmin(e->ay, e->by) < y0 - m && fmax(e->ay, e->by) > y1 + m;
        if (lo > x1 + m / 2) res[KDIR_E] = span ? C_TOGGLE : C_PARTIAL;
        else if (hi < x0 - m / 2) res[KDIR_W] = span ? C_TOGGLE : C_PARTIAL;
        else res[KDIR_E] = res[KDIR_W] = C_PARTIAL; /* not expected; testing is always safe */
    }
    if (clip_range(e->ay, e->ax, e->by, e->bx, x0 - m, x1 + m, &lo, &hi)) {
        int span = fmin(e->ax, e->bx) < x0 - m && fmax(e->ax, e->bx) > x1 + m;
        if (lo > y1 + m / 2) res[KDIR_N] = span ? C_TOGGLE : C_PARTIAL;
        else if (hi < y0 - m / 2) res[KDIR_S] = span ? C_TOGGLE : C_PARTIAL;
        else res[KDIR_N] = res[KDIR_S] = C_PARTIAL;
    }
}

/* Even-odd over the parts of zone z at p, ray to the east; exact when p is far from every edge
 * (used for cell centres no edge comes near). */
static int pure_inside(const cedge *edges, const czone *z, double px, double py)
{
    int inside = 0;
    uint32_t part = 0;
    for (size_t i = z->first; i < z->first + z->n; i++) {
        const cedge *e = &edges[i];
        if (e->part != part) {
            if (inside) return 1;
            part = e->part;
        }
        if (kernel_crosses(e->ax, e->ay, e->bx, e->by, px, py)) inside = !inside;
    }
    return inside;
}

/* ---- building ---- */

typedef struct builder {
    const truce_allocator *a;
    kernel *k;
    const cedge *edges;
    const czone *zones;
    kbuf kinds, entries, groups, kedges;
    uint8_t *par;  /* 4 * max parts: parity per direction and part */
    uint32_t *cnt; /* max parts: edges to test per part */
    size_t maxparts;
    /* sharing of cells whose entries have no groups */
    uint32_t *hash;
    size_t hcap, hn;
} builder;

static uint64_t entries_hash(const kentry *e, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ e[i].zone) * 1099511628211u;
        h = (h ^ (uint64_t)(e[i].kind * 4 + e[i].check_bbox)) * 1099511628211u;
    }
    return h ^ (h >> 29);
}

static int same_entries(const kentry *a, const kentry *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].zone != b[i].zone || a[i].kind != b[i].kind || a[i].check_bbox != b[i].check_bbox) return 0;
    return 1;
}

/* Finds or adds a shared kind for the last n entries (which have no groups). Returns the kind or
 * -1 when out of memory; on a hit the entries are dropped again. */
static int64_t share_kind(builder *b, size_t first, size_t n, uint64_t mask, uint64_t inside)
{
    if (b->hn * 2 >= b->hcap) {
        size_t cap = b->hcap ? b->hcap * 2 : 1024;
        uint32_t *h = alloc_mem(b->a, cap * sizeof *h);
        if (!h) return -1;
        memset(h, 0xff, cap * sizeof *h);
        for (size_t i = 0; i < b->hcap; i++) {
            if (b->hash[i] == UINT32_MAX) continue;
            const kcell *c = (const kcell *)b->kinds.p + b->hash[i];
            size_t j = entries_hash((const kentry *)b->entries.p + c->first, c->n) & (cap - 1);
            while (h[j] != UINT32_MAX) j = (j + 1) & (cap - 1);
            h[j] = b->hash[i];
        }
        alloc_free(b->a, b->hash, b->hcap * sizeof *b->hash);
        b->hash = h, b->hcap = cap;
    }
    const kentry *mine = (const kentry *)b->entries.p + first;
    size_t j = entries_hash(mine, n) & (b->hcap - 1);
    while (b->hash[j] != UINT32_MAX) {
        const kcell *c = (const kcell *)b->kinds.p + b->hash[j];
        if (c->n == n && same_entries((const kentry *)b->entries.p + c->first, mine, n)) {
            b->entries.n = first;
            return b->hash[j];
        }
        j = (j + 1) & (b->hcap - 1);
    }
    kcell *c = kbuf_push(b->a, &b->kinds);
    if (!c) return -1;
    c->mask = mask, c->inside = inside, c->first = (uint32_t)first, c->n = (uint32_t)n;
    b->hash[j] = (uint32_t)(b->kinds.n - 1);
    b->hn++;
    return (int64_t)(b->kinds.n - 1);
}

static void to_frame(int dir, double x, double y, double *u, double *v)
{
    switch (dir) {
    case KDIR_E: *u = x, *v = y; break;
    case KDIR_W: *u = -x, *v = y; break;
    case KDIR_N: *u = y, *v = x; break;
    default: *u = -y, *v = x; break;
    }
}

/* The entry of zone zi in a boundary cell whose candidate edges are cand[0..nc) (sorted). Sets
 * *made to 0 when the zone turns out to be outside the whole cell. */
static int boundary_entry(builder *b, uint32_t zi, const uint32_t *cand, size_t nc, double x0, double y0,
                          double x1, double y1, kentry *ent, int *made)
{
    const czone *z = &b->zones[zi];
    size_t partial[4] = {0, 0, 0, 0};
    memset(b->par, 0, 4 * z->parts);
    memset(b->cnt, 0, z->parts * sizeof *b->cnt);
    size_t ci = 0;
    for (size_t i = z->first; i < z->first + z->n; i++) {
        if (ci < nc && cand[ci] == i) {
            ci++;
            continue;
        }
        int res[4];
        classify(&b->edges[i], x0, y0, x1, y1, res);
        for (int d = 0; d < 4; d++) {
            if (res[d] == C_PARTIAL) partial[d]++;
            else if (res[d] == C_TOGGLE) b->par[d * z->parts + b->edges[i].part] ^= 1;
        }
    }
    int dir = 0;
    for (int d = 1; d < 4; d++)
        if (partial[d] < partial[dir]) dir = d;
    /* which parts have edges to test in that direction */
    ci = 0;
    for (size_t i = z->first; i < z->first + z->n; i++) {
        int test = 0;
        if (ci < nc && cand[ci] == i) ci++, test = 1;
        else {
            int res[4];
            classify(&b->edges[i], x0, y0, x1, y1, res);
            test = res[dir] == C_PARTIAL;
        }
        if (test) b->cnt[b->edges[i].part]++;
    }
    int base = 0;
    for (uint32_t p = 0; p < z->parts; p++)
        if (b->cnt[p] == 0 && b->par[dir * z->parts + p]) base = 1;
    memset(ent, 0, sizeof *ent);
    ent->zone = zi;
    ent->dir = (uint8_t)dir;
    *made = 1;
    if (base) {
        ent->kind = KENTRY_INSIDE;
        return 0;
    }
    ent->kind = KENTRY_TEST;
    ent->first_group = (uint32_t)b->groups.n;
    ci = 0;
    kgroup *g = NULL;
    uint32_t gpart = UINT32_MAX;
    for (size_t i = z->first; i < z->first + z->n; i++) {
        const cedge *e = &b->edges[i];
        int test = 0;
        if (ci < nc && cand[ci] == i) ci++, test = 1;
        else {
            int res[4];
            classify(e, x0, y0, x1, y1, res);
            test = res[dir] == C_PARTIAL;
        }
        if (!test) continue;
        if (e->part != gpart) {
            g = kbuf_push(b->a, &b->groups);
            if (!g) return TRUCE_ENOMEM;
            g->first = (uint32_t)b->kedges.n;
            g->parity = b->par[dir * z->parts + e->part];
            gpart = e->part;
            ent->n_groups++;
        }
        kedge *ke = kbuf_push(b->a, &b->kedges);
        if (!ke) return TRUCE_ENOMEM;
        to_frame(dir, e->ax, e->ay, &ke->ax, &ke->ay);
        to_frame(dir, e->bx, e->by, &ke->bx, &ke->by);
        g->n++;
    }
    if (ent->n_groups == 0) *made = 0;
    return 0;
}

/* 1 when the stored box of zone z cannot reject any point of the grown cell; -1 when it rejects
 * all of them; 0 when it must be checked. */
static int box_relation(const kzone *z, double x0, double y0, double x1, double y1)
{
    const double m = MARGIN;
    if (!z->has_bbox) return 1;
    if (x0 - m >= z->minlon && x1 + m <= z->maxlon && y0 - m >= z->minlat && y1 + m <= z->maxlat) return 1;
    if (x1 + m < z->minlon || x0 - m > z->maxlon || y1 + m < z->minlat || y0 - m > z->maxlat) return -1;
    return 0;
}

static uint32_t clamp_index(double v, uint32_t n)
{
    if (!(v > 0)) return 0;
    if (v >= (double)n) return n - 1;
    return (uint32_t)v;
}

static int build_grid(builder *b, size_t nedges, double cell_deg)
{
    kernel *k = b->k;
    const truce_allocator *a = b->a;
    size_t nz = k->nzones;
    double vx0 = INFINITY, vy0 = INFINITY, vx1 = -INFINITY, vy1 = -INFINITY;
    for (size_t z = 0; z < nz; z++) {
        if (!b->zones[z].n) continue;
        vx0 = fmin(vx0, b->zones[z].x0), vy0 = fmin(vy0, b->zones[z].y0);
        vx1 = fmax(vx1, b->zones[z].x1), vy1 = fmax(vy1, b->zones[z].y1);
    }
    kcell *empty = kbuf_push(a, &b->kinds); /* kind 0: no zone */
    if (!empty) return TRUCE_ENOMEM;
    if (nedges == 0) {
        k->gx0 = k->gy0 = 1, k->gx1 = k->gy1 = 0; /* no point is on the grid */
        return 0;
    }
    k->gx0 = vx0 - PAD, k->gy0 = vy0 - PAD, k->gx1 = vx1 + PAD, k->gy1 = vy1 + PAD;
    double w = k->gx1 - k->gx0, h = k->gy1 - k->gy0;
    double cell = cell_deg > 0 ? cell_deg : sqrt(w * h / AUTO_CELLS);
    double cols, rows;
    for (;;) {
        cols = fmax(1, ceil(w / cell)), rows = fmax(1, ceil(h / cell));
        if (cols <= 65535 && rows <= 65535 && cols * rows <= MAX_CELLS) break;
        cell *= 1.25;
    }
    k->cols = (uint32_t)cols, k->rows = (uint32_t)rows;
    k->cw = w / cols, k->ch = h / rows, k->inv_cw = cols / w, k->inv_ch = rows / h;
    size_t ncells = (size_t)k->cols * k->rows;
    k->cells = alloc_mem(a, ncells * sizeof *k->cells);
    if (!k->cells) return TRUCE_ENOMEM;

    /* rasterize every edge into the cells it may meet */
    kbuf tups = {NULL, 0, 0, sizeof(tup)};
    for (size_t z = 0; z < nz; z++) {
        const czone *cz = &b->zones[z];
        for (size_t i = cz->first; i < cz->first + cz->n; i++) {
            const cedge *e = &b->edges[i];
            uint32_t r0 = clamp_index((fmin(e->ay, e->by) - 2 * MARGIN - k->gy0) * k->inv_ch, k->rows);
            uint32_t r1 = clamp_index((fmax(e->ay, e->by) + 2 * MARGIN - k->gy0) * k->inv_ch, k->rows);
            for (uint32_t r = r0; r <= r1; r++) {
                double lo, hi;
                double s0 = k->gy0 + r * k->ch - MARGIN, s1 = k->gy0 + (r + 1) * k->ch + MARGIN;
                if (!clip_range(e->ax, e->ay, e->bx, e->by, s0, s1, &lo, &hi)) continue;
                uint32_t c0 = clamp_index((lo - 2 * MARGIN - k->gx0) * k->inv_cw, k->cols);
                uint32_t c1 = clamp_index((hi + 2 * MARGIN - k->gx0) * k->inv_cw, k->cols);
                for (uint32_t c = c0; c <= c1; c++) {
                    tup *t = kbuf_push(a, &tups);
                    if (!t) {
                        kbuf_free(a, &tups);
                        return TRUCE_ENOMEM;
                    }
                    t->cell = r * k->cols + c, t->zone = (uint32_t)z, t->edge = (uint32_t)i;
                }
            }
        }
    }
    qsort(tups.p, tups.n, sizeof(tup), tup_cmp);
    const tup *T = tups.p;

    /* per row: each zone's state in each column, then each cell's entries */
    int err = 0;
    uint8_t *state = alloc_mem(a, nz * k->cols); /* 0 out, 1 in, 2 boundary */
    uint32_t *cand = alloc_mem(a, (nedges + 1) * sizeof *cand);
    if (!state || !cand) err = TRUCE_ENOMEM;
    size_t ti = 0;
    for (uint32_t r = 0; r < k->rows && !err; r++) {
        double y0 = k->gy0 + r * k->ch, y1 = k->gy0 + (r + 1) * k->ch, yc = k->gy0 + (r + 0.5) * k->ch;
        size_t row_first = ti;
        uint32_t row_end = (r + 1) * k->cols;
        memset(state, 0, nz * k->cols);
        while (ti < tups.n && T[ti].cell < row_end) {
            state[(size_t)T[ti].zone * k->cols + (T[ti].cell - r * k->cols)] = 2;
            ti++;
        }
        for (size_t z = 0; z < nz; z++) {
            const czone *cz = &b->zones[z];
            if (!cz->n || cz->y1 < y0 - MARGIN || cz->y0 > y1 + MARGIN) continue;
            int cur = -1;
            uint8_t *st = &state[z * k->cols];
            for (uint32_t c = 0; c < k->cols; c++) {
                if (st[c] == 2) {
                    cur = -1;
                    continue;
                }
                double xc = k->gx0 + (c + 0.5) * k->cw;
                if (xc < cz->x0 || xc > cz->x1) {
                    cur = -1; /* outside the extent: outside; recompute past it */
                    continue;
                }
                if (cur < 0) cur = pure_inside(b->edges, cz, xc, yc);
                st[c] = (uint8_t)cur;
            }
        }
        size_t tj = row_first;
        for (uint32_t c = 0; c < k->cols && !err; c++) {
            double x0 = k->gx0 + c * k->cw, x1 = k->gx0 + (c + 1) * k->cw;
            uint32_t idx = r * k->cols + c;
            size_t first = b->entries.n;
            uint64_t mask = 0, inside = 0;
            int has_groups = 0;
            for (size_t z = 0; z < nz && !err; z++) {
                uint8_t s = state[z * k->cols + c];
                if (s == 0) continue;
                int rel = box_relation(&k->zones[z], x0, y0, x1, y1);
                size_t nc = 0;
                if (s == 2) {
                    while (tj < ti && (T[tj].cell < idx || (T[tj].cell == idx && T[tj].zone < z))) tj++;
                    while (tj < ti && T[tj].cell == idx && T[tj].zone == z) cand[nc++] = T[tj++].edge;
                }
                if (rel < 0) continue;
                kentry ent;
                int made = 1;
                if (s == 2) {
                    size_t g0 = b->groups.n, e0 = b->kedges.n;
                    err = boundary_entry(b, (uint32_t)z, cand, nc, x0, y0, x1, y1, &ent, &made);
                    if (err) break;
                    if (!made) {
                        b->groups.n = g0, b->kedges.n = e0;
                        continue;
                    }
                } else {
                    memset(&ent, 0, sizeof ent);
                    ent.zone = (uint32_t)z, ent.kind = KENTRY_INSIDE;
                }
                ent.check_bbox = rel == 0;
                if (ent.kind == KENTRY_TEST) has_groups = 1;
                kentry *pe = kbuf_push(a, &b->entries);
                if (!pe) {
                    err = TRUCE_ENOMEM;
                    break;
                }
                *pe = ent;
                mask |= (uint64_t)1 << (z & 63);
                if (ent.kind == KENTRY_INSIDE && !ent.check_bbox) inside |= (uint64_t)1 << (z & 63);
            }
            if (err) break;
            size_t n = b->entries.n - first;
            if (n == 0) {
                k->cells[idx] = 0;
                continue;
            }
            if (!has_groups) {
                int64_t kind = share_kind(b, first, n, mask, inside);
                if (kind < 0) {
                    err = TRUCE_ENOMEM;
                    break;
                }
                k->cells[idx] = (uint32_t)kind;
                continue;
            }
            kcell *kc = kbuf_push(a, &b->kinds);
            if (!kc) {
                err = TRUCE_ENOMEM;
                break;
            }
            kc->mask = mask, kc->inside = inside, kc->first = (uint32_t)first, kc->n = (uint32_t)n;
            k->cells[idx] = (uint32_t)(b->kinds.n - 1);
            k->boundary_cells++;
        }
    }
    alloc_free(a, state, nz * k->cols);
    alloc_free(a, cand, (nedges + 1) * sizeof *cand);
    kbuf_free(a, &tups);
    if (!err && (b->kinds.n > UINT32_MAX || b->kedges.n > UINT32_MAX || b->groups.n > UINT32_MAX)) err = TRUCE_ENOMEM;
    return err;
}

/* Takes a kbuf's array out of it, trimmed to its length (at least one item) so that kernel_free
 * knows every size. On failure sets *err and leaves the kbuf to be freed. */
static void *trim(const truce_allocator *a, kbuf *b, int *err)
{
    if (*err) return NULL;
    void *p = b->p;
    if (!p || b->cap != b->n) {
        p = alloc_grow(a, b->p, b->cap * b->isz, (b->n ? b->n : 1) * b->isz);
        if (!p) {
            *err = TRUCE_ENOMEM;
            return NULL;
        }
    }
    b->p = NULL, b->cap = 0;
    return p;
}

/* ---- time index ---- */

static int cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

static int build_time(kernel *k, const kernel_rule *rules, size_t nrules)
{
    const truce_allocator *a = k->alloc;
    int maxp = -1;
    for (size_t i = 0; i < nrules; i++)
        if (rules[i].t0 < rules[i].t1 && rules[i].party > maxp) maxp = rules[i].party;
    k->nparties = (size_t)(maxp + 1);
    k->parties = alloc_mem(a, (k->nparties + 1) * sizeof *k->parties);
    k->bps = alloc_mem(a, (2 * nrules + 1) * sizeof *k->bps);
    k->segs = alloc_mem(a, (2 * nrules + 1) * sizeof *k->segs);
    if (!k->parties || !k->bps || !k->segs) return TRUCE_ENOMEM;
    kbuf sr = {NULL, 0, 0, sizeof(uint32_t)}, sz = {NULL, 0, 0, sizeof(uint32_t)};
    size_t nb = 0;
    for (size_t p = 0; p < k->nparties; p++) {
        size_t first = nb;
        for (size_t i = 0; i < nrules; i++) {
            if (rules[i].party != (int)p || rules[i].t0 >= rules[i].t1) continue;
            k->bps[nb++] = rules[i].t0;
            k->bps[nb++] = rules[i].t1;
        }
        qsort(k->bps + first, nb - first, sizeof *k->bps, cmp_i64);
        size_t u = first;
        for (size_t i = first; i < nb; i++)
            if (u == first || k->bps[u - 1] != k->bps[i]) k->bps[u++] = k->bps[i];
        nb = u;
        k->parties[p].first = (uint32_t)first, k->parties[p].n = (uint32_t)(nb - first);
        k->parties[p].mask = 0;
        for (size_t s = first; s < nb; s++) {
            kseg *sg = &k->segs[s];
            memset(sg, 0, sizeof *sg);
            sg->first = (uint32_t)sr.n;
            if (s + 1 == nb) continue; /* the last breakpoint only closes */
            for (size_t i = 0; i < nrules; i++) {
                const kernel_rule *ru = &rules[i];
                if (ru->party != (int)p || ru->t0 > k->bps[s] || ru->t1 < k->bps[s + 1] || ru->t0 >= ru->t1) continue;
                uint32_t *pr = kbuf_push(a, &sr), *pz = kbuf_push(a, &sz);
                if (!pr || !pz) {
                    kbuf_free(a, &sr), kbuf_free(a, &sz);
                    return TRUCE_ENOMEM;
                }
                *pr = (uint32_t)i, *pz = (uint32_t)ru->zone;
                sg->n++;
                sg->mask |= (uint64_t)1 << (ru->zone & 63);
                k->parties[p].mask |= sg->mask;
            }
        }
    }
    k->nbps = nb;
    uint32_t most = 0;
    for (size_t p = 0; p < k->nparties; p++)
        if (k->parties[p].n > most) most = k->parties[p].n;
    if (most <= KT && k->nparties) {
        uint32_t kt = most <= 4 ? 4 : most <= 8 ? 8 : KT;
        k->kt = kt;
        k->tbp = alloc_mem(a, k->nparties * kt * sizeof *k->tbp);
        k->tmask = alloc_mem(a, k->nparties * (kt + 1) * sizeof *k->tmask);
        if (!k->tbp || !k->tmask) {
            kbuf_free(a, &sr), kbuf_free(a, &sz);
            return TRUCE_ENOMEM;
        }
        for (size_t p = 0; p < k->nparties; p++) {
            const kparty *pp = &k->parties[p];
            for (uint32_t j = 0; j < kt; j++) k->tbp[p * kt + j] = j < pp->n ? k->bps[pp->first + j] : INT64_MAX;
            for (uint32_t c = 0; c <= kt; c++)
                k->tmask[p * (kt + 1) + c] = c >= 1 && c + 1 <= pp->n ? k->segs[pp->first + c - 1].mask : 0;
        }
    }
    int err = 0;
    k->nseg_rules = sr.n;
    k->seg_rules = trim(a, &sr, &err);
    k->seg_zones = trim(a, &sz, &err);
    kbuf_free(a, &sr), kbuf_free(a, &sz);
    return err;
}

/* ---- the public calls ---- */

int kernel_compile(const geo_shape *zones, size_t nzones, const kernel_rule *rules, size_t nrules,
                   const kernel_options *opt, kernel **out)
{
    if (!out) return TRUCE_EARG;
    *out = NULL;
    const truce_allocator *a = opt && opt->alloc ? opt->alloc : alloc_default();
    double cell = opt ? opt->cell_deg : 0;
    if (!(cell >= 0) || !isfinite(cell) || (nzones && !zones) || (nrules && !rules) || nzones >= UINT32_MAX ||
        nrules >= UINT32_MAX / 4)
        return TRUCE_EARG;
    for (size_t i = 0; i < nrules; i++)
        if (rules[i].zone >= nzones || rules[i].party < 0 || rules[i].party >= KERNEL_MAX_PARTIES) return TRUCE_EARG;

    kernel *k = alloc_mem(a, sizeof *k);
    if (!k) return TRUCE_ENOMEM;
    memset(k, 0, sizeof *k);
    k->alloc = a;
    k->nzones = nzones;
    k->nrules = nrules;
    builder b = {.a = a, .k = k};
    b.kinds.isz = sizeof(kcell), b.entries.isz = sizeof(kentry), b.groups.isz = sizeof(kgroup);
    b.kedges.isz = sizeof(kedge);
    czone *cz = alloc_mem(a, (nzones + 1) * sizeof *cz);
    k->zones = alloc_mem(a, (nzones + 1) * sizeof *k->zones);
    int err = cz && k->zones ? 0 : TRUCE_ENOMEM;

    /* the zones' edges, as geo_contains walks them: for each ring, (p[n-1],p[0]), (p[0],p[1]), ... */
    size_t nedges = 0;
    for (size_t z = 0; z < nzones && !err; z++) {
        const geo_shape *s = &zones[z];
        kzone *kz = &k->zones[z];
        kz->minlon = s->minlon, kz->minlat = s->minlat, kz->maxlon = s->maxlon, kz->maxlat = s->maxlat;
        kz->has_bbox = s->minlon != 0 || s->maxlon != 0 || s->minlat != 0 || s->maxlat != 0;
        if (s->kind != GEO_POLYGON) continue;
        for (size_t p = 0; p < s->n; p++)
            for (size_t r = 0; r < s->parts[p].n; r++) {
                const geo_ring *ring = &s->parts[p].rings[r];
                for (size_t i = 0; i < ring->n; i++) {
                    geo_pt q = ring->pts[i];
                    if (!(fabs(q.lon) <= 540) || !(fabs(q.lat) <= 90)) err = TRUCE_EGEOMETRY;
                }
                nedges += ring->n;
            }
        if (s->n >= UINT32_MAX) err = TRUCE_EGEOMETRY;
    }
    if (!err && nedges >= UINT32_MAX) err = TRUCE_EGEOMETRY;
    cedge *edges = err ? NULL : alloc_mem(a, (nedges + 1) * sizeof *edges);
    if (!err && !edges) err = TRUCE_ENOMEM;
    size_t maxparts = 1;
    if (!err) {
        size_t ne = 0;
        for (size_t z = 0; z < nzones; z++) {
            const geo_shape *s = &zones[z];
            czone *c = &cz[z];
            memset(c, 0, sizeof *c);
            c->first = ne;
            c->x0 = c->y0 = INFINITY, c->x1 = c->y1 = -INFINITY;
            if (s->kind != GEO_POLYGON) continue;
            c->parts = (uint32_t)s->n;
            if (s->n > maxparts) maxparts = s->n;
            for (size_t p = 0; p < s->n; p++)
                for (size_t r = 0; r < s->parts[p].n; r++) {
                    const geo_ring *ring = &s->parts[p].rings[r];
                    for (size_t i = 0, j = ring->n - 1; i < ring->n; j = i++) {
                        cedge *e = &edges[ne++];
                        e->ax = ring->pts[j].lon, e->ay = ring->pts[j].lat;
                        e->bx = ring->pts[i].lon, e->by = ring->pts[i].lat;
                        e->part = (uint32_t)p;
                        c->x0 = fmin(c->x0, e->bx), c->x1 = fmax(c->x1, e->bx);
                        c->y0 = fmin(c->y0, e->by), c->y1 = fmax(c->y1, e->by);
                    }
                }
            c->n = ne - c->first;
        }
    }
    if (!err) {
        b.edges = edges, b.zones = cz, b.maxparts = maxparts;
        b.par = alloc_mem(a, 4 * maxparts);
        b.cnt = alloc_mem(a, maxparts * sizeof *b.cnt);
        err = b.par && b.cnt ? 0 : TRUCE_ENOMEM;
    }
    if (!err) err = build_time(k, rules, nrules);
    if (!err) err = build_grid(&b, nedges, cell);
    if (!err) {
        k->nkinds = b.kinds.n, k->nentries = b.entries.n, k->ngroups = b.groups.n, k->nedges = b.kedges.n;
        k->kinds = trim(a, &b.kinds, &err);
        k->entries = trim(a, &b.entries, &err);
        k->groups = trim(a, &b.groups, &err);
        k->edges = trim(a, &b.kedges, &err);
    }
    if (!err && k->nkinds) {
        k->kmask = alloc_mem(a, k->nkinds * sizeof *k->kmask);
        if (!k->kmask) err = TRUCE_ENOMEM;
        else
            for (size_t i = 0; i < k->nkinds; i++) k->kmask[i] = k->kinds[i].mask;
    }
    size_t ncells = (size_t)k->cols * k->rows;
    if (!err && k->cells && k->nkinds <= 65536) {
        /* half the bytes a report's lookup drags through the cache */
        k->cells16 = alloc_mem(a, ncells * sizeof *k->cells16);
        if (!k->cells16) err = TRUCE_ENOMEM;
        else {
            for (size_t i = 0; i < ncells; i++) k->cells16[i] = (uint16_t)k->cells[i];
            alloc_free(a, k->cells, ncells * sizeof *k->cells);
            k->cells = NULL;
        }
    }
    kbuf_free(a, &b.kinds), kbuf_free(a, &b.entries), kbuf_free(a, &b.groups), kbuf_free(a, &b.kedges);
    alloc_free(a, b.hash, b.hcap * sizeof *b.hash);
    alloc_free(a, b.par, 4 * maxparts);
    alloc_free(a, b.cnt, maxparts * sizeof *b.cnt);
    alloc_free(a, edges, (nedges + 1) * sizeof *edges);
    alloc_free(a, cz, (nzones + 1) * sizeof *cz);
    if (err) {
        kernel_free(k);
        return err;
    }
    *out = k;
    return 0;
}

void kernel_free(kernel *k)
{
    if (!k) return;
    const truce_allocator *a = k->alloc;
    if (k->cells) alloc_free(a, k->cells, (size_t)k->cols * k->rows * sizeof *k->cells);
    if (k->cells16) alloc_free(a, k->cells16, (size_t)k->cols * k->rows * sizeof *k->cells16);
    alloc_free(a, k->kinds, (k->nkinds ? k->nkinds : 1) * sizeof *k->kinds);
    if (k->kmask) alloc_free(a, k->kmask, k->nkinds * sizeof *k->kmask);
    alloc_free(a, k->entries, (k->nentries ? k->nentries : 1) * sizeof *k->entries);
    alloc_free(a, k->groups, (k->ngroups ? k->ngroups : 1) * sizeof *k->groups);
    alloc_free(a, k->edges, (k->nedges ? k->nedges : 1) * sizeof *k->edges);
    alloc_free(a, k->zones, (k->nzones + 1) * sizeof *k->zones);
    alloc_free(a, k->parties, (k->nparties + 1) * sizeof *k->parties);
    alloc_free(a, k->bps, (2 * k->nrules + 1) * sizeof *k->bps);
    alloc_free(a, k->segs, (2 * k->nrules + 1) * sizeof *k->segs);
    alloc_free(a, k->seg_rules, (k->nseg_rules ? k->nseg_rules : 1) * sizeof *k->seg_rules);
    alloc_free(a, k->seg_zones, (k->nseg_rules ? k->nseg_rules : 1) * sizeof *k->seg_zones);
    if (k->tbp) alloc_free(a, k->tbp, k->nparties * k->kt * sizeof *k->tbp);
    if (k->tmask) alloc_free(a, k->tmask, k->nparties * (k->kt + 1) * sizeof *k->tmask);
    alloc_free(a, k, sizeof *k);
}

void kernel_get_stats(const kernel *k, kernel_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!k) return;
    out->cols = k->cols, out->rows = k->rows;
    out->cell_deg = k->cw;
    out->boundary_cells = k->boundary_cells;
    out->cell_kinds = k->nkinds;
    out->edges = k->nedges;
    out->bytes = sizeof *k + (size_t)k->cols * k->rows * (k->cells16 ? sizeof *k->cells16 : sizeof *k->cells) +
                 k->nkinds * (sizeof *k->kinds + sizeof *k->kmask) +
                 k->nentries * sizeof *k->entries + k->ngroups * sizeof *k->groups + k->nedges * sizeof *k->edges +
                 k->nzones * sizeof *k->zones + k->nbps * (sizeof *k->bps + sizeof *k->segs) +
                 k->nseg_rules * 2 * sizeof(uint32_t) +
                 (k->tbp ? k->nparties * (k->kt * sizeof *k->tbp + (k->kt + 1) * sizeof *k->tmask) : 0);
}
