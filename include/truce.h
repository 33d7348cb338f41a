/* truce.h: the whole public API of libtruce, an engine for phased ceasefire agreements.
 *
 * Read it top to bottom: errors, diagnostics, allocation, then the agreement (load, check,
 * resolve) and the views of it (show, timeline, map). The `truce` command uses nothing else.
 * The library never prints and never exits: it returns error codes and hands diagnostics to
 * a callback you give it.
 */
#ifndef TRUCE_H
#define TRUCE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRUCE_VERSION "0.1.0"

/* ---------------------------------------------------------------------------------------------
 * Errors. Every function that can fail returns 0 or one of these negative codes.
 * X(NAME, value, message)
 */
#define TRUCE_ERRNO_MAP(X)                                                                        \
    X(OK, 0, "success")                                                                           \
    X(NOMEM, -1, "out of memory")                                                                 \
    X(IO, -2, "cannot read or write a file")                                                      \
    X(SYNTAX, -3, "the file is not well-formed: it cannot be read in the format it should have")    \
    X(INVALID, -4, "the agreement has errors")                                                    \
    X(ARG, -5, "invalid argument")                                                                \
    X(NOTFOUND, -6, "no such item")                                                               \
    X(GEOMETRY, -7, "a geometry operation failed")                                                \
    X(PROJ, -8, "a map projection failed")                                                        \
    X(UNRESOLVED, -9, "a date cannot be resolved")

typedef enum {
#define TRUCE_ENUM_ENTRY(name, value, msg) TRUCE_E##name = (value),
    TRUCE_ERRNO_MAP(TRUCE_ENUM_ENTRY)
#undef TRUCE_ENUM_ENTRY
} truce_error;

/* A sentence describing err ("out of memory"); never NULL, static storage. */
const char *truce_strerror(int err);
/* The code's name without prefix ("NOMEM"); "UNKNOWN" for a value not in the table. */
const char *truce_error_name(int err);

/* ---------------------------------------------------------------------------------------------
 * Diagnostics: what is wrong and where. Loading and checking report every problem they find
 * through a truce_diag_fn, in source order per file, and keep going.
 */
typedef enum { TRUCE_ERROR, TRUCE_WARNING, TRUCE_NOTE } truce_severity;

typedef struct truce_diag {
    truce_severity severity;
    const char *file;        /* path as given to the loader; never NULL */
    int line, col;           /* 1-based; 0 when the problem has no position (a whole file) */
    const char *message;     /* one sentence, no trailing period */
    const char *hint;        /* "did you mean zone 'netzarim'?", or NULL */
    const char *source_line; /* the text of that line without its newline, or NULL */
} truce_diag;

/* Called once per diagnostic; the diag and its strings live only during the call. */
typedef void (*truce_diag_fn)(const truce_diag *diag, void *user);

/* Writes diag to out as `file:line:col: error: message`, then the source line and a caret under
 * the column, then `      = hint: ...` when there is one. color != 0 adds ANSI colours.
 * Returns 0 or TRUCE_EIO. */
int truce_diag_print(FILE *out, const truce_diag *diag, int color);

/* ---------------------------------------------------------------------------------------------
 * Allocation. Pass NULL wherever an allocator is asked for to use malloc/realloc/free.
 * fn(user, ptr, old_size, new_size): new_size 0 frees ptr and returns NULL; otherwise it returns
 * a block of new_size bytes holding the first min(old,new) bytes of ptr, or NULL when out of
 * memory (the library then returns TRUCE_ENOMEM; ptr is left alone). Libraries truce builds on
 * (libyaml, PROJ, GEOS) use their own allocators.
 */
typedef void *(*truce_alloc_fn)(void *user, void *ptr, size_t old_size, size_t new_size);
typedef struct truce_allocator {
    truce_alloc_fn fn;
    void *user;
} truce_allocator;

/* ---------------------------------------------------------------------------------------------
 * Dates. A date is a calendar day in the agreement's time zone, counted as days since
 * 1970-01-01 (day 0). truce_date_parse takes "YYYY-MM-DD".
 */
typedef int truce_date;
#define TRUCE_DATE_NONE (-2147483647 - 1)

/* Parses "YYYY-MM-DD" (a real calendar day, years 1000-9999) into *out. 0 or TRUCE_EARG. */
int truce_date_parse(const char *text, truce_date *out);
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
char *truce_date_format(truce_date date, char buf[11]);

/* ---------------------------------------------------------------------------------------------
 * The agreement: a YAML file whose zones are GeoJSON files named by relative path. See
 * docs/format.md for the format and schema/agreement.schema.json for its JSON Schema.
 */
typedef struct truce_agreement truce_agreement;

