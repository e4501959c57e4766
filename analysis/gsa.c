/* Sensitivity and calibration estimators (ric_gsa.h). */
#include "ric_gsa.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const ric_dist_names[RIC_DIST_COUNT + 1] = {"uniform", "loguniform", "truncnormal",
                                                        "triangular", NULL};

ric_status ric_dist_check(const ric_dist *d, ric_error *err)
{
    if ((unsigned)d->kind >= RIC_DIST_COUNT)
        return ric_error_set(err, RIC_ECONFIG, "unknown distribution");
    if (!isfinite(d->lo) || !isfinite(d->hi) || !(d->lo < d->hi))
        return ric_error_set(err, RIC_ECONFIG, "empty range: lo (%g) must be below hi (%g)", d->lo,
                             d->hi);
    if (d->kind == RIC_DIST_LOGUNIFORM && !(d->lo > 0))
        return ric_error_set(err, RIC_ECONFIG, "loguniform needs lo > 0, found %g", d->lo);
    if (d->kind == RIC_DIST_TRUNCNORMAL && (!isfinite(d->mean) || !(d->sd > 0)))
        return ric_error_set(err, RIC_ECONFIG, "truncnormal needs a finite mean and sd > 0");
    if (d->kind == RIC_DIST_TRIANGULAR && !(d->mode >= d->lo && d->mode <= d->hi))
        return ric_error_set(err, RIC_ECONFIG, "triangular needs lo <= mode <= hi, found mode %g",
                             d->mode);
    return RIC_OK;
}

double ric_dist_quantile(const ric_dist *d, double u)
{
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    const double w = d->hi - d->lo;
    double x = d->lo;
    switch (d->kind) {
    case RIC_DIST_UNIFORM:
        x = d->lo + u * w;
        break;
    case RIC_DIST_LOGUNIFORM:
        x = exp(log(d->lo) + u * (log(d->hi) - log(d->lo)));
        break;
    case RIC_DIST_TRUNCNORMAL: {
        double a = gsl_cdf_ugaussian_P((d->lo - d->mean) / d->sd);
        double b = gsl_cdf_ugaussian_P((d->hi - d->mean) / d->sd);
        double p = a + u * (b - a);
        x = p <= 0 ? d->lo : p >= 1 ? d->hi : d->mean + d->sd * gsl_cdf_ugaussian_Pinv(p);
        break;
    }
    case RIC_DIST_TRIANGULAR: {
        double c = (d->mode - d->lo) / w;
        x = u < c ? d->lo + sqrt(u * w * (d->mode - d->lo))
                  : d->hi - sqrt((1 - u) * w * (d->hi - d->mode));
        break;
    }
    default:
        break;
    }
    /* Rounding must not step outside the bounds the scenario checks. */
    return x < d->lo ? d->lo : x > d->hi ? d->hi : x;
}

double ric_dist_cdf(const ric_dist *d, double x)
{
    if (x <= d->lo)
        return 0;
    if (x >= d->hi)
        return 1;
    const double w = d->hi - d->lo;
    switch (d->kind) {
    case RIC_DIST_UNIFORM:
        return (x - d->lo) / w;
    case RIC_DIST_LOGUNIFORM:
        return (log(x) - log(d->lo)) / (log(d->hi) - log(d->lo));
    case RIC_DIST_TRUNCNORMAL: {
        double a = gsl_cdf_ugaussian_P((d->lo - d->mean) / d->sd);
        double b = gsl_cdf_ugaussian_P((d->hi - d->mean) / d->sd);
        return (gsl_cdf_ugaussian_P((x - d->mean) / d->sd) - a) / (b - a);
    }
    case RIC_DIST_TRIANGULAR:
        return x < d->mode ? (x - d->lo) * (x - d->lo) / (w * (d->mode - d->lo))
                           : 1 - (d->hi - x) * (d->hi - x) / (w * (d->hi - d->mode));
    default:
        return NAN;
    }
}

