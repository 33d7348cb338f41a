/* judge.h: judgement of an agreement against field reports: for every obligation in force, at
 * a date, a verdict (pending, on track, met, late, violated, disputed) with the reports behind
 * it, quantities due against done, Peace Accords Matrix scores and phase readiness. Works on an
 * in-memory array of reports (src/reports); not the store, not the report readers (report_files.c
 * only picks one per file), not output formats (src/render/verdicts.h writes them). The rules are
 * in judge.c's opening comment and docs/judge.md. */
#ifndef TRUCE_JUDGE_JUDGE_H
#define TRUCE_JUDGE_JUDGE_H

#include <stddef.h>

#include "model/model.h"
#include "model/schedule.h"
#include "reports/reports.h"

/* ---- time zones (tz.c) ---- */

/* The agreement's clock: a fixed offset, or the transitions of a tz database zone. */
typedef struct judge_tz {
    char name[64];
    long fixed;               /* seconds east of UTC when ntrans == 0 */
    long long *trans;         /* UTC seconds of each transition, ascending */
    long *offs;               /* offset in force from trans[i]; offs_before before trans[0] */
    long offs_before;
    size_t ntrans;
    int approximate;          /* the zone file could not be read: fixed standard offset used */
} judge_tz;

/* Sets up tz for name: NULL, "", "UTC", "Z", "+02:00", "UTC+2", "UTC-03:30", or a tz database
 * name read from $TZDIR or /usr/share/zoneinfo (TZif v2+, 64-bit part). An unknown zone falls
 * back to a small table of standard offsets (Asia/Gaza, Asia/Jerusalem, ...) with approximate set.
 * Memory in ar. 0, TRUCE_EARG (a name neither readable nor in the table), TRUCE_ENOMEM. */
int judge_tz_init(judge_tz *tz, arena *ar, const char *name);
/* Seconds east of UTC in force at UTC second t. */
long judge_tz_offset(const judge_tz *tz, long long t);
/* The local calendar day of UTC second t. */
truce_date judge_tz_day(const judge_tz *tz, long long t);

/* ---- verdicts ---- */

typedef enum {
    V_NOT_JUDGED, /* an open option (not agreed) */
    V_PENDING,
    V_ON_TRACK,
    V_MET,
    V_LATE,
    V_VIOLATED,
    V_DISPUTED,
    V_COUNT
} verdict;
extern const char *const verdict_names[]; /* "not judged", "pending", "on track", ... */

/* What a report says about an obligation. */
typedef enum {
    EV_DONE,      /* it was done (released, delivered, opened, withdrawn, talks held) */
    EV_CLAIM,     /* the bound party says it was done (a declared withdrawal) */
    EV_VIOLATION, /* a confirmed breach: inside the zone and the window beyond doubt */
    EV_POSSIBLE,  /* may be a breach: the report's place or time is too imprecise to confirm */
    EV_SHORT,     /* a quantity below what was due */
    EV_CONFLICT,  /* contradicts another report */
    EV_COUNT
} ev_class;
extern const char *const ev_class_names[]; /* "done", "claim", "violation", "possible", ... */

typedef struct evidence {
    size_t report;       /* index into the judged report array */
    ev_class cls;
    const char *party;   /* party id it counts against (or for), or NULL */
    const char *zone;    /* zone id, or NULL */
    long day_lo, day_hi; /* agreement days the report may fall on */
    const char *why;     /* one phrase (static or in the judgement's arena) */
} evidence;

/* One batch of a schedule, or one day or week of a rate. */
typedef struct batch {
    long day;     /* agreement day it falls due (a rate: the period's first day) */
    long days;    /* 1, or the period's length */
    long due;     /* due in this batch */
    long done;    /* reported within it (a rate) or counted towards it by its day (a schedule) */
    long done_late; /* a schedule: reported after its day towards it */
    int reported; /* a rate: some report covers the period */
    verdict v;
} batch;

typedef struct ob_judgement {
    const obligation *ob;
    const sched_row *row;
    verdict v;
    const char *reason;  /* one sentence, no trailing period */
    int score;           /* PAM 0..3, -1 when not judged */
    long from, until, by; /* agreement days (DAY_UNKNOWN) */
    evidence *ev;
    size_t nev;
    size_t npossible;
    /* quantities */
    int has_qty;         /* due/done below mean something */
    long due, done;      /* cumulative to the judgement day */
    long total;          /* the whole figure, or -1 */
    const char *unit;
    batch *batches;
    size_t nbatches;
} ob_judgement;

typedef struct phase_score {
    const phase *p;      /* NULL: obligations without a phase */
    int judged, sum;     /* obligations judged, sum of their scores */
    double pct;          /* 100 * sum / (3 * judged); -1 when none judged */
    int entered;         /* the judgement day is on or after the phase's first day */
    int ready;           /* the conditions to enter it hold (its requires, the previous phase met) */
    int nmissing;
    const char *missing[16]; /* what does not hold: milestone ids or "obligation X of phase Y" */
} phase_score;

typedef struct judge_opts {
    truce_date start;    /* day 1 override, or TRUCE_DATE_NONE */
    truce_date at;       /* judge as of the end of this local day; TRUCE_DATE_NONE: latest report */
    int reference;       /* 1: positions by a geo_contains loop instead of the kernel (tests) */
} judge_opts;

