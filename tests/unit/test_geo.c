/* test_geo.c: unit tests for the geometry layer (src/geo): GeoJSON reading and its diagnostics,
 * geodesic distance, length and area, point in polygon, buffers and combinations, validation.
 * Reference data is read from tests/data/geo, a copy of the shared reference geodata with its
 * README and credits (run from the repository root). Expected distances come from PROJ's own `geod` tool, not from the code under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <geodesic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"

#define GEO_DATA "tests/data/geo/"

/* ---- diagnostics collected for assertions ---- */
typedef struct seen_diag {
    int line, col;
    truce_severity sev;
    char message[512];
    char hint[256];
} seen_diag;

typedef struct seen {
    seen_diag d[32];
    int n;
} seen;

static void collect(const truce_diag *d, void *user)
{
    seen *s = user;
    if (s->n >= 32) return;
    seen_diag *o = &s->d[s->n++];
    o->line = d->line, o->col = d->col, o->sev = d->severity;
    snprintf(o->message, sizeof o->message, "%s", d->message);
    snprintf(o->hint, sizeof o->hint, "%s", d->hint ? d->hint : "");
}

/* Prints what was seen when an assertion is about to fail, so the failure explains itself. */
static void dump(const seen *s)
{
    for (int i = 0; i < s->n; i++) print_message("  diag %d:%d: %s\n", s->d[i].line, s->d[i].col, s->d[i].message);
}

static void expect_diag(const seen *s, int i, int line, int col, const char *part)
{
    if (i >= s->n || s->d[i].line != line || s->d[i].col != col || !strstr(s->d[i].message, part)) {
        print_message("wanted diag %d at %d:%d containing '%s'\n", i, line, col, part);
        dump(s);
        fail();
    }
}

/* ---- reading GeoJSON from text or from the shared data ---- */
typedef struct fixture {
    arena ar;
    seen seen;
    diag_sink sink;
    geo_collection c;
    int result;
} fixture;

static int read_text(fixture *f, const char *name, const char *text, size_t len)
{
    source *src = arena_alloc(&f->ar, sizeof *src);
    char *copy = arena_strndup(&f->ar, text, len);
    assert_non_null(src);
    assert_non_null(copy);
    src->name = name, src->text = copy, src->len = len;
    int err = 0;
    tree *doc = tree_parse(&f->ar, src, &f->sink, &err);
    assert_int_equal(err, 0);
    if (!doc) return -100;
    f->result = geo_read_geojson(&f->ar, doc, &f->sink, &f->c);
    return f->result;
}

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    arena_init(&f->ar, NULL);
    f->sink.fn = collect;
    f->sink.user = &f->seen;
}

static int read_str(fixture *f, const char *text)
{
    fixture_init(f);
    return read_text(f, "t.geojson", text, strlen(text));
}

static void read_data(fixture *f, const char *file)
{
    fixture_init(f);
    char path[256];
    snprintf(path, sizeof path, GEO_DATA "%s", file);
    FILE *fp = fopen(path, "rb");
    if (!fp) fail_msg("cannot open %s (run the tests from the repository root)", path);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, 1 << 20, fp);
    fclose(fp);
    int r = read_text(f, path, buf, n);
    free(buf);
    if (r != 0) dump(&f->seen);
    assert_int_equal(r, 0);
    assert_true(f->c.n > 0);
}

static const geo_shape *feature(const fixture *f, const char *key)
{
    const geo_feature *ft = geo_find_feature(&f->c, key);
    if (!ft) fail_msg("no feature '%s'", key);
    return &ft->shape;
}

#define assert_near(actual, expected, tol)                                                                   \
    do {                                                                                                     \
        double a_ = (actual), e_ = (expected), t_ = (tol);                                                   \
        if (!(fabs(a_ - e_) <= t_)) fail_msg("%s = %.6f, expected %.6f +- %g", #actual, a_, e_, t_);         \
    } while (0)

/* A polygon shape from one closed ring (and optional hole), in static storage of the caller. */
typedef struct poly {
    geo_shape s;
    geo_part part;
    geo_ring rings[2];
    geo_pt pts[2][8];
} poly;

static const geo_shape *rect(poly *p, double x0, double y0, double x1, double y1)
{
    memset(p, 0, sizeof *p);
    geo_pt r[5] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    memcpy(p->pts[0], r, sizeof r);
    p->rings[0] = (geo_ring){p->pts[0], 5, NULL};
    p->part = (geo_part){p->rings, 1};
    p->s.kind = GEO_POLYGON;
    p->s.parts = &p->part;
    p->s.n = 1;
    geo_shape_bbox(&p->s);
    return &p->s;
}

static void add_hole(poly *p, double x0, double y0, double x1, double y1)
{
    geo_pt r[5] = {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}}; /* clockwise */
    memcpy(p->pts[1], r, sizeof r);
    p->rings[1] = (geo_ring){p->pts[1], 5, NULL};
    p->part.n = 2;
}