typedef struct truce_load_options {
    truce_diag_fn on_diag; /* may be NULL: diagnostics are then counted but not shown */
    void *user;            /* passed to on_diag */
    const truce_allocator *alloc; /* NULL for the default */
} truce_load_options;

/* Reads the agreement at path and every zone file it names, and builds its zones (buffers,
 * unions, ...). Syntax errors and meaning errors are reported to opt->on_diag.
 * Returns 0 and a new agreement in *out even when it has meaning errors (so that a caller can
 * still show what loaded; truce_agreement_errors tells how many), or a negative code with
 * *out = NULL when nothing usable was read (TRUCE_EIO, TRUCE_ESYNTAX, TRUCE_ENOMEM).
 * The caller owns *out and frees it with truce_agreement_free. */
int truce_agreement_load(const char *path, const truce_load_options *opt, truce_agreement **out);

/* Same as truce_agreement_load, from memory: name is used in diagnostics, base_dir to find zone
 * files (NULL: none may be named). data need not be NUL-terminated and is not kept. */
int truce_agreement_load_buffer(const char *name, const char *data, size_t len, const char *base_dir,
                                const truce_load_options *opt, truce_agreement **out);

/* Frees an agreement and everything it owns. NULL is a harmless no-op. */
void truce_agreement_free(truce_agreement *agreement);

/* Runs the meaning checks (unknown ids, deadlines past their phase, cycles in phase conditions,
 * quantities that do not add up, invalid geometry, contradictory obligations) and reports each
 * problem to opt->on_diag. Returns the number of errors found (load errors included), or a
 * negative code. Warnings are reported but not counted. */
int truce_agreement_check(truce_agreement *agreement, const truce_load_options *opt);

/* Number of errors reported so far by load and check. */
int truce_agreement_errors(const truce_agreement *agreement);

/* The agreement's id and title (owned by the agreement). */
const char *truce_agreement_id(const truce_agreement *agreement);
const char *truce_agreement_title(const truce_agreement *agreement);

/* Whether the agreement has an item of this kind ("party", "zone", "phase" or "obligation") with
 * this id: 1 when it does, else 0 with *nearest (may be NULL) set to the closest id of that kind,
 * or NULL when none is close. For checking ids a user typed, say in a filter, before a view that
 * would otherwise show nothing. A kind not listed above has nothing: 0. */
int truce_agreement_has(const truce_agreement *agreement, const char *kind, const char *id, const char **nearest);

/* ---------------------------------------------------------------------------------------------
 * Views. Each writes a complete document to out and returns 0, TRUCE_EIO, TRUCE_ENOMEM, or
 * TRUCE_EARG for a format the view does not offer. They never change the agreement.
 */
typedef enum {
    TRUCE_FORMAT_TEXT,
    TRUCE_FORMAT_MARKDOWN,
    TRUCE_FORMAT_JSON,
    TRUCE_FORMAT_SVG,
    TRUCE_FORMAT_GEOJSON,
    TRUCE_FORMAT_HTML
} truce_format;

/* Parses a format name ("text", "markdown", "json", "svg", "geojson", "html"). 0 or TRUCE_EARG. */
int truce_format_parse(const char *name, truce_format *out);

typedef struct truce_view_options {
    truce_format format;
    truce_date start; /* the agreement's day 1, overriding the file's; TRUCE_DATE_NONE to keep */
} truce_view_options;

/* The agreement as a readable document: text, markdown or json. */
int truce_show(const truce_agreement *agreement, const truce_view_options *opt, FILE *out);

/* Every phase and obligation resolved to dates (or to agreement days when day 1 is not known:
 * "when signed"), in order: text, json or svg (a Gantt chart). */
int truce_timeline(const truce_agreement *agreement, const truce_view_options *opt, FILE *out);

/* The zones, derived zones included, with labels and credited base data: svg or geojson. */
int truce_map(const truce_agreement *agreement, const truce_view_options *opt, FILE *out);

/* ---------------------------------------------------------------------------------------------
 * The store and the ledger. A store is one SQLite database file (truce.db by default) holding the
 * negotiation ledger: an append-only record of proposals (agreement versions, their exact bytes
 * kept), responses to them and public statements of position, each dated and sourced. Each entry
 * carries the SHA-256 hash of the one before it (prev_hash) and its own hash over a canonical,
 * length-prefixed serialisation of its fields and prev_hash, so truce_ledger_verify finds any entry
 * altered, removed or reordered. The store also records the head (entry count and last hash) to
 * catch a truncation; someone who rewrites that too can only be caught against an outside copy
 * (an export, truce_ledger_verify's against). A store is not safe to share between threads.
 */
typedef struct truce_store truce_store;

