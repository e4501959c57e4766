/* The model's parameters: one struct, its defaults, and the table that maps
 * scenario keys onto it. docs/model.md lists each with its meaning and source;
 * scenarios/baseline.yaml sets each with a comment. */
#ifndef RIC_PARAMS_H
#define RIC_PARAMS_H

#include "ric_config.h"

#include <stdint.h>

/* One table per concept: each X-macro lists an enum's members with their
 * names, so the enum, its count and its name table cannot disagree (a
 * missing name is a compile error, not a NULL at run time). */
#define RIC_I_ENUM_ID(id, name)   id,
#define RIC_I_ENUM_NAME(id, name) name,

/* Agent kinds: the columns of /observables/capability_mean. */
#define RIC_KINDS(X)                                                                               \
    X(RIC_KIND_FIRM, "firm")                                                                       \
    X(RIC_KIND_UNIVERSITY, "university")                                                           \
    X(RIC_KIND_INSTITUTE, "institute")                                                             \
    X(RIC_KIND_INTERMEDIARY, "intermediary")
enum { RIC_KINDS(RIC_I_ENUM_ID) RIC_NKINDS };
/* Tie layers. */
#define RIC_LAYERS(X) X(RIC_FORMAL, "formal") X(RIC_INFORMAL, "informal")
enum { RIC_LAYERS(RIC_I_ENUM_ID) RIC_NLAYERS };
/* Firm size classes (column "size"; -1 for non-firms). */
#define RIC_SIZES(X)                                                                               \
    X(RIC_SIZE_LARGE, "large") X(RIC_SIZE_SME, "sme") X(RIC_SIZE_STARTUP, "startup")
enum { RIC_SIZES(RIC_I_ENUM_ID) RIC_NSIZES };
/* Firm sectors (column "sector"; -1 for non-firms). */
#define RIC_SECTORS(X) X(RIC_SECTOR_MANUFACTURING, "manufacturing") X(RIC_SECTOR_SERVICE, "service")
enum { RIC_SECTORS(RIC_I_ENUM_ID) RIC_NSECTORS };
/* Network generators (key network.<layer>.generator). */
#define RIC_GENERATORS(X)                                                                          \
    X(RIC_GEN_SMALL_WORLD, "small_world")                                                          \
    X(RIC_GEN_ERDOS_RENYI, "erdos_renyi")                                                          \
    X(RIC_GEN_NONE, "none")                                                                        \
    X(RIC_GEN_RING_LATTICE, "ring_lattice")                                                        \
    X(RIC_GEN_BARABASI_ALBERT, "barabasi_albert")                                                  \
    X(RIC_GEN_EDGE_LIST, "edge_list")
enum { RIC_GENERATORS(RIC_I_ENUM_ID) RIC_NGENERATORS };
/* Intermediary subtypes (column "subtype"; -1 for other kinds). tic: technology
 * innovation centre; incubator: business incubator; association: industry
 * association; kisti_team: KISTI regional team (national, never demand-led,
 * so it stays last). */
#define RIC_SUBTYPES(X)                                                                            \
    X(RIC_SUB_TECHNOPARK, "technopark")                                                            \
    X(RIC_SUB_TIC, "tic")                                                                          \
    X(RIC_SUB_INCUBATOR, "incubator")                                                              \
    X(RIC_SUB_ASSOCIATION, "association")                                                          \
    X(RIC_SUB_KISTI, "kisti_team")
enum { RIC_SUBTYPES(RIC_I_ENUM_ID) RIC_NSUBTYPES };
/* Service functions of intermediaries (seed s.5: KISTI teams' survey,
 * training, marketing and cooperation functions). */
#define RIC_FUNCTIONS(X)                                                                           \
    X(RIC_FN_SURVEY, "survey")                                                                     \
    X(RIC_FN_TRAINING, "training")                                                                 \
    X(RIC_FN_MARKETING, "marketing")                                                               \
    X(RIC_FN_COOPERATION, "cooperation")
