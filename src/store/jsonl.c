/* jsonl.c: the ledger as JSON Lines (json-c): reading a file line by line with file:line:col
 * diagnostics, export, import (a merge that refuses to rewrite history, in one transaction) and
 * adding new entries from a file. The entry checks themselves are ledger.c's; the hash chain
 * checks of a whole ledger are verify.c's. */
#include <json-c/json.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/jsonl.h"
#include "util/date.h"
#include "util/file.h"

#define MAX_JSONL_BYTES (1u << 30)

static const char *const keys[] = {"seq",   "kind",  "date",     "version",      "to",      "agreement", "tabled_by",
                                   "place", "parent", "party",   "response",     "reservations", "counter", "text",
                                   "source", "url",  "note",     "file",         "prev_hash", "hash",   NULL};

entry_loc jsonl_loc(const jsonl_file *f, const jsonl_item *it, diag_sink *sink)
{
    entry_loc L = {sink, NULL, &f->src, it->line, it->text, it->len};
    return L;
}

/* ---- reading ---- */

static int read_all(arena *ar, const char *path, char **data, size_t *len)
{
    return file_read_all(ar, path, MAX_JSONL_BYTES, data, len);
}

typedef struct line_ctx {
    arena *ar;
    jsonl_mode mode;
    const char *dir; /* of the file, for relative proposal paths */
    entry_loc L;
    int oom;
} line_ctx;

/* A string value as a C string in the arena; reports and returns NULL when it is not one. */
static const char *want_string(line_ctx *c, const char *key, json_object *v)
{
    if (json_object_get_type(v) == json_type_null) return NULL;
    if (json_object_get_type(v) != json_type_string) {
        entry_error(&c->L, key, NULL, "'%s' must be a string, got %s", key, json_type_to_name(json_object_get_type(v)));
        return NULL;
    }
    const char *s = json_object_get_string(v);
    size_t len = (size_t)json_object_get_string_len(v);
    if (memchr(s, '\0', len)) {
        entry_error(&c->L, key, NULL, "'%s' contains a NUL character", key);
        return NULL;
    }
    if (len == 0) return NULL;
    char *copy = arena_strndup(c->ar, s, len);
    if (!copy) c->oom = 1;
    return copy;
}

/* A list of ids: an array of strings (a single string is a list of one). */
static const char *const *want_list(line_ctx *c, const char *key, json_object *v, size_t *n)
{
    *n = 0;
    if (json_object_get_type(v) == json_type_string) {
        const char **one = arena_alloc(c->ar, sizeof *one);
        if (!one) {
            c->oom = 1;
            return NULL;
        }
        if (!(one[0] = want_string(c, key, v))) return NULL;
        *n = 1;
        return one;
    }
    if (json_object_get_type(v) != json_type_array) {
        entry_error(&c->L, key, NULL, "'%s' must be a list of ids, got %s", key,
                    json_type_to_name(json_object_get_type(v)));
        return NULL;
    }
    size_t len = json_object_array_length(v);
    const char **items = arena_alloc(c->ar, (len + 1) * sizeof *items);
    if (!items) {
        c->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        json_object *item = json_object_array_get_idx(v, i);
        if (json_object_get_type(item) != json_type_string) {
            entry_error(&c->L, key, NULL, "'%s' must be a list of ids; item %zu is %s", key, i + 1,
                        json_type_to_name(json_object_get_type(item)));
            return NULL;
        }
        if (!(items[*n] = want_string(c, key, item))) return NULL;
        (*n)++;
    }
    return items;
}

static int is_hash(const char *s)
{
    if (!s || strlen(s) != 64) return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return 0;
    return 1;
}

static int base64_decode(arena *ar, const char *in, size_t len, const char **out, size_t *outlen)
{
    char *buf = arena_alloc(ar, len / 4 * 3 + 4);
    if (!buf) return TRUCE_ENOMEM;
    if (len % 4) return TRUCE_ESYNTAX;
    int n = len ? EVP_DecodeBlock((unsigned char *)buf, (const unsigned char *)in, (int)len) : 0;
    if (n < 0) return TRUCE_ESYNTAX;
    size_t pad = 0;
    if (len >= 1 && in[len - 1] == '=') pad++;
    if (len >= 2 && in[len - 2] == '=') pad++;
    *out = buf;
    *outlen = (size_t)n - pad;
    return 0;
}

