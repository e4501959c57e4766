/* HTML report (ric_report.h). */
#include "ric_report.h"

#include "ric_compare.h"
#include "ric_plot.h"
#include "ric_strbuf.h"

#include <errno.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static void ric_i_num(ric_strbuf *b, double v)
{
    if (isnan(v))
        ric_strbuf_printf(b, "<td></td>");
    else
        ric_strbuf_printf(b, "<td>%.4g</td>", v);
}

/* The comparison as an HTML table; only observables whose name contains one
 * of the keys (NULL: all). */
static void ric_i_table(ric_strbuf *b, const ric_compare *c, const char *const *keys)
{
    ric_strbuf_printf(b, "<table>\n<tr><th>observable</th><th>scenario</th><th>n</th>"
                         "<th>mean</th><th>95%% CI</th><th>difference</th><th>95%% CI</th>"
                         "<th>p</th><th>test</th><th>per 1000 budget</th></tr>\n");
    for (size_t r = 0; r < c->nrows; r++) {
        const ric_cmp_row *row = &c->rows[r];
        const char *name = c->obs[row->obs].name;
        int show = !keys;
        for (size_t k = 0; keys && keys[k]; k++)
            show |= strcmp(name, keys[k]) == 0;
        if (!show)
            continue;
        int sig = row->has_diff && (row->diff_low > 0 || row->diff_high < 0);
        ric_strbuf_printf(b, "<tr%s><td>", sig ? " class=\"sig\"" : "");
        ric_i_esc(b, name);
        ric_strbuf_printf(b, "</td><td>");
        ric_i_esc(b, c->sets[row->set].label);
        ric_strbuf_printf(b, "</td><td>%zu</td>", row->n);
        ric_i_num(b, row->mean);
        ric_strbuf_printf(b, "<td>%.4g &ndash; %.4g</td>", row->ci_low, row->ci_high);
        if (row->has_diff) {
            ric_i_num(b, row->diff);
            ric_strbuf_printf(b, "<td>%.4g &ndash; %.4g</td>", row->diff_low, row->diff_high);
            ric_i_num(b, row->p);
            ric_strbuf_printf(b, "<td>%s</td>", row->paired ? "paired t" : "Welch t");
            ric_i_num(b, row->per_bn);
        } else {
            ric_strbuf_printf(b, "<td colspan=\"5\">baseline</td>");
        }
        ric_strbuf_printf(b, "</tr>\n");
    }
    ric_strbuf_printf(b, "</table>\n");
}

ric_status ric_report_write(const char *const *dirs, size_t ndirs, const char *html,
                            const char *plotdir, const char *title, ric_error *err)
{
    return ric_report_write_studies(dirs, ndirs, NULL, 0, html, plotdir, title, err);
}

ric_status ric_report_write_studies(const char *const *dirs, size_t ndirs,
                                    const char *const *studies, size_t nstudies, const char *html,
                                    const char *plotdir, const char *title, ric_error *err)
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
        for (size_t d = 0; d < ndirs && !plot_note[0]; d++) {
            char run[4300], name[64];
            snprintf(run, sizeof run, "%s/runs/p0000_r0000.h5", dirs[d]);
            snprintf(name, sizeof name, "network_%zu", d);
            ric_error nerr;
            ric_error_clear(&nerr);
            ric_status ns = ric_plot_network(run, plotdir, name, &made, &nerr);
            if (ns != RIC_OK && ns != RIC_EINVAL) /* EINVAL: no snapshot in that run */
                snprintf(plot_note, sizeof plot_note, "%s", nerr.msg);
        }
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
            "body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }\n"
            "table { border-collapse: collapse; font-size: 0.85em; margin: 1em 0; }\n"
            "td, th { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; }\n"
            "td:first-child, td:nth-child(2), th { text-align: left; }\n"
            "tr.sig td { background: #eef6ee; }\n"
            "figure { margin: 1.5em 0; } figure svg { width: 100%%; height: auto; }\n"
            ".missing { color: #a00; }\n</style>\n</head>\n<body>\n<h1>");
    ric_i_esc(&b, title);
    ric_strbuf_printf(&b, "</h1>\n<p>Baseline: <b>");
    ric_i_esc(&b, c.sets[0].label);
    ric_strbuf_printf(&b, "</b> (%zu replications). Compared:", c.sets[0].n);
    for (size_t s = 1; s < c.nsets; s++) {
        ric_strbuf_printf(&b, " <b>");
        ric_i_esc(&b, c.sets[s].label);
        ric_strbuf_printf(&b, "</b> (%zu)%s", c.sets[s].n, s + 1 < c.nsets ? "," : ".");
    }
    ric_strbuf_printf(&b,
                      " Means over replications with 95%% confidence intervals; "
                      "differences against the baseline (paired t when both ran the same "
                      "seeds); shaded rows: the interval of the difference excludes zero.</p>\n");
    if (plot_note[0]) {
        ric_strbuf_printf(&b, "<p class=\"missing\">Plots: ");
        ric_i_esc(&b, plot_note);
        ric_strbuf_printf(&b, "</p>\n");
    }
    static const char *const key_obs[] = {"capability SMEs (final)",
                                          "capability firms (final)",
                                          "density informal (final)",
                                          "density formal (final)",
                                          "innovating share SMEs (final)",
                                          "innovating share large (final)",
                                          "spend (total)",
                                          NULL};
    ric_strbuf_printf(&b, "<h2>Key outcomes at the end of the run</h2>\n");
    ric_i_table(&b, &c, key_obs);
    for (size_t k = 0; k < made.n; k++) {
        char path[4300];
        snprintf(path, sizeof path, "%s/%s.svg", plotdir, made.name[k]);
        ric_strbuf_printf(&b, "<figure>\n<figcaption>");
        ric_i_esc(&b, made.title[k]);
        ric_strbuf_printf(&b, " (data and gnuplot script: %s.dat, %s.gp)</figcaption>\n",
                          made.name[k], made.name[k]);
        ric_i_svg(&b, path);
        ric_strbuf_printf(&b, "</figure>\n");
    }
    for (size_t k = 0; k < nstudies; k++)
        ric_i_study(&b, studies[k]);
    ric_strbuf_printf(&b, "<details>\n<summary>All observables</summary>\n");
    ric_i_table(&b, &c, NULL);
    ric_strbuf_printf(&b, "</details>\n<p>Written by ricsim report.</p>\n</body>\n</html>\n");
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
