/* Scenario files: value parsers, a full file, the write/load round trip,
 * every kind of error with its FILE:LINE message, --set. */
#include "tests/test.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "cli/scenario.h"
#include "sim/clock.h"

#define DAY SR_US_PER_DAY
#define H SR_US_PER_H

/* ---- a temporary folder for the files ---------------------------------------- */

static char dir[64];
static char *made[64];
static size_t nmade;

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/sesramp-scenario-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	for (size_t i = 0; i < nmade; i++) {
		unlink(made[i]);
		free(made[i]);
	}
	nmade = 0;
	return rmdir(dir);
}

/* Writes text to dir/name; returns the path (freed at the end). */
static const char *put_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	for (size_t i = 0; i < nmade; i++)
		if (!strcmp(made[i], path))
			return made[i];
	assert_true(nmade < 64);
	made[nmade] = strdup(path);
	assert_non_null(made[nmade]);
	return made[nmade++];
}

static struct sr_scenario *new_scenario(void)
{
	struct sr_scenario *s = malloc(sizeof *s);
	assert_non_null(s);
	return s;
}

/* Loads and finishes text as dir/name; the first error, or "" if none. */
static const char *load_error(const char *name, const char *text)
{
	static char err[2048];
	const char *path = put_file(name, text);
	struct sr_scenario *s = new_scenario();
	err[0] = '\0';
	if (!sr_scenario_load(s, path, err, sizeof err))
		sr_scenario_finish(s, err, sizeof err);
	free(s);
	return err;
}

static void expect_error(const char *name, const char *text, int line,
			 const char *msg)
{
	char want[2048];
	snprintf(want, sizeof want, "%s/%s:%d: %s", dir, name, line, msg);
	assert_string_equal(load_error(name, text), want);
}

static struct sr_scenario *load_ok(const char *name, const char *text)
{
	char err[2048] = "";
	const char *path = put_file(name, text);
	struct sr_scenario *s = new_scenario();
	if (sr_scenario_load(s, path, err, sizeof err) ||
	    sr_scenario_finish(s, err, sizeof err))
		fail_msg("%s", err);
	return s;
}

/* ---- value parsers ----------------------------------------------------------------- */

static void durations(void **state)
{
	(void)state;
	static const struct { const char *text; int64_t us; } good[] = {
		{"90d", 90 * DAY}, {"12h", 12 * H}, {"30m", 30 * SR_US_PER_MIN},
		{"45s", 45 * SR_US_PER_S}, {"250ms", 250000}, {"1w", 7 * DAY},
		{"1.5h", 90 * SR_US_PER_MIN}, {" 7d ", 7 * DAY}, {"0", 0},
		{"0s", 0}, {"100us", 100}, {"2 h", 2 * H},
	};
	static const struct { const char *text, *why; } bad[] = {
		{"", "the value is empty, expected a duration such as 90d, 12h, "
		 "30m, 45s or 250ms"},
		{"90", "'90' has no unit, expected a duration such as 90d, 12h, "
		 "30m, 45s or 250ms"},
		{"5x", "'5x' has no known unit, expected a number and one of the "
		 "units w, d, h, m, s, ms, us, e.g. 90d"},
		{"-1d", "'-1d' is negative, expected a duration such as 90d, 12h, "
		 "30m, 45s or 250ms"},
		{"nan", "'nan' is not a finite number, expected a duration such as "
		 "90d, 12h, 30m, 45s or 250ms"},
		{"inf", "'inf' is not a finite number, expected a duration such as "
		 "90d, 12h, 30m, 45s or 250ms"},
		{"1d2h", "'1d2h' has no known unit, expected a number and one of the "
		 "units w, d, h, m, s, ms, us, e.g. 90d"},
		{"d", "'d' is not a number, expected a duration such as 90d, 12h, "
		 "30m, 45s or 250ms"},
		{".d", "'.d' is not a number, expected a duration such as 90d, 12h, "
		 "30m, 45s or 250ms"},
		{"36501d", "'36501d' is too long, expected a duration of at most "
		 "36500d"},
	};
	char why[256];
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t us = -1;
		assert_int_equal(sr_duration_parse(good[i].text, &us, why, sizeof why), 0);
		assert_int_equal(us, good[i].us);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t us = 0;
		assert_int_equal(sr_duration_parse(bad[i].text, &us, why, sizeof why), -1);
		assert_string_equal(why, bad[i].why);
	}
}

static void volumes(void **state)
{
	(void)state;
	static const struct { const char *text; double v; } good[] = {
		{"500", 500}, {"1.5k", 1500}, {"2M", 2e6}, {"1.234k", 1234},
		{"0", 0}, {"1e3", 1000}, {"0.5", 0.5}, {" 10k ", 10000},
	};
	static const struct { const char *text, *why; } bad[] = {
		{"-5", "'-5' is negative, expected a volume such as 500, 1.5k or 2M"},
		{"2m", "'2m' has an unknown suffix, expected k (thousand) or M "
		 "(million) after the number"},
		{"5kk", "'5kk' has unexpected text after the number, expected a "
		 "volume such as 500, 1.5k or 2M"},
		{"lots", "'lots' is not a number, expected a volume such as 500, "
		 "1.5k or 2M"},
		{"NaN", "'NaN' is not a finite number, expected a volume such as "
		 "500, 1.5k or 2M"},
		{"1e999", "'1e999' is too large, expected a volume such as 500, 1.5k "
		 "or 2M"},
		{"", "the value is empty, expected a volume such as 500, 1.5k or 2M"},
		{".", "'.' is not a number, expected a volume such as 500, 1.5k or "
		 "2M"},
		{"+k", "'+k' is not a number, expected a volume such as 500, 1.5k "
		 "or 2M"},
		{"0x10", "'0x10' has an unknown suffix, expected k (thousand) or M "
		 "(million) after the number"},
	};
	char why[256];
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		double v = -1;
		assert_int_equal(sr_volume_parse(good[i].text, &v, why, sizeof why), 0);
		assert_true(v == good[i].v);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double v;
		assert_int_equal(sr_volume_parse(bad[i].text, &v, why, sizeof why), -1);
		assert_string_equal(why, bad[i].why);
	}
}

