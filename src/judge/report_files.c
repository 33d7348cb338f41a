/* report_files.c: report files read as they are, without a store, as a truce_report_source
 * (truce_file_reports): which reader each file needs, by its name or its first line, then that
 * reader; and which reader one JSON line needs (the watch's lines too). Not the readers
 * themselves (src/reports) and not the store as a source (src/store/reports_store.c). */
#include <json-c/json.h>
#include <string.h>
#include <strings.h>

#include "judge/judge.h"
#include "util/file.h"

/* Whether the line is an implementation report ("type" is one of the kinds) or a track. */
int judge_line_is_impl(const char *text, size_t len)
{
    if (len > 1 << 20) return 0;
    /* no "type" key can be in a line without the word or an escape: skip the parse */
    if (!memmem(text, len, "\"type\"", 6) && !memchr(text, '\\', len)) return 0;
    json_tokener *tok = json_tokener_new();
    if (!tok) return 0;
    json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
    json_tokener_free(tok);
    json_object *t = NULL;
    int impl = 0;
    if (obj && json_object_get_type(obj) == json_type_object && json_object_object_get_ex(obj, "type", &t) &&
        json_object_get_type(t) == json_type_string) {
        static const char *const kinds[] = {"release", "delivery", "crossing", "withdrawal", "talks"};
        for (int i = 0; i < 5; i++) impl |= !strcasecmp(json_object_get_string(t), kinds[i]);
    }
    json_object_put(obj);
    return impl;
}

/* Which reader a file needs: by its name, else by its first line. */
static int file_kind(const char *name, const char *text, size_t len)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    if (strstr(base, "acled")) return REPORT_ACLED;
    if (strstr(base, "ged")) return REPORT_GED;
    if (strstr(base, "track")) return REPORT_TRACK;
    if (strstr(base, "impl")) return REPORT_RELEASE;
    const char *nl = memchr(text, '\n', len);
    size_t l = nl ? (size_t)(nl - text) : len;
    char first[4096];
    if (l >= sizeof first) l = sizeof first - 1;
    memcpy(first, text, l);
    first[l] = '\0';
    if (strstr(first, "event_id_cnty")) return REPORT_ACLED;
    if (strstr(first, "where_prec")) return REPORT_GED;
    if (first[0] == '{' || first[0] == '[') return judge_line_is_impl(first, l) ? REPORT_RELEASE : REPORT_TRACK;
    if (!strncmp(first, "type,", 5) || strstr(first, ",type,")) return REPORT_RELEASE;
    return REPORT_TRACK;
}

int truce_file_reports(void *from, truce_field_report_fn fn, void *user)
{
    const truce_report_files *f = from;
    if (!f || !fn || (f->n && !f->paths)) return TRUCE_EARG;
    int r = 0;
    for (size_t i = 0; i < f->n && r == 0; i++) {
        arena ar;
        arena_init(&ar, NULL);
        char *data;
        size_t len;
        r = file_read_all(&ar, f->paths[i], (size_t)1 << 31, &data, &len);
        if (r == 0) {
            source src = {f->paths[i], data, len};
            diag_sink sink = {f->on_diag, f->user, 0, 0};
            report_forward fw = {fn, user};
            report_read_opts ro = {&sink, report_forward_each, &fw, REPORT_NOW_NONE, NULL};
            switch (file_kind(f->paths[i], data, len)) {
            case REPORT_ACLED: r = acled_read(&src, &ro, NULL); break;
            case REPORT_GED: r = ged_read(&src, &ro, NULL); break;
            case REPORT_TRACK: r = track_read(&src, TRACK_AUTO, &ro, NULL); break;
            default: r = impl_read(&src, IMPL_AUTO, &ro, NULL); break;
            }
        }
        arena_release(&ar);
    }
    return r;
}
