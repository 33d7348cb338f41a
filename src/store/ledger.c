/* ledger.c: ledger entries: the canonical hash, reading and writing rows, checking an entry
 * against the versions tabled before it ("did you mean"), appending, and the public add and list
 * calls. Verification is in verify.c, JSON Lines in jsonl.c, the log and status views in
 * ledger_view.c. */
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/file.h"
#include "util/date.h"
#include "util/tree.h"

static const char *const kind_name[] = {"proposal", "response", "statement"};
static const char *const response_name[] = {"", "accept", "accept-with-reservations", "reject", "counter",
                                            "no-response-yet"};

const char *truce_entry_kind_name(truce_entry_kind kind)
{
    return (unsigned)kind < 3 ? kind_name[kind] : "unknown";
}

const char *truce_response_name(truce_response response)
{
    return (unsigned)response < 6 ? response_name[response] : "unknown";
}

int truce_entry_kind_parse(const char *name, truce_entry_kind *out)
{
    for (int k = 0; name && k < 3; k++)
        if (!strcmp(name, kind_name[k])) {
            *out = (truce_entry_kind)k;
            return 0;
        }
    return TRUCE_EARG;
}

int truce_response_parse(const char *name, truce_response *out)
{
    for (int k = 1; name && k < 6; k++)
        if (!strcmp(name, response_name[k])) {
            *out = (truce_response)k;
            return 0;
        }
    return TRUCE_EARG;
}

/* ---- hashing ---- */

int ledger_sha256_hex(const void *data, size_t len, char out[TRUCE_HASH_HEX])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL)) return TRUCE_ENOMEM;
    for (unsigned i = 0; i < mdlen && i < 32; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
    out[64] = '\0';
    return 0;
}

/* Feeds one length-prefixed item: the length as 8 bytes big-endian, then the bytes. */
static int feed(EVP_MD_CTX *c, const void *data, size_t len)
{
    unsigned char n[8];
    for (int i = 0; i < 8; i++) n[i] = (unsigned char)((unsigned long long)len >> (56 - 8 * i));
    return EVP_DigestUpdate(c, n, 8) && (len == 0 || EVP_DigestUpdate(c, data, len));
}

static int field(EVP_MD_CTX *c, const char *name, const char *value)
{
    return feed(c, name, strlen(name)) && feed(c, value ? value : "", value ? strlen(value) : 0);
}

static int field_list(EVP_MD_CTX *c, const char *name, const char *const *items, size_t n)
{
    char count[32];
    snprintf(count, sizeof count, "%zu", n);
    if (!field(c, name, count)) return 0;
    for (size_t i = 0; i < n; i++)
        if (!feed(c, items[i], strlen(items[i]))) return 0;
    return 1;
}

/* The canonical serialisation: a format tag, then every field in this fixed order, each as
 * (name, value) length-prefixed; absent fields are empty; lists as their count then each item;
 * the file as its name and exact bytes; prev_hash last. */
int ledger_hash(const truce_ledger_entry *e, char out[TRUCE_HASH_HEX])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c) return TRUCE_ENOMEM;
    char date[11] = "";
    if (e->date != TRUCE_DATE_NONE) truce_date_format(e->date, date);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    int ok = EVP_DigestInit_ex(c, EVP_sha256(), NULL) && field(c, "format", "truce-ledger-entry/1") &&
             field(c, "kind", truce_entry_kind_name(e->kind)) && field(c, "date", date) &&
             field(c, "source", e->source) && field(c, "url", e->url) && field(c, "note", e->note) &&
             field(c, "version", e->version) && field(c, "party", e->party) &&
             field(c, "agreement_id", e->agreement_id) &&
             field_list(c, "tabled_by", e->tabled_by, e->ntabled_by) && field(c, "place", e->place) &&
             field(c, "parent", e->parent) && field(c, "file_name", e->file_name) &&
             feed(c, "file_data", 9) && feed(c, e->file_data, e->file_data ? e->file_len : 0) &&
             field(c, "response", truce_response_name(e->response)) &&
             field_list(c, "reservations", e->reservations, e->nreservations) &&
             field(c, "counter", e->counter) && field(c, "text", e->text) &&
             field(c, "prev_hash", e->prev_hash) && EVP_DigestFinal_ex(c, md, &mdlen);
    EVP_MD_CTX_free(c);
    if (!ok) return TRUCE_ENOMEM;
    for (unsigned i = 0; i < mdlen && i < 32; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
    out[64] = '\0';
    return 0;
}

