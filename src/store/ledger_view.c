/* ledger_view.c: the ledger as people read it: the log (every entry by date) and the status
 * (for each version tabled: each party's latest response, or how long it has gone unanswered,
 * and the statements of position made since), as text or JSON. Reads only; the chain is
 * verify.c's business, so these views trust what is stored. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"

#define WIDTH 100

/* Writes text word-wrapped: the first line continues at column col, the others start with indent
 * spaces. Ends with a newline. */
static void wrap(FILE *out, const char *text, int col, int indent)
{
    const char *p = text;
    int at = col, first = 1;
    while (*p) {
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
        if (!*p) break;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') p++;
        int len = (int)(p - w);
        if (!first && at + 1 + len > WIDTH) {
            fprintf(out, "\n%*s", indent, "");
            at = indent;
            first = 1;
        }
        if (!first) {
            fputc(' ', out);
            at++;
        }
        fwrite(w, 1, (size_t)len, out);
        at += len;
        first = 0;
    }
    fputc('\n', out);
}

static void print_list(FILE *out, const char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) fprintf(out, "%s%s", i ? ", " : "", items[i]);
}

static const char *date_str(truce_date d, char buf[11])
{
    if (d == TRUCE_DATE_NONE) return strcpy(buf, "no date");
    return truce_date_format(d, buf);
}

/* "[source <url>]" after an entry; a proposal without a source is cited as tabled. */
static void cite(FILE *out, const truce_ledger_entry *e)
{
    if (e->source && e->url) fprintf(out, " [%s <%s>]", e->source, e->url);
    else if (e->source) fprintf(out, " [%s]", e->source);
    else if (e->url) fprintf(out, " [<%s>]", e->url);
    else if (e->kind == TRUCE_ENTRY_PROPOSAL) {
        fprintf(out, " [tabled by ");
        print_list(out, e->tabled_by, e->ntabled_by);
        fputc(']', out);
    }
}

/* What a response says, as a phrase: "accepted bridging-2024-08-16". */
static void response_phrase(FILE *out, const truce_ledger_entry *e, int with_version)
{
    const char *v = with_version ? e->version : NULL;
    switch (e->response) {
    case TRUCE_RESPONSE_ACCEPT: fprintf(out, "accepted%s%s", v ? " " : "", v ? v : ""); break;
    case TRUCE_RESPONSE_ACCEPT_WITH_RESERVATIONS:
        fprintf(out, "accepted%s%s with reservations on ", v ? " " : "", v ? v : "");
        print_list(out, e->reservations, e->nreservations);
        break;
    case TRUCE_RESPONSE_REJECT: fprintf(out, "rejected%s%s", v ? " " : "", v ? v : ""); break;
    case TRUCE_RESPONSE_COUNTER:
        fprintf(out, "countered%s%s with %s", v ? " " : "", v ? v : "", e->counter ? e->counter : "?");
        break;
    case TRUCE_RESPONSE_NO_RESPONSE_YET:
        fprintf(out, "had not yet responded%s%s", v ? " to " : "", v ? v : "");
        break;
    default: fprintf(out, "(unknown response)"); break;
    }
}

/* ---- log ---- */

