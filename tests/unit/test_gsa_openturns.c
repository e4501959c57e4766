/* Sobol indices of ricsim (analysis/gsa.c) against OpenTURNS on the same
 * design and outputs: the Ishigami function on GSL's Sobol sequence, the
 * indices of both within 0.002 (they differ only by normalisation: N-1
 * against N, the variance of A against that of A and B). Skipped (77) when
 * no python3 on PATH or in /usr/bin can import openturns (Debian: apt-get
 * install python3-openturns). */
#include "ric_gsa.h"
#include "gsa_functions.h"
#include "ric_test.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <stdlib.h>
#include <unistd.h>

static double ishigami(const double *u)
{
    return ric_test_ishigami(u);
}

int main(void)
{
    gsl_set_error_handler_off();
    const char *py = NULL;
    static const char *const cands[] = {"python3", "/usr/bin/python3"};
    for (int i = 0; i < 2 && !py; i++) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "%s -c 'import openturns' >/dev/null 2>&1", cands[i]);
        if (system(cmd) == 0)
            py = cands[i];
    }
    if (!py) {
        printf("skip: no python3 with openturns\n");
        return 77;
    }
    const char *src = getenv("RICSIM_SOURCE_DIR");
    ASSERT(src);
    const size_t k = 3, n = 4096, rows = n * (k + 2);
    double *x = malloc(rows * k * sizeof *x), *y = malloc(rows * sizeof *y);
    ric_gsa_index s1[3], st[3];
    ASSERT(x && y);
    ASSERT_OK(ric_sobol_design(k, n, x, NULL));
    for (size_t j = 0; j < rows; j++)
        y[j] = ishigami(x + j * k);
    ASSERT_OK(ric_sobol_indices(k, n, y, 0, 0.95, 1, s1, st, NULL));
    char tsv[] = "/tmp/ricsim-gsa-ot-XXXXXX";
    int fd = mkstemp(tsv);
    ASSERT(fd >= 0);
    FILE *f = fdopen(fd, "w");
    ASSERT(f);
    fprintf(f, "%zu %zu\n", k, n);
    for (size_t j = 0; j < rows; j++) {
        /* OpenTURNS sees the inputs on their own scale, as a user would. */
        for (size_t i = 0; i < k; i++)
            fprintf(f, "%.17g ", -M_PI + 2 * M_PI * x[j * k + i]);
        fprintf(f, "%.17g\n", y[j]);
    }
    for (size_t i = 0; i < k; i++)
        fprintf(f, "%.17g %.17g\n", s1[i].value, st[i].value);
    ASSERT_OK(fclose(f));
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s %s/tests/gsa_openturns.py %s", py, src, tsv);
    FILE *p = popen(cmd, "r");
    ASSERT(p);
    int lines = 0;
    size_t i;
    double a1, o1, at, otot;
    while (fscanf(p, "%zu %lf %lf %lf %lf", &i, &a1, &o1, &at, &otot) == 5) {
        printf("x%zu S1 ricsim %.4f openturns %.4f   ST ricsim %.4f openturns %.4f\n", i + 1, a1,
               o1, at, otot);
        ASSERT_NEAR(a1, o1, 0.002);
        ASSERT_NEAR(at, otot, 0.002);
        lines++;
    }
    int rc = pclose(p);
    remove(tsv);
    ASSERT_EQ(rc, 0);
    ASSERT_EQ(lines, 3);
    free(x);
    free(y);
    printf("ok\n");
    return 0;
}
