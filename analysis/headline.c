/* Headline figures in words (ric_headline.h). */
#include "ric_headline.h"

#include "ric_h5.h"
#include "ric_observables.h"
#include "ric_strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The figures of the endings, by their keys in the observable registry
 * (models/ric_observables.h), which gives the label and how a value reads:
 * a share (in %, differences in points), a count, or a level (differences
 * also in % of the baseline). */
static const char *const ric_i_figures[] = {"innovating_smes", "innovating_large",
                                            "capability_smes", "firms"};
enum { RIC_I_NFIG = sizeof ric_i_figures / sizeof ric_i_figures[0] };

/* Column `column` ("" for a 1-D series) of a run's series at its first and
 * last row, and the last step. */
static ric_status ric_i_ends(const char *path, const char *series, const char *column,
                             double *first, double *last, int64_t *step, ric_error *err)
{
    int64_t *steps = NULL;
    double *v = NULL;
    size_t rows = 0, ncols = 0, col = 0;
    ric_status st = ric_h5_read_series(path, series, &steps, &v, &rows, &ncols, err);
    if (st == RIC_OK && column[0]) {
        char names[128][64], dset[128];
        size_t n = 0;
        snprintf(dset, sizeof dset, "/observables/%s/value", series);
        st = ric_h5_read_columns(path, dset, names, 128, &n, err);
        for (col = 0; st == RIC_OK && col < n && strcmp(names[col], column) != 0; col++)
            ;
        if (st == RIC_OK && (col == n || col >= (ncols ? ncols : 1)))
            st = ric_error_set(err, RIC_EFORMAT, "%s: %s has no column %s", path, series, column);
    }
    if (st == RIC_OK && rows == 0)
        st = ric_error_set(err, RIC_EFORMAT, "%s: %s has no rows", path, series);
    if (st == RIC_OK) {
        size_t w = ncols ? ncols : 1;
        *first = v[col];
        *last = v[(rows - 1) * w + col];
        *step = steps[rows - 1];
    }
    free(steps);
    free(v);
    return st;
}

ric_status ric_headline_run(const char *path, char **out, ric_error *err)
{
    double f0, f1, large, sme, x, capf, formal = NAN, informal = NAN, spend = 0.0;
    int64_t step, s;
    *out = NULL;
    RIC_CHECK(ric_i_ends(path, "demography", "firms", &f0, &f1, &step, err));
    RIC_CHECK(ric_i_ends(path, "innovating_share", "large", &x, &large, &s, err));
    RIC_CHECK(ric_i_ends(path, "innovating_share", "sme", &x, &sme, &s, err));
    RIC_CHECK(ric_i_ends(path, "capability_mean", "firm", &x, &capf, &s, err));
    /* Optional: network statistics (run.network_every) and spend. */
    ric_error probe;
    ric_error_clear(&probe);
    if (ric_i_ends(path, "network_formal", "mean_degree", &x, &formal, &s, &probe) != RIC_OK ||
        ric_i_ends(path, "network_informal", "mean_degree", &x, &informal, &s, &probe) != RIC_OK)
        formal = informal = NAN;
    if (ric_i_ends(path, "spend", "cumulative", &x, &spend, &s, &probe) != RIC_OK)
        spend = 0.0;
    ric_strbuf b = {0};
    ric_strbuf_printf(&b,
                      "  after %lld steps (%.3g years at a month a step): %.0f firms (%.0f at "
                      "the start)\n",
                      (long long)step, (double)step / 12.0, f1, f0);
    ric_strbuf_printf(&b,
                      "  innovating (an innovation in the last 3 years): %.1f%% of SMEs, %.1f%% "
                      "of large firms\n",
                      100.0 * sme, 100.0 * large);
    if (isfinite(formal))
        ric_strbuf_printf(&b, "  ties per agent: %.2f formal, %.2f informal", formal, informal);
    else
        ric_strbuf_printf(&b, "  (no network statistics: run.network_every is 0)");
    ric_strbuf_printf(&b, "; mean firm capability %.3g\n", capf);
    if (spend > 0.0)
        ric_strbuf_printf(&b, "  spent on interventions: %.3g won in the simulated world\n", spend);
    if (b.oom) {
        free(b.s);
        return ric_error_set(err, RIC_ENOMEM, "headline: no memory");
    }
    *out = b.s;
    return RIC_OK;
}

/* The compare row of figure k for set s (its value at the time compared, not
 * a period mean), or NULL if compare lacks it. */
static const ric_cmp_row *ric_i_row(const ric_compare *c, size_t k, size_t s)
{
    for (size_t o = 0; o < c->nobs; o++)
        if (c->obs[o].agg != RIC_CMP_PERIOD_MEAN && !strcmp(c->obs[o].key, ric_i_figures[k]))
            return &c->rows[o * c->nsets + s];
    return NULL;
}

static void ric_i_num(ric_strbuf *b, int kind, double v)
{
    if (kind == RIC_OBS_SHARE)
        ric_strbuf_printf(b, "%.1f%%", 100.0 * v);
    else if (kind == RIC_OBS_COUNT)
        ric_strbuf_printf(b, "%.0f", v);
    else
        ric_strbuf_printf(b, "%.4g", v);
}

