/* Tie store: undirected ties in layers (the model names them: formal,
 * informal), each tie with strength w, trust tau, creation step and last
 * interaction step.
 *
 * A layer keeps its ties as one canonical list sorted by endpoint pair
 * (a < b): the single source of truth, cheap to merge and to checkpoint. The
 * adjacency used by parallel pull kernels is derived from it in CSR form (each
 * tie appears in both endpoints' rows, pointing back at the tie), rebuilt only
 * when the topology changes. */
#ifndef RIC_TIES_H
#define RIC_TIES_H

#include "ric_error.h"

#include <stddef.h>
#include <stdint.h>

#define RIC_NO_TIE SIZE_MAX

typedef struct ric_layer {
    size_t n, cap;
    uint32_t *a, *b; /* endpoint slots, a < b, sorted by (a, b) */
    double *w;       /* strength in [0, 1] */
    double *tau;     /* trust in [0, 1] */
    int32_t *created, *last;
    /* Derived adjacency, valid after ric_layer_build_csr until the next change. */
    size_t nv;     /* vertices (agent slots) covered */
    uint64_t *row; /* nv + 1 offsets into nbr/tie */
    uint32_t *nbr; /* neighbour slot */
    uint32_t *tie; /* index of the tie in the canonical list */
    size_t csr_cap, row_cap;
    int csr_valid;
    uint64_t *cur; /* scratch of a CSR build on several threads */
    size_t cur_cap;
} ric_layer;

void ric_layer_init(ric_layer *L);
void ric_layer_destroy(ric_layer *L);

static inline uint64_t ric_tie_key(uint32_t u, uint32_t v)
{
    return u < v ? ((uint64_t)u << 32 | v) : ((uint64_t)v << 32 | u);
}

/* Sorts n keys ascending (LSD radix); tmp must hold n keys. */
ric_status ric_sort_u64(uint64_t *keys, uint64_t *tmp, size_t n);
/* The same, stable, carrying a payload: pay[i] moves with keys[i] (ptmp
 * holds n; pay may be NULL, then ptmp is not used). */
ric_status ric_sort_u64_with(uint64_t *keys, uint64_t *tmp, uint32_t *pay, uint32_t *ptmp,
                             size_t n);

/* Sorts keys ascending and drops repeats in place; *nout receives the count
 * of distinct keys. Allocates its own scratch. */
ric_status ric_sort_unique_u64(uint64_t *keys, size_t n, size_t *nout);

/* Replaces the layer's ties by the given pairs (keys from ric_tie_key; sorted
 * in place, duplicates and self-loops dropped). Attributes start at w = tau = 0,
 * created = last = step. */
ric_status ric_layer_set_edges(ric_layer *L, uint64_t *keys, size_t nkeys, int32_t step);

/* Index of tie {u, v}, or RIC_NO_TIE. */
size_t ric_layer_find(const ric_layer *L, uint32_t u, uint32_t v);

/* Builds the CSR adjacency over nv vertex slots. Row entries follow the
 * canonical tie order, so every traversal is deterministic. */
ric_status ric_layer_build_csr(ric_layer *L, size_t nv);

/* Frees the adjacency's memory if it is stale (the next ric_layer_build_csr
 * allocates it again): for a moment that needs the memory for something
 * else, such as a copy of the network for its statistics. */
void ric_layer_drop_stale_csr(ric_layer *L);

/* Degree of each of nv vertices into deg[nv]: read from the CSR when it is
 * valid for nv vertices, else counted from the tie list (cheaper than
 * building the CSR when only degrees are needed). RIC_EINTERNAL if a tie
 * names a vertex >= nv. */
ric_status ric_layer_degrees(const ric_layer *L, size_t nv, uint32_t *deg);

/* Applies an agent compaction (old slot -> new slot or SIZE_MAX): ties with a
 * removed endpoint are dropped, the rest renumbered; order is kept. */
void ric_layer_remap(ric_layer *L, const size_t *old_to_new);

/* Adds the pairs in keys (ric_tie_key; sorted and deduplicated in place)
 * that are not self-loops and not already ties, with strength w, trust tau,
 * created = last = step; the list stays in canonical order. *added (may be
 * NULL) receives how many were new. */
ric_status ric_layer_insert(ric_layer *L, uint64_t *keys, size_t nkeys, int32_t step, double w,
                            double tau, size_t *added);

/* Keeps the ties with keep[t] != 0, in order; returns how many were removed. */
size_t ric_layer_filter(ric_layer *L, const uint8_t *keep);

/* Density of the layer among nalive vertices: ties / (nalive choose 2). */
double ric_layer_density(const ric_layer *L, size_t nalive);

#endif