#define TRUCE_STORE_DEFAULT "truce.db"
#define TRUCE_HASH_HEX 65 /* 64 hex digits of a SHA-256 and a NUL */

/* Opens the store at path (NULL: TRUCE_STORE_DEFAULT; ":memory:": a private in-memory store),
 * creating it when absent and bringing its schema up to date (the migrations run in one
 * transaction; WAL journal, foreign keys on). Returns 0 and a new store in *out, or TRUCE_EIO
 * (cannot open, or not a truce store, or a newer schema) or TRUCE_ENOMEM with *out = NULL.
 * The caller owns *out and closes it with truce_store_close. */
int truce_store_open(const char *path, truce_store **out);
/* Closes the store. NULL is a harmless no-op. */
void truce_store_close(truce_store *store);
/* What SQLite said when the last call on store failed with TRUCE_EIO ("" if nothing); owned by
 * the store, valid until its next call. */
const char *truce_store_message(const truce_store *store);

typedef enum { TRUCE_ENTRY_PROPOSAL, TRUCE_ENTRY_RESPONSE, TRUCE_ENTRY_STATEMENT } truce_entry_kind;

typedef enum {
    TRUCE_RESPONSE_NONE, /* not a response */
    TRUCE_RESPONSE_ACCEPT,
    TRUCE_RESPONSE_ACCEPT_WITH_RESERVATIONS, /* reservations name obligation ids of that version */
    TRUCE_RESPONSE_REJECT,
    TRUCE_RESPONSE_COUNTER,                  /* counter names the version put forward instead */
    TRUCE_RESPONSE_NO_RESPONSE_YET           /* recorded as not yet answered, on that date */
} truce_response;

/* Names as written in commands and files: "proposal", "response", "statement"; "accept",
 * "accept-with-reservations", "reject", "counter", "no-response-yet" ("" for NONE). Static. */
const char *truce_entry_kind_name(truce_entry_kind kind);
const char *truce_response_name(truce_response response);
/* The reverse. 0 or TRUCE_EARG. */
int truce_entry_kind_parse(const char *name, truce_entry_kind *out);
int truce_response_parse(const char *name, truce_response *out);

/* One ledger entry. Fields a kind does not use are NULL (or 0). Ids are those of the agreement
 * version concerned (party ids, obligation ids). On add, the caller fills what it knows; the
 * fields marked "set by the ledger" are ignored and filled in. Entries handed to a callback are
 * owned by the ledger and valid only during the call. */
typedef struct truce_ledger_entry {
    long long seq;          /* 1, 2, ... in order of entry; set by the ledger */
    truce_entry_kind kind;
    truce_date date;        /* the day it happened (tabled, answered, said) */
    const char *source;     /* citation: a source id or text. Required for responses and
                               statements; a proposal without one is cited as "tabled by ..." */
    const char *url;        /* may be NULL */
    const char *note;       /* may be NULL */
    const char *version;    /* proposal: its version label (unique in the ledger); response: the
                               version answered; statement: the version it concerns, or NULL */
    const char *party;      /* response, statement: who answered or spoke */
    /* proposal */
    const char *agreement_id;          /* the file's id; set by the ledger */
    const char *const *tabled_by;      /* party or mediator ids of that version; at least one */
    size_t ntabled_by;
    const char *place;                 /* "Doha"; may be NULL */
    const char *parent;                /* the version it revises, or NULL */
    const char *file_name;             /* the file's name without directories */
    const char *file_data;             /* the file's exact bytes (not NUL-terminated) */
    size_t file_len;
    const char *file_path;             /* on add only: where to read file_data when it is NULL */
    /* response */
    truce_response response;
    const char *const *reservations;   /* obligation ids; only with ACCEPT_WITH_RESERVATIONS */
    size_t nreservations;
    const char *counter;               /* TRUCE_RESPONSE_COUNTER: a version already tabled */
    /* statement */
    const char *text;                  /* what was said, paraphrased */
    char prev_hash[TRUCE_HASH_HEX];    /* set by the ledger; 64 zeros for the first entry */
    char hash[TRUCE_HASH_HEX];         /* set by the ledger */
} truce_ledger_entry;

typedef struct truce_ledger_options {
    truce_diag_fn on_diag; /* problems with entries, as file:line:col; may be NULL */
    void *user;            /* passed to on_diag */
    const char *origin;    /* the name diagnostics give an entry passed directly ("truce ledger add") */
} truce_ledger_options;

/* Checks entry against the ledger (the version it names exists; parties, tabled_by and
 * reservations are ids of that version, with a "did you mean" hint; required fields are there;
 * a proposal's file is readable YAML) and appends it. Each problem goes to opt->on_diag. Returns
 * 0 and the new entry's number in *seq (may be NULL), TRUCE_EINVALID when the entry has errors
 * (nothing written), TRUCE_ESYNTAX when a proposal's file is not YAML, TRUCE_EIO, TRUCE_ENOMEM. */
