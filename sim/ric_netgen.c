#include "ric_netgen.h"

#include "ric_rng.h"

#include <math.h>
#include <stdlib.h>

ric_status ric_gen_small_world(ric_layer *L, const ric_gen_ctx *g, const uint32_t *verts,
                               const size_t *start, size_t ngroups, double k, double p,
                               double cross)
{
    size_t h = (size_t)floor(k / 2.0);
    double frac = k / 2.0 - (double)h;
    size_t total = start[ngroups];
    size_t cap = total * (h + 1);
    uint64_t *keys = malloc((cap ? cap : 1) * sizeof *keys);
    size_t *count = calloc(total ? total : 1, sizeof *count);
    if (!keys || !count) {
        free(keys);
        free(count);
        return RIC_ENOMEM;
    }
    /* Each vertex writes its own fixed slice of keys: parallel and order-free. */
#pragma omp parallel for schedule(static)
    for (size_t gi = 0; gi < ngroups; gi++) {
        size_t s0 = start[gi], n = start[gi + 1] - s0;
        for (size_t i = 0; i < n; i++) {
            uint32_t u = verts[s0 + i];
            ric_rng_stream rs;
            ric_rng_stream_init(&rs);
            ric_rng_seek(&rs.rng, g->seed, g->replication, g->ids[u], g->step, g->purpose);
            uint64_t *out = keys + (s0 + i) * (h + 1);
            size_t c = 0;
            size_t reach = h + (gsl_rng_uniform(&rs.rng) < frac ? 1 : 0);
            for (size_t j = 1; j <= reach && j < n; j++) {
                uint32_t v = verts[s0 + (i + j) % n];
                double r1 = gsl_rng_uniform(&rs.rng), r2 = gsl_rng_uniform(&rs.rng);
                if (r1 < p) {
                    if (r2 < cross)
                        v = (uint32_t)gsl_rng_uniform_int(&rs.rng, g->nv);
                    else
                        v = verts[s0 + gsl_rng_uniform_int(&rs.rng, n)];
                }
                out[c++] = ric_tie_key(u, v);
            }
            count[s0 + i] = c;
        }
    }
    /* Pack the per-vertex slices in vertex order. */
    size_t m = 0;
    for (size_t i = 0; i < total; i++)
        for (size_t c = 0; c < count[i]; c++)
            keys[m++] = keys[i * (h + 1) + c];
    free(count);
    ric_status st = ric_layer_set_edges(L, keys, m, g->step);
    free(keys);
    return st;
}

ric_status ric_gen_erdos_renyi(ric_layer *L, const ric_gen_ctx *g, double k)
{
    size_t m = (size_t)llround((double)g->nv * k / 2.0);
    uint64_t *keys = malloc((m ? m : 1) * sizeof *keys);
    if (!keys)
        return RIC_ENOMEM;
    if (g->nv >= 2) {
        ric_rng_stream rs;
        ric_rng_stream_init(&rs);
        ric_rng_seek(&rs.rng, g->seed, g->replication, UINT64_MAX, g->step, g->purpose);
        for (size_t e = 0; e < m; e++) {
            uint32_t u = (uint32_t)gsl_rng_uniform_int(&rs.rng, g->nv);
            uint32_t v = (uint32_t)gsl_rng_uniform_int(&rs.rng, g->nv);
            keys[e] = ric_tie_key(u, v);
        }
    } else {
        m = 0;
    }
    ric_status st = ric_layer_set_edges(L, keys, m, g->step);
    free(keys);
    return st;
}
