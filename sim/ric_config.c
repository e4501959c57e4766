/* Scenario loading: libyaml events -> dotted keys -> typed values checked
 * against the parameter table. A document is validated completely into a
 * list of pending values before any is written, so a refused file leaves the
 * caller's struct untouched. Key errors (unknown, duplicate) point at the key;
 * value errors point at the value. */
#include "ric_config.h"

#include "ric_strbuf.h"

#include <yaml.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#if defined(__GNUC__)
#define RIC_I_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RIC_I_PRINTF(f, a)
#endif

enum {
    RIC_I_PREFIX = 512,  /* "file:line:col: " or "--set k=v: " */
    RIC_I_SHOW = 80,     /* longest found value quoted back in a message */
    RIC_I_DIST_MAX = 128 /* longer strings get no suggestion */
};

/* A converted value waiting to be stored. */
typedef union ric_i_value {
    int64_t i;
    double d;
    int n;   /* BOOL, ENUM */
    char *s; /* STRING, malloc'ed */
} ric_i_value;

/* ---- keys and suggestions ---------------------------------------------- */

const ric_param_spec *ric_config_find(const ric_param_table *table, const char *key)
{
    for (size_t i = 0; table && key && i < table->count; i++)
        if (strcmp(table->specs[i].key, key) == 0)
            return &table->specs[i];
    return NULL;
}

/* First key inside the group `path` ("firms" -> "firms.count"), or NULL if
 * path is not a group. */
static const char *ric_i_group_member(const ric_param_table *table, const char *path)
{
    size_t len = strlen(path);
    for (size_t i = 0; i < table->count; i++) {
        const char *k = table->specs[i].key;
        if (strncmp(k, path, len) == 0 && k[len] == '.')
            return k;
    }
    return NULL;
}

static size_t ric_i_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t row[RIC_I_DIST_MAX + 1];
    if (la > RIC_I_DIST_MAX || lb > RIC_I_DIST_MAX)
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static size_t ric_i_threshold(size_t len)
{
    return len / 3 > 2 ? len / 3 : 2;
}

/* Offset of the last component of s[0..len). */
static size_t ric_i_last(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0 && s[i - 1] != '.')
        i--;
    return i;
}

/* Closest key by full path or by last component (a key put in the wrong
 * group); with `groups`, group paths are candidates too. Ties go to the
 * closer full path, then to table order. Returns the candidate and its length. */
static const char *ric_i_suggest(const ric_param_table *table, const char *key, int groups,
                                 size_t *len_out)
{
    size_t klen = strlen(key), klast = ric_i_last(key, klen);
    size_t tf = ric_i_threshold(klen), tl = ric_i_threshold(klen - klast);
    size_t best_score = SIZE_MAX, best_full = SIZE_MAX;
    const char *best = NULL;
    for (size_t i = 0; table && i < table->count; i++) {
        const char *k = table->specs[i].key;
        size_t end = strlen(k);
        /* The full key, then (with groups) each of its group prefixes. */
        for (size_t clen = end;; clen--) {
            if (clen == end || k[clen] == '.') {
                size_t clast = ric_i_last(k, clen);
                size_t full = ric_i_distance(key, klen, k, clen);
                size_t last = ric_i_distance(key + klast, klen - klast, k + clast, clen - clast);
                size_t score = full <= tf ? full : SIZE_MAX;
                if (last <= tl && last < score)
                    score = last;
                if (score != SIZE_MAX &&
                    (score < best_score || (score == best_score && full < best_full))) {
                    best_score = score;
                    best_full = full;
                    best = k;
                    *len_out = clen;
                }
            }
            if (!groups || clen == 0)
                break;
        }
    }
    return best;
}

const char *ric_config_suggest(const ric_param_table *table, const char *key)
{
    size_t len = 0;
    return key ? ric_i_suggest(table, key, 0, &len) : NULL;
}

static ric_status ric_i_unknown(const ric_param_table *table, const char *key, int groups,
                                const char *prefix, ric_error *err)
{
    size_t len = 0;
    const char *s = ric_i_suggest(table, key, groups, &len);
    if (s)
        return ric_error_set(err, RIC_ECONFIG, "%sunknown key '%.*s'; did you mean '%.*s'?", prefix,
                             RIC_I_SHOW, key, (int)len, s);
    return ric_error_set(err, RIC_ECONFIG, "%sunknown key '%.*s'", prefix, RIC_I_SHOW, key);
}

/* ---- scalar conversion (shared by files and --set) --------------------- */

static void ric_i_expected(const ric_param_spec *spec, char *buf, size_t size)
{
    switch (spec->type) {
    case RIC_PT_INT:
        snprintf(buf, size, "an integer in [%.15g, %.15g]", spec->min, spec->max);
        break;
    case RIC_PT_DOUBLE:
        snprintf(buf, size, "a number in [%.15g, %.15g]", spec->min, spec->max);
        break;
    case RIC_PT_BOOL:
        snprintf(buf, size, "true or false");
        break;
    case RIC_PT_ENUM: {
        size_t len = (size_t)snprintf(buf, size, "one of");
        for (const char *const *n = spec->enum_names; n && *n && len < size; n++)
            len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                    n == spec->enum_names ? " " : ", ", *n);
        break;
    }
    case RIC_PT_STRING:
        snprintf(buf, size, "a string of at most %zu bytes",
                 spec->str_size ? spec->str_size - 1 : 0);
        break;
    case RIC_PT_LIST:
        snprintf(buf, size, "a sequence of at most %.0f mappings", spec->max);
        break;
    case RIC_PT_MASK:
        if (spec->enum_names) {
            size_t len = (size_t)snprintf(buf, size, "'all' or one or a sequence of");
            for (const char *const *n = spec->enum_names; *n && len < size; n++)
                len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                        n == spec->enum_names ? " " : ", ", *n);
        } else {
            snprintf(buf, size, "'all' or one or a sequence of integers in [%.15g, %.15g]",
                     spec->min, spec->max);
        }
        break;
    }
}

