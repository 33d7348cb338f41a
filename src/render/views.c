/* views.c: the public view calls (truce_show, truce_timeline, truce_map, truce_diff): each builds
 * what it needs (the schedule, or the comparison) and hands it to the renderer for the format. */
#include <string.h>

#include "render/render.h"

int truce_format_parse(const char *name, truce_format *out)
{
    static const char *const names[] = {"text", "markdown", "json", "svg", "geojson", "html"};
    for (int i = 0; i < 6; i++)
        if (name && !strcmp(name, names[i])) {
            *out = (truce_format)i;
            return 0;
        }
    return TRUCE_EARG;
}

typedef enum { VIEW_SHOW, VIEW_TIMELINE, VIEW_MAP } view_kind;

static int run(const truce_agreement *a, const truce_view_options *opt, FILE *out, view_kind v)
{
    if (!a || !opt || !out) return TRUCE_EARG;
    arena ar;
    arena_init(&ar, a->ar.alloc);
    schedule s;
    int r = schedule_build(a, opt->start, &ar, &s);
    if (r == 0) {
        switch (v * 8 + (int)opt->format) {
        case VIEW_SHOW * 8 + TRUCE_FORMAT_TEXT: r = render_show_text(a, &s, out); break;
        case VIEW_SHOW * 8 + TRUCE_FORMAT_MARKDOWN: r = render_show_markdown(a, &s, out); break;
        case VIEW_SHOW * 8 + TRUCE_FORMAT_JSON: r = render_json(a, &s, 0, out); break;
        case VIEW_TIMELINE * 8 + TRUCE_FORMAT_TEXT: r = render_timeline_text(a, &s, out); break;
        case VIEW_TIMELINE * 8 + TRUCE_FORMAT_JSON: r = render_json(a, &s, 1, out); break;
        case VIEW_TIMELINE * 8 + TRUCE_FORMAT_SVG: r = render_timeline_svg(a, &s, out); break;
        case VIEW_MAP * 8 + TRUCE_FORMAT_SVG: r = render_map_svg(a, out); break;
        case VIEW_MAP * 8 + TRUCE_FORMAT_GEOJSON: r = render_map_geojson(a, out); break;
        default: r = TRUCE_EARG;
        }
    }
    arena_release(&ar);
    if (r == 0 && ferror(out)) r = TRUCE_EIO;
    return r;
}

int truce_show(const truce_agreement *a, const truce_view_options *opt, FILE *out) { return run(a, opt, out, VIEW_SHOW); }
int truce_timeline(const truce_agreement *a, const truce_view_options *opt, FILE *out)
{
    return run(a, opt, out, VIEW_TIMELINE);
}
int truce_map(const truce_agreement *a, const truce_view_options *opt, FILE *out) { return run(a, opt, out, VIEW_MAP); }

/* The comparison of two versions (src/diff builds it). */
int truce_diff(const truce_agreement *a, const truce_agreement *b, const truce_view_options *opt, FILE *out,
               size_t *changes)
{
    if (changes) *changes = 0;
    if (!a || !b || !opt || !out) return TRUCE_EARG;
    if (opt->format != TRUCE_FORMAT_TEXT && opt->format != TRUCE_FORMAT_JSON && opt->format != TRUCE_FORMAT_HTML)
        return TRUCE_EARG;
    arena ar;
    arena_init(&ar, a->ar.alloc);
    diff_result d;
    int r = diff_build(a, b, &ar, &d);
    if (r == 0) {
        if (changes) *changes = d.nchanges;
        switch (opt->format) {
        case TRUCE_FORMAT_JSON: r = diff_render_json(&d, out); break;
        case TRUCE_FORMAT_HTML: r = diff_render_html(&d, out); break;
        default: r = diff_render_text(&d, out); break;
        }
    }
    arena_release(&ar);
    if (r == 0 && ferror(out)) r = TRUCE_EIO;
    return r;
}
