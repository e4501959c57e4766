#include "ric_netmetrics.h"

#include <gsl/gsl_statistics_double.h>
#include <igraph.h>
#include <stdlib.h>
#include <string.h>

static ric_status ric_i_igraph_fail(ric_error *err, igraph_error_t e, const char *what)
{
    return ric_error_set(err, RIC_EIGRAPH, "network statistics: %s: %s", what, igraph_strerror(e));
}

/* Runs the igraph part on the graph of the alive vertices (renumbered).
 * Destroys edges once the graph holds them: at a million agents the edge
 * list is tens of MB at the run's peak memory. */
static ric_status ric_i_igraph_stats(igraph_vector_int_t *edges, igraph_integer_t n,
                                     ric_netstats *out, ric_error *err)
{
    igraph_t gr;
    igraph_error_t e = igraph_create(&gr, edges, n, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(edges);
    if (e != IGRAPH_SUCCESS)
        return ric_i_igraph_fail(err, e, "igraph_create");
    ric_status st = RIC_OK;
    igraph_real_t t = 0.0, tl = 0.0;
    igraph_vector_int_t csize;
    int have_csize = 0;
    igraph_integer_t ncomp = 0;
    if ((e = igraph_transitivity_undirected(&gr, &t, IGRAPH_TRANSITIVITY_ZERO)) != IGRAPH_SUCCESS) {
        st = ric_i_igraph_fail(err, e, "igraph_transitivity_undirected");
        goto done;
    }
    e = igraph_transitivity_avglocal_undirected(&gr, &tl, IGRAPH_TRANSITIVITY_ZERO);
    if (e != IGRAPH_SUCCESS) {
        st = ric_i_igraph_fail(err, e, "igraph_transitivity_avglocal_undirected");
        goto done;
    }
    if ((e = igraph_vector_int_init(&csize, 0)) != IGRAPH_SUCCESS) {
        st = ric_i_igraph_fail(err, e, "igraph_vector_int_init");
        goto done;
    }
    have_csize = 1;
    if ((e = igraph_connected_components(&gr, NULL, &csize, &ncomp, IGRAPH_WEAK)) !=
        IGRAPH_SUCCESS) {
        st = ric_i_igraph_fail(err, e, "igraph_connected_components");
        goto done;
    }
    igraph_integer_t giant = 0;
    for (igraph_integer_t c = 0; c < ncomp; c++)
        if (VECTOR(csize)[c] > giant)
            giant = VECTOR(csize)[c];
    out->clustering = (double)t;
    out->avg_local_clustering = (double)tl;
    out->giant_share = (double)giant / (double)n;
done:
    if (have_csize)
        igraph_vector_int_destroy(&csize);
    igraph_destroy(&gr);
    return st;
}

ric_status ric_netstats_compute(const ric_layer *L, size_t nv, const uint8_t *alive,
                                ric_netstats *out, ric_error *err)
{
    memset(out, 0, sizeof *out);
    size_t *slot = malloc((nv ? nv : 1) * sizeof *slot); /* slot -> alive index or SIZE_MAX */
    if (!slot)
        return ric_error_set(err, RIC_ENOMEM, "network statistics: out of memory");
    size_t na = 0;
    for (size_t i = 0; i < nv; i++)
        slot[i] = !alive || alive[i] ? na++ : SIZE_MAX;
    ric_status st = RIC_OK;
    double *deg = calloc(na ? na : 1, sizeof *deg);
    igraph_vector_int_t edges;
    int have_edges = 0;
    if (!deg) {
        st = ric_error_set(err, RIC_ENOMEM, "network statistics: out of memory");
        goto done;
    }
    ric_lib_init(); /* igraph errors are returned, never abort */
    igraph_error_t e = igraph_vector_int_init(&edges, (igraph_integer_t)(2 * L->n));
    if (e != IGRAPH_SUCCESS) {
        st = ric_i_igraph_fail(err, e, "igraph_vector_int_init");
        goto done;
    }
    have_edges = 1;
    size_t m = 0;
    for (size_t t = 0; t < L->n; t++) {
        if (L->a[t] >= nv || L->b[t] >= nv) {
            st = ric_error_set(err, RIC_EINVAL,
                               "network statistics: tie %zu joins slot %u, beyond %zu slots", t,
                               (unsigned)L->b[t], nv);
            goto done;
        }
        size_t u = slot[L->a[t]], v = slot[L->b[t]];
        if (u == SIZE_MAX || v == SIZE_MAX)
            continue;
        VECTOR(edges)[2 * m] = (igraph_integer_t)u;
        VECTOR(edges)[2 * m + 1] = (igraph_integer_t)v;
        deg[u]++;
        deg[v]++;
        m++;
    }
    if (na == 0)
        goto done;
    /* Shrinking never allocates, so it cannot fail. */
    (void)igraph_vector_int_resize(&edges, (igraph_integer_t)(2 * m));
    double maxd = 0.0;
    for (size_t i = 0; i < na; i++)
        if (deg[i] > maxd)
            maxd = deg[i];
    out->max_degree = (int64_t)maxd;
    out->mean_degree = 2.0 * (double)m / (double)na;
    out->density = na > 1 ? (double)m / ((double)na * (double)(na - 1) / 2.0) : 0.0;
    /* gsl_stats_skew divides by the standard deviation: define a degree
     * distribution without spread (a regular graph) as unskewed. */
    double sd = na > 1 ? gsl_stats_sd(deg, 1, na) : 0.0;
    out->degree_skewness = sd > 0.0 ? gsl_stats_skew(deg, 1, na) : 0.0;
    free(deg);
    free(slot);
    deg = NULL;
    slot = NULL;
    have_edges = 0;
    st = ric_i_igraph_stats(&edges, (igraph_integer_t)na, out, err);
done:
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    free(deg);
    free(slot);
    return st;
}
