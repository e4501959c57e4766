/* Plots with gnuplot (ric_plot.h). */
#define _DEFAULT_SOURCE /* fork, execlp, chdir */
#include "ric_plot.h"

#include "ric_h5.h"
#include "ric_h5io.h"

#include <gsl/gsl_sort.h>
#include <igraph/igraph.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Starts gnuplot on NAME.gp in outdir; returns its pid, or -1. */
static pid_t ric_i_spawn(const char *outdir, const char *name)
{
    char script[128];
    snprintf(script, sizeof script, "%s.gp", name);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (chdir(outdir) != 0)
            _exit(126);
        execlp("gnuplot", "gnuplot", script, (char *)NULL);
        _exit(127); /* not found */
    }
    return pid;
}

static ric_status ric_i_reap(pid_t pid, const char *outdir, const char *name, ric_error *err);

ric_status ric_plot_gnuplot_all(const char *outdir, const ric_plot_list *list, ric_error *err)
{
    pid_t pid[32];
    for (size_t k = 0; k < list->n; k++)
        pid[k] = ric_i_spawn(outdir, list->name[k]);
    ric_status st = RIC_OK;
    for (size_t k = 0; k < list->n; k++) {
        ric_status s =
            pid[k] < 0 ? ric_error_set(err, RIC_EIO, "plot %s: cannot start gnuplot", list->name[k])
                       : ric_i_reap(pid[k], outdir, list->name[k], err);
        st = st == RIC_OK ? s : st;
    }
    return st;
}

ric_status ric_plot_gnuplot(const char *outdir, const char *name, ric_error *err)
{
    pid_t pid = ric_i_spawn(outdir, name);
    if (pid < 0)
        return ric_error_set(err, RIC_EIO, "plot %s: cannot start gnuplot: %s", name,
                             strerror(errno));
    return ric_i_reap(pid, outdir, name, err);
}

static ric_status ric_i_reap(pid_t pid, const char *outdir, const char *name, ric_error *err)
{
    char script[128];
    snprintf(script, sizeof script, "%s.gp", name);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return ric_error_set(err, RIC_EIO, "plot %s: waitpid: %s", name, strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return ric_error_set(err, RIC_ENOENT,
                             "gnuplot not found (apt-get install gnuplot-nox); the data and "
                             "scripts are in %s",
                             outdir);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return ric_error_set(err, RIC_EIO, "gnuplot failed on %s/%s", outdir, script);
    return RIC_OK;
}

/* Both terminals from one script: PNG for viewing, SVG for documents. */
static void ric_i_terminals(FILE *f, const char *name, const char *plot_cmd)
{
    fprintf(f,
            "# Re-run with: gnuplot %s.gp (in this directory). Restyle freely.\n"
            "set terminal pngcairo size 960,600 noenhanced font 'sans,11'\n"
            "set output '%s.png'\n%s\n"
            "set terminal svg size 960,600 dynamic noenhanced font 'sans,11'\n"
            "set output '%s.svg'\nreplot\nunset output\n",
            name, name, plot_cmd, name);
}

static FILE *ric_i_open(const char *outdir, const char *name, const char *ext, ric_error *err)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s.%s", outdir, name, ext);
    FILE *f = fopen(path, "w");
    if (!f)
        ric_error_set(err, RIC_EIO, "%s: cannot write: %s", path, strerror(errno));
    return f;
}

/* Closes a plot file; a failed write (a full disk; RICSIM_FAIL_WRITE in the
 * tests) is an error naming it. */
static ric_status ric_i_close(FILE *f, const char *outdir, const char *name, const char *ext,
                              ric_error *err)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s.%s", outdir, name, ext);
    int bad = ferror(f) != 0 || ric_h5f_fail_injected(path);
    if (fclose(f) != 0 || bad)
        return ric_error_set(err, RIC_EIO, "%s: write failed (disk full?)", path);
    return RIC_OK;
}

static void ric_i_made(ric_plot_list *made, const char *name, const char *title)
{
    if (made && made->n < 32) {
        snprintf(made->name[made->n], sizeof made->name[0], "%s", name);
        snprintf(made->title[made->n], sizeof made->title[0], "%s", title);
        made->n++;
    }
}

/* One series of an index's /statistics, read once and checked: mean,
 * ci_low and ci_high of one shape, [P][T][C] or [P][T], steps [T], and the
 * column named (its index in *col; 0 for a 1-D series). */
typedef struct ric_i_stats {
    double *mean, *lo, *hi;
    int64_t *steps;
    size_t P, T, C;
    int col;
} ric_i_stats;

static void ric_i_stats_free(ric_i_stats *s)
{
    free(s->mean);
    free(s->lo);
    free(s->hi);
    free(s->steps);
    memset(s, 0, sizeof *s);
}

/* RIC_EINVAL: the index lacks the series or column (nothing to plot). */
static ric_status ric_i_index_stats(const char *index, const char *series, const char *column,
                                    ric_i_stats *s, ric_error *err)
{
    memset(s, 0, sizeof *s);
    ric_h5f f;
    RIC_CHECK(ric_h5f_open(&f, index, "ensemble index", err));
    char obj[160];
    snprintf(obj, sizeof obj, "/statistics/%s/mean", series);
    ric_status st = RIC_OK;
    int rank = 0;
    if (ric_h5f_has(&f, obj) <= 0) {
        st = RIC_EINVAL;
    } else {
        /* The rank the mean has decides the shape all must have. */
        rank = ric_h5f_rank(&f, obj);
        if (rank != 2 && rank != 3)
            st = ric_error_set(err, RIC_EFORMAT, "%s: %s is not [P][T] or [P][T][C]", index, obj);
    }
    size_t dims[3] = {0, 0, 1};
    if (st == RIC_OK)
        st = ric_h5f_get(&f, obj, RIC_H5_F64, rank, NULL, dims, (void **)&s->mean);
    const size_t want[3] = {dims[0], dims[1], dims[2]};
    static const char *const other[2] = {"ci_low", "ci_high"};
    for (int k = 0; k < 2 && st == RIC_OK; k++) {
        snprintf(obj, sizeof obj, "/statistics/%s/%s", series, other[k]);
        st = ric_h5f_get(&f, obj, RIC_H5_F64, rank, want, NULL,
                         k ? (void **)&s->hi : (void **)&s->lo);
    }
    snprintf(obj, sizeof obj, "/statistics/%s/step", series);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, obj, RIC_H5_I64, 1, &want[1], NULL, (void **)&s->steps);
    s->P = dims[0];
    s->T = dims[1];
    s->C = rank == 3 ? dims[2] : 1;
    s->col = 0;
    if (st == RIC_OK && column[0]) {
        char names[256][64];
        size_t n = 0;
        snprintf(obj, sizeof obj, "/statistics/%s/mean", series);
        st = ric_h5f_columns(&f, obj, names, 256, &n);
        s->col = -1;
        for (size_t i = 0; st == RIC_OK && i < n && i < s->C; i++)
            if (strcmp(names[i], column) == 0)
                s->col = (int)i;
        if (st == RIC_OK && s->col < 0)
            st = RIC_EINVAL;
    }
    ric_h5f_close(&f);
    if (st == RIC_EINVAL && err)
        ric_error_clear(err);
    if (st != RIC_OK)
        ric_i_stats_free(s);
    return st;
}

