/* libFuzzer harness: the edge-list parser (network.*.edge_file), over 64
 * agents with ids 0..63. The parser reads a file, so the input is written
 * to one first. */
#include "fuzz_file.h"
#include "ric_netgen.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = ric_fuzz_file(data, size);
    if (!path)
        return 0;
    uint64_t ids[64];
    for (size_t i = 0; i < 64; i++)
        ids[i] = i;
    ric_layer L;
    ric_layer_init(&L);
    ric_error err;
    ric_error_clear(&err);
    ric_gen_edge_list(&L, path, ids, 64, &err);
    ric_layer_destroy(&L);
    return 0;
}
