/* diff.c: compares two loaded agreements clause by clause: clauses are matched by id within
 * their section (agreement, parties, zones, phases, obligations and their options), and each
 * field is compared as written and, for deadlines, as the agreement day it resolves to; a zone
 * redrawn gets the area gained and lost. It never changes either agreement and never prints:
 * The renderers and the public call truce_diff are in src/render (diff_*.c, views.c). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"

const char *const diff_section_names[] = {"agreement", "party", "zone", "phase", "obligation"};
const char *const diff_section_titles[] = {"Agreement", "Parties", "Zones", "Phases", "Obligations"};
const char *const diff_what_names[] = {"same", "changed", "added", "removed", "settled", "reopened", "redrawn"};

/* The comparison of one pair of zones, kept so each pair is measured once. */
typedef struct zone_cmp {
    const zone *za, *zb;
    int same;      /* the shapes are identical, point for point */
    int has_area;  /* both are built areas: the numbers below are known */
    double area_a, area_b, gained, lost;
} zone_cmp;

typedef struct builder {
    arena *ar;
    const truce_agreement *a, *b;
    geo_ctx *geo;  /* made on first use */
    vec clauses;   /* diff_clause */
    vec fields;    /* diff_field of the clause being built */
    vec zones;     /* zone_cmp */
    int err;
} builder;

const char *diff_km2(double v, char *buf, size_t cap)
{
    if (v < 0.005 && v > -0.005) v = 0; /* no "-0.00" */
    snprintf(buf, cap, "%.2f", v);
    return buf;
}

/* ---- fields ---------------------------------------------------------------------------------- */

static char *dup(builder *B, const char *s)
{
    if (!s) return NULL;
    char *r = arena_strdup(B->ar, s);
    if (!r) B->err = TRUCE_ENOMEM;
    return r;
}

static char *fmt(builder *B, const char *f, ...) __attribute__((format(printf, 2, 3)));
static char *fmt(builder *B, const char *f, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    return dup(B, buf);
}

static int same_str(const char *x, const char *y) { return (!x && !y) || (x && y && !strcmp(x, y)); }

static diff_what what_of(const char *x, const char *y)
{
    if (same_str(x, y)) return DIFF_SAME;
    return !x ? DIFF_ADDED : !y ? DIFF_REMOVED : DIFF_CHANGED;
}

/* Adds a field; both values NULL: nothing to show, nothing added. Returns it (valid until the
 * next push) or NULL. */
static diff_field *field(builder *B, const char *name, const char *x, const char *y, int quoted)
{
    if (B->err || (!x && !y)) return NULL;
    diff_field *f = vec_push(B->ar, &B->fields, sizeof *f);
    if (!f) {
        B->err = TRUCE_ENOMEM;
        return NULL;
    }
    f->name = dup(B, name);
    f->a = dup(B, x);
    f->b = dup(B, y);
    f->quoted = quoted;
    f->what = what_of(x, y);
    f->day_a = f->day_b = DAY_UNKNOWN;
    return f;
}

static void num(builder *B, const char *name, int has_x, long x, int has_y, long y)
{
    char bx[32], by[32];
    snprintf(bx, sizeof bx, "%ld", x);
    snprintf(by, sizeof by, "%ld", y);
    diff_field *f = field(B, name, has_x ? bx : NULL, has_y ? by : NULL, 0);
    if (f) f->numeric = 1;
}

/* "[a, b]", or NULL for an empty list */
static char *list(builder *B, const char *const *v, size_t n)
{
    if (!n) return NULL;
    size_t len = 3;
    for (size_t i = 0; i < n; i++) len += strlen(v[i] ? v[i] : "?") + 2;
    char *s = arena_alloc(B->ar, len);
    if (!s) {
        B->err = TRUCE_ENOMEM;
        return NULL;
    }
    size_t o = 0;
    s[o++] = '[';
    for (size_t i = 0; i < n; i++) {
        const char *x = v[i] ? v[i] : "?";
        if (i) s[o++] = ',', s[o++] = ' ';
        memcpy(s + o, x, strlen(x));
        o += strlen(x);
    }
    s[o++] = ']';
    s[o] = '\0';
    return s;
}

