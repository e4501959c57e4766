/* HDF5 run output. Contract: ric_h5.h; layout: docs/output.md. Built on the
 * one HDF5 layer, ric_h5io.h. */
#include "ric_h5.h"

#include "ric_h5io.h"
#include "ric_version.h"

#include <hdf5.h>
#include <gsl/gsl_version.h>
#include <igraph_version.h>
#include <yaml.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The header keeps ids as int64_t so that its users need not include hdf5.h. */
_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t must fit ric_h5's int64_t ids");

/* Largest chunk in values: 1 MiB of doubles, HDF5's default chunk cache size, so a
 * chunk being filled stays in the cache. */
#define RIC_I_MAX_CHUNK_VALUES 131072
/* Keeps chunks far below HDF5's 4 GiB chunk limit. */
#define RIC_I_MAX_COLS 1048576

/* ---- errors ------------------------------------------------------------- */

/* A view of the writer's file for the one HDF5 layer. */
static ric_h5f ric_i_view(hid_t file, const char *path, ric_error *err)
{
    ric_h5f f;
    ric_h5f_init(&f);
    f.id = file;
    f.err = err;
    snprintf(f.path, sizeof f.path, "%s", path);
    return f;
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
    ric_h5f v = ric_i_view(H5I_INVALID_HID, "", err);
    return ric_h5f_fail(&v, "%s", what);
}

static void ric_i_close_id(hid_t id)
{
    if (id > 0)
        H5Idec_ref(id);
}

static ric_status ric_i_write_status(ric_h5 *h, const char *status, ric_error *err)
{
    if (ric_h5f_fail_injected(h->path))
        return ric_error_set(err, RIC_EIO, "%s: cannot write /run_status: %s", h->path,
                             strerror(ENOSPC));
    char buf[RIC_H5_STATUS_SIZE] = {0};
    snprintf(buf, sizeof buf, "%s", status);
    hid_t t = H5Tcopy(H5T_C_S1);
    hid_t d = H5Dopen2(h->file, "/run_status", H5P_DEFAULT);
    ric_status st = RIC_OK;
    if (t < 0 || d < 0 || H5Tset_size(t, sizeof buf) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)
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
    ric_h5f v = ric_i_view(h->file, h->path, err), *f = &v;
    const int32_t format = RIC_H5_FORMAT_VERSION;
    ric_h5f_attr_i32(f, "/", "format_version", &format, 1);

    /* H5MD 1.1 requires version, creator and author. */
    const int32_t h5md_version[2] = {1, 1};
    ric_h5f_group(f, "/h5md");
    ric_h5f_attr_i32(f, "/h5md", "version", h5md_version, 2);
    ric_h5f_group(f, "/h5md/creator");
    ric_h5f_attr_str(f, "/h5md/creator", "name", "ricsim");
    ric_h5f_attr_str(f, "/h5md/creator", "version", RIC_VERSION_STRING);
    ric_h5f_group(f, "/h5md/author");
    ric_h5f_attr_str(f, "/h5md/author", "name", "ricsim");

    ric_h5f_group(f, "/parameters");
    ric_h5f_put_str(f, "/parameters/scenario", meta->scenario_text, 0);
    ric_h5f_put_str(f, "/parameters/scenario_path", meta->scenario_path, 0);
    ric_h5f_put_str(f, "/parameters/effective", meta->effective, 0);
    ric_h5f_put_str(f, "/parameters/overrides", meta->overrides, 0);
    const int32_t threads = (int32_t)meta->threads;
    ric_h5f_put(f, "/parameters/seed", RIC_H5_U64, 0, NULL, &meta->seed);
    ric_h5f_put(f, "/parameters/replication", RIC_H5_U64, 0, NULL, &meta->replication);
    ric_h5f_put(f, "/parameters/steps", RIC_H5_I64, 0, NULL, &meta->steps);
    ric_h5f_put(f, "/parameters/threads", RIC_H5_I32, 0, NULL, &threads);

    /* No creation time: the same inputs give the same bytes (docs/output.md). */
    char deps[512];
    ric_i_dependencies(deps, sizeof deps);
    ric_h5f_attr_str(f, "/parameters", "git_hash", RIC_GIT_HASH);
    ric_h5f_attr_str(f, "/parameters", "build_flags", RIC_BUILD_FLAGS);
    ric_h5f_attr_str(f, "/parameters", "ricsim_version", RIC_VERSION_STRING);
    ric_h5f_attr_str(f, "/parameters", "dependencies", deps);

    ric_h5f_put_str(f, "/run_status", "running", RIC_H5_STATUS_SIZE);
    ric_h5f_group(f, "/observables");
    /* Made even when no table is declared, so readers can rely on it. */
    ric_h5f_group(f, "/events");
    return f->st;
}

