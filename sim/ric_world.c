#include "ric_world.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

ric_status ric_world_init(ric_world *w, size_t dims, size_t nlayers, uint64_t seed,
                          uint64_t replication)
{
    memset(w, 0, sizeof *w);
    if (nlayers == 0 || nlayers > RIC_MAX_LAYERS)
        return RIC_EINVAL;
    RIC_CHECK(ric_agents_init(&w->agents, dims));
    for (size_t l = 0; l < nlayers; l++)
        ric_layer_init(&w->layers[l]);
    w->nlayers = nlayers;
    w->seed = seed;
    w->replication = replication;
    return RIC_OK;
}

void ric_world_destroy(ric_world *w)
{
    if (!w)
        return;
    ric_agents_destroy(&w->agents);
    for (size_t l = 0; l < w->nlayers; l++)
        ric_layer_destroy(&w->layers[l]);
    memset(w, 0, sizeof *w);
}

ric_status ric_world_add_phase(ric_world *w, const char *name, ric_phase_fn fn, void *model)
{
    if (w->nphases == RIC_MAX_PHASES)
        return RIC_EINVAL;
    w->phases[w->nphases++] = (ric_phase){name, fn, model, 0.0};
    return RIC_OK;
}

ric_status ric_world_step(ric_world *w, ric_error *err)
{
    for (size_t p = 0; p < w->nphases; p++) {
        ric_phase *ph = &w->phases[p];
        double t0 = omp_get_wtime();
        ric_status st = ph->fn(w, ph->model, err);
        ph->seconds += omp_get_wtime() - t0;
        if (st != RIC_OK)
            return ric_error_context(err, st, "step %lld, phase %s", (long long)w->step, ph->name);
    }
    w->step++;
    return RIC_OK;
}

ric_status ric_world_compact(ric_world *w)
{
    size_t n = w->agents.n;
    size_t *map = malloc((n ? n : 1) * sizeof *map);
    if (!map)
        return RIC_ENOMEM;
    ric_agents_compact(&w->agents, map);
    for (size_t l = 0; l < w->nlayers; l++)
        ric_layer_remap(&w->layers[l], map);
    free(map);
    return RIC_OK;
}

ric_status ric_world_refresh_csr(ric_world *w)
{
    for (size_t l = 0; l < w->nlayers; l++) {
        ric_layer *L = &w->layers[l];
        if (!L->csr_valid || L->nv != w->agents.n)
            RIC_CHECK(ric_layer_build_csr(L, w->agents.n));
    }
    return RIC_OK;
}
