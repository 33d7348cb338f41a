/* fuzz_impl.c: fuzz target for the implementation report readers, CSV or JSON Lines guessed
 * from the content. Each report handed over is copied, so ASan sees every string it points to. */
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
    impl_read(&src, IMPL_AUTO, &o, &st);
    arena_release(&ar);
    return 0;
}
