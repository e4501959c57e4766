/* ricsim summary (ric_summary.h). */
#include "ric_summary.h"

#include "ric_compare.h"
#include "ric_h5.h"
#include "ric_h5io.h"
#include "ric_strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The registry's outcomes at the last recorded step, with labels and units. */
static void ric_i_key_figures(ric_strbuf *b, const char *path)
{
    ric_strbuf_printf(b, "  key figures at the last recorded step:\n");
    for (size_t k = 0; k < ric_nobservables; k++) {
        const ric_observable *d = &ric_observables[k];
        ric_cmp_obs o = {.kind = d->kind};
        snprintf(o.series, sizeof o.series, "%s", d->series);
        snprintf(o.column, sizeof o.column, "%s", d->column);
        int64_t *steps = NULL;
        double *v = NULL;
        size_t rows = 0;
        if (ric_compare_run_column(path, &o, &steps, &v, &rows) == 0 && rows > 0) {
            /* About 4 significant digits, fixed decimals. */
            double x = ric_cmp_shown(&o, v[rows - 1]);
            int dec = fabs(x) > 0 && isfinite(x) ? 3 - (int)floor(log10(fabs(x))) : 2;
            dec = dec < 0 ? 0 : dec > 8 ? 8 : dec;
            ric_strbuf_printf(b, "    %-40s %14.*f %s (step %lld)\n", d->label, dec, x, d->unit,
                              (long long)steps[rows - 1]);
        }
        free(steps);
        free(v);
    }
}

/* One headline series; absent is fine (older files), damaged is an error. */
static ric_status ric_i_last_row(ric_strbuf *b, ric_h5f *f, const char *series)
{
    int64_t *steps = NULL;
    double *v = NULL;
    size_t rows = 0, ncols = 0;
    ric_status st = ric_h5f_series(f, series, &steps, &v, &rows, &ncols);
    if (st != RIC_OK || rows == 0) {
        free(steps);
        free(v);
        if (st == RIC_EINVAL)
            ric_error_clear(f->err);
        return st == RIC_EINVAL ? RIC_OK : st;
    }
    const size_t w = ncols ? ncols : 1;
    const double *last = v + (rows - 1) * w;
    ric_strbuf_printf(b, "  %-20s (step %lld)", series, (long long)steps[rows - 1]);
    if (ncols == 0) {
        ric_strbuf_printf(b, " %.6g\n", last[0]);
    } else {
        char names[256][64], dset[128];
        size_t n = 0;
        snprintf(dset, sizeof dset, "/observables/%s/value", series);
        if (ric_h5f_columns(f, dset, names, 256, &n) != RIC_OK) {
            ric_error_clear(f->err);
            n = 0;
        }
        for (size_t c = 0; c < ncols; c++) {
            /* Statistics series: only the means, or the line runs on. */
            if (n == ncols && strchr(names[c], '.') && !strstr(names[c], ".mean"))
                continue;
            if (n == ncols)
                ric_strbuf_printf(b, " %s=%.4g", names[c], last[c]);
            else
                ric_strbuf_printf(b, " %.4g", last[c]);
        }
        ric_strbuf_printf(b, "\n");
    }
    free(steps);
    free(v);
    return RIC_OK;
}

/* A scalar dataset of the run's parameters, read checked. */
static ric_status ric_i_param(ric_h5f *f, const char *obj, ric_h5_type t, long long *out)
{
    void *v = NULL;
    RIC_CHECK(ric_h5f_get(f, obj, t, 0, NULL, NULL, &v));
    *out = t == RIC_H5_U64 ? (long long)*(uint64_t *)v : (long long)*(int64_t *)v;
    free(v);
    return RIC_OK;
}

