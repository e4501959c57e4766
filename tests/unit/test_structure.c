/* Structure that prevents a class of bugs: every concept's enum and name
 * table come from one X-macro (the scenario keys accept exactly those
 * names, in enum order); errors keep the step and phase they happened in as
 * they propagate; new agents start in one place, from the column table. */
#include "ric_model.h"
#include "ric_test.h"

#include <string.h>

static ric_status ric_t_failing_phase(ric_world *w, void *model, ric_error *err)
{
    (void)w;
    (void)model;
    return ric_error_set(err, RIC_EPOLICY, "intervention 'x' found no target");
}
static ric_status ric_t_silent_phase(ric_world *w, void *model, ric_error *err)
{
    (void)w;
    (void)model;
    (void)err;
    return RIC_EIO;
}

static void ric_t_names(const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ASSERT(names[i] && names[i][0]);
    ASSERT(names[n] == NULL);
}

static void ric_t_load(const char *yaml, ric_params *p)
{
    ric_params_default(p);
    ric_error err;
    ric_error_clear(&err);
    if (ric_config_load_string(yaml, "t.yaml", ric_params_table(), p, &err) != RIC_OK)
        RIC_FAIL_("%s", err.msg);
}

int main(void)
{
    /* Name tables: one per enum, complete, NULL-terminated. */
    ric_t_names(ric_kind_names, RIC_NKINDS);
    ric_t_names(ric_layer_names, RIC_NLAYERS);
    ric_t_names(ric_size_names, RIC_NSIZES);
    ric_t_names(ric_sector_names, RIC_NSECTORS);
    ric_t_names(ric_generator_names, RIC_NGENERATORS);
    ric_t_names(ric_subtype_names, RIC_NSUBTYPES);
    ric_t_names(ric_function_names, RIC_NFUNCTIONS);
    ric_t_names(ric_policy_names, RIC_NPOLICIES);
    ASSERT(strcmp(ric_subtype_names[RIC_SUB_KISTI], "kisti_team") == 0);
    ASSERT(strcmp(ric_size_names[RIC_SIZE_SME], "sme") == 0);

    /* The scenario keys map each name onto its own enum value. */
    for (int g = 0; g < RIC_NGENERATORS; g++) {
        char yaml[128];
        snprintf(yaml, sizeof yaml, "network:\n  informal:\n    generator: %s\n",
                 ric_generator_names[g]);
        ric_params p;
        ric_t_load(yaml, &p);
        ASSERT_EQ(p.layer[RIC_INFORMAL].generator, g);
    }
    for (int t = 0; t < RIC_NPOLICIES; t++) {
        char yaml[160];
        snprintf(yaml, sizeof yaml, "interventions:\n  - {type: %s, start: 1}\n",
                 ric_policy_names[t]);
        ric_params p;
        ric_t_load(yaml, &p);
        ASSERT_EQ(p.ninterventions, 1);
        ASSERT_EQ(p.interventions[0].type, t);
    }

    /* Context: the phase's own message survives, with step and phase before it. */
    ric_world w;
    ASSERT_OK(ric_world_init(&w, 2, RIC_NLAYERS, 1, 0));
    w.step = 17;
    ASSERT_OK(ric_world_add_phase(&w, "policy", ric_t_failing_phase, NULL));
    ric_error err;
    ric_error_clear(&err);
    ASSERT_EQ(ric_world_step(&w, &err), RIC_EPOLICY);
    ASSERT_EQ(err.code, RIC_EPOLICY);
    ASSERT(strcmp(err.msg, "step 17, phase policy: intervention 'x' found no target") == 0);
    ASSERT_EQ(w.step, 17);
    /* An outer layer adds its own context in front, keeping the code. */
    ASSERT_EQ(ric_error_context(&err, RIC_EPOLICY, "run %d", 3), RIC_EPOLICY);
    ASSERT(strcmp(err.msg, "run 3: step 17, phase policy: intervention 'x' found no target") == 0);
    ric_world_destroy(&w);
    /* A phase that says nothing gets its status message. */
    ASSERT_OK(ric_world_init(&w, 2, RIC_NLAYERS, 1, 0));
    ASSERT_OK(ric_world_add_phase(&w, "ties", ric_t_silent_phase, NULL));
    ric_error_clear(&err);
    ASSERT_EQ(ric_world_step(&w, &err), RIC_EIO);
    ASSERT(strcmp(err.msg, "step 0, phase ties: input/output error") == 0);
    ric_world_destroy(&w);
    ASSERT_EQ(ric_error_context(NULL, RIC_EIO, "x"), RIC_EIO);
    ric_error_clear(&err);
    ASSERT_EQ(ric_error_context(&err, RIC_OK, "x"), RIC_OK);
    ASSERT(err.msg[0] == '\0');

    /* New agents: one place sets kind, region, industry, parent and birth and
     * resets every other column from the table. */
    ric_params p;
    ric_params_default(&p);
    p.domains = 2;
    p.regions = 2;
    ric_model m;
    ric_model_init(&m, &p);
    ASSERT_EQ(m.col_giant, RIC_NO_SLOT); /* unregistered until ric_model_columns */
    ASSERT_OK(ric_world_init(&w, 2, RIC_NLAYERS, 1, 0));
    ASSERT_OK(ric_model_columns(&m, &w));
    ASSERT(m.col_giant != RIC_NO_SLOT && m.col_inflow[2] != RIC_NO_SLOT);
    ASSERT_EQ(ric_agents_column_index(&w.agents, "competitiveness"), m.col_x);
    size_t first;
    ASSERT_OK(ric_agents_add(&w.agents, 2, &first));
    ric_agents *a = &w.agents;
    a->kind[0] = RIC_KIND_UNIVERSITY;
    a->group[0] = 1;
    ric_agent_reset(&m, a, 0);
    ASSERT_EQ(ric_agents_i32(a, m.col_industry)[0], 1); /* home: its region */
    ric_agents_i32(a, m.col_industry)[0] = 0;
    /* Garbage in slot 1's columns must not survive the spawn. */
    ric_agents_f64(a, m.col_x)[1] = 5.0;
    ric_agents_i32(a, m.col_lead)[1] = 1;
    ric_agents_f64(a, m.col_group)[1] = 9.0;
    ric_agents_i32(a, m.col_last_innovation)[1] = 3;
    w.step = 42;
    ric_agent_spawn(&m, &w, 1, RIC_KIND_FIRM, 0);
    ASSERT_EQ(a->kind[1], RIC_KIND_FIRM);
    ASSERT_EQ(a->group[1], 1);
    ASSERT_EQ(a->alive[1], 1);
    ASSERT_EQ(ric_agents_i32(a, m.col_industry)[1], 0);
    ASSERT_EQ(ric_agents_f64(a, m.col_parent)[1], (double)a->id[0]);
    ASSERT_EQ(ric_agents_i32(a, m.col_born)[1], 42);
    ASSERT(ric_agents_f64(a, m.col_x)[1] == 0.0);
    ASSERT_EQ(ric_agents_i32(a, m.col_lead)[1], 0);
    ASSERT(ric_agents_f64(a, m.col_group)[1] == -1.0);
    ASSERT_EQ(ric_agents_i32(a, m.col_last_innovation)[1], RIC_NEVER);
    ASSERT_EQ(ric_agents_i32(a, m.col_subtype)[1], -1);
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    return 0;
}
