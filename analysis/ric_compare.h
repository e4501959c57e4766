/* Comparing intervention strategies: per scenario (one design point of an
 * ensemble) the mean and 95% CI of each observable over its complete
 * replications, at the last step, at a chosen step or year, or averaged over
 * the policy period; and against the reference (the first scenario given)
 * the difference with its 95% CI, the % change and the p-value -- paired t
 * when both sides share their random numbers (the same seeds, or branches
 * of the same warm-up), Welch's t otherwise, no test when neither side
 * varies -- and the effect per billion won of extra spend. Observables,
 * labels and units come from the registry (models/ric_observables.h). */
#ifndef RIC_COMPARE_H
#define RIC_COMPARE_H

#include "ric_ensinfo.h"
#include "ric_error.h"
#include "ric_observables.h"

#include <stddef.h>
#include <stdint.h>

#define RIC_CMP_MAX_OBS 64

enum { RIC_CMP_FINAL, RIC_CMP_AT_STEP, RIC_CMP_PERIOD_MEAN };

/* One observable: a series column at a time, or averaged over steps. */
typedef struct ric_cmp_obs {
    char name[96];   /* label as shown: "SME capability (final)" */
    char key[64];    /* registry key: "capability_smes" */
    char series[48]; /* /observables/<series> */
    char column[48]; /* column name, "" for a 1-D series */
    char unit[32];   /* unit of the shown values: "%", "index 0-1", "billion won" */
    int kind;        /* RIC_OBS_* */
    int headline;
    int agg; /* RIC_CMP_* */
} ric_cmp_obs;

/* The runs of one scenario variant (a design point of an ensemble). */
typedef struct ric_cmp_set {
    char label[256];   /* "lead_users", or "rd: strength=0.5, price=2" */
    size_t ens;        /* which ensemble (index into info) */
    size_t point;      /* its design point */
    size_t n;          /* complete runs */
    uint64_t *seed;    /* [n] */
    int64_t *rep;      /* [n] replication index */
    char (*run)[4200]; /* [n] run files */
    double *value;     /* [n][RIC_CMP_MAX_OBS], after ric_compare_run */
    double *spend;     /* [n] cumulative spend at the time compared */
} ric_cmp_set;

typedef struct ric_cmp_row {
    size_t obs, set;
    size_t n;
    double mean, ci_low, ci_high;        /* raw units; the CI clipped to the observable's range */
    int has_diff;                        /* not the reference itself */
    double diff, diff_low, diff_high, p; /* against the reference; p NaN: no test */
    double pct, pct_low, pct_high;       /* 100 * diff / reference mean */
    int paired;                          /* paired t (shared random numbers) or Welch */
    int constant;                        /* neither side varies: no test */
    double per_bn; /* diff (shown units) per billion won of extra spend; NaN if none */
} ric_cmp_row;

/* Caller-owned; init/destroy pair. */
typedef struct ric_compare {
    ric_cmp_obs obs[RIC_CMP_MAX_OBS];
    size_t nobs;
    ric_cmp_set *sets; /* sets[0] is the reference */
    size_t nsets;
    ric_cmp_row *rows; /* nobs * nsets, observable-major */
    size_t nrows;
    ric_ensinfo *info; /* one per ensemble added */
    size_t ninfo;
    int allow_empty;      /* keep design points without a complete run (n = 0) */
    char select[1024];    /* comma-separated registry keys ("" : the default set) */
    int64_t at_step;      /* compare at this step (-1: the last) */
    double at_year;       /* or this many years after the policy start (< 0: not) */
    int64_t policy_start; /* earliest intervention start (steps), -1 if none; set by run */
    int64_t step;         /* the step compared (-1: each run's last), set by run */
    char note[512];       /* how pairing and the time were decided, for readers */
} ric_compare;

void ric_compare_init(ric_compare *c);
void ric_compare_destroy(ric_compare *c);

/* Sets the observables to compare from a comma-separated list of registry
 * keys (capability_smes, innovating_smes, ...; "list" is refused with the
 * list of keys). Unknown keys are RIC_EINVAL, naming the known ones. */
ric_status ric_compare_select(ric_compare *c, const char *keys, ric_error *err);

/* Adds every design point of the ensemble in `path` (its directory or its
 * index file) as a set; the first set added is the reference. A file that
 * is not an ensemble index, or an ensemble without complete runs, is an
 * error. */
ric_status ric_compare_add(ric_compare *c, const char *path, ric_error *err);

/* Reads the values at the time chosen and computes the rows. */
ric_status ric_compare_run(ric_compare *c, ric_error *err);

enum { RIC_CMP_TABLE, RIC_CMP_CSV, RIC_CMP_MARKDOWN };
/* Writes the rows in one of the formats into a malloc'ed string. */
ric_status ric_compare_format(const ric_compare *c, int format, char **out, ric_error *err);

/* One column of a series of a run file: *steps and *val (rows of them,
 * malloc'ed; caller frees). -1 if the run lacks the series or column. */
int ric_compare_run_column(const char *run, const ric_cmp_obs *o, int64_t **steps, double **val,
                           size_t *rows);

/* A value in the unit shown to readers (shares in %, money in billion won). */
double ric_cmp_shown(const ric_cmp_obs *o, double raw);
/* Decimals that show the values of observable o to about 4 digits. */
int ric_cmp_decimals(const ric_compare *c, size_t o);
/* "+1.62 points [1.20, 2.04]"-style phrases: the unit of a difference. */
const char *ric_cmp_diff_unit(const ric_cmp_obs *o);

/* Mean and 95% CI of x[0..n) (Student t); CI NaN when n < 2. */
void ric_stats_ci(const double *x, size_t n, double *mean, double *lo, double *hi);

/* Difference of means a - b with its 95% CI and two-sided p: paired t over
 * a[i] - b[i] when paired (na == nb), else Welch's t. When the differences
 * (or both samples) do not vary, the difference is exact: lo = hi = diff
 * and p is NaN (no test). */
void ric_stats_diff(const double *a, size_t na, const double *b, size_t nb, int paired,
                    double *diff, double *lo, double *hi, double *p);

#endif
