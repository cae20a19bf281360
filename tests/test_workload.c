/* Workload: synthetic streams against their expected volumes and shapes. */
#include "tests/test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "models/stream.h"
#include "models/workload.h"
#include "sim/clock.h"
#include "sim/rng.h"

#define DAY SR_US_PER_DAY
#define HOUR SR_US_PER_H
#define MIN SR_US_PER_MIN
#define SEC SR_US_PER_S
#define FNV_PRIME UINT64_C(1099511628211)

static int64_t instant(const char *iso)
{
	int64_t t;
	const char *why;
	assert_int_equal(sr_time_parse(iso, &t, &why), 0);
	return t;
}

/* One flat stream starting at 2024-01-01 (a Monday). */
static void one_stream(struct sr_synth_params *p, double volume,
		       int64_t horizon_us, int64_t interval_us)
{
	*p = (struct sr_synth_params){
		.origin_us = instant("2024-01-01"),
		.horizon_us = horizon_us,
		.interval_us = interval_us,
		.nstreams = 1,
	};
	sr_synth_stream_default(&p->streams[0], volume);
}

/* What a run saw, with a caller's tally per batch. */
struct run {
	void (*visit)(struct run *run, const struct sr_batch *b);
	void *ctx;
	int64_t batches, recipients, cross_ties;
	uint64_t hash;
};

/* Pulls every batch, checking what holds for any workload: time order with
 * ties by stream, arrivals in [0, horizon), sane counts. */
static void run_all(const struct sr_synth_params *p, unsigned long seed,
		    struct run *run)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	assert_non_null(r);
	gsl_rng_set(r, seed);
	const char *why = NULL;
	struct sr_synth *s = sr_synth_alloc(p, r, &why);
	assert_non_null(s);
	struct sr_source src = sr_synth_source(s);
	struct sr_batch b, prev = { -1, 0, 0 };
	int rc;

	run->hash = UINT64_C(14695981039346656037);
	while ((rc = src.next(src.self, &b)) == 1) {
		assert_true(b.t_us >= 0 && b.t_us < p->horizon_us);
		assert_true(b.stream < p->nstreams);
		assert_true(b.recipients >= 1);
		assert_true(b.t_us > prev.t_us ||
			    (b.t_us == prev.t_us && b.stream >= prev.stream));
		if (b.t_us == prev.t_us && b.stream != prev.stream)
			run->cross_ties++;
		run->batches++;
		run->recipients += b.recipients;
		uint64_t x[3] = { (uint64_t)b.t_us, b.stream,
				  (uint64_t)b.recipients };
		for (int i = 0; i < 3; i++)   /* FNV-1a */
			run->hash = (run->hash ^ x[i]) * FNV_PRIME;
		if (run->visit)
			run->visit(run, &b);
		prev = b;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(src.next(src.self, &b), 0);   /* stays ended */
	sr_synth_free(s);
	gsl_rng_free(r);
}

/* |observed - expected| within 4 standard deviations of a Poisson count. */
static void assert_poisson(double observed, double expected)
{
	if (fabs(observed - expected) > 4 * sqrt(expected))
		fail_msg("observed %.0f, expected %.1f +- %.1f", observed,
			 expected, 4 * sqrt(expected));
}

static void assert_close(double a, double b, double rel)
{
	if (fabs(a - b) > rel * fabs(b))
		fail_msg("%.17g is not within %g of %.17g", a, rel, b);
}

/* ---- volume ------------------------------------------------------------- */

static void total_over_1000_days_within_poisson_bound(void **state)
{
	(void)state;
	struct sr_synth_params p;
	one_stream(&p, 500, 1000 * DAY, 60 * SEC);
	double expected = sr_synth_expected(&p, 0, 0, p.horizon_us);
	assert_close(expected, 500.0 * 1000, 1e-9);
	struct run run = { 0 };
	run_all(&p, 11, &run);
	assert_poisson((double)run.recipients, expected);
}

/* Batch counts are tallied into bins of engine time. */
struct bins {
	int64_t width_us;
	double count[64];
};

static void tally_bins(struct run *run, const struct sr_batch *b)
{
	struct bins *k = run->ctx;
	size_t i = (size_t)(b->t_us / k->width_us);
	assert_true(i < 64);
	k->count[i] += (double)b->recipients;
}

