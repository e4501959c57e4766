/* The observable registry: the outcomes that compare, plot, report and
 * summary show, with the series and column the observer writes them to
 * (models/observe.c), a label and a unit a reader understands. One table, so
 * a renamed series or column is changed in one place. */
#ifndef RIC_OBSERVABLES_H
#define RIC_OBSERVABLES_H

#include <stddef.h>

/* How a value is shown: a level (index, ties per agent), a share in [0, 1]
 * (shown in %, differences in percentage points), a count (never below 0)
 * or an amount of money in won (shown in billion won). */
enum { RIC_OBS_LEVEL, RIC_OBS_SHARE, RIC_OBS_COUNT, RIC_OBS_MONEY };

typedef struct ric_observable {
    const char *key;    /* name on the command line: "capability_smes" */
    const char *series; /* /observables/<series> */
    const char *column; /* column of the series, "" for a 1-D series */
    const char *label;  /* "SME capability" */
    const char *unit;   /* unit of the shown value: "index 0-1", "%", "ties per agent" */
    int kind;           /* RIC_OBS_* */
    int headline;       /* 1: in the report's key table and the plots */
    int time_mean;      /* 1: compare also shows its mean over the policy period */
} ric_observable;

extern const ric_observable ric_observables[];
extern const size_t ric_nobservables;

/* The entry of key, or NULL. */
const ric_observable *ric_observable_find(const char *key);

#endif
