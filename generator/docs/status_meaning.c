#include "status_meaning.h"

#include <stddef.h>

static const struct {
    int status;
    const char *meaning;
} meanings[] = {
    { 400, "The request itself is malformed; the server cannot or will not process it. "
           "Repeating it unchanged gets the same answer." },
    { 401, "The request lacks valid credentials. The WWW-Authenticate challenge tells the "
           "client how to authenticate; sending valid credentials may succeed." },
    { 402, "Reserved for payment schemes; the request needs a payment arrangement first." },
    { 403, "The server understood who is asking and refuses: new credentials for the same "
           "identity would not help." },
    { 404, "The server has no current representation of the target resource. Caches may "
           "store a 404 by default, so the type says whether it is lasting." },
    { 405, "The resource exists but does not support this method; the Allow header lists the "
           "methods it does support." },
    { 406, "No representation matches the request's Accept headers." },
    { 407, "A proxy between client and server needs credentials; Proxy-Authenticate says "
           "how to give them." },
    { 408, "The server gave up waiting for the rest of the request; the client may repeat "
           "it on a new connection." },
    { 409, "The request conflicts with the current state of the resource; the client can "
           "resolve the conflict and resubmit." },
    { 410, "The resource was here and is gone for good; caches may keep the answer, and "
           "links to it should be removed." },
    { 411, "The server needs a Content-Length for this request." },
    { 412, "A precondition the client sent (If-Match, If-Unmodified-Since) does not hold: "
           "the resource changed since the client read it, and nothing was applied." },
    { 413, "The request content is larger than the server will process." },
    { 414, "The target URI is longer than the server will interpret." },
    { 415, "The request content is in a media type (or encoding) this resource does not "
           "accept for this method." },
    { 416, "The requested range lies outside the representation." },
    { 417, "The expectation in the request's Expect header cannot be met." },
    { 421, "The request reached a server that cannot answer for this origin; the client "
           "may retry on another connection." },
    { 422, "The content is syntactically valid and of a supported type, but its values "
           "break the rules of the resource; the client must change them." },
    { 423, "The resource is locked (WebDAV)." },
    { 424, "The request depended on another action that failed (WebDAV)." },
    { 425, "The server will not risk processing a request that might be replayed "
           "(early data)." },
    { 426, "The server refuses this protocol; the Upgrade header says which to switch to." },
    { 428, "The server requires the request to be conditional (If-Match), to prevent lost "
           "updates." },
    { 429, "The client sent too many requests in a given time. Retry-After says when to "
           "come back; other clients are not affected." },
    { 431, "The request's header fields are too large to process." },
    { 451, "The server is denied access to the resource as a consequence of a legal "
           "demand." },
    { 500, "The server met an unexpected condition. Nothing in the request is known to be "
           "wrong; details stay in the server's logs." },
    { 501, "The server does not support the functionality the request needs." },
    { 502, "A gateway or proxy received an invalid response from the server behind it." },
    { 503, "The server cannot handle the request now (overload or maintenance) and "
           "expects to later; Retry-After says when." },
    { 504, "A gateway or proxy did not receive a timely response from the server behind "
           "it." },
    { 505, "The server does not support the HTTP version of the request." },
    { 506, "The server's content negotiation is misconfigured." },
    { 507, "The server cannot store what the request needs (WebDAV)." },
    { 508, "The server met an infinite loop while processing the request (WebDAV)." },
    { 511, "The client needs to authenticate to gain network access (a captive portal)." },
};

const char *status_meaning(int status)
{
    for (size_t i = 0; i < sizeof meanings / sizeof meanings[0]; i++) {
        if (meanings[i].status == status)
            return meanings[i].meaning;
    }
    return status < 500 ? "A client error: the request must change before it can succeed."
                        : "A server error: the request may be valid; the server failed it.";
}
