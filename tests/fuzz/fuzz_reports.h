/* fuzz_reports.h: the body every report reader's fuzz target shares: the input read from memory
 * as one file, each report handed over copied into an arena (so ASan sees every string it points
 * to), everything released. A target names its reader and nothing else. */
#ifndef TRUCE_FUZZ_REPORTS_H
#define TRUCE_FUZZ_REPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "reports/reports.h"

/* A reader in the shape of acled_read; readers with a format argument get a small wrapper. */
typedef int (*fuzz_reader)(const source *src, const report_read_opts *o, report_stats *st);

static int fuzz_keep(const report *r, void *user)
{
    return report_copy(user, r) ? 0 : TRUCE_ENOMEM;
}

/* Reads data with read. The "now" is fixed (2026-01-01) so a run replays the same. */
static inline void fuzz_read_reports(const uint8_t *data, size_t size, fuzz_reader read)
{
    arena ar;
    arena_init(&ar, NULL);
    source src = {"fuzz", (const char *)data, size};
    diag_sink sink = {0};
    report_read_opts o = {&sink, fuzz_keep, &ar, 1767225600LL, NULL};
    report_stats st;
    read(&src, &o, &st);
    arena_release(&ar);
}

#endif
