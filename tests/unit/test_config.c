/* Scenario loading: every value type, every refusal (code, location, key,
 * found value, suggestion), atomicity, --set, dump round trip. */
#include "ric_config.h"
#include "ric_test.h"

#include <float.h>
#include <stdarg.h>
#include <stdint.h>
#include <unistd.h>

typedef struct tparams {
    int64_t steps, seed, count;
    double share, mean, alpha, cut, tiny;
    int verbose, model;
    char label[32];
} tparams;

static const char *const models[] = {"bray_curtis", "jaccard", "cosine", NULL};

#define F(f) offsetof(tparams, f)
static const ric_param_spec specs[] = {
    {"run.steps", RIC_PT_INT, F(steps), 1, 1000000, NULL, 0, "steps", "steps", 0, 0, NULL},
    {"run.seed", RIC_PT_INT, F(seed), -1e18, 1e18, NULL, 0, "", "seed", 0, 0, NULL},
    {"firms.count", RIC_PT_INT, F(count), 1, 10000000, NULL, 0, "firms", "firms", 0, 0, NULL},
    {"firms.large_share", RIC_PT_DOUBLE, F(share), 0, 1, NULL, 0, "", "share", 0, 0, NULL},
    {"firms.size.mean", RIC_PT_DOUBLE, F(mean), -1e300, 1e300, NULL, 0, "", "mean", 0, 0, NULL},
    {"firms.size.tail.alpha", RIC_PT_DOUBLE, F(alpha), 0, 10, NULL, 0, "", "alpha", 0, 0, NULL},
    {"firms.size.tail.cut", RIC_PT_DOUBLE, F(cut), -DBL_MAX, DBL_MAX, NULL, 0, "", "cut", 0, 0,
     NULL},
    {"firms.tiny", RIC_PT_DOUBLE, F(tiny), -1, 1, NULL, 0, "", "tiny", 0, 0, NULL},
    {"exchange.model", RIC_PT_ENUM, F(model), 0, 0, models, 0, "", "model", 0, 0, NULL},
    {"output.verbose", RIC_PT_BOOL, F(verbose), 0, 0, NULL, 0, "", "verbose", 0, 0, NULL},
    {"output.label", RIC_PT_STRING, F(label), 0, 0, NULL, 32, "", "label", 0, 0, NULL},
};
static const ric_param_table table = {specs, sizeof specs / sizeof specs[0]};

static void defaults(tparams *p)
{
    memset(p, 0, sizeof *p); /* padding too, for memcmp */
    p->steps = 240;
    p->seed = 42;
    p->count = 9000;
    p->share = 0.02;
    p->mean = 1.5;
    p->alpha = 2;
    p->cut = 100;
    p->tiny = 0;
    p->verbose = 0;
    p->model = 0;
    strcpy(p->label, "default");
}

/* Loads yaml (as "t.yaml") into defaults; expects `code`, an unchanged struct
 * and every NULL-terminated needle in the message. */
static void expect_fail(const char *yaml, ric_status code, ...)
{
    tparams p, orig;
    ric_error err;
    defaults(&p);
    orig = p;
    ric_error_clear(&err);
    ric_status st = ric_config_load_string(yaml, "t.yaml", &table, &p, &err);
    if (st != code)
        fprintf(stderr, "yaml:\n%s\nmessage: %s\n", yaml, err.msg);
    ASSERT_EQ(st, code);
    ASSERT_EQ(err.code, code);
    ASSERT(memcmp(&p, &orig, sizeof p) == 0);
    va_list ap;
    va_start(ap, code);
    for (const char *n; (n = va_arg(ap, const char *));)
        ASSERT_STR_CONTAINS(err.msg, n);
    va_end(ap);
}

static void write_file(char *path, const char *text)
{
    strcpy(path, "/tmp/ric_test_config_XXXXXX");
    int fd = mkstemp(path);
    ASSERT(fd >= 0);
    size_t len = strlen(text);
    ASSERT_EQ(write(fd, text, len), (long long)len);
    ASSERT_OK(close(fd));
}

