/* diff_json.c: the differences between two versions as JSON (json-c builds and prints it), for
 * programs: the counts, then each clause that changed with its changed fields. Values are as
 * written (strings; whole numbers as numbers); deadlines carry their agreement days, redrawn
 * zones their areas in km². Unchanged clauses and fields are left out. */
#include <json-c/json.h>
#include <stdlib.h>

#include "render/render.h"

typedef struct jctx {
    int oom;
} jctx;

static void put(jctx *j, json_object *o, const char *k, json_object *v)
{
    if (!o || json_object_object_add(o, k, v) != 0) j->oom = 1;
}

static json_object *val(const char *v, int numeric)
{
    if (!v) return NULL;
    if (numeric) return json_object_new_int64(strtoll(v, NULL, 10));
    return json_object_new_string(v);
}

static json_object *day(long d) { return d == DAY_UNKNOWN ? NULL : json_object_new_int64(d); }

/* km² rounded to 2 decimals, written as it is in text */
static json_object *km2(double v)
{
    char buf[32];
    diff_km2(v, buf, sizeof buf);
    return json_object_new_double_s(strtod(buf, NULL), buf);
}

static json_object *field_json(jctx *j, const diff_field *f)
{
    json_object *o = json_object_new_object();
    put(j, o, "field", json_object_new_string(f->name));
    put(j, o, "change", json_object_new_string(diff_what_names[f->what]));
    put(j, o, "a", val(f->a, f->numeric));
    put(j, o, "b", val(f->b, f->numeric));
    if (f->has_days) {
        put(j, o, "day_a", day(f->day_a));
        put(j, o, "day_b", day(f->day_b));
    }
    if (f->has_area) {
        put(j, o, "km2_a", km2(f->area_a));
        put(j, o, "km2_b", km2(f->area_b));
        put(j, o, "km2_gained", km2(f->gained));
        put(j, o, "km2_lost", km2(f->lost));
    }
    return o;
}

int diff_render_json(const diff_result *d, FILE *out)
{
    jctx jj = {0}, *j = &jj;
    json_object *root = json_object_new_object();
    if (!root) return TRUCE_ENOMEM;
    put(j, root, "a", d->name_a ? json_object_new_string(d->name_a) : NULL);
    put(j, root, "b", d->name_b ? json_object_new_string(d->name_b) : NULL);
    put(j, root, "changes", json_object_new_int64((int64_t)d->nchanges));
    put(j, root, "clauses_added", json_object_new_int64((int64_t)d->added));
    put(j, root, "clauses_removed", json_object_new_int64((int64_t)d->removed));
    put(j, root, "clauses_changed", json_object_new_int64((int64_t)d->changed));
    json_object *cs = json_object_new_array();
    for (size_t i = 0; cs && i < d->nclauses; i++) {
        const diff_clause *c = &d->clauses[i];
        if (c->what == DIFF_SAME) continue;
        json_object *o = json_object_new_object();
        put(j, o, "section", json_object_new_string(diff_section_names[c->section]));
        put(j, o, "id", json_object_new_string(c->id));
        put(j, o, "change", json_object_new_string(diff_what_names[c->what]));
        if (c->label_a) put(j, o, "label_a", json_object_new_string(c->label_a));
        if (c->label_b) put(j, o, "label_b", json_object_new_string(c->label_b));
        json_object *fs = json_object_new_array();
        for (size_t k = 0; fs && k < c->nfields; k++)
            if (c->fields[k].what != DIFF_SAME && json_object_array_add(fs, field_json(j, &c->fields[k])) != 0) j->oom = 1;
        put(j, o, "fields", fs);
        if (!o || json_object_array_add(cs, o) != 0) j->oom = 1;
    }
    put(j, root, "clauses", cs);
    return render_json_finish(root, j->oom, out);
}
