/* cmd_check.c: `truce check FILE...`: every problem in each file, as file:line:col with the
 * source line and a caret. Exit 0 when all are clean, 1 when any has errors. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
{
    if (cli_wants_help(argc, argv, "check")) return EXIT_OK;
    int files = 0, status = EXIT_OK, quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) quiet = 1;
        else if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error("check", "unknown option '%s'", argv[i]);
    }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) continue;
        files++;
        int errors;
        truce_agreement *a = cli_load(argv[i], quiet ? TRUCE_ERROR : TRUCE_NOTE, &errors);
        if (!a && !errors) {
            status = EXIT_FAILED;
            continue;
        }
        if (errors) {
            if (status != EXIT_FAILED) status = EXIT_INVALID;
            fprintf(stderr, "%s: %d error%s\n", argv[i], errors, errors == 1 ? "" : "s");
        } else if (a && !quiet) {
            printf("%s: ok (%s)\n", argv[i], truce_agreement_title(a));
        }
        truce_agreement_free(a);
    }
    if (!files) return cli_usage_error("check", "no agreement file given");
    return status;
}
