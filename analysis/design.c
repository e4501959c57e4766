/* Ensemble designs (ric_design.h). */
#include "ric_design.h"

#include "ric_gsa.h"
#include "ric_rng.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ric_design_init(ric_design *d)
{
    memset(d, 0, sizeof *d);
    d->replications = 1;
}

void ric_design_destroy(ric_design *d)
{
    if (!d)
        return;
    for (size_t f = 0; f < d->nfactors; f++)
        free(d->factors[f].levels);
    free(d->values);
    free(d->numeric);
    ric_design_init(d);
}

/* Applies "key=value" to a copy of params: the loader's own checks. */
static ric_status ric_i_check(const char *key, const char *value, const ric_param_table *table,
                              const void *params, size_t size, ric_error *err)
{
    void *copy = malloc(size);
    char assign[256];
    if (!copy)
        return ric_error_set(err, RIC_ENOMEM, "design: no memory");
    memcpy(copy, params, size);
    snprintf(assign, sizeof assign, "%s=%s", key, value);
    ric_error mine;
    ric_error_clear(&mine);
    ric_status st = ric_config_set(assign, table, copy, &mine);
    free(copy);
    if (st == RIC_OK)
        return RIC_OK;
    /* "--set k=v: why" -> "design factor k=v: why" */
    const char *why = strstr(mine.msg, ": ");
    return ric_error_set(err, st, "design factor %s: %s", assign, why ? why + 2 : mine.msg);
}

/* Splits "KEY=REST" and checks the key names a numeric or scalar parameter. */
static ric_status ric_i_factor_key(ric_design *d, const char *text, int method, const char **rest,
                                   const ric_param_table *table, ric_factor **out, ric_error *err)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text)
        return ric_error_set(err, RIC_ECONFIG, "design '%s': expected KEY=%s", text,
                             method == RIC_DESIGN_LHS ? "LO:HI" : "V1,V2,...");
    if (d->method != RIC_DESIGN_REPLICATES && d->method != method)
        return ric_error_set(err, RIC_ECONFIG,
                             "design '%s': a design is either factorial (--factor) or a Latin "
                             "hypercube (--range), not both",
                             text);
    if (d->nfactors == RIC_DESIGN_MAX_FACTORS)
        return ric_error_set(err, RIC_ECONFIG, "design '%s': at most %d factors", text,
                             RIC_DESIGN_MAX_FACTORS);
    size_t klen = (size_t)(eq - text);
    if (klen >= sizeof d->factors[0].key)
        return ric_error_set(err, RIC_ECONFIG, "design '%s': key too long", text);
    ric_factor *f = &d->factors[d->nfactors];
    memset(f, 0, sizeof *f);
    memcpy(f->key, text, klen);
    for (size_t g = 0; g < d->nfactors; g++)
        if (strcmp(d->factors[g].key, f->key) == 0)
            return ric_error_set(err, RIC_ECONFIG, "design: factor '%s' given twice", f->key);
    /* The spec behind "list.N.member" is "list[].member". */
    char norm[160];
    const char *dot = strchr(f->key, '.');
    size_t dlen = 0;
    while (dot && dot[1 + dlen] >= '0' && dot[1 + dlen] <= '9')
        dlen++;
    if (dot && dlen > 0 && dot[1 + dlen] == '.')
        snprintf(norm, sizeof norm, "%.*s[]%s", (int)(dot - f->key), f->key, dot + 1 + dlen);
    else
        snprintf(norm, sizeof norm, "%s", f->key);
    const ric_param_spec *spec = ric_config_find(table, norm);
    if (spec && method == RIC_DESIGN_LHS && spec->type != RIC_PT_INT && spec->type != RIC_PT_DOUBLE)
        return ric_error_set(err, RIC_ECONFIG,
                             "design '%s': a range needs a numeric parameter; '%s' is not", text,
                             f->key);
    f->is_int = spec && spec->type == RIC_PT_INT;
    d->method = method;
    *rest = eq + 1;
    *out = f;
    return RIC_OK;
}

