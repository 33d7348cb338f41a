/* file.c: whole files into an arena. Reads in doubling chunks so pipes and /proc files, whose
 * size is not known beforehand, work as well as regular files. */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int file_read_all(arena *ar, const char *path, size_t max_bytes, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return TRUCE_EIO;
    int r = 0;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            if (cap >= max_bytes) {
                errno = EFBIG;
                r = TRUCE_EIO;
                goto out;
            }
            char *nb = arena_alloc(ar, ncap + 1);
            if (!nb) {
                r = TRUCE_ENOMEM;
                goto out;
            }
            if (n) memcpy(nb, buf, n);
            buf = nb, cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) r = TRUCE_EIO;
out:
    fclose(f);
    if (r == 0) {
        buf[n] = '\0';
        *data = buf;
        *len = n;
    }
    return r;
}