static const char *const ric_i_colors[] = {"#1b6ca8", "#d95f02", "#1b9e77", "#7570b3",
                                           "#e7298a", "#66a61e", "#a6761d", "#666666"};
#define RIC_I_NCOLORS (sizeof ric_i_colors / sizeof ric_i_colors[0])

/* A label inside a gnuplot single-quoted string ('' for '). */
static void ric_i_gp_str(FILE *f, const char *s)
{
    for (; *s; s++)
        fputs(*s == '\'' ? "''" : (char[2]){*s, 0}, f);
}

/* Both terminals from one script of panels (multiplot cannot be replotted). */
static void ric_i_begin_multi(FILE *f, const char *name, int w, int h, int rows, int cols,
                              const char *title)
{
    fprintf(f,
            "# Re-run with: gnuplot %s.gp (in this directory). Restyle freely.\n"
            "do for [term = 1:2] {\n"
            "if (term == 1) { set terminal pngcairo size %d,%d noenhanced font 'sans,11'; "
            "set output '%s.png' } else { set terminal svg size %d,%d dynamic noenhanced "
            "font 'sans,11'; set output '%s.svg' }\n"
            "set multiplot layout %d,%d title '",
            name, w, h, name, w, h, name, rows, cols);
    ric_i_gp_str(f, title);
    fprintf(f, "'\n");
}

static void ric_i_end_multi(FILE *f)
{
    fprintf(f, "unset multiplot\n}\nunset output\n");
}

/* The policy period [start, end] in years, shaded behind a panel. */
static void ric_i_shade(FILE *f, double start, double end)
{
    if (start < 0)
        return;
    fprintf(f,
            "set object 1 rect from first %.4f, graph 0 to first %.4f, graph 1 behind "
            "fc rgb '#f3ead2' fs solid 1.0 noborder\n"
            "set label 1 'policy period' at first %.4f, graph 0.03 offset 0.5,0 font ',9' "
            "tc rgb '#8a6d1e'\n",
            start, end, start);
}

static void ric_i_unshade(FILE *f)
{
    fprintf(f, "unset object 1\nunset label 1\n");
}

/* Closes a script of ric_plot_ensembles, draws it (unless deferred) and
 * lists it; a gnuplot failure is kept in *gp / gperr for the end. */
static ric_status ric_i_finish(FILE *g, const char *outdir, const char *name, const char *cap,
                               ric_plot_list *made, ric_status *gp, ric_error *gperr,
                               ric_error *err)
{
    RIC_CHECK(ric_i_close(g, outdir, name, "gp", err));
    ric_status st = made && made->defer ? RIC_OK : ric_plot_gnuplot(outdir, name, gperr);
    if (st != RIC_OK && *gp == RIC_OK)
        *gp = st;
    ric_i_made(made, name, cap);
    return RIC_OK;
}

/* The value of a run's column at step t (NaN if not recorded). */
static double ric_i_at(const int64_t *steps, const double *v, size_t rows, int64_t t)
{
    size_t lo = 0, hi = rows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (steps[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < rows && steps[lo] == t ? v[lo] : NAN;
}

typedef struct ric_i_cols {
    size_t n;
    int64_t **steps;
    double **val;
    size_t *rows;
} ric_i_cols;

static void ric_i_cols_free(ric_i_cols *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->steps[i]);
        free(c->val[i]);
    }
    free(c->steps);
    free(c->val);
    free(c->rows);
    memset(c, 0, sizeof *c);
}

static int ric_i_cols_read(ric_i_cols *c, const ric_cmp_set *s, const ric_cmp_obs *o)
{
    memset(c, 0, sizeof *c);
    c->steps = calloc(s->n + 1, sizeof *c->steps);
    c->val = calloc(s->n + 1, sizeof *c->val);
    c->rows = calloc(s->n + 1, sizeof *c->rows);
    if (!c->steps || !c->val || !c->rows) {
        ric_i_cols_free(c);
        return -1;
    }
    c->n = s->n;
    for (size_t i = 0; i < s->n; i++)
        if (ric_compare_run_column(s->run[i], o, &c->steps[i], &c->val[i], &c->rows[i]) != 0)
            return -1;
    return 0;
}

/* Per step of the scenario's first run: the difference from the reference
 * with its 95% CI (paired by run when the comparison is), as data block
 * lines "year diff lo hi" in shown units. Returns the lines written. */
static size_t ric_i_diff_block(FILE *dat, const ric_compare *cmp, size_t s, size_t o)
{
    const ric_cmp_obs *ob = &cmp->obs[o];
    ric_i_cols a = {0}, b = {0};
    size_t lines = 0;
    int paired = cmp->rows[o * cmp->nsets + s].paired;
    if (ric_i_cols_read(&a, &cmp->sets[s], ob) != 0 ||
        ric_i_cols_read(&b, &cmp->sets[0], ob) != 0 || a.n == 0 || b.n == 0) {
        ric_i_cols_free(&a);
        ric_i_cols_free(&b);
        return 0;
    }
    double *x = malloc(a.n * sizeof *x), *y = malloc(b.n * sizeof *y);
    for (size_t r = 0; x && y && r < a.rows[0]; r++) {
        int64_t t = a.steps[0][r];
        size_t na = 0, nb = 0;
        for (size_t i = 0; i < a.n; i++) {
            double v = ric_i_at(a.steps[i], a.val[i], a.rows[i], t);
            if (isfinite(v))
                x[na++] = v;
        }
        for (size_t i = 0; i < b.n; i++) {
            double v = ric_i_at(b.steps[i], b.val[i], b.rows[i], t);
            if (isfinite(v))
                y[nb++] = v;
        }
        if (na == 0 || nb == 0 || (paired && (na != a.n || nb != b.n)))
            continue;
        double d, lo, hi, p;
        ric_stats_diff(x, na, y, nb, paired, &d, &lo, &hi, &p);
        double k = ob->kind == RIC_OBS_SHARE ? 100.0 : ob->kind == RIC_OBS_MONEY ? 1e-9 : 1.0;
        fprintf(dat, "%.4f %.9g %.9g %.9g\n", (double)t / 12.0, k * d, k * (isfinite(lo) ? lo : d),
                k * (isfinite(hi) ? hi : d));
        lines++;
    }
    free(x);
    free(y);
    ric_i_cols_free(&a);
    ric_i_cols_free(&b);
    return lines;
}

