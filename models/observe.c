/* Measurements: what the output file records at every observation step. */
#include "ric_model.h"

#include "ric_par.h"

#include "ric_netmetrics.h"
#include "ric_observables.h"
#include "ric_reduce.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ric_observer_init(ric_observer *o)
{
    *o = (ric_observer){0};
}

void ric_observer_destroy(ric_observer *o)
{
    if (!o)
        return;
    free(o->scratch);
    free(o->colnames);
    free(o->stats_buf);
    ric_observer_init(o);
}

enum { RIC_I_NSTATS = 5 }; /* mean, sd, q10, q50, q90 */
static const char *const ric_i_stat_names[RIC_I_NSTATS] = {"mean", "sd", "q10", "q50", "q90"};

enum { RIC_I_BY_KIND, RIC_I_BY_SIZE, RIC_I_BY_REGION, RIC_I_BY_STAGE, RIC_I_NGROUPINGS };

/* Groups of the statistics series: kind (all agents), size class (firms),
 * region (all agents), stage (firms). Returns the group of slot i in
 * grouping c, or -1. */
static int32_t ric_i_stats_group(const ric_model *m, const ric_agents *a, int c, size_t i)
{
    if (!a->alive[i])
        return -1;
    const int firm = a->kind[i] == RIC_KIND_FIRM;
    switch (c) {
    case RIC_I_BY_KIND:
        return a->kind[i];
    case RIC_I_BY_SIZE:
        return firm ? ric_agents_i32(a, m->col_size)[i] : -1;
    case RIC_I_BY_REGION:
        return a->group[i];
    default:
        return firm ? ric_agents_i32(a, m->col_stage)[i] - 1 : -1;
    }
}

static size_t ric_i_stats_ngroups(const ric_model *m, int c)
{
    return c == RIC_I_BY_KIND     ? RIC_NKINDS
           : c == RIC_I_BY_SIZE   ? RIC_NSIZES
           : c == RIC_I_BY_REGION ? (size_t)m->p.regions
                                  : 3;
}

static ric_status ric_i_declare_stats(ric_observer *o, const ric_model *m, ric_h5 *h,
                                      ric_error *err)
{
    static const char *const series[RIC_I_NGROUPINGS] = {
        "capability_by_kind", "capability_by_size", "capability_by_region", "capability_by_stage"};
    size_t total = 0;
    for (int c = 0; c < RIC_I_NGROUPINGS; c++)
        total += ric_i_stats_ngroups(m, c) * RIC_I_NSTATS;
    o->colnames = calloc(total, sizeof *o->colnames);
    const char **ptrs = calloc(total, sizeof *ptrs);
    ric_status st = o->colnames && ptrs ? RIC_OK : RIC_ENOMEM;
    size_t at = 0;
    for (int c = 0; c < RIC_I_NGROUPINGS && st == RIC_OK; c++) {
        size_t ng = ric_i_stats_ngroups(m, c), first = at;
        for (size_t g = 0; g < ng; g++)
            for (int k = 0; k < RIC_I_NSTATS; k++, at++) {
                if (c == RIC_I_BY_KIND || c == RIC_I_BY_SIZE)
                    snprintf(o->colnames[at], 32, "%s.%s",
                             c == RIC_I_BY_KIND ? ric_kind_names[g] : ric_size_names[g],
                             ric_i_stat_names[k]);
                else
                    snprintf(o->colnames[at], 32, "%s%zu.%s",
                             c == RIC_I_BY_REGION ? "region" : "stage",
                             c == RIC_I_BY_REGION ? g : g + 1, ric_i_stat_names[k]);
                ptrs[at] = o->colnames[at];
            }
        st = ric_h5_series_add(h, series[c], ng * RIC_I_NSTATS, ptrs + first, "capability",
                               &o->s_stats[c], err);
    }
    free(ptrs);
    return st == RIC_ENOMEM ? ric_error_set(err, st, "observation: no memory") : st;
}

/* Groups of the knowledge-inflow series: firms by size, then the other kinds. */
enum { RIC_I_NFLOWGROUPS = 6, RIC_I_NCHANNELS = 3 };
static const char *const ric_i_flow_groups[RIC_I_NFLOWGROUPS] = {
    "large", "sme", "startup", "university", "institute", "intermediary"};
static const char *const ric_i_channels[RIC_I_NCHANNELS] = {"formal", "informal", "service"};

static int ric_i_flow_group(const ric_model *m, const ric_agents *a, size_t i)
{
    if (!a->alive[i])
        return -1;
    if (a->kind[i] == RIC_KIND_FIRM)
        return ric_agents_i32(a, m->col_size)[i];
    return 2 + a->kind[i];
}

static ric_status ric_i_declare_inflow(ric_observer *o, ric_h5 *h, ric_error *err)
{
    char names[RIC_I_NCHANNELS * RIC_I_NFLOWGROUPS][32];
    const char *ptr[RIC_I_NCHANNELS * RIC_I_NFLOWGROUPS];
    for (int c = 0; c < RIC_I_NCHANNELS; c++)
        for (int g = 0; g < RIC_I_NFLOWGROUPS; g++) {
            snprintf(names[c * RIC_I_NFLOWGROUPS + g], 32, "%s.%s", ric_i_channels[c],
                     ric_i_flow_groups[g]);
            ptr[c * RIC_I_NFLOWGROUPS + g] = names[c * RIC_I_NFLOWGROUPS + g];
        }
    return ric_h5_series_add(h, "knowledge_inflow", RIC_I_NCHANNELS * RIC_I_NFLOWGROUPS, ptr,
                             "capability/step per agent (sum over domains)", &o->s_inflow, err);
}

