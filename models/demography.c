/* Demography (docs/model.md 7.12): firms' revenue and resources, exit when
 * resources run out, and entry of spin-offs.
 *
 * Decisions are made in parallel from each agent's own stream; new agents are
 * appended in parent slot order and removals are applied by one compaction
 * that also drops every tie of an exited firm, so the result does not depend
 * on the thread count. */
#include "ric_model.h"

#include "ric_rng.h"

#include <gsl/gsl_randist.h>
#include <stdlib.h>
#include <string.h>

/* Intermediaries per 100 firms in each region (support-service density). */
static void ric_i_support(const ric_agents *a, size_t R, double *support)
{
    double firms[64] = {0}, inter[64] = {0};
    for (size_t s = 0; s < a->n; s++) {
        if (!a->alive[s])
            continue;
        firms[a->group[s]] += a->kind[s] == RIC_KIND_FIRM;
        inter[a->group[s]] += a->kind[s] == RIC_KIND_INTERMEDIARY;
    }
    for (size_t r = 0; r < R; r++)
        support[r] = firms[r] > 0 ? 100.0 * inter[r] / firms[r] : 0.0;
}

/* A spin-off in slot c of parent slot q: a start-up in the parent's region
 * with part of the parent's capability. */
static void ric_i_newborn(const ric_model *m, ric_world *w, size_t c, size_t q)
{
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    ric_rng_stream rs;
    ric_rng_stream_init(&rs);
    ric_rng_seek(&rs.rng, w->seed, w->replication, a->id[c], w->step, RIC_PURPOSE_NEWBORN);
    a->kind[c] = RIC_KIND_FIRM;
    a->group[c] = a->group[q];
    a->alive[c] = 1;
    const int32_t psector = ric_agents_i32(a, m->col_sector)[q];
    ric_agents_i32(a, m->col_size)[c] = RIC_SIZE_STARTUP;
    ric_agents_i32(a, m->col_sector)[c] =
        psector >= 0 ? psector
                     : (gsl_rng_uniform(&rs.rng) < p->service_share ? RIC_SECTOR_SERVICE
                                                                    : RIC_SECTOR_MANUFACTURING);
    double *k = ric_agents_row(a, c), sum = 0.0;
    const double *kp = ric_agents_row(a, q);
    for (size_t d = 0; d < a->dims; d++) {
        k[d] = p->inherit * kp[d];
        sum += k[d];
    }
    double absorb = p->sme_absorptive * exp(p->capability_sd * gsl_ran_ugaussian(&rs.rng));
    absorb = absorb < 1.0 ? absorb : 1.0;
    double rd = p->sme_rd * exp(p->capability_sd * gsl_ran_ugaussian(&rs.rng)) *
                (ric_agents_i32(a, m->col_sector)[c] == RIC_SECTOR_SERVICE ? p->service_rd : 1.0);
    ric_agents_f64(a, m->col_absorb)[c] = absorb;
    ric_agents_f64(a, m->col_rd)[c] = rd < 1.0 ? rd : 1.0;
    ric_agents_f64(a, m->col_rd_own)[c] = rd < 1.0 ? rd : 1.0;
    ric_agents_i32(a, m->col_extra_capacity)[c] = 0;
    ric_agents_i32(a, m->col_differentiated)[c] = 0;
    ric_agents_i32(a, m->col_stage)[c] = ric_stage_of(p, sum / (double)a->dims, absorb);
    ric_agents_i32(a, m->col_last_innovation)[c] = RIC_NEVER;
    ric_agents_f64(a, m->col_revenue)[c] = p->sme_revenue;
    ric_agents_f64(a, m->col_scale)[c] = p->sme_revenue;
    ric_agents_f64(a, m->col_resources)[c] = p->initial_reserve * p->sme_revenue;
    ric_agents_f64(a, m->col_parent)[c] = (double)a->id[q];
    ric_agents_f64(a, m->col_margin)[c] = p->margin;
    ric_agents_i32(a, m->col_subtype)[c] = -1;
    ric_agents_i32(a, m->col_innov_type)[c] = -1;
    ric_agents_i32(a, m->col_lead)[c] = 0;
    ric_agents_f64(a, m->col_group)[c] = -1.0;
    ric_agents_i32(a, m->col_born)[c] = (int32_t)w->step;
}

