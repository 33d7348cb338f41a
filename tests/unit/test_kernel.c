/* test_kernel.c: unit tests for the evaluation kernel (src/kernel): small cases checked by hand
 * (edges, vertices, holes, time bounds, parties, the output buffer), then a randomized comparison
 * with kernel_reference (geo_contains per rule) over many generated zone sets (thin corridors,
 * holes, multipolygons, a 700 m band of ~200 vertices, GEOS buffers, lattice coordinates, stale
 * boxes, every grid size) and report sets aimed at vertices and edges. Correctness only, no timing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel.h"

/* ---- building shapes in an arena ---- */

static geo_ring ring_of(arena *ar, const double *xy, size_t n)
{
    geo_ring r = {arena_alloc(ar, (n + 1) * sizeof(geo_pt)), n + 1, NULL};
    for (size_t i = 0; i < n; i++) r.pts[i] = (geo_pt){xy[2 * i], xy[2 * i + 1]};
    r.pts[n] = r.pts[0];
    return r;
}

/* A polygon shape of nparts parts; part i has rings nr[i] taken in order from rings[]. */
static geo_shape shape_of(arena *ar, const geo_ring *rings, const size_t *nr, size_t nparts)
{
    geo_shape s;
    memset(&s, 0, sizeof s);
    s.kind = GEO_POLYGON;
    s.n = nparts;
    s.parts = arena_alloc(ar, nparts * sizeof(geo_part));
    size_t k = 0;
    for (size_t i = 0; i < nparts; i++) {
        s.parts[i].n = nr[i];
        s.parts[i].rings = arena_alloc(ar, nr[i] * sizeof(geo_ring));
        for (size_t j = 0; j < nr[i]; j++) s.parts[i].rings[j] = rings[k++];
    }
    geo_shape_bbox(&s);
    return s;
}

static size_t eval_both(const kernel *k, const geo_shape *zones, size_t nz, const kernel_rule *rules, size_t nr,
                        kernel_report rep, uint32_t *got)
{
    uint32_t want[64];
    size_t n = kernel_eval(k, &rep, got, 64);
    size_t m = kernel_reference(zones, nz, rules, nr, &rep, want, 64);
    if (n != m || memcmp(got, want, (n < 64 ? n : 64) * sizeof *got) != 0) {
        print_message("mismatch at party %d t %lld (%.17g, %.17g): kernel %zu, reference %zu\n", rep.party,
                      (long long)rep.t, rep.lon, rep.lat, n, m);
        fail();
    }
    return n;
}

/* ---- hand-checked cases ---- */

