#include "ric_netgen.h"

#include "ric_rng.h"
#include "ric_strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RIC_I_NONE     UINT32_MAX
#define RIC_I_EMPTY    UINT64_MAX /* never a tie key: it would be a self-loop */
#define RIC_I_RETRIES  32
#define RIC_I_CLAIMED  1
#define RIC_I_REMOVED  2
#define RIC_I_FIXED_ID UINT64_MAX

/* Insert-only open-addressing set of tie keys, sized for a known bound on the
 * number of inserts (load stays at most 1/2). */
typedef struct ric_i_set {
    uint64_t *slot;
    size_t mask;
} ric_i_set;

static ric_status ric_i_set_init(ric_i_set *s, size_t maxn)
{
    size_t cap = 16;
    while (cap < 2 * maxn)
        cap <<= 1;
    s->slot = malloc(cap * sizeof *s->slot);
    if (!s->slot)
        return RIC_ENOMEM;
    memset(s->slot, 0xff, cap * sizeof *s->slot);
    s->mask = cap - 1;
    return RIC_OK;
}

static size_t ric_i_hash(uint64_t x)
{
    /* splitmix64 finaliser: keys of neighbouring pairs differ in few bits. */
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return (size_t)x;
}

static int ric_i_set_has(const ric_i_set *s, uint64_t key)
{
    for (size_t i = ric_i_hash(key) & s->mask;; i = (i + 1) & s->mask) {
        if (s->slot[i] == key)
            return 1;
        if (s->slot[i] == RIC_I_EMPTY)
            return 0;
    }
}

/* Returns 1 if the key was new. */
static int ric_i_set_add(ric_i_set *s, uint64_t key)
{
    for (size_t i = ric_i_hash(key) & s->mask;; i = (i + 1) & s->mask) {
        if (s->slot[i] == key)
            return 0;
        if (s->slot[i] == RIC_I_EMPTY) {
            s->slot[i] = key;
            return 1;
        }
    }
}

/* Index of key in sorted a[0 .. n), or SIZE_MAX. */
static size_t ric_i_bsearch(const uint64_t *a, size_t n, uint64_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && a[lo] == key ? lo : SIZE_MAX;
}

ric_status ric_gen_ring_lattice(ric_layer *L, const ric_gen_ctx *g, const uint32_t *verts,
                                const size_t *start, size_t ngroups, size_t k)
{
    if (k % 2 != 0)
        return RIC_EINVAL;
    size_t h = k / 2, total = start[ngroups];
    uint64_t *keys = malloc((total * h > 0 ? total * h : 1) * sizeof *keys);
    if (!keys)
        return RIC_ENOMEM;
    /* In groups no larger than k a pair is reached from both ends; the
     * duplicates go in ric_layer_set_edges. */
    size_t m = 0;
    for (size_t gi = 0; gi < ngroups; gi++) {
        size_t s0 = start[gi], n = start[gi + 1] - s0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 1; j <= h && j < n; j++)
                keys[m++] = ric_tie_key(verts[s0 + i], verts[s0 + (i + j) % n]);
    }
    ric_status st = ric_layer_set_edges(L, keys, m, g->step);
    free(keys);
    return st;
}

/* Points rs at the owner's redraw blocks: the same stream as its proposals,
 * read from block 2^62 on, far past the proposals (which count from zero) and
 * below ric_rng_u01's blocks (top bit set), so no number is used twice. */
static void ric_i_seek_redraw(ric_rng_stream *rs, const ric_gen_ctx *g, uint64_t id)
{
    ric_rng_stream_init(rs);
    ric_rng_seek(&rs->rng, g->seed, g->replication, id, g->step, g->purpose);
    rs->state.ctr.v[3] = UINT64_C(1) << 62;
    rs->state.avail = 0;
}

