/* map_geojson.c: the agreement's zones as one GeoJSON FeatureCollection (RFC 7946: lon/lat on
 * WGS84, 6 decimals, exterior rings counter-clockwise), one Feature per built zone with how it
 * was made, its size and its credits; zones the agreement names but no map shows come with a
 * null geometry and the reason. It is data for GIS tools, not a drawing; json-c prints it. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "render/render.h"

typedef struct gctx {
    int oom;
} gctx;

static json_object *chk(gctx *g, json_object *o)
{
    if (!o) g->oom = 1;
    return o;
}

static void put(gctx *g, json_object *o, const char *k, json_object *v)
{
    if (!o || !v || json_object_object_add(o, k, v) != 0) {
        json_object_put(v);
        g->oom = 1;
    }
}

static void put_str(gctx *g, json_object *o, const char *k, const char *v)
{
    if (v) put(g, o, k, chk(g, json_object_new_string(v)));
}

static void push(gctx *g, json_object *arr, json_object *v)
{
    if (!arr || !v || json_object_array_add(arr, v) != 0) {
        json_object_put(v);
        g->oom = 1;
    }
}

/* A number written with a fixed number of decimals, so the output is the same everywhere. */
static json_object *num(gctx *g, double v, int decimals)
{
    char b[64];
    snprintf(b, sizeof b, "%.*f", decimals, v);
    if (!strcmp(b, "-0.000000") || !strcmp(b, "-0.000") || !strcmp(b, "-0.0") || !strcmp(b, "-0")) memmove(b, b + 1, strlen(b));
    return chk(g, json_object_new_double_s(v, b));
}

static json_object *position(gctx *g, geo_pt p)
{
    json_object *a = chk(g, json_object_new_array());
    push(g, a, num(g, p.lon, 6));
    push(g, a, num(g, p.lat, 6));
    return a;
}

/* Twice the signed area in the lon/lat plane: > 0 when counter-clockwise. */
static double ring_orientation(const geo_ring *r)
{
    double s = 0;
    for (size_t k = 1; k < r->n; k++) s += (r->pts[k - 1].lon * r->pts[k].lat - r->pts[k].lon * r->pts[k - 1].lat);
    return s;
}

/* A ring's positions; `ccw` 1 for an exterior (counter-clockwise), 0 for a hole (clockwise). */
static json_object *ring(gctx *g, const geo_ring *r, int polygon, int ccw)
{
    json_object *a = chk(g, json_object_new_array());
    int reverse = polygon && ((ring_orientation(r) > 0) != ccw);
    for (size_t k = 0; k < r->n; k++) push(g, a, position(g, r->pts[reverse ? r->n - 1 - k : k]));
    return a;
}

static json_object *polygon(gctx *g, const geo_part *p)
{
    json_object *a = chk(g, json_object_new_array());
    for (size_t j = 0; j < p->n; j++) push(g, a, ring(g, &p->rings[j], 1, j == 0));
    return a;
}

static json_object *geometry(gctx *g, const geo_shape *s)
{
    json_object *o = chk(g, json_object_new_object());
    json_object *c = NULL;
    const char *type = NULL;
    int multi = s->n != 1;
    switch (s->kind) {
    case GEO_POINT:
        type = multi ? "MultiPoint" : "Point";
        if (multi) {
            c = chk(g, json_object_new_array());
            for (size_t i = 0; i < s->n; i++) push(g, c, position(g, s->parts[i].rings[0].pts[0]));
        } else {
            c = position(g, s->parts[0].rings[0].pts[0]);
        }
        break;
    case GEO_LINE:
        type = multi ? "MultiLineString" : "LineString";
        if (multi) {
            c = chk(g, json_object_new_array());
            for (size_t i = 0; i < s->n; i++) push(g, c, ring(g, &s->parts[i].rings[0], 0, 0));
        } else {
            c = ring(g, &s->parts[0].rings[0], 0, 0);
        }
        break;
    case GEO_POLYGON:
        type = multi ? "MultiPolygon" : "Polygon";
        if (multi) {
            c = chk(g, json_object_new_array());
            for (size_t i = 0; i < s->n; i++) push(g, c, polygon(g, &s->parts[i]));
        } else {
            c = polygon(g, &s->parts[0]);
        }
        break;
    case GEO_EMPTY: json_object_put(o); return NULL;
    }
    put_str(g, o, "type", type);
    put(g, o, "coordinates", c);
    return o;
}

