/* geojson.c: reads GeoJSON (RFC 7946) from a parsed tree into geo_shapes: FeatureCollection,
 * Feature, or one bare geometry (Point, LineString, Polygon and their Multi forms). Every
 * problem is reported at the node it concerns, in words a drafter understands. Does not
 * check topology (self-intersections: see validate.c) and does not read files. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "geo/internal.h"

typedef struct reader {
    arena *ar;
    diag_sink *sink;
    int errors;
    int oom;
} reader;

static void problem(reader *rd, const tree *node, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem(reader *rd, const tree *node, const char *hint, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_report(rd->sink, TRUCE_ERROR, node->at, hint, "%s", msg);
    rd->errors++;
}

/* "a list", "a mapping", or "the text 'abc'" (shortened) for messages. */
static const char *describe(const tree *t, char buf[64])
{
    if (t->kind != TREE_SCALAR || tree_is_null(t)) return tree_kind_name(t);
    snprintf(buf, 64, "a text ('%.40s%s')", t->str, t->len > 40 ? "..." : "");
    return buf;
}

static void *alloc_n(reader *rd, size_t n, size_t size)
{
    if (n == 0) n = 1;
    void *p = arena_alloc(rd->ar, n * size);
    if (!p) rd->oom = 1;
    return p;
}

/* ---- positions ---- */

static int read_number(reader *rd, const tree *t, const char *what, double *out)
{
    char buf[64];
    if (t->kind == TREE_SCALAR && !t->quoted && tree_as_double(t, out) == 0) return 0;
    double ignored;
    if (t->kind == TREE_SCALAR && t->quoted && tree_as_double(t, &ignored) == 0)
        problem(rd, t, "numbers are written without quotes in GeoJSON", "expected a number for the %s, got a text ('%s')",
                what, t->str);
    else
        problem(rd, t, NULL, "expected a number for the %s, got %s", what, describe(t, buf));
    return 1;
}

static int read_position(reader *rd, const tree *t, geo_pt *out)
{
    char b1[32];
    if (t->kind != TREE_SEQ) {
        problem(rd, t, NULL, "expected a position [longitude, latitude], got %s", tree_kind_name(t));
        return 1;
    }
    if (t->n < 2) {
        problem(rd, t, NULL, "a position needs a longitude and a latitude, this one has %zu number%s", t->n,
                t->n == 1 ? "" : "s");
        return 1;
    }
    if (t->n > 3) {
        problem(rd, t, NULL, "a position has at most 3 numbers (longitude, latitude, altitude), this one has %zu", t->n);
        return 1;
    }
    int bad = read_number(rd, t->items[0], "longitude", &out->lon);
    bad += read_number(rd, t->items[1], "latitude", &out->lat);
    double alt;
    if (t->n == 3) bad += read_number(rd, t->items[2], "altitude", &alt);
    if (bad) return 1;
    if (out->lon < -180 || out->lon > 180) {
        problem(rd, t->items[0], "GeoJSON writes longitude first: [longitude, latitude]", "longitude %s is out of range (-180 to 180)", geo_fmt_deg(out->lon, b1));
        bad = 1;
    }
    if (out->lat < -90 || out->lat > 90) {
        problem(rd, t->items[1], "GeoJSON writes latitude second: [longitude, latitude]",
                "latitude %s is out of range (-90 to 90)", geo_fmt_deg(out->lat, b1));
        bad = 1;
    }
    return bad;
}

