/*
 * limiter: the two limits SES applies to every send (ses-facts section 3).
 *
 * Daily quota: an exact rolling 24-hour window of accepted recipients
 * (SentLast24Hours).  "Every time you try to send an email, SES determines
 * the number of emails that you sent in the previous 24 hours"; it is not a
 * counter that resets at midnight.  The window at time t covers
 * (t - 24 h, t]: a send exactly 24 hours old has rolled out.
 *   Resolution is one second: sends are counted per whole second, a send at
 *   t is filed under the first whole second at or after t, and it rolls out
 *   24 hours after that second.  Sends on whole seconds are therefore exact;
 *   others roll out less than a second late (never early, so the quota is
 *   never exceeded).  The window keeps at most one entry per second of the
 *   span, so its memory and cost do not depend on the traffic volume.
 *
 * Rate: a token bucket refilled continuously at MaxSendRate, holding at most
 * `burst` tokens (assumption, ses-facts 11: one second of the rate).  A send
 * of k recipients needs at least one token and takes k, so the bucket may
 * go into debt, as SES documents: at 1/s, a 10-recipient message can be sent
 * once every 10 seconds.  Tokens are kept as integer micro-tokens, so an
 * integer rate refills exactly on whole microseconds.
 *
 * Memory: sr_window_init() allocates the entry ring, freed by
 * sr_window_reset().  The bucket allocates nothing.  Depends on sim/clock.
 */
#ifndef SR_LIMITER_H
#define SR_LIMITER_H

#include <stddef.h>
#include <stdint.h>

#include "sim/clock.h"

#define SR_WINDOW_SPAN_US (24 * INT64_C(3600000000))

struct sr_window_entry {
	int64_t second;      /* whole second (since engine time 0) */
	int64_t count;       /* recipients filed under it */
};

struct sr_window {
	struct sr_window_entry *entry;   /* ring, oldest at head */
	size_t cap, head, len;
	int64_t sum;         /* recipients in the entries held */
	int64_t now_us;      /* latest time the window was brought to */
	int64_t out_us;      /* when the oldest entry rolls out (if len > 0) */
};

int sr_window_init(struct sr_window *w);
void sr_window_reset(struct sr_window *w);

/* When the entry of a whole second rolls out (internal). */
static inline int64_t sr_window_out_us(int64_t second)
{
	return second * SR_US_PER_S + SR_WINDOW_SPAN_US;
}

/* Rolls out the entries due by t (internal).  Works on copies of the
 * ring's fields: a sum kept in *w could alias the counts, and each entry
 * would then wait for the store of the last. */
static inline void sr_window_expire(struct sr_window *w, int64_t t_us)
{
	const struct sr_window_entry *e = w->entry;
	size_t head = w->head, len = w->len, mask = w->cap - 1;
	int64_t sum = w->sum, out = w->out_us;
	while (len && out <= t_us) {
		sum -= e[head].count;
		head = (head + 1) & mask;
		if (--len)
			out = sr_window_out_us(e[head].second);
	}
	w->head = head;
	w->len = len;
	w->sum = sum;
	w->out_us = out;
}

/* SentLast24Hours at t.  Times given to the window never go backwards.
 * Inline, because the account reads it at every send attempt; in steady
 * sending, an entry rolls out at about every other reading. */
static inline int64_t sr_window_sum(struct sr_window *w, int64_t t_us)
{
	if (w->len && t_us >= w->out_us)
		sr_window_expire(w, t_us);
	if (t_us > w->now_us)
		w->now_us = t_us;
	return w->sum;
}

/* Doubles the entry ring (internal).  Returns 0, or -1 if memory is
 * short. */
int sr_window_grow(struct sr_window *w);

/* The whole second a send at t is filed under: the first at or after t
 * (the division rounds toward zero, which is upward for a negative t). */
static inline int64_t sr_window_second(int64_t t_us)
{
	return t_us / SR_US_PER_S + (t_us % SR_US_PER_S > 0);
}

/* Files k recipients under whole second s, no earlier than the newest
 * entry's (internal).  Returns 0, or -1, changing nothing, if s needs a
 * new entry and the ring is full. */
static inline int sr_window_file(struct sr_window *w, int64_t s, int64_t k)
{
	if (w->len) {
		struct sr_window_entry *last =
			&w->entry[(w->head + w->len - 1) & (w->cap - 1)];
		if (last->second == s) {
			last->count += k;
			w->sum += k;
			return 0;
		}
	}
	if (w->len == w->cap)
		return -1;
	w->entry[(w->head + w->len) & (w->cap - 1)] =
		(struct sr_window_entry){s, k};
	if (w->len++ == 0)
		w->out_us = sr_window_out_us(s);
	w->sum += k;
	return 0;
}

/* Files k recipients accepted at t. Returns 0, or -1 if memory is short or
 * t is earlier than a time already seen.  Inline, as the sum: the account
 * files every accepted send. */
static inline int sr_window_add(struct sr_window *w, int64_t t_us, int64_t k)
{
	if (t_us < w->now_us || k < 0)
		return -1;
	(void)sr_window_sum(w, t_us);
	if (k == 0)
		return 0;
	int64_t s = sr_window_second(t_us);
	if (sr_window_file(w, s, k) == 0)
		return 0;
	return sr_window_grow(w) ? -1 : sr_window_file(w, s, k);
}

/* Earliest time >= t at which SentLast24Hours + n <= quota, or INT64_MAX if
 * that never happens (n > quota). */
int64_t sr_window_fit_time(struct sr_window *w, int64_t t_us, int64_t n,
			   int64_t quota);

struct sr_bucket {
	double rate_per_s;
	int64_t cap_utok;    /* capacity in micro-tokens */
	int64_t utok;        /* may be negative: debt */
	int64_t last_us;     /* time of the last refill */
};

#define SR_UTOK_PER_TOKEN INT64_C(1000000)

/* Refills the bucket up to t (internal). */
static inline void sr_bucket_refill(struct sr_bucket *b, int64_t t_us)
{
	if (t_us <= b->last_us)
		return;
	double add = b->rate_per_s * (double)(t_us - b->last_us);
	int64_t room = b->cap_utok - b->utok;
	b->utok = add >= (double)room ? b->cap_utok : b->utok + (int64_t)add;
	b->last_us = t_us;
}

/* A full bucket at time t. rate_per_s > 0, burst_tokens >= 1. */
void sr_bucket_init(struct sr_bucket *b, int64_t t_us, double rate_per_s,
		    double burst_tokens);

/* Changes rate and capacity at t, keeping the tokens held (capped). */
void sr_bucket_set_rate(struct sr_bucket *b, int64_t t_us, double rate_per_s,
			double burst_tokens);

/* Tokens held at t (negative while in debt). */
double sr_bucket_tokens(struct sr_bucket *b, int64_t t_us);

/* Whether a send may start at t: at least one whole token.  (Inline, as
 * the next: every send attempt asks.) */
static inline int sr_bucket_ready(struct sr_bucket *b, int64_t t_us)
{
	sr_bucket_refill(b, t_us);
	return b->utok >= SR_UTOK_PER_TOKEN;
}

/* Takes k tokens at t (into debt if need be). */
static inline void sr_bucket_take(struct sr_bucket *b, int64_t t_us, int64_t k)
{
	sr_bucket_refill(b, t_us);
	b->utok -= k * SR_UTOK_PER_TOKEN;
}

/* Earliest time >= t at which the bucket holds one whole token. */
int64_t sr_bucket_ready_time(struct sr_bucket *b, int64_t t_us);

#endif