typedef struct judgement {
    arena ar;
    const truce_agreement *a;
    schedule s;
    judge_tz tz;
    truce_date day1, at;
    long at_day;             /* agreement day of `at` */
    const report *reports;   /* as given; not owned */
    size_t nreports;
    long *rday_lo, *rday_hi; /* each report's local agreement days */
    const party **rparty;    /* each report's party (tracks, impl), NULL when unmatched */
    const party **ractor2;   /* ACLED actor2 / GED side_b party */
    ob_judgement *obs;       /* one per obligation, agreement order */
    size_t nobs;
    phase_score *phases;     /* one per phase, then one for obligations without a phase */
    size_t nphases;
    int judged, sum;
    double pct;
    const char **unmatched;  /* actor names that matched no party, first-seen order */
    long *unmatched_count;
    size_t nunmatched;
    const char **milestones_held; /* milestone ids held by the judgement day */
    size_t nheld;
} judgement;

/* Judges reports[0..n) (any order) against a. The reports must outlive j. Returns 0,
 * TRUCE_EUNRESOLVED (day 1 not known), TRUCE_EARG (a time zone that cannot be read),
 * TRUCE_ENOMEM, TRUCE_EGEOMETRY (a zone the kernel cannot compile). Free with judge_free. */
int judge_run(judgement *j, const truce_agreement *a, const report *reports, size_t n, const judge_opts *o);
void judge_free(judgement *j);

/* ---- the pieces of judge_run, for the incremental watch (watch.c) ---- */

/* Sets up j for a: arena, day 1, time zone, schedule, every obligation's days and pending (or
 * not judged) verdict; no reports. Errors as judge_run; free with judge_free. */
int judge_begin(judgement *j, const truce_agreement *a, const judge_opts *o);
/* Fills j->rday_lo/hi[i], j->rparty[i], j->ractor2[i] for j->reports[i]; *hi = its last local
 * calendar day. 0 or TRUCE_ENOMEM. */
int judge_prepare_report(judgement *j, actor_matcher *m, size_t i, truce_date *hi);
/* The release or delivery obligation report i counts for (index into j->obs), or -1. */
long judge_assign(const judgement *j, size_t ri);
/* Whether report i (with owner from judge_assign, else -1) may count for obligation obi through
 * judge_one (positions are judge_position_report's). A superset of what judge_one uses. */
int judge_may_count(const judgement *j, size_t obi, size_t i, long owner);
/* Judges one obligation (its verdict, evidence appended to ev, quantities) from j's reports;
 * the positions' evidence of withdraw and stay-out must already be in ev. */
int judge_one(judgement *j, ob_judgement *oj, vec *ev, const long *owner);

/* Withdraw and stay-out rules compiled once (the kernel), then one position report at a time. */
typedef struct judge_prule judge_prule;
typedef struct judge_positions_ctx {
    judge_prule *rules; /* in j's arena */
    size_t nr;
    struct kernel *k;   /* NULL with reference or without rules */
    int reference;
} judge_positions_ctx;
int judge_position_rules(judgement *j, int reference, judge_positions_ctx *pc);
void judge_position_rules_free(judge_positions_ctx *pc);
/* Appends to evs[ob] the evidence position report i gives each withdraw/stay-out obligation. */
int judge_position_report(judgement *j, const judge_positions_ctx *pc, size_t i, vec *evs);
/* The verdicts of withdraw and stay-out from what their evidence adds up to: a confirmed presence
 * (viol), a withdrawal report on or before a later presence (conflict), the first observed and
 * declared withdrawal reports (indices into j->reports, or -1). */
void judge_withdraw_verdict(judgement *j, ob_judgement *o, int viol, int conflict, long first_obs, long first_decl);
void judge_stay_out_verdict(judgement *j, ob_judgement *o, int viol);
/* Whether report i is a withdrawal report that counts for withdraw obligation ob. */
int judge_withdrawal_counts(const judgement *j, const obligation *ob, size_t i);
#define JUDGE_WHY_CONTRADICTED "withdrawal reported, contradicted by a later presence"

/* The incremental watch: the rules compiled once, per-obligation state, and each report judged
 * only against the obligations it can change. After judge_watch_add, judge_watch_get gives the
 * same obligations (verdicts, reasons, quantities and evidence) judge_run would give for all the
 * reports added so far, with at = the latest report's day. */
typedef struct judge_watch judge_watch;
/* start: day 1 override or TRUCE_DATE_NONE. Errors as judge_run. */
int judge_watch_new(const truce_agreement *a, truce_date start, judge_watch **out);
/* Adds report r (copied when kept; strings need live only during the call). 0 or TRUCE_ENOMEM. */
int judge_watch_add(judge_watch *w, const report *r);
/* The judgement so far: every obligation's verdict, reason, score, quantities, and the reports
 * its evidence names; at and at_day. Valid until the next add. Withdraw and stay-out evidence
 * lists are current only after judge_watch_ready(w, i). Phases, milestones and unmatched actors
 * are not kept. */
const judgement *judge_watch_get(judge_watch *w);
int judge_watch_ready(judge_watch *w, size_t ob);
void judge_watch_free(judge_watch *w);

/* Plain helpers, exposed for tests. */
/* Metres from p to the nearest edge of a polygon shape (its boundary); HUGE_VAL if none. */
double judge_boundary_distance(const geo_shape *s, geo_pt p);
/* The PAM score of a verdict with done/due (due <= 0: no quantity). */
int judge_pam_score(verdict v, int has_qty, long done, long due);

/* ---- report files (report_files.c) ---- */
/* Whether a JSON line is an implementation report (its "type" is release, delivery, crossing,
 * withdrawal or talks) rather than a position track. */
int judge_line_is_impl(const char *text, size_t len);

#endif
