/* Event queue: order, FIFO ties, cancellation, rescheduling, reuse. */
#include "tests/test.h"

#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "sim/queue.h"

static int nop(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)e, (void)ctx, (void)arg;
	return 0;
}

struct ref { int64_t time; int prio; int64_t id; };

static int ref_cmp(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* 100,000 random events pop in the order of a stable sort by
 * (time, priority, insertion). Times are drawn from a small range so that
 * many collide and the tie rule is exercised. */
static void pops_in_sorted_order(void **state)
{
	(void)state;
	const size_t n = 100000;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	struct ref *want = malloc(n * sizeof *want);
	assert_non_null(want);
	for (unsigned long seed = 1; seed <= 4; seed++) {
		gsl_rng_set(r, seed);
		struct sr_queue q;
		assert_int_equal(sr_queue_init(&q, 0), 0);
		for (size_t i = 0; i < n; i++) {
			want[i].time = (int64_t)gsl_rng_uniform_int(r, 5000);
			want[i].prio = (int)gsl_rng_uniform_int(r, 3);
			want[i].id = (int64_t)i;
			assert_int_equal(sr_queue_push(&q, want[i].time, want[i].prio,
						       nop, NULL, want[i].id, NULL), 0);
		}
		qsort(want, n, sizeof *want, ref_cmp);
		struct sr_event ev;
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(sr_queue_pop(&q, &ev), 0);
			assert_int_equal(ev.time_us, want[i].time);
			assert_int_equal(ev.priority, want[i].prio);
			assert_int_equal(ev.arg, want[i].id);
		}
		assert_int_equal(sr_queue_pop(&q, &ev), -1);
		sr_queue_reset(&q);
	}
	free(want);
	gsl_rng_free(r);
}

static void ties_are_fifo(void **state)
{
	(void)state;
	struct sr_queue q;
	assert_int_equal(sr_queue_init(&q, 0), 0);
	for (int64_t i = 0; i < 1000; i++)
		assert_int_equal(sr_queue_push(&q, 7, 1, nop, NULL, i, NULL), 0);
	assert_int_equal(sr_queue_push(&q, 7, 0, nop, NULL, -1, NULL), 0);
	struct sr_event ev;
	assert_int_equal(sr_queue_pop(&q, &ev), 0);
	assert_int_equal(ev.arg, -1);   /* lower priority number first */
	for (int64_t i = 0; i < 1000; i++) {
		assert_int_equal(sr_queue_pop(&q, &ev), 0);
		assert_int_equal(ev.arg, i);
	}
	sr_queue_reset(&q);
}

/* Half of 20,000 events are cancelled at random; none of them fires, every
 * other one does, in order; their handles go stale. */
static void cancelled_events_never_fire(void **state)
{
	(void)state;
	const size_t n = 20000;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	gsl_rng_set(r, 99);
	struct sr_queue q;
	assert_int_equal(sr_queue_init(&q, 0), 0);
	sr_handle *h = malloc(n * sizeof *h);
	char *cancelled = calloc(n, 1);
	assert_non_null(h);
	assert_non_null(cancelled);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sr_queue_push(&q, (int64_t)gsl_rng_uniform_int(r, 100000),
					       0, nop, NULL, (int64_t)i, &h[i]), 0);
	size_t live = n;
	for (size_t i = 0; i < n; i++)
		if (gsl_rng_uniform(r) < 0.5) {
			assert_int_equal(sr_queue_cancel(&q, h[i]), 0);
			assert_false(sr_queue_pending(&q, h[i]));
			assert_int_equal(sr_queue_cancel(&q, h[i]), -1);
			cancelled[i] = 1;
			live--;
		}
	assert_int_equal(sr_queue_size(&q), live);
	struct sr_event ev;
	int64_t last = -1;
	size_t fired = 0;
	while (sr_queue_pop(&q, &ev) == 0) {
		assert_false(cancelled[ev.arg]);
		assert_true(ev.time_us >= last);
		last = ev.time_us;
		assert_int_equal(sr_queue_cancel(&q, h[ev.arg]), -1);
		fired++;
	}
	assert_int_equal(fired, live);
	free(h);
	free(cancelled);
	sr_queue_reset(&q);
	gsl_rng_free(r);
}

