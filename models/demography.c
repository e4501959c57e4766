/* Economy and demography (docs/model.md 7.12): competitiveness, market
 * shares, profits and cash of firms, exit when cash runs out, entry of new
 * firms and spin-offs, and intermediaries' entry and exit with demand.
 *
 * Money is in won of 2004 per step (month). Each sector is one market of
 * fixed size (the demand of the initial firms, held constant: a stationary
 * economy); a firm's sales are its share of it, by its base size and its
 * competitiveness relative to its rivals. Innovation raises competitiveness,
 * imitation pulls every firm towards its sector's mean, shocks spread it;
 * a firm that falls behind sells less than its costs need and exits when its
 * cash is gone (seed s.4: firms that fail at innovation disappear).
 *
 * Decisions are made in parallel from each agent's own stream; new agents are
 * appended in region order and removals are applied by one compaction that
 * also drops every tie of an exited agent, so the result does not depend on
 * the thread count. */
#include "ric_model.h"

#include "ric_par.h"

#include "ric_rng.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

ric_status ric_market_clear(const ric_model *m, ric_world *w)
{
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const size_t n = a->n;
    const double *base = ric_agents_f64(a, m->col_scale), *x = ric_agents_f64(a, m->col_x);
    const int32_t *sector = ric_agents_i32(a, m->col_sector);
    double *sales = ric_agents_f64(a, m->col_revenue);
    double *ex = malloc((n ? n : 1) * sizeof *ex);
    if (!ex)
        return RIC_ENOMEM;
        /* exp once per firm, in parallel; the sums stay serial in slot order,
         * so the figures are the same at any thread count. */
#pragma omp parallel for schedule(static) if (ric_par_light(n))
    for (size_t i = 0; i < n; i++)
        ex[i] = a->alive[i] && a->kind[i] == RIC_KIND_FIRM ? exp(p->share_elasticity * x[i]) : 0.0;
    double z[RIC_NSECTORS] = {0.0, 0.0};
    for (size_t i = 0; i < n; i++)
        if (a->alive[i] && a->kind[i] == RIC_KIND_FIRM)
            z[sector[i]] += base[i] * ex[i];
#pragma omp parallel for schedule(static) if (ric_par_light(n))
    for (size_t i = 0; i < n; i++)
        if (a->alive[i] && a->kind[i] == RIC_KIND_FIRM)
            sales[i] = m->demand[sector[i]] * base[i] * ex[i] / z[sector[i]];
    free(ex);
    return RIC_OK;
}

/* Counts by region: firms, intermediaries, producers. */
typedef struct ric_i_census {
    double firms[RIC_MAX_REGIONS], inter[RIC_MAX_REGIONS], producers[RIC_MAX_REGIONS];
} ric_i_census;

static void ric_i_census_take(const ric_agents *a, ric_i_census *c)
{
    memset(c, 0, sizeof *c);
    for (size_t s = 0; s < a->n; s++) {
        if (!a->alive[s])
            continue;
        const int k = a->kind[s], r = a->group[s];
        c->firms[r] += k == RIC_KIND_FIRM;
        c->inter[r] += k == RIC_KIND_INTERMEDIARY;
        c->producers[r] += k == RIC_KIND_UNIVERSITY || k == RIC_KIND_INSTITUTE;
    }
}

/* A new firm in slot c, spun off from parent slot q (a firm or a knowledge
 * producer of its region): a start-up with part of the parent's capability,
 * an SME's draws of size and R&D, at its sector's mean competitiveness. */
