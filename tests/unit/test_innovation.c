/* Innovation: the hazard rises with capability, R&D spent and size and is
 * lower for services; a firm without R&D never innovates; over many steps the
 * event frequency matches the probability; only firms innovate; product
 * innovations lift competitiveness a step above the sector's mean (less for
 * larger firms) and process innovations the margin, in the share product_share; every
 * event is listed in the event table. */
#include "ric_model.h"
#include "ric_test.h"

int main(void)
{
    ric_params p;
    ric_params_default(&p);
    p.innovation_rate = 0.5;
    p.rd_reference = 0.02;
    p.sme_sales = 1.0;
    p.size_elasticity = 0.1;
    p.service_innovation = 0.5;
    /* lambda = 0.5 * (0.24 / 0.3) * sqrt(0.02 / 0.02) * 1^0.1 = 0.4 */
    ASSERT_NEAR(ric_innovation_probability(&p, 0.24, 0.02, 1.0, 0), 1.0 - exp(-0.4), 1e-15);
    ASSERT_NEAR(ric_innovation_probability(&p, 0.24, 0.02, 1024.0, 0), 1.0 - exp(-0.8), 1e-14);
    ASSERT_NEAR(ric_innovation_probability(&p, 0.24, 0.02, 1.0, 1), 1.0 - exp(-0.2), 1e-15);
    ASSERT(ric_innovation_probability(&p, 0.3, 0.02, 1.0, 0) >
           ric_innovation_probability(&p, 0.24, 0.02, 1.0, 0));
    ASSERT(ric_innovation_probability(&p, 0.24, 0.04, 1.0, 0) >
           ric_innovation_probability(&p, 0.24, 0.02, 1.0, 0));
    ASSERT(ric_innovation_probability(&p, 0.24, 0.0, 1.0, 0) == 0.0);

    ric_model m;
    ric_model_init(&m, &p);
    p.product_share = 0.25;
    m.p = p;
    ric_world w;
    ASSERT_OK(ric_world_init(&w, 2, RIC_NLAYERS, 3, 0));
    ASSERT_OK(ric_model_columns(&m, &w));
    size_t first, n = 3;
    ASSERT_OK(ric_agents_add(&w.agents, n, &first));
    int32_t *last = ric_agents_i32(&w.agents, m.col_last_innovation);
    for (size_t i = 0; i < n; i++) {
        w.agents.kind[i] = i == 2 ? RIC_KIND_UNIVERSITY : RIC_KIND_FIRM;
        ric_agents_i32(&w.agents, m.col_stage)[i] = 2;
        ric_agents_f64(&w.agents, m.col_rd_spend)[i] = i == 1 ? 0.0 : 0.02;
        ric_agents_i32(&w.agents, m.col_sector)[i] = RIC_SECTOR_MANUFACTURING;
        ric_agents_row(&w.agents, i)[0] = ric_agents_row(&w.agents, i)[1] = 0.24;
        last[i] = RIC_NEVER;
        ric_agents_f64(&w.agents, m.col_revenue)[i] = 1.0;
        ric_agents_f64(&w.agents, m.col_margin)[i] = 0.1;
    }
    double *rev = ric_agents_f64(&w.agents, m.col_x);
    double *margin = ric_agents_f64(&w.agents, m.col_margin);
    const int32_t *type = ric_agents_i32(&w.agents, m.col_innov_type);
    int products = 0;
    /* Firm 0: p = 1 - exp(-0.4) = 0.3297 per step. */
    int events = 0, steps = 4000;
    for (int s = 0; s < steps; s++) {
        int32_t before = last[0];
        double r0 = rev[0], m0 = margin[0];
        m.events.n[RIC_EV_INNOVATION] = 0;
        ASSERT_OK(ric_phase_innovation(&w, &m, NULL));
        events += last[0] != before;
        ASSERT_EQ(m.events.n[RIC_EV_INNOVATION], last[0] != before);
        if (last[0] != before) {
            ASSERT_EQ(last[0], w.step);
            const int64_t *row = m.events.rows[RIC_EV_INNOVATION];
            ASSERT(row[0] == w.step + 1 && row[1] == (int64_t)w.agents.id[0] && row[2] == type[0]);
            if (type[0] == RIC_INNOV_PRODUCT) {
                products++;
                /* The quality ladder: a step above the sector's mean
                 * (firms 0 and 1), or where it stands if further ahead. */
                const double top = (r0 + rev[1]) / 2.0 + p.innovation_step;
                ASSERT_NEAR(rev[0], r0 > top ? r0 : top, 1e-12);
                ASSERT(margin[0] == m0);
            } else {
                ASSERT_EQ(type[0], RIC_INNOV_PROCESS);
                ASSERT_NEAR(1.0 - margin[0], (1.0 - m0) * (1.0 - p.process_gain), 1e-15);
                ASSERT(rev[0] == r0);
            }
        }
        w.step++;
    }
    ASSERT_NEAR(products / (double)events, 0.25, 4 * sqrt(0.25 * 0.75 / events));
    double pr = 1.0 - exp(-0.4);
    ASSERT_NEAR(events / (double)steps, pr, 4 * sqrt(pr * (1 - pr) / steps));
    ASSERT_EQ(last[1], RIC_NEVER); /* no R&D */
    ASSERT_EQ(last[2], RIC_NEVER); /* not a firm */
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    return 0;
}
