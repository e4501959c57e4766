/* Small YAML documents (ric_yamldoc.h). */
#include "ric_yamldoc.h"

#include "ric_config.h"
#include "ric_strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ric_status ric_yamldoc_load(ric_yamldoc *y, const char *path, ric_error *err)
{
    memset(y, 0, sizeof *y);
    snprintf(y->name, sizeof y->name, "%s", path);
    size_t len = 0;
    char *text = ric_read_file(path, &len);
    if (!text)
        return ric_error_set(err, errno == ENOENT ? RIC_ENOENT : RIC_EIO, "%s: cannot read: %s",
                             path, strerror(errno));
    yaml_parser_t p;
    ric_status st = RIC_OK;
    if (!yaml_parser_initialize(&p)) {
        free(text);
        return ric_error_set(err, RIC_ENOMEM, "%s: out of memory", path);
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    if (!yaml_parser_load(&p, &y->doc))
        st = ric_error_set(err, RIC_ECONFIG, "%s:%zu:%zu: malformed YAML: %s", path,
                           p.problem_mark.line + 1, p.problem_mark.column + 1,
                           p.problem ? p.problem : "unknown error");
    else
        y->loaded = 1;
    yaml_parser_delete(&p);
    free(text);
    for (yaml_node_t *n = y->loaded ? y->doc.nodes.start : NULL; n && n < y->doc.nodes.top; n++)
        if (st == RIC_OK && n->tag && strncmp((const char *)n->tag, "tag:yaml.org,2002:", 18) != 0)
            st = ric_yamldoc_fail(y, n, err, "tags (%s) are not supported", (const char *)n->tag);
    return st;
}

void ric_yamldoc_destroy(ric_yamldoc *y)
{
    if (y && y->loaded)
        yaml_document_delete(&y->doc);
    if (y)
        y->loaded = 0;
}

yaml_node_t *ric_yamldoc_root(ric_yamldoc *y)
{
    return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

const char *ric_yamldoc_text(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *ric_yamldoc_get(ric_yamldoc *y, const yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const char *k = ric_yamldoc_text(yaml_document_get_node(&y->doc, p->key));
        if (k && strcmp(k, key) == 0)
            return yaml_document_get_node(&y->doc, p->value);
    }
    return NULL;
}

ric_status ric_yamldoc_fail(const ric_yamldoc *y, const yaml_node_t *n, ric_error *err,
                            const char *fmt, ...)
{
    char what[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return ric_error_set(err, RIC_ECONFIG, "%s:%zu:%zu: %s", y->name,
                         n ? n->start_mark.line + 1 : 1, n ? n->start_mark.column + 1 : 1, what);
}

ric_status ric_yamldoc_members(ric_yamldoc *y, const yaml_node_t *map, const char *const *allowed,
                               const char *what, ric_error *err)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return ric_yamldoc_fail(y, map, err, "%s: expected a mapping of keys", what);
    ric_param_spec specs[32];
    size_t na = 0;
    char list[512] = "";
    for (; allowed[na] && na < 32; na++) {
        specs[na] = (ric_param_spec){.key = allowed[na]};
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", na ? ", " : "",
                 allowed[na]);
    }
    const ric_param_table table = {specs, na};
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *kn = yaml_document_get_node(&y->doc, p->key);
        const char *k = ric_yamldoc_text(kn);
        if (!k)
            return ric_yamldoc_fail(y, kn, err, "%s: keys must be scalars", what);
        if (ric_config_find(&table, k))
            continue;
        const char *near = ric_config_suggest(&table, k);
        if (near)
            return ric_yamldoc_fail(y, kn, err, "%s: unknown key '%s' (did you mean '%s'?)", what,
                                    k, near);
        return ric_yamldoc_fail(y, kn, err, "%s: unknown key '%s' (expected one of: %s)", what, k,
                                list);
    }
    return RIC_OK;
}

ric_status ric_yamldoc_number(ric_yamldoc *y, const yaml_node_t *map, const char *key, int required,
                              const char *what, double *out, ric_error *err)
{
    yaml_node_t *n = ric_yamldoc_get(y, map, key);
    if (!n)
        return required ? ric_yamldoc_fail(y, map, err, "%s: missing key '%s'", what, key) : RIC_OK;
    const char *t = ric_yamldoc_text(n);
    char *end = NULL;
    double v = t ? strtod(t, &end) : NAN;
    if (!t || end == t || *end || !isfinite(v))
        return ric_yamldoc_fail(y, n, err, "%s: key '%s': expected a number, found '%.60s'", what,
                                key, t ? t : "a mapping or sequence");
    *out = v;
    return RIC_OK;
}

ric_status ric_yamldoc_string(ric_yamldoc *y, const yaml_node_t *map, const char *key, int required,
                              const char *what, char *out, size_t size, ric_error *err)
{
    yaml_node_t *n = ric_yamldoc_get(y, map, key);
    if (!n)
        return required ? ric_yamldoc_fail(y, map, err, "%s: missing key '%s'", what, key) : RIC_OK;
    const char *t = ric_yamldoc_text(n);
    if (!t || (required && !*t))
        return ric_yamldoc_fail(y, n, err, "%s: key '%s': expected text", what, key);
    if (strlen(t) >= size)
        return ric_yamldoc_fail(y, n, err, "%s: key '%s': longer than %zu characters", what, key,
                                size - 1);
    snprintf(out, size, "%s", t);
    return RIC_OK;
}
