/* Summary statistics of one tie layer, computed with igraph (and GSL for the
 * skewness). For observation and experiments, not for the hot loop: each call
 * builds an igraph graph from the canonical tie list.
 *
 * igraph is built without thread safety (IGRAPH_THREAD_SAFE 0 in Debian's
 * 0.10), so call this from one thread at a time. */
#ifndef RIC_NETMETRICS_H
#define RIC_NETMETRICS_H

#include "ric_error.h"
#include "ric_ties.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ric_netstats {
    double density;              /* ties / (n choose 2) over alive vertices */
    double mean_degree;          /* 2 ties / alive vertices */
    double clustering;           /* global transitivity: 3 triangles / connected triples */
    double avg_local_clustering; /* mean local clustering, vertices of degree < 2 count 0 */
    double giant_share;          /* vertices in the largest component / alive vertices */
    double degree_skewness;      /* sample skewness of the degrees (0 if all equal) */
    int64_t max_degree;
} ric_netstats;

/* Statistics of layer L over vertex slots [0, nv), restricted to the alive
 * ones (alive[i] != 0; alive may be NULL for all alive): dead vertices and any
 * tie touching one are left out. With no ties (or fewer than two alive
 * vertices) the ratios are 0. Ties must have endpoints below nv (else
 * RIC_EINVAL); an igraph failure gives RIC_EIGRAPH. Never draws random
 * numbers. */
ric_status ric_netstats_compute(const ric_layer *L, size_t nv, const uint8_t *alive,
                                ric_netstats *out, ric_error *err);

#endif