ric_status ric_gsa_lhs(size_t k, size_t n, gsl_rng *r, double *u, ric_error *err)
{
    size_t *perm = malloc((n ? n : 1) * sizeof *perm);
    if (!perm)
        return ric_error_set(err, RIC_ENOMEM, "latin hypercube: no memory");
    for (size_t f = 0; f < k; f++) {
        for (size_t p = 0; p < n; p++)
            perm[p] = p;
        gsl_ran_shuffle(r, perm, n, sizeof *perm);
        for (size_t p = 0; p < n; p++)
            u[p * k + f] = ((double)perm[p] + gsl_rng_uniform(r)) / (double)n;
    }
    free(perm);
    return RIC_OK;
}

/* ---- Morris ------------------------------------------------------------- */

/* One random trajectory (k+1 rows) on the grid: a base point on the lower
 * levels, a random direction per input, the inputs moved in random order. */
static void ric_i_trajectory(size_t k, size_t levels, gsl_rng *r, size_t *order, double *t)
{
    const double delta = (double)levels / (2.0 * ((double)levels - 1.0));
    const size_t low = levels / 2; /* base levels 0 .. low-1 leave room for +delta */
    for (size_t i = 0; i < k; i++) {
        double base = (double)gsl_rng_uniform_int(r, low) / ((double)levels - 1.0);
        int up = gsl_rng_uniform_int(r, 2) == 0;
        t[i] = up ? base : base + delta;
        order[i] = i;
    }
    gsl_ran_shuffle(r, order, k, sizeof *order);
    for (size_t j = 0; j < k; j++) {
        memcpy(t + (j + 1) * k, t + j * k, k * sizeof *t);
        size_t i = order[j];
        t[(j + 1) * k + i] += t[j * k + i] + delta <= 1.0 + 1e-12 ? delta : -delta;
    }
}

/* Campolongo's distance between two trajectories: the sum of the Euclidean
 * distances between all pairs of their points. */
static double ric_i_traj_distance(size_t k, const double *a, const double *b)
{
    double s = 0;
    for (size_t p = 0; p <= k; p++)
        for (size_t q = 0; q <= k; q++) {
            double d2 = 0;
            for (size_t i = 0; i < k; i++) {
                double d = a[p * k + i] - b[q * k + i];
                d2 += d * d;
            }
            s += sqrt(d2);
        }
    return s;
}

ric_status ric_morris_design(size_t k, size_t r, size_t levels, size_t candidates, uint64_t seed,
                             double *x, ric_error *err)
{
    if (k < 1 || r < 2 || levels < 4 || levels % 2 || candidates < r)
        return ric_error_set(err, RIC_EINVAL,
                             "morris: needs k >= 1, r >= 2, an even number of levels >= 4 and "
                             "candidates >= r (found k %zu, r %zu, levels %zu, candidates %zu)",
                             k, r, levels, candidates);
    const size_t rows = (k + 1) * k, M = candidates;
    double *cand = malloc(M * rows * sizeof *cand), *dist = calloc(M * M, sizeof *dist);
    double *score = calloc(M, sizeof *score);
    size_t *order = malloc(k * sizeof *order), *chosen = malloc(r * sizeof *chosen);
    unsigned char *used = calloc(M, 1);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    ric_status st = RIC_OK;
    if (!cand || !dist || !score || !order || !chosen || !used || !g) {
        st = ric_error_set(err, RIC_ENOMEM, "morris: no memory");
        goto out;
    }
    gsl_rng_set(g, (unsigned long)seed);
    for (size_t m = 0; m < M; m++)
        ric_i_trajectory(k, levels, g, order, cand + m * rows);
    for (size_t a = 0; a < M; a++)
        for (size_t b = a + 1; b < M; b++)
            dist[a * M + b] = dist[b * M + a] =
                ric_i_traj_distance(k, cand + a * rows, cand + b * rows);
    /* Greedy spread: the farthest pair, then each time the candidate whose
     * squared distances to those chosen sum highest (Campolongo's criterion). */
    size_t best_a = 0, best_b = M > 1 ? 1 : 0;
    for (size_t a = 0; a < M; a++)
        for (size_t b = a + 1; b < M; b++)
            if (dist[a * M + b] > dist[best_a * M + best_b]) {
                best_a = a;
                best_b = b;
            }
    chosen[0] = best_a;
    chosen[1] = best_b;
    used[best_a] = used[best_b] = 1;
    for (size_t m = 0; m < M; m++)
        score[m] = dist[m * M + best_a] * dist[m * M + best_a] +
                   dist[m * M + best_b] * dist[m * M + best_b];
    for (size_t c = 2; c < r; c++) {
        size_t pick = SIZE_MAX;
        for (size_t m = 0; m < M; m++)
            if (!used[m] && (pick == SIZE_MAX || score[m] > score[pick]))
                pick = m;
        chosen[c] = pick;
        used[pick] = 1;
        for (size_t m = 0; m < M; m++)
            score[m] += dist[m * M + pick] * dist[m * M + pick];
    }
    for (size_t c = 0; c < r; c++)
        memcpy(x + c * rows, cand + chosen[c] * rows, rows * sizeof *x);
out:
    free(cand), free(dist), free(score), free(order), free(chosen), free(used);
    gsl_rng_free(g);
    return st;
}

