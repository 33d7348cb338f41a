/* fuzz_track.c: fuzz target for the position track readers. The format is guessed from the
 * content ('{' and a whole object on the first line: JSON Lines; '{' otherwise: GeoJSON; else CSV),
 * so one corpus reaches all three. Each report is copied, so ASan sees every string. */
#include <stddef.h>
#include <stdint.h>

#include "reports/reports.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int keep(const report *r, void *user)
{
    return report_copy(user, r) ? 0 : TRUCE_ENOMEM;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena ar;
    arena_init(&ar, NULL);
    source src = {"fuzz", (const char *)data, size};
    diag_sink sink = {0};
    report_read_opts o = {&sink, keep, &ar, 1767225600LL, NULL};
    report_stats st;
    track_read(&src, TRACK_AUTO, &o, &st);
    arena_release(&ar);
    return 0;
}