/* ---- lists in one column ---- */

char *ledger_join(arena *ar, const char *const *items, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++) len += strlen(items[i]) + 1;
    char *s = arena_alloc(ar, len), *p = s;
    if (!s) return NULL;
    for (size_t i = 0; i < n; i++) {
        if (i) *p++ = '\n';
        size_t l = strlen(items[i]);
        memcpy(p, items[i], l);
        p += l;
    }
    *p = '\0';
    return s;
}

const char **ledger_split(arena *ar, const char *joined, size_t *n)
{
    *n = 0;
    if (!joined || !*joined) return NULL;
    size_t count = 1;
    for (const char *p = joined; *p; p++) count += *p == '\n';
    const char **items = arena_alloc(ar, count * sizeof *items);
    if (!items) return NULL;
    const char *p = joined;
    for (size_t i = 0; i < count; i++) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (!(items[i] = arena_strndup(ar, p, l))) return NULL;
        p = e ? e + 1 : p + l;
    }
    *n = count;
    return items;
}

/* ---- rows ---- */

static const char *col_text(sqlite3_stmt *st, int i, arena *ar, int *oom)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    if (!t || !*t) return NULL;
    char *s = arena_strndup(ar, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
    if (!s) *oom = 1;
    return s;
}

int ledger_read_row(sqlite3_stmt *st, arena *ar, truce_ledger_entry *e)
{
    int oom = 0;
    memset(e, 0, sizeof *e);
    e->seq = sqlite3_column_int64(st, 0);
    const char *kind = (const char *)sqlite3_column_text(st, 1);
    if (truce_entry_kind_parse(kind, &e->kind) != 0) e->kind = (truce_entry_kind)-1;
    const char *date = (const char *)sqlite3_column_text(st, 2);
    if (!date || date_parse_n(date, strlen(date), &e->date) != 0) e->date = TRUCE_DATE_NONE;
    e->source = col_text(st, 3, ar, &oom);
    e->url = col_text(st, 4, ar, &oom);
    e->note = col_text(st, 5, ar, &oom);
    e->version = col_text(st, 6, ar, &oom);
    e->party = col_text(st, 7, ar, &oom);
    e->agreement_id = col_text(st, 8, ar, &oom);
    const char *tabled = col_text(st, 9, ar, &oom);
    e->tabled_by = ledger_split(ar, tabled, &e->ntabled_by);
    e->place = col_text(st, 10, ar, &oom);
    e->parent = col_text(st, 11, ar, &oom);
    e->file_name = col_text(st, 12, ar, &oom);
    if (sqlite3_column_type(st, 13) != SQLITE_NULL) {
        const void *blob = sqlite3_column_blob(st, 13);
        int len = sqlite3_column_bytes(st, 13);
        char *data = arena_alloc(ar, (size_t)len + 1);
        if (!data) oom = 1;
        else {
            if (len) memcpy(data, blob, (size_t)len);
            e->file_data = data;
            e->file_len = (size_t)len;
        }
    }
    const char *resp = (const char *)sqlite3_column_text(st, 14);
    if (resp && *resp && truce_response_parse(resp, &e->response) != 0) e->response = (truce_response)-1;
    const char *res = col_text(st, 15, ar, &oom);
    e->reservations = ledger_split(ar, res, &e->nreservations);
    e->counter = col_text(st, 16, ar, &oom);
    e->text = col_text(st, 17, ar, &oom);
    const unsigned char *ph = sqlite3_column_text(st, 18), *h = sqlite3_column_text(st, 19);
    snprintf(e->prev_hash, sizeof e->prev_hash, "%s", ph ? (const char *)ph : "");
    snprintf(e->hash, sizeof e->hash, "%s", h ? (const char *)h : "");
    if ((tabled && !e->tabled_by) || (res && !e->reservations)) oom = 1;
    return oom ? TRUCE_ENOMEM : 0;
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

int ledger_insert_row(truce_store *s, const truce_ledger_entry *e)
{
    sqlite3_stmt *st = NULL;
    arena ar;
    arena_init(&ar, NULL);
    int r = 0;
    int rc = sqlite3_prepare_v2(s->db, "INSERT INTO ledger_entry (" LEDGER_COLUMNS ") VALUES "
                                       "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                                       "?18, ?19, ?20)",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        r = store_fail(s, rc);
        goto out;
    }
    char date[11] = "";
    if (e->date != TRUCE_DATE_NONE) truce_date_format(e->date, date);
    char *tabled = ledger_join(&ar, e->tabled_by, e->ntabled_by);
    char *res = ledger_join(&ar, e->reservations, e->nreservations);
    if (!tabled || !res) {
        r = TRUCE_ENOMEM;
        goto out;
    }
    sqlite3_bind_int64(st, 1, e->seq);
    bind_text(st, 2, truce_entry_kind_name(e->kind));
    bind_text(st, 3, date);
    bind_text(st, 4, e->source);
    bind_text(st, 5, e->url);
    bind_text(st, 6, e->note);
    bind_text(st, 7, e->version);
    bind_text(st, 8, e->party);
    bind_text(st, 9, e->agreement_id);
    bind_text(st, 10, tabled);
    bind_text(st, 11, e->place);
    bind_text(st, 12, e->parent);
    bind_text(st, 13, e->file_name);
    if (e->file_data) sqlite3_bind_blob64(st, 14, e->file_data, e->file_len, SQLITE_STATIC);
    else sqlite3_bind_null(st, 14);
    bind_text(st, 15, truce_response_name(e->response));
    bind_text(st, 16, res);
    bind_text(st, 17, e->counter);
    bind_text(st, 18, e->text);
    bind_text(st, 19, e->prev_hash);
    bind_text(st, 20, e->hash);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) r = store_fail(s, rc);