/* twice the signed planar area in lon/lat: > 0 for counter-clockwise */
static double orient(const geo_ring *r)
{
    double a = 0;
    for (size_t k = 1; k < r->n; k++)
        a += (r->pts[k - 1].lon - r->pts[0].lon) * (r->pts[k].lat - r->pts[0].lat) -
             (r->pts[k].lon - r->pts[0].lon) * (r->pts[k - 1].lat - r->pts[0].lat);
    return a;
}

static void assert_oriented(const geo_shape *s)
{
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = 0; j < s->parts[i].n; j++) {
            const geo_ring *r = &s->parts[i].rings[j];
            assert_true(r->n >= 4);
            assert_true(r->pts[0].lon == r->pts[r->n - 1].lon && r->pts[0].lat == r->pts[r->n - 1].lat);
            if (j == 0) assert_true(orient(r) > 0); /* exterior counter-clockwise */
            else assert_true(orient(r) < 0);        /* holes clockwise */
        }
}

/* ---- context ---- */

static void test_ctx(void **state)
{
    (void)state;
    geo_ctx_free(NULL);
    geo_ctx *ctx = geo_ctx_new();
    assert_non_null(ctx);
    geo_ctx_free(ctx);
}

/* ---- measuring ---- */

static void test_distance(void **state)
{
    (void)state;
    /* expected values: echo "lat1 lon1 lat2 lon2" | geod +ellps=WGS84 -I +units=m (PROJ 9.1) */
    assert_near(geo_distance_m((geo_pt){-73.8, 40.6}, (geo_pt){-0.5, 51.6}), 5551759.400, 0.002); /* JFK-LHR */
    assert_near(geo_distance_m((geo_pt){0, 0}, (geo_pt){0, 1}), 110574.389, 0.002);  /* 1 degree of latitude */
    assert_near(geo_distance_m((geo_pt){34.54472, 31.5582}, (geo_pt){34.25923, 31.24858}), 43768.028, 0.002);
    assert_near(geo_distance_m((geo_pt){34.27056, 31.22083}, (geo_pt){34.2675, 31.22013}), 301.721, 0.002);
    assert_near(geo_distance_m((geo_pt){170, -10}, (geo_pt){-170, 10}), 3130218.198, 0.002); /* across 180 */
    assert_near(geo_distance_m((geo_pt){34.4, 31.5}, (geo_pt){34.4, 31.5}), 0, 1e-9);
}

static void test_length(void **state)
{
    (void)state;
    fixture f;
    read_data(&f, "gaza_lines.geojson");
    const geo_shape *netzarim = feature(&f, "Netzarim Corridor road (Route 749), approximate centerline");
    assert_int_equal(netzarim->kind, GEO_LINE);
    /* the sum of geod's two segment lengths, 2916.282 + 3663.088 */
    assert_near(geo_length_m(netzarim), 6579.370, 0.005);
    /* README: 12.7 km */
    assert_near(geo_length_m(feature(&f, "Philadelphi Corridor (Gaza–Egypt border line)")) / 1000, 12.7, 0.05);
    /* README: 59.3 km */
    assert_near(geo_length_m(feature(&f, "Gaza–Israel boundary (1949 armistice line as mapped in OSM)")) / 1000, 59.3,
                0.05);
    assert_near(geo_length_m(feature(&f, "Netzarim Corridor zone, approximate (±1 km)")), 0, 0); /* polygons: 0 */
    arena_release(&f.ar);
}

/* Area of the cell [lon0, lon0+dlon] x [lat0, lat1] on the WGS84 ellipsoid bounded by
 * parallels (authalic-latitude formula), in km^2: an independent check of geod_polygon. */
static double cell_km2(double lat0, double lat1, double dlon)
{
    const double a = 6378137, f = 1 / 298.257223563, e2 = f * (2 - f), e = sqrt(e2), b = a * (1 - f);
    double q[2], lat[2] = {lat0 * M_PI / 180, lat1 * M_PI / 180};
    for (int i = 0; i < 2; i++) {
        double s = sin(lat[i]);
        q[i] = s / (1 - e2 * s * s) + log((1 + e * s) / (1 - e * s)) / (2 * e);
    }
    return b * b * (dlon * M_PI / 180) / 2 * (q[1] - q[0]) / 1e6;
}

