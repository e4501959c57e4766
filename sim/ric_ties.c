#include "ric_ties.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

void ric_layer_init(ric_layer *L)
{
    memset(L, 0, sizeof *L);
}

void ric_layer_destroy(ric_layer *L)
{
    if (!L)
        return;
    free(L->a);
    free(L->b);
    free(L->w);
    free(L->tau);
    free(L->created);
    free(L->last);
    free(L->row);
    free(L->nbr);
    free(L->tie);
    free(L->cur);
    memset(L, 0, sizeof *L);
}

static ric_status ric_i_reserve(ric_layer *L, size_t want)
{
    if (want <= L->cap)
        return RIC_OK;
    size_t nc = L->cap ? L->cap : 1024;
    while (nc < want)
        nc += nc / 2;
    void *p;
#define RIC_I_GROW(field)                                                                          \
    p = realloc(L->field, nc * sizeof *L->field);                                                  \
    if (!p)                                                                                        \
        return RIC_ENOMEM;                                                                         \
    L->field = p;
    RIC_I_GROW(a)
    RIC_I_GROW(b)
    RIC_I_GROW(w)
    RIC_I_GROW(tau)
    RIC_I_GROW(created)
    RIC_I_GROW(last)
#undef RIC_I_GROW
    L->cap = nc;
    return RIC_OK;
}

ric_status ric_sort_u64_with(uint64_t *keys, uint64_t *tmp, uint32_t *pay, uint32_t *ptmp, size_t n)
{
    /* LSD radix sort (stable): 16-bit digits for large inputs, 8-bit digits
     * for small ones (where clearing 65536 counters would cost more than the
     * sort). A pass is skipped when all keys share its digit. */
    const int bits = n >= 65536 ? 16 : 8;
    const size_t nb = (size_t)1 << bits, mask = nb - 1;
    size_t *count = malloc(nb * sizeof *count);
    if (!count)
        return RIC_ENOMEM;
    uint64_t *src = keys, *dst = tmp;
    uint32_t *psrc = pay, *pdst = ptmp;
    for (int shift = 0; shift < 64; shift += bits) {
        memset(count, 0, nb * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(src[i] >> shift) & mask]++;
        if (n && count[(src[0] >> shift) & mask] == n)
            continue;
        size_t sum = 0;
        for (size_t d = 0; d < nb; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        if (pay) {
            for (size_t i = 0; i < n; i++) {
                const size_t q = count[(src[i] >> shift) & mask]++;
                dst[q] = src[i];
                pdst[q] = psrc[i];
            }
            uint32_t *t = psrc;
            psrc = pdst;
            pdst = t;
        } else {
            for (size_t i = 0; i < n; i++)
                dst[count[(src[i] >> shift) & mask]++] = src[i];
        }
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != keys)
        memcpy(keys, src, n * sizeof *keys);
    if (pay && psrc != pay)
        memcpy(pay, psrc, n * sizeof *pay);
    free(count);
    return RIC_OK;
}

ric_status ric_sort_u64(uint64_t *keys, uint64_t *tmp, size_t n)
{
    return ric_sort_u64_with(keys, tmp, NULL, NULL, n);
}

ric_status ric_sort_unique_u64(uint64_t *keys, size_t n, size_t *nout)
{
    uint64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return RIC_ENOMEM;
    ric_status st = ric_sort_u64(keys, tmp, n);
    free(tmp);
    RIC_CHECK(st);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || keys[m - 1] != keys[i])
            keys[m++] = keys[i];
    *nout = m;
    return RIC_OK;
}

ric_status ric_layer_set_edges(ric_layer *L, uint64_t *keys, size_t nkeys, int32_t step)
{
    size_t nu, m = 0;
    RIC_CHECK(ric_sort_unique_u64(keys, nkeys, &nu));
    for (size_t i = 0; i < nu; i++)
        if ((uint32_t)(keys[i] >> 32) != (uint32_t)keys[i]) /* no self-loops */
            keys[m++] = keys[i];
    RIC_CHECK(ric_i_reserve(L, m));
    for (size_t t = 0; t < m; t++) {
        L->a[t] = (uint32_t)(keys[t] >> 32);
        L->b[t] = (uint32_t)keys[t];
        L->w[t] = 0.0;
        L->tau[t] = 0.0;
        L->created[t] = step;
        L->last[t] = step;
    }
    L->n = m;
    L->csr_valid = 0;
    return RIC_OK;
}

