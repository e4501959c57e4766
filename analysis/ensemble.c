/* Ensembles (ric_ensemble.h): run files, the run list, the index. */
#include "ric_ensemble.h"

#include "ric_h5.h"
#include "ric_params.h"
#include "ric_run.h"
#include "ric_strbuf.h"
#include "ric_version.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <hdf5.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void ric_i_point_rep(const ric_ensemble *e, size_t i, size_t *point, size_t *rep)
{
    *point = i / (size_t)e->design.replications;
    *rep = i % (size_t)e->design.replications;
}

void ric_ensemble_run_path(const ric_ensemble *e, size_t i, char *buf, size_t size)
{
    size_t point, rep;
    ric_i_point_rep(e, i, &point, &rep);
    snprintf(buf, size, "%s/runs/p%04zu_r%04zu.h5", e->dir, point, rep);
}

/* The --set list of run i: the user's, the design point's values, then
 * run.replication. Strings live in `store` (caller frees it and the array). */
static ric_status ric_i_run_sets(const ric_ensemble *e, size_t i, const char ***sets, size_t *n,
                                 char **store, ric_error *err)
{
    const ric_design *d = &e->design;
    size_t point, rep;
    ric_i_point_rep(e, i, &point, &rep);
    size_t total = e->nsets + d->nfactors + 2;
    *sets = malloc(total * sizeof **sets);
    *store = malloc((d->nfactors + 2) * 4200);
    if (!*sets || !*store) {
        free(*sets);
        free(*store);
        *sets = NULL;
        *store = NULL;
        return ric_error_set(err, RIC_ENOMEM, "ensemble: no memory");
    }
    size_t k = 0;
    for (size_t s = 0; s < e->nsets; s++)
        (*sets)[k++] = e->sets[s];
    for (size_t f = 0; f < d->nfactors; f++) {
        char *slot = *store + f * 4200;
        snprintf(slot, 4200, "%s=%s", d->factors[f].key, d->values[point * d->nfactors + f]);
        (*sets)[k++] = slot;
    }
    char *slot = *store + d->nfactors * 4200;
    snprintf(slot, 4200, "run.replication=%zu", rep);
    (*sets)[k++] = slot;
    if (e->warmup) { /* replication r branches from replication r of the warm-up */
        slot = *store + (d->nfactors + 1) * 4200;
        snprintf(slot, 4200, "run.warmup=%.4000s/runs/p0000_r%04zu.h5.ckpt.h5", e->warmup, rep);
        (*sets)[k++] = slot;
    }
    *n = k;
    return RIC_OK;
}

/* Appends s to buf quoted for a POSIX shell. */
static void ric_i_quote(char *buf, size_t size, const char *s)
{
    size_t len = strlen(buf);
    if (len + 1 >= size)
        return;
    buf[len++] = '\'';
    for (; *s && len + 5 < size; s++) {
        if (*s == '\'') {
            memcpy(buf + len, "'\\''", 4);
            len += 4;
        } else {
            buf[len++] = *s;
        }
    }
    buf[len++] = '\'';
    buf[len] = '\0';
}

ric_status ric_ensemble_command(const ric_ensemble *e, size_t i, char *buf, size_t size,
                                ric_error *err)
{
    const char **sets;
    char *store;
    size_t n;
    RIC_CHECK(ric_i_run_sets(e, i, &sets, &n, &store, err));
    size_t point, rep;
    ric_i_point_rep(e, i, &point, &rep);
    char path[4096], tail[128];
    ric_ensemble_run_path(e, i, path, sizeof path);
    snprintf(buf, size, "ricsim run ");
    ric_i_quote(buf, size, e->scenario);
    strncat(buf, " -o ", size - strlen(buf) - 1);
    ric_i_quote(buf, size, path);
    snprintf(tail, sizeof tail, " --seed %llu --threads %d",
             (unsigned long long)ric_design_seed(&e->design, point, rep), e->threads);
    strncat(buf, tail, size - strlen(buf) - 1);
    if (e->steps >= 0) {
        snprintf(tail, sizeof tail, " --steps %lld", (long long)e->steps);
        strncat(buf, tail, size - strlen(buf) - 1);
    }
    if (e->checkpoint_every > 0) {
        snprintf(tail, sizeof tail, " --checkpoint-every %lld", (long long)e->checkpoint_every);
        strncat(buf, tail, size - strlen(buf) - 1);
    }
    for (size_t s = 0; s < n; s++) {
        strncat(buf, " --set ", size - strlen(buf) - 1);
        ric_i_quote(buf, size, sets[s]);
    }
    free(sets);
    free(store);
    if (strlen(buf) + 1 >= size)
        return ric_error_set(err, RIC_EINVAL, "ensemble: command of run %zu too long", i);
    return RIC_OK;
}

