/* scorecard.c: a judgement as the scorecard: every obligation's verdict, reason, score,
 * quantities (batch by batch) and evidence, the phase and whole-agreement PAM scores, phase
 * readiness and the names that matched no party; as text, json or csv. Also the one-obligation
 * JSON object the watch writes. Not the judgement itself (src/judge). */
#include <stdio.h>

#include "render/verdicts.h"

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
        if (B->days > 1) fprintf(out, "      week of %s: %ld of %ld", render_day_date(j, B->day, d), B->done, B->due);
        else fprintf(out, "      %s (day %ld): %ld of %ld", render_day_date(j, B->day, d), B->day, B->done, B->due);
        if (B->done_late) fprintf(out, " (+%ld late)", B->done_late);
        if (B->days == 1 && o->ob->q.has_rate && !B->reported) fprintf(out, " no report");
        fprintf(out, " %s\n", verdict_names[B->v]);
    }
}

static int status_text(const judgement *j, FILE *out)
{
    const truce_agreement *a = j->a;
    render_judgement_header(j, out);
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
            render_parties(o->ob, who, sizeof who);
            fprintf(out, "  %-28s %-18s %-14s %-10s", o->ob->id, render_kind_name(o->ob), who[0] ? who : "-", verdict_names[o->v]);
            if (o->score >= 0) fprintf(out, " score %d", o->score);
            fprintf(out, "\n      %s\n", o->reason ? o->reason : "");
            batches_text(j, o, out);
            for (size_t k = 0; k < o->nev; k++) {
                const evidence *e = &o->ev[k];
                char days[32];
                render_ev_days(j, e, days, sizeof days);
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

void render_verdict_json(const judgement *j, const ob_judgement *o, FILE *out)
{
    char d[11];
    fputs("{\"obligation\":", out);
    render_json_string(out, o->ob->id);
    fprintf(out, ",\"kind\":\"%s\",\"phase\":", render_kind_name(o->ob));
    render_json_string(out, o->ob->phase_id);
    fputs(",\"parties\":[", out);
    for (size_t i = 0; i < o->ob->nparties; i++) {
        if (i) fputc(',', out);
        render_json_string(out, o->ob->party_ids[i]);
    }
    fprintf(out, "],\"verdict\":\"%s\",\"reason\":", verdict_names[o->v]);
    render_json_string(out, o->reason);
    if (o->score >= 0) fprintf(out, ",\"score\":%d", o->score);
    else fputs(",\"score\":null", out);
    if (o->has_qty) {
        fprintf(out, ",\"due\":%ld,\"done\":%ld,\"unit\":", o->due, o->done);
        render_json_string(out, o->unit);
    }
    if (o->total >= 0) fprintf(out, ",\"total\":%ld", o->total);
    if (o->nbatches) {
        fputs(",\"batches\":[", out);
        for (size_t b = 0; b < o->nbatches; b++) {
            const batch *B = &o->batches[b];
            fprintf(out, "%s{\"date\":\"%s\",\"day\":%ld,\"days\":%ld,\"due\":%ld,\"done\":%ld,\"done_late\":%ld,\"status\":\"%s\"}",
                    b ? "," : "", render_day_date(j, B->day, d), B->day, B->days, B->due, B->done, B->done_late, verdict_names[B->v]);
        }
        fputc(']', out);
    }
    fputs(",\"evidence\":[", out);
    for (size_t k = 0; k < o->nev; k++) {
        const evidence *e = &o->ev[k];
        char a[11], b[11];
        fputs(k ? ",{\"report\":" : "{\"report\":", out);
        render_json_string(out, j->reports[e->report].source_id);
        fprintf(out, ",\"kind\":\"%s\",\"class\":\"%s\",\"from\":\"%s\",\"until\":\"%s\",\"why\":",
                report_kind_names[j->reports[e->report].kind], ev_class_names[e->cls], render_day_date(j, e->day_lo, a),
                render_day_date(j, e->day_hi, b));
        render_json_string(out, e->why);
        fputc('}', out);
    }
    fputs("]}", out);
}

static int status_json(const judgement *j, FILE *out)
{
    const truce_agreement *a = j->a;
    char d[11];
    fputs("{\"agreement\":", out);
    render_json_string(out, a->id);
    fprintf(out, ",\"at\":\"%s\",\"at_day\":%ld,", truce_date_format(j->at, d), j->at_day);
    fprintf(out, "\"day1\":\"%s\",\"timezone\":", truce_date_format(j->day1, d));
    render_json_string(out, j->tz.name);
    fprintf(out, ",\"timezone_approximate\":%s,\"synthetic\":", j->tz.approximate ? "true" : "false");
    render_json_string(out, a->synthetic);
    fprintf(out, ",\"reports\":%zu,\"synthetic_reports\":%zu,\n\"obligations\":[\n", j->nreports,
            render_synthetic_reports(j));
    for (size_t i = 0; i < j->nobs; i++) {
        render_verdict_json(j, &j->obs[i], out);
        fputs(i + 1 < j->nobs ? ",\n" : "\n", out);
    }
    fputs("],\n\"phases\":[\n", out);
    int first = 1;
    for (size_t pi = 0; pi < j->nphases; pi++) {
        const phase_score *ps = &j->phases[pi];
        if (!ps->p && !ps->judged) continue;
        fputs(first ? "{\"phase\":" : ",\n{\"phase\":", out);
        first = 0;
        render_json_string(out, ps->p ? ps->p->id : NULL);
        fprintf(out, ",\"judged\":%d,\"sum\":%d,", ps->judged, ps->sum);
        if (ps->pct >= 0) fprintf(out, "\"pam_percent\":%.1f", ps->pct);
        else fputs("\"pam_percent\":null", out);
        if (ps->p) {
            fprintf(out, ",\"entered\":%s,\"ready\":%s,\"missing\":[", ps->entered ? "true" : "false", ps->ready ? "true" : "false");
            for (int k = 0; k < ps->nmissing; k++) {
                if (k) fputc(',', out);
                render_json_string(out, ps->missing[k]);
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
        render_json_string(out, j->milestones_held[i]);
    }
    fputs("],\n\"unmatched\":[", out);
    for (size_t i = 0; i < j->nunmatched; i++) {
        fputs(i ? ",{\"name\":" : "{\"name\":", out);
        render_json_string(out, j->unmatched[i]);
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
        render_parties(o->ob, who, sizeof who);
        render_csv_field(out, o->ob->id);
        fprintf(out, ",%s,", render_kind_name(o->ob));
        render_csv_field(out, o->ob->phase_id);
        fputc(',', out);
        render_csv_field(out, who);
        fprintf(out, ",%s,", verdict_names[o->v]);
        if (o->score >= 0) fprintf(out, "%d", o->score);
        if (o->has_qty) fprintf(out, ",%ld,%ld,", o->due, o->done);
        else fputs(",,,", out);
        render_csv_field(out, o->has_qty ? o->unit : NULL);
        fputc(',', out);
        char evs[2048];
        size_t n = 0;
        evs[0] = '\0';
        for (size_t k = 0; k < o->nev && n < sizeof evs; k++)
            n += (size_t)snprintf(evs + n, sizeof evs - n, "%s%s:%s", k ? ";" : "", ev_class_names[o->ev[k].cls],
                                  j->reports[o->ev[k].report].source_id);
        render_csv_field(out, evs);
        fputc(',', out);
        render_csv_field(out, o->reason);
        fputc('\n', out);
    }
    return 0;
}

int render_status(const judgement *j, truce_judge_format f, FILE *out)
{
    switch (f) {
    case TRUCE_JUDGE_TEXT: return status_text(j, out);
    case TRUCE_JUDGE_JSON: return status_json(j, out);
    case TRUCE_JUDGE_CSV: return status_csv(j, out);
    default: return TRUCE_EARG;
    }
}
