/* diag.c: formatting and delivering diagnostics. The library never prints: truce_diag_print is
 * the one place that writes one, and only to the FILE the caller hands it. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Copies line `line` (1-based) of src into buf without its line ending; NULL if absent. */
static const char *source_line(const source *src, int line, char *buf, size_t cap)
{
    if (!src || !src->text || line < 1) return NULL;
    const char *p = src->text, *end = src->text + src->len;
    for (int l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return NULL;
        p = nl + 1;
    }
    const char *e = p;
    while (e < end && *e != '\n' && *e != '\r') e++;
    size_t n = (size_t)(e - p);
    if (n >= cap) n = cap - 1;
    for (size_t i = 0; i < n; i++) buf[i] = (p[i] == '\0' || p[i] == '\t') ? ' ' : p[i];
    buf[n] = '\0';
    return buf;
}

static void deliver(diag_sink *sink, truce_severity sev, const char *file, pos at, const char *hint,
                    const char *fmt, va_list ap)
{
    if (sev == TRUCE_ERROR) sink->errors++;
    else if (sev == TRUCE_WARNING) sink->warnings++;
    if (!sink->fn) return;
    char msg[1024], line[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    truce_diag d = {
        .severity = sev,
        .file = file ? file : "<input>",
        .line = at.line,
        .col = at.col,
        .message = msg,
        .hint = hint,
        .source_line = source_line(at.src, at.line, line, sizeof line),
    };
    sink->fn(&d, sink->user);
}

void diag_report(diag_sink *sink, truce_severity sev, pos at, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    deliver(sink, sev, at.src ? at.src->name : NULL, at, hint, fmt, ap);
    va_end(ap);
}

void diag_file(diag_sink *sink, truce_severity sev, const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pos none = {NULL, 0, 0};
    deliver(sink, sev, file, none, NULL, fmt, ap);
    va_end(ap);
}

int truce_diag_print(FILE *out, const truce_diag *d, int color)
{
    static const char *names[] = {"error", "warning", "note"};
    static const char *colors[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    unsigned s = (unsigned)d->severity < 3 ? (unsigned)d->severity : 0;
    int r;
    if (d->line > 0)
        r = fprintf(out, "%s%s:%d:%d:%s %s%s:%s %s\n", bold, d->file, d->line, d->col, reset,
                    color ? colors[s] : "", names[s], reset, d->message);
    else
        r = fprintf(out, "%s%s:%s %s%s:%s %s\n", bold, d->file, reset, color ? colors[s] : "",
                    names[s], reset, d->message);
    if (r < 0) return TRUCE_EIO;
    if (d->source_line && d->line > 0) {
        fprintf(out, "%5d | %s\n      | ", d->line, d->source_line);
        for (int i = 1; i < d->col; i++) fputc(' ', out);
        fprintf(out, "%s^%s\n", color ? colors[0] : "", reset);
    }
    if (d->hint && fprintf(out, "      = hint: %s\n", d->hint) < 0) return TRUCE_EIO;
    return 0;
}

int str_distance(const char *a, const char *b, int cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return cap + 1;
    if ((int)(la > lb ? la - lb : lb - la) > cap) return cap + 1;
    int prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return prev[lb] > cap ? cap + 1 : prev[lb];
}
