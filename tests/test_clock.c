/* Calendar: ISO 8601 parsing and formatting, weekdays, business time. */
#include "tests/test.h"

#include <string.h>

#include "sim/clock.h"

static int64_t at(const char *text)
{
	int64_t t = 0;
	const char *why;
	assert_int_equal(sr_time_parse(text, &t, &why), 0);
	return t;
}

static void format_is(int64_t t, const char *want)
{
	char buf[SR_TIME_TEXT_MAX];
	assert_int_equal(sr_time_format(t, buf, sizeof buf), 0);
	assert_string_equal(buf, want);
}

static void epoch_and_known_instants(void **state)
{
	(void)state;
	assert_int_equal(at("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(at("1970-01-01"), 0);
	/* 2000-03-01: after a leap day of a year divisible by 400. */
	assert_int_equal(at("2000-03-01T00:00:00Z"), INT64_C(951868800) * SR_US_PER_S);
	assert_int_equal(at("2026-11-23T13:17:00Z"), INT64_C(1795439820) * SR_US_PER_S);
	assert_int_equal(at("1969-12-31T23:59:59Z"), -SR_US_PER_S);
}

static void offsets_and_fractions(void **state)
{
	(void)state;
	int64_t z = at("2026-01-02T10:00:00Z");
	assert_int_equal(at("2026-01-02T12:00:00+02:00"), z);
	assert_int_equal(at("2026-01-02T12:00:00+0200"), z);
	assert_int_equal(at("2026-01-02T05:30-04:30"), z);
	assert_int_equal(at("2026-01-02 10:00:00"), z);
	assert_int_equal(at("2026-01-02T10:00:00.5Z"), z + 500000);
	assert_int_equal(at("2026-01-02T10:00:00.000001Z"), z + 1);
}

static void round_trips(void **state)
{
	(void)state;
	const char *texts[] = {
		"1970-01-01T00:00:00Z", "1999-12-31T23:59:59Z",
		"2000-02-29T12:00:00Z", "2024-02-29T23:59:59.999999Z",
		"2100-03-01T00:00:00Z", "1900-01-01T00:00:00Z",
		"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		format_is(at(texts[i]), texts[i]);
	/* Every day over 800 years, formatted and parsed back. */
	char buf[SR_TIME_TEXT_MAX];
	for (int64_t d = -150000; d < 150000; d += 7) {
		int64_t t = d * SR_US_PER_DAY + 12345 * SR_US_PER_S;
		assert_int_equal(sr_time_format(t, buf, sizeof buf), 0);
		assert_int_equal(at(buf), t);
	}
}

static void rejects_bad_text(void **state)
{
	(void)state;
	const char *bad[] = {
		"", "2026", "2026-1-02", "2026-13-01", "2026-02-29", "2026-04-31",
		"2026-01-01T24:00:00Z", "2026-01-01T10:60Z", "2026-01-01T10:00:61Z",
		"2026-01-01T10", "2026-01-01T10:00:00+25:00", "2026-01-01T10:00:00X",
		"2026-01-01T10:00:00.1234567Z", "2026-01-01T10:00:00.Z",
		"2026-01-01 trailing", "0000-01-01", "10000-01-01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int64_t t = 42;
		const char *why = NULL;
		assert_int_equal(sr_time_parse(bad[i], &t, &why), -1);
		assert_non_null(why);
		assert_true(strlen(why) > 0);
		assert_int_equal(t, 42);
	}
}

static void weekdays_and_day_start(void **state)
{
	(void)state;
	assert_int_equal(sr_time_weekday(0), SR_THURSDAY);
	assert_int_equal(sr_time_weekday(at("2026-11-23T23:59:59Z")), SR_MONDAY);
	assert_int_equal(sr_time_weekday(at("2026-11-28T00:00:00Z")), SR_SATURDAY);
	assert_int_equal(sr_time_weekday(at("1969-12-28T12:00:00Z")), SR_SUNDAY);
	assert_int_equal(sr_time_day_start(at("2026-11-23T13:17:05Z")),
			 at("2026-11-23"));
	assert_int_equal(sr_time_day_start(at("1969-12-31T13:00:00Z")),
			 at("1969-12-31"));
}

static void business_friday_evening(void **state)
{
	(void)state;
	/* A 24 h business delay from Friday 18:00 ends Monday 18:00. */
	int64_t fri = at("2026-11-27T18:00:00Z");
	assert_int_equal(sr_time_add_business(fri, 24 * SR_US_PER_H),
			 at("2026-11-30T18:00:00Z"));
	/* Filed at the weekend: counting starts Monday 00:00. */
	assert_int_equal(sr_time_add_business(at("2026-11-28T09:00:00Z"),
					      20 * SR_US_PER_H),
			 at("2026-11-30T20:00:00Z"));
	assert_int_equal(sr_time_add_business(at("2026-11-29T23:00:00Z"), 0),
			 at("2026-11-30T00:00:00Z"));
	/* Within a weekday nothing is skipped. */
	assert_int_equal(sr_time_add_business(at("2026-11-24T01:00:00Z"),
					      5 * SR_US_PER_H),
			 at("2026-11-24T06:00:00Z"));
	/* Ending exactly at Friday midnight ends there. */
	assert_int_equal(sr_time_add_business(at("2026-11-23"), 5 * SR_US_PER_DAY),
			 at("2026-11-28"));
}

static void business_month_and_year_ends(void **state)
{
	(void)state;
	/* Wed 2026-12-30 12:00 + 3 business days: Thu, Fri, Mon 2027-01-04. */
	assert_int_equal(sr_time_add_business(at("2026-12-30T12:00:00Z"),
					      3 * SR_US_PER_DAY),
			 at("2027-01-04T12:00:00Z"));
	/* Fri 2026-01-30 20:00 + 10 h: Mon 2026-02-02 06:00. */
	assert_int_equal(sr_time_add_business(at("2026-01-30T20:00:00Z"),
					      10 * SR_US_PER_H),
			 at("2026-02-02T06:00:00Z"));
	/* Ten business weeks are fourteen calendar weeks less four. */
	assert_int_equal(sr_time_add_business(at("2026-11-23T08:00:00Z"),
					      50 * SR_US_PER_DAY),
			 at("2027-02-01T08:00:00Z"));
}

static void business_between_inverts_add(void **state)
{
	(void)state;
	int64_t base = at("2026-11-20T00:00:00Z");
	for (int64_t start = 0; start < 9 * SR_US_PER_DAY; start += 5 * SR_US_PER_H + 7)
		for (int64_t d = 0; d < 20 * SR_US_PER_DAY; d += 13 * SR_US_PER_H + 3) {
			int64_t a = base + start;
			int64_t b = sr_time_add_business(a, d);
			assert_int_equal(sr_time_business_between(a, b), d);
			assert_true(b >= a);
		}
	assert_int_equal(sr_time_business_between(at("2026-11-28"), at("2026-11-30")), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(epoch_and_known_instants),
		cmocka_unit_test(offsets_and_fractions),
		cmocka_unit_test(round_trips),
		cmocka_unit_test(rejects_bad_text),
		cmocka_unit_test(weekdays_and_day_start),
		cmocka_unit_test(business_friday_evening),
		cmocka_unit_test(business_month_and_year_ends),
		cmocka_unit_test(business_between_inverts_add),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
