/* impl.c: implementation reports (releases, deliveries, crossings opened or closed, withdrawals
 * declared or observed, talks held) from CSV or JSON Lines with the same column names
 * (docs/reports.md). Each row's type says which columns it needs; values a type does not use
 * draw a warning. Not whether a report meets an obligation. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "reports/internal.h"

enum {
    I_TYPE, I_ID, I_DATE, I_PARTY, I_COUNT, I_CATEGORY, I_OBLIGATION, I_TRUCKS, I_FUEL, I_CROSSING, I_STATUS,
    I_ZONE, I_PARTIES, I_PLACE, I_SOURCE, I_NOTES, I_N
};
static const char *const names[I_N] = {"type",     "id",       "date",   "party", "count",   "category",
                                       "obligation", "trucks", "fuel_trucks", "crossing", "status", "zone",
                                       "parties",  "place",    "source", "notes"};
static const unsigned char required[I_N] = {[I_TYPE] = 1, [I_DATE] = 1};

/* Which columns each type uses: 2 required, 1 optional, 0 not used. */
#define KINDS 5
static const char *const kinds[KINDS] = {"release", "delivery", "crossing", "withdrawal", "talks"};
static const report_kind kind_of[KINDS] = {REPORT_RELEASE, REPORT_DELIVERY, REPORT_CROSSING, REPORT_WITHDRAWAL,
                                           REPORT_TALKS};
static const unsigned char uses[KINDS][I_N] = {
    /*            type id date party count cat obl trucks fuel crossing status zone parties place source notes */
    /* release */ {2, 1, 2, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1},
    /* delivery */ {2, 1, 2, 0, 0, 0, 1, 2, 1, 1, 0, 0, 0, 0, 1, 1},
    /* crossing */ {2, 1, 2, 0, 0, 0, 1, 0, 0, 2, 2, 0, 0, 0, 1, 1},
    /* withdrawal */ {2, 1, 2, 2, 0, 0, 1, 0, 0, 0, 2, 2, 0, 0, 1, 1},
    /* talks */ {2, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1, 1},
};

#define MAX_PARTIES 16

typedef struct impl_scratch {
    char id[256];
    char parties[1024];
    const char *list[MAX_PARTIES];
} impl_scratch;

static int is_blank(const rfield *f)
{
    if (f->kind == RF_ABSENT) return 1;
    if (f->kind == RF_OTHER) return 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->s[i] != ' ' && f->s[i] != '\t') return 0;
    return 1;
}

/* "hamas; israel" into trimmed names. */
static void split_parties(row_ctx *c, const rfield *f, impl_scratch *s, report *rep)
{
    if (f->len >= sizeof s->parties) {
        row_error(c, f->at, "parties: the list is too long");
        return;
    }
    memcpy(s->parties, f->s, f->len + 1);
    char *p = s->parties;
    for (;;) {
        char *semi = strchr(p, ';');
        if (semi) *semi = '\0';
        while (*p == ' ' || *p == '\t') p++;
        size_t l = strlen(p);
        while (l && (p[l - 1] == ' ' || p[l - 1] == '\t')) p[--l] = '\0';
        if (l) {
            if (rep->nparties == MAX_PARTIES) {
                row_error(c, f->at, "parties: more than %d", MAX_PARTIES);
                return;
            }
            s->list[rep->nparties++] = p;
        }
        if (!semi) break;
        p = semi + 1;
    }
    rep->parties = s->list;
    if (!rep->nparties) row_error(c, f->at, "parties: missing (required)");
}

static void impl_build(row_ctx *c, const rfield *v, pos at, const char *file, int line, impl_scratch *s,
                       report *rep)
{
    report_init(rep, REPORT_RELEASE); /* the row's type sets the kind below */
    rep->at = at;
    const char *type;
    if (rf_text(c, &v[I_TYPE], "type", 1, &type)) return;
    int k = 0;
    while (k < KINDS && strcasecmp(type, kinds[k]) != 0) k++;
    if (k == KINDS) {
        row_error(c, v[I_TYPE].at, "type: '%.40s' is not one of release, delivery, crossing, withdrawal, talks", type);
        return;
    }
    rep->kind = kind_of[k];
    for (int i = 0; i < I_N; i++)
        if (!uses[k][i] && !is_blank(&v[i]))
            row_warning(c, v[i].at, "%s: not used in a %s report (ignored)", names[i], kinds[k]);
    rf_text(c, &v[I_ID], "id", 0, &rep->source_id);
    if (!rep->source_id) {
        /* the file's own name, not its path: the same file ingested from another folder keeps its ids */
        const char *base = file ? strrchr(file, '/') : NULL;
        snprintf(s->id, sizeof s->id, "%.200s:%d", base ? base + 1 : (file ? file : ""), line);
        rep->source_id = s->id;
    }
    rf_time(c, &v[I_DATE], "date", 1, &rep->time);
    rf_text(c, &v[I_SOURCE], "source", 0, &rep->source);
    rf_text(c, &v[I_NOTES], "notes", 0, &rep->notes);
    rf_text(c, &v[I_OBLIGATION], "obligation", 0, &rep->obligation);
    const char *status = NULL;
    switch (rep->kind) {
    case REPORT_RELEASE:
        rf_text(c, &v[I_PARTY], "party", 1, &rep->party);
        rep->actor1 = rep->party;
        rf_long(c, &v[I_COUNT], "count", 1, 0, 10000000, &rep->persons);
        rf_text(c, &v[I_CATEGORY], "category", 0, &rep->category);
        break;
    case REPORT_DELIVERY:
        rf_long(c, &v[I_TRUCKS], "trucks", 1, 0, 10000000, &rep->trucks);
        rf_long(c, &v[I_FUEL], "fuel_trucks", 0, 0, 10000000, &rep->fuel_trucks);
        if (rep->trucks != REPORT_COUNT_NONE && rep->fuel_trucks > rep->trucks)
            row_error(c, v[I_FUEL].at, "fuel_trucks: %ld is more than trucks (%ld), which counts them too",
                      rep->fuel_trucks, rep->trucks);
        rf_text(c, &v[I_CROSSING], "crossing", 0, &rep->crossing);
        break;
    case REPORT_CROSSING:
        rf_text(c, &v[I_CROSSING], "crossing", 1, &rep->crossing);
        if (rf_text(c, &v[I_STATUS], "status", 1, &status) == 0 && status) {
            if (strcasecmp(status, "open") == 0) rep->crossing_state = CROSSING_OPEN;
            else if (strcasecmp(status, "closed") == 0) rep->crossing_state = CROSSING_CLOSED;
            else row_error(c, v[I_STATUS].at, "status: '%.40s' is not open or closed", status);
        }
        break;
    case REPORT_WITHDRAWAL:
        rf_text(c, &v[I_PARTY], "party", 1, &rep->party);
        rep->actor1 = rep->party;
        rf_text(c, &v[I_ZONE], "zone", 1, &rep->zone);
        if (rf_text(c, &v[I_STATUS], "status", 1, &status) == 0 && status) {
            if (strcasecmp(status, "declared") == 0) rep->basis = WITHDRAWAL_DECLARED;
            else if (strcasecmp(status, "observed") == 0) rep->basis = WITHDRAWAL_OBSERVED;
            else row_error(c, v[I_STATUS].at, "status: '%.40s' is not declared or observed", status);
        }
        break;
    case REPORT_TALKS: {
        const char *list;
        if (rf_text(c, &v[I_PARTIES], "parties", 1, &list) == 0 && list) split_parties(c, &v[I_PARTIES], s, rep);
        rf_text(c, &v[I_PLACE], "place", 0, &rep->place);
        break;
    }
    default: break;
    }
}

