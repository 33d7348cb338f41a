/* timeline_svg.c: the schedule as a Gantt chart in plain SVG 1.1 for people to read: phases as
 * background bands, one bar per obligation (one hatched bar per option still under negotiation),
 * deadlines as diamonds, scheduled events as ticks, a legend and a key to the phases.
 * It is not interactive (no scripts, no external fonts or links) and changes nothing: it only
 * reads the model and the schedule. Same input, same bytes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "render/render.h"
#include "render/svg_text.h"
#include "util/alloc.h"

#define W 1200.0
#define MARGIN 20.0
#define LABEL_W 360.0
#define UND_W 180.0

/* Okabe-Ito first (colour-blind safe), then Paul Tol's muted colours for the rarer kinds. */
static const char *const kind_colour[OB_KIND_COUNT] = {
    "#0072B2", /* cease-hostilities: blue */
    "#D55E00", /* withdraw: vermillion */
    "#E69F00", /* stay-out: orange */
    "#CC79A7", /* deploy: reddish purple */
    "#009E73", /* release: bluish green */
    "#56B4E9", /* allow-passage: sky blue */
    "#F0E442", /* deliver: yellow */
    "#999933", /* open-crossing: olive */
    "#000000", /* limit: black */
    "#882255", /* negotiate: wine */
    "#332288", /* notify: indigo */
    "#999999", /* reconstruct: grey */
};
static const char *const band_fill[2] = {"#EAF1F8", "#F6F1E4"};

/* ---- layout ---------------------------------------------------------------------------------- */

typedef struct lay {
    const truce_agreement *a;
    const schedule *s;
    double x0, x1, ux0, ux1; /* day chart; column of things not yet dated (when has_und) */
    long dmin, dmax;          /* days shown: dmin .. dmax inclusive */
    double ppd;               /* pixels per day */
    int has_und;
    const char *const *fill;  /* render_timeline_svg_status: a bar colour per schedule row, or NULL */
    const char *const *tip;   /* and the status text of each row, as a tooltip */
    const char *const *legend; /* status names and colours, pairs, NULL-terminated */
} lay;

static double X(const lay *L, double day) { return L->x0 + (day - (double)L->dmin) * L->ppd; }

typedef enum { ITEM_ROW, ITEM_OPTIONS_HEAD } item_kind;
typedef struct item {
    item_kind kind;
    const sched_row *r;
    double h;
} item;

static void party_list(const obligation *ob, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ob->nparties && o < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? ", " : "", ob->party_ids[i] ? ob->party_ids[i] : "?");
    if (!ob->nparties) snprintf(buf, cap, "no party named");
}

static const char *kind_title(const obligation *ob)
{
    return ob->kind < OB_KIND_COUNT ? kind_titles[ob->kind] : "?";
}

static const char *colour(const obligation *ob) { return ob->kind < OB_KIND_COUNT ? kind_colour[ob->kind] : "#777777"; }

/* The main label of a row (line 1) and its second line. */
static void row_labels(const item *it, char *l1, size_t c1, char *l2, size_t c2)
{
    const obligation *ob = it->r->ob;
    char who[256];
    party_list(ob, who, sizeof who);
    if (it->kind == ITEM_ROW && it->r->opt) {
        const option *o = it->r->opt;
        snprintf(l1, c1, "[option: %s]", o->label ? o->label : o->id ? o->id : "?");
        l2[0] = '\0';
        if (o->nheld_by) {
            size_t n = (size_t)snprintf(l2, c2, "put forward by ");
            for (size_t i = 0; i < o->nheld_by && n < c2; i++)
                n += (size_t)snprintf(l2 + n, c2 - n, "%s%s", i ? ", " : "", o->held_by[i] ? o->held_by[i] : "?");
        }
        return;
    }
    snprintf(l1, c1, "%s", ob->title ? ob->title : ob->id ? ob->id : "?");
    if (it->kind == ITEM_OPTIONS_HEAD)
        snprintf(l2, c2, "%s \xC2\xB7 %s \xC2\xB7 options under negotiation", kind_title(ob), who);
    else if (ob->title && ob->id)
        snprintf(l2, c2, "%s \xC2\xB7 %s \xC2\xB7 %s", kind_title(ob), who, ob->id);
    else
        snprintf(l2, c2, "%s \xC2\xB7 %s", kind_title(ob), who);
}