/* What the ensemble is, as text: equal texts, equal ensembles. */
static char *ric_i_describe(const ric_ensemble *e)
{
    const ric_design *d = &e->design;
    size_t cap = 4096 + e->nsets * 512 + d->npoints * (d->nfactors + 1) * 80, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    len += (size_t)snprintf(s + len, cap - len,
                            "# ricsim ensemble (written by ricsim %s; do not edit)\n"
                            "scenario: %s\nsteps: %lld\nthreads: %d\nreplications: %lld\n"
                            "master_seed: %llu\ncommon_seeds: %d\nmethod: %d\n"
                            "checkpoint_every: %lld\nwarmup: %s\n",
                            RIC_VERSION_STRING, e->scenario, (long long)e->steps, e->threads,
                            (long long)d->replications, (unsigned long long)d->master_seed,
                            d->common_seeds, d->method, (long long)e->checkpoint_every,
                            e->warmup ? e->warmup : "");
    for (size_t k = 0; k < e->nsets && len < cap; k++)
        len += (size_t)snprintf(s + len, cap - len, "set: %s\n", e->sets[k]);
    for (size_t p = 0; p < d->npoints && len < cap; p++) {
        len += (size_t)snprintf(s + len, cap - len, "point %zu:", p);
        for (size_t f = 0; f < d->nfactors && len < cap; f++)
            len += (size_t)snprintf(s + len, cap - len, " %s=%s", d->factors[f].key,
                                    d->values[p * d->nfactors + f]);
        if (len < cap)
            len += (size_t)snprintf(s + len, cap - len, "\n");
    }
    return s;
}

/* Writes text to path through a private temporary name and a rename, so a
 * concurrent reader sees the old file or the new one, never half of one. */
static ric_status ric_i_write_atomic(const char *path, const char *text, ric_error *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
        ric_status st = ric_error_set(err, RIC_EIO, "%s: cannot write: %s", path, strerror(errno));
        remove(tmp);
        return st;
    }
    return RIC_OK;
}

/* mkdir -p: the ensemble directory's parents are made too. */
static ric_status ric_i_mkdir(const char *path, ric_error *err)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *c = buf + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return ric_error_set(err, RIC_EIO, "%s: cannot create directory: %s", buf,
                                 strerror(errno));
        *c = '/';
    }
    if (mkdir(buf, 0777) == 0 || errno == EEXIST)
        return RIC_OK;
    return ric_error_set(err, RIC_EIO, "%s: cannot create directory: %s", path, strerror(errno));
}

/* Does `want` only add replications to `have`? Run names and seeds depend
 * on (point, replication) alone, so the runs already made are those a fresh
 * ensemble of the larger size would make: they are kept and skipped. */
static int ric_i_grows(const char *have, const char *want)
{
    const char *h = strstr(have, "\nreplications: "), *w = strstr(want, "\nreplications: ");
    if (!h || !w || h - have != w - want || strncmp(have, want, (size_t)(h - have)) != 0)
        return 0;
    char *he, *we;
    long long rh = strtoll(h + 15, &he, 10), rw = strtoll(w + 15, &we, 10);
    return rw >= rh && strcmp(he, we) == 0;
}

