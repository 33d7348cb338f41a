/* lookup.c: finding model items by id. Linear scans: agreements hold hundreds of items, not
 * millions, and these run at load and check time only. */
#include <string.h>

#include "model/model.h"

#define FIND(arr, n, id)                                                                            \
    do {                                                                                            \
        if (!(id)) return NULL;                                                                     \
        for (size_t i_ = 0; i_ < (n); i_++)                                                         \
            if ((arr)[i_].id && !strcmp((arr)[i_].id, (id))) return &(arr)[i_];                    \
        return NULL;                                                                                \
    } while (0)

party *model_party(const truce_agreement *a, const char *id) { FIND(a->parties, a->nparties, id); }
zone *model_zone(const truce_agreement *a, const char *id) { FIND(a->zones, a->nzones, id); }
phase *model_phase(const truce_agreement *a, const char *id) { FIND(a->phases, a->nphases, id); }
milestone *model_milestone(const truce_agreement *a, const char *id) { FIND(a->milestones, a->nmilestones, id); }
obligation *model_obligation(const truce_agreement *a, const char *id) { FIND(a->obligations, a->nobligations, id); }
source_ref *model_ref(const truce_agreement *a, const char *id) { FIND(a->refs, a->nrefs, id); }

const char *model_nearest(const void *items, size_t n, size_t isz, const char *id)
{
    const char *best = NULL;
    int best_d = 4;
    for (size_t i = 0; id && i < n; i++) {
        const char *cand = *(const char *const *)((const char *)items + i * isz);
        if (!cand) continue;
        int d = str_distance(id, cand, 3);
        if (d < best_d) best_d = d, best = cand;
    }
    /* else the first id that starts with it: "netzarim" for "netzarim-corridor" */
    size_t len = id ? strlen(id) : 0;
    for (size_t i = 0; !best && len >= 3 && i < n; i++) {
        const char *cand = *(const char *const *)((const char *)items + i * isz);
        if (cand && !strncmp(cand, id, len)) best = cand;
    }
    return best;
}

#define HAS(arr, n, finder)                                                                          \
    do {                                                                                            \
        if (finder(a, id)) return 1;                                                                \
        if (nearest) *nearest = model_nearest((arr), (n), sizeof *(arr), id);                       \
        return 0;                                                                                   \
    } while (0)

int truce_agreement_has(const truce_agreement *a, const char *kind, const char *id, const char **nearest)
{
    if (nearest) *nearest = NULL;
    if (!a || !kind || !id) return 0;
    if (!strcmp(kind, "party")) HAS(a->parties, a->nparties, model_party);
    if (!strcmp(kind, "zone")) HAS(a->zones, a->nzones, model_zone);
    if (!strcmp(kind, "phase")) HAS(a->phases, a->nphases, model_phase);
    if (!strcmp(kind, "obligation")) HAS(a->obligations, a->nobligations, model_obligation);
    return 0;
}
