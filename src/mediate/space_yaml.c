/* space_yaml.c: reads a negotiation space (truce-space: 1) from YAML through the project's tree,
 * reporting every problem as file:line:col with a "did you mean" where one helps. It checks the
 * form and the ids; it solves nothing (solve.c) and knows nothing of agreements (src/model):
 * `agreement:` is read through a callback (space_base.h) that lists the obligations as ids.
 * Pairwise rankings are not supported: a ranking is a list, best first. */
#include <stdio.h>
#include <string.h>

#include "mediate/internal.h"
#include "mediate/space_base.h"
#include "util/tree.h"

typedef struct reader {
    med_space *s;
    diag_sink *sink;
    int oom;
    const med_base *base; /* the agreement's obligations, or NULL */
    int nbase;            /* the first nbase issues come from base */
    const tree *base_at;  /* the `agreement` value */
} reader;

#define ERR(R, node, ...) diag_error((R)->sink, (node)->at, __VA_ARGS__)

static const char *nearest(const char *id, const char *const *cands, int n)
{
    const char *best = NULL;
    int best_d = 4;
    for (int i = 0; i < n; i++) {
        int d = str_distance(id, cands[i], 3);
        if (d < best_d) best_d = d, best = cands[i];
    }
    return best;
}

/* Reports an unknown id with the nearest candidate as a hint. */
static void unknown(reader *R, const tree *node, const char *what, const char *id, const char *const *cands, int n,
                    const char *where)
{
    const char *best = nearest(id, cands, n);
    char hint[200];
    if (best) snprintf(hint, sizeof hint, "did you mean %s '%s'?", what, best);
    if (where) diag_report(R->sink, TRUCE_ERROR, node->at, best ? hint : NULL, "unknown %s '%s' in %s", what, id, where);
    else diag_report(R->sink, TRUCE_ERROR, node->at, best ? hint : NULL, "unknown %s '%s'", what, id);
}

static void check_keys(reader *R, const tree *map, const char *const *allowed, const char *what)
{
    int n = 0;
    while (allowed[n]) n++;
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->str;
        int found = 0;
        for (int j = 0; j < n && !found; j++) found = !strcmp(k, allowed[j]);
        if (!found) unknown(R, map->keys[i], "key", k, allowed, n, what);
    }
}

static int want(reader *R, const tree *node, tree_kind kind, const char *what)
{
    if (node && node->kind == kind) return 1;
    if (node) {
        const char *name = kind == TREE_MAP ? "a mapping" : kind == TREE_SEQ ? "a list" : "a text";
        ERR(R, node, "%s must be %s, got %s", what, name, tree_kind_name(node));
    }
    return 0;
}

static int issue_index(const med_space *s, const char *id)
{
    for (int i = 0; i < s->nissues; i++)
        if (!strcmp(s->issues[i].id, id)) return i;
    return -1;
}

static int option_index(const med_issue *is, const char *id)
{
    for (int o = 0; o < is->noptions; o++)
        if (!strcmp(is->options[o], id)) return o;
    return -1;
}

static const char **issue_ids(reader *R)
{
    const char **ids = arena_alloc(&R->s->ar, sizeof *ids * (size_t)(R->s->nissues + 1));
    if (!ids) R->oom = 1;
    else
        for (int i = 0; i < R->s->nissues; i++) ids[i] = R->s->issues[i].id;
    return ids;
}

/* An issue named by a key or scalar; -1 (reported) when unknown. */
static int find_issue(reader *R, const tree *node, const char *where)
{
    if (node->kind != TREE_SCALAR) {
        ERR(R, node, "an issue id must be a text, got %s", tree_kind_name(node));
        return -1;
    }
    int i = issue_index(R->s, node->str);
    if (i < 0) {
        const char **ids = issue_ids(R);
        if (ids) unknown(R, node, "issue", node->str, ids, R->s->nissues, where);
    }
    return i;
}

