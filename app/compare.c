/* ricsim compare: strategies against a baseline (analysis/ric_compare.h). */
#include "ric_cli.h"
#include "ric_compare.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void compare_usage(FILE *f)
{
    fprintf(f,
            "usage: ricsim compare --baseline DIR [DIR...] [--observables K1,K2,...]\n"
            "                      [--at-step S | --at-year Y] [--format table|csv|markdown]\n"
            "                      [-o FILE]\n"
            "\n"
            "Compares ensembles (directories written by ricsim ensemble, or their ensemble.h5)\n"
            "with a baseline ensemble: for each observable and scenario the mean and 95%%\n"
            "CI over complete replications, and the difference from the baseline with its 95%%\n"
            "CI, %% change and p-value (paired t when the runs share their random numbers: the\n"
            "same seeds, or branches of the same warm-up; Welch's t otherwise; no test when\n"
            "neither side varies), and the difference per billion won of extra spend. Every\n"
            "design point of an ensemble is a scenario of its own, labelled by its factor\n"
            "values; each is compared with the baseline (the first scenario).\n"
            "\n"
            "  -b, --baseline DIR      the baseline ensemble (required)\n"
            "  -O, --observables LIST  registry keys to compare (default: all); 'list' lists them\n"
            "      --at-step S         compare at step S (month) instead of the last step\n"
            "      --at-year Y         compare Y years after the policy start (the earliest\n"
            "                          intervention start of the scenarios compared)\n"
            "  -f, --format F          table (default), csv or markdown\n"
            "  -o, --output FILE       write there instead of standard output\n");
}

int ric_cmd_compare(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"baseline", required_argument, NULL, 'b'}, {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},   {"observables", required_argument, NULL, 'O'},
        {"at-step", required_argument, NULL, 'S'},  {"at-year", required_argument, NULL, 'Y'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    const char *baseline = NULL, *output = NULL, *observables = NULL;
    long long at_step = -1;
    double at_year = -1.0;
    int format = RIC_CMP_TABLE, c;
    while ((c = getopt_long(argc, argv, "b:f:o:O:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'O':
            if (!strcmp(optarg, "list")) {
                for (size_t k = 0; k < ric_nobservables; k++)
                    printf("%-26s %-40s %s\n", ric_observables[k].key, ric_observables[k].label,
                           ric_observables[k].unit);
                printf("%-26s %-40s %s\n", "capability_regionN", "capability in region N",
                       "index 0-1");
                return RIC_EXIT_OK;
            }
            observables = optarg;
            break;
        case 'S':
            if (ric_cli_parse_int("--at-step", optarg, 0, &at_step))
                return RIC_EXIT_USAGE;
            break;
        case 'Y': {
            char *end = NULL;
            at_year = strtod(optarg, &end);
            if (end == optarg || *end || !(at_year >= 0.0) || at_year > 1e6) {
                fprintf(stderr, "ricsim compare: --at-year: expected years >= 0, found '%s'\n",
                        optarg);
                return RIC_EXIT_USAGE;
            }
            break;
        }
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
    if (at_step >= 0 && at_year >= 0.0) {
        fprintf(stderr, "ricsim compare: give --at-step or --at-year, not both\n");
        return RIC_EXIT_USAGE;
    }
    ric_compare cmp;
    ric_compare_init(&cmp);
    cmp.at_step = at_step;
    cmp.at_year = at_year;
    ric_error err;
    ric_error_clear(&err);
    if (observables && ric_compare_select(&cmp, observables, &err) != RIC_OK) {
        fprintf(stderr, "ricsim compare: %s\n", err.msg);
        ric_compare_destroy(&cmp);
        return RIC_EXIT_USAGE;
    }
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
