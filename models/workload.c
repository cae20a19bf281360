/*
 * workload: synthetic traffic.  See workload.h.
 *
 * Choices the header leaves open:
 *   - With a table trend the rate is table(d) / 86400 whatever
 *     volume_per_day is (the division by volume_per_day cancels), so a zero
 *     volume_per_day is no division by zero.
 *   - The process lives in [0, horizon): sr_synth_rate() is 0 outside it and
 *     sr_synth_expected() counts only that part of [t0, t1).  Campaign
 *     batches at or after the horizon are dropped from the source.
 *   - A windowed campaign is cut into pieces of one interval (one second
 *     per message) from its own start; piece k arrives at start + k x step
 *     and carries the recipients proportional to the time it covers,
 *     rounded so that the pieces add up to exactly the campaign's total
 *     (equal shares, the remainder spread, when the window is a whole
 *     number of steps).
 *   - sr_synth_rate() and sr_synth_expected() expect parameters that
 *     sr_synth_alloc() accepts (they return NaN for a stream that does not
 *     exist).
 *   - Per message, thinning takes its bound afresh on each UTC-hour piece
 *     (see next_piece()), so it stays efficient under a peaked profile or
 *     a steep trend.
 *   - Random draws happen lazily, on the first pull: stream by stream in
 *     index order to prime, then for the stream whose batch was taken.
 *     The sequence depends only on the parameters and the generator's seed.
 */
#include "models/workload.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "sim/clock.h"
#include "sim/rng.h"

#define DAY_S 86400.0

/* A mean of more than a billion messages in one interval is refused when
 * the workload is set up: it is far beyond any account, and it keeps the
 * Poisson counts well inside sr_rng_poisson()'s range. */
#define BATCH_MEAN_MAX 1e9

enum { SRC_NONE = -2, SRC_REGULAR = -1 };

struct camp {                   /* how far one campaign has got */
	int64_t k, n, step_us;      /* next piece, pieces, piece length */
	int64_t given;              /* recipients of pieces before k */
	int64_t t_us, recipients;   /* its next batch (recipients > 0) */
};

/* A UTC-hour piece [t0, t1) in engine time, with the shape on it; empty
 * (t0 = t1) until first used. */
struct hour {
	int64_t t0_us, t1_us;
	double shape;
};

struct gen {                    /* one stream's generator */
	const struct sr_synth_stream *s;
	int64_t reg_end_us;         /* no regular traffic from here on */
	int64_t next_us;            /* batches: start of the next interval */
	int64_t piece_us, piece_end_us;   /* per message: the hour piece, */
	double piece_lmax;          /* its bound on messages per second */
	double off_us;              /* and the last candidate in it */
	int in_piece;
	int has_reg;
	struct sr_batch reg;        /* the next regular batch, if has_reg */
	struct camp camp[SR_CAMPAIGNS_MAX];
	int head;                   /* SRC_NONE, SRC_REGULAR or a campaign */
	struct sr_poisson_setup poisson;   /* batches: the last count's
					    * set-up; without a trend, every
					    * interval of an hour has its mean */
	struct hour hour;           /* batches: the last hour integrated */
};

struct sr_synth {
	struct sr_synth_params p;   /* weights normalised to mean 1 */
	gsl_rng *r;
	int primed;
	struct gen g[SR_STREAMS_MAX];
};

/* ---- the rate ----------------------------------------------------------- */

static int hour_of(int64_t utc_us)
{
	int64_t h = sr_floor_div(utc_us, SR_US_PER_H) % 24;
	return (int)(h < 0 ? h + 24 : h);
}

