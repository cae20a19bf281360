/*
 * request: when to file a limit-increase request, and for how much.
 *
 * Input, per replication: the first instant at which the traffic the plan
 * routes to SES was refused or delayed for lack of quota with automatic
 * growth only (a quota shortfall, or a queueing delay over the SLO;
 * SR_NEVER if it never happened within the horizon), and the peak
 * rolling-24-hour demand.  With the limit-increase response delay D
 * (lognormal, business time: models/requests.h) and a confidence c:
 *
 *   P(f) = share of pairs (replication i, delay draw j) with
 *          add_business(f, D_j) <= T_i          (never counts as in time)
 *
 * is the probability that a request filed at f is answered before it is
 * needed.  P does not increase with f.  The candidates for f are engine
 * time 0 and every later 00:00 UTC before the horizon; the answer is the
 * latest candidate with P(f) >= c.  Verdicts:
 *   - GROWTH_KEEPS_UP: at least a share c of the replications never fall
 *     short: automatic growth alone is enough;
 *   - FILE_BY: file at the latest on file_by_us;
 *   - FILE_NOW: even a request filed on the first day is in time with
 *     probability below c (p_in_time says how likely).
 * The quota to ask for is the c-quantile of the peak rolling-24-hour
 * demand over the replications, times (1 + margin), rounded up to a
 * whole recipient (a product within 64 ulps of a whole number counts as
 * that number, so 50 x 1.1 asks for 55).
 *
 * SES grants an increase in full only up to full_factor x the usage it
 * sees (models/requests.h: the peak SentLast24Hours of the lookback days).
 * Given each replication's usage before its need (output/metrics.h:
 * usage_before_need), full_limit is the (1 - c)-quantile of full_factor x
 * that usage over the replications that fall short: with probability c a
 * request answered by the time it is needed is granted in full up to
 * there, at most, since usage before the answer is no higher.  An ask
 * above it is likely granted only in part; the advice says so.
 *
 * The delay is drawn `draws` times from its own stream ("request-estimate"
 * of sim/rng.h, replication 0), so the answer is deterministic.  Times are
 * engine microseconds (since the scenario's origin); origin_us is the UTC
 * instant of engine time 0, used for business time and for whole days.
 *
 * Memory: sr_request_estimate() allocates scratch space and frees it before
 * returning.  Depends on models/requests (the delay), sim/clock, sim/rng,
 * sim/stats and GSL.
 */
#ifndef SR_REQUEST_H
#define SR_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "models/requests.h"

#define SR_NEVER INT64_MAX

enum sr_request_verdict {
	SR_REQUEST_GROWTH_KEEPS_UP,
	SR_REQUEST_FILE_BY,
	SR_REQUEST_FILE_NOW,
};

struct sr_request_input {
	const int64_t *shortfall_us;   /* per replication; SR_NEVER: never */
	const double *peak_demand;     /* per replication, recipients per 24 h */
	size_t n;                      /* replications, >= 1 */
	int64_t origin_us;             /* UTC instant of engine time 0 */
	int64_t horizon_us;            /* length of the run */
	struct sr_delay increase_delay;
	double confidence;             /* in (0.5, 1) */
	double margin;                 /* >= 0 */
	const double *usage;           /* per replication; may be NULL */
	double full_factor;            /* > 0 if usage is given */
	uint64_t seed;
	size_t draws;                  /* delay draws: 0 means 10,000 */
};

struct sr_request_answer {
	enum sr_request_verdict verdict;
	double keeps_up;          /* share of replications without shortfall */
	int64_t needed_p05_us;    /* quantiles of the shortfall instant over the
				   * replications (SR_NEVER where the quantile
				   * falls among those that never fall short) */
	int64_t needed_p50_us;
	int64_t needed_p95_us;
	int64_t file_by_us;       /* FILE_BY: the latest candidate (engine time
				   * 0 or a later 00:00 UTC, in engine time);
				   * otherwise SR_NEVER */
	double p_in_time;         /* P(file_by) for FILE_BY, P(first day) for
				   * FILE_NOW, NaN for GROWTH_KEEPS_UP */
	int64_t quota;            /* recipients per 24 h to ask for */
	double peak_demand;       /* the c-quantile of the peak demand */
	double full_limit;        /* the largest ask granted in full (see
				   * above); NaN if unknown or not needed */
};

/* Returns 0, or -1 on bad input (n == 0, confidence out of range, a bad
 * delay, a shortfall outside [0, horizon] that is not SR_NEVER, a peak that
 * is negative or not finite, a quota beyond int64) or short memory. */
int sr_request_estimate(const struct sr_request_input *in,
			struct sr_request_answer *out);

/* The probability P(f) above for one filing instant (engine time), with
 * the given delay draws (microseconds of business time) and the shortfall
 * instants sorted ascending; NaN if n or ndelay is 0.  Exposed for tests. */
double sr_request_p_in_time(int64_t f_us, int64_t origin_us,
			    const int64_t *sorted_shortfall, size_t n,
			    const int64_t *delay_us, size_t ndelay);

#endif
