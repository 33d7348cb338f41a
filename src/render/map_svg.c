/* map_svg.c: the agreement's zones as a plain SVG 1.1 map for people to read: areas, lines and
 * points in an equirectangular projection around the map's middle latitude, labels that avoid
 * each other, a legend saying how every zone is made and how big it is, a scale bar, a north
 * arrow and the data credits (mandatory for OpenStreetMap data). Not a survey map and not
 * interactive: no scripts, no external fonts, no tiles; it only reads the model. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "render/render.h"
#include "render/svg_text.h"
#include "util/alloc.h"

#define W 900.0
#define MARGIN 20.0
#define MAP_MAX_H 1000.0
#define PAD 36.0    /* room around the shapes inside the frame, for labels */

/* Okabe-Ito without black and yellow (too light for lines), then Paul Tol's muted colours. */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                                      "#882255", "#999933", "#332288", "#44AA99", "#AA4499", "#117733"};
#define NPAL (sizeof palette / sizeof *palette)

/* ---- zones ----------------------------------------------------------------------------------- */

static int drawable(const zone *z) { return z->state == 2 && z->how != ZONE_UNMAPPED && z->shape.kind != GEO_EMPTY; }
static int derived(const zone *z) { return z->how != ZONE_FEATURE && z->how != ZONE_UNMAPPED; }

static void metres_text(double m, char *buf, size_t cap)
{
    if (m >= 1000) snprintf(buf, cap, "%.4g km", m / 1000);
    else if (m == floor(m)) snprintf(buf, cap, "%.0f m", m);
    else snprintf(buf, cap, "%.1f m", m);
}

void render_zone_how(const zone *z, char *buf, size_t cap)
{
    char m[32];
    size_t o = 0;
    switch (z->how) {
    case ZONE_FEATURE:
        if (z->feature && z->id && strcmp(z->feature, z->id))
            snprintf(buf, cap, "from %s (feature %s)", z->file ? z->file : "?", z->feature);
        else snprintf(buf, cap, "from %s", z->file ? z->file : "?");
        return;
    case ZONE_BUFFER:
        metres_text(z->metres, m, sizeof m);
        snprintf(buf, cap, "%s buffer of %s", m, z->noperands ? z->operand_ids[0] : "?");
        return;
    case ZONE_UNMAPPED: snprintf(buf, cap, "not mapped: %s", z->unmapped ? z->unmapped : "no reason given"); return;
    case ZONE_UNION: o = (size_t)snprintf(buf, cap, "union of "); break;
    case ZONE_INTERSECTION: o = (size_t)snprintf(buf, cap, "intersection of "); break;
    case ZONE_DIFFERENCE: o = (size_t)snprintf(buf, cap, "difference: "); break;
    }
    for (size_t i = 0; i < z->noperands && o < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i == 0 ? "" : z->how == ZONE_DIFFERENCE ? (i == 1 ? " minus " : ", ") : ", ",
                              z->operand_ids[i] ? z->operand_ids[i] : "?");
}

static void measure_text(const zone *z, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (z->state != 2) {
        snprintf(buf, cap, "not drawn: it could not be built");
        return;
    }
    switch (z->shape.kind) {
    case GEO_POLYGON: {
        double a = geo_area_km2(&z->shape);
        snprintf(buf, cap, a < 10 ? "%.2f km\xC2\xB2" : "%.1f km\xC2\xB2", a);
        break;
    }
    case GEO_LINE: snprintf(buf, cap, "%.1f km long", geo_length_m(&z->shape) / 1000); break;
    case GEO_POINT:
        if (z->shape.n && z->shape.parts[0].n && z->shape.parts[0].rings[0].n) {
            geo_pt p = z->shape.parts[0].rings[0].pts[0];
            snprintf(buf, cap, "%.4f\xC2\xB0 %c, %.4f\xC2\xB0 %c", fabs(p.lat), p.lat < 0 ? 'S' : 'N', fabs(p.lon),
                     p.lon < 0 ? 'W' : 'E');
        }
        break;
    case GEO_EMPTY:
        if (z->how != ZONE_UNMAPPED) snprintf(buf, cap, "empty: nothing is left");
        break;
    }
}

