/* test_utf8.c: kg_text__check's and kg_text__scan's fast paths (16 and 8 bytes at a time)
 * and kg_text__plain_padded agree with a plain byte-by-byte reading, whatever the length
 * and wherever the first problem is (C0, DEL, C1 and bidi controls included). */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"

/* The reference decoder (RFC 3629 by its table, not kg_utf8__sequence): the length of the
 * well-formed sequence at s[0..n) (s[0] >= 0x80) with its code point in *cp, or 0. */
static size_t decode(const unsigned char *s, size_t n, unsigned long *cp)
{
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
    if (!len || len > n || s[0] > 0xF4)
        return 0;
    unsigned long v = s[0] & (0x7Fu >> len);
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[k] & 0x3Fu);
    }
    static const unsigned long least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < least[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* The reference: one byte (or one UTF-8 sequence) at a time, no fast path; the line
 * breaks before the first problem are counted into *breaks. C1 controls and the bidi
 * controls are refused by their code points. */
static kg_text_problem reference(const unsigned char *s, size_t len, size_t *offset,
                                 kg_text_breaks *breaks)
{
    breaks->lf = breaks->crlf = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        *offset = i;
        if (c >= 0x20 && c < 0x7F) {
            i++;
        } else if (c == '\t' || c == '\n') {
            breaks->lf += c == '\n';
            i++;
        } else if (c == '\r') {
            if (i + 1 < len && s[i + 1] == '\n') {
                breaks->lf++;
                breaks->crlf++;
                i += 2;
            } else
                return KG_TEXT_LONE_CR;
        } else if (c < 0x80) {
            return c == 0 ? KG_TEXT_NUL : KG_TEXT_CONTROL;
        } else {
            unsigned long cp = 0;
            size_t n = decode(s + i, len - i, &cp);
            if (!n)
                return KG_TEXT_BAD_UTF8;
            if (cp >= 0x80 && cp <= 0x9F)
                return KG_TEXT_C1;
            if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
                return KG_TEXT_BIDI;
            /* kg_utf8__sequence accepts exactly what the reference accepts */
            if (kg_utf8__sequence(s + i, len - i) != n || kg_utf8__code_point(s + i, len - i) != cp)
                fail_msg("kg_utf8__sequence or kg_utf8__code_point at offset %zu", i);
            i += n;
        }
    }
    return KG_TEXT_OK;
}

/* Checks s[0..len) with kg_text__check, kg_text__scan and kg_text__plain_padded against the
 * reference; fails naming what (a printf format and its two size_t arguments). */
static void agrees_with_reference(const unsigned char *s, size_t len, const char *what,
                                  size_t a, size_t b)
{
    size_t got_off = SIZE_MAX, want_off = SIZE_MAX, scan_off = SIZE_MAX;
    kg_text_breaks want_breaks, got_breaks;
    kg_text_problem want = reference(s, len, &want_off, &want_breaks);
    kg_text_problem got = kg_text__check((const char *)s, len, &got_off);
    if (got != want || (want != KG_TEXT_OK && got_off != want_off))
        fail_msg("kg_text__check, %s %zu %zu: got %d at %zu, want %d at %zu", what, a, b,
                 (int)got, got_off, (int)want, want_off);
    got = kg_text__scan((const char *)s, len, &scan_off, &got_breaks);
    if (got != want || (want != KG_TEXT_OK && scan_off != want_off) ||
        got_breaks.lf != want_breaks.lf || got_breaks.crlf != want_breaks.crlf)
        fail_msg("kg_text__scan, %s %zu %zu: got %d at %zu (%zu LF, %zu CRLF), want %d at %zu "
                 "(%zu LF, %zu CRLF)", what, a, b, (int)got, scan_off, got_breaks.lf,
                 got_breaks.crlf, (int)want, want_off, want_breaks.lf, want_breaks.crlf);
    /* plain: every byte printable ASCII; the padding is made of bytes that are not */
    unsigned char padded[128 + KG_TEXT_PAD];
    assert_true(len <= 128);
    memcpy(padded, s, len);
    memset(padded + len, 0x01, KG_TEXT_PAD);
    int plain = 1;
    for (size_t i = 0; i < len; i++)
        plain &= s[i] >= 0x20 && s[i] < 0x7F;
    if (kg_text__plain_padded((const char *)padded, len) != plain)
        fail_msg("kg_text__plain_padded, %s %zu %zu: got %d, want %d", what, a, b, !plain, plain);
}

