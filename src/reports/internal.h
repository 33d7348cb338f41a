/* internal.h: what the report readers share: a value with its position whatever the format
 * (CSV field, JSON member, GeoJSON node), and the checks every reader runs on values (numbers,
 * coordinates, times, counts), each reporting "row N: column: reason" at the value. Not any one
 * format's columns. */
#ifndef TRUCE_REPORTS_INTERNAL_H
#define TRUCE_REPORTS_INTERNAL_H

#include <json-c/json.h>

#include "reports/csv.h"
#include "reports/reports.h"

typedef enum { RF_ABSENT, RF_TEXT, RF_STRING, RF_NUMBER, RF_OTHER } rf_kind;

/* One value as read: RF_TEXT from CSV (any column), RF_STRING / RF_NUMBER / RF_OTHER (true,
 * false, an array or object) from JSON; null and missing are RF_ABSENT. s is NUL-terminated. */
typedef struct rfield {
    const char *s;
    size_t len;
    pos at;
    rf_kind kind;
} rfield;

typedef struct row_ctx {
    const report_read_opts *o;
    char prefix[40]; /* "row 12: " for CSV; "" where the line says it */
    int errors;      /* in this row */
} row_ctx;

void row_error(row_ctx *c, pos at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void row_warning(row_ctx *c, pos at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Each returns 0, or -1 after reporting why (missing when required, wrong form, out of range). */
/* Text: NULL when absent or empty (an error when required). Numbers are taken as their text. */
int rf_text(row_ctx *c, const rfield *f, const char *name, int required, const char **out);
/* A whole number in min..max; REPORT_COUNT_NONE when absent and not required. */
int rf_long(row_ctx *c, const rfield *f, const char *name, int required, long min, long max, long *out);
/* A finite decimal number. */
int rf_double(row_ctx *c, const rfield *f, const char *name, double *out);
/* Longitude and latitude, both required: finite, in range, not the 0,0 of a missing value. */
int rf_lonlat(row_ctx *c, const rfield *lon, const rfield *lat, double *olon, double *olat);
/* An ISO 8601 time with a zone (TIME_EXACT), or when allow_day a calendar day (TIME_DAY).
 * Then checks it is not after o->now. */
int rf_time(row_ctx *c, const rfield *f, const char *name, int allow_day, report_time *out);
/* Reports (and returns -1) when t begins after o->now. */
int check_not_future(row_ctx *c, pos at, const char *name, const report_time *t);

/* A report_time for the whole of days from..until. */
report_time time_days(truce_date from, truce_date until);

/* A CSV field as an rfield (RF_ABSENT when the column is not in the header). */
rfield csv_rfield(const csv_reader *r, int idx);

/* Fast decimal parsing: exact (correctly rounded) for up to 15 significant digits without an
 * exponent, strtod otherwise. 0 or -1. */
int parse_double(const char *s, size_t len, double *out);
int parse_long(const char *s, size_t len, long *out);

/* The column of the first `"key"` in a JSON line, as a position (line start when absent). */
pos json_key_pos(const source *src, int line, const char *text, size_t len, const char *key);
/* Character column (1-based) of byte offset off in text. */
int char_col(const char *text, size_t off);

/* Guesses a format from a file name's extension: 'c' csv, 'j' JSON Lines, 'g' GeoJSON, 0. */
int format_from_name(const char *name);

/* A CSV format of reports: its columns, and what makes a report of one row. */
typedef struct csv_format {
    const char *what; /* "ACLED", in messages */
    const char *const *cols;
    const unsigned char *required;
    size_t ncols; /* at most 64 */
    /* after the header is matched (idx per column); may be NULL */
    void (*header)(const csv_reader *r, const int *idx, diag_sink *sink);
    /* fills rep from the current row, reporting problems through c (c->errors > 0: rejected) */
    void (*row)(row_ctx *c, const csv_reader *r, const int *idx, report *rep, void *ctx);
    void *ctx;
} csv_format;

/* Reads src as CSV with a header; each row that has the header's width goes to f->row, and each
 * good report to o->fn. Returns as the public readers do (reports.h). */
int csv_rows(const source *src, const report_read_opts *o, report_stats *st, const csv_format *f);

/* JSON Lines: each non-blank line parsed as one JSON object (json-c; parse errors as line:col)
 * and handed to fn, which reports problems through c and delivers good reports; a non-zero return
 * stops the reading and is returned. Counts rows and rejected lines in st. */
typedef int (*jsonl_line_fn)(row_ctx *c, json_object *obj, int line, const char *text, size_t len, void *ctx);
int jsonl_lines(const source *src, const report_read_opts *o, report_stats *st, jsonl_line_fn fn, void *ctx);
typedef struct jsonl_ctx {
    const source *src;
    const report_read_opts *o;
    report_stats *st;
} jsonl_ctx;
/* A JSON member as an rfield at `at`. */
rfield json_rfield(json_object *v, pos at);

/* Checks the counts the callers keep and hands r to o->fn. */
int deliver_report(const report_read_opts *o, report_stats *st, const report *r);

#endif
