/* parse.c: what every report reader shares: names of kinds and actor types, the tables from a
 * source's location precision to an uncertainty radius, times and days, numbers, coordinates,
 * row diagnostics, and copying reports out of a reader's scratch memory. Not a format. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reports/internal.h"
#include "util/date.h"

const char *const report_kind_names[] = {"acled",    "ged",        "track", "release",
                                         "delivery", "crossing", "withdrawal", "talks"};
const char *const actor_type_names[] = {"",           "State forces", "Rebel group", "Political militia",
                                        "Identity militia", "Rioters", "Protesters", "Civilians",
                                        "External/Other forces"};

/* Uncertainty radius by location precision, in metres. Both sources give the coordinates of a
 * named place, never of the event itself, so even their best code means "in or near this town";
 * the radii are generous on purpose: a report must never look more precise than its source.
 * docs/reports.md explains each figure. */
double acled_geo_radius(int geo_precision)
{
    switch (geo_precision) {
    case 1: return 5000.0;   /* the town or village itself: its extent around its point */
    case 2: return 25000.0;  /* "near" a town, or a small region: ACLED's own ~25 km */
    case 3: return 150000.0; /* only the province (largest sub-national unit) is known */
    default: return -1.0;
    }
}

double ged_where_radius(int where_prec)
{
    switch (where_prec) {
    case 1: return 5000.0;    /* exact location: a named place, as ACLED 1 */
    case 2: return 25000.0;   /* within about 25 km of a known point */
    case 3: return 50000.0;   /* second-order administrative division (district) */
    case 4: return 150000.0;  /* first-order administrative division (province) */
    case 5: return 150000.0;  /* a part of a country, or along a linear feature (road, river, border) */
    case 6: return 1000000.0; /* only the country is known */
    case 7: return 1000000.0; /* international waters or airspace */
    default: return -1.0;
    }
}

/* ---- row diagnostics ---- */

static void row_diag(row_ctx *c, truce_severity sev, pos at, const char *fmt, va_list ap)
{
    char msg[768];
    vsnprintf(msg, sizeof msg, fmt, ap);
    diag_report(c->o->sink, sev, at, NULL, "%s%s", c->prefix, msg);
}

void row_error(row_ctx *c, pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    row_diag(c, TRUCE_ERROR, at, fmt, ap);
    va_end(ap);
    c->errors++;
}

void row_warning(row_ctx *c, pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    row_diag(c, TRUCE_WARNING, at, fmt, ap);
    va_end(ap);
}

/* ---- numbers ---- */

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) (*s)++, (*len)--;
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) (*len)--;
}

int parse_long(const char *s, size_t len, long *out)
{
    trim(&s, &len);
    int neg = 0;
    if (len && (*s == '-' || *s == '+')) neg = *s == '-', s++, len--;
    if (len == 0 || len > 18) return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

int parse_double(const char *s, size_t len, double *out)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    trim(&s, &len);
    if (len == 0 || len > 60) return -1;
    size_t i = 0;
    int neg = 0;
    if (s[i] == '-' || s[i] == '+') neg = s[i++] == '-';
    unsigned long long m = 0;
    int digits = 0, frac = 0, dot = 0, simple = 1;
    for (; i < len; i++) {
        char ch = s[i];
        if (ch >= '0' && ch <= '9') {
            if (digits || ch != '0') digits++;
            if (digits > 15) simple = 0;
            else m = m * 10 + (unsigned long long)(ch - '0');
            if (dot) frac++;
        } else if (ch == '.' && !dot) {
            dot = 1;
        } else if (ch == 'e' || ch == 'E' || ch == '+' || ch == '-') {
            simple = 0;
        } else {
            return -1; /* no inf, nan, hex or other text */
        }
    }
    if (simple) {
        /* at least one digit */
        int any = 0;
        for (size_t k = 0; k < len; k++) any |= s[k] >= '0' && s[k] <= '9';
        if (!any || frac > 22) simple = 0;
        else {
            double v = (double)m / pow10[frac];
            *out = neg ? -v : v;
            return 0;
        }
    }
    char buf[64];
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (end != buf + len || !isfinite(v) || end == buf) return -1;
    *out = v;
    return 0;
}

