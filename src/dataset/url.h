/* url.h: which URLs from data may become links: http, https and relative ones only. */
#ifndef KGRAPH_URL_H
#define KGRAPH_URL_H

/* Returns NULL when url is allowed as a link, else a static phrase saying why not
 * ("has the scheme 'javascript'", "contains whitespace"...). Allowed: an absolute URL
 * whose scheme is http or https (any case) with a host, or a relative reference (no
 * scheme, not starting with "//"), with no whitespace, control byte or backslash.
 * The empty string is allowed (it means no link). */
const char *kg_url__problem(const char *url);

#endif