/* First index whose key is not below key (L->n if none). */
static size_t ric_i_lower_bound(const ric_layer *L, uint64_t key)
{
    size_t lo = 0, hi = L->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ric_tie_key(L->a[mid], L->b[mid]) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Moves ties [src, src + len) to dst in every array (ranges may overlap). */
static void ric_i_move_block(ric_layer *L, size_t dst, size_t src, size_t len)
{
    if (len == 0 || dst == src)
        return;
#define RIC_I_MOVE(field) memmove(L->field + dst, L->field + src, len * sizeof *L->field);
    RIC_I_MOVE(a)
    RIC_I_MOVE(b)
    RIC_I_MOVE(w)
    RIC_I_MOVE(tau)
    RIC_I_MOVE(created)
    RIC_I_MOVE(last)
#undef RIC_I_MOVE
}

ric_status ric_layer_insert(ric_layer *L, uint64_t *keys, size_t nkeys, int32_t step, double w,
                            double tau, size_t *added)
{
    size_t nu, m = 0;
    RIC_CHECK(ric_sort_unique_u64(keys, nkeys, &nu));
    size_t *pos = malloc((nu ? nu : 1) * sizeof *pos);
    if (!pos)
        return RIC_ENOMEM;
    for (size_t i = 0; i < nu; i++) {
        uint32_t u = (uint32_t)(keys[i] >> 32), v = (uint32_t)keys[i];
        const size_t p = ric_i_lower_bound(L, keys[i]);
        if (u != v && (p == L->n || ric_tie_key(L->a[p], L->b[p]) != keys[i])) {
            pos[m] = p;
            keys[m++] = keys[i];
        }
    }
    if (added)
        *added = m;
    ric_status st = m > 0 ? ric_i_reserve(L, L->n + m) : RIC_OK;
    if (m == 0 || st != RIC_OK) {
        free(pos);
        return st;
    }
    /* Merge from the back, a block of old ties at a time: the ties from
     * pos[k] up to the previous insertion point move up by k + 1 (the new
     * ties before them), and new tie k goes just below them. */
    size_t end = L->n;
    for (size_t k = m; k-- > 0;) {
        const size_t p = pos[k], at = p + k;
        ric_i_move_block(L, p + k + 1, p, end - p);
        L->a[at] = (uint32_t)(keys[k] >> 32);
        L->b[at] = (uint32_t)keys[k];
        L->w[at] = w;
        L->tau[at] = tau;
        L->created[at] = step;
        L->last[at] = step;
        end = p;
    }
    free(pos);
    L->n += m;
    L->csr_valid = 0;
    return RIC_OK;
}

size_t ric_layer_find(const ric_layer *L, uint32_t u, uint32_t v)
{
    const uint64_t key = ric_tie_key(u, v);
    const size_t lo = ric_i_lower_bound(L, key);
    return lo < L->n && ric_tie_key(L->a[lo], L->b[lo]) == key ? lo : RIC_NO_TIE;
}

ric_status ric_layer_degrees(const ric_layer *L, size_t nv, uint32_t *deg)
{
    if (L->csr_valid && L->nv == nv) {
        for (size_t v = 0; v < nv; v++)
            deg[v] = (uint32_t)(L->row[v + 1] - L->row[v]);
        return RIC_OK;
    }
    memset(deg, 0, nv * sizeof *deg);
    for (size_t t = 0; t < L->n; t++) {
        if (L->b[t] >= nv || L->a[t] >= nv)
            return RIC_EINTERNAL;
        deg[L->a[t]]++;
        deg[L->b[t]]++;
    }
    return RIC_OK;
}

/* Ties from which the CSR is built by several threads. */
enum { RIC_I_CSR_PAR_MIN = 131072 };

/* The CSR of ric_layer_build_csr by nc threads: the tie list in nc chunks,
 * each chunk's entries per vertex counted, then placed after those of the
 * chunks before it, so every row keeps canonical order whatever the thread
 * count. row, nbr and tie are allocated. */
static ric_status ric_i_build_csr_chunks(ric_layer *L, size_t nv, size_t nc)
{
    if (nc * nv > L->cur_cap) {
        uint64_t *c = realloc(L->cur, (nc * nv > 0 ? nc * nv : 1) * sizeof *c);
        if (!c)
            return RIC_ENOMEM;
        L->cur = c;
        L->cur_cap = nc * nv;
    }
    const size_t n = L->n;
    const uint32_t *ea = L->a, *eb = L->b;
    uint64_t *row = L->row, *cnt = L->cur;
    uint32_t *nbr = L->nbr, *tie = L->tie;
    int bad = 0; /* shared: read by every thread after the barrier */
#pragma omp parallel
    {
#pragma omp for schedule(static, 1)
        for (size_t c = 0; c < nc; c++) {
            uint64_t *k = cnt + c * nv;
            memset(k, 0, nv * sizeof *k);
            for (size_t t = n * c / nc; t < n * (c + 1) / nc; t++) {
                if (eb[t] >= nv) {
#pragma omp atomic write
                    bad = 1;
                    break;
                }
                k[ea[t]]++;
                k[eb[t]]++;
            }
        }
        int stop;
#pragma omp atomic read
        stop = bad;
        if (!stop) {
#pragma omp for schedule(static)
            for (size_t v = 0; v < nv; v++) {
                uint64_t d = 0;
                for (size_t c = 0; c < nc; c++)
                    d += cnt[c * nv + v];
                row[v + 1] = d;
            }
#pragma omp single
            {
                row[0] = 0;
                for (size_t v = 0; v < nv; v++)
                    row[v + 1] += row[v];
            }
            /* Each chunk's cursor for v: after the chunks before it. */
#pragma omp for schedule(static)
            for (size_t v = 0; v < nv; v++) {
                uint64_t at = row[v];
                for (size_t c = 0; c < nc; c++) {
                    const uint64_t k = cnt[c * nv + v];
                    cnt[c * nv + v] = at;
                    at += k;
                }
            }
#pragma omp for schedule(static, 1)
            for (size_t c = 0; c < nc; c++) {
                uint64_t *cur = cnt + c * nv;
                for (size_t t = n * c / nc; t < n * (c + 1) / nc; t++) {
                    const uint64_t pa = cur[ea[t]]++, pb = cur[eb[t]]++;
                    nbr[pa] = eb[t];
                    tie[pa] = (uint32_t)t;
                    nbr[pb] = ea[t];
                    tie[pb] = (uint32_t)t;
                }
            }
        }
    }
    if (bad)
        return RIC_EINTERNAL;
    L->nv = nv;
    L->csr_valid = 1;
    return RIC_OK;
}

void ric_layer_drop_stale_csr(ric_layer *L)
{
    if (L->csr_valid)
        return;
    free(L->row);
    free(L->nbr);
    free(L->tie);
    free(L->cur);
    L->row = L->cur = NULL;
    L->nbr = L->tie = NULL;
    L->row_cap = L->csr_cap = L->cur_cap = 0;
}

ric_status ric_layer_build_csr(ric_layer *L, size_t nv)
{
    if (nv + 1 > L->row_cap) {
        uint64_t *r = realloc(L->row, (nv + 1) * sizeof *r);
        if (!r)
            return RIC_ENOMEM;
        L->row = r;
        L->row_cap = nv + 1;
    }
    size_t ne = 2 * L->n;
    if (ne > L->csr_cap) {
        uint32_t *p = realloc(L->nbr, ne * sizeof *p);
        if (!p)
            return RIC_ENOMEM;
        L->nbr = p;
        p = realloc(L->tie, ne * sizeof *p);
        if (!p)
            return RIC_ENOMEM;
        L->tie = p;
        L->csr_cap = ne;
    }
    const int nc = omp_get_max_threads();
    if (nc > 1 && L->n >= RIC_I_CSR_PAR_MIN)
        return ric_i_build_csr_chunks(L, nv, (size_t)nc);
    memset(L->row, 0, (nv + 1) * sizeof *L->row);
    for (size_t t = 0; t < L->n; t++) {
        if (L->b[t] >= nv)
            return RIC_EINTERNAL;
        L->row[L->a[t] + 1]++;
        L->row[L->b[t] + 1]++;
    }
    for (size_t v = 0; v < nv; v++)
        L->row[v + 1] += L->row[v];
    /* Fill cursors reuse row[v] and shift back afterwards: no extra array. */
    for (size_t t = 0; t < L->n; t++) {
        uint64_t pa = L->row[L->a[t]]++, pb = L->row[L->b[t]]++;
        L->nbr[pa] = L->b[t];
        L->tie[pa] = (uint32_t)t;
        L->nbr[pb] = L->a[t];
        L->tie[pb] = (uint32_t)t;
    }
    for (size_t v = nv; v > 0; v--)
        L->row[v] = L->row[v - 1];
    L->row[0] = 0;
    L->nv = nv;
    L->csr_valid = 1;
    return RIC_OK;
}

void ric_layer_remap(ric_layer *L, const size_t *old_to_new)
{
    /* Runs of kept ties: endpoints renumbered in place, then the run moved
     * as a block (an exit removes only a few ties). */
    size_t m = 0, t = 0, n = L->n;
    while (t < n) {
        size_t e = t;
        for (; e < n; e++) {
            const size_t na = old_to_new[L->a[e]], nb = old_to_new[L->b[e]];
            if (na == SIZE_MAX || nb == SIZE_MAX)
                break;
            L->a[e] = (uint32_t)na;
            L->b[e] = (uint32_t)nb;
        }
        ric_i_move_block(L, m, t, e - t);
        m += e - t;
        t = e + 1; /* past the dropped tie (or the end) */
    }
    L->n = m;
    L->csr_valid = 0;
}

size_t ric_layer_filter(ric_layer *L, const uint8_t *keep)
{
    /* Runs of kept ties move as blocks (few ties go in a step). */
    size_t m = 0, n = L->n, t = 0;
    while (t < n) {
        if (!keep[t]) {
            t++;
            continue;
        }
        size_t e = t;
        while (e < n && keep[e])
            e++;
        ric_i_move_block(L, m, t, e - t);
        m += e - t;
        t = e;
    }
    L->n = m;
    if (m != n)
        L->csr_valid = 0;
    return n - m;
}

double ric_layer_density(const ric_layer *L, size_t nalive)
{
    if (nalive < 2)
        return 0.0;
    return (double)L->n / ((double)nalive * (double)(nalive - 1) / 2.0);
}