int truce_ledger_add(truce_store *store, const truce_ledger_entry *entry, const truce_ledger_options *opt,
                     long long *seq);
/* Appends the entries of a JSON Lines file, one object a line, keys named as in the export
 * (kind, date, version, party, ...; "file" is a path relative to the file, or {name, text} /
 * {name, base64}), all or nothing in one transaction. Each bad line is reported as file:line:col.
 * Returns 0 and the count in *added (may be NULL), TRUCE_ESYNTAX (a line is not JSON or has wrong
 * types), TRUCE_EINVALID (an entry has errors), TRUCE_EIO, TRUCE_ENOMEM. */
int truce_ledger_add_jsonl(truce_store *store, const char *path, const truce_ledger_options *opt, size_t *added);

typedef enum { TRUCE_LEDGER_BY_SEQ, TRUCE_LEDGER_BY_DATE } truce_ledger_order;
/* Called once per entry; return non-zero to stop the walk (the walk then returns that value). */
typedef int (*truce_ledger_entry_fn)(const truce_ledger_entry *entry, void *user);
/* Walks every entry in seq order or by date (then seq). Returns 0, fn's non-zero value,
 * TRUCE_EIO or TRUCE_ENOMEM. */
int truce_ledger_list(truce_store *store, truce_ledger_order order, truce_ledger_entry_fn fn, void *user);

typedef enum {
    TRUCE_TAMPER_ALTERED,   /* an entry's fields no longer match its hash, or its hash was rewritten */
    TRUCE_TAMPER_REMOVED,   /* a gap in the numbers, or a prev_hash that matches no entry */
    TRUCE_TAMPER_REORDERED, /* the numbers disagree with the order of the chain */
    TRUCE_TAMPER_TRUNCATED, /* the chain is shorter than the recorded head or the outside copy */
    TRUCE_TAMPER_DIFFERS    /* an entry differs from the outside copy's entry of that number */
} truce_tamper;

typedef struct truce_ledger_problem {
    truce_tamper what;
    long long seq;         /* the entry concerned (a removed entry's number), or 0 for the ledger */
    int known;             /* 1 when kind and date are those of entry seq (it is there to read) */
    truce_entry_kind kind;
    truce_date date;
    const char *message;   /* one sentence, no trailing period */
} truce_ledger_problem;
typedef void (*truce_ledger_problem_fn)(const truce_ledger_problem *problem, void *user);

/* Recomputes every hash and the chain, checks the numbering and the recorded head and, when
 * against names an exported JSON Lines file, compares the ledger with it entry by entry. Each
 * problem goes to fn (may be NULL), in entry order. Returns the number of problems (0: intact),
 * or TRUCE_ESYNTAX (against is malformed; reported to opt), TRUCE_EIO, TRUCE_ENOMEM. */
int truce_ledger_verify(truce_store *store, const char *against, const truce_ledger_options *opt,
                        truce_ledger_problem_fn fn, void *user);
/* The same for an exported JSON Lines file on its own (no head to compare with). */
int truce_ledger_verify_jsonl(const char *path, const truce_ledger_options *opt, truce_ledger_problem_fn fn,
                              void *user);

/* The ledger in order of date, readable: text or json. 0, TRUCE_EARG (format), TRUCE_EIO, TRUCE_ENOMEM. */
int truce_ledger_log(truce_store *store, truce_format format, FILE *out);
/* For each version tabled, each of its parties' latest response (with reservations) or how long
 * it has gone unanswered, and the public statements made since it was tabled: text or json.
 * 0, TRUCE_EARG (format), TRUCE_EIO, TRUCE_ENOMEM. */
int truce_ledger_status(truce_store *store, truce_format format, FILE *out);
/* Writes every entry as JSON Lines, one a line in seq order, with seq, prev_hash and hash; a
 * proposal's file as {"name", "text"} (UTF-8 without NUL) or {"name", "base64"}. 0, TRUCE_EIO, TRUCE_ENOMEM. */
int truce_ledger_export(truce_store *store, FILE *out);
/* Merges an exported JSON Lines file into the ledger, in one transaction: entries already there
 * (same number, same hash) are skipped, entries that extend the chain are re-verified and
 * appended. A file that would rewrite history (a different entry at a number the ledger has, a
 * chain that does not continue the ledger's) is refused: nothing is written and the first
 * conflicting entry is reported as file:line. Returns 0 with the counts in *skipped and *added
 * (either may be NULL), TRUCE_ESYNTAX (a bad line, reported), TRUCE_EINVALID (a fork, a broken
 * chain or an invalid entry, reported), TRUCE_EIO, TRUCE_ENOMEM. */
