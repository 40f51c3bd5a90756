/* test_arena.c: the one bump allocator (base/arena.h): alignment, packing of strings,
 * chunks of their own for big blocks, reset, failure, and plain (thread) arenas. */
#include <stdint.h>
#include <string.h>

#include "testutil.h"
#include "base/base_internal.h"

static void test_alignment_and_contents(void **state)
{
    (void)state;
    kg_arena a = {0};
    char *keep[2000];
    for (size_t i = 0; i < 2000; i++) {
        size_t n = i % 97;
        unsigned char *p = kg_arena__alloc(&a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xAB, n);
        char text[32];
        int len = snprintf(text, sizeof text, "item-%zu", i);
        keep[i] = kg_arena__strndup(&a, text, (size_t)len);
        assert_non_null(keep[i]);
    }
    for (size_t i = 0; i < 2000; i++) {
        char text[32];
        snprintf(text, sizeof text, "item-%zu", i);
        assert_string_equal(keep[i], text);
    }
    /* zero bytes still give distinct, usable pointers */
    void *z1 = kg_arena__alloc(&a, 0), *z2 = kg_arena__alloc(&a, 0);
    assert_non_null(z1);
    assert_ptr_not_equal(z1, z2);
    kg_arena__free(&a);
    assert_null(a.head);
}

/* Strings are packed one after the other; a big block does not waste the current chunk. */
static void test_packing_and_big_blocks(void **state)
{
    (void)state;
    kg_arena a = {0};
    char *s1 = kg_arena__strndup(&a, "abc", 3);
    char *s2 = kg_arena__strndup(&a, "de", 2);
    assert_ptr_equal(s2, s1 + 4);
    char *big = kg_arena__alloc(&a, 1u << 20);
    assert_non_null(big);
    memset(big, 1, 1u << 20);
    char *s3 = kg_arena__strndup(&a, "f", 1);
    assert_ptr_equal(s3, s2 + 3);
    assert_string_equal(s1, "abc");
    kg_arena__free(&a);
}

static void test_reset_reuses(void **state)
{
    (void)state;
    kg_arena a = {0};
    for (int round = 0; round < 3; round++) {
        void *first = kg_arena__alloc(&a, 100);
        for (int i = 0; i < 5000; i++)
            assert_non_null(kg_arena__strndup(&a, "0123456789", 10));
        assert_non_null(first);
        kg_arena__reset(&a);
        assert_null(a.head->next);
        assert_int_equal(a.head->used, 0);
    }
    kg_arena__free(&a);
    kg_arena__reset(&a); /* an empty arena: nothing to do */
}

static void test_fixed_chunk(void **state)
{
    (void)state;
    kg_arena a = {.chunk = 4096};
    char *p = kg_arena__alloc(&a, 16);
    for (int i = 0; i < 1000; i++)
        assert_non_null(kg_arena__alloc(&a, 16));
    assert_int_equal(a.head->size, 4096);
    assert_non_null(p);
    kg_arena__free(&a);
    assert_int_equal(a.chunk, 4096);
}

static void test_failure_and_plain(void **state)
{
    (void)state;
    kg_arena a = {0};
    kg_alloc__fail_after(1);
    assert_null(kg_arena__alloc(&a, 8));
    kg_alloc__fail_after(1);
    assert_null(kg_arena__strndup(&a, "x", 1));
    kg_alloc__fail_after(0);
    assert_null(kg_arena__alloc(&a, SIZE_MAX));
    assert_null(kg_arena__alloc(&a, SIZE_MAX - 8));
    assert_null(kg_arena__strndup(&a, "", SIZE_MAX));
    kg_arena__free(&a);

    /* a plain arena never goes through kg__malloc (not thread-safe): no allocation counted */
    kg_arena plain = {.plain = 1};
    kg_alloc__fail_after(0);
    for (int i = 0; i < 10000; i++)
        assert_non_null(kg_arena__alloc(&plain, 64));
    assert_int_equal(kg_alloc__fail_after(0), 0);
    kg_arena__free(&plain);
    assert_int_equal(plain.plain, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment_and_contents),
        cmocka_unit_test(test_packing_and_big_blocks),
        cmocka_unit_test(test_reset_reuses),
        cmocka_unit_test(test_fixed_chunk),
        cmocka_unit_test(test_failure_and_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
