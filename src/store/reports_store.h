/* reports_store.h: the reports kept in the store (written by truce_ingest, src/store/ingest.c),
 * read back as report records (src/reports/reports.h) for judgement. Not the ingest itself and
 * not the readers of report files. */
#ifndef TRUCE_STORE_REPORTS_STORE_H
#define TRUCE_STORE_REPORTS_STORE_H

#include "reports/reports.h"
#include "truce.h"

/* Calls fn for every stored report in time order (time.at, then the order stored), inside
 * one read transaction. The record and its strings live only during the call (report_copy keeps
 * one); `at` gives the file and row the report was ingested from (the file name is the stored
 * path). Returns 0, TRUCE_EIO, TRUCE_ENOMEM, or fn's non-zero value (which stops the walk). */
int store_reports_each(truce_store *s, report_fn fn, void *user);
/* The key of a track report that has no id of its own: who (unit, else party, at most 120
 * bytes) and when, "unit@time" (seconds since 1970), into buf. Its length. */
#define STORE_TRACK_KEY_MAX 160
size_t store_track_key(const char *unit, const char *who_party, long long at, char buf[STORE_TRACK_KEY_MAX]);
/* The number of stored reports into *out. 0 or TRUCE_EIO. */
int store_report_count(truce_store *s, long *out);

#endif
