/* cmd_watch.c: `truce watch`: reads reports on standard input, one JSON line each (tracks and
 * implementation reports), and writes every change of verdict as one JSON line at once, flushed.
 * A bad line gives one JSON error line on stderr ({"error", "line", "col", ...}) and the watch
 * goes on; the exit status at the end says whether any line was refused (1). Not the judging (the
 * library's truce_watch_*). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else fputc(*p, f);
    }
    fputc('"', f);
}

static void line_error(const truce_diag *d, void *user)
{
    (void)user;
    fprintf(stderr, "{\"%s\":", d->severity == TRUCE_ERROR ? "error" : "warning");
    json_str(stderr, d->message);
    fprintf(stderr, ",\"line\":%d,\"col\":%d}\n", d->line, d->col);
    fflush(stderr);
}

int cmd_watch(int argc, char **argv)
{
    static const char *const formats[] = {"json", NULL};
    if (cli_wants_help(argc, argv, "watch")) return EXIT_OK;
    judge_args args;
    int r = cli_judge_args("watch", argc, argv, formats, 0, &args);
    if (r) return r;
    int errors;
    truce_agreement *a = cli_load(args.file, TRUCE_ERROR, &errors);
    if (!a) return errors ? EXIT_INVALID : EXIT_FAILED;
    truce_watch *w = NULL;
    r = errors ? TRUCE_EINVALID : truce_watch_new(a, &args.opt, &w);
    if (r) {
        if (r == TRUCE_EUNRESOLVED)
            fprintf(stderr, "truce watch: %s: day 1 is not known (start: when signed); give --start YYYY-MM-DD\n", args.file);
        else fprintf(stderr, "truce watch: %s: %s\n", args.file, truce_strerror(r));
        truce_agreement_free(a);
        return r == TRUCE_EUNRESOLVED ? EXIT_USAGE : r == TRUCE_EINVALID ? EXIT_INVALID : EXIT_FAILED;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    int status = EXIT_OK, refused = 0;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        r = truce_watch_line(w, line, len, lineno, stdout, line_error, NULL);
        if (r == TRUCE_ESYNTAX) {
            refused = 1;
            continue;
        }
        if (r < 0) {
            fprintf(stderr, "{\"error\":");
            json_str(stderr, truce_strerror(r));
            fprintf(stderr, ",\"line\":%ld,\"col\":0}\n", lineno);
            status = EXIT_FAILED;
            break;
        }
    }
    if (status == EXIT_OK && refused) status = EXIT_INVALID;
    free(line);
    truce_watch_free(w);
    truce_agreement_free(a);
    return status;
}
