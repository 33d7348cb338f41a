/* show.c: the agreement as a document a person reads, in plain text or Markdown: parties, phases,
 * every obligation with its wording, terms, open options and sources, then zones and sources.
 * One walk serves both formats; only headings, emphasis and lists differ. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "render/render.h"

typedef struct doc {
    FILE *out;
    int md;
    const truce_agreement *a;
    const schedule *s;
} doc;

static void heading(doc *d, int level, const char *text)
{
    if (d->md) {
        fprintf(d->out, "\n%.*s %s\n\n", level, "####", text);
    } else {
        fprintf(d->out, "\n%s\n", text);
        size_t n = strlen(text);
        if (level <= 2) {
            for (size_t i = 0; i < n; i++) fputc(level == 1 ? '=' : '-', d->out);
            fputc('\n', d->out);
        }
    }
}

/* A labelled line: "  When: day 1 to day 42" / "- **When:** day 1 to day 42" */
static void field(doc *d, const char *label, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Writes text's words from column `col`, folding before column 96; each new line starts with
 * `indent` (whose width is where the text then starts). */
static void fold(FILE *out, const char *text, size_t col, const char *indent)
{
    size_t start = col, ind = strlen(indent);
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\n') p++;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\n') p++;
        size_t n = (size_t)(p - w);
        if (!n) break;
        if (col > start && col + 1 + n > 96) {
            fprintf(out, "\n%s", indent);
            col = start = ind;
        } else if (col > start) {
            fputc(' ', out);
            col++;
        }
        fwrite(w, 1, n, out);
        col += n;
    }
    fputc('\n', out);
}

static void field(doc *d, const char *label, const char *fmt, ...)
{
    char value[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    if (d->md) {
        fprintf(d->out, "- **%s:** %s\n", label, value);
        return;
    }
    /* plain text: the value folded under itself, so long notes stay readable */
    fprintf(d->out, "    %-10s ", label);
    fold(d->out, value, 15, "               ");
}

/* A paragraph: folded to 96 columns (plain) or as one line (Markdown). */
static void para(doc *d, const char *indent, const char *text)
{
    if (!text) return;
    if (d->md) {
        fprintf(d->out, "%s%s\n", indent, text);
        return;
    }
    fputs(indent, d->out);
    fold(d->out, text, strlen(indent), indent);
}

static const char *party_name(const truce_agreement *a, const char *id)
{
    party *p = model_party(a, id);
    return p && p->name ? p->name : id;
}

static void who(doc *d, const char *const *ids, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? (i + 1 == n ? " and " : ", ") : "", party_name(d->a, ids[i]));
}

static void when_text(doc *d, const obligation *ob, const terms *t, char *buf, size_t cap)
{
    char w1[96], w2[96], x[48];
    if (t->by.kind) {
        long day = when_day_at(d->a, &t->by, ob, d->s->start);
        snprintf(buf, cap, "by %s%s%s%s", when_describe(&t->by, w1, sizeof w1), day != DAY_UNKNOWN ? " (" : "",
                 day != DAY_UNKNOWN ? schedule_day_text(d->s, day, x, sizeof x) : "", day != DAY_UNKNOWN ? ")" : "");
    } else if (t->from.kind && t->until.kind) {
        snprintf(buf, cap, "from %s until %s", when_describe(&t->from, w1, sizeof w1), when_describe(&t->until, w2, sizeof w2));
    } else if (t->from.kind) {
        snprintf(buf, cap, "from %s, with no end set", when_describe(&t->from, w1, sizeof w1));
    } else if (t->until.kind) {
        snprintf(buf, cap, "until %s", when_describe(&t->until, w1, sizeof w1));
    } else if (ob->phase) {
        snprintf(buf, cap, "during %s (no deadline within it is set)", ob->phase->id);
    } else {
        snprintf(buf, cap, "no deadline is set");
    }
}

