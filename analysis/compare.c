/* Strategy comparison (ric_compare.h). */
#define _DEFAULT_SOURCE /* strtok_r */
#include "ric_compare.h"

#include "ric_h5.h"
#include "ric_h5io.h"
#include "ric_strbuf.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ric_compare_init(ric_compare *c)
{
    memset(c, 0, sizeof *c);
    c->at_step = -1;
    c->at_year = -1.0;
    c->policy_start = -1;
    c->step = -1;
}

void ric_compare_destroy(ric_compare *c)
{
    if (!c)
        return;
    for (size_t s = 0; s < c->nsets; s++) {
        free(c->sets[s].seed);
        free(c->sets[s].rep);
        free(c->sets[s].run);
        free(c->sets[s].value);
        free(c->sets[s].spend);
    }
    free(c->sets);
    free(c->rows);
    for (size_t k = 0; k < c->ninfo; k++)
        ric_ensinfo_destroy(&c->info[k]);
    free(c->info);
    ric_compare_init(c);
}

void ric_stats_ci(const double *x, size_t n, double *mean, double *lo, double *hi)
{
    *mean = n ? gsl_stats_mean(x, 1, n) : NAN;
    *lo = *hi = NAN;
    if (n < 2)
        return;
    double half =
        gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * gsl_stats_sd(x, 1, n) / sqrt((double)n);
    *lo = *mean - half;
    *hi = *mean + half;
}

void ric_stats_diff(const double *a, size_t na, const double *b, size_t nb, int paired,
                    double *diff, double *lo, double *hi, double *p)
{
    double se, df;
    *diff = *lo = *hi = *p = NAN;
    if (na == 0 || nb == 0)
        return;
    if (paired && na == nb) {
        double *d = calloc(na, sizeof *d);
        if (!d)
            return;
        for (size_t i = 0; i < na; i++)
            d[i] = a[i] - b[i];
        *diff = gsl_stats_mean(d, 1, na);
        se = na > 1 ? gsl_stats_sd(d, 1, na) / sqrt((double)na) : NAN;
        df = (double)na - 1.0;
        free(d);
    } else {
        double ma = gsl_stats_mean(a, 1, na), mb = gsl_stats_mean(b, 1, nb);
        double va = na > 1 ? gsl_stats_variance(a, 1, na) / (double)na : NAN;
        double vb = nb > 1 ? gsl_stats_variance(b, 1, nb) / (double)nb : NAN;
        *diff = ma - mb;
        se = sqrt(va + vb);
        /* Welch-Satterthwaite degrees of freedom. */
        df = (va + vb) * (va + vb) / (va * va / ((double)na - 1.0) + vb * vb / ((double)nb - 1.0));
    }
    if (!isfinite(se))
        return;
    if (se == 0.0) { /* no variation: the difference is exact, nothing to test */
        *lo = *hi = *diff;
        return;
    }
    double half = gsl_cdf_tdist_Pinv(0.975, df) * se;
    *lo = *diff - half;
    *hi = *diff + half;
    *p = 2.0 * gsl_cdf_tdist_Q(fabs(*diff) / se, df);
}

/* ---- reading ensembles ------------------------------------------------- */

/* One observable from the registry. */
static void ric_i_put_obs(ric_compare *c, const ric_observable *d, int agg)
{
    if (c->nobs >= RIC_CMP_MAX_OBS)
        return;
    ric_cmp_obs *o = &c->obs[c->nobs++];
    snprintf(o->key, sizeof o->key, "%s", d->key);
    snprintf(o->series, sizeof o->series, "%s", d->series);
    snprintf(o->column, sizeof o->column, "%s", d->column);
    snprintf(o->unit, sizeof o->unit, "%s", d->unit);
    o->kind = d->kind;
    o->headline = d->headline;
    o->agg = agg;
    snprintf(o->name, sizeof o->name, "%s%s", d->label,
             agg == RIC_CMP_PERIOD_MEAN ? " (policy-period mean)" : "");
}

ric_status ric_compare_select(ric_compare *c, const char *keys, ric_error *err)
{
    char list[1024], known[2048] = "";
    for (size_t k = 0; k < ric_nobservables; k++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", k ? ", " : "",
                 ric_observables[k].key);
    snprintf(list, sizeof list, "%s", keys);
    char *save = NULL;
    size_t n = 0;
    for (char *k = strtok_r(list, ",", &save); k; k = strtok_r(NULL, ",", &save), n++) {
        while (*k == ' ')
            k++;
        if (!ric_observable_find(k) && strncmp(k, "capability_region", 17) != 0)
            return ric_error_set(err, RIC_EINVAL,
                                 "--observables: unknown observable '%s'; known: %s, "
                                 "capability_regionN",
                                 k, known);
    }
    if (n == 0)
        return ric_error_set(err, RIC_EINVAL, "--observables: empty list; known: %s", known);
    snprintf(c->select, sizeof c->select, "%s", keys);
    return RIC_OK;
}