ric_status ric_phase_demography(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const size_t n = a->n, R = (size_t)p->regions;
    double support[64];
    ric_i_support(a, R, support);
    uint8_t *spawn = malloc(n ? n : 1);
    if (!spawn)
        return ric_error_set(err, RIC_ENOMEM, "demography: no memory");
    double *revenue = ric_agents_f64(a, m->col_revenue);
    double *resources = ric_agents_f64(a, m->col_resources);
    /* Firms pay their own R&D; subsidised R&D (col_rd - col_rd_own) is paid
     * by the intervention. */
    const double *scale = ric_agents_f64(a, m->col_scale), *rd = ric_agents_f64(a, m->col_rd_own);
    double *margin = ric_agents_f64(a, m->col_margin);
    const int32_t *last = ric_agents_i32(a, m->col_last_innovation);
    size_t exits = 0;
#pragma omp parallel for schedule(static) reduction(+ : exits)
    for (size_t i = 0; i < n; i++) {
        spawn[i] = 0;
        if (!a->alive[i])
            continue;
        const int kind = a->kind[i];
        double chance = 0.0;
        if (kind == RIC_KIND_FIRM) {
            revenue[i] *= 1.0 - p->erosion;
            /* Competitors imitate cost savings: margins return to the norm
             * at the erosion rate. */
            margin[i] += p->erosion * (p->margin - margin[i]);
            resources[i] += revenue[i] * (margin[i] - rd[i]) - p->overhead * scale[i];
            if (resources[i] < 0.0) {
                a->alive[i] = 0; /* exit (seed s.4): removed with its ties below */
                exits++;
                continue;
            }
            if (last[i] != RIC_NEVER && w->step - (int64_t)last[i] < p->innovation_window)
                chance = p->spinoff_firm;
        } else if (kind == RIC_KIND_UNIVERSITY || kind == RIC_KIND_INSTITUTE) {
            chance = p->spinoff_producer;
        }
        chance *= 1.0 + p->support_effect * support[a->group[i]];
        if (chance > 0.0 && ric_rng_u01(w->seed, w->replication, a->id[i], w->step,
                                        RIC_PURPOSE_SPINOFF, 0) < chance)
            spawn[i] = 1;
    }
    size_t entries = 0;
    const int32_t *size = ric_agents_i32(a, m->col_size), *born = ric_agents_i32(a, m->col_born);
    ric_status st = RIC_OK;
    for (size_t i = 0; i < n; i++) {
        entries += spawn[i];
        if (a->kind[i] == RIC_KIND_FIRM && !a->alive[i] && st == RIC_OK) {
            const int64_t row[RIC_EV_COLS] = {w->step + 1, (int64_t)a->id[i], a->group[i], size[i],
                                              w->step - born[i]};
            st = ric_events_push(&m->events, RIC_EV_EXIT, row);
        }
    }
    size_t first = n;
    if (st == RIC_OK)
        st = ric_agents_add(a, entries, &first);
    uint64_t *keys = malloc((entries ? entries : 1) * sizeof *keys);
    uint32_t *parent = malloc((entries ? entries : 1) * sizeof *parent);
    if (st == RIC_OK && (!keys || !parent))
        st = RIC_ENOMEM;
    if (st == RIC_OK) {
        size_t c = 0;
        for (size_t i = 0; i < n; i++)
            if (spawn[i])
                parent[c++] = (uint32_t)i;
#pragma omp parallel for schedule(static)
        for (size_t j = 0; j < entries; j++) {
            ric_i_newborn(m, w, first + j, parent[j]);
            keys[j] = ric_tie_key(parent[j], (uint32_t)(first + j));
        }
        const ric_layer_params *lp = &p->layer[RIC_INFORMAL];
        st = ric_layer_insert(&w->layers[RIC_INFORMAL], keys, entries, (int32_t)w->step,
                              lp->strength, lp->trust, NULL);
        const int32_t *sector = ric_agents_i32(a, m->col_sector);
        for (size_t j = 0; j < entries && st == RIC_OK; j++) {
            const int64_t row[RIC_EV_COLS] = {w->step + 1, (int64_t)a->id[first + j],
                                              (int64_t)a->id[parent[j]], a->group[first + j],
                                              sector[first + j]};
            st = ric_events_push(&m->events, RIC_EV_ENTRY, row);
        }
    }
    if (st == RIC_OK && exits > 0)
        st = ric_world_compact(w);
    free(spawn);
    free(keys);
    free(parent);
    if (st != RIC_OK)
        return ric_error_set(err, st, "demography: %s", ric_status_message(st));
    m->entries_total += (int64_t)entries;
    m->exits_total += (int64_t)exits;
    return RIC_OK;
}