/* ---- projection ------------------------------------------------------------------------------ */

typedef struct proj {
    double k;      /* cos(lat0) */
    double s;      /* pixels per projected degree */
    double minx, maxy;
    double ox, oy; /* pixel of (minx, maxy) */
    double fx0, fy0, fx1, fy1; /* the frame */
} proj;

static double PX(const proj *P, double lon) { return P->ox + (lon * P->k - P->minx) * P->s; }
static double PY(const proj *P, double lat) { return P->oy + (P->maxy - lat) * P->s; }

static void shape_bounds(const geo_shape *s, double *b)
{
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = 0; j < s->parts[i].n; j++) {
            const geo_ring *r = &s->parts[i].rings[j];
            for (size_t k = 0; k < r->n; k++) {
                if (r->pts[k].lon < b[0]) b[0] = r->pts[k].lon;
                if (r->pts[k].lat < b[1]) b[1] = r->pts[k].lat;
                if (r->pts[k].lon > b[2]) b[2] = r->pts[k].lon;
                if (r->pts[k].lat > b[3]) b[3] = r->pts[k].lat;
            }
        }
}

/* Fits every drawable zone into the frame at the top (y) of the page; returns 0 when none. */
static int make_proj(const truce_agreement *a, double y, proj *P)
{
    double b[4] = {1e9, 1e9, -1e9, -1e9};
    int any = 0;
    for (size_t i = 0; i < a->nzones; i++)
        if (drawable(&a->zones[i])) shape_bounds(&a->zones[i].shape, b), any = 1;
    if (!any || b[0] > b[2]) return 0;
    /* a single point or a line along a meridian still gets some room */
    if (b[2] - b[0] < 0.01) b[0] -= 0.005, b[2] += 0.005;
    if (b[3] - b[1] < 0.01) b[1] -= 0.005, b[3] += 0.005;
    double lat0 = (b[1] + b[3]) / 2;
    P->k = cos(lat0 * M_PI / 180);
    double dx = (b[2] - b[0]) * P->k, dy = b[3] - b[1];
    double mw = W - 2 * MARGIN - 2 * PAD, mh = MAP_MAX_H - 2 * PAD;
    P->s = mw / dx < mh / dy ? mw / dx : mh / dy;
    P->minx = b[0] * P->k;
    P->maxy = b[3];
    double w = dx * P->s, h = dy * P->s;
    P->fx0 = MARGIN;
    P->fx1 = W - MARGIN;
    P->fy0 = y;
    P->fy1 = y + h + 2 * PAD;
    P->ox = MARGIN + (W - 2 * MARGIN - w) / 2;
    P->oy = y + PAD;
    return 1;
}

/* ---- drawing the shapes ---------------------------------------------------------------------- */

/* A path of rings: points that round to the same pixel as the one before are left out. */
static void ring_path(FILE *f, const proj *P, const geo_ring *r, int close)
{
    double lx = -1e18, ly = -1e18;
    for (size_t k = 0; k < r->n; k++) {
        double x = PX(P, r->pts[k].lon), y = PY(P, r->pts[k].lat);
        double rx = floor(x * 10 + 0.5) / 10, ry = floor(y * 10 + 0.5) / 10;
        if (k && k + 1 < r->n && rx == lx && ry == ly) continue;
        fprintf(f, "%s%.1f %.1f", k ? " L" : "M", x, y);
        lx = rx, ly = ry;
    }
    if (close) fputs(" Z", f);
}

