/* Network generators: exact tie counts, canonical lists, lattice clustering,
 * Watts-Strogatz rewiring rate, Erdos-Renyi and Barabasi-Albert shape, the
 * same ties at any thread count, and edge list import. */
#include "ric_netgen.h"
#include "ric_netmetrics.h"
#include "ric_rng.h"
#include "ric_test.h"

#include <omp.h>
#include <unistd.h>

#define NMAX 20000

static uint64_t ids[NMAX];
static uint32_t verts[NMAX];

static ric_gen_ctx ctx(size_t nv, uint64_t seed)
{
    return (ric_gen_ctx){seed, 2, RIC_RNG_TEST, ids, nv, 7};
}

/* Strictly increasing (so no duplicates), a < b (so no self-loops), in range. */
static void check_canonical(const ric_layer *L, size_t nv)
{
    for (size_t t = 0; t < L->n; t++) {
        ASSERT(L->a[t] < L->b[t]);
        ASSERT(L->b[t] < nv);
        ASSERT_EQ(L->created[t], 7);
        if (t > 0)
            ASSERT(ric_tie_key(L->a[t - 1], L->b[t - 1]) < ric_tie_key(L->a[t], L->b[t]));
    }
}

static size_t lattice_count(const size_t *start, size_t ngroups, size_t k)
{
    size_t m = 0;
    for (size_t g = 0; g < ngroups; g++) {
        size_t n = start[g + 1] - start[g];
        m += n > k ? n * k / 2 : n * (n - 1) / 2;
    }
    return m;
}

static ric_netstats stats(const ric_layer *L, size_t nv)
{
    ric_netstats s;
    ric_error err;
    ric_error_clear(&err);
    ASSERT_OK(ric_netstats_compute(L, nv, NULL, &s, &err));
    return s;
}

static void test_ring_lattice(void)
{
    ric_layer L;
    ric_layer_init(&L);
    /* Groups of 1, 2, 5, 7, 12 and 100 vertices, k = 6: the first four are
     * cliques (n <= k), the last two have n*k/2 ties. */
    const size_t start[] = {0, 1, 3, 8, 15, 27, 127};
    ric_gen_ctx g = ctx(127, 1);
    ASSERT_OK(ric_gen_ring_lattice(&L, &g, verts, start, 6, 6));
    ASSERT_EQ(L.n, 0 + 1 + 10 + 21 + 36 + 300);
    ASSERT_EQ(L.n, lattice_count(start, 6, 6));
    check_canonical(&L, 127);
    ASSERT(ric_layer_find(&L, 27, 30) != RIC_NO_TIE);  /* ring distance 3 */
    ASSERT(ric_layer_find(&L, 27, 124) != RIC_NO_TIE); /* wraps around */
    ASSERT(ric_layer_find(&L, 27, 31) == RIC_NO_TIE);
    ASSERT(ric_layer_find(&L, 26, 27) == RIC_NO_TIE); /* other group */
    ASSERT_EQ(ric_gen_ring_lattice(&L, &g, verts, start, 6, 5), RIC_EINVAL);
    ASSERT_OK(ric_gen_ring_lattice(&L, &g, verts, start, 6, 0));
    ASSERT_EQ(L.n, 0);

    /* Global clustering of a ring lattice: 3(k-2) / (4(k-1)). */
    const size_t one[] = {0, 1000};
    g = ctx(1000, 1);
    for (size_t k = 4; k <= 10; k += 2) {
        ASSERT_OK(ric_gen_ring_lattice(&L, &g, verts, one, 1, k));
        ASSERT_EQ(L.n, 1000 * k / 2);
        ric_netstats s = stats(&L, 1000);
        double want = 3.0 * (double)(k - 2) / (4.0 * (double)(k - 1));
        printf("ring lattice n=1000 k=%zu: clustering %.15f, formula %.15f\n", k, s.clustering,
               want);
        ASSERT_NEAR(s.clustering, want, 1e-12);
        ASSERT_NEAR(s.avg_local_clustering, want, 1e-12); /* every vertex alike */
        ASSERT_NEAR(s.mean_degree, (double)k, 1e-12);
        ASSERT_EQ(s.max_degree, (long long)k);
        ASSERT(s.degree_skewness == 0.0);
        ASSERT(s.giant_share == 1.0);
    }
    ric_layer_destroy(&L);
}

