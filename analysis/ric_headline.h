/* The few figures a reader looks for first, in words: what `ricsim run`,
 * `ricsim ensemble` and `ricsim demo` print when they end. The statistics
 * are those of ric_compare (mean, 95% CI, paired or Welch difference). */
#ifndef RIC_HEADLINE_H
#define RIC_HEADLINE_H

#include "ric_compare.h"
#include "ric_error.h"

/* Key figures of a run file (firms, innovating shares, ties per agent,
 * capability, spend) at its first and last recorded step, as indented
 * lines in a malloc'ed string. RIC_ENOENT / RIC_EFORMAT as the readers. */
ric_status ric_headline_run(const char *path, char **out, ric_error *err);

/* After ric_compare_run: one block per set. With a baseline (c->sets[0]
 * and diffs): each other set's difference from it with its 95% CI; levels:
 * each set's mean and 95% CI. labels (NULL: the sets' own) name the sets;
 * at most max_sets are shown, then a count of the rest. */
ric_status ric_headline_sets(const ric_compare *c, int diffs, const char *const *labels,
                             size_t max_sets, char **out, ric_error *err);

#endif
