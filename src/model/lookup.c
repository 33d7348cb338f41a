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
