/* gen.c: writes the corridor benchmark's data: 11 zones around Gaza built from the bundled example's
 * real zone files (examples/gaza-2024-bridging/zones, read with the project's GeoJSON reader; the
 * 700 m band and the holed zones made with geo_buffer and geo_combine), 20 rules "party P must not be
 * in zone Z between T0 and T1", and N synthetic position reports. It does not time anything.
 * Usage (from the repository root): gen DIR N [seed]. Writes DIR/zones.geojson, DIR/zones.ewkb.csv
 * (hex EWKB for PostGIS), DIR/rules.csv and DIR/reports.csv (party,unit,time,lon,lat). */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>

#include "corridor.h"

#define ZDIR "examples/gaza-2024-bridging/zones/"
#define T0 INT64_C(1737244800) /* 2025-01-19T00:00:00Z */
#define DAY INT64_C(86400)

typedef struct zone {
    const char *id, *name;
    geo_shape shape;
} zone;

static const geo_shape *feature(const geo_collection *c, const char *id)
{
    const geo_feature *f = geo_find_feature(c, id);
    if (!f) {
        fprintf(stderr, "gen: feature '%s' missing from the example's zone files\n", id);
        exit(1);
    }
    return &f->shape;
}

static void check(int err, const char *what)
{
    if (err) {
        fprintf(stderr, "gen: %s: %s\n", what, truce_strerror(err));
        exit(1);
    }
}

/* ---- writing ---- */

static void write_ring_json(FILE *f, const geo_ring *r)
{
    fputc('[', f);
    for (size_t i = 0; i < r->n; i++) fprintf(f, "%s[%.17g,%.17g]", i ? "," : "", r->pts[i].lon, r->pts[i].lat);
    fputc(']', f);
}

static void write_geojson(const char *path, const zone *z, size_t nz)
{
    FILE *f = fopen(path, "w");
    if (!f) check(TRUCE_EIO, path);
    fprintf(f, "{\"type\":\"FeatureCollection\",\"metadata\":{\"note\":\"corridor benchmark zones, built by "
               "bench/corridor/gen from examples/gaza-2024-bridging/zones (demo data, not authoritative)\"},"
               "\"features\":[\n");
    for (size_t i = 0; i < nz; i++) {
        const geo_shape *s = &z[i].shape;
        fprintf(f, "{\"type\":\"Feature\",\"id\":\"%s\",\"properties\":{\"name\":\"%s\",\"index\":%zu},"
                   "\"geometry\":{\"type\":\"%s\",\"coordinates\":",
                z[i].id, z[i].name, i, s->n > 1 ? "MultiPolygon" : "Polygon");
        if (s->n > 1) fputc('[', f);
        for (size_t p = 0; p < s->n; p++) {
            fprintf(f, "%s[", p ? "," : "");
            for (size_t r = 0; r < s->parts[p].n; r++) {
                if (r) fputc(',', f);
                write_ring_json(f, &s->parts[p].rings[r]);
            }
            fputc(']', f);
        }
        if (s->n > 1) fputc(']', f);
        fprintf(f, "}}%s\n", i + 1 < nz ? "," : "");
    }
    fprintf(f, "]}\n");
    fclose(f);
}

static void hex_u32(FILE *f, uint32_t v)
{
    for (int i = 0; i < 4; i++) fprintf(f, "%02x", (unsigned)(v >> (8 * i)) & 0xff);
}

static void hex_f64(FILE *f, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    for (int i = 0; i < 8; i++) fprintf(f, "%02x", (unsigned)(v >> (8 * i)) & 0xff);
}

