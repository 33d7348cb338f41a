/* csv.h: an RFC 4180 CSV reader over a buffer, one record at a time, each field NUL-terminated
 * and unescaped, with the line and column where it starts; and matching a header row to the
 * columns a reader wants. Not the meaning of any column (acled.c, ged.c, track.c, impl.c). */
#ifndef TRUCE_REPORTS_CSV_H
#define TRUCE_REPORTS_CSV_H

#include <stddef.h>

#include "util/alloc.h"
#include "util/diag.h"

typedef struct csv_field {
    const char *s;   /* the value, unescaped and NUL-terminated; valid until the next csv_next */
    size_t len;      /* bytes (a NUL inside makes the record bad, see csv_reader.error) */
    size_t off;      /* byte offset of the field's first character (its quote, if quoted) */
    size_t line_off; /* byte offset of the first character of that line */
    int line;        /* 1-based line of the field's start */
    size_t voff;     /* private: where the value starts in the reader's buffer */
} csv_field;

typedef struct csv_reader {
    const source *src;
    const char *base, *p, *end;
    arena *ar;
    csv_field *fields;
    size_t nfields, fcap;
    char *buf; /* the current record's values, each followed by a NUL */
    size_t blen, bcap;
    long row;        /* 1-based number of the record just read (the header, if any, is row 1) */
    int line;        /* line of the reading position */
    size_t line_off; /* offset of that line's start */
    /* Set when the record just read is malformed (it is still returned, so the caller can reject
     * it with a position and go on): why, and where. */
    const char *error;
    size_t error_off, error_line_off;
    int error_line;
    size_t end_off, end_line_off; /* where the record ends (for "missing fields") */
    int end_line;
} csv_reader;

/* Starts reading src (a UTF-8 byte order mark is skipped). Scratch memory comes from ar. */
void csv_init(csv_reader *r, arena *ar, const source *src);
/* Reads the next record: 1 when there is one (in r->fields[0..nfields)), 0 at the end of the
 * input, TRUCE_ENOMEM. Blank lines are skipped. An unterminated quoted field ends the input. */
int csv_next(csv_reader *r);

/* Where a field starts as a diagnostic position (the column counted in characters). */
pos csv_field_pos(const csv_reader *r, const csv_field *f);
/* Where the record's problem is, and where the record ends. */
pos csv_error_pos(const csv_reader *r);
pos csv_end_pos(const csv_reader *r);

/* Maps a header record to wanted columns: idx[i] is the field index of names[i], or -1. Names
 * match case-insensitively, spaces around them ignored. Reports each required column that is
 * missing (an error at the header), each repeated column (an error) and each column not in names
 * (a warning: ignored). `what` names the format in messages ("ACLED"). Returns the number of
 * errors reported (0: the header is usable). */
int csv_header(const csv_reader *r, diag_sink *sink, const char *what, const char *const *names,
               const unsigned char *required, size_t n, int *idx);

#endif