/* The terms a row shows, as schedule.c resolved them. */
static terms row_terms(const sched_row *r)
{
    terms t = obligation_terms(r->ob);
    if (r->opt) {
        if (r->opt->t.by.kind) t.by = r->opt->t.by, t.until.kind = WHEN_NONE;
        if (r->opt->t.from.kind) t.from = r->opt->t.from;
        if (r->opt->t.until.kind) t.until = r->opt->t.until;
    }
    return t;
}

/* What of a row is not yet dated, for the right-hand column ("" when everything is). */
static void undated_text(const sched_row *r, char *buf, size_t cap)
{
    terms t = row_terms(r);
    char w[128];
    size_t o = 0;
    buf[0] = '\0';
    if (r->from == DAY_UNKNOWN) {
        if (t.from.kind) o += (size_t)snprintf(buf + o, cap - o, "starts: %s", when_describe(&t.from, w, sizeof w));
        else if (r->ob->phase) o += (size_t)snprintf(buf + o, cap - o, "starts with %s", r->ob->phase->id);
        else o += (size_t)snprintf(buf + o, cap - o, "start not set");
    }
    if (o >= cap) return;
    if (r->by == DAY_UNKNOWN && t.by.kind)
        snprintf(buf + o, cap - o, "%sdue by %s", o ? "; " : "", when_describe(&t.by, w, sizeof w));
    else if (r->until == DAY_UNKNOWN && t.until.kind)
        snprintf(buf + o, cap - o, "%sruns until %s", o ? "; " : "", when_describe(&t.until, w, sizeof w));
    else if (r->until == DAY_UNKNOWN && r->from != DAY_UNKNOWN)
        snprintf(buf + o, cap - o, "%sno end date set", o ? "; " : "");
}

static double item_height(const lay *L, const item *it)
{
    char l1[512], l2[512], u[512];
    row_labels(it, l1, sizeof l1, l2, sizeof l2);
    double indent = (it->kind == ITEM_ROW && it->r->opt) ? 14 : 0;
    svg_wrapped w;
    svg_wrap(l1, LABEL_W - indent, 12, 2, &w);
    double h = 15.0 * w.n + (l2[0] ? 13 : 0) + 12;
    if (L->has_und && it->kind == ITEM_ROW) {
        undated_text(it->r, u, sizeof u);
        if (u[0]) {
            svg_wrap(u, L->ux1 - L->ux0 - 12, 10, 3, &w);
            double hu = 12.0 * w.n + 12;
            if (hu > h) h = hu;
        }
    }
    return h < 36 ? 36 : h;
}

/* "day 43" or "2025-03-02" */
static void day_label(const schedule *s, long d, char *buf, size_t cap)
{
    char b[11];
    truce_date dt = schedule_date(s, d);
    if (dt != TRUCE_DATE_NONE) snprintf(buf, cap, "%s", truce_date_format(dt, b));
    else snprintf(buf, cap, "day %ld", d);
}

/* "days 1-42" / "from day 43, open-ended", with dates when day 1 is known */
static void phase_span(const schedule *s, const phase *p, char *buf, size_t cap)
{
    char a[11], b[11];
    if (p->start_day == DAY_UNKNOWN) snprintf(buf, cap, "start not yet known");
    else if (p->end_day == DAY_UNKNOWN) {
        if (s->start != TRUCE_DATE_NONE)
            snprintf(buf, cap, "from day %ld (%s), open-ended", p->start_day, truce_date_format(schedule_date(s, p->start_day), a));
        else snprintf(buf, cap, "from day %ld, open-ended", p->start_day);
    } else if (s->start != TRUCE_DATE_NONE)
        snprintf(buf, cap, "days %ld\xE2\x80\x93%ld (%s to %s)", p->start_day, p->end_day,
                 truce_date_format(schedule_date(s, p->start_day), a), truce_date_format(schedule_date(s, p->end_day), b));
    else snprintf(buf, cap, "days %ld\xE2\x80\x93%ld", p->start_day, p->end_day);
}

/* "starts when phase-2 ends and phase-2-terms-agreed holds; date not yet known" */
static void phase_start_reason(const phase *p, char *buf, size_t cap)
{
    size_t o = 0;
    if (p->after_id) o += (size_t)snprintf(buf, cap, "starts when %s ends", p->after_id);
    else o += (size_t)snprintf(buf, cap, "start not set");
    for (size_t i = 0; i < p->nrequires && o < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? ", " : " and once ", p->requires_ids[i] ? p->requires_ids[i] : "?");
    if (p->nrequires && o < cap) o += (size_t)snprintf(buf + o, cap - o, p->nrequires > 1 ? " hold" : " holds");
    if (o < cap) snprintf(buf + o, cap - o, "; date not yet known");
}

/* ---- pieces ---------------------------------------------------------------------------------- */

