/* Requests: production access and limit increases, checked against the
 * rules of models/requests.h (ses-facts sections 2, 4 and 11). */
#include "tests/test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "models/requests.h"
#include "sim/clock.h"
#include "sim/rng.h"

#define LOG_MAX 128
#define MONDAY "2026-11-30T00:00:00Z"
#define FRIDAY "2026-11-27T00:00:00Z"

/* What the reporter saw. */
struct log {
	int n;
	int lost;                   /* events beyond LOG_MAX */
	int foreign;                /* events named for another account */
	enum sr_event_kind kind[LOG_MAX];
	int64_t when[LOG_MAX];
	char detail[LOG_MAX][96];
};

static void capture(void *ctx, int64_t t_us, const char *account,
		    enum sr_event_kind kind, const char *detail)
{
	struct log *l = ctx;
	if (strcmp(account, "acct") != 0)
		l->foreign++;
	if (l->n == LOG_MAX) {
		l->lost++;
		return;
	}
	l->kind[l->n] = kind;
	l->when[l->n] = t_us;
	snprintf(l->detail[l->n], sizeof l->detail[0], "%s", detail);
	l->n++;
}

/* One account with its requests model on a real engine. */
struct world {
	struct sr_engine engine;
	struct sr_account account;
	struct sr_requests req;
	struct sr_reporter reporter;
	struct log log;
	gsl_rng *rng;
};

static int64_t utc(const char *text)
{
	int64_t t = 0;
	const char *why;
	assert_int_equal(sr_time_parse(text, &t, &why), 0);
	return t;
}

/* Engine time of a UTC instant. */
static int64_t at(const struct world *w, const char *text)
{
	return utc(text) - w->account.origin_us;
}

static void world_open(struct world *w, const char *origin,
		       const struct sr_requests_params *p, uint64_t seed)
{
	struct sr_account_params ap;
	memset(w, 0, sizeof *w);
	sr_account_params_default(&ap);
	w->reporter = (struct sr_reporter){capture, &w->log};
	assert_int_equal(sr_engine_init(&w->engine, 0), 0);
	assert_int_equal(sr_account_init(&w->account, "acct", "us-east-1", &ap,
					 utc(origin), &w->reporter), 0);
	w->rng = sr_rng_alloc(seed, 0, "requests");
	assert_non_null(w->rng);
	assert_int_equal(sr_requests_init(&w->req, p, &w->account, &w->engine,
					  w->rng), 0);
}

static void world_close(struct world *w)
{
	sr_account_reset(&w->account);
	sr_engine_reset(&w->engine);
	gsl_rng_free(w->rng);
}

static void run_until(struct world *w, int64_t t_us)
{
	int status = 0;
	assert_int_equal(sr_engine_run(&w->engine, t_us, &status), SR_RUN_DONE);
	assert_int_equal(w->account.failed, 0);
}

static void near(double got, double want)
{
	if (!(fabs(got - want) <= 1e-12 * (1 + fabs(want))))
		fail_msg("%.17g, want %.17g", got, want);
}

static void event_is(const struct log *l, int i, enum sr_event_kind kind,
		     int64_t when)
{
	assert_true(i < l->n);
	assert_string_equal(sr_event_name(l->kind[i]), sr_event_name(kind));
	assert_int_equal(l->when[i], when);
}

/* k successes in n lie within the 99.9% normal-approximation interval of
 * a binomial with probability p. */
static void binomial_ok(int64_t k, int64_t n, double p)
{
	double z = gsl_cdf_ugaussian_Pinv(0.9995);
	double sd = sqrt(p * (1 - p) / (double)n);
	double share = (double)k / (double)n;
	if (!(fabs(share - p) <= z * sd))
		fail_msg("share %.4f, want %.4f +- %.4f", share, p, z * sd);
}

static struct sr_requests_params certain(double granted, double more_info,
					 double denied)
{
	struct sr_requests_params p;
	sr_requests_params_default(&p);
	p.access = (struct sr_outcome_p){granted, more_info, denied};
	p.related = p.access;
	p.access_delay = (struct sr_delay){24, 24};
	p.increase_delay = (struct sr_delay){12, 12};
	return p;
}