/* "list.3.member" -> "list[].member" with *item = 3; any other path is
 * copied as is with *item = 0. Returns 0 if out is too small. */
static int ric_i_normalize(const char *path, char *out, size_t size, size_t *item)
{
    *item = 0;
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : 0, d = 0;
    while (dot && isdigit((unsigned char)dot[1 + d]))
        d++;
    if (dot && d > 0 && d < 10 && (dot[1 + d] == '.' || dot[1 + d] == '\0')) {
        *item = (size_t)strtoul(dot + 1, NULL, 10);
        return snprintf(out, size, "%.*s[]%s", (int)n, path, dot + 1 + d) < (int)size;
    }
    return snprintf(out, size, "%s", path) < (int)size;
}

/* The LIST spec a member key ("list[].x") belongs to, or NULL. */
static const ric_param_spec *ric_i_list_of(const ric_param_table *table, const char *key)
{
    const char *br = strstr(key, "[].");
    if (!br)
        return NULL;
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(br - key), key);
    const ric_param_spec *l = ric_config_find(table, name);
    return l && l->type == RIC_PT_LIST ? l : NULL;
}

static ric_status ric_i_range(const ric_param_spec *spec, double v, const char *text,
                              const char *prefix, ric_error *err)
{
    if (v >= spec->min && v <= spec->max)
        return RIC_OK;
    return ric_error_set(err, RIC_ECONFIG, "%skey '%s': value %.*s out of range [%.15g, %.15g]",
                         prefix, spec->key, RIC_I_SHOW, text, spec->min, spec->max);
}

static int ric_i_starts_number(const char *s)
{
    s += (*s == '+' || *s == '-');
    return isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1]));
}

/* Parses `text` as the value of `spec` into *out. Messages start with prefix. */
static ric_status ric_i_convert(const ric_param_spec *spec, const char *text, const char *prefix,
                                ric_i_value *out, ric_error *err)
{
    static const char *const truths[] = {"true", "yes", "on", "false", "no", "off"};
    char hint[160] = "";
    char *end = NULL;
    switch (spec->type) {
    case RIC_PT_INT: {
        /* strtoll would skip leading blanks; require a digit and the whole scalar. */
        if (!ric_i_starts_number(text))
            break;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (errno || *end)
            break;
        out->i = (int64_t)v;
        /* Compared exactly (long double holds every int64): as a double,
         * 2^53 + 1 would pass a limit of 2^53. */
        if ((long double)v < (long double)spec->min || (long double)v > (long double)spec->max)
            return ric_i_range(spec, spec->max + 1.0 + fabs(spec->max), text, prefix, err);
        return RIC_OK;
    }
    case RIC_PT_DOUBLE: {
        if (!ric_i_starts_number(text))
            break; /* also refuses nan, inf and leading blanks */
        double v = strtod(text, &end);
        if (*end || !isfinite(v))
            break;
        out->d = v;
        return ric_i_range(spec, v, text, prefix, err);
    }
    case RIC_PT_BOOL:
        for (int i = 0; i < 6; i++)
            if (strcasecmp(text, truths[i]) == 0) {
                out->n = i < 3;
                return RIC_OK;
            }
        break;
    case RIC_PT_ENUM: {
        const char *best = NULL;
        size_t best_d = SIZE_MAX, len = strlen(text);
        for (int i = 0; spec->enum_names && spec->enum_names[i]; i++) {
            const char *name = spec->enum_names[i];
            if (strcmp(text, name) == 0) {
                out->n = i;
                return RIC_OK;
            }
            size_t d = ric_i_distance(name, strlen(name), text, len);
            if (d <= ric_i_threshold(len) && d < best_d) {
                best_d = d;
                best = name;
            }
        }
        if (best)
            snprintf(hint, sizeof hint, "; did you mean '%s'?", best);
        break;
    }
    case RIC_PT_STRING: {
        size_t len = strlen(text);
        if (len < spec->str_size) {
            out->s = malloc(len + 1);
            if (!out->s)
                return ric_error_set(err, RIC_ENOMEM, "%sout of memory", prefix);
            memcpy(out->s, text, len + 1);
            return RIC_OK;
        }
        snprintf(hint, sizeof hint, " (%zu bytes)", len);
        break;
    }
    case RIC_PT_LIST:
        break;
    case RIC_PT_MASK: {
        /* One element, or a comma-separated list (from --set), or "all". */
        if (strcmp(text, "all") == 0) {
            out->i = -1;
            return RIC_OK;
        }
        char tok[RIC_I_SHOW + 1];
        int64_t bits = 0;
        const char *c = text + (*text == '[');
        for (;;) {
            size_t n = strcspn(c, ",]");
            while (n > 0 && isspace((unsigned char)*c))
                c++, n--;
            size_t m = n;
            while (m > 0 && isspace((unsigned char)c[m - 1]))
                m--;
            if (m == 0 || m > RIC_I_SHOW)
                goto bad;
            memcpy(tok, c, m);
            tok[m] = '\0';
            int bit = -1;
            for (int i = 0; spec->enum_names && spec->enum_names[i]; i++)
                if (strcmp(tok, spec->enum_names[i]) == 0)
                    bit = i;
            if (!spec->enum_names && ric_i_starts_number(tok)) {
                errno = 0;
                long long v = strtoll(tok, &end, 10);
                if (errno || *end)
                    goto bad;
                RIC_CHECK(ric_i_range(spec, (double)v, tok, prefix, err));
                bit = (int)v;
            }
            if (bit < 0 || bit > 62)
                goto bad;
            bits |= INT64_C(1) << bit;
            c += n;
            if (*c != ',')
                break;
            c++;
        }
        if (*c == ']' ? c[1] == '\0' && *text == '[' : *c == '\0' && *text != '[') {
            out->i = bits;
            return RIC_OK;
        }
    bad:
        break;
    }
    }
    char expect[256];
    ric_i_expected(spec, expect, sizeof expect);
    return ric_error_set(err, RIC_ECONFIG, "%skey '%s': expected %s, found '%.*s'%s", prefix,
                         spec->key, expect, RIC_I_SHOW, text, hint);
}

