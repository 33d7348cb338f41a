/* cmd_violations.c: `truce violations`: every confirmed and possible violation, filtered by zone,
 * party and date. Arguments and loading are shared with status (cmd_status.c). */
#include "cli.h"

int cmd_violations(int argc, char **argv)
{
    static const char *const formats[] = {"text", "json", "geojson", "csv", NULL};
    if (cli_wants_help(argc, argv, "violations")) return EXIT_OK;
    judge_args args;
    int r = cli_judge_args("violations", argc, argv, formats, CLI_J_AT | CLI_J_FILTER | CLI_J_SOURCE | CLI_J_OUTPUT, &args);
    return r ? r : cli_judge_run("violations", &args, truce_violations);
}
