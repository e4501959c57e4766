/* HTML report (ric_report.h). */
#define _DEFAULT_SOURCE /* gmtime_r */
#include "ric_report.h"

#include "ric_compare.h"
#include "ric_plot.h"
#include "ric_strbuf.h"
#include "ric_version.h"

#include <errno.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

static void ric_i_esc(ric_strbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            ric_strbuf_printf(b, "&lt;");
            break;
        case '>':
            ric_strbuf_printf(b, "&gt;");
            break;
        case '&':
            ric_strbuf_printf(b, "&amp;");
            break;
        case '"':
            ric_strbuf_printf(b, "&quot;");
            break;
        default:
            ric_strbuf_printf(b, "%c", *s);
        }
    }
}

/* The <svg> element of a file gnuplot wrote, without the XML prolog. */
static void ric_i_svg(ric_strbuf *b, const char *path)
{
    char *s = ric_read_file(path, NULL);
    if (!s) {
        ric_strbuf_printf(b, "<p class=\"missing\">(plot not drawn: %s missing)</p>\n", path);
        return;
    }
    const char *svg = strstr(s, "<svg");
    ric_strbuf_printf(b, "%s\n", svg ? svg : "");
    free(s);
}

/* A sensitivity study's bar charts, as `ricsim sensitivity` drew them. */
static void ric_i_study(ric_strbuf *b, const char *dir)
{
    char pat[4300];
    glob_t g;
    snprintf(pat, sizeof pat, "%s/plots/sensitivity_*.svg", dir);
    ric_strbuf_printf(b, "<h2>Sensitivity: ");
    ric_i_esc(b, dir);
    ric_strbuf_printf(b, "</h2>\n");
    if (glob(pat, 0, NULL, &g) != 0) {
        ric_strbuf_printf(b, "<p class=\"missing\">(no plots/sensitivity_*.svg in ");
        ric_i_esc(b, dir);
        ric_strbuf_printf(b, ")</p>\n");
        return;
    }
    for (size_t i = 0; i < g.gl_pathc; i++) {
        ric_strbuf_printf(b, "<figure>\n<figcaption>");
        ric_i_esc(b, g.gl_pathv[i]);
        ric_strbuf_printf(
            b, " (indices with 95%% CIs; the table: %s/sensitivity.h5)</figcaption>\n", dir);
        ric_i_svg(b, g.gl_pathv[i]);
        ric_strbuf_printf(b, "</figure>\n");
    }
    globfree(&g);
}
/* A difference in words: "+1.1% (95% CI +0.9% to +1.4%)", or in points
 * for shares. */
static void ric_i_change(ric_strbuf *b, const ric_compare *c, const ric_cmp_row *r)
{
    const ric_cmp_obs *o = &c->obs[r->obs];
    if (o->kind == RIC_OBS_SHARE) {
        ric_strbuf_printf(b, "%+.1f points (95%% CI %+.1f to %+.1f)", 100.0 * r->diff,
                          100.0 * r->diff_low, 100.0 * r->diff_high);
    } else if (!isnan(r->pct)) {
        ric_strbuf_printf(b, "%+.1f%% (95%% CI %+.1f%% to %+.1f%%)", r->pct, r->pct_low,
                          r->pct_high);
    } else {
        int dec = ric_cmp_decimals(c, r->obs);
        ric_strbuf_printf(b, "%+.*f %s", dec, ric_cmp_shown(o, r->diff), o->unit);
    }
}

/* One sentence per scenario: the headline changes whose interval misses 0,
 * those it cannot tell from no change, and the extra spend. */
