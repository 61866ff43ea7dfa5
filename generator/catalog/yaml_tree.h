/* A YAML document as a tree of nodes that remember where they were written
 * (1-based line:column), built from libyaml's event stream. Aliases point at the
 * anchored node instead of copying it, and the count of nodes they would
 * expand to is bounded, so an alias bomb is refused, never expanded. Duplicate
 * mapping keys are errors. */
#ifndef ERRATA_CATALOG_YAML_TREE_H
#define ERRATA_CATALOG_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../support/source.h"

struct arena;
struct diag;
struct catalog_limits;

enum ynode_kind {
    YNODE_SCALAR,
    YNODE_SEQUENCE,
    YNODE_MAPPING,
};

enum yscalar_style {
    YSCALAR_PLAIN,  /* subject to type resolution: 404, true, null, 1.5 */
    YSCALAR_QUOTED, /* always a string */
    YSCALAR_BLOCK,  /* | or >, always a string */
};

/* What a scalar means under the YAML 1.2 core schema. */
enum yscalar_type {
    YTYPE_NULL,
    YTYPE_BOOL,
    YTYPE_INT,
    YTYPE_FLOAT,
    YTYPE_STRING,
};

struct ynode;

struct ypair {
    struct ynode *key;
    struct ynode *value;
};

struct ynode {
    enum ynode_kind kind;
    struct loc loc; /* where the node starts */
    union {
        struct {
            const char *text; /* NUL-terminated; may hold NUL bytes from escapes */
            size_t len;
            enum yscalar_style style;
            enum yscalar_type type;
        } scalar;
        struct {
            struct ynode **items;
            size_t count, cap;
        } seq;
        struct {
            struct ypair *pairs;
            size_t count, cap;
        } map;
    } u;
};

/* Parses one YAML document. Returns NULL and reports located errors when the
 * YAML is malformed or breaks a limit; an empty stream reports an error too. */
struct ynode *yaml_tree_parse(struct arena *a, struct diag *d, const struct source *src,
                              const struct catalog_limits *limits);

/* The value for a key in a mapping, or NULL. */
struct ynode *ynode_get(const struct ynode *map, const char *key);
/* The pair whose key is `key`, or NULL. */
const struct ypair *ynode_pair(const struct ynode *map, const char *key);

bool ynode_is_scalar(const struct ynode *n, enum yscalar_type type);
/* Integer value of a YTYPE_INT scalar; false when out of int64 range. */
bool ynode_int(const struct ynode *n, int64_t *out);
/* Double value of a YTYPE_INT or YTYPE_FLOAT scalar. */
bool ynode_number(const struct ynode *n, double *out);
/* Boolean value of a YTYPE_BOOL scalar. */
bool ynode_bool(const struct ynode *n);

/* The type a plain (unquoted) scalar with this text resolves to (YAML 1.2
 * core schema): a writer must quote a string that would read back as
 * anything else. */
enum yscalar_type yaml_plain_type(const char *s, size_t len);

/* A name for the node's kind, for messages: "a string", "a mapping", ... */
const char *ynode_describe(const struct ynode *n);

#endif
