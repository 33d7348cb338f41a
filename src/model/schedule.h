/* schedule.h: an agreement resolved into agreement days (and dates, when day 1 is known): the
 * rows every timeline view draws. One row per phase and per obligation; an obligation whose
 * options are still open gets one row per option, so each bracketed alternative shows. */
#ifndef TRUCE_MODEL_SCHEDULE_H
#define TRUCE_MODEL_SCHEDULE_H

#include "model/model.h"

typedef struct sched_row {
    const obligation *ob;
    const option *opt;     /* the open option this row shows; NULL for the terms in force */
    long from, until;      /* days in force; DAY_UNKNOWN when not known (until: open-ended) */
    long by;               /* deadline day, or DAY_UNKNOWN */
    long *days, *counts;   /* scheduled events */
    size_t nevents;
} sched_row;

typedef struct schedule {
    truce_date start;  /* day 1, or TRUCE_DATE_NONE */
    long first, last;  /* the span of known days (first <= 1) */
    sched_row *rows;
    size_t nrows;
} schedule;

/* Builds the schedule in ar; start overrides the agreement's day 1 unless TRUCE_DATE_NONE.
 * 0 or TRUCE_ENOMEM. */
int schedule_build(const truce_agreement *a, truce_date start, arena *ar, schedule *out);
/* The date of an agreement day, or TRUCE_DATE_NONE when day 1 or the day is not known. */
truce_date schedule_date(const schedule *s, long day);
/* "2025-02-09 (day 22)" / "day 22" / "not yet known" */
const char *schedule_day_text(const schedule *s, long day, char *buf, size_t cap);

#endif