/* Per region: innovating share, firms, intermediaries, firm entries since
 * the start, then mean firm capability in every domain. */
enum { RIC_I_REGION_FIGURES = 4 };
static ric_status ric_i_declare_regions(ric_observer *o, const ric_model *m, ric_h5 *h,
                                        ric_error *err)
{
    static const char *const what[RIC_I_REGION_FIGURES] = {"innovating", "firms", "intermediaries",
                                                           "entries"};
    const size_t R = (size_t)m->p.regions, D = (size_t)m->p.domains;
    const size_t nc = RIC_I_REGION_FIGURES * R + R * D;
    char(*names)[48] = calloc(nc, sizeof *names);
    const char **ptr = calloc(nc, sizeof *ptr);
    ric_status st = names && ptr ? RIC_OK : RIC_ENOMEM;
    for (size_t r = 0; r < R && st == RIC_OK; r++) {
        for (size_t f = 0; f < RIC_I_REGION_FIGURES; f++)
            snprintf(names[f * R + r], 48, "%s.r%zu", what[f], r);
        for (size_t d = 0; d < D; d++)
            snprintf(names[RIC_I_REGION_FIGURES * R + r * D + d], 48, "k.r%zu.d%02zu", r, d);
    }
    for (size_t c = 0; c < nc && st == RIC_OK; c++)
        ptr[c] = names[c];
    if (st == RIC_OK)
        st = ric_h5_series_add(h, "regions", nc, ptr, "", &o->s_regions, err);
    free(names);
    free(ptr);
    return st == RIC_ENOMEM ? ric_error_set(err, st, "observation: no memory") : st;
}

static int ric_i_is_sme(const ric_model *m, const ric_agents *a, size_t i)
{
    return a->kind[i] == RIC_KIND_FIRM && ric_agents_i32(a, m->col_size)[i] != RIC_SIZE_LARGE;
}

/* The rows of the economy's five series (ric_i_economy_compute). */
typedef struct ric_i_econ {
    double e[10], flow[RIC_I_NCHANNELS * RIC_I_NFLOWGROUPS], fr[5], pr[5];
    double *reg; /* regions: RIC_I_REGION_FIGURES R + R D columns (malloc'ed) */
} ric_i_econ;

/* The won economy, knowledge inflow by channel, formal ties, capability
 * profiles and regions; serial sums in slot order. Computes the rows only
 * (it runs beside the capability statistics); ric_i_economy_append writes
 * them. RIC_ENOMEM if out of memory. */
static ric_status ric_i_economy_compute(const ric_model *m, const ric_world *w, ric_i_econ *ec)
{
    const ric_agents *a = &w->agents;
    const size_t n = a->n, D = a->dims, R = (size_t)m->p.regions;
    const double *sales = ric_agents_f64(a, m->col_revenue),
                 *rd = ric_agents_f64(a, m->col_rd_spend),
                 *cash = ric_agents_f64(a, m->col_resources);
    const int32_t *sector = ric_agents_i32(a, m->col_sector),
                  *size = ric_agents_i32(a, m->col_size),
                  *last = ric_agents_i32(a, m->col_last_innovation);
    double *e = ec->e, *flow = ec->flow, cnt[RIC_I_NFLOWGROUPS] = {0};
    memset(ec->e, 0, sizeof ec->e);
    memset(ec->flow, 0, sizeof ec->flow);
    double cv[3] = {0}, ncv[3] = {0}, kl = 0, nl = 0, ks = 0, ns = 0, kc = 0, nc0 = 0, ko = 0,
           no = 0;
    const size_t K = RIC_I_REGION_FIGURES * R; /* first capability column */
    double *reg = ec->reg = calloc(K + R * D, sizeof *reg), *regn = calloc(R, sizeof *regn);
    uint8_t *has_prod = calloc(n ? n : 1, 1), *has_formal = calloc(n ? n : 1, 1);
    if (!reg || !regn || !has_prod || !has_formal) {
        free(regn), free(has_prod), free(has_formal);
        return RIC_ENOMEM;
    }
    const ric_layer *F = &w->layers[RIC_FORMAL];
    for (size_t t = 0; t < F->n; t++) {
        const uint32_t u = F->a[t], v = F->b[t];
        has_formal[u] = has_formal[v] = 1;
        has_prod[u] |= (RIC_KINDS_PRODUCERS >> a->kind[v]) & 1u;
        has_prod[v] |= (RIC_KINDS_PRODUCERS >> a->kind[u]) & 1u;
    }
    double sme = 0, sme_prod = 0, firms_formal = 0;
    for (size_t i = 0; i < n; i++) {
        if (!a->alive[i])
            continue;
        const int g = ric_i_flow_group(m, a, i);
        cnt[g] += 1.0;
        for (int c = 0; c < RIC_I_NCHANNELS; c++)
            flow[c * RIC_I_NFLOWGROUPS + g] += ric_agents_f64(a, m->col_inflow[c])[i];
        if (a->kind[i] == RIC_KIND_INTERMEDIARY) {
            e[7] += 1.0;
            reg[2 * R + (size_t)a->group[i]] += 1.0;
        }
        if (a->kind[i] != RIC_KIND_FIRM)
            continue;
        const int manuf = sector[i] == RIC_SECTOR_MANUFACTURING;
        e[0] += 1.0, e[1] += sales[i], e[3] += rd[i], e[6] += cash[i];
        e[2] += manuf ? sales[i] : 0.0;
        e[4] += manuf ? rd[i] : 0.0;
        firms_formal += has_formal[i];
        if (ric_i_is_sme(m, a, i)) {
            sme += 1.0;
            sme_prod += has_prod[i];
        }
        /* Capability profile: coefficient of variation across domains. */
        const double *k = ric_agents_row(a, i);
        double mu = 0.0, var = 0.0;
        for (size_t d = 0; d < D; d++)
            mu += k[d];
        mu /= (double)D;
        for (size_t d = 0; d < D; d++)
            var += (k[d] - mu) * (k[d] - mu);
        const double c = mu > 0.0 ? sqrt(var / (double)D) / mu : 0.0;
        const int large = size[i] == RIC_SIZE_LARGE;
        cv[0] += c, ncv[0] += 1.0;
        cv[large ? 1 : 2] += c, ncv[large ? 1 : 2] += 1.0;
        if (large)
            kl += mu, nl += 1.0;
        else
            ks += mu, ns += 1.0;
        if (a->group[i] == 0)
            kc += mu, nc0 += 1.0;
        else
            ko += mu, no += 1.0;
        const size_t r = (size_t)a->group[i];
        regn[r] += 1.0;
        reg[r] += last[i] != RIC_NEVER && w->step - (int64_t)last[i] <= m->p.innovation_window;
        for (size_t d = 0; d < D; d++)
            reg[K + r * D + d] += k[d];
    }
    e[5] = e[2] > 0.0 ? e[4] / e[2] : NAN;
    e[8] = (double)m->inter_entries, e[9] = (double)m->inter_exits;
    for (int c = 0; c < RIC_I_NCHANNELS; c++)
        for (int g = 0; g < RIC_I_NFLOWGROUPS; g++)
            flow[c * RIC_I_NFLOWGROUPS + g] =
                cnt[g] > 0 ? flow[c * RIC_I_NFLOWGROUPS + g] / cnt[g] : NAN;
    const double fr[5] = {sme > 0 ? sme_prod / sme : NAN, e[0] > 0 ? firms_formal / e[0] : NAN,
                          (double)m->formal_ended,
                          m->formal_ended > 0 ? m->formal_lifetime / (double)m->formal_ended : NAN,
                          (double)m->matches};
    const double pr[5] = {ncv[0] > 0 ? cv[0] / ncv[0] : NAN, ncv[1] > 0 ? cv[1] / ncv[1] : NAN,
                          ncv[2] > 0 ? cv[2] / ncv[2] : NAN,
                          nl > 0 && ks > 0 ? (kl / nl) / (ks / ns) : NAN,
                          nc0 > 0 && ko > 0 ? (kc / nc0) / (ko / no) : NAN};
    memcpy(ec->fr, fr, sizeof fr);
    memcpy(ec->pr, pr, sizeof pr);
    for (size_t r = 0; r < R; r++) {
        const double nr = regn[r];
        reg[r] = nr > 0 ? reg[r] / nr : NAN;
        reg[R + r] = nr;
        reg[3 * R + r] = (double)m->region_entries[r];
        for (size_t d = 0; d < D; d++)
            reg[K + r * D + d] = nr > 0 ? reg[K + r * D + d] / nr : NAN;
    }
    free(regn), free(has_prod), free(has_formal);
    return RIC_OK;
}