/* Totals per period against sr_synth_expected(), which is checked against
 * the closed-form integral of the trend first; in batches, then per message. */
static void check_periods(struct sr_synth_params *p, double closed_form,
			  int64_t period_us)
{
	double all = sr_synth_expected(p, 0, 0, p->horizon_us);
	assert_close(all, closed_form, 1e-6);
	for (int mode = 0; mode < 2; mode++) {
		struct bins k = { .width_us = period_us };
		struct run run = { .visit = tally_bins, .ctx = &k };
		run_all(p, 5, &run);
		for (int64_t t = 0; t < p->horizon_us; t += period_us) {
			double e = sr_synth_expected(p, 0, t, t + period_us);
			assert_poisson(k.count[t / period_us], e);
		}
		p->interval_us = 0;
	}
}

static void linear_trend_gives_expected_volumes(void **state)
{
	(void)state;
	struct sr_synth_params p;
	one_stream(&p, 1000, 100 * DAY, 300 * SEC);
	p.streams[0].trend = SR_TREND_LINEAR;
	p.streams[0].trend_per_day = 0.01;
	/* 1000 x (1 + 0.01 d) over 100 days. */
	check_periods(&p, 1000 * (100 + 0.01 * 100 * 100 / 2), 10 * DAY);
	assert_close(sr_synth_expected(&p, 0, 90 * DAY, 100 * DAY),
		     1000 * (10 + 0.005 * (100 * 100 - 90 * 90)), 1e-9);
}

static void after_zero(struct run *run, const struct sr_batch *b)
{
	(void)run;
	assert_true(b->t_us < 50 * DAY);
}

/* A falling linear trend stops at zero and never goes below it. */
static void falling_linear_trend_stops_at_zero(void **state)
{
	(void)state;
	struct sr_synth_params p;
	one_stream(&p, 1000, 80 * DAY, 300 * SEC);
	p.streams[0].trend = SR_TREND_LINEAR;
	p.streams[0].trend_per_day = -0.02;
	assert_close(sr_synth_expected(&p, 0, 0, p.horizon_us), 25000, 1e-9);
	assert_true(sr_synth_expected(&p, 0, 50 * DAY, 80 * DAY) == 0);
	assert_true(sr_synth_rate(&p, 0, 60 * DAY) == 0);
	struct run run = { .visit = after_zero };
	run_all(&p, 6, &run);
	assert_poisson((double)run.recipients, 25000);
	p.interval_us = 0;
	struct run single = { .visit = after_zero };
	run_all(&p, 6, &single);
	assert_poisson((double)single.recipients, 25000);
}

static void exponential_trend_gives_expected_volumes(void **state)
{
	(void)state;
	struct sr_synth_params p;
	one_stream(&p, 1000, 100 * DAY, 300 * SEC);
	p.streams[0].trend = SR_TREND_EXPONENTIAL;
	p.streams[0].trend_per_day = 0.02;
	check_periods(&p, 1000 * (pow(1.02, 100) - 1) / log(1.02), 10 * DAY);
	assert_close(sr_synth_rate(&p, 0, 50 * DAY),
		     1000 * pow(1.02, 50) / 86400, 1e-12);
}

static void table_trend_gives_expected_volumes(void **state)
{
	(void)state;
	struct sr_synth_params p;
	one_stream(&p, 777, 120 * DAY, 300 * SEC);
	struct sr_synth_stream *s = &p.streams[0];
	s->trend = SR_TREND_TABLE;
	s->table_len = 4;
	s->table[0] = (struct sr_point){ 10, 1000 };
	s->table[1] = (struct sr_point){ 40, 3000 };
	s->table[2] = (struct sr_point){ 70, 3000 };
	s->table[3] = (struct sr_point){ 100, 500 };
	/* Flat 10 days, three trapezoids, flat 20 days. */
	check_periods(&p, 10000 + 60000 + 90000 + 52500 + 10000, 10 * DAY);
	assert_close(sr_synth_rate(&p, 0, 5 * DAY), 1000.0 / 86400, 1e-12);
	assert_close(sr_synth_rate(&p, 0, 25 * DAY), 2000.0 / 86400, 1e-12);
	assert_close(sr_synth_rate(&p, 0, 110 * DAY), 500.0 / 86400, 1e-12);
}

/* ---- shape -------------------------------------------------------------- */

