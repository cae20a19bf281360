/*
 * bench mc: 1,000 replications of bench/mc.ini (a 90-day migration of
 * 200,000 recipients a day) through the sesramp program, with -j 1 and
 * -j 2: wall time, the speed-up, and the peak memory of each run; then
 * 100 replications to show that memory does not grow with their number.
 *
 * Usage: mc PROGRAM SCENARIO [REPLICATIONS]
 */
#define _DEFAULT_SOURCE      /* wait4 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/timer.h"

struct result {
	double seconds, peak_mb;
};

static int run(const char *prog, const char *scenario, const char *reps,
	       const char *jobs, struct result *r)
{
	char out[] = "/tmp/sesramp-bench-mc-XXXXXX";
	if (!mkdtemp(out))
		return -1;
	double t0 = bench_now();
	pid_t pid = fork();
	if (pid == 0) {
		execl(prog, prog, "run", scenario, "-r", reps, "-j", jobs, "-o", out,
		      "--no-plots", "-q", (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	r->seconds = bench_now() - t0;
	r->peak_mb = (double)ru.ru_maxrss / 1024;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
	return system(cmd) ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: mc PROGRAM SCENARIO [REPLICATIONS]\n");
		return 2;
	}
	const char *reps = argc > 3 ? argv[3] : "1000";
	struct result j1, j2, small;
	if (run(argv[1], argv[2], reps, "1", &j1) ||
	    run(argv[1], argv[2], reps, "2", &j2) ||
	    run(argv[1], argv[2], "100", "2", &small)) {
		fprintf(stderr, "bench mc: the program failed\n");
		return 1;
	}
	printf("bench mc replications %s\n", reps);
	printf("bench mc seconds_j1 %.2f\n", j1.seconds);
	printf("bench mc seconds_j2 %.2f\n", j2.seconds);
	printf("bench mc speedup %.2f\n", j1.seconds / j2.seconds);
	printf("bench mc peak_rss_mb_j1 %.1f\n", j1.peak_mb);
	printf("bench mc peak_rss_mb_j2 %.1f\n", j2.peak_mb);
	printf("bench mc peak_rss_mb_100_replications %.1f\n", small.peak_mb);
	return 0;
}
