/* The harnesses whose reader takes a path write the input to a private
 * file (one per process, reused). */
#ifndef RIC_FUZZ_FILE_H
#define RIC_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static inline const char *ric_fuzz_file(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/ricsim-fuzz.%ld.h5", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    size_t n = fwrite(data, 1, size, f);
    if (fclose(f) != 0 || n != size)
        return NULL;
    return path;
}

#endif
