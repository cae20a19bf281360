/* The sesramp program end to end: exit codes, output files, the invariants
 * of DESIGN.md read back from timeseries.csv, reproducibility, and no
 * output left behind by bad input. */
#include "tests/test.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SR_PROG
#define SR_PROG "./sesramp"
#endif
#ifndef SR_SOURCE
#define SR_SOURCE "."
#endif

static char tmp[64];

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof tmp, "/tmp/sesramp-cli-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", tmp, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Runs the program with arguments (a shell word list); returns its exit
 * status and leaves stderr in tmp/err. */
static int run(const char *args)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "%s %s >'%s/out' 2>'%s/err'", SR_PROG, args, tmp, tmp);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int contains(const char *file, const char *text)
{
	char path[512], buf[8192] = {0};
	snprintf(path, sizeof path, "%s/%s", tmp, file);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strstr(buf, text) != NULL;
}

static const char small[] =
	"[simulation]\nduration = 10d\nbucket = 1h\n"
	"[stream a]\nvolume = 300k\nverified_share = 10%\n"
	"[stream b]\nvolume = 100k\n"
	"[migration]\nstrategy = quota_following\n";

/* Sums the flows of timeseries.csv and checks each row's limit; returns
 * the number of rows. */
static int check_series(const char *dir)
{
	char path[512], line[1024];
	snprintf(path, sizeof path, "%s/%s/timeseries.csv", tmp, dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	long long demand = 0, ses = 0, legacy = 0, dropped = 0, backlog = 0;
	int header = 0, rows = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		if (!header++) {
			assert_int_equal(strncmp(line, "time,demand,ses_sent,legacy_sent,backlog,", 41), 0);
			continue;
		}
		long long v[16];
		char *p = strchr(line, ',');
		for (int i = 0; i < 12 && p; i++) {
			v[i] = strtoll(p + 1, &p, 10);
			if (*p == '.')
				p = strchr(p, ',');
		}
		demand += v[0], ses += v[1], legacy += v[2], backlog = v[3];
		dropped += v[8];
		/* sent_last_24h (12th) never above max_24h (10th). */
		assert_true(v[11] <= v[9]);
		rows++;
	}
	fclose(f);
	assert_int_equal(demand, ses + legacy + dropped + backlog);
	return rows;
}

static void run_writes_outputs_that_add_up(void **state)
{
	(void)state;
	write_file("small.ini", small);
	char args[1024];
	snprintf(args, sizeof args, "run '%s/small.ini' -o '%s/o1' --no-plots -q", tmp, tmp);
	assert_int_equal(run(args), 0);
	assert_true(contains("o1/timeseries.csv", "# sesramp"));
	assert_true(contains("o1/events.csv", "access_granted"));
	assert_true(contains("o1/summary.csv", "migration_complete"));
	assert_int_equal(check_series("o1"), 240);
}

static void same_seed_same_files(void **state)
{
	(void)state;
	write_file("small.ini", small);
	char args[1024];
	for (int i = 1; i <= 2; i++) {
		snprintf(args, sizeof args, "run '%s/small.ini' -o '%s/r%d' --no-plots -q",
			 tmp, tmp, i);
		assert_int_equal(run(args), 0);
	}
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "cmp -s '%s/r1/timeseries.csv' '%s/r2/timeseries.csv' && "
		 "cmp -s '%s/r1/events.csv' '%s/r2/events.csv'", tmp, tmp, tmp, tmp);
	assert_int_equal(system(cmd), 0);
	/* The thread count changes nothing. */
	snprintf(args, sizeof args, "run '%s/small.ini' -o '%s/j2' -j 2 --no-plots -q",
		 tmp, tmp);
	assert_int_equal(run(args), 0);
	snprintf(cmd, sizeof cmd, "cmp -s '%s/r1/timeseries.csv' '%s/j2/timeseries.csv'",
		 tmp, tmp);
	assert_int_equal(system(cmd), 0);
	snprintf(args, sizeof args, "run '%s/small.ini' -o '%s/r3' --seed 2 --no-plots -q",
		 tmp, tmp);
	assert_int_equal(run(args), 0);
	snprintf(cmd, sizeof cmd, "cmp -s '%s/r1/timeseries.csv' '%s/r3/timeseries.csv'",
		 tmp, tmp);
	assert_true(system(cmd) != 0);
}

