/* fuzz_genius.c: fuzz target for the GENIUS XML reader: the input is read as a domain and, when
 * it reads, as a profile of that domain too (both from memory; no file, no network). */
#include <stddef.h>
#include <stdint.h>

#include "mediate/space_base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    med_space s;
    med_space_init(&s, NULL);
    source src = {"fuzz.xml", (const char *)data, size};
    diag_sink sink = {0};
    if (med_genius_domain(&s, &src, &sink) == 0) {
        source prof = {"profile.xml", (const char *)data, size};
        med_genius_profile(&s, &prof, "fuzz", &sink);
    }
    med_space_free(&s);
    return 0;
}
