/* fuzz_track.c: fuzz target for the position track readers. The format is guessed from the
 * content ('{' and a whole object on the first line: JSON Lines; '{' otherwise: GeoJSON; else CSV),
 * so one corpus reaches all three. */
#include "fuzz_reports.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int read_auto(const source *src, const report_read_opts *o, report_stats *st)
{
    return track_read(src, TRACK_AUTO, o, st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_reports(data, size, read_auto);
    return 0;
}