static void draw_zone(FILE *f, const proj *P, const zone *z, size_t ci)
{
    const char *c = palette[ci % NPAL];
    const geo_shape *s = &z->shape;
    fputs("<g><title>", f);
    xml_escape(f, z->id);
    if (z->name) fputs(": ", f), xml_escape(f, z->name);
    fputs("</title>\n", f);
    if (s->kind == GEO_POLYGON) {
        if (derived(z))
            fprintf(f, "<path fill=\"url(#hatch%zu)\" fill-rule=\"evenodd\" stroke=\"%s\" stroke-width=\"2\" "
                       "stroke-dasharray=\"7 4\" d=\"",
                    ci % NPAL, c);
        else
            fprintf(f, "<path fill=\"%s\" fill-opacity=\"0.22\" fill-rule=\"evenodd\" stroke=\"%s\" stroke-width=\"1.5\" d=\"", c,
                    c);
        for (size_t i = 0; i < s->n; i++)
            for (size_t j = 0; j < s->parts[i].n; j++) {
                if (i || j) fputc(' ', f);
                ring_path(f, P, &s->parts[i].rings[j], 1);
            }
        fputs("\"/>\n", f);
    } else if (s->kind == GEO_LINE) {
        fprintf(f, "<path fill=\"none\" stroke=\"#FFFFFF\" stroke-width=\"5.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\" d=\"");
        for (size_t i = 0; i < s->n; i++) {
            if (i) fputc(' ', f);
            ring_path(f, P, &s->parts[i].rings[0], 0);
        }
        fprintf(f, "\"/>\n<path fill=\"none\" stroke=\"%s\" stroke-width=\"3\" stroke-linejoin=\"round\" "
                   "stroke-linecap=\"round\" d=\"",
                c);
        for (size_t i = 0; i < s->n; i++) {
            if (i) fputc(' ', f);
            ring_path(f, P, &s->parts[i].rings[0], 0);
        }
        fputs("\"/>\n", f);
    } else if (s->kind == GEO_POINT) {
        for (size_t i = 0; i < s->n; i++) {
            const geo_ring *r = &s->parts[i].rings[0];
            if (!r->n) continue;
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5.5\" fill=\"%s\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>\n",
                    PX(P, r->pts[0].lon), PY(P, r->pts[0].lat), c);
        }
    }
    fputs("</g>\n", f);
}

/* ---- labels ---------------------------------------------------------------------------------- */

typedef struct box {
    double x0, y0, x1, y1;
} box;

typedef struct label {
    const zone *z;
    double ax, ay;  /* anchor */
    double cx, cy;  /* centre of the placed text */
    double w, h;
    int point;
} label;