static void lists(builder *B, const char *name, const char *const *x, size_t nx, const char *const *y, size_t ny)
{
    field(B, name, list(B, x, nx), list(B, y, ny), 0);
}

/* A deadline as written and as the agreement day it falls on in each version. */
static void deadline(builder *B, const char *name, const when *x, const obligation *ox, const when *y,
                     const obligation *oy)
{
    char wx[128], wy[128];
    int hx = x && x->kind != WHEN_NONE, hy = y && y->kind != WHEN_NONE;
    diff_field *f = field(B, name, hx ? when_describe(x, wx, sizeof wx) : NULL, hy ? when_describe(y, wy, sizeof wy) : NULL, 1);
    if (!f) return;
    f->has_days = 1;
    /* "24 hours before each ..." is many days, not one */
    if (hx && !(x->kind == WHEN_RELATIVE && x->each)) f->day_a = when_day(B->a, x, ox);
    if (hy && !(y->kind == WHEN_RELATIVE && y->each)) f->day_b = when_day(B->b, y, oy);
    if (f->what == DIFF_SAME && f->day_a != f->day_b) f->what = DIFF_CHANGED;
}

/* ---- zones ----------------------------------------------------------------------------------- */

static int same_shape(const geo_shape *x, const geo_shape *y)
{
    if (x->kind != y->kind || x->n != y->n) return 0;
    for (size_t i = 0; i < x->n; i++) {
        if (x->parts[i].n != y->parts[i].n) return 0;
        for (size_t k = 0; k < x->parts[i].n; k++) {
            const geo_ring *rx = &x->parts[i].rings[k], *ry = &y->parts[i].rings[k];
            if (rx->n != ry->n) return 0;
            for (size_t p = 0; p < rx->n; p++)
                if (rx->pts[p].lon != ry->pts[p].lon || rx->pts[p].lat != ry->pts[p].lat) return 0;
        }
    }
    return 1;
}

static int built(const zone *z) { return z && z->state == 2; }

/* Compares two zones' shapes (either may be NULL or unbuilt); the result lives in B->zones. */
static zone_cmp compare_zones(builder *B, const zone *za, const zone *zb)
{
    zone_cmp c = {za, zb, 0, 0, 0, 0, 0, 0};
    zone_cmp *items = B->zones.items;
    for (size_t i = 0; i < B->zones.n; i++)
        if (items[i].za == za && items[i].zb == zb) return items[i];
    if (built(za) && built(zb)) c.same = same_shape(&za->shape, &zb->shape);
    else c.same = !built(za) && !built(zb);
    if (!c.same && built(za) && built(zb) && za->shape.kind == GEO_POLYGON && zb->shape.kind == GEO_POLYGON) {
        if (!B->geo && !(B->geo = geo_ctx_new())) {
            B->err = TRUCE_ENOMEM;
            return c;
        }
        geo_shape lost, gained;
        int r = geo_combine(B->geo, B->ar, GEO_DIFFERENCE, &za->shape, &zb->shape, &lost);
        if (r == 0) r = geo_combine(B->geo, B->ar, GEO_DIFFERENCE, &zb->shape, &za->shape, &gained);
        if (r) {
            B->err = r;
            return c;
        }
        c.has_area = 1;
        c.area_a = geo_area_km2(&za->shape);
        c.area_b = geo_area_km2(&zb->shape);
        c.lost = geo_area_km2(&lost);
        c.gained = geo_area_km2(&gained);
    }
    zone_cmp *slot = vec_push(B->ar, &B->zones, sizeof *slot);
    if (!slot) B->err = TRUCE_ENOMEM;
    else *slot = c;
    return c;
}

static void put_area(diff_field *f, const zone_cmp *c)
{
    if (!f || !c->has_area) return;
    f->has_area = 1;
    f->area_a = c->area_a;
    f->area_b = c->area_b;
    f->gained = c->gained;
    f->lost = c->lost;
}

/* The zone an obligation or option names: its id, and when both versions name a zone whose
 * shape differs (redrawn, or another zone), the area gained and lost. */
