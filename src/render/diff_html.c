/* diff_html.c: the differences between two versions as one self-contained HTML page (inline
 * CSS; no scripts, fonts or other outside resources; every text escaped): a summary at the top,
 * then a table with version A on the left and B on the right, each clause a group of rows, one
 * per field, changed fields highlighted and added or removed clauses coloured. Unchanged clauses
 * take one grey row. */
#include <string.h>

#include "render/render.h"

static const char *const style =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;color:#222;line-height:1.4}\n"
    "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em}\n"
    ".summary{background:#f4f4f4;border:1px solid #ccc;padding:.6em 1em;max-width:60em}\n"
    ".summary ul{margin:.3em 0;padding-left:1.4em}\n"
    "table{border-collapse:collapse;width:100%;table-layout:fixed}\n"
    "th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left;overflow-wrap:anywhere}\n"
    "col.clause{width:14%}col.field{width:12%}\n"
    "tr.section th{background:#333;color:#fff;font-size:1.05em}\n"
    "th.clause{background:#fafafa}\n"
    ".what{display:block;font-weight:normal;font-size:.85em;color:#555}\n"
    "tbody.added td.b,tbody.added th.clause{background:#dcf5dc}\n"
    "tbody.removed td.a,tbody.removed th.clause{background:#f9dada}\n"
    "tr.changed td{background:#fff3b0}tr.changed td.field{font-weight:bold}\n"
    "tr.changed td.b{font-weight:bold}\n"
    "tbody.same td,tbody.same th{color:#888}\n"
    ".day{color:#555;font-size:.9em}\n"
    ".none{color:#aaa}\n";

static void esc(FILE *out, const char *s) { xml_escape(out, s); }

static void day_note(FILE *out, long d)
{
    if (d == DAY_UNKNOWN) fputs(" <span class=\"day\">(agreement day not yet known)</span>", out);
    else fprintf(out, " <span class=\"day\">(agreement day %ld)</span>", d);
}

/* One side of a field: its value, its agreement day, its area. */
static void cell(FILE *out, const diff_field *f, int side_b)
{
    const char *v = side_b ? f->b : f->a;
    fprintf(out, "<td class=\"%s\">", side_b ? "b" : "a");
    if (!v) {
        fputs("<span class=\"none\">-</span></td>", out);
        return;
    }
    if (f->quoted) fputs("&#8220;", out);
    esc(out, v);
    if (f->quoted) fputs("&#8221;", out);
    if (f->has_days) day_note(out, side_b ? f->day_b : f->day_a);
    if (f->has_area) {
        char x[32], g[32], l[32];
        if (strcmp(f->name, "shape")) fprintf(out, " <span class=\"day\">(%s km²)</span>",
                                              diff_km2(side_b ? f->area_b : f->area_a, x, sizeof x));
        if (side_b)
            fprintf(out, "<br><span class=\"day\">%s km² gained, %s km² lost</span>", diff_km2(f->gained, g, sizeof g),
                    diff_km2(f->lost, l, sizeof l));
    }
    fputs("</td>", out);
}

static const char *anchor_prefix(const diff_clause *c) { return diff_section_names[c->section]; }