/* ---- delays ------------------------------------------------------------ */

/* Equal median and p90 mean sigma 0: the median exactly, nothing drawn. */
static void median_exactly_when_quantiles_equal(void **state)
{
	(void)state;
	gsl_rng *a = sr_rng_alloc(7, 0, "requests");
	gsl_rng *b = sr_rng_alloc(7, 0, "requests");
	assert_non_null(a);
	assert_non_null(b);
	struct sr_delay d = {24, 24};
	for (int i = 0; i < 3; i++)
		assert_int_equal(sr_delay_draw(&d, a), 24 * SR_US_PER_H);
	assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
	gsl_rng_free(a);
	gsl_rng_free(b);
}

/* Half the draws fall below the median and 90% below the p90. */
static void drawn_delays_have_the_given_quantiles(void **state)
{
	(void)state;
	gsl_rng *r = sr_rng_alloc(11, 0, "requests");
	assert_non_null(r);
	struct sr_delay d = {20, 48};
	const int64_t n = 20000;
	int64_t below_median = 0, below_p90 = 0;
	for (int64_t i = 0; i < n; i++) {
		int64_t us = sr_delay_draw(&d, r);
		assert_true(us > 0);
		below_median += us <= 20 * SR_US_PER_H;
		below_p90 += us <= 48 * SR_US_PER_H;
	}
	binomial_ok(below_median, n, 0.5);
	binomial_ok(below_p90, n, 0.9);
	gsl_rng_free(r);
}

/* ---- production access -------------------------------------------------- */

/* The case: the delay counts business time only, so the weekend
 * between is skipped. */
static void friday_evening_answered_monday_evening(void **state)
{
	(void)state;
	struct world w;
	struct sr_requests_params p = certain(1, 0, 0);
	struct sr_access_form f;
	world_open(&w, FRIDAY, &p, 1);
	assert_int_equal(sr_time_weekday(utc(FRIDAY)), SR_FRIDAY);
	sr_access_form_default(&f);
	int64_t filed = at(&w, "2026-11-27T18:00:00Z");
	assert_int_equal(sr_requests_file_access(&w.req, filed, &f), 0);
	run_until(&w, INT64_MAX);
	assert_int_equal(w.log.n, 2);
	event_is(&w.log, 0, SR_EV_ACCESS_REQUESTED, filed);
	event_is(&w.log, 1, SR_EV_ACCESS_GRANTED,
		 at(&w, "2026-11-30T18:00:00Z"));
	world_close(&w);
}

/* Every request of a run is well formed: filed, then any number of
 * (more information, reply), then granted or denied. */
static void history_is_well_formed(const struct log *l)
{
	assert_int_equal(l->lost, 0);
	assert_true(l->n >= 2);
	assert_int_equal(l->kind[0], SR_EV_ACCESS_REQUESTED);
	int i = 1;
	while (i + 1 < l->n && l->kind[i] == SR_EV_ACCESS_MORE_INFO) {
		assert_int_equal(l->kind[i + 1], SR_EV_ACCESS_INFO_SENT);
		i += 2;
	}
	assert_int_equal(i, l->n - 1);
	assert_true(l->kind[i] == SR_EV_ACCESS_GRANTED ||
		    l->kind[i] == SR_EV_ACCESS_DENIED);
}

/* Share of first answers that ask for more information, over n requests
 * from fresh accounts drawing on one stream. */
static int64_t first_more_info(int related, int website, int64_t n)
{
	struct sr_requests_params p;
	struct sr_access_form f;
	sr_requests_params_default(&p);
	p.reapply = 0;
	sr_access_form_default(&f);
	f.website = website;
	gsl_rng *r = sr_rng_alloc(2026, 0, "requests");
	assert_non_null(r);
	int64_t more = 0;
	for (int64_t i = 0; i < n; i++) {
		struct world w;
		world_open(&w, MONDAY, &p, 1);
		gsl_rng_free(w.rng);
		w.rng = r;
		w.req.rng = r;
		w.account.related = related;
		assert_int_equal(sr_requests_file_access(&w.req, 0, &f), 0);
		run_until(&w, INT64_MAX);
		history_is_well_formed(&w.log);
		more += w.log.kind[1] == SR_EV_ACCESS_MORE_INFO;
		w.rng = NULL;
		world_close(&w);
	}
	gsl_rng_free(r);
	return more;
}