static void zone_field(builder *B, const char *name, const char *idx, const zone *zx, const char *idy, const zone *zy)
{
    diff_field *f = field(B, name, idx, idy, 0);
    if (!f || !zx || !zy) return;
    zone_cmp c = compare_zones(B, zx, zy);
    f = &((diff_field *)B->fields.items)[B->fields.n - 1];
    if (c.same) return;
    if (f->what == DIFF_SAME) f->what = DIFF_REDRAWN;
    put_area(f, &c);
}

static char *zone_shape_text(builder *B, const zone *z)
{
    if (!z) return NULL;
    char k1[32];
    if (z->how == ZONE_UNMAPPED) return NULL;
    if (!built(z)) return dup(B, "not built");
    switch (z->shape.kind) {
    case GEO_POLYGON: return fmt(B, "%s km²", diff_km2(geo_area_km2(&z->shape), k1, sizeof k1));
    case GEO_LINE: return fmt(B, "a line %.2f km long", geo_length_m(&z->shape) / 1000);
    case GEO_POINT: return dup(B, z->shape.n == 1 ? "a point" : "points");
    default: return dup(B, "empty");
    }
}

static char *zone_how_text(builder *B, const zone *z)
{
    if (!z) return NULL;
    switch (z->how) {
    case ZONE_FEATURE: return fmt(B, "feature '%s' of %s", z->feature ? z->feature : "?", z->file ? z->file : "?");
    case ZONE_BUFFER:
        return fmt(B, "within %g m of '%s'", z->metres, z->noperands ? z->operand_ids[0] : "?");
    case ZONE_UNMAPPED: return fmt(B, "not mapped: %s", z->unmapped ? z->unmapped : "");
    default: {
        char *l = list(B, z->operand_ids, z->noperands);
        return fmt(B, "%s of %s", zone_how_names[z->how], l ? l : "[]");
    }
    }
}

/* ---- clauses --------------------------------------------------------------------------------- */

static void begin(builder *B) { memset(&B->fields, 0, sizeof B->fields); }

static void end(builder *B, diff_section sec, const char *id, const char *label_a, const char *label_b, int in_a, int in_b)
{
    if (B->err) return;
    diff_clause *c = vec_push(B->ar, &B->clauses, sizeof *c);
    if (!c) {
        B->err = TRUCE_ENOMEM;
        return;
    }
    c->section = sec;
    c->id = dup(B, id);
    c->label_a = dup(B, label_a);
    c->label_b = dup(B, label_b);
    c->fields = B->fields.items;
    c->nfields = B->fields.n;
    if (!in_a || !in_b) {
        c->what = in_a ? DIFF_REMOVED : DIFF_ADDED;
        c->nchanges = 1;
        return;
    }
    for (size_t i = 0; i < c->nfields; i++) c->nchanges += c->fields[i].what != DIFF_SAME;
    c->what = c->nchanges ? DIFF_CHANGED : DIFF_SAME;
}

static void agreement_clause(builder *B)
{
    const truce_agreement *x = B->a, *y = B->b;
    char dx[16] = "when signed", dy[16] = "when signed";
    if (x->start != TRUCE_DATE_NONE) truce_date_format(x->start, dx);
    if (y->start != TRUCE_DATE_NONE) truce_date_format(y->start, dy);
    begin(B);
    field(B, "id", x->id, y->id, 0);
    field(B, "title", x->title, y->title, 1);
    field(B, "status", x->status, y->status, 1);
    field(B, "day 1", dx, dy, 0);
    field(B, "time zone", x->timezone, y->timezone, 0);
    field(B, "synthetic", x->synthetic, y->synthetic, 1);
    field(B, "summary", x->summary, y->summary, 1);
    field(B, "note", x->note, y->note, 1);
    end(B, DIFF_AGREEMENT, y->id ? y->id : x->id, x->title, y->title, 1, 1);
}

