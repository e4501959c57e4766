/* Tidy CSV export (ric_export.h). Every file is read through the checked
 * HDF5 layer (output/ric_h5io.h). */
#define _DEFAULT_SOURCE /* open_memstream */
#include "ric_export.h"

#include "ric_config.h"
#include "ric_ensemble.h"
#include "ric_h5.h"
#include "ric_h5io.h"
#include "ric_observables.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct ric_i_run {
    char path[4400];
    int64_t point, replication;
    uint64_t seed;
} ric_i_run;

typedef struct ric_i_input {
    char label[256], scenario[256];
    size_t nfactors;
    char (*factors)[128];
    double *points; /* [npoints][nfactors] */
    size_t npoints;
    ric_i_run *runs;
    size_t nruns;
} ric_i_input;

static void ric_i_input_destroy(ric_i_input *in)
{
    free(in->factors);
    free(in->points);
    free(in->runs);
    memset(in, 0, sizeof *in);
}

/* "dir/lead_users.yaml" -> "lead_users". */
static void ric_i_stem(const char *path, char *buf, size_t size)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t len = strlen(base);
    if (len > 5 && !strcmp(base + len - 5, ".yaml"))
        len -= 5;
    else if (len > 3 && !strcmp(base + len - 3, ".h5"))
        len -= 3;
    snprintf(buf, size, "%.*s", (int)(len < size ? len : size - 1), base);
}

/* An ensemble index: its runs, design and scenario. */
static ric_status ric_i_load_index(ric_i_input *in, const char *index, const char *dir,
                                   ric_error *err)
{
    int64_t *pt = NULL, *rep = NULL, *seed = NULL;
    size_t n = 0, n2 = 0, n3 = 0, nc = 0, nfiles = 0, nscen = 0;
    ric_status st = ric_h5_read_array_i64(index, "/runs/point", &pt, &n, &nc, err);
    if (st == RIC_OK)
        st = ric_h5_read_array_i64(index, "/runs/replication", &rep, &n2, &nc, err);
    if (st == RIC_OK)
        st = ric_h5_read_array_i64(index, "/runs/seed", &seed, &n3, &nc, err);
    char *files = NULL, *scen = NULL, *factors = NULL;
    size_t wf = 0, ws = 0, wfac = 0;
    ric_h5f f;
    ric_h5f_init(&f);
    if (st == RIC_OK)
        st = ric_h5f_open(&f, index, "ensemble index", err);
    if (st == RIC_OK)
        st = ric_h5f_get_strs(&f, "/runs/file", n, &files, &nfiles, &wf);
    if (st == RIC_OK)
        st = ric_h5f_get_attr_strs(&f, "/ensemble", "scenario", 1, &scen, &nscen, &ws);
    if (st == RIC_OK && ric_h5f_has(&f, "/design/factors") > 0)
        st = ric_h5f_get_strs(&f, "/design/factors", RIC_H5_ANY, &factors, &in->nfactors, &wfac);
    ric_h5f_close(&f);
    if (st == RIC_OK && (nfiles != n || n2 != n || n3 != n || nscen != 1))
        st = ric_error_set(err, RIC_EFORMAT, "%s: not a ricsim ensemble index", index);
    in->factors = st == RIC_OK ? calloc(in->nfactors + 1, sizeof *in->factors) : NULL;
    if (st == RIC_OK && !in->factors)
        st = ric_error_set(err, RIC_ENOMEM, "export: no memory");
    for (size_t k = 0; st == RIC_OK && k < in->nfactors; k++)
        snprintf(in->factors[k], sizeof in->factors[k], "%.127s", factors + k * (wfac + 1));
    free(factors);
    if (st == RIC_OK && in->nfactors > 0) {
        size_t cols = 0;
        st = ric_h5_read_array_f64(index, "/design/points", &in->points, &in->npoints, &cols, err);
        if (st == RIC_OK && cols != in->nfactors)
            st = ric_error_set(err, RIC_EFORMAT, "%s: /design/points has %zu columns, not %zu",
                               index, cols, in->nfactors);
    }
    in->runs = st == RIC_OK ? calloc(n + 1, sizeof *in->runs) : NULL;
    if (st == RIC_OK && !in->runs)
        st = ric_error_set(err, RIC_ENOMEM, "export: no memory");
    for (size_t i = 0; st == RIC_OK && i < n; i++) {
        if (in->nfactors > 0 && (pt[i] < 0 || (size_t)pt[i] >= in->npoints)) {
            st = ric_error_set(err, RIC_EFORMAT, "%s: run %zu: point %lld out of range", index, i,
                               (long long)pt[i]);
            break;
        }
        ric_i_run *r = &in->runs[in->nruns++];
        snprintf(r->path, sizeof r->path, "%.4000s/%.300s", dir, files + i * (wf + 1));
        r->point = pt[i];
        r->replication = rep[i];
        r->seed = (uint64_t)seed[i];
    }
    if (st == RIC_OK) {
        ric_i_stem(scen, in->scenario, sizeof in->scenario);
        ric_i_stem(dir, in->label, sizeof in->label);
    }
    free(pt);
    free(rep);
    free(seed);
    free(files);
    free(scen);
    return st;
}

