/* cmd_ledger.c: `truce ledger`: add, log, status, verify, export and import the negotiation
 * ledger held in a truce store (an SQLite file, truce.db by default). Argument parsing and
 * printing only; every rule about entries, the hash chain and merging is the library's. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "usage: truce ledger SUBCOMMAND [--db FILE] ...\n"
    "\n"
    "The negotiation ledger: an append-only, hash-chained record of proposals (agreement versions),\n"
    "responses and public statements of position, each dated and sourced, kept in a truce store\n"
    "(--db FILE, default " TRUCE_STORE_DEFAULT ").\n"
    "\n"
    "  truce ledger add proposal --file AGREEMENT.yaml --version V --by ID[,ID...] --date YYYY-MM-DD\n"
    "                  [--place PLACE] [--parent V] [--source CITATION] [--url URL] [--note TEXT]\n"
    "  truce ledger add response --party ID --to V --date YYYY-MM-DD --source CITATION\n"
    "                  (--accept [--reservations CLAUSE[,CLAUSE...]] | --reject | --counter V | --no-response-yet)\n"
    "                  [--url URL] [--note TEXT]\n"
    "  truce ledger add statement --party ID --text TEXT --date YYYY-MM-DD --source CITATION\n"
    "                  [--version V] [--url URL] [--note TEXT]\n"
    "  truce ledger add --from ENTRIES.jsonl      new entries, one JSON object a line, all or none\n"
    "  truce ledger log [--format text|json]       every entry by date\n"
    "  truce ledger status [--format text|json]    who accepted which version, with what reservations,\n"
    "                                              and who has not answered since when\n"
    "  truce ledger verify [--against COPY.jsonl]  recompute the hash chain; name each entry altered,\n"
    "                                              removed or reordered (exit 1 when tampered)\n"
    "  truce ledger export [-o FILE.jsonl]         the whole ledger as JSON Lines\n"
    "  truce ledger import FILE.jsonl              merge an export; refuses to rewrite history\n"
    "\n"
    "log, status and verify also read an export directly with --jsonl FILE instead of --db.\n"
    "Exit status: 0 fine, 1 invalid entry, refused import or tampered ledger, 2 wrong usage, 3 could not run.\n";

static const char *const cmd = "ledger";

static void print_diag(const truce_diag *d, void *user)
{
    (void)user;
    const char *no_color = getenv("NO_COLOR");
    truce_diag_print(stderr, d, isatty(2) && !(no_color && *no_color));
}

/* ---- options ---- */

typedef struct args {
    const char *db, *jsonl, *format, *output, *against, *from, *positional;
    const char *file, *version, *place, *parent, *source, *url, *note, *party, *to, *counter, *text, *response, *date;
    char **by, **reservations;
    size_t nby, nreservations;
    int accept, reject, no_response;
} args;

typedef struct opt_def {
    const char *name;
    size_t offset; /* of a const char * in args, or of a list, or of a flag */
    char type;     /* 's' string, 'l' comma list, 'f' flag */
} opt_def;

#define S(field) {"--" #field, offsetof(args, field), 's'}
static const opt_def opts[] = {
    S(db), S(jsonl), S(format), S(against), S(from), S(file), S(version), S(place), S(parent), S(source), S(url),
    S(note), S(party), S(to), S(counter), S(text), S(response), S(date),
    {"-o", offsetof(args, output), 's'}, {"--output", offsetof(args, output), 's'},
    {"--by", offsetof(args, by), 'l'}, {"--tabled-by", offsetof(args, by), 'l'},
    {"--reservations", offsetof(args, reservations), 'l'},
    {"--accept", offsetof(args, accept), 'f'}, {"--reject", offsetof(args, reject), 'f'},
    {"--no-response-yet", offsetof(args, no_response), 'f'},
};
#undef S

static void free_args(args *a)
{
    for (size_t i = 0; i < a->nby; i++) free(a->by[i]);
    for (size_t i = 0; i < a->nreservations; i++) free(a->reservations[i]);
    free(a->by);
    free(a->reservations);
}

