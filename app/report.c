/* ricsim plot, ricsim report and ricsim demo: pictures and pages for
 * meetings and classes (analysis/ric_plot.h, analysis/ric_report.h). */
#include "ric_cli.h"
#include "ric_compare.h"
#include "ric_ensemble.h"
#include "ric_params.h"
#include "ric_plot.h"
#include "ric_report.h"
#include "ric_run.h"

#include <getopt.h>
#include <limits.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int ric_cmd_plot(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"network", required_argument, NULL, 'n'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *out = NULL, *network = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "o:n:h", longopts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else if (c == 'n')
            network = optarg;
        else {
            FILE *f = c == 'h' ? stdout : stderr;
            fprintf(f, "usage: ricsim plot DIR... -o OUTDIR [--network RUN.h5]\n\n"
                       "Plots ensembles (the first is the reference): time series with 95%% CI\n"
                       "bands, final-state distributions; with --network, the network of a run's\n"
                       "last snapshot. Each plot: NAME.dat, NAME.gp (gnuplot script), NAME.png,\n"
                       "NAME.svg in OUTDIR.\n");
            return c == 'h' ? RIC_EXIT_OK : RIC_EXIT_USAGE;
        }
    }
    if (!out || (optind >= argc && !network)) {
        fprintf(stderr, "ricsim plot: need -o OUTDIR and an ensemble or --network RUN.h5\n");
        return RIC_EXIT_USAGE;
    }
    mkdir(out, 0777);
    ric_error err;
    ric_error_clear(&err);
    ric_status st = RIC_OK;
    ric_plot_list made = {.n = 0};
    if (optind < argc) {
        ric_compare cmp;
        ric_compare_init(&cmp);
        for (int i = optind; i < argc && st == RIC_OK; i++)
            st = ric_compare_add(&cmp, argv[i], &err);
        if (st == RIC_OK)
            st = ric_compare_run(&cmp, &err);
        if (st == RIC_OK)
            st = ric_plot_ensembles((const char *const *)argv + optind, (size_t)(argc - optind),
                                    &cmp, out, &made, &err);
        ric_compare_destroy(&cmp);
    }
    if (st == RIC_OK && network)
        st = ric_plot_network(network, out, "network", &made, &err);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim plot: %s\n", err.msg);
        return st == RIC_ENOENT || st == RIC_EFORMAT || st == RIC_EINVAL ? RIC_EXIT_SCENARIO
                                                                         : RIC_EXIT_RUNTIME;
    }
    for (size_t k = 0; k < made.n; k++)
        printf("%s/%s.png  %s\n", out, made.name[k], made.title[k]);
    return RIC_EXIT_OK;
}

/* "ricsim CMD ARGS...", for the page's provenance (arguments with spaces quoted). */
static void command_line(int argc, char **argv, char *buf, size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "ricsim");
    for (int i = 0; i < argc && len < size; i++) {
        const char *q = strpbrk(argv[i], " \t'\"") ? "'" : "";
        len += (size_t)snprintf(buf + len, size - len, " %s%s%s", q, argv[i], q);
    }
}

