/* Innovation events (docs/model.md 7.11): each firm innovates in a step with
 * a hazard that rises with its mean capability, its stage and its R&D
 * intensity. A product innovation raises revenue, a process innovation cuts
 * operating costs. Agent-local, draws from the firm's stream; events are
 * listed in slot order after the parallel loop. */
#include "ric_model.h"

#include "ric_rng.h"

#include <math.h>

double ric_innovation_probability(const ric_params *p, double kmean, int stage, double rd)
{
    double lambda =
        p->innovation_rate * (kmean / p->k_max) * (double)stage * sqrt(rd / p->rd_reference);
    return 1.0 - exp(-lambda);
}

ric_status ric_phase_innovation(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const size_t n = a->n, D = a->dims;
    const double *rd = ric_agents_f64(a, m->col_rd);
    const int32_t *stage = ric_agents_i32(a, m->col_stage);
    int32_t *last = ric_agents_i32(a, m->col_last_innovation);
    double *revenue = ric_agents_f64(a, m->col_revenue);
    double *margin = ric_agents_f64(a, m->col_margin);
    int32_t *type = ric_agents_i32(a, m->col_innov_type);
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i++) {
        if (!a->alive[i] || a->kind[i] != RIC_KIND_FIRM)
            continue;
        const double *k = ric_agents_row(a, i);
        double s = 0.0;
        for (size_t d = 0; d < D; d++)
            s += k[d];
        double pr = ric_innovation_probability(p, s / (double)D, stage[i], rd[i]);
        if (ric_rng_u01(w->seed, w->replication, a->id[i], w->step, RIC_PURPOSE_INNOVATION, 0) >=
            pr)
            continue;
        last[i] = (int32_t)w->step;
        if (ric_rng_u01(w->seed, w->replication, a->id[i], w->step, RIC_PURPOSE_INNOVATION, 1) <
            p->product_share) {
            type[i] = RIC_INNOV_PRODUCT;
            revenue[i] *= 1.0 + p->innovation_boost; /* demography.c uses revenue */
        } else {
            type[i] = RIC_INNOV_PROCESS;
            margin[i] = 1.0 - (1.0 - margin[i]) * (1.0 - p->process_gain);
        }
    }
    const int32_t *size = ric_agents_i32(a, m->col_size),
                  *sector = ric_agents_i32(a, m->col_sector);
    for (size_t i = 0; i < n; i++) {
        if (!a->alive[i] || a->kind[i] != RIC_KIND_FIRM || last[i] != (int32_t)w->step)
            continue;
        const int64_t row[RIC_EV_COLS] = {w->step + 1, (int64_t)a->id[i], type[i], size[i],
                                          sector[i]};
        if (ric_events_push(&m->events, RIC_EV_INNOVATION, row) != RIC_OK)
            return ric_error_set(err, RIC_ENOMEM, "innovation events: no memory");
    }
    return RIC_OK;
}