static void party_clause(builder *B, const party *x, const party *y)
{
    begin(B);
    field(B, "name", x ? x->name : NULL, y ? y->name : NULL, 1);
    field(B, "role", x ? role_names[x->role] : NULL, y ? role_names[y->role] : NULL, 0);
    field(B, "aliases", x ? list(B, x->aliases, x->naliases) : NULL, y ? list(B, y->aliases, y->naliases) : NULL, 0);
    field(B, "note", x ? x->note : NULL, y ? y->note : NULL, 1);
    end(B, DIFF_PARTY, x ? x->id : y->id, x ? x->name : NULL, y ? y->name : NULL, x != NULL, y != NULL);
}

static void zone_clause(builder *B, const zone *x, const zone *y)
{
    begin(B);
    field(B, "name", x ? x->name : NULL, y ? y->name : NULL, 1);
    diff_field *how = field(B, "made as", zone_how_text(B, x), zone_how_text(B, y), 1);
    /* the same feature read from a file named by another relative path (a version kept in a
     * subfolder) is the same zone when its shape is the same */
    if (how && x && y && x->how == ZONE_FEATURE && y->how == ZONE_FEATURE && same_str(x->feature, y->feature) &&
        built(x) && built(y) && same_shape(&x->shape, &y->shape))
        how->what = DIFF_SAME;
    diff_field *f = field(B, "shape", zone_shape_text(B, x), zone_shape_text(B, y), 0);
    if (f && x && y) {
        zone_cmp c = compare_zones(B, x, y);
        f = &((diff_field *)B->fields.items)[B->fields.n - 1];
        if (!c.same) f->what = DIFF_REDRAWN;
        put_area(f, &c);
    }
    field(B, "source", x ? x->source : NULL, y ? y->source : NULL, 0);
    field(B, "note", x ? x->note : NULL, y ? y->note : NULL, 1);
    end(B, DIFF_ZONE, x ? x->id : y->id, x ? x->name : NULL, y ? y->name : NULL, x != NULL, y != NULL);
}

static char *phase_days(builder *B, const phase *p)
{
    if (!p) return NULL;
    return p->days ? fmt(B, "%ld", p->days) : dup(B, "open");
}

static char *phase_starts(builder *B, const phase *p)
{
    if (!p) return NULL;
    if (p->after) return fmt(B, "after %s", p->after->id);
    if (p->after_id) return fmt(B, "after %s", p->after_id);
    return dup(B, "day 1");
}

static char *phase_runs(builder *B, const phase *p)
{
    if (!p) return NULL;
    if (p->start_day == DAY_UNKNOWN) return dup(B, "not yet known");
    if (p->end_day == DAY_UNKNOWN) return fmt(B, "from day %ld, open-ended", p->start_day);
    return fmt(B, "days %ld to %ld", p->start_day, p->end_day);
}

static const char *if_not_name(const phase *p)
{
    if (!p) return NULL;
    return p->if_not == IFNOT_CONTINUE ? "continue" : p->if_not == IFNOT_LAPSE ? "lapse" : NULL;
}

static void phase_clause(builder *B, const phase *x, const phase *y)
{
    begin(B);
    field(B, "title", x ? x->title : NULL, y ? y->title : NULL, 1);
    diff_field *f = field(B, "days", phase_days(B, x), phase_days(B, y), 0);
    if (f) f->numeric = x && y && x->days && y->days;
    field(B, "starts", phase_starts(B, x), phase_starts(B, y), 0);
    field(B, "runs", phase_runs(B, x), phase_runs(B, y), 1);
    lists(B, "requires", x ? x->requires_ids : NULL, x ? x->nrequires : 0, y ? y->requires_ids : NULL,
          y ? y->nrequires : 0);
    field(B, "if not met", if_not_name(x), if_not_name(y), 0);
    field(B, "text", x ? x->text : NULL, y ? y->text : NULL, 1);
    field(B, "source", x ? x->source : NULL, y ? y->source : NULL, 0);
    field(B, "note", x ? x->note : NULL, y ? y->note : NULL, 1);
    end(B, DIFF_PHASE, x ? x->id : y->id, x ? x->title : NULL, y ? y->title : NULL, x != NULL, y != NULL);
}