/* Writes the economy's rows in their fixed order and frees ec->reg. */
static ric_status ric_i_economy_append(ric_observer *o, const ric_world *w, ric_h5 *h,
                                       ric_i_econ *ec, ric_error *err)
{
    ric_status st = ric_h5_series_append(h, o->s_economy, w->step, ec->e, err);
    if (st == RIC_OK)
        st = ric_h5_series_append(h, o->s_inflow, w->step, ec->flow, err);
    if (st == RIC_OK)
        st = ric_h5_series_append(h, o->s_formal, w->step, ec->fr, err);
    if (st == RIC_OK)
        st = ric_h5_series_append(h, o->s_specialisation, w->step, ec->pr, err);
    if (st == RIC_OK)
        st = ric_h5_series_append(h, o->s_regions, w->step, ec->reg, err);
    free(ec->reg);
    ec->reg = NULL;
    return st;
}

/* Mean, sd and the 10/50/90% quantiles of the agents' mean capability per
 * group: values are gathered per group in slot order and summed serially
 * (GSL), and the quantiles are order statistics, so the figures do not
 * depend on the thread count. */
static ric_status ric_i_record_stats(ric_observer *o, const ric_model *m, const ric_world *w,
                                     ric_h5 *h, ric_error *err, ric_i_econ *ec)
{
    const ric_agents *a = &w->agents;
    const size_t n = a->n, D = a->dims;
    /* Shared: v (n values), the living agents' values sorted (keys, n)
     * with their slots (n uint32) and the sort's scratch (n + n uint32).
     * The four groupings are independent: one thread each (up to four),
     * each with its own scratch: n grouped values in slot order, the same
     * in sorted order, n group labels (int32). The economy's rows are a
     * fifth job, without scratch. */
    const int nt =
        omp_get_max_threads() < RIC_I_NGROUPINGS ? omp_get_max_threads() : RIC_I_NGROUPINGS;
    const size_t half = (n + 1) / 2, per = 2 * n + half, shared = 3 * n + 2 * half;
    if (ric_scratch_f64(&o->stats_buf, &o->stats_cap, shared + (size_t)nt * per))
        return ric_error_set(err, RIC_ENOMEM, "observation: no memory");
    double *v = o->stats_buf;
    uint64_t *keys = (uint64_t *)(v + n), *tmpk = keys + n;
    uint32_t *slot = (uint32_t *)(tmpk + n), *ptmp = slot + half * 2;
    ric_agents_row_sums(a, v);
    /* One sort for all groupings: each group's values then come out in
     * order by a pass over the sorted list. Non-negative doubles order like
     * their bit patterns. */
    size_t na = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] /= (double)D;
        if (a->alive[i]) {
            memcpy(&keys[na], &v[i], sizeof v[i]);
            slot[na++] = (uint32_t)i;
        }
    }
    RIC_CHECK(ric_sort_u64_with(keys, tmpk, slot, ptmp, na));
    double rows[RIC_I_NGROUPINGS][RIC_MAX_REGIONS * RIC_I_NSTATS];
    /* Job RIC_I_NGROUPINGS is the economy's rows (serial sums of its own),
     * first, so it runs beside the groupings. */
    ric_status est = RIC_OK;
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt) if (ric_par_light(n))
    for (int job = RIC_I_NGROUPINGS; job >= 0; job--) {
        if (job == RIC_I_NGROUPINGS) {
            est = ric_i_economy_compute(m, w, ec);
            continue;
        }
        const int c = job;
        double *grouped = v + shared + (size_t)omp_get_thread_num() * per, *sorted = grouped + n;
        int32_t *grp = (int32_t *)(sorted + n);
        const size_t ng = ric_i_stats_ngroups(m, c);
        size_t start[RIC_MAX_REGIONS + 1] = {0};
        for (size_t i = 0; i < n; i++) {
            grp[i] = ric_i_stats_group(m, a, c, i);
            if (grp[i] >= 0)
                start[grp[i] + 1]++;
        }
        for (size_t g = 0; g < ng; g++)
            start[g + 1] += start[g];
        size_t fill[RIC_MAX_REGIONS];
        /* Each group's values in slot order: the sums below do not depend on threads. */
        memcpy(fill, start, ng * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            if (grp[i] >= 0)
                grouped[fill[grp[i]]++] = v[i];
        memcpy(fill, start, ng * sizeof *fill);
        for (size_t q = 0; q < na; q++)
            if (grp[slot[q]] >= 0)
                sorted[fill[grp[slot[q]]]++] = v[slot[q]];
        for (size_t g = 0; g < ng; g++) {
            const size_t cnt = start[g + 1] - start[g];
            const double *x = grouped + start[g], *sx = sorted + start[g];
            double *r = rows[c] + g * RIC_I_NSTATS;
            r[0] = cnt ? gsl_stats_mean(x, 1, cnt) : NAN;
            /* gsl_stats_sd would take the same mean again. */
            r[1] = cnt > 1 ? gsl_stats_sd_m(x, 1, cnt, r[0]) : NAN;
            r[2] = cnt ? gsl_stats_quantile_from_sorted_data(sx, 1, cnt, 0.1) : NAN;
            r[3] = cnt ? gsl_stats_quantile_from_sorted_data(sx, 1, cnt, 0.5) : NAN;
            r[4] = cnt ? gsl_stats_quantile_from_sorted_data(sx, 1, cnt, 0.9) : NAN;
        }
    }
    if (est != RIC_OK) {
        free(ec->reg);
        return ric_error_set(err, est, "observation: no memory");
    }
    ric_scratch_trim(&o->stats_buf, &o->stats_cap);
    RIC_CHECK(ric_i_economy_append(o, w, h, ec, err));
    for (int c = 0; c < RIC_I_NGROUPINGS; c++)
        RIC_CHECK(ric_h5_series_append(h, o->s_stats[c], w->step, rows[c], err));
    return RIC_OK;
}