static void quantity_text(doc *d, const obligation *ob)
{
    const quantity *q = &ob->q;
    const char *unit = q->unit ? q->unit : "";
    if (q->has_total) field(d, "Total", "%ld %s", q->total, unit);
    if (q->has_rate) {
        char parts[256] = "";
        size_t o = 0;
        for (size_t i = 0; i < q->nparts; i++)
            o += (size_t)snprintf(parts + o, sizeof parts - o, "%s%ld %s", i ? ", " : ", including ", q->parts[i].count,
                                  q->parts[i].what ? q->parts[i].what : "");
        field(d, "Rate", "%ld %s a %s%s", q->rate, unit, q->per, parts);
    }
    if (q->has_ratio)
        field(d, "Ratio", "%ld for every %ld released under '%s'%s%s", q->ratio, q->ratio_per, q->ratio_of_id,
              q->ratio_note ? ", " : "", q->ratio_note ? q->ratio_note : "");
    for (size_t i = 0; i < q->nschedule; i++) {
        const sched_entry *e = &q->schedule[i];
        char w1[96], w2[96];
        if (e->kind == SCHED_ON) field(d, "Schedule", "%ld on %s", e->count, when_describe(&e->on, w1, sizeof w1));
        else if (e->kind == SCHED_EVERY)
            field(d, "Schedule", "%ld every %ld days from %s to %s", e->count, e->every, when_describe(&e->from, w1, sizeof w1),
                  when_describe(&e->until, w2, sizeof w2));
        else
            field(d, "Schedule", "%ld between %s and %s", e->count, when_describe(&e->from, w1, sizeof w1),
                  when_describe(&e->until, w2, sizeof w2));
    }
    if (q->note) field(d, "Figures", "%s", q->note);
}

static void sources_line(doc *d, const char *const *ids, size_t n)
{
    if (!n) return;
    char buf[512];
    size_t o = 0;
    for (size_t i = 0; i < n && o < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, d->md ? "%s[%s](#source-%s)" : "%s[%s]", i ? ", " : "", ids[i], ids[i]);
    field(d, "Sources", "%s", buf);
}

static void obligation_doc(doc *d, const obligation *ob)
{
    char buf[512], head[256];
    snprintf(head, sizeof head, "%s: %s", ob->id, ob->title ? ob->title : kind_titles[ob->kind]);
    if (d->md) fprintf(d->out, "\n#### %s\n\n", head);
    else fprintf(d->out, "\n  %s\n", head);
    if (ob->text) {
        if (d->md) fprintf(d->out, "> %s\n\n", ob->text);
        else para(d, "    | ", ob->text);
    }
    who(d, ob->party_ids, ob->nparties, buf, sizeof buf);
    field(d, "Bound", "%s", ob->nparties ? buf : "no party is named");
    field(d, "Kind", "%s", kind_names[ob->kind]);
    terms t = obligation_terms(ob);
    if (!ob->noptions || ob->agreed) {
        when_text(d, ob, &t, buf, sizeof buf);
        field(d, "When", "%s", buf);
    }
    if (t.zone) field(d, "Where", "%s%s%s", t.zone->id, t.zone->name ? ", " : "", t.zone->name ? t.zone->name : "");
    if (ob->route) field(d, "Route", "%s", ob->route->name ? ob->route->name : ob->route->id);
    if (ob->crossing) field(d, "Crossing", "%s", ob->crossing->name ? ob->crossing->name : ob->crossing->id);
    if (ob->forces) field(d, "Forces", "%s", ob->forces);
    if (ob->persons) field(d, "Persons", "%s", ob->persons);
    if (ob->activity)
        field(d, "Activity", "%s%s", ob->activity, ob->hours_per_day ? "" : "");
    if (ob->hours_per_day) field(d, "Limit", "none for %ld hours a day", ob->hours_per_day);
    if (ob->inspection >= 0) field(d, "Inspection", "%s", ob->inspection ? "with inspection" : "without inspection");
    quantity_text(d, ob);
    if (ob->noptions) {
        field(d, "Options", "%s", ob->agreed ? "settled" : "still under negotiation (bracketed)");
        for (size_t k = 0; k < ob->noptions; k++) {
            const option *o = &ob->options[k];
            terms ot = t;
            if (o->t.by.kind) ot.by = o->t.by;
            else ot.by.kind = WHEN_NONE;
            if (o->t.from.kind) ot.from = o->t.from;
            if (o->t.until.kind) ot.until = o->t.until;
            char w[256] = "", held[256] = "";
            if (o->t.by.kind || o->t.from.kind || o->t.until.kind) when_text(d, ob, &ot, w, sizeof w);
            who(d, o->held_by, o->nheld_by, held, sizeof held);
            fprintf(d->out, d->md ? "    - %s`[%s]` %s%s%s%s%s%s%s%s\n" : "      %s[%s] %s%s%s%s%s%s%s%s\n",
                    ob->agreed == o ? (d->md ? "**agreed** " : "(agreed) ") : "", o->id, o->label ? o->label : "",
                    w[0] ? ": " : "", w, o->nheld_by ? "; put forward by " : "", held, o->source ? " [" : "",
                    o->source ? o->source : "", o->source ? "]" : "");
            if (o->text) fprintf(d->out, d->md ? "      %s\n" : "          %s\n", o->text);
        }
    }
    if (ob->ntags) {
        size_t o = 0;
        for (size_t i = 0; i < ob->ntags && o < sizeof buf; i++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? ", " : "", ob->tags[i]);
        field(d, "Tags", "%s", buf);
    }
    sources_line(d, ob->sources, ob->nsources);
    if (ob->note) field(d, "Note", "%s", ob->note);
}