/* ---- CSV ---- */

static void csv_impl_row(row_ctx *c, const csv_reader *r, const int *idx, report *rep, void *ctx)
{
    rfield v[I_N];
    pos at = csv_field_pos(r, &r->fields[0]);
    for (int i = 0; i < I_N; i++) {
        v[i] = csv_rfield(r, idx[i]);
        if (v[i].kind == RF_ABSENT) v[i].at = at;
    }
    impl_build(c, v, at, r->src->name, at.line, ctx, rep);
}

/* ---- JSON Lines ---- */

static int impl_line(row_ctx *c, json_object *obj, int line, const char *text, size_t len, void *vctx)
{
    jsonl_ctx *j = vctx;
    pos at = {j->src, line, 1};
    rfield v[I_N];
    impl_scratch s;
    for (int i = 0; i < I_N; i++) {
        json_object *m = NULL;
        json_object_object_get_ex(obj, names[i], &m);
        pos kat = m ? json_key_pos(j->src, line, text, len, names[i]) : at;
        if (i == I_PARTIES && json_object_get_type(m) == json_type_array) {
            /* ["hamas", "israel"]: joined as the CSV form writes it */
            size_t n = 0;
            int ok = 1;
            for (size_t k = 0; k < json_object_array_length(m) && ok; k++) {
                json_object *e = json_object_array_get_idx(m, k);
                const char *str = json_object_get_type(e) == json_type_string ? json_object_get_string(e) : NULL;
                size_t l = str ? (size_t)json_object_get_string_len(e) : 0;
                if (!str || strlen(str) != l || strchr(str, ';') || n + l + 2 >= sizeof s.parties)
                    ok = 0;
                else {
                    memcpy(s.parties + n, str, l);
                    n += l;
                    s.parties[n++] = ';';
                }
            }
            s.parties[n] = '\0';
            if (!ok) {
                row_error(c, kat, "parties: must be a list of names (texts without ';')");
                return 0;
            }
            rfield f = {s.parties, n, kat, RF_STRING};
            v[i] = f;
            continue;
        }
        v[i] = json_rfield(m, kat);
    }
    char joined[sizeof s.parties];
    if (v[I_PARTIES].s == s.parties) { /* split_parties writes into s.parties: copy first */
        memcpy(joined, s.parties, v[I_PARTIES].len + 1);
        v[I_PARTIES].s = joined;
    }
    report rep;
    impl_build(c, v, at, j->src->name, line, &s, &rep);
    return c->errors ? 0 : deliver_report(j->o, j->st, &rep);
}

int impl_read(const source *src, impl_format fmt, const report_read_opts *o, report_stats *st)
{
    report_stats dummy;
    if (!st) st = &dummy;
    memset(st, 0, sizeof *st);
    if (fmt == IMPL_AUTO) {
        int g = format_from_name(src->name);
        if (g == 'c') fmt = IMPL_CSV;
        else if (g) fmt = IMPL_JSONL;
        else {
            size_t i = 0;
            while (src->text && i < src->len && (src->text[i] == ' ' || src->text[i] == '\n' || src->text[i] == '\r'))
                i++;
            fmt = src->text && i < src->len && src->text[i] == '{' ? IMPL_JSONL : IMPL_CSV;
        }
    }
    if (fmt == IMPL_CSV) {
        impl_scratch s;
        csv_format f = {"implementation report", names, required, I_N, NULL, csv_impl_row, &s};
        return csv_rows(src, o, st, &f);
    }
    jsonl_ctx j = {src, o, st};
    return jsonl_lines(src, o, st, impl_line, &j);
}
