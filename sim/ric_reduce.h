/* Reductions whose result does not depend on the thread count.
 *
 * Values are summed in fixed blocks of RIC_REDUCE_BLOCK consecutive slots,
 * each block in slot order, then the block partials in block order. Threads
 * only decide which blocks they compute, never how sums are associated, so
 * totals are bit-identical at any thread count. */
#ifndef RIC_REDUCE_H
#define RIC_REDUCE_H

#include "ric_error.h"

#include <stddef.h>
#include <stdint.h>

#define RIC_REDUCE_BLOCK 4096

/* Sum of x[0..n). */
double ric_reduce_sum(const double *x, size_t n);

/* Per-group sums and counts: for each slot i with 0 <= group[i] < ngroups,
 * adds x[i] to sums[group[i]] and 1 to counts[group[i]]; other slots are
 * skipped (pass group -1 to leave a slot out). sums and counts hold ngroups. */
ric_status ric_reduce_grouped(const double *x, const int32_t *group, size_t n, size_t ngroups,
                              double *sums, double *counts);

#endif
