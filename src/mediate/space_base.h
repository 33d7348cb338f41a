/* space_base.h: what a negotiation space can be built on (`agreement: PATH`): the obligations
 * of an agreement as plain ids and option ids, handed to the space reader by a callback so that
 * space_yaml.c needs nothing of src/model. Also the public truce_space's inside, which keeps the
 * agreement for writing versions. Not an API for the rest of truce; include/truce.h is. */
#ifndef TRUCE_MEDIATE_SPACE_BASE_H
#define TRUCE_MEDIATE_SPACE_BASE_H

#include "mediate/mediate.h"
#include "util/tree.h"

typedef struct med_base_issue {
    const char *id;       /* obligation id */
    const char **options; /* its option ids (noptions may be 0: not an issue) */
    int noptions;
    const char *agreed;   /* the settled option, or NULL when still open */
    pos at;
} med_base_issue;

typedef struct med_base {
    med_base_issue *issues;
    int nissues;
} med_base;

/* Reads the base named by node (a text: a path relative to the space file src) into *out,
 * everything in ar. Reports problems to sink. 0, TRUCE_EINVALID (reported), TRUCE_ENOMEM. */
typedef int (*med_base_fn)(void *user, const tree *node, const source *src, diag_sink *sink, arena *ar, med_base *out);

/* med_space_read, and `agreement:` read through base (NULL: the key is an error). The open
 * obligations (options, no `agreed`) become the first issues, in the agreement's order; an
 * `issues` entry with an obligation's id may list a subset of its options (in that order).
 * *synthetic (may be NULL) gets the file's `synthetic:` text or NULL. */
int med_space_read_with(med_space *s, const source *src, diag_sink *sink, med_base_fn base, void *user,
                        const char **synthetic);

/* The public space: the solvers' space, and the agreement it was built on (NULL if none). */
struct truce_space {
    med_space s;
    truce_agreement *agreement;
    const char *path;      /* the space file, or the GENIUS domain file */
    const char *synthetic; /* the file's `synthetic:` text, or NULL */
    const char *origin;    /* "space", "genius" */
};

/* Every answer truce_mediate reports, from one call of each solver. */
typedef struct med_answers {
    med_result count, welfare, nash, ks, concession;
    med_pareto_set pareto;
    med_concession *alternatives; /* single red lines each of which alone opens an outcome */
    int nalternatives;
} med_answers;
int med_answers_solve(const med_space *s, const med_options *opt, arena *ar, med_answers *out);

/* GENIUS XML (genius.c): the domain's issues into s (empty, initialised); then one party per
 * profile. Problems reported to sink as file:line. 0, TRUCE_ESYNTAX, TRUCE_EINVALID, TRUCE_ENOMEM. */
int med_genius_domain(med_space *s, const source *src, diag_sink *sink);
int med_genius_profile(med_space *s, const source *src, const char *party_id, diag_sink *sink);

#endif
