/*
 * client: the user's sending application in front of one SES account
 * (ses-facts section 3 and the defaults of section 11).
 *
 * Paced (default).  Sends at `pace` (0.8) x MaxSendRate, recipient after
 * recipient, as a deterministic-rate server: a recipient takes 1 / rate
 * seconds and is sent at the end of its slot, so 10,000 recipients queued at
 * once at 14/s finish at 714.29 s.  Every `read_interval` (60 s) while it has
 * work, the client reads SentLast24Hours (GetSendQuota) and may send up to
 * Max24HourSend minus that reading until the next reading; the reading is
 * stale, but roll-outs only add room, so a paced client is never refused
 * for the quota.  The drain between two instants is computed in closed form
 * and handed to the account in groups of the recipients that complete
 * within one second, each sent at the last completion in it, so the cost
 * grows with the seconds of sending, not with the recipients.  The drain is
 * brought up to date lazily, through the account's sync hook, whenever
 * anything reads or changes the account, and at each reading.
 *
 * Naive.  Tries every queued message as fast as its own concurrency allows
 * (`attempts_per_s` messages per second, evenly spaced), ignoring
 * MaxSendRate.  A refused message is retried after a full-jitter
 * exponential backoff, U(0, min(backoff_cap, backoff_base x factor^(k-1)))
 * after its k-th try, k = 1, 2, ... (AWS SDK style: 100 ms, x2, cap 20 s),
 * up to max_tries (7), then lost.  A retry that has come due is tried at the
 * client's next one-second step.  To keep the cost bounded, messages refused in the same
 * one-second step on the same try form one group; the group's retry delays
 * are drawn at once as a multinomial over `jitter_bins` equal-width bins of
 * the jitter interval, and each bin is retried at its midpoint.  The client
 * works in one-second steps only while it has messages to try.
 *
 * Daily quota exhausted (paced: the reading leaves no room for mail that
 * counts toward the quota; simulator mail is not held back; naive: "Daily
 * message quota exceeded"), per `on_quota`:
 *   overflow  the messages that cannot be sent go to the old provider;
 *   wait      they wait for room; a message that has waited max_wait (24 h)
 *             then overflows or is dropped (wait_then);
 *   drop      they are given up.
 * A paused account is treated like an exhausted quota.  Messages to
 * unverified recipients refused in the sandbox are lost at once; lost
 * messages go to the old provider or are dropped (`lost_to`).
 *
 * Memory: sr_client_init() allocates the queue (a ring that grows by
 * doubling) and the naive client's retry pool; sr_client_reset() frees them.
 * The account, engine, sink and generator belong to the caller; the
 * generator must be the client's own stream.  Depends on account, flow,
 * stream, sim/engine, sim/num and GSL.
 */
#ifndef SR_CLIENT_H
#define SR_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/account.h"
#include "models/flow.h"
#include "sim/engine.h"

#define SR_PRIO_CLIENT 30

enum sr_client_kind { SR_CLIENT_PACED, SR_CLIENT_NAIVE };
enum sr_on_quota { SR_ON_QUOTA_OVERFLOW, SR_ON_QUOTA_WAIT, SR_ON_QUOTA_DROP };
enum sr_lost_to { SR_LOST_TO_LEGACY, SR_LOST_TO_DROP };

struct sr_client_params {
	enum sr_client_kind kind;     /* paced */
	double pace;                  /* 0.8 of MaxSendRate, (0, 1] */
	int64_t read_interval_us;     /* 60 s */
	enum sr_on_quota on_quota;    /* wait */
	int64_t max_wait_us;          /* 24 h */
	enum sr_lost_to wait_then;    /* legacy */
	enum sr_lost_to lost_to;      /* legacy */
	double attempts_per_s;        /* naive: 100 messages per second */
	int64_t backoff_base_us;      /* 100 ms */
	double backoff_factor;        /* 2 */
	int64_t backoff_cap_us;       /* 20 s */
	int max_tries;                /* 7 */
	int jitter_bins;              /* 8, 1..64 */
};

void sr_client_params_default(struct sr_client_params *p);

/* A queued batch: recipients of one stream that arrived together. */
struct sr_client_item {
	int64_t arrived_us;
	int64_t recipients;
	int64_t per_message;          /* recipients per message (naive) */
	uint32_t stream;
	uint8_t to;                   /* enum sr_recipients */
	uint8_t tries;                /* naive: tries so far */
};

struct sr_client_retry;          /* internal */

struct sr_client {
	struct sr_client_params p;
	struct sr_account *account;
	int account_index;
	struct sr_engine *engine;
	const struct sr_sink *sink;
	gsl_rng *rng;
	struct sr_client_item *q;     /* FIFO ring */
	size_t cap, head, len;
	int64_t queued;               /* recipients in the queue */
	double free_at_us;            /* paced: when the server is free */
	int64_t budget;               /* paced: room left from the reading */
	int stalled;                  /* paced: refused; wait for a reading */
	int64_t drained_to_us;        /* paced: drain computed up to here */
	int64_t last_send_us;         /* latest time handed to the account */
	int ticking;                  /* a reading or step event is pending */
	struct sr_client_retry *retry;   /* naive: retry groups */
	size_t retry_len, retry_cap;
	int64_t retrying;             /* naive: recipients waiting to retry */
	int64_t first_shortfall_us;   /* first time mail waited, overflowed or
				       * was refused for lack of quota;
				       * INT64_MAX if never */
	int64_t shortfall_quota;      /* Max24HourSend at that time */
	int read_paused;              /* paced: the last reading found the
				       * account paused */
	int status;                   /* first sink error, sticks */
};

/* Returns 0, or -1 on bad parameters or short memory.  Installs the
 * account's sync hook. */
int sr_client_init(struct sr_client *c, const struct sr_client_params *p,
		   struct sr_account *account, int account_index,
		   struct sr_engine *engine, const struct sr_sink *sink,
		   gsl_rng *rng);
void sr_client_reset(struct sr_client *c);

/* Queues a batch arriving now (t = the engine's now). Returns 0 or -1. */
int sr_client_enqueue(struct sr_client *c, int64_t t_us, uint32_t stream,
		      int64_t recipients, int64_t per_message,
		      enum sr_recipients to);

/* Brings the client up to t (the drain, give-ups). Returns 0 or -1. */
int sr_client_sync(struct sr_client *c, int64_t t_us);

/* Recipients still queued or waiting to be retried: not yet sent to SES
 * (what the quota-following router counts as already promised to it). */
int64_t sr_client_backlog(const struct sr_client *c);

#endif
