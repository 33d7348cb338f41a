/* cmd_synth.c: `truce synth AGREEMENT [--start DATE] [--days N] [--seed S] --out DIR`: writes
 * synthetic (made-up, clearly labelled) reports for an agreement. Not the generator itself
 * (truce_synth). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int cmd_synth(int argc, char **argv)
{
    const char *cmd = "synth";
    if (cli_wants_help(argc, argv, cmd)) return EXIT_OK;
    const char *file = NULL, *out = NULL;
    truce_synth_options opt = {TRUCE_DATE_NONE, 0, 1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--start") || !strcmp(a, "--days") || !strcmp(a, "--seed") || !strcmp(a, "--out") ||
            !strcmp(a, "-o")) {
            if (i + 1 >= argc) return cli_usage_error(cmd, "%s needs a value", a);
            const char *v = argv[++i];
            char *end;
            if (!strcmp(a, "--start")) {
                if (truce_date_parse(v, &opt.start)) return cli_usage_error(cmd, "'%s' is not a date (YYYY-MM-DD)", v);
            } else if (!strcmp(a, "--days")) {
                long n = strtol(v, &end, 10);
                if (*end || n < 1 || n > 3650) return cli_usage_error(cmd, "--days takes 1 to 3650, not '%s'", v);
                opt.days = (int)n;
            } else if (!strcmp(a, "--seed")) {
                errno = 0;
                unsigned long long s = strtoull(v, &end, 10);
                if (*end || !*v || errno) return cli_usage_error(cmd, "--seed takes a whole number, not '%s'", v);
                opt.seed = s;
            } else {
                out = v;
            }
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(cmd, "unknown option '%s'", a);
        } else if (file) {
            return cli_usage_error(cmd, "one agreement file at a time ('%s' and '%s')", file, a);
        } else {
            file = a;
        }
    }
    if (!file) return cli_usage_error(cmd, "no agreement file given");
    if (!out) return cli_usage_error(cmd, "no output folder given (--out DIR)");
    int errors;
    truce_agreement *ag = cli_load(file, TRUCE_ERROR, &errors);
    if (!ag || errors) {
        if (ag) fprintf(stderr, "truce synth: %s has errors; run 'truce check %s' first\n", file, file);
        truce_agreement_free(ag);
        return errors ? EXIT_INVALID : EXIT_FAILED;
    }
    if (mkdir(out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "truce synth: cannot make the folder '%s': %s\n", out, strerror(errno));
        truce_agreement_free(ag);
        return EXIT_FAILED;
    }
    int r = truce_synth(ag, &opt, out);
    truce_agreement_free(ag);
    if (r) {
        fprintf(stderr, "truce synth: cannot write into '%s': %s\n", out, truce_strerror(r));
        return EXIT_FAILED;
    }
    printf("wrote %s/%s, %s/%s, %s/%s (SYNTHETIC: made up, not real events)\n", out, TRUCE_SYNTH_ACLED, out,
           TRUCE_SYNTH_TRACKS, out, TRUCE_SYNTH_IMPL);
    return EXIT_OK;
}
