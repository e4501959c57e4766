/* compare's statistics and the observable registry: paired and Welch t
 * against values computed independently (OpenTURNS' Student distribution),
 * no test when nothing varies, the units shown to readers, and a registry
 * whose keys are unique and whose kinds are known. */
#include "ric_compare.h"
#include "ric_observables.h"
#include "ric_test.h"

static void near(double x, double want, double tol, const char *what)
{
    if (!(fabs(x - want) <= tol)) {
        fprintf(stderr, "%s: %.12g, expected %.12g\n", what, x, want);
        exit(1);
    }
}

int main(void)
{
    const double a[] = {1, 2, 3, 4}, b[] = {0.5, 1.7, 2.1, 3.9, 2.2};
    double d, lo, hi, p;
    /* Paired over the first four: differences 0.5 0.3 0.9 0.1. */
    ric_stats_diff(a, 4, b, 4, 1, &d, &lo, &hi, &p);
    near(d, 0.45, 1e-12, "paired diff");
    near(lo, -0.09350617675920314, 1e-9, "paired lo");
    near(hi, 0.9935061767592033, 1e-9, "paired hi");
    near(p, 0.07799432643022608, 1e-9, "paired p");
    /* Welch, 4 against 5 (df 6.38). */
    ric_stats_diff(a, 4, b, 5, 0, &d, &lo, &hi, &p);
    near(d, 0.42, 1e-12, "welch diff");
    near(lo, -1.619562214956408, 1e-8, "welch lo");
    near(hi, 2.459562214956407, 1e-8, "welch hi");
    near(p, 0.6360626458349996, 1e-8, "welch p");
    /* Nothing varies: the difference is exact and there is no test (not p = 0). */
    const double s1[] = {15, 15, 15}, s0[] = {0, 0, 0};
    ric_stats_diff(s1, 3, s0, 3, 1, &d, &lo, &hi, &p);
    near(d, 15, 0, "constant diff");
    ASSERT(lo == 15 && hi == 15 && isnan(p));
    ric_stats_diff(s1, 3, s0, 3, 0, &d, &lo, &hi, &p);
    ASSERT(d == 15 && lo == 15 && hi == 15 && isnan(p));
    /* Mean and CI: n < 2 has no interval. */
    double m;
    ric_stats_ci(a, 1, &m, &lo, &hi);
    ASSERT(m == 1 && isnan(lo) && isnan(hi));
    /* Units shown: shares in %, money in billion won, the rest as is. */
    ric_cmp_obs share = {.kind = RIC_OBS_SHARE}, money = {.kind = RIC_OBS_MONEY},
                level = {.kind = RIC_OBS_LEVEL};
    near(ric_cmp_shown(&share, 0.3025), 30.25, 1e-12, "share in %");
    near(ric_cmp_shown(&money, 1.92e10), 19.2, 1e-12, "money in billion won");
    near(ric_cmp_shown(&level, 0.14), 0.14, 0, "level");
    ASSERT(strcmp(ric_cmp_diff_unit(&share), "points") == 0);
    /* The registry: unique keys, known kinds, labels and units given, the
     * headline outcomes of the report among them. */
    ASSERT(ric_nobservables >= 10);
    for (size_t k = 0; k < ric_nobservables; k++) {
        const ric_observable *o = &ric_observables[k];
        ASSERT(o->key[0] && o->series[0] && o->label[0] && o->unit[0]);
        ASSERT(o->kind >= RIC_OBS_LEVEL && o->kind <= RIC_OBS_MONEY);
        ASSERT(ric_observable_find(o->key) == o);
        for (size_t j = 0; j < k; j++)
            ASSERT(strcmp(ric_observables[j].key, o->key) != 0);
    }
    ASSERT(ric_observable_find("capability_smes")->headline);
    ASSERT(strcmp(ric_observable_find("ties_informal")->column, "mean_degree") == 0);
    ASSERT(ric_observable_find("innovating_smes")->kind == RIC_OBS_SHARE);
    ASSERT(ric_observable_find("nope") == NULL);
    /* --observables: unknown keys refused with the list. */
    ric_compare c;
    ric_compare_init(&c);
    ric_error err;
    ric_error_clear(&err);
    ASSERT(ric_compare_select(&c, "firms,nope", &err) == RIC_EINVAL);
    ASSERT(strstr(err.msg, "'nope'") && strstr(err.msg, "capability_smes"));
    ASSERT_OK(ric_compare_select(&c, "firms, innovating_smes", &err));
    ric_compare_destroy(&c);
    return 0;
}
