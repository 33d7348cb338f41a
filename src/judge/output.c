/* output.c: a judgement written out: the scorecard (text, json, csv), the violations (text,
 * json, geojson, csv) and the report (html: map, timeline coloured by status and scorecard in one
 * self-contained file; svg: the timeline). Same judgement, same bytes. Not the judgement itself
 * (judge.c) and not the drawing of maps and timelines (src/render, reused here). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge.h"
#include "render/render.h"

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

void judge_json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", out);
        else if (*p == '\t') fputs("\\t", out);
        else if (*p < 0x20) fprintf(out, "\\u%04x", *p);
        else fputc(*p, out);
    }
    fputc('"', out);
}

static void csv_field(FILE *out, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static const char *day_date(const judgement *j, long day, char buf[11])
{
    return truce_date_format((truce_date)(j->day1 + day - 1), buf);
}

static void parties_of(const obligation *ob, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ob->nparties && o < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? ";" : "", ob->party_ids[i] ? ob->party_ids[i] : "?");
}

static const char *kind_name(const obligation *ob) { return ob->kind < OB_KIND_COUNT ? kind_names[ob->kind] : "?"; }

/* "2025-01-20" or "2025-01-20..2025-01-22" */
static void ev_days(const judgement *j, const evidence *e, char *buf, size_t cap)
{
    char a[11], b[11];
    if (e->day_lo == e->day_hi) snprintf(buf, cap, "%s", day_date(j, e->day_lo, a));
    else snprintf(buf, cap, "%s..%s", day_date(j, e->day_lo, a), day_date(j, e->day_hi, b));
}

/* ---- status ---- */

static void header_text(const judgement *j, FILE *out)
{
    const truce_agreement *a = j->a;
    char d1[11], d2[11];
    fprintf(out, "%s (%s)\n", a->title ? a->title : a->id, a->id ? a->id : "?");
    fprintf(out, "judged as of the end of %s (day %ld); day 1 = %s; time zone %s%s\n", truce_date_format(j->at, d1),
            j->at_day, truce_date_format(j->day1, d2), j->tz.name, j->tz.approximate ? " (approximate: zone file not found)" : "");
    if (a->synthetic) fprintf(out, "SYNTHETIC: %s\n", a->synthetic);
    fprintf(out, "%zu report%s\n", j->nreports, j->nreports == 1 ? "" : "s");
}

static void batches_text(const judgement *j, const ob_judgement *o, FILE *out)
{
    char d[11];
    const char *unit = o->unit ? o->unit : "";
    if (o->has_qty)
        fprintf(out, "      done %ld of %ld due by now%s%s%s\n", o->done, o->due, unit[0] ? " " : "", unit,
                o->total >= 0 ? "" : "");
    if (o->total >= 0) fprintf(out, "      total %ld\n", o->total);
    for (size_t b = 0; b < o->nbatches; b++) {
        const batch *B = &o->batches[b];
        if (B->days > 1) fprintf(out, "      week of %s: %ld of %ld", day_date(j, B->day, d), B->done, B->due);
        else fprintf(out, "      %s (day %ld): %ld of %ld", day_date(j, B->day, d), B->day, B->done, B->due);
        if (B->done_late) fprintf(out, " (+%ld late)", B->done_late);
        if (B->days == 1 && o->ob->q.has_rate && !B->reported) fprintf(out, " no report");
        fprintf(out, " %s\n", verdict_names[B->v]);
    }
}

