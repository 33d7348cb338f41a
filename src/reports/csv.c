/* csv.c: the RFC 4180 CSV reader (quoted fields, doubled quotes, embedded commas and newlines,
 * CRLF, a UTF-8 BOM) and header matching. It is the hot path of position feeds, so it scans with
 * SSE2 (a byte table elsewhere) and copies each record once into a reused buffer, with no
 * per-field allocation. Not what the columns mean (acled.c, ged.c, track.c, impl.c). */
/* Speed: 1,000,000 rows of `unit,time,lon,lat` (45.8 MB in memory, every record read to the end)
 * in 0.034 s of CPU time on one core (gcc 12 -O2, Intel Xeon VM, best of 10; 0.054 s while the
 * shared 2-core VM was loaded; clang 14 -O2: 0.066 s under load), measured with
 *     make build/tests/test_reports && TRUCE_BENCH_CSV=1 build/tests/test_reports
 * (bench_csv in tests/unit/test_reports.c). A plain byte loop over the same text takes 0.13 s here,
 * memchr for the newlines alone 0.018 s. */
#include "reports/csv.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Bytes that stop the scan of an unquoted field, and of a quoted one. */
static const unsigned char plain_stop[256] = {['\0'] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1, ['"'] = 1};
static const unsigned char quoted_stop[256] = {['\0'] = 1, ['\n'] = 1, ['"'] = 1};

void csv_init(csv_reader *r, arena *ar, const source *src)
{
    memset(r, 0, sizeof *r);
    r->src = src;
    r->ar = ar;
    r->base = src->text ? src->text : "";
    r->p = r->base;
    r->end = r->base + (src->text ? src->len : 0);
    r->line = 1;
    if (r->end - r->p >= 3 && memcmp(r->p, "\xEF\xBB\xBF", 3) == 0) {
        r->p += 3;
        r->line_off = 3; /* columns count from after the mark */
    }
}

static int grow_buf(csv_reader *r, size_t more)
{
    size_t cap = r->bcap ? r->bcap * 2 : 4096;
    while (cap - r->blen < more) cap *= 2;
    char *nb = arena_alloc(r->ar, cap);
    if (!nb) return TRUCE_ENOMEM;
    if (r->blen) memcpy(nb, r->buf, r->blen);
    r->buf = nb;
    r->bcap = cap;
    return 0;
}

static inline int append(csv_reader *r, const char *s, size_t n)
{
    if (r->bcap - r->blen < n + 1 && grow_buf(r, n + 1)) return TRUCE_ENOMEM;
    memcpy(r->buf + r->blen, s, n);
    r->blen += n;
    return 0;
}

static void set_error(csv_reader *r, const char *why, const char *at, int line, size_t line_off)
{
    if (r->error) return;
    r->error = why;
    r->error_off = (size_t)(at - r->base);
    r->error_line = line;
    r->error_line_off = line_off;
}

static csv_field *push_field(csv_reader *r)
{
    if (r->nfields == r->fcap) {
        size_t cap = r->fcap ? r->fcap * 2 : 32;
        csv_field *nf = arena_alloc(r->ar, cap * sizeof *nf);
        if (!nf) return NULL;
        if (r->nfields) memcpy(nf, r->fields, r->nfields * sizeof *nf);
        r->fields = nf;
        r->fcap = cap;
    }
    return &r->fields[r->nfields++];
}

/* The first byte at or after p that stops an unquoted field (or end). SSE2 looks at 16 bytes at
 * a time, which is what makes the reader faster than a plain byte loop; the table does the rest. */
static inline const char *scan_plain(const char *p, const char *end)
{
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                  quote = _mm_set1_epi8('"'), nul = _mm_setzero_si128();
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, nl)),
                                 _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, quote)),
                                              _mm_cmpeq_epi8(v, nul)));
        unsigned mask = (unsigned)_mm_movemask_epi8(m);
        if (mask) return p + __builtin_ctz(mask);
        p += 16;
    }
#endif
    while (p < end && !plain_stop[(unsigned char)*p]) p++;
    return p;
}

/* Appends s[0..n) and a NUL as one value; short values move in one or two 16-byte copies. */
static inline int append_value(csv_reader *r, const char *s, size_t n, const char *end)
{
    if (r->bcap - r->blen < n + 33 && grow_buf(r, n + 33)) return TRUCE_ENOMEM;
    char *dst = r->buf + r->blen;
#if defined(__SSE2__)
    if (n <= 32 && end - s >= 32) {
        _mm_storeu_si128((__m128i *)(void *)dst, _mm_loadu_si128((const __m128i *)(const void *)s));
        if (n > 16)
            _mm_storeu_si128((__m128i *)(void *)(dst + 16), _mm_loadu_si128((const __m128i *)(const void *)(s + 16)));
    } else
#endif
        memcpy(dst, s, n);
    (void)end;
    dst[n] = '\0';
    r->blen += n + 1;
    return 0;
}

/* A CR ends an unquoted field only as part of CRLF or as the last byte of the input. */
static inline int cr_ends(const char *p, const char *end) { return p + 1 == end || p[1] == '\n'; }