int truce_ledger_import(truce_store *store, const char *path, const truce_ledger_options *opt, size_t *skipped,
                        size_t *added);

/* ---------------------------------------------------------------------------------------------
 * Comparing versions. Two versions of an agreement compared clause by clause, not line by line:
 * parties, zones, phases and obligations (and each obligation's options) are matched by id and
 * compared field by field. Deadlines are compared as written ("day 50" became "day 42") and as
 * the agreement days they resolve to; quantities figure by figure; a zone whose shape changed
 * (redrawn, or another zone named) with the area gained and lost in km²; options added,
 * removed, settled (`agreed` set) or reopened (`agreed` removed).
 */

/* Writes the differences from a (the earlier version) to b as opt->format: text (one line per
 * change, grouped by clause), json, or html (a self-contained side-by-side page: no scripts, no
 * external resources). opt->start is not used: days are compared as agreement days. When changes
 * is not NULL it gets the number of changes (0: the versions agree clause for clause), so a
 * caller can exit like diff(1). Neither agreement is changed; both should have passed
 * truce_agreement_check (ids that do not resolve are compared as written). Returns 0,
 * TRUCE_EARG (a NULL argument, or a format other than text, json or html), TRUCE_EIO,
 * TRUCE_ENOMEM, or TRUCE_EGEOMETRY / TRUCE_EPROJ when a zone's area cannot be computed. */
int truce_diff(const truce_agreement *a, const truce_agreement *b, const truce_view_options *opt, FILE *out,
               size_t *changes);

/* ---------------------------------------------------------------------------------------------
 * Ingest: field reports into the store. A report file is an ACLED CSV export, an ACLED list of
 * deleted events (event_id_cnty and timestamp or deleted_timestamp columns), a UCDP GED CSV, a
 * position track (JSON Lines, GeoJSON or CSV: unit, party, time, lon, lat) or implementation
 * reports (CSV or JSON Lines; docs/reports.md). Every report is kept under (kind, source id):
 * ingest is idempotent (the same file twice changes nothing), an ACLED event with a newer
 * `timestamp` replaces the stored one (the same or an older one is left alone), a report without
 * a timestamp whose fields changed replaces the stored one, and a deleted ACLED event is removed
 * and kept out. Rows are written in batches, each one transaction that also records the batch in
 * the store's ingest_batches table: a process killed mid-ingest loses no batch that committed,
 * and ingesting the same file again completes the work. Actor names (ACLED actor1/actor2, GED
 * sides, the party of a track or implementation report) are matched to the agreement's parties
 * through their ids, names and aliases; names that match nothing are listed.
 */
typedef enum {
    TRUCE_REPORTS_AUTO,            /* from the file's header (CSV) or content and extension */
    TRUCE_REPORTS_ACLED,
    TRUCE_REPORTS_ACLED_DELETIONS,
    TRUCE_REPORTS_GED,
    TRUCE_REPORTS_TRACK,
    TRUCE_REPORTS_IMPL
} truce_report_format;

/* Parses "auto", "acled", "acled-deletions", "ged", "track", "impl". 0 or TRUCE_EARG. */
int truce_report_format_parse(const char *name, truce_report_format *out);

/* Progress of one file: bytes of it dealt with so far, of total. Called now and then (at most a
 * few hundred times a file) and once at the end with done == total. */
typedef void (*truce_progress_fn)(long long done, long long total, void *user);

typedef struct truce_ingest_options {
    truce_report_format format; /* TRUCE_REPORTS_AUTO to detect */
    long batch_rows;            /* reports per transaction; 0: 50000 */
    long long now;              /* UTC seconds: reports dated later are rejected; 0: the current time */
    truce_diag_fn on_diag;      /* every rejected row (an error, file:line:col and reason) and warning */
    truce_progress_fn on_progress; /* may be NULL */
    void *user;                 /* passed to on_diag and on_progress */
} truce_ingest_options;

typedef struct truce_ingest_actor {
    const char *name; /* as first seen */
    long count;       /* reports read that name it */
    int ambiguous;    /* it matched aliases of more than one party, so none was chosen */
} truce_ingest_actor;

typedef struct truce_ingest_summary {
    truce_report_format format; /* what the file was read as */
    long read;       /* rows read (reports, or deletions in a deletion file), rejected ones included */
    long added;      /* reports new to the store */
    long updated;    /* reports that replaced a stored one (newer timestamp or changed fields) */
    long unchanged;  /* reports already stored as they are (or older, or deleted since) */
    long deleted;    /* stored reports removed by a deletion file */
    long rejected;   /* rows reported to on_diag as errors and left out */
    long warnings;
    long batches;    /* transactions committed */
    truce_ingest_actor *unmatched; /* actor names that matched no party, most frequent first */
    size_t nunmatched;
} truce_ingest_summary;

