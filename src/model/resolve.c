/* resolve.c: agreement time. Phases get their first and last agreement day (day 1 is the first
 * day of the first phase); deadline expressions and schedules become agreement days. A day
 * that hangs on something open (an open-ended phase, a date with no day 1) is DAY_UNKNOWN. */
#include <string.h>

#include "model/model.h"

static void resolve_phase(truce_agreement *a, phase *p)
{
    if (p->state == 2) return;
    if (p->state == 1) {
        diag_report(&a->sink, TRUCE_ERROR, p->after_at, "a phase cannot start after itself, directly or through others",
                    "phase '%s' is part of a cycle of 'starts: after' conditions", p->id ? p->id : "?");
        p->state = 2;
        return;
    }
    p->state = 1;
    long start = 1;
    if (p->after) {
        resolve_phase(a, p->after);
        start = p->after->end_day == DAY_UNKNOWN ? DAY_UNKNOWN : p->after->end_day + 1;
    }
    p->start_day = start;
    p->end_day = (start == DAY_UNKNOWN || p->days == 0) ? DAY_UNKNOWN : start + p->days - 1;
    p->state = 2;
}

void model_resolve_phases(truce_agreement *a)
{
    for (size_t i = 0; i < a->nphases; i++) a->phases[i].state = 0;
    for (size_t i = 0; i < a->nphases; i++) resolve_phase(a, &a->phases[i]);
}

terms obligation_terms(const obligation *ob)
{
    terms t = ob->t;
    if (ob->agreed) {
        const terms *o = &ob->agreed->t;
        if (o->by.kind) t.by = o->by;
        if (o->from.kind) t.from = o->from;
        if (o->until.kind) t.until = o->until;
        if (o->by.kind && !o->until.kind) t.until.kind = WHEN_NONE;
        if (o->zone) t.zone = o->zone, t.zone_id = o->zone_id, t.zone_at = o->zone_at;
    }
    return t;
}

/* Hours to whole days, rounding away from the event: 24 hours before day D is day D-1. */
static long offset_days(long hours) { return hours >= 0 ? (hours + 23) / 24 : -((-hours + 23) / 24); }

static size_t events_depth(const truce_agreement *a, const obligation *ob, truce_date day1, long *days, long *counts,
                           size_t cap, int depth);

static long when_day_depth(const truce_agreement *a, const when *w, const obligation *ctx, truce_date day1, int depth)
{
    if (depth > 32) return DAY_UNKNOWN; /* a cycle: check.c reports it */
    switch (w->kind) {
    case WHEN_NONE: return DAY_UNKNOWN;
    case WHEN_DAY: {
        const phase *p = w->phase_id ? w->phase : (ctx ? ctx->phase : NULL);
        if (w->phase_id && !p) return DAY_UNKNOWN;
        if (!p) return w->day;
        return p->start_day == DAY_UNKNOWN ? DAY_UNKNOWN : p->start_day + w->day - 1;
    }
    case WHEN_DATE: return day1 == TRUCE_DATE_NONE ? DAY_UNKNOWN : (long)w->date - day1 + 1;
    case WHEN_PHASE_START: return w->phase ? w->phase->start_day : DAY_UNKNOWN;
    case WHEN_PHASE_END: return w->phase ? w->phase->end_day : DAY_UNKNOWN;
    case WHEN_RELATIVE: {
        if (!w->ref) return DAY_UNKNOWN;
        long base = DAY_UNKNOWN;
        if (w->each) {
            long days[1], counts[1];
            if (events_depth(a, w->ref, day1, days, counts, 1, depth + 1) == 0) return DAY_UNKNOWN;
            base = days[0];
        } else {
            terms t = obligation_terms(w->ref);
            const when *d = t.by.kind ? &t.by : t.until.kind ? &t.until : &t.from;
            if (d->kind) base = when_day_depth(a, d, w->ref, day1, depth + 1);
            else if (w->ref->phase) base = w->ref->phase->end_day; /* no deadline: due by its phase's end */
        }
        return base == DAY_UNKNOWN ? DAY_UNKNOWN : base + offset_days(w->hours);
    }
    }
    return DAY_UNKNOWN;
}

long when_day(const truce_agreement *a, const when *w, const obligation *ctx_ob)
{
    return when_day_depth(a, w, ctx_ob, a->start, 0);
}

long when_day_at(const truce_agreement *a, const when *w, const obligation *ctx_ob, truce_date day1)
{
    return when_day_depth(a, w, ctx_ob, day1, 0);
}

static size_t events_depth(const truce_agreement *a, const obligation *ob, truce_date day1, long *days, long *counts,
                           size_t cap, int depth)
{
    size_t n = 0;
    if (depth > 32) return 0;
    terms t = obligation_terms(ob);
    if (t.by.kind == WHEN_RELATIVE && t.by.each && t.by.ref) {
        /* "24 hours before each release": one event per event of the other obligation */
        long rd[256], rc[256];
        size_t m = events_depth(a, t.by.ref, day1, rd, rc, 256, depth + 1);
        for (size_t i = 0; i < m && n < cap; i++) {
            days[n] = rd[i] + offset_days(t.by.hours);
            counts[n++] = 0;
        }
        return n;
    }
    for (size_t i = 0; i < ob->q.nschedule; i++) {
        const sched_entry *e = &ob->q.schedule[i];
        if (e->kind == SCHED_ON) {
            long d = when_day_depth(a, &e->on, ob, day1, depth + 1);
            if (d != DAY_UNKNOWN && n < cap) days[n] = d, counts[n++] = e->count;
        } else {
            long from = when_day_depth(a, &e->from, ob, day1, depth + 1);
            long until = when_day_depth(a, &e->until, ob, day1, depth + 1);
            if (from == DAY_UNKNOWN || until == DAY_UNKNOWN) continue;
            if (e->kind == SCHED_WITHIN) {
                if (n < cap) days[n] = until, counts[n++] = e->count;
            } else {
                for (long d = from; d <= until && n < cap; d += e->every) days[n] = d, counts[n++] = e->count;
            }
        }
    }
    /* keep them in day order (schedules are short: insertion sort) */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && days[j - 1] > days[j]; j--) {
            long td = days[j], tc = counts[j];
            days[j] = days[j - 1], counts[j] = counts[j - 1];
            days[j - 1] = td, counts[j - 1] = tc;
        }
    return n;
}

size_t obligation_events(const truce_agreement *a, const obligation *ob, long *days, long *counts, size_t cap)
{
    return events_depth(a, ob, a->start, days, counts, cap, 0);
}

size_t obligation_events_at(const truce_agreement *a, const obligation *ob, truce_date day1, long *days, long *counts,
                            size_t cap)
{
    return events_depth(a, ob, day1, days, counts, cap, 0);
}
