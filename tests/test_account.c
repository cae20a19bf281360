/* Account: refusal order, pause, limits, daily peaks. */
#include "tests/test.h"

#include "models/account.h"
#include "sim/clock.h"

#define SEC SR_US_PER_S
#define HOUR SR_US_PER_H
#define DAY SR_US_PER_DAY

/* An account whose engine time 0 is 2026-11-23 22:00 UTC, so 00:00 UTC
 * falls at engine time 2 h. */
static void production(struct sr_account *a, int64_t quota, double rate)
{
	struct sr_account_params p;
	sr_account_params_default(&p);
	int64_t origin;
	const char *why;
	assert_int_equal(sr_time_parse("2026-11-23T22:00:00Z", &origin, &why), 0);
	assert_int_equal(sr_account_init(a, "acct", "eu-west-1", &p, origin, NULL), 0);
	sr_account_set_stage(a, 0, SR_STAGE_PRODUCTION);
	sr_account_set_limits(a, 0, quota, rate);
}

static void paused_account_refuses_everything(void **state)
{
	(void)state;
	struct sr_account a;
	production(&a, 50000, 14);
	sr_account_set_status(&a, 0, SR_STATUS_SHUTDOWN);
	assert_int_equal(sr_account_send(&a, 0, 1, SR_TO_VERIFIED), SR_SEND_PAUSED);
	assert_int_equal(sr_account_send(&a, 0, 1, SR_TO_SIMULATOR), SR_SEND_PAUSED);
	assert_string_equal(sr_send_result_message(SR_SEND_PAUSED), "Account is paused");
	assert_int_equal(sr_account_next_send_time(&a, 0, 1), INT64_MAX);
	sr_account_set_status(&a, SEC, SR_STATUS_PROBATION);
	assert_int_equal(sr_account_send(&a, SEC, 1, SR_TO_VERIFIED), SR_SEND_ACCEPTED);
	sr_account_reset(&a);
}

/* A send of exactly the remaining quota is accepted (sent + k <= max). */
static void quota_is_inclusive(void **state)
{
	(void)state;
	struct sr_account a;
	production(&a, 1000, 1e6);
	assert_int_equal(sr_account_send(&a, 0, 999, SR_TO_VERIFIED), SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_send(&a, SEC, 2, SR_TO_VERIFIED), SR_SEND_QUOTA_EXCEEDED);
	assert_int_equal(sr_account_send(&a, SEC, 1, SR_TO_VERIFIED), SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_next_send_time(&a, SEC, 1), DAY);
	assert_int_equal(sr_account_next_send_time(&a, SEC, 1001), INT64_MAX);
	/* Unlimited: no quota check at all. */
	sr_account_set_limits(&a, 2 * SEC, SR_UNLIMITED, 1e6);
	assert_int_equal(sr_account_send(&a, 2 * SEC, 100000, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
	sr_account_reset(&a);
}

/* Rate is checked before quota, and a refusal takes no token unless the
 * parameter says so. */
static void refusals_and_tokens(void **state)
{
	(void)state;
	struct sr_account a;
	production(&a, 10, 1);
	assert_int_equal(sr_account_send(&a, 0, 10, SR_TO_VERIFIED), SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_send(&a, 5 * SEC, 1, SR_TO_VERIFIED),
			 SR_SEND_RATE_EXCEEDED);
	assert_int_equal(sr_account_send(&a, 10 * SEC, 1, SR_TO_VERIFIED),
			 SR_SEND_QUOTA_EXCEEDED);
	/* The quota refusal took no token. */
	sr_account_set_limits(&a, 10 * SEC, 20, 1);
	assert_int_equal(sr_account_send(&a, 10 * SEC, 1, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
	sr_account_reset(&a);

	production(&a, 100, 1);
	a.p.refused_takes_token = 1;
	assert_int_equal(sr_account_send(&a, 0, 1, SR_TO_VERIFIED), SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_send(&a, SEC / 2, 1, SR_TO_VERIFIED),
			 SR_SEND_RATE_EXCEEDED);
	/* The refused attempt took a token: at 1 s the bucket holds 0. */
	assert_int_equal(sr_account_send(&a, SEC, 1, SR_TO_VERIFIED),
			 SR_SEND_RATE_EXCEEDED);
	sr_account_reset(&a);
}

/* Day peaks: the highest SentLast24Hours within each UTC day, including
 * the level carried in at 00:00. */
static void daily_peaks_include_carried_level(void **state)
{
	(void)state;
	struct sr_account a;
	production(&a, 1000000, 1e6);
	int64_t midnight = 2 * HOUR;   /* 2026-11-24 00:00 UTC */
	int64_t day0 = sr_account_day_of(&a, 0);
	assert_int_equal(sr_account_day_of(&a, midnight), day0 + 1);
	assert_int_equal(sr_account_day_start(&a, day0 + 1), midnight);
	assert_int_equal(sr_account_send(&a, HOUR, 500, SR_TO_VERIFIED), SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_send(&a, midnight + HOUR, 100, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
	/* Next day: nothing sent, the 600 roll out during the day. */
	assert_int_equal(sr_account_sent_last_24h(&a, midnight + DAY + 2 * HOUR), 0);
	assert_int_equal(sr_account_day_peak(&a, day0), 500);
	assert_int_equal(sr_account_day_peak(&a, day0 + 1), 600);
	/* Carried into the 25th: the 100 of the 24th (the 500 of the 23rd
	 * rolled out during the 24th). */
	assert_int_equal(sr_account_day_peak(&a, day0 + 2), 100);
	assert_int_equal(sr_account_day_peak(&a, day0 + 3), -1);   /* not yet */
	assert_int_equal(sr_account_day_peak(&a, day0 - 1), -1);   /* before */
	assert_int_equal(sr_account_recent_peak(&a, midnight + 3 * DAY, 2), 0);
	assert_int_equal(sr_account_recent_peak(&a, midnight + 3 * DAY, 4), 600);
	sr_account_reset(&a);
}

static void bad_parameters_refused(void **state)
{
	(void)state;
	struct sr_account a;
	struct sr_account_params p;
	sr_account_params_default(&p);
	p.sandbox_rate = 0;
	assert_int_equal(sr_account_init(&a, "x", "r", &p, 0, NULL), -1);
	sr_account_params_default(&p);
	assert_int_equal(sr_account_init(&a, "x", "r", &p, 1, NULL), -1);
	assert_int_equal(sr_account_init(&a, "x", "r", &p, 0, NULL), 0);
	sr_account_reset(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paused_account_refuses_everything),
		cmocka_unit_test(quota_is_inclusive),
		cmocka_unit_test(refusals_and_tokens),
		cmocka_unit_test(daily_peaks_include_carried_level),
		cmocka_unit_test(bad_parameters_refused),
	};
	return cmocka_run_group_tests_name("account", tests, NULL, NULL);
}