static int status_text(const judgement *j, FILE *out)
{
    const truce_agreement *a = j->a;
    header_text(j, out);
    for (size_t pi = 0; pi < j->nphases; pi++) {
        const phase_score *ps = &j->phases[pi];
        int any = 0;
        for (size_t i = 0; i < j->nobs; i++) any |= (ps->p ? j->obs[i].ob->phase == ps->p : !j->obs[i].ob->phase);
        if (!any) continue;
        fputc('\n', out);
        if (ps->p) fprintf(out, "%s: %s\n", ps->p->id, ps->p->title ? ps->p->title : "");
        else fprintf(out, "without a phase\n");
        if (ps->judged) fprintf(out, "  PAM %.1f%% (%d of %d)\n", ps->pct, ps->sum, 3 * ps->judged);
        else fprintf(out, "  PAM: nothing judged\n");
        for (size_t i = 0; i < j->nobs; i++) {
            const ob_judgement *o = &j->obs[i];
            if (ps->p ? o->ob->phase != ps->p : o->ob->phase != NULL) continue;
            char who[256];
            parties_of(o->ob, who, sizeof who);
            fprintf(out, "  %-28s %-18s %-14s %-10s", o->ob->id, kind_name(o->ob), who[0] ? who : "-", verdict_names[o->v]);
            if (o->score >= 0) fprintf(out, " score %d", o->score);
            fprintf(out, "\n      %s\n", o->reason ? o->reason : "");
            batches_text(j, o, out);
            for (size_t k = 0; k < o->nev; k++) {
                const evidence *e = &o->ev[k];
                char days[32];
                ev_days(j, e, days, sizeof days);
                fprintf(out, "      %-9s %s %s%s%s%s: %s\n", ev_class_names[e->cls], days, j->reports[e->report].source_id,
                        e->party ? " (" : "", e->party ? e->party : "", e->party ? ")" : "", e->why ? e->why : "");
            }
        }
    }
    fputc('\n', out);
    if (j->judged) fprintf(out, "whole agreement: PAM %.1f%% (%d of %d, %d obligations judged)\n", j->pct, j->sum, 3 * j->judged, j->judged);
    else fprintf(out, "whole agreement: nothing judged\n");
    for (size_t pi = 0; pi < a->nphases; pi++) {
        const phase_score *ps = &j->phases[pi];
        if (!ps->p->nrequires && !ps->p->after && pi == 0) continue;
        fprintf(out, "%s: %s%s", ps->p->id, ps->entered ? "entered; " : "", ps->ready ? "conditions to enter hold" : "conditions to enter do not hold");
        for (int k = 0; k < ps->nmissing; k++) fprintf(out, "%s%s", k ? "; " : ": ", ps->missing[k]);
        fputc('\n', out);
    }
    if (j->nunmatched) {
        fprintf(out, "names that matched no party (never counted against one):");
        for (size_t i = 0; i < j->nunmatched; i++) fprintf(out, "%s %s (%ld)", i ? "," : "", j->unmatched[i], j->unmatched_count[i]);
        fputc('\n', out);
    }
    return 0;
}

void judge_write_ob_json(const judgement *j, const ob_judgement *o, FILE *out)
{
    char d[11];
    fputs("{\"obligation\":", out);
    judge_json_string(out, o->ob->id);
    fprintf(out, ",\"kind\":\"%s\",\"phase\":", kind_name(o->ob));
    judge_json_string(out, o->ob->phase_id);
    fputs(",\"parties\":[", out);
    for (size_t i = 0; i < o->ob->nparties; i++) {
        if (i) fputc(',', out);
        judge_json_string(out, o->ob->party_ids[i]);
    }
    fprintf(out, "],\"verdict\":\"%s\",\"reason\":", verdict_names[o->v]);
    judge_json_string(out, o->reason);
    if (o->score >= 0) fprintf(out, ",\"score\":%d", o->score);
    else fputs(",\"score\":null", out);
    if (o->has_qty) {
        fprintf(out, ",\"due\":%ld,\"done\":%ld,\"unit\":", o->due, o->done);
        judge_json_string(out, o->unit);
    }
    if (o->total >= 0) fprintf(out, ",\"total\":%ld", o->total);
    if (o->nbatches) {
        fputs(",\"batches\":[", out);
        for (size_t b = 0; b < o->nbatches; b++) {
            const batch *B = &o->batches[b];
            fprintf(out, "%s{\"date\":\"%s\",\"day\":%ld,\"days\":%ld,\"due\":%ld,\"done\":%ld,\"done_late\":%ld,\"status\":\"%s\"}",
                    b ? "," : "", day_date(j, B->day, d), B->day, B->days, B->due, B->done, B->done_late, verdict_names[B->v]);
        }
        fputc(']', out);
    }
    fputs(",\"evidence\":[", out);
    for (size_t k = 0; k < o->nev; k++) {
        const evidence *e = &o->ev[k];
        char a[11], b[11];
        fputs(k ? ",{\"report\":" : "{\"report\":", out);
        judge_json_string(out, j->reports[e->report].source_id);
        fprintf(out, ",\"kind\":\"%s\",\"class\":\"%s\",\"from\":\"%s\",\"until\":\"%s\",\"why\":",
                report_kind_names[j->reports[e->report].kind], ev_class_names[e->cls], day_date(j, e->day_lo, a),
                day_date(j, e->day_hi, b));
        judge_json_string(out, e->why);
        fputc('}', out);
    }
    fputs("]}", out);
}

