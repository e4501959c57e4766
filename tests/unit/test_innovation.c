/* Innovation: the hazard rises with capability, stage and R&D; a firm without
 * R&D never innovates; over many steps the event frequency matches the
 * probability; only firms innovate. */
#include "ric_model.h"
#include "ric_test.h"

int main(void)
{
    ric_params p;
    ric_params_default(&p);
    p.innovation_rate = 0.5;
    p.rd_reference = 0.02;
    /* lambda = 0.5 * 0.4 * 2 * sqrt(0.02/0.02) = 0.4 */
    ASSERT_NEAR(ric_innovation_probability(&p, 0.4, 2, 0.02), 1.0 - exp(-0.4), 1e-15);
    ASSERT(ric_innovation_probability(&p, 0.5, 2, 0.02) >
           ric_innovation_probability(&p, 0.4, 2, 0.02));
    ASSERT(ric_innovation_probability(&p, 0.4, 3, 0.02) >
           ric_innovation_probability(&p, 0.4, 2, 0.02));
    ASSERT(ric_innovation_probability(&p, 0.4, 2, 0.04) >
           ric_innovation_probability(&p, 0.4, 2, 0.02));
    ASSERT(ric_innovation_probability(&p, 0.4, 2, 0.0) == 0.0);

    ric_model m;
    ric_model_init(&m, &p);
    ric_world w;
    ASSERT_OK(ric_world_init(&w, 2, RIC_NLAYERS, 3, 0));
    ASSERT_OK(ric_model_columns(&m, &w));
    size_t first, n = 3;
    ASSERT_OK(ric_agents_add(&w.agents, n, &first));
    int32_t *last = ric_agents_i32(&w.agents, m.col_last_innovation);
    for (size_t i = 0; i < n; i++) {
        w.agents.kind[i] = i == 2 ? RIC_KIND_UNIVERSITY : RIC_KIND_FIRM;
        ric_agents_i32(&w.agents, m.col_stage)[i] = 2;
        ric_agents_f64(&w.agents, m.col_rd)[i] = i == 1 ? 0.0 : 0.02;
        ric_agents_row(&w.agents, i)[0] = ric_agents_row(&w.agents, i)[1] = 0.4;
        last[i] = RIC_NEVER;
    }
    /* Firm 0: p = 1 - exp(-0.4) = 0.3297 per step. */
    int events = 0, steps = 4000;
    for (int s = 0; s < steps; s++) {
        int32_t before = last[0];
        ASSERT_OK(ric_phase_innovation(&w, &m, NULL));
        events += last[0] != before;
        if (last[0] != before)
            ASSERT_EQ(last[0], w.step);
        w.step++;
    }
    double pr = 1.0 - exp(-0.4);
    ASSERT_NEAR(events / (double)steps, pr, 4 * sqrt(pr * (1 - pr) / steps));
    ASSERT_EQ(last[1], RIC_NEVER); /* no R&D */
    ASSERT_EQ(last[2], RIC_NEVER); /* not a firm */
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    return 0;
}