/* Linear between the points, flat outside them. */
static double table_at(const struct sr_synth_stream *s, double d)
{
	const struct sr_point *pt = s->table;
	size_t lo = 0, hi = s->table_len - 1;

	if (s->table_len < 1 || s->table_len > SR_TABLE_MAX)
		return 0;       /* refused by sr_synth_alloc(); no wild reads */
	if (d <= pt[lo].day)
		return pt[lo].value;
	if (d >= pt[hi].day)
		return pt[hi].value;
	while (hi - lo > 1) {       /* pt[lo].day < d < pt[hi].day */
		size_t mid = lo + (hi - lo) / 2;
		if (pt[mid].day < d)
			lo = mid;
		else
			hi = mid;
	}
	double f = (d - pt[lo].day) / (pt[hi].day - pt[lo].day);
	return pt[lo].value + f * (pt[hi].value - pt[lo].value);
}

/* Recipients per day at fractional day d, before the daily and weekly shape. */
static double daily(const struct sr_synth_stream *s, double d)
{
	switch (s->trend) {
	case SR_TREND_LINEAR:
		return s->volume_per_day *
		       fmax(0.0, 1.0 + s->trend_per_day * d);
	case SR_TREND_EXPONENTIAL:
		return s->volume_per_day * pow(1.0 + s->trend_per_day, d);
	case SR_TREND_TABLE:
		return table_at(s, d);
	default:
		return s->volume_per_day;
	}
}

static double shape(const struct sr_synth_stream *s, int64_t utc_us)
{
	return s->hourly[hour_of(utc_us)] * s->weekday[sr_time_weekday(utc_us)];
}

/* Recipients per second at t, with normalised weights. */
static double rate_at(const struct sr_synth_stream *s, int64_t origin_us,
		      int64_t t_us)
{
	double d = (double)t_us / (double)SR_US_PER_DAY;
	return daily(s, d) / DAY_S * shape(s, origin_us + t_us);
}

/* Makes h the UTC-hour piece that holds t.  One-minute batches ask sixty
 * times an hour, so the piece's bounds and shape are worked out afresh only
 * when t has left it.  The shape depends on nothing finer than the hour, so
 * the kept value is exactly what shape() would give for t. */
static void hour_at(struct hour *h, const struct sr_synth_stream *s,
		    int64_t origin_us, int64_t t_us)
{
	if (t_us >= h->t0_us && t_us < h->t1_us)
		return;
	int64_t utc = origin_us + t_us;
	h->t1_us = sr_floor_div(utc, SR_US_PER_H) * SR_US_PER_H +
		   SR_US_PER_H - origin_us;
	h->t0_us = h->t1_us - SR_US_PER_H;
	h->shape = shape(s, utc);
}

/* Recipients in [t0, t1): the shape is constant on each UTC-hour piece, so
 * only the trend is approximated, by its value at the piece's midpoint.
 * h is a piece kept for the same stream and origin, or an empty one. */
static double integral(const struct sr_synth_stream *s, int64_t origin_us,
		       struct hour *h, int64_t t0_us, int64_t t1_us)
{
	double sum = 0;

	while (t0_us < t1_us) {
		hour_at(h, s, origin_us, t0_us);
		int64_t t = h->t1_us < t1_us ? h->t1_us : t1_us;
		double mid = ((double)t0_us + (double)t) / 2 / SR_US_PER_DAY;
		double len_s = (double)(t - t0_us) / SR_US_PER_S;
		sum += daily(s, mid) / DAY_S * h->shape * len_s;
		t0_us = t;
	}
	return sum;
}

static void normalise(double *w, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += w[i];
	if (!(sum > 0))
		return;         /* refused by sr_synth_alloc() anyway */
	for (size_t i = 0; i < n; i++)
		w[i] *= (double)n / sum;
}

static void normalised(struct sr_synth_stream *s)
{
	normalise(s->hourly, 24);
	normalise(s->weekday, 7);
}

double sr_synth_rate(const struct sr_synth_params *p, size_t i, int64_t t_us)
{
	if (i >= p->nstreams || i >= SR_STREAMS_MAX)
		return NAN;
	if (t_us < 0 || t_us >= p->horizon_us)
		return 0;
	struct sr_synth_stream s = p->streams[i];
	normalised(&s);
	return rate_at(&s, p->origin_us, t_us);
}

