/* Statistics of run outputs and calibration targets (ric_targets.h). */
#include "ric_targets.h"

#include "ric_h5.h"
#include "ric_yamldoc.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ric_i_stat_kinds[] = {"mean", "at", "rate", NULL};

static int ric_i_kind(const char *name, size_t len)
{
    for (int k = 0; ric_i_stat_kinds[k]; k++)
        if (strlen(ric_i_stat_kinds[k]) == len && strncmp(name, ric_i_stat_kinds[k], len) == 0)
            return k;
    return -1;
}

/* Splits "series.column" (the column may hold dots, the series does not). */
static int ric_i_split(const char *name, size_t len, ric_statistic *s)
{
    const char *dot = memchr(name, '.', len);
    size_t sl = dot ? (size_t)(dot - name) : len, cl = dot ? len - sl - 1 : 0;
    if (sl == 0 || sl >= sizeof s->series || cl >= sizeof s->column || (dot && cl == 0))
        return -1;
    memcpy(s->series, name, sl);
    s->series[sl] = '\0';
    memcpy(s->column, dot ? dot + 1 : "", cl);
    s->column[cl] = '\0';
    return 0;
}

ric_status ric_statistic_parse(const char *text, ric_statistic *s, ric_error *err)
{
    memset(s, 0, sizeof *s);
    s->from = s->to = -1;
    s->steps_per_year = 12;
    const char *colon = strrchr(text, ':');
    const char *at = colon ? strchr(colon, '@') : NULL;
    size_t klen = colon ? (at ? (size_t)(at - colon - 1) : strlen(colon + 1)) : 0;
    int kind = colon ? ric_i_kind(colon + 1, klen) : -1;
    if (!colon || kind < 0 || ric_i_split(text, (size_t)(colon - text), s) != 0)
        return ric_error_set(err, RIC_ECONFIG,
                             "statistic '%s': expected SERIES[.COLUMN]:mean|at|rate[@FROM-TO], "
                             "e.g. innovating_share.sme:mean@48-60",
                             text);
    s->kind = kind;
    if (at) {
        char *end;
        errno = 0;
        long long a = strtoll(at + 1, &end, 10), b = -1;
        int ok = end != at + 1 && a >= 0 && !errno;
        if (ok && *end == '-' && kind != RIC_STAT_AT) {
            const char *t = end + 1;
            b = strtoll(t, &end, 10);
            ok = end != t && b >= a;
        }
        if (!ok || *end)
            return ric_error_set(err, RIC_ECONFIG,
                                 "statistic '%s': expected @STEP for at, @FROM-TO for mean and "
                                 "rate (steps, FROM <= TO)",
                                 text);
        s->from = a;
        s->to = kind == RIC_STAT_AT ? -1 : b;
    }
    return RIC_OK;
}

void ric_statistic_format(const ric_statistic *s, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s%s%s:%s", s->series, s->column[0] ? "." : "", s->column,
                     ric_i_stat_kinds[s->kind]);
    if (n < 0 || (size_t)n >= size || s->from < 0)
        return;
    if (s->kind == RIC_STAT_AT)
        snprintf(buf + n, size - (size_t)n, "@%" PRId64, s->from);
    else if (s->to >= 0)
        snprintf(buf + n, size - (size_t)n, "@%" PRId64 "-%" PRId64, s->from, s->to);
    else
        snprintf(buf + n, size - (size_t)n, "@%" PRId64 "-", s->from);
}

/* Column index of s in the run file (0 for a one-column series). */
static ric_status ric_i_column(const ric_statistic *s, const char *run, size_t *col, ric_error *err)
{
    char dset[160], names[256][64], list[1024] = "";
    size_t n = 0;
    snprintf(dset, sizeof dset, "/observables/%s/value", s->series);
    ric_error probe;
    ric_error_clear(&probe);
    ric_status st = ric_h5_read_columns(run, dset, names, 256, &n, &probe);
    if (st == RIC_EINVAL) { /* no columns attribute: a one-column series, or none at all */
        int64_t *steps = NULL;
        double *v = NULL;
        size_t rows = 0, cols = 0;
        st = ric_h5_read_series(run, s->series, &steps, &v, &rows, &cols, &probe);
        free(steps);
        free(v);
        if (st == RIC_EINVAL)
            return ric_error_set(err, RIC_EINVAL, "series '%s' is not in the run files", s->series);
        if (st != RIC_OK)
            return ric_error_set(err, st, "%s", probe.msg);
        if (s->column[0])
            return ric_error_set(err, RIC_EINVAL, "series '%s' has one column; '%s' is not one",
                                 s->series, s->column);
        *col = 0;
        return RIC_OK;
    }
    if (st != RIC_OK)
        return ric_error_set(err, st, "%s", probe.msg);
    for (size_t c = 0; c < n; c++) {
        if (strcmp(names[c], s->column) == 0) {
            *col = c;
            return RIC_OK;
        }
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", c ? ", " : "", names[c]);
    }
    return ric_error_set(err, RIC_EINVAL, "series '%s' has no column '%s' (columns: %s)", s->series,
                         s->column, list);
}

