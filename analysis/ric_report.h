/* One HTML page (self-contained: plots inline as SVG, no external assets)
 * comparing ensembles with a baseline, for a meeting or a class. */
#ifndef RIC_REPORT_H
#define RIC_REPORT_H

#include "ric_error.h"

#include <stddef.h>

/* dirs[0] is the baseline ensemble. The page: one summary sentence per
 * scenario, the scenarios as their files describe them (interventions:
 * type, budget, start, targets), the key outcomes with units, the figures
 * (an effects plot; levels beside differences over time, the policy period
 * shaded; for designs each outcome against each factor; network pictures
 * with one shared layout), caveats and provenance (version, date, command,
 * seeds). Plots (with their data and scripts) go to plotdir; a network
 * picture is drawn from the first run of each ensemble that holds a
 * snapshot. Without gnuplot the page is written with its tables and says
 * the plots are missing. command (may be NULL) is shown as provenance. */
ric_status ric_report_write(const char *const *dirs, size_t ndirs, const char *html,
                            const char *plotdir, const char *title, const char *command,
                            ric_error *err);

/* The same page with a section per sensitivity study (a `ricsim
 * sensitivity` directory): its bar charts DIR/plots/sensitivity_*.svg. */
ric_status ric_report_write_studies(const char *const *dirs, size_t ndirs,
                                    const char *const *studies, size_t nstudies, const char *html,
                                    const char *plotdir, const char *title, const char *command,
                                    ric_error *err);

#endif
