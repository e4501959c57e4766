/* Statistics of run series (mean over a window, value at a step, per-year
 * rate) on a file written here, targets files (the project's own and bad
 * ones, refused with their line), the distance, the uncertain: reader. */
#include "ric_h5.h"
#include "ric_params.h"
#include "ric_targets.h"
#include "ric_test.h"
#include "ric_uncertain.h"

#include <gsl/gsl_errno.h>
#include <unistd.h>

static char dir[] = "/tmp/ricsim-targets-XXXXXX";

static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ASSERT(f);
    fputs(text, f);
    ASSERT_OK(fclose(f));
    return path;
}

/* A run file with "x" (columns a, b: a = step, b = 2 step) every 6 steps
 * from 0 to 60 (b NaN at step 30), and a one-column "y" = 1. */
static void make_run(const char *path)
{
    ric_h5 h;
    ric_h5_init(&h);
    ric_h5_meta meta = {"s.yaml", "", "", "", 1, 0, 60, 1};
    ASSERT_OK(ric_h5_create(&h, path, 1, &meta, NULL));
    static const char *const cols[] = {"a", "b"};
    size_t ix, iy;
    ASSERT_OK(ric_h5_series_add(&h, "x", 2, cols, "", &ix, NULL));
    ASSERT_OK(ric_h5_series_add(&h, "y", 0, NULL, "", &iy, NULL));
    for (int64_t s = 0; s <= 60; s += 6) {
        double v[2] = {(double)s, s == 30 ? NAN : 2.0 * (double)s}, one = 1;
        ASSERT_OK(ric_h5_series_append(&h, ix, s, v, NULL));
        ASSERT_OK(ric_h5_series_append(&h, iy, s, &one, NULL));
    }
    ASSERT_OK(ric_h5_finish(&h, "complete", NULL));
    ric_h5_destroy(&h);
}

static double eval(const char *text, const char *run)
{
    ric_statistic s;
    ric_error err;
    ric_error_clear(&err);
    ASSERT_OK(ric_statistic_parse(text, &s, &err));
    char back[128];
    ric_statistic_format(&s, back, sizeof back);
    ASSERT(strcmp(back, text) == 0 || !strchr(text, '@')); /* the form round-trips */
    double v = NAN;
    ASSERT_OK(ric_statistic_eval(&s, run, &v, &err));
    return v;
}

