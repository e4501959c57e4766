/* Initial population: agents by kind and region, their capability vectors,
 * absorptive capacity and stage, and the initial ties of both layers. */
#include "ric_model.h"

#include "ric_netgen.h"
#include "ric_rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

/* Agent types before they are spread over slots. */
enum { RIC_I_GIANT, RIC_I_LARGE, RIC_I_SME, RIC_I_UNI, RIC_I_INST, RIC_I_INTER, RIC_I_NTYPES };

int ric_stage_of(const ric_params *p, double kmean, double absorb)
{
    if (kmean >= p->stage3_capability && absorb >= p->stage3_absorptive)
        return 3;
    if (kmean >= p->stage2_capability && absorb >= p->stage2_absorptive)
        return 2;
    return 1;
}

int64_t ric_scaled_count(const ric_params *p, int64_t real)
{
    return llround((double)real * p->scale);
}

/* Share of a type located in the capital region (data, docs/model.md 7.1). */
static double ric_i_capital_share(const ric_params *p, int type)
{
    switch (type) {
    case RIC_I_GIANT:
        return 1.0; /* the five leading manufacturers are headquartered there */
    case RIC_I_LARGE:
        return p->capital_large;
    case RIC_I_SME:
        return p->capital_firms;
    case RIC_I_UNI:
        return p->capital_universities;
    case RIC_I_INST:
        return p->capital_institutes;
    default:
        return p->capital_intermediaries;
    }
}

/* Count of n items of a type that falls in region r: the capital takes its
 * share, the other regions split the rest, the first ones taking the
 * remainder. */
static int64_t ric_i_region_count(const ric_params *p, int type, int64_t n, int64_t r)
{
    if (p->regions == 1)
        return n;
    int64_t cap = llround((double)n * ric_i_capital_share(p, type));
    if (r == 0)
        return cap;
    int64_t rest = n - cap, others = p->regions - 1;
    return rest / others + ((r - 1) < rest % others ? 1 : 0);
}

/* Absorptive capacity that an R&D intensity sustains (capability.c). */
double ric_absorptive_target(const ric_params *p, double rd)
{
    return rd / (rd + p->absorb_half);
}

void ric_firm_economy_init(const ric_model *m, ric_agents *a, size_t s, double base, double rd)
{
    const ric_params *p = &m->p;
    ric_agents_f64(a, m->col_rd)[s] = rd;
    ric_agents_f64(a, m->col_rd_own)[s] = rd;
    ric_agents_f64(a, m->col_rd_spend)[s] = rd * base;
    ric_agents_f64(a, m->col_revenue)[s] = base;
    ric_agents_f64(a, m->col_scale)[s] = base;
    ric_agents_f64(a, m->col_resources)[s] = p->initial_reserve * base;
    ric_agents_f64(a, m->col_margin)[s] = p->gross_margin;
    ric_agents_f64(a, m->col_x)[s] = 0.0;
}

/* The model's per-agent columns, in registration order: name, type, where
 * the model keeps its index, and what ric_agent_reset gives it (RIC_I_KEEP:
 * set by the caller; RIC_I_HOME: the agent's region). One table, so that
 * registration, the unregistered marker and the reset cannot disagree. */
enum { RIC_I_KEEP, RIC_I_VALUE, RIC_I_HOME };
#define RIC_I_COL(name, type, field, reset, value)                                                 \
    {                                                                                              \
        name, RIC_COL_##type, offsetof(ric_model, field), reset, value                             \
    }
