/* link.c: turns the ids an agreement writes (party: israel, zone: netzarim, "end of phase-1")
 * into pointers, reporting duplicates and unknown ids with the nearest known one as a hint.
 * Runs at load, so every view can rely on the links; check.c then judges the meaning. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"

static void unknown(truce_agreement *a, pos at, const char *what, const char *id, const void *items, size_t n, size_t isz)
{
    const char *best = model_nearest(items, n, isz, id);
    char hint[160];
    if (best) snprintf(hint, sizeof hint, "did you mean %s '%s'?", what, best);
    else if (n == 0) snprintf(hint, sizeof hint, "the agreement declares no %s", what);
    diag_report(&a->sink, TRUCE_ERROR, at, (best || n == 0) ? hint : NULL, "unknown %s '%s'", what, id);
}

#define LINK(a, ptr, id, at, what, arr, n, finder)                                                  \
    do {                                                                                            \
        if (id) {                                                                                   \
            (ptr) = finder((a), (id));                                                              \
            if (!(ptr)) unknown((a), (at), (what), (id), (arr), (n), sizeof *(arr));                \
        }                                                                                           \
    } while (0)

static void dup_ids(truce_agreement *a, const void *items, size_t n, size_t isz, size_t pos_off, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        const char *id = *(const char *const *)((const char *)items + i * isz);
        if (!id) continue;
        for (size_t j = 0; j < i; j++) {
            const char *other = *(const char *const *)((const char *)items + j * isz);
            if (other && !strcmp(id, other)) {
                const pos *pi = (const pos *)((const char *)items + i * isz + pos_off);
                const pos *pj = (const pos *)((const char *)items + j * isz + pos_off);
                char hint[96];
                snprintf(hint, sizeof hint, "the first is on line %d", pj->line);
                diag_report(&a->sink, TRUCE_ERROR, *pi, hint, "two %ss have the id '%s'", what, id);
                break;
            }
        }
    }
}

static void link_when(truce_agreement *a, when *w)
{
    if (w->phase_id) LINK(a, w->phase, w->phase_id, w->at, "phase", a->phases, a->nphases, model_phase);
    if (w->ref_id) LINK(a, w->ref, w->ref_id, w->at, "obligation", a->obligations, a->nobligations, model_obligation);
}

static void link_terms(truce_agreement *a, terms *t)
{
    link_when(a, &t->by);
    link_when(a, &t->from);
    link_when(a, &t->until);
    LINK(a, t->zone, t->zone_id, t->zone_at, "zone", a->zones, a->nzones, model_zone);
}

int model_link(truce_agreement *a)
{
    dup_ids(a, a->parties, a->nparties, sizeof *a->parties, offsetof(party, at), "partie");
    dup_ids(a, a->zones, a->nzones, sizeof *a->zones, offsetof(zone, at), "zone");
    dup_ids(a, a->phases, a->nphases, sizeof *a->phases, offsetof(phase, at), "phase");
    dup_ids(a, a->milestones, a->nmilestones, sizeof *a->milestones, offsetof(milestone, at), "milestone");
    dup_ids(a, a->obligations, a->nobligations, sizeof *a->obligations, offsetof(obligation, at), "obligation");
    dup_ids(a, a->refs, a->nrefs, sizeof *a->refs, offsetof(source_ref, at), "source");
    for (size_t i = 0; i < a->nphases; i++) {
        phase *p = &a->phases[i];
        LINK(a, p->after, p->after_id, p->after_at, "phase", a->phases, a->nphases, model_phase);
        if (!p->starts_given && i > 0) p->after = &a->phases[i - 1];
        if (p->nrequires) {
            p->requires = arena_alloc(&a->ar, sizeof *p->requires * p->nrequires);
            if (!p->requires) return TRUCE_ENOMEM;
            for (size_t k = 0; k < p->nrequires; k++)
                LINK(a, p->requires[k], p->requires_ids[k], p->requires_at[k], "milestone", a->milestones,
                     a->nmilestones, model_milestone);
        }
        if (p->source && !model_ref(a, p->source)) unknown(a, p->at, "source", p->source, a->refs, a->nrefs, sizeof *a->refs);
    }
    for (size_t i = 0; i < a->nzones; i++)
        if (a->zones[i].source && !model_ref(a, a->zones[i].source))
            unknown(a, a->zones[i].at, "source", a->zones[i].source, a->refs, a->nrefs, sizeof *a->refs);
    for (size_t i = 0; i < a->nmilestones; i++)
        if (a->milestones[i].source && !model_ref(a, a->milestones[i].source))
            unknown(a, a->milestones[i].at, "source", a->milestones[i].source, a->refs, a->nrefs, sizeof *a->refs);
    for (size_t i = 0; i < a->nobligations; i++) {
        obligation *ob = &a->obligations[i];
        if (ob->nparties) {
            ob->parties = arena_alloc(&a->ar, sizeof *ob->parties * ob->nparties);
            if (!ob->parties) return TRUCE_ENOMEM;
            for (size_t k = 0; k < ob->nparties; k++)
                LINK(a, ob->parties[k], ob->party_ids[k], ob->party_at[k], "party", a->parties, a->nparties, model_party);
        }
        LINK(a, ob->phase, ob->phase_id, ob->phase_at, "phase", a->phases, a->nphases, model_phase);
        link_terms(a, &ob->t);
        LINK(a, ob->route, ob->route_id, ob->route_at, "zone", a->zones, a->nzones, model_zone);
        LINK(a, ob->crossing, ob->crossing_id, ob->crossing_at, "zone", a->zones, a->nzones, model_zone);
        for (size_t k = 0; k < ob->q.nschedule; k++) {
            link_when(a, &ob->q.schedule[k].on);
            link_when(a, &ob->q.schedule[k].from);
            link_when(a, &ob->q.schedule[k].until);
        }
        if (ob->q.ratio_of_id)
            LINK(a, ob->q.ratio_of, ob->q.ratio_of_id, ob->q.ratio_at, "obligation", a->obligations, a->nobligations,
                 model_obligation);
        for (size_t k = 0; k < ob->nsources; k++)
            if (!model_ref(a, ob->sources[k]))
                unknown(a, ob->source_at[k], "source", ob->sources[k], a->refs, a->nrefs, sizeof *a->refs);
        for (size_t k = 0; k < ob->noptions; k++) {
            option *o = &ob->options[k];
            link_terms(a, &o->t);
            if (o->source && !model_ref(a, o->source)) unknown(a, o->at, "source", o->source, a->refs, a->nrefs, sizeof *a->refs);
            for (size_t j = 0; j < o->nheld_by; j++)
                if (!model_party(a, o->held_by[j]))
                    unknown(a, o->at, "party", o->held_by[j], a->parties, a->nparties, sizeof *a->parties);
            for (size_t j = 0; j < k; j++)
                if (o->id && ob->options[j].id && !strcmp(o->id, ob->options[j].id))
                    diag_error(&a->sink, o->at, "two options of '%s' have the id '%s'", ob->id, o->id);
        }
        if (ob->agreed_id) {
            for (size_t k = 0; k < ob->noptions; k++)
                if (ob->options[k].id && !strcmp(ob->options[k].id, ob->agreed_id)) ob->agreed = &ob->options[k];
            if (!ob->agreed && ob->noptions)
                unknown(a, ob->agreed_at, "option", ob->agreed_id, ob->options, ob->noptions, sizeof *ob->options);
        }
    }
    return 0;
}
