/* reports.h: field reports as truce reads them (ACLED and UCDP GED events, position tracks,
 * implementation reports) into one record type, with each source's precision kept as a time
 * range and an uncertainty radius, and the readers that validate rows and report bad ones as
 * file:line:col. Not judgement (what a report means for an obligation) and not the store. */
#ifndef TRUCE_REPORTS_REPORTS_H
#define TRUCE_REPORTS_REPORTS_H

#include <stddef.h>

#include "model/model.h"
#include "util/alloc.h"
#include "util/diag.h"

typedef enum {
    REPORT_ACLED,
    REPORT_GED,
    REPORT_TRACK,
    REPORT_RELEASE,
    REPORT_DELIVERY,
    REPORT_CROSSING,
    REPORT_WITHDRAWAL,
    REPORT_TALKS,
    REPORT_KIND_COUNT
} report_kind;
extern const char *const report_kind_names[]; /* "acled", "ged", "track", "release", ... */

/* When it happened. EXACT: at (UTC seconds) is the moment. DAY: it happened some time on day
 * `from` (== until). RANGE: some time between the start of `from` and the end of `until`
 * (days, inclusive), as the source's precision allows. `at` is always the start of the earliest
 * possible second: a report never claims to be later or earlier than its source says. */
typedef enum { TIME_EXACT, TIME_DAY, TIME_RANGE } time_prec;
typedef struct report_time {
    time_prec prec;
    long long at;           /* UTC seconds since 1970-01-01T00:00:00Z */
    truce_date from, until; /* UTC days; for EXACT both are at's day */
} report_time;

/* ACLED actor types (inter1/inter2). The numeric codes are the values; 0 means no actor. */
typedef enum {
    ACTOR_NONE = 0,
    ACTOR_STATE = 1,       /* "State forces" */
    ACTOR_REBEL = 2,       /* "Rebel group" */
    ACTOR_POLITICAL = 3,   /* "Political militia" */
    ACTOR_IDENTITY = 4,    /* "Identity militia" */
    ACTOR_RIOTERS = 5,     /* "Rioters" */
    ACTOR_PROTESTERS = 6,  /* "Protesters" */
    ACTOR_CIVILIANS = 7,   /* "Civilians" */
    ACTOR_EXTERNAL = 8     /* "External/Other forces" */
} actor_type;
extern const char *const actor_type_names[]; /* "", "State forces", ... as ACLED writes them */

/* ACLED interaction: the two actor types, lower code first ("13" or "State forces-Political
 * militia"); b == ACTOR_NONE for a one-sided event ("10", "State forces only"). */
typedef struct interaction {
    actor_type a, b;
} interaction;

typedef enum { CROSSING_UNKNOWN, CROSSING_OPEN, CROSSING_CLOSED } crossing_state;
typedef enum { WITHDRAWAL_UNKNOWN, WITHDRAWAL_DECLARED, WITHDRAWAL_OBSERVED } withdrawal_basis;

#define REPORT_COUNT_NONE (-1L) /* a count the report does not give */

/* One report. Fields a kind does not use are NULL, NaN (lon/lat) or REPORT_COUNT_NONE. Strings
 * handed to a report_fn live only during the call (report_copy keeps one). */
typedef struct report {
    report_kind kind;
    const char *source_id; /* ACLED event_id_cnty, GED id, track "unit@time", impl id or "file:line" */
    report_time time;
    double lon, lat;       /* degrees (WGS 84); NaN when the report has no location */
    int loc_prec;          /* the source's code: ACLED geo_precision 1..3, GED where_prec 1..7; 0 none */
    double radius_m;       /* where it happened, within this many metres of lon/lat (see docs/reports.md) */
    int time_code;         /* the source's code: ACLED time_precision 1..3, GED date_prec 1..5; 0 none */
    const char *actor1, *actor2;  /* ACLED actor1/actor2, GED side_a/side_b; impl: party */
    const char *assoc1, *assoc2;  /* ACLED assoc_actor_1/2 */
    actor_type inter1, inter2;    /* ACLED */
    interaction inter;            /* ACLED */
    const char *unit;             /* track: the unit seen */
    const char *party;            /* track, release, withdrawal: the party the report names */
    const char *event_type, *sub_event_type; /* ACLED; GED: "state-based", "non-state", "one-sided" */
    long fatalities;              /* ACLED fatalities, GED best */
    long fatalities_low, fatalities_high; /* GED low/high */
    long persons, trucks, fuel_trucks;    /* release count; delivery trucks and fuel trucks */
    const char *category;         /* release: "women", "elderly", ... */
    const char *obligation;       /* release: the obligation id it answers, if the report says */
    const char *crossing;         /* delivery, crossing: crossing id */
    crossing_state crossing_state;
    const char *zone;             /* withdrawal */
    withdrawal_basis basis;       /* withdrawal */
    const char **parties;         /* talks: who took part */
    size_t nparties;
    const char *place;            /* talks; ACLED/GED: location name */
    const char *country;
    const char *notes;
    const char *source;           /* ACLED source, GED source_article, impl source */
    long long modified;           /* ACLED `timestamp` (last change, UTC seconds); 0 when absent */
    pos at;                       /* where the report starts in its file */
} report;

