/* ricsim command line: dispatches to the commands (app/NAME.c), which are a
 * thin shell over the library. */
#include "ric_cli.h"
#include "ric_threads.h"
#include "ric_version.h"

#include <gsl/gsl_errno.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* farm: the command shares its runs over MPI ranks in an MPI build. */
static const struct {
    const char *name;
    int (*cmd)(int, char **);
    int farm;
    const char *synopsis, *what;
} commands[] = {
    {"run", ric_cmd_run, 0, "SCENARIO -o OUT.h5 [options]", "one run into one HDF5 file"},
    {"ensemble", ric_cmd_ensemble, 1, "SCENARIO -o DIR [-r R] [options]",
     "replications or a design, one file per run, and an index"},
    {"compare", ric_cmd_compare, 0, "--baseline DIR DIR... [options]",
     "ensembles against a baseline: means, differences, CIs"},
    {"export", ric_cmd_export, 0, "DIR|FILE.h5... -o FILE.csv [options]",
     "a tidy CSV (one row per run, step and observable) for pandas or R"},
    {"summary", ric_cmd_summary, 0, "FILE.h5|DIR...", "what a run or an ensemble holds"},
    {"plot", ric_cmd_plot, 0, "DIR... -o OUTDIR [--network RUN.h5]", "plots (gnuplot)"},
    {"report", ric_cmd_report, 0, "--baseline DIR DIR... -o REPORT.html",
     "one HTML page with the comparison and the plots"},
    {"demo", ric_cmd_demo, 0, "[--scenario NAME] [-o DIR]", "a small world and its report"},
    {"sensitivity", ric_cmd_sensitivity, 1, "SCENARIO -o DIR --output NAME=STAT...",
     "Morris or Sobol indices"},
    {"calibrate", ric_cmd_calibrate, 1, "SCENARIO --targets T.yaml -o DIR [options]",
     "fit to targets, ABC posterior"},
    {"keys", ric_cmd_keys, 0, "[PREFIX...] [--markdown]",
     "every scenario key with its default (or those starting with PREFIX)"},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *f)
{
    fprintf(f, "usage: ricsim COMMAND [options]\n\n"
               "Agent-based simulation of regional innovation clusters.\n\ncommands:\n");
    for (size_t k = 0; k < NCOMMANDS; k++)
        fprintf(f, "  %-12s %s\n  %-12s   %s\n", commands[k].name, commands[k].synopsis, "",
                commands[k].what);
    fprintf(f, "  %-12s %s\n", "help", "[COMMAND]   this text, or a command's options");
    fprintf(f, "\n"
               "  ricsim --version    version and git commit\n"
               "  ricsim help COMMAND (or ricsim COMMAND --help)   all options of a command\n"
               "\n"
               "Scenarios are YAML files, or the name of an installed one (baseline,\n"
               "lead_users, rd_subsidy, ...; ricsim demo --scenario NAME).\n"
               "\n"
               "exit codes: 0 ok, 1 a run or a write failed, 2 usage error, 3 bad or missing\n"
               "            input (scenario, design, file), refused before running,\n"
               "            4 output exists (use --force), 130 interrupted\n");
}

static int find_command(const char *name)
{
    for (size_t k = 0; k < NCOMMANDS; k++)
        if (!strcmp(name, commands[k].name))
            return (int)k;
    return -1;
}

static int unknown_command(const char *name)
{
    const char *names[NCOMMANDS + 1];
    for (size_t k = 0; k < NCOMMANDS; k++)
        names[k] = commands[k].name;
    names[NCOMMANDS] = "help";
    const char *near = ric_cli_suggest(name, names, NCOMMANDS + 1);
    fprintf(stderr, "ricsim: unknown command '%s'", name);
    if (near)
        fprintf(stderr, "; did you mean '%s'?", near);
    fprintf(stderr, "\n(the commands: ricsim help)\n");
    return RIC_EXIT_USAGE;
}

static int run_command(size_t k, int argc, char **argv)
{
#ifdef RICSIM_HAVE_MPI
    if (commands[k].farm) {
        if (ric_mpi_init(&argc, &argv) < 0) {
            fprintf(stderr, "ricsim %s: MPI_Init failed\n", commands[k].name);
            return RIC_EXIT_RUNTIME;
        }
        int rc = commands[k].cmd(argc - 1, argv + 1);
        ric_mpi_finalize();
        return rc;
    }
#endif
    return commands[k].cmd(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    ric_threads_wait_policy(argv); /* before any OpenMP or MPI call */
    /* GSL's default handler aborts; every GSL call here checks its status
     * (the simplex's iterate, the samplers) and maps it to an exit code. */
    gsl_set_error_handler_off();
    /* Usage errors are reported by the commands, short (ric_cli_bad_option). */
    opterr = 0;
    if (argc < 2) {
        usage(stderr);
        return RIC_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return RIC_EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("ricsim %s (git %s)\n", RIC_VERSION_STRING, RIC_GIT_HASH);
        return RIC_EXIT_OK;
    }
    if (!strcmp(cmd, "help")) {
        if (argc < 3 || !strcmp(argv[2], "help")) {
            usage(stdout);
            return RIC_EXIT_OK;
        }
        int k = find_command(argv[2]);
        if (k < 0)
            return unknown_command(argv[2]);
        char *help[] = {argv[2], "--help", NULL};
        return commands[k].cmd(2, help);
    }
    int k = find_command(cmd);
    if (k < 0 && cmd[0] == '-') {
        fprintf(stderr, "ricsim: unknown option '%s': a command comes first (ricsim help)\n", cmd);
        return RIC_EXIT_USAGE;
    }
    if (k < 0)
        return unknown_command(cmd);
    return run_command((size_t)k, argc, argv);
}
