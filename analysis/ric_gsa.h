/* Global sensitivity analysis and calibration estimators, independent of the
 * agent model: they see a unit-cube design and the outputs evaluated on it.
 *
 * - Distributions of uncertain inputs (uniform, log-uniform, truncated
 *   normal, triangular) map the unit cube onto parameter values by their
 *   quantile function, so every design lives in [0,1]^k.
 * - Morris elementary effects (Morris 1991) on r trajectories chosen among
 *   candidates for spread (Campolongo, Cariboni, Saltelli 2007; the choice
 *   is greedy, as in Ruano et al. 2012, instead of the brute-force search).
 * - Sobol indices from base matrices A and B (the two halves of GSL's
 *   quasi-random Sobol sequence in dimension 2k): first order by Saltelli et
 *   al. 2010, total by Jansen 1999, percentile bootstrap CIs.
 * - Noise share of replicated outputs: within-point variance / total.
 * - Latin hypercube in the unit cube (also behind ric_design's --range).
 * All random draws come from GSL generators seeded by the caller. */
#ifndef RIC_GSA_H
#define RIC_GSA_H

#include "ric_error.h"

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ric_dist_kind {
    RIC_DIST_UNIFORM,
    RIC_DIST_LOGUNIFORM,
    RIC_DIST_TRUNCNORMAL,
    RIC_DIST_TRIANGULAR,
    RIC_DIST_COUNT
} ric_dist_kind;

/* Names as written in scenario files: "uniform", "loguniform", ... */
extern const char *const ric_dist_names[RIC_DIST_COUNT + 1];

/* An input distribution, always bounded to [lo, hi]: mean and sd are those
 * of the normal before truncation, mode that of the triangle. */
typedef struct ric_dist {
    ric_dist_kind kind;
    double lo, hi;
    double mean, sd;
    double mode;
} ric_dist;

/* Checks a distribution (lo < hi, positive bounds for log-uniform, sd > 0,
 * lo <= mode <= hi); the message names what is wrong. */
ric_status ric_dist_check(const ric_dist *d, ric_error *err);
/* The value at probability u in [0,1], and its inverse (the probability of x). */
double ric_dist_quantile(const ric_dist *d, double u);
double ric_dist_cdf(const ric_dist *d, double x);

/* Latin hypercube of n points in [0,1]^k into u[n][k]: per column, one
 * stratum per point in an order shuffled with r, a uniform draw inside. */
ric_status ric_gsa_lhs(size_t k, size_t n, gsl_rng *r, double *u, ric_error *err);

/* Morris design: r trajectories of k+1 points each on a grid of `levels`
 * (even, >= 4) levels in [0,1]^k, chosen among `candidates` (>= r) random
 * trajectories for the largest spread. x gets r*(k+1) rows of k values. */
ric_status ric_morris_design(size_t k, size_t r, size_t levels, size_t candidates, uint64_t seed,
                             double *x, ric_error *err);

/* Statistics of one input over the elementary effects of r trajectories;
 * mu_star_lo/hi bound mu* by a percentile bootstrap over trajectories. */
typedef struct ric_morris_effect {
    double mu, mu_star, sigma;
    double mu_star_lo, mu_star_hi;
} ric_morris_effect;

/* Elementary effects of the design x (as ric_morris_design wrote it) and
 * outputs y (one per row): the input a step changes is found from x, the
 * effect is the output change over the (signed) step. */
ric_status ric_morris_effects(size_t k, size_t r, const double *x, const double *y, size_t nboot,
                              double level, uint64_t seed, ric_morris_effect *out, ric_error *err);

/* Sobol design with n base rows: x gets n*(k+2) rows of k values, in blocks
 * of n rows: A, B, then AB_1 .. AB_k (A with column i taken from B). k is at
 * most 20 (GSL's Sobol sequence has 40 dimensions). */
ric_status ric_sobol_design(size_t k, size_t n, double *x, ric_error *err);

/* An index with its bootstrap confidence interval. */
typedef struct ric_gsa_index {
    double value, lo, hi;
} ric_gsa_index;

/* First-order (s1) and total (st) indices of each input from the outputs y
 * of a ric_sobol_design (same row order), with percentile bootstrap CIs at
 * `level` (e.g. 0.95) from nboot resamples of the n base rows. */
ric_status ric_sobol_indices(size_t k, size_t n, const double *y, size_t nboot, double level,
                             uint64_t seed, ric_gsa_index *s1, ric_gsa_index *st, ric_error *err);

/* Replicated outputs y[npoints][reps]: *means gets the mean per point (may
 * be NULL), *share the mean within-point variance over the total variance of
 * all values (0 if the total is 0; NaN with one replication). */
ric_status ric_gsa_noise(const double *y, size_t npoints, size_t reps, double *means, double *share,
                         ric_error *err);

/* ABC-SMC in the unit cube (Beaumont, Cornuet, Marin, Robert 2009): the
 * prior is uniform there (the inputs' quantile maps carry it). From the
 * weighted particles u[np][k] (weights w, summing to 1), draws n proposals
 * into out[n][k]: a particle picked by weight, moved by a Gaussian kernel of
 * per-input variance twice the particles' weighted variance (sd[k] gets the
 * kernel's sd), drawn again while outside the cube. */
ric_status ric_abc_propose(size_t k, size_t np, const double *u, const double *w, size_t n,
                           gsl_rng *r, double *out, double *sd, ric_error *err);
/* Importance weights of accepted proposals un[n][k], normalised:
 * 1 / sum_j w_j K(un_i | u_j) with the kernel of ric_abc_propose. */
ric_status ric_abc_weights(size_t k, size_t np, const double *u, const double *w, const double *sd,
                           size_t n, const double *un, double *wn, ric_error *err);

#endif
