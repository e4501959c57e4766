/* Uncertain parameters of a study (ric_uncertain.h). */
#include "ric_uncertain.h"

#include "ric_yamldoc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ric_uncertain_init(ric_uncertain *u)
{
    memset(u, 0, sizeof *u);
}

void ric_uncertain_destroy(ric_uncertain *u)
{
    if (u)
        ric_uncertain_init(u);
}

ric_status ric_uncertain_add(ric_uncertain *u, const ric_uncertain_item *item, const char *where,
                             const ric_param_table *table, const void *params, size_t params_size,
                             ric_error *err)
{
    ric_error mine;
    ric_error_clear(&mine);
    if (u->n == RIC_DESIGN_MAX_FACTORS)
        return ric_error_set(err, RIC_ECONFIG, "%suncertain: at most %d parameters", where,
                             RIC_DESIGN_MAX_FACTORS);
    for (size_t i = 0; i < u->n; i++)
        if (strcmp(u->items[i].key, item->key) == 0)
            return ric_error_set(err, RIC_ECONFIG, "%suncertain: key '%s' given twice", where,
                                 item->key);
    if (ric_dist_check(&item->dist, &mine) != RIC_OK)
        return ric_error_set(err, RIC_ECONFIG, "%suncertain '%s': %s", where, item->key, mine.msg);
    /* The design's own checks: key known and numeric, both bounds accepted. */
    ric_design d;
    ric_design_init(&d);
    ric_status st = ric_design_add_given(&d, item->key, item->dist.lo, item->dist.hi, table, params,
                                         params_size, &mine);
    int is_int = d.nfactors ? d.factors[0].is_int : 0;
    ric_design_destroy(&d);
    if (st != RIC_OK)
        return ric_error_set(err, st, "%suncertain: %s", where, mine.msg);
    u->items[u->n] = *item;
    u->items[u->n].is_int = is_int;
    u->n++;
    return RIC_OK;
}

ric_status ric_uncertain_add_option(ric_uncertain *u, const char *text,
                                    const ric_param_table *table, const void *params,
                                    size_t params_size, ric_error *err)
{
    ric_uncertain_item it = {.dist = {.kind = RIC_DIST_UNIFORM}};
    const char *c1 = strchr(text, ':');
    char *end1 = NULL, *end2 = NULL;
    if (c1 && (size_t)(c1 - text) < sizeof it.key) {
        memcpy(it.key, text, (size_t)(c1 - text));
        it.dist.lo = strtod(c1 + 1, &end1);
        if (end1 != c1 + 1 && *end1 == ':')
            it.dist.hi = strtod(end1 + 1, &end2);
    }
    if (!c1 || c1 == text || !end2 || end2 == end1 + 1 || *end2)
        return ric_error_set(err, RIC_ECONFIG, "--param '%s': expected KEY:LO:HI with numbers",
                             text);
    snprintf(it.source, sizeof it.source, "--param %s", text);
    char where[300];
    snprintf(where, sizeof where, "--param %.200s: ", text);
    return ric_uncertain_add(u, &it, where, table, params, params_size, err);
}

static const char *const ric_i_members[] = {"key", "distribution", "lo",     "hi", "mean",
                                            "sd",  "mode",         "source", NULL};

static ric_status ric_i_item(ric_uncertain *u, ric_yamldoc *y, const yaml_node_t *n,
                             const ric_param_table *table, const void *params, size_t size,
                             ric_error *err)
{
    ric_uncertain_item it = {.dist = {.mean = NAN, .sd = NAN, .mode = NAN}};
    char dist[32] = "";
    const char *what = "uncertain item";
    RIC_CHECK(ric_yamldoc_members(y, n, ric_i_members, what, err));
    RIC_CHECK(ric_yamldoc_string(y, n, "key", 1, what, it.key, sizeof it.key, err));
    RIC_CHECK(ric_yamldoc_string(y, n, "distribution", 1, what, dist, sizeof dist, err));
    int kind = -1;
    for (int k = 0; k < RIC_DIST_COUNT; k++)
        if (strcmp(dist, ric_dist_names[k]) == 0)
            kind = k;
    if (kind < 0)
        return ric_yamldoc_fail(y, ric_yamldoc_get(y, n, "distribution"), err,
                                "uncertain '%s': distribution '%s' unknown (expected uniform, "
                                "loguniform, truncnormal or triangular)",
                                it.key, dist);
    it.dist.kind = (ric_dist_kind)kind;
    RIC_CHECK(ric_yamldoc_number(y, n, "lo", 1, what, &it.dist.lo, err));
    RIC_CHECK(ric_yamldoc_number(y, n, "hi", 1, what, &it.dist.hi, err));
    int tn = kind == RIC_DIST_TRUNCNORMAL, tri = kind == RIC_DIST_TRIANGULAR;
    RIC_CHECK(ric_yamldoc_number(y, n, "mean", tn, what, &it.dist.mean, err));
    RIC_CHECK(ric_yamldoc_number(y, n, "sd", tn, what, &it.dist.sd, err));
    RIC_CHECK(ric_yamldoc_number(y, n, "mode", tri, what, &it.dist.mode, err));
    const char *extra = !tn && (ric_yamldoc_get(y, n, "mean") || ric_yamldoc_get(y, n, "sd"))
                            ? "mean and sd belong to truncnormal"
                        : !tri && ric_yamldoc_get(y, n, "mode") ? "mode belongs to triangular"
                                                                : NULL;
    if (extra)
        return ric_yamldoc_fail(y, n, err, "uncertain '%s': %s", it.key, extra);
    RIC_CHECK(ric_yamldoc_string(y, n, "source", 0, what, it.source, sizeof it.source, err));
    char where[1100];
    snprintf(where, sizeof where, "%s:%zu:%zu: ", y->name, n->start_mark.line + 1,
             n->start_mark.column + 1);
    return ric_uncertain_add(u, &it, where, table, params, size, err);
}

