/* Measurements: what the output file records at every observation step. */
#include "ric_model.h"

#include "ric_netmetrics.h"
#include "ric_reduce.h"

#include <math.h>
#include <stdlib.h>

void ric_observer_init(ric_observer *o)
{
    *o = (ric_observer){0};
}

void ric_observer_destroy(ric_observer *o)
{
    if (o)
        free(o->scratch);
    ric_observer_init(o);
}

ric_status ric_observer_declare(ric_observer *o, ric_h5 *h, ric_error *err)
{
    RIC_CHECK(ric_h5_series_add(h, "capability_mean", RIC_NKINDS, ric_kind_names, "capability",
                                &o->s_capability, err));
    RIC_CHECK(ric_h5_series_add(h, "density_formal", 0, NULL, "", &o->s_density[RIC_FORMAL], err));
    RIC_CHECK(
        ric_h5_series_add(h, "density_informal", 0, NULL, "", &o->s_density[RIC_INFORMAL], err));
    static const char *const cols[] = {
        "density",     "mean_degree",     "clustering", "avg_local_clustering",
        "giant_share", "degree_skewness", "max_degree"};
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
    }
    if (w->step % m->p.network_every == 0 || last)
        RIC_CHECK(ric_i_record_network(o, w, h, err));
    return RIC_OK;
}