/* Appends the comma-separated items of value to a list. 0 or EXIT_FAILED (memory). */
static int add_items(char ***list, size_t *n, const char *value)
{
    const char *p = value;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len) {
            char **grown = realloc(*list, (*n + 1) * sizeof **list);
            if (!grown) return EXIT_FAILED;
            *list = grown;
            if (!(grown[*n] = strndup(p, len))) return EXIT_FAILED;
            (*n)++;
        }
        if (!e) return 0;
        p = e + 1;
    }
}

/* Parses argv[first..]. allowed is a space-separated list of the option names this subcommand
 * takes; one positional argument is kept when positional_ok. Returns 0 or an exit code. */
static int parse(int argc, char **argv, int first, const char *sub, const char *allowed, int positional_ok, args *a)
{
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i], *eq = NULL;
        if (arg[0] != '-' || !arg[1]) {
            if (!positional_ok || a->positional)
                return cli_usage_error(cmd, "%s: unexpected argument '%s'", sub, arg);
            a->positional = arg;
            continue;
        }
        size_t nlen = strlen(arg);
        if (arg[1] == '-' && (eq = strchr(arg, '='))) nlen = (size_t)(eq - arg);
        const opt_def *o = NULL;
        for (size_t k = 0; k < sizeof opts / sizeof *opts && !o; k++)
            if (strlen(opts[k].name) == nlen && !strncmp(opts[k].name, arg, nlen)) o = &opts[k];
        char name[64];
        snprintf(name, sizeof name, " %.*s ", (int)nlen, arg);
        char list[512];
        snprintf(list, sizeof list, " %s ", allowed);
        if (!o || !strstr(list, name))
            return cli_usage_error(cmd, "%s: unknown option '%.*s'", sub, (int)nlen, arg);
        char *field = (char *)a + o->offset;
        if (o->type == 'f') {
            if (eq) return cli_usage_error(cmd, "%s: %.*s takes no value", sub, (int)nlen, arg);
            *(int *)(void *)field = 1;
            continue;
        }
        const char *val = eq ? eq + 1 : NULL;
        if (!val) {
            if (i + 1 >= argc) return cli_usage_error(cmd, "%s: %s needs a value", sub, arg);
            val = argv[++i];
        }
        if (o->type == 's') {
            const char **slot = (const char **)(void *)field;
            if (*slot)
                return cli_usage_error(cmd, "%s: %s given twice", sub, o->name);
            *slot = val;
        } else {
            size_t *n = o->offset == offsetof(args, by) ? &a->nby : &a->nreservations;
            if (add_items((char ***)(void *)field, n, val)) {
                fprintf(stderr, "truce ledger: out of memory\n");
                return EXIT_FAILED;
            }
        }
    }
    return 0;
}

/* ---- the store ---- */

/* Opens the store named by --db; must_exist for the commands that only read. NULL after printing. */
static truce_store *open_store(const args *a, int must_exist)
{
    const char *path = a->db ? a->db : TRUCE_STORE_DEFAULT;
    if (must_exist && access(path, F_OK) != 0) {
        fprintf(stderr, "truce ledger: no ledger at '%s' (add entries with 'truce ledger add', or name one with --db)\n",
                path);
        return NULL;
    }
    truce_store *s = NULL;
    int r = truce_store_open(path, &s);
    if (r) fprintf(stderr, "truce ledger: cannot open the store '%s': %s\n", path, truce_strerror(r));
    return s;
}

/* A store to read: --db, or an in-memory copy of the --jsonl export. *code gets the exit code
 * when NULL is returned. */
static truce_store *open_for_reading(const args *a, int *code)
{
    *code = EXIT_FAILED;
    if (!a->jsonl) return open_store(a, 1);
    truce_store *s = NULL;
    int r = truce_store_open(":memory:", &s);
    if (r) {
        fprintf(stderr, "truce ledger: %s\n", truce_strerror(r));
        return NULL;
    }
    truce_ledger_options opt = {print_diag, NULL, "truce ledger"};
    r = truce_ledger_import(s, a->jsonl, &opt, NULL, NULL);
    if (r) {
        if (r == TRUCE_EINVALID || r == TRUCE_ESYNTAX) {
            fprintf(stderr, "truce ledger: cannot read '%s' as a ledger; 'truce ledger verify --jsonl %s' tells more\n",
                    a->jsonl, a->jsonl);
            *code = EXIT_INVALID;
        } else {
            fprintf(stderr, "truce ledger: %s: %s\n", a->jsonl, truce_strerror(r));
        }
        truce_store_close(s);
        return NULL;
    }
    return s;
}

