/* model.h: the agreement as the library holds it: parties, zones, phases, milestones and
 * obligations, each with the position it was written at. Built by load.c, checked by check.c,
 * resolved into agreement days by resolve.c; rendered by src/render. Not public: the public
 * view is include/truce.h. Everything lives in the agreement's arena. */
#ifndef TRUCE_MODEL_MODEL_H
#define TRUCE_MODEL_MODEL_H

#include "geo/geo.h"
#include "truce.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/tree.h"

/* An agreement day: day 1 is the agreement's first day (phase 1 day 1). DAY_UNKNOWN when it
 * hangs on something open (an open-ended phase, an unmet condition, an unsettled option). */
#define DAY_UNKNOWN (-1000000)

typedef enum { ROLE_PARTY, ROLE_MEDIATOR, ROLE_GUARANTOR, ROLE_MONITOR, ROLE_OBSERVER } party_role;
extern const char *const role_names[];

typedef struct party {
    const char *id, *name, *note;
    party_role role;
    const char **aliases;
    size_t naliases;
    pos at;
} party;

typedef enum { ZONE_FEATURE, ZONE_BUFFER, ZONE_UNION, ZONE_INTERSECTION, ZONE_DIFFERENCE, ZONE_UNMAPPED } zone_how;
extern const char *const zone_how_names[];

typedef struct zone zone;
struct zone {
    const char *id, *name, *note, *source;
    zone_how how;
    const char *file, *feature; /* ZONE_FEATURE */
    pos file_at, feature_at;
    const char *attribution;    /* from the feature's properties, for maps */
    const char *unmapped;       /* ZONE_UNMAPPED: why the agreement names it but no map exists */
    double metres;              /* ZONE_BUFFER */
    const char **operand_ids;   /* ZONE_BUFFER: 1 (the "of" zone); others: 2 or more */
    pos *operand_at;
    zone **operands;
    size_t noperands;
    geo_shape shape;
    int state; /* 0 not built, 1 building (cycle check), 2 built, -1 failed */
    pos at;
};

/* A moment in agreement time, as written ("day 22", "day 5 of phase-2", "2025-01-19",
 * "end of phase-1", "24 hours before each release-hostages"). */
typedef enum {
    WHEN_NONE,
    WHEN_DAY,         /* day N of `phase` (NULL: of the obligation's phase, else the agreement) */
    WHEN_DATE,        /* a calendar date */
    WHEN_PHASE_START, /* start of `phase` */
    WHEN_PHASE_END,   /* end of `phase` */
    WHEN_RELATIVE     /* hours before (<0) or after (>0) `ref`'s deadline, or each of its events */
} when_kind;

typedef struct phase phase;
typedef struct obligation obligation;

typedef struct when {
    when_kind kind;
    long day;
    truce_date date;
    const char *phase_id, *ref_id;
    phase *phase;
    obligation *ref;
    long hours; /* WHEN_RELATIVE: signed offset */
    int each;   /* WHEN_RELATIVE: once per scheduled event of ref */
    const char *text;
    pos at;
} when;

typedef enum { IFNOT_UNSTATED, IFNOT_CONTINUE, IFNOT_LAPSE } if_not_met;

typedef struct milestone {
    const char *id, *title, *text, *source;
    pos at;
} milestone;

struct phase {
    const char *id, *title, *text, *source, *note;
    long days;               /* 0: open-ended (no fixed length) */
    const char *after_id;    /* starts the day after this phase ends; NULL: agreement day 1 */
    phase *after;
    pos after_at;
    const char **requires_ids; /* milestones that must hold to enter this phase */
    pos *requires_at;
    milestone **requires;
    size_t nrequires;
    if_not_met if_not;
    int starts_given; /* 'starts' written; without it a phase follows the one before it */
    int index;
    /* resolved */
    long start_day, end_day; /* DAY_UNKNOWN when not known; end_day too for open phases */
    int state;               /* cycle check */
    pos at;
};

typedef enum {
    OB_CEASE_HOSTILITIES,
    OB_WITHDRAW,
    OB_STAY_OUT,
    OB_DEPLOY,
    OB_RELEASE,
    OB_ALLOW_PASSAGE,
    OB_DELIVER,
    OB_OPEN_CROSSING,
    OB_LIMIT,
    OB_NEGOTIATE,
    OB_NOTIFY,
    OB_RECONSTRUCT,
    OB_KIND_COUNT
} obligation_kind;
extern const char *const kind_names[];   /* "cease-hostilities", ... */
extern const char *const kind_titles[];  /* "Cease hostilities", ... */

/* One line of a schedule: `count` on one day, or `count` every `every` days from..until, or
 * `count` in total within from..until. */
typedef enum { SCHED_ON, SCHED_EVERY, SCHED_WITHIN } sched_kind;
typedef struct sched_entry {
    sched_kind kind;
    long count;
    when on, from, until;
    long every; /* days */
    pos at;
} sched_entry;

typedef struct quantity_part {
    long count;
    const char *what;
    pos at;
} quantity_part;