/* Proposals of pass 1, one fixed slice of `width` entries per ring position. */
typedef struct ric_i_ws {
    uint64_t *lat;  /* lattice tie */
    uint32_t *tgt;  /* proposed partner, or RIC_I_NONE if not rewired */
    uint8_t *cross; /* partner drawn among all slots */
    size_t *count;  /* entries used per position */
} ric_i_ws;

static void ric_i_ws_free(ric_i_ws *w)
{
    free(w->lat);
    free(w->tgt);
    free(w->cross);
    free(w->count);
}

/* Pass 2 (serial, canonical order): accept, redraw or drop the proposals and
 * write the final ties to out (which must hold the distinct lattice ties). */
static ric_status ric_i_ws_resolve(const ric_i_ws *w, size_t width, const ric_gen_ctx *g,
                                   const uint32_t *verts, const size_t *start, size_t ngroups,
                                   uint64_t *out, size_t *nout)
{
    size_t total = start[ngroups], nprop = 0, nrew = 0;
    for (size_t s = 0; s < total; s++)
        for (size_t c = 0; c < w->count[s]; c++) {
            out[nprop++] = w->lat[s * width + c];
            nrew += w->tgt[s * width + c] != RIC_I_NONE;
        }
    /* Distinct lattice ties, sorted: the tie set starts as exactly these. */
    size_t nl;
    RIC_CHECK(ric_sort_unique_u64(out, nprop, &nl));
    uint8_t *state = calloc(nl ? nl : 1, 1);
    uint64_t *added = malloc((nrew ? nrew : 1) * sizeof *added);
    ric_i_set set = {0};
    if (!state || !added || ric_i_set_init(&set, nrew) != RIC_OK) {
        free(state);
        free(added);
        free(set.slot);
        return RIC_ENOMEM;
    }
    size_t na = 0;
    for (size_t gi = 0; gi < ngroups; gi++) {
        size_t s0 = start[gi], n = start[gi + 1] - s0;
        for (size_t s = s0; s < s0 + n; s++) {
            uint32_t u = verts[s];
            ric_rng_stream rs;
            int seeked = 0;
            for (size_t c = 0; c < w->count[s]; c++) {
                size_t e = s * width + c, idx = ric_i_bsearch(out, nl, w->lat[e]);
                if (state[idx] & RIC_I_CLAIMED)
                    continue; /* same lattice tie owned from both ends */
                state[idx] |= RIC_I_CLAIMED;
                uint32_t v = w->tgt[e];
                if (v == RIC_I_NONE)
                    continue;
                for (int tries = 0;; tries++) {
                    if (v != u) {
                        uint64_t key = ric_tie_key(u, v);
                        size_t j = ric_i_bsearch(out, nl, key);
                        int present = (j != SIZE_MAX && !(state[j] & RIC_I_REMOVED)) ||
                                      ric_i_set_has(&set, key);
                        if (!present) {
                            state[idx] |= RIC_I_REMOVED;
                            ric_i_set_add(&set, key);
                            added[na++] = key;
                            break;
                        }
                    }
                    if (tries == RIC_I_RETRIES)
                        break; /* keep the lattice tie */
                    if (!seeked) {
                        ric_i_seek_redraw(&rs, g, g->ids[u]);
                        seeked = 1;
                    }
                    v = w->cross[e] ? (uint32_t)gsl_rng_uniform_int(&rs.rng, g->nv)
                                    : verts[s0 + gsl_rng_uniform_int(&rs.rng, n)];
                }
            }
        }
    }
    size_t m = 0;
    for (size_t i = 0; i < nl; i++)
        if (!(state[i] & RIC_I_REMOVED))
            out[m++] = out[i];
    memcpy(out + m, added, na * sizeof *added);
    *nout = m + na;
    free(state);
    free(added);
    free(set.slot);
    return RIC_OK;
}

