/* ricsim ensemble: replications and designs, spread over worker processes
 * (HDF5 is not thread-safe here, so parallel runs are separate processes,
 * each with its own OpenMP threads), then the index (analysis/ric_ensemble.h). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, usleep */
#include "ric_cli.h"
#include "ric_compare.h"
#include "ric_ensemble.h"
#include "ric_headline.h"
#include "ric_params.h"
#include "ric_run.h"

#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <getopt.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void ensemble_usage(FILE *f)
{
    fprintf(
        f, "usage: ricsim ensemble SCENARIO.yaml -o DIR [options]\n"
           "\n"
           "Runs replications of a scenario, or a design over its keys, one HDF5 file per\n"
           "run in DIR/runs, then writes DIR/ensemble.h5 with the run list and cross-\n"
           "replicate statistics per step. Runs already complete are skipped, so an\n"
           "interrupted ensemble is finished by running the same command again.\n"
           "\n"
           "  -o, --output DIR      ensemble directory (required)\n"
           "  -r, --replications R  replications per design point (default 1)\n"
           "      --seed N          master seed; run seeds derive from (N, point, replication)\n"
           "                        (default: the scenario's run.seed)\n"
           "      --common-seeds    seeds from (N, replication) only: every design point sees\n"
           "                        the same random numbers (common random numbers)\n"
           "      --factor KEY=V1,V2,...  a factor of a full factorial design (repeatable)\n"
           "      --range KEY=LO:HI       a factor of a Latin hypercube (repeatable)\n"
           "      --points N        design points of the Latin hypercube\n"
           "      --set KEY=VAL     override a scenario key in every run (repeatable)\n"
           "      --steps S         steps per run (overrides run.steps)\n"
           "  -j, --jobs J          runs at a time (worker processes; default: cores / threads)\n"
           "      --threads T       OpenMP threads per run (default 1)\n"
           "      --only I[-J]      run only run I (or I..J) and write no index (job arrays)\n"
           "      --index           only (re)write the index from the run files\n"
           "      --list            print the run list (index, point, replication, seed, file,\n"
           "                        command) and exit\n"
           "      --force           replace a different ensemble found in DIR\n"
           "      --checkpoint-every N  runs write checkpoints every N steps and at the end\n"
           "      --warmup WDIR     branch replication r from the final checkpoint of\n"
           "                        replication r of ensemble WDIR (policy branching with\n"
           "                        common random numbers: same seed, same state)\n"
           "  -q, --quiet           no progress line\n"
           "\n"
           "exit codes: 0 all runs complete, 1 some runs failed or missing, 2 usage,\n"
           "            3 bad scenario or design, 4 DIR holds another ensemble, 130 interrupted\n");
}

/* Shared between the parent and the workers (an anonymous shared mapping). */
typedef struct shared_state {
    size_t next;    /* next position in the work list */
    size_t done;    /* runs finished (run or skipped) */
    size_t skipped; /* runs already complete */
    size_t failed;
    int stop;
} shared_state;

typedef struct work {
    const ric_ensemble *e;
    const size_t *list; /* run indices to do */
    size_t n;
    shared_state *sh;
    int quiet;
    int report; /* print progress after each run (in-process, no workers) */
    double t0;
    ric_cli_progress pg;
} work;

static void progress(work *wk, int final);

static void report_failure(const ric_ensemble *e, size_t i, const ric_error *err, ric_status st)
{
    char path[4096];
    ric_ensemble_run_path(e, i, path, sizeof path);
    fprintf(stderr, "\nricsim ensemble: run %zu (%s) failed: %s\n", i, path,
            err->msg[0] ? err->msg : ric_status_message(st));
}

