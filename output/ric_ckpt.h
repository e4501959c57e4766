/* Checkpoints: the whole state of a run at a step boundary (agents with every
 * column, both tie layers, the clock, the model's counters) in one HDF5 file,
 * with what is needed to continue the run: the effective parameters, the
 * scenario, the output file. Streams need no state: they are keyed by
 * (seed, replication, agent, step, purpose).
 *
 * Written under a private name and renamed into place; the previous
 * checkpoint is kept beside it (the last two survive). A checkpoint records
 * its format version, the ricsim version and a hash of the effective
 * parameters, and one from another version or scenario is refused. */
#ifndef RIC_CKPT_H
#define RIC_CKPT_H

#include "ric_error.h"
#include "ric_world.h"

#include <stddef.h>
#include <stdint.h>

#define RIC_CKPT_FORMAT 2 /* 2: the won economy, councils, inflow columns */

/* What a checkpoint says about its run (strings malloc'ed; free with
 * ric_ckpt_info_destroy). */
typedef struct ric_ckpt_info {
    int format;
    char version[64];
    uint64_t hash; /* of the effective parameters text */
    int64_t step;  /* the state after this many steps */
    uint64_t seed, replication;
    char *effective, *overrides, *scenario_path, *scenario_text, *output;
    int threads;
} ric_ckpt_info;

void ric_ckpt_info_init(ric_ckpt_info *ci);
void ric_ckpt_info_destroy(ric_ckpt_info *ci);

/* FNV-1a 64 of a text: the scenario hash. */
uint64_t ric_ckpt_hash(const char *text);

/* Writes the checkpoint of w (and the model's packed state: nf doubles, ni
 * integers) to path via path.tmp.PID; an existing path becomes prev_path
 * first. ci supplies the run's description (its step, seed, replication and
 * hash are taken from w and ci->effective). */
ric_status ric_ckpt_write(const char *path, const char *prev_path, const ric_world *w,
                          const double *mf, size_t nf, const int64_t *mi, size_t ni,
                          const ric_ckpt_info *ci, ric_error *err);

/* Reads the description. RIC_ENOENT: no file; RIC_EFORMAT: not a ricsim
 * checkpoint, damaged, or of another format or ricsim version (the message
 * says which). */
ric_status ric_ckpt_read_info(const char *path, ric_ckpt_info *ci, ric_error *err);

/* Restores agents, layers and clock into w, which must be freshly
 * initialised with the same dimensions and the same agent columns
 * registered (else RIC_EFORMAT); *mf and *mi receive the model's packed
 * state (malloc'ed, caller frees). */
ric_status ric_ckpt_read_world(const char *path, ric_world *w, double **mf, size_t *nf,
                               int64_t **mi, size_t *ni, ric_error *err);

/* Makes prev_path a copy (hard link) of path, if path exists; path itself
 * stays in place throughout. */
ric_status ric_ckpt_keep(const char *path, const char *prev_path, ric_error *err);

/* Copies a file through dst.tmp.PID and a rename (so dst is whole or old).
 * Checkpoints keep a copy of the run's output as it was at their step
 * (CKPT.out): a process killed between two flushes can leave an HDF5 file
 * that cannot be reopened, and the copy is what a restart continues. */
ric_status ric_ckpt_copy(const char *src, const char *dst, ric_error *err);

#endif