static void ric_i_apply(const ric_param_spec *spec, const ric_i_value *v, void *params)
{
    unsigned char *dst = (unsigned char *)params + spec->offset;
    switch (spec->type) {
    case RIC_PT_LIST:
        /* A list replaces the whole list; its items start from the defaults. */
        memcpy(dst, &v->i, sizeof v->i);
        for (int64_t k = 0; k < v->i; k++)
            memcpy((unsigned char *)params + spec->items_offset + (size_t)k * spec->stride,
                   spec->item_default, spec->stride);
        break;
    case RIC_PT_MASK:
    case RIC_PT_INT:
        memcpy(dst, &v->i, sizeof v->i);
        break;
    case RIC_PT_DOUBLE:
        memcpy(dst, &v->d, sizeof v->d);
        break;
    case RIC_PT_BOOL:
    case RIC_PT_ENUM:
        memcpy(dst, &v->n, sizeof v->n);
        break;
    case RIC_PT_STRING:
        /* Zero the tail too, so equal strings give equal structs. */
        memset(dst, 0, spec->str_size);
        memcpy(dst, v->s, strlen(v->s));
        break;
    }
}

static void ric_i_value_free(const ric_param_spec *spec, ric_i_value *v)
{
    if (!spec || spec->type == RIC_PT_STRING) { /* no spec: "base" (or a group: NULL) */
        free(v->s);
        v->s = NULL;
    }
}

const char *const ric_config_sections[] = {"uncertain", NULL};

/* ---- YAML documents ---------------------------------------------------- */

/* Every key seen (groups too, to catch duplicates) and, for a parameter, its value. */
typedef struct ric_i_entry {
    char *path;
    size_t line;
    const ric_param_spec *spec; /* NULL for a group or "base" */
    const ric_param_spec *list; /* the LIST of a member, else NULL */
    size_t item;                /* item index of a member */
    int is_base;                /* the top-level "base" key; value.s holds the file */
    int is_section;             /* a top-level section read elsewhere (ric_config_sections) */
    ric_i_value value;
} ric_i_entry;

typedef struct ric_i_loader {
    yaml_parser_t parser;
    const char *name, *text;
    size_t len;
    const ric_param_table *table;
    ric_error *err;
    char *path; /* dotted path of the key being read */
    size_t path_len, path_cap;
    ric_i_entry *entries;
    size_t count, cap;
    int depth;   /* "base:" files followed so far */
    int in_item; /* reading the mapping of a list item */
} ric_i_loader;

static ric_status ric_i_fail(const ric_i_loader *ld, yaml_mark_t m, const char *fmt, ...)
    RIC_I_PRINTF(3, 4);

static ric_status ric_i_fail(const ric_i_loader *ld, yaml_mark_t m, const char *fmt, ...)
{
    char what[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return ric_error_set(ld->err, RIC_ECONFIG, "%s:%zu:%zu: %s", ld->name, m.line + 1, m.column + 1,
                         what);
}

static void ric_i_where(const ric_i_loader *ld, yaml_mark_t m, char *buf)
{
    snprintf(buf, RIC_I_PREFIX, "%.400s:%zu:%zu: ", ld->name, m.line + 1, m.column + 1);
}

static ric_status ric_i_next(ric_i_loader *ld, yaml_event_t *ev)
{
    const yaml_parser_t *p = &ld->parser;
    if (yaml_parser_parse(&ld->parser, ev))
        return RIC_OK;
    if (p->error == YAML_MEMORY_ERROR)
        return ric_error_set(ld->err, RIC_ENOMEM, "%s: out of memory parsing YAML", ld->name);
    yaml_mark_t m = p->problem_mark;
    if (p->error == YAML_READER_ERROR) {
        /* Encoding errors carry a byte offset only. */
        m = (yaml_mark_t){0};
        for (size_t i = 0; i < p->problem_offset && i < ld->len; i++, m.column++)
            if (ld->text[i] == '\n') {
                m.line++;
                m.column = (size_t)-1;
            }
    }
    const char *problem = p->problem ? p->problem : "unknown error";
    if (p->context)
        return ric_i_fail(ld, m, "malformed YAML: %s (%s at line %zu)", problem, p->context,
                          p->context_mark.line + 1);
    return ric_i_fail(ld, m, "malformed YAML: %s", problem);
}

/* Scenarios are plain data: anchors, aliases and tags are refused. */
static ric_status ric_i_plain_node(const ric_i_loader *ld, const yaml_event_t *ev)
{
    const yaml_char_t *anchor = NULL, *tag = NULL;
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return ric_i_fail(ld, ev->start_mark, "aliases (*%s) are not supported",
                          (const char *)ev->data.alias.anchor);
    case YAML_SCALAR_EVENT:
        anchor = ev->data.scalar.anchor;
        tag = ev->data.scalar.tag;
        if (strlen((const char *)ev->data.scalar.value) != ev->data.scalar.length)
            return ric_i_fail(ld, ev->start_mark, "NUL characters are not allowed");
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        break;
    default:
        break;
    }
    if (anchor)
        return ric_i_fail(ld, ev->start_mark, "anchors (&%s) are not supported",
                          (const char *)anchor);
    if (tag)
        return ric_i_fail(ld, ev->start_mark, "tags (%s) are not supported", (const char *)tag);
    return RIC_OK;
}

