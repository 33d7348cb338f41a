/* json.c: the agreement and its resolved schedule as JSON (json-c builds and prints it), for
 * programs: `truce show --format json` writes everything, `truce timeline --format json` the
 * phases and the schedule rows. Days are agreement days; dates appear when day 1 is known. */
#include <json-c/json.h>
#include <stdio.h>

#include "render/render.h"

typedef struct jctx {
    const truce_agreement *a;
    const schedule *s;
    int oom;
} jctx;

static json_object *str(const char *s) { return s ? json_object_new_string(s) : NULL; }

static void put(jctx *j, json_object *o, const char *k, json_object *v)
{
    if (json_object_object_add(o, k, v) != 0) j->oom = 1;
}

static void put_str(jctx *j, json_object *o, const char *k, const char *v)
{
    if (v) put(j, o, k, str(v));
}

static json_object *strs(const char *const *v, size_t n)
{
    json_object *arr = json_object_new_array();
    for (size_t i = 0; arr && i < n; i++) json_object_array_add(arr, json_object_new_string(v[i]));
    return arr;
}

/* {"day": 43, "date": "2025-03-02"} or null when not known */
static json_object *day(jctx *j, long d)
{
    if (d == DAY_UNKNOWN) return NULL;
    json_object *o = json_object_new_object();
    if (!o) {
        j->oom = 1;
        return NULL;
    }
    put(j, o, "day", json_object_new_int64(d));
    truce_date date = schedule_date(j->s, d);
    if (date != TRUCE_DATE_NONE) {
        char b[11];
        put(j, o, "date", json_object_new_string(truce_date_format(date, b)));
    }
    return o;
}

static json_object *when_json(const when *w)
{
    char buf[128];
    return w->kind ? json_object_new_string(when_describe(w, buf, sizeof buf)) : NULL;
}

static json_object *phase_json(jctx *j, const phase *p)
{
    json_object *o = json_object_new_object();
    put_str(j, o, "id", p->id);
    put_str(j, o, "title", p->title);
    put(j, o, "days", p->days ? json_object_new_int64(p->days) : NULL);
    char starts[128];
    snprintf(starts, sizeof starts, p->after ? "after %s" : "day 1", p->after ? p->after->id : "");
    put(j, o, "starts", json_object_new_string(starts));
    put(j, o, "start", day(j, p->start_day));
    put(j, o, "end", day(j, p->end_day));
    if (p->nrequires) put(j, o, "requires", strs(p->requires_ids, p->nrequires));
    if (p->if_not) put_str(j, o, "if_not_met", p->if_not == IFNOT_CONTINUE ? "continue" : "lapse");
    put_str(j, o, "note", p->note);
    return o;
}

static json_object *row_json(jctx *j, const sched_row *r)
{
    json_object *o = json_object_new_object();
    put_str(j, o, "obligation", r->ob->id);
    put_str(j, o, "kind", kind_names[r->ob->kind]);
    put(j, o, "parties", strs(r->ob->party_ids, r->ob->nparties));
    if (r->ob->phase) put_str(j, o, "phase", r->ob->phase->id);
    if (r->opt) {
        put_str(j, o, "option", r->opt->id);
        put_str(j, o, "option_label", r->opt->label);
        put(j, o, "held_by", strs(r->opt->held_by, r->opt->nheld_by));
    }
    put(j, o, "from", day(j, r->from));
    put(j, o, "until", day(j, r->until));
    put(j, o, "by", day(j, r->by));
    json_object *ev = json_object_new_array();
    for (size_t i = 0; ev && i < r->nevents; i++) {
        json_object *e = day(j, r->days[i]);
        if (e && r->counts[i]) put(j, e, "count", json_object_new_int64(r->counts[i]));
        json_object_array_add(ev, e);
    }
    put(j, o, "events", ev);
    return o;
}

