/* ric_h5: layout, buffered appends read back exactly, run_status contract,
 * --force semantics and error codes; event tables and fixed arrays. */
#include "ric_h5.h"
#include "ric_test.h"

#include <hdf5.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NROWS 600  /* more than two buffers of RIC_H5_CHUNK_ROWS */
#define TROWS 2500 /* more than two buffers of RIC_H5_TABLE_CHUNK_ROWS */

static const char *const kinds[] = {"firm", "university", "institute"};

static double value_1d(size_t i)
{
    return 0.5 * (double)i + 1.0 / 3.0;
}

static double value_3d(size_t i, size_t j)
{
    return (double)i * 1e-3 - (double)j / 7.0;
}

static int64_t step_of(size_t i)
{
    return 10 * (int64_t)i + 1;
}

static ric_h5_meta test_meta(void)
{
    ric_h5_meta m = {
        .scenario_path = "scenarios/öresund.yaml",
        .scenario_text = "name: Öresund\nsteps: 600\n",
        .effective = "name: Öresund\nsteps: 600\nseed: 42\n",
        .overrides = "",
        .seed = UINT64_C(18446744073709551557),
        .replication = 3,
        .steps = NROWS,
        .threads = 4,
    };
    return m;
}

static void expect_status(const char *path, const char *want)
{
    char buf[32];
    ric_error err;
    ric_error_clear(&err);
    ASSERT_OK(ric_h5_read_status(path, buf, sizeof buf, &err));
    if (strcmp(buf, want) != 0) {
        fprintf(stderr, "status of %s: \"%s\", expected \"%s\"\n", path, buf, want);
        ASSERT(0);
    }
}

static void check_series(const char *path, const char *name, size_t want_rows, size_t want_cols)
{
    int64_t *steps = NULL;
    double *values = NULL;
    size_t nrows = 99, ncols = 99;
    ric_error err;
    ric_error_clear(&err);
    ric_status st = ric_h5_read_series(path, name, &steps, &values, &nrows, &ncols, &err);
    if (st != RIC_OK)
        fprintf(stderr, "read_series: %s\n", err.msg);
    ASSERT_EQ(st, RIC_OK);
    ASSERT(steps != NULL && values != NULL);
    ASSERT_EQ(nrows, want_rows);
    ASSERT_EQ(ncols, want_cols);
    for (size_t i = 0; i < nrows; i++) {
        ASSERT_EQ(steps[i], step_of(i));
        if (ncols == 0)
            ASSERT(values[i] == value_1d(i));
        for (size_t j = 0; j < ncols; j++)
            ASSERT(values[i * ncols + j] == value_3d(i, j));
    }
    free(steps);
    free(values);
}

/* Reads a scalar fixed-length string dataset or attribute through the raw API. */
static void check_string(hid_t f, const char *obj, const char *attr, const char *want)
{
    hid_t id = attr ? H5Aopen_by_name(f, obj, attr, H5P_DEFAULT, H5P_DEFAULT)
                    : H5Dopen2(f, obj, H5P_DEFAULT);
    ASSERT(id >= 0);
    hid_t t = attr ? H5Aget_type(id) : H5Dget_type(id);
    ASSERT(t >= 0);
    ASSERT_EQ(H5Tget_class(t), H5T_STRING);
    ASSERT_EQ(H5Tis_variable_str(t), 0);
    ASSERT_EQ(H5Tget_cset(t), H5T_CSET_UTF8);
    size_t size = H5Tget_size(t);
    char *buf = calloc(size + 1, 1);
    ASSERT(buf != NULL);
    ASSERT((attr ? H5Aread(id, t, buf) : H5Dread(id, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)) >= 0);
    if (want && strcmp(buf, want) != 0) {
        fprintf(stderr, "%s %s: \"%s\", expected \"%s\"\n", obj, attr ? attr : "", buf, want);
        ASSERT(0);
    }
    free(buf);
    H5Tclose(t);
    if (attr)
        H5Aclose(id);
    else
        H5Dclose(id);
}

