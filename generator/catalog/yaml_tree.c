#include "yaml_tree.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "limits.h"

/* Anchors live in an open-addressing table so that a file with a million
 * anchors and aliases still loads in linear time. */
struct anchor {
    const char *name;
    struct ynode *node;
    size_t weight; /* nodes the anchored subtree stands for, aliases expanded */
};

struct frame {
    struct ynode *node;
    const char *anchor;
    size_t weight;
    struct ynode *key; /* mappings: the key waiting for its value */
    size_t key_weight;
};

struct builder {
    struct arena *a;
    struct diag *d;
    const struct source *src;
    const struct catalog_limits *limits;
    struct frame *stack;
    size_t depth, stack_cap;
    struct anchor *anchors;
    size_t anchor_count, anchor_cap; /* cap is a power of two or 0 */
    size_t alias_nodes;
    struct ynode *root;
    unsigned documents;
    bool failed;
};

static struct loc mark_loc(const struct builder *b, yaml_mark_t m)
{
    /* A BOM is no column: line 1 starts after it (source.c agrees). */
    struct loc loc = { b->src, (uint32_t)m.line + 1, (uint32_t)m.column + 1 };
    return loc;
}

static size_t add_sat(size_t x, size_t y)
{
    return x > SIZE_MAX - y ? SIZE_MAX : x + y;
}

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static struct anchor *anchor_slot(struct anchor *table, size_t cap, const char *name)
{
    size_t i = (size_t)hash_name(name) & (cap - 1);
    while (table[i].name != NULL && strcmp(table[i].name, name) != 0)
        i = (i + 1) & (cap - 1);
    return &table[i];
}

static void anchor_define(struct builder *b, const char *name, struct ynode *node, size_t weight)
{
    if (b->anchor_count + 1 > b->anchor_cap / 2) {
        size_t cap = b->anchor_cap ? b->anchor_cap * 2 : 64;
        struct anchor *table = arena_alloc_array(b->a, cap, sizeof *table);
        for (size_t i = 0; i < b->anchor_cap; i++) {
            if (b->anchors[i].name != NULL)
                *anchor_slot(table, cap, b->anchors[i].name) = b->anchors[i];
        }
        b->anchors = table;
        b->anchor_cap = cap;
    }
    struct anchor *slot = anchor_slot(b->anchors, b->anchor_cap, name);
    if (slot->name == NULL)
        b->anchor_count++;
    /* A redefined anchor applies to the aliases after it, as YAML says. */
    slot->name = name;
    slot->node = node;
    slot->weight = weight;
}

static const struct anchor *anchor_find(const struct builder *b, const char *name)
{
    if (b->anchor_cap == 0)
        return NULL;
    const struct anchor *slot = anchor_slot(b->anchors, b->anchor_cap, name);
    return slot->name ? slot : NULL;
}

static bool matches_int(const char *s)
{
    if (s[0] == '0' && s[1] == 'o' && s[2]) {
        return strspn(s + 2, "01234567") == strlen(s + 2);
    }
    if (s[0] == '0' && s[1] == 'x' && s[2]) {
        return strspn(s + 2, "0123456789abcdefABCDEF") == strlen(s + 2);
    }
    if (*s == '-' || *s == '+')
        s++;
    return *s && strspn(s, "0123456789") == strlen(s);
}

static bool matches_float(const char *s)
{
    bool signed_ = *s == '-' || *s == '+';
    if (signed_)
        s++;
    if (!strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF"))
        return true;
    if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN"))
        return !signed_;
    size_t digits = strspn(s, "0123456789");
    s += digits;
    size_t frac = 0;
    if (*s == '.') {
        s++;
        frac = strspn(s, "0123456789");
        s += frac;
    }
    if (digits == 0 && frac == 0)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        size_t exp = strspn(s, "0123456789");
        if (exp == 0)
            return false;
        s += exp;
    }
    return *s == '\0';
}

static enum yscalar_type resolve_plain(const char *s, size_t len)
{
    if (strlen(s) != len)
        return YTYPE_STRING; /* holds a NUL: cannot be anything else */
    if (len == 0 || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
        !strcmp(s, "NULL"))
        return YTYPE_NULL;
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") ||
        !strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
        return YTYPE_BOOL;
    if (matches_int(s))
        return YTYPE_INT;
    if (matches_float(s))
        return YTYPE_FLOAT;
    return YTYPE_STRING;
}