/* Campaign recipients in [t0, t1); a window is filled at an even rate. */
static double campaign_share(const struct sr_campaign *c, int64_t t0_us,
			     int64_t t1_us)
{
	if (c->window_us == 0)
		return c->start_us >= t0_us && c->start_us < t1_us ?
		       (double)c->recipients : 0;
	double a = fmax((double)t0_us, (double)c->start_us);
	double end = (double)c->start_us + (double)c->window_us;
	double b = fmin((double)t1_us, end);
	if (b <= a)
		return 0;
	return (double)c->recipients * (b - a) / (double)c->window_us;
}

double sr_synth_expected(const struct sr_synth_params *p, size_t i,
			 int64_t t0_us, int64_t t1_us)
{
	if (i >= p->nstreams || i >= SR_STREAMS_MAX)
		return NAN;
	if (t0_us < 0)
		t0_us = 0;
	if (t1_us > p->horizon_us)
		t1_us = p->horizon_us;
	if (t1_us <= t0_us)
		return 0;
	struct sr_synth_stream s = p->streams[i];
	struct hour h = { 0, 0, 0 };
	normalised(&s);
	double sum = integral(&s, p->origin_us, &h, t0_us, t1_us);
	for (size_t c = 0; c < s.campaigns_len; c++)
		sum += campaign_share(&s.campaigns[c], t0_us, t1_us);
	return sum;
}

/* ---- checks ------------------------------------------------------------- */

static int weights_ok(const double *w, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++) {
		if (!(isfinite(w[i]) && w[i] >= 0))
			return 0;
		sum += w[i];
	}
	return sum > 0 && isfinite(sum);
}

static const char *check_table(const struct sr_synth_stream *s)
{
	if (s->table_len < 1 || s->table_len > SR_TABLE_MAX)
		return "a table trend needs 1 to 64 points";
	for (size_t i = 0; i < s->table_len; i++) {
		const struct sr_point *pt = &s->table[i];
		if (!(isfinite(pt->day) && pt->day >= 0))
			return "table days must be finite and >= 0";
		if (i > 0 && !(pt->day > pt[-1].day))
			return "table days must increase";
		if (!(isfinite(pt->value) && pt->value >= 0))
			return "table values must be finite and >= 0";
	}
	return NULL;
}

static const char *check_trend(const struct sr_synth_stream *s)
{
	if (!isfinite(s->trend_per_day))
		return "trend_per_day must be finite";
	switch (s->trend) {
	case SR_TREND_NONE:
	case SR_TREND_LINEAR:
		return NULL;
	case SR_TREND_EXPONENTIAL:
		return s->trend_per_day > -1 ? NULL :
		       "an exponential trend needs trend_per_day > -1";
	case SR_TREND_TABLE:
		return check_table(s);
	}
	return "unknown trend";
}

static const char *check_campaigns(const struct sr_synth_stream *s)
{
	if (s->campaigns_len > SR_CAMPAIGNS_MAX)
		return "at most 16 campaigns per stream";
	for (size_t i = 0; i < s->campaigns_len; i++) {
		const struct sr_campaign *c = &s->campaigns[i];
		if (c->recipients < 0)
			return "campaign recipients must be >= 0";
		if (c->window_us < 0)
			return "campaign window must be >= 0";
		if (c->start_us < 0)
			return "campaign start must be >= 0";
	}
	return NULL;
}

static const char *check_stream(const struct sr_synth_stream *s)
{
	if (!(isfinite(s->volume_per_day) && s->volume_per_day >= 0))
		return "volume_per_day must be finite and >= 0";
	if (s->recipients_per_message < 1 || s->recipients_per_message > 50)
		return "recipients_per_message must be 1 to 50";
	if (!weights_ok(s->hourly, 24))
		return "hourly weights must be >= 0 with a positive sum";
	if (!weights_ok(s->weekday, 7))
		return "weekday weights must be >= 0 with a positive sum";
	const char *why = check_trend(s);
	return why ? why : check_campaigns(s);
}

