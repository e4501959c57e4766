/* The cluster model on top of the engine: which columns agents carry, how the
 * world is populated, and the phases of a step. One mechanism per file:
 *   population.c  initial agents and ties
 *   exchange.c    synchronous knowledge exchange over both layers
 *   capability.c  absorptive capacity, decay, creation, stages
 *   ties.c        trust, strength, decay, removal, formal projects
 *   innovation.c  innovation events of firms
 *   demography.c  revenue, resources, exit and spin-off entry
 *   formation.c   meetings, triadic closure, formal partner search
 *   observe.c     measurements written to the output file
 * docs/model.md describes every rule in ODD form. */
#ifndef RIC_MODEL_H
#define RIC_MODEL_H

#include "ric_h5.h"
#include "ric_params.h"
#include "ric_rng.h"
#include "ric_world.h"

#include <math.h>

/* Purposes of the model's random streams (see ric_rng.h). */
enum {
    RIC_PURPOSE_POPULATION = RIC_RNG_MODEL,
    RIC_PURPOSE_TIES_FORMAL,
    RIC_PURPOSE_TIES_INFORMAL,
    RIC_PURPOSE_MEETING,    /* informal tie used this step (keyed by tie) */
    RIC_PURPOSE_DURATION,   /* formal project duration (keyed by tie and start) */
    RIC_PURPOSE_RENEWAL,    /* formal project renewed at its end (keyed by tie) */
    RIC_PURPOSE_SHUFFLE,    /* order of agent types inside a region (keyed by region) */
    RIC_PURPOSE_FORMATION,  /* meetings, closure and partner search (keyed by agent) */
    RIC_PURPOSE_INNOVATION, /* innovation event of a firm (keyed by agent) */
    RIC_PURPOSE_SPINOFF,    /* spin-off decision (keyed by parent) */
    RIC_PURPOSE_NEWBORN     /* a spin-off's own attributes (keyed by the new agent) */
};

typedef struct ric_model {
    ric_params p;
    /* Column indices in the agent store. */
    size_t col_absorb, col_stage, col_size, col_sector, col_rd;
    size_t col_last_innovation; /* step of the last innovation; RIC_NEVER if none */
    size_t col_revenue, col_resources, col_scale, col_parent;
    int64_t entries_total, exits_total; /* since the start of the run */
    /* Scratch for the exchange phase: sum of each agent's capability. */
    double *ksum;
    size_t ksum_cap;
} ric_model;

void ric_model_init(ric_model *m, const ric_params *p);
void ric_model_destroy(ric_model *m);

/* Registers the model's agent columns on an empty world. */
ric_status ric_model_columns(ric_model *m, ric_world *w);

/* Builds the initial world: columns, agents, ties, phases. */
ric_status ric_model_setup(ric_model *m, ric_world *w, ric_error *err);

/* Registers the model's phases on w in their fixed order. */
ric_status ric_model_add_phases(ric_model *m, ric_world *w);

/* --- mechanisms (exposed for unit tests) --- */

/* Inverted U of learning in cognitive distance d in [0, 1]: 0 at d = 0 and
 * d = 1, 1 at d = dstar, quadratic on each side. */
static inline double ric_learning_curve_inv(double d, double dstar, double inv_left,
                                            double inv_right)
{
    /* Both sides selected without a branch: in the hot loop d falls on either
     * side of d* at random, so a branch would mispredict. inv_left = 1/d*,
     * inv_right = 1/(1-d*), precomputed because division is slow. */
    double x = (d - dstar) * (d <= dstar ? inv_left : inv_right);
    double g = 1.0 - x * x;
    return g > 0.0 ? g : 0.0;
}

static inline double ric_learning_curve(double d, double dstar)
{
    return ric_learning_curve_inv(d, dstar, 1.0 / dstar, 1.0 / (1.0 - dstar));
}

/* Cognitive distance: Bray-Curtis dissimilarity of two capability vectors,
 * sum |ki - kj| / (sum ki + sum kj), 0 for identical, 1 for disjoint. The
 * sums si, sj of each vector are passed in because the kernel has them. */
