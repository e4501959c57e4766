/* Measurements: what the output file records at every observation step. */
#include "ric_model.h"

#include "ric_netmetrics.h"
#include "ric_reduce.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ric_observer_init(ric_observer *o)
{
    *o = (ric_observer){0};
}

void ric_observer_destroy(ric_observer *o)
{
    if (!o)
        return;
    free(o->scratch);
    free(o->colnames);
    free(o->stats_buf);
    ric_observer_init(o);
}

enum { RIC_I_NSTATS = 5 }; /* mean, sd, q10, q50, q90 */
static const char *const ric_i_stat_names[RIC_I_NSTATS] = {"mean", "sd", "q10", "q50", "q90"};

/* Groups of the three statistics series: size class (firms), region (all
 * agents), stage (firms). Returns the group of slot i in series c, or -1. */
static int32_t ric_i_stats_group(const ric_model *m, const ric_agents *a, int c, size_t i)
{
    if (!a->alive[i])
        return -1;
    const int firm = a->kind[i] == RIC_KIND_FIRM;
    switch (c) {
    case 0: {
        int32_t sz = ric_agents_i32(a, m->col_size)[i];
        return firm && sz < 2 ? sz : -1;
    }
    case 1:
        return a->group[i];
    default:
        return firm ? ric_agents_i32(a, m->col_stage)[i] - 1 : -1;
    }
}

static size_t ric_i_stats_ngroups(const ric_model *m, int c)
{
    return c == 0 ? 2 : c == 1 ? (size_t)m->p.regions : 3;
}

static ric_status ric_i_declare_stats(ric_observer *o, const ric_model *m, ric_h5 *h,
                                      ric_error *err)
{
    static const char *const series[3] = {"capability_by_size", "capability_by_region",
                                          "capability_by_stage"};
    static const char *const sizes[2] = {"large", "sme"};
    size_t total = 0;
    for (int c = 0; c < 3; c++)
        total += ric_i_stats_ngroups(m, c) * RIC_I_NSTATS;
    o->colnames = calloc(total, sizeof *o->colnames);
    const char **ptrs = calloc(total, sizeof *ptrs);
    ric_status st = o->colnames && ptrs ? RIC_OK : RIC_ENOMEM;
    size_t at = 0;
    for (int c = 0; c < 3 && st == RIC_OK; c++) {
        size_t ng = ric_i_stats_ngroups(m, c), first = at;
        for (size_t g = 0; g < ng; g++)
            for (int k = 0; k < RIC_I_NSTATS; k++, at++) {
                if (c == 0)
                    snprintf(o->colnames[at], 32, "%s.%s", sizes[g], ric_i_stat_names[k]);
                else
                    snprintf(o->colnames[at], 32, "%s%zu.%s", c == 1 ? "region" : "stage",
                             c == 1 ? g : g + 1, ric_i_stat_names[k]);
                ptrs[at] = o->colnames[at];
            }
        st = ric_h5_series_add(h, series[c], ng * RIC_I_NSTATS, ptrs + first, "capability",
                               &o->s_stats[c], err);
    }
    free(ptrs);
    return st == RIC_ENOMEM ? ric_error_set(err, st, "observation: no memory") : st;
}

/* Mean, sd and the 10/50/90% quantiles of the agents' mean capability per
 * group: values are gathered per group in slot order, summed serially (GSL)
 * and sorted, so the figures do not depend on the thread count. */
