/* geo.h: geometry for agreements: shapes in WGS84 lon/lat, read from GeoJSON, measured on the
 * ellipsoid (PROJ's geodesic routines), buffered and combined in true metres (GEOS in a local
 * azimuthal equidistant projection made with PROJ), validated with positions for diagnostics.
 * Depends on util only. Shapes live in the caller's arena. */
#ifndef TRUCE_GEO_GEO_H
#define TRUCE_GEO_GEO_H

#include <stddef.h>
#include "util/alloc.h"
#include "util/diag.h"
#include "util/tree.h"

/* The GEOS and PROJ handles one owner uses (no process-wide state). NULL when out of memory. */
typedef struct geo_ctx geo_ctx;
geo_ctx *geo_ctx_new(void);
void geo_ctx_free(geo_ctx *ctx); /* NULL is a no-op */

typedef struct geo_pt {
    double lon, lat;
} geo_pt;

/* A ring or a line: n points; a polygon ring is closed (pts[0] == pts[n-1]). */
typedef struct geo_ring {
    geo_pt *pts;
    size_t n;
    pos *at; /* where each point was written (NULL for computed shapes) */
} geo_ring;

/* A part: for polygons, rings[0] is the exterior and the rest are holes; for a line, one ring
 * (open); for a point, one ring of one point. */
typedef struct geo_part {
    geo_ring *rings;
    size_t n;
} geo_part;

typedef enum { GEO_EMPTY, GEO_POINT, GEO_LINE, GEO_POLYGON } geo_kind;

/* Point/MultiPoint, LineString/MultiLineString, Polygon/MultiPolygon: n parts of one kind. */
typedef struct geo_shape {
    geo_kind kind;
    geo_part *parts;
    size_t n;
    double minlon, minlat, maxlon, maxlat; /* bounding box; set by geo_shape_bbox */
    pos at;                                /* where the geometry was written */
} geo_shape;

/* A feature found in a GeoJSON FeatureCollection. */
typedef struct geo_feature {
    const char *id;   /* "id" member, or properties.id, or NULL */
    const char *name; /* properties.name, or NULL */
    const tree *properties;
    geo_shape shape;
} geo_feature;

typedef struct geo_collection {
    geo_feature *features;
    size_t n;
} geo_collection;

/* Reads a GeoJSON FeatureCollection, Feature or bare geometry from a parsed tree. Reports every
 * problem (missing "type", wrong nesting, non-numeric or out-of-range coordinates, rings with
 * fewer than 4 points or not closed) with its position, and returns the count of errors, or
 * TRUCE_ENOMEM. Features with errors are left out of *out. */
int geo_read_geojson(arena *ar, const tree *doc, diag_sink *sink, geo_collection *out);

/* Finds a feature whose id equals key, else whose properties.name equals key; NULL if none. */
const geo_feature *geo_find_feature(const geo_collection *c, const char *key);

void geo_shape_bbox(geo_shape *s);

/* Checks a shape for the problems a drafter makes: self-intersecting or touching rings, holes
 * outside their exterior, coordinates that look like lat/lon swapped (reported when `region`
 * is given and the shape lies outside it but would lie inside it swapped). Reports to sink
 * with the position of the offending point where known. Returns the count of errors, or a
 * negative code. `what` names the shape in messages ("zone 'netzarim'"). */
int geo_validate(geo_ctx *ctx, const geo_shape *s, const geo_shape *region, const char *what, diag_sink *sink);

/* Geodesic distance in metres between two points on the WGS84 ellipsoid. */
double geo_distance_m(geo_pt a, geo_pt b);
/* Geodesic length of a line (sum over parts) in metres; 0 for points and polygons. */
double geo_length_m(const geo_shape *s);
/* Geodesic area in km^2 (holes subtracted); 0 for points and lines. */
double geo_area_km2(const geo_shape *s);

/* 1 when p lies inside a polygon shape (inside an exterior and not inside one of its holes;
 * points on an edge count as inside), else 0. Always 0 for points and lines. */
int geo_contains(const geo_shape *s, geo_pt p);

/* Derived shapes. Each writes a new polygon shape (possibly GEO_EMPTY) into *out, allocated in
 * ar, and returns 0, TRUCE_ENOMEM, TRUCE_EGEOMETRY or TRUCE_EPROJ.
 * geo_buffer: every point within `metres` (> 0) of s, computed in a local azimuthal equidistant
 * projection centred on s, so distances are true metres (error well under 0.1% within 100 km). */
int geo_buffer(geo_ctx *ctx, arena *ar, const geo_shape *s, double metres, geo_shape *out);
typedef enum { GEO_UNION, GEO_INTERSECTION, GEO_DIFFERENCE } geo_op;
int geo_combine(geo_ctx *ctx, arena *ar, geo_op op, const geo_shape *a, const geo_shape *b, geo_shape *out);


#endif
