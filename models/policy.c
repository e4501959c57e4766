/* Interventions (docs/model.md 7.15): the seed's policy options as data.
 *
 * Each step the policy phase resets the hooks the mechanisms read (R&D
 * intensity = own + subsidised, extra service capacity, stage-matched
 * services, lead-user quotas), then applies every active intervention
 * through the effect function of its type. An intervention's dose is its
 * spend per step; units = spend / price; strength scales the effect of one
 * unit. Targets are listed in slot order and random choices use the
 * intervention's own stream (keyed by its index and the step), so adding an
 * intervention does not shift any other random number of the model. */
#include "ric_model.h"

#include "ric_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int ric_policy_targets(const ric_model *m, const ric_agents *a, const ric_intervention *iv,
                       size_t i)
{
    if (!a->alive[i])
        return 0;
    const int32_t size = ric_agents_i32(a, m->col_size)[i];
    const int32_t sector = ric_agents_i32(a, m->col_sector)[i];
    const int32_t stage = ric_agents_i32(a, m->col_stage)[i];
#define RIC_I_IN(set, v) ((set) == -1 || ((v) >= 0 && ((set) >> (v)&1)))
    /* Size and sector filters only admit firms unless they are "all". */
    return RIC_I_IN(iv->regions, a->group[i]) && RIC_I_IN(iv->kinds, a->kind[i]) &&
           RIC_I_IN(iv->sizes, size) && RIC_I_IN(iv->sectors, sector) &&
           RIC_I_IN(iv->stages, stage);
#undef RIC_I_IN
}

/* What one type does with its targets and units this step. */
typedef struct ric_i_ctx {
    ric_model *m;
    ric_world *w;
    const ric_intervention *iv;
    size_t index;           /* the intervention's position in the scenario */
    const uint32_t *target; /* slots, in slot order */
    size_t n;
    double units;
    double used; /* units actually bought (spend = used x price) */
    gsl_rng *rng;
    ric_error *err;
} ric_i_ctx;

typedef ric_status (*ric_i_effect)(ric_i_ctx *c);

/* Whole events out of a fractional count: floor, plus one with the
 * remainder's chance. */
static size_t ric_i_events(ric_i_ctx *c, double u)
{
    const double f = floor(u);
    return (size_t)f + (gsl_rng_uniform(c->rng) < u - f);
}

/* Infrastructure (status quo: industrial complexes): capability in the
 * region's strategic domains, no ties. */
static ric_status ric_i_infrastructure(ric_i_ctx *c)
{
    const ric_params *p = &c->m->p;
    ric_agents *a = &c->w->agents;
    const size_t D = a->dims, S = (size_t)p->strategic_domains;
    double g = p->infrastructure_gain * c->iv->strength * c->units / (double)c->n;
    g = g < 1.0 ? g : 1.0;
    for (size_t q = 0; q < c->n; q++) {
        const size_t i = c->target[q], first = ((size_t)a->group[i] * S) % D;
        double *k = ric_agents_row(a, i);
        for (size_t s = 0; s < S; s++)
            k[(first + s) % D] += g * (p->k_max - k[(first + s) % D]);
    }
    return RIC_OK;
}

/* R&D subsidy: the spend (won) is paid to the targets evenly and goes into
 * R&D with additionality `strength` (1: every won subsidised is a won more
 * of R&D, no crowding out; Dimos and Pugh 2016); the firm pays only its own
 * R&D. */
static ric_status ric_i_rd_subsidy(ric_i_ctx *c)
{
    ric_agents *a = &c->w->agents;
    double *rd = ric_agents_f64(a, c->m->col_rd);
    const double *revenue = ric_agents_f64(a, c->m->col_revenue);
    const double each = c->units / (double)c->n;
    for (size_t q = 0; q < c->n; q++) {
        const size_t i = c->target[q];
        if (a->kind[i] != RIC_KIND_FIRM || revenue[i] <= 0.0)
            continue;
        double v = rd[i] + c->iv->strength * each / revenue[i];
        rd[i] = v < 1.0 ? v : 1.0;
    }
    return RIC_OK;
}

