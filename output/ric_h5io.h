/* The one HDF5 layer: every file ricsim writes (runs, checkpoints, ensemble
 * index, calibration and sensitivity files) and every file it reads back
 * (restart, warm-up, summary, compare, plot, report, index build) goes
 * through these functions.
 *
 * Reading is checked before any memory is touched: the object must exist and
 * be a dataset of the expected class, element size, rank and shape, and no
 * larger than RIC_H5_MAX_ELEMS; a string must be fixed-length and bounded.
 * Every failure is a ricsim error naming the file and the object path
 * (RIC_EFORMAT for a damaged or foreign file, RIC_ENOENT for a missing one).
 *
 * Writing uses a sticky status: after the first failure every later call
 * does nothing, and ric_h5f_close() returns the first error (so a writer is a
 * plain list of calls with one check at the end).
 *
 * Internal to the library (it includes hdf5.h); the public run-file API is
 * ric_h5.h. */
#ifndef RIC_H5IO_H
#define RIC_H5IO_H

#include "ric_error.h"

#include <hdf5.h>

#include <stddef.h>
#include <stdint.h>

/* Largest dataset read back, in elements (2 GiB of doubles): a damaged
 * header cannot make a reader allocate more. */
#define RIC_H5_MAX_ELEMS ((size_t)1 << 28)
/* Any extent (in ric_h5f_get's want[]). */
#define RIC_H5_ANY SIZE_MAX
/* Longest string read back (a scenario text is far shorter). */
#define RIC_H5_MAX_STR ((size_t)1 << 24)

/* Element types of ricsim's datasets (stored little-endian). */
typedef enum ric_h5_type {
    RIC_H5_I64,
    RIC_H5_U64,
    RIC_H5_I32,
    RIC_H5_U32,
    RIC_H5_U8,
    RIC_H5_F64
} ric_h5_type;

/* An open file. Caller-owned; zero it with ric_h5f_init. */
typedef struct ric_h5f {
    hid_t id;
    char path[4096];
    ric_error *err;
    ric_status st; /* first failure (writers: later calls do nothing) */
} ric_h5f;

void ric_h5f_init(ric_h5f *f);

/* Test hook: RICSIM_FAIL_WRITE=<substring> makes writes to files whose path
 * contains it fail as a full disk would (tests/cli/diskfull.sh). */
int ric_h5f_fail_injected(const char *path);

/* ---- writing ------------------------------------------------------------ */

/* Creation property list of class cls without modification times (the same
 * inputs write the same bytes). */
hid_t ric_h5f_untimed(hid_t cls);

/* Creates path (which must not exist) for writing: no modification times,
 * objects in their HDF5 1.8 versions. */
ric_status ric_h5f_create(ric_h5f *f, const char *path, ric_error *err);
/* Opens an existing ricsim file for writing (ric_h5_reopen). */
ric_status ric_h5f_open_rw(ric_h5f *f, const char *path, ric_error *err);
void ric_h5f_group(ric_h5f *f, const char *obj);
/* A numeric dataset of rank 0 (scalar), 1, 2 or 3, chunked with
 * shuffle+deflate when it holds anything. */
void ric_h5f_put(ric_h5f *f, const char *obj, ric_h5_type t, int rank, const size_t *dims,
                 const void *data);
/* A numeric dataset of rank 1..3 written slab by slab along its first
 * dimension (one chunk per slab): ric_h5f_put_empty declares it,
 * ric_h5f_put_slab writes slab i (dims[1] * dims[2] values). */
void ric_h5f_put_empty(ric_h5f *f, const char *obj, ric_h5_type t, int rank, const size_t *dims);
void ric_h5f_put_slab(ric_h5f *f, const char *obj, ric_h5_type t, size_t i, const void *data);
/* A scalar fixed-length UTF-8 string of size bytes (0: strlen(s) + 1). */
void ric_h5f_put_str(ric_h5f *f, const char *obj, const char *s, size_t size);
/* A 1-D dataset of n fixed-length strings, as wide as the longest. */
void ric_h5f_put_strs(ric_h5f *f, const char *obj, const char *const *s, size_t n);
void ric_h5f_attr_str(ric_h5f *f, const char *obj, const char *name, const char *s);
void ric_h5f_attr_i64(ric_h5f *f, const char *obj, const char *name, int64_t v);
/* int32 attribute: scalar when n == 1, else 1-D [n]. */
void ric_h5f_attr_i32(ric_h5f *f, const char *obj, const char *name, const int32_t *v, size_t n);
/* The "columns" attribute: n fixed-length strings. */
void ric_h5f_attr_strs(ric_h5f *f, const char *obj, const char *name, const char *const *s,
                       size_t n);
