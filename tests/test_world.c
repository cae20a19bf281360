/* One replication end to end: conservation of every recipient for every
 * strategy, client and quota policy; reproducibility; migration complete. */
#include "tests/test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/world.h"
#include "sim/clock.h"

#define DAY SR_US_PER_DAY

/* Three streams, 60,000 recipients a day between them, a sandbox account
 * that asks for production access at the start, 21 days. */
static void scenario(struct sr_world_params *p)
{
	sr_world_params_default(p);
	const char *why;
	assert_int_equal(sr_time_parse("2026-01-05", &p->origin_us, &why), 0);
	p->horizon_us = 21 * DAY;
	p->seed = 7;
	p->nstreams = 3;
	p->synth.nstreams = 3;
	const char *names[] = {"transactional", "notifications", "marketing"};
	double volume[] = {30000, 20000, 10000};
	for (int i = 0; i < 3; i++) {
		snprintf(p->stream_names[i], SR_STREAM_NAME_MAX, "%s", names[i]);
		sr_stream_quality_default(&p->quality[i]);
		p->quality[i].verified_share = 0.1;
		p->quality[i].simulator_share = 0.01;
		sr_synth_stream_default(&p->synth.streams[i], volume[i]);
	}
	p->quality[2].recipients_per_message = 5;
	p->synth.streams[2].recipients_per_message = 5;
	p->synth.streams[2].campaigns[0] = (struct sr_campaign){
		.start_us = 10 * DAY, .recipients = 100000};
	p->synth.streams[2].campaigns_len = 1;
}

static void conserved(const struct sr_world_totals *t, const char *what)
{
	int64_t fates = t->flow[SR_FLOW_SES] + t->flow[SR_FLOW_SIMULATOR] +
			t->flow[SR_FLOW_LEGACY] + t->flow[SR_FLOW_DROPPED] +
			t->backlog;
	if (fates != t->flow[SR_FLOW_DEMAND])
		fprintf(stderr, "%s: demand %lld, fates %lld\n", what,
			(long long)t->flow[SR_FLOW_DEMAND], (long long)fates);
	assert_int_equal(fates, t->flow[SR_FLOW_DEMAND]);
	assert_true(t->flow[SR_FLOW_DEMAND] > 21 * 50000);
}

static void run(const struct sr_world_params *p, struct sr_world_totals *out,
		int64_t *max_24h)
{
	char err[512];
	struct sr_world *w = sr_world_alloc(p, 0, NULL, NULL, err, sizeof err);
	if (!w)
		fprintf(stderr, "%s\n", err);
	assert_non_null(w);
	int rc = sr_world_run(w, err, sizeof err);
	if (rc)
		fprintf(stderr, "run: %s\n", err);
	assert_int_equal(rc, 0);
	*out = *sr_world_totals(w);
	struct sr_account *a = sr_world_account(w, 0);
	/* The account's own daily peaks never exceed its quota. */
	for (int64_t d = 0; d < SR_PEAK_DAYS; d++) {
		int64_t peak = sr_account_day_peak(a, a->day - d);
		if (a->max_24h != SR_UNLIMITED)
			assert_true(peak <= a->max_24h);
	}
	if (max_24h)
		*max_24h = a->max_24h;
	/* Delay percentiles are ordered and within the largest delay (plus a
	 * bin's width). */
	double p50 = sr_world_delay_quantile(w, 0.5);
	double p99 = sr_world_delay_quantile(w, 0.99);
	if (out->flow[SR_FLOW_SES] > 0) {
		assert_true(p50 >= 0 && p50 <= p99);
		assert_true(p99 <= 1.13 * out->delay_max_us + 1e3);
		/* Delays are reported for simulator mail too. */
		double accepted = (double)(out->flow[SR_FLOW_SES] +
					   out->flow[SR_FLOW_SIMULATOR]);
		assert_true(out->delay_sum_us / accepted <= out->delay_max_us);
	}
	sr_world_free(w);
}

