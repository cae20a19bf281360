/*
 * stream: a named stream of mail (transactional, notifications, marketing,
 * ...) and the quality of its recipient list.
 *
 * Traffic travels as batches: (arrival time, stream, recipients).  A batch
 * of one recipient is a single message.  sesramp counts recipients
 * throughout, as SES's quotas and rates do; recipients_per_message matters
 * where SES acts per message (one unverified recipient rejects the whole
 * message in the sandbox; the naive client makes one API call per message).
 *
 * Quality numbers are per recipient and are the user's to calibrate; the
 * defaults are assumptions for a reasonably clean opt-in list.
 *
 * Memory: plain values, nothing allocated.
 */
#ifndef SR_STREAM_H
#define SR_STREAM_H

#include <stdint.h>

#define SR_STREAM_NAME_MAX 32
#define SR_STREAMS_MAX 16

struct sr_stream_quality {
	double recipients_per_message;  /* >= 1: 1 */
	double hard_bounce_p;           /* permanent bounces: 0.005 */
	double soft_bounce_p;           /* transient, never counted: 0.01 */
	double complaint_p;             /* of delivered mail at FBL providers,
					 * per recipient: 0.0005 */
	double fbl_share;               /* mail at feedback-loop providers: 0.5 */
	double verified_share;          /* messages to verified addresses only,
					 * for the sandbox: 0 */
	double simulator_share;         /* messages to the mailbox simulator: 0 */
	int64_t list_size;              /* addresses, for suppression; 0: unbounded */
};

void sr_stream_quality_default(struct sr_stream_quality *q);

/* 0 if every share is within [0, 1] and the counts are sane, else -1 with
 * the name of the offending field in *field. */
int sr_stream_quality_check(const struct sr_stream_quality *q,
			    const char **field);

/* One arrival of traffic. */
struct sr_batch {
	int64_t t_us;          /* arrival, engine time */
	uint32_t stream;       /* index into the scenario's streams */
	int64_t recipients;    /* >= 1 */
};

/*
 * A source of batches in time order, pulled one at a time.  next() returns
 * 1 with a batch, 0 at the end, or -1 on an error, whose message (with
 * file:line where there is one) is then in the source's own error text.
 */
struct sr_source {
	int (*next)(void *self, struct sr_batch *out);
	const char *(*error)(const void *self);
	void *self;
};

#endif
