/* Innovation events (docs/model.md 7.11): each firm innovates in a step with
 * a hazard that rises with its mean capability, its R&D intensity and its
 * size. A product innovation raises its competitiveness (market share), a
 * process innovation its margin; imitation erodes both (demography.c). Agent-local, draws from the
 * firm's stream; events are listed in slot order after the parallel loop. */
#include "ric_model.h"

#include "ric_par.h"

#include "ric_rng.h"

#include <math.h>

double ric_innovation_probability(const ric_params *p, double kmean, double rd, double sales,
                                  int service)
{
    /* Reference point: mean capability 0.3 of k_max, the reference R&D
     * intensity and an SME's median sales. */
    double lambda = p->innovation_rate * (kmean / (0.3 * p->k_max)) * sqrt(rd / p->rd_reference) *
                    pow(sales / p->sme_sales, p->size_elasticity) *
                    (service ? p->service_innovation : 1.0);
    return 1.0 - exp(-lambda);
}

ric_status ric_phase_innovation(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const size_t n = a->n, D = a->dims;
    const double *rd = ric_agents_f64(a, m->col_rd_spend);
    const int32_t *sector = ric_agents_i32(a, m->col_sector);
    int32_t *last = ric_agents_i32(a, m->col_last_innovation);
    const double *revenue = ric_agents_f64(a, m->col_revenue);
    double *x = ric_agents_f64(a, m->col_x);
    double *margin = ric_agents_f64(a, m->col_margin);
    int32_t *type = ric_agents_i32(a, m->col_innov_type);
    double xbar[RIC_NSECTORS];
    ric_sector_means(m, a, xbar);
#pragma omp parallel for schedule(static) if (ric_par_light(n))
    for (size_t i = 0; i < n; i++) {
        if (!a->alive[i] || a->kind[i] != RIC_KIND_FIRM)
            continue;
        const double *k = ric_agents_row(a, i);
        double s = 0.0;
        for (size_t d = 0; d < D; d++)
            s += k[d];
        /* R&D intensity actually spent (cut when cash is short, raised by
         * subsidies). */
        const double intensity = revenue[i] > 0.0 ? rd[i] / revenue[i] : 0.0;
        const double real = ric_real_sales(m, a, i);
        double pr = ric_innovation_probability(p, s / (double)D, intensity, real,
                                               sector[i] == RIC_SECTOR_SERVICE);
        if (ric_rng_u01(w->seed, w->replication, a->id[i], w->step, RIC_PURPOSE_INNOVATION, 0) >=
            pr)
            continue;
        last[i] = (int32_t)w->step;
        if (ric_rng_u01(w->seed, w->replication, a->id[i], w->step, RIC_PURPOSE_INNOVATION, 1) <
            p->product_share) {
            type[i] = RIC_INNOV_PRODUCT;
            /* A quality ladder: the innovation puts the firm a step above
             * its sector's mean (a leader further ahead keeps its place); the
             * step is smaller for a larger firm, which has more product
             * lines (its hazard counts them all). Frequent innovators stay
             * near the top of the ladder without running away, and
             * imitation pulls every firm back towards the mean
             * (demography.c): concentration stays stationary. */
            const double top = xbar[sector[i]] +
                               p->innovation_step * pow(real / p->sme_sales, -p->size_elasticity);
            x[i] = x[i] > top ? x[i] : top;
        } else {
            type[i] = RIC_INNOV_PROCESS;
            margin[i] = 1.0 - (1.0 - margin[i]) * (1.0 - p->process_gain);
        }
    }
    const int32_t *size = ric_agents_i32(a, m->col_size);
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
