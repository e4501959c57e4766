/* Checkpoints (ric_ckpt.h). */
#include "ric_ckpt.h"

#include "ric_version.h"

#include "ric_h5io.h"

#include <math.h>

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

/* The columns of a tie layer, in the order the file holds them. */
static const char *const ric_i_layer_cols[6] = {"a", "b", "w", "tau", "created", "last"};
static const ric_h5_type ric_i_layer_types[6] = {RIC_H5_U32, RIC_H5_U32, RIC_H5_F64,
                                                 RIC_H5_F64, RIC_H5_I32, RIC_H5_I32};

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
    remove(tmp);
    ric_h5f wf, *f = &wf;
    ric_h5f_create(f, tmp, err);
    const ric_agents *a = &w->agents;
    const size_t n = a->n, D = a->dims;
    /* Description. */
    ric_h5f_group(f, "/checkpoint");
    const int64_t desc[6] = {RIC_CKPT_FORMAT,
                             w->step,
                             (int64_t)w->seed,
                             (int64_t)w->replication,
                             (int64_t)ric_ckpt_hash(ci->effective),
                             ci->threads};
    const size_t six = 6, one = 1, rows[2] = {n, D};
    ric_h5f_put(f, "/checkpoint/numbers", RIC_H5_I64, 1, &six, desc);
    ric_h5f_put_str(f, "/checkpoint/version", RIC_VERSION_STRING, 0);
    ric_h5f_put_str(f, "/checkpoint/effective", ci->effective, 0);
    ric_h5f_put_str(f, "/checkpoint/overrides", ci->overrides, 0);
    ric_h5f_put_str(f, "/checkpoint/scenario_path", ci->scenario_path, 0);
    ric_h5f_put_str(f, "/checkpoint/scenario_text", ci->scenario_text, 0);
    ric_h5f_put_str(f, "/checkpoint/output", ci->output, 0);
    /* Agents: every slot, every column. */
    ric_h5f_group(f, "/agents");
    const uint64_t next_id = a->next_id;
    ric_h5f_put(f, "/agents/next_id", RIC_H5_U64, 1, &one, &next_id);
    ric_h5f_put(f, "/agents/id", RIC_H5_U64, 1, &n, a->id);
    ric_h5f_put(f, "/agents/kind", RIC_H5_I32, 1, &n, a->kind);
    ric_h5f_put(f, "/agents/group", RIC_H5_I32, 1, &n, a->group);
    ric_h5f_put(f, "/agents/alive", RIC_H5_U8, 1, &n, a->alive);
    ric_h5f_put(f, "/agents/k", RIC_H5_F64, 2, rows, a->k);
    ric_h5f_group(f, "/agents/columns");
    for (size_t c = 0; c < a->ncols; c++) {
        char obj[96];
        snprintf(obj, sizeof obj, "/agents/columns/%s", a->cols[c].name);
        ric_h5f_put(f, obj, a->cols[c].type == RIC_COL_F64 ? RIC_H5_F64 : RIC_H5_I32, 1, &n,
                    a->cols[c].data);
    }
    /* Layers in canonical order, as they are held. */
    ric_h5f_group(f, "/layers");
    for (size_t l = 0; l < w->nlayers; l++) {
        const ric_layer *L = &w->layers[l];
        char obj[64];
        snprintf(obj, sizeof obj, "/layers/%zu", l);
        ric_h5f_group(f, obj);
        const void *data[6] = {L->a, L->b, L->w, L->tau, L->created, L->last};
        for (int k = 0; k < 6; k++) {
            snprintf(obj, sizeof obj, "/layers/%zu/%s", l, ric_i_layer_cols[k]);
            ric_h5f_put(f, obj, ric_i_layer_types[k], 1, &L->n, data[k]);
        }
    }
    ric_h5f_group(f, "/model");
    ric_h5f_put(f, "/model/f64", RIC_H5_F64, 1, &nf, mf);
    ric_h5f_put(f, "/model/i64", RIC_H5_I64, 1, &ni, mi);
    ric_status st = ric_h5f_close(f);
    /* Only a whole file takes the name; the one before it is kept. */
    if (st == RIC_OK && prev_path)
        st = ric_ckpt_keep(path, prev_path, err);
    if (st == RIC_OK && rename(tmp, path) != 0)
        st = ric_error_set(err, RIC_EIO, "checkpoint: cannot rename %s to %s: %s", tmp, path,
                           strerror(errno));
    if (st != RIC_OK)
        remove(tmp);
    return st;
}

/* ---- reading ------------------------------------------------------------ */

