/* Shared pieces of ricsim sensitivity and ricsim calibrate (ric_study.h). */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "ric_study.h"

#include "ric_cli.h"
#include "ric_h5.h"
#include "ric_run.h"
#include "ric_strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ric_study_rank(void)
{
#ifdef RICSIM_HAVE_MPI
    return ric_mpi_active() ? ric_mpi_rank() : 0;
#else
    return 0;
#endif
}

int ric_study_init(ric_study *s, const char *cmd, int argc)
{
    memset(s, 0, sizeof *s);
    s->cmd = cmd;
    s->reps = 2;
    s->seed = -1;
    s->steps = -1;
    s->threads = 1;
    s->nboot = 1000;
    ric_uncertain_init(&s->unc);
    s->sets = calloc((size_t)argc + 1, sizeof *s->sets);
    s->params = calloc((size_t)argc + 1, sizeof *s->params);
    if (!s->sets || !s->params) {
        fprintf(stderr, "ricsim %s: no memory\n", cmd);
        return RIC_EXIT_RUNTIME;
    }
    return 0;
}

void ric_study_destroy(ric_study *s)
{
    free(s->sets);
    free(s->params);
    ric_uncertain_destroy(&s->unc);
}

int ric_study_option(ric_study *s, int c, const char *arg)
{
    switch (c) {
    case 'o':
        s->dir = arg;
        return 1;
    case 'r':
        return ric_cli_parse_int("--replications", arg, 1, &s->reps) ? -1 : 1;
    case 'j':
        return ric_cli_parse_int("--jobs", arg, 1, &s->jobs) ? -1 : 1;
    case 'q':
        s->quiet = 1;
        return 1;
    case RIC_SO_SET:
        s->sets[s->nsets++] = arg;
        return 1;
    case RIC_SO_PARAM:
        s->params[s->nparams++] = arg;
        return 1;
    case RIC_SO_SEED:
        return ric_cli_parse_int("--seed", arg, 0, &s->seed) ? -1 : 1;
    case RIC_SO_STEPS:
        return ric_cli_parse_int("--steps", arg, 1, &s->steps) ? -1 : 1;
    case RIC_SO_THREADS:
        return ric_cli_parse_int("--threads", arg, 1, &s->threads) ? -1 : 1;
    case RIC_SO_FORCE:
        s->force = 1;
        return 1;
    case RIC_SO_BOOT:
        return ric_cli_parse_int("--bootstrap", arg, 0, &s->nboot) ? -1 : 1;
    case RIC_SO_FORMAT:
        s->format = !strcmp(arg, "table")      ? RIC_FMT_TABLE
                    : !strcmp(arg, "csv")      ? RIC_FMT_CSV
                    : !strcmp(arg, "markdown") ? RIC_FMT_MARKDOWN
                                               : -1;
        if (s->format < 0)
            fprintf(stderr, "ricsim %s: --format %s: expected table, csv or markdown\n", s->cmd,
                    arg);
        return s->format < 0 ? -1 : 1;
    default:
        return 0;
    }
}

/* Loads a scenario with the study's --set and --steps into p. */
static ric_status ric_i_load(const ric_study *s, const char *scenario, ric_params *p,
                             ric_error *err)
{
    ric_run_opts o;
    ric_run_opts_init(&o);
    o.scenario = scenario;
    o.sets = s->sets;
    o.nsets = s->nsets;
    o.steps = s->steps;
    char *text = NULL;
    ric_status st = ric_run_load(&o, p, &text, err);
    free(text);
    return st;
}

int ric_study_load(ric_study *s)
{
    if (ric_study_rank() != 0)
        s->quiet = 1; /* one progress report, from rank 0 */
    ric_error err;
    ric_error_clear(&err);
    const ric_param_table *tab = ric_params_table();
    ric_status st = ric_i_load(s, s->scenario, &s->p, &err);
    for (size_t i = 0; i < s->nparams && st == RIC_OK; i++)
        st = ric_uncertain_add_option(&s->unc, s->params[i], tab, &s->p, sizeof s->p, &err);
    if (st == RIC_OK && s->nparams == 0)
        st = ric_uncertain_load(&s->unc, s->scenario, tab, &s->p, sizeof s->p, &err);
    if (st == RIC_OK && s->unc.n == 0)
        st = ric_error_set(&err, RIC_ECONFIG,
                           "%s: no uncertain parameters (an uncertain: section in the scenario, "
                           "or --param KEY:LO:HI)",
                           s->scenario);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim %s: %s\n", s->cmd, err.msg[0] ? err.msg : ric_status_message(st));
        return ric_cli_exit_code(st);
    }
    if (ric_study_rank() == 0)
        ric_cli_warn_scaling(s->cmd, &s->p);
    return 0;
}

