/* Limiter: rolling 24-hour window and token bucket, against brute force. */
#include "tests/test.h"

#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "models/limiter.h"
#include "sim/clock.h"

#define DAY SR_US_PER_DAY
#define SEC SR_US_PER_S

struct send { int64_t t, k; };

/* Recipients sent in (t - span, t]. */
static int64_t sum_in(const struct send *s, size_t n, int64_t t, int64_t span)
{
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i].t > t - span && s[i].t <= t)
			sum += s[i].k;
	return sum;
}

/* SentLast24Hours by definition: sends in (t - 24 h, t]. */
static int64_t brute_sum(const struct send *s, size_t n, int64_t t)
{
	return sum_in(s, n, t, DAY);
}

/* Random sends on whole seconds over five days, queried at random instants
 * between them: the window agrees with the definition exactly. */
static void window_matches_brute_force(void **state)
{
	(void)state;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	for (unsigned long seed = 1; seed <= 3; seed++) {
		gsl_rng_set(r, seed);
		const size_t n = 3000;
		struct send *s = malloc(n * sizeof *s);
		assert_non_null(s);
		struct sr_window w;
		assert_int_equal(sr_window_init(&w), 0);
		int64_t t = 0;
		for (size_t i = 0; i < n; i++) {
			t += (int64_t)gsl_rng_uniform_int(r, 300) * SEC;
			int64_t q = t - (int64_t)gsl_rng_uniform_int(r, 2) * SEC / 2;
			if (q >= w.now_us)
				assert_int_equal(sr_window_sum(&w, q),
						 brute_sum(s, i, q));
			s[i] = (struct send){t, 1 + (int64_t)gsl_rng_uniform_int(r, 50)};
			assert_int_equal(sr_window_add(&w, t, s[i].k), 0);
			assert_int_equal(sr_window_sum(&w, t), brute_sum(s, i + 1, t));
		}
		/* And as everything rolls out afterwards. */
		for (int64_t q = t; q <= t + DAY + SEC; q += 7 * 60 * SEC + 1)
			assert_int_equal(sr_window_sum(&w, q), brute_sum(s, n, q));
		assert_int_equal(sr_window_sum(&w, t + DAY), 0);
		sr_window_reset(&w);
		free(s);
	}
	gsl_rng_free(r);
}

static void send_rolls_out_exactly_24h_later(void **state)
{
	(void)state;
	struct sr_window w;
	assert_int_equal(sr_window_init(&w), 0);
	int64_t t0 = 5 * SEC;
	assert_int_equal(sr_window_add(&w, t0, 3), 0);
	assert_int_equal(sr_window_sum(&w, t0 + DAY - 1), 3);
	assert_int_equal(sr_window_sum(&w, t0 + DAY), 0);
	sr_window_reset(&w);
}

/* Between whole seconds a send is filed under the next second: it never
 * rolls out early, and at most one second late. */
static void fractional_sends_never_roll_out_early(void **state)
{
	(void)state;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	gsl_rng_set(r, 8);
	struct sr_window w;
	assert_int_equal(sr_window_init(&w), 0);
	const size_t n = 2000;
	struct send *s = malloc(n * sizeof *s);
	assert_non_null(s);
	int64_t t = 0;
	for (size_t i = 0; i < n; i++) {
		t += 1 + (int64_t)gsl_rng_uniform_int(r, 120 * SEC);
		s[i] = (struct send){t, 1};
		assert_int_equal(sr_window_add(&w, t, 1), 0);
		int64_t q = t + (int64_t)gsl_rng_uniform_int(r, 60 * SEC);
		int64_t got = sr_window_sum(&w, q);
		assert_true(got >= brute_sum(s, i + 1, q));
		assert_true(got <= sum_in(s, i + 1, q, DAY + SEC));
		t = q;   /* the window's time never goes backwards */
	}
	free(s);
	sr_window_reset(&w);
	gsl_rng_free(r);
}

/* The earliest time n more fit: fits then, and not a microsecond before. */
static void fit_time_is_the_earliest(void **state)
{
	(void)state;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	gsl_rng_set(r, 3);
	const size_t n = 500;
	const int64_t quota = 5000;
	struct send *s = malloc(n * sizeof *s);
	assert_non_null(s);
	struct sr_window w;
	assert_int_equal(sr_window_init(&w), 0);
	int64_t t = 0;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		t += (int64_t)gsl_rng_uniform_int(r, 900) * SEC;
		int64_t k = 1 + (int64_t)gsl_rng_uniform_int(r, 100);
		int64_t at = sr_window_fit_time(&w, t, k, quota);
		assert_true(at >= t);
		assert_true(brute_sum(s, m, at) + k <= quota);
		if (at > t)
			assert_true(brute_sum(s, m, at - 1) + k > quota);
		t = at;
		s[m++] = (struct send){t, k};
		assert_int_equal(sr_window_add(&w, t, k), 0);
	}
	assert_int_equal(sr_window_fit_time(&w, t, quota + 1, quota), INT64_MAX);
	assert_int_equal(sr_window_add(&w, t - 1, 1), -1);
	free(s);
	sr_window_reset(&w);
	gsl_rng_free(r);
}