static void test_square_with_hole(void **state)
{
    (void)state;
    arena ar;
    arena_init(&ar, NULL);
    const double outer[] = {0, 0, 1, 0, 1, 1, 0, 1}, hole[] = {0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75, 0.25};
    geo_ring rings[2] = {ring_of(&ar, outer, 4), ring_of(&ar, hole, 4)};
    size_t nr = 2;
    geo_shape z = shape_of(&ar, rings, &nr, 1);
    kernel_rule rules[] = {{0, 0, 100, 200}, {1, 0, 150, 300}, {0, 0, 180, 400}};
    for (int cells = 0; cells < 3; cells++) {
        kernel *k;
        kernel_options opt = {cells == 0 ? 0 : cells == 1 ? 0.1 : 5, NULL};
        assert_int_equal(kernel_compile(&z, 1, rules, 3, &opt, &k), 0);
        uint32_t out[8];
        struct {
            int party;
            int64_t t;
            double x, y;
            size_t n;
            uint32_t first;
        } cases[] = {
            {0, 150, 0.1, 0.1, 1, 0},     /* inside */
            {0, 150, 0.5, 0.5, 0, 0},     /* in the hole */
            {0, 150, 0.25, 0.5, 1, 0},    /* on the hole's edge: inside */
            {0, 150, 0.75, 0.75, 1, 0},   /* on the hole's vertex */
            {0, 150, 1, 0.5, 1, 0},       /* on the outer edge */
            {0, 150, 0, 0, 1, 0},         /* on the outer vertex */
            {0, 150, 1.000001, 0.5, 0, 0}, /* just outside */
            {0, 150, -0.3, 0.5, 0, 0},    /* outside, west */
            {0, 100, 0.1, 0.1, 1, 0},     /* t == t0: active */
            {0, 200, 0.1, 0.1, 1, 2},     /* t == t1 of rule 0: only rule 2 */
            {0, 190, 0.1, 0.1, 2, 0},     /* both rules of party 0 */
            {1, 150, 0.1, 0.1, 1, 1},     /* party 1 */
            {2, 150, 0.1, 0.1, 0, 0},     /* no rules for party 2 */
            {-1, 150, 0.1, 0.1, 0, 0},    /* no such party */
            {0, 99, 0.1, 0.1, 0, 0},      /* before every rule */
            {0, 400, 0.1, 0.1, 0, 0},     /* after every rule */
            {0, 150, NAN, 0.1, 0, 0},     /* not a number */
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            kernel_report r = {cases[i].party, cases[i].t, cases[i].x, cases[i].y};
            size_t n = eval_both(k, &z, 1, rules, 3, r, out);
            if (n != cases[i].n || (n && out[0] != cases[i].first)) {
                print_message("case %zu: got %zu\n", i, n);
                fail();
            }
        }
        /* a short buffer: the count is still whole */
        kernel_report r = {0, 190, 0.1, 0.1};
        uint32_t one[1] = {99};
        assert_int_equal(kernel_eval(k, &r, one, 1), 2);
        assert_int_equal(one[0], 0);
        assert_int_equal(kernel_eval(k, &r, NULL, 0), 2);
        kernel_free(k);
    }
    arena_release(&ar);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    arena ar;
    arena_init(&ar, NULL);
    const double sq[] = {0, 0, 1, 0, 1, 1, 0, 1};
    geo_ring r = ring_of(&ar, sq, 4);
    size_t nr = 1;
    geo_shape z = shape_of(&ar, &r, &nr, 1);
    kernel *k = (kernel *)&ar;
    kernel_rule bad_zone = {0, 1, 0, 10}, bad_party = {-1, 0, 0, 10};
    assert_int_equal(kernel_compile(&z, 1, &bad_zone, 1, NULL, &k), TRUCE_EARG);
    assert_null(k);
    assert_int_equal(kernel_compile(&z, 1, &bad_party, 1, NULL, &k), TRUCE_EARG);
    kernel_options neg = {-1, NULL};
    assert_int_equal(kernel_compile(&z, 1, NULL, 0, &neg, &k), TRUCE_EARG);
    r.pts[1].lon = NAN;
    assert_int_equal(kernel_compile(&z, 1, NULL, 0, NULL, &k), TRUCE_EGEOMETRY);
    /* no zones, no rules: nothing is ever violated */
    assert_int_equal(kernel_compile(NULL, 0, NULL, 0, NULL, &k), 0);
    kernel_report rep = {0, 0, 0, 0};
    assert_int_equal(kernel_eval(k, &rep, NULL, 0), 0);
    kernel_free(k);
    kernel_free(NULL);
    arena_release(&ar);
}

/* ---- random zone sets ---- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static int coin(int n) { return (int)(rnd() % (uint64_t)n); }

/* Coordinates are either arbitrary doubles or on a lattice (axis-parallel edges, collinear points,
 * points exactly on edges). */
static int lattice;
static double snap(double v) { return lattice ? round(v * 1000) / 1000 : v; }

/* A star-shaped ring of n vertices around (cx, cy), radius about r, counter-clockwise when ccw. */
static geo_ring star(arena *ar, double cx, double cy, double r, size_t n, int ccw)
{
    double *xy = arena_alloc(ar, 2 * n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        double t = 2 * M_PI * (double)(ccw ? i : n - i) / (double)n;
        double rr = r * (0.5 + 0.5 * unif());
        xy[2 * i] = snap(cx + rr * cos(t)), xy[2 * i + 1] = snap(cy + rr * sin(t));
    }
    return ring_of(ar, xy, n);
}