/* Takes runs from the shared list until it is empty or a stop is asked. */
static void worker(work *wk)
{
    shared_state *sh = wk->sh;
    for (;;) {
        if (__atomic_load_n(&sh->stop, __ATOMIC_SEQ_CST) || ric_cli_stop)
            break;
        size_t k = __atomic_fetch_add(&sh->next, 1, __ATOMIC_SEQ_CST);
        if (k >= wk->n)
            break;
        ric_error err;
        ric_error_clear(&err);
        int skipped = 0;
        ric_status st = ric_ensemble_run_one(wk->e, wk->list[k], &ric_cli_stop, &skipped, &err);
        if (st != RIC_OK) {
            __atomic_fetch_add(&sh->failed, 1, __ATOMIC_SEQ_CST);
            if (!ric_cli_stop)
                report_failure(wk->e, wk->list[k], &err, st);
        }
        if (skipped)
            __atomic_fetch_add(&sh->skipped, 1, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&sh->done, 1, __ATOMIC_SEQ_CST);
        if (wk->report)
            progress(wk, 0);
    }
}

static void progress(work *wk, int final)
{
    size_t done = __atomic_load_n(&wk->sh->done, __ATOMIC_SEQ_CST);
    size_t failed = __atomic_load_n(&wk->sh->failed, __ATOMIC_SEQ_CST);
    char what[96];
    if (failed)
        snprintf(what, sizeof what, "ricsim ensemble (%zu failed): runs", failed);
    else
        snprintf(what, sizeof what, "ricsim ensemble: runs");
    ric_cli_progress_show(&wk->pg, what, done, wk->n, "runs", ric_cli_now() - wk->t0, final);
}

/* Runs the listed runs with `jobs` worker processes (in this process when 1). */
static void run_all(work *wk, int jobs)
{
    const int show = !wk->quiet;
    wk->t0 = ric_cli_now();
    ric_cli_progress_init(&wk->pg);
    if (jobs <= 1) {
        wk->report = show;
        worker(wk);
    } else {
        pid_t *pid = calloc((size_t)jobs, sizeof *pid);
        int started = 0;
        const pid_t parent = getpid();
        for (int j = 0; pid && j < jobs; j++) {
            fflush(NULL);
            pid[j] = fork();
            if (pid[j] == 0) {
                /* Workers die with their parent, however it ends (SIGKILL
                 * included): SIGTERM stops a worker's run as failed. */
                prctl(PR_SET_PDEATHSIG, SIGTERM);
                if (getppid() != parent) /* the parent died before prctl */
                    _exit(1);
                worker(wk);
                _exit(0);
            }
            started += pid[j] > 0;
        }
        if (started == 0) /* no process could be started: do the work here */
            worker(wk);
        for (int alive = started; alive > 0;) {
            int status;
            pid_t r = waitpid(-1, &status, WNOHANG);
            if (r > 0) {
                alive--;
                continue;
            }
            if (r < 0 && errno != EINTR)
                break;
            if (ric_cli_stop)
                __atomic_store_n(&wk->sh->stop, 1, __ATOMIC_SEQ_CST);
            if (show)
                progress(wk, 0);
            usleep(200000);
        }
        free(pid);
    }
    if (show)
        progress(wk, 1);
}

int ric_cli_ensemble_runs(const ric_ensemble *e, size_t lo, size_t hi, long long jobs, int quiet,
                          size_t *ran, size_t *skipped, size_t *failed)
{
    *ran = *skipped = *failed = 0;
    size_t *todo = malloc((hi - lo + 1) * sizeof *todo);
    shared_state *sh =
        mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!todo || sh == MAP_FAILED) {
        fprintf(stderr, "ricsim ensemble: no memory\n");
        free(todo);
        if (sh != MAP_FAILED)
            munmap(sh, sizeof *sh);
        return RIC_EXIT_RUNTIME;
    }
    memset(sh, 0, sizeof *sh);
    for (size_t i = lo; i <= hi; i++)
        todo[i - lo] = i;
    work wk = {.e = e, .list = todo, .n = hi - lo + 1, .sh = sh, .quiet = quiet};
    if (jobs == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores > e->threads ? cores / e->threads : 1;
    }
    if ((size_t)jobs > wk.n)
        jobs = (long long)wk.n;
    omp_set_num_threads(e->threads);
    ric_cli_catch_signals();
    run_all(&wk, (int)jobs);
    *ran = sh->done - sh->skipped;
    *skipped = sh->skipped;
    *failed = sh->failed;
    munmap(sh, sizeof *sh);
    free(todo);
    return ric_cli_stop ? RIC_EXIT_INTERRUPTED : RIC_EXIT_OK;
}

