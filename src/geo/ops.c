/* ops.c: derived shapes with GEOS: buffer, union, intersection, difference. Shapes go to GEOS in
 * a local azimuthal equidistant projection (PROJ, centred on the inputs' bounding box) so that
 * distances are true metres, and come back to lon/lat as polygons (exteriors counter-clockwise,
 * holes clockwise) in the caller's arena. Lines and points in a result are dropped. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geo/internal.h"

typedef geo_job job;

/* ---- projection ---- */

static PJ *local_projection(geo_ctx *ctx, double lon, double lat)
{
    char la[32], lo[32], def[256];
    snprintf(def, sizeof def,
             "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
             "+step +proj=aeqd +lat_0=%s +lon_0=%s +ellps=WGS84",
             geo_fmt_deg(lat, la), geo_fmt_deg(lon, lo));
    return proj_create(ctx->pj, def);
}

static int project(PJ *pj, PJ_DIRECTION dir, double *x, double *y)
{
    if (!pj) return isfinite(*x) && isfinite(*y) ? 0 : TRUCE_EGEOMETRY;
    PJ_COORD c = proj_coord(*x, *y, 0, 0);
    c = proj_trans(pj, dir, c);
    if (!isfinite(c.xy.x) || !isfinite(c.xy.y)) return TRUCE_EPROJ;
    *x = c.xy.x, *y = c.xy.y;
    return 0;
}

/* ---- geo_shape to GEOS ---- */

static int to_seq(const job *j, const geo_ring *r, GEOSCoordSequence **out)
{
    *out = NULL;
    if (r->n > 0xffffffffu) return TRUCE_EGEOMETRY;
    GEOSCoordSequence *seq = GEOSCoordSeq_create_r(j->h, (unsigned)r->n, 2);
    if (!seq) return TRUCE_ENOMEM;
    for (size_t k = 0; k < r->n; k++) {
        double x = r->pts[k].lon, y = r->pts[k].lat;
        int e = project(j->pj, PJ_FWD, &x, &y);
        if (e || !GEOSCoordSeq_setXY_r(j->h, seq, (unsigned)k, x, y)) {
            GEOSCoordSeq_destroy_r(j->h, seq);
            return e ? e : TRUCE_EGEOMETRY;
        }
    }
    *out = seq;
    return 0;
}

static int ring_ok(const geo_ring *r)
{
    return r->n >= 4 && r->pts[0].lon == r->pts[r->n - 1].lon && r->pts[0].lat == r->pts[r->n - 1].lat;
}

/* One part as a GEOS point, line or polygon. GEOS constructors take ownership of what they are
 * given, on failure too, so only what is not yet handed over is freed here. */
int geo_part_to_geos(const job *j, geo_kind kind, const geo_part *part, GEOSGeometry **out)
{
    *out = NULL;
    if (part->n == 0) return TRUCE_EGEOMETRY;
    if (kind == GEO_POINT || kind == GEO_LINE) {
        const geo_ring *r = &part->rings[0];
        if (kind == GEO_POINT ? r->n < 1 : r->n < 2) return TRUCE_EGEOMETRY;
        if (kind == GEO_POINT) {
            double x = r->pts[0].lon, y = r->pts[0].lat;
            int e = project(j->pj, PJ_FWD, &x, &y);
            if (e) return e;
            *out = GEOSGeom_createPointFromXY_r(j->h, x, y);
            return *out ? 0 : TRUCE_EGEOMETRY;
        }
        GEOSCoordSequence *seq;
        int e = to_seq(j, r, &seq);
        if (e) return e;
        *out = GEOSGeom_createLineString_r(j->h, seq);
        return *out ? 0 : TRUCE_EGEOMETRY;
    }
    for (size_t i = 0; i < part->n; i++)
        if (!ring_ok(&part->rings[i])) return TRUCE_EGEOMETRY;
    size_t bytes = part->n * sizeof(GEOSGeometry *);
    GEOSGeometry **rings = alloc_mem(j->alloc, bytes);
    if (!rings) return TRUCE_ENOMEM;
    int e = 0;
    size_t made = 0;
    for (; made < part->n; made++) {
        GEOSCoordSequence *seq;
        e = to_seq(j, &part->rings[made], &seq);
        if (e) break;
        rings[made] = GEOSGeom_createLinearRing_r(j->h, seq);
        if (!rings[made]) {
            e = TRUCE_EGEOMETRY;
            break;
        }
    }
    if (e) {
        for (size_t i = 0; i < made; i++) GEOSGeom_destroy_r(j->h, rings[i]);
    } else {
        /* GEOS copies the hole pointers, so the array can go right after */
        *out = GEOSGeom_createPolygon_r(j->h, rings[0], rings + 1, (unsigned)(part->n - 1));
        if (!*out) e = TRUCE_EGEOMETRY;
    }
    alloc_free(j->alloc, rings, bytes);
    return e;
}