/* A lone run file. */
static ric_status ric_i_load_run(ric_i_input *in, const char *path, ric_error *err)
{
    ric_h5f f;
    RIC_CHECK(ric_h5f_open_run(&f, path, err));
    char *scen = NULL;
    int64_t *seed = NULL, *rep = NULL;
    ric_status st = ric_h5f_get_str(&f, "/parameters/scenario_path", 4096, &scen);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/parameters/seed", RIC_H5_U64, 0, NULL, NULL, (void **)&seed);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/parameters/replication", RIC_H5_U64, 0, NULL, NULL, (void **)&rep);
    ric_h5f_close(&f);
    in->runs = st == RIC_OK ? calloc(1, sizeof *in->runs) : NULL;
    if (st == RIC_OK && !in->runs)
        st = ric_error_set(err, RIC_ENOMEM, "export: no memory");
    if (st == RIC_OK) {
        ric_i_stem(scen, in->scenario, sizeof in->scenario);
        ric_i_stem(path, in->label, sizeof in->label);
        snprintf(in->runs[0].path, sizeof in->runs[0].path, "%s", path);
        in->runs[0].replication = *rep;
        in->runs[0].seed = (uint64_t)*seed;
        in->nruns = 1;
    }
    free(scen);
    free(seed);
    free(rep);
    return st;
}

static ric_status ric_i_load(ric_i_input *in, const char *path, ric_error *err)
{
    char dir[4096], index[4200];
    struct stat sb;
    memset(in, 0, sizeof *in);
    if (stat(path, &sb) != 0)
        return ric_error_set(err, RIC_ENOENT, "%s: no such file or directory", path);
    if (S_ISDIR(sb.st_mode)) {
        snprintf(dir, sizeof dir, "%s", path);
        for (size_t len = strlen(dir); len > 1 && dir[len - 1] == '/'; len--)
            dir[len - 1] = '\0';
        snprintf(index, sizeof index, "%s/ensemble.h5", dir);
        if (stat(index, &sb) != 0)
            return ric_error_set(err, RIC_ENOENT,
                                 "%s: no ensemble.h5 (not an ensemble, or not indexed yet: "
                                 "ricsim ensemble ... --index)",
                                 path);
        return ric_i_load_index(in, index, dir, err);
    }
    /* A file: an index if it has a run list, else a run. */
    int64_t *probe = NULL;
    size_t n = 0, nc = 0;
    ric_error mine;
    ric_error_clear(&mine);
    ric_status st = ric_h5_read_array_i64(path, "/runs/point", &probe, &n, &nc, &mine);
    free(probe);
    if (st != RIC_OK)
        return ric_i_load_run(in, path, err);
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    return ric_i_load_index(in, path, dir, err);
}

/* ---- series of a run ---------------------------------------------------- */

typedef struct ric_i_names {
    char (*name)[64];
    size_t n;
} ric_i_names;

/* The names of /observables/ in a run file, in name order. */
static ric_status ric_i_series(const char *path, ric_i_names *l, ric_error *err)
{
    free(l->name);
    return ric_ensemble_series_names(path, &l->name, &l->n, err);
}

/* Wanted: every observable, or this series whole, or this column. */
static int ric_i_wanted(const ric_export_opts *o, const char *series, const char *column, int *hit)
{
    if (o->nobs == 0)
        return 1;
    char full[200];
    snprintf(full, sizeof full, "%.63s%s%.63s", series, column[0] ? "." : "", column);
    for (size_t k = 0; k < o->nobs; k++) {
        /* A key of the observable registry (compare's names) works too. */
        const ric_observable *r = ric_observable_find(o->observables[k]);
        const int reg = r && !strcmp(r->series, series) && !strcmp(r->column, column);
        if (reg || !strcmp(o->observables[k], series) || !strcmp(o->observables[k], full)) {
            if (hit)
                hit[k] = 1;
            return 1;
        }
    }
    return 0;
}

