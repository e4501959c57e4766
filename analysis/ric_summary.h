/* What a run file or an ensemble index holds, and its headline figures, as
 * text (ricsim summary). */
#ifndef RIC_SUMMARY_H
#define RIC_SUMMARY_H

#include "ric_error.h"

/* Writes the summary of path (a run's output file or an ensemble's
 * ensemble.h5, or its directory) into a malloc'ed string. A missing file is
 * RIC_ENOENT; a file that is not HDF5 (e.g. truncated) or not a ricsim file
 * RIC_EFORMAT, with the reason in err. */
ric_status ric_summary(const char *path, char **out, ric_error *err);

#endif
