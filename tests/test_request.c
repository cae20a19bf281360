/* Request estimate: filing days worked by hand with business time, the
 * quota, and P(f) against a brute-force count. */
#include "tests/test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "output/request.h"
#include "sim/clock.h"
#include "sim/rng.h"

#define DAY SR_US_PER_DAY
#define HOUR SR_US_PER_H

/* A UTC instant on a whole hour. */
static int64_t utc(int year, int month, int day, int hour)
{
	return sr_days_from_civil(year, month, day) * DAY + hour * HOUR;
}

/* Monday 2026-01-05 00:00 UTC: engine time 0 of most cases. */
static int64_t monday(void)
{
	return utc(2026, 1, 5, 0);
}

static struct sr_request_input input(const int64_t *t, const double *peak,
				     size_t n, double median_h, double p90_h)
{
	return (struct sr_request_input){
		.shortfall_us = t,
		.peak_demand = peak,
		.n = n,
		.origin_us = monday(),
		.horizon_us = 28 * DAY,
		.increase_delay = {median_h, p90_h},
		.confidence = 0.9,
		.margin = 0,
		.seed = 1,
		.draws = 0,
	};
}

static void fill_peaks(double *peak, size_t n)
{
	for (size_t i = 0; i < n; i++)
		peak[i] = 1000;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* All fall short on Thursday 15 at 12:00; the answer takes 24 business
 * hours: Wednesday 00:00 is answered Thursday 00:00, Thursday 00:00 only
 * on Friday. */
static void closed_form_thursday(void **state)
{
	(void)state;
	int64_t o = monday(), T = utc(2026, 1, 15, 12) - o;
	int64_t t[5] = {T, T, T, T, T};
	double peak[5];
	fill_peaks(peak, 5);
	assert_int_equal(sr_time_add_business(utc(2026, 1, 14, 0), 24 * HOUR),
			 utc(2026, 1, 15, 0));
	assert_int_equal(sr_time_add_business(utc(2026, 1, 15, 0), 24 * HOUR),
			 utc(2026, 1, 16, 0));
	struct sr_request_input in = input(t, peak, 5, 24, 24);
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_FILE_BY);
	assert_int_equal(a.file_by_us, utc(2026, 1, 14, 0) - o);
	assert_true(a.p_in_time == 1.0);
	assert_true(a.keeps_up == 0.0);
	assert_int_equal(a.needed_p05_us, T);
	assert_int_equal(a.needed_p50_us, T);
	assert_int_equal(a.needed_p95_us, T);
	int64_t d = 24 * HOUR;
	assert_true(sr_request_p_in_time(a.file_by_us + DAY, o, t, 5, &d, 1)
		    == 0.0);
	/* An answer at the very instant of the shortfall is in time. */
	for (int i = 0; i < 5; i++)
		t[i] = utc(2026, 1, 15, 0) - o;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.file_by_us, utc(2026, 1, 14, 0) - o);
	assert_true(sr_request_p_in_time(a.file_by_us, o, t, 5, &d, 1) == 1.0);
}

/* Candidates stop before the horizon.  All fall short at the horizon,
 * Thursday 15 00:00: with 1 h the last candidate, Wednesday 14, is in
 * time; with a delay that rounds to 0 us a filing at the horizon itself
 * would be, but it is no candidate. */
static void candidates_before_horizon(void **state)
{
	(void)state;
	int64_t o = monday(), H = utc(2026, 1, 15, 0) - o;
	int64_t t[2] = {H, H};
	double peak[2];
	fill_peaks(peak, 2);
	struct sr_request_input in = input(t, peak, 2, 1, 1);
	in.horizon_us = H;
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_FILE_BY);
	assert_int_equal(a.file_by_us, H - DAY);
	in.increase_delay = (struct sr_delay){1e-13, 1e-13};
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.file_by_us, H - DAY);
}

/* Shortfall on Monday 19 at 10:00.  A filing on Friday 16 is answered at
 * the end of Friday, Saturday 00:00; one on Saturday, Sunday or Monday
 * counts from Monday 00:00 and is answered Tuesday 00:00, too late. */
