/* Knowledge exchange on a hand-made network, one step checked against values
 * computed by hand (docs/model.md, "Knowledge exchange"):
 *   agents (D = 2): 0 (0.2, 0.4) a=0.5    1 (0.6, 0.2) a=0.8
 *                   2 (0.2, 0.4) a=0.5    3 (1.0, 0.0) a=0.3
 *   formal   {0,1} w=0.5 tau=0.4, eta 0.1, every stage
 *   informal {0,2} {0,3} w=tau=1, eta 0.2, stage >= 2; d* = 0.4
 *   d(0,1) = 0.6/1.4, g = 1 - ((d-0.4)/0.6)^2 = 0.99773...
 *   d(0,3) = 1.2/1.6 = 0.75, g = 1 - (0.35/0.6)^2 = 0.65972...
 *   d(0,2) = 0 (identical): g = 0, nothing flows. */
#include "ric_model.h"
#include "ric_test.h"

static void build(ric_world *w, ric_model *m, int stage0)
{
    ric_params p;
    ric_params_default(&p);
    p.domains = 2;
    p.k_max = 1.0;
    p.optimal_distance = 0.4;
    p.layer[RIC_FORMAL].eta = 0.1;
    p.layer[RIC_FORMAL].min_stage = 1;
    p.layer[RIC_INFORMAL].eta = 0.2;
    p.layer[RIC_INFORMAL].min_stage = 2;
    ric_model_init(m, &p);
    ASSERT_OK(ric_world_init(w, 2, RIC_NLAYERS, 1, 0));
    ASSERT_OK(ric_model_columns(m, w));
    size_t first;
    ASSERT_OK(ric_agents_add(&w->agents, 4, &first));
    const double k[4][2] = {{0.2, 0.4}, {0.6, 0.2}, {0.2, 0.4}, {1.0, 0.0}};
    const double a[4] = {0.5, 0.8, 0.5, 0.3};
    for (size_t i = 0; i < 4; i++) {
        memcpy(ric_agents_row(&w->agents, i), k[i], sizeof k[i]);
        ric_agents_f64(&w->agents, m->col_absorb)[i] = a[i];
        ric_agents_i32(&w->agents, m->col_stage)[i] = i == 0 ? stage0 : 2;
    }
    uint64_t f[] = {ric_tie_key(0, 1)}, in[] = {ric_tie_key(0, 2), ric_tie_key(0, 3)};
    ASSERT_OK(ric_layer_set_edges(&w->layers[RIC_FORMAL], f, 1, 0));
    ASSERT_OK(ric_layer_set_edges(&w->layers[RIC_INFORMAL], in, 2, 0));
    w->layers[RIC_FORMAL].w[0] = 0.5;
    w->layers[RIC_FORMAL].tau[0] = 0.4;
    for (int t = 0; t < 2; t++)
        w->layers[RIC_INFORMAL].w[t] = w->layers[RIC_INFORMAL].tau[t] = 1.0;
}

int main(void)
{
    /* The learning curve is an inverted U peaking at d*. */
    ASSERT(ric_learning_curve(0.0, 0.4) == 0.0);
    ASSERT(ric_learning_curve(1.0, 0.4) == 0.0);
    ASSERT(ric_learning_curve(0.4, 0.4) == 1.0);
    ASSERT_NEAR(ric_learning_curve(0.2, 0.4), 0.75, 1e-15);
    ASSERT_NEAR(ric_learning_curve(0.7, 0.4), 0.75, 1e-15);
    for (double d = 0.0; d < 0.39; d += 0.01)
        ASSERT(ric_learning_curve(d + 0.01, 0.4) > ric_learning_curve(d, 0.4));
    for (double d = 0.41; d < 0.99; d += 0.01)
        ASSERT(ric_learning_curve(d + 0.01, 0.4) < ric_learning_curve(d, 0.4));
    const double x[2] = {0.2, 0.4}, y[2] = {0.6, 0.2};
    ASSERT_NEAR(ric_cognitive_distance(x, y, 2, 0.6, 0.8), 0.6 / 1.4, 1e-15);

    ric_world w;
    ric_model m;
    build(&w, &m, 2);
    ASSERT_OK(ric_phase_exchange(&w, &m, NULL));
    const double *k0 = ric_agents_row(&w.agents, 0), *k1 = ric_agents_row(&w.agents, 1),
                 *k2 = ric_agents_row(&w.agents, 2), *k3 = ric_agents_row(&w.agents, 3);
    /* From 1 over the formal tie (codified: taken in whole) and from 3 over
     * the informal one (tacit: times absorptive capacity 0.5). */
    ASSERT_NEAR(k0[0], 0.26075963718820863, 1e-14);
    ASSERT_NEAR(ric_agents_f64(&w.agents, m.col_inflow[RIC_FORMAL])[0], 0.00798185941043086, 1e-15);
    ASSERT_NEAR(ric_agents_f64(&w.agents, m.col_inflow[RIC_INFORMAL])[0], 0.05277777777777777,
                1e-15);
    ASSERT_NEAR(k0[1], 0.4, 0); /* nobody knows more in domain 1 */
    ASSERT_NEAR(k1[0], 0.6, 0);
    ASSERT_NEAR(k1[1], 0.2039909297052154, 1e-14); /* from 0 over the formal tie */
    ASSERT_NEAR(k2[0], 0.2, 0);                    /* identical partner: distance 0 */
    ASSERT_NEAR(k2[1], 0.4, 0);
    ASSERT_NEAR(k3[0], 1.0, 0);
    ASSERT_NEAR(k3[1], 0.01583333333333333, 1e-14); /* far partner, g = 0.6597 */
    ric_world_destroy(&w);
    ric_model_destroy(&m);

    /* A stage-1 agent learns nothing over informal ties: only the formal part. */
    build(&w, &m, 1);
    ASSERT_OK(ric_phase_exchange(&w, &m, NULL));
    ASSERT_NEAR(ric_agents_row(&w.agents, 0)[0], 0.20798185941043086, 1e-14);
    ASSERT_NEAR(ric_agents_f64(&w.agents, m.col_inflow[RIC_INFORMAL])[0], 0.0, 0);
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    return 0;
}