int geo_to_geos(const job *j, const geo_shape *s, GEOSGeometry **out)
{
    *out = NULL;
    int type = s->kind == GEO_POINT ? GEOS_MULTIPOINT : s->kind == GEO_LINE ? GEOS_MULTILINESTRING : GEOS_MULTIPOLYGON;
    if (s->kind == GEO_EMPTY || s->n == 0) {
        *out = GEOSGeom_createEmptyCollection_r(j->h, type);
        return *out ? 0 : TRUCE_ENOMEM;
    }
    if (s->n > 0xffffffffu) return TRUCE_EGEOMETRY;
    size_t bytes = s->n * sizeof(GEOSGeometry *);
    GEOSGeometry **parts = alloc_mem(j->alloc, bytes);
    if (!parts) return TRUCE_ENOMEM;
    int e = 0;
    for (size_t i = 0; i < s->n && !e; i++) {
        e = geo_part_to_geos(j, s->kind, &s->parts[i], &parts[i]);
        if (e)
            for (size_t k = 0; k < i; k++) GEOSGeom_destroy_r(j->h, parts[k]);
    }
    if (!e) {
        *out = GEOSGeom_createCollection_r(j->h, type, parts, (unsigned)s->n);
        if (!*out) e = TRUCE_EGEOMETRY;
    }
    alloc_free(j->alloc, parts, bytes);
    return e;
}

/* ---- GEOS to geo_shape ---- */

/* Twice the signed area of a closed ring in lon/lat: > 0 when counter-clockwise. Taken relative
 * to the first point, so small rings far from (0, 0) keep their digits. */
static double signed_area2(const geo_ring *r)
{
    double a = 0, x0 = r->pts[0].lon, y0 = r->pts[0].lat;
    for (size_t k = 1; k < r->n; k++)
        a += (r->pts[k - 1].lon - x0) * (r->pts[k].lat - y0) - (r->pts[k].lon - x0) * (r->pts[k - 1].lat - y0);
    return a;
}

static int ring_from_geos(const job *j, const GEOSGeometry *g, int hole, geo_ring *r)
{
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(j->h, g);
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(j->h, seq, &n) || n < 4) return TRUCE_EGEOMETRY;
    r->pts = arena_alloc(j->ar, n * sizeof *r->pts);
    if (!r->pts) return TRUCE_ENOMEM;
    r->n = n;
    r->at = NULL;
    for (unsigned k = 0; k < n; k++) {
        double x, y;
        if (!GEOSCoordSeq_getXY_r(j->h, seq, k, &x, &y)) return TRUCE_EGEOMETRY;
        int e = project(j->pj, PJ_INV, &x, &y);
        if (e) return e;
        r->pts[k] = (geo_pt){x, y};
    }
    r->pts[n - 1] = r->pts[0];
    double a = signed_area2(r);
    if (hole ? a > 0 : a < 0)
        for (size_t lo = 0, hi = n - 1; lo < hi; lo++, hi--) {
            geo_pt t = r->pts[lo];
            r->pts[lo] = r->pts[hi];
            r->pts[hi] = t;
        }
    return 0;
}

static int polygon_from_geos(const job *j, const GEOSGeometry *g, geo_part *part)
{
    int nholes = GEOSGetNumInteriorRings_r(j->h, g);
    const GEOSGeometry *shell = GEOSGetExteriorRing_r(j->h, g);
    if (nholes < 0 || !shell) return TRUCE_EGEOMETRY;
    part->n = (size_t)nholes + 1;
    part->rings = arena_alloc(j->ar, part->n * sizeof *part->rings);
    if (!part->rings) return TRUCE_ENOMEM;
    int e = ring_from_geos(j, shell, 0, &part->rings[0]);
    for (int i = 0; i < nholes && !e; i++) {
        const GEOSGeometry *hole = GEOSGetInteriorRingN_r(j->h, g, i);
        e = hole ? ring_from_geos(j, hole, 1, &part->rings[i + 1]) : TRUCE_EGEOMETRY;
    }
    return e;
}