/* What is planted into a line of printable ASCII, as a table. */
static const char *const plants[] = {
    "\x01", "\x1f", "\x7f", "", "\x80", "\xff", "\xc3\xbc", "\xc3", "\xe2\x80\x94",
    "\xed\xa0\x80", "\xf0\x9f\x98\x80", "\r", "\r\n", "\t", "\n", " ", "~",
    /* C1 controls U+0080, U+009B, U+009F and their neighbours U+007F, U+00A0 */
    "\xc2\x80", "\xc2\x9b", "\xc2\x9f", "\xc2\xa0", "\xc1\xbf",
    /* bidi controls U+202A, U+202E, U+2066, U+2069 and neighbours U+2029, U+202F, U+2065,
     * U+206A, U+200F */
    "\xe2\x80\xaa", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa9", "\xe2\x80\xa9",
    "\xe2\x80\xaf", "\xe2\x81\xa5", "\xe2\x81\xaa", "\xe2\x80\x8f",
};
#define N_PLANTS (sizeof plants / sizeof plants[0])

static void test_every_length_and_position_agrees_with_the_reference(void **state)
{
    (void)state;
    unsigned char buf[80];
    for (size_t len = 0; len <= 70; len++)
        for (size_t at = 0; at <= len; at++)
            for (size_t p = 0; p <= N_PLANTS; p++) {
                memset(buf, 'a' + (int)(len % 26), sizeof buf);
                size_t n = len;
                if (p < N_PLANTS) {
                    /* "" plants a NUL byte */
                    size_t k = plants[p][0] ? strlen(plants[p]) : 1;
                    if (at + k > len)
                        continue;
                    memcpy(buf + at, plants[p][0] ? plants[p] : "\0", k);
                }
                char what[64];
                snprintf(what, sizeof what, "plant %zu: length and offset", p);
                agrees_with_reference(buf, n, what, len, at);
            }
}

static void test_random_bytes_agree_with_the_reference(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15u;
    unsigned char buf[64];
    for (int round = 0; round < 200000; round++) {
        size_t len = (size_t)(x % 64);
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* mostly printable, sometimes anything */
            buf[i] = (x & 0xF00) ? (unsigned char)(0x20 + (x % 95)) : (unsigned char)(x >> 24);
            /* now and then a lead byte of a C1 or bidi control, then a byte near them */
            if ((x & 0x7000) == 0x7000 && i + 2 < len) {
                buf[i] = (x & 0x8000) ? 0xC2 : 0xE2;
                buf[++i] = (unsigned char)(0x80 + ((x >> 32) % 2));
                buf[++i] = (unsigned char)(0x80 + ((x >> 40) % 64));
            }
        }
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        agrees_with_reference(buf, len, "round and length", (size_t)round, len);
    }
}

static void test_line_breaks_are_counted_as_the_reference_counts_them(void **state)
{
    (void)state;
    /* an alphabet dense in line breaks and multi-byte text */
    static const unsigned char alphabet[] = {'a', ' ', '\n', '\r', '\t', 0xC3, 0xBC, 0x01};
    uint64_t x = 0x243F6A8885A308D3u;
    unsigned char buf[100];
    for (int round = 0; round < 100000; round++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t len = (size_t)(x % 100);
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* the control byte 0x01 only now and then, so that most texts are valid */
            buf[i] = alphabet[x % (round % 4 ? 7 : 8)];
        }
        agrees_with_reference(buf, len, "round and length", (size_t)round, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_breaks_are_counted_as_the_reference_counts_them),
        cmocka_unit_test(test_every_length_and_position_agrees_with_the_reference),
        cmocka_unit_test(test_random_bytes_agree_with_the_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