/* Opens a checkpoint file, with the error a user needs when it is not one. */
static ric_status ric_i_open(const char *path, ric_h5f *f, ric_error *err)
{
    RIC_CHECK(ric_h5f_open(f, path, "checkpoint", err));
    if (ric_h5f_has(f, "/checkpoint") <= 0 || ric_h5f_has(f, "/agents") <= 0) {
        ric_h5f_close(f);
        return ric_error_set(err, RIC_EFORMAT, "%s: not a ricsim checkpoint", path);
    }
    return RIC_OK;
}

ric_status ric_ckpt_read_info(const char *path, ric_ckpt_info *ci, ric_error *err)
{
    ric_ckpt_info_init(ci);
    ric_h5f f;
    RIC_CHECK(ric_i_open(path, &f, err));
    const size_t six = 6;
    int64_t *num = NULL;
    char *version = NULL;
    ric_status st =
        ric_h5f_get(&f, "/checkpoint/numbers", RIC_H5_I64, 1, &six, NULL, (void **)&num);
    if (st == RIC_OK)
        st = ric_h5f_get_str(&f, "/checkpoint/version", 64, &version);
    static const char *const names[5] = {"effective", "overrides", "scenario_path", "scenario_text",
                                         "output"};
    char **fields[5] = {&ci->effective, &ci->overrides, &ci->scenario_path, &ci->scenario_text,
                        &ci->output};
    for (int k = 0; k < 5 && st == RIC_OK; k++) {
        char obj[64];
        snprintf(obj, sizeof obj, "/checkpoint/%s", names[k]);
        st = ric_h5f_get_str(&f, obj, k == 2 || k == 4 ? 4096 : RIC_H5_MAX_STR, fields[k]);
    }
    ric_h5f_close(&f);
    if (st == RIC_OK) {
        ci->format = num[0] < 0 || num[0] > 1000 ? -1 : (int)num[0];
        ci->step = num[1];
        ci->seed = (uint64_t)num[2];
        ci->replication = (uint64_t)num[3];
        ci->hash = (uint64_t)num[4];
        ci->threads = num[5] < 1 || num[5] > 1 << 20 ? 1 : (int)num[5];
        snprintf(ci->version, sizeof ci->version, "%s", version);
        if (ci->format != RIC_CKPT_FORMAT)
            st = ric_error_set(err, RIC_EFORMAT,
                               "%s: checkpoint format %lld, this ricsim reads format %d", path,
                               (long long)num[0], RIC_CKPT_FORMAT);
        else if (strcmp(ci->version, RIC_VERSION_STRING) != 0)
            st = ric_error_set(err, RIC_EFORMAT,
                               "%s: written by ricsim %s, this is ricsim %s: restart with the "
                               "same version",
                               path, ci->version, RIC_VERSION_STRING);
        else if (ric_ckpt_hash(ci->effective) != ci->hash)
            st = ric_error_set(err, RIC_EFORMAT,
                               "%s: its parameters do not match their hash (damaged?)", path);
        else if (ci->step < 0)
            st = ric_error_set(err, RIC_EFORMAT, "%s: /checkpoint/numbers: step %lld < 0", path,
                               (long long)ci->step);
        else if (!ci->output[0])
            st = ric_error_set(err, RIC_EFORMAT, "%s: /checkpoint/output is empty", path);
    }
    free(num);
    free(version);
    if (st != RIC_OK)
        ric_ckpt_info_destroy(ci);
    return st;
}

/* Ties of layer l: endpoints in range and ordered, strictly ascending (the
 * canonical order the store keeps), weights finite in [0, 1], steps no later
 * than the checkpoint's. */
static ric_status ric_i_check_layer(const char *path, size_t l, size_t m, size_t n, int64_t step,
                                    void *const d[6], ric_error *err)
{
    const uint32_t *ea = d[0], *eb = d[1];
    const double *wt = d[2], *tau = d[3];
    const int32_t *created = d[4], *last = d[5];
    for (size_t t = 0; t < m; t++) {
        const char *why = NULL;
        if (ea[t] >= eb[t] || eb[t] >= n)
            why = "endpoints out of range";
        else if (t > 0 && ric_tie_key(ea[t - 1], eb[t - 1]) >= ric_tie_key(ea[t], eb[t]))
            why = "ties not in ascending order (or repeated)";
        else if (!(wt[t] >= 0.0 && wt[t] <= 1.0) || !(tau[t] >= 0.0 && tau[t] <= 1.0))
            why = "strength or trust outside [0, 1]";
        else if (created[t] > step || last[t] > step || created[t] > last[t])
            why = "steps of creation and last use inconsistent";
        if (why)
            return ric_error_set(err, RIC_EFORMAT, "%s: /layers/%zu: tie %zu: %s", path, l, t, why);
    }
    return RIC_OK;
}