static ric_status ric_i_record_stats(ric_observer *o, const ric_model *m, const ric_world *w,
                                     ric_h5 *h, ric_error *err)
{
    const ric_agents *a = &w->agents;
    const size_t n = a->n, D = a->dims;
    /* x, grouped (doubles), keys, tmp (uint64), group labels (int32 in a double slot). */
    if (5 * n > o->stats_cap) {
        double *q = realloc(o->stats_buf, 5 * n * sizeof *q);
        if (!q)
            return ric_error_set(err, RIC_ENOMEM, "observation: no memory");
        o->stats_buf = q;
        o->stats_cap = 5 * n;
    }
    double *x = o->stats_buf, *grouped = x + n;
    uint64_t *keys = (uint64_t *)(x + 2 * n), *tmp = (uint64_t *)(x + 3 * n);
    int32_t *grp = (int32_t *)(x + 4 * n);
    ric_agents_row_sums(a, x);
    for (int c = 0; c < 3; c++) {
        const size_t ng = ric_i_stats_ngroups(m, c);
        size_t start[65] = {0};
        for (size_t i = 0; i < n; i++) {
            grp[i] = ric_i_stats_group(m, a, c, i);
            if (grp[i] >= 0)
                start[grp[i] + 1]++;
        }
        for (size_t g = 0; g < ng; g++)
            start[g + 1] += start[g];
        size_t fill[64];
        memcpy(fill, start, ng * sizeof *fill);
        /* Each group's values in slot order: the sums below do not depend on threads. */
        for (size_t i = 0; i < n; i++)
            if (grp[i] >= 0)
                grouped[fill[grp[i]]++] = x[i] / (double)D;
        double row[64 * RIC_I_NSTATS];
        for (size_t g = 0; g < ng; g++) {
            const size_t cnt = start[g + 1] - start[g];
            double *v = grouped + start[g], *r = row + g * RIC_I_NSTATS;
            r[0] = cnt ? gsl_stats_mean(v, 1, cnt) : NAN;
            r[1] = cnt > 1 ? gsl_stats_sd(v, 1, cnt) : NAN;
            /* Non-negative doubles order like their bit patterns: radix sort. */
            for (size_t i = 0; i < cnt; i++)
                memcpy(&keys[i], &v[i], sizeof v[i]);
            RIC_CHECK(ric_sort_u64(keys, tmp, cnt));
            for (size_t i = 0; i < cnt; i++)
                memcpy(&v[i], &keys[i], sizeof v[i]);
            r[2] = cnt ? gsl_stats_quantile_from_sorted_data(v, 1, cnt, 0.1) : NAN;
            r[3] = cnt ? gsl_stats_quantile_from_sorted_data(v, 1, cnt, 0.5) : NAN;
            r[4] = cnt ? gsl_stats_quantile_from_sorted_data(v, 1, cnt, 0.9) : NAN;
        }
        RIC_CHECK(ric_h5_series_append(h, o->s_stats[c], w->step, row, err));
    }
    return RIC_OK;
}

ric_status ric_observer_declare(ric_observer *o, const ric_model *m, ric_h5 *h, ric_error *err)
{
    RIC_CHECK(ric_i_declare_stats(o, m, h, err));
    RIC_CHECK(ric_h5_series_add(h, "capability_mean", RIC_NKINDS, ric_kind_names, "capability",
                                &o->s_capability, err));
    RIC_CHECK(ric_h5_series_add(h, "density_formal", 0, NULL, "", &o->s_density[RIC_FORMAL], err));
    RIC_CHECK(
        ric_h5_series_add(h, "density_informal", 0, NULL, "", &o->s_density[RIC_INFORMAL], err));
    static const char *const cols[] = {
        "density",     "mean_degree",     "clustering", "avg_local_clustering",
        "giant_share", "degree_skewness", "max_degree"};
    static const char *const dcols[] = {"entries_total", "exits_total", "firms"};
    RIC_CHECK(ric_h5_series_add(h, "demography", 3, dcols, "", &o->s_demography, err));
    static const char *const icols[] = {"large", "sme", "manufacturing", "service"};
    RIC_CHECK(ric_h5_series_add(h, "innovating_share", 4, icols, "", &o->s_innovating, err));
    static const char *const names[RIC_NLAYERS] = {"network_formal", "network_informal"};
    for (int l = 0; l < RIC_NLAYERS; l++)
        RIC_CHECK(ric_h5_series_add(h, names[l], 7, cols, "", &o->s_network[l], err));
    return RIC_OK;
}

/* Share of living firms that innovated within the last `window` steps, by
 * size class (large, SME) and by sector (manufacturing, service). Uses the
 * scratch buffers that ric_i_record_basic sized just before. */