ric_status ric_gen_small_world(ric_layer *L, const ric_gen_ctx *g, const uint32_t *verts,
                               const size_t *start, size_t ngroups, double k, double p,
                               double cross)
{
    if (!(k >= 0.0) || !isfinite(k) || !(p >= 0.0 && p <= 1.0) || !(cross >= 0.0 && cross <= 1.0) ||
        g->nv > (size_t)UINT32_MAX)
        return RIC_EINVAL;
    size_t h = (size_t)floor(k / 2.0);
    double frac = k / 2.0 - (double)h;
    size_t width = h + (frac > 0.0 ? 1 : 0);
    size_t total = start[ngroups], cap = total * width > 0 ? total * width : 1;
    ric_i_ws w = {malloc(cap * sizeof *w.lat), malloc(cap * sizeof *w.tgt),
                  malloc(cap * sizeof *w.cross), calloc(total ? total : 1, sizeof *w.count)};
    uint64_t *keys = malloc(cap * sizeof *keys);
    if (!w.lat || !w.tgt || !w.cross || !w.count || !keys) {
        ric_i_ws_free(&w);
        free(keys);
        return RIC_ENOMEM;
    }
    /* Pass 1: each ring position fills its own slice from its own stream. */
#pragma omp parallel for schedule(static)
    for (size_t gi = 0; gi < ngroups; gi++) {
        size_t s0 = start[gi], n = start[gi + 1] - s0;
        for (size_t i = 0; i < n; i++) {
            size_t s = s0 + i;
            uint32_t u = verts[s];
            ric_rng_stream rs;
            ric_rng_stream_init(&rs);
            ric_rng_seek(&rs.rng, g->seed, g->replication, g->ids[u], g->step, g->purpose);
            size_t reach = h + (frac > 0.0 && gsl_rng_uniform(&rs.rng) < frac ? 1 : 0);
            size_t c = 0;
            for (size_t j = 1; j <= reach && j < n; j++, c++) {
                size_t e = s * width + c;
                w.lat[e] = ric_tie_key(u, verts[s0 + (i + j) % n]);
                w.tgt[e] = RIC_I_NONE;
                w.cross[e] = 0;
                if (p > 0.0 && gsl_rng_uniform(&rs.rng) < p) {
                    w.cross[e] = cross > 0.0 && gsl_rng_uniform(&rs.rng) < cross;
                    w.tgt[e] = w.cross[e] ? (uint32_t)gsl_rng_uniform_int(&rs.rng, g->nv)
                                          : verts[s0 + gsl_rng_uniform_int(&rs.rng, n)];
                }
            }
            w.count[s] = c;
        }
    }
    size_t m = 0;
    ric_status st = ric_i_ws_resolve(&w, width, g, verts, start, ngroups, keys, &m);
    ric_i_ws_free(&w);
    if (st == RIC_OK)
        st = ric_layer_set_edges(L, keys, m, g->step);
    free(keys);
    return st;
}

/* Draws `want` distinct pairs of [0, n) into the set (and list, if not NULL). */
static void ric_i_draw_pairs(gsl_rng *r, size_t n, size_t want, ric_i_set *set, uint64_t *list)
{
    for (size_t e = 0; e < want;) {
        uint32_t u = (uint32_t)gsl_rng_uniform_int(r, n);
        uint32_t v = (uint32_t)gsl_rng_uniform_int(r, n);
        if (u == v)
            continue;
        uint64_t key = ric_tie_key(u, v);
        if (!ric_i_set_add(set, key))
            continue;
        if (list)
            list[e] = key;
        e++;
    }
}

