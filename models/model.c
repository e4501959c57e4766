/* Model lifetime and the fixed order of the phases of a step. */
#include "ric_model.h"

#include <stdlib.h>
#include <string.h>

void ric_model_init(ric_model *m, const ric_params *p)
{
    memset(m, 0, sizeof *m);
    m->p = *p;
    /* Unregistered columns must fail loudly, never alias column 0. */
    m->col_absorb = m->col_stage = m->col_size = m->col_sector = m->col_rd = RIC_NO_SLOT;
    m->col_last_innovation = m->col_revenue = m->col_resources = RIC_NO_SLOT;
    m->col_scale = m->col_parent = m->col_subtype = m->col_margin = RIC_NO_SLOT;
    m->col_innov_type = m->col_lead = m->col_group = m->col_born = RIC_NO_SLOT;
    m->col_rd_own = m->col_extra_capacity = m->col_differentiated = RIC_NO_SLOT;
    for (int r = 0; r < 64; r++)
        m->lead_quota[r] = m->lead_quota_prev[r] = p->lead_users;
}

void ric_model_destroy(ric_model *m)
{
    if (!m)
        return;
    free(m->ksum);
    free(m->hub);
    for (int e = 0; e < RIC_NEVENTS; e++)
        free(m->events.rows[e]);
    memset(m, 0, sizeof *m);
}

ric_status ric_model_add_phases(ric_model *m, ric_world *w)
{
    RIC_CHECK(ric_world_add_phase(w, "policy", ric_phase_policy, m));
    RIC_CHECK(ric_world_add_phase(w, "exchange", ric_phase_exchange, m));
    RIC_CHECK(ric_world_add_phase(w, "capability", ric_phase_capability, m));
    RIC_CHECK(ric_world_add_phase(w, "innovation", ric_phase_innovation, m));
    /* A frozen network keeps its agents and ties: no demography, and
     * services that would create ties are off too. */
    if (!m->p.frozen_ties) {
        RIC_CHECK(ric_world_add_phase(w, "demography", ric_phase_demography, m));
        RIC_CHECK(ric_world_add_phase(w, "brokerage", ric_phase_brokerage, m));
        RIC_CHECK(ric_world_add_phase(w, "ties", ric_phase_ties, m));
        RIC_CHECK(ric_world_add_phase(w, "formation", ric_phase_formation, m));
        RIC_CHECK(ric_world_add_phase(w, "user_groups", ric_phase_user_groups, m));
    }
    return RIC_OK;
}
