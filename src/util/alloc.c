/* alloc.c: the default allocator and the arena. The arena hands out memory in chunks that
 * double in size and frees them all at once; it never frees a single object. */
#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *std_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    (void)user;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, new_size);
}

static const truce_allocator std_allocator = {std_alloc, NULL};

const truce_allocator *alloc_default(void) { return &std_allocator; }

void *alloc_mem(const truce_allocator *a, size_t size)
{
    if (!a) a = &std_allocator;
    return a->fn(a->user, NULL, 0, size ? size : 1);
}

void *alloc_grow(const truce_allocator *a, void *p, size_t old, size_t size)
{
    if (!a) a = &std_allocator;
    return a->fn(a->user, p, old, size ? size : 1);
}

void alloc_free(const truce_allocator *a, void *p, size_t size)
{
    if (!p) return;
    if (!a) a = &std_allocator;
    a->fn(a->user, p, size, 0);
}

struct arena_chunk {
    arena_chunk *next;
    size_t size; /* bytes after the header */
    max_align_t data[];
};

void arena_init(arena *ar, const truce_allocator *alloc)
{
    ar->alloc = alloc ? alloc : &std_allocator;
    ar->head = NULL;
    ar->used = ar->cap = 0;
}

void *arena_alloc(arena *ar, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size == 0) size = align;
    if (!ar->head || ar->cap - ar->used < size) {
        size_t want = ar->cap ? ar->cap * 2 : 4096;
        if (want > (size_t)1 << 24) want = (size_t)1 << 24;
        if (want < size) want = size;
        arena_chunk *c = alloc_mem(ar->alloc, sizeof(arena_chunk) + want);
        if (!c) return NULL;
        c->next = ar->head;
        c->size = want;
        ar->head = c;
        ar->used = 0;
        ar->cap = want;
    }
    void *p = (char *)ar->head->data + ar->used;
    ar->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *ar, const char *s, size_t len)
{
    char *p = arena_alloc(ar, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(arena *ar, const char *s) { return arena_strndup(ar, s, strlen(s)); }

char *arena_printf(arena *ar, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *p = arena_alloc(ar, (size_t)n + 1);
    if (!p) return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_release(arena *ar)
{
    arena_chunk *c = ar->head;
    while (c) {
        arena_chunk *next = c->next;
        alloc_free(ar->alloc, c, sizeof(arena_chunk) + c->size);
        c = next;
    }
    ar->head = NULL;
    ar->used = ar->cap = 0;
}

void *vec_push(arena *ar, vec *v, size_t isz)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void *items = arena_alloc(ar, cap * isz);
        if (!items) return NULL;
        if (v->n) memcpy(items, v->items, v->n * isz);
        v->items = items;
        v->cap = cap;
    }
    void *slot = (char *)v->items + v->n * isz;
    memset(slot, 0, isz);
    v->n++;
    return slot;
}
