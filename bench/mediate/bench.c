/* bench/mediate/bench.c: truce's exact mediation solvers side by side with brute-force enumeration
 * (where it can finish) and exact MILP solvers from Debian (CBC, GLPK's glpsol) on the formulations
 * they can express: max welfare, and Kalai-Smorodinsky as a max-min after one MILP per party for
 * its ideal. Spaces come from med_generate (src/mediate/space.c): additive preferences, red lines
 * on a quarter of the issues per party, about one link per three issues (half requires, half
 * bonus). Every answer is checked: brute force must be identical, the MILP objective within 1e-6
 * of truce's proven optimum; a mismatch or an unproven truce answer fails the run (exit 1).
 *
 *   build/bench/mediate/bench [--seeds N | --seed K] [--repeat R] [--no-cbc] [--no-glpk] [--tmp DIR]
 *                             [--milp-timeout S] [issues options parties]...
 *
 * Without a triple, the default configurations below. Each time is the best of R runs (3); a
 * configuration's cell is the mean over its seeds, with the worst in brackets. MILP times are wall
 * clock of the subprocess (start-up, reading the LP file, solving), and in a second line the time
 * the solver itself reports. Writes the table on stdout; progress on stderr. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mediate/mediate.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec * 1e-6;
}

enum { S_WELFARE, S_NASH, S_KS, S_CONCEDE, S_N };
static const char *const sname[S_N] = {"welfare", "nash", "ks", "concession"};

typedef struct stat {
    double sum, worst;
    int n;
} stat;

static void add(stat *s, double v)
{
    s->sum += v;
    s->worst = v > s->worst ? v : s->worst;
    s->n++;
}

static int failures;
#define FAIL(...) (fprintf(stderr, "MISMATCH: " __VA_ARGS__), fputc('\n', stderr), failures++)

/* ---- MILP models (CPLEX LP format, read by both cbc and glpsol) ---- */

/* the model's variable and constraint part; objective written by the caller */
static void lp_body(FILE *f, const med_space *s, int extra_ks, const double *ideal)
{
    int n = s->nissues, np = s->nparties;
    fprintf(f, "Subject To\n");
    for (int i = 0; i < n; i++) {
        fprintf(f, " one_%d:", i);
        for (int o = 0; o < s->issues[i].noptions; o++) fprintf(f, " + x_%d_%d", i, o);
        fprintf(f, " = 1\n");
    }
    for (int l = 0; l < s->nlinks; l++) {
        const med_link *k = &s->links[l];
        if (k->kind == MED_REQUIRES) {
            fprintf(f, " req_%d: x_%d_%d - x_%d_%d <= 0\n", l, k->issue_a, k->option_a, k->issue_b, k->option_b);
        } else {
            fprintf(f, " ya_%d: y_%d - x_%d_%d <= 0\n", l, l, k->issue_a, k->option_a);
            fprintf(f, " yb_%d: y_%d - x_%d_%d <= 0\n", l, l, k->issue_b, k->option_b);
            fprintf(f, " yab_%d: y_%d - x_%d_%d - x_%d_%d >= -1\n", l, l, k->issue_a, k->option_a, k->issue_b,
                    k->option_b);
        }
    }
    /* u_p = sum w v x + sum delta y; acceptable: u_p >= r_p; KS: u_p - (ideal_p - r_p) t >= r_p */
    for (int p = 0; p < np; p++) {
        const med_party *pa = &s->parties[p];
        for (int pass = 0; pass < 1 + (extra_ks && ideal[p] - pa->reservation > 1e-12); pass++) {
            fprintf(f, " %s_%d:", pass ? "ks" : "res", p);
            for (int i = 0; i < n; i++)
                for (int o = 0; o < s->issues[i].noptions; o++) {
                    double c = pa->weight[i] * pa->value[i * MED_MAX_OPTIONS + o];
                    if (c != 0) fprintf(f, " + %.17g x_%d_%d", c, i, o);
                }
            for (int l = 0; l < s->nlinks; l++)
                if (s->links[l].kind == MED_BONUS && s->links[l].delta[p] != 0)
                    fprintf(f, " %s %.17g y_%d", s->links[l].delta[p] < 0 ? "-" : "+", fabs(s->links[l].delta[p]), l);
            if (pass) fprintf(f, " - %.17g t", ideal[p] - pa->reservation);
            fprintf(f, " >= %.17g\n", pa->reservation);
        }
    }
    fprintf(f, "Bounds\n");
    for (int p = 0; p < np; p++)
        for (int i = 0; i < n; i++)
            for (int o = 0; o < s->issues[i].noptions; o++)
                if (s->parties[p].red[i * MED_MAX_OPTIONS + o]) fprintf(f, " x_%d_%d = 0\n", i, o); /* red line */
    for (int l = 0; l < s->nlinks; l++)
        if (s->links[l].kind == MED_BONUS) fprintf(f, " 0 <= y_%d <= 1\n", l);
    if (extra_ks) fprintf(f, " -10 <= t <= 10\n");
    fprintf(f, "Binaries\n");
    for (int i = 0; i < n; i++)
        for (int o = 0; o < s->issues[i].noptions; o++) fprintf(f, " x_%d_%d\n", i, o);
    fprintf(f, "End\n");
}

