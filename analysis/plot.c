/* Plots with gnuplot (ric_plot.h). */
#define _DEFAULT_SOURCE /* fork, execlp, chdir */
#include "ric_plot.h"

#include "ric_h5.h"
#include "ric_h5io.h"

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

static const struct {
    const char *name, *series, *column, *title, *ylabel;
} ric_i_plots[] = {
    {"ts_capability_firms", "capability_mean", "firm", "Mean capability of firms", "capability"},
    {"ts_capability_smes", "capability_by_size", "sme.mean", "Mean capability of SMEs",
     "capability"},
    {"ts_density_informal", "density_informal", "", "Density of the informal network", "density"},
    {"ts_density_formal", "density_formal", "", "Density of the formal network", "density"},
    {"ts_innovating_smes", "innovating_share", "sme", "SMEs that innovated in the last 36 steps",
     "share"},
};

/* Label without spaces (gnuplot words). */
static void ric_i_word(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
    for (char *c = dst; *c; c++)
        if (*c == ' ' || *c == '\'' || *c == '"')
            *c = '_';
}

ric_status ric_plot_ensembles(const char *const *dirs, size_t ndirs, const ric_compare *cmp,
                              const char *outdir, ric_plot_list *made, ric_error *err)
{
    ric_status st = RIC_OK;
    ric_status gp = RIC_OK; /* a missing gnuplot is reported once, at the end */
    ric_error gperr;
    ric_error_clear(&gperr);
    for (size_t k = 0; k < sizeof ric_i_plots / sizeof ric_i_plots[0] && st == RIC_OK; k++) {
        FILE *dat = ric_i_open(outdir, ric_i_plots[k].name, "dat", err);
        if (!dat)
            return RIC_EIO;
        char labels[2048] = "";
        size_t blocks = 0;
        for (size_t e = 0; e < ndirs; e++) {
            char index[4300];
            size_t dl = strlen(dirs[e]); /* a directory, or its index file */
            if (dl > 3 && strcmp(dirs[e] + dl - 3, ".h5") == 0)
                snprintf(index, sizeof index, "%s", dirs[e]);
            else
                snprintf(index, sizeof index, "%s/ensemble.h5", dirs[e]);
            ric_i_stats is;
            st = ric_i_index_stats(index, ric_i_plots[k].series, ric_i_plots[k].column, &is, err);
            if (st == RIC_EINVAL)
                st = RIC_OK; /* nothing of this series to plot */
            if (st != RIC_OK)
                break;
            const size_t P = is.P, T = is.T, C = is.C;
            const int col = is.col;
            const double *mean = is.mean, *lo = is.lo, *hi = is.hi;
            const int64_t *steps = is.steps;
            char dir[4096];
            snprintf(dir, sizeof dir, "%s", dirs[e]);
            for (size_t len = strlen(dir); len > 1 && dir[len - 1] == '/'; len--)
                dir[len - 1] = '\0';                 /* "ens/base/" -> label "base" */
            char *idx = strstr(dir, "/ensemble.h5"); /* "ens/base/ensemble.h5" -> "base" */
            if (idx && idx[12] == '\0')
                *idx = '\0';
            const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
            for (size_t p = 0; mean && lo && hi && steps && col >= 0 && p < P; p++) {
                char label[128], word[128];
                if (P > 1)
                    snprintf(label, sizeof label, "%.100s[%zu]", base, p);
                else
                    snprintf(label, sizeof label, "%.100s", base);
                ric_i_word(word, sizeof word, label);
                fprintf(dat, "%s# %s: step mean ci_low ci_high\n", blocks ? "\n\n" : "", label);
                for (size_t t = 0; t < T; t++) {
                    size_t at = (p * T + t) * C + (size_t)col;
                    fprintf(dat, "%lld %.9g %.9g %.9g\n", (long long)steps[t], mean[at],
                            isfinite(lo[at]) ? lo[at] : mean[at],
                            isfinite(hi[at]) ? hi[at] : mean[at]);
                }
                snprintf(labels + strlen(labels), sizeof labels - strlen(labels), "%s%s",
                         blocks ? " " : "", word);
                blocks++;
            }
            ric_i_stats_free(&is);
        }
        ric_status cs = ric_i_close(dat, outdir, ric_i_plots[k].name, "dat", err);
        st = st == RIC_OK ? cs : st;
        if (st != RIC_OK)
            break;
        if (blocks == 0)
            continue;
        FILE *gpf = ric_i_open(outdir, ric_i_plots[k].name, "gp", err);
        if (!gpf)
            return RIC_EIO;
        char cmd[4096];
        snprintf(cmd, sizeof cmd,
                 "labels = '%s'\n"
                 "set title '%s (mean and 95%% CI over replications)'\n"
                 "set xlabel 'step (month)'\nset ylabel '%s'\nset key outside right\n"
                 "set grid\nset style fill transparent solid 0.20 noborder\n"
                 "plot for [i=0:%zu] '%s.dat' index i using 1:3:4 with filledcurves "
                 "lc i+1 notitle, \\\n"
                 "     for [i=0:%zu] '%s.dat' index i using 1:2 with lines lw 2 lc i+1 "
                 "title word(labels, i+1)",
                 labels, ric_i_plots[k].title, ric_i_plots[k].ylabel, blocks - 1,
                 ric_i_plots[k].name, blocks - 1, ric_i_plots[k].name);
        ric_i_terminals(gpf, ric_i_plots[k].name, cmd);
        RIC_CHECK(ric_i_close(gpf, outdir, ric_i_plots[k].name, "gp", err));
        ric_status g =
            made && made->defer ? RIC_OK : ric_plot_gnuplot(outdir, ric_i_plots[k].name, &gperr);
        if (g != RIC_OK && gp == RIC_OK)
            gp = g;
        ric_i_made(made, ric_i_plots[k].name, ric_i_plots[k].title);
    }
    /* Final-state distributions over replications, from the comparison. */
    static const char *const finals[][2] = {
        {"capability SMEs (final)", "final_capability_smes"},
        {"density informal (final)", "final_density_informal"},
        {"innovating share SMEs (final)", "final_innovating_smes"}};
    for (size_t k = 0; cmp && k < 3 && st == RIC_OK; k++) {
        size_t o = 0;
        while (o < cmp->nobs && strcmp(cmp->obs[o].name, finals[k][0]) != 0)
            o++;
        if (o == cmp->nobs)
            continue;
        FILE *dat = ric_i_open(outdir, finals[k][1], "dat", err);
        if (!dat)
            return RIC_EIO;
        char tics[2048] = "";
        for (size_t s = 0; s < cmp->nsets; s++) {
            fprintf(dat, "%s# %s: value at the last step, one line per replication\n",
                    s ? "\n\n" : "", cmp->sets[s].label);
            for (size_t i = 0; i < cmp->sets[s].n; i++)
                fprintf(dat, "%.9g\n", cmp->sets[s].value[i * RIC_CMP_MAX_OBS + o]);
            snprintf(tics + strlen(tics), sizeof tics - strlen(tics), "%s'%.60s' %zu",
                     s ? ", " : "", cmp->sets[s].label, s + 1);
        }
        /* The last block: position, mean and its 95% CI per scenario. */
        fprintf(dat, "\n\n# x mean ci_low ci_high\n");
        for (size_t s = 0; s < cmp->nsets; s++) {
            const ric_cmp_row *r = &cmp->rows[o * cmp->nsets + s];
            fprintf(dat, "%zu %.9g %.9g %.9g\n", s + 1, r->mean,
                    isfinite(r->ci_low) ? r->ci_low : r->mean,
                    isfinite(r->ci_high) ? r->ci_high : r->mean);
        }
        RIC_CHECK(ric_i_close(dat, outdir, finals[k][1], "dat", err));
        FILE *gpf = ric_i_open(outdir, finals[k][1], "gp", err);
        if (!gpf)
            return RIC_EIO;
        char cmd[4096];
        snprintf(cmd, sizeof cmd,
                 "set title '%s: distribution over replications'\n"
                 "set xtics (%s) rotate by -30\nset xrange [0.3:%zu.7]\nset grid ytics\n"
                 "set offsets 0, 0, graph 0.05, graph 0.05\nset key outside right\n"
                 "plot for [i=0:%zu] '%s.dat' index i using (i+1+0.2*(rand(0)-0.5)):1 with "
                 "points pt 7 ps 0.8 lc i+1 notitle, \\\n"
                 "     '%s.dat' index %zu using ($1+0.25):2:3:4 with yerrorbars pt 5 ps 1.2 "
                 "lc rgb 'black' title 'mean, 95%% CI'",
                 finals[k][0], tics, cmp->nsets, cmp->nsets - 1, finals[k][1], finals[k][1],
                 cmp->nsets);
        ric_i_terminals(gpf, finals[k][1], cmd);
        RIC_CHECK(ric_i_close(gpf, outdir, finals[k][1], "gp", err));
        ric_status g =
            made && made->defer ? RIC_OK : ric_plot_gnuplot(outdir, finals[k][1], &gperr);
        if (g != RIC_OK && gp == RIC_OK)
            gp = g;
        ric_i_made(made, finals[k][1], finals[k][0]);
    }
    if (st == RIC_OK && gp != RIC_OK)
        st = ric_error_set(err, gp, "%s", gperr.msg);
    return st;
}