static int ric_i_selected(const ric_compare *c, const char *key)
{
    if (!c->select[0])
        return 1;
    char list[1024];
    snprintf(list, sizeof list, "%s", c->select);
    char *save = NULL;
    for (char *k = strtok_r(list, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        while (*k == ' ')
            k++;
        if (strcmp(k, key) == 0)
            return 1;
    }
    return 0;
}

/* The observables, from the registry and the regions a run file has. */
static void ric_i_choose(ric_compare *c, ric_h5f *run)
{
    c->nobs = 0;
    int at = c->step >= 0 ? RIC_CMP_AT_STEP : RIC_CMP_FINAL;
    for (size_t k = 0; k < ric_nobservables; k++) {
        const ric_observable *d = &ric_observables[k];
        if (!ric_i_selected(c, d->key))
            continue;
        ric_i_put_obs(c, d, at);
        /* The policy-period mean, by default, when there is a policy period. */
        if (d->time_mean && !c->select[0] && c->policy_start >= 0 && c->step < 0)
            ric_i_put_obs(c, d, RIC_CMP_PERIOD_MEAN);
    }
    /* One row per region, as many as the runs have. */
    char cols[128][64];
    size_t n = 0;
    ric_error *keep = run->err, probe;
    ric_error_clear(&probe);
    run->err = &probe;
    ric_status st = ric_h5f_columns(run, "/observables/capability_by_region/value", cols, 128, &n);
    run->err = keep;
    if (st != RIC_OK)
        return;
    for (size_t i = 0; i < n && c->nobs < RIC_CMP_MAX_OBS; i++) {
        size_t len = strlen(cols[i]);
        if (len < 5 || strcmp(cols[i] + len - 5, ".mean") != 0)
            continue;
        /* "region0.mean" -> capability_region0 */
        char key[64], label[96];
        snprintf(key, sizeof key, "capability_%.*s", (int)(len - 5), cols[i]);
        if (!ric_i_selected(c, key))
            continue;
        const char *num = cols[i] + strcspn(cols[i], "0123456789");
        snprintf(label, sizeof label, "capability in region %.*s%s",
                 (int)(len - 5 - (size_t)(num - cols[i])), num,
                 strncmp(num, "0.", 2) == 0 ? " (capital)" : "");
        ric_observable d = {key,         "capability_by_region", cols[i], label,
                            "index 0-1", RIC_OBS_LEVEL,          0,       0};
        ric_i_put_obs(c, &d, at);
    }
}

int ric_compare_run_column(const char *run, const ric_cmp_obs *o, int64_t **steps, double **val,
                           size_t *rows)
{
    double *v = NULL;
    size_t ncols = 0;
    ric_error probe;
    ric_error_clear(&probe);
    *steps = NULL;
    *val = NULL;
    if (ric_h5_read_series(run, o->series, steps, &v, rows, &ncols, &probe) != RIC_OK)
        return -1;
    size_t col = 0, width = ncols ? ncols : 1;
    if (o->column[0]) {
        char cols[128][64], dset[128];
        size_t n = 0;
        snprintf(dset, sizeof dset, "/observables/%s/value", o->series);
        if (ric_h5_read_columns(run, dset, cols, 128, &n, &probe) != RIC_OK)
            n = 0;
        for (col = 0; col < n && strcmp(cols[col], o->column) != 0; col++)
            ;
        if (col == n || col >= width) {
            free(*steps);
            free(v);
            *steps = NULL;
            return -1;
        }
    }
    *val = malloc((*rows ? *rows : 1) * sizeof **val);
    for (size_t r = 0; *val && r < *rows; r++)
        (*val)[r] = v[r * width + col];
    free(v);
    if (!*val) {
        free(*steps);
        *steps = NULL;
        return -1;
    }
    return 0;
}

/* One series of an open run, read once however many observables use it. */
typedef struct ric_i_series {
    char name[48];
    ric_status st; /* RIC_EINVAL: the run lacks it */
    int64_t *steps;
    double *v;
    size_t rows, ncols, n;
    char cols[128][64];
} ric_i_series;

/* Value of one observable in one open run (NaN if the run lacks it): at the
 * last step, at step c->step (the last recorded step not after it), or
 * averaged over the policy period. A damaged series is an error. */
static ric_status ric_i_value(const ric_compare *c, ric_h5f *run, ric_i_series *cache,
                              size_t *ncache, const ric_cmp_obs *o, double *out)
{
    *out = NAN;
    ric_i_series *s = NULL;
    for (size_t k = 0; k < *ncache && !s; k++)
        if (strcmp(cache[k].name, o->series) == 0)
            s = &cache[k];
    if (!s) {
        s = &cache[(*ncache)++];
        memset(s, 0, sizeof *s);
        snprintf(s->name, sizeof s->name, "%s", o->series);
        s->st = ric_h5f_series(run, o->series, &s->steps, &s->v, &s->rows, &s->ncols);
        if (s->st == RIC_EINVAL) /* absent: the observable is NaN */
            ric_error_clear(run->err);
        else if (s->st != RIC_OK)
            return s->st;
        char dset[128];
        snprintf(dset, sizeof dset, "/observables/%s/value", o->series);
        if (s->st == RIC_OK && s->ncols &&
            ric_h5f_columns(run, dset, s->cols, 128, &s->n) != RIC_OK) {
            ric_error_clear(run->err);
            s->n = 0;
        }
    }
    if (s->st != RIC_OK || s->rows == 0)
        return RIC_OK;
    size_t col = 0, width = s->ncols ? s->ncols : 1;
    if (o->column[0]) {
        for (col = 0; col < s->n && strcmp(s->cols[col], o->column) != 0; col++)
            ;
        if (col == s->n || col >= width)
            return RIC_OK;
    }
    const double *v = s->v;
    const int64_t *steps = s->steps;
    const size_t rows = s->rows;
    if (o->agg == RIC_CMP_PERIOD_MEAN) {
        double sum = 0.0;
        size_t used = 0;
        for (size_t r = 0; r < rows; r++)
            if (steps[r] >= c->policy_start) {
                sum += v[r * width + col];
                used++;
            }
        *out = used ? sum / (double)used : NAN;
    } else if (o->agg == RIC_CMP_AT_STEP) {
        size_t r = rows;
        while (r > 0 && steps[r - 1] > c->step)
            r--;
        *out = r > 0 ? v[(r - 1) * width + col] : NAN;
    } else {
        *out = v[(rows - 1) * width + col];
    }
    return RIC_OK;
}

/* Reads the observables of run i of set s, the file opened once; the index
 * said it is complete, and the file must say so too. The first run read
 * chooses the observables. */
static ric_status ric_i_run(ric_compare *c, ric_cmp_set *s, size_t i, ric_error *err)
{
    const char *run = s->run[i];
    ric_h5f f;
    ric_error probe;
    ric_error_clear(&probe);
    ric_status st = ric_h5f_open_run(&f, run, &probe);
    if (st == RIC_ENOENT)
        return ric_error_set(err, RIC_ENOENT,
                             "%s: listed as complete in the ensemble index but missing", run);
    if (st != RIC_OK)
        return ric_error_set(err, st, "%s", probe.msg);
    f.err = err;
    char status[RIC_H5_STATUS_SIZE];
    st = ric_h5f_status(&f, status, sizeof status);
    if (st == RIC_OK && strcmp(status, "complete") != 0)
        st = ric_error_set(err, RIC_EFORMAT,
                           "%s: listed as complete in the ensemble index but its status is %s", run,
                           status);
    if (st == RIC_OK && c->nobs == 0) {
        ric_i_choose(c, &f);
        if (c->nobs == 0)
            st = ric_error_set(err, RIC_EINVAL, "compare: none of the observables chosen exist");
    }
    ric_i_series *cache = st == RIC_OK ? calloc(RIC_CMP_MAX_OBS + 1, sizeof *cache) : NULL;
    if (st == RIC_OK && !cache)
        st = ric_error_set(err, RIC_ENOMEM, "compare: no memory");
    size_t ncache = 0;
    for (size_t o = 0; o < c->nobs && st == RIC_OK; o++)
        st = ric_i_value(c, &f, cache, &ncache, &c->obs[o], &s->value[i * RIC_CMP_MAX_OBS + o]);
    ric_cmp_obs spend = {.series = "spend", .column = "cumulative", .kind = RIC_OBS_MONEY};
    spend.agg = c->step >= 0 ? RIC_CMP_AT_STEP : RIC_CMP_FINAL;
    double sp = NAN;
    if (st == RIC_OK)
        st = ric_i_value(c, &f, cache, &ncache, &spend, &sp);
    for (size_t k = 0; cache && k < ncache; k++) {
        free(cache[k].steps);
        free(cache[k].v);
    }
    free(cache);
    ric_h5f_close(&f);
    RIC_CHECK(st);
    s->spend[i] = isfinite(sp) ? sp : 0.0;
    return RIC_OK;
}

ric_status ric_compare_add(ric_compare *c, const char *path, ric_error *err)
{
    char dir[4096], index[4200];
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(dir, sizeof dir, "%s", path);
        snprintf(index, sizeof index, "%s/ensemble.h5", path);
    } else {
        snprintf(index, sizeof index, "%s", path);
        const char *slash = strrchr(path, '/');
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    }
    if (stat(index, &sb) != 0)
        return ric_error_set(err, RIC_ENOENT, "%s: no ensemble index (run ricsim ensemble first)",
                             index);
    ric_h5f f;
    RIC_CHECK(ric_h5f_open(&f, index, "ensemble index", err));
    size_t n = 0, w = 0, ns = 0, ws = 0;
    char *files = NULL, *status = NULL;
    int64_t *point = NULL, *seed = NULL, *rep = NULL;
    ric_status st = RIC_OK;
    if (ric_h5f_has(&f, "/ensemble") <= 0 || ric_h5f_has(&f, "/runs") <= 0)
        st = ric_error_set(err, RIC_EFORMAT, "%s: not a ricsim ensemble index", index);
    if (st == RIC_OK)
        st = ric_h5f_get_strs(&f, "/runs/file", RIC_H5_ANY, &files, &n, &w);
    if (st == RIC_OK)
        st = ric_h5f_get_strs(&f, "/runs/status", n, &status, &ns, &ws);
    const size_t want[1] = {n};
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/runs/point", RIC_H5_I64, 1, want, NULL, (void **)&point);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/runs/seed", RIC_H5_I64, 1, want, NULL, (void **)&seed);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/runs/replication", RIC_H5_I64, 1, want, NULL, (void **)&rep);
    ric_h5f_close(&f);
    /* What the ensemble is (labels of design points, warm-up, scenario). */
    ric_ensinfo *grown_info =
        st == RIC_OK ? realloc(c->info, (c->ninfo + 1) * sizeof *grown_info) : NULL;
    if (st == RIC_OK && !grown_info)
        st = ric_error_set(err, RIC_ENOMEM, "compare: no memory");
    if (st == RIC_OK) {
        c->info = grown_info;
        ric_ensinfo_init(&c->info[c->ninfo++]);
        ric_error ierr;
        ric_error_clear(&ierr);
        /* An ensemble.txt is missing only in hand-made directories: go on. */
        (void)ric_ensinfo_read(&c->info[c->ninfo - 1], dir, &ierr);
    }
    int64_t npoints = 0;
    for (size_t i = 0; st == RIC_OK && i < n; i++) {
        if (point[i] < 0 || point[i] >= (int64_t)n)
            st = ric_error_set(err, RIC_EFORMAT, "%s: /runs/point: %lld out of range", index,
                               (long long)point[i]);
        else if (strchr(files + i * (w + 1), '/') != files + i * (w + 1) + 4 ||
                 strncmp(files + i * (w + 1), "runs/", 5) != 0 || strstr(files + i * (w + 1), ".."))
            st = ric_error_set(err, RIC_EFORMAT, "%s: /runs/file: \"%.64s\" is not a run file",
                               index, files + i * (w + 1));
        else
            npoints = point[i] + 1 > npoints ? point[i] + 1 : npoints;
    }
    /* The label is the directory's name ("ens/base/" -> "base"). */
    for (size_t len = strlen(dir); len > 1 && dir[len - 1] == '/'; len--)
        dir[len - 1] = '\0';
    const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
    for (int64_t pt = 0; st == RIC_OK && pt < npoints; pt++) {
        ric_cmp_set *grown = realloc(c->sets, (c->nsets + 1) * sizeof *grown);
        if (!grown) {
            st = ric_error_set(err, RIC_ENOMEM, "compare: no memory");
            break;
        }
        c->sets = grown;
        ric_cmp_set *s = &c->sets[c->nsets];
        memset(s, 0, sizeof *s);
        /* Design points by their factor values, not their number. */
        const ric_ensinfo *inf = &c->info[c->ninfo - 1];
        if (npoints > 1 && (size_t)pt < inf->npoints && inf->point_label[pt][0])
            snprintf(s->label, sizeof s->label, "%.100s: %.150s", base, inf->point_label[pt]);
        else if (npoints > 1)
            snprintf(s->label, sizeof s->label, "%.100s[%lld]", base, (long long)pt);
        else
            snprintf(s->label, sizeof s->label, "%.120s", base);
        s->ens = c->ninfo - 1;
        s->point = (size_t)pt;
        s->seed = malloc((n ? n : 1) * sizeof *s->seed);
        s->rep = malloc((n ? n : 1) * sizeof *s->rep);
        s->run = malloc((n ? n : 1) * sizeof *s->run);
        s->value = malloc((n ? n : 1) * RIC_CMP_MAX_OBS * sizeof *s->value);
        s->spend = malloc((n ? n : 1) * sizeof *s->spend);
        c->nsets++; /* owned from here: destroy frees it */
        if (!s->seed || !s->rep || !s->run || !s->value || !s->spend) {
            st = ric_error_set(err, RIC_ENOMEM, "compare: no memory");
            break;
        }
        for (size_t i = 0; i < n && st == RIC_OK; i++) {
            if (point[i] != pt || strcmp(status + i * (ws + 1), "complete") != 0)
                continue;
            /* Values are read by ric_compare_run, once the time is known. */
            snprintf(s->run[s->n], sizeof s->run[0], "%.4000s/%.190s", dir, files + i * (w + 1));
            s->rep[s->n] = rep[i];
            s->seed[s->n++] = (uint64_t)seed[i];
        }
        if (st == RIC_OK && s->n == 0 && !c->allow_empty)
            st = ric_error_set(err, RIC_EINVAL, "%s: design point %lld has no complete run", index,
                               (long long)pt);
    }
    free(files);
    free(status);
    free(point);
    free(seed);
    free(rep);
    return st;
}

