/* track.c: position tracks (a unit or party seen at a time and place) from JSON Lines (json-c;
 * flat objects or GeoJSON Point features, one a line), a GeoJSON FeatureCollection of Points
 * (through the tree reader, so every value keeps its line and column) and CSV
 * (unit,party,time,lon,lat[,accuracy][,id]). Times are ISO 8601 with a zone, made UTC. Not the
 * judgement of where a unit may be. */
#include <stdio.h>
#include <string.h>

#include "reports/internal.h"
#include "util/tree.h"

enum { T_UNIT, T_PARTY, T_TIME, T_LON, T_LAT, T_ACCURACY, T_ID, T_N };
static const char *const names[T_N] = {"unit", "party", "time", "lon", "lat", "accuracy", "id"};
static const unsigned char required[T_N] = {[T_TIME] = 1, [T_LON] = 1, [T_LAT] = 1};

/* One track report from its values; v[T_*] may be RF_ABSENT. idbuf holds the row number when the
 * report has no id. */
static void track_build(row_ctx *c, const rfield *v, pos at, long rowno, char *idbuf, size_t idcap, report *rep)
{
    report_init(rep, REPORT_TRACK);
    rep->at = at;
    rf_text(c, &v[T_UNIT], "unit", 0, &rep->unit);
    rf_text(c, &v[T_PARTY], "party", 0, &rep->party);
    if (!rep->unit && !rep->party && !c->errors) row_error(c, at, "neither a unit nor a party is given");
    rf_time(c, &v[T_TIME], "time", 0, &rep->time);
    rf_lonlat(c, &v[T_LON], &v[T_LAT], &rep->lon, &rep->lat);
    if (v[T_ACCURACY].kind != RF_ABSENT && v[T_ACCURACY].len) {
        if (rf_double(c, &v[T_ACCURACY], "accuracy", &rep->radius_m) == 0 && !(rep->radius_m >= 0.0))
            row_error(c, v[T_ACCURACY].at, "accuracy: %s is negative (metres)", v[T_ACCURACY].s);
    }
    rf_text(c, &v[T_ID], "id", 0, &rep->source_id);
    if (!rep->source_id) {
        /* the row number, in decimal: by hand, as it is done for every row of millions */
        char dig[24];
        size_t n = 0, o = 0;
        unsigned long num = rowno < 0 ? 0UL - (unsigned long)rowno : (unsigned long)rowno;
        do dig[n++] = (char)('0' + num % 10); while ((num /= 10) != 0);
        if (rowno < 0 && o + 1 < idcap) idbuf[o++] = '-';
        while (n && o + 1 < idcap) idbuf[o++] = dig[--n];
        idbuf[o] = '\0';
        rep->source_id = idbuf;
    }
}

/* ---- CSV ---- */

static void csv_track_row(row_ctx *c, const csv_reader *r, const int *idx, report *rep, void *ctx)
{
    rfield v[T_N];
    pos at = csv_field_pos(r, &r->fields[0]);
    for (int i = 0; i < T_N; i++) {
        v[i] = csv_rfield(r, idx[i]);
        if (v[i].kind == RF_ABSENT) v[i].at = at;
    }
    track_build(c, v, at, r->row, ctx, 24, rep);
}

static void csv_track_header(const csv_reader *r, const int *idx, diag_sink *sink)
{
    if (idx[T_UNIT] < 0 && idx[T_PARTY] < 0)
        diag_report(sink, TRUCE_WARNING, csv_field_pos(r, &r->fields[0]), NULL,
                    "the track header has neither 'unit' nor 'party': every row will be rejected");
}

