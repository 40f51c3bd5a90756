/* test_error.c: the last-error record is per thread (include/kgraph/common.h) and the
 * version comes from the generated kgraph/version.h. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "base/base_internal.h"
#include "kgraph/version.h"

/* Two threads take turns (a barrier between each step): each sets its own message, waits
 * until the other has set its own, then reads back: it must see its own message. */
static pthread_barrier_t turn;

static void *worker(void *arg)
{
    const char *name = arg;
    char want[64];
    snprintf(want, sizeof want, "error of thread %s", name);
    int ok = 1;
    for (int round = 0; round < 100; round++) {
        if (name[0] == 'A') {
            kg_error__set(KG_EINVALID, "error of thread %s", name);
            pthread_barrier_wait(&turn); /* A has set */
            pthread_barrier_wait(&turn); /* B has set */
        } else {
            pthread_barrier_wait(&turn); /* A has set */
            ok &= kg_last_error()[0] == '\0' || strcmp(kg_last_error(), want) == 0;
            kg_error__set(KG_EIO, "error of thread %s", name);
            pthread_barrier_wait(&turn); /* B has set */
        }
        ok &= strcmp(kg_last_error(), want) == 0;
        pthread_barrier_wait(&turn); /* both have read */
    }
    return ok ? arg : NULL;
}

static void test_the_last_error_is_per_thread(void **state)
{
    (void)state;
    kg_error_clear();
    assert_int_equal(pthread_barrier_init(&turn, NULL, 2), 0);
    static char name_a[] = "A", name_b[] = "B";
    pthread_t a, b;
    assert_int_equal(pthread_create(&a, NULL, worker, name_a), 0);
    assert_int_equal(pthread_create(&b, NULL, worker, name_b), 0);
    void *ra, *rb;
    assert_int_equal(pthread_join(a, &ra), 0);
    assert_int_equal(pthread_join(b, &rb), 0);
    pthread_barrier_destroy(&turn);
    assert_non_null(ra); /* NULL: the thread read the other's message */
    assert_non_null(rb);
    /* the main thread's record was touched by neither */
    assert_string_equal(kg_last_error(), "");
    kg_error__set(KG_EIO, "main");
    assert_string_equal(kg_last_error(), "main");
    kg_error_clear();
    assert_string_equal(kg_last_error(), "");
}

static void test_the_version_is_the_generated_one(void **state)
{
    (void)state;
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", KG_VERSION_MAJOR, KG_VERSION_MINOR, KG_VERSION_PATCH);
    assert_string_equal(KG_VERSION_STRING, want);
    assert_string_equal(kg_version(), KG_VERSION_STRING);
    assert_int_equal(KG_VERSION_NUMBER,
                     KG_VERSION_MAJOR * 10000 + KG_VERSION_MINOR * 100 + KG_VERSION_PATCH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_last_error_is_per_thread),
        cmocka_unit_test(test_the_version_is_the_generated_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