static void test_valid_file(void)
{
    static const char yaml[] = "# scenario\n"
                               "run:\n"
                               "  steps: 120      # comment\n"
                               "  seed: -7\n"
                               "firms:\n"
                               "  count: +5000\n"
                               "  large_share: 1\n"
                               "  size:\n"
                               "    mean: -2.5e-3\n"
                               "    tail: {alpha: 0, cut: 1e300}\n"
                               "  tiny: .25\n"
                               "exchange:\n"
                               "  model: cosine\n"
                               "output:\n"
                               "  verbose: YES\n"
                               "  label: \"a \\\"quoted\\\" label\"\n";
    char path[64];
    write_file(path, yaml);
    tparams p;
    defaults(&p);
    char *text = NULL;
    ric_error err;
    ric_error_clear(&err);
    ASSERT_OK(ric_config_load_file(path, &table, &p, &text, &err));
    ASSERT_EQ(p.steps, 120);
    ASSERT_EQ(p.seed, -7);
    ASSERT_EQ(p.count, 5000);
    ASSERT(p.share == 1.0);
    ASSERT(p.mean == -2.5e-3);
    ASSERT(p.alpha == 0.0);
    ASSERT(p.cut == 1e300);
    ASSERT(p.tiny == 0.25);
    ASSERT_EQ(p.model, 2);
    ASSERT_EQ(p.verbose, 1);
    ASSERT(strcmp(p.label, "a \"quoted\" label") == 0);
    ASSERT(text && strcmp(text, yaml) == 0);
    free(text);

    /* Flat dotted keys, other bool spellings, untouched keys keep defaults. */
    defaults(&p);
    ASSERT_OK(
        ric_config_load_string("firms.count: 7\noutput: {verbose: Off}\n", "s", &table, &p, &err));
    ASSERT_EQ(p.count, 7);
    ASSERT_EQ(p.verbose, 0);
    ASSERT_EQ(p.steps, 240);
    ASSERT_OK(ric_config_load_string("output: {verbose: on}\n", "s", &table, &p, &err));
    ASSERT_EQ(p.verbose, 1);
    ASSERT_OK(remove(path));
}

static void test_empty(void)
{
    static const char *const empties[] = {"", "# only a comment\n", "---\n", "---\n...\n", "{}"};
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        tparams p, orig;
        defaults(&p);
        orig = p;
        ASSERT_OK(ric_config_load_string(empties[i], "e", &table, &p, NULL));
        ASSERT(memcmp(&p, &orig, sizeof p) == 0);
    }
    char path[64];
    write_file(path, "");
    tparams p;
    defaults(&p);
    char *text = NULL;
    ASSERT_OK(ric_config_load_file(path, &table, &p, &text, NULL));
    ASSERT(text && text[0] == '\0');
    free(text);
    ASSERT_OK(remove(path));
}

static void test_unknown_keys(void)
{
    expect_fail("run:\n  steps: 5\nfirms:\n  cuont: 5\n", RIC_ECONFIG,
                "t.yaml:4:3: unknown key 'firms.cuont'; did you mean 'firms.count'?", NULL);
    /* A group name typo suggests the group. */
    expect_fail("firm:\n  count: 3\n", RIC_ECONFIG,
                "t.yaml:1:1: unknown key 'firm'; did you mean 'firms'?", NULL);
    /* A key in the wrong group suggests by its last component. */
    expect_fail("run:\n  large_share: 0.1\n", RIC_ECONFIG,
                "t.yaml:2:3: unknown key 'run.large_share'; did you mean 'firms.large_share'?",
                NULL);
    /* Deeper than any parameter. */
    expect_fail("firms:\n  size:\n    tail:\n      alpah: 1\n", RIC_ECONFIG,
                "t.yaml:4:7: unknown key 'firms.size.tail.alpah'; did you mean "
                "'firms.size.tail.alpha'?",
                NULL);
    tparams p;
    defaults(&p);
    ric_error err;
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_load_string("zzzzzzzz: 1\n", "t.yaml", &table, &p, &err), RIC_ECONFIG);
    ASSERT(strcmp(err.msg, "t.yaml:1:1: unknown key 'zzzzzzzz'") == 0);

    ASSERT(strcmp(ric_config_suggest(&table, "firms.cont"), "firms.count") == 0);
    ASSERT(strcmp(ric_config_suggest(&table, "exchange.modle"), "exchange.model") == 0);
    ASSERT(strcmp(ric_config_suggest(&table, "seeds"), "run.seed") == 0);
    ASSERT(ric_config_suggest(&table, "completely.different") == NULL);
    ASSERT(ric_config_find(&table, "output.label") == &specs[10]);
    ASSERT(ric_config_find(&table, "output") == NULL);
}

