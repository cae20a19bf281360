/* Migration router: each strategy's share, carries, the sandbox filter. */
#include "tests/test.h"

#include <string.h>

#include <gsl/gsl_rng.h>

#include "models/router.h"
#include "sim/clock.h"

#define DAY SR_US_PER_DAY

struct rig {
	struct sr_router r;
	struct sr_account a;
	struct sr_stream_quality q[3];
	gsl_rng *rng;
};

static void rig_up(struct rig *g, const struct sr_router_params *p,
		   enum sr_stage stage, int64_t quota)
{
	memset(g, 0, sizeof *g);
	for (int i = 0; i < 3; i++) {
		memset(&g->q[i], 0, sizeof g->q[i]);
		g->q[i].recipients_per_message = 1;
	}
	struct sr_account_params ap;
	sr_account_params_default(&ap);
	assert_int_equal(sr_account_init(&g->a, "a", "r", &ap, 0, NULL), 0);
	if (stage == SR_STAGE_PRODUCTION) {
		sr_account_set_stage(&g->a, 0, stage);
		sr_account_set_limits(&g->a, 0, quota, 1e6);
	}
	g->rng = gsl_rng_alloc(gsl_rng_taus2);
	gsl_rng_set(g->rng, 3);
	assert_int_equal(sr_router_init(&g->r, p, 3, g->q, g->rng), 0);
}

static void rig_down(struct rig *g)
{
	sr_router_reset(&g->r);
	sr_account_reset(&g->a);
	gsl_rng_free(g->rng);
}

static int64_t to_ses(const struct sr_split *s)
{
	return s->verified + s->unverified + s->simulator;
}

static void ramp_is_linear_and_exact(void **state)
{
	(void)state;
	struct sr_router_params p;
	sr_router_params_default(&p);
	p.strategy = SR_MIGRATE_RAMP;
	p.ramp[0] = (struct sr_point){0, 5};
	p.ramp[1] = (struct sr_point){14, 25};
	p.ramp[2] = (struct sr_point){42, 100};
	p.ramp_len = 3;
	struct rig g;
	rig_up(&g, &p, SR_STAGE_PRODUCTION, SR_UNLIMITED);
	assert_float_equal(sr_router_planned_share(&g.r, 0), 0.05, 1e-12);
	assert_float_equal(sr_router_planned_share(&g.r, 7 * DAY), 0.15, 1e-12);
	assert_float_equal(sr_router_planned_share(&g.r, 28 * DAY), 0.625, 1e-12);
	assert_float_equal(sr_router_planned_share(&g.r, 400 * DAY), 1.0, 1e-12);
	/* 10,000 batches of 7 at day 7: exactly 15% of 70,000, by the carry. */
	int64_t ses = 0;
	for (int i = 0; i < 10000; i++) {
		struct sr_split s;
		assert_int_equal(sr_router_split(&g.r, 7 * DAY, 0, 7, &g.a, 0, &s), 0);
		assert_int_equal(to_ses(&s) + s.legacy, 7);
		ses += to_ses(&s);
	}
	assert_true(ses >= 10499 && ses <= 10500);
	rig_down(&g);
}

static void big_bang_switches_at_start(void **state)
{
	(void)state;
	struct sr_router_params p;
	sr_router_params_default(&p);
	p.strategy = SR_MIGRATE_BIG_BANG;
	p.start_us = 3 * DAY;
	struct rig g;
	rig_up(&g, &p, SR_STAGE_PRODUCTION, SR_UNLIMITED);
	struct sr_split s;
	assert_int_equal(sr_router_split(&g.r, 3 * DAY - 1, 1, 100, &g.a, 0, &s), 0);
	assert_int_equal(s.legacy, 100);
	assert_int_equal(sr_router_split(&g.r, 3 * DAY, 1, 100, &g.a, 0, &s), 0);
	assert_int_equal(s.verified, 100);
	rig_down(&g);
}

/* To SES while SentLast24Hours + queued < target x quota. */
static void quota_following_fills_to_target(void **state)
{
	(void)state;
	struct sr_router_params p;
	sr_router_params_default(&p);
	p.target = 0.9;
	struct rig g;
	rig_up(&g, &p, SR_STAGE_PRODUCTION, 1000);
	assert_int_equal(sr_account_send(&g.a, 0, 850, SR_TO_VERIFIED), SR_SEND_ACCEPTED);
	struct sr_split s;
	assert_int_equal(sr_router_split(&g.r, 10, 0, 100, &g.a, 30, &s), 0);
	assert_int_equal(s.verified, 20);      /* 900 - 850 - 30 */
	assert_int_equal(s.legacy, 80);
	assert_int_equal(sr_router_split(&g.r, 10, 0, 100, &g.a, 50, &s), 0);
	assert_int_equal(s.verified, 0);
	/* After the window rolls, room returns. */
	assert_int_equal(sr_router_split(&g.r, DAY, 0, 100, &g.a, 0, &s), 0);
	assert_int_equal(s.verified, 100);
	rig_down(&g);
}

