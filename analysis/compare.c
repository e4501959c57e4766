/* Strategy comparison (ric_compare.h). */
#include "ric_compare.h"

#include "ric_h5.h"
#include "ric_strbuf.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <hdf5.h>

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

/* Fixed-length string dataset of an index into rows of width w. */
static char *ric_i_read_strings(hid_t f, const char *obj, size_t *n, size_t *w)
{
    hid_t d = H5Dopen2(f, obj, H5P_DEFAULT);
    if (d < 0)
        return NULL;
    hid_t t = H5Dget_type(d), sp = H5Dget_space(d);
    hssize_t cnt = H5Sget_simple_extent_npoints(sp);
    *w = H5Tget_size(t);
    char *buf = cnt >= 0 && !H5Tis_variable_str(t) ? calloc((size_t)cnt + 1, *w + 1) : NULL;
    if (buf && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        free(buf);
        buf = NULL;
    }
    *n = cnt >= 0 ? (size_t)cnt : 0;
    H5Sclose(sp);
    H5Tclose(t);
    H5Dclose(d);
    return buf;
}

static int ric_i_read_i64(hid_t f, const char *obj, int64_t *out, size_t n)
{
    hid_t d = H5Dopen2(f, obj, H5P_DEFAULT);
    if (d < 0)
        return -1;
    hid_t sp = H5Dget_space(d);
    int ok = H5Sget_simple_extent_npoints(sp) == (hssize_t)n &&
             H5Dread(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0;
    H5Sclose(sp);
    H5Dclose(d);
    return ok ? 0 : -1;
}

/* The main observables, from the series a run file has. */
static void ric_i_choose(ric_compare *c, const char *run)
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
    ric_error probe;
    ric_error_clear(&probe);
    if (ric_h5_read_columns(run, "/observables/capability_by_region/value", cols, 128, &n,
                            &probe) != RIC_OK)
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

/* Value of one observable in one run file (NaN if the run lacks it). */
static double ric_i_value(const char *run, const ric_cmp_obs *o)
{
    int64_t *steps = NULL;
    double *v = NULL, out = NAN;
    size_t rows = 0, ncols = 0;
    ric_error probe;
    ric_error_clear(&probe);
    if (ric_h5_read_series(run, o->series, &steps, &v, &rows, &ncols, &probe) != RIC_OK ||
        rows == 0)
        goto done;
    size_t col = 0, width = ncols ? ncols : 1;
    if (o->column[0]) {
        char cols[128][64], dset[128];
        size_t n = 0;
        snprintf(dset, sizeof dset, "/observables/%s/value", o->series);
        if (ric_h5_read_columns(run, dset, cols, 128, &n, &probe) != RIC_OK)
            goto done;
        for (col = 0; col < n && strcmp(cols[col], o->column) != 0; col++)
            ;
        if (col == n || col >= width)
            goto done;
    }
    if (o->time_mean) {
        double s = 0.0;
        for (size_t r = 0; r < rows; r++)
            s += v[r * width + col];
        out = s / (double)rows;
    } else {
        out = v[(rows - 1) * width + col];
    }
done:
    free(steps);
    free(v);
    return out;
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
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (H5Fis_hdf5(index) <= 0)
        return ric_error_set(err, RIC_EFORMAT, "%s: not an HDF5 file", index);
    hid_t f = H5Fopen(index, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return ric_error_set(err, RIC_EFORMAT, "%s: cannot open (truncated or damaged?)", index);
    size_t n = 0, w = 0, ns = 0, ws = 0;
    char *files = H5Lexists(f, "runs", H5P_DEFAULT) > 0 && H5Lexists(f, "ensemble", H5P_DEFAULT) > 0
                      ? ric_i_read_strings(f, "/runs/file", &n, &w)
                      : NULL;
    char *status = files ? ric_i_read_strings(f, "/runs/status", &ns, &ws) : NULL;
    int64_t *point = files ? malloc((n ? n : 1) * sizeof *point) : NULL;
    int64_t *seed = files ? malloc((n ? n : 1) * sizeof *seed) : NULL;
    ric_status st = RIC_OK;
    if (!files || !status || ns != n || !point || !seed ||
        ric_i_read_i64(f, "/runs/point", point, n) || ric_i_read_i64(f, "/runs/seed", seed, n))
        st = ric_error_set(err, RIC_EFORMAT, "%s: not a ricsim ensemble index", index);
    H5Fclose(f);
    int64_t npoints = 0;
    for (size_t i = 0; st == RIC_OK && i < n; i++)
        npoints = point[i] + 1 > npoints ? point[i] + 1 : npoints;
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
        for (size_t i = 0; i < n; i++) {
            if (point[i] != pt || strncmp(status + i * ws, "complete", ws) != 0)
                continue;
            char run[8400];
            snprintf(run, sizeof run, "%s/%.*s", dir, (int)w, files + i * w);
            if (c->nobs == 0)
                ric_i_choose(c, run);
            for (size_t o = 0; o < c->nobs; o++)
                s->value[s->n * RIC_CMP_MAX_OBS + o] = ric_i_value(run, &c->obs[o]);
            ric_cmp_obs spend = {"", "spend", "cumulative", 0};
            double sp = ric_i_value(run, &spend);
            s->spend[s->n] = isfinite(sp) ? sp : 0.0;
            s->seed[s->n++] = (uint64_t)seed[i];
        }
        if (s->n == 0 && !c->allow_empty)
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
