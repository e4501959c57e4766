/* Knowledge exchange, the hot kernel (docs/model.md, "Knowledge exchange").
 *
 * Synchronous pull: agent i reads its own and its neighbours' capability of
 * the previous step (k) and writes only its own next capability (k_next), so
 * agents can be updated in any order on any number of threads with the same
 * result. For a tie i <- j on layer L:
 *   dk_i,d = eta_L * w_ij * tau_ij * a_i * g(dist_ij) * max(0, k_j,d - k_i,d)
 * summed over every layer the agent's stage can learn over. */
#include "ric_model.h"

#include <stdlib.h>
#include <string.h>

ric_status ric_phase_exchange(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    ric_agents *a = &w->agents;
    const ric_params *p = &m->p;
    size_t n = a->n, D = a->dims;
    if (n > m->ksum_cap) {
        double *q = realloc(m->ksum, n * sizeof *q);
        if (!q)
            return ric_error_set(err, RIC_ENOMEM, "exchange: no memory for %zu agents", n);
        m->ksum = q;
        m->ksum_cap = n;
    }
    RIC_CHECK(ric_world_refresh_csr(w));
    double *ksum = m->ksum;
    const double *k = a->k;
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t d = 0; d < D; d++)
            s += k[i * D + d];
        ksum[i] = s;
    }

    const double *absorb = ric_agents_f64(a, m->col_absorb);
    const int32_t *stage = ric_agents_i32(a, m->col_stage);
    const uint8_t *alive = a->alive;
    const double kmax = p->k_max, dstar = p->optimal_distance;
    const double inv_left = 1.0 / dstar, inv_right = 1.0 / (1.0 - dstar);
    double *knext = a->k_next;

    /* Dynamic chunks balance rows of very different degree; each agent's sum
     * is still taken in its own fixed row order. */
#pragma omp parallel
    {
        double acc[256]; /* D <= 256 is enforced by the parameter table */
#pragma omp for schedule(dynamic, 256)
        for (size_t i = 0; i < n; i++) {
            const double *ki = k + i * D;
            double *out = knext + i * D;
            if (!alive[i] || absorb[i] <= 0.0) {
                memcpy(out, ki, D * sizeof *out);
                continue;
            }
            memset(acc, 0, D * sizeof acc[0]);
            for (int l = 0; l < RIC_NLAYERS; l++) {
                if (stage[i] < p->layer[l].min_stage || p->layer[l].eta <= 0.0)
                    continue;
                const ric_layer *L = &w->layers[l];
                const double eta = p->layer[l].eta;
                for (uint64_t e = L->row[i]; e < L->row[i + 1]; e++) {
                    uint32_t j = L->nbr[e], t = L->tie[e];
                    if (!alive[j])
                        continue;
                    const double *kj = k + (size_t)j * D;
                    double dist = ric_cognitive_distance(ki, kj, D, ksum[i], ksum[j]);
                    double g = ric_learning_curve_inv(dist, dstar, inv_left, inv_right);
                    double f = eta * L->w[t] * L->tau[t] * g;
                    if (f <= 0.0)
                        continue;
                    for (size_t d = 0; d < D; d++) {
                        double gap = kj[d] - ki[d];
                        gap = gap > 0.0 ? gap : 0.0; /* maxpd: vectorises */
                        acc[d] += f * gap;
                    }
                }
            }
            for (size_t d = 0; d < D; d++) {
                double v = ki[d] + absorb[i] * acc[d];
                out[d] = v < kmax ? v : kmax;
            }
        }
    }
    ric_agents_swap(a);
    return RIC_OK;
}