static void test_area(void **state)
{
    (void)state;
    fixture f;
    /* Expected areas: each ring projected with PROJ's command-line tool into the equal-area
     * `proj +proj=laea +lat_0=31.4 +lon_0=34.4 +ellps=WGS84`, then the planar shoelace formula
     * (independent of geod_polygon). The data README's figures (363.7, 367.1 km^2 and
     * 60.9/75.6/59.5/106.8/64.4) are about 0.05% lower than both methods; they are checked to 0.1%. */
    read_data(&f, "gaza_strip_osm.geojson");
    double osm = geo_area_km2(feature(&f, "Gaza Strip"));
    assert_near(osm, 363.880, 0.005);
    assert_near(osm, 363.7, 363.7 * 0.001);
    arena_release(&f.ar);
    read_data(&f, "gaza_strip_wof.geojson");
    double wof = geo_area_km2(feature(&f, "Gaza Strip"));
    assert_near(wof, 367.258, 0.005);
    assert_near(wof, 367.1, 367.1 * 0.001);
    arena_release(&f.ar);

    read_data(&f, "gaza_governorates_wof.geojson");
    static const struct {
        const char *name;
        double laea, readme;
    } govs[] = {{"North Gaza", 60.890, 60.9},
                {"Gaza", 75.603, 75.6},
                {"Deir al-Balah", 59.553, 59.5},
                {"Khan Yunis", 106.825, 106.8},
                {"Rafah", 64.384, 64.4}};
    double sum = 0;
    for (size_t i = 0; i < 5; i++) {
        double a = geo_area_km2(feature(&f, govs[i].name));
        assert_near(a, govs[i].laea, 0.002);
        assert_near(a, govs[i].readme, govs[i].readme * 0.001);
        sum += a;
    }
    assert_near(sum, wof, 0.01); /* README: they tile the WOF outline */
    arena_release(&f.ar);

    /* a cell along the equator (a geodesic there) and near Gaza (edges differ from parallels by
     * metres, so 0.01% is the tolerance) */
    poly p;
    assert_near(geo_area_km2(rect(&p, 0, 0, 1, 1)), cell_km2(0, 1, 1), cell_km2(0, 1, 1) * 1e-4);
    assert_near(geo_area_km2(rect(&p, 34.3, 31.3, 34.5, 31.5)), cell_km2(31.3, 31.5, 0.2), 0.01);
    /* orientation does not matter; a hole is subtracted */
    double outer = geo_area_km2(rect(&p, 34.3, 31.3, 34.5, 31.5));
    double hole = geo_area_km2(rect(&p, 34.35, 31.35, 34.4, 31.4));
    rect(&p, 34.3, 31.3, 34.5, 31.5);
    add_hole(&p, 34.35, 31.35, 34.4, 31.4);
    assert_near(geo_area_km2(&p.s), outer - hole, 1e-9);
    geo_pt cw[5] = {{34.3, 31.3}, {34.3, 31.5}, {34.5, 31.5}, {34.5, 31.3}, {34.3, 31.3}};
    memcpy(p.pts[0], cw, sizeof cw);
    p.part.n = 1;
    assert_near(geo_area_km2(&p.s), outer, 1e-9);
    p.s.kind = GEO_LINE;
    assert_near(geo_area_km2(&p.s), 0, 0);
}

/* ---- point in polygon ---- */

static void test_contains(void **state)
{
    (void)state;
    poly p;
    rect(&p, 34.3, 31.3, 34.5, 31.5);
    add_hole(&p, 34.35, 31.35, 34.4, 31.4);
    const geo_shape *s = &p.s;
    assert_int_equal(geo_contains(s, (geo_pt){34.45, 31.45}), 1);  /* inside */
    assert_int_equal(geo_contains(s, (geo_pt){34.6, 31.45}), 0);   /* east */
    assert_int_equal(geo_contains(s, (geo_pt){34.45, 31.2}), 0);   /* south */
    assert_int_equal(geo_contains(s, (geo_pt){34.375, 31.375}), 0); /* in the hole */
    assert_int_equal(geo_contains(s, (geo_pt){34.3, 31.4}), 1);    /* on the west edge */
    assert_int_equal(geo_contains(s, (geo_pt){34.45, 31.5}), 1);   /* on the north edge */
    assert_int_equal(geo_contains(s, (geo_pt){34.5, 31.3}), 1);    /* on a vertex */
    assert_int_equal(geo_contains(s, (geo_pt){34.35, 31.375}), 1); /* on the hole's edge */
    assert_int_equal(geo_contains(s, (geo_pt){34.4, 31.4}), 1);    /* on the hole's vertex */
    assert_int_equal(geo_contains(s, (geo_pt){34.2999, 31.4}), 0); /* just outside */
    /* a diagonal edge: triangle (0,0) (2,0) (0,2); (1,1) is on the hypotenuse */
    poly t;
    rect(&t, 0, 0, 2, 2);
    t.pts[0][2] = (geo_pt){0, 2}, t.pts[0][3] = (geo_pt){0, 0};
    t.rings[0].n = 4;
    geo_shape_bbox(&t.s);
    assert_int_equal(geo_contains(&t.s, (geo_pt){1, 1}), 1);
    assert_int_equal(geo_contains(&t.s, (geo_pt){1.01, 1.01}), 0);
    assert_int_equal(geo_contains(&t.s, (geo_pt){0.5, 0.5}), 1);
    /* lines and points contain nothing */
    p.s.kind = GEO_LINE;
    assert_int_equal(geo_contains(&p.s, (geo_pt){34.45, 31.45}), 0);

    fixture f, pts;
    read_data(&f, "gaza_strip_osm.geojson");
    read_data(&pts, "gaza_points.geojson");
    const geo_shape *gaza = feature(&f, "Gaza Strip");
#define AT(name) (feature(&pts, name)->parts[0].rings[0].pts[0])
    assert_int_equal(geo_contains(gaza, AT("Netzarim Junction (Salah al-Din Rd x Netzarim corridor road)")), 1);
    assert_int_equal(geo_contains(gaza, AT("Rafah Border Crossing")), 1);
    assert_int_equal(geo_contains(gaza, AT("Wadi Gaza mouth")), 1);
    /* Kerem Shalom is on the Israeli side, 302 m from the tri-point; Erez 101 m outside */
    assert_int_equal(geo_contains(gaza, AT("Kerem Shalom crossing")), 0);
    assert_int_equal(geo_contains(gaza, AT("Erez Crossing (Beit Hanoun)")), 0);
    /* the tri-point is a vertex of this outline: on the boundary counts as inside */
    assert_int_equal(geo_contains(gaza, AT("Egypt–Israel–Gaza tri-point")), 1);
    assert_int_equal(geo_contains(gaza, (geo_pt){34.8, 31.25}), 0); /* Beersheba direction */
#undef AT
    arena_release(&f.ar);
    arena_release(&pts.ar);
}

