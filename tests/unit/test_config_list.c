/* Scenario lists, sets and base files: a list of mappings fills items from
 * their defaults and replaces the whole list; sets accept one element, a
 * sequence, names or "all"; --set addresses items by index; the dump loads
 * back to the same struct; a base file is loaded first and overridden; bad
 * input (too many items, unknown member, empty set, missing item, a base
 * cycle) is refused with file:line and nothing is written. */
#include "ric_config.h"
#include "ric_test.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct item {
    int kind;
    double strength;
    int64_t regions;
    int64_t kinds;
} item;

typedef struct cfg {
    int64_t steps;
    int64_t nitems;
    item items[3];
} cfg;

static const char *const kinds[] = {"firm", "university", "institute", NULL};
static const char *const types[] = {"subsidy", "training", NULL};
static const item item_default = {0, 1.5, -1, 1};

#define F(x) offsetof(cfg, x)
static const ric_param_spec specs[] = {
    {.key = "run.steps", .type = RIC_PT_INT, .offset = F(steps), .min = 0, .max = 1e6, .unit = ""},
    {.key = "policy",
     .type = RIC_PT_LIST,
     .offset = F(nitems),
     .max = 3,
     .unit = "",
     .stride = sizeof(item),
     .items_offset = F(items),
     .item_default = &item_default},
    {.key = "policy[].type",
     .type = RIC_PT_ENUM,
     .offset = F(items[0].kind),
     .enum_names = types,
     .unit = ""},
    {.key = "policy[].strength",
     .type = RIC_PT_DOUBLE,
     .offset = F(items[0].strength),
     .min = 0,
     .max = 10,
     .unit = ""},
    {.key = "policy[].regions",
     .type = RIC_PT_MASK,
     .offset = F(items[0].regions),
     .min = 0,
     .max = 7,
     .unit = ""},
    {.key = "policy[].kinds",
     .type = RIC_PT_MASK,
     .offset = F(items[0].kinds),
     .enum_names = kinds,
     .unit = ""},
};
static const ric_param_table table = {specs, sizeof specs / sizeof specs[0]};

static void defaults(cfg *c)
{
    memset(c, 0, sizeof *c);
    c->steps = 10;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ASSERT(f != NULL);
    fputs(text, f);
    fclose(f);
}

