/* Agents of each region by kind, in slot order: the candidate lists of
 * meetings, partner searches, service requests and user groups. */
#include "ric_model.h"

#include <stdlib.h>

void ric_region_index_init(ric_region_index *rg)
{
    rg->slots = NULL;
    rg->start = NULL;
    rg->nregions = 0;
}

void ric_region_index_destroy(ric_region_index *rg)
{
    free(rg->slots);
    free(rg->start);
    ric_region_index_init(rg);
}

ric_status ric_region_index_build(ric_region_index *rg, const ric_agents *a, size_t R,
                                  unsigned kinds)
{
    ric_region_index_destroy(rg);
    rg->slots = malloc((a->n ? a->n : 1) * sizeof *rg->slots);
    rg->start = calloc(R + 1, sizeof *rg->start);
    size_t *fill = malloc((R ? R : 1) * sizeof *fill);
    if (!rg->slots || !rg->start || !fill) {
        free(fill);
        ric_region_index_destroy(rg);
        return RIC_ENOMEM;
    }
    rg->nregions = R;
    for (size_t s = 0; s < a->n; s++)
        if (a->alive[s] && (kinds >> a->kind[s] & 1u))
            rg->start[a->group[s] + 1]++;
    for (size_t r = 0; r < R; r++)
        rg->start[r + 1] += rg->start[r];
    for (size_t r = 0; r < R; r++)
        fill[r] = rg->start[r];
    for (size_t s = 0; s < a->n; s++)
        if (a->alive[s] && (kinds >> a->kind[s] & 1u))
            rg->slots[fill[a->group[s]]++] = (uint32_t)s;
    free(fill);
    return RIC_OK;
}

static int ric_i_member_cmp(const void *x, const void *y)
{
    const ric_group_member *a = x, *b = y;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return (a->slot > b->slot) - (a->slot < b->slot);
}

void ric_group_sort(ric_group_member *m, size_t n)
{
    qsort(m, n, sizeof *m, ric_i_member_cmp);
}

void ric_group_run(const ric_group_member *m, size_t n, size_t q, size_t *lo, size_t *hi)
{
    *lo = q;
    *hi = q + 1;
    while (*lo > 0 && m[*lo - 1].group == m[q].group)
        (*lo)--;
    while (*hi < n && m[*hi].group == m[q].group)
        (*hi)++;
}
