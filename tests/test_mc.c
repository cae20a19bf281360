/* Replications, comparison and the request date, end to end through the
 * program: quantile columns against a brute-force computation, output
 * independent of the thread count, common random numbers, and the request
 * date on a case known in closed form. */
#include "tests/test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/prog.h"

static const char small[] =
	"[simulation]\nduration = 3d\nbucket = 1h\n"
	"[stream a]\nvolume = 300k\nverified_share = 10%\n"
	"[stream b]\nvolume = 100k\n"
	"[migration]\nstrategy = quota_following\n";

#define COLS 19
#define NQ 5
#define REPS 7
#define ROWS 72

/* Splits a CSV line of plain fields (quotes dropped); empty -> NaN. */
static int fields(char *line, double *v, int max, int skip)
{
	int n = 0, i = 0;
	for (char *p = line, *end; p && n < max; p = end ? end + 1 : NULL, i++) {
		end = strpbrk(p, ",\n");
		if (end && *end == '\n') {
			*end = '\0';
			end = NULL;
		}
		if (i < skip)
			continue;
		char *stop;
		double x = strtod(p, &stop);
		v[n++] = stop == p ? NAN : x;
	}
	return n;
}

static double brute_quantile(double *x, int n, double p)
{
	for (int i = 1; i < n; i++)          /* insertion sort */
		for (int j = i; j > 0 && x[j - 1] > x[j]; j--) {
			double t = x[j];
			x[j] = x[j - 1];
			x[j - 1] = t;
		}
	double at = (n - 1) * p;
	int lo = (int)at;
	double d = at - lo;
	return lo + 1 < n ? (1 - d) * x[lo] + d * x[lo + 1] : x[lo];
}

/* Every replication's rows: [row][col][rep]. */
static double reps_v[ROWS][COLS][REPS];

static void read_replications(void)
{
	char *text = prog_read("mc/timeseries-replications.csv");
	assert_non_null(text);
	int rows = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !strncmp(line, "replication", 11))
			continue;
		char copy[4096];
		snprintf(copy, sizeof copy, "%s", line);
		int rep = atoi(copy);
		double v[COLS];
		assert_int_equal(fields(copy, v, COLS, 3), COLS);
		int row = rows++ % ROWS;
		for (int c = 0; c < COLS; c++)
			reps_v[row][c][rep] = v[c];
	}
	assert_int_equal(rows, ROWS * REPS);
	free(text);
}

static void check_cell(double *x, const double *q, int share)
{
	double v[REPS];
	int n = 0;
	for (int r = 0; r < REPS; r++)
		if (!isnan(x[r]))
			v[n++] = x[r];
	static const double p[NQ] = {0.05, 0.25, 0.5, 0.75, 0.95};
	for (int i = 0; i < (share ? 1 : NQ); i++) {
		double want = NAN;
		if (share && n) {
			want = 0;
			for (int k = 0; k < n; k++)
				want += v[k] / n;
		} else if (n) {
			want = brute_quantile(v, n, p[i]);
		}
		if (isnan(want))
			assert_true(isnan(q[i]));
		else
			assert_true(fabs(q[i] - want) <= 1e-9 * (1 + fabs(want)));
	}
}

static void quantile_columns_match_brute_force(void **state)
{
	(void)state;
	prog_write("small.ini", small);
	assert_int_equal(prog_run("run small.ini -o mc -r %d -j 2 "
				  "--keep-replications --no-plots -q", REPS), 0);
	read_replications();
	char *text = prog_read("mc/timeseries.csv");
	assert_non_null(text);
	int row = 0, header = 0, moved = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !header++) {
			if (line[0] != '#')
				assert_non_null(strstr(line, ",ses_sent_p05,"));
			continue;
		}
		double v[(COLS - 3) * NQ + 3];
		assert_int_equal(fields(line, v, (COLS - 3) * NQ + 3, 1),
				 (COLS - 3) * NQ + 3);
		for (int c = 0; c < COLS; c++)
			check_cell(reps_v[row][c], c < COLS - 3 ? &v[c * NQ] :
				   &v[(COLS - 3) * NQ + (c - (COLS - 3))], c >= COLS - 3);
		moved += v[1 * NQ + 0] != v[1 * NQ + 4];   /* ses_sent spreads */
		row++;
	}
	assert_int_equal(row, ROWS);
	assert_true(moved > 0);
	free(text);
}

static void output_independent_of_threads(void **state)
{
	(void)state;
	prog_write("small.ini", small);
	for (int j = 1; j <= 3; j += 2)
		assert_int_equal(prog_run("run small.ini -o j%d -r 6 -j %d "
					  "--keep-replications --no-plots -q", j, j), 0);
	const char *files[] = {"timeseries.csv", "summary.csv", "events.csv",
			       "timeseries-replications.csv"};
	for (int i = 0; i < 4; i++) {
		char a[128], b[128];
		snprintf(a, sizeof a, "j1/%s", files[i]);
		snprintf(b, sizeof b, "j3/%s", files[i]);
		assert_true(prog_same(a, b));
	}
	/* Another seed does change them. */
	assert_int_equal(prog_run("run small.ini -o s2 -r 6 --seed 2 --no-plots "
				  "-q"), 0);
	assert_false(prog_same("j1/timeseries.csv", "s2/timeseries.csv"));
}

/* In comparison.csv, the rows that are not the best: difference, p. */
static int nonzero_differences(const char *file, int *rows)
{
	char *text = prog_read(file);
	assert_non_null(text);
	int nonzero = 0;
	*rows = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !strncmp(line, "metric,", 7) ||
		    strstr(line, ",yes,"))
			continue;
		char *no = strstr(line, ",no,");
		assert_non_null(no);
		char *p = strchr(no + 4, ',');
		assert_non_null(p);
		double diff = no[4] == ',' ? 0 : atof(no + 4);
		double pv = atof(p + 1);
		nonzero += diff != 0 || pv != 1;
		(*rows)++;
	}
	free(text);
	return nonzero;
}