static ric_status ric_i_push(ric_i_loader *ld, const char *s, size_t n)
{
    size_t need = ld->path_len + 1 + n + 1;
    if (need > ld->path_cap) {
        char *p = realloc(ld->path, need * 2);
        if (!p)
            return ric_error_set(ld->err, RIC_ENOMEM, "%s: out of memory", ld->name);
        ld->path = p;
        ld->path_cap = need * 2;
    }
    if (ld->path_len)
        ld->path[ld->path_len++] = '.';
    memcpy(ld->path + ld->path_len, s, n);
    ld->path_len += n;
    ld->path[ld->path_len] = '\0';
    return RIC_OK;
}

/* Checks a key, appends it to the path and records it; *idx gets its entry. */
static ric_status ric_i_key(ric_i_loader *ld, const yaml_event_t *ev, size_t *idx)
{
    RIC_CHECK(ric_i_plain_node(ld, ev));
    if (ev->type != YAML_SCALAR_EVENT)
        return ric_i_fail(ld, ev->start_mark, "mappings and sequences as keys are not supported");
    RIC_CHECK(ric_i_push(ld, (const char *)ev->data.scalar.value, ev->data.scalar.length));
    char norm[512];
    size_t item = 0;
    int is_base = strcmp(ld->path, "base") == 0, is_section = 0;
    for (size_t i = 0; ric_config_sections[i]; i++)
        is_section |= strcmp(ld->path, ric_config_sections[i]) == 0;
    const ric_param_spec *spec = NULL, *list = NULL;
    if (!is_base && !is_section && !strchr(ld->path, '[') &&
        ric_i_normalize(ld->path, norm, sizeof norm, &item)) {
        spec = ric_config_find(ld->table, norm);
        list = ric_i_list_of(ld->table, norm);
        if (strcmp(norm, ld->path) != 0 && (!list || !ld->in_item))
            spec = NULL; /* an index only addresses list items */
    }
    if (!is_base && !is_section && !spec &&
        !ric_i_group_member(ld->table, strchr(ld->path, '[') ? "" : norm)) {
        char prefix[RIC_I_PREFIX];
        ric_i_where(ld, ev->start_mark, prefix);
        return ric_i_unknown(ld->table, strchr(ld->path, '[') ? ld->path : norm, 1, prefix,
                             ld->err);
    }
    for (size_t i = 0; i < ld->count; i++)
        if (strcmp(ld->entries[i].path, ld->path) == 0)
            return ric_i_fail(ld, ev->start_mark, "key '%s' given twice (first at line %zu)",
                              ld->path, ld->entries[i].line);
    if (ld->count == ld->cap) {
        size_t cap = ld->cap ? 2 * ld->cap : 32;
        ric_i_entry *e = realloc(ld->entries, cap * sizeof *e);
        if (!e)
            return ric_error_set(ld->err, RIC_ENOMEM, "%s: out of memory", ld->name);
        ld->entries = e;
        ld->cap = cap;
    }
    ric_i_entry *e = &ld->entries[ld->count];
    *e = (ric_i_entry){
        .path = malloc(ld->path_len + 1), .line = ev->start_mark.line + 1, .value = {.s = NULL}};
    if (!e->path)
        return ric_error_set(ld->err, RIC_ENOMEM, "%s: out of memory", ld->name);
    memcpy(e->path, ld->path, ld->path_len + 1);
    e->spec = spec; /* only now, so cleanup frees values of complete entries only */
    e->list = list;
    e->item = item;
    e->is_base = is_base;
    e->is_section = is_section;
    *idx = ld->count++;
    return RIC_OK;
}

static ric_status ric_i_mapping(ric_i_loader *ld);

/* The value of entry idx: a scalar for a parameter, a mapping for a group. */
/* The items of a LIST whose SEQUENCE-START was consumed: one mapping each. */
static ric_status ric_i_list(ric_i_loader *ld, size_t idx)
{
    const ric_param_spec *spec = ld->entries[idx].spec;
    int64_t count = 0;
    for (;;) {
        yaml_event_t ev;
        RIC_CHECK(ric_i_next(ld, &ev));
        ric_status st = ric_i_plain_node(ld, &ev);
        yaml_mark_t at = ev.start_mark;
        int type = ev.type;
        yaml_event_delete(&ev);
        RIC_CHECK(st);
        if (type == YAML_SEQUENCE_END_EVENT)
            break;
        if (type != YAML_MAPPING_START_EVENT)
            return ric_i_fail(ld, at, "key '%s': expected a mapping per item (like '- type: x')",
                              spec->key);
        if ((double)count + 1 > spec->max)
            return ric_i_fail(ld, at, "key '%s': at most %.0f items", spec->key, spec->max);
        char num[24];
        size_t saved = ld->path_len;
        int n = snprintf(num, sizeof num, "%" PRId64, count);
        RIC_CHECK(ric_i_push(ld, num, (size_t)n));
        ld->in_item = 1;
        st = ric_i_mapping(ld);
        ld->in_item = 0;
        RIC_CHECK(st);
        ld->path_len = saved;
        ld->path[saved] = '\0';
        count++;
    }
    ld->entries[idx].value.i = count;
    return RIC_OK;
}

