/* check.c: the meaning checks a drafter needs before a text is tabled: deadlines past the end of
 * their phase, schedules that do not add up, relative deadlines that chase each other, invalid
 * geometry, obligations that contradict each other, and what each kind of obligation needs.
 * Ids were already linked (link.c); form was checked at load (load.c). */
#include <stdio.h>
#include <string.h>

#include "model/model.h"

#define FOREVER 1000000000L

/* Reports a deadline that falls past the end of the obligation's phase. */
static void check_in_phase(truce_agreement *a, const obligation *ob, const when *w, const char *what)
{
    if (!w->kind || !ob->phase || ob->phase->end_day == DAY_UNKNOWN) return;
    if (w->kind == WHEN_DAY && w->phase_id) return; /* explicitly counted in another phase */
    if (w->kind == WHEN_PHASE_END || w->kind == WHEN_PHASE_START || w->kind == WHEN_RELATIVE) return;
    long d = when_day(a, w, ob);
    if (d == DAY_UNKNOWN || d <= ob->phase->end_day) return;
    char hint[200];
    snprintf(hint, sizeof hint,
             "%s lasts %ld days (agreement days %ld to %ld); for a later deadline, drop 'phase' or count in the later "
             "phase ('day N of PHASE')",
             ob->phase->id, ob->phase->days, ob->phase->start_day, ob->phase->end_day);
    char buf[96];
    diag_report(&a->sink, TRUCE_ERROR, w->at, hint, "%s '%s' of '%s' is past the end of %s", what,
                when_describe(w, buf, sizeof buf), ob->id, ob->phase->id);
}

static void check_deadlines(truce_agreement *a, const obligation *ob)
{
    const terms *ts[1 + 64];
    size_t nt = 0;
    ts[nt++] = &ob->t;
    for (size_t k = 0; k < ob->noptions && nt < 65; k++) ts[nt++] = &ob->options[k].t;
    for (size_t k = 0; k < nt; k++) {
        check_in_phase(a, ob, &ts[k]->by, "the deadline");
        check_in_phase(a, ob, &ts[k]->from, "the start");
        check_in_phase(a, ob, &ts[k]->until, "the end");
        long f = when_day(a, &ts[k]->from, ob), u = when_day(a, &ts[k]->until, ob);
        if (f != DAY_UNKNOWN && u != DAY_UNKNOWN && u < f) {
            char b1[96], b2[96];
            diag_error(&a->sink, ts[k]->until.at, "'%s' ends (%s) before it starts (%s)", ob->id,
                       when_describe(&ts[k]->until, b1, sizeof b1), when_describe(&ts[k]->from, b2, sizeof b2));
        }
    }
    for (size_t i = 0; i < ob->q.nschedule; i++) {
        const sched_entry *e = &ob->q.schedule[i];
        check_in_phase(a, ob, &e->on, "the scheduled day");
        check_in_phase(a, ob, &e->from, "the scheduled start");
        check_in_phase(a, ob, &e->until, "the scheduled end");
        long f = when_day(a, &e->from, ob), u = when_day(a, &e->until, ob);
        if (e->kind != SCHED_ON && f != DAY_UNKNOWN && u != DAY_UNKNOWN && u < f)
            diag_error(&a->sink, e->until.at, "this schedule entry of '%s' ends before it starts", ob->id);
    }
}

/* Follows relative deadlines ("24 hours before each X") and reports a chain that returns. */
static int relative_cycle(truce_agreement *a, obligation *ob)
{
    if (ob->state == 2) return 0;
    if (ob->state == 1) return 1;
    ob->state = 1;
    terms t = obligation_terms(ob);
    const when *ws[3] = {&t.by, &t.from, &t.until};
    for (int i = 0; i < 3; i++) {
        if (ws[i]->kind != WHEN_RELATIVE || !ws[i]->ref) continue;
        if (relative_cycle(a, ws[i]->ref)) {
            if (ob->state == 1)
                diag_report(&a->sink, TRUCE_ERROR, ws[i]->at, "a deadline must rest in the end on a day or a date",
                            "the deadline of '%s' depends on itself through '%s'", ob->id, ws[i]->ref_id);
            ob->state = 2;
            return 0; /* reported once */
        }
    }
    ob->state = 2;
    return 0;
}

