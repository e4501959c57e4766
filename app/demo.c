/* ricsim demo: a small teaching world, the baseline and one intervention,
 * their report, and what changed, in words. */
#include "ric_cli.h"
#include "ric_compare.h"
#include "ric_ensemble.h"
#include "ric_headline.h"
#include "ric_params.h"
#include "ric_report.h"
#include "ric_run.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The teaching world: about 2 000 agents (a 1:37 miniature), 240 steps: a
 * 10-year warm-up (half the documented one: enough for a picture), then 10
 * years with the intervention, which starts at DEMO_START. */
static const char *const demo_sets[] = {"world.scale=0.027", "run.steps=240",
                                        "run.snapshot_every=240", "run.network_every=12"};
enum { DEMO_NSETS = sizeof demo_sets / sizeof demo_sets[0], DEMO_START = 120 };

/* Loads a scenario with the demo's settings (demo != 0) or as written. */
static ric_status demo_load(const char *path, const char *const *sets, size_t nsets, ric_params *p,
                            ric_error *err)
{
    ric_run_opts o;
    ric_run_opts_init(&o);
    o.scenario = path;
    o.sets = sets;
    o.nsets = nsets;
    char *text = NULL;
    ric_status st = ric_run_load(&o, p, &text, err);
    free(text);
    return st;
}

/* The demo's settings for a scenario: the teaching world, and its
 * interventions starting after the demo's warm-up. */
typedef struct demo_sets_t {
    char starts[RIC_MAX_INTERVENTIONS][48];
    const char *sets[DEMO_NSETS + RIC_MAX_INTERVENTIONS];
    size_t nsets;
} demo_sets_t;

static ric_status demo_settings(const char *path, demo_sets_t *ds, ric_params *p, ric_error *err)
{
    ds->nsets = 0;
    for (size_t k = 0; k < DEMO_NSETS; k++)
        ds->sets[ds->nsets++] = demo_sets[k];
    ric_status st = demo_load(path, ds->sets, ds->nsets, p, err);
    for (int64_t k = 0; st == RIC_OK && k < p->ninterventions; k++) {
        snprintf(ds->starts[k], sizeof ds->starts[k], "interventions.%lld.start=%d", (long long)k,
                 DEMO_START);
        ds->sets[ds->nsets++] = ds->starts[k];
    }
    return st == RIC_OK ? demo_load(path, ds->sets, ds->nsets, p, err) : st;
}

/* Says how large the world is and how hard each intervention pushes, in
 * the demo and in the scenario as written (a budget spread over fewer
 * steps is a stronger dose a month). */
static void demo_intensity(const char *path, const char *name)
{
    ric_params demo, full;
    demo_sets_t ds;
    ric_error err;
    ric_error_clear(&err);
    if (demo_settings(path, &ds, &demo, &err) != RIC_OK ||
        demo_load(path, NULL, 0, &full, &err) != RIC_OK)
        return;
    printf("ricsim demo: teaching world: world.scale %g (about %.0f firms, %.0f universities "
           "and institutes, %.0f intermediaries), %lld steps (%g years, a month a step)\n",
           demo.scale, (double)demo.firms * demo.scale,
           (double)(demo.universities + demo.institutes) * demo.scale,
           (double)demo.intermediaries * demo.scale, (long long)demo.steps,
           (double)demo.steps / 12.0);
    for (int64_t k = 0; k < demo.ninterventions; k++) {
        const ric_intervention *a = &demo.interventions[k], *b = &full.interventions[k];
        double sa = ric_intervention_spend(a, demo.steps),
               sb = ric_intervention_spend(b, full.steps);
        printf("ricsim demo: %s: intervention %s from step %lld to %lld: %.3g won a month "
               "nationally, %.3g in the simulated world (x%g)",
               name, ric_policy_names[a->type], (long long)a->start,
               (long long)(a->end == RIC_NO_END ? demo.steps : a->end), sa, sa * demo.scale,
               demo.scale);
        if (sb > 0)
            printf(";\n  %.2g times the monthly dose of %s as written (%.3g won a month from step "
                   "%lld of %lld)",
                   sa / sb, name, sb, (long long)b->start, (long long)full.steps);
        printf("\n");
    }
}

