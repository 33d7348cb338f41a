/* reference.c: the plain definition of what the kernel computes, kept beside it so the tests (and
 * anyone in doubt) can compare: every rule in order, the time and party checks, then geo_contains.
 * Slow on purpose (no index); not for production paths. */
#include "kernel/kernel.h"

size_t kernel_reference(const geo_shape *zones, size_t nzones, const kernel_rule *rules, size_t nrules,
                        const kernel_report *r, uint32_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < nrules; i++) {
        const kernel_rule *ru = &rules[i];
        if (ru->party != r->party || r->t < ru->t0 || r->t >= ru->t1 || ru->zone >= nzones) continue;
        if (!geo_contains(&zones[ru->zone], (geo_pt){r->lon, r->lat})) continue;
        if (n < cap) out[n] = (uint32_t)i;
        n++;
    }
    return n;
}
