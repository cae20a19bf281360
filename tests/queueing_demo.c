/*
 * A demonstration of the engine: M/M/1 and M/D/1 queues at load 0.9,
 * 20 replications each on two threads, against queueing theory.
 */
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "sim/replicate.h"
#include "sim/rng.h"
#include "sim/stats.h"
#include "tests/queueing.h"

struct study {
	struct qm_params params;
	struct sr_stats *means;
	uint64_t events;
};

static int run_one(size_t rep, void *ctx, void **result)
{
	const struct study *s = ctx;
	gsl_rng *r = sr_rng_alloc(1, rep, "queueing");
	struct qm_result *res = malloc(sizeof *res);
	int rc = (!r || !res) ? -1 : qm_run(&s->params, r, res);
	gsl_rng_free(r);
	if (rc) {
		free(res);
		return -1;
	}
	*result = res;
	return 0;
}

static int merge(size_t rep, void *result, void *ctx)
{
	(void)rep;
	struct study *s = ctx;
	const struct qm_result *res = result;
	s->events += res->events;
	int rc = sr_stats_add(s->means, res->mean_wait_s);
	free(result);
	return rc;
}

static int report(const char *name, int deterministic)
{
	struct study s = {
		.params = {.arrival_rate = 0.9, .service_rate = 1.0,
			   .deterministic = deterministic, .customers = 200000,
			   .warmup = 10000},
		.means = sr_stats_alloc(),
	};
	if (!s.means)
		return -1;
	struct sr_replicate_job job = {
		.replications = 20, .threads = 2, .run = run_one,
		.merge = merge, .ctx = &s,
	};
	struct sr_mean_ci ci;
	int rc = sr_replicate_run(&job, NULL);
	if (rc == 0)
		rc = sr_stats_mean_ci(s.means, 0.99, &ci);
	if (rc == 0)
		printf("%-6s  %8.4f  [%8.4f, %8.4f]  %8.4f  %10llu\n", name,
		       ci.mean, ci.lo, ci.hi, qm_theory_wait(&s.params),
		       (unsigned long long)s.events);
	sr_stats_free(s.means);
	return rc;
}

int main(void)
{
	gsl_set_error_handler_off();
	printf("Mean wait in queue (s), load 0.9, 20 replications x 200,000 "
	       "customers, generator %s\n\n", SR_RNG_NAME);
	printf("%-6s  %8s  %-20s  %8s  %10s\n", "model", "simulated",
	       "99% interval", "theory", "events");
	if (report("M/M/1", 0) || report("M/D/1", 1)) {
		fprintf(stderr, "queueing demo: a replication failed\n");
		return 1;
	}
	return 0;
}
