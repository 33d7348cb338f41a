/* when.c: the small language of deadlines: "day 22", "day 5 of phase-2", "2025-01-19",
 * "start of phase-2", "end of phase-1", "24 hours before each release-hostages",
 * "2 days after withdraw-netzarim". Parsing only; resolve.c gives them agreement days. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "util/date.h"

typedef struct lexer {
    const char *s;
    size_t i, len;
} lexer;

/* Next word (run of non-space characters) into w; returns its length, 0 at the end. */
static size_t next_word(lexer *lx, const char **w)
{
    while (lx->i < lx->len && isspace((unsigned char)lx->s[lx->i])) lx->i++;
    size_t start = lx->i;
    while (lx->i < lx->len && !isspace((unsigned char)lx->s[lx->i])) lx->i++;
    *w = lx->s + start;
    return lx->i - start;
}

static int word_is(const char *w, size_t n, const char *lit) { return n == strlen(lit) && !strncmp(w, lit, n); }

static int parse_long(const char *w, size_t n, long *out)
{
    if (n == 0 || n > 9) return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)w[i])) return -1;
        v = v * 10 + (w[i] - '0');
    }
    *out = v;
    return 0;
}

static pos at_col(pos p, const lexer *lx, const char *w, int quoted)
{
    /* Point at the word inside a one-line scalar: its column plus the offset (and the quote). */
    p.col += (int)(w - lx->s) + (quoted ? 1 : 0);
    return p;
}

static const char *const when_forms =
    "write 'day N', 'day N of PHASE', 'YYYY-MM-DD', 'start of PHASE', 'end of PHASE', "
    "or 'N hours|days before|after [each] OBLIGATION'";

int when_parse(truce_agreement *a, const tree *node, when *out)
{
    memset(out, 0, sizeof *out);
    out->at = node->at;
    if (node->kind != TREE_SCALAR) {
        diag_report(&a->sink, TRUCE_ERROR, node->at, when_forms, "expected a day or date, got %s",
                    tree_kind_name(node));
        return 1;
    }
    out->text = node->str;
    lexer lx = {node->str, 0, node->len};
    const char *w;
    size_t n = next_word(&lx, &w);
    long num;
    if (n == 0) goto bad;
    if (date_parse_n(w, n, &out->date) == 0) {
        out->kind = WHEN_DATE;
    } else if (word_is(w, n, "day")) {
        n = next_word(&lx, &w);
        if (parse_long(w, n, &out->day) != 0 || out->day < 1) {
            diag_report(&a->sink, TRUCE_ERROR, at_col(node->at, &lx, w, node->quoted),
                        "days are counted from 1, as in 'day 1'", "expected a day number after 'day'");
            return 1;
        }
        out->kind = WHEN_DAY;
        n = next_word(&lx, &w);
        if (n) {
            if (!word_is(w, n, "of")) goto bad_at;
            n = next_word(&lx, &w);
            if (!n) goto bad;
            out->phase_id = arena_strndup(&a->ar, w, n);
            out->at = at_col(node->at, &lx, w, node->quoted);
        }
    } else if (word_is(w, n, "start") || word_is(w, n, "end")) {
        out->kind = w[0] == 's' ? WHEN_PHASE_START : WHEN_PHASE_END;
        n = next_word(&lx, &w);
        if (!word_is(w, n, "of")) goto bad_at;
        n = next_word(&lx, &w);
        if (!n) goto bad;
        out->phase_id = arena_strndup(&a->ar, w, n);
        out->at = at_col(node->at, &lx, w, node->quoted);
    } else if (parse_long(w, n, &num) == 0) {
        n = next_word(&lx, &w);
        long unit;
        if (word_is(w, n, "hours") || word_is(w, n, "hour")) unit = 1;
        else if (word_is(w, n, "days") || word_is(w, n, "day")) unit = 24;
        else goto bad_at;
        n = next_word(&lx, &w);
        long sign;
        if (word_is(w, n, "before")) sign = -1;
        else if (word_is(w, n, "after")) sign = 1;
        else goto bad_at;
        out->kind = WHEN_RELATIVE;
        out->hours = sign * num * unit;
        n = next_word(&lx, &w);
        if (word_is(w, n, "each")) {
            out->each = 1;
            n = next_word(&lx, &w);
        }
        if (!n) goto bad;
        out->ref_id = arena_strndup(&a->ar, w, n);
        out->at = at_col(node->at, &lx, w, node->quoted);
    } else {
        goto bad_at;
    }
    if ((out->kind == WHEN_RELATIVE && !out->ref_id) ||
        ((out->kind == WHEN_PHASE_START || out->kind == WHEN_PHASE_END) && !out->phase_id))
        return TRUCE_ENOMEM;
    if (out->kind == WHEN_DAY && out->phase_id == NULL && lx.i > 0 && strstr(node->str, " of "))
        return TRUCE_ENOMEM;
    n = next_word(&lx, &w);
    if (n) goto bad_at;
    return 0;
bad_at:
    diag_report(&a->sink, TRUCE_ERROR, n ? at_col(node->at, &lx, w, node->quoted) : node->at, when_forms,
                "cannot read '%s' as a day or date", node->str);
    return 1;
bad:
    diag_report(&a->sink, TRUCE_ERROR, node->at, when_forms, "cannot read '%s' as a day or date", node->str);
    return 1;
}

const char *when_describe(const when *w, char *buf, size_t cap)
{
    char d[11];
    switch (w->kind) {
    case WHEN_NONE: snprintf(buf, cap, "-"); break;
    case WHEN_DAY:
        if (w->phase_id) snprintf(buf, cap, "day %ld of %s", w->day, w->phase_id);
        else snprintf(buf, cap, "day %ld", w->day);
        break;
    case WHEN_DATE: snprintf(buf, cap, "%s", truce_date_format(w->date, d)); break;
    case WHEN_PHASE_START: snprintf(buf, cap, "start of %s", w->phase_id); break;
    case WHEN_PHASE_END: snprintf(buf, cap, "end of %s", w->phase_id); break;
    case WHEN_RELATIVE: {
        long h = w->hours < 0 ? -w->hours : w->hours;
        int days = h % 24 == 0 && h >= 48;
        snprintf(buf, cap, "%ld %s %s %s%s", days ? h / 24 : h, days ? "days" : (h == 1 ? "hour" : "hours"),
                 w->hours < 0 ? "before" : "after", w->each ? "each " : "", w->ref_id);
        break;
    }
    }
    return buf;
}