static int status_json(const judgement *j, FILE *out)
{
    const truce_agreement *a = j->a;
    char d[11];
    fputs("{\"agreement\":", out);
    judge_json_string(out, a->id);
    fprintf(out, ",\"at\":\"%s\",\"at_day\":%ld,", truce_date_format(j->at, d), j->at_day);
    fprintf(out, "\"day1\":\"%s\",\"timezone\":", truce_date_format(j->day1, d));
    judge_json_string(out, j->tz.name);
    fprintf(out, ",\"timezone_approximate\":%s,\"synthetic\":", j->tz.approximate ? "true" : "false");
    judge_json_string(out, a->synthetic);
    fprintf(out, ",\"reports\":%zu,\n\"obligations\":[\n", j->nreports);
    for (size_t i = 0; i < j->nobs; i++) {
        judge_write_ob_json(j, &j->obs[i], out);
        fputs(i + 1 < j->nobs ? ",\n" : "\n", out);
    }
    fputs("],\n\"phases\":[\n", out);
    int first = 1;
    for (size_t pi = 0; pi < j->nphases; pi++) {
        const phase_score *ps = &j->phases[pi];
        if (!ps->p && !ps->judged) continue;
        fputs(first ? "{\"phase\":" : ",\n{\"phase\":", out);
        first = 0;
        judge_json_string(out, ps->p ? ps->p->id : NULL);
        fprintf(out, ",\"judged\":%d,\"sum\":%d,", ps->judged, ps->sum);
        if (ps->pct >= 0) fprintf(out, "\"pam_percent\":%.1f", ps->pct);
        else fputs("\"pam_percent\":null", out);
        if (ps->p) {
            fprintf(out, ",\"entered\":%s,\"ready\":%s,\"missing\":[", ps->entered ? "true" : "false", ps->ready ? "true" : "false");
            for (int k = 0; k < ps->nmissing; k++) {
                if (k) fputc(',', out);
                judge_json_string(out, ps->missing[k]);
            }
            fputc(']', out);
        }
        fputc('}', out);
    }
    fprintf(out, "\n],\n\"total\":{\"judged\":%d,\"sum\":%d,", j->judged, j->sum);
    if (j->pct >= 0) fprintf(out, "\"pam_percent\":%.1f},\n", j->pct);
    else fputs("\"pam_percent\":null},\n", out);
    fputs("\"milestones_held\":[", out);
    for (size_t i = 0; i < j->nheld; i++) {
        if (i) fputc(',', out);
        judge_json_string(out, j->milestones_held[i]);
    }
    fputs("],\n\"unmatched\":[", out);
    for (size_t i = 0; i < j->nunmatched; i++) {
        fputs(i ? ",{\"name\":" : "{\"name\":", out);
        judge_json_string(out, j->unmatched[i]);
        fprintf(out, ",\"count\":%ld}", j->unmatched_count[i]);
    }
    fputs("]}\n", out);
    return 0;
}