/* Index of the first set of ensemble e, point p. */
static size_t ric_i_set_of(const ric_compare *cmp, size_t e, size_t p)
{
    for (size_t s = 0; s < cmp->nsets; s++)
        if (cmp->sets[s].ens == e && cmp->sets[s].point == p)
            return s;
    return cmp->nsets;
}

/* Levels over time (mean and 95% CI from the index) beside the difference
 * from the reference over time (from the run files), policy period shaded. */
static ric_status ric_i_timeseries(const char *const *dirs, size_t ndirs, const ric_compare *cmp,
                                   size_t o, const char *outdir, ric_plot_list *made,
                                   ric_status *gp, ric_error *gperr, ric_error *err)
{
    const ric_cmp_obs *ob = &cmp->obs[o];
    char name[64];
    snprintf(name, sizeof name, "ts_%.60s", ob->key);
    FILE *dat = ric_i_open(outdir, name, "dat", err);
    if (!dat)
        return RIC_EIO;
    const double k = ob->kind == RIC_OBS_SHARE ? 100.0 : 1.0;
    size_t level_set[64], nlevel = 0, diff_set[64], ndiff = 0;
    double tmax = 0.0;
    for (size_t e = 0; e < ndirs; e++) {
        char index[4300];
        size_t dl = strlen(dirs[e]); /* a directory, or its index file */
        if (dl > 3 && strcmp(dirs[e] + dl - 3, ".h5") == 0)
            snprintf(index, sizeof index, "%s", dirs[e]);
        else
            snprintf(index, sizeof index, "%s/ensemble.h5", dirs[e]);
        ric_i_stats is;
        ric_status rs = ric_i_index_stats(index, ob->series, ob->column, &is, err);
        if (rs == RIC_EINVAL)
            continue; /* nothing of this series to plot */
        if (rs != RIC_OK) {
            fclose(dat);
            return rs;
        }
        const size_t P = is.P, T = is.T, C = is.C;
        const int col = is.col;
        const double *mean = is.mean, *lo = is.lo, *hi = is.hi;
        const int64_t *steps = is.steps;
        for (size_t p = 0; steps && p < P && nlevel < 64; p++) {
            size_t s = ric_i_set_of(cmp, e, p);
            if (s == cmp->nsets)
                continue;
            fprintf(dat, "%s# %s: year mean ci_low ci_high (%s)\n", nlevel ? "\n\n" : "",
                    cmp->sets[s].label, ob->unit);
            for (size_t t = 0; t < T; t++) {
                size_t at = (p * T + t) * C + (size_t)col;
                double m = mean[at], l = isfinite(lo[at]) ? lo[at] : m,
                       h = isfinite(hi[at]) ? hi[at] : m;
                l = l < 0.0 ? 0.0 : l; /* no level below 0, no share above 1 */
                h = ob->kind == RIC_OBS_SHARE && h > 1.0 ? 1.0 : h;
                fprintf(dat, "%.4f %.9g %.9g %.9g\n", (double)steps[t] / 12.0, k * m, k * l, k * h);
                tmax = (double)steps[t] / 12.0 > tmax ? (double)steps[t] / 12.0 : tmax;
            }
            level_set[nlevel++] = s;
        }
        ric_i_stats_free(&is);
    }
    for (size_t s = 1; s < cmp->nsets && ndiff < 64; s++) {
        fprintf(dat, "\n\n# %s minus %s: year diff ci_low ci_high\n", cmp->sets[s].label,
                cmp->sets[0].label);
        if (ric_i_diff_block(dat, cmp, s, o) == 0)
            fprintf(dat, "NaN NaN NaN NaN\n"); /* keep the block numbering */
        diff_set[ndiff++] = s;
    }
    RIC_CHECK(ric_i_close(dat, outdir, name, "dat", err));
    if (nlevel == 0)
        return RIC_OK;
    FILE *g = ric_i_open(outdir, name, "gp", err);
    if (!g)
        return RIC_EIO;
    char title[192];
    snprintf(title, sizeof title, "%s%s%s", ob->name, strstr(ob->name, ob->unit) ? "" : ", ",
             strstr(ob->name, ob->unit) ? "" : ob->unit); /* not "ties per agent, ties per agent" */
    ric_i_begin_multi(g, name, ndiff ? 1400 : 900, 540, 1, ndiff ? 2 : 1, title);
    double start = cmp->policy_start >= 0 ? (double)cmp->policy_start / 12.0 : -1.0;
    ric_i_shade(g, start, tmax);
    fprintf(g, "set xlabel 'year of the run'\nset ylabel '");
    ric_i_gp_str(g, ob->unit);
    fprintf(g,
            "'\nset grid\nset key top left\nset title 'Level: mean and 95%% CI over "
            "replications'\n%s\nplot ",
            ob->kind == RIC_OBS_SHARE ? "set yrange [0:*]" : "set yrange [*:*]");
    for (size_t i = 0; i < nlevel; i++) {
        const char *colr = ric_i_colors[i % RIC_I_NCOLORS];
        fprintf(g,
                "%s'%s.dat' index %zu using 1:3:4 with filledcurves fc rgb '%s' fs transparent "
                "solid 0.18 notitle, '' index %zu using 1:2 with lines lw 2 lc rgb '%s' title '",
                i ? ", \\\n     " : "", name, i, colr, i, colr);
        ric_i_gp_str(g, cmp->sets[level_set[i]].label);
        fprintf(g, "'");
    }
    fprintf(g, "\n");
    if (ndiff) {
        fprintf(g, "set yrange [*:*]\nset ylabel 'difference (%s)'\nset title '",
                ob->kind == RIC_OBS_SHARE ? "percentage points" : ob->unit);
        fprintf(g, "Difference from ");
        ric_i_gp_str(g, cmp->sets[0].label);
        fprintf(g, " and its 95%% CI'\nplot 0 with lines lc rgb '#444444' dt 2 notitle");
        for (size_t i = 0; i < ndiff; i++) {
            size_t s = diff_set[i];
            const char *colr = ric_i_colors[(s < nlevel ? s : i + 1) % RIC_I_NCOLORS];
            const ric_cmp_row *r = &cmp->rows[o * cmp->nsets + s];
            fprintf(g,
                    ", \\\n     '%s.dat' index %zu using 1:3:4 with filledcurves fc rgb '%s' fs "
                    "transparent solid 0.18 notitle, '' index %zu using 1:2 with lines lw 2 lc "
                    "rgb '%s' title '",
                    name, nlevel + i, colr, nlevel + i, colr);
            ric_i_gp_str(g, cmp->sets[s].label);
            fprintf(g, " (%s)'", r->paired ? "paired" : "Welch");
        }
        fprintf(g, "\n");
    }
    ric_i_unshade(g);
    ric_i_end_multi(g);
    char cap[128];
    snprintf(cap, sizeof cap, "%.100s over time", ob->name);
    return ric_i_finish(g, outdir, name, cap, made, gp, gperr, err);
}

