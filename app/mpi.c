/* Ensembles across ranks with Open MPI (built with -DRICSIM_MPI=ON).
 *
 * Every rank runs whole runs, one at a time, each with its own OpenMP
 * threads; the next run index comes from one counter on rank 0 read and
 * incremented atomically by MPI_Fetch_and_op (passive one-sided access), so
 * ranks that get cheap runs simply take more of them and no rank idles as a
 * coordinator. Runs write their own serial HDF5 files, exactly as in a
 * single-process ensemble; rank 0 writes the index once all are done. */
#include "ric_cli.h"

#ifdef RICSIM_HAVE_MPI
#include "ric_ensemble.h"

#include <mpi.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

int ric_mpi_init(int *argc, char ***argv)
{
    /* Only under a launcher: a plain ricsim from an MPI build stays serial. */
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMI_SIZE") && !getenv("PMIX_RANK"))
        return 0;
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return -1;
    return 1;
}

void ric_mpi_finalize(void)
{
    int init = 0, fin = 0;
    MPI_Initialized(&init);
    MPI_Finalized(&fin);
    if (init && !fin)
        MPI_Finalize();
}

int ric_mpi_active(void)
{
    int init = 0;
    MPI_Initialized(&init);
    return init;
}

int ric_mpi_rank(void)
{
    int r = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int ric_mpi_size(void)
{
    int n = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

int ric_mpi_bcast_int(int v)
{
    MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return v;
}

int ric_mpi_ensemble_runs(const struct ric_ensemble *e, size_t lo, size_t hi, int quiet,
                          size_t *ran, size_t *skipped, size_t *failed)
{
    const int rank = ric_mpi_rank();
    long *counter = NULL;
    MPI_Win win;
    MPI_Win_allocate(rank == 0 ? (MPI_Aint)sizeof(long) : 0, sizeof(long), MPI_INFO_NULL,
                     MPI_COMM_WORLD, &counter, &win);
    if (rank == 0) {
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win);
        *counter = 0;
        MPI_Win_unlock(0, win);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    omp_set_num_threads(e->threads);
    unsigned long long mine[3] = {0, 0, 0}; /* ran, skipped, failed */
    ric_cli_catch_signals();
    for (;;) {
        const long one = 1;
        long k = 0;
        MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
        MPI_Fetch_and_op(&one, &k, MPI_LONG, 0, 0, MPI_SUM, win);
        MPI_Win_unlock(0, win);
        if (ric_cli_stop || (size_t)k > hi - lo)
            break;
        const size_t i = lo + (size_t)k;
        ric_error err;
        ric_error_clear(&err);
        int skip = 0;
        ric_status st = ric_ensemble_run_one(e, i, &ric_cli_stop, &skip, &err);
        if (st != RIC_OK) {
            mine[2]++;
            char path[4096];
            ric_ensemble_run_path(e, i, path, sizeof path);
            fprintf(stderr, "ricsim ensemble: rank %d: run %zu (%s) failed: %s\n", rank, i, path,
                    err.msg[0] ? err.msg : ric_status_message(st));
        } else if (skip) {
            mine[1]++;
        } else {
            mine[0]++;
        }
        if (!quiet && rank == 0)
            fprintf(stderr, "\rensemble: rank 0 took run %zu of %zu   ", i + 1, hi + 1);
    }
    if (!quiet && rank == 0)
        fputc('\n', stderr);
    unsigned long long sum[3] = {0, 0, 0};
    MPI_Reduce(mine, sum, 3, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    int stopped = ric_cli_stop, any_stop = 0;
    MPI_Allreduce(&stopped, &any_stop, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Win_free(&win);
    *ran = (size_t)sum[0];
    *skipped = (size_t)sum[1];
    *failed = (size_t)sum[2];
    return any_stop ? RIC_EXIT_INTERRUPTED : RIC_EXIT_OK;
}
#endif
