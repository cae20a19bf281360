/* Automatic growth: the rule of growth.h, checked through its effects on an
 * account driven by sends between engine runs.
 *
 * Sends are made at 00:00 UTC unless a test says otherwise: a send at
 * exactly 00:00 rolls out exactly at the next 00:00, so it raises the peak
 * of its own day only, and a day's peak is then exactly what was sent. */
#include "tests/test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/growth.h"
#include "sim/clock.h"

#define DAY SR_US_PER_DAY
#define HOUR SR_US_PER_H
#define MONDAY "2026-01-05T00:00:00Z"

struct raised {
	int64_t t_us;
	char detail[96];
};

struct fx {
	struct sr_engine e;
	struct sr_account a;
	struct sr_growth g;
	struct sr_reporter rep;
	struct raised raised[16];
	int n_raised;
	int n_other;
};

static void on_report(void *ctx, int64_t t_us, const char *account,
		      enum sr_event_kind kind, const char *detail)
{
	struct fx *f = ctx;
	assert_string_equal(account, "acct");
	if (kind != SR_EV_QUOTA_RAISED) {
		f->n_other++;
		return;
	}
	assert_true(f->n_raised < 16);
	struct raised *r = &f->raised[f->n_raised++];
	r->t_us = t_us;
	snprintf(r->detail, sizeof r->detail, "%s", detail);
}

static int64_t parse(const char *text)
{
	int64_t t;
	const char *why;
	assert_int_equal(sr_time_parse(text, &t, &why), 0);
	return t;
}

/* An account in PRODUCTION with the given limits from engine time 0. */
static void fx_init(struct fx *f, const char *origin, int64_t quota,
		    double rate)
{
	struct sr_account_params ap;
	memset(f, 0, sizeof *f);
	f->rep = (struct sr_reporter){.fn = on_report, .ctx = f};
	sr_account_params_default(&ap);
	assert_int_equal(sr_engine_init(&f->e, 0), 0);
	assert_int_equal(sr_account_init(&f->a, "acct", "us-east-1", &ap,
					 parse(origin), &f->rep), 0);
	sr_account_set_stage(&f->a, 0, SR_STAGE_PRODUCTION);
	sr_account_set_limits(&f->a, 0, quota, rate);
}

static void fx_grow(struct fx *f, const struct sr_growth_params *p,
		    const struct sr_reputation *r)
{
	struct sr_growth_params def;
	if (!p) {
		sr_growth_params_default(&def);
		p = &def;
	}
	assert_int_equal(sr_growth_start(&f->g, p, &f->a, r, &f->e), 0);
}

/* The usual set-up: a rate high enough to be no limit, default growth
 * parameters. */
static void fx_start(struct fx *f, int64_t quota)
{
	fx_init(f, MONDAY, quota, 1e6);
	fx_grow(f, NULL, NULL);
}

static void fx_end(struct fx *f)
{
	assert_int_equal(f->n_other, 0);
	assert_int_equal(f->g.increases, f->n_raised);
	sr_account_reset(&f->a);
	sr_engine_reset(&f->e);
}

static void run_to(struct fx *f, int64_t t_us)
{
	assert_int_equal(sr_engine_run(&f->e, t_us, NULL), SR_RUN_DONE);
}

