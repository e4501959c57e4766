/* Tie formation: triadic closure links a partner's partner; meetings stay in
 * the region; formal search takes the most complementary candidate with spare
 * capacity, and a firm whose R&D cannot pay one more project does not search; the result does not
 * depend on the thread count; ric_layer_insert keeps the canonical order. */
#include "ric_model.h"
#include "ric_test.h"

#include <omp.h>

/* n agents, D = 2, regions given; informal path 0-1-2 when path != 0. */
static void build(ric_world *w, ric_model *m, const ric_params *p, size_t n, const int *region,
                  int path)
{
    ric_model_init(m, p);
    ASSERT_OK(ric_world_init(w, 2, RIC_NLAYERS, 11, 0));
    ASSERT_OK(ric_model_columns(m, w));
    size_t first;
    ASSERT_OK(ric_agents_add(&w->agents, n, &first));
    for (size_t i = 0; i < n; i++) {
        w->agents.group[i] = region ? region[i] : 0;
        w->agents.kind[i] = RIC_KIND_FIRM;
        ric_agents_row(&w->agents, i)[0] = 0.2;
        ric_agents_row(&w->agents, i)[1] = 0.2;
    }
    uint64_t in[] = {ric_tie_key(0, 1), ric_tie_key(1, 2)};
    ASSERT_OK(ric_layer_set_edges(&w->layers[RIC_INFORMAL], in, path ? 2 : 0, 0));
    ASSERT_OK(ric_layer_set_edges(&w->layers[RIC_FORMAL], in, 0, 0));
}