static void ric_i_sentence(ric_strbuf *b, const ric_compare *c, size_t s)
{
    ric_strbuf_printf(b, "<li><b>");
    ric_i_esc(b, c->sets[s].label);
    ric_strbuf_printf(b, "</b> against ");
    ric_i_esc(b, c->sets[0].label);
    ric_strbuf_printf(b, " (%zu runs each): ", c->sets[s].n);
    size_t clear = 0, unclear = 0;
    for (size_t o = 0; o < c->nobs; o++) {
        const ric_cmp_row *r = &c->rows[o * c->nsets + s];
        if (!c->obs[o].headline || c->obs[o].kind == RIC_OBS_MONEY ||
            c->obs[o].agg == RIC_CMP_PERIOD_MEAN || !r->has_diff || isnan(r->diff))
            continue;
        if (r->diff_low > 0 || r->diff_high < 0 || (r->constant && r->diff != 0.0)) {
            ric_strbuf_printf(b, "%s", clear++ ? "; " : "");
            ric_i_esc(b, c->obs[o].name);
            ric_strbuf_printf(b, " ");
            ric_i_change(b, c, r);
        }
    }
    if (clear == 0)
        ric_strbuf_printf(b, "no headline outcome changed clearly");
    for (size_t o = 0; o < c->nobs; o++) {
        const ric_cmp_row *r = &c->rows[o * c->nsets + s];
        if (!c->obs[o].headline || c->obs[o].kind == RIC_OBS_MONEY ||
            c->obs[o].agg == RIC_CMP_PERIOD_MEAN || !r->has_diff || isnan(r->diff))
            continue;
        if (!(r->diff_low > 0 || r->diff_high < 0 || (r->constant && r->diff != 0.0))) {
            ric_strbuf_printf(b, "%s", unclear++ ? ", " : "; not distinguishable from no change: ");
            ric_i_esc(b, c->obs[o].name);
        }
    }
    for (size_t o = 0; o < c->nobs; o++) {
        const ric_cmp_row *r = &c->rows[o * c->nsets + s];
        if (c->obs[o].kind == RIC_OBS_MONEY && r->has_diff && isfinite(r->diff) && r->diff != 0)
            ric_strbuf_printf(b, ". Extra policy spend: %.1f billion won (simulated world)",
                              ric_cmp_shown(&c->obs[o], r->diff));
    }
    ric_strbuf_printf(b, ".</li>\n");
}

/* Cells of one number with fixed decimals. */
static void ric_i_num(ric_strbuf *b, double v, int dec)
{
    if (isnan(v))
        ric_strbuf_printf(b, "<td></td>");
    else
        ric_strbuf_printf(b, "<td>%.*f</td>", dec, v == 0.0 ? 0.0 : v);
}

/* The comparison as an HTML table: the headline observables, or all. */
static void ric_i_table(ric_strbuf *b, const ric_compare *c, int headline_only)
{
    ric_strbuf_printf(b, "<table>\n<tr><th>outcome</th><th>unit</th><th>scenario</th><th>n</th>"
                         "<th>mean</th><th>95%% CI</th><th>difference</th><th>95%% CI</th>"
                         "<th>%% change</th><th>p</th><th>test</th><th>per billion won</th>"
                         "</tr>\n");
    for (size_t i = 0; i < c->nrows; i++) {
        const ric_cmp_row *r = &c->rows[i];
        const ric_cmp_obs *o = &c->obs[r->obs];
        if (headline_only && !o->headline)
            continue;
        int dec = ric_cmp_decimals(c, r->obs);
        int sig = r->has_diff && !r->constant && (r->diff_low > 0 || r->diff_high < 0);
        ric_strbuf_printf(b, "<tr%s><td>", sig ? " class=\"sig\"" : "");
        ric_i_esc(b, o->name);
        ric_strbuf_printf(b, "</td><td>");
        ric_i_esc(b, o->unit);
        ric_strbuf_printf(b, "</td><td>");
        ric_i_esc(b, c->sets[r->set].label);
        ric_strbuf_printf(b, "</td><td>%zu</td>", r->n);
        ric_i_num(b, ric_cmp_shown(o, r->mean), dec);
        if (isnan(r->ci_low))
            ric_strbuf_printf(b, "<td></td>");
        else
            ric_strbuf_printf(b, "<td>%.*f &ndash; %.*f</td>", dec, ric_cmp_shown(o, r->ci_low),
                              dec, ric_cmp_shown(o, r->ci_high));
        if (r->has_diff) {
            double z = ric_cmp_shown(o, 0.0);
            ric_i_num(b, ric_cmp_shown(o, r->diff) - z, dec);
            if (r->constant || isnan(r->diff_low))
                ric_strbuf_printf(b, "<td></td>");
            else
                ric_strbuf_printf(b, "<td>%.*f &ndash; %.*f</td>", dec,
                                  ric_cmp_shown(o, r->diff_low) - z, dec,
                                  ric_cmp_shown(o, r->diff_high) - z);
            ric_i_num(b, r->pct, 1);
            if (isnan(r->p))
                ric_strbuf_printf(b, "<td></td>");
            else if (r->p < 0.001)
                ric_strbuf_printf(b, "<td>&lt;0.001</td>");
            else
                ric_strbuf_printf(b, "<td>%.3f</td>", r->p);
            ric_strbuf_printf(b, "<td>%s</td>",
                              r->constant ? "none (no variation)"
                              : r->paired ? "paired t"
                                          : "Welch t");
            double big = fabs(r->per_bn);
            int pdec = big > 0 && isfinite(big) ? 3 - (int)floor(log10(big)) : 2;
            ric_i_num(b, r->per_bn, pdec < 0 ? 0 : pdec > 8 ? 8 : pdec);
        } else {
            ric_strbuf_printf(b, "<td colspan=\"6\">reference</td>");
        }
        ric_strbuf_printf(b, "</tr>\n");
    }
    ric_strbuf_printf(b, "</table>\n");
}