int ric_study_probe(const ric_study *s, const char *scenario, const ric_statistic *stats,
                    size_t nstats, const ric_targets *t)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/ricsim-probe-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "ricsim %s: cannot create a scratch directory in %s\n", s->cmd,
                tmp && *tmp ? tmp : "/tmp");
        return RIC_EXIT_RUNTIME;
    }
    snprintf(path, sizeof path, "%s/probe.h5", dir);
    ric_run_opts o;
    ric_run_opts_init(&o);
    o.scenario = scenario;
    o.output = path;
    o.sets = s->sets;
    o.nsets = s->nsets;
    o.steps = 0; /* only the file's layout: every series is declared at the start */
    o.threads = 1;
    o.stop = &ric_cli_stop;
    ric_error err;
    ric_error_clear(&err);
    ric_status st = ric_run(&o, &err);
    for (size_t i = 0; i < nstats && st == RIC_OK; i++) {
        ric_error mine;
        ric_error_clear(&mine);
        char what[200];
        ric_statistic_format(&stats[i], what, sizeof what);
        if (ric_statistic_check(&stats[i], path, &mine) != RIC_OK)
            st = ric_error_set(&err, RIC_ECONFIG, "output %s: %s", what, mine.msg);
    }
    if (st == RIC_OK && t)
        st = ric_targets_check(t, path, &err);
    remove(path);
    rmdir(dir);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim %s: %s\n", s->cmd, err.msg[0] ? err.msg : ric_status_message(st));
        return ric_cli_exit_code(st);
    }
    return 0;
}

int ric_study_ensemble(const ric_study *s, ric_ensemble *e, const char *scenario, const char *dir,
                       size_t n, const double *u01, int common)
{
    ric_error err;
    ric_error_clear(&err);
    ric_params p;
    const size_t k = s->unc.n;
    double *x = malloc((n * k > 0 ? n * k : 1) * sizeof *x);
    if (!x) {
        fprintf(stderr, "ricsim %s: no memory\n", s->cmd);
        return RIC_EXIT_RUNTIME;
    }
    ric_uncertain_values(&s->unc, n, u01, x);
    memset(e, 0, sizeof *e);
    ric_design_init(&e->design);
    e->scenario = scenario;
    e->dir = dir;
    e->sets = s->sets;
    e->nsets = s->nsets;
    e->steps = s->steps;
    e->threads = (int)s->threads;
    ric_status st = ric_i_load(s, scenario, &p, &err);
    e->design.replications = s->reps;
    e->design.master_seed = s->seed >= 0 ? (uint64_t)s->seed : (uint64_t)s->p.seed;
    e->design.common_seeds = common;
    if (st == RIC_OK)
        st =
            ric_uncertain_design(&s->unc, &e->design, n, x, ric_params_table(), &p, sizeof p, &err);
    free(x);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim %s: %s: %s\n", s->cmd, scenario,
                err.msg[0] ? err.msg : ric_status_message(st));
        return ric_cli_exit_code(st);
    }
    return 0;
}

