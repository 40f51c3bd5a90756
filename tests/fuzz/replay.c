/* replay.c: a main() that feeds files to a fuzz harness, for builds without libFuzzer.
 *
 * Usage: replay_HARNESS PATH...   where each PATH is a file or a directory (its regular
 * files are fed in name order). Every seed-corpus entry and every saved regression input
 * is replayed this way by ctest in the ordinary, -Werror and sanitizer builds, so a
 * crash found once by the fuzzer stays fixed; every check runs on every input
 * (fuzz_replay_all). Exit status: 0 when every input ran (a
 * harness reports a problem by aborting), 2 when a path cannot be read. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feeds one file; returns 0 or -1 when it cannot be read. */
static int feed(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *grown = realloc(buf, cap *= 2);
            if (!grown) {
                free(buf);
                buf = NULL;
            }
            buf = grown;
        }
    }
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(buf);
        return -1;
    }
    /* a copy of exactly len bytes, so ASan sees any read past the input */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    unsigned long fed = 0;
    int status = 0;
    fuzz_replay_all = 1;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            status = 2;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (feed(argv[i]) != 0)
                status = 2;
            else
                fed++;
            continue;
        }
        struct dirent **names;
        int n = scandir(argv[i], &names, NULL, by_name);
        if (n < 0) {
            perror(argv[i]);
            status = 2;
            continue;
        }
        for (int k = 0; k < n; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], names[k]->d_name);
            if (names[k]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                if (feed(path) != 0)
                    status = 2;
                else
                    fed++;
            }
            free(names[k]);
        }
        free(names);
    }
    printf("replayed %lu inputs\n", fed);
    return status;
}
