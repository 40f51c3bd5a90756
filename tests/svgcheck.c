/* svgcheck.c: an expat walk over a rendered SVG asserting that no data got through as markup. */
#include "svgcheck.h"

#include <ctype.h>
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct walk {
    XML_Parser parser;
    char *why;
    size_t cap;
    int failed;
} walk;

/* Records the first violation (with the line expat is at) and stops the parser. */
static void violation(walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void violation(walk *w, const char *fmt, ...)
{
    if (w->failed)
        return;
    w->failed = 1;
    int n = snprintf(w->why, w->cap, "line %lu: ", (unsigned long)XML_GetCurrentLineNumber(w->parser));
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < w->cap)
        vsnprintf(w->why + n, w->cap - (size_t)n, fmt, ap);
    va_end(ap);
    XML_StopParser(w->parser, XML_FALSE);
}

/* NULL when href is an allowed link, else why not. */
static const char *href_problem(const char *href)
{
    for (const unsigned char *p = (const unsigned char *)href; *p; p++) {
        if (*p <= 0x20 || *p == 0x7F)
            return "whitespace or a control character";
        if (strchr("\"'<>\\`", *p))
            return "a quote, angle bracket, backslash or backtick";
    }
    if (href[0] == '/' && href[1] == '/')
        return "a network-path reference";
    size_t i = 0;
    if (isalpha((unsigned char)href[0])) {
        while (isalnum((unsigned char)href[i]) || href[i] == '+' || href[i] == '-' || href[i] == '.')
            i++;
        if (href[i] == ':' && !(i == 4 && strncasecmp(href, "http", 4) == 0) &&
            !(i == 5 && strncasecmp(href, "https", 5) == 0))
            return "a scheme other than http or https";
    }
    return NULL;
}

static void XMLCALL on_start(void *ctx, const XML_Char *name, const XML_Char **attrs)
{
    static const char *const elements[] = {"svg", "g", "a", "title", "text", "ellipse",
                                           "path", "polygon", "polyline", NULL};
    walk *w = ctx;
    int known = 0;
    for (size_t i = 0; elements[i]; i++)
        known |= strcmp(name, elements[i]) == 0;
    if (!known) {
        violation(w, "element <%s> is not one Graphviz draws kgraph's graphs with", name);
        return;
    }
    for (size_t i = 0; attrs[i]; i += 2) {
        const char *attr = attrs[i], *value = attrs[i + 1];
        if (strncasecmp(attr, "on", 2) == 0) {
            violation(w, "event handler attribute %s=\"%s\" on <%s>", attr, value, name);
        } else if (strcasecmp(attr, "style") == 0) {
            violation(w, "style attribute \"%s\" on <%s>", value, name);
        } else if (strcmp(attr, "font-family") == 0 && strcmp(value, "Helvetica,sans-Serif") != 0 &&
                   strcmp(value, "Times,serif") != 0) {
            violation(w, "font-family \"%s\" on <%s>", value, name);
        } else if (strcmp(attr, "href") == 0 || strcmp(attr, "xlink:href") == 0) {
            const char *problem = href_problem(value);
            if (problem)
                violation(w, "%s=\"%s\" has %s", attr, value, problem);
        }
    }
}

static void XMLCALL on_end(void *ctx, const XML_Char *name)
{
    (void)ctx;
    (void)name;
}

static void XMLCALL on_pi(void *ctx, const XML_Char *target, const XML_Char *data)
{
    violation(ctx, "processing instruction <?%s %s?>", target, data);
}

/* Refuses every external entity (the DOCTYPE's DTD is never fetched). */
static int XMLCALL on_external(XML_Parser parser, const XML_Char *context, const XML_Char *base,
                               const XML_Char *system_id, const XML_Char *public_id)
{
    (void)parser;
    (void)context;
    (void)base;
    (void)system_id;
    (void)public_id;
    return XML_STATUS_ERROR;
}

int svg_check(const char *svg, size_t len, char *why, size_t cap)
{
    walk w = {.why = why, .cap = cap};
    if (cap)
        why[0] = '\0';
    w.parser = XML_ParserCreate("UTF-8");
    if (!w.parser) {
        snprintf(why, cap, "out of memory for the XML parser");
        return -1;
    }
    XML_SetUserData(w.parser, &w);
    XML_SetElementHandler(w.parser, on_start, on_end);
    XML_SetProcessingInstructionHandler(w.parser, on_pi);
    XML_SetExternalEntityRefHandler(w.parser, on_external);
    do { /* an empty input is parsed too: expat reports "no element found" */
        int piece = len > (1u << 30) ? 1 << 30 : (int)len;
        if (XML_Parse(w.parser, svg, piece, (size_t)piece == len) == XML_STATUS_ERROR && !w.failed) {
            w.failed = 1;
            snprintf(why, cap, "line %lu: not well-formed XML: %s",
                     (unsigned long)XML_GetCurrentLineNumber(w.parser),
                     XML_ErrorString(XML_GetErrorCode(w.parser)));
        }
        svg += piece;
        len -= (size_t)piece;
    } while (len > 0 && !w.failed);
    XML_ParserFree(w.parser);
    return w.failed ? -1 : 0;
}
