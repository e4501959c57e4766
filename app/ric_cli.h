/* Shared pieces of the ricsim commands (app/). */
#ifndef RIC_CLI_H
#define RIC_CLI_H

#include "ric_error.h"

#include <signal.h>
#include <stddef.h>

/* Exit codes (documented in the README and in --help). */
enum {
    RIC_EXIT_OK = 0,
    RIC_EXIT_RUNTIME = 1,  /* the run started and failed (I/O, memory, ...) */
    RIC_EXIT_USAGE = 2,    /* bad command line */
    RIC_EXIT_SCENARIO = 3, /* bad or missing scenario or design, refused before running */
    RIC_EXIT_EXISTS = 4,   /* output exists and --force was not given */
    RIC_EXIT_INTERRUPTED = 130
};

/* Set by SIGINT/SIGTERM once ric_cli_catch_signals() was called. */
extern volatile sig_atomic_t ric_cli_stop;
void ric_cli_catch_signals(void);

/* Parses an integer >= lo for option opt; prints the error and returns -1. */
int ric_cli_parse_int(const char *opt, const char *s, long long lo, long long *out);

/* The exit code of a library status. */
int ric_cli_exit_code(ric_status st);

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

/* ricsim ensemble (app/ensemble.c), compare (app/compare.c). */
int ric_cmd_ensemble(int argc, char **argv);
int ric_cmd_compare(int argc, char **argv);
int ric_cmd_summary(int argc, char **argv);
int ric_cmd_plot(int argc, char **argv);
int ric_cmd_report(int argc, char **argv);
int ric_cmd_demo(int argc, char **argv);
int ric_cmd_sensitivity(int argc, char **argv);
int ric_cmd_calibrate(int argc, char **argv);

#endif