static void read_file_field(line_ctx *c, truce_ledger_entry *e, json_object *v)
{
    if (json_object_get_type(v) == json_type_string) {
        if (c->mode == JSONL_EXPORTED) {
            entry_error(&c->L, "file", "write it as {\"name\": ..., \"text\": ...} or {\"name\": ..., \"base64\": ...}",
                        "in an exported ledger 'file' holds the file itself, not a path");
            return;
        }
        const char *path = want_string(c, "file", v);
        if (!path) return;
        e->file_path = path[0] == '/' || !c->dir ? path : arena_printf(c->ar, "%s/%s", c->dir, path);
        if (!e->file_path) c->oom = 1;
        const char *slash = strrchr(path, '/');
        e->file_name = slash ? slash + 1 : path;
        return;
    }
    if (json_object_get_type(v) != json_type_object) {
        entry_error(&c->L, "file", NULL, "'file' must be a path or {name, text} / {name, base64}, got %s",
                    json_type_to_name(json_object_get_type(v)));
        return;
    }
    json_object *name, *text, *b64;
    if (json_object_object_get_ex(v, "name", &name)) e->file_name = want_string(c, "name", name);
    int has_text = json_object_object_get_ex(v, "text", &text), has_b64 = json_object_object_get_ex(v, "base64", &b64);
    if (has_text == has_b64) {
        entry_error(&c->L, "file", NULL, "'file' needs exactly one of 'text' and 'base64'");
        return;
    }
    if (has_text) {
        if (json_object_get_type(text) != json_type_string) {
            entry_error(&c->L, "text", NULL, "the file's 'text' must be a string");
            return;
        }
        size_t len = (size_t)json_object_get_string_len(text);
        char *data = arena_alloc(c->ar, len + 1);
        if (!data) {
            c->oom = 1;
            return;
        }
        memcpy(data, json_object_get_string(text), len);
        e->file_data = data;
        e->file_len = len;
        return;
    }
    if (json_object_get_type(b64) != json_type_string) {
        entry_error(&c->L, "base64", NULL, "the file's 'base64' must be a string");
        return;
    }
    int r = base64_decode(c->ar, json_object_get_string(b64), (size_t)json_object_get_string_len(b64), &e->file_data,
                          &e->file_len);
    if (r == TRUCE_ENOMEM) c->oom = 1;
    else if (r) entry_error(&c->L, "base64", NULL, "the file's 'base64' is not valid base64");
}

static const char *closest_key(const char *key)
{
    const char *best = NULL;
    int bestd = 3;
    for (const char *const *k = keys; *k; k++) {
        int d = str_distance(key, *k, 2);
        if (d < bestd) best = *k, bestd = d;
    }
    return best;
}