#define YAML_CORE_TAG(t) "tag:yaml.org,2002:" t

/* Applies an explicit tag; only the core schema's tags have a meaning here. */
static bool apply_tag(struct builder *b, struct ynode *n, const char *tag)
{
    if (tag == NULL)
        return true;
    if (n->kind != YNODE_SCALAR) {
        const char *want = n->kind == YNODE_MAPPING ? YAML_CORE_TAG("map") : YAML_CORE_TAG("seq");
        if (strcmp(tag, want) == 0)
            return true;
    } else if (!strcmp(tag, "!") || !strcmp(tag, YAML_CORE_TAG("str"))) {
        n->u.scalar.type = YTYPE_STRING;
        return true;
    } else {
        static const struct {
            const char *tag;
            enum yscalar_type type;
        } typed[] = {
            { YAML_CORE_TAG("int"), YTYPE_INT },   { YAML_CORE_TAG("float"), YTYPE_FLOAT },
            { YAML_CORE_TAG("bool"), YTYPE_BOOL }, { YAML_CORE_TAG("null"), YTYPE_NULL },
        };
        for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
            if (strcmp(tag, typed[i].tag) != 0)
                continue;
            enum yscalar_type found = resolve_plain(n->u.scalar.text, n->u.scalar.len);
            bool ok = found == typed[i].type ||
                      (typed[i].type == YTYPE_FLOAT && found == YTYPE_INT);
            if (!ok) {
                diag_error(b->d, n->loc, "scalar '%s' does not match its tag '%s'",
                           n->u.scalar.text, tag);
                return false;
            }
            n->u.scalar.type = typed[i].type;
            return true;
        }
    }
    diag_error(b->d, n->loc, "unsupported YAML tag '%s'; catalogs use plain YAML values", tag);
    return false;
}

static int compare_keys(const void *pa, const void *pb)
{
    const struct ypair *const *a = pa, *const *b = pb;
    const struct ynode *ka = (*a)->key, *kb = (*b)->key;
    size_t n = ka->u.scalar.len < kb->u.scalar.len ? ka->u.scalar.len : kb->u.scalar.len;
    int c = memcmp(ka->u.scalar.text, kb->u.scalar.text, n);
    if (c != 0)
        return c;
    if (ka->u.scalar.len != kb->u.scalar.len)
        return ka->u.scalar.len < kb->u.scalar.len ? -1 : 1;
    return *a < *b ? -1 : *a > *b; /* pairs are in one array: document order */
}

/* Sorting finds duplicates in n log n, so a mapping with a million keys cannot
 * make the check quadratic. */