/* A list of positions into r: a line (min 2) or a closed polygon ring (min 4). */
static int read_points(reader *rd, const tree *t, geo_ring *r, int ring)
{
    char buf[64];
    if (t->kind != TREE_SEQ) {
        problem(rd, t, NULL, "expected a list of positions [[longitude, latitude], ...], got %s", describe(t, buf));
        return 1;
    }
    r->n = t->n;
    r->pts = alloc_n(rd, t->n, sizeof *r->pts);
    r->at = alloc_n(rd, t->n, sizeof *r->at);
    if (!r->pts || !r->at) return 1;
    int bad = 0;
    for (size_t i = 0; i < t->n; i++) {
        r->at[i] = t->items[i]->at;
        bad += read_position(rd, t->items[i], &r->pts[i]);
    }
    size_t min = ring ? 4 : 2;
    if (t->n < min) {
        if (ring)
            problem(rd, t, "a triangle is written with 4 positions: the 3 corners, then the first again",
                    "a polygon ring needs at least 4 positions, this one has %zu", t->n);
        else
            problem(rd, t, NULL, "a line needs at least 2 positions, this one has %zu", t->n);
        return 1;
    }
    if (bad) return 1;
    if (ring && (r->pts[0].lon != r->pts[t->n - 1].lon || r->pts[0].lat != r->pts[t->n - 1].lat)) {
        char lon[32], lat[32];
        problem(rd, t, "repeat the first position at the end of the ring",
                "this ring is not closed: its last position differs from its first (%s, %s)",
                geo_fmt_deg(r->pts[0].lon, lon), geo_fmt_deg(r->pts[0].lat, lat));
        return 1;
    }
    return 0;
}

/* ---- geometries ---- */

static int read_point_part(reader *rd, const tree *t, geo_part *part)
{
    part->n = 1;
    part->rings = alloc_n(rd, 1, sizeof *part->rings);
    geo_ring *r = part->rings;
    if (!r) return 1;
    r->n = 1;
    r->pts = alloc_n(rd, 1, sizeof *r->pts);
    r->at = alloc_n(rd, 1, sizeof *r->at);
    if (!r->pts || !r->at) return 1;
    r->at[0] = t->at;
    return read_position(rd, t, &r->pts[0]);
}

static int read_line_part(reader *rd, const tree *t, geo_part *part)
{
    part->n = 1;
    part->rings = alloc_n(rd, 1, sizeof *part->rings);
    if (!part->rings) return 1;
    return read_points(rd, t, part->rings, 0);
}

static int read_polygon_part(reader *rd, const tree *t, geo_part *part)
{
    char buf[64];
    if (t->kind != TREE_SEQ) {
        problem(rd, t, NULL, "expected a polygon: a list of rings, each a list of positions, got %s", describe(t, buf));
        return 1;
    }
    if (t->n == 0) {
        problem(rd, t, NULL, "a polygon needs at least its outer ring");
        return 1;
    }
    part->n = t->n;
    part->rings = alloc_n(rd, t->n, sizeof *part->rings);
    if (!part->rings) return 1;
    int bad = 0;
    for (size_t i = 0; i < t->n && !rd->oom; i++) bad += read_points(rd, t->items[i], &part->rings[i], 1);
    return bad;
}

typedef int (*part_reader)(reader *, const tree *, geo_part *);

static const struct {
    const char *name;
    geo_kind kind;
    int multi;
    part_reader read;
    const char *example; /* what "coordinates" looks like */
} geometry_types[] = {
    {"Point", GEO_POINT, 0, read_point_part, "[longitude, latitude]"},
    {"MultiPoint", GEO_POINT, 1, read_point_part, "[[longitude, latitude], ...]"},
    {"LineString", GEO_LINE, 0, read_line_part, "[[longitude, latitude], ...]"},
    {"MultiLineString", GEO_LINE, 1, read_line_part, "[[[longitude, latitude], ...], ...]"},
    {"Polygon", GEO_POLYGON, 0, read_polygon_part, "[[[longitude, latitude], ...]]"},
    {"MultiPolygon", GEO_POLYGON, 1, read_polygon_part, "[[[[longitude, latitude], ...]], ...]"},
};
#define NTYPES (sizeof geometry_types / sizeof geometry_types[0])

