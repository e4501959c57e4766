/* Brokerage (docs/model.md 7.13): intermediaries serve client firms of their
 * region up to a capacity per step, and the national KISTI hub feeds the
 * regional KISTI teams' information stock.
 *
 * Requests are drawn in parallel from each firm's stream; each intermediary
 * then serves its requests in the order of a priority drawn with the request
 * (ties broken by the client's id), the first `capacity` of them, and the
 * services are applied in intermediary slot order. Nothing depends on thread
 * timing: the service loop itself is sequential (a few hundred services per
 * step). */
#include "ric_model.h"

#include "ric_par.h"

#include "ric_rng.h"

#include <stdlib.h>

#define RIC_I_NONE UINT32_MAX

typedef struct ric_i_request {
    double priority;
    uint64_t client_id;
    uint32_t client;
} ric_i_request;

static int ric_i_request_cmp(const void *x, const void *y)
{
    const ric_i_request *a = x, *b = y;
    if (a->priority != b->priority)
        return a->priority < b->priority ? -1 : 1;
    return (a->client_id > b->client_id) - (a->client_id < b->client_id);
}

void ric_lead_users_count(const ric_model *m, const ric_world *w, int64_t *lead_count)
{
    const ric_agents *a = &w->agents;
    const int32_t *lead = ric_agents_i32(a, m->col_lead);
    for (int64_t r = 0; r < m->p.regions; r++)
        lead_count[r] = 0;
    for (size_t s = 0; s < a->n; s++)
        if (a->alive[s] && a->kind[s] == RIC_KIND_FIRM && lead[s])
            lead_count[a->group[s]]++;
}

double ric_service_quality(const ric_model *m, const ric_world *w, size_t j,
                           const int64_t *lead_count)
{
    /* Lead users shape the services of their region's intermediaries (seed
     * s.5): each one raises quality by quality_feedback, up to 1. */
    double q = m->p.service_quality *
               (1.0 + m->p.quality_feedback * (double)lead_count[w->agents.group[j]]);
    return q < 1.0 ? q : 1.0;
}

/* Cooperation: the intermediary compares match_candidates knowledge producers
 * (its region's, or anyone's if the region has none) and links the client to
 * the most complementary one with spare formal capacity. Returns the
 * producer's slot or RIC_I_NONE. */
static uint32_t ric_i_match(const ric_model *m, const ric_world *w, const ric_region_index *prod,
                            size_t j, size_t c, const uint32_t *formal_deg, gsl_rng *r)
{
    const ric_params *p = &m->p;
    const ric_agents *a = &w->agents;
    size_t r0 = prod->start[a->group[j]], nreg = prod->start[a->group[j] + 1] - r0;
    if (nreg == 0)
        r0 = 0, nreg = prod->start[prod->nregions];
    if (nreg == 0 || (int64_t)formal_deg[c] >= ric_formal_capacity_of(m, a, c))
        return RIC_I_NONE;
    const double *kc = ric_agents_row(a, c);
    double sc = 0.0;
    for (size_t d = 0; d < a->dims; d++)
        sc += kc[d];
    double best = -1.0;
    uint32_t pick = RIC_I_NONE;
    for (int64_t t = 0; t < p->match_candidates; t++) {
        uint32_t q = prod->slots[r0 + gsl_rng_uniform_int(r, nreg)];
        if ((int64_t)formal_deg[q] >= ric_formal_capacity(p, a->kind[q]) ||
            ric_layer_find(&w->layers[RIC_FORMAL], (uint32_t)c, q) != RIC_NO_TIE)
            continue;
        const double *kq = ric_agents_row(a, q);
        double sq = 0.0;
        for (size_t d = 0; d < a->dims; d++)
            sq += kq[d];
        double g = ric_learning_curve(ric_cognitive_distance(kc, kq, a->dims, sc, sq),
                                      p->optimal_distance);
        if (g > best)
            best = g, pick = q;
    }
    return best >= p->min_complementarity ? pick : RIC_I_NONE;
}

/* Function weights of a service of j to c: the subtype's profile, or the
 * profile of c's stage where an intervention differentiates j's services. */
static const double *ric_i_profile(const ric_model *m, const ric_agents *a, size_t j, size_t c)
{
    if (ric_agents_i32(a, m->col_differentiated)[j])
        return m->p.stage_profile[ric_agents_i32(a, m->col_stage)[c] - 1];
    return m->p.profile[ric_agents_i32(a, m->col_subtype)[j]];
}