/* A MASK given as a sequence of scalars (SEQUENCE-START consumed). */
static ric_status ric_i_mask(ric_i_loader *ld, size_t idx, yaml_mark_t start)
{
    const ric_param_spec *spec = ld->entries[idx].spec;
    int64_t bits = 0;
    int any = 0;
    for (;;) {
        yaml_event_t ev;
        RIC_CHECK(ric_i_next(ld, &ev));
        ric_status st = ric_i_plain_node(ld, &ev);
        if (st == RIC_OK && ev.type == YAML_SCALAR_EVENT) {
            char prefix[RIC_I_PREFIX];
            ric_i_value v = {.i = 0};
            ric_i_where(ld, ev.start_mark, prefix);
            const char *t = (const char *)ev.data.scalar.value;
            st = strchr(t, ',') || strcmp(t, "all") == 0
                     ? ric_i_fail(ld, ev.start_mark, "key '%s': '%.*s' inside a sequence",
                                  spec->key, RIC_I_SHOW, t)
                     : ric_i_convert(spec, t, prefix, &v, ld->err);
            bits |= v.i;
            any = 1;
        } else if (st == RIC_OK && ev.type != YAML_SEQUENCE_END_EVENT) {
            st = ric_i_fail(ld, ev.start_mark, "key '%s': expected scalars in the sequence",
                            spec->key);
        }
        int end = ev.type == YAML_SEQUENCE_END_EVENT;
        yaml_event_delete(&ev);
        RIC_CHECK(st);
        if (end)
            break;
    }
    if (!any)
        return ric_i_fail(ld, start, "key '%s': empty set (use 'all' or list members)", spec->key);
    ld->entries[idx].value.i = bits;
    return RIC_OK;
}

/* Consumes the rest of a node whose first event was ev (a section's value). */
static ric_status ric_i_skip(ric_i_loader *ld, const yaml_event_t *ev)
{
    int depth = ev->type == YAML_MAPPING_START_EVENT || ev->type == YAML_SEQUENCE_START_EVENT;
    while (depth > 0) {
        yaml_event_t e;
        RIC_CHECK(ric_i_next(ld, &e));
        if (e.type == YAML_MAPPING_START_EVENT || e.type == YAML_SEQUENCE_START_EVENT)
            depth++;
        else if (e.type == YAML_MAPPING_END_EVENT || e.type == YAML_SEQUENCE_END_EVENT)
            depth--;
        yaml_event_delete(&e);
    }
    return RIC_OK;
}

static ric_status ric_i_node(ric_i_loader *ld, size_t idx, const yaml_event_t *ev)
{
    const ric_param_spec *spec = ld->entries[idx].spec;
    RIC_CHECK(ric_i_plain_node(ld, ev));
    if (ld->entries[idx].is_section)
        return ric_i_skip(ld, ev);
    if (ld->entries[idx].is_base) {
        const char *t = (const char *)ev->data.scalar.value;
        if (ev->type != YAML_SCALAR_EVENT || !*t)
            return ric_i_fail(ld, ev->start_mark, "key 'base': expected a scenario file name");
        ld->entries[idx].value.s = malloc(strlen(t) + 1);
        if (!ld->entries[idx].value.s)
            return ric_error_set(ld->err, RIC_ENOMEM, "%s: out of memory", ld->name);
        strcpy(ld->entries[idx].value.s, t);
        return RIC_OK;
    }
    if (spec && spec->type == RIC_PT_LIST) {
        if (ev->type == YAML_SEQUENCE_START_EVENT)
            return ric_i_list(ld, idx);
        if (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.length == 0 &&
            ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
            ld->entries[idx].value.i = 0; /* "key:" with nothing: an empty list */
            return RIC_OK;
        }
    }
    if (spec && spec->type == RIC_PT_MASK && ev->type == YAML_SEQUENCE_START_EVENT)
        return ric_i_mask(ld, idx, ev->start_mark);
    if (ev->type == YAML_MAPPING_START_EVENT && !spec)
        return ric_i_mapping(ld);
    const char *text = ev->type == YAML_SCALAR_EVENT ? (const char *)ev->data.scalar.value : NULL;
    if (text && spec) {
        char prefix[RIC_I_PREFIX];
        ric_i_where(ld, ev->start_mark, prefix);
        return ric_i_convert(spec, text, prefix, &ld->entries[idx].value, ld->err);
    }
    char expect[256], found[RIC_I_SHOW + 32];
    if (spec)
        ric_i_expected(spec, expect, sizeof expect);
    else
        snprintf(expect, sizeof expect, "a mapping (a group like '%s')",
                 ric_i_group_member(ld->table, ld->path));
    if (!text)
        snprintf(found, sizeof found, "%s",
                 ev->type == YAML_MAPPING_START_EVENT ? "a mapping" : "a sequence (not supported)");
    else if (*text)
        snprintf(found, sizeof found, "scalar '%.*s'", RIC_I_SHOW, text);
    else
        snprintf(found, sizeof found, "an empty value");
    return ric_i_fail(ld, ev->start_mark, "key '%s': expected %s, found %s", ld->path, expect,
                      found);
}

/* Reads the pairs of a mapping whose MAPPING-START was consumed. Recursion
 * depth is bounded by the table: a key deeper than any parameter is unknown. */
static ric_status ric_i_mapping(ric_i_loader *ld)
{
    for (;;) {
        yaml_event_t ev;
        size_t saved = ld->path_len, idx = 0;
        RIC_CHECK(ric_i_next(ld, &ev));
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            return RIC_OK;
        }
        ric_status st = ric_i_key(ld, &ev, &idx);
        yaml_event_delete(&ev);
        RIC_CHECK(st);
        RIC_CHECK(ric_i_next(ld, &ev));
        st = ric_i_node(ld, idx, &ev);
        yaml_event_delete(&ev);
        RIC_CHECK(st);
        ld->path_len = saved;
        ld->path[saved] = '\0';
    }
}

/* One document whose top level is a mapping; no document or an empty one is
 * an empty mapping (all defaults). */
