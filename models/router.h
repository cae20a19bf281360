/*
 * router: the migration plan.  Decides, for each arriving batch, how many of
 * its recipients go to SES and how many to the old provider.
 *
 * Strategies (the share is applied to every batch, so it is the share of
 * each stream and of the total alike):
 *   big_bang         everything to SES from `start` on, nothing before;
 *   ramp             a table of day:percent points, linear between them
 *                    (flat before the first and after the last);
 *   quota_following  to SES while SentLast24Hours plus what the client has
 *                    queued for SES is strictly below target x Max24HourSend,
 *                    judged from the exact values when the batch arrives;
 *                    the rest to the old provider (all of it to SES while
 *                    the quota is unlimited);
 *   stream_order     streams move to SES one at a time in the given order;
 *                    the next stream moves when the quota can carry it: when
 *                    the highest 24-hour demand seen so far of the streams
 *                    already moved plus its own is at most target x
 *                    Max24HourSend; streams are judged only after the
 *                    first 24 hours of the run, once a day of demand has
 *                    been seen.  A moved stream stays on SES.
 * A share is turned into whole recipients with a carry per stream, so no
 * recipient is lost to rounding and the long-run share is exact.
 *
 * Before production access only sandbox-eligible mail goes to SES: of the
 * SES share, the messages to verified addresses (verified_share) and to the
 * mailbox simulator (simulator_share) are drawn binomially; the rest goes to
 * the old provider.  With sandbox_filter off, the rest is sent to SES anyway
 * (addressed to unverified recipients, so SES rejects it), which shows the
 * sandbox's limits.  In production the simulator share still goes to the
 * simulator.
 *
 * Memory: none allocated.  The generator is the router's own stream.
 * Depends on account, stream, limiter, sim/clock and GSL.
 */
#ifndef SR_ROUTER_H
#define SR_ROUTER_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/account.h"
#include "models/limiter.h"
#include "models/stream.h"
#include "models/workload.h"

enum sr_strategy { SR_MIGRATE_BIG_BANG, SR_MIGRATE_RAMP,
		   SR_MIGRATE_QUOTA_FOLLOWING, SR_MIGRATE_STREAM_ORDER };

const char *sr_strategy_name(enum sr_strategy s);

struct sr_router_params {
	enum sr_strategy strategy;     /* quota_following */
	int64_t start_us;              /* big_bang: engine time; 0 */
	struct sr_point ramp[SR_TABLE_MAX];   /* day, percent 0..100 */
	size_t ramp_len;
	double target;                 /* quota_following, stream_order: 0.9 */
	uint32_t order[SR_STREAMS_MAX];       /* stream_order */
	size_t order_len;
	int sandbox_filter;            /* 1 */
};

void sr_router_params_default(struct sr_router_params *p);

/* 0 if the parameters are usable with nstreams streams, else -1 with a
 * reason in *why. */
int sr_router_check(const struct sr_router_params *p, size_t nstreams,
		    const char **why);

/* How a batch is split. */
struct sr_split {
	int64_t legacy;       /* recipients to the old provider */
	int64_t verified;     /* to SES, verified (or any, in production) */
	int64_t unverified;   /* to SES, not verified (sandbox, filter off) */
	int64_t simulator;    /* to SES, mailbox simulator */
};

struct sr_router {
	struct sr_router_params p;
	size_t nstreams;
	const struct sr_stream_quality *quality;
	gsl_rng *rng;
	double carry[SR_STREAMS_MAX];
	struct sr_window demand[SR_STREAMS_MAX];    /* stream_order */
	int64_t demand_peak[SR_STREAMS_MAX];
	size_t moved;                   /* stream_order: streams moved */
};

int sr_router_init(struct sr_router *r, const struct sr_router_params *p,
		   size_t nstreams, const struct sr_stream_quality *quality,
		   gsl_rng *rng);
void sr_router_reset(struct sr_router *r);

/*
 * Splits a batch of n recipients of a stream arriving at t for an account
 * (whose client has `pending` recipients queued).  Returns 0, or -1 if
 * memory is short.
 */
int sr_router_split(struct sr_router *r, int64_t t_us, uint32_t stream,
		    int64_t n, struct sr_account *a, int64_t pending,
		    struct sr_split *out);

/* SES share of the plan at t, 0..1 (ramp and big bang; for the others the
 * share depends on the quota and is reported by the output instead). */
double sr_router_planned_share(const struct sr_router *r, int64_t t_us);

#endif