/* The "type" member of a GeoJSON object as a string, or NULL (reported). */
static const char *type_of(reader *rd, const tree *obj, const char *expect)
{
    char buf[64];
    const tree *type = tree_get(obj, "type");
    if (!type) {
        problem(rd, obj, NULL, "this object has no \"type\"; expected %s", expect);
        return NULL;
    }
    if (type->kind != TREE_SCALAR || tree_is_null(type)) {
        problem(rd, type, NULL, "\"type\" must be a text such as %s, got %s", expect, describe(type, buf));
        return NULL;
    }
    return type->str;
}

static void unknown_type(reader *rd, const tree *obj, const char *type, int geometry_only)
{
    static const char *const others[] = {"FeatureCollection", "Feature"};
    const char *best = NULL;
    int best_d = 4;
    for (size_t i = 0; i < NTYPES + (geometry_only ? 0 : 2); i++) {
        const char *name = i < NTYPES ? geometry_types[i].name : others[i - NTYPES];
        int d = str_distance(type, name, 3);
        if (d < best_d) best_d = d, best = name;
    }
    char hint[96];
    if (best) snprintf(hint, sizeof hint, "did you mean \"%s\"?", best);
    problem(rd, tree_get(obj, "type"), best ? hint : "the geometry types are Point, MultiPoint, LineString, "
                                                     "MultiLineString, Polygon and MultiPolygon",
            "unknown GeoJSON type \"%s\"", type);
}

static int read_geometry(reader *rd, const tree *g, geo_shape *out)
{
    char buf[64];
    int before = rd->errors;
    memset(out, 0, sizeof *out);
    out->kind = GEO_EMPTY;
    out->at = g->at;
    if (g->kind != TREE_MAP) {
        problem(rd, g, NULL, "expected a geometry (a mapping with \"type\" and \"coordinates\"), got %s", describe(g, buf));
        return 1;
    }
    const char *type = type_of(rd, g, "\"Polygon\"");
    if (!type) return 1;
    if (!strcmp(type, "GeometryCollection")) {
        problem(rd, tree_get(g, "type"), "use a MultiPolygon, MultiLineString or MultiPoint, or one feature per shape",
                "a GeometryCollection is not supported");
        return 1;
    }
    size_t k = 0;
    while (k < NTYPES && strcmp(type, geometry_types[k].name)) k++;
    if (k == NTYPES) {
        unknown_type(rd, g, type, 1);
        return 1;
    }
    const tree *coords = tree_get(g, "coordinates");
    if (!coords) {
        problem(rd, g, NULL, "this %s has no \"coordinates\"; expected \"coordinates\": %s", type,
                geometry_types[k].example);
        return 1;
    }
    size_t nparts = 1;
    if (geometry_types[k].multi) {
        if (coords->kind != TREE_SEQ) {
            problem(rd, coords, NULL, "the coordinates of a %s are a list, like %s; got %s", type,
                    geometry_types[k].example, describe(coords, buf));
            return 1;
        }
        nparts = coords->n;
        if (nparts == 0) return 0; /* an empty Multi* is a valid empty geometry */
    }
    out->parts = alloc_n(rd, nparts, sizeof *out->parts);
    if (!out->parts) return 1;
    out->n = nparts;
    for (size_t i = 0; i < nparts && !rd->oom; i++)
        geometry_types[k].read(rd, geometry_types[k].multi ? coords->items[i] : coords, &out->parts[i]);
    if (rd->errors != before || rd->oom) return 1;
    out->kind = geometry_types[k].kind;
    geo_shape_bbox(out);
    return 0;
}

/* ---- features ---- */

static const char *scalar_text(const tree *t)
{
    return t && t->kind == TREE_SCALAR && !tree_is_null(t) ? t->str : NULL;
}

