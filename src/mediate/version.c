/* version.c: truce_mediate_write_version, a solution written back into the agreement the space
 * is built on, as a text edit: `agreed: OPTION` inserted as a line of each open obligation, at
 * the positions the YAML reader gives, and one comment line on top; every other byte as it was.
 * It does not re-serialise YAML and cannot edit flow-style obligations (it says so). */
#include <stdlib.h>
#include <string.h>

#include "mediate/report.h"
#include "model/model.h"

typedef struct edit {
    size_t at; /* byte offset of the line the text goes before */
    char *text;
} edit;

static int by_offset(const void *a, const void *b)
{
    size_t x = ((const edit *)a)->at, y = ((const edit *)b)->at;
    return x < y ? -1 : x > y;
}

/* Byte offset where line (1-based) starts, or (size_t)-1. */
static size_t line_start(const source *src, int line)
{
    size_t off = 0;
    for (int l = 1; l < line; l++) {
        const char *nl = memchr(src->text + off, '\n', src->len - off);
        if (!nl) return (size_t)-1;
        off = (size_t)(nl - src->text) + 1;
    }
    return off;
}

static int plain(const char *s)
{
    if (!*s) return 0;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' ||
              *c == '_' || *c == '.'))
            return 0;
    return 1;
}

/* The obligation map of id in the agreement's tree, or NULL. */
static const tree *find_obligation(const tree *root, const char *id)
{
    const tree *obs = tree_get(root, "obligations");
    for (size_t k = 0; obs && obs->kind == TREE_SEQ && k < obs->n; k++) {
        const tree *idn = tree_get(obs->items[k], "id");
        if (idn && idn->kind == TREE_SCALAR && !strcmp(idn->str, id)) return obs->items[k];
    }
    return NULL;
}

/* The edit adding `agreed: option` to the block mapping m: a line before its `options` key (or
 * its second key when `options` comes first), at that key's indentation. opt_id is quoted
 * unless plain. */
static int agreed_edit(arena *ar, const source *src, const tree *m, const char *opt_id, edit *e)
{
    if (m->kind != TREE_MAP || m->n < 2) return TRUCE_EARG;
    size_t k = 1;
    for (size_t j = 1; j < m->n; j++)
        if (!strcmp(m->keys[j]->str, "options")) k = j;
    const tree *key = m->keys[k];
    size_t start = line_start(src, key->at.line);
    if (start == (size_t)-1 || key->at.col < 1) return TRUCE_EARG;
    size_t indent = (size_t)key->at.col - 1;
    if (start + indent > src->len) return TRUCE_EARG;
    for (size_t c = 0; c < indent; c++)
        if (src->text[start + c] != ' ') return TRUCE_EARG; /* flow style, or the first key of a `- ` item */
    const char *nl = memchr(src->text + start, '\n', src->len - start);
    int crlf = nl && nl > src->text + start && nl[-1] == '\r';
    e->at = start;
    e->text = plain(opt_id) ? arena_printf(ar, "%*sagreed: %s%s", (int)indent, "", opt_id, crlf ? "\r\n" : "\n")
                            : arena_printf(ar, "%*sagreed: \"%s\"%s", (int)indent, "", opt_id, crlf ? "\r\n" : "\n");
    return e->text ? 0 : TRUCE_ENOMEM;
}

int truce_mediate_write_version(const truce_space *sp, truce_solution which, const truce_mediate_options *opt,
                                FILE *out)
{
    if (!sp || !out || !sp->agreement || (unsigned)which >= TRUCE_SOLUTION_FIRST) return TRUCE_EARG;
    const med_space *s = &sp->s;
    const truce_agreement *a = sp->agreement;
    if (!a->texts.n) return TRUCE_EARG;
    const source *src = &((const source *)a->texts.items)[0];
    med_options mo;
    med_options_from(opt, &mo);
    arena ar;
    arena_init(&ar, s->ar.alloc);
    med_result res;
    int r = which == TRUCE_SOLUTION_NASH      ? med_solve_nash(s, &mo, &ar, &res)
            : which == TRUCE_SOLUTION_KS      ? med_solve_ks(s, &mo, &ar, &res)
            : which == TRUCE_SOLUTION_WELFARE ? med_solve_welfare(s, &mo, &ar, &res)
                                              : med_least_concession(s, &mo, &ar, &res);
    if (r == 0 && !res.has_outcome) r = TRUCE_ENOTFOUND;
    diag_sink quiet = {0};
    int err = 0;
    const tree *root = r ? NULL : tree_parse(&ar, src, &quiet, &err);
    if (r == 0 && !root) r = err ? err : TRUCE_EARG;
    edit *edits = r ? NULL : arena_alloc(&ar, sizeof *edits * (size_t)s->nissues);
    if (r == 0 && !edits) r = TRUCE_ENOMEM;
    int nedits = 0;
    char *outside = r ? NULL : arena_strdup(&ar, "");
    for (int i = 0; r == 0 && i < s->nissues; i++) {
        const char *opt_id = s->issues[i].options[res.outcome[i]];
        const obligation *ob = model_obligation(a, s->issues[i].id);
        const tree *m = ob && !ob->agreed_id && ob->noptions ? find_obligation(root, s->issues[i].id) : NULL;
        if (!m) {
            outside = arena_printf(&ar, "%s%s%s=%s", outside, *outside ? ", " : "", s->issues[i].id, opt_id);
            if (!outside) r = TRUCE_ENOMEM;
            continue;
        }
        r = agreed_edit(&ar, src, m, opt_id, &edits[nedits]);
        if (r == 0) nedits++;
    }
    if (r == 0) {
        qsort(edits, (size_t)nedits, sizeof *edits, by_offset);
        fprintf(out, "# PROPOSAL FOR DISCUSSION, not an agreed text: truce mediate filled in the open options from %s "
                     "of the negotiation space '%s' (%s)%s.\n",
                med_solution_name(which), s->id, sp->path ? sp->path : "?",
                sp->synthetic ? ", whose preferences are synthetic and illustrative" : "");
        if (*outside) fprintf(out, "# The same solution settles issues outside this agreement: %s.\n", outside);
        size_t at = 0;
        for (int k = 0; k < nedits; k++) {
            fwrite(src->text + at, 1, edits[k].at - at, out);
            fputs(edits[k].text, out);
            at = edits[k].at;
        }
        fwrite(src->text + at, 1, src->len - at, out);
        if (ferror(out)) r = TRUCE_EIO;
    }
    arena_release(&ar);
    return r;
}