struct by_calendar {
	int64_t origin_us;
	double hour[24], weekday[7];
};

static void tally_calendar(struct run *run, const struct sr_batch *b)
{
	struct by_calendar *k = run->ctx;
	int64_t utc = k->origin_us + b->t_us;
	k->hour[(utc / HOUR) % 24] += (double)b->recipients;
	k->weekday[sr_time_weekday(utc)] += (double)b->recipients;
}

/* The profile applies by UTC hour: the start is at 05:30 UTC. */
static void hourly_profile_shows_in_hourly_totals(void **state)
{
	(void)state;
	struct sr_synth_params p;
	one_stream(&p, 2400, 200 * DAY, 60 * SEC);
	p.origin_us = instant("2024-01-01T05:30Z");
	p.streams[0].hourly[14] = 5;
	const double mean_w = 28.0 / 24;
	assert_close(sr_synth_rate(&p, 0, 8 * HOUR + 30 * MIN),
		     2400.0 / 86400 * 5 / mean_w, 1e-12);
	assert_close(sr_synth_rate(&p, 0, 8 * HOUR + 30 * MIN - 1),
		     2400.0 / 86400 / mean_w, 1e-12);

	struct by_calendar k = { .origin_us = p.origin_us };
	struct run run = { .visit = tally_calendar, .ctx = &k };
	run_all(&p, 7, &run);
	double others = 0;
	for (int h = 0; h < 24; h++) {
		double w = h == 14 ? 5 : 1;
		assert_poisson(k.hour[h], 2400.0 * 200 * w / 28);
		others += h == 14 ? 0 : k.hour[h] / 23;
	}
	double ratio = k.hour[14] / others;
	assert_true(ratio > 4.85 && ratio < 5.15);
	assert_poisson((double)run.recipients, 2400.0 * 200);
}

/* Distinct weights, so that a weekday mixed up with another shows. */
static void weekday_profile_shows_in_weekday_totals(void **state)
{
	(void)state;
	static const double w[7] = { 1, 1.5, 2, 2.5, 3, 0.5, 0.25 };
	const double mean_w = 10.75 / 7;
	struct sr_synth_params p;
	one_stream(&p, 1000, 700 * DAY, 600 * SEC);
	p.origin_us = instant("2024-01-03");   /* a Wednesday */
	memcpy(p.streams[0].weekday, w, sizeof w);
	assert_close(sr_synth_rate(&p, 0, 0),        /* a Wednesday */
		     1000.0 / 86400 * 2 / mean_w, 1e-12);
	assert_close(sr_synth_rate(&p, 0, 4 * DAY),   /* a Sunday */
		     1000.0 / 86400 * 0.25 / mean_w, 1e-12);

	struct by_calendar k = { .origin_us = p.origin_us };
	struct run run = { .visit = tally_calendar, .ctx = &k };
	run_all(&p, 8, &run);
	for (int d = 0; d < 7; d++)   /* 100 of each weekday */
		assert_poisson(k.weekday[d], 100 * 1000 * w[d] / mean_w);
}

/* ---- batches and single messages ---------------------------------------- */

struct modes {
	int64_t origin_us, interval_us;
	int rpm;
	double hour[24];
};

static void tally_mode(struct run *run, const struct sr_batch *b)
{
	struct modes *k = run->ctx;
	if (k->interval_us > 0) {
		assert_true(b->t_us % k->interval_us == 0);
		assert_true(b->recipients % k->rpm == 0);
	} else {
		assert_int_equal(b->recipients, k->rpm);
	}
	int64_t utc = k->origin_us + b->t_us;
	k->hour[(utc / HOUR) % 24] += (double)b->recipients;
}

/* Both in messages: the total and each hour of the day against the same
 * expectation, so thinning must follow the shape too. */
static void check_mode(const struct sr_synth_params *p)
{
	struct modes k = { p->origin_us, p->interval_us,
			   p->streams[0].recipients_per_message, { 0 } };
	struct run run = { .visit = tally_mode, .ctx = &k };
	run_all(p, 9, &run);
	double rpm = k.rpm;
	assert_poisson((double)run.recipients / rpm,
		       sr_synth_expected(p, 0, 0, p->horizon_us) / rpm);
	for (int h = 0; h < 24; h++) {
		double e = 0;
		for (int64_t t = h * HOUR; t < p->horizon_us; t += DAY)
			e += sr_synth_expected(p, 0, t, t + HOUR);
		assert_poisson(k.hour[h] / rpm, e / rpm);
	}
}