/* Flushes to disk. */
void ric_h5f_flush(ric_h5f *f);
/* Records an HDF5 failure (with HDF5's innermost reason) in f unless one is
 * recorded already; returns f->st. */
ric_status ric_h5f_fail(ric_h5f *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Closes the file and every object still open in it; returns the first
 * failure (a failed close included). f can be closed twice. */
ric_status ric_h5f_close(ric_h5f *f);

/* ---- reading ------------------------------------------------------------ */

/* Opens a regular file read-only. what names the kind of file in messages
 * ("checkpoint", "run output", "ensemble index"). RIC_ENOENT: no such file;
 * RIC_EFORMAT: not a regular file, not HDF5, or damaged. */
ric_status ric_h5f_open(ric_h5f *f, const char *path, const char *what, ric_error *err);

/* Opens an HDF5 file image in memory read-only (name stands for the path
 * in messages): the fuzzing harnesses read run files and indexes this way. */
ric_status ric_h5f_open_image(ric_h5f *f, const void *buf, size_t len, const char *name,
                              ric_error *err);

/* 1 if obj (absolute) exists, 0 if not (a missing or non-group parent
 * included), -1 if the file cannot be read there. */
int ric_h5f_has(ric_h5f *f, const char *obj);

/* The rank of dataset obj (0: scalar), or -1 if obj is not a readable
 * dataset; for readers that accept more than one rank. */
int ric_h5f_rank(ric_h5f *f, const char *obj);

/* Reads dataset obj: its class and element size must be those of t, its
 * rank must be rank (0: scalar), and dims[i] must equal want[i] unless that
 * is RIC_H5_ANY (want may be NULL: any shape). *out gets the values
 * (malloc'ed, at least one element, caller frees), dims the extents (may be
 * NULL). Missing, mistyped or misshaped: RIC_EFORMAT naming file and object. */
ric_status ric_h5f_get(ric_h5f *f, const char *obj, ric_h5_type t, int rank, const size_t *want,
                       size_t *dims, void **out);
/* A scalar fixed-length string of at most max bytes: *out malloc'ed,
 * NUL-terminated. */
ric_status ric_h5f_get_str(ric_h5f *f, const char *obj, size_t max, char **out);
/* 1-D fixed-length strings: *out holds *n rows of *w + 1 bytes each, every
 * row NUL-terminated. want_n: the number required (RIC_H5_ANY: any). */
ric_status ric_h5f_get_strs(ric_h5f *f, const char *obj, size_t want_n, char **out, size_t *n,
                            size_t *w);
/* String attribute attr of obj (scalar or 1-D, fixed-length, at most max
 * strings): *out holds *n rows of *w + 1 bytes, each NUL-terminated.
 * RIC_EINVAL if obj has no such attribute. */
ric_status ric_h5f_get_attr_strs(ric_h5f *f, const char *obj, const char *attr, size_t max,
                                 char **out, size_t *n, size_t *w);
/* The "columns" attribute of obj into names (at most max, each < 64 bytes).
 * RIC_EINVAL if obj has none. */
ric_status ric_h5f_columns(ric_h5f *f, const char *obj, char (*names)[64], size_t max, size_t *n);
/* Link names of group obj in name order: *names malloc'ed, caller frees. */
ric_status ric_h5f_list(ric_h5f *f, const char *obj, char (**names)[64], size_t *n);
/* /observables/<name> of a run file (ric_h5_read_series on an open file). */
ric_status ric_h5f_series(ric_h5f *f, const char *name, int64_t **steps, double **values,
                          size_t *nrows, size_t *ncols);
/* Opens a ricsim run output (it must have /run_status). */
ric_status ric_h5f_open_run(ric_h5f *f, const char *path, ric_error *err);
/* /run_status into buf (fixed-length string of < bufsize bytes). */
ric_status ric_h5f_status(ric_h5f *f, char *buf, size_t bufsize);

#endif