ric_status ric_statistic_check(const ric_statistic *s, const char *run, ric_error *err)
{
    size_t col;
    return ric_i_column(s, run, &col, err);
}

ric_status ric_statistic_eval(const ric_statistic *s, const char *run, double *value,
                              ric_error *err)
{
    size_t col = 0, rows = 0, cols = 0;
    *value = NAN;
    RIC_CHECK(ric_i_column(s, run, &col, err));
    int64_t *steps = NULL;
    double *v = NULL;
    RIC_CHECK(ric_h5_read_series(run, s->series, &steps, &v, &rows, &cols, err));
    const size_t w = cols ? cols : 1;
    const int64_t lo = s->kind == RIC_STAT_AT ? s->from : s->from < 0 ? 0 : s->from;
    const int64_t hi = s->kind == RIC_STAT_AT ? s->from : s->to < 0 ? INT64_MAX : s->to;
    double sum = 0, first = NAN, last = NAN;
    int64_t sfirst = 0, slast = 0;
    size_t n = 0;
    for (size_t r = 0; r < rows; r++) {
        double x = v[r * w + col];
        int in = s->kind == RIC_STAT_AT ? (s->from < 0 ? r + 1 == rows : steps[r] == s->from)
                                        : steps[r] >= lo && steps[r] <= hi;
        if (!in || !isfinite(x))
            continue;
        if (n == 0) {
            first = x;
            sfirst = steps[r];
        }
        last = x;
        slast = steps[r];
        sum += x;
        n++;
    }
    free(steps);
    free(v);
    char what[200];
    ric_statistic_format(s, what, sizeof what);
    if (n == 0)
        return ric_error_set(err, RIC_EINVAL, "%s: %s: no finite value in the window", run, what);
    if (s->kind == RIC_STAT_MEAN)
        *value = sum / (double)n;
    else if (s->kind == RIC_STAT_AT)
        *value = last;
    else if (slast > sfirst)
        *value = (last - first) / (double)(slast - sfirst) * s->steps_per_year;
    else
        return ric_error_set(err, RIC_EINVAL, "%s: %s: a rate needs two rows in the window", run,
                             what);
    return RIC_OK;
}

ric_status ric_statistic_gather(const ric_ensemble *e, const ric_statistic *stats, size_t nstats,
                                double *y, size_t *missing, ric_error *err)
{
    (void)err;
    const size_t N = ric_design_runs(&e->design);
    *missing = 0;
    for (size_t i = 0; i < N; i++) {
        char path[4096], status[32];
        ric_ensemble_run_path(e, i, path, sizeof path);
        ric_error probe;
        ric_error_clear(&probe);
        int ok = ric_h5_read_status(path, status, sizeof status, &probe) == RIC_OK &&
                 strcmp(status, "complete") == 0;
        for (size_t s = 0; s < nstats; s++) {
            y[i * nstats + s] = NAN;
            if (ok)
                ric_statistic_eval(&stats[s], path, &y[i * nstats + s], &probe);
            *missing += !isfinite(y[i * nstats + s]);
        }
    }
    return RIC_OK;
}

/* ---- targets ------------------------------------------------------------- */

void ric_targets_init(ric_targets *t)
{
    memset(t, 0, sizeof *t);
}

void ric_targets_destroy(ric_targets *t)
{
    if (!t)
        return;
    free(t->items);
    ric_targets_init(t);
}

static const char *const ric_i_target_members[] = {
    "name",  "observable",     "column",    "statistic", "from",   "to", "step",
    "value", "steps_per_year", "tolerance", "se",        "source", NULL};

