/* The world: one simulation's whole state and its phase schedule. No globals:
 * two worlds in one process are independent (each thread or rank may own one).
 *
 * A step runs the registered phases in registration order. Each phase may be
 * OpenMP-parallel inside; phases that read neighbours read the state as of the
 * previous phase and write only the acting agent's own next state, so results
 * do not depend on the thread count. */
#ifndef RIC_WORLD_H
#define RIC_WORLD_H

#include "ric_agents.h"
#include "ric_error.h"
#include "ric_ties.h"

#include <stdint.h>

#define RIC_MAX_LAYERS 4
#define RIC_MAX_PHASES 32

typedef struct ric_world ric_world;

/* A phase of the step; model is the pointer given to ric_world_add_phase. */
typedef ric_status (*ric_phase_fn)(ric_world *w, void *model, ric_error *err);

typedef struct ric_phase {
    const char *name;
    ric_phase_fn fn;
    void *model;
    double seconds; /* accumulated wall time, for benchmarks */
} ric_phase;

struct ric_world {
    ric_agents agents;
    ric_layer layers[RIC_MAX_LAYERS];
    size_t nlayers;
    uint64_t seed, replication;
    int64_t step; /* the step the next ric_world_step computes */
    ric_phase phases[RIC_MAX_PHASES];
    size_t nphases;
};

ric_status ric_world_init(ric_world *w, size_t dims, size_t nlayers, uint64_t seed,
                          uint64_t replication);
void ric_world_destroy(ric_world *w);

ric_status ric_world_add_phase(ric_world *w, const char *name, ric_phase_fn fn, void *model);

/* Runs every phase once, in order, then advances the clock. On error the
 * message names the phase and step. */
ric_status ric_world_step(ric_world *w, ric_error *err);

/* Removes dead agents and every tie touching them, keeping order. */
ric_status ric_world_compact(ric_world *w);

/* Rebuilds the adjacency of every layer whose topology changed. */
ric_status ric_world_refresh_csr(ric_world *w);

#endif