static void reschedule_moves_event(void **state)
{
	(void)state;
	struct sr_queue q;
	assert_int_equal(sr_queue_init(&q, 0), 0);
	sr_handle a, b, c;
	assert_int_equal(sr_queue_push(&q, 10, 0, nop, NULL, 1, &a), 0);
	assert_int_equal(sr_queue_push(&q, 20, 0, nop, NULL, 2, &b), 0);
	assert_int_equal(sr_queue_push(&q, 30, 0, nop, NULL, 3, &c), 0);
	/* a moves behind c; c moves to the front. */
	assert_int_equal(sr_queue_reschedule(&q, a, 30), 0);
	assert_int_equal(sr_queue_reschedule(&q, c, 5), 0);
	int64_t t;
	assert_int_equal(sr_queue_time(&q, a, &t), 0);
	assert_int_equal(t, 30);
	struct sr_event ev;
	int64_t want[] = {3, 2, 1};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(sr_queue_pop(&q, &ev), 0);
		assert_int_equal(ev.arg, want[i]);
	}
	assert_int_equal(sr_queue_reschedule(&q, a, 40), -1);
	assert_int_equal(sr_queue_time(&q, a, &t), -1);
	sr_queue_reset(&q);
}

/* Stale handles from a reused slot must not touch the new event. */
static void stale_handle_refused_after_reuse(void **state)
{
	(void)state;
	struct sr_queue q;
	assert_int_equal(sr_queue_init(&q, 0), 0);
	sr_handle old, young;
	struct sr_event ev;
	assert_int_equal(sr_queue_push(&q, 1, 0, nop, NULL, 1, &old), 0);
	assert_int_equal(sr_queue_pop(&q, &ev), 0);
	assert_int_equal(sr_queue_push(&q, 2, 0, nop, NULL, 2, &young), 0);
	assert_true(old != young);
	assert_int_equal(sr_queue_cancel(&q, old), -1);
	assert_int_equal(sr_queue_cancel(&q, SR_HANDLE_NONE), -1);
	assert_int_equal(sr_queue_size(&q), 1);
	assert_true(sr_queue_pending(&q, young));
	sr_queue_reset(&q);
}

/* A hold model keeps 1,000 events pending for a million pops: the arrays
 * reach their size at the start and never grow after that. */
static void memory_is_reused(void **state)
{
	(void)state;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	gsl_rng_set(r, 5);
	struct sr_queue q;
	assert_int_equal(sr_queue_init(&q, 0), 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(sr_queue_push(&q, (int64_t)gsl_rng_uniform_int(r, 1000),
					       0, nop, NULL, 0, NULL), 0);
	size_t cap = q.capacity;
	struct sr_queue_node *heap = q.heap;
	struct sr_event ev;
	for (int i = 0; i < 1000000; i++) {
		assert_int_equal(sr_queue_pop(&q, &ev), 0);
		int64_t t = ev.time_us + (int64_t)gsl_rng_uniform_int(r, 1000);
		sr_handle h;
		assert_int_equal(sr_queue_push(&q, t, 0, nop, NULL, 0, &h), 0);
		if (i % 3 == 0) {
			assert_int_equal(sr_queue_cancel(&q, h), 0);
			assert_int_equal(sr_queue_push(&q, t, 0, nop, NULL, 0, NULL), 0);
		}
	}
	assert_int_equal(q.capacity, cap);
	assert_ptr_equal(q.heap, heap);
	assert_int_equal(sr_queue_size(&q), 1000);
	sr_queue_reset(&q);
	gsl_rng_free(r);
}

static void bad_priority_refused(void **state)
{
	(void)state;
	struct sr_queue q;
	assert_int_equal(sr_queue_init(&q, 0), 0);
	assert_int_equal(sr_queue_push(&q, 0, -1, nop, NULL, 0, NULL), -1);
	assert_int_equal(sr_queue_push(&q, 0, SR_PRIO_MAX + 1, nop, NULL, 0, NULL), -1);
	assert_int_equal(sr_queue_size(&q), 0);
	assert_int_equal(sr_queue_next_time(&q), INT64_MAX);
	sr_queue_reset(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pops_in_sorted_order),
		cmocka_unit_test(ties_are_fifo),
		cmocka_unit_test(cancelled_events_never_fire),
		cmocka_unit_test(reschedule_moves_event),
		cmocka_unit_test(stale_handle_refused_after_reuse),
		cmocka_unit_test(memory_is_reused),
		cmocka_unit_test(bad_priority_refused),
	};
	return cmocka_run_group_tests_name("queue", tests, NULL, NULL);
}
