/* fuzz_agreement.c: fuzz target for the agreement loader and checker (YAML in memory; no zone
 * files can be named, so the input alone decides the path). */
#include <stddef.h>
#include <stdint.h>

#include "truce.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    truce_agreement *a = NULL;
    if (truce_agreement_load_buffer("fuzz.yaml", (const char *)data, size, NULL, NULL, &a) == 0) {
        truce_agreement_check(a, NULL);
        truce_agreement_free(a);
    }
    return 0;
}
