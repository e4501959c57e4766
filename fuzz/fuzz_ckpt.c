/* libFuzzer harness: the checkpoint reader and its validation, as a restart
 * runs them (description, parameters, world, model state, ric_model_check). */
#include "fuzz_file.h"
#include "ric_ckpt.h"
#include "ric_h5io.h"
#include "ric_model.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ric_lib_init();
    const char *path = ric_fuzz_file(data, size);
    if (!path)
        return 0;
    ric_ckpt_info ci;
    ric_error err;
    ric_error_clear(&err);
    if (ric_ckpt_read_info(path, &ci, &err) != RIC_OK)
        return 0;
    ric_params p;
    ric_params_default(&p);
    if (ric_config_load_string(ci.effective, path, ric_params_table(), &p, &err) == RIC_OK &&
        ric_params_validate(&p, &err) == RIC_OK) {
        ric_model m;
        ric_model_init(&m, &p);
        ric_world w;
        if (ric_world_init(&w, (size_t)p.domains, RIC_NLAYERS, 1, 0) == RIC_OK) {
            double *f = NULL;
            int64_t *i = NULL;
            size_t nf = 0, ni = 0;
            if (ric_model_columns(&m, &w) == RIC_OK &&
                ric_ckpt_read_world(path, &w, &f, &nf, &i, &ni, &err) == RIC_OK &&
                ric_model_unpack(&m, w.agents.dims, f, nf, i, ni) == RIC_OK)
                ric_model_check(&m, &w, path, &err);
            free(f);
            free(i);
            ric_world_destroy(&w);
        }
        ric_model_destroy(&m);
    }
    ric_ckpt_info_destroy(&ci);
    return 0;
}
