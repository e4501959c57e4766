/* Strategy comparison (ric_compare.h). */
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
}

void ric_compare_destroy(ric_compare *c)
{
    if (!c)
        return;
    for (size_t s = 0; s < c->nsets; s++) {
        free(c->sets[s].seed);
        free(c->sets[s].value);
        free(c->sets[s].spend);
    }
    free(c->sets);
    free(c->rows);
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
    if (se == 0.0) { /* identical replicates: the difference is exact */
        *lo = *hi = *diff;
        *p = *diff == 0.0 ? 1.0 : 0.0;
        return;
    }
    double half = gsl_cdf_tdist_Pinv(0.975, df) * se;
    *lo = *diff - half;
    *hi = *diff + half;
    *p = 2.0 * gsl_cdf_tdist_Q(fabs(*diff) / se, df);
}

/* ---- reading ensembles ------------------------------------------------- */

/* The main observables, from the series a run file has. */
static void ric_i_choose(ric_compare *c, ric_h5f *run)
{
    static const struct {
        const char *name, *series, *column;
        int time_mean;
    } want[] = {
        {"capability firms (final)", "capability_mean", "firm", 0},
        {"capability firms (time mean)", "capability_mean", "firm", 1},
        {"capability universities (final)", "capability_mean", "university", 0},
        {"capability institutes (final)", "capability_mean", "institute", 0},
        {"capability intermediaries (final)", "capability_mean", "intermediary", 0},
        {"capability large firms (final)", "capability_by_size", "large.mean", 0},
        {"capability SMEs (final)", "capability_by_size", "sme.mean", 0},
        {"capability SMEs (time mean)", "capability_by_size", "sme.mean", 1},
        {"capability start-ups (final)", "capability_by_size", "startup.mean", 0},
        {"density formal (final)", "density_formal", "", 0},
        {"density formal (time mean)", "density_formal", "", 1},
        {"density informal (final)", "density_informal", "", 0},
        {"density informal (time mean)", "density_informal", "", 1},
        {"innovating share large (final)", "innovating_share", "large", 0},
        {"innovating share SMEs (final)", "innovating_share", "sme", 0},
        {"innovating share manufacturing (final)", "innovating_share", "manufacturing", 0},
        {"innovating share service (final)", "innovating_share", "service", 0},
        {"entries (total)", "demography", "entries_total", 0},
        {"exits (total)", "demography", "exits_total", 0},
        {"firms (final)", "demography", "firms", 0},
        {"spend (total)", "spend", "cumulative", 0},
    };
    c->nobs = 0;
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        ric_cmp_obs *o = &c->obs[c->nobs++];
        snprintf(o->name, sizeof o->name, "%s", want[k].name);
        snprintf(o->series, sizeof o->series, "%s", want[k].series);
        snprintf(o->column, sizeof o->column, "%s", want[k].column);
        o->time_mean = want[k].time_mean;
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
        ric_cmp_obs *o = &c->obs[c->nobs++];
        snprintf(o->name, sizeof o->name, "capability %.*s (final)", (int)(len - 5), cols[i]);
        snprintf(o->series, sizeof o->series, "capability_by_region");
        snprintf(o->column, sizeof o->column, "%.47s", cols[i]);
        o->time_mean = 0;
    }
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

/* Value of one observable in one run (NaN if the run lacks it); a damaged
 * series is an error. */
static ric_status ric_i_value(ric_h5f *run, ric_i_series *cache, size_t *ncache,
                              const ric_cmp_obs *o, double *out)
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
    if (o->time_mean) {
        double sum = 0.0;
        for (size_t r = 0; r < s->rows; r++)
            sum += s->v[r * width + col];
        *out = sum / (double)s->rows;
    } else {
        *out = s->v[(s->rows - 1) * width + col];
    }
    return RIC_OK;
}

/* Reads the observables of one run file, opened once; the index said it is
 * complete, and the file must say so too. */
