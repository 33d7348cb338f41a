/* api.c: the public judgement calls (truce_status, truce_violations, truce_report, the watch):
 * each gathers the reports from the caller's source into memory, judges them (judge.c) and writes
 * the asked format (output.c). Not the rules and not the formats themselves. */
#include <json-c/json.h>
#include <string.h>
#include <strings.h>

#include "judge/judge.h"
#include "store/reports_store.h"
#include "util/file.h"

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

/* The store's reports, handed on as the opaque public type. */
typedef struct store_adapter {
    truce_field_report_fn fn;
    void *user;
} store_adapter;

static int adapt(const report *r, void *user)
{
    const store_adapter *s = user;
    return s->fn((const truce_field_report *)(const void *)r, s->user);
}

int truce_store_reports(void *from, truce_field_report_fn fn, void *user)
{
    if (!from || !fn) return TRUCE_EARG;
    store_adapter s = {fn, user};
    return store_reports_each(from, adapt, &s);
}

static int collect(const truce_field_report *r, void *user)
{
    return report_collect((const report *)(const void *)r, user);
}

static judge_format jf(truce_judge_format f) { return (judge_format)f; }

typedef enum { CALL_STATUS, CALL_VIOLATIONS, CALL_REPORT } call;

static int run(const truce_agreement *a, const truce_judge_options *opt, truce_report_source src, void *from,
               FILE *out, call what)
{
    if (!a || !opt || !src || !out) return TRUCE_EARG;
    if (truce_agreement_errors(a) > 0) return TRUCE_EINVALID;
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
            judge_filter flt = {opt->zone, opt->party, opt->since};
            switch (what) {
            case CALL_STATUS: r = judge_write_status(&j, jf(opt->format), out); break;
            case CALL_VIOLATIONS: r = judge_write_violations(&j, &flt, jf(opt->format), out); break;
            case CALL_REPORT: r = judge_write_report(&j, jf(opt->format), out); break;
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

/* Whether the line is an implementation report ("type" is one of the kinds) or a track. */
static int is_impl_line(const char *text, size_t len)
{
    if (len > 1 << 20) return 0;
    /* no "type" key can be in a line without the word or an escape: skip the parse */
    if (!memmem(text, len, "\"type\"", 6) && !memchr(text, '\\', len)) return 0;
    json_tokener *tok = json_tokener_new();
    if (!tok) return 0;
    json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
    json_tokener_free(tok);
    json_object *t = NULL;
    int impl = 0;
    if (obj && json_object_get_type(obj) == json_type_object && json_object_object_get_ex(obj, "type", &t) &&
        json_object_get_type(t) == json_type_string) {
        static const char *const kinds[] = {"release", "delivery", "crossing", "withdrawal", "talks"};
        for (int i = 0; i < 5; i++) impl |= !strcasecmp(json_object_get_string(t), kinds[i]);
    }
    json_object_put(obj);
    return impl;
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
    int r = is_impl_line(src.text, len) ? impl_read(&src, IMPL_JSONL, &ro, &st) : track_read(&src, TRACK_JSONL, &ro, &st);
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
        judge_write_ob_json(j, o, out);
        fputs("}\n", out);
        w->prev[i] = o->v;
        changes++;
    }
    if (changes && (fflush(out) != 0 || ferror(out))) return TRUCE_EIO;
    return ferror(out) ? TRUCE_EIO : changes;
}

/* ---- reports straight from files ---- */

/* Which reader a file needs: by its name, else by its first line. */
static int file_kind(const char *name, const char *text, size_t len)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    if (strstr(base, "acled")) return REPORT_ACLED;
    if (strstr(base, "ged")) return REPORT_GED;
    if (strstr(base, "track")) return REPORT_TRACK;
    if (strstr(base, "impl")) return REPORT_RELEASE;
    const char *nl = memchr(text, '\n', len);
    size_t l = nl ? (size_t)(nl - text) : len;
    char first[4096];
    if (l >= sizeof first) l = sizeof first - 1;
    memcpy(first, text, l);
    first[l] = '\0';
    if (strstr(first, "event_id_cnty")) return REPORT_ACLED;
    if (strstr(first, "where_prec")) return REPORT_GED;
    if (first[0] == '{' || first[0] == '[') return is_impl_line(first, l) ? REPORT_RELEASE : REPORT_TRACK;
    if (!strncmp(first, "type,", 5) || strstr(first, ",type,")) return REPORT_RELEASE;
    return REPORT_TRACK;
}

int truce_file_reports(void *from, truce_field_report_fn fn, void *user)
{
    const truce_report_files *f = from;
    if (!f || !fn || (f->n && !f->paths)) return TRUCE_EARG;
    int r = 0;
    for (size_t i = 0; i < f->n && r == 0; i++) {
        arena ar;
        arena_init(&ar, NULL);
        char *data;
        size_t len;
        r = file_read_all(&ar, f->paths[i], (size_t)1 << 31, &data, &len);
        if (r == 0) {
            source src = {f->paths[i], data, len};
            diag_sink sink = {f->on_diag, f->user, 0, 0};
            store_adapter ad = {fn, user};
            report_read_opts ro = {&sink, adapt, &ad, REPORT_NOW_NONE, NULL};
            switch (file_kind(f->paths[i], data, len)) {
            case REPORT_ACLED: r = acled_read(&src, &ro, NULL); break;
            case REPORT_GED: r = ged_read(&src, &ro, NULL); break;
            case REPORT_TRACK: r = track_read(&src, TRACK_AUTO, &ro, NULL); break;
            default: r = impl_read(&src, IMPL_AUTO, &ro, NULL); break;
            }
        }
        arena_release(&ar);
    }
    return r;
}
