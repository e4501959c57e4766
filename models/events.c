/* Event tables (docs/output.md, /events): one row per innovation, entry and
 * exit, appended by the phases in slot order so the tables do not depend on
 * the thread count. */
#include "ric_model.h"

#include <stdlib.h>

const char *const ric_event_names[RIC_NEVENTS] = {"innovation", "entry", "exit"};
const char *const ric_event_columns[RIC_NEVENTS][RIC_EV_COLS] = {
    {"step", "agent", "type", "size", "sector"},
    {"step", "agent", "parent", "region", "sector"},
    {"step", "agent", "region", "size", "age"},
};

ric_status ric_events_push(ric_events *e, int table, const int64_t row[RIC_EV_COLS])
{
    if (e->n[table] == e->cap[table]) {
        size_t cap = e->cap[table] ? 2 * e->cap[table] : 256;
        int64_t *r = realloc(e->rows[table], cap * RIC_EV_COLS * sizeof *r);
        if (!r)
            return RIC_ENOMEM;
        e->rows[table] = r;
        e->cap[table] = cap;
    }
    int64_t *dst = e->rows[table] + e->n[table]++ * RIC_EV_COLS;
    for (int c = 0; c < RIC_EV_COLS; c++)
        dst[c] = row[c];
    return RIC_OK;
}
