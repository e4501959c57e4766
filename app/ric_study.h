/* What ricsim sensitivity and ricsim calibrate share (app/study.c): the
 * options of a study, the scenario with its uncertain inputs, the check of
 * outputs on a probe file, and ensembles of given design points run on the
 * worker processes of ricsim ensemble. */
#ifndef RIC_STUDY_H
#define RIC_STUDY_H

#include "ric_ensemble.h"
#include "ric_h5.h"
#include "ric_params.h"
#include "ric_targets.h"
#include "ric_uncertain.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

/* Long options both commands take (values above any short option). */
enum {
    RIC_SO_SET = 1000,
    RIC_SO_PARAM,
    RIC_SO_SEED,
    RIC_SO_STEPS,
    RIC_SO_THREADS,
    RIC_SO_FORCE,
    RIC_SO_BOOT,
    RIC_SO_FORMAT
};
#define RIC_STUDY_LONGOPTS                                                                         \
    {"dir", required_argument, NULL, 'o'}, {"replications", required_argument, NULL, 'r'},         \
        {"jobs", required_argument, NULL, 'j'}, {"quiet", no_argument, NULL, 'q'},                 \
        {"help", no_argument, NULL, 'h'}, {"set", required_argument, NULL, RIC_SO_SET},            \
        {"param", required_argument, NULL, RIC_SO_PARAM},                                          \
        {"seed", required_argument, NULL, RIC_SO_SEED},                                            \
        {"steps", required_argument, NULL, RIC_SO_STEPS},                                          \
        {"threads", required_argument, NULL, RIC_SO_THREADS},                                      \
        {"force", no_argument, NULL, RIC_SO_FORCE},                                                \
        {"bootstrap", required_argument, NULL, RIC_SO_BOOT},                                       \
    {                                                                                              \
        "format", required_argument, NULL, RIC_SO_FORMAT                                           \
    }

enum { RIC_FMT_TABLE, RIC_FMT_CSV, RIC_FMT_MARKDOWN };

typedef struct ric_study {
    const char *cmd; /* "sensitivity" or "calibrate", for messages */
    const char *scenario, *dir;
    char scenario_buf[4096]; /* the scenario argument resolved (ric_cli_scenario_arg) */
    const char **sets;
    size_t nsets;
    const char **params; /* --param KEY:LO:HI */
    size_t nparams;
    long long reps, seed, steps, jobs, threads, nboot;
    int force, quiet, format;
    ric_params p;      /* the scenario as loaded */
    ric_uncertain unc; /* its inputs */
} ric_study;

/* This process's MPI rank (0 without MPI): only rank 0 writes results.
 * Under mpirun every rank runs the whole command (the same decisions, from
 * the same run files) and the runs of each ensemble are shared out. */
int ric_study_rank(void);

/* Allocates the option lists for argc arguments; 0 or an exit code. */
int ric_study_init(ric_study *s, const char *cmd, int argc);
void ric_study_destroy(ric_study *s);
/* Handles a common option: 1 handled, 0 not common, -1 bad value (printed). */
int ric_study_option(ric_study *s, int c, const char *arg);
/* Loads the scenario and the inputs (--param, else its uncertain: section);
 * 0 or an exit code, the error printed. */
int ric_study_load(ric_study *s);
/* Runs `scenario` for 0 steps into a scratch file and checks every
 * statistic (and every target, if t) against it: nothing of the study has
 * run yet. 0 or an exit code, the error printed. */
int ric_study_probe(const ric_study *s, const char *scenario, const ric_statistic *stats,
                    size_t nstats, const ric_targets *t);
/* An ensemble of the given unit-cube points (n rows of unc.n values) of
 * `scenario` in dir; common: every point sees the same seeds. */
int ric_study_ensemble(const ric_study *s, ric_ensemble *e, const char *scenario, const char *dir,
                       size_t n, const double *u01, int common);
/* Prepares and runs runs lo..hi of e; 0, or an exit code (RUNTIME when runs
 * failed: *incomplete counts the runs not complete). */
int ric_study_run(const ric_study *s, const ric_ensemble *e, size_t lo, size_t hi,
                  size_t *incomplete);
/* Creates DIR/name (replaced if present) as a ricsim HDF5 file recording
 * the scenario and the command line (argv); results go in with
 * ric_h5_write_array. 0 or an exit code, the error printed. */
int ric_study_results(const ric_study *s, ric_h5 *h, const char *name, int argc, char **argv);

/* Prints a table row of cells in the chosen format (header: underline). */
void ric_study_row(FILE *f, int format, const char *const *cells, size_t n, const int *width,
                   int header);

#endif