static void test_shapes(void)
{
    expect_fail("firms: 3\n", RIC_ECONFIG,
                "t.yaml:1:8: key 'firms': expected a mapping (a group like 'firms.count'), "
                "found scalar '3'",
                NULL);
    expect_fail("firms:\n", RIC_ECONFIG, "t.yaml:", "key 'firms': expected a mapping",
                "found an empty value", NULL);
    expect_fail("run:\n  steps:\n    x: 1\n", RIC_ECONFIG,
                "t.yaml:3:5: key 'run.steps': expected an integer in [1, 1000000], found a "
                "mapping",
                NULL);
    expect_fail("run:\n  steps: [1, 2]\n", RIC_ECONFIG,
                "t.yaml:2:10: key 'run.steps': expected an integer in [1, 1000000], found a "
                "sequence (not supported)",
                NULL);
    expect_fail("run:\n  - steps\n", RIC_ECONFIG,
                "t.yaml:2:3: key 'run': expected a mapping (a group like 'run.steps'), found a "
                "sequence",
                NULL);
    expect_fail("hello\n", RIC_ECONFIG,
                "t.yaml:1:1: the top level must be a mapping of keys (like 'run:'), found "
                "scalar 'hello'",
                NULL);
    expect_fail("- 1\n- 2\n", RIC_ECONFIG, "t.yaml:1:1: the top level must be a mapping",
                "found a sequence", NULL);
    expect_fail("[a, b]: 1\n", RIC_ECONFIG, "t.yaml:1:1: mappings and sequences as keys", NULL);
}

static void test_wrong_types(void)
{
    expect_fail("firms:\n  count: many\n", RIC_ECONFIG,
                "t.yaml:2:10: key 'firms.count': expected an integer in [1, 10000000], found "
                "'many'",
                NULL);
    expect_fail("firms:\n  count: 1.5\n", RIC_ECONFIG, "t.yaml:2:10: key 'firms.count'",
                "found '1.5'", NULL);
    expect_fail("firms:\n  count: 1e3\n", RIC_ECONFIG, "found '1e3'", NULL);
    expect_fail("firms:\n  count: 0x10\n", RIC_ECONFIG, "found '0x10'", NULL);
    expect_fail("firms:\n  count: \" 5\"\n", RIC_ECONFIG, "found ' 5'", NULL);
    expect_fail("run:\n  seed: 99999999999999999999\n", RIC_ECONFIG,
                "t.yaml:2:9: key 'run.seed': expected an integer", "found '99999999999999999999'",
                NULL);
    expect_fail("firms:\n  large_share: abc\n", RIC_ECONFIG,
                "t.yaml:2:16: key 'firms.large_share': expected a number in [0, 1], found 'abc'",
                NULL);
    expect_fail("firms:\n  large_share: 0.5x\n", RIC_ECONFIG, "found '0.5x'", NULL);
    expect_fail("firms:\n  large_share: nan\n", RIC_ECONFIG, "found 'nan'", NULL);
    expect_fail("firms:\n  large_share: .inf\n", RIC_ECONFIG, "found '.inf'", NULL);
    expect_fail("firms:\n  large_share: inf\n", RIC_ECONFIG, "found 'inf'", NULL);
    expect_fail("firms:\n  size: {mean: 1e999}\n", RIC_ECONFIG, "key 'firms.size.mean'",
                "found '1e999'", NULL);
    expect_fail("output:\n  verbose: maybe\n", RIC_ECONFIG,
                "t.yaml:2:12: key 'output.verbose': expected true or false, found 'maybe'", NULL);
    expect_fail("exchange:\n  model: bray_curtys\n", RIC_ECONFIG,
                "t.yaml:2:10: key 'exchange.model': expected one of bray_curtis, jaccard, "
                "cosine, found 'bray_curtys'; did you mean 'bray_curtis'?",
                NULL);
    expect_fail("exchange:\n  model: Jaccard_index_of_sets\n", RIC_ECONFIG,
                "found 'Jaccard_index_of_sets'", NULL);
    expect_fail("output:\n  label: 0123456789012345678901234567890123456789\n", RIC_ECONFIG,
                "t.yaml:2:10: key 'output.label': expected a string of at most 31 bytes, found "
                "'0123456789012345678901234567890123456789' (40 bytes)",
                NULL);
    /* 31 bytes fit. */
    tparams p;
    defaults(&p);
    ASSERT_OK(ric_config_load_string("output: {label: 0123456789012345678901234567890}", "s",
                                     &table, &p, NULL));
    ASSERT(strcmp(p.label, "0123456789012345678901234567890") == 0);
}