ric_status ric_ckpt_read_world(const char *path, ric_world *w, double **mf, size_t *nf,
                               int64_t **mi, size_t *ni, ric_error *err)
{
    *mf = NULL;
    *mi = NULL;
    *nf = *ni = 0;
    ric_h5f f;
    RIC_CHECK(ric_i_open(path, &f, err));
    ric_agents *a = &w->agents;
    size_t n = 0, dm[1];
    uint64_t *id = NULL, *next = NULL;
    int32_t *kind = NULL, *group = NULL;
    uint8_t *alive = NULL;
    double *k = NULL;
    int64_t *num = NULL;
    ric_status st = ric_h5f_get(&f, "/agents/id", RIC_H5_U64, 1, NULL, &n, (void **)&id);
    const size_t want_n[2] = {n, a->dims}, one = 1, six = 6;
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/agents/next_id", RIC_H5_U64, 1, &one, NULL, (void **)&next);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/agents/kind", RIC_H5_I32, 1, want_n, NULL, (void **)&kind);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/agents/group", RIC_H5_I32, 1, want_n, NULL, (void **)&group);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/agents/alive", RIC_H5_U8, 1, want_n, NULL, (void **)&alive);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/agents/k", RIC_H5_F64, 2, want_n, NULL, (void **)&k);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/checkpoint/numbers", RIC_H5_I64, 1, &six, NULL, (void **)&num);
    /* The engine's own invariants; the model checks its columns (ric_model_check). */
    for (size_t i = 0; st == RIC_OK && i < n; i++) {
        const char *why = NULL;
        if (i > 0 && id[i] <= id[i - 1])
            why = "ids not ascending";
        else if (id[i] >= next[0])
            why = "id not below next_id";
        else if (alive[i] > 1)
            why = "alive neither 0 nor 1";
        for (size_t d = 0; !why && d < a->dims; d++)
            if (!isfinite(k[i * a->dims + d]))
                why = "capability not finite";
        if (why)
            st = ric_error_set(err, RIC_EFORMAT, "%s: /agents: agent %zu: %s", path, i, why);
    }
    if (st == RIC_OK && (num[1] < 0 || num[0] != RIC_CKPT_FORMAT))
        st = ric_error_set(err, RIC_EFORMAT, "%s: /checkpoint/numbers: step %lld or format %lld",
                           path, (long long)num[1], (long long)num[0]);
    size_t first = 0;
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
        void *col = NULL;
        st = ric_h5f_get(&f, obj, f64 ? RIC_H5_F64 : RIC_H5_I32, 1, want_n, NULL, &col);
        for (size_t i = 0; st == RIC_OK && f64 && i < n; i++)
            if (!isfinite(((const double *)col)[i]))
                st = ric_error_set(err, RIC_EFORMAT, "%s: %s: agent %zu: not finite", path, obj, i);
        if (st == RIC_OK)
            memcpy(a->cols[c].data, col, n * (f64 ? 8 : 4));
        free(col);
    }
    for (size_t l = 0; l < w->nlayers && st == RIC_OK; l++) {
        char obj[64];
        void *d[6] = {NULL};
        size_t m = 0;
        for (int q = 0; q < 6 && st == RIC_OK; q++) {
            snprintf(obj, sizeof obj, "/layers/%zu/%s", l, ric_i_layer_cols[q]);
            st = ric_h5f_get(&f, obj, ric_i_layer_types[q], 1, q ? &m : NULL, q ? NULL : dm, &d[q]);
            if (q == 0 && st == RIC_OK)
                m = dm[0];
        }
        if (st == RIC_OK)
            st = ric_i_check_layer(path, l, m, n, num[1], d, err);
        uint64_t *keys = st == RIC_OK ? malloc((m ? m : 1) * sizeof *keys) : NULL;
        if (st == RIC_OK && !keys)
            st = ric_error_set(err, RIC_ENOMEM, "checkpoint: no memory");
        if (st == RIC_OK) {
            const uint32_t *ea = d[0], *eb = d[1];
            for (size_t t = 0; t < m; t++)
                keys[t] = ric_tie_key(ea[t], eb[t]);
            ric_layer *L = &w->layers[l];
            if ((st = ric_layer_set_edges(L, keys, m, 0)) == RIC_OK && L->n == m) {
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
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/model/f64", RIC_H5_F64, 1, NULL, nf, (void **)mf);
    if (st == RIC_OK)
        st = ric_h5f_get(&f, "/model/i64", RIC_H5_I64, 1, NULL, ni, (void **)mi);
    for (size_t i = 0; st == RIC_OK && i < *nf; i++)
        if (!isfinite((*mf)[i]))
            st = ric_error_set(err, RIC_EFORMAT, "%s: /model/f64: value %zu not finite", path, i);
    if (st == RIC_OK) {
        w->step = num[1];
        w->seed = (uint64_t)num[2];
        w->replication = (uint64_t)num[3];
    }
    free(num);
    ric_h5f_close(&f);
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
