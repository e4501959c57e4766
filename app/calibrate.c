/* ricsim calibrate: the method of simulated moments over the scenario's
 * uncertain inputs (Latin hypercube screening, then GSL's Nelder-Mead
 * simplex from the best points), and an ABC rejection posterior from the
 * screening points. Every evaluation is an ensemble point with
 * replications and common random numbers. */
#define _DEFAULT_SOURCE /* realpath */
#include "ric_cli.h"
#include "ric_gsa.h"
#include "ric_plot.h"
#include "ric_rng.h"
#include "ric_study.h"

#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void calibrate_usage(FILE *f)
{
    fprintf(f,
            "usage: ricsim calibrate SCENARIO.yaml --targets TARGETS.yaml -o DIR [options]\n"
            "       ricsim calibrate --targets TEMPLATE.yaml --make-targets OUT.yaml RUN.h5...\n"
            "\n"
            "Fits the scenario's uncertain inputs (its uncertain: section, or --param) to\n"
            "the targets by the method of simulated moments: distance = sum over targets of\n"
            "((model mean - target) / tolerance)^2, the model mean over R replications run\n"
            "with the same seeds at every candidate point (common random numbers). Search:\n"
            "a Latin hypercube over the inputs' distributions, then Nelder-Mead (GSL\n"
            "nmsimplex2) in the unit cube from the best points. The screening points whose\n"
            "distance is in the best --abc-quantile form an ABC rejection sample, refined\n"
            "by --abc-generations of ABC-SMC.\n"
            "Each evaluation is an ensemble in DIR (finished runs are skipped: the same\n"
            "command resumes an interrupted calibration). Results: DIR/calibration.h5,\n"
            "DIR/calibrated.yaml (base: SCENARIO + the fitted keys), DIR/posterior.yaml\n"
            "(an uncertain: section from the ABC sample), DIR/fit.txt, DIR/trace.tsv,\n"
            "DIR/plots/trace.png and pairs.png.\n"
            "The second form writes a targets file whose values are the means of the\n"
            "template's statistics over the given run files (a twin experiment).\n"
            "\n"
            "  -o, --dir DIR         calibration directory (required)\n"
            "      --targets FILE    targets (YAML; docs/calibration.md)\n"
            "      --param KEY:LO:HI a uniform input (repeatable; replaces uncertain:)\n"
            "  -r, --replications R  runs per candidate point (default 2)\n"
            "      --points N        Latin hypercube screening points (default 20)\n"
            "      --starts S        simplex starts from the S best points (default 1)\n"
            "      --evals M         simplex evaluations per start at most (default 30)\n"
            "      --simplex-step H  initial simplex size in the unit cube (default 0.1)\n"
            "      --simplex-tol T   stop when the simplex size is below T (default 0.005)\n"
            "      --abc-quantile Q  share of screening points kept by ABC (default 0.2)\n"
            "      --abc-generations G  ABC-SMC generations after the rejection (default 0)\n"
            "      --abc-particles M proposals per ABC-SMC generation (default: --points)\n"
            "      --confirm C       replications at the best point for the fit table\n"
            "                        (default 10)\n"
            "      --seed N          master seed (default: the scenario's run.seed)\n"
            "      --set KEY=VAL     override a scenario key in every run (repeatable)\n"
            "      --steps S         steps per run\n"
            "  -j, --jobs J          runs at a time (worker processes)\n"
            "      --threads T       OpenMP threads per run (default 1)\n"
            "      --format F        fit table as table (default), csv or markdown\n"
            "      --force           replace different ensembles found in DIR\n"
            "  -q, --quiet           no progress lines\n"
            "\n"
            "exit codes: 0 done, 1 runs failed, 2 usage, 3 bad scenario, input or target\n"
            "            (refused before any run), 4 DIR holds another study, 130 interrupted\n");
}

enum {
    OPT_GENS = 1990,
    OPT_PARTICLES,
    OPT_TARGETS = 2000,
    OPT_POINTS,
    OPT_STARTS,
    OPT_EVALS,
    OPT_STEP,
    OPT_TOL,
    OPT_ABC,
    OPT_CONFIRM,
    OPT_MAKE
};

/* One evaluation: where, the distance and the model means. */
typedef struct eval_rec {
    double *u;     /* [k] unit cube */
    double *model; /* [T] model means */
    double dist;
    int phase; /* 0 screening, 1 simplex */
} eval_rec;

typedef struct calib {
    ric_study s;
    ric_targets t;
    ric_statistic *stats; /* the targets' statistics */
    eval_rec *ev;
    size_t nev, cap;
    int rc; /* first exit code of a failed evaluation */
    size_t start, nm_evals;
} calib;

/* Runs the ensemble of n unit-cube points in dir and records each point's
 * model means and distance. The search (phases 0, 1) uses common seeds;
 * ABC-SMC generations (phase 2) draw independent seeds per particle from
 * a master seed of their own, as the ABC posterior needs. */
