/* Sandbox rules (ses-facts section 1): 200 per rolling 24 h, 1 per second,
 * verified recipients and the mailbox simulator only. */
#include "tests/test.h"

#include "models/account.h"
#include "sim/clock.h"

#define SEC SR_US_PER_S
#define DAY SR_US_PER_DAY

static void new_account(struct sr_account *a)
{
	struct sr_account_params p;
	sr_account_params_default(&p);
	int64_t origin;
	const char *why;
	assert_int_equal(sr_time_parse("2026-11-23T09:00:00Z", &origin, &why), 0);
	assert_int_equal(sr_account_init(a, "test", "us-east-1", &p, origin, NULL), 0);
	assert_int_equal(a->stage, SR_STAGE_SANDBOX);
	assert_int_equal(a->max_24h, 200);
	assert_true(a->max_rate == 1.0);
}

/* 200 one-recipient sends a second apart; the 201st within 24 h is refused
 * with the daily-quota kind, until exactly 24 h after the first. */
static void the_201st_recipient_waits_for_the_first_to_roll_out(void **state)
{
	(void)state;
	struct sr_account a;
	new_account(&a);
	for (int64_t i = 0; i < 200; i++)
		assert_int_equal(sr_account_send(&a, i * SEC, 1, SR_TO_VERIFIED),
				 SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_sent_last_24h(&a, 200 * SEC), 200);
	assert_int_equal(sr_account_send(&a, 200 * SEC, 1, SR_TO_VERIFIED),
			 SR_SEND_QUOTA_EXCEEDED);
	assert_string_equal(sr_send_result_message(SR_SEND_QUOTA_EXCEEDED),
			    "Daily message quota exceeded");
	assert_int_equal(sr_account_send(&a, DAY - 1, 1, SR_TO_VERIFIED),
			 SR_SEND_QUOTA_EXCEEDED);
	assert_int_equal(sr_account_next_send_time(&a, DAY - 1, 1), DAY);
	/* The first send (at 0) rolls out at exactly 24 h. */
	assert_int_equal(sr_account_send(&a, DAY, 1, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
	/* Half a second later both limits are reached; rate is checked first. */
	assert_int_equal(sr_account_send(&a, DAY + SEC / 2, 1, SR_TO_VERIFIED),
			 SR_SEND_RATE_EXCEEDED);
	assert_int_equal(sr_account_send(&a, DAY + SEC, 1, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
	assert_int_equal(a.attempts[SR_SEND_ACCEPTED], 202);
	assert_int_equal(a.attempts[SR_SEND_QUOTA_EXCEEDED], 2);
	sr_account_reset(&a);
}

/* A multi-recipient message that would cross 200 is refused whole. */
static void quota_counts_recipients(void **state)
{
	(void)state;
	struct sr_account a;
	new_account(&a);
	for (int64_t i = 0; i < 4; i++)
		assert_int_equal(sr_account_send(&a, i * 60 * SEC, 50, SR_TO_VERIFIED),
				 SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_sent_last_24h(&a, 300 * SEC), 200);
	assert_int_equal(sr_account_send(&a, 400 * SEC, 1, SR_TO_VERIFIED),
			 SR_SEND_QUOTA_EXCEEDED);
	sr_account_reset(&a);
}

static void two_sends_in_one_second_not_both_accepted(void **state)
{
	(void)state;
	struct sr_account a;
	new_account(&a);
	for (int64_t s = 0; s < 50; s++) {
		int64_t t = s * SEC + 123;
		int accepted = 0;
		for (int64_t k = 0; k < 5; k++)
			accepted += sr_account_send(&a, t + k * (SEC / 5), 1,
						    SR_TO_VERIFIED) == SR_SEND_ACCEPTED;
		assert_int_equal(accepted, 1);
	}
	/* A whole second after the last acceptance, and not a microsecond
	 * before. */
	assert_int_equal(sr_account_send(&a, 50 * SEC + 122, 1, SR_TO_VERIFIED),
			 SR_SEND_RATE_EXCEEDED);
	assert_int_equal(sr_account_send(&a, 50 * SEC + 123, 1, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_send(&a, 50 * SEC + 123, 1, SR_TO_VERIFIED),
			 SR_SEND_RATE_EXCEEDED);
	assert_string_equal(sr_send_result_message(SR_SEND_RATE_EXCEEDED),
			    "Maximum sending rate exceeded");
	sr_account_reset(&a);
}

static void unverified_recipients_are_rejected(void **state)
{
	(void)state;
	struct sr_account a;
	new_account(&a);
	assert_int_equal(sr_account_send(&a, 0, 1, SR_TO_UNVERIFIED),
			 SR_SEND_NOT_VERIFIED);
	assert_string_equal(sr_send_result_code(SR_SEND_NOT_VERIFIED),
			    "MessageRejected");
	/* The rejection used neither quota nor rate. */
	assert_int_equal(sr_account_send(&a, 0, 1, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_sent_last_24h(&a, 0), 1);
	/* While production access is pending the account is still in the
	 * sandbox; once in production anyone may be mailed. */
	sr_account_set_stage(&a, SEC, SR_STAGE_PENDING);
	assert_int_equal(sr_account_send(&a, 2 * SEC, 1, SR_TO_UNVERIFIED),
			 SR_SEND_NOT_VERIFIED);
	sr_account_set_stage(&a, 3 * SEC, SR_STAGE_PRODUCTION);
	assert_int_equal(sr_account_send(&a, 3 * SEC, 1, SR_TO_UNVERIFIED),
			 SR_SEND_ACCEPTED);
	sr_account_reset(&a);
}

/* Simulator mail takes rate tokens but no quota. */
static void simulator_sends_use_rate_not_quota(void **state)
{
	(void)state;
	struct sr_account a;
	new_account(&a);
	for (int64_t i = 0; i < 1000; i++)
		assert_int_equal(sr_account_send(&a, i * SEC, 1, SR_TO_SIMULATOR),
				 SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_sent_last_24h(&a, 1000 * SEC), 0);
	assert_int_equal(a.simulator_accepted, 1000);
	assert_int_equal(sr_account_send(&a, 999 * SEC + SEC / 2, 1,
					 SR_TO_SIMULATOR), SR_SEND_RATE_EXCEEDED);
	/* The full quota is still there for real mail. */
	for (int64_t i = 0; i < 200; i++)
		assert_int_equal(sr_account_send(&a, (1000 + i) * SEC, 1,
						 SR_TO_VERIFIED), SR_SEND_ACCEPTED);
	assert_int_equal(sr_account_send(&a, 1200 * SEC, 1, SR_TO_VERIFIED),
			 SR_SEND_QUOTA_EXCEEDED);
	/* A full quota does not stop simulator mail. */
	assert_int_equal(sr_account_send(&a, 1201 * SEC, 1, SR_TO_SIMULATOR),
			 SR_SEND_ACCEPTED);
	sr_account_reset(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_201st_recipient_waits_for_the_first_to_roll_out),
		cmocka_unit_test(quota_counts_recipients),
		cmocka_unit_test(two_sends_in_one_second_not_both_accepted),
		cmocka_unit_test(unverified_recipients_are_rejected),
		cmocka_unit_test(simulator_sends_use_rate_not_quota),
	};
	return cmocka_run_group_tests_name("sandbox", tests, NULL, NULL);
}