static void weekend_answers_friday(void **state)
{
	(void)state;
	int64_t o = monday(), T = utc(2026, 1, 19, 10) - o;
	int64_t t[3] = {T, T, T};
	double peak[3];
	fill_peaks(peak, 3);
	const int64_t d = 24 * HOUR;
	assert_int_equal(sr_time_add_business(utc(2026, 1, 16, 0), d),
			 utc(2026, 1, 17, 0));
	for (int day = 17; day <= 19; day++)
		assert_int_equal(sr_time_add_business(utc(2026, 1, day, 0), d),
				 utc(2026, 1, 20, 0));
	struct sr_request_input in = input(t, peak, 3, 24, 24);
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_FILE_BY);
	assert_int_equal(a.file_by_us, utc(2026, 1, 16, 0) - o);
	assert_true(a.p_in_time == 1.0);
}

/* Engine time 0 at Monday 15:00: the candidates are 0 and then each
 * 00:00 UTC, so the answer is a midnight in engine time, or 0 itself. */
static void origin_not_midnight(void **state)
{
	(void)state;
	int64_t o = utc(2026, 1, 5, 15);
	int64_t T = utc(2026, 1, 15, 12) - o;
	int64_t t[2] = {T, T};
	double peak[2];
	fill_peaks(peak, 2);
	struct sr_request_input in = input(t, peak, 2, 24, 24);
	in.origin_us = o;
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_FILE_BY);
	assert_int_equal(a.file_by_us, utc(2026, 1, 14, 0) - o);
	/* Tuesday 10:00 with 12 h: filed at 0 (Monday 15:00) it is answered
	 * Tuesday 03:00, filed Tuesday 00:00 only at 12:00. */
	t[0] = t[1] = utc(2026, 1, 6, 10) - o;
	in.increase_delay = (struct sr_delay){12, 12};
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_FILE_BY);
	assert_int_equal(a.file_by_us, 0);
	assert_true(a.p_in_time == 1.0);
}

/* Eight replications fall short (given out of order), two never. */
static void mixed_shortfalls(int64_t *t)
{
	int64_t o = monday();
	const int64_t when[10] = {
		utc(2026, 1, 20, 0), utc(2026, 1, 12, 8), SR_NEVER,
		utc(2026, 1, 28, 1), utc(2026, 1, 7, 6), utc(2026, 1, 14, 18),
		SR_NEVER, utc(2026, 1, 23, 23), utc(2026, 1, 17, 9),
		utc(2026, 1, 26, 12),
	};
	for (int i = 0; i < 10; i++)
		t[i] = when[i] == SR_NEVER ? SR_NEVER : when[i] - o;
}

/*
 * With a fixed 12 h the in-time replications are those falling short at
 * or after the answer.  Nine of ten (c = 0.9) need the answer by the
 * second shortfall, Monday 12 at 08:00: Friday 9 is answered at 12:00
 * that day, Saturday 10 only on Monday at 12:00.  Eight of ten (c = 0.8)
 * need it by Wednesday 14 at 18:00: Wednesday 14 is answered at 12:00.
 */
static void mixed_replications(void **state)
{
	(void)state;
	int64_t o = monday(), t[10];
	double peak[10];
	mixed_shortfalls(t);
	fill_peaks(peak, 10);
	assert_int_equal(sr_time_add_business(utc(2026, 1, 10, 0), 12 * HOUR),
			 utc(2026, 1, 12, 12));
	struct sr_request_input in = input(t, peak, 10, 12, 12);
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_FILE_BY);
	assert_int_equal(a.file_by_us, utc(2026, 1, 9, 0) - o);
	assert_true(a.p_in_time == 0.9);
	assert_true(a.keeps_up == 0.2);
	in.confidence = 0.8;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_FILE_BY);
	assert_int_equal(a.file_by_us, utc(2026, 1, 14, 0) - o);
	assert_true(a.p_in_time == 0.8);
}

/*
 * Sorted, the shortfalls are 54 h, 176 h, 234 h, 297 h, 360 h, 455 h,
 * 516 h, 553 h, never, never.  GSL's positions (n - 1) p: 0.45 gives
 * 0.55 x 54 + 0.45 x 176 = 108.9 h; 4.5 gives (360 + 455) / 2 = 407.5 h;
 * 8.55 reaches a never.
 */
static void needed_quantiles_interpolate(void **state)
{
	(void)state;
	int64_t t[10];
	double peak[10];
	mixed_shortfalls(t);
	fill_peaks(peak, 10);
	struct sr_request_input in = input(t, peak, 10, 12, 12);
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.needed_p05_us, (55 * 54 + 45 * 176) * HOUR / 100);
	assert_int_equal(a.needed_p50_us, (360 + 455) * HOUR / 2);
	assert_int_equal(a.needed_p95_us, SR_NEVER);
}

