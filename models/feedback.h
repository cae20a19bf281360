/*
 * feedback: what happens to mail after SES accepts it (ses-facts sections 5,
 * 6 and 11): hard bounces, soft bounces and complaints, when they arrive,
 * and account-level suppression of hard-bounced addresses.
 *
 * For each chunk of n recipients SES accepts for a stream:
 *   suppressed  ~ the stream's suppression list (suppression.h): counted
 *                 toward the quota by the account already, not sent, not
 *                 eligible for the rates;
 *   eligible    = n - suppressed, reported to the reputation model as one
 *                 chunk, with fbl ~ Binomial(eligible, fbl_share) of them at
 *                 feedback-loop providers;
 *   hard        ~ Binomial(eligible, p), p = the list's remaining bad share
 *                 when the list is finite, else hard_bounce_p;
 *   soft        ~ Binomial(eligible - hard, soft_bounce_p): reported when
 *                 SES stops retrying (soft_retry, 12 h); never counted in
 *                 the rates;
 *   complaints  ~ Binomial(fbl, complaint_p).
 * Complaints and fbl are drawn the other way round, which gives them the
 * same joint distribution: complaints ~ Binomial(eligible, fbl_share x
 * complaint_p), then fbl = complaints + Binomial(eligible - complaints,
 * P(fbl | no complaint)), the second left to the reputation model to draw
 * when a complaint rate needs it (reputation.h): most chunks never do.
 * Rare ones (hard bounces at a stream's fixed probability, complaints) are
 * counted, where a chunk expects few, on a Bernoulli process kept for their
 * probability (sim/rng.h): the same binomial counts, with no draw for a
 * chunk that has none.
 * Arrival times: hard bounces and complaints are spread over `bins` delay
 * bins of equal probability of their lognormal (hard: median 30 s, 99th
 * percentile 1 h; complaints: median 12 h, 95th percentile 3 days; both
 * assumptions) by one multinomial draw each, each bin arriving at its
 * conditional median (the quantile at (i + 0.5) / bins).  So a chunk costs
 * at most 2 x bins events, whatever its size.  On arrival, hard bounces
 * and complaints go to the reputation model and hard-bounced addresses join
 * the suppression list.
 *   Where a hard bounce does nothing else (no list, or an unbounded one), it
 * is filed ahead with the reputation model instead, which counts it from
 * its arrival without an event unless the arrival could change the status
 * (reputation.h); at most SR_FEEDBACK_REPS reputation models.  Soft
 * bounces reach only the totals: they wait in a ring, in time order,
 * rather than as events, and are drawn only when the totals are read or
 * the ring is full, the chunks of one probability that come due together
 * in one draw (a sum of binomials with one p is binomial: the totals have
 * the same distribution as with a draw a chunk).
 *
 * Memory: sr_feedback_init() allocates a pool of pending arrivals; it and
 * the soft bounces' ring grow by doubling and are reused;
 * sr_feedback_reset() frees them.  The engine,
 * reputation models, suppression lists and generator belong to the caller;
 * the generator must be the feedback's own stream.  Depends on delay,
 * reputation, suppression, stream, sim/engine, sim/rng and GSL.
 */
#ifndef SR_FEEDBACK_H
#define SR_FEEDBACK_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/delay.h"
#include "models/reputation.h"
#include "models/stream.h"
#include "models/suppression.h"
#include "sim/engine.h"
#include "sim/rng.h"

/* Engine priority of feedback arrivals. */
#define SR_PRIO_FEEDBACK 20

struct sr_feedback_params {
	struct sr_lognormal hard_delay;       /* 30 s median, p99 3600 s */
	struct sr_lognormal complaint_delay;  /* 12 h median, p95 3 days */
	int64_t soft_retry_us;                /* 12 h */
	int bins;                             /* 6, 1..32 */
};

void sr_feedback_params_default(struct sr_feedback_params *p);

/* Totals, in recipients: drawn, and arrived so far. */
struct sr_feedback_totals {
	int64_t suppressed, eligible, hard, soft, complaints;
	int64_t hard_arrived, soft_arrived, complaints_arrived;
};

struct sr_feedback_arrival;   /* internal */
struct sr_feedback_due;       /* internal */

/* Counts due at known times, kept in time order for the totals (internal):
 * capacity 0 or a power of two. */
struct sr_feedback_ring {
	struct sr_feedback_due *e;
	size_t cap, head, len;
};

/* Reputation models that hard bounces were filed ahead with, for the
 * totals: one per account. */
#define SR_FEEDBACK_REPS 8

/* Bernoulli processes kept for rare events, one per probability. */
#define SR_FEEDBACK_RARE 32

struct sr_feedback {
	struct sr_feedback_params p;
	struct sr_engine *engine;
	gsl_rng *rng;
	int64_t hard_bin_us[32];      /* delay of each bin */
	int64_t complaint_bin_us[32];
	struct sr_feedback_arrival *pool;
	size_t pool_cap;
	int64_t free_head;
	struct sr_feedback_ring soft;  /* soft bounces being retried */
	struct sr_reputation *filed[SR_FEEDBACK_REPS];
	size_t nfiled;
	struct sr_rng_bernoulli rare[SR_FEEDBACK_RARE];
	size_t nrare;
	struct sr_feedback_totals totals;  /* but filed-ahead arrivals */
	struct sr_feedback_totals shown;   /* as sr_feedback_totals() gave */
};

/* Returns 0, or -1 on bad parameters or short memory. */
int sr_feedback_init(struct sr_feedback *f, const struct sr_feedback_params *p,
		     struct sr_engine *engine, gsl_rng *rng);
void sr_feedback_reset(struct sr_feedback *f);

/*
 * n recipients of a stream accepted at t (now) by the account whose
 * reputation model is rep; list is the stream's suppression list for that
 * account (may be NULL: nothing suppressed).  Draws and schedules as above.
 * Returns 0, or -1 if memory is short.
 */
int sr_feedback_accepted(struct sr_feedback *f, int64_t t_us,
			 const struct sr_stream_quality *q,
			 struct sr_suppression *list,
			 struct sr_reputation *rep, int64_t n);

/* The totals at t (no earlier than any time given before): soft bounces,
 * and hard bounces filed ahead, are drawn and counted as arrived when
 * read, so read them here rather than in f->totals.  The reputation models
 * must still be there. */
const struct sr_feedback_totals *sr_feedback_totals(struct sr_feedback *f,
						     int64_t t_us);

#endif
