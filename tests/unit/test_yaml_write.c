/* The YAML writer of `errata openapi` (openapi/yaml_write.h): whatever a
 * value tree holds reads back, through the catalog's own YAML reader, as
 * the same tree: strings that look like other types stay strings, keys
 * like "404" stay strings, multi-line text keeps its line breaks. */
#include "unit.h"

#include "catalog/limits.h"
#include "catalog/yaml_tree.h"
#include "model/json_write.h"
#include "model/value.h"
#include "model/value_yaml.h"
#include "openapi/yaml_write.h"
#include "support/arena.h"
#include "support/source.h"
#include "support/strbuf.h"

/* Writes v as YAML, reads it back, and compares both as compact JSON. */
static void expect_round_trip(struct arena *a, const struct value *v)
{
    static const struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    struct strbuf yaml = STRBUF_INIT, want = STRBUF_INIT, got = STRBUF_INIT;
    assert_true(yaml_write_value(&yaml, v));
    struct source src;
    source_from_memory(&src, "<written>", arena_strdup(a, strbuf_str(&yaml)), yaml.len);
    struct diag d;
    diag_init(&d, stderr, false);
    const struct ynode *root = yaml_tree_parse(a, &d, &src, &limits);
    json_write_compact(&want, v);
    if (root != NULL)
        json_write_compact(&got, value_from_ynode(a, root));
    bool same = root != NULL && strcmp(strbuf_str(&want), strbuf_str(&got)) == 0;
    if (!same)
        print_error("wrote:\n%s\nexpected %s\ngot %s\n", strbuf_str(&yaml), strbuf_str(&want),
                    strbuf_str(&got));
    strbuf_release(&yaml);
    strbuf_release(&want);
    strbuf_release(&got);
    if (!same)
        fail();
}

static void test_strings_that_look_like_other_types(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "true", "False", "null", "~", "", "404", "-7", "1.0", "1e3", ".inf", "-.Inf", ".nan",
        "0x1F", "0o17", "yes", "no", "on", " leading space", "trailing space ", "a: b",
        "# not a comment", "- not an item", "[x]", "{x: 1}", "'quoted'", "\"dq\"", "@at", "`tick",
        "%percent", "*alias", "&anchor", "!tag", "|", ">", "tab\there", "bell\a", "é ü 日本",
        "multi\nline\n", "no final break\nhere", "  indented\nfirst", "trailing\n\n\n",
        "https://errors.petstore.example/pet-not-found", "#/components/schemas/Problem",
    };
    struct arena a;
    arena_init(&a);
    struct value *map = value_map(&a), *list = value_list(&a);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        value_list_push(&a, list, value_string(&a, texts[i]));
        value_map_put(&a, map, texts[i], value_string(&a, texts[i])); /* as keys too */
    }
    value_map_put(&a, map, "list", list);
    expect_round_trip(&a, map);
    arena_finish(&a);
}

static void test_scalars_and_nesting(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct value *map = value_map(&a), *inner = value_map(&a), *list = value_list(&a);
    value_map_put(&a, map, "null", value_null(&a));
    value_map_put(&a, map, "yes", value_bool(&a, true));
    value_map_put(&a, map, "no", value_bool(&a, false));
    value_map_put(&a, map, "min", value_int(&a, INT64_MIN));
    value_map_put(&a, map, "max", value_int(&a, INT64_MAX));
    value_map_put(&a, map, "pi", value_number(&a, 3.141592653589793));
    value_map_put(&a, map, "tiny", value_number(&a, 5e-324));
    value_map_put(&a, map, "empty map", value_map(&a));
    value_map_put(&a, map, "empty list", value_list(&a));
    value_list_push(&a, list, inner);
    value_list_push(&a, list, value_list(&a));
    value_map_put(&a, inner, "404", value_stringn(&a, "nul\0byte", 8));
    value_map_put(&a, map, "nested", list);
    expect_round_trip(&a, map);
    arena_finish(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings_that_look_like_other_types),
        cmocka_unit_test(test_scalars_and_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
