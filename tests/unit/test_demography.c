/* Economy and demography: cash follows sales x margin - fixed costs - own
 * R&D; a firm whose cash runs out exits and leaves no ties behind; each
 * sector's fixed market is shared by base size x exp(competitiveness);
 * spin-offs start with part of their parent's capability and an informal tie
 * to it; intermediaries enter where demand exceeds their capacity; ids stay
 * stable. */
#include "ric_model.h"
#include "ric_test.h"

#include <math.h>

int main(void)
{
    ric_params p;
    ric_params_default(&p);
    p.domains = 2;
    p.regions = 1;
    p.gross_margin = 0.35;
    p.parity_margin = 0.06;
    p.sme_rd = 0.02;
    p.shock_sd = 0.0;
    p.imitation = 0.0;
    p.entry_rate = 0.0;
    p.spinoff_producer = 0.0;
    p.intermediary_entry = 0.0;
    ric_model m;
    ric_model_init(&m, &p);
    ric_world w;
    ASSERT_OK(ric_world_init(&w, 2, RIC_NLAYERS, 9, 0));
    ASSERT_OK(ric_model_columns(&m, &w));
    size_t first;
    ASSERT_OK(ric_agents_add(&w.agents, 5, &first));
    ric_agents *a = &w.agents;
    for (size_t i = 0; i < 5; i++) {
        a->kind[i] = i == 3 ? RIC_KIND_UNIVERSITY : i == 4 ? RIC_KIND_INTERMEDIARY : RIC_KIND_FIRM;
        a->group[i] = 0;
        ric_agent_reset(&m, a, i);
        if (a->kind[i] == RIC_KIND_FIRM) {
            ric_agents_i32(a, m.col_size)[i] = RIC_SIZE_SME;
            ric_agents_i32(a, m.col_sector)[i] = RIC_SECTOR_MANUFACTURING;
            ric_firm_economy_init(&m, a, i, 1.0, 0.02);
            ric_agents_f64(a, m.col_resources)[i] = 1.0;
        } else {
            ric_agents_i32(a, m.col_size)[i] = ric_agents_i32(a, m.col_sector)[i] = -1;
        }
        ric_agents_row(a, i)[0] = 0.4;
        ric_agents_row(a, i)[1] = 0.2;
    }
    double *cash = ric_agents_f64(a, m.col_resources), *sales = ric_agents_f64(a, m.col_revenue);
    sales[1] = 0.1; /* firm 1 sells too little to cover its fixed costs */
    cash[1] = 0.01;
    ric_agents_f64(a, m.col_x)[2] = log(3.0); /* firm 2 is more competitive */
    m.demand[RIC_SECTOR_MANUFACTURING] = 2.0;
    uint64_t k[] = {ric_tie_key(0, 1), ric_tie_key(1, 2), ric_tie_key(0, 2), ric_tie_key(1, 3)};
    ASSERT_OK(ric_layer_set_edges(&w.layers[RIC_INFORMAL], k, 4, 0));
    uint64_t kf[] = {ric_tie_key(0, 1), ric_tie_key(1, 2)};
    ASSERT_OK(ric_layer_set_edges(&w.layers[RIC_FORMAL], kf, 2, 0));

    ASSERT_OK(ric_phase_demography(&w, &m, NULL));
    /* Fixed cost (0.35 - 0.02 - 0.06) x base 1 = 0.27; firm 0: cash 1 + 1 x
     * 0.35 - 0.27 - 0.02 = 1.06; firm 1: 0.01 + 0.035 - 0.27 - 0.002 < 0. */
    ASSERT_NEAR(cash[0], 1.06, 1e-15);
    ASSERT_NEAR(ric_agents_f64(a, m.col_rd_spend)[0], 0.02, 1e-15);
    ASSERT_EQ(a->n, 4);
    ASSERT_EQ(m.exits_total, 1);
    ASSERT_EQ(m.events.n[RIC_EV_EXIT], 1);
    ASSERT_EQ(m.events.rows[RIC_EV_EXIT][1], 1);
    ASSERT_EQ(m.events.rows[RIC_EV_EXIT][3], RIC_SIZE_SME);
    ASSERT_EQ(ric_agents_find(a, 1), RIC_NO_SLOT);
    ASSERT_EQ(ric_agents_find(a, 2), 1); /* ids stay, slots shift */
    /* The market of 2 is shared 1 : 3 by exp(competitiveness). */
    ASSERT_NEAR(sales[0], 0.5, 1e-12);
    ASSERT_NEAR(sales[1], 1.5, 1e-12);
    for (int l = 0; l < RIC_NLAYERS; l++) {
        const ric_layer *L = &w.layers[l];
        for (size_t t = 0; t < L->n; t++)
            ASSERT(L->a[t] < a->n && L->b[t] < a->n);
    }
    ASSERT_EQ(w.layers[RIC_INFORMAL].n, 1); /* only {0,2} survives, now {0,1} */
    ASSERT(ric_layer_find(&w.layers[RIC_INFORMAL], 0, 1) != RIC_NO_TIE);
    ASSERT_EQ(w.layers[RIC_FORMAL].n, 0); /* its formal ties went with it */

    /* Cash is capped: what exceeds reserve_cap months of sales is paid out. */
    cash[1] = 100.0;
    ASSERT_OK(ric_phase_demography(&w, &m, NULL));
    ASSERT(cash[ric_agents_find(a, 2)] <= p.reserve_cap * sales[ric_agents_find(a, 2)] + 1e-12);

    /* Academic spin-offs (Poisson, mean 20 a step): start-ups with half the
     * university's capability and an informal tie to it. */
    m.p.spinoff_producer = 20.0;
    m.p.support_effect = 0.0;
    m.p.inherit = 0.5;
    w.step = 5;
    const size_t n0 = a->n;
    ASSERT_OK(ric_phase_demography(&w, &m, NULL));
    a = &w.agents;
    ASSERT(m.entries_total > 0);
    ASSERT_EQ(a->n, n0 + (size_t)m.entries_total);
    const size_t c = n0, uni = ric_agents_find(a, 3);
    ASSERT_EQ(a->kind[c], RIC_KIND_FIRM);
    ASSERT_EQ(ric_agents_i32(a, m.col_size)[c], RIC_SIZE_STARTUP);
    ASSERT(ric_agents_f64(a, m.col_parent)[c] == 3.0);
    ASSERT_NEAR(ric_agents_row(a, c)[0], 0.5 * ric_agents_row(a, uni)[0], 1e-15);
    size_t t = ric_layer_find(&w.layers[RIC_INFORMAL], (uint32_t)uni, (uint32_t)c);
    ASSERT(t != RIC_NO_TIE);
    ASSERT_EQ(w.layers[RIC_INFORMAL].created[t], 5);

    /* Demand above capacity brings new intermediaries (the virtuous circle);
     * none without it. */
    m.p.spinoff_producer = 0.0;
    m.p.intermediary_entry = 1.0;
    m.region_requests[0] = 0.7 * 2.0, m.region_capacity[0] = 2.0;
    const size_t n1 = a->n;
    ASSERT_OK(ric_phase_demography(&w, &m, NULL));
    ASSERT_EQ(m.inter_entries, 0);
    m.region_requests[0] = 40.0;
    ASSERT_OK(ric_phase_demography(&w, &m, NULL));
    ASSERT(m.inter_entries > 0);
    ASSERT_EQ(w.agents.kind[w.agents.n - 1], RIC_KIND_INTERMEDIARY);
    ASSERT(w.agents.n >= n1 + 1);
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    return 0;
}