static void batch_and_per_message_have_same_expectation(void **state)
{
	(void)state;
	struct sr_synth_params p;
	one_stream(&p, 3000, 30 * DAY, 300 * SEC);
	struct sr_synth_stream *s = &p.streams[0];
	s->recipients_per_message = 3;
	s->hourly[9] = 3;
	s->weekday[SR_SUNDAY] = 0.3;
	s->trend = SR_TREND_LINEAR;
	s->trend_per_day = 0.01;
	check_mode(&p);
	p.interval_us = 0;
	check_mode(&p);
}

/* Messages expected in [t0, t1), summed over its UTC-hour pieces as
 * integral() sums them, but each piece from a call of its own, so that no
 * hour is carried from one interval to the next. */
static double mean_by_hour(const struct sr_synth_params *p, int64_t t0_us,
			   int64_t t1_us)
{
	double sum = 0;

	while (t0_us < t1_us) {
		int64_t utc = p->origin_us + t0_us;
		int64_t end = sr_floor_div(utc, HOUR) * HOUR + HOUR -
			      p->origin_us;
		int64_t t = end < t1_us ? end : t1_us;
		sum += sr_synth_expected(p, 0, t0_us, t);
		t0_us = t;
	}
	return sum / p->streams[0].recipients_per_message;
}

/*
 * The batch generator keeps the UTC-hour piece it integrated last.  Here
 * intervals of 433.700013 s from just after 23:17:03 on a Saturday straddle
 * hours and cross three midnights, one of them the start of a week, under
 * distinct hourly and weekday weights with some hours empty.  Each batch
 * must be the count that a twin generator draws from the mean worked out
 * afresh.
 */
static void batches_draw_the_means_of_their_hour_pieces(void **state)
{
	(void)state;
	struct sr_synth_params p;
	one_stream(&p, 50000, 2 * DAY + 5 * HOUR, 433700013);
	p.origin_us = instant("2024-01-06T23:17:03Z") + 1;
	struct sr_synth_stream *s = &p.streams[0];
	s->recipients_per_message = 3;
	for (int h = 0; h < 24; h++)
		s->hourly[h] = h % 5 == 3 ? 0 : h + 1;
	for (int w = 0; w < 7; w++)
		s->weekday[w] = w + 1;

	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	gsl_rng *twin = gsl_rng_alloc(gsl_rng_taus2);
	assert_true(r && twin);
	gsl_rng_set(r, 5);
	gsl_rng_set(twin, 5);
	struct sr_synth *y = sr_synth_alloc(&p, r, NULL);
	assert_non_null(y);
	struct sr_source src = sr_synth_source(y);
	struct sr_poisson_setup setup = { 0 };
	struct sr_batch b;
	const int64_t step = p.interval_us, horizon = p.horizon_us;
	int64_t batches = 0, empty = 0;
	for (int64_t t = 0, t1; t < horizon; t = t1) {
		t1 = t < horizon - step ? t + step : horizon;
		double mean = mean_by_hour(&p, t, t1);
		int64_t n = sr_rng_poisson_kept(twin, mean, &setup);
		if (n == 0) {
			empty++;
			continue;
		}
		assert_int_equal(src.next(src.self, &b), 1);
		assert_int_equal(b.t_us, t);
		assert_int_equal(b.recipients, 3 * n);
		batches++;
	}
	assert_int_equal(src.next(src.self, &b), 0);
	assert_true(batches > 200 && empty > 20);   /* both kinds were seen */
	sr_synth_free(y);
	gsl_rng_free(twin);
	gsl_rng_free(r);
}

/* ---- campaigns ---------------------------------------------------------- */

struct log {
	size_t len;
	struct sr_batch b[256];
	int64_t at_us;      /* only batches at this time, when >= 0 */
	uint32_t stream;    /* only this stream, when at_us < 0 */
};

static void keep(struct run *run, const struct sr_batch *b)
{
	struct log *k = run->ctx;
	if (k->at_us >= 0 ? b->t_us != k->at_us : b->stream != k->stream)
		return;
	assert_true(k->len < 256);
	k->b[k->len++] = *b;
}