/* 1..20 h and one never: the 0.95 position, 19, falls exactly on 20 h and
 * the never beside it has no weight.  With a second never the position
 * 19.95 lies between 20 h and a never: SR_NEVER. */
static void needed_quantile_at_exact_position(void **state)
{
	(void)state;
	int64_t t[22];
	double peak[22];
	for (int i = 0; i < 20; i++)
		t[i] = (i + 1) * HOUR;
	t[20] = t[21] = SR_NEVER;
	fill_peaks(peak, 22);
	struct sr_request_input in = input(t, peak, 21, 12, 12);
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.needed_p05_us, 2 * HOUR);
	assert_int_equal(a.needed_p50_us, 11 * HOUR);
	assert_int_equal(a.needed_p95_us, 20 * HOUR);
	in.n = 22;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.needed_p95_us, SR_NEVER);
	assert_int_not_equal(a.needed_p50_us, SR_NEVER);
}

/* Nine of ten never fall short: growth keeps up at c = 0.9; eight of ten
 * do not suffice. */
static void growth_keeps_up(void **state)
{
	(void)state;
	int64_t t[10];
	double peak[10];
	for (int i = 0; i < 10; i++)
		t[i] = SR_NEVER;
	t[3] = 10 * DAY;
	fill_peaks(peak, 10);
	struct sr_request_input in = input(t, peak, 10, 12, 24);
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_GROWTH_KEEPS_UP);
	assert_true(a.keeps_up == 0.9);
	assert_int_equal(a.file_by_us, SR_NEVER);
	assert_true(isnan(a.p_in_time));
	assert_int_equal(a.needed_p05_us, SR_NEVER);
	assert_int_equal(a.quota, 1000);
	t[7] = 12 * DAY;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_not_equal(a.verdict, SR_REQUEST_GROWTH_KEEPS_UP);
	assert_true(a.keeps_up == 0.8);
}

/* Three of ten fall short on Monday at 06:00; a request filed at 0 is
 * answered at 12:00, so only the seven that never fall short are in time. */
static void file_now(void **state)
{
	(void)state;
	int64_t t[10];
	double peak[10];
	for (int i = 0; i < 10; i++)
		t[i] = i % 3 == 0 && i < 9 ? 6 * HOUR : SR_NEVER;
	fill_peaks(peak, 10);
	struct sr_request_input in = input(t, peak, 10, 12, 12);
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_FILE_NOW);
	assert_true(a.keeps_up == 0.7);
	assert_true(a.p_in_time == 0.7);
	assert_int_equal(a.file_by_us, SR_NEVER);
	/* One at 06:00 on day 0, one at Wednesday 00:00, eight never:
	 * P(0) = 0.9 is enough; Tuesday 00:00 is answered at 12:00, still in
	 * time for Wednesday; Wednesday 00:00 is not. */
	for (int i = 0; i < 10; i++)
		t[i] = SR_NEVER;
	t[2] = 6 * HOUR;
	t[5] = 2 * DAY;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_FILE_BY);
	assert_int_equal(a.file_by_us, DAY);
	assert_true(a.p_in_time == 0.9);
}

/* Peaks 100..1000: the 0.9 quantile sits at position 8.1, 910; with a
 * margin of 0.2 that is 1092. */
static void quota_from_peaks(void **state)
{
	(void)state;
	double peak[10] = {700, 100, 1000, 400, 300, 900, 200, 800, 600, 500};
	double copy[10];
	memcpy(copy, peak, sizeof peak);
	int64_t t[10];
	for (int i = 0; i < 10; i++)
		t[i] = SR_NEVER;
	struct sr_request_input in = input(t, peak, 10, 12, 24);
	in.margin = 0.2;
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.quota, 1092);
	assert_memory_equal(peak, copy, sizeof peak);
	in.margin = 0;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.quota, 910);
	in.confidence = 0.95;   /* position 8.55: 955 */
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.quota, 955);
}

/* 50 x 1.1 is 55.000000000000007 in doubles: the quota is 55, while a
 * fraction of a recipient is still rounded up. */
static void quota_whole_recipients(void **state)
{
	(void)state;
	int64_t t[1] = {SR_NEVER};
	double peak[1] = {50};
	struct sr_request_input in = input(t, peak, 1, 12, 24);
	in.margin = 0.1;
	assert_true(50 * (1 + in.margin) > 55);
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.quota, 55);
	peak[0] = 10.5;
	in.margin = 0;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.quota, 11);
	peak[0] = 10.01;
	in.margin = 0.1;   /* 11.011 */
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.quota, 12);
}

