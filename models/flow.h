/*
 * flow: where recipients go, as the traffic models report it.
 *
 * Every recipient that arrives ends in exactly one fate: accepted by SES,
 * carried by the old provider, dropped (given up), or still queued when the
 * run ends.  Refused send attempts (rate, daily quota, sandbox) are counted
 * as attempts, not fates.  Models report each count with the time it
 * happens (acceptance, hand-over, giving up, refusal) and the stream, and
 * report queueing delays (arrival to acceptance) in closed form: n
 * recipients whose delays are first, first + spacing, ... .
 *
 * Memory: the sink and its context belong to the caller.
 */
#ifndef SR_FLOW_H
#define SR_FLOW_H

#include <stdint.h>

enum sr_flow {
	SR_FLOW_DEMAND,           /* arrived */
	SR_FLOW_SES,              /* accepted by SES (fate) */
	SR_FLOW_SIMULATOR,        /* accepted by SES for the mailbox simulator
				   * (fate; counted in ses_sent, but not in
				   * the quota or the reputation rates) */
	SR_FLOW_LEGACY,           /* carried by the old provider (fate) */
	SR_FLOW_DROPPED,          /* given up (fate) */
	SR_FLOW_THROTTLED,        /* refused: rate (attempts) */
	SR_FLOW_QUOTA_REJECTED,   /* refused: daily quota (attempts) */
	SR_FLOW_SANDBOX_REJECTED, /* refused: not verified (attempts) */
	SR_FLOW_PAUSED_REJECTED,  /* refused: account paused (attempts) */
	SR_FLOW_COUNT
};

const char *sr_flow_name(enum sr_flow f);

struct sr_sink {
	/* n recipients of a stream took a flow at t; `account` is the SES
	 * account's index for SES flows and refusals, -1 otherwise. */
	int (*count)(void *ctx, int64_t t_us, uint32_t stream, int account,
		     enum sr_flow flow, int64_t n);
	/* n recipients accepted with delays first_us + i x spacing_us. */
	int (*delay)(void *ctx, int64_t t_us, uint32_t stream, int64_t n,
		     double first_us, double spacing_us);
	void *ctx;
};

#endif