static void test_small_world_counts(void)
{
    ric_layer L, R;
    ric_layer_init(&L);
    ric_layer_init(&R);
    /* Uneven groups incl. tiny ones (cliques, where every rewire collides). */
    const size_t start[] = {0, 2, 5, 9, 509, 1309, 3000};
    ric_gen_ctx g = ctx(3000, 11);
    const double ps[] = {0.0, 0.05, 0.3, 1.0};
    for (size_t k = 2; k <= 8; k += 2)
        for (int ip = 0; ip < 4; ip++)
            for (int ic = 0; ic < 2; ic++) {
                ASSERT_OK(ric_gen_small_world(&L, &g, verts, start, 6, (double)k, ps[ip],
                                              ic ? 0.3 : 0.0));
                ASSERT_EQ(L.n, lattice_count(start, 6, k));
                check_canonical(&L, 3000);
            }
    /* p = 0 is the ring lattice itself. */
    ASSERT_OK(ric_gen_small_world(&L, &g, verts, start, 6, 6.0, 0.0, 0.5));
    ASSERT_OK(ric_gen_ring_lattice(&R, &g, verts, start, 6, 6));
    ASSERT_EQ(L.n, R.n);
    ASSERT(memcmp(L.a, R.a, L.n * sizeof *L.a) == 0 && memcmp(L.b, R.b, L.n * sizeof *L.b) == 0);
    /* Without cross-group rewiring no tie leaves its group. */
    ASSERT_OK(ric_gen_small_world(&L, &g, verts, start, 6, 6.0, 1.0, 0.0));
    for (size_t t = 0; t < L.n; t++) {
        size_t ga = 0, gb = 0;
        while (start[ga + 1] <= L.a[t])
            ga++;
        while (start[gb + 1] <= L.b[t])
            gb++;
        ASSERT_EQ(ga, gb);
    }
    /* Fractional k: the count is the lattice's (the extra-neighbour draws come
     * first in each stream, so p does not change them) and the mean degree is
     * about k. */
    ASSERT_OK(ric_gen_small_world(&R, &g, verts, start, 6, 5.0, 0.0, 0.0));
    ASSERT_OK(ric_gen_small_world(&L, &g, verts, start, 6, 5.0, 0.4, 0.2));
    ASSERT_EQ(L.n, R.n);
    check_canonical(&L, 3000);
    ASSERT_NEAR(2.0 * (double)L.n / 3000.0, 5.0, 0.1);
    ASSERT_EQ(ric_gen_small_world(&L, &g, verts, start, 6, -1.0, 0.1, 0.0), RIC_EINVAL);
    ASSERT_EQ(ric_gen_small_world(&L, &g, verts, start, 6, 4.0, 1.5, 0.0), RIC_EINVAL);
    ric_layer_destroy(&L);
    ric_layer_destroy(&R);
}

/* Rewired ties are those not in the lattice: about p*m of the m ties. */
static void test_small_world_rate(void)
{
    ric_layer L, R;
    ric_layer_init(&L);
    ric_layer_init(&R);
    const size_t one[] = {0, 10000};
    ric_gen_ctx g = ctx(10000, 5);
    ASSERT_OK(ric_gen_ring_lattice(&R, &g, verts, one, 1, 6));
    const double ps[] = {0.1, 0.3};
    for (int ip = 0; ip < 2; ip++) {
        double p = ps[ip];
        ASSERT_OK(ric_gen_small_world(&L, &g, verts, one, 1, 6.0, p, 0.0));
        ASSERT_EQ(L.n, 30000);
        size_t off = 0;
        for (size_t t = 0; t < L.n; t++)
            off += ric_layer_find(&R, L.a[t], L.b[t]) == RIC_NO_TIE;
        double m = (double)L.n, sd = sqrt(m * p * (1.0 - p));
        printf("small world n=10000 k=6 p=%.1f: %zu of %.0f ties rewired (%.4f; expected %.0f, "
               "sd %.1f)\n",
               p, off, m, (double)off / m, p * m, sd);
        ASSERT_NEAR((double)off, p * m, 5.0 * sd);
    }
    ric_layer_destroy(&L);
    ric_layer_destroy(&R);
}

static void test_erdos_renyi(void)
{
    ric_layer L;
    ric_layer_init(&L);
    ric_gen_ctx g = ctx(2000, 3);
    ASSERT_OK(ric_gen_erdos_renyi(&L, &g, 20.0));
    ASSERT_EQ(L.n, 20000);
    check_canonical(&L, 2000);
    ric_netstats s = stats(&L, 2000);
    printf("erdos-renyi n=2000 k=20: clustering %.5f, density %.5f\n", s.clustering, s.density);
    ASSERT_NEAR(s.density, 20000.0 / (2000.0 * 1999.0 / 2.0), 1e-15);
    ASSERT_NEAR(s.clustering, s.density, 0.15 * s.density);
    ASSERT_NEAR(s.mean_degree, 20.0, 1e-12);
    /* round(n*k/2) with odd products, and the dense (complement) path. */
    g = ctx(101, 3);
    ASSERT_OK(ric_gen_erdos_renyi(&L, &g, 3.0));
    ASSERT_EQ(L.n, 152); /* round(151.5) */
    check_canonical(&L, 101);
    ASSERT_OK(ric_gen_erdos_renyi(&L, &g, 80.0));
    ASSERT_EQ(L.n, 4040);
    check_canonical(&L, 101);
    ASSERT_OK(ric_gen_erdos_renyi(&L, &g, 100.0));
    ASSERT_EQ(L.n, 5050); /* complete */
    ASSERT_EQ(ric_gen_erdos_renyi(&L, &g, 100.02), RIC_EINVAL);
    ASSERT_EQ(ric_gen_erdos_renyi(&L, &g, -1.0), RIC_EINVAL);
    g = ctx(1, 3);
    ASSERT_OK(ric_gen_erdos_renyi(&L, &g, 0.0));
    ASSERT_EQ(L.n, 0);
    ric_layer_destroy(&L);
}