static void related_accounts_asked_more_often(void **state)
{
	(void)state;
	const int64_t n = 4000;
	binomial_ok(first_more_info(1, 1, n), n, 0.45);
	binomial_ok(first_more_info(0, 1, n), n, 0.10);
	/* Without a website, 0.15 moves from granted to more information. */
	binomial_ok(first_more_info(0, 0, n), n, 0.25);
}

static void outcome_is(struct sr_outcome_p o, double granted,
		       double more_info, double denied)
{
	near(o.granted, granted);
	near(o.more_info, more_info);
	near(o.denied, denied);
}

static void form_shifts_probability_to_more_info(void **state)
{
	(void)state;
	struct sr_requests_params p;
	struct sr_access_form f;
	sr_requests_params_default(&p);
	sr_access_form_default(&f);
	outcome_is(sr_requests_access_p(&p, &f, 0), 0.85, 0.10, 0.05);
	outcome_is(sr_requests_access_p(&p, &f, 1), 0.50, 0.45, 0.05);
	f.website = 0;
	outcome_is(sr_requests_access_p(&p, &f, 0), 0.70, 0.25, 0.05);
	f.website = 1;
	f.description = 0.5;                   /* 0.30 x (1 - 0.5) */
	outcome_is(sr_requests_access_p(&p, &f, 0), 0.70, 0.25, 0.05);
	f.description = 0;
	outcome_is(sr_requests_access_p(&p, &f, 0), 0.55, 0.40, 0.05);
	f.website = 0;
	outcome_is(sr_requests_access_p(&p, &f, 0), 0.40, 0.55, 0.05);
	/* Related: 0.45 of shift leaves 0.05 granted. */
	outcome_is(sr_requests_access_p(&p, &f, 1), 0.05, 0.90, 0.05);
	/* A shift larger than granted stops at granted = 0. */
	p.thin_description_shift = 0.6;
	outcome_is(sr_requests_access_p(&p, &f, 1), 0, 0.95, 0.05);
}

/* "No" to any attestation is denied, whatever else the form says; the
 * user keeps re-applying with the same form and is denied every time. */
static void attestation_no_is_always_denied(void **state)
{
	(void)state;
	for (int which = 0; which < 3; which++) {
		struct sr_requests_params p;
		struct sr_access_form f;
		struct world w;
		sr_requests_params_default(&p);
		sr_access_form_default(&f);
		f.complies_with_terms = which != 0;
		f.opt_in_only = which != 1;
		f.handles_bounces = which != 2;
		outcome_is(sr_requests_access_p(&p, &f, 0), 0, 0, 1);
		outcome_is(sr_requests_access_p(&p, &f, 1), 0, 0, 1);
		world_open(&w, MONDAY, &p, 100 + (uint64_t)which);
		assert_int_equal(sr_requests_file_access(&w.req, 0, &f), 0);
		run_until(&w, 300 * SR_US_PER_DAY);
		assert_int_equal(w.log.lost, 0);
		assert_true(w.req.access_reviews >= 20);
		for (int i = 0; i < w.log.n; i++)
			assert_true(w.log.kind[i] == SR_EV_ACCESS_REQUESTED ||
				    w.log.kind[i] == SR_EV_ACCESS_DENIED);
		assert_int_not_equal(w.account.stage, SR_STAGE_PRODUCTION);
		world_close(&w);
	}
}