/* One service of intermediary j (quality q) to client firm c. */
static void ric_i_serve(ric_model *m, ric_world *w, size_t j, size_t c, double q)
{
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const double *f = ric_i_profile(m, a, j, c);
    double *absorb = ric_agents_f64(a, m->col_absorb);
    /* Survey: codified information from the intermediary's stock, absorbed
     * at the client's absorptive capacity; no stage gate (codified
     * knowledge is what stage-1 firms learn, seed s.5). */
    const double *kj = ric_agents_row(a, j);
    double *kc = ric_agents_row(a, c);
    const double rate = q * f[RIC_FN_SURVEY] * p->information_rate * absorb[c];
    double learned = 0.0;
    for (size_t d = 0; d < a->dims; d++)
        if (kj[d] > kc[d]) {
            learned += rate * (kj[d] - kc[d]);
            kc[d] += rate * (kj[d] - kc[d]);
        }
    ric_agents_f64(a, m->col_inflow[2])[c] += learned;
    /* Training: absorptive capacity. */
    absorb[c] += q * f[RIC_FN_TRAINING] * p->training_gain * (1.0 - absorb[c]);
    /* Marketing: access to markets (competitiveness, hence market share). */
    ric_agents_f64(a, m->col_x)[c] += q * f[RIC_FN_MARKETING] * p->marketing_gain;
}