static void test_ranges(void)
{
    expect_fail("firms:\n  large_share: 1.5\n", RIC_ECONFIG,
                "t.yaml:2:16: key 'firms.large_share': value 1.5 out of range [0, 1]", NULL);
    expect_fail("firms:\n  count: 0\n", RIC_ECONFIG,
                "t.yaml:2:10: key 'firms.count': value 0 out of range [1, 10000000]", NULL);
    expect_fail("firms:\n  count: 10000001\n", RIC_ECONFIG, "value 10000001 out of range", NULL);
    expect_fail("firms:\n  large_share: -0.000001\n", RIC_ECONFIG, "value -0.000001 out of range",
                NULL);
    /* Bounds are inclusive. */
    tparams p;
    defaults(&p);
    ASSERT_OK(ric_config_load_string("firms: {count: 10000000, large_share: 0}\nrun: {steps: 1}",
                                     "s", &table, &p, NULL));
    ASSERT_EQ(p.count, 10000000);
    ASSERT(p.share == 0.0);
    ASSERT_EQ(p.steps, 1);
}

static void test_syntax(void)
{
    expect_fail("run:\n  steps: 5\n bad: 1\n", RIC_ECONFIG, "t.yaml:3:2: malformed YAML: ", NULL);
    expect_fail("run: {steps: 5\n", RIC_ECONFIG, "t.yaml:2:1: malformed YAML: ", NULL);
    expect_fail("output:\n  label: \"abc\n", RIC_ECONFIG,
                "t.yaml:", "malformed YAML: ", "found unexpected end of stream", NULL);
    expect_fail("run:\n  steps: 5\n\tseed: 3\n", RIC_ECONFIG, "t.yaml:3:1: malformed YAML", NULL);
    expect_fail("run:\n  steps: \xff\n", RIC_ECONFIG, "t.yaml:2:10: malformed YAML: invalid", NULL);
    expect_fail("run:\n  steps: 3\n  steps: 4\n", RIC_ECONFIG,
                "t.yaml:3:3: key 'run.steps' given twice (first at line 2)", NULL);
    expect_fail("run:\n  steps: 3\nfirms: {count: 1}\nrun:\n  seed: 4\n", RIC_ECONFIG,
                "t.yaml:4:1: key 'run' given twice (first at line 1)", NULL);
    expect_fail("run.steps: 3\nrun:\n  steps: 4\n", RIC_ECONFIG,
                "t.yaml:3:3: key 'run.steps' given twice (first at line 1)", NULL);
    expect_fail("run:\n  steps: &n 5\n", RIC_ECONFIG, "t.yaml:2:10: anchors (&n) are not supported",
                NULL);
    expect_fail("run: &r\n  steps: 5\n", RIC_ECONFIG, "t.yaml:1:6: anchors (&r)", NULL);
    expect_fail("run:\n  steps: *n\n", RIC_ECONFIG, "t.yaml:2:10: aliases (*n) are not supported",
                NULL);
    expect_fail("run:\n  steps: !!str 5\n", RIC_ECONFIG, "t.yaml:2:10: tags (", NULL);
    expect_fail("run:\n  steps: 5\n---\nrun:\n  steps: 6\n", RIC_ECONFIG,
                "t.yaml:3:1: only one YAML document", NULL);
    expect_fail("output:\n  label: \"a\\0b\"\n", RIC_ECONFIG, "t.yaml:2:10: NUL characters", NULL);
}