static void test_statistics(void)
{
    char run[512];
    snprintf(run, sizeof run, "%s/run.h5", dir);
    make_run(run);
    ASSERT_NEAR(eval("x.a:mean", run), 30.0, 1e-12);
    ASSERT_NEAR(eval("x.a:mean@12-24", run), 18.0, 1e-12);              /* rows 12, 18, 24 */
    ASSERT_NEAR(eval("x.b:mean@24-36", run), (48.0 + 72.0) / 2, 1e-12); /* NaN row skipped */
    ASSERT_NEAR(eval("x.b:at@42", run), 84.0, 1e-12);
    ASSERT_NEAR(eval("x.a:at", run), 60.0, 1e-12);        /* the last row */
    ASSERT_NEAR(eval("x.a:rate@0-60", run), 12.0, 1e-12); /* 1 per step = 12 per year */
    ASSERT_NEAR(eval("y:mean", run), 1.0, 1e-12);
    ric_statistic s;
    ric_error err;
    double v;
    ric_error_clear(&err);
    ASSERT_OK(ric_statistic_parse("x.a:at@31", &s, &err));
    ASSERT_EQ(ric_statistic_eval(&s, run, &v, &err), RIC_EINVAL); /* step not recorded */
    ric_error_clear(&err);
    ASSERT_OK(ric_statistic_parse("x.c:mean", &s, &err));
    ASSERT_EQ(ric_statistic_check(&s, run, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "no column 'c' (columns: a, b)");
    ric_error_clear(&err);
    ASSERT_OK(ric_statistic_parse("z.a:mean", &s, &err));
    ASSERT_EQ(ric_statistic_check(&s, run, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "series 'z' is not in the run files");
    ric_error_clear(&err);
    ASSERT_OK(ric_statistic_parse("y.a:mean", &s, &err));
    ASSERT_EQ(ric_statistic_check(&s, run, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "has one column");
    static const char *const bad[] = {"x.a",   "x.a:median", "x.a:mean@5-2", "x.a:at@3-4",
                                      ":mean", "x.:mean",    "x.a:mean@",    NULL};
    for (int i = 0; bad[i]; i++)
        ASSERT_EQ(ric_statistic_parse(bad[i], &s, NULL), RIC_ECONFIG);
}

static void test_targets_file(void)
{
    char path[512];
    const char *src = getenv("RICSIM_SOURCE_DIR");
    ASSERT(src);
    snprintf(path, sizeof path, "%s/scenarios/targets.yaml", src);
    ric_targets t;
    ric_targets_init(&t);
    ric_error err;
    ric_error_clear(&err);
    ASSERT_OK(ric_targets_load(&t, path, &err));
    ASSERT_EQ(t.n, 7);
    ASSERT(strcmp(t.items[0].stat.series, "innovating_share") == 0);
    ASSERT(strcmp(t.items[4].stat.column, "top5_share_manufacturing") == 0);
    ASSERT(strcmp(t.items[5].stat.series, "economy") == 0);
    /* Means over the stationary window after the 240-step warm-up. */
    ASSERT_EQ(t.items[0].stat.kind, RIC_STAT_MEAN);
    ASSERT_EQ(t.items[0].stat.from, 241);
    ASSERT_EQ(t.items[0].stat.to, 480);
    ASSERT_NEAR(t.items[0].value, 0.31, 1e-12);
    /* z = 1, 0, 0, -1, 0.5, 0, 0: distance 1 + 1 + 0.25 */
    double model[7] = {0.35, 0.38, 0.21, 0.50, 0.46, 0.0264, 0.04};
    ASSERT_NEAR(ric_targets_distance(&t, model), 2.25, 1e-9);
    ric_targets_destroy(&t);

    /* Any series and column are read; bad files name their line. */
    const char *head = "targets:\n  - name: a\n    observable: economy\n"
                       "    column: rd_sales_manufacturing\n    statistic: rate\n";
    char text[1024];
    snprintf(text, sizeof text, "%s    value: 0.1\n    se: 0.01\n", head);
    ASSERT_OK(ric_targets_load(&t, write_file("ok.yaml", text), &err));
    ASSERT(t.items[0].is_se && t.items[0].stat.kind == RIC_STAT_RATE);
    static const struct {
        const char *tail, *msg;
    } cases[] = {
        {"    value: 0.1\n", ":2:5: target 'a': give exactly one of tolerance and se"},
        {"    value: 0.1\n    tolerance: 0.1\n    se: 1\n", "exactly one"},
        {"    value: x\n    tolerance: 1\n", ":6:12: target: key 'value': expected a number"},
        {"    value: 1\n    tolerance: 0\n", "tolerance must be > 0"},
        {"    value: 1\n    tolerance: 1\n    step: 3\n", "'rate' takes from/to, not step"},
        {"    value: 1\n    tolerance: 1\n    from: 5\n    to: 4\n", ":9:9: target 'a': empty "
                                                                     "window"},
        {"    value: 1\n    tolerance: 1\n    vaule: 2\n", ":8:5: target: unknown key 'vaule' "
                                                           "(did you mean 'value'?)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(text, sizeof text, "%s%s", head, cases[i].tail);
        ric_error_clear(&err);
        ASSERT_EQ(ric_targets_load(&t, write_file("bad.yaml", text), &err), RIC_ECONFIG);
        ASSERT_STR_CONTAINS(err.msg, cases[i].msg);
    }
    ric_error_clear(&err);
    ASSERT_EQ(ric_targets_load(&t, write_file("e.yaml", "targets: []\n"), &err), RIC_ECONFIG);
    ASSERT_STR_CONTAINS(err.msg, "non-empty list");
    ric_targets_destroy(&t);
}

static void test_uncertain(void)
{
    ric_params p;
    ric_params_default(&p);
    const ric_param_table *tab = ric_params_table();
    ric_uncertain u;
    ric_uncertain_init(&u);
    ric_error err;
    ric_error_clear(&err);
    const char *y = write_file("u.yaml", "run:\n  steps: 10\nuncertain:\n"
                                         "  - key: innovation.rate\n"
                                         "    distribution: loguniform\n"
                                         "    lo: 0.01\n    hi: 0.1\n"
                                         "  - key: firms.count\n"
                                         "    distribution: uniform\n"
                                         "    lo: 100\n    hi: 200\n");
    ASSERT_OK(ric_uncertain_load(&u, y, tab, &p, sizeof p, &err));
    ASSERT_EQ(u.n, 2);
    ASSERT_EQ(u.items[1].is_int, 1);
    double u01[2] = {0.5, 0.5}, x[2];
    ric_uncertain_values(&u, 1, u01, x);
    ASSERT_NEAR(x[0], sqrt(0.001), 1e-12);
    ASSERT_NEAR(x[1], 150, 1e-12);
    /* The loader skips the section: the scenario loads with it. */
    ASSERT_OK(ric_config_load_file(y, tab, &p, NULL, &err));
    ASSERT_EQ(p.steps, 10);
    /* A file without the section takes its base's. */
    ric_uncertain_init(&u);
    ASSERT_OK(ric_uncertain_load(&u, write_file("child.yaml", "base: u.yaml\n"), tab, &p, sizeof p,
                                 &err));
    ASSERT_EQ(u.n, 2);
    /* Refusals. */
    ric_uncertain_init(&u);
    ASSERT_EQ(ric_uncertain_load(&u,
                                 write_file("b.yaml", "uncertain:\n  - key: innovation.rate\n"
                                                      "    distribution: uniform\n"
                                                      "    lo: 0.1\n    hi: 0.1\n"),
                                 tab, &p, sizeof p, &err),
              RIC_ECONFIG);
    ASSERT_STR_CONTAINS(err.msg, "b.yaml:2:5: uncertain 'innovation.rate': empty range");
    ric_error_clear(&err);
    ric_uncertain_init(&u);
    ASSERT_EQ(ric_uncertain_load(&u,
                                 write_file("b.yaml", "uncertain:\n  - key: run.output_dir\n"
                                                      "    distribution: uniform\n"
                                                      "    lo: 0\n    hi: 1\n"),
                                 tab, &p, sizeof p, &err),
              RIC_ECONFIG);
    ASSERT_STR_CONTAINS(err.msg, "b.yaml:2:5: uncertain:");
    ric_error_clear(&err);
    ric_uncertain_init(&u);
    ASSERT_EQ(ric_uncertain_load(&u,
                                 write_file("b.yaml", "uncertain:\n  - key: innovation.rate\n"
                                                      "    distribution: truncnormal\n"
                                                      "    lo: 0\n    hi: 1\n"),
                                 tab, &p, sizeof p, &err),
              RIC_ECONFIG);
    ASSERT_STR_CONTAINS(err.msg, "missing key 'mean'");
    ric_uncertain_destroy(&u);
}

int main(void)
{
    gsl_set_error_handler_off();
    ASSERT(mkdtemp(dir));
    test_statistics();
    test_targets_file();
    test_uncertain();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ASSERT_OK(system(cmd));
    printf("ok\n");
    return 0;
}