static json_object *quantity_json(jctx *j, const quantity *q)
{
    json_object *o = json_object_new_object();
    if (q->has_total) put(j, o, "total", json_object_new_int64(q->total));
    put_str(j, o, "unit", q->unit);
    if (q->has_rate) {
        put(j, o, "rate", json_object_new_int64(q->rate));
        put_str(j, o, "per", q->per);
    }
    if (q->nparts) {
        json_object *parts = json_object_new_array();
        for (size_t i = 0; parts && i < q->nparts; i++) {
            json_object *p = json_object_new_object();
            put(j, p, "count", json_object_new_int64(q->parts[i].count));
            put_str(j, p, "what", q->parts[i].what);
            json_object_array_add(parts, p);
        }
        put(j, o, "including", parts);
    }
    if (q->has_ratio) {
        json_object *r = json_object_new_object();
        put(j, r, "count", json_object_new_int64(q->ratio));
        put(j, r, "per", json_object_new_int64(q->ratio_per));
        put_str(j, r, "of", q->ratio_of_id);
        put_str(j, r, "note", q->ratio_note);
        put(j, o, "ratio", r);
    }
    put_str(j, o, "note", q->note);
    return o;
}

static json_object *obligation_json(jctx *j, const obligation *ob)
{
    json_object *o = json_object_new_object();
    put_str(j, o, "id", ob->id);
    put_str(j, o, "kind", kind_names[ob->kind]);
    put_str(j, o, "title", ob->title);
    put(j, o, "parties", strs(ob->party_ids, ob->nparties));
    put_str(j, o, "phase", ob->phase_id);
    put(j, o, "by", when_json(&ob->t.by));
    put(j, o, "from", when_json(&ob->t.from));
    put(j, o, "until", when_json(&ob->t.until));
    put_str(j, o, "zone", ob->t.zone_id);
    put_str(j, o, "route", ob->route_id);
    put_str(j, o, "crossing", ob->crossing_id);
    put_str(j, o, "forces", ob->forces);
    put_str(j, o, "persons", ob->persons);
    put_str(j, o, "activity", ob->activity);
    if (ob->hours_per_day) put(j, o, "hours_per_day", json_object_new_int64(ob->hours_per_day));
    if (ob->inspection >= 0) put(j, o, "inspection", json_object_new_boolean(ob->inspection));
    if (ob->q.has_total || ob->q.has_rate || ob->q.has_ratio || ob->q.nschedule || ob->q.note)
        put(j, o, "quantity", quantity_json(j, &ob->q));
    if (ob->noptions) {
        json_object *opts = json_object_new_array();
        for (size_t k = 0; opts && k < ob->noptions; k++) {
            const option *op = &ob->options[k];
            json_object *x = json_object_new_object();
            put_str(j, x, "id", op->id);
            put_str(j, x, "label", op->label);
            put(j, x, "held_by", strs(op->held_by, op->nheld_by));
            put(j, x, "by", when_json(&op->t.by));
            put(j, x, "from", when_json(&op->t.from));
            put(j, x, "until", when_json(&op->t.until));
            put_str(j, x, "zone", op->t.zone_id);
            put_str(j, x, "text", op->text);
            put_str(j, x, "source", op->source);
            json_object_array_add(opts, x);
        }
        put(j, o, "options", opts);
        put(j, o, "agreed", str(ob->agreed_id));
    }
    put(j, o, "tags", strs(ob->tags, ob->ntags));
    put_str(j, o, "text", ob->text);
    put(j, o, "sources", strs(ob->sources, ob->nsources));
    put_str(j, o, "note", ob->note);
    return o;
}