static int overlaps(box a, box b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

static box label_box(double cx, double cy, double w, double h)
{
    return (box){cx - w / 2 - 2, cy - h / 2 - 1, cx + w / 2 + 2, cy + h / 2 + 1};
}

/* The point halfway along the first part of a line. */
static geo_pt line_mid(const geo_shape *s)
{
    const geo_ring *r = &s->parts[0].rings[0];
    double total = 0, acc = 0;
    for (size_t k = 1; k < r->n; k++) total += hypot(r->pts[k].lon - r->pts[k - 1].lon, r->pts[k].lat - r->pts[k - 1].lat);
    for (size_t k = 1; k < r->n; k++) {
        double d = hypot(r->pts[k].lon - r->pts[k - 1].lon, r->pts[k].lat - r->pts[k - 1].lat);
        if (acc + d >= total / 2 && d > 0) {
            double t = (total / 2 - acc) / d;
            return (geo_pt){r->pts[k - 1].lon + t * (r->pts[k].lon - r->pts[k - 1].lon),
                            r->pts[k - 1].lat + t * (r->pts[k].lat - r->pts[k - 1].lat)};
        }
        acc += d;
    }
    return r->pts[0];
}

/* Greedy placement: each label takes the first candidate position clear of those placed before
 * it and of the point markers; when none is clear it keeps its own place. */
static void place_labels(const proj *P, label *L, size_t n, box *taken, size_t nt)
{
    static const double off[][2] = {{0, 0},    {0, -16},  {0, 16},  {0, -32},  {0, 32},  {1, 0},    {-1, 0},
                                    {1, -16},  {-1, -16}, {1, 16},  {-1, 16},  {0, -48}, {0, 48},   {0, -64},
                                    {0, 64},   {1, -32},  {-1, -32}, {1, 32},  {-1, 32}, {0, -80},  {0, 80}};
    size_t noff = sizeof off / sizeof *off;
    for (size_t i = 0; i < n; i++) {
        label *l = &L[i];
        double bx = l->point ? l->ax + 9 + l->w / 2 : l->ax, by = l->point ? l->ay : l->ay;
        int done = 0;
        for (size_t c = 0; c < noff * (l->point ? 2 : 1) && !done; c++) {
            const double *o = off[c % noff];
            double cx = bx + o[0] * (l->w / 2 + 14), cy = by + o[1];
            if (l->point && c >= noff) cx = l->ax - 9 - l->w / 2 + o[0] * (l->w / 2 + 14); /* left of the point */
            double lo = P->fx0 + 4 + l->w / 2, hi = P->fx1 - 4 - l->w / 2;
            if (cx < lo) cx = lo;
            if (cx > hi) cx = hi;
            if (cy < P->fy0 + 12 || cy > P->fy1 - 8) continue;
            box b = label_box(cx, cy, l->w, l->h);
            int clear = 1;
            for (size_t k = 0; k < nt && clear; k++)
                if (overlaps(b, taken[k])) clear = 0;
            if (clear) l->cx = cx, l->cy = cy, done = 1;
        }
        if (!done) l->cx = bx, l->cy = by;
        taken[nt++] = label_box(l->cx, l->cy, l->w, l->h);
    }
}

/* The zone's colour made darker, so a label reads on any background. */
static void darken(const char *hex, char out[8])
{
    unsigned v = 0;
    if (sscanf(hex, "#%6x", &v) != 1) v = 0x333333;
    unsigned r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
    snprintf(out, 8, "#%02X%02X%02X", r * 6 / 10, g * 6 / 10, b * 6 / 10);
}

static void draw_label(FILE *f, const label *l, const char *zone_colour)
{
    char colour[8];
    darken(zone_colour, colour);
    box b = label_box(l->cx, l->cy, l->w, l->h);
    int inside = l->ax >= b.x0 && l->ax <= b.x1 && l->ay >= b.y0 && l->ay <= b.y1;
    if (!inside && hypot(l->cx - l->ax, l->cy - l->ay) > (l->point ? l->w / 2 + 14 : 10)) {
        double ty = l->cy + (l->ay > l->cy ? l->h / 2 : -l->h / 2);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555555\" stroke-width=\"0.8\"/>\n", l->ax,
                l->ay, l->cx, ty);
    }
    double y = l->cy + 4;
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"none\" "
               "stroke=\"#FFFFFF\" stroke-width=\"3.5\" stroke-linejoin=\"round\">",
            l->cx, y);
    xml_escape(f, l->z->id);
    fprintf(f, "</text>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" "
               "fill=\"%s\">",
            l->cx, y, colour);
    xml_escape(f, l->z->id);
    fputs("</text>\n", f);
}

/* ---- furniture ------------------------------------------------------------------------------- */

static void scale_bar(FILE *f, const proj *P)
{
    /* metres per pixel along the map's middle latitude, measured on the ellipsoid */
    double lat = P->maxy - (P->fy1 - P->fy0 - 2 * PAD) / P->s / 2;
    double lon = P->minx / P->k;
    double dlon = 100 / (P->s * P->k);
    double mpp = geo_distance_m((geo_pt){lon, lat}, (geo_pt){lon + dlon, lat}) / 100;
    if (!(mpp > 0)) return;
    static const double nice[] = {10,    20,    50,    100,    200,    500,    1000,   2000,   5000,
                                  10000, 20000, 50000, 100000, 200000, 500000, 1e6,    2e6,    5e6};
    double len = nice[0];
    for (size_t i = 0; i < sizeof nice / sizeof *nice; i++)
        if (nice[i] / mpp <= 200) len = nice[i];
    double px = len / mpp, x = P->fx0 + 16, y = P->fy1 - 22;
    svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"30\" fill=\"#FFFFFF\" fill-opacity=\"0.85\"/>\n", x - 6,
       y - 18, px + 60);
    for (int i = 0; i < 4; i++)
        svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"5\" fill=\"%s\" stroke=\"#000000\" stroke-width=\"0.8\"/>\n",
           x + px * i / 4, y, px / 4, i % 2 ? "#FFFFFF" : "#000000");
    char b[32];
    metres_text(len, b, sizeof b);
    svg_text(f, x, y - 5, 10, "fill=\"#111111\"", "0", NULL);
    svg_text(f, x + px, y - 5, 10, "text-anchor=\"middle\" fill=\"#111111\"", b, NULL);
}