static ric_status ric_i_load(ric_uncertain *u, const char *path, const ric_param_table *table,
                             const void *params, size_t size, int depth, ric_error *err)
{
    ric_yamldoc y;
    ric_status st = ric_yamldoc_load(&y, path, err);
    yaml_node_t *root = st == RIC_OK ? ric_yamldoc_root(&y) : NULL;
    yaml_node_t *sec = ric_yamldoc_get(&y, root, "uncertain");
    const char *base = ric_yamldoc_text(ric_yamldoc_get(&y, root, "base"));
    if (st == RIC_OK && sec) {
        if (sec->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *i = sec->data.sequence.items.start;
                 st == RIC_OK && i < sec->data.sequence.items.top; i++)
                st =
                    ric_i_item(u, &y, yaml_document_get_node(&y.doc, *i), table, params, size, err);
        } else if (!(ric_yamldoc_text(sec) && !*ric_yamldoc_text(sec))) {
            st = ric_yamldoc_fail(&y, sec, err,
                                  "uncertain: expected a list of items (like '- key: x')");
        }
    } else if (st == RIC_OK && base && *base) {
        if (depth >= RIC_CONFIG_MAX_BASE)
            st = ric_error_set(err, RIC_ECONFIG, "%s: base: more than %d nested base files", path,
                               RIC_CONFIG_MAX_BASE);
        char bpath[4096];
        const char *slash = strrchr(path, '/');
        if (base[0] == '/' || !slash)
            snprintf(bpath, sizeof bpath, "%s", base);
        else
            snprintf(bpath, sizeof bpath, "%.*s/%s", (int)(slash - path), path, base);
        if (st == RIC_OK)
            st = ric_i_load(u, bpath, table, params, size, depth + 1, err);
    }
    ric_yamldoc_destroy(&y);
    return st;
}

ric_status ric_uncertain_load(ric_uncertain *u, const char *scenario, const ric_param_table *table,
                              const void *params, size_t params_size, ric_error *err)
{
    return ric_i_load(u, scenario, table, params, params_size, 0, err);
}

void ric_uncertain_values(const ric_uncertain *u, size_t n, const double *u01, double *x)
{
    for (size_t p = 0; p < n; p++)
        for (size_t i = 0; i < u->n; i++)
            x[p * u->n + i] = ric_dist_quantile(&u->items[i].dist, u01[p * u->n + i]);
}

ric_status ric_uncertain_design(const ric_uncertain *u, ric_design *d, size_t n, const double *x,
                                const ric_param_table *table, const void *params,
                                size_t params_size, ric_error *err)
{
    for (size_t i = 0; i < u->n; i++)
        RIC_CHECK(ric_design_add_given(d, u->items[i].key, u->items[i].dist.lo, u->items[i].dist.hi,
                                       table, params, params_size, err));
    return ric_design_build_given(d, n, x, err);
}

void ric_uncertain_write(const ric_uncertain *u, FILE *f)
{
    fprintf(f, "uncertain:\n");
    for (size_t i = 0; i < u->n; i++) {
        const ric_uncertain_item *it = &u->items[i];
        fprintf(f, "  - key: %s\n    distribution: %s\n    lo: %.17g\n    hi: %.17g\n", it->key,
                ric_dist_names[it->dist.kind], it->dist.lo, it->dist.hi);
        if (it->dist.kind == RIC_DIST_TRUNCNORMAL)
            fprintf(f, "    mean: %.17g\n    sd: %.17g\n", it->dist.mean, it->dist.sd);
        if (it->dist.kind == RIC_DIST_TRIANGULAR)
            fprintf(f, "    mode: %.17g\n", it->dist.mode);
        if (it->source[0]) {
            fputs("    source: \"", f);
            for (const char *c = it->source; *c; c++)
                fprintf(f, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
            fputs("\"\n", f);
        }
    }
}
