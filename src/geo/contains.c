/* contains.c: point in polygon by the crossing number (even-odd over the exterior and holes of
 * each part), with points on an edge or vertex counted as inside. Plain C on lon/lat, no GEOS,
 * no allocation: it is meant for hot loops. Not geodesic: edges are straight in lon/lat, which
 * is what GeoJSON means (RFC 7946 section 3.1.1). */
#include <math.h>

#include "geo/internal.h"

/* 1 when p lies on segment a-b (within about a micrometre). */
static int on_segment(geo_pt a, geo_pt b, geo_pt p)
{
    double dx = b.lon - a.lon, dy = b.lat - a.lat;
    if (p.lon < fmin(a.lon, b.lon) - 1e-12 || p.lon > fmax(a.lon, b.lon) + 1e-12 ||
        p.lat < fmin(a.lat, b.lat) - 1e-12 || p.lat > fmax(a.lat, b.lat) + 1e-12)
        return 0;
    double cross = dx * (p.lat - a.lat) - dy * (p.lon - a.lon);
    double len = fmax(fabs(dx), fabs(dy));
    return fabs(cross) <= 1e-11 * (len > 0 ? len : 1);
}

/* Checks one ring: returns 1 when p is on its boundary; otherwise flips *inside for every edge a
 * horizontal ray from p to the east crosses. */
static int ring_scan(const geo_ring *r, geo_pt p, int *inside)
{
    for (size_t i = 0, j = r->n - 1; i < r->n; j = i++) {
        geo_pt a = r->pts[j], b = r->pts[i];
        if (on_segment(a, b, p)) return 1;
        if ((a.lat > p.lat) != (b.lat > p.lat)) {
            double x = a.lon + (p.lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon);
            if (p.lon < x) *inside = !*inside;
        }
    }
    return 0;
}

int geo_contains(const geo_shape *s, geo_pt p)
{
    if (!s || s->kind != GEO_POLYGON) return 0;
    /* a box left all zero was never computed (geo_shape_bbox): then it cannot reject */
    int has_bbox = s->minlon != 0 || s->maxlon != 0 || s->minlat != 0 || s->maxlat != 0;
    if (has_bbox && (p.lon < s->minlon || p.lon > s->maxlon || p.lat < s->minlat || p.lat > s->maxlat)) return 0;
    for (size_t i = 0; i < s->n; i++) {
        const geo_part *part = &s->parts[i];
        int inside = 0;
        for (size_t j = 0; j < part->n; j++) {
            if (part->rings[j].n == 0) continue;
            if (ring_scan(&part->rings[j], p, &inside)) return 1;
        }
        if (inside) return 1;
    }
    return 0;
}
