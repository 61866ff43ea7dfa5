/* Throws from the generated header, writes the body, and decodes it back:
 * both halves of the contract in one small program. Exits 0 when the round
 * trip holds. */
#include <stdio.h>
#include <string.h>

#include "shop_errors.h"

static errata_status_t find_item(const char *id, errata_problem_t *err)
{
    if (strcmp(id, "1") != 0)
        SHOP_THROW_ITEM_NOT_FOUND(err, .item_id = id);
    return ERRATA_OK;
}

int main(void)
{
    static errata_problem_t err;
    static shop_problem_t back;
    char body[1024];
    if (find_item("7", &err) != ERRATA_FAILED)
        return 1;
    size_t len = errata_problem_json(&err, body, sizeof body);
    printf("%s\n", body);
    shop_decode(err.desc->status, "application/problem+json", NULL, body, len, &back);
    if (back.code != SHOP_ITEM_NOT_FOUND || strcmp(back.as.item_not_found.item_id, "7") != 0)
        return 1;
    shop_decode(404, NULL, NULL, "", 0, &back); /* no body: the standard 404 */
    return back.code == SHOP_NOT_FOUND ? 0 : 1;
}
