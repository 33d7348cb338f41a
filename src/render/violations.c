/* violations.c: a judgement's confirmed and possible violations (with short quantities and
 * conflicting reports), one line per report and obligation, filtered by zone, party and date; as
 * text, json, geojson (located reports as points) or csv. Not the judging of what is a breach
 * (src/judge). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/verdicts.h"

static int is_breach(ev_class c) { return c == EV_VIOLATION || c == EV_POSSIBLE || c == EV_SHORT || c == EV_CONFLICT; }

static int keep(const judgement *j, const ob_judgement *o, const evidence *e, const truce_judge_options *opt)
{
    if (!is_breach(e->cls)) return 0;
    if (opt->zone) {
        terms t = obligation_terms(o->ob);
        const char *z = e->zone ? e->zone : t.zone_id ? t.zone_id : o->ob->crossing_id;
        if (!z || strcmp(z, opt->zone)) return 0;
    }
    if (opt->party) {
        int ok = e->party ? !strcmp(e->party, opt->party) : 0;
        if (!e->party)
            for (size_t i = 0; i < o->ob->nparties; i++) ok |= o->ob->party_ids[i] && !strcmp(o->ob->party_ids[i], opt->party);
        if (!ok) return 0;
    }
    if (opt->since != TRUCE_DATE_NONE && j->day1 + e->day_hi - 1 < opt->since) return 0;
    return 1;
}

int render_violations(const judgement *j, const truce_judge_options *opt, FILE *out)
{
    truce_judge_format f = opt->format;
    size_t count = 0;
    if (f == TRUCE_JUDGE_CSV) fputs("report,kind,class,from,until,obligation,party,zone,lon,lat,radius_m,why\n", out);
    else if (f == TRUCE_JUDGE_JSON) fputs("{\"violations\":[", out);
    else if (f == TRUCE_JUDGE_GEOJSON) fputs("{\"type\":\"FeatureCollection\",\"features\":[", out);
    else if (f == TRUCE_JUDGE_TEXT) render_judgement_header(j, out);
    else return TRUCE_EARG;
    for (size_t i = 0; i < j->nobs; i++) {
        const ob_judgement *o = &j->obs[i];
        for (size_t k = 0; k < o->nev; k++) {
            const evidence *e = &o->ev[k];
            if (!keep(j, o, e, opt)) continue;
            const report *r = &j->reports[e->report];
            terms t = obligation_terms(o->ob);
            const char *zid = e->zone ? e->zone : t.zone_id;
            char a[11], b[11], days[32];
            render_ev_days(j, e, days, sizeof days);
            int has_loc = isfinite(r->lon) && isfinite(r->lat);
            switch (f) {
            case TRUCE_JUDGE_TEXT:
                if (!count) fputc('\n', out);
                fprintf(out, "%-22s %-9s %-22s %-10s %-18s %s (%s)%s%s\n", days, ev_class_names[e->cls], o->ob->id,
                        e->party ? e->party : "-", zid ? zid : "-", r->source_id, report_kind_names[r->kind],
                        e->why ? ": " : "", e->why ? e->why : "");
                break;
            case TRUCE_JUDGE_CSV:
                render_csv_field(out, r->source_id);
                fprintf(out, ",%s,%s,%s,%s,", report_kind_names[r->kind], ev_class_names[e->cls], render_day_date(j, e->day_lo, a),
                        render_day_date(j, e->day_hi, b));
                render_csv_field(out, o->ob->id);
                fputc(',', out);
                render_csv_field(out, e->party);
                fputc(',', out);
                render_csv_field(out, zid);
                if (has_loc) fprintf(out, ",%.6f,%.6f,%.0f,", r->lon, r->lat, r->radius_m);
                else fputs(",,,,", out);
                render_csv_field(out, e->why);
                fputc('\n', out);
                break;
            case TRUCE_JUDGE_JSON:
            case TRUCE_JUDGE_GEOJSON:
                if (f == TRUCE_JUDGE_GEOJSON && !has_loc) continue;
                fputs(count ? ",\n" : "\n", out);
                if (f == TRUCE_JUDGE_GEOJSON)
                    fprintf(out, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]},\"properties\":",
                            r->lon, r->lat);
                fputs("{\"report\":", out);
                render_json_string(out, r->source_id);
                fprintf(out, ",\"kind\":\"%s\",\"class\":\"%s\",\"from\":\"%s\",\"until\":\"%s\",\"obligation\":",
                        report_kind_names[r->kind], ev_class_names[e->cls], render_day_date(j, e->day_lo, a), render_day_date(j, e->day_hi, b));
                render_json_string(out, o->ob->id);
                fputs(",\"party\":", out);
                render_json_string(out, e->party);
                fputs(",\"zone\":", out);
                render_json_string(out, zid);
                if (has_loc && f == TRUCE_JUDGE_JSON) fprintf(out, ",\"lon\":%.6f,\"lat\":%.6f", r->lon, r->lat);
                if (has_loc) fprintf(out, ",\"radius_m\":%.0f", r->radius_m);
                fputs(",\"why\":", out);
                render_json_string(out, e->why);
                fputs(f == TRUCE_JUDGE_GEOJSON ? "}}" : "}", out);
                break;
            default: break;
            }
            count++;
        }
    }
    if (f == TRUCE_JUDGE_TEXT) fprintf(out, "%s%zu violation%s or possible violation%s\n", count ? "" : "\n", count, count == 1 ? "" : "s",
                              count == 1 ? "" : "s");
    else if (f == TRUCE_JUDGE_JSON || f == TRUCE_JUDGE_GEOJSON) fputs(count ? "\n]}\n" : "]}\n", out);
    return 0;
}