static int find_option(reader *R, const tree *node, int issue, const char *id)
{
    const med_issue *is = &R->s->issues[issue];
    int o = option_index(is, id);
    if (o < 0) {
        char where[160];
        snprintf(where, sizeof where, "issue '%s'", is->id);
        unknown(R, node, "option", id, is->options, is->noptions, where);
    }
    return o;
}

/* "issue=option" into indexes; 0 when valid (errors reported otherwise). */
static int issue_option(reader *R, const tree *node, int *issue, int *option)
{
    if (node->kind != TREE_SCALAR || !strchr(node->str, '=')) {
        ERR(R, node, "expected issue=option, like 'philadelphi-timing=withdraw-phase-1'");
        return -1;
    }
    const char *eq = strchr(node->str, '=');
    char name[256];
    size_t len = (size_t)(eq - node->str);
    if (len >= sizeof name) len = sizeof name - 1;
    memcpy(name, node->str, len);
    name[len] = '\0';
    int i = issue_index(R->s, name);
    if (i < 0) {
        const char **ids = issue_ids(R);
        if (ids) unknown(R, node, "issue", name, ids, R->s->nissues, NULL);
        return -1;
    }
    int o = find_option(R, node, i, eq + 1);
    if (o < 0) return -1;
    *issue = i, *option = o;
    return 0;
}

static int number(reader *R, const tree *node, const char *what, double lo, double hi, double *out)
{
    if (node->kind != TREE_SCALAR || tree_as_double(node, out) != 0) {
        ERR(R, node, "%s must be a number, got '%s'", what, node->kind == TREE_SCALAR ? node->str : tree_kind_name(node));
        return -1;
    }
    if (*out < lo || *out > hi) {
        ERR(R, node, "%s must be between %g and %g, got %g", what, lo, hi, *out);
        return -1;
    }
    return 0;
}

static const med_base_issue *base_issue(const reader *R, const char *id)
{
    for (int b = 0; R->base && b < R->base->nissues; b++)
        if (!strcmp(R->base->issues[b].id, id)) return &R->base->issues[b];
    return NULL;
}

/* The open obligations of the base, as the first issues. */
static void seed_issues(reader *R)
{
    med_space *s = R->s;
    for (int b = 0; b < R->base->nissues; b++) {
        const med_base_issue *bi = &R->base->issues[b];
        if (bi->agreed || bi->noptions < 1 || issue_index(s, bi->id) >= 0) continue;
        med_issue *is = &s->issues[s->nissues++];
        is->id = bi->id;
        is->at = bi->at;
        is->options = bi->options;
        is->noptions = bi->noptions;
    }
    R->nbase = s->nissues;
}

/* An `issues` entry naming an open obligation: its options, if listed, pick some of the
 * obligation's (in the order listed). */
static void refine_issue(reader *R, med_issue *is, const med_base_issue *bi, const tree *opts, unsigned char *done,
                         const tree *id)
{
    if (*done) {
        ERR(R, id, "two issues have the id '%s'", is->id);
        return;
    }
    *done = 1;
    if (!opts || !want(R, opts, TREE_SEQ, "'options'")) return;
    const char **picked = arena_alloc(&R->s->ar, sizeof *picked * (opts->n ? opts->n : 1));
    if (!picked) {
        R->oom = 1;
        return;
    }
    int n = 0, ok = 1;
    for (size_t o = 0; o < opts->n; o++) {
        const tree *on = opts->items[o];
        if (on->kind != TREE_SCALAR || tree_is_null(on)) {
            ERR(R, on, "an option must be a text, got %s", tree_kind_name(on));
            ok = 0;
            continue;
        }
        int k = -1, dup = 0;
        for (int j = 0; j < bi->noptions; j++)
            if (!strcmp(bi->options[j], on->str)) k = j;
        for (int j = 0; j < n; j++) dup |= !strcmp(picked[j], on->str);
        if (k < 0) {
            char where[200];
            snprintf(where, sizeof where, "obligation '%s' of the agreement", bi->id);
            unknown(R, on, "option", on->str, bi->options, bi->noptions, where);
            ok = 0;
        } else if (dup) {
            ERR(R, on, "issue '%s' lists option '%s' twice", is->id, on->str);
            ok = 0;
        } else {
            picked[n++] = bi->options[k];
        }
    }
    if (!ok) return;
    if (n < MED_MIN_OPTIONS || n > MED_MAX_OPTIONS) {
        ERR(R, opts, "issue '%s' must have %d to %d options, got %d", is->id, MED_MIN_OPTIONS, MED_MAX_OPTIONS, n);
        return;
    }
    is->options = picked;
    is->noptions = n;
}