static inline double ric_cognitive_distance(const double *restrict ki, const double *restrict kj,
                                            size_t dims, double si, double sj)
{
    /* Four partial sums in a fixed association: vectorisable without
     * -ffast-math, and the same result on every thread and machine. */
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t d = 0;
    for (; d + 4 <= dims; d += 4) {
        s0 += fabs(ki[d] - kj[d]);
        s1 += fabs(ki[d + 1] - kj[d + 1]);
        s2 += fabs(ki[d + 2] - kj[d + 2]);
        s3 += fabs(ki[d + 3] - kj[d + 3]);
    }
    for (; d < dims; d++)
        s0 += fabs(ki[d] - kj[d]);
    double diff = (s0 + s1) + (s2 + s3);
    return si + sj > 0.0 ? diff / (si + sj) : 0.0;
}

/* The exchange phase: every alive agent pulls from its neighbours on every
 * layer its stage may learn over, reading k and writing k_next; then swaps. */
ric_status ric_phase_exchange(ric_world *w, void *model, ric_error *err);

/* Initial stage from mean capability and absorptive capacity (thresholds in p). */
int ric_stage_of(const ric_params *p, double kmean, double absorb);

/* Stage after one step: at most one stage up or down (see capability.c). */
int ric_stage_next(const ric_params *p, int stage, double kmean, double absorb);

/* Capability dynamics: absorptive capacity grows with R&D and decays without
 * it; expertise decays; stage-3 firms and knowledge producers create
 * knowledge; stages move up when thresholds are passed and down (with
 * hysteresis) when they are lost. Agent-local, no randomness. */
ric_status ric_phase_capability(ric_world *w, void *model, ric_error *err);

/* Tie dynamics: active formal projects and met informal ties interact (trust
 * and strength grow, last-interaction step set); idle ties weaken; informal
 * ties below the threshold vanish; formal projects end after their duration
 * unless renewed (chance = trust). Draws are keyed by the tie's endpoints. */
ric_status ric_phase_ties(ric_world *w, void *model, ric_error *err);

/* Step value of "never happened" in step columns. */
#define RIC_NEVER INT32_MIN

/* Innovation: each firm innovates with probability 1 - exp(-lambda),
 * lambda = rate * kmean / k_max * stage * sqrt(rd / rd_ref) (innovation.c). */
double ric_innovation_probability(const ric_params *p, double kmean, int stage, double rd);
ric_status ric_phase_innovation(ric_world *w, void *model, ric_error *err);

/* Demography: revenue and resources of firms, exit when resources run out
 * (the firm and all its ties are removed), entry of spin-offs from
 * universities, institutes and innovating firms at a rate rising with the
 * region's intermediary density; a spin-off keeps an informal tie to its
 * parent (demography.c). */
ric_status ric_phase_demography(ric_world *w, void *model, ric_error *err);

/* Tie formation: meetings in the region, triadic closure, formal partner
 * search (see formation.c). Proposals in parallel, merged in canonical order. */
ric_status ric_phase_formation(ric_world *w, void *model, ric_error *err);

/* Duration of the formal project on tie {a, b} started at step `start`. */
int64_t ric_project_duration(const ric_model *m, const ric_world *w, size_t t, int64_t start);

/* --- observation --- */

typedef struct ric_observer {
    size_t s_capability, s_density[RIC_NLAYERS], s_network[RIC_NLAYERS], s_innovating;
    size_t s_stats[3]; /* capability statistics by size class, region, stage */
    size_t s_demography;
    char (*colnames)[32]; /* storage of the statistics' column names */
    double *stats_buf;    /* per-agent values, then values grouped */
    size_t stats_cap;
    double *scratch;
    size_t scratch_cap;
} ric_observer;

void ric_observer_init(ric_observer *o);
void ric_observer_destroy(ric_observer *o);
/* Declares the model's series in the output file. */
ric_status ric_observer_declare(ric_observer *o, const ric_model *m, ric_h5 *h, ric_error *err);
/* Called after every step: appends the basic series when w->step is a
 * multiple of run.output_every, the network statistics when it is a multiple
 * of run.network_every, and both at step 0 and at the last step. */
ric_status ric_observer_record(ric_observer *o, const ric_model *m, const ric_world *w, ric_h5 *h,
                               ric_error *err);

#endif
