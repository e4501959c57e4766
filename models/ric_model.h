/* The cluster model on top of the engine: which columns agents carry, how the
 * world is populated, and the phases of a step. One mechanism per file:
 *   population.c  initial agents and ties
 *   exchange.c    synchronous knowledge exchange over both layers
 *   capability.c  absorptive capacity, decay, creation, stages
 *   ties.c        trust, strength, decay, removal, formal projects
 *   innovation.c  innovation events of firms
 *   demography.c  revenue, resources, exit and spin-off entry
 *   formation.c   meetings, triadic closure, formal partner search
 *   council.c     regional cluster councils and their meetings
 *   brokerage.c   intermediaries' services, matching, the KISTI hub
 *   leadusers.c   lead users and their user groups
 *   events.c      event tables (innovation, entry, exit)
 *   policy.c      interventions: hooks read by the mechanisms, direct effects
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
    RIC_PURPOSE_NEWBORN,    /* a spin-off's own attributes (keyed by the new agent) */
    RIC_PURPOSE_REQUEST,    /* a firm's service request (keyed by the firm) */
    RIC_PURPOSE_SERVICE,    /* an intermediary's matching (keyed by the intermediary) */
    RIC_PURPOSE_GROUP,      /* user-group meetings (keyed by the member) */
    RIC_PURPOSE_PEOPLE,     /* people exchange of a formal project (keyed by the tie) */
    RIC_PURPOSE_POLICY,     /* an intervention's draws (keyed by the intervention index) */
    RIC_PURPOSE_SHOCK,      /* a firm's competitiveness shock (keyed by the firm) */
    RIC_PURPOSE_ENTRY,      /* entries and intermediaries' entry/exit (keyed by region) */
    RIC_PURPOSE_COUNCIL,    /* council meetings (keyed by the member) */
    RIC_PURPOSE_TIE_INIT    /* initial tie ages and strengths (keyed by the tie) */
};

/* Event tables, filled by the phases in slot order and written by the
 * observer after every step (then emptied). Rows of RIC_EV_COLS int64; the
 * step column is w->step + 1, the step whose observations first show the
 * event (the series' step of the same state). */
enum { RIC_EV_INNOVATION, RIC_EV_ENTRY, RIC_EV_EXIT, RIC_NEVENTS };
#define RIC_EV_COLS 5
typedef struct ric_events {
    int64_t *rows[RIC_NEVENTS];
    size_t n[RIC_NEVENTS], cap[RIC_NEVENTS];
} ric_events;
extern const char *const ric_event_names[RIC_NEVENTS];
extern const char *const ric_event_columns[RIC_NEVENTS][RIC_EV_COLS];
ric_status ric_events_push(ric_events *e, int table, const int64_t row[RIC_EV_COLS]);