static void campaign_at_once_is_one_batch_at_its_start(void **state)
{
	(void)state;
	struct sr_synth_params p;
	/* Alone: exactly one batch, in either mode. */
	for (int64_t interval = 0; interval <= 60 * SEC; interval += 60 * SEC) {
		one_stream(&p, 0, DAY, interval);
		p.streams[0].campaigns_len = 1;
		p.streams[0].campaigns[0] = (struct sr_campaign){
			3 * HOUR + 17 * SEC, 0, 12345 };
		struct log k = { .at_us = -1 };
		struct run run = { .visit = keep, .ctx = &k };
		run_all(&p, 1, &run);
		assert_int_equal(k.len, 1);
		assert_int_equal(k.b[0].t_us, 3 * HOUR + 17 * SEC);
		assert_int_equal(k.b[0].recipients, 12345);
	}
	/* Among regular batches: after the one at the same time. */
	one_stream(&p, 1e6, DAY, 60 * SEC);
	p.streams[0].campaigns_len = 1;
	p.streams[0].campaigns[0] = (struct sr_campaign){ 100 * MIN, 0, 12345 };
	struct log k = { .at_us = 100 * MIN };
	struct run run = { .visit = keep, .ctx = &k };
	run_all(&p, 2, &run);
	assert_int_equal(k.len, 2);
	assert_true(k.b[0].recipients != 12345);
	assert_int_equal(k.b[1].recipients, 12345);
	assert_close(sr_synth_expected(&p, 0, 100 * MIN, 101 * MIN),
		     1e6 / 1440 + 12345, 1e-9);
	assert_close(sr_synth_expected(&p, 0, 0, 100 * MIN), 1e6 / 1440 * 100,
		     1e-9);
}

/* Pieces of a campaign alone on a stream: times and shares. */
static void check_pieces(int64_t interval_us, int64_t window_us, int64_t n,
			 int64_t step_us, const int64_t *share, size_t len)
{
	struct sr_synth_params p;
	one_stream(&p, 0, DAY, interval_us);
	const int64_t start = 5 * HOUR + 7 * SEC;
	p.streams[0].campaigns_len = 1;
	p.streams[0].campaigns[0] = (struct sr_campaign){ start, window_us, n };
	struct log k = { .at_us = -1 };
	struct run run = { .visit = keep, .ctx = &k };
	run_all(&p, 3, &run);
	assert_int_equal(run.recipients, n);
	assert_int_equal(k.len, len);
	for (size_t i = 0; i < len; i++) {
		assert_int_equal(k.b[i].t_us, start + (int64_t)i * step_us);
		assert_int_equal(k.b[i].recipients, share[i]);
	}
	assert_close(sr_synth_expected(&p, 0, start, start + window_us / 2),
		     n / 2.0, 1e-12);
}

static void campaign_window_spreads_exactly_n(void **state)
{
	(void)state;
	int64_t share[100];
	/* 1000 over 60 one-minute pieces: 16 or 17 each, 1000 in all. */
	for (int i = 0; i < 60; i++)
		share[i] = llround(1000.0 * (i + 1) / 60) -
			   llround(1000.0 * i / 60);
	check_pieces(60 * SEC, HOUR, 1000, 60 * SEC, share, 60);
	/* Per message: one piece a second. */
	for (int i = 0; i < 100; i++)
		share[i] = 10;
	check_pieces(0, 100 * SEC, 1000, SEC, share, 100);
	/* A last, shorter piece carries its share of the time. */
	share[0] = 400, share[1] = 400, share[2] = 200;
	check_pieces(60 * SEC, 150 * SEC, 1000, 60 * SEC, share, 3);
	/* Fewer recipients than pieces: empty pieces make no batch. */
	struct sr_synth_params p;
	one_stream(&p, 0, DAY, 0);
	p.streams[0].campaigns_len = 1;
	p.streams[0].campaigns[0] = (struct sr_campaign){ 0, 10 * SEC, 7 };
	struct run run = { 0 };
	run_all(&p, 4, &run);
	assert_int_equal(run.batches, 7);
	assert_int_equal(run.recipients, 7);
}

/* ---- merging, horizon, reproducibility ---------------------------------- */

