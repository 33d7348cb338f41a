/* date.c: days from civil dates and back (the well-known era-based algorithm), and the
 * YYYY-MM-DD form. Valid for years 1000 to 9999, which is all an agreement needs. */
#include "date.h"

#include <string.h>

truce_date date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(truce_date z, int *y, int *m, int *d)
{
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int date_is_valid_ymd(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

int date_weekday(truce_date date)
{
    int w = (date + 3) % 7; /* 1970-01-01 was a Thursday */
    return w < 0 ? w + 7 : w;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int date_parse_n(const char *s, size_t len, truce_date *out)
{
    if (len != 10 || s[4] != '-' || s[7] != '-') return TRUCE_EARG;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !date_is_valid_ymd(y, m, d)) return TRUCE_EARG;
    *out = date_from_ymd(y, m, d);
    return 0;
}

int truce_date_parse(const char *text, truce_date *out)
{
    if (!text || !out) return TRUCE_EARG;
    return date_parse_n(text, strlen(text), out);
}

char *truce_date_format(truce_date date, char buf[11])
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    const int parts[3][2] = {{y, 4}, {m, 2}, {d, 2}};
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        int v = parts[i][0];
        for (int k = parts[i][1] - 1; k >= 0; k--) {
            p[k] = (char)('0' + v % 10);
            v /= 10;
        }
        p += parts[i][1];
        *p++ = i < 2 ? '-' : '\0';
    }
    return buf;
}
