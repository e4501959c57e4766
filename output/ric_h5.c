/* HDF5 run output. Contract: ric_h5.h; layout: docs/output.md. */
#include "ric_h5.h"

#include "ric_version.h"

#include <hdf5.h>
#include <gsl/gsl_version.h>
#include <igraph_version.h>
#include <yaml.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* The header keeps ids as int64_t so that its users need not include hdf5.h. */
_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t must fit ric_h5's int64_t ids");

/* Largest chunk in values: 1 MiB of doubles, HDF5's default chunk cache size, so a
 * chunk being filled stays in the cache. */
#define RIC_I_MAX_CHUNK_VALUES 131072
/* Keeps chunks far below HDF5's 4 GiB chunk limit. */
#define RIC_I_MAX_COLS 1048576

/* ---- errors ------------------------------------------------------------- */

#define RIC_I_WHY_SIZE 256

static herr_t ric_i_walk_cb(unsigned n, const H5E_error2_t *e, void *data)
{
    char *why = data;
    if (n == 0 && e->desc)
        snprintf(why, RIC_I_WHY_SIZE, "%s", e->desc);
    return 0;
}

/* Records RIC_EHDF5 with our message (which names object and file) plus the
 * innermost HDF5 error, the one that says why. Call it before any cleanup call,
 * which would clear HDF5's error stack. */
static ric_status ric_i_fail(ric_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static ric_status ric_i_fail(ric_error *err, const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    char why[RIC_I_WHY_SIZE] = "";
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, ric_i_walk_cb, why);
    if (why[0])
        return ric_error_set(err, RIC_EHDF5, "%s (HDF5: %s)", what, why);
    return ric_error_set(err, RIC_EHDF5, "%s", what);
}

/* HDF5 prints its error stack to stderr by default and the library must never
 * print. The switch is process-global HDF5 state (there is no per-file one), so
 * it is set whenever this module creates or opens a file; it silences other
 * HDF5 users in the process too, which is acceptable in ricsim. */
static void ric_i_quiet(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

static void ric_i_close_id(hid_t id)
{
    if (id > 0)
        H5Idec_ref(id);
}

/* ---- small writers (objects named by absolute path from the file) ------- */

/* Fixed-length NUL-terminated UTF-8 string of size bytes: h5dump prints it
 * plainly, h5py reads it as bytes. */
static hid_t ric_i_strtype(size_t size)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return H5I_INVALID_HID;
    if (H5Tset_size(t, size) < 0 || H5Tset_strpad(t, H5T_STR_NULLTERM) < 0 ||
        H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return H5I_INVALID_HID;
    }
    return t;
}

/* Object creation properties without modification times: the same run
 * writes the same bytes (an ensemble member re-run alone equals its file). */
static hid_t ric_i_untimed(hid_t cls)
{
    hid_t pl = H5Pcreate(cls);
    if (pl >= 0 && H5Pset_obj_track_times(pl, 0) < 0) {
        H5Pclose(pl);
        return H5I_INVALID_HID;
    }
    return pl;
}

static ric_status ric_i_group(hid_t file, const char *obj, const char *path, ric_error *err)
{
    hid_t gcpl = ric_i_untimed(H5P_GROUP_CREATE);
    hid_t g = gcpl < 0 ? H5I_INVALID_HID : H5Gcreate2(file, obj, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    if (gcpl >= 0)
        H5Pclose(gcpl);
    if (g < 0)
        return ric_i_fail(err, "cannot create group %s in %s", obj, path);
    if (H5Gclose(g) < 0)
        return ric_i_fail(err, "cannot close group %s in %s", obj, path);
    return RIC_OK;
}

/* Attribute name on object obj, with file type ftype and memory type mtype. */
static ric_status ric_i_attr(hid_t file, const char *obj, const char *name, hid_t ftype,
                             hid_t mtype, hid_t space, const void *buf, const char *path,
                             ric_error *err)
{
    if (ftype < 0 || space < 0)
        return ric_i_fail(err, "cannot create attribute %s of %s in %s", name, obj, path);
    hid_t a =
        H5Acreate_by_name(file, obj, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0)
        return ric_i_fail(err, "cannot create attribute %s of %s in %s", name, obj, path);
    ric_status st = RIC_OK;
    if (H5Awrite(a, mtype, buf) < 0)
        st = ric_i_fail(err, "cannot write attribute %s of %s in %s", name, obj, path);
    if (H5Aclose(a) < 0 && st == RIC_OK)
        st = ric_i_fail(err, "cannot close attribute %s of %s in %s", name, obj, path);
    return st;
}

static ric_status ric_i_attr_str(hid_t file, const char *obj, const char *name, const char *s,
                                 const char *path, ric_error *err)
{
    hid_t t = ric_i_strtype(strlen(s) + 1);
    hid_t sp = H5Screate(H5S_SCALAR);
    ric_status st = ric_i_attr(file, obj, name, t, t, sp, s, path, err);
    ric_i_close_id(sp);
    ric_i_close_id(t);
    return st;
}

/* int32 attribute: scalar when n == 1, else 1-D [n]. */
static ric_status ric_i_attr_i32(hid_t file, const char *obj, const char *name, const int32_t *v,
                                 hsize_t n, const char *path, ric_error *err)
{
    hid_t sp = n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, NULL);
    ric_status st = ric_i_attr(file, obj, name, H5T_STD_I32LE, H5T_NATIVE_INT32, sp, v, path, err);
    ric_i_close_id(sp);
    return st;
}