/* One line's object into it->e. Returns 0 or TRUCE_ENOMEM; problems are reported. */
static int read_entry(line_ctx *c, json_object *obj, jsonl_item *it)
{
    truce_ledger_entry *e = &it->e;
    memset(e, 0, sizeof *e);
    e->date = TRUCE_DATE_NONE;
    e->seq = 0;
    const char *to = NULL, *version = NULL;
    int has_kind = 0;
    json_object_object_foreach(obj, key, v)
    {
        if (!strcmp(key, "seq")) {
            if (c->mode == JSONL_NEW) continue; /* reported below with the hashes */
            if (json_object_get_type(v) != json_type_int || json_object_get_int64(v) < 1)
                entry_error(&c->L, "seq", NULL, "'seq' must be a whole number from 1");
            else e->seq = json_object_get_int64(v);
        } else if (!strcmp(key, "kind")) {
            const char *k = want_string(c, key, v);
            has_kind = 1;
            if (k && truce_entry_kind_parse(k, &e->kind) != 0)
                entry_error(&c->L, key, "a kind is proposal, response or statement", "unknown kind '%s'", k);
            else if (!k) has_kind = 0;
        } else if (!strcmp(key, "date")) {
            const char *d = want_string(c, key, v);
            if (d && date_parse_n(d, strlen(d), &e->date) != 0)
                entry_error(&c->L, key, NULL, "'%s' is not a date: write YYYY-MM-DD", d);
        } else if (!strcmp(key, "version")) version = want_string(c, key, v);
        else if (!strcmp(key, "to")) to = want_string(c, key, v);
        else if (!strcmp(key, "agreement")) e->agreement_id = want_string(c, key, v);
        else if (!strcmp(key, "tabled_by")) e->tabled_by = want_list(c, key, v, &e->ntabled_by);
        else if (!strcmp(key, "place")) e->place = want_string(c, key, v);
        else if (!strcmp(key, "parent")) e->parent = want_string(c, key, v);
        else if (!strcmp(key, "party")) e->party = want_string(c, key, v);
        else if (!strcmp(key, "response")) {
            const char *rs = want_string(c, key, v);
            if (rs && truce_response_parse(rs, &e->response) != 0)
                entry_error(&c->L, key, "one of accept, accept-with-reservations, reject, counter, no-response-yet",
                            "unknown response '%s'", rs);
        } else if (!strcmp(key, "reservations")) e->reservations = want_list(c, key, v, &e->nreservations);
        else if (!strcmp(key, "counter")) e->counter = want_string(c, key, v);
        else if (!strcmp(key, "text")) e->text = want_string(c, key, v);
        else if (!strcmp(key, "source")) e->source = want_string(c, key, v);
        else if (!strcmp(key, "url")) e->url = want_string(c, key, v);
        else if (!strcmp(key, "note")) e->note = want_string(c, key, v);
        else if (!strcmp(key, "file")) read_file_field(c, e, v);
        else if (!strcmp(key, "prev_hash") || !strcmp(key, "hash")) {
            if (c->mode == JSONL_NEW) continue;
            const char *h = want_string(c, key, v);
            if (!is_hash(h)) entry_error(&c->L, key, NULL, "'%s' must be 64 lower-case hex digits", key);
            else snprintf(!strcmp(key, "hash") ? e->hash : e->prev_hash, TRUCE_HASH_HEX, "%s", h);
        } else {
            const char *m = closest_key(key);
            char hint[96], quoted[96];
            if (m) snprintf(hint, sizeof hint, "did you mean '%s'?", m);
            /* point at the key itself: the first `"key"` in the line */
            int n = snprintf(quoted, sizeof quoted, "\"%s\"", key);
            const char *at = n > 0 && (size_t)n < sizeof quoted ? memmem(c->L.text, c->L.len, quoted, (size_t)n) : NULL;
            pos where = {c->L.src, c->L.line, at ? (int)(at - c->L.text) + 1 : 1};
            diag_report(c->L.sink, TRUCE_ERROR, where, m ? hint : NULL, "unknown key '%s'", key);
        }
        if (c->oom) return TRUCE_ENOMEM;
    }
    if (!has_kind) entry_error(&c->L, NULL, NULL, "every entry needs a 'kind' (proposal, response or statement)");
    if (e->kind == TRUCE_ENTRY_RESPONSE) {
        if (version && !to) entry_error(&c->L, "version", "write \"to\": VERSION", "a response names the version it answers with 'to'");
        e->version = to;
    } else {
        if (to) entry_error(&c->L, "to", "write \"version\": VERSION", "only a response has 'to'");
        e->version = version;
    }
    json_object *dummy;
    if (c->mode == JSONL_EXPORTED) {
        if (!e->seq && !json_object_object_get_ex(obj, "seq", &dummy))
            entry_error(&c->L, NULL, NULL, "an exported entry needs its 'seq'");
        if (!e->hash[0] && !json_object_object_get_ex(obj, "hash", &dummy))
            entry_error(&c->L, NULL, NULL, "an exported entry needs its 'hash'");
        if (!e->prev_hash[0] && !json_object_object_get_ex(obj, "prev_hash", &dummy))
            entry_error(&c->L, NULL, NULL, "an exported entry needs its 'prev_hash'");
    } else if (json_object_object_get_ex(obj, "hash", &dummy) || json_object_object_get_ex(obj, "prev_hash", &dummy) ||
               json_object_object_get_ex(obj, "seq", &dummy)) {
        entry_error(&c->L, json_object_object_get_ex(obj, "seq", &dummy) ? "seq" : "hash",
                    "use 'truce ledger import FILE' to merge an exported ledger",
                    "this line is an exported entry (seq, prev_hash, hash): new entries get them from the ledger");
    }
    return c->oom ? TRUCE_ENOMEM : 0;
}

