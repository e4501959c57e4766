/* Lead users and user groups (docs/model.md 7.14): when a scenario designates
 * them, the most capable SMEs of each region become lead users; every other
 * firm of the region joins the user group of the cognitively nearest lead
 * user; members meet in their group (new informal ties), and lead users raise
 * the service quality of their region's intermediaries (brokerage.c). */
#include "ric_model.h"

#include "ric_par.h"

#include "ric_rng.h"

#include <stdlib.h>

typedef struct ric_i_rank {
    int32_t region;
    double kmean;
    uint64_t id;
    uint32_t slot;
} ric_i_rank;

/* Region ascending, capability descending, id ascending: the designation is
 * a function of the state alone. */
static int ric_i_rank_cmp(const void *x, const void *y)
{
    const ric_i_rank *a = x, *b = y;
    if (a->region != b->region)
        return a->region < b->region ? -1 : 1;
    if (a->kmean != b->kmean)
        return a->kmean > b->kmean ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* Lead users per region: lead_users.per_region plus what interventions buy. */
static int ric_i_any_quota(const ric_model *m)
{
    for (int64_t r = 0; r < m->p.regions; r++)
        if (m->lead_quota[r] > 0)
            return 1;
    return 0;
}

ric_status ric_lead_users_designate(ric_model *m, ric_world *w, ric_error *err)
{
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const size_t n = a->n, D = a->dims;
    int32_t *lead = ric_agents_i32(a, m->col_lead);
    double *group = ric_agents_f64(a, m->col_group);
    const int32_t *size = ric_agents_i32(a, m->col_size);
    for (size_t s = 0; s < n; s++) {
        lead[s] = 0;
        group[s] = -1.0;
    }
    if (!ric_i_any_quota(m))
        return RIC_OK;
    ric_i_rank *rank = malloc((n ? n : 1) * sizeof *rank);
    uint32_t *leads = malloc((n ? n : 1) * sizeof *leads);
    size_t *lstart = calloc((size_t)p->regions + 1, sizeof *lstart);
    double *ksum = malloc((n ? n : 1) * sizeof *ksum);
    if (!rank || !leads || !lstart || !ksum) {
        free(rank);
        free(leads);
        free(lstart);
        free(ksum);
        return ric_error_set(err, RIC_ENOMEM, "lead users: no memory");
    }
    ric_agents_row_sums(a, ksum);
    size_t nr = 0;
    for (size_t s = 0; s < n; s++)
        if (a->alive[s] && a->kind[s] == RIC_KIND_FIRM && size[s] == RIC_SIZE_SME)
            rank[nr++] = (ric_i_rank){a->group[s], ksum[s] / (double)D, a->id[s], (uint32_t)s};
    qsort(rank, nr, sizeof *rank, ric_i_rank_cmp);
    /* The first lead_users of each region's run; leads[] grouped by region. */
    size_t nl = 0;
    for (size_t q = 0; q < nr; q++) {
        int32_t r = rank[q].region;
        if ((int64_t)lstart[r + 1] < m->lead_quota[r]) {
            lstart[r + 1]++;
            leads[nl++] = rank[q].slot;
            lead[rank[q].slot] = 1;
            group[rank[q].slot] = (double)rank[q].id;
        }
    }
    for (int64_t r = 0; r < p->regions; r++)
        lstart[r + 1] += lstart[r];
    /* Every other firm of the region picks its cognitively nearest lead
     * user; each lead user hosts at most lead_capacity of them, the nearest
     * first (a group has a size: no super-hubs, and more lead users reach
     * more firms). */
    double *best = malloc((n ? n : 1) * sizeof *best);
    if (!best) {
        free(rank), free(leads), free(lstart), free(ksum);
        return ric_error_set(err, RIC_ENOMEM, "lead users: no memory");
    }
#pragma omp parallel for schedule(static) if (ric_par_heavy(n))
    for (size_t s = 0; s < n; s++) {
        best[s] = 2.0;
        if (!a->alive[s] || a->kind[s] != RIC_KIND_FIRM || lead[s])
            continue;
        const double *ks = ric_agents_row(a, s);
        for (size_t q = lstart[a->group[s]]; q < lstart[a->group[s] + 1]; q++) {
            uint32_t l = leads[q];
            double d = ric_cognitive_distance(ks, ric_agents_row(a, l), D, ksum[s], ksum[l]);
            if (d < best[s]) { /* strict: the first (most capable) lead user wins ties */
                best[s] = d;
                group[s] = (double)a->id[l];
            }
        }
    }
    /* Candidates by (lead user, distance, id); the first lead_capacity stay. */
    size_t nq = 0;
    for (size_t s = 0; s < n; s++)
        if (best[s] < 2.0)
            rank[nq++] = (ric_i_rank){0, -best[s], a->id[s], (uint32_t)s};
    for (size_t q = 0; q < nq; q++)
        rank[q].region = (int32_t)ric_agents_find(a, (uint64_t)group[rank[q].slot]);
    qsort(rank, nq, sizeof *rank, ric_i_rank_cmp);
    int64_t hosted = 0;
    for (size_t q = 0; q < nq; q++) {
        hosted = q > 0 && rank[q].region == rank[q - 1].region ? hosted + 1 : 1;
        if (hosted > p->lead_capacity)
            group[rank[q].slot] = -1.0;
    }
    free(best);
    free(rank);
    free(leads);
    free(lstart);
    free(ksum);
    return RIC_OK;
}

ric_status ric_phase_user_groups(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    const ric_params *p = &m->p;
    if (!ric_i_any_quota(m))
        return RIC_OK;
    if (w->step % p->lead_review == 0)
        RIC_CHECK(ric_lead_users_designate(m, w, err));
    ric_agents *a = &w->agents;
    const size_t n = a->n;
    const double *group = ric_agents_f64(a, m->col_group);
    ric_group_member *mem = malloc((n ? n : 1) * sizeof *mem);
    uint64_t *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!mem || !keys) {
        free(mem);
        free(keys);
        return ric_error_set(err, RIC_ENOMEM, "user groups: no memory");
    }
    size_t nm = 0;
    for (size_t s = 0; s < n; s++)
        if (a->alive[s] && group[s] >= 0.0)
            mem[nm++] = (ric_group_member){(int64_t)group[s], (uint32_t)s}; /* ids < 2^53 */
    ric_group_sort(mem, nm);
    /* Each member, with chance group_rate, meets the group's lead user (half
     * the meetings) or another member drawn at random. */
#pragma omp parallel for schedule(static) if (ric_par_heavy(nm))
    for (size_t q = 0; q < nm; q++) {
        keys[q] = UINT64_MAX;
        const uint32_t i = mem[q].slot;
        ric_rng_stream rs;
        ric_rng_stream_init(&rs);
        ric_rng_seek(&rs.rng, w->seed, w->replication, a->id[i], w->step, RIC_PURPOSE_GROUP);
        if (gsl_rng_uniform(&rs.rng) >= p->group_rate)
            continue;
        size_t lo, hi;
        ric_group_run(mem, nm, q, &lo, &hi);
        size_t j = gsl_rng_uniform(&rs.rng) < 0.5
                       ? ric_agents_find(a, (uint64_t)mem[q].group)
                       : mem[lo + gsl_rng_uniform_int(&rs.rng, hi - lo)].slot;
        if (j != RIC_NO_SLOT && j != i)
            keys[q] = ric_tie_key(i, (uint32_t)j);
    }
    size_t nk = 0;
    for (size_t q = 0; q < nm; q++)
        if (keys[q] != UINT64_MAX)
            keys[nk++] = keys[q];
    const ric_layer_params *lp = &p->layer[RIC_INFORMAL];
    ric_status st = ric_layer_insert(&w->layers[RIC_INFORMAL], keys, nk, (int32_t)w->step,
                                     lp->strength, lp->trust, NULL);
    free(mem);
    free(keys);
    if (st != RIC_OK)
        return ric_error_set(err, st, "user groups: %s", ric_status_message(st));
    return RIC_OK;
}