/* ---- buffers and combinations ---- */

static geo_pt destination(geo_pt from, double azimuth, double metres)
{
    struct geod_geodesic g;
    geod_init(&g, 6378137, 1 / 298.257223563);
    geo_pt to;
    geod_direct(&g, from.lat, from.lon, azimuth, metres, &to.lat, &to.lon, NULL);
    return to;
}

static void test_buffer_point(void **state)
{
    (void)state;
    geo_ctx *ctx = geo_ctx_new();
    assert_non_null(ctx);
    arena ar;
    arena_init(&ar, NULL);
    geo_pt c = {34.426689, 31.465129};
    geo_ring ring = {&c, 1, NULL};
    geo_part part = {&ring, 1};
    geo_shape pt = {.kind = GEO_POINT, .parts = &part, .n = 1};
    geo_shape out;
    assert_int_equal(geo_buffer(ctx, &ar, &pt, 1000, &out), 0);
    assert_int_equal(out.kind, GEO_POLYGON);
    assert_int_equal(out.n, 1);
    assert_near(geo_area_km2(&out), M_PI, M_PI * 0.005);
    assert_oriented(&out);
    for (double az = 0; az < 360; az += 45) {
        assert_int_equal(geo_contains(&out, destination(c, az, 990)), 1);
        assert_int_equal(geo_contains(&out, destination(c, az, 1010)), 0);
    }
    /* every vertex of the circle is 1000 m from the centre, to 0.1% */
    for (size_t k = 0; k < out.parts[0].rings[0].n; k++)
        assert_near(geo_distance_m(c, out.parts[0].rings[0].pts[k]), 1000, 1);
    assert_int_equal(geo_buffer(ctx, &ar, &pt, 0, &out), TRUCE_EARG);
    assert_int_equal(geo_buffer(ctx, &ar, &pt, -5, &out), TRUCE_EARG);
    arena_release(&ar);
    geo_ctx_free(ctx);
}

static void test_buffer_line(void **state)
{
    (void)state;
    geo_ctx *ctx = geo_ctx_new();
    fixture f;
    read_data(&f, "gaza_lines.geojson");
    const geo_shape *line = feature(&f, "Netzarim Corridor road (Route 749), approximate centerline");
    geo_shape out;
    assert_int_equal(geo_buffer(ctx, &f.ar, line, 700, &out), 0);
    assert_int_equal(out.kind, GEO_POLYGON);
    assert_oriented(&out);
    double len = geo_length_m(line), r = 700;
    double expect = (2 * r * len + M_PI * r * r) / 1e6;
    assert_near(geo_area_km2(&out), expect, expect * 0.01);
    /* the junction on the line is inside; a point 750 m across the road is not */
    geo_pt junction = line->parts[0].rings[0].pts[1];
    assert_int_equal(geo_contains(&out, junction), 1);
    assert_int_equal(geo_contains(&out, destination(junction, 40, 650)), 1);
    assert_int_equal(geo_contains(&out, destination(junction, 40, 750)), 0);
    /* buffering a polygon grows it by about perimeter x distance */
    poly p;
    const geo_shape *sq = rect(&p, 34.40, 31.48, 34.46, 31.53);
    assert_int_equal(geo_buffer(ctx, &f.ar, sq, 100, &out), 0);
    double grow = geo_area_km2(&out) - geo_area_km2(sq);
    double perim = 2 * geo_distance_m((geo_pt){34.40, 31.48}, (geo_pt){34.46, 31.48}) +
                   2 * geo_distance_m((geo_pt){34.40, 31.48}, (geo_pt){34.40, 31.53});
    assert_near(grow, (perim * 100 + M_PI * 100 * 100) / 1e6, 0.01 * perim * 100 / 1e6);
    arena_release(&f.ar);
    geo_ctx_free(ctx);
}

