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

/* "Never" is +infinity: a quantile with weight on it is never. */
static void quantiles_with_infinity(void **state)
{
	(void)state;
	double x[] = {INFINITY, 3, 1, 2, INFINITY};
	double p[] = {0, 0.5, 0.6, 1}, q[4];
	assert_int_equal(sr_stats_quantiles(x, 5, p, 4, q), 0);
	assert_true(q[0] == 1 && q[1] == 3);
	assert_true(isinf(q[2]) && isinf(q[3]));     /* 3 x 0.6 + inf x 0.4 */
}

static void paired_identical_is_no_difference(void **state)
{
	(void)state;
	double a[] = {1, 5, 2, INFINITY, 7}, d, p;
	assert_int_equal(sr_stats_paired(a, a, 5, &d, &p), 0);
	assert_true(d == 0 && p == 1);
	double b[] = {1, 5, 2, 4, 7};
	assert_int_equal(sr_stats_paired(b, b, 5, &d, &p), 0);
	assert_true(d == 0 && p == 1);
}

/* The paired t-test against a value worked by hand: differences 1, 2, 3,
 * 2, 2: mean 2, sd sqrt(0.5), t = 2 / (sqrt(0.5) / sqrt(5)) = 6.3246,
 * 4 degrees of freedom: two-sided p = 0.003198. */
static void paired_t_test(void **state)
{
	(void)state;
	double a[] = {10, 20, 30, 40, 50}, b[] = {11, 22, 33, 42, 52}, d, p;
	assert_int_equal(sr_stats_paired(a, b, 5, &d, &p), 0);
	assert_true(fabs(d - 2) < 1e-12);
	assert_true(fabs(p - 0.003198) < 1e-5);
	double c[] = {11, 22, 33, 42, 52};
	assert_int_equal(sr_stats_paired(a, c, 5, &d, &p), 0);
	assert_int_equal(sr_stats_paired(c, a, 5, &d, &p), 0);
	assert_true(fabs(d + 2) < 1e-12);
}

/* With a "never", the sign test: 6 of 6 pairs one way: p = 2 / 64. */
static void paired_sign_test(void **state)
{
	(void)state;
	double a[] = {1, 2, 3, 4, 5, 6}, b[] = {2, 3, 4, 5, 6, INFINITY}, d, p;
	assert_int_equal(sr_stats_paired(a, b, 6, &d, &p), 0);
	assert_true(fabs(p - 2.0 / 64) < 1e-12);
	assert_true(fabs(d - 1) < 1e-12);            /* over finite pairs */
	double n[] = {NAN, NAN};
	assert_int_equal(sr_stats_paired(n, n, 2, &d, &p), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mean_ci_known_sample),
		cmocka_unit_test(mean_ci_needs_data),
		cmocka_unit_test(quantiles_interpolate),
		cmocka_unit_test(quantiles_with_infinity),
		cmocka_unit_test(paired_identical_is_no_difference),
		cmocka_unit_test(paired_t_test),
		cmocka_unit_test(paired_sign_test),
	};
	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