static const char *check_params(const struct sr_synth_params *p)
{
	if (p->horizon_us <= 0)
		return "horizon_us must be > 0";
	if (p->interval_us < 0)
		return "interval_us must be >= 0";
	if (p->nstreams < 1 || p->nstreams > SR_STREAMS_MAX)
		return "1 to 16 streams";
	if (p->origin_us < SR_TIME_MIN || p->origin_us > SR_TIME_MAX ||
	    p->horizon_us > SR_TIME_MAX - p->origin_us)
		return "origin_us + horizon_us outside the calendar";
	for (size_t i = 0; i < p->nstreams; i++) {
		const char *why = check_stream(&p->streams[i]);
		if (why)
			return why;
	}
	return NULL;
}

/* ---- bounds for the generators ------------------------------------------ */

static double max_of(const double *w, size_t n)
{
	double m = 0;

	for (size_t i = 0; i < n; i++)
		m = fmax(m, w[i]);
	return m;
}

/* The largest daily() over [d0, d1]: linear and exponential trends are
 * monotone, a table is piecewise linear, so ends and points suffice. */
static double daily_max(const struct sr_synth_stream *s, double d0, double d1)
{
	double m = fmax(daily(s, d0), daily(s, d1));

	if (s->trend == SR_TREND_TABLE)
		for (size_t i = 0; i < s->table_len; i++)
			if (s->table[i].day >= d0 && s->table[i].day <= d1)
				m = fmax(m, s->table[i].value);
	return m;
}

/* Messages per second that the stream never exceeds before the horizon. */
static double rate_bound(const struct sr_synth_stream *s, int64_t horizon_us)
{
	double days = (double)horizon_us / SR_US_PER_DAY;
	return daily_max(s, 0, days) / DAY_S * max_of(s->hourly, 24) *
	       max_of(s->weekday, 7) / s->recipients_per_message;
}

/* From where a falling linear trend has reached 0, nothing regular arrives:
 * the generators stop there instead of drawing zeros up to the horizon. */
static int64_t regular_end(const struct sr_synth_stream *s, int64_t horizon_us)
{
	if (s->trend != SR_TREND_TABLE && s->volume_per_day == 0)
		return 0;
	if (s->trend == SR_TREND_LINEAR && s->trend_per_day < 0) {
		double end = ceil(-1.0 / s->trend_per_day * SR_US_PER_DAY);
		if (end < (double)horizon_us)
			return (int64_t)end;
	}
	return horizon_us;
}

/* ---- campaigns ---------------------------------------------------------- */

static void camp_init(struct camp *k, const struct sr_campaign *c,
		      int64_t step_us)
{
	*k = (struct camp){ .step_us = step_us, .n = 1 };
	if (c->window_us > 0)
		k->n = c->window_us / step_us + (c->window_us % step_us != 0);
}

/* Recipients of the first j pieces.  Monotone in j (so no piece is
 * negative), and exact at the end. */
static int64_t camp_cum(const struct camp *k, const struct sr_campaign *c,
			int64_t j)
{
	if (j >= k->n)
		return c->recipients;
	if (j == 0)
		return 0;
	double f = (double)(j * k->step_us) / (double)c->window_us;
	return llround((double)c->recipients * f);
}

/* Moves to the campaign's next nonempty piece before the horizon. */
static void camp_next(struct camp *k, const struct sr_campaign *c,
		      int64_t horizon_us)
{
	k->recipients = 0;
	while (k->k < k->n) {
		int64_t off = k->k * k->step_us;
		if (c->start_us >= horizon_us ||
		    off >= horizon_us - c->start_us) {
			k->k = k->n;    /* the rest is beyond the horizon */
			return;
		}
		int64_t cum = camp_cum(k, c, ++k->k);
		int64_t n = cum - k->given;
		k->given = cum;
		if (n > 0) {
			k->t_us = c->start_us + off;
			k->recipients = n;
			return;
		}
	}
}

