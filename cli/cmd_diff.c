/* cmd_diff.c: `truce diff A B`: loads two versions of an agreement and writes what changed from
 * A to B, clause by clause (the comparison is the library's truce_diff). Exits like diff(1):
 * 0 no differences, 1 differences, 2 trouble (wrong usage, a file that cannot be read or has
 * errors, a failed write). */
#include <errno.h>
#include <string.h>

#include "cli.h"

enum { DIFF_SAME_EXIT = 0, DIFF_DIFFERENT_EXIT = 1, DIFF_TROUBLE_EXIT = 2 };

static truce_agreement *load_clean(const char *file)
{
    int errors;
    truce_agreement *a = cli_load(file, TRUCE_ERROR, &errors);
    if (a && errors) {
        fprintf(stderr, "truce diff: %s has %d error%s; run 'truce check %s' and fix %s first\n", file, errors,
                errors == 1 ? "" : "s", file, errors == 1 ? "it" : "them");
        truce_agreement_free(a);
        return NULL;
    }
    return a;
}

int cmd_diff(int argc, char **argv)
{
    static const char *const formats[] = {"text", "json", "html"};
    if (cli_wants_help(argc, argv, "diff")) {
        printf("\nExit status: 0 the versions agree clause for clause, 1 they differ, 2 trouble (wrong usage,\n"
               "a file that cannot be read or has errors, a failed write).\n");
        return EXIT_OK;
    }
    const char *files[2] = {NULL, NULL}, *output = NULL;
    truce_view_options view = {TRUCE_FORMAT_TEXT, TRUCE_DATE_NONE};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = NULL;
        if (!strcmp(arg, "--format") || !strcmp(arg, "-o") || !strcmp(arg, "--output")) {
            if (i + 1 >= argc) return cli_usage_error("diff", "%s needs a value", arg);
            val = argv[++i];
        } else if (!strncmp(arg, "--format=", 9) || !strncmp(arg, "--output=", 9)) {
            val = strchr(arg, '=') + 1;
        }
        if (!strncmp(arg, "--format", 8)) {
            int ok = 0;
            for (size_t k = 0; k < sizeof formats / sizeof *formats; k++) ok |= !strcmp(formats[k], val);
            if (!ok || truce_format_parse(val, &view.format) != 0)
                return cli_usage_error("diff", "unknown format '%s' (this command writes text, json, html)", val);
        } else if (!strcmp(arg, "-o") || !strncmp(arg, "--output", 8)) {
            output = val;
        } else if (arg[0] == '-' && arg[1]) {
            return cli_usage_error("diff", "unknown option '%s'", arg);
        } else if (files[1]) {
            return cli_usage_error("diff", "two agreement files, the earlier version first ('%s' is a third)", arg);
        } else {
            files[files[0] ? 1 : 0] = arg;
        }
    }
    if (!files[1]) return cli_usage_error("diff", "give two agreement files: the earlier version, then the later");

    truce_agreement *a = load_clean(files[0]);
    truce_agreement *b = a ? load_clean(files[1]) : NULL;
    if (!a || !b) {
        truce_agreement_free(a);
        return DIFF_TROUBLE_EXIT;
    }
    FILE *out = stdout;
    if (output && strcmp(output, "-")) {
        out = fopen(output, "w");
        if (!out) {
            fprintf(stderr, "truce diff: cannot write '%s': %s\n", output, strerror(errno));
            truce_agreement_free(a);
            truce_agreement_free(b);
            return DIFF_TROUBLE_EXIT;
        }
    }
    size_t changes = 0;
    int r = truce_diff(a, b, &view, out, &changes);
    if (out != stdout) {
        if (fclose(out) != 0 && r == 0) r = TRUCE_EIO;
    } else if (fflush(out) != 0 && r == 0) {
        r = TRUCE_EIO;
    }
    truce_agreement_free(a);
    truce_agreement_free(b);
    if (r) {
        fprintf(stderr, "truce diff: %s\n", truce_strerror(r));
        return DIFF_TROUBLE_EXIT;
    }
    return changes ? DIFF_DIFFERENT_EXIT : DIFF_SAME_EXIT;
}
