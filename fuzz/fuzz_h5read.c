/* libFuzzer harness: the run-file and index readers on HDF5 file images
 * (core driver): status, every series with its columns, the event tables,
 * the index's run list and statistics. */
#include "ric_h5.h"
#include "ric_h5io.h"

#include <stdint.h>
#include <stdlib.h>

static void ric_i_free3(void *a, void *b, void *c)
{
    free(a);
    free(b);
    free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ric_error err;
    ric_error_clear(&err);
    ric_h5f f;
    if (ric_h5f_open_image(&f, data, size, "fuzz.h5", &err) != RIC_OK)
        return 0;
    char status[RIC_H5_STATUS_SIZE];
    ric_h5f_status(&f, status, sizeof status);
    char(*names)[64] = NULL;
    size_t n = 0;
    if (ric_h5f_list(&f, "/observables", &names, &n) == RIC_OK)
        for (size_t k = 0; k < n && k < 64; k++) {
            int64_t *steps = NULL;
            double *v = NULL;
            size_t rows, cols, nc;
            ric_h5f_series(&f, names[k], &steps, &v, &rows, &cols);
            ric_i_free3(steps, v, NULL);
            char obj[128], col[64][64];
            snprintf(obj, sizeof obj, "/observables/%s/value", names[k]);
            ric_h5f_columns(&f, obj, col, 64, &nc);
        }
    free(names);
    static const char *const tables[] = {"/events/innovation", "/events/entry", "/events/exit"};
    for (int t = 0; t < 3; t++) {
        void *rows = NULL;
        size_t dims[2];
        ric_h5f_get(&f, tables[t], RIC_H5_I64, 2, NULL, dims, &rows);
        free(rows);
    }
    char *files = NULL, *st = NULL;
    size_t nf = 0, w = 0, ns, ws;
    void *point = NULL;
    if (ric_h5f_get_strs(&f, "/runs/file", RIC_H5_ANY, &files, &nf, &w) == RIC_OK) {
        ric_h5f_get_strs(&f, "/runs/status", nf, &st, &ns, &ws);
        const size_t want[1] = {nf};
        ric_h5f_get(&f, "/runs/point", RIC_H5_I64, 1, want, NULL, &point);
    }
    ric_i_free3(files, st, point);
    void *mean = NULL;
    size_t dims[3];
    ric_h5f_get(&f, "/statistics/density_formal/mean", RIC_H5_F64, 2, NULL, dims, &mean);
    free(mean);
    ric_h5f_close(&f);
    return 0;
}