static void check_duplicate_keys(struct builder *b, const struct ynode *map)
{
    size_t n = map->u.map.count;
    if (n < 2)
        return;
    const struct ypair **sorted = malloc(n * sizeof *sorted);
    if (sorted == NULL) {
        diag_error(b->d, map->loc, "out of memory checking mapping keys");
        b->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        sorted[i] = &map->u.map.pairs[i];
    qsort(sorted, n, sizeof *sorted, compare_keys);
    size_t first = 0;
    for (size_t i = 1; i < n; i++) {
        const struct ynode *k0 = sorted[first]->key, *k = sorted[i]->key;
        if (k0->u.scalar.len == k->u.scalar.len &&
            memcmp(k0->u.scalar.text, k->u.scalar.text, k->u.scalar.len) == 0) {
            diag_error(b->d, k->loc, "duplicate key '%s' in mapping", k->u.scalar.text);
            diag_note(b->d, k0->loc, "'%s' first given here", k0->u.scalar.text);
            b->failed = true;
        } else {
            first = i;
        }
    }
    free(sorted);
}

/* Adds a finished node (with its expanded weight) to whatever is open. */
static void attach(struct builder *b, struct ynode *node, size_t weight)
{
    if (b->depth == 0) {
        b->root = node;
        return;
    }
    struct frame *f = &b->stack[b->depth - 1];
    f->weight = add_sat(f->weight, weight);
    struct ynode *parent = f->node;
    if (parent->kind == YNODE_SEQUENCE) {
        parent->u.seq.items = arena_grow(b->a, parent->u.seq.items, &parent->u.seq.cap,
                                         parent->u.seq.count + 1, sizeof *parent->u.seq.items);
        parent->u.seq.items[parent->u.seq.count++] = node;
        return;
    }
    if (f->key == NULL) {
        if (node->kind != YNODE_SCALAR) {
            diag_error(b->d, node->loc, "mapping keys must be plain names, not %s",
                       ynode_describe(node));
            b->failed = true;
        } else if (strlen(node->u.scalar.text) != node->u.scalar.len) {
            diag_error(b->d, node->loc, "mapping key contains a NUL byte");
            b->failed = true;
        }
        f->key = node;
        return;
    }
    parent->u.map.pairs = arena_grow(b->a, parent->u.map.pairs, &parent->u.map.cap,
                                     parent->u.map.count + 1, sizeof *parent->u.map.pairs);
    struct ypair *p = &parent->u.map.pairs[parent->u.map.count++];
    p->key = f->key;
    p->value = node;
    f->key = NULL;
}

static const char *dup_or_null(struct builder *b, const yaml_char_t *s)
{
    return s ? arena_strdup(b->a, (const char *)s) : NULL;
}

static void open_collection(struct builder *b, const yaml_event_t *ev, enum ynode_kind kind,
                            const yaml_char_t *anchor, const yaml_char_t *tag)
{
    struct ynode *n = arena_alloc(b->a, sizeof *n);
    n->kind = kind;
    n->loc = mark_loc(b, ev->start_mark);
    if (b->depth >= b->limits->max_depth) {
        diag_error(b->d, n->loc, "nesting is deeper than %zu levels", b->limits->max_depth);
        b->failed = true;
        return;
    }
    if (!apply_tag(b, n, (const char *)tag)) {
        b->failed = true;
        return;
    }
    b->stack = arena_grow(b->a, b->stack, &b->stack_cap, b->depth + 1, sizeof *b->stack);
    struct frame *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->node = n;
    f->anchor = dup_or_null(b, anchor);
    f->weight = 1;
}

static void close_collection(struct builder *b)
{
    struct frame f = b->stack[--b->depth];
    if (f.node->kind == YNODE_MAPPING)
        check_duplicate_keys(b, f.node);
    if (f.anchor)
        anchor_define(b, f.anchor, f.node, f.weight);
    attach(b, f.node, f.weight);
}

static void add_scalar(struct builder *b, const yaml_event_t *ev)
{
    struct ynode *n = arena_alloc(b->a, sizeof *n);
    n->kind = YNODE_SCALAR;
    n->loc = mark_loc(b, ev->start_mark);
    n->u.scalar.text = arena_strndup(b->a, (const char *)ev->data.scalar.value,
                                     ev->data.scalar.length);
    n->u.scalar.len = ev->data.scalar.length;
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        n->u.scalar.style = YSCALAR_QUOTED;
        n->u.scalar.type = YTYPE_STRING;
        break;
    case YAML_LITERAL_SCALAR_STYLE:
    case YAML_FOLDED_SCALAR_STYLE:
        n->u.scalar.style = YSCALAR_BLOCK;
        n->u.scalar.type = YTYPE_STRING;
        break;
    default:
        n->u.scalar.style = YSCALAR_PLAIN;
        n->u.scalar.type = resolve_plain(n->u.scalar.text, n->u.scalar.len);
        break;
    }
    if (!apply_tag(b, n, (const char *)ev->data.scalar.tag)) {
        b->failed = true;
        return;
    }
    if (ev->data.scalar.anchor)
        anchor_define(b, dup_or_null(b, ev->data.scalar.anchor), n, 1);
    attach(b, n, 1);
}

