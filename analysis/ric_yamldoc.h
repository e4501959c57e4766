/* Small YAML documents read whole (libyaml's document API): the targets
 * file and the "uncertain:" section of a scenario. Every refusal names
 * file:line:column. Plain data only: anchors, aliases and tags are refused. */
#ifndef RIC_YAMLDOC_H
#define RIC_YAMLDOC_H

#include "ric_error.h"

#include <stddef.h>
#include <yaml.h>

/* Caller-owned; init (zero) / destroy pair. */
typedef struct ric_yamldoc {
    yaml_document_t doc;
    int loaded;
    char name[1024]; /* the file, for messages */
} ric_yamldoc;

/* Parses the file; RIC_ENOENT if it cannot be read, RIC_ECONFIG if malformed. */
ric_status ric_yamldoc_load(ric_yamldoc *y, const char *path, ric_error *err);
void ric_yamldoc_destroy(ric_yamldoc *y);

/* The root node (NULL for an empty document). */
yaml_node_t *ric_yamldoc_root(ric_yamldoc *y);
/* The value of key in a mapping node, or NULL. */
yaml_node_t *ric_yamldoc_get(ric_yamldoc *y, const yaml_node_t *map, const char *key);
/* The text of a scalar node, or NULL for another kind. */
const char *ric_yamldoc_text(const yaml_node_t *n);
/* Records RIC_ECONFIG with "file:line:column: " and the message for node n. */
ric_status ric_yamldoc_fail(const ric_yamldoc *y, const yaml_node_t *n, ric_error *err,
                            const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Refuses a member of map that is not in allowed (NULL-terminated), naming
 * the closest allowed one; `what` names the mapping in the message. */
ric_status ric_yamldoc_members(ric_yamldoc *y, const yaml_node_t *map, const char *const *allowed,
                               const char *what, ric_error *err);
/* A scalar member read as a finite number (*out untouched when absent and
 * required is 0) or as text. */
ric_status ric_yamldoc_number(ric_yamldoc *y, const yaml_node_t *map, const char *key, int required,
                              const char *what, double *out, ric_error *err);
ric_status ric_yamldoc_string(ric_yamldoc *y, const yaml_node_t *map, const char *key, int required,
                              const char *what, char *out, size_t size, ric_error *err);

#endif
