#include "ric_params.h"

#include "ric_model.h"

#include <math.h>
#include <stddef.h>

const char *const ric_kind_names[RIC_NKINDS + 1] = {RIC_KINDS(RIC_I_ENUM_NAME) NULL};
const char *const ric_layer_names[RIC_NLAYERS + 1] = {RIC_LAYERS(RIC_I_ENUM_NAME) NULL};
const char *const ric_size_names[RIC_NSIZES + 1] = {RIC_SIZES(RIC_I_ENUM_NAME) NULL};
const char *const ric_sector_names[RIC_NSECTORS + 1] = {RIC_SECTORS(RIC_I_ENUM_NAME) NULL};
const char *const ric_generator_names[RIC_NGENERATORS + 1] = {RIC_GENERATORS(RIC_I_ENUM_NAME) NULL};
const char *const ric_subtype_names[RIC_NSUBTYPES + 1] = {RIC_SUBTYPES(RIC_I_ENUM_NAME) NULL};
const char *const ric_function_names[RIC_NFUNCTIONS + 1] = {RIC_FUNCTIONS(RIC_I_ENUM_NAME) NULL};
const char *const ric_policy_names[RIC_NPOLICIES + 1] = {RIC_POLICIES(RIC_I_ENUM_NAME) NULL};

const ric_intervention ric_intervention_default = {
    .type = RIC_POL_INFRASTRUCTURE,
    .name = "",
    .start = 0,
    .end = RIC_NO_END,
    .regions = -1,
    .kinds = -1,
    .sizes = -1,
    .stages = -1,
    .sectors = -1,
    .spend = 0.0,
    .budget = 0.0,
    .price = 1.0,
    .strength = 1.0,
    .online = 0,
};

int64_t ric_intervention_steps(const ric_intervention *iv, int64_t steps)
{
    int64_t end = iv->end == RIC_NO_END || iv->end > steps ? steps : iv->end;
    return end > iv->start ? end - iv->start : 0;
}

double ric_intervention_spend(const ric_intervention *iv, int64_t steps)
{
    if (iv->budget > 0.0) {
        int64_t n = ric_intervention_steps(iv, steps);
        return n > 0 ? iv->budget / (double)n : 0.0;
    }
    return iv->spend;
}

