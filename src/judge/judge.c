/* judge.c: the verdict of every obligation at a date, from reports, by the agreement's own time
 * rules (docs/judge.md has them in full). Positions against withdraw and stay-out rules go through
 * the kernel (src/kernel); everything else is a plain loop over the reports. Not the output
 * (src/render/verdicts.h), not the store, not the readers. Short form of the rules:
 *  - days: a report falls on the local agreement days [lo, hi] (exact times through the
 *    agreement's time zone; date-only reports on the calendar days they name). A report that may
 *    fall on either side of a deadline or window edge confirms nothing on either side.
 *  - places: a report confirms a presence inside a zone only when its uncertainty radius is not
 *    larger than its distance to the zone's boundary; otherwise it is "possible" evidence, listed
 *    but never a violation by itself. Points on the boundary count as inside (geo_contains).
 *  - absence of reports proves nothing: an obligation with nothing reported stays pending.
 *  - disputed: reports that contradict each other, or a report whose days straddle the deadline
 *    that decides between met and late.
 *  - actors that match no party never count against a party; open options are not judged. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "judge/judge.h"
#include "kernel/kernel.h"

const char *const verdict_names[] = {"not judged", "pending", "on track", "met", "late", "violated", "disputed"};
const char *const ev_class_names[] = {"done", "claim", "violation", "possible", "short", "conflict"};

/* ---- small helpers ---- */

static int add_ev(judgement *j, ob_judgement *o, vec *v, size_t ri, ev_class cls, const char *pid,
                  const char *zid, const char *why)
{
    evidence *e = vec_push(&j->ar, v, sizeof *e);
    if (!e) return TRUCE_ENOMEM;
    e->report = ri;
    e->cls = cls;
    e->party = pid;
    e->zone = zid;
    e->day_lo = j->rday_lo[ri];
    e->day_hi = j->rday_hi[ri];
    e->why = why;
    if (cls == EV_POSSIBLE) o->npossible++;
    return 0;
}

static int ob_binds(const obligation *ob, const party *p)
{
    if (!p) return 0;
    for (size_t i = 0; i < ob->nparties; i++)
        if (ob->parties[i] == p) return 1;
    return 0;
}

/* Whether notes carry "key: id" (key "milestone" or "done"). */
static int note_marks(const char *notes, const char *key, const char *id)
{
    if (!notes || !id) return 0;
    size_t kl = strlen(key), il = strlen(id);
    for (const char *p = notes; (p = strstr(p, key)) != NULL; p += kl) {
        if (p != notes && (p[-1] == '_' || p[-1] == '-' || (p[-1] >= 'a' && p[-1] <= 'z'))) continue;
        const char *q = p + kl;
        if (*q != ':') continue;
        q++;
        while (*q == ' ') q++;
        if (!strncmp(q, id, il)) {
            char c = q[il];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
                return 1;
        }
    }
    return 0;
}

static int is_impl(report_kind k) { return k >= REPORT_RELEASE && k <= REPORT_TALKS; }

/* "kerem-shalom" names "kerem-shalom-crossing" and the reverse. */
static int crossing_is(const char *rep, const char *id)
{
    if (!rep || !id) return 0;
    if (!strcmp(rep, id)) return 1;
    size_t a = strlen(rep), b = strlen(id);
    if (a + 9 == b && !strncmp(rep, id, a) && !strcmp(id + a, "-crossing")) return 1;
    if (b + 9 == a && !strncmp(rep, id, b) && !strcmp(rep + b, "-crossing")) return 1;
    return 0;
}

double judge_boundary_distance(const geo_shape *s, geo_pt p)
{
    double best = HUGE_VAL;
    if (!s || s->kind != GEO_POLYGON) return best;
    const double R = 6371008.8, rad = M_PI / 180;
    double kx = cos(p.lat * rad) * R * rad, ky = R * rad;
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < s->parts[i].n; k++) {
            const geo_ring *r = &s->parts[i].rings[k];
            for (size_t m = 1; m < r->n; m++) {
                double ax = (r->pts[m - 1].lon - p.lon) * kx, ay = (r->pts[m - 1].lat - p.lat) * ky;
                double bx = (r->pts[m].lon - p.lon) * kx, by = (r->pts[m].lat - p.lat) * ky;
                double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
                double t = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
                if (t < 0) t = 0;
                if (t > 1) t = 1;
                double d = hypot(ax + t * dx, ay + t * dy);
                if (d < best) best = d;
            }
        }
    return best;
}

int judge_pam_score(verdict v, int has_qty, long done, long due)
{
    switch (v) {
    case V_MET: return 3;
    case V_LATE: return 2;
    case V_ON_TRACK: return 2;
    case V_DISPUTED: return 1;
    case V_VIOLATED:
        if (has_qty && due > 0) {
            if (done * 2 >= due) return 2;
            return done > 0 ? 1 : 0;
        }
        return 1;
    case V_PENDING: return 0;
    default: return -1;
    }
}

/* ---- positions: withdraw and stay-out rules through the kernel ---- */

struct judge_prule {
    size_t ob;   /* index into j->obs */
    const zone *z;
    const party *p;
    kernel_rule r;
};
typedef judge_prule prule;

static int zone_ok(const zone *z) { return z && z->state == 2 && z->shape.kind == GEO_POLYGON; }

/* Hits of rule k for report (party, t, p) by the plain definition. */
static int plain_hit(const prule *pr, int pidx, int64_t t, geo_pt p)
{
    return pr->r.party == pidx && t >= pr->r.t0 && t < pr->r.t1 && geo_contains(&pr->z->shape, p);
}

