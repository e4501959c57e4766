/* Ensembles (ric_ensemble.h): run files, the run list, the index. */
#include "ric_ensemble.h"

#include "ric_h5.h"
#include "ric_h5io.h"
#include "ric_params.h"
#include "ric_run.h"
#include "ric_strbuf.h"
#include "ric_version.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

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

enum { RIC_I_NSTAT = 7 }; /* mean, sd, ci_low, ci_high, q10, q50, q90 */
static const char *const ric_i_stat_names[RIC_I_NSTAT] = {"mean", "sd",  "ci_low", "ci_high",
                                                          "q10",  "q50", "q90"};
#define RIC_I_MAX_COLS 4096

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

/* One series of the index: its shape and steps from the reference run. */
typedef struct ric_i_ser {
    char name[64];
    int64_t *steps;
    size_t T, C0, C; /* C0 = 0: a 1-D series (C = 1) */
} ric_i_ser;

/* /statistics/<series>: every statistic as [P][T][C] ([P][T] for a 1-D
 * series) over the complete replications of each point; the reference run
 * (the first complete one) fixes steps and columns. Declared first, then
 * written one design point at a time. */
static void ric_i_stats_declare(ric_h5f *w, const ric_ensemble *e, ric_i_ser *s, ric_h5f *ref)
{
    const size_t P = e->design.npoints;
    char obj[256];
    snprintf(obj, sizeof obj, "/statistics/%s", s->name);
    ric_h5f_group(w, obj);
    const size_t dims[3] = {P, s->T, s->C};
    const int rank = s->C0 ? 3 : 2;
    snprintf(obj, sizeof obj, "/statistics/%s/step", s->name);
    ric_h5f_put(w, obj, RIC_H5_I64, 1, &dims[1], s->steps);
    for (int k = 0; k <= RIC_I_NSTAT; k++) {
        snprintf(obj, sizeof obj, "/statistics/%s/%s", s->name,
                 k < RIC_I_NSTAT ? ric_i_stat_names[k] : "n");
        ric_h5f_put_empty(w, obj, k < RIC_I_NSTAT ? RIC_H5_F64 : RIC_H5_I64, rank, dims);
    }
    /* The columns of the run's series, on every statistic. */
    char src[160];
    size_t nc = 0;
    snprintf(src, sizeof src, "/observables/%s/value", s->name);
    ric_error probe, *keep = ref->err;
    ric_error_clear(&probe);
    ref->err = &probe;
    char(*cols)[64] = s->C0 ? calloc(RIC_I_MAX_COLS, sizeof *cols) : NULL;
    ric_status rs = cols ? ric_h5f_columns(ref, src, cols, RIC_I_MAX_COLS, &nc) : RIC_EINVAL;
    ref->err = keep;
    const char **names = rs == RIC_OK ? calloc(nc ? nc : 1, sizeof *names) : NULL;
    for (size_t c = 0; names && c < nc; c++)
        names[c] = cols[c];
    for (int k = 0; names && k <= RIC_I_NSTAT; k++) {
        snprintf(obj, sizeof obj, "/statistics/%s/%s", s->name,
                 k < RIC_I_NSTAT ? ric_i_stat_names[k] : "n");
        ric_h5f_attr_strs(w, obj, "columns", names, nc);
    }
    free(names);
    free(cols);
}

/* The statistics of design point p for series s over its runs (runs[r]:
 * replication r, open only when complete). */
static void ric_i_stats_point(ric_h5f *w, const ric_ensemble *e, const ric_i_ser *s, size_t p,
                              ric_h5f *runs)
{
    const size_t R = (size_t)e->design.replications, T = s->T, C = s->C;
    double *stat = calloc(RIC_I_NSTAT * T * C + 1, sizeof *stat);
    int64_t *count = calloc(T * C + 1, sizeof *count);
    double *cube = calloc(R * T * C + 1, sizeof *cube), *cell = calloc(R + 1, sizeof *cell);
    if (!stat || !count || !cube || !cell) {
        if (w->st == RIC_OK)
            w->st = ric_error_set(w->err, RIC_ENOMEM, "index: no memory");
        goto done;
    }
    size_t nr = 0;
    for (size_t r = 0; r < R; r++) {
        ric_h5f *run = &runs[r];
        if (run->id < 0)
            continue;
        ric_error probe, *kr = run->err;
        ric_error_clear(&probe);
        run->err = &probe;
        int64_t *st = NULL;
        double *v = NULL;
        size_t t2 = 0, c2 = 0;
        if (ric_h5f_series(run, s->name, &st, &v, &t2, &c2) == RIC_OK && t2 == T && c2 == s->C0 &&
            memcmp(st, s->steps, T * sizeof *st) == 0) {
            memcpy(cube + nr * T * C, v, T * C * sizeof *v);
            nr++;
        }
        run->err = kr;
        free(st);
        free(v);
    }
    for (size_t t = 0; t < T; t++)
        for (size_t c = 0; c < C; c++) {
            for (size_t r = 0; r < nr; r++)
                cell[r] = cube[(r * T + t) * C + c];
            double out[RIC_I_NSTAT];
            ric_i_cell(cell, nr, out, &count[t * C + c]);
            for (int k = 0; k < RIC_I_NSTAT; k++)
                stat[(size_t)k * T * C + t * C + c] = out[k];
        }
    char obj[256];
    for (int k = 0; k <= RIC_I_NSTAT; k++) {
        snprintf(obj, sizeof obj, "/statistics/%s/%s", s->name,
                 k < RIC_I_NSTAT ? ric_i_stat_names[k] : "n");
        if (k < RIC_I_NSTAT)
            ric_h5f_put_slab(w, obj, RIC_H5_F64, p, stat + (size_t)k * T * C);
        else
            ric_h5f_put_slab(w, obj, RIC_H5_I64, p, count);
    }
done:
    free(stat);
    free(count);
    free(cube);
    free(cell);
}

