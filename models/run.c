#include "ric_run.h"

#include "ric_ckpt.h"
#include "ric_h5.h"
#include "ric_model.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    for (int l = 0; l <= RIC_NLAYERS; l++) {
        char *f = l < RIC_NLAYERS ? p->layer[l].edge_file : p->warmup;
        if (f[0] == '\0' || f[0] == '/')
            continue;
        char joined[RIC_PATH_MAX];
        int len = snprintf(joined, sizeof joined, "%.*s/%s", dirlen, scenario, f);
        if (len < 0 || (size_t)len >= sizeof joined)
            return ric_error_set(err, RIC_ECONFIG, "%s: %s: path too long", scenario,
                                 l < RIC_NLAYERS ? "network edge_file" : "run.warmup");
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
    /* --seed and --steps go through the same checks as the keys. */
    char kv[64];
    if (st == RIC_OK && o->have_seed) {
        snprintf(kv, sizeof kv, "run.seed=%llu", (unsigned long long)o->seed);
        st = ric_config_set(kv, tab, p, err);
    }
    if (st == RIC_OK && o->steps >= 0) {
        snprintf(kv, sizeof kv, "run.steps=%lld", (long long)o->steps);
        st = ric_config_set(kv, tab, p, err);
    }
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

/* Every flush compresses each series' current chunk (256 rows) again: at
 * 16 steps that was 13% of a teaching-world run; 64 steps keep a crash's
 * loss small and compress each chunk four times. */
enum { RIC_I_FLUSH_STEPS = 64 };

/* What a checkpoint of this run records, and where it goes. */
typedef struct ric_i_ckpt {
    int64_t every;
    char path[4200], prev[4200];
    ric_ckpt_info info; /* borrowed strings: not destroyed */
} ric_i_ckpt;

static ric_status ric_i_checkpoint(const ric_i_ckpt *c, ric_model *m, ric_world *w, ric_h5 *h,
                                   ric_error *err)
{
    /* The output on disk must hold everything up to this step; its copy
     * goes with the checkpoint. */
    RIC_CHECK(ric_h5_flush(h, err));
    char out_new[4300], out_cur[4300], out_prev[4300];
    snprintf(out_new, sizeof out_new, "%s.out.new", c->path);
    snprintf(out_cur, sizeof out_cur, "%s.out", c->path);
    snprintf(out_prev, sizeof out_prev, "%s.out", c->prev);
    RIC_CHECK(ric_ckpt_copy(c->info.output, out_new, err));
    /* Copies move first: a crash before the checkpoint below is renamed
     * leaves a copy newer than its checkpoint, which a restart cuts back to
     * the checkpoint's step; never an older one. */
    RIC_CHECK(ric_ckpt_keep(out_cur, out_prev, err));
    if (rename(out_new, out_cur) != 0)
        return ric_error_set(err, RIC_EIO, "checkpoint: cannot rename %s", out_new);
    double *f = NULL;
    int64_t *i = NULL;
    size_t nf = 0, ni = 0;
    if (ric_model_pack(m, w->agents.dims, &f, &nf, &i, &ni) != RIC_OK)
        return ric_error_set(err, RIC_ENOMEM, "checkpoint: no memory");
    ric_status st = ric_ckpt_write(c->path, c->prev, w, f, nf, i, ni, &c->info, err);
    free(f);
    free(i);
    return st;
}