out:
    sqlite3_finalize(st);
    arena_release(&ar);
    return r;
}

int ledger_set_head(truce_store *s, long long count, const char *hash)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO ledger_head (id, count, hash) VALUES (1, ?1, ?2)", -1,
                                &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, count);
        bind_text(st, 2, hash);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_fail(s, rc);
}

int ledger_last(truce_store *s, long long *seq, char hash[TRUCE_HASH_HEX])
{
    return ledger_number_hash(s, "SELECT seq, hash FROM ledger_entry ORDER BY seq DESC LIMIT 1", seq, hash);
}

int ledger_number_hash(truce_store *s, const char *sql, long long *n, char hash[TRUCE_HASH_HEX])
{
    sqlite3_stmt *st = NULL;
    *n = 0;
    memcpy(hash, LEDGER_ZERO_HASH, TRUCE_HASH_HEX);
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *n = sqlite3_column_int64(st, 0);
            const unsigned char *h = sqlite3_column_text(st, 1);
            snprintf(hash, TRUCE_HASH_HEX, "%s", h ? (const char *)h : "");
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_fail(s, rc);
}

int ledger_load_all(truce_store *s, arena *ar, truce_ledger_entry **out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    vec v = {0};
    int r = 0;
    int rc = sqlite3_prepare_v2(s->db, "SELECT " LEDGER_COLUMNS " FROM ledger_entry ORDER BY seq", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        r = store_fail(s, rc);
        goto out;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        truce_ledger_entry *e = vec_push(ar, &v, sizeof *e);
        if (!e || ledger_read_row(st, ar, e) != 0) {
            r = TRUCE_ENOMEM;
            goto out;
        }
    }
    if (rc != SQLITE_DONE) r = store_fail(s, rc);
out:
    sqlite3_finalize(st);
    *out = v.items;
    *n = v.n;
    return r;
}

/* ---- what a version declares ---- */

static const char *scalar(const tree *t)
{
    return t && t->kind == TREE_SCALAR ? t->str : NULL;
}

