/* Sending client: closed-form paced drain, quota handling, naive retries. */
#include "tests/test.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "models/client.h"
#include "sim/clock.h"

#define SEC SR_US_PER_S
#define DAY SR_US_PER_DAY

/* Records what the client reports. */
struct rec {
	int64_t flow[SR_FLOW_COUNT];
	int64_t last_t;
	int64_t last_ses_t;
	double delay_sum_us;
	double delay_max_us;
	int64_t out_of_order;
	int64_t tries_at[64];    /* throttled refusals by second */
};

static int rec_count(void *ctx, int64_t t, uint32_t stream, int account,
		     enum sr_flow f, int64_t n)
{
	(void)stream, (void)account;
	struct rec *r = ctx;
	r->flow[f] += n;
	if (f == SR_FLOW_SES)
		r->last_ses_t = t;
	if (f == SR_FLOW_THROTTLED && t / SEC < 64)
		r->tries_at[t / SEC] += n;
	r->last_t = t;
	return 0;
}

static int rec_delay(void *ctx, int64_t t, uint32_t stream, int64_t n,
		     double first, double spacing)
{
	(void)t, (void)stream;
	struct rec *r = ctx;
	r->delay_sum_us += (double)n * first + spacing * (double)n * (double)(n - 1) / 2;
	double last = first + spacing * (double)(n - 1);
	if (last > r->delay_max_us)
		r->delay_max_us = last;
	return 0;
}

struct rig {
	struct sr_engine e;
	struct sr_account a;
	struct sr_client c;
	struct sr_sink sink;
	struct rec rec;
	gsl_rng *rng;
};

static void rig_up(struct rig *g, const struct sr_client_params *p,
		   int64_t quota, double rate)
{
	memset(g, 0, sizeof *g);
	struct sr_account_params ap;
	sr_account_params_default(&ap);
	int64_t origin;
	const char *why;
	assert_int_equal(sr_time_parse("2026-01-05", &origin, &why), 0);
	assert_int_equal(sr_engine_init(&g->e, 0), 0);
	assert_int_equal(sr_account_init(&g->a, "a", "r", &ap, origin, NULL), 0);
	sr_account_set_stage(&g->a, 0, SR_STAGE_PRODUCTION);
	sr_account_set_limits(&g->a, 0, quota, rate);
	g->sink = (struct sr_sink){rec_count, rec_delay, &g->rec};
	g->rng = gsl_rng_alloc(gsl_rng_taus2);
	gsl_rng_set(g->rng, 42);
	assert_int_equal(sr_client_init(&g->c, p, &g->a, 0, &g->e, &g->sink, g->rng), 0);
}

static void rig_down(struct rig *g)
{
	sr_client_reset(&g->c);
	sr_account_reset(&g->a);
	sr_engine_reset(&g->e);
	gsl_rng_free(g->rng);
}

static void paced(struct sr_client_params *p, double pace)
{
	sr_client_params_default(p);
	p->pace = pace;
}

/* 10,000 recipients at once drained at 14/s: the last is accepted at
 * 10,000 / 14 = 714.2857 s and the mean delay is (n + 1) / (2 r). */
