/* Thread defaults of the command-line program (app/threads.c). */
#ifndef RIC_THREADS_H
#define RIC_THREADS_H

/* OpenMP threads that have no work sleep at once instead of spinning, unless
 * the user chose a policy (OMP_WAIT_POLICY or GOMP_SPINCOUNT) or a tool
 * preloads itself (LD_PRELOAD: valgrind, heaptrack). libgomp reads its
 * environment when it loads, so on Linux the program starts itself again
 * (same path, arguments and process id) with OMP_WAIT_POLICY=passive; call
 * this first thing in main(). Returns only if no restart was needed or it
 * failed (then nothing changes). */
void ric_threads_wait_policy(char **argv);

#endif
