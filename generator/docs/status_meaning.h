/* Why a status: what the status code tells every party that reads only the
 * status (clients, caches, proxies, monitoring), per RFC 9110 and the RFCs
 * that registered it. The docs print it beside each error. */
#ifndef ERRATA_DOCS_STATUS_MEANING_H
#define ERRATA_DOCS_STATUS_MEANING_H

/* One or two sentences, never NULL (unregistered codes get their class's). */
const char *status_meaning(int status);

#endif
