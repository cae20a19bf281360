/*
 * observe: the time series of one replication, bucket by bucket.
 *
 * The observer is the world's flow sink (models/flow.h): it adds each flow
 * to the bucket of its time.  At each bucket boundary, an engine event at
 * priority SR_PRIO_OBSERVE (before everything else at that instant) brings
 * the world's lazily computed sending up to the boundary, reads the state
 * columns (backlog, limits, SentLast24Hours, rates, stage, status) and hands
 * the finished rows to a callback: one row for the total and one per
 * account.  Only the open bucket and the next are held (a naive client's
 * attempts run up to a second ahead of the clock), so memory does not grow
 * with the horizon.
 *
 * Columns follow DESIGN.md, "Outputs": counts by the time they happen,
 * state at the end of the bucket, sent_last_24h the highest
 * SentLast24Hours within the bucket.  For the total over several accounts:
 * limits and sent_last_24h are sums over accounts (max_24h is unlimited if
 * any account is), rates the worst account's, stage the least advanced,
 * status the worst.  ses_share = (ses + simulator) / (ses + simulator +
 * legacy) of the bucket, NaN when nothing was sent.
 *
 * Memory: sr_observer_alloc() allocates the observer; sr_observer_free()
 * releases it.  The world and the callback's context belong to the caller.
 * Depends on models/world and sim/.
 */
#ifndef SR_OBSERVE_H
#define SR_OBSERVE_H

#include <stddef.h>
#include <stdint.h>

#include "models/flow.h"
#include "models/world.h"

#define SR_PRIO_OBSERVE 0

struct sr_row {
	int64_t t_us;             /* bucket start, engine time */
	int account;              /* -1: the total */
	int64_t flow[SR_FLOW_COUNT];
	int64_t backlog;
	int64_t max_24h;          /* SR_UNLIMITED: unlimited */
	double max_rate;
	int64_t sent_last_24h;
	double bounce_rate, complaint_rate;
	enum sr_stage stage;
	enum sr_status status;
	double ses_share;
	double delay_mean_s;      /* mean queueing delay (arrival to acceptance)
				   * of the recipients accepted in the bucket;
				   * NaN if none */
};

/* Receives the rows of a bucket: the total first, then each account.
 * Returns 0, or non-zero to stop the run. */
typedef int (*sr_row_fn)(void *ctx, const struct sr_row *rows, size_t nrows);

struct sr_observer;

/* An observer for buckets of bucket_us; attach it to a world with
 * sr_observer_attach() before the world runs. */
struct sr_observer *sr_observer_alloc(int64_t bucket_us, size_t naccounts,
				      sr_row_fn fn, void *ctx);
void sr_observer_free(struct sr_observer *o);

/* The sink to give sr_world_alloc(). */
const struct sr_sink *sr_observer_sink(struct sr_observer *o);

/* Schedules the bucket boundaries on the world's engine. Returns 0 or -1. */
int sr_observer_attach(struct sr_observer *o, struct sr_world *w);

/* Closes the last bucket (at the horizon, possibly a partial one). Call
 * after sr_world_run(). Returns 0 or the callback's status. */
int sr_observer_finish(struct sr_observer *o);

#endif