/* Reads the report file at path and writes its reports into store, matching actor names to the
 * parties of agreement (which may be NULL: nothing is matched and nothing listed). Each rejected
 * row goes to opt->on_diag and the good rows still go in. opt may be NULL (defaults, no
 * callbacks). Fills *summary (which the caller frees with truce_ingest_summary_free) also when it
 * fails part way: batches committed before then stay. Returns 0 (also when rows were rejected:
 * see summary->rejected), TRUCE_ESYNTAX (the file as a whole is not a report file of the format:
 * reported), TRUCE_EARG (a NULL store, path or summary), TRUCE_EIO (the file cannot be read, or
 * the store failed: truce_store_message says why), TRUCE_ENOMEM. */
int truce_ingest(truce_store *store, const truce_agreement *agreement, const char *path,
                 const truce_ingest_options *opt, truce_ingest_summary *summary);
/* Frees what truce_ingest allocated in summary (the unmatched list) and zeroes it. NULL is a
 * harmless no-op. */
void truce_ingest_summary_free(truce_ingest_summary *summary);

/* ---------------------------------------------------------------------------------------------
 * Synthetic reports, to try the whole loop (agreement in, reports in, verdicts out) without real
 * data. Made up, deterministic from the seed, and labelled synthetic everywhere: in the file
 * names, in every ACLED row's notes ("SYNTHETIC - generated by truce synth, not a real event")
 * and source ("truce synth (synthetic)"), in the track units' names ("synthetic-...") and in every
 * implementation report's source and notes.
 */
#define TRUCE_SYNTH_ACLED "synthetic-acled.csv"    /* ACLED format, all 31 columns */
#define TRUCE_SYNTH_TRACKS "synthetic-tracks.jsonl" /* positions of units, every two hours */
#define TRUCE_SYNTH_IMPL "synthetic-impl.csv"      /* releases, deliveries, crossings, withdrawals, talks */

typedef struct truce_synth_options {
    truce_date start;        /* day 1; TRUCE_DATE_NONE: the agreement's, else 2025-01-19 */
    int days;                /* how many days of reports, 1..3650; 0: 42 */
    unsigned long long seed; /* the same seed, agreement and options give the same bytes */
} truce_synth_options;

/* Writes the three files named above into the folder dir (which must exist), for agreement's
 * parties (actor names from their aliases), zones (positions inside and outside the zones of
 * withdraw obligations) and obligations (releases, deliveries, talks). Returns 0, TRUCE_EARG
 * (a NULL argument, days out of range), TRUCE_EIO (a file cannot be written). */
int truce_synth(const truce_agreement *agreement, const truce_synth_options *opt, const char *dir);

/* ---------------------------------------------------------------------------------------------
 * Judgement: every obligation, at a date, from the reports: pending, on track, met, late,
 * violated or disputed, with the reports behind each verdict (their source ids) and, for
 * quantities, how much was done against how much was due (batch by batch for a schedule, period by
 * period for a rate). Scores on the Peace Accords Matrix scale (0 not initiated, 1 minimal, 2
 * intermediate, 3 full) roll up into per-phase and whole-agreement percentages, and each phase
 * says whether the conditions to enter it hold. docs/judge.md gives every rule. In short: a
 * withdrawal is broken only by a presence after its deadline, a ceasefire only from its start; a
 * report too imprecise in place (its uncertainty radius larger than its distance to the zone's
 * boundary) or in time (its days straddle a deadline) is "possible" evidence, never a violation;
 * absence of reports proves nothing; names that match no party never count against one;
 * obligations whose options are still open are not judged. Report times are turned into the
 * agreement's days in its `timezone` (a fixed offset, or a tz database zone such as Asia/Gaza).
 */
typedef struct truce_field_report truce_field_report; /* one report (opaque), as the store keeps it */
/* Called once per report; the report lives only during the call. Non-zero stops the walk. */
typedef int (*truce_field_report_fn)(const truce_field_report *report, void *user);
/* A source of reports: calls fn for each report it holds and returns 0, fn's non-zero value or a
 * negative code. */
typedef int (*truce_report_source)(void *source, truce_field_report_fn fn, void *user);
/* A truce_report_source over a store (source is a truce_store *): its reports in time order.
 * Returns 0, TRUCE_EIO, TRUCE_ENOMEM or fn's value. */
