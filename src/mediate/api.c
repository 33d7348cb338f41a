/* api.c: the public life cycle of a negotiation space (truce_space_load, _load_genius, _free),
 * the `agreement:` base (the agreement loaded, checked and listed as obligation ids for
 * space_yaml.c) and the one place every solver is run for a report. It prints nothing and
 * renders nothing (report.c, single_text.c, version.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mediate/space_base.h"
#include "model/model.h"
#include "util/file.h"

#define SPACE_MAX_BYTES (16u << 20)

int truce_solution_parse(const char *name, truce_solution *out)
{
    static const char *const names[] = {"nash", "ks", "welfare", "concession", "first"};
    for (int i = 0; name && i < 5; i++)
        if (!strcmp(name, names[i])) {
            *out = (truce_solution)i;
            return 0;
        }
    return TRUCE_EARG;
}

static truce_space *space_new(const truce_load_options *opt)
{
    const truce_allocator *al = opt && opt->alloc ? opt->alloc : alloc_default();
    truce_space *sp = alloc_mem(al, sizeof *sp);
    if (!sp) return NULL;
    memset(sp, 0, sizeof *sp);
    med_space_init(&sp->s, al);
    return sp;
}

void truce_space_free(truce_space *sp)
{
    if (!sp) return;
    const truce_allocator *al = sp->s.ar.alloc;
    truce_agreement_free(sp->agreement);
    med_space_free(&sp->s);
    alloc_free(al, sp, sizeof *sp);
}

/* Reads a whole file into the space's arena as a source; reports an unreadable file. */
static int read_source(truce_space *sp, const char *path, diag_sink *sink, source **out)
{
    char *data = NULL;
    size_t len = 0;
    int r = file_read_all(&sp->s.ar, path, SPACE_MAX_BYTES, &data, &len);
    if (r == TRUCE_EIO) diag_file(sink, TRUCE_ERROR, path, "cannot read the file: %s", strerror(errno ? errno : EIO));
    if (r) return r;
    source *src = arena_alloc(&sp->s.ar, sizeof *src);
    char *name = arena_strdup(&sp->s.ar, path);
    if (!src || !name) return TRUCE_ENOMEM;
    src->name = name, src->text = data, src->len = len;
    *out = src;
    return 0;
}

/* The med_base_fn for `agreement: PATH`: user is the truce_space that will own the agreement. */
static int agreement_base(void *user, const tree *node, const source *src, diag_sink *sink, arena *ar, med_base *out)
{
    truce_space *sp = user;
    const char *rel = node->str, *slash = strrchr(src->name, '/');
    char *path = rel[0] == '/' || !slash ? arena_strdup(ar, rel)
                                          : arena_printf(ar, "%.*s/%s", (int)(slash - src->name), src->name, rel);
    if (!path) return TRUCE_ENOMEM;
    truce_load_options lo = {sink->fn, sink->user, ar->alloc};
    truce_agreement *a = NULL;
    int r = truce_agreement_load(path, &lo, &a);
    if (r == TRUCE_ENOMEM) return r;
    if (r) {
        diag_report(sink, TRUCE_ERROR, node->at, "the path is relative to the space file", "cannot read the agreement '%s'",
                    path);
        return TRUCE_EINVALID;
    }
    sp->agreement = a;
    int errors = truce_agreement_check(a, &lo);
    if (errors < 0) return errors;
    if (errors > 0) {
        char hint[300];
        snprintf(hint, sizeof hint, "run 'truce check %s' and fix %s first", path, errors == 1 ? "it" : "them");
        diag_report(sink, TRUCE_ERROR, node->at, hint, "the agreement '%s' has %d error%s", path, errors,
                    errors == 1 ? "" : "s");
        return TRUCE_EINVALID;
    }
    out->issues = arena_alloc(ar, sizeof *out->issues * (a->nobligations ? a->nobligations : 1));
    if (!out->issues) return TRUCE_ENOMEM;
    for (size_t k = 0; k < a->nobligations; k++) {
        const obligation *ob = &a->obligations[k];
        med_base_issue *bi = &out->issues[out->nissues++];
        bi->id = ob->id;
        bi->agreed = ob->agreed_id;
        bi->at = ob->at;
        bi->options = arena_alloc(ar, sizeof *bi->options * (ob->noptions ? ob->noptions : 1));
        if (!bi->options) return TRUCE_ENOMEM;
        for (size_t o = 0; o < ob->noptions; o++)
            if (ob->options[o].id) bi->options[bi->noptions++] = ob->options[o].id;
    }
    return 0;
}

int truce_space_load(const char *path, const truce_load_options *opt, truce_space **out)
{
    if (!path || !out) return TRUCE_EARG;
    *out = NULL;
    truce_space *sp = space_new(opt);
    if (!sp) return TRUCE_ENOMEM;
    diag_sink sink = {opt ? opt->on_diag : NULL, opt ? opt->user : NULL, 0, 0};
    source *src = NULL;
    int r = read_source(sp, path, &sink, &src);
    if (r == 0) r = med_space_read_with(&sp->s, src, &sink, agreement_base, sp, &sp->synthetic);
    if (r) {
        truce_space_free(sp);
        return r;
    }
    if (sp->synthetic) { /* a folded `>` text ends in a newline */
        char *t = arena_strdup(&sp->s.ar, sp->synthetic);
        if (!t) {
            truce_space_free(sp);
            return TRUCE_ENOMEM;
        }
        for (size_t n = strlen(t); n && (t[n - 1] == '\n' || t[n - 1] == ' '); n--) t[n - 1] = '\0';
        sp->synthetic = t;
    }
    sp->path = src->name;
    sp->origin = "space";
    *out = sp;
    return 0;
}