static void test_barabasi_albert(void)
{
    ric_layer L;
    ric_layer_init(&L);
    ric_gen_ctx g = ctx(10000, 4);
    ASSERT_OK(ric_gen_barabasi_albert(&L, &g, 0, 3)); /* m0 = 4 */
    ASSERT_EQ(L.n, 4 * 3 / 2 + 3 * (10000 - 4));
    check_canonical(&L, 10000);
    ric_netstats s = stats(&L, 10000);
    printf("barabasi-albert n=10000 m=3: mean degree %.3f, max %lld, skewness %.2f\n",
           s.mean_degree, (long long)s.max_degree, s.degree_skewness);
    ASSERT(s.degree_skewness > 2.0);
    ASSERT((double)s.max_degree > 10.0 * s.mean_degree);
    ASSERT(s.giant_share == 1.0);
    ASSERT_OK(ric_gen_barabasi_albert(&L, &g, 10, 2));
    ASSERT_EQ(L.n, 10 * 9 / 2 + 2 * (10000 - 10));
    check_canonical(&L, 10000);
    g = ctx(2, 4);
    ASSERT_OK(ric_gen_barabasi_albert(&L, &g, 0, 1));
    ASSERT_EQ(L.n, 1);
    ASSERT_EQ(ric_gen_barabasi_albert(&L, &g, 0, 0), RIC_EINVAL);
    ASSERT_EQ(ric_gen_barabasi_albert(&L, &g, 1, 1), RIC_EINVAL);
    ASSERT_EQ(ric_gen_barabasi_albert(&L, &g, 0, 2), RIC_EINVAL); /* m0 = 3 > nv */
    g = ctx(100, 4);
    ASSERT_EQ(ric_gen_barabasi_albert(&L, &g, 3, 4), RIC_EINVAL);
    ric_layer_destroy(&L);
}

/* Generates every kind at nthreads and returns a copy of the concatenated
 * (a, b) arrays. */
static uint32_t *generate_all(int nthreads, size_t *len)
{
    omp_set_num_threads(nthreads);
    static const size_t start[] = {0, 3, 700, 701, 2500, 6000, 6007, 9000};
    ric_gen_ctx g = ctx(9000, 99);
    ric_layer L;
    ric_layer_init(&L);
    uint32_t *out = NULL;
    size_t n = 0;
    for (int kind = 0; kind < 5; kind++) {
        if (kind == 0)
            ASSERT_OK(ric_gen_small_world(&L, &g, verts, start, 7, 6.0, 0.3, 0.2));
        else if (kind == 1)
            ASSERT_OK(ric_gen_small_world(&L, &g, verts, start, 7, 4.6, 0.5, 0.1));
        else if (kind == 2)
            ASSERT_OK(ric_gen_small_world(&L, &g, verts, start, 7, 8.0, 1.0, 1.0));
        else if (kind == 3)
            ASSERT_OK(ric_gen_erdos_renyi(&L, &g, 7.0));
        else
            ASSERT_OK(ric_gen_barabasi_albert(&L, &g, 0, 2));
        out = realloc(out, (n + 2 * L.n + 1) * sizeof *out);
        ASSERT(out);
        memcpy(out + n, L.a, L.n * sizeof *L.a);
        memcpy(out + n + L.n, L.b, L.n * sizeof *L.b);
        n += 2 * L.n;
        out[n++] = UINT32_MAX; /* separator */
    }
    ric_layer_destroy(&L);
    *len = n;
    return out;
}

