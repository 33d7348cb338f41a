/* diff_text.c: the differences between two versions as plain text for a person: a summary line,
 * then one line per change, grouped by section and clause:
 *   withdraw-philadelphi: deadline "day 50" -> "day 42" (agreement day 50 -> 42)
 * Unchanged clauses and fields are not shown (the HTML page shows them). */
#include <string.h>

#include "render/render.h"

/* s on one line: line breaks (YAML's folded text ends with one) become spaces, trailing
 * spaces go. */
static void flat(FILE *out, const char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ')) n--;
    for (size_t i = 0; i < n; i++) fputc(s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], out);
}

/* A value as shown: quoted when it is the drafter's wording, "none" when absent. */
static void value(FILE *out, const char *v, int quoted)
{
    if (!v) {
        fputs("none", out);
        return;
    }
    if (quoted) fputc('"', out);
    flat(out, v);
    if (quoted) fputc('"', out);
}

static void day(FILE *out, long d)
{
    if (d == DAY_UNKNOWN) fputs("not yet known", out);
    else fprintf(out, "%ld", d);
}

/* " (agreement day 50 -> 42)" after a deadline, when a day is known on either side */
static void days(FILE *out, const diff_field *f)
{
    if (!f->has_days || (f->day_a == DAY_UNKNOWN && f->day_b == DAY_UNKNOWN)) return;
    if (f->what == DIFF_ADDED || f->what == DIFF_REMOVED) {
        fputs(" (agreement day ", out);
        day(out, f->what == DIFF_ADDED ? f->day_b : f->day_a);
        fputc(')', out);
    } else if (f->day_a == f->day_b) {
        fprintf(out, " (agreement day %ld either way)", f->day_a);
    } else {
        fputs(" (agreement day ", out);
        day(out, f->day_a);
        fputs(" -> ", out);
        day(out, f->day_b);
        fputc(')', out);
    }
}

static void area(FILE *out, const diff_field *f)
{
    char g[32], l[32], x[32], y[32];
    fprintf(out, "%s km² gained, %s km² lost (%s km² -> %s km²)", diff_km2(f->gained, g, sizeof g),
            diff_km2(f->lost, l, sizeof l), diff_km2(f->area_a, x, sizeof x), diff_km2(f->area_b, y, sizeof y));
}

static void change(FILE *out, const diff_clause *c, const diff_field *f)
{
    fprintf(out, "  %s: ", c->id);
    switch (f->what) {
    case DIFF_ADDED:
        fprintf(out, "%s added: ", f->name);
        value(out, f->b, f->quoted);
        days(out, f);
        break;
    case DIFF_REMOVED:
        fprintf(out, "%s removed (was ", f->name);
        value(out, f->a, f->quoted);
        fputc(')', out);
        days(out, f);
        break;
    case DIFF_SETTLED:
        fprintf(out, "settled on option %s", f->b);
        if (f->day_b != DAY_UNKNOWN) fprintf(out, " (deadline now agreement day %ld)", f->day_b);
        break;
    case DIFF_REOPENED:
        fprintf(out, "reopened: option %s is no longer agreed", f->a);
        break;
    case DIFF_REDRAWN:
        if (!strcmp(f->name, "shape")) fputs("redrawn", out);
        else fprintf(out, "%s %s redrawn", f->name, f->a);
        if (f->has_area) {
            fputs(": ", out);
            area(out, f);
        } else if (!strcmp(f->name, "shape") && f->a && f->b && strcmp(f->a, f->b)) {
            fprintf(out, " (%s -> %s)", f->a, f->b);
        }
        break;
    default:
        if (f->a && f->b && !strcmp(f->a, f->b) && f->has_days) {
            /* same wording, another day: a phase before it moved */
            fprintf(out, "%s ", f->name);
            value(out, f->a, f->quoted);
            fputs(" now falls on agreement day ", out);
            day(out, f->day_b);
            fputs(" (was ", out);
            day(out, f->day_a);
            fputc(')', out);
            break;
        }
        fprintf(out, "%s ", f->name);
        value(out, f->a, f->quoted);
        fputs(" -> ", out);
        value(out, f->b, f->quoted);
        days(out, f);
        if (f->has_area) {
            fputs(" (", out);
            area(out, f);
            fputc(')', out);
        }
    }
    fputc('\n', out);
}

int diff_render_text(const diff_result *d, FILE *out)
{
    fprintf(out, "%s -> %s: ", d->name_a ? d->name_a : "a", d->name_b ? d->name_b : "b");
    if (!d->nchanges) {
        fputs("no differences\n", out);
        return ferror(out) ? TRUCE_EIO : 0;
    }
    fprintf(out, "%zu change%s (clauses: %zu added, %zu removed, %zu changed)\n", d->nchanges,
            d->nchanges == 1 ? "" : "s", d->added, d->removed, d->changed);
    for (int s = 0; s < DIFF_SECTION_COUNT; s++) {
        int head = 0;
        for (size_t i = 0; i < d->nclauses; i++) {
            const diff_clause *c = &d->clauses[i];
            if ((int)c->section != s || c->what == DIFF_SAME) continue;
            if (!head) fprintf(out, "\n%s\n", diff_section_titles[s]);
            head = 1;
            if (c->what == DIFF_ADDED || c->what == DIFF_REMOVED) {
                const char *label = c->what == DIFF_ADDED ? c->label_b : c->label_a;
                fprintf(out, "  %s: %s %s", c->id, diff_section_names[s], diff_what_names[c->what]);
                if (label) {
                    fputs(" (", out);
                    value(out, label, 1);
                    fputc(')', out);
                }
                fputc('\n', out);
                continue;
            }
            for (size_t k = 0; k < c->nfields; k++)
                if (c->fields[k].what != DIFF_SAME) change(out, c, &c->fields[k]);
        }
    }
    return ferror(out) ? TRUCE_EIO : 0;
}
