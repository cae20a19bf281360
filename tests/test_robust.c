/* Numerical robustness: odd but valid scenarios run to the end and keep
 * every invariant (each recipient in one fate, SentLast24Hours never above
 * the quota): no traffic, traffic far over any quota for a year, a quota of
 * one, a rate of a million per second, every address bouncing. */
#include "tests/test.h"

#include <stdio.h>
#include <stdlib.h>

#include "tests/prog.h"

static void run_case(const char *text, int rows, long long *ses)
{
	prog_write("s.ini", text);
	assert_int_equal(prog_run("run s.ini -o o --no-plots -q"), 0);
	assert_int_equal(prog_check_series("o", ses), rows);
}

static void zero_traffic(void **state)
{
	(void)state;
	long long ses;
	run_case("[simulation]\nduration = 30d\nbucket = 1d\n"
		 "[stream a]\nvolume = 0\n", 30, &ses);
	assert_int_equal(ses, 0);
	assert_true(prog_contains("o/summary.csv", "\"demand\",\"0\""));
}

static void far_over_quota_for_a_year(void **state)
{
	(void)state;
	long long ses;
	run_case("[simulation]\nduration = 365d\nbucket = 1d\n"
		 "[account main]\nstage = production\nmax_24h = 1000\n"
		 "[growth]\nenabled = no\n"
		 "[stream a]\nvolume = 5M\n"
		 "[migration]\nstrategy = big_bang\n"
		 "[workload]\ninterval = 1h\n", 365, &ses);
	assert_true(ses <= 365 * 1000 + 1000);
	assert_true(ses >= 364 * 1000);
}

static void quota_of_one(void **state)
{
	(void)state;
	long long ses;
	run_case("[simulation]\nduration = 10d\nbucket = 1h\n"
		 "[account main]\nstage = production\nmax_24h = 1\nmax_rate = 1\n"
		 "[growth]\nenabled = no\n"
		 "[stream a]\nvolume = 1000\n"
		 "[migration]\nstrategy = big_bang\n", 240, &ses);
	assert_true(ses <= 10 && ses >= 9);
}

static void a_million_per_second(void **state)
{
	(void)state;
	long long ses;
	run_case("[simulation]\nduration = 7d\nbucket = 1h\n"
		 "[account main]\nstage = production\nmax_24h = unlimited\n"
		 "max_rate = 1000000\n"
		 "[stream a]\nvolume = 50M\n"
		 "[migration]\nstrategy = big_bang\n", 168, &ses);
	assert_true(ses > 0);
	assert_true(prog_contains("o/summary.csv", "\"backlog_at_end\",\"0\""));
}

static void every_address_bounces(void **state)
{
	(void)state;
	long long ses;
	run_case("[simulation]\nduration = 30d\nbucket = 1d\n"
		 "[account main]\nstage = production\n"
		 "[stream a]\nvolume = 20k\nhard_bounce = 100%\n"
		 "[migration]\nstrategy = big_bang\n", 30, &ses);
	assert_true(prog_contains("o/events.csv", "paused"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(zero_traffic, prog_setup,
						prog_teardown),
		cmocka_unit_test_setup_teardown(far_over_quota_for_a_year,
						prog_setup, prog_teardown),
		cmocka_unit_test_setup_teardown(quota_of_one, prog_setup,
						prog_teardown),
		cmocka_unit_test_setup_teardown(a_million_per_second, prog_setup,
						prog_teardown),
		cmocka_unit_test_setup_teardown(every_address_bounces, prog_setup,
						prog_teardown),
	};
	return cmocka_run_group_tests_name("robust", tests, NULL, NULL);
}