static ric_status ric_i_record_innovating(ric_observer *o, const ric_model *m, const ric_world *w,
                                          ric_h5 *h, ric_error *err)
{
    const ric_agents *a = &w->agents;
    const size_t n = a->n;
    double *x = o->scratch;
    int32_t *grp = (int32_t *)(o->scratch + n);
    const int32_t *last = ric_agents_i32(a, m->col_last_innovation);
    const int32_t *cls[2] = {ric_agents_i32(a, m->col_size), ric_agents_i32(a, m->col_sector)};
    double row[4];
    for (int c = 0; c < 2; c++) {
#pragma omp parallel for schedule(static)
        for (size_t i = 0; i < n; i++) {
            x[i] = last[i] != RIC_NEVER && w->step - (int64_t)last[i] <= m->p.innovation_window;
            grp[i] = a->alive[i] && a->kind[i] == RIC_KIND_FIRM && cls[c][i] < 2 ? cls[c][i] : -1;
        }
        double sums[2], counts[2];
        RIC_CHECK(ric_reduce_grouped(x, grp, n, 2, sums, counts));
        for (int g = 0; g < 2; g++)
            row[2 * c + g] = counts[g] > 0 ? sums[g] / counts[g] : NAN;
    }
    return ric_h5_series_append(h, o->s_innovating, w->step, row, err);
}

static ric_status ric_i_record_basic(ric_observer *o, const ric_world *w, ric_h5 *h, ric_error *err)
{
    const ric_agents *a = &w->agents;
    size_t n = a->n, D = a->dims;
    /* One block of n doubles then n group labels. */
    size_t need = 2 * n;
    if (need > o->scratch_cap) {
        double *q = realloc(o->scratch, need * sizeof *q);
        if (!q)
            return ric_error_set(err, RIC_ENOMEM, "observation: no memory");
        o->scratch = q;
        o->scratch_cap = need;
    }
    double *x = o->scratch;
    int32_t *grp = (int32_t *)(o->scratch + n);
    ric_agents_row_sums(a, x);
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i++) {
        x[i] /= (double)D;
        grp[i] = a->alive[i] ? a->kind[i] : -1;
    }
    double sums[RIC_NKINDS], counts[RIC_NKINDS], mean[RIC_NKINDS];
    RIC_CHECK(ric_reduce_grouped(x, grp, n, RIC_NKINDS, sums, counts));
    for (int g = 0; g < RIC_NKINDS; g++)
        mean[g] = counts[g] > 0 ? sums[g] / counts[g] : NAN; /* no agent of the kind */
    RIC_CHECK(ric_h5_series_append(h, o->s_capability, w->step, mean, err));
    size_t alive = ric_agents_alive_count(a);
    for (int l = 0; l < RIC_NLAYERS; l++) {
        double dens = ric_layer_density(&w->layers[l], alive);
        RIC_CHECK(ric_h5_series_append(h, o->s_density[l], w->step, &dens, err));
    }
    return RIC_OK;
}

static ric_status ric_i_record_network(ric_observer *o, const ric_world *w, ric_h5 *h,
                                       ric_error *err)
{
    const ric_agents *a = &w->agents;
    for (int l = 0; l < RIC_NLAYERS; l++) {
        ric_netstats ns;
        RIC_CHECK(ric_netstats_compute(&w->layers[l], a->n, a->alive, &ns, err));
        const double row[7] = {
            ns.density,     ns.mean_degree,     ns.clustering,        ns.avg_local_clustering,
            ns.giant_share, ns.degree_skewness, (double)ns.max_degree};
        RIC_CHECK(ric_h5_series_append(h, o->s_network[l], w->step, row, err));
    }
    return RIC_OK;
}

ric_status ric_observer_record(ric_observer *o, const ric_model *m, const ric_world *w, ric_h5 *h,
                               ric_error *err)
{
    const int last = w->step == m->p.steps;
    if (w->step % m->p.output_every == 0 || last) {
        RIC_CHECK(ric_i_record_basic(o, w, h, err));
        RIC_CHECK(ric_i_record_innovating(o, m, w, h, err));
        RIC_CHECK(ric_i_record_stats(o, m, w, h, err));
        double firms = 0.0;
        for (size_t i = 0; i < w->agents.n; i++)
            firms += w->agents.alive[i] && w->agents.kind[i] == RIC_KIND_FIRM;
        const double row[3] = {(double)m->entries_total, (double)m->exits_total, firms};
        RIC_CHECK(ric_h5_series_append(h, o->s_demography, w->step, row, err));
    }
    if (w->step % m->p.network_every == 0 || last)
        RIC_CHECK(ric_i_record_network(o, w, h, err));
    return RIC_OK;
}
