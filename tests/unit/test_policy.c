/* Interventions: the hooks are reset every step and set only while an
 * intervention is active; rd_subsidy raises only firms' R&D (own R&D kept);
 * intermediary_capacity spreads whole services with the remainder first;
 * differentiated_support switches only intermediaries it pays; lead users
 * bought are spread over regions with the remainder; user_groups meetings
 * scale with strength; infrastructure raises strategic domains only; an
 * intervention without targets at its start fails; spend is recorded. */
#include "ric_model.h"
#include "ric_test.h"

#include <string.h>

enum { N = 30 };

/* 3 regions x (8 SMEs, 1 university, 1 intermediary); 4 domains, 2 strategic;
 * everyone strongest in domain 0, so user groups are by region and sector. */
static void build(ric_world *w, ric_model *m, const ric_params *p)
{
    ric_model_init(m, p);
    ASSERT_OK(ric_world_init(w, 4, RIC_NLAYERS, 5, 0));
    ASSERT_OK(ric_model_columns(m, w));
    size_t first;
    ASSERT_OK(ric_agents_add(&w->agents, N, &first));
    ric_agents *a = &w->agents;
    for (size_t i = 0; i < N; i++) {
        a->group[i] = (int32_t)(i / 10);
        int r = (int)(i % 10);
        a->kind[i] = r < 8 ? RIC_KIND_FIRM : r == 8 ? RIC_KIND_UNIVERSITY : RIC_KIND_INTERMEDIARY;
        ric_agents_i32(a, m->col_size)[i] = r < 8 ? RIC_SIZE_SME : -1;
        ric_agents_i32(a, m->col_sector)[i] = r < 8 ? (int32_t)(r % 2) : -1;
        ric_agents_i32(a, m->col_stage)[i] = r < 8 ? 1 + r % 3 : 2;
        ric_agents_i32(a, m->col_subtype)[i] = r == 9 ? RIC_SUB_KISTI : -1;
        ric_agents_f64(a, m->col_rd)[i] = ric_agents_f64(a, m->col_rd_own)[i] = 0.01;
        ric_agents_f64(a, m->col_revenue)[i] = 2.0;
        ric_agents_f64(a, m->col_absorb)[i] = 0.5;
        double *k = ric_agents_row(a, i);
        for (size_t d = 0; d < 4; d++)
            k[d] = 0.1 + 0.01 * (double)(i % 7) + (d == 0 ? 0.2 : 0.0);
    }
    ASSERT_OK(ric_layer_set_edges(&w->layers[RIC_INFORMAL], NULL, 0, 0));
    ASSERT_OK(ric_layer_set_edges(&w->layers[RIC_FORMAL], NULL, 0, 0));
}

static ric_intervention iv_of(int type, double spend)
{
    ric_intervention iv = ric_intervention_default;
    iv.type = type;
    iv.spend = spend;
    return iv;
}

static void done(ric_world *w, ric_model *m)
{
    ric_world_destroy(w);
    ric_model_destroy(m);
}