static void test_combine(void **state)
{
    (void)state;
    geo_ctx *ctx = geo_ctx_new();
    arena ar;
    arena_init(&ar, NULL);
    poly pa, pb, pc;
    const geo_shape *a = rect(&pa, 34.30, 31.30, 34.40, 31.40);
    const geo_shape *b = rect(&pb, 34.35, 31.32, 34.47, 31.45);
    const geo_shape *far = rect(&pc, 34.60, 31.60, 34.70, 31.70);
    geo_shape u, in, d, none;
    assert_int_equal(geo_combine(ctx, &ar, GEO_UNION, a, b, &u), 0);
    assert_int_equal(geo_combine(ctx, &ar, GEO_INTERSECTION, a, b, &in), 0);
    assert_int_equal(geo_combine(ctx, &ar, GEO_DIFFERENCE, a, b, &d), 0);
    assert_int_equal(u.kind, GEO_POLYGON);
    assert_int_equal(in.kind, GEO_POLYGON);
    assert_int_equal(d.kind, GEO_POLYGON);
    double A = geo_area_km2(a), B = geo_area_km2(b), U = geo_area_km2(&u), I = geo_area_km2(&in), D = geo_area_km2(&d);
    assert_true(I > 10 && I < A); /* a real overlap, about 0.05 x 0.08 degrees */
    assert_near(U, A + B - I, U * 0.001);
    assert_near(D, A - I, A * 0.001);
    /* the intersection is the rectangle [34.35, 34.40] x [31.32, 31.40] */
    poly pi;
    assert_near(I, geo_area_km2(rect(&pi, 34.35, 31.32, 34.40, 31.40)), I * 0.001);
    assert_oriented(&u);
    assert_oriented(&in);
    assert_oriented(&d);
    assert_int_equal(geo_contains(&u, (geo_pt){34.45, 31.43}), 1);
    assert_int_equal(geo_contains(&d, (geo_pt){34.37, 31.35}), 0);
    assert_int_equal(geo_contains(&d, (geo_pt){34.32, 31.35}), 1);

    /* disjoint: nothing in common; union keeps both as two parts */
    assert_int_equal(geo_combine(ctx, &ar, GEO_INTERSECTION, a, far, &none), 0);
    assert_int_equal(none.kind, GEO_EMPTY);
    assert_near(geo_area_km2(&none), 0, 0);
    assert_int_equal(geo_combine(ctx, &ar, GEO_UNION, a, far, &u), 0);
    assert_int_equal(u.n, 2);
    assert_near(geo_area_km2(&u), A + geo_area_km2(far), A * 0.001);
    /* the empty shape is neutral for union */
    assert_int_equal(geo_combine(ctx, &ar, GEO_UNION, &none, b, &u), 0);
    assert_near(geo_area_km2(&u), B, B * 0.001);

    /* a hole: the big square minus a small one inside it */
    const geo_shape *inner = rect(&pc, 34.32, 31.32, 34.34, 31.34);
    assert_int_equal(geo_combine(ctx, &ar, GEO_DIFFERENCE, a, inner, &d), 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.parts[0].n, 2);
    assert_oriented(&d);
    assert_near(geo_area_km2(&d), A - geo_area_km2(inner), A * 0.001);
    assert_int_equal(geo_contains(&d, (geo_pt){34.33, 31.33}), 0);
    arena_release(&ar);

    /* the five governorates make up the WOF outline (README: to 0.001 km^2) */
    fixture g, w;
    read_data(&g, "gaza_governorates_wof.geojson");
    read_data(&w, "gaza_strip_wof.geojson");
    geo_shape acc = g.c.features[0].shape;
    for (size_t i = 1; i < g.c.n; i++) {
        geo_shape next;
        assert_int_equal(geo_combine(ctx, &g.ar, GEO_UNION, &acc, &g.c.features[i].shape, &next), 0);
        acc = next;
    }
    const geo_shape *outline = feature(&w, "Gaza Strip");
    assert_near(geo_area_km2(&acc), geo_area_km2(outline), 0.01);
    geo_shape rest;
    assert_int_equal(geo_combine(ctx, &g.ar, GEO_DIFFERENCE, outline, &acc, &rest), 0);
    assert_true(geo_area_km2(&rest) < 0.01);
    arena_release(&g.ar);
    arena_release(&w.ar);
    geo_ctx_free(ctx);
}

/* ---- validation ---- */

