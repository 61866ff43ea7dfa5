/* Requests refused before the application sees them: what libmicrohttpd
 * lets through but a server must not serve. Each is answered with a
 * problem through the application's hook (bad_request, not_implemented)
 * or the standard answer, at once, before any body is read:
 *
 *  - a NUL byte in the target (a %00 in the path or query) or in a header:
 *    MHD hands both over as C strings cut at the NUL, so a route would see
 *    a different path or value than the client (or a proxy) sent;
 *  - HTTP/1.1 without Host, or any request with more than one
 *    (RFC 9112 section 3.2: "MUST respond with a 400");
 *  - Content-Length twice, or with Transfer-Encoding (RFC 9112 section
 *    6.3: the framing is ambiguous, the stuff of request smuggling);
 *  - a Transfer-Encoding other than chunked, which MHD does not decode: it
 *    would read the body until the client closed, holding the slot with no
 *    answer. RFC 9112 section 6.1: a server "SHOULD respond with 501".
 *
 * Every reason is a constant: nothing of the request is copied into it,
 * so it can go to logs as it is. */
#include "mhd_internal.h"

#include <stdio.h>
#include <string.h>

/* What the header fields hold, gathered in one pass. */
typedef struct errata_mhd_fields {
    errata_mhd_server_t *server;
    unsigned host, content_length, transfer_encoding;
    bool chunked; /* the one Transfer-Encoding is exactly "chunked", as MHD requires */
    bool nul;
    /* The previous field's value and length, for the check of the byte
     * after it (errata_mhd_hidden_nul). */
    const char *last_value;
    size_t last_len;
} errata_mhd_fields_t;

/* MHD up to 0.9.77 takes a header value as the C string that starts after
 * the colon (process_header_line: strlen), so a NUL in the value hides the
 * rest of its line, value_size included. What is left to see is the byte
 * after the cut, in MHD's read buffer, where the line still lies: at the
 * real end of a line MHD has turned CR and LF into NULs, so that byte is a
 * NUL too (CRLF) or the first byte of the next field line (bare LF), whose
 * name then starts exactly there; anything else is the hidden rest of the
 * value. The byte is always one MHD received (a header line is followed by
 * at least the empty line), and is read only where that layout was
 * checked: errata_mhd_server_create enables this for MHD <= 0.9.77. */
static bool errata_mhd_hidden_nul(const char *value, size_t len, const char *next_key)
{
    return value[len] == '\0' && value[len + 1] != '\0' && value + len + 1 != next_key;
}

static bool errata_mhd_has_nul(const char *s, size_t n)
{
    return s != NULL && memchr(s, '\0', n) != NULL;
}

static enum MHD_Result errata_mhd_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                        size_t key_size, const char *value, size_t value_size)
{
    errata_mhd_fields_t *f = cls;
    (void)kind;
    if (key == NULL)
        return MHD_YES;
    if (errata_mhd_has_nul(key, key_size) || errata_mhd_has_nul(value, value_size) ||
        (f->server->nul_trace && f->last_value != NULL &&
         errata_mhd_hidden_nul(f->last_value, f->last_len, key)))
        f->nul = true;
    f->last_value = value;
    f->last_len = value != NULL ? value_size : 0;
    /* By length first: most fields are none of the three. (A key with a
     * NUL has set nul above, so its length need not match its string.) */
    if (key_size == 4 && errata_mhd_caseeq(key, "Host"))
        f->host++;
    else if (key_size == 14 && errata_mhd_caseeq(key, "Content-Length"))
        f->content_length++;
    else if (key_size == 17 && errata_mhd_caseeq(key, "Transfer-Encoding")) {
        f->transfer_encoding++;
        f->chunked = value != NULL && errata_mhd_caseeq(value, "chunked");
    }
    return MHD_YES;
}

/* The last field's hidden rest: no next name can start after it, and the
 * empty line that ends the head makes the byte after its cut a NUL. */
static void errata_mhd_last_field(errata_mhd_fields_t *f)
{
    if (f->server->nul_trace && f->last_value != NULL &&
        errata_mhd_hidden_nul(f->last_value, f->last_len, NULL))
        f->nul = true;
}

/* A query argument with a NUL: MHD decodes %00 and keeps its length. */
static enum MHD_Result errata_mhd_argument(void *cls, enum MHD_ValueKind kind, const char *key,
                                           size_t key_size, const char *value,
                                           size_t value_size)
{
    bool *nul = cls;
    (void)kind;
    if (errata_mhd_has_nul(key, key_size) || errata_mhd_has_nul(value, value_size))
        *nul = true;
    return MHD_YES;
}

/* HTTP/1.1, or a later 1.x that MHD serves as such. */
static bool errata_mhd_needs_host(const char *version)
{
    return version != NULL && strncmp(version, "HTTP/1.", 7) == 0 && version[7] >= '1' &&
           version[7] <= '9';
}

/* The framing and Host rules, on the fields gathered. */
static const char *errata_mhd_framing(const errata_mhd_fields_t *f, const char *version,
                                      errata_mhd_standard_t *which)
{
    *which = ERRATA_MHD_STD_BAD_REQUEST;
    if (f->host == 0 && errata_mhd_needs_host(version))
        return "an HTTP/1.1 request without a Host header";
    if (f->host > 1)
        return "a request with more than one Host header";
    if (f->content_length > 1)
        return "a request with more than one Content-Length header";
    if (f->content_length > 0 && f->transfer_encoding > 0)
        return "a request with both Content-Length and Transfer-Encoding";
    if (f->transfer_encoding > 1 || (f->transfer_encoding == 1 && !f->chunked)) {
        *which = ERRATA_MHD_STD_NOT_IMPLEMENTED;
        return "a Transfer-Encoding other than chunked, the only one this server decodes";
    }
    return NULL;
}

const char *errata_mhd_refusal(errata_mhd_server_t *server, struct MHD_Connection *connection,
                               const char *version, bool nul_in_target,
                               errata_mhd_standard_t *which)
{
    errata_mhd_fields_t f;
    memset(&f, 0, sizeof f);
    f.server = server;
    *which = ERRATA_MHD_STD_BAD_REQUEST;
    MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, errata_mhd_argument,
                                &nul_in_target);
    if (nul_in_target)
        return "a NUL byte (%00) in the request target";
    MHD_get_connection_values_n(connection, MHD_HEADER_KIND, errata_mhd_field, &f);
    errata_mhd_last_field(&f);
    if (f.nul)
        return "a NUL byte in a header field";
    return errata_mhd_framing(&f, version, which);
}

bool errata_mhd_target_has_nul(const char *uri)
{
    /* The raw target, before MHD decodes it: "%00" is a NUL once decoded
     * (a raw NUL byte ends the string MHD passes, see docs/limits.md). */
    return uri != NULL && strstr(uri, "%00") != NULL;
}

bool errata_mhd_nul_trace(void)
{
    unsigned major = 0, minor = 0, patch = 0;
    const char *v = MHD_get_version();
    if (v == NULL || sscanf(v, "%u.%u.%u", &major, &minor, &patch) != 3)
        return false;
    return major == 0 && minor == 9 && patch <= 77;
}