static ric_status ric_i_stream(ric_i_loader *ld)
{
    yaml_event_t ev;
    ric_status st = RIC_OK;
    RIC_CHECK(ric_i_next(ld, &ev)); /* STREAM-START */
    yaml_event_delete(&ev);
    RIC_CHECK(ric_i_next(ld, &ev));
    int empty = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev); /* STREAM-END or DOCUMENT-START */
    if (empty)
        return RIC_OK;
    RIC_CHECK(ric_i_next(ld, &ev));
    st = ric_i_plain_node(ld, &ev);
    if (st == RIC_OK && ev.type == YAML_MAPPING_START_EVENT)
        st = ric_i_mapping(ld);
    else if (st == RIC_OK && ev.type != YAML_SCALAR_EVENT)
        st = ric_i_fail(ld, ev.start_mark,
                        "the top level must be a mapping of keys (like 'run:'), found a sequence");
    else if (st == RIC_OK &&
             (ev.data.scalar.length || ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE))
        st =
            ric_i_fail(ld, ev.start_mark,
                       "the top level must be a mapping of keys (like 'run:'), found scalar '%.*s'",
                       RIC_I_SHOW, (const char *)ev.data.scalar.value);
    yaml_event_delete(&ev);
    RIC_CHECK(st);
    RIC_CHECK(ric_i_next(ld, &ev)); /* DOCUMENT-END */
    yaml_event_delete(&ev);
    RIC_CHECK(ric_i_next(ld, &ev));
    if (ev.type != YAML_STREAM_END_EVENT)
        st = ric_i_fail(ld, ev.start_mark, "only one YAML document per scenario is supported");
    yaml_event_delete(&ev);
    return st;
}

static ric_status ric_i_load_file(const char *path, const ric_param_table *table, void *params,
                                  char **text_out, int depth, ric_error *err);

/* Loads the "base:" file of the scenario `name` (relative to its directory). */
static ric_status ric_i_load_base(const ric_i_loader *ld, const ric_i_entry *e, void *params)
{
    if (ld->depth >= RIC_CONFIG_MAX_BASE)
        return ric_error_set(ld->err, RIC_ECONFIG,
                             "%s:%zu: base: more than %d nested base files (a cycle?)", ld->name,
                             e->line, RIC_CONFIG_MAX_BASE);
    const char *slash = strrchr(ld->name, '/');
    char path[4096];
    int n =
        e->value.s[0] == '/' || !slash
            ? snprintf(path, sizeof path, "%s", e->value.s)
            : snprintf(path, sizeof path, "%.*s/%s", (int)(slash - ld->name), ld->name, e->value.s);
    if (n < 0 || (size_t)n >= sizeof path)
        return ric_error_set(ld->err, RIC_ECONFIG, "%s:%zu: base: path too long", ld->name,
                             e->line);
    ric_status st = ric_i_load_file(path, ld->table, params, NULL, ld->depth + 1, ld->err);
    if (st == RIC_ENOENT) /* say which scenario named the missing file */
        return ric_error_set(ld->err, RIC_ECONFIG, "%s:%zu: base: %s", ld->name, e->line,
                             ld->err ? ld->err->msg : path);
    return st;
}

static ric_status ric_i_load(const char *text, size_t len, const char *name,
                             const ric_param_table *table, void *params, int depth, ric_error *err)
{
    ric_i_loader ld = {
        .name = name, .text = text, .len = len, .table = table, .err = err, .depth = depth};
    if (!yaml_parser_initialize(&ld.parser))
        return ric_error_set(err, RIC_ENOMEM, "%s: out of memory", name);
    yaml_parser_set_input_string(&ld.parser, (const unsigned char *)text, len);
    ric_status st = ric_i_stream(&ld);
    /* The base first (it is all-or-nothing itself), then this file on top. */
    for (size_t i = 0; i < ld.count && st == RIC_OK; i++)
        if (ld.entries[i].is_base)
            st = ric_i_load_base(&ld, &ld.entries[i], params);
    for (size_t i = 0; i < ld.count; i++) {
        const ric_i_entry *e = &ld.entries[i];
        if (st == RIC_OK && e->spec)
            ric_i_apply(e->spec, &e->value,
                        (unsigned char *)params + (e->list ? e->item * e->list->stride : 0));
        ric_i_value_free(ld.entries[i].spec, &ld.entries[i].value);
        free(ld.entries[i].path);
    }
    free(ld.entries);
    free(ld.path);
    yaml_parser_delete(&ld.parser);
    return st;
}

/* ---- public entry points ----------------------------------------------- */

static ric_status ric_i_read_file(const char *path, char **out, size_t *len_out, ric_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        return ric_error_set(err, (e == ENOENT || e == ENOTDIR) ? RIC_ENOENT : RIC_EIO,
                             "%s: cannot open scenario file: %s", path, strerror(e));
    }
    if (!ric_file_bounded(f, RIC_CONFIG_MAX_FILE)) {
        fclose(f);
        return ric_error_set(err, RIC_ECONFIG,
                             "%s: a scenario file must be a regular file of at most %d MiB", path,
                             RIC_CONFIG_MAX_FILE >> 20);
    }
    size_t len = 0, cap = 0;
    char *buf = NULL;
    for (;;) {
        if (cap - len < 2) {
            char *p = cap <= RIC_CONFIG_MAX_FILE ? realloc(buf, cap ? 2 * cap : 4096) : NULL;
            if (!p) {
                free(buf);
                fclose(f);
                return ric_error_set(
                    err, cap > RIC_CONFIG_MAX_FILE ? RIC_ECONFIG : RIC_ENOMEM, "%s: %s", path,
                    cap > RIC_CONFIG_MAX_FILE ? "scenario file too large" : "out of memory");
            }
            buf = p;
            cap = cap ? 2 * cap : 4096;
        }
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        free(buf);
        return ric_error_set(err, RIC_EIO, "%s: cannot read scenario file: %s", path, strerror(e));
    }
    fclose(f);
    buf[len] = '\0';
    *out = buf;
    *len_out = len;
    return RIC_OK;
}

static ric_status ric_i_load_file(const char *path, const ric_param_table *table, void *params,
                                  char **text_out, int depth, ric_error *err)
{
    char *text = NULL;
    size_t len = 0;
    RIC_CHECK(ric_i_read_file(path, &text, &len, err));
    ric_status st = ric_i_load(text, len, path, table, params, depth, err);
    if (st == RIC_OK && text_out)
        *text_out = text;
    else
        free(text);
    return st;
}