static const char shapes[] =
    "{\"type\": \"FeatureCollection\", \"features\": [\n"                                             /* 1 */
    "{\"type\": \"Feature\", \"id\": \"square\", \"properties\": {},\n"                              /* 2 */
    " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[34.40, 31.48], [34.46, 31.48],\n"   /* 3 */
    "   [34.46, 31.53], [34.40, 31.53], [34.40, 31.48]]]}},\n"                                      /* 4 */
    "{\"type\": \"Feature\", \"id\": \"bowtie\", \"properties\": {},\n"                              /* 5 */
    " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[\n"                                  /* 6 */
    "   [34.30, 31.40],\n"                                                                          /* 7 */
    "   [34.36, 31.45],\n"                                                                          /* 8 */
    "   [34.36, 31.40],\n"                                                                          /* 9 */
    "   [34.30, 31.45],\n"                                                                          /* 10 */
    "   [34.30, 31.40]]]}},\n"                                                                      /* 11 */
    "{\"type\": \"Feature\", \"id\": \"swapped\", \"properties\": {},\n"                             /* 12 */
    " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[31.48, 34.40], [31.48, 34.46],\n"   /* 13 */
    "   [31.53, 34.46], [31.53, 34.40], [31.48, 34.40]]]}},\n"                                      /* 14 */
    "{\"type\": \"Feature\", \"id\": \"stray-hole\", \"properties\": {},\n"                          /* 15 */
    " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [\n"                                   /* 16 */
    "   [[34.40, 31.48], [34.46, 31.48], [34.46, 31.53], [34.40, 31.53], [34.40, 31.48]],\n"        /* 17 */
    "   [[34.50, 31.50], [34.50, 31.51], [34.51, 31.51], [34.51, 31.50], [34.50, 31.50]]]}},\n"     /* 18 */
    "{\"type\": \"Feature\", \"id\": \"overlap\", \"properties\": {},\n"                             /* 19 */
    " \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\": [\n"                              /* 20 */
    "   [[[34.40, 31.48], [34.46, 31.48], [34.46, 31.53], [34.40, 31.53], [34.40, 31.48]]],\n"      /* 21 */
    "   [[[34.44, 31.50], [34.50, 31.50], [34.50, 31.55], [34.44, 31.55], [34.44, 31.50]]]]}},\n"   /* 22 */
    "{\"type\": \"Feature\", \"id\": \"repeated\", \"properties\": {},\n"                            /* 23 */
    " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[34.40, 31.48], [34.46, 31.48],\n"   /* 24 */
    "   [34.46, 31.48], [34.46, 31.53], [34.40, 31.53], [34.40, 31.48]]]}},\n"                      /* 25 */
    "{\"type\": \"Feature\", \"id\": \"road\", \"properties\": {},\n"                                /* 26 */
    " \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[34.38, 31.45], [34.45, 31.52]]}}\n" /* 27 */
    "]}\n";

static void test_validate(void **state)
{
    (void)state;
    geo_ctx *ctx = geo_ctx_new();
    fixture f;
    assert_int_equal(read_str(&f, shapes), 0);
    assert_int_equal(f.c.n, 7);
    const geo_shape *square = feature(&f, "square");
    seen s;
    diag_sink sink = {collect, &s, 0, 0};
#define VALIDATE(id, region) (memset(&s, 0, sizeof s), geo_validate(ctx, feature(&f, id), region, "zone '" id "'", &sink))

    assert_int_equal(VALIDATE("square", NULL), 0);
    assert_int_equal(VALIDATE("repeated", NULL), 0); /* repeated consecutive positions are fine */
    assert_int_equal(VALIDATE("road", square), 0);
    assert_int_equal(VALIDATE("square", feature(&f, "road")), 0);
    assert_int_equal(s.n, 0);

    /* the bow-tie's edges cross at (34.33, 31.425), between the positions on lines 7 and 10 */
    assert_int_equal(VALIDATE("bowtie", NULL), 1);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.d[0].sev, TRUCE_ERROR);
    assert_true(s.d[0].line == 7 || s.d[0].line == 10);
    assert_int_equal(s.d[0].col, 4);
    assert_non_null(strstr(s.d[0].message, "zone 'bowtie' is not a valid shape: its edges cross at (34.33, 31.425)"));
    assert_non_null(strstr(s.d[0].hint, "bow-tie"));

    /* swapped: outside the square's region, but inside it once swapped; reported at the first
     * position (line 13, column 51) */
    assert_int_equal(VALIDATE("swapped", square), 1);
    expect_diag(&s, 0, 13, 51, "zone 'swapped': coordinates look like latitude, longitude; GeoJSON wants longitude, latitude");
    assert_non_null(strstr(s.d[0].hint, "[31.48, 34.4] becomes [34.4, 31.48]"));
    /* without a region there is nothing to compare with; far from any region it is not a swap */
    assert_int_equal(VALIDATE("swapped", NULL), 0);
    poly p;
    assert_int_equal(VALIDATE("swapped", rect(&p, 10, 10, 11, 11)), 0);

    /* a hole outside its polygon: reported at the hole's first position (line 18) */
    assert_int_equal(VALIDATE("stray-hole", NULL), 1);
    expect_diag(&s, 0, 18, 5, "a hole lies outside its outer ring");
    /* overlapping parts of a MultiPolygon */
    assert_int_equal(VALIDATE("overlap", NULL), 1);
    assert_non_null(strstr(s.d[0].message, "two of its parts overlap"));
    assert_true(s.d[0].line == 21 || s.d[0].line == 22);
#undef VALIDATE
    assert_int_equal(geo_validate(NULL, square, NULL, "x", &sink), TRUCE_EARG);
    arena_release(&f.ar);
    geo_ctx_free(ctx);
}

/* ---- reading GeoJSON ---- */