/* Percentile interval of n values (sorted in place). */
static void ric_i_percentile(double *v, size_t n, double level, double *lo, double *hi)
{
    gsl_sort(v, 1, n);
    *lo = gsl_stats_quantile_from_sorted_data(v, 1, n, (1 - level) / 2);
    *hi = gsl_stats_quantile_from_sorted_data(v, 1, n, 1 - (1 - level) / 2);
}

ric_status ric_morris_effects(size_t k, size_t r, const double *x, const double *y, size_t nboot,
                              double level, uint64_t seed, ric_morris_effect *out, ric_error *err)
{
    double *ee = malloc(k * r * sizeof *ee), *boot = malloc((nboot ? nboot : 1) * sizeof *boot);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    ric_status st = RIC_OK;
    if (!ee || !boot || !g) {
        st = ric_error_set(err, RIC_ENOMEM, "morris: no memory");
        goto out;
    }
    for (size_t t = 0; t < r; t++)
        for (size_t j = 0; j < k; j++) {
            const double *a = x + (t * (k + 1) + j) * k, *b = a + k;
            size_t moved = SIZE_MAX, nmoved = 0;
            for (size_t i = 0; i < k; i++)
                if (a[i] != b[i]) {
                    moved = i;
                    nmoved++;
                }
            if (nmoved != 1) {
                st = ric_error_set(err, RIC_EINVAL,
                                   "morris: step %zu of trajectory %zu moves %zu inputs, not one",
                                   j, t, nmoved);
                goto out;
            }
            const double *ya = y + t * (k + 1) + j;
            ee[moved * r + t] = (ya[1] - ya[0]) / (b[moved] - a[moved]);
        }
    gsl_rng_set(g, (unsigned long)seed);
    for (size_t i = 0; i < k; i++) {
        const double *e = ee + i * r;
        ric_morris_effect *o = &out[i];
        o->mu = gsl_stats_mean(e, 1, r);
        o->sigma = gsl_stats_sd_m(e, 1, r, o->mu);
        double s = 0;
        for (size_t t = 0; t < r; t++)
            s += fabs(e[t]);
        o->mu_star = s / (double)r;
        for (size_t b = 0; b < nboot; b++) {
            double sb = 0;
            for (size_t t = 0; t < r; t++)
                sb += fabs(e[gsl_rng_uniform_int(g, r)]);
            boot[b] = sb / (double)r;
        }
        o->mu_star_lo = o->mu_star_hi = NAN;
        if (nboot > 1)
            ric_i_percentile(boot, nboot, level, &o->mu_star_lo, &o->mu_star_hi);
    }
out:
    free(ee), free(boot);
    gsl_rng_free(g);
    return st;
}

