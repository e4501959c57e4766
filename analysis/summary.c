/* ricsim summary (ric_summary.h). */
#include "ric_summary.h"

#include "ric_compare.h"
#include "ric_h5.h"
#include "ric_strbuf.h"

#include <hdf5.h>

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

static void ric_i_last_row(ric_strbuf *b, const char *path, const char *series)
{
    int64_t *steps = NULL;
    double *v = NULL;
    size_t rows = 0, ncols = 0;
    ric_error probe;
    ric_error_clear(&probe);
    if (ric_h5_read_series(path, series, &steps, &v, &rows, &ncols, &probe) != RIC_OK ||
        rows == 0) {
        free(steps);
        free(v);
        return;
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
        if (ric_h5_read_columns(path, dset, names, 256, &n, &probe) != RIC_OK)
            n = 0;
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
}

/* A scalar string dataset (fixed or variable length) or "". */
static void ric_i_string(hid_t f, const char *obj, char *buf, size_t size)
{
    buf[0] = '\0';
    hid_t d = H5Lexists(f, obj, H5P_DEFAULT) > 0 ? H5Dopen2(f, obj, H5P_DEFAULT) : -1;
    if (d < 0)
        return;
    hid_t t = H5Dget_type(d);
    if (!H5Tis_variable_str(t) && H5Tget_size(t) < size)
        H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
    H5Tclose(t);
    H5Dclose(d);
}

static int64_t ric_i_scalar_i64(hid_t f, const char *obj)
{
    int64_t v = -1;
    hid_t d = H5Lexists(f, obj, H5P_DEFAULT) > 0 ? H5Dopen2(f, obj, H5P_DEFAULT) : -1;
    if (d >= 0) {
        H5Dread(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v);
        H5Dclose(d);
    }
    return v;
}

static ric_status ric_i_run(ric_strbuf *b, const char *path, hid_t f)
{
    char status[64], scen[1024];
    ric_i_string(f, "/run_status", status, sizeof status);
    ric_i_string(f, "/parameters/scenario_path", scen, sizeof scen);
    ric_strbuf_printf(b, "%s: ricsim run output, status %s\n", path, status);
    ric_strbuf_printf(b, "  scenario %s, seed %lld, replication %lld, steps %lld\n", scen,
                      (long long)ric_i_scalar_i64(f, "/parameters/seed"),
                      (long long)ric_i_scalar_i64(f, "/parameters/replication"),
                      (long long)ric_i_scalar_i64(f, "/parameters/steps"));
    static const char *const tables[] = {"innovation", "entry", "exit"};
    ric_strbuf_printf(b, "  events:");
    for (size_t t = 0; t < 3; t++) {
        char obj[64];
        snprintf(obj, sizeof obj, "/events/%s", tables[t]);
        hsize_t dims[2] = {0, 0};
        hid_t d = H5Lexists(f, "/events", H5P_DEFAULT) > 0 && H5Lexists(f, obj, H5P_DEFAULT) > 0
                      ? H5Dopen2(f, obj, H5P_DEFAULT)
                      : -1;
        if (d >= 0) {
            hid_t sp = H5Dget_space(d);
            H5Sget_simple_extent_dims(sp, dims, NULL);
            H5Sclose(sp);
            H5Dclose(d);
        }
        ric_strbuf_printf(b, " %s %llu", tables[t], (unsigned long long)dims[0]);
    }
    ric_strbuf_printf(b, "\n");
    ric_i_key_figures(b, path);
    /* Then every column of the series those figures come from. */
    ric_strbuf_printf(b, "  their series, last recorded row:\n");
    for (size_t k = 0; k < ric_nobservables; k++) {
        size_t j = 0;
        while (j < k && strcmp(ric_observables[j].series, ric_observables[k].series) != 0)
            j++;
        if (j == k) /* each series once */
            ric_i_last_row(b, path, ric_observables[k].series);
    }
    return RIC_OK;
}

static ric_status ric_i_index(ric_strbuf *b, const char *path, const char *dir, hid_t f,
                              ric_error *err)
{
    char status[64];
    ric_i_string(f, "/run_status", status, sizeof status);
    ric_strbuf_printf(b, "%s: ricsim ensemble index, status %s\n", path, status);
    H5Fclose(f);
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
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    htri_t is = H5Fis_hdf5(file);
    if (is <= 0)
        return ric_error_set(err, is < 0 ? RIC_ENOENT : RIC_EFORMAT,
                             "%s: not an HDF5 file (truncated, or not a ricsim output)", file);
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return ric_error_set(err, RIC_EFORMAT, "%s: cannot be opened (damaged or truncated?)",
                             file);
    ric_strbuf b = {0};
    ric_status st;
    if (H5Lexists(f, "ensemble", H5P_DEFAULT) > 0 && H5Lexists(f, "runs", H5P_DEFAULT) > 0) {
        st = ric_i_index(&b, file, dir, f, err); /* closes f */
    } else if (H5Lexists(f, "h5md", H5P_DEFAULT) > 0 &&
               H5Lexists(f, "observables", H5P_DEFAULT) > 0) {
        st = ric_i_run(&b, file, f);
        H5Fclose(f);
    } else {
        H5Fclose(f);
        st = ric_error_set(err, RIC_EFORMAT,
                           "%s: an HDF5 file, but neither a ricsim run output (/h5md, "
                           "/observables) nor an ensemble index (/ensemble, /runs)",
                           file);
    }
    if (st == RIC_OK && b.oom)
        st = ric_error_set(err, RIC_ENOMEM, "summary: no memory");
    if (st != RIC_OK) {
        free(b.s);
        return st;
    }
    *out = b.s;
    return RIC_OK;
}
