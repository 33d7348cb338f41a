/* fuzz_acled.c: fuzz target for the ACLED CSV reader (the CSV reader, header matching, every
 * column's checks). */
#include "fuzz_reports.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_reports(data, size, acled_read);
    return 0;
}
