/* What an ensemble is, for readers (ric_ensinfo.h). */
#define _DEFAULT_SOURCE /* realpath, strtok_r */
#include "ric_ensinfo.h"

#include "ric_params.h"
#include "ric_run.h"
#include "ric_strbuf.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ric_ensinfo_init(ric_ensinfo *e)
{
    memset(e, 0, sizeof *e);
    e->steps = -1;
    e->scale = NAN;
}

void ric_ensinfo_destroy(ric_ensinfo *e)
{
    if (!e)
        return;
    free(e->sets);
    free(e->point_label);
    free(e->factor);
    free(e->value);
    ric_ensinfo_init(e);
}

void ric_ensinfo_dir(const char *path, char *dir, size_t size)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(dir, size, "%s", path);
    } else {
        const char *slash = strrchr(path, '/');
        snprintf(dir, size, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    }
    for (size_t len = strlen(dir); len > 1 && dir[len - 1] == '/'; len--)
        dir[len - 1] = '\0';
}

/* "interventions.0.strength" -> "strength" unless another factor ends alike. */
static const char *ric_i_short_key(const ric_ensinfo *e, size_t f)
{
    const char *dot = strrchr(e->factor[f], '.');
    const char *tail = dot ? dot + 1 : e->factor[f];
    for (size_t g = 0; g < e->nfactors; g++) {
        const char *d2 = strrchr(e->factor[g], '.');
        if (g != f && strcmp(d2 ? d2 + 1 : e->factor[g], tail) == 0)
            return e->factor[f];
    }
    return tail;
}

/* One "point N: k=v k=v" line of ensemble.txt. */
static ric_status ric_i_point(ric_ensinfo *e, char *rest, ric_error *err)
{
    size_t p = e->npoints;
    char(*lab)[256] = realloc(e->point_label, (p + 1) * sizeof *lab);
    if (!lab)
        return ric_error_set(err, RIC_ENOMEM, "no memory");
    e->point_label = lab;
    lab[p][0] = '\0';
    size_t f = 0;
    char *save = NULL;
    for (char *tok = strtok_r(rest, " ", &save); tok; tok = strtok_r(NULL, " ", &save), f++) {
        char *eq = strchr(tok, '=');
        if (!eq)
            continue;
        *eq = '\0';
        if (p == 0) {
            char(*fac)[128] = realloc(e->factor, (f + 1) * sizeof *fac);
            if (!fac)
                return ric_error_set(err, RIC_ENOMEM, "no memory");
            e->factor = fac;
            snprintf(fac[f], sizeof fac[f], "%s", tok);
            e->nfactors = f + 1;
        }
        if (f >= e->nfactors)
            break;
        double *v = realloc(e->value, ((p + 1) * e->nfactors) * sizeof *v);
        if (!v)
            return ric_error_set(err, RIC_ENOMEM, "no memory");
        e->value = v;
        char *end = NULL;
        double x = strtod(eq + 1, &end);
        v[p * e->nfactors + f] = end != eq + 1 && *end == '\0' ? x : NAN;
        /* Numbers in 4 significant digits: LHS values have many more. */
        char shown[64];
        if (isfinite(v[p * e->nfactors + f]))
            snprintf(shown, sizeof shown, "%.4g", x);
        else
            snprintf(shown, sizeof shown, "%.60s", eq + 1);
        size_t len = strlen(lab[p]);
        snprintf(lab[p] + len, sizeof lab[p] - len, "%s%s=%s", f ? ", " : "", tok, shown);
    }
    e->npoints = p + 1;
    return RIC_OK;
}

/* The factor keys of the labels, shortened now that all are known. */
static void ric_i_short_labels(ric_ensinfo *e)
{
    for (size_t p = 0; p < e->npoints && e->nfactors; p++) {
        char out[256] = "";
        const char *c = e->point_label[p];
        for (size_t f = 0; f < e->nfactors && *c; f++) {
            const char *eq = strchr(c, '=');
            const char *next = eq ? strstr(eq, ", ") : NULL;
            size_t vlen = next ? (size_t)(next - eq - 1) : strlen(eq ? eq + 1 : "");
            size_t len = strlen(out);
            snprintf(out + len, sizeof out - len, "%s%s=%.*s", f ? ", " : "", ric_i_short_key(e, f),
                     (int)vlen, eq ? eq + 1 : "");
            c = next ? next + 2 : "";
        }
        snprintf(e->point_label[p], sizeof e->point_label[p], "%s", out);
    }
}

