/* fuzz_space.c: fuzz target for the negotiation space reader (YAML from memory), with a fixed
 * in-memory `agreement:` base so the agreement-backed issues are reached too (no file is read),
 * and, when the space reads, the count of acceptable outcomes under a small node limit. */
#include <stddef.h>
#include <stdint.h>

#include "mediate/space_base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *ph[] = {"withdraw-in-phase-1", "reduced-presence", "exit-with-anti-smuggling", "not-agreed"};
static const char *nz[] = {"withdraw-in-phase-1", "forces-remain", "not-agreed"};
static const char *one[] = {"only"};

static int base(void *user, const tree *node, const source *src, diag_sink *sink, arena *ar, med_base *out)
{
    (void)user, (void)node, (void)src, (void)sink;
    med_base_issue *is = arena_alloc(ar, sizeof *is * 4);
    if (!is) return TRUCE_ENOMEM;
    is[0] = (med_base_issue){"withdraw-philadelphi", ph, 4, NULL, {0}};
    is[1] = (med_base_issue){"withdraw-netzarim", nz, 3, NULL, {0}};
    is[2] = (med_base_issue){"full-withdrawal", NULL, 0, NULL, {0}};
    is[3] = (med_base_issue){"settled", one, 1, "only", {0}};
    out->issues = is;
    out->nissues = 4;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    med_space s;
    med_space_init(&s, NULL);
    source src = {"fuzz.yaml", (const char *)data, size};
    diag_sink sink = {0};
    const char *syn = NULL;
    if (med_space_read_with(&s, &src, &sink, base, NULL, &syn) == 0) {
        arena ar;
        arena_init(&ar, NULL);
        med_options o = {10000, 10};
        med_result r;
        med_count_acceptable(&s, &o, &ar, &r);
        arena_release(&ar);
    }
    med_space_free(&s);
    return 0;
}
