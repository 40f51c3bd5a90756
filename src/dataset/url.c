/* url.c: the URL allow-list shared by validation (load.c) and escaping (escape.c). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "url.h"

const char *kg_url__problem(const char *url)
{
    const unsigned char *s = (const unsigned char *)url;
    for (const unsigned char *p = s; *p; p++) {
        if (*p <= 0x20 || *p == 0x7F)
            return "contains whitespace or a control character";
        if (*p == '\\')
            return "contains a backslash";
    }
    /* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" before any / ? # */
    size_t i = 0;
    if (isalpha(s[0])) {
        while (isalnum(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
            i++;
        if (s[i] == ':') {
            if (!((i == 4 && strncasecmp(url, "http", 4) == 0) ||
                  (i == 5 && strncasecmp(url, "https", 5) == 0)))
                return "has a scheme other than http or https";
            if (strncmp(url + i + 1, "//", 2) != 0 || url[i + 3] == '\0' || url[i + 3] == '/')
                return "is an http(s) URL without a host";
            return NULL;
        }
    }
    if (s[0] == '/' && s[1] == '/')
        return "starts with '//' (a network-path reference; write http: or https:)";
    /* a relative reference whose first segment holds ':' would read as a scheme */
    const char *colon = strchr(url, ':');
    if (colon) {
        size_t before = strcspn(url, "/?#");
        if ((size_t)(colon - url) < before)
            return "has a ':' in its first path segment (reads as a scheme)";
    }
    return NULL;
}
