/* Uncertain parameters of a study: the "uncertain:" section of a scenario
 * (skipped by the scenario loader, ric_config_sections) or --param options.
 *
 *   uncertain:
 *     - key: innovation.rate          # a numeric scenario key
 *       distribution: uniform         # uniform | loguniform | truncnormal | triangular
 *       lo: 0.01                      # bounds (every distribution is bounded)
 *       hi: 0.05
 *       mean: 0.03                    # truncnormal: mean and sd before truncation
 *       sd: 0.01
 *       mode: 0.02                    # triangular
 *       source: "seed survey, 2019"   # one line: where the range comes from
 *
 * Each item is checked like a scenario key: the key must exist and be
 * numeric, both bounds must be values the scenario accepts, lo < hi, the
 * distribution's own parameters must fit; refusals name file:line:column.
 * A file without the section takes its base's (base: other.yaml). */
#ifndef RIC_UNCERTAIN_H
#define RIC_UNCERTAIN_H

#include "ric_config.h"
#include "ric_design.h"
#include "ric_error.h"
#include "ric_gsa.h"

#include <stddef.h>
#include <stdio.h>

typedef struct ric_uncertain_item {
    char key[128];
    ric_dist dist;
    char source[256];
    int is_int;
} ric_uncertain_item;

/* Caller-owned; init/destroy pair. */
typedef struct ric_uncertain {
    ric_uncertain_item items[RIC_DESIGN_MAX_FACTORS];
    size_t n;
} ric_uncertain;

void ric_uncertain_init(ric_uncertain *u);
void ric_uncertain_destroy(ric_uncertain *u);

/* Reads the section of the scenario file (following base: files when the
 * file has none); params is the scenario as loaded, for the checks. */
ric_status ric_uncertain_load(ric_uncertain *u, const char *scenario, const ric_param_table *table,
                              const void *params, size_t params_size, ric_error *err);

/* Adds an item after the same checks (where: prefix of messages). */
ric_status ric_uncertain_add(ric_uncertain *u, const ric_uncertain_item *item, const char *where,
                             const ric_param_table *table, const void *params, size_t params_size,
                             ric_error *err);

/* Adds "KEY:LO:HI" (a uniform input given on the command line). */
ric_status ric_uncertain_add_option(ric_uncertain *u, const char *text,
                                    const ric_param_table *table, const void *params,
                                    size_t params_size, ric_error *err);

/* Parameter values of unit-cube points: x[n][k] = quantiles of u01[n][k]. */
void ric_uncertain_values(const ric_uncertain *u, size_t n, const double *u01, double *x);

/* A design of given factors (one per item) over the points x[n][k]. */
ric_status ric_uncertain_design(const ric_uncertain *u, ric_design *d, size_t n, const double *x,
                                const ric_param_table *table, const void *params,
                                size_t params_size, ric_error *err);

/* Writes the items as an "uncertain:" section (YAML) to f. */
void ric_uncertain_write(const ric_uncertain *u, FILE *f);

#endif