static const struct ric_i_column_def {
    const char *name;
    ric_col_type type;
    size_t offset; /* of the size_t index in ric_model */
    int reset;
    double value;
} ric_i_columns[] = {
    RIC_I_COL("absorptive", F64, col_absorb, RIC_I_KEEP, 0),
    RIC_I_COL("stage", I32, col_stage, RIC_I_KEEP, 0),
    RIC_I_COL("size", I32, col_size, RIC_I_KEEP, 0),
    RIC_I_COL("sector", I32, col_sector, RIC_I_KEEP, 0),
    RIC_I_COL("rd", F64, col_rd, RIC_I_VALUE, 0),
    RIC_I_COL("last_innovation", I32, col_last_innovation, RIC_I_VALUE, RIC_NEVER),
    RIC_I_COL("revenue", F64, col_revenue, RIC_I_VALUE, 0),
    RIC_I_COL("resources", F64, col_resources, RIC_I_VALUE, 0),
    RIC_I_COL("scale", F64, col_scale, RIC_I_VALUE, 0),
    RIC_I_COL("parent", F64, col_parent, RIC_I_VALUE, -1),
    RIC_I_COL("subtype", I32, col_subtype, RIC_I_VALUE, -1),
    RIC_I_COL("margin", F64, col_margin, RIC_I_VALUE, 0),
    RIC_I_COL("innovation_type", I32, col_innov_type, RIC_I_VALUE, -1),
    RIC_I_COL("lead", I32, col_lead, RIC_I_VALUE, 0),
    RIC_I_COL("group", F64, col_group, RIC_I_VALUE, -1),
    RIC_I_COL("born", I32, col_born, RIC_I_VALUE, 0),
    RIC_I_COL("rd_own", F64, col_rd_own, RIC_I_VALUE, 0),
    RIC_I_COL("extra_capacity", I32, col_extra_capacity, RIC_I_VALUE, 0),
    RIC_I_COL("differentiated", I32, col_differentiated, RIC_I_VALUE, 0),
    RIC_I_COL("competitiveness", F64, col_x, RIC_I_VALUE, 0),
    RIC_I_COL("rd_spend", F64, col_rd_spend, RIC_I_VALUE, 0),
    RIC_I_COL("inflow_formal", F64, col_inflow[0], RIC_I_VALUE, 0),
    RIC_I_COL("inflow_informal", F64, col_inflow[1], RIC_I_VALUE, 0),
    RIC_I_COL("inflow_service", F64, col_inflow[2], RIC_I_VALUE, 0),
    RIC_I_COL("council", I32, col_council, RIC_I_VALUE, 0),
    RIC_I_COL("industry", I32, col_industry, RIC_I_HOME, 0),
    RIC_I_COL("giant", I32, col_giant, RIC_I_VALUE, 0),
};
enum { RIC_I_NCOLUMNS = sizeof ric_i_columns / sizeof ric_i_columns[0] };

static size_t *ric_i_column_index(ric_model *m, size_t c)
{
    return (size_t *)((char *)m + ric_i_columns[c].offset);
}

void ric_model_columns_unset(ric_model *m)
{
    for (size_t c = 0; c < RIC_I_NCOLUMNS; c++)
        *ric_i_column_index(m, c) = RIC_NO_SLOT;
}

void ric_agent_reset(const ric_model *m, ric_agents *a, size_t s)
{
    for (size_t c = 0; c < RIC_I_NCOLUMNS; c++) {
        const struct ric_i_column_def *d = &ric_i_columns[c];
        if (d->reset == RIC_I_KEEP)
            continue;
        const size_t col = *(const size_t *)((const char *)m + d->offset);
        const double v = d->reset == RIC_I_HOME ? (double)a->group[s] : d->value;
        if (d->type == RIC_COL_F64)
            ric_agents_f64(a, col)[s] = v;
        else
            ric_agents_i32(a, col)[s] = (int32_t)v;
    }
}

void ric_agent_spawn(const ric_model *m, ric_world *w, size_t c, int kind, size_t q)
{
    ric_agents *a = &w->agents;
    a->kind[c] = kind;
    a->group[c] = a->group[q];
    a->alive[c] = 1;
    ric_agent_reset(m, a, c);
    ric_agents_f64(a, m->col_parent)[c] = (double)a->id[q];
    ric_agents_i32(a, m->col_born)[c] = (int32_t)w->step;
    ric_agents_i32(a, m->col_industry)[c] = ric_agents_i32(a, m->col_industry)[q];
}

double ric_region_rd(const ric_params *p, int region)
{
    /* The capital's share of R&D activity (capital_rd) against its share of
     * firms (capital_firms), normalised so the national mean is kept. */
    if (p->regions == 1 || p->capital_firms <= 0.0 || p->capital_firms >= 1.0)
        return 1.0;
    const double c = p->capital_rd / p->capital_firms;
    const double o = (1.0 - p->capital_rd) / (1.0 - p->capital_firms);
    return region == 0 ? c : o;
}

/* Sales (won per step) of a non-giant firm: lognormal around its class and
 * sector median. */
double ric_firm_sales(const ric_params *p, int large, int service, gsl_rng *r)
{
    double median = service ? p->service_sales : p->sme_sales;
    if (large)
        median *= p->large_sales / p->sme_sales;
    return median * exp(p->sales_sd * gsl_ran_ugaussian(r));
}

/* R&D intensity of a non-giant firm: lognormal, capped at 30% of sales. */
double ric_firm_rd(const ric_params *p, int large, int service, gsl_rng *r)
{
    double rd = (large ? p->large_rd : p->sme_rd) * exp(p->rd_sd * gsl_ran_ugaussian(r)) *
                (service ? p->service_rd : 1.0);
    return rd < 0.3 ? rd : 0.3;
}