static int log_text(const truce_ledger_entry *e, void *user)
{
    FILE *out = user;
    char d[11];
    fprintf(out, "#%-3lld %s  %-9s ", e->seq, date_str(e->date, d), truce_entry_kind_name(e->kind));
    switch (e->kind) {
    case TRUCE_ENTRY_PROPOSAL:
        fprintf(out, "%s (agreement %s) tabled by ", e->version ? e->version : "?",
                e->agreement_id ? e->agreement_id : "?");
        print_list(out, e->tabled_by, e->ntabled_by);
        if (e->place) fprintf(out, " in %s", e->place);
        if (e->parent) fprintf(out, ", revising %s", e->parent);
        fputc('\n', out);
        if (e->file_data) {
            char h[TRUCE_HASH_HEX];
            if (ledger_sha256_hex(e->file_data, e->file_len, h)) return TRUCE_ENOMEM;
            fprintf(out, "     file %s, %zu bytes, sha256 %.16s\n", e->file_name ? e->file_name : "?", e->file_len, h);
        }
        break;
    case TRUCE_ENTRY_RESPONSE:
        fprintf(out, "%s ", e->party ? e->party : "?");
        response_phrase(out, e, 1);
        fputc('\n', out);
        break;
    case TRUCE_ENTRY_STATEMENT:
        fprintf(out, "%s%s%s\n", e->party ? e->party : "?", e->version ? ", on " : "", e->version ? e->version : "");
        if (e->text) {
            fprintf(out, "     said: ");
            wrap(out, e->text, 11, 11);
        }
        break;
    }
    fprintf(out, "     source: ");
    if (e->source || e->url)
        fprintf(out, "%s%s%s%s%s\n", e->source ? e->source : "", e->source && e->url ? " " : "", e->url ? "<" : "",
                e->url ? e->url : "", e->url ? ">" : "");
    else {
        fprintf(out, "tabled by ");
        print_list(out, e->tabled_by, e->ntabled_by);
        fputc('\n', out);
    }
    if (e->note) {
        fprintf(out, "     note: ");
        wrap(out, e->note, 11, 11);
    }
    fprintf(out, "     hash %.16s\n", e->hash);
    return ferror(out) ? TRUCE_EIO : 0;
}

static json_object *jstr(const char *s) { return s ? json_object_new_string(s) : NULL; }

static json_object *jlist(const char *const *items, size_t n)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; a && i < n; i++) json_object_array_add(a, json_object_new_string(items[i]));
    return a;
}

static void jput(json_object *o, const char *k, json_object *v, int *oom)
{
    if (!v) return;
    if (json_object_object_add(o, k, v) != 0) {
        json_object_put(v);
        *oom = 1;
    }
}

static json_object *jdate(truce_date d)
{
    char b[11];
    return d == TRUCE_DATE_NONE ? NULL : json_object_new_string(truce_date_format(d, b));
}

/* An entry for the JSON views: every field but the file's bytes (its name, size and sha256). */
static json_object *entry_view(const truce_ledger_entry *e, int *oom)
{
    json_object *o = json_object_new_object();
    if (!o) {
        *oom = 1;
        return NULL;
    }
    jput(o, "seq", json_object_new_int64(e->seq), oom);
    jput(o, "kind", jstr(truce_entry_kind_name(e->kind)), oom);
    jput(o, "date", jdate(e->date), oom);
    jput(o, e->kind == TRUCE_ENTRY_RESPONSE ? "to" : "version", jstr(e->version), oom);
    jput(o, "agreement", jstr(e->agreement_id), oom);
    if (e->kind == TRUCE_ENTRY_PROPOSAL) jput(o, "tabled_by", jlist(e->tabled_by, e->ntabled_by), oom);
    jput(o, "place", jstr(e->place), oom);
    jput(o, "parent", jstr(e->parent), oom);
    jput(o, "party", jstr(e->party), oom);
    if (e->kind == TRUCE_ENTRY_RESPONSE) {
        jput(o, "response", jstr(truce_response_name(e->response)), oom);
        jput(o, "reservations", jlist(e->reservations, e->nreservations), oom);
    }
    jput(o, "counter", jstr(e->counter), oom);
    jput(o, "text", jstr(e->text), oom);
    jput(o, "source", jstr(e->source), oom);
    jput(o, "url", jstr(e->url), oom);
    jput(o, "note", jstr(e->note), oom);
    if (e->file_data) {
        char h[TRUCE_HASH_HEX];
        json_object *f = json_object_new_object();
        if (!f || ledger_sha256_hex(e->file_data, e->file_len, h)) {
            json_object_put(f);
            *oom = 1;
        } else {
            jput(f, "name", jstr(e->file_name), oom);
            jput(f, "bytes", json_object_new_int64((int64_t)e->file_len), oom);
            jput(f, "sha256", json_object_new_string(h), oom);
            jput(o, "file", f, oom);
        }
    }
    jput(o, "hash", jstr(e->hash), oom);
    return o;
}