/* ---- Sobol -------------------------------------------------------------- */

ric_status ric_sobol_design(size_t k, size_t n, double *x, ric_error *err)
{
    if (k < 1 || k > 20 || n < 2)
        return ric_error_set(err, RIC_EINVAL,
                             "sobol: needs 1 <= k <= 20 inputs and n >= 2 base rows (found k %zu, "
                             "n %zu)",
                             k, n);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    double *pt = malloc(2 * k * sizeof *pt);
    if (!q || !pt) {
        gsl_qrng_free(q);
        free(pt);
        return ric_error_set(err, RIC_ENOMEM, "sobol: no memory");
    }
    for (size_t j = 0; j < n; j++) {
        gsl_qrng_get(q, pt);
        memcpy(x + j * k, pt, k * sizeof *x);           /* A */
        memcpy(x + (n + j) * k, pt + k, k * sizeof *x); /* B */
        for (size_t i = 0; i < k; i++) {                /* AB_i */
            double *row = x + ((2 + i) * n + j) * k;
            memcpy(row, pt, k * sizeof *x);
            row[i] = pt[k + i];
        }
    }
    gsl_qrng_free(q);
    free(pt);
    return RIC_OK;
}

/* Indices from the base rows idx[0..n): Saltelli 2010 (S1), Jansen (ST). */
static void ric_i_sobol_once(size_t k, size_t n, const double *y, const size_t *idx, double *tmp,
                             double *s1, double *st)
{
    const double *fa = y, *fb = y + n;
    for (size_t j = 0; j < n; j++) {
        tmp[j] = fa[idx[j]];
        tmp[n + j] = fb[idx[j]];
    }
    double mean = gsl_stats_mean(tmp, 1, 2 * n);
    double var = gsl_stats_variance_m(tmp, 1, 2 * n, mean);
    for (size_t i = 0; i < k; i++) {
        const double *fab = y + (2 + i) * n;
        double a = 0, b = 0;
        for (size_t j = 0; j < n; j++) {
            size_t m = idx[j];
            /* Centred f(B): the same expectation, far less variance when the
             * output's mean is large against its spread (as OpenTURNS does). */
            a += (fb[m] - mean) * (fab[m] - fa[m]);
            b += (fa[m] - fab[m]) * (fa[m] - fab[m]);
        }
        s1[i] = var > 0 ? a / (double)n / var : NAN;
        st[i] = var > 0 ? b / (2.0 * (double)n) / var : NAN;
    }
}

ric_status ric_sobol_indices(size_t k, size_t n, const double *y, size_t nboot, double level,
                             uint64_t seed, ric_gsa_index *s1, ric_gsa_index *st, ric_error *err)
{
    size_t *idx = malloc(n * sizeof *idx);
    double *tmp = malloc(2 * n * sizeof *tmp), *v1 = malloc(k * sizeof *v1),
           *vt = malloc(k * sizeof *vt);
    double *b1 = malloc(k * (nboot ? nboot : 1) * sizeof *b1),
           *bt = malloc(k * (nboot ? nboot : 1) * sizeof *bt);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    ric_status rs = RIC_OK;
    if (!idx || !tmp || !v1 || !vt || !b1 || !bt || !g) {
        rs = ric_error_set(err, RIC_ENOMEM, "sobol: no memory");
        goto out;
    }
    gsl_rng_set(g, (unsigned long)seed);
    for (size_t b = 0; b < nboot; b++) {
        for (size_t j = 0; j < n; j++)
            idx[j] = gsl_rng_uniform_int(g, n);
        ric_i_sobol_once(k, n, y, idx, tmp, v1, vt);
        for (size_t i = 0; i < k; i++) {
            b1[i * nboot + b] = v1[i];
            bt[i * nboot + b] = vt[i];
        }
    }
    /* The point estimates, on the base rows as drawn. */
    for (size_t j = 0; j < n; j++)
        idx[j] = j;
    ric_i_sobol_once(k, n, y, idx, tmp, v1, vt);
    for (size_t i = 0; i < k; i++) {
        s1[i].value = v1[i];
        st[i].value = vt[i];
        s1[i].lo = s1[i].hi = st[i].lo = st[i].hi = NAN;
        if (nboot > 1) {
            ric_i_percentile(b1 + i * nboot, nboot, level, &s1[i].lo, &s1[i].hi);
            ric_i_percentile(bt + i * nboot, nboot, level, &st[i].lo, &st[i].hi);
        }
    }
out:
    free(idx), free(tmp), free(v1), free(vt), free(b1), free(bt);
    gsl_rng_free(g);
    return rs;
}

