/* Ensemble designs: replications of one scenario, or a design over scenario
 * parameters (full factorial of listed levels, or a Latin hypercube over
 * ranges), and the deterministic seed of every run.
 *
 * A run is named by (design point, replication); its index is
 * point * replications + replication. Its seed is derived from (master
 * seed, point, replication) -- or (master, 0, replication) with common
 * seeds, so every design point sees the same random numbers -- and its
 * run.replication is the replication index, so one run can be re-run alone
 * from its index. */
#ifndef RIC_DESIGN_H
#define RIC_DESIGN_H

#include "ric_config.h"
#include "ric_error.h"

#include <stddef.h>
#include <stdint.h>

enum { RIC_DESIGN_REPLICATES, RIC_DESIGN_FACTORIAL, RIC_DESIGN_LHS, RIC_DESIGN_GIVEN };
#define RIC_DESIGN_MAX_FACTORS 16
#define RIC_DESIGN_MAX_LEVELS  256

typedef struct ric_factor {
    char key[128];
    int is_int; /* the key's type is integer (LHS values are rounded) */
    size_t nlevels;
    char (*levels)[64]; /* factorial: the levels as given */
    double lo, hi;      /* LHS: the range */
} ric_factor;

/* Caller-owned; init/destroy pair. */
typedef struct ric_design {
    int method; /* RIC_DESIGN_* (set by the first factor or range added) */
    ric_factor factors[RIC_DESIGN_MAX_FACTORS];
    size_t nfactors;
    size_t npoints;       /* after ric_design_build; 1 without factors */
    char (*values)[64];   /* [npoints][nfactors] values as --set text */
    double *numeric;      /* [npoints][nfactors] the same as numbers (NaN if not numeric) */
    int64_t replications; /* >= 1 */
    uint64_t master_seed;
    int common_seeds; /* seeds from (master, replication) only */
} ric_design;

void ric_design_init(ric_design *d);
void ric_design_destroy(ric_design *d);

/* Adds a factorial factor "KEY=V1,V2,..." or a Latin-hypercube range
 * "KEY=LO:HI". Mixing the two is refused. Each level or bound is checked
 * against `params` (the scenario as loaded) by applying it to a copy, so an
 * unknown key, a non-numeric level, a value out of range or a list item that
 * does not exist are refused here, before anything runs. params_size is
 * sizeof the params struct. */
ric_status ric_design_add_factor(ric_design *d, const char *text, const ric_param_table *table,
                                 const void *params, size_t params_size, ric_error *err);
ric_status ric_design_add_range(ric_design *d, const char *text, const ric_param_table *table,
                                const void *params, size_t params_size, ric_error *err);

/* A factor whose values the caller gives per point (sensitivity and
 * calibration designs), checked like a range [lo, hi]; a design is built
 * from such factors by ric_design_build_given only. */
ric_status ric_design_add_given(ric_design *d, const char *key, double lo, double hi,
                                const ric_param_table *table, const void *params,
                                size_t params_size, ric_error *err);
/* The points of a design of given factors: x[npoints][nfactors], numbers
 * in each factor's range (integer factors are rounded). */
ric_status ric_design_build_given(ric_design *d, size_t npoints, const double *x, ric_error *err);

/* Computes the design points; lhs_points is the number of points of a Latin
 * hypercube (ignored otherwise; must be >= 1 for one). */
ric_status ric_design_build(ric_design *d, size_t lhs_points, ric_error *err);

static inline size_t ric_design_runs(const ric_design *d)
{
    return d->npoints * (size_t)d->replications;
}

/* Seed of run (point, replication): below 2^53, as run.seed requires. */
uint64_t ric_design_seed(const ric_design *d, size_t point, size_t replication);

#endif
