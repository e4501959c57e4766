/* Tie store: canonical order, deduplication, lookup, CSR, compaction; the
 * radix sort with a payload (stable, the payload moves with its key). */
#include "ric_test.h"
#include "ric_world.h"

#include <omp.h>

int main(void)
{
    ric_layer L;
    ric_layer_init(&L);
    uint64_t keys[] = {ric_tie_key(3, 1), ric_tie_key(0, 2), ric_tie_key(1, 3),
                       ric_tie_key(2, 2), ric_tie_key(4, 0), ric_tie_key(1, 2)};
    ASSERT_OK(ric_layer_set_edges(&L, keys, 6, 5));
    /* Duplicate {1,3} and self-loop {2,2} dropped; sorted by (a, b). */
    ASSERT_EQ(L.n, 4);
    const uint32_t ea[] = {0, 0, 1, 1}, eb[] = {2, 4, 2, 3};
    for (size_t t = 0; t < 4; t++) {
        ASSERT_EQ(L.a[t], ea[t]);
        ASSERT_EQ(L.b[t], eb[t]);
        ASSERT_EQ(L.created[t], 5);
    }
    ASSERT_EQ(ric_layer_find(&L, 3, 1), 3);
    ASSERT_EQ(ric_layer_find(&L, 2, 0), 0);
    ASSERT_EQ(ric_layer_find(&L, 3, 4), RIC_NO_TIE);

    ASSERT_OK(ric_layer_build_csr(&L, 5));
    const uint64_t row[] = {0, 2, 4, 6, 7, 8};
    for (int v = 0; v <= 5; v++)
        ASSERT_EQ(L.row[v], row[v]);
    /* Row 2 lists 0 then 1 (tie order); every entry points back at its tie. */
    ASSERT_EQ(L.nbr[4], 0);
    ASSERT_EQ(L.nbr[5], 1);
    for (uint32_t v = 0; v < 5; v++)
        for (uint64_t e = L.row[v]; e < L.row[v + 1]; e++) {
            uint32_t t = L.tie[e];
            ASSERT((L.a[t] == v && L.b[t] == L.nbr[e]) || (L.b[t] == v && L.a[t] == L.nbr[e]));
        }
    ASSERT_NEAR(ric_layer_density(&L, 5), 4.0 / 10.0, 1e-15);

    /* Compaction: agent 1 removed; its ties go, the others are renumbered. */
    ric_world w;
    ASSERT_OK(ric_world_init(&w, 2, 1, 1, 0));
    size_t first;
    ASSERT_OK(ric_agents_add(&w.agents, 5, &first));
    ASSERT_OK(ric_layer_set_edges(&w.layers[0], keys, 0, 0));
    uint64_t k2[] = {ric_tie_key(0, 2), ric_tie_key(0, 4), ric_tie_key(1, 2), ric_tie_key(1, 3),
                     ric_tie_key(3, 4)};
    ASSERT_OK(ric_layer_set_edges(&w.layers[0], k2, 5, 0));
    w.layers[0].w[4] = 0.75; /* tie {3,4} */
    w.agents.alive[1] = 0;
    ASSERT_OK(ric_world_compact(&w));
    ASSERT_EQ(w.agents.n, 4);
    ASSERT_EQ(w.agents.id[1], 2);
    ASSERT_EQ(ric_agents_find(&w.agents, 1), RIC_NO_SLOT);
    ASSERT_EQ(ric_agents_find(&w.agents, 4), 3);
    ric_layer *W = &w.layers[0];
    ASSERT_EQ(W->n, 3); /* {0,2}->{0,1}, {0,4}->{0,3}, {3,4}->{2,3} */
    ASSERT_EQ(W->a[2], 2);
    ASSERT_EQ(W->b[2], 3);
    ASSERT(W->w[2] == 0.75);
    for (size_t t = 0; t < W->n; t++)
        ASSERT(W->a[t] != W->b[t] && W->b[t] < w.agents.n);
    /* New agents get fresh, increasing ids. */
    ASSERT_OK(ric_agents_add(&w.agents, 2, &first));
    ASSERT_EQ(first, 4);
    ASSERT_EQ(w.agents.id[5], 6);
    ric_world_destroy(&w);
    ric_layer_destroy(&L);

    /* A large layer's CSR built by 1 and by 3 threads (chunked above
     * 131 072 ties): the same rows, in canonical order. */
    {
        const size_t nv = 50000, ne = 200000;
        uint64_t *k = malloc(ne * sizeof *k);
        ASSERT(k);
        for (size_t i = 0; i < ne; i++)
            k[i] = ric_tie_key((uint32_t)(i % nv), (uint32_t)((i % nv + 1 + i / nv * 5003) % nv));
        ric_layer A, B;
        ric_layer_init(&A);
        ric_layer_init(&B);
        ASSERT_OK(ric_layer_set_edges(&A, k, ne, 0));
        for (size_t i = 0; i < ne; i++)
            k[i] = ric_tie_key((uint32_t)(i % nv), (uint32_t)((i % nv + 1 + i / nv * 5003) % nv));
        ASSERT_OK(ric_layer_set_edges(&B, k, ne, 0));
        ASSERT(A.n > 131072);
        omp_set_num_threads(1);
        ASSERT_OK(ric_layer_build_csr(&A, nv));
        omp_set_num_threads(3);
        ASSERT_OK(ric_layer_build_csr(&B, nv));
        ASSERT(memcmp(A.row, B.row, (nv + 1) * sizeof *A.row) == 0);
        ASSERT(memcmp(A.nbr, B.nbr, 2 * A.n * sizeof *A.nbr) == 0);
        ASSERT(memcmp(A.tie, B.tie, 2 * A.n * sizeof *A.tie) == 0);
        for (size_t v = 0; v < nv; v++)
            for (uint64_t e = B.row[v] + 1; e < B.row[v + 1]; e++)
                ASSERT(B.tie[e - 1] < B.tie[e]);
        B.b[B.n - 1] = (uint32_t)nv; /* a tie beyond the vertices is refused */
        ASSERT_EQ(ric_layer_build_csr(&B, nv), RIC_EINTERNAL);
        ric_layer_destroy(&A);
        ric_layer_destroy(&B);
        free(k);
    }

    /* Sizes on both sides of the 8/16-bit digit switch; keys with repeats
     * and differences in high bits only. */
    for (size_t n = 1; n <= 70000; n = n < 100 ? n + 37 : n * 9) {
        uint64_t *k = malloc(n * sizeof *k), *tk = malloc(n * sizeof *tk);
        uint32_t *p = malloc(n * sizeof *p), *tp = malloc(n * sizeof *tp);
        ASSERT(k && tk && p && tp);
        for (size_t i = 0; i < n; i++) {
            k[i] = ((uint64_t)((i * 7919) % 13) << 52) | ((i * 104729) % 5);
            p[i] = (uint32_t)i;
        }
        ASSERT_OK(ric_sort_u64_with(k, tk, p, tp, n));
        for (size_t i = 0; i < n; i++) {
            const size_t o = p[i]; /* the original index travelled with its key */
            ASSERT_EQ(k[i], ((uint64_t)((o * 7919) % 13) << 52) | ((o * 104729) % 5));
            if (i > 0) {
                ASSERT(k[i - 1] <= k[i]);
                ASSERT(k[i - 1] < k[i] || p[i - 1] < p[i]); /* stable */
            }
        }
        free(k), free(tk), free(p), free(tp);
    }
    return 0;
}
