/* alloc.h: the one allocator interface of libtruce, and the arena built on it.
 * Parse results live in an arena freed in one call. Not thread-safe; one arena per owner. */
#ifndef TRUCE_UTIL_ALLOC_H
#define TRUCE_UTIL_ALLOC_H

#include <stddef.h>
#include "truce.h"

/* The allocator to use when the caller passed NULL: malloc/realloc/free. */
const truce_allocator *alloc_default(void);

void *alloc_mem(const truce_allocator *a, size_t size);               /* NULL when out of memory */
void *alloc_grow(const truce_allocator *a, void *p, size_t old, size_t size); /* NULL: p kept */
void alloc_free(const truce_allocator *a, void *p, size_t size);       /* p may be NULL */

typedef struct arena_chunk arena_chunk;
typedef struct arena {
    const truce_allocator *alloc;
    arena_chunk *head;
    size_t used, cap; /* in head */
} arena;

void arena_init(arena *ar, const truce_allocator *alloc);
/* Zeroed memory aligned for any object, valid until arena_release; NULL when out of memory. */
void *arena_alloc(arena *ar, size_t size);
/* A NUL-terminated copy of s[0..len); NULL when out of memory. */
char *arena_strndup(arena *ar, const char *s, size_t len);
char *arena_strdup(arena *ar, const char *s);
/* printf into the arena; NULL when out of memory. */
char *arena_printf(arena *ar, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees every block of the arena at once; the arena can be used again. */
void arena_release(arena *ar);

/* A growable array of fixed-size items inside an arena. Old storage is left to the arena. */
typedef struct vec {
    void *items;
    size_t n, cap;
} vec;
/* Appends one zeroed item of size isz; returns it, or NULL when out of memory. */
void *vec_push(arena *ar, vec *v, size_t isz);

#endif