static void granted_sets_production_with_default_limits(void **state)
{
	(void)state;
	struct world w;
	struct sr_requests_params p = certain(1, 0, 0);
	struct sr_access_form f;
	world_open(&w, MONDAY, &p, 1);
	sr_access_form_default(&f);
	assert_int_equal(sr_requests_file_access(&w.req, 0, &f), 0);
	run_until(&w, 12 * SR_US_PER_H);
	assert_int_equal(w.account.stage, SR_STAGE_PENDING);
	assert_int_equal(w.account.max_24h, 200);
	run_until(&w, INT64_MAX);
	assert_int_equal(w.account.stage, SR_STAGE_PRODUCTION);
	assert_int_equal(w.account.max_24h, 50000);
	near(w.account.max_rate, 14);
	event_is(&w.log, 1, SR_EV_ACCESS_GRANTED, 24 * SR_US_PER_H);
	assert_string_equal(w.log.detail[1], "50000 per 24h, 14 per s");
	assert_int_equal(w.req.access_open, 0);
	world_close(&w);
}

/* Limits granted for a form asking quota/rate with a stated daily volume. */
static void grant_for(int64_t quota, double rate, int64_t expected,
		      int64_t want_quota, double want_rate)
{
	struct world w;
	struct sr_requests_params p = certain(1, 0, 0);
	struct sr_access_form f;
	world_open(&w, MONDAY, &p, 1);
	sr_access_form_default(&f);
	f.quota = quota;
	f.rate = rate;
	f.expected_daily = expected;
	assert_int_equal(sr_requests_file_access(&w.req, 0, &f), 0);
	run_until(&w, INT64_MAX);
	assert_int_equal(w.log.kind[1], SR_EV_ACCESS_GRANTED);
	assert_int_equal(w.account.max_24h, want_quota);
	near(w.account.max_rate, want_rate);
	world_close(&w);
}

static void far_overasked_quota_granted_in_part(void **state)
{
	(void)state;
	/* 100x the stated volume: 10x granted, the rate scaled alike. */
	grant_for(10000000, 1000, 100000, 1000000, 100);
	/* 10x the volume would be below the default grant: the default. */
	grant_for(1000000, 50, 1000, 50000, 2.5);
	/* Exactly 10x is not above it: in full. */
	grant_for(1000000, 50, 100000, 1000000, 50);
	/* No stated volume: what was asked. */
	grant_for(1000000, 50, 0, 1000000, 50);
}

/*
 * A thin description (shift 1) is certain to draw a request for more
 * information; the reply completes it, so the second review grants.  Filed
 * Friday 00:00, review after 6 business hours (Friday 06:00), reply after
 * 48 calendar hours (Sunday 06:00), second review counted from Monday 00:00.
 */
static void more_info_leads_to_a_second_review(void **state)
{
	(void)state;
	struct world w;
	struct sr_requests_params p = certain(1, 0, 0);
	struct sr_access_form f;
	p.access_delay = (struct sr_delay){6, 6};
	p.reply_delay = (struct sr_delay){48, 48};
	p.thin_description_shift = 1;
	world_open(&w, FRIDAY, &p, 1);
	sr_access_form_default(&f);
	f.description = 0;
	outcome_is(sr_requests_access_p(&p, &f, 0), 0, 1, 0);
	assert_int_equal(sr_requests_file_access(&w.req, 0, &f), 0);
	run_until(&w, at(&w, "2026-11-28T12:00:00Z"));
	assert_int_equal(w.account.stage, SR_STAGE_PENDING);
	run_until(&w, INT64_MAX);
	assert_int_equal(w.log.n, 4);
	event_is(&w.log, 0, SR_EV_ACCESS_REQUESTED, 0);
	event_is(&w.log, 1, SR_EV_ACCESS_MORE_INFO,
		 at(&w, "2026-11-27T06:00:00Z"));
	event_is(&w.log, 2, SR_EV_ACCESS_INFO_SENT,
		 at(&w, "2026-11-29T06:00:00Z"));
	event_is(&w.log, 3, SR_EV_ACCESS_GRANTED,
		 at(&w, "2026-11-30T06:00:00Z"));
	assert_int_equal(w.req.access_reviews, 2);
	assert_int_equal(w.account.stage, SR_STAGE_PRODUCTION);
	world_close(&w);
}