/* ---- network picture ---------------------------------------------------- */

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

ric_status ric_plot_network(const char *run, const char *outdir, const char *name,
                            ric_plot_list *made, ric_error *err)
{
    ric_h5f f;
    RIC_CHECK(ric_h5f_open_run(&f, run, err));
    /* The last snapshot: step_NNNNNN sorts by step. */
    char(*groups)[64] = NULL;
    size_t ng = 0;
    char snap[64] = "";
    if (ric_h5f_has(&f, "/snapshots") > 0 && ric_h5f_list(&f, "/snapshots", &groups, &ng) == RIC_OK)
        for (size_t i = 0; i < ng; i++)
            if (strcmp(groups[i], snap) > 0)
                snprintf(snap, sizeof snap, "%s", groups[i]);
    free(groups);
    if (!snap[0]) {
        ric_h5f_close(&f);
        return ric_error_set(err, RIC_EINVAL, "%s: no snapshot (set run.snapshot_every)", run);
    }
    char obj[160];
    size_t ad[2] = {0, 0}, td[2][2] = {{0, 0}, {0, 0}};
    const size_t want_agents[2] = {RIC_H5_ANY, RIC_H5_ANY}, want_ties[2] = {RIC_H5_ANY, 2};
    int64_t *agents = NULL, *ties[2] = {NULL, NULL};
    snprintf(obj, sizeof obj, "/snapshots/%s/agents", snap);
    ric_status rs = ric_h5f_get(&f, obj, RIC_H5_I64, 2, want_agents, ad, (void **)&agents);
    static const char *const lname[2] = {"ties_formal", "ties_informal"};
    for (int l = 0; l < 2 && rs == RIC_OK; l++) {
        snprintf(obj, sizeof obj, "/snapshots/%s/%s", snap, lname[l]);
        rs = ric_h5f_get(&f, obj, RIC_H5_I64, 2, want_ties, td[l], (void **)&ties[l]);
    }
    ric_h5f_close(&f);
    const size_t na = ad[0], ac = ad[1], nl[2] = {td[0][0], td[1][0]};
    if (rs == RIC_OK && ac < 2)
        rs = ric_error_set(err, RIC_EFORMAT, "%s: snapshot %s: agents have %zu columns", run, snap,
                           ac);
    if (rs != RIC_OK) {
        free(agents);
        free(ties[0]);
        free(ties[1]);
        return rs;
    }
    ric_status st = RIC_OK;
    int64_t *ids = agents ? malloc((na ? na : 1) * sizeof *ids) : NULL;
    if (!agents || !ties[0] || !ties[1] || ac < 2 || !ids)
        st = ric_error_set(err, RIC_EFORMAT, "%s: snapshot %s is incomplete", run, snap);
    /* Agent ids are written in ascending order (slot order). */
    for (size_t i = 0; st == RIC_OK && i < na; i++)
        ids[i] = agents[i * ac];
    igraph_vector_int_t edges;
    igraph_matrix_t xy;
    igraph_t gr;
    int have_v = 0, have_m = 0, have_g = 0;
    if (st == RIC_OK && igraph_vector_int_init(&edges, 0) == IGRAPH_SUCCESS)
        have_v = 1;
    for (int l = 0; st == RIC_OK && have_v && l < 2; l++)
        for (size_t t = 0; t < nl[l]; t++) {
            long u = ric_i_find(ids, na, ties[l][2 * t]),
                 v = ric_i_find(ids, na, ties[l][2 * t + 1]);
            if (u >= 0 && v >= 0) {
                igraph_vector_int_push_back(&edges, u);
                igraph_vector_int_push_back(&edges, v);
            }
        }
    if (st == RIC_OK && have_v &&
        igraph_create(&gr, &edges, (igraph_integer_t)na, IGRAPH_UNDIRECTED) == IGRAPH_SUCCESS)
        have_g = 1;
    if (have_g && igraph_matrix_init(&xy, 0, 0) == IGRAPH_SUCCESS)
        have_m = 1;
    /* A fixed seed: the same run gives the same picture. */
    igraph_rng_seed(igraph_rng_default(), 20261125);
    if (st == RIC_OK &&
        (!have_m || igraph_layout_fruchterman_reingold(&gr, &xy, 0, 120, sqrt((double)na) / 10.0,
                                                       IGRAPH_LAYOUT_AUTOGRID, NULL, NULL, NULL,
                                                       NULL, NULL) != IGRAPH_SUCCESS))
        st = ric_error_set(err, RIC_EIGRAPH, "%s: network layout failed", run);
    FILE *dat = st == RIC_OK ? ric_i_open(outdir, name, "dat", err) : NULL;
    if (st == RIC_OK && !dat)
        st = RIC_EIO;
    if (st == RIC_OK) {
        /* index 0, 1: formal and informal ties as segments; 2: agents. */
        for (int l = 0; l < 2; l++) {
            fprintf(dat, "%s# %s ties: x y pairs, one segment per tie\n", l ? "\n\n" : "",
                    l ? "informal" : "formal");
            for (size_t t = 0; t < nl[l]; t++) {
                long u = ric_i_find(ids, na, ties[l][2 * t]),
                     v = ric_i_find(ids, na, ties[l][2 * t + 1]);
                if (u < 0 || v < 0)
                    continue;
                fprintf(dat, "%.4f %.4f\n%.4f %.4f\n\n", MATRIX(xy, u, 0), MATRIX(xy, u, 1),
                        MATRIX(xy, v, 0), MATRIX(xy, v, 1));
            }
        }
        fprintf(dat, "\n\n# agents: x y kind (0 firm, 1 university, 2 institute, 3 "
                     "intermediary) id\n");
        for (size_t i = 0; i < na; i++)
            fprintf(dat, "%.4f %.4f %lld %lld\n", MATRIX(xy, i, 0), MATRIX(xy, i, 1),
                    (long long)agents[i * ac + 1], (long long)ids[i]);
        st = ric_i_close(dat, outdir, name, "dat", err);
        FILE *gpf = st == RIC_OK ? ric_i_open(outdir, name, "gp", err) : NULL;
        if (st == RIC_OK && !gpf)
            st = RIC_EIO;
        if (gpf) {
            char cmd[2048];
            snprintf(
                cmd, sizeof cmd,
                "set title 'Network at %s: %zu agents, %zu formal and %zu informal ties'\n"
                "unset xtics\nunset ytics\nunset border\nset size ratio -1\n"
                "set key outside right\n"
                "kindcolor(k) = k == 0 ? 0x4477aa : k == 1 ? 0xcc3311 : k == 2 ? 0xee7733 "
                ": 0x009988\n"
                "plot '%s.dat' index 0 using 1:2 with lines lw 0.4 lc rgb '#a0dd8800' "
                "title 'formal tie', \\\n"
                "     '' index 1 using 1:2 with lines lw 0.4 lc rgb '#a0336699' "
                "title 'informal tie', \\\n"
                "     '' index 2 using 1:2:($3 == 0 ? 0.35 : 1.0):(kindcolor($3)) with points "
                "pt 7 ps variable lc rgb variable notitle, \\\n"
                "     NaN with points pt 7 lc rgb '#4477aa' title 'firm', NaN with points pt 7 "
                "lc rgb '#cc3311' title 'university', \\\n"
                "     NaN with points pt 7 lc rgb '#ee7733' title 'institute', NaN with "
                "points pt 7 lc rgb '#009988' title 'intermediary'",
                snap, na, nl[0], nl[1], name);
            ric_i_terminals(gpf, name, cmd);
            st = ric_i_close(gpf, outdir, name, "gp", err);
            if (st == RIC_OK)
                st = made && made->defer ? RIC_OK : ric_plot_gnuplot(outdir, name, err);
            char title[128];
            snprintf(title, sizeof title, "Network at %.60s", snap);
            ric_i_made(made, name, title);
        }
    }
    if (have_m)
        igraph_matrix_destroy(&xy);
    if (have_g)
        igraph_destroy(&gr);
    if (have_v)
        igraph_vector_int_destroy(&edges);
    free(agents);
    free(ties[0]);
    free(ties[1]);
    free(ids);
    return st;
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