void ric_h5_init(ric_h5 *h)
{
    if (!h)
        return;
    memset(h, 0, sizeof *h);
    h->file = H5I_INVALID_HID;
    h->lock_fd = -1;
}

/* ---- the output lock ---------------------------------------------------- */

ric_status ric_h5_lock(ric_h5 *h, const char *path, ric_error *err)
{
    if (h->lock_fd >= 0)
        return RIC_OK;
    char lock[4200];
    snprintf(lock, sizeof lock, "%s.lock", path);
    /* The lock file is removed when its writer is done, so a writer that
     * got the lock checks that it is still the file under that name. */
    for (int tries = 0; tries < 8; tries++) {
        int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd < 0)
            return ric_error_set(err, RIC_EIO, "%s: cannot create the lock %s: %s", path, lock,
                                 strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            close(fd);
            if (e == EWOULDBLOCK)
                return ric_error_set(err, RIC_EEXIST,
                                     "%s is being written by another ricsim process (lock %s)",
                                     path, lock);
            return ric_error_set(err, RIC_EIO, "%s: cannot lock %s: %s", path, lock, strerror(e));
        }
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(lock, &b) == 0 && a.st_ino == b.st_ino &&
            a.st_dev == b.st_dev) {
            h->lock_fd = fd;
            snprintf(h->lock_path, sizeof h->lock_path, "%s", lock);
            return RIC_OK;
        }
        close(fd);
    }
    return ric_error_set(err, RIC_EEXIST, "%s: cannot take the lock %s", path, lock);
}

static void ric_i_unlock(ric_h5 *h)
{
    if (h->lock_fd < 0)
        return;
    unlink(h->lock_path); /* while still holding it */
    close(h->lock_fd);
    h->lock_fd = -1;
    h->lock_path[0] = '\0';
}

/* --force replaces regular files only: never a device, fifo or directory
 * (ricsim once replaced /dev/null with its output). */
static ric_status ric_i_may_write(const char *path, int force, ric_error *err)
{
    struct stat sb;
    if (lstat(path, &sb) != 0) {
        if (errno == ENOENT)
            return RIC_OK;
        return ric_error_set(err, RIC_EIO, "cannot create %s: %s", path, strerror(errno));
    }
    if (S_ISLNK(sb.st_mode) && stat(path, &sb) != 0)
        sb.st_mode = S_IFREG; /* a dangling link is replaced like a file */
    if (!S_ISREG(sb.st_mode))
        return ric_error_set(err, RIC_EEXIST,
                             "%s exists and is not a regular file; ricsim writes only regular "
                             "files (--force replaces regular files only)",
                             path);
    if (!force)
        return ric_error_set(err, RIC_EEXIST, "%s exists; use --force to overwrite", path);
    return RIC_OK;
}

