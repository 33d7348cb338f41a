/* xml.c: escapes text for XML and SVG output. It writes &, <, >, " and ' as entities and drops
 * the control characters XML 1.0 forbids (all below 0x20 but tab, newline and carriage return),
 * so a stray byte in an agreement cannot make an SVG unreadable. It does not repair or check
 * UTF-8: other bytes pass through unchanged. */
#include "render/render.h"

void xml_escape(FILE *out, const char *s)
{
    if (!s) return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        default:
            if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') break;
            fputc(*p, out);
        }
    }
}