static void north_arrow(FILE *f, const proj *P)
{
    double x = P->fx1 - 26, y = P->fy0 + 18;
    svg_pr(f, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#222222\"/>\n", x, y + 4, x + 8, y + 30, x,
       y + 24, x - 8, y + 30);
    svg_text(f, x, y, 12, "font-weight=\"bold\" text-anchor=\"middle\" fill=\"#222222\"", "N", NULL);
}

static double draw_head(FILE *f, const truce_agreement *a, double y)
{
    double tw = W - 2 * MARGIN;
    int n = svg_text_wrap(f, MARGIN, y + 20, 20, 25, "font-weight=\"bold\" fill=\"#111111\"",
                      a->title ? a->title : a->id ? a->id : "Agreement", tw, 3);
    y += 25.0 * n + 4;
    svg_text(f, MARGIN, y + 14, 13, "fill=\"#333333\"", "Zones named in the agreement", NULL);
    y += 20;
    if (a->synthetic) {
        char b[512];
        snprintf(b, sizeof b, "Made-up data: %s", a->synthetic);
        svg_text_wrap(f, MARGIN, y + 13, 12, 15, "font-weight=\"bold\" fill=\"#B00000\"", b, tw, 1);
        y += 18;
    }
    return y + 8;
}

/* One legend entry per zone; returns the height used. */
static double draw_legend(FILE *f, const truce_agreement *a, const size_t *colour_of, double y)
{
    double y0 = y, tx = MARGIN + 38, tw = W - MARGIN - tx;
    svg_text(f, MARGIN, y + 14, 13, "font-weight=\"bold\" fill=\"#111111\"", "Zones", NULL);
    y += 24;
    char l1[1024], how[1024], m[128], l2[1200];
    for (size_t i = 0; i < a->nzones; i++) {
        const zone *z = &a->zones[i];
        const char *c = palette[colour_of[i] % NPAL];
        double sy = y + 2;
        if (drawable(z)) {
            if (z->shape.kind == GEO_POLYGON && derived(z))
                svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"26\" height=\"14\" fill=\"url(#hatch%zu)\" stroke=\"%s\" "
                      "stroke-width=\"2\" stroke-dasharray=\"5 3\"/>\n",
                   MARGIN, sy, colour_of[i] % NPAL, c);
            else if (z->shape.kind == GEO_POLYGON)
                svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"26\" height=\"14\" fill=\"%s\" fill-opacity=\"0.22\" stroke=\"%s\" "
                      "stroke-width=\"1.5\"/>\n",
                   MARGIN, sy, c, c);
            else if (z->shape.kind == GEO_LINE)
                svg_pr(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\" "
                      "stroke-linecap=\"round\"/>\n",
                   MARGIN + 2, sy + 7, MARGIN + 24, sy + 7, c);
            else
                svg_pr(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5.5\" fill=\"%s\"/>\n", MARGIN + 13, sy + 7, c);
        } else {
            svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"26\" height=\"14\" fill=\"none\" stroke=\"#888888\" "
                  "stroke-dasharray=\"2 2\"/>\n",
               MARGIN, sy);
        }
        if (z->name) snprintf(l1, sizeof l1, "%s \xE2\x80\x94 %s", z->id ? z->id : "?", z->name);
        else snprintf(l1, sizeof l1, "%s", z->id ? z->id : "?");
        int n = svg_text_wrap(f, tx, y + 13, 12, 15, "font-weight=\"bold\" fill=\"#111111\"", l1, tw, 2);
        y += 15.0 * n;
        render_zone_how(z, how, sizeof how);
        measure_text(z, m, sizeof m);
        if (m[0]) snprintf(l2, sizeof l2, "%s \xC2\xB7 %s", how, m);
        else snprintf(l2, sizeof l2, "%s", how);
        n = svg_text_wrap(f, tx, y + 12, 11, 14, "fill=\"#444444\"", l2, tw, 3);
        y += 14.0 * n;
        if (z->note) {
            n = svg_text_wrap(f, tx, y + 12, 11, 14, "fill=\"#555555\" font-style=\"italic\"", z->note, tw, 2);
            y += 14.0 * n;
        }
        y += 8;
    }
    if (!a->nzones) {
        svg_text(f, tx, y + 12, 11, "fill=\"#444444\"", "This agreement names no zones.", NULL);
        y += 20;
    }
    return y - y0;
}

