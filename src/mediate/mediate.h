/* mediate.h: exact solvers over a negotiation space (issues with options, parties with additive
 * utilities, red lines, reservation levels, requires- and bonus-links between options): count of
 * acceptable outcomes, max welfare, Nash, Kalai-Smorodinsky, Pareto frontier, least concession.
 * Not public yet (include/truce.h does not expose it); not a model of agreements (src/model) and
 * no YAML of its own beyond space_yaml.c. Nothing here prints or keeps global state.
 */
#ifndef TRUCE_MEDIATE_MEDIATE_H
#define TRUCE_MEDIATE_MEDIATE_H

#include <stdint.h>

#include "truce.h"
#include "util/alloc.h"
#include "util/diag.h"

#define MED_MAX_PARTIES 4
#define MED_MIN_PARTIES 2
#define MED_MAX_OPTIONS 12
#define MED_MIN_OPTIONS 2
#define MED_MAX_ISSUES 256
/* Utilities are held in fixed point (units of 2^-40) inside the solvers, so that every solver
 * and med_brute_force add them exactly and agree on which outcomes are acceptable. */
#define MED_SCALE 1099511627776.0
#define MED_DEFAULT_NODE_LIMIT 200000000LL
#define MED_DEFAULT_PARETO_CAP 1000
#define MED_BRUTE_MAX 10000000.0

typedef struct med_issue {
    const char *id;
    const char **options; /* option ids, noptions of them */
    int noptions;         /* MED_MIN_OPTIONS..MED_MAX_OPTIONS */
    pos at;
} med_issue;

/* Per-option tables are laid out [issue * MED_MAX_OPTIONS + option]. */
typedef struct med_party {
    const char *id;
    double *weight;     /* [nissues], >= 0, summing to 1 (med_space_normalise) */
    double *value;      /* value of each option in [0,1] */
    unsigned char *red; /* 1: a red line (the party accepts no outcome holding that option) */
    double reservation; /* acceptable only if utility >= reservation; also the disagreement point */
    pos at;
} med_party;

typedef enum { MED_REQUIRES, MED_BONUS } med_link_kind;

/* requires: option_a of issue_a is allowed only together with option_b of issue_b.
 * bonus: the pair (issue_a=option_a, issue_b=option_b) adds delta[p] to party p's utility. */
typedef struct med_link {
    med_link_kind kind;
    int issue_a, option_a, issue_b, option_b;
    double delta[MED_MAX_PARTIES];
    pos at;
} med_link;

typedef struct med_space {
    arena ar; /* owns everything below */
    const char *id;
    med_issue *issues;
    int nissues;
    med_party *parties;
    int nparties;
    med_link *links;
    int nlinks;
} med_space;

/* An empty space owning an arena on alloc (NULL: malloc). med_space_free releases it. */
void med_space_init(med_space *s, const truce_allocator *alloc);
void med_space_free(med_space *s);
/* Scales each party's weights to sum 1. TRUCE_EARG when a party's weights are negative or all 0. */
int med_space_normalise(med_space *s);
/* TRUCE_EARG when the space breaks a limit above (counts, indexes, values out of range). */
int med_space_validate(const med_space *s);
/* Number of outcomes (product of option counts), as a double. */
double med_space_size(const med_space *s);
/* Utility of party p for outcome x (x[i] = option of issue i), links included. */
double med_utility(const med_space *s, int p, const int *x);
/* 1 when x breaks no requires-link. */
int med_feasible(const med_space *s, const int *x);
/* 1 when x is feasible and acceptable to every party. */
int med_acceptable(const med_space *s, const int *x);

/* A reproducible random space (splitmix64 from seed): ids issue-1.., opt-1.., party-1..
 * MED_GEN_RED_LINES gives each party red lines on a quarter of the issues (its worst option there);
 * MED_GEN_LINKS adds about one link per three issues between random pairs of issues, half requires,
 * half bonus (|delta_p| up to the mean of party p's weights on the two issues). */
enum { MED_GEN_RED_LINES = 1, MED_GEN_LINKS = 2 };
int med_generate(med_space *s, uint64_t seed, int issues, int options, int parties, int flags);

