/* HDF5 run output (H5MD-shaped; h5py, h5dump and HDFView read it as is).
 *
 * One file per run, created before the first step and appended to as the run
 * goes. Every object is created up front, then only appended (SWMR-friendly).
 * /run_status reads "running" from creation until ric_h5_finish() writes
 * "complete" (or "failed"); a crashed run is never mistaken for a finished
 * one. Time series are chunked, extendable, shuffle+deflate compressed.
 * Layout: docs/output.md. */
#ifndef RIC_H5_H
#define RIC_H5_H

#include "ric_error.h"

#include <stddef.h>
#include <stdint.h>

#define RIC_H5_MAX_SERIES     64
#define RIC_H5_FORMAT_VERSION 1
/* Rows per chunk and per write: appends are buffered in memory and written
 * this many at a time (fewer for very wide series, to keep a chunk <= 1 MiB). */
#define RIC_H5_CHUNK_ROWS 256
/* Size of the /run_status string (fixed-length, NUL-terminated). */
#define RIC_H5_STATUS_SIZE 16

/* What /parameters records about the run. All strings are copied. */
typedef struct ric_h5_meta {
    const char *scenario_path; /* as given on the command line */
    const char *scenario_text; /* the scenario file verbatim */
    const char *effective;     /* effective parameters as YAML (after --set) */
    const char *overrides;     /* the --set assignments, one per line ("" if none) */
    uint64_t seed;
    uint64_t replication;
    int64_t steps;
    int threads; /* recorded for information; results do not depend on it */
} ric_h5_meta;

typedef struct ric_h5_series {
    char name[64];
    size_t ncols;                /* 0: value is float64[T]; >0: value is float64[T][ncols] */
    int64_t hid_step, hid_value; /* hid_t of the open datasets */
    uint64_t len;                /* rows written */
    /* Rows appended but not yet written; heap buffers freed by destroy/finish. */
    int64_t *buf_step; /* buf_cap steps */
    double *buf_value; /* buf_cap * max(ncols, 1) values, row-major */
    size_t buf_rows;   /* rows held */
    size_t buf_cap;    /* rows per write (= chunk rows) */
} ric_h5_series;

/* Caller-owned writer; init/destroy pair. */
typedef struct ric_h5 {
    int64_t file; /* hid_t, < 0 when closed */
    char path[4096];
    ric_h5_series series[RIC_H5_MAX_SERIES];
    size_t nseries;
} ric_h5;

void ric_h5_init(ric_h5 *h);
/* Closes whatever is open; accepts a zeroed or already destroyed writer. If
 * ric_h5_finish() was never called, /run_status stays "running" (buffered rows
 * are still written, best effort, so a run that stops on an error keeps them). */
void ric_h5_destroy(ric_h5 *h);

/* Creates the file: /h5md (version, creator, author), /parameters, /run_status
 * = "running", empty /observables. Refuses an existing path unless force
 * (RIC_EEXIST, message names the path and --force). */
ric_status ric_h5_create(ric_h5 *h, const char *path, int force, const ric_h5_meta *meta,
                         ric_error *err);

/* Declares /observables/<name>/{step,value}. colnames (ncols of them) are stored
 * as the "columns" attribute of value; unit as its "unit" attribute ("" ok).
 * Returns the series index in *id. */
ric_status ric_h5_series_add(ric_h5 *h, const char *name, size_t ncols, const char *const *colnames,
                             const char *unit, size_t *id, ric_error *err);

/* Appends one row: step and ncols values (1 value when ncols == 0). */
ric_status ric_h5_series_append(ric_h5 *h, size_t id, int64_t step, const double *values,
                                ric_error *err);

/* Flushes to disk so an interrupted run keeps what it wrote. */
ric_status ric_h5_flush(ric_h5 *h, ric_error *err);

/* Writes /run_status ("complete" or "failed"), flushes and closes the file. */
ric_status ric_h5_finish(ric_h5 *h, const char *status, ric_error *err);

/* Reads /run_status of an existing file into buf ("complete", "running",
 * "failed"). RIC_EFORMAT if the file is not a ricsim output. */
ric_status ric_h5_read_status(const char *path, char *buf, size_t bufsize, ric_error *err);

/* Reads /observables/<name> of a closed (or flushed) file: *steps gets nrows
 * steps, *values nrows * max(ncols, 1) values row-major; both malloc'ed (never
 * NULL on success, even for 0 rows), caller frees. *ncols is 0 for a 1-D series.
 * RIC_ENOENT: no file; RIC_EFORMAT: not a ricsim output or malformed series;
 * RIC_EINVAL: no such series. On error the outputs are NULL / 0. */
ric_status ric_h5_read_series(const char *path, const char *name, int64_t **steps, double **values,
                              size_t *nrows, size_t *ncols, ric_error *err);

#endif