static void ric_i_newborn(const ric_model *m, ric_world *w, size_t c, size_t q)
{
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    ric_rng_stream rs;
    ric_rng_stream_init(&rs);
    ric_rng_seek(&rs.rng, w->seed, w->replication, a->id[c], w->step, RIC_PURPOSE_NEWBORN);
    ric_agent_spawn(m, w, c, RIC_KIND_FIRM, q);
    const int32_t psector = ric_agents_i32(a, m->col_sector)[q];
    int32_t *sector = ric_agents_i32(a, m->col_sector);
    ric_agents_i32(a, m->col_size)[c] = RIC_SIZE_STARTUP;
    sector[c] = psector >= 0                                  ? psector
                : gsl_rng_uniform(&rs.rng) < p->service_share ? RIC_SECTOR_SERVICE
                                                              : RIC_SECTOR_MANUFACTURING;
    const int service = sector[c] == RIC_SECTOR_SERVICE;
    double *k = ric_agents_row(a, c), sum = 0.0;
    const double *kp = ric_agents_row(a, q);
    for (size_t d = 0; d < a->dims; d++) {
        k[d] = p->inherit * kp[d];
        sum += k[d];
    }
    const double rd = ric_firm_rd(p, 0, service, &rs.rng) * ric_region_rd(p, a->group[c]);
    const double base = p->entrant_size * ric_firm_sales(p, 0, service, &rs.rng);
    ric_firm_economy_init(m, a, c, base, rd);
    /* Below its sector's mean (x is kept relative to it): a new firm has no
     * customers' trust yet (liability of newness, Freeman, Carroll and
     * Hannan 1983). */
    ric_agents_f64(a, m->col_x)[c] = -m->p.entry_gap;
    const double absorb = ric_absorptive_target(p, rd);
    ric_agents_f64(a, m->col_absorb)[c] = absorb;
    ric_agents_i32(a, m->col_stage)[c] = ric_stage_of(p, sum / (double)a->dims, absorb);
}

/* A new intermediary in slot c of region r (slot q: a knowledge producer or
 * intermediary of the region lends it its information stock). */
static void ric_i_new_intermediary(const ric_model *m, ric_world *w, size_t c, size_t q)
{
    ric_agents *a = &w->agents;
    ric_agent_spawn(m, w, c, RIC_KIND_INTERMEDIARY, q);
    ric_agents_i32(a, m->col_size)[c] = -1;
    ric_agents_i32(a, m->col_sector)[c] = -1;
    /* Demand-led newcomers are incubators, technoparks, innovation centres
     * or associations in turn (KISTI teams are national, not demand-led). */
    ric_agents_i32(a, m->col_subtype)[c] = (int32_t)(a->id[c] % (RIC_NSUBTYPES - 1));
    const double *kq = ric_agents_row(a, q);
    double *k = ric_agents_row(a, c);
    for (size_t d = 0; d < a->dims; d++)
        k[d] = m->p.inherit * kq[d];
    ric_agents_f64(a, m->col_absorb)[c] = 0.5;
    ric_agents_i32(a, m->col_stage)[c] = 2;
}

void ric_sector_means(const ric_model *m, const ric_agents *a, double *xbar)
{
    const double *x = ric_agents_f64(a, m->col_x);
    const int32_t *sector = ric_agents_i32(a, m->col_sector);
    double n[RIC_NSECTORS] = {0, 0};
    xbar[0] = xbar[1] = 0.0;
    for (size_t i = 0; i < a->n; i++)
        if (a->alive[i] && a->kind[i] == RIC_KIND_FIRM) {
            xbar[sector[i]] += x[i];
            n[sector[i]] += 1.0;
        }
    for (int s = 0; s < RIC_NSECTORS; s++)
        xbar[s] = n[s] > 0 ? xbar[s] / n[s] : 0.0;
}

/* The median R&D intensity of slot i's class (giants, large, SME; services
 * x service_rd). */
static double ric_median_rd(const ric_params *p, const ric_agents *a, const ric_model *m, size_t i)
{
    const int large = ric_agents_i32(a, m->col_size)[i] == RIC_SIZE_LARGE;
    const int service = ric_agents_i32(a, m->col_sector)[i] == RIC_SECTOR_SERVICE;
    if (ric_agents_i32(a, m->col_giant)[i])
        return p->giant_rd;
    return (large ? p->large_rd : p->sme_rd) * (service ? p->service_rd : 1.0) *
           ric_region_rd(p, a->group[i]);
}