/* Intermediary capacity: units are extra client services per step, spread
 * evenly over the targeted intermediaries (the remainder to the first in
 * slot order); differentiated support also matches services to stages. */
static ric_status ric_i_capacity(ric_i_ctx *c)
{
    ric_agents *a = &c->w->agents;
    int32_t *extra = ric_agents_i32(a, c->m->col_extra_capacity);
    int32_t *diff = ric_agents_i32(a, c->m->col_differentiated);
    const size_t total = (size_t)floor(c->units * c->iv->strength);
    /* Only whole services are bought. */
    c->used = c->iv->strength > 0.0 ? (double)total / c->iv->strength : 0.0;
    for (size_t q = 0; q < c->n; q++) {
        const size_t j = c->target[q];
        const int32_t more = (int32_t)(total / c->n + (q < total % c->n));
        extra[j] += more;
        /* Only intermediaries the intervention pays are differentiated. */
        if (c->iv->type == RIC_POL_DIFFERENTIATED_SUPPORT && more > 0)
            diff[j] = 1;
    }
    return RIC_OK;
}

/* Lead users: units are lead users kept per step, spread over the targeted
 * regions that have SMEs. */
static ric_status ric_i_lead_users(ric_i_ctx *c)
{
    const ric_agents *a = &c->w->agents;
    int64_t has[64] = {0}, nreg = 0;
    for (size_t q = 0; q < c->n; q++)
        has[a->group[c->target[q]]] = 1;
    for (int64_t r = 0; r < c->m->p.regions; r++)
        nreg += has[r];
    /* The lead users bought are spread over the regions, the remainder to
     * the first regions, so a small budget still buys some. */
    const int64_t total = (int64_t)floor(c->units * c->iv->strength);
    /* Only whole lead users are bought: a budget below one buys nobody and
     * is not spent. */
    c->used = c->iv->strength > 0.0 ? (double)total / c->iv->strength : 0.0;
    for (int64_t r = 0, k = 0; r < c->m->p.regions; r++)
        if (has[r])
            c->m->lead_quota[r] += total / nreg + (k++ < total % nreg);
    return RIC_OK;
}

/* A contact between slots i and j on layer l: a new tie of the given
 * strength, or one more interaction on an existing one. New pairs are
 * collected in keys for one canonical insert. */
static void ric_i_contact(ric_i_ctx *c, int l, uint32_t i, uint32_t j, uint64_t *keys, size_t *nk)
{
    if (i == j)
        return;
    ric_layer *L = &c->w->layers[l];
    size_t t = ric_layer_find(L, i, j);
    if (t != RIC_NO_TIE)
        ric_tie_interact(&c->m->p, L, t, (int32_t)c->w->step);
    else
        keys[(*nk)++] = ric_tie_key(i, j);
}

static ric_status ric_i_insert(ric_i_ctx *c, int l, uint64_t *keys, size_t nk, double strength)
{
    const ric_layer_params *lp = &c->m->p.layer[l];
    ric_status st = ric_layer_insert(&c->w->layers[l], keys, nk, (int32_t)c->w->step, strength,
                                     lp->trust, NULL);
    return st == RIC_OK ? RIC_OK
                        : ric_error_set(c->err, st, "intervention %zu (%s): %s", c->index,
                                        ric_policy_names[c->iv->type], ric_status_message(st));
}

/* User groups by technology and sector: targets with the same strongest
 * domain and sector (and region, unless on-line) form a group; each unit
 * (times strength) is one meeting of a random target with a random member of
 * its group. Ties
 * made on-line are weaker (policy.online_strength). */