ric_status ric_h5_check_output(const char *path, int force, ric_error *err)
{
    if (!path || !path[0])
        return ric_error_set(err, RIC_EINVAL, "no output file named");
    return ric_i_may_write(path, force, err);
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
    RIC_CHECK(ric_i_may_write(path, force, err));
    if (h->lock_fd < 0 && h->file == 0)
        ric_h5_init(h); /* a zeroed writer */
    RIC_CHECK(ric_h5_lock(h, path, err));
    ric_lib_init();

    /* Earliest format 1.8: objects are written in their 1.8 versions, readable by
     * every h5py, h5dump and HDFView in use. Latest stays open so HDF5 does not
     * refuse a feature; SWMR would need earliest = latest. Strong close: no
     * handle outlives the file. */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        ric_status st = ric_i_fail(err, "cannot set up file access for %s", path);
        ric_i_close_id(fapl);
        ric_i_unlock(h);
        return st;
    }
    /* The file is made and laid out under a private name, then takes its
     * name: a failed create leaves nothing behind (no empty file to block a
     * rerun), and --force never truncates the old file in place (a reader
     * may hold it open). */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    remove(tmp);
    hid_t fcpl = ric_h5f_untimed(H5P_FILE_CREATE);
    hid_t file = fcpl < 0 ? H5I_INVALID_HID : H5Fcreate(tmp, H5F_ACC_EXCL, fcpl, fapl);
    ric_i_close_id(fcpl);
    H5Pclose(fapl);
    if (file < 0) {
        ric_status st = ric_i_fail(err, "cannot create %s", tmp);
        remove(tmp);
        ric_i_unlock(h);
        return st;
    }
    h->file = file;
    snprintf(h->path, sizeof h->path, "%s", path);
    ric_status st = ric_i_layout(h, meta, err);
    /* Flushed at once, so a run killed from here on reads "running". */
    if (st == RIC_OK && (ric_h5f_fail_injected(path) || H5Fflush(file, H5F_SCOPE_GLOBAL) < 0))
        st = ric_i_fail(err, "cannot flush %s", path);
    /* No --force: link() fails if the name was taken meanwhile. */
    if (st == RIC_OK && !force && link(tmp, path) != 0)
        st = ric_error_set(err, errno == EEXIST ? RIC_EEXIST : RIC_EIO, "cannot create %s: %s",
                           path, strerror(errno));
    if (st == RIC_OK && force && rename(tmp, path) != 0)
        st = ric_error_set(err, RIC_EIO, "cannot replace %s: %s", path, strerror(errno));
    if (st != RIC_OK) {
        /* A half-made file holds nothing worth keeping and would only mislead. */
        H5Fclose(file);
        h->file = H5I_INVALID_HID;
        ric_i_unlock(h);
        ric_h5_init(h);
    }
    remove(tmp);
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
    hid_t dcpl = ric_h5f_untimed(H5P_DATASET_CREATE);
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
    /* The steps, checked and read through the layer: ascending, keep the
     * prefix up to the checkpoint. A series' step is [T] beside value [T]
     * or [T][C]; a table's step is its column 0 of [T][ncols]. */
    ric_h5f v = ric_i_view(h->file, h->path, err);
    size_t dims[2] = {0, 0};
    void *buf = NULL;
    const size_t want[2] = {RIC_H5_ANY, ncols};
    RIC_CHECK(ric_h5f_get(&v, step, RIC_H5_I64, value ? 1 : 2, value ? NULL : want, dims, &buf));
    const size_t n = dims[0];
    if (value) {
        void *vb = NULL;
        size_t vd[2];
        const size_t vwant[2] = {n, ncols};
        ric_status st = ric_h5f_get(&v, value, RIC_H5_F64, ncols ? 2 : 1, vwant, vd, &vb);
        free(vb);
        if (st != RIC_OK) {
            free(buf);
            return ric_error_set(err, RIC_EFORMAT, "%s: not the output of this run", h->path);
        }
    }
    const int64_t *steps = buf;
    const size_t stride = value ? 1 : ncols;
    hsize_t keep = 0;
    while (keep < n && steps[keep * stride] <= h->reopen_step)
        keep++;
    free(buf);
    *ds = H5Dopen2(h->file, step, H5P_DEFAULT);
    if (dv)
        *dv = value ? H5Dopen2(h->file, value, H5P_DEFAULT) : H5I_INVALID_HID;
    if (*ds < 0 || (dv && value && *dv < 0))
        return ric_i_fail(err, "cannot open %s in %s", step, h->path);
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
    ric_h5f v = ric_i_view(file, path, err);
    ric_h5f_attr_strs(&v, obj, "columns", colnames, ncols);
    return v.st;
}

