/* watch.c: the incremental judgement behind `truce watch`: the withdraw and stay-out rules are
 * compiled into the kernel once, and each report that arrives is judged only against the
 * obligations it can change, with per-obligation state kept between reports:
 *  - a position report goes through the kernel (judge_position_report); withdraw and stay-out
 *    keep their evidence and what it adds up to (a confirmed presence, the earliest withdrawal
 *    report, the latest presence) so that their verdicts are O(1) to recompute;
 *  - any other report is added to the list of the obligations it may count for
 *    (judge_may_count), and only those are judged again (judge_one over their own list);
 *  - when a report moves the clock (the latest report's day) every obligation is judged again,
 *    as deadlines may have passed (pending -> overdue, on track -> met).
 * A position report that gives no evidence is not kept: nothing else reads it. The result is the
 * judgement judge_run gives for all the reports so far (tests/unit/test_watch.c checks it).
 * Not the line reading nor the output (truce_watch_line, src/render/judge_views.c). */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "judge/judge.h"

typedef struct wob {
    int position;        /* withdraw or stay-out: judged here from the state below */
    int dirty;           /* to judge again after this report */
    int ready;           /* obs[i].ev is up to date (positions) */
    vec sub;             /* size_t: the reports that may count for it (judge_may_count) */
    arena ar;            /* its latest judgement: evidence, batches */
    /* positions */
    int viol;
    long first_obs, first_decl;   /* earliest observed / declared withdrawal report, or -1 */
    long min_claim_hi, max_viol_lo;
    vec wd;              /* evidence: withdrawal reports, after the positions' (as judge_run) */
} wob;

struct judge_watch {
    judgement j;         /* obligations, kept reports and their days and parties */
    actor_matcher *m;
    judge_positions_ctx pc;
    vec reports, lo, hi, party, actor2, owner;
    vec *posev;          /* per obligation: positions' evidence */
    size_t *posobs, nposobs;
    wob *w;
    int any;             /* a report has been added */
};

static void sync(judge_watch *w)
{
    judgement *j = &w->j;
    j->reports = w->reports.items;
    j->nreports = w->reports.n;
    j->rday_lo = w->lo.items;
    j->rday_hi = w->hi.items;
    j->rparty = w->party.items;
    j->ractor2 = w->actor2.items;
}

static void reset_ob(ob_judgement *o)
{
    o->v = V_PENDING;
    o->reason = NULL;
    o->score = 0;
    o->ev = NULL;
    o->nev = 0;
    o->npossible = 0;
    o->has_qty = 0;
    o->due = o->done = 0;
    o->total = -1;
    o->unit = NULL;
    o->batches = NULL;
    o->nbatches = 0;
}

/* Judges obligation i again from its own reports. */
static int judge_sub(judge_watch *w, size_t i)
{
    wob *b = &w->w[i];
    ob_judgement *o = &w->j.obs[i];
    arena_release(&b->ar);
    judgement v = w->j;
    v.ar = b->ar;
    size_t n = b->sub.n;
    const size_t *sub = b->sub.items;
    v.reports = arena_alloc(&v.ar, sizeof(report) * (n + 1));
    v.rday_lo = arena_alloc(&v.ar, sizeof(long) * (n + 1));
    v.rday_hi = arena_alloc(&v.ar, sizeof(long) * (n + 1));
    v.rparty = arena_alloc(&v.ar, sizeof(party *) * (n + 1));
    v.ractor2 = arena_alloc(&v.ar, sizeof(party *) * (n + 1));
    long *owner = arena_alloc(&v.ar, sizeof(long) * (n + 1));
    int r = TRUCE_ENOMEM;
    if (v.reports && v.rday_lo && v.rday_hi && v.rparty && v.ractor2 && owner) {
        report *rs = (report *)(uintptr_t)v.reports;
        const long *wo = w->owner.items;
        for (size_t k = 0; k < n; k++) {
            size_t x = sub[k];
            rs[k] = w->j.reports[x];
            v.rday_lo[k] = w->j.rday_lo[x];
            v.rday_hi[k] = w->j.rday_hi[x];
            v.rparty[k] = w->j.rparty[x];
            v.ractor2[k] = w->j.ractor2[x];
            owner[k] = wo[x];
        }
        v.nreports = n;
        reset_ob(o);
        vec ev = {0};
        r = judge_one(&v, o, &ev, owner);
        evidence *e = ev.items;
        for (size_t k = 0; k < ev.n; k++) e[k].report = sub[e[k].report];
        o->ev = e;
        o->nev = ev.n;
        o->score = judge_pam_score(o->v, o->has_qty, o->done, o->due);
    }
    b->ar = v.ar;
    return r;
}