/* Runs the engine to t (evaluations at t come first), then sends k. */
static void send_at(struct fx *f, int64_t t_us, int64_t k)
{
	run_to(f, t_us);
	assert_int_equal(sr_account_send(&f->a, t_us, k, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
}

/* Sends `share` of the quota in force at 00:00 of days first..last, after
 * the evaluation of that instant. */
static void busy_days(struct fx *f, int first, int last, double share)
{
	for (int d = first; d <= last; d++) {
		run_to(f, d * DAY);
		double k = share * (double)f->a.max_24h;
		send_at(f, d * DAY, (int64_t)llround(k));
	}
}

static void no_increase_at_30_percent(void **state)
{
	(void)state;
	struct fx f;
	fx_start(&f, 50000);
	busy_days(&f, 0, 29, 0.3);
	run_to(&f, 30 * DAY);
	assert_int_equal(f.g.increases, 0);
	assert_int_equal(f.a.max_24h, 50000);
	fx_end(&f);
}

/* Two busy days of seven are not enough; a third, anywhere in the last
 * seven, is. */
static void increase_at_60_percent_on_3_of_7_days(void **state)
{
	(void)state;
	struct fx f;
	fx_start(&f, 50000);
	send_at(&f, 1 * DAY, 30000);
	send_at(&f, 3 * DAY, 30000);
	run_to(&f, 7 * DAY);
	assert_int_equal(f.a.max_24h, 50000);
	send_at(&f, 7 * DAY, 30000);
	run_to(&f, 8 * DAY - 1);
	assert_int_equal(f.a.max_24h, 50000);
	run_to(&f, 8 * DAY);
	assert_int_equal(f.n_raised, 1);
	assert_int_equal(f.raised[0].t_us, 8 * DAY);
	assert_int_equal(f.a.max_24h, 100000);
	fx_end(&f);
}

/* Busy days 0, 5 and 6.  With the spacing at 8 days, day 0 has left the
 * last 7 whole days by the first evaluation that may raise (day 8); with
 * the default 7, the evaluation at day 7 still holds it. */
static int64_t busy_0_5_6_with_spacing(int spacing_days)
{
	struct sr_growth_params p;
	struct fx f;
	sr_growth_params_default(&p);
	p.spacing_us = spacing_days * DAY;
	fx_init(&f, MONDAY, 50000, 1e6);
	fx_grow(&f, &p, NULL);
	send_at(&f, 0, 30000);
	send_at(&f, 5 * DAY, 30000);
	send_at(&f, 6 * DAY, 30000);
	run_to(&f, 14 * DAY);
	int64_t n = f.g.increases;
	if (n)
		assert_int_equal(f.raised[0].t_us, 7 * DAY);
	fx_end(&f);
	return n;
}

static void only_the_last_7_days_count(void **state)
{
	(void)state;
	assert_int_equal(busy_0_5_6_with_spacing(8), 0);
	assert_int_equal(busy_0_5_6_with_spacing(7), 1);
}

static void exactly_the_trigger_counts(void **state)
{
	(void)state;
	struct fx f;
	fx_start(&f, 50000);
	busy_days(&f, 0, 2, 0.5);            /* 25,000: exactly half */
	run_to(&f, 7 * DAY);
	assert_int_equal(f.n_raised, 1);
	assert_int_equal(f.raised[0].t_us, 7 * DAY);
	fx_end(&f);

	fx_start(&f, 50000);
	for (int d = 0; d < 3; d++)
		send_at(&f, d * DAY, 24999);
	run_to(&f, 14 * DAY);
	assert_int_equal(f.g.increases, 0);
	fx_end(&f);
}

/* A week of busy days, then the account is put in a stage and status from
 * day 6 + 1 h (after the last send).  Returns the increases by day 8. */
static int64_t busy_week_then(enum sr_stage stage, enum sr_status status)
{
	struct fx f;
	fx_start(&f, 50000);
	busy_days(&f, 0, 6, 0.6);
	run_to(&f, 6 * DAY + HOUR);
	sr_account_set_stage(&f.a, 6 * DAY + HOUR, stage);
	sr_account_set_status(&f.a, 6 * DAY + HOUR, status);
	run_to(&f, 8 * DAY);
	int64_t n = f.g.increases;
	fx_end(&f);
	return n;
}

static void only_production_and_healthy_grow(void **state)
{
	(void)state;
	assert_int_equal(busy_week_then(SR_STAGE_PRODUCTION,
					SR_STATUS_HEALTHY), 1);
	assert_int_equal(busy_week_then(SR_STAGE_SANDBOX,
					SR_STATUS_HEALTHY), 0);
	assert_int_equal(busy_week_then(SR_STAGE_PENDING,
					SR_STATUS_HEALTHY), 0);
	assert_int_equal(busy_week_then(SR_STAGE_PRODUCTION,
					SR_STATUS_PROBATION), 0);
	assert_int_equal(busy_week_then(SR_STAGE_PRODUCTION,
					SR_STATUS_SHUTDOWN), 0);
}

/* Under review for three weeks of busy days: no increase; the first
 * evaluation after the review ends raises (a status change is no change of
 * limits, so the busy days before it still count). */
static void none_under_review(void **state)
{
	(void)state;
	struct fx f;
	fx_start(&f, 50000);
	sr_account_set_status(&f.a, 0, SR_STATUS_PROBATION);
	busy_days(&f, 0, 20, 0.6);
	run_to(&f, 21 * DAY);
	assert_int_equal(f.g.increases, 0);
	sr_account_set_status(&f.a, 21 * DAY + HOUR, SR_STATUS_HEALTHY);
	run_to(&f, 22 * DAY);
	assert_int_equal(f.n_raised, 1);
	assert_int_equal(f.raised[0].t_us, 22 * DAY);
	fx_end(&f);
}

/* With the spacing off, limits changed at day 2 12:00 (a manual grant):
 * day 2, begun before the change, and the busy days before it do not
 * count, so the increase waits for days 3, 4 and 5 and comes at day 6 (it
 * would come at day 3 if earlier days counted, at day 5 if day 2 did). */
static void days_before_the_last_change_do_not_count(void **state)
{
	(void)state;
	struct sr_growth_params p;
	struct fx f;
	sr_growth_params_default(&p);
	p.spacing_us = 0;
	fx_init(&f, MONDAY, 50000, 1e6);
	fx_grow(&f, &p, NULL);
	busy_days(&f, 0, 2, 0.6);
	run_to(&f, 2 * DAY + 12 * HOUR);
	sr_account_set_limits(&f.a, 2 * DAY + 12 * HOUR, 55000, 14);
	busy_days(&f, 3, 5, 0.6);
	run_to(&f, 6 * DAY - 1);
	assert_int_equal(f.g.increases, 0);
	run_to(&f, 6 * DAY);
	assert_int_equal(f.n_raised, 1);
	assert_int_equal(f.raised[0].t_us, 6 * DAY);
	assert_int_equal(f.a.max_24h, 110000);
	fx_end(&f);
}

/* Full usage every day: increases are exactly 7 days apart (without the
 * spacing, the three busy days after each increase would raise again 3
 * days later). */
static void increases_are_at_least_the_spacing_apart(void **state)
{
	(void)state;
	struct fx f;
	fx_start(&f, 50000);
	busy_days(&f, 0, 29, 0.9);
	run_to(&f, 30 * DAY);
	assert_int_equal(f.n_raised, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(f.raised[i].t_us, (i + 1) * 7 * DAY);
	assert_int_equal(f.a.max_24h, 800000);
	fx_end(&f);
}

/* A send at 23:00 on day 6 is still in the window at 00:00 of day 7, so
 * day 7 is busy with nothing sent on it.  With days 5 and 6 that makes
 * three busy days at the evaluation of day 8, but only two at day 7, where
 * day 7 itself is not yet a whole day. */
static void peak_includes_the_level_carried_in(void **state)
{
	(void)state;
	struct fx f;
	fx_start(&f, 50000);
	send_at(&f, 5 * DAY, 30000);
	send_at(&f, 6 * DAY + 23 * HOUR, 30000);
	run_to(&f, 8 * DAY);
	assert_int_equal(f.n_raised, 1);
	assert_int_equal(f.raised[0].t_us, 8 * DAY);
	fx_end(&f);
}

struct seen {
	struct fx *f;
	int64_t quota;
	int64_t increases;
	int fired;
};

static int look(struct sr_engine *e, void *ctx, int64_t arg)
{
	struct seen *s = ctx;
	(void)e, (void)arg;
	s->quota = s->f->a.max_24h;
	s->increases = s->f->g.increases;
	s->fired = 1;
	return 0;
}

/* Growth started at day 6 12:00 evaluates first at day 7 00:00, then
 * daily.  Events at day 7 and day 14 00:00, scheduled before growth
 * started and so ahead of it in insertion order, still see the evaluation
 * of that instant done. */
static void evaluated_before_other_events_at_midnight(void **state)
{
	(void)state;
	struct fx f;
	struct seen s[2] = {{.f = &f}, {.f = &f}};
	fx_init(&f, MONDAY, 50000, 1e6);
	for (int i = 0; i < 2; i++)
		assert_int_equal(sr_engine_at(&f.e, (i + 1) * 7 * DAY,
					      SR_PRIO_GROWTH + 1, look, &s[i],
					      0, NULL), 0);
	busy_days(&f, 0, 2, 0.6);
	run_to(&f, 6 * DAY + 12 * HOUR);
	fx_grow(&f, NULL, NULL);
	busy_days(&f, 7, 9, 0.6);
	run_to(&f, 14 * DAY);
	for (int i = 0; i < 2; i++) {
		assert_true(s[i].fired);
		assert_int_equal(s[i].increases, i + 1);
	}
	assert_int_equal(s[0].quota, 100000);
	assert_int_equal(s[1].quota, 200000);
	assert_int_equal(f.raised[0].t_us, 7 * DAY);
	fx_end(&f);
}

/* A scenario that starts at 15:30 UTC: days are UTC days, and the
 * evaluation falls on 00:00 UTC, not on whole days of engine time. */
static void evaluated_at_utc_midnight(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, "2026-01-05T15:30:00Z", 50000, 1e6);
	fx_grow(&f, NULL, NULL);
	int64_t midnight = 8 * HOUR + 30 * 60 * SR_US_PER_S;  /* Tuesday */
	for (int d = 0; d < 3; d++)
		send_at(&f, midnight + d * DAY, 30000);
	run_to(&f, midnight + 8 * DAY);
	assert_int_equal(f.n_raised, 1);
	/* The spacing from the limits set at engine time 0 (Monday 15:30)
	 * is first met at the UTC midnight after 7 days: Tuesday + 7 days. */
	assert_int_equal(f.raised[0].t_us, midnight + 7 * DAY);
	fx_end(&f);
}

/* 60 days near the quota: the quota doubles every 7 days up to the cap of
 * 1,000,000 and the rate follows (the last step, x1.25, raises the rate
 * x1.25 too). */
static void sustained_usage_doubles_in_steps(void **state)
{
	(void)state;
	static const char *const want[] = {
		"50000 -> 100000 per 24h, 14 -> 28 per s",
		"100000 -> 200000 per 24h, 28 -> 56 per s",
		"200000 -> 400000 per 24h, 56 -> 112 per s",
		"400000 -> 800000 per 24h, 112 -> 224 per s",
		"800000 -> 1000000 per 24h, 224 -> 280 per s",
	};
	struct fx f;
	fx_init(&f, MONDAY, 50000, 14);
	fx_grow(&f, NULL, NULL);
	busy_days(&f, 0, 59, 0.9);
	run_to(&f, 60 * DAY);
	assert_int_equal(f.n_raised, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(f.raised[i].t_us, (i + 1) * 7 * DAY);
		assert_string_equal(f.raised[i].detail, want[i]);
	}
	assert_int_equal(f.a.max_24h, 1000000);
	assert_true(f.a.max_rate == 280);
	fx_end(&f);
}

/* A cap that is not a power-of-two multiple: the last step stops at it,
 * the rate rises by the factor the quota actually rose by, and nothing
 * moves after. */
static void never_above_the_cap(void **state)
{
	(void)state;
	struct sr_growth_params p;
	struct fx f;
	sr_growth_params_default(&p);
	p.cap = 120000;
	fx_init(&f, MONDAY, 50000, 14);
	fx_grow(&f, &p, NULL);
	for (int d = 0; d < 40; d++) {
		busy_days(&f, d, d, 0.9);
		assert_true(f.a.max_24h <= 120000);
	}
	run_to(&f, 40 * DAY);
	assert_int_equal(f.n_raised, 2);
	assert_int_equal(f.a.max_24h, 120000);
	assert_true(f.a.max_rate == 34);     /* 28 x 1.2 = 33.6 */
	fx_end(&f);

	/* A quota granted above the cap by hand is never lowered. */
	fx_init(&f, MONDAY, 200000, 1e6);
	fx_grow(&f, &p, NULL);
	busy_days(&f, 0, 20, 0.9);
	run_to(&f, 21 * DAY);
	assert_int_equal(f.g.increases, 0);
	assert_int_equal(f.a.max_24h, 200000);
	fx_end(&f);
}

/* Quota and rate after the first increase, from 50,000 and 14/s. */
static void one_step(double factor, double rate_factor, int64_t *quota,
		     double *rate)
{
	struct sr_growth_params p;
	struct fx f;
	sr_growth_params_default(&p);
	p.factor = factor;
	p.rate_factor = rate_factor;
	fx_init(&f, MONDAY, 50000, 14);
	fx_grow(&f, &p, NULL);
	busy_days(&f, 0, 2, 0.6);
	run_to(&f, 7 * DAY);
	assert_int_equal(f.g.increases, 1);
	*quota = f.a.max_24h;
	*rate = f.a.max_rate;
	fx_end(&f);
}

/* The rate rises by rate_factor when the quota rises by factor, rounded,
 * and never falls when rate_factor is below 1. */
static void rate_follows_its_own_factor(void **state)
{
	(void)state;
	int64_t quota;
	double rate;
	one_step(1.5, 1.5, &quota, &rate);
	assert_int_equal(quota, 75000);
	assert_true(rate == 21);
	one_step(2, 3, &quota, &rate);
	assert_int_equal(quota, 100000);
	assert_true(rate == 42);
	one_step(2, 0.5, &quota, &rate);
	assert_int_equal(quota, 100000);
	assert_true(rate == 14);
	one_step(2, 1.1, &quota, &rate);       /* 15.4 */
	assert_true(rate == 15);
	one_step(1.234562, 1.234562, &quota, &rate);
	assert_int_equal(quota, 61728);        /* 61,728.1 */
	assert_true(rate == 17);               /* 17.28 */
}

/* Where rounding would keep the quota as it is, it rises by one: an
 * increase always raises the quota (an assumption; see growth.c). */
static void an_increase_always_raises(void **state)
{
	(void)state;
	struct sr_growth_params p;
	struct fx f;
	sr_growth_params_default(&p);
	p.factor = 1.2;
	p.rate_factor = 1.2;
	fx_init(&f, MONDAY, 1, 1);
	fx_grow(&f, &p, NULL);
	busy_days(&f, 0, 2, 1.0);
	run_to(&f, 7 * DAY);
	assert_int_equal(f.g.increases, 1);
	assert_int_equal(f.a.max_24h, 2);
	assert_string_equal(f.raised[0].detail, "1 -> 2 per 24h, 1 -> 2 per s");
	fx_end(&f);
}

static void unlimited_never_grows(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, MONDAY, SR_UNLIMITED, 1e6);
	fx_grow(&f, NULL, NULL);
	for (int d = 0; d < 30; d++)
		send_at(&f, d * DAY, 2000000);
	run_to(&f, 30 * DAY);
	assert_int_equal(f.g.increases, 0);
	assert_int_equal(f.a.max_24h, SR_UNLIMITED);
	fx_end(&f);
}

/* A busy week, with reputation rates set from 1,000 reported messages
 * (all to feedback-loop providers); returns the increases at day 7. */
static int64_t busy_week_with_feedback(int64_t bounces, int64_t complaints)
{
	struct sr_reputation_params rp;
	struct sr_reputation r;
	struct fx f;
	sr_reputation_params_default(&rp);
	rp.volume = 1000;
	rp.complaint_review = 0.004;   /* keep HEALTHY at 0.1% complaints */
	fx_init(&f, MONDAY, 50000, 1e6);
	assert_int_equal(sr_reputation_init(&r, &rp, &f.a, &f.e), 0);
	fx_grow(&f, NULL, &r);
	busy_days(&f, 0, 6, 0.6);
	int64_t t = 6 * DAY + HOUR;
	run_to(&f, t);
	int64_t id = sr_reputation_sent(&r, t, 1000, 1000);
	assert_true(id >= 0);
	if (bounces)
		assert_int_equal(sr_reputation_bounce(&r, t, id, bounces), 0);
	if (complaints)
		assert_int_equal(sr_reputation_complaint(&r, t, id, complaints),
				 0);
	assert_int_equal(f.a.status, SR_STATUS_HEALTHY);
	run_to(&f, 7 * DAY);
	int64_t n = f.g.increases;
	sr_reputation_reset(&r);
	fx_end(&f);
	return n;
}

/* Bounce rate 1.9% passes, 2% blocks; complaint rate 0.09% passes, 0.1%
 * blocks. */
static void high_rates_block_growth(void **state)
{
	(void)state;
	assert_int_equal(busy_week_with_feedback(19, 0), 1);
	assert_int_equal(busy_week_with_feedback(20, 0), 0);
	assert_int_equal(busy_week_with_feedback(0, 0), 1);
	assert_int_equal(busy_week_with_feedback(0, 1), 0);
}

static void disabled_growth_never_raises(void **state)
{
	(void)state;
	struct sr_growth_params p;
	struct fx f;
	sr_growth_params_default(&p);
	p.enabled = 0;
	fx_init(&f, MONDAY, 50000, 1e6);
	fx_grow(&f, &p, NULL);
	assert_int_equal(sr_queue_size(&f.e.queue), 0);
	busy_days(&f, 0, 20, 0.9);
	assert_int_equal(sr_growth_evaluate(&f.g, 21 * DAY), 0);
	assert_int_equal(f.a.max_24h, 50000);
	fx_end(&f);
}

static int starts(const struct sr_growth_params *p)
{
	struct sr_engine e;
	struct sr_account a;
	struct sr_account_params ap;
	struct sr_growth g;
	sr_account_params_default(&ap);
	assert_int_equal(sr_engine_init(&e, 0), 0);
	assert_int_equal(sr_account_init(&a, "acct", "r", &ap, 0, NULL), 0);
	int rc = sr_growth_start(&g, p, &a, NULL, &e);
	sr_account_reset(&a);
	sr_engine_reset(&e);
	return rc;
}

static void bad_parameters_are_refused(void **state)
{
	(void)state;
	struct sr_growth_params d, p;
	sr_growth_params_default(&d);
	assert_int_equal(starts(&d), 0);
#define REFUSED(field, value) \
	do { p = d; p.field = value; assert_int_equal(starts(&p), -1); } \
	while (0)
	REFUSED(window_days, 0);
	REFUSED(window_days, SR_PEAK_DAYS);
	REFUSED(days_required, 0);
	REFUSED(days_required, 8);
	REFUSED(trigger, 0);
	REFUSED(trigger, 1.01);
	REFUSED(factor, 1);
	REFUSED(rate_factor, 0);
	REFUSED(cap, 0);
	REFUSED(spacing_us, -1);
	REFUSED(max_bounce, 0);
	REFUSED(max_complaint, 0);
#undef REFUSED
	p = d;
	p.window_days = SR_PEAK_DAYS - 1;
	p.days_required = p.window_days;
	p.trigger = 1;
	p.spacing_us = 0;
	assert_int_equal(starts(&p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_increase_at_30_percent),
		cmocka_unit_test(increase_at_60_percent_on_3_of_7_days),
		cmocka_unit_test(only_the_last_7_days_count),
		cmocka_unit_test(exactly_the_trigger_counts),
		cmocka_unit_test(only_production_and_healthy_grow),
		cmocka_unit_test(none_under_review),
		cmocka_unit_test(days_before_the_last_change_do_not_count),
		cmocka_unit_test(increases_are_at_least_the_spacing_apart),
		cmocka_unit_test(peak_includes_the_level_carried_in),
		cmocka_unit_test(evaluated_before_other_events_at_midnight),
		cmocka_unit_test(evaluated_at_utc_midnight),
		cmocka_unit_test(sustained_usage_doubles_in_steps),
		cmocka_unit_test(never_above_the_cap),
		cmocka_unit_test(rate_follows_its_own_factor),
		cmocka_unit_test(an_increase_always_raises),
		cmocka_unit_test(unlimited_never_grows),
		cmocka_unit_test(high_rates_block_growth),
		cmocka_unit_test(disabled_growth_never_raises),
		cmocka_unit_test(bad_parameters_are_refused),
	};
	return cmocka_run_group_tests_name("growth", tests, NULL, NULL);
}
