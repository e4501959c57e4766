/* Estimators of analysis/gsa.c on functions with known indices: Ishigami
 * (a=7, b=0.1), the Sobol G-function, a Morris ranking, the noise share and
 * the distributions. No agent model involved. */
#include "ric_gsa.h"
#include "gsa_functions.h"
#include "ric_test.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <string.h>

static double ishigami(const double *u)
{
    return ric_test_ishigami(u);
}

static const double g_a[6] = {0, 1, 4.5, 9, 99, 99};

static double gfun(const double *u)
{
    double p = 1;
    for (int i = 0; i < 6; i++)
        p *= (fabs(4 * u[i] - 2) + g_a[i]) / (1 + g_a[i]);
    return p;
}

/* Runs a Sobol study of f and checks the analytic indices lie inside their
 * CIs, and the CIs are narrow enough to mean something. */
static void check_sobol(size_t k, size_t n, double (*f)(const double *), const double *s1_true,
                        const double *st_true, double max_width)
{
    const size_t rows = n * (k + 2);
    double *x = malloc(rows * k * sizeof *x), *y = malloc(rows * sizeof *y);
    ric_gsa_index s1[8], st[8];
    ASSERT(x && y);
    ASSERT_OK(ric_sobol_design(k, n, x, NULL));
    for (size_t j = 0; j < rows; j++)
        y[j] = f(x + j * k);
    ASSERT_OK(ric_sobol_indices(k, n, y, 500, 0.95, 42, s1, st, NULL));
    for (size_t i = 0; i < k; i++) {
        printf("x%zu S1 %.4f [%.4f, %.4f] (%.4f)  ST %.4f [%.4f, %.4f] (%.4f)\n", i + 1,
               s1[i].value, s1[i].lo, s1[i].hi, s1_true[i], st[i].value, st[i].lo, st[i].hi,
               st_true[i]);
        ASSERT(s1[i].lo <= s1_true[i] && s1_true[i] <= s1[i].hi);
        ASSERT(st[i].lo <= st_true[i] && st_true[i] <= st[i].hi);
        ASSERT(s1[i].hi - s1[i].lo < max_width);
        ASSERT(st[i].hi - st[i].lo < max_width);
        ASSERT(s1[i].lo <= s1[i].value && s1[i].value <= s1[i].hi);
    }
    free(x);
    free(y);
}

static void test_ishigami(void)
{
    const double s1[3] = {0.3139, 0.4424, 0.0}, st[3] = {0.5576, 0.4424, 0.2437};
    check_sobol(3, 8192, ishigami, s1, st, 0.08);
}

static void test_gfunction(void)
{
    double vi[6], prod = 1, s1[6], st[6];
    for (int i = 0; i < 6; i++) {
        vi[i] = 1.0 / (3.0 * (1 + g_a[i]) * (1 + g_a[i]));
        prod *= 1 + vi[i];
    }
    const double v = prod - 1;
    for (int i = 0; i < 6; i++) {
        s1[i] = vi[i] / v;
        st[i] = vi[i] * prod / (1 + vi[i]) / v;
    }
    check_sobol(6, 16384, gfun, s1, st, 0.08);
}

/* The design: A, B and AB_i share the base rows as documented. */
static void test_sobol_layout(void)
{
    const size_t k = 4, n = 16;
    double x[16 * 6 * 4];
    ASSERT_OK(ric_sobol_design(k, n, x, NULL));
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < k; i++)
            for (size_t c = 0; c < k; c++) {
                double ab = x[((2 + i) * n + j) * k + c];
                ASSERT(ab == (c == i ? x[(n + j) * k + c] : x[j * k + c]));
            }
    ASSERT_EQ(ric_sobol_design(21, n, x, NULL), RIC_EINVAL);
}

/* y = 10 x1 + 5 x2 + x3 + 0 x4 + 12 x1 x5: mu* ranks x1 > x5 > x2 > x3 > x4,
 * sigma is 0 for the additive inputs and not for the interacting ones. */
