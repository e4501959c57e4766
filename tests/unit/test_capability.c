/* Capability dynamics, one step against hand-computed values: absorptive
 * capacity tends to what the R&D actually spent sustains; knowledge
 * depreciates; R&D and research create knowledge with diminishing returns,
 * where the agent's industry needs it (relevance); stages move one step at a
 * time with hysteresis. Removing or inverting any of these rules changes a
 * value below. */
#include "ric_model.h"
#include "ric_test.h"

int main(void)
{
    ric_params p;
    ric_params_default(&p);
    p.domains = 2;
    p.strategic_domains = 1; /* industry 0 needs domain 0; domain 1 weighs off_strategic */
    p.off_strategic = 0.25;
    p.producer_breadth = 0.5;
    p.rd_reference = 0.02;
    p.absorb_half = 0.02;
    p.absorb_rate = 0.1;
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
    /* 0: firm spending the reference R&D intensity; 1: firm without R&D;
     * 2: firm spending twice the reference; 3: university. */
    const int kind[4] = {RIC_KIND_FIRM, RIC_KIND_FIRM, RIC_KIND_FIRM, RIC_KIND_UNIVERSITY};
    const double rd[4] = {0.02, 0.0, 0.04, 0.0};
    double *absorb = ric_agents_f64(&w.agents, m.col_absorb);
    for (size_t i = 0; i < 4; i++) {
        w.agents.kind[i] = kind[i];
        w.agents.group[i] = 0;
        ric_agent_reset(&m, &w.agents, i);
        ric_agents_f64(&w.agents, m.col_revenue)[i] = 100.0;
        ric_agents_f64(&w.agents, m.col_rd_spend)[i] = 100.0 * rd[i];
        ric_agents_i32(&w.agents, m.col_stage)[i] = 2;
        absorb[i] = i == 3 ? 0.9 : 0.3;
        ric_agents_row(&w.agents, i)[0] = 0.5;
        ric_agents_row(&w.agents, i)[1] = 0.5;
    }
    ASSERT_OK(ric_phase_capability(&w, &m, NULL));
    /* a' = a + rate (rd / (rd + half) - a) */
    ASSERT_NEAR(absorb[0], 0.3 + 0.1 * (0.5 - 0.3), 1e-15);
    ASSERT_NEAR(absorb[1], 0.3 - 0.1 * 0.3, 1e-15);
    ASSERT_NEAR(absorb[2], 0.3 + 0.1 * (2.0 / 3.0 - 0.3), 1e-15);
    ASSERT_NEAR(absorb[3], 0.9, 0); /* producers' capacity is fixed */
    /* k' = k (1 - decay) + create * rel * (k_max - k) */
    ASSERT_NEAR(ric_agents_row(&w.agents, 0)[0], 0.495 + 0.05 * 1.0 * 0.5, 1e-15);
    ASSERT_NEAR(ric_agents_row(&w.agents, 0)[1], 0.495 + 0.05 * 0.25 * 0.5, 1e-15);
    ASSERT_NEAR(ric_agents_row(&w.agents, 1)[0], 0.495, 1e-15); /* no R&D: only decay */
    ASSERT_NEAR(ric_agents_row(&w.agents, 2)[0], 0.495 + 0.1 * 0.5, 1e-15);
    ASSERT_NEAR(ric_agents_row(&w.agents, 3)[0], 0.495 + 0.02 * 0.5, 1e-15);
    ASSERT_NEAR(ric_agents_row(&w.agents, 3)[1], 0.495 + 0.02 * 0.5 * 0.5, 1e-15);
    /* Relevance follows the industry, not the current profile. */
    ric_agents_i32(&w.agents, m.col_industry)[0] = 1;
    ASSERT_NEAR(ric_relevance(&m, &w.agents, 0, 1), 1.0, 0);
    ASSERT_NEAR(ric_relevance(&m, &w.agents, 0, 0), 0.25, 0);
    /* The row form (the hot loops' version) equals the per-domain rule for
     * blocks that wrap around the last domain and for S >= D. */
    for (int64_t S = 1; S <= 3; S++)
        for (int32_t ind = 0; ind < 3; ind++)
            for (size_t i = 0; i < 4; i++) {
                m.p.strategic_domains = S;
                ric_agents_i32(&w.agents, m.col_industry)[i] = ind;
                double row[2];
                ric_relevance_row(&m, &w.agents, i, row);
                for (size_t d = 0; d < 2; d++)
                    ASSERT_NEAR(row[d], ric_relevance(&m, &w.agents, i, d), 0);
            }
    m.p.strategic_domains = 1;

    /* Stage moves: thresholds 0.12/0.25 (stage 2), 0.35/0.6 (stage 3), hysteresis 0.8. */
    p.stage2_capability = 0.12, p.stage2_absorptive = 0.25;
    p.stage3_capability = 0.35, p.stage3_absorptive = 0.6, p.stage_hysteresis = 0.8;
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