/* The closest name seen so far to each requested observable (a typo). */
typedef struct ric_i_nearest {
    char name[160];
    size_t d;
} ric_i_nearest;

static void ric_i_near(const ric_export_opts *o, const char *series, const char *column,
                       ric_i_nearest *near)
{
    char full[160];
    snprintf(full, sizeof full, "%.63s%s%.63s", series, column[0] ? "." : "", column);
    for (size_t k = 0; k < o->nobs; k++) {
        size_t d = ric_config_distance(o->observables[k], full);
        if (d < near[k].d) {
            near[k].d = d;
            snprintf(near[k].name, sizeof near[k].name, "%s", full);
        }
    }
}

static int ric_i_step_wanted(const ric_export_opts *o, int64_t step, size_t row, size_t nrows)
{
    if (o->last && row + 1 != nrows)
        return 0;
    if (o->every > 0 && step % o->every != 0)
        return 0;
    if (o->nsteps == 0)
        return 1;
    for (size_t k = 0; k < o->nsteps; k++)
        if (o->steps[k] == step)
            return 1;
    return 0;
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void ric_i_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* One run's rows. prefix: the run's columns up to seed, already CSV. */
static ric_status ric_i_write_run(const ric_export_opts *o, const char *path, const char *prefix,
                                  const ric_i_names *series, FILE *out, size_t *rows,
                                  ric_error *err)
{
    for (size_t s = 0; s < series->n; s++) {
        const char *name = series->name[s];
        char cols[256][64], dset[128];
        size_t ncol_names = 0;
        snprintf(dset, sizeof dset, "/observables/%s/value", name);
        ric_error probe;
        ric_error_clear(&probe);
        if (ric_h5_read_columns(path, dset, cols, 256, &ncol_names, &probe) != RIC_OK)
            ncol_names = 0;
        /* Skip the series early when none of its columns is wanted. */
        int any = ric_i_wanted(o, name, "", NULL);
        for (size_t c = 0; !any && c < ncol_names; c++)
            any = ric_i_wanted(o, name, cols[c], NULL);
        if (!any)
            continue;
        int64_t *steps = NULL;
        double *v = NULL;
        size_t nrows = 0, ncols = 0;
        RIC_CHECK(ric_h5_read_series(path, name, &steps, &v, &nrows, &ncols, err));
        const size_t w = ncols ? ncols : 1;
        if (ncols > 0 && ncol_names != ncols) {
            free(steps);
            free(v);
            return ric_error_set(err, RIC_EFORMAT, "%s: %s has %zu columns but %zu names", path,
                                 name, ncols, ncol_names);
        }
        for (size_t r = 0; r < nrows; r++) {
            if (!ric_i_step_wanted(o, steps[r], r, nrows))
                continue;
            for (size_t c = 0; c < w; c++) {
                const char *col = ncols ? cols[c] : "";
                if (!ric_i_wanted(o, name, col, NULL))
                    continue;
                double x = v[r * w + c];
                fprintf(out, "%s,%lld,%s%s%s,", prefix, (long long)steps[r], name, ncols ? "." : "",
                        col);
                if (isnan(x))
                    fputs("NaN\n", out);
                else
                    fprintf(out, "%.17g\n", x);
                (*rows)++;
            }
        }
        free(steps);
        free(v);
        if (ferror(out))
            return ric_error_set(err, RIC_EIO, "export: write error");
    }
    return RIC_OK;
}

ric_status ric_export_csv(const ric_export_opts *o, FILE *out, ric_export_counts *counts,
                          ric_error *err)
{
    memset(counts, 0, sizeof *counts);
    ric_i_input *in = calloc(o->ninputs + 1, sizeof *in);
    int *hit = calloc(o->nobs + 1, sizeof *hit);
    ric_i_nearest *near = calloc(o->nobs + 1, sizeof *near);
    for (size_t k = 0; near && k < o->nobs; k++)
        near[k].d = SIZE_MAX;
    char(*factors)[128] = NULL; /* union of the inputs' factors, in order of appearance */
    size_t nf = 0;
    ric_i_names series = {0};
    ric_status st =
        in && hit && near ? RIC_OK : ric_error_set(err, RIC_ENOMEM, "export: no memory");
    size_t loaded = 0;
    for (size_t i = 0; st == RIC_OK && i < o->ninputs; i++, loaded++)
        st = ric_i_load(&in[i], o->inputs[i], err);
    for (size_t i = 0; st == RIC_OK && i < o->ninputs; i++)
        for (size_t k = 0; k < in[i].nfactors; k++) {
            size_t j = 0;
            while (j < nf && strcmp(factors[j], in[i].factors[k]) != 0)
                j++;
            if (j < nf)
                continue;
            char(*grown)[128] = realloc(factors, (nf + 1) * sizeof *grown);
            if (!grown) {
                st = ric_error_set(err, RIC_ENOMEM, "export: no memory");
                break;
            }
            factors = grown;
            snprintf(factors[nf++], 128, "%s", in[i].factors[k]);
        }
    /* Every requested observable must exist in some complete run. */
    for (size_t i = 0; st == RIC_OK && o->nobs > 0 && i < o->ninputs; i++)
        for (size_t r = 0; st == RIC_OK && r < in[i].nruns; r++) {
            char status[32];
            ric_error probe;
            ric_error_clear(&probe);
            if (ric_h5_read_status(in[i].runs[r].path, status, sizeof status, &probe) != RIC_OK ||
                strcmp(status, "complete") != 0)
                continue;
            st = ric_i_series(in[i].runs[r].path, &series, err);
            for (size_t s = 0; st == RIC_OK && s < series.n; s++) {
                char cols[256][64], dset[128];
                size_t nc = 0;
                snprintf(dset, sizeof dset, "/observables/%s/value", series.name[s]);
                ric_i_wanted(o, series.name[s], "", hit);
                ric_i_near(o, series.name[s], "", near);
                if (ric_h5_read_columns(in[i].runs[r].path, dset, cols, 256, &nc, &probe) == RIC_OK)
                    for (size_t c = 0; c < nc; c++) {
                        ric_i_wanted(o, series.name[s], cols[c], hit);
                        ric_i_near(o, series.name[s], cols[c], near);
                    }
            }
            break; /* the runs of one input share their series */
        }
    for (size_t k = 0; st == RIC_OK && k < o->nobs; k++)
        if (!hit[k] && near[k].d <= 3)
            st = ric_error_set(err, RIC_EINVAL,
                               "observable '%s' is in no complete run; did you mean '%s'?",
                               o->observables[k], near[k].name);
        else if (!hit[k])
            st = ric_error_set(err, RIC_EINVAL,
                               "observable '%s' is in no complete run (SERIES or SERIES.COLUMN, "
                               "e.g. innovating_share.sme; ricsim summary FILE lists them)",
                               o->observables[k]);
    if (st == RIC_OK) {
        fputs("ensemble,scenario,point", out);
        for (size_t j = 0; j < nf; j++) {
            fputc(',', out);
            ric_i_field(out, factors[j]);
        }
        fputs(",replication,seed,step,observable,value\n", out);
    }
    for (size_t i = 0; st == RIC_OK && i < o->ninputs; i++)
        for (size_t r = 0; st == RIC_OK && r < in[i].nruns; r++) {
            const ric_i_run *run = &in[i].runs[r];
            char status[32];
            ric_error probe;
            ric_error_clear(&probe);
            if (ric_h5_read_status(run->path, status, sizeof status, &probe) != RIC_OK ||
                strcmp(status, "complete") != 0) {
                counts->skipped++;
                continue;
            }
            /* The run's leading columns, built once. */
            char *prefix = NULL;
            size_t plen = 0;
            FILE *pf = open_memstream(&prefix, &plen);
            if (!pf) {
                st = ric_error_set(err, RIC_ENOMEM, "export: no memory");
                break;
            }
            ric_i_field(pf, in[i].label);
            fputc(',', pf);
            ric_i_field(pf, in[i].scenario);
            fprintf(pf, ",%lld", (long long)run->point);
            for (size_t j = 0; j < nf; j++) {
                size_t k = 0;
                while (k < in[i].nfactors && strcmp(in[i].factors[k], factors[j]) != 0)
                    k++;
                double x = k < in[i].nfactors
                               ? in[i].points[(size_t)run->point * in[i].nfactors + k]
                               : NAN;
                if (isnan(x))
                    fputc(',', pf);
                else
                    fprintf(pf, ",%.17g", x);
            }
            fprintf(pf, ",%lld,%llu", (long long)run->replication, (unsigned long long)run->seed);
            fclose(pf);
            st = ric_i_series(run->path, &series, err);
            if (st == RIC_OK)
                st = ric_i_write_run(o, run->path, prefix, &series, out, &counts->rows, err);
            free(prefix);
            counts->runs += st == RIC_OK;
        }
    if (st == RIC_OK && fflush(out) != 0)
        st = ric_error_set(err, RIC_EIO, "export: write error");
    for (size_t i = 0; i < loaded && in; i++)
        ric_i_input_destroy(&in[i]);
    free(in);
    free(hit);
    free(near);
    free(factors);
    free(series.name);
    return st;
}