static int status_csv(const judgement *j, FILE *out)
{
    fputs("obligation,kind,phase,parties,verdict,score,due,done,unit,evidence,reason\n", out);
    for (size_t i = 0; i < j->nobs; i++) {
        const ob_judgement *o = &j->obs[i];
        char who[256];
        parties_of(o->ob, who, sizeof who);
        csv_field(out, o->ob->id);
        fprintf(out, ",%s,", kind_name(o->ob));
        csv_field(out, o->ob->phase_id);
        fputc(',', out);
        csv_field(out, who);
        fprintf(out, ",%s,", verdict_names[o->v]);
        if (o->score >= 0) fprintf(out, "%d", o->score);
        if (o->has_qty) fprintf(out, ",%ld,%ld,", o->due, o->done);
        else fputs(",,,", out);
        csv_field(out, o->has_qty ? o->unit : NULL);
        fputc(',', out);
        char evs[2048];
        size_t n = 0;
        evs[0] = '\0';
        for (size_t k = 0; k < o->nev && n < sizeof evs; k++)
            n += (size_t)snprintf(evs + n, sizeof evs - n, "%s%s:%s", k ? ";" : "", ev_class_names[o->ev[k].cls],
                                  j->reports[o->ev[k].report].source_id);
        csv_field(out, evs);
        fputc(',', out);
        csv_field(out, o->reason);
        fputc('\n', out);
    }
    return 0;
}

int judge_write_status(const judgement *j, judge_format f, FILE *out)
{
    switch (f) {
    case JF_TEXT: return status_text(j, out);
    case JF_JSON: return status_json(j, out);
    case JF_CSV: return status_csv(j, out);
    default: return TRUCE_EARG;
    }
}

/* ---- violations ---- */

static int is_breach(ev_class c) { return c == EV_VIOLATION || c == EV_POSSIBLE || c == EV_SHORT || c == EV_CONFLICT; }

static int keep(const judgement *j, const ob_judgement *o, const evidence *e, const judge_filter *flt)
{
    if (!is_breach(e->cls)) return 0;
    if (flt->zone) {
        terms t = obligation_terms(o->ob);
        const char *z = e->zone ? e->zone : t.zone_id ? t.zone_id : o->ob->crossing_id;
        if (!z || strcmp(z, flt->zone)) return 0;
    }
    if (flt->party) {
        int ok = e->party ? !strcmp(e->party, flt->party) : 0;
        if (!e->party)
            for (size_t i = 0; i < o->ob->nparties; i++) ok |= o->ob->party_ids[i] && !strcmp(o->ob->party_ids[i], flt->party);
        if (!ok) return 0;
    }
    if (flt->since != TRUCE_DATE_NONE && j->day1 + e->day_hi - 1 < flt->since) return 0;
    return 1;
}

