/* Statistics: t intervals and quantiles against values worked by hand. */
#include "tests/test.h"

#include <math.h>

#include "sim/stats.h"

static void mean_ci_known_sample(void **state)
{
	(void)state;
	struct sr_stats *s = sr_stats_alloc();
	assert_non_null(s);
	double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
	for (int i = 0; i < 8; i++)
		assert_int_equal(sr_stats_add(s, x[i]), 0);
	struct sr_mean_ci ci;
	assert_int_equal(sr_stats_mean_ci(s, 0.95, &ci), 0);
	assert_int_equal(ci.n, 8);
	assert_float_equal(ci.mean, 5.0, 1e-12);
	/* Sample sd = sqrt(32/7); t(0.975, 7) = 2.364624252. */
	double sd = sqrt(32.0 / 7.0);
	assert_float_equal(ci.sd, sd, 1e-12);
	assert_float_equal(ci.half_width, 2.364624252 * sd / sqrt(8.0), 1e-8);
	assert_float_equal(ci.hi - ci.lo, 2 * ci.half_width, 1e-12);
	assert_int_equal(sr_stats_mean_ci(s, 1.0, &ci), -1);
	assert_int_equal(sr_stats_mean_ci(s, 0.0, &ci), -1);
	sr_stats_free(s);
}

static void mean_ci_needs_data(void **state)
{
	(void)state;
	struct sr_stats *s = sr_stats_alloc();
	assert_non_null(s);
	struct sr_mean_ci ci;
	assert_int_equal(sr_stats_mean_ci(s, 0.95, &ci), -1);
	assert_int_equal(sr_stats_add(s, 3), 0);
	assert_int_equal(sr_stats_mean_ci(s, 0.95, &ci), 0);
	assert_true(isnan(ci.half_width));
	assert_int_equal(sr_stats_n(s), 1);
	sr_stats_free(s);
	sr_stats_free(NULL);
}

static void quantiles_interpolate(void **state)
{
	(void)state;
	double data[] = {50, 10, 40, 20, 30};
	double p[] = {0, 0.05, 0.25, 0.5, 0.95, 1};
	double q[6];
	assert_int_equal(sr_stats_quantiles(data, 5, p, 6, q), 0);
	/* Position (n - 1) p between order statistics 10, 20, 30, 40, 50. */
	double want[] = {10, 12, 20, 30, 48, 50};
	for (int i = 0; i < 6; i++)
		assert_float_equal(q[i], want[i], 1e-12);
	double bad = 1.5;
	assert_int_equal(sr_stats_quantiles(data, 5, &bad, 1, q), -1);
	assert_int_equal(sr_stats_quantiles(data, 0, p, 1, q), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mean_ci_known_sample),
		cmocka_unit_test(mean_ci_needs_data),
		cmocka_unit_test(quantiles_interpolate),
	};
	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
