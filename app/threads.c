/* Why passive waiting: with libgomp's default spin-then-sleep policy, a run
 * at 2 threads on a machine with one core busy with another program took
 * 18 s where 1 thread took 1.8 s (120 baseline steps; the spinning thread
 * takes the core the working one needs at every barrier). Passive waiting
 * took 1.25 s there. It costs a wake-up per parallel region when both cores
 * are free (the 480-step baseline at 2 threads: 4.0 s passive, 3.3 s
 * active); a dedicated node can set OMP_WAIT_POLICY=active (README). */
#include "ric_threads.h"

#include <stdlib.h>
#include <unistd.h>

void ric_threads_wait_policy(char **argv)
{
#ifdef __linux__
    /* A tool that preloads itself (valgrind, heaptrack) would lose the
     * process or see it twice across the exec: leave the policy alone. */
    const char *pre = getenv("LD_PRELOAD");
    if (getenv("OMP_WAIT_POLICY") || getenv("GOMP_SPINCOUNT") || (pre && *pre))
        return;
    /* The real path, not /proc/self/exe: the process keeps its name
     * (ps, top, perf show ricsim, not exe). */
    char path[4096];
    const ssize_t len = readlink("/proc/self/exe", path, sizeof path - 1);
    if (len <= 0 || (size_t)len >= sizeof path - 1)
        return;
    path[len] = '\0';
    if (setenv("OMP_WAIT_POLICY", "passive", 1) != 0)
        return;
    execv(path, argv);
    /* exec failed: the current process goes on with libgomp's default; the
     * variable set above only reaches the programs it starts. */
#else
    (void)argv;
#endif
}
