/* test_utf8.c: kg_text_check's fast paths (16 and 8 bytes at a time) agree with a plain
 * byte-by-byte reading, whatever the length and wherever the first problem is. */
#include "testutil.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/utf8.h"

/* The reference: one byte (or one UTF-8 sequence) at a time, no fast path. */
static kg_text_problem reference(const unsigned char *s, size_t len, size_t *offset)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        *offset = i;
        if (c >= 0x20 && c < 0x7F) {
            i++;
        } else if (c == '\t' || c == '\n') {
            i++;
        } else if (c == '\r') {
            if (i + 1 < len && s[i + 1] == '\n')
                i += 2;
            else
                return KG_TEXT_LONE_CR;
        } else if (c < 0x80) {
            return c == 0 ? KG_TEXT_NUL : KG_TEXT_CONTROL;
        } else {
            size_t n = kg_utf8_sequence(s + i, len - i);
            if (!n)
                return KG_TEXT_BAD_UTF8;
            i += n;
        }
    }
    return KG_TEXT_OK;
}

/* What is planted into a line of printable ASCII, as a table. */
static const char *const plants[] = {
    "\x01", "\x1f", "\x7f", "", "\x80", "\xff", "\xc3\xbc", "\xc3", "\xe2\x80\x94",
    "\xed\xa0\x80", "\xf0\x9f\x98\x80", "\r", "\r\n", "\t", "\n", " ", "~",
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
                size_t got_off = SIZE_MAX, want_off = SIZE_MAX;
                kg_text_problem got = kg_text_check((const char *)buf, n, &got_off);
                kg_text_problem want = reference(buf, n, &want_off);
                if (got != want || (want != KG_TEXT_OK && got_off != want_off))
                    fail_msg("len %zu, plant %zu at %zu: got %d at %zu, want %d at %zu", len, p,
                             at, (int)got, got_off, (int)want, want_off);
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
        }
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t got_off = SIZE_MAX, want_off = SIZE_MAX;
        kg_text_problem got = kg_text_check((const char *)buf, len, &got_off);
        kg_text_problem want = reference(buf, len, &want_off);
        if (got != want || (want != KG_TEXT_OK && got_off != want_off))
            fail_msg("round %d: got %d at %zu, want %d at %zu", round, (int)got, got_off,
                     (int)want, want_off);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_length_and_position_agrees_with_the_reference),
        cmocka_unit_test(test_random_bytes_agree_with_the_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