static int failed(const char *sub, truce_store *s, int r)
{
    const char *m = truce_store_message(s);
    fprintf(stderr, "truce ledger %s: %s%s%s\n", sub, truce_strerror(r), m && *m ? ": " : "", m ? m : "");
    return EXIT_FAILED;
}

/* ---- add ---- */

static int date_arg(const char *text, truce_date *out)
{
    if (!text) return cli_usage_error(cmd, "add: every entry needs --date YYYY-MM-DD");
    if (truce_date_parse(text, out) != 0) return cli_usage_error(cmd, "add: '%s' is not a date; write --date YYYY-MM-DD", text);
    return 0;
}

static int run_add(int argc, char **argv)
{
    args a = {0};
    int code;
    /* the kind is the first argument that is neither an option nor an option's value */
    const char *kind = NULL;
    for (int i = 2; i < argc && !kind; i++) {
        if (argv[i][0] != '-') kind = argv[i];
        else if (!strchr(argv[i], '=') && strcmp(argv[i], "--accept") && strcmp(argv[i], "--reject") &&
                 strcmp(argv[i], "--no-response-yet"))
            i++;
    }
    const char *allowed = !kind ? "--db --from"
                          : !strcmp(kind, "proposal")
                              ? "--db --file --version --by --tabled-by --date --place --parent --source --url --note"
                          : !strcmp(kind, "response")
                              ? "--db --party --to --date --source --url --note --accept --reservations --reject "
                                "--counter --no-response-yet --response"
                          : !strcmp(kind, "statement") ? "--db --party --text --date --source --url --note --version"
                                                       : NULL;
    if (!allowed) {
        code = cli_usage_error(cmd, "add: unknown kind '%s' (proposal, response or statement)", kind);
        goto out;
    }
    if ((code = parse(argc, argv, 2, "add", allowed, 1, &a))) goto out;
    if (!kind && !a.from) {
        code = cli_usage_error(cmd, "add: name a kind (proposal, response, statement) or --from FILE.jsonl");
        goto out;
    }
    truce_ledger_options opt = {print_diag, NULL, "truce ledger add"};
    if (a.from) {
        truce_store *s = open_store(&a, 0);
        if (!s) {
            code = EXIT_FAILED;
            goto out;
        }
        size_t added = 0;
        int r = truce_ledger_add_jsonl(s, a.from, &opt, &added);
        if (r == 0) printf("added %zu entr%s from %s\n", added, added == 1 ? "y" : "ies", a.from);
        else if (r == TRUCE_EINVALID || r == TRUCE_ESYNTAX)
            fprintf(stderr, "truce ledger add: nothing added from %s\n", a.from);
        code = r == 0 ? EXIT_OK : r == TRUCE_EINVALID || r == TRUCE_ESYNTAX ? EXIT_INVALID : failed("add", s, r);
        truce_store_close(s);
        goto out;
    }
    truce_ledger_entry e = {0};
    truce_entry_kind_parse(kind, &e.kind);
    if ((code = date_arg(a.date, &e.date))) goto out;
    e.source = a.source;
    e.url = a.url;
    e.note = a.note;
    e.party = a.party;
    e.text = a.text;
    e.place = a.place;
    e.parent = a.parent;
    e.file_path = a.file;
    e.tabled_by = (const char *const *)a.by;
    e.ntabled_by = a.nby;
    e.reservations = (const char *const *)a.reservations;
    e.nreservations = a.nreservations;
    e.counter = a.counter;
    e.version = e.kind == TRUCE_ENTRY_RESPONSE ? a.to : a.version;
    if (e.kind == TRUCE_ENTRY_RESPONSE) {
        int given = a.accept + a.reject + a.no_response + (a.counter != NULL) + (a.response != NULL);
        if (given > 1) {
            code = cli_usage_error(cmd, "add: one answer per response (--accept, --reject, --counter V, "
                                        "--no-response-yet or --response KIND)");
            goto out;
        }
        if (a.response && truce_response_parse(a.response, &e.response) != 0) {
            code = cli_usage_error(cmd, "add: unknown response '%s' (accept, accept-with-reservations, reject, "
                                        "counter, no-response-yet)", a.response);
            goto out;
        }
        if (a.accept) e.response = a.nreservations ? TRUCE_RESPONSE_ACCEPT_WITH_RESERVATIONS : TRUCE_RESPONSE_ACCEPT;
        if (a.reject) e.response = TRUCE_RESPONSE_REJECT;
        if (a.counter) e.response = TRUCE_RESPONSE_COUNTER;
        if (a.no_response) e.response = TRUCE_RESPONSE_NO_RESPONSE_YET;
    }
    truce_store *s = open_store(&a, 0);
    if (!s) {
        code = EXIT_FAILED;
        goto out;
    }
    long long seq = 0;
    int r = truce_ledger_add(s, &e, &opt, &seq);
    if (r == 0) printf("added #%lld (%s, %s)\n", seq, kind, a.date);
    else if (r == TRUCE_EINVALID || r == TRUCE_ESYNTAX) fprintf(stderr, "truce ledger add: nothing added\n");
    code = r == 0 ? EXIT_OK : r == TRUCE_EINVALID || r == TRUCE_ESYNTAX ? EXIT_INVALID : failed("add", s, r);
    truce_store_close(s);
out:
    free_args(&a);
    return code;
}

