/* internal.h: the layout of a compiled kernel, shared by compile.c (which builds it) and eval.c
 * (which reads it). Not part of any interface: nothing outside src/kernel includes this.
 * The geometry is transformed per cell entry so that every edge test is "a ray to the east"
 * (see compile.c for why this is exact). */
#ifndef TRUCE_KERNEL_INTERNAL_H
#define TRUCE_KERNEL_INTERNAL_H

#include <math.h>

#include "kernel/kernel.h"

/* A candidate edge, already in the entry's ray frame (see kentry.dir). */
typedef struct kedge {
    double ax, ay, bx, by;
} kedge;

/* The candidate edges of one part of one zone in one cell, and the parity of the crossings of the
 * ray by the edges that are not candidates (the same for every point of the cell). */
typedef struct kgroup {
    uint32_t first, n;
    uint32_t parity;
} kgroup;

enum { KDIR_E, KDIR_W, KDIR_N, KDIR_S };      /* ray direction: frame (x,y) (-x,y) (y,x) (-y,x) */
enum { KENTRY_INSIDE = 1, KENTRY_TEST = 2 }; /* a zone absent from a cell is outside there */

/* What a zone is in a cell. INSIDE: every point (within the zone's stored box when check_bbox).
 * TEST: the groups decide (within the box when check_bbox). */
typedef struct kentry {
    uint32_t zone;
    uint8_t kind, dir, check_bbox, pad;
    uint32_t first_group, n_groups;
} kentry;

/* The content of a cell: its zones (sorted by zone), a mask of bit (zone & 63) of each, and of
 * those zones that hold every point of the cell (INSIDE without a box check). */
typedef struct kcell {
    uint64_t mask, inside;
    uint32_t first, n;
} kcell;

/* The bounding box geo_contains checks first (has_bbox as geo_contains decides it). */
typedef struct kzone {
    double minlon, minlat, maxlon, maxlat;
    int has_bbox;
} kzone;

/* Rules active between two consecutive breakpoints of one party. */
typedef struct kseg {
    uint64_t mask; /* bit (zone & 63) of each rule's zone */
    uint32_t first, n; /* into seg_rules / seg_zones */
} kseg;

#define KT 16

typedef struct kparty {
    uint64_t mask;     /* the union of its segments' masks: a cell without these zones needs no time search */
    uint32_t first, n; /* breakpoints bps[first .. first+n); segment i is [bps[first+i], bps[first+i+1]) */
} kparty;

struct kernel {
    const truce_allocator *alloc;
    /* grid */
    double gx0, gy0, gx1, gy1, cw, ch, inv_cw, inv_ch;
    uint32_t cols, rows;
    uint32_t *cells;   /* cols*rows indices into kinds, or NULL when cells16 holds them */
    uint16_t *cells16; /* the same in half the memory, when there are at most 65536 kinds */
    kcell *kinds;
    uint64_t *kmask;   /* kinds[i].mask, packed for the batch's first pass */
    kentry *entries;
    kgroup *groups;
    kedge *edges;
    size_t nkinds, nentries, ngroups, nedges;
    kzone *zones;
    size_t nzones;
    /* time index */
    kparty *parties;
    size_t nparties;
    int64_t *bps;
    kseg *segs;     /* parallel to bps */
    uint32_t *seg_rules, *seg_zones;
    size_t nbps, nseg_rules;
    /* The batch's first pass (eval.c), built when no party has more than KT breakpoints (else
     * NULL): kt, the most breakpoints of a party rounded up to 4, 8 or 16; per party its
     * breakpoints padded to kt with INT64_MAX (tbp), and the mask of the rules active once c of
     * them are at or before t, c = 0..kt (tmask; 0 before the first and from the last on). */
    uint32_t kt;
    int64_t *tbp;
    uint64_t *tmask;
    size_t nrules;
    size_t boundary_cells;
};

/* The point-on-segment test of geo_contains (src/geo/contains.c), the same arithmetic. It is
 * symmetric under swapping x and y and under negating x, which is what lets the kernel turn
 * every ray to the east. */
static inline int kernel_on_segment(double ax, double ay, double bx, double by, double px, double py)
{
    double dx = bx - ax, dy = by - ay;
    /* fmin/fmax there; the same values here for the finite numbers the kernel holds, without a
     * libm call (compilers may not inline fmin because of NaN) */
    double x0 = ax < bx ? ax : bx, x1 = ax < bx ? bx : ax, y0 = ay < by ? ay : by, y1 = ay < by ? by : ay;
    if (px < x0 - 1e-12 || px > x1 + 1e-12 || py < y0 - 1e-12 || py > y1 + 1e-12) return 0;
    double cross = dx * (py - ay) - dy * (px - ax);
    double adx = fabs(dx), ady = fabs(dy), len = adx > ady ? adx : ady; /* fmax without the libm call */
    return fabs(cross) <= 1e-11 * (len > 0 ? len : 1);
}

/* 1 when the ray from p to +x crosses edge a-b (half-open in y), as geo_contains computes it. */
static inline int kernel_crosses(double ax, double ay, double bx, double by, double px, double py)
{
    if ((ay > py) != (by > py)) {
        double x = ax + (py - ay) / (by - ay) * (bx - ax);
        return px < x;
    }
    return 0;
}

/* The index of the grid cell of (x, y), a point on the grid (gx0 <= x <= gx1, likewise y): the
 * far edges belong to the last column and row. */
static inline size_t kernel_cell_index(const kernel *k, double x, double y)
{
    uint32_t cx = (uint32_t)((x - k->gx0) * k->inv_cw), cy = (uint32_t)((y - k->gy0) * k->inv_ch);
    cx = cx < k->cols ? cx : k->cols - 1;
    cy = cy < k->rows ? cy : k->rows - 1;
    return (size_t)cy * k->cols + cx;
}

/* The kind of cell idx. */
static inline uint32_t kernel_cell_kind(const kernel *k, size_t idx)
{
    return k->cells16 ? k->cells16[idx] : k->cells[idx];
}

#endif