static void identical_scenarios_compare_equal(void **state)
{
	(void)state;
	prog_write("a.ini", small);
	prog_write("b.ini", "[simulation]\nduration = 3d\nbucket = 1h\n"
		   "[stream a]\nvolume = 300k\nverified_share = 10%\n"
		   "[stream b]\nvolume = 100k\n"
		   "[migration]\nstrategy = big_bang\n");
	assert_int_equal(prog_run("compare a.ini a.ini -r 5 -j 2 -o c1 "
				  "--no-plots -q"), 0);
	int rows;
	assert_int_equal(nonzero_differences("c1/comparison.csv", &rows), 0);
	assert_int_equal(rows, 8);
	assert_true(prog_same("c1/a/timeseries.csv", "c1/a-2/timeseries.csv"));
	/* A different plan does differ: the test can tell. */
	assert_int_equal(prog_run("compare a.ini b.ini -r 5 -j 2 -o c2 "
				  "--no-plots -q"), 0);
	assert_true(nonzero_differences("c2/comparison.csv", &rows) > 0);
}

/* Production at a fixed quota of 1,000 without growth; 500 recipients at
 * each 00:00 and 800 more on Thursday 2026-01-08 at 12:00: the window then
 * holds 1,300 and the traffic falls short that Thursday.  With a fixed
 * response delay of 24 business hours, the latest filing day is Wednesday
 * 2026-01-07 (answered Thursday 00:00); with 48 h, Tuesday. */
static const char closed_form[] =
	"[simulation]\nstart = 2026-01-05\nduration = 7d\nbucket = 1d\n"
	"[account main]\nstage = production\nmax_24h = 1000\nmax_rate = 14\n"
	"[growth]\nenabled = no\n"
	"[migration]\nstrategy = big_bang\n"
	"[workload]\nrecorded = rec.csv\n";

static const char recorded[] =
	"timestamp,count\n"
	"2026-01-05T00:00:00Z,500\n2026-01-06T00:00:00Z,500\n"
	"2026-01-07T00:00:00Z,500\n2026-01-08T00:00:00Z,500\n"
	"2026-01-08T12:00:00Z,800\n2026-01-09T00:00:00Z,500\n"
	"2026-01-10T00:00:00Z,500\n2026-01-11T00:00:00Z,500\n";

static void request_date_closed_form(void **state)
{
	(void)state;
	prog_write("rec.csv", recorded);
	prog_write("cf.ini", closed_form);
	const struct {
		const char *args, *dir, *file_by;
	} cases[] = {
		{"--set requests.increase_delay='24h, 24h'", "d1", "2026-01-07"},
		{"--set requests.increase_delay='24h, 24h' -r 3", "d3", "2026-01-07"},
		{"--set requests.increase_delay='48h, 48h' -r 3", "d48", "2026-01-06"},
		/* The scenario's own increase request is left out of the answer. */
		{"--set requests.increase_delay='24h, 24h' "
		 "--set 'account main.increase=0s: 5k'", "inc", "2026-01-07"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(prog_run("run cf.ini -o %s %s --no-plots",
					  cases[i].dir, cases[i].args), 0);
		char file[64], want[128];
		snprintf(file, sizeof file, "%s/summary.csv", cases[i].dir);
		snprintf(want, sizeof want, "\"file_request_by\",%s\"%s\"",
			 strstr(cases[i].args, "-r 3") ? "\"date\"," : "",
			 cases[i].file_by);
		if (!strstr(cases[i].args, "-r 3"))
			snprintf(want, sizeof want, "\"file_request_by\",\"%s\"",
				 cases[i].file_by);
		assert_true(prog_contains(file, want));
		assert_true(prog_contains(file, "1560"));    /* 1,300 + 20% */
		assert_true(prog_contains(file, "2026-01-08"));
		assert_true(prog_contains("out", "File a limit-increase request by"));
	}
}

static void when_reports_both_dates(void **state)
{
	(void)state;
	prog_write("rec.csv", recorded);
	prog_write("cf.ini", closed_form);
	assert_int_equal(prog_run("when cf.ini --target 1300 -r 2 -o w"), 0);
	assert_true(prog_contains("w/when.csv", "0,never,2026-01-08\n"
				  "1,never,2026-01-08\n"));
	assert_int_equal(prog_run("when cf.ini --target 1000 -o w2 -q"), 0);
	assert_true(prog_contains("w2/when.csv", "0,2026-01-05,2026-01-08\n"));
}

static void bad_usage_exits_2(void **state)
{
	(void)state;
	prog_write("a.ini", small);
	assert_int_equal(prog_run("run a.ini -r 2 -j 0 -o x"), 2);
	assert_true(prog_contains("err", "-j 0: expected"));
	assert_int_equal(prog_run("compare a.ini"), 2);
	assert_true(prog_contains("err", "at least two scenarios"));
	assert_int_equal(prog_run("when a.ini"), 2);
	assert_true(prog_contains("err", "--target"));
	assert_int_equal(prog_run("when a.ini --target 1.5x"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(quantile_columns_match_brute_force,
						prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(output_independent_of_threads,
						prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(identical_scenarios_compare_equal,
						prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(request_date_closed_form,
						prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(when_reports_both_dates,
						prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(bad_usage_exits_2,
						prog_setup, prog_teardown),
	};
	return cmocka_run_group_tests_name("mc", tests, NULL, NULL);
}
