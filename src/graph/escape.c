/* escape.c: the one place that decides what data may reach Graphviz, and in what form.
 *
 * Rules, and the Graphviz 2.42 behaviour (measured on Debian 12) behind them:
 *
 * - label: Graphviz expands the backslash sequences \N \G \E \T \H \L \n \l \r in
 *   labels (and the expansion overran its buffer before 2.46). Doubling every backslash
 *   makes each one display literally. '&' is written "&amp;" because Graphviz decodes
 *   HTML entities in label text ("&lt;" would otherwise display as "<"). A newline in
 *   the data becomes "\n", Graphviz's centred line break.
 * - tooltip: goes through TWO unescaping passes (object substitution, then the tooltip's
 *   own \n \l \r handling), so every backslash is quadrupled; '&' as "&amp;" since the
 *   tooltip is entity-decoded too. A newline is kept: the SVG gets "&#10;".
 * - URL/href: written into SVG's xlink:href WITHOUT XML escaping: a raw '&' makes the
 *   SVG ill-formed, '"' breaks out of the attribute, and "javascript:" is passed on; it
 *   is backslash-expanded as well. So only http, https and relative URLs become links;
 *   any whitespace or control character rejects the URL; bytes outside printable ASCII
 *   and " ' < > \ ` { } | ^ are percent-encoded (no backslash survives, no quote can
 *   close the attribute); '&' is written "&amp;" (the SVG parser turns it back to '&').
 *   A rejected URL gives no link at all.
 * - id: kgraph ids are ENC-encoded (letters, digits, '_' and ".XX"), so they never hold
 *   a backslash, quote or space: valid as XML ids and inert for Graphviz.
 * - Text in every class: invalid UTF-8 would be re-read as Latin-1 (with a warning) and
 *   raw C0 control bytes make ill-formed XML, so invalid sequences become U+FFFD and
 *   control characters other than newline become spaces. The loader rejects both
 *   already; this is the second line of defence for text that does not come from it.
 *   U+FFFE and U+FFFF are valid UTF-8 that the loader accepts, but XML 1.0 forbids
 *   them even as references (Graphviz writes them raw and the SVG is ill-formed: found
 *   while writing tests/render/test_hostile.c), so they become U+FFFD too. U+FEFF (a byte
 *   order mark, or the deprecated zero-width no-break space) becomes U+2060 WORD JOINER,
 *   its recommended replacement, which looks the same: Graphviz writes a value of BOMs
 *   alone unquoted in DOT, and its reader drops a lone BOM (found by fuzzing).
 *
 * Attributes that are never set from data (fontname, image, shapefile, imagepath,
 * fontpath, stylesheet, free-form style, HTML labels, record shapes) are graph.c's and
 * style.c's concern: nothing here can make them safe.
 */
#include "escape.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/base_internal.h"
#include "kgraph/common.h"
#include "kgraph/graph.h"
#include "dataset/dataset_internal.h"

static char empty_string[1];

void kg_buf__free(kg_buf *buf)
{
    if (!buf)
        return;
    kg_free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

void kg_buf__clear(kg_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

char *kg_buf__str(kg_buf *buf)
{
    if (!buf->data) {
        empty_string[0] = '\0';
        return empty_string;
    }
    return buf->data;
}

int kg_buf__reserve(kg_buf *buf, size_t extra)
{
    if (extra > SIZE_MAX - buf->len - 1)
        return KG_ENOMEM;
    size_t need = buf->len + extra + 1;
    if (need <= buf->cap)
        return KG_OK;
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *data = kg__realloc(buf->data, cap);
    if (!data)
        return KG_ENOMEM;
    buf->data = data;
    buf->cap = cap;
    return KG_OK;
}

int kg_buf__append(kg_buf *buf, const char *data, size_t len)
{
    if (kg_buf__reserve(buf, len) != KG_OK)
        return KG_ENOMEM;
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return KG_OK;
}

int kg_buf__puts(kg_buf *buf, const char *text)
{
    return kg_buf__append(buf, text ? text : "", text ? strlen(text) : 0);
}

int kg_buf__putc(kg_buf *buf, char c)
{
    return kg_buf__append(buf, &c, 1);
}

int kg_buf__printf(kg_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || kg_buf__reserve(buf, (size_t)n) != KG_OK)
        return KG_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
    return KG_OK;
}

/* Length of the valid UTF-8 sequence starting at s (1..4), or 0 when the bytes there are
 * not valid UTF-8 (overlong forms, surrogates and values above U+10FFFF are invalid).
 * s[0] must be >= 0x80. */
static size_t utf8_sequence(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        return 4;
    }
    return 0;
}

/* Appends text with every backslash written `backslashes` times, '&' as "&amp;", a
 * newline as `newline`, other control characters as spaces, invalid UTF-8 and the
 * noncharacters U+FFFE and U+FFFF as U+FFFD, and U+FEFF as U+2060.
 * Shared by the label and tooltip classes. Returns KG_OK or KG_ENOMEM. */
