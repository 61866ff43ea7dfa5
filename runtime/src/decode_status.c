/* The title a decoded problem gets from its status alone: about:blank means
 * "no more than the status says" (RFC 9457 §4.2), so a client that meets a
 * status the catalog has no entry for, or a body that is no problem
 * document, still reads the status's reason phrase. */
#include "decode_internal.h"

const char *errata_decode_reason_phrase(int status)
{
    const char *phrase = errata_reason_phrase(status);
    if (phrase != NULL)
        return phrase;
    /* An unregistered code is understood by its class (RFC 9110 §15). */
    if (status >= 400 && status <= 499)
        return "Client Error";
    if (status >= 500 && status <= 599)
        return "Server Error";
    return NULL;
}
