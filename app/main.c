/* ricsim command line: a thin shell over the library (models/ric_run.h). */
#include "ric_cli.h"
#include "ric_run.h"
#include "ric_threads.h"
#include "ric_version.h"

#include <gsl/gsl_errno.h>

#include <errno.h>
#include <getopt.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    EXIT_OK = RIC_EXIT_OK,
    EXIT_RUNTIME = RIC_EXIT_RUNTIME,
    EXIT_USAGE = RIC_EXIT_USAGE,
    EXIT_SCENARIO = RIC_EXIT_SCENARIO,
    EXIT_EXISTS = RIC_EXIT_EXISTS,
    EXIT_INTERRUPTED = RIC_EXIT_INTERRUPTED
};

volatile sig_atomic_t ric_cli_stop; /* set by SIGINT/SIGTERM only */

static void on_signal(int sig)
{
    (void)sig;
    ric_cli_stop = 1;
}

void ric_cli_catch_signals(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: ricsim run SCENARIO.yaml -o OUT.h5 [options]\n"
               "       ricsim run --restart OUT.h5.ckpt.h5 [options]\n"
               "       ricsim ensemble SCENARIO.yaml -o DIR [options]   (ricsim ensemble --help)\n"
               "       ricsim compare --baseline DIR DIR... [options]   (ricsim compare --help)\n"
               "       ricsim summary FILE.h5|DIR ...   what a run or an ensemble holds\n"
               "       ricsim plot DIR... -o OUTDIR [--network RUN.h5]   plots (gnuplot)\n"
               "       ricsim report --baseline DIR DIR... -o REPORT.html   one HTML page\n"
               "       ricsim sensitivity SCENARIO.yaml -o DIR --output NAME=STAT ...\n"
               "                     Morris or Sobol indices   (ricsim sensitivity --help)\n"
               "       ricsim calibrate SCENARIO.yaml --targets T.yaml -o DIR [options]\n"
               "                     fit to targets, ABC posterior   (ricsim calibrate --help)\n"
               "       ricsim demo [--scenario NAME] [-o DIR]   a small world and its report\n"
               "       ricsim keys [--markdown]   list every scenario key with its default\n"
               "       ricsim --help | --version\n"
               "\n"
               "Agent-based simulation of regional innovation clusters.\n"
               "\n"
               "run options:\n"
               "  -o, --output FILE   HDF5 output file (required)\n"
               "      --seed N        random seed (overrides run.seed)\n"
               "      --steps S       steps to run (overrides run.steps)\n"
               "      --threads T     OpenMP threads (default: OMP_NUM_THREADS or all cores);\n"
               "                      results are identical at any thread count\n"
               "      --set KEY=VAL   override one scenario key, e.g. --set firms.count=5000\n"
               "                      (repeatable, applied in order)\n"
               "      --force         overwrite an existing output file\n"
               "  -q, --quiet         no progress line\n"
               "      --profile       print each phase's total wall time at the end\n"
               "      --checkpoint-every N  write the whole state every N steps and at the end\n"
               "                      to OUT.h5.ckpt.h5 (the one before: OUT.h5.ckpt.prev.h5)\n"
               "      --restart CKPT  continue the run of a checkpoint (SCENARIO and -o may be\n"
               "                      left out); its output is cut back to the checkpoint's step\n"
               "\n"
               "exit codes: 0 ok, 1 run failed, 2 usage error, 3 bad scenario or checkpoint,\n"
               "            4 output exists (use --force), 130 interrupted\n");
}

typedef struct progress_state {
    double last;
} progress_state;

static void on_progress(void *ud, int64_t step, int64_t steps, double elapsed)
{
    progress_state *ps = ud;
    if (step < steps && elapsed - ps->last < 0.1)
        return;
    ps->last = elapsed;
    double rate = elapsed > 0 ? (double)step / elapsed : 0.0;
    double eta = rate > 0 ? (double)(steps - step) / rate : 0.0;
    fprintf(stderr, "\rstep %lld/%lld  %.1f steps/s  ETA %.1f s   ", (long long)step,
            (long long)steps, rate, eta);
    if (step == steps)
        fputc('\n', stderr);
    fflush(stderr);
}

static void on_phase_time(void *ud, const char *phase, double seconds)
{
    (void)ud;
    fprintf(stderr, "phase %-12s %8.3f s\n", phase, seconds);
}

int ric_cli_parse_int(const char *opt, const char *s, long long lo, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < lo) {
        fprintf(stderr, "ricsim: %s: expected an integer >= %lld, found '%s'\n", opt, lo, s);
        return -1;
    }
    *out = v;
    return 0;
}

int ric_cli_exit_code(ric_status st)
{
    switch (st) {
    case RIC_OK:
        return EXIT_OK;
    case RIC_ECONFIG:
    case RIC_ENOENT:
    case RIC_EFORMAT: /* a damaged or foreign checkpoint or input file */
        return EXIT_SCENARIO;
    case RIC_EEXIST:
        return EXIT_EXISTS;
    default:
        return ric_cli_stop ? EXIT_INTERRUPTED : EXIT_RUNTIME;
    }
}