/* Withdraw and stay-out from their state. */
static void judge_pos(judge_watch *w, size_t i)
{
    wob *b = &w->w[i];
    ob_judgement *o = &w->j.obs[i];
    int conflict = b->viol && b->min_claim_hi <= b->max_viol_lo;
    if (o->ob->kind == OB_WITHDRAW) judge_withdraw_verdict(&w->j, o, b->viol, conflict, b->first_obs, b->first_decl);
    else judge_stay_out_verdict(&w->j, o, b->viol);
    o->score = judge_pam_score(o->v, o->has_qty, o->done, o->due);
    b->ready = 0;
}

static int judge_dirty(judge_watch *w, int all)
{
    for (size_t i = 0; i < w->j.nobs; i++) {
        wob *b = &w->w[i];
        if (!(all || b->dirty) || w->j.obs[i].v == V_NOT_JUDGED) continue;
        b->dirty = 0;
        if (b->position) judge_pos(w, i);
        else {
            int r = judge_sub(w, i);
            if (r) return r;
        }
    }
    return 0;
}

int judge_watch_new(const truce_agreement *a, truce_date start, judge_watch **out)
{
    *out = NULL;
    const truce_allocator *al = a->ar.alloc ? a->ar.alloc : alloc_default();
    judge_watch *w = alloc_mem(al, sizeof *w);
    if (!w) return TRUCE_ENOMEM;
    memset(w, 0, sizeof *w);
    judge_opts o = {start, TRUCE_DATE_NONE, 0};
    int r = judge_begin(&w->j, a, &o);
    judgement *j = &w->j;
    if (r == 0) {
        j->at = j->day1;
        j->at_day = 1;
        w->m = actors_new(&j->ar, a->parties, a->nparties);
        w->posev = arena_alloc(&j->ar, sizeof(vec) * (j->nobs + 1));
        w->posobs = arena_alloc(&j->ar, sizeof(size_t) * (j->nobs + 1));
        w->w = arena_alloc(&j->ar, sizeof(wob) * (j->nobs + 1));
        r = w->m && w->posev && w->posobs && w->w ? 0 : TRUCE_ENOMEM;
    }
    if (r == 0) r = judge_position_rules(j, 0, &w->pc);
    if (r == 0) {
        for (size_t i = 0; i < j->nobs; i++) {
            wob *b = &w->w[i];
            arena_init(&b->ar, a->ar.alloc);
            b->first_obs = b->first_decl = -1;
            b->min_claim_hi = LONG_MAX;
            b->max_viol_lo = LONG_MIN;
            obligation_kind k = j->obs[i].ob->kind;
            b->position = k == OB_WITHDRAW || k == OB_STAY_OUT;
            if (b->position && j->obs[i].v != V_NOT_JUDGED) w->posobs[w->nposobs++] = i;
        }
        sync(w);
        r = judge_dirty(w, 1);
    }
    if (r) {
        judge_watch_free(w);
        return r;
    }
    *out = w;
    return 0;
}

void judge_watch_free(judge_watch *w)
{
    if (!w) return;
    const truce_allocator *al = w->j.ar.alloc;
    judge_position_rules_free(&w->pc);
    if (w->w)
        for (size_t i = 0; i < w->j.nobs; i++) arena_release(&w->w[i].ar);
    judge_free(&w->j);
    alloc_free(al, w, sizeof *w);
}

/* A withdrawal report for withdraw obligation i (judge_withdraw's loop, one report). */
static int add_withdrawal(judge_watch *w, size_t i, size_t ri)
{
    judgement *j = &w->j;
    wob *b = &w->w[i];
    ob_judgement *o = &j->obs[i];
    if (o->by == DAY_UNKNOWN) return 0; /* judge_withdraw stops before its evidence */
    int obs = j->reports[ri].basis == WITHDRAWAL_OBSERVED;
    evidence *e = vec_push(&j->ar, &b->wd, sizeof *e);
    if (!e) return TRUCE_ENOMEM;
    e->report = ri;
    e->cls = obs ? EV_DONE : EV_CLAIM;
    e->party = j->rparty[ri]->id;
    e->zone = obligation_terms(o->ob).zone_id;
    e->day_lo = j->rday_lo[ri];
    e->day_hi = j->rday_hi[ri];
    e->why = obs ? "withdrawal observed" : "withdrawal declared by the party";
    long *f = obs ? &b->first_obs : &b->first_decl;
    if (*f < 0 || j->rday_lo[ri] < j->rday_lo[*f]) *f = (long)ri;
    if (e->day_hi < b->min_claim_hi) b->min_claim_hi = e->day_hi;
    return 0;
}

