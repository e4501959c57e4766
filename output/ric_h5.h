/* HDF5 run output (H5MD-shaped; h5py, h5dump and HDFView read it as is).
 *
 * One file per run, created before the first step and appended to as the run
 * goes. Series and event tables are declared up front, then only appended;
 * fixed arrays (snapshots) are written whole, once each. /run_status reads
 * "running" from creation until ric_h5_finish() writes "complete" (or
 * "failed"); a crashed run is never mistaken for a finished one. Everything
 * is chunked and shuffle+deflate compressed (except 0-row arrays).
 * Layout: docs/output.md. */
#ifndef RIC_H5_H
#define RIC_H5_H

#include "ric_error.h"

#include <stddef.h>
#include <stdint.h>

#define RIC_H5_MAX_SERIES     64
#define RIC_H5_FORMAT_VERSION 2 /* 2: no created attribute, /events */
/* Rows per chunk and per write: appends are buffered in memory and written
 * this many at a time (fewer for very wide series, to keep a chunk <= 1 MiB). */
#define RIC_H5_CHUNK_ROWS 256
/* Size of the /run_status string (fixed-length, NUL-terminated). */
#define RIC_H5_STATUS_SIZE 16
#define RIC_H5_MAX_TABLES  16
/* Rows per chunk and per write of an event table (fewer for tables wider than
 * 128 columns, to keep a chunk <= 1 MiB). */
#define RIC_H5_TABLE_CHUNK_ROWS 1024

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

/* Event table /events/<name>: int64[T][ncols], appended a row at a time. */
typedef struct ric_h5_table {
    char name[64];
    size_t ncols;    /* >= 1 */
    int64_t hid;     /* hid_t of the open dataset */
    uint64_t len;    /* rows written */
    int64_t *buf;    /* buf_cap * ncols values, row-major; freed by destroy/finish */
    size_t buf_rows; /* rows held */
    size_t buf_cap;  /* rows per write (= chunk rows) */
} ric_h5_table;

/* Caller-owned writer; init/destroy pair. */
typedef struct ric_h5 {
    int64_t file; /* hid_t, < 0 when closed */
    char path[4096];
    ric_h5_series series[RIC_H5_MAX_SERIES];
    size_t nseries;
    ric_h5_table tables[RIC_H5_MAX_TABLES];
    size_t ntables;
    int reopened;        /* ric_h5_reopen: series and tables attach instead of create */
    int64_t reopen_step; /* rows of later steps were cut away */
    int lock_fd;         /* the lock on path (ric_h5_lock), -1 if none */
    char lock_path[4200];
} ric_h5;

void ric_h5_init(ric_h5 *h);
/* Closes whatever is open; accepts a zeroed or already destroyed writer. If
 * ric_h5_finish() was never called, /run_status stays "running" (buffered rows
 * are still written, best effort, so a run that stops on an error keeps them). */
void ric_h5_destroy(ric_h5 *h);

/* Refuses an output path before anything is made: an existing path without
 * force (RIC_EEXIST), or one that is not a regular file, even with force
 * (RIC_EEXIST: --force replaces regular files only). */
ric_status ric_h5_check_output(const char *path, int force, ric_error *err);

/* Locks path for this writer (flock on PATH.lock, removed when the writer
 * closes): a second writer of the same path is refused with RIC_EEXIST.
 * ric_h5_create and ric_h5_reopen take the lock themselves; a caller that
 * must touch path before (a restart restoring the output) takes it first.
 * The lock dies with its process, so a killed run blocks nothing. */
ric_status ric_h5_lock(ric_h5 *h, const char *path, ric_error *err);

/* Creates the file: /h5md (version, creator, author), /parameters, /run_status
 * = "running", empty /observables and /events. Refuses an existing path unless force
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

/* Declares the event table /events/<name>: int64 [0][ncols], rows appended
 * with ric_h5_table_append(). ncols >= 1; colnames (ncols of them) are stored as
 * its "columns" attribute, description as "description" (NULL: ""). Returns the
 * table index in *id. RIC_EINVAL for a bad or duplicate name, or more than
 * RIC_H5_MAX_TABLES tables. */