/* The feedback totals of a run (the summary's hard_bounces, soft_bounces
 * and complaints) follow the streams' quality over the mail SES accepted
 * for delivery: 0.5% hard, 1% soft of the rest, 0.05% complaints of the
 * half at feedback-loop providers, each within 5 standard deviations; and
 * by the horizon some of them, never more than were drawn, have arrived. */
static void feedback_totals_follow_the_quality(void **state)
{
	(void)state;
	struct sr_world_params p;
	scenario(&p);
	char err[512];
	struct sr_world *w = sr_world_alloc(&p, 0, NULL, NULL, err, sizeof err);
	assert_non_null(w);
	assert_int_equal(sr_world_run(w, err, sizeof err), 0);
	const struct sr_feedback_totals *f = sr_world_feedback(w);
	double sent = (double)sr_world_totals(w)->flow[SR_FLOW_SES];
	assert_true(sent > 100000);
	assert_int_equal(f->suppressed, 0);
	assert_true(fabs((double)f->eligible - sent) < 1);
	double hard = 0.005 * sent, soft = 0.01 * (sent - (double)f->hard);
	double complaints = 0.0005 * 0.5 * sent;
	assert_true(fabs((double)f->hard - hard) < 5 * sqrt(hard));
	assert_true(fabs((double)f->soft - soft) < 5 * sqrt(soft));
	assert_true(fabs((double)f->complaints - complaints) <
		    5 * sqrt(complaints) + 1);
	assert_true(f->soft_arrived <= f->soft && f->soft_arrived > 0);
	assert_true(f->hard_arrived <= f->hard && f->hard_arrived > 0);
	sr_world_free(w);
}

static void every_strategy_conserves(void **state)
{
	(void)state;
	enum sr_strategy all[] = {SR_MIGRATE_BIG_BANG, SR_MIGRATE_RAMP,
				  SR_MIGRATE_QUOTA_FOLLOWING, SR_MIGRATE_STREAM_ORDER};
	for (int k = 0; k < 4; k++) {
		struct sr_world_params p;
		scenario(&p);
		p.router.strategy = all[k];
		p.router.ramp[0] = (struct sr_point){0, 10};
		p.router.ramp[1] = (struct sr_point){14, 100};
		p.router.ramp_len = 2;
		p.router.order_len = 3;
		for (uint32_t i = 0; i < 3; i++)
			p.router.order[i] = i;
		struct sr_world_totals t;
		run(&p, &t, NULL);
		conserved(&t, sr_strategy_name(all[k]));
		assert_true(t.flow[SR_FLOW_SES] > 0);
	}
}

static void every_client_and_policy_conserves(void **state)
{
	(void)state;
	enum sr_on_quota pol[] = {SR_ON_QUOTA_OVERFLOW, SR_ON_QUOTA_WAIT,
				  SR_ON_QUOTA_DROP};
	for (int kind = 0; kind < 2; kind++)
		for (int k = 0; k < 6; k++) {
			struct sr_world_params p;
			scenario(&p);
			/* Everything to SES from the start: the quota must bind. */
			p.router.strategy = SR_MIGRATE_BIG_BANG;
			p.router.sandbox_filter = k / 3;  /* both ways */
			p.client.kind = kind ? SR_CLIENT_NAIVE : SR_CLIENT_PACED;
			p.client.on_quota = pol[k % 3];
			p.client.max_wait_us = 3600 * SR_US_PER_S;
			p.client.attempts_per_s = 40;
			struct sr_world_totals t;
			run(&p, &t, NULL);
			conserved(&t, kind ? "naive" : "paced");
			/* A paced client is never refused for the quota; a
			 * naive one is, and throttled too. */
			if (!kind)
				assert_int_equal(t.flow[SR_FLOW_QUOTA_REJECTED], 0);
			else
				assert_true(t.flow[SR_FLOW_THROTTLED] > 0);
		}
}