static void clause_rows(FILE *out, const diff_clause *c)
{
    const char *cls = c->what == DIFF_SAME ? "same" : diff_what_names[c->what];
    fprintf(out, "<tbody id=\"%s-", anchor_prefix(c));
    esc(out, c->id);
    fprintf(out, "\" class=\"%s\">\n", cls);
    if (c->what == DIFF_SAME) {
        fputs("<tr><th class=\"clause\">", out);
        esc(out, c->id);
        fputs("<span class=\"what\">unchanged</span></th><td class=\"field\"></td><td class=\"a\">", out);
        esc(out, c->label_a);
        fputs("</td><td class=\"b\">", out);
        esc(out, c->label_b);
        fputs("</td></tr>\n</tbody>\n", out);
        return;
    }
    size_t rows = c->nfields ? c->nfields : 1;
    for (size_t k = 0; k < rows; k++) {
        const diff_field *f = c->nfields ? &c->fields[k] : NULL;
        int changed = f && c->what == DIFF_CHANGED && f->what != DIFF_SAME;
        fputs(changed ? "<tr class=\"changed\">" : "<tr>", out);
        if (k == 0) {
            fprintf(out, "<th class=\"clause\" rowspan=\"%zu\">", rows);
            esc(out, c->id);
            fprintf(out, "<span class=\"what\">%s</span></th>", c->what == DIFF_CHANGED ? "changed" : diff_what_names[c->what]);
        }
        if (!f) {
            fputs("<td class=\"field\"></td><td class=\"a\"></td><td class=\"b\"></td></tr>\n", out);
            continue;
        }
        fputs("<td class=\"field\">", out);
        esc(out, f->name);
        if (changed && f->what != DIFF_CHANGED) fprintf(out, "<span class=\"what\">%s</span>", diff_what_names[f->what]);
        fputs("</td>", out);
        cell(out, f, 0);
        cell(out, f, 1);
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n", out);
}

static void summary(FILE *out, const diff_result *d)
{
    fputs("<div class=\"summary\">\n<p><strong>", out);
    if (!d->nchanges) {
        fputs("No differences: the two versions agree clause for clause.</strong></p>\n</div>\n", out);
        return;
    }
    size_t same = d->nclauses - d->added - d->removed - d->changed;
    fprintf(out, "%zu change%s</strong>: %zu clause%s added, %zu removed, %zu changed; %zu unchanged.</p>\n<ul>\n",
            d->nchanges, d->nchanges == 1 ? "" : "s", d->added, d->added == 1 ? "" : "s", d->removed, d->changed, same);
    for (size_t i = 0; i < d->nclauses; i++) {
        const diff_clause *c = &d->clauses[i];
        if (c->what == DIFF_SAME) continue;
        fprintf(out, "<li>%s <a href=\"#%s-", diff_section_names[c->section], anchor_prefix(c));
        esc(out, c->id);
        fputs("\">", out);
        esc(out, c->id);
        fprintf(out, "</a>: %s", diff_what_names[c->what]);
        if (c->what == DIFF_CHANGED) {
            int first = 1;
            for (size_t k = 0; k < c->nfields; k++) {
                const diff_field *f = &c->fields[k];
                if (f->what == DIFF_SAME) continue;
                fputs(first ? " (" : ", ", out);
                first = 0;
                esc(out, f->name);
                if (f->what != DIFF_CHANGED) fprintf(out, " %s", diff_what_names[f->what]);
            }
            if (!first) fputc(')', out);
        }
        fputs("</li>\n", out);
    }
    fputs("</ul>\n</div>\n", out);
}

int diff_render_html(const diff_result *d, FILE *out)
{
    const char *na = d->name_a ? d->name_a : "A", *nb = d->name_b ? d->name_b : "B";
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>truce diff: ", out);
    esc(out, na);
    fputs(" and ", out);
    esc(out, nb);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>Changes from <code>", style);
    esc(out, na);
    fputs("</code> (A) to <code>", out);
    esc(out, nb);
    fputs("</code> (B)</h1>\n", out);
    summary(out, d);
    fputs("<table>\n<colgroup><col class=\"clause\"><col class=\"field\"><col><col></colgroup>\n", out);
    fputs("<thead><tr><th>clause</th><th>field</th><th>A: ", out);
    esc(out, na);
    fputs("</th><th>B: ", out);
    esc(out, nb);
    fputs("</th></tr></thead>\n", out);
    for (int s = 0; s < DIFF_SECTION_COUNT; s++) {
        int head = 0;
        for (size_t i = 0; i < d->nclauses; i++) {
            const diff_clause *c = &d->clauses[i];
            if ((int)c->section != s) continue;
            if (!head) fprintf(out, "<tbody><tr class=\"section\"><th colspan=\"4\">%s</th></tr></tbody>\n", diff_section_titles[s]);
            head = 1;
            clause_rows(out, c);
        }
    }
    fputs("</table>\n</body>\n</html>\n", out);
    return ferror(out) ? TRUCE_EIO : 0;
}
