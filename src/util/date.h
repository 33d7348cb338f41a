/* date.h: calendar arithmetic on truce_date (days since 1970-01-01, proleptic Gregorian).
 * No time zones here: agreement dates are local calendar days. */
#ifndef TRUCE_UTIL_DATE_H
#define TRUCE_UTIL_DATE_H

#include "truce.h"

truce_date date_from_ymd(int y, int m, int d);
void date_to_ymd(truce_date date, int *y, int *m, int *d);
int date_is_valid_ymd(int y, int m, int d);
/* 0 = Monday ... 6 = Sunday */
int date_weekday(truce_date date);
/* Parses exactly "YYYY-MM-DD" from s[0..len). 0 or TRUCE_EARG. */
int date_parse_n(const char *s, size_t len, truce_date *out);
/* The day holding second t (seconds since 1970-01-01T00:00, in the day's own clock): t / 86400
 * rounded down, so -1 is on day -1. */
static inline truce_date date_of_seconds(long long t)
{
    return (truce_date)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

#endif