static void test_threads(void)
{
    size_t n1, n2, n3;
    uint32_t *e1 = generate_all(1, &n1), *e2 = generate_all(2, &n2), *e3 = generate_all(3, &n3);
    ASSERT_EQ(n1, n2);
    ASSERT_EQ(n1, n3);
    ASSERT(memcmp(e1, e2, n1 * sizeof *e1) == 0);
    ASSERT(memcmp(e1, e3, n1 * sizeof *e1) == 0);
    free(e1);
    free(e2);
    free(e3);
    /* And another seed gives another network. */
    ric_layer A, B;
    ric_layer_init(&A);
    ric_layer_init(&B);
    const size_t one[] = {0, 1000};
    ric_gen_ctx g1 = ctx(1000, 1), g2 = ctx(1000, 2);
    ASSERT_OK(ric_gen_small_world(&A, &g1, verts, one, 1, 4.0, 0.2, 0.0));
    ASSERT_OK(ric_gen_small_world(&B, &g2, verts, one, 1, 4.0, 0.2, 0.0));
    ASSERT(memcmp(A.b, B.b, A.n * sizeof *A.b) != 0);
    ric_layer_destroy(&A);
    ric_layer_destroy(&B);
}

static void write_file(char *path, const char *text)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, 256, "%s/ric_test_netgen_XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    int fd = mkstemp(path);
    ASSERT(fd >= 0);
    size_t len = strlen(text);
    ASSERT_EQ(write(fd, text, len), (long long)len);
    ASSERT_OK(close(fd));
}

/* Imports text and expects code, with "path:line:" and needle in the message. */
static void expect_bad(const char *text, int line, const char *needle)
{
    static const uint64_t eids[] = {10, 20, 30, 40};
    char path[256], where[300];
    write_file(path, text);
    ric_layer L;
    ric_layer_init(&L);
    uint64_t k0[] = {ric_tie_key(0, 1)};
    ASSERT_OK(ric_layer_set_edges(&L, k0, 1, 0));
    ric_error err;
    ric_error_clear(&err);
    ric_status st = ric_gen_edge_list(&L, path, eids, 4, &err);
    if (st != RIC_ECONFIG)
        fprintf(stderr, "text:\n%s\nmessage: %s\n", text, err.msg);
    ASSERT_EQ(st, RIC_ECONFIG);
    snprintf(where, sizeof where, "%s:%d: ", path, line);
    ASSERT_STR_CONTAINS(err.msg, where);
    ASSERT_STR_CONTAINS(err.msg, needle);
    ASSERT_EQ(L.n, 1); /* unchanged */
    ric_layer_destroy(&L);
    unlink(path);
}

static void test_edge_list(void)
{
    static const uint64_t eids[] = {10, 20, 30, 40};
    char path[256];
    write_file(path, "# agent ties\n"
                     "\n"
                     "10 20\n"
                     "  30\t10   # trailing comment\n"
                     "20 10\n" /* duplicate, reversed */
                     "10 20\n" /* duplicate */
                     "40 30\r\n"
                     "   \n"
                     "40 20"); /* no final newline */
    ric_layer L;
    ric_layer_init(&L);
    ric_error err;
    ric_error_clear(&err);
    ASSERT_OK(ric_gen_edge_list(&L, path, eids, 4, &err));
    ASSERT_EQ(L.n, 4);
    const uint32_t ea[] = {0, 0, 1, 2}, eb[] = {1, 2, 3, 3};
    for (size_t t = 0; t < 4; t++) {
        ASSERT_EQ(L.a[t], ea[t]);
        ASSERT_EQ(L.b[t], eb[t]);
        ASSERT_EQ(L.created[t], 0);
    }
    unlink(path);
    /* Ids must be ascending; a missing file is not a scenario error. */
    static const uint64_t unsorted[] = {10, 30, 20};
    ric_error_clear(&err);
    ASSERT_EQ(ric_gen_edge_list(&L, "/nonexistent/ties.txt", unsorted, 3, &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_gen_edge_list(&L, "/nonexistent/ties.txt", eids, 4, &err), RIC_ENOENT);
    ASSERT_STR_CONTAINS(err.msg, "/nonexistent/ties.txt: ");
    ric_layer_destroy(&L);

    expect_bad("10 20\n10 50\n", 2, "unknown agent id 50");
    expect_bad("# c\n\n30 30\n", 3, "self-loop on agent 30");
    expect_bad("10\n", 1, "expected two agent ids, found 1 field");
    expect_bad("10 20\n10 20 30\n", 2, "expected two agent ids, found 3 fields");
    expect_bad("10 20\n20 x3\n", 2, "'x3' is not an agent id");
    expect_bad("-10 20\n", 1, "'-10' is not an agent id");
    expect_bad("10,20\n", 1, "found 1 field");
    expect_bad("10 99999999999999999999999\n", 1, "is not an agent id");
}

int main(void)
{
    for (size_t i = 0; i < NMAX; i++) {
        ids[i] = 1000 + 7 * i;
        verts[i] = (uint32_t)i;
    }
    test_ring_lattice();
    test_small_world_counts();
    test_small_world_rate();
    test_erdos_renyi();
    test_barabasi_albert();
    test_threads();
    test_edge_list();
    return 0;
}