static ric_status ric_i_user_groups(ric_i_ctx *c)
{
    const ric_agents *a = &c->w->agents;
    const size_t D = a->dims;
    ric_group_member *mem = malloc(c->n * sizeof *mem);
    size_t ne = ric_i_events(c, c->units * c->iv->strength);
    c->used = c->iv->strength > 0.0 ? (double)ne / c->iv->strength : 0.0;
    uint64_t *keys = malloc((ne ? ne : 1) * sizeof *keys);
    if (!mem || !keys) {
        free(mem);
        free(keys);
        return ric_error_set(c->err, RIC_ENOMEM, "user groups: no memory");
    }
    const int32_t *sector = ric_agents_i32(a, c->m->col_sector);
    for (size_t q = 0; q < c->n; q++) {
        const uint32_t i = c->target[q];
        const double *k = ric_agents_row(a, i);
        size_t best = 0;
        for (size_t d = 1; d < D; d++)
            best = k[d] > k[best] ? d : best;
        int64_t region = c->iv->online ? 0 : a->group[i];
        mem[q] = (ric_group_member){(region * 3 + sector[i] + 1) * (int64_t)D + (int64_t)best, i};
    }
    ric_group_sort(mem, c->n);
    size_t nk = 0;
    for (size_t e = 0; e < ne; e++) {
        size_t q = gsl_rng_uniform_int(c->rng, c->n), lo, hi;
        ric_group_run(mem, c->n, q, &lo, &hi);
        size_t r = lo + gsl_rng_uniform_int(c->rng, hi - lo);
        ric_i_contact(c, RIC_INFORMAL, mem[q].slot, mem[r].slot, keys, &nk);
    }
    double s =
        c->m->p.layer[RIC_INFORMAL].strength * (c->iv->online ? c->m->p.online_strength : 1.0);
    ric_status st = ric_i_insert(c, RIC_INFORMAL, keys, nk, s);
    free(mem);
    free(keys);
    return st;
}

/* Cluster council: each unit is one contact at a council event between a
 * random target and a random member of its region's council (council.c;
 * the region's producers and intermediaries if it has none): an informal
 * tie, which with chance council_formal x strength also starts a formal
 * project when both can take one more. */
static ric_status ric_i_council(ric_i_ctx *c)
{
    const ric_params *p = &c->m->p;
    const ric_agents *a = &c->w->agents;
    ric_region_index hosts;
    ric_region_index_init(&hosts);
    size_t ne = ric_i_events(c, c->units);
    c->used = (double)ne;
    uint64_t *keys = malloc((2 * ne + 1) * sizeof *keys);
    uint32_t *deg = malloc((a->n ? a->n : 1) * sizeof *deg);
    ric_status st = keys && deg ? ric_council_index(c->m, a, &hosts) : RIC_ENOMEM;
    if (st == RIC_OK)
        st = ric_layer_degrees(&c->w->layers[RIC_FORMAL], a->n, deg);
    size_t ni = 0, nf = 0;
    uint64_t *formal = keys + ne;
    double pf = p->council_formal * c->iv->strength;
    for (size_t e = 0; e < ne && st == RIC_OK; e++) {
        const uint32_t i = c->target[gsl_rng_uniform_int(c->rng, c->n)];
        const size_t h0 = hosts.start[a->group[i]], nh = hosts.start[a->group[i] + 1] - h0;
        if (nh == 0)
            continue;
        const uint32_t j = hosts.slots[h0 + gsl_rng_uniform_int(c->rng, nh)];
        ric_i_contact(c, RIC_INFORMAL, i, j, keys, &ni);
        if (gsl_rng_uniform(c->rng) < pf && i != j &&
            (int64_t)deg[i] < ric_formal_capacity_of(c->m, a, i) &&
            (int64_t)deg[j] < ric_formal_capacity_of(c->m, a, j) &&
            ric_layer_find(&c->w->layers[RIC_FORMAL], i, j) == RIC_NO_TIE) {
            formal[nf++] = ric_tie_key(i, j);
            deg[i]++, deg[j]++;
        }
    }
    if (st == RIC_OK)
        st = ric_i_insert(c, RIC_INFORMAL, keys, ni, p->layer[RIC_INFORMAL].strength);
    if (st == RIC_OK)
        st = ric_i_insert(c, RIC_FORMAL, formal, nf, p->layer[RIC_FORMAL].strength);
    else if (st == RIC_ENOMEM)
        st = ric_error_set(c->err, st, "cluster council: no memory");
    ric_region_index_destroy(&hosts);
    free(keys);
    free(deg);
    return st;
}

