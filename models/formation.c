/* Tie formation (docs/model.md, "Tie formation"): informal meetings inside a
 * region, triadic closure through informal partners, and formal partner search
 * for complementary knowledge at moderate cognitive distance within capacity.
 *
 * Every agent decides in parallel from its own stream and writes its proposals
 * into its own slots; the proposals are then merged into the layers in
 * canonical order (sorted pairs, duplicates and existing ties dropped), so the
 * result does not depend on thread timing. Capacities are checked against the
 * degrees at the start of the phase: two searches in one step may both pick
 * the same partner, which can then exceed its capacity by the few ties of
 * that step. */
#include "ric_model.h"

#include "ric_par.h"

#include <math.h>
#include <stdlib.h>

enum { RIC_I_PROPOSALS = 3 }; /* meeting, closure, formal search */
#define RIC_I_NONE UINT64_MAX

int64_t ric_formal_capacity(const ric_params *p, int kind)
{
    return kind == RIC_KIND_FIRM           ? p->capacity_firm
           : kind == RIC_KIND_INTERMEDIARY ? p->capacity_intermediary
                                           : p->capacity_producer;
}

int64_t ric_formal_capacity_of(const ric_model *m, const ric_agents *a, size_t i)
{
    const ric_params *p = &m->p;
    const int64_t cap = ric_formal_capacity(p, a->kind[i]);
    if (a->kind[i] != RIC_KIND_FIRM)
        return cap;
    /* A firm pays its projects from its R&D budget (formal ties cost money,
     * so firms with little R&D have few or none: seed s.5). */
    const double afford =
        p->project_cost > 0.0
            ? floor(p->project_share * ric_agents_f64(a, m->col_rd_spend)[i] / p->project_cost)
            : (double)cap;
    return afford < (double)cap ? (int64_t)afford : cap;
}

double ric_informal_capacity(const ric_params *p, int kind)
{
    return p->max_informal * (kind == RIC_KIND_FIRM ? 1.0 : p->host_attention);
}

/* Candidate lists: everyone, and the hosts of events (producers and
 * intermediaries), by region. */
typedef struct ric_i_regions {
    ric_region_index all, hosts;
} ric_i_regions;

static uint32_t ric_i_random_neighbour(const ric_layer *L, uint32_t i, gsl_rng *r)
{
    uint64_t deg = L->row[i + 1] - L->row[i];
    return L->nbr[L->row[i] + gsl_rng_uniform_int(r, deg)];
}

/* Time for acquaintances is limited: no new informal tie beyond the
 * agent's capacity (no super-hubs). */
static int ric_i_has_room(const ric_params *p, const ric_agents *a, const ric_layer *I, size_t i)
{
    return (double)(I->row[i + 1] - I->row[i]) < ric_informal_capacity(p, a->kind[i]);
}