/* Shares run 0..1, everything else is at least 0. */
static void ric_i_clip(const ric_cmp_obs *o, double *lo, double *hi)
{
    if (isfinite(*lo) && *lo < 0.0)
        *lo = 0.0;
    if (o->kind == RIC_OBS_SHARE && isfinite(*hi) && *hi > 1.0)
        *hi = 1.0;
}

/* Do the two sets share their random numbers run by run? Branches of one
 * warm-up do (replication r from its checkpoint r, whose seed it keeps);
 * otherwise runs with the same seeds from step 0 do. */
static int ric_i_paired(const ric_compare *c, const ric_cmp_set *a, const ric_cmp_set *b)
{
    if (a->n != b->n || a->n < 2)
        return 0;
    const char *wa = c->info[a->ens].warmup_id, *wb = c->info[b->ens].warmup_id;
    if (strcmp(wa, wb) != 0)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (wa[0] ? a->rep[i] != b->rep[i] : a->seed[i] != b->seed[i])
            return 0;
    return 1;
}

/* The step compared: --at-step, or --at-year after the policy start. */
static ric_status ric_i_when(ric_compare *c, ric_error *err)
{
    c->policy_start = ric_ensinfo_policy_start(c->info, c->ninfo);
    c->step = c->at_step;
    if (c->at_year >= 0.0) {
        for (size_t k = 0; c->policy_start < 0 && k < c->ninfo; k++)
            if (!c->info[k].loaded)
                return ric_error_set(err, RIC_EINVAL,
                                     "--at-year counts from the policy start, and the scenario "
                                     "of %s cannot be read to find it: %.300s (use --at-step)",
                                     c->info[k].name, c->info[k].load_error);
        if (c->policy_start < 0)
            return ric_error_set(err, RIC_EINVAL,
                                 "--at-year counts from the policy start, and no scenario "
                                 "compared has an intervention (use --at-step)");
        c->step = c->policy_start + (int64_t)llround(c->at_year * 12.0);
    }
    for (size_t k = 0; c->step >= 0 && k < c->ninfo; k++)
        if (c->info[k].loaded && c->step > c->info[k].steps)
            return ric_error_set(err, RIC_EINVAL, "step %lld is after the end of %s (step %lld)",
                                 (long long)c->step, c->info[k].name, (long long)c->info[k].steps);
    return RIC_OK;
}