ric_status ric_design_add_factor(ric_design *d, const char *text, const ric_param_table *table,
                                 const void *params, size_t params_size, ric_error *err)
{
    const char *rest;
    ric_factor *f;
    RIC_CHECK(ric_i_factor_key(d, text, RIC_DESIGN_FACTORIAL, &rest, table, &f, err));
    f->levels = calloc(RIC_DESIGN_MAX_LEVELS, sizeof *f->levels);
    if (!f->levels)
        return ric_error_set(err, RIC_ENOMEM, "design: no memory");
    d->nfactors++; /* owned from here on, so destroy frees the levels */
    for (const char *c = rest;;) {
        size_t n = strcspn(c, ",");
        if (n == 0)
            return ric_error_set(err, RIC_ECONFIG, "design '%s': empty level", text);
        if (n >= sizeof f->levels[0])
            return ric_error_set(err, RIC_ECONFIG, "design '%s': level too long", text);
        if (f->nlevels == RIC_DESIGN_MAX_LEVELS)
            return ric_error_set(err, RIC_ECONFIG, "design '%s': at most %d levels", text,
                                 RIC_DESIGN_MAX_LEVELS);
        memcpy(f->levels[f->nlevels], c, n);
        f->levels[f->nlevels][n] = '\0';
        RIC_CHECK(ric_i_check(f->key, f->levels[f->nlevels], table, params, params_size, err));
        f->nlevels++;
        if (c[n] == '\0')
            break;
        c += n + 1;
    }
    return RIC_OK;
}

ric_status ric_design_add_range(ric_design *d, const char *text, const ric_param_table *table,
                                const void *params, size_t params_size, ric_error *err)
{
    const char *rest;
    ric_factor *f;
    RIC_CHECK(ric_i_factor_key(d, text, RIC_DESIGN_LHS, &rest, table, &f, err));
    char *end1 = NULL, *end2 = NULL;
    double lo = strtod(rest, &end1);
    double hi = end1 && *end1 == ':' ? strtod(end1 + 1, &end2) : NAN;
    if (end1 == rest || *end1 != ':' || end2 == end1 + 1 || (end2 && *end2) || !isfinite(lo) ||
        !isfinite(hi))
        return ric_error_set(err, RIC_ECONFIG, "design '%s': expected KEY=LO:HI with numbers",
                             text);
    if (!(lo < hi))
        return ric_error_set(err, RIC_ECONFIG, "design '%s': empty range (LO must be below HI)",
                             text);
    char v[64];
    snprintf(v, sizeof v, f->is_int ? "%.0f" : "%.17g", f->is_int ? ceil(lo) : lo);
    RIC_CHECK(ric_i_check(f->key, v, table, params, params_size, err));
    snprintf(v, sizeof v, f->is_int ? "%.0f" : "%.17g", f->is_int ? floor(hi) : hi);
    RIC_CHECK(ric_i_check(f->key, v, table, params, params_size, err));
    if (f->is_int && floor(hi) < ceil(lo))
        return ric_error_set(err, RIC_ECONFIG, "design '%s': no integer in the range", text);
    f->lo = lo;
    f->hi = hi;
    d->nfactors++;
    return RIC_OK;
}

static void ric_i_put(ric_design *d, size_t point, size_t f, const char *text);

ric_status ric_design_add_given(ric_design *d, const char *key, double lo, double hi,
                                const ric_param_table *table, const void *params,
                                size_t params_size, ric_error *err)
{
    char text[256];
    snprintf(text, sizeof text, "%s=%.17g:%.17g", key, lo, hi);
    if (d->method == RIC_DESIGN_GIVEN)
        d->method = RIC_DESIGN_LHS; /* the range checks, then marked given again */
    else if (d->method != RIC_DESIGN_REPLICATES)
        return ric_error_set(err, RIC_ECONFIG, "design: given factors cannot mix with others");
    ric_status st = ric_design_add_range(d, text, table, params, params_size, err);
    d->method = RIC_DESIGN_GIVEN;
    return st;
}

ric_status ric_design_build_given(ric_design *d, size_t npoints, const double *x, ric_error *err)
{
    if (d->method != RIC_DESIGN_GIVEN || npoints < 1)
        return ric_error_set(err, RIC_EINVAL, "design: no given factors or no points");
    if (d->replications < 1)
        return ric_error_set(err, RIC_ECONFIG, "design: replications must be >= 1");
    free(d->values);
    free(d->numeric);
    d->values = calloc(npoints * d->nfactors, sizeof *d->values);
    d->numeric = calloc(npoints * d->nfactors, sizeof *d->numeric);
    if (!d->values || !d->numeric)
        return ric_error_set(err, RIC_ENOMEM, "design: no memory");
    d->npoints = npoints;
    for (size_t p = 0; p < npoints; p++)
        for (size_t f = 0; f < d->nfactors; f++) {
            const ric_factor *fa = &d->factors[f];
            double v = x[p * d->nfactors + f];
            if (!(v >= fa->lo && v <= fa->hi))
                return ric_error_set(err, RIC_EINVAL, "design: point %zu: %s = %g outside [%g, %g]",
                                     p, fa->key, v, fa->lo, fa->hi);
            char t[64];
            if (fa->is_int)
                snprintf(t, sizeof t, "%.0f",
                         round(v) < ceil(fa->lo)    ? ceil(fa->lo)
                         : round(v) > floor(fa->hi) ? floor(fa->hi)
                                                    : round(v));
            else
                snprintf(t, sizeof t, "%.17g", v);
            ric_i_put(d, p, f, t);
        }
    return RIC_OK;
}