static ric_status ric_i_run(ric_compare *c, ric_cmp_set *s, const char *run, uint64_t seed,
                            ric_error *err)
{
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
    if (st == RIC_OK && c->nobs == 0)
        ric_i_choose(c, &f);
    ric_i_series *cache = st == RIC_OK ? calloc(RIC_CMP_MAX_OBS + 1, sizeof *cache) : NULL;
    if (st == RIC_OK && !cache)
        st = ric_error_set(err, RIC_ENOMEM, "compare: no memory");
    size_t ncache = 0;
    for (size_t o = 0; o < c->nobs && st == RIC_OK; o++)
        st = ric_i_value(&f, cache, &ncache, &c->obs[o], &s->value[s->n * RIC_CMP_MAX_OBS + o]);
    ric_cmp_obs spend = {"", "spend", "cumulative", 0};
    double sp = NAN;
    if (st == RIC_OK)
        st = ric_i_value(&f, cache, &ncache, &spend, &sp);
    for (size_t k = 0; k < ncache; k++) {
        free(cache[k].steps);
        free(cache[k].v);
    }
    free(cache);
    ric_h5f_close(&f);
    RIC_CHECK(st);
    s->spend[s->n] = isfinite(sp) ? sp : 0.0;
    s->seed[s->n++] = seed;
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
    int64_t *point = NULL, *seed = NULL;
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
    ric_h5f_close(&f);
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
        if (npoints > 1)
            snprintf(s->label, sizeof s->label, "%.100s[%lld]", base, (long long)pt);
        else
            snprintf(s->label, sizeof s->label, "%.120s", base);
        s->seed = malloc((n ? n : 1) * sizeof *s->seed);
        s->value = malloc((n ? n : 1) * RIC_CMP_MAX_OBS * sizeof *s->value);
        s->spend = malloc((n ? n : 1) * sizeof *s->spend);
        c->nsets++; /* owned from here: destroy frees it */
        if (!s->seed || !s->value || !s->spend) {
            st = ric_error_set(err, RIC_ENOMEM, "compare: no memory");
            break;
        }
        for (size_t i = 0; i < n && st == RIC_OK; i++) {
            if (point[i] != pt || strcmp(status + i * (ws + 1), "complete") != 0)
                continue;
            char run[8400];
            snprintf(run, sizeof run, "%s/%s", dir, files + i * (w + 1));
            st = ric_i_run(c, s, run, (uint64_t)seed[i], err);
        }
        if (st == RIC_OK && s->n == 0 && !c->allow_empty)
            st = ric_error_set(err, RIC_EINVAL, "%s: design point %lld has no complete run", index,
                               (long long)pt);
    }
    free(files);
    free(status);
    free(point);
    free(seed);
    return st;
}

ric_status ric_compare_run(ric_compare *c, ric_error *err)
{
    if (c->nsets == 0)
        return ric_error_set(err, RIC_EINVAL, "compare: nothing to compare");
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
            r->diff = r->diff_low = r->diff_high = r->p = r->per_1000 = NAN;
            if (s == 0)
                continue;
            /* Paired when both sides ran the same seeds in the same order. */
            int paired = a->n == b->n && a->n > 1;
            for (size_t i = 0; paired && i < a->n; i++)
                paired = a->seed[i] == b->seed[i] && isfinite(a->value[i * RIC_CMP_MAX_OBS + o]) &&
                         isfinite(b->value[i * RIC_CMP_MAX_OBS + o]);
            size_t nb = 0;
            na = 0;
            for (size_t i = 0; i < a->n; i++)
                if (isfinite(a->value[i * RIC_CMP_MAX_OBS + o]))
                    x[na++] = a->value[i * RIC_CMP_MAX_OBS + o];
            for (size_t i = 0; i < b->n; i++)
                if (isfinite(b->value[i * RIC_CMP_MAX_OBS + o]))
                    y[nb++] = b->value[i * RIC_CMP_MAX_OBS + o];
            r->has_diff = 1;
            r->paired = paired;
            ric_stats_diff(x, na, y, nb, paired, &r->diff, &r->diff_low, &r->diff_high, &r->p);
            double spend = a->n ? gsl_stats_mean(a->spend, 1, a->n) : 0.0;
            double bspend = b->n ? gsl_stats_mean(b->spend, 1, b->n) : 0.0;
            if (spend - bspend > 0.0 && strcmp(c->obs[o].series, "spend") != 0)
                r->per_1000 = r->diff / (spend - bspend) * 1000.0;
        }
    free(x);
    free(y);
    return RIC_OK;
}