/* Random shortfalls (a fifth never) over 40 days, lognormal delays. */
static void random_case(int64_t *t, size_t n, int64_t *d, size_t nd)
{
	gsl_rng *r = sr_rng_alloc(7, 0, "test-request");
	assert_non_null(r);
	struct sr_delay delay = {12, 24};
	for (size_t i = 0; i < n; i++)
		t[i] = gsl_rng_uniform(r) < 0.2 ? SR_NEVER
			: (int64_t)(gsl_rng_uniform(r) * 40 * DAY);
	for (size_t j = 0; j < nd; j++)
		d[j] = sr_delay_draw(&delay, r);
	gsl_rng_free(r);
	qsort(t, n, sizeof *t, cmp_i64);
}

static double brute_p(int64_t f, int64_t o, const int64_t *t, size_t n,
		      const int64_t *d, size_t nd)
{
	size_t in_time = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < nd; j++) {
			int64_t answer = sr_time_add_business(o + f, d[j]) - o;
			in_time += t[i] == SR_NEVER || answer <= t[i];
		}
	return (double)in_time / ((double)n * (double)nd);
}

static void p_in_time_brute_force(void **state)
{
	(void)state;
	enum { N = 200, ND = 300 };
	int64_t t[N], d[ND], o = monday();
	random_case(t, N, d, ND);
	double last = 1;
	for (int k = 0; k <= 45; k++) {
		double p = sr_request_p_in_time(k * DAY, o, t, N, d, ND);
		assert_float_equal(p, brute_p(k * DAY, o, t, N, d, ND), 1e-15);
		assert_true(p <= last);
		last = p;
		int64_t odd = k * DAY + 7 * HOUR + 13 * SR_US_PER_MIN;
		assert_float_equal(sr_request_p_in_time(odd, o, t, N, d, ND),
				   brute_p(odd, o, t, N, d, ND), 1e-15);
	}
	double first = sr_request_p_in_time(0, o, t, N, d, ND);
	assert_true(first > 0.9 && last > 0.1 && last < 0.3);
}

/* The estimate draws its delays from the "request-estimate" stream: its
 * answer is the last day with P >= c for exactly those draws. */
static void estimate_uses_its_stream(void **state)
{
	(void)state;
	enum { N = 200, ND = 2000 };
	int64_t t[N], d[ND], o = monday();
	double peak[N];
	random_case(t, N, d, ND);
	for (size_t i = 0; i < N; i++)   /* need a week's notice at least */
		if (t[i] != SR_NEVER)
			t[i] += 7 * DAY;
	fill_peaks(peak, N);
	struct sr_request_input in = input(t, peak, N, 12, 24);
	in.horizon_us = 50 * DAY;
	in.seed = 42;
	in.draws = ND;
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(a.verdict, SR_REQUEST_FILE_BY);
	gsl_rng *r = sr_rng_alloc(42, 0, "request-estimate");
	for (size_t j = 0; j < ND; j++)
		d[j] = sr_delay_draw(&in.increase_delay, r);
	gsl_rng_free(r);
	assert_int_equal(a.file_by_us % DAY, 0);
	double p = sr_request_p_in_time(a.file_by_us, o, t, N, d, ND);
	assert_true(p == a.p_in_time);
	assert_true(p >= 0.9);
	assert_true(sr_request_p_in_time(a.file_by_us + DAY, o, t, N, d, ND)
		    < 0.9);
}

static void assert_same(const struct sr_request_answer *a,
			const struct sr_request_answer *b)
{
	assert_int_equal(a->verdict, b->verdict);
	assert_memory_equal(&a->keeps_up, &b->keeps_up, sizeof a->keeps_up);
	assert_int_equal(a->needed_p05_us, b->needed_p05_us);
	assert_int_equal(a->needed_p50_us, b->needed_p50_us);
	assert_int_equal(a->needed_p95_us, b->needed_p95_us);
	assert_int_equal(a->file_by_us, b->file_by_us);
	assert_memory_equal(&a->p_in_time, &b->p_in_time, sizeof a->p_in_time);
	assert_int_equal(a->quota, b->quota);
}