int jsonl_read(arena *ar, const char *path, jsonl_mode mode, diag_sink *sink, jsonl_file *out)
{
    memset(out, 0, sizeof *out);
    char *data;
    size_t len;
    int r = read_all(ar, path, &data, &len);
    if (r) {
        if (r == TRUCE_EIO) diag_file(sink, TRUCE_ERROR, path, "cannot read the file");
        return r;
    }
    out->src.name = arena_strdup(ar, path);
    out->src.text = data;
    out->src.len = len;
    const char *slash = strrchr(path, '/');
    line_ctx c = {ar, mode, slash ? arena_strndup(ar, path, (size_t)(slash - path)) : NULL, {0}, 0};
    if (!out->src.name || (slash && !c.dir)) return TRUCE_ENOMEM;
    json_tokener *tok = json_tokener_new();
    if (!tok) return TRUCE_ENOMEM;
    vec items = {0};
    int before = sink->errors, line = 0;
    const char *text;
    size_t l, off = 0;
    while (r == 0 && file_next_line(data, len, &off, &text, &l)) {
        line++;
        size_t lead = 0;
        while (lead < l && (text[lead] == ' ' || text[lead] == '\t')) lead++;
        if (lead == l) continue; /* blank lines are allowed */
        jsonl_item tmp = {.line = line, .text = text, .len = l};
        c.L = jsonl_loc(out, &tmp, sink);
        json_tokener_reset(tok);
        json_object *obj = json_tokener_parse_ex(tok, text, (int)l);
        enum json_tokener_error jerr = json_tokener_get_error(tok);
        size_t end = json_tokener_get_parse_end(tok);
        pos at = {&out->src, line, (int)end + 1};
        if (jerr == json_tokener_continue) {
            at.col = (int)l + 1;
            diag_report(sink, TRUCE_ERROR, at, "each entry is one JSON object on one line",
                        "the line ends inside a JSON value");
            continue;
        }
        if (!obj) {
            diag_report(sink, TRUCE_ERROR, at, NULL, "not JSON: %s", json_tokener_error_desc(jerr));
            continue;
        }
        size_t rest = end;
        while (rest < l && (text[rest] == ' ' || text[rest] == '\t')) rest++;
        if (rest < l) {
            at.col = (int)rest + 1;
            diag_report(sink, TRUCE_ERROR, at, "each entry is one JSON object on one line",
                        "text after the JSON object");
        } else if (json_object_get_type(obj) != json_type_object) {
            at.col = (int)lead + 1;
            diag_report(sink, TRUCE_ERROR, at, NULL, "each line must be a JSON object, got %s",
                        json_type_to_name(json_object_get_type(obj)));
        } else {
            jsonl_item *it = vec_push(ar, &items, sizeof *it);
            if (!it) r = TRUCE_ENOMEM;
            else {
                *it = tmp;
                r = read_entry(&c, obj, it);
            }
        }
        json_object_put(obj);
    }
    json_tokener_free(tok);
    out->items = items.items;
    out->n = items.n;
    if (r) return r;
    return sink->errors > before ? TRUCE_ESYNTAX : 0;
}