int main(void)
{
    cfg c;
    ric_error err;
    defaults(&c);
    ric_error_clear(&err);
    ASSERT_OK(ric_config_load_string("policy:\n"
                                     "  - type: training\n"
                                     "    regions: [1, 3]\n"
                                     "  - strength: 2\n"
                                     "    kinds: [firm, institute]\n"
                                     "    regions: 2\n",
                                     "s.yaml", &table, &c, &err));
    ASSERT_EQ(c.nitems, 2);
    ASSERT_EQ(c.items[0].kind, 1);
    ASSERT(c.items[0].strength == 1.5); /* item default */
    ASSERT_EQ(c.items[0].regions, (1 << 1) | (1 << 3));
    ASSERT_EQ(c.items[0].kinds, 1);
    ASSERT(c.items[1].strength == 2.0);
    ASSERT_EQ(c.items[1].kinds, (1 << 0) | (1 << 2));
    ASSERT_EQ(c.items[1].regions, 1 << 2);
    ASSERT_EQ(c.items[1].kind, 0);

    /* --set on an item, sets as comma lists or "all". */
    ASSERT_OK(ric_config_set("policy.1.strength=3.25", &table, &c, NULL));
    ASSERT(c.items[1].strength == 3.25);
    ASSERT_OK(ric_config_set("policy.0.regions=0,7", &table, &c, NULL));
    ASSERT_EQ(c.items[0].regions, 1 | (1 << 7));
    ASSERT_OK(ric_config_set("policy.0.kinds=all", &table, &c, NULL));
    ASSERT_EQ(c.items[0].kinds, -1);
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_set("policy.2.strength=1", &table, &c, &err), RIC_ECONFIG);
    ASSERT(strstr(err.msg, "has 2 items, no item 2") != NULL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_set("policy.0.regions=8", &table, &c, &err), RIC_ECONFIG);
    ASSERT(strstr(err.msg, "out of range") != NULL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_set("policy=1", &table, &c, &err), RIC_ECONFIG);

    /* Dump and load back: the same struct. */
    char *yaml = NULL;
    ASSERT_OK(ric_config_dump(&table, &c, &yaml, NULL));
    ASSERT(strstr(yaml, "policy:\n  - type: subsidy\n") ||
           strstr(yaml, "policy:\n  - type: training\n"));
    cfg d;
    defaults(&d);
    ASSERT_OK(ric_config_load_string(yaml, "dump", &table, &d, NULL));
    ASSERT(memcmp(&c.items[0], &d.items[0], sizeof c.items[0]) == 0);
    ASSERT(memcmp(&c.items[1], &d.items[1], sizeof c.items[1]) == 0);
    ASSERT_EQ(d.nitems, 2);
    free(yaml);

    /* An empty list dumps as [] and loads back; "policy:" alone is empty. */
    defaults(&d);
    ASSERT_OK(ric_config_dump(&table, &d, &yaml, NULL));
    ASSERT(strstr(yaml, "policy: []") != NULL);
    c.nitems = 2;
    ASSERT_OK(ric_config_load_string(yaml, "dump", &table, &c, NULL));
    ASSERT_EQ(c.nitems, 0);
    free(yaml);
    c.nitems = 2;
    ASSERT_OK(ric_config_load_string("policy:\n", "s", &table, &c, NULL));
    ASSERT_EQ(c.nitems, 0);

    /* Refusals, and nothing written. */
    static const char *const bad[][2] = {
        {"policy:\n  - {}\n  - {}\n  - {}\n  - {}\n", "at most 3 items"},
        {"policy:\n  - streng: 1\n", "did you mean 'policy[].strength'"},
        {"policy:\n  - regions: []\n", "empty set"},
        {"policy:\n  - regions: [1, 9]\n", "out of range"},
        {"policy:\n  - kinds: [firm, shop]\n", "expected 'all' or one or a sequence of"},
        {"policy:\n  - 3\n", "expected a mapping per item"},
        {"policy: {type: subsidy}\n", "expected a sequence"},
        {"policy:\n  - type: subsidy\n    type: training\n", "given twice"},
        {"policy.0.type: subsidy\n", "unknown key"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        defaults(&c);
        cfg before = c;
        ric_error_clear(&err);
        ASSERT_EQ(ric_config_load_string(bad[i][0], "bad.yaml", &table, &c, &err), RIC_ECONFIG);
        if (!strstr(err.msg, bad[i][1]) || strncmp(err.msg, "bad.yaml:", 9) != 0) {
            fprintf(stderr, "case %zu: message '%s' lacks '%s'\n", i, err.msg, bad[i][1]);
            ASSERT(0);
        }
        ASSERT(memcmp(&before, &c, sizeof c) == 0);
    }

    /* Base files: relative to the child, overridden by it, cycles refused. */
    char dir[] = "/tmp/ric_cfg_XXXXXX";
    ASSERT(mkdtemp(dir) != NULL);
    char a[256], b[256], cyc[256];
    snprintf(a, sizeof a, "%s/a.yaml", dir);
    snprintf(b, sizeof b, "%s/b.yaml", dir);
    snprintf(cyc, sizeof cyc, "%s/c.yaml", dir);
    write_file(a, "run: {steps: 7}\npolicy:\n  - {strength: 4}\n");
    write_file(b, "base: a.yaml\nrun: {steps: 9}\n");
    write_file(cyc, "base: c.yaml\n");
    defaults(&c);
    char *text = NULL;
    ASSERT_OK(ric_config_load_file(b, &table, &c, &text, NULL));
    ASSERT_EQ(c.steps, 9);
    ASSERT_EQ(c.nitems, 1);
    ASSERT(c.items[0].strength == 4.0);
    ASSERT(strstr(text, "base: a.yaml") != NULL);
    free(text);
    defaults(&c);
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_load_file(cyc, &table, &c, NULL, &err), RIC_ECONFIG);
    ASSERT(strstr(err.msg, "nested base files") != NULL);
    write_file(b, "base: missing.yaml\n");
    ric_error_clear(&err);
    ASSERT(ric_config_load_file(b, &table, &c, NULL, &err) != RIC_OK);
    ASSERT(strstr(err.msg, "missing.yaml") != NULL);
    remove(a);
    remove(b);
    remove(cyc);
    remove(dir);
    return 0;
}