/* An `issues` entry without options, in a space built on an agreement, that names no open
 * obligation: say why, with the nearest open obligation. */
static void not_open(reader *R, const tree *id)
{
    const med_base_issue *bi = base_issue(R, id->str);
    if (bi && bi->agreed) {
        char hint[200];
        snprintf(hint, sizeof hint, "remove its 'agreed: %s' from the agreement to negotiate it again", bi->agreed);
        diag_report(R->sink, TRUCE_ERROR, id->at, hint, "obligation '%s' is already settled in the agreement", id->str);
    } else if (bi) {
        diag_report(R->sink, TRUCE_ERROR, id->at, "give the issue its own 'options', or bracket options in the agreement",
                    "obligation '%s' has no options in the agreement", id->str);
    } else {
        const char **ids = issue_ids(R);
        if (ids) unknown(R, id, "issue", id->str, ids, R->nbase, "the agreement's open obligations");
    }
}

static void read_issues(reader *R, const tree *list)
{
    med_space *s = R->s;
    if (list && !want(R, list, TREE_SEQ, "'issues'")) return;
    size_t nlist = list ? list->n : 0, nbase = R->base ? (size_t)R->base->nissues : 0;
    if (!R->base && (nlist < 1 || nlist > MED_MAX_ISSUES)) {
        ERR(R, list, "a space has 1 to %d issues, got %zu", MED_MAX_ISSUES, nlist);
        return;
    }
    s->issues = arena_alloc(&s->ar, sizeof *s->issues * (nlist + nbase + 1));
    unsigned char *refined = arena_alloc(&s->ar, nbase + 1);
    if (!s->issues || !refined) {
        R->oom = 1;
        return;
    }
    if (R->base) seed_issues(R);
    static const char *const keys[] = {"id", "options", "title", "note", NULL};
    for (size_t i = 0; i < nlist; i++) {
        const tree *it = list->items[i];
        if (!want(R, it, TREE_MAP, "an issue")) continue;
        check_keys(R, it, keys, "an issue");
        const tree *id = tree_get(it, "id"), *opts = tree_get(it, "options");
        if (!id || id->kind != TREE_SCALAR || tree_is_null(id)) {
            ERR(R, it, "an issue has no 'id'");
            continue;
        }
        int known = issue_index(s, id->str);
        if (known >= 0 && known < R->nbase) {
            refine_issue(R, &s->issues[known], base_issue(R, id->str), opts, &refined[known], id);
            continue;
        }
        if (known >= 0) {
            ERR(R, id, "two issues have the id '%s'", id->str);
            continue;
        }
        if (!opts && R->base) {
            not_open(R, id);
            continue;
        }
        if (!opts) {
            ERR(R, it, "issue '%s' has no 'options'", id->str);
            continue;
        }
        if (!want(R, opts, TREE_SEQ, "'options'")) continue;
        if (opts->n < MED_MIN_OPTIONS || opts->n > MED_MAX_OPTIONS) {
            ERR(R, opts, "issue '%s' must have %d to %d options, got %zu", id->str, MED_MIN_OPTIONS, MED_MAX_OPTIONS,
                opts->n);
            continue;
        }
        med_issue *is = &s->issues[s->nissues];
        memset(is, 0, sizeof *is); /* the slot of an issue rejected before may hold its count */
        is->id = id->str;
        is->at = it->at;
        is->options = arena_alloc(&s->ar, sizeof *is->options * opts->n);
        if (!is->options) {
            R->oom = 1;
            return;
        }
        int ok = 1;
        for (size_t o = 0; o < opts->n; o++) {
            const tree *on = opts->items[o];
            if (on->kind != TREE_SCALAR || tree_is_null(on)) {
                ERR(R, on, "an option must be a text, got %s", tree_kind_name(on));
                ok = 0;
                continue;
            }
            for (int k = 0; k < is->noptions; k++)
                if (!strcmp(is->options[k], on->str)) {
                    ERR(R, on, "issue '%s' lists option '%s' twice", id->str, on->str);
                    ok = 0;
                }
            is->options[is->noptions++] = on->str;
        }
        if (ok) s->nissues++;
    }
    for (int b = 0; b < R->nbase; b++)
        if (s->issues[b].noptions > MED_MAX_OPTIONS)
            diag_report(R->sink, TRUCE_ERROR, R->base_at->at, "list the options to weigh under 'issues'",
                        "obligation '%s' has %d options; an issue has at most %d", s->issues[b].id,
                        s->issues[b].noptions, MED_MAX_OPTIONS);
        else if (s->issues[b].noptions < MED_MIN_OPTIONS)
            ERR(R, R->base_at, "obligation '%s' has only one option; an issue needs at least %d", s->issues[b].id,
                MED_MIN_OPTIONS);
    if (!R->base) return;
    if (s->nissues < 1)
        ERR(R, list ? list : R->base_at, "a space has 1 to %d issues, got 0 (the agreement has no open obligations)",
            MED_MAX_ISSUES);
    else if (s->nissues > MED_MAX_ISSUES)
        ERR(R, list ? list : R->base_at, "a space has 1 to %d issues, got %d", MED_MAX_ISSUES, s->nissues);
}