static int read_feature(reader *rd, const tree *f, geo_feature *out)
{
    char buf[64];
    int before = rd->errors;
    memset(out, 0, sizeof *out);
    if (f->kind != TREE_MAP) {
        problem(rd, f, NULL, "expected a Feature (a mapping with \"type\": \"Feature\"), got %s", describe(f, buf));
        return 1;
    }
    const char *type = type_of(rd, f, "\"Feature\"");
    if (!type) return 1;
    if (strcmp(type, "Feature")) {
        problem(rd, tree_get(f, "type"), "a FeatureCollection holds Features, each with its own \"geometry\"",
                "expected a Feature here, got type \"%s\"", type);
        return 1;
    }
    const tree *props = tree_get(f, "properties");
    if (props && props->kind != TREE_MAP && !tree_is_null(props))
        problem(rd, props, NULL, "\"properties\" must be a mapping, got %s", describe(props, buf));
    else if (props && props->kind == TREE_MAP)
        out->properties = props;
    const tree *id = tree_get(f, "id");
    if (id && id->kind != TREE_SCALAR)
        problem(rd, id, NULL, "a feature \"id\" must be a text or a number, got %s", tree_kind_name(id));
    out->id = scalar_text(id);
    if (!out->id) out->id = scalar_text(tree_get(out->properties, "id"));
    out->name = scalar_text(tree_get(out->properties, "name"));
    const tree *g = tree_get(f, "geometry");
    if (!g) {
        problem(rd, f, NULL, "this feature has no \"geometry\"");
        return 1;
    }
    if (tree_is_null(g)) { /* allowed by RFC 7946: an unlocated feature */
        out->shape.kind = GEO_EMPTY;
        out->shape.at = g->at;
    } else {
        read_geometry(rd, g, &out->shape);
    }
    return rd->errors != before;
}

static int add_feature(reader *rd, vec *v, const geo_feature *f)
{
    geo_feature *slot = vec_push(rd->ar, v, sizeof *slot);
    if (!slot) {
        rd->oom = 1;
        return 1;
    }
    *slot = *f;
    return 0;
}

int geo_read_geojson(arena *ar, const tree *doc, diag_sink *sink, geo_collection *out)
{
    char buf[64];
    reader rd = {ar, sink, 0, 0};
    vec feats = {0};
    memset(out, 0, sizeof *out);
    if (!doc) return TRUCE_EARG;
    if (doc->kind != TREE_MAP) {
        problem(&rd, doc, NULL, "expected a GeoJSON object (a mapping with \"type\"), got %s", describe(doc, buf));
        return rd.errors;
    }
    const char *type = type_of(&rd, doc, "\"FeatureCollection\"");
    if (!type) return rd.errors;
    geo_feature f;
    if (!strcmp(type, "FeatureCollection")) {
        const tree *list = tree_get(doc, "features");
        if (!list) {
            problem(&rd, doc, NULL, "this FeatureCollection has no \"features\" list");
        } else if (list->kind != TREE_SEQ) {
            problem(&rd, list, NULL, "\"features\" must be a list of Features, got %s", describe(list, buf));
        } else {
            for (size_t i = 0; i < list->n && !rd.oom; i++)
                if (read_feature(&rd, list->items[i], &f) == 0) add_feature(&rd, &feats, &f);
        }
    } else if (!strcmp(type, "Feature")) {
        if (read_feature(&rd, doc, &f) == 0) add_feature(&rd, &feats, &f);
    } else {
        size_t k = 0;
        while (k < NTYPES && strcmp(type, geometry_types[k].name)) k++;
        if (k == NTYPES && strcmp(type, "GeometryCollection")) {
            unknown_type(&rd, doc, type, 0);
        } else {
            memset(&f, 0, sizeof f);
            if (read_geometry(&rd, doc, &f.shape) == 0) add_feature(&rd, &feats, &f);
        }
    }
    if (rd.oom) return TRUCE_ENOMEM;
    out->features = feats.items;
    out->n = feats.n;
    return rd.errors;
}

const geo_feature *geo_find_feature(const geo_collection *c, const char *key)
{
    if (!c || !key) return NULL;
    for (size_t i = 0; i < c->n; i++)
        if (c->features[i].id && !strcmp(c->features[i].id, key)) return &c->features[i];
    for (size_t i = 0; i < c->n; i++)
        if (c->features[i].name && !strcmp(c->features[i].name, key)) return &c->features[i];
    return NULL;
}