int truce_store_reports(void *source, truce_field_report_fn fn, void *user);
/* A truce_report_source over report files read as they are, without a store (source is a
 * truce_report_files *): each file's reader is chosen by its name (acled, ged, track, impl in it)
 * or else its first line. Rejected rows go to on_diag (may be NULL) and the good ones are handed
 * on. Returns 0, TRUCE_EIO (a file cannot be read), TRUCE_ESYNTAX (a file is not a report file),
 * TRUCE_ENOMEM or fn's value. */
typedef struct truce_report_files {
    const char *const *paths;
    size_t n;
    truce_diag_fn on_diag;
    void *user;
} truce_report_files;
int truce_file_reports(void *source, truce_field_report_fn fn, void *user);

typedef enum {
    TRUCE_JUDGE_TEXT,
    TRUCE_JUDGE_JSON,
    TRUCE_JUDGE_CSV,
    TRUCE_JUDGE_GEOJSON,
    TRUCE_JUDGE_HTML,
    TRUCE_JUDGE_SVG
} truce_judge_format;
/* Parses "text", "json", "csv", "geojson", "html", "svg". 0 or TRUCE_EARG. */
int truce_judge_format_parse(const char *name, truce_judge_format *out);

typedef struct truce_judge_options {
    truce_judge_format format;
    truce_date start; /* the agreement's day 1, overriding the file's; TRUCE_DATE_NONE to keep */
    truce_date at;    /* judge as of the end of this day; TRUCE_DATE_NONE: the latest report's day */
    const char *zone, *party; /* truce_violations: only this zone id, this party id; NULL: all */
    truce_date since; /* truce_violations: only reports that may fall on or after this day */
} truce_judge_options;

/* The scorecard: every obligation's verdict, reason, score, quantities and evidence, the phase
 * and whole-agreement percentages, phase readiness and the names that matched no party; as text,
 * json or csv. reports(source, ...) gives the reports (truce_store_reports with a store, or the
 * caller's own). Returns 0, TRUCE_EARG (a NULL argument or another format; a time zone that
 * cannot be read), TRUCE_EUNRESOLVED (day 1 is not known: give opt->start), TRUCE_EINVALID (the
 * agreement has errors), TRUCE_EIO, TRUCE_ENOMEM, or the source's error. */
int truce_status(const truce_agreement *agreement, const truce_judge_options *opt, truce_report_source reports,
                 void *source, FILE *out);
/* Every confirmed and possible violation (with short quantities and conflicting reports), one per
 * report and obligation, filtered by opt->zone, opt->party and opt->since: text, json, geojson
 * (located reports as points) or csv. Returns as truce_status, and TRUCE_ENOTFOUND (nothing
 * written, no report read) when opt->zone or opt->party is not an id of the agreement
 * (truce_agreement_has names the nearest). */
int truce_violations(const truce_agreement *agreement, const truce_judge_options *opt, truce_report_source reports,
                     void *source, FILE *out);
/* html: one self-contained page (no scripts, no external resources): the scorecard, the map of
 * the zones with the reports plotted and coloured by what they show, and the timeline with each
 * obligation coloured by its verdict; svg: that timeline alone. Returns as truce_status. */
int truce_report(const truce_agreement *agreement, const truce_judge_options *opt, truce_report_source reports,
                 void *source, FILE *out);

/* A watch: reports arrive one JSON line at a time (a position track or an implementation report,
 * as in docs/reports.md) and every change of verdict is written at once. The caller owns *out and
 * frees it with truce_watch_free. opt->at is ignored (each judgement is as of the latest report);
 * the agreement must outlive the watch. Returns 0, TRUCE_EARG, TRUCE_EUNRESOLVED, TRUCE_EINVALID,
 * TRUCE_ENOMEM. */
typedef struct truce_watch truce_watch;
int truce_watch_new(const truce_agreement *agreement, const truce_judge_options *opt, truce_watch **out);
/* Reads one line (text[0..len), no newline needed; lineno names it in diagnostics). A line that is
 * not a good report goes to on_diag (may be NULL) as an error at line:col and changes nothing.
 * Otherwise the reports so far are judged again and each obligation whose verdict changed is
 * written to out as one JSON object on one line: {"line", "at", "from", "to", "judgement": {
 * "obligation", "verdict", "reason", "score", "evidence": [...], ...}}, and out is flushed. Returns the number of changes written (0 or
 * more), TRUCE_ESYNTAX (the line was rejected), TRUCE_EIO, TRUCE_ENOMEM. */
int truce_watch_line(truce_watch *watch, const char *text, size_t len, long lineno, FILE *out, truce_diag_fn on_diag,
                     void *user);
void truce_watch_free(truce_watch *watch); /* NULL is a harmless no-op */

