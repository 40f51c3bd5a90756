/* test_strpool.c: the string pool's hashes and its look-ups by a hash computed elsewhere
 * (the csv reader's thread computes kg_hash__bytes_padded; the pool must agree). */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dataset/dataset_internal.h"

static void test_the_padded_hash_equals_the_plain_hash_at_every_length(void **state)
{
    (void)state;
    unsigned char text[80], padded[80 + 8];
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int round = 0; round < 20; round++)
        for (size_t len = 0; len <= 72; len++) {
            for (size_t i = 0; i < len; i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                text[i] = (unsigned char)x;
            }
            memcpy(padded, text, len);
            memset(padded + len, 0, 8);
            uint64_t seed = round % 2 ? 0 : x;
            uint64_t want = kg_hash__bytes(text, len, seed);
            uint64_t got = kg_hash__bytes_padded(padded, len, seed);
            if (got != want)
                fail_msg("length %zu, round %d: padded hash %016llx, plain %016llx", len, round,
                         (unsigned long long)got, (unsigned long long)want);
        }
}

static void test_a_string_interned_by_its_hash_is_found_by_text_and_by_hash(void **state)
{
    (void)state;
    kg_strpool *pool = kg_strpool__new();
    assert_non_null(pool);
    char name[32];
    /* enough strings to grow the table several times */
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "entity-%d", i);
        size_t len = strlen(name);
        kg_atom *a = kg_strpool__intern_hashed(pool, name, len, kg_hash__bytes(name, len, 0));
        assert_non_null(a);
        assert_string_equal(a->str, name);
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "entity-%d", i);
        size_t len = strlen(name);
        kg_atom *by_text = kg_strpool__find(pool, name, len);
        assert_non_null(by_text);
        assert_ptr_equal(kg_strpool__find_hashed(pool, name, len, kg_hash__bytes(name, len, 0)),
                         by_text);
        assert_ptr_equal(kg_strpool__intern(pool, name, len), by_text);
        kg_strpool__prefetch_hashed(pool, kg_hash__bytes(name, len, 0));
    }
    assert_null(kg_strpool__find(pool, "entity-5000", 11));
    assert_null(kg_strpool__find_hashed(pool, "entity-5000", 11, kg_hash__bytes("entity-5000", 11, 0)));
    kg_strpool__free(pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_padded_hash_equals_the_plain_hash_at_every_length),
        cmocka_unit_test(test_a_string_interned_by_its_hash_is_found_by_text_and_by_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