static char *sched_text(builder *B, const sched_entry *e)
{
    char w1[128], w2[128];
    switch (e->kind) {
    case SCHED_ON: return fmt(B, "%ld on %s", e->count, when_describe(&e->on, w1, sizeof w1));
    case SCHED_EVERY:
        return fmt(B, "%ld every %ld days from %s to %s", e->count, e->every,
                            when_describe(&e->from, w1, sizeof w1), when_describe(&e->until, w2, sizeof w2));
    default:
        return fmt(B, "%ld between %s and %s", e->count, when_describe(&e->from, w1, sizeof w1),
                            when_describe(&e->until, w2, sizeof w2));
    }
}

static char *parts_text(builder *B, const quantity *q)
{
    if (!q || !q->nparts) return NULL;
    const char **v = arena_alloc(B->ar, q->nparts * sizeof *v);
    if (!v) {
        B->err = TRUCE_ENOMEM;
        return NULL;
    }
    for (size_t i = 0; i < q->nparts; i++)
        v[i] = fmt(B, "%ld %s", q->parts[i].count, q->parts[i].what ? q->parts[i].what : "");
    return list(B, v, q->nparts);
}

static char *ratio_text(builder *B, const quantity *q)
{
    if (!q || !q->has_ratio) return NULL;
    return fmt(B, "%ld per %ld of %s%s%s", q->ratio, q->ratio_per, q->ratio_of_id ? q->ratio_of_id : "?",
                        q->ratio_note ? ", " : "", q->ratio_note ? q->ratio_note : "");
}

static char *rate_text(builder *B, const quantity *q)
{
    if (!q || !q->has_rate) return NULL;
    return fmt(B, "%ld a %s", q->rate, q->per ? q->per : "day");
}

static void quantity_fields(builder *B, const quantity *x, const quantity *y)
{
    num(B, "total", x && x->has_total, x ? x->total : 0, y && y->has_total, y ? y->total : 0);
    field(B, "unit", x ? x->unit : NULL, y ? y->unit : NULL, 0);
    field(B, "who", x ? x->who : NULL, y ? y->who : NULL, 1);
    field(B, "rate", rate_text(B, x), rate_text(B, y), 1);
    field(B, "including", parts_text(B, x), parts_text(B, y), 0);
    field(B, "ratio", ratio_text(B, x), ratio_text(B, y), 1);
    size_t nx = x ? x->nschedule : 0, ny = y ? y->nschedule : 0;
    for (size_t i = 0; i < nx || i < ny; i++) {
        char name[48];
        snprintf(name, sizeof name, "schedule entry %zu", i + 1);
        field(B, name, i < nx ? sched_text(B, &x->schedule[i]) : NULL, i < ny ? sched_text(B, &y->schedule[i]) : NULL, 1);
    }
    field(B, "figures", x ? x->note : NULL, y ? y->note : NULL, 1);
}

static const char *inspection_text(const obligation *o)
{
    if (!o || o->inspection < 0) return NULL;
    return o->inspection ? "with inspection" : "without inspection";
}

static const char *ob_label(const obligation *o)
{
    if (!o) return NULL;
    return o->title ? o->title : o->text ? o->text : kind_titles[o->kind];
}

static char *option_label(builder *B, const option *o)
{
    char w[128];
    if (o->label) return dup(B, o->label);
    if (o->t.by.kind) return fmt(B, "by %s", when_describe(&o->t.by, w, sizeof w));
    return dup(B, o->id);
}

