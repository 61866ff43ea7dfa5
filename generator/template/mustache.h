/* The Mustache engine errata renders every generated file with.
 *
 * Syntax: the Mustache spec's core modules (interpolation, sections, inverted
 * sections, comments, partials, set delimiters), template inheritance
 * ({{<parent}}{{$block}}...{{/block}}{{/parent}}) and dynamic names
 * ({{>*name}}, {{<*name}}), exactly as ../shared/conformance/mustache-spec
 * states them, standalone lines and indentation included. Lambdas do not
 * apply: the data is a plain `struct value` tree.
 *
 * Names: a tag's content is trimmed and must then hold no whitespace. A
 * dotted name has no empty part ("a..b" is an error). A leading '*' makes a
 * dynamic name, allowed in partial and parent tags only ({{>*x}}, {{<*x}}).
 * Partial, parent and block names are taken whole, dots and slashes included.
 *
 * Data: names resolve through the context stack (innermost section first);
 * `.` is the top of the stack and `a.b.c` resolves `a` on the stack, then each
 * further part inside the previous result only. Falsey for sections: null,
 * false, "" and the empty list; everything else (0 included) is truthy. A list
 * repeats its section once per item. Interpolation prints strings as they are,
 * integers in decimal, doubles in their shortest exact form (1.210 -> 1.21),
 * booleans as true/false, and nothing for null, lists and maps.
 *
 * Escaping: {{name}} escapes & " < > as &amp; &quot; &lt; &gt; (the spec's
 * set, nothing more); {{{name}}} and {{&name}} write the bytes unchanged.
 * Templates that generate code use the model's own escaped forms with
 * {{{...}}}, never the HTML escaping.
 *
 * Whitespace: a line holding only whitespace and one section, inverted,
 * closing, comment, partial, parent, block or set-delimiter tag is dropped
 * from the output. So is a line holding only an adjacent pair {{<p}}{{/p}},
 * {{<p}}{{$b}} or {{/b}}{{/p}}; a line holding only {{$b}}{{/b}} loses its
 * indentation but keeps its newline (the spec's inheritance tests). The
 * indentation of a standalone partial or parent is put before each line of it
 * that is not empty; a standalone block's content is re-indented from where
 * it was written to where it lands. Interpolated data is never re-indented.
 *
 * Partials and parents: the loader finds the source of a name; each name is
 * loaded and parsed at most once per engine, when a render first needs it. A
 * partial the loader does not know renders as the empty string (the spec); a
 * parent the loader does not know is an error ("unknown parent 'x'") located
 * at the {{<x}} tag, reported when a render reaches it (so a parent inside a
 * false section is never asked for). A dynamic name is the text its value
 * interpolates as; when that is empty it renders nothing. Dynamic names come
 * from data: a loader that reads files must refuse names that climb out of
 * its folder. Partials see the blocks of the parents around their tag. A
 * partial or parent whose source does not parse reports its own located
 * errors and fails the render.
 *
 * Limits: delimiters are at most MUSTACHE_MAX_DELIM bytes. Sections nest at
 * most MUSTACHE_MAX_DEPTH levels in one template (a parse error), and
 * sections, partials, parents and blocks together at most MUSTACHE_MAX_DEPTH
 * levels at render time, counted across partials, so a partial that includes
 * itself without end is a located error, never a stack overflow. A render
 * fails, located at the node it stopped at, once it has rendered
 * MUSTACHE_MAX_STEPS nodes or written MUSTACHE_MAX_OUTPUT bytes
 * (mustache_engine_set_limits lowers both): nesting alone cannot bound the
 * work, since a section over a two-item list nested 40 deep renders its
 * body 2^40 times. A parse stops after MUSTACHE_MAX_ERRORS errors. Any byte
 * string is a valid input: the worst it can do is fail with a diagnostic.
 *
 * Memory: everything the engine keeps lives in the arena given to
 * mustache_engine_new; the sources of templates and partials are copied
 * there, so callers may free their buffers once a call returns. */
#ifndef ERRATA_TEMPLATE_MUSTACHE_H
#define ERRATA_TEMPLATE_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "../support/source.h"

struct arena;
struct diag;
struct strbuf;
struct value;

enum {
    MUSTACHE_MAX_DELIM = 32,
    MUSTACHE_MAX_DEPTH = 256,
    MUSTACHE_MAX_ERRORS = 20,
};

/* What one render may do: render so many nodes (text, tags, sections,
 * partials, each time they are reached; some 15 seconds of work) and write
 * so many bytes. Both are well above what the built-in templates need for
 * a catalog of the loader's largest size (262144 errors: some 30 million
 * nodes, half a gigabyte of C). */
#define MUSTACHE_MAX_STEPS ((size_t)1 << 28)
#define MUSTACHE_MAX_OUTPUT ((size_t)1 << 30)

struct mustache_template; /* parsed once, immutable, rendered many times */
struct mustache_engine;   /* the loader and a cache of parsed partials by name */

struct mustache_loader {
    /* Finds the source text of partial or parent `name` (len bytes, not
     * NUL-terminated). Returns false when there is no such partial. out->name
     * is what diagnostics show (a path, ideally); the engine copies out->name
     * and out->text, so they only need to live until load returns. Called at
     * most once per name and engine. */
    bool (*load)(void *ctx, const char *name, size_t len, struct source *out);
    void *ctx;
};

/* loader may be NULL: then every partial is unknown. */
struct mustache_engine *mustache_engine_new(struct arena *a, struct diag *d,
                                            const struct mustache_loader *loader);

/* Caps each render of this engine at `steps` nodes and `output` bytes
 * instead (tests, fuzzing); values above the defaults keep the defaults. */
void mustache_engine_set_limits(struct mustache_engine *e, size_t steps, size_t output);

/* Parses; on a syntax error reports located diagnostics through the engine's
 * diag and returns NULL. */
struct mustache_template *mustache_parse(struct mustache_engine *e, const struct source *src);

/* Renders into out (appending). Returns false, with a located diagnostic, on
 * failure: a partial that does not parse, an unknown parent, nesting deeper
 * than MUSTACHE_MAX_DEPTH. What was appended before a failure is incomplete.
 * data may be NULL (no name resolves). */
bool mustache_render(struct mustache_engine *e, const struct mustache_template *t,
                     const struct value *data, struct strbuf *out);

/* The source a template was parsed from. */
const struct source *mustache_template_source(const struct mustache_template *t);

/* Every partial or parent name the engine asked its loader for, in the order
 * asked, so a depfile can list every template read. */
struct mustache_partial_info {
    const char *name; /* NUL-terminated copy */
    size_t len;
    const struct source *src; /* NULL when the loader had no such partial */
};

size_t mustache_engine_partial_count(const struct mustache_engine *e);
/* false when i is out of range. */
bool mustache_engine_partial_at(const struct mustache_engine *e, size_t i,
                                struct mustache_partial_info *out);

#endif
