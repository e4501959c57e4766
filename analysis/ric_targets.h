/* Statistics of run outputs and calibration targets.
 *
 * A statistic reduces one column of one series of a run file
 * (/observables/<series>/value) to a number:
 *   mean  the mean over the rows with from <= step <= to (NaN rows skipped)
 *   at    the value at step `step` (the last row when step < 0)
 *   rate  the per-year change between the first and last rows of the
 *         window: (v_last - v_first) / (steps between them) * steps_per_year
 * On the command line: SERIES[.COLUMN]:mean[@FROM-TO], SERIES[.COLUMN]:at[@STEP],
 * SERIES[.COLUMN]:rate[@FROM-TO] (the window defaults to the whole run).
 *
 * A targets file (YAML) lists what a calibration should reproduce:
 *   targets:
 *     - name: sme_innovating
 *       observable: innovating_share   # series name
 *       column: sme                    # omitted for a one-column series
 *       statistic: mean                # mean | at | rate
 *       from: 48                       # mean, rate: step window (default: whole run)
 *       to: 60
 *       step: 60                       # at (default: the last row)
 *       steps_per_year: 12             # rate (default 12: a step is a month)
 *       value: 0.35                    # the target
 *       tolerance: 0.05                # or se: its standard error (one of the two)
 *       source: "seed survey 2019, table 3"
 * Any series and column are accepted by the reader; ric_targets_check
 * refuses those a run file of the scenario does not have, naming the line. */
#ifndef RIC_TARGETS_H
#define RIC_TARGETS_H

#include "ric_ensemble.h"
#include "ric_error.h"

#include <stddef.h>
#include <stdint.h>

enum { RIC_STAT_MEAN, RIC_STAT_AT, RIC_STAT_RATE };

typedef struct ric_statistic {
    char series[64];
    char column[64];  /* "" for a one-column series */
    int kind;         /* RIC_STAT_* */
    int64_t from, to; /* window (to < 0: the last step); at: from is the step (< 0: last) */
    double steps_per_year;
} ric_statistic;

/* Parses the command-line form; RIC_ECONFIG with a message naming text. */
ric_status ric_statistic_parse(const char *text, ric_statistic *s, ric_error *err);
/* Writes the command-line form of s into buf. */
void ric_statistic_format(const ric_statistic *s, char *buf, size_t size);
/* Checks the series and column exist in the run file `run` (any state). */
ric_status ric_statistic_check(const ric_statistic *s, const char *run, ric_error *err);
/* The statistic of a complete run file. RIC_EINVAL if the window holds no
 * finite value or the step is not recorded. */
ric_status ric_statistic_eval(const ric_statistic *s, const char *run, double *value,
                              ric_error *err);
/* The statistics of every run of an ensemble into y[run][nstats]; a run
 * that is not complete, or whose statistic cannot be computed, gives NaN
 * and counts in *missing. */
ric_status ric_statistic_gather(const ric_ensemble *e, const ric_statistic *stats, size_t nstats,
                                double *y, size_t *missing, ric_error *err);

typedef struct ric_target {
    char name[64];
    ric_statistic stat;
    double value;
    double scale; /* tolerance or standard error: the distance's unit */
    int is_se;    /* scale is a standard error (else a tolerance) */
    char source[256];
    size_t line;
} ric_target;

/* Caller-owned; init/destroy pair. */
typedef struct ric_targets {
    char file[1024];
    ric_target *items;
    size_t n;
} ric_targets;

void ric_targets_init(ric_targets *t);
void ric_targets_destroy(ric_targets *t);
ric_status ric_targets_load(ric_targets *t, const char *path, ric_error *err);
/* Refuses a target whose series or column the run file lacks: "file:line: ...". */
ric_status ric_targets_check(const ric_targets *t, const char *run, ric_error *err);
/* The method of simulated moments distance: sum of ((model - target) / scale)^2
 * over the targets; NaN if a model value is NaN. */
double ric_targets_distance(const ric_targets *t, const double *model);

#endif