ric_status ric_observer_declare(ric_observer *o, const ric_model *m, ric_h5 *h, ric_error *err)
{
    RIC_CHECK(ric_i_declare_stats(o, m, h, err));
    RIC_CHECK(ric_h5_series_add(h, "capability_mean", RIC_NKINDS, ric_kind_names, "capability",
                                &o->s_capability, err));
    RIC_CHECK(ric_h5_series_add(h, "density_formal", 0, NULL, "", &o->s_density[RIC_FORMAL], err));
    RIC_CHECK(
        ric_h5_series_add(h, "density_informal", 0, NULL, "", &o->s_density[RIC_INFORMAL], err));
    static const char *const cols[] = {
        "density",     "mean_degree",     "clustering", "avg_local_clustering",
        "giant_share", "degree_skewness", "max_degree"};
    static const char *const dcols[] = {"entries_total", "exits_total", "firms"};
    RIC_CHECK(ric_h5_series_add(h, "demography", 3, dcols, "", &o->s_demography, err));
    static const char *const icols[] = {"large", "sme", "manufacturing", "service"};
    RIC_CHECK(ric_h5_series_add(h, "innovating_share", 4, icols, "", &o->s_innovating, err));
    static const char *const names[RIC_NLAYERS] = {"network_formal", "network_informal"};
    for (int l = 0; l < RIC_NLAYERS; l++)
        RIC_CHECK(ric_h5_series_add(h, names[l], 7, cols, "", &o->s_network[l], err));
    static const char *const scols[] = {"stage1", "stage2", "stage3"};
    RIC_CHECK(ric_h5_series_add(h, "stage_counts", 3, scols, "firms", &o->s_stage_counts, err));
    static const char *const rcols[] = {"top5_share", "top5_share_manufacturing", "total"};
    RIC_CHECK(ric_h5_series_add(h, "rd_concentration", 3, rcols, "", &o->s_rd, err));
    static const char *const bcols[] = {"requests", "services", "matches", "utilisation",
                                        "lead_users"};
    RIC_CHECK(ric_h5_series_add(h, "brokerage", 5, bcols, "", &o->s_brokerage, err));
    static const char *const ecols[] = {"firms",
                                        "sales",
                                        "sales_manufacturing",
                                        "rd",
                                        "rd_manufacturing",
                                        "rd_sales_manufacturing",
                                        "cash",
                                        "intermediaries",
                                        "intermediary_entries_total",
                                        "intermediary_exits_total"};
    RIC_CHECK(ric_h5_series_add(h, "economy", 10, ecols, "won/step (sales, rd), won (cash)",
                                &o->s_economy, err));
    RIC_CHECK(ric_i_declare_inflow(o, h, err));
    static const char *const fcols[] = {"sme_with_producer", "firms_with_formal", "ended",
                                        "mean_lifetime_ended", "matches"};
    RIC_CHECK(ric_h5_series_add(h, "formal_ties", 5, fcols, "", &o->s_formal, err));
    static const char *const pcols[] = {"cv_firms", "cv_large", "cv_sme", "large_sme_ratio",
                                        "capital_other_ratio"};
    RIC_CHECK(ric_h5_series_add(h, "capability_profile", 5, pcols, "", &o->s_specialisation, err));
    RIC_CHECK(ric_i_declare_regions(o, m, h, err));
    static const char *const rcols2[] = {"entry_rate", "exit_rate"};
    RIC_CHECK(ric_h5_series_add(h, "demography_rates", 2, rcols2,
                                "1/year (entries, exits over the last 12 steps / firms)",
                                &o->s_rates, err));
    static const char *const ncols[] = {"product", "process"};
    RIC_CHECK(ric_h5_series_add(h, "innovations", 2, ncols, "events/step", &o->s_innovations, err));
    /* Spend per step: one column per intervention ("k.name"), then the total. */
    char(*snames)[64] = calloc((size_t)m->p.ninterventions + 2, sizeof *snames);
    const char **sptr = calloc((size_t)m->p.ninterventions + 2, sizeof *sptr);
    ric_status sst = snames && sptr ? RIC_OK : RIC_ENOMEM;
    for (int64_t k = 0; k < m->p.ninterventions && sst == RIC_OK; k++) {
        const ric_intervention *iv = &m->p.interventions[k];
        snprintf(snames[k], sizeof snames[k], "%lld.%.31s", (long long)k,
                 iv->name[0] ? iv->name : ric_policy_names[iv->type]);
        sptr[k] = snames[k];
    }
    if (sst == RIC_OK) {
        sptr[m->p.ninterventions] = "total";
        sptr[m->p.ninterventions + 1] = "cumulative";
        sst = ric_h5_series_add(h, "spend", (size_t)m->p.ninterventions + 2, sptr,
                                "won/step (simulated)", &o->s_spend, err);
    }
    free(snames);
    free(sptr);
    if (sst == RIC_ENOMEM)
        return ric_error_set(err, sst, "observation: no memory");
    RIC_CHECK(sst);
    static const char *const edoc[RIC_NEVENTS] = {
        "innovations: type 0 product, 1 process; size 0 large, 1 SME, 2 start-up; sector 0 "
        "manufacturing, 1 service",
        "spin-offs: parent is the parent's agent id", "exits: age in steps since entry"};
    for (int e = 0; e < RIC_NEVENTS; e++)
        RIC_CHECK(ric_h5_table_add(h, ric_event_names[e], RIC_EV_COLS, ric_event_columns[e],
                                   edoc[e], &o->t_events[e], err));
    return RIC_OK;
}

