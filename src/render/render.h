/* render.h: the views of an agreement, each writing one complete document to a FILE. Renderers
 * read the model and the schedule and never change them. The public entry points
 * (truce_show, truce_timeline, truce_map) are in views.c. */
#ifndef TRUCE_RENDER_RENDER_H
#define TRUCE_RENDER_RENDER_H

#include <stdio.h>

#include "diff/diff.h"
#include "model/model.h"
#include "model/schedule.h"

/* show.c: the agreement as a document */
int render_show_text(const truce_agreement *a, const schedule *s, FILE *out);
int render_show_markdown(const truce_agreement *a, const schedule *s, FILE *out);
/* json.c: the agreement and its schedule as JSON (show and timeline share one shape) */
int render_json(const truce_agreement *a, const schedule *s, int timeline_only, FILE *out);
/* Writes root (json-c) pretty-printed with a newline and releases it: 0, TRUCE_ENOMEM (also when
 * oom says building it ran out) or TRUCE_EIO. */
struct json_object;
int render_json_finish(struct json_object *root, int oom, FILE *out);
/* timeline_text.c */
int render_timeline_text(const truce_agreement *a, const schedule *s, FILE *out);
/* timeline_svg.c: a Gantt chart */
int render_timeline_svg(const truce_agreement *a, const schedule *s, FILE *out);
/* The same with each bar in fill[row] (NULL entries keep the kind's colour), a tooltip tip[row]
 * on each row (may be NULL) and a legend of (name, colour) pairs, NULL-terminated, in place of
 * the kinds: judgement's timeline coloured by status. */
int render_timeline_svg_status(const truce_agreement *a, const schedule *s, const char *const *fill,
                               const char *const *tip, const char *const *legend, FILE *out);
/* map_svg.c, map_geojson.c */
/* How a zone is drawn, in words: "from zones/x.geojson", "700 m buffer of X", "union of A, B",
 * "not mapped: why" (the map's key and the GeoJSON's description). */
void render_zone_how(const zone *z, char *buf, size_t cap);
int render_map_svg(const truce_agreement *a, FILE *out);
/* The map with points on it (reports): each a circle of its colour, a dashed circle of its
 * uncertainty radius when that is drawable, and a tooltip; points outside the map are left out
 * and counted in a line under it. The legend lists (name, colour) pairs, NULL-terminated. */
typedef struct map_point {
    double lon, lat, radius_m;
    const char *colour, *tip;
} map_point;
int render_map_svg_points(const truce_agreement *a, const map_point *pts, size_t n, const char *const *legend,
                          FILE *out);
int render_map_geojson(const truce_agreement *a, FILE *out);

/* diff_text.c, diff_json.c, diff_html.c: a comparison of two versions (src/diff) as one line
 * per change grouped by clause, as JSON, or as a self-contained side-by-side page */
int diff_render_text(const diff_result *d, FILE *out);
int diff_render_json(const diff_result *d, FILE *out);
int diff_render_html(const diff_result *d, FILE *out);

/* xml.c: writes s with &, <, >, " and ' escaped. */
void xml_escape(FILE *out, const char *s);

#endif
