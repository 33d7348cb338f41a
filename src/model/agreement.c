/* agreement.c: the public life cycle of an agreement: load (read, parse, build zones), check,
 * free. The steps themselves are in load.c, zones.c, check.c and resolve.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "util/file.h"

#define MAX_FILE_BYTES (256u << 20)

/* Reads a whole file into the agreement's arena and keeps it for diagnostics. */
int agreement_read_file(truce_agreement *a, const char *path, source **out)
{
    char *buf;
    size_t len;
    int r = file_read_all(&a->ar, path, MAX_FILE_BYTES, &buf, &len);
    if (r) return r;
    source *src = vec_push(&a->ar, &a->texts, sizeof *src);
    char *name = arena_strdup(&a->ar, path);
    if (!src || !name) return TRUCE_ENOMEM;
    src->name = name;
    src->text = buf;
    src->len = len;
    *out = src;
    return 0;
}

static truce_agreement *agreement_new(const truce_load_options *opt)
{
    const truce_allocator *al = opt && opt->alloc ? opt->alloc : alloc_default();
    truce_agreement *a = alloc_mem(al, sizeof *a);
    if (!a) return NULL;
    memset(a, 0, sizeof *a);
    arena_init(&a->ar, al);
    if (opt) {
        a->sink.fn = opt->on_diag;
        a->sink.user = opt->user;
    }
    a->start = TRUCE_DATE_NONE;
    return a;
}

/* Parses, loads and builds; on a fatal error frees a and returns the code. */
static int finish_load(truce_agreement *a, const source *src, truce_agreement **out)
{
    int r = model_load(a, src);
    if (r == 0) r = model_link(a);
    if (r == 0) {
        a->geo = geo_ctx_new();
        r = a->geo ? model_build_zones(a) : TRUCE_ENOMEM;
    }
    if (r == 0) model_resolve_phases(a);
    if (r < 0) {
        truce_agreement_free(a);
        return r;
    }
    *out = a;
    return 0;
}

int truce_agreement_load(const char *path, const truce_load_options *opt, truce_agreement **out)
{
    if (!path || !out) return TRUCE_EARG;
    *out = NULL;
    truce_agreement *a = agreement_new(opt);
    if (!a) return TRUCE_ENOMEM;
    source *src = NULL;
    int r = agreement_read_file(a, path, &src);
    if (r) {
        if (r == TRUCE_EIO) diag_file(&a->sink, TRUCE_ERROR, path, "cannot read the file: %s", strerror(errno ? errno : EIO));
        truce_agreement_free(a);
        return r;
    }
    a->path = src->name;
    const char *slash = strrchr(path, '/');
    a->base_dir = slash ? arena_strndup(&a->ar, path, (size_t)(slash - path) + (slash == path)) : ".";
    if (!a->base_dir) {
        truce_agreement_free(a);
        return TRUCE_ENOMEM;
    }
    return finish_load(a, src, out);
}

int truce_agreement_load_buffer(const char *name, const char *data, size_t len, const char *base_dir,
                                const truce_load_options *opt, truce_agreement **out)
{
    if (!data || !out) return TRUCE_EARG;
    *out = NULL;
    truce_agreement *a = agreement_new(opt);
    if (!a) return TRUCE_ENOMEM;
    source *src = vec_push(&a->ar, &a->texts, sizeof *src);
    char *copy = arena_strndup(&a->ar, data, len);
    const char *nm = arena_strdup(&a->ar, name ? name : "<input>");
    const char *bd = base_dir ? arena_strdup(&a->ar, base_dir) : NULL;
    if (!src || !copy || !nm || (base_dir && !bd)) {
        truce_agreement_free(a);
        return TRUCE_ENOMEM;
    }
    src->name = nm;
    src->text = copy;
    src->len = len;
    a->path = nm;
    a->base_dir = bd;
    return finish_load(a, src, out);
}

void truce_agreement_free(truce_agreement *a)
{
    if (!a) return;
    const truce_allocator *al = a->ar.alloc;
    geo_ctx_free(a->geo);
    arena_release(&a->ar);
    alloc_free(al, a, sizeof *a);
}

int truce_agreement_check(truce_agreement *a, const truce_load_options *opt)
{
    if (!a) return TRUCE_EARG;
    if (opt) {
        a->sink.fn = opt->on_diag;
        a->sink.user = opt->user;
    }
    if (!a->checked) {
        int r = model_check(a);
        if (r < 0) return r;
        a->checked = 1;
    }
    return a->sink.errors;
}

int truce_agreement_errors(const truce_agreement *a) { return a ? a->sink.errors : 0; }
const char *truce_agreement_id(const truce_agreement *a) { return a && a->id ? a->id : ""; }
const char *truce_agreement_title(const truce_agreement *a) { return a && a->title ? a->title : ""; }
