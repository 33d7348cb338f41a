/* svg_text.h: text in the SVG views (and the document's opening): printf to a FILE that may be NULL (measuring passes),
 * width estimates, greedy word wrap with an ellipsis, and escaped <text> elements with tooltips.
 * Shared by timeline_svg.c, map_svg.c and the judgement report. Not layout. */
#ifndef TRUCE_RENDER_SVG_TEXT_H
#define TRUCE_RENDER_SVG_TEXT_H

#include <stddef.h>
#include <stdio.h>

#define SVG_CHAR_EM 0.6 /* conservative width of a character, in em: ~7 px at 12 px */
#define SVG_LCAP 1024
#define SVG_MAXL 6

void svg_pr(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t svg_u8len(const char *s);
double svg_text_w(const char *s, double size);

typedef struct svg_wrapped {
    char line[SVG_MAXL][SVG_LCAP];
    int n, cut;
} svg_wrapped;
/* Greedy word wrap into at most max_lines lines of `px` width; the last line ends in an ellipsis
 * when text was left over. Runs of white space count as one space. */
void svg_wrap(const char *s, double px, double size, int max_lines, svg_wrapped *w);

/* The XML declaration, the <svg> element of W x H pixels and its <title> "NAME: WHAT". */
void svg_open(FILE *f, double W, double H, const char *name, const char *what);

/* A text element; when tip is given the element sits in a group whose <title> is the full text. */
void svg_text(FILE *f, double x, double y, double size, const char *attrs, const char *s, const char *tip);
/* One line, cut with an ellipsis to fit px; the full text goes in a tooltip when cut. */
void svg_text_fit(FILE *f, double x, double y, double size, const char *attrs, const char *s, double px);
/* Wrapped lines starting at baseline y, `lh` apart; returns the number of lines written. */
int svg_text_wrap(FILE *f, double x, double y, double size, double lh, const char *attrs, const char *s, double px,
                  int max_lines);

#endif