/* ---- log, status ---- */

static int run_view(int argc, char **argv, const char *sub, int (*view)(truce_store *, truce_format, FILE *))
{
    args a = {0};
    int code = parse(argc, argv, 2, sub, "--db --jsonl --format", 0, &a);
    if (code) goto out;
    truce_format format = TRUCE_FORMAT_TEXT;
    if (a.format && (truce_format_parse(a.format, &format) != 0 ||
                     (format != TRUCE_FORMAT_TEXT && format != TRUCE_FORMAT_JSON))) {
        code = cli_usage_error(cmd, "%s: unknown format '%s' (this command writes text, json)", sub, a.format);
        goto out;
    }
    if (a.db && a.jsonl) {
        code = cli_usage_error(cmd, "%s: --db or --jsonl, not both", sub);
        goto out;
    }
    truce_store *s = open_for_reading(&a, &code);
    if (!s) goto out;
    int r = view(s, format, stdout);
    if (r == 0 && fflush(stdout) != 0) r = TRUCE_EIO;
    code = r ? failed(sub, s, r) : EXIT_OK;
    truce_store_close(s);
out:
    free_args(&a);
    return code;
}

/* ---- verify ---- */

static const char *const tamper_names[] = {"altered", "removed", "reordered", "truncated", "differs"};

static void print_problem(const truce_ledger_problem *p, void *user)
{
    const char *where = user;
    printf("%s: %s: %s\n", where, (unsigned)p->what < 5 ? tamper_names[p->what] : "problem", p->message);
}

typedef struct tally {
    long long n, last;
    char hash[TRUCE_HASH_HEX];
} tally;

static int count_entry(const truce_ledger_entry *e, void *user)
{
    tally *t = user;
    t->n++;
    t->last = e->seq;
    memcpy(t->hash, e->hash, TRUCE_HASH_HEX);
    return 0;
}