/* Streams move one at a time, in order, when the quota can carry them. */
static void stream_order_moves_when_carried(void **state)
{
	(void)state;
	struct sr_router_params p;
	sr_router_params_default(&p);
	p.strategy = SR_MIGRATE_STREAM_ORDER;
	p.target = 1.0;
	p.order[0] = 2;
	p.order[1] = 0;
	p.order[2] = 1;
	p.order_len = 3;
	struct rig g;
	rig_up(&g, &p, SR_STAGE_PRODUCTION, 1000);
	struct sr_split s;
	/* Day 0: demand seen, nothing judged yet. Stream 2: 400 a day,
	 * stream 0: 500, stream 1: 300. */
	assert_int_equal(sr_router_split(&g.r, 0, 0, 500, &g.a, 0, &s), 0);
	assert_int_equal(sr_router_split(&g.r, 0, 1, 300, &g.a, 0, &s), 0);
	assert_int_equal(sr_router_split(&g.r, 0, 2, 400, &g.a, 0, &s), 0);
	assert_int_equal(s.legacy, 400);
	int64_t t = DAY - 1;
	assert_int_equal(sr_router_split(&g.r, t, 2, 1, &g.a, 0, &s), 0);
	assert_int_equal(s.legacy, 1);
	/* From a day on: 401 fits, then 401 + 500 = 901 fits, 901 + 300
	 * does not. */
	t = DAY;
	assert_int_equal(sr_router_split(&g.r, t, 2, 1, &g.a, 0, &s), 0);
	assert_int_equal(s.verified, 1);
	assert_int_equal(sr_router_split(&g.r, t, 0, 1, &g.a, 0, &s), 0);
	assert_int_equal(s.verified, 1);
	assert_int_equal(sr_router_split(&g.r, t, 1, 1, &g.a, 0, &s), 0);
	assert_int_equal(s.legacy, 1);
	/* A higher quota carries the last stream too. */
	sr_account_set_limits(&g.a, t, 2000, 1e6);
	assert_int_equal(sr_router_split(&g.r, t + 1, 1, 1, &g.a, 0, &s), 0);
	assert_int_equal(s.verified, 1);
	rig_down(&g);
}

/* In the sandbox only verified and simulator mail goes to SES. */
static void sandbox_gets_only_eligible_mail(void **state)
{
	(void)state;
	struct sr_router_params p;
	sr_router_params_default(&p);
	p.strategy = SR_MIGRATE_BIG_BANG;
	struct rig g;
	rig_up(&g, &p, SR_STAGE_SANDBOX, 0);
	g.q[0].verified_share = 0.2;
	g.q[0].simulator_share = 0.1;
	int64_t ver = 0, sim = 0, leg = 0;
	for (int i = 0; i < 1000; i++) {
		struct sr_split s;
		assert_int_equal(sr_router_split(&g.r, 0, 0, 100, &g.a, 0, &s), 0);
		assert_int_equal(s.unverified, 0);
		ver += s.verified, sim += s.simulator, leg += s.legacy;
	}
	assert_int_equal(ver + sim + leg, 100000);
	assert_true(ver > 19000 && ver < 21000);
	assert_true(sim > 9300 && sim < 10700);
	/* Without the filter the rest is sent and SES will reject it. */
	g.r.p.sandbox_filter = 0;
	struct sr_split s;
	assert_int_equal(sr_router_split(&g.r, 0, 0, 1000, &g.a, 0, &s), 0);
	assert_int_equal(s.legacy, 0);
	assert_true(s.unverified > 500);
	rig_down(&g);
}

static void bad_plans_refused(void **state)
{
	(void)state;
	struct sr_router_params p;
	const char *why;
	sr_router_params_default(&p);
	p.strategy = SR_MIGRATE_RAMP;
	p.ramp[0] = (struct sr_point){14, 25};
	p.ramp[1] = (struct sr_point){7, 50};
	p.ramp_len = 2;
	assert_int_equal(sr_router_check(&p, 1, &why), -1);
	assert_string_equal(why, "ramp days must increase");
	p.ramp[1] = (struct sr_point){21, 150};
	assert_int_equal(sr_router_check(&p, 1, &why), -1);
	p.strategy = SR_MIGRATE_STREAM_ORDER;
	p.order_len = 2;
	p.order[0] = 0;
	p.order[1] = 0;
	assert_int_equal(sr_router_check(&p, 2, &why), -1);
	p.strategy = SR_MIGRATE_QUOTA_FOLLOWING;
	p.target = 0;
	assert_int_equal(sr_router_check(&p, 2, &why), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ramp_is_linear_and_exact),
		cmocka_unit_test(big_bang_switches_at_start),
		cmocka_unit_test(quota_following_fills_to_target),
		cmocka_unit_test(stream_order_moves_when_carried),
		cmocka_unit_test(sandbox_gets_only_eligible_mail),
		cmocka_unit_test(bad_plans_refused),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