static json_object *zone_json(jctx *j, const zone *z)
{
    json_object *o = json_object_new_object();
    put_str(j, o, "id", z->id);
    put_str(j, o, "name", z->name);
    put_str(j, o, "made", zone_how_names[z->how]);
    if (z->how == ZONE_FEATURE) {
        put_str(j, o, "file", z->file);
        put_str(j, o, "feature", z->feature);
    } else if (z->how == ZONE_UNMAPPED) {
        put_str(j, o, "unmapped", z->unmapped);
    } else {
        put(j, o, "of", strs(z->operand_ids, z->noperands));
        if (z->how == ZONE_BUFFER) put(j, o, "distance_m", json_object_new_double(z->metres));
    }
    if (z->state == 2 && z->shape.kind == GEO_POLYGON) {
        char b[32];
        snprintf(b, sizeof b, "%.3f", geo_area_km2(&z->shape));
        put(j, o, "area_km2", json_object_new_double_s(geo_area_km2(&z->shape), b));
    }
    put_str(j, o, "source", z->source);
    put_str(j, o, "note", z->note);
    return o;
}

int render_json(const truce_agreement *a, const schedule *s, int timeline_only, FILE *out)
{
    jctx jj = {a, s, 0}, *j = &jj;
    json_object *root = json_object_new_object();
    if (!root) return TRUCE_ENOMEM;
    put_str(j, root, "id", a->id);
    put_str(j, root, "title", a->title);
    char b[11];
    put(j, root, "day_1", s->start != TRUCE_DATE_NONE ? json_object_new_string(truce_date_format(s->start, b)) : NULL);
    if (a->synthetic) put_str(j, root, "synthetic", a->synthetic);
    json_object *phases = json_object_new_array();
    for (size_t i = 0; phases && i < a->nphases; i++) json_object_array_add(phases, phase_json(j, &a->phases[i]));
    put(j, root, "phases", phases);
    if (timeline_only) {
        json_object *rows = json_object_new_array();
        for (size_t i = 0; rows && i < s->nrows; i++) json_object_array_add(rows, row_json(j, &s->rows[i]));
        put(j, root, "rows", rows);
    } else {
        put_str(j, root, "status", a->status);
        put_str(j, root, "timezone", a->timezone);
        put_str(j, root, "summary", a->summary);
        put_str(j, root, "note", a->note);
        json_object *ps = json_object_new_array();
        for (size_t i = 0; ps && i < a->nparties; i++) {
            const party *p = &a->parties[i];
            json_object *o = json_object_new_object();
            put_str(j, o, "id", p->id);
            put_str(j, o, "name", p->name);
            put_str(j, o, "role", role_names[p->role]);
            put(j, o, "aliases", strs(p->aliases, p->naliases));
            json_object_array_add(ps, o);
        }
        put(j, root, "parties", ps);
        json_object *obs = json_object_new_array();
        for (size_t i = 0; obs && i < a->nobligations; i++) json_object_array_add(obs, obligation_json(j, &a->obligations[i]));
        put(j, root, "obligations", obs);
        json_object *zs = json_object_new_array();
        for (size_t i = 0; zs && i < a->nzones; i++) json_object_array_add(zs, zone_json(j, &a->zones[i]));
        put(j, root, "zones", zs);
        json_object *rs = json_object_new_array();
        for (size_t i = 0; rs && i < a->nrefs; i++) {
            const source_ref *r = &a->refs[i];
            json_object *o = json_object_new_object();
            put_str(j, o, "id", r->id);
            put_str(j, o, "title", r->title);
            put_str(j, o, "publisher", r->publisher);
            if (r->date != TRUCE_DATE_NONE) put(j, o, "date", json_object_new_string(truce_date_format(r->date, b)));
            put_str(j, o, "url", r->url);
            put_str(j, o, "note", r->note);
            json_object_array_add(rs, o);
        }
        put(j, root, "sources", rs);
    }
    return render_json_finish(root, j->oom, out);
}

int render_json_finish(struct json_object *root, int oom, FILE *out)
{
    int r = 0;
    if (oom) {
        r = TRUCE_ENOMEM;
    } else {
        const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                                    JSON_C_TO_STRING_NOSLASHESCAPE);
        if (!text) r = TRUCE_ENOMEM;
        else if (fprintf(out, "%s\n", text) < 0) r = TRUCE_EIO;
    }
    json_object_put(root);
    return r;
}