static void streams_merge_in_time_order(void **state)
{
	(void)state;
	struct sr_synth_params p;
	one_stream(&p, 2e5, 2 * DAY, 60 * SEC);
	p.nstreams = 3;
	sr_synth_stream_default(&p.streams[1], 1e5);
	sr_synth_stream_default(&p.streams[2], 5e4);
	for (int i = 0; i < 3; i += 2) {
		p.streams[i].campaigns_len = 1;
		p.streams[i].campaigns[0] =
			(struct sr_campaign){ 10 * MIN, 0, 99 };
	}
	struct log k = { .at_us = 10 * MIN };
	struct run run = { .visit = keep, .ctx = &k };
	run_all(&p, 10, &run);   /* checks the order of every batch */
	assert_true(run.cross_ties > 1000);
	static const uint32_t order[5] = { 0, 0, 1, 2, 2 };
	assert_int_equal(k.len, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(k.b[i].stream, order[i]);
	assert_int_equal(k.b[1].recipients, 99);
	assert_int_equal(k.b[4].recipients, 99);
	/* Per message, streams interleave in time order too. */
	p.interval_us = 0;
	for (int i = 0; i < 3; i++)
		p.streams[i].volume_per_day /= 100;
	struct run single = { 0 };
	run_all(&p, 10, &single);
	assert_poisson((double)single.recipients - 2 * 99, 2 * 3500);
}

static void horizon_is_respected(void **state)
{
	(void)state;
	struct sr_synth_params p;
	const int64_t h = 3 * DAY + 30 * SEC + 1;
	one_stream(&p, 1e6, h, 60 * SEC);
	p.nstreams = 2;
	sr_synth_stream_default(&p.streams[1], 0);
	struct sr_synth_stream *s = &p.streams[1];
	s->campaigns_len = 3;
	s->campaigns[0] = (struct sr_campaign){ h - 1, 0, 5 };
	s->campaigns[1] = (struct sr_campaign){ h, 0, 1000 };
	s->campaigns[2] = (struct sr_campaign){ h - 90 * SEC, HOUR, 3600 };
	struct log k = { .at_us = -1, .stream = 1 };
	struct run run = { .visit = keep, .ctx = &k };
	run_all(&p, 12, &run);   /* checks every batch is before h */
	assert_int_equal(k.len, 3);
	assert_int_equal(k.b[0].t_us, h - 90 * SEC);
	assert_int_equal(k.b[1].t_us, h - 30 * SEC);
	assert_int_equal(k.b[2].t_us, h - 1);
	assert_int_equal(k.b[0].recipients, 60);
	assert_int_equal(k.b[1].recipients, 60);
	assert_int_equal(k.b[2].recipients, 5);
	/* The last interval is cut short at h, and so is its mean. */
	struct log last = { .at_us = 3 * DAY };
	run.visit = keep;
	run.ctx = &last;
	run_all(&p, 12, &run);
	assert_int_equal(last.len, 1);
	assert_poisson((double)last.b[0].recipients,
		       1e6 * (30 * SEC + 1) / DAY);
	assert_true(sr_synth_expected(&p, 1, h, h + DAY) == 0);
	assert_true(sr_synth_rate(&p, 0, h) == 0);
	/* Per message. */
	p.interval_us = 0;
	p.streams[0].volume_per_day = 1e4;
	struct run single = { 0 };
	run_all(&p, 12, &single);
}

static void fill_mixed(struct sr_synth_params *p, int64_t interval_us)
{
	one_stream(p, 5000, 20 * DAY, interval_us);
	p->nstreams = 2;
	sr_synth_stream_default(&p->streams[1], 800);
	p->streams[1].recipients_per_message = 4;
	p->streams[1].hourly[3] = 4;
	p->streams[1].campaigns_len = 1;
	p->streams[1].campaigns[0] =
		(struct sr_campaign){ DAY + 3, HOUR, 4321 };
}

static void same_seed_same_output(void **state)
{
	(void)state;
	for (int64_t interval = 0; interval <= 60 * SEC; interval += 60 * SEC) {
		struct sr_synth_params p;
		fill_mixed(&p, interval);
		struct run a = { 0 }, b = { 0 }, c = { 0 };
		run_all(&p, 21, &a);
		run_all(&p, 21, &b);
		run_all(&p, 22, &c);
		assert_int_equal(a.batches, b.batches);
		assert_true(a.hash == b.hash);
		assert_true(a.hash != c.hash);
	}
}

/* Nothing is generated ahead: a 1000-year horizon costs nothing until
 * pulled. */
static void generation_is_lazy(void **state)
{
	(void)state;
	struct sr_synth_params p;
	for (int64_t interval = 0; interval <= 60 * SEC; interval += 60 * SEC) {
		one_stream(&p, 1e6, 365000 * DAY, interval);
		gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
		assert_non_null(r);
		const char *why = NULL;
		struct sr_synth *s = sr_synth_alloc(&p, r, &why);
		assert_non_null(s);
		struct sr_source src = sr_synth_source(s);
		struct sr_batch b;
		for (int i = 0; i < 1000; i++)
			assert_int_equal(src.next(src.self, &b), 1);
		assert_true(b.t_us < DAY);
		sr_synth_free(s);
		gsl_rng_free(r);
	}
	/* A trend that falls to zero ends the stream there, not at the
	 * horizon. */
	one_stream(&p, 1000, 365000 * DAY, 60 * SEC);
	p.streams[0].trend = SR_TREND_LINEAR;
	p.streams[0].trend_per_day = -0.1;
	struct run run = { 0 };
	run_all(&p, 1, &run);
	assert_poisson((double)run.recipients, 5000);
}

/* ---- refusals ----------------------------------------------------------- */

/* Case c breaks one rule; the reason must mention what. */
static const char *spoil(struct sr_synth_params *p, int c)
{
	struct sr_synth_stream *s = &p->streams[p->nstreams - 1];
	switch (c) {
	case 0: p->horizon_us = 0; return "horizon";
	case 1: p->interval_us = -1; return "interval";
	case 2: p->nstreams = 0; return "streams";
	case 3: p->nstreams = SR_STREAMS_MAX + 1; return "streams";
	case 4: s->volume_per_day = -1; return "volume";
	case 5: s->volume_per_day = NAN; return "volume";
	case 6: s->volume_per_day = INFINITY; return "volume";
	case 7: s->recipients_per_message = 0; return "recipients_per_message";
	case 8: s->recipients_per_message = 51; return "recipients_per_message";
	case 9: s->hourly[3] = -1; return "hourly";
	case 10: memset(s->hourly, 0, sizeof s->hourly); return "hourly";
	case 11: s->hourly[23] = NAN; return "hourly";
	case 12: s->weekday[6] = -0.5; return "weekday";
	case 13: memset(s->weekday, 0, sizeof s->weekday); return "weekday";
	case 14: s->trend = SR_TREND_TABLE; s->table_len = 0; return "table";
	case 15: s->trend = SR_TREND_TABLE; s->table_len = 2;
		s->table[0] = (struct sr_point){ 5, 1 };
		s->table[1] = (struct sr_point){ 5, 2 }; return "increase";
	case 16: s->trend = SR_TREND_TABLE; s->table_len = 1;
		s->table[0] = (struct sr_point){ -1, 1 }; return "table days";
	case 17: s->trend = SR_TREND_TABLE; s->table_len = 1;
		s->table[0] = (struct sr_point){ 1, -1 }; return "table values";
	case 18: s->trend = SR_TREND_EXPONENTIAL; s->trend_per_day = -1;
		return "exponential";
	case 19: s->trend = SR_TREND_LINEAR; s->trend_per_day = NAN;
		return "trend_per_day";
	case 20: s->campaigns_len = 1;
		s->campaigns[0] = (struct sr_campaign){ 0, 0, -1 };
		return "recipients";
	case 21: s->campaigns_len = 1;
		s->campaigns[0] = (struct sr_campaign){ 0, -1, 1 };
		return "window";
	case 22: s->campaigns_len = 1;
		s->campaigns[0] = (struct sr_campaign){ -1, 0, 1 };
		return "start";
	case 23: s->campaigns_len = SR_CAMPAIGNS_MAX + 1; return "campaigns";
	case 24: s->trend = SR_TREND_EXPONENTIAL; s->trend_per_day = 1;
		p->horizon_us = 5000 * DAY; return "overflows";
	case 25: s->volume_per_day = 1e15; p->interval_us = DAY;
		return "interval";
	case 26: p->origin_us = SR_TIME_MAX - DAY; return "calendar";
	case 27: s->trend = (enum sr_trend)9; return "trend";
	}
	return NULL;
}

static void bad_parameters_are_refused_with_a_reason(void **state)
{
	(void)state;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	assert_non_null(r);
	struct sr_synth_params p;
	for (int c = 0;; c++) {
		fill_mixed(&p, 60 * SEC);
		struct sr_synth *ok = sr_synth_alloc(&p, r, NULL);
		assert_non_null(ok);
		sr_synth_free(ok);
		const char *want = spoil(&p, c);
		if (!want)
			break;
		const char *why = NULL;
		assert_null(sr_synth_alloc(&p, r, &why));
		assert_non_null(why);
		if (!strstr(why, want))
			fail_msg("case %d: reason \"%s\" does not name %s",
				 c, why, want);
	}
	sr_synth_free(NULL);
	gsl_rng_free(r);
}

static void stream_quality_defaults_and_checks(void **state)
{
	(void)state;
	struct sr_stream_quality q;
	sr_stream_quality_default(&q);
	assert_true(q.recipients_per_message == 1 && q.hard_bounce_p == 0.005 &&
		    q.soft_bounce_p == 0.01 && q.complaint_p == 0.0005 &&
		    q.fbl_share == 0.5 && q.verified_share == 0 &&
		    q.simulator_share == 0 && q.list_size == 0);
	const char *field = "untouched";
	assert_int_equal(sr_stream_quality_check(&q, &field), 0);
	assert_string_equal(field, "untouched");

	struct { const char *name; double *v; } f[] = {
		{ "hard_bounce_p", &q.hard_bounce_p },
		{ "soft_bounce_p", &q.soft_bounce_p },
		{ "complaint_p", &q.complaint_p },
		{ "fbl_share", &q.fbl_share },
		{ "verified_share", &q.verified_share },
		{ "simulator_share", &q.simulator_share },
	};
	const double bad[] = { -0.01, 1.01, NAN, INFINITY };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		for (size_t j = 0; j < 4; j++) {
			sr_stream_quality_default(&q);
			*f[i].v = bad[j];
			int rc = sr_stream_quality_check(&q, &field);
			assert_int_equal(rc, -1);
			assert_string_equal(field, f[i].name);
		}
		sr_stream_quality_default(&q);
		*f[i].v = 1;   /* the ends of the range are allowed */
		assert_int_equal(sr_stream_quality_check(&q, &field), 0);
		*f[i].v = 0;
		assert_int_equal(sr_stream_quality_check(&q, &field), 0);
	}
	const double bad_rpm[] = { 0.5, 50.5, NAN, -INFINITY };
	for (size_t j = 0; j < 4; j++) {
		sr_stream_quality_default(&q);
		q.recipients_per_message = bad_rpm[j];
		assert_int_equal(sr_stream_quality_check(&q, &field), -1);
		assert_string_equal(field, "recipients_per_message");
	}
	q.recipients_per_message = 50;
	assert_int_equal(sr_stream_quality_check(&q, &field), 0);
	q.list_size = -1;
	assert_int_equal(sr_stream_quality_check(&q, &field), -1);
	assert_string_equal(field, "list_size");
	q.list_size = 1000;
	assert_int_equal(sr_stream_quality_check(&q, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(total_over_1000_days_within_poisson_bound),
		cmocka_unit_test(linear_trend_gives_expected_volumes),
		cmocka_unit_test(falling_linear_trend_stops_at_zero),
		cmocka_unit_test(exponential_trend_gives_expected_volumes),
		cmocka_unit_test(table_trend_gives_expected_volumes),
		cmocka_unit_test(hourly_profile_shows_in_hourly_totals),
		cmocka_unit_test(weekday_profile_shows_in_weekday_totals),
		cmocka_unit_test(batch_and_per_message_have_same_expectation),
		cmocka_unit_test(batches_draw_the_means_of_their_hour_pieces),
		cmocka_unit_test(campaign_at_once_is_one_batch_at_its_start),
		cmocka_unit_test(campaign_window_spreads_exactly_n),
		cmocka_unit_test(streams_merge_in_time_order),
		cmocka_unit_test(horizon_is_respected),
		cmocka_unit_test(same_seed_same_output),
		cmocka_unit_test(generation_is_lazy),
		cmocka_unit_test(bad_parameters_are_refused_with_a_reason),
		cmocka_unit_test(stream_quality_defaults_and_checks),
	};
	return cmocka_run_group_tests_name("workload", tests, NULL, NULL);
}