int judge_position_rules(judgement *j, int reference, judge_positions_ctx *pc)
{
    const truce_agreement *a = j->a;
    size_t nr = 0;
    memset(pc, 0, sizeof *pc);
    pc->reference = reference;
    prule *rules = arena_alloc(&j->ar, sizeof *rules * (a->nobligations * 8 + 1));
    if (!rules) return TRUCE_ENOMEM;
    for (size_t i = 0; i < j->nobs; i++) {
        ob_judgement *oj = &j->obs[i];
        const obligation *ob = oj->ob;
        if (oj->v == V_NOT_JUDGED || (ob->kind != OB_WITHDRAW && ob->kind != OB_STAY_OUT)) continue;
        terms t = obligation_terms(ob);
        if (!zone_ok(t.zone)) continue;
        int64_t t0, t1;
        if (ob->kind == OB_WITHDRAW) {
            if (oj->by == DAY_UNKNOWN) continue;
            t0 = oj->by + 1, t1 = INT64_MAX;
        } else {
            if (oj->from == DAY_UNKNOWN) continue;
            t0 = oj->from, t1 = oj->until == DAY_UNKNOWN ? INT64_MAX : oj->until + 1;
        }
        for (size_t k = 0; k < ob->nparties && k < 8; k++) {
            if (!ob->parties[k]) continue;
            prule *pr = &rules[nr++];
            pr->ob = i;
            pr->z = t.zone;
            pr->p = ob->parties[k];
            pr->r = (kernel_rule){(int)(ob->parties[k] - a->parties), (size_t)(t.zone - a->zones), t0, t1};
        }
    }
    pc->rules = rules;
    pc->nr = nr;
    if (!nr) return 0;
    kernel_rule *kr = arena_alloc(&j->ar, sizeof *kr * nr);
    geo_shape *shapes = arena_alloc(&j->ar, sizeof *shapes * (a->nzones + 1));
    if (!kr || !shapes) return TRUCE_ENOMEM;
    for (size_t i = 0; i < nr; i++) kr[i] = rules[i].r;
    for (size_t i = 0; i < a->nzones; i++) {
        if (zone_ok(&a->zones[i])) shapes[i] = a->zones[i].shape;
        else memset(&shapes[i], 0, sizeof shapes[i]);
    }
    if (!reference) {
        kernel_options ko = {0, a->ar.alloc};
        int r = kernel_compile(shapes, a->nzones, kr, nr, &ko, &pc->k);
        if (r) return r;
    }
    return 0;
}

void judge_position_rules_free(judge_positions_ctx *pc)
{
    if (!pc) return;
    kernel_free(pc->k);
    pc->k = NULL;
}

int judge_position_report(judgement *j, const judge_positions_ctx *pc, size_t i, vec *evs)
{
    const truce_agreement *a = j->a;
    const prule *rules = pc->rules;
    size_t nr = pc->nr;
    const report *rep = &j->reports[i];
    const party *p = j->rparty[i];
    if (!nr || rep->kind != REPORT_TRACK || !p || j->rday_lo[i] > j->at_day) return 0;
    uint32_t lo_hits[64], hi_hits[64];
    int rc = 0;
    int pi = (int)(p - a->parties);
    geo_pt pt = {rep->lon, rep->lat};
    long lo = j->rday_lo[i], hi = j->rday_hi[i];
    size_t nlo, nhi;
    if (pc->reference) {
        nlo = nhi = 0;
        for (size_t q = 0; q < nr; q++) {
            if (plain_hit(&rules[q], pi, lo, pt) && nlo < 64) lo_hits[nlo++] = (uint32_t)q;
            if (plain_hit(&rules[q], pi, hi, pt) && nhi < 64) hi_hits[nhi++] = (uint32_t)q;
        }
    } else {
        kernel_report kp = {pi, lo, rep->lon, rep->lat};
        nlo = kernel_eval(pc->k, &kp, lo_hits, 64);
        kp.t = hi;
        nhi = lo == hi ? nlo : kernel_eval(pc->k, &kp, hi_hits, 64);
        if (lo == hi) memcpy(hi_hits, lo_hits, sizeof(uint32_t) * (nlo < 64 ? nlo : 64));
        if (nlo > 64) nlo = 64;
        if (nhi > 64) nhi = 64;
        /* nothing hit and nothing the plain loop below could see: done */
        if (!nlo && !nhi && !(rep->radius_m > 0) && hi == lo) return 0;
    }
    /* rules whose zone holds the point at either end of the report's days */
    for (size_t q = 0; q < nr && rc == 0; q++) {
        int in_lo = 0, in_hi = 0;
        for (size_t x = 0; x < nlo; x++) in_lo |= lo_hits[x] == q;
        for (size_t x = 0; x < nhi; x++) in_hi |= hi_hits[x] == q;
        const prule *pr = &rules[q];
        if (pr->r.party != pi) continue;
        int overlaps = lo < pr->r.t1 && hi >= pr->r.t0;
        if (!overlaps) continue;
        int contained = in_lo || in_hi;
        if (!contained && (rep->radius_m > 0 || hi > lo)) {
            /* the plain loop for what the kernel's two probes cannot see: a point outside
             * but within its radius of the zone, or days that span the whole window */
            contained = geo_contains(&pr->z->shape, pt);
        }
        double dist = -1;
        if (!contained) {
            if (!(rep->radius_m > 0)) continue;
            dist = judge_boundary_distance(&pr->z->shape, pt);
            if (dist > rep->radius_m) continue;
            rc = add_ev(j, &j->obs[pr->ob], &evs[pr->ob], i, EV_POSSIBLE, pr->p->id, pr->z->id,
                        "seen outside the zone but within its location uncertainty of the boundary");
            continue;
        }
        int time_sure = in_lo && in_hi;
        int place_sure = 1;
        if (rep->radius_m > 0) place_sure = judge_boundary_distance(&pr->z->shape, pt) >= rep->radius_m;
        if (time_sure && place_sure)
            rc = add_ev(j, &j->obs[pr->ob], &evs[pr->ob], i, EV_VIOLATION, pr->p->id, pr->z->id,
                        j->obs[pr->ob].ob->kind == OB_WITHDRAW ? "present in the zone after the deadline"
                                                               : "present in the zone during the window");
        else
            rc = add_ev(j, &j->obs[pr->ob], &evs[pr->ob], i, EV_POSSIBLE, pr->p->id, pr->z->id,
                        !place_sure ? "inside the zone, but its location uncertainty reaches beyond the boundary"
                                    : "inside the zone, but its time range straddles the edge of the window");
    }
    return rc;
}

static int judge_positions(judgement *j, vec *evs, const judge_opts *o)
{
    judge_positions_ctx pc;
    int rc = judge_position_rules(j, o->reference, &pc);
    for (size_t i = 0; i < j->nreports && rc == 0 && pc.nr; i++) rc = judge_position_report(j, &pc, i, evs);
    judge_position_rules_free(&pc);
    return rc;
}

/* ---- report days, parties, assignment ---- */

