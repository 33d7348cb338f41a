/* eval.c: the corridor benchmark's evaluator: reads DIR/zones.geojson and DIR/rules.csv, then the
 * reports CSV (party,unit,time,lon,lat) with a hand-written parser of that fixed format, and
 * counts violations per zone and party. Modes, each timed on its own (best of --repeat runs):
 *   parse   the floor: read and parse every row, nothing else
 *   kernel  end to end: read, parse and judge each row with the kernel as it streams by
 *   eval    the kernel alone on reports parsed beforehand (the parse is not timed)
 *   geos    GEOS prepared geometries (GEOSPreparedIntersects_r: true on the boundary, as
 *           geo_contains) on reports parsed beforehand
 * Counts go to stdout as "zone,party,count" lines; one "time MODE SECONDS ROWS" line to stderr.
 * Not a general CSV reader: quoted fields, other columns or orders are rejected as bad rows. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <geos_c.h>

#include "corridor.h"
#include "kernel/kernel.h"

#define MAXRULES 256

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- the fixed-format parser ---- */

static const double pow10tab[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* An optionally signed integer ending at c; NULL when malformed. */
static inline const char *parse_int(const char *p, char c, int64_t *out)
{
    int neg = *p == '-';
    p += neg;
    const char *s = p;
    uint64_t v = 0;
    while ((unsigned)(*p - '0') < 10) v = v * 10 + (uint64_t)(*p++ - '0');
    if (p == s || *p != c || p - s > 18) return NULL;
    *out = neg ? -(int64_t)v : (int64_t)v;
    return p + 1;
}

/* A decimal number ending at c. Up to 2^53 in the digits and 22 decimals it is exact by one
 * division of exact doubles (Clinger's fast path: the same double strtod gives); otherwise strtod. */
static inline const char *parse_num(const char *p, char c, double *out)
{
    const char *s = p;
    int neg = *p == '-';
    p += neg;
    uint64_t m = 0;
    int nd = 0, frac = 0;
    while ((unsigned)(*p - '0') < 10) m = m * 10 + (uint64_t)(*p++ - '0'), nd++;
    if (*p == '.') {
        p++;
        while ((unsigned)(*p - '0') < 10) m = m * 10 + (uint64_t)(*p++ - '0'), nd++, frac++;
    }
    if (*p == c && nd > 0 && nd <= 19 && m <= (UINT64_C(1) << 53) && frac <= 22) {
        double v = (double)m / pow10tab[frac];
        *out = neg ? -v : v;
        return p + 1;
    }
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    if (end == s || *end != c || errno) return NULL;
    return end + 1;
}

/* One row at p (the buffer holds a '\n' at or after the row's end). Returns the next row, and
 * sets *ok to 0 for a malformed row (skipped up to its newline). */
static inline const char *parse_row(const char *p, kernel_report *r, int *ok)
{
    const char *q = p;
    int64_t party, unit;
    if ((q = parse_int(q, ',', &party)) && party >= 0 && party < KERNEL_MAX_PARTIES && (q = parse_int(q, ',', &unit)) &&
        (q = parse_int(q, ',', &r->t)) && (q = parse_num(q, ',', &r->lon)) && (q = parse_num(q, '\n', &r->lat))) {
        r->party = (int)party;
        *ok = 1;
        return q;
    }
    *ok = 0;
    while (*p != '\n') p++;
    return p + 1;
}

/* Streams the file through fn(row, user) in chunks; returns rows parsed (bad rows in *bad). */
typedef void (*row_fn)(const kernel_report *r, void *user);
static size_t stream(const char *path, row_fn fn, void *user, size_t *bad)
{
    enum { CHUNK = 1 << 22 };
    static char buf[CHUNK + 2];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        perror(path);
        exit(1);
    }
    size_t have = 0, rows = 0, nbad = 0;
    int first = 1, eof = 0;
    while (!eof) {
        ssize_t got = read(fd, buf + have, CHUNK - have);
        if (got < 0) {
            perror(path);
            exit(1);
        }
        if (got == 0) {
            eof = 1;
            if (have == 0) break;
            if (buf[have - 1] != '\n') buf[have++] = '\n';
        }
        have += (size_t)got;
        size_t last = have; /* just after the last newline */
        while (last > 0 && buf[last - 1] != '\n') last--;
        if (last == 0) {
            if (have == CHUNK) {
                fprintf(stderr, "%s: a line longer than %d bytes\n", path, CHUNK);
                exit(1);
            }
            continue;
        }
        const char *p = buf, *end = buf + last;
        if (first) { /* the header */
            first = 0;
            if ((unsigned)(*p - '0') >= 10) p = memchr(p, '\n', (size_t)(end - p)) + 1;
        }
        while (p < end) {
            kernel_report r;
            int ok;
            p = parse_row(p, &r, &ok);
            if (ok) fn(&r, user), rows++;
            else nbad++;
        }
        memmove(buf, buf + last, have - last);
        have -= last;
    }
    close(fd);
    *bad = nbad;
    return rows;
}

