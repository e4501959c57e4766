/* ricsim compare: strategies against a baseline (analysis/ric_compare.h). */
#include "ric_cli.h"
#include "ric_compare.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void compare_usage(FILE *f)
{
    fprintf(
        f, "usage: ricsim compare --baseline DIR [DIR...] [--format table|csv|markdown] [-o FILE]\n"
           "\n"
           "Compares ensembles (directories written by ricsim ensemble, or their ensemble.h5)\n"
           "with a baseline ensemble: for each main observable and scenario the mean and 95%%\n"
           "CI over complete replications, and the difference from the baseline with its 95%%\n"
           "CI and p-value (paired t when both ran the same seeds, as ensembles with the same\n"
           "master seed do; Welch's t otherwise), and the difference per 1000 budget units of\n"
           "extra spend. Every design point of an ensemble is a scenario of its own.\n"
           "\n"
           "  -b, --baseline DIR  the baseline ensemble (required)\n"
           "  -f, --format F      table (default), csv or markdown\n"
           "  -o, --output FILE   write there instead of standard output\n");
}

int ric_cmd_compare(int argc, char **argv)
{
    static const struct option longopts[] = {{"baseline", required_argument, NULL, 'b'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *baseline = NULL, *output = NULL;
    int format = RIC_CMP_TABLE, c;
    while ((c = getopt_long(argc, argv, "b:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'b':
            baseline = optarg;
            break;
        case 'f':
            if (!strcmp(optarg, "table"))
                format = RIC_CMP_TABLE;
            else if (!strcmp(optarg, "csv"))
                format = RIC_CMP_CSV;
            else if (!strcmp(optarg, "markdown") || !strcmp(optarg, "md"))
                format = RIC_CMP_MARKDOWN;
            else {
                fprintf(stderr,
                        "ricsim compare: --format: expected table, csv or markdown, "
                        "found '%s'\n",
                        optarg);
                return RIC_EXIT_USAGE;
            }
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            compare_usage(stdout);
            return RIC_EXIT_OK;
        default:
            return ric_cli_bad_option("compare", argv, longopts, "b:f:o:h");
        }
    }
    if (!baseline) {
        return ric_cli_usage_error("compare", "missing --baseline DIR");
    }
    ric_compare cmp;
    ric_compare_init(&cmp);
    ric_error err;
    ric_error_clear(&err);
    ric_status st = ric_compare_add(&cmp, baseline, &err);
    for (int i = optind; i < argc && st == RIC_OK; i++)
        st = ric_compare_add(&cmp, argv[i], &err);
    if (st == RIC_OK)
        st = ric_compare_run(&cmp, &err);
    char *text = NULL;
    if (st == RIC_OK)
        st = ric_compare_format(&cmp, format, &text, &err);
    int rc = RIC_EXIT_OK;
    if (st != RIC_OK) {
        fprintf(stderr, "ricsim compare: %s\n", err.msg);
        rc = ric_cli_exit_code(st);
    } else {
        FILE *f = output && ric_cli_make_dirs("compare", output, 0) == 0 ? fopen(output, "w")
                  : output                                               ? NULL
                                                                         : stdout;
        if (!f || fputs(text, f) < 0 || (output && fclose(f) != 0)) {
            fprintf(stderr, "ricsim compare: cannot write %s\n", output ? output : "output");
            rc = RIC_EXIT_RUNTIME;
        }
    }
    free(text);
    ric_compare_destroy(&cmp);
    return rc;
}