int judge_prepare_report(judgement *j, actor_matcher *m, size_t i, truce_date *hi_out)
{
    const report *r = &j->reports[i];
    truce_date lo, hi;
    if (r->time.prec == TIME_EXACT) lo = hi = judge_tz_day(&j->tz, r->time.at);
    else lo = r->time.from, hi = r->time.until;
    j->rday_lo[i] = (long)lo - j->day1 + 1;
    j->rday_hi[i] = (long)hi - j->day1 + 1;
    *hi_out = hi;
    int err = 0;
    const char *a1 = NULL, *a2 = NULL;
    switch (r->kind) {
    case REPORT_ACLED:
    case REPORT_GED: a1 = r->actor1, a2 = r->actor2; break;
    case REPORT_TRACK:
    case REPORT_RELEASE:
    case REPORT_WITHDRAWAL: a1 = r->party; break;
    default: break;
    }
    j->rparty[i] = a1 ? actors_match(m, a1, &err) : NULL;
    j->ractor2[i] = a2 ? actors_match(m, a2, &err) : NULL;
    if (r->kind == REPORT_TALKS)
        for (size_t k = 0; k < r->nparties; k++) actors_match(m, r->parties[k], &err);
    return err;
}

static int prepare_reports(judgement *j)
{
    const truce_agreement *a = j->a;
    size_t n = j->nreports;
    j->rday_lo = arena_alloc(&j->ar, sizeof(long) * (n + 1));
    j->rday_hi = arena_alloc(&j->ar, sizeof(long) * (n + 1));
    j->rparty = arena_alloc(&j->ar, sizeof(party *) * (n + 1));
    j->ractor2 = arena_alloc(&j->ar, sizeof(party *) * (n + 1));
    actor_matcher *m = actors_new(&j->ar, a->parties, a->nparties);
    if (!j->rday_lo || !j->rday_hi || !j->rparty || !j->ractor2 || !m) return TRUCE_ENOMEM;
    truce_date latest = TRUCE_DATE_NONE;
    for (size_t i = 0; i < n; i++) {
        truce_date hi;
        int err = judge_prepare_report(j, m, i, &hi);
        if (latest == TRUCE_DATE_NONE || hi > latest) latest = hi;
        if (err) return err;
    }
    if (j->at == TRUCE_DATE_NONE) j->at = latest == TRUCE_DATE_NONE ? j->day1 : latest;
    j->at_day = (long)j->at - j->day1 + 1;
    const actor_name_count *un;
    size_t nu = actors_unmatched(m, &un);
    j->unmatched = arena_alloc(&j->ar, sizeof(char *) * (nu + 1));
    j->unmatched_count = arena_alloc(&j->ar, sizeof(long) * (nu + 1));
    if (!j->unmatched || !j->unmatched_count) return TRUCE_ENOMEM;
    for (size_t i = 0; i < nu; i++) j->unmatched[i] = un[i].name, j->unmatched_count[i] = un[i].count;
    j->nunmatched = nu;
    return 0;
}

/* Whether a talks report names every party of ob (matching names through aliases). */
static int talks_cover(const judgement *j, const report *r, const obligation *ob)
{
    for (size_t k = 0; k < ob->nparties; k++) {
        const party *p = ob->parties[k];
        if (!p) continue;
        int found = 0;
        for (size_t q = 0; q < r->nparties && !found; q++) {
            const char *nm = r->parties[q];
            if (!strcasecmp(nm, p->id) || (p->name && !strcasecmp(nm, p->name))) found = 1;
            for (size_t x = 0; x < p->naliases && !found; x++) found = !strcasecmp(nm, p->aliases[x]);
        }
        if (!found) return 0;
    }
    (void)j;
    return ob->nparties > 0;
}

/* The obligation a release or delivery report counts for: the one it names, else the first of
 * its kind (and party) whose window holds the report's first day. */
long judge_assign(const judgement *j, size_t ri)
{
    const report *r = &j->reports[ri];
    obligation_kind want = r->kind == REPORT_RELEASE ? OB_RELEASE : OB_DELIVER;
    if (r->obligation) {
        for (size_t i = 0; i < j->nobs; i++)
            if (j->obs[i].ob->id && !strcmp(j->obs[i].ob->id, r->obligation)) return (long)i;
        return -1;
    }
    long first = -1;
    for (size_t i = 0; i < j->nobs; i++) {
        const ob_judgement *o = &j->obs[i];
        if (o->v == V_NOT_JUDGED || o->ob->kind != want) continue;
        if (want == OB_RELEASE && !ob_binds(o->ob, j->rparty[ri])) continue;
        if (want == OB_DELIVER && r->crossing && o->ob->crossing_id && !crossing_is(r->crossing, o->ob->crossing_id))
            continue;
        long until = o->until != DAY_UNKNOWN ? o->until : o->by;
        if (o->from != DAY_UNKNOWN && j->rday_lo[ri] >= o->from && (until == DAY_UNKNOWN || j->rday_lo[ri] <= until))
            return (long)i;
        if (first < 0) first = (long)i;
    }
    return first;
}

static void set(ob_judgement *o, verdict v, const char *reason)
{
    o->v = v;
    o->reason = reason;
}

/* ---- quantities ---- */

static long rep_count(const report *r) { return r->kind == REPORT_RELEASE ? r->persons : r->trucks; }

