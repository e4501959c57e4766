#include "ric_agents.h"

#include "ric_par.h"

#include <stdlib.h>
#include <string.h>

static size_t ric_i_col_size(ric_col_type t)
{
    return t == RIC_COL_F64 ? sizeof(double) : sizeof(int32_t);
}

ric_status ric_agents_init(ric_agents *a, size_t dims)
{
    memset(a, 0, sizeof *a);
    if (dims == 0)
        return RIC_EINVAL;
    a->dims = dims;
    return RIC_OK;
}

void ric_agents_destroy(ric_agents *a)
{
    if (!a)
        return;
    free(a->id);
    free(a->kind);
    free(a->group);
    free(a->alive);
    free(a->k);
    free(a->k_next);
    for (size_t c = 0; c < a->ncols; c++)
        free(a->cols[c].data);
    memset(a, 0, sizeof *a);
}

/* Grows one array to newcap elements, zeroing the new tail. */
static ric_status ric_i_grow(void **p, size_t elsize, size_t oldcap, size_t newcap)
{
    void *q = realloc(*p, newcap * elsize);
    if (!q)
        return RIC_ENOMEM;
    memset((char *)q + oldcap * elsize, 0, (newcap - oldcap) * elsize);
    *p = q;
    return RIC_OK;
}

static ric_status ric_i_reserve(ric_agents *a, size_t want)
{
    if (want <= a->cap)
        return RIC_OK;
    size_t nc = a->cap ? a->cap : 1024;
    while (nc < want)
        nc += nc / 2;
    size_t d = a->dims;
    RIC_CHECK(ric_i_grow((void **)&a->id, sizeof *a->id, a->cap, nc));
    RIC_CHECK(ric_i_grow((void **)&a->kind, sizeof *a->kind, a->cap, nc));
    RIC_CHECK(ric_i_grow((void **)&a->group, sizeof *a->group, a->cap, nc));
    RIC_CHECK(ric_i_grow((void **)&a->alive, sizeof *a->alive, a->cap, nc));
    RIC_CHECK(ric_i_grow((void **)&a->k, d * sizeof *a->k, a->cap, nc));
    RIC_CHECK(ric_i_grow((void **)&a->k_next, d * sizeof *a->k_next, a->cap, nc));
    for (size_t c = 0; c < a->ncols; c++)
        RIC_CHECK(ric_i_grow(&a->cols[c].data, ric_i_col_size(a->cols[c].type), a->cap, nc));
    a->cap = nc;
    return RIC_OK;
}

ric_status ric_agents_add_column(ric_agents *a, const char *name, ric_col_type type, size_t *col)
{
    if (a->ncols == RIC_MAX_COLUMNS || strlen(name) >= sizeof a->cols[0].name ||
        ric_agents_column_index(a, name) != RIC_NO_SLOT)
        return RIC_EINVAL;
    ric_column *c = &a->cols[a->ncols];
    c->data = calloc(a->cap ? a->cap : 1, ric_i_col_size(type));
    if (!c->data)
        return RIC_ENOMEM;
    strcpy(c->name, name);
    c->type = type;
    *col = a->ncols++;
    return RIC_OK;
}

size_t ric_agents_column_index(const ric_agents *a, const char *name)
{
    for (size_t c = 0; c < a->ncols; c++)
        if (strcmp(a->cols[c].name, name) == 0)
            return c;
    return RIC_NO_SLOT;
}

ric_status ric_agents_add(ric_agents *a, size_t count, size_t *first)
{
    RIC_CHECK(ric_i_reserve(a, a->n + count));
    for (size_t s = a->n; s < a->n + count; s++) {
        a->id[s] = a->next_id++;
        a->alive[s] = 1;
    }
    if (first)
        *first = a->n;
    a->n += count;
    return RIC_OK;
}

size_t ric_agents_find(const ric_agents *a, uint64_t id)
{
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < a->n && a->id[lo] == id) ? lo : RIC_NO_SLOT;
}

size_t ric_agents_alive_count(const ric_agents *a)
{
    size_t c = 0;
    for (size_t s = 0; s < a->n; s++)
        c += a->alive[s] != 0;
    return c;
}

/* Moves slots [s, s + len) to [w, w + len) in every array (w < s). */
static void ric_i_move_run(ric_agents *a, size_t w, size_t s, size_t len)
{
    const size_t d = a->dims;
    memmove(a->id + w, a->id + s, len * sizeof *a->id);
    memmove(a->kind + w, a->kind + s, len * sizeof *a->kind);
    memmove(a->group + w, a->group + s, len * sizeof *a->group);
    memmove(a->alive + w, a->alive + s, len * sizeof *a->alive);
    memmove(a->k + w * d, a->k + s * d, len * d * sizeof *a->k);
    memmove(a->k_next + w * d, a->k_next + s * d, len * d * sizeof *a->k_next);
    for (size_t c = 0; c < a->ncols; c++) {
        const size_t es = ric_i_col_size(a->cols[c].type);
        char *p = a->cols[c].data;
        memmove(p + w * es, p + s * es, len * es);
    }
}

void ric_agents_compact(ric_agents *a, size_t *old_to_new)
{
    /* Runs of living agents move as blocks: a few exits among many agents
     * cost a few memmoves per array, not one copy per agent and column. */
    const size_t n = a->n;
    size_t w = 0, s = 0;
    while (s < n) {
        if (!a->alive[s]) {
            if (old_to_new)
                old_to_new[s] = RIC_NO_SLOT;
            s++;
            continue;
        }
        size_t e = s;
        for (; e < n && a->alive[e]; e++)
            if (old_to_new)
                old_to_new[e] = w + (e - s);
        if (w != s)
            ric_i_move_run(a, w, s, e - s);
        w += e - s;
        s = e;
    }
    a->n = w;
}

void ric_agents_swap(ric_agents *a)
{
    double *t = a->k;
    a->k = a->k_next;
    a->k_next = t;
}

void ric_agents_row_sums(const ric_agents *a, double *out)
{
    const size_t n = a->n;
#pragma omp parallel for schedule(static) if (ric_par_light(n))
    for (size_t i = 0; i < n; i++)
        out[i] = ric_agents_row_sum(a, i);
}