/* Rows of the effects plot at most: a taller picture is not read. */
#define RIC_I_MAX_EFFECTS 48

/* Every scenario's change against the reference at the time compared, in %
 * of the reference mean with its 95% CI (a forest plot). */
static ric_status ric_i_effects(const ric_compare *cmp, const char *outdir, ric_plot_list *made,
                                ric_status *gp, ric_error *gperr, ric_error *err)
{
    static const char name[] = "effects";
    if (cmp->nsets < 2)
        return RIC_OK;
    FILE *dat = ric_i_open(outdir, name, "dat", err);
    if (!dat)
        return RIC_EIO;
    fprintf(dat, "# row pct_change pct_low pct_high label\n");
    size_t n = 0, skipped = 0;
    for (size_t o = 0; o < cmp->nobs; o++) {
        if (!cmp->obs[o].headline || cmp->obs[o].kind == RIC_OBS_MONEY ||
            cmp->obs[o].agg == RIC_CMP_PERIOD_MEAN)
            continue;
        for (size_t s = 1; s < cmp->nsets; s++) {
            const ric_cmp_row *r = &cmp->rows[o * cmp->nsets + s];
            if (isnan(r->pct) || n >= RIC_I_MAX_EFFECTS) {
                skipped += !isnan(r->pct);
                continue;
            }
            char label[400];
            snprintf(label, sizeof label, "%s: %s (%s)", cmp->obs[o].name, cmp->sets[s].label,
                     r->constant ? "exact"
                     : r->paired ? "paired"
                                 : "Welch");
            for (char *c = label; *c; c++)
                *c = *c == '"' ? '\'' : *c;
            fprintf(dat, "%zu %.6g %.6g %.6g \"%s\"\n", n, r->pct,
                    isfinite(r->pct_low) ? r->pct_low : r->pct,
                    isfinite(r->pct_high) ? r->pct_high : r->pct, label);
            n++;
        }
    }
    RIC_CHECK(ric_i_close(dat, outdir, name, "dat", err));
    if (n == 0)
        return RIC_OK;
    FILE *g = ric_i_open(outdir, name, "gp", err);
    if (!g)
        return RIC_EIO;
    char title[512];
    snprintf(title, sizeof title, "Change against %s, %s%s", cmp->sets[0].label,
             cmp->step >= 0 ? "at the step compared" : "at the end of the runs",
             skipped ? " (the first 48 rows; all in the tables)" : "");
    ric_i_begin_multi(g, name, 1100, 160 + 34 * (int)n, 1, 1, title);
    fprintf(g,
            "set xlabel '%% change against the reference mean, 95%% CI (blue: the interval "
            "misses 0)'\nset ytics scale 0 font ',10'\nset yrange [%zu.5:-0.5]\nset grid "
            "xtics\nset key off\nset lmargin 58\nset xrange [*:*]\nset offsets graph 0.04, graph "
            "0.04, 0, 0\n"
            "set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lc rgb '#444444'\n"
            "plot '%s.dat' using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 1.2 lc rgb '#999999' "
            "notitle, \\\n"
            "     '' using ($3 > 0 || $4 < 0 ? $2 : 1/0):1:3:4 with xerrorbars pt 7 ps 1.3 lw 2 "
            "lc rgb '#1b6ca8' notitle\nunset arrow 1\n",
            n - 1, name);
    ric_i_end_multi(g);
    return ric_i_finish(g, outdir, name, "Effects: % change against the reference with 95% CIs",
                        made, gp, gperr, err);
}

/* For an ensemble with a design: each headline outcome against each
 * numeric factor, every run a point and the point means joined. */
static ric_status ric_i_design(const ric_compare *cmp, size_t e, const char *outdir,
                               ric_plot_list *made, ric_status *gp, ric_error *gperr,
                               ric_error *err)
{
    const ric_ensinfo *inf = &cmp->info[e];
    size_t fac[8], nf = 0, obs[8], no = 0;
    for (size_t f = 0; f < inf->nfactors && nf < 8; f++) {
        int numeric = 1;
        for (size_t p = 0; p < inf->npoints; p++)
            numeric &= isfinite(inf->value[p * inf->nfactors + f]);
        if (numeric)
            fac[nf++] = f;
    }
    for (size_t o = 0; o < cmp->nobs && no < 6; o++)
        if (cmp->obs[o].headline && cmp->obs[o].agg != RIC_CMP_PERIOD_MEAN &&
            cmp->obs[o].kind != RIC_OBS_MONEY)
            obs[no++] = o;
    if (inf->npoints < 2 || nf == 0 || no == 0)
        return RIC_OK;
    char name[64];
    snprintf(name, sizeof name, "design_%zu", e);
    FILE *dat = ric_i_open(outdir, name, "dat", err);
    if (!dat)
        return RIC_EIO;
    /* Block 0: one line per run; block 1: one line per point (means). */
    fprintf(dat, "# point");
    for (size_t f = 0; f < nf; f++)
        fprintf(dat, " %s", inf->factor[fac[f]]);
    for (size_t j = 0; j < no; j++)
        fprintf(dat, " %s", cmp->obs[obs[j]].key);
    fprintf(dat, "\n");
    for (int block = 0; block < 2; block++) {
        if (block)
            fprintf(dat, "\n\n# point means\n");
        for (size_t s = 0; s < cmp->nsets; s++) {
            const ric_cmp_set *set = &cmp->sets[s];
            if (set->ens != e)
                continue;
            for (size_t i = 0; i < (block ? 1 : set->n); i++) {
                fprintf(dat, "%zu", set->point);
                for (size_t f = 0; f < nf; f++)
                    fprintf(dat, " %.9g", inf->value[set->point * inf->nfactors + fac[f]]);
                for (size_t j = 0; j < no; j++) {
                    const ric_cmp_obs *ob = &cmp->obs[obs[j]];
                    double v = block ? cmp->rows[obs[j] * cmp->nsets + s].mean
                                     : set->value[i * RIC_CMP_MAX_OBS + obs[j]];
                    fprintf(dat, " %.9g", ric_cmp_shown(ob, v));
                }
                fprintf(dat, "\n");
            }
        }
    }
    RIC_CHECK(ric_i_close(dat, outdir, name, "dat", err));
    FILE *g = ric_i_open(outdir, name, "gp", err);
    if (!g)
        return RIC_EIO;
    char title[256];
    snprintf(title, sizeof title,
             "%s: outcomes against the design factors (%s; dots: runs, "
             "line: mean at each level)",
             inf->name, cmp->step >= 0 ? "at the step compared" : "at the end of the runs");
    ric_i_begin_multi(g, name, 380 * (int)nf + 120, 300 * (int)no + 60, (int)no, (int)nf, title);
    fprintf(g, "set grid\nunset key\n");
    for (size_t j = 0; j < no; j++)
        for (size_t f = 0; f < nf; f++) {
            fprintf(g, "set xlabel '%s'\nset ylabel '", inf->factor[fac[f]]);
            ric_i_gp_str(g, cmp->obs[obs[j]].name);
            fprintf(g, " (");
            ric_i_gp_str(g, cmp->obs[obs[j]].unit);
            fprintf(g, ")'\n%s\n",
                    cmp->obs[obs[j]].kind == RIC_OBS_SHARE ? "set yrange [0:*]"
                                                           : "set yrange [*:*]");
            fprintf(g,
                    "plot '%s.dat' index 0 using %zu:%zu with points pt 7 ps 0.6 lc rgb "
                    "'#801b6ca8', '' index 1 using %zu:%zu smooth unique with linespoints pt 5 "
                    "lw 2 lc rgb '#d95f02'\n",
                    name, 2 + f, 2 + nf + j, 2 + f, 2 + nf + j);
        }
    ric_i_end_multi(g);
    char cap[128];
    snprintf(cap, sizeof cap, "%.80s: outcomes against the design factors", inf->name);
    return ric_i_finish(g, outdir, name, cap, made, gp, gperr, err);
}

