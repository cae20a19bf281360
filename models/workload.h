/*
 * workload: synthetic traffic, per stream a non-homogeneous Poisson process.
 *
 * The arrival rate of a stream, in recipients per second, at engine time t
 * (UTC day d since the start, hour h, weekday w) is
 *
 *     volume_per_day / 86400  x  trend(d)  x  hourly[h]  x  weekday[w]
 *
 * where hourly and weekday are relative weights, each normalised to mean 1
 * (so they shape the traffic without changing the mean volume over a week),
 * and trend(d), d the (fractional) day since the start, is
 *     none:        1
 *     linear:      1 + trend_per_day x d            (never below 0)
 *     exponential: (1 + trend_per_day) ^ d
 *     table:       day:volume points, linear between them and flat
 *                  outside, divided by volume_per_day.
 * Campaigns add recipients on top: all at their start, or spread evenly over
 * a window.
 *
 * Generation (documented, both with GSL):
 *   - batches (interval_us > 0, default 60 s): for each interval and stream
 *     the number of messages is Poisson with mean = the integral of the
 *     message rate over the interval (midpoint rule on each hour piece), and
 *     a batch of messages x recipients_per_message recipients is released at
 *     the interval's start;
 *   - per message (interval_us = 0): message arrivals by thinning (Lewis and
 *     Shedler), each with recipients_per_message recipients.
 * Both have the same expected volume.  Campaign recipients arrive as one
 * batch (window 0) or as one batch per interval of the window (per second in
 * per-message mode), in equal shares.
 *
 * Streams are merged in time order; at equal times lower stream indices
 * come first, so the output is reproducible.
 *
 * Memory: sr_synth_alloc() copies the parameters; sr_synth_free() releases
 * everything.  The generator belongs to the caller and must be the
 * workload's own stream.  Depends on stream, sim/clock, sim/rng and GSL.
 */
#ifndef SR_WORKLOAD_H
#define SR_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/stream.h"

enum sr_trend { SR_TREND_NONE, SR_TREND_LINEAR, SR_TREND_EXPONENTIAL,
		SR_TREND_TABLE };

#define SR_TABLE_MAX 64
#define SR_CAMPAIGNS_MAX 16

struct sr_point {
	double day;       /* days since the start, >= 0, increasing */
	double value;     /* recipients per day (table trend) */
};

struct sr_campaign {
	int64_t start_us;     /* engine time */
	int64_t window_us;    /* 0: all at once */
	int64_t recipients;
};

struct sr_synth_stream {
	double volume_per_day;        /* recipients per day at day 0 */
	int recipients_per_message;   /* 1..50 */
	enum sr_trend trend;
	double trend_per_day;
	struct sr_point table[SR_TABLE_MAX];
	size_t table_len;
	double hourly[24];            /* hour 0 = 00:00-01:00 UTC; all 1 */
	double weekday[7];            /* Monday first; all 1 */
	struct sr_campaign campaigns[SR_CAMPAIGNS_MAX];
	size_t campaigns_len;
};

/* A flat stream of volume_per_day recipients a day, one per message. */
void sr_synth_stream_default(struct sr_synth_stream *s, double volume_per_day);

struct sr_synth_params {
	int64_t origin_us;            /* UTC instant of engine time 0 */
	int64_t horizon_us;           /* arrivals in [0, horizon) */
	int64_t interval_us;          /* batch interval; 0: per message */
	size_t nstreams;
	struct sr_synth_stream streams[SR_STREAMS_MAX];
};

struct sr_synth;

/* Returns NULL on bad parameters (with a reason in *why) or short memory. */
struct sr_synth *sr_synth_alloc(const struct sr_synth_params *p, gsl_rng *r,
				const char **why);
void sr_synth_free(struct sr_synth *s);

/* The synthetic workload as a source of batches. */
struct sr_source sr_synth_source(struct sr_synth *s);

/* Arrival rate of stream i at t, recipients per second, without campaigns. */
double sr_synth_rate(const struct sr_synth_params *p, size_t i, int64_t t_us);

/* Expected recipients of stream i in [t0, t1), campaigns included. */
double sr_synth_expected(const struct sr_synth_params *p, size_t i,
			 int64_t t0_us, int64_t t1_us);

#endif