static void test_geojson_features(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(read_str(&f,
                              "{\"type\": \"FeatureCollection\", \"features\": [\n"
                              "  {\"type\": \"Feature\", \"id\": 17, \"properties\": {\"name\": \"Seventeen\"},\n"
                              "   \"geometry\": {\"type\": \"MultiPoint\", \"coordinates\": [[34.4, 31.5], [34.5, 31.6, 12]]}},\n"
                              "  {\"type\": \"Feature\", \"properties\": {\"id\": \"road\", \"name\": \"Road\"},\n"
                              "   \"geometry\": {\"type\": \"MultiLineString\", \"coordinates\": [[[34.4, 31.5], [34.5, 31.6]], [[34, 31], [34.1, 31]]]}},\n"
                              "  {\"type\": \"Feature\", \"properties\": null, \"geometry\": null}\n"
                              "]}\n"),
                     0);
    assert_int_equal(f.c.n, 3);
    const geo_feature *a = geo_find_feature(&f.c, "17");
    assert_non_null(a);
    assert_string_equal(a->name, "Seventeen");
    assert_int_equal(a->shape.kind, GEO_POINT);
    assert_int_equal(a->shape.n, 2);
    assert_near(a->shape.parts[1].rings[0].pts[0].lat, 31.6, 0);
    assert_int_equal(a->shape.parts[1].rings[0].at[0].line, 3);
    assert_int_equal(a->shape.parts[1].rings[0].at[0].col, 69);
    assert_near(a->shape.minlon, 34.4, 0);
    assert_near(a->shape.maxlat, 31.6, 0);
    assert_ptr_equal(geo_find_feature(&f.c, "Seventeen"), a);
    const geo_feature *road = geo_find_feature(&f.c, "road");
    assert_non_null(road);
    assert_int_equal(road->shape.kind, GEO_LINE);
    assert_int_equal(road->shape.n, 2);
    assert_ptr_equal(geo_find_feature(&f.c, "Road"), road);
    assert_int_equal(f.c.features[2].shape.kind, GEO_EMPTY);
    assert_null(geo_find_feature(&f.c, "nothing"));
    arena_release(&f.ar);

    /* a Feature and a bare geometry at the top */
    assert_int_equal(read_str(&f, "{\"type\": \"Feature\", \"id\": \"x\", \"geometry\": {\"type\": \"Point\", "
                                  "\"coordinates\": [34.4, 31.5]}}"),
                     0);
    assert_int_equal(f.c.n, 1);
    assert_string_equal(f.c.features[0].id, "x");
    arena_release(&f.ar);
    assert_int_equal(read_str(&f, "type: Polygon\ncoordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]]\n"), 0);
    assert_int_equal(f.c.n, 1);
    assert_null(f.c.features[0].id);
    assert_int_equal(f.c.features[0].shape.kind, GEO_POLYGON);
    assert_int_equal(f.c.features[0].shape.at.line, 1);
    arena_release(&f.ar);
    /* an empty MultiPolygon is valid GeoJSON: an empty shape */
    assert_int_equal(read_str(&f, "{\"type\": \"MultiPolygon\", \"coordinates\": []}"), 0);
    assert_int_equal(f.c.features[0].shape.kind, GEO_EMPTY);
    arena_release(&f.ar);
}

