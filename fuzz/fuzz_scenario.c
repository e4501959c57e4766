/* libFuzzer harness: the scenario loader (YAML text -> parameters) and the
 * validation that follows it. */
#include "ric_config.h"
#include "ric_params.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    ric_params p;
    ric_params_default(&p);
    ric_error err;
    ric_error_clear(&err);
    if (ric_config_load_string(text, "fuzz.yaml", ric_params_table(), &p, &err) == RIC_OK)
        ric_params_validate(&p, &err);
    free(text);
    return 0;
}