/* Appends every non-empty polygon in g (which may be a collection) to out. */
static int collect_polygons(const job *j, const GEOSGeometry *g, geo_shape *out, vec *parts)
{
    int type = GEOSGeomTypeId_r(j->h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(j->h, g)) return 0;
        geo_part *part = vec_push(j->ar, parts, sizeof *part);
        if (!part) return TRUCE_ENOMEM;
        return polygon_from_geos(j, g, part);
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(j->h, g);
        for (int i = 0; i < n; i++) {
            const GEOSGeometry *sub = GEOSGetGeometryN_r(j->h, g, i);
            if (!sub) return TRUCE_EGEOMETRY;
            int e = collect_polygons(j, sub, out, parts);
            if (e) return e;
        }
    }
    return 0; /* points and lines are not areas */
}

static int from_geos(const job *j, const GEOSGeometry *g, pos at, geo_shape *out)
{
    vec parts = {0};
    memset(out, 0, sizeof *out);
    int e = collect_polygons(j, g, out, &parts);
    if (e) {
        memset(out, 0, sizeof *out);
        return e;
    }
    out->at = at;
    out->kind = parts.n ? GEO_POLYGON : GEO_EMPTY;
    out->parts = parts.items;
    out->n = parts.n;
    geo_shape_bbox(out);
    return 0;
}

/* ---- the operations ---- */

/* Runs one operation: a and b (b may be NULL) into a local projection, op, and back. */
static int run(geo_ctx *ctx, arena *ar, int op, double metres, const geo_shape *a, const geo_shape *b, geo_shape *out)
{
    memset(out, 0, sizeof *out);
    out->kind = GEO_EMPTY;
    if (!ctx || !ar || !a) return TRUCE_EARG;
    out->at = a->at;
    double x0, y0, x1, y1, u0, v0, u1, v1;
    int has_a = geo_points_bbox(a, &x0, &y0, &x1, &y1);
    int has_b = b && geo_points_bbox(b, &u0, &v0, &u1, &v1);
    if (has_b) {
        if (!has_a) x0 = u0, y0 = v0, x1 = u1, y1 = v1;
        x0 = fmin(x0, u0), y0 = fmin(y0, v0), x1 = fmax(x1, u1), y1 = fmax(y1, v1);
    }
    if (!has_a && !has_b) return 0; /* nothing in, nothing out */

    job j = {ctx->gh, NULL, ar, ar->alloc ? ar->alloc : alloc_default()};
    GEOSGeometry *ga = NULL, *gb = NULL, *result = NULL;
    int e = 0;
    ctx->msg[0] = '\0';
    j.pj = local_projection(ctx, (x0 + x1) / 2, (y0 + y1) / 2);
    if (!j.pj) {
        e = TRUCE_EPROJ;
        goto done;
    }
    if ((e = geo_to_geos(&j, a, &ga)) != 0) goto done;
    if (b && (e = geo_to_geos(&j, b, &gb)) != 0) goto done;
    switch (op) {
    case -1: result = GEOSBuffer_r(j.h, ga, metres, 16); break;
    case GEO_UNION: result = GEOSUnion_r(j.h, ga, gb); break;
    case GEO_INTERSECTION: result = GEOSIntersection_r(j.h, ga, gb); break;
    default: result = GEOSDifference_r(j.h, ga, gb); break;
    }
    if (!result) {
        e = TRUCE_EGEOMETRY;
        goto done;
    }
    e = from_geos(&j, result, a->at, out);
done:
    if (result) GEOSGeom_destroy_r(j.h, result);
    if (gb) GEOSGeom_destroy_r(j.h, gb);
    if (ga) GEOSGeom_destroy_r(j.h, ga);
    if (j.pj) proj_destroy(j.pj);
    if (e) {
        memset(out, 0, sizeof *out);
        out->kind = GEO_EMPTY;
    }
    return e;
}

int geo_buffer(geo_ctx *ctx, arena *ar, const geo_shape *s, double metres, geo_shape *out)
{
    if (!(metres > 0) || !isfinite(metres)) {
        if (out) memset(out, 0, sizeof *out);
        return TRUCE_EARG;
    }
    return run(ctx, ar, -1, metres, s, NULL, out);
}

int geo_combine(geo_ctx *ctx, arena *ar, geo_op op, const geo_shape *a, const geo_shape *b, geo_shape *out)
{
    if (!b) {
        if (out) memset(out, 0, sizeof *out);
        return TRUCE_EARG;
    }
    return run(ctx, ar, (int)op, 0, a, b, out);
}
