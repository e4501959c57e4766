/* Brokerage: an intermediary serves at most its capacity per step; served
 * firms gain absorptive capacity (training), capability toward the
 * intermediary's information stock (survey; also at stage 1) and
 * competitiveness (marketing), unserved ones nothing; cooperation links
 * clients to knowledge producers within the producers' formal capacity and
 * the clients' budget for projects; the KISTI hub feeds KISTI
 * teams only; lead users raise service quality; results do not depend on the
 * thread count. */
#include "ric_model.h"
#include "ric_test.h"

#include <omp.h>
#include <string.h>

enum { NFIRMS = 12, NPROD = 2 };
/* Slot 0: intermediary; 1 .. NFIRMS: stage-1 firms; then NPROD universities. */
static void build(ric_world *w, ric_model *m, const ric_params *p, int subtype)
{
    ric_model_init(m, p);
    ASSERT_OK(ric_world_init(w, 4, RIC_NLAYERS, 5, 0));
    ASSERT_OK(ric_model_columns(m, w));
    size_t first, n = 1 + NFIRMS + NPROD;
    ASSERT_OK(ric_agents_add(&w->agents, n, &first));
    ric_agents *a = &w->agents;
    for (size_t i = 0; i < n; i++) {
        a->group[i] = 0;
        a->kind[i] = i == 0        ? RIC_KIND_INTERMEDIARY
                     : i <= NFIRMS ? RIC_KIND_FIRM
                                   : RIC_KIND_UNIVERSITY;
        double *k = ric_agents_row(a, i);
        for (size_t d = 0; d < 4; d++)
            k[d] = i == 0 ? 0.5 : i <= NFIRMS ? (d < 2 ? 0.3 : 0.05) : (d < 2 ? 0.3 : 0.6);
        ric_agents_i32(a, m->col_subtype)[i] = i == 0 ? subtype : -1;
        ric_agents_i32(a, m->col_stage)[i] = 1;
        ric_agents_i32(a, m->col_lead)[i] = 0;
        ric_agents_f64(a, m->col_absorb)[i] = 0.3;
        ric_agents_f64(a, m->col_revenue)[i] = 1.0;
    }
    ASSERT_OK(ric_layer_set_edges(&w->layers[RIC_INFORMAL], NULL, 0, 0));
    ASSERT_OK(ric_layer_set_edges(&w->layers[RIC_FORMAL], NULL, 0, 0));
}

static void destroy(ric_world *w, ric_model *m)
{
    ric_world_destroy(w);
    ric_model_destroy(m);
}

