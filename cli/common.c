/* common.c: argument parsing and diagnostic printing shared by the commands. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "truce %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fprintf(stderr, "Try 'truce %s --help'.\n", cmd);
    return EXIT_USAGE;
}

int cli_wants_help(int argc, char **argv, const char *cmd)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cli_print_usage(cmd, stdout);
            return 1;
        }
    return 0;
}

int cli_view_args(const char *cmd, int argc, char **argv, const char *const *allowed, view_args *out)
{
    memset(out, 0, sizeof *out);
    int r;
    out->view.start = TRUCE_DATE_NONE;
    truce_format_parse(allowed[0], &out->view.format);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = NULL;
        if (!strcmp(arg, "--format") || !strcmp(arg, "--start") || !strcmp(arg, "-o") || !strcmp(arg, "--output")) {
            if (i + 1 >= argc) return cli_usage_error(cmd, "%s needs a value", arg);
            val = argv[++i];
        } else if (!strncmp(arg, "--format=", 9) || !strncmp(arg, "--start=", 8) || !strncmp(arg, "--output=", 9)) {
            val = strchr(arg, '=') + 1;
        }
        if (!strncmp(arg, "--format", 8)) {
            int ok = 0;
            for (const char *const *f = allowed; *f; f++) ok |= !strcmp(*f, val);
            if (!ok || truce_format_parse(val, &out->view.format) != 0) return cli_unknown_format(cmd, val, allowed);
        } else if (!strncmp(arg, "--start", 7)) {
            if (truce_date_parse(val, &out->view.start) != 0)
                return cli_usage_error(cmd, "'%s' is not a date; write --start YYYY-MM-DD", val);
        } else if (!strcmp(arg, "-o") || !strncmp(arg, "--output", 8)) {
            out->output = val;
        } else if ((r = cli_operand(cmd, arg, &out->file))) {
            return r;
        }
    }
    if (!out->file) return cli_usage_error(cmd, "no agreement file given");
    return 0;
}

int cli_unknown_format(const char *cmd, const char *val, const char *const *allowed)
{
    char list[128] = "";
    size_t o = 0;
    for (const char *const *f = allowed; *f && o < sizeof list; f++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", o ? ", " : "", *f);
    return cli_usage_error(cmd, "unknown format '%s' (this command writes %s)", val, list);
}

int cli_operand(const char *cmd, const char *arg, const char **file)
{
    if (arg[0] == '-' && arg[1]) return cli_usage_error(cmd, "unknown option '%s'", arg);
    if (*file) return cli_usage_error(cmd, "one agreement file at a time ('%s' and '%s')", *file, arg);
    *file = arg;
    return 0;
}

typedef struct printer {
    truce_severity min_sev;
    int color;
} printer;

static void print_diag(const truce_diag *d, void *user)
{
    const printer *p = user;
    if (d->severity > p->min_sev) return;
    truce_diag_print(stderr, d, p->color);
}

truce_agreement *cli_load(const char *file, truce_severity min_sev, int *errors)
{
    const char *no_color = getenv("NO_COLOR");
    printer p = {min_sev, isatty(2) && !(no_color && *no_color)};
    truce_load_options opt = {print_diag, &p, NULL};
    truce_agreement *a = NULL;
    *errors = 0;
    int r = truce_agreement_load(file, &opt, &a);
    if (r) {
        if (r == TRUCE_ENOMEM) fprintf(stderr, "truce: %s: %s\n", file, truce_strerror(r));
        *errors = r == TRUCE_ESYNTAX ? 1 : 0; /* a file that cannot be read is not a file with errors */
        return NULL;
    }
    int n = truce_agreement_check(a, &opt);
    if (n < 0) {
        fprintf(stderr, "truce: %s: %s\n", file, truce_strerror(n));
        truce_agreement_free(a);
        *errors = 0;
        return NULL;
    }
    *errors = n;
    return a;
}

int cli_run_view(const char *cmd, const view_args *args,
                 int (*view)(const truce_agreement *, const truce_view_options *, FILE *))
{
    int errors;
    truce_agreement *a = cli_load(args->file, TRUCE_ERROR, &errors);
    if (!a) return errors ? EXIT_INVALID : EXIT_FAILED;
    if (errors) {
        fprintf(stderr, "truce %s: %s has %d error%s; run 'truce check %s' and fix %s first\n", cmd, args->file,
                errors, errors == 1 ? "" : "s", args->file, errors == 1 ? "it" : "them");
        truce_agreement_free(a);
        return EXIT_INVALID;
    }
    FILE *out = stdout;
    if (args->output && strcmp(args->output, "-")) {
        out = fopen(args->output, "w");
        if (!out) {
            fprintf(stderr, "truce %s: cannot write '%s': %s\n", cmd, args->output, strerror(errno));
            truce_agreement_free(a);
            return EXIT_FAILED;
        }
    }
    int r = view(a, &args->view, out);
    if (out != stdout) {
        if (fclose(out) != 0 && r == 0) r = TRUCE_EIO;
    } else if (fflush(out) != 0 && r == 0) {
        r = TRUCE_EIO;
    }
    truce_agreement_free(a);
    if (r) {
        fprintf(stderr, "truce %s: %s\n", cmd, truce_strerror(r));
        return EXIT_FAILED;
    }
    return EXIT_OK;
}
