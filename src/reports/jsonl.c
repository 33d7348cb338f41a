/* jsonl.c: JSON Lines for the report readers: splitting a file into lines, parsing each with
 * json-c and turning its parse errors (a byte offset) into line:col, and JSON members as checked
 * values. Not the keys any format expects (track.c, impl.c). */
#include <string.h>

#include "reports/internal.h"
#include "util/file.h"

rfield json_rfield(json_object *v, pos at)
{
    rfield f = {"", 0, at, RF_ABSENT};
    switch (json_object_get_type(v)) {
    case json_type_null: break;
    case json_type_string:
        f.kind = RF_STRING;
        f.s = json_object_get_string(v);
        f.len = (size_t)json_object_get_string_len(v);
        break;
    case json_type_int:
    case json_type_double:
        f.kind = RF_NUMBER;
        f.s = json_object_get_string(v);
        f.len = strlen(f.s);
        break;
    default: f.kind = RF_OTHER; break;
    }
    return f;
}

int jsonl_lines(const source *src, const report_read_opts *o, report_stats *st, jsonl_line_fn fn, void *ctx)
{
    json_tokener *tok = json_tokener_new();
    if (!tok) return TRUCE_ENOMEM;
    const char *data = src->text ? src->text : "";
    size_t len = src->text ? src->len : 0, off = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) off = 3;
    int line = 0, rc = 0;
    const char *text;
    size_t l;
    while (rc == 0 && file_next_line(data, len, &off, &text, &l)) {
        line++;
        size_t lead = 0;
        while (lead < l && (text[lead] == ' ' || text[lead] == '\t' || text[lead] == '\x1e')) lead++;
        if (lead == l) continue;
        st->rows++;
        row_ctx c = {o, "", 0};
        pos at = {src, line, char_col(text, lead)};
        if (memchr(text, '\0', l)) {
            row_error(&c, at, "the line contains a NUL byte");
            st->rejected++;
            continue;
        }
        if (l - lead > 0x7fffffff) {
            row_error(&c, at, "the line is too long");
            st->rejected++;
            continue;
        }
        json_tokener_reset(tok);
        json_object *obj = json_tokener_parse_ex(tok, text + lead, (int)(l - lead));
        enum json_tokener_error jerr = json_tokener_get_error(tok);
        size_t end = lead + json_tokener_get_parse_end(tok);
        if (jerr == json_tokener_continue) {
            json_object_put(obj);
            at.col = char_col(text, l);
            row_error(&c, at, "the line ends inside a JSON value (each report is one object on one line)");
        } else if (!obj || jerr != json_tokener_success) {
            json_object_put(obj);
            at.col = char_col(text, end < l ? end : l);
            row_error(&c, at, "not JSON: %s", json_tokener_error_desc(jerr));
        } else {
            size_t rest = end;
            while (rest < l && (text[rest] == ' ' || text[rest] == '\t')) rest++;
            if (rest < l) {
                at.col = char_col(text, rest);
                row_error(&c, at, "text after the JSON object (each report is one object on one line)");
            } else if (json_object_get_type(obj) != json_type_object) {
                row_error(&c, at, "each line must be a JSON object, got %s",
                          json_type_to_name(json_object_get_type(obj)));
            } else {
                rc = fn(&c, obj, line, text, l, ctx);
            }
            json_object_put(obj);
        }
        if (c.errors) st->rejected++;
    }
    json_tokener_free(tok);
    return rc;
}