uint64_t ric_design_seed(const ric_design *d, size_t point, size_t replication)
{
    uint64_t s = ric_rng_derive_seed(d->master_seed, d->common_seeds ? 0 : (uint64_t)point,
                                     (uint64_t)replication);
    return s & ((UINT64_C(1) << 53) - 1);
}

/* A value as --set text and as a number. */
static void ric_i_put(ric_design *d, size_t point, size_t f, const char *text)
{
    snprintf(d->values[point * d->nfactors + f], sizeof d->values[0], "%s", text);
    char *end = NULL;
    double v = strtod(text, &end);
    d->numeric[point * d->nfactors + f] = end != text && *end == '\0' ? v : NAN;
}

ric_status ric_design_build(ric_design *d, size_t lhs_points, ric_error *err)
{
    if (d->replications < 1)
        return ric_error_set(err, RIC_ECONFIG, "design: replications must be >= 1, found %lld",
                             (long long)d->replications);
    size_t np = 1;
    if (d->method == RIC_DESIGN_FACTORIAL) {
        for (size_t f = 0; f < d->nfactors; f++) {
            if (np > SIZE_MAX / 1024 / d->factors[f].nlevels)
                return ric_error_set(err, RIC_ECONFIG, "design: too many points");
            np *= d->factors[f].nlevels;
        }
    } else if (d->method == RIC_DESIGN_LHS) {
        if (lhs_points < 1)
            return ric_error_set(err, RIC_ECONFIG,
                                 "design: a Latin hypercube needs --points N >= 1");
        np = lhs_points;
    }
    free(d->values);
    free(d->numeric);
    size_t nf = d->nfactors ? d->nfactors : 1;
    d->values = calloc(np * nf, sizeof *d->values);
    d->numeric = calloc(np * nf, sizeof *d->numeric);
    if (!d->values || !d->numeric)
        return ric_error_set(err, RIC_ENOMEM, "design: no memory");
    d->npoints = np;
    if (d->method == RIC_DESIGN_FACTORIAL) {
        /* The last factor varies fastest. */
        for (size_t p = 0; p < np; p++) {
            size_t rem = p;
            for (size_t f = d->nfactors; f-- > 0;) {
                const ric_factor *fa = &d->factors[f];
                ric_i_put(d, p, f, fa->levels[rem % fa->nlevels]);
                rem /= fa->nlevels;
            }
        }
    } else if (d->method == RIC_DESIGN_LHS) {
        /* One stratum of each factor's range per point, in an order shuffled
         * per factor; a uniform position inside the stratum. The generator
         * is seeded from the master seed, so the design is reproducible. */
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        double *u = malloc(np * d->nfactors * sizeof *u);
        if (!r || !u) {
            gsl_rng_free(r);
            free(u);
            return ric_error_set(err, RIC_ENOMEM, "design: no memory");
        }
        gsl_rng_set(r, (unsigned long)ric_rng_derive_seed(d->master_seed, UINT64_C(0x4c4853),
                                                          (uint64_t)np));
        ric_status st = ric_gsa_lhs(d->nfactors, np, r, u, err);
        for (size_t f = 0; f < d->nfactors && st == RIC_OK; f++) {
            const ric_factor *fa = &d->factors[f];
            for (size_t p = 0; p < np; p++) {
                double x = fa->lo + u[p * d->nfactors + f] * (fa->hi - fa->lo);
                char v[64];
                if (fa->is_int) {
                    double k = round(x);
                    k = k < ceil(fa->lo) ? ceil(fa->lo) : k > floor(fa->hi) ? floor(fa->hi) : k;
                    snprintf(v, sizeof v, "%.0f", k);
                } else {
                    snprintf(v, sizeof v, "%.17g", x);
                }
                ric_i_put(d, p, f, v);
            }
        }
        gsl_rng_free(r);
        free(u);
        RIC_CHECK(st);
    }
    return RIC_OK;
}
