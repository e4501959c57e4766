/* Cluster councils (docs/model.md 7.16; seed s.1, s.5): each region has an
 * S&T information cluster council, a body whose members are the region's
 * most capable organisations of every kind (firms, universities and
 * institutes, intermediaries). Every council_interval steps it meets: each
 * member makes council_contacts contacts with other members (an informal
 * tie, or one more interaction on an existing one). Membership is renewed
 * at every meeting from the current state, so exits leave no ghost members.
 * The cluster_council intervention buys contacts of targets with members
 * (policy.c). */
#include "ric_model.h"

#include "ric_par.h"

#include "ric_rng.h"

#include <stdlib.h>

typedef struct ric_i_cand {
    int32_t region, group; /* group: 0 firms, 1 producers, 2 intermediaries */
    double kmean;
    uint64_t id;
    uint32_t slot;
} ric_i_cand;

static int ric_i_cand_cmp(const void *x, const void *y)
{
    const ric_i_cand *a = x, *b = y;
    if (a->region != b->region)
        return a->region < b->region ? -1 : 1;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->kmean != b->kmean)
        return a->kmean > b->kmean ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

ric_status ric_council_designate(ric_model *m, ric_world *w, int64_t extra, ric_error *err)
{
    const ric_params *p = &m->p;
    ric_agents *a = &w->agents;
    const size_t n = a->n;
    int32_t *member = ric_agents_i32(a, m->col_council);
    for (size_t s = 0; s < n; s++)
        member[s] = 0;
    int64_t size = ric_scaled_count(p, p->council_members) + extra;
    if (p->council_members == 0 || size <= 0)
        return RIC_OK;
    size = size < 4 ? 4 : size;
    /* Candidates by (region, group) bucket in slot order (second half of c). */
    const size_t nb = (size_t)p->regions * 3;
    ric_i_cand *c = malloc((n ? n : 1) * 2 * sizeof *c);
    double *ksum = malloc((n ? n : 1) * sizeof *ksum);
    size_t *start = calloc(nb + 1, sizeof *start);
    if (!c || !ksum || !start) {
        free(c);
        free(ksum);
        free(start);
        return ric_error_set(err, RIC_ENOMEM, "councils: no memory");
    }
    ric_agents_row_sums(a, ksum);
    size_t nc = 0;
    for (size_t s = 0; s < n; s++) {
        if (!a->alive[s])
            continue;
        const int k = a->kind[s];
        const int32_t g = k == RIC_KIND_FIRM ? 0 : k == RIC_KIND_INTERMEDIARY ? 2 : 1;
        c[nc++] = (ric_i_cand){a->group[s], g, ksum[s], a->id[s], (uint32_t)s};
        start[(size_t)a->group[s] * 3 + (size_t)g + 1]++;
    }
    for (size_t b = 0; b < nb; b++)
        start[b + 1] += start[b];
    ric_i_cand *byb = c + n;
    for (size_t q = 0; q < nc; q++)
        byb[start[(size_t)c[q].region * 3 + (size_t)c[q].group]++] = c[q];
    /* Half the seats for firms, a quarter each for producers and
     * intermediaries: every kind sits at the table. The seats go to the
     * first of each bucket in the order of ric_i_cand_cmp (most capable,
     * then lowest id): a total order, so picking them gives the members a
     * full sort would. */
    const int64_t quota[3] = {size - 2 * (size / 4), size / 4, size / 4};
    for (size_t b = 0, lo = 0; b < nb; lo = start[b], b++) {
        const size_t cnt = start[b] - lo,
                     take = (size_t)quota[b % 3] < cnt ? (size_t)quota[b % 3] : cnt;
        ric_i_cand *v = byb + lo;
        /* The head v[0 .. take) is kept sorted; a later candidate enters
         * only if it beats the last seat (most do not: one comparison). */
        for (size_t q = 1; q < cnt && take > 0; q++) {
            const ric_i_cand e = v[q];
            size_t j = q; /* the head grows to `take` */
            if (q >= take) {
                if (ric_i_cand_cmp(&e, &v[take - 1]) >= 0)
                    continue;
                v[q] = v[take - 1]; /* the last seat's holder drops out */
                j = take - 1;
            }
            for (; j > 0 && ric_i_cand_cmp(&e, &v[j - 1]) < 0; j--)
                v[j] = v[j - 1];
            v[j] = e;
        }
        for (size_t q = 0; q < take; q++)
            member[byb[lo + q].slot] = 1;
    }
    free(start);
    free(c);
    free(ksum);
    return RIC_OK;
}