/* Called once per accepted report. A non-zero return stops the reader, which returns it. */
typedef int (*report_fn)(const report *r, void *user);

#define REPORT_NOW_NONE (-9223372036854775807LL - 1) /* no "future" check */

typedef struct report_read_opts {
    diag_sink *sink;   /* every rejected row and warning, as file:line:col; required */
    report_fn fn;      /* required */
    void *user;
    long long now;     /* UTC seconds: reports later than this are rejected; REPORT_NOW_NONE */
    const truce_allocator *alloc; /* scratch memory; NULL for the default */
} report_read_opts;

typedef struct report_stats {
    long rows;      /* data rows, lines or features seen */
    long accepted;  /* handed to fn */
    long rejected;  /* reported as errors and skipped */
} report_stats;

/* The readers. Each reads src (whole file in memory, not necessarily NUL-terminated), hands every
 * good report to o->fn and reports every bad row to o->sink (row, column and reason) and goes on.
 * Returns 0 (also when rows were rejected: see st), TRUCE_ESYNTAX when the file as a whole cannot
 * be read (no header, required columns missing, not GeoJSON; reported), TRUCE_ENOMEM, or the
 * callback's non-zero value. st may be NULL. */
int acled_read(const source *src, const report_read_opts *o, report_stats *st);
int ged_read(const source *src, const report_read_opts *o, report_stats *st);

typedef enum { TRACK_AUTO, TRACK_JSONL, TRACK_GEOJSON, TRACK_CSV } track_format;
/* TRACK_AUTO: by the name's extension (.jsonl/.ndjson, .geojson/.json, .csv), else by content. */
int track_read(const source *src, track_format fmt, const report_read_opts *o, report_stats *st);

typedef enum { IMPL_AUTO, IMPL_CSV, IMPL_JSONL } impl_format;
int impl_read(const source *src, impl_format fmt, const report_read_opts *o, report_stats *st);

/* A deep copy of r in ar (strings included); NULL when out of memory. */
report *report_copy(arena *ar, const report *r);
/* A report_fn that hands each report on, as the public opaque type, to the caller's
 * truce_field_report_fn: user is a report_forward. How the store and the file reader serve as a
 * truce_report_source. */
typedef struct report_forward {
    truce_field_report_fn fn;
    void *user;
} report_forward;
int report_forward_each(const report *r, void *user);
/* An empty report of kind k: no counts (REPORT_COUNT_NONE), no location (NaN), all else zero. */
void report_init(report *r, report_kind k);

/* A report_fn that keeps every report: user is a report_list. */
typedef struct report_list {
    arena *ar;
    vec items; /* report */
} report_list;
int report_collect(const report *r, void *user);

/* ---- shared by the readers (parse.c) ---- */

/* Uncertainty radius in metres for a source's location precision code; -1 for a code out of range. */
double acled_geo_radius(int geo_precision);
double ged_where_radius(int where_prec);
/* Parses an ISO 8601 time with a zone ("2025-01-20T06:00:00Z", "...+02:00", fractions of a
 * second dropped) into UTC seconds. 0, or -1 with *why set to the reason ("is not a real
 * calendar day", "has no time zone ..."). */
int report_parse_iso_time(const char *s, size_t len, long long *out, const char **why);
/* Parses "2025-01-19" or "19 January 2025" (also "19-January-2025", "19 Jan 2025"). 0 or -1. */
int report_parse_day(const char *s, size_t len, truce_date *out);
/* Checks lon/lat: finite, in range, not 0,0. NULL when fine, else the reason. */
const char *report_check_lonlat(double lon, double lat);

/* ---- actors.c: report actor names to agreement parties ---- */

typedef struct actor_name_count {
    const char *name;   /* as first seen */
    long count;         /* reports naming it */
    int ambiguous;      /* it matched aliases of more than one party, so none was chosen */
} actor_name_count;

typedef struct actor_matcher actor_matcher;

/* Builds a matcher over the parties' ids, names and aliases (case-insensitive, whitespace
 * collapsed). An alias shared by two parties is ambiguous and matches neither. NULL when out of
 * memory. Lives in ar. */
actor_matcher *actors_new(arena *ar, const party *parties, size_t nparties);
/* The party a report's actor name stands for, or NULL: an exact alias first, then the longest
 * alias that is a whole-word prefix of the name ("Military Forces of Israel (2022-)" matches
 * "Military Forces of Israel"). A NULL or empty name returns NULL and is not counted. Names that
 * match nothing are counted for actors_unmatched. *err = TRUCE_ENOMEM when out of memory. */
const party *actors_match(actor_matcher *m, const char *name, int *err);
/* The names that matched nothing, most frequent first (ties by name), in the matcher's arena. */
size_t actors_unmatched(actor_matcher *m, const actor_name_count **out);

#endif