static void test_atomic(void)
{
    /* Valid values first, then one error at the end: nothing applied. */
    expect_fail("run:\n  steps: 7\n  seed: 8\noutput:\n  label: changed\n  verbose: true\n"
                "firms:\n  count: 0\n",
                RIC_ECONFIG, "t.yaml:8:10:", NULL);
    expect_fail("run: {steps: 7}\nfirms: {count: 3}\noutput: {label: \"x", RIC_ECONFIG,
                "malformed YAML", NULL);
}

static void test_missing_file(void)
{
    tparams p, orig;
    defaults(&p);
    orig = p;
    ric_error err;
    ric_error_clear(&err);
    char *text = (char *)&err; /* must be reset to NULL */
    ASSERT_EQ(ric_config_load_file("/nonexistent/x.yaml", &table, &p, &text, &err), RIC_ENOENT);
    ASSERT_EQ(err.code, RIC_ENOENT);
    ASSERT(text == NULL);
    ASSERT_STR_CONTAINS(err.msg, "/nonexistent/x.yaml: cannot open scenario file: ");
    ASSERT(memcmp(&p, &orig, sizeof p) == 0);

    /* A directory or a device is not a scenario file (/dev/zero would be
     * read until memory runs out). */
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_load_file("/tmp", &table, &p, NULL, &err), RIC_ECONFIG);
    ASSERT_STR_CONTAINS(err.msg, "/tmp: a scenario file must be a regular file");
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_load_file("/dev/zero", &table, &p, NULL, &err), RIC_ECONFIG);
    ASSERT_STR_CONTAINS(err.msg, "regular file");

    /* A failed file load frees and clears the text. */
    char path[64];
    write_file(path, "run: {steps: 0}\n");
    text = (char *)&err;
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_load_file(path, &table, &p, &text, &err), RIC_ECONFIG);
    ASSERT(text == NULL);
    ASSERT_STR_CONTAINS(err.msg, path);
    ASSERT_STR_CONTAINS(err.msg, ":1:14: key 'run.steps': value 0 out of range");
    ASSERT_OK(remove(path));
}

static void expect_set_fail(const char *assignment, const char *needle)
{
    tparams p, orig;
    defaults(&p);
    orig = p;
    ric_error err;
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_set(assignment, &table, &p, &err), RIC_ECONFIG);
    ASSERT_STR_CONTAINS(err.msg, needle);
    ASSERT(memcmp(&p, &orig, sizeof p) == 0);
}

static void test_set(void)
{
    tparams p;
    defaults(&p);
    ASSERT_OK(ric_config_set("firms.count=5000", &table, &p, NULL));
    ASSERT_EQ(p.count, 5000);
    ASSERT_OK(ric_config_set("  firms.large_share =\t0.5 ", &table, &p, NULL));
    ASSERT(p.share == 0.5);
    ASSERT_OK(ric_config_set("exchange.model=jaccard", &table, &p, NULL));
    ASSERT_EQ(p.model, 1);
    ASSERT_OK(ric_config_set("output.verbose=yes", &table, &p, NULL));
    ASSERT_EQ(p.verbose, 1);
    ASSERT_OK(ric_config_set("output.label=a=b c", &table, &p, NULL));
    ASSERT(strcmp(p.label, "a=b c") == 0);
    ASSERT_OK(ric_config_set("output.label=", &table, &p, NULL));
    ASSERT(p.label[0] == '\0');

    expect_set_fail("firms.cuont=5",
                    "--set firms.cuont=5: unknown key 'firms.cuont'; did you mean 'firms.count'?");
    expect_set_fail("firms.count", "--set firms.count: expected key=value");
    expect_set_fail("firms.count=many", "--set firms.count=many: key 'firms.count': expected an "
                                        "integer in [1, 10000000], found 'many'");
    expect_set_fail("firms.count=0",
                    "--set firms.count=0: key 'firms.count': value 0 out of range [1, 10000000]");
    expect_set_fail("firms=3", "--set firms=3: 'firms' is a group of parameters, like "
                               "'firms.count'");
    expect_set_fail("exchange.model=cosin", "did you mean 'cosine'?");
    expect_set_fail("=3", "--set =3: unknown key ''");
}