static void check_quantity(truce_agreement *a, const obligation *ob)
{
    const quantity *q = &ob->q;
    if (q->has_total && q->nschedule) {
        long sum = 0;
        char detail[400] = "";
        size_t o = 0;
        int unknown = 0;
        for (size_t i = 0; i < q->nschedule; i++) {
            const sched_entry *e = &q->schedule[i];
            long times = 1;
            if (e->kind == SCHED_EVERY) {
                long f = when_day(a, &e->from, ob), u = when_day(a, &e->until, ob);
                if (f == DAY_UNKNOWN || u == DAY_UNKNOWN) {
                    unknown = 1;
                    continue;
                }
                times = u >= f ? (u - f) / e->every + 1 : 0;
            }
            sum += times * e->count;
            if (o < sizeof detail - 60)
                o += (size_t)snprintf(detail + o, sizeof detail - o, "%s%ld", o ? " + " : "", times * e->count);
        }
        if (!unknown && sum != q->total) {
            char hint[480];
            snprintf(hint, sizeof hint, "the schedule gives %s = %ld", detail, sum);
            diag_report(&a->sink, TRUCE_ERROR, q->at, hint, "the schedule of '%s' adds up to %ld, not the stated total of %ld",
                        ob->id, sum, q->total);
        }
    }
    if (q->has_rate && q->nparts) {
        long sum = 0;
        for (size_t i = 0; i < q->nparts; i++) sum += q->parts[i].count;
        if (sum > q->rate)
            diag_report(&a->sink, TRUCE_ERROR, q->parts[0].at, NULL,
                        "the parts of '%s' (%ld) are more than the whole (%ld a %s)", ob->id, sum, q->rate, q->per);
    } else if (q->nparts && q->has_total) {
        long sum = 0;
        for (size_t i = 0; i < q->nparts; i++) sum += q->parts[i].count;
        if (sum > q->total)
            diag_error(&a->sink, q->parts[0].at, "the parts of '%s' (%ld) are more than the total (%ld)", ob->id, sum, q->total);
    } else if (q->nparts) {
        diag_error(&a->sink, q->parts[0].at, "'including' splits a 'rate' or a 'total', and '%s' has neither", ob->id);
    }
    if (q->ratio_of == ob) diag_error(&a->sink, q->ratio_at, "the ratio of '%s' refers to itself", ob->id);
    int figure = q->has_total || q->has_rate || q->has_ratio || q->nschedule;
    if (figure && !ob->nsources && !a->synthetic)
        diag_report(&a->sink, TRUCE_WARNING, q->at,
                    "add 'source: ID' naming an entry of 'sources', or mark the file 'synthetic: why'",
                    "the figures of '%s' say nowhere where they come from", ob->id);
}

static void need(truce_agreement *a, const obligation *ob, int ok, const char *what)
{
    if (!ok) diag_error(&a->sink, ob->at, "'%s' (%s) needs %s", ob->id, kind_names[ob->kind], what);
}

static void check_kind(truce_agreement *a, const obligation *ob)
{
    terms t = obligation_terms(ob);
    int open_zone = t.zone != NULL;
    for (size_t k = 0; k < ob->noptions; k++) open_zone |= ob->options[k].t.zone != NULL;
    switch (ob->kind) {
    case OB_WITHDRAW:
    case OB_STAY_OUT:
    case OB_DEPLOY: need(a, ob, open_zone || ob->t.zone_id, "a 'zone'"); break;
    case OB_RELEASE: need(a, ob, ob->persons || ob->q.unit, "'persons' (who is released)"); break;
    case OB_ALLOW_PASSAGE: need(a, ob, ob->route_id || ob->t.zone_id, "a 'route' or 'zone'"); break;
    case OB_OPEN_CROSSING: need(a, ob, ob->crossing_id || ob->t.zone_id, "a 'crossing'"); break;
    case OB_LIMIT: need(a, ob, ob->activity != NULL, "an 'activity' (what is limited)"); break;
    default: break;
    }
    if (ob->hours_per_day && ob->kind != OB_LIMIT)
        diag_error(&a->sink, ob->at, "'hours_per_day' belongs to 'limit' obligations, and '%s' is %s", ob->id,
                   kind_names[ob->kind]);
    if (ob->kind == OB_NOTIFY && !ob->t.by.kind && !ob->phase)
        diag_warning(&a->sink, ob->at, "notification '%s' has no deadline ('by')", ob->id);
}

/* The days when a party must be out of a zone (withdraw, stay-out) or in it (deploy). */
static void presence_window(const truce_agreement *a, const obligation *ob, long *from, long *until)
{
    terms t = obligation_terms(ob);
    long ps = ob->phase ? ob->phase->start_day : 1, pe = ob->phase ? ob->phase->end_day : DAY_UNKNOWN;
    long by = when_day(a, &t.by, ob), f = when_day(a, &t.from, ob), u = when_day(a, &t.until, ob);
    if (ob->kind == OB_WITHDRAW) {
        *from = by != DAY_UNKNOWN ? by + 1 : (f != DAY_UNKNOWN ? f : DAY_UNKNOWN);
        *until = u != DAY_UNKNOWN ? u : FOREVER;
    } else {
        *from = f != DAY_UNKNOWN ? f : (by != DAY_UNKNOWN ? by : ps);
        *until = u != DAY_UNKNOWN ? u : (pe != DAY_UNKNOWN ? pe : FOREVER);
    }
}

static int zones_overlap(truce_agreement *a, zone *x, zone *y)
{
    if (x == y) return 1;
    const geo_shape *s = &x->shape, *r = &y->shape;
    if (s->kind != GEO_POLYGON || r->kind != GEO_POLYGON) return 0;
    if (s->maxlon < r->minlon || r->maxlon < s->minlon || s->maxlat < r->minlat || r->maxlat < s->minlat) return 0;
    geo_shape both;
    arena scratch;
    arena_init(&scratch, a->ar.alloc);
    int overlap = geo_combine(a->geo, &scratch, GEO_INTERSECTION, s, r, &both) == 0 && both.kind == GEO_POLYGON &&
                  geo_area_km2(&both) > 1e-4;
    arena_release(&scratch);
    return overlap;
}