ric_status ric_council_index(const ric_model *m, const ric_agents *a, ric_region_index *rg)
{
    const size_t R = (size_t)m->p.regions;
    RIC_CHECK(ric_region_index_build(rg, a, R, RIC_KINDS_ALL));
    const int32_t *member = ric_agents_i32(a, m->col_council);
    /* Keep members only, region by region, in slot order. */
    size_t out = 0, lo = 0;
    int any = 0;
    for (size_t r = 0; r < R; r++) {
        const size_t hi = rg->start[r + 1];
        for (size_t q = lo; q < hi; q++)
            if (member[rg->slots[q]]) {
                rg->slots[out++] = rg->slots[q];
                any = 1;
            }
        lo = hi;
        rg->start[r + 1] = out;
    }
    if (!any) /* no councils: the region's producers and intermediaries host */
        return ric_region_index_build(rg, a, R, RIC_KINDS_HOSTS);
    return RIC_OK;
}

ric_status ric_phase_council(ric_world *w, void *model, ric_error *err)
{
    ric_model *m = model;
    const ric_params *p = &m->p;
    if (p->council_members == 0 || p->council_contacts == 0 || w->step % p->council_interval != 0)
        return RIC_OK;
    RIC_CHECK(ric_council_designate(m, w, 0, err));
    ric_agents *a = &w->agents;
    ric_region_index rg;
    ric_region_index_init(&rg);
    ric_status st = ric_council_index(m, a, &rg);
    const size_t nmem = st == RIC_OK ? rg.start[rg.nregions] : 0;
    const size_t per = (size_t)p->council_contacts;
    uint64_t *keys = malloc((nmem * per > 0 ? nmem * per : 1) * sizeof *keys);
    if (st == RIC_OK && !keys)
        st = RIC_ENOMEM;
    if (st == RIC_OK) {
        ric_layer *I = &w->layers[RIC_INFORMAL];
#pragma omp parallel for schedule(static) if (ric_par_heavy(nmem))
        for (size_t q = 0; q < nmem; q++) {
            const uint32_t i = rg.slots[q];
            const size_t r = (size_t)a->group[i], r0 = rg.start[r], nr = rg.start[r + 1] - r0;
            ric_rng_stream rs;
            ric_rng_stream_init(&rs);
            ric_rng_seek(&rs.rng, w->seed, w->replication, a->id[i], w->step, RIC_PURPOSE_COUNCIL);
            for (size_t e = 0; e < per; e++) {
                const uint32_t j = rg.slots[r0 + gsl_rng_uniform_int(&rs.rng, nr)];
                keys[q * per + e] = j != i ? ric_tie_key(i, j) : UINT64_MAX;
            }
        }
        /* Existing ties interact (in key order); new ones are inserted
         * where both members have room for another acquaintance. Degrees
         * only: a CSR built here would be stale after the insert below. */
        uint32_t *deg = malloc((a->n ? a->n : 1) * sizeof *deg);
        st = deg ? ric_layer_degrees(I, a->n, deg) : RIC_ENOMEM;
        size_t nk = 0;
        for (size_t q = 0; q < nmem * per && st == RIC_OK; q++) {
            if (keys[q] == UINT64_MAX)
                continue;
            const uint32_t u = (uint32_t)(keys[q] >> 32), v = (uint32_t)keys[q];
            const int room = (double)deg[u] < ric_informal_capacity(p, a->kind[u]) &&
                             (double)deg[v] < ric_informal_capacity(p, a->kind[v]);
            if (room || ric_layer_find(I, u, v) != RIC_NO_TIE)
                keys[nk++] = keys[q];
        }
        if (st == RIC_OK)
            st = ric_sort_unique_u64(keys, nk, &nk);
        for (size_t q = 0; q < nk && st == RIC_OK; q++) {
            const size_t t = ric_layer_find(I, (uint32_t)(keys[q] >> 32), (uint32_t)keys[q]);
            if (t != RIC_NO_TIE)
                ric_tie_interact(p, I, t, (int32_t)w->step);
        }
        free(deg);
        const ric_layer_params *lp = &p->layer[RIC_INFORMAL];
        if (st == RIC_OK)
            st = ric_layer_insert(I, keys, nk, (int32_t)w->step, lp->strength, lp->trust, NULL);
    }
    free(keys);
    ric_region_index_destroy(&rg);
    if (st != RIC_OK)
        return ric_error_set(err, st, "councils: %s", ric_status_message(st));
    return RIC_OK;
}