static int evaluate(calib *c, const char *dir, size_t n, const double *u, int phase, uint64_t gen)
{
    ric_study *s = &c->s;
    const size_t k = s->unc.n, T = c->t.n, R = (size_t)s->reps;
    ric_ensemble e;
    const long long seed = s->seed;
    if (phase == 2)
        s->seed =
            (long long)(ric_rng_derive_seed(s->seed >= 0 ? (uint64_t)s->seed : (uint64_t)s->p.seed,
                                            UINT64_C(0x534d43), gen) &
                        ((UINT64_C(1) << 53) - 1));
    int rc = ric_study_ensemble(s, &e, s->scenario, dir, n, u, phase != 2);
    s->seed = seed;
    size_t inc = 0, missing = 0;
    double *y = rc ? NULL : malloc(n * R * T * sizeof *y);
    if (!rc && !y)
        rc = RIC_EXIT_RUNTIME;
    if (!rc)
        rc = ric_study_run(s, &e, 0, n * R - 1, &inc);
    if (!rc) {
        ric_error err;
        ric_error_clear(&err);
        ric_statistic_gather(&e, c->stats, T, y, &missing, &err);
    }
    ric_design_destroy(&e.design);
    if (!rc && c->nev + n > c->cap) {
        size_t cap = (c->nev + n) * 2;
        eval_rec *p = realloc(c->ev, cap * sizeof *p);
        if (!p)
            rc = RIC_EXIT_RUNTIME;
        else
            c->ev = p, c->cap = cap;
    }
    for (size_t p = 0; p < n && !rc; p++) {
        eval_rec *r = &c->ev[c->nev];
        r->u = malloc(k * sizeof *r->u);
        r->model = malloc(T * sizeof *r->model);
        if (!r->u || !r->model) {
            free(r->u), free(r->model);
            rc = RIC_EXIT_RUNTIME;
            break;
        }
        memcpy(r->u, u + p * k, k * sizeof *r->u);
        for (size_t j = 0; j < T; j++) {
            double sum = 0;
            for (size_t q = 0; q < R; q++)
                sum += y[((p * R) + q) * T + j];
            r->model[j] = sum / (double)R; /* NaN if a run gave none */
        }
        r->dist = ric_targets_distance(&c->t, r->model);
        if (isnan(r->dist))
            r->dist = HUGE_VAL; /* a statistic without value: never the best */
        r->phase = phase;
        c->nev++;
    }
    free(y);
    if (missing && !rc && !s->quiet)
        fprintf(stderr, "ricsim calibrate: %s: %zu target values could not be computed\n", dir,
                missing);
    return rc;
}

/* The unit cube folded onto itself: the simplex moves freely, every point
 * it asks for is a valid input. */
static double fold(double v)
{
    v = fmod(fabs(v), 2.0);
    return v > 1.0 ? 2.0 - v : v;
}

static double nm_f(const gsl_vector *x, void *ud)
{
    calib *c = ud;
    const size_t k = c->s.unc.n;
    if (c->rc || ric_cli_stop)
        return GSL_NAN;
    double u[RIC_DESIGN_MAX_FACTORS];
    for (size_t i = 0; i < k; i++)
        u[i] = fold(gsl_vector_get(x, i));
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/simplex/s%02zu_e%04zu", c->s.dir, c->start, c->nm_evals++);
    int rc = evaluate(c, dir, 1, u, 1, 0);
    if (rc) {
        c->rc = rc;
        return GSL_NAN;
    }
    return c->ev[c->nev - 1].dist;
}

