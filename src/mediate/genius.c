/* genius.c: negotiation domains and utility spaces (profiles) in the GENIUS XML format of the
 * ANAC competitions, read with libxml2 into a med_space: discrete issues only, evaluations
 * divided by the issue's largest (as GENIUS does), weights normalised, the reservation value
 * kept, discount factors ignored. Problems are reported as file:line. Nothing here writes XML,
 * loads the network or expands external entities. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mediate/space_base.h"

#define MO MED_MAX_OPTIONS

typedef struct xreader {
    med_space *s;
    const source *src;
    diag_sink *sink;
    int oom;
} xreader;

/* Where n starts: its line, and the column of the line's first '<' (libxml2 keeps no columns). */
static pos at(const xreader *X, const xmlNode *n)
{
    pos p = {X->src, n ? (int)xmlGetLineNo(n) : 0, 1};
    if (p.line <= 0) {
        p.line = 0;
        return p;
    }
    size_t off = 0, len = X->src->len;
    const char *t = X->src->text;
    for (int l = 1; l < p.line && off < len; l++) {
        const char *nl = memchr(t + off, '\n', len - off);
        if (!nl) break;
        off = (size_t)(nl - t) + 1;
    }
    for (size_t c = off; c < len && t[c] != '\n'; c++)
        if (t[c] == '<') {
            p.col = (int)(c - off) + 1;
            break;
        }
    return p;
}

static int named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* An attribute copied into the arena, or NULL when absent. */
static const char *attr(xreader *X, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *c = arena_strdup(&X->s->ar, (const char *)v);
    xmlFree(v);
    if (!c) X->oom = 1;
    return c;
}

static int number(xreader *X, const xmlNode *n, const char *name, double *out)
{
    const char *v = attr(X, n, name);
    char *end = NULL;
    if (!v) {
        diag_error(X->sink, at(X, n), "<%s> has no '%s'", (const char *)n->name, name);
        return -1;
    }
    *out = strtod(v, &end);
    if (end == v || *end || !(*out == *out) || *out > 1e300 || *out < -1e300) {
        diag_error(X->sink, at(X, n), "'%s' of <%s> must be a number, got '%s'", name, (const char *)n->name, v);
        return -1;
    }
    return 0;
}

static void unknown(xreader *X, const xmlNode *n, const char *what, const char *id, const char *const *cands, int nc,
                    const char *where)
{
    const char *best = NULL;
    int best_d = 4;
    for (int i = 0; i < nc; i++) {
        int d = str_distance(id, cands[i], 3);
        if (d < best_d) best_d = d, best = cands[i];
    }
    char hint[300];
    if (best) snprintf(hint, sizeof hint, "did you mean %s '%s'?", what, best);
    diag_report(X->sink, TRUCE_ERROR, at(X, n), best ? hint : NULL, "unknown %s '%s' in %s", what, id, where);
}

/* Parses src; reports the first syntax error at its line. */
static xmlDoc *parse(xreader *X)
{
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        X->oom = 1;
        return NULL;
    }
    if (X->src->len > 0x7fffffff) {
        diag_file(X->sink, TRUCE_ERROR, X->src->name, "the file is too large");
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, X->src->text, (int)X->src->len, X->src->name, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[300] = "not well-formed XML";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t n = strlen(msg);
            while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
        }
        pos p = {X->src, e && e->line > 0 ? e->line : 0, e && e->int2 > 0 ? e->int2 : 1};
        diag_error(X->sink, p, "not well-formed XML: %s", msg);
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name)) return c;
    return NULL;
}

/* The <objective> of a <utility_space>. */
static const xmlNode *objective(xreader *X, const xmlNode *space)
{
    const xmlNode *o = child(space, "objective");
    if (!o) diag_error(X->sink, at(X, space), "<utility_space> has no <objective>");
    return o;
}

static int issue_index(const med_space *s, const char *id)
{
    for (int i = 0; i < s->nissues; i++)
        if (!strcmp(s->issues[i].id, id)) return i;
    return -1;
}