int ledger_version_read(arena *ar, const char *name, const char *data, size_t len, diag_sink *sink,
                        ledger_version *out)
{
    memset(out, 0, sizeof *out);
    source *src = arena_alloc(ar, sizeof *src);
    if (!src) return TRUCE_ENOMEM;
    src->name = name;
    src->text = data;
    src->len = len;
    int err = 0;
    tree *root = tree_parse(ar, src, sink, &err);
    if (!root) return err ? err : TRUCE_ESYNTAX;
    if (root->kind != TREE_MAP) return TRUCE_ESYNTAX;
    out->agreement_id = scalar(tree_get(root, "id"));
    tree *parties = tree_get(root, "parties");
    if (parties && parties->kind == TREE_SEQ && parties->n) {
        if (!(out->parties = arena_alloc(ar, parties->n * sizeof *out->parties))) return TRUCE_ENOMEM;
        for (size_t i = 0; i < parties->n; i++) {
            const char *id = scalar(tree_get(parties->items[i], "id"));
            if (!id) continue;
            const char *role = scalar(tree_get(parties->items[i], "role"));
            out->parties[out->nparties].id = id;
            out->parties[out->nparties++].role = role ? role : "party";
        }
    }
    tree *obs = tree_get(root, "obligations");
    if (obs && obs->kind == TREE_SEQ && obs->n) {
        if (!(out->obligations = arena_alloc(ar, obs->n * sizeof *out->obligations))) return TRUCE_ENOMEM;
        for (size_t i = 0; i < obs->n; i++) {
            const char *id = scalar(tree_get(obs->items[i], "id"));
            if (id) out->obligations[out->nobligations++] = id;
        }
    }
    return 0;
}

/* ---- diagnostics about entries ---- */

int entry_loc_col(const entry_loc *L, const char *key)
{
    if (!L->text || !key) return 1;
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl + 2 <= L->len; i++) {
        if (L->text[i] != '"' || memcmp(L->text + i + 1, key, kl) != 0 || L->text[i + kl + 1] != '"') continue;
        size_t j = i + kl + 2;
        while (j < L->len && (L->text[j] == ' ' || L->text[j] == '\t')) j++;
        if (j >= L->len || L->text[j] != ':') continue;
        j++;
        while (j < L->len && (L->text[j] == ' ' || L->text[j] == '\t')) j++;
        return (int)j + 1;
    }
    return 1;
}

void entry_error(const entry_loc *L, const char *key, const char *hint, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (L->src && L->len <= 400) {
        pos at = {L->src, L->line, entry_loc_col(L, key)};
        diag_report(L->sink, TRUCE_ERROR, at, hint, "%s", msg);
    } else if (L->src) { /* a long line (a proposal's file inline): the position, without quoting it */
        L->sink->errors++;
        if (!L->sink->fn) return;
        truce_diag d = {TRUCE_ERROR, L->src->name, L->line, entry_loc_col(L, key), msg, hint, NULL};
        L->sink->fn(&d, L->sink->user);
    } else {
        L->sink->errors++; /* counted here, delivered with the origin as the file */
        if (!L->sink->fn) return;
        truce_diag d = {TRUCE_ERROR, L->origin ? L->origin : "<ledger>", 0, 0, msg, hint, NULL};
        L->sink->fn(&d, L->sink->user);
    }
}

/* The candidate closest to id ("did you mean"), or NULL. */
static const char *closest(const char *id, const char *const *cands, size_t n, size_t stride)
{
    const char *best = NULL;
    size_t idl = strlen(id);
    int cap = idl <= 4 ? 1 : idl <= 8 ? 2 : 3, bestd = cap + 1;
    for (size_t i = 0; i < n; i++) {
        const char *c = *(const char *const *)((const char *)cands + i * stride);
        int d = str_distance(id, c, cap);
        if (d <= cap && d < bestd) best = c, bestd = d;
    }
    return best;
}

static void unknown(const entry_loc *L, const char *key, const char *what, const char *id, const char *where,
                    const char *const *cands, size_t n, size_t stride)
{
    const char *m = closest(id, cands, n, stride);
    char hint[256];
    if (m) snprintf(hint, sizeof hint, "did you mean %s '%s'?", what, m);
    entry_error(L, key, m ? hint : NULL, "unknown %s '%s' in %s", what, id, where);
}

