/* Tie dynamics (docs/model.md, "Ties"): interaction, trust and strength,
 * decay and removal, formal project duration and renewal.
 *
 * Each tie's update reads only that tie and draws from streams keyed by its
 * endpoints' agent ids, so ties are updated in parallel in any order with the
 * same result; removals are then applied in canonical order. */
#include "ric_model.h"

#include "ric_par.h"

#include "ric_rng.h"

#include <stdlib.h>

/* Streams of a tie are named by its lower-slot endpoint's id (the agent
 * field) and the other endpoint's id (the draw index): the same tie gets the
 * same numbers whatever its index in the list. */
static double ric_i_tie_u01(const ric_world *w, const ric_layer *L, size_t t, int64_t step,
                            uint64_t purpose)
{
    const uint64_t *id = w->agents.id;
    return ric_rng_u01(w->seed, w->replication, id[L->a[t]], step, purpose, id[L->b[t]]);
}

int64_t ric_project_duration(const ric_model *m, const ric_world *w, size_t t, int64_t start)
{
    const ric_layer *L = &w->layers[RIC_FORMAL];
    int64_t span = m->p.project_max - m->p.project_min + 1;
    int64_t d = (int64_t)(ric_i_tie_u01(w, L, t, start, RIC_PURPOSE_DURATION) * (double)span);
    return m->p.project_min + (d < span ? d : span - 1);
}

/* Share of an agent's informal ties it can keep up at the full meeting rate. */
static double ric_i_attention_share(const ric_params *p, int kind, uint64_t degree)
{
    double att = p->attention * (kind == RIC_KIND_FIRM ? 1.0 : p->host_attention);
    return (double)degree > att ? att / (double)degree : 1.0;
}

void ric_tie_interact(const ric_params *p, ric_layer *L, size_t t, int32_t step)
{
    L->tau[t] += p->trust_gain * (1.0 - L->tau[t]);
    L->w[t] += p->strength_gain * (1.0 - L->w[t]);
    L->last[t] = step;
}

ric_status ric_phase_ties(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    const ric_params *p = &m->p;
    const int32_t step = (int32_t)w->step;
    size_t cap = w->layers[RIC_FORMAL].n > w->layers[RIC_INFORMAL].n ? w->layers[RIC_FORMAL].n
                                                                     : w->layers[RIC_INFORMAL].n;
    uint8_t *keep = malloc(cap ? cap : 1);
    if (!keep)
        return ric_error_set(err, RIC_ENOMEM, "tie dynamics: no memory");

    /* Formal: a project interacts every step while it runs; at its end it is
     * renewed once with probability renewal x trust (a follow-up project of
     * its own duration), else the tie ends: no project is permanent. */
    ric_layer *F = &w->layers[RIC_FORMAL];
#pragma omp parallel for schedule(static) if (ric_par_light(F->n))
    for (size_t t = 0; t < F->n; t++) {
        keep[t] = 1;
        /* The duration draw is only needed once the shortest project could end. */
        const int64_t age = step - F->created[t];
        if (age >= p->project_min) {
            const int64_t d1 = ric_project_duration(m, w, t, F->created[t]);
            if (age == d1)
                keep[t] =
                    ric_i_tie_u01(w, F, t, step, RIC_PURPOSE_RENEWAL) < p->renewal * F->tau[t];
            else if (age > d1)
                keep[t] = age < d1 + ric_project_duration(m, w, t, F->created[t] + d1);
        }
        if (keep[t])
            ric_tie_interact(p, F, t, step);
    }
    m->formal_ended = 0;
    m->formal_lifetime = 0.0;
    for (size_t t = 0; t < F->n; t++)
        if (!keep[t]) {
            m->formal_ended++;
            m->formal_lifetime += (double)(step - F->created[t]);
        }
    ric_layer_filter(F, keep);

    /* People exchange: a running project that moves people between its
     * partners leaves an informal tie behind (drawn per tie, kept in tie
     * order, inserted after the informal update below). */
    uint64_t *people = malloc((F->n ? F->n : 1) * sizeof *people);
    if (!people) {
        free(keep);
        return ric_error_set(err, RIC_ENOMEM, "tie dynamics: no memory");
    }
    size_t npeople = 0;
    if (p->people_exchange > 0.0)
        for (size_t t = 0; t < F->n; t++)
            if (ric_i_tie_u01(w, F, t, step, RIC_PURPOSE_PEOPLE) < p->people_exchange)
                people[npeople++] = ric_tie_key(F->a[t], F->b[t]);

    /* Informal: used with probability meeting_rate, less for agents with more
     * ties than their attention covers (time for meetings is limited; hosts
     * of events, i.e. producers and intermediaries, have staff for it);
     * unused ties weaken and vanish below the threshold. */
    ric_layer *I = &w->layers[RIC_INFORMAL];
    uint32_t *deg = malloc((w->agents.n ? w->agents.n : 1) * sizeof *deg);
    ric_status st = deg ? ric_layer_degrees(I, w->agents.n, deg) : RIC_ENOMEM;
    if (st != RIC_OK) {
        free(deg);
        free(keep);
        free(people);
        return ric_error_set(err, st, "tie dynamics: %s", ric_status_message(st));
    }
    const int32_t *kind = w->agents.kind;
#pragma omp parallel for schedule(static) if (ric_par_light(I->n))
    for (size_t t = 0; t < I->n; t++) {
        const uint32_t u = I->a[t], v = I->b[t];
        double fu = ric_i_attention_share(p, kind[u], deg[u]);
        double fv = ric_i_attention_share(p, kind[v], deg[v]);
        double use = p->meeting_rate * (fu < fv ? fu : fv);
        if (ric_i_tie_u01(w, I, t, step, RIC_PURPOSE_MEETING) < use)
            ric_tie_interact(p, I, t, step);
        else
            I->w[t] *= 1.0 - p->strength_decay;
        keep[t] = I->w[t] >= p->tie_threshold;
    }
    ric_layer_filter(I, keep);
    free(keep);
    free(deg);
    const ric_layer_params *lp = &p->layer[RIC_INFORMAL];
    st = ric_layer_insert(I, people, npeople, step, lp->strength, lp->trust, NULL);
    free(people);
    if (st != RIC_OK)
        return ric_error_set(err, st, "tie dynamics: %s", ric_status_message(st));
    return RIC_OK;
}
