/* Run loop: clock, end time, stopping, scheduling rules. */
#include "tests/test.h"

#include "sim/engine.h"

struct log {
	int64_t when[16];
	int64_t what[16];
	int n;
};

static int record(struct sr_engine *e, void *ctx, int64_t arg)
{
	struct log *l = ctx;
	l->when[l->n] = sr_engine_now(e);
	l->what[l->n++] = arg;
	return 0;
}

/* Each firing schedules the next one 10 s later until arg reaches 0. */
static int chain(struct sr_engine *e, void *ctx, int64_t arg)
{
	record(e, ctx, arg);
	if (arg > 0)
		return sr_engine_after(e, 10, 0, chain, ctx, arg - 1, NULL);
	return 0;
}

static void handlers_schedule_and_clock_follows(void **state)
{
	(void)state;
	struct sr_engine e;
	struct log l = {0};
	assert_int_equal(sr_engine_init(&e, 0), 0);
	assert_int_equal(sr_engine_at(&e, 5, 0, chain, &l, 3, NULL), 0);
	int status = 0;
	assert_int_equal(sr_engine_run(&e, INT64_MAX, &status), SR_RUN_DONE);
	assert_int_equal(l.n, 4);
	int64_t want[] = {5, 15, 25, 35};
	for (int i = 0; i < 4; i++)
		assert_int_equal(l.when[i], want[i]);
	assert_int_equal(sr_engine_now(&e), 35);
	assert_int_equal(e.dispatched, 4);
	sr_engine_reset(&e);
}

static void run_until_is_inclusive_and_resumable(void **state)
{
	(void)state;
	struct sr_engine e;
	struct log l = {0};
	assert_int_equal(sr_engine_init(&e, 0), 0);
	assert_int_equal(sr_engine_at(&e, 0, 0, chain, &l, 5, NULL), 0);
	assert_int_equal(sr_engine_run(&e, 20, NULL), SR_RUN_DONE);
	assert_int_equal(l.n, 3);              /* 0, 10, 20 */
	assert_int_equal(sr_engine_now(&e), 20);
	assert_int_equal(sr_engine_run(&e, 25, NULL), SR_RUN_DONE);
	assert_int_equal(sr_engine_now(&e), 25);
	assert_int_equal(l.n, 3);
	assert_int_equal(sr_engine_run(&e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_int_equal(l.n, 6);
	sr_engine_reset(&e);
}

static int fail_with_7(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)e, (void)ctx, (void)arg;
	return 7;
}

static int ask_to_stop(struct sr_engine *e, void *ctx, int64_t arg)
{
	record(e, ctx, arg);
	sr_engine_stop(e, 3);
	return 0;
}

static void handlers_can_stop_the_run(void **state)
{
	(void)state;
	struct sr_engine e;
	struct log l = {0};
	int status = 0;
	assert_int_equal(sr_engine_init(&e, 0), 0);
	assert_int_equal(sr_engine_at(&e, 1, 0, record, &l, 1, NULL), 0);
	assert_int_equal(sr_engine_at(&e, 2, 0, fail_with_7, NULL, 0, NULL), 0);
	assert_int_equal(sr_engine_at(&e, 3, 0, record, &l, 3, NULL), 0);
	assert_int_equal(sr_engine_run(&e, INT64_MAX, &status), SR_RUN_STOPPED);
	assert_int_equal(status, 7);
	assert_int_equal(sr_engine_now(&e), 2);
	assert_int_equal(l.n, 1);
	assert_int_equal(sr_engine_at(&e, 4, 0, ask_to_stop, &l, 4, NULL), 0);
	assert_int_equal(sr_engine_at(&e, 5, 0, record, &l, 5, NULL), 0);
	assert_int_equal(sr_engine_run(&e, INT64_MAX, &status), SR_RUN_STOPPED);
	assert_int_equal(status, 3);
	assert_int_equal(l.n, 3);              /* 1, then 3 and 4 */
	assert_int_equal(l.what[2], 4);
	/* The stop applies to one run only. */
	assert_int_equal(sr_engine_run(&e, INT64_MAX, &status), SR_RUN_DONE);
	assert_int_equal(l.n, 4);
	sr_engine_reset(&e);
}

static void no_scheduling_in_the_past(void **state)
{
	(void)state;
	struct sr_engine e;
	struct log l = {0};
	assert_int_equal(sr_engine_init(&e, 0), 0);
	assert_int_equal(sr_engine_at(&e, 100, 0, record, &l, 0, NULL), 0);
	assert_int_equal(sr_engine_run(&e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_int_equal(sr_engine_at(&e, 99, 0, record, &l, 0, NULL), -1);
	assert_int_equal(sr_engine_after(&e, -1, 0, record, &l, 0, NULL), -1);
	assert_int_equal(sr_engine_after(&e, INT64_MAX, 0, record, &l, 0, NULL), -1);
	assert_int_equal(sr_engine_at(&e, 100, 0, NULL, &l, 0, NULL), -1);
	sr_handle h;
	assert_int_equal(sr_engine_at(&e, 200, 0, record, &l, 0, &h), 0);
	assert_int_equal(sr_engine_reschedule(&e, h, 50), -1);
	assert_int_equal(sr_engine_reschedule(&e, h, 150), 0);
	assert_int_equal(sr_engine_cancel(&e, h), 0);
	assert_int_equal(sr_engine_run(&e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_int_equal(l.n, 1);
	sr_engine_reset(&e);
}

/* Priority orders events at one instant: a "start of day" event at
 * priority 0 runs before work scheduled earlier at priority 10. */
static void priority_orders_same_instant(void **state)
{
	(void)state;
	struct sr_engine *e = sr_engine_alloc(0);
	struct log l = {0};
	assert_non_null(e);
	assert_int_equal(sr_engine_at(e, 50, 10, record, &l, 1, NULL), 0);
	assert_int_equal(sr_engine_at(e, 50, 10, record, &l, 2, NULL), 0);
	assert_int_equal(sr_engine_at(e, 50, 0, record, &l, 0, NULL), 0);
	assert_int_equal(sr_engine_run(e, INT64_MAX, NULL), SR_RUN_DONE);
	for (int i = 0; i < 3; i++)
		assert_int_equal(l.what[i], i);
	sr_engine_free(e);
	sr_engine_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(handlers_schedule_and_clock_follows),
		cmocka_unit_test(run_until_is_inclusive_and_resumable),
		cmocka_unit_test(handlers_can_stop_the_run),
		cmocka_unit_test(no_scheduling_in_the_past),
		cmocka_unit_test(priority_orders_same_instant),
	};
	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