static void shares(void **state)
{
	(void)state;
	static const struct { const char *text; double v; } good[] = {
		{"5%", 0.05}, {"0.05", 0.05}, {"100%", 1}, {"0", 0},
		{" 0.1 % ", 0.001}, {"1", 1},
	};
	static const struct { const char *text, *why; } bad[] = {
		{"150%", "'150%' is out of range, expected a percentage from 0% to "
		 "100% or a fraction from 0 to 1"},
		{"-1%", "'-1%' is out of range, expected a percentage from 0% to "
		 "100% or a fraction from 0 to 1"},
		{"1.5", "'1.5' is out of range, expected a percentage from 0% to "
		 "100% or a fraction from 0 to 1"},
		{"5%%", "'5%%' has unexpected text after the number, expected a "
		 "percentage such as 5% or a fraction such as 0.05"},
		{"nan%", "'nan%' is not a finite number, expected a percentage such "
		 "as 5% or a fraction such as 0.05"},
		{"half", "'half' is not a number, expected a percentage such as 5% "
		 "or a fraction such as 0.05"},
	};
	char why[256];
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		double v = -1;
		assert_int_equal(sr_share_parse(good[i].text, &v, why, sizeof why), 0);
		assert_true(v == good[i].v);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double v;
		assert_int_equal(sr_share_parse(bad[i].text, &v, why, sizeof why), -1);
		assert_string_equal(why, bad[i].why);
	}
}

static void booleans(void **state)
{
	(void)state;
	static const char *const yes[] = {"yes", "true", "on", "1", "YES", " On "};
	static const char *const no[] = {"no", "false", "off", "0", "No"};
	char why[256];
	int v;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		v = 0;
		assert_int_equal(sr_bool_parse(yes[i], &v, why, sizeof why), 0);
		assert_int_equal(v, 1);
	}
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		v = 1;
		assert_int_equal(sr_bool_parse(no[i], &v, why, sizeof why), 0);
		assert_int_equal(v, 0);
	}
	assert_int_equal(sr_bool_parse("maybe", &v, why, sizeof why), -1);
	assert_string_equal(why, "'maybe' is not yes or no, expected yes or no "
			    "(or true/false, on/off, 1/0)");
	assert_int_equal(sr_bool_parse("2", &v, why, sizeof why), -1);
	assert_int_equal(sr_bool_parse("", &v, why, sizeof why), -1);
}

static void dates(void **state)
{
	(void)state;
	char why[256];
	int64_t t;
	int64_t day = sr_days_from_civil(2026, 1, 5) * DAY;
	assert_int_equal(sr_date_parse("2026-01-05", &t, why, sizeof why), 0);
	assert_int_equal(t, day);
	assert_int_equal(sr_date_parse(" 2026-01-05T09:30:00Z ", &t, why,
				       sizeof why), 0);
	assert_int_equal(t, day + 9 * H + 30 * SR_US_PER_MIN);
	assert_int_equal(sr_date_parse("2026-01-05T10:00:00+01:00", &t, why,
				       sizeof why), 0);
	assert_int_equal(t, day + 9 * H);
	assert_int_equal(sr_date_parse("2026-13-01", &t, why, sizeof why), -1);
	assert_string_equal(why, "'2026-13-01' is not a date (a field of the date "
			    "or time is out of range), expected an ISO 8601 date "
			    "such as 2026-01-05 or 2026-01-05T09:00:00Z");
	assert_int_equal(sr_date_parse("2026-01-05T09:00:00.5Z", &t, why,
				       sizeof why), -1);
	assert_string_equal(why, "'2026-01-05T09:00:00.5Z' has a fraction of a "
			    "second, expected a date and time to the whole second");
	assert_int_equal(sr_date_parse("yesterday", &t, why, sizeof why), -1);
	assert_int_equal(sr_date_parse("", &t, why, sizeof why), -1);
}

