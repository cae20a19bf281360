/* Crash safety: runs killed with SIGKILL at several moments leave, for
 * every output file, either the previous complete file or the new complete
 * one (or none), never a partial file; the next run clears what the killed
 * one left; SIGINT stops a run cleanly with status 130 and writes nothing. */
#include "tests/test.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/prog.h"

static const char scenario[] =
	"[simulation]\nduration = 30d\nbucket = 1h\n"
	"[stream a]\nvolume = 500k\n"
	"[stream b]\nvolume = 200k\n"
	"[migration]\nstrategy = quota_following\n";

static const char *const files[] = {"timeseries.csv", "events.csv",
				    "summary.csv"};

/* Starts the program in prog_tmp; returns its pid. */
static pid_t start(const char *out, const char *seed)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (chdir(prog_tmp))
			_exit(127);
		const char *prog = prog_path();
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(127);
		execl(prog, prog, "run", "s.ini", "-o", out, "-r", "3", "--seed",
		      seed, "--no-plots", "-q", (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int finish(pid_t pid, int sig, long after_ms)
{
	struct timespec ts = {after_ms / 1000, (after_ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
	if (sig)
		kill(pid, sig);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Each visible output file is absent or equal to one of the complete
 * versions given; returns how many were the new version. */
static int whole_or_none(const char *dir, const char *old, const char *new)
{
	int fresh = 0;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char f[256], a[256], b[256];
		snprintf(f, sizeof f, "%s/%s", dir, files[i]);
		snprintf(a, sizeof a, "%s/%s", old ? old : "", files[i]);
		snprintf(b, sizeof b, "%s/%s", new, files[i]);
		char *text = prog_read(f);
		if (!text) {
			assert_null(old);    /* a file is only gone if it never was */
			continue;
		}
		free(text);
		int is_new = prog_same(f, b);
		assert_true(is_new || (old && prog_same(f, a)));
		fresh += is_new;
	}
	return fresh;
}

static int temporaries(const char *dir)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", prog_tmp, dir);
	DIR *d = opendir(path);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strstr(e->d_name, ".tmp.") != NULL;
	if (d)
		closedir(d);
	return n;
}

static void killed_runs_leave_whole_files(void **state)
{
	(void)state;
	prog_write("s.ini", scenario);
	assert_int_equal(finish(start("ref1", "1"), 0, 0), 0);
	assert_int_equal(finish(start("ref2", "2"), 0, 0), 0);
	assert_false(prog_same("ref1/timeseries.csv", "ref2/timeseries.csv"));
	static const long moments_ms[] = {5, 30, 80, 150, 300, 500, 800, 1200};
	for (size_t k = 0; k < sizeof moments_ms / sizeof *moments_ms; k++) {
		char cmd[512];
		/* Over the previous outputs of seed 1. */
		snprintf(cmd, sizeof cmd, "cp -r '%s/ref1' '%s/k%zu'", prog_tmp,
			 prog_tmp, k);
		assert_int_equal(system(cmd), 0);
		char dir[32], fresh[32];
		snprintf(dir, sizeof dir, "k%zu", k);
		finish(start(dir, "2"), SIGKILL, moments_ms[k]);
		whole_or_none(dir, "ref1", "ref2");
		/* Into a new folder. */
		snprintf(fresh, sizeof fresh, "n%zu", k);
		finish(start(fresh, "2"), SIGKILL, moments_ms[k]);
		whole_or_none(fresh, NULL, "ref2");
		/* The next run completes and clears what the killed one left. */
		assert_int_equal(finish(start(dir, "2"), 0, 0), 0);
		assert_int_equal(whole_or_none(dir, NULL, "ref2"), 3);
		assert_int_equal(temporaries(dir), 0);
	}
}

static void sigint_stops_cleanly(void **state)
{
	(void)state;
	prog_write("s.ini", scenario);
	assert_int_equal(finish(start("ref1", "1"), 0, 0), 0);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "cp -r '%s/ref1' '%s/i'", prog_tmp, prog_tmp);
	assert_int_equal(system(cmd), 0);
	int rc = finish(start("i", "2"), SIGINT, 100);
	/* Stopped (130), unless it had already finished (0). */
	assert_true(rc == 130 || rc == 0);
	if (rc == 130) {
		assert_int_equal(whole_or_none("i", "ref1", "ref1"), 3);
		assert_int_equal(temporaries("i"), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(killed_runs_leave_whole_files,
						prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(sigint_stops_cleanly,
						prog_setup, prog_teardown),
	};
	return cmocka_run_group_tests_name("crash", tests, NULL, NULL);
}
