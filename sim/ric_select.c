#include "ric_select.h"

#include <gsl/gsl_statistics_double.h>
#include <stdint.h>
#include <string.h>

static void ric_i_swap(unsigned char *a, unsigned char *b, size_t size)
{
    unsigned char t[64];
    memcpy(t, a, size);
    memcpy(a, b, size);
    memcpy(b, t, size);
}

void ric_select(void *base, size_t n, size_t size, size_t k, int (*cmp)(const void *, const void *))
{
    unsigned char *x = base, piv[64];
#define RIC_I_AT(i) (x + (size_t)(i)*size)
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    while (hi > lo) {
        if (hi - lo < 8) { /* insertion sort of the short rest */
            for (ptrdiff_t i = lo + 1; i <= hi; i++)
                for (ptrdiff_t j = i; j > lo && cmp(RIC_I_AT(j - 1), RIC_I_AT(j)) > 0; j--)
                    ric_i_swap(RIC_I_AT(j - 1), RIC_I_AT(j), size);
            return;
        }
        /* Median of three: x[lo] <= pivot <= x[hi] bounds both scans. */
        ptrdiff_t mid = lo + (hi - lo) / 2;
        if (cmp(RIC_I_AT(mid), RIC_I_AT(lo)) < 0)
            ric_i_swap(RIC_I_AT(mid), RIC_I_AT(lo), size);
        if (cmp(RIC_I_AT(hi), RIC_I_AT(lo)) < 0)
            ric_i_swap(RIC_I_AT(hi), RIC_I_AT(lo), size);
        if (cmp(RIC_I_AT(hi), RIC_I_AT(mid)) < 0)
            ric_i_swap(RIC_I_AT(hi), RIC_I_AT(mid), size);
        memcpy(piv, RIC_I_AT(mid), size);
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {
            while (cmp(RIC_I_AT(i), piv) < 0)
                i++;
            while (cmp(RIC_I_AT(j), piv) > 0)
                j--;
            if (i <= j) {
                ric_i_swap(RIC_I_AT(i), RIC_I_AT(j), size);
                i++;
                j--;
            }
        }
        /* Now x[lo .. j] <= pivot <= x[i .. hi], and x(j .. i) == pivot. */
        if (kk <= j)
            hi = j;
        else if (kk >= i)
            lo = i;
        else
            return;
    }
#undef RIC_I_AT
}

static int ric_i_cmp_f64(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void ric_quantiles(double *x, size_t n, const double *fracs, size_t nq, double *q)
{
    /* GSL reads ranks floor(f (n - 1)) and the one above: put each needed
     * rank in place, in ascending order, each selection in what is left to
     * its right (which holds exactly the higher ranks). */
    size_t lo = 0;
    for (size_t c = 0; c < nq; c++) {
        const size_t lhs = (size_t)(fracs[c] * (double)(n - 1));
        for (size_t r = lhs; r <= lhs + 1 && r < n; r++)
            if (r >= lo) {
                ric_select(x + lo, n - lo, sizeof *x, r - lo, ric_i_cmp_f64);
                lo = r + 1;
            }
        q[c] = gsl_stats_quantile_from_sorted_data(x, 1, n, fracs[c]);
    }
}
