/*
 * bench mm1: the M/M/1 queue (load 0.9, 1,000,000 customers) on the engine,
 * and in the same run a minimal hand-written loop of the same model (a plain
 * binary heap of event times, no engine) as the baseline.  Both draw the same
 * random numbers in the same order, so their mean waits agree.  Each is run
 * five times, alternating, and the fastest run of each is reported.
 */
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "bench/timer.h"
#include "sim/rng.h"
#include "tests/queueing.h"

#define CUSTOMERS 1000000
#define ROUNDS 5

struct hand_event {
	int64_t time_us;
	uint64_t seq;
	int departure;
};

struct hand_heap {
	struct hand_event *a;
	size_t n;
};

static int earlier(const struct hand_event *x, const struct hand_event *y)
{
	return x->time_us < y->time_us ||
	       (x->time_us == y->time_us && x->seq < y->seq);
}

static void hand_push(struct hand_heap *h, struct hand_event ev)
{
	size_t i = h->n++;
	while (i > 0 && earlier(&ev, &h->a[(i - 1) / 2])) {
		h->a[i] = h->a[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->a[i] = ev;
}

static struct hand_event hand_pop(struct hand_heap *h)
{
	struct hand_event top = h->a[0], last = h->a[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && earlier(&h->a[c + 1], &h->a[c]))
			c++;
		if (!earlier(&h->a[c], &last))
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	h->a[i] = last;
	return top;
}

static int64_t draw_us(gsl_rng *r, double rate)
{
	return (int64_t)(gsl_ran_exponential(r, 1e6 / rate) + 0.5);
}

/* The baseline: the same model as tests/queueing.c, written out by hand. */
static double hand_mm1(gsl_rng *r, size_t customers, uint64_t *events)
{
	struct hand_heap h = {malloc(16 * sizeof *h.a), 0};
	int64_t *line = malloc(customers * sizeof *line);
	size_t head = 0, tail = 0, arrived = 0;
	uint64_t seq = 0, n = 0;
	int busy = 0;
	double wait_sum = 0;
	if (!h.a || !line)
		abort();
	hand_push(&h, (struct hand_event){draw_us(r, 0.9), seq++, 0});
	while (h.n) {
		struct hand_event ev = hand_pop(&h);
		n++;
		if (!ev.departure) {
			if (++arrived < customers)
				hand_push(&h, (struct hand_event){
					ev.time_us + draw_us(r, 0.9), seq++, 0});
			if (busy) {
				line[tail++] = ev.time_us;
				continue;
			}
		} else if (head == tail) {
			busy = 0;
			continue;
		}
		int64_t since = ev.departure ? line[head++] : ev.time_us;
		wait_sum += (double)(ev.time_us - since);
		busy = 1;
		hand_push(&h, (struct hand_event){ev.time_us + draw_us(r, 1.0),
						  seq++, 1});
	}
	free(h.a);
	free(line);
	*events = n;
	return wait_sum / (double)customers / 1e6;
}

int main(void)
{
	gsl_set_error_handler_off();
	struct qm_params p = {.arrival_rate = 0.9, .service_rate = 1.0,
			      .customers = CUSTOMERS};
	gsl_rng *r = sr_rng_alloc(1, 0, "bench");
	if (!r)
		return 1;
	double best_engine = 1e30, best_hand = 1e30;
	double engine_wait = 0, hand_wait = 0;
	uint64_t engine_events = 0, hand_events = 0;
	for (int round = 0; round < ROUNDS; round++) {
		struct qm_result res;
		sr_rng_seed(r, 1, (uint64_t)round, "bench");
		double t0 = bench_now();
		if (qm_run(&p, r, &res))
			return 1;
		double t1 = bench_now();
		sr_rng_seed(r, 1, (uint64_t)round, "bench");
		hand_wait = hand_mm1(r, CUSTOMERS, &hand_events);
		double t2 = bench_now();
		engine_wait = res.mean_wait_s;
		engine_events = res.events;
		if (t1 - t0 < best_engine)
			best_engine = t1 - t0;
		if (t2 - t1 < best_hand)
			best_hand = t2 - t1;
	}
	gsl_rng_free(r);
	double engine_rate = (double)engine_events / best_engine;
	double hand_rate = (double)hand_events / best_hand;
	printf("bench mm1 events_per_s %.3g\n", engine_rate);
	printf("bench mm1 baseline_events_per_s %.3g\n", hand_rate);
	printf("bench mm1 ratio %.3f\n", engine_rate / hand_rate);
	printf("bench mm1 mean_wait %.4f\n", engine_wait);
	printf("bench mm1 baseline_mean_wait %.4f\n", hand_wait);
	return 0;
}
