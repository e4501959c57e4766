/* Capability dynamics, one step against hand-computed values: absorptive
 * capacity grows with R&D and decays without it; expertise decays; only
 * stage-3 firms and knowledge producers create knowledge; stages move one
 * step at a time with hysteresis. */
#include "ric_model.h"
#include "ric_test.h"

int main(void)
{
    ric_params p;
    ric_params_default(&p);
    p.domains = 2;
    p.rd_reference = 0.02;
    p.absorb_growth = 0.1;
    p.absorb_decay = 0.01;
    p.capability_decay = 0.01;
    p.creation_rate = 0.05;
    p.research_rate = 0.02;
    ric_model m;
    ric_model_init(&m, &p);
    ric_world w;
    ASSERT_OK(ric_world_init(&w, 2, RIC_NLAYERS, 1, 0));
    ASSERT_OK(ric_model_columns(&m, &w));
    size_t first;
    ASSERT_OK(ric_agents_add(&w.agents, 4, &first));
    /* 0: firm, R&D at reference, stage 3; 1: firm, no R&D, stage 3;
     * 2: firm, R&D at reference, stage 2; 3: university. */
    const int kind[4] = {RIC_KIND_FIRM, RIC_KIND_FIRM, RIC_KIND_FIRM, RIC_KIND_UNIVERSITY};
    const double rd[4] = {0.02, 0.0, 0.02, 0.0};
    const int stage[4] = {3, 3, 2, 3};
    double *absorb = ric_agents_f64(&w.agents, m.col_absorb);
    for (size_t i = 0; i < 4; i++) {
        w.agents.kind[i] = kind[i];
        ric_agents_f64(&w.agents, m.col_rd)[i] = rd[i];
        ric_agents_i32(&w.agents, m.col_stage)[i] = stage[i];
        absorb[i] = i == 3 ? 0.9 : 0.7;
        ric_agents_row(&w.agents, i)[0] = 0.5;
        ric_agents_row(&w.agents, i)[1] = 0.5;
    }
    ASSERT_OK(ric_phase_capability(&w, &m, NULL));
    /* a' = a + growth * rd/rd_ref * (1 - a) - decay * a */
    ASSERT_NEAR(absorb[0], 0.7 + 0.1 * 0.3 - 0.007, 1e-15);
    ASSERT_NEAR(absorb[1], 0.7 - 0.007, 1e-15);
    ASSERT_NEAR(absorb[3], 0.9, 0); /* producers' capacity is fixed */
    /* k' = k (1 - decay) + rate * k (1 - k / k_max) */
    ASSERT_NEAR(ric_agents_row(&w.agents, 0)[0], 0.495 + 0.05 * 0.25, 1e-15);
    ASSERT_NEAR(ric_agents_row(&w.agents, 1)[0], 0.495, 1e-15); /* stage 3 without R&D */
    ASSERT_NEAR(ric_agents_row(&w.agents, 2)[1], 0.495, 1e-15); /* stage 2 does not create */
    ASSERT_NEAR(ric_agents_row(&w.agents, 3)[1], 0.495 + 0.02 * 0.25, 1e-15);

    /* Stage moves: thresholds 0.12/0.25 (stage 2), 0.35/0.6 (stage 3), hysteresis 0.8. */
    ASSERT_EQ(ric_stage_next(&p, 1, 0.12, 0.25), 2);
    ASSERT_EQ(ric_stage_next(&p, 1, 0.5, 0.9), 2); /* one stage per step */
    ASSERT_EQ(ric_stage_next(&p, 2, 0.35, 0.6), 3);
    ASSERT_EQ(ric_stage_next(&p, 2, 0.35, 0.59), 2);
    ASSERT_EQ(ric_stage_next(&p, 3, 0.30, 0.6), 3);  /* inside the hysteresis band */
    ASSERT_EQ(ric_stage_next(&p, 3, 0.27, 0.6), 2);  /* below 0.8 * 0.35 */
    ASSERT_EQ(ric_stage_next(&p, 2, 0.12, 0.19), 1); /* below 0.8 * 0.25 */
    ASSERT_EQ(ric_stage_next(&p, 1, 0.0, 0.0), 1);
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    return 0;
}
