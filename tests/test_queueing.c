/*
 * The engine against queueing theory: M/M/1 and M/D/1 at load 0.9 simulated
 * on the engine, 40 replications of 250,000 customers (the first 10,000 of
 * each left out as warm-up), run on two threads.  The theoretical mean wait
 * must lie inside the 99% t-interval of the replication means, and that
 * interval must be narrower than +-3% of it.  One run at this load is far
 * too noisy to compare with theory, hence replications.
 */
#include "tests/test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim/replicate.h"
#include "sim/rng.h"
#include "sim/stats.h"
#include "tests/queueing.h"

/* Shared by the job's callbacks: run reads the parameters (from any
 * thread), merge adds to the accumulator (on the calling thread only). */
struct study {
	struct qm_params params;
	struct sr_stats *means;
};

static int run_one(size_t rep, void *ctx, void **result)
{
	const struct study *s = ctx;
	gsl_rng *r = sr_rng_alloc(20261123, rep, "queueing");
	double *wait = malloc(sizeof *wait);
	struct qm_result res;
	int rc = (!r || !wait) ? -1 : qm_run(&s->params, r, &res);
	gsl_rng_free(r);
	if (rc) {
		free(wait);
		return -1;
	}
	*wait = res.mean_wait_s;
	*result = wait;
	return 0;
}

static int add_mean(size_t rep, void *result, void *ctx)
{
	(void)rep;
	struct study *s = ctx;
	int rc = sr_stats_add(s->means, *(double *)result);
	free(result);
	return rc;
}

static void discard_free(void *result, void *ctx)
{
	(void)ctx;
	free(result);
}

static void check_against_theory(const struct qm_params *p)
{
	struct study s = {.params = *p, .means = sr_stats_alloc()};
	assert_non_null(s.means);
	struct sr_replicate_job job = {
		.replications = 40, .threads = 2, .run = run_one,
		.merge = add_mean, .discard = discard_free, .ctx = &s,
	};
	assert_int_equal(sr_replicate_run(&job, NULL), 0);
	struct sr_mean_ci ci;
	assert_int_equal(sr_stats_mean_ci(s.means, 0.99, &ci), 0);
	double theory = qm_theory_wait(p);
	printf("    mean wait %.4f s, 99%% CI [%.4f, %.4f], theory %.4f s\n",
	       ci.mean, ci.lo, ci.hi, theory);
	assert_int_equal(ci.n, 40);
	assert_true(ci.lo <= theory && theory <= ci.hi);
	assert_true(ci.half_width < 0.03 * theory);
	sr_stats_free(s.means);
}

static void mm1_mean_wait_is_9(void **state)
{
	(void)state;
	struct qm_params p = {.arrival_rate = 0.9, .service_rate = 1.0,
			      .customers = 250000, .warmup = 10000};
	assert_float_equal(qm_theory_wait(&p), 9.0, 1e-12);
	check_against_theory(&p);
}

static void md1_mean_wait_is_4_5(void **state)
{
	(void)state;
	struct qm_params p = {.arrival_rate = 0.9, .service_rate = 1.0,
			      .deterministic = 1, .customers = 250000,
			      .warmup = 10000};
	assert_float_equal(qm_theory_wait(&p), 4.5, 1e-12);
	check_against_theory(&p);
}

/* The comparison has power: a service rate 3% too fast (a subtle engine or
 * model error) gives a mean wait that the same interval excludes. */
static void detects_a_small_error(void **state)
{
	(void)state;
	struct qm_params truth = {.arrival_rate = 0.9, .service_rate = 1.0,
				  .deterministic = 1, .customers = 250000,
				  .warmup = 10000};
	struct qm_params wrong = truth;
	wrong.service_rate = 1.03;
	struct study s = {.params = wrong, .means = sr_stats_alloc()};
	assert_non_null(s.means);
	struct sr_replicate_job job = {
		.replications = 40, .threads = 2, .run = run_one,
		.merge = add_mean, .discard = discard_free, .ctx = &s,
	};
	assert_int_equal(sr_replicate_run(&job, NULL), 0);
	struct sr_mean_ci ci;
	assert_int_equal(sr_stats_mean_ci(s.means, 0.99, &ci), 0);
	double theory = qm_theory_wait(&truth);
	assert_false(ci.lo <= theory && theory <= ci.hi);
	sr_stats_free(s.means);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mm1_mean_wait_is_9),
		cmocka_unit_test(md1_mean_wait_is_4_5),
		cmocka_unit_test(detects_a_small_error),
	};
	return cmocka_run_group_tests_name("queueing", tests, NULL, NULL);
}