/* values: {issue: {option: v}}; ranking: {issue: [best, ..., worst]} */
static void read_preferences(reader *R, med_party *pa, const tree *values, const tree *ranking, unsigned char *given,
                             pos *given_at)
{
    med_space *s = R->s;
    if (values && want(R, values, TREE_MAP, "'values'"))
        for (size_t k = 0; k < values->n; k++) {
            int i = find_issue(R, values->keys[k], "'values'");
            if (i < 0) continue;
            const med_issue *is = &s->issues[i];
            const tree *m = values->items[k];
            if (!want(R, m, TREE_MAP, "the values of an issue")) continue;
            unsigned char seen[MO] = {0};
            for (size_t j = 0; j < m->n; j++) {
                int o = find_option(R, m->keys[j], i, m->keys[j]->str);
                double v;
                if (o < 0) continue;
                seen[o] = 1; /* given, even if wrongly: one error is enough */
                if (number(R, m->items[j], "a value", 0, 1, &v) == 0) pa->value[i * MO + o] = v;
            }
            for (int o = 0; o < is->noptions; o++)
                if (!seen[o] && option_index(is, is->options[o]) == o) {
                    char hint[200];
                    snprintf(hint, sizeof hint, "give every option of '%s' a value from 0 to 1", is->id);
                    diag_report(R->sink, TRUCE_ERROR, m->at, hint, "party '%s' gives no value for option '%s' of '%s'",
                                pa->id, is->options[o], is->id);
                }
            given[i] = 1;
            given_at[i] = values->keys[k]->at;
        }
    if (ranking && want(R, ranking, TREE_MAP, "'ranking'"))
        for (size_t k = 0; k < ranking->n; k++) {
            int i = find_issue(R, ranking->keys[k], "'ranking'");
            if (i < 0) continue;
            const med_issue *is = &s->issues[i];
            const tree *l = ranking->items[k];
            if (given[i]) {
                ERR(R, ranking->keys[k], "party '%s' gives both values and a ranking for '%s'", pa->id, is->id);
                continue;
            }
            given[i] = 1;
            given_at[i] = ranking->keys[k]->at;
            if (!want(R, l, TREE_SEQ, "a ranking")) continue;
            int rank[MO], ok = 1;
            for (int o = 0; o < MO; o++) rank[o] = -1;
            for (size_t j = 0; j < l->n; j++) {
                const tree *on = l->items[j];
                if (on->kind != TREE_SCALAR) {
                    ERR(R, on, "a ranking lists option ids, got %s", tree_kind_name(on));
                    ok = 0;
                    continue;
                }
                int o = find_option(R, on, i, on->str);
                if (o < 0) {
                    ok = 0;
                    continue;
                }
                if (rank[o] >= 0) {
                    char hint[120];
                    snprintf(hint, sizeof hint, "it is already ranked %d", rank[o] + 1);
                    diag_report(R->sink, TRUCE_ERROR, on->at, hint, "option '%s' appears twice in the ranking of '%s'",
                                on->str, is->id);
                    ok = 0;
                    continue;
                }
                rank[o] = (int)j;
            }
            for (int o = 0; o < is->noptions; o++)
                if (rank[o] < 0 && ok) {
                    char hint[200];
                    snprintf(hint, sizeof hint, "a ranking lists all %d options of '%s', best first", is->noptions,
                             is->id);
                    diag_report(R->sink, TRUCE_ERROR, l->at, hint, "the ranking of '%s' leaves out option '%s'", is->id,
                                is->options[o]);
                    ok = 0;
                }
            if (ok)
                for (int o = 0; o < is->noptions; o++)
                    pa->value[i * MO + o] = 1.0 - (double)rank[o] / (double)(is->noptions - 1);
        }
}