/* Indices of the records sorted by distance (ties: evaluation order). */
static size_t *ranked(const calib *c, size_t n)
{
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    double *d = calloc(n ? n : 1, sizeof *d);
    if (!idx || !d) {
        free(idx), free(d);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = c->ev[i].dist;
    gsl_sort_index(idx, d, 1, n); /* stable for equal keys: heapsort is not, so break ties */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && d[idx[j]] == d[idx[j - 1]] && idx[j] < idx[j - 1]; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    free(d);
    return idx;
}

/* Parameter values of a unit-cube point as --set text. */
static void put_value(const ric_uncertain_item *it, double u, char *buf, size_t size)
{
    double x = ric_dist_quantile(&it->dist, u);
    if (it->is_int)
        snprintf(buf, size, "%.0f", round(x));
    else
        snprintf(buf, size, "%.17g", x);
}

/* "list.N.member": a key inside a list item. */
static int list_item(const char *key)
{
    for (const char *d = strchr(key, '.'); d; d = strchr(d + 1, '.'))
        if (d[1] >= '0' && d[1] <= '9')
            return 1;
    return 0;
}

/* DIR/calibrated.yaml: base: the scenario, then the fitted keys nested. */
static int write_calibrated(const calib *c, const double *u, const char *base)
{
    const ric_uncertain *un = &c->s.unc;
    char path[4200];
    snprintf(path, sizeof path, "%s/calibrated.yaml", c->s.dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f,
            "# Written by ricsim calibrate: the scenario with the fitted values\n"
            "# (the best point of the search; DIR/fit.txt shows the fit).\n"
            "base: %s\n",
            base);
    /* Keys sorted so a group is written once. */
    size_t order[RIC_DESIGN_MAX_FACTORS];
    for (size_t i = 0; i < un->n; i++)
        order[i] = i;
    for (size_t i = 1; i < un->n; i++)
        for (size_t j = i;
             j > 0 && strcmp(un->items[order[j]].key, un->items[order[j - 1]].key) < 0; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    const char *prev = "";
    for (size_t q = 0; q < un->n; q++) {
        const ric_uncertain_item *it = &un->items[order[q]];
        char v[64];
        put_value(it, u[order[q]], v, sizeof v);
        if (list_item(it->key)) {
            /* A list in a file replaces the whole list: an item's member
             * can only be overridden on the command line. */
            fprintf(f, "# a list item: run with --set %s=%s\n", it->key, v);
            continue;
        }
        /* Common leading groups with the key before are not repeated. */
        size_t common = 0, depth = 0;
        for (size_t i = 0; it->key[i] && it->key[i] == prev[i]; i++)
            if (it->key[i] == '.')
                common = i + 1;
        const char *k = it->key;
        for (size_t i = 0; i < common; i++)
            depth += k[i] == '.';
        for (const char *p = k + common;;) {
            const char *dot = strchr(p, '.');
            fprintf(f, "%*s%.*s:%s%s\n", (int)(2 * depth), "",
                    dot ? (int)(dot - p) : (int)strlen(p), p, dot ? "" : " ", dot ? "" : v);
            if (!dot)
                break;
            p = dot + 1;
            depth++;
        }
        prev = it->key;
    }
    return fclose(f);
}

/* DIR/posterior.yaml: base: calibrated.yaml and the ABC sample's weighted
 * marginals as truncated normals within the prior bounds. */
static int write_posterior(const calib *c, const double *u, const double *w, size_t n,
                           const char *how)
{
    ric_uncertain post = c->s.unc;
    const size_t k = post.n;
    char path[4200];
    snprintf(path, sizeof path, "%s/posterior.yaml", c->s.dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (size_t i = 0; i < k; i++) {
        ric_uncertain_item *it = &post.items[i];
        double m = 0, v = 0;
        for (size_t a = 0; a < n; a++)
            m += w[a] * ric_dist_quantile(&c->s.unc.items[i].dist, u[a * k + i]);
        for (size_t a = 0; a < n; a++) {
            double d = ric_dist_quantile(&c->s.unc.items[i].dist, u[a * k + i]) - m;
            v += w[a] * d * d;
        }
        double sd = sqrt(v);
        it->dist.kind = RIC_DIST_TRUNCNORMAL;
        it->dist.mean = m;
        /* a sample of equal values still needs a spread */
        it->dist.sd = sd > 0 ? sd : 1e-3 * (it->dist.hi - it->dist.lo);
        snprintf(it->source, sizeof it->source, "%s: %zu particles (weighted mean %.6g, sd %.6g)",
                 how, n, m, sd);
    }
    fprintf(f, "# Written by ricsim calibrate: the ABC sample's weighted marginals\n"
               "# (truncated normals within the prior bounds; correlations are not kept:\n"
               "# the sample itself is in calibration.h5 /calibration/abc/sample, weights).\n"
               "base: calibrated.yaml\n");
    ric_uncertain_write(&post, f);
    return fclose(f);
}

/* ABC: rejection keeps the best abcq of the screening points (equal
 * weights); then `gens` SMC generations of `np` proposals each (ric_gsa.h),
 * each one ensemble in DIR/abc/gNN, accepting distances up to the
 * generation's median (never above the threshold before). *u, *w, *n: the
 * final weighted particles (unit cube); *eps: the final threshold. */
static int abc(calib *c, size_t nscreen, double abcq, size_t gens, size_t np, uint64_t master,
               double **pu, double **pw, size_t *pn, double *eps)
{
    const size_t k = c->s.unc.n;
    size_t *srank = ranked(c, nscreen), n = (size_t)ceil(abcq * (double)nscreen);
    n = n < 2 ? 2 : n > nscreen ? nscreen : n;
    const size_t cap = n > np ? n : np; /* accepted particles: at most np later */
    double *u = malloc(cap * k * sizeof *u), *w = malloc(cap * sizeof *w);
    double *prop = malloc(np * k * sizeof *prop), *d = malloc(np * sizeof *d);
    double *un = malloc(np * k * sizeof *un), *wn = malloc(np * sizeof *wn),
           sd[RIC_DESIGN_MAX_FACTORS];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = 0;
    if (!srank || !u || !w || !prop || !d || !un || !wn || !g) {
        rc = RIC_EXIT_RUNTIME;
        goto done;
    }
    for (size_t a = 0; a < n; a++) {
        memcpy(u + a * k, c->ev[srank[a]].u, k * sizeof *u);
        w[a] = 1.0 / (double)n;
    }
    *eps = c->ev[srank[n - 1]].dist;
    for (size_t gen = 1; gen <= gens && !rc; gen++) {
        ric_error err;
        ric_error_clear(&err);
        gsl_rng_set(g, (unsigned long)ric_rng_derive_seed(master, UINT64_C(0x414243), gen));
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/abc/g%02zu", c->s.dir, gen);
        if (ric_abc_propose(k, n, u, w, np, g, prop, sd, &err) != RIC_OK) {
            rc = RIC_EXIT_RUNTIME;
            break;
        }
        size_t first = c->nev;
        if ((rc = evaluate(c, dir, np, prop, 2, gen)) != 0)
            break;
        for (size_t p = 0; p < np; p++)
            d[p] = c->ev[first + p].dist;
        memcpy(wn, d, np * sizeof *d); /* wn: scratch until the weights */
        gsl_sort(wn, 1, np);
        double e = gsl_stats_median_from_sorted_data(wn, 1, np);
        e = e < *eps ? e : *eps;
        size_t na = 0;
        for (size_t p = 0; p < np; p++)
            if (d[p] <= e)
                memcpy(un + na++ * k, prop + p * k, k * sizeof *un);
        if (na < 2) {
            if (!c->s.quiet)
                fprintf(stderr,
                        "ricsim calibrate: ABC generation %zu accepted %zu particles; "
                        "stopping at the generation before\n",
                        gen, na);
            break;
        }
        if (ric_abc_weights(k, n, u, w, sd, na, un, wn, &err) != RIC_OK) {
            fprintf(stderr, "ricsim calibrate: ABC generation %zu: %s\n", gen, err.msg);
            break;
        }
        memcpy(u, un, na * k * sizeof *u);
        memcpy(w, wn, na * sizeof *w);
        n = na;
        *eps = e;
        if (!c->s.quiet)
            fprintf(stderr,
                    "ricsim calibrate: ABC generation %zu: %zu of %zu accepted, "
                    "distance <= %.4g\n",
                    gen, na, np, e);
    }
done:
    free(srank), free(prop), free(d), free(un), free(wn);
    gsl_rng_free(g);
    if (rc) {
        free(u), free(w);
        u = w = NULL;
        n = 0;
    }
    *pu = u;
    *pw = w;
    *pn = n;
    return rc;
}

/* The second form: targets whose values are the runs' means. */
static int make_targets(const ric_targets *t, const char *out, char **runs, int nruns)
{
    FILE *f = fopen(out, "w");
    if (!f) {
        fprintf(stderr, "ricsim calibrate: %s: cannot write\n", out);
        return RIC_EXIT_RUNTIME;
    }
    fprintf(f,
            "# Written by ricsim calibrate --make-targets from %d run files\n"
            "# (the template %s with values replaced by the runs' means).\ntargets:\n",
            nruns, t->file);
    int rc = 0;
    for (size_t j = 0; j < t->n && !rc; j++) {
        const ric_target *g = &t->items[j];
        double sum = 0;
        for (int r = 0; r < nruns && !rc; r++) {
            ric_error err;
            ric_error_clear(&err);
            double v;
            if (ric_statistic_eval(&g->stat, runs[r], &v, &err) != RIC_OK) {
                fprintf(stderr, "ricsim calibrate: target %s: %s\n", g->name, err.msg);
                rc = RIC_EXIT_SCENARIO;
            }
            sum += v;
        }
        static const char *const kinds[] = {"mean", "at", "rate"};
        fprintf(f, "  - name: %s\n    observable: %s\n", g->name, g->stat.series);
        if (g->stat.column[0])
            fprintf(f, "    column: %s\n", g->stat.column);
        fprintf(f, "    statistic: %s\n", kinds[g->stat.kind]);
        if (g->stat.kind == RIC_STAT_AT && g->stat.from >= 0)
            fprintf(f, "    step: %lld\n", (long long)g->stat.from);
        if (g->stat.kind != RIC_STAT_AT && g->stat.from >= 0)
            fprintf(f, "    from: %lld\n", (long long)g->stat.from);
        if (g->stat.kind != RIC_STAT_AT && g->stat.to >= 0)
            fprintf(f, "    to: %lld\n", (long long)g->stat.to);
        if (g->stat.kind == RIC_STAT_RATE)
            fprintf(f, "    steps_per_year: %.17g\n", g->stat.steps_per_year);
        fprintf(f, "    value: %.17g\n    %s: %.17g\n    source: \"mean of %d runs\"\n",
                sum / nruns, g->is_se ? "se" : "tolerance", g->scale, nruns);
    }
    if (fclose(f) != 0 && !rc)
        rc = RIC_EXIT_RUNTIME;
    return rc;
}

int ric_cmd_calibrate(int argc, char **argv)
{
    static const struct option longopts[] = {
        RIC_STUDY_LONGOPTS,
        {"targets", required_argument, NULL, OPT_TARGETS},
        {"points", required_argument, NULL, OPT_POINTS},
        {"starts", required_argument, NULL, OPT_STARTS},
        {"evals", required_argument, NULL, OPT_EVALS},
        {"simplex-step", required_argument, NULL, OPT_STEP},
        {"simplex-tol", required_argument, NULL, OPT_TOL},
        {"abc-quantile", required_argument, NULL, OPT_ABC},
        {"confirm", required_argument, NULL, OPT_CONFIRM},
        {"make-targets", required_argument, NULL, OPT_MAKE},
        {"abc-generations", required_argument, NULL, OPT_GENS},
        {"abc-particles", required_argument, NULL, OPT_PARTICLES},
        {NULL, 0, NULL, 0}};
    calib c;
    memset(&c, 0, sizeof c);
    int rc = ric_study_init(&c.s, "calibrate", argc), ch;
    ric_study *s = &c.s;
    ric_targets_init(&c.t);
    long long points = 20, starts = 1, evals = 30, confirm = 10, gens = 0, particles = 0;
    double *abc_u = NULL, *abc_w = NULL;
    size_t na = 0;
    double step = 0.1, tol = 0.005, abcq = 0.2;
    const char *targets = NULL, *make = NULL;
    size_t *rank = NULL;
    if (rc)
        goto out;
    rc = RIC_EXIT_USAGE;
    while ((ch = getopt_long(argc, argv, "o:r:j:qh", longopts, NULL)) != -1) {
        int h = ric_study_option(s, ch, optarg);
        if (h < 0)
            goto out;
        if (h > 0)
            continue;
        char *end = NULL;
        switch (ch) {
        case OPT_TARGETS:
            targets = optarg;
            break;
        case OPT_MAKE:
            make = optarg;
            break;
        case OPT_POINTS:
            if (ric_cli_parse_int("--points", optarg, 2, &points))
                goto out;
            break;
        case OPT_STARTS:
            if (ric_cli_parse_int("--starts", optarg, 0, &starts))
                goto out;
            break;
        case OPT_EVALS:
            if (ric_cli_parse_int("--evals", optarg, 1, &evals))
                goto out;
            break;
        case OPT_GENS:
            if (ric_cli_parse_int("--abc-generations", optarg, 0, &gens))
                goto out;
            break;
        case OPT_PARTICLES:
            if (ric_cli_parse_int("--abc-particles", optarg, 2, &particles))
                goto out;
            break;
        case OPT_CONFIRM:
            if (ric_cli_parse_int("--confirm", optarg, 2, &confirm))
                goto out;
            break;
        case OPT_STEP:
        case OPT_TOL:
        case OPT_ABC: {
            double v = strtod(optarg, &end);
            if (end == optarg || *end || !(v > 0) || (ch != OPT_TOL && v > 1)) {
                fprintf(stderr, "ricsim calibrate: %s: expected a number in (0, 1], found '%s'\n",
                        argv[optind - 1], optarg);
                goto out;
            }
            *(ch == OPT_STEP ? &step : ch == OPT_TOL ? &tol : &abcq) = v;
            break;
        }
        case 'h':
            calibrate_usage(stdout);
            rc = RIC_EXIT_OK;
            goto out;
        default:
            rc = ric_cli_bad_option("calibrate", argv, longopts, "o:r:j:qh");
            goto out;
        }
    }
    ric_error err;
    ric_error_clear(&err);
    if (!targets) {
        rc = ric_cli_usage_error("calibrate", "missing --targets FILE");
        goto out;
    }
    ric_status st = ric_targets_load(&c.t, targets, &err);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim calibrate: %s\n", err.msg);
        rc = ric_cli_exit_code(st);
        goto out;
    }
    if (make) {
        if (optind >= argc) {
            fprintf(stderr, "ricsim calibrate: --make-targets needs run files\n");
            goto out;
        }
        rc = make_targets(&c.t, make, argv + optind, argc - optind);
        goto out;
    }
    if (optind != argc - 1 || !s->dir) {
        rc = ric_cli_usage_error("calibrate", "%s",
                                 optind >= argc ? "missing SCENARIO"
                                 : !s->dir      ? "missing -o DIR"
                                                : "too many arguments");
        goto out;
    }
    if (ric_cli_scenario_arg("calibrate", argv[optind], s->scenario_buf, sizeof s->scenario_buf)) {
        rc = RIC_EXIT_SCENARIO;
        goto out;
    }
    s->scenario = s->scenario_buf;
    if ((rc = ric_study_load(s)) != 0)
        goto out;
    const size_t k = s->unc.n, T = c.t.n;
    c.stats = malloc(T * sizeof *c.stats);
    if (!c.stats) {
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    for (size_t j = 0; j < T; j++)
        c.stats[j] = c.t.items[j].stat;
    if ((rc = ric_study_probe(s, s->scenario, NULL, 0, &c.t)) != 0)
        goto out;
    char base[PATH_MAX];
    if (!realpath(s->scenario, base)) {
        fprintf(stderr, "ricsim calibrate: %s: cannot resolve its path\n", s->scenario);
        rc = RIC_EXIT_SCENARIO;
        goto out;
    }
    if (ric_cli_make_dirs("calibrate", s->dir, 1)) {
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/simplex", s->dir);
    mkdir(sub, 0777);

    /* 1. Latin hypercube screening (the prior's quantiles of an LHS). */
    const uint64_t master = s->seed >= 0 ? (uint64_t)s->seed : (uint64_t)s->p.seed;
    double *u = malloc((size_t)points * k * sizeof *u);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!u || !g) {
        free(u);
        gsl_rng_free(g);
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    gsl_rng_set(g,
                (unsigned long)ric_rng_derive_seed(master, UINT64_C(0x43414c), (uint64_t)points));
    ric_gsa_lhs(k, (size_t)points, g, u, &err);
    gsl_rng_free(g);
    snprintf(sub, sizeof sub, "%s/screen", s->dir);
    rc = evaluate(&c, sub, (size_t)points, u, 0, 0);
    free(u);
    if (rc)
        goto out;
    const size_t nscreen = c.nev;
    rank = ranked(&c, nscreen);
    if (!rank) {
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    if (!s->quiet)
        fprintf(stderr, "ricsim calibrate: screening: %zu points, best distance %.4g\n", nscreen,
                c.ev[rank[0]].dist);

    /* 2. Nelder-Mead from the best screening points. */
    gsl_multimin_fminimizer *nm =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, k);
    gsl_vector *x = gsl_vector_alloc(k), *ss = gsl_vector_alloc(k);
    gsl_multimin_function fn = {nm_f, k, &c};
    for (size_t st0 = 0; st0 < (size_t)starts && st0 < nscreen && !rc && nm && x && ss; st0++) {
        c.start = st0;
        c.nm_evals = 0;
        for (size_t i = 0; i < k; i++)
            gsl_vector_set(x, i, c.ev[rank[st0]].u[i]);
        gsl_vector_set_all(ss, step);
        if (gsl_multimin_fminimizer_set(nm, &fn, x, ss) != GSL_SUCCESS)
            break;
        while (!c.rc && !ric_cli_stop && c.nm_evals < (size_t)evals) {
            if (gsl_multimin_fminimizer_iterate(nm) != GSL_SUCCESS)
                break;
            if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(nm), tol) == GSL_SUCCESS)
                break;
        }
        if (!s->quiet)
            fprintf(stderr, "ricsim calibrate: simplex %zu: %zu evaluations, distance %.4g\n", st0,
                    c.nm_evals, gsl_multimin_fminimizer_minimum(nm));
    }
    gsl_multimin_fminimizer_free(nm);
    gsl_vector_free(x);
    gsl_vector_free(ss);
    rc = ric_cli_stop ? RIC_EXIT_INTERRUPTED : c.rc;
    if (rc)
        goto out;

    /* 3. ABC: rejection from the screening, then SMC generations. The best
     * point is chosen among the search's evaluations only: they share
     * seeds, the ABC generations' do not. */
    const size_t nsearch = c.nev;
    double eps = 0;
    if ((rc = abc(&c, nscreen, abcq, (size_t)gens, (size_t)(particles ? particles : points), master,
                  &abc_u, &abc_w, &na, &eps)) != 0)
        goto out;
    free(rank);
    rank = ranked(&c, nsearch);
    if (!rank) {
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    const eval_rec *best = &c.ev[rank[0]];
    double bestu[RIC_DESIGN_MAX_FACTORS];
    memcpy(bestu, best->u, k * sizeof *bestu);

    /* 4. The fit at the best point, with more replications for its CIs. */
    long long reps = s->reps;
    s->reps = confirm;
    snprintf(sub, sizeof sub, "%s/best", s->dir);
    ric_ensemble e;
    rc = ric_study_ensemble(s, &e, s->scenario, sub, 1, bestu, 1);
    size_t inc = 0, missing = 0;
    double *yb = rc ? NULL : malloc((size_t)confirm * T * sizeof *yb);
    if (!rc)
        rc = yb ? ric_study_run(s, &e, 0, (size_t)confirm - 1, &inc) : RIC_EXIT_RUNTIME;
    if (!rc)
        ric_statistic_gather(&e, c.stats, T, yb, &missing, &err);
    ric_design_destroy(&e.design);
    s->reps = reps;
    if (rc) {
        free(yb);
        goto out;
    }
    double *fit = malloc(4 * T * sizeof *fit), *col = malloc((size_t)confirm * sizeof *col);
    if (!fit || !col) {
        free(yb), free(fit), free(col);
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    for (size_t j = 0; j < T; j++) {
        size_t n = 0;
        for (size_t q = 0; q < (size_t)confirm; q++)
            if (isfinite(yb[q * T + j]))
                col[n++] = yb[q * T + j];
        double m = n ? gsl_stats_mean(col, 1, n) : NAN;
        double half = n > 1 ? gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) *
                                  gsl_stats_sd_m(col, 1, n, m) / sqrt((double)n)
                            : NAN;
        fit[j] = m, fit[T + j] = m - half, fit[2 * T + j] = m + half;
        fit[3 * T + j] = (m - c.t.items[j].value) / c.t.items[j].scale;
    }
    free(yb);
    free(col);

    /* 5. Outputs: files, results, table, plots (rank 0 only under MPI). */
    if (ric_study_rank() != 0) {
        free(fit);
        goto out;
    }
    int wbad = write_calibrated(&c, bestu, base) != 0 ||
               write_posterior(&c, abc_u, abc_w, na, gens ? "ABC-SMC" : "ABC rejection") != 0;
    char path[4300];
    snprintf(path, sizeof path, "%s/trace.tsv", s->dir);
    FILE *tr = fopen(path, "w");
    double *td = malloc(c.nev * sizeof *td), *tv = malloc(c.nev * k * sizeof *tv),
           *tm = malloc(c.nev * T * sizeof *tm), *sample = malloc(na * k * sizeof *sample);
    int *tp = malloc(c.nev * sizeof *tp);
    int64_t *tpi = malloc(c.nev * sizeof *tpi);
    if (!tr || !td || !tv || !tm || !tp || !tpi || !sample) {
        if (tr)
            fclose(tr);
        free(td), free(tv), free(tm), free(tp), free(tpi), free(sample), free(fit);
        fprintf(stderr, "ricsim calibrate: %s: cannot write\n", path);
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    fprintf(tr, "evaluation\tphase\tdistance");
    for (size_t i = 0; i < k; i++)
        fprintf(tr, "\t%s", s->unc.items[i].key);
    for (size_t j = 0; j < T; j++)
        fprintf(tr, "\t%s", c.t.items[j].name);
    fputc('\n', tr);
    for (size_t v = 0; v < c.nev; v++) {
        td[v] = c.ev[v].dist;
        tp[v] = c.ev[v].phase;
        tpi[v] = c.ev[v].phase;
        static const char *const phases[] = {"screening", "simplex", "abc"};
        fprintf(tr, "%zu\t%s\t%.10g", v, phases[tp[v]], td[v]);
        for (size_t i = 0; i < k; i++) {
            tv[v * k + i] = ric_dist_quantile(&s->unc.items[i].dist, c.ev[v].u[i]);
            fprintf(tr, "\t%.10g", tv[v * k + i]);
        }
        for (size_t j = 0; j < T; j++) {
            tm[v * T + j] = c.ev[v].model[j];
            fprintf(tr, "\t%.10g", tm[v * T + j]);
        }
        fputc('\n', tr);
    }
    wbad |= fclose(tr) != 0;
    for (size_t a = 0; a < na; a++)
        for (size_t i = 0; i < k; i++)
            sample[a * k + i] = ric_dist_quantile(&s->unc.items[i].dist, abc_u[a * k + i]);
    const char *keys[RIC_DESIGN_MAX_FACTORS], **tnames = malloc(T * sizeof *tnames);
    for (size_t i = 0; i < k; i++)
        keys[i] = s->unc.items[i].key;
    for (size_t j = 0; tnames && j < T; j++)
        tnames[j] = c.t.items[j].name;
    double *tgt = malloc(2 * T * sizeof *tgt), bestx[RIC_DESIGN_MAX_FACTORS];
    for (size_t j = 0; tgt && j < T; j++)
        tgt[j] = c.t.items[j].value, tgt[T + j] = c.t.items[j].scale;
    for (size_t i = 0; i < k; i++)
        bestx[i] = ric_dist_quantile(&s->unc.items[i].dist, bestu[i]);
    ric_h5 h;
    rc = tnames && tgt ? ric_study_results(s, &h, "calibration.h5", argc, argv) : RIC_EXIT_RUNTIME;
    if (!rc) {
        st = ric_h5_write_array(&h, "/calibration/trace/values", 0, c.nev, k, tv, keys, &err);
        if (st == RIC_OK)
            st = ric_h5_write_array(&h, "/calibration/trace/distance", 0, c.nev, 0, td, NULL, &err);
        if (st == RIC_OK)
            st = ric_h5_write_array(&h, "/calibration/trace/phase", 1, c.nev, 0, tpi, NULL, &err);
        if (st == RIC_OK)
            st = ric_h5_write_array(&h, "/calibration/trace/model", 0, c.nev, T, tm, tnames, &err);
        if (st == RIC_OK)
            st = ric_h5_write_array(&h, "/calibration/targets", 0, 2, T, tgt, tnames, &err);
        if (st == RIC_OK)
            st = ric_h5_write_array(&h, "/calibration/best/values", 0, 1, k, bestx, keys, &err);
        if (st == RIC_OK) /* mean, ci_low, ci_high, z */
            st = ric_h5_write_array(&h, "/calibration/best/fit", 0, 4, T, fit, tnames, &err);
        if (st == RIC_OK)
            st = ric_h5_write_array(&h, "/calibration/abc/sample", 0, na, k, sample, keys, &err);
        if (st == RIC_OK)
            st = ric_h5_write_array(&h, "/calibration/abc/weights", 0, na, 0, abc_w, NULL, &err);
        if (st == RIC_OK)
            st = ric_h5_write_attr_i64(&h, "/calibration/best", "replications", confirm, &err);
        if (st == RIC_OK)
            st = ric_h5_finish(&h, "complete", &err);
        ric_h5_destroy(&h);
        if (st != RIC_OK) {
            fprintf(stderr, "ricsim calibrate: %s\n", err.msg);
            rc = RIC_EXIT_RUNTIME;
        }
    }
    char pdir[4200];
    snprintf(pdir, sizeof pdir, "%s/plots", s->dir);
    mkdir(pdir, 0777);
    ric_error perr;
    ric_error_clear(&perr);
    if (!rc &&
        (ric_plot_trace(pdir, "trace", "calibration: distance to the targets", td, tp, c.nev,
                        &perr) != RIC_OK ||
         ric_plot_pairs(pdir, "pairs", "ABC rejection sample (red: best point)", keys, k, sample,
                        na, bestx, &perr) != RIC_OK) &&
        !s->quiet)
        fprintf(stderr, "ricsim calibrate: plot: %s\n", perr.msg);

    /* The fit table: on stdout and in DIR/fit.txt. */
    snprintf(path, sizeof path, "%s/fit.txt", s->dir);
    FILE *ft = fopen(path, "w");
    FILE *outs[2] = {stdout, ft};
    size_t within = 0;
    for (size_t j = 0; j < T; j++)
        within +=
            fabs(fit[j] - c.t.items[j].value) <= c.t.items[j].scale * (c.t.items[j].is_se ? 2 : 1);
    for (int o = 0; o < 2; o++) {
        FILE *f = outs[o];
        if (!f)
            continue;
        int fm = o ? RIC_FMT_TABLE : s->format;
        if (fm != RIC_FMT_CSV) {
            fprintf(f, "%sbest point (distance %.4g, %lld replications):",
                    fm == RIC_FMT_MARKDOWN ? "" : "# ", best->dist, confirm);
            for (size_t i = 0; i < k; i++)
                fprintf(f, " %s=%.6g", keys[i], bestx[i]);
            fprintf(f,
                    "\n%s%zu of %zu targets within tolerance (2 se for an se); %s: %zu "
                    "particles, distance <= %.4g\n%s",
                    fm == RIC_FMT_MARKDOWN ? "\n" : "# ", within, T,
                    gens ? "ABC-SMC" : "ABC rejection", na, eps,
                    fm == RIC_FMT_MARKDOWN ? "\n" : "");
        }
        static const char *const head[] = {"target",       "model",     "CI low", "CI high",
                                           "target value", "tolerance", "z",      "within"};
        int width[8] = {20, 10, 10, 10, 12, 10, 8, 6};
        ric_study_row(f, fm, head, 8, width, 1);
        for (size_t j = 0; j < T; j++) {
            char v[7][32];
            const ric_target *tg = &c.t.items[j];
            snprintf(v[0], 32, "%.5g", fit[j]);
            snprintf(v[1], 32, "%.5g", fit[T + j]);
            snprintf(v[2], 32, "%.5g", fit[2 * T + j]);
            snprintf(v[3], 32, "%.5g", tg->value);
            snprintf(v[4], 32, "%s%.5g", tg->is_se ? "se " : "", tg->scale);
            snprintf(v[5], 32, "%.2f", fit[3 * T + j]);
            snprintf(v[6], 32, "%s",
                     fabs(fit[j] - tg->value) <= tg->scale * (tg->is_se ? 2 : 1) ? "yes" : "no");
            const char *cells[8] = {tg->name, v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
            ric_study_row(f, fm, cells, 8, width, 0);
        }
    }
    if (ft && fclose(ft) != 0)
        wbad = 1;
    if (wbad && !rc) {
        fprintf(stderr, "ricsim calibrate: cannot write the outputs in %s\n", s->dir);
        rc = RIC_EXIT_RUNTIME;
    }
    if (!rc && !s->quiet)
        fprintf(stderr,
                "ricsim calibrate: %zu evaluations; %s/calibrated.yaml, posterior.yaml, "
                "calibration.h5, fit.txt, trace.tsv, plots/\n",
                c.nev, s->dir);
    free(td), free(tv), free(tm), free(tp), free(tpi), free(sample), free(fit);
    free(tnames), free(tgt);
out:
    for (size_t v = 0; v < c.nev; v++)
        free(c.ev[v].u), free(c.ev[v].model);
    free(c.ev);
    free(c.stats);
    free(rank);
    free(abc_u);
    free(abc_w);
    ric_targets_destroy(&c.t);
    ric_study_destroy(s);
    return rc;
}
