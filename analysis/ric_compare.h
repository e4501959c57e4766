/* Comparing intervention strategies: per scenario (one design point of an
 * ensemble) the mean and 95% CI of each main observable over its complete
 * replications, and against a named baseline the difference with its 95% CI
 * and p-value -- paired t when both sides hold runs with the same seeds
 * (common random numbers), Welch's t otherwise -- and the effect per 1000
 * budget units spent. */
#ifndef RIC_COMPARE_H
#define RIC_COMPARE_H

#include "ric_error.h"

#include <stddef.h>
#include <stdint.h>

#define RIC_CMP_MAX_OBS 64

/* One observable: a series column, at the last step or averaged over steps. */
typedef struct ric_cmp_obs {
    char name[64];   /* e.g. "capability sme (final)" */
    char series[48]; /* /observables/<series> */
    char column[48]; /* column name, "" for a 1-D series */
    int time_mean;   /* 1: mean over all recorded steps; 0: the last step */
} ric_cmp_obs;

/* The runs of one scenario variant. */
typedef struct ric_cmp_set {
    char label[128];
    size_t n;       /* complete runs read */
    uint64_t *seed; /* [n] */
    double *value;  /* [n][nobs] */
    double *spend;  /* [n] cumulative spend at the end */
} ric_cmp_set;

typedef struct ric_cmp_row {
    size_t obs, set;
    size_t n;
    double mean, ci_low, ci_high;
    int has_diff;                        /* not the baseline itself */
    double diff, diff_low, diff_high, p; /* against the baseline */
    int paired;                          /* paired t (same seeds) or Welch */
    double per_1000;                     /* diff per 1000 budget units spent; NaN if none */
} ric_cmp_row;

/* Caller-owned; init/destroy pair. */
typedef struct ric_compare {
    ric_cmp_obs obs[RIC_CMP_MAX_OBS];
    size_t nobs;
    ric_cmp_set *sets; /* sets[0] is the baseline */
    size_t nsets;
    ric_cmp_row *rows; /* nobs * nsets, observable-major */
    size_t nrows;
    int allow_empty; /* keep design points without a complete run (n = 0) */
} ric_compare;

void ric_compare_init(ric_compare *c);
void ric_compare_destroy(ric_compare *c);

/* Adds every design point of the ensemble in `path` (its directory or its
 * index file) as a set; the first set added is the baseline. The
 * observables are chosen from the first run read. A file that is not an
 * ensemble index, or an ensemble without complete runs, is an error. */
ric_status ric_compare_add(ric_compare *c, const char *path, ric_error *err);

/* Computes the rows. */
ric_status ric_compare_run(ric_compare *c, ric_error *err);

enum { RIC_CMP_TABLE, RIC_CMP_CSV, RIC_CMP_MARKDOWN };
/* Writes the rows in one of the formats into a malloc'ed string. */
ric_status ric_compare_format(const ric_compare *c, int format, char **out, ric_error *err);

/* Mean and 95% CI of x[0..n) (Student t); CI NaN when n < 2. */
void ric_stats_ci(const double *x, size_t n, double *mean, double *lo, double *hi);

/* Difference of means a - b with its 95% CI and two-sided p: paired t over
 * a[i] - b[i] when paired (na == nb), else Welch's t. */
void ric_stats_diff(const double *a, size_t na, const double *b, size_t nb, int paired,
                    double *diff, double *lo, double *hi, double *p);

#endif
