/* diag.h: reporting problems as file:line:col diagnostics to the caller's callback.
 * A source is the text of one file, kept so a diagnostic can quote the offending line. */
#ifndef TRUCE_UTIL_DIAG_H
#define TRUCE_UTIL_DIAG_H

#include <stddef.h>
#include "truce.h"

typedef struct source {
    const char *name; /* as the user gave it */
    const char *text; /* whole file; may contain NULs, not necessarily NUL-terminated */
    size_t len;
} source;

/* Where a node stands in a source: 1-based line and column (in characters of the line). */
typedef struct pos {
    const source *src;
    int line, col;
} pos;

typedef struct diag_sink {
    truce_diag_fn fn;
    void *user;
    int errors, warnings;
} diag_sink;

/* Reports one diagnostic. hint may be NULL. Counts errors and warnings. */
void diag_report(diag_sink *sink, truce_severity sev, pos at, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define diag_error(sink, at, ...) diag_report((sink), TRUCE_ERROR, (at), NULL, __VA_ARGS__)
#define diag_warning(sink, at, ...) diag_report((sink), TRUCE_WARNING, (at), NULL, __VA_ARGS__)

/* A diagnostic for a whole file (no line). */
void diag_file(diag_sink *sink, truce_severity sev, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Levenshtein distance between a and b, capped at cap+1 (cheap for ids). */
int str_distance(const char *a, const char *b, int cap);

#endif