static ric_status ric_i_group(hid_t file, const char *obj, const char *path, ric_error *err)
{
    ric_h5f v = ric_i_view(file, path, err);
    ric_h5f_group(&v, obj);
    return v.st;
}

static ric_status ric_i_attr_str(hid_t file, const char *obj, const char *name, const char *s,
                                 const char *path, ric_error *err)
{
    ric_h5f v = ric_i_view(file, path, err);
    ric_h5f_attr_str(&v, obj, name, s);
    return v.st;
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
    ric_h5f v = ric_i_view(h->file, h->path, err);
    /* Missing parent groups are made here (not by HDF5's intermediate-group
     * option, whose groups would carry modification times). */
    char parent[1024];
    for (const char *c = strchr(path + 1, '/'); c && v.st == RIC_OK; c = strchr(c + 1, '/')) {
        snprintf(parent, sizeof parent, "%.*s", (int)(c - path), path);
        if (H5Lexists(h->file, parent, H5P_DEFAULT) <= 0)
            ric_h5f_group(&v, parent);
    }
    const size_t dims[2] = {nrows, ncols};
    ric_h5f_put(&v, path, is_int64 ? RIC_H5_I64 : RIC_H5_F64, ncols ? 2 : 1, dims, data);
    if (colnames)
        ric_h5f_attr_strs(&v, path, "columns", colnames, ncols);
    /* A half-written array is unlinked so that a retry can succeed (its groups stay). */
    if (v.st != RIC_OK && H5Lexists(h->file, path, H5P_DEFAULT) > 0)
        H5Ldelete(h->file, path, H5P_DEFAULT);
    return v.st;
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
    ric_h5f v = ric_i_view(h->file, h->path, err);
    ric_h5f_attr_i64(&v, path, attr, value);
    return v.st;
}

/* H5Fflush, or the failure RICSIM_FAIL_WRITE injects. */
static ric_status ric_i_flush(ric_h5 *h, ric_error *err)
{
    if (ric_h5f_fail_injected(h->path))
        return ric_error_set(err, RIC_EIO, "cannot flush %s: %s", h->path, strerror(ENOSPC));
    if (H5Fflush(h->file, H5F_SCOPE_GLOBAL) < 0)
        return ric_i_fail(err, "cannot flush %s (disk full?)", h->path);
    return RIC_OK;
}