static void ramps(void **state)
{
	(void)state;
	struct sr_point p[4];
	size_t len = 0;
	char why[256];
	assert_int_equal(sr_ramp_parse("0:5%, 14d:25%, 42:100%", p, 4, &len, why,
				       sizeof why), 0);
	assert_int_equal(len, 3);
	assert_true(p[0].day == 0 && p[0].value == 5);
	assert_true(p[1].day == 14 && p[1].value == 25);
	assert_true(p[2].day == 42 && p[2].value == 100);
	/* A plain fraction is a share, stored in percent as the router wants. */
	assert_int_equal(sr_ramp_parse("0.5:0.25", p, 4, &len, why, sizeof why), 0);
	assert_true(len == 1 && p[0].day == 0.5 && p[0].value == 25);
	assert_int_equal(sr_ramp_parse("", p, 4, &len, why, sizeof why), 0);
	assert_int_equal(len, 0);

	static const struct { const char *text, *why; } bad[] = {
		{"0:5%, 14:25%, 10:100%", "days must increase, expected day:percent "
		 "points in increasing order"},
		{"0:5%, 0:10%", "days must increase, expected day:percent points in "
		 "increasing order"},
		{"0:5%, 14:125%", "point 2 '14:125%': the percent is out of range, "
		 "expected 0% to 100%"},
		{"0:5%, 14", "point 2 '14' has no ':', expected day:percent points "
		 "such as 0:5%, 14:25%, 42:100%"},
		{"-1:5%", "point 1 '-1:5%': the day is not a number >= 0, expected "
		 "day:percent points such as 0:5%, 14:25%, 42:100%"},
		{"0:5%,, 9:10%", "point 2 is empty, expected day:percent points such "
		 "as 0:5%, 14:25%, 42:100%"},
		{"0:x", "point 1: 'x' is not a number, expected a percentage such as "
		 "5% or a fraction such as 0.05"},
		{"0:1%, 1:2%, 2:3%, 3:4%, 4:5%", "more than 4 points, expected at "
		 "most 4"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(sr_ramp_parse(bad[i].text, p, 4, &len, why,
					       sizeof why), -1);
		assert_string_equal(why, bad[i].why);
	}
}

static void weights(void **state)
{
	(void)state;
	double w[7];
	char why[256];
	assert_int_equal(sr_weights_parse("1, 1, 1.3, 1, 1, 0.5, 0", w, 7, why,
					  sizeof why), 0);
	assert_true(w[2] == 1.3 && w[5] == 0.5 && w[6] == 0);
	static const struct { const char *text, *why; } bad[] = {
		{"1, 1, 1, 1, 1, 1", "6 weights, expected 7 numbers >= 0 separated "
		 "by commas"},
		{"1, 1, 1, 1, 1, 1, 1, 1", "more than 7 weights, expected at most 7"},
		{"1, 1, 1, -1, 1, 1, 1", "weight 4 '-1' is negative, expected 7 "
		 "numbers >= 0 separated by commas"},
		{"0, 0, 0, 0, 0, 0, 0", "the weights sum to 0, expected at least one "
		 "positive weight and a finite sum"},
		{"1, 1, 1, inf, 1, 1, 1", "'inf' is not a finite number, expected 7 "
		 "numbers >= 0 separated by commas"},
		{"1, 1, 1, 2x, 1, 1, 1", "'2x' has unexpected text after the number, "
		 "expected 7 numbers >= 0 separated by commas"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(sr_weights_parse(bad[i].text, w, 7, why, sizeof why), -1);
		assert_string_equal(why, bad[i].why);
	}
}

/* ---- a full scenario ---------------------------------------------------------------- */

static const char full[] =
	"; every section, most keys away from their defaults\n"
	"[simulation]\n"
	"name = full-test\n"
	"start = 2026-03-02T06:00:00Z\n"
	"duration = 60d\n"
	"seed = 18446744073709551615\n"
	"bucket = 15m\n"
	"replications = 3\n"
	"\n"
	"[account eu]\n"
	"region = eu-west-1\n"
	"stage = production\n"
	"related = yes\n"
	"max_24h = 200k\n"
	"max_rate = 50\n"
	"mail_type = marketing\n"
	"website = no\n"
	"complies_with_terms = yes\n"
	"opt_in_only = no\n"
	"handles_bounces = yes\n"
	"description = 40%\n"
	"requested_quota = 1M\n"
	"requested_rate = 100\n"
	"expected_daily = 300k\n"
	"increase = 30d: 500k, 45d: 2M/200\n"
	"weight = 3\n"
	"\n"
	"[account us]\n"
	"access_request = 2d\n"
	"\n"
	"[limiter]\n"
	"sandbox_quota = 300\n"
	"sandbox_rate = 2\n"
	"burst = 2s\n"
	"refused_takes_token = yes\n"
	"\n"
	"[requests]\n"
	"access_delay = 10h, 30h\n"
	"access_outcome = 80%, 15%, 5%\n"
	"related_outcome = 40%, 50%, 10%\n"
	"no_website_shift = 20%\n"
	"thin_description_shift = 0.25\n"
	"reply_delay = 12h, 2d\n"
	"reapply = no\n"
	"reapply_after = 10d\n"
	"overask_factor = 5\n"
	"increase_delay = 6h, 18h\n"
	"full_factor = 8\n"
	"partial_factor = 3\n"
	"lookback = 21d\n"
	"\n"
	"[reputation]\n"
	"volume = 20k\n"
	"bounce_review = 4%\n"
	"bounce_pause = 8%\n"
	"complaint_review = 0.08%\n"
	"complaint_pause = 0.4%\n"
	"fixes_cause = no\n"
	"resume_after = 2w\n"
	"\n"
	"[growth]\n"
	"enabled = no\n"
	"window = 10d\n"
	"days_required = 4\n"
	"trigger = 60%\n"
	"factor = 1.5\n"
	"rate_factor = 1.5\n"
	"cap = 5M\n"
	"spacing = 5d\n"
	"max_bounce = 1.5%\n"
	"max_complaint = 0.05%\n"
	"\n"
	"[feedback]\n"
	"hard_bounce_delay = 20s, 30m\n"
	"complaint_delay = 6h, 2d\n"
	"soft_retry = 14h\n"
	"delay_bins = 8\n"
	"\n"
	"[client]\n"
	"kind = naive\n"
	"pace = 70%\n"
	"read_interval = 30s\n"
	"on_quota = overflow\n"
	"max_wait = 6h\n"
	"wait_then = drop\n"
	"lost_to = drop\n"
	"attempts_per_s = 250\n"
	"backoff_base = 50ms\n"
	"backoff_factor = 3\n"
	"backoff_cap = 10s\n"
	"max_tries = 5\n"
	"jitter_bins = 16\n"
	"\n"
	"[migration]\n"
	"strategy = stream_order\n"
	"start = 2026-03-09\n"
	"ramp = 0:10%, 7d:50%, 21:100%\n"
	"target = 85%\n"
	"order = news, tx\n"
	"sandbox_filter = no\n"
	"legacy_capacity = 3M\n"
	"legacy_price = 0.65\n"
	"ses_price = 0.12\n"
	"\n"
	"[stream tx]\n"
	"recipients_per_message = 2\n"
	"hard_bounce = 0.2%\n"
	"soft_bounce = 0.5%\n"
	"complaint = 0.01%\n"
	"fbl_share = 40%\n"
	"verified_share = 10%\n"
	"simulator_share = 1%\n"
	"list_size = 2M\n"
	"volume = 1.5M\n"
	"trend = linear\n"
	"trend_per_day = 1%\n"
	"\n"
	"[stream news]\n"
	"volume = 300k\n"
	"trend = table\n"
	"trend_table = 0:300k, 30:450k,\n"
	"\t60:600k\n"
	"hourly = 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3,   ; night is quiet\n"
	"    ; the afternoon\n"
	"\t3, 3, 3, 3, 3, 3, 2, 2, 1, 1, 0.5, 0\n"
	"weekday = 1, 1, 1, 1, 1, 0.5, 0.25\n"
	"campaigns = 10d: 300k, 20d: 100k over 6h\n"
	"\n"
	"[workload]\n"
	"recorded =\n"
	"interval = 5m\n"
	"skip_bad_rows = yes\n";

static void full_scenario_loads(void **state)
{
	(void)state;
	struct sr_scenario *s = load_ok("full.ini", full);
	const struct sr_world_params *w = &s->world;
	int64_t origin = sr_days_from_civil(2026, 3, 2) * DAY + 6 * H;

	assert_string_equal(s->name, "full-test");
	assert_int_equal(w->origin_us, origin);
	assert_int_equal(w->horizon_us, 60 * DAY);
	assert_true(w->seed == UINT64_MAX);
	assert_int_equal(s->bucket_us, 15 * SR_US_PER_MIN);
	assert_int_equal(s->replications, 3);

	assert_int_equal(w->naccounts, 2);
	const struct sr_account_config *eu = &w->accounts[0], *us = &w->accounts[1];
	assert_string_equal(eu->name, "eu");
	assert_string_equal(eu->region, "eu-west-1");
	assert_int_equal(eu->stage, SR_STAGE_PRODUCTION);
	assert_int_equal(eu->related, 1);
	assert_int_equal(eu->max_24h, 200000);
	assert_true(eu->max_rate == 50);
	assert_int_equal(eu->access_at_us, -1);     /* production: never */
	assert_int_equal(eu->form.mail_type, SR_MAIL_MARKETING);
	assert_int_equal(eu->form.website, 0);
	assert_int_equal(eu->form.opt_in_only, 0);
	assert_true(eu->form.description == 0.4);
	assert_int_equal(eu->form.quota, 1000000);
	assert_true(eu->form.rate == 100);
	assert_int_equal(eu->form.expected_daily, 300000);
	assert_int_equal(eu->nincreases, 2);
	assert_int_equal(eu->increases[0].at_us, 30 * DAY);
	assert_int_equal(eu->increases[0].quota, 500000);
	assert_true(eu->increases[0].rate == 0);
	assert_int_equal(eu->increases[1].quota, 2000000);
	assert_true(eu->increases[1].rate == 200);
	assert_true(eu->weight == 3);
	assert_string_equal(us->region, "us-east-1");
	assert_int_equal(us->stage, SR_STAGE_SANDBOX);
	assert_int_equal(us->access_at_us, 2 * DAY);
	assert_true(us->weight == 1);

	assert_int_equal(w->account.sandbox_quota, 300);
	assert_true(w->account.sandbox_rate == 2 && w->account.burst_s == 2);
	assert_int_equal(w->account.refused_takes_token, 1);

	const struct sr_requests_params *rq = &w->requests;
	assert_true(rq->access_delay.median_h == 10 && rq->access_delay.p90_h == 30);
	assert_true(rq->access.granted == 0.8 && rq->access.more_info == 0.15 &&
		    rq->access.denied == 0.05);
	assert_true(rq->related.granted == 0.4 && rq->related.denied == 0.1);
	assert_true(rq->no_website_shift == 0.2 && rq->thin_description_shift == 0.25);
	assert_true(rq->reply_delay.median_h == 12 && rq->reply_delay.p90_h == 48);
	assert_int_equal(rq->reapply, 0);
	assert_int_equal(rq->reapply_after_us, 10 * DAY);
	assert_true(rq->overask_factor == 5 && rq->full_factor == 8 &&
		    rq->partial_factor == 3);
	assert_true(rq->increase_delay.median_h == 6 && rq->increase_delay.p90_h == 18);
	assert_int_equal(rq->lookback_days, 21);

	const struct sr_reputation_params *rp = &w->reputation;
	assert_int_equal(rp->volume, 20000);
	assert_true(rp->bounce_review == 0.04 && rp->bounce_pause == 0.08);
	assert_true(rp->complaint_review == 0.0008 && rp->complaint_pause == 0.004);
	assert_int_equal(rp->fixes_cause, 0);
	assert_int_equal(rp->resume_after_us, 14 * DAY);

	const struct sr_growth_params *g = &w->growth;
	assert_int_equal(g->enabled, 0);
	assert_int_equal(g->window_days, 10);
	assert_int_equal(g->days_required, 4);
	assert_true(g->trigger == 0.6 && g->factor == 1.5 && g->rate_factor == 1.5);
	assert_int_equal(g->cap, 5000000);
	assert_int_equal(g->spacing_us, 5 * DAY);
	assert_true(g->max_bounce == 0.015 && g->max_complaint == 0.0005);

	const struct sr_feedback_params *f = &w->feedback;
	assert_true(f->hard_delay.median_s == 20 && f->hard_delay.at_s == 1800 &&
		    f->hard_delay.level == 0.99);
	assert_true(f->complaint_delay.median_s == 6 * 3600 &&
		    f->complaint_delay.at_s == 2 * 86400 &&
		    f->complaint_delay.level == 0.95);
	assert_int_equal(f->soft_retry_us, 14 * H);
	assert_int_equal(f->bins, 8);

	const struct sr_client_params *cl = &w->client;
	assert_int_equal(cl->kind, SR_CLIENT_NAIVE);
	assert_true(cl->pace == 0.7);
	assert_int_equal(cl->read_interval_us, 30 * SR_US_PER_S);
	assert_int_equal(cl->on_quota, SR_ON_QUOTA_OVERFLOW);
	assert_int_equal(cl->max_wait_us, 6 * H);
	assert_int_equal(cl->wait_then, SR_LOST_TO_DROP);
	assert_int_equal(cl->lost_to, SR_LOST_TO_DROP);
	assert_true(cl->attempts_per_s == 250 && cl->backoff_factor == 3);
	assert_int_equal(cl->backoff_base_us, 50000);
	assert_int_equal(cl->backoff_cap_us, 10 * SR_US_PER_S);
	assert_int_equal(cl->max_tries, 5);
	assert_int_equal(cl->jitter_bins, 16);

	const struct sr_router_params *r = &w->router;
	assert_int_equal(r->strategy, SR_MIGRATE_STREAM_ORDER);
	assert_int_equal(r->start_us, 7 * DAY - 6 * H);   /* the date, resolved */
	assert_int_equal(r->ramp_len, 3);
	assert_true(r->ramp[1].day == 7 && r->ramp[1].value == 50);
	assert_true(r->target == 0.85);
	assert_int_equal(r->order_len, 2);
	assert_int_equal(r->order[0], 1);                 /* news */
	assert_int_equal(r->order[1], 0);                 /* tx */
	assert_int_equal(r->sandbox_filter, 0);
	assert_int_equal(w->legacy_capacity_per_day, 3000000);
	assert_true(s->legacy_price == 0.65 && s->ses_price == 0.12);

	assert_int_equal(w->nstreams, 2);
	assert_int_equal(w->synth.nstreams, 2);
	assert_string_equal(w->stream_names[0], "tx");
	assert_string_equal(w->stream_names[1], "news");
	const struct sr_stream_quality *q = &w->quality[0];
	assert_true(q->recipients_per_message == 2 && q->hard_bounce_p == 0.002 &&
		    q->soft_bounce_p == 0.005 && q->complaint_p == 0.0001 &&
		    q->fbl_share == 0.4 && q->verified_share == 0.1 &&
		    q->simulator_share == 0.01);
	assert_int_equal(q->list_size, 2000000);
	const struct sr_synth_stream *tx = &w->synth.streams[0];
	assert_int_equal(tx->recipients_per_message, 2);
	assert_true(tx->volume_per_day == 1.5e6 && tx->trend_per_day == 0.01);
	assert_int_equal(tx->trend, SR_TREND_LINEAR);
	const struct sr_synth_stream *news = &w->synth.streams[1];
	assert_true(w->quality[1].hard_bounce_p == 0.005);   /* a default */
	assert_int_equal(news->trend, SR_TREND_TABLE);
	assert_int_equal(news->table_len, 3);
	assert_true(news->table[2].day == 60 && news->table[2].value == 600000);
	assert_true(news->hourly[0] == 0 && news->hourly[7] == 3 &&
		    news->hourly[22] == 0.5 && news->hourly[23] == 0);
	assert_true(news->weekday[6] == 0.25);
	assert_int_equal(news->campaigns_len, 2);
	assert_int_equal(news->campaigns[0].start_us, 10 * DAY);
	assert_int_equal(news->campaigns[0].recipients, 300000);
	assert_int_equal(news->campaigns[0].window_us, 0);
	assert_int_equal(news->campaigns[1].window_us, 6 * H);

	assert_string_equal(w->recorded, "");
	assert_int_equal(w->synth.interval_us, 5 * SR_US_PER_MIN);
	assert_int_equal(w->skip_bad_rows, 1);
	free(s);
}

/* An empty file is every default; the name comes from the file. */
static void empty_file_is_defaults(void **state)
{
	(void)state;
	struct sr_scenario *s = load_ok("my plan.ini", "; nothing\n");
	const struct sr_world_params *w = &s->world;
	assert_string_equal(s->name, "my_plan");
	assert_int_equal(w->origin_us, sr_days_from_civil(2026, 1, 5) * DAY);
	assert_int_equal(w->horizon_us, 90 * DAY);
	assert_true(w->seed == 1);
	assert_int_equal(s->bucket_us, H);
	assert_int_equal(s->replications, 1);
	assert_int_equal(w->nstreams, 1);
	assert_string_equal(w->stream_names[0], "default");
	assert_true(w->synth.streams[0].volume_per_day == 10000);
	assert_int_equal(w->naccounts, 1);
	assert_string_equal(w->accounts[0].name, "main");
	assert_int_equal(w->accounts[0].stage, SR_STAGE_SANDBOX);
	assert_int_equal(w->accounts[0].access_at_us, 0);
	assert_int_equal(w->accounts[0].max_24h, 50000);
	assert_int_equal(w->router.strategy, SR_MIGRATE_QUOTA_FOLLOWING);
	assert_int_equal(w->legacy_capacity_per_day, -1);
	assert_true(s->legacy_price == 0.80 && s->ses_price == 0.10);
	assert_int_equal(w->growth.cap, 1000000);
	free(s);
}

/* ---- round trip ------------------------------------------------------------------------- */

#define SAME(f) assert_true(a->f == b->f)

static void same_account(const struct sr_account_config *a,
			 const struct sr_account_config *b)
{
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->region, b->region);
	SAME(stage); SAME(related); SAME(max_24h); SAME(max_rate);
	SAME(access_at_us); SAME(weight); SAME(nincreases);
	SAME(form.quota); SAME(form.rate); SAME(form.mail_type);
	SAME(form.website); SAME(form.complies_with_terms);
	SAME(form.opt_in_only); SAME(form.handles_bounces);
	SAME(form.description); SAME(form.expected_daily);
	for (size_t i = 0; i < a->nincreases; i++) {
		SAME(increases[i].at_us); SAME(increases[i].quota);
		SAME(increases[i].rate);
	}
}

static void same_stream(const struct sr_world_params *a,
			const struct sr_world_params *b, size_t i)
{
	assert_string_equal(a->stream_names[i], b->stream_names[i]);
	SAME(quality[i].recipients_per_message); SAME(quality[i].hard_bounce_p);
	SAME(quality[i].soft_bounce_p); SAME(quality[i].complaint_p);
	SAME(quality[i].fbl_share); SAME(quality[i].verified_share);
	SAME(quality[i].simulator_share); SAME(quality[i].list_size);
	const struct sr_synth_stream *x = &a->synth.streams[i];
	const struct sr_synth_stream *y = &b->synth.streams[i];
	assert_true(x->volume_per_day == y->volume_per_day);
	assert_int_equal(x->recipients_per_message, y->recipients_per_message);
	assert_int_equal(x->trend, y->trend);
	assert_true(x->trend_per_day == y->trend_per_day);
	assert_int_equal(x->table_len, y->table_len);
	for (size_t k = 0; k < x->table_len; k++)
		assert_true(x->table[k].day == y->table[k].day &&
			    x->table[k].value == y->table[k].value);
	for (size_t k = 0; k < 24; k++)
		assert_true(x->hourly[k] == y->hourly[k]);
	for (size_t k = 0; k < 7; k++)
		assert_true(x->weekday[k] == y->weekday[k]);
	assert_int_equal(x->campaigns_len, y->campaigns_len);
	for (size_t k = 0; k < x->campaigns_len; k++)
		assert_true(x->campaigns[k].start_us == y->campaigns[k].start_us &&
			    x->campaigns[k].window_us == y->campaigns[k].window_us &&
			    x->campaigns[k].recipients == y->campaigns[k].recipients);
}

/* Field by field: memcmp would also compare padding. */
static void same_world(const struct sr_world_params *a,
		       const struct sr_world_params *b)
{
	SAME(origin_us); SAME(horizon_us); SAME(seed); SAME(nstreams);
	SAME(synth.nstreams); SAME(synth.interval_us); SAME(synth.origin_us);
	SAME(synth.horizon_us);
	for (size_t i = 0; i < a->nstreams; i++)
		same_stream(a, b, i);
	assert_string_equal(a->recorded, b->recorded);
	SAME(skip_bad_rows); SAME(naccounts);
	for (size_t i = 0; i < a->naccounts; i++)
		same_account(&a->accounts[i], &b->accounts[i]);
	SAME(account.sandbox_quota); SAME(account.sandbox_rate);
	SAME(account.burst_s); SAME(account.refused_takes_token);
	SAME(reputation.volume); SAME(reputation.bounce_review);
	SAME(reputation.bounce_pause); SAME(reputation.complaint_review);
	SAME(reputation.complaint_pause); SAME(reputation.fixes_cause);
	SAME(reputation.resume_after_us);
	SAME(growth.enabled); SAME(growth.window_days); SAME(growth.days_required);
	SAME(growth.trigger); SAME(growth.factor); SAME(growth.rate_factor);
	SAME(growth.cap); SAME(growth.spacing_us); SAME(growth.max_bounce);
	SAME(growth.max_complaint);
	SAME(requests.access_delay.median_h); SAME(requests.access_delay.p90_h);
	SAME(requests.access.granted); SAME(requests.access.more_info);
	SAME(requests.access.denied); SAME(requests.related.granted);
	SAME(requests.related.more_info); SAME(requests.related.denied);
	SAME(requests.no_website_shift); SAME(requests.thin_description_shift);
	SAME(requests.reply_delay.median_h); SAME(requests.reply_delay.p90_h);
	SAME(requests.reapply); SAME(requests.reapply_after_us);
	SAME(requests.overask_factor); SAME(requests.increase_delay.median_h);
	SAME(requests.increase_delay.p90_h); SAME(requests.full_factor);
	SAME(requests.partial_factor); SAME(requests.lookback_days);
	SAME(feedback.hard_delay.median_s); SAME(feedback.hard_delay.level);
	SAME(feedback.hard_delay.at_s); SAME(feedback.complaint_delay.median_s);
	SAME(feedback.complaint_delay.level); SAME(feedback.complaint_delay.at_s);
	SAME(feedback.soft_retry_us); SAME(feedback.bins);
	SAME(client.kind); SAME(client.pace); SAME(client.read_interval_us);
	SAME(client.on_quota); SAME(client.max_wait_us); SAME(client.wait_then);
	SAME(client.lost_to); SAME(client.attempts_per_s);
	SAME(client.backoff_base_us); SAME(client.backoff_factor);
	SAME(client.backoff_cap_us); SAME(client.max_tries);
	SAME(client.jitter_bins);
	SAME(router.strategy); SAME(router.start_us); SAME(router.ramp_len);
	for (size_t i = 0; i < a->router.ramp_len; i++)
		assert_true(a->router.ramp[i].day == b->router.ramp[i].day &&
			    a->router.ramp[i].value == b->router.ramp[i].value);
	SAME(router.target); SAME(router.order_len);
	for (size_t i = 0; i < a->router.order_len; i++)
		SAME(router.order[i]);
	SAME(router.sandbox_filter); SAME(legacy_capacity_per_day);
}

/* Writes a finished scenario to dir/name and reads it back. */
static char *write_text(const struct sr_scenario *s)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	assert_non_null(f);
	assert_int_equal(sr_scenario_write(s, f), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void round_trip(const char *source)
{
	struct sr_scenario *a = load_ok("trip-source.ini", source);
	char *text = write_text(a);
	struct sr_scenario *b = load_ok("trip-written.ini", text);
	char *again = write_text(b);
	same_world(&a->world, &b->world);
	assert_string_equal(a->name, b->name);
	assert_int_equal(a->bucket_us, b->bucket_us);
	assert_int_equal(a->replications, b->replications);
	assert_true(a->legacy_price == b->legacy_price &&
		    a->ses_price == b->ses_price);
	assert_string_equal(text, again);
	free(text);
	free(again);
	free(a);
	free(b);
}

static void write_then_load_is_identical(void **state)
{
	(void)state;
	round_trip(full);
	round_trip("");
	/* Awkward numbers: shares and delays that are not round, long lists. */
	round_trip("[stream odd]\n"
		   "hard_bounce = 0.1234567%\n"
		   "complaint = 0.3333333333333333\n"
		   "volume = 1234.5678\n"
		   "trend = exponential\n"
		   "trend_per_day = -0.5%\n"
		   "hourly = 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.1, 1.2,\n"
		   "  1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6\n"
		   "[requests]\n"
		   "access_delay = 1.2345678s, 90m\n"
		   "[migration]\n"
		   "strategy = ramp\n"
		   "start = 36h\n"
		   "ramp = 0:5%, 0.5:12.5%, 14:25%, 42:100%\n"
		   "legacy_capacity = 1.5M\n"
		   "[account p]\n"
		   "stage = production\n"
		   "max_24h = unlimited\n"
		   "max_rate = 1.5\n");
}

/* ---- errors ------------------------------------------------------------------------------ */

static void unknown_section(void **state)
{
	(void)state;
	expect_error("e.ini", "[simulation]\nseed = 2\n\n[limits]\n", 4,
		     "[limits]: unknown section, expected one of: simulation, "
		     "account NAME, limiter, requests, reputation, growth, feedback, "
		     "client, migration, stream NAME, workload, planning");
	expect_error("e.ini", "[stream]\n", 1,
		     "[stream]: the stream needs a name of 1 to 31 letters, digits, "
		     "'_', '-' or '.', expected [stream NAME]");
	expect_error("e.ini", "[growth x]\n", 1,
		     "[growth x]: unexpected name 'x', expected [growth]");
}

static void unknown_key(void **state)
{
	(void)state;
	expect_error("e.ini", "[growth]\ncap = 2M\nceiling = 3M\n", 3,
		     "[growth] ceiling: unknown key, expected one of: enabled, "
		     "window, days_required, trigger, factor, rate_factor, cap, "
		     "spacing, max_bounce, max_complaint");
	expect_error("e.ini", "cap = 2M\n", 1, "cap: the key is outside any "
		     "section, expected a [SECTION] line before it");
}

static void duplicates(void **state)
{
	(void)state;
	expect_error("e.ini", "[growth]\ncap = 2M\n; again\ncap = 3M\n", 4,
		     "[growth] cap: set twice (first on line 2), expected each key "
		     "once per section");
	expect_error("e.ini", "[stream a]\nvolume = 1k\n[stream b]\n[stream a]\n",
		     4, "[stream a]: the section appears twice (first on line 1), "
		     "expected each section once");
	expect_error("e.ini", "[limiter]\n[growth]\n[limiter]\n", 3,
		     "[limiter]: the section appears twice (first on line 1), "
		     "expected each section once");
	/* The same key in two streams is no duplicate. */
	assert_string_equal(load_error("ok.ini", "[stream a]\nvolume = 1k\n"
				       "[stream b]\nvolume = 2k\n"), "");
}

static void bad_duration(void **state)
{
	(void)state;
	expect_error("e.ini", "[simulation]\nstart = 2026-01-05\nduration = 90\n",
		     3, "[simulation] duration: '90' has no unit, expected a "
		     "duration such as 90d, 12h, 30m, 45s or 250ms");
	expect_error("e.ini", "[client]\n\nread_interval = 0\n", 3,
		     "[client] read_interval: '0' is too small, expected a duration "
		     "above 0s and at most 36500d");
	expect_error("e.ini", "[requests]\nlookback = 36h\n", 2,
		     "[requests] lookback: '36h' is not a whole number of days, "
		     "expected e.g. 14d");
	expect_error("e.ini", "[simulation]\nbucket = 2h\n", 2,
		     "[simulation] bucket: '2h' is not a bucket size, expected 1m, "
		     "15m, 1h or 1d");
}

static void negative_rate(void **state)
{
	(void)state;
	expect_error("e.ini", "[account a]\nstage = production\nmax_rate = -5\n",
		     3, "[account a] max_rate: '-5' is negative, expected a number "
		     "above 0 and at most 1000000");
	expect_error("e.ini", "[limiter]\nsandbox_rate = 0\n", 2,
		     "[limiter] sandbox_rate: '0' is too small, expected a number "
		     "above 0 and at most 1000000");
	expect_error("e.ini", "[stream s]\nhard_bounce = 120%\n", 2,
		     "[stream s] hard_bounce: '120%' is too large, expected a "
		     "percentage or fraction from 0% to 100%");
	expect_error("e.ini", "[stream s]\nrecipients_per_message = 2.5\n", 2,
		     "[stream s] recipients_per_message: '2.5' is not a whole "
		     "number, expected a number");
	expect_error("e.ini", "[client]\nmax_tries = nan\n", 2,
		     "[client] max_tries: 'nan' is not a finite number, expected a "
		     "whole number");
}

static void ramp_out_of_order(void **state)
{
	(void)state;
	expect_error("migrate.ini", "[migration]\nstrategy = ramp\n\n\n\n\n\n\n\n\n"
		     "\nramp = 0:5%, 14:25%, 7:100%\n", 12,
		     "[migration] ramp: days must increase, expected day:percent "
		     "points in increasing order");
	/* A strategy that needs a ramp, without one: blamed on the strategy. */
	expect_error("e.ini", "[migration]\nstrategy = ramp\n", 2,
		     "[migration] strategy: a ramp needs points, expected ramp = "
		     "day:percent points such as 0:5%, 14:25%, 42:100%");
}

static void outcome_sum(void **state)
{
	(void)state;
	expect_error("e.ini", "[requests]\naccess_outcome = 85%, 10%, 10%\n", 2,
		     "[requests] access_outcome: the probabilities sum to 105%, "
		     "expected three percentages (granted, more information, "
		     "denied) such as 85%, 10%, 5% summing to 100%");
}

static void line_too_long(void **state)
{
	(void)state;
	int limit = INI_MAX_LINE - 3;
	char text[512], msg[256];
	/* The longest line inih reads whole is accepted... */
	snprintf(text, sizeof text, "[growth]\ncap = 2M%*s\n", limit - 8, ";");
	assert_int_equal((int)strlen(strchr(text, '\n') + 1) - 1, limit);
	assert_string_equal(load_error("ok.ini", text), "");
	/* ...one more character is refused rather than split in two. */
	snprintf(text, sizeof text, "[growth]\ncap = 2M%*s\n", limit - 7, ";");
	snprintf(msg, sizeof msg, "the line is %d characters long, expected at "
		 "most %d (a value ending with ',' can continue on an indented "
		 "line)", limit + 1, limit);
	expect_error("e.ini", text, 2, msg);
}

static void missing_stream_in_order(void **state)
{
	(void)state;
	expect_error("e.ini", "[migration]\nstrategy = stream_order\n"
		     "order = web, mail\n\n[stream web]\n", 3,
		     "[migration] order: no stream named 'mail', expected stream "
		     "names among: web");
	expect_error("e.ini", "[migration]\nstrategy = stream_order\n"
		     "order = web\n[stream web]\n[stream mail]\n", 3,
		     "[migration] order: 1 of 2 streams named, expected every "
		     "stream once (web, mail)");
}

static void missing_file(void **state)
{
	(void)state;
	char path[256], want[512], err[512];
	struct sr_scenario *s = new_scenario();
	snprintf(path, sizeof path, "%s/nope.ini", dir);
	snprintf(want, sizeof want, "%s: cannot open: %s", path, strerror(ENOENT));
	assert_int_equal(sr_scenario_load(s, path, err, sizeof err), -1);
	assert_string_equal(err, want);
	free(s);
}

/* Lines inih would read differently than a user means them. */
static void syntax_errors(void **state)
{
	(void)state;
	expect_error("e.ini", "[growth]\ncap: 2M\n", 2, "'cap: 2M' is not KEY = "
		     "VALUE, expected KEY = VALUE, [SECTION] or a comment");
	expect_error("e.ini", "[growth\n", 1, "'[growth' is not a section header, "
		     "expected [SECTION] with a closing ']'");
	expect_error("e.ini", "[growth] cap = 2M\n", 1, "[growth]: text after "
		     "']', expected [SECTION] alone on its line");
	expect_error("e.ini", "[stream a]\nhourly = 1, 1,\nvolume = 2k\n", 2,
		     "[stream a] hourly: the value ends with ',' but line 3 does "
		     "not continue it, expected the rest on an indented line");
	expect_error("e.ini", "[stream a]\nweekday = 1, 1,\n", 2,
		     "[stream a] weekday: the value ends with ',' but the file "
		     "ends, expected the rest on an indented line");
	expect_error("e.ini", "[stream a]\nweekday = 1, 1,\n  1, 1\n", 2,
		     "[stream a] weekday: 4 weights, expected 7 numbers >= 0 "
		     "separated by commas");
	/* Indentation alone is no continuation: both keys are read. */
	struct sr_scenario *s = load_ok("ok.ini", "[growth]\n  cap = 2M\n"
					"\t  factor = 3\n");
	assert_int_equal(s->world.growth.cap, 2000000);
	assert_true(s->world.growth.factor == 3);
	free(s);
}

/* Checks between keys run at finish and cite the key's line. */
static void cross_checks(void **state)
{
	(void)state;
	expect_error("e.ini", "[account a]\nmax_24h = 100k\n", 2,
		     "[account a] max_24h: a sandbox account has the sandbox limits, "
		     "expected max_24h only with stage = production");
	expect_error("e.ini", "[account a]\naccess_request = 1d\n"
		     "stage = production\n", 2,
		     "[account a] access_request: a production account has access "
		     "already, expected access_request only with stage = sandbox");
	expect_error("e.ini", "[reputation]\nbounce_pause = 4%\n", 2,
		     "[reputation] bounce_pause: bounce_review and bounce_pause "
		     "disagree, expected bounce_review at most bounce_pause");
	expect_error("e.ini", "[growth]\ndays_required = 9\n", 2,
		     "[growth] days_required: days_required and window disagree, "
		     "expected days_required at most the window's days");
	expect_error("e.ini", "[simulation]\nstart = 2026-02-01\n[migration]\n"
		     "strategy = big_bang\nstart = 2026-01-20\n", 5,
		     "[migration] start: the date is before the start of the "
		     "simulation, expected 2026-02-01T00:00:00Z or later");
	expect_error("e.ini", "[stream a]\ntrend = table\n", 2,
		     "[stream a] trend: a table trend needs points, expected "
		     "trend_table = day:volume points such as 0:10k, 30:50k");
	expect_error("e.ini", "[account a]\nweight = 0\n", 2,
		     "[account a] weight: every account has weight 0, expected at "
		     "least one positive weight");
}

/* ---- --set ---------------------------------------------------------------------------------- */

static void set_overrides(void **state)
{
	(void)state;
	char err[1024] = "";
	const char *path = put_file("set.ini", "[growth]\ncap = 2M\n"
				    "[stream web]\nvolume = 10k\n");
	struct sr_scenario *s = new_scenario();
	assert_int_equal(sr_scenario_load(s, path, err, sizeof err), 0);
	assert_int_equal(sr_scenario_set(s, "growth.cap=3M", err, sizeof err), 0);
	assert_int_equal(sr_scenario_set(s, " stream web . volume = 20k ", err,
					 sizeof err), 0);
	assert_int_equal(sr_scenario_set(s, "simulation.seed=7", err, sizeof err), 0);
	assert_int_equal(sr_scenario_set(s, "migration.ramp=0:5%, 14:25%", err,
					 sizeof err), 0);
	assert_int_equal(sr_scenario_set(s, "growth.cap=4M", err, sizeof err), 0);
	assert_int_equal(sr_scenario_finish(s, err, sizeof err), 0);
	assert_int_equal(s->world.growth.cap, 4000000);
	assert_true(s->world.synth.streams[0].volume_per_day == 20000);
	assert_true(s->world.seed == 7);
	assert_int_equal(s->world.router.ramp_len, 2);

	static const struct { const char *set, *err; } bad[] = {
		{"growth.cap=-1", "--set: [growth] cap: '-1' is negative, expected a "
		 "volume such as 500, 1.5k or 2M"},
		{"growth.ceiling=1", "--set: [growth] ceiling: unknown key, expected "
		 "one of: enabled, window, days_required, trigger, factor, "
		 "rate_factor, cap, spacing, max_bounce, max_complaint"},
		{"growthcap=1", "--set: 'growthcap=1' is not SECTION.KEY=VALUE, "
		 "expected e.g. growth.cap=2M or 'stream web.volume=20k'"},
		{"stream mail.volume=1k", "--set: [stream mail]: no such stream, "
		 "expected the name of one in the scenario"},
		{"limits.burst=1s", "--set: [limits]: unknown section, expected one "
		 "of: simulation, account NAME, limiter, requests, reputation, "
		 "growth, feedback, client, migration, stream NAME, workload, planning"},
		{"migration.ramp=0:5%, 14:25%, 7:100%", "--set: [migration] ramp: "
		 "days must increase, expected day:percent points in increasing "
		 "order"},
		{"requests.access_outcome=50%, 10%, 5%", "--set: [requests] "
		 "access_outcome: the probabilities sum to 65%, expected three "
		 "percentages (granted, more information, denied) such as 85%, "
		 "10%, 5% summing to 100%"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(sr_scenario_set(s, bad[i].set, err, sizeof err), -1);
		assert_string_equal(err, bad[i].err);
	}
	/* A cross-check broken by --set is blamed on --set. */
	assert_int_equal(sr_scenario_set(s, "reputation.bounce_review=20%", err,
					 sizeof err), 0);
	assert_int_equal(sr_scenario_finish(s, err, sizeof err), -1);
	assert_string_equal(err, "--set: [reputation] bounce_review: bounce_review "
			    "and bounce_pause disagree, expected bounce_review at "
			    "most bounce_pause");
	free(s);
}

/* The implicit stream and account give way to named ones; --set reaches
 * the implicit ones while they stand. */
static void implicit_defaults(void **state)
{
	(void)state;
	char err[1024] = "";
	struct sr_scenario *s = new_scenario();
	sr_scenario_default(s);
	assert_int_equal(sr_scenario_set(s, "stream default.volume=5k", err,
					 sizeof err), 0);
	assert_int_equal(sr_scenario_set(s, "account main.region=eu-west-2", err,
					 sizeof err), 0);
	assert_int_equal(sr_scenario_finish(s, err, sizeof err), 0);
	assert_true(s->world.synth.streams[0].volume_per_day == 5000);
	assert_string_equal(s->world.accounts[0].region, "eu-west-2");
	free(s);

	s = load_ok("named.ini", "[stream default]\nvolume = 7k\n[stream b]\n"
		    "[account x]\nstage = production\n");
	assert_int_equal(s->world.nstreams, 2);
	assert_true(s->world.synth.streams[0].volume_per_day == 7000);
	assert_true(s->world.synth.streams[1].volume_per_day == 10000);
	assert_int_equal(s->world.naccounts, 1);
	assert_string_equal(s->world.accounts[0].name, "x");
	assert_int_equal(s->world.accounts[0].max_24h, 50000);
	assert_int_equal(s->world.accounts[0].access_at_us, -1);
	free(s);
}

/* A recorded workload is found next to the scenario file. */
static void recorded_path_is_relative(void **state)
{
	(void)state;
	char want[4200];
	struct sr_scenario *s = load_ok("rec.ini", "[workload]\n"
					"recorded = sends.csv\n");
	snprintf(want, sizeof want, "%s/sends.csv", dir);
	assert_string_equal(s->world.recorded, want);
	free(s);
	s = load_ok("abs.ini", "[workload]\nrecorded = /data/sends.csv\n");
	assert_string_equal(s->world.recorded, "/data/sends.csv");
	free(s);
	/* A scenario named relative to the current directory. */
	char old[4096], cwd[4096], err[1024] = "";
	assert_non_null(getcwd(old, sizeof old));
	assert_int_equal(chdir(dir), 0);
	assert_non_null(getcwd(cwd, sizeof cwd));
	s = new_scenario();
	int rc = sr_scenario_load(s, "./rec.ini", err, sizeof err);
	assert_int_equal(chdir(old), 0);
	assert_int_equal(rc, 0);
	snprintf(want, sizeof want, "%s/sends.csv", cwd);
	assert_string_equal(s->world.recorded, want);
	assert_string_equal(s->dir, cwd);
	free(s);
}

/* A path too long for one line is written whole: quoting the scenario in
 * an output still works, and reading it back is refused, not misread. */
static void long_path_written_whole(void **state)
{
	(void)state;
	char set[512], err[1024] = "", want[256], *path;
	struct sr_scenario *s = new_scenario();
	sr_scenario_default(s);
	snprintf(set, sizeof set, "workload.recorded=/%0250d.csv", 0);
	assert_int_equal(sr_scenario_set(s, set, err, sizeof err), 0);
	assert_int_equal(sr_scenario_finish(s, err, sizeof err), 0);
	char *text = write_text(s);
	assert_non_null(strstr(text, s->world.recorded));
	path = strstr(text, "recorded = ");
	assert_non_null(path);
	int line = 1;
	for (const char *p = text; p < path; p++)
		line += *p == '\n';
	snprintf(want, sizeof want, "the line is %zu characters long, expected at "
		 "most %d (a value ending with ',' can continue on an indented "
		 "line)", strlen("recorded = /.csv") + 250, INI_MAX_LINE - 3);
	expect_error("long.ini", text, line, want);
	free(text);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(durations),
		cmocka_unit_test(volumes),
		cmocka_unit_test(shares),
		cmocka_unit_test(booleans),
		cmocka_unit_test(dates),
		cmocka_unit_test(ramps),
		cmocka_unit_test(weights),
		cmocka_unit_test(full_scenario_loads),
		cmocka_unit_test(empty_file_is_defaults),
		cmocka_unit_test(write_then_load_is_identical),
		cmocka_unit_test(unknown_section),
		cmocka_unit_test(unknown_key),
		cmocka_unit_test(duplicates),
		cmocka_unit_test(bad_duration),
		cmocka_unit_test(negative_rate),
		cmocka_unit_test(ramp_out_of_order),
		cmocka_unit_test(outcome_sum),
		cmocka_unit_test(line_too_long),
		cmocka_unit_test(missing_stream_in_order),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(syntax_errors),
		cmocka_unit_test(cross_checks),
		cmocka_unit_test(set_overrides),
		cmocka_unit_test(implicit_defaults),
		cmocka_unit_test(recorded_path_is_relative),
		cmocka_unit_test(long_path_written_whole),
	};
	return cmocka_run_group_tests_name("scenario", tests, make_dir, remove_dir);
}