int main(void)
{
    ric_params base;
    ric_params_default(&base);
    base.regions = 2;
    base.meet_new = base.closure = base.search_rate = 0.0;

    /* ric_layer_insert: new pairs merged in order, existing and self pairs dropped. */
    ric_layer L;
    ric_layer_init(&L);
    uint64_t k0[] = {ric_tie_key(1, 5), ric_tie_key(3, 4)};
    ASSERT_OK(ric_layer_set_edges(&L, k0, 2, 0));
    uint64_t k1[] = {ric_tie_key(4, 3), ric_tie_key(0, 9), ric_tie_key(2, 2), ric_tie_key(1, 6),
                     ric_tie_key(9, 0)};
    size_t added;
    ASSERT_OK(ric_layer_insert(&L, k1, 5, 7, 0.5, 0.25, &added));
    ASSERT_EQ(added, 2);
    ASSERT_EQ(L.n, 4);
    const uint32_t ea[] = {0, 1, 1, 3}, eb[] = {9, 5, 6, 4};
    for (size_t t = 0; t < 4; t++) {
        ASSERT_EQ(L.a[t], ea[t]);
        ASSERT_EQ(L.b[t], eb[t]);
    }
    ASSERT_EQ(L.created[0], 7);
    ASSERT(L.w[0] == 0.5 && L.tau[0] == 0.25);
    ASSERT_EQ(L.created[1], 0);
    ric_layer_destroy(&L);

    /* Closure certain: 0 and 2 (partners of 1) meet; 1 already knows both. */
    ric_params p = base;
    p.closure = 1.0;
    ric_world w;
    ric_model m;
    build(&w, &m, &p, 3, NULL, 1);
    ASSERT_OK(ric_phase_formation(&w, &m, NULL));
    ASSERT(ric_layer_find(&w.layers[RIC_INFORMAL], 0, 2) != RIC_NO_TIE);
    ASSERT_EQ(w.layers[RIC_INFORMAL].n, 3);
    ASSERT_EQ(w.layers[RIC_INFORMAL].created[1], 0); /* the new tie {0,2}: created now */
    ric_world_destroy(&w);
    ric_model_destroy(&m);

    /* Meetings: every new informal tie joins two agents of one region. */
    p = base;
    p.meet_new = 1.0;
    int region[40];
    for (int i = 0; i < 40; i++)
        region[i] = i < 20 ? 0 : 1;
    build(&w, &m, &p, 40, region, 0);
    ASSERT_OK(ric_phase_formation(&w, &m, NULL));
    ric_layer *I = &w.layers[RIC_INFORMAL];
    ASSERT(I->n > 20);
    for (size_t t = 0; t < I->n; t++)
        ASSERT_EQ(region[I->a[t]], region[I->b[t]]);
    ric_world_destroy(&w);
    ric_model_destroy(&m);

    /* Hosted events only: every meeting has a host (here agents 5 and 25,
     * intermediaries) at one end, in the own region. */
    p.hosted_share = 1.0;
    build(&w, &m, &p, 40, region, 0);
    w.agents.kind[5] = w.agents.kind[25] = RIC_KIND_INTERMEDIARY;
    ASSERT_OK(ric_phase_formation(&w, &m, NULL));
    I = &w.layers[RIC_INFORMAL];
    ASSERT(I->n > 20);
    for (size_t t = 0; t < I->n; t++) {
        ASSERT(I->a[t] == 5 || I->b[t] == 5 || I->a[t] == 25 || I->b[t] == 25);
        ASSERT_EQ(region[I->a[t]], region[I->b[t]]);
    }
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    p.hosted_share = 0.0;

    /* Formal search: agent 0 (R&D at the reference, certain search) compares
     * all candidates and takes the one nearest the optimal distance; a
     * partner at capacity is never taken; agents without R&D do not search. */
    p = base;
    p.search_rate = 1.0;
    p.search_candidates = 200;
    p.search_cross_region = 0.0;
    p.regions = 1;
    p.capacity_firm = 1;
    p.capacity_producer = 1;
    p.project_cost = 1.0;
    p.project_share = 1.0;
    build(&w, &m, &p, 4, NULL, 0);
    /* Agent 0 is a firm with R&D for projects; 1-3 are universities. */
    ric_agents_f64(&w.agents, m.col_rd_spend)[0] = 10.0;
    for (size_t i = 1; i < 4; i++)
        w.agents.kind[i] = RIC_KIND_UNIVERSITY;
    /* distances from 0 (0.2, 0.2): to 1 identical (g = 0); to 2 (0.6, 0.2)
     * d = 0.4/1.2 = 1/3, g = 0.97; to 3 (0.2, 0.8) d = 0.6/1.4 = 0.43, g = 0.99 */
    ric_agents_row(&w.agents, 2)[0] = 0.6;
    ric_agents_row(&w.agents, 3)[1] = 0.8;
    uint64_t busy[] = {ric_tie_key(3, 1)}; /* agent 3 is at capacity */
    ASSERT_OK(ric_layer_set_edges(&w.layers[RIC_FORMAL], busy, 1, 0));
    ASSERT_OK(ric_phase_formation(&w, &m, NULL));
    ric_layer *F = &w.layers[RIC_FORMAL];
    ASSERT_EQ(F->n, 2);
    ASSERT(ric_layer_find(F, 0, 2) != RIC_NO_TIE);
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    /* With spare capacity at 3, the better-matched 3 is chosen instead. */
    p.capacity_firm = 2;
    p.capacity_producer = 2;
    build(&w, &m, &p, 4, NULL, 0);
    ric_agents_f64(&w.agents, m.col_rd_spend)[0] = 10.0;
    for (size_t i = 1; i < 4; i++)
        w.agents.kind[i] = RIC_KIND_UNIVERSITY;
    ric_agents_row(&w.agents, 2)[0] = 0.6;
    ric_agents_row(&w.agents, 3)[1] = 0.8;
    ASSERT_OK(ric_layer_set_edges(&w.layers[RIC_FORMAL], busy, 1, 0));
    ASSERT_OK(ric_phase_formation(&w, &m, NULL));
    ASSERT(ric_layer_find(&w.layers[RIC_FORMAL], 0, 3) != RIC_NO_TIE);
    ASSERT(ric_layer_find(&w.layers[RIC_FORMAL], 0, 2) == RIC_NO_TIE);
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    /* R&D that cannot pay a project: no search. */
    build(&w, &m, &p, 4, NULL, 0);
    ric_agents_f64(&w.agents, m.col_rd_spend)[0] = 0.5;
    for (size_t i = 1; i < 4; i++)
        w.agents.kind[i] = RIC_KIND_UNIVERSITY;
    ASSERT_OK(ric_phase_formation(&w, &m, NULL));
    ASSERT_EQ(w.layers[RIC_FORMAL].n, 0);
    ric_world_destroy(&w);
    ric_model_destroy(&m);

    /* Same proposals at 1 and 2 threads. */
    ric_params_default(&p);
    p.firms = 3000;
    p.meet_new = 0.2;
    p.closure = 0.3;
    p.search_rate = 0.5;
    size_t nt[2][2];
    uint64_t h[2];
    for (int th = 1; th <= 2; th++) {
        omp_set_num_threads(th);
        ric_model_init(&m, &p);
        ASSERT_OK(ric_world_init(&w, (size_t)p.domains, RIC_NLAYERS, 5, 2));
        ASSERT_OK(ric_model_setup(&m, &w, NULL));
        for (int s = 0; s < 5; s++)
            ASSERT_OK(ric_world_step(&w, NULL));
        h[th - 1] = 1469598103934665603ULL;
        for (int l = 0; l < RIC_NLAYERS; l++) {
            nt[th - 1][l] = w.layers[l].n;
            for (size_t t = 0; t < w.layers[l].n; t++)
                h[th - 1] = (h[th - 1] ^ ric_tie_key(w.layers[l].a[t], w.layers[l].b[t])) *
                            1099511628211ULL;
        }
        ric_world_destroy(&w);
        ric_model_destroy(&m);
    }
    ASSERT_EQ(nt[0][0], nt[1][0]);
    ASSERT_EQ(nt[0][1], nt[1][1]);
    ASSERT(h[0] == h[1]);
    return 0;
}