static void read_parties(reader *R, const tree *list)
{
    med_space *s = R->s;
    if (!want(R, list, TREE_SEQ, "'parties'")) return;
    if (list->n < MED_MIN_PARTIES || list->n > MED_MAX_PARTIES) {
        ERR(R, list, "a space has %d to %d parties, got %zu", MED_MIN_PARTIES, MED_MAX_PARTIES, list->n);
        return;
    }
    s->parties = arena_alloc(&s->ar, sizeof *s->parties * list->n);
    if (!s->parties) {
        R->oom = 1;
        return;
    }
    static const char *const keys[] = {"id", "name", "weights", "values", "ranking", "red_lines", "reservation", "note", NULL};
    size_t ni = (size_t)(s->nissues ? s->nissues : 1);
    for (size_t k = 0; k < list->n; k++) {
        const tree *it = list->items[k];
        if (!want(R, it, TREE_MAP, "a party")) continue;
        check_keys(R, it, keys, "a party");
        const tree *id = tree_get(it, "id");
        if (!id || id->kind != TREE_SCALAR || tree_is_null(id)) {
            ERR(R, it, "a party has no 'id'");
            continue;
        }
        int dup = 0;
        for (int p = 0; p < s->nparties; p++) dup |= !strcmp(s->parties[p].id, id->str);
        if (dup) {
            ERR(R, id, "two parties have the id '%s'", id->str);
            continue;
        }
        med_party *pa = &s->parties[s->nparties++];
        pa->id = id->str;
        pa->at = it->at;
        pa->weight = arena_alloc(&s->ar, sizeof *pa->weight * ni);
        pa->value = arena_alloc(&s->ar, sizeof *pa->value * ni * MO);
        pa->red = arena_alloc(&s->ar, ni * MO);
        unsigned char *given = arena_alloc(&s->ar, ni);
        pos *given_at = arena_alloc(&s->ar, sizeof *given_at * ni);
        if (!pa->weight || !pa->value || !pa->red || !given || !given_at) {
            R->oom = 1;
            return;
        }
        const tree *w = tree_get(it, "weights");
        double sum = 0;
        if (!w) ERR(R, it, "party '%s' has no 'weights'", pa->id);
        else if (want(R, w, TREE_MAP, "'weights'")) {
            int bad = 0;
            for (size_t j = 0; j < w->n; j++) {
                int i = find_issue(R, w->keys[j], "'weights'");
                double v;
                if (i < 0) continue;
                if (w->items[j]->kind != TREE_SCALAR || tree_as_double(w->items[j], &v) != 0) {
                    ERR(R, w->items[j], "a weight must be a number, got '%s'",
                        w->items[j]->kind == TREE_SCALAR ? w->items[j]->str : tree_kind_name(w->items[j]));
                    bad = 1;
                    continue;
                }
                if (v < 0) {
                    ERR(R, w->items[j], "weights cannot be negative, got %g", v);
                    bad = 1;
                    continue;
                }
                pa->weight[i] = v;
                sum += v;
            }
            if (!bad && !(sum > 0))
                diag_report(R->sink, TRUCE_ERROR, w->at, "give at least one issue a weight above 0",
                            "party '%s' has all its weights at 0", pa->id);
        }
        read_preferences(R, pa, tree_get(it, "values"), tree_get(it, "ranking"), given, given_at);
        for (int i = 0; i < s->nissues; i++)
            if (pa->weight[i] > 0 && !given[i] && w) {
                char hint[200];
                snprintf(hint, sizeof hint, "add '%s' under 'values' or 'ranking'", s->issues[i].id);
                diag_report(R->sink, TRUCE_ERROR, it->at, hint, "party '%s' weighs issue '%s' but gives no preferences on it",
                            pa->id, s->issues[i].id);
            }
        const tree *red = tree_get(it, "red_lines");
        if (red && want(R, red, TREE_SEQ, "'red_lines'"))
            for (size_t j = 0; j < red->n; j++) {
                int i, o;
                if (issue_option(R, red->items[j], &i, &o) == 0) pa->red[i * MO + o] = 1;
            }
        const tree *res = tree_get(it, "reservation");
        if (res) number(R, res, "'reservation'", 0, 1, &pa->reservation);
        if (sum > 0)
            for (int i = 0; i < s->nissues; i++) pa->weight[i] /= sum;
    }
}