static int emit_json(json_object *root, int oom, FILE *out)
{
    int r = 0;
    if (oom || !root) r = TRUCE_ENOMEM;
    else {
        const char *s = json_object_to_json_string_ext(
            root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
        if (!s) r = TRUCE_ENOMEM;
        else if (fprintf(out, "%s\n", s) < 0) r = TRUCE_EIO;
    }
    json_object_put(root);
    return r;
}

int truce_ledger_log(truce_store *store, truce_format format, FILE *out)
{
    if (!store || !out) return TRUCE_EARG;
    if (format != TRUCE_FORMAT_TEXT && format != TRUCE_FORMAT_JSON) return TRUCE_EARG;
    arena ar;
    arena_init(&ar, NULL);
    truce_ledger_entry *rows;
    size_t n;
    int r = store_begin_read(store);
    if (r) goto out;
    r = ledger_load_all(store, &ar, &rows, &n);
    store_rollback(store);
    if (r) goto out;
    /* by date, then number: a stable insertion sort keeps it simple and the ledger in order */
    for (size_t i = 1; i < n; i++) {
        truce_ledger_entry t = rows[i];
        size_t j = i;
        for (; j > 0 && rows[j - 1].date > t.date; j--) rows[j] = rows[j - 1];
        rows[j] = t;
    }
    if (format == TRUCE_FORMAT_TEXT) {
        if (n == 0) fprintf(out, "The ledger is empty.\n");
        for (size_t i = 0; i < n && r == 0; i++) {
            if (i) fputc('\n', out);
            r = log_text(&rows[i], out);
        }
    } else {
        int oom = 0;
        json_object *a = json_object_new_array();
        for (size_t i = 0; a && i < n; i++) {
            json_object *o = entry_view(&rows[i], &oom);
            if (o && json_object_array_add(a, o) != 0) {
                json_object_put(o);
                oom = 1;
            }
        }
        r = emit_json(a, oom || !a, out);
    }
    if (r == 0 && ferror(out)) r = TRUCE_EIO;
out:
    arena_release(&ar);
    return r;
}

/* ---- status ---- */

typedef struct who {
    const char *id;
    int is_party;                      /* role party in the version */
    const truce_ledger_entry *latest;  /* latest response, or NULL */
} who;

/* The latest of a and b by date, then number. */
static int later(const truce_ledger_entry *a, const truce_ledger_entry *b)
{
    return a->date > b->date || (a->date == b->date && a->seq > b->seq);
}

static int statement_for(const truce_ledger_entry *s, const truce_ledger_entry *prop)
{
    if (s->kind != TRUCE_ENTRY_STATEMENT || !s->party) return 0;
    if (s->version) return !strcmp(s->version, prop->version ? prop->version : "");
    return s->date >= prop->date;
}

/* The people a version's status names: its parties, then anyone else who answered it. */
static int collect_who(arena *ar, const truce_ledger_entry *prop, const truce_ledger_entry *rows, size_t n,
                       who **out, size_t *nout)
{
    ledger_version info;
    diag_sink quiet = {0};
    vec v = {0};
    *out = NULL;
    *nout = 0;
    int r = ledger_version_read(ar, prop->file_name ? prop->file_name : "agreement", prop->file_data ? prop->file_data : "",
                                prop->file_len, &quiet, &info);
    if (r == TRUCE_ENOMEM) return r;
    if (r) info.nparties = 0;
    for (size_t i = 0; i < info.nparties; i++) {
        if (strcmp(info.parties[i].role, "party")) continue;
        who *w = vec_push(ar, &v, sizeof *w);
        if (!w) return TRUCE_ENOMEM;
        w->id = info.parties[i].id;
        w->is_party = 1;
    }
    for (size_t i = 0; i < n; i++) {
        const truce_ledger_entry *e = &rows[i];
        if (e->kind != TRUCE_ENTRY_RESPONSE || !e->party || !e->version || !prop->version ||
            strcmp(e->version, prop->version))
            continue;
        who *w = NULL;
        for (size_t k = 0; k < v.n && !w; k++)
            if (!strcmp(((who *)v.items)[k].id, e->party)) w = &((who *)v.items)[k];
        if (!w) {
            if (!(w = vec_push(ar, &v, sizeof *w))) return TRUCE_ENOMEM;
            w->id = e->party;
        }
        if (!w->latest || later(e, w->latest)) w->latest = e;
    }
    *out = v.items;
    *nout = v.n;
    return 0;
}

/* "[source]": the status names sources by their citation only; the log gives URLs too. */
static void cite_short(FILE *out, const truce_ledger_entry *e)
{
    if (e->source) fprintf(out, " [%s]", e->source);
    else cite(out, e);
}

static void status_statement(FILE *out, const truce_ledger_entry *s, int indent, int with_party)
{
    char d[11];
    fprintf(out, "%*s%s%s%s (#%lld)", indent, "", with_party ? s->party : "", with_party ? ", " : "",
            date_str(s->date, d), s->seq);
    cite_short(out, s);
    fprintf(out, ":\n%*s", indent + 2, "");
    wrap(out, s->text ? s->text : "", indent + 2, indent + 2);
    if (s->note) {
        fprintf(out, "%*snote: ", indent + 2, "");
        wrap(out, s->note, indent + 8, indent + 8);
    }
}

static void status_text_version(FILE *out, const truce_ledger_entry *prop, const truce_ledger_entry *rows, size_t n,
                                const who *ws, size_t nw)
{
    char d[11], d2[11];
    fprintf(out, "%s (agreement %s)\n", prop->version ? prop->version : "?", prop->agreement_id ? prop->agreement_id : "?");
    fprintf(out, "  tabled %s", date_str(prop->date, d));
    if (prop->place) fprintf(out, " in %s", prop->place);
    fprintf(out, " by ");
    print_list(out, prop->tabled_by, prop->ntabled_by);
    if (prop->parent) fprintf(out, ", revising %s", prop->parent);
    fprintf(out, " (#%lld)", prop->seq);
    cite_short(out, prop);
    fputc('\n', out);
    for (size_t k = 0; k < nw; k++) {
        const who *w = &ws[k];
        const truce_ledger_entry *e = w->latest;
        fprintf(out, "\n  %s: ", w->id);
        if (!e) {
            fprintf(out, "no response since %s (tabled)\n", date_str(prop->date, d));
        } else if (e->response == TRUCE_RESPONSE_NO_RESPONSE_YET) {
            fprintf(out, "no response since %s (tabled); still none as of %s (#%lld)", date_str(prop->date, d),
                    date_str(e->date, d2), e->seq);
            cite_short(out, e);
            fputc('\n', out);
        } else {
            response_phrase(out, e, 0);
            fprintf(out, " on %s (#%lld)", date_str(e->date, d), e->seq);
            cite_short(out, e);
            fputc('\n', out);
        }
        if (e && e->note) {
            fprintf(out, "    note: ");
            wrap(out, e->note, 10, 10);
        }
        int any = 0;
        for (size_t i = 0; i < n; i++) {
            const truce_ledger_entry *s = &rows[i];
            if (!statement_for(s, prop) || strcmp(s->party, w->id)) continue;
            if (!any++) fprintf(out, "    statements of position since it was tabled:\n");
            status_statement(out, s, 6, 0);
        }
    }
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        const truce_ledger_entry *s = &rows[i];
        if (!statement_for(s, prop)) continue;
        int named = 0;
        for (size_t k = 0; k < nw && !named; k++) named = !strcmp(ws[k].id, s->party);
        if (named) continue;
        if (!any++) fprintf(out, "\n  statements by others since it was tabled:\n");
        status_statement(out, s, 4, 1);
    }
}