ric_status ric_gen_erdos_renyi(ric_layer *L, const ric_gen_ctx *g, double k)
{
    size_t n = g->nv;
    if (!(k >= 0.0) || !isfinite(k) || n > (size_t)UINT32_MAX)
        return RIC_EINVAL;
    double pairs = (double)n * (double)(n - (n > 0)) / 2.0;
    double md = round((double)n * k / 2.0);
    if (md > pairs)
        return RIC_EINVAL;
    size_t m = (size_t)md, np = n < 2 ? 0 : n * (n - 1) / 2;
    if (m > np)
        return RIC_EINVAL; /* only reachable through rounding of `pairs` */
    /* Draw the ties or, when they are the majority, the pairs left out. */
    int complement = m > np / 2;
    size_t want = complement ? np - m : m;
    uint64_t *keys = malloc((m ? m : 1) * sizeof *keys);
    ric_i_set set = {0};
    if (!keys || ric_i_set_init(&set, want) != RIC_OK) {
        free(keys);
        return RIC_ENOMEM;
    }
    ric_rng_stream rs;
    ric_rng_stream_init(&rs);
    ric_rng_seek(&rs.rng, g->seed, g->replication, RIC_I_FIXED_ID, g->step, g->purpose);
    ric_i_draw_pairs(&rs.rng, n, want, &set, complement ? NULL : keys);
    if (complement) {
        size_t e = 0;
        for (uint32_t u = 0; u < n; u++)
            for (uint32_t v = u + 1; v < n; v++)
                if (!ric_i_set_has(&set, ric_tie_key(u, v)))
                    keys[e++] = ric_tie_key(u, v);
    }
    free(set.slot);
    ric_status st = ric_layer_set_edges(L, keys, m, g->step);
    free(keys);
    return st;
}

ric_status ric_gen_barabasi_albert(ric_layer *L, const ric_gen_ctx *g, size_t m0, size_t m)
{
    size_t n = g->nv;
    if (m0 == 0)
        m0 = m + 1;
    if (m < 1 || m0 < m || m0 < 2 || n < m0 || n > (size_t)UINT32_MAX)
        return RIC_EINVAL;
    size_t ne = m0 * (m0 - 1) / 2 + m * (n - m0);
    uint64_t *keys = malloc(ne * sizeof *keys);
    uint32_t *ends = malloc(2 * ne * sizeof *ends); /* one entry per tie end */
    uint32_t *picked = malloc(m * sizeof *picked);
    uint32_t *mark = calloc(n, sizeof *mark); /* mark[v] == s + 1: v picked for s */
    if (!keys || !ends || !picked || !mark) {
        free(keys);
        free(ends);
        free(picked);
        free(mark);
        return RIC_ENOMEM;
    }
    size_t e = 0, nend = 0;
    for (uint32_t u = 0; u < m0; u++)
        for (uint32_t v = u + 1; v < m0; v++) {
            keys[e++] = ric_tie_key(u, v);
            ends[nend++] = u;
            ends[nend++] = v;
        }
    ric_rng_stream rs;
    ric_rng_stream_init(&rs);
    ric_rng_seek(&rs.rng, g->seed, g->replication, RIC_I_FIXED_ID, g->step, g->purpose);
    for (size_t s = m0; s < n; s++) {
        for (size_t c = 0; c < m;) {
            uint32_t t = ends[gsl_rng_uniform_int(&rs.rng, nend)];
            if (mark[t] == (uint32_t)s + 1)
                continue;
            mark[t] = (uint32_t)s + 1;
            picked[c++] = t;
        }
        for (size_t c = 0; c < m; c++) {
            keys[e++] = ric_tie_key((uint32_t)s, picked[c]);
            ends[nend++] = picked[c];
            ends[nend++] = (uint32_t)s;
        }
    }
    free(ends);
    free(picked);
    free(mark);
    ric_status st = ric_layer_set_edges(L, keys, e, g->step);
    free(keys);
    return st;
}

/* Parses a decimal agent id; 0 if tok is not one. */
static int ric_i_parse_id(const char *tok, size_t len, uint64_t *out)
{
    uint64_t x = 0;
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (tok[i] < '0' || tok[i] > '9')
            return 0;
        uint64_t d = (uint64_t)(tok[i] - '0');
        if (x > (UINT64_MAX - d) / 10)
            return 0;
        x = x * 10 + d;
    }
    *out = x;
    return 1;
}

/* Parses one line (comment already cut) into a tie key; 0 for a blank line,
 * 1 for a tie, or a failure status with the message in err. */
