/* ricsim run: one scenario into one HDF5 file (models/ric_run.h). */
#include "ric_cli.h"
#include "ric_headline.h"
#include "ric_run.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void run_usage(FILE *f)
{
    fprintf(f, "usage: ricsim run SCENARIO -o OUT.h5 [options]\n"
               "       ricsim run --restart OUT.h5.ckpt.h5 [options]\n"
               "\n"
               "Runs one scenario (a YAML file, or the name of an installed one such as\n"
               "baseline or lead_users) into one HDF5 file, then prints the file, the wall\n"
               "time and the run's key figures.\n"
               "\n"
               "  -o, --output FILE   HDF5 output file (required; missing directories are made)\n"
               "      --seed N        random seed (overrides run.seed)\n"
               "      --steps S       steps to run (overrides run.steps)\n"
               "      --threads T     OpenMP threads (default: OMP_NUM_THREADS or all cores);\n"
               "                      results are identical at any thread count\n"
               "      --set KEY=VAL   override one scenario key, e.g. --set world.scale=0.05\n"
               "                      (repeatable, applied in order; ricsim keys lists them)\n"
               "      --force         overwrite an existing output file\n"
               "  -q, --quiet         no progress and no closing figures (errors and\n"
               "                      warnings only)\n"
               "      --profile       print each phase's total wall time at the end\n"
               "      --checkpoint-every N  write the whole state every N steps and at the end\n"
               "                      to OUT.h5.ckpt.h5 (the one before: OUT.h5.ckpt.prev.h5)\n"
               "      --restart CKPT  continue the run of a checkpoint (SCENARIO and -o may be\n"
               "                      left out); its output is cut back to the checkpoint's step\n"
               "\n"
               "Progress goes to stderr: one line updated in place on a terminal, a line\n"
               "every 5%% otherwise (batch logs).\n"
               "\n"
               "exit codes: 0 ok, 1 run failed, 2 usage error, 3 bad scenario or checkpoint,\n"
               "            4 output exists (use --force), 130 interrupted\n");
}

static void on_progress(void *ud, int64_t step, int64_t steps, double elapsed)
{
    ric_cli_progress_show(ud, "ricsim run: step", (size_t)step, (size_t)steps, "steps", elapsed,
                          step == steps);
}

static void on_phase_time(void *ud, const char *phase, double seconds)
{
    (void)ud;
    fprintf(stderr, "phase %-12s %8.3f s\n", phase, seconds);
}

int ric_cmd_run(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"seed", required_argument, NULL, 's'},
                                             {"steps", required_argument, NULL, 'S'},
                                             {"threads", required_argument, NULL, 't'},
                                             {"set", required_argument, NULL, 'x'},
                                             {"force", no_argument, NULL, 'f'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"profile", no_argument, NULL, 'P'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"checkpoint-every", required_argument, NULL, 'C'},
                                             {"restart", required_argument, NULL, 'R'},
                                             {NULL, 0, NULL, 0}};
    static const char shortopts[] = "o:qh";
    ric_run_opts o;
    ric_run_opts_init(&o);
    const char **sets = calloc((size_t)argc, sizeof *sets);
    int quiet = 0, c, rc = RIC_EXIT_USAGE;
    long long v;
    char scen[4096];
    if (!sets)
        return RIC_EXIT_RUNTIME;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o.output = optarg;
            break;
        case 's':
            if (ric_cli_parse_int("--seed", optarg, 0, &v))
                goto out;
            o.have_seed = 1;
            o.seed = (uint64_t)v;
            break;
        case 'S':
            if (ric_cli_parse_int("--steps", optarg, 0, &v))
                goto out;
            o.steps = v;
            break;
        case 't':
            if (ric_cli_parse_int("--threads", optarg, 1, &v))
                goto out;
            omp_set_num_threads((int)v);
            break;
        case 'x':
            sets[o.nsets++] = optarg;
            break;
        case 'f':
            o.force = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'P':
            o.phase_time = on_phase_time;
            break;
        case 'C':
            if (ric_cli_parse_int("--checkpoint-every", optarg, 1, &v))
                goto out;
            o.checkpoint_every = v;
            break;
        case 'R':
            o.restart = optarg;
            break;
        case 'h':
            run_usage(stdout);
            rc = RIC_EXIT_OK;
            goto out;
        default:
            rc = ric_cli_bad_option("run", argv, longopts, shortopts);
            goto out;
        }
    }
    if (o.restart ? optind < argc - 1 : optind != argc - 1 || !o.output) {
        rc = ric_cli_usage_error("run", "%s",
                                 optind >= argc ? "missing SCENARIO (a file or a name such as "
                                                  "baseline)"
                                 : !o.output    ? "missing -o OUT.h5"
                                                : "too many arguments");
        goto out;
    }
    if (optind < argc) {
        if (ric_cli_scenario_arg("run", argv[optind], scen, sizeof scen)) {
            rc = RIC_EXIT_SCENARIO;
            goto out;
        }
        o.scenario = scen;
    }
    o.sets = sets;
    o.threads = omp_get_max_threads();
    ric_error err;
    ric_error_clear(&err);
    ric_status st = RIC_OK;
    /* Checked before any directory is made; warned about once. */
    if (o.scenario) {
        ric_params p;
        char *text = NULL;
        st = ric_run_load(&o, &p, &text, &err);
        free(text);
        if (st == RIC_OK)
            ric_cli_warn_scaling("run", &p);
    }
    if (st == RIC_OK && o.output && ric_cli_make_dirs("run", o.output, 0)) {
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    ric_cli_progress pg;
    ric_cli_progress_init(&pg);
    if (!quiet) {
        o.progress = on_progress;
        o.progress_ud = &pg;
    }
    o.stop = &ric_cli_stop;
    ric_cli_catch_signals();
    const double t0 = ric_cli_now();
    if (st == RIC_OK)
        st = ric_run(&o, &err);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim: %s\n", err.msg[0] ? err.msg : ric_status_message(st));
        rc = ric_cli_exit_code(st);
        goto out;
    }
    rc = RIC_EXIT_OK;
    if (quiet)
        goto out;
    /* The ending: where the file is, how long it took, what it says. */
    char ckpt[4200];
    const char *path = o.output;
    if (!path) { /* a restart writes the checkpoint's output file */
        size_t len = strlen(o.restart), cut = 0;
        if (len > 13 && !strcmp(o.restart + len - 13, ".ckpt.prev.h5"))
            cut = 13;
        else if (len > 8 && !strcmp(o.restart + len - 8, ".ckpt.h5"))
            cut = 8;
        snprintf(ckpt, sizeof ckpt, "%.*s", (int)(len - cut), o.restart);
        path = ckpt;
    }
    printf("ricsim run: %s complete in %.1f s (%d thread%s)\n", path, ric_cli_now() - t0, o.threads,
           o.threads == 1 ? "" : "s");
    char *text = NULL;
    ric_error_clear(&err);
    if (ric_headline_run(path, &text, &err) == RIC_OK)
        fputs(text, stdout);
    free(text);
    printf("  more: ricsim summary %s\n", path);
out:
    free(sets);
    return rc;
}