static int cmp_item(const void *a, const void *b)
{
    const jsonl_item *x = a, *y = b;
    if (x->e.seq != y->e.seq) return x->e.seq < y->e.seq ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

void jsonl_sort(jsonl_file *f)
{
    if (f->n) qsort(f->items, f->n, sizeof *f->items, cmp_item);
}

/* ---- export ---- */

static int utf8_text(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned char b = *p;
        size_t n = b < 0x80 ? 0 : (b & 0xe0) == 0xc0 ? 1 : (b & 0xf0) == 0xe0 ? 2 : (b & 0xf8) == 0xf0 ? 3 : 9;
        if (b == 0 || n == 9 || (n == 1 && b < 0xc2) || (size_t)(end - p) <= n) return b != 0 && n == 0;
        for (size_t i = 1; i <= n; i++)
            if ((p[i] & 0xc0) != 0x80) return 0;
        p += n + 1;
    }
    return 1;
}

static int put(json_object *o, const char *k, json_object *v, int *oom)
{
    if (!v) return 0;
    if (json_object_object_add(o, k, v) != 0) {
        json_object_put(v);
        *oom = 1;
    }
    return 0;
}

static json_object *str_or_null(const char *s)
{
    return s && *s ? json_object_new_string(s) : NULL;
}

static json_object *list(const char *const *items, size_t n)
{
    if (!n) return NULL;
    json_object *a = json_object_new_array();
    for (size_t i = 0; a && i < n; i++) json_object_array_add(a, json_object_new_string(items[i]));
    return a;
}

/* The entry as one JSON object, keys in the export's fixed order. NULL when out of memory. */
static json_object *entry_json(const truce_ledger_entry *e)
{
    int oom = 0;
    json_object *o = json_object_new_object();
    if (!o) return NULL;
    char date[11] = "";
    if (e->date != TRUCE_DATE_NONE) truce_date_format(e->date, date);
    put(o, "seq", json_object_new_int64(e->seq), &oom);
    put(o, "kind", json_object_new_string(truce_entry_kind_name(e->kind)), &oom);
    put(o, "date", json_object_new_string(date), &oom);
    put(o, e->kind == TRUCE_ENTRY_RESPONSE ? "to" : "version", str_or_null(e->version), &oom);
    put(o, "agreement", str_or_null(e->agreement_id), &oom);
    put(o, "tabled_by", list(e->tabled_by, e->ntabled_by), &oom);
    put(o, "place", str_or_null(e->place), &oom);
    put(o, "parent", str_or_null(e->parent), &oom);
    put(o, "party", str_or_null(e->party), &oom);
    put(o, "response", str_or_null(truce_response_name(e->response)), &oom);
    put(o, "reservations", list(e->reservations, e->nreservations), &oom);
    put(o, "counter", str_or_null(e->counter), &oom);
    put(o, "text", str_or_null(e->text), &oom);
    put(o, "source", str_or_null(e->source), &oom);
    put(o, "url", str_or_null(e->url), &oom);
    put(o, "note", str_or_null(e->note), &oom);
    if (e->file_data) {
        json_object *f = json_object_new_object();
        if (!f) oom = 1;
        else {
            put(f, "name", str_or_null(e->file_name), &oom);
            if (utf8_text(e->file_data, e->file_len)) {
                put(f, "text", json_object_new_string_len(e->file_data, (int)e->file_len), &oom);
            } else {
                char *b = malloc(e->file_len / 3 * 4 + 8);
                if (!b) oom = 1;
                else {
                    EVP_EncodeBlock((unsigned char *)b, (const unsigned char *)e->file_data, (int)e->file_len);
                    put(f, "base64", json_object_new_string(b), &oom);
                    free(b);
                }
            }
            put(o, "file", f, &oom);
        }
    }
    put(o, "prev_hash", json_object_new_string(e->prev_hash), &oom);
    put(o, "hash", json_object_new_string(e->hash), &oom);
    if (oom) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

static int export_one(const truce_ledger_entry *e, void *user)
{
    FILE *out = user;
    json_object *o = entry_json(e);
    if (!o) return TRUCE_ENOMEM;
    const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    int r = s && fprintf(out, "%s\n", s) >= 0 ? 0 : s ? TRUCE_EIO : TRUCE_ENOMEM;
    json_object_put(o);
    return r;
}

int truce_ledger_export(truce_store *store, FILE *out)
{
    if (!store || !out) return TRUCE_EARG;
    int r = store_begin_read(store);
    if (r) return r;
    r = truce_ledger_list(store, TRUCE_LEDGER_BY_SEQ, export_one, out);
    store_rollback(store);
    if (r == 0 && ferror(out)) r = TRUCE_EIO;
    return r;
}

/* ---- import: a merge that never rewrites history ---- */

static void describe(const truce_ledger_entry *e, char *buf, size_t cap)
{
    char d[11] = "no date";
    if (e->date != TRUCE_DATE_NONE) truce_date_format(e->date, d);
    snprintf(buf, cap, "#%lld (%s, %s)", e->seq, truce_entry_kind_name(e->kind), d);
}

/* The ledger's entry numbered seq into *e (in ar): 1 found, 0 none, <0 error. */
static int entry_at(truce_store *s, arena *ar, long long seq, truce_ledger_entry *e)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT " LEDGER_COLUMNS " FROM ledger_entry WHERE seq = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) return store_fail(s, rc);
    sqlite3_bind_int64(st, 1, seq);
    int r = 0;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) r = ledger_read_row(st, ar, e) ? TRUCE_ENOMEM : 1;
    else if (rc != SQLITE_DONE) r = store_fail(s, rc);
    sqlite3_finalize(st);
    return r;
}