static int ric_i_edge_line(char *line, const char *path, size_t lineno, const uint64_t *ids,
                           size_t nv, uint64_t *key, ric_error *err, ric_status *st)
{
    const char *ws = " \t\r\n\v\f";
    const char *tok[3];
    size_t len[3], ntok = 0;
    for (char *c = line + strspn(line, ws); *c; c += strspn(c, ws)) {
        size_t l = strcspn(c, ws);
        if (ntok < 3) {
            tok[ntok] = c;
            len[ntok] = l;
        }
        ntok++;
        c += l;
    }
    if (ntok == 0)
        return 0;
    if (ntok != 2) {
        *st = ric_error_set(err, RIC_ECONFIG, "%s:%zu: expected two agent ids, found %zu field%s",
                            path, lineno, ntok, ntok == 1 ? "" : "s");
        return -1;
    }
    uint32_t slot[2];
    for (int i = 0; i < 2; i++) {
        uint64_t id;
        if (!ric_i_parse_id(tok[i], len[i], &id)) {
            *st = ric_error_set(err, RIC_ECONFIG, "%s:%zu: '%.*s' is not an agent id", path, lineno,
                                (int)(len[i] > 64 ? 64 : len[i]), tok[i]);
            return -1;
        }
        size_t s = ric_i_bsearch(ids, nv, id);
        if (s == SIZE_MAX) {
            *st = ric_error_set(err, RIC_ECONFIG, "%s:%zu: unknown agent id %llu", path, lineno,
                                (unsigned long long)id);
            return -1;
        }
        slot[i] = (uint32_t)s;
    }
    if (slot[0] == slot[1]) {
        *st = ric_error_set(err, RIC_ECONFIG, "%s:%zu: self-loop on agent %llu", path, lineno,
                            (unsigned long long)ids[slot[0]]);
        return -1;
    }
    *key = ric_tie_key(slot[0], slot[1]);
    return 1;
}

ric_status ric_gen_edge_list(ric_layer *L, const char *path, const uint64_t *ids, size_t nv,
                             ric_error *err)
{
    if (nv > (size_t)UINT32_MAX + 1)
        return ric_error_set(err, RIC_EINVAL, "%s: %zu vertex slots exceed the 32-bit range", path,
                             nv);
    for (size_t i = 1; i < nv; i++)
        if (ids[i] <= ids[i - 1])
            return ric_error_set(err, RIC_EINVAL,
                                 "%s: agent ids not strictly ascending at slot %zu", path, i);
    FILE *f = fopen(path, "r");
    if (!f) {
        int e = errno;
        return ric_error_set(err, e == ENOENT ? RIC_ENOENT : RIC_EIO, "%s: cannot open: %s", path,
                             strerror(e));
    }
    if (!ric_file_bounded(f, RIC_NETGEN_MAX_FILE)) {
        fclose(f);
        return ric_error_set(err, RIC_ECONFIG,
                             "%s: an edge list must be a regular file of at most %d MiB", path,
                             RIC_NETGEN_MAX_FILE >> 20);
    }
    char *line = NULL;
    size_t linecap = 0, lineno = 0, n = 0, cap = 0;
    uint64_t *keys = NULL;
    ric_status st = RIC_OK;
    while (getline(&line, &linecap, f) != -1) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        uint64_t key;
        int r = ric_i_edge_line(line, path, lineno, ids, nv, &key, err, &st);
        if (r < 0)
            goto done;
        if (r == 0)
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 1024;
            uint64_t *p = realloc(keys, nc * sizeof *keys);
            if (!p) {
                st = RIC_ENOMEM;
                goto done;
            }
            keys = p;
            cap = nc;
        }
        keys[n++] = key;
    }
    if (ferror(f)) {
        st = ric_error_set(err, RIC_EIO, "%s:%zu: read error", path, lineno + 1);
        goto done;
    }
    st = ric_layer_set_edges(L, keys, n, 0);
done:
    free(line);
    free(keys);
    fclose(f);
    return st;
}