/* Title block; returns the y below it. */
static double draw_head(FILE *f, const lay *L, double y)
{
    const truce_agreement *a = L->a;
    char b[512], d[11];
    double tw = W - 2 * MARGIN;
    int n = svg_text_wrap(f, MARGIN, y + 20, 20, 25, "font-weight=\"bold\" fill=\"#111111\"",
                      a->title ? a->title : a->id ? a->id : "Agreement", tw, 2);
    y += 25.0 * n + 6;
    if (L->s->start != TRUCE_DATE_NONE)
        snprintf(b, sizeof b, "Timeline in agreement days: day 1 = %s", truce_date_format(L->s->start, d));
    else snprintf(b, sizeof b, "Timeline in agreement days: day 1 = when signed: dates not yet known");
    svg_text_fit(f, MARGIN, y + 14, 13, "fill=\"#333333\"", b, tw);
    y += 20;
    if (a->status) {
        snprintf(b, sizeof b, "Status: %s", a->status);
        svg_text_fit(f, MARGIN, y + 13, 12, "fill=\"#555555\"", b, tw);
        y += 18;
    }
    if (a->synthetic) {
        snprintf(b, sizeof b, "Made-up data: %s", a->synthetic);
        svg_text_fit(f, MARGIN, y + 13, 12, "font-weight=\"bold\" fill=\"#B00000\"", b, tw);
        y += 18;
    }
    return y + 10;
}

static int phase_undated(const phase *p) { return p->start_day == DAY_UNKNOWN; }

/* Where a dated phase's band lies; 0 when it is off the chart. */
static int band_x(const lay *L, const phase *p, double *xa, double *xb)
{
    *xa = X(L, (double)p->start_day);
    *xb = p->end_day == DAY_UNKNOWN ? L->x1 : X(L, (double)p->end_day + 1);
    if (*xa < L->x0) *xa = L->x0;
    if (*xb > L->x1) *xb = L->x1;
    return *xb > *xa;
}

/* A band's heading: the title (up to 2 lines) and its days (up to 2 lines). Returns its height. */
static double band_head(FILE *f, const lay *L, const phase *p, double xa, double xb, double top)
{
    double tw = xb - xa - 10;
    if (tw < 30) return 0;
    char span[160];
    phase_span(L->s, p, span, sizeof span);
    const char *title = p->title ? p->title : p->id ? p->id : "?";
    svg_wrapped w;
    svg_wrap(title, tw, 11, 2, &w);
    /* too narrow for a useful part of the title: the id is clearer */
    if (w.cut && svg_u8len(w.line[0]) < 12 && p->id) title = p->id;
    int n = svg_text_wrap(f, xa + 5, top + 15, 11, 14, "font-weight=\"bold\" fill=\"#222222\"", title, tw, 2);
    int m = svg_text_wrap(f, xa + 5, top + 15 + 14.0 * n, 10, 12, "fill=\"#444444\"", span, tw, 3);
    return 14.0 * n + 12.0 * m + 10;
}

/* Height of the band headings (phase titles). */
static double phase_head_h(const lay *L)
{
    double h = 40;
    const truce_agreement *a = L->a;
    for (size_t i = 0; i < a->nphases; i++) {
        const phase *p = &a->phases[i];
        double xa, xb;
        if (phase_undated(p) || !band_x(L, p, &xa, &xb)) continue;
        double bh = band_head(NULL, L, p, xa, xb, 0);
        if (bh > h) h = bh;
    }
    if (L->has_und) {
        double uh = 20;
        char b[512];
        for (size_t i = 0; i < a->nphases; i++) {
            const phase *p = &a->phases[i];
            if (!phase_undated(p)) continue;
            svg_wrapped w;
            svg_wrap(p->title ? p->title : p->id, L->ux1 - L->ux0 - 12, 11, 2, &w);
            uh += 14.0 * w.n;
            phase_start_reason(p, b, sizeof b);
            svg_wrap(b, L->ux1 - L->ux0 - 12, 10, 3, &w);
            uh += 12.0 * w.n + 6;
        }
        if (uh > h) h = uh;
    }
    return h;
}

