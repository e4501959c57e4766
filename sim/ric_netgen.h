/* Network generators for initial ties and experiments. They draw from the
 * agents' own streams (keyed by agent id), so the network is the same at any
 * thread count, and write the result into a layer (replacing its ties). */
#ifndef RIC_NETGEN_H
#define RIC_NETGEN_H

#include "ric_error.h"
#include "ric_ties.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ric_gen_ctx {
    uint64_t seed, replication, purpose;
    const uint64_t *ids; /* agent id of each vertex slot */
    size_t nv;           /* vertex slots */
    int32_t step;        /* creation step recorded on the ties */
} ric_gen_ctx;

/* Small world (Watts-Strogatz) inside groups: the vertices of each group
 * (group g holds verts[start[g] .. start[g+1])) form a ring lattice in the
 * given order, each vertex tied to its next floor(k/2) ring neighbours (and to
 * one more with probability frac(k/2)), so the mean degree is k. Each lattice
 * tie is rewired with probability p to a uniform vertex of the same group, or
 * with probability cross to a uniform vertex of any group. Ordering vertices
 * so that groups are contiguous keeps ties local in memory. */
ric_status ric_gen_small_world(ric_layer *L, const ric_gen_ctx *g, const uint32_t *verts,
                               const size_t *start, size_t ngroups, double k, double p,
                               double cross);

/* Erdos-Renyi: round(nv * k / 2) uniform random pairs, duplicates and
 * self-pairs dropped (so the count is met up to collisions). */
ric_status ric_gen_erdos_renyi(ric_layer *L, const ric_gen_ctx *g, double k);

#endif
