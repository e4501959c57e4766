/* One run from scenario file to finished output file: what `ricsim run` does,
 * callable from tests and from the ensemble driver. */
#ifndef RIC_RUN_H
#define RIC_RUN_H

#include "ric_error.h"
#include "ric_params.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*ric_progress_fn)(void *ud, int64_t step, int64_t steps, double elapsed);

typedef struct ric_run_opts {
    const char *scenario;    /* YAML file */
    const char *output;      /* HDF5 file to create */
    const char *const *sets; /* "key=value" overrides, applied in order */
    size_t nsets;
    int have_seed; /* override run.seed with seed */
    uint64_t seed;
    int64_t steps;            /* override run.steps when >= 0 */
    int force;                /* overwrite an existing output */
    int threads;              /* recorded in the output; set by the caller */
    ric_progress_fn progress; /* called after every step (may be NULL) */
    void *progress_ud;
    const volatile sig_atomic_t *stop; /* when set to non-zero, the run ends as failed */
    /* Called once per phase at the end of the run with its total wall time
     * (may be NULL); `ricsim run --profile` prints these. */
    void (*phase_time)(void *ud, const char *phase, double seconds);
    /* Checkpoints every N steps and at the end (0: none), to OUTPUT.ckpt.h5;
     * the previous one is kept as OUTPUT.ckpt.prev.h5. */
    int64_t checkpoint_every;
    /* Continue the run of this checkpoint (scenario and output may then be
     * NULL; if given they must be the checkpoint's). */
    const char *restart;
} ric_run_opts;

void ric_run_opts_init(ric_run_opts *o);

/* Loads and validates the scenario with overrides into p (nothing is created
 * when this fails); *text receives the scenario text (caller frees). */
ric_status ric_run_load(const ric_run_opts *o, ric_params *p, char **text, ric_error *err);

/* Runs the scenario to completion, or continues a run from a checkpoint
 * (opts.restart): its output file is cut back to the checkpoint's step and
 * goes on. Bad input is refused before the output file exists (or is
 * touched); any later failure leaves /run_status = "failed". */
ric_status ric_run(const ric_run_opts *o, ric_error *err);

#endif