static void ric_i_targets(const ric_intervention *iv, char *buf, size_t size)
{
    static const char *const kinds[] = {"firms", "universities", "institutes", "intermediaries"};
    static const char *const sizes[] = {"large", "SME", "start-up"};
    static const char *const sectors[] = {"manufacturing", "service"};
    ric_strbuf b = {0};
    int any = 0;
    if (iv->kinds != -1) {
        for (int k = 0; k < 4; k++)
            if (iv->kinds & (INT64_C(1) << k))
                ric_strbuf_printf(&b, "%s%s", any++ ? ", " : "", kinds[k]);
    }
    if (iv->sizes != -1) {
        ric_strbuf_printf(&b, "%s", any ? " (" : "firms (");
        for (int k = 0, n = 0; k < 3; k++)
            if (iv->sizes & (INT64_C(1) << k))
                ric_strbuf_printf(&b, "%s%s", n++ ? ", " : "", sizes[k]);
        ric_strbuf_printf(&b, ")");
        any = 1;
    }
    if (iv->sectors != -1)
        for (int k = 0; k < 2; k++)
            if (iv->sectors & (INT64_C(1) << k))
                ric_strbuf_printf(&b, "%s%s", any++ ? ", " : "", sectors[k]);
    if (!any)
        ric_strbuf_printf(&b, "all agents");
    if (iv->stages != -1) {
        ric_strbuf_printf(&b, " at stage");
        for (int k = 0; k < 8; k++)
            if (iv->stages & (INT64_C(1) << k))
                ric_strbuf_printf(&b, " %d", k);
    }
    if (iv->regions == -1) {
        ric_strbuf_printf(&b, ", all regions");
    } else {
        ric_strbuf_printf(&b, ", region");
        for (int k = 0; k < 63; k++)
            if (iv->regions & (INT64_C(1) << k))
                ric_strbuf_printf(&b, " %d%s", k, k == 0 ? " (capital)" : "");
    }
    snprintf(buf, size, "%s", b.s && !b.oom ? b.s : "");
    free(b.s);
}

/* The scenario with the ensemble's settings (and design point 0). */
static void ric_i_load(ric_ensinfo *e)
{
    size_t n = e->nsets + e->nfactors;
    const char **sets = calloc(n + 1, sizeof *sets);
    char(*store)[256] = calloc(e->nfactors + 1, sizeof *store);
    if (!sets || !store) {
        free(sets);
        free(store);
        return;
    }
    for (size_t k = 0; k < e->nsets; k++)
        sets[k] = e->sets[k];
    for (size_t f = 0; f < e->nfactors; f++) {
        /* Point 0's value, from its label (factor order). */
        const char *c = e->point_label ? e->point_label[0] : "";
        for (size_t g = 0; g < f && c; g++)
            c = strstr(c, ", ") ? strstr(c, ", ") + 2 : NULL;
        const char *eq = c ? strchr(c, '=') : NULL;
        size_t vlen = eq ? strcspn(eq + 1, ",") : 0;
        snprintf(store[f], sizeof store[f], "%s=%.*s", e->factor[f], (int)vlen, eq ? eq + 1 : "");
        sets[e->nsets + f] = store[f];
    }
    ric_run_opts o;
    ric_run_opts_init(&o);
    o.scenario = e->scenario;
    o.sets = sets;
    o.nsets = n;
    o.steps = e->steps;
    ric_params *p = malloc(sizeof *p);
    char *text = NULL;
    ric_error err;
    ric_error_clear(&err);
    if (p && ric_run_load(&o, p, &text, &err) == RIC_OK) {
        e->loaded = 1;
        e->steps = p->steps;
        e->scale = p->scale;
        e->niv = (size_t)p->ninterventions;
        for (size_t k = 0; k < e->niv && k < RIC_ENSINFO_MAX_IV; k++) {
            const ric_intervention *iv = &p->interventions[k];
            ric_ensinfo_iv *d = &e->iv[k];
            snprintf(d->type, sizeof d->type, "%s", ric_policy_names[iv->type]);
            d->start = iv->start;
            d->end = iv->end;
            d->budget = iv->budget;
            d->spend = iv->spend;
            ric_i_targets(iv, d->targets, sizeof d->targets);
        }
        /* The scenario's leading comment says what it is. */
        size_t len = 0;
        for (const char *line = text; line && *line == '#';) {
            const char *nl = strchr(line, '\n');
            size_t l = nl ? (size_t)(nl - line) : strlen(line);
            const char *s = line + 1;
            while (*s == ' ' && s < line + l)
                s++;
            if (len + 2 < sizeof e->description)
                len += (size_t)snprintf(e->description + len, sizeof e->description - len, "%s%.*s",
                                        len ? " " : "", (int)(line + l - s), s);
            line = nl ? nl + 1 : NULL;
        }
    } else {
        snprintf(e->load_error, sizeof e->load_error, "%.500s", p ? err.msg : "no memory");
    }
    free(text);
    free(p);
    free(sets);
    free(store);
}

