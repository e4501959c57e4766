/* Selection: ric_select_f64 puts the value a sort would put at rank k there,
 * smaller ones before it and larger ones after; ric_quantiles gives exactly
 * GSL's quantiles of the sorted data (bit for bit), for every size from 1,
 * with ties and with quantiles that share ranks. */
#include "ric_select.h"
#include "ric_test.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    enum { NMAX = 300 };
    double x[NMAX], sorted[NMAX], work[NMAX];
    unsigned seed = 12345;
    for (size_t n = 1; n < NMAX; n += (n < 40 ? 1 : 37)) {
        for (int rep = 0; rep < 20; rep++) {
            for (size_t i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                /* Few distinct values on even reps: many ties. */
                x[i] = rep % 2 ? (double)(seed >> 8) / 16777216.0 : (double)((seed >> 16) % 5);
            }
            memcpy(sorted, x, n * sizeof *x);
            gsl_sort(sorted, 1, n);
            for (size_t k = 0; k < n; k += 1 + n / 7) {
                memcpy(work, x, n * sizeof *x);
                ric_select_f64(work, n, k);
                ASSERT(work[k] == sorted[k]);
                for (size_t i = 0; i < n; i++)
                    ASSERT(i < k ? work[i] <= work[k] : i > k ? work[i] >= work[k] : 1);
            }
            static const double fr[5] = {0.0, 0.1, 0.5, 0.9, 1.0};
            double q[5];
            memcpy(work, x, n * sizeof *x);
            ric_quantiles(work, n, fr, 5, q);
            for (int c = 0; c < 5; c++) {
                const double want = gsl_stats_quantile_from_sorted_data(sorted, 1, n, fr[c]);
                ASSERT(memcmp(&q[c], &want, sizeof want) == 0);
            }
        }
    }
    return 0;
}
