/* When a loop is worth a parallel region. Waking the team, and the barrier
 * at the end, cost microseconds (more with passive waiting, and much more
 * when another program holds a core); a loop over a few hundred light items
 * costs less than that, so it runs on the calling thread. Only the schedule
 * changes: every item still writes only its own slot, so results are the
 * same either way. */
#ifndef RIC_PAR_H
#define RIC_PAR_H

#include <stddef.h>

/* Light items (a few arithmetic operations or one random draw each). */
#define RIC_PAR_MIN_LIGHT 4096
/* Heavy items (an agent's neighbourhood, several draws, a search). */
#define RIC_PAR_MIN_HEAVY 256

static inline int ric_par_light(size_t n)
{
    return n >= RIC_PAR_MIN_LIGHT;
}
static inline int ric_par_heavy(size_t n)
{
    return n >= RIC_PAR_MIN_HEAVY;
}

#endif
