/* truce.h: the whole public API of libtruce, an engine for phased ceasefire agreements.
 *
 * Read it top to bottom: errors, diagnostics, allocation, then the agreement (load, check,
 * resolve) and the views of it (show, timeline, map). The `truce` command uses nothing else.
 * The library never prints and never exits: it returns error codes and hands diagnostics to
 * a callback you give it.
 */
#ifndef TRUCE_H
#define TRUCE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRUCE_VERSION "0.1.0"

/* ---------------------------------------------------------------------------------------------
 * Errors. Every function that can fail returns 0 or one of these negative codes.
 * X(NAME, value, message)
 */
#define TRUCE_ERRNO_MAP(X)                                                                        \
    X(OK, 0, "success")                                                                           \
    X(NOMEM, -1, "out of memory")                                                                 \
    X(IO, -2, "cannot read or write a file")                                                      \
    X(SYNTAX, -3, "the file is not well-formed YAML or JSON")                                     \
    X(INVALID, -4, "the agreement has errors")                                                    \
    X(ARG, -5, "invalid argument")                                                                \
    X(NOTFOUND, -6, "no such item")                                                               \
    X(GEOMETRY, -7, "a geometry operation failed")                                                \
    X(PROJ, -8, "a map projection failed")                                                        \
    X(UNRESOLVED, -9, "a date cannot be resolved")

typedef enum {
#define TRUCE_ENUM_ENTRY(name, value, msg) TRUCE_E##name = (value),
    TRUCE_ERRNO_MAP(TRUCE_ENUM_ENTRY)
#undef TRUCE_ENUM_ENTRY
} truce_error;

/* A sentence describing err ("out of memory"); never NULL, static storage. */
const char *truce_strerror(int err);
/* The code's name without prefix ("NOMEM"); "UNKNOWN" for a value not in the table. */
const char *truce_error_name(int err);

/* ---------------------------------------------------------------------------------------------
 * Diagnostics: what is wrong and where. Loading and checking report every problem they find
 * through a truce_diag_fn, in source order per file, and keep going.
 */
typedef enum { TRUCE_ERROR, TRUCE_WARNING, TRUCE_NOTE } truce_severity;

typedef struct truce_diag {
    truce_severity severity;
    const char *file;        /* path as given to the loader; never NULL */
    int line, col;           /* 1-based; 0 when the problem has no position (a whole file) */
    const char *message;     /* one sentence, no trailing period */
    const char *hint;        /* "did you mean zone 'netzarim'?", or NULL */
    const char *source_line; /* the text of that line without its newline, or NULL */
} truce_diag;

/* Called once per diagnostic; the diag and its strings live only during the call. */
typedef void (*truce_diag_fn)(const truce_diag *diag, void *user);

/* Writes diag to out as `file:line:col: error: message`, then the source line and a caret under
 * the column, then `      = hint: ...` when there is one. color != 0 adds ANSI colours.
 * Returns 0 or TRUCE_EIO. */
int truce_diag_print(FILE *out, const truce_diag *diag, int color);

/* ---------------------------------------------------------------------------------------------
 * Allocation. Pass NULL wherever an allocator is asked for to use malloc/realloc/free.
 * fn(user, ptr, old_size, new_size): new_size 0 frees ptr and returns NULL; otherwise it returns
 * a block of new_size bytes holding the first min(old,new) bytes of ptr, or NULL when out of
 * memory (the library then returns TRUCE_ENOMEM; ptr is left alone). Libraries truce builds on
 * (libyaml, PROJ, GEOS) use their own allocators.
 */
typedef void *(*truce_alloc_fn)(void *user, void *ptr, size_t old_size, size_t new_size);
typedef struct truce_allocator {
    truce_alloc_fn fn;
    void *user;
} truce_allocator;

/* ---------------------------------------------------------------------------------------------
 * Dates. A date is a calendar day in the agreement's time zone, counted as days since
 * 1970-01-01 (day 0). truce_date_parse takes "YYYY-MM-DD".
 */
