/* verdict_fields.c: the fields every view of a judgement writes the same way: JSON and CSV
 * quoting, agreement days as dates, parties and kinds of an obligation, and the text header.
 * Not any one view (scorecard.c, violations.c, report_html.c). */
#include <stdio.h>
#include <string.h>

#include "render/verdicts.h"

void render_json_string(FILE *out, const char *s)
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

void render_csv_field(FILE *out, const char *s)
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

const char *render_day_date(const judgement *j, long day, char buf[11])
{
    return truce_date_format((truce_date)(j->day1 + day - 1), buf);
}

void render_parties(const obligation *ob, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ob->nparties && o < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? ";" : "", ob->party_ids[i] ? ob->party_ids[i] : "?");
}

const char *render_kind_name(const obligation *ob) { return ob->kind < OB_KIND_COUNT ? kind_names[ob->kind] : "?"; }

void render_ev_days(const judgement *j, const evidence *e, char *buf, size_t cap)
{
    char a[11], b[11];
    if (e->day_lo == e->day_hi) snprintf(buf, cap, "%s", render_day_date(j, e->day_lo, a));
    else snprintf(buf, cap, "%s..%s", render_day_date(j, e->day_lo, a), render_day_date(j, e->day_hi, b));
}

size_t render_synthetic_reports(const judgement *j)
{
    size_t n = 0;
    for (size_t i = 0; i < j->nreports; i++) {
        const report *r = &j->reports[i];
        n += (r->source && strcasestr(r->source, "synthetic")) || (r->notes && strcasestr(r->notes, "synthetic")) ||
             (r->unit && strcasestr(r->unit, "synthetic"));
    }
    return n;
}

void render_judgement_header(const judgement *j, FILE *out)
{
    const truce_agreement *a = j->a;
    char d1[11], d2[11];
    fprintf(out, "%s (%s)\n", a->title ? a->title : a->id, a->id ? a->id : "?");
    fprintf(out, "judged as of the end of %s (day %ld); day 1 = %s; time zone %s%s\n", truce_date_format(j->at, d1),
            j->at_day, truce_date_format(j->day1, d2), j->tz.name, j->tz.approximate ? " (approximate: zone file not found)" : "");
    if (a->synthetic) fprintf(out, "SYNTHETIC: %s\n", a->synthetic);
    fprintf(out, "%zu report%s", j->nreports, j->nreports == 1 ? "" : "s");
    size_t syn = render_synthetic_reports(j);
    if (syn) fprintf(out, ", %s%zu labelled SYNTHETIC (in their source, notes or unit): not real events", syn == j->nreports ? "all " : "", syn);
    fputc('\n', out);
}