int ric_study_run(const ric_study *s, const ric_ensemble *e, size_t lo, size_t hi,
                  size_t *incomplete)
{
    ric_error err;
    ric_error_clear(&err);
    const int rank = ric_study_rank();
    /* Rank 0 prepares the directory; the others wait for its verdict. */
    if (rank == 0 && ric_cli_make_dirs(s->cmd, e->dir, 0))
        return RIC_EXIT_RUNTIME;
    ric_status st = rank == 0 ? ric_ensemble_prepare(e, s->force, &err) : RIC_OK;
#ifdef RICSIM_HAVE_MPI
    if (ric_mpi_active())
        st = (ric_status)ric_mpi_bcast_int((int)st);
#endif
    if (st != RIC_OK) {
        if (rank == 0)
            fprintf(stderr, "ricsim %s: %s\n", s->cmd, err.msg);
        return ric_cli_exit_code(st);
    }
    size_t ran, skipped, failed;
#ifdef RICSIM_HAVE_MPI
    /* Every rank returns once all runs are done (the counts reach rank 0). */
    int rc = ric_mpi_active()
                 ? ric_mpi_ensemble_runs(e, lo, hi, s->quiet, &ran, &skipped, &failed)
                 : ric_cli_ensemble_runs(e, lo, hi, s->jobs, s->quiet, &ran, &skipped, &failed);
#else
    int rc = ric_cli_ensemble_runs(e, lo, hi, s->jobs, s->quiet, &ran, &skipped, &failed);
#endif
    if (rc != RIC_EXIT_OK) {
        if (rc == RIC_EXIT_INTERRUPTED)
            fprintf(stderr, "ricsim %s: interrupted; run the same command again to finish\n",
                    s->cmd);
        return rc;
    }
    if (!s->quiet && rank == 0)
        fprintf(stderr, "ricsim %s: %s: %zu runs: %zu run now, %zu already complete\n", s->cmd,
                e->dir, hi - lo + 1, ran, skipped);
    *incomplete = 0;
    for (size_t i = lo; i <= hi; i++) {
        char path[4096], status[32];
        ric_ensemble_run_path(e, i, path, sizeof path);
        ric_error probe;
        ric_error_clear(&probe);
        *incomplete += ric_h5_read_status(path, status, sizeof status, &probe) != RIC_OK ||
                       strcmp(status, "complete") != 0;
    }
    if (*incomplete && rank == 0)
        fprintf(stderr, "ricsim %s: %s: %zu of %zu runs not complete (their errors: runs/*.err)\n",
                s->cmd, e->dir, *incomplete, hi - lo + 1);
    return *incomplete ? RIC_EXIT_RUNTIME : RIC_EXIT_OK;
}

void ric_study_row(FILE *f, int format, const char *const *cells, size_t n, const int *width,
                   int header)
{
    for (size_t i = 0; i < n; i++) {
        if (format == RIC_FMT_CSV)
            fprintf(f, "%s%s", i ? "," : "", cells[i]);
        else if (format == RIC_FMT_MARKDOWN)
            fprintf(f, "| %s ", cells[i]);
        else
            fprintf(f, "%s%-*s", i ? "  " : "", i + 1 < n ? width[i] : 0, cells[i]);
    }
    fprintf(f, format == RIC_FMT_MARKDOWN ? "|\n" : "\n");
    if (!header || format == RIC_FMT_CSV)
        return;
    for (size_t i = 0; i < n; i++) {
        if (format == RIC_FMT_MARKDOWN)
            fprintf(f, "|---");
        else
            fprintf(f, "%s%.*s", i ? "  " : "", width[i],
                    "----------------------------------------------------------------");
    }
    fprintf(f, format == RIC_FMT_MARKDOWN ? "|\n" : "\n");
}

int ric_study_results(const ric_study *s, ric_h5 *h, const char *name, int argc, char **argv)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", s->dir, name);
    ric_error err;
    ric_error_clear(&err);
    char *text = ric_read_file(s->scenario, NULL), *effective = NULL, *line = NULL;
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    line = malloc(len);
    ric_status st = text && line ? ric_config_dump(ric_params_table(), &s->p, &effective, &err)
                                 : ric_error_set(&err, RIC_ENOMEM, "no memory");
    if (line) {
        line[0] = '\0';
        for (int i = 0; i < argc; i++)
            strcat(strcat(line, argv[i]), i + 1 < argc ? " " : "");
    }
    ric_h5_meta meta = {.scenario_path = s->scenario,
                        .scenario_text = text,
                        .effective = effective,
                        .overrides = line,
                        .seed = s->seed >= 0 ? (uint64_t)s->seed : (uint64_t)s->p.seed,
                        .steps = s->p.steps,
                        .threads = (int)s->threads};
    ric_h5_init(h);
    if (st == RIC_OK)
        st = ric_h5_create(h, path, 1, &meta, &err); /* derived from the runs: rewritten */
    free(text);
    free(effective);
    free(line);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim %s: %s\n", s->cmd, err.msg);
        return RIC_EXIT_RUNTIME;
    }
    return 0;
}
