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
 *     one read interval of the paced client, see models/client.h).
 *
 * Memory: sr_need_init() allocates the window, sr_need_free() releases it.
 * The inner sink belongs to the caller.  Depends on models/limiter.
 */
#ifndef SR_NEED_H
#define SR_NEED_H

#include <stdint.h>

#include "models/flow.h"
#include "models/limiter.h"

struct sr_need {
	const struct sr_sink *inner;    /* NULL: none */
	struct sr_sink sink;            /* give this to sr_world_alloc() */
	struct sr_window demand;
	int64_t peak;                   /* recipients in 24 h */
	int64_t target;                 /* 0: none */
	int64_t target_us;              /* -1: not reached */
	double slo_us;
	int64_t slo_breach_us;          /* -1: never */
	int failed;                     /* demand went back in time */
};

void sr_need_init(struct sr_need *n, const struct sr_sink *inner,
		  double slo_us, int64_t target);
void sr_need_free(struct sr_need *n);

#endif