/* One firm's month: competitiveness, margin, R&D within its means, profit,
 * cash; returns 0 when the cash is gone (exit). */
static int ric_i_firm_month(const ric_model *m, ric_world *w, size_t i, const double *xbar)
{
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    double *x = ric_agents_f64(a, m->col_x), *margin = ric_agents_f64(a, m->col_margin);
    double *cash = ric_agents_f64(a, m->col_resources);
    const double sales = ric_agents_f64(a, m->col_revenue)[i];
    const double base = ric_agents_f64(a, m->col_scale)[i];
    const double rd_own = ric_agents_f64(a, m->col_rd_own)[i];
    const double rd_all = ric_agents_f64(a, m->col_rd)[i];
    const int32_t sector = ric_agents_i32(a, m->col_sector)[i];
    /* Rivals imitate: every firm drifts towards its sector's mean, and
     * process advantages erode at the same rate; shocks (demand, management)
     * keep firms apart. */
    double eps = gsl_cdf_ugaussian_Pinv(
        ric_rng_u01(w->seed, w->replication, a->id[i], w->step, RIC_PURPOSE_SHOCK, 0));
    /* Larger firms have more product lines, and their shocks average out
     * (growth-rate volatility falls with size, Stanley et al. 1996). */
    const double sd =
        p->shock_sd * pow(ric_real_sales(m, a, i) / p->sme_sales, -p->shock_elasticity);
    /* Kept relative to the sector's mean (shares depend on differences only),
     * so competitiveness stays bounded however long the run. */
    x[i] = (1.0 - p->imitation) * (x[i] - xbar[sector]) + sd * eps;
    margin[i] += p->imitation * (p->gross_margin - margin[i]);
    /* R&D is limited by resources (seed s.3): with less cash than rd_cash
     * months of it, the firm's own R&D is cut in proportion; subsidised R&D
     * (rd_all - rd_own) is paid by the intervention. */
    const double want = rd_own * sales;
    double f = want > 0.0 ? cash[i] / (p->rd_cash * want) : 1.0;
    f = f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
    const double own = want * f;
    ric_agents_f64(a, m->col_rd_spend)[i] = own + (rd_all - rd_own) * sales;
    /* Fixed costs scale with the firm's capacity (base size), set so that a
     * firm at parity spending its class's median R&D intensity earns the
     * parity margin: more R&D costs profit now for innovations later. */
    const double fixed = (p->gross_margin - ric_median_rd(p, a, m, i) - p->parity_margin) * base;
    cash[i] += sales * margin[i] - fixed - own;
    if (cash[i] < 0.0)
        return 0;
    const double cap = p->reserve_cap * sales;
    cash[i] = cash[i] < cap ? cash[i] : cap; /* the rest is paid out */
    int32_t *size = ric_agents_i32(a, m->col_size);
    if (size[i] == RIC_SIZE_STARTUP &&
        w->step - ric_agents_i32(a, m->col_born)[i] >= p->startup_age)
        size[i] = RIC_SIZE_SME;
    return 1;
}