ric_status ric_ensemble_prepare(const ric_ensemble *e, int force, ric_error *err)
{
    char path[4096];
    RIC_CHECK(ric_i_mkdir(e->dir, err));
    snprintf(path, sizeof path, "%s/runs", e->dir);
    RIC_CHECK(ric_i_mkdir(path, err));
    char *want = ric_i_describe(e);
    if (!want)
        return ric_error_set(err, RIC_ENOMEM, "ensemble: no memory");
    snprintf(path, sizeof path, "%s/ensemble.txt", e->dir);
    char *have = ric_read_file(path, NULL);
    ric_status st = RIC_OK;
    const int grows = have && ric_i_grows(have, want);
    if (have && strcmp(have, want) != 0 && !force && !grows)
        st = ric_error_set(err, RIC_EEXIST,
                           "%s holds a different ensemble (see %s); use another directory or "
                           "--force to replace its runs",
                           e->dir, path);
    if (st == RIC_OK && (!have || strcmp(have, want) != 0)) {
        if (have && !grows) { /* --force: the old runs do not belong to this ensemble */
            for (size_t i = 0; i < ric_design_runs(&e->design); i++) {
                char run[4096];
                ric_ensemble_run_path(e, i, run, sizeof run);
                remove(run);
            }
        }
        st = ric_i_write_atomic(path, want, err);
    }
    free(have);
    free(want);
    RIC_CHECK(st);
    /* The run list, for job arrays and for re-running one run by hand;
     * written under a private name and renamed, as many tasks of a job
     * array may start at once. */
    char tmp[4200];
    snprintf(path, sizeof path, "%s/runs.tsv", e->dir);
    snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        return ric_error_set(err, RIC_EIO, "%s: cannot write: %s", tmp, strerror(errno));
    fprintf(f, "# index\tpoint\treplication\tseed\tfile\tcommand\n");
    char cmd[16384], run[4096];
    for (size_t i = 0; i < ric_design_runs(&e->design) && st == RIC_OK; i++) {
        size_t point, rep;
        ric_i_point_rep(e, i, &point, &rep);
        ric_ensemble_run_path(e, i, run, sizeof run);
        st = ric_ensemble_command(e, i, cmd, sizeof cmd, err);
        fprintf(f, "%zu\t%zu\t%zu\t%llu\t%s\t%s\n", i, point, rep,
                (unsigned long long)ric_design_seed(&e->design, point, rep), run, cmd);
    }
    if (fclose(f) != 0 && st == RIC_OK)
        st = ric_error_set(err, RIC_EIO, "%s: cannot write: %s", tmp, strerror(errno));
    if (st == RIC_OK && rename(tmp, path) != 0)
        st = ric_error_set(err, RIC_EIO, "%s: cannot rename: %s", tmp, strerror(errno));
    if (st != RIC_OK)
        remove(tmp);
    return st;
}

static void ric_i_err_path(const ric_ensemble *e, size_t i, char *buf, size_t size)
{
    ric_ensemble_run_path(e, i, buf, size);
    size_t n = strlen(buf);
    if (n > 3)
        strcpy(buf + n - 3, ".err");
}

ric_status ric_ensemble_run_one(const ric_ensemble *e, size_t i, const volatile sig_atomic_t *stop,
                                int *skipped, ric_error *err)
{
    char path[4096], errpath[4096], status[RIC_H5_STATUS_SIZE];
    ric_ensemble_run_path(e, i, path, sizeof path);
    ric_i_err_path(e, i, errpath, sizeof errpath);
    *skipped = 0;
    ric_error probe;
    ric_error_clear(&probe);
    if (ric_h5_read_status(path, status, sizeof status, &probe) == RIC_OK &&
        strcmp(status, "complete") == 0) {
        *skipped = 1;
        return RIC_OK;
    }
    const char **sets;
    char *store;
    size_t n;
    RIC_CHECK(ric_i_run_sets(e, i, &sets, &n, &store, err));
    size_t point, rep;
    ric_i_point_rep(e, i, &point, &rep);
    ric_run_opts o;
    ric_run_opts_init(&o);
    o.scenario = e->scenario;
    o.output = path;
    o.sets = sets;
    o.nsets = n;
    o.have_seed = 1;
    o.seed = ric_design_seed(&e->design, point, rep);
    o.steps = e->steps;
    o.force = 1; /* an incomplete file from an earlier attempt is replaced */
    o.threads = e->threads;
    o.stop = stop;
    o.checkpoint_every = e->checkpoint_every;
    ric_status st = ric_run(&o, err);
    free(sets);
    free(store);
    if (st == RIC_OK) {
        remove(errpath);
    } else {
        FILE *f = fopen(errpath, "w");
        if (f) {
            fprintf(f, "%s\n", err && err->msg[0] ? err->msg : ric_status_message(st));
            fclose(f);
        }
    }
    return st;
}

