/* Checkpoints (ric_ckpt.h). */
#include "ric_ckpt.h"

#include "ric_version.h"

#include <hdf5.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void ric_ckpt_info_init(ric_ckpt_info *ci)
{
    memset(ci, 0, sizeof *ci);
}

void ric_ckpt_info_destroy(ric_ckpt_info *ci)
{
    if (!ci)
        return;
    free(ci->effective);
    free(ci->overrides);
    free(ci->scenario_path);
    free(ci->scenario_text);
    free(ci->output);
    ric_ckpt_info_init(ci);
}

uint64_t ric_ckpt_hash(const char *text)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (const unsigned char *c = (const unsigned char *)(text ? text : ""); *c; c++) {
        h ^= *c;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

/* ---- writing ------------------------------------------------------------ */

typedef struct ric_i_w {
    hid_t f;
    ric_status st;
    ric_error *err;
    const char *path;
} ric_i_w;

static void ric_i_fail(ric_i_w *w, const char *what)
{
    if (w->st == RIC_OK)
        w->st = ric_error_set(w->err, RIC_EHDF5, "checkpoint %s: cannot write %s", w->path, what);
}

/* rows x cols (cols 0: 1-D) of a native type, stored as ftype. */
static void ric_i_put(ric_i_w *w, const char *obj, hid_t ftype, hid_t mtype, size_t rows,
                      size_t cols, const void *data)
{
    if (w->st != RIC_OK)
        return;
    hsize_t dims[2] = {rows, cols};
    hid_t sp = H5Screate_simple(cols ? 2 : 1, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_obj_track_times(dcpl, 0);
    if (rows > 0) {
        hsize_t chunk[2] = {rows < 65536 ? rows : 65536, cols};
        H5Pset_chunk(dcpl, cols ? 2 : 1, chunk);
        H5Pset_deflate(dcpl, 1);
    }
    hid_t d = H5Dcreate2(w->f, obj, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d < 0 || (rows > 0 && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0))
        ric_i_fail(w, obj);
    if (d >= 0)
        H5Dclose(d);
    H5Pclose(dcpl);
    H5Sclose(sp);
}

static void ric_i_put_str(ric_i_w *w, const char *obj, const char *s)
{
    if (w->st != RIC_OK)
        return;
    const char *v = s ? s : "";
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, strlen(v) + 1);
    H5Tset_cset(t, H5T_CSET_UTF8);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t d = H5Dcreate2(w->f, obj, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (d < 0 || H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0)
        ric_i_fail(w, obj);
    if (d >= 0)
        H5Dclose(d);
    H5Sclose(sp);
    H5Tclose(t);
}

static void ric_i_group(ric_i_w *w, const char *obj)
{
    if (w->st != RIC_OK)
        return;
    hid_t g = H5Gcreate2(w->f, obj, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0)
        ric_i_fail(w, obj);
    else
        H5Gclose(g);
}

ric_status ric_ckpt_keep(const char *path, const char *prev_path, ric_error *err)
{
    /* A hard link then a rename: path never stops existing, so a process
     * killed in between still leaves a checkpoint under its name. */
    struct stat sb;
    if (stat(path, &sb) != 0)
        return RIC_OK;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", prev_path, (long)getpid());
    remove(tmp);
    if (link(path, tmp) != 0 || rename(tmp, prev_path) != 0) {
        ric_status st = ric_error_set(err, RIC_EIO, "checkpoint: cannot keep %s as %s: %s", path,
                                      prev_path, strerror(errno));
        remove(tmp);
        return st;
    }
    return RIC_OK;
}

ric_status ric_ckpt_write(const char *path, const char *prev_path, const ric_world *w,
                          const double *mf, size_t nf, const int64_t *mi, size_t ni,
                          const ric_ckpt_info *ci, ric_error *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    ric_i_w wr = {H5I_INVALID_HID, RIC_OK, err, path};
    wr.f = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (wr.f < 0)
        return ric_error_set(err, RIC_EHDF5, "checkpoint: cannot create %s", tmp);
    const ric_agents *a = &w->agents;
    const size_t n = a->n, D = a->dims;
    /* Description. */
    ric_i_group(&wr, "/checkpoint");
    const int64_t desc[6] = {RIC_CKPT_FORMAT,
                             w->step,
                             (int64_t)w->seed,
                             (int64_t)w->replication,
                             (int64_t)ric_ckpt_hash(ci->effective),
                             ci->threads};
    ric_i_put(&wr, "/checkpoint/numbers", H5T_STD_I64LE, H5T_NATIVE_INT64, 6, 0, desc);
    ric_i_put_str(&wr, "/checkpoint/version", RIC_VERSION_STRING);
    ric_i_put_str(&wr, "/checkpoint/effective", ci->effective);
    ric_i_put_str(&wr, "/checkpoint/overrides", ci->overrides);
    ric_i_put_str(&wr, "/checkpoint/scenario_path", ci->scenario_path);
    ric_i_put_str(&wr, "/checkpoint/scenario_text", ci->scenario_text);
    ric_i_put_str(&wr, "/checkpoint/output", ci->output);
    /* Agents: every slot, every column. */
    ric_i_group(&wr, "/agents");
    const uint64_t next_id = a->next_id;
    ric_i_put(&wr, "/agents/next_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, 1, 0, &next_id);
    ric_i_put(&wr, "/agents/id", H5T_STD_U64LE, H5T_NATIVE_UINT64, n, 0, a->id);
    ric_i_put(&wr, "/agents/kind", H5T_STD_I32LE, H5T_NATIVE_INT32, n, 0, a->kind);
    ric_i_put(&wr, "/agents/group", H5T_STD_I32LE, H5T_NATIVE_INT32, n, 0, a->group);
    ric_i_put(&wr, "/agents/alive", H5T_STD_U8LE, H5T_NATIVE_UINT8, n, 0, a->alive);
    ric_i_put(&wr, "/agents/k", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, D, a->k);
    ric_i_group(&wr, "/agents/columns");
    for (size_t c = 0; c < a->ncols; c++) {
        char obj[96];
        snprintf(obj, sizeof obj, "/agents/columns/%s", a->cols[c].name);
        if (a->cols[c].type == RIC_COL_F64)
            ric_i_put(&wr, obj, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, 0, a->cols[c].data);
        else
            ric_i_put(&wr, obj, H5T_STD_I32LE, H5T_NATIVE_INT32, n, 0, a->cols[c].data);
    }
    /* Layers in canonical order, as they are held. */
    ric_i_group(&wr, "/layers");
    for (size_t l = 0; l < w->nlayers; l++) {
        const ric_layer *L = &w->layers[l];
        char obj[64];
        snprintf(obj, sizeof obj, "/layers/%zu", l);
        ric_i_group(&wr, obj);
        static const char *const names[6] = {"a", "b", "w", "tau", "created", "last"};
        const void *data[6] = {L->a, L->b, L->w, L->tau, L->created, L->last};
        for (int k = 0; k < 6; k++) {
            snprintf(obj, sizeof obj, "/layers/%zu/%s", l, names[k]);
            if (k < 2)
                ric_i_put(&wr, obj, H5T_STD_U32LE, H5T_NATIVE_UINT32, L->n, 0, data[k]);
            else if (k < 4)
                ric_i_put(&wr, obj, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, L->n, 0, data[k]);
            else
                ric_i_put(&wr, obj, H5T_STD_I32LE, H5T_NATIVE_INT32, L->n, 0, data[k]);
        }
    }
    ric_i_group(&wr, "/model");
    ric_i_put(&wr, "/model/f64", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, nf, 0, mf);
    ric_i_put(&wr, "/model/i64", H5T_STD_I64LE, H5T_NATIVE_INT64, ni, 0, mi);
    if (H5Fclose(wr.f) < 0 && wr.st == RIC_OK)
        wr.st = ric_error_set(err, RIC_EHDF5, "checkpoint: cannot close %s", tmp);
    /* Only a whole file takes the name; the one before it is kept. */
    if (wr.st == RIC_OK && prev_path)
        wr.st = ric_ckpt_keep(path, prev_path, err);
    if (wr.st == RIC_OK && rename(tmp, path) != 0)
        wr.st = ric_error_set(err, RIC_EIO, "checkpoint: cannot rename %s to %s: %s", tmp, path,
                              strerror(errno));
    if (wr.st != RIC_OK)
        remove(tmp);
    return wr.st;
}

/* ---- reading ------------------------------------------------------------ */

static char *ric_i_get_str(hid_t f, const char *obj)
{
    hid_t d = H5Lexists(f, obj, H5P_DEFAULT) > 0 ? H5Dopen2(f, obj, H5P_DEFAULT) : -1;
    if (d < 0)
        return NULL;
    hid_t t = H5Dget_type(d);
    size_t size = H5Tget_size(t);
    char *s = H5Tis_variable_str(t) ? NULL : calloc(size + 1, 1);
    if (s && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, s) < 0) {
        free(s);
        s = NULL;
    }
    H5Tclose(t);
    H5Dclose(d);
    return s;
}

/* A 1-D or 2-D dataset read as mtype into a new buffer of elem-sized values. */
static void *ric_i_get(hid_t f, const char *obj, hid_t mtype, size_t elem, size_t *rows,
                       size_t *cols)
{
    hid_t d = H5Lexists(f, obj, H5P_DEFAULT) > 0 ? H5Dopen2(f, obj, H5P_DEFAULT) : -1;
    if (d < 0)
        return NULL;
    hid_t sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    int rank = H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
    *rows = (size_t)dims[0];
    if (cols)
        *cols = rank == 2 ? (size_t)dims[1] : 0;
    size_t total = (size_t)dims[0] * (rank == 2 ? (size_t)dims[1] : 1);
    void *buf = malloc((total ? total : 1) * elem);
    if (buf && total > 0 && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        free(buf);
        buf = NULL;
    }
    H5Dclose(d);
    return buf;
}

/* Opens a checkpoint file, with the error a user needs when it is not one. */
static ric_status ric_i_open(const char *path, hid_t *f, ric_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return ric_error_set(err, RIC_ENOENT, "checkpoint %s: %s", path, strerror(errno));
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (H5Fis_hdf5(path) <= 0)
        return ric_error_set(err, RIC_EFORMAT,
                             "checkpoint %s: not an HDF5 file (truncated or damaged?)", path);
    *f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (*f < 0)
        return ric_error_set(err, RIC_EFORMAT,
                             "checkpoint %s: cannot be opened (truncated or damaged?)", path);
    if (H5Lexists(*f, "checkpoint", H5P_DEFAULT) <= 0 ||
        H5Lexists(*f, "agents", H5P_DEFAULT) <= 0) {
        H5Fclose(*f);
        return ric_error_set(err, RIC_EFORMAT, "%s: not a ricsim checkpoint", path);
    }
    return RIC_OK;
}

ric_status ric_ckpt_read_info(const char *path, ric_ckpt_info *ci, ric_error *err)
{
    ric_ckpt_info_init(ci);
    hid_t f;
    RIC_CHECK(ric_i_open(path, &f, err));
    size_t rows = 0;
    int64_t *num = ric_i_get(f, "/checkpoint/numbers", H5T_NATIVE_INT64, sizeof *num, &rows, NULL);
    char *version = ric_i_get_str(f, "/checkpoint/version");
    ci->effective = ric_i_get_str(f, "/checkpoint/effective");
    ci->overrides = ric_i_get_str(f, "/checkpoint/overrides");
    ci->scenario_path = ric_i_get_str(f, "/checkpoint/scenario_path");
    ci->scenario_text = ric_i_get_str(f, "/checkpoint/scenario_text");
    ci->output = ric_i_get_str(f, "/checkpoint/output");
    H5Fclose(f);
    ric_status st = RIC_OK;
    if (!num || rows != 6 || !version || !ci->effective || !ci->overrides || !ci->scenario_path ||
        !ci->scenario_text || !ci->output) {
        st = ric_error_set(err, RIC_EFORMAT, "%s: checkpoint incomplete or damaged", path);
    } else {
        ci->format = (int)num[0];
        ci->step = num[1];
        ci->seed = (uint64_t)num[2];
        ci->replication = (uint64_t)num[3];
        ci->hash = (uint64_t)num[4];
        ci->threads = (int)num[5];
        snprintf(ci->version, sizeof ci->version, "%s", version);
        if (ci->format != RIC_CKPT_FORMAT)
            st = ric_error_set(err, RIC_EFORMAT,
                               "%s: checkpoint format %d, this ricsim reads format %d", path,
                               ci->format, RIC_CKPT_FORMAT);
        else if (strcmp(ci->version, RIC_VERSION_STRING) != 0)
            st = ric_error_set(err, RIC_EFORMAT,
                               "%s: written by ricsim %s, this is ricsim %s: restart with the "
                               "same version",
                               path, ci->version, RIC_VERSION_STRING);
        else if (ric_ckpt_hash(ci->effective) != ci->hash)
            st = ric_error_set(err, RIC_EFORMAT,
                               "%s: its parameters do not match their hash (damaged?)", path);
    }
    free(num);
    free(version);
    if (st != RIC_OK)
        ric_ckpt_info_destroy(ci);
    return st;
}

ric_status ric_ckpt_read_world(const char *path, ric_world *w, double **mf, size_t *nf,
                               int64_t **mi, size_t *ni, ric_error *err)
{
    *mf = NULL;
    *mi = NULL;
    hid_t f;
    RIC_CHECK(ric_i_open(path, &f, err));
    ric_agents *a = &w->agents;
    ric_status st = RIC_OK;
    size_t n = 0, r2 = 0, c2 = 0;
    uint64_t *id = ric_i_get(f, "/agents/id", H5T_NATIVE_UINT64, sizeof *id, &n, NULL);
    uint64_t *next = ric_i_get(f, "/agents/next_id", H5T_NATIVE_UINT64, sizeof *next, &r2, NULL);
    int32_t *kind = ric_i_get(f, "/agents/kind", H5T_NATIVE_INT32, sizeof *kind, &r2, NULL);
    int32_t *group = ric_i_get(f, "/agents/group", H5T_NATIVE_INT32, sizeof *group, &r2, NULL);
    uint8_t *alive = ric_i_get(f, "/agents/alive", H5T_NATIVE_UINT8, sizeof *alive, &r2, NULL);
    double *k = ric_i_get(f, "/agents/k", H5T_NATIVE_DOUBLE, sizeof *k, &r2, &c2);
    size_t first = 0;
    if (!id || !next || !kind || !group || !alive || !k || r2 != n || (n > 0 && c2 != a->dims))
        st = ric_error_set(err, RIC_EFORMAT, "%s: agents damaged or of other dimensions", path);
    if (st == RIC_OK && a->n != 0)
        st = ric_error_set(err, RIC_EINVAL, "checkpoint: the world must be empty");
    if (st == RIC_OK && (st = ric_agents_add(a, n, &first)) != RIC_OK)
        st = ric_error_set(err, st, "checkpoint: %s", ric_status_message(st));
    if (st == RIC_OK) {
        memcpy(a->id, id, n * sizeof *id);
        memcpy(a->kind, kind, n * sizeof *kind);
        memcpy(a->group, group, n * sizeof *group);
        memcpy(a->alive, alive, n * sizeof *alive);
        memcpy(a->k, k, n * a->dims * sizeof *k);
        a->next_id = next[0];
    }
    for (size_t c = 0; c < a->ncols && st == RIC_OK; c++) {
        char obj[96];
        snprintf(obj, sizeof obj, "/agents/columns/%s", a->cols[c].name);
        int f64 = a->cols[c].type == RIC_COL_F64;
        void *col =
            ric_i_get(f, obj, f64 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT32, f64 ? 8 : 4, &r2, NULL);
        if (!col || r2 != n)
            st = ric_error_set(err, RIC_EFORMAT, "%s: agent column %s missing or damaged", path,
                               a->cols[c].name);
        else
            memcpy(a->cols[c].data, col, n * (f64 ? 8 : 4));
        free(col);
    }
    for (size_t l = 0; l < w->nlayers && st == RIC_OK; l++) {
        char obj[64];
        size_t m = 0, mm;
        void *d[6];
        static const char *const names[6] = {"a", "b", "w", "tau", "created", "last"};
        int ok = 1;
        for (int q = 0; q < 6; q++) {
            snprintf(obj, sizeof obj, "/layers/%zu/%s", l, names[q]);
            hid_t mt = q < 2 ? H5T_NATIVE_UINT32 : q < 4 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT32;
            d[q] = ric_i_get(f, obj, mt, q < 2 || q >= 4 ? 4 : 8, q ? &mm : &m, NULL);
            ok &= d[q] != NULL && (q == 0 || mm == m);
        }
        uint64_t *keys = ok ? malloc((m ? m : 1) * sizeof *keys) : NULL;
        if (!ok || !keys) {
            st = ric_error_set(err, RIC_EFORMAT, "%s: layer %zu missing or damaged", path, l);
        } else {
            const uint32_t *ea = d[0], *eb = d[1];
            for (size_t t = 0; t < m && st == RIC_OK; t++) {
                if (ea[t] >= eb[t] || eb[t] >= n)
                    st = ric_error_set(err, RIC_EFORMAT, "%s: layer %zu tie %zu is damaged", path,
                                       l, t);
                keys[t] = ric_tie_key(ea[t], eb[t]);
            }
            ric_layer *L = &w->layers[l];
            if (st == RIC_OK && (st = ric_layer_set_edges(L, keys, m, 0)) == RIC_OK && L->n == m) {
                memcpy(L->w, d[2], m * sizeof *L->w);
                memcpy(L->tau, d[3], m * sizeof *L->tau);
                memcpy(L->created, d[4], m * sizeof *L->created);
                memcpy(L->last, d[5], m * sizeof *L->last);
            } else if (st == RIC_OK) {
                st = ric_error_set(err, RIC_EFORMAT, "%s: layer %zu has repeated ties", path, l);
            }
        }
        free(keys);
        for (int q = 0; q < 6; q++)
            free(d[q]);
    }
    size_t r3 = 0, r4 = 0;
    int64_t *num = ric_i_get(f, "/checkpoint/numbers", H5T_NATIVE_INT64, 8, &r3, NULL);
    if (st == RIC_OK) {
        *mf = ric_i_get(f, "/model/f64", H5T_NATIVE_DOUBLE, sizeof **mf, nf, NULL);
        *mi = ric_i_get(f, "/model/i64", H5T_NATIVE_INT64, sizeof **mi, ni, NULL);
        if (!*mf || !*mi || !num || r3 != 6)
            st = ric_error_set(err, RIC_EFORMAT, "%s: model state missing or damaged", path);
    }
    if (st == RIC_OK) {
        w->step = num[1];
        w->seed = (uint64_t)num[2];
        w->replication = (uint64_t)num[3];
    }
    (void)r4;
    free(num);
    H5Fclose(f);
    free(id), free(next), free(kind), free(group), free(alive), free(k);
    if (st != RIC_OK) {
        free(*mf);
        free(*mi);
        *mf = NULL;
        *mi = NULL;
    }
    return st;
}

ric_status ric_ckpt_copy(const char *src, const char *dst, ric_error *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", dst, (long)getpid());
    FILE *in = fopen(src, "rb"), *out = in ? fopen(tmp, "wb") : NULL;
    ric_status st = RIC_OK;
    if (!in || !out)
        st = ric_error_set(err, RIC_EIO, "cannot copy %s to %s: %s", src, tmp, strerror(errno));
    char buf[1 << 16];
    for (size_t n; st == RIC_OK && (n = fread(buf, 1, sizeof buf, in)) > 0;)
        if (fwrite(buf, 1, n, out) != n)
            st = ric_error_set(err, RIC_EIO, "cannot write %s: %s", tmp, strerror(errno));
    if (in && ferror(in) && st == RIC_OK)
        st = ric_error_set(err, RIC_EIO, "cannot read %s: %s", src, strerror(errno));
    if (in)
        fclose(in);
    if (out && fclose(out) != 0 && st == RIC_OK)
        st = ric_error_set(err, RIC_EIO, "cannot write %s: %s", tmp, strerror(errno));
    if (st == RIC_OK && rename(tmp, dst) != 0)
        st = ric_error_set(err, RIC_EIO, "cannot rename %s to %s: %s", tmp, dst, strerror(errno));
    if (st != RIC_OK && out)
        remove(tmp);
    return st;
}
