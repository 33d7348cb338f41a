/* measure.c: sizes on the WGS84 ellipsoid with PROJ's geodesic routines (Karney's algorithms,
 * accurate to nanometres): distance, line length, polygon area; and bounding boxes.
 * No projection and no GEOS here: these work on lon/lat directly. */
#include <geodesic.h>
#include <math.h>

#include "geo/internal.h"

static void wgs84(struct geod_geodesic *g)
{
    geod_init(g, 6378137.0, 1 / 298.257223563);
}

double geo_distance_m(geo_pt a, geo_pt b)
{
    struct geod_geodesic g;
    wgs84(&g);
    double s12 = 0;
    geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, &s12, NULL, NULL);
    return s12;
}

double geo_length_m(const geo_shape *s)
{
    if (!s || s->kind != GEO_LINE) return 0;
    struct geod_geodesic g;
    wgs84(&g);
    double total = 0;
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = 0; j < s->parts[i].n; j++) {
            const geo_ring *r = &s->parts[i].rings[j];
            for (size_t k = 1; k < r->n; k++) {
                double s12 = 0;
                geod_inverse(&g, r->pts[k - 1].lat, r->pts[k - 1].lon, r->pts[k].lat, r->pts[k].lon, &s12, NULL, NULL);
                total += s12;
            }
        }
    return total;
}

/* |area| of one closed ring in m^2 (the closing point is not added twice). */
static double ring_area_m2(const struct geod_geodesic *g, const geo_ring *r)
{
    if (r->n < 4) return 0;
    struct geod_polygon p;
    geod_polygon_init(&p, 0);
    size_t n = r->n;
    if (r->pts[0].lon == r->pts[n - 1].lon && r->pts[0].lat == r->pts[n - 1].lat) n--;
    for (size_t k = 0; k < n; k++) geod_polygon_addpoint(g, &p, r->pts[k].lat, r->pts[k].lon);
    double area = 0;
    geod_polygon_compute(g, &p, 0, 1, &area, NULL);
    return fabs(area);
}

double geo_area_km2(const geo_shape *s)
{
    if (!s || s->kind != GEO_POLYGON) return 0;
    struct geod_geodesic g;
    wgs84(&g);
    double total = 0;
    for (size_t i = 0; i < s->n; i++) {
        const geo_part *part = &s->parts[i];
        for (size_t j = 0; j < part->n; j++) {
            double a = ring_area_m2(&g, &part->rings[j]);
            total += j == 0 ? a : -a;
        }
    }
    return total / 1e6;
}

int geo_points_bbox(const geo_shape *s, double *minlon, double *minlat, double *maxlon, double *maxlat)
{
    int any = 0;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (size_t i = 0; s && i < s->n; i++)
        for (size_t j = 0; j < s->parts[i].n; j++) {
            const geo_ring *r = &s->parts[i].rings[j];
            for (size_t k = 0; k < r->n; k++) {
                geo_pt p = r->pts[k];
                if (!any) {
                    x0 = x1 = p.lon, y0 = y1 = p.lat, any = 1;
                    continue;
                }
                if (p.lon < x0) x0 = p.lon;
                if (p.lon > x1) x1 = p.lon;
                if (p.lat < y0) y0 = p.lat;
                if (p.lat > y1) y1 = p.lat;
            }
        }
    *minlon = x0, *minlat = y0, *maxlon = x1, *maxlat = y1;
    return any;
}

void geo_shape_bbox(geo_shape *s)
{
    geo_points_bbox(s, &s->minlon, &s->minlat, &s->maxlon, &s->maxlat);
}