/* What each ensemble is: the scenario file's words, its interventions,
 * replications, seeds, warm-up and design. */
static void ric_i_scenarios(ric_strbuf *b, const ric_compare *c)
{
    ric_strbuf_printf(b, "<h2>Scenarios</h2>\n<dl>\n");
    for (size_t k = 0; k < c->ninfo; k++) {
        const ric_ensinfo *e = &c->info[k];
        ric_strbuf_printf(b, "<dt><b>");
        ric_i_esc(b, e->name);
        ric_strbuf_printf(b, "</b>%s</dt>\n<dd>", k == 0 ? " (reference)" : "");
        if (e->description[0]) {
            ric_strbuf_printf(b, "The scenario file says: &ldquo;");
            ric_i_esc(b, e->description);
            ric_strbuf_printf(b, "&rdquo;<br>\nAs run: ");
        }
        if (!e->loaded)
            ric_strbuf_printf(b, "(scenario file %s not readable: %s)<br>\n", e->scenario,
                              e->load_error);
        else if (e->niv == 0)
            ric_strbuf_printf(b, "No intervention (the status quo).<br>\n");
        for (size_t i = 0; i < e->niv && i < RIC_ENSINFO_MAX_IV; i++) {
            char line[1024];
            ric_ensinfo_describe_iv(e, i, line, sizeof line);
            ric_strbuf_printf(b, "Intervention: ");
            ric_i_esc(b, line);
            ric_strbuf_printf(b, ".<br>\n");
        }
        if (e->loaded)
            ric_strbuf_printf(b,
                              "Runs of %lld steps (%.0f years, one step a month), world.scale "
                              "%.3g; ",
                              (long long)e->steps, (double)e->steps / 12.0, e->scale);
        ric_strbuf_printf(b, "%lld replication(s) per design point, master seed %llu%s",
                          (long long)e->replications, (unsigned long long)e->master_seed,
                          e->common_seeds ? " (common seeds)" : "");
        if (e->warmup[0]) {
            ric_strbuf_printf(b, ", branched from the warm-up ");
            ric_i_esc(b, e->warmup);
        }
        if (e->npoints > 1) {
            ric_strbuf_printf(b, "; design of %zu points:", e->npoints);
            for (size_t p = 0; p < e->npoints; p++) {
                ric_strbuf_printf(b, "%s ", p ? "," : "");
                ric_i_esc(b, e->point_label[p]);
            }
        }
        ric_strbuf_printf(b, ". Scenario file: <code>");
        ric_i_esc(b, e->scenario);
        ric_strbuf_printf(b, "</code>");
        for (size_t s = 0; s < e->nsets; s++) {
            ric_strbuf_printf(b, "%s<code>", s ? ", " : " with ");
            ric_i_esc(b, e->sets[s]);
            ric_strbuf_printf(b, "</code>");
        }
        ric_strbuf_printf(b, ".</dd>\n");
    }
    ric_strbuf_printf(b, "</dl>\n");
}