static void ric_i_propose(const ric_model *m, const ric_world *w, const ric_i_regions *rg,
                          const double *ksum, size_t i, uint64_t *out)
{
    const ric_params *p = &m->p;
    const ric_agents *a = &w->agents;
    const ric_layer *F = &w->layers[RIC_FORMAL], *I = &w->layers[RIC_INFORMAL];
    out[0] = out[1] = out[2] = RIC_I_NONE;
    if (!a->alive[i])
        return;
    ric_rng_stream rs;
    ric_rng_stream_init(&rs);
    ric_rng_seek(&rs.rng, w->seed, w->replication, a->id[i], w->step, RIC_PURPOSE_FORMATION);
    gsl_rng *r = &rs.rng;
    const size_t *start = rg->all.start;
    const uint32_t *by_region = rg->all.slots;
    const size_t r0 = start[a->group[i]], nreg = start[a->group[i] + 1] - r0;
    const size_t nall = start[m->p.regions];

    /* A meeting with someone of the own region (fairs, associations); a share
     * of meetings happen at events hosted by a producer or an intermediary,
     * which meets the participants (the hosts become hubs). */
    /* Contacts are more frequent in larger regions (agglomeration: contacts
     * per person scale with city size, Schlapfer et al. 2014). */
    const double rel = (double)nreg * (double)m->p.regions / (double)nall;
    if (gsl_rng_uniform(r) < p->meet_new * pow(rel, p->agglomeration) && nreg > 1) {
        const size_t h0 = rg->hosts.start[a->group[i]];
        const size_t nh = rg->hosts.start[a->group[i] + 1] - h0;
        uint32_t j = gsl_rng_uniform(r) < p->hosted_share && nh > 0
                         ? rg->hosts.slots[h0 + gsl_rng_uniform_int(r, nh)]
                         : by_region[r0 + gsl_rng_uniform_int(r, nreg)];
        if (j != i && ric_i_has_room(p, a, I, i) && ric_i_has_room(p, a, I, j))
            out[0] = ric_tie_key((uint32_t)i, j);
    }

    /* Triadic closure: a partner introduces one of its partners. */
    if (gsl_rng_uniform(r) < p->closure && I->row[i + 1] > I->row[i]) {
        uint32_t j = ric_i_random_neighbour(I, (uint32_t)i, r);
        if (I->row[j + 1] > I->row[j]) {
            uint32_t q = ric_i_random_neighbour(I, j, r);
            if (ric_i_has_room(p, a, I, i) && ric_i_has_room(p, a, I, q))
                out[1] = ric_tie_key((uint32_t)i, q);
        }
    }

    /* Formal partner search by firms that can afford one more project;
     * the most complementary candidate (highest g(d)) with spare capacity is
     * taken if complementary enough. */
    const int32_t kind = a->kind[i];
    if (kind != RIC_KIND_FIRM ||
        (int64_t)(F->row[i + 1] - F->row[i]) >= ric_formal_capacity_of(m, a, i) ||
        gsl_rng_uniform(r) >= p->search_rate)
        return;
    const double *ki = ric_agents_row(a, i);
    double best = -1.0;
    uint32_t pick = 0;
    for (int64_t c = 0; c < p->search_candidates; c++) {
        uint32_t j = gsl_rng_uniform(r) < p->search_cross_region
                         ? by_region[gsl_rng_uniform_int(r, nall)]
                         : by_region[r0 + gsl_rng_uniform_int(r, nreg)];
        if (j == i || (int64_t)(F->row[j + 1] - F->row[j]) >= ric_formal_capacity_of(m, a, j))
            continue;
        double d = ric_cognitive_distance(ki, ric_agents_row(a, j), a->dims, ksum[i], ksum[j]);
        double g = ric_learning_curve(d, p->optimal_distance);
        if (g > best) {
            best = g;
            pick = j;
        }
    }
    if (best >= p->min_complementarity)
        out[2] = ric_tie_key((uint32_t)i, pick);
}

ric_status ric_phase_formation(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    ric_agents *a = &w->agents;
    const size_t n = a->n;
    RIC_CHECK(ric_world_refresh_csr(w));
    ric_i_regions rg;
    ric_region_index_init(&rg.all);
    ric_region_index_init(&rg.hosts);
    uint64_t *prop = malloc((n ? n : 1) * RIC_I_PROPOSALS * sizeof *prop);
    double *ksum = malloc((n ? n : 1) * sizeof *ksum);
    const size_t R = (size_t)m->p.regions;
    ric_status st =
        prop && ksum ? ric_region_index_build(&rg.all, a, R, RIC_KINDS_ALL) : RIC_ENOMEM;
    if (st == RIC_OK)
        st = ric_region_index_build(&rg.hosts, a, R, RIC_KINDS_HOSTS);
    if (st == RIC_OK) {
        ric_agents_row_sums(a, ksum);
#pragma omp parallel for schedule(dynamic, 256) if (ric_par_heavy(n))
        for (size_t i = 0; i < n; i++)
            ric_i_propose(m, w, &rg, ksum, i, prop + i * RIC_I_PROPOSALS);
        /* Formal proposals first (into ksum's storage, no longer needed),
         * then the informal ones compacted in place; both in slot order. */
        uint64_t *formal = (uint64_t *)ksum;
        size_t ni = 0, nf = 0;
        for (size_t i = 0; i < n; i++)
            if (prop[i * RIC_I_PROPOSALS + 2] != RIC_I_NONE)
                formal[nf++] = prop[i * RIC_I_PROPOSALS + 2];
        for (size_t q = 0; q < n * RIC_I_PROPOSALS; q++)
            if (q % RIC_I_PROPOSALS != 2 && prop[q] != RIC_I_NONE)
                prop[ni++] = prop[q];
        const int32_t step = (int32_t)w->step;
        const ric_layer_params *lp = m->p.layer;
        st = ric_layer_insert(&w->layers[RIC_INFORMAL], prop, ni, step, lp[RIC_INFORMAL].strength,
                              lp[RIC_INFORMAL].trust, NULL);
        if (st == RIC_OK)
            st = ric_layer_insert(&w->layers[RIC_FORMAL], formal, nf, step, lp[RIC_FORMAL].strength,
                                  lp[RIC_FORMAL].trust, NULL);
    }
    free(prop);
    free(ksum);
    ric_region_index_destroy(&rg.all);
    ric_region_index_destroy(&rg.hosts);
    if (st != RIC_OK)
        return ric_error_set(err, st, "tie formation: %s", ric_status_message(st));
    return RIC_OK;
}