ric_status ric_compare_run(ric_compare *c, ric_error *err)
{
    if (c->nsets == 0)
        return ric_error_set(err, RIC_EINVAL, "compare: nothing to compare");
    RIC_CHECK(ric_i_when(c, err));
    /* Every run's values, each file read once; the first run read chooses
     * the observables. */
    c->nobs = 0;
    for (size_t s = 0; s < c->nsets; s++)
        for (size_t i = 0; i < c->sets[s].n; i++)
            RIC_CHECK(ric_i_run(c, &c->sets[s], i, err));
    if (c->nobs == 0)
        return ric_error_set(err, RIC_EINVAL, "compare: no complete run to compare");
    free(c->rows);
    c->nrows = c->nobs * c->nsets;
    c->rows = calloc(c->nrows ? c->nrows : 1, sizeof *c->rows);
    size_t maxn = 0;
    for (size_t s = 0; s < c->nsets; s++)
        maxn = c->sets[s].n > maxn ? c->sets[s].n : maxn;
    double *x = malloc((maxn ? maxn : 1) * sizeof *x), *y = malloc((maxn ? maxn : 1) * sizeof *y);
    if (!c->rows || !x || !y) {
        free(x);
        free(y);
        return ric_error_set(err, RIC_ENOMEM, "compare: no memory");
    }
    const ric_cmp_set *b = &c->sets[0];
    int any_paired = 0, any_welch = 0;
    for (size_t o = 0; o < c->nobs; o++)
        for (size_t s = 0; s < c->nsets; s++) {
            const ric_cmp_set *a = &c->sets[s];
            ric_cmp_row *r = &c->rows[o * c->nsets + s];
            r->obs = o;
            r->set = s;
            size_t na = 0;
            for (size_t i = 0; i < a->n; i++)
                if (isfinite(a->value[i * RIC_CMP_MAX_OBS + o]))
                    x[na++] = a->value[i * RIC_CMP_MAX_OBS + o];
            r->n = na;
            ric_stats_ci(x, na, &r->mean, &r->ci_low, &r->ci_high);
            ric_i_clip(&c->obs[o], &r->ci_low, &r->ci_high);
            r->diff = r->diff_low = r->diff_high = r->p = r->per_bn = NAN;
            r->pct = r->pct_low = r->pct_high = NAN;
            if (s == 0)
                continue;
            int paired = ric_i_paired(c, a, b);
            for (size_t i = 0; paired && i < a->n; i++)
                paired = isfinite(a->value[i * RIC_CMP_MAX_OBS + o]) &&
                         isfinite(b->value[i * RIC_CMP_MAX_OBS + o]);
            size_t nb = 0;
            for (size_t i = 0; i < b->n; i++)
                if (isfinite(b->value[i * RIC_CMP_MAX_OBS + o]))
                    y[nb++] = b->value[i * RIC_CMP_MAX_OBS + o];
            r->has_diff = 1;
            r->paired = paired;
            ric_stats_diff(x, na, y, nb, paired, &r->diff, &r->diff_low, &r->diff_high, &r->p);
            r->constant = isfinite(r->diff) && isnan(r->p) && r->diff_low == r->diff_high;
            any_paired |= paired && !r->constant;
            any_welch |= !paired && !r->constant;
            double ref = c->rows[o * c->nsets].mean;
            if (isfinite(ref) && ref != 0.0) {
                r->pct = 100.0 * r->diff / fabs(ref);
                r->pct_low = 100.0 * r->diff_low / fabs(ref);
                r->pct_high = 100.0 * r->diff_high / fabs(ref);
            }
            double sp = a->n ? gsl_stats_mean(a->spend, 1, a->n) : 0.0;
            double bsp = b->n ? gsl_stats_mean(b->spend, 1, b->n) : 0.0;
            if (sp - bsp > 0.0 && strcmp(c->obs[o].series, "spend") != 0)
                r->per_bn = (ric_cmp_shown(&c->obs[o], r->diff) - ric_cmp_shown(&c->obs[o], 0.0)) /
                            ((sp - bsp) / 1e9);
        }
    free(x);
    free(y);
    size_t len = 0;
    if (c->step >= 0 && c->at_year >= 0.0)
        len += (size_t)snprintf(c->note + len, sizeof c->note - len,
                                "At step %lld: %.1f years after the policy start (step %lld), "
                                "year %.1f of the run. ",
                                (long long)c->step, c->at_year, (long long)c->policy_start,
                                (double)c->step / 12.0);
    else if (c->step >= 0)
        len += (size_t)snprintf(c->note + len, sizeof c->note - len,
                                "At step %lld (year %.1f of the run). ", (long long)c->step,
                                (double)c->step / 12.0);
    else
        len +=
            (size_t)snprintf(c->note + len, sizeof c->note - len, "At the last step of the runs. ");
    if (c->nsets > 1)
        snprintf(c->note + len, sizeof c->note - len, "Every scenario is compared with %s%s%s.",
                 c->sets[0].label,
                 any_paired ? "; paired t: runs share their random numbers (same seeds, or "
                              "branches of the same warm-up)"
                            : "",
                 any_welch ? "; Welch t: runs share no random numbers (other seeds or another "
                             "warm-up)"
                           : "");
    return RIC_OK;
}

