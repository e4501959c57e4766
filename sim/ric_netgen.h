/* Network generators for initial ties and experiments. Each one writes its
 * result into a layer, replacing the layer's ties (attributes start at
 * w = tau = 0, created = last = step, see ric_layer_set_edges).
 *
 * Determinism: the ties depend only on the arguments and the stream names in
 * ric_gen_ctx, never on the OpenMP thread count. Parallel parts draw from the
 * agents' own streams (keyed by agent id); serial parts from a fixed key (agent
 * id UINT64_MAX) or replay an agent's stream, in a fixed order. */
#ifndef RIC_NETGEN_H
#define RIC_NETGEN_H

#include "ric_error.h"
#include "ric_ties.h"

#include <stddef.h>
#include <stdint.h>

/* Largest edge-list file read, in bytes. */
#define RIC_NETGEN_MAX_FILE (1 << 30)

typedef struct ric_gen_ctx {
    uint64_t seed, replication, purpose;
    const uint64_t *ids; /* agent id of each vertex slot */
    size_t nv;           /* vertex slots */
    int32_t step;        /* creation step recorded on the ties */
} ric_gen_ctx;

/* Ring lattice inside groups: the vertices of each group (group g holds
 * verts[start[g] .. start[g+1])) form a ring in the given order and each
 * vertex is tied to its k/2 nearest ring neighbours on each side. k must be
 * even (odd k: RIC_EINVAL). No draws are made.
 *
 * Ties: sum over groups of n*k/2 when n > k, else n*(n-1)/2 (a group no larger
 * than k is a clique). */
ric_status ric_gen_ring_lattice(ric_layer *L, const ric_gen_ctx *g, const uint32_t *verts,
                                const size_t *start, size_t ngroups, size_t k);

/* Small world (Watts-Strogatz) inside groups, on the ring of
 * ric_gen_ring_lattice: each vertex owns the lattice ties to its next
 * floor(k/2) ring neighbours (and to one more with probability frac(k/2), so
 * the mean degree is k). Each lattice tie is rewired with probability p,
 * keeping its owner: the new partner is a uniform vertex of the same group or,
 * with probability cross, a uniform vertex slot in [0, nv).
 *
 * Rule, in two passes:
 *  1. In parallel, every owner draws from its own stream (agent id, step,
 *     purpose) whether each of its ties is rewired and a proposed partner.
 *  2. Serially, in canonical order (groups in order, owners in ring order,
 *     ties by ring distance), a proposal is accepted when the partner is not
 *     the owner and the pair is not currently tied (ties present at that point:
 *     the lattice minus the ties already rewired, plus those already made).
 *     Otherwise the partner is redrawn (same group or any group, as first
 *     decided) from the owner's stream read from block 2^62 on, up to 32
 *     times; if all collide the lattice tie is kept.
 * Every accepted rewire removes one present tie and adds one absent tie, so
 * the tie count is exactly the lattice's: for even k the formula of
 * ric_gen_ring_lattice; for fractional k it depends on the extra-neighbour
 * draws (lattice ties owned twice in small groups are counted once).
 *
 * k >= 0 and p, cross in [0, 1], else RIC_EINVAL. */
ric_status ric_gen_small_world(ric_layer *L, const ric_gen_ctx *g, const uint32_t *verts,
                               const size_t *start, size_t ngroups, double k, double p,
                               double cross);

/* Erdos-Renyi G(n, m) over the nv vertex slots: exactly m = round(nv * k / 2)
 * distinct ties, uniform among all such graphs. Drawn serially from the fixed
 * key; a pair that is a self-loop or already drawn is redrawn. When m exceeds
 * half of all pairs the complement is drawn instead (so the expected number of
 * draws stays below 2 per tie). m > nv*(nv-1)/2 or k < 0: RIC_EINVAL. */
ric_status ric_gen_erdos_renyi(ric_layer *L, const ric_gen_ctx *g, double k);

/* Barabasi-Albert preferential attachment over the nv vertex slots, vertices
 * arriving in slot order. Slots 0 .. m0-1 start as a clique; then each slot
 * s >= m0 ties to m distinct earlier slots, each picked with probability
 * proportional to its degree (uniform pick from the list in which every vertex
 * appears once per tie end; picks already made for s are redrawn; s and its
 * picks enter the list after all m picks). Serial, from the fixed key.
 *
 * m0 = 0 means m0 = m + 1. Requires m >= 1, m0 >= m, m0 >= 2 and nv >= m0, else
 * RIC_EINVAL. Ties: exactly m0*(m0-1)/2 + m*(nv - m0); with the default m0 that
 * is m*(m+1)/2 + m*(nv - m - 1). */
ric_status ric_gen_barabasi_albert(ric_layer *L, const ric_gen_ctx *g, size_t m0, size_t m);

/* Imports ties from a text file of lines "ID_A ID_B" (agent ids, decimal,
 * separated by spaces or tabs); '#' starts a comment, blank lines are skipped.
 * ids[0 .. nv) gives the agent id of each slot, strictly ascending (else
 * RIC_EINVAL); ids are mapped to slots by binary search. An unknown id, a
 * self-loop or a malformed line fails with RIC_ECONFIG and "path:line: ..." in
 * err; a file that cannot be opened gives RIC_ENOENT or RIC_EIO. A tie listed
 * more than once (in either direction) is kept once, silently. Ties are
 * recorded as created at step 0. On failure the layer is left unchanged. */
ric_status ric_gen_edge_list(ric_layer *L, const char *path, const uint64_t *ids, size_t nv,
                             ric_error *err);

#endif