ric_status ric_phase_demography(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const size_t n = a->n, R = (size_t)p->regions;
    double xbar[RIC_NSECTORS];
    ric_sector_means(m, a, xbar);
    size_t exits = 0;
#pragma omp parallel for schedule(static) reduction(+ : exits) if (ric_par_light(n))
    for (size_t i = 0; i < n; i++) {
        if (!a->alive[i] || a->kind[i] != RIC_KIND_FIRM)
            continue;
        if (!ric_i_firm_month(m, w, i, xbar)) {
            a->alive[i] = 0; /* exit (seed s.4): removed with its ties below */
            exits++;
        }
    }
    ric_status st = RIC_OK;
    const int32_t *size = ric_agents_i32(a, m->col_size), *born = ric_agents_i32(a, m->col_born);
    for (size_t i = 0; i < n && st == RIC_OK; i++)
        if (a->kind[i] == RIC_KIND_FIRM && !a->alive[i]) {
            const int64_t row[RIC_EV_COLS] = {w->step + 1, (int64_t)a->id[i], a->group[i], size[i],
                                              w->step - born[i]};
            st = ric_events_push(&m->events, RIC_EV_EXIT, row);
        }

    /* Entries by region: new firms at entry_rate per firm and academic
     * spin-offs at spinoff_producer per producer, both raised by the
     * region's support density (intermediaries per 100 firms: the virtuous
     * circle, seed s.4); intermediaries enter where demand for services
     * exceeds what they can serve and leave where it falls short. */
    ric_i_census cen;
    ric_i_census_take(a, &cen);
    const int32_t *last = ric_agents_i32(a, m->col_last_innovation);
    const int32_t *sub = ric_agents_i32(a, m->col_subtype);
    ric_region_index firms, prods, inters;
    ric_region_index_init(&firms);
    ric_region_index_init(&prods);
    ric_region_index_init(&inters);
    uint32_t *parent = NULL, *inter_parent = NULL;
    size_t nent = 0, ninter = 0, inter_gone = 0;
    if (st == RIC_OK)
        st = ric_region_index_build(&firms, a, R, RIC_KIND_BIT(RIC_KIND_FIRM));
    if (st == RIC_OK)
        st = ric_region_index_build(&prods, a, R, RIC_KINDS_PRODUCERS);
    if (st == RIC_OK)
        st = ric_region_index_build(&inters, a, R, RIC_KIND_BIT(RIC_KIND_INTERMEDIARY));
    size_t cap_ent = 16, cap_int = 4;
    parent = malloc(cap_ent * sizeof *parent);
    inter_parent = malloc(cap_int * sizeof *inter_parent);
    if (st == RIC_OK && (!parent || !inter_parent))
        st = RIC_ENOMEM;
    for (size_t r = 0; r < R && st == RIC_OK; r++) {
        ric_rng_stream rs;
        ric_rng_stream_init(&rs);
        ric_rng_seek(&rs.rng, w->seed, w->replication, r, w->step, RIC_PURPOSE_ENTRY);
        const double support = cen.firms[r] > 0 ? 100.0 * cen.inter[r] / cen.firms[r] : 0.0;
        const double boost = 1.0 + p->support_effect * support;
        const size_t f0 = firms.start[r], nf = firms.start[r + 1] - f0;
        const size_t p0 = prods.start[r], np = prods.start[r + 1] - p0;
        /* Would-be entrepreneurs are a share of the region's economy (its
         * firms at the start), not of the firms that happen to survive;
         * fewer of them enter a crowded market (density-dependent founding,
         * Hannan and Carroll 1992): x (firms at the start / firms now)^c. */
        const double room = cen.firms[r] > 0 ? m->region_firms0[r] / cen.firms[r] : 1.0;
        unsigned ef = nf ? gsl_ran_poisson(&rs.rng, p->entry_rate * m->region_firms0[r] * boost *
                                                        pow(room, p->entry_crowding))
                         : 0;
        unsigned ep =
            np ? gsl_ran_poisson(&rs.rng, p->spinoff_producer * cen.producers[r] * boost) : 0;
        if (nent + ef + ep > cap_ent) {
            cap_ent = 2 * (nent + ef + ep);
            uint32_t *q = realloc(parent, cap_ent * sizeof *q);
            if (!q) {
                st = RIC_ENOMEM;
                break;
            }
            parent = q;
        }
        /* A new firm's parent: a living firm of the region that innovated
         * within the window, tried a few times, else any firm. */
        for (unsigned e = 0; e < ef; e++) {
            uint32_t q = firms.slots[f0 + gsl_rng_uniform_int(&rs.rng, nf)];
            for (int t = 0; t < 8 && !(a->alive[q] && last[q] != RIC_NEVER &&
                                       w->step - last[q] < p->innovation_window);
                 t++)
                q = firms.slots[f0 + gsl_rng_uniform_int(&rs.rng, nf)];
            parent[nent++] = q;
        }
        for (unsigned e = 0; e < ep; e++)
            parent[nent++] = prods.slots[p0 + gsl_rng_uniform_int(&rs.rng, np)];
        /* Intermediaries: demand pressure = requests / capacity. */
        const size_t i0 = inters.start[r], ni = inters.start[r + 1] - i0;
        if (m->region_capacity[r] <= 0.0 || ni == 0)
            continue;
        const double gap = m->region_requests[r] / m->region_capacity[r] - p->target_utilisation;
        const double mu = p->intermediary_entry * fabs(gap) * (double)ni;
        unsigned k = gsl_ran_poisson(&rs.rng, mu);
        if (gap > 0.0 && k > 0) {
            if (ninter + k > cap_int) {
                cap_int = 2 * (ninter + k);
                uint32_t *q = realloc(inter_parent, cap_int * sizeof *q);
                if (!q) {
                    st = RIC_ENOMEM;
                    break;
                }
                inter_parent = q;
            }
            for (unsigned e = 0; e < k; e++)
                inter_parent[ninter++] = inters.slots[i0 + gsl_rng_uniform_int(&rs.rng, ni)];
        } else if (gap < 0.0) {
            /* Exits: demand-led intermediaries (never the KISTI team), at
             * least one of them stays. */
            for (unsigned e = 0; e < k; e++) {
                uint32_t q = inters.slots[i0 + gsl_rng_uniform_int(&rs.rng, ni)];
                if (sub[q] == RIC_SUB_KISTI || !a->alive[q] || cen.inter[r] <= 2.0)
                    continue;
                a->alive[q] = 0;
                cen.inter[r] -= 1.0;
                m->inter_exits++;
                inter_gone++;
            }
        }
    }
    size_t first = n;
    if (st == RIC_OK)
        st = ric_agents_add(a, nent + ninter, &first);
    uint64_t *keys = malloc((nent ? nent : 1) * sizeof *keys);
    if (st == RIC_OK && !keys)
        st = RIC_ENOMEM;
    if (st == RIC_OK) {
#pragma omp parallel for schedule(static) if (ric_par_heavy(nent))
        for (size_t j = 0; j < nent; j++) {
            ric_i_newborn(m, w, first + j, parent[j]);
            keys[j] = ric_tie_key(parent[j], (uint32_t)(first + j));
        }
        for (size_t j = 0; j < ninter; j++)
            ric_i_new_intermediary(m, w, first + nent + j, inter_parent[j]);
        m->inter_entries += (int64_t)ninter;
        /* A spin-off keeps an informal tie to its parent (seed s.4). */
        const ric_layer_params *lp = &p->layer[RIC_INFORMAL];
        st = ric_layer_insert(&w->layers[RIC_INFORMAL], keys, nent, (int32_t)w->step, lp->strength,
                              lp->trust, NULL);
        const int32_t *sector = ric_agents_i32(a, m->col_sector);
        for (size_t j = 0; j < nent; j++)
            m->region_entries[a->group[first + j]]++;
        for (size_t j = 0; j < nent && st == RIC_OK; j++) {
            const int64_t row[RIC_EV_COLS] = {w->step + 1, (int64_t)a->id[first + j],
                                              (int64_t)a->id[parent[j]], a->group[first + j],
                                              sector[first + j]};
            st = ric_events_push(&m->events, RIC_EV_ENTRY, row);
        }
    }
    free(keys);
    free(parent);
    free(inter_parent);
    ric_region_index_destroy(&firms);
    ric_region_index_destroy(&prods);
    ric_region_index_destroy(&inters);
    /* Compaction (and the CSR rebuild it causes) only when someone left. */
    if (st == RIC_OK && exits + inter_gone > 0)
        st = ric_world_compact(w);
    if (st != RIC_OK)
        return ric_error_set(err, st, "demography: %s", ric_status_message(st));
    if (ric_market_clear(m, w) != RIC_OK)
        return ric_error_set(err, RIC_ENOMEM, "demography: no memory for the market");
    m->entries_total += (int64_t)nent;
    m->exits_total += (int64_t)exits;
    return RIC_OK;
}
