/* ricsim plot, ricsim report and ricsim demo: pictures and pages for
 * meetings and classes (analysis/ric_plot.h, analysis/ric_report.h). */
#include "ric_cli.h"
#include "ric_compare.h"
#include "ric_ensemble.h"
#include "ric_params.h"
#include "ric_plot.h"
#include "ric_report.h"
#include "ric_run.h"

#include <getopt.h>
#include <limits.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int ric_cmd_plot(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"network", required_argument, NULL, 'n'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *out = NULL, *network = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "o:n:h", longopts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else if (c == 'n')
            network = optarg;
        else if (c != 'h')
            return ric_cli_bad_option("plot", argv, longopts, "o:n:h");
        else {
            FILE *f = stdout;
            fprintf(f, "usage: ricsim plot DIR... -o OUTDIR [--network RUN.h5]\n\n"
                       "Plots ensembles (the first is the reference): time series with 95%% CI\n"
                       "bands, final-state distributions; with --network, the network of a run's\n"
                       "last snapshot. Each plot: NAME.dat, NAME.gp (gnuplot script), NAME.png,\n"
                       "NAME.svg in OUTDIR.\n");
            return c == 'h' ? RIC_EXIT_OK : RIC_EXIT_USAGE;
        }
    }
    if (!out || (optind >= argc && !network)) {
        return ric_cli_usage_error("plot", "need -o OUTDIR and an ensemble or --network RUN.h5");
    }
    if (ric_cli_make_dirs("plot", out, 1))
        return RIC_EXIT_RUNTIME;
    ric_error err;
    ric_error_clear(&err);
    ric_status st = RIC_OK;
    ric_plot_list made = {.n = 0};
    if (optind < argc) {
        ric_compare cmp;
        ric_compare_init(&cmp);
        for (int i = optind; i < argc && st == RIC_OK; i++)
            st = ric_compare_add(&cmp, argv[i], &err);
        if (st == RIC_OK)
            st = ric_compare_run(&cmp, &err);
        if (st == RIC_OK)
            st = ric_plot_ensembles((const char *const *)argv + optind, (size_t)(argc - optind),
                                    &cmp, out, &made, &err);
        ric_compare_destroy(&cmp);
    }
    if (st == RIC_OK && network)
        st = ric_plot_network(network, out, "network", &made, &err);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim plot: %s\n", err.msg);
        return ric_cli_exit_code(st);
    }
    for (size_t k = 0; k < made.n; k++)
        printf("%s/%s.png  %s\n", out, made.name[k], made.title[k]);
    return RIC_EXIT_OK;
}

int ric_cmd_report(int argc, char **argv)
{
    char command[2048];
    ric_cli_command_line(argc, argv, command, sizeof command);
    static const struct option longopts[] = {
        {"baseline", required_argument, NULL, 'b'}, {"output", required_argument, NULL, 'o'},
        {"title", required_argument, NULL, 't'},    {"sensitivity", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    const char *base = NULL, *out = NULL, *title = "ricsim: intervention strategies compared";
    const char **studies = calloc((size_t)argc + 1, sizeof *studies);
    size_t nstudies = 0;
    int c;
    if (!studies)
        return RIC_EXIT_RUNTIME;
    while ((c = getopt_long(argc, argv, "b:o:t:h", longopts, NULL)) != -1) {
        if (c == 'b')
            base = optarg;
        else if (c == 's')
            studies[nstudies++] = optarg;
        else if (c == 'o')
            out = optarg;
        else if (c == 't')
            title = optarg;
        else if (c != 'h') {
            free(studies);
            return ric_cli_bad_option("report", argv, longopts, "b:o:t:h");
        } else {
            FILE *f = stdout;
            fprintf(f, "usage: ricsim report --baseline DIR [DIR...] -o REPORT.html [--title T]\n"
                       "                     [--sensitivity STUDY_DIR]...\n\n"
                       "One self-contained HTML page (plots inline, no external assets): the\n"
                       "comparison table and the plots; the plots' data and gnuplot scripts go\n"
                       "to REPORT_files/ beside it. --sensitivity adds the bar charts of a\n"
                       "ricsim sensitivity study (repeatable).\n");
            free(studies);
            return c == 'h' ? RIC_EXIT_OK : RIC_EXIT_USAGE;
        }
    }
    if (!base || !out) {
        free(studies);
        return ric_cli_usage_error("report", "need --baseline DIR and -o REPORT.html");
    }
    for (size_t k = 0; k < nstudies; k++) {
        char res[PATH_MAX];
        struct stat sb;
        snprintf(res, sizeof res, "%s/sensitivity.h5", studies[k]);
        if (stat(res, &sb) != 0) {
            fprintf(stderr,
                    "ricsim report: --sensitivity %s: no sensitivity.h5 (not a finished "
                    "ricsim sensitivity study)\n",
                    studies[k]);
            free(studies);
            return RIC_EXIT_SCENARIO;
        }
    }
    const char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    if (!dirs || ric_cli_make_dirs("report", out, 0)) {
        free(dirs);
        free(studies);
        return RIC_EXIT_RUNTIME;
    }
    size_t n = 0;
    dirs[n++] = base;
    for (int i = optind; i < argc; i++)
        dirs[n++] = argv[i];
    char plotdir[PATH_MAX];
    size_t len = strlen(out);
    snprintf(plotdir, sizeof plotdir, "%.*s_files",
             (int)(len > 5 && !strcmp(out + len - 5, ".html") ? len - 5 : len), out);
    ric_error err;
    ric_error_clear(&err);
    ric_status st =
        ric_report_write_studies(dirs, n, studies, nstudies, out, plotdir, title, command, &err);
    free(dirs);
    free(studies);
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim report: %s\n", err.msg);
        return ric_cli_exit_code(st);
    }
    printf("%s\n", out);
    return RIC_EXIT_OK;
}
