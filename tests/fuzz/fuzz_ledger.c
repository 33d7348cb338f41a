/* fuzz_ledger.c: fuzz target for the ledger's JSON Lines reader and chain verification. The
 * input is handed over as a file (an in-memory memfd), as `truce ledger verify --jsonl` reads it. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "truce.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(const truce_ledger_problem *problem, void *user)
{
    (void)problem;
    (void)user;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("ledger.jsonl", 0);
    if (fd < 0) return 0;
    if (write(fd, data, size) == (ssize_t)size) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        truce_ledger_verify_jsonl(path, NULL, ignore, NULL);
    }
    close(fd);
    return 0;
}
