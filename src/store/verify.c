/* verify.c: finding what was done to a ledger behind the ledger's back. Recomputes every hash,
 * rebuilds the chain from the prev_hash links and compares it with the numbering, the recorded
 * head and (when given) an outside copy, naming each entry altered, removed, reordered or cut
 * off. It reports; it repairs nothing. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/jsonl.h"
#include "store/store.h"

typedef struct problem {
    truce_ledger_problem p;
    size_t order; /* found order, to keep the sort stable */
} problem;

typedef struct verifier {
    arena *ar;
    vec problems;
    int oom;
    const truce_ledger_entry *rows; /* in seq order */
    size_t n;
    const truce_ledger_entry **by_hash; /* rows sorted by stored hash */
} verifier;

static void describe(const truce_ledger_entry *e, char *buf, size_t cap)
{
    char d[11] = "no date";
    if (e->date != TRUCE_DATE_NONE) truce_date_format(e->date, d);
    snprintf(buf, cap, "#%lld (%s, %s)", e->seq, truce_entry_kind_name(e->kind), d);
}

static void report(verifier *v, truce_tamper what, long long seq, const truce_ledger_entry *e, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void report(verifier *v, truce_tamper what, long long seq, const truce_ledger_entry *e, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    problem *p = vec_push(v->ar, &v->problems, sizeof *p);
    char *m = arena_strdup(v->ar, msg);
    if (!p || !m) {
        v->oom = 1;
        return;
    }
    p->order = v->problems.n;
    p->p.what = what;
    p->p.seq = seq;
    p->p.message = m;
    if (e) {
        p->p.known = 1;
        p->p.kind = e->kind;
        p->p.date = e->date;
    } else {
        p->p.date = TRUCE_DATE_NONE;
    }
}

static int by_hash_cmp(const void *a, const void *b)
{
    return strcmp((*(const truce_ledger_entry *const *)a)->hash, (*(const truce_ledger_entry *const *)b)->hash);
}

/* The row whose stored hash is h, or -1. */
static long find_hash(const verifier *v, const char *h)
{
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(v->by_hash[mid]->hash, h);
        if (c == 0) return (long)(v->by_hash[mid] - v->rows);
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

/* The row numbered seq, or -1 (rows are in seq order). */
static long find_seq(const truce_ledger_entry *rows, size_t n, long long seq)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rows[mid].seq == seq) return (long)mid;
        if (rows[mid].seq < seq) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static int cmp_problem(const void *a, const void *b)
{
    const problem *x = a, *y = b;
    if (x->p.seq != y->p.seq) return x->p.seq < y->p.seq ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

#define PRED_GENESIS (-2)
#define PRED_MISSING (-1)

/* The chain checks: hashes, links, numbering and order. */
static int check_chain(verifier *v, long *pred, long *succ)
{
    const truce_ledger_entry *rows = v->rows;
    size_t n = v->n;
    char what[96], other[96];
    unsigned char *forked = arena_alloc(v->ar, n + 1), *seen = arena_alloc(v->ar, n + 1);
    long *chain = arena_alloc(v->ar, (n + 1) * sizeof *chain);
    long long *seqs = arena_alloc(v->ar, (n + 1) * sizeof *seqs);
    if (!forked || !seen || !chain || !seqs) return TRUCE_ENOMEM;

    for (size_t i = 0; i < n; i++) {
        char h[TRUCE_HASH_HEX];
        if (ledger_hash(&rows[i], h)) return TRUCE_ENOMEM;
        describe(&rows[i], what, sizeof what);
        if (strcmp(h, rows[i].hash))
            report(v, TRUCE_TAMPER_ALTERED, rows[i].seq, &rows[i],
                   "%s was altered: its contents no longer match its hash", what);
        succ[i] = -1;
        if (!strcmp(rows[i].prev_hash, LEDGER_ZERO_HASH)) pred[i] = PRED_GENESIS;
        else {
            long j = find_hash(v, rows[i].prev_hash);
            pred[i] = j == (long)i ? PRED_MISSING : j;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (pred[i] < 0) continue;
        size_t j = (size_t)pred[i];
        if (succ[j] < 0) {
            succ[j] = (long)i;
            continue;
        }
        forked[i] = 1;
        describe(&rows[i], what, sizeof what);
        describe(&rows[succ[j]], other, sizeof other);
        report(v, TRUCE_TAMPER_ALTERED, rows[i].seq, &rows[i],
               "%s claims the same predecessor as %s: the chain forks there", what, other);
    }
    /* numbering: gaps, repeats, and links that lead nowhere */
    for (size_t i = 0; i < n; i++) {
        long long s = rows[i].seq, before = i ? rows[i - 1].seq : 0;
        describe(&rows[i], what, sizeof what);
        if (i && s == before) {
            report(v, TRUCE_TAMPER_REORDERED, s, &rows[i], "%s appears more than once", what);
            continue;
        }
        long long missing = s - before - 1;
        int orphan = pred[i] == PRED_MISSING;
        char range[64];
        if (missing == 1) snprintf(range, sizeof range, "#%lld", before + 1);
        else snprintf(range, sizeof range, "#%lld-#%lld", before + 1, s - 1);
        if (missing > 0 && orphan) {
            if (i)
                report(v, TRUCE_TAMPER_REMOVED, before + 1, NULL,
                       "%s removed: the numbering jumps from #%lld to %s, whose prev_hash matches no remaining entry",
                       range, before, what);
            else
                report(v, TRUCE_TAMPER_REMOVED, 1, NULL,
                       "%s removed: the ledger starts at %s, whose prev_hash matches no remaining entry", range, what);
        } else if (missing > 0 && pred[i] >= 0 && i && pred[i] == (long)(i - 1)) {
            report(v, TRUCE_TAMPER_REORDERED, before + 1, NULL,
                   "%s missing from the numbering, but the chain from #%lld to %s is unbroken: entries were renumbered",
                   range, before, what);
        } else if (missing > 0) {
            report(v, TRUCE_TAMPER_REMOVED, before + 1, NULL, "%s missing from the numbering (before %s)", range,
                   what);
        } else if (orphan) {
            if (i) {
                describe(&rows[i - 1], other, sizeof other);
                report(v, TRUCE_TAMPER_REMOVED, s, &rows[i],
                       "the entry before %s in the chain is missing: one was removed and the rest renumbered, or %s "
                       "was rewritten along with its hash",
                       what, other);
            } else {
                report(v, TRUCE_TAMPER_REMOVED, s, &rows[i],
                       "the entry before %s in the chain is missing: the first entry was removed", what);
            }
        } else if (pred[i] == PRED_GENESIS && i) {
            report(v, TRUCE_TAMPER_ALTERED, s, &rows[i],
                   "%s claims to be the first entry (its prev_hash is zeros) but is not", what);
        }
    }
    /* order: walk each piece of the chain; its numbers must rise along it */
    for (size_t h = 0; h < n; h++) {
        if (!(pred[h] < 0 || forked[h]) || seen[h]) continue;
        size_t len = 0;
        for (long i = (long)h; i >= 0 && !seen[i]; i = succ[i]) {
            seen[i] = 1;
            chain[len] = i;
            seqs[len++] = rows[i].seq;
        }
        qsort(seqs, len, sizeof *seqs, cmp_ll);
        for (size_t k = 0; k < len; k++) {
            const truce_ledger_entry *e = &rows[chain[k]];
            if (e->seq == seqs[k]) continue;
            describe(e, what, sizeof what);
            report(v, TRUCE_TAMPER_REORDERED, e->seq, e, "%s is out of order: the chain puts it at #%lld", what,
                   seqs[k]);
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!seen[i]) {
            describe(&rows[i], what, sizeof what);
            report(v, TRUCE_TAMPER_ALTERED, rows[i].seq, &rows[i], "%s is part of a loop in the chain", what);
        }
    return 0;
}

static void check_head(verifier *v, const long *succ, long long count, const char *hash)
{
    char what[96];
    if (v->n == 0) {
        if (count > 0)
            report(v, TRUCE_TAMPER_TRUNCATED, 1, NULL,
                   "the ledger is empty, but its head records %lld entr%s: all were removed", count,
                   count == 1 ? "y" : "ies");
        return;
    }
    const truce_ledger_entry *last = &v->rows[v->n - 1];
    describe(last, what, sizeof what);
    long h = find_hash(v, hash);
    if (count == 0 && !strcmp(hash, LEDGER_ZERO_HASH)) {
        report(v, TRUCE_TAMPER_ALTERED, v->rows[0].seq, &v->rows[0],
               "the head records an empty ledger, but it holds %zu entr%s: they were written behind the ledger's back",
               v->n, v->n == 1 ? "y" : "ies");
    } else if (h < 0 && count > last->seq) {
        report(v, TRUCE_TAMPER_TRUNCATED, last->seq + 1, NULL,
               "the ledger ends at %s, but its head records %lld entries: #%lld-#%lld were cut off (truncated)", what,
               count, last->seq + 1, count);
    } else if (h < 0) {
        report(v, TRUCE_TAMPER_ALTERED, count, NULL,
               "the recorded head (#%lld, hash %.12s...) matches no entry: the last entries were rewritten with their "
               "hashes, or the head was altered",
               count, hash);
    } else if (succ[h] >= 0) {
        describe(&v->rows[h], what, sizeof what);
        report(v, TRUCE_TAMPER_ALTERED, v->rows[succ[h]].seq, &v->rows[succ[h]],
               "the recorded head is %s, but the chain goes on after it: entries were written behind the ledger's back",
               what);
    } else if (v->rows[h].seq != count) {
        describe(&v->rows[h], what, sizeof what);
        report(v, TRUCE_TAMPER_ALTERED, v->rows[h].seq, &v->rows[h],
               "the head records %lld entries, but its hash is that of %s", count, what);
    }
}

/* Compares the ledger with an outside copy (an export). */
static int check_against(verifier *v, const jsonl_file *f)
{
    char what[96], theirs[96];
    long long miss_from = 0, miss_to = 0;
    const truce_ledger_entry *miss_last = NULL;
    for (size_t k = 0; k < f->n; k++) {
        const truce_ledger_entry *fe = &f->items[k].e;
        char h[TRUCE_HASH_HEX];
        if (ledger_hash(fe, h)) return TRUCE_ENOMEM;
        describe(fe, theirs, sizeof theirs);
        if (strcmp(h, fe->hash))
            report(v, TRUCE_TAMPER_DIFFERS, fe->seq, fe, "%s:%d: the copy's %s does not match its own hash", f->src.name,
                   f->items[k].line, theirs);
        long i = find_seq(v->rows, v->n, fe->seq);
        if (i >= 0) {
            if (strcmp(v->rows[i].hash, fe->hash)) {
                describe(&v->rows[i], what, sizeof what);
                report(v, TRUCE_TAMPER_DIFFERS, fe->seq, &v->rows[i], "%s differs from %s in %s:%d", what, theirs,
                       f->src.name, f->items[k].line);
            }
            continue;
        }
        if (v->n && fe->seq < v->rows[v->n - 1].seq) {
            report(v, TRUCE_TAMPER_REMOVED, fe->seq, fe, "%s of %s:%d is not in the ledger", theirs, f->src.name,
                   f->items[k].line);
            continue;
        }
        if (!miss_from) miss_from = fe->seq;
        miss_to = fe->seq;
        miss_last = fe;
    }
    if (miss_from) {
        describe(miss_last, theirs, sizeof theirs);
        if (v->n) describe(&v->rows[v->n - 1], what, sizeof what);
        char range[64];
        if (miss_from == miss_to) snprintf(range, sizeof range, "#%lld", miss_from);
        else snprintf(range, sizeof range, "#%lld-#%lld", miss_from, miss_to);
        report(v, TRUCE_TAMPER_TRUNCATED, miss_from, NULL,
               "%s of %s (up to %s) %s missing from the ledger, which %s%s: it was truncated", range, f->src.name,
               theirs, miss_from == miss_to ? "is" : "are", v->n ? "ends at " : "is empty", v->n ? what : "");
    }
    return 0;
}

/* Runs every check on rows (in seq order); head and against optional. */
static int verify_rows(arena *ar, const truce_ledger_entry *rows, size_t n, const long long *head_count,
                       const char *head_hash, const jsonl_file *against, truce_ledger_problem_fn fn, void *user)
{
    verifier v = {ar, {0}, 0, rows, n, NULL};
    long *pred = arena_alloc(ar, (n + 1) * sizeof *pred), *succ = arena_alloc(ar, (n + 1) * sizeof *succ);
    v.by_hash = arena_alloc(ar, (n + 1) * sizeof *v.by_hash);
    if (!pred || !succ || !v.by_hash) return TRUCE_ENOMEM;
    for (size_t i = 0; i < n; i++) v.by_hash[i] = &rows[i];
    if (n) qsort(v.by_hash, n, sizeof *v.by_hash, by_hash_cmp);
    int r = check_chain(&v, pred, succ);
    if (r) return r;
    if (head_count) check_head(&v, succ, *head_count, head_hash);
    if (against && (r = check_against(&v, against))) return r;
    if (v.oom) return TRUCE_ENOMEM;
    problem *ps = v.problems.items;
    if (v.problems.n) qsort(ps, v.problems.n, sizeof *ps, cmp_problem);
    for (size_t i = 0; fn && i < v.problems.n; i++) fn(&ps[i].p, user);
    return (int)v.problems.n;
}

static int read_head(truce_store *s, long long *count, char hash[TRUCE_HASH_HEX])
{
    return ledger_number_hash(s, "SELECT count, hash FROM ledger_head WHERE id = 1", count, hash);
}

int truce_ledger_verify(truce_store *store, const char *against, const truce_ledger_options *opt,
                        truce_ledger_problem_fn fn, void *user)
{
    if (!store) return TRUCE_EARG;
    arena ar;
    arena_init(&ar, NULL);
    truce_ledger_entry *rows;
    size_t n;
    long long count;
    char hash[TRUCE_HASH_HEX];
    jsonl_file file;
    int r = store_begin_read(store); /* one consistent snapshot */
    if (r) goto out;
    r = ledger_load_all(store, &ar, &rows, &n);
    if (!r) r = read_head(store, &count, hash);
    store_rollback(store);
    if (r) goto out;
    if (against) {
        diag_sink sink = {opt ? opt->on_diag : NULL, opt ? opt->user : NULL, 0, 0};
        if ((r = jsonl_read(&ar, against, JSONL_EXPORTED, &sink, &file))) goto out;
    }
    r = verify_rows(&ar, rows, n, &count, hash, against ? &file : NULL, fn, user);
out:
    arena_release(&ar);
    return r;
}

int truce_ledger_verify_jsonl(const char *path, const truce_ledger_options *opt, truce_ledger_problem_fn fn,
                              void *user)
{
    if (!path) return TRUCE_EARG;
    arena ar;
    arena_init(&ar, NULL);
    diag_sink sink = {opt ? opt->on_diag : NULL, opt ? opt->user : NULL, 0, 0};
    jsonl_file file;
    int r = jsonl_read(&ar, path, JSONL_EXPORTED, &sink, &file);
    if (r) goto out;
    jsonl_sort(&file);
    truce_ledger_entry *rows = arena_alloc(&ar, (file.n + 1) * sizeof *rows);
    if (!rows) {
        r = TRUCE_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < file.n; i++) rows[i] = file.items[i].e;
    r = verify_rows(&ar, rows, file.n, NULL, NULL, NULL, fn, user);
out:
    arena_release(&ar);
    return r;
}
