/* Structure-of-arrays agent store with stable ids.
 *
 * Slots hold agents in a fixed order; ids are handed out in increasing order
 * and slot order always follows id order (new agents are appended, removal
 * compacts without reordering), so id -> slot is a binary search and any
 * slot-ordered loop is deterministic. The engine knows nothing of what agents
 * are: `kind` and `group` are opaque integers, the capability matrix is
 * `dims` wide and double-buffered for synchronous updates, and models register
 * further columns by name. */
#ifndef RIC_AGENTS_H
#define RIC_AGENTS_H

#include "ric_error.h"

#include <stddef.h>
#include <stdint.h>

#define RIC_MAX_COLUMNS 48
#define RIC_NO_SLOT     SIZE_MAX

typedef enum ric_col_type { RIC_COL_F64, RIC_COL_I32 } ric_col_type;

typedef struct ric_column {
    char name[32];
    ric_col_type type;
    void *data;
} ric_column;

typedef struct ric_agents {
    size_t n;    /* slots in use, alive or awaiting compaction */
    size_t cap;  /* allocated slots */
    size_t dims; /* width of the capability matrix */
    uint64_t next_id;
    uint64_t *id;
    int32_t *kind;
    int32_t *group;
    uint8_t *alive;
    double *k;      /* capability, n x dims, row-major: the state all phases read */
    double *k_next; /* the buffer a synchronous phase writes; see ric_agents_swap */
    ric_column cols[RIC_MAX_COLUMNS];
    size_t ncols;
} ric_agents;

ric_status ric_agents_init(ric_agents *a, size_t dims);
void ric_agents_destroy(ric_agents *a);

/* Registers a per-agent column; *col receives its index. Columns must be
 * registered before agents are added (they start zeroed either way). */
ric_status ric_agents_add_column(ric_agents *a, const char *name, ric_col_type type, size_t *col);
size_t ric_agents_column_index(const ric_agents *a, const char *name); /* RIC_NO_SLOT if absent */

static inline double *ric_agents_f64(const ric_agents *a, size_t col)
{
    return (double *)a->cols[col].data;
}
static inline int32_t *ric_agents_i32(const ric_agents *a, size_t col)
{
    return (int32_t *)a->cols[col].data;
}
static inline double *ric_agents_row(const ric_agents *a, size_t slot)
{
    return a->k + slot * a->dims;
}

/* Appends count agents (zeroed, alive, fresh ids); *first receives the first
 * new slot. */
ric_status ric_agents_add(ric_agents *a, size_t count, size_t *first);

/* Slot of an id, or RIC_NO_SLOT (also for removed agents after compaction). */
size_t ric_agents_find(const ric_agents *a, uint64_t id);

/* Counts agents with alive set. */
size_t ric_agents_alive_count(const ric_agents *a);

/* Removes agents whose alive flag is 0, keeping order. If old_to_new is not
 * NULL it must hold n entries and receives each old slot's new slot, or
 * RIC_NO_SLOT for removed agents (the tie store uses it to drop ties). */
void ric_agents_compact(ric_agents *a, size_t *old_to_new);

/* Sum of slot i's capability row, in domain order. */
static inline double ric_agents_row_sum(const ric_agents *a, size_t i)
{
    const double *k = a->k + i * a->dims;
    double s = 0.0;
    for (size_t d = 0; d < a->dims; d++)
        s += k[d];
    return s;
}

/* out[i] = ric_agents_row_sum(a, i) for every slot (parallel; the result is
 * thread-count independent). */
void ric_agents_row_sums(const ric_agents *a, double *out);

/* Makes k_next the current state (pointer swap; no copy). */
void ric_agents_swap(ric_agents *a);

#endif
