/* error.c: truce_strerror and truce_error_name, generated from TRUCE_ERRNO_MAP in truce.h. */
#include "truce.h"

const char *truce_strerror(int err)
{
    switch (err) {
#define TRUCE_STR_ENTRY(name, value, msg) case value: return msg;
        TRUCE_ERRNO_MAP(TRUCE_STR_ENTRY)
#undef TRUCE_STR_ENTRY
    }
    return "unknown error";
}

const char *truce_error_name(int err)
{
    switch (err) {
#define TRUCE_NAME_ENTRY(name, value, msg) case value: return #name;
        TRUCE_ERRNO_MAP(TRUCE_NAME_ENTRY)
#undef TRUCE_NAME_ENTRY
    }
    return "UNKNOWN";
}
