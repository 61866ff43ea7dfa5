/* The model's TypeScript fields: type and function names, each member's
 * TypeScript type and bounds, the status registry's reason phrases. Added
 * beside the C and docs fields, so templates/ts/ reads the same model. */
#ifndef ERRATA_TS_TS_FIELDS_H
#define ERRATA_TS_TS_FIELDS_H

struct arena;
struct model;
struct value;

void ts_fields_add(struct arena *a, const struct model *m, struct value *root);

#endif