int truce_space_load_genius(const char *domain, const char *const *profiles, size_t nprofiles,
                            const truce_load_options *opt, truce_space **out)
{
    if (!domain || !out || (nprofiles && !profiles)) return TRUCE_EARG;
    *out = NULL;
    truce_space *sp = space_new(opt);
    if (!sp) return TRUCE_ENOMEM;
    diag_sink sink = {opt ? opt->on_diag : NULL, opt ? opt->user : NULL, 0, 0};
    source *src = NULL;
    int r = read_source(sp, domain, &sink, &src);
    if (r == 0) r = med_genius_domain(&sp->s, src, &sink);
    if (r == 0 && (nprofiles < MED_MIN_PARTIES || nprofiles > MED_MAX_PARTIES)) {
        diag_file(&sink, TRUCE_ERROR, domain, "a space has %d to %d parties: give one profile per party, got %zu",
                  MED_MIN_PARTIES, MED_MAX_PARTIES, nprofiles);
        r = TRUCE_EINVALID;
    }
    for (size_t k = 0; r == 0 && k < nprofiles; k++) {
        source *ps = NULL;
        const char *base = strrchr(profiles[k], '/');
        base = base ? base + 1 : profiles[k];
        size_t len = strlen(base);
        if (len > 4 && !strcmp(base + len - 4, ".xml")) len -= 4;
        char *id = arena_strndup(&sp->s.ar, base, len);
        if (!id) r = TRUCE_ENOMEM;
        if (r == 0) r = read_source(sp, profiles[k], &sink, &ps);
        for (int p = 0; r == 0 && p < sp->s.nparties; p++)
            if (!strcmp(sp->s.parties[p].id, id)) {
                diag_file(&sink, TRUCE_ERROR, profiles[k], "two profiles are named '%s'; a party is named after its file",
                          id);
                r = TRUCE_EINVALID;
            }
        if (r == 0) r = med_genius_profile(&sp->s, ps, id, &sink);
    }
    if (r == 0 && (sink.errors || med_space_validate(&sp->s))) r = TRUCE_EINVALID;
    if (r) {
        truce_space_free(sp);
        return r;
    }
    sp->path = src->name;
    sp->origin = "genius";
    *out = sp;
    return 0;
}

/* Each red line that, dropped alone, opens an outcome acceptable to every party. */
static int single_red_lines(const med_space *s, const med_options *opt, arena *ar, med_answers *out)
{
    int n = 0;
    for (int p = 0; p < s->nparties; p++)
        for (int i = 0; i < s->nissues; i++)
            for (int o = 0; o < s->issues[i].noptions; o++) n += s->parties[p].red[i * MED_MAX_OPTIONS + o];
    out->alternatives = arena_alloc(ar, sizeof *out->alternatives * (size_t)(n ? n : 1));
    med_party *parties = arena_alloc(ar, sizeof *parties * (size_t)s->nparties);
    unsigned char *red = arena_alloc(ar, (size_t)s->nissues * MED_MAX_OPTIONS);
    if (!out->alternatives || !parties || !red) return TRUCE_ENOMEM;
    med_space copy = *s;
    memcpy(parties, s->parties, sizeof *parties * (size_t)s->nparties);
    copy.parties = parties;
    for (int p = 0; p < s->nparties; p++)
        for (int i = 0; i < s->nissues; i++)
            for (int o = 0; o < s->issues[i].noptions; o++) {
                size_t at = (size_t)(i * MED_MAX_OPTIONS + o);
                if (!s->parties[p].red[at]) continue;
                memcpy(red, s->parties[p].red, (size_t)s->nissues * MED_MAX_OPTIONS);
                red[at] = 0;
                parties[p].red = red;
                med_result r;
                int e = med_count_acceptable(&copy, opt, ar, &r);
                parties[p].red = s->parties[p].red;
                if (e) return e;
                if (r.count > 0) out->alternatives[out->nalternatives++] = (med_concession){p, i, o, 0, 0};
            }
    return 0;
}

int med_answers_solve(const med_space *s, const med_options *opt, arena *ar, med_answers *out)
{
    memset(out, 0, sizeof *out);
    int r = med_count_acceptable(s, opt, ar, &out->count);
    if (r == 0) r = med_pareto(s, opt, ar, &out->pareto);
    if (r == 0) r = med_solve_nash(s, opt, ar, &out->nash);
    if (r == 0) r = med_solve_ks(s, opt, ar, &out->ks);
    if (r == 0) r = med_solve_welfare(s, opt, ar, &out->welfare);
    if (r == 0) r = med_least_concession(s, opt, ar, &out->concession);
    if (r == 0 && out->concession.has_outcome && out->concession.red_lines_dropped == 1 &&
        out->concession.nconcessions == 1)
        r = single_red_lines(s, opt, ar, out);
    return r;
}
