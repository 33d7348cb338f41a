/* main.c: the `truce` command: finds the sub-command and hands it the arguments. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_cmd commands[] = {
    {"check", "validate an agreement's syntax and meaning", cmd_check, "truce check FILE..."},
    {"timeline", "resolve every deadline to a date and show phases and obligations in order", cmd_timeline,
     "truce timeline FILE [--start YYYY-MM-DD] [--format text|json|svg] [-o OUT]"},
    {"map", "draw the agreement's zones, derived zones included", cmd_map,
     "truce map FILE [--format svg|geojson] [-o OUT]"},
    {"show", "render the agreement as a readable document", cmd_show,
     "truce show FILE [--start YYYY-MM-DD] [--format text|markdown|json] [-o OUT]"},
    {"ledger", "the negotiation ledger: proposals, responses, statements; verify, status", cmd_ledger,
     "truce ledger add|log|status|verify|export|import [--db FILE] ..."},
    {"diff", "compare two versions of an agreement clause by clause", cmd_diff, "truce diff A B [--format text|json|html] [-o OUT]"},
    {"ingest", "read field reports (ACLED, GED, tracks, implementation reports) into the store", cmd_ingest,
     "truce ingest [--db FILE] [--format auto|acled|acled-deletions|ged|track|impl] [--batch ROWS] AGREEMENT "
     "REPORTS..."},
    {"synth", "write synthetic reports (clearly labelled) for an agreement, to try the whole loop", cmd_synth,
     "truce synth AGREEMENT [--start YYYY-MM-DD] [--days N] [--seed S] --out DIR"},
    {"status", "judge every obligation from the reports: verdicts, evidence, scores", cmd_status, "truce status AGREEMENT [--db FILE | --reports FILE...] [--at DATE] [--start DATE] [--format text|json|csv] [-o OUT]"},
    {"violations", "list confirmed and possible violations, by zone, party and date", cmd_violations, "truce violations AGREEMENT [--db FILE | --reports FILE...] [--zone ID] [--party ID] [--since DATE] [--at DATE] [--format text|json|geojson|csv] [-o OUT]"},
    {"watch", "read reports as JSON Lines on standard input; write each verdict change as a JSON line", cmd_watch, "truce watch AGREEMENT [--start DATE] < REPORTS.jsonl"},
    {"report", "the implementation report: map, timeline by status and scorecard in one page", cmd_report, "truce report AGREEMENT [--db FILE | --reports FILE...] [--at DATE] [--start DATE] [--format html|svg] [-o OUT]"},
    {"mediate", "search a negotiation space: Pareto, Nash, Kalai-Smorodinsky, welfare, least concession", cmd_mediate,
     "truce mediate SPACE [--format text|json] [-o OUT]\n       truce mediate SPACE --write-version nash|ks|welfare|concession -o OUT.yaml\n       truce mediate SPACE --protocol single-text [--start-text first|nash|ks|welfare|concession]\n       truce mediate --genius DOMAIN.xml PROFILE.xml PROFILE.xml... [options]\n       options: [--node-limit N] [--pareto-cap N]"},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

void cli_print_usage(const char *cmd, FILE *to)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (cmd && !strcmp(cmd, commands[i].name)) {
            fprintf(to, "usage: %s\n\n%s.\n", commands[i].usage, commands[i].summary);
            fprintf(to, "See 'man truce' or docs/format.md for the agreement format.\n");
            return;
        }
    fprintf(to, "usage: truce COMMAND [ARGS]\n\ntruce %s: phased ceasefire agreements as data.\n\ncommands:\n",
            TRUCE_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++) fprintf(to, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(to, "\n'truce COMMAND --help' tells more. Exit status: 0 fine, 1 the input has errors, 2 wrong "
                "usage, 3 could not run.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_usage(NULL, stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        cli_print_usage(argc > 2 ? argv[2] : NULL, stdout);
        return EXIT_OK;
    }
    if (!strcmp(name, "--version")) {
        printf("truce %s\n", TRUCE_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(name, commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "truce: unknown command '%s'\n", name);
    cli_print_usage(NULL, stderr);
    return EXIT_USAGE;
}