ric_status ric_plot_ensembles(const char *const *dirs, size_t ndirs, const ric_compare *cmp,
                              const char *outdir, ric_plot_list *made, ric_error *err)
{
    ric_status st = RIC_OK;
    ric_status gp = RIC_OK; /* a missing gnuplot is reported once, at the end */
    ric_error gperr;
    ric_error_clear(&gperr);
    /* The effects first: what a reader looks for. */
    st = ric_i_effects(cmp, outdir, made, &gp, &gperr, err);
    for (size_t o = 0; o < cmp->nobs && st == RIC_OK; o++)
        if (cmp->obs[o].headline && cmp->obs[o].agg != RIC_CMP_PERIOD_MEAN &&
            cmp->obs[o].kind != RIC_OBS_MONEY)
            st = ric_i_timeseries(dirs, ndirs, cmp, o, outdir, made, &gp, &gperr, err);
    for (size_t e = 0; e < cmp->ninfo && st == RIC_OK; e++)
        st = ric_i_design(cmp, e, outdir, made, &gp, &gperr, err);
    if (st == RIC_OK && gp != RIC_OK)
        st = ric_error_set(err, gp, "%s", gperr.msg);
    return st;
}

/* ---- network pictures ---------------------------------------------------- */

static int ric_i_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Slot of id in the sorted ids, or -1. */
static long ric_i_find(const int64_t *sorted, size_t n, int64_t id)
{
    const int64_t *p = bsearch(&id, sorted, n, sizeof *sorted, ric_i_cmp_i64);
    return p ? (long)(p - sorted) : -1;
}

/* The last snapshot of one run. */
typedef struct ric_i_net {
    char group[64];
    int64_t step;
    int64_t *agents; /* [na][ac]: id kind region stage size sector */
    size_t na, ac;
    double *state; /* [na][sc]: capability_mean ... */
    size_t sc;
    int64_t *ties[2]; /* formal, informal: [nl][2] agent ids */
    size_t nl[2];
} ric_i_net;

static void ric_i_net_free(ric_i_net *n)
{
    free(n->agents);
    free(n->state);
    free(n->ties[0]);
    free(n->ties[1]);
    memset(n, 0, sizeof *n);
}

static ric_status ric_i_net_read(const char *run, ric_i_net *n, ric_error *err)
{
    memset(n, 0, sizeof *n);
    ric_h5f f;
    RIC_CHECK(ric_h5f_open_run(&f, run, err));
    /* The last snapshot: step_NNNNNN sorts by step. */
    char(*groups)[64] = NULL;
    size_t ng = 0;
    if (ric_h5f_has(&f, "/snapshots") > 0 && ric_h5f_list(&f, "/snapshots", &groups, &ng) == RIC_OK)
        for (size_t i = 0; i < ng; i++)
            if (strcmp(groups[i], n->group) > 0)
                snprintf(n->group, sizeof n->group, "%s", groups[i]);
    free(groups);
    if (!n->group[0]) {
        ric_h5f_close(&f);
        return ric_error_set(err, RIC_EINVAL, "%s: no snapshot (set run.snapshot_every)", run);
    }
    n->step = strtoll(n->group + 5, NULL, 10);
    char obj[160];
    size_t ad[2] = {0, 0}, sd[2] = {0, 0}, td[2] = {0, 0};
    const size_t any2[2] = {RIC_H5_ANY, RIC_H5_ANY}, pairs[2] = {RIC_H5_ANY, 2};
    snprintf(obj, sizeof obj, "/snapshots/%s/agents", n->group);
    ric_status st = ric_h5f_get(&f, obj, RIC_H5_I64, 2, any2, ad, (void **)&n->agents);
    n->na = ad[0], n->ac = ad[1];
    snprintf(obj, sizeof obj, "/snapshots/%s/state", n->group);
    if (st == RIC_OK) {
        const size_t want[2] = {n->na, RIC_H5_ANY};
        st = ric_h5f_get(&f, obj, RIC_H5_F64, 2, want, sd, (void **)&n->state);
        n->sc = sd[1];
    }
    static const char *const lname[2] = {"ties_formal", "ties_informal"};
    for (int l = 0; l < 2 && st == RIC_OK; l++) {
        snprintf(obj, sizeof obj, "/snapshots/%s/%s", n->group, lname[l]);
        st = ric_h5f_get(&f, obj, RIC_H5_I64, 2, pairs, td, (void **)&n->ties[l]);
        n->nl[l] = td[0];
    }
    ric_h5f_close(&f);
    if (st == RIC_OK && (n->ac < 3 || n->sc < 1))
        st = ric_error_set(err, RIC_EFORMAT, "%s: snapshot %s is incomplete", run, n->group);
    if (st != RIC_OK)
        ric_i_net_free(n);
    return st;
}

/* One layout for all runs: each region a disc (area by its agents) on a
 * circle, the agents of a region placed by Fruchterman-Reingold on the ties
 * inside it in any of the runs (igraph, fixed seed), so the same agent sits
 * at the same place in every picture. xy[2 * slot of id]. */
