/* zones.c: gives every zone its shape: features read from the GeoJSON files the agreement names
 * (each file read once), then buffers and combinations of other zones, in dependency order with
 * cycles reported. Geometry itself is geo's job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

typedef struct geofile {
    const char *path;
    geo_collection features;
    int ok, errors; /* errors: features left out because they were broken (already reported) */
} geofile;

int agreement_read_file(truce_agreement *a, const char *path, source **out); /* agreement.c */

static const geofile *open_geofile(truce_agreement *a, vec *files, const char *rel, pos at, int *oom)
{
    geofile *f = files->items;
    for (size_t i = 0; i < files->n; i++)
        if (!strcmp(f[i].path, rel)) return &f[i];
    geofile *nf = vec_push(&a->ar, files, sizeof *nf);
    if (!nf) {
        *oom = 1;
        return NULL;
    }
    nf->path = rel;
    if (!a->base_dir) {
        diag_error(&a->sink, at, "zone files cannot be read from an agreement given in memory");
        return nf;
    }
    /* relative paths are taken from the agreement's folder, so an agreement moves with it */
    const char *path = rel[0] == '/' ? rel : arena_printf(&a->ar, "%s/%s", a->base_dir, rel);
    if (!path) {
        *oom = 1;
        return NULL;
    }
    source *src = NULL;
    int r = agreement_read_file(a, path, &src);
    if (r == TRUCE_ENOMEM) {
        *oom = 1;
        return NULL;
    }
    if (r) {
        diag_report(&a->sink, TRUCE_ERROR, at, "zone files are found relative to the agreement file's folder",
                    "cannot read zone file '%s'", path);
        return nf;
    }
    int err = 0;
    tree *doc = tree_parse(&a->ar, src, &a->sink, &err);
    if (err) {
        *oom = 1;
        return NULL;
    }
    if (!doc) return nf;
    r = geo_read_geojson(&a->ar, doc, &a->sink, &nf->features);
    nf->errors = r;
    if (r < 0) {
        *oom = 1;
        return NULL;
    }
    nf->ok = 1;
    return nf;
}

static zone *find_operand(truce_agreement *a, zone *z, size_t i)
{
    zone *o = model_zone(a, z->operand_ids[i]);
    if (o) return o;
    const char *best = NULL;
    int best_d = 4;
    for (size_t k = 0; k < a->nzones; k++) {
        if (!a->zones[k].id) continue;
        int d = str_distance(z->operand_ids[i], a->zones[k].id, 3);
        if (d < best_d) best_d = d, best = a->zones[k].id;
    }
    char hint[128];
    if (best) snprintf(hint, sizeof hint, "did you mean zone '%s'?", best);
    diag_report(&a->sink, TRUCE_ERROR, z->operand_at[i], best ? hint : NULL, "unknown zone '%s'", z->operand_ids[i]);
    return NULL;
}

static int build(truce_agreement *a, zone *z, vec *files);