/* Each zone as a MultiPolygon in little-endian hex EWKB with SRID 4326: the exact same doubles. */
static void write_ewkb(const char *path, const zone *z, size_t nz)
{
    FILE *f = fopen(path, "w");
    if (!f) check(TRUCE_EIO, path);
    for (size_t i = 0; i < nz; i++) {
        const geo_shape *s = &z[i].shape;
        fprintf(f, "%zu\t%s\t01", i, z[i].id);
        hex_u32(f, 6u | 0x20000000u);
        hex_u32(f, 4326);
        hex_u32(f, (uint32_t)s->n);
        for (size_t p = 0; p < s->n; p++) {
            fprintf(f, "01");
            hex_u32(f, 3);
            hex_u32(f, (uint32_t)s->parts[p].n);
            for (size_t r = 0; r < s->parts[p].n; r++) {
                const geo_ring *ring = &s->parts[p].rings[r];
                hex_u32(f, (uint32_t)ring->n);
                for (size_t k = 0; k < ring->n; k++) hex_f64(f, ring->pts[k].lon), hex_f64(f, ring->pts[k].lat);
            }
        }
        fputc('\n', f);
    }
    fclose(f);
}

/* 1 when v is a vertex of, or farther than 1e-9 degrees from, every edge of every zone: there
 * geo_contains (on-edge tolerance about 1e-11 degrees) and GEOS/PostGIS (exact predicates) must
 * agree. Vertices of one zone lying a rounding error off another zone's edge (where zones were cut
 * from each other) are where they may not, and are not used as report positions. */
static int clear_vertex(const zone *z, size_t nz, geo_pt v)
{
    for (size_t i = 0; i < nz; i++)
        for (size_t p = 0; p < z[i].shape.n; p++)
            for (size_t r = 0; r < z[i].shape.parts[p].n; r++) {
                const geo_ring *ring = &z[i].shape.parts[p].rings[r];
                for (size_t k = 0; k + 1 < ring->n; k++) {
                    geo_pt a = ring->pts[k], b = ring->pts[k + 1];
                    if ((a.lon == v.lon && a.lat == v.lat) || (b.lon == v.lon && b.lat == v.lat)) continue;
                    double dx = b.lon - a.lon, dy = b.lat - a.lat, l2 = dx * dx + dy * dy;
                    double t = l2 > 0 ? ((v.lon - a.lon) * dx + (v.lat - a.lat) * dy) / l2 : 0;
                    t = t < 0 ? 0 : t > 1 ? 1 : t;
                    if (hypot(a.lon + t * dx - v.lon, a.lat + t * dy - v.lat) <= 1e-9) return 0;
                }
            }
    return 1;
}

/* ---- random numbers (xorshift64*, fixed seed: the same file every run) ---- */

