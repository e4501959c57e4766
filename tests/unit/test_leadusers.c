/* Lead users: the most capable SMEs of each region are designated (large
 * firms are not eligible, ties broken by id); every other firm joins the
 * user group of the cognitively nearest lead user of its own region, up to
 * the lead user's hosting capacity (the nearest first); user
 * groups create informal ties only inside a group; nothing happens when the
 * scenario designates none; the same ties at 1 and 2 threads. */
#include "ric_model.h"
#include "ric_test.h"

#include <omp.h>

enum { N = 40 };

/* Two regions of 20 firms; firm i has capability level 0.01 * i in domain
 * (i % 2) and 0.01 in the other; slot 19 and 39 are large firms. */
static void build(ric_world *w, ric_model *m, const ric_params *p)
{
    ric_model_init(m, p);
    ASSERT_OK(ric_world_init(w, 2, RIC_NLAYERS, 3, 0));
    ASSERT_OK(ric_model_columns(m, w));
    size_t first;
    ASSERT_OK(ric_agents_add(&w->agents, N, &first));
    ric_agents *a = &w->agents;
    for (size_t i = 0; i < N; i++) {
        a->group[i] = i < N / 2 ? 0 : 1;
        a->kind[i] = RIC_KIND_FIRM;
        ric_agents_i32(a, m->col_size)[i] = i % 20 == 19 ? RIC_SIZE_LARGE : RIC_SIZE_SME;
        double *k = ric_agents_row(a, i);
        k[i % 2] = 0.01 * (double)(i % 20 + 1);
        k[1 - i % 2] = 0.01;
    }
    ASSERT_OK(ric_layer_set_edges(&w->layers[RIC_INFORMAL], NULL, 0, 0));
    ASSERT_OK(ric_layer_set_edges(&w->layers[RIC_FORMAL], NULL, 0, 0));
}

int main(void)
{
    ric_params p;
    ric_params_default(&p);
    p.regions = 2;
    p.lead_users = 2;
    p.group_rate = 1.0;
    ric_world w;
    ric_model m;
    build(&w, &m, &p);
    ric_agents *a = &w.agents;
    ASSERT_OK(ric_lead_users_designate(&m, &w, NULL));
    const int32_t *lead = ric_agents_i32(a, m.col_lead);
    const double *group = ric_agents_f64(a, m.col_group);
    /* Most capable SMEs: slots 18 and 17 in region 0, 38 and 37 in region 1
     * (19 and 39 are large). */
    for (size_t i = 0; i < N; i++)
        ASSERT_EQ(lead[i], i == 17 || i == 18 || i == 37 || i == 38);
    int64_t count[2];
    ric_lead_users_count(&m, &w, count);
    ASSERT(count[0] == 2 && count[1] == 2);
    /* Groups: even slots lean to domain 0 like lead 18 (38), odd to domain 1
     * like 17 (37); always a lead of the own region. */
    for (size_t i = 0; i < N; i++) {
        size_t l = (i < N / 2 ? 0 : 20) + (i % 2 == 0 ? 18 : 17);
        if (i % 20 >= 2) /* the least capable are nearly uniform: skip */
            ASSERT_EQ((uint64_t)group[i], a->id[l]);
    }
    /* Meetings: ties only inside a group (so inside a region). */
    w.step = 1;
    ASSERT_OK(ric_phase_user_groups(&w, &m, NULL));
    const ric_layer *I = &w.layers[RIC_INFORMAL];
    ASSERT(I->n > 10);
    for (size_t t = 0; t < I->n; t++)
        ASSERT(group[I->a[t]] == group[I->b[t]]);
    size_t n1 = I->n;
    ric_world_destroy(&w);
    ric_model_destroy(&m);

    /* Same ties at 2 threads. */
    omp_set_num_threads(2);
    build(&w, &m, &p);
    ASSERT_OK(ric_lead_users_designate(&m, &w, NULL));
    w.step = 1;
    ASSERT_OK(ric_phase_user_groups(&w, &m, NULL));
    ASSERT_EQ(w.layers[RIC_INFORMAL].n, n1);
    ric_world_destroy(&w);
    ric_model_destroy(&m);

    /* A lead user hosts at most lead_users.capacity members, the nearest
     * first: with 3 seats each, 4 lead users seat 12 firms, 2 seat 6. */
    p.lead_capacity = 3;
    for (int64_t leads = 1; leads <= 2; leads++) {
        p.lead_users = leads;
        build(&w, &m, &p);
        ASSERT_OK(ric_lead_users_designate(&m, &w, NULL));
        size_t members = 0;
        for (size_t i = 0; i < N; i++)
            members += !ric_agents_i32(&w.agents, m.col_lead)[i] &&
                       ric_agents_f64(&w.agents, m.col_group)[i] >= 0.0;
        ASSERT_EQ(members, (size_t)(2 * leads * 3));
        ric_world_destroy(&w);
        ric_model_destroy(&m);
    }
    p.lead_capacity = 1000;

    /* None designated: no flags, no groups, no ties. */
    p.lead_users = 0;
    build(&w, &m, &p);
    ASSERT_OK(ric_lead_users_designate(&m, &w, NULL));
    ASSERT_OK(ric_phase_user_groups(&w, &m, NULL));
    for (size_t i = 0; i < N; i++)
        ASSERT(ric_agents_i32(&w.agents, m.col_lead)[i] == 0 &&
               ric_agents_f64(&w.agents, m.col_group)[i] < 0);
    ASSERT_EQ(w.layers[RIC_INFORMAL].n, 0);
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    return 0;
}
