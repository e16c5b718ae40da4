/* W2's precise stamp: appends "s <ns>" at its own start and "e <ns>" just before it exits to the
 * file named by its argument (CLOCK_REALTIME, nanoseconds). A task that runs it does what `true`
 * does plus one append; unlike `echo s $(date +%s%N)` it forks nothing and loads no locale, so the
 * transition it measures is Rota's (reap, commit, claim, spawn of `sh`) plus sh's exec of it.
 * Compiled by rota_bench.py with `cc -O2 -static` (dynamic when no static libc is installed). */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int put(int fd, char kind, long long ns) {
    char line[48];
    int n = snprintf(line, sizeof line, "%c %lld\n", kind, ns);
    return write(fd, line, (size_t)n) == n ? 0 : 1;
}

int main(int argc, char **argv) {
    long long start = now_ns();
    if (argc != 2) return 2;
    int fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0) return 1;
    int failed = put(fd, 's', start) | put(fd, 'e', now_ns());
    return (close(fd) != 0) | failed;
}