static void draw_phase_bands(FILE *f, const lay *L, double top, double bottom)
{
    const truce_agreement *a = L->a;
    int k = 0;
    for (size_t i = 0; i < a->nphases; i++) {
        const phase *p = &a->phases[i];
        double xa, xb;
        if (phase_undated(p) || !band_x(L, p, &xa, &xb)) continue;
        const char *fill = band_fill[k % 2];
        if (p->end_day == DAY_UNKNOWN) {
            svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"url(#fade%d)\"/>\n", xa, top, xb - xa,
               bottom - top, k % 2);
            svg_pr(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8A8A8A\" stroke-dasharray=\"6 4\"/>\n", xb,
               top, xb, bottom);
        } else {
            svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", xa, top, xb - xa, bottom - top,
               fill);
        }
        svg_pr(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8A8A8A\"/>\n", xa, top, xa, bottom);
        band_head(f, L, p, xa, xb, top);
        k++;
    }
    if (!L->has_und) return;
    double ux = L->ux0, uw = L->ux1 - L->ux0;
    svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"url(#undated)\" stroke=\"#8A8A8A\" "
          "stroke-dasharray=\"4 3\"/>\n",
       ux, top, uw, bottom - top);
    svg_text(f, ux + 6, top + 15, 11, "font-weight=\"bold\" fill=\"#222222\"", "Not yet dated", NULL);
    double y = top + 15;
    char b[512];
    for (size_t i = 0; i < a->nphases; i++) {
        const phase *p = &a->phases[i];
        if (!phase_undated(p)) continue;
        y += 14;
        int n = svg_text_wrap(f, ux + 6, y, 11, 14, "font-weight=\"bold\" fill=\"#333333\"", p->title ? p->title : p->id,
                          uw - 12, 2);
        y += 14.0 * (n - 1) + 12;
        phase_start_reason(p, b, sizeof b);
        n = svg_text_wrap(f, ux + 6, y, 10, 12, "fill=\"#444444\" font-style=\"italic\"", b, uw - 12, 3);
        y += 12.0 * (n - 1) + 4;
    }
}

static long tick_step(const lay *L)
{
    double need = (L->s->start != TRUCE_DATE_NONE ? 10 : 8) * 11 * SVG_CHAR_EM + 14;
    static const long steps[] = {7, 14, 28, 56, 91, 182, 364, 728, 1820, 3640};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if ((double)steps[i] * L->ppd >= need) return steps[i];
    return 7280;
}