/* ---- the index ---------------------------------------------------------- */

typedef struct ric_i_w {
    hid_t file;
    const char *path;
    ric_error *err;
    ric_status st;
} ric_i_w;

static hid_t ric_i_untimed(hid_t cls)
{
    hid_t pl = H5Pcreate(cls);
    if (pl >= 0)
        H5Pset_obj_track_times(pl, 0);
    return pl;
}

static void ric_i_fail(ric_i_w *w, const char *what, const char *obj)
{
    if (w->st == RIC_OK)
        w->st = ric_error_set(w->err, RIC_EHDF5, "%s: cannot write %s %s", w->path, what, obj);
}

static void ric_i_group(ric_i_w *w, const char *obj)
{
    hid_t gcpl = ric_i_untimed(H5P_GROUP_CREATE);
    hid_t g = H5Gcreate2(w->file, obj, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    if (g < 0)
        ric_i_fail(w, "group", obj);
    else
        H5Gclose(g);
    H5Pclose(gcpl);
}

/* A numeric dataset of rank 1..3 (type: H5T_NATIVE_DOUBLE or _INT64),
 * compressed when it holds anything. */
static void ric_i_array(ric_i_w *w, const char *obj, hid_t mtype, int rank, const hsize_t *dims,
                        const void *data)
{
    if (w->st != RIC_OK)
        return;
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = ric_i_untimed(H5P_DATASET_CREATE);
    hsize_t total = 1, chunk[3];
    for (int r = 0; r < rank; r++) {
        total *= dims[r];
        chunk[r] = dims[r];
    }
    if (total > 0 && total <= (hsize_t)1 << 24) {
        H5Pset_chunk(dcpl, rank, chunk);
        H5Pset_shuffle(dcpl);
        H5Pset_deflate(dcpl, 4);
    }
    hid_t ftype = mtype == H5T_NATIVE_DOUBLE ? H5T_IEEE_F64LE : H5T_STD_I64LE;
    hid_t d = H5Dcreate2(w->file, obj, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d < 0 || (total > 0 && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0))
        ric_i_fail(w, "dataset", obj);
    if (d >= 0)
        H5Dclose(d);
    H5Pclose(dcpl);
    H5Sclose(sp);
}

/* Fixed-length strings: one dataset of n strings (n = 0: a scalar one). */
static void ric_i_strings(ric_i_w *w, const char *obj, const char *const *s, size_t n, int scalar)
{
    if (w->st != RIC_OK)
        return;
    /* A scalar is /run_status: the fixed size of run files' status. */
    size_t width = scalar ? RIC_H5_STATUS_SIZE : 1;
    for (size_t i = 0; i < n; i++)
        width = strlen(s[i]) + 1 > width ? strlen(s[i]) + 1 : width;
    char *buf = calloc(n ? n : 1, width);
    if (!buf) {
        w->st = ric_error_set(w->err, RIC_ENOMEM, "index: no memory");
        return;
    }
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * width, s[i], strlen(s[i]));
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, width);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    H5Tset_cset(t, H5T_CSET_UTF8); /* as in run files */
    hsize_t dims[1] = {n};
    hid_t sp = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, NULL);
    hid_t dcpl = ric_i_untimed(H5P_DATASET_CREATE);
    hid_t d = H5Dcreate2(w->file, obj, t, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d < 0 || (n > 0 && H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0))
        ric_i_fail(w, "dataset", obj);
    if (d >= 0)
        H5Dclose(d);
    H5Pclose(dcpl);
    H5Sclose(sp);
    H5Tclose(t);
    free(buf);
}

