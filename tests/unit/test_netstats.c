/* Network statistics on hand-checked graphs, dead vertices, empty layers. */
#include "ric_netmetrics.h"
#include "ric_test.h"

#include <stdint.h>

static void set(ric_layer *L, const uint64_t *keys, size_t n)
{
    uint64_t k[16];
    memcpy(k, keys, n * sizeof *k);
    ASSERT_OK(ric_layer_set_edges(L, k, n, 0));
}

int main(void)
{
    ric_layer L;
    ric_layer_init(&L);
    ric_netstats s;
    ric_error err;
    ric_error_clear(&err);

    /* Triangle {0,1,2}, pendant tie {2,3}, isolated vertex 4.
     * Degrees 2, 2, 3, 1, 0. Connected triples (paths of length 2, counted by
     * centre: C(deg, 2)) = 1 + 1 + 3 + 0 + 0 = 5; the one triangle closes 3 of
     * them, so transitivity = 3 * 1 / 5 = 0.6. Local clustering: 1, 1, 1/3 (one
     * of vertex 2's three neighbour pairs is tied), 0, 0 (degree < 2 counts 0),
     * mean (2 + 1/3) / 5 = 7/15. Giant component {0,1,2,3}: 4/5. Density
     * 4 / C(5,2) = 4/10; mean degree 8/5; max degree 3. Degree skewness (GSL:
     * mean of cubed deviations over the cubed sample sd): deviations from 1.6
     * are .4, .4, 1.4, -.6, -1.6; squares sum to 5.2, so variance 5.2/4 = 1.3;
     * cubes sum to -1.44, mean -0.288; skewness -0.288 / 1.3^1.5. */
    const uint64_t g1[] = {ric_tie_key(0, 1), ric_tie_key(1, 2), ric_tie_key(0, 2),
                           ric_tie_key(2, 3)};
    set(&L, g1, 4);
    ASSERT_OK(ric_netstats_compute(&L, 5, NULL, &s, &err));
    ASSERT_NEAR(s.clustering, 0.6, 1e-15);
    ASSERT_NEAR(s.avg_local_clustering, 7.0 / 15.0, 1e-15);
    ASSERT_NEAR(s.giant_share, 4.0 / 5.0, 1e-15);
    ASSERT_NEAR(s.density, 4.0 / 10.0, 1e-15);
    ASSERT_NEAR(s.mean_degree, 8.0 / 5.0, 1e-15);
    ASSERT_EQ(s.max_degree, 3);
    ASSERT_NEAR(s.degree_skewness, -0.288 / pow(1.3, 1.5), 1e-12);

    /* Same graph with vertex 4 dead: 4 vertices, one component. */
    uint8_t alive[6] = {1, 1, 1, 1, 0, 1};
    ASSERT_OK(ric_netstats_compute(&L, 5, alive, &s, &err));
    ASSERT_NEAR(s.giant_share, 1.0, 1e-15);
    ASSERT_NEAR(s.density, 4.0 / 6.0, 1e-15);
    ASSERT_NEAR(s.mean_degree, 2.0, 1e-15);
    ASSERT_NEAR(s.clustering, 0.6, 1e-15);
    ASSERT_NEAR(s.avg_local_clustering, (2.0 + 1.0 / 3.0) / 4.0, 1e-15);

    /* Vertex 2 dead before compaction, its ties still listed: they are left
     * out, leaving tie {0,1} among 0, 1, 3, 4 (and slot 5 alive, isolated). */
    alive[2] = 0;
    alive[4] = 1;
    ASSERT_OK(ric_netstats_compute(&L, 6, alive, &s, &err));
    ASSERT_NEAR(s.density, 1.0 / 10.0, 1e-15);
    ASSERT_NEAR(s.mean_degree, 2.0 / 5.0, 1e-15);
    ASSERT_NEAR(s.giant_share, 2.0 / 5.0, 1e-15);
    ASSERT(s.clustering == 0.0);
    ASSERT(s.avg_local_clustering == 0.0);
    ASSERT_EQ(s.max_degree, 1);

    /* A 4-cycle: regular (skewness defined 0), no triangles. */
    const uint64_t g2[] = {ric_tie_key(0, 1), ric_tie_key(1, 2), ric_tie_key(2, 3),
                           ric_tie_key(3, 0)};
    set(&L, g2, 4);
    ASSERT_OK(ric_netstats_compute(&L, 4, NULL, &s, &err));
    ASSERT(s.clustering == 0.0);
    ASSERT(s.degree_skewness == 0.0);
    ASSERT(s.giant_share == 1.0);
    ASSERT_NEAR(s.density, 4.0 / 6.0, 1e-15);

    /* No ties; no vertices at all. */
    set(&L, g2, 0);
    ASSERT_OK(ric_netstats_compute(&L, 3, NULL, &s, &err));
    ASSERT(s.density == 0.0 && s.mean_degree == 0.0 && s.clustering == 0.0);
    ASSERT_NEAR(s.giant_share, 1.0 / 3.0, 1e-15);
    ASSERT_OK(ric_netstats_compute(&L, 0, NULL, &s, &err));
    ASSERT(s.density == 0.0 && s.giant_share == 0.0 && s.max_degree == 0);

    /* A tie beyond the vertex range is refused, not handed to igraph. */
    set(&L, g1, 4);
    ASSERT_EQ(ric_netstats_compute(&L, 3, NULL, &s, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "beyond 3 slots");
    ric_layer_destroy(&L);
    return 0;
}