/* ---- times ---- */

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int report_parse_iso_time(const char *s, size_t len, long long *out, const char **why)
{
    *why = "is not an ISO 8601 time like 2025-01-20T06:00:00Z";
    if (len < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':')
        return -1;
    int y = num(s, 4), mo = num(s + 5, 2), d = num(s + 8, 2), h = num(s + 11, 2), mi = num(s + 14, 2), sec = 0;
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) return -1;
    size_t i = 16;
    if (i < len && s[i] == ':') {
        if (i + 3 > len || (sec = num(s + i + 1, 2)) < 0) return -1;
        i += 3;
        if (i < len && (s[i] == '.' || s[i] == ',')) {
            i++;
            size_t k = i;
            while (i < len && s[i] >= '0' && s[i] <= '9') i++;
            if (i == k) return -1;
        }
    }
    if (!date_is_valid_ymd(y, mo, d)) {
        *why = "is not a real calendar day";
        return -1;
    }
    if (h > 23 || mi > 59 || sec > 59) {
        *why = "is not a real time of day";
        return -1;
    }
    long off = 0;
    if (i == len) {
        *why = "has no time zone (write Z for UTC, or an offset like +02:00)";
        return -1;
    }
    if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
        off = 0;
    } else if (s[i] == '+' || s[i] == '-') {
        int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
        size_t rest = len - i - 1;
        const char *z = s + i + 1;
        if (rest == 2) oh = num(z, 2);
        else if (rest == 4) oh = num(z, 2), om = num(z + 2, 2);
        else if (rest == 5 && z[2] == ':') oh = num(z, 2), om = num(z + 3, 2);
        else return -1;
        if (oh < 0 || om < 0 || oh > 18 || om > 59) {
            *why = "has an impossible time zone offset";
            return -1;
        }
        off = sign * (oh * 3600L + om * 60L);
    } else {
        return -1;
    }
    *out = (long long)date_from_ymd(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + sec - off;
    *why = NULL;
    return 0;
}

int report_parse_day(const char *s, size_t len, truce_date *out)
{
    static const char *const months[] = {"january", "february", "march",     "april",   "may",      "june",
                                         "july",    "august",   "september", "october", "november", "december"};
    trim(&s, &len);
    if (len == 10 && s[4] == '-') return date_parse_n(s, len, out) ? -1 : 0;
    /* "19 January 2025", "19-January-2025", "19 Jan 2025" */
    size_t i = 0;
    int d = 0;
    while (i < len && i < 2 && s[i] >= '0' && s[i] <= '9') d = d * 10 + (s[i++] - '0');
    if (i == 0 || i >= len || (s[i] != ' ' && s[i] != '-')) return -1;
    size_t m0 = ++i;
    while (i < len && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) i++;
    size_t mlen = i - m0;
    if (mlen < 3 || i >= len || (s[i] != ' ' && s[i] != '-')) return -1;
    int mo = 0;
    for (int k = 0; k < 12 && !mo; k++) {
        size_t full = strlen(months[k]);
        if ((mlen == full || mlen == 3) && strncasecmp(s + m0, months[k], mlen) == 0) mo = k + 1;
    }
    i++;
    if (!mo || len - i != 4) return -1;
    int y = num(s + i, 4);
    if (y < 0 || !date_is_valid_ymd(y, mo, d)) return -1;
    *out = date_from_ymd(y, mo, d);
    return 0;
}

report_time time_days(truce_date from, truce_date until)
{
    report_time t = {from == until ? TIME_DAY : TIME_RANGE, (long long)from * 86400LL, from, until};
    return t;
}

const char *report_check_lonlat(double lon, double lat)
{
    if (!isfinite(lon) || !isfinite(lat)) return "coordinates must be finite numbers";
    if (lon < -180.0 || lon > 180.0) return "longitude is not between -180 and 180";
    if (lat < -90.0 || lat > 90.0) return "latitude is not between -90 and 90";
    if (lon == 0.0 && lat == 0.0) return "0,0 is where a missing location lands, not a place a report can be";
    return NULL;
}

/* ---- checked values ---- */

static const char *shown(const rfield *f)
{
    return f->kind == RF_OTHER ? "(not a text or number)" : f->s;
}

static int absent(const rfield *f)
{
    if (f->kind == RF_ABSENT) return 1;
    if (f->kind == RF_OTHER) return 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->s[i] != ' ' && f->s[i] != '\t') return 0;
    return 1;
}

int rf_text(row_ctx *c, const rfield *f, const char *name, int required, const char **out)
{
    *out = NULL;
    if (absent(f)) {
        if (!required) return 0;
        row_error(c, f->at, "%s: missing (required)", name);
        return -1;
    }
    if (f->kind == RF_OTHER) {
        row_error(c, f->at, "%s: must be a text", name);
        return -1;
    }
    if (strlen(f->s) != f->len) {
        row_error(c, f->at, "%s: contains a NUL byte", name);
        return -1;
    }
    *out = f->s;
    return 0;
}