/* Same input, same answer; draws = 0 means 10,000 draws. */
static void deterministic(void **state)
{
	(void)state;
	enum { N = 100, ND = 10 };
	int64_t t[N], d[ND];
	double peak[N];
	random_case(t, N, d, ND);
	for (size_t i = 0; i < N; i++)
		peak[i] = 1000 + 10 * (double)i;
	struct sr_request_input in = input(t, peak, N, 12, 24);
	in.horizon_us = 40 * DAY;
	in.confidence = 0.7;
	in.margin = 0.25;
	struct sr_request_answer a, b;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_int_equal(sr_request_estimate(&in, &b), 0);
	assert_same(&a, &b);
	in.draws = 10000;
	assert_int_equal(sr_request_estimate(&in, &b), 0);
	assert_same(&a, &b);
}

static void bad_input(void **state)
{
	(void)state;
	int64_t t[2] = {DAY, SR_NEVER};
	double peak[2] = {1, 2};
	struct sr_request_input ok = input(t, peak, 2, 12, 24), in;
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&ok, &a), 0);
	assert_int_equal(sr_request_estimate(NULL, &a), -1);
	assert_int_equal(sr_request_estimate(&ok, NULL), -1);
#define BAD(field, value) \
	in = ok; in.field = value; \
	assert_int_equal(sr_request_estimate(&in, &a), -1)
	BAD(n, 0);
	BAD(shortfall_us, NULL);
	BAD(peak_demand, NULL);
	BAD(confidence, 1.0);
	BAD(confidence, 0.5);
	BAD(confidence, NAN);
	BAD(margin, -0.1);
	BAD(margin, NAN);
	BAD(margin, INFINITY);
	BAD(increase_delay.median_h, 0);
	BAD(increase_delay.p90_h, 6);
	BAD(increase_delay.p90_h, INFINITY);
	BAD(horizon_us, 0);
#undef BAD
	t[0] = -1;
	assert_int_equal(sr_request_estimate(&ok, &a), -1);
	t[0] = DAY;
	peak[1] = NAN;
	assert_int_equal(sr_request_estimate(&ok, &a), -1);
}

/*
 * The largest ask granted in full: 10 x the usage before the need, at the
 * (1 - c)-quantile over the replications that fall short.  Usage 100 ..
 * 1000 in ten that fall short (and two that never do, whose usage does
 * not count): positions 0.9 (c = 0.9, 190 -> 1900) and 0.45 (c = 0.95).
 * Without usage, or with no shortfall, there is no limit (NaN).
 */
static void full_grant_limit_from_usage(void **state)
{
	(void)state;
	double usage[12] = {700, 100, 1000, 400, 300, 900, 200, 800, 600, 500,
			    1, 1e9};
	double peak[12];
	int64_t t[12];
	fill_peaks(peak, 12);
	for (int i = 0; i < 12; i++)
		t[i] = i < 10 ? 20 * DAY : SR_NEVER;
	struct sr_request_input in = input(t, peak, 12, 12, 24);
	struct sr_request_answer a;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_true(isnan(a.full_limit));
	in.usage = usage;
	in.full_factor = 10;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_true(fabs(a.full_limit - 1900) < 1e-9);
	in.confidence = 0.95;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_true(fabs(a.full_limit - 1450) < 1e-9);
	for (int i = 0; i < 12; i++)
		t[i] = SR_NEVER;
	assert_int_equal(sr_request_estimate(&in, &a), 0);
	assert_true(isnan(a.full_limit));
	/* Usage must be a count, and the factor positive. */
	t[0] = DAY;
	usage[0] = -1;
	assert_int_equal(sr_request_estimate(&in, &a), -1);
	usage[0] = 700;
	in.full_factor = 0;
	assert_int_equal(sr_request_estimate(&in, &a), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(closed_form_thursday),
		cmocka_unit_test(weekend_answers_friday),
		cmocka_unit_test(candidates_before_horizon),
		cmocka_unit_test(origin_not_midnight),
		cmocka_unit_test(mixed_replications),
		cmocka_unit_test(needed_quantiles_interpolate),
		cmocka_unit_test(needed_quantile_at_exact_position),
		cmocka_unit_test(growth_keeps_up),
		cmocka_unit_test(file_now),
		cmocka_unit_test(quota_from_peaks),
		cmocka_unit_test(quota_whole_recipients),
		cmocka_unit_test(p_in_time_brute_force),
		cmocka_unit_test(estimate_uses_its_stream),
		cmocka_unit_test(deterministic),
		cmocka_unit_test(bad_input),
		cmocka_unit_test(full_grant_limit_from_usage),
	};
	return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