static void test_geojson_errors(void **state)
{
    (void)state;
    fixture f;
    /* each feature has one mistake; the good one is kept */
    int r = read_str(&f, "{\"type\": \"FeatureCollection\", \"features\": [\n"                                    /* 1 */
                         "{\"type\": \"Feature\", \"id\": \"open\", \"properties\": {},\n"                         /* 2 */
                         " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [\n"                             /* 3 */
                         "   [[34.21, 31.32], [34.46, 31.48], [34.46, 31.53], [34.40, 31.53]]]}},\n"               /* 4 */
                         "{\"type\": \"Feature\", \"id\": \"short\", \"properties\": {},\n"                        /* 5 */
                         " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [\n"                             /* 6 */
                         "   [[34.40, 31.48], [34.46, 31.48], [34.40, 31.48]]]}},\n"                               /* 7 */
                         "{\"type\": \"Feature\", \"id\": \"far\", \"properties\": {},\n"                          /* 8 */
                         " \"geometry\": {\"type\": \"Point\", \"coordinates\": [234.4, 31.5]}},\n"                /* 9 */
                         "{\"type\": \"Feature\", \"id\": \"text\", \"properties\": {},\n"                         /* 10 */
                         " \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[34.4, 31.5], \"34.5, 31.6\"]}},\n" /* 11 */
                         "{\"type\": \"Feature\", \"id\": \"word\", \"properties\": {},\n"                         /* 12 */
                         " \"geometry\": {\"type\": \"Point\", \"coordinates\": [east, \"31.5\"]}},\n"             /* 13 */
                         "{\"type\": \"Feature\", \"id\": \"north\", \"properties\": {},\n"                        /* 14 */
                         " \"geometry\": {\"type\": \"Point\", \"coordinates\": [34.4, -91]}},\n"                  /* 15 */
                         "{\"type\": \"Feature\", \"id\": \"typo\", \"properties\": {},\n"                         /* 16 */
                         " \"geometry\": {\"type\": \"Polygn\", \"coordinates\": []}},\n"                          /* 17 */
                         "{\"type\": \"Feature\", \"id\": \"ok\", \"properties\": {},\n"                           /* 18 */
                         " \"geometry\": {\"type\": \"Point\", \"coordinates\": [34.4, 31.5]}},\n"                 /* 19 */
                         "{\"id\": \"untyped\", \"geometry\": {\"coordinates\": [34.4, 31.5]}},\n"                 /* 20 */
                         "{\"type\": \"Feature\", \"id\": \"gc\", \"geometry\": {\"type\": \"GeometryCollection\", \"geometries\": []}}\n" /* 21 */
                         "]}\n");
    if (r != 10) dump(&f.seen);
    assert_int_equal(r, 10);
    expect_diag(&f.seen, 0, 4, 4, "this ring is not closed: its last position differs from its first (34.21, 31.32)");
    expect_diag(&f.seen, 1, 7, 4, "a polygon ring needs at least 4 positions, this one has 3");
    expect_diag(&f.seen, 2, 9, 48, "longitude 234.4 is out of range (-180 to 180)");
    expect_diag(&f.seen, 3, 11, 67, "expected a position [longitude, latitude], got a text");
    expect_diag(&f.seen, 4, 13, 48, "expected a number for the longitude, got a text ('east')");
    expect_diag(&f.seen, 5, 13, 54, "expected a number for the latitude, got a text ('31.5')");
    assert_string_equal(f.seen.d[5].hint, "numbers are written without quotes in GeoJSON");
    expect_diag(&f.seen, 6, 15, 54, "latitude -91 is out of range (-90 to 90)");
    expect_diag(&f.seen, 7, 17, 23, "unknown GeoJSON type \"Polygn\"");
    assert_string_equal(f.seen.d[7].hint, "did you mean \"Polygon\"?");
    expect_diag(&f.seen, 8, 20, 1, "this object has no \"type\"");
    expect_diag(&f.seen, 9, 21, 54, "a GeometryCollection is not supported");
    assert_int_equal(f.c.n, 1);
    assert_string_equal(f.c.features[0].id, "ok");
    arena_release(&f.ar);

    /* the shape of the document itself */
    assert_int_equal(read_str(&f, "[1, 2]"), 1);
    expect_diag(&f.seen, 0, 1, 1, "expected a GeoJSON object");
    arena_release(&f.ar);
    assert_int_equal(read_str(&f, "{\"type\": \"FeatureCollection\", \"features\": {}}"), 1);
    expect_diag(&f.seen, 0, 1, 43, "\"features\" must be a list of Features, got a mapping");
    arena_release(&f.ar);
    assert_int_equal(read_str(&f, "{\"type\": \"Feature\", \"properties\": {}}"), 1);
    expect_diag(&f.seen, 0, 1, 1, "this feature has no \"geometry\"");
    arena_release(&f.ar);
    assert_int_equal(read_str(&f, "{\"type\": \"LineString\", \"coordinates\": [[34.4, 31.5]]}"), 1);
    expect_diag(&f.seen, 0, 1, 39, "a line needs at least 2 positions, this one has 1");
    arena_release(&f.ar);
    assert_int_equal(read_str(&f, "{\"type\": \"Point\", \"coordinates\": [34.4]}"), 1);
    expect_diag(&f.seen, 0, 1, 34, "a position needs a longitude and a latitude, this one has 1 number");
    arena_release(&f.ar);
    assert_int_equal(read_str(&f, "{\"type\": \"Polygon\", \"coordinates\": []}"), 1);
    expect_diag(&f.seen, 0, 1, 36, "a polygon needs at least its outer ring");
    arena_release(&f.ar);
    assert_int_equal(read_str(&f, "{\"type\": \"Point\"}"), 1);
    expect_diag(&f.seen, 0, 1, 1, "this Point has no \"coordinates\"");
    arena_release(&f.ar);
}

/* The checker's own bad inputs read as they should (their errors are found elsewhere). */
static void test_bad_fixtures(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    FILE *fp = fopen("tests/bad/zones/unclosed.geojson", "rb");
    if (!fp) skip();
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    assert_int_equal(read_text(&f, "unclosed.geojson", buf, n), 1);
    assert_non_null(strstr(f.seen.d[0].message, "this ring is not closed"));
    assert_int_equal(f.seen.d[0].line, 3);
    assert_int_equal(f.c.n, 0);
    arena_release(&f.ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ctx),
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_length),
        cmocka_unit_test(test_area),
        cmocka_unit_test(test_contains),
        cmocka_unit_test(test_buffer_point),
        cmocka_unit_test(test_buffer_line),
        cmocka_unit_test(test_combine),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_geojson_features),
        cmocka_unit_test(test_geojson_errors),
        cmocka_unit_test(test_bad_fixtures),
    };
    return cmocka_run_group_tests_name("geo", tests, NULL, NULL);
}