static int judge_batches(judgement *j, ob_judgement *o, vec *ev, const long *owner)
{
    const obligation *ob = o->ob;
    const sched_row *row = o->row;
    size_t nb = row ? row->nevents : 0;
    long one_day = o->by != DAY_UNKNOWN ? o->by : o->until;
    int single = 0;
    if (nb == 0 && ob->q.has_total && one_day != DAY_UNKNOWN) nb = 1, single = 1;
    o->total = ob->q.has_total ? ob->q.total : -1;
    o->unit = ob->q.unit;
    size_t idx = (size_t)(o - j->obs);
    /* the reports that count */
    long any = 0;
    for (size_t i = 0; i < j->nreports; i++) {
        if (owner[i] != (long)idx || j->rday_lo[i] > j->at_day) continue;
        long c = rep_count(&j->reports[i]);
        if (c < 0) continue;
        any++;
        if (add_ev(j, o, ev, i, EV_DONE, j->rparty[i] ? j->rparty[i]->id : NULL, NULL, "counted")) return TRUCE_ENOMEM;
    }
    if (nb == 0) {
        /* no figure to judge against */
        o->has_qty = 0;
        long done = 0;
        for (size_t i = 0; i < j->nreports; i++)
            if (owner[i] == (long)idx && j->rday_lo[i] <= j->at_day && rep_count(&j->reports[i]) > 0)
                done += rep_count(&j->reports[i]);
        o->done = done;
        if (o->from != DAY_UNKNOWN && j->at_day < o->from) set(o, V_PENDING, "not yet in force");
        else if (any) set(o, V_ON_TRACK, "reported done in part; the agreement gives no figure to judge against");
        else set(o, V_PENDING, "nothing reported; the agreement gives no figure to judge against");
        return 0;
    }
    o->has_qty = 1;
    o->batches = arena_alloc(&j->ar, sizeof(batch) * nb);
    if (!o->batches) return TRUCE_ENOMEM;
    o->nbatches = nb;
    long cum_before = 0;
    int shortb = 0, disp = 0, late = 0, due_now = 0, all_passed = 1;
    long due = 0;
    for (size_t b = 0; b < nb; b++) {
        batch *B = &o->batches[b];
        B->day = single ? one_day : row->days[b];
        B->days = 1;
        B->due = single ? ob->q.total : row->counts[b];
        long cum_due = cum_before + B->due;
        long by = 0, unsure = 0, by_now = 0;
        for (size_t i = 0; i < j->nreports; i++) {
            if (owner[i] != (long)idx || j->rday_lo[i] > j->at_day) continue;
            long c = rep_count(&j->reports[i]);
            if (c < 0) continue;
            by_now += c;
            if (j->rday_hi[i] <= B->day) by += c;
            else if (j->rday_lo[i] <= B->day) unsure += c;
        }
        long on_time = by - cum_before, total_now = by_now - cum_before;
        B->done = on_time < 0 ? 0 : on_time > B->due ? B->due : on_time;
        long upto = total_now < 0 ? 0 : total_now > B->due ? B->due : total_now;
        B->done_late = upto - B->done;
        if (B->day > j->at_day) {
            B->v = V_PENDING;
            all_passed = 0;
        } else {
            due_now = 1;
            due = cum_due;
            if (by >= cum_due) B->v = V_MET;
            else if (by + unsure >= cum_due) B->v = V_DISPUTED, disp = 1;
            else if (by_now >= cum_due) B->v = V_LATE, late = 1;
            else B->v = V_VIOLATED, shortb = 1;
        }
        cum_before = cum_due;
    }
    long done = 0;
    for (size_t i = 0; i < j->nreports; i++)
        if (owner[i] == (long)idx && j->rday_lo[i] <= j->at_day && rep_count(&j->reports[i]) > 0)
            done += rep_count(&j->reports[i]);
    o->due = due;
    o->done = done;
    if (shortb && any) set(o, V_VIOLATED, "a batch due by now fell short");
    else if (shortb) set(o, V_PENDING, "overdue: nothing reported for a batch already due");
    else if (disp) set(o, V_DISPUTED, "a report's days straddle a batch's deadline: on time or late cannot be told");
    else if (late) set(o, V_LATE, "every batch due was made up, but some after its day");
    else if (due_now && all_passed) set(o, V_MET, "every batch delivered in full by its day");
    else if (due_now) set(o, V_ON_TRACK, "every batch due so far delivered in full by its day");
    else if (o->from != DAY_UNKNOWN && j->at_day >= o->from) set(o, V_ON_TRACK, "in force; no batch due yet");
    else set(o, V_PENDING, "no batch due yet");
    return 0;
}

static int judge_rate(judgement *j, ob_judgement *o, vec *ev, const long *owner)
{
    const obligation *ob = o->ob;
    long per = ob->q.per && !strcmp(ob->q.per, "week") ? 7 : 1;
    size_t idx = (size_t)(o - j->obs);
    long fuel_part = -1;
    for (size_t i = 0; i < ob->q.nparts; i++)
        if (ob->q.parts[i].what && strstr(ob->q.parts[i].what, "fuel")) fuel_part = ob->q.parts[i].count;
    o->has_qty = 1;
    o->unit = ob->q.unit;
    o->total = -1;
    if (o->from == DAY_UNKNOWN) {
        set(o, V_PENDING, "its days are not yet known");
        return 0;
    }
    long last = o->until != DAY_UNKNOWN && o->until < j->at_day ? o->until : j->at_day;
    if (last < o->from) {
        set(o, V_PENDING, "not yet in force");
        return 0;
    }
    size_t nb = (size_t)((last - o->from) / per + 1);
    o->batches = arena_alloc(&j->ar, sizeof(batch) * nb);
    if (!o->batches) return TRUCE_ENOMEM;
    o->nbatches = nb;
    int shortp = 0, unreported = 0, partial = 0;
    long due = 0, done = 0;
    for (size_t b = 0; b < nb; b++) {
        batch *B = &o->batches[b];
        B->day = o->from + (long)b * per;
        B->days = per;
        long end = B->day + per - 1;
        if (end > last) partial = 1;
        B->due = ob->q.rate;
        long fuel = 0;
        int fuel_known = 0;
        for (size_t i = 0; i < j->nreports; i++) {
            if (owner[i] != (long)idx) continue;
            long lo = j->rday_lo[i], hi = j->rday_hi[i];
            if (lo < B->day || hi > end) continue;
            const report *r = &j->reports[i];
            if (r->trucks < 0) continue;
            B->reported = 1;
            B->done += r->trucks;
            if (r->fuel_trucks >= 0) fuel += r->fuel_trucks, fuel_known = 1;
        }
        due += B->due;
        done += B->done;
        if (!B->reported) B->v = V_PENDING, unreported++;
        else if (B->done < B->due || (fuel_part >= 0 && fuel_known && fuel < fuel_part)) B->v = V_VIOLATED, shortp++;
        else B->v = V_MET;
    }
    /* evidence: reports of short periods as short, the others as done */
    for (size_t i = 0; i < j->nreports; i++) {
        if (owner[i] != (long)idx || j->rday_lo[i] > last || j->rday_hi[i] < o->from) continue;
        long lo = j->rday_lo[i];
        size_t b = lo >= o->from ? (size_t)((lo - o->from) / per) : 0;
        int is_short = b < nb && o->batches[b].v == V_VIOLATED;
        int precise = b < nb && j->rday_hi[i] <= o->batches[b].day + per - 1 && lo >= o->from;
        if (add_ev(j, o, ev, i, !precise ? EV_POSSIBLE : is_short ? EV_SHORT : EV_DONE, NULL, NULL,
                   !precise ? "its days span more than one period: not counted" : is_short ? "below the rate" : "counted"))
            return TRUCE_ENOMEM;
    }
    o->due = due;
    o->done = done;
    int ended = o->until != DAY_UNKNOWN && j->at_day >= o->until;
    (void)partial;
    if (shortp) set(o, V_VIOLATED, per == 1 ? "below the rate on some days" : "below the rate in some weeks");
    else if (unreported == (int)nb) set(o, V_PENDING, "nothing reported");
    else if (unreported) set(o, V_ON_TRACK, "the rate was met on every period reported; some periods have no report");
    else if (ended) set(o, V_MET, "the rate was met on every period");
    else set(o, V_ON_TRACK, "the rate was met on every period so far");
    return 0;
}

