/* testutil.c: helpers shared by the cmocka tests (temp dirs, files, running the CLI). */
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *tu_mkdtemp(void)
{
    static char slots[16][256];
    static unsigned next;
    char *buf = slots[next++ % 16];
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, 256, "%s/kgraph-test-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    assert_non_null(mkdtemp(buf));
    return buf;
}

void tu_rmtree(const char *path)
{
    if (!path || !path[0] || strcmp(path, "/") == 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        execlp("rm", "rm", "-rf", "--", path, (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
}

void tu_write(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    size_t n = strlen(text);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

char *tu_read(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[len] = '\0';
    if (size)
        *size = len;
    return buf;
}

static char *slurp_fd(int fd)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    lseek(fd, 0, SEEK_SET);
    ssize_t n;
    while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[len] = '\0';
    return buf;
}

tu_run tu_kgraph(const char *cwd, const char *const *args)
{
    tu_run r = {-1, NULL, NULL};
    FILE *out = tmpfile(), *err = tmpfile();
    assert_non_null(out);
    assert_non_null(err);
    size_t argc = 0;
    while (args[argc])
        argc++;
    char **argv = calloc(argc + 2, sizeof *argv);
    argv[0] = (char *)KGRAPH_EXE;
    for (size_t i = 0; i < argc; i++)
        argv[i + 1] = (char *)args[i];
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(fileno(out), 1);
        dup2(fileno(err), 2);
        if (cwd && chdir(cwd) != 0)
            _exit(126);
        execv(KGRAPH_EXE, argv);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    free(argv);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = slurp_fd(fileno(out));
    r.err = slurp_fd(fileno(err));
    fclose(out);
    fclose(err);
    return r;
}

void tu_run_free(tu_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

int tu_load(kg_dataset **out, kg_diagnostics **diags, const char *entities,
            const char *relations, const char *sources)
{
    kg_load_options opts;
    kg_load_options_init(&opts);
    opts.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", entities, strlen(entities)};
    opts.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", relations, strlen(relations)};
    if (sources)
        opts.memory[KG_FILE_SOURCES] = (kg_memory_file){"sources.csv", sources, strlen(sources)};
    assert_int_equal(kg_diagnostics_new(diags, 0), KG_OK);
    return kg_dataset_load(out, NULL, &opts, *diags);
}

int tu_diag_has(const kg_diagnostics *diags, const char *needle)
{
    char buf[4096];
    for (size_t i = 0; i < kg_diagnostics_count(diags); i++) {
        const kg_diag *d = kg_diagnostics_get(diags, i);
        snprintf(buf, sizeof buf, "%s:%lu: %s%s", d->file, d->line,
                 d->severity == KG_SEVERITY_WARNING ? "warning: " : "", d->message);
        if (strstr(buf, needle))
            return 1;
    }
    return 0;
}

int tu_fixture_setup(void **state, const char *entities, const char *relations,
                     const char *sources)
{
    tu_fixture *f = calloc(1, sizeof *f);
    if (!f || tu_load(&f->ds, &f->diags, entities, relations, sources) != KG_OK) {
        if (f) {
            kg_dataset_free(f->ds);
            kg_diagnostics_free(f->diags);
        }
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

int tu_fixture_teardown(void **state)
{
    tu_fixture *f = *state;
    kg_dataset_free(f->ds);
    kg_diagnostics_free(f->diags);
    free(f);
    return 0;
}

/* Whether some part of this test program was skipped (tu_skipped). */
static int skipped_any;

void tu_skipped(const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    print_message("SKIP: %s\n", why);
    skipped_any = 1;
}

int tu_exit_status(int failed)
{
    if (failed)
        return failed;
    return skipped_any ? 77 : 0;
}