static uint64_t rs;
static uint64_t rnd(void)
{
    rs ^= rs >> 12, rs ^= rs << 25, rs ^= rs >> 27;
    return rs * 2685821657736338717u;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static double normal(void)
{
    double u = unif(), v = unif();
    return sqrt(-2 * log(u + 1e-300)) * cos(2 * M_PI * v);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gen DIR N [seed]   (run from the repository root)\n");
        return 2;
    }
    const char *dir = argv[1];
    long long n = atoll(argv[2]);
    rs = argc > 3 ? strtoull(argv[3], NULL, 10) : 20250119;
    if (!rs) rs = 1;
    arena ar;
    arena_init(&ar, NULL);
    geo_collection strip, gov, lines;
    if (corridor_read_geojson(&ar, ZDIR "gaza_strip_osm.geojson", &strip) ||
        corridor_read_geojson(&ar, ZDIR "gaza_governorates_wof.geojson", &gov) ||
        corridor_read_geojson(&ar, ZDIR "gaza_lines.geojson", &lines))
        return 1;
    geo_ctx *ctx = geo_ctx_new();
    if (!ctx) check(TRUCE_ENOMEM, "geo_ctx_new");

    zone z[11];
    size_t nz = 0;
    const geo_shape *gaza = feature(&strip, "gaza-strip");
    z[nz++] = (zone){"gaza-strip", "Gaza Strip (OSM)", *gaza};
    /* the 700 m band: everything in the strip within 700 m of the Gaza-Israel boundary */
    geo_shape buf, band;
    {   /* every other vertex of the 126-vertex boundary line, so the band has about 200 vertices */
        const geo_shape *bl = feature(&lines, "gaza-israel-boundary");
        const geo_ring *r = &bl->parts[0].rings[0];
        geo_ring thin = {arena_alloc(&ar, r->n * sizeof(geo_pt)), 0, NULL};
        for (size_t i = 0; i < r->n; i++)
            if (i % 2 == 0 || i + 1 == r->n) thin.pts[thin.n++] = r->pts[i];
        geo_part part = {&thin, 1};
        geo_shape line = {.kind = GEO_LINE, .parts = &part, .n = 1};
        check(geo_buffer(ctx, &ar, &line, 700, &buf), "buffer of the boundary");
    }
    check(geo_combine(ctx, &ar, GEO_INTERSECTION, &buf, gaza, &band), "band");
    z[nz++] = (zone){"israel-band-700m", "700 m band along the Gaza-Israel boundary", band};
    const geo_shape *netz = feature(&lines, "netzarim-zone-approx"), *phil = feature(&lines, "philadelphi-strip-100m");
    z[nz++] = (zone){"netzarim", "Netzarim corridor (approximate)", *netz};
    z[nz++] = (zone){"philadelphi", "Philadelphi corridor (100 m strip)", *phil};
    static const char *govs[] = {"north-gaza", "gaza-governorate", "deir-al-balah", "khan-yunis", "rafah-governorate"};
    for (size_t i = 0; i < 5; i++) z[nz++] = (zone){govs[i], govs[i], *feature(&gov, govs[i])};
    /* the strip minus both corridors: a multipolygon */
    geo_shape t1, t2;
    check(geo_combine(ctx, &ar, GEO_DIFFERENCE, gaza, netz, &t1), "strip minus Netzarim");
    check(geo_combine(ctx, &ar, GEO_DIFFERENCE, &t1, phil, &t2), "strip minus Philadelphi");
    z[nz++] = (zone){"strip-minus-corridors", "Gaza Strip minus both corridors", t2};
    /* Deir al-Balah minus two 800 m circles (synthetic exclusion areas): a polygon with holes */
    const geo_shape *deir = feature(&gov, "deir-al-balah");
    geo_shape holed = *deir;
    double cx = (deir->minlon + deir->maxlon) / 2, cy = (deir->minlat + deir->maxlat) / 2;
    for (int k = 0; k < 2; k++) {
        geo_pt c = {cx + (k ? 0.012 : -0.008), cy + (k ? -0.006 : 0.008)};
        for (int tries = 0; !geo_contains(deir, c) && tries < 100; tries++) c.lon += 0.001 * (k ? -1 : 1);
        geo_ring ring = {&c, 1, NULL};
        geo_part part = {&ring, 1};
        geo_shape pt = {.kind = GEO_POINT, .parts = &part, .n = 1}, circle, out;
        check(geo_buffer(ctx, &ar, &pt, 800, &circle), "circle");
        check(geo_combine(ctx, &ar, GEO_DIFFERENCE, &holed, &circle, &out), "Deir al-Balah minus a circle");
        holed = out;
    }
    z[nz++] = (zone){"deir-al-balah-holed", "Deir al-Balah minus two 800 m circles (synthetic)", holed};
    for (size_t i = 0; i < nz; i++) {
        geo_shape_bbox(&z[i].shape);
        size_t v = 0, holes = 0;
        for (size_t p = 0; p < z[i].shape.n; p++) {
            holes += z[i].shape.parts[p].n - 1;
            for (size_t r = 0; r < z[i].shape.parts[p].n; r++) v += z[i].shape.parts[p].rings[r].n;
        }
        fprintf(stderr, "zone %2zu %-22s %zu parts, %zu holes, %zu vertices\n", i, z[i].id, z[i].shape.n, holes, v);
    }

    char path[4096];
    snprintf(path, sizeof path, "%s/zones.geojson", dir);
    write_geojson(path, z, nz);
    snprintf(path, sizeof path, "%s/zones.ewkb.csv", dir);
    write_ewkb(path, z, nz);

    /* rules: party 0 israel, 1 hamas, 2 other armed groups; days from 2025-01-19 */
    static const struct { int party, zone, d0, d1; } R[] = {
        {0, 5, 0, 84},  {0, 4, 7, 84},   {0, 6, 0, 84},  {0, 7, 0, 84},  {0, 8, 22, 84},
        {0, 2, 22, 84}, {0, 3, 50, 84},  {0, 9, 42, 84}, {0, 10, 0, 84}, {1, 1, 0, 84},
        {1, 3, 0, 42},  {1, 2, 0, 22},   {0, 0, 84, 120}, {1, 1, 84, 120}, {2, 0, 0, 120},
        {2, 1, 0, 42},  {1, 8, 0, 7},    {1, 2, 42, 84}, {2, 2, 22, 84}, {0, 9, 84, 120},
    };
    snprintf(path, sizeof path, "%s/rules.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) check(TRUCE_EIO, path);
    fprintf(f, "rule,party,zone,t0,t1\n");
    for (size_t i = 0; i < sizeof R / sizeof R[0]; i++)
        fprintf(f, "%zu,%d,%d,%" PRId64 ",%" PRId64 "\n", i, R[i].party, R[i].zone, T0 + R[i].d0 * DAY, T0 + R[i].d1 * DAY);
    fclose(f);

    /* reports: mostly over the strip, some along the boundary and the corridors, some far away,
     * a few exactly on zone vertices (written with 17 digits so they stay exact) */
    const geo_ring *bl = &feature(&lines, "gaza-israel-boundary")->parts[0].rings[0];
    snprintf(path, sizeof path, "%s/reports.csv", dir);
    f = fopen(path, "w");
    if (!f) check(TRUCE_EIO, path);
    static char iobuf[1 << 20];
    setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
    fprintf(f, "party,unit,time,lon,lat\n");
    for (long long i = 0; i < n; i++) {
        uint64_t u = rnd();
        int party = (int)(u % 10 < 5 ? 0 : u % 10 < 9 ? 1 : 2);
        long unit = (long)((u >> 8) % 10000);
        int64_t t = T0 - 10 * DAY + (int64_t)((u >> 24) % (uint64_t)(140 * DAY));
        double x, y, pick = unif();
        if (pick < 0.0005) { /* on a vertex */
            const geo_shape *s = &z[rnd() % nz].shape;
            const geo_part *p = &s->parts[rnd() % s->n];
            const geo_ring *r = &p->rings[rnd() % p->n];
            geo_pt v = r->pts[rnd() % r->n];
            if (!clear_vertex(z, nz, v)) {
                i--;
                continue;
            }
            fprintf(f, "%d,%ld,%" PRId64 ",%.17g,%.17g\n", party, unit, t, v.lon, v.lat);
            continue;
        }
        if (pick < 0.70) x = 34.20 + 0.38 * unif(), y = 31.21 + 0.40 * unif();
        else if (pick < 0.85) { /* near the boundary line */
            size_t k = rnd() % (bl->n - 1);
            double s = unif();
            x = bl->pts[k].lon + s * (bl->pts[k + 1].lon - bl->pts[k].lon) + 0.006 * normal();
            y = bl->pts[k].lat + s * (bl->pts[k + 1].lat - bl->pts[k].lat) + 0.006 * normal();
        } else if (pick < 0.90) { /* near a corridor */
            const geo_shape *s = rnd() & 1 ? netz : phil;
            x = s->minlon + (s->maxlon - s->minlon) * unif(), y = s->minlat + (s->maxlat - s->minlat) * unif();
        } else x = 33.5 + 2 * unif(), y = 30.5 + 2 * unif(); /* the wider region */
        fprintf(f, "%d,%ld,%" PRId64 ",%.7f,%.7f\n", party, unit, t, x, y);
    }
    if (fclose(f)) check(TRUCE_EIO, path);
    geo_ctx_free(ctx);
    arena_release(&ar);
    return 0;
}
