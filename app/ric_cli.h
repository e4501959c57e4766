/* Shared pieces of the ricsim commands (app/): the helpers live in
 * app/cli.c, each command in its own file, main.c only dispatches. */
#ifndef RIC_CLI_H
#define RIC_CLI_H

#include "ric_error.h"

#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes (documented in the README and in --help). */
enum {
    RIC_EXIT_OK = 0,
    RIC_EXIT_RUNTIME = 1,  /* the run started and failed (I/O, memory, ...) */
    RIC_EXIT_USAGE = 2,    /* bad command line */
    RIC_EXIT_SCENARIO = 3, /* bad or missing input (scenario, design, file), refused */
    RIC_EXIT_EXISTS = 4,   /* output exists and --force was not given */
    RIC_EXIT_INTERRUPTED = 130
};

/* Set by SIGINT/SIGTERM once ric_cli_catch_signals() was called. */
extern volatile sig_atomic_t ric_cli_stop;
void ric_cli_catch_signals(void);

/* Parses an integer >= lo for option opt; prints the error and returns -1. */
int ric_cli_parse_int(const char *opt, const char *s, long long lo, long long *out);

/* The exit code of a library status: one table for every command
 * (interrupted when a signal asked the stop). */
int ric_cli_exit_code(ric_status st);

/* The candidate closest to word (edit distance, or word is a prefix of
 * exactly one), or NULL when none is close. */
const char *ric_cli_suggest(const char *word, const char *const *cands, size_t n);

/* Prints a short usage error for the option getopt_long just refused
 * (unknown, with a did-you-mean; missing or unexpected value) and where the
 * full help is; returns RIC_EXIT_USAGE. Needs opterr = 0 (set in main). */
int ric_cli_bad_option(const char *cmd, char **argv, const struct option *longopts,
                       const char *shortopts);

/* Prints "ricsim CMD: MESSAGE" and the help pointer; returns RIC_EXIT_USAGE. */
int ric_cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Every -o: creates the missing directories above path (is_dir: and path
 * itself). 0, or -1 with the error printed. */
int ric_cli_make_dirs(const char *cmd, const char *path, int is_dir);

/* A scenario by name or path: an existing file as given; else NAME or
 * NAME.yaml in ./scenarios, then in the scenarios installed with this
 * binary (BIN/../share/ricsim/scenarios, found from /proc/self/exe, so an
 * installed or unpacked tree can move), then beside a build tree. 0 and the
 * path in buf, or -1. */
int ric_cli_find_scenario(const char *name, char *buf, size_t size);
/* The scenario of a command line (a name or a path) resolved as above; on
 * failure prints what was tried and the names available, returns -1. */
int ric_cli_scenario_arg(const char *cmd, const char *name, char *buf, size_t size);

struct ric_params;
/* Warns (stderr) when the population counts were not scaled together: one
 * of firms, universities, institutes, intermediaries changed from its
 * default by another factor than the rest, which world.scale would do. */
void ric_cli_warn_scaling(const char *cmd, const struct ric_params *p);

/* Progress of a long job on stderr: on a terminal one line rewritten in
 * place; otherwise (batch logs) a full line each time another `step`
 * percent is done, and at the end. */
typedef struct ric_cli_progress {
    int tty;          /* stderr is a terminal */
    int percent_step; /* batch: a line every this many percent (default 5) */
    int next_percent; /* batch: the next percent to report */
    double last;      /* terminal: time of the last update */
} ric_cli_progress;
void ric_cli_progress_init(ric_cli_progress *pg);
/* what: e.g. "ricsim run: step"; done of total units; rate: units/s. */
void ric_cli_progress_show(ric_cli_progress *pg, const char *what, size_t done, size_t total,
                           const char *unit, double elapsed, int final);

/* Wall clock in seconds (monotonic). */
double ric_cli_now(void);
/* "ricsim CMD ARGS..." into buf (arguments with blanks quoted): the command
 * a report records as its provenance. */
void ric_cli_command_line(int argc, char **argv, char *buf, size_t size);

struct ric_ensemble;
/* Runs runs lo..hi of a prepared ensemble with `jobs` worker processes (0:
 * cores / threads); counts what ran, was already complete, failed. Returns
 * an exit code: OK, RUNTIME (no memory) or INTERRUPTED. */
int ric_cli_ensemble_runs(const struct ric_ensemble *e, size_t lo, size_t hi, long long jobs,
                          int quiet, size_t *ran, size_t *skipped, size_t *failed);

#ifdef RICSIM_HAVE_MPI
/* Open MPI (app/mpi.c): init only under a launcher (1: MPI on, 0: not
 * launched by mpirun, -1: failed); ensemble runs over all ranks with a
 * shared run counter, counts summed on rank 0. */
int ric_mpi_init(int *argc, char ***argv);
void ric_mpi_finalize(void);
int ric_mpi_active(void);
int ric_mpi_rank(void);
int ric_mpi_size(void);
int ric_mpi_bcast_int(int v);
int ric_mpi_ensemble_runs(const struct ric_ensemble *e, size_t lo, size_t hi, int quiet,
                          size_t *ran, size_t *skipped, size_t *failed);
#endif

/* The commands, one file each (app/NAME.c); main.c dispatches. */
int ric_cmd_run(int argc, char **argv);
int ric_cmd_keys(int argc, char **argv);
int ric_cmd_ensemble(int argc, char **argv);
int ric_cmd_compare(int argc, char **argv);
int ric_cmd_summary(int argc, char **argv);
int ric_cmd_plot(int argc, char **argv);
int ric_cmd_report(int argc, char **argv);
int ric_cmd_demo(int argc, char **argv);
int ric_cmd_sensitivity(int argc, char **argv);
int ric_cmd_calibrate(int argc, char **argv);
int ric_cmd_export(int argc, char **argv);

#endif
