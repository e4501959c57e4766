/* Schema-driven scenario loading (YAML via libyaml).
 *
 * The model describes its parameters as a table of ric_param_spec; this module
 * knows nothing of firms. It parses a YAML file (nested mappings of scalars),
 * maps each leaf to its dotted key ("firms.count"), checks the key exists,
 * the type and the range, and stores the value into a caller-owned struct at
 * the spec's offset. Every refusal names file:line:column, the key, what was
 * expected and what was found, and suggests the closest key for a typo.
 * Nothing is written into the struct for a file that fails validation.
 *
 * Two structures beyond scalars:
 *  - a top-level LIST key ("interventions") holds a YAML sequence of
 *    mappings; its members are the specs keyed "interventions[].name", whose
 *    offsets are those of item 0 (item i lies stride bytes further on). The
 *    list in a file replaces the whole list; unset members of an item keep
 *    the item defaults. --set addresses items as "interventions.2.name".
 *  - a MASK value is a scalar or a sequence of scalars (integers in
 *    [min, max] or names of enum_names), stored as an int64 bit set; "all"
 *    sets every bit.
 * A file may start from another: a top-level "base: other.yaml" (relative
 * to the file) is loaded first and the file's keys override it.
 * Top-level sections named in ric_config_sections (the "uncertain:" inputs
 * of a study, analysis/ric_uncertain.h) are not parameters: the loader
 * skips them whole and their own reader checks them. */
#ifndef RIC_CONFIG_H
#define RIC_CONFIG_H

#include "ric_error.h"

#include <stddef.h>

/* Largest scenario (or base:) file read, in bytes. */
#define RIC_CONFIG_MAX_FILE (16 << 20)

typedef enum ric_param_type {
    RIC_PT_INT,    /* stored as int64_t */
    RIC_PT_DOUBLE, /* stored as double */
    RIC_PT_BOOL,   /* stored as int (0/1); YAML true/false, yes/no, on/off */
    RIC_PT_ENUM,   /* stored as int: index into enum_names */
    RIC_PT_STRING, /* stored as char[str_size] */
    RIC_PT_LIST,   /* item count as int64_t; items follow at the members' offsets */
    RIC_PT_MASK    /* int64_t bit set: bit v for integer v, bit i for enum_names[i] */
} ric_param_type;

typedef struct ric_param_spec {
    const char *key;               /* dotted path, e.g. "firms.count" */
    ric_param_type type;           /* how the value is parsed and stored */
    size_t offset;                 /* offsetof() into the caller's params struct */
    double min, max;               /* inclusive bounds for INT and DOUBLE */
    const char *const *enum_names; /* NULL-terminated names for ENUM */
    size_t str_size;               /* capacity for STRING, including the NUL */
    const char *unit;              /* unit or "" (for docs and messages) */
    const char *doc;               /* one-line description (for docs and --help) */
    size_t stride;                 /* LIST: bytes from one item to the next */
    size_t items_offset;           /* LIST: offsetof() of item 0 */
    const void *item_default;      /* LIST: an item holding every member's default */
} ric_param_spec;

/* Names of the top-level sections the loader skips; NULL-terminated. */
extern const char *const ric_config_sections[];

/* Most nested "base:" files followed before refusing (cycles end here). */
#define RIC_CONFIG_MAX_BASE 8

typedef struct ric_param_table {
    const ric_param_spec *specs;
    size_t count;
} ric_param_table;

/* Parses the YAML file at path into params (which must already hold the
 * defaults). On success *text_out (if not NULL) receives a malloc'ed copy of
 * the file's text, verbatim, for recording in the output. Missing file:
 * RIC_ENOENT; malformed YAML, unknown key, wrong type, out of range:
 * RIC_ECONFIG. The message starts with "path:line:column: ". */
ric_status ric_config_load_file(const char *path, const ric_param_table *table, void *params,
                                char **text_out, ric_error *err);

/* Same as ric_config_load_file for YAML text in memory; name is used in messages. */
ric_status ric_config_load_string(const char *text, const char *name, const ric_param_table *table,
                                  void *params, ric_error *err);

/* Applies one command-line override "key=value" (value parsed as a YAML scalar).
 * Messages start with "--set key=value: ". */
ric_status ric_config_set(const char *assignment, const ric_param_table *table, void *params,
                          ric_error *err);

/* Writes the effective values of all parameters as YAML (nested mappings, in
 * table order) into a malloc'ed string. Loading that string back gives the
 * same struct, bit for bit (doubles printed with %.17g). */
ric_status ric_config_dump(const ric_param_table *table, const void *params, char **yaml_out,
                           ric_error *err);

/* The key of the table closest to `key` by edit distance, or NULL if none is
 * reasonably close. Used for "did you mean" suggestions. */
const char *ric_config_suggest(const ric_param_table *table, const char *key);
/* Edit distance (Levenshtein) of two words; SIZE_MAX for very long ones. */
size_t ric_config_distance(const char *a, const char *b);

/* Looks up a spec by its dotted key; NULL if absent. */
const ric_param_spec *ric_config_find(const ric_param_table *table, const char *key);

#endif