enum { RIC_FUNCTIONS(RIC_I_ENUM_ID) RIC_NFUNCTIONS };
/* Innovation types (column "innovation_type", event table). */
enum { RIC_INNOV_PRODUCT, RIC_INNOV_PROCESS };
/* Intervention types (docs/model.md 7.15; seed s.5 policy options). */
#define RIC_POLICIES(X)                                                                            \
    X(RIC_POL_INFRASTRUCTURE, "infrastructure")                                                    \
    X(RIC_POL_RD_SUBSIDY, "rd_subsidy")                                                            \
    X(RIC_POL_INTERMEDIARY_CAPACITY, "intermediary_capacity")                                      \
    X(RIC_POL_DIFFERENTIATED_SUPPORT, "differentiated_support")                                    \
    X(RIC_POL_LEAD_USERS, "lead_users")                                                            \
    X(RIC_POL_USER_GROUPS, "user_groups")                                                          \
    X(RIC_POL_CLUSTER_COUNCIL, "cluster_council")                                                  \
    X(RIC_POL_PEOPLE_EXCHANGE, "people_exchange")                                                  \
    X(RIC_POL_HUB_INFORMATION, "hub_information")
enum { RIC_POLICIES(RIC_I_ENUM_ID) RIC_NPOLICIES };

/* Regions are bit sets in an int64 (intervention targets), so at most 64. */
#define RIC_MAX_REGIONS 64
_Static_assert(RIC_MAX_REGIONS <= 64, "region target sets are int64 bit sets");
_Static_assert(RIC_NKINDS <= 64 && RIC_NSIZES <= 64 && RIC_NSECTORS <= 64,
               "target sets are int64 bit sets");
#define RIC_MAX_INTERVENTIONS 16
#define RIC_NO_END            (-1) /* an intervention that runs to the end of the run */

/* One intervention of a scenario: what, when, where, for whom, how much.
 * Its dose is its spend per step (budget units); price converts spend into
 * units of the type's effect, strength is the effect of one unit. */
typedef struct ric_intervention {
    int type;           /* RIC_POL_* */
    char name[32];      /* label in the output ("" -> type name) */
    int64_t start, end; /* active for start <= step < end (end RIC_NO_END: to the end) */
    int64_t regions;    /* target sets (bit sets; -1 all) */
    int64_t kinds, sizes, stages, sectors;
    double spend;    /* budget units per step while active */
    double budget;   /* > 0: total budget, spread evenly over [start, end) */
    double price;    /* budget units per unit of effect */
    double strength; /* effect of one unit (type-specific, docs/model.md 7.15) */
    int online;      /* user_groups: groups span all regions (on-line) */
} ric_intervention;

/* Name tables, in enum order, each NULL-terminated (config enum parsers). */
extern const char *const ric_policy_names[RIC_NPOLICIES + 1];

/* Longest path of an edge-list file. */
#define RIC_PATH_MAX 1024

extern const char *const ric_kind_names[RIC_NKINDS + 1];
extern const char *const ric_layer_names[RIC_NLAYERS + 1];
extern const char *const ric_size_names[RIC_NSIZES + 1];
extern const char *const ric_sector_names[RIC_NSECTORS + 1];
extern const char *const ric_generator_names[RIC_NGENERATORS + 1];
extern const char *const ric_subtype_names[RIC_NSUBTYPES + 1];
extern const char *const ric_function_names[RIC_NFUNCTIONS + 1];

typedef struct ric_layer_params {
    int generator;                /* RIC_GEN_* */
    double mean_degree;           /* initial mean degree (ties per agent x 2 / agents) */
    double rewire;                /* small world: share of lattice ties rewired */
    double cross_region;          /* share of rewired ties that may leave the region */
    double strength;              /* initial w */
    double trust;                 /* initial tau */
    double eta;                   /* exchange rate per step */
    int64_t min_stage;            /* lowest capability stage that learns over this layer */
    char edge_file[RIC_PATH_MAX]; /* edge_list generator: "ID_A ID_B" lines */
} ric_layer_params;

