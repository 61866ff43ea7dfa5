/* JSON into a success body through liberrata's writer (errata/json_writer.h),
 * straight into the slot's buffer: the same escaping and UTF-8 repair as a
 * problem body, and the writer's misuse checks, with no copy. */
#include "mhd_internal.h"

void errata_mhd_json_writer(errata_mhd_response_t *res, errata_json_writer_t *w)
{
    /* After an overflow the writer only sizes: errata_mhd_json_done fails. */
    bool room = res != NULL && res->len <= res->cap;
    errata_jw_init(w, room ? res->buf + res->len : NULL, room ? res->cap - res->len + 1 : 0);
}

bool errata_mhd_json_done(errata_mhd_response_t *res, errata_json_writer_t *w)
{
    size_t n;
    if (res == NULL || w == NULL)
        return false;
    if (errata_jw_finish(w, &n) == ERRATA_JW_MISUSED) {
        if (res->len <= res->cap)
            res->buf[res->len] = '\0';
        errata_mhd_response_fail(res, "malformed JSON body (errata_jw misuse)");
        return false;
    }
    if (res->len > res->cap || n > res->cap - res->len) {
        res->len = res->cap + 1;
        errata_mhd_response_fail(res, "response body overflow");
        return false;
    }
    res->len += n;
    return true;
}

bool errata_mhd_json_string(errata_mhd_response_t *res, const char *s)
{
    errata_json_writer_t w;
    if (res == NULL)
        return false;
    errata_mhd_json_writer(res, &w);
    errata_jw_string(&w, s);
    return errata_mhd_json_done(res, &w);
}