static void ric_i_attr_str(ric_i_w *w, const char *obj, const char *name, const char *value)
{
    if (w->st != RIC_OK)
        return;
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, strlen(value) + 1);
    H5Tset_cset(t, H5T_CSET_UTF8);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate_by_name(w->file, obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, t, value) < 0)
        ric_i_fail(w, "attribute", name);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
}

static void ric_i_attr_i64(ric_i_w *w, const char *obj, const char *name, int64_t v)
{
    if (w->st != RIC_OK)
        return;
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate_by_name(w->file, obj, name, H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT,
                                H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, H5T_NATIVE_INT64, &v) < 0)
        ric_i_fail(w, "attribute", name);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(sp);
}

/* Names of the series of a run file (its /observables members). */
typedef struct ric_i_names {
    char (*name)[64];
    size_t n, cap;
} ric_i_names;

static herr_t ric_i_collect(hid_t g, const char *name, const H5L_info_t *info, void *ud)
{
    (void)g;
    (void)info;
    ric_i_names *nm = ud;
    if (nm->n == nm->cap) {
        size_t cap = nm->cap ? 2 * nm->cap : 32;
        void *p = realloc(nm->name, cap * sizeof *nm->name);
        if (!p)
            return -1;
        nm->name = p;
        nm->cap = cap;
    }
    snprintf(nm->name[nm->n++], sizeof nm->name[0], "%s", name);
    return 0;
}

static ric_status ric_i_series_names(const char *path, ric_i_names *nm, ric_error *err)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t g = f < 0 ? H5I_INVALID_HID : H5Gopen2(f, "/observables", H5P_DEFAULT);
    hsize_t idx = 0;
    ric_status st = RIC_OK;
    if (g < 0 || H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, ric_i_collect, nm) < 0)
        st = ric_error_set(err, RIC_EFORMAT, "%s: cannot list /observables", path);
    if (g >= 0)
        H5Gclose(g);
    if (f >= 0)
        H5Fclose(f);
    return st;
}

/* Copies the "columns" attribute of a run's series onto obj of the index,
 * type and all (an array of fixed-length UTF-8 strings, as in run files). */
static void ric_i_copy_columns(ric_i_w *w, const char *ref, const char *series, const char *obj)
{
    char src[160];
    snprintf(src, sizeof src, "/observables/%s/value", series);
    hid_t f = H5Fopen(ref, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return;
    if (H5Aexists_by_name(f, src, "columns", H5P_DEFAULT) > 0) {
        hid_t a = H5Aopen_by_name(f, src, "columns", H5P_DEFAULT, H5P_DEFAULT);
        hid_t t = H5Aget_type(a), sp = H5Aget_space(a);
        hssize_t n = H5Sget_simple_extent_npoints(sp);
        size_t width = H5Tget_size(t);
        char *buf = n > 0 && !H5Tis_variable_str(t) ? calloc((size_t)n, width) : NULL;
        if (buf && H5Aread(a, t, buf) >= 0) {
            hid_t b = H5Acreate_by_name(w->file, obj, "columns", t, sp, H5P_DEFAULT, H5P_DEFAULT,
                                        H5P_DEFAULT);
            if (b < 0 || H5Awrite(b, t, buf) < 0)
                ric_i_fail(w, "attribute columns of", obj);
            if (b >= 0)
                H5Aclose(b);
        }
        free(buf);
        H5Sclose(sp);
        H5Tclose(t);
        H5Aclose(a);
    }
    H5Fclose(f);
}

enum { RIC_I_NSTAT = 7 }; /* mean, sd, ci_low, ci_high, q10, q50, q90 */
static const char *const ric_i_stat_names[RIC_I_NSTAT] = {"mean", "sd",  "ci_low", "ci_high",
                                                          "q10",  "q50", "q90"};

/* Statistics of one cell over the finite values x[0..n) (sorted in place). */
static void ric_i_cell(double *x, size_t n, double *out, int64_t *count)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            x[k++] = x[i];
    *count = (int64_t)k;
    for (int s = 0; s < RIC_I_NSTAT; s++)
        out[s] = NAN;
    if (k == 0)
        return;
    gsl_sort(x, 1, k);
    out[0] = gsl_stats_mean(x, 1, k);
    if (k > 1) {
        out[1] = gsl_stats_sd_m(x, 1, k, out[0]);
        double half = gsl_cdf_tdist_Pinv(0.975, (double)(k - 1)) * out[1] / sqrt((double)k);
        out[2] = out[0] - half;
        out[3] = out[0] + half;
    }
    out[4] = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.1);
    out[5] = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.5);
    out[6] = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.9);
}