static void draw_axis(FILE *f, const lay *L, double y, double rows_top, double rows_bottom)
{
    long step = tick_step(L);
    /* ticks on day 1, 1 + step, ... (and before day 1 when the chart starts earlier) */
    long first = 1 - ((1 - L->dmin) / step) * step;
    if (first < L->dmin) first += step;
    for (long d = first; d <= L->dmax + 1; d += step) {
        double x = X(L, (double)d);
        svg_pr(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#B8B8B8\" stroke-width=\"0.8\"/>\n", x, y + 28,
           x, rows_bottom);
        char b[32];
        snprintf(b, sizeof b, "day %ld", d);
        svg_text(f, x, y + 12, 11, "text-anchor=\"middle\" fill=\"#222222\"", b, NULL);
        if (L->s->start != TRUCE_DATE_NONE) {
            day_label(L->s, d, b, sizeof b);
            svg_text(f, x, y + 25, 10, "text-anchor=\"middle\" fill=\"#555555\"", b, NULL);
        }
    }
    svg_pr(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n", L->x0, rows_top, L->x1, rows_top);
}

static void diamond(FILE *f, double x, double y, double r, const char *fill, const char *stroke)
{
    svg_pr(f, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.2\"/>\n", x,
       y - r, x + r, y, x, y + r, x - r, y, fill, stroke);
}

static void draw_item(FILE *f, const lay *L, const item *it, double y)
{
    const sched_row *r = it->r;
    const obligation *ob = r->ob;
    char l1[512], l2[512];
    row_labels(it, l1, sizeof l1, l2, sizeof l2);
    double indent = (it->kind == ITEM_ROW && r->opt) ? 14 : 0;
    double ly = y + 16;
    int n = svg_text_wrap(f, MARGIN + indent, ly, 12, 15,
                      r->opt && it->kind == ITEM_ROW ? "fill=\"#222222\" font-style=\"italic\"" : "font-weight=\"bold\" fill=\"#111111\"",
                      l1, LABEL_W - indent, 2);
    if (l2[0]) svg_text_fit(f, MARGIN + indent, ly + 15.0 * (n - 1) + 14, 10.5, "fill=\"#555555\"", l2, LABEL_W - indent);
    /* a colour key beside the label */
    svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"4\" height=\"%.1f\" fill=\"%s\"/>\n", MARGIN - 9 + indent, y + 5, it->h - 10,
       colour(ob));
    double yc = y + it->h / 2;
    if (it->kind == ITEM_OPTIONS_HEAD) {
        svg_text(f, L->x0 + 6, yc + 4, 11, "fill=\"#555555\" font-style=\"italic\"",
             "No option agreed yet: each alternative on the table is shown below", NULL);
        return;
    }
    const char *c = colour(ob);
    size_t ri = (size_t)(r - L->s->rows);
    if (L->fill && L->fill[ri]) c = L->fill[ri];
    if (L->tip && L->tip[ri]) {
        svg_pr(f, "<g><title>");
        xml_escape(f, L->tip[ri]);
        svg_pr(f, "</title>\n");
    }
    double xlimit = L->x1;
    if (r->from != DAY_UNKNOWN) {
        double xa = X(L, (double)r->from), xb;
        int open = r->until == DAY_UNKNOWN;
        xb = open ? L->x1 - 9 : X(L, (double)r->until + 1);
        if (xa < L->x0) xa = L->x0;
        if (xb < xa + 2) xb = xa + 2;
        if (r->opt)
            svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"url(#hatch%d)\" stroke=\"%s\" "
                  "stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n",
               xa, yc - 6, xb - xa, (int)ob->kind, c);
        else
            svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"%s\" stroke=\"#333333\" "
                  "stroke-width=\"0.6\"/>\n",
               xa, yc - 6, xb - xa, c);
        if (open)
            svg_pr(f, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" stroke=\"#333333\" stroke-width=\"0.6\"/>\n",
               L->x1 - 10, yc - 9, L->x1, yc, L->x1 - 10, yc + 9, c);
    }
    terms t = row_terms(r);
    int each = t.by.kind == WHEN_RELATIVE && t.by.each; /* one deadline per event of another obligation */
    /* deadline */
    if (r->by != DAY_UNKNOWN && !each) {
        double xd = X(L, (double)r->by + 1);
        diamond(f, xd, yc, 7.5, c, "#000000");
        char b[48], d[40];
        day_label(L->s, r->by, d, sizeof d);
        snprintf(b, sizeof b, "by %s", d);
        double tw = svg_text_w(b, 10);
        int after_bar = r->until != DAY_UNKNOWN && r->until <= r->by;
        double tx = -1;
        if (after_bar && xd + 11 + tw < xlimit) tx = xd + 11;
        else if (r->from != DAY_UNKNOWN && X(L, (double)r->from) - 6 - tw > L->x0) tx = X(L, (double)r->from) - 6 - tw;
        for (size_t i = 0; tx >= 0 && i < r->nevents; i++) {
            double xe = X(L, (double)r->days[i] + 0.5);
            if (xe > tx - 3 && xe < tx + tw + 3) tx = -1; /* would cover an event */
        }
        if (tx >= 0) svg_text(f, tx, yc + 4, 10, "fill=\"#222222\"", b, NULL);
    }
    /* scheduled events */
    double last_right = -1e9;
    for (size_t i = 0; i < r->nevents; i++) {
        char d[40], tip[96];
        day_label(L->s, r->days[i], d, sizeof d);
        if (each) {
            double xd = X(L, (double)r->days[i] + 1);
            if (xd < L->x0 || xd > L->x1) continue;
            snprintf(tip, sizeof tip, "due by %s", d);
            svg_pr(f, "<g><title>%s</title>", tip);
            diamond(f, xd, yc, 5.5, c, "#000000");
            svg_pr(f, "</g>\n");
            continue;
        }
        double xe = X(L, (double)r->days[i] + 0.5);
        if (xe < L->x0 || xe > L->x1) continue;
        svg_pr(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" stroke-width=\"1.6\"/>\n", xe, yc - 9,
           xe, yc + 9);
        if (r->counts[i]) {
            char b[32];
            snprintf(b, sizeof b, "%ld", r->counts[i]);
            double tw = svg_text_w(b, 9);
            snprintf(tip, sizeof tip, "%s: %ld", d, r->counts[i]);
            if (xe - tw / 2 > last_right + 3) {
                svg_text(f, xe, yc - 11, 9, "text-anchor=\"middle\" fill=\"#111111\"", b, tip);
                last_right = xe + tw / 2;
            }
        }
    }
    /* what is not yet dated */
    if (L->has_und) {
        char u[512];
        undated_text(r, u, sizeof u);
        if (u[0]) {
            svg_wrapped w;
            svg_wrap(u, L->ux1 - L->ux0 - 12, 10, 3, &w);
            double ty = yc - 6.0 * (w.n - 1) + 3.5;
            int undated_by = r->by == DAY_UNKNOWN && t.by.kind;
            double tx = L->ux0 + 6;
            if (undated_by) {
                diamond(f, L->ux0 + 12, yc, 6.5, "#FFFFFF", c[1] == 'F' && c[2] == '0' ? "#7A7000" : c);
                tx = L->ux0 + 24;
                svg_wrap(u, L->ux1 - L->ux0 - 30, 10, 3, &w);
                ty = yc - 6.0 * (w.n - 1) + 3.5;
            }
            for (int i = 0; i < w.n; i++)
                svg_text(f, tx, ty + 12.0 * i, 10, "fill=\"#333333\"", w.line[i], w.cut ? u : NULL);
        }
    }
    if (L->tip && L->tip[ri]) svg_pr(f, "</g>\n");
}

