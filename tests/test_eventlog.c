/* Eventlog: a run's events kept as reported and written in time order. */
#include "tests/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/eventlog.h"
#include "sim/clock.h"

/* The rows sr_eventlog_write() gives for l, as one string (caller frees). */
static char *written(const struct sr_eventlog *l, int64_t origin_us,
		     size_t rep)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	assert_non_null(f);
	sr_eventlog_write(f, l, origin_us, rep);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* Sorted by time; events at one instant keep the order they came in,
 * however many there are (a sort that is not stable mixes them). */
static void events_sort_by_time_keeping_the_reported_order(void **state)
{
	(void)state;
	struct sr_eventlog l = {0};
	const int64_t h = SR_US_PER_H;
	sr_eventlog_add(&l, 3 * h, "a", SR_EV_QUOTA_RAISED, "third");
	for (int i = 0; i < 40; i++) {
		char d[16];
		snprintf(d, sizeof d, "tie %02d", i);
		sr_eventlog_add(&l, 2 * h, i % 2 ? "b" : "a", SR_EV_REVIEW_STARTED,
				d);
	}
	sr_eventlog_add(&l, 1 * h, "a", SR_EV_ACCESS_GRANTED, "first");
	assert_int_equal(l.n, 42);
	assert_false(l.failed);
	sr_eventlog_sort(&l);
	assert_string_equal(l.e[0].detail, "first");
	for (int i = 0; i < 40; i++) {
		char d[16];
		snprintf(d, sizeof d, "tie %02d", i);
		assert_string_equal(l.e[1 + i].detail, d);
	}
	assert_string_equal(l.e[41].detail, "third");
	sr_eventlog_free(&l);
	assert_null(l.e);
	assert_int_equal(l.n, 0);
}

/* A row: UTC time from the origin, the replication, the account and the
 * detail as quoted CSV text, the event's name, in the log's order; a
 * detail longer than its field is cut, not overrun. */
static void rows_are_csv_with_utc_times(void **state)
{
	(void)state;
	struct sr_eventlog l = {0};
	int64_t origin;
	const char *why;
	assert_int_equal(sr_time_parse("2026-01-05", &origin, &why), 0);
	sr_eventlog_add(&l, 90 * SR_US_PER_S, "us, east", SR_EV_PAUSED,
			"bounce rate \"10%\"");
	sr_eventlog_add(&l, 0, "eu", SR_EV_RESUMED, "x");
	char *text = written(&l, origin, 7);
	assert_string_equal(text,
		"2026-01-05T00:01:30Z,7,\"us, east\",sending_paused,"
		"\"bounce rate \"\"10%\"\"\"\n"
		"2026-01-05T00:00:00Z,7,\"eu\",sending_resumed,\"x\"\n");
	free(text);
	char long_detail[1000];
	memset(long_detail, 'x', sizeof long_detail - 1);
	long_detail[sizeof long_detail - 1] = '\0';
	sr_eventlog_add(&l, 0, long_detail, SR_EV_RESUMED, long_detail);
	assert_int_equal(strlen(l.e[2].detail), sizeof l.e[2].detail - 1);
	assert_int_equal(strlen(l.e[2].account), sizeof l.e[2].account - 1);
	sr_eventlog_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(events_sort_by_time_keeping_the_reported_order),
		cmocka_unit_test(rows_are_csv_with_utc_times),
	};
	return cmocka_run_group_tests_name("eventlog", tests, NULL, NULL);
}
