/* report_html.c: the implementation report: one self-contained HTML page with the scorecard, the
 * map with the reports plotted and coloured by what they show, and the timeline coloured by
 * verdict; or that timeline alone as SVG. Not the drawing of maps and timelines (map_svg.c,
 * timeline_svg.c) and not the judgement (src/judge). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "render/verdicts.h"

static const char *const verdict_colour[V_COUNT] = {
    NULL,      /* not judged: the kind's hatch stays */
    "#BBBBBB", /* pending */
    "#56B4E9", /* on track */
    "#009E73", /* met */
    "#E69F00", /* late */
    "#D55E00", /* violated */
    "#CC79A7", /* disputed */
};
static const char *const ev_colour[EV_COUNT] = {"#009E73", "#56B4E9", "#D55E00", "#E69F00", "#882255", "#CC79A7"};


static const char *const status_legend[] = {"pending", "#BBBBBB", "on track", "#56B4E9", "met", "#009E73",
                                            "late", "#E69F00", "violated", "#D55E00", "disputed", "#CC79A7",
                                            NULL, NULL};
static const char *const point_legend[] = {"violation", "#D55E00", "possible violation", "#E69F00",
                                           "done", "#009E73", "claim", "#56B4E9", "short", "#882255",
                                           "conflicting", "#CC79A7", "other report", "#777777", NULL, NULL};

static int timeline(const judgement *j, FILE *out)
{
    const schedule *s = &j->s;
    const char **fill = arena_alloc((arena *)&j->ar, sizeof(char *) * (s->nrows + 1));
    const char **tip = arena_alloc((arena *)&j->ar, sizeof(char *) * (s->nrows + 1));
    if (!fill || !tip) return TRUCE_ENOMEM;
    for (size_t r = 0; r < s->nrows; r++) {
        for (size_t i = 0; i < j->nobs; i++)
            if (j->obs[i].row == &s->rows[r]) {
                fill[r] = verdict_colour[j->obs[i].v];
                tip[r] = arena_printf((arena *)&j->ar, "%s: %s (%s)", j->obs[i].ob->id, verdict_names[j->obs[i].v],
                                      j->obs[i].reason ? j->obs[i].reason : "");
            }
        if (!tip[r]) tip[r] = arena_printf((arena *)&j->ar, "%s: not agreed: not judged", s->rows[r].ob->id);
    }
    return render_timeline_svg_status(j->a, s, fill, tip, status_legend, out);
}

/* The map's arguments, for inline_svg. */
typedef struct map_args {
    const truce_agreement *a;
    const map_point *pts;
    size_t np;
} map_args;

static int draw_map(const void *arg, FILE *out)
{
    const map_args *m = arg;
    return render_map_svg_points(m->a, m->pts, m->np, point_legend, out);
}

static int draw_timeline(const void *arg, FILE *out) { return timeline(arg, out); }

/* Writes the SVG document draw makes into the page, without its XML declaration. */
static int inline_svg(FILE *out, int (*draw)(const void *arg, FILE *out), const void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) return TRUCE_ENOMEM;
    int r = draw(arg, mem);
    if (fclose(mem) && !r) r = TRUCE_ENOMEM;
    if (r == 0 && buf) {
        const char *svg = strstr(buf, "<svg");
        fputs(svg ? svg : buf, out);
    }
    free(buf);
    return r;
}