/* Reads a negotiation space (truce-space: 1) from src into s (initialised, empty). Reports every
 * problem to sink as file:line:col. 0, TRUCE_ESYNTAX (not YAML), TRUCE_EINVALID (errors reported)
 * or TRUCE_ENOMEM. */
int med_space_read(med_space *s, const source *src, diag_sink *sink);

/* ---------------------------------------------------------------------------------------------
 * Solving. Every solver takes scratch memory and its result from ar (nothing is allocated during
 * the search) and opt (NULL for the defaults). Returns 0, TRUCE_EARG or TRUCE_ENOMEM; what was
 * found is in the result's status.
 */
typedef struct med_options {
    long long node_limit; /* search nodes before giving up; 0: MED_DEFAULT_NODE_LIMIT */
    int pareto_cap;       /* most outcomes med_pareto lists; 0: MED_DEFAULT_PARETO_CAP */
} med_options;

typedef enum {
    MED_FOUND, /* the search completed: the outcome is optimal (the count exact, the frontier whole) */
    MED_NONE,  /* the search completed and no outcome qualifies */
    MED_LIMIT  /* the node limit stopped the search: the outcome is the best seen, not proven */
} med_status;

typedef struct med_concession {
    int party;
    int issue, option; /* the red line dropped; issue -1 for a lowered reservation */
    double from, to;   /* lowered reservation: from r_p to the outcome's utility */
} med_concession;

typedef struct med_result {
    med_status status;
    int has_outcome;
    int *outcome;                    /* [nissues]: the option chosen per issue */
    double value;                    /* welfare / Nash product / KS ratio; count as a double */
    double utility[MED_MAX_PARTIES]; /* of outcome */
    double welfare;                  /* sum of utility */
    double ideal[MED_MAX_PARTIES];   /* KS: each party's best over the acceptable set */
    long long nodes;                 /* search nodes visited */
    /* med_count_acceptable */
    long double count;       /* acceptable outcomes counted: exact when `exact`, else at least */
    long double count_upper; /* at most this many (== count when exact) */
    int exact;               /* search completed and count < 2^63 */
    /* med_least_concession */
    int red_lines_dropped;
    double shortfall; /* total utility given up below reservations */
    med_concession *concessions;
    int nconcessions;
} med_result;

typedef struct med_pareto_set {
    med_status status; /* FOUND: the whole frontier; NONE: nothing acceptable; LIMIT: node limit */
    int capped;        /* more non-dominated outcomes exist than cap: those listed are a subset */
    int n;
    int *outcomes;  /* n * nissues */
    double *utility; /* n * nparties */
    long long nodes;
} med_pareto_set;

int med_count_acceptable(const med_space *s, const med_options *opt, arena *ar, med_result *out);
int med_solve_welfare(const med_space *s, const med_options *opt, arena *ar, med_result *out);
/* max prod (u_p - r_p) over acceptable outcomes with every u_p > r_p (optimal to a relative
 * rounding of about 1e-12 in the product) */
int med_solve_nash(const med_space *s, const med_options *opt, arena *ar, med_result *out);
/* max min (u_p - r_p)/(ideal_p - r_p), ties by max welfare; a party with ideal == r_p is left out
 * of the min (every acceptable outcome gives it exactly r_p); value 1 when all are left out */
int med_solve_ks(const med_space *s, const med_options *opt, arena *ar, med_result *out);
int med_pareto(const med_space *s, const med_options *opt, arena *ar, med_pareto_set *out);
/* Lexicographic min of (red lines dropped, total shortfall below reservations) over feasible
 * outcomes; cost (0, 0) with no concessions when an outcome is acceptable already. */
int med_least_concession(const med_space *s, const med_options *opt, arena *ar, med_result *out);

/* Writes one concession as a sentence ("israel drops its red line on philadelphi-timing=
 * withdraw-phase-1") into buf; returns buf. */
const char *med_describe_concession(const med_space *s, const med_concession *c, char *buf, size_t cap);

/* Every answer above by plain enumeration, for cross-checks. TRUCE_EARG over MED_BRUTE_MAX
 * outcomes. The Pareto frontier is whole (no cap). */
typedef struct med_brute {
    unsigned long long count;
    med_result welfare, nash, ks, concession;
    med_pareto_set pareto;
} med_brute;
int med_brute_force(const med_space *s, arena *ar, med_brute *out);

#endif
