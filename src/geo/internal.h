/* internal.h: what the geo source files share and nobody else sees: the layout of geo_ctx
 * (a GEOS handle and a PROJ context, with GEOS's last error message) and small helpers for
 * writing coordinates in messages. Not part of the library's interface. */
#ifndef TRUCE_GEO_INTERNAL_H
#define TRUCE_GEO_INTERNAL_H

#include <geos_c.h>
#include <proj.h>

#include "geo/geo.h"

struct geo_ctx {
    GEOSContextHandle_t gh;
    PJ_CONTEXT *pj;
    char msg[256]; /* GEOS's last error or notice, "" when none */
};

/* Writes v with up to 6 decimals and no trailing zeros ("34.21", "-0.5", "180") into buf
 * (at least 32 bytes), independent of the locale. Returns buf. */
char *geo_fmt_deg(double v, char buf[32]);

/* The bounding box of s computed from its points (the shape's own fields are not trusted).
 * Returns 0 when s has no points. */
int geo_points_bbox(const geo_shape *s, double *minlon, double *minlat, double *maxlon, double *maxlat);

/* Converting shapes to GEOS. pj projects lon/lat to the plane (NULL: lon/lat used as they are);
 * alloc is for short-lived arrays; ar receives shapes made from GEOS results. */
typedef struct geo_job {
    GEOSContextHandle_t h;
    PJ *pj;
    arena *ar;
    const truce_allocator *alloc;
} geo_job;
/* One part as a GEOS Point, LineString or Polygon; a whole shape as a GEOS Multi* (an empty
 * collection for GEO_EMPTY). 0, TRUCE_ENOMEM, TRUCE_EGEOMETRY (unclosed ring, too few points)
 * or TRUCE_EPROJ. The caller destroys *out. */
int geo_part_to_geos(const geo_job *j, geo_kind kind, const geo_part *part, GEOSGeometry **out);
int geo_to_geos(const geo_job *j, const geo_shape *s, GEOSGeometry **out);

#endif