int csv_next(csv_reader *r)
{
    const char *p = r->p, *end = r->end, *base = r->base;
    r->nfields = 0;
    r->blen = 0;
    r->error = NULL;
    for (;;) { /* blank lines */
        if (p >= end) {
            r->p = p;
            return 0;
        }
        if (*p == '\n' || (*p == '\r' && cr_ends(p, end))) {
            p += *p == '\r' ? 1 : 0;
            if (p < end) p++;
            r->line++;
            r->line_off = (size_t)(p - base);
            continue;
        }
        break;
    }
    r->row++;
    for (;;) {
        csv_field *f = push_field(r);
        if (!f) return TRUCE_ENOMEM;
        f->off = (size_t)(p - base);
        f->line = r->line;
        f->line_off = r->line_off;
        f->voff = r->blen;
        if (p < end && *p == '"') {
            p++;
            for (;;) {
                const char *s = p;
                while (p < end && !quoted_stop[(unsigned char)*p]) p++;
                if (append(r, s, (size_t)(p - s))) return TRUCE_ENOMEM;
                if (p >= end) {
                    set_error(r, "a quoted field is not closed before the end of the file", base + f->off, f->line,
                              f->line_off);
                    break;
                }
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') {
                        if (append(r, "\"", 1)) return TRUCE_ENOMEM;
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (*p == '\0') set_error(r, "a field contains a NUL byte", p, r->line, r->line_off);
                else {
                    r->line++;
                    r->line_off = (size_t)(p + 1 - base);
                }
                if (append(r, p, 1)) return TRUCE_ENOMEM;
                p++;
            }
            if (p < end && *p != ',' && *p != '\n' && !(*p == '\r' && cr_ends(p, end))) {
                set_error(r, "text after the closing quote of a field (a quote inside a field is written \"\")", p,
                          r->line, r->line_off);
                goto plain; /* keep the rest of the field as it is written, so the columns stay in place */
            }
        } else {
        plain:;
            const char *s = p;
            for (;;) {
                p = scan_plain(p, end);
                if (p >= end || *p == ',' || *p == '\n' || (*p == '\r' && cr_ends(p, end))) break;
                if (*p == '\0') set_error(r, "a field contains a NUL byte", p, r->line, r->line_off);
                p++; /* a quote inside an unquoted field, a lone CR: data */
            }
            if (r->blen == f->voff) { /* the whole value is here: the fast path */
                if (append_value(r, s, (size_t)(p - s), end)) return TRUCE_ENOMEM;
                f->len = (size_t)(p - s);
                goto next;
            }
            if (append(r, s, (size_t)(p - s))) return TRUCE_ENOMEM;
        }
        f->len = r->blen - f->voff;
        if (append(r, "", 0)) return TRUCE_ENOMEM;
        r->buf[r->blen++] = '\0';
    next:
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        r->end_off = (size_t)(p - base);
        r->end_line = r->line;
        r->end_line_off = r->line_off;
        if (p < end && *p == '\r') p++;
        if (p < end && *p == '\n') {
            p++;
            r->line++;
            r->line_off = (size_t)(p - base);
        }
        break;
    }
    for (size_t i = 0; i < r->nfields; i++) r->fields[i].s = r->buf + r->fields[i].voff;
    r->p = p;
    return 1;
}

static pos make_pos(const csv_reader *r, int line, size_t line_off, size_t off)
{
    int col = 1;
    for (size_t i = line_off; i < off && i < (size_t)(r->end - r->base); i++)
        col += ((unsigned char)r->base[i] & 0xC0) != 0x80;
    pos at = {r->src, line, col};
    return at;
}

pos csv_field_pos(const csv_reader *r, const csv_field *f) { return make_pos(r, f->line, f->line_off, f->off); }
pos csv_error_pos(const csv_reader *r) { return make_pos(r, r->error_line, r->error_line_off, r->error_off); }
pos csv_end_pos(const csv_reader *r) { return make_pos(r, r->end_line, r->end_line_off, r->end_off); }

static int name_is(const char *s, size_t len, const char *name)
{
    while (len && (*s == ' ' || *s == '\t')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    size_t n = strlen(name);
    return n == len && strncasecmp(s, name, n) == 0;
}

int csv_header(const csv_reader *r, diag_sink *sink, const char *what, const char *const *names,
               const unsigned char *required, size_t n, int *idx)
{
    int errors = 0;
    for (size_t i = 0; i < n; i++) idx[i] = -1;
    for (size_t k = 0; k < r->nfields; k++) {
        const csv_field *f = &r->fields[k];
        size_t i = 0;
        while (i < n && !name_is(f->s, f->len, names[i])) i++;
        if (i == n) {
            diag_report(sink, TRUCE_WARNING, csv_field_pos(r, f), NULL, "unknown %s column '%.80s' is ignored", what,
                        f->s);
        } else if (idx[i] >= 0) {
            diag_report(sink, TRUCE_ERROR, csv_field_pos(r, f), NULL, "column '%s' appears twice in the %s header",
                        names[i], what);
            errors++;
        } else {
            idx[i] = (int)k;
        }
    }
    pos at = r->nfields ? csv_field_pos(r, &r->fields[0]) : csv_end_pos(r);
    for (size_t i = 0; i < n; i++) {
        if (required[i] && idx[i] < 0) {
            diag_report(sink, TRUCE_ERROR, at, NULL, "the %s header has no column '%s' (required)", what, names[i]);
            errors++;
        }
    }
    return errors;
}