/* Credits: every distinct attribution, then the sources the zones cite. Returns the height. */
static double draw_credits(FILE *f, const truce_agreement *a, double y)
{
    double y0 = y, tw = W - 2 * MARGIN;
    svg_pr(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#BBBBBB\"/>\n", MARGIN, y, W - MARGIN, y);
    y += 6;
    svg_text(f, MARGIN, y + 12, 11, "font-weight=\"bold\" fill=\"#333333\"", "Map data", NULL);
    y += 16;
    int any = 0;
    for (size_t i = 0; i < a->nzones; i++) {
        const char *at = a->zones[i].attribution;
        if (!at) continue;
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            if (a->zones[k].attribution && !strcmp(a->zones[k].attribution, at)) seen = 1;
        if (seen) continue;
        int n = svg_text_wrap(f, MARGIN, y + 11, 10, 13, "fill=\"#444444\"", at, tw, 3);
        y += 13.0 * n + 2;
        any = 1;
    }
    if (!any) {
        svg_text(f, MARGIN, y + 11, 10, "fill=\"#444444\"", "The zone files give no attribution.", NULL);
        y += 15;
    }
    char b[1024];
    size_t o = 0;
    b[0] = '\0';
    for (size_t i = 0; i < a->nzones && o < sizeof b; i++) {
        const char *src = a->zones[i].source;
        if (!src) continue;
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            if (a->zones[k].source && !strcmp(a->zones[k].source, src)) seen = 1;
        if (seen) continue;
        const source_ref *r = model_ref(a, src);
        o += (size_t)snprintf(b + o, sizeof b - o, "%s%s%s%s%s", o ? "; " : "Zone sources: ", src, r && r->title ? " (" : "",
                              r && r->title ? r->title : "", r && r->title ? ")" : "");
    }
    if (b[0]) {
        int n = svg_text_wrap(f, MARGIN, y + 11, 10, 13, "fill=\"#444444\"", b, tw, 3);
        y += 13.0 * n + 2;
    }
    int n = svg_text_wrap(f, MARGIN, y + 11, 10, 13, "fill=\"#666666\"",
                      "Shapes are drawn as the agreement's zone files give them and as truce computes the derived zones "
                      "(hatched, dashed outline); areas and lengths are measured on the WGS84 ellipsoid. Equirectangular "
                      "projection around the map's middle latitude. Made with truce.",
                      tw, 3);
    y += 13.0 * n + 8;
    return y - y0;
}

/* ---- the map --------------------------------------------------------------------------------- */

typedef struct order {
    size_t i;
    int rank; /* 0 polygons, 1 lines, 2 points */
    double area;
} order;

int render_map_svg(const truce_agreement *a, FILE *out) { return render_map_svg_points(a, NULL, 0, NULL, out); }

/* The report points on the map; returns how many fall outside it (f NULL: only counts). */
static size_t draw_point_marks(FILE *f, const proj *P, const map_point *pts, size_t n)
{
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        const map_point *m = &pts[i];
        double x = PX(P, m->lon), py = PY(P, m->lat);
        if (!(x >= P->fx0 && x <= P->fx1 && py >= P->fy0 && py <= P->fy1)) {
            off++;
            continue;
        }
        if (!f) continue;
        fputs("<g>", f);
        if (m->tip) fputs("<title>", f), xml_escape(f, m->tip), fputs("</title>", f);
        double rpx = m->radius_m / 111320.0 * P->s;
        /* a report located only roughly (its uncertainty wider than a few zones) is drawn as a
         * hollow ring at its nominal place, not as a disc that would cover the map */
        if (rpx >= 40) {
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                       "stroke-dasharray=\"2 1.5\"/></g>\n",
                    x, py, m->colour);
            continue;
        }
        if (rpx >= 4)
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.08\" stroke=\"%s\" "
                       "stroke-dasharray=\"3 2\"/>",
                    x, py, rpx, m->colour, m->colour);
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"#FFFFFF\" stroke-width=\"1\"/></g>\n", x,
                py, m->colour);
    }
    return off;
}