/* ---- regular traffic ---------------------------------------------------- */

/* Batch mode: the next interval with a nonzero Poisson count. */
static void next_batch(struct sr_synth *y, struct gen *g, uint32_t i)
{
	const int64_t step = y->p.interval_us, horizon = y->p.horizon_us;
	const int rpm = g->s->recipients_per_message;

	g->has_reg = 0;
	while (g->next_us < g->reg_end_us) {
		int64_t t = g->next_us;
		g->next_us = t < horizon - step ? t + step : horizon;
		double mean = integral(g->s, y->p.origin_us, &g->hour, t,
				       g->next_us);
		mean /= rpm;
		int64_t n = sr_rng_poisson_kept(y->r, mean, &g->poisson);
		if (n > 0) {
			g->reg = (struct sr_batch){ t, i, n * rpm };
			g->has_reg = 1;
			return;
		}
	}
}

/*
 * Per message, the bound for thinning is taken afresh on each UTC-hour
 * piece: the shape is constant there, so only the trend's change within
 * the hour is rejected, not a peaked profile or a year of growth.  Returns
 * -1 when no piece is left.
 */
static int next_piece(struct sr_synth *y, struct gen *g)
{
	const struct sr_synth_stream *s = g->s;
	int64_t t0 = g->piece_end_us, origin = y->p.origin_us;

	if (t0 >= g->reg_end_us)
		return -1;
	int64_t t1 = sr_floor_div(origin + t0, SR_US_PER_H) * SR_US_PER_H +
		     SR_US_PER_H - origin;
	if (t1 > g->reg_end_us)
		t1 = g->reg_end_us;
	double d0 = (double)t0 / SR_US_PER_DAY, d1 = (double)t1 / SR_US_PER_DAY;
	g->piece_lmax = daily_max(s, d0, d1) / DAY_S * shape(s, origin + t0) /
			s->recipients_per_message;
	g->piece_us = t0;
	g->piece_end_us = t1;
	g->off_us = 0;
	g->in_piece = 1;
	return 0;
}

/* Per-message mode: thinning (Lewis and Shedler).  A candidate past the
 * piece's end is dropped and drawing restarts there, which the
 * memorylessness of the exponential gaps allows. */
static void next_message(struct sr_synth *y, struct gen *g, uint32_t i)
{
	const int rpm = g->s->recipients_per_message;

	g->has_reg = 0;
	for (;;) {
		if (!g->in_piece && next_piece(y, g))
			return;
		double len_us = (double)(g->piece_end_us - g->piece_us);
		double lmax = g->piece_lmax;
		if (lmax > 0) {
			double gap_us = SR_US_PER_S / lmax;
			g->off_us += gsl_ran_exponential(y->r, gap_us);
		}
		if (!(lmax > 0) || g->off_us >= len_us) {
			g->in_piece = 0;
			continue;
		}
		int64_t t = g->piece_us + (int64_t)g->off_us;
		double rate = rate_at(g->s, y->p.origin_us, t) / rpm;
		if (gsl_rng_uniform(y->r) * lmax < rate) {
			g->reg = (struct sr_batch){ t, i, rpm };
			g->has_reg = 1;
			return;
		}
	}
}

static void next_regular(struct sr_synth *y, uint32_t i)
{
	if (y->p.interval_us > 0)
		next_batch(y, &y->g[i], i);
	else
		next_message(y, &y->g[i], i);
}

/* ---- merging ------------------------------------------------------------ */

static int64_t head_time(const struct gen *g)
{
	return g->head == SRC_REGULAR ? g->reg.t_us : g->camp[g->head].t_us;
}

/* The stream's earliest pending batch; at equal times regular traffic
 * first, then campaigns in index order (strict < keeps the earlier). */
static void pick_head(struct gen *g)
{
	g->head = g->has_reg ? SRC_REGULAR : SRC_NONE;
	for (size_t c = 0; c < g->s->campaigns_len; c++) {
		if (g->camp[c].recipients == 0)
			continue;
		if (g->head == SRC_NONE || g->camp[c].t_us < head_time(g))
			g->head = (int)c;
	}
}