static void read_links(reader *R, const tree *list)
{
    med_space *s = R->s;
    if (!want(R, list, TREE_SEQ, "'links'")) return;
    s->links = arena_alloc(&s->ar, sizeof *s->links * (list->n ? list->n : 1));
    if (!s->links) {
        R->oom = 1;
        return;
    }
    static const char *const kinds[] = {"requires", "bonus", NULL};
    static const char *const req_keys[] = {"if", "then", NULL};
    static const char *const bonus_keys[] = {"pair", "parties", NULL};
    for (size_t k = 0; k < list->n; k++) {
        const tree *it = list->items[k];
        if (!want(R, it, TREE_MAP, "a link")) continue;
        if (it->n != 1) {
            ERR(R, it, "a link is either 'requires: {if, then}' or 'bonus: {pair, parties}'");
            continue;
        }
        check_keys(R, it, kinds, "a link");
        const tree *req = tree_get(it, "requires"), *bon = tree_get(it, "bonus");
        med_link lk = {.at = it->at};
        if (req && want(R, req, TREE_MAP, "'requires'")) {
            check_keys(R, req, req_keys, "'requires'");
            const tree *a = tree_get(req, "if"), *b = tree_get(req, "then");
            if (!a || !b) {
                ERR(R, req, "'requires' needs both 'if' and 'then'");
                continue;
            }
            lk.kind = MED_REQUIRES;
            int e1 = issue_option(R, a, &lk.issue_a, &lk.option_a), e2 = issue_option(R, b, &lk.issue_b, &lk.option_b);
            if (e1 || e2) continue;
            s->links[s->nlinks++] = lk;
        } else if (bon && want(R, bon, TREE_MAP, "'bonus'")) {
            check_keys(R, bon, bonus_keys, "'bonus'");
            const tree *pair = tree_get(bon, "pair"), *ps = tree_get(bon, "parties");
            if (!pair || !ps) {
                ERR(R, bon, "'bonus' needs both 'pair' and 'parties'");
                continue;
            }
            if (!want(R, pair, TREE_SEQ, "'pair'") || !want(R, ps, TREE_MAP, "'parties'")) continue;
            if (pair->n != 2) {
                ERR(R, pair, "a pair has two items (issue=option), got %zu", pair->n);
                continue;
            }
            lk.kind = MED_BONUS;
            int e1 = issue_option(R, pair->items[0], &lk.issue_a, &lk.option_a);
            int e2 = issue_option(R, pair->items[1], &lk.issue_b, &lk.option_b), bad = e1 || e2;
            const char *pids[MP];
            for (int p = 0; p < s->nparties; p++) pids[p] = s->parties[p].id;
            for (size_t j = 0; j < ps->n; j++) {
                int p = -1;
                for (int q = 0; q < s->nparties; q++)
                    if (!strcmp(pids[q], ps->keys[j]->str)) p = q;
                if (p < 0) {
                    unknown(R, ps->keys[j], "party", ps->keys[j]->str, pids, s->nparties, NULL);
                    bad = 1;
                    continue;
                }
                if (number(R, ps->items[j], "a bonus", -1, 1, &lk.delta[p])) bad = 1;
            }
            if (!bad) s->links[s->nlinks++] = lk;
        }
    }
}