static void denied_returns_to_sandbox_and_reapplies(void **state)
{
	(void)state;
	struct world w;
	struct sr_requests_params p = certain(0, 0, 1);
	struct sr_access_form f;
	sr_access_form_default(&f);
	world_open(&w, MONDAY, &p, 1);
	assert_int_equal(sr_requests_file_access(&w.req, 0, &f), 0);
	run_until(&w, 12 * SR_US_PER_H);
	assert_int_equal(w.account.stage, SR_STAGE_PENDING);
	int64_t denied = at(&w, "2026-12-01T00:00:00Z");
	run_until(&w, denied);
	assert_int_equal(w.account.stage, SR_STAGE_SANDBOX);
	assert_int_equal(w.log.n, 2);
	event_is(&w.log, 1, SR_EV_ACCESS_DENIED, denied);
	run_until(&w, denied + 7 * SR_US_PER_DAY - 1);
	assert_int_equal(w.log.n, 2);
	run_until(&w, denied + 7 * SR_US_PER_DAY);
	event_is(&w.log, 2, SR_EV_ACCESS_REQUESTED, denied + 7 * SR_US_PER_DAY);
	assert_int_equal(w.account.stage, SR_STAGE_PENDING);
	run_until(&w, at(&w, "2026-12-09T00:00:00Z"));
	event_is(&w.log, 3, SR_EV_ACCESS_DENIED,
		 at(&w, "2026-12-09T00:00:00Z"));
	assert_int_equal(w.account.stage, SR_STAGE_SANDBOX);
	world_close(&w);

	/* Without re-application the story ends at the first denial. */
	p.reapply = 0;
	world_open(&w, MONDAY, &p, 1);
	assert_int_equal(sr_requests_file_access(&w.req, 0, &f), 0);
	run_until(&w, INT64_MAX);
	assert_int_equal(w.log.n, 2);
	assert_int_equal(w.account.stage, SR_STAGE_SANDBOX);
	world_close(&w);
}

/* ---- limit increase ------------------------------------------------------ */

/* A production account at 50,000 per 24 h and 14 per s. */
static void open_production(struct world *w)
{
	struct sr_requests_params p = certain(1, 0, 0);
	world_open(w, MONDAY, &p, 1);
	sr_account_set_stage(&w->account, 0, SR_STAGE_PRODUCTION);
	sr_account_set_limits(&w->account, 0, 50000, 14);
}