static ric_status ric_i_shared_layout(const ric_i_net *nets, size_t nn, const int64_t *ids,
                                      const int64_t *region, size_t nid, int64_t nreg, double *xy,
                                      double *cx, double *cy, double *rad, ric_error *err)
{
    size_t *count = calloc((size_t)nreg, sizeof *count);
    long *local = malloc((nid ? nid : 1) * sizeof *local);
    if (!count || !local) {
        free(count);
        free(local);
        return ric_error_set(err, RIC_ENOMEM, "plot: no memory");
    }
    for (size_t i = 0; i < nid; i++)
        local[i] = (long)count[region[i]]++;
    double biggest = 0.0;
    for (int64_t r = 0; r < nreg; r++) {
        rad[r] = sqrt((double)count[r]);
        biggest = rad[r] > biggest ? rad[r] : biggest;
    }
    /* Region 0 (the capital) at the top, the others clockwise. */
    double ring = nreg > 1 ? 1.25 * biggest / sin(M_PI / (double)nreg) : 0.0;
    for (int64_t r = 0; r < nreg; r++) {
        double a = M_PI / 2.0 - 2.0 * M_PI * (double)r / (double)nreg;
        cx[r] = ring * cos(a);
        cy[r] = ring * sin(a);
    }
    ric_status st = RIC_OK;
    igraph_rng_seed(igraph_rng_default(), 20261125);
    for (int64_t r = 0; r < nreg && st == RIC_OK; r++) {
        if (count[r] == 0)
            continue;
        igraph_vector_int_t edges;
        igraph_matrix_t m;
        igraph_t gr;
        if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS) {
            st = ric_error_set(err, RIC_EIGRAPH, "plot: igraph");
            break;
        }
        for (size_t k = 0; k < nn; k++)
            for (int l = 0; l < 2; l++)
                for (size_t t = 0; t < nets[k].nl[l]; t++) {
                    long u = ric_i_find(ids, nid, nets[k].ties[l][2 * t]),
                         v = ric_i_find(ids, nid, nets[k].ties[l][2 * t + 1]);
                    if (u >= 0 && v >= 0 && region[u] == r && region[v] == r) {
                        igraph_vector_int_push_back(&edges, local[u]);
                        igraph_vector_int_push_back(&edges, local[v]);
                    }
                }
        int ok = igraph_create(&gr, &edges, (igraph_integer_t)count[r], IGRAPH_UNDIRECTED) ==
                 IGRAPH_SUCCESS;
        if (ok && igraph_matrix_init(&m, 0, 0) == IGRAPH_SUCCESS) {
            if (igraph_layout_fruchterman_reingold(&gr, &m, 0, 200, sqrt((double)count[r]),
                                                   IGRAPH_LAYOUT_AUTOGRID, NULL, NULL, NULL, NULL,
                                                   NULL) == IGRAPH_SUCCESS) {
                /* Into the region's disc: centred, the 90% nearest agents
                 * filling it, the far few (loners) pulled onto its rim. */
                double mx = 0, my = 0;
                for (size_t i = 0; i < count[r]; i++) {
                    mx += MATRIX(m, i, 0) / (double)count[r];
                    my += MATRIX(m, i, 1) / (double)count[r];
                }
                double *dist = malloc(count[r] * sizeof *dist);
                double far = 0.0;
                if (dist) {
                    for (size_t i = 0; i < count[r]; i++)
                        dist[i] = hypot(MATRIX(m, i, 0) - mx, MATRIX(m, i, 1) - my);
                    gsl_sort(dist, 1, count[r]);
                    far = dist[(size_t)(0.9 * (double)(count[r] - 1))];
                    free(dist);
                }
                for (size_t i = 0; i < nid; i++)
                    if (region[i] == r) {
                        double dx = MATRIX(m, local[i], 0) - mx, dy = MATRIX(m, local[i], 1) - my;
                        double d = hypot(dx, dy), k = far > 0 ? rad[r] / far : 0.0;
                        if (d > far && d > 0) /* on the rim, a little outside */
                            k = rad[r] * (1.0 + 0.08 * tanh(d / far - 1.0)) / d;
                        xy[2 * i] = cx[r] + k * dx;
                        xy[2 * i + 1] = cy[r] + k * dy;
                    }
            } else {
                st = ric_error_set(err, RIC_EIGRAPH, "plot: network layout failed");
            }
            igraph_matrix_destroy(&m);
        } else {
            st = ric_error_set(err, RIC_EIGRAPH, "plot: network layout failed");
        }
        if (ok)
            igraph_destroy(&gr);
        igraph_vector_int_destroy(&edges);
    }
    free(count);
    free(local);
    return st;
}