static void prime(struct sr_synth *y)
{
	int64_t step = y->p.interval_us > 0 ? y->p.interval_us : SR_US_PER_S;

	for (uint32_t i = 0; i < y->p.nstreams; i++) {
		struct gen *g = &y->g[i];
		const struct sr_campaign *c = g->s->campaigns;
		for (size_t j = 0; j < g->s->campaigns_len; j++) {
			camp_init(&g->camp[j], &c[j], step);
			camp_next(&g->camp[j], &c[j], y->p.horizon_us);
		}
		next_regular(y, i);
		pick_head(g);
	}
	y->primed = 1;
}

static void take(struct sr_synth *y, uint32_t i, struct sr_batch *out)
{
	struct gen *g = &y->g[i];

	if (g->head == SRC_REGULAR) {
		*out = g->reg;
		next_regular(y, i);
	} else {
		struct camp *k = &g->camp[g->head];
		*out = (struct sr_batch){ k->t_us, i, k->recipients };
		camp_next(k, &g->s->campaigns[g->head], y->p.horizon_us);
	}
	pick_head(g);
}

static int synth_next(void *self, struct sr_batch *out)
{
	struct sr_synth *y = self;
	size_t best = SIZE_MAX;

	if (!y->primed)
		prime(y);
	for (size_t i = 0; i < y->p.nstreams; i++) {
		const struct gen *g = &y->g[i];
		if (g->head == SRC_NONE)
			continue;
		if (best == SIZE_MAX || head_time(g) < head_time(&y->g[best]))
			best = i;
	}
	if (best == SIZE_MAX)
		return 0;
	take(y, (uint32_t)best, out);
	return 1;
}

static const char *synth_error(const void *self)
{
	(void)self;
	return "";      /* a synthetic workload cannot fail once set up */
}

struct sr_source sr_synth_source(struct sr_synth *s)
{
	return (struct sr_source){ synth_next, synth_error, s };
}

/* ---- set-up ------------------------------------------------------------- */

/* Bounds the generators rely on; checked once the weights are normalised. */
static const char *setup_streams(struct sr_synth *y)
{
	const double interval_s = (double)y->p.interval_us / SR_US_PER_S;

	for (size_t i = 0; i < y->p.nstreams; i++) {
		struct gen *g = &y->g[i];
		g->s = &y->p.streams[i];
		g->reg_end_us = regular_end(g->s, y->p.horizon_us);
		double lmax = rate_bound(g->s, y->p.horizon_us);
		if (!isfinite(lmax))
			return "the trend overflows before the horizon";
		if (lmax * interval_s > BATCH_MEAN_MAX)
			return "too many messages per interval_us";
	}
	return NULL;
}

struct sr_synth *sr_synth_alloc(const struct sr_synth_params *p, gsl_rng *r,
				const char **why)
{
	const char *bad = check_params(p);
	struct sr_synth *y = NULL;

	if (!bad) {
		y = calloc(1, sizeof *y);
		if (!y)
			bad = "out of memory";
	}
	if (!bad) {
		y->p = *p;
		y->r = r;
		for (size_t i = 0; i < p->nstreams; i++)
			normalised(&y->p.streams[i]);
		bad = setup_streams(y);
	}
	if (bad) {
		free(y);
		if (why)
			*why = bad;
		return NULL;
	}
	return y;
}

void sr_synth_free(struct sr_synth *s)
{
	free(s);
}

void sr_synth_stream_default(struct sr_synth_stream *s, double volume_per_day)
{
	*s = (struct sr_synth_stream){
		.volume_per_day = volume_per_day,
		.recipients_per_message = 1,
		.trend = SR_TREND_NONE,
	};
	for (size_t h = 0; h < 24; h++)
		s->hourly[h] = 1;
	for (size_t w = 0; w < 7; w++)
		s->weekday[w] = 1;
}
