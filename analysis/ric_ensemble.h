/* Ensembles: many runs of one scenario (replications, or a design over its
 * parameters), one HDF5 file per run, and an index file with the run list
 * and cross-replicate statistics per step.
 *
 * Layout of DIR: ensemble.txt (what the ensemble is: a directory holding a
 * different ensemble is refused), runs.tsv (one line per run: index, point,
 * replication, seed, file and the command that re-runs it alone, which
 * writes the same bytes), runs/pPPPP_rRRRR.h5 (the runs; a failed run
 * leaves runs/pPPPP_rRRRR.err with its error), ensemble.h5 (the index,
 * docs/output.md). Runs whose file is complete are skipped, so an
 * interrupted ensemble started again only completes what is missing. */
#ifndef RIC_ENSEMBLE_H
#define RIC_ENSEMBLE_H

#include "ric_design.h"
#include "ric_error.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ric_ensemble {
    const char *scenario;    /* as given: recorded in every run file */
    const char *dir;         /* output directory */
    const char *const *sets; /* the user's --set, applied before the design's values */
    size_t nsets;
    int64_t steps;            /* override run.steps when >= 0 */
    int threads;              /* OpenMP threads per run */
    int64_t checkpoint_every; /* runs checkpoint every N steps and at the end (0: no) */
    const char *warmup;       /* branch run r from replication r's final checkpoint in this
                                 ensemble directory (run.warmup), or NULL */
    ric_design design;        /* built (ric_design_build) */
} ric_ensemble;

/* DIR/runs/pPPPP_rRRRR.h5 of run i. */
void ric_ensemble_run_path(const ric_ensemble *e, size_t i, char *buf, size_t size);

/* Creates DIR and DIR/runs if needed and writes DIR/ensemble.txt and
 * DIR/runs.tsv; refuses (RIC_EEXIST) a DIR whose ensemble.txt describes a
 * different ensemble unless force. */
ric_status ric_ensemble_prepare(const ric_ensemble *e, int force, ric_error *err);

/* The shell command that re-runs run i alone (into its own file). */
ric_status ric_ensemble_command(const ric_ensemble *e, size_t i, char *buf, size_t size,
                                ric_error *err);

/* Runs run i unless its file is already complete (*skipped = 1). A failure
 * leaves the run file "failed" and DIR/runs/...err holding the message. */
ric_status ric_ensemble_run_one(const ric_ensemble *e, size_t i, const volatile sig_atomic_t *stop,
                                int *skipped, ric_error *err);

/* Reads every run and writes DIR/ensemble.h5: the design, the runs with
 * their status and error, and per series and design point the mean, sd,
 * 95% CI (Student t) and 10/50/90% quantiles over complete replications.
 * *complete and *failed count the runs; missing = total - both. */
ric_status ric_ensemble_index(const ric_ensemble *e, size_t *complete, size_t *failed,
                              ric_error *err);

/* The names of a run file's series (its /observables members) in name
 * order: *names malloc'ed (caller frees), *n of them. RIC_EFORMAT when
 * the file or the group cannot be read. */
ric_status ric_ensemble_series_names(const char *path, char (**names)[64], size_t *n,
                                     ric_error *err);

#endif
