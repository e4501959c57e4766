/* ricsim export: a tidy CSV of run files and ensembles (analysis/ric_export.h). */
#include "ric_cli.h"
#include "ric_export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void export_usage(FILE *f)
{
    fprintf(f, "usage: ricsim export DIR|FILE.h5... -o FILE.csv [options]\n"
               "\n"
               "Writes ensembles (their directories or ensemble.h5) and run files as one\n"
               "tidy CSV table for pandas, R or a spreadsheet: one row per run, step and\n"
               "observable column, with the columns\n"
               "  ensemble,scenario,point,<one per design factor>,replication,seed,step,\n"
               "  observable,value\n"
               "where observable is SERIES or SERIES.COLUMN (e.g. innovating_share.sme).\n"
               "Only complete runs are written. A step is a month.\n"
               "\n"
               "  -o, --output FILE     the CSV file ('-': standard output; missing\n"
               "                        directories are made)\n"
               "      --observables LIST  only these, comma-separated SERIES, SERIES.COLUMN or\n"
               "                        keys of compare's registry (ricsim compare -O list)\n"
               "      --at-step LIST    only these steps (comma-separated)\n"
               "      --at-year LIST    only these years (step = 12 x year)\n"
               "      --every N         only steps that are multiples of N\n"
               "      --last            only the last recorded step of each series\n"
               "  -q, --quiet           no closing line\n"
               "\n"
               "Python: python/ricsim.py load_ensemble() returns it as a pandas DataFrame.\n"
               "exit codes: 0 ok, 1 cannot write, 2 usage, 3 an input is missing, damaged or\n"
               "            not a ricsim file, or an observable is in no run\n");
}

/* Appends the comma-separated items of s to list (strings point into s). */
static int split(char *s, const char ***list, size_t *n)
{
    for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
        const char **grown = realloc(*list, (*n + 1) * sizeof *grown);
        if (!grown)
            return -1;
        *list = grown;
        (*list)[(*n)++] = tok;
    }
    return 0;
}

/* Appends the steps of a comma-separated list (years x 12 when scale 12). */
static int parse_steps(const char *opt, char *s, int64_t scale, int64_t **steps, size_t *n)
{
    const char **items = NULL;
    size_t ni = 0;
    int rc = split(s, &items, &ni);
    for (size_t k = 0; rc == 0 && k < ni; k++) {
        long long v;
        int64_t *grown = realloc(*steps, (*n + 1) * sizeof *grown);
        if (grown)
            *steps = grown;
        if (!grown || ric_cli_parse_int(opt, items[k], 0, &v)) {
            rc = -1;
            break;
        }
        (*steps)[(*n)++] = (int64_t)v * scale;
    }
    free(items);
    return rc;
}

int ric_cmd_export(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"observables", required_argument, NULL, 'b'},
                                             {"at-step", required_argument, NULL, 's'},
                                             {"at-year", required_argument, NULL, 'y'},
                                             {"every", required_argument, NULL, 'e'},
                                             {"last", no_argument, NULL, 'l'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    static const char shortopts[] = "o:qh";
    const char *output = NULL;
    const char **obs = NULL;
    size_t nobs = 0, nsteps = 0;
    int64_t *steps = NULL;
    long long every = 0;
    int last = 0, quiet = 0, c, rc = RIC_EXIT_USAGE;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'b':
            if (split(optarg, &obs, &nobs)) {
                rc = RIC_EXIT_RUNTIME;
                goto out;
            }
            break;
        case 's':
        case 'y':
            if (parse_steps(c == 's' ? "--at-step" : "--at-year", optarg, c == 's' ? 1 : 12, &steps,
                            &nsteps))
                goto out;
            break;
        case 'e':
            if (ric_cli_parse_int("--every", optarg, 1, &every))
                goto out;
            break;
        case 'l':
            last = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            export_usage(stdout);
            rc = RIC_EXIT_OK;
            goto out;
        default:
            rc = ric_cli_bad_option("export", argv, longopts, shortopts);
            goto out;
        }
    }
    if (optind >= argc || !output) {
        rc = ric_cli_usage_error("export", "%s",
                                 optind >= argc ? "missing DIR or FILE.h5 to export"
                                                : "missing -o FILE.csv ('-' for standard output)");
        goto out;
    }
    ric_export_opts o = {.inputs = (const char *const *)argv + optind,
                         .ninputs = (size_t)(argc - optind),
                         .steps = steps,
                         .nsteps = nsteps,
                         .every = every,
                         .last = last,
                         .observables = obs,
                         .nobs = nobs};
    const int to_stdout = !strcmp(output, "-");
    /* Written to a temporary name and renamed: a failed export leaves no
     * half file under the real name. */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", output);
    if (!to_stdout && ric_cli_make_dirs("export", output, 0)) {
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    FILE *f = to_stdout ? stdout : fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "ricsim export: cannot write %s: %s\n", output, strerror(errno));
        rc = RIC_EXIT_RUNTIME;
        goto out;
    }
    ric_error err;
    ric_error_clear(&err);
    ric_export_counts n;
    ric_status st = ric_export_csv(&o, f, &n, &err);
    if (!to_stdout && fclose(f) != 0 && st == RIC_OK)
        st = ric_error_set(&err, RIC_EIO, "cannot write %s", output);
    if (!to_stdout && st == RIC_OK && rename(tmp, output) != 0)
        st = ric_error_set(&err, RIC_EIO, "cannot rename %s to %s: %s", tmp, output,
                           strerror(errno));
    if (st != RIC_OK) {
        if (!to_stdout)
            remove(tmp);
        fprintf(stderr, "ricsim export: %s\n", err.msg);
        rc = ric_cli_exit_code(st);
        goto out;
    }
    if (n.skipped)
        fprintf(stderr, "ricsim export: %zu run(s) not complete, left out\n", n.skipped);
    if (!quiet)
        fprintf(stderr, "ricsim export: %s: %zu rows from %zu runs\n", to_stdout ? "-" : output,
                n.rows, n.runs);
    rc = RIC_EXIT_OK;
out:
    free(obs);
    free(steps);
    return rc;
}
