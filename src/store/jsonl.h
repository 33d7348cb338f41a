/* jsonl.h: the ledger as JSON Lines (one entry a line) read into memory, with each line's
 * number kept for file:line:col diagnostics. Exported files carry seq, prev_hash and hash; files
 * of new entries (truce ledger add --from) must not. Not the import or merge rules (jsonl.c). */
#ifndef TRUCE_STORE_JSONL_H
#define TRUCE_STORE_JSONL_H

#include "store/store.h"

typedef enum { JSONL_NEW, JSONL_EXPORTED } jsonl_mode;

typedef struct jsonl_item {
    truce_ledger_entry e;
    int line;         /* 1-based */
    const char *text; /* the line, for finding a key's column */
    size_t len;
} jsonl_item;

typedef struct jsonl_file {
    source src; /* the whole file; diagnostics point into it */
    jsonl_item *items;
    size_t n;
} jsonl_file;

/* Reads path into *out (in ar). Every bad line is reported to sink as file:line:col. Returns 0,
 * TRUCE_EIO (unreadable; reported), TRUCE_ESYNTAX (bad lines, reported) or TRUCE_ENOMEM. */
int jsonl_read(arena *ar, const char *path, jsonl_mode mode, diag_sink *sink, jsonl_file *out);
/* Sorts the items by seq, keeping the file's order among equal numbers. */
void jsonl_sort(jsonl_file *f);
/* Where item it of f stands, for entry_error. */
entry_loc jsonl_loc(const jsonl_file *f, const jsonl_item *it, diag_sink *sink);

#endif
