/* Capability dynamics (docs/model.md, "Capability and stages"): absorptive
 * capacity, knowledge depreciation, in-house knowledge creation and stage
 * changes.
 * Every rule reads and writes only the acting agent's own state, so the phase
 * updates in place, in parallel, with the same result at any thread count. */
#include "ric_model.h"

#include "ric_par.h"

double ric_relevance(const ric_model *m, const ric_agents *a, size_t i, size_t d)
{
    const size_t D = a->dims, S = (size_t)m->p.strategic_domains;
    const size_t first = ((size_t)ric_agents_i32(a, m->col_industry)[i] * S) % D;
    if ((d + D - first) % D < S)
        return 1.0;
    return a->kind[i] == RIC_KIND_FIRM ? m->p.off_strategic : m->p.producer_breadth;
}

void ric_relevance_row(const ric_model *m, const ric_agents *a, size_t i, double *rel)
{
    /* The same values as ric_relevance, without a modulo per domain: this
     * runs for every agent in the exchange and capability phases. */
    const size_t D = a->dims, S = (size_t)m->p.strategic_domains;
    const size_t first = ((size_t)ric_agents_i32(a, m->col_industry)[i] * S) % D;
    const double off = a->kind[i] == RIC_KIND_FIRM ? m->p.off_strategic : m->p.producer_breadth;
    for (size_t d = 0; d < D; d++)
        rel[d] = off;
    for (size_t s = 0, d = first; s < S && s < D; s++, d = d + 1 == D ? 0 : d + 1)
        rel[d] = 1.0;
}

static const double *ric_i_threshold_k(const ric_params *p, int stage)
{
    return stage == 3 ? &p->stage3_capability : &p->stage2_capability;
}

static const double *ric_i_threshold_a(const ric_params *p, int stage)
{
    return stage == 3 ? &p->stage3_absorptive : &p->stage2_absorptive;
}

/* One step up when the next stage's thresholds are met; one step down when
 * capability or absorptive capacity falls below `hysteresis` times the
 * current stage's thresholds (so a firm on the boundary does not flicker). */
int ric_stage_next(const ric_params *p, int stage, double kmean, double absorb)
{
    if (stage < 3 && kmean >= *ric_i_threshold_k(p, stage + 1) &&
        absorb >= *ric_i_threshold_a(p, stage + 1))
        return stage + 1;
    if (stage > 1 && (kmean < p->stage_hysteresis * *ric_i_threshold_k(p, stage) ||
                      absorb < p->stage_hysteresis * *ric_i_threshold_a(p, stage)))
        return stage - 1;
    return stage;
}

ric_status ric_phase_capability(ric_world *w, void *model, ric_error *err)
{
    (void)err;
    ric_model *m = model;
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const size_t n = a->n, D = a->dims;
    double *absorb = ric_agents_f64(a, m->col_absorb);
    const double *rd = ric_agents_f64(a, m->col_rd_spend),
                 *sales = ric_agents_f64(a, m->col_revenue);
    int32_t *stage = ric_agents_i32(a, m->col_stage);
    const double keep = 1.0 - p->capability_decay, kmax = p->k_max;
#pragma omp parallel for schedule(static) if (ric_par_light(n))
    for (size_t i = 0; i < n; i++) {
        if (!a->alive[i])
            continue;
        const int kind = a->kind[i];
        const int firm = kind == RIC_KIND_FIRM;
        double create = 0.0;
        if (firm) {
            /* Absorptive capacity follows the R&D actually spent (Cohen and
             * Levinthal 1990): it tends to rd / (rd + absorb_half). */
            const double x = sales[i] > 0.0 ? rd[i] / sales[i] : 0.0;
            absorb[i] += p->absorb_rate * (ric_absorptive_target(p, x) - absorb[i]);
            /* R&D creates knowledge (a knowledge production function). */
            create = p->creation_rate * (x / p->rd_reference);
        } else if (kind == RIC_KIND_UNIVERSITY || kind == RIC_KIND_INSTITUTE) {
            create = p->research_rate;
        }
        double *k = ric_agents_row(a, i), sum = 0.0, rel[256];
        ric_relevance_row(m, a, i, rel);
        for (size_t d = 0; d < D; d++) {
            /* Creation has diminishing returns near the frontier k_max and
             * goes where the agent is strong (its relevance); knowledge
             * depreciates. Each domain tends to create r / (create r +
             * decay) of k_max: one stable level, reached in about
             * 1 / (create + decay) steps. */
            double v = k[d] * keep + create * rel[d] * (kmax - k[d]);
            k[d] = v < kmax ? v : kmax;
            sum += k[d];
        }
        if (firm)
            stage[i] = ric_stage_next(p, stage[i], sum / (double)D, absorb[i]);
    }
    return RIC_OK;
}
