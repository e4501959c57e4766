/* Test functions with known sensitivity indices, for the estimator tests. */
#ifndef RIC_GSA_FUNCTIONS_H
#define RIC_GSA_FUNCTIONS_H

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Ishigami (a = 7, b = 0.1) on [-pi, pi]^3, from the unit cube. */
static inline double ric_test_ishigami(const double *u)
{
    double x1 = -M_PI + 2 * M_PI * u[0], x2 = -M_PI + 2 * M_PI * u[1], x3 = -M_PI + 2 * M_PI * u[2];
    return sin(x1) + 7.0 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

#endif
