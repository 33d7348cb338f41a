/* timeline_text.c: the schedule as plain text, phase by phase, each obligation with the days
 * (and dates, when day 1 is known) it runs, its deadline and its scheduled events. Obligations
 * with open options list each option on its own line. */
#include <stdio.h>
#include <string.h>

#include "render/render.h"

static void parties(const obligation *ob, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ob->nparties && o < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? ", " : "", ob->party_ids[i]);
    if (!ob->nparties) snprintf(buf, cap, "(no party named)");
}

/* "by day 42", "by end of phase-2 (not yet dated)", "during phase-1 (day 1 to day 42)", ... */
static void span(const schedule *s, const sched_row *r, char *buf, size_t cap)
{
    char a[48], b[48], w[96];
    terms t = obligation_terms(r->ob);
    const when *by = r->opt ? &r->opt->t.by : &t.by;
    int window = r->opt ? (r->opt->t.from.kind || r->opt->t.until.kind) : (t.from.kind || t.until.kind);
    if (by->kind) {
        if (r->by != DAY_UNKNOWN) snprintf(buf, cap, "by %s", schedule_day_text(s, r->by, a, sizeof a));
        else snprintf(buf, cap, "by %s (not yet dated)", when_describe(by, w, sizeof w));
    } else if (r->opt && !window) {
        snprintf(buf, cap, "no deadline");
    } else if (!window && r->ob->phase) {
        if (r->from != DAY_UNKNOWN && r->until != DAY_UNKNOWN)
            snprintf(buf, cap, "during %s: %s to %s", r->ob->phase->id, schedule_day_text(s, r->from, a, sizeof a),
                     schedule_day_text(s, r->until, b, sizeof b));
        else if (r->from != DAY_UNKNOWN)
            snprintf(buf, cap, "during %s: from %s", r->ob->phase->id, schedule_day_text(s, r->from, a, sizeof a));
        else
            snprintf(buf, cap, "during %s: not yet dated", r->ob->phase->id);
    } else if (r->from != DAY_UNKNOWN && r->until != DAY_UNKNOWN) {
        snprintf(buf, cap, "%s to %s", schedule_day_text(s, r->from, a, sizeof a), schedule_day_text(s, r->until, b, sizeof b));
    } else if (r->from != DAY_UNKNOWN) {
        snprintf(buf, cap, "from %s, no end set", schedule_day_text(s, r->from, a, sizeof a));
    } else {
        snprintf(buf, cap, "not yet dated");
    }
}

static void row(FILE *out, const schedule *s, const sched_row *r)
{
    char who[256], span_buf[160];
    parties(r->ob, who, sizeof who);
    span(s, r, span_buf, sizeof span_buf);
    if (r->opt) {
        fprintf(out, "      [option %s] %s: %s\n", r->opt->id, r->opt->label ? r->opt->label : r->opt->id, span_buf);
        if (r->opt->nheld_by) {
            fprintf(out, "        put forward by:");
            for (size_t i = 0; i < r->opt->nheld_by; i++) fprintf(out, "%s %s", i ? "," : "", r->opt->held_by[i]);
            fputc('\n', out);
        }
        return;
    }
    fprintf(out, "  %-32s %-18s %s\n", r->ob->id, kind_names[r->ob->kind], who);
    fprintf(out, "      %s\n", span_buf);
    for (size_t i = 0; i < r->nevents; i++) {
        char d[48];
        if (r->counts[i]) fprintf(out, "      - %s: %ld\n", schedule_day_text(s, r->days[i], d, sizeof d), r->counts[i]);
        else fprintf(out, "      - %s\n", schedule_day_text(s, r->days[i], d, sizeof d));
    }
}

static void rows_of(FILE *out, const schedule *s, const phase *p)
{
    const obligation *last = NULL;
    for (size_t i = 0; i < s->nrows; i++) {
        const sched_row *r = &s->rows[i];
        if (r->ob->phase != p) continue;
        if (r->opt && r->ob != last) {
            char who[256];
            parties(r->ob, who, sizeof who);
            fprintf(out, "  %-32s %-18s %s\n", r->ob->id, kind_names[r->ob->kind], who);
            fprintf(out, "      options still open:\n");
        }
        last = r->ob;
        row(out, s, r);
    }
}

int render_timeline_text(const truce_agreement *a, const schedule *s, FILE *out)
{
    char d[11], b1[48], b2[48];
    fprintf(out, "%s\n", a->title ? a->title : a->id);
    if (s->start != TRUCE_DATE_NONE) fprintf(out, "Day 1 is %s.\n", truce_date_format(s->start, d));
    else fprintf(out, "Day 1 is the day the agreement takes effect (not yet known): days are counted from it.\n");
    for (size_t i = 0; i < a->nphases; i++) {
        const phase *p = &a->phases[i];
        fprintf(out, "\n%s: %s\n", p->id, p->title ? p->title : "");
        if (p->start_day == DAY_UNKNOWN)
            fprintf(out, "  starts after %s ends%s\n", p->after ? p->after->id : "?", p->days ? "" : "; open-ended");
        else if (p->days)
            fprintf(out, "  %s to %s (%ld days)\n", schedule_day_text(s, p->start_day, b1, sizeof b1),
                    schedule_day_text(s, p->end_day, b2, sizeof b2), p->days);
        else
            fprintf(out, "  from %s, open-ended\n", schedule_day_text(s, p->start_day, b1, sizeof b1));
        for (size_t k = 0; k < p->nrequires; k++)
            fprintf(out, "  requires: %s%s\n", p->requires[k] && p->requires[k]->title ? p->requires[k]->title : p->requires_ids[k],
                    p->if_not == IFNOT_CONTINUE ? " (if not met, the previous phase's terms continue while talks go on)"
                    : p->if_not == IFNOT_LAPSE  ? " (if not met, the agreement lapses)"
                                                : "");
        rows_of(out, s, p);
    }
    int any = 0;
    for (size_t i = 0; i < s->nrows; i++) any |= s->rows[i].ob->phase == NULL;
    if (any) {
        fprintf(out, "\nNot tied to one phase:\n");
        rows_of(out, s, NULL);
    }
    return ferror(out) ? TRUCE_EIO : 0;
}