static int cmd_run(int argc, char **argv)
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
    ric_run_opts o;
    ric_run_opts_init(&o);
    const char **sets = calloc((size_t)argc, sizeof *sets);
    int quiet = 0, c, rc = EXIT_USAGE;
    long long v;
    if (!sets)
        return EXIT_RUNTIME;
    while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
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
            usage(stdout);
            rc = EXIT_OK;
            goto out;
        default:
            usage(stderr);
            goto out;
        }
    }
    if (o.restart ? optind < argc - 1 : optind != argc - 1 || !o.output) {
        fprintf(stderr, "ricsim run: %s\n",
                optind >= argc ? "missing SCENARIO"
                : !o.output    ? "missing -o OUT.h5"
                               : "too many arguments");
        usage(stderr);
        goto out;
    }
    o.scenario = optind < argc ? argv[optind] : NULL;
    o.sets = sets;
    o.threads = omp_get_max_threads();
    progress_state ps = {-1.0};
    if (!quiet && isatty(STDERR_FILENO)) {
        o.progress = on_progress;
        o.progress_ud = &ps;
    }
    o.stop = &ric_cli_stop;
    ric_cli_catch_signals();

    ric_error err;
    ric_error_clear(&err);
    ric_status st = ric_run(&o, &err);
    if (st != RIC_OK)
        fprintf(stderr, "ricsim: %s\n", err.msg[0] ? err.msg : ric_status_message(st));
    rc = ric_cli_exit_code(st);
out:
    free(sets);
    return rc;
}

/* Lists every scenario key with type, default, range and meaning, straight
 * from the parameter table, so docs/scenarios.md cannot drift from the code. */
static int cmd_keys(int argc, char **argv)
{
    int md = argc > 1 && !strcmp(argv[1], "--markdown");
    ric_params p;
    ric_params_default(&p);
    const ric_param_table *tab = ric_params_table();
    if (md)
        printf("| key | type | default | range | unit | meaning |\n|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < tab->count; i++) {
        const ric_param_spec *s = &tab->specs[i];
        const void *field = (const char *)&p + s->offset;
        char def[64], range[256] = "";
        switch (s->type) {
        case RIC_PT_INT:
            snprintf(def, sizeof def, "%lld", (long long)*(const int64_t *)field);
            snprintf(range, sizeof range, "[%.0f, %.0f]", s->min, s->max);
            break;
        case RIC_PT_DOUBLE:
            snprintf(def, sizeof def, "%.15g", *(const double *)field);
            snprintf(range, sizeof range, "[%.15g, %.15g]", s->min, s->max);
            break;
        case RIC_PT_BOOL:
            snprintf(def, sizeof def, "%s", *(const int *)field ? "true" : "false");
            break;
        case RIC_PT_ENUM:
            snprintf(def, sizeof def, "%s", s->enum_names[*(const int *)field]);
            for (const char *const *e = s->enum_names; *e; e++)
                snprintf(range + strlen(range), sizeof range - strlen(range), "%s%s",
                         e == s->enum_names ? "" : ", ", *e);
            break;
        case RIC_PT_STRING:
            snprintf(def, sizeof def, "\"%s\"", (const char *)field);
            break;
        case RIC_PT_LIST:
            snprintf(def, sizeof def, "[]");
            snprintf(range, sizeof range, "at most %.0f items", s->max);
            break;
        case RIC_PT_MASK: {
            int64_t bits = *(const int64_t *)field;
            if (bits == -1)
                snprintf(def, sizeof def, "all");
            else
                snprintf(def, sizeof def, "0x%llx", (long long)bits);
            if (s->enum_names)
                for (const char *const *e = s->enum_names; *e; e++)
                    snprintf(range + strlen(range), sizeof range - strlen(range), "%s%s",
                             e == s->enum_names ? "" : ", ", *e);
            else
                snprintf(range, sizeof range, "subset of [%.0f, %.0f]", s->min, s->max);
            break;
        }
        }
        static const char *const tname[] = {"int",    "number", "bool", "enum",
                                            "string", "list",   "set"};
        if (md)
            printf("| `%s` | %s | %s | %s | %s | %s |\n", s->key, tname[s->type], def, range,
                   s->unit, s->doc);
        else
            printf("%-36s %-7s %-12s %-28s %s\n", s->key, tname[s->type], def, range, s->doc);
    }
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    ric_threads_wait_policy(argv); /* before any OpenMP or MPI call */
    /* GSL's default handler aborts; every GSL call here checks its status
     * (the simplex's iterate, the samplers) and maps it to an exit code. */
    gsl_set_error_handler_off();
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return EXIT_OK;
    }
    if (argc >= 2 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
        printf("ricsim %s (git %s)\n", RIC_VERSION_STRING, RIC_GIT_HASH);
        return EXIT_OK;
    }
    if (argc >= 2 && !strcmp(argv[1], "keys"))
        return cmd_keys(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "run"))
        return cmd_run(argc - 1, argv + 1);
    /* The commands that run ensembles share their runs over MPI ranks. */
    static const struct {
        const char *name;
        int (*cmd)(int, char **);
    } farm[] = {{"ensemble", ric_cmd_ensemble},
                {"sensitivity", ric_cmd_sensitivity},
                {"calibrate", ric_cmd_calibrate}};
    for (size_t k = 0; argc >= 2 && k < sizeof farm / sizeof farm[0]; k++) {
        if (strcmp(argv[1], farm[k].name) != 0)
            continue;
#ifdef RICSIM_HAVE_MPI
        if (ric_mpi_init(&argc, &argv) < 0) {
            fprintf(stderr, "ricsim %s: MPI_Init failed\n", farm[k].name);
            return EXIT_RUNTIME;
        }
        int rc = farm[k].cmd(argc - 1, argv + 1);
        ric_mpi_finalize();
        return rc;
#else
        return farm[k].cmd(argc - 1, argv + 1);
#endif
    }
    if (argc >= 2 && !strcmp(argv[1], "compare"))
        return ric_cmd_compare(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "summary"))
        return ric_cmd_summary(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "plot"))
        return ric_cmd_plot(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "report"))
        return ric_cmd_report(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "demo"))
        return ric_cmd_demo(argc - 1, argv + 1);
    if (argc >= 2)
        fprintf(stderr, "ricsim: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
