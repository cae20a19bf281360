/* Suppression list: binomial draws, the cap at the bad addresses, the share
 * of bad addresses left. */
#include "tests/test.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "models/suppression.h"

static gsl_rng *fixed_rng(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	assert_non_null(r);
	gsl_rng_set(r, 20240611);
	return r;
}

static void init_checks_its_counts(void **state)
{
	(void)state;
	struct sr_suppression s;
	assert_int_equal(sr_suppression_init(&s, -1, 0), -1);
	assert_int_equal(sr_suppression_init(&s, 10, -1), -1);
	assert_int_equal(sr_suppression_init(&s, 10, 11), -1);
	assert_int_equal(sr_suppression_init(&s, 10, 10), 0);
	assert_int_equal(s.suppressed, 0);
	/* bad is ignored for an unbounded list. */
	assert_int_equal(sr_suppression_init(&s, 0, 5), 0);
}

/* 10,000 draws of 50 recipients from a list with 10% suppressed: mean 5 and
 * variance 4.5 (binomial), each draw within [0, 50].  The bounds are 7
 * (mean) and 6 (variance) standard errors wide: a rounded mean (variance 0)
 * or a Poisson draw (variance 5) falls outside. */
static void draws_are_binomial(void **state)
{
	(void)state;
	struct sr_suppression s;
	assert_int_equal(sr_suppression_init(&s, 1000, 200), 0);
	sr_suppression_add(&s, 100);
	gsl_rng *r = fixed_rng();
	const int n = 10000;
	double sum = 0, sum2 = 0;
	for (int i = 0; i < n; i++) {
		int64_t k = sr_suppression_draw(&s, r, 50);
		assert_true(k >= 0 && k <= 50);
		sum += (double)k;
		sum2 += (double)k * (double)k;
	}
	double mean = sum / n;
	double var = (sum2 - n * mean * mean) / (n - 1);
	assert_true(fabs(mean - 5.0) < 0.15);
	assert_true(fabs(var - 4.5) < 0.4);
	gsl_rng_free(r);
}

/* A send too large for GSL's unsigned int of trials keeps its whole size:
 * 5e9 recipients at p = 0.5 have mean 2.5e9 and sd about 35,000. */
static void huge_sends_are_drawn_whole(void **state)
{
	(void)state;
	struct sr_suppression s;
	assert_int_equal(sr_suppression_init(&s, 1000, 600), 0);
	sr_suppression_add(&s, 500);
	gsl_rng *r = fixed_rng();
	const int64_t n = INT64_C(5000000000);
	for (int i = 0; i < 5; i++) {
		int64_t k = sr_suppression_draw(&s, r, n);
		assert_true(llabs(k - n / 2) < 350000);
	}
	gsl_rng_free(r);
}

/* Near GSL's own limit the draws still spread as a binomial: 40 draws of
 * 2^32 - 1 at p = 0.5 (GSL alone returns 2^31 nearly every time there).
 * Sample variance over n/4 lies within [0.3, 3]: chi-square with 39
 * degrees of freedom, far beyond its 0.1% tails. */
static void draws_near_the_int_limit_spread(void **state)
{
	(void)state;
	struct sr_suppression s;
	assert_int_equal(sr_suppression_init(&s, 1000, 600), 0);
	sr_suppression_add(&s, 500);
	gsl_rng *r = fixed_rng();
	const int64_t n = INT64_C(4294967295);
	const int m = 40;
	double k[40], mean = 0, var = 0;
	for (int i = 0; i < m; i++) {
		k[i] = (double)sr_suppression_draw(&s, r, n);
		mean += k[i] / m;
	}
	for (int i = 0; i < m; i++)
		var += (k[i] - mean) * (k[i] - mean) / (m - 1);
	double ratio = var / ((double)n / 4);
	assert_true(fabs(mean - (double)n / 2) < 6 * sqrt((double)n / 4 / m));
	assert_true(ratio > 0.3 && ratio < 3);
	gsl_rng_free(r);
}

static void everything_or_nothing_listed(void **state)
{
	(void)state;
	struct sr_suppression s;
	gsl_rng *r = fixed_rng();
	assert_int_equal(sr_suppression_init(&s, 1000, 1000), 0);
	assert_int_equal(sr_suppression_draw(&s, r, 100), 0);
	sr_suppression_add(&s, 1000);
	assert_int_equal(sr_suppression_draw(&s, r, 100), 100);
	assert_int_equal(sr_suppression_draw(&s, r, INT64_C(5000000000)),
			 INT64_C(5000000000));
	assert_int_equal(sr_suppression_draw(&s, r, 0), 0);
	gsl_rng_free(r);
}

/* Only addresses that hard-bounce are listed: the list stops at bad. */
static void add_stops_at_the_bad_addresses(void **state)
{
	(void)state;
	struct sr_suppression s;
	assert_int_equal(sr_suppression_init(&s, 1000, 200), 0);
	sr_suppression_add(&s, 150);
	assert_int_equal(s.suppressed, 150);
	sr_suppression_add(&s, 150);
	assert_int_equal(s.suppressed, 200);
	sr_suppression_add(&s, INT64_MAX);
	assert_int_equal(s.suppressed, 200);
	sr_suppression_add(&s, -50);
	assert_int_equal(s.suppressed, 200);
}

/* The share of bad addresses among those still mailed falls as bad ones are
 * listed, and is 0 once none is left. */
static void bad_share_falls_as_addresses_are_listed(void **state)
{
	(void)state;
	struct sr_suppression s;
	assert_int_equal(sr_suppression_init(&s, 1000, 200), 0);
	assert_true(sr_suppression_bad_share(&s) == 0.2);
	sr_suppression_add(&s, 100);
	assert_true(sr_suppression_bad_share(&s) == 100.0 / 900.0);
	double last = sr_suppression_bad_share(&s);
	for (int i = 0; i < 10; i++) {
		sr_suppression_add(&s, 10);
		double now = sr_suppression_bad_share(&s);
		assert_true(now < last);
		last = now;
	}
	assert_true(sr_suppression_bad_share(&s) == 0);
	/* A list of bad addresses only, all listed: nothing is left. */
	assert_int_equal(sr_suppression_init(&s, 50, 50), 0);
	assert_true(sr_suppression_bad_share(&s) == 1);
	sr_suppression_add(&s, 50);
	assert_true(sr_suppression_bad_share(&s) == 0);
}

/* An unbounded list (size 0): every send reaches a fresh address. */
static void size_zero_never_suppresses(void **state)
{
	(void)state;
	struct sr_suppression s;
	assert_int_equal(sr_suppression_init(&s, 0, 5), 0);
	sr_suppression_add(&s, 100);
	gsl_rng *r = fixed_rng();
	for (int i = 0; i < 1000; i++)
		assert_int_equal(sr_suppression_draw(&s, r, 1000), 0);
	assert_true(sr_suppression_bad_share(&s) == 0);
	gsl_rng_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_checks_its_counts),
		cmocka_unit_test(draws_are_binomial),
		cmocka_unit_test(huge_sends_are_drawn_whole),
		cmocka_unit_test(draws_near_the_int_limit_spread),
		cmocka_unit_test(everything_or_nothing_listed),
		cmocka_unit_test(add_stops_at_the_bad_addresses),
		cmocka_unit_test(bad_share_falls_as_addresses_are_listed),
		cmocka_unit_test(size_zero_never_suppresses),
	};
	return cmocka_run_group_tests_name("suppression", tests, NULL, NULL);
}