/* The ending: the key figures of each design point (one point: its
 * levels; a design: each point against the first, labelled by its values). */
static void ensemble_headline(const ric_ensemble *e)
{
    const ric_design *d = &e->design;
    const size_t np = d->npoints, shown = np > 8 ? 8 : np;
    char(*labels)[256] = calloc(np, sizeof *labels);
    const char **lp = calloc(np, sizeof *lp);
    ric_compare cmp;
    ric_compare_init(&cmp);
    ric_error err;
    ric_error_clear(&err);
    char *text = NULL;
    ric_status st = labels && lp ? ric_compare_add(&cmp, e->dir, &err) : RIC_ENOMEM;
    if (st == RIC_OK)
        st = ric_compare_run(&cmp, &err);
    for (size_t pt = 0; st == RIC_OK && pt < np && pt < cmp.nsets; pt++) {
        lp[pt] = labels[pt];
        snprintf(labels[pt], sizeof labels[pt], "%s", d->nfactors ? "" : cmp.sets[pt].label);
        for (size_t f = 0; f < d->nfactors; f++)
            snprintf(labels[pt] + strlen(labels[pt]), sizeof labels[pt] - strlen(labels[pt]),
                     "%s%.100s=%.60s", f ? ", " : "", d->factors[f].key,
                     d->values[pt * d->nfactors + f]);
    }
    if (st == RIC_OK && cmp.nsets == np)
        st = ric_headline_sets(&cmp, np > 1, lp, np > 1 ? shown - 1 : 1, &text, &err);
    if (st == RIC_OK && text) {
        printf("ricsim ensemble: %s at the last step:\n%s", e->dir, text);
        if (np == 1)
            printf("  against a baseline: ricsim compare --baseline BASELINE_DIR %s\n", e->dir);
    }
    free(text);
    ric_compare_destroy(&cmp);
    free(labels);
    free(lp);
}

static int parse_range(const char *s, size_t total, size_t *lo, size_t *hi)
{
    char *end;
    errno = 0;
    unsigned long long a = strtoull(s, &end, 10), b = a;
    if (errno || end == s)
        return -1;
    if (*end == '-') {
        const char *t = end + 1;
        b = strtoull(t, &end, 10);
        if (errno || end == t)
            return -1;
    }
    if (*end || a > b || a >= total)
        return -1;
    if (b >= total) /* the last chunk of a job array may reach past the end */
        b = total - 1;
    *lo = (size_t)a;
    *hi = (size_t)b;
    return 0;
}