static json_object *feature(gctx *g, const zone *z)
{
    json_object *f = chk(g, json_object_new_object());
    json_object *p = chk(g, json_object_new_object());
    put_str(g, f, "type", "Feature");
    put_str(g, f, "id", z->id);
    put_str(g, p, "name", z->name);
    put_str(g, p, "how", z->how <= ZONE_UNMAPPED ? zone_how_names[z->how] : "?");
    char d[1024];
    render_zone_how(z, d, sizeof d);
    put_str(g, p, "description", d);
    json_object *from = chk(g, json_object_new_array());
    if (z->how == ZONE_FEATURE) {
        char b[1024];
        snprintf(b, sizeof b, "%s#%s", z->file ? z->file : "?", z->feature ? z->feature : "?");
        push(g, from, chk(g, json_object_new_string(b)));
        put_str(g, p, "file", z->file);
        put_str(g, p, "feature", z->feature);
    } else {
        for (size_t i = 0; i < z->noperands; i++)
            if (z->operand_ids[i]) push(g, from, chk(g, json_object_new_string(z->operand_ids[i])));
    }
    if (z->how != ZONE_UNMAPPED) put(g, p, "made_from", from);
    else json_object_put(from);
    if (z->how == ZONE_BUFFER) put(g, p, "distance_m", num(g, z->metres, 1));
    if (z->shape.kind == GEO_POLYGON) put(g, p, "area_km2", num(g, geo_area_km2(&z->shape), 3));
    if (z->shape.kind == GEO_LINE) put(g, p, "length_km", num(g, geo_length_m(&z->shape) / 1000, 3));
    put_str(g, p, "attribution", z->attribution);
    put_str(g, p, "source", z->source);
    put_str(g, p, "note", z->note);
    if (z->how == ZONE_UNMAPPED) put_str(g, p, "unmapped", z->unmapped ? z->unmapped : "no reason given");
    else if (z->shape.kind == GEO_EMPTY) put(g, p, "empty", chk(g, json_object_new_boolean(1)));
    put(g, f, "properties", p);
    json_object *geom = z->shape.kind == GEO_EMPTY ? NULL : geometry(g, &z->shape);
    /* json-c prints a NULL member as null, which RFC 7946 asks for when there is no geometry */
    if (json_object_object_add(f, "geometry", geom) != 0) g->oom = 1;
    return f;
}

int render_map_geojson(const truce_agreement *a, FILE *out)
{
    gctx g = {0};
    json_object *root = chk(&g, json_object_new_object());
    json_object *feats = chk(&g, json_object_new_array());
    put_str(&g, root, "type", "FeatureCollection");
    /* foreign members (RFC 7946 section 6.1): which agreement these zones belong to */
    put_str(&g, root, "agreement", a->id);
    put_str(&g, root, "title", a->title);
    for (size_t i = 0; i < a->nzones && !g.oom; i++) {
        const zone *z = &a->zones[i];
        if (z->state != 2) continue; /* not built: check reported why */
        push(&g, feats, feature(&g, z));
    }
    put(&g, root, "features", feats);
    if (g.oom) {
        json_object_put(root);
        return TRUCE_ENOMEM;
    }
    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
    if (!text) {
        json_object_put(root);
        return TRUCE_ENOMEM;
    }
    fputs(text, out);
    fputc('\n', out);
    json_object_put(root);
    return ferror(out) ? TRUCE_EIO : 0;
}
