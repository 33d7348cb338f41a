/* cmd_mediate.c: `truce mediate`: what a negotiation space allows (counts, Pareto frontier, Nash,
 * Kalai-Smorodinsky, max welfare, least concession), single-text mediation, a solution written
 * as an agreement version, and GENIUS domains read in place of a space file. Arguments and
 * exit codes only; the work is the library's (truce.h, "Mediation"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MAX_PROFILES 8

static void print_diag(const truce_diag *d, void *user)
{
    const int *color = user;
    if (d->severity == TRUCE_ERROR) truce_diag_print(stderr, d, *color);
}

static int parse_count(const char *opt, const char *val, long long lo, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(val, &end, 10);
    if (errno || end == val || *end || v < lo) return cli_usage_error("mediate", "%s needs a whole number >= %lld, got '%s'", opt, lo, val);
    *out = v;
    return 0;
}

int cmd_mediate(int argc, char **argv)
{
    if (cli_wants_help(argc, argv, "mediate")) return EXIT_OK;
    const char *file = NULL, *output = NULL, *protocol = NULL, *genius = NULL;
    const char *profiles[MAX_PROFILES];
    size_t nprofiles = 0;
    int write_version = 0;
    truce_solution version = TRUCE_SOLUTION_NASH;
    truce_mediate_options opt = {TRUCE_FORMAT_TEXT, 0, 0, TRUCE_SOLUTION_FIRST};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = NULL;
        int takes = !strcmp(arg, "--format") || !strcmp(arg, "-o") || !strcmp(arg, "--output") ||
                    !strcmp(arg, "--write-version") || !strcmp(arg, "--protocol") || !strcmp(arg, "--start-text") ||
                    !strcmp(arg, "--genius") || !strcmp(arg, "--node-limit") || !strcmp(arg, "--pareto-cap");
        if (takes) {
            if (i + 1 >= argc) return cli_usage_error("mediate", "%s needs a value", arg);
            val = argv[++i];
        }
        if (!strcmp(arg, "--format")) {
            if (strcmp(val, "text") && strcmp(val, "json"))
                return cli_usage_error("mediate", "unknown format '%s' (this command writes text, json)", val);
            truce_format_parse(val, &opt.format);
        } else if (!strcmp(arg, "-o") || !strcmp(arg, "--output")) {
            output = val;
        } else if (!strcmp(arg, "--write-version")) {
            if (truce_solution_parse(val, &version) || version == TRUCE_SOLUTION_FIRST)
                return cli_usage_error("mediate", "unknown solution '%s' (write nash, ks, welfare or concession)", val);
            write_version = 1;
        } else if (!strcmp(arg, "--start-text")) {
            if (truce_solution_parse(val, &opt.start))
                return cli_usage_error("mediate", "unknown start '%s' (write first, nash, ks, welfare or concession)", val);
        } else if (!strcmp(arg, "--protocol")) {
            if (strcmp(val, "single-text")) return cli_usage_error("mediate", "unknown protocol '%s' (truce simulates single-text)", val);
            protocol = val;
        } else if (!strcmp(arg, "--genius")) {
            genius = val;
        } else if (!strcmp(arg, "--node-limit") || !strcmp(arg, "--pareto-cap")) {
            long long v = 0;
            int r = parse_count(arg, val, 1, &v);
            if (r) return r;
            if (arg[2] == 'n') opt.node_limit = v;
            else opt.pareto_cap = v > 100000 ? 100000 : (int)v;
        } else if (arg[0] == '-' && arg[1]) {
            return cli_usage_error("mediate", "unknown option '%s'", arg);
        } else if (genius) {
            if (nprofiles == MAX_PROFILES) return cli_usage_error("mediate", "at most %d profiles", MAX_PROFILES);
            profiles[nprofiles++] = arg;
        } else if (file) {
            return cli_usage_error("mediate", "one space file at a time ('%s' and '%s')", file, arg);
        } else {
            file = arg;
        }
    }
    if (genius && file) return cli_usage_error("mediate", "give a space file or --genius DOMAIN PROFILE..., not both");
    if (!genius && !file) return cli_usage_error("mediate", "no space file given");
    if (genius && nprofiles < 2) return cli_usage_error("mediate", "--genius DOMAIN needs a profile per party (two or more)");
    if (write_version && protocol) return cli_usage_error("mediate", "--write-version and --protocol do not go together");
    if (write_version && (!output || !strcmp(output, "-")) && isatty(1))
        return cli_usage_error("mediate", "--write-version writes a whole agreement: give -o OUT.yaml");

    const char *no_color = getenv("NO_COLOR");
    int color = isatty(2) && !(no_color && *no_color);
    truce_load_options lo = {print_diag, &color, NULL};
    truce_space *sp = NULL;
    int r = genius ? truce_space_load_genius(genius, profiles, nprofiles, &lo, &sp) : truce_space_load(file, &lo, &sp);
    const char *what = genius ? genius : file;
    if (r == TRUCE_EINVALID || r == TRUCE_ESYNTAX) {
        fprintf(stderr, "truce mediate: %s has errors\n", what);
        return EXIT_INVALID;
    }
    if (r) {
        if (r != TRUCE_EIO) fprintf(stderr, "truce mediate: %s: %s\n", what, truce_strerror(r));
        return EXIT_FAILED;
    }
    FILE *out = stdout;
    if (output && strcmp(output, "-")) {
        out = fopen(output, "w");
        if (!out) {
            fprintf(stderr, "truce mediate: cannot write '%s': %s\n", output, strerror(errno));
            truce_space_free(sp);
            return EXIT_FAILED;
        }
    }
    if (write_version) r = truce_mediate_write_version(sp, version, &opt, out);
    else if (protocol) r = truce_mediate_single_text(sp, &opt, out);
    else r = truce_mediate(sp, &opt, out);
    if (out != stdout) {
        if (fclose(out) != 0 && r == 0) r = TRUCE_EIO;
        if (r) remove(output);
    } else if (fflush(out) != 0 && r == 0) {
        r = TRUCE_EIO;
    }
    int status = EXIT_OK;
    if (r == TRUCE_ENOTFOUND) {
        fprintf(stderr, "truce mediate: no outcome is acceptable to every party, so there is no %s; try 'concession'\n",
                write_version ? "such solution to write" : "such start text");
        status = EXIT_INVALID;
    } else if (r == TRUCE_EARG && write_version) {
        fprintf(stderr, "truce mediate: %s is not built on an agreement (no 'agreement:'), or an obligation is written "
                        "in flow style; nothing to write\n", what);
        status = EXIT_INVALID;
    } else if (r) {
        fprintf(stderr, "truce mediate: %s\n", truce_strerror(r));
        status = EXIT_FAILED;
    }
    truce_space_free(sp);
    return status;
}