static double morris_fn(const double *u)
{
    return 10 * u[0] + 5 * u[1] + u[2] + 0 * u[3] + 12 * u[0] * u[4];
}

static void test_morris(void)
{
    const size_t k = 5, r = 20;
    double x[20 * 6 * 5], y[20 * 6];
    ric_morris_effect e[5];
    ASSERT_OK(ric_morris_design(k, r, 4, 100, 7, x, NULL));
    for (size_t j = 0; j < r * (k + 1); j++) {
        y[j] = morris_fn(x + j * k);
        for (size_t i = 0; i < k; i++)
            ASSERT(x[j * k + i] >= 0 && x[j * k + i] <= 1 + 1e-12);
    }
    /* Each step moves one input by +-delta (2/3 for 4 levels), each input
     * once per trajectory, every point on the grid. */
    for (size_t t = 0; t < r; t++) {
        int moved[5] = {0};
        for (size_t j = 0; j < k; j++) {
            const double *a = x + (t * (k + 1) + j) * k, *b = a + k;
            size_t n = 0, which = 0;
            for (size_t i = 0; i < k; i++)
                if (a[i] != b[i]) {
                    n++;
                    which = i;
                }
            ASSERT_EQ(n, 1);
            ASSERT_NEAR(fabs(b[which] - a[which]), 2.0 / 3.0, 1e-12);
            moved[which]++;
        }
        for (size_t i = 0; i < k; i++) {
            ASSERT_EQ(moved[i], 1);
            for (size_t j = 0; j <= k; j++) {
                double v = x[(t * (k + 1) + j) * k + i] * 3.0;
                ASSERT_NEAR(v, round(v), 1e-9);
            }
        }
    }
    ASSERT_OK(ric_morris_effects(k, r, x, y, 200, 0.95, 3, e, NULL));
    for (size_t i = 0; i < k; i++)
        printf("x%zu mu %.3f mu* %.3f [%.3f, %.3f] sigma %.3f\n", i + 1, e[i].mu, e[i].mu_star,
               e[i].mu_star_lo, e[i].mu_star_hi, e[i].sigma);
    ASSERT(e[0].mu_star > e[4].mu_star);
    ASSERT(e[4].mu_star > e[1].mu_star);
    ASSERT(e[1].mu_star > e[2].mu_star);
    ASSERT(e[2].mu_star > e[3].mu_star);
    ASSERT_NEAR(e[1].mu_star, 5.0, 1e-9); /* linear: every effect is the slope */
    ASSERT_NEAR(e[2].mu, 1.0, 1e-9);
    ASSERT_NEAR(e[3].mu_star, 0.0, 1e-12);
    ASSERT_NEAR(e[1].sigma, 0.0, 1e-9);
    ASSERT(e[0].sigma > 0.5 && e[4].sigma > 0.5);
    /* A design whose step moves two inputs is refused. */
    x[k + 1] = x[1] + 0.5;
    x[k] = x[0] + 0.5;
    ASSERT_EQ(ric_morris_effects(k, r, x, y, 0, 0.95, 3, e, NULL), RIC_EINVAL);
}

/* Spread: the chosen trajectories are farther apart than the first r drawn. */
static void test_morris_spread(void)
{
    const size_t k = 4, r = 6;
    double chosen[6 * 5 * 4], first[6 * 5 * 4];
    ASSERT_OK(ric_morris_design(k, r, 4, 60, 11, chosen, NULL));
    ASSERT_OK(ric_morris_design(k, r, 4, r, 11, first, NULL));
    double dc = 0, df = 0;
    for (size_t a = 0; a < r; a++)
        for (size_t b = 0; b < r; b++)
            for (size_t p = 0; p <= k; p++)
                for (size_t q = 0; q <= k; q++) {
                    double sc = 0, sf = 0;
                    for (size_t i = 0; i < k; i++) {
                        double d1 =
                            chosen[(a * (k + 1) + p) * k + i] - chosen[(b * (k + 1) + q) * k + i];
                        double d2 =
                            first[(a * (k + 1) + p) * k + i] - first[(b * (k + 1) + q) * k + i];
                        sc += d1 * d1;
                        sf += d2 * d2;
                    }
                    dc += sqrt(sc);
                    df += sqrt(sf);
                }
    printf("spread chosen %.2f, first drawn %.2f\n", dc, df);
    ASSERT(dc > df);
}

