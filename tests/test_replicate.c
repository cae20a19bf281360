/* Replication runner: results in order, identical for any thread count. */
#include "tests/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sim/replicate.h"
#include "sim/rng.h"

/* A replication draws a varying amount of work from its own stream, so
 * that replications finish out of order on several threads. */
static int run_draws(size_t rep, void *ctx, void **result)
{
	(void)ctx;
	gsl_rng *r = sr_rng_alloc(2026, rep, "test");
	if (!r)
		return -1;
	size_t n = 1000 + gsl_rng_uniform_int(r, 200000);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += gsl_ran_exponential(r, 1.0);
	gsl_rng_free(r);
	double *out = malloc(sizeof *out);
	if (!out)
		return -1;
	*out = sum / (double)n;
	*result = out;
	return 0;
}

struct transcript {
	char text[64 * 1024];
	size_t len;
	size_t next;
	int out_of_order;
};

static int merge_text(size_t rep, void *result, void *ctx)
{
	struct transcript *t = ctx;
	if (rep != t->next++)
		t->out_of_order = 1;
	t->len += (size_t)snprintf(t->text + t->len, sizeof t->text - t->len,
				   "%zu %.17g\n", rep, *(double *)result);
	free(result);
	return 0;
}

static void discard_free(void *result, void *ctx)
{
	(void)ctx;
	free(result);
}

static void run_job(unsigned threads, struct transcript *t)
{
	memset(t, 0, sizeof *t);
	struct sr_replicate_job job = {
		.replications = 64, .threads = threads, .run = run_draws,
		.merge = merge_text, .discard = discard_free, .ctx = t,
	};
	size_t failed;
	assert_int_equal(sr_replicate_run(&job, &failed), 0);
	assert_int_equal(t->next, 64);
	assert_false(t->out_of_order);
}

static void identical_for_any_thread_count(void **state)
{
	(void)state;
	static struct transcript one, two, five;
	run_job(1, &one);
	run_job(2, &two);
	run_job(5, &five);
	assert_string_equal(one.text, two.text);
	assert_string_equal(one.text, five.text);
}

static int run_fails_at_10(size_t rep, void *ctx, void **result)
{
	if (rep == 10)
		return 42;
	return run_draws(rep, ctx, result);
}

static void first_failure_in_order_is_reported(void **state)
{
	(void)state;
	static struct transcript t;
	for (unsigned threads = 1; threads <= 3; threads++) {
		memset(&t, 0, sizeof t);
		struct sr_replicate_job job = {
			.replications = 40, .threads = threads,
			.run = run_fails_at_10, .merge = merge_text,
			.discard = discard_free, .ctx = &t,
		};
		size_t failed = 0;
		assert_int_equal(sr_replicate_run(&job, &failed), 42);
		assert_int_equal(failed, 10);
		assert_int_equal(t.next, 10);   /* 0..9 merged, nothing after */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identical_for_any_thread_count),
		cmocka_unit_test(first_failure_in_order_is_reported),
	};
	return cmocka_run_group_tests_name("replicate", tests, NULL, NULL);
}