int ric_cmd_report(int argc, char **argv)
{
    char command[2048];
    command_line(argc, argv, command, sizeof command);
    static const struct option longopts[] = {
        {"baseline", required_argument, NULL, 'b'}, {"output", required_argument, NULL, 'o'},
        {"title", required_argument, NULL, 't'},    {"sensitivity", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    const char *base = NULL, *out = NULL, *title = "ricsim: intervention strategies compared";
    const char **studies = calloc((size_t)argc + 1, sizeof *studies);
    size_t nstudies = 0;
    int c;
    if (!studies)
        return RIC_EXIT_RUNTIME;
    while ((c = getopt_long(argc, argv, "b:o:t:h", longopts, NULL)) != -1) {
        if (c == 'b')
            base = optarg;
        else if (c == 's')
            studies[nstudies++] = optarg;
        else if (c == 'o')
            out = optarg;
        else if (c == 't')
            title = optarg;
        else {
            FILE *f = c == 'h' ? stdout : stderr;
            fprintf(f, "usage: ricsim report --baseline DIR [DIR...] -o REPORT.html [--title T]\n"
                       "                     [--sensitivity STUDY_DIR]...\n\n"
                       "One self-contained HTML page (plots inline, no external assets): the\n"
                       "comparison table and the plots; the plots' data and gnuplot scripts go\n"
                       "to REPORT_files/ beside it. --sensitivity adds the bar charts of a\n"
                       "ricsim sensitivity study (repeatable).\n");
            free(studies);
            return c == 'h' ? RIC_EXIT_OK : RIC_EXIT_USAGE;
        }
    }
    if (!base || !out) {
        fprintf(stderr, "ricsim report: need --baseline DIR and -o REPORT.html\n");
        free(studies);
        return RIC_EXIT_USAGE;
    }
    for (size_t k = 0; k < nstudies; k++) {
        char res[PATH_MAX];
        struct stat sb;
        snprintf(res, sizeof res, "%s/sensitivity.h5", studies[k]);
        if (stat(res, &sb) != 0) {
            fprintf(stderr,
                    "ricsim report: --sensitivity %s: no sensitivity.h5 (not a finished "
                    "ricsim sensitivity study)\n",
                    studies[k]);
            free(studies);
            return RIC_EXIT_SCENARIO;
        }
    }
    const char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    if (!dirs) {
        free(studies);
        return RIC_EXIT_RUNTIME;
    }
    size_t n = 0;
    dirs[n++] = base;
    for (int i = optind; i < argc; i++)
        dirs[n++] = argv[i];
    char plotdir[PATH_MAX];
    size_t len = strlen(out);
    snprintf(plotdir, sizeof plotdir, "%.*s_files",
             (int)(len > 5 && !strcmp(out + len - 5, ".html") ? len - 5 : len), out);
    ric_error err;
    ric_error_clear(&err);
    ric_status st =
        ric_report_write_studies(dirs, n, studies, nstudies, out, plotdir, title, command, &err);
    free(dirs);
    free(studies);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim report: %s\n", err.msg);
        return st == RIC_EIO || st == RIC_ENOMEM ? RIC_EXIT_RUNTIME : RIC_EXIT_SCENARIO;
    }
    printf("%s\n", out);
    return RIC_EXIT_OK;
}

/* A scenario by name: as given, in ./scenarios, or beside the executable
 * (build/ricsim -> scenarios/). */
static int find_scenario(const char *name, char *buf, size_t size)
{
    struct stat sb;
    if (strchr(name, '/') || strstr(name, ".yaml")) {
        snprintf(buf, size, "%s", name);
        return stat(buf, &sb) == 0 ? 0 : -1;
    }
    snprintf(buf, size, "scenarios/%s.yaml", name);
    if (stat(buf, &sb) == 0)
        return 0;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        snprintf(buf, size, "%.3000s/../scenarios/%.200s.yaml", exe, name);
        if (stat(buf, &sb) == 0)
            return 0;
        snprintf(buf, size, "%.3000s/../share/ricsim/scenarios/%.200s.yaml", exe, name);
        if (stat(buf, &sb) == 0)
            return 0;
    }
    return -1;
}

/* The teaching world: about 2 000 agents (a 1:37 miniature), 240 steps: a
 * 10-year warm-up (half the documented one: enough for a picture), then 10
 * years with the intervention, which starts at DEMO_START. */
static const char *const demo_sets[] = {"world.scale=0.027", "run.steps=240",
                                        "run.snapshot_every=240", "run.network_every=12"};
enum { DEMO_NSETS = sizeof demo_sets / sizeof demo_sets[0], DEMO_START = 120 };

/* One scenario of the demo: its ensemble in out/NAME, run and indexed. */
static int demo_one(const char *path, const char *name, const char *out, char *dir, size_t dirsize,
                    long long reps, long long jobs)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(dir, dirsize, "%s/%.*s", out,
             (int)(strlen(base) > 5 ? strlen(base) - 5 : strlen(base)), base);
    ric_run_opts o;
    ric_run_opts_init(&o);
    o.scenario = path;
    o.sets = demo_sets;
    o.nsets = DEMO_NSETS;
    ric_params p;
    char *text = NULL;
    ric_error err;
    ric_error_clear(&err);
    ric_status st = ric_run_load(&o, &p, &text, &err);
    free(text);
    /* The scenario's interventions start after the demo's warm-up. */
    char starts[RIC_MAX_INTERVENTIONS][48];
    const char *sets[DEMO_NSETS + RIC_MAX_INTERVENTIONS];
    size_t nsets = 0;
    for (size_t k = 0; k < DEMO_NSETS; k++)
        sets[nsets++] = demo_sets[k];
    for (int64_t k = 0; st == RIC_OK && k < p.ninterventions; k++) {
        snprintf(starts[k], sizeof starts[k], "interventions.%lld.start=%d", (long long)k,
                 DEMO_START);
        sets[nsets++] = starts[k];
    }
    ric_ensemble e = {
        .scenario = path, .dir = dir, .sets = sets, .nsets = nsets, .steps = -1, .threads = 1};
    ric_design_init(&e.design);
    e.design.replications = reps;
    e.design.master_seed = (uint64_t)p.seed; /* the same seeds: a paired comparison */
    size_t ran, skipped, failed, complete = 0;
    if (st == RIC_OK)
        st = ric_design_build(&e.design, 0, &err);
    if (st == RIC_OK)
        st = ric_ensemble_prepare(&e, 1, &err);
    int rc = st == RIC_OK
                 ? ric_cli_ensemble_runs(&e, 0, (size_t)reps - 1, jobs, 1, &ran, &skipped, &failed)
                 : RIC_EXIT_SCENARIO;
    if (st == RIC_OK && rc == RIC_EXIT_OK)
        st = ric_ensemble_index(&e, &complete, &failed, &err);
    ric_design_destroy(&e.design);
    if (st != RIC_OK || rc != RIC_EXIT_OK || complete != (size_t)reps) {
        fprintf(stderr, "ricsim demo: %s: %s\n", name, err.msg[0] ? err.msg : "runs failed");
        return rc != RIC_EXIT_OK ? rc : RIC_EXIT_RUNTIME;
    }
    return RIC_EXIT_OK;
}