/* Firms per capability stage. */
static ric_status ric_i_record_stages(ric_observer *o, const ric_model *m, const ric_world *w,
                                      ric_h5 *h, ric_error *err)
{
    const ric_agents *a = &w->agents;
    const int32_t *stage = ric_agents_i32(a, m->col_stage);
    double row[3] = {0, 0, 0};
    for (size_t i = 0; i < a->n; i++)
        if (a->alive[i] && a->kind[i] == RIC_KIND_FIRM)
            row[stage[i] - 1] += 1.0;
    return ric_h5_series_append(h, o->s_stage_counts, w->step, row, err);
}

/* Share of the five largest R&D spenders (R&D spent, won) in all firms' R&D,
 * and among manufacturing firms (the seed's 43%), as it would be measured in
 * the real economy: the giants are simulated at world.scale of their size,
 * every other firm is a real firm standing for 1/scale firms, so the ranking
 * compares the giants' R&D / scale with the others' own R&D and the total is
 * the simulated total / scale. (At world.scale 1 this is the plain top-5
 * share.) Serial, in slot order. */
static ric_status ric_i_record_rd(ric_observer *o, const ric_model *m, const ric_world *w,
                                  ric_h5 *h, ric_error *err)
{
    const ric_agents *a = &w->agents;
    const double *rd = ric_agents_f64(a, m->col_rd_spend);
    const int32_t *sector = ric_agents_i32(a, m->col_sector),
                  *giant = ric_agents_i32(a, m->col_giant);
    const double scale = m->p.scale;
    double row[3], total_all = 0.0;
    for (int c = 0; c < 2; c++) {
        double top[5] = {0, 0, 0, 0, 0}, total = 0.0;
        for (size_t i = 0; i < a->n; i++) {
            if (!a->alive[i] || a->kind[i] != RIC_KIND_FIRM ||
                (c == 1 && sector[i] != RIC_SECTOR_MANUFACTURING))
                continue;
            total += rd[i];
            double x = giant[i] ? rd[i] / scale : rd[i];
            for (int k = 0; k < 5; k++) /* insert into the descending top five */
                if (x > top[k]) {
                    double t = top[k];
                    top[k] = x;
                    x = t;
                }
        }
        double s5 = top[0] + top[1] + top[2] + top[3] + top[4];
        row[c] = total > 0.0 ? s5 / (total / scale) : NAN;
        if (c == 0)
            total_all = total;
    }
    row[2] = total_all;
    return ric_h5_series_append(h, o->s_rd, w->step, row, err);
}