int judge_watch_add(judge_watch *w, const report *rep)
{
    judgement *j = &w->j;
    arena *ar = &j->ar;
    size_t i = w->reports.n;
    report *slot = vec_push(ar, &w->reports, sizeof(report));
    long *lo = vec_push(ar, &w->lo, sizeof(long));
    long *hi = vec_push(ar, &w->hi, sizeof(long));
    const party **p = vec_push(ar, &w->party, sizeof(party *));
    const party **p2 = vec_push(ar, &w->actor2, sizeof(party *));
    long *own = vec_push(ar, &w->owner, sizeof(long));
    if (!slot || !lo || !hi || !p || !p2 || !own) return TRUCE_ENOMEM;
    *slot = *rep;
    sync(w);
    truce_date last;
    int r = judge_prepare_report(j, w->m, i, &last);
    if (r) return r;
    truce_date at = w->any && j->at >= last ? j->at : last;
    int moved = !w->any || at != j->at;
    w->any = 1;
    j->at = at;
    j->at_day = (long)at - j->day1 + 1;
    *own = rep->kind == REPORT_RELEASE || rep->kind == REPORT_DELIVERY ? judge_assign(j, i) : -1;
    int keep = 0;
    if (rep->kind == REPORT_TRACK) {
        if (w->pc.nr) {
            r = judge_position_report(j, &w->pc, i, w->posev);
            if (r) return r;
            for (size_t q = 0; q < w->nposobs; q++) {
                size_t obi = w->posobs[q];
                vec *v = &w->posev[obi];
                const evidence *e = v->items;
                size_t from = v->n; /* this report's evidence is at the end */
                while (from > 0 && e[from - 1].report == i) from--;
                if (v->n == from) continue;
                wob *b = &w->w[obi];
                for (size_t k = from; k < v->n; k++)
                    if (e[k].cls == EV_VIOLATION) {
                        b->viol = 1;
                        if (e[k].day_lo > b->max_viol_lo) b->max_viol_lo = e[k].day_lo;
                    }
                b->dirty = 1;
                keep = 1;
            }
        }
    } else {
        for (size_t obi = 0; obi < j->nobs; obi++) {
            if (!judge_may_count(j, obi, i, *own)) continue;
            wob *b = &w->w[obi];
            if (b->position) {
                if ((r = add_withdrawal(w, obi, i))) return r;
            } else {
                size_t *s = vec_push(ar, &b->sub, sizeof(size_t));
                if (!s) return TRUCE_ENOMEM;
                *s = i;
            }
            b->dirty = 1;
            keep = 1;
        }
    }
    if (keep) {
        report *c = report_copy(ar, rep);
        if (!c) return TRUCE_ENOMEM;
        ((report *)w->reports.items)[i] = *c;
    } else {
        w->reports.n--, w->lo.n--, w->hi.n--, w->party.n--, w->actor2.n--, w->owner.n--;
    }
    sync(w);
    return judge_dirty(w, moved);
}

const judgement *judge_watch_get(judge_watch *w) { return &w->j; }

int judge_watch_ready(judge_watch *w, size_t i)
{
    wob *b = &w->w[i];
    ob_judgement *o = &w->j.obs[i];
    if (!b->position || b->ready || o->v == V_NOT_JUDGED) return 0;
    arena_release(&b->ar);
    const vec *pv = &w->posev[i];
    size_t n = pv->n + b->wd.n;
    evidence *e = arena_alloc(&b->ar, sizeof *e * (n + 1));
    if (!e) return TRUCE_ENOMEM;
    if (pv->n) memcpy(e, pv->items, sizeof *e * pv->n);
    if (b->wd.n) memcpy(e + pv->n, b->wd.items, sizeof *e * b->wd.n);
    if (b->viol && b->min_claim_hi <= b->max_viol_lo)
        for (size_t k = pv->n; k < n; k++) e[k].why = JUDGE_WHY_CONTRADICTED;
    /* judge_withdraw leaves the evidence out while the deadline is not known */
    o->ev = e;
    o->nev = n;
    b->ready = 1;
    return 0;
}