/* The key to the points and the count of those left out; returns its height. */
static double draw_point_key(FILE *f, const char *const *legend, size_t off, double y)
{
    double y0 = y, x = MARGIN;
    if (legend) {
        svg_text(f, x, y + 13, 12, "font-weight=\"bold\" fill=\"#111111\"", "Reports", NULL);
        y += 20;
        for (const char *const *p = legend; p[0] && p[1]; p += 2) {
            double w = 22 + svg_text_w(p[0], 11) + 18;
            if (x + w > W - MARGIN) x = MARGIN, y += 18;
            svg_pr(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>\n", x + 6, y + 8, p[1]);
            svg_text(f, x + 16, y + 12, 11, "fill=\"#222222\"", p[0], NULL);
            x += w;
        }
        y += 20;
        svg_text(f, MARGIN, y + 12, 11, "fill=\"#555555\"",
             "A dashed circle around a point is how far from it the report may be; a hollow dashed ring marks", NULL);
        svg_text(f, MARGIN, y + 27, 11, "fill=\"#555555\"",
             "a report located only roughly (to a district or wider), drawn at its nominal place.", NULL);
        y += 34;
    }
    if (off) {
        char b[128];
        snprintf(b, sizeof b, "%zu report%s outside the area of the map not drawn", off, off == 1 ? "" : "s");
        svg_text(f, MARGIN, y + 12, 11, "fill=\"#555555\"", b, NULL);
        y += 18;
    }
    return y - y0;
}

int render_map_svg_points(const truce_agreement *a, const map_point *pts, size_t npts, const char *const *legend,
                          FILE *out)
{
    const truce_allocator *al = a->ar.alloc;
    size_t nz = a->nzones;
    size_t bytes = (sizeof(size_t) + sizeof(order) + sizeof(label) + 2 * sizeof(box)) * (nz + 1) * 2;
    unsigned char *mem = alloc_mem(al, bytes);
    if (!mem) return TRUCE_ENOMEM;
    size_t *colour_of = (size_t *)(void *)mem;
    order *ord = (order *)(void *)(colour_of + (nz + 1));
    label *labels = (label *)(void *)(ord + (nz + 1));
    box *taken = (box *)(void *)(labels + (nz + 1));

    /* colours: the drawn zones in file order, so a zone keeps its colour when others change */
    size_t nd = 0;
    for (size_t i = 0; i < nz; i++) {
        colour_of[i] = nd;
        if (drawable(&a->zones[i])) {
            const zone *z = &a->zones[i];
            ord[nd].i = i;
            ord[nd].rank = z->shape.kind == GEO_POLYGON ? 0 : z->shape.kind == GEO_LINE ? 1 : 2;
            ord[nd].area = z->shape.kind == GEO_POLYGON ? geo_area_km2(&z->shape) : 0;
            nd++;
        }
    }
    /* drawing order: polygons largest first (small ones stay visible), then lines, then points;
     * ties keep file order (insertion sort is stable) */
    for (size_t i = 1; i < nd; i++)
        for (size_t j = i; j > 0; j--) {
            order *p = &ord[j - 1], *q = &ord[j];
            int swap = p->rank > q->rank || (p->rank == q->rank && p->rank == 0 && p->area < q->area);
            if (!swap) break;
            order t = *p;
            *p = *q;
            *q = t;
        }

    double y = draw_head(NULL, a, 10);
    proj P = {0};
    int have_map = make_proj(a, y, &P);
    double map_bottom = have_map ? P.fy1 : y + 60;
    double legend_h = draw_legend(NULL, a, colour_of, 0);
    double credits_h = draw_credits(NULL, a, 0);
    size_t off = have_map ? draw_point_marks(NULL, &P, pts, npts) : 0;
    double pts_h = have_map && (npts || legend) ? draw_point_key(NULL, legend, off, 0) + 10 : 0;
    double H = map_bottom + pts_h + 20 + legend_h + 10 + credits_h + 10;

    FILE *f = out;
    svg_open(f, W, H, a->title ? a->title : a->id, "zones");
    fputs("<defs>\n", f);
    for (size_t k = 0; k < NPAL; k++)
        fprintf(f,
                "<pattern id=\"hatch%zu\" patternUnits=\"userSpaceOnUse\" width=\"7\" height=\"7\" "
                "patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"%s\" fill-opacity=\"0.10\"/>"
                "<rect width=\"1.6\" height=\"7\" fill=\"%s\" fill-opacity=\"0.55\"/></pattern>\n",
                k, palette[k], palette[k]);
    fputs("</defs>\n", f);
    fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#FFFFFF\"/>\n", W, H);
    draw_head(f, a, 10);
    if (have_map) {
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#F4F6F7\" stroke=\"#999999\"/>\n", P.fx0,
                P.fy0, P.fx1 - P.fx0, P.fy1 - P.fy0);
        for (size_t k = 0; k < nd; k++) draw_zone(f, &P, &a->zones[ord[k].i], colour_of[ord[k].i]);
        /* labels: points first (their place is exact), then lines, then areas smallest first */
        size_t nl = 0, nt = 0;
        for (size_t k = nd; k-- > 0;) {
            const zone *z = &a->zones[ord[k].i];
            label *l = &labels[nl++];
            l->z = z;
            l->w = svg_text_w(z->id ? z->id : "?", 11) * 1.05;
            l->h = 13;
            l->point = z->shape.kind == GEO_POINT;
            if (z->shape.kind == GEO_POINT) {
                geo_pt p = z->shape.parts[0].rings[0].pts[0];
                l->ax = PX(&P, p.lon), l->ay = PY(&P, p.lat);
                taken[nt++] = (box){l->ax - 6, l->ay - 6, l->ax + 6, l->ay + 6};
            } else if (z->shape.kind == GEO_LINE) {
                geo_pt p = line_mid(&z->shape);
                l->ax = PX(&P, p.lon), l->ay = PY(&P, p.lat);
            } else {
                double b[4] = {1e9, 1e9, -1e9, -1e9};
                shape_bounds(&z->shape, b);
                l->ax = PX(&P, (b[0] + b[2]) / 2), l->ay = PY(&P, (b[1] + b[3]) / 2);
            }
        }
        /* the scale bar and north arrow are furniture labels must not cover */
        taken[nt++] = (box){P.fx0, P.fy1 - 44, P.fx0 + 280, P.fy1};
        taken[nt++] = (box){P.fx1 - 40, P.fy0, P.fx1, P.fy0 + 52};
        place_labels(&P, labels, nl, taken, nt);
        for (size_t k = 0; k < nl; k++) {
            size_t zi = (size_t)(labels[k].z - a->zones);
            draw_label(f, &labels[k], palette[colour_of[zi] % NPAL]);
        }
        if (npts) draw_point_marks(f, &P, pts, npts);
        scale_bar(f, &P);
        north_arrow(f, &P);
    } else {
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"50\" fill=\"#F4F6F7\" stroke=\"#999999\"/>\n", MARGIN,
                y, W - 2 * MARGIN);
        svg_text(f, MARGIN + 12, y + 30, 12, "fill=\"#444444\"", "No zone of this agreement has a map to draw.", NULL);
    }
    y = map_bottom + 20;
    if (pts_h > 0) y += draw_point_key(f, legend, off, y - 10) + 10;
    y += draw_legend(f, a, colour_of, y) + 10;
    draw_credits(f, a, y);
    fputs("</svg>\n", f);
    alloc_free(al, mem, bytes);
    return ferror(out) ? TRUCE_EIO : 0;
}