int rf_long(row_ctx *c, const rfield *f, const char *name, int required, long min, long max, long *out)
{
    *out = REPORT_COUNT_NONE;
    if (absent(f)) {
        if (!required) return 0;
        row_error(c, f->at, "%s: missing (required)", name);
        return -1;
    }
    long v;
    if (f->kind == RF_STRING || f->kind == RF_OTHER || parse_long(f->s, f->len, &v)) {
        row_error(c, f->at, "%s: '%.40s' is not a whole number", name, shown(f));
        return -1;
    }
    if (v < min || v > max) {
        if (v < 0 && min == 0) row_error(c, f->at, "%s: %ld is negative", name, v);
        else row_error(c, f->at, "%s: %ld is not between %ld and %ld", name, v, min, max);
        return -1;
    }
    *out = v;
    return 0;
}

int rf_double(row_ctx *c, const rfield *f, const char *name, double *out)
{
    if (absent(f)) {
        row_error(c, f->at, "%s: missing (required)", name);
        return -1;
    }
    if (f->kind == RF_STRING || f->kind == RF_OTHER || parse_double(f->s, f->len, out)) {
        row_error(c, f->at, "%s: '%.40s' is not a number", name, shown(f));
        return -1;
    }
    return 0;
}

int rf_lonlat(row_ctx *c, const rfield *lon, const rfield *lat, double *olon, double *olat)
{
    int bad = rf_double(c, lon, "longitude", olon);
    bad |= rf_double(c, lat, "latitude", olat);
    if (bad) return -1;
    if (*olon < -180.0 || *olon > 180.0) {
        row_error(c, lon->at, "longitude: %s is not between -180 and 180", lon->s);
        bad = -1;
    }
    if (*olat < -90.0 || *olat > 90.0) {
        row_error(c, lat->at, "latitude: %s is not between -90 and 90", lat->s);
        bad = -1;
    }
    if (!bad && *olon == 0.0 && *olat == 0.0) {
        row_error(c, lon->at, "coordinates 0,0: where a missing location lands, not a place a report can be");
        bad = -1;
    }
    return bad ? -1 : 0;
}

int check_not_future(row_ctx *c, pos at, const char *name, const report_time *t)
{
    if (c->o->now == REPORT_NOW_NONE || t->at <= c->o->now) return 0;
    char b[11];
    row_error(c, at, "%s: in the future (after now, %s)", name, truce_date_format(date_of_seconds(c->o->now), b));
    return -1;
}

int rf_time(row_ctx *c, const rfield *f, const char *name, int allow_day, report_time *out)
{
    if (absent(f)) {
        row_error(c, f->at, "%s: missing (required)", name);
        return -1;
    }
    if (f->kind != RF_TEXT && f->kind != RF_STRING) {
        row_error(c, f->at, "%s: must be a text like 2025-01-20T06:00:00Z", name);
        return -1;
    }
    const char *s = f->s;
    size_t len = f->len;
    trim(&s, &len);
    truce_date day;
    if (allow_day && len == 10) {
        if (date_parse_n(s, len, &day)) {
            row_error(c, f->at, "%s: '%.40s' is not a real calendar day (YYYY-MM-DD)", name, f->s);
            return -1;
        }
        *out = time_days(day, day);
    } else {
        long long t;
        const char *why;
        if (report_parse_iso_time(s, len, &t, &why)) {
            row_error(c, f->at, "%s: '%.40s' %s", name, f->s, why);
            return -1;
        }
        truce_date dd = date_of_seconds(t);
        report_time r = {TIME_EXACT, t, dd, dd};
        *out = r;
    }
    return check_not_future(c, f->at, name, out);
}

rfield csv_rfield(const csv_reader *r, int idx)
{
    rfield f = {"", 0, {r->src, 0, 0}, RF_ABSENT};
    if (idx < 0 || (size_t)idx >= r->nfields) return f;
    const csv_field *cf = &r->fields[idx];
    f.s = cf->s;
    f.len = cf->len;
    f.at = csv_field_pos(r, cf);
    f.kind = RF_TEXT;
    return f;
}

int char_col(const char *text, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off; i++) col += ((unsigned char)text[i] & 0xC0) != 0x80;
    return col;
}

pos json_key_pos(const source *src, int line, const char *text, size_t len, const char *key)
{
    pos at = {src, line, 1};
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl + 2 <= len; i++) {
        if (text[i] == '"' && memcmp(text + i + 1, key, kl) == 0 && text[i + 1 + kl] == '"') {
            at.col = char_col(text, i);
            break;
        }
    }
    return at;
}