/* ---- one-off acts: the first report that it was done, against the deadline ---- */

/* Sets met / late / disputed from the first report's days (lo, hi) against deadline dl. */
static void judge_done_at(judgement *j, ob_judgement *o, long lo, long hi, long dl, const char *what)
{
    (void)j;
    (void)what;
    if (dl == DAY_UNKNOWN || hi <= dl) set(o, V_MET, "done by the deadline");
    else if (lo > dl) set(o, V_LATE, "done after the deadline");
    else set(o, V_DISPUTED, "the report's days straddle the deadline: on time or late cannot be told");
}

static void judge_nothing(judgement *j, ob_judgement *o, long dl)
{
    if (o->from != DAY_UNKNOWN && j->at_day < o->from) set(o, V_PENDING, "not yet in force");
    else if (dl == DAY_UNKNOWN || j->at_day < dl) set(o, V_PENDING, "nothing reported yet; not yet due");
    else set(o, V_PENDING, "overdue: nothing reported by the deadline (absence of reports is not proof)");
}

/* Whether report i is an act for obligation o of kind k. */
static int act_for(const judgement *j, size_t i, const ob_judgement *o)
{
    const report *r = &j->reports[i];
    const obligation *ob = o->ob;
    if (is_impl(r->kind) && note_marks(r->notes, "done", ob->id)) return 1;
    switch (ob->kind) {
    case OB_NEGOTIATE: return r->kind == REPORT_TALKS && talks_cover(j, r, ob);
    default: return 0;
    }
}

static int judge_acts(judgement *j, ob_judgement *o, vec *ev, long dl)
{
    long first = -1;
    for (size_t i = 0; i < j->nreports; i++) {
        if (j->rday_lo[i] > j->at_day || !act_for(j, i, o)) continue;
        if (add_ev(j, o, ev, i, EV_DONE, NULL, NULL, "reported done")) return TRUCE_ENOMEM;
        if (first < 0 || j->rday_lo[i] < j->rday_lo[first]) first = (long)i;
    }
    if (first < 0) judge_nothing(j, o, dl);
    else judge_done_at(j, o, j->rday_lo[first], j->rday_hi[first], dl, "done");
    return 0;
}

static int judge_notify(judgement *j, ob_judgement *o, vec *ev)
{
    const sched_row *row = o->row;
    if (!row || row->nevents == 0) return judge_acts(j, o, ev, o->by);
    size_t n = row->nevents, nm = 0;
    size_t *marks = arena_alloc(&j->ar, sizeof(size_t) * (j->nreports + 1));
    if (!marks) return TRUCE_ENOMEM;
    for (size_t i = 0; i < j->nreports; i++)
        if (j->rday_lo[i] <= j->at_day && act_for(j, i, o)) {
            marks[nm++] = i;
            if (add_ev(j, o, ev, i, EV_DONE, NULL, NULL, "notice given")) return TRUCE_ENOMEM;
        }
    /* in day order (insertion sort) */
    for (size_t a = 1; a < nm; a++)
        for (size_t b = a; b > 0 && j->rday_lo[marks[b - 1]] > j->rday_lo[marks[b]]; b--) {
            size_t t = marks[b];
            marks[b] = marks[b - 1], marks[b - 1] = t;
        }
    o->batches = arena_alloc(&j->ar, sizeof(batch) * n);
    if (!o->batches) return TRUCE_ENOMEM;
    o->nbatches = n;
    size_t next = 0;
    int missing = 0, late = 0, disp = 0, due_now = 0, all = 1;
    for (size_t e = 0; e < n; e++) {
        batch *B = &o->batches[e];
        B->day = row->days[e], B->days = 1, B->due = 1;
        if (next < nm) {
            size_t m = marks[next];
            if (j->rday_hi[m] <= B->day) B->v = V_MET, B->done = 1, next++;
            else if (j->rday_lo[m] <= B->day) B->v = V_DISPUTED, B->done = 1, next++, disp = 1;
            else if (B->day <= j->at_day && (e + 1 == n || j->rday_lo[m] <= row->days[e + 1]))
                B->v = V_LATE, B->done_late = 1, next++, late = 1;
        }
        if (B->day > j->at_day) all = 0;
        else due_now = 1;
        if (!B->v) {
            if (B->day > j->at_day) B->v = V_PENDING;
            else B->v = V_VIOLATED, missing = 1;
        }
    }
    o->has_qty = 0;
    if (missing && nm) set(o, V_VIOLATED, "a notice due by now was not reported");
    else if (missing) set(o, V_PENDING, "overdue: no notice reported (absence of reports is not proof)");
    else if (disp) set(o, V_DISPUTED, "a notice's days straddle its deadline");
    else if (late) set(o, V_LATE, "a notice came after its deadline");
    else if (due_now && all) set(o, V_MET, "every notice given by its deadline");
    else if (due_now) set(o, V_ON_TRACK, "every notice due so far given by its deadline");
    else set(o, V_PENDING, "no notice due yet");
    return 0;
}

/* ---- kinds ---- */

static int hostile_event(const report *r, int *attributed)
{
    *attributed = 0;
    if (r->kind == REPORT_ACLED) {
        if (!r->event_type) return 0;
        if (!strcmp(r->event_type, "Battles")) return 1;
        if (!strcmp(r->event_type, "Explosions/Remote violence") || !strcmp(r->event_type, "Violence against civilians")) {
            *attributed = 1;
            return 1;
        }
        return 0;
    }
    if (r->kind == REPORT_GED) {
        *attributed = r->event_type && !strcmp(r->event_type, "one-sided");
        return 1;
    }
    return 0;
}

