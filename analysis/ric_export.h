/* Tidy export: run files and ensembles as one long CSV table for pandas,
 * R or a spreadsheet -- one row per run, step and observable column:
 *
 *   ensemble,scenario,point,<factor>...,replication,seed,step,observable,value
 *
 * `ensemble` is the ensemble's directory name (a run file's name for a
 * lone run), `scenario` the scenario file's name without .yaml, `point`
 * the design point, then one column per design factor over all inputs (its
 * value at the point; empty where an input lacks it), `observable` is
 * SERIES (a 1-D series) or SERIES.COLUMN, `value` printed with 17
 * significant digits (NaN as NaN). Only complete runs are exported. */
#ifndef RIC_EXPORT_H
#define RIC_EXPORT_H

#include "ric_error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct ric_export_opts {
    const char *const *inputs; /* ensemble directories, their ensemble.h5, or run files */
    size_t ninputs;
    const int64_t *steps; /* only these steps (nsteps 0: every recorded step) */
    size_t nsteps;
    int64_t every;                  /* only steps that are multiples of this (0: all) */
    int last;                       /* only the last recorded row of each series */
    const char *const *observables; /* only these: SERIES or SERIES.COLUMN (nobs 0: all) */
    size_t nobs;
} ric_export_opts;

/* Counts of what was written. */
typedef struct ric_export_counts {
    size_t runs;    /* complete runs exported */
    size_t skipped; /* runs not complete (left out) */
    size_t rows;    /* data rows written */
} ric_export_counts;

/* Writes the header and the rows to out. Inputs are all read before the
 * first row, so a missing or foreign input (RIC_ENOENT, RIC_EFORMAT) or an
 * observable no run has (RIC_EINVAL) writes nothing; RIC_EIO when out
 * fails. */
ric_status ric_export_csv(const ric_export_opts *o, FILE *out, ric_export_counts *counts,
                          ric_error *err);

#endif