static void test_noise(void)
{
    /* Two points, two replications: means 1 and 3, within variance 0.5. */
    const double y[4] = {0.5, 1.5, 2.5, 3.5};
    double m[2], share;
    ASSERT_OK(ric_gsa_noise(y, 2, 2, m, &share, NULL));
    ASSERT_NEAR(m[0], 1.0, 1e-12);
    ASSERT_NEAR(m[1], 3.0, 1e-12);
    /* total sample variance of {0.5,1.5,2.5,3.5} = 5/3 */
    ASSERT_NEAR(share, 0.5 / (5.0 / 3.0), 1e-12);
    ASSERT_OK(ric_gsa_noise(y, 4, 1, NULL, &share, NULL));
    ASSERT(isnan(share));
}

static void test_dist(void)
{
    ric_dist d[4] = {{RIC_DIST_UNIFORM, 1, 3, 0, 0, 0},
                     {RIC_DIST_LOGUNIFORM, 0.01, 1, 0, 0, 0},
                     {RIC_DIST_TRUNCNORMAL, 0, 1, 0.3, 0.2, 0},
                     {RIC_DIST_TRIANGULAR, 0, 4, 0, 0, 1}};
    for (int i = 0; i < 4; i++) {
        ASSERT_OK(ric_dist_check(&d[i], NULL));
        ASSERT_NEAR(ric_dist_quantile(&d[i], 0), d[i].lo, 1e-12);
        ASSERT_NEAR(ric_dist_quantile(&d[i], 1), d[i].hi, 1e-9);
        for (double u = 0.05; u < 1; u += 0.1)
            ASSERT_NEAR(ric_dist_cdf(&d[i], ric_dist_quantile(&d[i], u)), u, 1e-9);
    }
    ASSERT_NEAR(ric_dist_quantile(&d[0], 0.25), 1.5, 1e-12);
    ASSERT_NEAR(ric_dist_quantile(&d[1], 0.5), 0.1, 1e-12);
    ASSERT_NEAR(ric_dist_quantile(&d[3], 0.25), 1.0, 1e-12); /* the mode holds 1/4 */
    /* Sample mean of the truncated normal against GSL's own sampler. */
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double s = 0, t = 0;
    size_t nt = 0;
    for (int j = 0; j < 200000; j++) {
        s += ric_dist_quantile(&d[2], gsl_rng_uniform(g));
        double z = 0.3 + 0.2 * gsl_ran_gaussian_ziggurat(g, 1.0);
        if (z >= 0 && z <= 1) {
            t += z;
            nt++;
        }
    }
    gsl_rng_free(g);
    ASSERT_NEAR(s / 200000, t / (double)nt, 0.004);
    ric_dist bad = {RIC_DIST_UNIFORM, 2, 2, 0, 0, 0};
    ASSERT_EQ(ric_dist_check(&bad, NULL), RIC_ECONFIG);
    bad = (ric_dist){RIC_DIST_LOGUNIFORM, 0, 2, 0, 0, 0};
    ASSERT_EQ(ric_dist_check(&bad, NULL), RIC_ECONFIG);
    bad = (ric_dist){RIC_DIST_TRIANGULAR, 0, 2, 0, 0, 3};
    ASSERT_EQ(ric_dist_check(&bad, NULL), RIC_ECONFIG);
}

static void test_lhs(void)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double u[10 * 3];
    ASSERT_OK(ric_gsa_lhs(3, 10, g, u, NULL));
    for (size_t f = 0; f < 3; f++) {
        int seen[10] = {0};
        for (size_t p = 0; p < 10; p++)
            seen[(int)(u[p * 3 + f] * 10)]++;
        for (int s = 0; s < 10; s++)
            ASSERT_EQ(seen[s], 1); /* one point per stratum */
    }
    gsl_rng_free(g);
}

