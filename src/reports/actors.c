/* actors.c: from the actor names in reports ("Military Forces of Israel (2022-)") to agreement
 * parties, through each party's id, name and aliases: case-insensitive (ASCII), whitespace
 * collapsed, exact first, then the longest alias that is a whole-word prefix. Names are looked up
 * once and cached with a count, which gives the listing of names that matched nothing. An alias
 * two parties share matches neither: truce does not guess whose forces a report means. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reports/reports.h"

#define AMBIGUOUS (-2)
#define NONE (-1)

typedef struct slot {
    const char *key; /* normalised; NULL: empty slot */
    size_t len;
    uint64_t hash;
    int party;        /* index, NONE or AMBIGUOUS */
    long count;       /* cache: times asked */
    const char *name; /* cache: as first seen */
} slot;

typedef struct table {
    slot *s;
    size_t cap, n;
} table;

struct actor_matcher {
    arena *ar;
    const party *parties;
    size_t nparties;
    table aliases, seen;
    actor_name_count *listing;
};

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static slot *find(const table *t, const char *k, size_t len, uint64_t h)
{
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        slot *s = &t->s[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, k, len) == 0)) return s;
    }
}

/* The slot for k (key set, the rest zero when new); NULL when out of memory. */
static slot *insert(arena *ar, table *t, const char *k, size_t len, uint64_t h, int *fresh)
{
    if (2 * (t->n + 1) > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        slot *ns = arena_alloc(ar, cap * sizeof *ns);
        if (!ns) return NULL;
        table nt = {ns, cap, t->n};
        for (size_t i = 0; i < t->cap; i++)
            if (t->s[i].key) *find(&nt, t->s[i].key, t->s[i].len, t->s[i].hash) = t->s[i];
        *t = nt;
    }
    slot *s = find(t, k, len, h);
    *fresh = !s->key;
    if (!s->key) {
        char *key = arena_strndup(ar, k, len);
        if (!key) return NULL;
        s->key = key;
        s->len = len;
        s->hash = h;
        s->party = NONE;
        t->n++;
    }
    return s;
}

static int is_space(unsigned char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }
static int is_word(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80; /* after lowering */
}

/* Lower-cases ASCII and collapses runs of white space (and UTF-8 no-break spaces) to one space,
 * trimmed, into out (at least strlen(s) + 1 bytes). Returns the length. */
static size_t normalise(const char *s, char *out)
{
    size_t n = 0;
    int space = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int sp = is_space(*p) || (p[0] == 0xC2 && p[1] == 0xA0);
        if (sp) {
            if (p[0] == 0xC2) p++;
            space = n > 0;
            continue;
        }
        if (space) out[n++] = ' ';
        space = 0;
        out[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    }
    out[n] = '\0';
    return n;
}

static int add_alias(actor_matcher *m, const char *text, int party_index)
{
    if (!text) return 0;
    char *buf = arena_alloc(m->ar, strlen(text) + 1);
    if (!buf) return TRUCE_ENOMEM;
    size_t len = normalise(text, buf);
    if (!len) return 0;
    int fresh;
    slot *s = insert(m->ar, &m->aliases, buf, len, hash_bytes(buf, len), &fresh);
    if (!s) return TRUCE_ENOMEM;
    if (fresh) s->party = party_index;
    else if (s->party != party_index) s->party = AMBIGUOUS;
    return 0;
}

actor_matcher *actors_new(arena *ar, const party *parties, size_t nparties)
{
    actor_matcher *m = arena_alloc(ar, sizeof *m);
    if (!m) return NULL;
    m->ar = ar;
    m->parties = parties;
    m->nparties = nparties;
    for (size_t i = 0; i < nparties; i++) {
        const party *p = &parties[i];
        int idx = (int)i;
        if (add_alias(m, p->id, idx) || add_alias(m, p->name, idx)) return NULL;
        for (size_t k = 0; k < p->naliases; k++)
            if (add_alias(m, p->aliases[k], idx)) return NULL;
    }
    if (!m->aliases.cap) { /* an empty table still needs slots to look in */
        m->aliases.s = arena_alloc(ar, 2 * sizeof(slot));
        if (!m->aliases.s) return NULL;
        m->aliases.cap = 2;
    }
    return m;
}

/* The party index for a normalised name: exact, then the longest whole-word prefix. */
static int resolve(const actor_matcher *m, const char *k, size_t len)
{
    const slot *s = find(&m->aliases, k, len, hash_bytes(k, len));
    if (s->key) return s->party;
    for (size_t i = len - 1; i > 0; i--) {
        if (is_word((unsigned char)k[i]) || !is_word((unsigned char)k[i - 1])) continue;
        s = find(&m->aliases, k, i, hash_bytes(k, i));
        if (s->key) return s->party;
    }
    return NONE;
}

const party *actors_match(actor_matcher *m, const char *name, int *err)
{
    if (err) *err = 0;
    if (!name) return NULL;
    char small[256];
    size_t raw = strlen(name);
    char *buf = raw < sizeof small ? small : arena_alloc(m->ar, raw + 1);
    if (!buf) {
        if (err) *err = TRUCE_ENOMEM;
        return NULL;
    }
    size_t len = normalise(name, buf);
    if (!len) return NULL;
    uint64_t h = hash_bytes(buf, len);
    int fresh;
    slot *s = insert(m->ar, &m->seen, buf, len, h, &fresh);
    if (!s) {
        if (err) *err = TRUCE_ENOMEM;
        return NULL;
    }
    if (fresh) {
        s->party = resolve(m, buf, len);
        s->name = arena_strdup(m->ar, name);
        if (!s->name) {
            if (err) *err = TRUCE_ENOMEM;
            s->name = s->key;
        }
    }
    s->count++;
    return s->party >= 0 ? &m->parties[s->party] : NULL;
}

static int by_count(const void *a, const void *b)
{
    const actor_name_count *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->name, y->name);
}

size_t actors_unmatched(actor_matcher *m, const actor_name_count **out)
{
    size_t n = 0;
    for (size_t i = 0; i < m->seen.cap; i++) n += m->seen.s[i].key && m->seen.s[i].party < 0;
    actor_name_count *list = arena_alloc(m->ar, (n ? n : 1) * sizeof *list);
    *out = list;
    if (!list) return 0;
    size_t k = 0;
    for (size_t i = 0; i < m->seen.cap; i++) {
        const slot *s = &m->seen.s[i];
        if (!s->key || s->party >= 0) continue;
        actor_name_count c = {s->name, s->count, s->party == AMBIGUOUS};
        list[k++] = c;
    }
    qsort(list, n, sizeof *list, by_count);
    return n;
}