/* Without the sandbox filter, unverified mail reaches SES and is rejected. */
static void sandbox_rejections_show(void **state)
{
	(void)state;
	struct sr_world_params p;
	scenario(&p);
	p.router.strategy = SR_MIGRATE_BIG_BANG;
	p.router.sandbox_filter = 0;
	p.accounts[0].access_at_us = -1;     /* stays in the sandbox */
	struct sr_world_totals t;
	int64_t quota;
	run(&p, &t, &quota);
	conserved(&t, "sandbox");
	assert_int_equal(quota, 200);
	assert_true(t.flow[SR_FLOW_SANDBOX_REJECTED] > 0);
	/* At most 200 a rolling day of real mail over 21 days. */
	assert_true(t.flow[SR_FLOW_SES] <= 22 * 200);
}

static void same_seed_same_run(void **state)
{
	(void)state;
	struct sr_world_params p;
	scenario(&p);
	struct sr_world_totals a, b, c;
	run(&p, &a, NULL);
	run(&p, &b, NULL);
	assert_memory_equal(a.flow, b.flow, sizeof a.flow);
	assert_true(a.delay_sum_us == b.delay_sum_us);
	p.seed = 8;
	run(&p, &c, NULL);
	assert_memory_not_equal(a.flow, c.flow, sizeof a.flow);
}

/* An account already in production with room for everything, big bang at
 * day 3: migration completes on day 3. */
static void migration_completes(void **state)
{
	(void)state;
	struct sr_world_params p;
	scenario(&p);
	p.accounts[0].stage = SR_STAGE_PRODUCTION;
	p.accounts[0].max_24h = 1000000;
	p.accounts[0].max_rate = 100;
	p.router.strategy = SR_MIGRATE_BIG_BANG;
	p.router.start_us = 3 * DAY;
	struct sr_world_totals t;
	run(&p, &t, NULL);
	conserved(&t, "big bang");
	assert_int_equal(t.migration_day, 3);
	assert_true(t.flow[SR_FLOW_LEGACY] > 0);
}

/* Migration is judged on UTC days, and days with dropped mail are not on
 * SES: a start at 12:00 UTC, everything to SES from the next midnight. */
static void migration_counts_utc_days_and_drops(void **state)
{
	(void)state;
	struct sr_world_params p;
	scenario(&p);
	const char *why;
	assert_int_equal(sr_time_parse("2026-01-05T12:00:00Z", &p.origin_us, &why), 0);
	p.accounts[0].stage = SR_STAGE_PRODUCTION;
	p.accounts[0].max_24h = 1000000;
	p.accounts[0].max_rate = 100;
	p.router.strategy = SR_MIGRATE_BIG_BANG;
	p.router.start_us = 12 * 3600 * SR_US_PER_S;
	struct sr_world_totals t;
	run(&p, &t, NULL);
	assert_int_equal(t.migration_day, 1);     /* 2026-01-06, UTC */
	/* A quota far too small with drop: never migrated. */
	p.accounts[0].max_24h = 1000;
	p.client.on_quota = SR_ON_QUOTA_DROP;
	run(&p, &t, NULL);
	assert_true(t.flow[SR_FLOW_DROPPED] > 0);
	assert_int_equal(t.flow[SR_FLOW_LEGACY] > 0, 1);
	assert_int_equal(t.migration_day, -1);
}

/* The old provider's daily capacity holds for every UTC day, though lazy
 * sending reports some hand-overs late. */
static int legacy_by_day(void *ctx, int64_t t, uint32_t stream, int acct,
			 enum sr_flow f, int64_t n)
{
	(void)stream, (void)acct;
	int64_t *days = ctx;
	if (f == SR_FLOW_LEGACY)
		days[t / DAY] += n;
	return 0;
}

static void legacy_capacity_holds_per_day(void **state)
{
	(void)state;
	struct sr_world_params p;
	scenario(&p);
	p.router.strategy = SR_MIGRATE_RAMP;
	p.router.ramp[0] = (struct sr_point){0, 60};
	p.router.ramp_len = 1;
	p.client.max_wait_us = 3600 * SR_US_PER_S;
	p.legacy_capacity_per_day = 45000;
	int64_t days[32] = {0};
	struct sr_sink sink = {legacy_by_day, NULL, days};
	char err[256];
	struct sr_world *w = sr_world_alloc(&p, 0, NULL, &sink, err, sizeof err);
	assert_non_null(w);
	assert_int_equal(sr_world_run(w, err, sizeof err), 0);
	const struct sr_world_totals *t = sr_world_totals(w);
	for (int d = 0; d < 21; d++)
		assert_true(days[d] <= 45000);
	assert_true(t->flow[SR_FLOW_DROPPED] > 0);
	conserved(t, "legacy capacity");
	sr_world_free(w);
}

