/* cmd_report.c: `truce report`: the implementation report as one self-contained HTML page (map,
 * timeline coloured by status, scorecard) or the coloured timeline as SVG. The page is the
 * library's; this file only parses arguments (shared with status, cmd_status.c). */
#include "cli.h"

int cmd_report(int argc, char **argv)
{
    static const char *const formats[] = {"html", "svg", NULL};
    if (cli_wants_help(argc, argv, "report")) return EXIT_OK;
    judge_args args;
    int r = cli_judge_args("report", argc, argv, formats, CLI_J_AT | CLI_J_SOURCE | CLI_J_OUTPUT, &args);
    if (r) return r;
    args.flags = CLI_J_TODAY;
    return cli_judge_run("report", &args, truce_report);
}
