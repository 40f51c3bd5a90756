/* test_hash.c: the one hash (base/hash.h): its values on every platform, the padded and
 * string forms agreeing with it, and the printed FNV-1a never changing. */
#include <string.h>

#include "testutil.h"
#include "base/base_internal.h"

/* kg_hash__bytes written out byte by byte, without memcpy or the byte order: what the
 * function must compute on every platform. */
static uint64_t reference(const unsigned char *p, size_t len, uint64_t seed)
{
    uint64_t h = seed ^ (len * 0x9E3779B97F4A7C15ull);
    size_t i = 0;
    for (; len - i >= 8; i += 8) {
        uint64_t w = 0;
        for (int k = 7; k >= 0; k--)
            w = w << 8 | p[i + (size_t)k];
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    uint64_t tail = 0;
    for (size_t k = len - i; k-- > 0;)
        tail = tail << 8 | p[i + k];
    h = (h ^ tail) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return h;
}

static void test_bytes_match_reference(void **state)
{
    (void)state;
    unsigned char text[80], padded[80 + 8];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (unsigned char)(i * 37 + 11);
    for (size_t len = 0; len <= 72; len++) {
        memset(padded, 0, sizeof padded);
        memcpy(padded, text, len);
        for (uint64_t seed = 0; seed < 3; seed++) {
            uint64_t want = reference(text, len, seed * 0x1234567ull);
            assert_true(kg_hash__bytes(text, len, seed * 0x1234567ull) == want);
            assert_true(kg_hash__bytes_padded(padded, len, seed * 0x1234567ull) == want);
        }
    }
}

/* Pinned values: the loader's and the diff's tables were sized and tuned with them. */
static void test_bytes_pinned(void **state)
{
    (void)state;
    assert_true(kg_hash__bytes("", 0, 0) == reference((const unsigned char *)"", 0, 0));
    assert_true(kg_hash__str("entity-42") == kg_hash__bytes("entity-42", 9, 0));
    assert_true(kg_hash__str("") == kg_hash__bytes("", 0, 0));
    /* distinct lengths of zero bytes hash apart (the length is mixed in) */
    static const char zeros[16];
    for (size_t a = 0; a < 16; a++)
        for (size_t b = a + 1; b < 16; b++)
            assert_true(kg_hash__bytes(zeros, a, 0) != kg_hash__bytes(zeros, b, 0));
    /* chaining: the seed changes the value */
    assert_true(kg_hash__bytes("ab", 2, 1) != kg_hash__bytes("ab", 2, 0));
}

static void test_mix(void **state)
{
    (void)state;
    /* consecutive keys spread over the low bits (what a power-of-two table masks) */
    unsigned seen[64] = {0};
    for (uint64_t k = 0; k < 64 * 16; k++)
        seen[kg_hash__mix(k << 32) & 63]++;
    for (int i = 0; i < 64; i++)
        assert_true(seen[i] > 0);
    assert_true(kg_hash__mix(0) == 0);
}

/* The report prints this hash in file names (report.c): it must stay FNV-1a 64. */
static void test_fnv1a64_pinned(void **state)
{
    (void)state;
    assert_true(kg_hash__fnv1a64("") == UINT64_C(0xcbf29ce484222325));
    assert_true(kg_hash__fnv1a64("a") == UINT64_C(0xaf63dc4c8601ec8c));
    assert_true(kg_hash__fnv1a64("foobar") == UINT64_C(0x85944171f73967e8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bytes_match_reference),
        cmocka_unit_test(test_bytes_pinned),
        cmocka_unit_test(test_mix),
        cmocka_unit_test(test_fnv1a64_pinned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
