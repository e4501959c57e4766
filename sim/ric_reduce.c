#include "ric_reduce.h"

#include <stdlib.h>
#include <string.h>

double ric_reduce_sum(const double *x, size_t n)
{
    /* Block partials go through a fixed stack buffer, a chunk of blocks at a
     * time; the association is the same as one pass over all blocks. */
    enum { CHUNK = 256 };
    double part[CHUNK], total = 0.0;
    size_t nb = (n + RIC_REDUCE_BLOCK - 1) / RIC_REDUCE_BLOCK;
    for (size_t b0 = 0; b0 < nb; b0 += CHUNK) {
        size_t nc = nb - b0 < CHUNK ? nb - b0 : CHUNK;
#pragma omp parallel for schedule(static) if (nc > 1)
        for (size_t c = 0; c < nc; c++) {
            size_t beg = (b0 + c) * RIC_REDUCE_BLOCK;
            size_t end = beg + RIC_REDUCE_BLOCK < n ? beg + RIC_REDUCE_BLOCK : n;
            double s = 0.0;
            for (size_t i = beg; i < end; i++)
                s += x[i];
            part[c] = s;
        }
        for (size_t c = 0; c < nc; c++)
            total += part[c];
    }
    return total;
}

ric_status ric_reduce_grouped(const double *x, const int32_t *group, size_t n, size_t ngroups,
                              double *sums, double *counts)
{
    size_t nb = (n + RIC_REDUCE_BLOCK - 1) / RIC_REDUCE_BLOCK;
    double *part = calloc((nb ? nb : 1) * ngroups * 2, sizeof *part);
    if (!part)
        return RIC_ENOMEM;
#pragma omp parallel for schedule(static) if (nb > 1)
    for (size_t b = 0; b < nb; b++) {
        double *ps = part + b * ngroups * 2, *pc = ps + ngroups;
        size_t end = (b + 1) * RIC_REDUCE_BLOCK < n ? (b + 1) * RIC_REDUCE_BLOCK : n;
        for (size_t i = b * RIC_REDUCE_BLOCK; i < end; i++) {
            int32_t g = group[i];
            if (g < 0 || (size_t)g >= ngroups)
                continue;
            ps[g] += x[i];
            pc[g] += 1.0;
        }
    }
    memset(sums, 0, ngroups * sizeof *sums);
    memset(counts, 0, ngroups * sizeof *counts);
    for (size_t b = 0; b < nb; b++)
        for (size_t g = 0; g < ngroups; g++) {
            sums[g] += part[b * ngroups * 2 + g];
            counts[g] += part[b * ngroups * 2 + ngroups + g];
        }
    free(part);
    return RIC_OK;
}
