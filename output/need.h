/*
 * need: what the traffic needs from SES, watched from the world's flows.
 *
 * A sink (models/flow.h) that passes every flow and delay on to another
 * sink (the observer, or none) and keeps, for one replication:
 *   - the rolling-24-hour demand, (t - 24 h, t] at one-second resolution as
 *     in models/limiter.h, and its peak over the run: the quota that would
 *     carry all of the traffic;
 *   - the first instant at which that rolling demand reaches `target`
 *     (sesramp when), if a target is set;
 *   - the first instant at which a recipient accepted by SES had waited
 *     longer than the SLO: the end of the drained run that holds it (within
 *     one read interval of the paced client, see models/client.h);
 *   - what SES carried: per account, the rolling-24-hour count of the
 *     recipients it accepted (SentLast24Hours, each run of sends counted at
 *     its last) and its highest level on each day of engine time: the
 *     usage SES weighs a limit increase against (models/requests.h).
 *
 * Memory: sr_need_init() allocates the windows and the daily peaks grow as
 * needed; sr_need_free() releases them.
 * The inner sink belongs to the caller.  Depends on models/limiter.
 */
#ifndef SR_NEED_H
#define SR_NEED_H

#include <stdint.h>

#include "models/flow.h"
#include "models/limiter.h"
#include "models/world.h"

/* What one account carried (internal). */
struct sr_need_usage {
	struct sr_window sent;          /* accepted by SES */
	int64_t *day_peak;              /* highest level of `sent` a day */
	size_t days, cap;
};

struct sr_need {
	const struct sr_sink *inner;    /* NULL: none */
	struct sr_sink sink;            /* give this to sr_world_alloc() */
	struct sr_window demand;
	int64_t peak;                   /* recipients in 24 h */
	int64_t target;                 /* 0: none */
	int64_t target_us;              /* -1: not reached */
	double slo_us;
	int64_t slo_breach_us;          /* -1: never */
	struct sr_need_usage usage[SR_ACCOUNTS_MAX];
	int failed;                     /* time went back, or memory short */
};

void sr_need_init(struct sr_need *n, const struct sr_sink *inner,
		  double slo_us, int64_t target);
void sr_need_free(struct sr_need *n);

/* Over the accounts, the sum of the highest rolling-24-hour count each
 * reached on the days of engine time from the one holding t - span to the
 * one holding t (so over span plus up to a day); 0 if nothing was sent
 * then.  t >= 0. */
int64_t sr_need_sent_peak(const struct sr_need *n, int64_t t_us,
			  int64_t span_us);

#endif