int main(void)
{
    ric_params p;
    ric_params_default(&p);
    p.scale = 1.0; /* spend as given: the national-to-simulated scaling is tested below */
    p.regions = 3;
    p.strategic_domains = 2;
    p.steps = 100;
    ric_world w;
    ric_model m;

    /* rd_subsidy over every kind: only firms get R&D, 12 / 24 firms = 0.5 each
     * at revenue 2: +0.25 intensity; own R&D unchanged; inactive: reset. */
    p.ninterventions = 1;
    p.interventions[0] = iv_of(RIC_POL_RD_SUBSIDY, 12.0);
    p.interventions[0].end = 2;
    build(&w, &m, &p);
    ric_agents *a = &w.agents;
    ASSERT_OK(ric_phase_policy(&w, &m, NULL));
    for (size_t i = 0; i < N; i++) {
        double want = a->kind[i] == RIC_KIND_FIRM ? 0.01 + 0.25 : 0.01;
        ASSERT_NEAR(ric_agents_f64(a, m.col_rd)[i], want, 1e-15);
        ASSERT(ric_agents_f64(a, m.col_rd_own)[i] == 0.01);
    }
    ASSERT(m.spend[0] == 12.0 && m.spend_cumulative == 12.0);
    w.step = 2; /* ended: hooks back to the firm's own R&D, nothing spent */
    ASSERT_OK(ric_phase_policy(&w, &m, NULL));
    for (size_t i = 0; i < N; i++)
        ASSERT(ric_agents_f64(a, m.col_rd)[i] == 0.01);
    ASSERT(m.spend[0] == 0.0 && m.spend_cumulative == 12.0);
    done(&w, &m);

    /* intermediary_capacity: 5 services over 3 intermediaries = 2, 2, 1;
     * differentiated_support with 2 services switches only the two it pays. */
    p.ninterventions = 2;
    p.interventions[0] = iv_of(RIC_POL_INTERMEDIARY_CAPACITY, 5.0);
    p.interventions[1] = iv_of(RIC_POL_DIFFERENTIATED_SUPPORT, 2.0);
    build(&w, &m, &p);
    a = &w.agents;
    ASSERT_OK(ric_phase_policy(&w, &m, NULL));
    const int32_t *extra = ric_agents_i32(a, m.col_extra_capacity);
    const int32_t *diff = ric_agents_i32(a, m.col_differentiated);
    ASSERT(extra[9] == 3 && extra[19] == 3 && extra[29] == 1);
    ASSERT(diff[9] == 1 && diff[19] == 1 && diff[29] == 0);
    done(&w, &m);

    /* lead_users: 2 units over 3 regions -> 1, 1, 0 (not 0 everywhere). */
    p.ninterventions = 1;
    p.interventions[0] = iv_of(RIC_POL_LEAD_USERS, 2.0);
    build(&w, &m, &p);
    ASSERT_OK(ric_phase_policy(&w, &m, NULL));
    ASSERT(m.lead_quota[0] == 1 && m.lead_quota[1] == 1 && m.lead_quota[2] == 0);
    int64_t leads[3];
    ric_lead_users_count(&m, &w, leads);
    ASSERT(leads[0] == 1 && leads[1] == 1 && leads[2] == 0);
    done(&w, &m);

    /* A lead-user budget below the price of one buys nobody and is not
     * spent; the simulated spend is the national spend x world.scale. */
    p.interventions[0] = iv_of(RIC_POL_LEAD_USERS, 0.9);
    build(&w, &m, &p);
    ASSERT_OK(ric_phase_policy(&w, &m, NULL));
    ASSERT(m.lead_quota[0] == 0 && m.spend[0] == 0.0 && m.spend_cumulative == 0.0);
    done(&w, &m);
    p.scale = 0.5;
    p.interventions[0] = iv_of(RIC_POL_LEAD_USERS, 4.0);
    build(&w, &m, &p);
    ASSERT_OK(ric_phase_policy(&w, &m, NULL));
    ASSERT(m.spend[0] == 2.0); /* 2 lead users bought at price 1 */
    ASSERT(m.lead_quota[0] + m.lead_quota[1] + m.lead_quota[2] == 2);
    done(&w, &m);
    p.scale = 1.0;

    /* user_groups: strength 0 makes no tie; twice the strength, more ties. */
    size_t ties[3];
    const double strength[3] = {0.0, 1.0, 2.0};
    for (int k = 0; k < 3; k++) {
        p.interventions[0] = iv_of(RIC_POL_USER_GROUPS, 0.3);
        p.interventions[0].kinds = RIC_KIND_BIT(RIC_KIND_FIRM);
        p.interventions[0].strength = strength[k];
        build(&w, &m, &p);
        for (int64_t s = 0; s < 40; s++) {
            w.step = s;
            ASSERT_OK(ric_phase_policy(&w, &m, NULL));
        }
        ties[k] = w.layers[RIC_INFORMAL].n;
        const ric_layer *I = &w.layers[RIC_INFORMAL];
        for (size_t t = 0; t < I->n; t++) /* off-line groups stay in a region */
            ASSERT_EQ(w.agents.group[I->a[t]], w.agents.group[I->b[t]]);
        done(&w, &m);
    }
    ASSERT(ties[0] == 0 && ties[1] > 0 && ties[2] > ties[1]);

    /* infrastructure: only region r's strategic domains (2r, 2r+1 mod 4) grow. */
    p.interventions[0] = iv_of(RIC_POL_INFRASTRUCTURE, 24.0);
    p.interventions[0].kinds = RIC_KIND_BIT(RIC_KIND_FIRM);
    build(&w, &m, &p);
    a = &w.agents;
    double before[N][4];
    for (size_t i = 0; i < N; i++)
        memcpy(before[i], ric_agents_row(a, i), sizeof before[i]);
    ASSERT_OK(ric_phase_policy(&w, &m, NULL));
    for (size_t i = 0; i < N; i++)
        for (size_t d = 0; d < 4; d++) {
            size_t first = (size_t)(a->group[i] * 2) % 4;
            int strategic = d == first || d == (first + 1) % 4;
            double now = ric_agents_row(a, i)[d];
            if (a->kind[i] == RIC_KIND_FIRM && strategic)
                ASSERT(now > before[i][d]);
            else
                ASSERT(now == before[i][d]);
        }
    done(&w, &m);

    /* No target at the start step: a run error, not silence. */
    p.interventions[0] = iv_of(RIC_POL_HUB_INFORMATION, 1.0);
    p.interventions[0].kinds = RIC_KIND_BIT(RIC_KIND_INTERMEDIARY);
    p.interventions[0].sizes = INT64_C(1) << RIC_SIZE_SME;
    build(&w, &m, &p);
    ric_error err;
    ric_error_clear(&err);
    ASSERT_EQ(ric_phase_policy(&w, &m, &err), RIC_EPOLICY);
    ASSERT(strstr(err.msg, "no agent matches its targets") != NULL);
    done(&w, &m);

    /* Tie-making interventions are refused on a frozen network. */
    p.frozen_ties = 1;
    p.interventions[0] = iv_of(RIC_POL_USER_GROUPS, 1.0);
    ric_error_clear(&err);
    ASSERT_EQ(ric_params_validate(&p, &err), RIC_ECONFIG);
    ASSERT(strstr(err.msg, "network.frozen") != NULL);
    return 0;
}