static void check_contradictions(truce_agreement *a)
{
    for (size_t i = 0; i < a->nobligations; i++) {
        obligation *in = &a->obligations[i];
        if (in->kind != OB_DEPLOY) continue;
        terms ti = obligation_terms(in);
        if (!ti.zone || ti.zone->state != 2) continue;
        long f1, u1;
        presence_window(a, in, &f1, &u1);
        if (f1 == DAY_UNKNOWN) continue;
        for (size_t j = 0; j < a->nobligations; j++) {
            obligation *out = &a->obligations[j];
            if (out->kind != OB_WITHDRAW && out->kind != OB_STAY_OUT) continue;
            terms to = obligation_terms(out);
            if (!to.zone || to.zone->state != 2) continue;
            long f2, u2;
            presence_window(a, out, &f2, &u2);
            if (f2 == DAY_UNKNOWN || f1 > u2 || f2 > u1) continue;
            for (size_t p = 0; p < in->nparties; p++)
                for (size_t q = 0; q < out->nparties; q++) {
                    if (!in->parties[p] || in->parties[p] != out->parties[q]) continue;
                    if (!zones_overlap(a, ti.zone, to.zone)) continue;
                    long lo = f1 > f2 ? f1 : f2, hi = u1 < u2 ? u1 : u2;
                    char hint[200], range[64];
                    if (hi >= FOREVER) snprintf(range, sizeof range, "from day %ld on", lo);
                    else snprintf(range, sizeof range, "on days %ld to %ld", lo, hi);
                    snprintf(hint, sizeof hint, "'%s' (line %d) requires %s out of '%s'; both hold %s", out->id,
                             out->at.line, in->parties[p]->id, to.zone->id, range);
                    diag_report(&a->sink, TRUCE_ERROR, in->at, hint,
                                "'%s' puts %s in zone '%s' while '%s' requires it out of overlapping zone '%s'", in->id,
                                in->parties[p]->id, ti.zone->id, out->id, to.zone->id);
                }
        }
    }
}

/* The bounding box of every zone but `skip`, as a rectangle, for spotting swapped coordinates. */
static int region_without(truce_agreement *a, const zone *skip, geo_shape *region, geo_ring *ring, geo_part *part,
                          geo_pt pts[5])
{
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    int any = 0;
    for (size_t i = 0; i < a->nzones; i++) {
        const zone *z = &a->zones[i];
        if (z == skip || z->state != 2 || z->how != ZONE_FEATURE || z->shape.kind == GEO_EMPTY) continue;
        if (z->shape.minlon < x0) x0 = z->shape.minlon;
        if (z->shape.minlat < y0) y0 = z->shape.minlat;
        if (z->shape.maxlon > x1) x1 = z->shape.maxlon;
        if (z->shape.maxlat > y1) y1 = z->shape.maxlat;
        any = 1;
    }
    if (!any) return 0;
    pts[0] = (geo_pt){x0, y0}, pts[1] = (geo_pt){x1, y0}, pts[2] = (geo_pt){x1, y1}, pts[3] = (geo_pt){x0, y1};
    pts[4] = pts[0];
    *ring = (geo_ring){pts, 5, NULL};
    *part = (geo_part){ring, 1};
    memset(region, 0, sizeof *region);
    region->kind = GEO_POLYGON;
    region->parts = part;
    region->n = 1;
    geo_shape_bbox(region);
    return 1;
}

int model_check(truce_agreement *a)
{
    for (size_t i = 0; i < a->nzones; i++) {
        zone *z = &a->zones[i];
        if (z->state != 2 || z->how != ZONE_FEATURE) continue;
        geo_shape region;
        geo_ring ring;
        geo_part part;
        geo_pt pts[5];
        int has_region = region_without(a, z, &region, &ring, &part, pts);
        char what[160];
        snprintf(what, sizeof what, "zone '%s'", z->id ? z->id : "?");
        int r = geo_validate(a->geo, &z->shape, has_region ? &region : NULL, what, &a->sink);
        if (r == TRUCE_ENOMEM) return r;
    }
    for (size_t i = 0; i < a->nobligations; i++) a->obligations[i].state = 0;
    for (size_t i = 0; i < a->nobligations; i++) {
        obligation *ob = &a->obligations[i];
        if (ob->kind == OB_KIND_COUNT) continue;
        check_deadlines(a, ob);
        relative_cycle(a, ob);
        check_quantity(a, ob);
        check_kind(a, ob);
    }
    check_contradictions(a);
    for (size_t i = 0; i < a->nphases; i++) {
        const phase *p = &a->phases[i];
        if (p->days == 0 && i + 1 < a->nphases && p->end_day == DAY_UNKNOWN)
            diag_report(&a->sink, TRUCE_NOTE, p->at, NULL,
                        "phase '%s' is open-ended, so the phases after it have no dates yet", p->id ? p->id : "?");
    }
    return 0;
}