/* The legend: kinds used, then the symbols. Returns its height. */
static double draw_legend(FILE *f, const lay *L, double y)
{
    const truce_agreement *a = L->a;
    int used[OB_KIND_COUNT] = {0};
    for (size_t i = 0; i < L->s->nrows; i++)
        if (L->s->rows[i].ob->kind < OB_KIND_COUNT) used[L->s->rows[i].ob->kind] = 1;
    (void)a;
    double x = MARGIN, right = W - MARGIN, y0 = y;
    if (L->legend) {
        svg_text(f, x, y + 13, 12, "font-weight=\"bold\" fill=\"#111111\"", "Status of each obligation", NULL);
        y += 22;
        for (const char *const *p = L->legend; p[0] && p[1]; p += 2) {
            double w = 22 + svg_text_w(p[0], 11) + 18;
            if (x + w > right) x = MARGIN, y += 20;
            svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"11\" fill=\"%s\" stroke=\"#333333\" stroke-width=\"0.6\"/>\n",
               x, y + 2, p[1]);
            svg_text(f, x + 22, y + 12, 11, "fill=\"#222222\"", p[0], NULL);
            x += w;
        }
        y += 26;
        x = MARGIN;
    }
    if (!L->legend) {
        svg_text(f, x, y + 13, 12, "font-weight=\"bold\" fill=\"#111111\"", "Kinds of obligation", NULL);
        y += 22;
    }
    for (int k = 0; k < OB_KIND_COUNT && !L->legend; k++) {
        if (!used[k]) continue;
        double w = 22 + svg_text_w(kind_titles[k], 11) + 18;
        if (x + w > right) x = MARGIN, y += 20;
        svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"11\" fill=\"%s\" stroke=\"#333333\" stroke-width=\"0.6\"/>\n", x,
           y + 2, kind_colour[k]);
        svg_text(f, x + 22, y + 12, 11, "fill=\"#222222\"", kind_titles[k], NULL);
        x += w;
    }
    if (!L->legend) y += 26;
    x = MARGIN;
    svg_text(f, x, y + 13, 12, "font-weight=\"bold\" fill=\"#111111\"", "How to read it", NULL);
    y += 22;
    static const char *const sym[] = {
        "in force (agreed terms)",
        "one option still under negotiation (not agreed)",
        "no end date set",
        "deadline",
        "deadline not yet dated",
        "scheduled event (with number, when set)",
    };
    int use[6] = {0};
    for (size_t i = 0; i < L->s->nrows; i++) {
        const sched_row *r = &L->s->rows[i];
        terms t = row_terms(r);
        if (r->from != DAY_UNKNOWN) use[r->opt ? 1 : 0] = 1;
        if (r->from != DAY_UNKNOWN && r->until == DAY_UNKNOWN) use[2] = 1;
        if (r->by != DAY_UNKNOWN || (t.by.kind == WHEN_RELATIVE && t.by.each && r->nevents)) use[3] = 1;
        if (L->has_und && r->by == DAY_UNKNOWN && t.by.kind) use[4] = 1;
        if (r->nevents && !(t.by.kind == WHEN_RELATIVE && t.by.each)) use[5] = 1;
    }
    for (int i = 0; i < 6; i++) {
        if (!use[i]) continue;
        double w = 40 + svg_text_w(sym[i], 11) + 22;
        if (x + w > right) x = MARGIN, y += 20;
        double cy = y + 7.5;
        switch (i) {
        case 0:
            svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"32\" height=\"11\" fill=\"#0072B2\" stroke=\"#333333\" "
                  "stroke-width=\"0.6\"/>\n",
               x, cy - 5.5);
            break;
        case 1:
            svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"32\" height=\"11\" fill=\"url(#hatch%d)\" stroke=\"#0072B2\" "
                  "stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n",
               x, cy - 5.5, (int)OB_CEASE_HOSTILITIES);
            break;
        case 2:
            svg_pr(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"11\" fill=\"#0072B2\" stroke=\"#333333\" "
                  "stroke-width=\"0.6\"/>\n",
               x, cy - 5.5);
            svg_pr(f, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#0072B2\" stroke=\"#333333\" stroke-width=\"0.6\"/>\n",
               x + 22, cy - 8, x + 32, cy, x + 22, cy + 8);
            break;
        case 3: diamond(f, x + 16, cy, 7, "#0072B2", "#000000"); break;
        case 4: diamond(f, x + 16, cy, 6.5, "#FFFFFF", "#0072B2"); break;
        default:
            svg_pr(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" stroke-width=\"1.6\"/>\n", x + 16,
               cy - 8, x + 16, cy + 8);
        }
        svg_text(f, x + 40, y + 12, 11, "fill=\"#222222\"", sym[i], NULL);
        x += w;
    }
    y += 24;
    return y - y0;
}