static void zone_line(doc *d, const zone *z)
{
    char how[512];
    switch (z->how) {
    case ZONE_FEATURE: snprintf(how, sizeof how, "drawn in %s (feature '%s')", z->file, z->feature); break;
    case ZONE_BUFFER:
        snprintf(how, sizeof how, "every point within %g m of '%s'", z->metres, z->noperands ? z->operand_ids[0] : "?");
        break;
    case ZONE_UNMAPPED: snprintf(how, sizeof how, "not mapped: %s", z->unmapped); break;
    default: {
        size_t o = (size_t)snprintf(how, sizeof how, "%s of", zone_how_names[z->how]);
        for (size_t i = 0; i < z->noperands && o < sizeof how; i++)
            o += (size_t)snprintf(how + o, sizeof how - o, "%s '%s'", i ? (i + 1 == z->noperands ? " and" : ",") : "",
                                  z->operand_ids[i]);
    }
    }
    char size[64] = "";
    if (z->state == 2 && z->shape.kind == GEO_POLYGON) snprintf(size, sizeof size, "; %.1f km²", geo_area_km2(&z->shape));
    if (z->state == 2 && z->shape.kind == GEO_LINE) snprintf(size, sizeof size, "; %.1f km long", geo_length_m(&z->shape) / 1000);
    fprintf(d->out, d->md ? "- **%s**%s%s: %s%s\n" : "  %s%s%s: %s%s\n", z->id, z->name ? " - " : "", z->name ? z->name : "",
            how, size);
    if (z->note) fprintf(d->out, d->md ? "  %s\n" : "      %s\n", z->note);
}

