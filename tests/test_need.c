/* Need: the rolling demand and the usage SES weighs a limit increase
 * against, from the flows a run reports. */
#include "tests/test.h"

#include "output/need.h"
#include "sim/clock.h"

#define DAY SR_US_PER_DAY

static void count(struct sr_need *n, int64_t t_us, int account,
		  enum sr_flow flow, int64_t k)
{
	assert_int_equal(n->sink.count(n->sink.ctx, t_us, 0, account, flow, k),
			 0);
}

/*
 * Account 0 sends 100 on day 0 and 300 on day 2 (its SentLast24Hours
 * reaches 300 then: the 100 rolled out), 50 more on day 2 at a later hour
 * (350); account 1 sends 40 on day 1.  Over days 0-2 the usage is
 * 350 + 40; over day 2 alone 350 + 0; over day 1 alone 0 + 40 (a level
 * is counted on the day of a send: account 0 sent nothing on day 1); over
 * days 0-1, 100 + 40.  Demand and refusals are not usage.
 */
static void usage_is_the_daily_peak_of_each_account(void **state)
{
	(void)state;
	struct sr_need n;
	sr_need_init(&n, NULL, 1e12, 0);
	count(&n, 1 * SR_US_PER_H, 0, SR_FLOW_SES, 100);
	count(&n, DAY + SR_US_PER_H, 1, SR_FLOW_SES, 40);
	count(&n, DAY + 2 * SR_US_PER_H, 0, SR_FLOW_DEMAND, 5000);
	count(&n, DAY + 3 * SR_US_PER_H, 0, SR_FLOW_QUOTA_REJECTED, 5000);
	count(&n, 2 * DAY + 2 * SR_US_PER_H, 0, SR_FLOW_SES, 300);
	count(&n, 2 * DAY + 5 * SR_US_PER_H, 0, SR_FLOW_SES, 50);
	assert_int_equal(n.failed, 0);
	assert_int_equal(sr_need_sent_peak(&n, 2 * DAY + 6 * SR_US_PER_H,
					   2 * DAY), 390);
	assert_int_equal(sr_need_sent_peak(&n, 2 * DAY + 6 * SR_US_PER_H, 0),
				   350);
	assert_int_equal(sr_need_sent_peak(&n, DAY + 6 * SR_US_PER_H, 0), 40);
	assert_int_equal(sr_need_sent_peak(&n, DAY + 6 * SR_US_PER_H, DAY),
			 140);
	assert_int_equal(sr_need_sent_peak(&n, 10 * DAY, DAY), 0);
	assert_int_equal(n.peak, 5000);
	sr_need_free(&n);
}

/* Sends of one account going back in time, or an account out of range,
 * make the run fail rather than count wrongly. */
static void bad_flows_fail_the_run(void **state)
{
	(void)state;
	struct sr_need n;
	sr_need_init(&n, NULL, 1e12, 0);
	count(&n, DAY, 0, SR_FLOW_SES, 1);
	count(&n, DAY, 1, SR_FLOW_SES, 1);
	assert_int_equal(n.failed, 0);
	count(&n, DAY - 1, 0, SR_FLOW_SES, 1);
	assert_int_equal(n.failed, 1);
	sr_need_free(&n);
	sr_need_init(&n, NULL, 1e12, 0);
	count(&n, DAY, SR_ACCOUNTS_MAX, SR_FLOW_SES, 1);
	assert_int_equal(n.failed, 1);
	sr_need_free(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(usage_is_the_daily_peak_of_each_account),
		cmocka_unit_test(bad_flows_fail_the_run),
	};
	return cmocka_run_group_tests_name("need", tests, NULL, NULL);
}
