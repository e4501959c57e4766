/* Knowledge exchange, the hot kernel (docs/model.md, "Knowledge exchange").
 *
 * Synchronous pull: agent i reads its own and its neighbours' capability of
 * the previous step (k) and writes only its own next capability (k_next), so
 * agents can be updated in any order on any number of threads with the same
 * result. For a tie i <- j on layer L:
 *   dk_i,d = eta_L * w_ij * tau_ij * u_L(a_i) * r_i,d * g(dist_ij) * max(0, k_j,d - k_i,d)
 * summed over every layer the agent's stage can learn over; u_L is 1 for
 * formal ties (codified) and a_i for informal ones (tacit), r_i,d the
 * relevance of domain d to what i knows. What each layer brought is kept per
 * agent (columns inflow_formal, inflow_informal) for the observer. */
#include "ric_model.h"

#include "ric_par.h"

#include <stdlib.h>
#include <string.h>

/* What every row of the kernel reads, gathered once per phase. */
typedef struct ric_i_xctx {
    const double *k, *ksum, *absorb;
    const int32_t *stage;
    const uint8_t *alive;
    const ric_layer *layers;
    const ric_layer_params *lp;
    const double *g[RIC_NLAYERS]; /* learning curve of each tie (symmetric: once per tie) */
    double *inflow[RIC_NLAYERS];  /* knowledge learned per layer (agent columns) */
    const ric_model *m;
    const ric_agents *agents;
    double kmax, dstar, inv_left, inv_right;
} ric_i_xctx;

#if defined(__GNUC__)
#define RIC_I_INLINE static inline __attribute__((always_inline))
#else
#define RIC_I_INLINE static inline
#endif

/* How much of a layer's knowledge agent i takes in: codified knowledge over
 * formal ties at once, tacit knowledge over informal ties only as far as its
 * absorptive capacity allows (seed s.5; Cohen and Levinthal 1990). */
static inline double ric_i_uptake(int layer, double absorb)
{
    return layer == RIC_FORMAL ? 1.0 : absorb;
}

/* One agent's pull. D stays a run-time value on purpose: with a constant
 * D = 16, GCC 12 unrolls the loops before vectorising them and the code runs
 * four times slower (measured with bench_exchange). */
RIC_I_INLINE void ric_i_pull(const ric_i_xctx *x, size_t i, const size_t D, double *restrict out)
{
    const double *restrict ki = x->k + i * D;
    double rel[256], acc[256], total[256]; /* D <= 256 is enforced by the parameter table */
    /* Learning goes where the agent's industry needs it (relevance). */
    ric_relevance_row(x->m, x->agents, i, rel);
    for (size_t d = 0; d < D; d++)
        total[d] = 0.0;
    for (int l = 0; l < RIC_NLAYERS; l++) {
        x->inflow[l][i] = 0.0;
        if (x->stage[i] < x->lp[l].min_stage || x->lp[l].eta <= 0.0)
            continue;
        const ric_layer *L = &x->layers[l];
        const double eta = x->lp[l].eta;
        for (size_t d = 0; d < D; d++)
            acc[d] = 0.0;
        for (uint64_t e = L->row[i]; e < L->row[i + 1]; e++) {
            uint32_t j = L->nbr[e], t = L->tie[e];
            if (!x->alive[j])
                continue;
            const double *restrict kj = x->k + (size_t)j * D;
            double f = eta * L->w[t] * L->tau[t] * x->g[l][t];
            for (size_t d = 0; d < D; d++) {
                double gap = kj[d] - ki[d];
                gap = gap > 0.0 ? gap : 0.0; /* maxpd: vectorises */
                acc[d] += f * gap;
            }
        }
        const double u = ric_i_uptake(l, x->absorb[i]);
        double sum = 0.0;
        for (size_t d = 0; d < D; d++) {
            double v = u * rel[d] * acc[d];
            total[d] += v;
            sum += v;
        }
        x->inflow[l][i] = sum;
    }
    for (size_t d = 0; d < D; d++) {
        double v = ki[d] + total[d];
        out[d] = v < x->kmax ? v : x->kmax;
    }
}

ric_status ric_phase_exchange(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    ric_agents *a = &w->agents;
    const ric_params *p = &m->p;
    size_t n = a->n, D = a->dims;
    const ric_layer *F = &w->layers[RIC_FORMAL], *I = &w->layers[RIC_INFORMAL];
    const size_t nt = F->n + I->n;
    if (ric_scratch_f64(&m->ksum, &m->ksum_cap, n) || ric_scratch_f64(&m->tie_g, &m->tie_g_cap, nt))
        return ric_error_set(err, RIC_ENOMEM, "exchange: no memory for %zu agents, %zu ties", n,
                             nt);
    RIC_CHECK(ric_world_refresh_csr(w));
    double *ksum = m->ksum, *g = m->tie_g;
    const double *k = a->k;
    const ric_i_xctx x = {k,
                          ksum,
                          ric_agents_f64(a, m->col_absorb),
                          ric_agents_i32(a, m->col_stage),
                          a->alive,
                          w->layers,
                          p->layer,
                          {g, g + F->n},
                          {ric_agents_f64(a, m->col_inflow[RIC_FORMAL]),
                           ric_agents_f64(a, m->col_inflow[RIC_INFORMAL])},
                          m,
                          a,
                          p->k_max,
                          p->optimal_distance,
                          1.0 / p->optimal_distance,
                          1.0 / (1.0 - p->optimal_distance)};
    double *knext = a->k_next;
    /* One parallel region for the three passes (the implied barriers order
     * them): row sums, the learning curve of every tie, the pulls. */
#pragma omp parallel if (ric_par_heavy(n))
    {
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++)
            ksum[i] = ric_agents_row_sum(a, i);
            /* Cognitive distance is symmetric, bit for bit (|x - y| = |y - x|,
             * si + sj = sj + si): computed once per tie, read by both ends. */
#pragma omp for schedule(static)
        for (size_t q = 0; q < nt; q++) {
            const ric_layer *L = q < F->n ? F : I;
            const size_t t = q < F->n ? q : q - F->n;
            const uint32_t u = L->a[t], v = L->b[t];
            const double dist =
                ric_cognitive_distance(k + (size_t)u * D, k + (size_t)v * D, D, ksum[u], ksum[v]);
            g[q] = ric_learning_curve_inv(dist, x.dstar, x.inv_left, x.inv_right);
        }
        /* Dynamic chunks balance rows of very different degree; each agent's
         * sum is still taken in its own fixed row order. */
#pragma omp for schedule(dynamic, 256)
        for (size_t i = 0; i < n; i++) {
            double *out = knext + i * D;
            /* Services of the step add their learning later (brokerage.c). */
            ric_agents_f64(a, m->col_inflow[2])[i] = 0.0;
            if (!x.alive[i]) {
                memcpy(out, k + i * D, D * sizeof *out);
                x.inflow[RIC_FORMAL][i] = x.inflow[RIC_INFORMAL][i] = 0.0;
            } else {
                ric_i_pull(&x, i, D, out);
            }
        }
    }
    ric_agents_swap(a);
    ric_scratch_trim(&m->ksum, &m->ksum_cap);
    ric_scratch_trim(&m->tie_g, &m->tie_g_cap);
    return RIC_OK;
}
