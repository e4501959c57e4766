/* Cost of the sensitivity estimators alone (no model): Sobol indices with
 * bootstrap CIs and Morris effects for k inputs, per output.
 * Usage: bench_gsa K N_BASE BOOTSTRAP TRAJECTORIES; prints "name seconds". */
#include "ric_gsa.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A test function with main effects, an interaction and a dead input. */
static double f(const double *u, size_t k)
{
    double y = 0;
    for (size_t i = 0; i + 1 < k; i++)
        y += (double)(i + 1) * u[i] * u[i];
    return y + 3 * u[0] * u[1 % k];
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: bench_gsa K N_BASE BOOTSTRAP TRAJECTORIES\n");
        return 2;
    }
    size_t k = (size_t)atol(argv[1]), n = (size_t)atol(argv[2]), nb = (size_t)atol(argv[3]),
           r = (size_t)atol(argv[4]);
    size_t rows = n * (k + 2), mrows = r * (k + 1);
    double *x = malloc(rows * k * sizeof *x), *y = malloc(rows * sizeof *y);
    double *mx = malloc(mrows * k * sizeof *mx), *my = malloc(mrows * sizeof *my);
    ric_gsa_index *s1 = malloc(k * sizeof *s1), *st = malloc(k * sizeof *st);
    ric_morris_effect *me = malloc(k * sizeof *me);
    if (!x || !y || !mx || !my || !s1 || !st || !me)
        return 1;
    double t0 = now_s();
    if (ric_sobol_design(k, n, x, NULL) != RIC_OK)
        return 1;
    double t1 = now_s();
    for (size_t j = 0; j < rows; j++)
        y[j] = f(x + j * k, k);
    double t2 = now_s();
    if (ric_sobol_indices(k, n, y, nb, 0.95, 1, s1, st, NULL) != RIC_OK)
        return 1;
    double t3 = now_s();
    if (ric_morris_design(k, r, 4, 10 * r, 1, mx, NULL) != RIC_OK)
        return 1;
    double t4 = now_s();
    for (size_t j = 0; j < mrows; j++)
        my[j] = f(mx + j * k, k);
    if (ric_morris_effects(k, r, mx, my, nb, 0.95, 1, me, NULL) != RIC_OK)
        return 1;
    double t5 = now_s();
    printf("sobol_design_rows %zu\nsobol_design_s %.6f\nsobol_indices_bootstrap_s %.6f\n"
           "morris_design_candidates %zu\nmorris_design_s %.6f\nmorris_effects_bootstrap_s %.6f\n",
           rows, t1 - t0, t3 - t2, 10 * r, t4 - t3, t5 - t4);
    free(x), free(y), free(mx), free(my), free(s1), free(st), free(me);
    return 0;
}
