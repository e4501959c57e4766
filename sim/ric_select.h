/* Selection without sorting: the k-th element of an order in O(n).
 *
 * Used where a run needs a few order statistics (quantiles, the top few of a
 * group) and sorting everything cost more than the rest of the work. The
 * values at the selected ranks are those a full sort would put there, so
 * results are the same as with a sort whenever only those ranks are read. */
#ifndef RIC_SELECT_H
#define RIC_SELECT_H

#include <stddef.h>

/* Rearranges base[0 .. n) (elements of `size` bytes, at most 64) so that
 * base[k] is the element a sort by cmp would put there, no element before it
 * compares greater and none after it compares less. k < n. Deterministic
 * (no random pivots). */
void ric_select(void *base, size_t n, size_t size, size_t k,
                int (*cmp)(const void *, const void *));

/* The 100 f % quantile of x[0 .. n) exactly as gsl_stats_quantile_from_sorted_data
 * gives it for the sorted data (linear interpolation between ranks), for
 * several fractions at once: fracs ascending, nq of them, results in q.
 * x is rearranged. n > 0, nq <= 32. */
void ric_quantiles(double *x, size_t n, const double *fracs, size_t nq, double *q);

#endif