static void ric_i_init_agent(const ric_model *m, ric_world *w, size_t s, int type, int giant)
{
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    ric_rng_stream rs;
    ric_rng_stream_init(&rs);
    ric_rng_seek(&rs.rng, w->seed, w->replication, a->id[s], -1, RIC_PURPOSE_POPULATION);
    gsl_rng *r = &rs.rng;

    static const int kind_of[RIC_I_NTYPES] = {RIC_KIND_FIRM,      RIC_KIND_FIRM,
                                              RIC_KIND_FIRM,      RIC_KIND_UNIVERSITY,
                                              RIC_KIND_INSTITUTE, RIC_KIND_INTERMEDIARY};
    int kind = kind_of[type];
    a->kind[s] = kind;
    ric_agent_reset(m, a, s);
    int32_t *size = ric_agents_i32(a, m->col_size), *sector = ric_agents_i32(a, m->col_sector);
    size[s] = type == RIC_I_SME ? RIC_SIZE_SME : kind == RIC_KIND_FIRM ? RIC_SIZE_LARGE : -1;
    sector[s] = kind != RIC_KIND_FIRM ? -1
                : type != RIC_I_GIANT && gsl_rng_uniform(r) < p->service_share
                    ? RIC_SECTOR_SERVICE
                    : RIC_SECTOR_MANUFACTURING;

    double base, off;
    switch (type) {
    case RIC_I_GIANT:
    case RIC_I_LARGE:
        base = p->large_capability, off = p->off_strategic;
        break;
    case RIC_I_SME:
        base = p->sme_capability, off = p->off_strategic;
        break;
    case RIC_I_INTER:
        base = p->intermediary_capability, off = p->producer_breadth;
        break;
    default: /* universities and institutes */
        base = p->producer_capability, off = p->producer_breadth;
        break;
    }
    double mult = a->group[s] == 0 ? p->capital_advantage : 1.0;
    size_t D = a->dims, S = (size_t)p->strategic_domains;
    /* The capital region's industry is diversified: a share of its agents
     * work in another region's strategic industry. */
    size_t home = (size_t)a->group[s];
    if (home == 0 && gsl_rng_uniform(r) < p->capital_diversity)
        home = gsl_rng_uniform_int(r, (unsigned long)p->regions);
    size_t first = (home * S) % D;
    ric_agents_i32(a, m->col_industry)[s] = (int32_t)home;
    double *k = ric_agents_row(a, s);
    for (size_t d = 0; d < D; d++) {
        double wgt = ((d + D - first) % D) < S ? 1.0 : off;
        double v = base * wgt * mult * exp(p->capability_sd * gsl_ran_ugaussian(r));
        k[d] = v < p->k_max ? v : p->k_max;
    }
    double absorb = kind == RIC_KIND_INTERMEDIARY ? 0.5 : 0.9;
    if (kind == RIC_KIND_FIRM) {
        const int service = sector[s] == RIC_SECTOR_SERVICE, large = type != RIC_I_SME;
        /* Giants: real sales (data) x world.scale, so that they keep their
         * share of the economy in a miniature world. */
        double sales = type == RIC_I_GIANT ? p->giant_sales[giant] * p->scale
                                           : ric_firm_sales(p, large, service, r);
        double rd = type == RIC_I_GIANT ? p->giant_rd : ric_firm_rd(p, large, service, r);
        if (type != RIC_I_GIANT)
            rd *= ric_region_rd(p, a->group[s]);
        ric_firm_economy_init(m, a, s, sales, rd);
        ric_agents_i32(a, m->col_giant)[s] = type == RIC_I_GIANT;
        /* Firms start at the absorptive capacity their R&D sustains. */
        absorb = ric_absorptive_target(p, rd);
    }
    ric_agents_f64(a, m->col_absorb)[s] = absorb;
    int32_t *stage = ric_agents_i32(a, m->col_stage);
    double sum = 0.0;
    for (size_t d = 0; d < D; d++)
        sum += k[d];
    stage[s] = kind == RIC_KIND_FIRM           ? ric_stage_of(p, sum / (double)D, absorb)
               : kind == RIC_KIND_INTERMEDIARY ? 2
                                               : 3;
}

int64_t ric_region_firms(const ric_params *p, int64_t reg)
{
    const int64_t giants = p->giants, others = ric_scaled_count(p, p->firms - giants);
    const int64_t nlarge = llround((double)others * p->large_share);
    return ric_i_region_count(p, RIC_I_GIANT, giants, reg) +
           ric_i_region_count(p, RIC_I_LARGE, nlarge, reg) +
           ric_i_region_count(p, RIC_I_SME, others - nlarge, reg);
}

