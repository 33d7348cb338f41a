/* file.h: reading a whole file into an arena, the one way every loader and reader does it. */
#ifndef TRUCE_UTIL_FILE_H
#define TRUCE_UTIL_FILE_H

#include <stddef.h>

#include "util/alloc.h"

/* Reads the file at path into ar, NUL-terminated (the NUL not counted in *len). Returns 0,
 * TRUCE_EIO (cannot open or read it, or it is larger than max_bytes; errno tells which for the
 * first two) or TRUCE_ENOMEM. On error *data and *len are left unchanged. */
int file_read_all(arena *ar, const char *path, size_t max_bytes, char **data, size_t *len);

#endif
