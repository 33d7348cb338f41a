/* validate.c: finds the mistakes a drafter makes in a shape: rings that cross or touch
 * themselves, holes outside their polygon, parts that overlap (GEOS's validity check on the
 * lon/lat as written), and latitude/longitude swapped (by comparing with a region). Reports
 * them at the nearest written position. Repeated consecutive positions are fine. Changes nothing. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geo/internal.h"

static int boxes_meet(double ax0, double ay0, double ax1, double ay1, double bx0, double by0, double bx1, double by1)
{
    return ax0 <= bx1 && bx0 <= ax1 && ay0 <= by1 && by0 <= ay1;
}

static pos first_pos(const geo_shape *s)
{
    if (s->n && s->parts[0].n && s->parts[0].rings[0].n && s->parts[0].rings[0].at) return s->parts[0].rings[0].at[0];
    return s->at;
}

static int check_swapped(const geo_shape *s, const geo_shape *region, const char *what, diag_sink *sink)
{
    double x0, y0, x1, y1, rx0, ry0, rx1, ry1;
    if (!geo_points_bbox(s, &x0, &y0, &x1, &y1) || !geo_points_bbox(region, &rx0, &ry0, &rx1, &ry1)) return 0;
    if (boxes_meet(x0, y0, x1, y1, rx0, ry0, rx1, ry1) || !boxes_meet(y0, x0, y1, x1, rx0, ry0, rx1, ry1)) return 0;
    geo_pt p = s->parts[0].rings[0].pts[0];
    char a[32], b[32], hint[200];
    geo_fmt_deg(p.lon, a);
    geo_fmt_deg(p.lat, b);
    snprintf(hint, sizeof hint, "swap the two numbers of every position: [%s, %s] becomes [%s, %s]", a, b, b, a);
    diag_report(sink, TRUCE_ERROR, first_pos(s), hint,
                "%s: coordinates look like latitude, longitude; GeoJSON wants longitude, latitude", what);
    return 1;
}

/* The written position nearest to (x, y) among the parts [from, to) of s; *exact when it is
 * the same point. */
static pos nearest_pos(const geo_shape *s, size_t from, size_t to, double x, double y, int *exact)
{
    pos best = s->at;
    double best_d = INFINITY;
    for (size_t i = from; i < to; i++)
        for (size_t j = 0; j < s->parts[i].n; j++) {
            const geo_ring *r = &s->parts[i].rings[j];
            for (size_t k = 0; k < r->n; k++) {
                double dx = r->pts[k].lon - x, dy = r->pts[k].lat - y, d = dx * dx + dy * dy;
                if (d < best_d) {
                    best_d = d;
                    best = r->at ? r->at[k] : s->at;
                }
            }
        }
    *exact = best_d < 1e-18; /* about 0.1 mm */
    return best;
}

/* Says what GEOS's reason means for a drafter. */
static void explain(const char *reason, int whole, const char **msg, const char **hint)
{
    static const struct {
        const char *reason, *msg, *hint;
    } table[] = {
        {"Ring Self-intersection", "a ring touches itself",
         "a ring may pass through each point only once; split the shape in two or make the pinched part a hole"},
        {"Self-intersection", "its edges cross",
         "check the order of the positions here: a ring must go round its area without crossing itself "
         "(a bow-tie is two areas: write them as a MultiPolygon)"},
        {"Hole lies outside shell", "a hole lies outside its outer ring",
         "the first ring of a polygon is its outline and the others are holes in it; a separate area is a "
         "separate polygon in a MultiPolygon"},
        {"Nested holes", "a hole lies inside another hole", "holes must not contain each other; remove one"},
        {"Interior is disconnected", "its holes cut it into pieces",
         "write each piece as its own polygon in a MultiPolygon"},
        {"Nested shells", "one of its parts lies inside another", "make the inner part a hole or remove it"},
        {"Duplicate Rings", "the same ring is written twice", "remove one of them"},
        {"Too few points", "a ring has fewer than 3 distinct corners", "a ring needs at least 3 different corners"},
        {"Invalid Coordinate", "a position is not a valid number", NULL},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strncmp(reason, table[i].reason, strlen(table[i].reason))) {
            *msg = table[i].msg;
            *hint = table[i].hint;
            if (whole && !strcmp(table[i].reason, "Self-intersection")) {
                *msg = "two of its parts overlap";
                *hint = "parts of a MultiPolygon must not overlap; merge them into one polygon";
            }
            return;
        }
    *msg = NULL;
    *hint = NULL;
}