/* objective: mask of parties summed (welfare: all; ideal: one), or the KS max-min (mask 0) */
static int write_lp(const char *path, const med_space *s, int mask, const double *ideal)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f, "\\ truce bench/mediate: %s\nMaximize\n obj:", s->id);
    if (mask) { /* each variable once, its coefficients summed over the parties in mask */
        for (int i = 0; i < s->nissues; i++)
            for (int o = 0; o < s->issues[i].noptions; o++) {
                double c = 0;
                for (int p = 0; p < s->nparties; p++)
                    if ((mask >> p) & 1) c += s->parties[p].weight[i] * s->parties[p].value[i * MED_MAX_OPTIONS + o];
                if (c != 0) fprintf(f, " + %.17g x_%d_%d", c, i, o);
            }
        for (int l = 0; l < s->nlinks; l++) {
            double c = 0;
            for (int p = 0; p < s->nparties; p++)
                if ((mask >> p) & 1) c += s->links[l].delta[p];
            if (s->links[l].kind == MED_BONUS && c != 0) fprintf(f, " %s %.17g y_%d", c < 0 ? "-" : "+", fabs(c), l);
        }
    } else fprintf(f, " t");
    fprintf(f, "\n");
    lp_body(f, s, !mask, ideal);
    return fclose(f);
}

typedef struct milp {
    int ok;           /* solved to optimality and parsed */
    double obj, wall; /* objective; wall ms of the subprocess */
    double own;       /* the solver's own reported time, ms */
} milp;

enum { CBC, GLPK };