ric_status ric_config_load_file(const char *path, const ric_param_table *table, void *params,
                                char **text_out, ric_error *err)
{
    if (text_out)
        *text_out = NULL;
    if (!path || !table || !params)
        return ric_error_set(err, RIC_EINVAL, "ric_config_load_file: NULL argument");
    return ric_i_load_file(path, table, params, text_out, 0, err);
}

ric_status ric_config_load_string(const char *text, const char *name, const ric_param_table *table,
                                  void *params, ric_error *err)
{
    if (!text || !table || !params)
        return ric_error_set(err, RIC_EINVAL, "ric_config_load_string: NULL argument");
    return ric_i_load(text, strlen(text), name ? name : "<string>", table, params, 0, err);
}

static char *ric_i_trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

ric_status ric_config_set(const char *assignment, const ric_param_table *table, void *params,
                          ric_error *err)
{
    if (!assignment || !table || !params)
        return ric_error_set(err, RIC_EINVAL, "ric_config_set: NULL argument");
    char prefix[RIC_I_PREFIX];
    snprintf(prefix, sizeof prefix, "--set %.400s: ", assignment);
    size_t len = strlen(assignment);
    char *copy = malloc(len + 1);
    if (!copy)
        return ric_error_set(err, RIC_ENOMEM, "%sout of memory", prefix);
    memcpy(copy, assignment, len + 1);
    char *eq = strchr(copy, '=');
    ric_status st;
    if (!eq) {
        st = ric_error_set(err, RIC_ECONFIG, "%sexpected key=value", prefix);
    } else {
        *eq = '\0';
        const char *raw = ric_i_trim(copy), *val = ric_i_trim(eq + 1);
        char key[512];
        size_t item = 0;
        int ok = !strchr(raw, '[') && ric_i_normalize(raw, key, sizeof key, &item);
        const ric_param_spec *spec = ok ? ric_config_find(table, key) : NULL;
        const ric_param_spec *list = ok ? ric_i_list_of(table, key) : NULL;
        if (strcmp(key, raw) != 0 && !list)
            spec = NULL;
        const char *member = spec || !ok ? NULL : ric_i_group_member(table, key);
        int64_t count = 0;
        if (list)
            memcpy(&count, (const unsigned char *)params + list->offset, sizeof count);
        ric_i_value v = {.s = NULL};
        if (member)
            st = ric_error_set(err, RIC_ECONFIG, "%s'%s' is a group of parameters, like '%s'",
                               prefix, key, member);
        else if (!spec)
            st = ric_i_unknown(table, ok ? key : raw, 0, prefix, err);
        else if (spec->type == RIC_PT_LIST)
            st = ric_error_set(err, RIC_ECONFIG,
                               "%s'%s' is a list: set its items' members (like '%s.0.%s')", prefix,
                               key, key, "name");
        else if (list && strcmp(key, raw) == 0)
            st = ric_error_set(err, RIC_ECONFIG, "%sname the item: '%s.N.%s'", prefix, list->key,
                               key + strlen(list->key) + 3);
        else if (list && (int64_t)item >= count)
            st = ric_error_set(err, RIC_ECONFIG, "%s'%s' has %" PRId64 " items, no item %zu",
                               prefix, list->key, count, item);
        else if ((st = ric_i_convert(spec, val, prefix, &v, err)) == RIC_OK)
            ric_i_apply(spec, &v, (unsigned char *)params + (list ? item * list->stride : 0));
        ric_i_value_free(spec, &v);
    }
    free(copy);
    return st;
}

/* ---- dump -------------------------------------------------------------- */

/* Number of leading group components a and b share; *pos is where b's next
 * component starts. */
static size_t ric_i_common_groups(const char *a, const char *b, size_t *pos)
{
    size_t depth = 0;
    *pos = 0;
    for (;;) {
        const char *da = strchr(a + *pos, '.'), *db = strchr(b + *pos, '.');
        if (!da || !db || da - a != db - b ||
            strncmp(a + *pos, b + *pos, (size_t)(da - a) - *pos) != 0)
            return depth;
        *pos = (size_t)(db - b) + 1;
        depth++;
    }
}

/* Writes the value of one parameter, or returns RIC_EINVAL for a value the
 * loader would refuse (so the dump always loads back). */
static ric_status ric_i_dump_value(ric_strbuf *b, const ric_param_spec *spec, const void *params,
                                   ric_error *err)
{
    const unsigned char *src = (const unsigned char *)params + spec->offset;
    int64_t i;
    double d;
    int n;
    switch (spec->type) {
    case RIC_PT_INT:
        memcpy(&i, src, sizeof i);
        ric_strbuf_printf(b, "%" PRId64 "\n", i);
        return RIC_OK;
    case RIC_PT_DOUBLE:
        memcpy(&d, src, sizeof d);
        if (!isfinite(d))
            return ric_error_set(err, RIC_EINVAL, "parameter '%s' is %g", spec->key, d);
        ric_strbuf_printf(b, "%.17g\n", d);
        return RIC_OK;
    case RIC_PT_BOOL:
        memcpy(&n, src, sizeof n);
        ric_strbuf_printf(b, "%s\n", n ? "true" : "false");
        return RIC_OK;
    case RIC_PT_ENUM:
        memcpy(&n, src, sizeof n);
        for (int k = 0; spec->enum_names && spec->enum_names[k]; k++)
            if (k == n) {
                ric_strbuf_printf(b, "%s\n", spec->enum_names[k]);
                return RIC_OK;
            }
        return ric_error_set(err, RIC_EINVAL, "parameter '%s' holds %d, not a valid index",
                             spec->key, n);
    case RIC_PT_STRING:
        if (!memchr(src, '\0', spec->str_size))
            return ric_error_set(err, RIC_EINVAL, "parameter '%s' is not NUL-terminated",
                                 spec->key);
        ric_strbuf_printf(b, "\"");
        for (const unsigned char *c = src; *c; c++) {
            if (*c == '"' || *c == '\\')
                ric_strbuf_printf(b, "\\%c", *c);
            else if (*c < 0x20 || *c == 0x7f)
                ric_strbuf_printf(b, "\\x%02x", *c);
            else
                ric_strbuf_printf(b, "%c", *c);
        }
        ric_strbuf_printf(b, "\"\n");
        return RIC_OK;
    case RIC_PT_MASK: {
        memcpy(&i, src, sizeof i);
        if (i == -1) {
            ric_strbuf_printf(b, "all\n");
            return RIC_OK;
        }
        if (i <= 0)
            return ric_error_set(err, RIC_EINVAL, "parameter '%s' is an empty set", spec->key);
        const char *sep = "[";
        for (int bit = 0; bit < 63; bit++) {
            if (!(i >> bit & 1))
                continue;
            const char *name = NULL;
            for (int k = 0; spec->enum_names && spec->enum_names[k]; k++)
                if (k == bit)
                    name = spec->enum_names[k];
            if (spec->enum_names && !name)
                return ric_error_set(err, RIC_EINVAL, "parameter '%s' has bit %d set", spec->key,
                                     bit);
            if (name)
                ric_strbuf_printf(b, "%s%s", sep, name);
            else
                ric_strbuf_printf(b, "%s%d", sep, bit);
            sep = ", ";
        }
        ric_strbuf_printf(b, "]\n");
        return RIC_OK;
    }
    case RIC_PT_LIST:
        break;
    }
    return ric_error_set(err, RIC_EINVAL, "parameter '%s' has an unknown type", spec->key);
}

