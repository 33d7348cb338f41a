/* svg_text.c: text in the SVG views (see svg_text.h). Widths are estimates from a character
 * count, on the safe side, since no font metrics are at hand when the file is written. */
#include "render/svg_text.h"

#include <stdarg.h>
#include <string.h>

#include "render/render.h"

void svg_pr(FILE *f, const char *fmt, ...)
{
    if (!f) return; /* measuring pass */
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
}


size_t svg_u8len(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

double svg_text_w(const char *s, double size) { return (double)svg_u8len(s) * size * SVG_CHAR_EM; }

static size_t max_chars(double px, double size)
{
    double c = px / (size * SVG_CHAR_EM);
    return c < 4 ? 4 : (size_t)c;
}

/* Appends up to `chars` code points of s[0..len) to dst (of SVG_LCAP bytes); returns bytes taken. */
static size_t take(char *dst, const char *s, size_t len, size_t chars)
{
    size_t o = strlen(dst), i = 0, c = 0;
    while (i < len && o + 5 < SVG_LCAP) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (c == chars) break;
            c++;
        }
        dst[o++] = s[i++];
    }
    dst[o] = '\0';
    return i;
}

/* Greedy word wrap into at most max_lines lines of `px` width; the last line ends in an ellipsis
 * when text was left over. Runs of white space count as one space. */
void svg_wrap(const char *s, double px, double size, int max_lines, svg_wrapped *w)
{
    size_t maxc = max_chars(px, size);
    if (maxc > 200) maxc = 200;
    if (max_lines > SVG_MAXL) max_lines = SVG_MAXL;
    w->n = 0;
    w->cut = 0;
    size_t cur = 0; /* code points on the current line */
    w->line[0][0] = '\0';
    const char *p = s ? s : "";
    for (;;) {
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\n' && *e != '\t' && *e != '\r') e++;
        size_t wl = 0;
        for (const char *q = p; q < e; q++)
            if (((unsigned char)*q & 0xC0) != 0x80) wl++;
        if (w->n == max_lines) {
            w->cut = 1;
            break;
        }
        char *L = w->line[w->n];
        if (cur + (cur ? 1 : 0) + wl <= maxc) {
            if (cur) strcat(L, " "), cur++;
            take(L, p, (size_t)(e - p), wl);
            cur += wl;
            p = e;
        } else if (cur == 0) { /* a word longer than a line: break it */
            p += take(L, p, (size_t)(e - p), maxc);
            w->n++;
            if (w->n < SVG_MAXL) w->line[w->n][0] = '\0';
        } else {
            w->n++;
            cur = 0;
            if (w->n < SVG_MAXL) w->line[w->n][0] = '\0';
        }
    }
    if (cur) w->n++;
    if (w->n > max_lines) w->n = max_lines, w->cut = 1;
    if (w->cut && w->n > 0) {
        char *L = w->line[w->n - 1];
        char tmp[SVG_LCAP] = "";
        size_t keep = svg_u8len(L) + 1 > maxc ? maxc - 1 : svg_u8len(L);
        take(tmp, L, strlen(L), keep);
        size_t tl = strlen(tmp);
        while (tl && tmp[tl - 1] == ' ') tmp[--tl] = '\0';
        if (tl + 4 > SVG_LCAP) tl = SVG_LCAP - 4;
        memcpy(L, tmp, tl);
        memcpy(L + tl, "\xE2\x80\xA6", 4); /* the ellipsis and the NUL */
    }
}

/* A text element; when tip is given the element sits in a group whose <title> is the full text. */
void svg_text(FILE *f, double x, double y, double size, const char *attrs, const char *s, const char *tip)
{
    if (!f) return;
    if (tip) {
        fputs("<g><title>", f);
        xml_escape(f, tip);
        fputs("</title>", f);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"%s%s>", x, y, size, attrs ? " " : "", attrs ? attrs : "");
    xml_escape(f, s);
    fputs("</text>", f);
    if (tip) fputs("</g>", f);
    fputc('\n', f);
}

/* One line, cut with an ellipsis to fit px; the full text goes in a tooltip when cut. */
void svg_text_fit(FILE *f, double x, double y, double size, const char *attrs, const char *s, double px)
{
    svg_wrapped w;
    svg_wrap(s, px, size, 1, &w);
    svg_text(f, x, y, size, attrs, w.n ? w.line[0] : "", w.cut ? s : NULL);
}

/* Wrapped lines starting at baseline y, `lh` apart; returns the number of lines written. */
int svg_text_wrap(FILE *f, double x, double y, double size, double lh, const char *attrs, const char *s,
                     double px, int max_lines)
{
    svg_wrapped w;
    svg_wrap(s, px, size, max_lines, &w);
    for (int i = 0; i < w.n; i++) svg_text(f, x, y + lh * i, size, attrs, w.line[i], w.cut ? s : NULL);
    return w.n;
}

void svg_open(FILE *f, double W, double H, const char *name, const char *what)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n",
            W, H, W, H);
    fputs("<title>", f);
    xml_escape(f, name);
    fprintf(f, ": %s</title>\n", what);
}