/* "columns" attribute of obj: 1-D array of fixed-length strings. */
static void check_columns(hid_t f, const char *obj, const char *const *want, size_t nwant)
{
    hid_t a = H5Aopen_by_name(f, obj, "columns", H5P_DEFAULT, H5P_DEFAULT);
    ASSERT(a >= 0);
    hid_t t = H5Aget_type(a), sp = H5Aget_space(a);
    hsize_t n = 0;
    ASSERT(H5Sget_simple_extent_dims(sp, &n, NULL) == 1);
    ASSERT_EQ(n, nwant);
    size_t width = H5Tget_size(t);
    char *cols = calloc(nwant, width);
    ASSERT(cols && H5Aread(a, t, cols) >= 0);
    for (size_t i = 0; i < nwant; i++)
        ASSERT(strncmp(cols + i * width, want[i], width) == 0);
    free(cols);
    H5Sclose(sp);
    H5Tclose(t);
    H5Aclose(a);
}

/* The layout other code and docs/output.md rely on. */
static void check_layout(const char *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT(f >= 0);
    int32_t v[2] = {0, 0};
    hid_t a = H5Aopen_by_name(f, "/", "format_version", H5P_DEFAULT, H5P_DEFAULT);
    ASSERT(a >= 0);
    ASSERT(H5Aread(a, H5T_NATIVE_INT32, v) >= 0);
    ASSERT_EQ(v[0], RIC_H5_FORMAT_VERSION);
    H5Aclose(a);
    a = H5Aopen_by_name(f, "/h5md", "version", H5P_DEFAULT, H5P_DEFAULT);
    ASSERT(a >= 0);
    ASSERT(H5Aread(a, H5T_NATIVE_INT32, v) >= 0);
    ASSERT(v[0] == 1 && v[1] == 1);
    H5Aclose(a);
    check_string(f, "/h5md/creator", "name", "ricsim");
    check_string(f, "/h5md/creator", "version", NULL);
    check_string(f, "/h5md/author", "name", "ricsim");

    ric_h5_meta m = test_meta();
    check_string(f, "/parameters/scenario", NULL, m.scenario_text);
    check_string(f, "/parameters/scenario_path", NULL, m.scenario_path);
    check_string(f, "/parameters/effective", NULL, m.effective);
    check_string(f, "/parameters/overrides", NULL, "");
    const char *attrs[] = {"git_hash", "build_flags", "ricsim_version", "dependencies"};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
        check_string(f, "/parameters", attrs[i], NULL);
    /* No wall-clock time anywhere: the same run gives the same bytes. */
    ASSERT_EQ(H5Aexists_by_name(f, "/parameters", "created", H5P_DEFAULT), 0);

    uint64_t u = 0;
    hid_t d = H5Dopen2(f, "/parameters/seed", H5P_DEFAULT);
    ASSERT(d >= 0 && H5Dread(d, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, &u) >= 0);
    ASSERT(u == m.seed);
    H5Dclose(d);
    d = H5Dopen2(f, "/parameters/threads", H5P_DEFAULT);
    ASSERT(d >= 0 && H5Dread(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
    ASSERT_EQ(v[0], 4);
    H5Dclose(d);

    check_columns(f, "/observables/triple/value", kinds, 3);
    check_string(f, "/observables/triple/value", "unit", "1");
    check_string(f, "/observables/density_informal/value", "unit", "");
    ASSERT_EQ(H5Aexists_by_name(f, "/observables/density_informal/value", "columns", H5P_DEFAULT),
              0);
    ASSERT(H5Lexists(f, "/events", H5P_DEFAULT) > 0);
    H5Fclose(f);
}

static int have_h5dump(void)
{
    return system("command -v h5dump >/dev/null 2>&1") == 0;
}

/* Table cell: includes the int64 extremes, so nothing may pass through a double. */
static int64_t event_cell(size_t i, size_t j)
{
    if (j == 2)
        return i % 2 ? INT64_MAX - (int64_t)i : INT64_MIN + (int64_t)i;
    return (int64_t)(i * 3 + j) - 1000;
}

static void check_table(const char *path, const char *name, size_t want_rows, size_t want_cols)
{
    int64_t *rows = NULL;
    size_t nrows = 99, ncols = 99;
    ric_error err;
    ric_error_clear(&err);
    ric_status st = ric_h5_read_table(path, name, &rows, &nrows, &ncols, &err);
    if (st != RIC_OK)
        fprintf(stderr, "read_table: %s\n", err.msg);
    ASSERT_EQ(st, RIC_OK);
    ASSERT(rows != NULL);
    ASSERT_EQ(nrows, want_rows);
    ASSERT_EQ(ncols, want_cols);
    for (size_t i = 0; i < nrows; i++)
        for (size_t j = 0; j < ncols; j++)
            ASSERT_EQ(rows[i * ncols + j], event_cell(i, j));
    free(rows);
}

/* Chunk rows of obj, 0 when it is not chunked. */
static hsize_t chunk_rows(hid_t f, const char *obj)
{
    hid_t d = H5Dopen2(f, obj, H5P_DEFAULT);
    ASSERT(d >= 0);
    hid_t dcpl = H5Dget_create_plist(d);
    hsize_t chunk[2] = {0, 0};
    if (H5Pget_layout(dcpl) == H5D_CHUNKED) {
        ASSERT(H5Pget_chunk(dcpl, 2, chunk) >= 1);
        ASSERT_EQ(H5Pget_nfilters(dcpl), 2); /* shuffle + deflate */
    }
    H5Pclose(dcpl);
    H5Dclose(d);
    return chunk[0];
}

static void h5dump_ok(const char *path)
{
    if (!have_h5dump()) {
        fprintf(stderr, "h5dump not on PATH: %s not dumped\n", path);
        return;
    }
    char cmd[8600];
    snprintf(cmd, sizeof cmd, "h5dump '%s' >/dev/null", path);
    ASSERT_EQ(system(cmd), 0);
}

static void test_tables(const char *path, const char *bare, const char *text, const char *missing)
{
    static const char *const cols[] = {"step", "source", "target"};
    ric_error err;
    ric_error_clear(&err);
    ric_h5_meta meta = test_meta();
    ric_h5 h;
    ric_h5_init(&h);
    ASSERT_OK(ric_h5_create(&h, path, 1, &meta, &err));
    size_t ties = 99, empty = 99, wide = 99, sid = 99;
    ASSERT_OK(ric_h5_table_add(&h, "ties", 3, cols, "formal ties formed", &ties, &err));
    ASSERT_OK(ric_h5_table_add(&h, "empty", 2, cols, NULL, &empty, &err));
    ASSERT_EQ(ties, 0);
    ASSERT_EQ(empty, 1);
    ASSERT_OK(ric_h5_series_add(&h, "density_informal", 0, NULL, "", &sid, &err));
    ASSERT_EQ(ric_h5_table_add(&h, "ties", 3, cols, "", NULL, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "already declared");
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_table_add(&h, "nocols", 0, cols, "", NULL, &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_table_add(&h, "a/b", 1, cols, "", NULL, &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_table_add(&h, "unnamed", 2, NULL, "", NULL, &err), RIC_EINVAL);
    ric_error_clear(&err);
    const int64_t dummy[3] = {0, 0, 0};
    ASSERT_EQ(ric_h5_table_append(&h, 7, dummy, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "bad table id 7");
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_table_append(&h, ties, NULL, &err), RIC_EINVAL);
    ric_error_clear(&err);

    /* A table wider than 128 columns gets fewer rows per chunk (<= 1 MiB). */
    const char *many[200];
    for (size_t j = 0; j < 200; j++)
        many[j] = "c";
    ASSERT_OK(ric_h5_table_add(&h, "wide", 200, many, "", &wide, &err));
    /* Table limit. */
    for (size_t i = h.ntables; i < RIC_H5_MAX_TABLES; i++) {
        char name[16];
        snprintf(name, sizeof name, "t%zu", i);
        ASSERT_OK(ric_h5_table_add(&h, name, 1, cols, "", NULL, &err));
    }
    ASSERT_EQ(ric_h5_table_add(&h, "one_too_many", 1, cols, "", NULL, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "at most");
    ric_error_clear(&err);

    for (size_t i = 0; i < TROWS; i++) {
        int64_t row[3] = {event_cell(i, 0), event_cell(i, 1), event_cell(i, 2)};
        ASSERT_OK(ric_h5_table_append(&h, ties, row, &err));
        ASSERT_OK(ric_h5_series_append(&h, sid, step_of(i), &(double){value_1d(i)}, &err));
        if (i + 1 == 700 || i + 1 == 1500) {
            /* flush writes partial buffers; later blocks continue where they left off. */
            ASSERT_OK(ric_h5_flush(&h, &err));
            check_table(path, "ties", i + 1, 3);
            check_table(path, "empty", 0, 2);
        }
    }
    ASSERT_OK(ric_h5_finish(&h, "complete", &err));
    check_table(path, "ties", TROWS, 3);
    check_table(path, "empty", 0, 2);
    check_series(path, "density_informal", TROWS, 0);

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT(f >= 0);
    check_columns(f, "/events/ties", cols, 3);
    check_columns(f, "/events/empty", cols, 2);
    check_string(f, "/events/ties", "description", "formal ties formed");
    check_string(f, "/events/empty", "description", "");
    ASSERT_EQ(chunk_rows(f, "/events/ties"), RIC_H5_TABLE_CHUNK_ROWS);
    ASSERT_EQ(chunk_rows(f, "/events/wide"), 131072 / 200);
    H5Fclose(f);
    h5dump_ok(path);

    int64_t *rows = NULL;
    size_t nrows = 0, ncols = 0;
    ASSERT_EQ(ric_h5_read_table(path, "nonesuch", &rows, &nrows, &ncols, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "no table nonesuch");
    ASSERT(rows == NULL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_read_table(bare, "ties", &rows, &nrows, &ncols, &err), RIC_EFORMAT);
    ASSERT_STR_CONTAINS(err.msg, "not a ricsim output file");
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_read_table(text, "ties", &rows, &nrows, &ncols, &err), RIC_EFORMAT);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_read_table(missing, "ties", &rows, &nrows, &ncols, &err), RIC_ENOENT);
    ric_error_clear(&err);

    /* Destroyed without finish: buffered table rows are still written. */
    ASSERT_OK(ric_h5_create(&h, path, 1, &meta, &err));
    ASSERT_OK(ric_h5_table_add(&h, "ties", 3, cols, "", &ties, &err));
    for (size_t i = 0; i < 10; i++) {
        int64_t row[3] = {event_cell(i, 0), event_cell(i, 1), event_cell(i, 2)};
        ASSERT_OK(ric_h5_table_append(&h, ties, row, &err));
    }
    ric_h5_destroy(&h);
    expect_status(path, "running");
    check_table(path, "ties", 10, 3);
}

static double snap_f64(size_t i, size_t j)
{
    return (double)i / 3.0 - (double)j * 1e-7;
}

static int64_t snap_i64(size_t i)
{
    return i == 0 ? INT64_MIN : INT64_MAX - (int64_t)i;
}

static void test_arrays(const char *path, const char *bare)
{
    static const char *const dims4[] = {"d0", "d1", "dimension_two", "d3"};
    enum { N = 1000, BIG = 200000 };
    double *cap = malloc(N * 4 * sizeof *cap), *big = malloc(BIG * sizeof *big);
    int64_t *ids = malloc(N * sizeof *ids);
    ASSERT(cap && big && ids);
    for (size_t i = 0; i < N; i++) {
        ids[i] = snap_i64(i);
        for (size_t j = 0; j < 4; j++)
            cap[i * 4 + j] = snap_f64(i, j);
    }
    for (size_t i = 0; i < BIG; i++)
        big[i] = snap_f64(i, 1);

    ric_error err;
    ric_error_clear(&err);
    ric_h5_meta meta = test_meta();
    ric_h5 h;
    ric_h5_init(&h);
    ASSERT_OK(ric_h5_create(&h, path, 1, &meta, &err));
    const char *capp = "/snapshots/step_000120/capability", *idp = "/snapshots/step_000120/id";
    ASSERT_OK(ric_h5_write_array(&h, capp, 0, N, 4, cap, dims4, &err));
    ASSERT_OK(ric_h5_write_array(&h, idp, 1, N, 0, ids, NULL, &err));
    ASSERT_OK(ric_h5_write_array(&h, "/snapshots/step_000120/big", 0, BIG, 0, big, NULL, &err));
    ASSERT_OK(
        ric_h5_write_array(&h, "/snapshots/step_000000/capability", 0, 0, 4, NULL, dims4, &err));
    ASSERT_OK(ric_h5_write_array(&h, "/snapshots/step_000000/id", 1, 0, 0, NULL, NULL, &err));
    ASSERT_OK(ric_h5_write_attr_i64(&h, "/snapshots/step_000120", "step", 120, &err));
    ASSERT_OK(ric_h5_write_attr_i64(&h, "/snapshots/step_000000", "step", 0, &err));
    ASSERT_OK(ric_h5_write_attr_i64(&h, "/", "snapshot_every", 120, &err));

    /* Refusals, all RIC_EINVAL, none of which may leave anything behind. */
    ASSERT_EQ(ric_h5_write_array(&h, capp, 0, N, 4, cap, NULL, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "already exists");
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_write_array(&h, "/snapshots/step_000120", 1, N, 0, ids, NULL, &err),
              RIC_EINVAL); /* a group */
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_write_array(&h, "/snapshots/step_000120/id/x", 1, N, 0, ids, NULL, &err),
              RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "is not a group");
    ric_error_clear(&err);
    const char *bad[] = {"relative/x", "/a//b", "/a/./b", "/a/../b", "/", "/a/", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ASSERT_EQ(ric_h5_write_array(&h, bad[i], 1, N, 0, ids, NULL, &err), RIC_EINVAL);
        ric_error_clear(&err);
    }
    ASSERT_EQ(ric_h5_write_array(&h, NULL, 1, N, 0, ids, NULL, &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_write_array(&h, "/observables/x", 1, N, 0, ids, NULL, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "fixed group");
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_write_array(&h, "/events", 1, N, 0, ids, NULL, &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_write_array(&h, "/s/nodata", 1, N, 0, NULL, NULL, &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_write_array(&h, "/s/cols1d", 1, N, 0, ids, dims4, &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_write_attr_i64(&h, "/snapshots/step_000120", "step", 1, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "already has attribute step");
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_write_attr_i64(&h, "/snapshots/step_999999", "step", 1, &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_OK(ric_h5_finish(&h, "complete", &err));
    ASSERT_EQ(ric_h5_write_array(&h, "/s/late", 1, N, 0, ids, NULL, &err), RIC_EINVAL);
    ric_error_clear(&err);

    double *fv = NULL;
    int64_t *iv = NULL;
    size_t nrows = 99, ncols = 99;
    ASSERT_OK(ric_h5_read_array_f64(path, capp, &fv, &nrows, &ncols, &err));
    ASSERT(nrows == N && ncols == 4);
    ASSERT(memcmp(fv, cap, N * 4 * sizeof *cap) == 0);
    free(fv);
    ASSERT_OK(ric_h5_read_array_f64(path, "/snapshots/step_000120/big", &fv, &nrows, &ncols, &err));
    ASSERT(nrows == BIG && ncols == 0);
    ASSERT(memcmp(fv, big, BIG * sizeof *big) == 0);
    free(fv);
    ASSERT_OK(ric_h5_read_array_i64(path, idp, &iv, &nrows, &ncols, &err));
    ASSERT(nrows == N && ncols == 0);
    for (size_t i = 0; i < N; i++)
        ASSERT_EQ(iv[i], snap_i64(i));
    free(iv);
    ASSERT_OK(ric_h5_read_array_f64(path, "/snapshots/step_000000/capability", &fv, &nrows, &ncols,
                                    &err));
    ASSERT(fv != NULL && nrows == 0 && ncols == 4);
    free(fv);
    ASSERT_OK(ric_h5_read_array_i64(path, "/snapshots/step_000000/id", &iv, &nrows, &ncols, &err));
    ASSERT(iv != NULL && nrows == 0 && ncols == 0);
    free(iv);

    /* The stored type must match the reader; missing datasets and groups are RIC_EINVAL. */
    ASSERT_EQ(ric_h5_read_array_i64(path, capp, &iv, &nrows, &ncols, &err), RIC_EFORMAT);
    ASSERT(iv == NULL && nrows == 0 && ncols == 0);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_read_array_f64(path, idp, &fv, &nrows, &ncols, &err), RIC_EFORMAT);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_read_array_f64(path, "/snapshots/step_000120", &fv, &nrows, &ncols, &err),
              RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_read_array_f64(path, "/no/such/thing", &fv, &nrows, &ncols, &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_read_array_f64(bare, capp, &fv, &nrows, &ncols, &err), RIC_EFORMAT);
    ric_error_clear(&err);

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT(f >= 0);
    check_columns(f, capp, dims4, 4);
    check_columns(f, "/snapshots/step_000000/capability", dims4, 4);
    ASSERT_EQ(H5Aexists_by_name(f, idp, "columns", H5P_DEFAULT), 0);
    ASSERT_EQ(chunk_rows(f, capp), N);
    ASSERT_EQ(chunk_rows(f, "/snapshots/step_000120/big"), 131072);
    ASSERT_EQ(chunk_rows(f, "/snapshots/step_000000/id"), 0); /* empty: contiguous */
    int64_t step = -1;
    hid_t a = H5Aopen_by_name(f, "/snapshots/step_000120", "step", H5P_DEFAULT, H5P_DEFAULT);
    ASSERT(a >= 0 && H5Aread(a, H5T_NATIVE_INT64, &step) >= 0);
    ASSERT_EQ(step, 120);
    H5Aclose(a);
    ASSERT_EQ(H5Lexists(f, "/s", H5P_DEFAULT), 0);
    H5Fclose(f);
    h5dump_ok(path);
    free(cap);
    free(big);
    free(ids);
}

/* The whole file into memory (malloc'ed), its size in *len. */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ASSERT(f != NULL);
    unsigned char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (size_t n = 1; n > 0; *len += n) {
        if (cap - *len < 4096) {
            cap = cap ? 2 * cap : 65536;
            buf = realloc(buf, cap);
            ASSERT(buf != NULL);
        }
        n = fread(buf + *len, 1, cap - *len, f);
    }
    fclose(f);
    return buf;
}

/* The same writes give the same bytes: no times in the file (ensembles
 * promise that a member re-run alone equals its file). */
static void test_reproducible(const char *path, const char *path2)
{
    const char *paths[2] = {path, path2};
    for (int r = 0; r < 2; r++) {
        ric_h5 h;
        ric_h5_init(&h);
        ric_h5_meta meta = test_meta();
        size_t id, tid;
        ASSERT_OK(ric_h5_create(&h, paths[r], 1, &meta, NULL));
        ASSERT_OK(ric_h5_series_add(&h, "x", 0, NULL, "", &id, NULL));
        static const char *const cols[] = {"a", "b"};
        ASSERT_OK(ric_h5_table_add(&h, "ev", 2, cols, "events", &tid, NULL));
        for (int64_t s = 0; s < 300; s++) {
            double v = (double)s * 0.5;
            int64_t row[2] = {s, -s};
            ASSERT_OK(ric_h5_series_append(&h, id, s, &v, NULL));
            ASSERT_OK(ric_h5_table_append(&h, tid, row, NULL));
            if (s == 100)
                ASSERT_OK(ric_h5_flush(&h, NULL));
        }
        const double arr[4] = {1, 2, 3, 4};
        ASSERT_OK(ric_h5_write_array(&h, "/snapshots/step_000001/a", 0, 2, 2, arr, NULL, NULL));
        ASSERT_OK(ric_h5_finish(&h, "complete", NULL));
        ric_h5_destroy(&h);
        if (r == 0)
            sleep(1); /* a time stamp would now differ */
    }
    size_t n1, n2;
    unsigned char *b1 = slurp(path, &n1), *b2 = slurp(path2, &n2);
    ASSERT_EQ(n1, n2);
    ASSERT(memcmp(b1, b2, n1) == 0);
    free(b1);
    free(b2);
    ASSERT_OK(remove(path2));
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/ric_test_h5_XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    ASSERT(mkdtemp(dir) != NULL);
    char path[4200], text[4200], missing[4200], bare[4200], badpath[4200];
    snprintf(path, sizeof path, "%s/out.h5", dir);
    snprintf(text, sizeof text, "%s/notes.txt", dir);
    snprintf(missing, sizeof missing, "%s/missing.h5", dir);
    snprintf(bare, sizeof bare, "%s/bare.h5", dir);
    snprintf(badpath, sizeof badpath, "%s/no/such/dir/out.h5", dir);

    ric_error err;
    ric_error_clear(&err);
    ric_h5_meta meta = test_meta();
    ric_h5 h;
    ric_h5_init(&h);

    /* A complete run. */
    ASSERT_OK(ric_h5_create(&h, path, 0, &meta, &err));
    expect_status(path, "running");
    size_t id1 = 99, id3 = 99;
    ASSERT_OK(ric_h5_series_add(&h, "density_informal", 0, NULL, "", &id1, &err));
    ASSERT_OK(ric_h5_series_add(&h, "triple", 3, kinds, "1", &id3, &err));
    ASSERT_EQ(id1, 0);
    ASSERT_EQ(id3, 1);
    ASSERT_EQ(ric_h5_series_add(&h, "triple", 1, kinds, "", NULL, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "already declared");
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_series_add(&h, "a/b", 0, NULL, "", NULL, &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_series_append(&h, 7, 0, &(double){0}, &err), RIC_EINVAL);
    ric_error_clear(&err);
    for (size_t i = 0; i < NROWS; i++) {
        double v1 = value_1d(i), v3[3] = {value_3d(i, 0), value_3d(i, 1), value_3d(i, 2)};
        ASSERT_OK(ric_h5_series_append(&h, id1, step_of(i), &v1, &err));
        ASSERT_OK(ric_h5_series_append(&h, id3, step_of(i), v3, &err));
        if (i + 1 == 300) {
            /* flush writes partial buffers: a reader sees every row so far. */
            ASSERT_OK(ric_h5_flush(&h, &err));
            check_series(path, "density_informal", 300, 0);
            check_series(path, "triple", 300, 3);
        }
    }
    ASSERT_EQ(ric_h5_finish(&h, "done", &err), RIC_EINVAL);
    ric_error_clear(&err);
    ASSERT_OK(ric_h5_finish(&h, "complete", &err));
    ASSERT(h.file < 0);
    ric_h5_destroy(&h); /* after finish: no-op */
    ric_h5_destroy(&h); /* twice: no-op */

    check_series(path, "density_informal", NROWS, 0);
    check_series(path, "triple", NROWS, 3);
    expect_status(path, "complete");
    check_layout(path);
    ASSERT_EQ(ric_h5_read_series(path, "nonesuch", &(int64_t *){NULL}, &(double *){NULL},
                                 &(size_t){0}, &(size_t){0}, &err),
              RIC_EINVAL);
    ric_error_clear(&err);

    if (have_h5dump()) {
        char cmd[8600];
        snprintf(cmd, sizeof cmd, "h5dump -H '%s' >/dev/null", path);
        ASSERT_EQ(system(cmd), 0);
    } else {
        fprintf(stderr, "h5dump not on PATH: header dump not checked\n");
    }

    /* No overwrite without force; the file stays intact. */
    ASSERT_EQ(ric_h5_create(&h, path, 0, &meta, &err), RIC_EEXIST);
    ASSERT_STR_CONTAINS(err.msg, path);
    ASSERT_STR_CONTAINS(err.msg, "exists; use --force to overwrite");
    ric_error_clear(&err);
    ASSERT(h.file <= 0);
    ric_h5_destroy(&h);
    expect_status(path, "complete");
    check_series(path, "triple", NROWS, 3);

    /* With force; destroyed without finish: status stays "running", rows kept. */
    ASSERT_OK(ric_h5_create(&h, path, 1, &meta, &err));
    ASSERT_OK(ric_h5_series_add(&h, "density_informal", 0, NULL, "", &id1, &err));
    for (size_t i = 0; i < 10; i++)
        ASSERT_OK(ric_h5_series_append(&h, id1, step_of(i), &(double){value_1d(i)}, &err));
    /* Series limit. */
    for (size_t i = 1; i < RIC_H5_MAX_SERIES; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%zu", i);
        ASSERT_OK(ric_h5_series_add(&h, name, 0, NULL, NULL, NULL, &err));
    }
    ASSERT_EQ(ric_h5_series_add(&h, "one_too_many", 0, NULL, NULL, NULL, &err), RIC_EINVAL);
    ASSERT_STR_CONTAINS(err.msg, "at most");
    ric_error_clear(&err);
    ric_h5_destroy(&h);
    ric_h5_destroy(&h);
    expect_status(path, "running");
    check_series(path, "density_informal", 10, 0);
    ASSERT_EQ(ric_h5_read_series(path, "triple", &(int64_t *){NULL}, &(double *){NULL},
                                 &(size_t){0}, &(size_t){0}, &err),
              RIC_EINVAL); /* truncated away */
    ric_error_clear(&err);

    /* A zeroed writer is a valid destroyed one. */
    ric_h5 zero;
    memset(&zero, 0, sizeof zero);
    ric_h5_destroy(&zero);
    ric_h5_destroy(NULL);

    /* Not HDF5, not ricsim, missing. */
    FILE *fp = fopen(text, "w");
    ASSERT(fp != NULL);
    fputs("this is not an HDF5 file\n", fp);
    fclose(fp);
    char buf[32];
    ASSERT_EQ(ric_h5_read_status(text, buf, sizeof buf, &err), RIC_EFORMAT);
    ASSERT_STR_CONTAINS(err.msg, "not an HDF5 file");
    ric_error_clear(&err);
    hid_t f = H5Fcreate(bare, H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT(f >= 0);
    H5Fclose(f);
    ASSERT_EQ(ric_h5_read_status(bare, buf, sizeof buf, &err), RIC_EFORMAT);
    ASSERT_STR_CONTAINS(err.msg, "no /run_status");
    ric_error_clear(&err);
    ASSERT_EQ(ric_h5_read_status(missing, buf, sizeof buf, &err), RIC_ENOENT);
    ric_error_clear(&err);

    /* HDF5 failures come back as RIC_EHDF5 naming the file, and create leaves nothing. */
    ASSERT_EQ(ric_h5_create(&h, badpath, 0, &meta, &err), RIC_EIO); /* its lock cannot be made */
    ASSERT_STR_CONTAINS(err.msg, badpath);
    ric_error_clear(&err);
    ric_h5_destroy(&h);

    test_tables(path, bare, text, missing);
    test_arrays(path, bare);
    test_reproducible(path, missing);

    ASSERT_OK(remove(path));
    ASSERT_OK(remove(text));
    ASSERT_OK(remove(bare));
    ASSERT_OK(rmdir(dir));
    return 0;
}