int main(void)
{
    ric_params p;
    ric_params_default(&p);
    p.regions = 1;
    p.demand = 1.0; /* every firm asks */
    p.service_capacity = 5;
    p.service_quality = 1.0;
    p.capacity_producer = 3;
    p.min_complementarity = 0.0;
    p.project_cost = 0.0; /* projects cost nothing here; their cost is tested below */
    for (int s = 0; s < RIC_NSUBTYPES; s++)
        p.profile[s][RIC_FN_COOPERATION] = 1.0;

    ric_world w;
    ric_model m;
    build(&w, &m, &p, RIC_SUB_TECHNOPARK);
    ric_agents *a = &w.agents;
    ASSERT_OK(ric_phase_brokerage(&w, &m, NULL));
    ASSERT_EQ(m.requests, NFIRMS);
    ASSERT_EQ(m.services, 5); /* capacity, not demand */
    size_t served = 0;
    const double tp_train = p.profile[RIC_SUB_TECHNOPARK][RIC_FN_TRAINING];
    const double tp_survey = p.profile[RIC_SUB_TECHNOPARK][RIC_FN_SURVEY];
    for (size_t i = 1; i <= NFIRMS; i++) {
        double ab = ric_agents_f64(a, m.col_absorb)[i];
        const double *k = ric_agents_row(a, i);
        if (ab > 0.3) {
            served++;
            ASSERT_NEAR(ab, 0.3 + tp_train * p.training_gain * 0.7, 1e-15);
            /* Stage-1 firm: codified information still gets through. */
            ASSERT_NEAR(k[0], 0.3 + tp_survey * p.information_rate * 0.3 * 0.2, 1e-15);
            ASSERT(ric_agents_f64(a, m.col_x)[i] > 0.0); /* marketing: market share */
            ASSERT(ric_agents_f64(a, m.col_inflow[2])[i] > 0.0);
        } else {
            ASSERT(ab == 0.3 && k[0] == 0.3 && ric_agents_f64(a, m.col_x)[i] == 0.0);
        }
    }
    ASSERT_EQ(served, 5);
    /* Cooperation certain: matches limited by the producers' capacity 2 x 3. */
    ASSERT_EQ(m.matches, 5);
    const ric_layer *F = &w.layers[RIC_FORMAL];
    ASSERT_EQ(F->n, 5);
    for (size_t t = 0; t < F->n; t++)
        ASSERT(a->kind[F->a[t]] == RIC_KIND_FIRM && a->kind[F->b[t]] == RIC_KIND_UNIVERSITY);
    /* Next step: one producer slot left in total, so at most one more match. */
    w.step = 1;
    ASSERT_OK(ric_phase_brokerage(&w, &m, NULL));
    ASSERT(m.matches <= 1);
    uint32_t deg[1 + NFIRMS + NPROD];
    ASSERT_OK(ric_layer_degrees(F, a->n, deg));
    for (size_t i = 1 + NFIRMS; i < a->n; i++)
        ASSERT(deg[i] <= 3);
    /* Not a KISTI team: the hub does not feed it. */
    ASSERT(ric_agents_row(a, 0)[0] == 0.5);
    destroy(&w, &m);

    /* A KISTI team's information stock moves toward the hub. */
    build(&w, &m, &p, RIC_SUB_KISTI);
    ASSERT_OK(ric_phase_brokerage(&w, &m, NULL));
    ASSERT_NEAR(ric_agents_row(&w.agents, 0)[0], 0.5 + p.hub_feed * (p.hub_capability - 0.5),
                1e-15);
    destroy(&w, &m);

    /* Lead users raise quality: q = base * (1 + feedback * leads), capped at 1. */
    p.service_quality = 0.5;
    p.quality_feedback = 0.1;
    build(&w, &m, &p, RIC_SUB_TIC);
    int64_t leads[1] = {0};
    ASSERT_NEAR(ric_service_quality(&m, &w, 0, leads), 0.5, 1e-15);
    leads[0] = 3;
    ASSERT_NEAR(ric_service_quality(&m, &w, 0, leads), 0.65, 1e-15);
    leads[0] = 100;
    ASSERT_NEAR(ric_service_quality(&m, &w, 0, leads), 1.0, 1e-15);
    destroy(&w, &m);

    /* Formal projects cost money: firms whose R&D cannot pay one get no match. */
    p.project_cost = 1e6;
    for (int s = 0; s < RIC_NSUBTYPES; s++)
        p.profile[s][RIC_FN_COOPERATION] = 1.0;
    build(&w, &m, &p, RIC_SUB_TIC);
    ASSERT_OK(ric_phase_brokerage(&w, &m, NULL));
    ASSERT(m.services > 0);
    ASSERT_EQ(m.matches, 0);
    destroy(&w, &m);
    p.project_cost = 0.0;

    /* No demand, no service. */
    p.demand = 0.0;
    build(&w, &m, &p, RIC_SUB_TIC);
    ASSERT_OK(ric_phase_brokerage(&w, &m, NULL));
    ASSERT_EQ(m.services, 0);
    destroy(&w, &m);

    /* Same services and ties at 1 and 2 threads. */
    p.demand = 0.5;
    double ab[2][NFIRMS + 1];
    size_t nt[2];
    for (int r = 0; r < 2; r++) {
        omp_set_num_threads(r + 1);
        build(&w, &m, &p, RIC_SUB_TIC);
        for (int64_t s = 0; s < 5; s++) {
            w.step = s;
            ASSERT_OK(ric_phase_brokerage(&w, &m, NULL));
        }
        for (size_t i = 0; i <= NFIRMS; i++)
            ab[r][i] = ric_agents_f64(&w.agents, m.col_absorb)[i];
        nt[r] = w.layers[RIC_FORMAL].n;
        destroy(&w, &m);
    }
    ASSERT(memcmp(ab[0], ab[1], sizeof ab[0]) == 0);
    ASSERT_EQ(nt[0], nt[1]);
    return 0;
}
