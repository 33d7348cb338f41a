/* cli.h: what the command files share: the command table, option parsing helpers and the
 * diagnostic printer. The CLI uses the public API (truce.h) and nothing else. */
#ifndef TRUCE_CLI_H
#define TRUCE_CLI_H

#include "truce.h"

/* Exit codes: 0 fine, 1 the input has errors, 2 wrong usage, 3 could not run (I/O, memory). */
enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_FAILED = 3 };

typedef struct cli_cmd {
    const char *name, *summary;
    int (*run)(int argc, char **argv);
    const char *usage;
} cli_cmd;

int cmd_check(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_synth(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_violations(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_mediate(int argc, char **argv);

/* Prints "truce CMD: message" and the usage hint to stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The usage error for a --format value not in allowed (NULL-terminated): it lists them. */
int cli_unknown_format(const char *cmd, const char *val, const char *const *allowed);
/* An argument that is no known option: the agreement file when none is set yet (0), else a
 * usage error (an unknown option, or a second file). */
int cli_operand(const char *cmd, const char *arg, const char **file);
/* True when argv[i] is --help or -h: prints usage of cmd to stdout. */
int cli_wants_help(int argc, char **argv, const char *cmd);
void cli_print_usage(const char *cmd, FILE *to);

/* Options every view takes: FILE [--format F] [--start DATE] [-o OUT]. */
typedef struct view_args {
    const char *file, *output;
    truce_view_options view;
} view_args;
/* Parses argv for a view command whose formats are in allowed (NULL-terminated) and whose
 * default is allowed[0]. Returns 0 or an exit code. */
int cli_view_args(const char *cmd, int argc, char **argv, const char *const *allowed, view_args *out);

/* Loads an agreement, printing diagnostics of at least severity min_sev to stderr. Returns the
 * agreement, or NULL after printing why. *errors gets the count of errors. */
truce_agreement *cli_load(const char *file, truce_severity min_sev, int *errors);

/* Runs a view into the named output file or stdout. Returns an exit code. */
int cli_run_view(const char *cmd, const view_args *args,
                 int (*view)(const truce_agreement *, const truce_view_options *, FILE *));

/* The judgement commands (status, violations, report, watch; cmd_status.c): which options a
 * command takes, its parsed arguments, and a run that loads the agreement, opens the reports'
 * source (the store, or --reports files) and calls fn. */
enum { CLI_J_AT = 1, CLI_J_FILTER = 2, CLI_J_SOURCE = 4, CLI_J_OUTPUT = 8, CLI_J_TODAY = 16 };
#define CLI_J_MAXFILES 16
typedef struct judge_args {
    const char *file, *db, *output;
    const char *files[CLI_J_MAXFILES];
    size_t nfiles;
    unsigned flags; /* CLI_J_TODAY: without --at, judge as of today */
    truce_judge_options opt;
} judge_args;
typedef int (*cli_judge_fn)(const truce_agreement *, const truce_judge_options *, truce_report_source, void *, FILE *);
int cli_judge_args(const char *cmd, int argc, char **argv, const char *const *formats, unsigned flags, judge_args *out);
int cli_judge_run(const char *cmd, const judge_args *args, cli_judge_fn fn);

#endif
