/* Account: refusal order, pause, limits, daily peaks. */
#include "tests/test.h"

#include <gsl/gsl_rng.h>

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

/* The state a send can change, equal in two accounts. */
static void assert_same(struct sr_account *a, struct sr_account *b, int64_t t)
{
	for (int r = 0; r < SR_SEND_RESULT_COUNT; r++)
		assert_int_equal(a->attempts[r], b->attempts[r]);
	assert_int_equal(a->simulator_accepted, b->simulator_accepted);
	assert_int_equal(a->sent_peak, b->sent_peak);
	assert_int_equal(a->failed, b->failed);
	assert_int_equal(a->bucket.utok, b->bucket.utok);
	assert_int_equal(a->bucket.last_us, b->bucket.last_us);
	assert_int_equal(a->window.now_us, b->window.now_us);
	assert_int_equal(sr_account_sent_last_24h(a, t),
			 sr_account_sent_last_24h(b, t));
	/* The same entries, so that they roll out alike. */
	const struct sr_window *wa = &a->window, *wb = &b->window;
	assert_int_equal(wa->len, wb->len);
	for (size_t i = 0; i < wa->len; i++) {
		const struct sr_window_entry *ea =
			&wa->entry[(wa->head + i) & (wa->cap - 1)];
		const struct sr_window_entry *eb =
			&wb->entry[(wb->head + i) & (wb->cap - 1)];
		assert_int_equal(ea->second, eb->second);
		assert_int_equal(ea->count, eb->count);
	}
	for (int64_t d = a->day - SR_PEAK_DAYS; d <= a->day; d++)
		assert_int_equal(sr_account_day_peak(a, d), sr_account_day_peak(b, d));
}

static int syncs;
static void count_sync(void *ctx, int64_t t_us)
{
	(void)ctx;
	(void)t_us;
	syncs++;
}

/* A run of sends gives what the same sends one at a time give: random runs
 * across rate and quota refusals, day boundaries and roll-outs, for every
 * kind of recipient, in production and in the sandbox, with and without a
 * token taken by refusals, and with a sync hook.  The account sending one
 * at a time always has a hook, one that only counts: its sends all take
 * the general path, the reference for the other's short way. */
static void send_run_equals_single_sends(void **state)
{
	(void)state;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	for (int variant = 0; variant < 8; variant++) {
		struct sr_account a, b;
		production(&a, 1000, 14);
		production(&b, 1000, 14);
		if (variant & 1) {
			a.p.refused_takes_token = b.p.refused_takes_token = 1;
		}
		if (variant & 2) {
			sr_account_set_stage(&a, 0, SR_STAGE_SANDBOX);
			sr_account_set_stage(&b, 0, SR_STAGE_SANDBOX);
		}
		if (variant & 4)
			a.sync = count_sync;
		b.sync = count_sync;
		int64_t t = 0;
		for (int run = 0; run < 2000; run++) {
			int64_t ts[40], ks[40];
			size_t n = gsl_rng_uniform_int(r, 41);
			for (size_t i = 0; i < n; i++) {
				unsigned long step = gsl_rng_uniform_int(r, 100);
				t += step == 0 ? (int64_t)(gsl_rng_uniform(r) * 6 * HOUR)
				     : (int64_t)gsl_rng_uniform_int(r, (step % 3) * SEC + 1);
				ts[i] = t;
				ks[i] = 1 + (int64_t)gsl_rng_uniform_int(r, 30);
			}
			enum sr_recipients to = (enum sr_recipients)
				gsl_rng_uniform_int(r, 3);
			size_t done = 99, one = 0;
			syncs = 0;
			enum sr_send_result got =
				sr_account_send_run(&a, ts, ks, n, to, &done);
			int run_syncs = syncs;
			syncs = 0;
			enum sr_send_result want = SR_SEND_ACCEPTED;
			while (one < n && (want = sr_account_send(&b, ts[one], ks[one],
								  to)) == SR_SEND_ACCEPTED)
				one++;
			assert_int_equal(got, want);
			assert_int_equal(done, one);
			assert_int_equal(run_syncs, variant & 4 ? syncs : 0);
			assert_same(&a, &b, t);
		}
		assert_true(a.attempts[SR_SEND_ACCEPTED] > 0);
		assert_true(a.attempts[SR_SEND_RATE_EXCEEDED] > 0);
		assert_true(a.attempts[SR_SEND_QUOTA_EXCEEDED] > 0);
		sr_account_reset(&a);
		sr_account_reset(&b);
	}
	gsl_rng_free(r);
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
		cmocka_unit_test(send_run_equals_single_sends),
		cmocka_unit_test(bad_parameters_refused),
	};
	return cmocka_run_group_tests_name("account", tests, NULL, NULL);
}