typedef struct ric_params {
    int64_t steps;
    int64_t seed;
    int64_t replication;
    int64_t output_every;
    int64_t network_every;     /* igraph network statistics every N steps */
    int64_t snapshot_every;    /* per-agent snapshots every N steps; 0: none */
    char warmup[RIC_PATH_MAX]; /* start from this checkpoint of another run ("": no) */

    int64_t regions;
    int64_t domains;
    double k_max;
    double scale; /* share of the real population (and of every budget) simulated */
    /* Share of each kind located in region 0, the capital region (data). */
    double capital_firms, capital_large, capital_universities, capital_institutes,
        capital_intermediaries;
    double capital_advantage; /* initial capability multiplier in region 0 (1: none) */
    double capital_diversity; /* share of region 0's agents in another region's industry */
    double capital_rd;        /* share of firms' R&D activity located in region 0 (data) */
    int64_t strategic_domains;
    double off_strategic; /* weight of non-strategic domains in initial capability */

    /* Real counts (10+ employees; national), simulated as count x scale. */
    int64_t firms;  /* manufacturing and knowledge-intensive service firms */
    int64_t giants; /* leading manufacturers always simulated, sized x scale */
    double large_share;
    double service_share;
    double large_capability, sme_capability;
    double capability_sd; /* lognormal sigma of initial capability */
    /* R&D intensity (R&D / sales): medians and lognormal sigma. */
    double large_rd, sme_rd, giant_rd, rd_sd;
    double service_rd; /* R&D intensity multiplier of service firms */
    /* Sales, won per month: lognormal medians and sigma; giants from data. */
    double large_sales, sme_sales, service_sales, sales_sd;
    double giant_sales[8];

    int64_t universities, institutes, intermediaries;
    double producer_capability, intermediary_capability;
    double producer_breadth; /* off-strategic weight for knowledge producers */

    double stage2_capability, stage2_absorptive;
    double stage3_capability, stage3_absorptive;

    ric_layer_params layer[RIC_NLAYERS];
    double optimal_distance; /* d* of the inverted U */
    int frozen_ties;         /* 1: no tie dynamics or formation (fixed network) */

    /* Capability dynamics (models/capability.c). */
    double rd_reference;     /* R&D intensity at which R&D-driven rates reach their nominal value */
    double absorb_half;      /* R&D intensity at which absorptive capacity tends to 1/2 */
    double absorb_rate;      /* share of the gap to that target closed per step */
    double capability_decay; /* per step: knowledge depreciation */
    double creation_rate;    /* firms: own knowledge growth per step at rd_reference */
    double research_rate;    /* universities and institutes: knowledge growth per step */
    double stage_hysteresis; /* demotion below this share of the entry thresholds */

    /* Tie dynamics (models/ties.c). */
    double trust_gain; /* share of the gap to 1 closed by one interaction */
    double strength_gain;
    double strength_decay;            /* per step without interaction */
    double tie_threshold;             /* informal ties below this strength vanish */
    double meeting_rate;              /* chance an informal tie is used in a step */
    int64_t project_min, project_max; /* formal project duration, steps */
    double attention;                 /* informal ties an agent keeps up at full meeting rate */
    double max_informal;              /* informal ties a firm can hold (hosts: x host_attention) */
    double renewal;                   /* chance x trust that a formal project is renewed once */
    double initial_age;               /* initial ties: ages spread over this many steps */
    double host_attention;  /* attention multiplier of universities, institutes, intermediaries */
    double people_exchange; /* chance per step that a formal project adds an informal tie */

    /* Innovation (models/innovation.c). */
    double innovation_rate;    /* hazard scale: see docs/model.md 7.11 */
    double size_elasticity;    /* hazard elasticity to sales */
    double service_innovation; /* hazard multiplier of service firms */
    int64_t innovation_window; /* steps over which "innovating" is measured */
    double product_share;      /* share of innovations that are product innovations */
    double process_gain;       /* share of operating costs cut by a process innovation */

    /* Economy and demography (models/demography.c). */
    double share_elasticity;   /* market share elasticity to competitiveness */
    double innovation_step;    /* competitiveness gain of a product innovation */
    double imitation;          /* share of the gap to the sector mean closed per step */
    double shock_sd;           /* sd of monthly competitiveness shocks at an SME's median sales */
    double shock_elasticity;   /* shocks scale as (sales / sme_sales)^-shock_elasticity */
    double gross_margin;       /* sales minus variable costs, share of sales */
    double parity_margin;      /* operating margin of a firm at parity (data) */
    double initial_reserve;    /* initial cash, months of sales */
    double reserve_cap;        /* cash above this many months of sales is paid out */
    double rd_cash;            /* months of R&D that cash must cover to keep R&D in full */
    double entry_rate;         /* entries per initial firm per step (before support) */
    double entry_crowding;     /* elasticity of entry to initial firms / firms now */
    double entry_gap;          /* entrants' competitiveness below the sector mean */
    double spinoff_producer;   /* spin-off chance per step of a university or institute */
    double support_effect;     /* entry multiplier per intermediary per 100 firms of the region */
    double entrant_size;       /* entrants' size as a share of an SME's */
    double inherit;            /* share of the parent's capability a spin-off starts with */
    int64_t startup_age;       /* steps after which a start-up counts as an SME */
    double intermediary_entry; /* intermediaries' entry/exit rate per unit of excess demand */
    double target_utilisation; /* utilisation at which intermediaries neither enter nor exit */

    /* Tie formation (models/formation.c). */
    double meet_new;            /* chance per step of meeting a new agent of the own region */
    double agglomeration;       /* elasticity of meet_new to the region's relative size */
    double closure;             /* chance per step of meeting a partner's partner */
    double search_rate;         /* chance per step that a firm looks for a formal partner */
    int64_t search_candidates;  /* candidates compared in one partner search */
    double search_cross_region; /* share of candidates drawn from any region */
    double hosted_share;        /* share of meetings at events hosted by producers/intermediaries */
    double min_complementarity; /* g(d) below which no partner is taken */
    int64_t capacity_firm, capacity_producer, capacity_intermediary; /* formal ties */
    double project_cost;  /* won per step a formal project costs a firm */
    double project_share; /* share of R&D a firm may commit to formal projects */

    /* Brokerage (models/brokerage.c). */
    double demand; /* chance per step that a firm in need asks an intermediary (quality 1) */
    int64_t service_capacity; /* clients an intermediary serves per step */
    double service_quality;   /* base quality q of a service, in [0, 1] */
    double information_rate;  /* survey: share of the gap to the information stock closed */
    double training_gain;     /* training: share of the gap to full absorptive capacity closed */
    double marketing_gain;    /* marketing: relative revenue gain */
    int64_t match_candidates; /* cooperation: producers compared for a match */
    double hub_capability;    /* KISTI hub's information stock in every domain */
    double hub_feed;          /* KISTI teams' information stock: gap to the hub closed per step */
    double profile[RIC_NSUBTYPES][RIC_NFUNCTIONS]; /* function weights by subtype */

    /* Lead users (models/leadusers.c). */
    int64_t lead_users;      /* lead users designated per region; 0: none */
    int64_t lead_capacity;   /* members a lead user's group can host */
    int64_t lead_review;     /* steps between re-designations */
    double group_rate;       /* chance per step that a user-group member meets in its group */
    double quality_feedback; /* service quality gain per lead user of the region */

    /* Interventions (models/policy.c): effects of one unit of each type. */
    double infrastructure_gain; /* share of the gap to k_max closed in strategic domains */
    double online_strength;     /* strength of ties from on-line user groups, share of the usual */
    /* Cluster councils (models/council.c). */
    int64_t council_members;  /* members per region (real count x scale, at least 4) */
    int64_t council_interval; /* steps between meetings */
    int64_t council_contacts; /* contacts per member per meeting */
    double council_formal;    /* chance a council contact also starts a formal project */
    double exchange_gain;     /* people exchange: share of the gap to full strength closed */
    double hub_rate;          /* hub information: share of the gap to the hub closed */
    double stage_profile[3][RIC_NFUNCTIONS]; /* differentiated support: weights by stage */
    int64_t ninterventions;
    ric_intervention interventions[RIC_MAX_INTERVENTIONS];
} ric_params;

/* Defaults of one intervention item (spend 0: it does nothing until given
 * a spend or a budget). */
extern const ric_intervention ric_intervention_default;

/* Steps an intervention is active in a run of `steps` steps, and its spend
 * per step (the budget spread over them when a budget is given). */
int64_t ric_intervention_steps(const ric_intervention *iv, int64_t steps);
double ric_intervention_spend(const ric_intervention *iv, int64_t steps);

void ric_params_default(ric_params *p);
const ric_param_table *ric_params_table(void);

/* Checks relations between parameters that single ranges cannot express. */
ric_status ric_params_validate(const ric_params *p, ric_error *err);

#endif