static int escape_text(kg_buf *buf, const char *text, unsigned backslashes, const char *newline)
{
    static const char *const four = "\\\\\\\\";
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    const unsigned char *run = s; /* start of the bytes copied as they are */
    for (;;) {
        unsigned char c = *s;
        if (c >= 0x20 && c < 0x7F && c != '\\' && c != '&') {
            s++;
            continue;
        }
        size_t skip = 1;                           /* bytes replaced below */
        const char *replacement = "\xEF\xBF\xBD"; /* invalid UTF-8, a noncharacter */
        if (c >= 0x80) {
            size_t n = utf8_sequence(s);
            if (n == 3 && s[0] == 0xEF && s[1] == 0xBF && s[2] >= 0xBE) {
                skip = 3; /* U+FFFE, U+FFFF: valid UTF-8 but not characters in XML 1.0 */
            } else if (n == 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
                /* U+FEFF as U+2060 WORD JOINER, which Unicode recommends for it: a value
                 * of BOMs alone is written unquoted in DOT and read back as nothing */
                skip = 3;
                replacement = "\xE2\x81\xA0";
            } else if (n) {
                s += n;
                continue;
            }
        }
        if (s > run && kg_buf__append(buf, (const char *)run, (size_t)(s - run)) != KG_OK)
            return KG_ENOMEM;
        if (c == '\0')
            return KG_OK;
        int rc;
        if (c == '\\')
            rc = kg_buf__append(buf, four, backslashes);
        else if (c == '&')
            rc = kg_buf__append(buf, "&amp;", 5);
        else if (c == '\n')
            rc = kg_buf__puts(buf, newline);
        else if (c < 0x80)
            rc = kg_buf__putc(buf, ' '); /* another control character */
        else
            rc = kg_buf__append(buf, replacement, 3);
        if (rc != KG_OK)
            return rc;
        s += skip;
        run = s;
    }
}

int kg_escape__label(kg_buf *buf, const char *text)
{
    return escape_text(buf, text, 2, "\\n");
}

int kg_escape__tooltip(kg_buf *buf, const char *text)
{
    return escape_text(buf, text, 4, KG_TOOLTIP_NEWLINE);
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_hex(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Case-insensitive comparison of the first n bytes of s with the lower-case ASCII word. */
int kg_url__allowed(const char *url)
{
    /* one allow-list for loading and escaping: src/dataset/url.c */
    return url && url[0] && kg_url__problem(url) == NULL;
}

int kg_escape__url(kg_buf *buf, const char *url)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!kg_url__allowed(url))
        return KG_EINVALID;
    size_t start = buf->len;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        unsigned char c = *p;
        int rc;
        if (c == '&') {
            rc = kg_buf__append(buf, "&amp;", 5);
        } else if (c == '%' && is_hex(p[1]) && is_hex(p[2])) {
            rc = kg_buf__putc(buf, '%');
        } else if (c >= 0x80 || strchr("\"'<>\\`{}|^%", c)) {
            char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
            rc = kg_buf__append(buf, enc, 3);
        } else {
            rc = kg_buf__putc(buf, (char)c);
        }
        if (rc != KG_OK) {
            buf->len = start;
            if (buf->data)
                buf->data[start] = '\0';
            return rc;
        }
    }
    return KG_OK;
}

int kg_escape__id(kg_buf *buf, const char *text)
{
    size_t need = kg_id_encode(NULL, 0, text);
    if (kg_buf__reserve(buf, need) != KG_OK)
        return KG_ENOMEM;
    kg_id_encode(buf->data + buf->len, need + 1, text);
    buf->len += need;
    return KG_OK;
}

size_t kg_id_encode(char *out, size_t cap, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        unsigned char c = *p;
        char enc[3];
        size_t k;
        if (is_alpha(c) || is_digit(c) || c == '_') {
            enc[0] = (char)c;
            k = 1;
        } else {
            enc[0] = '.';
            enc[1] = hex[c >> 4];
            enc[2] = hex[c & 15];
            k = 3;
        }
        for (size_t i = 0; i < k; i++, n++)
            if (cap && n < cap - 1)
                out[n] = enc[i];
    }
    if (cap)
        out[n < cap - 1 ? n : cap - 1] = '\0';
    return n;
}

int kg_escape__html(kg_buf *buf, const char *text)
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    size_t n = strlen((const char *)s);
    for (size_t i = 0; i < n;) {
        int rc;
        unsigned char c = s[i];
        if (c >= 0x80) {
            size_t len = kg_utf8__sequence(s + i, n - i);
            rc = len ? kg_buf__append(buf, (const char *)s + i, len)
                     : kg_buf__puts(buf, "\xEF\xBF\xBD");
            i += len ? len : 1;
            if (rc != KG_OK)
                return KG_ENOMEM;
            continue;
        }
        i++;
        switch (c) {
        case '&': rc = kg_buf__puts(buf, "&amp;"); break;
        case '<': rc = kg_buf__puts(buf, "&lt;"); break;
        case '>': rc = kg_buf__puts(buf, "&gt;"); break;
        case '"': rc = kg_buf__puts(buf, "&quot;"); break;
        case '\'': rc = kg_buf__puts(buf, "&#39;"); break;
        default: rc = kg_buf__putc(buf, (c < 0x20 || c == 0x7F) ? ' ' : (char)c);
        }
        if (rc != KG_OK)
            return KG_ENOMEM;
    }
    return KG_OK;
}