/* ---- the setting ---- */

typedef struct bench {
    geo_collection zones;
    kernel_rule rules[MAXRULES];
    size_t nrules;
    kernel *k;
    uint64_t counts[MAXRULES];
    double checksum;
} bench;

static void read_rules(bench *b, const char *dir)
{
    char path[4096], line[256];
    snprintf(path, sizeof path, "%s/rules.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    while (fgets(line, sizeof line, f)) {
        long rule, party, zone;
        int64_t t0, t1;
        if (sscanf(line, "%ld,%ld,%ld,%" SCNd64 ",%" SCNd64, &rule, &party, &zone, &t0, &t1) != 5) continue;
        if (b->nrules == MAXRULES || zone < 0 || (size_t)zone >= b->zones.n) {
            fprintf(stderr, "%s: rule %ld: too many rules or no such zone\n", path, rule);
            exit(1);
        }
        b->rules[b->nrules++] = (kernel_rule){(int)party, (size_t)zone, t0, t1};
    }
    fclose(f);
}

/* Prints the counts per zone and party (each pair named by some rule, zeros too). */
static void print_counts(const bench *b)
{
    int maxp = 0;
    for (size_t i = 0; i < b->nrules; i++)
        if (b->rules[i].party > maxp) maxp = b->rules[i].party;
    for (size_t z = 0; z < b->zones.n; z++)
        for (int p = 0; p <= maxp; p++) {
            int named = 0;
            uint64_t n = 0;
            for (size_t i = 0; i < b->nrules; i++)
                if (b->rules[i].zone == z && b->rules[i].party == p) named = 1, n += b->counts[i];
            if (named) printf("%s,%d,%" PRIu64 "\n", b->zones.features[z].id, p, n);
        }
}

static void on_parse(const kernel_report *r, void *user)
{
    bench *b = user;
    b->checksum += (double)r->party + (double)r->t + r->lon + r->lat;
}

static inline void judge(bench *b, const kernel_report *r)
{
    uint32_t out[MAXRULES];
    size_t n = kernel_eval(b->k, r, out, MAXRULES);
    for (size_t i = 0; i < n; i++) b->counts[out[i]]++;
}

static void on_hit(void *user, size_t index, const uint32_t *rules, size_t n)
{
    bench *b = user;
    (void)index;
    for (size_t i = 0; i < n; i++) b->counts[rules[i]]++;
    if (n > KERNEL_BATCH_RULES) {
        fprintf(stderr, "more rules broken at once than the benchmark expects\n");
        exit(1);
    }
}