static void ric_i_caveats(ric_strbuf *b, const ric_compare *c)
{
    size_t nmin = SIZE_MAX;
    int welch = 0;
    double scale = NAN;
    for (size_t s = 0; s < c->nsets; s++)
        nmin = c->sets[s].n < nmin ? c->sets[s].n : nmin;
    for (size_t r = 0; r < c->nrows; r++)
        welch |= c->rows[r].has_diff && !c->rows[r].paired && !c->rows[r].constant;
    for (size_t k = 0; k < c->ninfo; k++)
        if (c->info[k].loaded)
            scale = c->info[k].scale;
    ric_strbuf_printf(
        b,
        "<h2>Caveats</h2>\n<ul>\n"
        "<li>These are results of a simulation model of a regional innovation system "
        "(docs/model.md): differences are effects within its assumptions, not forecasts.</li>\n");
    if (nmin < 10)
        ric_strbuf_printf(b,
                          "<li>Only %zu replication(s) for some scenario: the intervals are wide "
                          "and themselves uncertain; more replications (<code>ricsim ensemble "
                          "-r N</code> over the same directory adds runs) narrow them.</li>\n",
                          nmin);
    if (isfinite(scale) && scale < 0.1)
        ric_strbuf_printf(b,
                          "<li>A small world (world.scale %.3g of the real population): counts "
                          "and spend are of the simulated world, budgets are national budgets "
                          "times the scale, and small worlds are noisier.</li>\n",
                          scale);
    if (welch)
        ric_strbuf_printf(b, "<li>Some comparisons are unpaired (Welch t): their runs share no "
                             "random numbers with the reference's, so their intervals are "
                             "wider than paired ones would be.</li>\n");
    ric_strbuf_printf(
        b, "<li>Many outcomes are compared without correction for multiple comparisons: about one "
           "interval in twenty misses zero by chance.</li>\n"
           "<li>Intervals of means are clipped to the outcome's range (counts and levels not below "
           "0, shares within 0&ndash;100%%). %% change is relative to the reference mean; its "
           "interval ignores the uncertainty of that mean.</li>\n"
           "<li>&ldquo;Innovating&rdquo; means at least one innovation in the last 36 months; ties "
           "per agent count the ties an agent has in a layer (formal: contracts and joint "
           "projects; informal: acquaintance).</li>\n</ul>\n");
}

ric_status ric_report_write(const char *const *dirs, size_t ndirs, const char *html,
                            const char *plotdir, const char *title, const char *command,
                            ric_error *err)
{
    return ric_report_write_studies(dirs, ndirs, NULL, 0, html, plotdir, title, command, err);
}

/* The first set of ensemble d. */
static size_t ric_i_first_set(const ric_compare *c, size_t d)
{
    for (size_t s = 0; s < c->nsets; s++)
        if (c->sets[s].ens == d)
            return s;
    return 0;
}

/* One figure: its caption and the SVG inline. */
static void ric_i_figure(ric_strbuf *b, const char *plotdir, const ric_plot_list *made, size_t k)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s.svg", plotdir, made->name[k]);
    ric_strbuf_printf(b, "<figure id=\"fig-%s\">\n<figcaption>", made->name[k]);
    ric_i_esc(b, made->title[k]);
    ric_strbuf_printf(b, " (data and gnuplot script: %s.dat, %s.gp)</figcaption>\n", made->name[k],
                      made->name[k]);
    ric_i_svg(b, path);
    ric_strbuf_printf(b, "</figure>\n");
}

