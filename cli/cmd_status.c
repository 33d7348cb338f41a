/* cmd_status.c: `truce status`, the scorecard, and what the judgement commands share (status,
 * violations, report, watch): their arguments, loading the agreement and opening the reports'
 * source (the store, or report files given with --reports). The judging is the library's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static void print_diag(const truce_diag *d, void *user)
{
    (void)user;
    truce_diag_print(stderr, d, 0);
}

int cli_judge_args(const char *cmd, int argc, char **argv, const char *const *formats, unsigned flags, judge_args *out)
{
    memset(out, 0, sizeof *out);
    int r;
    out->opt.start = out->opt.at = out->opt.since = TRUCE_DATE_NONE;
    truce_judge_format_parse(formats[0], &out->opt.format);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = NULL;
        static const char *const valued[] = {"--format", "--db", "--at", "--start", "--zone", "--party", "--since",
                                             "--reports", "-o", "--output", NULL};
        for (const char *const *v = valued; *v; v++) {
            size_t l = strlen(*v);
            if (!strcmp(arg, *v)) {
                if (i + 1 >= argc) return cli_usage_error(cmd, "%s needs a value", arg);
                val = argv[++i];
            } else if (!strncmp(arg, *v, l) && arg[l] == '=') {
                val = arg + l + 1;
            } else continue;
            arg = *v;
            break;
        }
        unsigned need = !strcmp(arg, "--at") ? CLI_J_AT
                        : (!strcmp(arg, "--zone") || !strcmp(arg, "--party") || !strcmp(arg, "--since")) ? CLI_J_FILTER
                        : (!strcmp(arg, "-o") || !strcmp(arg, "--output")) ? CLI_J_OUTPUT
                        : (!strcmp(arg, "--db") || !strcmp(arg, "--reports")) ? CLI_J_SOURCE
                                                                             : 0;
        if (need && !(flags & need)) return cli_usage_error(cmd, "this command does not take %s", arg);
        if (!strcmp(arg, "--format")) {
            int ok = 0;
            for (const char *const *f = formats; *f; f++) ok |= !strcmp(*f, val);
            if (!ok || truce_judge_format_parse(val, &out->opt.format)) return cli_unknown_format(cmd, val, formats);
        } else if (!strcmp(arg, "--at") || !strcmp(arg, "--start") || !strcmp(arg, "--since")) {
            truce_date *d = !strcmp(arg, "--at") ? &out->opt.at : !strcmp(arg, "--start") ? &out->opt.start : &out->opt.since;
            if (truce_date_parse(val, d)) return cli_usage_error(cmd, "'%s' is not a date; write %s YYYY-MM-DD", val, arg);
        } else if (!strcmp(arg, "--db")) {
            out->db = val;
        } else if (!strcmp(arg, "--zone")) {
            out->opt.zone = val;
        } else if (!strcmp(arg, "--party")) {
            out->opt.party = val;
        } else if (!strcmp(arg, "--reports")) {
            if (out->nfiles == CLI_J_MAXFILES) return cli_usage_error(cmd, "at most %d --reports files", CLI_J_MAXFILES);
            out->files[out->nfiles++] = val;
        } else if (!strcmp(arg, "-o") || !strcmp(arg, "--output")) {
            out->output = val;
        } else if ((r = cli_operand(cmd, arg, &out->file))) {
            return r;
        }
    }
    if (!out->file) return cli_usage_error(cmd, "no agreement file given");
    if (out->db && out->nfiles) return cli_usage_error(cmd, "give --db or --reports, not both");
    return 0;
}

int cli_judge_run(const char *cmd, const judge_args *args, cli_judge_fn fn)
{
    int errors;
    truce_agreement *a = cli_load(args->file, TRUCE_ERROR, &errors);
    if (!a) return errors ? EXIT_INVALID : EXIT_FAILED;
    if (errors) {
        fprintf(stderr, "truce %s: %s has %d error%s; run 'truce check %s' and fix %s first\n", cmd, args->file, errors,
                errors == 1 ? "" : "s", args->file, errors == 1 ? "it" : "them");
        truce_agreement_free(a);
        return EXIT_INVALID;
    }
    /* truce_violations refuses a filter that names nothing; asking first gives the nearest id as a
     * hint, before the store is opened or the output file written */
    const char *const filter[2][2] = {{"zone", args->opt.zone}, {"party", args->opt.party}};
    for (int i = 0; i < 2; i++) {
        const char *near;
        if (filter[i][1] && !truce_agreement_has(a, filter[i][0], filter[i][1], &near)) {
            fprintf(stderr, "truce %s: %s has no %s '%s'%s%s%s\n", cmd, args->file, filter[i][0], filter[i][1],
                    near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
            truce_agreement_free(a);
            return EXIT_USAGE;
        }
    }
    truce_store *store = NULL;
    truce_report_files files = {args->files, args->nfiles, print_diag, NULL};
    if (!args->nfiles) {
        const char *db = args->db ? args->db : TRUCE_STORE_DEFAULT;
        if (access(db, F_OK) != 0) {
            fprintf(stderr, "truce %s: no store '%s': run 'truce ingest --db %s %s REPORTS...' first, or give --reports FILE\n",
                    cmd, db, db, args->file);
            truce_agreement_free(a);
            return EXIT_FAILED;
        }
        int r = truce_store_open(db, &store);
        if (r) {
            fprintf(stderr, "truce %s: %s: %s\n", cmd, db, truce_strerror(r));
            truce_agreement_free(a);
            return EXIT_FAILED;
        }
    }
    truce_judge_options opt = args->opt;
    if (opt.at == TRUCE_DATE_NONE && (args->flags & CLI_J_TODAY)) {
        /* today, as a calendar day in UTC: give --at for the agreement's own day */
        time_t now = time(NULL);
        opt.at = (truce_date)(now / 86400);
    }
    FILE *out = stdout;
    if (args->output && strcmp(args->output, "-")) {
        out = fopen(args->output, "w");
        if (!out) {
            fprintf(stderr, "truce %s: cannot write '%s': %s\n", cmd, args->output, strerror(errno));
            truce_store_close(store);
            truce_agreement_free(a);
            return EXIT_FAILED;
        }
    }
    int r = store ? fn(a, &opt, truce_store_reports, store, out) : fn(a, &opt, truce_file_reports, &files, out);
    if (out != stdout) {
        if (fclose(out) != 0 && r == 0) r = TRUCE_EIO;
    } else if (fflush(out) != 0 && r == 0) {
        r = TRUCE_EIO;
    }
    if (r == TRUCE_EIO && store && truce_store_message(store)[0])
        fprintf(stderr, "truce %s: %s\n", cmd, truce_store_message(store));
    truce_store_close(store);
    truce_agreement_free(a);
    if (r == TRUCE_EUNRESOLVED) {
        fprintf(stderr, "truce %s: %s: day 1 is not known (start: when signed); give --start YYYY-MM-DD\n", cmd, args->file);
        return EXIT_USAGE;
    }
    if (r) {
        fprintf(stderr, "truce %s: %s\n", cmd, truce_strerror(r));
        return r == TRUCE_ESYNTAX ? EXIT_INVALID : EXIT_FAILED;
    }
    return EXIT_OK;
}

int cmd_status(int argc, char **argv)
{
    static const char *const formats[] = {"text", "json", "csv", NULL};
    if (cli_wants_help(argc, argv, "status")) return EXIT_OK;
    judge_args args;
    int r = cli_judge_args("status", argc, argv, formats, CLI_J_AT | CLI_J_SOURCE | CLI_J_OUTPUT, &args);
    if (r) return r;
    args.flags = CLI_J_TODAY;
    return cli_judge_run("status", &args, truce_status);
}
