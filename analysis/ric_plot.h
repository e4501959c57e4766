/* Plots with gnuplot (Debian's gnuplot-nox). Every plot NAME is kept as
 * NAME.dat (its data), NAME.gp (the gnuplot script that draws it, to restyle
 * and re-run with `gnuplot NAME.gp` in its directory), NAME.png and NAME.svg.
 * Without gnuplot the data and scripts are still written and
 * RIC_ENOENT says so. */
#ifndef RIC_PLOT_H
#define RIC_PLOT_H

#include "ric_compare.h"
#include "ric_error.h"

#include <stddef.h>

/* Names of the plots written (without extension), for a report. */
typedef struct ric_plot_list {
    char name[32][64];
    char title[32][200];
    size_t n;
    int defer; /* write data and scripts only; the caller runs them all at once */
} ric_plot_list;

/* Time series of the main observables with 95% CI bands, one line per
 * scenario (design point of each ensemble in dirs; dirs[0] first), and the
 * final-state distribution of each over replications (box and points, from
 * cmp, which must have been run on the same ensembles). */
ric_status ric_plot_ensembles(const char *const *dirs, size_t ndirs, const ric_compare *cmp,
                              const char *outdir, ric_plot_list *made, ric_error *err);

/* Pictures of the networks in the last snapshot of n run files (one
 * picture each, PREFIX_k; PREFIX alone when n == 1) with one shared layout:
 * each region a labelled disc, its agents placed by Fruchterman-Reingold
 * (igraph, fixed seed) on the ties inside it in any of the runs, so an agent
 * sits at the same place in every picture. Agents coloured by capability
 * (one colour scale for all), shaped by kind; formal ties orange and thick,
 * informal ties thin and grey. Titled by labels[k] and the snapshot's year.
 * RIC_EINVAL if a run holds no snapshot (run.snapshot_every). */
ric_status ric_plot_networks(const char *const *runs, const char *const *labels, size_t n,
                             const char *outdir, const char *prefix, ric_plot_list *made,
                             ric_error *err);

/* The same for one run, named by its file. */
ric_status ric_plot_network(const char *run, const char *outdir, const char *name,
                            ric_plot_list *made, ric_error *err);

/* Bar chart with confidence intervals: n bars (labels) for each of nseries
 * series; v, lo, hi hold [nseries][n] values (NaN bounds: no interval).
 * Sensitivity indices use it. */
ric_status ric_plot_bars(const char *outdir, const char *name, const char *title,
                         const char *ylabel, const char *const *labels, size_t n,
                         const char *const *series, size_t nseries, const double *v,
                         const double *lo, const double *hi, ric_error *err);

/* Convergence trace of a calibration: the distance of each evaluation
 * (phase 0: screening, 1: simplex, 2: ABC-SMC) and the best so far, log scale. */
ric_status ric_plot_trace(const char *outdir, const char *name, const char *title,
                          const double *dist, const int *phase, size_t n, ric_error *err);

/* Pairs plot of a sample x[n][k]: scatter of every pair of parameters,
 * histograms on the diagonal; truth (k values, may be NULL) marked. */
ric_status ric_plot_pairs(const char *outdir, const char *name, const char *title,
                          const char *const *keys, size_t k, const double *x, size_t n,
                          const double *truth, ric_error *err);

/* Runs gnuplot on NAME.gp in outdir. */
ric_status ric_plot_gnuplot(const char *outdir, const char *name, ric_error *err);

/* Runs gnuplot on every plot of the list at once (one process each), and
 * waits for all; the first failure is reported. */
ric_status ric_plot_gnuplot_all(const char *outdir, const ric_plot_list *list, ric_error *err);

#endif
