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

#include "tests/prog.h"

#ifndef SR_SOURCE
#define SR_SOURCE "."
#endif

static const char small[] =
	"[simulation]\nduration = 10d\nbucket = 1h\n"
	"[stream a]\nvolume = 300k\nverified_share = 10%\n"
	"[stream b]\nvolume = 100k\n"
	"[migration]\nstrategy = quota_following\n";

static void run_writes_outputs_that_add_up(void **state)
{
	(void)state;
	prog_write("small.ini", small);
	char args[1024];
	snprintf(args, sizeof args, "run '%s/small.ini' -o '%s/o1' --no-plots -q", prog_tmp, prog_tmp);
	assert_int_equal(prog_run("%s", args), 0);
	assert_true(prog_contains("o1/timeseries.csv", "# sesramp"));
	assert_true(prog_contains("o1/events.csv", "access_granted"));
	assert_true(prog_contains("o1/summary.csv", "migration_complete"));
	assert_int_equal(prog_check_series("o1", NULL), 240);
}

static void same_seed_same_files(void **state)
{
	(void)state;
	prog_write("small.ini", small);
	char args[1024];
	for (int i = 1; i <= 2; i++) {
		snprintf(args, sizeof args, "run '%s/small.ini' -o '%s/r%d' --no-plots -q",
			 prog_tmp, prog_tmp, i);
		assert_int_equal(prog_run("%s", args), 0);
	}
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "cmp -s '%s/r1/timeseries.csv' '%s/r2/timeseries.csv' && "
		 "cmp -s '%s/r1/events.csv' '%s/r2/events.csv'", prog_tmp, prog_tmp, prog_tmp, prog_tmp);
	assert_int_equal(system(cmd), 0);
	/* The thread count changes nothing. */
	snprintf(args, sizeof args, "run '%s/small.ini' -o '%s/j2' -j 2 --no-plots -q",
		 prog_tmp, prog_tmp);
	assert_int_equal(prog_run("%s", args), 0);
	snprintf(cmd, sizeof cmd, "cmp -s '%s/r1/timeseries.csv' '%s/j2/timeseries.csv'",
		 prog_tmp, prog_tmp);
	assert_int_equal(system(cmd), 0);
	snprintf(args, sizeof args, "run '%s/small.ini' -o '%s/r3' --seed 2 --no-plots -q",
		 prog_tmp, prog_tmp);
	assert_int_equal(prog_run("%s", args), 0);
	snprintf(cmd, sizeof cmd, "cmp -s '%s/r1/timeseries.csv' '%s/r3/timeseries.csv'",
		 prog_tmp, prog_tmp);
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
		prog_write("bad.ini", cases[i].text);
		char args[1024], dir[512];
		snprintf(dir, sizeof dir, "%s/bad%zu", prog_tmp, i);
		snprintf(args, sizeof args, "run '%s/bad.ini' -o '%s' -q", prog_tmp, dir);
		assert_int_equal(prog_run("%s", args), 2);
		assert_true(prog_contains("err", cases[i].message));
		struct stat st;
		assert_int_equal(stat(dir, &st), -1);
	}
	char args[1024];
	prog_write("small.ini", small);
	snprintf(args, sizeof args, "run '%s/small.ini' --set client.pace=2 -q", prog_tmp);
	assert_int_equal(prog_run("%s", args), 2);
	assert_int_equal(prog_run("frobnicate"), 2);
	assert_int_equal(prog_run("run"), 2);
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
			 ini, prog_tmp, name);
		if (prog_run("%s", args))
			fail_msg("%s did not run", ini);
		assert_true(prog_check_series(name, NULL) >= 1);
		const char *files[] = {"timeseries", "summary"};
		for (int k = 0; k < 2; k++) {
			snprintf(out, sizeof out, "%s/%s/%s.csv", prog_tmp, name, files[k]);
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
	assert_int_equal(prog_run("--help"), 0);
	assert_true(prog_contains("out", "commands:"));
	assert_int_equal(prog_run("run --help"), 0);
	assert_true(prog_contains("out", "--bucket"));
	assert_int_equal(prog_run("--version"), 0);
	assert_true(prog_contains("out", "sesramp "));
	prog_write("small.ini", small);
	char args[1024];
	snprintf(args, sizeof args, "check '%s/small.ini'", prog_tmp);
	assert_int_equal(prog_run("%s", args), 0);
	assert_true(prog_contains("out", "[stream a]"));
}

/* Whether every named PNG under prog_tmp/dir/plots holds something. */
static int drawn(const char *dir, const char *const names[], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char path[512];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s/plots/%s.png", prog_tmp, dir,
			 names[i]);
		if (stat(path, &st) || st.st_size == 0) {
			print_message("not drawn: %s\n", path);
			return 0;
		}
	}
	return 1;
}

/*
 * Every plot script runs through gnuplot without an error (`sesramp plot`
 * then exits 0) and leaves its PNG: a run's four plots, a replicated run's
 * four fan charts, a comparison's two overlays.  Skipped where gnuplot is
 * not installed; CI runs this again once `make demo` has installed it.
 */
static void plots_are_drawn_for_every_kind_of_run(void **state)
{
	(void)state;
	static const char *const run[] = {"quota", "share", "backlog",
					  "reputation"};
	static const char *const fan[] = {"fan-quota", "fan-traffic",
					  "fan-backlog", "fan-share"};
	static const char *const cmp[] = {"compare-share", "compare-quota"};
	if (system("command -v gnuplot >/dev/null 2>&1") != 0) {
		print_message("plots: skipped: gnuplot is not installed\n");
		skip();
	}
	assert_int_equal(setenv("SESRAMP_PLOTDIR", SR_SOURCE "/output/plots",
				1), 0);
	prog_write("small.ini", small);
	prog_write("other.ini", "[simulation]\nduration = 10d\nbucket = 1h\n"
		   "[stream a]\nvolume = 300k\n"
		   "[migration]\nstrategy = big_bang\n");
	char args[1024];
	snprintf(args, sizeof args, "run '%s/small.ini' -o '%s/one' --no-plots -q",
		 prog_tmp, prog_tmp);
	assert_int_equal(prog_run("%s", args), 0);
	snprintf(args, sizeof args, "run '%s/small.ini' -o '%s/fan' -r 3 --no-plots -q",
		 prog_tmp, prog_tmp);
	assert_int_equal(prog_run("%s", args), 0);
	snprintf(args, sizeof args, "compare '%s/small.ini' '%s/other.ini' -r 2 "
		 "-o '%s/cmp' --no-plots -q", prog_tmp, prog_tmp, prog_tmp);
	assert_int_equal(prog_run("%s", args), 0);
	const char *dirs[] = {"one", "fan", "cmp"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(args, sizeof args, "plot '%s/%s'", prog_tmp, dirs[i]);
		assert_int_equal(prog_run("%s", args), 0);
	}
	assert_true(drawn("one", run, 4));
	assert_true(drawn("fan", fan, 4));
	assert_true(drawn("cmp", cmp, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(run_writes_outputs_that_add_up, prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(same_seed_same_files, prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(bad_scenarios_exit_2_and_leave_nothing, prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(help_and_version, prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(examples_match_golden, prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(plots_are_drawn_for_every_kind_of_run, prog_setup, prog_teardown),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
