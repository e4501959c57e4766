/* Checkpoint validation on the model's side (ric_model_check): every column
 * a phase uses as an index or a flag is in range before the state is used,
 * so a damaged or foreign checkpoint is refused instead of crashing a phase. */
#include "ric_model.h"

#include <stdio.h>

/* Inclusive range of one int32 column. */
typedef struct ric_i_range {
    size_t col;
    int32_t lo, hi;
} ric_i_range;

ric_status ric_model_check(const ric_model *m, const ric_world *w, const char *path, ric_error *err)
{
    const ric_agents *a = &w->agents;
    const int32_t regions = (int32_t)m->p.regions, step = (int32_t)w->step;
    if (w->step < 0 || w->step > m->p.steps)
        return ric_error_set(err, RIC_EFORMAT, "%s: step %lld outside [0, %lld]", path,
                             (long long)w->step, (long long)m->p.steps);
    const ric_i_range r[] = {
        {m->col_stage, 1, 3},
        {m->col_size, -1, RIC_NSIZES - 1},
        {m->col_sector, -1, RIC_NSECTORS - 1},
        {m->col_subtype, -1, RIC_NSUBTYPES - 1},
        {m->col_innov_type, -1, RIC_INNOV_PROCESS},
        {m->col_lead, 0, 1},
        {m->col_council, 0, 1},
        {m->col_giant, 0, 1},
        {m->col_differentiated, 0, 1},
        {m->col_extra_capacity, 0, INT32_MAX},
        {m->col_industry, -1, regions - 1},
        {m->col_born, INT32_MIN, step},
        {m->col_last_innovation, INT32_MIN, step},
    };
    for (size_t i = 0; i < a->n; i++) {
        if (a->kind[i] < 0 || a->kind[i] >= RIC_NKINDS)
            return ric_error_set(err, RIC_EFORMAT, "%s: agent %zu: kind %d out of range", path, i,
                                 a->kind[i]);
        if (a->group[i] < 0 || a->group[i] >= regions)
            return ric_error_set(err, RIC_EFORMAT, "%s: agent %zu: region %d out of [0, %d)", path,
                                 i, a->group[i], regions);
        for (size_t c = 0; c < sizeof r / sizeof r[0]; c++) {
            const int32_t v = ric_agents_i32(a, r[c].col)[i];
            if (v < r[c].lo || v > r[c].hi)
                return ric_error_set(err, RIC_EFORMAT,
                                     "%s: agent %zu: column %s = %d out of [%d, %d]", path, i,
                                     a->cols[r[c].col].name, v, r[c].lo, r[c].hi);
        }
        const int firm = a->kind[i] == RIC_KIND_FIRM;
        const int32_t size = ric_agents_i32(a, m->col_size)[i];
        const int32_t sector = ric_agents_i32(a, m->col_sector)[i];
        const int32_t sub = ric_agents_i32(a, m->col_subtype)[i];
        if ((firm && (size < 0 || sector < 0)) || (a->kind[i] == RIC_KIND_INTERMEDIARY && sub < 0))
            return ric_error_set(err, RIC_EFORMAT,
                                 "%s: agent %zu: size, sector or subtype missing for its kind",
                                 path, i);
    }
    /* Counters: non-negative and far from overflow (they count events,
     * at most agents x steps). */
    const int64_t lim = INT64_C(1) << 48;
    const int64_t c[] = {m->entries_total,  m->exits_total,  m->inter_entries, m->inter_exits,
                         m->formal_ended,   m->requests,     m->services,      m->matches,
                         m->services_total, m->matches_total};
    for (size_t k = 0; k < sizeof c / sizeof c[0]; k++)
        if (c[k] < 0 || c[k] > lim)
            return ric_error_set(err, RIC_EFORMAT,
                                 "%s: /model/i64: counter %zu = %lld out of range", path, k,
                                 (long long)c[k]);
    for (int g = 0; g < 64; g++)
        if (m->lead_quota[g] < 0 || m->lead_quota[g] > lim || m->lead_quota_prev[g] < 0 ||
            m->lead_quota_prev[g] > lim || m->region_entries[g] < 0 || m->region_entries[g] > lim)
            return ric_error_set(err, RIC_EFORMAT, "%s: /model/i64: region %d: count out of range",
                                 path, g);
    for (int h = 0; h < 12; h++)
        if (m->hist_entries[h] < 0 || m->hist_entries[h] > lim || m->hist_exits[h] < 0 ||
            m->hist_exits[h] > lim)
            return ric_error_set(err, RIC_EFORMAT, "%s: /model/i64: history out of range", path);
    return RIC_OK;
}