/* People exchange: each unit is one exchange of staff on a formal project
 * with a targeted partner: the project's strength grows (more transfer)
 * and the partners gain an informal tie (or use theirs). */
static ric_status ric_i_people(ric_i_ctx *c)
{
    const ric_params *p = &c->m->p;
    ric_layer *F = &c->w->layers[RIC_FORMAL];
    uint8_t *is_target = calloc(c->w->agents.n + 1, 1);
    size_t *eligible = malloc((F->n ? F->n : 1) * sizeof *eligible);
    size_t ne = ric_i_events(c, c->units), nel = 0, nk = 0;
    uint64_t *keys = malloc((ne ? ne : 1) * sizeof *keys);
    if (!is_target || !eligible || !keys) {
        free(is_target), free(eligible), free(keys);
        return ric_error_set(c->err, RIC_ENOMEM, "people exchange: no memory");
    }
    for (size_t q = 0; q < c->n; q++)
        is_target[c->target[q]] = 1;
    for (size_t t = 0; t < F->n; t++)
        if (is_target[F->a[t]] || is_target[F->b[t]])
            eligible[nel++] = t;
    const double g =
        p->exchange_gain * c->iv->strength < 1.0 ? p->exchange_gain * c->iv->strength : 1.0;
    /* No project with a target: no exchange is bought. */
    c->used = nel > 0 ? (double)ne : 0.0;
    for (size_t e = 0; e < ne && nel > 0; e++) {
        const size_t t = eligible[gsl_rng_uniform_int(c->rng, nel)];
        F->w[t] += g * (1.0 - F->w[t]);
        ric_i_contact(c, RIC_INFORMAL, F->a[t], F->b[t], keys, &nk);
    }
    ric_status st = ric_i_insert(c, RIC_INFORMAL, keys, nk, p->layer[RIC_INFORMAL].strength);
    free(is_target), free(eligible), free(keys);
    return st;
}

/* Hub information: national S&T information delivered to the targets
 * evenly, absorbed at their absorptive capacity. */
static ric_status ric_i_hub(ric_i_ctx *c)
{
    ric_agents *a = &c->w->agents;
    const double *absorb = ric_agents_f64(a, c->m->col_absorb);
    double g = c->m->p.hub_rate * c->iv->strength * c->units / (double)c->n;
    g = g < 1.0 ? g : 1.0;
    for (size_t q = 0; q < c->n; q++) {
        const size_t i = c->target[q];
        double *k = ric_agents_row(a, i);
        for (size_t d = 0; d < a->dims; d++)
            if (c->m->hub[d] > k[d])
                k[d] += g * absorb[i] * (c->m->hub[d] - k[d]);
    }
    return RIC_OK;
}

static const ric_i_effect ric_i_effects[RIC_NPOLICIES] = {
    [RIC_POL_INFRASTRUCTURE] = ric_i_infrastructure,
    [RIC_POL_RD_SUBSIDY] = ric_i_rd_subsidy,
    [RIC_POL_INTERMEDIARY_CAPACITY] = ric_i_capacity,
    [RIC_POL_DIFFERENTIATED_SUPPORT] = ric_i_capacity,
    [RIC_POL_LEAD_USERS] = ric_i_lead_users,
    [RIC_POL_USER_GROUPS] = ric_i_user_groups,
    [RIC_POL_CLUSTER_COUNCIL] = ric_i_council,
    [RIC_POL_PEOPLE_EXCHANGE] = ric_i_people,
    [RIC_POL_HUB_INFORMATION] = ric_i_hub,
};