ric_status ric_h5_table_add(ric_h5 *h, const char *name, size_t ncols, const char *const *colnames,
                            const char *description, size_t *id, ric_error *err);

/* Appends one row of ncols values. Rows are buffered and written a chunk at a
 * time, and by ric_h5_flush(), ric_h5_finish() and ric_h5_destroy(). */
ric_status ric_h5_table_append(ric_h5 *h, size_t id, const int64_t *row, ric_error *err);

/* Writes a complete dataset at an absolute path such as
 * "/snapshots/step_000120/capability", creating missing groups on the way.
 * float64 (is_int64 == 0) or int64; 1-D [nrows] when ncols == 0, else 2-D
 * [nrows][ncols]; data holds nrows * max(ncols, 1) values row-major (may be
 * NULL when nrows == 0). colnames (NULL, or ncols names; only with ncols > 0)
 * become the "columns" attribute. Chunked and compressed when nrows > 0.
 * RIC_EINVAL for an existing path, a malformed one (relative, or with empty,
 * "." or ".." components), or one under /h5md, /parameters, /run_status,
 * /observables or /events, whose layout is fixed. Handed to HDF5 at once; on
 * disk for sure after the next ric_h5_flush(). */
ric_status ric_h5_write_array(ric_h5 *h, const char *path, int is_int64, size_t nrows, size_t ncols,
                              const void *data, const char *const *colnames, ric_error *err);

/* Sets int64 scalar attribute attr on the existing group or dataset at path
 * (e.g. "step" on "/snapshots/step_000120"). RIC_EINVAL if path does not exist
 * or already has that attribute. */
ric_status ric_h5_write_attr_i64(ric_h5 *h, const char *path, const char *attr, int64_t value,
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

/* Reads /events/<name> of a closed (or flushed) file: *rows gets nrows * ncols
 * values row-major, malloc'ed (never NULL on success, even for 0 rows), caller
 * frees. RIC_ENOENT: no file; RIC_EFORMAT: not a ricsim output or malformed
 * table; RIC_EINVAL: no such table (also for files older than event tables).
 * On error the outputs are NULL / 0. */
ric_status ric_h5_read_table(const char *path, const char *name, int64_t **rows, size_t *nrows,
                             size_t *ncols, ric_error *err);

/* Read a dataset written by ric_h5_write_array() (dset: absolute path):
 * *values gets nrows * max(ncols, 1) values row-major, malloc'ed (never NULL on
 * success), caller frees; *ncols is 0 for a 1-D dataset. The stored type must
 * match the reader (float for _f64, integer for _i64), else RIC_EFORMAT.
 * RIC_ENOENT: no file; RIC_EFORMAT: not a ricsim output, wrong type or shape;
 * RIC_EINVAL: no such dataset. On error the outputs are NULL / 0. */
ric_status ric_h5_read_array_f64(const char *path, const char *dset, double **values, size_t *nrows,
                                 size_t *ncols, ric_error *err);
ric_status ric_h5_read_array_i64(const char *path, const char *dset, int64_t **values,
                                 size_t *nrows, size_t *ncols, ric_error *err);

/* Reopens (and locks) the output of an interrupted run to continue it from a checkpoint
 * taken after step last_step: /run_status goes back to "running", snapshot
 * groups of later steps are removed, and the series and tables declared
 * afterwards (ric_h5_series_add, ric_h5_table_add, same names and shapes)
 * attach to the existing datasets, cut to the rows of steps <= last_step. */
ric_status ric_h5_reopen(ric_h5 *h, const char *path, int64_t last_step, ric_error *err);

/* Reads the "columns" attribute of dataset dset (e.g.
 * "/observables/innovating_share/value") into names (at most max). RIC_EINVAL
 * if it has none; RIC_EFORMAT for a non-ricsim file or an unreadable one. */
ric_status ric_h5_read_columns(const char *path, const char *dset, char (*names)[64], size_t max,
                               size_t *n, ric_error *err);

#endif