static void add_alias(struct builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    struct loc loc = mark_loc(b, ev->start_mark);
    const struct anchor *an = anchor_find(b, name);
    if (an == NULL) {
        /* Also catches an alias inside its own anchor: anchors of collections
         * are defined only once the collection is complete. */
        diag_error(b->d, loc, "alias '*%s' refers to no anchor defined before it", name);
        b->failed = true;
        return;
    }
    b->alias_nodes = add_sat(b->alias_nodes, an->weight);
    if (b->alias_nodes > b->limits->max_alias_nodes) {
        diag_error(b->d, loc,
                   "aliases expand to more than %zu nodes; refusing to expand them (alias bomb?)",
                   b->limits->max_alias_nodes);
        b->failed = true;
        return;
    }
    /* A scalar is copied with the alias's position, so that a diagnostic
     * about it (a duplicate key given through an alias) points where the
     * alias is written; collections stay shared, never expanded. */
    struct ynode *node = an->node;
    if (node->kind == YNODE_SCALAR) {
        node = arena_alloc(b->a, sizeof *node);
        *node = *an->node;
        node->loc = loc;
    }
    attach(b, node, an->weight);
}

/* libyaml blames a bad trailing byte where it sits; the fault is the
 * sequence's, so point at its lead byte. */
static size_t sequence_start(const struct source *src, size_t offset, const char *problem)
{
    const unsigned char *t = (const unsigned char *)src->text;
    if (strstr(problem, "trailing") == NULL || offset > src->len)
        return offset;
    for (size_t at = offset; at > 0 && offset - at < 4; at--) {
        if (t[at - 1] >= 0xC0)
            return at - 1;
        if ((t[at - 1] & 0xC0) != 0x80)
            break;
    }
    return offset;
}

static void report_parser_error(struct builder *b, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->error == YAML_READER_ERROR) {
        size_t at = sequence_start(b->src, p->problem_offset, problem);
        struct loc loc = source_loc_at(b->src, at);
        if (p->problem_value != -1)
            diag_error(b->d, loc, "invalid YAML: %s (byte 0x%02x); catalogs must be UTF-8",
                       problem, (unsigned)p->problem_value & 0xFFu);
        else
            diag_error(b->d, loc, "invalid YAML: %s", problem);
    } else if (p->error == YAML_MEMORY_ERROR) {
        diag_error(b->d, (struct loc){ b->src, 0, 0 }, "out of memory parsing YAML");
    } else if (p->context) {
        diag_error(b->d, mark_loc(b, p->problem_mark), "invalid YAML: %s %s", problem,
                   p->context);
        if (p->context_mark.line != p->problem_mark.line ||
            p->context_mark.column != p->problem_mark.column)
            diag_note(b->d, mark_loc(b, p->context_mark), "the construct started here");
    } else {
        diag_error(b->d, mark_loc(b, p->problem_mark), "invalid YAML: %s", problem);
    }
}

/* Feeds one event to the builder; false when parsing must stop. */
static bool handle_event(struct builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents > 1) {
            diag_error(b->d, mark_loc(b, ev->start_mark),
                       "a catalog is a single YAML document; found a second one");
            b->failed = true;
        }
        break;
    case YAML_SEQUENCE_START_EVENT:
        open_collection(b, ev, YNODE_SEQUENCE, ev->data.sequence_start.anchor,
                        ev->data.sequence_start.tag);
        break;
    case YAML_MAPPING_START_EVENT:
        open_collection(b, ev, YNODE_MAPPING, ev->data.mapping_start.anchor,
                        ev->data.mapping_start.tag);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        close_collection(b);
        break;
    case YAML_SCALAR_EVENT:
        add_scalar(b, ev);
        break;
    case YAML_ALIAS_EVENT:
        add_alias(b, ev);
        break;
    default:
        break;
    }
    return !b->failed && ev->type != YAML_STREAM_END_EVENT;
}