/* A window holds at most one entry per second however much is sent. */
static void memory_does_not_grow_with_volume(void **state)
{
	(void)state;
	struct sr_window w;
	assert_int_equal(sr_window_init(&w), 0);
	for (int64_t t = 0; t < 3 * DAY; t += SEC / 100)
		assert_int_equal(sr_window_add(&w, t, 7), 0);
	assert_true(w.cap <= 2 * (size_t)(DAY / SEC + 1));
	/* The send at exactly 2 days rolls out at exactly 3 days. */
	assert_int_equal(sr_window_sum(&w, 3 * DAY), 7 * (100 * (DAY / SEC) - 1));
	sr_window_reset(&w);
}

/* A greedy single-recipient sender at random instants: over any interval,
 * accepted recipients <= rate x interval + burst. */
static void bucket_never_exceeds_rate_plus_burst(void **state)
{
	(void)state;
	const double rates[] = {1, 14, 3.5};
	const double bursts[] = {1, 14, 10};
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	gsl_rng_set(r, 11);
	int64_t *acc = malloc(4000 * sizeof *acc);
	assert_non_null(acc);
	for (int c = 0; c < 3; c++) {
		struct sr_bucket b;
		sr_bucket_init(&b, 0, rates[c], bursts[c]);
		size_t n = 0;
		int64_t t = 0;
		while (n < 4000) {
			t += (int64_t)gsl_rng_uniform_int(r, (unsigned long)(SEC / rates[c] / 4));
			if (sr_bucket_ready(&b, t)) {
				sr_bucket_take(&b, t, 1);
				acc[n++] = t;
			}
		}
		for (size_t i = 0; i < n; i++)
			for (size_t j = i; j < n && j < i + 400; j++) {
				double allowed = rates[c] * (double)(acc[j] - acc[i]) / SEC +
						 bursts[c];
				assert_true((double)(j - i + 1) <= allowed + 1e-9);
			}
		/* The sender was greedy enough to use most of the rate. */
		double achieved = (double)n / ((double)t / SEC);
		assert_true(achieved > 0.8 * rates[c]);
	}
	free(acc);
	gsl_rng_free(r);
}

/* ses-facts 3: at 1/s, an email to 10 recipients can be sent once every
 * 10 seconds: the bucket goes 9 tokens into debt. */
static void multi_recipient_debt(void **state)
{
	(void)state;
	struct sr_bucket b;
	sr_bucket_init(&b, 0, 1.0, 1.0);
	assert_true(sr_bucket_ready(&b, 0));
	sr_bucket_take(&b, 0, 10);
	assert_true(sr_bucket_tokens(&b, 0) == -9.0);
	for (int64_t s = 1; s < 10; s++)
		assert_false(sr_bucket_ready(&b, s * SEC));
	assert_false(sr_bucket_ready(&b, 10 * SEC - 1));
	assert_int_equal(sr_bucket_ready_time(&b, 10 * SEC - 1), 10 * SEC);
	assert_true(sr_bucket_ready(&b, 10 * SEC));
	sr_bucket_take(&b, 10 * SEC, 10);
	assert_int_equal(sr_bucket_ready_time(&b, 10 * SEC), 20 * SEC);
}

static void rate_change_keeps_tokens_capped(void **state)
{
	(void)state;
	struct sr_bucket b;
	sr_bucket_init(&b, 0, 14, 14);
	sr_bucket_take(&b, 0, 14);
	assert_true(sr_bucket_tokens(&b, SEC / 2) == 7.0);
	sr_bucket_set_rate(&b, SEC / 2, 28, 28);
	assert_true(sr_bucket_tokens(&b, SEC) == 21.0);
	sr_bucket_set_rate(&b, SEC, 2, 2);
	assert_true(sr_bucket_tokens(&b, SEC) == 2.0);
	/* A fractional rate: 0.5 per second makes a token in 2 s. */
	sr_bucket_set_rate(&b, SEC, 0.5, 1);
	sr_bucket_take(&b, SEC, 1);
	assert_int_equal(sr_bucket_ready_time(&b, SEC), SEC + 2 * SEC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(window_matches_brute_force),
		cmocka_unit_test(send_rolls_out_exactly_24h_later),
		cmocka_unit_test(fractional_sends_never_roll_out_early),
		cmocka_unit_test(fit_time_is_the_earliest),
		cmocka_unit_test(memory_does_not_grow_with_volume),
		cmocka_unit_test(bucket_never_exceeds_rate_plus_burst),
		cmocka_unit_test(multi_recipient_debt),
		cmocka_unit_test(rate_change_keeps_tokens_capped),
	};
	return cmocka_run_group_tests_name("limiter", tests, NULL, NULL);
}
