/* diff.h: two versions of an agreement compared clause by clause (parties, zones, phases,
 * obligations and their options matched by id), not line by line, and the renderers of the
 * result (text, JSON, side-by-side HTML). Reads both models and never changes them; the public
 * entry point truce_diff is in diff.c. Not a text diff and not a three-way merge. */
#ifndef TRUCE_DIFF_DIFF_H
#define TRUCE_DIFF_DIFF_H

#include <stdio.h>

#include "model/model.h"

typedef enum { DIFF_AGREEMENT, DIFF_PARTY, DIFF_ZONE, DIFF_PHASE, DIFF_OBLIGATION, DIFF_SECTION_COUNT } diff_section;
extern const char *const diff_section_names[]; /* "agreement", "party", "zone", "phase", "obligation" */
extern const char *const diff_section_titles[]; /* "Agreement", "Parties", ... */

/* What happened to a clause or a field. SETTLED and REOPENED are said of options (agreed set,
 * agreed removed); REDRAWN of a zone's geometry. */
typedef enum {
    DIFF_SAME,
    DIFF_CHANGED,
    DIFF_ADDED,
    DIFF_REMOVED,
    DIFF_SETTLED,
    DIFF_REOPENED,
    DIFF_REDRAWN
} diff_what;
extern const char *const diff_what_names[]; /* "same", "changed", "added", ... */

/* One field of a clause in both versions. a, b: the value as written (NULL: not there). */
typedef struct diff_field {
    const char *name;  /* "deadline", "total", "option reduced-presence", "geometry" */
    const char *a, *b;
    diff_what what;
    int quoted;        /* a phrase (wording, a when expression, a schedule line): shown in quotes */
    int numeric;       /* a and b are whole numbers (JSON writes them as numbers) */
    int has_days;      /* day_a, day_b: the agreement days a deadline resolves to */
    long day_a, day_b; /* DAY_UNKNOWN when not known */
    int has_area;      /* areas in km² of a redrawn zone: each version's, gained and lost */
    double area_a, area_b, gained, lost;
} diff_field;

typedef struct diff_clause {
    diff_section section;
    const char *id;
    diff_what what;               /* SAME, CHANGED, ADDED or REMOVED */
    const char *label_a, *label_b; /* a short description in each version (title, name) */
    diff_field *fields;           /* every field compared, changed or not */
    size_t nfields;
    size_t nchanges;              /* 1 for an added or removed clause; else the fields not SAME */
} diff_clause;

typedef struct diff_result {
    const char *name_a, *name_b; /* the files compared */
    diff_clause *clauses;        /* by section, then in a merged order of both versions */
    size_t nclauses;
    size_t nchanges;
    size_t added, removed, changed; /* clauses */
} diff_result;

/* Compares a with b into *out, allocated in ar. 0, TRUCE_ENOMEM, or TRUCE_EGEOMETRY/TRUCE_EPROJ
 * when a zone's area cannot be computed. */
int diff_build(const truce_agreement *a, const truce_agreement *b, arena *ar, diff_result *out);

/* "12.34" km² with two decimals, for every renderer alike */
const char *diff_km2(double v, char *buf, size_t cap);

#endif