void ric_params_default(ric_params *p)
{
    *p = (ric_params){
        .steps = 480,
        .seed = 1,
        .replication = 0,
        .output_every = 1,
        .network_every = 24,
        .snapshot_every = 0,
        .regions = 5,
        .domains = 16,
        .k_max = 1.0,
        .scale = 0.14,
        .capital_firms = 0.47,
        .capital_large = 0.55,
        .capital_universities = 0.50,
        .capital_institutes = 0.35,
        .capital_intermediaries = 0.45,
        .capital_advantage = 1.0,
        .capital_diversity = 0.0,
        .capital_rd = 0.65,
        .strategic_domains = 4,
        .off_strategic = 0.25,
        .firms = 70000,
        .giants = 5,
        .large_share = 0.015,
        .service_share = 0.3,
        .large_capability = 0.35,
        .sme_capability = 0.15,
        .capability_sd = 0.4,
        .large_rd = 0.0154,
        .sme_rd = 0.0110,
        .giant_rd = 0.052,
        .rd_sd = 0.9,
        .service_rd = 0.5,
        .large_sales = 8e9,
        .sme_sales = 2.5e8,
        .service_sales = 1.5e8,
        .sales_sd = 1.0,
        .giant_sales = {3.63e12, 2.08e12, 1.68e12, 4.9e11, 4.3e11},
        .universities = 200,
        .institutes = 150,
        .intermediaries = 700,
        .producer_capability = 0.6,
        .intermediary_capability = 0.3,
        .producer_breadth = 0.6,
        .stage2_capability = 0.05,
        .stage2_absorptive = 0.3,
        .stage3_capability = 0.12,
        .stage3_absorptive = 0.45,
        .optimal_distance = 0.4,
        .rd_reference = 0.015,
        .absorb_half = 0.015,
        .absorb_rate = 0.04,
        .capability_decay = 0.02,
        .creation_rate = 0.0045,
        .research_rate = 0.02,
        .stage_hysteresis = 0.8,
        .trust_gain = 0.05,
        .strength_gain = 0.1,
        .strength_decay = 0.03,
        .tie_threshold = 0.05,
        .meeting_rate = 0.1,
        .attention = 10,
        .host_attention = 5,
        .max_informal = 40,
        .renewal = 0.4,
        .initial_age = 36,
        .people_exchange = 0.02,
        .innovation_rate = 0.0283,
        .size_elasticity = 0.0737,
        .service_innovation = 0.838,
        .innovation_window = 36,
        .product_share = 0.6,
        .process_gain = 0.02,
        .share_elasticity = 1.0,
        .innovation_step = 0.15,
        .imitation = 0.02,
        .shock_sd = 0.0995,
        .shock_elasticity = 0.15,
        .gross_margin = 0.35,
        .parity_margin = 0.06,
        .initial_reserve = 3.0,
        .reserve_cap = 6.0,
        .rd_cash = 3.0,
        .entry_rate = 0.002,
        .entry_crowding = 2.0,
        .entry_gap = 0.2,
        .spinoff_producer = 0.01,
        .support_effect = 0.2,
        .entrant_size = 0.5,
        .inherit = 0.5,
        .startup_age = 60,
        .intermediary_entry = 0.05,
        .target_utilisation = 0.7,
        .meet_new = 0.01,
        .agglomeration = 0.12,
        .closure = 0.03,
        .search_rate = 0.05,
        .search_candidates = 8,
        .search_cross_region = 0.1,
        .hosted_share = 0.3,
        .min_complementarity = 0.3,
        .capacity_firm = 10,
        .capacity_producer = 40,
        .capacity_intermediary = 30,
        .project_cost = 2e6,
        .project_share = 0.5,
        .project_min = 12,
        .project_max = 36,
        .demand = 0.1,
        .service_capacity = 4,
        .service_quality = 0.5,
        .information_rate = 0.1,
        .training_gain = 0.05,
        .marketing_gain = 0.02,
        .match_candidates = 5,
        .hub_capability = 0.8,
        .hub_feed = 0.02,
        .profile =
            {
                /* survey, training, marketing, cooperation (docs/model.md 7.13) */
                [RIC_SUB_TECHNOPARK] = {0.2, 0.2, 0.2, 0.4},
                [RIC_SUB_TIC] = {0.2, 0.4, 0.1, 0.3},
                [RIC_SUB_INCUBATOR] = {0.1, 0.3, 0.4, 0.2},
                [RIC_SUB_ASSOCIATION] = {0.2, 0.1, 0.3, 0.4},
                [RIC_SUB_KISTI] = {0.4, 0.3, 0.1, 0.2},
            },
        .infrastructure_gain = 0.03,
        .online_strength = 0.5,
        .council_formal = 0.2,
        .exchange_gain = 0.1,
        .hub_rate = 0.03,
        .stage_profile =
            {
                /* survey, training, marketing, cooperation (docs/model.md 7.15) */
                {0.5, 0.4, 0.0, 0.1},
                {0.2, 0.4, 0.1, 0.3},
                {0.1, 0.1, 0.3, 0.5},
            },
        .lead_users = 0,
        .lead_capacity = 30,
        .council_members = 140,
        .council_interval = 3,
        .council_contacts = 2,
        .lead_review = 12,
        .group_rate = 0.05,
        .quality_feedback = 0.1,
    };
    for (int k = 0; k < RIC_MAX_INTERVENTIONS; k++)
        p->interventions[k] = ric_intervention_default;
    p->layer[RIC_FORMAL] = (ric_layer_params){.generator = RIC_GEN_NONE,
                                              .mean_degree = 4,
                                              .rewire = 0.3,
                                              .cross_region = 0.2,
                                              .strength = 0.6,
                                              .trust = 0.3,
                                              .eta = 0.05,
                                              .min_stage = 1};
    p->layer[RIC_INFORMAL] = (ric_layer_params){.generator = RIC_GEN_SMALL_WORLD,
                                                .mean_degree = 8,
                                                .rewire = 0.1,
                                                .cross_region = 0.05,
                                                .strength = 0.4,
                                                .trust = 0.5,
                                                .eta = 0.15,
                                                .min_stage = 1};
}

#define RIC_I_F(field) offsetof(ric_params, field)
#define RIC_I_INT(k, field, lo, hi, u, d)                                                          \
    {                                                                                              \
        .key = k, .type = RIC_PT_INT, .offset = RIC_I_F(field), .min = lo, .max = hi, .unit = u,   \
        .doc = d                                                                                   \
    }
#define RIC_I_DBL(k, field, lo, hi, u, d)                                                          \
    {                                                                                              \
        .key = k, .type = RIC_PT_DOUBLE, .offset = RIC_I_F(field), .min = lo, .max = hi,           \
        .unit = u, .doc = d                                                                        \
    }
#define RIC_I_ENUM(k, field, names, d)                                                             \
    {                                                                                              \
        .key = k, .type = RIC_PT_ENUM, .offset = RIC_I_F(field), .enum_names = names, .unit = "",  \
        .doc = d                                                                                   \
    }
#define RIC_I_BOOL(k, field, d)                                                                    \
    {                                                                                              \
        .key = k, .type = RIC_PT_BOOL, .offset = RIC_I_F(field), .unit = "", .doc = d              \
    }
#define RIC_I_STR(k, field, d)                                                                     \
    {                                                                                              \
        .key = k, .type = RIC_PT_STRING, .offset = RIC_I_F(field),                                 \
        .str_size = sizeof(((ric_params *)0)->field), .unit = "", .doc = d                         \
    }
#define RIC_I_STAGE_PROFILE(st, name)                                                              \
    RIC_I_DBL("policy." name ".survey", stage_profile[st][RIC_FN_SURVEY], 0, 1, "",                \
              "differentiated support: survey weight for firms at this stage"),                    \
        RIC_I_DBL("policy." name ".training", stage_profile[st][RIC_FN_TRAINING], 0, 1, "",        \
                  "differentiated support: training weight"),                                      \
        RIC_I_DBL("policy." name ".marketing", stage_profile[st][RIC_FN_MARKETING], 0, 1, "",      \
                  "differentiated support: marketing weight"),                                     \
        RIC_I_DBL("policy." name ".cooperation", stage_profile[st][RIC_FN_COOPERATION], 0, 1, "",  \
                  "differentiated support: cooperation weight")
