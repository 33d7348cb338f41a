/* tree.c: builds a tree from libyaml's event stream. Only the parser's events are used, so
 * every node keeps libyaml's start mark; the tree itself lives in the caller's arena. */
#include "tree.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define TREE_MAX_DEPTH 64

typedef struct frame {
    tree *node;
    vec items, keys;
    tree *pending_key; /* in a map: key read, value not yet */
} frame;

static pos mark_pos(const source *src, yaml_mark_t m)
{
    pos p = {src, (int)m.line + 1, (int)m.column + 1};
    return p;
}

/* Adds child to the open container on top of the stack. Returns 0, 1 for a duplicate key
 * (reported), or TRUCE_ENOMEM. */
static int attach(arena *ar, frame *top, tree *child, diag_sink *sink)
{
    if (top->node->kind == TREE_SEQ) {
        tree **slot = vec_push(ar, &top->items, sizeof(tree *));
        if (!slot) return TRUCE_ENOMEM;
        *slot = child;
        return 0;
    }
    if (!top->pending_key) {
        if (child->kind != TREE_SCALAR) {
            diag_error(sink, child->at, "a key must be a plain text, not %s", tree_kind_name(child));
            return 1;
        }
        tree **ks = top->keys.items;
        for (size_t i = 0; i < top->keys.n; i++) {
            if (ks[i]->len == child->len && memcmp(ks[i]->str, child->str, child->len) == 0) {
                char hint[96];
                snprintf(hint, sizeof hint, "the first '%s' is on line %d", child->str, ks[i]->at.line);
                diag_report(sink, TRUCE_ERROR, child->at, hint, "duplicate key '%s'", child->str);
                return 1;
            }
        }
        top->pending_key = child;
        return 0;
    }
    tree **k = vec_push(ar, &top->keys, sizeof(tree *));
    tree **v = vec_push(ar, &top->items, sizeof(tree *));
    if (!k || !v) return TRUCE_ENOMEM;
    *k = top->pending_key;
    *v = child;
    top->pending_key = NULL;
    return 0;
}

static void close_frame(frame *f)
{
    f->node->n = f->items.n;
    f->node->items = f->items.items;
    f->node->keys = f->keys.items;
}

tree *tree_parse(arena *ar, const source *src, diag_sink *sink, int *err)
{
    *err = 0;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        *err = TRUCE_ENOMEM;
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->text, src->len);
    frame stack[TREE_MAX_DEPTH + 1];
    int depth = 0, docs = 0, failed = 0, done = 0;
    tree *root = NULL;
    while (!done && !failed) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            pos at = mark_pos(src, parser.problem_mark);
            const char *problem = parser.problem ? parser.problem : "malformed input";
            if (parser.error == YAML_MEMORY_ERROR) *err = TRUCE_ENOMEM;
            else if (parser.context)
                diag_error(sink, at, "%s (%s, line %d)", problem, parser.context,
                           (int)parser.context_mark.line + 1);
            else
                diag_error(sink, at, "%s", problem);
            failed = 1;
            break;
        }
        pos at = mark_pos(src, ev.start_mark);
        tree *node = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) {
                diag_error(sink, at, "only one document is allowed in a file ('---' starts a second one)");
                failed = 1;
            }
            break;
        case YAML_ALIAS_EVENT:
            diag_error(sink, at, "aliases ('*name') are not supported; write the value out");
            failed = 1;
            break;
        case YAML_SCALAR_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            const unsigned char *anchor = ev.type == YAML_SCALAR_EVENT ? ev.data.scalar.anchor
                                          : ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.anchor
                                                                                 : ev.data.mapping_start.anchor;
            if (anchor) {
                diag_error(sink, at, "anchors ('&name') are not supported; write the value out");
                failed = 1;
                break;
            }
            node = arena_alloc(ar, sizeof *node);
            if (!node) {
                *err = TRUCE_ENOMEM;
                failed = 1;
                break;
            }
            node->at = at;
            if (ev.type == YAML_SCALAR_EVENT) {
                node->kind = TREE_SCALAR;
                node->len = ev.data.scalar.length;
                node->str = arena_strndup(ar, (const char *)ev.data.scalar.value, node->len);
                node->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
                if (!node->str) {
                    *err = TRUCE_ENOMEM;
                    failed = 1;
                    break;
                }
            } else {
                node->kind = ev.type == YAML_SEQUENCE_START_EVENT ? TREE_SEQ : TREE_MAP;
            }
            if (depth > 0) {
                int r = attach(ar, &stack[depth - 1], node, sink);
                if (r) {
                    if (r < 0) *err = r;
                    failed = 1;
                    break;
                }
            } else {
                root = node;
            }
            if (node->kind != TREE_SCALAR) {
                if (depth == TREE_MAX_DEPTH) {
                    diag_error(sink, at, "nested more than %d levels deep", TREE_MAX_DEPTH);
                    failed = 1;
                    break;
                }
                memset(&stack[depth], 0, sizeof stack[depth]);
                stack[depth++].node = node;
            }
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            close_frame(&stack[--depth]);
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (failed) return NULL;
    if (!root) {
        root = arena_alloc(ar, sizeof *root);
        if (!root) {
            *err = TRUCE_ENOMEM;
            return NULL;
        }
        root->kind = TREE_MAP;
        root->at = (pos){src, 1, 1};
    }
    return root;
}

tree *tree_get(const tree *t, const char *key)
{
    if (!t || t->kind != TREE_MAP) return NULL;
    size_t kl = strlen(key);
    for (size_t i = 0; i < t->n; i++)
        if (t->keys[i]->len == kl && memcmp(t->keys[i]->str, key, kl) == 0) return t->items[i];
    return NULL;
}

const char *tree_kind_name(const tree *t)
{
    if (!t) return "nothing";
    switch (t->kind) {
    case TREE_MAP: return "a mapping";
    case TREE_SEQ: return "a list";
    default: return tree_is_null(t) ? "an empty value" : "a text";
    }
}

int tree_as_double(const tree *t, double *out)
{
    if (!t || t->kind != TREE_SCALAR || t->len == 0 || strlen(t->str) != t->len) return -1;
    char *end;
    errno = 0;
    double v = strtod(t->str, &end);
    if (*end || errno || !isfinite(v)) return -1;
    /* strtod also takes hex, "inf" and "nan"; agreements and GeoJSON use decimals only */
    for (const char *p = t->str; *p; p++)
        if (!strchr("0123456789+-.eE", *p)) return -1;
    *out = v;
    return 0;
}

int tree_as_int(const tree *t, long *out)
{
    if (!t || t->kind != TREE_SCALAR || t->len == 0 || strlen(t->str) != t->len) return -1;
    char *end;
    errno = 0;
    long v = strtol(t->str, &end, 10);
    if (*end || errno) return -1;
    *out = v;
    return 0;
}

int tree_as_bool(const tree *t, int *out)
{
    if (!t || t->kind != TREE_SCALAR || t->quoted) return -1;
    if (!strcasecmp(t->str, "true") || !strcasecmp(t->str, "yes")) *out = 1;
    else if (!strcasecmp(t->str, "false") || !strcasecmp(t->str, "no")) *out = 0;
    else return -1;
    return 0;
}

int tree_is_null(const tree *t)
{
    if (!t) return 1;
    if (t->kind != TREE_SCALAR || t->quoted) return 0;
    return t->len == 0 || !strcmp(t->str, "~") || !strcmp(t->str, "null");
}
