/* store.h: the SQLite store inside libtruce and the ledger's shared internals: opening and
 * migrating the database, transactions, reading and writing ledger rows, the canonical hash, the
 * ids an agreement version declares, and entry validation. Not public (include/truce.h is), and
 * not the JSON Lines format (jsonl.c) or the views (ledger_view.c). */
#ifndef TRUCE_STORE_STORE_H
#define TRUCE_STORE_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "truce.h"
#include "util/alloc.h"
#include "util/diag.h"

struct truce_store {
    sqlite3 *db;
    char msg[256]; /* the last SQLite error, for truce_store_message */
};

/* A 64-bit hash (FNV-1a, finalised) of a report's text key, len bytes. */
uint64_t store_key_hash(const char *key, size_t len);
/* The id a position is stored under (positions.id): store_key_hash of its key; for a key made
 * of who and when ("unit@time", by_time non-zero) the time in 256 s steps in the high 32 bits and
 * the hash's low 32 bits below, so that tracks, which come in time order, go in near the end of
 * the B-tree instead of anywhere. Not unique: ingest.c checks the key on every conflict. The
 * same function is truce_position_id(key, by_time, at) in SQL on every store connection. */
int64_t store_position_id(const char *key, size_t len, int by_time, long long at);
/* Records SQLite's message for rc and returns TRUCE_ENOMEM or TRUCE_EIO. */
int store_fail(truce_store *s, int rc);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or a negative code. Rollback never fails loudly. */
int store_begin(truce_store *s);
int store_begin_read(truce_store *s); /* BEGIN (deferred): a consistent snapshot to read */
int store_commit(truce_store *s);
void store_rollback(truce_store *s);

#define LEDGER_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* The columns of ledger_entry in the order ledger_read_row expects. */
#define LEDGER_COLUMNS                                                                              \
    "seq, kind, date, source, url, note, version, party, agreement_id, tabled_by, place, parent, "  \
    "file_name, file_data, response, reservations, counter, text, prev_hash, hash"

/* Reads the current row of st (selected with LEDGER_COLUMNS) into e; strings live in ar.
 * 0 or TRUCE_ENOMEM; a malformed row (unknown kind, bad date) still reads, with what it has. */
int ledger_read_row(sqlite3_stmt *st, arena *ar, truce_ledger_entry *e);
/* Inserts e as it is (seq, prev_hash and hash included), without any check. */
int ledger_insert_row(truce_store *s, const truce_ledger_entry *e);
/* Sets the head table to (count, hash). */
int ledger_set_head(truce_store *s, long long count, const char *hash);
/* The last entry's seq and hash (0 and LEDGER_ZERO_HASH when the ledger is empty). */
int ledger_last(truce_store *s, long long *seq, char hash[TRUCE_HASH_HEX]);
/* The number and hash of the one row sql selects (0 and LEDGER_ZERO_HASH when it selects none). */
int ledger_number_hash(truce_store *s, const char *sql, long long *n, char hash[TRUCE_HASH_HEX]);
/* Every entry in seq order, into an array in ar. */
int ledger_load_all(truce_store *s, arena *ar, truce_ledger_entry **out, size_t *n);

/* SHA-256 over the canonical serialisation of e's fields and e->prev_hash, as 64 lower-case hex
 * digits. seq is not hashed: an entry's place is fixed by the chain (prev_hash), which is what
 * lets verify tell a reordering from an edit. 0 or TRUCE_ENOMEM. */
int ledger_hash(const truce_ledger_entry *e, char out[TRUCE_HASH_HEX]);
/* SHA-256 of bytes, as hex. */
int ledger_sha256_hex(const void *data, size_t len, char out[TRUCE_HASH_HEX]);

/* Lists stored in one column: ids joined by '\n'. */
char *ledger_join(arena *ar, const char *const *items, size_t n);
const char **ledger_split(arena *ar, const char *joined, size_t *n);

/* What an agreement version declares, read from its stored bytes. */
typedef struct ledger_party {
    const char *id, *role; /* role "party", "mediator", ... */
} ledger_party;
typedef struct ledger_version {
    const char *agreement_id;
    ledger_party *parties;
    size_t nparties;
    const char **obligations;
    size_t nobligations;
} ledger_version;
/* Parses an agreement file's bytes (YAML) for its id, parties and obligations. Syntax errors go
 * to sink (which may have no callback). 0, TRUCE_ESYNTAX or TRUCE_ENOMEM. */
int ledger_version_read(arena *ar, const char *name, const char *data, size_t len, diag_sink *sink,
                        ledger_version *out);

/* Where an entry came from, for diagnostics: a line of a JSON Lines file (src and line set), or
 * a command (origin, no position). */
typedef struct entry_loc {
    diag_sink *sink;
    const char *origin;
    const source *src;
    int line;
    const char *text; /* the line's text and length, to find a key's column */
    size_t len;
} entry_loc;
/* The column (1-based) of key's value in the line, or 1. */
int entry_loc_col(const entry_loc *L, const char *key);
/* Reports an error about key (may be NULL) of the entry at L. hint may be NULL. */
void entry_error(const entry_loc *L, const char *key, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Checks e against the ledger (versions, parties, obligations) and fills in what the ledger
 * derives (agreement_id, file bytes from file_path) in *e, in ar. Reports each problem. Returns
 * the number of errors, or a negative code (TRUCE_EIO, TRUCE_ENOMEM). */
int ledger_check_entry(truce_store *s, arena *ar, truce_ledger_entry *e, const entry_loc *L);
/* Appends e after the current last entry: sets seq, prev_hash and hash, inserts, updates the
 * head. Call inside a transaction, after ledger_check_entry. */
int ledger_append(truce_store *s, truce_ledger_entry *e);

#endif