static int judge_ceasefire(judgement *j, ob_judgement *o, vec *ev)
{
    const obligation *ob = o->ob;
    terms t = obligation_terms(ob);
    const zone *z = zone_ok(t.zone) ? t.zone : NULL;
    long F = o->from, U = o->until;
    if (F == DAY_UNKNOWN) {
        set(o, V_PENDING, "its days are not yet known");
        return 0;
    }
    int viol = 0;
    for (size_t i = 0; i < j->nreports; i++) {
        const report *r = &j->reports[i];
        int attributed;
        long lo = j->rday_lo[i], hi = j->rday_hi[i];
        if (lo > j->at_day || !hostile_event(r, &attributed)) continue;
        if (hi < F || (U != DAY_UNKNOWN && lo > U)) continue;
        int time_sure = lo >= F && (U == DAY_UNKNOWN || hi <= U);
        int place_sure = 1;
        if (z) {
            geo_pt p = {r->lon, r->lat};
            if (!isfinite(r->lon)) continue;
            int in = geo_contains(&z->shape, p);
            double d = judge_boundary_distance(&z->shape, p);
            if (!in && !(r->radius_m > 0 && d <= r->radius_m)) continue;
            place_sure = in && d >= r->radius_m;
        }
        const party *who[2] = {j->rparty[i], attributed ? NULL : j->ractor2[i]};
        for (int k = 0; k < 2; k++) {
            if (!who[k] || !ob_binds(ob, who[k])) continue;
            int sure = time_sure && place_sure && attributed;
            const char *why = !attributed ? "armed clash: the report does not say who fired first"
                              : !time_sure ? "its days straddle the start or end of the ceasefire"
                              : !place_sure ? "its location is too imprecise to place it inside the zone"
                                            : "attack during the ceasefire";
            if (add_ev(j, o, ev, i, sure ? EV_VIOLATION : EV_POSSIBLE, who[k]->id, z ? z->id : NULL, why))
                return TRUCE_ENOMEM;
            viol |= sure;
        }
    }
    if (viol) set(o, V_VIOLATED, "attacks reported during the ceasefire");
    else if (j->at_day < F) set(o, V_PENDING, "not yet in force");
    else if (U != DAY_UNKNOWN && j->at_day >= U) set(o, V_MET, "no attack by a bound party confirmed during the ceasefire");
    else set(o, V_ON_TRACK, "in force; no attack by a bound party confirmed so far");
    return 0;
}

static int judge_withdraw(judgement *j, ob_judgement *o, vec *ev)
{
    const obligation *ob = o->ob;
    terms t = obligation_terms(ob);
    long B = o->by;
    if (B == DAY_UNKNOWN) {
        set(o, V_PENDING, "its deadline is not yet known");
        return 0;
    }
    if (t.zone && !zone_ok(t.zone) && t.zone->how == ZONE_UNMAPPED) {
        /* no map: only withdrawal reports can judge it */
    }
    /* withdrawal reports of a bound party from this zone */
    long first_obs = -1, first_decl = -1;
    for (size_t i = 0; i < j->nreports; i++) {
        const report *r = &j->reports[i];
        if (r->kind != REPORT_WITHDRAWAL || j->rday_lo[i] > j->at_day || !ob_binds(ob, j->rparty[i])) continue;
        if (!r->zone || !t.zone_id || strcmp(r->zone, t.zone_id)) continue;
        int obs = r->basis == WITHDRAWAL_OBSERVED;
        if (add_ev(j, o, ev, i, obs ? EV_DONE : EV_CLAIM, j->rparty[i]->id, t.zone_id,
                   obs ? "withdrawal observed" : "withdrawal declared by the party"))
            return TRUCE_ENOMEM;
        long *f = obs ? &first_obs : &first_decl;
        if (*f < 0 || j->rday_lo[i] < j->rday_lo[*f]) *f = (long)i;
    }
    /* presences found by judge_positions */
    vec *v = ev;
    evidence *e = v->items;
    int viol = 0, conflict = 0;
    for (size_t k = 0; k < v->n; k++) {
        if (e[k].cls != EV_VIOLATION) continue;
        viol = 1;
        for (size_t q = 0; q < v->n; q++)
            if ((e[q].cls == EV_DONE || e[q].cls == EV_CLAIM) && e[q].day_hi <= e[k].day_lo) conflict = 1;
    }
    if (conflict)
        for (size_t k = 0; k < v->n; k++)
            if (e[k].cls == EV_DONE || e[k].cls == EV_CLAIM) e[k].why = JUDGE_WHY_CONTRADICTED;
    judge_withdraw_verdict(j, o, viol, conflict, first_obs, first_decl);
    return 0;
}

void judge_withdraw_verdict(judgement *j, ob_judgement *o, int viol, int conflict, long first_obs, long first_decl)
{
    long B = o->by;
    if (B == DAY_UNKNOWN) {
        set(o, V_PENDING, "its deadline is not yet known");
    } else if (conflict) {
        set(o, V_DISPUTED, "a withdrawal was reported, but the party's forces were reported in the zone after it");
    } else if (viol) {
        set(o, V_VIOLATED, "the party's forces were reported in the zone after the deadline");
    } else if (first_obs >= 0 || first_decl >= 0) {
        long f = first_obs >= 0 ? first_obs : first_decl;
        judge_done_at(j, o, j->rday_lo[f], j->rday_hi[f], B, "withdrawn");
        if (first_obs < 0 && o->v == V_MET) o->reason = "withdrawal declared by the party by the deadline; not independently observed";
    } else if (j->at_day <= B) {
        set(o, o->from != DAY_UNKNOWN && j->at_day >= o->from ? V_ON_TRACK : V_PENDING,
            "the deadline has not passed; no presence after it can yet count");
    } else {
        set(o, V_PENDING, "past the deadline: neither a withdrawal nor a presence in the zone reported");
    }
}

int judge_withdrawal_counts(const judgement *j, const obligation *ob, size_t i)
{
    const report *r = &j->reports[i];
    terms t = obligation_terms(ob);
    if (r->kind != REPORT_WITHDRAWAL || !ob_binds(ob, j->rparty[i])) return 0;
    return r->zone && t.zone_id && !strcmp(r->zone, t.zone_id);
}