int ric_cmd_ensemble(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"replications", required_argument, NULL, 'r'},
                                             {"seed", required_argument, NULL, 's'},
                                             {"common-seeds", no_argument, NULL, 'C'},
                                             {"factor", required_argument, NULL, 'F'},
                                             {"range", required_argument, NULL, 'R'},
                                             {"points", required_argument, NULL, 'p'},
                                             {"set", required_argument, NULL, 'x'},
                                             {"steps", required_argument, NULL, 'S'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"threads", required_argument, NULL, 't'},
                                             {"only", required_argument, NULL, 'O'},
                                             {"index", no_argument, NULL, 'I'},
                                             {"list", no_argument, NULL, 'L'},
                                             {"force", no_argument, NULL, 'f'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"checkpoint-every", required_argument, NULL, 'K'},
                                             {"warmup", required_argument, NULL, 'W'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char **sets = calloc((size_t)argc, sizeof *sets);
    const char **factors = calloc((size_t)argc, sizeof *factors);
    const char **ranges = calloc((size_t)argc, sizeof *ranges);
    size_t nsets = 0, nfactors = 0, nranges = 0;
    const char *dir = NULL, *only = NULL;
    long long reps = 1, seed = -1, points = 0, steps = -1, jobs = 0, threads = 1, ckpt_every = 0;
    char warmup[PATH_MAX];
    int have_warmup = 0;
    int common = 0, index_only = 0, list = 0, force = 0, quiet = 0, c, rc = RIC_EXIT_USAGE;
    ric_ensemble e = {0};
    ric_design_init(&e.design);
#ifdef RICSIM_HAVE_MPI
    const int mpi = ric_mpi_active(), rank = mpi ? ric_mpi_rank() : 0;
#else
    const int mpi = 0, rank = 0;
    (void)mpi;
#endif
    if (!sets || !factors || !ranges)
        goto out;
    while ((c = getopt_long(argc, argv, "o:r:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            dir = optarg;
            break;
        case 'r':
            if (ric_cli_parse_int("--replications", optarg, 1, &reps))
                goto out;
            break;
        case 's':
            if (ric_cli_parse_int("--seed", optarg, 0, &seed))
                goto out;
            break;
        case 'C':
            common = 1;
            break;
        case 'F':
            factors[nfactors++] = optarg;
            break;
        case 'R':
            ranges[nranges++] = optarg;
            break;
        case 'p':
            if (ric_cli_parse_int("--points", optarg, 1, &points))
                goto out;
            break;
        case 'x':
            sets[nsets++] = optarg;
            break;
        case 'S':
            if (ric_cli_parse_int("--steps", optarg, 0, &steps))
                goto out;
            break;
        case 'j':
            if (ric_cli_parse_int("--jobs", optarg, 1, &jobs))
                goto out;
            break;
        case 't':
            if (ric_cli_parse_int("--threads", optarg, 1, &threads))
                goto out;
            break;
        case 'O':
            only = optarg;
            break;
        case 'I':
            index_only = 1;
            break;
        case 'L':
            list = 1;
            break;
        case 'f':
            force = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'K':
            if (ric_cli_parse_int("--checkpoint-every", optarg, 1, &ckpt_every))
                goto out;
            break;
        case 'W':
            /* Absolute, so runs.tsv commands work from anywhere. */
            if (!realpath(optarg, warmup)) {
                fprintf(stderr, "ricsim ensemble: --warmup %s: %s\n", optarg, strerror(errno));
                rc = RIC_EXIT_SCENARIO;
                goto out;
            }
            have_warmup = 1;
            break;
        case 'h':
            ensemble_usage(stdout);
            rc = RIC_EXIT_OK;
            goto out;
        default:
            rc = ric_cli_bad_option("ensemble", argv, longopts, "o:r:j:qh");
            goto out;
        }
    }
    if (optind != argc - 1 || !dir) {
        rc = ric_cli_usage_error("ensemble", "%s",
                                 optind >= argc ? "missing SCENARIO"
                                 : !dir         ? "missing -o DIR"
                                                : "too many arguments");
        goto out;
    }
    if (points > 0 && nranges == 0) {
        rc = ric_cli_usage_error("ensemble", "--points needs --range factors");
        goto out;
    }
    char scen[PATH_MAX];
    if (ric_cli_scenario_arg("ensemble", argv[optind], scen, sizeof scen)) {
        rc = RIC_EXIT_SCENARIO;
        goto out;
    }

    /* The scenario and the design are checked completely before any run. */
    ric_error err;
    ric_error_clear(&err);
    ric_run_opts o;
    ric_run_opts_init(&o);
    o.scenario = scen;
    o.sets = sets;
    o.nsets = nsets;
    o.steps = steps;
    ric_params p;
    char *text = NULL;
    ric_status st = ric_run_load(&o, &p, &text, &err);
    free(text);
    if (st == RIC_OK && rank == 0 && !list)
        ric_cli_warn_scaling("ensemble", &p);
    e.scenario = scen;
    e.dir = dir;
    e.sets = sets;
    e.nsets = nsets;
    e.steps = steps;
    e.threads = (int)threads;
    e.checkpoint_every = ckpt_every;
    e.warmup = have_warmup ? warmup : NULL;
    e.design.replications = reps;
    e.design.master_seed = seed >= 0 ? (uint64_t)seed : (uint64_t)p.seed;
    e.design.common_seeds = common;
    const ric_param_table *tab = ric_params_table();
    for (size_t k = 0; k < nfactors && st == RIC_OK; k++)
        st = ric_design_add_factor(&e.design, factors[k], tab, &p, sizeof p, &err);
    for (size_t k = 0; k < nranges && st == RIC_OK; k++)
        st = ric_design_add_range(&e.design, ranges[k], tab, &p, sizeof p, &err);
    if (st == RIC_OK)
        st = ric_design_build(&e.design, (size_t)points, &err);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim ensemble: %s\n", err.msg[0] ? err.msg : ric_status_message(st));
        rc = ric_cli_exit_code(st);
        goto out;
    }
    const size_t total = ric_design_runs(&e.design);
    if (list) {
        printf("# index\tpoint\treplication\tseed\tfile\tcommand\n");
        for (size_t i = 0; i < total; i++) {
            char path[4096], cmd[16384];
            ric_ensemble_run_path(&e, i, path, sizeof path);
            if (ric_ensemble_command(&e, i, cmd, sizeof cmd, &err) != RIC_OK)
                break;
            size_t pt = i / (size_t)reps, rp = i % (size_t)reps;
            printf("%zu\t%zu\t%zu\t%llu\t%s\t%s\n", i, pt, rp,
                   (unsigned long long)ric_design_seed(&e.design, pt, rp), path, cmd);
        }
        rc = RIC_EXIT_OK;
        goto out;
    }
    /* One rank prepares the directory; the others wait for it. */
    if (rank == 0 && ric_cli_make_dirs("ensemble", dir, 0)) {
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    if (rank == 0)
        st = ric_ensemble_prepare(&e, force, &err);
#ifdef RICSIM_HAVE_MPI
    if (mpi && (st = (ric_status)ric_mpi_bcast_int((int)st)) != RIC_OK && rank != 0) {
        rc = ric_cli_exit_code(st);
        goto out;
    }
#endif
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim ensemble: %s\n", err.msg);
        rc = ric_cli_exit_code(st);
        goto out;
    }

    ric_cli_catch_signals();
    size_t lo = 0, hi = total ? total - 1 : 0;
    if (only && parse_range(only, total, &lo, &hi)) {
        fprintf(stderr, "ricsim ensemble: --only %s: expected I or I-J within [0, %zu]\n", only,
                total ? total - 1 : 0);
        goto out;
    }
    size_t ran = 0, skipped = 0, nfail = 0;
    const double t0 = ric_cli_now();
    if (!index_only && total > 0) {
#ifdef RICSIM_HAVE_MPI
        int r = mpi ? ric_mpi_ensemble_runs(&e, lo, hi, quiet, &ran, &skipped, &nfail)
                    : ric_cli_ensemble_runs(&e, lo, hi, jobs, quiet, &ran, &skipped, &nfail);
#else
        int r = ric_cli_ensemble_runs(&e, lo, hi, jobs, quiet, &ran, &skipped, &nfail);
#endif
        if (r == RIC_EXIT_INTERRUPTED)
            fprintf(stderr, "ricsim ensemble: interrupted; run the same command again to finish\n");
        if (r != RIC_EXIT_OK) {
            rc = r;
            goto out;
        }
    }
    if (rank != 0) { /* rank 0 writes the index and reports */
        rc = RIC_EXIT_OK;
        goto out;
    }
    if (only) { /* a job-array task: the index is written by a final step */
        rc = nfail ? RIC_EXIT_RUNTIME : RIC_EXIT_OK;
        goto out;
    }
    size_t complete = 0, failed = 0;
    st = ric_ensemble_index(&e, &complete, &failed, &err);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim ensemble: %s\n", err.msg);
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    if (!quiet || complete < total)
        fprintf(stderr,
                "ricsim ensemble: %zu runs: %zu run now, %zu already complete; %zu complete, "
                "%zu failed, %zu missing; index %s/ensemble.h5; %.1f s\n",
                total, ran, skipped, complete, failed, total - complete - failed, dir,
                ric_cli_now() - t0);
    (void)nfail;
    rc = complete == total ? RIC_EXIT_OK : RIC_EXIT_RUNTIME;
    if (rc == RIC_EXIT_OK && !quiet)
        ensemble_headline(&e);
out:
    free(sets);
    free(factors);
    free(ranges);
    ric_design_destroy(&e.design);
    return rc;
}
