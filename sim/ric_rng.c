#include "ric_rng.h"

#include <string.h>

/* 53 random bits to a double in [0, 1): exact and the same on every platform. */
static double ric_i_u01_53(uint64_t w)
{
    return (double)(w >> 11) * (1.0 / 9007199254740992.0);
}

static void ric_i_refill(ric_rng_state *st)
{
    st->out = philox4x64(st->ctr, st->key);
    st->ctr.v[3]++;
    st->avail = 4;
}

static unsigned long ric_i_get(void *vstate)
{
    ric_rng_state *st = vstate;
    if (st->avail == 0)
        ric_i_refill(st);
    /* Upper 32 bits: GSL's integer interface assumes a 32-bit range. */
    return (unsigned long)(st->out.v[4 - st->avail--] >> 32);
}

static double ric_i_get_double(void *vstate)
{
    ric_rng_state *st = vstate;
    if (st->avail == 0)
        ric_i_refill(st);
    return ric_i_u01_53(st->out.v[4 - st->avail--]);
}

/* gsl_rng_set(r, s) names stream (s, 0, 0, 0, 0), so the type also works as a
 * plain seeded generator (gsl_rng_env_setup, generic GSL tests). */
static void ric_i_set(void *vstate, unsigned long s)
{
    ric_rng_state *st = vstate;
    memset(st, 0, sizeof *st);
    st->key.v[0] = s;
}

const gsl_rng_type ric_rng_type = {"ric_philox4x64",      0xffffffffUL, 0,
                                   sizeof(ric_rng_state), &ric_i_set,   &ric_i_get,
                                   &ric_i_get_double};

void ric_rng_stream_init(ric_rng_stream *s)
{
    memset(s, 0, sizeof *s);
    s->rng.type = &ric_rng_type;
    s->rng.state = &s->state;
}

static void ric_i_name(ric_rng_state *st, uint64_t seed, uint64_t replication, uint64_t agent,
                       int64_t step, uint64_t purpose)
{
    st->key.v[0] = seed;
    st->key.v[1] = replication;
    st->ctr.v[0] = agent;
    st->ctr.v[1] = (uint64_t)step;
    st->ctr.v[2] = purpose;
    st->ctr.v[3] = 0;
    st->avail = 0;
}

void ric_rng_seek(gsl_rng *r, uint64_t seed, uint64_t replication, uint64_t agent, int64_t step,
                  uint64_t purpose)
{
    ric_i_name(r->state, seed, replication, agent, step, purpose);
}

double ric_rng_u01(uint64_t seed, uint64_t replication, uint64_t agent, int64_t step,
                   uint64_t purpose, uint64_t index)
{
    ric_rng_state st;
    ric_i_name(&st, seed, replication, agent, step, purpose);
    /* Blocks counted from the top of the word keep these draws apart from
     * the gsl stream of the same name, which counts from zero. */
    st.ctr.v[3] = (UINT64_C(1) << 63) | (index >> 2);
    ric_i_refill(&st);
    return ric_i_u01_53(st.out.v[index & 3]);
}

uint64_t ric_rng_derive_seed(uint64_t master, uint64_t a, uint64_t b)
{
    philox4x64_key_t k = {{master, UINT64_C(0x9e3779b97f4a7c15)}};
    philox4x64_ctr_t c = {{a, b, UINT64_C(0x5249435349), 0}}; /* "RICSI" */
    return philox4x64(c, k).v[0];
}