static void batch_drain_is_exact(void **state)
{
	(void)state;
	struct sr_client_params p;
	paced(&p, 1.0);
	struct rig g;
	rig_up(&g, &p, 1000000, 14);
	assert_int_equal(sr_client_enqueue(&g.c, 0, 0, 10000, 1, SR_TO_VERIFIED), 0);
	assert_int_equal(sr_engine_run(&g.e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_int_equal(g.rec.flow[SR_FLOW_SES], 10000);
	assert_int_equal(g.rec.last_ses_t, 714285714);
	double mean_s = g.rec.delay_sum_us / 10000 / 1e6;
	assert_float_equal(mean_s, 10001.0 / 28.0, 1e-6);
	assert_float_equal(g.rec.delay_max_us / 1e6, 10000.0 / 14.0, 1e-6);
	assert_int_equal(g.rec.flow[SR_FLOW_THROTTLED], 0);
	assert_int_equal(sr_client_backlog(&g.c), 0);
	rig_down(&g);
}

/* The same traffic as 10,000 single-recipient batches: identical. */
static void single_batches_give_identical_results(void **state)
{
	(void)state;
	struct sr_client_params p;
	paced(&p, 1.0);
	struct rig g;
	rig_up(&g, &p, 1000000, 14);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(sr_client_enqueue(&g.c, 0, 0, 1, 1, SR_TO_VERIFIED), 0);
	assert_int_equal(sr_engine_run(&g.e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_int_equal(g.rec.flow[SR_FLOW_SES], 10000);
	assert_int_equal(g.rec.last_ses_t, 714285714);
	assert_float_equal(g.rec.delay_sum_us / 10000 / 1e6, 10001.0 / 28.0, 1e-6);
	rig_down(&g);
}

/* A rate raised in the middle of a slot: the slot in progress ends no
 * earlier than the raise, so no send goes back before a time the account
 * has already been read at (which once failed the run). */
static void rate_raised_mid_slot(void **state)
{
	(void)state;
	struct sr_client_params p;
	paced(&p, 1.0);
	struct rig g;
	rig_up(&g, &p, 1000000, 1);
	assert_int_equal(sr_client_enqueue(&g.c, 0, 0, 100, 1, SR_TO_VERIFIED), 0);
	/* Read at 10.5 s (10 sent, the 11th under way), then 10/s. */
	assert_int_equal(sr_account_sent_last_24h(&g.a, 10500000), 10);
	sr_account_set_limits(&g.a, 10500000, 1000000, 10);
	assert_int_equal(sr_engine_run(&g.e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_false(g.a.failed);
	assert_int_equal(g.rec.flow[SR_FLOW_SES], 100);
	assert_int_equal(g.rec.last_ses_t, 10500000 + 89 * 100000);
	rig_down(&g);
}

static int arrive(struct sr_engine *e, void *ctx, int64_t n)
{
	struct sr_client *c = ctx;
	return sr_client_enqueue(c, sr_engine_now(e), 0, n, 1, SR_TO_VERIFIED);
}

/* Steady traffic at 70% of the quota for 30 days: never refused, nothing
 * left behind, and SentLast24Hours never above the quota. */
static void paced_never_refused_in_steady_state(void **state)
{
	(void)state;
	struct sr_client_params p;
	paced(&p, 0.8);
	struct rig g;
	rig_up(&g, &p, 50000, 14);
	for (int64_t m = 0; m < 30 * 24 * 60; m++)
		assert_int_equal(sr_engine_at(&g.e, m * 60 * SEC, 50, arrive, &g.c,
					      24, NULL), 0);
	assert_int_equal(sr_engine_run(&g.e, INT64_MAX, NULL), SR_RUN_DONE);
	int64_t demand = 30 * 24 * 60 * 24;
	assert_int_equal(g.rec.flow[SR_FLOW_SES], demand);
	for (int f = SR_FLOW_THROTTLED; f < SR_FLOW_COUNT; f++)
		assert_int_equal(g.rec.flow[f], 0);
	assert_int_equal(g.a.attempts[SR_SEND_RATE_EXCEEDED], 0);
	assert_int_equal(g.a.attempts[SR_SEND_QUOTA_EXCEEDED], 0);
	rig_down(&g);
}

/* Demand of twice the quota with each policy: conservation holds and the
 * quota is never exceeded. */
static void quota_policies_conserve(void **state)
{
	(void)state;
	enum sr_on_quota pol[] = {SR_ON_QUOTA_OVERFLOW, SR_ON_QUOTA_WAIT,
				  SR_ON_QUOTA_DROP};
	for (int k = 0; k < 3; k++) {
		struct sr_client_params p;
		paced(&p, 1.0);
		p.on_quota = pol[k];
		p.max_wait_us = 6 * 3600 * SEC;
		struct rig g;
		rig_up(&g, &p, 10000, 100);
		for (int64_t m = 0; m < 3 * 24 * 60; m++)
			assert_int_equal(sr_engine_at(&g.e, m * 60 * SEC, 50, arrive,
						      &g.c, 14, NULL), 0);
		for (int64_t t = 0; t < 4 * DAY; t += 600 * SEC) {
			assert_int_equal(sr_engine_run(&g.e, t, NULL), SR_RUN_DONE);
			assert_true(sr_account_sent_last_24h(&g.a, t) <= 10000);
		}
		assert_int_equal(sr_engine_run(&g.e, INT64_MAX, NULL), SR_RUN_DONE);
		int64_t demand = 3 * 24 * 60 * 14;
		int64_t fates = g.rec.flow[SR_FLOW_SES] + g.rec.flow[SR_FLOW_LEGACY] +
				g.rec.flow[SR_FLOW_DROPPED] + sr_client_backlog(&g.c);
		assert_int_equal(fates, demand);
		assert_true(g.rec.flow[SR_FLOW_SES] <= 4 * 10000);
		assert_true(g.rec.flow[SR_FLOW_SES] >= 3 * 10000 - 100);
		if (pol[k] == SR_ON_QUOTA_OVERFLOW)
			assert_true(g.rec.flow[SR_FLOW_LEGACY] > 0 &&
				    g.rec.flow[SR_FLOW_DROPPED] == 0);
		if (pol[k] == SR_ON_QUOTA_DROP)
			assert_true(g.rec.flow[SR_FLOW_DROPPED] > 0 &&
				    g.rec.flow[SR_FLOW_LEGACY] == 0);
		assert_int_equal(g.a.attempts[SR_SEND_QUOTA_EXCEEDED], 0);
		rig_down(&g);
	}
}

/* A naive client at three times the rate is refused (throttling shows in
 * the counts), never gets more than the bucket allows, and loses nothing.
 * The backoff's timing is checked by the next tests. */
static void naive_is_throttled_and_backs_off(void **state)
{
	(void)state;
	struct sr_client_params p;
	sr_client_params_default(&p);
	p.kind = SR_CLIENT_NAIVE;
	p.attempts_per_s = 42;
	struct rig g;
	rig_up(&g, &p, 1000000, 14);
	assert_int_equal(sr_client_enqueue(&g.c, 0, 0, 2000, 1, SR_TO_VERIFIED), 0);
	assert_int_equal(sr_engine_run(&g.e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_true(g.rec.flow[SR_FLOW_THROTTLED] > 0);
	assert_int_equal(g.rec.flow[SR_FLOW_SES] + g.rec.flow[SR_FLOW_LEGACY] +
			 g.rec.flow[SR_FLOW_DROPPED], 2000);
	/* SES never accepted more than the bucket allows. */
	assert_true(g.rec.flow[SR_FLOW_SES] <= 14 * (g.rec.last_ses_t / SEC + 1) + 14);
	/* The first second: 42 tries, 14 in the bucket, 28 refused. */
	assert_int_equal(g.rec.tries_at[0], 28);
	rig_down(&g);
}

/* Simulator mail does not count toward the quota, so a used-up quota does
 * not hold it back (ses-facts 1). */
static void simulator_mail_is_not_held_by_the_quota(void **state)
{
	(void)state;
	struct sr_client_params p;
	paced(&p, 1.0);
	p.on_quota = SR_ON_QUOTA_OVERFLOW;
	struct rig g;
	rig_up(&g, &p, 100, 10);
	assert_int_equal(sr_client_enqueue(&g.c, 0, 0, 100, 1, SR_TO_VERIFIED), 0);
	assert_int_equal(sr_engine_run(&g.e, 200 * SEC, NULL), SR_RUN_DONE);
	assert_int_equal(sr_client_enqueue(&g.c, 200 * SEC, 0, 50, 1,
					   SR_TO_SIMULATOR), 0);
	assert_int_equal(sr_client_enqueue(&g.c, 200 * SEC, 0, 5, 1,
					   SR_TO_VERIFIED), 0);
	assert_int_equal(sr_engine_run(&g.e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_int_equal(g.rec.flow[SR_FLOW_SES], 100);
	assert_int_equal(g.rec.flow[SR_FLOW_SIMULATOR], 50);
	assert_int_equal(g.rec.flow[SR_FLOW_LEGACY], 5);
	rig_down(&g);
}

/* In the sandbox every recipient of an unverified batch is refused, once,
 * and the batch is lost to the old provider. */
static void unverified_batch_counted_whole(void **state)
{
	(void)state;
	struct sr_client_params p;
	paced(&p, 1.0);
	struct rig g;
	rig_up(&g, &p, 1000, 10);
	sr_account_set_stage(&g.a, 0, SR_STAGE_SANDBOX);
	assert_int_equal(sr_client_enqueue(&g.c, 0, 0, 100, 1, SR_TO_UNVERIFIED), 0);
	assert_int_equal(sr_engine_run(&g.e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_int_equal(g.rec.flow[SR_FLOW_SANDBOX_REJECTED], 100);
	assert_int_equal(g.rec.flow[SR_FLOW_LEGACY], 100);
	assert_int_equal(g.rec.flow[SR_FLOW_SES], 0);
	rig_down(&g);
}

/* After the first step, every retry falls due within the backoff span
 * after its refusal: refusals in [0, 1 s), first backoff up to 10 ms. */
static void naive_retries_fall_due_within_the_backoff(void **state)
{
	(void)state;
	struct sr_client_params p;
	sr_client_params_default(&p);
	p.kind = SR_CLIENT_NAIVE;
	p.attempts_per_s = 42;
	p.backoff_base_us = 10000;
	struct rig g;
	rig_up(&g, &p, 1000000, 14);
	assert_int_equal(sr_client_enqueue(&g.c, 0, 0, 84, 1, SR_TO_VERIFIED), 0);
	assert_int_equal(sr_engine_run(&g.e, 0, NULL), SR_RUN_DONE);
	assert_int_equal(g.rec.flow[SR_FLOW_THROTTLED], 28);
	size_t retries = 0;
	const struct sr_queue *q = &g.e.queue;
	for (size_t i = 0; i < q->size; i++) {
		int64_t t = q->heap[i].time_us;
		if (t == SEC)
			continue;              /* the next step */
		assert_true(t > 0 && t <= SEC + 10000);
		retries++;
	}
	/* Grouped: never more events than refused messages. */
	assert_true(retries >= 1 && retries <= 28);
	rig_down(&g);
}

/* Another sender uses 450 of the quota at 50.5 s. */
static int use_quota(struct sr_engine *e, void *ctx, int64_t n)
{
	struct sr_account *a = ctx;
	return sr_account_send(a, sr_engine_now(e), n, SR_TO_VERIFIED) ==
	       SR_SEND_ACCEPTED ? 0 : -1;
}

/* The reading is stale when someone else sends too: the drain from 50.5 s
 * to the reading at 60 s is refused for the quota at its sixth group
 * (55.9 s), after five were accepted.  Nothing after the refused group is
 * tried, and the client's clock stands at the refusal. */
static void paced_refused_mid_run(void **state)
{
	(void)state;
	struct sr_client_params p;
	paced(&p, 0.01);     /* 10 per second, far below the bucket's 1000 */
	struct rig g;
	rig_up(&g, &p, 1000, 1000);
	assert_int_equal(sr_client_enqueue(&g.c, 0, 0, 1000, 1, SR_TO_VERIFIED), 0);
	assert_int_equal(sr_engine_at(&g.e, 50500000, 50, use_quota, &g.a, 450,
				      NULL), 0);
	assert_int_equal(sr_engine_run(&g.e, 60 * SEC, NULL), SR_RUN_DONE);
	assert_int_equal(g.rec.flow[SR_FLOW_SES], 505 + 4 + 4 * 10);
	assert_int_equal(g.rec.flow[SR_FLOW_QUOTA_REJECTED], 10);
	assert_int_equal(g.c.last_send_us, 55900000);
	assert_int_equal(sr_client_backlog(&g.c), 1000 - 549);
	assert_int_equal(sr_account_sent_last_24h(&g.a, 60 * SEC), 999);
	assert_false(g.a.failed);
	rig_down(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batch_drain_is_exact),
		cmocka_unit_test(single_batches_give_identical_results),
		cmocka_unit_test(rate_raised_mid_slot),
		cmocka_unit_test(paced_never_refused_in_steady_state),
		cmocka_unit_test(quota_policies_conserve),
		cmocka_unit_test(naive_is_throttled_and_backs_off),
		cmocka_unit_test(simulator_mail_is_not_held_by_the_quota),
		cmocka_unit_test(unverified_batch_counted_whole),
		cmocka_unit_test(naive_retries_fall_due_within_the_backoff),
		cmocka_unit_test(paced_refused_mid_run),
	};
	return cmocka_run_group_tests_name("client", tests, NULL, NULL);
}
