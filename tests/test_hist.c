/* Delay histogram: closed-form progressions, percentiles within a bin. */
#include "tests/test.h"

#include <math.h>

#include "sim/hist.h"

/* 10,000 recipients drained at 14/s: delays i/14 s, i = 1..10,000.  The
 * p-quantile of a uniform progression is p x 714 s; a bin is 12% wide. */
static void progression_percentiles(void **state)
{
	(void)state;
	struct sr_hist *h = sr_hist_alloc();
	assert_non_null(h);
	double dt = 1e6 / 14;
	assert_int_equal(sr_hist_add(h, 10000, dt, dt), 0);
	assert_true(sr_hist_count(h) == 10000);
	double ps[] = {0.05, 0.5, 0.9, 0.99};
	for (int i = 0; i < 4; i++) {
		double want = ps[i] * 10000 * dt;
		double got = sr_hist_quantile(h, ps[i]);
		assert_true(fabs(got - want) <= 0.12 * want);
	}
	sr_hist_free(h);
}

/* The closed form puts exactly as many terms in each bin as adding them
 * one by one does. */
static void closed_form_equals_one_by_one(void **state)
{
	(void)state;
	struct sr_hist *a = sr_hist_alloc(), *b = sr_hist_alloc();
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(sr_hist_add(a, 5000, 37.5, 12345.678), 0);
	for (int i = 0; i < 5000; i++)
		assert_int_equal(sr_hist_add(b, 1, 37.5 + i * 12345.678, 0), 0);
	for (double p = 0.01; p < 1; p += 0.07)
		assert_true(sr_hist_quantile(a, p) == sr_hist_quantile(b, p));
	assert_int_equal(sr_hist_merge(a, b), 0);
	assert_true(sr_hist_count(a) == 10000);
	sr_hist_free(a);
	sr_hist_free(b);
}

static void zero_delays_and_empty(void **state)
{
	(void)state;
	struct sr_hist *h = sr_hist_alloc();
	assert_non_null(h);
	assert_true(isnan(sr_hist_quantile(h, 0.5)));
	assert_int_equal(sr_hist_add(h, 100, 0, 0), 0);
	assert_true(sr_hist_quantile(h, 0.99) < 1e3);
	assert_int_equal(sr_hist_add(h, 1, -1, 0), -1);
	/* Beyond the range: counted in the last bin. */
	assert_int_equal(sr_hist_add(h, 1000, 1e15, 0), 0);
	assert_true(sr_hist_quantile(h, 0.99) > 1e13);
	sr_hist_free(h);
}

/* A value exactly on a bin's lower edge falls in that bin, and the double
 * just below it in the bin before: the lowest quantile of a histogram of
 * one value is the lower edge of its bin. */
static void edges_are_exact(void **state)
{
	(void)state;
	for (int i = 1; i <= 220; i++) {
		double edge = 1e3 * pow(10, (double)(i - 1) / 20);
		double below = 1e3 * pow(10, (double)(i - 2) / 20);
		struct sr_hist *h = sr_hist_alloc(), *g = sr_hist_alloc();
		assert_non_null(h);
		assert_non_null(g);
		assert_int_equal(sr_hist_add(h, 1, edge, 0), 0);
		assert_true(sr_hist_quantile(h, 0) == edge);
		assert_int_equal(sr_hist_add(g, 1, nextafter(edge, 0), 0), 0);
		assert_true(sr_hist_quantile(g, 0) == (i == 1 ? 0 : below));
		sr_hist_free(h);
		sr_hist_free(g);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(progression_percentiles),
		cmocka_unit_test(closed_form_equals_one_by_one),
		cmocka_unit_test(zero_delays_and_empty),
		cmocka_unit_test(edges_are_exact),
	};
	return cmocka_run_group_tests_name("hist", tests, NULL, NULL);
}