double ric_cmp_shown(const ric_cmp_obs *o, double raw)
{
    return o->kind == RIC_OBS_SHARE ? 100.0 * raw : o->kind == RIC_OBS_MONEY ? raw / 1e9 : raw;
}

const char *ric_cmp_diff_unit(const ric_cmp_obs *o)
{
    return o->kind == RIC_OBS_SHARE ? "points" : o->unit;
}

/* Decimals showing |v| up to `big` to about 4 significant digits. */
static int ric_i_decimals_for(double big)
{
    if (!(big > 0.0) || !isfinite(big))
        return 2;
    int d = 3 - (int)floor(log10(big));
    return d < 0 ? 0 : d > 8 ? 8 : d;
}

int ric_cmp_decimals(const ric_compare *c, size_t o)
{
    double big = 0.0;
    for (size_t s = 0; s < c->nsets; s++) {
        double m = fabs(ric_cmp_shown(&c->obs[o], c->rows[o * c->nsets + s].mean));
        big = isfinite(m) && m > big ? m : big;
    }
    return ric_i_decimals_for(big);
}

/* A number in fixed decimals, "" for NaN. */
static const char *ric_i_num(char *buf, double v, int dec)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, 48, "%.*f", dec, v == 0.0 ? 0.0 : v); /* no "-0.000" */
    return buf;
}

