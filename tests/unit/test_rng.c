/* Philox streams as a gsl_rng_type: statistical smoke test, stream identity,
 * key separation, and GSL distributions running on top. */
#include "ric_rng.h"
#include "ric_test.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>

#define N 1000000

int main(void)
{
    ric_rng_stream s;
    ric_rng_stream_init(&s);
    gsl_rng *r = &s.rng;
    ASSERT(strcmp(gsl_rng_name(r), "ric_philox4x64") == 0);

    /* Uniform doubles: mean, variance and a chi-square over 100 bins. */
    static double x[N];
    long bins[100] = {0};
    ric_rng_seek(r, 42, 0, 7, 3, RIC_RNG_TEST);
    for (int i = 0; i < N; i++) {
        x[i] = gsl_rng_uniform(r);
        ASSERT(x[i] >= 0.0 && x[i] < 1.0);
        bins[(int)(x[i] * 100)]++;
    }
    ASSERT_NEAR(gsl_stats_mean(x, 1, N), 0.5, 5 * sqrt(1.0 / 12 / N));
    ASSERT_NEAR(gsl_stats_variance(x, 1, N), 1.0 / 12, 0.001);
    double chi2 = 0.0;
    for (int b = 0; b < 100; b++)
        chi2 += (bins[b] - N / 100.0) * (bins[b] - N / 100.0) / (N / 100.0);
    ASSERT(gsl_cdf_chisq_Q(chi2, 99) > 1e-4);

    /* Lag-1 serial correlation of consecutive draws. */
    double c = 0.0;
    for (int i = 1; i < N; i++)
        c += (x[i] - 0.5) * (x[i - 1] - 0.5);
    ASSERT_NEAR(c / (N - 1) * 12, 0.0, 5.0 / sqrt(N));

    /* 32-bit integers: every bit is set about half the time. */
    long ones[32] = {0};
    for (int i = 0; i < 100000; i++) {
        unsigned long v = gsl_rng_get(r);
        ASSERT(v <= 0xffffffffUL);
        for (int b = 0; b < 32; b++)
            ones[b] += (v >> b) & 1;
    }
    for (int b = 0; b < 32; b++)
        ASSERT_NEAR(ones[b] / 100000.0, 0.5, 0.01);

    /* GSL distributions run on the stream: standard normal moments. */
    for (int i = 0; i < N; i++)
        x[i] = gsl_ran_gaussian(r, 1.0);
    ASSERT_NEAR(gsl_stats_mean(x, 1, N), 0.0, 0.01);
    ASSERT_NEAR(gsl_stats_sd(x, 1, N), 1.0, 0.01);

    /* Same name: same numbers. Any key component changed: different numbers. */
    double ref[8];
    ric_rng_seek(r, 1, 2, 3, 4, 5);
    for (int i = 0; i < 8; i++)
        ref[i] = gsl_rng_uniform(r);
    ric_rng_seek(r, 1, 2, 3, 4, 5);
    for (int i = 0; i < 8; i++)
        ASSERT(gsl_rng_uniform(r) == ref[i]);
    const uint64_t keys[5][5] = {
        {9, 2, 3, 4, 5}, {1, 9, 3, 4, 5}, {1, 2, 9, 4, 5}, {1, 2, 3, 9, 5}, {1, 2, 3, 4, 9}};
    for (int k = 0; k < 5; k++) {
        ric_rng_seek(r, keys[k][0], keys[k][1], keys[k][2], (int64_t)keys[k][3], keys[k][4]);
        int same = 0;
        for (int i = 0; i < 8; i++)
            same += gsl_rng_uniform(r) == ref[i];
        ASSERT_EQ(same, 0);
    }

    /* The one-shot draw is reproducible, differs by index, and is uniform. */
    ASSERT(ric_rng_u01(1, 2, 3, 4, 5, 0) == ric_rng_u01(1, 2, 3, 4, 5, 0));
    ASSERT(ric_rng_u01(1, 2, 3, 4, 5, 0) != ric_rng_u01(1, 2, 3, 4, 5, 1));
    double m = 0.0;
    for (int i = 0; i < 100000; i++)
        m += ric_rng_u01(1, 0, (uint64_t)i, 0, 1, 0);
    ASSERT_NEAR(m / 100000, 0.5, 0.005);

    /* A heap-allocated gsl_rng of the type works through gsl_rng_set. */
    gsl_rng *h = gsl_rng_alloc(&ric_rng_type);
    ASSERT(h != NULL);
    gsl_rng_set(h, 99);
    double a = gsl_rng_uniform(h);
    gsl_rng_set(h, 99);
    ASSERT(gsl_rng_uniform(h) == a);
    gsl_rng_free(h);

    /* Derived seeds differ across indices and are reproducible. */
    ASSERT(ric_rng_derive_seed(1, 0, 0) != ric_rng_derive_seed(1, 0, 1));
    ASSERT(ric_rng_derive_seed(1, 0, 1) != ric_rng_derive_seed(1, 1, 0));
    ASSERT(ric_rng_derive_seed(1, 5, 6) == ric_rng_derive_seed(1, 5, 6));
    return 0;
}