ric_status ric_report_write_studies(const char *const *dirs, size_t ndirs,
                                    const char *const *studies, size_t nstudies, const char *html,
                                    const char *plotdir, const char *title, const char *command,
                                    ric_error *err)
{
    if (mkdir(plotdir, 0777) != 0 && errno != EEXIST)
        return ric_error_set(err, RIC_EIO, "%s: cannot create: %s", plotdir, strerror(errno));
    ric_compare c;
    ric_compare_init(&c);
    ric_status st = RIC_OK;
    for (size_t d = 0; d < ndirs && st == RIC_OK; d++)
        st = ric_compare_add(&c, dirs[d], err);
    if (st == RIC_OK)
        st = ric_compare_run(&c, err);
    ric_plot_list made = {.n = 0, .defer = 1}; /* all gnuplots at once, below */
    char plot_note[1200] = "";
    if (st == RIC_OK) {
        ric_error perr;
        ric_error_clear(&perr);
        if (ric_plot_ensembles(dirs, ndirs, &c, plotdir, &made, &perr) != RIC_OK)
            snprintf(plot_note, sizeof plot_note, "%s", perr.msg);
        /* The first replication of each ensemble that has snapshots, one layout. */
        char(*runs)[4300] = calloc(ndirs + 1, sizeof *runs);
        const char **rp = calloc(ndirs + 1, sizeof *rp), **lp = calloc(ndirs + 1, sizeof *lp);
        size_t nr = 0;
        for (size_t d = 0; runs && rp && lp && d < ndirs; d++) {
            snprintf(runs[nr], sizeof runs[nr], "%s/runs/p0000_r0000.h5", dirs[d]);
            struct stat sb;
            if (stat(runs[nr], &sb) != 0)
                continue;
            rp[nr] = runs[nr];
            lp[nr] = c.sets[ric_i_first_set(&c, d)].label;
            nr++;
        }
        ric_error nerr;
        ric_error_clear(&nerr);
        ric_status ns = nr && !plot_note[0]
                            ? ric_plot_networks(rp, lp, nr, plotdir, "network", &made, &nerr)
                            : RIC_EINVAL;
        if (ns != RIC_OK && ns != RIC_EINVAL) /* EINVAL: no snapshot in those runs */
            snprintf(plot_note, sizeof plot_note, "%s", nerr.msg);
        free(runs);
        free(rp);
        free(lp);
        ric_error gerr;
        ric_error_clear(&gerr);
        if (!plot_note[0] && ric_plot_gnuplot_all(plotdir, &made, &gerr) != RIC_OK)
            snprintf(plot_note, sizeof plot_note, "%s", gerr.msg);
    }
    if (st != RIC_OK) {
        ric_compare_destroy(&c);
        return st;
    }
    ric_strbuf b = {0};
    ric_strbuf_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<title>");
    ric_i_esc(&b, title);
    ric_strbuf_printf(
        &b, "</title>\n<style>\n"
            "body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222; "
            "line-height: 1.4; }\n"
            "table { border-collapse: collapse; font-size: 0.85em; margin: 1em 0; }\n"
            "td, th { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; }\n"
            "td:nth-child(-n+3), th { text-align: left; }\n"
            "tr.sig td { background: #eef6ee; }\n"
            ".summary { background: #f6f3ea; padding: 0.5em 1.5em; border-left: 4px solid "
            "#b8902a; }\n"
            "figure { margin: 1.5em 0; } figure svg { width: 100%%; height: auto; }\n"
            "figcaption { font-weight: bold; }\n"
            ".missing { color: #a00; } .prov { font-size: 0.85em; color: #555; }\n"
            "</style>\n</head>\n<body>\n<h1>");
    ric_i_esc(&b, title);
    ric_strbuf_printf(&b, "</h1>\n<div class=\"summary\">\n<p><b>In short</b> (");
    ric_i_esc(&b, c.note);
    ric_strbuf_printf(&b, " Clear: the 95%% interval of the difference misses zero.)</p>\n<ul>\n");
    for (size_t s = 1; s < c.nsets && s <= 24; s++)
        ric_i_sentence(&b, &c, s);
    if (c.nsets == 1)
        ric_strbuf_printf(&b, "<li>Only the reference: nothing to compare.</li>\n");
    if (c.nsets > 25)
        ric_strbuf_printf(&b, "<li>(%zu more scenarios in the tables below)</li>\n", c.nsets - 25);
    ric_strbuf_printf(&b, "</ul>\n</div>\n");
    if (plot_note[0]) {
        ric_strbuf_printf(&b, "<p class=\"missing\">Plots: ");
        ric_i_esc(&b, plot_note);
        ric_strbuf_printf(&b, "</p>\n");
    }
    ric_i_scenarios(&b, &c);
    ric_strbuf_printf(&b, "<h2>Key outcomes</h2>\n<p>Means over replications with 95%% "
                          "confidence intervals; differences against the reference with "
                          "their 95%% CI; shaded rows: the interval of the difference "
                          "misses zero. Shares in %%, their differences in percentage "
                          "points; spend in billion won; the last column is the difference "
                          "per billion won of extra policy spend.</p>\n");
    ric_i_table(&b, &c, 1);
    ric_strbuf_printf(&b, "<h2>Figures</h2>\n<p>Time in years of the run (one step is a "
                          "month); the policy period is shaded. Each time plot shows the "
                          "level (left) beside the difference from the reference with its "
                          "95%% CI (right, paired where the runs share random numbers).</p>\n");
    for (size_t k = 0; k < made.n; k++)
        ric_i_figure(&b, plotdir, &made, k);
    for (size_t k = 0; k < nstudies; k++)
        ric_i_study(&b, studies[k]);
    ric_i_caveats(&b, &c);
    ric_strbuf_printf(&b, "<details>\n<summary>All outcomes</summary>\n");
    ric_i_table(&b, &c, 0);
    ric_strbuf_printf(&b, "</details>\n");
    /* Provenance: what made this page, when, from which runs. */
    char when[64] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    ric_strbuf_printf(&b, "<h2>Provenance</h2>\n<p class=\"prov\">Written by ricsim %s on %s",
                      RIC_VERSION_STRING, when);
    if (command && command[0]) {
        ric_strbuf_printf(&b, " by <code>");
        ric_i_esc(&b, command);
        ric_strbuf_printf(&b, "</code>");
    }
    ric_strbuf_printf(&b, ".</p>\n<ul class=\"prov\">\n");
    for (size_t k = 0; k < c.ninfo; k++) {
        const ric_cmp_set *first = &c.sets[ric_i_first_set(&c, k)];
        ric_strbuf_printf(&b, "<li><code>");
        ric_i_esc(&b, c.info[k].dir);
        ric_strbuf_printf(&b,
                          "</code>: ensemble written by ricsim %s, master seed %llu; run "
                          "seeds of its first scenario:",
                          c.info[k].version[0] ? c.info[k].version : "?",
                          (unsigned long long)c.info[k].master_seed);
        for (size_t i = 0; i < first->n && i < 20; i++)
            ric_strbuf_printf(&b, " %llu", (unsigned long long)first->seed[i]);
        ric_strbuf_printf(&b,
                          "%s (all: <code>runs.tsv</code>, with the command that re-runs "
                          "each run alone).</li>\n",
                          first->n > 20 ? " ..." : "");
    }
    ric_strbuf_printf(&b, "</ul>\n</body>\n</html>\n");
    ric_compare_destroy(&c);
    if (b.oom) {
        free(b.s);
        return ric_error_set(err, RIC_ENOMEM, "report: no memory");
    }
    FILE *f = fopen(html, "w");
    if (!f || fputs(b.s, f) < 0 || fclose(f) != 0)
        st = ric_error_set(err, RIC_EIO, "%s: cannot write: %s", html, strerror(errno));
    free(b.s);
    return st;
}