ric_status ric_phase_brokerage(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const size_t n = a->n, R = (size_t)p->regions, D = a->dims;
    const int32_t *sub = ric_agents_i32(a, m->col_subtype);
    m->requests = m->services = m->matches = 0;

    /* The hub feeds the KISTI teams' information stock. */
#pragma omp parallel for schedule(static) if (ric_par_light(n))
    for (size_t j = 0; j < n; j++) {
        if (!a->alive[j] || a->kind[j] != RIC_KIND_INTERMEDIARY || sub[j] != RIC_SUB_KISTI)
            continue;
        double *k = ric_agents_row(a, j);
        for (size_t d = 0; d < D; d++)
            if (m->hub[d] > k[d])
                k[d] += p->hub_feed * (m->hub[d] - k[d]);
    }
    if (p->demand <= 0.0) {
        for (size_t r = 0; r < R; r++)
            m->region_requests[r] = m->region_capacity[r] = 0.0;
        return RIC_OK;
    }

    ric_region_index inter, prod;
    ric_region_index_init(&inter);
    ric_region_index_init(&prod);
    uint32_t *target = malloc((n ? n : 1) * sizeof *target);
    double *prio = malloc((n ? n : 1) * sizeof *prio);
    uint32_t *formal_deg = malloc((n ? n : 1) * sizeof *formal_deg);
    size_t *bucket = NULL;
    ric_i_request *req = NULL;
    uint64_t *keys = NULL;
    ric_status st = target && prio && formal_deg
                        ? ric_layer_degrees(&w->layers[RIC_FORMAL], n, formal_deg)
                        : RIC_ENOMEM;
    if (st == RIC_OK)
        st = ric_region_index_build(&inter, a, R, RIC_KIND_BIT(RIC_KIND_INTERMEDIARY));
    if (st == RIC_OK)
        st = ric_region_index_build(&prod, a, R, RIC_KINDS_PRODUCERS);
    if (st != RIC_OK)
        goto done;

    /* Requests: a firm in need asks one intermediary of its region, drawn
     * uniformly, the more readily the better the region's services; need
     * is in [0, 2] (below), so demand x quality x need stays a chance. */
    int64_t lead_count[64];
    ric_lead_users_count(m, w, lead_count);
    const int32_t *last = ric_agents_i32(a, m->col_last_innovation);
    const double *absorb = ric_agents_f64(a, m->col_absorb);
    size_t nreq = 0;
#pragma omp parallel for schedule(static) reduction(+ : nreq) if (ric_par_light(n))
    for (size_t i = 0; i < n; i++) {
        target[i] = RIC_I_NONE;
        if (!a->alive[i] || a->kind[i] != RIC_KIND_FIRM)
            continue;
        const size_t r0 = inter.start[a->group[i]], nr = inter.start[a->group[i] + 1] - r0;
        if (nr == 0)
            continue;
        ric_rng_stream rs;
        ric_rng_stream_init(&rs);
        ric_rng_seek(&rs.rng, w->seed, w->replication, a->id[i], w->step, RIC_PURPOSE_REQUEST);
        const uint32_t j = inter.slots[r0 + gsl_rng_uniform_int(&rs.rng, nr)];
        /* Two needs add up: capability (what absorptive capacity cannot do
         * alone) and the market (a recent innovation to bring to market:
         * marketing, finance, IP; seed s.4's support services). */
        const double need =
            1.0 - absorb[i] +
            (last[i] != RIC_NEVER && w->step - last[i] < p->innovation_window ? 1.0 : 0.0);
        if (gsl_rng_uniform(&rs.rng) >= p->demand * need * ric_service_quality(m, w, j, lead_count))
            continue;
        target[i] = j;
        prio[i] = gsl_rng_uniform(&rs.rng);
        nreq++;
    }
    m->requests = (int64_t)nreq;

    /* Requests grouped by intermediary (counting sort on the slot). */
    bucket = calloc(n + 1, sizeof *bucket);
    req = malloc((nreq ? nreq : 1) * sizeof *req);
    keys = malloc((nreq ? nreq : 1) * sizeof *keys);
    if (!bucket || !req || !keys) {
        st = RIC_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (target[i] != RIC_I_NONE)
            bucket[target[i] + 1]++;
    for (size_t j = 0; j < n; j++)
        bucket[j + 1] += bucket[j];
    for (size_t i = 0; i < n; i++)
        if (target[i] != RIC_I_NONE)
            req[bucket[target[i]]++] = (ric_i_request){prio[i], a->id[i], (uint32_t)i};
    for (size_t j = n; j > 0; j--) /* restore the bucket starts */
        bucket[j] = bucket[j - 1];
    bucket[0] = 0;

    const int32_t *extra = ric_agents_i32(a, m->col_extra_capacity);
    for (size_t r = 0; r < R; r++)
        m->region_requests[r] = m->region_capacity[r] = 0.0;
    for (size_t j = 0; j < n; j++)
        if (a->alive[j] && a->kind[j] == RIC_KIND_INTERMEDIARY) {
            m->region_requests[a->group[j]] += (double)(bucket[j + 1] - bucket[j]);
            m->region_capacity[a->group[j]] += (double)(p->service_capacity + extra[j]);
        }
    size_t nkeys = 0;
    for (size_t j = 0; j < n; j++) {
        size_t b0 = bucket[j], nb = bucket[j + 1] - b0;
        if (nb == 0)
            continue;
        qsort(req + b0, nb, sizeof *req, ric_i_request_cmp);
        const size_t cap = (size_t)p->service_capacity + (size_t)extra[j];
        nb = nb < cap ? nb : cap;
        const double q = ric_service_quality(m, w, j, &lead_count[0]);
        ric_rng_stream rs;
        ric_rng_stream_init(&rs);
        ric_rng_seek(&rs.rng, w->seed, w->replication, a->id[j], w->step, RIC_PURPOSE_SERVICE);
        for (size_t t = 0; t < nb; t++) {
            const size_t c = req[b0 + t].client;
            ric_i_serve(m, w, j, c, q);
            m->services++;
            if (gsl_rng_uniform(&rs.rng) >= q * ric_i_profile(m, a, j, c)[RIC_FN_COOPERATION])
                continue;
            uint32_t pick = ric_i_match(m, w, &prod, j, c, formal_deg, &rs.rng);
            if (pick == RIC_I_NONE)
                continue;
            /* Degrees count this step's matches, so capacity holds exactly
             * (a firm asks one intermediary per step: no pair twice). */
            formal_deg[c]++;
            formal_deg[pick]++;
            keys[nkeys++] = ric_tie_key((uint32_t)c, pick);
            m->matches++;
        }
    }
    const ric_layer_params *lp = &p->layer[RIC_FORMAL];
    st = ric_layer_insert(&w->layers[RIC_FORMAL], keys, nkeys, (int32_t)w->step, lp->strength,
                          lp->trust, NULL);
    m->services_total += m->services;
    m->matches_total += m->matches;
done:
    ric_region_index_destroy(&inter);
    ric_region_index_destroy(&prod);
    free(target);
    free(prio);
    free(formal_deg);
    free(bucket);
    free(req);
    free(keys);
    if (st != RIC_OK)
        return ric_error_set(err, st, "brokerage: %s", ric_status_message(st));
    return RIC_OK;
}