ric_status ric_ensinfo_read(ric_ensinfo *e, const char *path, ric_error *err)
{
    ric_ensinfo_dir(path, e->dir, sizeof e->dir);
    const char *slash = strrchr(e->dir, '/');
    snprintf(e->name, sizeof e->name, "%.127s", slash ? slash + 1 : e->dir);
    char txt[4200];
    snprintf(txt, sizeof txt, "%s/ensemble.txt", e->dir);
    char *s = ric_read_file(txt, NULL);
    if (!s)
        return ric_error_set(err, RIC_ENOENT, "%s: cannot read (not an ensemble directory?)", txt);
    ric_status st = RIC_OK;
    for (char *line = s, *next = NULL; line && *line && st == RIC_OK; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *rest;
        if (sscanf(line, "# ricsim ensemble (written by ricsim %31[^;]", e->version) == 1)
            continue;
        if (!strncmp(line, "scenario: ", 10))
            snprintf(e->scenario, sizeof e->scenario, "%s", line + 10);
        else if (!strncmp(line, "steps: ", 7))
            e->steps = strtoll(line + 7, NULL, 10);
        else if (!strncmp(line, "replications: ", 14))
            e->replications = strtoll(line + 14, NULL, 10);
        else if (!strncmp(line, "master_seed: ", 13))
            e->master_seed = strtoull(line + 13, NULL, 10);
        else if (!strncmp(line, "common_seeds: ", 14))
            e->common_seeds = atoi(line + 14);
        else if (!strncmp(line, "warmup: ", 8) || !strcmp(line, "warmup:"))
            snprintf(e->warmup, sizeof e->warmup, "%s", line[7] ? line + 8 : "");
        else if (!strncmp(line, "set: ", 5)) {
            char(*grown)[256] = realloc(e->sets, (e->nsets + 1) * sizeof *grown);
            if (!grown) {
                st = ric_error_set(err, RIC_ENOMEM, "no memory");
                break;
            }
            e->sets = grown;
            snprintf(e->sets[e->nsets++], sizeof e->sets[0], "%s", line + 5);
        } else if (!strncmp(line, "point ", 6) && (rest = strchr(line, ':')) != NULL) {
            st = ric_i_point(e, rest + 1, err);
        }
    }
    free(s);
    if (st != RIC_OK)
        return st;
    ric_i_short_labels(e);
    if (e->warmup[0]) {
        /* Its real path identifies the warm-up, however it was written. */
        char real[PATH_MAX];
        snprintf(e->warmup_id, sizeof e->warmup_id, "%s",
                 realpath(e->warmup, real) ? real : e->warmup);
    }
    ric_i_load(e);
    return RIC_OK;
}

int64_t ric_ensinfo_policy_start(const ric_ensinfo *e, size_t n)
{
    int64_t start = -1;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < e[k].niv; i++)
            if (start < 0 || e[k].iv[i].start < start)
                start = e[k].iv[i].start;
    return start;
}

void ric_ensinfo_describe_iv(const ric_ensinfo *e, size_t k, char *buf, size_t size)
{
    const ric_ensinfo_iv *iv = &e->iv[k];
    char end[64], money[160];
    if (iv->end < 0)
        snprintf(end, sizeof end, "to the end of the run");
    else
        snprintf(end, sizeof end, "to year %.1f (step %lld)", (double)iv->end / 12.0,
                 (long long)iv->end);
    if (iv->budget > 0)
        snprintf(money, sizeof money,
                 "budget %.1f billion won (national; x world.scale %.3g simulated)",
                 iv->budget / 1e9, e->scale);
    else
        snprintf(money, sizeof money, "%.3f billion won per month (national; x world.scale %.3g)",
                 iv->spend / 1e9, e->scale);
    snprintf(buf, size, "%s from year %.1f (step %lld) %s, %s; targets: %s", iv->type,
             (double)iv->start / 12.0, (long long)iv->start, end, money, iv->targets);
}