static ric_status ric_i_run(ric_strbuf *b, ric_h5f *f)
{
    char status[RIC_H5_STATUS_SIZE];
    char *scen = NULL;
    long long seed = 0, rep = 0, steps = 0;
    RIC_CHECK(ric_h5f_status(f, status, sizeof status));
    RIC_CHECK(ric_h5f_get_str(f, "/parameters/scenario_path", 4096, &scen));
    ric_status st = ric_i_param(f, "/parameters/seed", RIC_H5_U64, &seed);
    if (st == RIC_OK)
        st = ric_i_param(f, "/parameters/replication", RIC_H5_U64, &rep);
    if (st == RIC_OK)
        st = ric_i_param(f, "/parameters/steps", RIC_H5_I64, &steps);
    if (st == RIC_OK) {
        ric_strbuf_printf(b, "%s: ricsim run output, status %s\n", f->path, status);
        ric_strbuf_printf(b, "  scenario %s, seed %lld, replication %lld, steps %lld\n", scen, seed,
                          rep, steps);
    }
    free(scen);
    RIC_CHECK(st);
    static const char *const tables[] = {"innovation", "entry", "exit"};
    ric_strbuf_printf(b, "  events:");
    for (size_t t = 0; t < 3; t++) {
        char obj[64];
        snprintf(obj, sizeof obj, "/events/%s", tables[t]);
        size_t dims[2] = {0, 0};
        void *rows = NULL;
        if (ric_h5f_has(f, obj) > 0)
            RIC_CHECK(ric_h5f_get(f, obj, RIC_H5_I64, 2, NULL, dims, &rows));
        free(rows);
        ric_strbuf_printf(b, " %s %zu", tables[t], dims[0]);
    }
    ric_strbuf_printf(b, "\n");
    ric_i_key_figures(b, f->path);
    /* Then every column of the series those figures come from. */
    ric_strbuf_printf(b, "  their series, last recorded row:\n");
    for (size_t k = 0; k < ric_nobservables; k++) {
        size_t j = 0;
        while (j < k && strcmp(ric_observables[j].series, ric_observables[k].series) != 0)
            j++;
        if (j == k) /* each series once */
            RIC_CHECK(ric_i_last_row(b, f, ric_observables[k].series));
    }
    return RIC_OK;
}

static ric_status ric_i_index(ric_strbuf *b, ric_h5f *f, const char *dir, ric_error *err)
{
    char status[RIC_H5_STATUS_SIZE];
    RIC_CHECK(ric_h5f_status(f, status, sizeof status));
    ric_strbuf_printf(b, "%s: ricsim ensemble index, status %s\n", f->path, status);
    ric_h5f_close(f);
    ric_compare c;
    ric_compare_init(&c);
    c.allow_empty = 1; /* a quick look matters most when runs are missing */
    ric_status st = ric_compare_add(&c, dir, err);
    if (st == RIC_OK)
        st = ric_compare_run(&c, err);
    if (st == RIC_OK) {
        ric_strbuf_printf(b, "  %zu scenario(s):", c.nsets);
        for (size_t s = 0; s < c.nsets; s++)
            ric_strbuf_printf(b, " %s (%zu complete runs)", c.sets[s].label, c.sets[s].n);
        ric_strbuf_printf(b, "\n  mean [95%% CI] over complete runs:\n");
        for (size_t r = 0; r < c.nrows; r++) {
            const ric_cmp_row *row = &c.rows[r];
            if (c.obs[row->obs].agg == RIC_CMP_PERIOD_MEAN)
                continue;
            ric_strbuf_printf(b, "  %-40s %-16s %.5g [%.5g, %.5g]\n", c.obs[row->obs].name,
                              c.sets[row->set].label, row->mean, row->ci_low, row->ci_high);
        }
    }
    ric_compare_destroy(&c);
    return st;
}

ric_status ric_summary(const char *path, char **out, ric_error *err)
{
    char file[4200], dir[4096];
    struct stat sb;
    *out = NULL;
    if (stat(path, &sb) != 0)
        return ric_error_set(err, errno == ENOENT ? RIC_ENOENT : RIC_EIO, "%s: %s", path,
                             strerror(errno));
    if (S_ISDIR(sb.st_mode)) {
        snprintf(dir, sizeof dir, "%s", path);
        snprintf(file, sizeof file, "%s/ensemble.h5", path);
    } else {
        snprintf(file, sizeof file, "%s", path);
        const char *slash = strrchr(path, '/');
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    }
    ric_h5f f;
    RIC_CHECK(ric_h5f_open(&f, file, "output file or ensemble index", err));
    ric_strbuf b = {0};
    ric_status st;
    if (ric_h5f_has(&f, "/ensemble") > 0 && ric_h5f_has(&f, "/runs") > 0) {
        st = ric_i_index(&b, &f, dir, err); /* closes f */
    } else if (ric_h5f_has(&f, "/h5md") > 0 && ric_h5f_has(&f, "/observables") > 0) {
        st = ric_i_run(&b, &f);
    } else {
        st = ric_error_set(err, RIC_EFORMAT,
                           "%s: an HDF5 file, but neither a ricsim run output (/h5md, "
                           "/observables) nor an ensemble index (/ensemble, /runs)",
                           file);
    }
    ric_h5f_close(&f);
    if (st == RIC_OK && b.oom)
        st = ric_error_set(err, RIC_ENOMEM, "summary: no memory");
    if (st != RIC_OK) {
        free(b.s);
        return st;
    }
    *out = b.s;
    return RIC_OK;
}
