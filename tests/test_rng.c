/* Random streams: reproducible, distinct per purpose and replication. */
#include "tests/test.h"

#include <string.h>

#include "sim/rng.h"

static void draws(uint64_t seed, uint64_t rep, const char *purpose,
		  unsigned long *out, int n)
{
	gsl_rng *r = sr_rng_alloc(seed, rep, purpose);
	assert_non_null(r);
	for (int i = 0; i < n; i++)
		out[i] = gsl_rng_get(r);
	gsl_rng_free(r);
}

static void same_seed_same_draws(void **state)
{
	(void)state;
	unsigned long a[100], b[100];
	draws(42, 3, "arrivals", a, 100);
	draws(42, 3, "arrivals", b, 100);
	assert_memory_equal(a, b, sizeof a);
	/* Re-seeding an existing generator gives the same stream. */
	gsl_rng *r = sr_rng_alloc(1, 1, "x");
	assert_non_null(r);
	sr_rng_seed(r, 42, 3, "arrivals");
	for (int i = 0; i < 100; i++)
		assert_int_equal(gsl_rng_get(r), a[i]);
	gsl_rng_free(r);
	assert_string_equal(gsl_rng_name(r = sr_rng_alloc(0, 0, "")), SR_RNG_NAME);
	gsl_rng_free(r);
}

static void purposes_replications_and_seeds_differ(void **state)
{
	(void)state;
	unsigned long base[8], other[8];
	draws(42, 3, "arrivals", base, 8);
	draws(42, 3, "bounces", other, 8);
	assert_memory_not_equal(base, other, sizeof base);
	draws(42, 4, "arrivals", other, 8);
	assert_memory_not_equal(base, other, sizeof base);
	draws(43, 3, "arrivals", other, 8);
	assert_memory_not_equal(base, other, sizeof base);
	/* A thousand streams of one run (500 replications, 2 purposes) have a
	 * thousand distinct seeds. */
	static unsigned long seeds[1000];
	for (int i = 0; i < 1000; i++)
		seeds[i] = sr_rng_stream_seed(7, (uint64_t)i / 2,
					      i % 2 ? "arrivals" : "delays");
	for (int i = 0; i < 1000; i++)
		for (int j = i + 1; j < 1000; j++)
			assert_true(seeds[i] != seeds[j]);
}

/* The rule depends on nothing but (seed, replication, purpose): the seed of
 * one stream is the same whatever other streams were made before it. */
static void streams_do_not_depend_on_order(void **state)
{
	(void)state;
	unsigned long first = sr_rng_stream_seed(11, 5, "requests");
	for (int i = 0; i < 50; i++)
		(void)sr_rng_stream_seed(11, (uint64_t)i, "new purpose");
	assert_int_equal(sr_rng_stream_seed(11, 5, "requests"), first);
	/* Pinned values: the rule is part of the output contract (a stored
	 * scenario and seed must reproduce), so changing it must be a deliberate
	 * change that updates these numbers. */
	assert_int_equal(sr_rng_stream_seed(0, 0, ""), 2562825857ul);
	assert_int_equal(sr_rng_stream_seed(42, 3, "arrivals"), 1452304781ul);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_seed_same_draws),
		cmocka_unit_test(purposes_replications_and_seeds_differ),
		cmocka_unit_test(streams_do_not_depend_on_order),
	};
	return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