static milp run_milp(int solver, const char *lp, const char *tmp, int timeout)
{
    milp m = {0};
    char cmd[2048], out[1024], line[512];
    snprintf(out, sizeof out, "%s/solver.out", tmp);
    /* CBC by default skips incumbents that improve by less than an increment it derives from the
     * objective, and stopped 1.5e-6 short of the KS optimum on a 100-issue space: increment 1e-12
     * and a tight integer tolerance make it exact to the 1e-6 the check asks for. */
    if (solver == CBC)
        snprintf(cmd, sizeof cmd, "timeout %d cbc %s ratioGap 0 allowableGap 0 increment 1e-12 integerTolerance 1e-9 solve > %s 2>&1", timeout, lp, out);
    else
        snprintf(cmd, sizeof cmd, "timeout %d glpsol --lp %s --mipgap 0 -o %s/glpk.sol > %s 2>&1", timeout, lp, tmp,
                 out);
    double t0 = now_ms();
    int rc = system(cmd);
    m.wall = now_ms() - t0;
    FILE *f = fopen(out, "r");
    if (!f) return m;
    int optimal = 0;
    while (fgets(line, sizeof line, f)) {
        double a, b;
        if (solver == CBC) {
            if (strstr(line, "Result - Optimal solution found")) optimal = 1;
            if (sscanf(line, "Objective value: %lf", &a) == 1) m.obj = a;
            if (sscanf(line, "Total time (CPU seconds): %lf (Wallclock seconds): %lf", &a, &b) == 2) m.own = b * 1e3;
        } else {
            if (strstr(line, "INTEGER OPTIMAL SOLUTION FOUND")) optimal = 1;
            if (sscanf(line, "Time used: %lf secs", &a) == 1) m.own = a * 1e3;
        }
    }
    fclose(f);
    if (solver == GLPK && optimal) {
        /* the objective at full precision from the solution file ("obj = 2.87 (MAXimum)") */
        snprintf(out, sizeof out, "%s/glpk.sol", tmp);
        optimal = 0;
        if ((f = fopen(out, "r"))) {
            while (fgets(line, sizeof line, f))
                if (sscanf(line, "Objective: obj = %lf", &m.obj) == 1) optimal = 1;
            fclose(f);
        }
    }
    m.ok = rc == 0 && optimal;
    if (!m.ok) fprintf(stderr, "  %s on %s: exit %d, %s\n", solver == CBC ? "cbc" : "glpsol", lp, rc, optimal ? "optimal" : "no optimum found (see solver.out)");
    return m;
}

/* welfare, then KS (ideals, then the max-min): times summed */
static void milp_space(int solver, const med_space *s, const char *tmp, int timeout, milp *w, milp *ks)
{
    char lp[1024];
    snprintf(lp, sizeof lp, "%s/welfare.lp", tmp);
    write_lp(lp, s, (1 << s->nparties) - 1, NULL);
    *w = run_milp(solver, lp, tmp, timeout);
    double ideal[MED_MAX_PARTIES];
    memset(ks, 0, sizeof *ks);
    ks->ok = 1;
    for (int p = 0; p < s->nparties && ks->ok; p++) {
        snprintf(lp, sizeof lp, "%s/ideal-%d.lp", tmp, p + 1);
        write_lp(lp, s, 1 << p, NULL);
        milp m = run_milp(solver, lp, tmp, timeout);
        ks->wall += m.wall, ks->own += m.own, ks->ok &= m.ok;
        ideal[p] = m.obj;
    }
    if (!ks->ok) return;
    snprintf(lp, sizeof lp, "%s/ks.lp", tmp);
    write_lp(lp, s, 0, ideal);
    milp m = run_milp(solver, lp, tmp, timeout);
    ks->wall += m.wall, ks->own += m.own, ks->ok = m.ok, ks->obj = m.obj;
}

/* ---- one configuration ---- */

typedef struct cfg {
    int n, o, np;
} cfg;