/* The options of two versions of one obligation, matched by id. */
static void option_fields(builder *B, const obligation *x, const obligation *y)
{
    size_t nx = x ? x->noptions : 0, ny = y ? y->noptions : 0;
    char name[160];
    /* in x's order, then those only y has */
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < (pass ? ny : nx); i++) {
            const option *ox = pass ? NULL : &x->options[i], *oy = NULL;
            if (pass) {
                oy = &y->options[i];
                int seen = 0;
                for (size_t k = 0; k < nx && !seen; k++) seen = same_str(x->options[k].id, oy->id);
                if (seen) continue;
            } else {
                for (size_t k = 0; k < ny && !oy; k++)
                    if (same_str(y->options[k].id, ox->id)) oy = &y->options[k];
            }
            const char *id = ox ? ox->id : oy->id;
            if (!ox || !oy || !x || !y) {
                snprintf(name, sizeof name, "option %s", id);
                field(B, name, ox ? option_label(B, ox) : NULL, oy ? option_label(B, oy) : NULL, 1);
                continue;
            }
            snprintf(name, sizeof name, "option %s label", id);
            field(B, name, ox->label, oy->label, 1);
            snprintf(name, sizeof name, "option %s held by", id);
            lists(B, name, ox->held_by, ox->nheld_by, oy->held_by, oy->nheld_by);
            snprintf(name, sizeof name, "option %s deadline", id);
            deadline(B, name, &ox->t.by, x, &oy->t.by, y);
            snprintf(name, sizeof name, "option %s from", id);
            deadline(B, name, &ox->t.from, x, &oy->t.from, y);
            snprintf(name, sizeof name, "option %s until", id);
            deadline(B, name, &ox->t.until, x, &oy->t.until, y);
            snprintf(name, sizeof name, "option %s zone", id);
            zone_field(B, name, ox->t.zone_id, ox->t.zone, oy->t.zone_id, oy->t.zone);
            snprintf(name, sizeof name, "option %s text", id);
            field(B, name, ox->text, oy->text, 1);
            snprintf(name, sizeof name, "option %s source", id);
            field(B, name, ox->source, oy->source, 0);
        }
    /* settled (agreed set), reopened (agreed removed), or another option agreed */
    diff_field *f = field(B, "agreed", x ? x->agreed_id : NULL, y ? y->agreed_id : NULL, 0);
    if (f && x && y) {
        if (f->what == DIFF_ADDED) f->what = DIFF_SETTLED;
        if (f->what == DIFF_REMOVED) f->what = DIFF_REOPENED;
        terms tx = obligation_terms(x), ty = obligation_terms(y);
        f->has_days = 1;
        f->day_a = tx.by.kind ? when_day(B->a, &tx.by, x) : DAY_UNKNOWN;
        f->day_b = ty.by.kind ? when_day(B->b, &ty.by, y) : DAY_UNKNOWN;
    }
}

static void obligation_clause(builder *B, const obligation *x, const obligation *y)
{
    begin(B);
    field(B, "title", x ? x->title : NULL, y ? y->title : NULL, 1);
    field(B, "kind", x ? kind_names[x->kind] : NULL, y ? kind_names[y->kind] : NULL, 0);
    lists(B, "parties", x ? x->party_ids : NULL, x ? x->nparties : 0, y ? y->party_ids : NULL, y ? y->nparties : 0);
    field(B, "phase", x ? x->phase_id : NULL, y ? y->phase_id : NULL, 0);
    deadline(B, "deadline", x ? &x->t.by : NULL, x, y ? &y->t.by : NULL, y);
    deadline(B, "from", x ? &x->t.from : NULL, x, y ? &y->t.from : NULL, y);
    deadline(B, "until", x ? &x->t.until : NULL, x, y ? &y->t.until : NULL, y);
    zone_field(B, "zone", x ? x->t.zone_id : NULL, x ? x->t.zone : NULL, y ? y->t.zone_id : NULL, y ? y->t.zone : NULL);
    field(B, "route", x ? x->route_id : NULL, y ? y->route_id : NULL, 0);
    field(B, "crossing", x ? x->crossing_id : NULL, y ? y->crossing_id : NULL, 0);
    field(B, "forces", x ? x->forces : NULL, y ? y->forces : NULL, 1);
    field(B, "activity", x ? x->activity : NULL, y ? y->activity : NULL, 1);
    num(B, "hours a day", x && x->hours_per_day, x ? x->hours_per_day : 0, y && y->hours_per_day,
        y ? y->hours_per_day : 0);
    field(B, "inspection", inspection_text(x), inspection_text(y), 0);
    field(B, "persons", x ? x->persons : NULL, y ? y->persons : NULL, 1);
    quantity_fields(B, x ? &x->q : NULL, y ? &y->q : NULL);
    field(B, "text", x ? x->text : NULL, y ? y->text : NULL, 1);
    lists(B, "tags", x ? x->tags : NULL, x ? x->ntags : 0, y ? y->tags : NULL, y ? y->ntags : 0);
    lists(B, "sources", x ? x->sources : NULL, x ? x->nsources : 0, y ? y->sources : NULL, y ? y->nsources : 0);
    field(B, "note", x ? x->note : NULL, y ? y->note : NULL, 1);
    option_fields(B, x, y);
    end(B, DIFF_OBLIGATION, x ? x->id : y->id, ob_label(x), ob_label(y), x != NULL, y != NULL);
}