static ric_status ric_i_target(ric_yamldoc *y, const yaml_node_t *n, ric_target *t, ric_error *err)
{
    const char *what = "target";
    char kind[16] = "";
    double from = -1, to = -1, step = -1, tol = NAN, se = NAN;
    memset(t, 0, sizeof *t);
    t->line = n->start_mark.line + 1;
    t->stat.steps_per_year = 12;
    RIC_CHECK(ric_yamldoc_members(y, n, ric_i_target_members, what, err));
    RIC_CHECK(ric_yamldoc_string(y, n, "name", 1, what, t->name, sizeof t->name, err));
    RIC_CHECK(ric_yamldoc_string(y, n, "observable", 1, what, t->stat.series, sizeof t->stat.series,
                                 err));
    RIC_CHECK(
        ric_yamldoc_string(y, n, "column", 0, what, t->stat.column, sizeof t->stat.column, err));
    RIC_CHECK(ric_yamldoc_string(y, n, "statistic", 1, what, kind, sizeof kind, err));
    t->stat.kind = ric_i_kind(kind, strlen(kind));
    if (t->stat.kind < 0)
        return ric_yamldoc_fail(y, ric_yamldoc_get(y, n, "statistic"), err,
                                "target '%s': statistic '%s' unknown (expected mean, at or rate)",
                                t->name, kind);
    RIC_CHECK(ric_yamldoc_number(y, n, "from", 0, what, &from, err));
    RIC_CHECK(ric_yamldoc_number(y, n, "to", 0, what, &to, err));
    RIC_CHECK(ric_yamldoc_number(y, n, "step", 0, what, &step, err));
    RIC_CHECK(ric_yamldoc_number(y, n, "steps_per_year", 0, what, &t->stat.steps_per_year, err));
    RIC_CHECK(ric_yamldoc_number(y, n, "value", 1, what, &t->value, err));
    RIC_CHECK(ric_yamldoc_number(y, n, "tolerance", 0, what, &tol, err));
    RIC_CHECK(ric_yamldoc_number(y, n, "se", 0, what, &se, err));
    RIC_CHECK(ric_yamldoc_string(y, n, "source", 0, what, t->source, sizeof t->source, err));
    int at = t->stat.kind == RIC_STAT_AT;
    if (at && (ric_yamldoc_get(y, n, "from") || ric_yamldoc_get(y, n, "to")))
        return ric_yamldoc_fail(y, n, err, "target '%s': 'at' takes step, not from/to", t->name);
    if (!at && ric_yamldoc_get(y, n, "step"))
        return ric_yamldoc_fail(y, n, err, "target '%s': '%s' takes from/to, not step", t->name,
                                kind);
    if (from != floor(from) || to != floor(to) || step != floor(step) ||
        (ric_yamldoc_get(y, n, "from") && from < 0) || (ric_yamldoc_get(y, n, "step") && step < 0))
        return ric_yamldoc_fail(y, n, err, "target '%s': steps must be integers >= 0", t->name);
    if (ric_yamldoc_get(y, n, "to") && to < (from < 0 ? 0 : from))
        return ric_yamldoc_fail(y, ric_yamldoc_get(y, n, "to"), err,
                                "target '%s': empty window (to %g below from %g)", t->name, to,
                                from < 0 ? 0 : from);
    if (!(t->stat.steps_per_year > 0))
        return ric_yamldoc_fail(y, n, err, "target '%s': steps_per_year must be > 0", t->name);
    if (isnan(tol) == isnan(se))
        return ric_yamldoc_fail(y, n, err, "target '%s': give exactly one of tolerance and se",
                                t->name);
    t->is_se = !isnan(se);
    t->scale = t->is_se ? se : tol;
    if (!(t->scale > 0))
        return ric_yamldoc_fail(y, n, err, "target '%s': %s must be > 0", t->name,
                                t->is_se ? "se" : "tolerance");
    t->stat.from = at ? (int64_t)step : (int64_t)from;
    t->stat.to = at ? -1 : (int64_t)to;
    return RIC_OK;
}

ric_status ric_targets_load(ric_targets *t, const char *path, ric_error *err)
{
    ric_yamldoc y;
    static const char *const top[] = {"targets", NULL};
    ric_targets_destroy(t);
    snprintf(t->file, sizeof t->file, "%s", path);
    ric_status st = ric_yamldoc_load(&y, path, err);
    yaml_node_t *root = st == RIC_OK ? ric_yamldoc_root(&y) : NULL;
    if (st == RIC_OK)
        st = ric_yamldoc_members(&y, root, top, "targets file", err);
    yaml_node_t *list = st == RIC_OK ? ric_yamldoc_get(&y, root, "targets") : NULL;
    if (st == RIC_OK && (!list || list->type != YAML_SEQUENCE_NODE ||
                         list->data.sequence.items.top == list->data.sequence.items.start))
        st = ric_yamldoc_fail(&y, list ? list : root, err,
                              "targets: expected a non-empty list of targets (like '- name: x')");
    if (st == RIC_OK) {
        size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
        t->items = calloc(n, sizeof *t->items);
        if (!t->items)
            st = ric_error_set(err, RIC_ENOMEM, "targets: no memory");
        for (size_t i = 0; st == RIC_OK && i < n; i++) {
            yaml_node_t *node = yaml_document_get_node(&y.doc, list->data.sequence.items.start[i]);
            st = ric_i_target(&y, node, &t->items[i], err);
            for (size_t j = 0; st == RIC_OK && j < i; j++)
                if (strcmp(t->items[j].name, t->items[i].name) == 0)
                    st = ric_yamldoc_fail(&y, node, err, "target '%s' given twice (line %zu)",
                                          t->items[i].name, t->items[j].line);
            t->n += st == RIC_OK;
        }
    }
    ric_yamldoc_destroy(&y);
    return st;
}

ric_status ric_targets_check(const ric_targets *t, const char *run, ric_error *err)
{
    for (size_t i = 0; i < t->n; i++) {
        ric_error mine;
        ric_error_clear(&mine);
        if (ric_statistic_check(&t->items[i].stat, run, &mine) != RIC_OK)
            return ric_error_set(err, RIC_ECONFIG, "%s:%zu: target '%s': %s", t->file,
                                 t->items[i].line, t->items[i].name, mine.msg);
    }
    return RIC_OK;
}

double ric_targets_distance(const ric_targets *t, const double *model)
{
    double d = 0;
    for (size_t i = 0; i < t->n; i++) {
        double z = (model[i] - t->items[i].value) / t->items[i].scale;
        d += z * z;
    }
    return d;
}