int judge_write_violations(const judgement *j, const judge_filter *flt, judge_format f, FILE *out)
{
    size_t count = 0;
    if (f == JF_CSV) fputs("report,kind,class,from,until,obligation,party,zone,lon,lat,radius_m,why\n", out);
    else if (f == JF_JSON) fputs("{\"violations\":[", out);
    else if (f == JF_GEOJSON) fputs("{\"type\":\"FeatureCollection\",\"features\":[", out);
    else if (f == JF_TEXT) header_text(j, out);
    else return TRUCE_EARG;
    for (size_t i = 0; i < j->nobs; i++) {
        const ob_judgement *o = &j->obs[i];
        for (size_t k = 0; k < o->nev; k++) {
            const evidence *e = &o->ev[k];
            if (!keep(j, o, e, flt)) continue;
            const report *r = &j->reports[e->report];
            terms t = obligation_terms(o->ob);
            const char *zid = e->zone ? e->zone : t.zone_id;
            char a[11], b[11], days[32];
            ev_days(j, e, days, sizeof days);
            int has_loc = isfinite(r->lon) && isfinite(r->lat);
            switch (f) {
            case JF_TEXT:
                if (!count) fputc('\n', out);
                fprintf(out, "%-22s %-9s %-22s %-10s %-18s %s (%s)%s%s\n", days, ev_class_names[e->cls], o->ob->id,
                        e->party ? e->party : "-", zid ? zid : "-", r->source_id, report_kind_names[r->kind],
                        e->why ? ": " : "", e->why ? e->why : "");
                break;
            case JF_CSV:
                csv_field(out, r->source_id);
                fprintf(out, ",%s,%s,%s,%s,", report_kind_names[r->kind], ev_class_names[e->cls], day_date(j, e->day_lo, a),
                        day_date(j, e->day_hi, b));
                csv_field(out, o->ob->id);
                fputc(',', out);
                csv_field(out, e->party);
                fputc(',', out);
                csv_field(out, zid);
                if (has_loc) fprintf(out, ",%.6f,%.6f,%.0f,", r->lon, r->lat, r->radius_m);
                else fputs(",,,,", out);
                csv_field(out, e->why);
                fputc('\n', out);
                break;
            case JF_JSON:
            case JF_GEOJSON:
                if (f == JF_GEOJSON && !has_loc) continue;
                fputs(count ? ",\n" : "\n", out);
                if (f == JF_GEOJSON)
                    fprintf(out, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]},\"properties\":",
                            r->lon, r->lat);
                fputs("{\"report\":", out);
                judge_json_string(out, r->source_id);
                fprintf(out, ",\"kind\":\"%s\",\"class\":\"%s\",\"from\":\"%s\",\"until\":\"%s\",\"obligation\":",
                        report_kind_names[r->kind], ev_class_names[e->cls], day_date(j, e->day_lo, a), day_date(j, e->day_hi, b));
                judge_json_string(out, o->ob->id);
                fputs(",\"party\":", out);
                judge_json_string(out, e->party);
                fputs(",\"zone\":", out);
                judge_json_string(out, zid);
                if (has_loc && f == JF_JSON) fprintf(out, ",\"lon\":%.6f,\"lat\":%.6f", r->lon, r->lat);
                if (has_loc) fprintf(out, ",\"radius_m\":%.0f", r->radius_m);
                fputs(",\"why\":", out);
                judge_json_string(out, e->why);
                fputs(f == JF_GEOJSON ? "}}" : "}", out);
                break;
            default: break;
            }
            count++;
        }
    }
    if (f == JF_TEXT) fprintf(out, "%s%zu violation%s or possible violation%s\n", count ? "" : "\n", count, count == 1 ? "" : "s",
                              count == 1 ? "" : "s");
    else if (f == JF_JSON || f == JF_GEOJSON) fputs(count ? "\n]}\n" : "]}\n", out);
    return 0;
}

/* ---- the report ---- */

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
        fprintf(out, "</td><td>%s</td><td>", kind_name(o->ob));
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
    /* the SVG documents inline, without their XML declarations */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) return TRUCE_ENOMEM;
    int r = render_map_svg_points(a, pts, np, point_legend, mem);
    fclose(mem);
    if (r == 0 && buf) {
        const char *s = strstr(buf, "<svg");
        fputs(s ? s : buf, out);
    }
    free(buf);
    if (r) return r;
    buf = NULL;
    fputs("<h2>Timeline</h2>\n", out);
    mem = open_memstream(&buf, &len);
    if (!mem) return TRUCE_ENOMEM;
    r = timeline(j, mem);
    fclose(mem);
    if (r == 0 && buf) {
        const char *s = strstr(buf, "<svg");
        fputs(s ? s : buf, out);
    }
    free(buf);
    if (r) return r;
    fputs("<p>Verdicts follow the agreement's own time rules; a report too imprecise in place or time to confirm a "
          "breach is shown as a possible violation, never as a violation. Absence of reports is not taken as proof. "
          "Made with truce.</p>\n</body>\n</html>\n",
          out);
    return 0;
}

int judge_write_report(const judgement *j, judge_format f, FILE *out)
{
    if (f == JF_SVG) return timeline(j, out);
    if (f == JF_HTML) return report_html(j, out);
    return TRUCE_EARG;
}
