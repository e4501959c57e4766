/* Why passive waiting: with libgomp's default spin-then-sleep policy, a run
 * at 2 threads on a machine with one core busy with another program took
 * 18 s where 1 thread took 1.8 s (120 baseline steps; the spinning thread
 * takes the core the working one needs at every barrier). Passive waiting
 * took 1.25 s there and costs little when the cores are free (bench/run.sh
 * measures both). */
#include "ric_threads.h"

#include <stdlib.h>
#include <unistd.h>

void ric_threads_wait_policy(char **argv)
{
#ifdef __linux__
    if (getenv("OMP_WAIT_POLICY") || getenv("GOMP_SPINCOUNT"))
        return;
    if (setenv("OMP_WAIT_POLICY", "passive", 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    /* exec failed: the current process goes on; the variable set above only
     * reaches the programs it starts. */
#else
    (void)argv;
#endif
}