/* A thin rotated rectangle (a corridor) from (x0,y0) to (x1,y1), width w. */
static geo_ring corridor(arena *ar, double x0, double y0, double x1, double y1, double w)
{
    double dx = x1 - x0, dy = y1 - y0, l = hypot(dx, dy);
    double nx = -dy / l * w / 2, ny = dx / l * w / 2;
    double xy[] = {snap(x0 + nx), snap(y0 + ny), snap(x0 - nx), snap(y0 - ny),
                   snap(x1 - nx), snap(y1 - ny), snap(x1 + nx), snap(y1 + ny)};
    return ring_of(ar, xy, 4);
}

/* A band about 700 m wide along a wiggly line: ~200 vertices. */
static geo_ring band(arena *ar, double x0, double y0, double len)
{
    size_t m = 100;
    double *xy = arena_alloc(ar, 4 * m * sizeof(double));
    double w = 0.0035; /* about 350 m each side */
    for (size_t i = 0; i < m; i++) {
        double s = len * (double)i / (double)(m - 1);
        double x = x0 + 0.02 * sin(s * 40) + 0.003 * unif(), y = y0 + s;
        xy[2 * i] = snap(x + w), xy[2 * i + 1] = snap(y);
        xy[2 * (2 * m - 1 - i)] = snap(x - w), xy[2 * (2 * m - 1 - i) + 1] = snap(y);
    }
    return ring_of(ar, xy, 2 * m);
}

static geo_shape random_zone(arena *ar, geo_ctx *ctx, double cx, double cy)
{
    int kind = coin(7);
    geo_ring rings[8];
    size_t nr[4];
    switch (kind) {
    case 0: /* simple star */
        rings[0] = star(ar, cx, cy, 0.05, 3 + (size_t)coin(40), 1);
        nr[0] = 1;
        return shape_of(ar, rings, nr, 1);
    case 1: /* star with two holes */
        rings[0] = star(ar, cx, cy, 0.08, 8 + (size_t)coin(30), 1);
        rings[1] = star(ar, cx - 0.015, cy, 0.01, 3 + (size_t)coin(8), 0);
        rings[2] = star(ar, cx + 0.015, cy + 0.005, 0.01, 3 + (size_t)coin(8), 0);
        nr[0] = 3;
        return shape_of(ar, rings, nr, 1);
    case 2: /* thin corridor */
        rings[0] = corridor(ar, cx - 0.1 * unif(), cy - 0.1 * unif(), cx + 0.1 * unif(), cy + 0.1 * unif(),
                            0.0001 + 0.002 * unif());
        nr[0] = 1;
        return shape_of(ar, rings, nr, 1);
    case 3: /* multipolygon: three parts, one with a hole */
        rings[0] = star(ar, cx, cy, 0.03, 5 + (size_t)coin(20), 1);
        rings[1] = star(ar, cx + 0.07, cy, 0.03, 5 + (size_t)coin(20), 1);
        rings[2] = star(ar, cx + 0.07, cy, 0.005, 4, 0);
        rings[3] = corridor(ar, cx - 0.05, cy + 0.06, cx + 0.1, cy + 0.065, 0.001);
        nr[0] = 1, nr[1] = 2, nr[2] = 1;
        return shape_of(ar, rings, nr, 3);
    case 4: /* the 700 m band */
        rings[0] = band(ar, cx, cy - 0.1, 0.2);
        nr[0] = 1;
        return shape_of(ar, rings, nr, 1);
    case 5: { /* a GEOS buffer of a line: arbitrary doubles, many vertices */
        geo_pt pts[4];
        for (int i = 0; i < 4; i++) pts[i] = (geo_pt){cx + 0.03 * (unif() - 0.5) * i, cy + 0.02 * i};
        geo_ring line = {pts, 4, NULL};
        geo_part part = {&line, 1};
        geo_shape s, out;
        memset(&s, 0, sizeof s);
        s.kind = GEO_LINE, s.parts = &part, s.n = 1;
        if (geo_buffer(ctx, ar, &s, 100 + 700 * unif(), &out) == 0 && out.kind == GEO_POLYGON) {
            geo_shape_bbox(&out);
            return out;
        }
        rings[0] = star(ar, cx, cy, 0.05, 12, 1);
        nr[0] = 1;
        return shape_of(ar, rings, nr, 1);
    }
    default: { /* an axis-parallel box (horizontal edges, lattice corners) */
        double w = 0.01 + 0.05 * unif(), h = 0.01 + 0.05 * unif();
        double xy[] = {snap(cx), snap(cy), snap(cx + w), snap(cy), snap(cx + w), snap(cy + h), snap(cx), snap(cy + h)};
        rings[0] = ring_of(ar, xy, 4);
        nr[0] = 1;
        return shape_of(ar, rings, nr, 1);
    }
    }
}