static int run_verify(int argc, char **argv)
{
    args a = {0};
    int code = parse(argc, argv, 2, "verify", "--db --jsonl --against", 0, &a);
    if (code) goto out;
    if (a.jsonl && (a.db || a.against)) {
        code = cli_usage_error(cmd, "verify: --jsonl checks an export on its own; --db and --against go together");
        goto out;
    }
    truce_ledger_options opt = {print_diag, NULL, "truce ledger verify"};
    const char *where = a.jsonl ? a.jsonl : a.db ? a.db : TRUCE_STORE_DEFAULT;
    truce_store *s = NULL;
    int r;
    tally t = {0, 0, ""};
    if (a.jsonl) {
        r = truce_ledger_verify_jsonl(a.jsonl, &opt, print_problem, (void *)where);
    } else {
        if (!(s = open_store(&a, 1))) {
            code = EXIT_FAILED;
            goto out;
        }
        r = truce_ledger_verify(s, a.against, &opt, print_problem, (void *)where);
        if (r == 0) r = truce_ledger_list(s, TRUCE_LEDGER_BY_SEQ, count_entry, &t);
    }
    if (r == TRUCE_ESYNTAX) {
        fprintf(stderr, "truce ledger verify: %s is not a well-formed ledger export\n", a.jsonl ? a.jsonl : a.against);
        code = EXIT_INVALID;
    }
    else if (r < 0) code = s ? failed("verify", s, r) : (fprintf(stderr, "truce ledger verify: %s: %s\n", where,
                                                                  truce_strerror(r)),
                                                          EXIT_FAILED);
    else if (r > 0) {
        printf("%s: %d problem%s: the ledger was tampered with\n", where, r, r == 1 ? "" : "s");
        code = EXIT_INVALID;
    } else if (a.jsonl) {
        printf("%s: the chain is intact\n", where);
    } else {
        if (t.n) printf("%s: %lld entr%s, the chain is intact; head #%lld %.16s", where, t.n, t.n == 1 ? "y" : "ies",
                        t.last, t.hash);
        else printf("%s: the ledger is empty", where);
        printf("%s%s\n", a.against ? ", consistent with " : "", a.against ? a.against : "");
    }
    truce_store_close(s);
out:
    free_args(&a);
    return code;
}

/* ---- export, import ---- */

static int run_export(int argc, char **argv)
{
    args a = {0};
    int code = parse(argc, argv, 2, "export", "--db -o --output", 0, &a);
    if (code) goto out;
    truce_store *s = open_store(&a, 1);
    if (!s) {
        code = EXIT_FAILED;
        goto out;
    }
    FILE *f = stdout;
    if (a.output && strcmp(a.output, "-") && !(f = fopen(a.output, "w"))) {
        fprintf(stderr, "truce ledger export: cannot write '%s': %s\n", a.output, strerror(errno));
        truce_store_close(s);
        code = EXIT_FAILED;
        goto out;
    }
    int r = truce_ledger_export(s, f);
    if (f != stdout) {
        if (fclose(f) != 0 && r == 0) r = TRUCE_EIO;
    } else if (fflush(f) != 0 && r == 0) {
        r = TRUCE_EIO;
    }
    code = r ? failed("export", s, r) : EXIT_OK;
    truce_store_close(s);
out:
    free_args(&a);
    return code;
}

static int run_import(int argc, char **argv)
{
    args a = {0};
    int code = parse(argc, argv, 2, "import", "--db", 1, &a);
    if (code) goto out;
    if (!a.positional) {
        code = cli_usage_error(cmd, "import: name the exported ledger to merge (FILE.jsonl)");
        goto out;
    }
    truce_store *s = open_store(&a, 0);
    if (!s) {
        code = EXIT_FAILED;
        goto out;
    }
    truce_ledger_options opt = {print_diag, NULL, "truce ledger import"};
    size_t skipped = 0, added = 0;
    int r = truce_ledger_import(s, a.positional, &opt, &skipped, &added);
    if (r == 0)
        printf("%s: %zu entr%s added, %zu already in the ledger\n", a.positional, added, added == 1 ? "y" : "ies",
               skipped);
    else if (r == TRUCE_EINVALID || r == TRUCE_ESYNTAX)
        fprintf(stderr, "truce ledger import: refused; nothing was written\n");
    code = r == 0 ? EXIT_OK : r == TRUCE_EINVALID || r == TRUCE_ESYNTAX ? EXIT_INVALID : failed("import", s, r);
    truce_store_close(s);
out:
    free_args(&a);
    return code;
}

int cmd_ledger(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *sub = argv[1];
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || (i == 1 && !strcmp(argv[i], "help"))) {
            fputs(usage, stdout);
            return EXIT_OK;
        }
    if (!strcmp(sub, "add")) return run_add(argc, argv);
    if (!strcmp(sub, "log")) return run_view(argc, argv, "log", truce_ledger_log);
    if (!strcmp(sub, "status")) return run_view(argc, argv, "status", truce_ledger_status);
    if (!strcmp(sub, "verify")) return run_verify(argc, argv);
    if (!strcmp(sub, "export")) return run_export(argc, argv);
    if (!strcmp(sub, "import")) return run_import(argc, argv);
    return cli_usage_error(cmd, "unknown subcommand '%s' (add, log, status, verify, export, import)", sub);
}