/* ABC on a toy model: distance ((u - 0.3) / 0.05)^2 + noise-free. Rejection
 * from 200 prior draws keeps the best 20%; three SMC generations of 200
 * proposals each (threshold: the median distance of the generation) leave a
 * weighted sample whose mean is near 0.3 and whose sd is below the
 * rejection sample's. */
static double toy_dist(double u)
{
    return (u - 0.3) * (u - 0.3) / 0.0025;
}

static void test_abc_smc(void)
{
    enum { N = 200 };
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double u[N], d[N], keep[N], w[N], prop[N], pd[N], sd[1], wn[N];
    size_t idx[N], np = 0;
    for (size_t i = 0; i < N; i++) {
        u[i] = gsl_rng_uniform(g);
        d[i] = toy_dist(u[i]);
    }
    gsl_sort_index(idx, d, 1, N);
    for (; np < N / 5; np++)
        keep[np] = u[idx[np]];
    for (size_t j = 0; j < np; j++)
        w[j] = 1.0 / (double)np;
    double m0 = gsl_stats_mean(keep, 1, np), sd0 = gsl_stats_sd(keep, 1, np);
    double eps = d[idx[np - 1]];
    for (int gen = 0; gen < 3; gen++) {
        ASSERT_OK(ric_abc_propose(1, np, keep, w, N, g, prop, sd, NULL));
        for (size_t p = 0; p < N; p++) {
            ASSERT(prop[p] >= 0 && prop[p] <= 1);
            pd[p] = toy_dist(prop[p]);
        }
        double sorted[N];
        memcpy(sorted, pd, sizeof sorted);
        gsl_sort(sorted, 1, N);
        double e = gsl_stats_median_from_sorted_data(sorted, 1, N);
        eps = e < eps ? e : eps;
        size_t na = 0;
        double acc[N];
        for (size_t p = 0; p < N; p++)
            if (pd[p] <= eps)
                acc[na++] = prop[p];
        ASSERT(na >= 2);
        ASSERT_OK(ric_abc_weights(1, np, keep, w, sd, na, acc, wn, NULL));
        double tw = 0;
        for (size_t p = 0; p < na; p++)
            tw += wn[p];
        ASSERT_NEAR(tw, 1.0, 1e-12);
        memcpy(keep, acc, na * sizeof *acc);
        memcpy(w, wn, na * sizeof *wn);
        np = na;
    }
    double m = 0, v = 0;
    for (size_t j = 0; j < np; j++)
        m += w[j] * keep[j];
    for (size_t j = 0; j < np; j++)
        v += w[j] * (keep[j] - m) * (keep[j] - m);
    printf("abc: rejection mean %.4f sd %.4f; smc mean %.4f sd %.4f (eps %.3g)\n", m0, sd0, m,
           sqrt(v), eps);
    ASSERT_NEAR(m, 0.3, 0.01);
    ASSERT(sqrt(v) < 0.5 * sd0);
    /* Weights are 1 / proposal density: a proposal far from the particles
     * (less likely to be drawn) weighs more. */
    double one[1] = {0.5}, w1[1] = {1.0}, s1[1] = {0.1}, two[2] = {0.5, 0.7}, w2[2];
    ASSERT_OK(ric_abc_weights(1, 1, one, w1, s1, 2, two, w2, NULL));
    ASSERT_NEAR(w2[1] / w2[0], exp(0.5 * 4.0), 1e-9); /* 1/pdf: exp(z^2/2), z = 2 */
    gsl_rng_free(g);
}

int main(void)
{
    gsl_set_error_handler_off();
    test_dist();
    test_lhs();
    test_noise();
    test_sobol_layout();
    test_morris();
    test_morris_spread();
    test_ishigami();
    test_gfunction();
    test_abc_smc();
    printf("ok\n");
    return 0;
}