/* A point of interest of shape s: a vertex, a point on an edge, or one at a vertex's latitude. */
static geo_pt aimed_point(const geo_shape *s)
{
    const geo_part *p = &s->parts[coin((int)s->n)];
    const geo_ring *r = &p->rings[coin((int)p->n)];
    size_t i = (size_t)coin((int)r->n - 1);
    geo_pt a = r->pts[i], b = r->pts[i + 1];
    switch (coin(6)) {
    case 5: { /* just off an edge, across it, by 1e-13 to 1e-10 degrees: the tolerance's edge */
        double t = unif(), l = hypot(b.lon - a.lon, b.lat - a.lat), d = pow(10, -13 + 3 * unif()) * (coin(2) ? 1 : -1);
        if (l == 0) return a;
        return (geo_pt){a.lon + t * (b.lon - a.lon) - d * (b.lat - a.lat) / l, a.lat + t * (b.lat - a.lat) + d * (b.lon - a.lon) / l};
    }
    case 0: return a;
    case 1: return (geo_pt){(a.lon + b.lon) / 2, (a.lat + b.lat) / 2};
    case 2: {
        double t = unif();
        return (geo_pt){a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat)};
    }
    case 3: return (geo_pt){a.lon + 0.02 * (unif() - 0.5), a.lat}; /* the ray passes through a vertex */
    default: return (geo_pt){a.lon + 1e-12 * (double)(coin(5) - 2), a.lat + 1e-12 * (double)(coin(5) - 2)};
    }
}

/* kernel_eval_batch must report what kernel_eval reports, report by report. */
typedef struct batch_check {
    const kernel *k;
    const kernel_report *r;
    size_t calls, total;
} batch_check;

static void on_batch_hit(void *user, size_t index, const uint32_t *rules, size_t count)
{
    batch_check *c = user;
    uint32_t want[64];
    size_t n = kernel_eval(c->k, &c->r[index], want, 64);
    assert_int_equal(count, n);
    assert_memory_equal(rules, want, (n < KERNEL_BATCH_RULES ? n : KERNEL_BATCH_RULES) * sizeof *rules);
    c->calls++;
}

