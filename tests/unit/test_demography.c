/* Demography: resources follow revenue, margin, R&D and overhead; a firm whose
 * resources run out exits and leaves no ties behind; a spin-off starts with
 * part of its parent's capability and an informal tie to it; ids stay stable. */
#include "ric_model.h"
#include "ric_test.h"

int main(void)
{
    ric_params p;
    ric_params_default(&p);
    p.domains = 2;
    p.regions = 1;
    p.margin = 0.1;
    p.overhead = 0.05;
    p.erosion = 0.0;
    p.spinoff_producer = 0.0;
    p.spinoff_firm = 0.0;
    ric_model m;
    ric_model_init(&m, &p);
    ric_world w;
    ASSERT_OK(ric_world_init(&w, 2, RIC_NLAYERS, 9, 0));
    ASSERT_OK(ric_model_columns(&m, &w));
    size_t first;
    ASSERT_OK(ric_agents_add(&w.agents, 4, &first));
    ric_agents *a = &w.agents;
    double *res = ric_agents_f64(a, m.col_resources), *rev = ric_agents_f64(a, m.col_revenue);
    for (size_t i = 0; i < 4; i++) {
        a->kind[i] = i == 3 ? RIC_KIND_UNIVERSITY : RIC_KIND_FIRM;
        ric_agents_i32(a, m.col_last_innovation)[i] = RIC_NEVER;
        ric_agents_i32(a, m.col_size)[i] = i == 3 ? -1 : RIC_SIZE_SME;
        ric_agents_i32(a, m.col_sector)[i] = i == 3 ? -1 : RIC_SECTOR_MANUFACTURING;
        ric_agents_f64(a, m.col_scale)[i] = 1.0;
        ric_agents_f64(a, m.col_rd)[i] = 0.02;
        ric_agents_f64(a, m.col_rd_own)[i] = 0.02;
        ric_agents_f64(a, m.col_margin)[i] = p.margin;
        rev[i] = 1.0;
        res[i] = 1.0;
        ric_agents_row(a, i)[0] = 0.4;
        ric_agents_row(a, i)[1] = 0.2;
    }
    rev[1] = 0.1; /* firm 1 earns too little to cover its overhead */
    res[1] = 0.01;
    uint64_t k[] = {ric_tie_key(0, 1), ric_tie_key(1, 2), ric_tie_key(0, 2), ric_tie_key(1, 3)};
    ASSERT_OK(ric_layer_set_edges(&w.layers[RIC_INFORMAL], k, 4, 0));
    uint64_t kf[] = {ric_tie_key(0, 1), ric_tie_key(1, 2)};
    ASSERT_OK(ric_layer_set_edges(&w.layers[RIC_FORMAL], kf, 2, 0));

    ASSERT_OK(ric_phase_demography(&w, &m, NULL));
    /* firm 0: 1 + 1 * (0.1 - 0.02) - 0.05 = 1.03; firm 1: 0.01 + 0.1 * 0.08 - 0.05 < 0 */
    ASSERT_NEAR(res[0], 1.03, 1e-15);
    ASSERT_EQ(a->n, 3);
    ASSERT_EQ(m.exits_total, 1);
    /* The exit is listed in the event table: step, agent id, region, size. */
    ASSERT_EQ(m.events.n[RIC_EV_EXIT], 1);
    ASSERT_EQ(m.events.rows[RIC_EV_EXIT][1], 1);
    ASSERT_EQ(m.events.rows[RIC_EV_EXIT][3], RIC_SIZE_SME);
    ASSERT_EQ(ric_agents_find(a, 1), RIC_NO_SLOT);
    ASSERT_EQ(ric_agents_find(a, 2), 1); /* ids stay, slots shift */
    for (int l = 0; l < RIC_NLAYERS; l++) {
        const ric_layer *L = &w.layers[l];
        for (size_t t = 0; t < L->n; t++)
            ASSERT(L->a[t] < a->n && L->b[t] < a->n);
    }
    ASSERT_EQ(w.layers[RIC_INFORMAL].n, 1); /* only {0,2} survives, now {0,1} */
    ASSERT(ric_layer_find(&w.layers[RIC_INFORMAL], 0, 1) != RIC_NO_TIE);
    ASSERT_EQ(w.layers[RIC_FORMAL].n, 0); /* its formal ties went with it */

    /* Spin-off from the university (slot 2, id 3): certain. */
    m.p.spinoff_producer = 1.0;
    m.p.support_effect = 0.0;
    m.p.inherit = 0.5;
    w.step = 5;
    ASSERT_OK(ric_phase_demography(&w, &m, NULL));
    a = &w.agents;
    ASSERT_EQ(m.entries_total, 1);
    ASSERT_EQ(a->n, 4);
    ASSERT_EQ(a->id[3], 4); /* a fresh id */
    ASSERT_EQ(a->kind[3], RIC_KIND_FIRM);
    ASSERT_EQ(ric_agents_i32(a, m.col_size)[3], RIC_SIZE_STARTUP);
    ASSERT(ric_agents_f64(a, m.col_parent)[3] == 3.0);
    ASSERT_NEAR(ric_agents_row(a, 3)[0], 0.2, 1e-15);
    ASSERT_NEAR(ric_agents_row(a, 3)[1], 0.1, 1e-15);
    size_t t = ric_layer_find(&w.layers[RIC_INFORMAL], 2, 3);
    ASSERT(t != RIC_NO_TIE);
    ASSERT_EQ(w.layers[RIC_INFORMAL].created[t], 5);
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    return 0;
}