/* A top-level list: "key: []" or one "- " block per item, members in table order. */
static ric_status ric_i_dump_list(ric_strbuf *b, const ric_param_table *table,
                                  const ric_param_spec *list, const void *params, ric_error *err)
{
    int64_t count;
    memcpy(&count, (const unsigned char *)params + list->offset, sizeof count);
    if (count < 0 || (double)count > list->max)
        return ric_error_set(err, RIC_EINVAL, "list '%s' holds %" PRId64 " items", list->key,
                             count);
    if (count == 0) {
        ric_strbuf_printf(b, "%s: []\n", list->key);
        return RIC_OK;
    }
    ric_strbuf_printf(b, "%s:\n", list->key);
    size_t klen = strlen(list->key);
    for (int64_t k = 0; k < count; k++) {
        const unsigned char *item = (const unsigned char *)params + (size_t)k * list->stride;
        const char *lead = "  - ";
        for (size_t j = 0; j < table->count; j++) {
            const ric_param_spec *m = &table->specs[j];
            if (strncmp(m->key, list->key, klen) != 0 || strncmp(m->key + klen, "[].", 3) != 0)
                continue;
            ric_strbuf_printf(b, "%s%s: ", lead, m->key + klen + 3);
            RIC_CHECK(ric_i_dump_value(b, m, item, err));
            lead = "    ";
        }
    }
    return RIC_OK;
}

ric_status ric_config_dump(const ric_param_table *table, const void *params, char **yaml_out,
                           ric_error *err)
{
    if (!table || !params || !yaml_out)
        return ric_error_set(err, RIC_EINVAL, "ric_config_dump: NULL argument");
    *yaml_out = NULL;
    ric_strbuf b = {0};
    ric_status st = RIC_OK;
    ric_strbuf_printf(&b, "%s", ""); /* an empty table still gives a string */
    size_t prev = SIZE_MAX;          /* the last key written at its own place (not a list member) */
    for (size_t i = 0; i < table->count && st == RIC_OK; i++) {
        const char *key = table->specs[i].key;
        if (strstr(key, "[]"))
            continue; /* written with its list */
        size_t pos = 0;
        size_t depth =
            prev != SIZE_MAX ? ric_i_common_groups(table->specs[prev].key, key, &pos) : 0;
        prev = i;
        /* Open the groups this key does not share with the previous one; each
         * must be new, or the output would repeat a mapping key. */
        for (const char *dot; st == RIC_OK && (dot = strchr(key + pos, '.')); depth++) {
            size_t glen = (size_t)(dot - key);
            for (size_t j = 0; j < i; j++)
                if (strncmp(table->specs[j].key, key, glen) == 0 &&
                    (table->specs[j].key[glen] == '.' || table->specs[j].key[glen] == '\0'))
                    st = ric_error_set(err, RIC_EINVAL,
                                       "parameter table: '%s' is separated from its group '%.*s'",
                                       key, (int)glen, key);
            ric_strbuf_printf(&b, "%*s%.*s:\n", (int)(2 * depth), "", (int)(glen - pos), key + pos);
            pos = glen + 1;
        }
        if (st == RIC_OK && ric_config_find(table, key) != &table->specs[i])
            st = ric_error_set(err, RIC_EINVAL, "parameter table: '%s' appears twice", key);
        if (st == RIC_OK && ric_i_group_member(table, key))
            st = ric_error_set(err, RIC_EINVAL,
                               "parameter table: '%s' is both a parameter and a group", key);
        if (st != RIC_OK)
            break;
        if (table->specs[i].type == RIC_PT_LIST) {
            st = ric_i_dump_list(&b, table, &table->specs[i], params, err);
            continue;
        }
        ric_strbuf_printf(&b, "%*s%s: ", (int)(2 * depth), "", key + pos);
        st = ric_i_dump_value(&b, &table->specs[i], params, err);
    }
    if (st == RIC_OK && b.oom)
        st = ric_error_set(err, RIC_ENOMEM, "ric_config_dump: out of memory");
    if (st != RIC_OK) {
        free(b.s);
        return st;
    }
    *yaml_out = b.s;
    return RIC_OK;
}

size_t ric_config_distance(const char *a, const char *b)
{
    return ric_i_distance(a, strlen(a), b, strlen(b));
}
