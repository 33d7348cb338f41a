/* fuzz_acled.c: fuzz target for the ACLED CSV reader (the CSV reader, header matching, every
 * column's checks). Each report handed over is copied, so ASan sees every string it points to. */
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
    acled_read(&src, &o, &st);
    arena_release(&ar);
    return 0;
}