typedef struct quantity {
    int has_total;
    long total;
    const char *unit;       /* "hostages", "trucks" */
    const char *who;        /* category of persons: "women, the elderly, the sick and wounded" */
    sched_entry *schedule;
    size_t nschedule;
    int has_rate;
    long rate;              /* per `per` */
    const char *per;        /* "day" */
    quantity_part *parts;   /* "50 of them fuel" */
    size_t nparts;
    int has_ratio;
    long ratio;             /* `ratio` units of this per `ratio_per` of `ratio_of`'s */
    long ratio_per;
    const char *ratio_of_id;
    obligation *ratio_of;
    const char *ratio_note; /* "per civilian hostage" */
    pos ratio_at;
    const char *note;       /* why a figure is missing, where it comes from */
    pos at;
} quantity;

/* The terms an option can settle. Any field left empty keeps the obligation's own. */
typedef struct terms {
    when by, from, until;
    const char *zone_id;
    zone *zone;
    pos zone_at;
} terms;

typedef struct option {
    const char *id, *label, *text, *source;
    const char **held_by; /* party ids that put this option forward, for the record */
    size_t nheld_by;
    terms t;
    pos at;
} option;

struct obligation {
    const char *id, *title, *text, *note;
    obligation_kind kind;
    const char **party_ids;
    pos *party_at;
    party **parties;
    size_t nparties;
    const char *phase_id;
    phase *phase;
    pos phase_at;
    terms t;                  /* by, from, until, zone */
    const char *route_id, *crossing_id;
    zone *route, *crossing;
    pos route_at, crossing_at;
    const char *forces;       /* class of force or weapon: "ground forces", "military aircraft" */
    const char *activity;     /* OB_LIMIT: "military flights" */
    long hours_per_day;       /* OB_LIMIT: no `activity` for this many hours a day; 0 unset */
    int inspection;           /* OB_ALLOW_PASSAGE: -1 unstated, 0 without, 1 with */
    const char *persons;      /* OB_RELEASE: who is released */
    quantity q;
    const char **tags;
    size_t ntags;
    const char **sources;
    pos *source_at;
    size_t nsources;
    option *options;
    size_t noptions;
    const char *agreed_id; /* the option settled on; NULL: still open */
    option *agreed;
    pos agreed_at;
    int index;
    int state; /* cycle check of relative deadlines */
    pos at;
};

typedef struct source_ref {
    const char *id, *title, *publisher, *url, *note;
    truce_date date;
    pos at;
} source_ref;

struct truce_agreement {
    arena ar;
    geo_ctx *geo;
    diag_sink sink;
    const char *path, *base_dir;
    source *sources_text; /* every file read, kept for diagnostics */
    size_t nsources_text;
    vec texts;

    const char *id, *title, *status, *timezone, *summary, *note;
    truce_date start;     /* day 1, or TRUCE_DATE_NONE ("when signed") */
    const char *synthetic; /* non-NULL: the file says its data is made up, and why */
    party *parties;
    size_t nparties;
    zone *zones;
    size_t nzones;
    phase *phases;
    size_t nphases;
    milestone *milestones;
    size_t nmilestones;
    obligation *obligations;
    size_t nobligations;
    source_ref *refs;
    size_t nrefs;
    int checked;
    pos at;
};

/* load.c */
int model_load(truce_agreement *a, const source *src);
/* link.c: ids to pointers, duplicates and unknown ids reported. */
int model_link(truce_agreement *a);
/* zones.c: builds every zone's shape (files read, buffers and combinations computed). */
int model_build_zones(truce_agreement *a);
/* when.c: parses a deadline expression; reports errors. 0, 1 (reported) or TRUCE_ENOMEM. */
int when_parse(truce_agreement *a, const tree *node, when *out);
/* Writes a when as the drafter would ("day 22 of phase-1") into buf. */
const char *when_describe(const when *w, char *buf, size_t cap);
/* check.c */
int model_check(truce_agreement *a);
/* resolve.c: phase days, then the agreement day an expression falls on (DAY_UNKNOWN if open). */
void model_resolve_phases(truce_agreement *a);
long when_day(const truce_agreement *a, const when *w, const obligation *ctx_ob);
/* The same with another day 1 (a view's --start) for calendar dates. */
long when_day_at(const truce_agreement *a, const when *w, const obligation *ctx_ob, truce_date day1);
/* The terms in force for ob: the agreed option's over the obligation's own. */
terms obligation_terms(const obligation *ob);
/* Every agreement day on which ob's schedule falls due, in order; returns count (at most cap).
 * Entries with unknown days are skipped. */
size_t obligation_events(const truce_agreement *a, const obligation *ob, long *days, long *counts, size_t cap);
size_t obligation_events_at(const truce_agreement *a, const obligation *ob, truce_date day1, long *days, long *counts,
                            size_t cap);

/* lookups (NULL when absent) */
party *model_party(const truce_agreement *a, const char *id);
zone *model_zone(const truce_agreement *a, const char *id);
phase *model_phase(const truce_agreement *a, const char *id);
milestone *model_milestone(const truce_agreement *a, const char *id);
obligation *model_obligation(const truce_agreement *a, const char *id);
source_ref *model_ref(const truce_agreement *a, const char *id);
/* The id nearest to `id` (a few edits away; else the first that starts with it) among n items of
 * size isz whose first member is their id, or NULL. For "did you mean" hints. */
const char *model_nearest(const void *items, size_t n, size_t isz, const char *id);

#endif
