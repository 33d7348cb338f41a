/* kernel.h: the evaluation kernel: zones and "party P must not be in zone Z between T0 and T1"
 * rules compiled into a uniform grid over the zones (each cell: inside, outside, or a few edges
 * to test) and a per-party time index, so that judging one position report is a few loads and
 * allocates nothing. Not the store, not the ingest of report files, not the obligation verdicts:
 * only "which rules does this report break". Depends on geo and util. */
#ifndef TRUCE_KERNEL_KERNEL_H
#define TRUCE_KERNEL_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "geo/geo.h"

/* One rule: reports of party `party` inside zones[zone] (geo_contains: on an edge counts as
 * inside) at a time t with t0 <= t < t1 (UTC seconds) violate it. */
typedef struct kernel_rule {
    int party;    /* 0 <= party < KERNEL_MAX_PARTIES */
    size_t zone;  /* index into the zones given to kernel_compile */
    int64_t t0, t1;
} kernel_rule;

#define KERNEL_MAX_PARTIES 65536

/* One position report. */
typedef struct kernel_report {
    int party;
    int64_t t;
    double lon, lat;
} kernel_report;

typedef struct kernel_options {
    double cell_deg;              /* grid cell side in degrees; 0 chooses (see compile.c) */
    const truce_allocator *alloc; /* NULL for the default */
} kernel_options;

typedef struct kernel kernel;

/* Compiles zones[0..nzones) and rules[0..nrules) into *out. Zones are copied: the shapes need not
 * outlive the kernel. Zones that are not polygons contain nothing. Returns 0, TRUCE_ENOMEM,
 * TRUCE_EARG (a rule naming a zone out of range or a party out of range; opt->cell_deg < 0) or
 * TRUCE_EGEOMETRY (a vertex not finite or outside lon [-540, 540], lat [-90, 90]). */
int kernel_compile(const geo_shape *zones, size_t nzones, const kernel_rule *rules, size_t nrules,
                   const kernel_options *opt, kernel **out);
void kernel_free(kernel *k); /* NULL is a no-op */

/* The rules report r violates, as indices into the compiled rules, in ascending order: the first
 * min(count, cap) are written to out. Returns the count. Agrees exactly with kernel_reference
 * (and so with geo_contains, points on edges and vertices included). Allocates nothing; safe to
 * call from several threads on one kernel. */
size_t kernel_eval(const kernel *k, const kernel_report *r, uint32_t *out, size_t cap);

/* Judges reports[0..n) in order, as kernel_eval would one by one, but faster on long arrays (a
 * branch-free first pass over each chunk finds the few reports that may break a rule; only those
 * are judged; eval.c). For each report that violates some rule
 * it calls fn(user, index, rules, count) with the first min(count, KERNEL_BATCH_RULES) rules in
 * ascending order (call kernel_eval with a larger buffer for the rest). fn may be NULL. Returns
 * the total count of violations. Allocates nothing. */
#define KERNEL_BATCH_RULES 64
typedef void (*kernel_hit_fn)(void *user, size_t index, const uint32_t *rules, size_t count);
size_t kernel_eval_batch(const kernel *k, const kernel_report *reports, size_t n, kernel_hit_fn fn, void *user);

/* Facts about a compiled kernel, for benchmarks and tests. */
typedef struct kernel_stats {
    size_t cols, rows;      /* grid */
    double cell_deg;
    size_t boundary_cells;  /* cells where some zone needs an edge test */
    size_t cell_kinds;      /* distinct cell contents after sharing */
    size_t edges;           /* candidate edges stored (with repeats across cells) */
    size_t bytes;           /* memory the index holds */
} kernel_stats;
void kernel_get_stats(const kernel *k, kernel_stats *out);

/* The plain definition the kernel must agree with: for each rule in order, the time check, the
 * party check, then geo_contains on its zone. Same contract as kernel_eval. */
size_t kernel_reference(const geo_shape *zones, size_t nzones, const kernel_rule *rules, size_t nrules,
                        const kernel_report *r, uint32_t *out, size_t cap);

#endif