ric_status ric_gsa_noise(const double *y, size_t npoints, size_t reps, double *means, double *share,
                         ric_error *err)
{
    if (npoints < 1 || reps < 1)
        return ric_error_set(err, RIC_EINVAL, "noise: needs points and replications");
    double within = 0;
    for (size_t p = 0; p < npoints; p++) {
        const double *v = y + p * reps;
        double m = gsl_stats_mean(v, 1, reps);
        if (means)
            means[p] = m;
        within += reps > 1 ? gsl_stats_variance_m(v, 1, reps, m) : NAN;
    }
    within /= (double)npoints;
    double total = npoints * reps > 1 ? gsl_stats_variance(y, 1, npoints * reps) : NAN;
    *share = reps < 2 ? NAN : total > 0 ? within / total : 0.0;
    return RIC_OK;
}

/* ---- ABC-SMC ------------------------------------------------------------ */

ric_status ric_abc_propose(size_t k, size_t np, const double *u, const double *w, size_t n,
                           gsl_rng *r, double *out, double *sd, ric_error *err)
{
    if (np < 1 || k < 1)
        return ric_error_set(err, RIC_EINVAL, "abc: no particles");
    for (size_t i = 0; i < k; i++) {
        double m = 0, v = 0;
        for (size_t j = 0; j < np; j++)
            m += w[j] * u[j * k + i];
        for (size_t j = 0; j < np; j++)
            v += w[j] * (u[j * k + i] - m) * (u[j * k + i] - m);
        /* One particle, or all equal: a small kernel still explores. */
        sd[i] = v > 0 ? sqrt(2 * v) : 0.01;
    }
    gsl_ran_discrete_t *pick = gsl_ran_discrete_preproc(np, w);
    if (!pick)
        return ric_error_set(err, RIC_ENOMEM, "abc: no memory");
    for (size_t p = 0; p < n; p++) {
        const double *from = u + gsl_ran_discrete(r, pick) * k;
        for (size_t i = 0; i < k; i++) {
            double x;
            int tries = 0;
            do /* the kernel truncated to the cube; clamped after 1000 tries */
                x = from[i] + gsl_ran_gaussian(r, sd[i]);
            while ((x < 0 || x > 1) && ++tries < 1000);
            out[p * k + i] = x < 0 ? 0 : x > 1 ? 1 : x;
        }
    }
    gsl_ran_discrete_free(pick);
    return RIC_OK;
}

ric_status ric_abc_weights(size_t k, size_t np, const double *u, const double *w, const double *sd,
                           size_t n, const double *un, double *wn, ric_error *err)
{
    double total = 0;
    for (size_t p = 0; p < n; p++) {
        double s = 0;
        for (size_t j = 0; j < np; j++) {
            double kern = w[j];
            for (size_t i = 0; i < k; i++)
                kern *= gsl_ran_gaussian_pdf(un[p * k + i] - u[j * k + i], sd[i]);
            s += kern;
        }
        wn[p] = s > 0 ? 1.0 / s : 0;
        total += wn[p];
    }
    if (!(total > 0))
        return ric_error_set(err, RIC_EINVAL, "abc: proposals far from every particle");
    for (size_t p = 0; p < n; p++)
        wn[p] /= total;
    return RIC_OK;
}