static void test_random_against_reference(void **state)
{
    (void)state;
    geo_ctx *ctx = geo_ctx_new();
    assert_non_null(ctx);
    const char *env = getenv("KERNEL_TEST_ROUNDS");
    int rounds = env ? atoi(env) : 150;
    size_t total = 0, violated = 0;
    for (int rd = 0; rd < rounds; rd++) {
        rng_state = 0x9e3779b97f4a7c15u ^ (uint64_t)(rd + 1) * 0x2545f4914f6cdd1du;
        lattice = coin(3) == 0;
        arena ar;
        arena_init(&ar, NULL);
        /* every 15th round has more than 64 zones (copies of the first ten), where the kernel's
         * zone masks only narrow the search */
        size_t nz = rd % 15 == 3 ? 65 + (size_t)coin(10) : 1 + (size_t)coin(10);
        geo_shape zones[75];
        for (size_t z = 0; z < nz; z++) {
            if (z >= 10) {
                zones[z] = zones[coin(10)];
                continue;
            }
            double cx = 34.2 + 0.3 * unif(), cy = 31.2 + 0.3 * unif();
            if (lattice) cx = round(cx * 1000) / 1000, cy = round(cy * 1000) / 1000;
            zones[z] = random_zone(&ar, ctx, cx, cy);
            int box = coin(10);
            if (box == 0) zones[z].minlon = zones[z].minlat = zones[z].maxlon = zones[z].maxlat = 0; /* no box */
            if (box == 1) zones[z].maxlon -= 0.3 * (zones[z].maxlon - zones[z].minlon);      /* a stale box */
        }
        if (coin(8) == 0) zones[0].kind = GEO_LINE; /* a zone that contains nothing */
        /* every 10th round has up to 60 rules, so a party can have more breakpoints than the
         * batch's first pass takes (it then falls back to the plain loop) */
        size_t nr = 1 + (size_t)coin(rd % 10 == 0 ? 60 : 20);
        kernel_rule rules[60];
        for (size_t i = 0; i < nr; i++) {
            rules[i].party = coin(4);
            rules[i].zone = (size_t)coin((int)nz);
            rules[i].t0 = coin(100);
            rules[i].t1 = rules[i].t0 + coin(60) - 5; /* some empty intervals */
        }
        double cells[] = {0, 0.0001, 0.0005, 0.002, 0.01, 0.05, 1};
        kernel_options opt = {cells[coin(7)], NULL};
        kernel *k;
        assert_int_equal(kernel_compile(zones, nz, rules, nr, &opt, &k), 0);
        uint32_t out[64];
        kernel_report all[3000];
        size_t with_hits = 0, hits = 0;
        for (int i = 0; i < 3000; i++) {
            kernel_report r = {coin(6) - 1, coin(120) - 10, 0, 0};
            geo_pt p;
            int z = coin((int)nz);
            if (coin(2)) { /* aimed at one rule: its party, a time it covers, its zone */
                const kernel_rule *ru = &rules[coin((int)nr)];
                r.party = ru->party;
                r.t = ru->t0 + (ru->t1 > ru->t0 ? coin((int)(ru->t1 - ru->t0)) : 0);
                z = (int)ru->zone;
            }
            const geo_shape *s = &zones[z];
            if (coin(2) && s->kind == GEO_POLYGON) p = aimed_point(s);
            else if (coin(2) && s->maxlon > s->minlon)
                p = (geo_pt){s->minlon + (s->maxlon - s->minlon) * unif(), s->minlat + (s->maxlat - s->minlat) * unif()};
            else p = (geo_pt){34.1 + 0.5 * unif(), 31.1 + 0.5 * unif()};
            if (lattice && coin(2)) p.lon = round(p.lon * 1000) / 1000, p.lat = round(p.lat * 1000) / 1000;
            if (coin(500) == 0) p.lon = coin(2) ? NAN : INFINITY;
            r.lon = p.lon, r.lat = p.lat;
            size_t n = eval_both(k, zones, nz, rules, nr, r, out);
            all[i] = r;
            with_hits += n > 0, hits += n;
            total++;
            violated += n > 0;
            /* every rule the reference would fire also fires at its exact time bounds */
            if (n > 0) {
                r.t = rules[out[0]].t0;
                eval_both(k, zones, nz, rules, nr, r, out);
                r.t = rules[out[0]].t1;
                eval_both(k, zones, nz, rules, nr, r, out);
            }
        }
        batch_check bc = {k, all, 0, 0};
        assert_int_equal(kernel_eval_batch(k, all, 3000, on_batch_hit, &bc), hits);
        assert_int_equal(bc.calls, with_hits);
        kernel_free(k);
        arena_release(&ar);
    }
    print_message("%zu reports over %d zone sets, %zu with violations\n", total, rounds, violated);
    assert_true(violated > total / 20); /* the test exercises the inside case, not just outside */
    geo_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_square_with_hole),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_random_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