/* Draws network k of nets at the shared positions. */
static ric_status ric_i_net_draw(const ric_i_net *net, const char *label, const int64_t *ids,
                                 size_t nid, const double *xy, int64_t nreg, const double *cx,
                                 const double *cy, const double *rad, double capmax,
                                 const char *outdir, const char *name, ric_plot_list *made,
                                 ric_error *err)
{
    FILE *dat = ric_i_open(outdir, name, "dat", err);
    if (!dat)
        return RIC_EIO;
    /* index 0: informal ties, 1: formal ties (segments); 2: agents. */
    for (int l = 1; l >= 0; l--) {
        fprintf(dat, "%s# %s ties: x y pairs, one segment per tie\n", l == 1 ? "" : "\n\n",
                l ? "informal" : "formal");
        for (size_t t = 0; t < net->nl[l]; t++) {
            long u = ric_i_find(ids, nid, net->ties[l][2 * t]),
                 v = ric_i_find(ids, nid, net->ties[l][2 * t + 1]);
            if (u >= 0 && v >= 0)
                fprintf(dat, "%.4f %.4f\n%.4f %.4f\n\n", xy[2 * u], xy[2 * u + 1], xy[2 * v],
                        xy[2 * v + 1]);
        }
    }
    fprintf(dat, "\n\n# agents: x y capability kind (0 firm, 1 university, 2 institute, 3 "
                 "intermediary) id\n");
    for (size_t i = 0; i < net->na; i++) {
        long u = ric_i_find(ids, nid, net->agents[i * net->ac]);
        if (u >= 0)
            fprintf(dat, "%.4f %.4f %.5g %lld %lld\n", xy[2 * u], xy[2 * u + 1],
                    net->state[i * net->sc], (long long)net->agents[i * net->ac + 1],
                    (long long)ids[u]);
    }
    RIC_CHECK(ric_i_close(dat, outdir, name, "dat", err));
    FILE *g = ric_i_open(outdir, name, "gp", err);
    if (!g)
        return RIC_EIO;
    double ext = 0.0;
    for (int64_t r = 0; r < nreg; r++)
        ext = fmax(ext, fmax(fabs(cx[r]), fabs(cy[r])) + rad[r]);
    ext *= 1.15;
    char title[512];
    snprintf(title, sizeof title,
             "%s: network at year %.0f (step %lld), first replication: %zu agents, %zu formal "
             "and %zu informal ties",
             label, (double)net->step / 12.0, (long long)net->step, net->na, net->nl[0],
             net->nl[1]);
    ric_i_begin_multi(g, name, 1000, 900, 1, 1, title);
    fprintf(g,
            "unset xtics\nunset ytics\nunset border\nset size ratio -1\n"
            "set xrange [%.3f:%.3f]\nset yrange [%.3f:%.3f]\n"
            "set palette defined (0 '#fff7bc', 0.5 '#fe9929', 1 '#662506')\n"
            "set cbrange [0:%.4f]\nset cblabel 'capability (index 0-1)'\n"
            "set colorbox vertical user origin screen 0.90, screen 0.25 size screen 0.022, "
            "screen 0.5\nset rmargin at screen 0.86\n"
            "set key at screen 0.02, screen 0.02 left bottom horizontal maxcols 3 samplen 3 "
            "font ',10'\n",
            -ext, ext, -ext, ext, capmax > 0 ? capmax : 1.0);
    for (int64_t r = 0; r < nreg; r++) {
        /* Outside the disc, away from the middle of the picture. */
        double d = hypot(cx[r], cy[r]), ux = d > 0 ? cx[r] / d : 0.0, uy = d > 0 ? cy[r] / d : 1.0;
        fprintf(g, "set label %lld 'region %lld%s' at %.3f,%.3f center font ',12'\n",
                (long long)(r + 10), (long long)r, r == 0 ? " (capital)" : "",
                cx[r] + ux * (rad[r] * 1.25 + 0.05 * ext),
                cy[r] + uy * (rad[r] * 1.25 + 0.05 * ext));
    }
    fprintf(
        g,
        "plot '%s.dat' index 0 using 1:2 with lines lw 0.4 lc rgb '#b0778899' "
        "title 'informal tie', \\\n"
        "     '' index 1 using 1:2 with lines lw 1.2 lc rgb '#50c0392b' title 'formal tie', \\\n"
        "     '' index 2 using ($4 == 0 ? $1 : 1/0):2:3 with points pt 7 ps 0.45 lc palette "
        "title 'firm', \\\n"
        "     '' index 2 using ($4 == 1 ? $1 : 1/0):2:3 with points pt 9 ps 1.6 lc palette "
        "title 'university', \\\n"
        "     '' index 2 using ($4 == 2 ? $1 : 1/0):2:3 with points pt 5 ps 1.2 lc palette "
        "title 'institute', \\\n"
        "     '' index 2 using ($4 == 3 ? $1 : 1/0):2:3 with points pt 13 ps 1.3 lc palette "
        "title 'intermediary'\n",
        name);
    for (int64_t r = 0; r < nreg; r++)
        fprintf(g, "unset label %lld\n", (long long)(r + 10));
    ric_i_end_multi(g);
    RIC_CHECK(ric_i_close(g, outdir, name, "gp", err));
    ric_status st = made && made->defer ? RIC_OK : ric_plot_gnuplot(outdir, name, err);
    char cap[200];
    snprintf(cap, sizeof cap, "Network of %.100s at year %.0f (shared layout)", label,
             (double)net->step / 12.0);
    ric_i_made(made, name, cap);
    return st;
}

ric_status ric_plot_networks(const char *const *runs, const char *const *labels, size_t n,
                             const char *outdir, const char *prefix, ric_plot_list *made,
                             ric_error *err)
{
    ric_i_net *nets = calloc(n ? n : 1, sizeof *nets);
    if (!nets)
        return ric_error_set(err, RIC_ENOMEM, "plot: no memory");
    ric_status st = RIC_OK;
    size_t total = 0;
    for (size_t k = 0; k < n && st == RIC_OK; k++) {
        st = ric_i_net_read(runs[k], &nets[k], err);
        total += nets[k].na;
    }
    /* The agents of all runs, by id, with their region. */
    int64_t *ids = st == RIC_OK ? malloc((total ? total : 1) * sizeof *ids) : NULL;
    int64_t *region = st == RIC_OK ? malloc((total ? total : 1) * sizeof *region) : NULL;
    size_t nid = 0;
    int64_t nreg = 0;
    double capmax = 0.0;
    if (st == RIC_OK && (!ids || !region))
        st = ric_error_set(err, RIC_ENOMEM, "plot: no memory");
    for (size_t k = 0; k < n && st == RIC_OK; k++)
        for (size_t i = 0; i < nets[k].na; i++) {
            ids[nid++] = nets[k].agents[i * nets[k].ac];
            capmax = fmax(capmax, nets[k].state[i * nets[k].sc]);
        }
    if (st == RIC_OK)
        qsort(ids, nid, sizeof *ids, ric_i_cmp_i64);
    size_t u = 0;
    for (size_t i = 0; st == RIC_OK && i < nid; i++)
        if (u == 0 || ids[i] != ids[u - 1])
            ids[u++] = ids[i];
    nid = u;
    for (size_t k = 0; k < n && st == RIC_OK; k++)
        for (size_t i = 0; i < nets[k].na; i++) {
            long s = ric_i_find(ids, nid, nets[k].agents[i * nets[k].ac]);
            int64_t r = nets[k].agents[i * nets[k].ac + 2];
            if (r < 0 || r > 62) {
                st = ric_error_set(err, RIC_EFORMAT, "%s: region %lld out of range", runs[k],
                                   (long long)r);
                break;
            }
            region[s] = r;
            nreg = r + 1 > nreg ? r + 1 : nreg;
        }
    double *xy = st == RIC_OK ? calloc(2 * (nid ? nid : 1), sizeof *xy) : NULL;
    double cx[64], cy[64], rad[64];
    if (st == RIC_OK && !xy)
        st = ric_error_set(err, RIC_ENOMEM, "plot: no memory");
    if (st == RIC_OK)
        st = ric_i_shared_layout(nets, n, ids, region, nid, nreg, xy, cx, cy, rad, err);
    for (size_t k = 0; k < n && st == RIC_OK; k++) {
        char name[64];
        if (n == 1)
            snprintf(name, sizeof name, "%.60s", prefix);
        else
            snprintf(name, sizeof name, "%.40s_%zu", prefix, k);
        st = ric_i_net_draw(&nets[k], labels[k], ids, nid, xy, nreg, cx, cy, rad, capmax, outdir,
                            name, made, err);
    }
    for (size_t k = 0; k < n; k++)
        ric_i_net_free(&nets[k]);
    free(nets);
    free(ids);
    free(region);
    free(xy);
    return st;
}

ric_status ric_plot_network(const char *run, const char *outdir, const char *name,
                            ric_plot_list *made, ric_error *err)
{
    const char *slash = strrchr(run, '/');
    const char *label = slash ? slash + 1 : run;
    return ric_plot_networks(&run, &label, 1, outdir, name, made, err);
}

/* Closes NAME.dat and opens NAME.gp (NULL on failure, recorded in err). */
static FILE *ric_i_data_done(FILE *d, const char *outdir, const char *name, ric_error *err)
{
    if (ric_i_close(d, outdir, name, "dat", err) != RIC_OK)
        return NULL;
    return ric_i_open(outdir, name, "gp", err);
}