/* Bad input: exit 2, a file:line message, and no output folder. */
static void bad_scenarios_exit_2_and_leave_nothing(void **state)
{
	(void)state;
	struct { const char *text, *message; } cases[] = {
		{"[simulation]\nduraton = 10d\n", "bad.ini:2: "},
		{"[simulation]\nduration = 10 days\n", "bad.ini:2: "},
		{"[client]\npace = -5%\n", "bad.ini:2: "},
		{"[migration]\nstrategy = ramp\nramp = 14:25%, 7:50%\n", "bad.ini:3: "},
		{"[workload]\nrecorded = nowhere.csv\n", "nowhere.csv"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		write_file("bad.ini", cases[i].text);
		char args[1024], dir[512];
		snprintf(dir, sizeof dir, "%s/bad%zu", tmp, i);
		snprintf(args, sizeof args, "run '%s/bad.ini' -o '%s' -q", tmp, dir);
		assert_int_equal(run(args), 2);
		assert_true(contains("err", cases[i].message));
		struct stat st;
		assert_int_equal(stat(dir, &st), -1);
	}
	char args[1024];
	write_file("small.ini", small);
	snprintf(args, sizeof args, "run '%s/small.ini' --set client.pace=2 -q", tmp);
	assert_int_equal(run(args), 2);
	assert_int_equal(run("frobnicate"), 2);
	assert_int_equal(run("run"), 2);
}

/* Lines of a file that are not '#' comments, compared with a golden file. */
static int same_as_golden(const char *produced, const char *golden)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "grep -v '^#' '%s' | cmp -s - '%s'", produced, golden);
	return system(cmd) == 0;
}

/* Every example scenario (its own seed, one-day buckets) keeps the
 * invariants and reproduces its golden files (make update-golden). */
static void examples_match_golden(void **state)
{
	(void)state;
	glob_t g;
	assert_int_equal(glob(SR_SOURCE "/scenarios/*.ini", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 1);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *ini = g.gl_pathv[i];
		const char *base = strrchr(ini, '/') + 1;
		char name[128], args[1024], out[512], gold[512];
		snprintf(name, sizeof name, "%.*s", (int)(strlen(base) - 4), base);
		snprintf(args, sizeof args, "run '%s' -o '%s/%s' --bucket 1d --no-plots -q",
			 ini, tmp, name);
		if (run(args))
			fail_msg("%s did not run", ini);
		assert_true(check_series(name) >= 1);
		const char *files[] = {"timeseries", "summary"};
		for (int k = 0; k < 2; k++) {
			snprintf(out, sizeof out, "%s/%s/%s.csv", tmp, name, files[k]);
			snprintf(gold, sizeof gold, SR_SOURCE "/tests/golden/%s/%s.csv",
				 name, files[k]);
			if (!same_as_golden(out, gold))
				fail_msg("%s differs from %s (make update-golden after a "
					 "deliberate change)", out, gold);
		}
	}
	globfree(&g);
}

static void help_and_version(void **state)
{
	(void)state;
	assert_int_equal(run("--help"), 0);
	assert_true(contains("out", "commands:"));
	assert_int_equal(run("run --help"), 0);
	assert_true(contains("out", "--bucket"));
	assert_int_equal(run("--version"), 0);
	assert_true(contains("out", "sesramp "));
	write_file("small.ini", small);
	char args[1024];
	snprintf(args, sizeof args, "check '%s/small.ini'", tmp);
	assert_int_equal(run(args), 0);
	assert_true(contains("out", "[stream a]"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(run_writes_outputs_that_add_up, setup, teardown),
		cmocka_unit_test_setup_teardown(same_seed_same_files, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_scenarios_exit_2_and_leave_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(help_and_version, setup, teardown),
		cmocka_unit_test_setup_teardown(examples_match_golden, setup, teardown),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