/* End to end: rows are gathered in small batches (they stay in L1) and judged a batch at a time. */
enum { BATCH = 512 };
static kernel_report batch[BATCH];
static size_t nbatch;
static void flush_batch(bench *b)
{
    kernel_eval_batch(b->k, batch, nbatch, on_hit, b);
    nbatch = 0;
}
static void on_kernel(const kernel_report *r, void *user)
{
    batch[nbatch++] = *r;
    if (nbatch == BATCH) flush_batch(user);
}

typedef struct parsed {
    kernel_report *r;
    size_t n, cap;
} parsed;

static void on_keep(const kernel_report *r, void *user)
{
    parsed *a = user;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 1 << 20;
        a->r = realloc(a->r, a->cap * sizeof *a->r);
        if (!a->r) {
            fprintf(stderr, "out of memory\n");
            exit(1);
        }
    }
    a->r[a->n++] = *r;
}

/* ---- GEOS ---- */

static GEOSGeometry *to_geos(GEOSContextHandle_t h, const geo_shape *s)
{
    GEOSGeometry **polys = calloc(s->n + 1, sizeof *polys);
    for (size_t p = 0; p < s->n; p++) {
        const geo_part *part = &s->parts[p];
        GEOSGeometry **rings = calloc(part->n + 1, sizeof *rings);
        for (size_t r = 0; r < part->n; r++) {
            const geo_ring *ring = &part->rings[r];
            GEOSCoordSequence *seq = GEOSCoordSeq_create_r(h, (unsigned)ring->n, 2);
            for (size_t i = 0; i < ring->n; i++) GEOSCoordSeq_setXY_r(h, seq, (unsigned)i, ring->pts[i].lon, ring->pts[i].lat);
            rings[r] = GEOSGeom_createLinearRing_r(h, seq);
        }
        polys[p] = GEOSGeom_createPolygon_r(h, rings[0], rings + 1, (unsigned)(part->n - 1));
        free(rings);
    }
    GEOSGeometry *g = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys, (unsigned)s->n);
    free(polys);
    if (!g) {
        fprintf(stderr, "GEOS refused a zone\n");
        exit(1);
    }
    return g;
}

static double run_geos(bench *b, const parsed *a)
{
    GEOSContextHandle_t h = GEOS_init_r();
    size_t nz = b->zones.n;
    GEOSGeometry **g = calloc(nz, sizeof *g);
    const GEOSPreparedGeometry **prep = calloc(nz, sizeof *prep);
    for (size_t z = 0; z < nz; z++) {
        g[z] = to_geos(h, &b->zones.features[z].shape);
        prep[z] = GEOSPrepare_r(h, g[z]);
    }
    /* the rules of each party, so a report looks only at its own */
    size_t byp[4][MAXRULES], nbyp[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < b->nrules; i++)
        if (b->rules[i].party < 4) byp[b->rules[i].party][nbyp[b->rules[i].party]++] = i;
    memset(b->counts, 0, sizeof b->counts);
    double t = now();
    for (size_t i = 0; i < a->n; i++) {
        const kernel_report *r = &a->r[i];
        if (r->party < 0 || r->party >= 4) continue;
        GEOSGeometry *pt = NULL;
        for (size_t j = 0; j < nbyp[r->party]; j++) {
            const kernel_rule *ru = &b->rules[byp[r->party][j]];
            if (r->t < ru->t0 || r->t >= ru->t1) continue;
            const geo_shape *s = &b->zones.features[ru->zone].shape;
            if (r->lon < s->minlon || r->lon > s->maxlon || r->lat < s->minlat || r->lat > s->maxlat) continue;
            if (!pt) pt = GEOSGeom_createPointFromXY_r(h, r->lon, r->lat);
            if (GEOSPreparedIntersects_r(h, prep[ru->zone], pt) == 1) b->counts[byp[r->party][j]]++;
        }
        if (pt) GEOSGeom_destroy_r(h, pt);
    }
    t = now() - t;
    for (size_t z = 0; z < nz; z++) GEOSPreparedGeom_destroy_r(h, prep[z]), GEOSGeom_destroy_r(h, g[z]);
    free(g), free(prep);
    GEOS_finish_r(h);
    return t;
}