static const char *ric_i_pval(char *buf, double p)
{
    if (isnan(p))
        buf[0] = '\0';
    else if (p < 0.001)
        snprintf(buf, 48, "<0.001");
    else
        snprintf(buf, 48, "%.3f", p);
    return buf;
}

static const char *ric_i_test(const ric_cmp_row *r)
{
    return !r->has_diff                    ? "reference"
           : r->constant && r->diff == 0.0 ? "none (no difference in any run)"
           : r->constant                   ? "none (no variation)"
           : r->paired                     ? "paired t"
                                           : "Welch t";
}

ric_status ric_compare_format(const ric_compare *c, int format, char **out, ric_error *err)
{
    static const char *const head_csv[] = {
        "observable", "key",     "unit",     "scenario", "reference", "n",
        "mean",       "ci_low",  "ci_high",  "diff",     "diff_low",  "diff_high",
        "pct_change", "pct_low", "pct_high", "p",        "test",      "per_billion_won"};
    static const char *const head_tab[] = {"observable", "unit",   "scenario",   "n",
                                           "mean",       "95% CI", "difference", "95% CI",
                                           "% change",   "p",      "test",       "per bn won"};
    enum {
        NCSV = sizeof head_csv / sizeof head_csv[0],
        NTAB = sizeof head_tab / sizeof head_tab[0]
    };
    const int csv = format == RIC_CMP_CSV;
    const int ncol = csv ? NCSV : NTAB;
    ric_strbuf b = {0};
    size_t nr = c->nrows + 1;
    char(*cell)[NCSV][272] = calloc(nr, sizeof *cell);
    if (!cell)
        return ric_error_set(err, RIC_ENOMEM, "compare: no memory");
    for (int k = 0; k < ncol; k++)
        snprintf(cell[0][k], sizeof cell[0][k], "%s", csv ? head_csv[k] : head_tab[k]);
    /* Per observable: its decimals, and those of the per-budget column. */
    int per_dec[RIC_CMP_MAX_OBS];
    for (size_t o = 0; o < c->nobs; o++) {
        double big = 0.0;
        for (size_t s = 1; s < c->nsets; s++) {
            double v = fabs(c->rows[o * c->nsets + s].per_bn);
            big = isfinite(v) && v > big ? v : big;
        }
        per_dec[o] = ric_i_decimals_for(big);
    }
    for (size_t i = 0; i < c->nrows; i++) {
        const ric_cmp_row *r = &c->rows[i];
        const ric_cmp_obs *o = &c->obs[r->obs];
        char(*row)[272] = cell[i + 1];
        const int dec = ric_cmp_decimals(c, r->obs) + (csv ? 3 : 0);
        const int pdec = per_dec[r->obs] + (csv ? 3 : 0);
        double m = ric_cmp_shown(o, r->mean), lo = ric_cmp_shown(o, r->ci_low),
               hi = ric_cmp_shown(o, r->ci_high);
        double d = ric_cmp_shown(o, r->diff) - ric_cmp_shown(o, 0.0),
               dl = ric_cmp_shown(o, r->diff_low) - ric_cmp_shown(o, 0.0),
               dh = ric_cmp_shown(o, r->diff_high) - ric_cmp_shown(o, 0.0);
        char t[6][48];
        if (csv) {
            snprintf(row[0], 272, "%s", o->name);
            snprintf(row[1], 272, "%s", o->key);
            snprintf(row[2], 272, "%s", o->unit);
            snprintf(row[3], 272, "%s", c->sets[r->set].label);
            snprintf(row[4], 272, "%s", c->sets[0].label);
            snprintf(row[5], 272, "%zu", r->n);
            snprintf(row[6], 272, "%s", ric_i_num(t[0], m, dec));
            snprintf(row[7], 272, "%s", ric_i_num(t[0], lo, dec));
            snprintf(row[8], 272, "%s", ric_i_num(t[0], hi, dec));
            snprintf(row[9], 272, "%s", r->has_diff ? ric_i_num(t[0], d, dec) : "");
            snprintf(row[10], 272, "%s", r->has_diff ? ric_i_num(t[0], dl, dec) : "");
            snprintf(row[11], 272, "%s", r->has_diff ? ric_i_num(t[0], dh, dec) : "");
            snprintf(row[12], 272, "%s", r->has_diff ? ric_i_num(t[0], r->pct, 4) : "");
            snprintf(row[13], 272, "%s", r->has_diff ? ric_i_num(t[0], r->pct_low, 4) : "");
            snprintf(row[14], 272, "%s", r->has_diff ? ric_i_num(t[0], r->pct_high, 4) : "");
            snprintf(row[15], 272, "%s",
                     r->has_diff && !isnan(r->p) ? ric_i_num(t[0], r->p, 6) : "");
            snprintf(row[16], 272, "%s", ric_i_test(r));
            snprintf(row[17], 272, "%s", r->has_diff ? ric_i_num(t[0], r->per_bn, pdec) : "");
        } else {
            snprintf(row[0], 272, "%s", o->name);
            snprintf(row[1], 272, "%s", o->unit);
            snprintf(row[2], 272, "%s", c->sets[r->set].label);
            snprintf(row[3], 272, "%zu", r->n);
            snprintf(row[4], 272, "%s", ric_i_num(t[0], m, dec));
            if (!isnan(lo))
                snprintf(row[5], 272, "[%s, %s]", ric_i_num(t[1], lo, dec),
                         ric_i_num(t[2], hi, dec));
            if (r->has_diff) {
                snprintf(row[6], 272, "%s%s", d > 0 ? "+" : "", ric_i_num(t[0], d, dec));
                if (!isnan(dl) && !r->constant)
                    snprintf(row[7], 272, "[%s, %s]", ric_i_num(t[1], dl, dec),
                             ric_i_num(t[2], dh, dec));
                if (!isnan(r->pct))
                    snprintf(row[8], 272, "%s%s%%", r->pct > 0 ? "+" : "",
                             ric_i_num(t[3], r->pct, 1));
                snprintf(row[9], 272, "%s", ric_i_pval(t[4], r->p));
                snprintf(row[11], 272, "%s", ric_i_num(t[5], r->per_bn, pdec));
            }
            snprintf(row[10], 272, "%s", ric_i_test(r));
        }
    }
    size_t width[NCSV] = {0};
    for (size_t i = 0; i < nr; i++)
        for (int k = 0; k < ncol; k++) {
            size_t l = strlen(cell[i][k]);
            width[k] = l > width[k] ? l : width[k];
        }
    for (size_t i = 0; i < nr; i++) {
        for (int k = 0; k < ncol; k++) {
            if (csv) {
                int q = strpbrk(cell[i][k], ",\"") != NULL;
                ric_strbuf_printf(&b, "%s%s", k ? "," : "", q ? "\"" : "");
                for (const char *ch = cell[i][k]; *ch; ch++) /* "" inside quotes */
                    ric_strbuf_printf(&b, *ch == '"' ? "\"\"" : "%c", *ch);
                ric_strbuf_printf(&b, "%s", q ? "\"" : "");
            } else if (format == RIC_CMP_MARKDOWN) {
                ric_strbuf_printf(&b, "| %s ", cell[i][k]);
            } else {
                /* Numbers right-aligned, words left-aligned. */
                int right = k >= 3 && k != 10;
                ric_strbuf_printf(&b, "%s%*s", k ? "  " : "",
                                  right ? (int)width[k] : -(int)width[k], cell[i][k]);
            }
        }
        ric_strbuf_printf(&b, "%s\n", format == RIC_CMP_MARKDOWN ? "|" : "");
        if (i == 0 && format == RIC_CMP_MARKDOWN) {
            for (int k = 0; k < ncol; k++)
                ric_strbuf_printf(&b, "|%s", k >= 3 && k != 10 ? "---:" : "---");
            ric_strbuf_printf(&b, "|\n");
        }
    }
    free(cell);
    if (!csv)
        ric_strbuf_printf(&b,
                          "\n%s Means with 95%% CIs over replications (clipped to the "
                          "observable's range: counts and levels not below 0, shares within "
                          "0-100%%); shares in %%, their differences in percentage points; %% "
                          "change relative to the reference mean; per bn won: the difference "
                          "per billion won of extra policy spend over the reference; no "
                          "correction for multiple comparisons.\n",
                          c->note);
    if (b.oom || !b.s) {
        free(b.s);
        return ric_error_set(err, RIC_ENOMEM, "compare: no memory");
    }
    *out = b.s;
    return RIC_OK;
}