/* Brokerage of the last step: requests, services, matches, the share of the
 * intermediaries' capacity used, and the lead users designated. */
static ric_status ric_i_record_brokerage(ric_observer *o, const ric_model *m, const ric_world *w,
                                         ric_h5 *h, ric_error *err)
{
    const ric_agents *a = &w->agents;
    double inter = 0.0, lead = 0.0;
    const int32_t *is_lead = ric_agents_i32(a, m->col_lead);
    for (size_t i = 0; i < a->n; i++) {
        inter += a->alive[i] && a->kind[i] == RIC_KIND_INTERMEDIARY;
        lead += a->alive[i] && a->kind[i] == RIC_KIND_FIRM && is_lead[i];
    }
    double cap = inter * (double)m->p.service_capacity;
    const int32_t *extra = ric_agents_i32(a, m->col_extra_capacity);
    for (size_t i = 0; i < a->n; i++)
        cap += a->alive[i] && a->kind[i] == RIC_KIND_INTERMEDIARY ? extra[i] : 0;
    const double row[5] = {(double)m->requests, (double)m->services, (double)m->matches,
                           cap > 0.0 ? (double)m->services / cap : NAN, lead};
    return ric_h5_series_append(h, o->s_brokerage, w->step, row, err);
}

/* The events of the step into the tables; the model's lists are emptied. */
static ric_status ric_i_record_events(ric_observer *o, ric_model *m, const ric_world *w, ric_h5 *h,
                                      ric_error *err)
{
    ric_events *e = &m->events;
    double counts[2] = {0, 0};
    for (size_t r = 0; r < e->n[RIC_EV_INNOVATION]; r++)
        counts[e->rows[RIC_EV_INNOVATION][r * RIC_EV_COLS + 2] == RIC_INNOV_PROCESS] += 1.0;
    RIC_CHECK(ric_h5_series_append(h, o->s_innovations, w->step, counts, err));
    for (int t = 0; t < RIC_NEVENTS; t++) {
        for (size_t r = 0; r < e->n[t]; r++)
            RIC_CHECK(ric_h5_table_append(h, o->t_events[t], e->rows[t] + r * RIC_EV_COLS, err));
        e->n[t] = 0;
    }
    return RIC_OK;
}

/* /snapshots/step_NNNNNN: every agent's attributes, state and capability
 * vector, and both layers' ties as agent-id pairs (docs/output.md). */
static ric_status ric_i_record_snapshot(const ric_model *m, const ric_world *w, ric_h5 *h,
                                        ric_error *err)
{
    const ric_agents *a = &w->agents;
    const size_t n = a->n, D = a->dims;
    char path[96];
    int64_t *ai = malloc((n ? n : 1) * 6 * sizeof *ai);
    double *st = malloc((n ? n : 1) * 4 * sizeof *st);
    double *cap = malloc((n ? n : 1) * D * sizeof *cap);
    size_t maxties = w->layers[0].n > w->layers[1].n ? w->layers[0].n : w->layers[1].n;
    int64_t *ties = malloc((maxties ? maxties : 1) * 2 * sizeof *ties);
    ric_status rc = ai && st && cap && ties ? RIC_OK : RIC_ENOMEM;
    if (rc != RIC_OK) {
        free(ai), free(st), free(cap), free(ties);
        return ric_error_set(err, rc, "snapshot: no memory");
    }
    const int32_t *stage = ric_agents_i32(a, m->col_stage), *size = ric_agents_i32(a, m->col_size),
                  *sector = ric_agents_i32(a, m->col_sector);
    const double *absorb = ric_agents_f64(a, m->col_absorb),
                 *rev = ric_agents_f64(a, m->col_revenue),
                 *res = ric_agents_f64(a, m->col_resources);
    size_t na = 0;
    for (size_t i = 0; i < n; i++) {
        if (!a->alive[i])
            continue;
        const double *k = ric_agents_row(a, i);
        double sum = 0.0;
        for (size_t d = 0; d < D; d++)
            sum += cap[na * D + d] = k[d];
        int64_t *r = ai + na * 6;
        r[0] = (int64_t)a->id[i], r[1] = a->kind[i], r[2] = a->group[i], r[3] = stage[i];
        r[4] = size[i], r[5] = sector[i];
        double *q = st + na * 4;
        q[0] = sum / (double)D, q[1] = absorb[i], q[2] = rev[i], q[3] = res[i];
        na++;
    }
    static const char *const acols[] = {"id", "kind", "region", "stage", "size", "sector"};
    static const char *const scols[] = {"capability_mean", "absorptive", "revenue", "resources"};
    static const char *const tcols[] = {"agent_a", "agent_b"};
    static const char *const lname[RIC_NLAYERS] = {"ties_formal", "ties_informal"};
    snprintf(path, sizeof path, "/snapshots/step_%06lld/agents", (long long)w->step);
    rc = ric_h5_write_array(h, path, 1, na, 6, ai, acols, err);
    snprintf(path, sizeof path, "/snapshots/step_%06lld/state", (long long)w->step);
    if (rc == RIC_OK)
        rc = ric_h5_write_array(h, path, 0, na, 4, st, scols, err);
    snprintf(path, sizeof path, "/snapshots/step_%06lld/capability", (long long)w->step);
    if (rc == RIC_OK)
        rc = ric_h5_write_array(h, path, 0, na, D, cap, NULL, err);
    for (int l = 0; l < RIC_NLAYERS && rc == RIC_OK; l++) {
        const ric_layer *L = &w->layers[l];
        for (size_t t = 0; t < L->n; t++) {
            ties[2 * t] = (int64_t)a->id[L->a[t]];
            ties[2 * t + 1] = (int64_t)a->id[L->b[t]];
        }
        snprintf(path, sizeof path, "/snapshots/step_%06lld/%s", (long long)w->step, lname[l]);
        rc = ric_h5_write_array(h, path, 1, L->n, 2, ties, tcols, err);
    }
    snprintf(path, sizeof path, "/snapshots/step_%06lld", (long long)w->step);
    if (rc == RIC_OK)
        rc = ric_h5_write_attr_i64(h, path, "step", w->step, err);
    free(ai), free(st), free(cap), free(ties);
    return rc;
}