/* The proposal tabling version v, read from the store, or 0 when there is none. */
static int find_version(truce_store *s, arena *ar, const char *v, truce_ledger_entry *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT " LEDGER_COLUMNS " FROM ledger_entry WHERE kind = 'proposal' AND version = ?1 "
                                "ORDER BY seq LIMIT 1",
                                -1, &st, NULL);
    int r = 0;
    if (rc != SQLITE_OK) return store_fail(s, rc);
    sqlite3_bind_text(st, 1, v, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) r = ledger_read_row(st, ar, out) ? TRUCE_ENOMEM : 1;
    else if (rc != SQLITE_DONE) r = store_fail(s, rc);
    sqlite3_finalize(st);
    return r;
}

/* Every version label tabled so far, for "did you mean". */
static int all_versions(truce_store *s, arena *ar, const char ***out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    vec v = {0};
    int r = 0;
    int rc = sqlite3_prepare_v2(s->db, "SELECT version FROM ledger_entry WHERE kind = 'proposal' ORDER BY seq", -1,
                                &st, NULL);
    if (rc != SQLITE_OK) return store_fail(s, rc);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char **slot = vec_push(ar, &v, sizeof *slot);
        if (!slot || !(*slot = arena_strdup(ar, (const char *)sqlite3_column_text(st, 0)))) {
            r = TRUCE_ENOMEM;
            break;
        }
    }
    if (!r && rc != SQLITE_DONE) r = store_fail(s, rc);
    sqlite3_finalize(st);
    *out = v.items;
    *n = v.n;
    return r;
}

/* Looks up a version for key; reports it when unknown. 1 found, 0 reported, <0 error. */
static int need_version(truce_store *s, arena *ar, const entry_loc *L, const char *key, const char *v,
                        truce_ledger_entry *prop, ledger_version *info)
{
    int r = find_version(s, ar, v, prop);
    if (r < 0) return r;
    if (r == 0) {
        const char **names;
        size_t n;
        if ((r = all_versions(s, ar, &names, &n))) return r;
        if (n == 0) entry_error(L, key, "table it first: truce ledger add proposal --file FILE --version V ...",
                                "unknown version '%s': no version has been tabled yet", v);
        else {
            const char *m = closest(v, names, n, sizeof *names);
            char hint[256];
            if (m) snprintf(hint, sizeof hint, "did you mean version '%s'?", m);
            entry_error(L, key, m ? hint : NULL, "unknown version '%s': no such version was tabled", v);
        }
        return 0;
    }
    if (!info) return 1;
    diag_sink quiet = {0};
    r = ledger_version_read(ar, prop->file_name ? prop->file_name : v, prop->file_data ? prop->file_data : "",
                            prop->file_len, &quiet, info);
    if (r == TRUCE_ENOMEM) return r;
    return 1; /* a stored file that no longer parses declares nothing: every id is then unknown */
}

/* The parties' ids for closest() (stride: one ledger_party). */
static const char *const *party_ids(const ledger_version *info)
{
    return info->parties ? &info->parties[0].id : NULL;
}

static const char *party_role(const ledger_version *info, const char *id)
{
    for (size_t i = 0; i < info->nparties; i++)
        if (!strcmp(info->parties[i].id, id)) return info->parties[i].role;
    return NULL;
}

static int has_obligation(const ledger_version *info, const char *id)
{
    for (size_t i = 0; i < info->nobligations; i++)
        if (!strcmp(info->obligations[i], id)) return 1;
    return 0;
}

static int blank(const char *s)
{
    if (!s) return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
    return 1;
}

/* An id or label: non-empty, no spaces, commas or control characters. */
static int label_ok(const char *s)
{
    if (!s || !*s) return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == ',' || *s == 0x7f) return 0;
    return 1;
}

/* Reads a whole file into ar. */
static int read_file(arena *ar, const char *path, const char **data, size_t *len)
{
    char *buf;
    int r = file_read_all(ar, path, (size_t)1 << 28, &buf, len);
    if (r == 0) *data = buf;
    return r;
}