typedef struct ric_model {
    ric_params p;
    /* Column indices in the agent store. */
    size_t col_absorb, col_stage, col_size, col_sector, col_rd;
    size_t col_last_innovation; /* step of the last innovation; RIC_NEVER if none */
    size_t col_revenue, col_resources, col_scale, col_parent;
    size_t col_subtype;    /* intermediaries: RIC_SUB_*; others -1 */
    size_t col_margin;     /* firms: share of revenue left after operating costs */
    size_t col_innov_type; /* firms: RIC_INNOV_* of the last innovation */
    size_t col_lead;       /* firms: 1 if designated lead user */
    size_t col_group;      /* firms: id of the lead user whose user group it joins; -1 none */
    size_t col_born;       /* step of entry (0 for the initial agents) */
    size_t col_x;          /* firms: competitiveness (log quality relative to rivals) */
    size_t col_rd_spend;   /* firms: R&D spent in the last step, won */
    size_t col_inflow[3];  /* knowledge learned in the last step over formal ties, informal
                              ties and services (sum over domains) */
    size_t col_council;    /* 1 if a member of its region's cluster council */
    size_t col_industry;   /* the region block of domains its industry needs */
    size_t col_giant;      /* 1 for the leading manufacturers (sized x world.scale) */
    /* Policy hooks, reset and set by the policy phase every step and read by
     * the mechanisms (docs/model.md 7.15). */
    size_t col_rd_own;         /* firms: R&D intensity paid by the firm (col_rd adds subsidies) */
    size_t col_extra_capacity; /* intermediaries: clients per step bought by interventions */
    size_t col_differentiated; /* intermediaries: 1 = services matched to the client's stage */
    int64_t
        lead_quota[RIC_MAX_REGIONS]; /* lead users per region (lead_users.per_region + policy) */
    int64_t lead_quota_prev[RIC_MAX_REGIONS];
    double spend[RIC_MAX_INTERVENTIONS];     /* of the last step, budget units */
    double spend_cumulative;                 /* since the start of the run */
    int64_t entries_total, exits_total;      /* since the start of the run */
    int64_t inter_entries, inter_exits;      /* intermediaries, since the start of the run */
    int64_t region_entries[RIC_MAX_REGIONS]; /* firm entries by region, since the start */
    /* entries_total and exits_total at the last 12 steps (ring by step), for
     * the annual rates the observer writes. */
    int64_t hist_entries[12], hist_exits[12];
    /* Formal ties ended in the last step and the sum of their lifetimes (steps). */
    int64_t formal_ended;
    double formal_lifetime;
    /* Service requests and capacity of the last step by region (brokerage.c),
     * read by intermediaries' entry and exit (demography.c). */
    double region_requests[RIC_MAX_REGIONS], region_capacity[RIC_MAX_REGIONS];
    /* Firms of each region at the start: the pool of would-be entrants. */
    double region_firms0[RIC_MAX_REGIONS];
    /* Brokerage of the last step (observed) and in total. */
    int64_t requests, services, matches, services_total, matches_total;
    double *hub;                 /* national KISTI hub's information stock, one value per domain */
    double demand[RIC_NSECTORS]; /* each sector's market: sales per step, won (fixed) */
    ric_events events;
    /* Scratch for the exchange phase: sum of each agent's capability, and
     * the learning curve of every tie (formal ties, then informal). */
    double *ksum, *tie_g;
    size_t ksum_cap, tie_g_cap;
} ric_model;

/* Grows a scratch array kept between steps to at least n doubles (its
 * contents are not kept). RIC_ENOMEM if out of memory. */
ric_status ric_scratch_f64(double **p, size_t *cap, size_t n);
/* Gives a scratch array back if it holds 4 MiB or more (large worlds): kept,
 * it would add to the peak memory of what runs after it (the network
 * statistics hold a copy of the network). Small ones are kept for reuse. */
void ric_scratch_trim(double **p, size_t *cap);

void ric_model_init(ric_model *m, const ric_params *p);
void ric_model_destroy(ric_model *m);

/* Registers the model's agent columns on an empty world. */
ric_status ric_model_columns(ric_model *m, ric_world *w);

/* Builds the initial world: columns, agents, ties, phases. */
ric_status ric_model_setup(ric_model *m, ric_world *w, ric_error *err);

/* The model's own state beyond the world (counters, quotas, spend, hub) as
 * two arrays for checkpoints (malloc'ed), and back. RIC_EFORMAT if the
 * sizes do not match (another version or dimensions). */
ric_status ric_model_pack(const ric_model *m, size_t dims, double **f, size_t *nf, int64_t **i,
                          size_t *ni);
/* Checks a restored world and model state (from checkpoint path) before use:
 * kinds, regions, stages, sizes, sectors, subtypes, flags, steps and
 * counters in range (RIC_EFORMAT naming path, agent and column). */
ric_status ric_model_check(const ric_model *m, const ric_world *w, const char *path,
                           ric_error *err);
ric_status ric_model_unpack(ric_model *m, size_t dims, const double *f, size_t nf, const int64_t *i,
                            size_t ni);

/* Registers the model's phases on w in their fixed order. */
ric_status ric_model_add_phases(ric_model *m, ric_world *w);

/* Alive agents of the kinds in a mask (bit 1 << RIC_KIND_*) by region, in
 * slot order: slots[start[r] .. start[r + 1]) are region r's (regions.c). */