static void read_issue(xreader *X, const xmlNode *n)
{
    med_space *s = X->s;
    const char *name = attr(X, n, "name"), *type = attr(X, n, "type"), *etype = attr(X, n, "etype");
    if (!name || !*name) {
        diag_error(X->sink, at(X, n), "an <issue> has no 'name'");
        return;
    }
    if ((type && strcmp(type, "discrete")) || (!type && etype && strcmp(etype, "discrete"))) {
        diag_report(X->sink, TRUCE_ERROR, at(X, n), "truce reads discrete issues only",
                    "issue '%s' is of type '%s'", name, type ? type : etype);
        return;
    }
    if (issue_index(s, name) >= 0) {
        diag_error(X->sink, at(X, n), "two issues are named '%s'", name);
        return;
    }
    if (s->nissues >= MED_MAX_ISSUES) {
        diag_error(X->sink, at(X, n), "a space has at most %d issues", MED_MAX_ISSUES);
        return;
    }
    med_issue *is = &s->issues[s->nissues];
    memset(is, 0, sizeof *is); /* the slot of an issue rejected before may hold its count */
    is->id = name;
    is->at = at(X, n);
    is->options = arena_alloc(&s->ar, sizeof *is->options * MO);
    if (!is->options) {
        X->oom = 1;
        return;
    }
    int n_items = 0, ok = 1;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!named(c, "item")) continue;
        n_items++;
        const char *v = attr(X, c, "value");
        if (!v || !*v) {
            diag_error(X->sink, at(X, c), "an <item> of issue '%s' has no 'value'", name);
            ok = 0;
            continue;
        }
        for (int k = 0; k < is->noptions; k++)
            if (!strcmp(is->options[k], v)) {
                diag_error(X->sink, at(X, c), "issue '%s' lists item '%s' twice", name, v);
                ok = 0;
            }
        if (ok && is->noptions < MO) is->options[is->noptions++] = v;
    }
    if (n_items < MED_MIN_OPTIONS || n_items > MO) {
        diag_error(X->sink, at(X, n), "issue '%s' must have %d to %d items, got %d", name, MED_MIN_OPTIONS, MO, n_items);
        ok = 0;
    }
    if (ok) s->nissues++;
}

/* Issues under an objective, nested objectives included. */
static void read_objective(xreader *X, const xmlNode *o, int depth)
{
    for (const xmlNode *c = o->children; c && !X->oom; c = c->next)
        if (named(c, "issue")) read_issue(X, c);
        else if (named(c, "objective") && depth < 16) read_objective(X, c, depth + 1);
}

int med_genius_domain(med_space *s, const source *src, diag_sink *sink)
{
    xreader X = {s, src, sink, 0};
    int before = sink->errors;
    xmlDoc *doc = parse(&X);
    if (!doc) return X.oom ? TRUCE_ENOMEM : TRUCE_ESYNTAX;
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *space = named(root, "utility_space") ? root : child(root, "utility_space");
    if (!named(root, "negotiation_template") && !named(root, "utility_space"))
        diag_report(sink, TRUCE_ERROR, at(&X, root), "a GENIUS domain is <negotiation_template><utility_space>...",
                    "expected <negotiation_template>, got <%s>", root ? (const char *)root->name : "nothing");
    else if (!space) diag_error(sink, at(&X, root), "<negotiation_template> has no <utility_space>");
    s->issues = arena_alloc(&s->ar, sizeof *s->issues * MED_MAX_ISSUES);
    s->parties = arena_alloc(&s->ar, sizeof *s->parties * MED_MAX_PARTIES);
    if (!s->issues || !s->parties) X.oom = 1;
    const xmlNode *obj = space && !X.oom ? objective(&X, space) : NULL;
    if (obj) read_objective(&X, obj, 0);
    if (obj && !s->nissues && sink->errors == before) diag_error(sink, at(&X, obj), "the domain has no discrete issues");
    char *id = arena_strdup(&s->ar, src->name);
    if (!id) X.oom = 1;
    else {
        char *slash = strrchr(id, '/'), *dot;
        s->id = slash ? slash + 1 : id;
        if ((dot = strrchr(slash ? slash + 1 : id, '.')) && !strcmp(dot, ".xml")) *dot = '\0';
    }
    xmlFreeDoc(doc);
    if (X.oom) return TRUCE_ENOMEM;
    return sink->errors > before ? TRUCE_EINVALID : 0;
}

