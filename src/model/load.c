/* load.c: reads an agreement's YAML tree into the model, reporting every misspelt key, wrong
 * type and missing field with its position. It checks form only; what the ids refer to and
 * whether the terms make sense is check.c's job. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "util/date.h"

const char *const role_names[] = {"party", "mediator", "guarantor", "monitor", "observer"};
const char *const zone_how_names[] = {"feature", "buffer", "union", "intersection", "difference", "unmapped"};
const char *const kind_names[] = {"cease-hostilities", "withdraw",      "stay-out",     "deploy",
                                  "release",           "allow-passage", "deliver",      "open-crossing",
                                  "limit",             "negotiate",     "notify",       "reconstruct"};
const char *const kind_titles[] = {"Cease hostilities", "Withdraw",        "Stay out",       "Deploy",
                                   "Release",           "Allow passage",   "Deliver",        "Open crossing",
                                   "Limit activity",    "Start negotiations", "Notify", "Reconstruct"};

typedef struct loader {
    truce_agreement *a;
    int oom;
} loader;

#define ERR(L, node, ...) diag_error(&(L)->a->sink, (node)->at, __VA_ARGS__)

/* Reports keys of map that are not in allowed[], suggesting the nearest allowed key. */
static void check_keys(loader *L, const tree *map, const char *const *allowed, const char *what)
{
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->str;
        const char *best = NULL;
        int best_d = 3, found = 0;
        for (const char *const *p = allowed; *p; p++) {
            if (!strcmp(*p, k)) {
                found = 1;
                break;
            }
            int d = str_distance(k, *p, 2);
            if (d < best_d) best_d = d, best = *p;
        }
        if (found) continue;
        /* words drafters reach for, mapped to the key truce uses */
        static const char *const synonyms[][2] = {{"deadline", "by"},  {"start_day", "from"}, {"end", "until"},
                                                  {"parties", "party"}, {"zones", "zone"},     {"type", "kind"},
                                                  {"duration", "days"}, {"length", "days"},    {"after", "starts"},
                                                  {"sources", "source"}, {"tag", "tags"},      {"alias", "aliases"}};
        for (size_t s = 0; s < sizeof synonyms / sizeof *synonyms && !best; s++)
            if (!strcmp(k, synonyms[s][0]))
                for (const char *const *p = allowed; *p; p++)
                    if (!strcmp(*p, synonyms[s][1])) best = *p;
        char hint[256];
        if (best) {
            snprintf(hint, sizeof hint, "did you mean '%s'?", best);
        } else {
            size_t o = (size_t)snprintf(hint, sizeof hint, "%s takes:", what);
            for (const char *const *p = allowed; *p && o < sizeof hint - 40; p++)
                o += (size_t)snprintf(hint + o, sizeof hint - o, " %s", *p);
        }
        diag_report(&L->a->sink, TRUCE_ERROR, map->keys[i]->at, hint, "unknown key '%s' in %s", k, what);
    }
}

static int is_map(loader *L, const tree *node, const char *what)
{
    if (node->kind == TREE_MAP) return 1;
    ERR(L, node, "%s must be a mapping of keys and values, got %s", what, tree_kind_name(node));
    return 0;
}

/* Text value of key, or NULL when absent; reports a non-text value. */
static const char *text(loader *L, const tree *map, const char *key, int required, const char *what)
{
    tree *v = tree_get(map, key);
    if (!v || tree_is_null(v)) {
        if (required) ERR(L, map, "%s has no '%s'", what, key);
        return NULL;
    }
    if (v->kind != TREE_SCALAR) {
        ERR(L, v, "'%s' must be a text, got %s", key, tree_kind_name(v));
        return NULL;
    }
    /* folded and literal blocks ('>' and '|') end with a line break the reader does not want */
    size_t n = strlen(v->str);
    if (n && (v->str[n - 1] == '\n' || v->str[n - 1] == ' ')) {
        while (n && (v->str[n - 1] == '\n' || v->str[n - 1] == ' ')) n--;
        char *t = arena_strndup(&L->a->ar, v->str, n);
        if (!t) L->oom = 1;
        return t;
    }
    return v->str;
}