/* Which agents a type acts on: capacity types buy services of
 * intermediaries and lead users are SMEs, whatever the kind filter says;
 * the region filter always applies. */
static int ric_i_eligible(const ric_model *m, const ric_agents *a, const ric_intervention *iv,
                          size_t i)
{
    ric_intervention f = *iv;
    switch (iv->type) {
    case RIC_POL_INTERMEDIARY_CAPACITY:
    case RIC_POL_DIFFERENTIATED_SUPPORT:
        f.kinds = RIC_KIND_BIT(RIC_KIND_INTERMEDIARY);
        f.sizes = f.sectors = f.stages = -1;
        break;
    case RIC_POL_LEAD_USERS:
        f.kinds = RIC_KIND_BIT(RIC_KIND_FIRM);
        f.sizes = INT64_C(1) << RIC_SIZE_SME;
        break;
    case RIC_POL_RD_SUBSIDY: /* only firms do R&D out of a revenue */
        f.kinds = iv->kinds & RIC_KIND_BIT(RIC_KIND_FIRM);
        break;
    default:
        break;
    }
    return ric_policy_targets(m, a, &f, i);
}

ric_status ric_phase_policy(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const size_t n = a->n;
    /* Reset the hooks: no intervention, no effect. */
    double *rd = ric_agents_f64(a, m->col_rd);
    const double *rd_own = ric_agents_f64(a, m->col_rd_own);
    int32_t *extra = ric_agents_i32(a, m->col_extra_capacity);
    int32_t *diff = ric_agents_i32(a, m->col_differentiated);
    for (size_t i = 0; i < n; i++) {
        rd[i] = rd_own[i];
        extra[i] = diff[i] = 0;
    }
    for (int64_t r = 0; r < p->regions; r++)
        m->lead_quota[r] = p->lead_users;
    uint32_t *target = malloc((n ? n : 1) * sizeof *target);
    if (!target)
        return ric_error_set(err, RIC_ENOMEM, "policy: no memory");
    ric_status st = RIC_OK;
    for (int64_t k = 0; k < p->ninterventions && st == RIC_OK; k++) {
        const ric_intervention *iv = &p->interventions[k];
        m->spend[k] = 0.0;
        if (w->step < iv->start || (iv->end != RIC_NO_END && w->step >= iv->end))
            continue;
        size_t nt = 0;
        for (size_t i = 0; i < n; i++)
            if (ric_i_eligible(m, a, iv, i))
                target[nt++] = (uint32_t)i;
        if (nt == 0) {
            if (w->step == iv->start)
                st = ric_error_set(err, RIC_EPOLICY,
                                   "interventions.%lld (%s): no agent matches its targets at its "
                                   "start step %lld",
                                   (long long)k, ric_policy_names[iv->type], (long long)w->step);
            continue; /* its targets are gone: nothing is spent */
        }
        /* The simulated share of the national spend (world.scale). */
        const double spend = ric_intervention_spend(iv, p->steps) * p->scale;
        ric_rng_stream rs;
        ric_rng_stream_init(&rs);
        ric_rng_seek(&rs.rng, w->seed, w->replication, (uint64_t)k, w->step, RIC_PURPOSE_POLICY);
        const double units = spend / iv->price;
        ric_i_ctx c = {m, w, iv, (size_t)k, target, nt, units, units, &rs.rng, err};
        st = ric_i_effects[iv->type](&c);
        /* What buys nothing is not spent. */
        const double paid = c.used < units ? c.used * iv->price : spend;
        m->spend[k] = paid;
        m->spend_cumulative += paid;
    }
    free(target);
    RIC_CHECK(st);
    /* A change of lead-user quota takes effect now, not at the next review. */
    int changed = 0;
    for (int64_t r = 0; r < p->regions; r++) {
        changed |= m->lead_quota[r] != m->lead_quota_prev[r];
        m->lead_quota_prev[r] = m->lead_quota[r];
    }
    return changed ? ric_lead_users_designate(m, w, err) : RIC_OK;
}