int med_genius_profile(med_space *s, const source *src, const char *party_id, diag_sink *sink)
{
    if (s->nparties >= MED_MAX_PARTIES) return TRUCE_EARG;
    xreader X = {s, src, sink, 0};
    int before = sink->errors;
    xmlDoc *doc = parse(&X);
    if (!doc) return X.oom ? TRUCE_ENOMEM : TRUCE_ESYNTAX;
    size_t ni = (size_t)s->nissues;
    med_party *pa = &s->parties[s->nparties];
    memset(pa, 0, sizeof *pa);
    pa->id = party_id;
    pa->weight = arena_alloc(&s->ar, sizeof *pa->weight * ni);
    pa->value = arena_alloc(&s->ar, sizeof *pa->value * ni * MO);
    pa->red = arena_alloc(&s->ar, ni * MO);
    double *eval = arena_alloc(&s->ar, sizeof *eval * ni * MO);
    unsigned char *given = arena_alloc(&s->ar, ni * MO), *weighed = arena_alloc(&s->ar, ni), *seen = arena_alloc(&s->ar, ni);
    int *by_index = arena_alloc(&s->ar, sizeof *by_index * (ni + 1)), *index_of = arena_alloc(&s->ar, sizeof *index_of * (ni + 1));
    if (!pa->weight || !pa->value || !pa->red || !eval || !given || !weighed || !seen || !by_index || !index_of) {
        xmlFreeDoc(doc);
        return TRUCE_ENOMEM;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    pa->at = at(&X, root);
    const char **ids = arena_alloc(&s->ar, sizeof *ids * (ni + 1));
    if (!ids) X.oom = 1;
    for (size_t i = 0; ids && i < ni; i++) ids[i] = s->issues[i].id;
    const xmlNode *obj = NULL;
    if (!named(root, "utility_space"))
        diag_report(sink, TRUCE_ERROR, at(&X, root), "a GENIUS profile is <utility_space><objective>...",
                    "expected <utility_space>, got <%s>", root ? (const char *)root->name : "nothing");
    else obj = objective(&X, root);
    int nidx = 0;
    for (const xmlNode *c = obj ? obj->children : NULL; c && !X.oom; c = c->next) {
        if (!named(c, "issue")) continue;
        const char *name = attr(&X, c, "name");
        double idx = -1;
        if (!name) {
            diag_error(sink, at(&X, c), "an <issue> has no 'name'");
            continue;
        }
        int i = issue_index(s, name);
        if (i < 0) {
            unknown(&X, c, "issue", name, ids, (int)ni, "the domain");
            continue;
        }
        if (seen[i]) {
            diag_error(sink, at(&X, c), "the profile gives issue '%s' twice", name);
            continue;
        }
        seen[i] = 1;
        if (number(&X, c, "index", &idx) == 0 && nidx < (int)ni) by_index[nidx] = i, index_of[nidx++] = (int)idx;
        const med_issue *is = &s->issues[i];
        char where[300];
        snprintf(where, sizeof where, "issue '%s' of the domain", name);
        for (const xmlNode *it = c->children; it; it = it->next) {
            if (!named(it, "item")) continue;
            const char *v = attr(&X, it, "value");
            double e;
            if (!v) {
                diag_error(sink, at(&X, it), "an <item> has no 'value'");
                continue;
            }
            int o = -1;
            for (int k = 0; k < is->noptions; k++)
                if (!strcmp(is->options[k], v)) o = k;
            if (o < 0) {
                unknown(&X, it, "item", v, is->options, is->noptions, where);
                continue;
            }
            if (given[(size_t)i * MO + (size_t)o]) {
                diag_error(sink, at(&X, it), "the profile evaluates item '%s' of '%s' twice", v, name);
                continue;
            }
            given[(size_t)i * MO + (size_t)o] = 1;
            if (number(&X, it, "evaluation", &e) == 0) {
                if (e < 0) diag_error(sink, at(&X, it), "an evaluation cannot be negative, got %g", e);
                else eval[(size_t)i * MO + (size_t)o] = e;
            }
        }
        for (int o = 0; o < is->noptions; o++)
            if (!given[(size_t)i * MO + (size_t)o])
                diag_report(sink, TRUCE_ERROR, at(&X, c), "give every item of the issue an evaluation",
                            "profile '%s' gives no evaluation for item '%s' of '%s'", party_id, is->options[o], name);
    }
    double sum = 0;
    for (const xmlNode *c = obj ? obj->children : NULL; c && !X.oom; c = c->next) {
        if (!named(c, "weight")) continue;
        double idx, w;
        if (number(&X, c, "index", &idx) || number(&X, c, "value", &w)) continue;
        int i = -1;
        for (int k = 0; k < nidx; k++)
            if (index_of[k] == (int)idx && idx == (double)(int)idx) i = by_index[k];
        if (i < 0) {
            diag_error(sink, at(&X, c), "<weight index=\"%g\"> names no issue of the profile", idx);
            continue;
        }
        if (w < 0) {
            diag_error(sink, at(&X, c), "weights cannot be negative, got %g", w);
            continue;
        }
        if (weighed[i]) {
            diag_error(sink, at(&X, c), "issue '%s' has two weights", s->issues[i].id);
            continue;
        }
        weighed[i] = 1;
        pa->weight[i] = w;
        sum += w;
    }
    for (size_t i = 0; obj && i < ni; i++) {
        if (!seen[i]) diag_error(sink, at(&X, obj), "profile '%s' has no issue '%s' of the domain", party_id, s->issues[i].id);
        else if (!weighed[i]) diag_error(sink, at(&X, obj), "profile '%s' gives issue '%s' no <weight>", party_id, s->issues[i].id);
    }
    if (obj && sink->errors == before && !(sum > 0))
        diag_error(sink, at(&X, obj), "profile '%s' has all its weights at 0", party_id);
    const xmlNode *res = root ? child(root, "reservation") : NULL;
    if (res && number(&X, res, "value", &pa->reservation) == 0 && !(pa->reservation >= 0 && pa->reservation <= 1)) {
        diag_error(sink, at(&X, res), "a reservation value is between 0 and 1, got %g", pa->reservation);
        pa->reservation = 0;
    }
    xmlFreeDoc(doc);
    if (X.oom) return TRUCE_ENOMEM;
    if (sink->errors > before) return TRUCE_EINVALID;
    for (size_t i = 0; i < ni; i++) {
        double max = 0;
        pa->weight[i] /= sum;
        for (int o = 0; o < s->issues[i].noptions; o++)
            if (eval[i * MO + (size_t)o] > max) max = eval[i * MO + (size_t)o];
        for (int o = 0; o < s->issues[i].noptions; o++)
            pa->value[i * MO + (size_t)o] = max > 0 ? eval[i * MO + (size_t)o] / max : 0;
    }
    s->nparties++;
    return 0;
}