static int report_html(const judgement *j, FILE *out)
{
    const truce_agreement *a = j->a;
    char d[11];
    /* the points: every located report, coloured by the strongest thing it is evidence of */
    map_point *pts = arena_alloc((arena *)&j->ar, sizeof *pts * (j->nreports + 1));
    if (!pts) return TRUCE_ENOMEM;
    size_t np = 0;
    for (size_t i = 0; i < j->nreports; i++) {
        const report *r = &j->reports[i];
        if (!isfinite(r->lon) || !isfinite(r->lat) || j->rday_lo[i] > j->at_day) continue;
        int best = -1;
        static const int rank[EV_COUNT] = {2, 1, 5, 4, 3, 3};
        const char *ob = NULL;
        for (size_t o = 0; o < j->nobs; o++)
            for (size_t k = 0; k < j->obs[o].nev; k++)
                if (j->obs[o].ev[k].report == i && (best < 0 || rank[j->obs[o].ev[k].cls] > rank[best]))
                    best = (int)j->obs[o].ev[k].cls, ob = j->obs[o].ob->id;
        map_point *m = &pts[np++];
        m->lon = r->lon, m->lat = r->lat, m->radius_m = r->radius_m;
        m->colour = best < 0 ? "#777777" : ev_colour[best];
        m->tip = arena_printf((arena *)&j->ar, "%s (%s)%s%s%s%s", r->source_id, report_kind_names[r->kind], best < 0 ? "" : ": ",
                              best < 0 ? "" : ev_class_names[best], ob ? ", " : "", ob ? ob : "");
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", out);
    xml_escape(out, a->title ? a->title : a->id);
    fputs(": implementation report</title>\n<style>\nbody{font-family:sans-serif;max-width:1240px;margin:1em auto;color:#111}\n"
          "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}\n"
          ".v{font-weight:bold;white-space:nowrap}.syn{color:#B00000;font-weight:bold}svg{max-width:100%;height:auto}\n</style>\n</head>\n<body>\n<h1>",
          out);
    xml_escape(out, a->title ? a->title : a->id);
    fprintf(out, "</h1>\n<p>Judged as of the end of %s (agreement day %ld) from %zu report%s; time zone ", truce_date_format(j->at, d),
            j->at_day, j->nreports, j->nreports == 1 ? "" : "s");
    xml_escape(out, j->tz.name);
    fputs(".</p>\n", out);
    size_t syn = render_synthetic_reports(j);
    if (syn)
        fprintf(out, "<p class=\"syn\">%s%zu of the reports are labelled SYNTHETIC (in their source, notes or unit): "
                     "they are not real events.</p>\n", syn == j->nreports ? "All " : "", syn);
    if (a->synthetic) {
        fputs("<p class=\"syn\">Synthetic: ", out);
        xml_escape(out, a->synthetic);
        fputs("</p>\n", out);
    }
    fputs("<h2>Scorecard</h2>\n<table>\n<tr><th>obligation</th><th>kind</th><th>phase</th><th>verdict</th><th>PAM</th>"
          "<th>done / due</th><th>why</th><th>evidence</th></tr>\n",
          out);
    for (size_t i = 0; i < j->nobs; i++) {
        const ob_judgement *o = &j->obs[i];
        const char *c = verdict_colour[o->v] ? verdict_colour[o->v] : "#FFFFFF";
        fputs("<tr><td>", out);
        xml_escape(out, o->ob->id);
        fprintf(out, "</td><td>%s</td><td>", render_kind_name(o->ob));
        xml_escape(out, o->ob->phase_id ? o->ob->phase_id : "");
        fprintf(out, "</td><td class=\"v\" style=\"background:%s\">%s</td><td>", c, verdict_names[o->v]);
        if (o->score >= 0) fprintf(out, "%d", o->score);
        fputs("</td><td>", out);
        if (o->has_qty) {
            fprintf(out, "%ld / %ld ", o->done, o->due);
            xml_escape(out, o->unit ? o->unit : "");
        }
        fputs("</td><td>", out);
        xml_escape(out, o->reason ? o->reason : "");
        fputs("</td><td>", out);
        for (size_t k = 0; k < o->nev; k++) {
            if (k) fputs(", ", out);
            fprintf(out, "%s ", ev_class_names[o->ev[k].cls]);
            xml_escape(out, j->reports[o->ev[k].report].source_id);
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n<p>", out);
    if (j->judged) fprintf(out, "Whole agreement: Peace Accords Matrix %.1f%% (%d of %d).", j->pct, j->sum, 3 * j->judged);
    for (size_t pi = 0; pi < j->nphases; pi++) {
        const phase_score *ps = &j->phases[pi];
        if (!ps->p || ps->pct < 0) continue;
        fputs(" ", out);
        xml_escape(out, ps->p->id);
        fprintf(out, ": %.1f%%.", ps->pct);
    }
    fputs("</p>\n<ul>\n", out);
    for (size_t pi = 0; pi < a->nphases; pi++) {
        const phase_score *ps = &j->phases[pi];
        if (pi == 0 && !ps->p->nrequires) continue;
        fputs("<li>", out);
        xml_escape(out, ps->p->id);
        fputs(ps->ready ? ": the conditions to enter it hold" : ": the conditions to enter it do not hold", out);
        for (int k = 0; k < ps->nmissing; k++) {
            fputs(k ? "; " : " (", out);
            xml_escape(out, ps->missing[k]);
        }
        fputs(ps->nmissing ? ")</li>\n" : "</li>\n", out);
    }
    fputs("</ul>\n<h2>Map</h2>\n", out);
    int r = inline_svg(out, draw_map, &(map_args){a, pts, np});
    if (r) return r;
    fputs("<h2>Timeline</h2>\n", out);
    if ((r = inline_svg(out, draw_timeline, j))) return r;
    fputs("<p>Verdicts follow the agreement's own time rules; a report too imprecise in place or time to confirm a "
          "breach is shown as a possible violation, never as a violation. Absence of reports is not taken as proof. "
          "Made with truce.</p>\n</body>\n</html>\n",
          out);
    return 0;
}

int render_report(const judgement *j, truce_judge_format f, FILE *out)
{
    if (f == TRUCE_JUDGE_SVG) return timeline(j, out);
    if (f == TRUCE_JUDGE_HTML) return report_html(j, out);
    return TRUCE_EARG;
}