static void send(struct world *w, int64_t t_us, int64_t k)
{
	assert_int_equal(sr_account_send(&w->account, t_us, k, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
}

struct increase_case {
	int64_t peak;               /* sent at 00:00:01 on the first day */
	int64_t quota;
	double rate;
	enum sr_stage stage;        /* at the answer */
	enum sr_status status;
	enum sr_event_kind want;
	int64_t want_quota;
	double want_rate;
};

/* Files at 01:00 on Monday, answered at 13:00 (12 business hours). */
static void increase_is(const struct increase_case *c)
{
	struct world w;
	open_production(&w);
	send(&w, SR_US_PER_S, c->peak);
	assert_int_equal(sr_requests_file_increase(&w.req, SR_US_PER_H,
						   c->quota, c->rate), 0);
	run_until(&w, 2 * SR_US_PER_H);
	sr_account_set_stage(&w.account, 2 * SR_US_PER_H, c->stage);
	sr_account_set_status(&w.account, 2 * SR_US_PER_H, c->status);
	run_until(&w, INT64_MAX);
	assert_int_equal(w.log.n, 2);
	event_is(&w.log, 0, SR_EV_INCREASE_REQUESTED, SR_US_PER_H);
	event_is(&w.log, 1, c->want, 13 * SR_US_PER_H);
	assert_int_equal(w.account.max_24h, c->want_quota);
	near(w.account.max_rate, c->want_rate);
	assert_int_equal(w.req.increase_open, 0);
	world_close(&w);
}

static void increase_full_within_ten_times_the_peak(void **state)
{
	(void)state;
	const enum sr_stage P = SR_STAGE_PRODUCTION;
	const enum sr_status H = SR_STATUS_HEALTHY;
	const struct increase_case cases[] = {
		/* The rate follows the quota: 14 x 4. */
		{20000, 200000, 0, P, H, SR_EV_INCREASE_GRANTED, 200000, 56},
		/* ... or the rate asked for, when higher. */
		{20000, 200000, 100, P, H, SR_EV_INCREASE_GRANTED, 200000, 100},
		{20000, 200000, 20, P, H, SR_EV_INCREASE_GRANTED, 200000, 56},
		/* At most 10x: exactly 10x is in full. */
		{40000, 400000, 0, P, H, SR_EV_INCREASE_GRANTED, 400000, 112},
		/* Asking for less than the account has lowers nothing. */
		{20000, 30000, 0, P, H, SR_EV_INCREASE_DENIED, 50000, 14},
		/* Only a higher rate at the same quota: the rate rises. */
		{20000, 50000, 20, P, H, SR_EV_INCREASE_GRANTED, 50000, 20},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		increase_is(&cases[i]);
}

static void increase_partial_at_twice_the_peak(void **state)
{
	(void)state;
	const enum sr_stage P = SR_STAGE_PRODUCTION;
	const enum sr_status H = SR_STATUS_HEALTHY;
	const struct increase_case cases[] = {
		/* Above 10x: 2 x 40,000, the rate in proportion, not as
		 * asked. */
		{40000, 400001, 100, P, H, SR_EV_INCREASE_PARTIAL, 80000, 22.4},
		/* 2x the peak not above the quota: denied, limits kept. */
		{20000, 1000000, 0, P, H, SR_EV_INCREASE_DENIED, 50000, 14},
		{25000, 1000000, 0, P, H, SR_EV_INCREASE_DENIED, 50000, 14},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		increase_is(&cases[i]);
}

/* The status and stage at the answer decide, whatever the peak. */
static void increase_denied_unless_healthy_production(void **state)
{
	(void)state;
	const enum sr_stage P = SR_STAGE_PRODUCTION;
	const enum sr_status H = SR_STATUS_HEALTHY;
	const enum sr_event_kind D = SR_EV_INCREASE_DENIED;
	const struct increase_case cases[] = {
		{40000, 100000, 0, P, SR_STATUS_PROBATION, D, 50000, 14},
		{40000, 100000, 0, P, SR_STATUS_SHUTDOWN, D, 50000, 14},
		{40000, 100000, 0, SR_STAGE_SANDBOX, H, D, 50000, 14},
		{40000, 100000, 0, SR_STAGE_PENDING, H, D, 50000, 14},
		{40000, 100000, 0, P, H, SR_EV_INCREASE_GRANTED, 100000, 28},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		increase_is(&cases[i]);
}

/* Outcome of asking 100,000 at 00:00 of `day` (answered at 12:00), after a
 * peak of 40,000 sent at 00:00:01 on day 0 (carried into day 1 by the
 * rolling window). */
static enum sr_event_kind increase_on_day(int64_t day)
{
	struct world w;
	open_production(&w);
	send(&w, SR_US_PER_S, 40000);
	int64_t t = day * SR_US_PER_DAY;
	assert_int_equal(sr_requests_file_increase(&w.req, t, 100000, 0), 0);
	run_until(&w, INT64_MAX);
	assert_int_equal(w.log.n, 2);
	assert_int_equal(w.log.when[1], t + 12 * SR_US_PER_H);
	enum sr_event_kind k = w.log.kind[1];
	world_close(&w);
	return k;
}

static void increase_looks_back_fourteen_days(void **state)
{
	(void)state;
	/* Day 14 (a Monday) still sees day 1; day 15 (Tuesday) does not. */
	assert_int_equal(increase_on_day(14), SR_EV_INCREASE_GRANTED);
	assert_int_equal(increase_on_day(15), SR_EV_INCREASE_DENIED);
}

/* Filed with no peak at all; the peak sent before the answer counts. */
static void increase_decided_at_the_answer(void **state)
{
	(void)state;
	struct world w;
	open_production(&w);
	assert_int_equal(sr_requests_file_increase(&w.req, 0, 400000, 0), 0);
	run_until(&w, SR_US_PER_H);
	assert_int_equal(w.log.n, 1);
	send(&w, SR_US_PER_H, 40000);
	run_until(&w, INT64_MAX);
	event_is(&w.log, 1, SR_EV_INCREASE_GRANTED, 12 * SR_US_PER_H);
	assert_int_equal(w.account.max_24h, 400000);
	world_close(&w);
}

/* ---- filing and reporting ------------------------------------------------ */

static void filing_while_open_is_refused(void **state)
{
	(void)state;
	struct world w;
	struct sr_requests_params p = certain(1, 0, 0);
	struct sr_access_form f;
	sr_access_form_default(&f);
	world_open(&w, MONDAY, &p, 1);
	assert_int_equal(sr_requests_file_access(&w.req, 0, &f), 0);
	assert_int_equal(sr_requests_file_access(&w.req, 0, &f), -1);
	run_until(&w, 12 * SR_US_PER_H);
	int64_t now = w.engine.now_us;
	assert_int_equal(sr_requests_file_access(&w.req, now, &f), -1);
	run_until(&w, INT64_MAX);
	assert_int_equal(w.account.stage, SR_STAGE_PRODUCTION);
	now = w.engine.now_us;
	assert_int_equal(sr_requests_file_access(&w.req, now, &f), -1);
	assert_int_equal(sr_requests_file_increase(&w.req, now, 100000, 0), 0);
	assert_int_equal(sr_requests_file_increase(&w.req, now, 100000, 0), -1);
	run_until(&w, INT64_MAX);
	now = w.engine.now_us;
	assert_int_equal(sr_requests_file_increase(&w.req, now, 100000, 0), 0);
	assert_int_equal(w.log.n, 4);
	world_close(&w);
}

static void bad_forms_and_parameters_are_refused(void **state)
{
	(void)state;
	struct world w;
	struct sr_requests_params p = certain(1, 0, 0);
	struct sr_access_form f, bad;
	sr_access_form_default(&f);
	world_open(&w, MONDAY, &p, 1);
	bad = f;
	bad.quota = 0;
	assert_int_equal(sr_requests_file_access(&w.req, 0, &bad), -1);
	bad = f;
	bad.rate = 0;
	assert_int_equal(sr_requests_file_access(&w.req, 0, &bad), -1);
	bad = f;
	bad.description = 1.5;
	assert_int_equal(sr_requests_file_access(&w.req, 0, &bad), -1);
	assert_int_equal(sr_requests_file_increase(&w.req, 0, 0, 0), -1);
	assert_int_equal(sr_requests_file_increase(&w.req, 0, 1000, -1), -1);
	run_until(&w, 10);
	assert_int_equal(sr_requests_file_access(&w.req, 5, &f), -1);
	assert_int_equal(sr_requests_file_access(&w.req, 10, &f), 0);

	struct sr_requests q;
	struct sr_requests_params bp;
	sr_requests_params_default(&bp);
	assert_int_equal(sr_requests_init(&q, &bp, &w.account, &w.engine,
					  w.rng), 0);
	bp.access_delay.p90_h = 10;             /* below the median */
	assert_int_equal(sr_requests_init(&q, &bp, &w.account, &w.engine,
					  w.rng), -1);
	sr_requests_params_default(&bp);
	bp.related.denied = 0.5;                /* sums to 1.45 */
	assert_int_equal(sr_requests_init(&q, &bp, &w.account, &w.engine,
					  w.rng), -1);
	sr_requests_params_default(&bp);
	bp.lookback_days = SR_PEAK_DAYS + 1;
	assert_int_equal(sr_requests_init(&q, &bp, &w.account, &w.engine,
					  w.rng), -1);
	world_close(&w);
}

/* A whole story: filed, more information, reply, granted, increase filed
 * and answered; each step reported once, at its time, for this account. */
static void every_filing_and_answer_is_reported(void **state)
{
	(void)state;
	struct world w;
	struct sr_requests_params p = certain(1, 0, 0);
	struct sr_access_form f;
	p.reply_delay = (struct sr_delay){5, 5};
	p.thin_description_shift = 1;
	sr_access_form_default(&f);
	f.description = 0;
	world_open(&w, MONDAY, &p, 1);
	assert_int_equal(sr_requests_file_access(&w.req, 0, &f), 0);
	run_until(&w, INT64_MAX);
	int64_t granted = w.engine.now_us;
	assert_int_equal(sr_requests_file_increase(&w.req, granted, 60000, 0),
			 0);
	run_until(&w, INT64_MAX);
	const enum sr_event_kind want[] = {
		SR_EV_ACCESS_REQUESTED, SR_EV_ACCESS_MORE_INFO,
		SR_EV_ACCESS_INFO_SENT, SR_EV_ACCESS_GRANTED,
		SR_EV_INCREASE_REQUESTED, SR_EV_INCREASE_DENIED,
	};
	const int64_t h = SR_US_PER_H;
	const int64_t when[] = {0, 24 * h, 29 * h, 53 * h, 53 * h, 65 * h};
	assert_int_equal(w.log.n, 6);
	for (int i = 0; i < 6; i++)
		event_is(&w.log, i, want[i], when[i]);
	assert_int_equal(w.log.foreign, 0);
	world_close(&w);
}

/* One seed gives one history; another seed another one. */
static void history_depends_on_the_seed_only(void **state)
{
	(void)state;
	struct sr_requests_params p;
	struct sr_access_form f;
	struct world w[3];
	sr_requests_params_default(&p);
	sr_access_form_default(&f);
	f.website = 0;
	const uint64_t seeds[3] = {5, 5, 6};
	for (int i = 0; i < 3; i++) {
		world_open(&w[i], MONDAY, &p, seeds[i]);
		w[i].account.related = 1;
		assert_int_equal(sr_requests_file_access(&w[i].req, 0, &f), 0);
		run_until(&w[i], 60 * SR_US_PER_DAY);
	}
	assert_int_equal(w[0].log.n, w[1].log.n);
	assert_memory_equal(w[0].log.when, w[1].log.when,
			    sizeof w[0].log.when[0] * (size_t)w[0].log.n);
	assert_memory_equal(w[0].log.kind, w[1].log.kind,
			    sizeof w[0].log.kind[0] * (size_t)w[0].log.n);
	assert_true(w[0].log.n != w[2].log.n ||
		    memcmp(w[0].log.when, w[2].log.when,
			   sizeof w[0].log.when[0] * (size_t)w[0].log.n) != 0);
	for (int i = 0; i < 3; i++)
		world_close(&w[i]);
}

int main(void)
{
	gsl_set_error_handler_off();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(median_exactly_when_quantiles_equal),
		cmocka_unit_test(drawn_delays_have_the_given_quantiles),
		cmocka_unit_test(friday_evening_answered_monday_evening),
		cmocka_unit_test(related_accounts_asked_more_often),
		cmocka_unit_test(form_shifts_probability_to_more_info),
		cmocka_unit_test(attestation_no_is_always_denied),
		cmocka_unit_test(granted_sets_production_with_default_limits),
		cmocka_unit_test(far_overasked_quota_granted_in_part),
		cmocka_unit_test(more_info_leads_to_a_second_review),
		cmocka_unit_test(denied_returns_to_sandbox_and_reapplies),
		cmocka_unit_test(increase_full_within_ten_times_the_peak),
		cmocka_unit_test(increase_partial_at_twice_the_peak),
		cmocka_unit_test(increase_denied_unless_healthy_production),
		cmocka_unit_test(increase_looks_back_fourteen_days),
		cmocka_unit_test(increase_decided_at_the_answer),
		cmocka_unit_test(filing_while_open_is_refused),
		cmocka_unit_test(bad_forms_and_parameters_are_refused),
		cmocka_unit_test(every_filing_and_answer_is_reported),
		cmocka_unit_test(history_depends_on_the_seed_only),
	};
	return cmocka_run_group_tests_name("requests", tests, NULL, NULL);
}