static int check_proposal(truce_store *s, arena *ar, truce_ledger_entry *e, const entry_loc *L)
{
    int before = L->sink->errors;
    if (!e->version) entry_error(L, "version", NULL, "a proposal needs a version label (--version)");
    else if (!label_ok(e->version))
        entry_error(L, "version", NULL, "version label '%s' has spaces, commas or control characters", e->version);
    else {
        truce_ledger_entry prev;
        int r = find_version(s, ar, e->version, &prev);
        if (r < 0) return r;
        if (r == 1) {
            char hint[128];
            snprintf(hint, sizeof hint, "a new version needs a new label (its parent is '%s')", e->version);
            entry_error(L, "version", hint, "version '%s' was already tabled as #%lld", e->version, prev.seq);
        }
    }
    if (e->parent) {
        truce_ledger_entry prop;
        int r = need_version(s, ar, L, "parent", e->parent, &prop, NULL);
        if (r < 0) return r;
    }
    if (!e->file_data && e->file_path) {
        int r = read_file(ar, e->file_path, &e->file_data, &e->file_len);
        if (r == TRUCE_ENOMEM) return r;
        if (r) {
            entry_error(L, "file", NULL, "cannot read the proposal's file '%s'", e->file_path);
            return L->sink->errors - before;
        }
        if (!e->file_name) {
            const char *slash = strrchr(e->file_path, '/');
            e->file_name = slash ? slash + 1 : e->file_path;
        }
    }
    if (!e->file_data) {
        entry_error(L, "file", NULL, "a proposal needs the agreement file it tables (--file)");
        return L->sink->errors - before;
    }
    if (!e->file_name) e->file_name = "agreement.yaml";
    ledger_version info;
    int r = ledger_version_read(ar, e->file_path ? e->file_path : e->file_name, e->file_data, e->file_len, L->sink,
                                &info);
    if (r == TRUCE_ENOMEM) return r;
    if (r) {
        entry_error(L, "file", NULL, "the proposal's file '%s' is not a YAML agreement", e->file_name);
        return L->sink->errors - before;
    }
    if (!info.agreement_id) entry_error(L, "file", NULL, "the proposal's file '%s' has no 'id'", e->file_name);
    else if (e->agreement_id && strcmp(e->agreement_id, info.agreement_id))
        entry_error(L, "agreement", NULL, "the entry names agreement '%s' but its file's id is '%s'",
                    e->agreement_id, info.agreement_id);
    e->agreement_id = info.agreement_id;
    if (e->ntabled_by == 0) entry_error(L, "tabled_by", NULL, "a proposal needs who tabled it (--by ID[,ID...])");
    for (size_t i = 0; i < e->ntabled_by; i++)
        if (!party_role(&info, e->tabled_by[i]))
            unknown(L, "tabled_by", "party", e->tabled_by[i], "the proposal's file", party_ids(&info), info.nparties,
                    sizeof *info.parties);
    return L->sink->errors - before;
}

static int check_response(truce_store *s, arena *ar, truce_ledger_entry *e, const entry_loc *L)
{
    int before = L->sink->errors;
    if (e->response == TRUCE_RESPONSE_NONE)
        entry_error(L, "response", "one of --accept, --reject, --counter V, --no-response-yet",
                    "a response needs its answer: accept, accept-with-reservations, reject, counter or no-response-yet");
    if (e->nreservations && e->response == TRUCE_RESPONSE_ACCEPT) e->response = TRUCE_RESPONSE_ACCEPT_WITH_RESERVATIONS;
    if (e->response == TRUCE_RESPONSE_ACCEPT_WITH_RESERVATIONS && e->nreservations == 0)
        entry_error(L, "reservations", NULL, "an acceptance with reservations needs the clause ids reserved");
    if (e->nreservations && e->response != TRUCE_RESPONSE_ACCEPT_WITH_RESERVATIONS)
        entry_error(L, "reservations", NULL, "reservations go with an acceptance, not with '%s'",
                    truce_response_name(e->response));
    if (e->response == TRUCE_RESPONSE_COUNTER && !e->counter)
        entry_error(L, "counter", "table the counter-proposal first, then name it with --counter V",
                    "a counter response needs the version put forward");
    if (e->counter && e->response != TRUCE_RESPONSE_COUNTER)
        entry_error(L, "counter", NULL, "a counter version goes with a counter response, not with '%s'",
                    truce_response_name(e->response));
    if (!e->party) entry_error(L, "party", NULL, "a response needs the party answering (--party)");
    if (!e->version) entry_error(L, "to", NULL, "a response needs the version it answers (--to)");
    if (!e->version) return L->sink->errors - before;
    truce_ledger_entry prop;
    ledger_version info;
    int r = need_version(s, ar, L, "to", e->version, &prop, &info);
    if (r <= 0) return r < 0 ? r : L->sink->errors - before;
    char where[160];
    snprintf(where, sizeof where, "version '%s'", e->version);
    if (e->party && !party_role(&info, e->party))
        unknown(L, "party", "party", e->party, where, party_ids(&info), info.nparties, sizeof *info.parties);
    for (size_t i = 0; i < e->nreservations; i++)
        if (!has_obligation(&info, e->reservations[i]))
            unknown(L, "reservations", "clause", e->reservations[i], where, info.obligations,
                    info.nobligations, sizeof *info.obligations);
    if (e->counter) {
        if (!strcmp(e->counter, e->version))
            entry_error(L, "counter", NULL, "a counter names another version than the one answered ('%s')", e->counter);
        else if ((r = need_version(s, ar, L, "counter", e->counter, &prop, NULL)) < 0)
            return r;
    }
    return L->sink->errors - before;
}

