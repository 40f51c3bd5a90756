/* measure.c: runs one command and reports its wall time, CPU times and peak RSS (from wait4), so scripts/bench needs no GNU time. */
#define _DEFAULT_SOURCE /* wait4 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Prints the usage text to f. */
static void usage(FILE *f)
{
    fputs("usage: measure [--stdout FILE] [--stderr FILE] [--report FILE] [--] COMMAND [ARG...]\n"
          "Runs COMMAND (looked up in PATH), its stdout/stderr optionally redirected to FILE\n"
          "(truncated), and writes one line to the report FILE (default: stderr):\n"
          "  wall=SECONDS user=SECONDS sys=SECONDS maxrss_kb=KB status=N\n"
          "status is the exit status, or 128+signal when the command was killed.\n"
          "Exits with the same status; 127 when COMMAND could not be started, 125 on usage\n"
          "or setup errors.\n",
          f);
}

/* Returns the seconds elapsed on the monotonic clock since an arbitrary point. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Returns a timeval as seconds. */
static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* In the child: points descriptor fd at path (created/truncated); exits 125 on failure. */
static void redirect(int fd, const char *path)
{
    int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (f < 0 || dup2(f, fd) < 0) {
        fprintf(stderr, "measure: %s: %s\n", path, strerror(errno));
        _exit(125);
    }
    if (f != fd)
        close(f);
}

int main(int argc, char **argv)
{
    const char *out = NULL, *err = NULL, *report = NULL;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (i + 1 < argc && !strcmp(a, "--stdout")) {
            out = argv[++i];
        } else if (i + 1 < argc && !strcmp(a, "--stderr")) {
            err = argv[++i];
        } else if (i + 1 < argc && !strcmp(a, "--report")) {
            report = argv[++i];
        } else if (a[0] == '-') {
            usage(stderr);
            return 125;
        } else {
            break;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 125;
    }
    FILE *rep = stderr;
    if (report && !(rep = fopen(report, "w"))) {
        fprintf(stderr, "measure: %s: %s\n", report, strerror(errno));
        return 125;
    }
    if (report)
        fcntl(fileno(rep), F_SETFD, FD_CLOEXEC); /* not the command's business */

    fflush(NULL);
    double start = now();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "measure: fork: %s\n", strerror(errno));
        return 125;
    }
    if (pid == 0) {
        if (out)
            redirect(STDOUT_FILENO, out);
        if (err)
            redirect(STDERR_FILENO, err);
        execvp(argv[i], argv + i);
        fprintf(stderr, "measure: %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    int wstatus;
    struct rusage ru;
    pid_t got;
    while ((got = wait4(pid, &wstatus, 0, &ru)) < 0 && errno == EINTR)
        ;
    double wall = now() - start;
    if (got < 0) {
        fprintf(stderr, "measure: wait4: %s\n", strerror(errno));
        return 125;
    }
    int status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
                 : WIFSIGNALED(wstatus) ? 128 + WTERMSIG(wstatus)
                                        : 125;
    fprintf(rep, "wall=%.6f user=%.6f sys=%.6f maxrss_kb=%ld status=%d\n", wall,
            seconds(ru.ru_utime), seconds(ru.ru_stime), ru.ru_maxrss, status);
    if ((rep != stderr && fclose(rep) != 0) || (rep == stderr && fflush(rep) != 0)) {
        fprintf(stderr, "measure: cannot write the report\n");
        return 125;
    }
    return status;
}