static void roundtrip(const tparams *src)
{
    char *yaml = NULL;
    ric_error err;
    ric_error_clear(&err);
    ASSERT_OK(ric_config_dump(&table, src, &yaml, &err));
    tparams back;
    defaults(&back);
    ric_status st = ric_config_load_string(yaml, "dump", &table, &back, &err);
    if (st != RIC_OK)
        fprintf(stderr, "%s\n%s\n", yaml, err.msg);
    ASSERT_OK(st);
    ASSERT(memcmp(&back, src, sizeof back) == 0);
    free(yaml);
}

static void test_dump(void)
{
    tparams p;
    defaults(&p);
    char *yaml = NULL;
    ASSERT_OK(ric_config_dump(&table, &p, &yaml, NULL));
    static const char expected[] = "run:\n"
                                   "  steps: 240\n"
                                   "  seed: 42\n"
                                   "firms:\n"
                                   "  count: 9000\n"
                                   "  large_share: 0.02\n"
                                   "  size:\n"
                                   "    mean: 1.5\n"
                                   "    tail:\n"
                                   "      alpha: 2\n"
                                   "      cut: 100\n"
                                   "  tiny: 0\n"
                                   "exchange:\n"
                                   "  model: bray_curtis\n"
                                   "output:\n"
                                   "  verbose: false\n"
                                   "  label: \"default\"\n";
    if (strcmp(yaml, expected) != 0)
        fprintf(stderr, "%s", yaml);
    ASSERT(strcmp(yaml, expected) == 0);
    free(yaml);
    roundtrip(&p);

    p.steps = 1;
    p.seed = -1000000000000000000;
    p.share = 0.1;
    p.mean = 1e-300;
    p.alpha = 1.0 / 3.0;
    p.cut = -DBL_MAX;
    p.tiny = 5e-324; /* denormal */
    p.verbose = 1;
    p.model = 2;
    strcpy(p.label, "q\"b\\s\nt\tx\x7f");
    roundtrip(&p);
    p.tiny = -0.0;
    p.cut = DBL_MIN;
    memset(p.label, 0, sizeof p.label); /* strings load zero-padded */
    roundtrip(&p);

    /* Values a scenario cannot express are refused, not dumped. */
    ric_error err;
    ric_error_clear(&err);
    p.model = 3;
    ASSERT_EQ(ric_config_dump(&table, &p, &yaml, &err), RIC_EINVAL);
    ASSERT(yaml == NULL);
    ASSERT_STR_CONTAINS(err.msg, "exchange.model");
    p.model = 0;
    p.tiny = NAN;
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_dump(&table, &p, &yaml, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "firms.tiny");

    /* A table whose groups are not contiguous would dump a key twice. */
    static const ric_param_spec bad[] = {
        {"a.x", RIC_PT_INT, F(steps), 0, 1e9, NULL, 0, "", "", 0, 0, NULL},
        {"b.y", RIC_PT_INT, F(seed), 0, 1e9, NULL, 0, "", "", 0, 0, NULL},
        {"a.z", RIC_PT_INT, F(count), 0, 1e9, NULL, 0, "", "", 0, 0, NULL},
    };
    ric_param_table bt = {bad, 3};
    defaults(&p);
    ric_error_clear(&err);
    ASSERT_EQ(ric_config_dump(&bt, &p, &yaml, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "'a.z'");
    bt.count = 2;
    ASSERT_OK(ric_config_dump(&bt, &p, &yaml, &err));
    ASSERT(strcmp(yaml, "a:\n  x: 240\nb:\n  y: 42\n") == 0);
    free(yaml);
    bt.count = 0;
    ASSERT_OK(ric_config_dump(&bt, &p, &yaml, &err));
    ASSERT(strcmp(yaml, "") == 0);
    free(yaml);
}

int main(void)
{
    test_valid_file();
    test_empty();
    test_unknown_keys();
    test_shapes();
    test_wrong_types();
    test_ranges();
    test_syntax();
    test_atomic();
    test_missing_file();
    test_set();
    test_dump();
    return 0;
}