static int check_statement(truce_store *s, arena *ar, truce_ledger_entry *e, const entry_loc *L)
{
    int before = L->sink->errors;
    if (!e->party) entry_error(L, "party", NULL, "a statement needs who made it (--party)");
    if (blank(e->text)) entry_error(L, "text", NULL, "a statement needs its text, paraphrased (--text)");
    if (e->version) {
        truce_ledger_entry prop;
        ledger_version info;
        int r = need_version(s, ar, L, "version", e->version, &prop, &info);
        if (r < 0) return r;
        char where[160];
        snprintf(where, sizeof where, "version '%s'", e->version);
        if (r == 1 && e->party && !party_role(&info, e->party))
            unknown(L, "party", "party", e->party, where, party_ids(&info), info.nparties,
                    sizeof *info.parties);
        return L->sink->errors - before;
    }
    if (!e->party) return L->sink->errors - before;
    /* no version named: the party must be declared by some version tabled so far */
    const char **names;
    size_t n;
    int r = all_versions(s, ar, &names, &n);
    if (r) return r;
    vec known = {0};
    for (size_t i = 0; i < n; i++) {
        truce_ledger_entry prop;
        ledger_version info;
        if ((r = need_version(s, ar, L, "version", names[i], &prop, &info)) < 0) return r;
        for (size_t j = 0; j < info.nparties; j++) {
            if (!strcmp(info.parties[j].id, e->party)) return L->sink->errors - before;
            const char **slot = vec_push(ar, &known, sizeof *slot);
            if (!slot) return TRUCE_ENOMEM;
            *slot = info.parties[j].id;
        }
    }
    if (n) unknown(L, "party", "party", e->party, "any version tabled", known.items, known.n, sizeof(const char *));
    return L->sink->errors - before;
}

