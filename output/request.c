/* request: when to file a limit-increase request.  See request.h. */
#include "output/request.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/clock.h"
#include "sim/rng.h"
#include "sim/stats.h"

#define DEFAULT_DRAWS 10000
#define STREAM "request-estimate"

/* Scratch space of one estimate, freed before sr_request_estimate() returns. */
struct scratch {
	int64_t *shortfall;     /* n, sorted ascending */
	double *values;         /* n: shortfalls as doubles, then peak demands */
	int64_t *delay_us;      /* ndelay draws */
	size_t ndelay;
};

/* Index of the first sorted instant >= t (n if none). */
static size_t lower_bound(const int64_t *sorted, size_t n, int64_t t)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sorted[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* For each draw, the replications in time are those whose shortfall is at
 * or after the answer: a binary search counts them, SR_NEVER included as
 * it is above every answer.  Integer counts keep the result exact and
 * independent of the order of the draws.  NaN if n or ndelay is 0. */
double sr_request_p_in_time(int64_t f_us, int64_t origin_us,
			    const int64_t *sorted_shortfall, size_t n,
			    const int64_t *delay_us, size_t ndelay)
{
	if (n == 0 || ndelay == 0)
		return NAN;
	uint64_t in_time = 0;
	for (size_t j = 0; j < ndelay; j++) {
		int64_t answer = sr_time_add_business(origin_us + f_us,
						      delay_us[j]) - origin_us;
		in_time += n - lower_bound(sorted_shortfall, n, answer);
	}
	return (double)in_time / ((double)n * (double)ndelay);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int delay_ok(const struct sr_delay *d)
{
	return d->median_h > 0 && d->p90_h >= d->median_h && isfinite(d->p90_h);
}

/* A shortfall is SR_NEVER or an engine time within the run; a peak is a
 * finite count.  Anything else is a caller's error, not a result. */
static int replications_ok(const struct sr_request_input *in)
{
	for (size_t i = 0; i < in->n; i++) {
		int64_t t = in->shortfall_us[i];
		double peak = in->peak_demand[i];
		double usage = in->usage ? in->usage[i] : 0;
		if (t != SR_NEVER && (t < 0 || t > in->horizon_us))
			return 0;
		if (!(peak >= 0) || !isfinite(peak) || !(usage >= 0) ||
		    !isfinite(usage))
			return 0;
	}
	return 1;
}

/* The origin must be on the calendar and the whole run with it, so that
 * business time can be added without overflow. */
static int check_input(const struct sr_request_input *in,
		       const struct sr_request_answer *out)
{
	if (!in || !out || !in->shortfall_us || !in->peak_demand || in->n == 0)
		return -1;
	if (!(in->confidence > 0.5 && in->confidence < 1))
		return -1;
	if (!(in->margin >= 0) || !isfinite(in->margin))
		return -1;
	if (in->usage && !(in->full_factor > 0 && isfinite(in->full_factor)))
		return -1;
	if (!delay_ok(&in->increase_delay) || in->horizon_us <= 0)
		return -1;
	if (in->origin_us < SR_TIME_MIN || in->origin_us > SR_TIME_MAX ||
	    in->horizon_us > SR_TIME_MAX - in->origin_us)
		return -1;
	return replications_ok(in) ? 0 : -1;
}

static void scratch_free(struct scratch *s)
{
	free(s->shortfall);
	free(s->values);
	free(s->delay_us);
}

static int scratch_alloc(struct scratch *s, const struct sr_request_input *in)
{
	s->ndelay = in->draws ? in->draws : DEFAULT_DRAWS;
	if (in->n > SIZE_MAX / sizeof(double) ||
	    s->ndelay > SIZE_MAX / sizeof(int64_t))
		return -1;
	s->shortfall = malloc(in->n * sizeof *s->shortfall);
	s->values = malloc(in->n * sizeof *s->values);
	s->delay_us = malloc(s->ndelay * sizeof *s->delay_us);
	if (!s->shortfall || !s->values || !s->delay_us) {
		scratch_free(s);
		return -1;
	}
	return 0;
}

/* The delays come from the estimate's own stream, replication 0. */
static int draw_delays(struct scratch *s, const struct sr_request_input *in)
{
	gsl_rng *r = sr_rng_alloc(in->seed, 0, STREAM);
	if (!r)
		return -1;
	for (size_t j = 0; j < s->ndelay; j++)
		s->delay_us[j] = sr_delay_draw(&in->increase_delay, r);
	gsl_rng_free(r);
	return 0;
}

/*
 * GSL's quantile of the sorted instants: position (n - 1) p, interpolated
 * between the order statistics on either side.  If the upper one (the
 * position rounded up) is SR_NEVER the quantile lies among the
 * replications that never fall short and is SR_NEVER.  Otherwise the lower
 * one is finite too; a never above them only enters GSL's formula with
 * weight 0 (an exact position), so it is stood in for by the last finite
 * instant, which keeps the data sorted and free of 2^63.
 */
static int64_t needed_quantile(const struct scratch *s, size_t n, double p)
{
	size_t upper = (size_t)ceil(p * (double)(n - 1));
	if (s->shortfall[upper] == SR_NEVER)
		return SR_NEVER;
	double q = gsl_stats_quantile_from_sorted_data(s->values, 1, n, p);
	return (int64_t)llround(q);
}

static void needed_quantiles(struct scratch *s, size_t n,
			     struct sr_request_answer *out)
{
	double last = 0;
	for (size_t i = 0; i < n; i++) {
		if (s->shortfall[i] != SR_NEVER)
			last = (double)s->shortfall[i];
		s->values[i] = last;
	}
	out->needed_p05_us = needed_quantile(s, n, 0.05);
	out->needed_p50_us = needed_quantile(s, n, 0.50);
	out->needed_p95_us = needed_quantile(s, n, 0.95);
}

/*
 * ceil(quantile x (1 + margin)).  A product that should be a whole number
 * can come out a few ulps above it (10 x 1.1 = 11.000000000000002), and
 * rounding that up would ask for one recipient more than meant: a product
 * within 64 ulps of a whole number is taken as that number.
 */
static int quota_of(struct scratch *s, const struct sr_request_input *in,
		    int64_t *quota, double *peak)
{
	double q;
	for (size_t i = 0; i < in->n; i++)
		s->values[i] = in->peak_demand[i];
	if (sr_stats_quantiles(s->values, in->n, &in->confidence, 1, &q) != 0)
		return -1;
	*peak = q;
	double x = q * (1 + in->margin);
	double whole = nearbyint(x);
	if (fabs(x - whole) <= 64 * DBL_EPSILON * x)
		x = whole;
	x = ceil(x);
	if (!(x < 0x1p63))
		return -1;
	*quota = (int64_t)x;
	return 0;
}

/* Candidate k: engine time 0, then the k-th 00:00 UTC after the origin. */
static int64_t candidate(int64_t origin_us, size_t k)
{
	if (k == 0)
		return 0;
	int64_t first = sr_time_day_start(origin_us) - origin_us;
	return first + (int64_t)k * SR_US_PER_DAY;
}

/* Number of candidates before the horizon. */
static size_t ncandidates(int64_t origin_us, int64_t horizon_us)
{
	int64_t first = sr_time_day_start(origin_us) - origin_us;
	return 1 + (size_t)((horizon_us - first - 1) / SR_US_PER_DAY);
}

static double p_at(const struct scratch *s, const struct sr_request_input *in,
		   size_t k)
{
	return sr_request_p_in_time(candidate(in->origin_us, k), in->origin_us,
				    s->shortfall, in->n, s->delay_us,
				    s->ndelay);
}

/* The latest candidate with P >= c, given that candidate 0 has it: P does
 * not increase with f, so a binary search finds it. */
static size_t latest_in_time(const struct scratch *s,
			     const struct sr_request_input *in, double *p)
{
	size_t lo = 0, hi = ncandidates(in->origin_us, in->horizon_us);
	double p_lo = *p;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		double pm = p_at(s, in, mid);
		if (pm >= in->confidence) {
			lo = mid;
			p_lo = pm;
		} else {
			hi = mid;
		}
	}
	*p = p_lo;
	return lo;
}

static void decide(const struct scratch *s, const struct sr_request_input *in,
		   struct sr_request_answer *out)
{
	out->file_by_us = SR_NEVER;
	if (out->keeps_up >= in->confidence) {
		out->verdict = SR_REQUEST_GROWTH_KEEPS_UP;
		out->p_in_time = NAN;
		return;
	}
	double p = p_at(s, in, 0);
	if (p < in->confidence) {
		out->verdict = SR_REQUEST_FILE_NOW;
		out->p_in_time = p;
		return;
	}
	size_t k = latest_in_time(s, in, &p);
	out->verdict = SR_REQUEST_FILE_BY;
	out->file_by_us = candidate(in->origin_us, k);
	out->p_in_time = p;
}

/*
 * The largest ask granted in full, with probability c, when it is needed:
 * full_factor x the usage before the need, over the replications that fall
 * short, at its (1 - c)-quantile.  NaN without usage or shortfalls.
 */
static int full_limit_of(struct scratch *s, const struct sr_request_input *in,
			 double *limit)
{
	size_t m = 0;
	*limit = NAN;
	if (!in->usage)
		return 0;
	for (size_t i = 0; i < in->n; i++)
		if (in->shortfall_us[i] != SR_NEVER)
			s->values[m++] = in->full_factor * in->usage[i];
	if (m == 0)
		return 0;
	double p = 1 - in->confidence;
	return sr_stats_quantiles(s->values, m, &p, 1, limit) ? -1 : 0;
}

static int estimate(struct scratch *s, const struct sr_request_input *in,
		    struct sr_request_answer *out)
{
	size_t never = 0;
	for (size_t i = 0; i < in->n; i++) {
		s->shortfall[i] = in->shortfall_us[i];
		never += in->shortfall_us[i] == SR_NEVER;
	}
	qsort(s->shortfall, in->n, sizeof *s->shortfall, cmp_i64);
	out->keeps_up = (double)never / (double)in->n;
	needed_quantiles(s, in->n, out);
	if (quota_of(s, in, &out->quota, &out->peak_demand) != 0 ||
	    full_limit_of(s, in, &out->full_limit) != 0)
		return -1;
	if (out->keeps_up < in->confidence && draw_delays(s, in) != 0)
		return -1;
	decide(s, in, out);
	return 0;
}

int sr_request_estimate(const struct sr_request_input *in,
			struct sr_request_answer *out)
{
	if (check_input(in, out) != 0)
		return -1;
	struct scratch s = {0};
	if (scratch_alloc(&s, in) != 0)
		return -1;
	struct sr_request_answer a;
	int rc = estimate(&s, in, &a);
	scratch_free(&s);
	if (rc == 0)
		*out = a;
	return rc;
}
