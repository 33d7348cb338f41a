/* cmd_ingest.c: `truce ingest [--db FILE] AGREEMENT REPORTS...`: report files into the store,
 * with a progress bar on a terminal and a summary (read, new, updated, unchanged, deleted,
 * rejected with reasons, unmatched actors). Not the reading or storing itself (truce_ingest). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define SHOW_DIAGS 5   /* rejections printed in full; the rest are counted by reason */
#define MAX_REASONS 64

typedef struct reason {
    char text[160];
    long count;
} reason;

typedef struct ingest_ui {
    int tty, color;
    const char *file;
    int bar_shown, last_pct;
    long shown_errors, shown_warnings, errors, warnings;
    reason reasons[MAX_REASONS];
    size_t nreasons;
    long other_reasons;
} ingest_ui;

static void clear_bar(ingest_ui *u)
{
    if (u->bar_shown) fputs("\r\033[K", stderr);
    u->bar_shown = 0;
}

static void on_progress(long long done, long long total, void *user)
{
    ingest_ui *u = user;
    if (!u->tty) return;
    int pct = total > 0 ? (int)(done * 100 / total) : 100;
    if (pct == u->last_pct && u->bar_shown) return;
    u->last_pct = pct;
    char bar[31];
    int fill = pct * 30 / 100;
    for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r\033[K[%s] %3d%% %s", bar, pct, u->file);
    u->bar_shown = 1;
    if (done >= total) clear_bar(u);
    fflush(stderr);
}

/* The reason of a rejection without its row number and quoted values, to count alike ones. */
static void reason_of(const char *msg, char *out, size_t cap)
{
    const char *p = msg;
    const char *prefixes[] = {"row ", "feature ", "line "};
    for (size_t i = 0; i < 3; i++) {
        size_t l = strlen(prefixes[i]);
        if (!strncmp(p, prefixes[i], l)) {
            const char *c = strstr(p, ": ");
            if (c) p = c + 2;
            break;
        }
    }
    size_t o = 0;
    int quoted = 0;
    for (; *p && o + 4 < cap; p++) {
        if (*p == '\'') {
            if (!quoted) memcpy(out + o, "'…'", 5), o += 5;
            quoted = !quoted;
            continue;
        }
        if (!quoted) out[o++] = *p;
    }
    out[o] = '\0';
}

static void on_diag(const truce_diag *d, void *user)
{
    ingest_ui *u = user;
    int err = d->severity == TRUCE_ERROR;
    if (err) u->errors++;
    else u->warnings++;
    long *shown = err ? &u->shown_errors : &u->shown_warnings;
    if (*shown < SHOW_DIAGS) {
        clear_bar(u);
        truce_diag_print(stderr, d, u->color);
        ++*shown;
    }
    if (!err) return;
    char why[160];
    reason_of(d->message, why, sizeof why);
    for (size_t i = 0; i < u->nreasons; i++)
        if (!strcmp(u->reasons[i].text, why)) {
            u->reasons[i].count++;
            return;
        }
    if (u->nreasons < MAX_REASONS) {
        snprintf(u->reasons[u->nreasons].text, sizeof u->reasons[0].text, "%s", why);
        u->reasons[u->nreasons++].count = 1;
    } else {
        u->other_reasons++;
    }
}

static int by_count(const void *a, const void *b)
{
    const truce_ingest_actor *x = a, *y = b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    return strcmp(x->name, y->name);
}

static int reason_by_count(const void *a, const void *b)
{
    const reason *x = a, *y = b;
    return x->count != y->count ? (x->count < y->count ? 1 : -1) : strcmp(x->text, y->text);
}

/* Adds the names of s to the merged list (by name). */
static int merge_unmatched(truce_ingest_actor **all, size_t *n, const truce_ingest_summary *s)
{
    for (size_t i = 0; i < s->nunmatched; i++) {
        size_t k = 0;
        while (k < *n && strcmp((*all)[k].name, s->unmatched[i].name)) k++;
        if (k < *n) {
            (*all)[k].count += s->unmatched[i].count;
            continue;
        }
        truce_ingest_actor *grown = realloc(*all, (*n + 1) * sizeof **all);
        if (!grown) return -1;
        *all = grown;
        char *name = strdup(s->unmatched[i].name);
        if (!name) return -1;
        grown[*n] = s->unmatched[i];
        grown[(*n)++].name = name;
    }
    return 0;
}

int cmd_ingest(int argc, char **argv)
{
    const char *cmd = "ingest";
    if (cli_wants_help(argc, argv, cmd)) return EXIT_OK;
    const char *db = NULL, *agreement_file = NULL;
    truce_ingest_options opt;
    memset(&opt, 0, sizeof opt);
    const char **files = calloc((size_t)argc, sizeof *files);
    if (!files) return EXIT_FAILED;
    size_t nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--db") || !strcmp(a, "--format") || !strcmp(a, "--batch")) {
            if (i + 1 >= argc) {
                free(files);
                return cli_usage_error(cmd, "%s needs a value", a);
            }
            const char *v = argv[++i];
            if (!strcmp(a, "--db")) {
                db = v;
            } else if (!strcmp(a, "--format")) {
                if (truce_report_format_parse(v, &opt.format)) {
                    free(files);
                    return cli_usage_error(cmd, "unknown report format '%s' (auto, acled, acled-deletions, ged, "
                                                "track, impl)", v);
                }
            } else {
                char *end;
                long n = strtol(v, &end, 10);
                if (*end || n < 1) {
                    free(files);
                    return cli_usage_error(cmd, "--batch takes a number of rows, not '%s'", v);
                }
                opt.batch_rows = n;
            }
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return cli_usage_error(cmd, "unknown option '%s'", a);
        } else if (!agreement_file) {
            agreement_file = a;
        } else {
            files[nfiles++] = a;
        }
    }
    if (!agreement_file || !nfiles) {
        free(files);
        return cli_usage_error(cmd, !agreement_file ? "no agreement file given" : "no report files given");
    }
    int errors;
    truce_agreement *a = cli_load(agreement_file, TRUCE_ERROR, &errors);
    if (!a || errors) {
        if (a)
            fprintf(stderr, "truce ingest: %s has %d error%s; run 'truce check %s' and fix %s first\n",
                    agreement_file, errors, errors == 1 ? "" : "s", agreement_file, errors == 1 ? "it" : "them");
        truce_agreement_free(a);
        free(files);
        return errors ? EXIT_INVALID : EXIT_FAILED;
    }
    truce_store *store = NULL;
    int r = truce_store_open(db, &store);
    if (r) {
        fprintf(stderr, "truce ingest: cannot open the store '%s': %s\n", db ? db : TRUCE_STORE_DEFAULT,
                truce_store_message(store)[0] ? truce_store_message(store) : truce_strerror(r));
        truce_agreement_free(a);
        free(files);
        return EXIT_FAILED;
    }
    const char *no_color = getenv("NO_COLOR");
    ingest_ui *u = calloc(1, sizeof *u);
    if (!u) {
        truce_store_close(store);
        truce_agreement_free(a);
        free(files);
        return EXIT_FAILED;
    }
    u->tty = isatty(2);
    u->color = u->tty && !(no_color && *no_color);
    opt.on_diag = on_diag;
    opt.on_progress = on_progress;
    opt.user = u;

    truce_ingest_summary total;
    memset(&total, 0, sizeof total);
    truce_ingest_actor *unmatched = NULL;
    size_t nunmatched = 0;
    int status = EXIT_OK;
    static const char *const fmt_names[] = {"auto", "ACLED", "ACLED deletions", "GED", "track", "implementation"};
    for (size_t f = 0; f < nfiles; f++) {
        truce_ingest_summary s;
        u->file = files[f];
        u->last_pct = -1;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        r = truce_ingest(store, a, files[f], &opt, &s);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        clear_bar(u);
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (r == 0 || s.batches) {
            printf("%s (%s): %ld read, %ld new, %ld updated, %ld unchanged, %ld deleted, %ld rejected "
                   "(%ld batch%s, %.2f s)\n",
                   files[f], fmt_names[s.format], s.read, s.added, s.updated, s.unchanged, s.deleted, s.rejected,
                   s.batches, s.batches == 1 ? "" : "es", secs);
        }
        if (r) {
            const char *why = truce_store_message(store);
            fprintf(stderr, "truce ingest: %s: %s%s%s\n", files[f], truce_strerror(r), *why ? ": " : "", why);
            if (r == TRUCE_ESYNTAX || r == TRUCE_EINVALID) {
                if (status == EXIT_OK) status = EXIT_INVALID;
            } else {
                status = EXIT_FAILED;
            }
        }
        total.read += s.read, total.added += s.added, total.updated += s.updated;
        total.unchanged += s.unchanged, total.deleted += s.deleted, total.rejected += s.rejected;
        if (merge_unmatched(&unmatched, &nunmatched, &s)) status = EXIT_FAILED;
        truce_ingest_summary_free(&s);
        if (status == EXIT_FAILED) break;
    }
    if (nfiles > 1)
        printf("total: %ld read, %ld new, %ld updated, %ld unchanged, %ld deleted, %ld rejected\n", total.read,
               total.added, total.updated, total.unchanged, total.deleted, total.rejected);
    if (u->errors) {
        if (u->errors > u->shown_errors)
            printf("%ld more rejection%s not shown; by reason:\n", u->errors - u->shown_errors,
                   u->errors - u->shown_errors == 1 ? "" : "s");
        else
            printf("rejected, by reason:\n");
        qsort(u->reasons, u->nreasons, sizeof *u->reasons, reason_by_count);
        for (size_t i = 0; i < u->nreasons; i++) printf("  %7ld  %s\n", u->reasons[i].count, u->reasons[i].text);
        if (u->other_reasons) printf("  %7ld  (other reasons)\n", u->other_reasons);
    }
    if (u->warnings > u->shown_warnings) printf("%ld more warning%s not shown\n", u->warnings - u->shown_warnings,
                                                u->warnings - u->shown_warnings == 1 ? "" : "s");
    if (nunmatched) {
        qsort(unmatched, nunmatched, sizeof *unmatched, by_count);
        printf("unmatched actors (no party of %s has these as id, name or alias):\n", truce_agreement_id(a));
        for (size_t i = 0; i < nunmatched; i++)
            printf("  %7ld  %s%s\n", unmatched[i].count, unmatched[i].name,
                   unmatched[i].ambiguous ? "  (ambiguous: an alias of more than one party)" : "");
    }
    if (status == EXIT_OK && (total.rejected || u->errors)) status = EXIT_INVALID;
    for (size_t i = 0; i < nunmatched; i++) free((void *)unmatched[i].name);
    free(unmatched);
    free(u);
    truce_store_close(store);
    truce_agreement_free(a);
    free(files);
    if (fflush(stdout) != 0 && status == EXIT_OK) status = EXIT_FAILED;
    return status;
}
