#include "ric_run.h"

#include "ric_h5.h"
#include "ric_model.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ric_run_opts_init(ric_run_opts *o)
{
    *o = (ric_run_opts){0};
    o->steps = -1;
}

/* Edge-list files named in the scenario are relative to the scenario file
 * (so a scenario and its data move together); --set values stay relative
 * to the working directory. */
static ric_status ric_i_resolve_paths(const char *scenario, ric_params *p, ric_error *err)
{
    const char *slash = strrchr(scenario, '/');
    if (!slash)
        return RIC_OK;
    int dirlen = (int)(slash - scenario);
    for (int l = 0; l < RIC_NLAYERS; l++) {
        char *f = p->layer[l].edge_file;
        if (f[0] == '\0' || f[0] == '/')
            continue;
        char joined[RIC_PATH_MAX];
        int len = snprintf(joined, sizeof joined, "%.*s/%s", dirlen, scenario, f);
        if (len < 0 || (size_t)len >= sizeof joined)
            return ric_error_set(err, RIC_ECONFIG, "%s: network.%s.edge_file: path too long",
                                 scenario, ric_layer_names[l]);
        memcpy(f, joined, (size_t)len + 1);
    }
    return RIC_OK;
}

ric_status ric_run_load(const ric_run_opts *o, ric_params *p, char **text, ric_error *err)
{
    const ric_param_table *tab = ric_params_table();
    ric_params_default(p);
    *text = NULL;
    RIC_CHECK(ric_config_load_file(o->scenario, tab, p, text, err));
    ric_status st = ric_i_resolve_paths(o->scenario, p, err);
    for (size_t i = 0; i < o->nsets && st == RIC_OK; i++)
        st = ric_config_set(o->sets[i], tab, p, err);
    if (st == RIC_OK && o->have_seed) {
        if (o->seed > (UINT64_C(1) << 53))
            st = ric_error_set(err, RIC_ECONFIG, "--seed %llu: out of range [0, 2^53]",
                               (unsigned long long)o->seed);
        p->seed = (int64_t)o->seed;
    }
    if (st == RIC_OK && o->steps >= 0)
        p->steps = o->steps;
    if (st == RIC_OK)
        st = ric_params_validate(p, err);
    if (st != RIC_OK) {
        free(*text);
        *text = NULL;
    }
    return st;
}

/* Joins the overrides into one text, one per line, for /parameters. */
static char *ric_i_join_sets(const ric_run_opts *o)
{
    size_t len = 1;
    for (size_t i = 0; i < o->nsets; i++)
        len += strlen(o->sets[i]) + 1;
    char *s = malloc(len), *q = s;
    if (!s)
        return NULL;
    for (size_t i = 0; i < o->nsets; i++)
        q += sprintf(q, "%s\n", o->sets[i]);
    *q = '\0';
    return s;
}

enum { RIC_I_FLUSH_STEPS = 16 };

static ric_status ric_i_loop(ric_model *m, ric_world *w, ric_h5 *h, const ric_run_opts *o,
                             ric_error *err)
{
    ric_observer obs;
    ric_observer_init(&obs);
    ric_status st;
    RIC_TRY(st, ric_observer_declare(&obs, m, h, err), done);
    RIC_TRY(st, ric_observer_record(&obs, m, w, h, err), done);
    double t0 = omp_get_wtime();
    for (int64_t s = 0; s < m->p.steps; s++) {
        if (o->stop && *o->stop) {
            st = ric_error_set(err, RIC_EIO, "interrupted at step %lld", (long long)w->step);
            goto done;
        }
        RIC_TRY(st, ric_world_step(w, err), done);
        RIC_TRY(st, ric_observer_record(&obs, m, w, h, err), done);
        double now = omp_get_wtime();
        /* Flushing at fixed steps bounds what a crash can lose and, unlike a
         * wall-clock rule, lays the file out the same way every time. */
        if (w->step % RIC_I_FLUSH_STEPS == 0)
            RIC_TRY(st, ric_h5_flush(h, err), done);
        if (o->progress)
            o->progress(o->progress_ud, w->step, m->p.steps, now - t0);
    }
done:
    if (o->phase_time)
        for (size_t ph = 0; ph < w->nphases; ph++)
            o->phase_time(o->progress_ud, w->phases[ph].name, w->phases[ph].seconds);
    ric_observer_destroy(&obs);
    return st;
}

ric_status ric_run(const ric_run_opts *o, ric_error *err)
{
    ric_params p;
    char *text = NULL, *effective = NULL, *sets = NULL;
    RIC_CHECK(ric_run_load(o, &p, &text, err));
    ric_status st = ric_config_dump(ric_params_table(), &p, &effective, err);
    sets = ric_i_join_sets(o);
    if (st == RIC_OK && !sets)
        st = ric_error_set(err, RIC_ENOMEM, "out of memory");
    ric_h5 h;
    ric_h5_init(&h);
    ric_world w;
    ric_model m;
    ric_model_init(&m, &p);
    int have_world = 0;
    if (st == RIC_OK) {
        ric_h5_meta meta = {
            o->scenario, text,      effective, sets, (uint64_t)p.seed, (uint64_t)p.replication,
            p.steps,     o->threads};
        st = ric_h5_create(&h, o->output, o->force, &meta, err);
    }
    if (st == RIC_OK) {
        st = ric_world_init(&w, (size_t)p.domains, RIC_NLAYERS, (uint64_t)p.seed,
                            (uint64_t)p.replication);
        have_world = st == RIC_OK;
    }
    if (st == RIC_OK)
        st = ric_model_setup(&m, &w, err);
    if (st == RIC_OK)
        st = ric_i_loop(&m, &w, &h, o, err);
    if (h.file >= 0) {
        ric_error ferr;
        ric_error_clear(&ferr);
        ric_status fst = ric_h5_finish(&h, st == RIC_OK ? "complete" : "failed", &ferr);
        if (st == RIC_OK && fst != RIC_OK) {
            st = fst;
            ric_error_set(err, fst, "%s", ferr.msg);
        }
    }
    ric_h5_destroy(&h);
    if (have_world)
        ric_world_destroy(&w);
    ric_model_destroy(&m);
    free(text);
    free(effective);
    free(sets);
    return st;
}