/* ---- matching -------------------------------------------------------------------------------- */

/* Every item type compared here starts with `const char *id`. */
#define ID_AT(base, size, i) (*(const char *const *)(const void *)((const char *)(base) + (size) * (i)))

typedef void (*pair_fn)(builder *B, const void *x, const void *y);

static long find_id(const void *base, size_t n, size_t size, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (same_str(ID_AT(base, size, i), id)) return (long)i;
    return -1;
}

/* Pairs the items of two versions by id, in a merged order: a's order, with the items only b has
 * placed before the first item that follows them in b. */
static void match(builder *B, const void *xa, size_t na, const void *xb, size_t nb, size_t size, pair_fn fn)
{
    unsigned char *done = nb ? calloc(nb, 1) : NULL;
    if (nb && !done) {
        B->err = TRUCE_ENOMEM;
        return;
    }
    for (size_t i = 0; i < na && !B->err; i++) {
        const void *x = (const char *)xa + size * i;
        long j = find_id(xb, nb, size, ID_AT(xa, size, i));
        if (j >= 0 && find_id(xa, i, size, ID_AT(xa, size, i)) >= 0) j = -1; /* a duplicate id in a */
        if (j < 0) {
            fn(B, x, NULL);
            continue;
        }
        for (size_t k = 0; k < (size_t)j; k++)
            if (!done[k] && find_id(xa, na, size, ID_AT(xb, size, k)) < 0) {
                done[k] = 1;
                fn(B, NULL, (const char *)xb + size * k);
            }
        done[j] = 1;
        fn(B, x, (const char *)xb + size * (size_t)j);
    }
    for (size_t k = 0; k < nb && !B->err; k++)
        if (!done[k]) fn(B, NULL, (const char *)xb + size * k);
    free(done);
}

static void party_pair(builder *B, const void *x, const void *y) { party_clause(B, x, y); }
static void zone_pair(builder *B, const void *x, const void *y) { zone_clause(B, x, y); }
static void phase_pair(builder *B, const void *x, const void *y) { phase_clause(B, x, y); }
static void obligation_pair(builder *B, const void *x, const void *y) { obligation_clause(B, x, y); }

int diff_build(const truce_agreement *a, const truce_agreement *b, arena *ar, diff_result *out)
{
    builder B = {.ar = ar, .a = a, .b = b};
    memset(out, 0, sizeof *out);
    agreement_clause(&B);
    match(&B, a->parties, a->nparties, b->parties, b->nparties, sizeof(party), party_pair);
    match(&B, a->zones, a->nzones, b->zones, b->nzones, sizeof(zone), zone_pair);
    match(&B, a->phases, a->nphases, b->phases, b->nphases, sizeof(phase), phase_pair);
    match(&B, a->obligations, a->nobligations, b->obligations, b->nobligations, sizeof(obligation), obligation_pair);
    geo_ctx_free(B.geo);
    if (B.err) return B.err;
    out->name_a = a->path;
    out->name_b = b->path;
    out->clauses = B.clauses.items;
    out->nclauses = B.clauses.n;
    for (size_t i = 0; i < out->nclauses; i++) {
        const diff_clause *c = &out->clauses[i];
        out->nchanges += c->nchanges;
        out->added += c->what == DIFF_ADDED;
        out->removed += c->what == DIFF_REMOVED;
        out->changed += c->what == DIFF_CHANGED;
    }
    return 0;
}
