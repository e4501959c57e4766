/* ricsim sensitivity: Morris screening or Sobol indices of chosen outputs
 * over the scenario's uncertain inputs, every design point an ensemble
 * point with replications (analysis/ric_gsa.h for the estimators). */
#include "ric_cli.h"
#include "ric_gsa.h"
#include "ric_plot.h"
#include "ric_study.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void sensitivity_usage(FILE *f)
{
    fprintf(f, "usage: ricsim sensitivity SCENARIO.yaml -o DIR --output NAME=STAT [options]\n"
               "\n"
               "Global sensitivity of outputs to the scenario's uncertain inputs (its uncertain:\n"
               "section, or --param). Every design point runs R replications as an ensemble in\n"
               "DIR (runs.tsv re-runs any run alone); finished runs are skipped, so an\n"
               "interrupted study is finished by running the same command again. Results:\n"
               "DIR/sensitivity.h5, the table on stdout and DIR/plots/<output>.png|svg.\n"
               "\n"
               "  -o, --dir DIR         study directory (required)\n"
               "      --output NAME=SERIES[.COLUMN]:mean|at|rate[@FROM-TO]\n"
               "                        an output (repeatable), e.g.\n"
               "                        sme=innovating_share.sme:mean@48-60\n"
               "      --method M        morris (screening; default) or sobol\n"
               "      --param KEY:LO:HI a uniform input (repeatable; replaces uncertain:)\n"
               "      --versus OTHER.yaml  outputs are SCENARIO minus OTHER, run with the same\n"
               "                        seeds (common random numbers): an intervention's effect\n"
               "  -r, --replications R  runs per design point (default 2); the noise share is\n"
               "                        the within-point variance over the total\n"
               "      --trajectories N  Morris trajectories (default 10)\n"
               "      --levels P        Morris grid levels (even, default 4)\n"
               "      --samples N       Sobol base rows (default 64; runs = N (k+2) R)\n"
               "      --bootstrap B     bootstrap resamples for the CIs (default 1000)\n"
               "      --common-seeds    every design point sees the same seeds\n"
               "      --seed N          master seed (default: the scenario's run.seed)\n"
               "      --set KEY=VAL     override a scenario key in every run (repeatable)\n"
               "      --steps S         steps per run\n"
               "  -j, --jobs J          runs at a time (worker processes)\n"
               "      --threads T       OpenMP threads per run (default 1)\n"
               "      --only I[-J]      run only runs I..J (job arrays; no analysis)\n"
               "      --list            print the design (point, inputs) and exit\n"
               "      --format F        table (default), csv or markdown\n"
               "      --force           replace a different study found in DIR\n"
               "  -q, --quiet           no progress line\n"
               "\n"
               "exit codes: 0 done, 1 runs failed or missing (no analysis), 2 usage,\n"
               "            3 bad scenario, input or output (refused before any run),\n"
               "            4 DIR holds another study, 130 interrupted\n");
}

typedef struct output_def {
    char name[64];
    ric_statistic stat;
} output_def;

enum {
    OPT_METHOD = 2000,
    OPT_OUT,
    OPT_VERSUS,
    OPT_TRAJ,
    OPT_LEVELS,
    OPT_SAMPLES,
    OPT_COMMON,
    OPT_ONLY,
    OPT_LIST
};

static int parse_output(const char *text, output_def *o)
{
    const char *eq = strchr(text, '=');
    ric_error err;
    ric_error_clear(&err);
    if (!eq || eq == text || (size_t)(eq - text) >= sizeof o->name) {
        fprintf(stderr, "ricsim sensitivity: --output '%s': expected NAME=STAT\n", text);
        return -1;
    }
    memcpy(o->name, text, (size_t)(eq - text));
    o->name[eq - text] = '\0';
    if (ric_statistic_parse(eq + 1, &o->stat, &err) != RIC_OK) {
        fprintf(stderr, "ricsim sensitivity: --output %s: %s\n", o->name, err.msg);
        return -1;
    }
    return 0;
}

/* Writes [nout][k] arrays of one field of the results. */
static ric_status put(ric_h5 *h, const char *path, size_t nout, size_t k, const double *v,
                      const char *const *keys, ric_error *err)
{
    return ric_h5_write_array(h, path, 0, nout, k, v, keys, err);
}

static void fmt(char *buf, size_t size, double v)
{
    snprintf(buf, size, isfinite(v) ? "%.4f" : "nan", v);
}