/* Scalar dataset obj holding one value. */
static ric_status ric_i_dset_scalar(hid_t file, const char *obj, hid_t ftype, hid_t mtype,
                                    const void *buf, const char *path, ric_error *err)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t dcpl = ric_i_untimed(H5P_DATASET_CREATE);
    hid_t d = H5I_INVALID_HID;
    ric_status st = RIC_OK;
    if (sp < 0 || ftype < 0 || dcpl < 0 ||
        (d = H5Dcreate2(file, obj, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        st = ric_i_fail(err, "cannot create dataset %s in %s", obj, path);
    else if (H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        st = ric_i_fail(err, "cannot write dataset %s in %s", obj, path);
    if (d >= 0 && H5Dclose(d) < 0 && st == RIC_OK)
        st = ric_i_fail(err, "cannot close dataset %s in %s", obj, path);
    ric_i_close_id(dcpl);
    ric_i_close_id(sp);
    return st;
}

/* Scalar string dataset of exactly size bytes (s must fit, NUL included). */
static ric_status ric_i_dset_str(hid_t file, const char *obj, const char *s, size_t size,
                                 const char *path, ric_error *err)
{
    hid_t t = ric_i_strtype(size);
    ric_status st = ric_i_dset_scalar(file, obj, t, t, s, path, err);
    ric_i_close_id(t);
    return st;
}

static ric_status ric_i_dset_text(hid_t file, const char *obj, const char *s, const char *path,
                                  ric_error *err)
{
    if (!s)
        s = "";
    return ric_i_dset_str(file, obj, s, strlen(s) + 1, path, err);
}

static ric_status ric_i_write_status(ric_h5 *h, const char *status, ric_error *err)
{
    char buf[RIC_H5_STATUS_SIZE] = {0};
    snprintf(buf, sizeof buf, "%s", status);
    hid_t t = ric_i_strtype(sizeof buf);
    hid_t d = H5Dopen2(h->file, "/run_status", H5P_DEFAULT);
    ric_status st = RIC_OK;
    if (t < 0 || d < 0)
        st = ric_i_fail(err, "cannot open dataset /run_status in %s", h->path);
    else if (H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        st = ric_i_fail(err, "cannot write \"%s\" to /run_status in %s", status, h->path);
    ric_i_close_id(d);
    ric_i_close_id(t);
    return st;
}

/* ---- create ------------------------------------------------------------- */

/* "HDF5 1.10.8; GSL 2.7.1; ..." as linked at run time, not as compiled against. */
static void ric_i_dependencies(char *buf, size_t size)
{
    unsigned maj = 0, min = 0, rel = 0;
    H5get_libversion(&maj, &min, &rel);
    const char *ig = "?";
    int a, b, c;
    igraph_version(&ig, &a, &b, &c);
    /* Random123 is header-only and defines no version macro. */
    snprintf(buf, size,
             "HDF5 %u.%u.%u; GSL %s; libyaml %s; igraph %s; Random123 (Debian librandom123-dev)",
             maj, min, rel, gsl_version, yaml_get_version_string(), ig);
}

static ric_status ric_i_layout(ric_h5 *h, const ric_h5_meta *meta, ric_error *err)
{
    const hid_t f = h->file;
    const char *p = h->path;

    const int32_t format = RIC_H5_FORMAT_VERSION;
    RIC_CHECK(ric_i_attr_i32(f, "/", "format_version", &format, 1, p, err));

    /* H5MD 1.1 requires version, creator and author. */
    const int32_t h5md_version[2] = {1, 1};
    RIC_CHECK(ric_i_group(f, "/h5md", p, err));
    RIC_CHECK(ric_i_attr_i32(f, "/h5md", "version", h5md_version, 2, p, err));
    RIC_CHECK(ric_i_group(f, "/h5md/creator", p, err));
    RIC_CHECK(ric_i_attr_str(f, "/h5md/creator", "name", "ricsim", p, err));
    RIC_CHECK(ric_i_attr_str(f, "/h5md/creator", "version", RIC_VERSION_STRING, p, err));
    RIC_CHECK(ric_i_group(f, "/h5md/author", p, err));
    RIC_CHECK(ric_i_attr_str(f, "/h5md/author", "name", "ricsim", p, err));

    RIC_CHECK(ric_i_group(f, "/parameters", p, err));
    RIC_CHECK(ric_i_dset_text(f, "/parameters/scenario", meta->scenario_text, p, err));
    RIC_CHECK(ric_i_dset_text(f, "/parameters/scenario_path", meta->scenario_path, p, err));
    RIC_CHECK(ric_i_dset_text(f, "/parameters/effective", meta->effective, p, err));
    RIC_CHECK(ric_i_dset_text(f, "/parameters/overrides", meta->overrides, p, err));
    const int32_t threads = (int32_t)meta->threads;
    RIC_CHECK(ric_i_dset_scalar(f, "/parameters/seed", H5T_STD_U64LE, H5T_NATIVE_UINT64,
                                &meta->seed, p, err));
    RIC_CHECK(ric_i_dset_scalar(f, "/parameters/replication", H5T_STD_U64LE, H5T_NATIVE_UINT64,
                                &meta->replication, p, err));
    RIC_CHECK(ric_i_dset_scalar(f, "/parameters/steps", H5T_STD_I64LE, H5T_NATIVE_INT64,
                                &meta->steps, p, err));
    RIC_CHECK(ric_i_dset_scalar(f, "/parameters/threads", H5T_STD_I32LE, H5T_NATIVE_INT32, &threads,
                                p, err));

    /* No creation time: the same inputs give the same bytes (docs/output.md). */
    char deps[512];
    ric_i_dependencies(deps, sizeof deps);
    RIC_CHECK(ric_i_attr_str(f, "/parameters", "git_hash", RIC_GIT_HASH, p, err));
    RIC_CHECK(ric_i_attr_str(f, "/parameters", "build_flags", RIC_BUILD_FLAGS, p, err));
    RIC_CHECK(ric_i_attr_str(f, "/parameters", "ricsim_version", RIC_VERSION_STRING, p, err));
    RIC_CHECK(ric_i_attr_str(f, "/parameters", "dependencies", deps, p, err));

    char running[RIC_H5_STATUS_SIZE] = "running";
    RIC_CHECK(ric_i_dset_str(f, "/run_status", running, sizeof running, p, err));
    RIC_CHECK(ric_i_group(f, "/observables", p, err));
    /* Made even when no table is declared, so readers can rely on it. */
    RIC_CHECK(ric_i_group(f, "/events", p, err));
    return RIC_OK;
}

void ric_h5_init(ric_h5 *h)
{
    if (!h)
        return;
    memset(h, 0, sizeof *h);
    h->file = H5I_INVALID_HID;
}

ric_status ric_h5_create(ric_h5 *h, const char *path, int force, const ric_h5_meta *meta,
                         ric_error *err)
{
    if (!h || !path || !path[0] || !meta)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_create: writer, path and meta are required");
    if (h->file > 0)
        return ric_error_set(err, RIC_EINVAL, "cannot create %s: writer still has %s open", path,
                             h->path);
    if (strlen(path) >= sizeof h->path)
        return ric_error_set(err, RIC_EINVAL, "output path too long: %.64s...", path);
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (!force)
            return ric_error_set(err, RIC_EEXIST, "%s exists; use --force to overwrite", path);
    } else if (errno != ENOENT) {
        return ric_error_set(err, RIC_EIO, "cannot create %s: %s", path, strerror(errno));
    }
    ric_h5_init(h);
    ric_i_quiet();

    /* Earliest format 1.8: objects are written in their 1.8 versions, readable by
     * every h5py, h5dump and HDFView in use. Latest stays open so HDF5 does not
     * refuse a feature; SWMR would need earliest = latest. */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST) < 0) {
        ric_status st = ric_i_fail(err, "cannot set up file access for %s", path);
        ric_i_close_id(fapl);
        return st;
    }
    /* EXCL also covers a file that appeared since the stat() above. */
    /* --force never truncates the old file in place (a reader may hold it
     * open, and a failed create would leave it empty): the new file is made
     * under a private name and renamed over the old one. */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    hid_t fcpl = ric_i_untimed(H5P_FILE_CREATE); /* the root group's times too */
    hid_t file =
        fcpl < 0 ? H5I_INVALID_HID : H5Fcreate(force ? tmp : path, H5F_ACC_EXCL, fcpl, fapl);
    if (fcpl >= 0)
        H5Pclose(fcpl);
    if (file >= 0 && force && rename(tmp, path) != 0) {
        ric_status st = ric_error_set(err, RIC_EIO, "cannot replace %s: %s", path, strerror(errno));
        H5Fclose(file);
        remove(tmp);
        H5Pclose(fapl);
        return st;
    }
    if (file < 0) {
        ric_status st = ric_i_fail(err, "cannot create %s", force ? tmp : path);
        H5Pclose(fapl);
        return st;
    }
    H5Pclose(fapl);
    h->file = file;
    snprintf(h->path, sizeof h->path, "%s", path);

    ric_status st = ric_i_layout(h, meta, err);
    /* Flushed at once, so a run killed from here on reads "running". */
    if (st == RIC_OK && H5Fflush(file, H5F_SCOPE_GLOBAL) < 0)
        st = ric_i_fail(err, "cannot flush %s", path);
    if (st != RIC_OK) {
        /* A half-made file holds nothing worth keeping and would only mislead. */
        H5Fclose(file);
        remove(path);
        ric_h5_init(h);
    }
    return st;
}

/* ---- series ------------------------------------------------------------- */

/* Extendable dataset obj: [0] or [0][ncols], unlimited rows, shuffle+deflate. */
static ric_status ric_i_extendable(hid_t file, const char *obj, size_t ncols, size_t chunk_rows,
                                   hid_t ftype, hid_t *out, const char *path, ric_error *err)
{
    const int rank = ncols ? 2 : 1;
    hsize_t dims[2] = {0, ncols}, maxdims[2] = {H5S_UNLIMITED, ncols};
    hsize_t chunk[2] = {chunk_rows, ncols};
    hid_t sp = H5Screate_simple(rank, dims, maxdims);
    hid_t dcpl = ric_i_untimed(H5P_DATASET_CREATE);
    hid_t d = H5I_INVALID_HID;
    ric_status st = RIC_OK;
    /* Shuffle before deflate: the pipeline runs in the order the filters are set. */
    if (sp < 0 || dcpl < 0 || H5Pset_chunk(dcpl, rank, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
        H5Pset_deflate(dcpl, 4) < 0)
        st = ric_i_fail(err, "cannot set up dataset %s in %s", obj, path);
    else if ((d = H5Dcreate2(file, obj, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        st = ric_i_fail(err, "cannot create dataset %s in %s", obj, path);
    ric_i_close_id(dcpl);
    ric_i_close_id(sp);
    *out = d;
    return st;
}

/* Reopened file: opens the dataset(s) of a series (step and value) or of a
 * table (value NULL: column 0 holds the step) and cuts them to the rows of
 * steps <= h->reopen_step, which is where the checkpoint left the run. */
static ric_status ric_i_attach(ric_h5 *h, const char *step, const char *value, size_t ncols,
                               hid_t *ds, hid_t *dv, uint64_t *len, ric_error *err)
{
    *ds = H5Dopen2(h->file, step, H5P_DEFAULT);
    if (dv)
        *dv = value ? H5Dopen2(h->file, value, H5P_DEFAULT) : H5I_INVALID_HID;
    if (*ds < 0 || (dv && *dv < 0))
        return ric_error_set(err, RIC_EFORMAT, "%s: %s missing: not the output of this run",
                             h->path, value ? value : step);
    hid_t sp = H5Dget_space(value ? *dv : *ds);
    hsize_t dims[2] = {0, 0};
    int rank = H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
    const size_t width = value ? (ncols ? ncols : 1) : ncols;
    if ((value && (rank != (ncols ? 2 : 1) || (ncols && dims[1] != ncols))) ||
        (!value && (rank != 2 || dims[1] != ncols)))
        return ric_error_set(err, RIC_EFORMAT, "%s: %s has another shape than this run writes",
                             h->path, value ? value : step);
    /* The steps, ascending: keep the prefix up to the checkpoint. */
    const hsize_t n = dims[0];
    int64_t *buf = malloc((n ? n : 1) * width * sizeof *buf);
    if (!buf)
        return ric_error_set(err, RIC_ENOMEM, "out of memory reopening %s", h->path);
    if (n > 0 && H5Dread(*ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        free(buf);
        return ric_i_fail(err, "cannot read %s in %s", step, h->path);
    }
    const size_t stride = value ? 1 : width;
    hsize_t keep = 0;
    while (keep < n && buf[keep * stride] <= h->reopen_step)
        keep++;
    free(buf);
    hsize_t nd[2] = {keep, ncols};
    if (H5Dset_extent(*ds, nd) < 0 || (value && H5Dset_extent(*dv, nd) < 0))
        return ric_i_fail(err, "cannot cut %s in %s", step, h->path);
    *len = keep;
    return RIC_OK;
}

/* "columns" attribute: 1-D array of fixed-length strings sized to the longest. */
static ric_status ric_i_attr_columns(hid_t file, const char *obj, size_t ncols,
                                     const char *const *colnames, const char *path, ric_error *err)
{
    size_t width = 1;
    for (size_t i = 0; i < ncols; i++) {
        size_t len = strlen(colnames[i]) + 1;
        width = len > width ? len : width;
    }
    char *buf = calloc(ncols, width);
    if (!buf)
        return ric_error_set(err, RIC_ENOMEM, "out of memory for the columns of %s", obj);
    for (size_t i = 0; i < ncols; i++)
        memcpy(buf + i * width, colnames[i], strlen(colnames[i]));
    hsize_t n = ncols;
    hid_t t = ric_i_strtype(width);
    hid_t sp = H5Screate_simple(1, &n, NULL);
    ric_status st = ric_i_attr(file, obj, "columns", t, t, sp, buf, path, err);
    ric_i_close_id(sp);
    ric_i_close_id(t);
    free(buf);
    return st;
}

static void ric_i_series_free(ric_h5_series *s)
{
    free(s->buf_step);
    free(s->buf_value);
    s->buf_step = NULL;
    s->buf_value = NULL;
    s->buf_rows = s->buf_cap = 0;
}

/* A series or table name is one HDF5 link name that fits their name fields. */
_Static_assert(sizeof(((ric_h5_series *)NULL)->name) == sizeof(((ric_h5_table *)NULL)->name),
               "series and table names share one limit");
static int ric_i_valid_name(const char *name)
{
    return name && name[0] && strlen(name) < sizeof(((ric_h5_series *)NULL)->name) &&
           !strchr(name, '/') && strcmp(name, ".") != 0;
}

ric_status ric_h5_series_add(ric_h5 *h, const char *name, size_t ncols, const char *const *colnames,
                             const char *unit, size_t *id, ric_error *err)
{
    if (!h || h->file <= 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_series_add: no output file open");
    if (!ric_i_valid_name(name))
        return ric_error_set(err, RIC_EINVAL,
                             "invalid series name \"%.64s\" (1 to 63 characters, no '/')",
                             name ? name : "(null)");
    if (ncols > RIC_I_MAX_COLS)
        return ric_error_set(err, RIC_EINVAL, "series %s: %zu columns (at most %d)", name, ncols,
                             RIC_I_MAX_COLS);
    for (size_t i = 0; i < ncols; i++)
        if (!colnames || !colnames[i])
            return ric_error_set(err, RIC_EINVAL, "series %s: column %zu has no name", name, i);
    for (size_t i = 0; i < h->nseries; i++)
        if (strcmp(h->series[i].name, name) == 0)
            return ric_error_set(err, RIC_EINVAL, "series %s already declared in %s", name,
                                 h->path);
    if (h->nseries >= RIC_H5_MAX_SERIES)
        return ric_error_set(err, RIC_EINVAL, "cannot add series %s to %s: at most %d series", name,
                             h->path, RIC_H5_MAX_SERIES);

    ric_h5_series *s = &h->series[h->nseries];
    memset(s, 0, sizeof *s);
    s->hid_step = s->hid_value = H5I_INVALID_HID;
    const size_t width = ncols ? ncols : 1;
    size_t rows = RIC_H5_CHUNK_ROWS;
    if (rows * width > RIC_I_MAX_CHUNK_VALUES)
        rows = RIC_I_MAX_CHUNK_VALUES / width > 0 ? RIC_I_MAX_CHUNK_VALUES / width : 1;
    s->buf_step = malloc(rows * sizeof *s->buf_step);
    s->buf_value = malloc(rows * width * sizeof *s->buf_value);
    if (!s->buf_step || !s->buf_value) {
        ric_i_series_free(s);
        return ric_error_set(err, RIC_ENOMEM, "out of memory for series %s", name);
    }
    s->buf_cap = rows;
    s->ncols = ncols;
    snprintf(s->name, sizeof s->name, "%s", name);

    char group[96], step[112], value[112];
    snprintf(group, sizeof group, "/observables/%s", name);
    snprintf(step, sizeof step, "%s/step", group);
    snprintf(value, sizeof value, "%s/value", group);
    hid_t ds = H5I_INVALID_HID, dv = H5I_INVALID_HID;
    ric_status st;
    if (h->reopened) {
        RIC_TRY(st, ric_i_attach(h, step, value, ncols, &ds, &dv, &s->len, err), fail);
        s->hid_step = ds;
        s->hid_value = dv;
        if (id)
            *id = h->nseries;
        h->nseries++;
        return RIC_OK;
    }
    RIC_TRY(st, ric_i_group(h->file, group, h->path, err), fail);
    RIC_TRY(st, ric_i_extendable(h->file, step, 0, rows, H5T_STD_I64LE, &ds, h->path, err), fail);
    RIC_TRY(st, ric_i_extendable(h->file, value, ncols, rows, H5T_IEEE_F64LE, &dv, h->path, err),
            fail);
    if (ncols)
        RIC_TRY(st, ric_i_attr_columns(h->file, value, ncols, colnames, h->path, err), fail);
    RIC_TRY(st, ric_i_attr_str(h->file, value, "unit", unit ? unit : "", h->path, err), fail);
    /* Keeps the file's metadata whole should the run be killed before its next flush. */
    if (H5Fflush(h->file, H5F_SCOPE_GLOBAL) < 0) {
        st = ric_i_fail(err, "cannot flush %s", h->path);
        goto fail;
    }
    s->hid_step = ds;
    s->hid_value = dv;
    if (id)
        *id = h->nseries;
    h->nseries++;
    return RIC_OK;

fail:
    ric_i_close_id(ds);
    ric_i_close_id(dv);
    /* Unlinked so that a retry under the same name can succeed. */
    if (H5Lexists(h->file, group, H5P_DEFAULT) > 0)
        H5Ldelete(h->file, group, H5P_DEFAULT);
    ric_i_series_free(s);
    memset(s, 0, sizeof *s);
    return st;
}

/* Extends d by n rows at row start and writes them from buf in one call. */
static ric_status ric_i_write_block(hid_t d, size_t ncols, hsize_t start, hsize_t n, hid_t mtype,
                                    const void *buf, const char *obj, const char *path,
                                    ric_error *err)
{
    const int rank = ncols ? 2 : 1;
    hsize_t size[2] = {start + n, ncols}, off[2] = {start, 0}, count[2] = {n, ncols};
    if (H5Dset_extent(d, size) < 0)
        return ric_i_fail(err, "cannot extend dataset %s in %s", obj, path);
    hid_t fs = H5Dget_space(d);
    hid_t ms = H5Screate_simple(rank, count, NULL);
    ric_status st = RIC_OK;
    if (fs < 0 || ms < 0 || H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, NULL, count, NULL) < 0 ||
        H5Dwrite(d, mtype, ms, fs, H5P_DEFAULT, buf) < 0)
        st = ric_i_fail(err, "cannot write dataset %s in %s", obj, path);
    ric_i_close_id(ms);
    ric_i_close_id(fs);
    return st;
}

/* Writes the buffered rows of s. On failure they stay buffered and a retry
 * writes them at the same rows (set_extent to the same size is harmless). */
static ric_status ric_i_write_rows(ric_h5 *h, ric_h5_series *s, ric_error *err)
{
    if (s->buf_rows == 0)
        return RIC_OK;
    char obj[112];
    snprintf(obj, sizeof obj, "/observables/%s/step", s->name);
    RIC_CHECK(ric_i_write_block(s->hid_step, 0, s->len, s->buf_rows, H5T_NATIVE_INT64, s->buf_step,
                                obj, h->path, err));
    snprintf(obj, sizeof obj, "/observables/%s/value", s->name);
    RIC_CHECK(ric_i_write_block(s->hid_value, s->ncols, s->len, s->buf_rows, H5T_NATIVE_DOUBLE,
                                s->buf_value, obj, h->path, err));
    s->len += s->buf_rows;
    s->buf_rows = 0;
    return RIC_OK;
}

ric_status ric_h5_series_append(ric_h5 *h, size_t id, int64_t step, const double *values,
                                ric_error *err)
{
    if (!h || h->file <= 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_series_append: no output file open");
    if (id >= h->nseries || !values)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_series_append: bad series id %zu or values",
                             id);
    ric_h5_series *s = &h->series[id];
    /* Full only if an earlier write failed: retry it rather than overrun. */
    if (s->buf_rows == s->buf_cap)
        RIC_CHECK(ric_i_write_rows(h, s, err));
    const size_t width = s->ncols ? s->ncols : 1;
    s->buf_step[s->buf_rows] = step;
    memcpy(s->buf_value + s->buf_rows * width, values, width * sizeof *values);
    s->buf_rows++;
    if (s->buf_rows == s->buf_cap)
        return ric_i_write_rows(h, s, err);
    return RIC_OK;
}

/* ---- event tables ------------------------------------------------------- */

static void ric_i_table_free(ric_h5_table *t)
{
    free(t->buf);
    t->buf = NULL;
    t->buf_rows = t->buf_cap = 0;
}

ric_status ric_h5_table_add(ric_h5 *h, const char *name, size_t ncols, const char *const *colnames,
                            const char *description, size_t *id, ric_error *err)
{
    if (!h || h->file <= 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_table_add: no output file open");
    if (!ric_i_valid_name(name))
        return ric_error_set(err, RIC_EINVAL,
                             "invalid table name \"%.64s\" (1 to 63 characters, no '/')",
                             name ? name : "(null)");
    if (ncols == 0 || ncols > RIC_I_MAX_COLS)
        return ric_error_set(err, RIC_EINVAL, "table %s: %zu columns (1 to %d)", name, ncols,
                             RIC_I_MAX_COLS);
    for (size_t i = 0; i < ncols; i++)
        if (!colnames || !colnames[i])
            return ric_error_set(err, RIC_EINVAL, "table %s: column %zu has no name", name, i);
    for (size_t i = 0; i < h->ntables; i++)
        if (strcmp(h->tables[i].name, name) == 0)
            return ric_error_set(err, RIC_EINVAL, "table %s already declared in %s", name, h->path);
    if (h->ntables >= RIC_H5_MAX_TABLES)
        return ric_error_set(err, RIC_EINVAL, "cannot add table %s to %s: at most %d tables", name,
                             h->path, RIC_H5_MAX_TABLES);

    ric_h5_table *t = &h->tables[h->ntables];
    memset(t, 0, sizeof *t);
    t->hid = H5I_INVALID_HID;
    size_t rows = RIC_H5_TABLE_CHUNK_ROWS;
    if (rows * ncols > RIC_I_MAX_CHUNK_VALUES)
        rows = RIC_I_MAX_CHUNK_VALUES / ncols > 0 ? RIC_I_MAX_CHUNK_VALUES / ncols : 1;
    t->buf = malloc(rows * ncols * sizeof *t->buf);
    if (!t->buf)
        return ric_error_set(err, RIC_ENOMEM, "out of memory for table %s", name);
    t->buf_cap = rows;
    t->ncols = ncols;
    snprintf(t->name, sizeof t->name, "%s", name);

    char obj[96];
    snprintf(obj, sizeof obj, "/events/%s", name);
    hid_t d = H5I_INVALID_HID;
    ric_status st;
    if (h->reopened) {
        RIC_TRY(st, ric_i_attach(h, obj, NULL, ncols, &d, NULL, &t->len, err), fail);
        t->hid = d;
        if (id)
            *id = h->ntables;
        h->ntables++;
        return RIC_OK;
    }
    RIC_TRY(st, ric_i_extendable(h->file, obj, ncols, rows, H5T_STD_I64LE, &d, h->path, err), fail);
    RIC_TRY(st, ric_i_attr_columns(h->file, obj, ncols, colnames, h->path, err), fail);
    RIC_TRY(
        st,
        ric_i_attr_str(h->file, obj, "description", description ? description : "", h->path, err),
        fail);
    /* Keeps the file's metadata whole should the run be killed before its next flush. */
    if (H5Fflush(h->file, H5F_SCOPE_GLOBAL) < 0) {
        st = ric_i_fail(err, "cannot flush %s", h->path);
        goto fail;
    }
    t->hid = d;
    if (id)
        *id = h->ntables;
    h->ntables++;
    return RIC_OK;

fail:
    ric_i_close_id(d);
    /* Unlinked so that a retry under the same name can succeed. */
    if (H5Lexists(h->file, obj, H5P_DEFAULT) > 0)
        H5Ldelete(h->file, obj, H5P_DEFAULT);
    ric_i_table_free(t);
    memset(t, 0, sizeof *t);
    return st;
}

/* Writes the buffered rows of t; on failure they stay buffered (see ric_i_write_rows). */
static ric_status ric_i_table_write_rows(ric_h5 *h, ric_h5_table *t, ric_error *err)
{
    if (t->buf_rows == 0)
        return RIC_OK;
    char obj[96];
    snprintf(obj, sizeof obj, "/events/%s", t->name);
    RIC_CHECK(ric_i_write_block(t->hid, t->ncols, t->len, t->buf_rows, H5T_NATIVE_INT64, t->buf,
                                obj, h->path, err));
    t->len += t->buf_rows;
    t->buf_rows = 0;
    return RIC_OK;
}

ric_status ric_h5_table_append(ric_h5 *h, size_t id, const int64_t *row, ric_error *err)
{
    if (!h || h->file <= 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_table_append: no output file open");
    if (id >= h->ntables || !row)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_table_append: bad table id %zu or row", id);
    ric_h5_table *t = &h->tables[id];
    /* Full only if an earlier write failed: retry it rather than overrun. */
    if (t->buf_rows == t->buf_cap)
        RIC_CHECK(ric_i_table_write_rows(h, t, err));
    memcpy(t->buf + t->buf_rows * t->ncols, row, t->ncols * sizeof *row);
    t->buf_rows++;
    if (t->buf_rows == t->buf_cap)
        return ric_i_table_write_rows(h, t, err);
    return RIC_OK;
}

/* ---- fixed arrays ------------------------------------------------------- */

/* Longest object path accepted by ric_h5_write_array() and the readers. */
#define RIC_I_MAX_OBJ 1024

/* An absolute path of non-empty components other than "." and "..". */
static int ric_i_valid_obj(const char *obj)
{
    if (!obj || obj[0] != '/' || strlen(obj) >= RIC_I_MAX_OBJ)
        return 0;
    for (const char *c = obj + 1;;) {
        size_t len = strcspn(c, "/");
        if (len == 0 || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
            return 0;
        if (c[len] == '\0')
            return 1;
        c += len + 1;
    }
}

/* The top-level names whose layout docs/output.md fixes. */
static int ric_i_reserved_obj(const char *obj)
{
    static const char *const names[] = {"h5md", "parameters", "run_status", "observables",
                                        "events"};
    size_t len = strcspn(obj + 1, "/");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && strncmp(obj + 1, names[i], len) == 0)
            return 1;
    return 0;
}

/* *type: H5I_GROUP, H5I_DATASET, ... for the object at absolute path obj, or
 * H5I_BADID if there is none. H5Lexists fails on a missing or non-group
 * intermediate, so this walks down one link at a time; a parent that is not a
 * group is RIC_EINVAL. */
static ric_status ric_i_lookup(hid_t file, const char *obj, H5I_type_t *type, const char *path,
                               ric_error *err)
{
    char buf[RIC_I_MAX_OBJ];
    *type = H5I_BADID;
    snprintf(buf, sizeof buf, "%s", obj);
    for (char *c = buf + 1;;) {
        char *end = c + strcspn(c, "/");
        const char saved = *end;
        *end = '\0';
        htri_t e = H5Lexists(file, buf, H5P_DEFAULT);
        if (e < 0)
            return ric_i_fail(err, "cannot look up %s in %s", buf, path);
        if (e == 0)
            return RIC_OK;
        hid_t o = H5Oopen(file, buf, H5P_DEFAULT);
        if (o < 0)
            return ric_i_fail(err, "cannot open %s in %s", buf, path);
        H5I_type_t t = H5Iget_type(o);
        H5Oclose(o);
        if (saved == '\0') {
            *type = t;
            return RIC_OK;
        }
        if (t != H5I_GROUP)
            return ric_error_set(err, RIC_EINVAL, "%s: %s is not a group", path, buf);
        *end = saved;
        c = end + 1;
    }
}

ric_status ric_h5_write_array(ric_h5 *h, const char *path, int is_int64, size_t nrows, size_t ncols,
                              const void *data, const char *const *colnames, ric_error *err)
{
    if (!h || h->file <= 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_write_array: no output file open");
    if (!ric_i_valid_obj(path))
        return ric_error_set(err, RIC_EINVAL,
                             "invalid dataset path \"%.64s\" (absolute, no empty, \".\" or "
                             "\"..\" components)",
                             path ? path : "(null)");
    if (ric_i_reserved_obj(path))
        return ric_error_set(err, RIC_EINVAL, "%s: cannot write an array under a fixed group of %s",
                             path, h->path);
    if (ncols > RIC_I_MAX_COLS)
        return ric_error_set(err, RIC_EINVAL, "%s: %zu columns (at most %d)", path, ncols,
                             RIC_I_MAX_COLS);
    if (nrows > 0 && !data)
        return ric_error_set(err, RIC_EINVAL, "%s: %zu rows but no data", path, nrows);
    if (colnames && ncols == 0)
        return ric_error_set(err, RIC_EINVAL, "%s: column names for a 1-D array", path);
    for (size_t i = 0; colnames && i < ncols; i++)
        if (!colnames[i])
            return ric_error_set(err, RIC_EINVAL, "%s: column %zu has no name", path, i);
    H5I_type_t type;
    RIC_CHECK(ric_i_lookup(h->file, path, &type, h->path, err));
    if (type != H5I_BADID)
        return ric_error_set(err, RIC_EINVAL, "%s already exists in %s", path, h->path);

    const int rank = ncols ? 2 : 1;
    const size_t width = ncols ? ncols : 1;
    hsize_t dims[2] = {nrows, ncols};
    /* HDF5 wants chunk dims > 0, so an empty array stays contiguous (it holds nothing). */
    size_t rows = RIC_I_MAX_CHUNK_VALUES / width > 0 ? RIC_I_MAX_CHUNK_VALUES / width : 1;
    rows = rows < nrows ? rows : nrows;
    hsize_t chunk[2] = {rows, ncols};
    const hid_t ftype = is_int64 ? H5T_STD_I64LE : H5T_IEEE_F64LE;
    const hid_t mtype = is_int64 ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE;
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    hid_t dcpl = ric_i_untimed(H5P_DATASET_CREATE);
    hid_t d = H5I_INVALID_HID;
    ric_status st = RIC_OK;
    /* Missing parent groups are made here (not by HDF5's intermediate-group
     * option, whose groups would carry modification times). */
    char parent[1024];
    for (const char *c = strchr(path + 1, '/'); c && st == RIC_OK; c = strchr(c + 1, '/')) {
        snprintf(parent, sizeof parent, "%.*s", (int)(c - path), path);
        if (H5Lexists(h->file, parent, H5P_DEFAULT) <= 0)
            st = ric_i_group(h->file, parent, h->path, err);
    }
    if (st != RIC_OK)
        goto done;
    if (sp < 0 || lcpl < 0 || dcpl < 0 ||
        (nrows > 0 && (H5Pset_chunk(dcpl, rank, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
                       H5Pset_deflate(dcpl, 4) < 0))) {
        st = ric_i_fail(err, "cannot set up dataset %s in %s", path, h->path);
        goto done;
    }
    if ((d = H5Dcreate2(h->file, path, ftype, sp, lcpl, dcpl, H5P_DEFAULT)) < 0) {
        st = ric_i_fail(err, "cannot create dataset %s in %s", path, h->path);
        goto done;
    }
    if (nrows > 0 && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        st = ric_i_fail(err, "cannot write dataset %s in %s", path, h->path);
        goto done;
    }
    if (colnames)
        RIC_TRY(st, ric_i_attr_columns(h->file, path, ncols, colnames, h->path, err), done);
    if (H5Dclose(d) < 0) {
        d = H5I_INVALID_HID;
        st = ric_i_fail(err, "cannot close dataset %s in %s", path, h->path);
        goto done;
    }
    d = H5I_INVALID_HID;

done:
    ric_i_close_id(d);
    /* A half-written array is unlinked so that a retry can succeed (its groups stay). */
    if (st != RIC_OK && H5Lexists(h->file, path, H5P_DEFAULT) > 0)
        H5Ldelete(h->file, path, H5P_DEFAULT);
    ric_i_close_id(dcpl);
    ric_i_close_id(lcpl);
    ric_i_close_id(sp);
    return st;
}

ric_status ric_h5_write_attr_i64(ric_h5 *h, const char *path, const char *attr, int64_t value,
                                 ric_error *err)
{
    if (!h || h->file <= 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_write_attr_i64: no output file open");
    if (!attr || !attr[0])
        return ric_error_set(err, RIC_EINVAL, "ric_h5_write_attr_i64: no attribute name");
    if (!ric_i_valid_obj(path) && !(path && strcmp(path, "/") == 0))
        return ric_error_set(err, RIC_EINVAL, "invalid object path \"%.64s\"",
                             path ? path : "(null)");
    H5I_type_t type = H5I_GROUP;
    if (strcmp(path, "/") != 0)
        RIC_CHECK(ric_i_lookup(h->file, path, &type, h->path, err));
    if (type == H5I_BADID)
        return ric_error_set(err, RIC_EINVAL, "%s: no object %s", h->path, path);
    htri_t e = H5Aexists_by_name(h->file, path, attr, H5P_DEFAULT);
    if (e < 0)
        return ric_i_fail(err, "cannot look up attribute %s of %s in %s", attr, path, h->path);
    if (e > 0)
        return ric_error_set(err, RIC_EINVAL, "%s already has attribute %s in %s", path, attr,
                             h->path);
    hid_t sp = H5Screate(H5S_SCALAR);
    ric_status st =
        ric_i_attr(h->file, path, attr, H5T_STD_I64LE, H5T_NATIVE_INT64, sp, &value, h->path, err);
    ric_i_close_id(sp);
    return st;
}

ric_status ric_h5_flush(ric_h5 *h, ric_error *err)
{
    if (!h || h->file <= 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_flush: no output file open");
    for (size_t i = 0; i < h->nseries; i++)
        RIC_CHECK(ric_i_write_rows(h, &h->series[i], err));
    for (size_t i = 0; i < h->ntables; i++)
        RIC_CHECK(ric_i_table_write_rows(h, &h->tables[i], err));
    if (H5Fflush(h->file, H5F_SCOPE_GLOBAL) < 0)
        return ric_i_fail(err, "cannot flush %s", h->path);
    return RIC_OK;
}

/* ---- close -------------------------------------------------------------- */

/* Closes datasets and file, frees buffers and resets h; reports the first failure. */
static ric_status ric_i_close(ric_h5 *h, ric_error *err)
{
    ric_status st = RIC_OK;
    size_t n = h->nseries < RIC_H5_MAX_SERIES ? h->nseries : RIC_H5_MAX_SERIES;
    for (size_t i = 0; i < n; i++) {
        ric_h5_series *s = &h->series[i];
        if (s->hid_step > 0 && H5Dclose(s->hid_step) < 0 && st == RIC_OK)
            st = ric_i_fail(err, "cannot close /observables/%s/step in %s", s->name, h->path);
        if (s->hid_value > 0 && H5Dclose(s->hid_value) < 0 && st == RIC_OK)
            st = ric_i_fail(err, "cannot close /observables/%s/value in %s", s->name, h->path);
        ric_i_series_free(s);
    }
    n = h->ntables < RIC_H5_MAX_TABLES ? h->ntables : RIC_H5_MAX_TABLES;
    for (size_t i = 0; i < n; i++) {
        ric_h5_table *t = &h->tables[i];
        if (t->hid > 0 && H5Dclose(t->hid) < 0 && st == RIC_OK)
            st = ric_i_fail(err, "cannot close /events/%s in %s", t->name, h->path);
        ric_i_table_free(t);
    }
    if (h->file > 0 && H5Fclose(h->file) < 0 && st == RIC_OK)
        st = ric_i_fail(err, "cannot close %s", h->path);
    ric_h5_init(h);
    return st;
}

ric_status ric_h5_finish(ric_h5 *h, const char *status, ric_error *err)
{
    if (!h || h->file <= 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_finish: no output file open");
    if (!status || (strcmp(status, "complete") != 0 && strcmp(status, "failed") != 0))
        return ric_error_set(err, RIC_EINVAL,
                             "run status must be \"complete\" or \"failed\", not \"%.32s\"",
                             status ? status : "(null)");
    ric_status st = RIC_OK;
    for (size_t i = 0; i < h->nseries; i++) {
        ric_status s = ric_i_write_rows(h, &h->series[i], err);
        st = st == RIC_OK ? s : st;
    }
    for (size_t i = 0; i < h->ntables; i++) {
        ric_status s = ric_i_table_write_rows(h, &h->tables[i], err);
        st = st == RIC_OK ? s : st;
    }
    /* Rows that could not be written make the run incomplete, whatever the caller says. */
    ric_status s = ric_i_write_status(h, st == RIC_OK ? status : "failed", err);
    st = st == RIC_OK ? s : st;
    if (H5Fflush(h->file, H5F_SCOPE_GLOBAL) < 0 && st == RIC_OK)
        st = ric_i_fail(err, "cannot flush %s", h->path);
    s = ric_i_close(h, err);
    return st == RIC_OK ? s : st;
}

void ric_h5_destroy(ric_h5 *h)
{
    if (!h)
        return;
    /* Best effort: rows appended before an error are kept; status stays "running". */
    if (h->file > 0) {
        for (size_t i = 0; i < h->nseries && i < RIC_H5_MAX_SERIES; i++)
            if (h->series[i].hid_step > 0 && h->series[i].hid_value > 0)
                ric_i_write_rows(h, &h->series[i], NULL);
        for (size_t i = 0; i < h->ntables && i < RIC_H5_MAX_TABLES; i++)
            if (h->tables[i].hid > 0)
                ric_i_table_write_rows(h, &h->tables[i], NULL);
    }
    ric_i_close(h, NULL);
}

/* ---- readers ------------------------------------------------------------ */

/* Opens an existing ricsim output read-only: it must be HDF5 and have /run_status. */
static ric_status ric_i_open_ro(const char *path, hid_t *out, ric_error *err)
{
    *out = H5I_INVALID_HID;
    if (!path || !path[0])
        return ric_error_set(err, RIC_EINVAL, "no output file named");
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            return ric_error_set(err, RIC_ENOENT, "%s: file not found", path);
        return ric_error_set(err, RIC_EIO, "cannot read %s: %s", path, strerror(errno));
    }
    ric_i_quiet();
    htri_t is = H5Fis_hdf5(path);
    if (is < 0)
        return ric_i_fail(err, "cannot read %s", path);
    if (is == 0)
        return ric_error_set(err, RIC_EFORMAT, "%s: not a ricsim output file (not HDF5)", path);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return ric_i_fail(err, "cannot open %s", path);
    if (H5Lexists(f, "run_status", H5P_DEFAULT) <= 0) {
        H5Fclose(f);
        return ric_error_set(err, RIC_EFORMAT, "%s: not a ricsim output file (no /run_status)",
                             path);
    }
    *out = f;
    return RIC_OK;
}

ric_status ric_h5_read_status(const char *path, char *buf, size_t bufsize, ric_error *err)
{
    if (!buf || bufsize == 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_read_status: no buffer");
    buf[0] = '\0';
    hid_t f;
    RIC_CHECK(ric_i_open_ro(path, &f, err));
    char tmp[257] = {0};
    ric_status st = RIC_OK;
    hid_t d = H5Dopen2(f, "/run_status", H5P_DEFAULT);
    hid_t t = d >= 0 ? H5Dget_type(d) : H5I_INVALID_HID;
    hid_t sp = d >= 0 ? H5Dget_space(d) : H5I_INVALID_HID;
    if (d < 0 || t < 0 || sp < 0) {
        st = ric_i_fail(err, "cannot open dataset /run_status in %s", path);
    } else if (H5Tget_class(t) != H5T_STRING || H5Tis_variable_str(t) != 0 ||
               H5Tget_size(t) >= sizeof tmp || H5Sget_simple_extent_npoints(sp) != 1) {
        st = ric_error_set(err, RIC_EFORMAT, "%s: /run_status is not a short fixed-length string",
                           path);
    } else if (H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, tmp) < 0) {
        st = ric_i_fail(err, "cannot read dataset /run_status in %s", path);
    } else if (strlen(tmp) >= bufsize) {
        st = ric_error_set(err, RIC_EINVAL, "ric_h5_read_status: buffer of %zu too small", bufsize);
    } else {
        memcpy(buf, tmp, strlen(tmp) + 1);
    }
    ric_i_close_id(sp);
    ric_i_close_id(t);
    ric_i_close_id(d);
    H5Fclose(f);
    return st;
}

/* Opens dataset obj and returns its rank and dims (up to 2). */
static ric_status ric_i_open_dims(hid_t f, const char *obj, hid_t *d, int *rank, hsize_t dims[2],
                                  const char *path, ric_error *err)
{
    *d = H5Dopen2(f, obj, H5P_DEFAULT);
    if (*d < 0)
        return ric_i_fail(err, "cannot open dataset %s in %s", obj, path);
    hid_t sp = H5Dget_space(*d);
    if (sp < 0)
        return ric_i_fail(err, "cannot get the shape of %s in %s", obj, path);
    *rank = H5Sget_simple_extent_ndims(sp);
    ric_status st = RIC_OK;
    if (*rank < 1 || *rank > 2 || H5Sget_simple_extent_dims(sp, dims, NULL) < 0)
        st = ric_error_set(err, RIC_EFORMAT, "%s: %s is not a 1-D or 2-D dataset", path, obj);
    H5Sclose(sp);
    return st;
}

ric_status ric_h5_read_series(const char *path, const char *name, int64_t **steps, double **values,
                              size_t *nrows, size_t *ncols, ric_error *err)
{
    if (!steps || !values || !nrows || !ncols)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_read_series: output pointers required");
    *steps = NULL;
    *values = NULL;
    *nrows = *ncols = 0;
    if (!ric_i_valid_name(name))
        return ric_error_set(err, RIC_EINVAL, "invalid series name \"%.64s\"",
                             name ? name : "(null)");
    hid_t f;
    RIC_CHECK(ric_i_open_ro(path, &f, err));

    char group[96], step[112], value[112];
    snprintf(group, sizeof group, "/observables/%s", name);
    snprintf(step, sizeof step, "%s/step", group);
    snprintf(value, sizeof value, "%s/value", group);
    hid_t ds = H5I_INVALID_HID, dv = H5I_INVALID_HID;
    int64_t *st_buf = NULL;
    double *v_buf = NULL;
    int rs = 0, rv = 0;
    hsize_t dims_s[2] = {0, 0}, dims_v[2] = {0, 0};
    ric_status st = RIC_OK;

    /* H5Lexists fails on a missing intermediate group, so walk down. */
    if (H5Lexists(f, "/observables", H5P_DEFAULT) <= 0) {
        st = ric_error_set(err, RIC_EFORMAT, "%s: no /observables group", path);
        goto done;
    }
    if (H5Lexists(f, group, H5P_DEFAULT) <= 0) {
        st = ric_error_set(err, RIC_EINVAL, "%s: no series %s", path, name);
        goto done;
    }
    if (H5Lexists(f, step, H5P_DEFAULT) <= 0 || H5Lexists(f, value, H5P_DEFAULT) <= 0) {
        st = ric_error_set(err, RIC_EFORMAT, "%s: series %s lacks step or value", path, name);
        goto done;
    }
    RIC_TRY(st, ric_i_open_dims(f, step, &ds, &rs, dims_s, path, err), done);
    RIC_TRY(st, ric_i_open_dims(f, value, &dv, &rv, dims_v, path, err), done);
    if (rs != 1 || dims_v[0] != dims_s[0] || (rv == 2 && dims_v[1] == 0)) {
        st = ric_error_set(err, RIC_EFORMAT, "%s: series %s has step and value of unequal shape",
                           path, name);
        goto done;
    }
    const size_t n = (size_t)dims_s[0], c = rv == 2 ? (size_t)dims_v[1] : 0, w = c ? c : 1;
    if (n > SIZE_MAX / sizeof(double) / w) {
        st = ric_error_set(err, RIC_ENOMEM, "%s: series %s too large", path, name);
        goto done;
    }
    /* At least one element, so success never returns NULL. */
    st_buf = malloc((n ? n : 1) * sizeof *st_buf);
    v_buf = malloc((n ? n * w : 1) * sizeof *v_buf);
    if (!st_buf || !v_buf) {
        st = ric_error_set(err, RIC_ENOMEM, "out of memory reading series %s of %s", name, path);
        goto done;
    }
    if (n > 0 && H5Dread(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, st_buf) < 0) {
        st = ric_i_fail(err, "cannot read dataset %s in %s", step, path);
        goto done;
    }
    if (n > 0 && H5Dread(dv, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v_buf) < 0) {
        st = ric_i_fail(err, "cannot read dataset %s in %s", value, path);
        goto done;
    }
    *steps = st_buf;
    *values = v_buf;
    *nrows = n;
    *ncols = c;
    st_buf = NULL;
    v_buf = NULL;

done:
    free(st_buf);
    free(v_buf);
    ric_i_close_id(dv);
    ric_i_close_id(ds);
    H5Fclose(f);
    return st;
}

/* Reads dataset obj (known to exist in f) as int64 or float64: 1-D gives
 * *ncols 0, 2-D its column count (a table must be 2-D). The stored class must
 * match, so that no value is silently converted. */
static ric_status ric_i_read_dset(hid_t f, const char *obj, int is_int64, int need_2d, void **out,
                                  size_t *nrows, size_t *ncols, const char *path, ric_error *err)
{
    hid_t d = H5I_INVALID_HID, t = H5I_INVALID_HID;
    int rank = 0;
    hsize_t dims[2] = {0, 0};
    void *buf = NULL;
    ric_status st;
    RIC_TRY(st, ric_i_open_dims(f, obj, &d, &rank, dims, path, err), done);
    if ((t = H5Dget_type(d)) < 0) {
        st = ric_i_fail(err, "cannot get the type of %s in %s", obj, path);
        goto done;
    }
    const H5T_class_t want = is_int64 ? H5T_INTEGER : H5T_FLOAT;
    if (H5Tget_class(t) != want) {
        st = ric_error_set(err, RIC_EFORMAT, "%s: %s is not %s", path, obj,
                           is_int64 ? "an integer dataset" : "a float dataset");
        goto done;
    }
    if ((need_2d && rank != 2) || (rank == 2 && dims[1] == 0)) {
        st = ric_error_set(err, RIC_EFORMAT, "%s: %s has an unexpected shape", path, obj);
        goto done;
    }
    const size_t n = (size_t)dims[0], c = rank == 2 ? (size_t)dims[1] : 0, w = c ? c : 1;
    if (n > SIZE_MAX / sizeof(double) / w) {
        st = ric_error_set(err, RIC_ENOMEM, "%s: %s too large", path, obj);
        goto done;
    }
    /* At least one element, so success never returns NULL (both types are 8 bytes). */
    buf = malloc((n ? n * w : 1) * sizeof(double));
    if (!buf) {
        st = ric_error_set(err, RIC_ENOMEM, "out of memory reading %s of %s", obj, path);
        goto done;
    }
    if (n > 0 && H5Dread(d, is_int64 ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                         H5P_DEFAULT, buf) < 0) {
        st = ric_i_fail(err, "cannot read dataset %s in %s", obj, path);
        goto done;
    }
    *out = buf;
    *nrows = n;
    *ncols = c;
    buf = NULL;

done:
    free(buf);
    ric_i_close_id(t);
    ric_i_close_id(d);
    return st;
}

_Static_assert(sizeof(int64_t) == sizeof(double), "ric_i_read_dset sizes buffers as doubles");

ric_status ric_h5_read_table(const char *path, const char *name, int64_t **rows, size_t *nrows,
                             size_t *ncols, ric_error *err)
{
    if (!rows || !nrows || !ncols)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_read_table: output pointers required");
    *rows = NULL;
    *nrows = *ncols = 0;
    if (!ric_i_valid_name(name))
        return ric_error_set(err, RIC_EINVAL, "invalid table name \"%.64s\"",
                             name ? name : "(null)");
    hid_t f;
    RIC_CHECK(ric_i_open_ro(path, &f, err));
    char obj[96];
    snprintf(obj, sizeof obj, "/events/%s", name);
    H5I_type_t type = H5I_BADID;
    void *buf = NULL;
    ric_status st = ric_i_lookup(f, obj, &type, path, err);
    /* No table is also what a file from before event tables (no /events) has. */
    if (st == RIC_OK && type == H5I_BADID)
        st = ric_error_set(err, RIC_EINVAL, "%s: no table %s", path, name);
    else if (st == RIC_OK && type != H5I_DATASET)
        st = ric_error_set(err, RIC_EFORMAT, "%s: %s is not a dataset", path, obj);
    if (st == RIC_OK)
        st = ric_i_read_dset(f, obj, 1, 1, &buf, nrows, ncols, path, err);
    if (st == RIC_OK)
        *rows = buf;
    H5Fclose(f);
    return st;
}

static ric_status ric_i_read_array(const char *path, const char *dset, int is_int64, void **values,
                                   size_t *nrows, size_t *ncols, ric_error *err)
{
    if (!values || !nrows || !ncols)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_read_array: output pointers required");
    *values = NULL;
    *nrows = *ncols = 0;
    if (!ric_i_valid_obj(dset))
        return ric_error_set(err, RIC_EINVAL, "invalid dataset path \"%.64s\"",
                             dset ? dset : "(null)");
    hid_t f;
    RIC_CHECK(ric_i_open_ro(path, &f, err));
    H5I_type_t type = H5I_BADID;
    ric_status st = ric_i_lookup(f, dset, &type, path, err);
    if (st == RIC_OK && type != H5I_DATASET)
        st = ric_error_set(err, RIC_EINVAL, "%s: no dataset %s", path, dset);
    if (st == RIC_OK)
        st = ric_i_read_dset(f, dset, is_int64, 0, values, nrows, ncols, path, err);
    H5Fclose(f);
    return st;
}

ric_status ric_h5_read_array_f64(const char *path, const char *dset, double **values, size_t *nrows,
                                 size_t *ncols, ric_error *err)
{
    void *v = NULL;
    ric_status st = ric_i_read_array(path, dset, 0, values ? &v : NULL, nrows, ncols, err);
    if (values)
        *values = v;
    return st;
}

ric_status ric_h5_read_array_i64(const char *path, const char *dset, int64_t **values,
                                 size_t *nrows, size_t *ncols, ric_error *err)
{
    void *v = NULL;
    ric_status st = ric_i_read_array(path, dset, 1, values ? &v : NULL, nrows, ncols, err);
    if (values)
        *values = v;
    return st;
}

ric_status ric_h5_read_columns(const char *path, const char *dset, char (*names)[64], size_t max,
                               size_t *n, ric_error *err)
{
    *n = 0;
    hid_t f;
    RIC_CHECK(ric_i_open_ro(path, &f, err));
    ric_status st = RIC_OK;
    if (H5Lexists(f, dset, H5P_DEFAULT) <= 0 ||
        H5Aexists_by_name(f, dset, "columns", H5P_DEFAULT) <= 0) {
        H5Fclose(f);
        return ric_error_set(err, RIC_EINVAL, "%s: %s has no column names", path, dset);
    }
    hid_t a = H5Aopen_by_name(f, dset, "columns", H5P_DEFAULT, H5P_DEFAULT);
    hid_t t = a < 0 ? H5I_INVALID_HID : H5Aget_type(a);
    hid_t sp = a < 0 ? H5I_INVALID_HID : H5Aget_space(a);
    hssize_t cnt = sp < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
    size_t width = t < 0 ? 0 : H5Tget_size(t);
    char *buf = NULL;
    if (cnt < 0 || t < 0 || H5Tget_class(t) != H5T_STRING || H5Tis_variable_str(t) > 0 ||
        (size_t)cnt > max || !(buf = calloc((size_t)cnt + 1, width)) || H5Aread(a, t, buf) < 0) {
        st = ric_error_set(err, RIC_EFORMAT, "%s: the column names of %s are unreadable", path,
                           dset);
    } else {
        for (hssize_t i = 0; i < cnt; i++)
            snprintf(names[i], sizeof names[0], "%.*s", (int)width, buf + (size_t)i * width);
        *n = (size_t)cnt;
    }
    free(buf);
    if (sp >= 0)
        H5Sclose(sp);
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    H5Fclose(f);
    return st;
}

/* Names of snapshot groups after the checkpoint step, collected first:
 * deleting links while iterating over them is not allowed. */
typedef struct ric_i_late {
    int64_t after;
    char (*name)[32];
    size_t n, cap;
} ric_i_late;

static herr_t ric_i_late_snapshot(hid_t g, const char *name, const H5L_info_t *info, void *ud)
{
    (void)g;
    (void)info;
    ric_i_late *l = ud;
    long long step = -1;
    if (sscanf(name, "step_%lld", &step) != 1 || step <= l->after)
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        void *p = realloc(l->name, cap * sizeof *l->name);
        if (!p)
            return -1;
        l->name = p;
        l->cap = cap;
    }
    snprintf(l->name[l->n++], sizeof l->name[0], "%s", name);
    return 0;
}

ric_status ric_h5_reopen(ric_h5 *h, const char *path, int64_t last_step, ric_error *err)
{
    hid_t f;
    RIC_CHECK(ric_i_open_ro(path, &f, err)); /* a ricsim file at all? */
    H5Fclose(f);
    h->file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    if (h->file < 0)
        return ric_i_fail(err, "cannot open %s for writing (is another process using it?)", path);
    snprintf(h->path, sizeof h->path, "%s", path);
    h->reopened = 1;
    h->reopen_step = last_step;
    RIC_CHECK(ric_i_write_status(h, "running", err));
    if (H5Lexists(h->file, "/snapshots", H5P_DEFAULT) > 0) {
        hid_t g = H5Gopen2(h->file, "/snapshots", H5P_DEFAULT);
        ric_i_late late = {last_step, NULL, 0, 0};
        hsize_t idx = 0;
        herr_t it =
            g < 0 ? -1
                  : H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, ric_i_late_snapshot, &late);
        for (size_t k = 0; it >= 0 && k < late.n; k++)
            if (H5Ldelete(g, late.name[k], H5P_DEFAULT) < 0)
                it = -1;
        free(late.name);
        if (g >= 0)
            H5Gclose(g);
        if (it < 0)
            return ric_i_fail(err, "cannot remove later snapshots from %s", path);
    }
    if (H5Fflush(h->file, H5F_SCOPE_GLOBAL) < 0)
        return ric_i_fail(err, "cannot flush %s", path);
    return RIC_OK;
}