/* Share of living firms that innovated within the last `window` steps, by
 * size class (large, SME with start-ups) and by sector (manufacturing,
 * service). Uses the
 * scratch buffers that ric_i_record_basic sized just before. */
static ric_status ric_i_record_innovating(ric_observer *o, const ric_model *m, const ric_world *w,
                                          ric_h5 *h, ric_error *err)
{
    const ric_agents *a = &w->agents;
    const size_t n = a->n;
    double *x = o->scratch;
    int32_t *grp = (int32_t *)(o->scratch + n);
    const int32_t *last = ric_agents_i32(a, m->col_last_innovation);
    const int32_t *cls[2] = {ric_agents_i32(a, m->col_size), ric_agents_i32(a, m->col_sector)};
    double row[4];
    for (int c = 0; c < 2; c++) {
#pragma omp parallel for schedule(static) if (ric_par_light(n))
        for (size_t i = 0; i < n; i++) {
            x[i] = last[i] != RIC_NEVER && w->step - (int64_t)last[i] <= m->p.innovation_window;
            /* Start-ups are SMEs in the survey's sense (10+ employees, < 300). */
            int32_t g = cls[c][i] == RIC_SIZE_STARTUP ? RIC_SIZE_SME : cls[c][i];
            grp[i] = a->alive[i] && a->kind[i] == RIC_KIND_FIRM ? g : -1;
        }
        double sums[2], counts[2];
        RIC_CHECK(ric_reduce_grouped(x, grp, n, 2, sums, counts));
        for (int g = 0; g < 2; g++)
            row[2 * c + g] = counts[g] > 0 ? sums[g] / counts[g] : NAN;
    }
    return ric_h5_series_append(h, o->s_innovating, w->step, row, err);
}

static ric_status ric_i_record_basic(ric_observer *o, const ric_world *w, ric_h5 *h, ric_error *err)
{
    const ric_agents *a = &w->agents;
    size_t n = a->n, D = a->dims;
    /* One block of n doubles then n group labels. */
    size_t need = 2 * n;
    if (ric_scratch_f64(&o->scratch, &o->scratch_cap, need))
        return ric_error_set(err, RIC_ENOMEM, "observation: no memory");
    double *x = o->scratch;
    int32_t *grp = (int32_t *)(o->scratch + n);
    ric_agents_row_sums(a, x);
#pragma omp parallel for schedule(static) if (ric_par_light(n))
    for (size_t i = 0; i < n; i++) {
        x[i] /= (double)D;
        grp[i] = a->alive[i] ? a->kind[i] : -1;
    }
    double sums[RIC_NKINDS], counts[RIC_NKINDS], mean[RIC_NKINDS];
    RIC_CHECK(ric_reduce_grouped(x, grp, n, RIC_NKINDS, sums, counts));
    for (int g = 0; g < RIC_NKINDS; g++)
        mean[g] = counts[g] > 0 ? sums[g] / counts[g] : NAN; /* no agent of the kind */
    RIC_CHECK(ric_h5_series_append(h, o->s_capability, w->step, mean, err));
    size_t alive = ric_agents_alive_count(a);
    for (int l = 0; l < RIC_NLAYERS; l++) {
        double dens = ric_layer_density(&w->layers[l], alive);
        RIC_CHECK(ric_h5_series_append(h, o->s_density[l], w->step, &dens, err));
    }
    return RIC_OK;
}

static ric_status ric_i_record_network(ric_observer *o, ric_world *w, ric_h5 *h, ric_error *err)
{
    const ric_agents *a = &w->agents;
    /* igraph's copy of a layer is the run's peak memory in large worlds: a
     * stale adjacency need not be held meanwhile. */
    for (int l = 0; l < RIC_NLAYERS; l++)
        ric_layer_drop_stale_csr(&w->layers[l]);
    for (int l = 0; l < RIC_NLAYERS; l++) {
        ric_netstats ns;
        RIC_CHECK(ric_netstats_compute(&w->layers[l], a->n, a->alive, &ns, err));
        const double row[7] = {
            ns.density,     ns.mean_degree,     ns.clustering,        ns.avg_local_clustering,
            ns.giant_share, ns.degree_skewness, (double)ns.max_degree};
        RIC_CHECK(ric_h5_series_append(h, o->s_network[l], w->step, row, err));
    }
    return RIC_OK;
}

