/* errata_reason_phrase: the IANA HTTP status code registry's reason
 * phrases for the error classes, the one table liberrata, the generator
 * (about:blank titles) and errata-mhd's standard answers share. */
#include "internal.h"

const char *errata_reason_phrase(int status)
{
    /* The registry's 4xx and 5xx (RFC 9110 §15). */
    static const struct {
        int status;
        const char *phrase;
    } errata_reason_registry[] = {
        { 400, "Bad Request" },
        { 401, "Unauthorized" },
        { 402, "Payment Required" },
        { 403, "Forbidden" },
        { 404, "Not Found" },
        { 405, "Method Not Allowed" },
        { 406, "Not Acceptable" },
        { 407, "Proxy Authentication Required" },
        { 408, "Request Timeout" },
        { 409, "Conflict" },
        { 410, "Gone" },
        { 411, "Length Required" },
        { 412, "Precondition Failed" },
        { 413, "Content Too Large" },
        { 414, "URI Too Long" },
        { 415, "Unsupported Media Type" },
        { 416, "Range Not Satisfiable" },
        { 417, "Expectation Failed" },
        { 421, "Misdirected Request" },
        { 422, "Unprocessable Content" },
        { 423, "Locked" },
        { 424, "Failed Dependency" },
        { 425, "Too Early" },
        { 426, "Upgrade Required" },
        { 428, "Precondition Required" },
        { 429, "Too Many Requests" },
        { 431, "Request Header Fields Too Large" },
        { 451, "Unavailable For Legal Reasons" },
        { 500, "Internal Server Error" },
        { 501, "Not Implemented" },
        { 502, "Bad Gateway" },
        { 503, "Service Unavailable" },
        { 504, "Gateway Timeout" },
        { 505, "HTTP Version Not Supported" },
        { 506, "Variant Also Negotiates" },
        { 507, "Insufficient Storage" },
        { 508, "Loop Detected" },
        { 510, "Not Extended" },
        { 511, "Network Authentication Required" },
    };
    for (size_t i = 0; i < sizeof errata_reason_registry / sizeof errata_reason_registry[0]; i++) {
        if (errata_reason_registry[i].status == status)
            return errata_reason_registry[i].phrase;
    }
    return NULL;
}