int format_from_name(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot) return 0;
    if (strcasecmp(dot, ".csv") == 0) return 'c';
    if (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0 || strcasecmp(dot, ".geojsonl") == 0 ||
        strcasecmp(dot, ".geojsons") == 0)
        return 'j';
    if (strcasecmp(dot, ".geojson") == 0 || strcasecmp(dot, ".json") == 0) return 'g';
    return 0;
}

int deliver_report(const report_read_opts *o, report_stats *st, const report *r)
{
    st->accepted++;
    return o->fn(r, o->user);
}

/* ---- CSV files of reports ---- */

int csv_rows(const source *src, const report_read_opts *o, report_stats *st, const csv_format *f)
{
    const char *what = f->what;
    report_stats dummy;
    if (!st) st = &dummy;
    memset(st, 0, sizeof *st);
    arena ar;
    arena_init(&ar, o->alloc);
    csv_reader r;
    csv_init(&r, &ar, src);
    int idx[64];
    int rc = f->ncols <= 64 ? csv_next(&r) : TRUCE_EARG;
    if (rc < 0) goto out;
    if (rc == 0) {
        diag_file(o->sink, TRUCE_ERROR, src->name, "empty file: no %s header", what);
        rc = TRUCE_ESYNTAX;
        goto out;
    }
    if (r.error) {
        diag_report(o->sink, TRUCE_ERROR, csv_error_pos(&r), NULL, "%s header: %s", what, r.error);
        rc = TRUCE_ESYNTAX;
        goto out;
    }
    size_t width = r.nfields;
    if (csv_header(&r, o->sink, what, f->cols, f->required, f->ncols, idx)) {
        rc = TRUCE_ESYNTAX;
        goto out;
    }
    if (f->header) f->header(&r, idx, o->sink);
    while ((rc = csv_next(&r)) == 1) {
        st->rows++;
        row_ctx c = {o, "", 0};
        snprintf(c.prefix, sizeof c.prefix, "row %ld: ", r.row);
        if (r.error) {
            row_error(&c, csv_error_pos(&r), "%s", r.error);
        } else if (r.nfields != width) {
            pos at = r.nfields < width ? csv_end_pos(&r) : csv_field_pos(&r, &r.fields[width]);
            row_error(&c, at, "has %zu fields, the header has %zu", r.nfields, width);
        } else {
            report rep;
            f->row(&c, &r, idx, &rep, f->ctx);
            if (!c.errors) {
                rc = deliver_report(o, st, &rep);
                if (rc) goto out;
                continue;
            }
        }
        st->rejected++;
    }
out:
    arena_release(&ar);
    return rc;
}

/* ---- copies ---- */

static int dup(arena *ar, const char **s)
{
    if (!*s) return 0;
    *s = arena_strdup(ar, *s);
    return *s ? 0 : -1;
}

report *report_copy(arena *ar, const report *r)
{
    report *c = arena_alloc(ar, sizeof *c);
    if (!c) return NULL;
    *c = *r;
    const char **strs[] = {&c->source_id, &c->actor1,     &c->actor2,   &c->assoc1,   &c->assoc2,
                           &c->unit,      &c->party,      &c->event_type, &c->sub_event_type,
                           &c->category,  &c->obligation, &c->crossing, &c->zone,     &c->place,
                           &c->country,   &c->notes,      &c->source};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (dup(ar, strs[i])) return NULL;
    if (r->nparties) {
        c->parties = arena_alloc(ar, r->nparties * sizeof *c->parties);
        if (!c->parties) return NULL;
        for (size_t i = 0; i < r->nparties; i++) {
            c->parties[i] = r->parties[i];
            if (dup(ar, &c->parties[i])) return NULL;
        }
    }
    return c;
}

int report_forward_each(const report *r, void *user)
{
    const report_forward *f = user;
    return f->fn((const truce_field_report *)(const void *)r, f->user);
}

void report_init(report *r, report_kind k)
{
    memset(r, 0, sizeof *r);
    r->kind = k;
    r->lon = r->lat = NAN;
    r->persons = r->trucks = r->fuel_trucks = REPORT_COUNT_NONE;
    r->fatalities = r->fatalities_low = r->fatalities_high = REPORT_COUNT_NONE;
}

int report_collect(const report *r, void *user)
{
    report_list *l = user;
    report *c = report_copy(l->ar, r);
    if (!c) return TRUCE_ENOMEM;
    report *slot = vec_push(l->ar, &l->items, sizeof *slot);
    if (!slot) return TRUCE_ENOMEM;
    *slot = *c;
    return 0;
}