/* Two accounts: by weight they share the traffic; filled in order, the
 * first is kept at its target share of its quota and the second takes the
 * rest. */
static void accounts_split_by_weight_or_fill(void **state)
{
	(void)state;
	int64_t got[2][2];
	for (int mode = 0; mode < 2; mode++) {
		struct sr_world_params p;
		scenario(&p);
		p.naccounts = 2;
		p.accounts[1] = p.accounts[0];
		snprintf(p.accounts[1].name, sizeof p.accounts[1].name, "second");
		for (int i = 0; i < 2; i++) {
			p.accounts[i].stage = SR_STAGE_PRODUCTION;
			p.accounts[i].max_24h = 40000;
			p.accounts[i].max_rate = 100;
		}
		p.growth.enabled = 0;
		p.router.strategy = SR_MIGRATE_BIG_BANG;
		p.split = mode ? SR_SPLIT_FILL : SR_SPLIT_WEIGHT;
		char err[256];
		struct sr_world *w = sr_world_alloc(&p, 0, NULL, NULL, err, sizeof err);
		assert_non_null(w);
		assert_int_equal(sr_world_run(w, err, sizeof err), 0);
		conserved(sr_world_totals(w), "split");
		for (int i = 0; i < 2; i++)
			got[mode][i] = sr_world_account(w, (size_t)i)->attempts[SR_SEND_ACCEPTED];
		sr_world_free(w);
	}
	/* Weight 1:1: within a few percent of each other. */
	assert_true(llabs(got[0][0] - got[0][1]) < got[0][0] / 20);
	/* Fill: the first at most 90% of 40,000 a rolling day (plus what was
	 * queued at a crossing), the second the rest. */
	assert_true(got[1][0] <= 22 * 36000 + 2000);
	assert_true(got[1][0] > 20 * 30000);
	assert_true(got[1][1] > 0);
	assert_true(got[1][0] > got[1][1]);
}

static void bad_scenarios_refused(void **state)
{
	(void)state;
	struct sr_world_params p;
	char err[512];
	scenario(&p);
	p.quality[1].hard_bounce_p = 1.5;
	assert_null(sr_world_alloc(&p, 0, NULL, NULL, err, sizeof err));
	assert_non_null(strstr(err, "notifications"));
	scenario(&p);
	p.router.strategy = SR_MIGRATE_RAMP;
	p.router.ramp_len = 0;
	assert_null(sr_world_alloc(&p, 0, NULL, NULL, err, sizeof err));
	assert_non_null(strstr(err, "ramp"));
	scenario(&p);
	p.accounts[0].stage = SR_STAGE_PRODUCTION;
	p.accounts[0].max_rate = 0;
	assert_null(sr_world_alloc(&p, 0, NULL, NULL, err, sizeof err));
	assert_non_null(strstr(err, "max_rate"));
	scenario(&p);
	snprintf(p.recorded, sizeof p.recorded, "/nonexistent/sends.csv");
	assert_null(sr_world_alloc(&p, 0, NULL, NULL, err, sizeof err));
	assert_non_null(strstr(err, "/nonexistent/sends.csv"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_strategy_conserves),
		cmocka_unit_test(feedback_totals_follow_the_quality),
		cmocka_unit_test(every_client_and_policy_conserves),
		cmocka_unit_test(sandbox_rejections_show),
		cmocka_unit_test(same_seed_same_run),
		cmocka_unit_test(migration_completes),
		cmocka_unit_test(migration_counts_utc_days_and_drops),
		cmocka_unit_test(legacy_capacity_holds_per_day),
		cmocka_unit_test(accounts_split_by_weight_or_fill),
		cmocka_unit_test(bad_scenarios_refused),
	};
	return cmocka_run_group_tests_name("world", tests, NULL, NULL);
}