/* /statistics/<series>: every statistic as [P][T][C] ([P][T] for a 1-D
 * series) over the complete replications of each point. */
static void ric_i_series_stats(ric_i_w *w, const ric_ensemble *e, const char *series,
                               const uint8_t *complete, const char *ref)
{
    const ric_design *d = &e->design;
    const size_t P = d->npoints, R = (size_t)d->replications;
    int64_t *steps0 = NULL;
    double *v0 = NULL;
    size_t T = 0, C0 = 0;
    ric_error probe;
    ric_error_clear(&probe);
    if (ric_h5_read_series(ref, series, &steps0, &v0, &T, &C0, &probe) != RIC_OK)
        return;
    free(v0);
    const size_t C = C0 ? C0 : 1;
    double *stat = calloc(RIC_I_NSTAT * P * T * C, sizeof *stat);
    int64_t *count = calloc(P * T * C, sizeof *count);
    double *cube = calloc(R * T * C, sizeof *cube), *cell = calloc(R, sizeof *cell);
    if (!stat || !count || !cube || !cell) {
        w->st = ric_error_set(w->err, RIC_ENOMEM, "index: no memory");
        goto done;
    }
    for (size_t p = 0; p < P; p++) {
        size_t nr = 0;
        for (size_t r = 0; r < R; r++) {
            size_t i = p * R + r;
            if (!complete[i])
                continue;
            char path[4096];
            ric_ensemble_run_path(e, i, path, sizeof path);
            int64_t *st = NULL;
            double *v = NULL;
            size_t t2 = 0, c2 = 0;
            if (ric_h5_read_series(path, series, &st, &v, &t2, &c2, &probe) == RIC_OK && t2 == T &&
                c2 == C0 && memcmp(st, steps0, T * sizeof *st) == 0) {
                memcpy(cube + nr * T * C, v, T * C * sizeof *v);
                nr++;
            }
            free(st);
            free(v);
        }
        for (size_t t = 0; t < T; t++)
            for (size_t c = 0; c < C; c++) {
                for (size_t r = 0; r < nr; r++)
                    cell[r] = cube[(r * T + t) * C + c];
                double out[RIC_I_NSTAT];
                ric_i_cell(cell, nr, out, &count[(p * T + t) * C + c]);
                for (int s = 0; s < RIC_I_NSTAT; s++)
                    stat[((size_t)s * P * T + p * T + t) * C + c] = out[s];
            }
    }
    char obj[256];
    snprintf(obj, sizeof obj, "/statistics/%s", series);
    ric_i_group(w, obj);
    hsize_t dims[3] = {P, T, C};
    const int rank = C0 ? 3 : 2;
    snprintf(obj, sizeof obj, "/statistics/%s/step", series);
    ric_i_array(w, obj, H5T_NATIVE_INT64, 1, &dims[1], steps0);
    for (int s = 0; s < RIC_I_NSTAT; s++) {
        snprintf(obj, sizeof obj, "/statistics/%s/%s", series, ric_i_stat_names[s]);
        ric_i_array(w, obj, H5T_NATIVE_DOUBLE, rank, dims, stat + (size_t)s * P * T * C);
    }
    snprintf(obj, sizeof obj, "/statistics/%s/n", series);
    ric_i_array(w, obj, H5T_NATIVE_INT64, rank, dims, count);
    for (int s = 0; s <= RIC_I_NSTAT && C0 > 0; s++) {
        snprintf(obj, sizeof obj, "/statistics/%s/%s", series,
                 s < RIC_I_NSTAT ? ric_i_stat_names[s] : "n");
        ric_i_copy_columns(w, ref, series, obj);
    }
done:
    free(steps0);
    free(stat);
    free(count);
    free(cube);
    free(cell);
}