struct ynode *yaml_tree_parse(struct arena *a, struct diag *d, const struct source *src,
                              const struct catalog_limits *limits)
{
    struct builder b = { .a = a, .d = d, .src = src, .limits = limits };
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_error(d, (struct loc){ src, 0, 0 }, "out of memory starting the YAML parser");
        return NULL;
    }
    /* A UTF-8 BOM is allowed at the start (editors on Windows write one);
     * libyaml, told the encoding, would read it as content. */
    size_t skip = source_bom_len(src);
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->text + skip,
                                 src->len - skip);
    /* Positions and carets are computed on the file's bytes, so the file
     * must be UTF-8: libyaml would otherwise decode UTF-16 silently. */
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_parser_error(&b, &parser);
            b.failed = true;
            break;
        }
        bool more = handle_event(&b, &ev);
        yaml_event_delete(&ev);
        if (!more)
            break;
    }
    yaml_parser_delete(&parser);
    if (b.failed)
        return NULL;
    if (b.root == NULL) {
        diag_error(d, (struct loc){ src, 1, 1 },
                   "the file is empty or only comments; a catalog needs at least "
                   "'errata: 1', 'name:' and 'errors:'");
        return NULL;
    }
    return b.root;
}

const struct ypair *ynode_pair(const struct ynode *map, const char *key)
{
    if (map == NULL || map->kind != YNODE_MAPPING)
        return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i < map->u.map.count; i++) {
        const struct ynode *k = map->u.map.pairs[i].key;
        if (k->kind == YNODE_SCALAR && k->u.scalar.len == len &&
            memcmp(k->u.scalar.text, key, len) == 0)
            return &map->u.map.pairs[i];
    }
    return NULL;
}

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    const struct ypair *p = ynode_pair(map, key);
    return p ? p->value : NULL;
}

bool ynode_is_scalar(const struct ynode *n, enum yscalar_type type)
{
    return n != NULL && n->kind == YNODE_SCALAR && n->u.scalar.type == type;
}

bool ynode_int(const struct ynode *n, int64_t *out)
{
    if (!ynode_is_scalar(n, YTYPE_INT))
        return false;
    const char *s = n->u.scalar.text;
    int base = 10;
    bool neg = false;
    if (s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
        base = s[1] == 'o' ? 8 : 16;
        s += 2;
    } else if (*s == '-' || *s == '+') {
        neg = *s == '-';
        s++;
    }
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, base);
    if (errno == ERANGE || *end != '\0')
        return false;
    if (neg) {
        if (v > (unsigned long long)INT64_MAX + 1)
            return false;
        *out = v == (unsigned long long)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
    } else {
        if (v > INT64_MAX)
            return false;
        *out = (int64_t)v;
    }
    return true;
}

bool ynode_number(const struct ynode *n, double *out)
{
    int64_t i;
    if (ynode_int(n, &i)) {
        *out = (double)i;
        return true;
    }
    if (!ynode_is_scalar(n, YTYPE_FLOAT) && !ynode_is_scalar(n, YTYPE_INT))
        return false;
    const char *s = n->u.scalar.text;
    if (s[0] == '0' && (s[1] == 'o' || s[1] == 'x'))
        return false; /* an octal or hex integer beyond int64: no exact double */
    const char *t = (*s == '-' || *s == '+') ? s + 1 : s;
    if (t[0] == '.' && (t[1] == 'i' || t[1] == 'I')) {
        *out = *s == '-' ? -HUGE_VAL : HUGE_VAL;
        return true;
    }
    if (t[0] == '.' && (t[1] == 'n' || t[1] == 'N')) {
        *out = NAN;
        return true;
    }
    *out = strtod(s, NULL);
    return true;
}

bool ynode_bool(const struct ynode *n)
{
    return ynode_is_scalar(n, YTYPE_BOOL) && (n->u.scalar.text[0] == 't' ||
                                              n->u.scalar.text[0] == 'T');
}

const char *ynode_describe(const struct ynode *n)
{
    if (n == NULL)
        return "nothing";
    switch (n->kind) {
    case YNODE_MAPPING:
        return "a mapping";
    case YNODE_SEQUENCE:
        return "a list";
    case YNODE_SCALAR:
        break;
    }
    switch (n->u.scalar.type) {
    case YTYPE_NULL:
        return "null";
    case YTYPE_BOOL:
        return "a boolean";
    case YTYPE_INT:
        return "an integer";
    case YTYPE_FLOAT:
        return "a number";
    case YTYPE_STRING:
        break;
    }
    return "a string";
}

enum yscalar_type yaml_plain_type(const char *s, size_t len)
{
    return resolve_plain(s, len);
}