/* The file on its own must be one unbroken piece of chain. Returns the errors reported. */
static int check_file_chain(const jsonl_file *f, diag_sink *sink, int *oom)
{
    int before = sink->errors;
    char what[96], h[TRUCE_HASH_HEX];
    for (size_t i = 0; i < f->n; i++) {
        const jsonl_item *it = &f->items[i];
        entry_loc L = jsonl_loc(f, it, sink);
        describe(&it->e, what, sizeof what);
        if (ledger_hash(&it->e, h)) {
            *oom = 1;
            return 0;
        }
        if (strcmp(h, it->e.hash)) {
            entry_error(&L, "hash", "run 'truce ledger verify --jsonl FILE' to see what changed",
                        "%s does not match its hash: this copy was altered", what);
            continue;
        }
        if (i == 0) {
            if (it->e.seq == 1 && strcmp(it->e.prev_hash, LEDGER_ZERO_HASH))
                entry_error(&L, "prev_hash", NULL, "%s is the first entry but its prev_hash is not 64 zeros", what);
            continue;
        }
        const truce_ledger_entry *p = &f->items[i - 1].e;
        if (it->e.seq != p->seq + 1)
            entry_error(&L, "seq", "an export lists every entry in order", "%s follows #%lld: the numbering has a %s",
                        what, p->seq, it->e.seq <= p->seq ? "step back" : "gap");
        else if (strcmp(it->e.prev_hash, p->hash))
            entry_error(&L, "prev_hash", NULL, "%s does not follow #%lld in the chain (its prev_hash differs)", what,
                        p->seq);
    }
    return sink->errors - before;
}

