/* escape.h: the one place that decides what data may reach Graphviz, and in what form.
 *
 * Every value taken from data passes through one of these functions before it becomes
 * a Graphviz attribute; see escape.c for the rules and the Graphviz 2.42 behaviour that
 * makes them necessary. The functions append to a growable scratch buffer (kg_buf), so
 * one buffer can be reused for millions of values without a malloc per value.
 */
#ifndef KGRAPH_ESCAPE_H
#define KGRAPH_ESCAPE_H

#include <stddef.h>

/* A growable NUL-terminated byte buffer. Zero-initialise it (KG_BUF_INIT); data is NULL
 * until the first append, and kg_buf__str() then returns "". Free with kg_buf__free(). */
typedef struct kg_buf {
    char *data;
    size_t len; /* bytes used, excluding the terminating NUL */
    size_t cap; /* bytes allocated */
} kg_buf;

#define KG_BUF_INIT {NULL, 0, 0}

/* Frees the buffer's memory and resets it to empty. NULL does nothing. */
void kg_buf__free(kg_buf *buf);
/* Empties the buffer, keeping its memory. */
void kg_buf__clear(kg_buf *buf);
/* The contents as a NUL-terminated string; "" (static) while nothing was allocated. Valid
 * until the next change to the buffer. The string is mutable so it can be handed to
 * cgraph functions taking char *. */
char *kg_buf__str(kg_buf *buf);
/* Makes room for extra more bytes plus the NUL. Returns KG_OK or KG_ENOMEM. */
int kg_buf__reserve(kg_buf *buf, size_t extra);
/* Appends len raw bytes / a NUL-terminated string / one byte / printf-formatted text,
 * unescaped. Return KG_OK or KG_ENOMEM (the buffer keeps what it had). */
int kg_buf__append(kg_buf *buf, const char *data, size_t len);
int kg_buf__puts(kg_buf *buf, const char *text);
int kg_buf__putc(kg_buf *buf, char c);
int kg_buf__printf(kg_buf *buf, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Each kg_escape_* appends text (NUL-terminated, NULL taken as "") escaped for one class
 * of attribute and returns KG_OK or KG_ENOMEM. Invalid UTF-8 and U+FFFE / U+FFFF (not
 * characters in XML) become U+FFFD, U+FEFF becomes U+2060 (see escape.c), and control
 * characters become spaces (a newline becomes a line break where the class has one). */

/* For label (node, edge, graph): every backslash doubled, '&' as "&amp;", a newline as
 * Graphviz's centred line break "\n". */
int kg_escape__label(kg_buf *buf, const char *text);
/* For tooltip: every backslash quadrupled, '&' as "&amp;", a newline kept (the SVG
 * tooltip gets "&#10;", a line break). */
int kg_escape__tooltip(kg_buf *buf, const char *text);
/* A line break to put between pieces of a tooltip built with kg_escape__tooltip. */
#define KG_TOOLTIP_NEWLINE "\n"

/* For URL/href. Appends the link form of url and returns KG_OK when url is allowed:
 * an http or https URL (scheme case-insensitive, followed by "//" and a host) or a
 * relative reference (no scheme, not starting with "//"), with no whitespace or control
 * characters. Bytes outside printable ASCII and any of " ' < > \ ` { } | ^ are
 * percent-encoded, '%' not starting a %XX escape is encoded as "%25", and '&' is written
 * as "&amp;". Returns KG_EINVALID when the URL is not allowed (nothing is appended: draw
 * no link), KG_ENOMEM on allocation failure. */
int kg_escape__url(kg_buf *buf, const char *url);

/* Nonzero when url would be accepted by kg_escape__url. */
int kg_url__allowed(const char *url);

/* For HTML element text and quoted attribute values (the report, the slices page):
 * & < > " ' as character references, control characters as spaces, invalid UTF-8 as
 * U+FFFD. Returns KG_OK or KG_ENOMEM. */
int kg_escape__html(kg_buf *buf, const char *text);

/* Appends ENC(text) as described in kgraph/graph.h (letters, digits and '_' kept, every
 * other byte as ".XX"). Returns KG_OK or KG_ENOMEM. */
int kg_escape__id(kg_buf *buf, const char *text);

#endif