#define RIC_I_IV(field) offsetof(ric_params, interventions[0].field)
#define RIC_I_IV_SET(k, field, names, lo, hi, d)                                                   \
    {                                                                                              \
        .key = "interventions[]." k, .type = RIC_PT_MASK, .offset = RIC_I_IV(field),               \
        .enum_names = names, .min = lo, .max = hi, .unit = "", .doc = d                            \
    }
#define RIC_I_IV_NUM(k, field, type_, lo, hi, u, d)                                                \
    {                                                                                              \
        .key = "interventions[]." k, .type = type_, .offset = RIC_I_IV(field), .min = lo,          \
        .max = hi, .unit = u, .doc = d                                                             \
    }
#define RIC_I_LAYER(name, L)                                                                       \
    RIC_I_ENUM("network." name ".generator", layer[L].generator, ric_generator_names,              \
               "initial network generator"),                                                       \
        RIC_I_DBL("network." name ".mean_degree", layer[L].mean_degree, 0, 1000, "ties",           \
                  "initial mean degree"),                                                          \
        RIC_I_DBL("network." name ".rewire", layer[L].rewire, 0, 1, "",                            \
                  "small world: share of lattice ties rewired"),                                   \
        RIC_I_DBL("network." name ".cross_region", layer[L].cross_region, 0, 1, "",                \
                  "share of rewired/random ties that may join another region"),                    \
        RIC_I_DBL("network." name ".strength", layer[L].strength, 0, 1, "",                        \
                  "initial tie strength w"),                                                       \
        RIC_I_DBL("network." name ".trust", layer[L].trust, 0, 1, "", "initial trust tau"),        \
        RIC_I_DBL("network." name ".eta", layer[L].eta, 0, 1, "1/step",                            \
                  "knowledge exchange rate over this layer"),                                      \
        RIC_I_INT("network." name ".min_stage", layer[L].min_stage, 1, 3, "",                      \
                  "lowest capability stage that learns over this layer"),                          \
        RIC_I_STR(                                                                                 \
            "network." name ".edge_file", layer[L].edge_file,                                      \
            "edge_list generator: file of \"ID_A ID_B\" lines (relative to the scenario file)")
#define RIC_I_PROFILE(sub, name)                                                                   \
    RIC_I_DBL("brokerage." name ".survey", profile[sub][RIC_FN_SURVEY], 0, 1, "",                  \
              "weight of the survey function (information)"),                                      \
        RIC_I_DBL("brokerage." name ".training", profile[sub][RIC_FN_TRAINING], 0, 1, "",          \
                  "weight of the training function (absorptive capacity)"),                        \
        RIC_I_DBL("brokerage." name ".marketing", profile[sub][RIC_FN_MARKETING], 0, 1, "",        \
                  "weight of the marketing function (revenue)"),                                   \
        RIC_I_DBL("brokerage." name ".cooperation", profile[sub][RIC_FN_COOPERATION], 0, 1, "",    \
                  "weight of the cooperation function (matching to a producer)")