static json_object *status_json_version(const truce_ledger_entry *prop, const truce_ledger_entry *rows, size_t n,
                                        const who *ws, size_t nw, int *oom)
{
    json_object *v = json_object_new_object(), *parties = json_object_new_array(),
                *others = json_object_new_array();
    if (!v || !parties || !others) {
        json_object_put(v);
        json_object_put(parties);
        json_object_put(others);
        *oom = 1;
        return NULL;
    }
    jput(v, "version", jstr(prop->version), oom);
    jput(v, "agreement", jstr(prop->agreement_id), oom);
    jput(v, "tabled", entry_view(prop, oom), oom);
    for (size_t k = 0; k < nw; k++) {
        const who *w = &ws[k];
        json_object *p = json_object_new_object(), *st = json_object_new_array();
        if (!p || !st) {
            json_object_put(p);
            json_object_put(st);
            *oom = 1;
            break;
        }
        jput(p, "party", jstr(w->id), oom);
        jput(p, "is_party", json_object_new_boolean(w->is_party), oom);
        const truce_ledger_entry *e = w->latest;
        int answered = e && e->response != TRUCE_RESPONSE_NO_RESPONSE_YET;
        jput(p, "answered", json_object_new_boolean(answered), oom);
        if (!answered) jput(p, "unanswered_since", jdate(prop->date), oom);
        jput(p, "latest_response", e ? entry_view(e, oom) : NULL, oom);
        for (size_t i = 0; i < n; i++)
            if (statement_for(&rows[i], prop) && !strcmp(rows[i].party, w->id))
                json_object_array_add(st, entry_view(&rows[i], oom));
        jput(p, "statements", st, oom);
        json_object_array_add(parties, p);
    }
    for (size_t i = 0; i < n; i++) {
        if (!statement_for(&rows[i], prop)) continue;
        int named = 0;
        for (size_t k = 0; k < nw && !named; k++) named = !strcmp(ws[k].id, rows[i].party);
        if (!named) json_object_array_add(others, entry_view(&rows[i], oom));
    }
    jput(v, "parties", parties, oom);
    jput(v, "statements_by_others", others, oom);
    return v;
}