static ric_status ric_i_add_agents(ric_model *m, ric_world *w)
{
    const ric_params *p = &m->p;
    const int64_t giants = p->giants, others = ric_scaled_count(p, p->firms - giants);
    const int64_t nlarge = llround((double)others * p->large_share);
    const int64_t totals[RIC_I_NTYPES] = {giants,
                                          nlarge,
                                          others - nlarge,
                                          ric_scaled_count(p, p->universities),
                                          ric_scaled_count(p, p->institutes),
                                          ric_scaled_count(p, p->intermediaries)};
    int64_t ntotal = 0;
    for (int t = 0; t < RIC_I_NTYPES; t++)
        ntotal += totals[t];
    int *types = malloc((size_t)(ntotal ? ntotal : 1) * sizeof *types);
    if (!types)
        return RIC_ENOMEM;
    /* Slots are ordered by region (ties stay local in memory); inside a
     * region the types are shuffled by the region's own stream. */
    size_t s = 0;
    for (int64_t reg = 0; reg < p->regions; reg++) {
        size_t s0 = s;
        for (int t = 0; t < RIC_I_NTYPES; t++)
            for (int64_t c = ric_i_region_count(p, t, totals[t], reg); c > 0; c--)
                types[s++] = t;
        ric_rng_stream rs;
        ric_rng_stream_init(&rs);
        ric_rng_seek(&rs.rng, w->seed, w->replication, (uint64_t)reg, -1, RIC_PURPOSE_SHUFFLE);
        if (s > s0)
            gsl_ran_shuffle(&rs.rng, types + s0, s - s0, sizeof *types);
    }
    size_t first;
    ric_status st = ric_agents_add(&w->agents, (size_t)ntotal, &first);
    if (st == RIC_OK) {
        s = 0;
        for (int64_t reg = 0; reg < p->regions; reg++) {
            int64_t nreg = 0;
            for (int t = 0; t < RIC_I_NTYPES; t++)
                nreg += ric_i_region_count(p, t, totals[t], reg);
            for (int64_t c = 0; c < nreg; c++)
                w->agents.group[s++] = (int32_t)reg;
        }
        /* The giants in slot order take the data's sales in order. */
        int *giant = malloc((size_t)(ntotal ? ntotal : 1) * sizeof *giant);
        if (!giant) {
            free(types);
            return RIC_ENOMEM;
        }
        for (size_t i = 0, g = 0; i < (size_t)ntotal; i++)
            giant[i] = types[i] == RIC_I_GIANT ? (int)g++ : -1;
#pragma omp parallel for schedule(static)
        for (size_t i = 0; i < (size_t)ntotal; i++)
            ric_i_init_agent(m, w, i, types[i], giant[i]);
        free(giant);
        /* Subtypes in turn within each region, so every region with five or
         * more intermediaries has each subtype, a KISTI team included. */
        int32_t *sub = ric_agents_i32(&w->agents, m->col_subtype);
        int32_t seen[RIC_MAX_REGIONS] = {0};
        for (size_t i = 0; i < (size_t)ntotal; i++)
            if (w->agents.kind[i] == RIC_KIND_INTERMEDIARY)
                sub[i] = seen[w->agents.group[i]]++ % RIC_NSUBTYPES;
        /* Each sector's market is what its firms sell at the start (2004
         * prices, held fixed: the model studies a stationary economy). */
        const double *sales = ric_agents_f64(&w->agents, m->col_revenue);
        const int32_t *sector = ric_agents_i32(&w->agents, m->col_sector);
        m->demand[0] = m->demand[1] = 0.0;
        for (size_t i = 0; i < (size_t)ntotal; i++)
            if (w->agents.kind[i] == RIC_KIND_FIRM) {
                m->demand[sector[i]] += sales[i];
                m->region_firms0[w->agents.group[i]] += 1.0;
            }
    }
    free(types);
    return st;
}