int main(int argc, char **argv)
{
    const char *mode = NULL, *dir = NULL, *csv = NULL;
    int repeat = 1, one = 0;
    double cell = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--cell") && i + 1 < argc) cell = atof(argv[++i]);
        else if (!strcmp(argv[i], "--one")) one = 1; /* eval: kernel_eval one report at a time */
        else if (!mode) mode = argv[i];
        else if (!dir) dir = argv[i];
        else csv = argv[i];
    }
    if (!mode || !dir) {
        fprintf(stderr, "usage: eval parse|kernel|eval|geos DIR [CSV] [--repeat N] [--cell DEG] [--one]\n");
        return 2;
    }
    char csvpath[4096], path[4096];
    if (!csv) snprintf(csvpath, sizeof csvpath, "%s/reports.csv", dir), csv = csvpath;
    static bench b;
    arena ar;
    arena_init(&ar, NULL);
    snprintf(path, sizeof path, "%s/zones.geojson", dir);
    if (corridor_read_geojson(&ar, path, &b.zones)) return 1;
    read_rules(&b, dir);
    double tc = now();
    kernel_options opt = {cell, NULL};
    geo_shape *shapes = calloc(b.zones.n + 1, sizeof *shapes);
    for (size_t z = 0; z < b.zones.n; z++) shapes[z] = b.zones.features[z].shape;
    int err = kernel_compile(shapes, b.zones.n, b.rules, b.nrules, &opt, &b.k);
    if (err) {
        fprintf(stderr, "kernel_compile: %s\n", truce_strerror(err));
        return 1;
    }
    tc = now() - tc;
    kernel_stats st;
    kernel_get_stats(b.k, &st);
    fprintf(stderr, "kernel: %zu x %zu cells of %.5f deg, %zu boundary cells, %zu cell kinds, %zu edges, %.1f MiB, compiled in %.3f s\n",
            st.cols, st.rows, st.cell_deg, st.boundary_cells, st.cell_kinds, st.edges, (double)st.bytes / 1048576, tc);

    double best = INFINITY;
    size_t rows = 0, bad = 0;
    if (!strcmp(mode, "parse") || !strcmp(mode, "kernel")) {
        row_fn fn = mode[0] == 'p' ? on_parse : on_kernel;
        for (int i = 0; i < repeat; i++) {
            memset(b.counts, 0, sizeof b.counts);
            double t = now();
            rows = stream(csv, fn, &b, &bad);
            if (nbatch) flush_batch(&b);
            t = now() - t;
            if (t < best) best = t;
        }
    } else if (!strcmp(mode, "eval") || !strcmp(mode, "geos")) {
        parsed a = {NULL, 0, 0};
        stream(csv, on_keep, &a, &bad);
        rows = a.n;
        for (int i = 0; i < repeat; i++) {
            double t;
            if (mode[0] == 'g') t = run_geos(&b, &a);
            else {
                memset(b.counts, 0, sizeof b.counts);
                t = now();
                if (one) for (size_t j = 0; j < a.n; j++) judge(&b, &a.r[j]);
                else kernel_eval_batch(b.k, a.r, a.n, on_hit, &b);
                t = now() - t;
            }
            if (t < best) best = t;
        }
        free(a.r);
    } else {
        fprintf(stderr, "unknown mode '%s'\n", mode);
        return 2;
    }
    if (mode[0] == 'p') printf("checksum %.6e\n", b.checksum);
    else print_counts(&b);
    if (bad) fprintf(stderr, "%zu bad rows skipped\n", bad);
    fprintf(stderr, "time %s %.6f %zu\n", mode, best, rows);
    kernel_free(b.k);
    free(shapes);
    arena_release(&ar);
    return 0;
}