/* Checks g (built from parts [from, to) of s) and reports one problem. 1 when invalid, 0 when
 * valid, negative on failure. */
static int check_valid(geo_ctx *ctx, GEOSGeometry *g, const geo_shape *s, size_t from, size_t to, const char *what,
                       diag_sink *sink)
{
    char *reason = NULL;
    GEOSGeometry *where = NULL;
    int r = 0;
    char valid = GEOSisValidDetail_r(ctx->gh, g, 0, &reason, &where);
    if (valid == 2) {
        r = TRUCE_EGEOMETRY;
        goto done;
    }
    if (valid == 1) goto done;
    r = 1;
    double x = NAN, y = NAN;
    if (where && GEOSGeomTypeId_r(ctx->gh, where) == GEOS_POINT) {
        GEOSGeomGetX_r(ctx->gh, where, &x);
        GEOSGeomGetY_r(ctx->gh, where, &y);
    }
    int exact = 0;
    pos at = isnan(x) ? first_pos(s) : nearest_pos(s, from, to, x, y, &exact);
    const char *msg, *hint;
    explain(reason ? reason : "", to - from > 1, &msg, &hint);
    char lon[32], lat[32], place[96] = "";
    if (!isnan(x) && !exact)
        snprintf(place, sizeof place, " at (%s, %s), near this position", geo_fmt_deg(x, lon), geo_fmt_deg(y, lat));
    else if (!isnan(x))
        snprintf(place, sizeof place, " at this position");
    if (msg)
        diag_report(sink, TRUCE_ERROR, at, hint, "%s is not a valid shape: %s%s", what, msg, place);
    else
        diag_report(sink, TRUCE_ERROR, at, NULL, "%s is not a valid shape (%s)%s", what, reason ? reason : "?", place);
done:
    if (reason) GEOSFree_r(ctx->gh, reason);
    if (where) GEOSGeom_destroy_r(ctx->gh, where);
    return r;
}

int geo_validate(geo_ctx *ctx, const geo_shape *s, const geo_shape *region, const char *what, diag_sink *sink)
{
    if (!ctx || !s || !sink) return TRUCE_EARG;
    if (!what) what = "this shape";
    int errors = 0;
    if (region && s->kind != GEO_EMPTY && s->n) errors += check_swapped(s, region, what, sink);
    if (s->kind != GEO_POLYGON) return errors;
    geo_job j = {ctx->gh, NULL, NULL, alloc_default()};
    int bad_parts = 0;
    for (size_t i = 0; i < s->n; i++) {
        GEOSGeometry *g = NULL;
        int r = geo_part_to_geos(&j, GEO_POLYGON, &s->parts[i], &g);
        if (r == TRUCE_ENOMEM) return r;
        if (r) { /* unclosed or short rings: geo_read_geojson reports those */
            bad_parts++;
            continue;
        }
        r = check_valid(ctx, g, s, i, i + 1, what, sink);
        GEOSGeom_destroy_r(ctx->gh, g);
        if (r < 0) return r;
        bad_parts += r;
        errors += r;
    }
    if (s->n > 1 && bad_parts == 0) { /* each part is fine: do they overlap? */
        GEOSGeometry *g = NULL;
        int r = geo_to_geos(&j, s, &g);
        if (r) return r;
        r = check_valid(ctx, g, s, 0, s->n, what, sink);
        GEOSGeom_destroy_r(ctx->gh, g);
        if (r < 0) return r;
        errors += r;
    }
    return errors;
}