int med_space_read(med_space *s, const source *src, diag_sink *sink)
{
    return med_space_read_with(s, src, sink, NULL, NULL, NULL);
}

int med_space_read_with(med_space *s, const source *src, diag_sink *sink, med_base_fn base_fn, void *user,
                        const char **synthetic)
{
    reader R = {s, sink, 0, NULL, 0, NULL};
    int err = 0, before = sink->errors;
    tree *root = tree_parse(&s->ar, src, sink, &err);
    if (!root) return err ? err : TRUCE_ESYNTAX;
    if (!want(&R, root, TREE_MAP, "a negotiation space")) return TRUCE_EINVALID;
    static const char *const keys[] = {"truce-space", "id", "title", "note", "synthetic", "agreement",
                                       "issues", "parties", "links", NULL};
    check_keys(&R, root, keys, "a negotiation space");
    const tree *ver = tree_get(root, "truce-space");
    long v = 0;
    if (!ver) ERR(&R, root, "a negotiation space starts with 'truce-space: 1'");
    else if (tree_as_int(ver, &v) != 0 || v != 1)
        diag_report(sink, TRUCE_ERROR, ver->at, "this version of truce reads 'truce-space: 1'",
                    "unsupported space format '%s'", ver->kind == TREE_SCALAR ? ver->str : tree_kind_name(ver));
    const tree *id = tree_get(root, "id");
    s->id = id && id->kind == TREE_SCALAR ? id->str : "space";
    const tree *syn = tree_get(root, "synthetic");
    if (synthetic) *synthetic = syn && syn->kind == TREE_SCALAR && !tree_is_null(syn) ? syn->str : NULL;
    const tree *issues = tree_get(root, "issues"), *parties = tree_get(root, "parties"), *links = tree_get(root, "links");
    const tree *agr = tree_get(root, "agreement");
    med_base base = {0};
    if (agr) {
        if (!base_fn) {
            ERR(&R, agr, "'agreement' is read only from a space file (truce_space_load)");
            return TRUCE_EINVALID;
        }
        if (agr->kind != TREE_SCALAR || tree_is_null(agr)) {
            ERR(&R, agr, "'agreement' must be the path of an agreement file, got %s", tree_kind_name(agr));
            return TRUCE_EINVALID;
        }
        int r = base_fn(user, agr, src, sink, &s->ar, &base);
        if (r) return r;
        R.base = &base;
        R.base_at = agr;
    }
    if (!issues && !R.base) ERR(&R, root, "a negotiation space has no 'issues'");
    else read_issues(&R, issues);
    if (!parties) ERR(&R, root, "a negotiation space has no 'parties'");
    else if (!R.oom) read_parties(&R, parties);
    if (links && !R.oom) read_links(&R, links);
    if (R.oom) return TRUCE_ENOMEM;
    if (sink->errors > before) return TRUCE_EINVALID;
    return med_space_validate(s) ? TRUCE_EINVALID : 0;
}