ric_status ric_observer_record(ric_observer *o, ric_model *m, ric_world *w, ric_h5 *h,
                               ric_error *err)
{
    const int last = w->step == m->p.steps;
    RIC_CHECK(ric_i_record_events(o, m, w, h, err));
    if (m->p.snapshot_every > 0 && (w->step % m->p.snapshot_every == 0 || last))
        RIC_CHECK(ric_i_record_snapshot(m, w, h, err));
    if (w->step % m->p.output_every == 0 || last) {
        RIC_CHECK(ric_i_record_stages(o, m, w, h, err));
        RIC_CHECK(ric_i_record_rd(o, m, w, h, err));
        RIC_CHECK(ric_i_record_brokerage(o, m, w, h, err));
        double spend[RIC_MAX_INTERVENTIONS + 2], total = 0.0;
        for (int64_t k = 0; k < m->p.ninterventions; k++)
            total += spend[k] = m->spend[k];
        spend[m->p.ninterventions] = total;
        spend[m->p.ninterventions + 1] = m->spend_cumulative;
        RIC_CHECK(ric_h5_series_append(h, o->s_spend, w->step, spend, err));
        RIC_CHECK(ric_i_record_basic(o, w, h, err));
        RIC_CHECK(ric_i_record_innovating(o, m, w, h, err));
        ric_scratch_trim(&o->scratch, &o->scratch_cap);
        ric_i_econ ec = {.reg = NULL};
        RIC_CHECK(ric_i_record_stats(o, m, w, h, err, &ec));
        double firms = 0.0;
        for (size_t i = 0; i < w->agents.n; i++)
            firms += w->agents.alive[i] && w->agents.kind[i] == RIC_KIND_FIRM;
        const double row[3] = {(double)m->entries_total, (double)m->exits_total, firms};
        RIC_CHECK(ric_h5_series_append(h, o->s_demography, w->step, row, err));
        /* Over the last 12 steps (fewer at the start of a run). */
        const int64_t back = w->step < 12 ? w->step : 12, slot = (w->step - back) % 12;
        const double span = back > 0 ? 12.0 / (double)back : NAN;
        const double rates[2] = {
            firms > 0 ? span * (double)(m->entries_total - m->hist_entries[slot]) / firms : NAN,
            firms > 0 ? span * (double)(m->exits_total - m->hist_exits[slot]) / firms : NAN};
        RIC_CHECK(ric_h5_series_append(h, o->s_rates, w->step, rates, err));
    }
    if (w->step % m->p.network_every == 0 || last)
        RIC_CHECK(ric_i_record_network(o, w, h, err));
    /* The totals of this step, read 12 steps later for the annual rates. */
    m->hist_entries[w->step % 12] = m->entries_total;
    m->hist_exits[w->step % 12] = m->exits_total;
    return RIC_OK;
}

/* The observable registry (ric_observables.h): the series and columns
 * declared above, as readers see them. */
const ric_observable ric_observables[] = {
    {"capability_smes", "capability_by_size", "sme.mean", "SME capability", "index 0-1",
     RIC_OBS_LEVEL, 1, 1},
    {"capability_firms", "capability_mean", "firm", "firm capability", "index 0-1", RIC_OBS_LEVEL,
     1, 1},
    {"capability_large", "capability_by_size", "large.mean", "large-firm capability", "index 0-1",
     RIC_OBS_LEVEL, 0, 0},
    {"capability_startups", "capability_by_size", "startup.mean", "start-up capability",
     "index 0-1", RIC_OBS_LEVEL, 0, 0},
    {"capability_universities", "capability_mean", "university", "university capability",
     "index 0-1", RIC_OBS_LEVEL, 0, 0},
    {"capability_institutes", "capability_mean", "institute", "institute capability", "index 0-1",
     RIC_OBS_LEVEL, 0, 0},
    {"capability_intermediaries", "capability_mean", "intermediary", "intermediary capability",
     "index 0-1", RIC_OBS_LEVEL, 0, 0},
    {"innovating_smes", "innovating_share", "sme", "SMEs innovating (last 3 years)", "%",
     RIC_OBS_SHARE, 1, 0},
    {"innovating_large", "innovating_share", "large", "large firms innovating (last 3 years)", "%",
     RIC_OBS_SHARE, 0, 0},
    {"innovating_manufacturing", "innovating_share", "manufacturing",
     "manufacturers innovating (last 3 years)", "%", RIC_OBS_SHARE, 0, 0},
    {"innovating_service", "innovating_share", "service", "service firms innovating (last 3 years)",
     "%", RIC_OBS_SHARE, 0, 0},
    {"ties_informal", "network_informal", "mean_degree", "informal ties per agent",
     "ties per agent", RIC_OBS_LEVEL, 1, 1},
    {"ties_formal", "network_formal", "mean_degree", "formal ties per agent", "ties per agent",
     RIC_OBS_LEVEL, 1, 1},
    {"density_informal", "density_informal", "", "informal network density", "share of pairs",
     RIC_OBS_LEVEL, 0, 0},
    {"density_formal", "density_formal", "", "formal network density", "share of pairs",
     RIC_OBS_LEVEL, 0, 0},
    {"firms", "demography", "firms", "firms", "firms", RIC_OBS_COUNT, 0, 0},
    {"entries", "demography", "entries_total", "firm entries since step 0", "firms", RIC_OBS_COUNT,
     0, 0},
    {"exits", "demography", "exits_total", "firm exits since step 0", "firms", RIC_OBS_COUNT, 0, 0},
    {"firms_stage3", "stage_counts", "stage3", "firms at the creation stage (3)", "firms",
     RIC_OBS_COUNT, 0, 0},
    {"rd_top5_share", "rd_concentration", "top5_share", "R&D share of the 5 largest spenders", "%",
     RIC_OBS_SHARE, 0, 0},
    {"brokerage_utilisation", "brokerage", "utilisation", "intermediary capacity used", "%",
     RIC_OBS_SHARE, 0, 0},
    {"spend", "spend", "cumulative", "policy spend since step 0", "billion won", RIC_OBS_MONEY, 1,
     0},
};
const size_t ric_nobservables = sizeof ric_observables / sizeof ric_observables[0];

const ric_observable *ric_observable_find(const char *key)
{
    for (size_t k = 0; k < ric_nobservables; k++)
        if (strcmp(ric_observables[k].key, key) == 0)
            return &ric_observables[k];
    return NULL;
}