static int show(const truce_agreement *a, const schedule *s, FILE *out, int md)
{
    doc dd = {out, md, a, s}, *d = &dd;
    char buf[256], x[48];
    if (md) fprintf(out, "# %s\n\n", a->title ? a->title : a->id);
    else heading(d, 1, a->title ? a->title : a->id);
    if (a->synthetic) fprintf(out, md ? "**SYNTHETIC DATA:** %s\n\n" : "SYNTHETIC DATA: %s\n\n", a->synthetic);
    if (a->status) field(d, "Status", "%s", a->status);
    field(d, "Day 1", "%s", s->start != TRUCE_DATE_NONE ? truce_date_format(s->start, x) : "when signed (not yet known)");
    if (a->timezone) field(d, "Time zone", "%s", a->timezone);
    if (a->summary) {
        fputc('\n', out);
        para(d, md ? "" : "  ", a->summary);
    }
    if (a->note) {
        fputc('\n', out);
        para(d, md ? "" : "  ", a->note);
    }
    heading(d, 2, "Parties");
    for (size_t i = 0; i < a->nparties; i++) {
        const party *p = &a->parties[i];
        fprintf(out, md ? "- **%s** (`%s`), %s" : "  %s (%s), %s", p->name ? p->name : p->id, p->id, role_names[p->role]);
        if (p->naliases) {
            fprintf(out, "; reports may call it ");
            for (size_t k = 0; k < p->naliases; k++) fprintf(out, "%s\"%s\"", k ? ", " : "", p->aliases[k]);
        }
        fputc('\n', out);
    }
    for (size_t i = 0; i < a->nphases; i++) {
        const phase *p = &a->phases[i];
        snprintf(buf, sizeof buf, "%s", p->title ? p->title : p->id);
        heading(d, 2, buf);
        char b1[48], b2[48];
        if (p->start_day != DAY_UNKNOWN && p->days)
            field(d, "Runs", "%s to %s (%ld days)", schedule_day_text(s, p->start_day, b1, sizeof b1),
                  schedule_day_text(s, p->end_day, b2, sizeof b2), p->days);
        else if (p->start_day != DAY_UNKNOWN)
            field(d, "Runs", "from %s; no length set", schedule_day_text(s, p->start_day, b1, sizeof b1));
        else
            field(d, "Runs", "after %s ends%s", p->after ? p->after->id : "?", p->days ? "" : "; no length set");
        for (size_t k = 0; k < p->nrequires; k++)
            field(d, "Requires", "%s", p->requires[k] && p->requires[k]->title ? p->requires[k]->title : p->requires_ids[k]);
        if (p->if_not == IFNOT_CONTINUE) field(d, "If not met", "the terms in force continue while talks continue");
        if (p->if_not == IFNOT_LAPSE) field(d, "If not met", "the agreement lapses");
        if (p->note) field(d, "Note", "%s", p->note);
        for (size_t k = 0; k < a->nobligations; k++)
            if (a->obligations[k].phase == p) obligation_doc(d, &a->obligations[k]);
    }
    int loose = 0;
    for (size_t k = 0; k < a->nobligations; k++) loose |= a->obligations[k].phase == NULL;
    if (loose) {
        heading(d, 2, "Across phases");
        for (size_t k = 0; k < a->nobligations; k++)
            if (!a->obligations[k].phase) obligation_doc(d, &a->obligations[k]);
    }
    if (a->nmilestones) {
        heading(d, 2, "Milestones");
        for (size_t i = 0; i < a->nmilestones; i++)
            fprintf(out, md ? "- **%s**: %s\n" : "  %s: %s\n", a->milestones[i].id,
                    a->milestones[i].title ? a->milestones[i].title : "");
    }
    if (a->nzones) {
        heading(d, 2, "Zones");
        for (size_t i = 0; i < a->nzones; i++) zone_line(d, &a->zones[i]);
    }
    if (a->nrefs) {
        heading(d, 2, "Sources");
        for (size_t i = 0; i < a->nrefs; i++) {
            const source_ref *r = &a->refs[i];
            char date[11] = "";
            if (r->date != TRUCE_DATE_NONE) truce_date_format(r->date, date);
            if (md) fprintf(out, "- <a id=\"source-%s\"></a>**[%s]** ", r->id, r->id);
            else fprintf(out, "  [%s] ", r->id);
            fprintf(out, "%s%s%s%s%s%s%s\n", r->title ? r->title : "", r->publisher ? ". " : "",
                    r->publisher ? r->publisher : "", date[0] ? ", " : "", date, r->url ? ". " : "", r->url ? r->url : "");
            if (r->note) fprintf(out, md ? "  (%s)\n" : "      (%s)\n", r->note);
        }
    }
    return ferror(out) ? TRUCE_EIO : 0;
}

int render_show_text(const truce_agreement *a, const schedule *s, FILE *out) { return show(a, s, out, 0); }
int render_show_markdown(const truce_agreement *a, const schedule *s, FILE *out) { return show(a, s, out, 1); }
