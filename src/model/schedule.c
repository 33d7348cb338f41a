/* schedule.c: builds the rows of a timeline from the resolved agreement. */
#include <stdio.h>

#include "model/schedule.h"

truce_date schedule_date(const schedule *s, long day)
{
    if (s->start == TRUCE_DATE_NONE || day == DAY_UNKNOWN) return TRUCE_DATE_NONE;
    return (truce_date)(s->start + day - 1);
}

const char *schedule_day_text(const schedule *s, long day, char *buf, size_t cap)
{
    char d[11];
    if (day == DAY_UNKNOWN) snprintf(buf, cap, "not yet known");
    else if (s->start == TRUCE_DATE_NONE) snprintf(buf, cap, "day %ld", day);
    else snprintf(buf, cap, "%s (day %ld)", truce_date_format(schedule_date(s, day), d), day);
    return buf;
}

static void widen(schedule *s, long day)
{
    if (day == DAY_UNKNOWN) return;
    if (day < s->first) s->first = day;
    if (day > s->last) s->last = day;
}

static int fill_row(const truce_agreement *a, arena *ar, schedule *s, const obligation *ob, const option *opt)
{
    sched_row *r = &s->rows[s->nrows++];
    r->ob = ob;
    r->opt = opt;
    terms t = obligation_terms(ob);
    if (opt) {
        if (opt->t.by.kind) t.by = opt->t.by, t.until.kind = WHEN_NONE;
        if (opt->t.from.kind) t.from = opt->t.from;
        if (opt->t.until.kind) t.until = opt->t.until;
    }
    long ps = ob->phase ? ob->phase->start_day : 1;
    r->by = when_day_at(a, &t.by, ob, s->start);
    r->from = t.from.kind ? when_day_at(a, &t.from, ob, s->start) : ps;
    r->until = t.until.kind ? when_day_at(a, &t.until, ob, s->start)
                            : (t.by.kind ? r->by : (ob->phase ? ob->phase->end_day : DAY_UNKNOWN));
    long buf_d[512], buf_c[512];
    size_t n = obligation_events_at(a, ob, s->start, buf_d, buf_c, 512);
    r->days = arena_alloc(ar, sizeof(long) * (n ? n : 1));
    r->counts = arena_alloc(ar, sizeof(long) * (n ? n : 1));
    if (!r->days || !r->counts) return TRUCE_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        r->days[i] = buf_d[i];
        r->counts[i] = buf_c[i];
        widen(s, buf_d[i]);
    }
    r->nevents = n;
    widen(s, r->from);
    widen(s, r->until);
    widen(s, r->by);
    return 0;
}

int schedule_build(const truce_agreement *a, truce_date start, arena *ar, schedule *out)
{
    schedule s = {0};
    s.start = start != TRUCE_DATE_NONE ? start : a->start;
    s.first = 1;
    s.last = 1;
    size_t rows = 0;
    for (size_t i = 0; i < a->nobligations; i++) {
        const obligation *ob = &a->obligations[i];
        rows += (ob->noptions && !ob->agreed) ? ob->noptions : 1;
    }
    s.rows = arena_alloc(ar, sizeof *s.rows * (rows ? rows : 1));
    if (!s.rows) return TRUCE_ENOMEM;
    for (size_t i = 0; i < a->nphases; i++) {
        widen(&s, a->phases[i].start_day);
        widen(&s, a->phases[i].end_day);
    }
    for (size_t i = 0; i < a->nobligations; i++) {
        const obligation *ob = &a->obligations[i];
        if (ob->kind == OB_KIND_COUNT) continue;
        if (ob->noptions && !ob->agreed) {
            for (size_t k = 0; k < ob->noptions; k++)
                if (fill_row(a, ar, &s, ob, &ob->options[k])) return TRUCE_ENOMEM;
        } else if (fill_row(a, ar, &s, ob, NULL)) {
            return TRUCE_ENOMEM;
        }
    }
    *out = s;
    return 0;
}
