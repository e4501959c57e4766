/* Selection without sorting: the k-th element of an order in O(n).
 *
 * Used where a run needs a few order statistics (quantiles) and sorting everything cost more than
 * the rest of the work. The values at the selected ranks are those a full sort would put there, so
 * results are the same as with a sort whenever only those ranks are read. */
#ifndef RIC_SELECT_H
#define RIC_SELECT_H

#include <stddef.h>

/* Rearranges x[0 .. n) so that x[k] is the value a sort would put there,
 * none before it is greater and none after it smaller. k < n. Deterministic
 * (median-of-three pivots, no random ones). */
void ric_select_f64(double *x, size_t n, size_t k);

/* The 100 f % quantile of x[0 .. n) exactly as gsl_stats_quantile_from_sorted_data
 * gives it for the sorted data (linear interpolation between ranks), for
 * several fractions at once: fracs ascending, nq of them, results in q.
 * x is rearranged. n > 0, nq <= 32. */
void ric_quantiles(double *x, size_t n, const double *fracs, size_t nq, double *q);

#endif