static ric_status ric_i_loop(ric_model *m, ric_world *w, ric_h5 *h, const ric_run_opts *o,
                             const ric_i_ckpt *ck, int record_first, ric_error *err)
{
    ric_observer obs;
    ric_observer_init(&obs);
    ric_status st;
    RIC_TRY(st, ric_observer_declare(&obs, m, h, err), done);
    if (record_first)
        RIC_TRY(st, ric_observer_record(&obs, m, w, h, err), done);
    double t0 = omp_get_wtime();
    while (w->step < m->p.steps) {
        if (o->stop && *o->stop) {
            st = ric_error_set(err, RIC_EIO, "interrupted at step %lld", (long long)w->step);
            goto done;
        }
        RIC_TRY(st, ric_world_step(w, err), done);
        RIC_TRY(st,
                ric_error_context(err, ric_observer_record(&obs, m, w, h, err),
                                  "step %lld, observation", (long long)w->step),
                done);
        double now = omp_get_wtime();
        /* Flushing at fixed steps bounds what a crash can lose and, unlike a
         * wall-clock rule, lays the file out the same way every time. */
        if (w->step % RIC_I_FLUSH_STEPS == 0)
            RIC_TRY(st,
                    ric_error_context(err, ric_h5_flush(h, err), "step %lld, flushing the output",
                                      (long long)w->step),
                    done);
        if (ck->every > 0 && (w->step % ck->every == 0 || w->step == m->p.steps))
            RIC_TRY(st,
                    ric_error_context(err, ric_i_checkpoint(ck, m, w, h, err),
                                      "step %lld, checkpoint", (long long)w->step),
                    done);
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

static char *ric_i_dup(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s ? s : "", n);
    return d;
}

/* The world of a checkpoint: agents, ties, clock, seed, the model's state. */
static ric_status ric_i_world_from(const char *ckpt, ric_model *m, ric_world *w, ric_error *err)
{
    RIC_CHECK(ric_model_columns(m, w));
    double *f = NULL;
    int64_t *i = NULL;
    size_t nf = 0, ni = 0;
    RIC_CHECK(ric_ckpt_read_world(ckpt, w, &f, &nf, &i, &ni, err));
    ric_status st = ric_model_unpack(m, w->agents.dims, f, nf, i, ni);
    free(f);
    free(i);
    if (st != RIC_OK)
        return ric_error_set(err, RIC_EFORMAT, "%s: the model state does not fit this model", ckpt);
    RIC_CHECK(ric_model_check(m, w, ckpt, err));
    return ric_model_add_phases(m, w);
}

/* A restart: the checkpoint's parameters, scenario and output; a scenario or
 * output given as well must be the checkpoint's. */
static ric_status ric_i_restart_load(const ric_run_opts *o, ric_ckpt_info *ci, ric_params *p,
                                     ric_error *err)
{
    RIC_CHECK(ric_ckpt_read_info(o->restart, ci, err));
    ric_params_default(p);
    RIC_CHECK(ric_config_load_string(ci->effective, o->restart, ric_params_table(), p, err));
    RIC_CHECK(ric_params_validate(p, err));
    if (o->output && strcmp(o->output, ci->output) != 0)
        return ric_error_set(err, RIC_ECONFIG, "%s continues %s, not %s", o->restart, ci->output,
                             o->output);
    if (o->scenario) {
        ric_params q;
        char *text = NULL, *eff = NULL;
        ric_status st = ric_run_load(o, &q, &text, err);
        if (st == RIC_OK)
            st = ric_config_dump(ric_params_table(), &q, &eff, err);
        if (st == RIC_OK && ric_ckpt_hash(eff) != ci->hash)
            st = ric_error_set(err, RIC_ECONFIG,
                               "%s is a checkpoint of another scenario or other settings than "
                               "%s (parameters differ)",
                               o->restart, o->scenario);
        free(text);
        free(eff);
        RIC_CHECK(st);
    }
    /* The output it continues: its copy beside the checkpoint, or the file. */
    char copy[4300], status[RIC_H5_STATUS_SIZE];
    snprintf(copy, sizeof copy, "%s.out", o->restart);
    struct stat sb;
    ric_error probe;
    ric_error_clear(&probe);
    if (stat(copy, &sb) != 0 &&
        ric_h5_read_status(ci->output, status, sizeof status, &probe) != RIC_OK)
        return ric_error_set(err, RIC_EFORMAT,
                             "%s: the output it continues (%.200s) is missing or damaged: %.300s",
                             o->restart, ci->output, probe.msg);
    if (ci->step >= p->steps)
        return ric_error_set(err, RIC_ECONFIG, "%s: the run already reached its last step %lld",
                             o->restart, (long long)p->steps);
    return RIC_OK;
}

/* A branch: the warm-up checkpoint must come from a world of the same shape. */
static ric_status ric_i_warmup_check(const ric_params *p, ric_error *err)
{
    ric_ckpt_info ci;
    RIC_CHECK(ric_ckpt_read_info(p->warmup, &ci, err));
    ric_params q;
    ric_params_default(&q);
    ric_status st = ric_config_load_string(ci.effective, p->warmup, ric_params_table(), &q, err);
    if (st == RIC_OK && (q.domains != p->domains || q.regions != p->regions))
        st = ric_error_set(err, RIC_ECONFIG,
                           "run.warmup %s: its world has %lld domains and %lld regions, this "
                           "scenario %lld and %lld",
                           p->warmup, (long long)q.domains, (long long)q.regions,
                           (long long)p->domains, (long long)p->regions);
    if (st == RIC_OK && ci.step >= p->steps)
        st = ric_error_set(err, RIC_ECONFIG, "run.warmup %s: it is at step %lld, run.steps is %lld",
                           p->warmup, (long long)ci.step, (long long)p->steps);
    ric_ckpt_info_destroy(&ci);
    return st;
}

ric_status ric_run(const ric_run_opts *o, ric_error *err)
{
    ric_params p;
    char *text = NULL, *effective = NULL, *sets = NULL;
    ric_ckpt_info ci;
    ric_ckpt_info_init(&ci);
    ric_status st;
    const char *output = o->output, *scenario = o->scenario;
    if (o->restart) {
        st = ric_i_restart_load(o, &ci, &p, err);
        if (st == RIC_OK) {
            output = ci.output;
            scenario = ci.scenario_path;
            text = ric_i_dup(ci.scenario_text);
            effective = ric_i_dup(ci.effective);
            sets = ric_i_dup(ci.overrides);
            if (!text || !effective || !sets)
                st = ric_error_set(err, RIC_ENOMEM, "out of memory");
        }
    } else {
        st = ric_run_load(o, &p, &text, err);
        if (st == RIC_OK)
            st = ric_config_dump(ric_params_table(), &p, &effective, err);
        if (st == RIC_OK && p.warmup[0])
            st = ric_i_warmup_check(&p, err);
        sets = ric_i_join_sets(o);
        if (st == RIC_OK && !sets)
            st = ric_error_set(err, RIC_ENOMEM, "out of memory");
    }
    if (st != RIC_OK) {
        ric_ckpt_info_destroy(&ci);
        free(text);
        free(effective);
        free(sets);
        return st;
    }
    ric_h5 h;
    ric_h5_init(&h);
    ric_world w;
    ric_model m;
    ric_model_init(&m, &p);
    int have_world = 0;
    /* Every refusal comes before the output is created or touched: the
     * output path is checked, then the world is built (edge files read, a
     * checkpoint read and validated), and only then is the output made. */
    if (!o->restart)
        st = ric_h5_check_output(output, o->force, err);
    if (st == RIC_OK) {
        st = ric_world_init(&w, (size_t)p.domains, RIC_NLAYERS, (uint64_t)p.seed,
                            (uint64_t)p.replication);
        have_world = st == RIC_OK;
    }
    if (st == RIC_OK && o->restart)
        st = ric_i_world_from(o->restart, &m, &w, err);
    else if (st == RIC_OK && p.warmup[0])
        st = ric_i_world_from(p.warmup, &m, &w, err);
    else if (st == RIC_OK)
        st = ric_model_setup(&m, &w, err);
    if (st == RIC_OK && o->restart) {
        /* The output as it was at the checkpoint, if its copy is there;
         * under the output's lock, so a second writer cannot interleave. */
        char copy[4300];
        snprintf(copy, sizeof copy, "%s.out", o->restart);
        struct stat sb;
        st = ric_h5_lock(&h, output, err);
        if (st == RIC_OK && stat(copy, &sb) == 0)
            st = ric_ckpt_copy(copy, output, err);
        if (st == RIC_OK)
            st = ric_h5_reopen(&h, output, ci.step, err);
    } else if (st == RIC_OK) {
        ric_h5_meta meta = {
            scenario, text,      effective, sets, (uint64_t)p.seed, (uint64_t)p.replication,
            p.steps,  o->threads};
        st = ric_h5_create(&h, output, o->force, &meta, err);
        /* Checkpoints of an earlier run into this path belong to a file that
         * is gone: a restart from them would bring the old run back. */
        static const char *const old_ckpt[] = {".ckpt.h5", ".ckpt.prev.h5", ".ckpt.h5.out",
                                               ".ckpt.prev.h5.out"};
        for (size_t k = 0; st == RIC_OK && k < 4; k++) {
            char stale[4300];
            snprintf(stale, sizeof stale, "%s%s", output, old_ckpt[k]);
            remove(stale);
        }
    }
    ric_i_ckpt ck = {.every = o->checkpoint_every};
    snprintf(ck.path, sizeof ck.path, "%s.ckpt.h5", output);
    snprintf(ck.prev, sizeof ck.prev, "%s.ckpt.prev.h5", output);
    ck.info = (ric_ckpt_info){.effective = effective,
                              .overrides = sets,
                              .scenario_path = (char *)scenario,
                              .scenario_text = text,
                              .output = (char *)output,
                              .threads = o->threads};
    if (st == RIC_OK)
        st = ric_i_loop(&m, &w, &h, o, &ck, !o->restart, err);
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
    ric_ckpt_info_destroy(&ci);
    free(text);
    free(effective);
    free(sets);
    return st;
}