/* A number in 6 significant digits, "" for NaN. */
static const char *ric_i_num(char *buf, double v)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, 32, "%.6g", v);
    return buf;
}

ric_status ric_compare_format(const ric_compare *c, int format, char **out, ric_error *err)
{
    static const char *const head[] = {"observable", "scenario", "n",    "mean",
                                       "ci_low",     "ci_high",  "diff", "diff_low",
                                       "diff_high",  "p",        "test", "per_1000_budget"};
    enum { NCOL = sizeof head / sizeof head[0] };
    ric_strbuf b = {0};
    /* Cells as text first, so the table can be aligned. */
    size_t nr = c->nrows + 1;
    char(*cell)[NCOL][72] = calloc(nr, sizeof *cell);
    if (!cell)
        return ric_error_set(err, RIC_ENOMEM, "compare: no memory");
    for (int k = 0; k < NCOL; k++)
        snprintf(cell[0][k], sizeof cell[0][k], "%s", head[k]);
    for (size_t i = 0; i < c->nrows; i++) {
        const ric_cmp_row *r = &c->rows[i];
        char(*row)[72] = cell[i + 1];
        char t[32];
        snprintf(row[0], 72, "%s", c->obs[r->obs].name);
        snprintf(row[1], 72, "%.71s", c->sets[r->set].label);
        snprintf(row[2], 72, "%zu", r->n);
        snprintf(row[3], 72, "%s", ric_i_num(t, r->mean));
        snprintf(row[4], 72, "%s", ric_i_num(t, r->ci_low));
        snprintf(row[5], 72, "%s", ric_i_num(t, r->ci_high));
        snprintf(row[6], 72, "%s", r->has_diff ? ric_i_num(t, r->diff) : "");
        snprintf(row[7], 72, "%s", r->has_diff ? ric_i_num(t, r->diff_low) : "");
        snprintf(row[8], 72, "%s", r->has_diff ? ric_i_num(t, r->diff_high) : "");
        snprintf(row[9], 72, "%s", r->has_diff ? ric_i_num(t, r->p) : "");
        snprintf(row[10], 72, "%s", !r->has_diff ? "baseline" : r->paired ? "paired t" : "Welch t");
        snprintf(row[11], 72, "%s", r->has_diff ? ric_i_num(t, r->per_1000) : "");
    }
    size_t width[NCOL] = {0};
    for (size_t i = 0; i < nr; i++)
        for (int k = 0; k < NCOL; k++) {
            size_t l = strlen(cell[i][k]);
            width[k] = l > width[k] ? l : width[k];
        }
    for (size_t i = 0; i < nr; i++) {
        for (int k = 0; k < NCOL; k++) {
            if (format == RIC_CMP_CSV) {
                /* Quote cells with separators (observable names have none today). */
                int q = strpbrk(cell[i][k], ",\"") != NULL;
                ric_strbuf_printf(&b, "%s%s%s%s", k ? "," : "", q ? "\"" : "", cell[i][k],
                                  q ? "\"" : "");
            } else if (format == RIC_CMP_MARKDOWN) {
                ric_strbuf_printf(&b, "| %s ", cell[i][k]);
            } else {
                ric_strbuf_printf(&b, "%s%-*s", k ? "  " : "", (int)width[k], cell[i][k]);
            }
        }
        ric_strbuf_printf(&b, "%s\n", format == RIC_CMP_MARKDOWN ? "|" : "");
        if (i == 0 && format == RIC_CMP_MARKDOWN) {
            for (int k = 0; k < NCOL; k++)
                ric_strbuf_printf(&b, "|%s", k >= 2 && k != 10 ? "---:" : "---");
            ric_strbuf_printf(&b, "|\n");
        }
    }
    free(cell);
    if (b.oom || !b.s) {
        free(b.s);
        return ric_error_set(err, RIC_ENOMEM, "compare: no memory");
    }
    *out = b.s;
    return RIC_OK;
}