/* Declares /statistics/<series> for every series of the open reference
 * run (the first complete one); *ser receives their shapes and steps. */
static void ric_i_declare_all(ric_h5f *w, const ric_ensemble *e, ric_h5f *rf, ric_i_ser **ser,
                              size_t *ns)
{
    char(*names)[64] = NULL;
    size_t nn = 0;
    ric_error *keep = rf->err;
    rf->err = w->err;
    w->st = ric_h5f_list(rf, "/observables", &names, &nn);
    *ser = calloc(nn ? nn : 1, sizeof **ser);
    *ns = 0;
    if (w->st == RIC_OK && !*ser)
        w->st = ric_error_set(w->err, RIC_ENOMEM, "index: no memory");
    for (size_t k = 0; k < nn && w->st == RIC_OK; k++) {
        ric_i_ser *s = &(*ser)[*ns];
        double *v = NULL;
        ric_error probe;
        ric_error_clear(&probe);
        rf->err = &probe;
        snprintf(s->name, sizeof s->name, "%s", names[k]);
        if (ric_h5f_series(rf, s->name, &s->steps, &v, &s->T, &s->C0) == RIC_OK) {
            s->C = s->C0 ? s->C0 : 1;
            rf->err = w->err;
            ric_i_stats_declare(w, e, s, rf);
            (*ns)++;
        }
        rf->err = w->err;
        free(v);
    }
    rf->err = keep;
    free(names);
}