typedef int truce_date;
#define TRUCE_DATE_NONE (-2147483647 - 1)

/* Parses "YYYY-MM-DD" (a real calendar day, years 1000-9999) into *out. 0 or TRUCE_EARG. */
int truce_date_parse(const char *text, truce_date *out);
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
char *truce_date_format(truce_date date, char buf[11]);

/* ---------------------------------------------------------------------------------------------
 * The agreement: a YAML file whose zones are GeoJSON files named by relative path. See
 * docs/format.md for the format and schema/agreement.schema.json for its JSON Schema.
 */
typedef struct truce_agreement truce_agreement;

typedef struct truce_load_options {
    truce_diag_fn on_diag; /* may be NULL: diagnostics are then counted but not shown */
    void *user;            /* passed to on_diag */
    const truce_allocator *alloc; /* NULL for the default */
} truce_load_options;

/* Reads the agreement at path and every zone file it names, and builds its zones (buffers,
 * unions, ...). Syntax errors and meaning errors are reported to opt->on_diag.
 * Returns 0 and a new agreement in *out even when it has meaning errors (so that a caller can
 * still show what loaded; truce_agreement_errors tells how many), or a negative code with
 * *out = NULL when nothing usable was read (TRUCE_EIO, TRUCE_ESYNTAX, TRUCE_ENOMEM).
 * The caller owns *out and frees it with truce_agreement_free. */
int truce_agreement_load(const char *path, const truce_load_options *opt, truce_agreement **out);

/* Same as truce_agreement_load, from memory: name is used in diagnostics, base_dir to find zone
 * files (NULL: none may be named). data need not be NUL-terminated and is not kept. */
int truce_agreement_load_buffer(const char *name, const char *data, size_t len, const char *base_dir,
                                const truce_load_options *opt, truce_agreement **out);

/* Frees an agreement and everything it owns. NULL is a harmless no-op. */
void truce_agreement_free(truce_agreement *agreement);

/* Runs the meaning checks (unknown ids, deadlines past their phase, cycles in phase conditions,
 * quantities that do not add up, invalid geometry, contradictory obligations) and reports each
 * problem to opt->on_diag. Returns the number of errors found (load errors included), or a
 * negative code. Warnings are reported but not counted. */
int truce_agreement_check(truce_agreement *agreement, const truce_load_options *opt);

/* Number of errors reported so far by load and check. */
int truce_agreement_errors(const truce_agreement *agreement);

/* The agreement's id and title (owned by the agreement). */
const char *truce_agreement_id(const truce_agreement *agreement);
const char *truce_agreement_title(const truce_agreement *agreement);

/* ---------------------------------------------------------------------------------------------
 * Views. Each writes a complete document to out and returns 0, TRUCE_EIO, TRUCE_ENOMEM, or
 * TRUCE_EARG for a format the view does not offer. They never change the agreement.
 */
typedef enum {
    TRUCE_FORMAT_TEXT,
    TRUCE_FORMAT_MARKDOWN,
    TRUCE_FORMAT_JSON,
    TRUCE_FORMAT_SVG,
    TRUCE_FORMAT_GEOJSON
} truce_format;

/* Parses a format name ("text", "markdown", "json", "svg", "geojson"). 0 or TRUCE_EARG. */
int truce_format_parse(const char *name, truce_format *out);

typedef struct truce_view_options {
    truce_format format;
    truce_date start; /* the agreement's day 1, overriding the file's; TRUCE_DATE_NONE to keep */
} truce_view_options;

/* The agreement as a readable document: text, markdown or json. */
int truce_show(const truce_agreement *agreement, const truce_view_options *opt, FILE *out);

/* Every phase and obligation resolved to dates (or to agreement days when day 1 is not known:
 * "when signed"), in order: text, json or svg (a Gantt chart). */
int truce_timeline(const truce_agreement *agreement, const truce_view_options *opt, FILE *out);

/* The zones, derived zones included, with labels and credited base data: svg or geojson. */
int truce_map(const truce_agreement *agreement, const truce_view_options *opt, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