typedef struct ric_region_index {
    uint32_t *slots;
    size_t *start; /* nregions + 1 */
    size_t nregions;
} ric_region_index;
#define RIC_KINDS_ALL       0xFu
#define RIC_KIND_BIT(kind)  (1u << (kind))
#define RIC_KINDS_PRODUCERS (RIC_KIND_BIT(RIC_KIND_UNIVERSITY) | RIC_KIND_BIT(RIC_KIND_INSTITUTE))
#define RIC_KINDS_HOSTS     (RIC_KINDS_PRODUCERS | RIC_KIND_BIT(RIC_KIND_INTERMEDIARY))
void ric_region_index_init(ric_region_index *rg);
void ric_region_index_destroy(ric_region_index *rg);
ric_status ric_region_index_build(ric_region_index *rg, const ric_agents *a, size_t R,
                                  unsigned kinds);

/* Agents tagged with a group (user groups of lead users or of an
 * intervention): sorted by (group, slot), the members of a group are one run,
 * found by ric_group_run (regions.c). */
typedef struct ric_group_member {
    int64_t group;
    uint32_t slot;
} ric_group_member;
void ric_group_sort(ric_group_member *m, size_t n);
/* The run [*lo, *hi) of m[q]'s group in sorted m[0 .. n). */
void ric_group_run(const ric_group_member *m, size_t n, size_t q, size_t *lo, size_t *hi);

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

/* Relevance of domain d to slot i: 1 in the strategic domains of its
 * industry (column industry: a region's block of domains), else the weight
 * of other domains (firms: world.off_strategic; others: producers.breadth).
 * Learning and creation go where the agent's industry needs them, so
 * specialisation persists (docs/model.md 7.6). */
double ric_relevance(const ric_model *m, const ric_agents *a, size_t i, size_t d);
/* All D relevances of slot i into rel[D]. */
void ric_relevance_row(const ric_model *m, const ric_agents *a, size_t i, double *rel);

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
 * lambda = rate * kmean / (0.3 k_max) * sqrt(rd / rd_ref) * (sales /
 * sme_sales)^size_elasticity (* service_factor for services) (innovation.c). */
double ric_innovation_probability(const ric_params *p, double kmean, double rd, double sales,
                                  int service);
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

/* Formal ties an agent of this kind can hold (formation.capacity_*). */
int64_t ric_formal_capacity(const ric_params *p, int kind);
/* Formal ties slot i can hold: its kind's capacity, and for a firm no more
 * projects than project_share of its R&D pays at project_cost each. */
int64_t ric_formal_capacity_of(const ric_model *m, const ric_agents *a, size_t i);
/* Informal ties an agent of this kind can hold. */
double ric_informal_capacity(const ric_params *p, int kind);

/* Duration of the formal project on tie {a, b} started at step `start`. */
int64_t ric_project_duration(const ric_model *m, const ric_world *w, size_t t, int64_t start);

/* Brokerage: firms ask an intermediary of their region for service; each
 * intermediary serves up to its capacity, by a random priority; a service
 * delivers information (survey), absorptive capacity (training), revenue
 * (marketing) and a formal tie to a knowledge producer (cooperation), each
 * weighted by the intermediary's function profile and quality. KISTI teams'
 * information stock is fed by the national hub (brokerage.c). */
ric_status ric_phase_brokerage(ric_world *w, void *model, ric_error *err);
/* Service quality of intermediary slot j given the lead users of its region. */
double ric_service_quality(const ric_model *m, const ric_world *w, size_t j,
                           const int64_t *lead_count);

/* Policy: resets the hooks, then applies every intervention active at this
 * step (start <= step < end) to its targets; the step's spend is left in
 * m->spend. An intervention without any target at its start step is an
 * error (the scenario cannot mean it). See policy.c. */
ric_status ric_phase_policy(ric_world *w, void *model, ric_error *err);
/* Does intervention iv target slot i (regions, kinds, sizes, stages, sectors)? */
int ric_policy_targets(const ric_model *m, const ric_agents *a, const ric_intervention *iv,
                       size_t i);
/* One interaction on tie t: trust and strength grow, last = step (ties.c). */
void ric_tie_interact(const ric_params *p, ric_layer *L, size_t t, int32_t step);

/* Cluster councils: every council_interval steps each member meets
 * council_contacts other members of its region's council (council.c);
 * members are chosen at the start (the most capable of each kind). */
ric_status ric_council_designate(ric_model *m, ric_world *w, int64_t extra, ric_error *err);
ric_status ric_phase_council(ric_world *w, void *model, ric_error *err);
/* Council members by region (the region's producers and intermediaries
 * where a region has no council). */