static const ric_param_spec ric_i_specs[] = {
    RIC_I_INT("run.steps", steps, 0, 1e7, "steps (months)", "number of steps to run"),
    RIC_I_INT("run.seed", seed, 0, 9007199254740992.0, "", "random seed"),
    RIC_I_INT("run.replication", replication, 0, 9007199254740992.0, "",
              "replication index (second key of every random stream)"),
    RIC_I_INT("run.output_every", output_every, 1, 1e7, "steps", "observation interval"),
    RIC_I_INT("run.network_every", network_every, 1, 1e7, "steps",
              "interval of the network statistics (clustering, components)"),
    RIC_I_INT("run.snapshot_every", snapshot_every, 0, 1e7, "steps",
              "per-agent snapshots (capability, ties) every N steps; 0: none"),
    RIC_I_STR("run.warmup", warmup,
              "start from this checkpoint of another run (its state, seed and replication) and "
              "go on with this scenario: policy branching; relative to the scenario file"),
    RIC_I_INT("world.regions", regions, 1, RIC_MAX_REGIONS - 1, "",
              "number of regions; region 0 is the capital"),
    RIC_I_INT("world.domains", domains, 1, 256, "", "technology domains D"),
    RIC_I_DBL("world.k_max", k_max, 1e-9, 1e9, "capability", "upper bound of capability"),
    RIC_I_DBL("world.scale", scale, 1e-6, 1, "",
              "share of the real population and of every budget that is simulated"),
    RIC_I_DBL("world.capital_firms", capital_firms, 0, 1, "",
              "share of firms (SMEs, services) located in the capital region (region 0)"),
    RIC_I_DBL("world.capital_large", capital_large, 0, 1, "",
              "share of large firms located in the capital region"),
    RIC_I_DBL("world.capital_universities", capital_universities, 0, 1, "",
              "share of universities located in the capital region"),
    RIC_I_DBL("world.capital_institutes", capital_institutes, 0, 1, "",
              "share of public research institutes located in the capital region"),
    RIC_I_DBL("world.capital_intermediaries", capital_intermediaries, 0, 1, "",
              "share of intermediaries located in the capital region"),
    RIC_I_DBL("world.capital_advantage", capital_advantage, 0, 10, "",
              "initial capability multiplier in the capital region (1: none)"),
    RIC_I_DBL("world.capital_diversity", capital_diversity, 0, 1, "",
              "share of the capital region's agents working in another region's strategic "
              "industry (a diversified capital)"),
    RIC_I_DBL("world.capital_rd", capital_rd, 0, 1, "",
              "share of firms' R&D activity (corporate R&D centres) in the capital region; set "
              "it to world.capital_firms for no regional difference in R&D intensity"),
    RIC_I_INT("world.strategic_domains", strategic_domains, 1, 256, "",
              "domains of each region's strategic industry"),
    RIC_I_DBL("world.off_strategic", off_strategic, 0, 1, "",
              "weight of non-strategic domains in initial firm capability"),
    RIC_I_INT("firms.count", firms, 0, 1e9, "firms",
              "real firms (10+ employees, manufacturing and knowledge-intensive services); "
              "count x world.scale are simulated"),
    RIC_I_INT("firms.giants", giants, 0, 5, "firms",
              "leading manufacturers simulated at any scale, their sales x world.scale"),
    RIC_I_DBL("firms.large_share", large_share, 0, 1, "", "share of large firms (300+ employees)"),
    RIC_I_DBL("firms.service_share", service_share, 0, 1, "",
              "share of knowledge-intensive service firms"),
    RIC_I_DBL("firms.large_capability", large_capability, 0, 1e9, "capability",
              "median initial capability of large firms in strategic domains"),
    RIC_I_DBL("firms.sme_capability", sme_capability, 0, 1e9, "capability",
              "median initial capability of SMEs in strategic domains"),
    RIC_I_DBL("firms.capability_sd", capability_sd, 0, 5, "",
              "lognormal sigma of initial capability"),
    RIC_I_DBL("firms.large_rd", large_rd, 0, 1, "R&D/sales", "median R&D intensity of large firms"),
    RIC_I_DBL("firms.sme_rd", sme_rd, 0, 1, "R&D/sales", "median R&D intensity of SMEs"),
    RIC_I_DBL("firms.giant_rd", giant_rd, 0, 1, "R&D/sales", "R&D intensity of the giants"),
    RIC_I_DBL("firms.rd_sd", rd_sd, 0, 5, "", "lognormal sigma of R&D intensity"),
    RIC_I_DBL("firms.service_rd", service_rd, 0, 10, "",
              "R&D intensity multiplier of knowledge-intensive service firms"),
    RIC_I_DBL("firms.large_sales", large_sales, 0, 1e15, "won/step",
              "median sales of large manufacturers"),
    RIC_I_DBL("firms.sme_sales", sme_sales, 0, 1e15, "won/step",
              "median sales of manufacturing SMEs"),
    RIC_I_DBL("firms.service_sales", service_sales, 0, 1e15, "won/step",
              "median sales of service SMEs (large service firms: x large/SME ratio)"),
    RIC_I_DBL("firms.sales_sd", sales_sd, 0, 5, "", "lognormal sigma of sales"),
    RIC_I_DBL("firms.giant_sales_1", giant_sales[0], 0, 1e16, "won/step",
              "real sales of the largest manufacturer"),
    RIC_I_DBL("firms.giant_sales_2", giant_sales[1], 0, 1e16, "won/step",
              "real sales of the second"),
    RIC_I_DBL("firms.giant_sales_3", giant_sales[2], 0, 1e16, "won/step",
              "real sales of the third"),
    RIC_I_DBL("firms.giant_sales_4", giant_sales[3], 0, 1e16, "won/step",
              "real sales of the fourth"),
    RIC_I_DBL("firms.giant_sales_5", giant_sales[4], 0, 1e16, "won/step",
              "real sales of the fifth"),
    RIC_I_INT("producers.universities", universities, 0, 1e7, "organisations",
              "real universities (x world.scale simulated)"),
    RIC_I_INT("producers.institutes", institutes, 0, 1e7, "organisations",
              "real public research institutes (x world.scale simulated)"),
    RIC_I_DBL("producers.capability", producer_capability, 0, 1e9, "capability",
              "median initial capability of universities and institutes"),
    RIC_I_DBL("producers.breadth", producer_breadth, 0, 1, "",
              "weight of non-strategic domains for universities, institutes and intermediaries"),
    RIC_I_INT("intermediaries.count", intermediaries, 0, 1e7, "organisations",
              "real intermediaries at the start (x world.scale simulated)"),
    RIC_I_DBL("intermediaries.capability", intermediary_capability, 0, 1e9, "capability",
              "median initial capability of intermediaries"),
    RIC_I_DBL("intermediaries.entry", intermediary_entry, 0, 1, "1/step",
              "intermediaries' entry (exit) chance per step per unit of utilisation above "
              "(below) the target"),
    RIC_I_DBL("intermediaries.target_utilisation", target_utilisation, 0, 1, "",
              "utilisation at which intermediaries neither enter nor exit"),
    RIC_I_DBL("stages.absorption_capability", stage2_capability, 0, 1e9, "capability",
              "mean capability to enter stage 2 (absorption)"),
    RIC_I_DBL("stages.absorption_absorptive", stage2_absorptive, 0, 1, "",
              "absorptive capacity to enter stage 2"),
    RIC_I_DBL("stages.creation_capability", stage3_capability, 0, 1e9, "capability",
              "mean capability to enter stage 3 (creation)"),
    RIC_I_DBL("stages.creation_absorptive", stage3_absorptive, 0, 1, "",
              "absorptive capacity to enter stage 3"),
    RIC_I_DBL("stages.hysteresis", stage_hysteresis, 0, 1, "",
              "a stage is lost below this share of its entry thresholds"),
    RIC_I_LAYER("formal", RIC_FORMAL),
    RIC_I_LAYER("informal", RIC_INFORMAL),
    RIC_I_BOOL("network.frozen", frozen_ties,
               "true: ties neither change nor form (knowledge diffusion on a fixed network)"),
    RIC_I_DBL("exchange.optimal_distance", optimal_distance, 0.01, 0.99, "",
              "cognitive distance at which learning peaks (inverted U)"),
    RIC_I_DBL("capability.rd_reference", rd_reference, 1e-6, 1, "R&D/revenue",
              "R&D intensity at which R&D-driven rates are nominal"),
    RIC_I_DBL("capability.absorptive_half", absorb_half, 1e-6, 1, "R&D/sales",
              "R&D intensity at which absorptive capacity tends to 1/2"),
    RIC_I_DBL("capability.absorptive_rate", absorb_rate, 0, 1, "1/step",
              "share of the gap to the absorptive capacity R&D sustains closed per step"),
    RIC_I_DBL("capability.decay", capability_decay, 0, 1, "1/step",
              "knowledge depreciation per step"),
    RIC_I_DBL("capability.creation_rate", creation_rate, 0, 1, "1/step",
              "firms' own knowledge creation at stage 3 and the reference R&D intensity"),
    RIC_I_DBL("capability.research_rate", research_rate, 0, 1, "1/step",
              "knowledge creation by universities and institutes"),
    RIC_I_DBL("ties.trust_gain", trust_gain, 0, 1, "",
              "share of the gap to full trust closed by one interaction"),
    RIC_I_DBL("ties.strength_gain", strength_gain, 0, 1, "",
              "share of the gap to full strength closed by one interaction"),
    RIC_I_DBL("ties.strength_decay", strength_decay, 0, 1, "1/step",
              "strength lost per step without interaction"),
    RIC_I_DBL("ties.removal_threshold", tie_threshold, 0, 1, "",
              "informal ties weaker than this vanish"),
    RIC_I_DBL("ties.meeting_rate", meeting_rate, 0, 1, "1/step",
              "chance that an informal tie is used in a step"),
    RIC_I_DBL("ties.attention", attention, 1, 1e6, "ties",
              "informal ties an agent keeps up at the full meeting rate"),
    RIC_I_DBL("ties.host_attention", host_attention, 1, 1e6, "",
              "attention multiplier of universities, institutes and intermediaries"),
    RIC_I_DBL("ties.max_informal", max_informal, 1, 1e6, "ties",
              "informal ties a firm can hold (universities, institutes, intermediaries: x "
              "host_attention); no new tie beyond"),
    RIC_I_DBL("ties.renewal", renewal, 0, 1, "",
              "chance (x trust) that a formal project is renewed once at its end"),
    RIC_I_DBL("ties.initial_age", initial_age, 0, 1200, "steps",
              "initial ties: last use spread over this many steps before the start"),
    RIC_I_DBL("ties.people_exchange", people_exchange, 0, 1, "1/step",
              "chance per step that a formal project's exchange of people adds an informal tie"),
    RIC_I_INT("ties.project_min", project_min, 1, 1200, "steps",
              "shortest formal project (tie duration)"),
    RIC_I_INT("ties.project_max", project_max, 1, 1200, "steps",
              "longest formal project (tie duration)"),
    RIC_I_DBL("innovation.rate", innovation_rate, 0, 100, "1/step",
              "innovation hazard at mean capability 0.3, reference R&D and SME median sales"),
    RIC_I_DBL("innovation.size_elasticity", size_elasticity, 0, 2, "",
              "elasticity of the innovation hazard to sales"),
    RIC_I_DBL("innovation.service_factor", service_innovation, 0, 10, "",
              "innovation hazard multiplier of service firms"),
    RIC_I_INT("innovation.window", innovation_window, 1, 1200, "steps",
              "window of the innovating share (the survey's 3 years)"),
    RIC_I_DBL("innovation.product_share", product_share, 0, 1, "",
              "share of innovations that are product innovations (the rest: process)"),
    RIC_I_DBL("innovation.process_gain", process_gain, 0, 1, "",
              "share of operating costs cut by a process innovation"),
    RIC_I_DBL("economy.share_elasticity", share_elasticity, 0, 100, "",
              "elasticity of market share to competitiveness"),
    RIC_I_DBL("economy.innovation_step", innovation_step, 0, 10, "",
              "competitiveness gained by a product innovation"),
    RIC_I_DBL("economy.imitation", imitation, 0, 1, "1/step",
              "share of the gap to the sector's mean competitiveness closed per step"),
    RIC_I_DBL("economy.shock_sd", shock_sd, 0, 10, "",
              "sd of a firm's monthly competitiveness shock"),
    RIC_I_DBL("economy.shock_elasticity", shock_elasticity, 0, 2, "",
              "shocks shrink with size as sales^-elasticity (many product lines average out)"),
    RIC_I_DBL("economy.gross_margin", gross_margin, 0, 1, "",
              "sales minus variable costs, as a share of sales"),
    RIC_I_DBL("economy.parity_margin", parity_margin, -1, 1, "",
              "operating margin of a firm at its parity market share"),
    RIC_I_DBL("economy.initial_reserve", initial_reserve, 0, 1e6, "months of sales",
              "initial cash"),
    RIC_I_DBL("economy.reserve_cap", reserve_cap, 0, 1e6, "months of sales",
              "cash above this is paid out"),
    RIC_I_DBL("economy.rd_cash", rd_cash, 0, 1e6, "months of R&D",
              "cash needed to keep R&D in full (less cash: R&D cut in proportion)"),
    RIC_I_DBL("entry.rate", entry_rate, 0, 1, "1/step",
              "entries per step per firm the region had at the start, before the support "
              "effect"),
    RIC_I_DBL("entry.crowding", entry_crowding, 0, 10, "",
              "elasticity of entry to the region's firms at the start over its firms now"),
    RIC_I_DBL("entry.gap", entry_gap, 0, 10, "",
              "entrants' competitiveness below their sector's mean (liability of newness)"),
    RIC_I_DBL("entry.spinoff_producer", spinoff_producer, 0, 1, "1/step",
              "spin-off chance per step of a university or institute"),
    RIC_I_DBL("entry.support_effect", support_effect, 0, 100, "",
              "entry multiplier per intermediary per 100 firms in the region"),
    RIC_I_DBL("entry.size", entrant_size, 0, 100, "", "entrants' base size as a share of an SME's"),
    RIC_I_DBL("entry.inherit", inherit, 0, 1, "",
              "share of the parent's capability a spin-off starts with"),
    RIC_I_INT("entry.startup_age", startup_age, 0, 1e6, "steps",
              "age at which a start-up counts as an SME"),
    RIC_I_DBL("formation.meet_new", meet_new, 0, 1, "1/step",
              "chance per step of meeting a new agent of the own region"),
    RIC_I_DBL("formation.agglomeration", agglomeration, 0, 2, "",
              "elasticity of the meeting rate to the region's size relative to the mean region"),
    RIC_I_DBL("formation.closure", closure, 0, 1, "1/step",
              "chance per step of meeting a partner's partner (triadic closure)"),
    RIC_I_DBL("formation.search_rate", search_rate, 0, 1, "1/step",
              "chance per step that a firm searches a formal partner (at reference R&D)"),
    RIC_I_INT("formation.search_candidates", search_candidates, 1, 1000, "agents",
              "candidates compared in one partner search"),
    RIC_I_DBL("formation.search_cross_region", search_cross_region, 0, 1, "",
              "share of search candidates drawn from all regions"),
    RIC_I_DBL("formation.hosted_share", hosted_share, 0, 1, "",
              "share of new meetings at events hosted by a producer or intermediary"),
    RIC_I_DBL("formation.min_complementarity", min_complementarity, 0, 1, "",
              "learning-curve value g(d) below which no partner is taken"),
    RIC_I_INT("formation.capacity_firm", capacity_firm, 0, 1e6, "ties",
              "formal ties a firm can hold"),
    RIC_I_INT("formation.capacity_producer", capacity_producer, 0, 1e6, "ties",
              "formal ties a university or institute can hold"),
    RIC_I_INT("formation.capacity_intermediary", capacity_intermediary, 0, 1e6, "ties",
              "formal ties an intermediary can hold"),
    RIC_I_DBL("formation.project_cost", project_cost, 0, 1e15, "won/step",
              "what one formal project costs a firm per step (part of its R&D)"),
    RIC_I_DBL("formation.project_share", project_share, 0, 1, "",
              "share of its R&D a firm may commit to formal projects"),
    RIC_I_DBL("brokerage.demand", demand, 0, 0.5, "1/step",
              "chance per step and unit of need that a firm asks an intermediary at quality 1 "
              "(need: 1 - absorptive capacity, plus 1 after an innovation within the window)"),
    RIC_I_INT("brokerage.capacity", service_capacity, 0, 1e6, "clients/step",
              "clients an intermediary serves per step"),
    RIC_I_DBL("brokerage.quality", service_quality, 0, 1, "", "base service quality q"),
    RIC_I_DBL("brokerage.information_rate", information_rate, 0, 1, "",
              "survey: share of the gap to the intermediary's information stock closed"),
    RIC_I_DBL("brokerage.training_gain", training_gain, 0, 1, "",
              "training: share of the gap to full absorptive capacity closed"),
    RIC_I_DBL("brokerage.marketing_gain", marketing_gain, 0, 10, "",
              "marketing: relative revenue gain"),
    RIC_I_INT("brokerage.match_candidates", match_candidates, 1, 1000, "agents",
              "cooperation: knowledge producers compared for a match"),
    RIC_I_DBL("brokerage.hub_capability", hub_capability, 0, 1e9, "capability",
              "national KISTI hub's information stock in every domain"),
    RIC_I_DBL("brokerage.hub_feed", hub_feed, 0, 1, "1/step",
              "KISTI teams: share of the gap to the hub's information closed per step"),
    RIC_I_PROFILE(RIC_SUB_TECHNOPARK, "technopark"),
    RIC_I_PROFILE(RIC_SUB_TIC, "tic"),
    RIC_I_PROFILE(RIC_SUB_INCUBATOR, "incubator"),
    RIC_I_PROFILE(RIC_SUB_ASSOCIATION, "association"),
    RIC_I_PROFILE(RIC_SUB_KISTI, "kisti_team"),
    RIC_I_INT("lead_users.per_region", lead_users, 0, 1e6, "agents",
              "lead users designated per region (the most capable SMEs); 0: none"),
    RIC_I_INT("lead_users.capacity", lead_capacity, 1, 1e6, "firms",
              "members a lead user's user group can host (the nearest firms)"),
    RIC_I_INT("lead_users.review", lead_review, 1, 1e6, "steps",
              "steps between re-designations of lead users"),
    RIC_I_DBL("lead_users.group_rate", group_rate, 0, 1, "1/step",
              "chance per step that a user-group member meets in its group"),
    RIC_I_DBL("lead_users.quality_feedback", quality_feedback, 0, 100, "",
              "service quality gain per lead user of the region"),
    RIC_I_INT("council.members", council_members, 0, 1e7, "organisations",
              "real members of each region's cluster council (x world.scale, at least 4)"),
    RIC_I_INT("council.interval", council_interval, 1, 1e6, "steps",
              "steps between council meetings"),
    RIC_I_INT("council.contacts", council_contacts, 0, 1e6, "contacts",
              "contacts each member makes at a meeting"),
    RIC_I_DBL("policy.infrastructure_gain", infrastructure_gain, 0, 1, "1/unit",
              "infrastructure: share of the gap to k_max closed in strategic domains per unit"),
    RIC_I_DBL("policy.online_strength", online_strength, 0, 1, "",
              "user_groups: strength of ties made on-line, as a share of the usual"),
    RIC_I_DBL("policy.council_formal", council_formal, 0, 1, "",
              "cluster_council: chance a contact also starts a formal project"),
    RIC_I_DBL("policy.exchange_gain", exchange_gain, 0, 1, "1/unit",
              "people_exchange: share of the gap to full strength closed per exchange"),
    RIC_I_DBL("policy.hub_rate", hub_rate, 0, 1, "1/unit",
              "hub_information: share of the gap to the hub's information closed per unit"),
    RIC_I_STAGE_PROFILE(0, "stage1"),
    RIC_I_STAGE_PROFILE(1, "stage2"),
    RIC_I_STAGE_PROFILE(2, "stage3"),
    {.key = "interventions",
     .type = RIC_PT_LIST,
     .offset = RIC_I_F(ninterventions),
     .max = RIC_MAX_INTERVENTIONS,
     .unit = "",
     .doc = "policy interventions (docs/model.md 7.15); a list replaces the base's list",
     .stride = sizeof(ric_intervention),
     .items_offset = RIC_I_F(interventions),
     .item_default = &ric_intervention_default},
    {.key = "interventions[].type",
     .type = RIC_PT_ENUM,
     .offset = RIC_I_IV(type),
     .enum_names = ric_policy_names,
     .unit = "",
     .doc = "what the intervention does"},
    {.key = "interventions[].name",
     .type = RIC_PT_STRING,
     .offset = RIC_I_IV(name),
     .str_size = sizeof(((ric_intervention *)0)->name),
     .unit = "",
     .doc = "label in the output (default: the type)"},
    RIC_I_IV_NUM("start", start, RIC_PT_INT, 0, 1e7, "step", "first step the intervention acts"),
    RIC_I_IV_NUM("end", end, RIC_PT_INT, -1, 1e7, "step",
                 "step it stops acting (exclusive); -1: the end of the run"),
    RIC_I_IV_SET("regions", regions, NULL, 0, RIC_MAX_REGIONS - 2, "target regions"),
    RIC_I_IV_SET("kinds", kinds, ric_kind_names, 0, 0, "target agent kinds"),
    RIC_I_IV_SET("sizes", sizes, ric_size_names, 0, 0, "target firm size classes"),
    RIC_I_IV_SET("stages", stages, NULL, 1, 3, "target capability stages"),
    RIC_I_IV_SET("sectors", sectors, ric_sector_names, 0, 0, "target firm sectors"),
    RIC_I_IV_NUM("spend", spend, RIC_PT_DOUBLE, 0, 1e16, "won/step",
                 "national spend per step while active (x world.scale is spent)"),
    RIC_I_IV_NUM("budget", budget, RIC_PT_DOUBLE, 0, 1e18, "won",
                 "national budget spread evenly over the active steps (instead of spend)"),
    RIC_I_IV_NUM("price", price, RIC_PT_DOUBLE, 1e-12, 1e16, "won/unit",
                 "cost of one unit of the type's effect"),
    RIC_I_IV_NUM("strength", strength, RIC_PT_DOUBLE, 0, 1e6, "",
                 "effect of one unit (type-specific)"),
    {.key = "interventions[].online",
     .type = RIC_PT_BOOL,
     .offset = RIC_I_IV(online),
     .unit = "",
     .doc = "user_groups: on-line groups span all regions"},
};

