/* internal.h: what the solvers (solve.c) and the enumeration (brute.c) share: the space's
 * utilities in exact fixed point. Not an API for the rest of truce; mediate.h is. */
#ifndef TRUCE_MEDIATE_INTERNAL_H
#define TRUCE_MEDIATE_INTERNAL_H

#include "mediate/mediate.h"

#define MO MED_MAX_OPTIONS
#define MP MED_MAX_PARTIES

typedef struct med_fixed {
    int n, np, nlinks;
    int64_t *u;                 /* [issue * MO * MP + option * MP + p]: weight * value */
    int64_t r[MP];              /* reservations */
    int64_t (*delta)[MP];       /* [link]: bonus per party (0 for requires) */
    const med_space *s;
} med_fixed;

int64_t med_fix(double v);
int med_fixed_build(const med_space *s, arena *ar, med_fixed *f);
/* Exact utilities of outcome x into u[np]; returns 0 when x breaks a requires-link. */
int med_fixed_eval(const med_fixed *f, const int *x, int64_t *u);
/* Number of (party, red line) pairs outcome x holds. */
int med_red_count(const med_space *s, const int *x);
/* Fills the concession list of r for outcome x (red lines held, reservations short). */
int med_fill_concessions(const med_space *s, const med_fixed *f, const int *x, const int64_t *u, arena *ar,
                         med_result *r);
/* Fills outcome, utility and welfare of r from x. */
void med_fill_outcome(const med_space *s, const int *x, const int64_t *u, med_result *r);

#endif