/* Closes NAME.gp and draws it. */
static ric_status ric_i_script_done(FILE *g, const char *outdir, const char *name, ric_error *err)
{
    RIC_CHECK(ric_i_close(g, outdir, name, "gp", err));
    return ric_plot_gnuplot(outdir, name, err);
}

ric_status ric_plot_bars(const char *outdir, const char *name, const char *title,
                         const char *ylabel, const char *const *labels, size_t n,
                         const char *const *series, size_t nseries, const double *v,
                         const double *lo, const double *hi, ric_error *err)
{
    FILE *d = ric_i_open(outdir, name, "dat", err);
    if (!d)
        return RIC_EIO;
    fprintf(d, "# label");
    for (size_t s = 0; s < nseries; s++)
        fprintf(d, "\t%s\t%s_lo\t%s_hi", series[s], series[s], series[s]);
    fputc('\n', d);
    for (size_t i = 0; i < n; i++) {
        fprintf(d, "\"%s\"", labels[i]);
        for (size_t s = 0; s < nseries; s++) {
            size_t j = s * n + i;
            /* No interval: a zero-length bar, so the row stays in place. */
            fprintf(d, "\t%.10g\t%.10g\t%.10g", v[j], isfinite(lo[j]) ? lo[j] : v[j],
                    isfinite(hi[j]) ? hi[j] : v[j]);
        }
        fputc('\n', d);
    }
    FILE *g = ric_i_data_done(d, outdir, name, err);
    if (!g)
        return err && err->code ? err->code : RIC_EIO;
    fprintf(g,
            "set title '%s'\nset ylabel '%s'\nset style data histograms\n"
            "set style histogram errorbars gap 2 lw 1\nset style fill solid 0.5 border -1\n"
            "set xtics rotate by -30 nomirror\nset grid ytics\nset key top right\n"
            "set yrange [*:*]\n",
            title, ylabel);
    char cmd[4096] = "plot ";
    for (size_t s = 0; s < nseries; s++)
        snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd),
                 "%s'%s.dat' using %zu:%zu:%zu%s title '%s'", s ? ", " : "", name, 2 + 3 * s,
                 3 + 3 * s, 4 + 3 * s, s ? "" : ":xtic(1)", series[s]);
    ric_i_terminals(g, name, cmd);
    return ric_i_script_done(g, outdir, name, err);
}

ric_status ric_plot_trace(const char *outdir, const char *name, const char *title,
                          const double *dist, const int *phase, size_t n, ric_error *err)
{
    FILE *d = ric_i_open(outdir, name, "dat", err);
    if (!d)
        return RIC_EIO;
    fprintf(d, "# evaluation\tdistance\tbest_so_far\tphase\n");
    double best = INFINITY;
    for (size_t i = 0; i < n; i++) {
        best = dist[i] < best ? dist[i] : best;
        fprintf(d, "%zu\t%.10g\t%.10g\t%d\n", i, dist[i], best, phase[i]);
    }
    FILE *g = ric_i_data_done(d, outdir, name, err);
    if (!g)
        return err && err->code ? err->code : RIC_EIO;
    fprintf(g,
            "set title '%s'\nset xlabel 'evaluation'\nset ylabel 'distance (log scale)'\n"
            "set logscale y\nset grid\nset key top right\n",
            title);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "plot '%s.dat' using 1:($4==0?$2:1/0) with points pt 7 ps 0.6 title 'screening', "
             "'' using 1:($4==1?$2:1/0) with points pt 5 ps 0.6 title 'simplex', "
             "'' using 1:($4==2?$2:1/0) with points pt 9 ps 0.6 title 'ABC-SMC', "
             "'' using 1:3 with lines lw 2 title 'best so far'",
             name);
    ric_i_terminals(g, name, cmd);
    return ric_i_script_done(g, outdir, name, err);
}

ric_status ric_plot_pairs(const char *outdir, const char *name, const char *title,
                          const char *const *keys, size_t k, const double *x, size_t n,
                          const double *truth, ric_error *err)
{
    FILE *d = ric_i_open(outdir, name, "dat", err);
    if (!d)
        return RIC_EIO;
    fputc('#', d);
    for (size_t i = 0; i < k; i++)
        fprintf(d, "\t%s", keys[i]);
    fputc('\n', d);
    for (size_t p = 0; p < n; p++) {
        for (size_t i = 0; i < k; i++)
            fprintf(d, "%s%.10g", i ? "\t" : "", x[p * k + i]);
        fputc('\n', d);
    }
    if (truth) { /* a second data block (index 1): the true values */
        fputs("\n\n", d);
        for (size_t i = 0; i < k; i++)
            fprintf(d, "%s%.10g", i ? "\t" : "", truth[i]);
        fputc('\n', d);
    }
    FILE *g = ric_i_data_done(d, outdir, name, err);
    if (!g)
        return err && err->code ? err->code : RIC_EIO;
    /* One script for both terminals: the multiplot is drawn twice. */
    fprintf(g,
            "# Re-run with: gnuplot %s.gp (in this directory). Restyle freely.\n"
            "bin(x, w, lo) = lo + w * floor((x - lo) / w)\n"
            "do for [term = 1:2] {\n"
            "if (term == 1) { set terminal pngcairo size 960,960 noenhanced font 'sans,10'; "
            "set output '%s.png' } else { set terminal svg size 960,960 dynamic noenhanced "
            "font 'sans,10'; set output '%s.svg' }\n"
            "set multiplot layout %zu,%zu title '%s'\nunset key\n",
            name, name, name, k, k, title);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double lo = INFINITY, hi = -INFINITY;
            for (size_t p = 0; p < n; p++) {
                lo = fmin(lo, x[p * k + j]);
                hi = fmax(hi, x[p * k + j]);
            }
            double w = hi > lo ? (hi - lo) / 10.0 : 1.0;
            fprintf(g, "set xlabel '%s'\nset ylabel '%s'\n", i + 1 == k ? keys[j] : "",
                    j == 0 ? (i == j ? "count" : keys[i]) : "");
            if (i == j)
                fprintf(g,
                        "set style fill solid 0.5\nplot '%s.dat' index 0 using (bin($%zu, "
                        "%.10g, %.10g)):(1.0) smooth frequency with boxes\n",
                        name, j + 1, w, lo);
            else
                fprintf(g, "plot '%s.dat' index 0 using %zu:%zu with points pt 7 ps 0.5", name,
                        j + 1, i + 1);
            if (i != j && truth)
                fprintf(g, ", '%s.dat' index 1 using %zu:%zu with points pt 3 ps 3 lc rgb 'red'",
                        name, j + 1, i + 1);
            if (i != j)
                fputc('\n', g);
        }
    fprintf(g, "unset multiplot\n}\nunset output\n");
    return ric_i_script_done(g, outdir, name, err);
}
