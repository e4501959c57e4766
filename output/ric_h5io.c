/* The one HDF5 layer (ric_h5io.h). */
#include "ric_h5io.h"

#include <zlib.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Largest chunk in values: 1 MiB of doubles, HDF5's default chunk cache. */
#define RIC_I_CHUNK_VALUES 131072

int ric_h5f_fail_injected(const char *path)
{
    const char *s = getenv("RICSIM_FAIL_WRITE");
    return s && s[0] && path && strstr(path, s) != NULL;
}

void ric_h5f_init(ric_h5f *f)
{
    memset(f, 0, sizeof *f);
    f->id = H5I_INVALID_HID;
}

/* ---- errors ------------------------------------------------------------- */

static herr_t ric_i_walk_cb(unsigned n, const H5E_error2_t *e, void *data)
{
    char *why = data;
    if (n == 0 && e->desc)
        snprintf(why, 256, "%s", e->desc);
    return 0;
}

ric_status ric_h5f_fail(ric_h5f *f, const char *fmt, ...)
{
    if (f->st != RIC_OK)
        return f->st;
    char what[768], why[256] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, ric_i_walk_cb, why);
    const char *sep = f->path[0] ? ": " : "";
    if (why[0])
        f->st = ric_error_set(f->err, RIC_EHDF5, "%s%s%s (HDF5: %s)", f->path, sep, what, why);
    else
        f->st = ric_error_set(f->err, RIC_EHDF5, "%s%s%s", f->path, sep, what);
    return f->st;
}

/* A damaged or foreign file: RIC_EFORMAT naming file and object. */
static ric_status ric_i_bad(ric_h5f *f, const char *obj, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static ric_status ric_i_bad(ric_h5f *f, const char *obj, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return ric_error_set(f->err, RIC_EFORMAT, "%s: %s: %s", f->path, obj, what);
}

/* ---- types -------------------------------------------------------------- */

static hid_t ric_i_ftype(ric_h5_type t)
{
    switch (t) {
    case RIC_H5_I64:
        return H5T_STD_I64LE;
    case RIC_H5_U64:
        return H5T_STD_U64LE;
    case RIC_H5_I32:
        return H5T_STD_I32LE;
    case RIC_H5_U32:
        return H5T_STD_U32LE;
    case RIC_H5_U8:
        return H5T_STD_U8LE;
    case RIC_H5_F64:
        break;
    }
    return H5T_IEEE_F64LE;
}

static hid_t ric_i_mtype(ric_h5_type t)
{
    switch (t) {
    case RIC_H5_I64:
        return H5T_NATIVE_INT64;
    case RIC_H5_U64:
        return H5T_NATIVE_UINT64;
    case RIC_H5_I32:
        return H5T_NATIVE_INT32;
    case RIC_H5_U32:
        return H5T_NATIVE_UINT32;
    case RIC_H5_U8:
        return H5T_NATIVE_UINT8;
    case RIC_H5_F64:
        break;
    }
    return H5T_NATIVE_DOUBLE;
}

static size_t ric_i_size(ric_h5_type t)
{
    return t == RIC_H5_I32 || t == RIC_H5_U32 ? 4 : t == RIC_H5_U8 ? 1 : 8;
}

static const char *ric_i_tname(ric_h5_type t)
{
    static const char *const n[] = {"int64", "uint64", "int32", "uint32", "uint8", "float64"};
    return n[t];
}

/* Fixed-length NUL-terminated UTF-8 string of size bytes. */
static hid_t ric_i_strtype(size_t size)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return H5I_INVALID_HID;
    if (H5Tset_size(t, size ? size : 1) < 0 || H5Tset_strpad(t, H5T_STR_NULLTERM) < 0 ||
        H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return H5I_INVALID_HID;
    }
    return t;
}

/* Creation properties without modification times: the same inputs write
 * the same bytes. */
hid_t ric_h5f_untimed(hid_t cls)
{
    hid_t pl = H5Pcreate(cls);
    if (pl >= 0 && H5Pset_obj_track_times(pl, 0) < 0) {
        H5Pclose(pl);
        return H5I_INVALID_HID;
    }
    return pl;
}

static void ric_i_close(hid_t id)
{
    if (id >= 0)
        H5Idec_ref(id);
}

/* ---- files -------------------------------------------------------------- */

/* File access: strong close (closing the file closes whatever is still open
 * in it, so no handle outlives a failed close). The earliest superblock
 * (no status flags, no checksum) keeps HDF5 1.10's file images whole: its
 * images of a v2 superblock carry a stale checksum. */
static hid_t ric_i_fapl(void)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0 && H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        H5Pclose(fapl);
        return H5I_INVALID_HID;
    }
    return fapl;
}