static ric_status ric_i_init_layer(ric_model *m, ric_world *w, int l, ric_error *err)
{
    const ric_layer_params *lp = &m->p.layer[l];
    ric_agents *a = &w->agents;
    ric_layer *L = &w->layers[l];
    ric_gen_ctx g = {w->seed, w->replication, (uint64_t)(RIC_PURPOSE_TIES_FORMAL + l),
                     a->id,   a->n,           0};
    ric_status st = RIC_OK;
    if (lp->generator == RIC_GEN_SMALL_WORLD || lp->generator == RIC_GEN_RING_LATTICE) {
        size_t R = (size_t)m->p.regions;
        uint32_t *verts = malloc((a->n ? a->n : 1) * sizeof *verts);
        size_t *start = calloc(R + 1, sizeof *start);
        if (!verts || !start) {
            free(verts);
            free(start);
            return RIC_ENOMEM;
        }
        /* Slots are already grouped by region; count each region's run. */
        for (size_t s = 0; s < a->n; s++) {
            verts[s] = (uint32_t)s;
            start[a->group[s] + 1]++;
        }
        for (size_t r = 0; r < R; r++)
            start[r + 1] += start[r];
        if (lp->generator == RIC_GEN_RING_LATTICE)
            st = ric_gen_ring_lattice(L, &g, verts, start, R, (size_t)lp->mean_degree);
        else
            st = ric_gen_small_world(L, &g, verts, start, R, lp->mean_degree, lp->rewire,
                                     lp->cross_region);
        free(verts);
        free(start);
    } else if (lp->generator == RIC_GEN_ERDOS_RENYI) {
        st = ric_gen_erdos_renyi(L, &g, lp->mean_degree);
    } else if (lp->generator == RIC_GEN_BARABASI_ALBERT) {
        /* m ties per new vertex give mean degree close to 2m. */
        st = ric_gen_barabasi_albert(L, &g, 0, (size_t)(lp->mean_degree / 2.0));
    } else if (lp->generator == RIC_GEN_EDGE_LIST) {
        st = ric_gen_edge_list(L, lp->edge_file, a->id, a->n, err);
    } else {
        st = ric_layer_set_edges(L, NULL, 0, 0);
    }
    RIC_CHECK(st);
    /* Initial ties did not all start today: their strength, trust and last
     * use are spread (keyed by the tie), so no cohort of them ends at once. */
    const double age = m->p.initial_age;
    for (size_t t = 0; t < L->n; t++) {
        const uint64_t ia = a->id[L->a[t]], ib = a->id[L->b[t]];
        double u1 = ric_rng_u01(w->seed, w->replication, ia, l, RIC_PURPOSE_TIE_INIT, 3 * ib);
        double u2 = ric_rng_u01(w->seed, w->replication, ia, l, RIC_PURPOSE_TIE_INIT, 3 * ib + 1);
        double u3 = ric_rng_u01(w->seed, w->replication, ia, l, RIC_PURPOSE_TIE_INIT, 3 * ib + 2);
        L->w[t] = lp->strength * (0.5 + u1);
        L->w[t] = L->w[t] < 1.0 ? L->w[t] : 1.0;
        L->tau[t] = lp->trust * (0.5 + u2);
        L->tau[t] = L->tau[t] < 1.0 ? L->tau[t] : 1.0;
        L->created[t] = L->last[t] = -(int32_t)(u3 * age);
    }
    return RIC_OK;
}

ric_status ric_model_columns(ric_model *m, ric_world *w)
{
    ric_agents *a = &w->agents;
    for (size_t c = 0; c < RIC_I_NCOLUMNS; c++)
        RIC_CHECK(ric_agents_add_column(a, ric_i_columns[c].name, ric_i_columns[c].type,
                                        ric_i_column_index(m, c)));
    /* The national hub: S&T information in every domain (not an agent: it
     * has no region and no ties of its own, docs/model.md 2.1). */
    free(m->hub);
    m->hub = malloc(a->dims * sizeof *m->hub);
    if (!m->hub)
        return RIC_ENOMEM;
    for (size_t d = 0; d < a->dims; d++)
        m->hub[d] = m->p.hub_capability < m->p.k_max ? m->p.hub_capability : m->p.k_max;
    return RIC_OK;
}

ric_status ric_model_setup(ric_model *m, ric_world *w, ric_error *err)
{
    ric_status st = ric_model_columns(m, w);
    if (st == RIC_OK)
        st = ric_i_add_agents(m, w);
    for (int l = 0; l < RIC_NLAYERS && st == RIC_OK; l++) {
        st = ric_i_init_layer(m, w, l, err);
        if (st != RIC_OK && err && err->code != RIC_OK)
            return st; /* the edge-list reader named the file and line */
    }
    if (st == RIC_OK)
        st = ric_world_refresh_csr(w);
    if (st == RIC_OK)
        st = ric_model_add_phases(m, w);
    if (st != RIC_OK)
        return ric_error_set(err, st, "building the initial world: %s", ric_status_message(st));
    RIC_CHECK(ric_council_designate(m, w, 0, err));
    return ric_lead_users_designate(m, w, err);
}
