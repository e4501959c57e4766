#include "ric_select.h"

#include <gsl/gsl_statistics_double.h>

void ric_select_f64(double *x, size_t n, size_t k)
{
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    while (hi > lo) {
        if (hi - lo < 8) {
            for (ptrdiff_t i = lo + 1; i <= hi; i++) {
                const double v = x[i];
                ptrdiff_t j = i;
                for (; j > lo && x[j - 1] > v; j--)
                    x[j] = x[j - 1];
                x[j] = v;
            }
            return;
        }
        ptrdiff_t mid = lo + (hi - lo) / 2;
        double t;
#define RIC_I_ORDER(p, q)                                                                          \
    if (x[q] < x[p])                                                                               \
        t = x[p], x[p] = x[q], x[q] = t;
        RIC_I_ORDER(lo, mid)
        RIC_I_ORDER(lo, hi)
        RIC_I_ORDER(mid, hi)
#undef RIC_I_ORDER
        const double piv = x[mid];
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {
            while (x[i] < piv)
                i++;
            while (x[j] > piv)
                j--;
            if (i <= j) {
                t = x[i], x[i] = x[j], x[j] = t;
                i++;
                j--;
            }
        }
        if (kk <= j)
            hi = j;
        else if (kk >= i)
            lo = i;
        else
            return;
    }
}

/* Puts ranks[0 .. nr) (ascending, distinct, all in [lo, hi)) of x[lo .. hi)
 * in place, given that x[lo .. hi) holds exactly those ranks of the whole:
 * the middle rank first, then each side in its own part. A rank at an end
 * of its part is a minimum or maximum: one scan. */
static void ric_i_place(double *x, size_t lo, size_t hi, const size_t *ranks, size_t nr)
{
    if (nr == 0)
        return;
    const size_t mid = nr / 2, k = ranks[mid];
    if (k == lo || k == hi - 1) {
        size_t best = lo;
        for (size_t i = lo + 1; i < hi; i++)
            if (k == lo ? x[i] < x[best] : x[i] > x[best])
                best = i;
        const double t = x[k];
        x[k] = x[best];
        x[best] = t;
    } else {
        ric_select_f64(x + lo, hi - lo, k - lo);
    }
    ric_i_place(x, lo, k, ranks, mid);
    ric_i_place(x, k + 1, hi, ranks + mid + 1, nr - mid - 1);
}

void ric_quantiles(double *x, size_t n, const double *fracs, size_t nq, double *q)
{
    /* GSL reads ranks floor(f (n - 1)) and the one above: put those ranks in
     * place, then let GSL read them. */
    size_t ranks[64] = {0}, nr = 0;
    for (size_t c = 0; c < nq && nr + 2 <= 64; c++) {
        const size_t lhs = (size_t)(fracs[c] * (double)(n - 1));
        for (size_t r = lhs; r <= lhs + 1 && r < n; r++)
            if (nr == 0 || ranks[nr - 1] < r)
                ranks[nr++] = r;
    }
    ric_i_place(x, 0, n, ranks, nr);
    for (size_t c = 0; c < nq; c++)
        q[c] = gsl_stats_quantile_from_sorted_data(x, 1, n, fracs[c]);
}
