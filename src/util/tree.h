/* tree.h: a YAML or JSON document as a tree of maps, sequences and scalars, each node with its
 * line and column, read through libyaml (JSON is read as YAML flow style, which is why one
 * reader serves both and every GeoJSON coordinate keeps its position for diagnostics).
 * Anchors, aliases and multi-document streams are refused. */
#ifndef TRUCE_UTIL_TREE_H
#define TRUCE_UTIL_TREE_H

#include <stddef.h>
#include "alloc.h"
#include "diag.h"

typedef enum { TREE_SCALAR, TREE_SEQ, TREE_MAP } tree_kind;

typedef struct tree tree;
struct tree {
    tree_kind kind;
    pos at;
    int quoted;      /* scalar written in quotes (so "12" is a string, not a number) */
    const char *str; /* scalar text, NUL-terminated */
    size_t len;      /* scalar length in bytes (may contain NUL) */
    size_t n;        /* items in a sequence, pairs in a map */
    tree **items;    /* sequence items, or map values */
    tree **keys;     /* map keys (scalars), parallel to items */
};

/* Parses src into a tree in ar. Reports syntax errors to sink and returns NULL on failure
 * (errors reported) or when out of memory (*err = TRUCE_ENOMEM). An empty document gives an
 * empty map. Nesting deeper than 64 levels is an error. */
tree *tree_parse(arena *ar, const source *src, diag_sink *sink, int *err);

/* The value for key in a map, or NULL (also when t is not a map). */
tree *tree_get(const tree *t, const char *key);
/* Name of a node's kind for messages: "a mapping", "a list", "a text". */
const char *tree_kind_name(const tree *t);

/* Scalar conversions. Each returns 0 on success or -1 when the scalar is not of that form. */
int tree_as_double(const tree *t, double *out); /* finite numbers only */
int tree_as_int(const tree *t, long *out);
int tree_as_bool(const tree *t, int *out);      /* true/false/yes/no */
int tree_is_null(const tree *t);                /* ~, null, or empty unquoted scalar */

#endif
