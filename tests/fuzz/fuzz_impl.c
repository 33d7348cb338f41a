/* fuzz_impl.c: fuzz target for the implementation report readers, CSV or JSON Lines guessed
 * from the content. */
#include "fuzz_reports.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int read_auto(const source *src, const report_read_opts *o, report_stats *st)
{
    return impl_read(src, IMPL_AUTO, o, st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_reports(data, size, read_auto);
    return 0;
}