int ledger_check_entry(truce_store *s, arena *ar, truce_ledger_entry *e, const entry_loc *L)
{
    int before = L->sink->errors;
    if ((unsigned)e->kind > TRUCE_ENTRY_STATEMENT) {
        entry_error(L, "kind", NULL, "unknown kind of entry (proposal, response or statement)");
        return 1;
    }
    if (e->date == TRUCE_DATE_NONE) entry_error(L, "date", NULL, "every entry needs its date (--date YYYY-MM-DD)");
    if (e->kind != TRUCE_ENTRY_PROPOSAL && blank(e->source))
        entry_error(L, "source", "cite where it was reported: a source id, a citation or a URL (--source, --url)",
                    "a %s needs its source", truce_entry_kind_name(e->kind));
    if (e->kind != TRUCE_ENTRY_RESPONSE && e->response != TRUCE_RESPONSE_NONE)
        entry_error(L, "response", NULL, "only a response has an answer");
    if (e->kind == TRUCE_ENTRY_PROPOSAL && e->party)
        entry_error(L, "party", "a proposal names who tabled it (--by)", "a proposal has no 'party'");
    if (e->kind != TRUCE_ENTRY_PROPOSAL &&
        (e->ntabled_by || e->place || e->parent || e->file_data || e->file_path))
        entry_error(L, e->ntabled_by ? "tabled_by" : e->place ? "place" : e->parent ? "parent" : "file", NULL,
                    "tabled_by, place, parent and file belong to a proposal, not a %s", truce_entry_kind_name(e->kind));
    if (e->kind != TRUCE_ENTRY_STATEMENT && e->text)
        entry_error(L, "text", "a response or a proposal has a note (--note)", "only a statement has a text");
    const char *ids[] = {e->party, e->parent, e->counter, e->kind == TRUCE_ENTRY_PROPOSAL ? NULL : e->version};
    const char *keys[] = {"party", "parent", "counter", e->kind == TRUCE_ENTRY_RESPONSE ? "to" : "version"};
    for (size_t i = 0; i < 4; i++)
        if (ids[i] && !label_ok(ids[i]))
            entry_error(L, keys[i], NULL, "'%s' is not an id: it has spaces, commas or control characters", ids[i]);
    for (size_t i = 0; i < e->ntabled_by; i++)
        if (!label_ok(e->tabled_by[i])) entry_error(L, "tabled_by", NULL, "'%s' is not an id", e->tabled_by[i]);
    for (size_t i = 0; i < e->nreservations; i++)
        if (!label_ok(e->reservations[i])) entry_error(L, "reservations", NULL, "'%s' is not an id", e->reservations[i]);
    int r = e->kind == TRUCE_ENTRY_PROPOSAL ? check_proposal(s, ar, e, L)
            : e->kind == TRUCE_ENTRY_RESPONSE ? check_response(s, ar, e, L)
                                              : check_statement(s, ar, e, L);
    return r < 0 ? r : L->sink->errors - before;
}

int ledger_append(truce_store *s, truce_ledger_entry *e)
{
    long long last;
    int r = ledger_last(s, &last, e->prev_hash);
    if (r) return r;
    e->seq = last + 1;
    if ((r = ledger_hash(e, e->hash)) || (r = ledger_insert_row(s, e))) return r;
    return ledger_set_head(s, e->seq, e->hash);
}

/* ---- the public calls ---- */

int truce_ledger_add(truce_store *store, const truce_ledger_entry *entry, const truce_ledger_options *opt,
                     long long *seq)
{
    if (!store || !entry) return TRUCE_EARG;
    arena ar;
    arena_init(&ar, NULL);
    diag_sink sink = {opt ? opt->on_diag : NULL, opt ? opt->user : NULL, 0, 0};
    entry_loc L = {&sink, opt && opt->origin ? opt->origin : "<ledger>", NULL, 0, NULL, 0};
    truce_ledger_entry e = *entry;
    e.agreement_id = NULL;
    int r = store_begin(store);
    if (r) goto out;
    int errors = ledger_check_entry(store, &ar, &e, &L);
    if (errors < 0) r = errors;
    else if (errors > 0) r = TRUCE_EINVALID;
    else r = ledger_append(store, &e);
    if (r == 0) r = store_commit(store);
    if (r) store_rollback(store);
    else if (seq) *seq = e.seq;
out:
    arena_release(&ar);
    return r;
}

int truce_ledger_list(truce_store *store, truce_ledger_order order, truce_ledger_entry_fn fn, void *user)
{
    if (!store || !fn) return TRUCE_EARG;
    sqlite3_stmt *st = NULL;
    arena ar;
    arena_init(&ar, NULL);
    int r = 0;
    int rc = sqlite3_prepare_v2(store->db,
                                order == TRUCE_LEDGER_BY_DATE
                                    ? "SELECT " LEDGER_COLUMNS " FROM ledger_entry ORDER BY date, seq"
                                    : "SELECT " LEDGER_COLUMNS " FROM ledger_entry ORDER BY seq",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        r = store_fail(store, rc);
        goto out;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        truce_ledger_entry e;
        if (ledger_read_row(st, &ar, &e)) {
            r = TRUCE_ENOMEM;
            goto out;
        }
        r = fn(&e, user);
        arena_release(&ar);
        if (r) goto out;
    }
    if (rc != SQLITE_DONE) r = store_fail(store, rc);
out:
    sqlite3_finalize(st);
    arena_release(&ar);
    return r;
}
