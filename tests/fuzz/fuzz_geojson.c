/* fuzz_geojson.c: fuzz target for the GeoJSON reader: the JSON tree, features and geometry,
 * then validation of every shape read. */
#include <stddef.h>
#include <stdint.h>

#include "geo/geo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena ar;
    arena_init(&ar, NULL);
    source src = {"fuzz.geojson", (const char *)data, size};
    diag_sink sink = {0};
    int err = 0;
    tree *doc = tree_parse(&ar, &src, &sink, &err);
    geo_collection c;
    if (doc && geo_read_geojson(&ar, doc, &sink, &c) >= 0) {
        geo_ctx *ctx = geo_ctx_new();
        for (size_t i = 0; ctx && i < c.n; i++) {
            geo_validate(ctx, &c.features[i].shape, NULL, "fuzz", &sink);
            geo_area_km2(&c.features[i].shape);
            geo_pt p = {34.4, 31.5};
            geo_contains(&c.features[i].shape, p);
        }
        geo_ctx_free(ctx);
    }
    arena_release(&ar);
    return 0;
}
