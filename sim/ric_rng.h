/* Counter-based random streams (Philox4x64-10 from Random123).
 *
 * A stream is named by (seed, replication, agent id, step, purpose): the key
 * holds seed and replication, the counter holds agent id, step and purpose, and
 * the last counter word numbers the blocks drawn within the stream. Streams
 * therefore belong to agents and steps, never to threads: the same draw comes
 * out whatever thread, rank or restart asks for it.
 *
 * ric_rng_type is a gsl_rng_type, so every gsl_ran_* distribution runs on a
 * stream: allocate one gsl_rng per thread with gsl_rng_alloc(&ric_rng_type)
 * (or ric_rng_stream_init on the stack) and ric_rng_seek() it to the stream
 * you need before drawing. */
#ifndef RIC_RNG_H
#define RIC_RNG_H

#include <Random123/philox.h>
#include <gsl/gsl_rng.h>
#include <stdint.h>

/* Purposes: the last component of a stream name. Each mechanism that draws
 * random numbers has its own, so adding a draw to one mechanism never shifts
 * the numbers another one sees. Models may define more from RIC_RNG_MODEL. */
enum { RIC_RNG_INIT_AGENTS = 1, RIC_RNG_INIT_TIES = 2, RIC_RNG_TEST = 3, RIC_RNG_MODEL = 16 };

typedef struct ric_rng_state {
    philox4x64_key_t key;
    philox4x64_ctr_t ctr; /* v[0] agent id, v[1] step, v[2] purpose, v[3] block */
    philox4x64_ctr_t out; /* current block of 4 x 64 bits */
    int avail;            /* words of `out` not yet used */
} ric_rng_state;

extern const gsl_rng_type ric_rng_type;

/* A gsl_rng backed by caller storage: no allocation, usable on the stack. */
typedef struct ric_rng_stream {
    gsl_rng rng;
    ric_rng_state state;
} ric_rng_stream;

void ric_rng_stream_init(ric_rng_stream *s);

/* Points r (whose type must be ric_rng_type) at the start of the stream
 * (seed, replication, agent, step, purpose). */
void ric_rng_seek(gsl_rng *r, uint64_t seed, uint64_t replication, uint64_t agent, int64_t step,
                  uint64_t purpose);

/* One uniform double in [0, 1) from a single Philox block, for hot loops that
 * need just one draw per (agent, step, purpose, index) and no gsl state. */
double ric_rng_u01(uint64_t seed, uint64_t replication, uint64_t agent, int64_t step,
                   uint64_t purpose, uint64_t index);

/* Derives a child 64-bit seed from a parent seed and two indices (for
 * ensembles: master seed, design point, replication). */
uint64_t ric_rng_derive_seed(uint64_t master, uint64_t a, uint64_t b);

#endif
