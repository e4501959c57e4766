/* The library's process-wide context (ric_error.h: ric_lib_init). */
#include "ric_error.h"

#include <gsl/gsl_errno.h>
#include <hdf5.h>
#include <igraph.h>

#include <pthread.h>

static pthread_once_t ric_i_once = PTHREAD_ONCE_INIT;

static void ric_i_lib_init(void)
{
    /* No HDF5 clean-up at exit: ricsim closes every file itself, and a file
     * whose close failed on a full disk made HDF5's exit handler retry the
     * flush and crash (SIGSEGV). Must precede every other HDF5 call. */
    H5dont_atexit();
    /* HDF5 would print its error stack, GSL and igraph would abort: the
     * library reports errors through ric_error instead. These switches are
     * process-global in all three libraries, hence once, here. */
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    gsl_set_error_handler_off();
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
}

void ric_lib_init(void)
{
    pthread_once(&ric_i_once, ric_i_lib_init);
}