static int build_derived(truce_agreement *a, zone *z, vec *files)
{
    z->operands = arena_alloc(&a->ar, sizeof *z->operands * (z->noperands ? z->noperands : 1));
    if (!z->operands) return TRUCE_ENOMEM;
    for (size_t i = 0; i < z->noperands; i++) {
        zone *o = find_operand(a, z, i);
        if (!o) return 1;
        if (o->state == 1) {
            diag_error(&a->sink, z->operand_at[i], "zone '%s' is built from itself (through '%s')", z->id, o->id);
            return 1;
        }
        int r = build(a, o, files);
        if (r) return r;
        if (o->state != 2) return 1;
        if (o->how == ZONE_UNMAPPED) {
            diag_error(&a->sink, z->operand_at[i], "zone '%s' is unmapped, so '%s' cannot be drawn from it", o->id, z->id);
            return 1;
        }
        z->operands[i] = o;
    }
    if (z->noperands == 0) return 1;
    int r;
    if (z->how == ZONE_BUFFER) {
        if (!(z->metres > 0)) return 1;
        r = geo_buffer(a->geo, &a->ar, &z->operands[0]->shape, z->metres, &z->shape);
    } else {
        geo_op op = z->how == ZONE_UNION ? GEO_UNION : z->how == ZONE_INTERSECTION ? GEO_INTERSECTION : GEO_DIFFERENCE;
        for (size_t i = 0; i < z->noperands; i++)
            if (z->operands[i]->shape.kind != GEO_POLYGON && z->how != ZONE_UNION) {
                diag_report(&a->sink, TRUCE_ERROR, z->operand_at[i],
                            "buffer a line or point first, e.g. a zone with 'buffer: {of: ..., distance: 1 km}'",
                            "zone '%s' is not an area, so it cannot be used in '%s'", z->operands[i]->id,
                            zone_how_names[z->how]);
                return 1;
            }
        geo_shape acc = z->operands[0]->shape;
        r = 0;
        for (size_t i = 1; i < z->noperands && r == 0; i++) {
            geo_shape next;
            r = geo_combine(a->geo, &a->ar, op, &acc, &z->operands[i]->shape, &next);
            acc = next;
        }
        z->shape = acc;
    }
    if (r == TRUCE_ENOMEM) return r;
    if (r) {
        diag_error(&a->sink, z->at, "zone '%s' could not be computed: %s", z->id, truce_strerror(r));
        return 1;
    }
    if (z->shape.kind == GEO_EMPTY)
        diag_warning(&a->sink, z->at, "zone '%s' is empty: its %s leaves nothing", z->id, zone_how_names[z->how]);
    return 0;
}

static int build(truce_agreement *a, zone *z, vec *files)
{
    if (z->state == 2 || z->state == -1) return 0;
    z->state = 1;
    int r = 0;
    if (z->how == ZONE_UNMAPPED) {
        z->state = 2; /* named, not drawn: an empty shape */
        z->shape.kind = GEO_EMPTY;
        return 0;
    }
    if (z->how == ZONE_FEATURE) {
        r = 1;
        if (z->file && z->feature) {
            int oom = 0;
            const geofile *f = open_geofile(a, files, z->file, z->file_at, &oom);
            if (oom) return TRUCE_ENOMEM;
            if (f->ok) {
                const geo_feature *feat = geo_find_feature(&f->features, z->feature);
                if (!feat && f->errors > 0) {
                    /* most likely the broken feature already reported; say no more */
                } else if (!feat) {
                    char hint[512] = "";
                    size_t o = 0;
                    for (size_t i = 0; i < f->features.n && o < 400; i++) {
                        const char *k = f->features.features[i].id ? f->features.features[i].id : f->features.features[i].name;
                        if (k) o += (size_t)snprintf(hint + o, sizeof hint - o, "%s'%s'", o ? ", " : "the file has ", k);
                    }
                    diag_report(&a->sink, TRUCE_ERROR, z->feature_at, o ? hint : NULL,
                                "no feature '%s' in '%s'", z->feature, z->file);
                } else {
                    z->shape = feat->shape;
                    const tree *props = feat->properties;
                    tree *attr = (tree *)tree_get(props, "attribution");
                    if (attr && attr->kind == TREE_SCALAR) z->attribution = attr->str;
                    if (!z->name && feat->name) z->name = feat->name;
                    r = 0;
                }
            }
        }
    } else {
        r = build_derived(a, z, files);
    }
    if (r < 0) return r;
    z->state = r ? -1 : 2;
    if (r == 0) geo_shape_bbox(&z->shape);
    return 0;
}

int model_build_zones(truce_agreement *a)
{
    vec files = {0};
    for (size_t i = 0; i < a->nzones; i++) {
        int r = build(a, &a->zones[i], &files);
        if (r < 0) return r;
    }
    return 0;
}
