/* judge_views.c: the public judgement calls (truce_status, truce_violations, truce_report, the
 * watch): each gathers the reports from the caller's source into memory, judges them (src/judge)
 * and writes the asked view (scorecard.c, violations.c, report_html.c). Not the rules, not the
 * views themselves, and not the sources of reports (truce_store_reports in src/store,
 * truce_file_reports in src/judge). */
#include <string.h>

#include "judge/judge.h"
#include "render/verdicts.h"

int truce_judge_format_parse(const char *name, truce_judge_format *out)
{
    static const char *const names[] = {"text", "json", "csv", "geojson", "html", "svg"};
    for (int i = 0; i < 6; i++)
        if (name && out && !strcmp(name, names[i])) {
            *out = (truce_judge_format)i;
            return 0;
        }
    return TRUCE_EARG;
}

static int collect(const truce_field_report *r, void *user)
{
    return report_collect((const report *)(const void *)r, user);
}

typedef enum { CALL_STATUS, CALL_VIOLATIONS, CALL_REPORT } call;

static int run(const truce_agreement *a, const truce_judge_options *opt, truce_report_source src, void *from,
               FILE *out, call what)
{
    if (!a || !opt || !src || !out) return TRUCE_EARG;
    if (truce_agreement_errors(a) > 0) return TRUCE_EINVALID;
    /* a filter naming nothing would list no violations, which reads as a finding */
    if (what == CALL_VIOLATIONS && ((opt->zone && !model_zone(a, opt->zone)) || (opt->party && !model_party(a, opt->party))))
        return TRUCE_ENOTFOUND;
    arena ar;
    arena_init(&ar, a->ar.alloc);
    report_list list = {&ar, {0}};
    int r = src(from, collect, &list);
    if (r == 0) {
        judgement j;
        judge_opts o = {opt->start, opt->at, 0};
        if (what == CALL_VIOLATIONS && opt->at == TRUCE_DATE_NONE) o.at = TRUCE_DATE_NONE;
        r = judge_run(&j, a, list.items.items, list.items.n, &o);
        if (r == 0) {
            switch (what) {
            case CALL_STATUS: r = render_status(&j, opt->format, out); break;
            case CALL_VIOLATIONS: r = render_violations(&j, opt, out); break;
            case CALL_REPORT: r = render_report(&j, opt->format, out); break;
            }
        }
        judge_free(&j);
    }
    arena_release(&ar);
    if (r == 0 && ferror(out)) r = TRUCE_EIO;
    return r;
}

int truce_status(const truce_agreement *a, const truce_judge_options *opt, truce_report_source reports, void *from,
                 FILE *out)
{
    return run(a, opt, reports, from, out, CALL_STATUS);
}

int truce_violations(const truce_agreement *a, const truce_judge_options *opt, truce_report_source reports,
                     void *from, FILE *out)
{
    return run(a, opt, reports, from, out, CALL_VIOLATIONS);
}

int truce_report(const truce_agreement *a, const truce_judge_options *opt, truce_report_source reports, void *from,
                 FILE *out)
{
    return run(a, opt, reports, from, out, CALL_REPORT);
}

/* ---- watch ---- */

/* The rules are compiled once and each line is judged only against the obligations it can
 * change (watch.c); the output is what judging every report so far would give. */
struct truce_watch {
    const truce_agreement *a;
    truce_judge_options opt;
    judge_watch *jw;
    verdict *prev;
    size_t nobs;
    /* the line being read, for diagnostics */
    long lineno;
    truce_diag_fn on_diag;
    void *user;
};

int truce_watch_new(const truce_agreement *a, const truce_judge_options *opt, truce_watch **out)
{
    if (!a || !out) return TRUCE_EARG;
    *out = NULL;
    if (truce_agreement_errors(a) > 0) return TRUCE_EINVALID;
    const truce_allocator *al = a->ar.alloc ? a->ar.alloc : alloc_default();
    truce_watch *w = alloc_mem(al, sizeof *w);
    if (!w) return TRUCE_ENOMEM;
    memset(w, 0, sizeof *w);
    w->a = a;
    if (opt) w->opt = *opt;
    else w->opt.start = w->opt.at = w->opt.since = TRUCE_DATE_NONE;
    w->nobs = a->nobligations;
    w->prev = alloc_mem(al, sizeof *w->prev * (w->nobs + 1));
    int r = w->prev ? judge_watch_new(a, w->opt.start, &w->jw) : TRUCE_ENOMEM;
    if (r == 0) {
        const judgement *j = judge_watch_get(w->jw);
        for (size_t i = 0; i < w->nobs; i++) w->prev[i] = j->obs[i].v;
    }
    if (r) {
        truce_watch_free(w);
        return r;
    }
    *out = w;
    return 0;
}

void truce_watch_free(truce_watch *w)
{
    if (!w) return;
    const truce_allocator *al = w->a->ar.alloc ? w->a->ar.alloc : alloc_default();
    judge_watch_free(w->jw);
    alloc_free(al, w->prev, sizeof *w->prev * (w->nobs + 1));
    alloc_free(al, w, sizeof *w);
}

static void line_diag(const truce_diag *d, void *user)
{
    truce_watch *w = user;
    if (!w->on_diag) return;
    truce_diag c = *d;
    c.file = "<stdin>";
    c.line = (int)w->lineno;
    w->on_diag(&c, w->user);
}

int truce_watch_line(truce_watch *w, const char *text, size_t len, long lineno, FILE *out, truce_diag_fn on_diag,
                     void *user)
{
    if (!w || (!text && len) || !out) return TRUCE_EARG;
    w->lineno = lineno;
    w->on_diag = on_diag;
    w->user = user;
    source src = {"<stdin>", text ? text : "", len};
    diag_sink sink = {line_diag, w, 0, 0};
    arena scratch;
    arena_init(&scratch, w->a->ar.alloc);
    report_list list = {&scratch, {0}};
    report_read_opts ro = {&sink, report_collect, &list, REPORT_NOW_NONE, w->a->ar.alloc};
    report_stats st;
    int r = judge_line_is_impl(src.text, len) ? impl_read(&src, IMPL_JSONL, &ro, &st) : track_read(&src, TRACK_JSONL, &ro, &st);
    if (r == TRUCE_ENOMEM || r || st.rejected || list.items.n == 0) {
        /* a line is all or nothing */
        arena_release(&scratch);
        if (r == TRUCE_ENOMEM) return r;
        return st.rows == 0 && r == 0 ? 0 : TRUCE_ESYNTAX;
    }
    const report *reps = list.items.items;
    for (size_t k = 0; k < list.items.n && r == 0; k++) r = judge_watch_add(w->jw, &reps[k]);
    arena_release(&scratch);
    if (r) return r;
    const judgement *j = judge_watch_get(w->jw);
    int changes = 0;
    char d[11];
    for (size_t i = 0; i < w->nobs; i++) {
        const ob_judgement *o = &j->obs[i];
        if (o->v == w->prev[i]) continue;
        if ((r = judge_watch_ready(w->jw, i))) return r;
        fprintf(out, "{\"line\":%ld,\"at\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"judgement\":", lineno,
                truce_date_format(j->at, d), verdict_names[w->prev[i]], verdict_names[o->v]);
        render_verdict_json(j, o, out);
        fputs("}\n", out);
        w->prev[i] = o->v;
        changes++;
    }
    if (changes && (fflush(out) != 0 || ferror(out))) return TRUCE_EIO;
    return ferror(out) ? TRUCE_EIO : changes;
}