/* The phases in full: titles, spans, conditions. Returns the height. */
static double draw_phase_key(FILE *f, const lay *L, double y)
{
    const truce_agreement *a = L->a;
    if (!a->nphases) return 0;
    double y0 = y, tw = W - 2 * MARGIN;
    svg_text(f, MARGIN, y + 13, 12, "font-weight=\"bold\" fill=\"#111111\"", "Phases", NULL);
    y += 20;
    char b[1024], span[160], why[512];
    for (size_t i = 0; i < a->nphases; i++) {
        const phase *p = &a->phases[i];
        phase_span(L->s, p, span, sizeof span);
        size_t o = (size_t)snprintf(b, sizeof b, "%s, %s: %s", p->id ? p->id : "?", span, p->title ? p->title : "");
        if (p->start_day == DAY_UNKNOWN && o < sizeof b) {
            phase_start_reason(p, why, sizeof why);
            o += (size_t)snprintf(b + o, sizeof b - o, ". It %s", why);
        } else if (p->nrequires && o < sizeof b) {
            o += (size_t)snprintf(b + o, sizeof b - o, ". Entry requires: ");
            for (size_t k = 0; k < p->nrequires && o < sizeof b; k++) {
                const milestone *m = p->requires[k];
                o += (size_t)snprintf(b + o, sizeof b - o, "%s%s", k ? "; " : "",
                                      m && m->title ? m->title : p->requires_ids[k] ? p->requires_ids[k] : "?");
            }
            if (o < sizeof b && p->if_not == IFNOT_CONTINUE)
                o += (size_t)snprintf(b + o, sizeof b - o, " (until then the previous phase's terms continue)");
            else if (o < sizeof b && p->if_not == IFNOT_LAPSE)
                o += (size_t)snprintf(b + o, sizeof b - o, " (if not, the previous phase's terms lapse)");
        }
        (void)o;
        int n = svg_text_wrap(f, MARGIN, y + 12, 11, 14, "fill=\"#222222\"", b, tw, 3);
        y += 14.0 * n + 4;
    }
    return y - y0 + 6;
}

static double draw_footer(FILE *f, double y)
{
    svg_text_wrap(f, MARGIN, y + 12, 10, 13, "fill=\"#666666\"",
              "Days are agreement days: day 1 is the first day of the first phase. Each bar shows when an obligation "
              "is in force; a hatched, dashed bar is one of several options still under negotiation, not an agreed term. "
              "Made with truce from the agreement file; hover over a cut label for its full text.",
              W - 2 * MARGIN, 3);
    return 44;
}

int render_timeline_svg(const truce_agreement *a, const schedule *s, FILE *out)
{
    return render_timeline_svg_status(a, s, NULL, NULL, NULL, out);
}