ric_status ric_ensemble_index(const ric_ensemble *e, size_t *complete_out, size_t *failed_out,
                              ric_error *err)
{
    const ric_design *d = &e->design;
    const size_t N = ric_design_runs(d), P = d->npoints, F = d->nfactors;
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/ensemble.h5", e->dir);
    snprintf(tmp, sizeof tmp, "%s/ensemble.h5.tmp", e->dir);
    uint8_t *complete = calloc(N ? N : 1, 1);
    int64_t *ints = malloc((N ? N : 1) * 3 * sizeof *ints);
    char(*status)[RIC_H5_STATUS_SIZE] = calloc(N ? N : 1, sizeof *status);
    char(*file)[512] = calloc(N ? N : 1, sizeof *file);
    char(*errs)[512] = calloc(N ? N : 1, sizeof *errs);
    const char **sp = calloc(3 * (N ? N : 1) + F + 1, sizeof *sp);
    if (!complete || !ints || !status || !file || !errs || !sp) {
        free(complete), free(ints), free(status), free(file), free(errs), free(sp);
        return ric_error_set(err, RIC_ENOMEM, "index: no memory");
    }
    size_t ncomplete = 0, nfailed = 0, ref = SIZE_MAX;
    for (size_t i = 0; i < N; i++) {
        size_t point, rep;
        ric_i_point_rep(e, i, &point, &rep);
        ints[i] = (int64_t)point;
        ints[N + i] = (int64_t)rep;
        ints[2 * N + i] = (int64_t)ric_design_seed(d, point, rep);
        char run[4096], ep[4096];
        ric_ensemble_run_path(e, i, run, sizeof run);
        snprintf(file[i], sizeof file[i], "runs/p%04zu_r%04zu.h5", point, rep);
        ric_error probe;
        ric_error_clear(&probe);
        ric_status rs = ric_h5_read_status(run, status[i], sizeof status[i], &probe);
        if (rs == RIC_ENOENT)
            snprintf(status[i], sizeof status[i], "missing");
        else if (rs != RIC_OK)
            snprintf(status[i], sizeof status[i], "unreadable");
        complete[i] = strcmp(status[i], "complete") == 0;
        ncomplete += complete[i];
        ric_i_err_path(e, i, ep, sizeof ep);
        char *msg = complete[i] ? NULL : ric_read_file(ep, NULL);
        if (msg) {
            msg[strcspn(msg, "\n")] = '\0';
            snprintf(errs[i], sizeof errs[i], "%s", msg);
            snprintf(status[i], sizeof status[i], "failed");
            free(msg);
        } else if (rs != RIC_OK && rs != RIC_ENOENT) {
            snprintf(errs[i], sizeof errs[i], "%.500s", probe.msg);
        }
        nfailed += strcmp(status[i], "failed") == 0;
        if (complete[i] && ref == SIZE_MAX)
            ref = i;
    }

    ric_i_w w = {H5I_INVALID_HID, tmp, err, RIC_OK};
    hid_t fcpl = ric_i_untimed(H5P_FILE_CREATE);
    w.file = H5Fcreate(tmp, H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
    H5Pclose(fcpl);
    if (w.file < 0)
        w.st = ric_error_set(err, RIC_EHDF5, "%s: cannot create", tmp);
    ric_i_group(&w, "/ensemble");
    ric_i_attr_str(&w, "/ensemble", "scenario", e->scenario);
    ric_i_attr_i64(&w, "/ensemble", "replications", d->replications);
    ric_i_attr_i64(&w, "/ensemble", "points", (int64_t)P);
    ric_i_attr_i64(&w, "/ensemble", "master_seed", (int64_t)d->master_seed);
    ric_i_attr_i64(&w, "/ensemble", "common_seeds", d->common_seeds);
    ric_i_attr_str(&w, "/ensemble", "method",
                   d->method == RIC_DESIGN_FACTORIAL ? "factorial"
                   : d->method == RIC_DESIGN_LHS     ? "latin_hypercube"
                   : d->method == RIC_DESIGN_GIVEN   ? "given"
                                                     : "replications");
    ric_i_attr_str(&w, "/ensemble", "ricsim_version", RIC_VERSION_STRING);
    ric_i_attr_str(&w, "/ensemble", "git_hash", RIC_GIT_HASH);
    for (size_t k = 0; k < e->nsets; k++)
        sp[k] = e->sets[k];
    ric_i_strings(&w, "/ensemble/sets", sp, e->nsets, 0);

    ric_i_group(&w, "/design");
    for (size_t f = 0; f < F; f++)
        sp[f] = d->factors[f].key;
    ric_i_strings(&w, "/design/factors", sp, F, 0);
    hsize_t pd[2] = {P, F};
    ric_i_array(&w, "/design/points", H5T_NATIVE_DOUBLE, 2, pd, d->numeric);

    ric_i_group(&w, "/runs");
    hsize_t nd[1] = {N};
    ric_i_array(&w, "/runs/point", H5T_NATIVE_INT64, 1, nd, ints);
    ric_i_array(&w, "/runs/replication", H5T_NATIVE_INT64, 1, nd, ints + N);
    ric_i_array(&w, "/runs/seed", H5T_NATIVE_INT64, 1, nd, ints + 2 * N);
    for (size_t i = 0; i < N; i++) {
        sp[i] = file[i];
        sp[N + i] = status[i];
        sp[2 * N + i] = errs[i];
    }
    ric_i_strings(&w, "/runs/file", sp, N, 0);
    ric_i_strings(&w, "/runs/status", sp + N, N, 0);
    ric_i_strings(&w, "/runs/error", sp + 2 * N, N, 0);

    ric_i_group(&w, "/statistics");
    if (ref != SIZE_MAX && w.st == RIC_OK) {
        char refpath[4096];
        ric_ensemble_run_path(e, ref, refpath, sizeof refpath);
        ric_i_names nm = {NULL, 0, 0};
        w.st = ric_i_series_names(refpath, &nm, err);
        for (size_t s = 0; s < nm.n && w.st == RIC_OK; s++)
            ric_i_series_stats(&w, e, nm.name[s], complete, refpath);
        free(nm.name);
    }
    const char *overall = ncomplete == N ? "complete" : "incomplete";
    ric_i_strings(&w, "/run_status", &overall, 1, 1);
    if (w.file >= 0 && H5Fclose(w.file) < 0 && w.st == RIC_OK)
        w.st = ric_error_set(err, RIC_EHDF5, "%s: cannot close", tmp);
    /* Renamed into place only when whole: a reader never sees half an index. */
    if (w.st == RIC_OK && rename(tmp, path) != 0)
        w.st =
            ric_error_set(err, RIC_EIO, "%s: cannot rename to %s: %s", tmp, path, strerror(errno));
    if (w.st != RIC_OK)
        remove(tmp);
    free(complete), free(ints), free(status), free(file), free(errs), free(sp);
    *complete_out = ncomplete;
    *failed_out = nfailed;
    return w.st;
}

ric_status ric_ensemble_series_names(const char *path, char (**names)[64], size_t *n,
                                     ric_error *err)
{
    ric_i_names nm = {NULL, 0, 0};
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    ric_status st = ric_i_series_names(path, &nm, err);
    if (st != RIC_OK) {
        free(nm.name);
        nm.name = NULL;
        nm.n = 0;
    }
    *names = nm.name;
    *n = nm.n;
    return st;
}