static int judge_stay_out(judgement *j, ob_judgement *o, vec *ev)
{
    evidence *e = ev->items;
    int viol = 0;
    for (size_t k = 0; k < ev->n; k++) viol |= e[k].cls == EV_VIOLATION;
    judge_stay_out_verdict(j, o, viol);
    return 0;
}

void judge_stay_out_verdict(judgement *j, ob_judgement *o, int viol)
{
    if (o->from == DAY_UNKNOWN) set(o, V_PENDING, "its days are not yet known");
    else if (viol) set(o, V_VIOLATED, "the party's forces were reported in the zone during the window");
    else if (j->at_day < o->from) set(o, V_PENDING, "not yet in force");
    else if (o->until != DAY_UNKNOWN && j->at_day >= o->until) set(o, V_MET, "no presence in the zone confirmed during the window");
    else set(o, V_ON_TRACK, "in force; no presence in the zone confirmed so far");
}

static int judge_crossing(judgement *j, ob_judgement *o, vec *ev)
{
    const obligation *ob = o->ob;
    terms t = obligation_terms(ob);
    const char *cid = ob->crossing_id ? ob->crossing_id : t.zone_id;
    long dl = o->by != DAY_UNKNOWN ? o->by : o->from;
    /* open by the deadline, then open until the window ends: its `until`, else its phase's end */
    long U = t.until.kind ? o->until : ob->phase ? ob->phase->end_day : DAY_UNKNOWN;
    long first_open = -1;
    int viol = 0, disp = 0;
    for (size_t i = 0; i < j->nreports; i++) {
        const report *r = &j->reports[i];
        if (j->rday_lo[i] > j->at_day) continue;
        if (act_for(j, i, o) && r->kind != REPORT_CROSSING) {
            if (add_ev(j, o, ev, i, EV_DONE, NULL, NULL, "reported done")) return TRUCE_ENOMEM;
            if (first_open < 0 || j->rday_lo[i] < j->rday_lo[first_open]) first_open = (long)i;
            continue;
        }
        if (r->kind != REPORT_CROSSING || !crossing_is(r->crossing, cid)) continue;
        if (r->crossing_state == CROSSING_OPEN) {
            if (add_ev(j, o, ev, i, EV_DONE, NULL, cid, "reported open")) return TRUCE_ENOMEM;
            if (first_open < 0 || j->rday_lo[i] < j->rday_lo[first_open]) first_open = (long)i;
        }
    }
    /* closures while it must be open: after the deadline and within the window */
    for (size_t i = 0; i < j->nreports; i++) {
        const report *r = &j->reports[i];
        if (j->rday_lo[i] > j->at_day || r->kind != REPORT_CROSSING || r->crossing_state != CROSSING_CLOSED ||
            !crossing_is(r->crossing, cid))
            continue;
        long lo = j->rday_lo[i], hi = j->rday_hi[i];
        long open_from = o->by != DAY_UNKNOWN ? o->by + 1 : o->from;
        if (open_from == DAY_UNKNOWN || hi < open_from || (U != DAY_UNKNOWN && lo > U)) continue;
        int contra = 0;
        for (size_t q = 0; q < j->nreports; q++) {
            const report *s = &j->reports[q];
            if (s->kind == REPORT_CROSSING && s->crossing_state == CROSSING_OPEN && crossing_is(s->crossing, cid) &&
                j->rday_lo[q] <= hi && j->rday_hi[q] >= lo)
                contra = 1;
        }
        int sure = lo >= open_from && (U == DAY_UNKNOWN || hi <= U);
        ev_class c = contra ? EV_CONFLICT : sure ? EV_VIOLATION : EV_POSSIBLE;
        if (add_ev(j, o, ev, i, c, NULL, cid,
                   contra ? "reported closed, and open, on the same days" : sure ? "reported closed while it must be open"
                                                                            : "reported closed on days that straddle the deadline"))
            return TRUCE_ENOMEM;
        if (contra) disp = 1;
        else if (sure) viol = 1;
    }
    if (viol) set(o, V_VIOLATED, "reported closed while it must be open");
    else if (disp) set(o, V_DISPUTED, "reports disagree on whether it was open");
    else if (first_open >= 0) {
        judge_done_at(j, o, j->rday_lo[first_open], j->rday_hi[first_open], dl, "opened");
        if (o->v == V_MET && U != DAY_UNKNOWN && j->at_day < U)
            set(o, V_ON_TRACK, "opened by the deadline; no closure reported so far");
    } else judge_nothing(j, o, dl);
    return 0;
}

/* ---- one obligation, for the run and the watch ---- */

int judge_one(judgement *j, ob_judgement *oj, vec *ev, const long *owner)
{
    const obligation *ob = oj->ob;
    switch (ob->kind) {
    case OB_CEASE_HOSTILITIES: return judge_ceasefire(j, oj, ev);
    case OB_WITHDRAW: return judge_withdraw(j, oj, ev);
    case OB_STAY_OUT: return judge_stay_out(j, oj, ev);
    case OB_RELEASE: return judge_batches(j, oj, ev, owner);
    case OB_DELIVER: return ob->q.has_rate ? judge_rate(j, oj, ev, owner) : judge_batches(j, oj, ev, owner);
    case OB_OPEN_CROSSING: return judge_crossing(j, oj, ev);
    case OB_NOTIFY: return judge_notify(j, oj, ev);
    default: return judge_acts(j, oj, ev, oj->by);
    }
}

int judge_may_count(const judgement *j, size_t obi, size_t i, long owner)
{
    const ob_judgement *o = &j->obs[obi];
    const obligation *ob = o->ob;
    const report *r = &j->reports[i];
    if (o->v == V_NOT_JUDGED) return 0;
    switch (ob->kind) {
    case OB_CEASE_HOSTILITIES: return r->kind == REPORT_ACLED || r->kind == REPORT_GED;
    case OB_WITHDRAW: return judge_withdrawal_counts(j, ob, i);
    case OB_STAY_OUT: return 0;
    case OB_RELEASE:
    case OB_DELIVER: return owner == (long)obi;
    case OB_OPEN_CROSSING: return r->kind == REPORT_CROSSING || act_for(j, i, o);
    default: return act_for(j, i, o);
    }
}

/* ---- scores, phases ---- */