/* One scenario of the demo: its ensemble in out/NAME, run and indexed. */
static int demo_one(const char *path, const char *name, const char *dir, long long reps,
                    long long jobs)
{
    ric_params p;
    demo_sets_t ds;
    ric_error err;
    ric_error_clear(&err);
    ric_status st = demo_settings(path, &ds, &p, &err);
    ric_ensemble e = {.scenario = path,
                      .dir = dir,
                      .sets = ds.sets,
                      .nsets = ds.nsets,
                      .steps = -1,
                      .threads = 1};
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

/* The finding: the scenario against the baseline, paired on the seeds. */
static void demo_headline(const char *const *dirs, const char *const *names)
{
    ric_compare cmp;
    ric_compare_init(&cmp);
    ric_error err;
    ric_error_clear(&err);
    char *text = NULL;
    ric_status st = ric_compare_add(&cmp, dirs[0], &err);
    if (st == RIC_OK)
        st = ric_compare_add(&cmp, dirs[1], &err);
    if (st == RIC_OK)
        st = ric_compare_run(&cmp, &err);
    if (st == RIC_OK)
        st = ric_headline_sets(&cmp, 1, names, 1, &text, &err);
    if (st == RIC_OK)
        printf("ricsim demo: at step %d, after %d years of %s:\n%s", 2 * DEMO_START,
               DEMO_START / 12, names[1], text);
    else
        fprintf(stderr, "ricsim demo: no headline: %s\n", err.msg);
    free(text);
    ric_compare_destroy(&cmp);
}

int ric_cmd_demo(int argc, char **argv)
{
    char command[2048];
    ric_cli_command_line(argc, argv, command, sizeof command);
    static const struct option longopts[] = {{"scenario", required_argument, NULL, 's'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"replications", required_argument, NULL, 'r'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    static const char shortopts[] = "s:o:r:j:qh";
    const char *scen = NULL, *out = "demo";
    long long reps = 3, jobs = 0;
    int quiet = 0, c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
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
        case 'h':
            printf("usage: ricsim demo [--scenario NAME] [-o DIR] [-r R] [-j J] [-q]\n\n"
                   "A small teaching world (world.scale 0.027: about 2 000 agents, 240 steps,\n"
                   "20 years at a month a step): the baseline and, with --scenario (e.g.\n"
                   "lead_users, rd_subsidy, combo_networks, or a YAML file), one intervention\n"
                   "from step 120 (after a 10-year warm-up), R replications each (default 3)\n"
                   "with the same seeds. Prints how hard the intervention pushes (its budget\n"
                   "over 10 years instead of the scenario's 20 is twice the monthly dose) and,\n"
                   "at the end, its effect on the key figures with 95%% CIs; leaves\n"
                   "DIR/report.html (default DIR: demo).\n");
            return RIC_EXIT_OK;
        default:
            return ric_cli_bad_option("demo", argv, longopts, shortopts);
        }
    }
    if (optind < argc)
        return ric_cli_usage_error("demo",
                                   "unexpected argument '%s' (a scenario is given with "
                                   "--scenario NAME)",
                                   argv[optind]);
    const char *names[2] = {"baseline", scen};
    char paths[2][PATH_MAX], dirs[2][PATH_MAX + 300];
    size_t n = scen ? 2 : 1;
    for (size_t k = 0; k < n; k++)
        if (ric_cli_scenario_arg("demo", names[k], paths[k], sizeof paths[k]))
            return RIC_EXIT_SCENARIO;
    if (ric_cli_make_dirs("demo", out, 1))
        return RIC_EXIT_RUNTIME;
    for (size_t k = 0; k < n; k++) { /* known here, whichever process runs it */
        const char *base = strrchr(paths[k], '/') ? strrchr(paths[k], '/') + 1 : paths[k];
        snprintf(dirs[k], sizeof dirs[k], "%s/%.*s", out,
                 (int)(strlen(base) > 5 ? strlen(base) - 5 : strlen(base)), base);
    }
    if (!quiet) {
        demo_intensity(paths[n - 1], names[n - 1]);
        fflush(stdout);
    }
    double t0 = ric_cli_now();
    /* Two scenarios on a machine with cores to spare: one process each,
     * so their runs share the cores instead of taking turns. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (n == 2 && jobs == 0 && cores >= 2) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0)
            _exit(demo_one(paths[1], names[1], dirs[1], reps, cores / 2 > 1 ? cores / 2 : 1));
        int rc = demo_one(paths[0], names[0], dirs[0], reps, cores / 2 > 1 ? cores / 2 : 1);
        int status = 0;
        if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
            fprintf(stderr, "ricsim demo: the second scenario's process failed\n");
            return RIC_EXIT_RUNTIME;
        }
        if (rc != RIC_EXIT_OK || WEXITSTATUS(status) != RIC_EXIT_OK)
            return rc != RIC_EXIT_OK ? rc : WEXITSTATUS(status);
    } else {
        for (size_t k = 0; k < n; k++) {
            int rc = demo_one(paths[k], names[k], dirs[k], reps, jobs);
            if (rc != RIC_EXIT_OK)
                return rc;
        }
    }
    double t1 = ric_cli_now();
    const char *dl[2] = {dirs[0], dirs[1]};
    char html[PATH_MAX + 300], plotdir[PATH_MAX + 300], title[256];
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
    if (quiet)
        return RIC_EXIT_OK;
    if (n == 2)
        demo_headline(dl, names);
    printf("ricsim demo: %zu x %lld runs in %.1f s, report in %.1f s: open %s\n", n, reps, t1 - t0,
           ric_cli_now() - t1, html);
    return RIC_EXIT_OK;
}
