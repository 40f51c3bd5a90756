/* utf8.c: UTF-8 validation (RFC 3629) with an ASCII fast path, and control-character checks
 * (C0, DEL, C1 and the bidirectional controls). */
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "utf8.h"

/* Length of the well-formed multi-byte sequence at s[0..n) (s[0] >= 0x80), else 0. */
static size_t well_formed(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90)
            return 0; /* beyond U+10FFFF */
        return 4;
    }
    return 0;
}

/* What is wrong with the well-formed sequence s[0..len): KG_TEXT_OK, KG_TEXT_C1 (U+0080
 * to U+009F: C2 80..C2 9F) or KG_TEXT_BIDI (U+202A..U+202E: E2 80 AA..AE; U+2066..U+2069:
 * E2 81 A6..A9). */
static kg_text_problem refused(const unsigned char *s, size_t len)
{
    if (len == 2 && s[0] == 0xC2 && s[1] <= 0x9F)
        return KG_TEXT_C1;
    if (len == 3 && s[0] == 0xE2 &&
        ((s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) ||
         (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)))
        return KG_TEXT_BIDI;
    return KG_TEXT_OK;
}

size_t kg_utf8__sequence(const unsigned char *s, size_t n)
{
    size_t len = well_formed(s, n);
    return len && refused(s, len) == KG_TEXT_OK ? len : 0;
}

unsigned long kg_utf8__code_point(const unsigned char *s, size_t n)
{
    size_t len = well_formed(s, n);
    switch (len) {
    case 2: return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    case 3: return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    case 4:
        return ((s[0] & 0x07ul) << 18) | ((s[1] & 0x3Ful) << 12) | ((s[2] & 0x3Ful) << 6) |
               (s[3] & 0x3Ful);
    default: return s[0];
    }
}

int kg_text__plain_padded(const char *text, size_t len)
{
#if defined(__SSE2__)
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* signed compare: bytes 0x80..0xFF are negative, so they are "< 0x20" too */
        __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                   _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
        unsigned mask = (unsigned)_mm_movemask_epi8(bad);
        if (len - i < 16)
            mask &= (1u << (len - i)) - 1; /* the padding does not count */
        if (mask)
            return 0;
    }
    return 1;
#else
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] >= 0x7F)
            return 0;
    return 1;
#endif
}

kg_text_problem kg_text__check(const char *text, size_t len, size_t *offset)
{
    kg_text_breaks breaks;
    return kg_text__scan(text, len, offset, &breaks);
}

kg_text_problem kg_text__scan(const char *text, size_t len, size_t *offset, kg_text_breaks *breaks)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    breaks->lf = breaks->crlf = 0;
    while (i < len) {
        /* fast path: 16 bytes at a time (SSE2) while all are printable ASCII
         * (0x20..0x7E), then 8 at a time; it stops at the first other byte */
#if defined(__SSE2__)
        while (i + 16 <= len) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            /* signed compare: bytes 0x80..0xFF are negative, so they are "< 0x20" too */
            __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                       _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
            unsigned mask = (unsigned)_mm_movemask_epi8(bad);
            if (mask) {
                i += (size_t)__builtin_ctz(mask);
                break;
            }
            i += 16;
        }
#endif
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            uint64_t high = w & 0x8080808080808080ull;
            uint64_t low = (w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull;
            uint64_t del = ((w ^ 0x7F7F7F7F7F7F7F7Full) - 0x0101010101010101ull) &
                           ~(w ^ 0x7F7F7F7F7F7F7F7Full) & 0x8080808080808080ull;
            if (high | low | del)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x7F) {
            i++;
            continue;
        }
        if (c < 0x80) {
            *offset = i;
            if (c == '\t' || c == '\n') {
                breaks->lf += c == '\n';
                i++;
                continue;
            }
            if (c == '\r') {
                if (i + 1 < len && s[i + 1] == '\n') {
                    breaks->lf++;
                    breaks->crlf++;
                    i += 2;
                    continue;
                }
                return KG_TEXT_LONE_CR;
            }
            return c == 0 ? KG_TEXT_NUL : KG_TEXT_CONTROL;
        }
        size_t n = well_formed(s + i, len - i);
        if (n == 0) {
            *offset = i;
            return KG_TEXT_BAD_UTF8;
        }
        kg_text_problem why = refused(s + i, n);
        if (why != KG_TEXT_OK) {
            *offset = i;
            return why;
        }
        i += n;
    }
    *offset = len;
    return KG_TEXT_OK;
}