ric_status ric_ensemble_index(const ric_ensemble *e, size_t *complete_out, size_t *failed_out,
                              ric_error *err)
{
    const ric_design *d = &e->design;
    const size_t N = ric_design_runs(d), P = d->npoints, F = d->nfactors;
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/ensemble.h5", e->dir);
    snprintf(tmp, sizeof tmp, "%s/ensemble.h5.tmp.%ld", e->dir, (long)getpid());
    uint8_t *complete = calloc(N ? N : 1, 1);
    int64_t *ints = malloc((N ? N : 1) * 3 * sizeof *ints);
    char(*status)[RIC_H5_STATUS_SIZE] = calloc(N ? N : 1, sizeof *status);
    char(*file)[512] = calloc(N ? N : 1, sizeof *file);
    char(*errs)[512] = calloc(N ? N : 1, sizeof *errs);
    /* Room for the longest string list written: runs, factors or sets. */
    const size_t nsp = 3 * (N ? N : 1) + F + e->nsets + 1;
    const char **sp = calloc(nsp, sizeof *sp);
    ric_h5f *runs = calloc(d->replications > 0 ? (size_t)d->replications : 1, sizeof *runs);
    if (!complete || !ints || !status || !file || !errs || !sp || !runs) {
        free(complete), free(ints), free(status), free(file), free(errs), free(sp);
        free(runs);
        return ric_error_set(err, RIC_ENOMEM, "index: no memory");
    }
    ric_h5f wf, *w = &wf;
    remove(tmp);
    ric_h5f_create(w, tmp, err);
    ric_h5f_group(w, "/ensemble");
    ric_h5f_attr_str(w, "/ensemble", "scenario", e->scenario);
    ric_h5f_attr_i64(w, "/ensemble", "replications", d->replications);
    ric_h5f_attr_i64(w, "/ensemble", "points", (int64_t)P);
    ric_h5f_attr_i64(w, "/ensemble", "master_seed", (int64_t)d->master_seed);
    ric_h5f_attr_i64(w, "/ensemble", "common_seeds", d->common_seeds);
    ric_h5f_attr_str(w, "/ensemble", "method",
                     d->method == RIC_DESIGN_FACTORIAL ? "factorial"
                     : d->method == RIC_DESIGN_LHS     ? "latin_hypercube"
                     : d->method == RIC_DESIGN_GIVEN   ? "given"
                                                       : "replications");
    ric_h5f_attr_str(w, "/ensemble", "ricsim_version", RIC_VERSION_STRING);
    ric_h5f_attr_str(w, "/ensemble", "git_hash", RIC_GIT_HASH);
    for (size_t k = 0; k < e->nsets; k++)
        sp[k] = e->sets[k];
    ric_h5f_put_strs(w, "/ensemble/sets", sp, e->nsets);

    ric_h5f_group(w, "/design");
    for (size_t f = 0; f < F; f++)
        sp[f] = d->factors[f].key;
    ric_h5f_put_strs(w, "/design/factors", sp, F);
    const size_t pd[2] = {P, F};
    ric_h5f_put(w, "/design/points", RIC_H5_F64, 2, pd, d->numeric);

    /* Point by point: each run file is opened once, its status read and,
     * when complete, its series; only one point's files are open at once.
     * The first complete run fixes the series (earlier points, with no
     * complete run, get their empty statistics once it is known). */
    ric_h5f_group(w, "/statistics");
    const size_t R = (size_t)d->replications;
    size_t ncomplete = 0, nfailed = 0, ref = SIZE_MAX, ns = 0;
    ric_i_ser *ser = NULL;
    for (size_t p = 0; p < P; p++) {
        for (size_t r = 0; r < R; r++) {
            const size_t i = p * R + r;
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
            ric_h5f_init(&runs[r]);
            ric_status rs = ric_h5f_open_run(&runs[r], run, &probe);
            if (rs == RIC_OK)
                rs = ric_h5f_status(&runs[r], status[i], sizeof status[i]);
            if (rs == RIC_ENOENT)
                snprintf(status[i], sizeof status[i], "missing");
            else if (rs != RIC_OK)
                snprintf(status[i], sizeof status[i], "unreadable");
            complete[i] = strcmp(status[i], "complete") == 0;
            if (!complete[i])
                ric_h5f_close(&runs[r]); /* the statistics skip it */
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
            runs[r].err = NULL;
            if (complete[i] && ref == SIZE_MAX && w->st == RIC_OK) {
                ref = i;
                ric_i_declare_all(w, e, &runs[r], &ser, &ns);
                /* The points before, which had no complete run. */
                ric_h5f *none = calloc(R ? R : 1, sizeof *none);
                for (size_t q = 0; none && q < R; q++)
                    ric_h5f_init(&none[q]);
                for (size_t p0 = 0; none && p0 < p && w->st == RIC_OK; p0++)
                    for (size_t k = 0; k < ns; k++)
                        ric_i_stats_point(w, e, &ser[k], p0, none);
                if (!none && w->st == RIC_OK)
                    w->st = ric_error_set(w->err, RIC_ENOMEM, "index: no memory");
                free(none);
            }
        }
        for (size_t k = 0; ref != SIZE_MAX && k < ns && w->st == RIC_OK; k++)
            ric_i_stats_point(w, e, &ser[k], p, runs);
        for (size_t r = 0; r < R; r++)
            ric_h5f_close(&runs[r]);
    }
    for (size_t k = 0; k < ns; k++)
        free(ser[k].steps);
    free(ser);

    ric_h5f_group(w, "/runs");
    const size_t nd[1] = {N};
    ric_h5f_put(w, "/runs/point", RIC_H5_I64, 1, nd, ints);
    ric_h5f_put(w, "/runs/replication", RIC_H5_I64, 1, nd, ints + N);
    ric_h5f_put(w, "/runs/seed", RIC_H5_I64, 1, nd, ints + 2 * N);
    for (size_t i = 0; i < N; i++) {
        sp[i] = file[i];
        sp[N + i] = status[i];
        sp[2 * N + i] = errs[i];
    }
    ric_h5f_put_strs(w, "/runs/file", sp, N);
    ric_h5f_put_strs(w, "/runs/status", sp + N, N);
    ric_h5f_put_strs(w, "/runs/error", sp + 2 * N, N);

    const char *overall = ncomplete == N ? "complete" : "incomplete";
    ric_h5f_put_str(w, "/run_status", overall, RIC_H5_STATUS_SIZE);
    ric_status st = ric_h5f_close(w);
    /* Renamed into place only when whole: a reader never sees half an index. */
    if (st == RIC_OK && rename(tmp, path) != 0)
        st = ric_error_set(err, RIC_EIO, "%s: cannot rename to %s: %s", tmp, path, strerror(errno));
    if (st != RIC_OK)
        remove(tmp);
    free(complete), free(ints), free(status), free(file), free(errs), free(sp);
    free(runs);
    *complete_out = ncomplete;
    *failed_out = nfailed;
    return st;
}

ric_status ric_ensemble_series_names(const char *path, char (**names)[64], size_t *n,
                                     ric_error *err)
{
    *names = NULL;
    *n = 0;
    ric_h5f f;
    RIC_CHECK(ric_h5f_open(&f, path, "run output", err));
    int has = ric_h5f_has(&f, "/observables");
    ric_status st = has < 0    ? ric_error_set(err, RIC_EFORMAT, "%s: unreadable", path)
                    : has == 0 ? RIC_OK
                               : ric_h5f_list(&f, "/observables", names, n);
    ric_h5f_close(&f);
    if (st != RIC_OK) {
        free(*names);
        *names = NULL;
        *n = 0;
    }
    return st;
}