int truce_ledger_status(truce_store *store, truce_format format, FILE *out)
{
    if (!store || !out) return TRUCE_EARG;
    if (format != TRUCE_FORMAT_TEXT && format != TRUCE_FORMAT_JSON) return TRUCE_EARG;
    arena ar;
    arena_init(&ar, NULL);
    truce_ledger_entry *rows;
    size_t n, nversions = 0;
    json_object *root = NULL, *versions = NULL;
    int oom = 0;
    int r = store_begin_read(store);
    if (r) goto out;
    r = ledger_load_all(store, &ar, &rows, &n);
    store_rollback(store);
    if (r) goto out;
    /* statements in order of date, for reading */
    truce_ledger_entry **by_date = arena_alloc(&ar, (n + 1) * sizeof *by_date);
    truce_ledger_entry *sorted = arena_alloc(&ar, (n + 1) * sizeof *sorted);
    if (!by_date || !sorted) {
        r = TRUCE_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        sorted[i] = rows[i];
        nversions += rows[i].kind == TRUCE_ENTRY_PROPOSAL;
    }
    for (size_t i = 1; i < n; i++) {
        truce_ledger_entry t = sorted[i];
        size_t j = i;
        for (; j > 0 && sorted[j - 1].date > t.date; j--) sorted[j] = sorted[j - 1];
        sorted[j] = t;
    }
    if (format == TRUCE_FORMAT_TEXT) {
        char d[11];
        if (n == 0) fprintf(out, "The ledger is empty.\n");
        else
            fprintf(out, "%zu entr%s, %zu version%s tabled; the last entry is #%lld (%s).\n", n, n == 1 ? "y" : "ies",
                    nversions, nversions == 1 ? "" : "s", rows[n - 1].seq, date_str(rows[n - 1].date, d));
    } else {
        root = json_object_new_object();
        versions = json_object_new_array();
        if (!root || !versions) {
            json_object_put(versions);
            oom = 1;
        } else {
            jput(root, "entries", json_object_new_int64((int64_t)n), &oom);
            jput(root, "versions", versions, &oom);
        }
    }
    for (size_t i = 0; i < n && !oom; i++) {
        const truce_ledger_entry *prop = &rows[i];
        if (prop->kind != TRUCE_ENTRY_PROPOSAL) continue;
        who *ws;
        size_t nw;
        if ((r = collect_who(&ar, prop, rows, n, &ws, &nw))) goto out;
        if (format == TRUCE_FORMAT_TEXT) {
            fputc('\n', out);
            status_text_version(out, prop, sorted, n, ws, nw);
        } else {
            json_object *v = status_json_version(prop, sorted, n, ws, nw, &oom);
            if (v && json_object_array_add(versions, v) != 0) {
                json_object_put(v);
                oom = 1;
            }
        }
    }
    if (format == TRUCE_FORMAT_JSON) {
        r = emit_json(root, oom, out);
        root = NULL;
    } else if (oom) {
        r = TRUCE_ENOMEM;
    }
    if (r == 0 && ferror(out)) r = TRUCE_EIO;
out:
    json_object_put(root); /* NULL when already written (or never made): a no-op */
    arena_release(&ar);
    return r;
}