static int track_line(row_ctx *c, json_object *obj, int line, const char *text, size_t len, void *vctx)
{
    jsonl_ctx *j = vctx;
    json_object *props = obj, *t, *geom = NULL;
    pos at = {j->src, line, 1};
    rfield v[T_N];
    int feature = json_object_object_get_ex(obj, "type", &t) && json_object_get_type(t) == json_type_string &&
                  strcmp(json_object_get_string(t), "Feature") == 0;
    if (feature) {
        json_object *p;
        if (!json_object_object_get_ex(obj, "properties", &p) || json_object_get_type(p) != json_type_object) {
            row_error(c, json_key_pos(j->src, line, text, len, "properties"),
                      "a track feature needs properties (unit, party, time)");
            return 0;
        }
        props = p;
        json_object_object_get_ex(obj, "geometry", &geom);
    }
    for (int i = 0; i < T_N; i++) {
        json_object *m = NULL;
        json_object_object_get_ex(props, names[i], &m);
        v[i] = json_rfield(m, m ? json_key_pos(j->src, line, text, len, names[i]) : at);
    }
    if (feature) {
        pos gat = json_key_pos(j->src, line, text, len, geom ? "coordinates" : "geometry");
        json_object *gt = NULL, *coords = NULL;
        if (!geom || json_object_get_type(geom) != json_type_object ||
            !json_object_object_get_ex(geom, "type", &gt) || json_object_get_type(gt) != json_type_string ||
            strcmp(json_object_get_string(gt), "Point") != 0 ||
            !json_object_object_get_ex(geom, "coordinates", &coords) ||
            json_object_get_type(coords) != json_type_array || json_object_array_length(coords) < 2) {
            row_error(c, gat, "a track feature's geometry must be a Point with [lon, lat]");
            return 0;
        }
        v[T_LON] = json_rfield(json_object_array_get_idx(coords, 0), gat);
        v[T_LAT] = json_rfield(json_object_array_get_idx(coords, 1), gat);
    }
    char idbuf[24];
    report rep;
    track_build(c, v, at, line, idbuf, sizeof idbuf, &rep);
    return c->errors ? 0 : deliver_report(j->o, j->st, &rep);
}

/* ---- GeoJSON ---- */

static rfield tree_rfield(const tree *t, pos at)
{
    rfield f = {"", 0, at, RF_ABSENT};
    if (!t) return f;
    f.at = t->at;
    if (t->kind != TREE_SCALAR) {
        f.kind = RF_OTHER;
        return f;
    }
    if (!t->quoted && tree_is_null(t)) return f;
    f.s = t->str;
    f.len = t->len;
    double d;
    if (t->quoted) f.kind = RF_STRING;
    else f.kind = parse_double(t->str, t->len, &d) == 0 ? RF_NUMBER : RF_OTHER;
    return f;
}

static int is_type(const tree *t, const char *type)
{
    const tree *ty = tree_get(t, "type");
    return ty && ty->kind == TREE_SCALAR && strcmp(ty->str, type) == 0;
}

