/*
 * bench queue: the event queue alone, in the classic hold model: a queue of
 * N pending events, each step pops the earliest and pushes one at a random
 * later time.  Built once per heap arity (SR_QUEUE_ARITY), so that the
 * choice of arity in sim/queue.h rests on a measurement.
 */
#include <stdio.h>

#include <gsl/gsl_randist.h>

#include "bench/timer.h"
#include "sim/queue.h"
#include "sim/rng.h"

static int nop(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)e, (void)ctx, (void)arg;
	return 0;
}

static double hold(size_t pending, size_t steps, gsl_rng *r)
{
	struct sr_queue q;
	if (sr_queue_init(&q, pending + 1))
		return -1;
	for (size_t i = 0; i < pending; i++)
		sr_queue_push(&q, (int64_t)gsl_rng_uniform_int(r, 1000000), 0,
			      nop, NULL, 0, NULL);
	/* Increments are drawn beforehand so only the queue is timed. */
	static int64_t inc[1 << 16];
	for (size_t i = 0; i < sizeof inc / sizeof *inc; i++)
		inc[i] = (int64_t)gsl_ran_exponential(r, (double)pending * 1000.0);
	struct sr_event ev = {0};
	double t0 = bench_now();
	for (size_t i = 0; i < steps; i++) {
		sr_queue_pop(&q, &ev);
		sr_queue_push(&q, ev.time_us + inc[i & 0xffff], 0, nop, NULL, 0,
			      NULL);
	}
	double dt = bench_now() - t0;
	sr_queue_reset(&q);
	return (double)steps / dt;
}

int main(void)
{
	gsl_rng *r = sr_rng_alloc(1, 0, "bench-queue");
	if (!r)
		return 1;
	size_t sizes[] = {10, 1000, 100000};
	for (size_t i = 0; i < 3; i++) {
		double best = 0;
		for (int round = 0; round < 3; round++) {
			double rate = hold(sizes[i], 4000000, r);
			if (rate > best)
				best = rate;
		}
		printf("bench queue_d%d hold%zu_ops_per_s %.3g\n", SR_QUEUE_ARITY,
		       sizes[i], best);
	}
	gsl_rng_free(r);
	return 0;
}