static void run_cfg(cfg c, int first, int seeds, int repeat, int use[2], const char *tmp, int timeout)
{
    stat t[S_N] = {{0}}, brute = {0}, mw[2] = {{0}}, mk[2] = {{0}}, ow[2] = {{0}}, ok[2] = {{0}};
    int brute_n = 0, unproven = 0, none = 0, milp_fail[2] = {0};
    long long nodes[S_N] = {0};
    for (int seed = first; seed < first + seeds; seed++) {
        med_space sp;
        med_space_init(&sp, NULL);
        if (med_generate(&sp, (uint64_t)seed, c.n, c.o, c.np, MED_GEN_RED_LINES | MED_GEN_LINKS)) {
            fprintf(stderr, "generate failed\n");
            exit(2);
        }
        fprintf(stderr, "  %d x %d x %d seed %d\n", c.n, c.o, c.np, seed);
        med_result res[S_N];
        for (int k = 0; k < S_N; k++) {
            double best = 1e300;
            for (int r = 0; r < repeat; r++) {
                arena ar;
                arena_init(&ar, NULL);
                med_result x;
                double t0 = now_ms();
                int rc = k == S_WELFARE ? med_solve_welfare(&sp, NULL, &ar, &x)
                         : k == S_NASH  ? med_solve_nash(&sp, NULL, &ar, &x)
                         : k == S_KS    ? med_solve_ks(&sp, NULL, &ar, &x)
                                        : med_least_concession(&sp, NULL, &ar, &x);
                double ms = now_ms() - t0;
                if (rc) {
                    fprintf(stderr, "solver error %d\n", rc);
                    exit(2);
                }
                best = ms < best ? ms : best;
                if (r == 0) {
                    res[k] = x; /* scalars only are used below */
                    nodes[k] += x.nodes;
                }
                arena_release(&ar);
            }
            add(&t[k], best);
            fprintf(stderr, "    %s %.2f ms, %lld nodes\n", sname[k], best, (long long)res[k].nodes);
            if (res[k].status == MED_LIMIT) unproven++;
            if (res[k].status == MED_NONE && k != S_CONCEDE) none++;
        }
        if (med_space_size(&sp) <= MED_BRUTE_MAX) {
            arena ar;
            arena_init(&ar, NULL);
            med_brute b;
            double t0 = now_ms();
            med_brute_force(&sp, &ar, &b);
            add(&brute, now_ms() - t0);
            brute_n++;
            const med_result *br[S_N] = {&b.welfare, &b.nash, &b.ks, &b.concession};
            for (int k = 0; k < S_N; k++) {
                if (br[k]->status != res[k].status) FAIL("%s status, space %s", sname[k], sp.id);
                else if (res[k].status == MED_FOUND &&
                         (fabs(br[k]->value - res[k].value) > 1e-9 * fmax(1, fabs(br[k]->value)) ||
                          (k == S_KS && fabs(br[k]->welfare - res[k].welfare) > 1e-9)))
                    FAIL("%s value %.12g, brute force %.12g, space %s", sname[k], res[k].value, br[k]->value, sp.id);
            }
            arena_release(&ar);
        }
        for (int s = 0; s < 2; s++) {
            if (!use[s]) continue;
            milp w, k;
            milp_space(s, &sp, tmp, timeout, &w, &k);
            const char *who = s == CBC ? "cbc" : "glpsol";
            if (!w.ok || !k.ok) {
                milp_fail[s]++;
                fprintf(stderr, "  %s did not prove optimality within %d s\n", who, timeout);
                continue;
            }
            add(&mw[s], w.wall), add(&ow[s], w.own), add(&mk[s], k.wall), add(&ok[s], k.own);
            double tw = res[S_WELFARE].status == MED_FOUND ? res[S_WELFARE].value : -1e300;
            double tk = res[S_KS].status == MED_FOUND ? res[S_KS].value : -1e300;
            if (fabs(w.obj - tw) > 1e-6) FAIL("%s welfare %.9f, truce %.9f, space %s", who, w.obj, tw, sp.id);
            if (fabs(k.obj - tk) > 1e-6) FAIL("%s KS %.9f, truce %.9f, space %s", who, k.obj, tk, sp.id);
        }
        med_space_free(&sp);
    }
    char label[64];
    snprintf(label, sizeof label, "%d x %d x %d", c.n, c.o, c.np);
    printf("| %-12s |", label);
    for (int k = 0; k < S_N; k++) printf(" %7.2f (%7.2f) |", t[k].sum / seeds, t[k].worst);
    if (brute_n) printf(" %8.0f (%8.0f) |", brute.sum / brute_n, brute.worst);
    else printf(" %19s |", "-");
    for (int s = 0; s < 2; s++) {
        if (!use[s]) printf(" %19s | %19s |", "-", "-");
        else if (milp_fail[s]) printf(" %12s %d/%d  | %12s %d/%d  |", "timeout", milp_fail[s], seeds, "timeout", milp_fail[s], seeds);
        else
            printf(" %7.1f (%7.1f) | %7.1f (%7.1f) |", mw[s].sum / mw[s].n, ow[s].sum / ow[s].n, mk[s].sum / mk[s].n,
                   ok[s].sum / ok[s].n);
    }
    double ratio = use[CBC] && !milp_fail[CBC] ? (mk[CBC].sum / mk[CBC].n) / (t[S_KS].sum / seeds) : 0;
    if (ratio > 0) printf(" %8.0fx |", ratio);
    else printf(" %9s |", "-");
    printf(" %s\n", unproven ? "NOT PROVEN" : "proven");
    (void)none;
    (void)nodes;
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int first = 1, seeds = 3, repeat = 3, use[2] = {1, 1}, timeout = 120;
    const char *tmp = NULL;
    cfg cs[64];
    int ncs = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seeds") && i + 1 < argc) seeds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) first = atoi(argv[++i]), seeds = 1;
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--no-cbc")) use[CBC] = 0;
        else if (!strcmp(argv[i], "--no-glpk")) use[GLPK] = 0;
        else if (!strcmp(argv[i], "--tmp") && i + 1 < argc) tmp = argv[++i];
        else if (!strcmp(argv[i], "--milp-timeout") && i + 1 < argc) timeout = atoi(argv[++i]);
        else if (i + 2 < argc && ncs < 64) {
            cs[ncs++] = (cfg){atoi(argv[i]), atoi(argv[i + 1]), atoi(argv[i + 2])};
            i += 2;
        } else {
            fprintf(stderr, "usage: %s [--seeds N | --seed K] [--repeat R] [--no-cbc] [--no-glpk] [--tmp DIR] "
                            "[--milp-timeout S] [issues options parties]...\n", argv[0]);
            return 2;
        }
    }
    if (!ncs) {
        static const cfg def[] = {{10, 3, 2}, {10, 4, 3}, {10, 5, 4}, {25, 8, 4}, {25, 12, 4},
                                  {50, 6, 3}, {100, 3, 2}, {100, 8, 4}, {100, 12, 4}};
        ncs = (int)(sizeof def / sizeof def[0]);
        memcpy(cs, def, sizeof def);
    }
    char tdir[] = "/tmp/truce-bench-mediate-XXXXXX";
    if (!tmp && !(tmp = mkdtemp(tdir))) return 2;
    for (int s = 0; s < 2; s++)
        if (use[s] && system(s == CBC ? "command -v cbc >/dev/null" : "command -v glpsol >/dev/null")) {
            fprintf(stderr, "%s not found (scripts/deps.sh --bench installs %s): left out\n", s == CBC ? "cbc" : "glpsol",
                    s == CBC ? "coinor-cbc" : "glpk-utils");
            use[s] = 0;
        }
    printf("truce mediate benchmark: %d seeds per configuration, best of %d runs per truce solve; truce and brute "
           "force: ms, mean over seeds (worst)\n",
           seeds, repeat);
    printf("MILP columns: ms, mean over seeds of the subprocesses' wall clock incl. start-up (mean of the solver's "
           "own reported time); KS = one MILP per party for its ideal + the max-min\n\n");
    printf("| %-12s | %-17s | %-17s | %-17s | %-17s | %-19s | %-19s | %-19s | %-19s | %-19s | %-9s | %s\n",
           "n x opt x np", "truce welfare", "truce Nash", "truce KS", "truce concession", "brute force (all)",
           "CBC welfare", "CBC KS", "GLPK welfare", "GLPK KS", "CBC KS / truce KS", "status");
    printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < ncs; i++) run_cfg(cs[i], first, seeds, repeat, use, tmp, timeout);
    if (failures) {
        fprintf(stderr, "%d mismatches\n", failures);
        return 1;
    }
    printf("\nall answers agree (brute force identical; MILP objectives within 1e-6)\n");
    return 0;
}