static int geojson_read(const source *src, const report_read_opts *o, report_stats *st)
{
    arena ar;
    arena_init(&ar, o->alloc);
    int err = 0, rc = 0;
    tree *doc = tree_parse(&ar, src, o->sink, &err);
    if (!doc) {
        rc = err ? err : TRUCE_ESYNTAX;
        goto out;
    }
    const tree *features = NULL;
    const tree *single = NULL;
    if (doc->kind == TREE_MAP && is_type(doc, "FeatureCollection")) {
        features = tree_get(doc, "features");
        if (!features || features->kind != TREE_SEQ) {
            diag_report(o->sink, TRUCE_ERROR, features ? features->at : doc->at, NULL,
                        "a FeatureCollection needs a list of features");
            rc = TRUCE_ESYNTAX;
            goto out;
        }
    } else if (doc->kind == TREE_MAP && is_type(doc, "Feature")) {
        single = doc;
    } else {
        diag_report(o->sink, TRUCE_ERROR, doc->at, NULL, "not a GeoJSON FeatureCollection or Feature");
        rc = TRUCE_ESYNTAX;
        goto out;
    }
    size_t n = single ? 1 : features->n;
    for (size_t k = 0; k < n && rc == 0; k++) {
        const tree *f = single ? single : features->items[k];
        st->rows++;
        row_ctx c = {o, "", 0};
        snprintf(c.prefix, sizeof c.prefix, "feature %zu: ", k + 1);
        const tree *props = f->kind == TREE_MAP ? tree_get(f, "properties") : NULL;
        const tree *geom = f->kind == TREE_MAP ? tree_get(f, "geometry") : NULL;
        const tree *coords = geom && geom->kind == TREE_MAP ? tree_get(geom, "coordinates") : NULL;
        if (f->kind != TREE_MAP || !is_type(f, "Feature")) {
            row_error(&c, f->at, "not a GeoJSON Feature");
        } else if (!props || props->kind != TREE_MAP) {
            row_error(&c, props ? props->at : f->at, "a track feature needs properties (unit, party, time)");
        } else if (!geom || geom->kind != TREE_MAP || !is_type(geom, "Point") || !coords ||
                   coords->kind != TREE_SEQ || coords->n < 2) {
            row_error(&c, geom ? geom->at : f->at, "a track feature's geometry must be a Point with [lon, lat]");
        } else {
            rfield v[T_N];
            for (int i = 0; i < T_N; i++) v[i] = tree_rfield(tree_get(props, names[i]), f->at);
            v[T_LON] = tree_rfield(coords->items[0], coords->at);
            v[T_LAT] = tree_rfield(coords->items[1], coords->at);
            char idbuf[24];
            report rep;
            track_build(&c, v, f->at, (long)k + 1, idbuf, sizeof idbuf, &rep);
            if (!c.errors) {
                rc = deliver_report(o, st, &rep);
                continue;
            }
        }
        st->rejected++;
    }
out:
    arena_release(&ar);
    return rc;
}

int track_read(const source *src, track_format fmt, const report_read_opts *o, report_stats *st)
{
    report_stats dummy;
    if (!st) st = &dummy;
    memset(st, 0, sizeof *st);
    if (fmt == TRACK_AUTO) {
        int g = format_from_name(src->name);
        if (g == 'c') fmt = TRACK_CSV;
        else if (g == 'j') fmt = TRACK_JSONL;
        else if (g == 'g') fmt = TRACK_GEOJSON;
        else {
            /* by content: a first line that is a whole object is JSON Lines; '{' otherwise GeoJSON */
            size_t i = 0;
            const char *s = src->text ? src->text : "";
            size_t len = src->text ? src->len : 0;
            while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' || s[i] == '\x1e')) i++;
            if (i < len && s[i] == '{') {
                const char *nl = memchr(s + i, '\n', len - i);
                size_t l = nl ? (size_t)(nl - (s + i)) : len - i;
                json_tokener *tok = json_tokener_new();
                if (!tok) return TRUCE_ENOMEM;
                json_object *obj = json_tokener_parse_ex(tok, s + i, l > 0x7fffffff ? 0x7fffffff : (int)l), *t;
                fmt = obj && json_tokener_get_error(tok) == json_tokener_success ? TRACK_JSONL : TRACK_GEOJSON;
                if (fmt == TRACK_JSONL && json_object_object_get_ex(obj, "type", &t) &&
                    json_object_get_type(t) == json_type_string &&
                    strcmp(json_object_get_string(t), "FeatureCollection") == 0)
                    fmt = TRACK_GEOJSON; /* a whole collection on one line */
                json_object_put(obj);
                json_tokener_free(tok);
            } else {
                fmt = TRACK_CSV;
            }
        }
    }
    if (fmt == TRACK_CSV) {
        char idbuf[24];
        csv_format f = {"track", names, required, T_N, csv_track_header, csv_track_row, idbuf};
        return csv_rows(src, o, st, &f);
    }
    if (fmt == TRACK_GEOJSON) return geojson_read(src, o, st);
    jsonl_ctx j = {src, o, st};
    return jsonl_lines(src, o, st, track_line, &j);
}