ric_status ric_council_index(const ric_model *m, const ric_agents *a, ric_region_index *rg);

/* Absorptive capacity an R&D intensity sustains: rd / (rd + absorb_half). */
double ric_absorptive_target(const ric_params *p, double rd);
/* Every model column of slot s to its neutral value (population.c; the
 * column table there); size, sector, absorptive capacity and stage are left
 * to the caller. */
void ric_agent_reset(const ric_model *m, ric_agents *a, size_t s);
/* Every column index to RIC_NO_SLOT (before ric_model_columns). */
void ric_model_columns_unset(ric_model *m);
/* A new agent of a kind in slot c, founded from slot q: q's region and
 * industry, parent q, born now, every other column reset. The one place
 * where entrants start (demography.c); the caller sets the rest. */
void ric_agent_spawn(const ric_model *m, ric_world *w, size_t c, int kind, size_t q);
/* A firm's economy: base size and sales (won/step), R&D intensity, cash. */
void ric_firm_economy_init(const ric_model *m, ric_agents *a, size_t s, double base, double rd);
/* Draws of a non-giant firm's sales (won/step) and R&D intensity. */
double ric_firm_sales(const ric_params *p, int large, int service, gsl_rng *r);
double ric_firm_rd(const ric_params *p, int large, int service, gsl_rng *r);

/* R&D intensity multiplier of a region's firms: the capital's share of R&D
 * activity over its share of firms (and the rest elsewhere). */
double ric_region_rd(const ric_params *p, int region);

/* Sales of the real firm slot i stands for: a giant's simulated sales /
 * world.scale, any other firm's own (size effects are scale-free). */
static inline double ric_real_sales(const ric_model *m, const ric_agents *a, size_t i)
{
    const double s = ric_agents_f64(a, m->col_revenue)[i];
    return ric_agents_i32(a, m->col_giant)[i] ? s / m->p.scale : s;
}

/* Agents of a kind simulated at world.scale (real count x scale, rounded). */
int64_t ric_scaled_count(const ric_params *p, int64_t real);
/* Firms that region reg starts with (population.c). */
int64_t ric_region_firms(const ric_params *p, int64_t reg);

/* Mean competitiveness of each sector's living firms into xbar[RIC_NSECTORS]
 * (serial, slot order). */
void ric_sector_means(const ric_model *m, const ric_agents *a, double *xbar);

/* Market shares: each sector's sales redistributed over its firms by
 * base size x exp(share_elasticity x competitiveness) (demography.c).
 * RIC_ENOMEM if out of memory. */
ric_status ric_market_clear(const ric_model *m, ric_world *w);

/* Lead users: every lead_review steps the lead_users most capable SMEs of
 * each region are designated and every other firm of the region joins the
 * user group of the cognitively nearest one; members meet in their group
 * (new informal ties). No-op when lead_users.per_region is 0 (leadusers.c). */
ric_status ric_lead_users_designate(ric_model *m, ric_world *w, ric_error *err);
ric_status ric_phase_user_groups(ric_world *w, void *model, ric_error *err);
/* Lead users per region (lead_count[regions]). */
void ric_lead_users_count(const ric_model *m, const ric_world *w, int64_t *lead_count);

/* --- observation --- */

typedef struct ric_observer {
    size_t s_capability, s_density[RIC_NLAYERS], s_network[RIC_NLAYERS], s_innovating;
    size_t s_stats[4]; /* capability statistics by kind, size class, region, stage */
    size_t s_demography, s_stage_counts, s_rd, s_brokerage, s_innovations, s_spend;
    size_t s_economy, s_inflow, s_formal, s_specialisation, s_regions, s_rates;
    size_t t_events[RIC_NEVENTS];
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
/* Called after every step: writes the step's events (and empties the
 * model's lists), appends the basic series when w->step is a multiple of
 * run.output_every, the network statistics when it is a multiple of
 * run.network_every, a snapshot when it is a multiple of run.snapshot_every
 * (if > 0), and all of them at step 0 and at the last step. */
ric_status ric_observer_record(ric_observer *o, ric_model *m, ric_world *w, ric_h5 *h,
                               ric_error *err);

#endif
