/* tz.c: the agreement's clock for judgement: UTC report times to local calendar days. Reads the
 * tz database's own compiled files (TZif, as the C library does) instead of setting TZ, which is
 * process-global state. Not a full tz implementation: after a file's last transition (2037 in
 * Debian's "fat" files) the last offset holds (the POSIX rule in the footer is not read), and a
 * zone that cannot be read falls back to a fixed standard offset from a small table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge.h"
#include "util/date.h"

/* Standard (winter) offsets for the zones agreements of this kind name, used only when the zone
 * file cannot be read; the result is then marked approximate. */
static const struct {
    const char *name;
    long off;
} fallback[] = {
    {"Asia/Gaza", 7200},   {"Asia/Hebron", 7200},  {"Asia/Jerusalem", 7200}, {"Asia/Tel_Aviv", 7200},
    {"Israel", 7200},      {"Asia/Beirut", 7200},  {"Asia/Damascus", 10800}, {"Africa/Cairo", 7200},
    {"Asia/Amman", 10800}, {"Europe/Kyiv", 7200},  {"Europe/Kiev", 7200},    {"Europe/Moscow", 10800},
    {"Asia/Qatar", 10800}, {"Asia/Riyadh", 10800}, {"UTC", 0},               {"Etc/UTC", 0},
};

/* "+02:00", "+2", "-0330", "UTC+2", "GMT-03:30"; 1 when it is a fixed offset. */
static int parse_fixed(const char *s, long *out)
{
    if (!strncmp(s, "UTC", 3) || !strncmp(s, "GMT", 3)) s += 3;
    if (!*s || !strcmp(s, "Z")) {
        *out = 0;
        return 1;
    }
    if (*s != '+' && *s != '-') return 0;
    int neg = *s++ == '-';
    long h = 0, m = 0;
    int nd = 0;
    while (*s >= '0' && *s <= '9' && nd < 2) h = h * 10 + (*s++ - '0'), nd++;
    if (!nd) return 0;
    if (*s == ':') s++;
    if (*s) {
        if (!(s[0] >= '0' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9' && !s[2])) return 0;
        m = (s[0] - '0') * 10 + (s[1] - '0');
    }
    if (h > 14) return 0;
    *out = (neg ? -1 : 1) * (h * 3600 + m * 60);
    return 1;
}

static long long be(const unsigned char *p, int n)
{
    unsigned long long v = 0;
    for (int i = 0; i < n; i++) v = (v << 8) | p[i];
    if (n == 4) return (long long)(int)(unsigned)v;
    return (long long)v;
}

/* Reads a TZif file (version 2 or later: the 64-bit part). 0, UNREADABLE, TRUCE_ENOMEM. */
#define UNREADABLE (-1000)
static int read_tzif(judge_tz *tz, arena *ar, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return UNREADABLE;
    unsigned char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n < 44 || memcmp(buf, "TZif", 4) || buf[4] < '2') return UNREADABLE;
    size_t cnt[6];
    for (int i = 0; i < 6; i++) cnt[i] = (size_t)be(buf + 20 + 4 * i, 4);
    /* skip the 32-bit part */
    size_t v1 = cnt[3] * 5 + cnt[4] * 6 + cnt[5] + cnt[2] * 8 + cnt[1] + cnt[0];
    size_t h = 44 + v1;
    if (h + 44 > n || memcmp(buf + h, "TZif", 4)) return UNREADABLE;
    for (int i = 0; i < 6; i++) cnt[i] = (size_t)be(buf + h + 20 + 4 * i, 4);
    size_t timecnt = cnt[3], typecnt = cnt[4];
    const unsigned char *p = buf + h + 44;
    if (typecnt == 0 || h + 44 + timecnt * 9 + typecnt * 6 > n) return UNREADABLE;
    const unsigned char *times = p, *idx = p + timecnt * 8, *types = idx + timecnt;
    tz->trans = arena_alloc(ar, sizeof *tz->trans * (timecnt + 1));
    tz->offs = arena_alloc(ar, sizeof *tz->offs * (timecnt + 1));
    if (!tz->trans || !tz->offs) return TRUCE_ENOMEM;
    for (size_t i = 0; i < timecnt; i++) {
        if (idx[i] >= typecnt) return UNREADABLE;
        tz->trans[i] = be(times + 8 * i, 8);
        tz->offs[i] = (long)be(types + 6 * idx[i], 4);
    }
    /* before the first transition: the first standard-time type (type 0 by convention) */
    tz->offs_before = (long)be(types, 4);
    tz->ntrans = timecnt;
    if (timecnt == 0) tz->fixed = tz->offs_before;
    return 0;
}

int judge_tz_init(judge_tz *tz, arena *ar, const char *name)
{
    memset(tz, 0, sizeof *tz);
    snprintf(tz->name, sizeof tz->name, "%s", name && *name ? name : "UTC");
    if (!name || !*name || parse_fixed(name, &tz->fixed)) return 0;
    if (strstr(name, "..") || name[0] == '/') return TRUCE_EARG;
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    int r = read_tzif(tz, ar, path);
    if (r == TRUCE_ENOMEM) return r;
    if (r == 0) return 0;
    for (size_t i = 0; i < sizeof fallback / sizeof *fallback; i++)
        if (!strcmp(name, fallback[i].name)) {
            tz->ntrans = 0;
            tz->fixed = fallback[i].off;
            tz->approximate = 1;
            return 0;
        }
    return TRUCE_EARG;
}

long judge_tz_offset(const judge_tz *tz, long long t)
{
    if (!tz->ntrans) return tz->fixed;
    if (t < tz->trans[0]) return tz->offs_before;
    size_t lo = 0, hi = tz->ntrans; /* the last transition at or before t */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (tz->trans[mid] <= t) lo = mid;
        else hi = mid;
    }
    return tz->offs[lo];
}

truce_date judge_tz_day(const judge_tz *tz, long long t)
{
    return date_of_seconds(t + judge_tz_offset(tz, t));
}