static const ric_param_table ric_i_table = {ric_i_specs,
                                            sizeof ric_i_specs / sizeof ric_i_specs[0]};

const ric_param_table *ric_params_table(void)
{
    return &ric_i_table;
}

ric_status ric_params_validate(const ric_params *p, ric_error *err)
{
    if (p->strategic_domains > p->domains)
        return ric_error_set(err, RIC_ECONFIG,
                             "world.strategic_domains (%lld) exceeds world.domains (%lld)",
                             (long long)p->strategic_domains, (long long)p->domains);
    if (p->stage3_capability < p->stage2_capability)
        return ric_error_set(err, RIC_ECONFIG,
                             "stages.creation_capability (%g) is below "
                             "stages.absorption_capability (%g)",
                             p->stage3_capability, p->stage2_capability);
    if (p->stage3_absorptive < p->stage2_absorptive)
        return ric_error_set(err, RIC_ECONFIG,
                             "stages.creation_absorptive (%g) is below "
                             "stages.absorption_absorptive (%g)",
                             p->stage3_absorptive, p->stage2_absorptive);
    if (p->project_max < p->project_min)
        return ric_error_set(err, RIC_ECONFIG,
                             "ties.project_max (%lld) is below ties.project_min (%lld)",
                             (long long)p->project_max, (long long)p->project_min);
    int64_t n = p->firms + p->universities + p->institutes + p->intermediaries;
    if (n < 2)
        return ric_error_set(err, RIC_ECONFIG, "the world needs at least 2 agents, found %lld",
                             (long long)n);
    if (n > (int64_t)UINT32_MAX / 2)
        return ric_error_set(err, RIC_ECONFIG, "too many agents: %lld (at most %u)", (long long)n,
                             UINT32_MAX / 2);
    for (int l = 0; l < RIC_NLAYERS; l++) {
        double k = p->layer[l].mean_degree;
        if (p->layer[l].generator == RIC_GEN_RING_LATTICE && (k != floor(k) || fmod(k, 2.0) != 0))
            return ric_error_set(err, RIC_ECONFIG,
                                 "network.%s.mean_degree: the ring lattice needs an even "
                                 "integer, found %g",
                                 ric_layer_names[l], k);
        if (p->layer[l].generator == RIC_GEN_BARABASI_ALBERT && k < 2.0)
            return ric_error_set(err, RIC_ECONFIG,
                                 "network.%s.mean_degree: Barabasi-Albert needs at least 2 "
                                 "(m = mean_degree / 2 ties per new agent), found %g",
                                 ric_layer_names[l], k);
    }
    for (int64_t k = 0; k < p->ninterventions; k++) {
        const ric_intervention *iv = &p->interventions[k];
        if (iv->end != RIC_NO_END && iv->end <= iv->start)
            return ric_error_set(
                err, RIC_ECONFIG, "interventions.%lld (%s): end (%lld) must be after start (%lld)",
                (long long)k, ric_policy_names[iv->type], (long long)iv->end, (long long)iv->start);
        if (iv->budget > 0.0 && iv->spend > 0.0)
            return ric_error_set(err, RIC_ECONFIG,
                                 "interventions.%lld (%s): give spend or budget, not both",
                                 (long long)k, ric_policy_names[iv->type]);
        if (p->frozen_ties &&
            (iv->type == RIC_POL_LEAD_USERS || iv->type == RIC_POL_USER_GROUPS ||
             iv->type == RIC_POL_CLUSTER_COUNCIL || iv->type == RIC_POL_PEOPLE_EXCHANGE))
            return ric_error_set(err, RIC_ECONFIG,
                                 "interventions.%lld (%s) makes ties, but network.frozen is true",
                                 (long long)k, ric_policy_names[iv->type]);
        if (iv->regions != -1 && iv->regions >> p->regions != 0)
            return ric_error_set(err, RIC_ECONFIG,
                                 "interventions.%lld (%s): regions name a region >= "
                                 "world.regions (%lld)",
                                 (long long)k, ric_policy_names[iv->type], (long long)p->regions);
    }
    for (int l = 0; l < RIC_NLAYERS; l++)
        if (p->layer[l].generator == RIC_GEN_EDGE_LIST && p->layer[l].edge_file[0] == '\0')
            return ric_error_set(err, RIC_ECONFIG,
                                 "network.%s.generator is edge_list but network.%s.edge_file "
                                 "is not set",
                                 ric_layer_names[l], ric_layer_names[l]);
    for (int l = 0; l < RIC_NLAYERS; l++)
        if (p->layer[l].mean_degree > (double)(n - 1))
            return ric_error_set(err, RIC_ECONFIG,
                                 "network.%s.mean_degree (%g) exceeds agents - 1 (%lld)",
                                 ric_layer_names[l], p->layer[l].mean_degree, (long long)(n - 1));
    /* A world that cannot be built: a region without firms. */
    for (int64_t reg = 0; reg < p->regions; reg++)
        if (ric_region_firms(p, reg) <= 0)
            return ric_error_set(err, RIC_ECONFIG,
                                 "world.regions = %lld: region %lld would start without firms "
                                 "(too few firms at world.scale = %g); use fewer regions or a "
                                 "larger world.scale",
                                 (long long)p->regions, (long long)reg, p->scale);
    return RIC_OK;
}
