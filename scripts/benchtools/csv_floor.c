/* csv_floor.c: parses one CSV file with libcsv alone, counting rows and fields: the parse-time floor scripts/bench compares kgraph with. */
#define _POSIX_C_SOURCE 200809L

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What the callbacks accumulate; the byte sum keeps the field data "used". */
typedef struct counts {
    unsigned long long rows, fields, field_bytes;
} counts;

/* libcsv field callback: counts the field and its length. */
static void on_field(void *data, size_t len, void *user)
{
    (void)data;
    counts *c = user;
    c->fields++;
    c->field_bytes += len;
}

/* libcsv row callback: counts the row. */
static void on_row(int term, void *user)
{
    (void)term;
    counts *c = user;
    c->rows++;
}

/* Prints the usage text to f. */
static void usage(FILE *f)
{
    fputs("usage: csv_floor [--chunk BYTES] FILE.csv\n"
          "Parses FILE with libcsv (CSV_STRICT | CSV_STRICT_FINI) in chunks of BYTES\n"
          "(default 262144, 65536..16777216) and prints rows, fields and field bytes.\n"
          "Exits 1 on a read or parse error.\n",
          f);
}

int main(int argc, char **argv)
{
    size_t chunk = 256 * 1024;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--chunk") && i + 1 < argc) {
            char *end;
            unsigned long v = strtoul(argv[++i], &end, 10);
            if (*end || v < 65536 || v > 16u * 1024 * 1024) {
                usage(stderr);
                return 2;
            }
            chunk = v;
        } else if (argv[i][0] == '-' || path) {
            usage(stderr);
            return 2;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        usage(stderr);
        return 2;
    }

    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "csv_floor: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char *buf = malloc(chunk);
    struct csv_parser p;
    if (!buf || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fputs("csv_floor: out of memory\n", stderr);
        return 1;
    }
    counts c = {0, 0, 0};
    unsigned long long offset = 0;
    int rc = 0;
    for (;;) {
        ssize_t n = read(fd, buf, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "csv_floor: %s: %s\n", path, strerror(errno));
            rc = 1;
            break;
        }
        if (n == 0)
            break;
        size_t used = csv_parse(&p, buf, (size_t)n, on_field, on_row, &c);
        if (used != (size_t)n) {
            fprintf(stderr, "csv_floor: %s: byte %llu: %s\n", path, offset + used,
                    csv_strerror(csv_error(&p)));
            rc = 1;
            break;
        }
        offset += (unsigned long long)n;
    }
    if (rc == 0 && csv_fini(&p, on_field, on_row, &c) != 0) {
        fprintf(stderr, "csv_floor: %s: at end: %s\n", path, csv_strerror(csv_error(&p)));
        rc = 1;
    }
    csv_free(&p);
    free(buf);
    close(fd);
    if (rc == 0)
        printf("csv_floor: %s: %llu rows, %llu fields, %llu field bytes, %llu bytes\n", path,
               c.rows, c.fields, c.field_bytes, offset);
    return rc;
}