static int valid_id(const char *s)
{
    if (!*s || !isalnum((unsigned char)*s)) return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

static const char *id_of(loader *L, const tree *map, const char *what)
{
    tree *v = tree_get(map, "id");
    const char *id = text(L, map, "id", 1, what);
    if (id && !valid_id(id)) {
        diag_report(&L->a->sink, TRUCE_ERROR, v->at,
                    "ids are lower-case words joined by '-', like 'phase-1' or 'withdraw-netzarim'",
                    "'%s' is not a valid id", id);
        return NULL;
    }
    return id;
}

/* A text or a list of texts, as an array in the arena. at (optional) gets each one's position. */
static const char **text_list(loader *L, const tree *v, const char *key, size_t *n, pos **at)
{
    *n = 0;
    if (at) *at = NULL;
    if (!v || tree_is_null(v)) return NULL;
    size_t count = v->kind == TREE_SEQ ? v->n : 1;
    if (v->kind == TREE_MAP) {
        ERR(L, v, "'%s' must be a text or a list of texts, got a mapping", key);
        return NULL;
    }
    const char **out = arena_alloc(&L->a->ar, sizeof *out * (count ? count : 1));
    pos *ats = arena_alloc(&L->a->ar, sizeof *ats * (count ? count : 1));
    if (!out || !ats) {
        L->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        const tree *item = v->kind == TREE_SEQ ? v->items[i] : v;
        if (item->kind != TREE_SCALAR || tree_is_null(item)) {
            ERR(L, item, "each item of '%s' must be a text, got %s", key, tree_kind_name(item));
            continue;
        }
        ats[*n] = item->at;
        out[(*n)++] = item->str;
    }
    if (at) *at = ats;
    return out;
}

static int count_of(loader *L, const tree *v, const char *key, long *out)
{
    if (tree_as_int(v, out) != 0 || *out < 0) {
        ERR(L, v, "'%s' must be a whole number of 0 or more, got '%s'", key,
            v->kind == TREE_SCALAR ? v->str : tree_kind_name(v));
        return -1;
    }
    return 0;
}

static void when_of(loader *L, const tree *map, const char *key, when *out)
{
    tree *v = tree_get(map, key);
    if (!v || tree_is_null(v)) return;
    if (when_parse(L->a, v, out) < 0) L->oom = 1;
}

/* A list of mappings under key; each is handed to fn. */
static void each_item(loader *L, const tree *root, const char *key, const char *what, void *arr, size_t isz,
                      size_t *n, void (*fn)(loader *, const tree *, void *))
{
    tree *list = tree_get(root, key);
    *n = 0;
    if (!list || tree_is_null(list)) return;
    if (list->kind != TREE_SEQ) {
        ERR(L, list, "'%s' must be a list (items starting with '- '), got %s", key, tree_kind_name(list));
        return;
    }
    char **items = arr;
    *items = arena_alloc(&L->a->ar, isz * (list->n ? list->n : 1));
    if (!*items) {
        L->oom = 1;
        return;
    }
    for (size_t i = 0; i < list->n; i++) {
        if (!is_map(L, list->items[i], what)) continue;
        fn(L, list->items[i], *items + isz * (*n)++);
    }
}

static void load_party(loader *L, const tree *m, void *out)
{
    static const char *const keys[] = {"id", "name", "role", "aliases", "note", NULL};
    party *p = out;
    check_keys(L, m, keys, "a party");
    p->at = m->at;
    p->id = id_of(L, m, "a party");
    p->name = text(L, m, "name", 1, "a party");
    p->note = text(L, m, "note", 0, "a party");
    const char *role = text(L, m, "role", 0, "a party");
    p->role = ROLE_PARTY;
    if (role) {
        size_t r;
        for (r = 0; r < sizeof role_names / sizeof *role_names && strcmp(role, role_names[r]); r++) {}
        if (r == sizeof role_names / sizeof *role_names)
            diag_report(&L->a->sink, TRUCE_ERROR, tree_get(m, "role")->at,
                        "a role is one of: party, mediator, guarantor, monitor, observer", "unknown role '%s'", role);
        else
            p->role = (party_role)r;
    }
    p->aliases = text_list(L, tree_get(m, "aliases"), "aliases", &p->naliases, NULL);
}

static void load_zone(loader *L, const tree *m, void *out)
{
    static const char *const keys[] = {"id",    "name",         "note",       "source", "file", "feature",
                                       "buffer", "union",       "intersection", "difference", "unmapped", NULL};
    zone *z = out;
    check_keys(L, m, keys, "a zone");
    z->at = m->at;
    z->id = id_of(L, m, "a zone");
    z->name = text(L, m, "name", 0, "a zone");
    z->note = text(L, m, "note", 0, "a zone");
    z->source = text(L, m, "source", 0, "a zone");
    static const char *const hows[] = {"file", "buffer", "union", "intersection", "difference", "unmapped"};
    static const zone_how how_of[] = {ZONE_FEATURE,      ZONE_BUFFER,     ZONE_UNION,
                                      ZONE_INTERSECTION, ZONE_DIFFERENCE, ZONE_UNMAPPED};
    int found = 0;
    for (size_t i = 0; i < 6; i++) {
        tree *v = tree_get(m, hows[i]);
        if (!v) continue;
        if (found++) {
            ERR(L, v, "a zone is made one way: from a 'file', or a 'buffer', 'union', 'intersection', "
                      "'difference', or 'unmapped'; this one has more than one");
            continue;
        }
        z->how = how_of[i];
    }
    if (!found) {
        diag_report(&L->a->sink, TRUCE_ERROR, m->at,
                    "give 'file' and 'feature' for a shape drawn in GeoJSON, or 'buffer', 'union', "
                    "'intersection' or 'difference' for a derived one, or 'unmapped: why' when no map exists",
                    "zone '%s' has no shape", z->id ? z->id : "?");
        z->state = -1;
        return;
    }
    if (z->how == ZONE_UNMAPPED) {
        z->unmapped = text(L, m, "unmapped", 1, "a zone");
        return;
    }
    if (z->how == ZONE_FEATURE) {
        z->file = text(L, m, "file", 1, "a zone");
        z->feature = text(L, m, "feature", 1, "a zone drawn from a file");
        if (z->file) z->file_at = tree_get(m, "file")->at;
        if (z->feature) z->feature_at = tree_get(m, "feature")->at;
    } else if (tree_get(m, "feature")) {
        ERR(L, tree_get(m, "feature"), "'feature' goes with 'file'");
    }
    if (z->how == ZONE_BUFFER) {
        tree *b = tree_get(m, "buffer");
        static const char *const bkeys[] = {"of", "distance", NULL};
        if (!is_map(L, b, "'buffer'")) return;
        check_keys(L, b, bkeys, "a buffer");
        const char *of = text(L, b, "of", 1, "a buffer");
        tree *d = tree_get(b, "distance");
        if (!d) {
            ERR(L, b, "a buffer has no 'distance' (for example '700 m' or '1.5 km')");
        } else {
            char unit[8] = "";
            double v = 0;
            int used = 0;
            if (d->kind != TREE_SCALAR || sscanf(d->str, "%lf %7s%n", &v, unit, &used) != 2 ||
                (size_t)used != d->len || !(v > 0) || v > 1e6 || (strcmp(unit, "m") && strcmp(unit, "km"))) {
                diag_report(&L->a->sink, TRUCE_ERROR, d->at, "write a positive distance with its unit, like '700 m' or '1.5 km'",
                            "cannot read '%s' as a distance", d->kind == TREE_SCALAR ? d->str : tree_kind_name(d));
            } else {
                z->metres = strcmp(unit, "km") ? v : v * 1000;
            }
        }
        if (of) {
            z->operand_ids = arena_alloc(&L->a->ar, sizeof *z->operand_ids);
            z->operand_at = arena_alloc(&L->a->ar, sizeof *z->operand_at);
            if (!z->operand_ids || !z->operand_at) {
                L->oom = 1;
                return;
            }
            z->operand_ids[0] = of;
            z->operand_at[0] = tree_get(b, "of")->at;
            z->noperands = 1;
        }
    } else if (z->how != ZONE_FEATURE) {
        const char *key = zone_how_names[z->how];
        tree *v = tree_get(m, key);
        z->operand_ids = text_list(L, v, key, &z->noperands, &z->operand_at);
        if (z->noperands < 2)
            ERR(L, v, "'%s' needs a list of at least two zone ids, like [zone-a, zone-b]", key);
    }
}

static void load_source(loader *L, const tree *m, void *out)
{
    static const char *const keys[] = {"id", "title", "publisher", "date", "url", "note", NULL};
    source_ref *s = out;
    check_keys(L, m, keys, "a source");
    s->at = m->at;
    s->id = id_of(L, m, "a source");
    s->title = text(L, m, "title", 1, "a source");
    s->publisher = text(L, m, "publisher", 0, "a source");
    s->url = text(L, m, "url", 0, "a source");
    s->note = text(L, m, "note", 0, "a source");
    s->date = TRUCE_DATE_NONE;
    const char *d = text(L, m, "date", 0, "a source");
    if (d && truce_date_parse(d, &s->date) != 0)
        ERR(L, tree_get(m, "date"), "'%s' is not a date; write YYYY-MM-DD", d);
}

static void load_milestone(loader *L, const tree *m, void *out)
{
    static const char *const keys[] = {"id", "title", "text", "source", NULL};
    milestone *ms = out;
    check_keys(L, m, keys, "a milestone");
    ms->at = m->at;
    ms->id = id_of(L, m, "a milestone");
    ms->title = text(L, m, "title", 1, "a milestone");
    ms->text = text(L, m, "text", 0, "a milestone");
    ms->source = text(L, m, "source", 0, "a milestone");
}

static void load_phase(loader *L, const tree *m, void *out)
{
    static const char *const keys[] = {"id", "title", "days", "starts", "requires", "if_not_met", "text", "source", "note", NULL};
    phase *p = out;
    check_keys(L, m, keys, "a phase");
    p->at = m->at;
    p->id = id_of(L, m, "a phase");
    p->title = text(L, m, "title", 1, "a phase");
    p->text = text(L, m, "text", 0, "a phase");
    p->source = text(L, m, "source", 0, "a phase");
    p->note = text(L, m, "note", 0, "a phase");
    p->start_day = p->end_day = DAY_UNKNOWN;
    tree *d = tree_get(m, "days");
    if (!d) {
        ERR(L, m, "phase '%s' has no 'days': give its length in days, or 'open' when it has none",
            p->id ? p->id : "?");
    } else if (d->kind == TREE_SCALAR && !strcmp(d->str, "open")) {
        p->days = 0;
    } else if (tree_as_int(d, &p->days) != 0 || p->days < 1 || p->days > 36500) {
        diag_report(&L->a->sink, TRUCE_ERROR, d->at, "give a number of days, like 42, or 'open'",
                    "cannot read '%s' as a length in days", d->kind == TREE_SCALAR ? d->str : "this");
        p->days = 0;
    }
    tree *s = tree_get(m, "starts");
    if (s && !tree_is_null(s)) {
        p->starts_given = 1;
        const char *w = s->kind == TREE_SCALAR ? s->str : "";
        if (!strcmp(w, "day 1")) {
            p->after_id = NULL;
        } else if (!strncmp(w, "after ", 6) && w[6]) {
            p->after_id = w + 6;
            p->after_at = s->at;
            p->after_at.col += 6 + s->quoted;
        } else {
            diag_report(&L->a->sink, TRUCE_ERROR, s->at, "write 'day 1' (the agreement's first day) or 'after PHASE'",
                        "cannot read '%s' as the start of a phase", w);
        }
    }
    p->requires_ids = text_list(L, tree_get(m, "requires"), "requires", &p->nrequires, &p->requires_at);
    const char *ifnot = text(L, m, "if_not_met", 0, "a phase");
    if (ifnot) {
        if (!strcmp(ifnot, "continue")) p->if_not = IFNOT_CONTINUE;
        else if (!strcmp(ifnot, "lapse")) p->if_not = IFNOT_LAPSE;
        else
            diag_report(&L->a->sink, TRUCE_ERROR, tree_get(m, "if_not_met")->at,
                        "'continue' (the previous phase's terms hold while talks go on) or 'lapse'",
                        "unknown value '%s' for 'if_not_met'", ifnot);
        if (!p->nrequires)
            ERR(L, tree_get(m, "if_not_met"), "'if_not_met' says what happens when 'requires' is not met, "
                                              "but this phase requires nothing");
    }
}

static void load_terms(loader *L, const tree *m, terms *t)
{
    when_of(L, m, "by", &t->by);
    when_of(L, m, "from", &t->from);
    when_of(L, m, "until", &t->until);
    t->zone_id = text(L, m, "zone", 0, "an obligation");
    if (t->zone_id) t->zone_at = tree_get(m, "zone")->at;
    if (t->by.kind && t->until.kind)
        ERR(L, tree_get(m, "until"), "give either 'by' (a deadline) or 'from'/'until' (a window), not both");
}

static void load_schedule_entry(loader *L, const tree *m, sched_entry *e)
{
    static const char *const keys[] = {"count", "on", "every", "from", "until", NULL};
    check_keys(L, m, keys, "a schedule entry");
    e->at = m->at;
    tree *c = tree_get(m, "count");
    if (!c) ERR(L, m, "a schedule entry has no 'count'");
    else count_of(L, c, "count", &e->count);
    when_of(L, m, "on", &e->on);
    when_of(L, m, "from", &e->from);
    when_of(L, m, "until", &e->until);
    tree *every = tree_get(m, "every");
    if (e->on.kind) {
        e->kind = SCHED_ON;
        if (e->from.kind || e->until.kind || every)
            ERR(L, m, "a schedule entry is either 'on' one day, or 'from'/'until' a window; this one has both");
    } else if (e->from.kind && e->until.kind) {
        e->kind = every ? SCHED_EVERY : SCHED_WITHIN;
        if (every) {
            long n = 0;
            char unit[8] = "days";
            int used = 0;
            int ok = every->kind == TREE_SCALAR &&
                     (sscanf(every->str, "%ld %7s%n", &n, unit, &used) == 2 || sscanf(every->str, "%ld%n", &n, &used) == 1) &&
                     (size_t)used == every->len && n >= 1 && (!strcmp(unit, "days") || !strcmp(unit, "day"));
            if (!ok)
                diag_report(&L->a->sink, TRUCE_ERROR, every->at, "write a number of days, like '7 days'",
                            "cannot read '%s' as an interval", every->kind == TREE_SCALAR ? every->str : "this");
            e->every = n > 0 ? n : 1;
        }
    } else {
        diag_report(&L->a->sink, TRUCE_ERROR, m->at,
                    "write 'on: day N', or 'from: day N' and 'until: day M' (with 'every: 7 days' to repeat)",
                    "a schedule entry needs a day ('on') or a window ('from' and 'until')");
    }
}

static void load_quantity(loader *L, const tree *m, quantity *q)
{
    static const char *const keys[] = {"total", "unit", "schedule", "rate", "per", "including", "ratio", "note", NULL};
    check_keys(L, m, keys, "a quantity");
    q->at = m->at;
    tree *t = tree_get(m, "total");
    if (t && !tree_is_null(t) && count_of(L, t, "total", &q->total) == 0) q->has_total = 1;
    q->unit = text(L, m, "unit", 0, "a quantity");
    q->note = text(L, m, "note", 0, "a quantity");
    tree *s = tree_get(m, "schedule");
    if (s && s->kind != TREE_SEQ) {
        ERR(L, s, "'schedule' must be a list of entries, got %s", tree_kind_name(s));
    } else if (s) {
        q->schedule = arena_alloc(&L->a->ar, sizeof *q->schedule * (s->n ? s->n : 1));
        if (!q->schedule) {
            L->oom = 1;
            return;
        }
        for (size_t i = 0; i < s->n; i++)
            if (is_map(L, s->items[i], "a schedule entry")) load_schedule_entry(L, s->items[i], &q->schedule[q->nschedule++]);
    }
    tree *r = tree_get(m, "rate");
    if (r && count_of(L, r, "rate", &q->rate) == 0) {
        q->has_rate = 1;
        q->per = text(L, m, "per", 0, "a quantity");
        if (!q->per) q->per = "day";
        else if (strcmp(q->per, "day") && strcmp(q->per, "week"))
            ERR(L, tree_get(m, "per"), "'per' is 'day' or 'week', got '%s'", q->per);
    } else if (!r && tree_get(m, "per")) {
        ERR(L, tree_get(m, "per"), "'per' goes with 'rate'");
    }
    tree *inc = tree_get(m, "including");
    if (inc && inc->kind != TREE_SEQ) {
        ERR(L, inc, "'including' must be a list like [{count: 50, what: fuel}], got %s", tree_kind_name(inc));
    } else if (inc) {
        q->parts = arena_alloc(&L->a->ar, sizeof *q->parts * (inc->n ? inc->n : 1));
        if (!q->parts) {
            L->oom = 1;
            return;
        }
        for (size_t i = 0; i < inc->n; i++) {
            static const char *const pkeys[] = {"count", "what", NULL};
            tree *pm = inc->items[i];
            if (!is_map(L, pm, "an 'including' item")) continue;
            check_keys(L, pm, pkeys, "an 'including' item");
            quantity_part *part = &q->parts[q->nparts++];
            part->at = pm->at;
            tree *c = tree_get(pm, "count");
            if (!c) ERR(L, pm, "an 'including' item has no 'count'");
            else count_of(L, c, "count", &part->count);
            part->what = text(L, pm, "what", 1, "an 'including' item");
        }
    }
    tree *ra = tree_get(m, "ratio");
    if (ra) {
        static const char *const rkeys[] = {"count", "per", "of", "note", NULL};
        if (!is_map(L, ra, "'ratio'")) return;
        check_keys(L, ra, rkeys, "a ratio");
        q->has_ratio = 1;
        q->ratio_at = ra->at;
        q->ratio_per = 1;
        tree *c = tree_get(ra, "count");
        if (!c) ERR(L, ra, "a ratio has no 'count'");
        else count_of(L, c, "count", &q->ratio);
        tree *per = tree_get(ra, "per");
        if (per && count_of(L, per, "per", &q->ratio_per) == 0 && q->ratio_per == 0)
            ERR(L, per, "a ratio's 'per' must be 1 or more");
        if (q->ratio_per <= 0) q->ratio_per = 1;
        q->ratio_of_id = text(L, ra, "of", 1, "a ratio");
        q->ratio_note = text(L, ra, "note", 0, "a ratio");
    }
}

static void load_option(loader *L, const tree *m, option *o)
{
    static const char *const keys[] = {"id", "label", "text", "source", "held_by", "by", "from", "until", "zone", NULL};
    check_keys(L, m, keys, "an option");
    o->at = m->at;
    o->id = id_of(L, m, "an option");
    o->label = text(L, m, "label", 0, "an option");
    o->text = text(L, m, "text", 0, "an option");
    o->source = text(L, m, "source", 0, "an option");
    o->held_by = text_list(L, tree_get(m, "held_by"), "held_by", &o->nheld_by, NULL);
    load_terms(L, m, &o->t);
}

static void load_obligation(loader *L, const tree *m, void *out)
{
    static const char *const keys[] = {"id",      "title",    "kind",      "party",   "phase",   "by",      "from",
                                       "until",   "zone",     "route",     "crossing", "forces", "activity", "hours_per_day",
                                       "inspection", "persons", "quantity", "tags",   "text",    "source",  "note",
                                       "options", "agreed",   NULL};
    obligation *ob = out;
    check_keys(L, m, keys, "an obligation");
    ob->at = m->at;
    ob->id = id_of(L, m, "an obligation");
    ob->title = text(L, m, "title", 0, "an obligation");
    ob->text = text(L, m, "text", 0, "an obligation");
    ob->note = text(L, m, "note", 0, "an obligation");
    const char *kind = text(L, m, "kind", 1, "an obligation");
    ob->kind = OB_KIND_COUNT;
    if (kind) {
        int best = -1, best_d = 4;
        for (int k = 0; k < OB_KIND_COUNT; k++) {
            if (!strcmp(kind, kind_names[k])) ob->kind = (obligation_kind)k;
            int d = str_distance(kind, kind_names[k], 3);
            if (d < best_d) best_d = d, best = k;
        }
        if (ob->kind == OB_KIND_COUNT) {
            char hint[180] = "kinds are cease-hostilities, withdraw, stay-out, deploy, release, allow-passage, "
                             "deliver, open-crossing, limit, negotiate, notify, reconstruct";
            if (best >= 0) snprintf(hint, sizeof hint, "did you mean '%s'?", kind_names[best]);
            diag_report(&L->a->sink, TRUCE_ERROR, tree_get(m, "kind")->at, hint, "unknown kind of obligation '%s'", kind);
        }
    }
    tree *pv = tree_get(m, "party");
    if (!pv)
        diag_report(&L->a->sink, TRUCE_WARNING, m->at, "add 'party: ID' once the text names who is bound",
                    "obligation '%s' binds no party", ob->id ? ob->id : "?");
    ob->party_ids = text_list(L, pv, "party", &ob->nparties, &ob->party_at);
    ob->phase_id = text(L, m, "phase", 0, "an obligation");
    if (ob->phase_id) ob->phase_at = tree_get(m, "phase")->at;
    load_terms(L, m, &ob->t);
    ob->route_id = text(L, m, "route", 0, "an obligation");
    if (ob->route_id) ob->route_at = tree_get(m, "route")->at;
    ob->crossing_id = text(L, m, "crossing", 0, "an obligation");
    if (ob->crossing_id) ob->crossing_at = tree_get(m, "crossing")->at;
    ob->forces = text(L, m, "forces", 0, "an obligation");
    ob->activity = text(L, m, "activity", 0, "an obligation");
    ob->persons = text(L, m, "persons", 0, "an obligation");
    tree *h = tree_get(m, "hours_per_day");
    if (h && (tree_as_int(h, &ob->hours_per_day) != 0 || ob->hours_per_day < 1 || ob->hours_per_day > 24)) {
        ERR(L, h, "'hours_per_day' must be a whole number from 1 to 24");
        ob->hours_per_day = 0;
    }
    ob->inspection = -1;
    tree *ins = tree_get(m, "inspection");
    if (ins && tree_as_bool(ins, &ob->inspection) != 0) {
        ERR(L, ins, "'inspection' is true or false");
        ob->inspection = -1;
    }
    tree *q = tree_get(m, "quantity");
    if (q && is_map(L, q, "'quantity'")) load_quantity(L, q, &ob->q);
    ob->tags = text_list(L, tree_get(m, "tags"), "tags", &ob->ntags, NULL);
    ob->sources = text_list(L, tree_get(m, "source"), "source", &ob->nsources, &ob->source_at);
    tree *opts = tree_get(m, "options");
    if (opts && opts->kind != TREE_SEQ) {
        ERR(L, opts, "'options' must be a list of the bracketed alternatives, got %s", tree_kind_name(opts));
    } else if (opts) {
        ob->options = arena_alloc(&L->a->ar, sizeof *ob->options * (opts->n ? opts->n : 1));
        if (!ob->options) {
            L->oom = 1;
            return;
        }
        for (size_t i = 0; i < opts->n; i++)
            if (is_map(L, opts->items[i], "an option")) load_option(L, opts->items[i], &ob->options[ob->noptions++]);
        if (ob->noptions == 1) ERR(L, opts, "an obligation with options needs at least two of them");
    }
    ob->agreed_id = text(L, m, "agreed", 0, "an obligation");
    if (ob->agreed_id) {
        ob->agreed_at = tree_get(m, "agreed")->at;
        if (!opts) ERR(L, tree_get(m, "agreed"), "'agreed' names one of the obligation's 'options', but it has none");
    }
}

int model_load(truce_agreement *a, const source *src)
{
    int err = 0;
    tree *root = tree_parse(&a->ar, src, &a->sink, &err);
    if (err) return err;
    if (!root) return TRUCE_ESYNTAX;
    loader L = {a, 0};
    if (root->kind != TREE_MAP) {
        ERR(&L, root, "an agreement file must be a mapping with 'truce: 1', 'id', 'title', 'parties', ...");
        return TRUCE_ESYNTAX;
    }
    static const char *const keys[] = {"truce", "id",        "title",  "status",      "timezone",
                                       "start", "summary",   "note",   "synthetic",   "sources",
                                       "parties", "zones",   "phases", "milestones", "obligations", NULL};
    check_keys(&L, root, keys, "an agreement");
    a->at = root->at;
    tree *ver = tree_get(root, "truce");
    long v = 0;
    if (!ver) ERR(&L, root, "the file does not say which truce format it uses: add 'truce: 1' at the top");
    else if (tree_as_int(ver, &v) != 0 || v != 1) ERR(&L, ver, "this truce reads format version 1, not '%s'", ver->str ? ver->str : "?");
    a->id = id_of(&L, root, "the agreement");
    a->title = text(&L, root, "title", 1, "the agreement");
    a->status = text(&L, root, "status", 0, "the agreement");
    a->timezone = text(&L, root, "timezone", 0, "the agreement");
    a->summary = text(&L, root, "summary", 0, "the agreement");
    a->note = text(&L, root, "note", 0, "the agreement");
    a->synthetic = text(&L, root, "synthetic", 0, "the agreement");
    int flag;
    if (a->synthetic && tree_as_bool(tree_get(root, "synthetic"), &flag) == 0) {
        if (flag)
            diag_report(&a->sink, TRUCE_ERROR, tree_get(root, "synthetic")->at,
                        "write what is made up and why, e.g. 'synthetic: figures invented for training'",
                        "'synthetic' takes a reason, not 'true'");
        a->synthetic = NULL;
    }
    a->start = TRUCE_DATE_NONE;
    const char *start = text(&L, root, "start", 0, "the agreement");
    if (start && strcmp(start, "when signed") && truce_date_parse(start, &a->start) != 0)
        diag_report(&a->sink, TRUCE_ERROR, tree_get(root, "start")->at,
                    "write the first day as YYYY-MM-DD, or 'when signed' when it is not known yet",
                    "cannot read '%s' as the agreement's first day", start);
    each_item(&L, root, "sources", "a source", &a->refs, sizeof *a->refs, &a->nrefs, load_source);
    each_item(&L, root, "parties", "a party", &a->parties, sizeof *a->parties, &a->nparties, load_party);
    each_item(&L, root, "zones", "a zone", &a->zones, sizeof *a->zones, &a->nzones, load_zone);
    each_item(&L, root, "milestones", "a milestone", &a->milestones, sizeof *a->milestones, &a->nmilestones, load_milestone);
    each_item(&L, root, "phases", "a phase", &a->phases, sizeof *a->phases, &a->nphases, load_phase);
    each_item(&L, root, "obligations", "an obligation", &a->obligations, sizeof *a->obligations, &a->nobligations,
              load_obligation);
    tree *pl = tree_get(root, "parties"), *phl = tree_get(root, "phases");
    if (!pl || (pl->kind == TREE_SEQ && pl->n == 0)) ERR(&L, pl ? pl : root, "the agreement names no 'parties'");
    if (!phl || (phl->kind == TREE_SEQ && phl->n == 0)) ERR(&L, phl ? phl : root, "the agreement has no 'phases'");
    for (size_t i = 0; i < a->nphases; i++) a->phases[i].index = (int)i;
    for (size_t i = 0; i < a->nobligations; i++) a->obligations[i].index = (int)i;
    return L.oom ? TRUCE_ENOMEM : 0;
}