static int ric_i_set_path(ric_h5f *f, const char *path, ric_error *err)
{
    ric_h5f_init(f);
    f->err = err;
    ric_lib_init();
    if (!path || !path[0] || strlen(path) >= sizeof f->path) {
        f->st = ric_error_set(err, RIC_EINVAL, "file name empty or too long");
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s", path);
    return 0;
}

/* Files written whole (checkpoints, indexes) are built in memory and written
 * out by ric_h5f_close with plain write() calls: a full disk is then an
 * ordinary write error, and HDF5 is never left holding a file it cannot
 * flush (which crashed the process at exit). */
ric_status ric_h5f_create(ric_h5f *f, const char *path, ric_error *err)
{
    if (ric_i_set_path(f, path, err))
        return f->st;
    hid_t fapl = ric_i_fapl();
    hid_t fcpl = ric_h5f_untimed(H5P_FILE_CREATE);
    if (fapl >= 0 && fcpl >= 0 && H5Pset_fapl_core(fapl, 1 << 20, 0) >= 0)
        f->id = H5Fcreate(path, H5F_ACC_EXCL, fcpl, fapl);
    ric_i_close(fcpl);
    ric_i_close(fapl);
    if (f->id < 0)
        return ric_h5f_fail(f, "cannot create");
    return RIC_OK;
}

ric_status ric_h5f_open_rw(ric_h5f *f, const char *path, ric_error *err)
{
    if (ric_i_set_path(f, path, err))
        return f->st;
    hid_t fapl = ric_i_fapl();
    f->id = fapl < 0 ? H5I_INVALID_HID : H5Fopen(path, H5F_ACC_RDWR, fapl);
    ric_i_close(fapl);
    if (f->id < 0)
        return ric_h5f_fail(f, "cannot open for writing");
    return RIC_OK;
}

/* Writes an in-memory file's image to its path (created, not replaced). */
static ric_status ric_i_write_image(ric_h5f *f)
{
    if (H5Fflush(f->id, H5F_SCOPE_GLOBAL) < 0)
        return ric_h5f_fail(f, "cannot flush");
    ssize_t size = H5Fget_file_image(f->id, NULL, 0);
    char *buf = size > 0 ? malloc((size_t)size) : NULL;
    if (!buf || H5Fget_file_image(f->id, buf, (size_t)size) != size) {
        free(buf);
        return ric_h5f_fail(f, "cannot take the file image");
    }
    int fd = open(f->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    ric_status st = RIC_OK;
    if (fd < 0) {
        st = ric_error_set(f->err, RIC_EIO, "%s: cannot create: %s", f->path, strerror(errno));
        free(buf);
        return st;
    }
    size_t done = 0;
    while (done < (size_t)size) {
        ssize_t n = ric_h5f_fail_injected(f->path) ? (errno = ENOSPC, -1)
                                                   : write(fd, buf + done, (size_t)size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            st = ric_error_set(f->err, RIC_EIO, "%s: cannot write: %s", f->path,
                               strerror(n < 0 ? errno : EIO));
            break;
        }
        done += (size_t)n;
    }
    if (st == RIC_OK && fsync(fd) != 0 && errno != EINVAL)
        st = ric_error_set(f->err, RIC_EIO, "%s: cannot write: %s", f->path, strerror(errno));
    if (close(fd) != 0 && st == RIC_OK)
        st = ric_error_set(f->err, RIC_EIO, "%s: cannot write: %s", f->path, strerror(errno));
    if (st != RIC_OK)
        unlink(f->path); /* no partial file left to block a rerun */
    free(buf);
    return st;
}

ric_status ric_h5f_close(ric_h5f *f)
{
    if (!f || f->id < 0)
        return f ? f->st : RIC_OK;
    hid_t fapl = H5Fget_access_plist(f->id);
    int core = fapl >= 0 && H5Pget_driver(fapl) == H5FD_CORE;
    ric_i_close(fapl);
    unsigned intent = 0;
    int writing = H5Fget_intent(f->id, &intent) >= 0 && (intent & H5F_ACC_RDWR);
    if (core && writing && f->st == RIC_OK)
        f->st = ric_i_write_image(f);
    if (H5Fclose(f->id) < 0 && f->st == RIC_OK && writing)
        ric_h5f_fail(f, "cannot close");
    f->id = H5I_INVALID_HID;
    return f->st;
}

ric_status ric_h5f_open(ric_h5f *f, const char *path, const char *what, ric_error *err)
{
    if (ric_i_set_path(f, path, err))
        return f->st;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return f->st = ric_error_set(err, errno == ENOENT ? RIC_ENOENT : RIC_EIO,
                                     "cannot open %s %s: %s", what, path, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return f->st = ric_error_set(err, RIC_EFORMAT,
                                     "%s: not a regular file (ricsim %s expected)", path, what);
    htri_t is = H5Fis_hdf5(path);
    if (is <= 0)
        return f->st = ric_error_set(err, RIC_EFORMAT,
                                     "%s: not an HDF5 file (truncated, damaged or foreign; "
                                     "a ricsim %s was expected)",
                                     path, what);
    hid_t fapl = ric_i_fapl();
    f->id = fapl < 0 ? H5I_INVALID_HID : H5Fopen(path, H5F_ACC_RDONLY, fapl);
    ric_i_close(fapl);
    if (f->id < 0)
        return f->st = ric_error_set(err, RIC_EFORMAT,
                                     "%s: cannot open this ricsim %s (truncated or damaged?)", path,
                                     what);
    return RIC_OK;
}

ric_status ric_h5f_open_image(ric_h5f *f, const void *buf, size_t len, const char *name,
                              ric_error *err)
{
    if (ric_i_set_path(f, name, err))
        return f->st;
    hid_t fapl = ric_i_fapl();
    /* The core driver over a copy of the image, never written back. */
    if (fapl >= 0 && H5Pset_fapl_core(fapl, 1 << 16, 0) >= 0 &&
        H5Pset_file_image(fapl, (void *)(uintptr_t)buf, len) >= 0)
        f->id = H5Fopen(name, H5F_ACC_RDONLY, fapl);
    ric_i_close(fapl);
    if (f->id < 0)
        return f->st = ric_error_set(err, RIC_EFORMAT, "%s: not a readable HDF5 image", name);
    return RIC_OK;
}

/* ---- writing ------------------------------------------------------------ */

void ric_h5f_group(ric_h5f *f, const char *obj)
{
    if (f->st != RIC_OK)
        return;
    hid_t gcpl = ric_h5f_untimed(H5P_GROUP_CREATE);
    hid_t g = gcpl < 0 ? H5I_INVALID_HID : H5Gcreate2(f->id, obj, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    if (g < 0)
        ric_h5f_fail(f, "cannot create group %s", obj);
    ric_i_close(g);
    ric_i_close(gcpl);
}

/* Dataset obj of file type ftype and shape sp, written from buf (if any). */
static void ric_i_dataset(ric_h5f *f, const char *obj, hid_t ftype, hid_t mtype, hid_t sp,
                          hid_t dcpl, const void *buf)
{
    hid_t d = H5I_INVALID_HID;
    if (sp < 0 || ftype < 0 || dcpl < 0 ||
        (d = H5Dcreate2(f->id, obj, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        ric_h5f_fail(f, "cannot create dataset %s", obj);
    else if (buf && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        ric_h5f_fail(f, "cannot write dataset %s", obj);
    if (d >= 0 && H5Dclose(d) < 0)
        ric_h5f_fail(f, "cannot close dataset %s", obj);
}

void ric_h5f_put(ric_h5f *f, const char *obj, ric_h5_type t, int rank, const size_t *dims,
                 const void *data)
{
    if (f->st != RIC_OK)
        return;
    hsize_t hd[3] = {1, 1, 1}, chunk[3] = {1, 1, 1};
    size_t total = 1, row = 1;
    for (int r = 0; r < rank; r++) {
        hd[r] = chunk[r] = dims[r];
        total *= dims[r];
        if (r > 0)
            row *= dims[r];
    }
    hid_t sp = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, hd, NULL);
    hid_t dcpl = ric_h5f_untimed(H5P_DATASET_CREATE);
    if (rank > 0 && total > 0 && dcpl >= 0) {
        /* A chunk of at most 1 MiB of values: whole rows, at least one. */
        size_t rows = row && RIC_I_CHUNK_VALUES / row > 0 ? RIC_I_CHUNK_VALUES / row : 1;
        chunk[0] = rows < dims[0] ? rows : dims[0];
        /* Shuffle before deflate: the pipeline runs in the order set. */
        if (H5Pset_chunk(dcpl, rank, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
            H5Pset_deflate(dcpl, 4) < 0)
            ric_h5f_fail(f, "cannot set up dataset %s", obj);
    }
    if (f->st == RIC_OK)
        ric_i_dataset(f, obj, ric_i_ftype(t), ric_i_mtype(t), sp, dcpl, total ? data : NULL);
    ric_i_close(dcpl);
    ric_i_close(sp);
}

void ric_h5f_put_empty(ric_h5f *f, const char *obj, ric_h5_type t, int rank, const size_t *dims)
{
    if (f->st != RIC_OK)
        return;
    hsize_t hd[3] = {1, 1, 1}, chunk[3] = {1, 1, 1};
    size_t total = 1;
    for (int r = 0; r < rank; r++) {
        hd[r] = dims[r];
        chunk[r] = r ? dims[r] : 1;
        total *= dims[r];
    }
    hid_t sp = H5Screate_simple(rank, hd, NULL);
    hid_t dcpl = ric_h5f_untimed(H5P_DATASET_CREATE);
    if (total > 0 && dcpl >= 0 &&
        (H5Pset_chunk(dcpl, rank, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
         H5Pset_deflate(dcpl, 4) < 0))
        ric_h5f_fail(f, "cannot set up dataset %s", obj);
    if (f->st == RIC_OK)
        ric_i_dataset(f, obj, ric_i_ftype(t), ric_i_mtype(t), sp, dcpl, NULL);
    ric_i_close(dcpl);
    ric_i_close(sp);
}

void ric_h5f_put_slab(ric_h5f *f, const char *obj, ric_h5_type t, size_t i, const void *data)
{
    if (f->st != RIC_OK)
        return;
    hid_t d = H5Dopen2(f->id, obj, H5P_DEFAULT);
    hid_t fs = d < 0 ? H5I_INVALID_HID : H5Dget_space(d);
    hsize_t dims[3] = {0, 1, 1}, off[3] = {i, 0, 0};
    int rank = fs < 0 ? -1 : H5Sget_simple_extent_dims(fs, dims, NULL);
    hsize_t count[3] = {1, dims[1], dims[2]};
    hid_t ms = rank < 1 ? H5I_INVALID_HID : H5Screate_simple(rank, count, NULL);
    if (ms < 0 || i >= dims[0] ||
        (count[1] * count[2] > 0 &&
         (H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, NULL, count, NULL) < 0 ||
          H5Dwrite(d, ric_i_mtype(t), ms, fs, H5P_DEFAULT, data) < 0)))
        ric_h5f_fail(f, "cannot write row %zu of %s", i, obj);
    ric_i_close(ms);
    ric_i_close(fs);
    ric_i_close(d);
}

void ric_h5f_put_str(ric_h5f *f, const char *obj, const char *s, size_t size)
{
    if (f->st != RIC_OK)
        return;
    s = s ? s : "";
    const size_t len = strlen(s) + 1;
    size = size > len ? size : len;
    /* Padded to size with NULs: HDF5 reads size bytes from the buffer. */
    char *buf = calloc(size, 1);
    if (!buf) {
        f->st = ric_error_set(f->err, RIC_ENOMEM, "%s: no memory for %s", f->path, obj);
        return;
    }
    memcpy(buf, s, len);
    hid_t t = ric_i_strtype(size);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t dcpl = ric_h5f_untimed(H5P_DATASET_CREATE);
    ric_i_dataset(f, obj, t, t, sp, dcpl, buf);
    ric_i_close(dcpl);
    ric_i_close(sp);
    ric_i_close(t);
    free(buf);
}

/* n strings packed into rows of the longest's width (NUL included). */
static char *ric_i_pack(const char *const *s, size_t n, size_t *width)
{
    size_t w = 1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(s[i] ? s[i] : "") + 1;
        w = len > w ? len : w;
    }
    char *buf = calloc(n ? n : 1, w);
    for (size_t i = 0; buf && i < n; i++)
        memcpy(buf + i * w, s[i] ? s[i] : "", strlen(s[i] ? s[i] : ""));
    *width = w;
    return buf;
}

static void ric_i_attr(ric_h5f *f, const char *obj, const char *name, hid_t ftype, hid_t mtype,
                       hid_t sp, const void *buf)
{
    if (f->st != RIC_OK)
        return;
    hid_t a = ftype < 0 || sp < 0 ? H5I_INVALID_HID
                                  : H5Acreate_by_name(f->id, obj, name, ftype, sp, H5P_DEFAULT,
                                                      H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0)
        ric_h5f_fail(f, "cannot create attribute %s of %s", name, obj);
    else if (H5Awrite(a, mtype, buf) < 0)
        ric_h5f_fail(f, "cannot write attribute %s of %s", name, obj);
    if (a >= 0 && H5Aclose(a) < 0)
        ric_h5f_fail(f, "cannot close attribute %s of %s", name, obj);
}

void ric_h5f_attr_str(ric_h5f *f, const char *obj, const char *name, const char *s)
{
    s = s ? s : "";
    hid_t t = ric_i_strtype(strlen(s) + 1);
    hid_t sp = H5Screate(H5S_SCALAR);
    ric_i_attr(f, obj, name, t, t, sp, s);
    ric_i_close(sp);
    ric_i_close(t);
}

void ric_h5f_attr_i64(ric_h5f *f, const char *obj, const char *name, int64_t v)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    ric_i_attr(f, obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, sp, &v);
    ric_i_close(sp);
}

void ric_h5f_attr_i32(ric_h5f *f, const char *obj, const char *name, const int32_t *v, size_t n)
{
    hsize_t dims[1] = {n};
    hid_t sp = n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, NULL);
    ric_i_attr(f, obj, name, H5T_STD_I32LE, H5T_NATIVE_INT32, sp, v);
    ric_i_close(sp);
}

/* n strings as a 1-D array of fixed-length strings: dataset obj (name NULL)
 * or attribute name of obj. */
static void ric_i_strs(ric_h5f *f, const char *obj, const char *name, const char *const *s,
                       size_t n)
{
    if (f->st != RIC_OK)
        return;
    size_t w;
    char *buf = ric_i_pack(s, n, &w);
    if (!buf) {
        f->st = ric_error_set(f->err, RIC_ENOMEM, "%s: no memory for %s", f->path, obj);
        return;
    }
    hsize_t dims[1] = {n};
    hid_t t = ric_i_strtype(w);
    hid_t sp = H5Screate_simple(1, dims, NULL);
    hid_t dcpl = name ? H5I_INVALID_HID : ric_h5f_untimed(H5P_DATASET_CREATE);
    if (name)
        ric_i_attr(f, obj, name, t, t, sp, buf);
    else
        ric_i_dataset(f, obj, t, t, sp, dcpl, n ? buf : NULL);
    ric_i_close(dcpl);
    ric_i_close(sp);
    ric_i_close(t);
    free(buf);
}

void ric_h5f_put_strs(ric_h5f *f, const char *obj, const char *const *s, size_t n)
{
    ric_i_strs(f, obj, NULL, s, n);
}

void ric_h5f_attr_strs(ric_h5f *f, const char *obj, const char *name, const char *const *s,
                       size_t n)
{
    ric_i_strs(f, obj, name, s, n);
}

void ric_h5f_flush(ric_h5f *f)
{
    if (f->st == RIC_OK &&
        (ric_h5f_fail_injected(f->path) || H5Fflush(f->id, H5F_SCOPE_GLOBAL) < 0))
        ric_h5f_fail(f, "cannot flush (disk full?)");
}

/* ---- reading ------------------------------------------------------------ */

int ric_h5f_has(ric_h5f *f, const char *obj)
{
    /* H5Lexists fails on a missing or non-group parent: walk down. */
    char buf[1024];
    if (!obj || obj[0] != '/' || strlen(obj) >= sizeof buf)
        return 0;
    snprintf(buf, sizeof buf, "%s", obj);
    for (char *c = buf + 1;;) {
        char *end = c + strcspn(c, "/");
        const char saved = *end;
        *end = '\0';
        htri_t e = H5Lexists(f->id, buf, H5P_DEFAULT);
        if (e <= 0)
            return e < 0 ? -1 : 0;
        H5O_info_t info;
        if (H5Oget_info_by_name2(f->id, buf, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
            return -1;
        if (saved == '\0')
            return 1;
        if (info.type != H5O_TYPE_GROUP)
            return 0;
        *end = saved;
        c = end + 1;
    }
}

/* Opens dataset obj, refusing anything else. */
static ric_status ric_i_open_dset(ric_h5f *f, const char *obj, hid_t *d)
{
    *d = H5I_INVALID_HID;
    int has = ric_h5f_has(f, obj);
    if (has < 0)
        return ric_i_bad(f, obj, "cannot be read (damaged?)");
    if (has == 0)
        return ric_i_bad(f, obj, "missing");
    H5O_info_t info;
    if (H5Oget_info_by_name2(f->id, obj, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 ||
        info.type != H5O_TYPE_DATASET)
        return ric_i_bad(f, obj, "not a dataset");
    *d = H5Dopen2(f->id, obj, H5P_DEFAULT);
    if (*d < 0)
        return ric_i_bad(f, obj, "cannot be opened (damaged?)");
    return RIC_OK;
}

int ric_h5f_rank(ric_h5f *f, const char *obj)
{
    ric_error probe, *keep = f->err;
    ric_error_clear(&probe);
    f->err = &probe;
    hid_t d;
    int r = -1;
    if (ric_i_open_dset(f, obj, &d) == RIC_OK) {
        hid_t sp = H5Dget_space(d);
        H5S_class_t cls = sp < 0 ? H5S_NO_CLASS : H5Sget_simple_extent_type(sp);
        r = cls == H5S_SIMPLE ? H5Sget_simple_extent_ndims(sp) : cls == H5S_SCALAR ? 0 : -1;
        ric_i_close(sp);
        ric_i_close(d);
    }
    f->err = keep;
    return r;
}

/* The rank and extents of d's dataspace (NULL spaces refused), checked
 * against RIC_H5_MAX_ELEMS; *total gets the element count. */
static ric_status ric_i_shape(ric_h5f *f, const char *obj, hid_t d, int *rank, hsize_t dims[3],
                              size_t *total)
{
    hid_t sp = H5Dget_space(d);
    H5S_class_t cls = sp < 0 ? H5S_NO_CLASS : H5Sget_simple_extent_type(sp);
    int r = cls == H5S_SIMPLE ? H5Sget_simple_extent_ndims(sp) : cls == H5S_SCALAR ? 0 : -1;
    ric_status st = RIC_OK;
    if (r < 0 || r > 3)
        st = ric_i_bad(f, obj, "has no usable shape (%s)", r > 3 ? "rank > 3" : "empty dataspace");
    else if (r > 0 && H5Sget_simple_extent_dims(sp, dims, NULL) < 0)
        st = ric_i_bad(f, obj, "has no readable shape");
    ric_i_close(sp);
    RIC_CHECK(st);
    size_t n = 1;
    for (int i = 0; i < r; i++) {
        if (dims[i] > RIC_H5_MAX_ELEMS || (dims[i] && n > RIC_H5_MAX_ELEMS / dims[i]))
            return ric_i_bad(f, obj, "too large (more than %zu values)", RIC_H5_MAX_ELEMS);
        n *= (size_t)dims[i];
    }
    *rank = r;
    *total = n;
    return RIC_OK;
}

static void ric_i_shape_text(char *buf, size_t size, int rank, const hsize_t *dims)
{
    size_t len = (size_t)snprintf(buf, size, "%s", rank ? "" : "scalar");
    for (int i = 0; i < rank && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "[%llu]", (unsigned long long)dims[i]);
}

static int ric_i_short_storage(hid_t d, size_t need);

ric_status ric_h5f_get(ric_h5f *f, const char *obj, ric_h5_type t, int rank, const size_t *want,
                       size_t *dims, void **out)
{
    *out = NULL;
    hid_t d, ft = H5I_INVALID_HID;
    RIC_CHECK(ric_i_open_dset(f, obj, &d));
    hsize_t hd[3] = {0, 0, 0};
    int r = 0;
    size_t total = 0;
    ric_status st = ric_i_shape(f, obj, d, &r, hd, &total);
    ft = st == RIC_OK ? H5Dget_type(d) : H5I_INVALID_HID;
    const H5T_class_t want_cls = t == RIC_H5_F64 ? H5T_FLOAT : H5T_INTEGER;
    if (st == RIC_OK &&
        (ft < 0 || H5Tget_class(ft) != want_cls || H5Tget_size(ft) != ric_i_size(t) ||
         (want_cls == H5T_INTEGER &&
          H5Tget_sign(ft) != (t == RIC_H5_I64 || t == RIC_H5_I32 ? H5T_SGN_2 : H5T_SGN_NONE))))
        st = ric_i_bad(f, obj, "is not %s", ric_i_tname(t));
    int shape_ok = st == RIC_OK && r == rank;
    for (int i = 0; shape_ok && want && i < rank; i++)
        shape_ok = want[i] == RIC_H5_ANY || want[i] == hd[i];
    if (st == RIC_OK && !shape_ok) {
        char have[96], need[96];
        hsize_t wd[3] = {0, 0, 0};
        for (int i = 0; i < rank; i++)
            wd[i] = want && want[i] != RIC_H5_ANY ? want[i] : 0;
        ric_i_shape_text(have, sizeof have, r, hd);
        ric_i_shape_text(need, sizeof need, rank, wd);
        st =
            ric_i_bad(f, obj, "has shape %s, expected %s%s", have, need, want ? " ([0]: any)" : "");
    }
    if (st == RIC_OK && ric_i_short_storage(d, total * H5Tget_size(ft)))
        st = ric_i_bad(f, obj, "holds fewer bytes than its shape needs (damaged)");
    void *buf = NULL;
    if (st == RIC_OK && !(buf = malloc((total ? total : 1) * ric_i_size(t))))
        st = ric_error_set(f->err, RIC_ENOMEM, "%s: %s: no memory for %zu values", f->path, obj,
                           total);
    if (st == RIC_OK && total > 0 &&
        H5Dread(d, ric_i_mtype(t), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        st = ric_i_bad(f, obj, "cannot be read (damaged?)");
    ric_i_close(ft);
    ric_i_close(d);
    if (st != RIC_OK) {
        free(buf);
        return st;
    }
    for (int i = 0; dims && i < rank; i++)
        dims[i] = (size_t)hd[i];
    *out = buf;
    return RIC_OK;
}

/* Whether a compact or contiguous dataset stores fewer bytes than its
 * shape needs: HDF5 1.10 would read past its own buffer (a damaged layout
 * message). Chunked storage may legitimately be smaller (compression). */
/* Every chunk of a chunked dataset, read raw, must give exactly one chunk
 * of bytes: HDF5 1.10 copies a whole chunk out of a shorter buffer when
 * damaged deflate data inflates to less. Only shuffle and deflate (what
 * ricsim and h5py write) are accepted. */
static int ric_i_chunks_bad(hid_t d, hid_t dcpl)
{
    hsize_t cd[8];
    int rank = H5Pget_chunk(dcpl, 8, cd);
    int nf = H5Pget_nfilters(dcpl), deflate = -1;
    if (rank < 1 || rank > 8 || nf < 0)
        return 1;
    for (int i = 0; i < nf; i++) {
        unsigned flags;
        size_t nelem = 0;
        H5Z_filter_t id = H5Pget_filter2(dcpl, (unsigned)i, &flags, &nelem, NULL, 0, NULL, NULL);
        if (id == H5Z_FILTER_DEFLATE)
            deflate = i;
        else if (id != H5Z_FILTER_SHUFFLE)
            return 1;
    }
    hid_t ft = H5Dget_type(d);
    size_t bytes = ft < 0 ? 0 : H5Tget_size(ft);
    ric_i_close(ft);
    for (int i = 0; i < rank; i++)
        bytes = cd[i] && bytes <= ((size_t)1 << 30) / cd[i] ? bytes * cd[i] : 0;
    if (bytes == 0)
        return 1;
    hsize_t n = 0;
    hid_t sp = H5Dget_space(d);
    int bad = sp < 0 || H5Dget_num_chunks(d, sp, &n) < 0;
    unsigned char *raw = NULL, *out = bad ? NULL : malloc(bytes + 1);
    for (hsize_t c = 0; !bad && c < n; c++) {
        hsize_t off[H5S_MAX_RANK + 1];
        unsigned mask = 0;
        haddr_t addr;
        hsize_t size = 0;
        uint32_t filters = 0;
        /* The size H5Dread_chunk will write is found the way it finds the
         * chunk; a damaged index can disagree with itself (two chunks at one
         * offset, two sizes for one), and then HDF5 overruns its buffers. */
        hsize_t stored = 0;
        bad = !out || H5Dget_chunk_info(d, sp, c, off, &mask, &addr, &size) < 0 ||
              H5Dget_chunk_storage_size(d, off, &stored) < 0 || stored != size ||
              size > ((hsize_t)1 << 30);
        unsigned char *r = bad ? NULL : realloc(raw, size ? (size_t)size : 1);
        bad = bad || !r;
        raw = r ? r : raw;
        if (!bad && H5Dread_chunk(d, H5P_DEFAULT, off, &filters, raw) < 0)
            bad = 1;
        if (bad)
            break;
        if (deflate < 0 || (filters & (1u << deflate))) {
            bad = size != bytes;
        } else {
            uLongf got = (uLongf)bytes + 1;
            bad = uncompress(out, &got, raw, (uLong)size) != Z_OK || got != bytes;
        }
    }
    free(raw);
    free(out);
    ric_i_close(sp);
    return bad;
}

static int ric_i_short_storage(hid_t d, size_t need)
{
    hid_t dcpl = H5Dget_create_plist(d);
    H5D_layout_t layout = dcpl < 0 ? H5D_LAYOUT_ERROR : H5Pget_layout(dcpl);
    int bad = layout == H5D_CHUNKED && ric_i_chunks_bad(d, dcpl);
    ric_i_close(dcpl);
    if (layout == H5D_CHUNKED)
        return bad;
    if (layout == H5D_VIRTUAL)
        return 1;
    if (layout != H5D_COMPACT && layout != H5D_CONTIGUOUS)
        return 1;
    hsize_t have = H5Dget_storage_size(d);
    /* Contiguous storage not yet allocated reads as fill values. */
    return layout == H5D_COMPACT ? have < need : have != 0 && have < need;
}

/* A fixed-length string type of at most max bytes (width in *w). */
static ric_status ric_i_strtype_ok(ric_h5f *f, const char *obj, hid_t ft, size_t max, size_t *w)
{
    if (ft < 0 || H5Tget_class(ft) != H5T_STRING || H5Tis_variable_str(ft) != 0)
        return ric_i_bad(f, obj, "is not a fixed-length string");
    *w = H5Tget_size(ft);
    if (*w == 0 || *w > max)
        return ric_i_bad(f, obj, "string of %zu bytes (at most %zu)", *w, max);
    return RIC_OK;
}

/* Reads n strings of width w (type ft) into rows of w + 1 bytes. */
static ric_status ric_i_read_strs(ric_h5f *f, const char *obj, hid_t d, hid_t ft, size_t n,
                                  size_t w, int attr, char **out)
{
    char *raw = calloc(n ? n : 1, w), *buf = calloc(n ? n : 1, w + 1);
    int ok = raw && buf &&
             (n == 0 || (attr ? H5Aread(d, ft, raw)
                              : H5Dread(d, ft, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw)) >= 0);
    if (!ok) {
        free(raw);
        free(buf);
        return raw && buf ? ric_i_bad(f, obj, "cannot be read (damaged?)")
                          : ric_error_set(f->err, RIC_ENOMEM, "%s: %s: no memory", f->path, obj);
    }
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * (w + 1), raw + i * w, w); /* row i ends in the NUL calloc put there */
    free(raw);
    *out = buf;
    return RIC_OK;
}

ric_status ric_h5f_get_str(ric_h5f *f, const char *obj, size_t max, char **out)
{
    *out = NULL;
    hid_t d;
    RIC_CHECK(ric_i_open_dset(f, obj, &d));
    hsize_t hd[3];
    int r = 0;
    size_t total = 0, w = 0;
    ric_status st = ric_i_shape(f, obj, d, &r, hd, &total);
    if (st == RIC_OK && r != 0)
        st = ric_i_bad(f, obj, "is not a scalar");
    hid_t ft = st == RIC_OK ? H5Dget_type(d) : H5I_INVALID_HID;
    if (st == RIC_OK)
        st = ric_i_strtype_ok(f, obj, ft, max, &w);
    if (st == RIC_OK && ric_i_short_storage(d, w))
        st = ric_i_bad(f, obj, "holds fewer bytes than its type needs (damaged)");
    if (st == RIC_OK)
        st = ric_i_read_strs(f, obj, d, ft, 1, w, 0, out);
    ric_i_close(ft);
    ric_i_close(d);
    return st;
}

ric_status ric_h5f_get_strs(ric_h5f *f, const char *obj, size_t want_n, char **out, size_t *n,
                            size_t *w)
{
    *out = NULL;
    *n = *w = 0;
    hid_t d;
    RIC_CHECK(ric_i_open_dset(f, obj, &d));
    hsize_t hd[3] = {0, 0, 0};
    int r = 0;
    size_t total = 0;
    ric_status st = ric_i_shape(f, obj, d, &r, hd, &total);
    if (st == RIC_OK && (r != 1 || (want_n != RIC_H5_ANY && hd[0] != want_n)))
        st = ric_i_bad(f, obj, "is not a list of %zu strings", want_n);
    hid_t ft = st == RIC_OK ? H5Dget_type(d) : H5I_INVALID_HID;
    if (st == RIC_OK)
        st = ric_i_strtype_ok(f, obj, ft, 4096, w);
    if (st == RIC_OK && total > RIC_H5_MAX_STR / *w)
        st = ric_i_bad(f, obj, "too large");
    if (st == RIC_OK && ric_i_short_storage(d, total * *w))
        st = ric_i_bad(f, obj, "holds fewer bytes than its shape needs (damaged)");
    if (st == RIC_OK)
        st = ric_i_read_strs(f, obj, d, ft, total, *w, 0, out);
    if (st == RIC_OK)
        *n = total;
    ric_i_close(ft);
    ric_i_close(d);
    return st;
}

ric_status ric_h5f_get_attr_strs(ric_h5f *f, const char *obj, const char *attr, size_t max,
                                 char **out, size_t *n, size_t *w)
{
    *out = NULL;
    *n = *w = 0;
    if (ric_h5f_has(f, obj) <= 0 || H5Aexists_by_name(f->id, obj, attr, H5P_DEFAULT) <= 0)
        return ric_error_set(f->err, RIC_EINVAL, "%s: %s has no attribute %s", f->path, obj, attr);
    hid_t a = H5Aopen_by_name(f->id, obj, attr, H5P_DEFAULT, H5P_DEFAULT);
    hid_t ft = a < 0 ? H5I_INVALID_HID : H5Aget_type(a);
    hid_t sp = a < 0 ? H5I_INVALID_HID : H5Aget_space(a);
    hssize_t cnt = sp < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
    ric_status st = ric_i_strtype_ok(f, obj, ft, 4096, w);
    if (st == RIC_OK && (cnt < 0 || (size_t)cnt > max))
        st = ric_i_bad(f, obj, "attribute %s unreadable or more than %zu strings", attr, max);
    if (st == RIC_OK)
        st = ric_i_read_strs(f, obj, a, ft, (size_t)cnt, *w, 1, out);
    if (st == RIC_OK)
        *n = (size_t)cnt;
    ric_i_close(sp);
    ric_i_close(ft);
    ric_i_close(a);
    return st;
}

ric_status ric_h5f_columns(ric_h5f *f, const char *obj, char (*names)[64], size_t max, size_t *n)
{
    char *buf = NULL;
    size_t w = 0;
    *n = 0;
    ric_status st = ric_h5f_get_attr_strs(f, obj, "columns", max, &buf, n, &w);
    if (st == RIC_EINVAL)
        st = ric_error_set(f->err, RIC_EINVAL, "%s: %s has no column names", f->path, obj);
    for (size_t i = 0; st == RIC_OK && i < *n; i++)
        snprintf(names[i], sizeof names[0], "%.63s", buf + i * (w + 1));
    free(buf);
    return st;
}

typedef struct ric_i_names {
    char (*name)[64];
    size_t n, cap;
} ric_i_names;

static herr_t ric_i_collect(hid_t g, const char *name, const H5L_info_t *info, void *ud)
{
    (void)g;
    (void)info;
    ric_i_names *nm = ud;
    if (strlen(name) >= sizeof nm->name[0])
        return 0; /* no ricsim object has so long a name */
    if (nm->n == nm->cap) {
        size_t cap = nm->cap ? 2 * nm->cap : 32;
        void *p = cap < 1000000 ? realloc(nm->name, cap * sizeof *nm->name) : NULL;
        if (!p)
            return -1;
        nm->name = p;
        nm->cap = cap;
    }
    snprintf(nm->name[nm->n++], sizeof nm->name[0], "%s", name);
    return 0;
}

ric_status ric_h5f_list(ric_h5f *f, const char *obj, char (**names)[64], size_t *n)
{
    *names = NULL;
    *n = 0;
    H5O_info_t info;
    if (ric_h5f_has(f, obj) <= 0 ||
        H5Oget_info_by_name2(f->id, obj, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 ||
        info.type != H5O_TYPE_GROUP)
        return ric_i_bad(f, obj, "missing or not a group");
    hid_t g = H5Gopen2(f->id, obj, H5P_DEFAULT);
    ric_i_names nm = {NULL, 0, 0};
    hsize_t idx = 0;
    if (g < 0 || H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, ric_i_collect, &nm) < 0) {
        ric_i_close(g);
        free(nm.name);
        return ric_i_bad(f, obj, "cannot list its members (damaged?)");
    }
    ric_i_close(g);
    *names = nm.name;
    *n = nm.n;
    return RIC_OK;
}

ric_status ric_h5f_series(ric_h5f *f, const char *name, int64_t **steps, double **values,
                          size_t *nrows, size_t *ncols)
{
    *steps = NULL;
    *values = NULL;
    *nrows = *ncols = 0;
    char group[96], sobj[112], vobj[112];
    snprintf(group, sizeof group, "/observables/%s", name);
    snprintf(sobj, sizeof sobj, "%s/step", group);
    snprintf(vobj, sizeof vobj, "%s/value", group);
    if (ric_h5f_has(f, "/observables") <= 0)
        return ric_i_bad(f, "/observables", "missing: not a ricsim run output");
    if (ric_h5f_has(f, group) <= 0)
        return ric_error_set(f->err, RIC_EINVAL, "%s: no series %s", f->path, name);
    size_t ds[1], dv[2];
    void *s = NULL, *v = NULL;
    RIC_CHECK(ric_h5f_get(f, sobj, RIC_H5_I64, 1, NULL, ds, &s));
    /* value is [T] or [T][C] with C >= 1. */
    const int rank = ric_h5f_rank(f, vobj);
    const size_t want[2] = {ds[0], RIC_H5_ANY};
    ric_status st = ric_h5f_get(f, vobj, RIC_H5_F64, rank == 2 ? 2 : 1, want, dv, &v);
    if (st == RIC_OK && rank == 2 && dv[1] == 0)
        st = ric_i_bad(f, vobj, "has no columns");
    if (st != RIC_OK) {
        free(s);
        free(v);
        return st;
    }
    *steps = s;
    *values = v;
    *nrows = ds[0];
    *ncols = rank == 2 ? dv[1] : 0;
    return RIC_OK;
}

ric_status ric_h5f_status(ric_h5f *f, char *buf, size_t bufsize)
{
    buf[0] = '\0';
    char *s = NULL;
    RIC_CHECK(ric_h5f_get_str(f, "/run_status", 256, &s));
    ric_status st = RIC_OK;
    if (strlen(s) >= bufsize)
        st = ric_i_bad(f, "/run_status", "\"%.32s\" is not a run status", s);
    else
        snprintf(buf, bufsize, "%s", s);
    free(s);
    return st;
}
