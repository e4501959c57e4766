/* Model lifetime and the fixed order of the phases of a step. */
#include "ric_model.h"

#include <stdlib.h>
#include <string.h>

ric_status ric_scratch_f64(double **p, size_t *cap, size_t n)
{
    if (n <= *cap)
        return RIC_OK;
    double *q = realloc(*p, n * sizeof *q);
    if (!q)
        return RIC_ENOMEM;
    *p = q;
    *cap = n;
    return RIC_OK;
}

void ric_scratch_trim(double **p, size_t *cap)
{
    if (*cap * sizeof **p >= ((size_t)4 << 20)) {
        free(*p);
        *p = NULL;
        *cap = 0;
    }
}

void ric_model_init(ric_model *m, const ric_params *p)
{
    memset(m, 0, sizeof *m);
    m->p = *p;
    /* Unregistered columns must fail loudly, never alias column 0. */
    ric_model_columns_unset(m);
    for (int r = 0; r < RIC_MAX_REGIONS; r++)
        m->lead_quota[r] = m->lead_quota_prev[r] = p->lead_users;
}

void ric_model_destroy(ric_model *m)
{
    if (!m)
        return;
    free(m->ksum);
    free(m->tie_g);
    free(m->hub);
    for (int e = 0; e < RIC_NEVENTS; e++)
        free(m->events.rows[e]);
    memset(m, 0, sizeof *m);
}

/* The phases of a step, in their fixed order (docs/model.md 3). A frozen
 * network keeps its agents and ties: no demography, and the services that
 * would create ties are off too. */
static const struct {
    const char *name;
    ric_phase_fn fn;
    int moves_network; /* skipped when network.frozen */
} ric_i_phases[] = {
    {"policy", ric_phase_policy, 0},
    {"exchange", ric_phase_exchange, 0},
    {"capability", ric_phase_capability, 0},
    {"innovation", ric_phase_innovation, 0},
    {"demography", ric_phase_demography, 1},
    {"brokerage", ric_phase_brokerage, 1},
    {"ties", ric_phase_ties, 1},
    {"formation", ric_phase_formation, 1},
    {"user_groups", ric_phase_user_groups, 1},
    {"council", ric_phase_council, 1},
};
_Static_assert(sizeof ric_i_phases / sizeof ric_i_phases[0] <= RIC_MAX_PHASES,
               "the world holds at most RIC_MAX_PHASES phases");

ric_status ric_model_add_phases(ric_model *m, ric_world *w)
{
    for (size_t i = 0; i < sizeof ric_i_phases / sizeof ric_i_phases[0]; i++)
        if (!(m->p.frozen_ties && ric_i_phases[i].moves_network))
            RIC_CHECK(ric_world_add_phase(w, ric_i_phases[i].name, ric_i_phases[i].fn, m));
    return RIC_OK;
}

/* Packed state: the counters and quotas as integers, the spend and the hub
 * as doubles, in a fixed order (ric_model_unpack reads it back). */
enum {
    RIC_I_PACK_I64 = 10 + 3 * RIC_MAX_REGIONS + 24,
    RIC_I_PACK_F64_FIXED = 1 + RIC_MAX_INTERVENTIONS + 1 + RIC_NSECTORS + 3 * RIC_MAX_REGIONS
};

ric_status ric_model_pack(const ric_model *m, size_t dims, double **f, size_t *nf, int64_t **i,
                          size_t *ni)
{
    *nf = RIC_I_PACK_F64_FIXED + dims;
    *ni = RIC_I_PACK_I64;
    *f = malloc(*nf * sizeof **f);
    *i = malloc(*ni * sizeof **i);
    if (!*f || !*i) {
        free(*f);
        free(*i);
        return RIC_ENOMEM;
    }
    const int64_t head[10] = {
        m->entries_total,  m->exits_total,   m->requests,      m->services,    m->matches,
        m->services_total, m->matches_total, m->inter_entries, m->inter_exits, m->formal_ended};
    memcpy(*i, head, sizeof head);
    memcpy(*i + 10, m->lead_quota, RIC_MAX_REGIONS * sizeof **i);
    memcpy(*i + 10 + RIC_MAX_REGIONS, m->lead_quota_prev, RIC_MAX_REGIONS * sizeof **i);
    memcpy(*i + 10 + 2 * RIC_MAX_REGIONS, m->region_entries, RIC_MAX_REGIONS * sizeof **i);
    memcpy(*i + 10 + 192, m->hist_entries, 12 * sizeof **i);
    memcpy(*i + 10 + 204, m->hist_exits, 12 * sizeof **i);
    double *q = *f;
    *q++ = m->spend_cumulative;
    memcpy(q, m->spend, RIC_MAX_INTERVENTIONS * sizeof *q);
    q += RIC_MAX_INTERVENTIONS;
    *q++ = m->formal_lifetime;
    memcpy(q, m->demand, RIC_NSECTORS * sizeof *q);
    q += RIC_NSECTORS;
    memcpy(q, m->region_requests, RIC_MAX_REGIONS * sizeof *q);
    memcpy(q + RIC_MAX_REGIONS, m->region_capacity, RIC_MAX_REGIONS * sizeof *q);
    memcpy(q + 2 * RIC_MAX_REGIONS, m->region_firms0, RIC_MAX_REGIONS * sizeof *q);
    memcpy(*f + RIC_I_PACK_F64_FIXED, m->hub, dims * sizeof **f);
    return RIC_OK;
}

ric_status ric_model_unpack(ric_model *m, size_t dims, const double *f, size_t nf, const int64_t *i,
                            size_t ni)
{
    if (nf != RIC_I_PACK_F64_FIXED + dims || ni != RIC_I_PACK_I64)
        return RIC_EFORMAT;
    m->entries_total = i[0], m->exits_total = i[1], m->requests = i[2], m->services = i[3];
    m->matches = i[4], m->services_total = i[5], m->matches_total = i[6];
    m->inter_entries = i[7], m->inter_exits = i[8], m->formal_ended = i[9];
    memcpy(m->lead_quota, i + 10, RIC_MAX_REGIONS * sizeof *i);
    memcpy(m->lead_quota_prev, i + 10 + RIC_MAX_REGIONS, RIC_MAX_REGIONS * sizeof *i);
    memcpy(m->region_entries, i + 10 + 2 * RIC_MAX_REGIONS, RIC_MAX_REGIONS * sizeof *i);
    memcpy(m->hist_entries, i + 10 + 3 * RIC_MAX_REGIONS, 12 * sizeof *i);
    memcpy(m->hist_exits, i + 10 + 3 * RIC_MAX_REGIONS + 12, 12 * sizeof *i);
    const double *q = f;
    m->spend_cumulative = *q++;
    memcpy(m->spend, q, RIC_MAX_INTERVENTIONS * sizeof *q);
    q += RIC_MAX_INTERVENTIONS;
    m->formal_lifetime = *q++;
    memcpy(m->demand, q, RIC_NSECTORS * sizeof *q);
    q += RIC_NSECTORS;
    memcpy(m->region_requests, q, RIC_MAX_REGIONS * sizeof *q);
    memcpy(m->region_capacity, q + RIC_MAX_REGIONS, RIC_MAX_REGIONS * sizeof *q);
    memcpy(m->region_firms0, q + 2 * RIC_MAX_REGIONS, RIC_MAX_REGIONS * sizeof *q);
    memcpy(m->hub, f + RIC_I_PACK_F64_FIXED, dims * sizeof *f);
    return RIC_OK;
}