int render_timeline_svg_status(const truce_agreement *a, const schedule *s, const char *const *fill,
                               const char *const *tip, const char *const *legend, FILE *out)
{
    lay L = {0};
    L.a = a;
    L.s = s;
    L.fill = fill;
    L.tip = tip;
    L.legend = legend;
    /* the days shown: the known span, with room for what is open-ended */
    int open = 0;
    L.has_und = 0;
    for (size_t i = 0; i < a->nphases; i++) {
        if (a->phases[i].start_day == DAY_UNKNOWN) L.has_und = 1;
        else if (a->phases[i].end_day == DAY_UNKNOWN) open = 1;
    }
    for (size_t i = 0; i < s->nrows; i++) {
        const sched_row *r = &s->rows[i];
        if (r->from == DAY_UNKNOWN || (r->by == DAY_UNKNOWN && row_terms(r).by.kind)) L.has_und = 1;
        if (r->from != DAY_UNKNOWN && r->until == DAY_UNKNOWN) open = 1;
    }
    L.dmin = s->first < 1 ? s->first : 1;
    L.dmax = s->last > L.dmin ? s->last : L.dmin;
    if (open) {
        long pad = (L.dmax - L.dmin + 1) / 5;
        L.dmax += pad < 7 ? 7 : pad;
    }
    L.dmax += (7 - ((L.dmax - L.dmin + 1) % 7)) % 7; /* end on a whole week */
    L.x0 = MARGIN + LABEL_W + 20;
    L.ux1 = W - MARGIN;
    L.ux0 = L.has_und ? L.ux1 - UND_W : L.ux1;
    L.x1 = L.has_und ? L.ux0 - 14 : L.ux1;
    L.ppd = (L.x1 - L.x0) / (double)(L.dmax - L.dmin + 1);

    /* the rows: a heading before the options of an obligation still open */
    const truce_allocator *al = a->ar.alloc;
    size_t cap = s->nrows * 2 + 1;
    item *items = alloc_mem(al, sizeof *items * cap);
    if (!items) return TRUCE_ENOMEM;
    size_t ni = 0;
    const obligation *last = NULL;
    for (size_t i = 0; i < s->nrows; i++) {
        const sched_row *r = &s->rows[i];
        if (r->opt && r->ob != last) items[ni++] = (item){ITEM_OPTIONS_HEAD, r, 0};
        items[ni++] = (item){ITEM_ROW, r, 0};
        last = r->ob;
    }
    for (size_t i = 0; i < ni; i++) items[i].h = item_height(&L, &items[i]);

    /* measure, then draw */
    double head_end = draw_head(NULL, &L, 10);
    double ph = phase_head_h(&L);
    double axis_y = head_end + ph;
    double rows_top = axis_y + 34;
    double rows_h = 0;
    for (size_t i = 0; i < ni; i++) rows_h += items[i].h;
    if (ni == 0) rows_h = 40;
    double rows_bottom = rows_top + rows_h;
    double legend_h = draw_legend(NULL, &L, 0);
    double key_h = draw_phase_key(NULL, &L, 0);
    double H = rows_bottom + 20 + legend_h + key_h + draw_footer(NULL, 0) + 10;

    FILE *f = out;
    svg_open(f, W, H, a->title ? a->title : a->id, "timeline");
    fputs("<defs>\n", f);
    for (int i = 0; i < 2; i++)
        fprintf(f,
                "<linearGradient id=\"fade%d\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"0\"><stop offset=\"0\" stop-color=\"%s\" "
                "stop-opacity=\"1\"/><stop offset=\"0.55\" stop-color=\"%s\" stop-opacity=\"1\"/><stop offset=\"1\" "
                "stop-color=\"%s\" stop-opacity=\"0\"/></linearGradient>\n",
                i, band_fill[i], band_fill[i], band_fill[i]);
    for (int k = 0; k < OB_KIND_COUNT; k++)
        fprintf(f,
                "<pattern id=\"hatch%d\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
                "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#FFFFFF\"/><rect width=\"2.5\" "
                "height=\"6\" fill=\"%s\"/></pattern>\n",
                k, kind_colour[k]);
    fputs("<pattern id=\"undated\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" "
          "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#F3F3F3\"/><rect width=\"1\" height=\"8\" "
          "fill=\"#E2E2E2\"/></pattern>\n</defs>\n",
          f);
    fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#FFFFFF\"/>\n", W, H);
    draw_head(f, &L, 10);
    draw_phase_bands(f, &L, head_end, rows_bottom);
    draw_axis(f, &L, axis_y, rows_top, rows_bottom);
    double y = rows_top;
    for (size_t i = 0; i < ni; i++) {
        if (i) svg_pr(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#D4D4D4\" stroke-width=\"0.7\"/>\n",
                  MARGIN, y, W - MARGIN, y);
        draw_item(f, &L, &items[i], y);
        y += items[i].h;
    }
    if (ni == 0) svg_text(f, L.x0 + 6, rows_top + 24, 12, "fill=\"#555555\"", "This agreement has no obligations yet.", NULL);
    svg_pr(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n", MARGIN, rows_bottom, W - MARGIN,
       rows_bottom);
    y = rows_bottom + 20;
    y += draw_legend(f, &L, y);
    y += draw_phase_key(f, &L, y);
    draw_footer(f, y);
    fputs("</svg>\n", f);
    alloc_free(al, items, sizeof *items * cap);
    return ferror(out) ? TRUCE_EIO : 0;
}