int truce_ledger_import(truce_store *store, const char *path, const truce_ledger_options *opt, size_t *skipped,
                        size_t *added)
{
    if (!store || !path) return TRUCE_EARG;
    arena ar;
    arena_init(&ar, NULL);
    diag_sink sink = {opt ? opt->on_diag : NULL, opt ? opt->user : NULL, 0, 0};
    jsonl_file f;
    size_t nskip = 0, nadd = 0;
    int oom = 0, in_tx = 0;
    char what[96], ours[96];
    int r = jsonl_read(&ar, path, JSONL_EXPORTED, &sink, &f);
    if (r) goto out;
    if (check_file_chain(&f, &sink, &oom) || oom) {
        r = oom ? TRUCE_ENOMEM : TRUCE_EINVALID;
        goto out;
    }
    if ((r = store_begin(store))) goto out;
    in_tx = 1;
    long long last;
    char last_hash[TRUCE_HASH_HEX];
    if ((r = ledger_last(store, &last, last_hash))) goto out;
    for (size_t i = 0; i < f.n; i++) {
        jsonl_item *it = &f.items[i];
        entry_loc L = jsonl_loc(&f, it, &sink);
        describe(&it->e, what, sizeof what);
        if (it->e.seq <= last) {
            truce_ledger_entry mine;
            int found = entry_at(store, &ar, it->e.seq, &mine);
            if (found < 0) {
                r = found;
                goto out;
            }
            if (!found) {
                entry_error(&L, "seq", "run 'truce ledger verify' on the ledger",
                            "the ledger has no #%lld to compare %s with: it looks tampered with", it->e.seq, what);
                r = TRUCE_EINVALID;
                goto out;
            }
            if (strcmp(mine.hash, it->e.hash)) {
                describe(&mine, ours, sizeof ours);
                entry_error(&L, "hash", "the two histories forked here; compare them with 'truce ledger log'",
                            "%s differs from the ledger's %s: importing it would rewrite history", what, ours);
                r = TRUCE_EINVALID;
                goto out;
            }
            nskip++;
            continue;
        }
        if (it->e.seq != last + 1) {
            entry_error(&L, "seq", NULL, "%s would leave a gap: the ledger ends at #%lld", what, last);
            r = TRUCE_EINVALID;
            goto out;
        }
        if (strcmp(it->e.prev_hash, last_hash)) {
            entry_error(&L, "prev_hash", "the two histories forked before this entry",
                        "%s does not continue the ledger: its prev_hash is not the hash of the ledger's #%lld", what,
                        last);
            r = TRUCE_EINVALID;
            goto out;
        }
        truce_ledger_entry e = it->e;
        int errors = ledger_check_entry(store, &ar, &e, &L);
        if (errors) {
            r = errors < 0 ? errors : TRUCE_EINVALID;
            goto out;
        }
        char h[TRUCE_HASH_HEX];
        if ((r = ledger_hash(&e, h))) goto out;
        if (strcmp(h, it->e.hash)) {
            entry_error(&L, "agreement", NULL, "%s does not match its hash once checked (its agreement id differs from its file's)",
                        what);
            r = TRUCE_EINVALID;
            goto out;
        }
        if ((r = ledger_insert_row(store, &e)) || (r = ledger_set_head(store, e.seq, e.hash))) goto out;
        last = e.seq;
        memcpy(last_hash, e.hash, TRUCE_HASH_HEX);
        nadd++;
    }
    r = store_commit(store);
    in_tx = r != 0;
out:
    if (in_tx) store_rollback(store);
    if (r == 0) {
        if (skipped) *skipped = nskip;
        if (added) *added = nadd;
    }
    arena_release(&ar);
    return r;
}

int truce_ledger_add_jsonl(truce_store *store, const char *path, const truce_ledger_options *opt, size_t *added)
{
    if (!store || !path) return TRUCE_EARG;
    arena ar;
    arena_init(&ar, NULL);
    diag_sink sink = {opt ? opt->on_diag : NULL, opt ? opt->user : NULL, 0, 0};
    jsonl_file f;
    size_t nadd = 0;
    int r = jsonl_read(&ar, path, JSONL_NEW, &sink, &f);
    if (r) goto out;
    if ((r = store_begin(store))) goto out;
    int errors = 0;
    for (size_t i = 0; i < f.n && r == 0; i++) {
        entry_loc L = jsonl_loc(&f, &f.items[i], &sink);
        truce_ledger_entry e = f.items[i].e;
        int n = ledger_check_entry(store, &ar, &e, &L);
        if (n < 0) r = n;
        else if (n > 0) errors += n;
        else if ((r = ledger_append(store, &e)) == 0) nadd++;
    }
    if (r == 0 && errors) r = TRUCE_EINVALID;
    if (r == 0) r = store_commit(store);
    if (r) store_rollback(store);
    else if (added) *added = nadd;
out:
    arena_release(&ar);
    return r;
}