ric_status ric_h5_flush(ric_h5 *h, ric_error *err)
{
    if (!h || h->file <= 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_flush: no output file open");
    for (size_t i = 0; i < h->nseries; i++)
        RIC_CHECK(ric_i_write_rows(h, &h->series[i], err));
    for (size_t i = 0; i < h->ntables; i++)
        RIC_CHECK(ric_i_table_write_rows(h, &h->tables[i], err));
    return ric_i_flush(h, err);
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
    ric_i_unlock(h);
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
    /* Everything else is on disk before the status says so: a full disk
     * leaves "running" (or "failed"), never a "complete" file with holes. */
    if (st == RIC_OK)
        st = ric_i_flush(h, err);
    const char *final = st == RIC_OK ? status : "failed";
    ric_status s = ric_i_write_status(h, final, err);
    if (s == RIC_OK)
        s = ric_i_flush(h, err);
    if (s != RIC_OK && strcmp(final, "complete") == 0) {
        /* "complete" may have reached the disk without the rest: take it back. */
        if (ric_i_write_status(h, "failed", NULL) != RIC_OK || ric_i_flush(h, NULL) != RIC_OK) {
            char path[sizeof h->path];
            memcpy(path, h->path, sizeof path);
            ric_i_close(h, NULL);
            remove(path); /* cannot be told from a finished run otherwise */
            return ric_error_set(err, s, "%s: removed: it could not be finished", path);
        }
    }
    st = st == RIC_OK ? s : st;
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

ric_status ric_h5f_open_run(ric_h5f *f, const char *path, ric_error *err)
{
    if (!path || !path[0])
        return ric_error_set(err, RIC_EINVAL, "no output file named");
    RIC_CHECK(ric_h5f_open(f, path, "output file", err));
    if (ric_h5f_has(f, "/run_status") <= 0) {
        ric_h5f_close(f);
        return ric_error_set(err, RIC_EFORMAT, "%s: not a ricsim output file (no /run_status)",
                             path);
    }
    return RIC_OK;
}

ric_status ric_h5_read_status(const char *path, char *buf, size_t bufsize, ric_error *err)
{
    if (!buf || bufsize == 0)
        return ric_error_set(err, RIC_EINVAL, "ric_h5_read_status: no buffer");
    buf[0] = '\0';
    ric_h5f f;
    RIC_CHECK(ric_h5f_open_run(&f, path, err));
    ric_status st = ric_h5f_status(&f, buf, bufsize);
    ric_h5f_close(&f);
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
    ric_h5f f;
    RIC_CHECK(ric_h5f_open_run(&f, path, err));
    ric_status st = ric_h5f_series(&f, name, steps, values, nrows, ncols);
    ric_h5f_close(&f);
    return st;
}

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
    ric_h5f f;
    RIC_CHECK(ric_h5f_open_run(&f, path, err));
    char obj[96];
    snprintf(obj, sizeof obj, "/events/%s", name);
    size_t dims[2] = {0, 0};
    void *buf = NULL;
    ric_status st = RIC_OK;
    /* No table is also what a file from before event tables (no /events) has. */
    if (ric_h5f_has(&f, obj) <= 0)
        st = ric_error_set(err, RIC_EINVAL, "%s: no table %s", path, name);
    else
        st = ric_h5f_get(&f, obj, RIC_H5_I64, 2, NULL, dims, &buf);
    if (st == RIC_OK && dims[1] == 0)
        st = ric_error_set(err, RIC_EFORMAT, "%s: %s has no columns", path, obj);
    if (st == RIC_OK) {
        *rows = buf;
        *nrows = dims[0];
        *ncols = dims[1];
        buf = NULL;
    }
    free(buf);
    ric_h5f_close(&f);
    return st;
}

/* A 1-D or 2-D array (ric_h5_write_array); *ncols 0 for 1-D. */
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
    ric_h5f f;
    RIC_CHECK(ric_h5f_open_run(&f, path, err));
    ric_status st = RIC_OK;
    H5O_info_t info;
    if (ric_h5f_has(&f, dset) <= 0 ||
        H5Oget_info_by_name2(f.id, dset, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 ||
        info.type != H5O_TYPE_DATASET) {
        st = ric_error_set(err, RIC_EINVAL, "%s: no dataset %s", path, dset);
    } else {
        const ric_h5_type t = is_int64 ? RIC_H5_I64 : RIC_H5_F64;
        size_t dims[2] = {0, 0};
        const int rank = ric_h5f_rank(&f, dset);
        if (rank != 1 && rank != 2)
            st = ric_error_set(err, RIC_EFORMAT, "%s: %s is not a 1-D or 2-D dataset", path, dset);
        else
            st = ric_h5f_get(&f, dset, t, rank, NULL, dims, values);
        if (st == RIC_OK && rank == 2 && dims[1] == 0) {
            free(*values);
            *values = NULL;
            st = ric_error_set(err, RIC_EFORMAT, "%s: %s has no columns", path, dset);
        }
        if (st == RIC_OK) {
            *nrows = dims[0];
            *ncols = rank == 2 ? dims[1] : 0;
        }
    }
    ric_h5f_close(&f);
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
    ric_h5f f;
    RIC_CHECK(ric_h5f_open_run(&f, path, err));
    ric_status st = ric_h5f_columns(&f, dset, names, max, n);
    ric_h5f_close(&f);
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
    ric_h5f f;
    RIC_CHECK(ric_h5f_open_run(&f, path, err)); /* a ricsim file at all? */
    ric_h5f_close(&f);
    if (h->file == 0 && h->lock_fd == 0)
        ric_h5_init(h); /* a zeroed writer */
    RIC_CHECK(ric_h5_lock(h, path, err));
    ric_status st = ric_h5f_open_rw(&f, path, err);
    if (st != RIC_OK) {
        ric_i_unlock(h);
        return st;
    }
    h->file = f.id;
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
    return ric_i_flush(h, err);
}
