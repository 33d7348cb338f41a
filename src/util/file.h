/* file.h: reading a whole file into an arena, the one way every loader and reader does it. */
#ifndef TRUCE_UTIL_FILE_H
#define TRUCE_UTIL_FILE_H

#include <stddef.h>
#include <string.h>

#include "util/alloc.h"

/* Reads the file at path into ar, NUL-terminated (the NUL not counted in *len). Returns 0,
 * TRUCE_EIO (cannot open or read it, or it is larger than max_bytes; errno tells which for the
 * first two) or TRUCE_ENOMEM. On error *data and *len are left unchanged. */
int file_read_all(arena *ar, const char *path, size_t max_bytes, char **data, size_t *len);

/* The line of data[0..len) that starts at *off: *text and *l (without its "\n" or "\r\n"), and
 * *off moved past it. Returns 0 when *off is at the end (nothing set), else 1. */
static inline int file_next_line(const char *data, size_t len, size_t *off, const char **text, size_t *l)
{
    if (*off >= len) return 0;
    const char *t = data + *off, *nl = memchr(t, '\n', len - *off);
    size_t n = nl ? (size_t)(nl - t) : len - *off;
    *off += n + (nl ? 1 : 0);
    if (n && t[n - 1] == '\r') n--;
    *text = t, *l = n;
    return 1;
}

#endif