/* ---------------------------------------------------------------------------------------------
 * Mediation. A negotiation space (a YAML file starting `truce-space: 1`, like
 * examples/gaza-2024-bridging/space.yaml) holds issues with options and, for each party,
 * additive preferences (weights with values in [0,1], or a ranking, best first, turned into
 * evenly spaced values), red lines (options it will not accept) and a reservation level (the least utility it accepts; also its disagreement point).
 * With `agreement: PATH` (relative to the space file) a space is built on an agreement: every
 * obligation with options and no `agreed` is an issue whose options are the obligation's. The
 * answers are exact (branch and bound with proofs); a search that hits its node limit says so.
 */
typedef struct truce_space truce_space;

/* Reads the space at path (and the agreement it names, loaded and checked), reporting every
 * problem to opt->on_diag (opt may be NULL). Returns 0 and a new space in *out, or TRUCE_EIO,
 * TRUCE_ESYNTAX, TRUCE_EINVALID (errors reported, also the agreement's), TRUCE_ENOMEM with
 * *out = NULL. The caller owns *out and frees it with truce_space_free. */
int truce_space_load(const char *path, const truce_load_options *opt, truce_space **out);
/* Reads a negotiation domain in the GENIUS XML format (the ANAC competitions': discrete issues
 * under <negotiation_template><utility_space><objective>) and one utility space (profile) per
 * party, each party named after its file without directories and ".xml". Evaluations become
 * values by dividing by the largest; weights are normalised; <reservation value> is the
 * reservation level; discount factors are ignored. Returns as truce_space_load. */
int truce_space_load_genius(const char *domain, const char *const *profiles, size_t nprofiles,
                            const truce_load_options *opt, truce_space **out);
/* Frees a space and the agreement it holds. NULL is a harmless no-op. */
void truce_space_free(truce_space *space);

typedef enum {
    TRUCE_SOLUTION_NASH,       /* max product of gains over the reservations */
    TRUCE_SOLUTION_KS,         /* Kalai-Smorodinsky: max min gain relative to the ideal point */
    TRUCE_SOLUTION_WELFARE,    /* max sum of utilities */
    TRUCE_SOLUTION_CONCESSION, /* the outcome the least concession opens */
    TRUCE_SOLUTION_FIRST       /* each issue's first option (single text's default start) */
} truce_solution;
/* Parses "nash", "ks", "welfare", "concession", "first". 0 or TRUCE_EARG. */
int truce_solution_parse(const char *name, truce_solution *out);

typedef struct truce_mediate_options {
    truce_format format;  /* TRUCE_FORMAT_TEXT or TRUCE_FORMAT_JSON */
    long long node_limit; /* search nodes per solver; 0: the default (200 million) */
    int pareto_cap;       /* most frontier outcomes listed; 0: 20 */
    truce_solution start; /* truce_mediate_single_text: the first text */
} truce_mediate_options;

/* Writes what the space allows: how many outcomes every party accepts (exact, or bounds when the
 * node limit stops the count), the Pareto frontier (capped, and says so), the Nash, Kalai-
 * Smorodinsky and maximum-welfare solutions with each party's utility and whether each is proven
 * optimal, and, when no outcome is acceptable to all, the least concession that opens one, in
 * words. opt NULL: text, defaults. Returns 0, TRUCE_EARG (a NULL argument, another format),
 * TRUCE_EIO, TRUCE_ENOMEM. */
int truce_mediate(const truce_space *space, const truce_mediate_options *opt, FILE *out);
/* Simulates single-text mediation from opt->start: the mediator takes the issues in order,
 * cycling, and proposes each other option of the issue in turn (those that break no requires-link
 * and leave some party better off); a party vetoes a change that lowers its utility or crosses
 * one of its red lines; the first change nobody vetoes is adopted. It stops when a full cycle
 * adopts nothing. Writes every proposal (issue, from, to, utilities, who vetoed) and the final
 * text. Returns as truce_mediate, and TRUCE_ENOTFOUND when the start solution has no outcome. */
int truce_mediate_single_text(const truce_space *space, const truce_mediate_options *opt, FILE *out);
/* Writes the agreement the space is built on with the options of `which` filled in: `agreed:
 * OPTION` added to each open obligation that is an issue, the file otherwise byte for byte as it
 * was, under a first comment line naming the solution and saying it is a proposal for
 * discussion. Returns 0, TRUCE_EARG (NULL argument, or the space is not built on an agreement,
 * or an obligation is written in flow style), TRUCE_ENOTFOUND (the solution has no outcome),
 * TRUCE_EIO, TRUCE_ENOMEM. */
int truce_mediate_write_version(const truce_space *space, truce_solution which, const truce_mediate_options *opt,
                                FILE *out);

#ifdef __cplusplus
}
#endif
#endif
