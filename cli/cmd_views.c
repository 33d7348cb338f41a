/* cmd_views.c: `truce timeline`, `truce map` and `truce show`: each loads, refuses a file with
 * errors, and writes one view. The views themselves are library calls. */
#include "cli.h"

static int view_cmd(const char *cmd, int argc, char **argv, const char *const *formats,
                    int (*view)(const truce_agreement *, const truce_view_options *, FILE *))
{
    if (cli_wants_help(argc, argv, cmd)) return EXIT_OK;
    view_args args;
    int r = cli_view_args(cmd, argc, argv, formats, &args);
    return r ? r : cli_run_view(cmd, &args, view);
}

int cmd_timeline(int argc, char **argv)
{
    static const char *const formats[] = {"text", "json", "svg", NULL};
    return view_cmd("timeline", argc, argv, formats, truce_timeline);
}

int cmd_map(int argc, char **argv)
{
    static const char *const formats[] = {"svg", "geojson", NULL};
    return view_cmd("map", argc, argv, formats, truce_map);
}

int cmd_show(int argc, char **argv)
{
    static const char *const formats[] = {"text", "markdown", "json", NULL};
    return view_cmd("show", argc, argv, formats, truce_show);
}
