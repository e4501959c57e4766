/* Fixed-block reductions give bit-identical totals at any thread count. */
#include "ric_reduce.h"
#include "ric_test.h"

#include <omp.h>

int main(void)
{
    size_t n = 3 * RIC_REDUCE_BLOCK * 100 + 17;
    double *x = malloc(n * sizeof *x);
    int32_t *g = malloc(n * sizeof *g);
    ASSERT(x && g);
    for (size_t i = 0; i < n; i++) {
        x[i] = 1.0 / (double)(i + 1) * ((i % 7) ? 1.0 : -3.0) + 1e-3 * (double)(i % 13);
        g[i] = (int32_t)(i % 5) - 1; /* group -1 is skipped */
    }
    double s1, s2, gs1[4], gc1[4], gs2[4], gc2[4];
    omp_set_num_threads(1);
    s1 = ric_reduce_sum(x, n);
    ASSERT_OK(ric_reduce_grouped(x, g, n, 4, gs1, gc1));
    omp_set_num_threads(2);
    s2 = ric_reduce_sum(x, n);
    ASSERT_OK(ric_reduce_grouped(x, g, n, 4, gs2, gc2));
    ASSERT(memcmp(&s1, &s2, sizeof s1) == 0);
    ASSERT(memcmp(gs1, gs2, sizeof gs1) == 0);
    ASSERT(memcmp(gc1, gc2, sizeof gc1) == 0);
    /* Values agree with a plain long-double sum to rounding. */
    long double ref = 0, gref[4] = {0};
    size_t cnt[4] = {0};
    for (size_t i = 0; i < n; i++) {
        ref += x[i];
        if (g[i] >= 0) {
            gref[g[i]] += x[i];
            cnt[g[i]]++;
        }
    }
    ASSERT_NEAR(s1, (double)ref, 1e-9);
    for (int k = 0; k < 4; k++) {
        ASSERT_NEAR(gs1[k], (double)gref[k], 1e-9);
        ASSERT_EQ((long long)gc1[k], (long long)cnt[k]);
    }
    free(x);
    free(g);
    return 0;
}
