/* corridor.h: what the corridor benchmark's generator (gen.c) and evaluator (eval.c) share:
 * reading a GeoJSON file through the project's own reader (tree + geo_read_geojson) and the
 * fixed names of the data files. Benchmark code only; the library knows nothing of it. */
#ifndef TRUCE_BENCH_CORRIDOR_H
#define TRUCE_BENCH_CORRIDOR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"
#include "util/tree.h"

/* Prints each diagnostic of the GeoJSON reader to stderr. */
static inline void corridor_print_diag(const truce_diag *d, void *user)
{
    (void)user;
    truce_diag_print(stderr, d, 0);
}

/* Reads the whole file at path into the arena, NUL-terminated; NULL on failure. */
static inline char *corridor_slurp(arena *ar, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? arena_alloc(ar, (size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) buf = NULL;
    fclose(f);
    if (buf) buf[n] = '\0', *len = (size_t)n;
    return buf;
}

/* Reads the GeoJSON file at path into *out (shapes in ar, boxes computed). 0 or -1 (reported). */
static inline int corridor_read_geojson(arena *ar, const char *path, geo_collection *out)
{
    source *src = arena_alloc(ar, sizeof *src);
    size_t len = 0;
    char *text = src ? corridor_slurp(ar, path, &len) : NULL;
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        return -1;
    }
    src->name = path, src->text = text, src->len = len;
    diag_sink sink = {corridor_print_diag, NULL, 0, 0};
    int err = 0;
    tree *doc = tree_parse(ar, src, &sink, &err);
    if (!doc || geo_read_geojson(ar, doc, &sink, out) != 0 || sink.errors) {
        fprintf(stderr, "%s: not usable GeoJSON\n", path);
        return -1;
    }
    for (size_t i = 0; i < out->n; i++) geo_shape_bbox(&out->features[i].shape);
    return 0;
}

#endif