int ric_cmd_sensitivity(int argc, char **argv)
{
    static const struct option longopts[] = {RIC_STUDY_LONGOPTS,
                                             {"method", required_argument, NULL, OPT_METHOD},
                                             {"output", required_argument, NULL, OPT_OUT},
                                             {"versus", required_argument, NULL, OPT_VERSUS},
                                             {"trajectories", required_argument, NULL, OPT_TRAJ},
                                             {"levels", required_argument, NULL, OPT_LEVELS},
                                             {"samples", required_argument, NULL, OPT_SAMPLES},
                                             {"common-seeds", no_argument, NULL, OPT_COMMON},
                                             {"only", required_argument, NULL, OPT_ONLY},
                                             {"list", no_argument, NULL, OPT_LIST},
                                             {NULL, 0, NULL, 0}};
    ric_study s;
    int rc = ric_study_init(&s, "sensitivity", argc), c, sobol = 0, common = 0, list = 0;
    output_def *outs = calloc((size_t)argc + 1, sizeof *outs);
    size_t nout = 0;
    long long traj = 10, levels = 4, samples = 64;
    const char *versus = NULL, *only = NULL;
    ric_ensemble e[2];
    int ne = 0;
    double *u01 = NULL, *y = NULL, *yv = NULL, *pm = NULL, *res = NULL;
    if (rc || !outs) {
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    rc = RIC_EXIT_USAGE;
    while ((c = getopt_long(argc, argv, "o:r:j:qh", longopts, NULL)) != -1) {
        int h = ric_study_option(&s, c, optarg);
        if (h < 0)
            goto out;
        if (h > 0)
            continue;
        switch (c) {
        case OPT_METHOD:
            if (strcmp(optarg, "morris") && strcmp(optarg, "sobol")) {
                fprintf(stderr, "ricsim sensitivity: --method %s: expected morris or sobol\n",
                        optarg);
                goto out;
            }
            sobol = !strcmp(optarg, "sobol");
            break;
        case OPT_OUT:
            if (parse_output(optarg, &outs[nout]))
                goto out;
            nout++;
            break;
        case OPT_VERSUS:
            versus = optarg;
            break;
        case OPT_TRAJ:
            if (ric_cli_parse_int("--trajectories", optarg, 2, &traj))
                goto out;
            break;
        case OPT_LEVELS:
            if (ric_cli_parse_int("--levels", optarg, 4, &levels))
                goto out;
            break;
        case OPT_SAMPLES:
            if (ric_cli_parse_int("--samples", optarg, 2, &samples))
                goto out;
            break;
        case OPT_COMMON:
            common = 1;
            break;
        case OPT_ONLY:
            only = optarg;
            break;
        case OPT_LIST:
            list = 1;
            break;
        case 'h':
            sensitivity_usage(stdout);
            rc = RIC_EXIT_OK;
            goto out;
        default:
            rc = ric_cli_bad_option("sensitivity", argv, longopts, "o:r:j:qh");
            goto out;
        }
    }
    if (optind != argc - 1 || !s.dir || nout == 0 || levels % 2) {
        rc = ric_cli_usage_error("sensitivity", "%s",
                                 optind >= argc ? "missing SCENARIO"
                                 : !s.dir       ? "missing -o DIR"
                                 : nout == 0    ? "no output: give --output NAME=STAT"
                                 : levels % 2   ? "--levels must be even"
                                                : "too many arguments");
        goto out;
    }
    if (ric_cli_scenario_arg("sensitivity", argv[optind], s.scenario_buf, sizeof s.scenario_buf)) {
        rc = RIC_EXIT_SCENARIO;
        goto out;
    }
    s.scenario = s.scenario_buf;
    if ((rc = ric_study_load(&s)) != 0)
        goto out;
    const size_t k = s.unc.n, R = (size_t)s.reps;
    const size_t rows = sobol ? (size_t)samples * (k + 2) : (size_t)traj * (k + 1);
    u01 = malloc(rows * k * sizeof *u01);
    if (!u01) {
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    ric_error err;
    ric_error_clear(&err);
    uint64_t master = s.seed >= 0 ? (uint64_t)s.seed : (uint64_t)s.p.seed;
    ric_status st = sobol ? ric_sobol_design(k, (size_t)samples, u01, &err)
                          : ric_morris_design(k, (size_t)traj, (size_t)levels, (size_t)(10 * traj),
                                              master, u01, &err);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim sensitivity: %s\n", err.msg);
        rc = RIC_EXIT_USAGE;
        goto out;
    }
    ric_statistic *stats = malloc(nout * sizeof *stats);
    if (!stats) {
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    for (size_t o = 0; o < nout; o++)
        stats[o] = outs[o].stat;
    /* Everything is checked before the first run. */
    rc = ric_study_probe(&s, s.scenario, stats, nout, NULL);
    if (!rc && versus)
        rc = ric_study_probe(&s, versus, stats, nout, NULL);
    char vdir[4200];
    snprintf(vdir, sizeof vdir, "%s/versus", s.dir);
    if (!rc)
        rc = ric_study_ensemble(&s, &e[ne++], s.scenario, s.dir, rows, u01, common);
    if (!rc && versus)
        rc = ric_study_ensemble(&s, &e[ne++], versus, vdir, rows, u01, common);
    if (rc) {
        free(stats);
        goto out;
    }
    if (list && ric_study_rank() != 0) {
        free(stats);
        rc = RIC_EXIT_OK;
        goto out;
    }
    if (list) {
        printf("# point");
        for (size_t i = 0; i < k; i++)
            printf("\t%s", s.unc.items[i].key);
        printf("\n");
        for (size_t p = 0; p < rows; p++) {
            printf("%zu", p);
            for (size_t i = 0; i < k; i++)
                printf("\t%s", e[0].design.values[p * k + i]);
            printf("\n");
        }
        free(stats);
        rc = RIC_EXIT_OK;
        goto out;
    }
    const size_t N = rows * R;
    size_t lo = 0, hi = N * (size_t)ne - 1;
    if (only) {
        char *end;
        unsigned long long a = strtoull(only, &end, 10), b = a;
        if (*end == '-')
            b = strtoull(end + 1, &end, 10);
        if (*end || a > b || a > hi) {
            fprintf(stderr, "ricsim sensitivity: --only %s: expected I or I-J within [0, %zu]\n",
                    only, hi);
            free(stats);
            goto out;
        }
        lo = (size_t)a;
        hi = b < hi ? (size_t)b : hi;
    }
    size_t incomplete = 0, inc;
    for (int q = 0; q < ne && rc == 0; q++) {
        size_t a = q * N, b = a + N - 1;
        if (hi < a || lo > b) { /* --only outside this ensemble: still prepared */
            ric_status ps =
                ric_study_rank() == 0 ? ric_ensemble_prepare(&e[q], s.force, &err) : RIC_OK;
            if (ps != RIC_OK) {
                fprintf(stderr, "ricsim sensitivity: %s\n", err.msg);
                rc = ric_cli_exit_code(ps);
            }
            continue;
        }
        rc = ric_study_run(&s, &e[q], (lo > a ? lo : a) - a, (hi < b ? hi : b) - a, &inc);
        incomplete += inc;
        if (rc == RIC_EXIT_RUNTIME && incomplete)
            rc = 0; /* go on with the other scenario; reported below */
    }
    if (rc || only || incomplete || ric_study_rank() != 0) { /* rank 0 analyses */
        free(stats);
        rc = rc ? rc : incomplete ? RIC_EXIT_RUNTIME : RIC_EXIT_OK;
        goto out;
    }

    /* The ensemble index of each scenario's runs, as ricsim ensemble writes
     * it, so ricsim summary, plot and compare read a study directory too. */
    for (int q = 0; q < ne; q++) {
        size_t nc = 0, nf = 0;
        if (ric_ensemble_index(&e[q], &nc, &nf, &err) != RIC_OK && !s.quiet)
            fprintf(stderr, "ricsim sensitivity: %s: index not written: %s\n", e[q].dir, err.msg);
    }

    /* Outputs per run, the versus difference, means per point. */
    size_t missing = 0, mv = 0;
    y = malloc(N * nout * sizeof *y);
    yv = versus ? malloc(N * nout * sizeof *yv) : NULL;
    pm = malloc(rows * nout * sizeof *pm);
    double *col = malloc(N * sizeof *col), *share = malloc(nout * sizeof *share);
    if (!y || (versus && !yv) || !pm || !col || !share) {
        free(stats), free(col), free(share);
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    ric_statistic_gather(&e[0], stats, nout, y, &missing, &err);
    if (versus) {
        ric_statistic_gather(&e[1], stats, nout, yv, &mv, &err);
        for (size_t i = 0; i < N * nout; i++)
            y[i] -= yv[i];
    }
    free(stats);
    if (missing || mv) {
        fprintf(stderr,
                "ricsim sensitivity: %zu output values could not be computed (a window with no "
                "finite value?); see the runs in %s\n",
                missing + mv, s.dir);
        free(col), free(share);
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    for (size_t o = 0; o < nout; o++) {
        for (size_t i = 0; i < N; i++)
            col[i] = y[i * nout + o];
        double *means = malloc(rows * sizeof *means);
        if (!means)
            break;
        ric_gsa_noise(col, rows, R, means, &share[o], &err);
        for (size_t p = 0; p < rows; p++)
            pm[p * nout + o] = means[p];
        free(means);
    }
    free(col);

    /* Indices per output: [nout][k] for each field. */
    const size_t nf = sobol ? 6 : 5;
    res = malloc(nf * nout * k * sizeof *res);
    double *yo = malloc(rows * sizeof *yo);
    ric_gsa_index *s1 = malloc(k * sizeof *s1), *stt = malloc(k * sizeof *stt);
    ric_morris_effect *me = malloc(k * sizeof *me);
    if (!res || !yo || !s1 || !stt || !me) {
        free(yo), free(s1), free(stt), free(me), free(share);
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    for (size_t o = 0; o < nout && st == RIC_OK; o++) {
        for (size_t p = 0; p < rows; p++)
            yo[p] = pm[p * nout + o];
        double *r = res + o * k;
        const size_t F = nout * k;
        if (sobol) {
            st = ric_sobol_indices(k, (size_t)samples, yo, (size_t)s.nboot, 0.95, master, s1, stt,
                                   &err);
            for (size_t i = 0; i < k; i++) {
                r[i] = s1[i].value, r[F + i] = s1[i].lo, r[2 * F + i] = s1[i].hi;
                r[3 * F + i] = stt[i].value, r[4 * F + i] = stt[i].lo, r[5 * F + i] = stt[i].hi;
            }
        } else {
            st = ric_morris_effects(k, (size_t)traj, u01, yo, (size_t)s.nboot, 0.95, master, me,
                                    &err);
            for (size_t i = 0; i < k; i++) {
                r[i] = me[i].mu, r[F + i] = me[i].mu_star, r[2 * F + i] = me[i].mu_star_lo;
                r[3 * F + i] = me[i].mu_star_hi, r[4 * F + i] = me[i].sigma;
            }
        }
    }
    free(yo), free(s1), free(stt), free(me);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim sensitivity: %s\n", err.msg);
        free(share);
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }

    /* The results file. */
    static const char *const sobol_f[] = {"s1", "s1_lo", "s1_hi", "st", "st_lo", "st_hi"};
    static const char *const morris_f[] = {"mu", "mu_star", "mu_star_lo", "mu_star_hi", "sigma"};
    const char *keys[RIC_DESIGN_MAX_FACTORS], *onames[256];
    for (size_t i = 0; i < k; i++)
        keys[i] = s.unc.items[i].key;
    for (size_t o = 0; o < nout && o < 256; o++)
        onames[o] = outs[o].name;
    ric_h5 h;
    if ((rc = ric_study_results(&s, &h, "sensitivity.h5", argc, argv)) != 0) {
        free(share);
        goto out;
    }
    const size_t F = nout * k;
    st = ric_h5_write_array(&h, "/sensitivity/design/unit", 0, rows, k, u01, keys, &err);
    if (st == RIC_OK)
        st = ric_h5_write_array(&h, "/sensitivity/design/values", 0, rows, k, e[0].design.numeric,
                                keys, &err);
    if (st == RIC_OK)
        st = ric_h5_write_array(&h, "/sensitivity/outputs/runs", 0, N, nout, y, onames, &err);
    if (st == RIC_OK)
        st = ric_h5_write_array(&h, "/sensitivity/outputs/points", 0, rows, nout, pm, onames, &err);
    if (st == RIC_OK)
        st = ric_h5_write_array(&h, "/sensitivity/outputs/noise_share", 0, 1, nout, share, onames,
                                &err);
    for (size_t f = 0; f < nf && st == RIC_OK; f++) {
        char path[128];
        snprintf(path, sizeof path, "/sensitivity/%s/%s", sobol ? "sobol" : "morris",
                 sobol ? sobol_f[f] : morris_f[f]);
        st = put(&h, path, nout, k, res + f * F, keys, &err);
    }
    if (st == RIC_OK)
        st = ric_h5_write_attr_i64(&h, "/sensitivity/design", "replications", (int64_t)R, &err);
    if (st == RIC_OK)
        st = ric_h5_write_attr_i64(&h, "/sensitivity/design", sobol ? "base_rows" : "trajectories",
                                   sobol ? samples : traj, &err);
    if (st == RIC_OK)
        st = ric_h5_finish(&h, "complete", &err);
    ric_h5_destroy(&h);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim sensitivity: %s\n", err.msg);
        free(share);
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }

    /* The table, and one bar chart per output. */
    char pdir[4200];
    snprintf(pdir, sizeof pdir, "%s/plots", s.dir);
    mkdir(pdir, 0777);
    for (size_t o = 0; o < nout; o++) {
        char head[512], v[8][32];
        snprintf(head, sizeof head, "%s%s (noise share %.3f, %zu points x %zu replications%s)",
                 s.format == RIC_FMT_MARKDOWN ? "\n**" : "# ", outs[o].name, share[o], rows, R,
                 versus ? ", difference to the versus scenario" : "");
        if (s.format == RIC_FMT_MARKDOWN)
            strcat(head, "**\n");
        static const char *const sh[] = {"parameter", "S1",    "S1 lo", "S1 hi",
                                         "ST",        "ST lo", "ST hi"};
        static const char *const mh[] = {"parameter", "mu", "mu*", "mu* lo", "mu* hi", "sigma"};
        if (s.format == RIC_FMT_CSV && o == 0) {
            printf("output,noise_share");
            for (size_t f = 0; f <= nf; f++)
                printf(",%s", sobol ? sh[f] : mh[f]);
            printf("\n");
        } else if (s.format != RIC_FMT_CSV) {
            printf("%s\n", head);
        }
        int width[8] = {24, 9, 9, 9, 9, 9, 9, 9};
        for (size_t i = 0; i < k; i++)
            width[0] = (int)strlen(keys[i]) > width[0] ? (int)strlen(keys[i]) : width[0];
        if (s.format != RIC_FMT_CSV)
            ric_study_row(stdout, s.format, sobol ? sh : mh, nf + 1, width, 1);
        for (size_t i = 0; i < k; i++) {
            const char *cells[9];
            cells[0] = keys[i];
            for (size_t f = 0; f < nf; f++) {
                fmt(v[f], sizeof v[f], res[f * F + o * k + i]);
                cells[f + 1] = v[f];
            }
            if (s.format == RIC_FMT_CSV)
                printf("%s,%.6g,", outs[o].name, share[o]);
            ric_study_row(stdout, s.format, cells, nf + 1, width, 0);
        }
        char name[96], title[256];
        snprintf(name, sizeof name, "sensitivity_%s", outs[o].name);
        snprintf(title, sizeof title, "%s: %s indices with 95%% CIs", outs[o].name,
                 sobol ? "Sobol" : "Morris mu*");
        static const char *const ss[] = {"first order S1", "total ST"};
        static const char *const ms[] = {"mu*"};
        double *base = res + o * k;
        double bv[2 * RIC_DESIGN_MAX_FACTORS], bl[2 * RIC_DESIGN_MAX_FACTORS],
            bh[2 * RIC_DESIGN_MAX_FACTORS];
        for (size_t i = 0; i < k; i++) {
            bv[i] = sobol ? base[i] : base[F + i];
            bl[i] = sobol ? base[F + i] : base[2 * F + i];
            bh[i] = sobol ? base[2 * F + i] : base[3 * F + i];
            if (sobol) {
                bv[k + i] = base[3 * F + i];
                bl[k + i] = base[4 * F + i];
                bh[k + i] = base[5 * F + i];
            }
        }
        ric_error perr;
        ric_error_clear(&perr);
        if (ric_plot_bars(pdir, name, title, sobol ? "index" : "mu* (output per unit of range)",
                          keys, k, sobol ? ss : ms, sobol ? 2 : 1, bv, bl, bh, &perr) != RIC_OK &&
            !s.quiet)
            fprintf(stderr, "ricsim sensitivity: plot: %s\n", perr.msg);
    }
    free(share);
    if (!s.quiet)
        fprintf(stderr, "ricsim sensitivity: %zu runs; results %s/sensitivity.h5, plots %s\n",
                N * (size_t)ne, s.dir, pdir);
    rc = RIC_EXIT_OK;
out:
    for (int q = 0; q < ne; q++)
        ric_design_destroy(&e[q].design);
    free(outs), free(u01), free(y), free(yv), free(pm), free(res);
    ric_study_destroy(&s);
    return rc;
}