static int phase_conditions(judgement *j)
{
    const truce_agreement *a = j->a;
    size_t np = a->nphases + 1;
    j->phases = arena_alloc(&j->ar, sizeof(phase_score) * np);
    if (!j->phases) return TRUCE_ENOMEM;
    j->nphases = np;
    for (size_t i = 0; i < np; i++) {
        phase_score *ps = &j->phases[i];
        ps->p = i < a->nphases ? &a->phases[i] : NULL;
        ps->pct = -1;
    }
    for (size_t i = 0; i < j->nobs; i++) {
        ob_judgement *o = &j->obs[i];
        if (o->score < 0) continue;
        size_t pi = o->ob->phase ? (size_t)(o->ob->phase - a->phases) : a->nphases;
        j->phases[pi].judged++;
        j->phases[pi].sum += o->score;
        j->judged++;
        j->sum += o->score;
    }
    j->pct = j->judged ? 100.0 * j->sum / (3.0 * j->judged) : -1;
    /* milestones held by the judgement day */
    j->milestones_held = arena_alloc(&j->ar, sizeof(char *) * (a->nmilestones + 1));
    if (!j->milestones_held) return TRUCE_ENOMEM;
    for (size_t m = 0; m < a->nmilestones; m++) {
        const milestone *ms = &a->milestones[m];
        for (size_t i = 0; i < j->nreports; i++)
            if (is_impl(j->reports[i].kind) && j->rday_hi[i] <= j->at_day && note_marks(j->reports[i].notes, "milestone", ms->id)) {
                j->milestones_held[j->nheld++] = ms->id;
                break;
            }
    }
    for (size_t i = 0; i < a->nphases; i++) {
        phase_score *ps = &j->phases[i];
        const phase *p = ps->p;
        if (ps->judged) ps->pct = 100.0 * ps->sum / (3.0 * ps->judged);
        ps->entered = p->start_day != DAY_UNKNOWN && j->at_day >= p->start_day;
        ps->ready = 1;
        for (size_t k = 0; k < p->nrequires; k++) {
            int held = 0;
            for (size_t h = 0; h < j->nheld; h++) held |= !strcmp(j->milestones_held[h], p->requires_ids[k]);
            if (!held) {
                ps->ready = 0;
                if (ps->nmissing < 16) ps->missing[ps->nmissing++] = arena_printf(&j->ar, "milestone %s", p->requires_ids[k]);
            }
        }
        const phase *prev = p->after ? p->after : (i > 0 ? &a->phases[i - 1] : NULL);
        if (!prev) continue;
        for (size_t q = 0; q < j->nobs; q++) {
            const ob_judgement *o = &j->obs[q];
            if (o->ob->phase != prev || o->score < 0 || o->v == V_MET || o->v == V_LATE) continue;
            ps->ready = 0;
            if (ps->nmissing < 16)
                ps->missing[ps->nmissing++] =
                    arena_printf(&j->ar, "%s of %s is %s", o->ob->id, prev->id, verdict_names[o->v]);
        }
    }
    if (j->phases[a->nphases].judged) j->phases[a->nphases].pct = 100.0 * j->phases[a->nphases].sum / (3.0 * j->phases[a->nphases].judged);
    return 0;
}

/* ---- the run ---- */

int judge_begin(judgement *j, const truce_agreement *a, const judge_opts *o)
{
    memset(j, 0, sizeof *j);
    arena_init(&j->ar, a->ar.alloc);
    j->a = a;
    j->day1 = o->start != TRUCE_DATE_NONE ? o->start : a->start;
    j->at = o->at;
    if (j->day1 == TRUCE_DATE_NONE) return TRUCE_EUNRESOLVED;
    int r = judge_tz_init(&j->tz, &j->ar, a->timezone);
    if (r) return r;
    if ((r = schedule_build(a, j->day1, &j->ar, &j->s))) return r;
    j->nobs = a->nobligations;
    j->obs = arena_alloc(&j->ar, sizeof *j->obs * (j->nobs + 1));
    if (!j->obs) return TRUCE_ENOMEM;
    for (size_t i = 0; i < j->nobs; i++) {
        ob_judgement *oj = &j->obs[i];
        const obligation *ob = &a->obligations[i];
        oj->ob = ob;
        oj->total = -1;
        oj->from = oj->until = oj->by = DAY_UNKNOWN;
        for (size_t k = 0; k < j->s.nrows; k++)
            if (j->s.rows[k].ob == ob && !j->s.rows[k].opt) oj->row = &j->s.rows[k];
        if (!oj->row) {
            set(oj, V_NOT_JUDGED, "not agreed: not judged");
            oj->score = -1;
            continue;
        }
        oj->from = oj->row->from;
        oj->until = oj->row->until;
        oj->by = oj->row->by != DAY_UNKNOWN ? oj->row->by : oj->row->until;
        oj->v = V_PENDING;
    }
    return 0;
}

int judge_run(judgement *j, const truce_agreement *a, const report *reports, size_t n, const judge_opts *o)
{
    int r = judge_begin(j, a, o);
    if (r) return r;
    j->reports = reports;
    j->nreports = n;
    if ((r = prepare_reports(j))) return r;
    vec *evs = arena_alloc(&j->ar, sizeof(vec) * (j->nobs + 1));
    long *owner = arena_alloc(&j->ar, sizeof(long) * (n + 1));
    if (!evs || !owner) return TRUCE_ENOMEM;
    for (size_t i = 0; i < n; i++)
        owner[i] = reports[i].kind == REPORT_RELEASE || reports[i].kind == REPORT_DELIVERY ? judge_assign(j, i) : -1;
    if ((r = judge_positions(j, evs, o))) return r;
    for (size_t i = 0; i < j->nobs && r == 0; i++) {
        ob_judgement *oj = &j->obs[i];
        if (oj->v == V_NOT_JUDGED) continue;
        r = judge_one(j, oj, &evs[i], owner);
        oj->ev = evs[i].items;
        oj->nev = evs[i].n;
        oj->score = judge_pam_score(oj->v, oj->has_qty, oj->done, oj->due);
    }
    for (size_t i = 0; i < j->nobs; i++)
        if (j->obs[i].v == V_NOT_JUDGED) j->obs[i].score = -1;
    if (r) return r;
    return phase_conditions(j);
}

void judge_free(judgement *j)
{
    if (j) arena_release(&j->ar);
}