static void ric_i_level(ric_strbuf *b, int kind, double m, double lo, double hi)
{
    /* A t interval cut to what the quantity can be (a share in [0, 1], a
     * count >= 0): few runs of a noisy share give wide intervals. */
    if ((kind == RIC_OBS_SHARE || kind == RIC_OBS_COUNT) && lo < 0.0)
        lo = 0.0;
    if (kind == RIC_OBS_SHARE && hi > 1.0)
        hi = 1.0;
    ric_i_num(b, kind, m);
    if (isfinite(lo)) {
        ric_strbuf_printf(b, " [");
        ric_i_num(b, kind, lo);
        ric_strbuf_printf(b, ", ");
        ric_i_num(b, kind, hi);
        ric_strbuf_printf(b, "]");
    }
}

static void ric_i_diff(ric_strbuf *b, int kind, const ric_cmp_row *r, double base)
{
    if (kind == RIC_OBS_SHARE) {
        ric_strbuf_printf(b, "%+.1f points", 100.0 * r->diff);
        if (isfinite(r->diff_low))
            ric_strbuf_printf(b, " [%.1f, %.1f]", 100.0 * r->diff_low, 100.0 * r->diff_high);
    } else if (kind == RIC_OBS_COUNT) {
        ric_strbuf_printf(b, "%+.0f", r->diff);
        if (isfinite(r->diff_low))
            ric_strbuf_printf(b, " [%.0f, %.0f]", r->diff_low, r->diff_high);
    } else if (base != 0.0 && isfinite(base)) {
        ric_strbuf_printf(b, "%+.1f%%", 100.0 * r->diff / base);
        if (isfinite(r->diff_low))
            ric_strbuf_printf(b, " [%.1f, %.1f]", 100.0 * r->diff_low / base,
                              100.0 * r->diff_high / base);
    } else {
        ric_strbuf_printf(b, "%+.4g", r->diff);
    }
    if (isfinite(r->p))
        ric_strbuf_printf(b, ", p %s %.3f", r->p < 0.001 ? "<" : "=", r->p < 0.001 ? 0.001 : r->p);
}

ric_status ric_headline_sets(const ric_compare *c, int diffs, const char *const *labels,
                             size_t max_sets, char **out, ric_error *err)
{
    *out = NULL;
    if (!c->rows || c->nsets == 0)
        return ric_error_set(err, RIC_EINVAL, "headline: nothing compared");
    ric_strbuf b = {0};
    const size_t first = diffs ? 1 : 0;
    int width = 0; /* the labels' column */
    for (size_t k = 0; k < RIC_I_NFIG; k++) {
        const int len = (int)strlen(ric_observable_find(ric_i_figures[k])->label);
        width = len > width ? len : width;
    }
    size_t shown = 0;
    for (size_t s = first; s < c->nsets && shown < max_sets; s++, shown++) {
        const char *name = labels ? labels[s] : c->sets[s].label;
        const char *base = labels ? labels[0] : c->sets[0].label;
        const ric_cmp_row *any = ric_i_row(c, 0, s);
        const size_t n = c->sets[s].n;
        if (diffs)
            ric_strbuf_printf(&b, "  %s vs %s (%s, %zu run%s each%s):\n", name, base,
                              any && any->paired ? "paired: the same seeds"
                              : n < 2            ? "no interval from one run"
                                                 : "Welch",
                              n, n == 1 ? "" : "s", n < 2 ? "" : "; 95% CI");
        else
            ric_strbuf_printf(&b, "  %s (mean%s over %zu run%s):\n", name, n < 2 ? "" : " [95% CI]",
                              n, n == 1 ? "" : "s");
        for (size_t k = 0; k < RIC_I_NFIG; k++) {
            const ric_cmp_row *r = ric_i_row(c, k, s), *r0 = ric_i_row(c, k, 0);
            if (!r || !r0 || !isfinite(r->mean))
                continue;
            const ric_observable *ob = ric_observable_find(ric_i_figures[k]);
            ric_strbuf_printf(&b, "    %-*s ", width, ob->label);
            if (diffs) {
                ric_i_diff(&b, ob->kind, r, r0->mean);
                ric_strbuf_printf(&b, "  (");
                ric_i_level(&b, ob->kind, r0->mean, NAN, NAN);
                ric_strbuf_printf(&b, " -> ");
                ric_i_level(&b, ob->kind, r->mean, NAN, NAN);
                ric_strbuf_printf(&b, ")\n");
            } else {
                ric_i_level(&b, ob->kind, r->mean, r->ci_low, r->ci_high);
                ric_strbuf_printf(&b, "\n");
            }
        }
    }
    if (first + shown < c->nsets)
        ric_strbuf_printf(&b, "  ... and %zu more (ricsim compare shows them all)\n",
                          c->nsets - first - shown);
    if (b.oom) {
        free(b.s);
        return ric_error_set(err, RIC_ENOMEM, "headline: no memory");
    }
    *out = b.s ? b.s : calloc(1, 1);
    return *out ? RIC_OK : ric_error_set(err, RIC_ENOMEM, "headline: no memory");
}