int ric_cmd_demo(int argc, char **argv)
{
    char command[2048];
    command_line(argc, argv, command, sizeof command);
    static const struct option longopts[] = {{"scenario", required_argument, NULL, 's'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"replications", required_argument, NULL, 'r'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *scen = NULL, *out = "demo";
    long long reps = 3, jobs = 0;
    int quiet = 0, c;
    while ((c = getopt_long(argc, argv, "s:o:r:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            scen = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'r':
            if (ric_cli_parse_int("--replications", optarg, 1, &reps))
                return RIC_EXIT_USAGE;
            break;
        case 'j':
            if (ric_cli_parse_int("--jobs", optarg, 1, &jobs))
                return RIC_EXIT_USAGE;
            break;
        case 'q':
            quiet = 1;
            break;
        default: {
            FILE *f = c == 'h' ? stdout : stderr;
            fprintf(f, "usage: ricsim demo [--scenario NAME] [-o DIR] [-r R] [-j J] [-q]\n\n"
                       "A small teaching world (about 2 000 agents, 240 steps): the baseline and,\n"
                       "with --scenario (e.g. lead_users, rd_subsidy, combo_networks), one\n"
                       "intervention from step 120 (after a 10-year warm-up), R replications\n"
                       "each (default 3); leaves\n"
                       "DIR/report.html (default DIR: demo).\n");
            return c == 'h' ? RIC_EXIT_OK : RIC_EXIT_USAGE;
        }
        }
    }
    const char *names[2] = {"baseline", scen};
    char paths[2][PATH_MAX], dirs[2][PATH_MAX];
    size_t n = scen ? 2 : 1;
    for (size_t k = 0; k < n; k++)
        if (find_scenario(names[k], paths[k], sizeof paths[k])) {
            fprintf(stderr,
                    "ricsim demo: scenario '%s' not found (looked in ./scenarios and "
                    "beside the ricsim executable)\n",
                    names[k]);
            return RIC_EXIT_SCENARIO;
        }
    mkdir(out, 0777);
    double t0 = omp_get_wtime();
    for (size_t k = 0; k < n; k++) { /* known here, whichever process runs it */
        const char *base = strrchr(paths[k], '/') ? strrchr(paths[k], '/') + 1 : paths[k];
        snprintf(dirs[k], sizeof dirs[k], "%s/%.*s", out,
                 (int)(strlen(base) > 5 ? strlen(base) - 5 : strlen(base)), base);
    }
    /* Two scenarios on a machine with cores to spare: one process each,
     * so their runs share the cores instead of taking turns. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (n == 2 && jobs == 0 && cores >= 2) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0)
            _exit(demo_one(paths[1], names[1], out, dirs[1], sizeof dirs[1], reps,
                           cores / 2 > 1 ? cores / 2 : 1));
        int rc = demo_one(paths[0], names[0], out, dirs[0], sizeof dirs[0], reps,
                          cores / 2 > 1 ? cores / 2 : 1);
        int status = 0;
        if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
            fprintf(stderr, "ricsim demo: the second scenario's process failed\n");
            return RIC_EXIT_RUNTIME;
        }
        if (rc != RIC_EXIT_OK || WEXITSTATUS(status) != RIC_EXIT_OK)
            return rc != RIC_EXIT_OK ? rc : WEXITSTATUS(status);
    } else {
        for (size_t k = 0; k < n; k++) {
            int rc = demo_one(paths[k], names[k], out, dirs[k], sizeof dirs[k], reps, jobs);
            if (rc != RIC_EXIT_OK)
                return rc;
        }
    }
    double t1 = omp_get_wtime();
    const char *dl[2] = {dirs[0], dirs[1]};
    char html[PATH_MAX], plotdir[PATH_MAX], title[256];
    snprintf(html, sizeof html, "%s/report.html", out);
    snprintf(plotdir, sizeof plotdir, "%s/plots", out);
    /* The scenario by its name (its ensemble directory), not the path given. */
    const char *sname = strrchr(dirs[1], '/') ? strrchr(dirs[1], '/') + 1 : dirs[1];
    snprintf(title, sizeof title, "ricsim demo: %s%s%.200s", "baseline", scen ? " vs " : "",
             scen ? sname : "");
    ric_error err;
    ric_error_clear(&err);
    ric_status st = ric_report_write(dl, n, html, plotdir, title, command, &err);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim demo: report: %s\n", err.msg);
        return RIC_EXIT_RUNTIME;
    }
    if (!quiet)
        fprintf(stderr, "ricsim demo: %zu x %lld runs in %.2f s, report in %.2f s: open %s\n", n,
                reps, t1 - t0, omp_get_wtime() - t1, html);
    return RIC_EXIT_OK;
}
