/* client: paced and naive senders.  See client.h. */
#include "models/client.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sim/clock.h"
#include "sim/num.h"

struct sr_client_retry {
	struct sr_client_item item;
	int64_t next_free;          /* -1 while in use */
};

void sr_client_params_default(struct sr_client_params *p)
{
	*p = (struct sr_client_params){
		.kind = SR_CLIENT_PACED,
		.pace = 0.8,
		.read_interval_us = 60 * SR_US_PER_S,
		.on_quota = SR_ON_QUOTA_WAIT,
		.max_wait_us = 24 * SR_US_PER_H,
		.wait_then = SR_LOST_TO_LEGACY,
		.lost_to = SR_LOST_TO_LEGACY,
		.attempts_per_s = 100,
		.backoff_base_us = 100000,
		.backoff_factor = 2,
		.backoff_cap_us = 20 * SR_US_PER_S,
		.max_tries = 7,
		.jitter_bins = 8,
	};
}

static int params_ok(const struct sr_client_params *p)
{
	return p->pace > 0 && p->pace <= 1 && p->read_interval_us > 0 &&
	       p->max_wait_us >= 0 && p->attempts_per_s > 0 &&
	       p->backoff_base_us > 0 && p->backoff_factor >= 1 &&
	       p->backoff_cap_us >= p->backoff_base_us && p->max_tries >= 1 &&
	       p->max_tries <= 255 && p->jitter_bins >= 1 && p->jitter_bins <= 64;
}

/* ---- flows -------------------------------------------------------------- */

static void flow(struct sr_client *c, int64_t t, uint32_t stream,
		 enum sr_flow f, int64_t n)
{
	int acct = f == SR_FLOW_LEGACY || f == SR_FLOW_DROPPED ? -1
								   : c->account_index;
	if (n > 0 && c->sink->count(c->sink->ctx, t, stream, acct, f, n) && !c->status)
		c->status = -1;
}

static void lose(struct sr_client *c, int64_t t, uint32_t stream, int64_t n,
		 enum sr_lost_to to)
{
	flow(c, t, stream, to == SR_LOST_TO_LEGACY ? SR_FLOW_LEGACY : SR_FLOW_DROPPED, n);
}

static enum sr_flow accepted_flow(const struct sr_client_item *it)
{
	return it->to == SR_TO_SIMULATOR ? SR_FLOW_SIMULATOR : SR_FLOW_SES;
}

static enum sr_flow refusal_flow(enum sr_send_result r)
{
	switch (r) {
	case SR_SEND_RATE_EXCEEDED: return SR_FLOW_THROTTLED;
	case SR_SEND_QUOTA_EXCEEDED: return SR_FLOW_QUOTA_REJECTED;
	case SR_SEND_NOT_VERIFIED: return SR_FLOW_SANDBOX_REJECTED;
	default: return SR_FLOW_PAUSED_REJECTED;
	}
}

/* ---- the queue (a ring of items) ---------------------------------------- */

/* The ring's capacity is a power of two (64, then doubling), so an index
 * wraps with a mask rather than a division. */
static int grow(struct sr_client *c)
{
	size_t cap = c->cap ? 2 * c->cap : 64;
	struct sr_client_item *q = malloc(cap * sizeof *q);
	if (!q)
		return -1;
	for (size_t i = 0; i < c->len; i++)
		q[i] = c->q[(c->head + i) & (c->cap - 1)];
	free(c->q);
	c->q = q;
	c->cap = cap;
	c->head = 0;
	return 0;
}

static int push_back(struct sr_client *c, const struct sr_client_item *it)
{
	if (c->len == c->cap && grow(c))
		return -1;
	c->q[(c->head + c->len++) & (c->cap - 1)] = *it;
	c->queued += it->recipients;
	return 0;
}

static int push_front(struct sr_client *c, const struct sr_client_item *it)
{
	if (c->len == c->cap && grow(c))
		return -1;
	c->head = (c->head + c->cap - 1) & (c->cap - 1);
	c->q[c->head] = *it;
	c->len++;
	c->queued += it->recipients;
	return 0;
}

static struct sr_client_item *front(struct sr_client *c)
{
	return &c->q[c->head];
}

static void pop_front(struct sr_client *c)
{
	c->queued -= c->q[c->head].recipients;
	c->head = (c->head + 1) & (c->cap - 1);
	c->len--;
}

/* Takes n recipients off the head item (popping it when empty). */
static void take_front(struct sr_client *c, int64_t n)
{
	struct sr_client_item *it = front(c);
	it->recipients -= n;
	c->queued -= n;
	if (it->recipients == 0) {
		c->head = (c->head + 1) & (c->cap - 1);
		c->len--;
	}
}

/* ---- paced ---------------------------------------------------------------- */

/* Whether x / 1e6, rounded, lies in the second that ends at sec_end (a
 * whole number of seconds, in microseconds): then floor(x / 1e6) is that
 * second without the division.  It does from sec_end - 1e6 to 1 us before
 * sec_end if the seconds are below 2^31 (68 years) in size: the doubles
 * near them are under 1e-6 apart, so the quotient cannot round up to the
 * next second. */
static int in_second(double x, double sec_end)
{
	return x >= sec_end - 1e6 && x <= sec_end - 1 &&
	       fabs(sec_end) < 0x1p31 * 1e6;
}

static int64_t at_or_after(struct sr_client *c, double t_us)
{
	int64_t t = sr_floor_to_int(t_us);
	if (t < c->last_send_us)
		t = c->last_send_us;
	c->last_send_us = t;
	return t;
}

/* Groups handed to the account at once: a run of sends is usually a few
 * seconds long, and a longer one takes several calls. */
#define GROUPS 32

/*
 * Hands recipients 1..j of the head item, completing at s + i x dt, to the
 * account in groups of one second.  Returns how many were accepted; *res is
 * the refusal that stopped it (SR_SEND_ACCEPTED if none).  The accepted
 * recipients are consecutive at one spacing, so they are reported once, as
 * one flow at the last acceptance and one closed-form run of delays.
 */
static int64_t send_run(struct sr_client *c, struct sr_client_item *it,
			double s, double dt, int64_t j,
			enum sr_send_result *res)
{
	int64_t t[GROUPS], n[GROUPS];
	int64_t i0 = 1, last_t = 0;
	double sec_end = NAN;   /* none yet: the first group finds its own */
	*res = SR_SEND_ACCEPTED;
	while (i0 <= j) {
		size_t m = 0;
		for (; m < GROUPS && i0 <= j; m++) {
			/* The group ends at the second after its first
			 * completion, which is usually the second after the
			 * last group's end: that guess is checked without a
			 * division, and only a wrong one is worked out. */
			sec_end += 1e6;
			double first = s + (double)i0 * dt;
			if (!in_second(first, sec_end))
				sec_end = (sr_floor(first / 1e6) + 1) * 1e6;
			int64_t i1 = sr_ceil_to_int((sec_end - s) / dt) - 1;
			if (i1 < i0)
				i1 = i0;
			if (i1 > j)
				i1 = j;
			n[m] = i1 - i0 + 1;
			t[m] = at_or_after(c, s + (double)i1 * dt);
			i0 = i1 + 1;
		}
		size_t done;
		*res = sr_account_send_run(c->account, t, n, m,
					   (enum sr_recipients)it->to, &done);
		if (done)
			last_t = t[done - 1];
		if (*res != SR_SEND_ACCEPTED) {
			/* Nothing after the refused group was tried. */
			c->last_send_us = t[done];
			for (size_t g = done; g < m; g++)
				i0 -= n[g];
			if (*res != SR_SEND_NOT_VERIFIED)
				flow(c, t[done], it->stream, refusal_flow(*res),
				     n[done]);
			break;
		}
	}
	int64_t sent = i0 - 1;
	if (sent > 0) {
		flow(c, last_t, it->stream, accepted_flow(it), sent);
		if (c->sink->delay(c->sink->ctx, last_t, it->stream, sent,
				   s + dt - (double)it->arrived_us, dt) && !c->status)
			c->status = -1;
	}
	return sent;
}

/* Whether the head item's recipients count toward the daily quota
 * (mailbox-simulator mail does not; unverified mail is refused anyway). */
static int counted(const struct sr_client_item *it)
{
	return it->to == SR_TO_VERIFIED;
}

/* The head item cannot be sent for lack of quota (or a pause): gives it up
 * per on_quota, or leaves it waiting.  Returns 1 if it was given up. */
static void shortfall(struct sr_client *c, int64_t t)
{
	if (c->first_shortfall_us != INT64_MAX)
		return;
	c->first_shortfall_us = t;
	c->shortfall_quota = c->account->max_24h;
}

static int give_up_head(struct sr_client *c, int64_t now, int for_quota)
{
	struct sr_client_item *it = front(c);
	double since = c->free_at_us;
	if (for_quota)
		shortfall(c, (int64_t)since);
	if (c->p.on_quota == SR_ON_QUOTA_WAIT) {
		int64_t limit = it->arrived_us + c->p.max_wait_us;
		if (limit > now)
			return 0;
		lose(c, at_or_after(c, (double)limit), it->stream, it->recipients,
		     c->p.wait_then);
	} else {
		double t = since > (double)it->arrived_us ? since
							   : (double)it->arrived_us;
		lose(c, at_or_after(c, t), it->stream, it->recipients,
		     c->p.on_quota == SR_ON_QUOTA_OVERFLOW ? SR_LOST_TO_LEGACY
							   : SR_LOST_TO_DROP);
	}
	pop_front(c);
	return 1;
}

/* One step of the drain for the head item; returns 0 to stop. */
static int drain_step(struct sr_client *c, int64_t now)
{
	struct sr_client_item *it = front(c);
	double dt = 1e6 / (c->p.pace * c->account->max_rate);
	double s = c->free_at_us > (double)it->arrived_us ? c->free_at_us
							 : (double)it->arrived_us;
	/* The drain up to drained_to found less than one slot done: the slot
	 * in progress ends after it, also when the rate has risen since. */
	if (s + dt < (double)c->drained_to_us)
		s = (double)c->drained_to_us - dt;
	/* The count alone decides: s + dt <= now can hold while the division
	 * rounds below 1. */
	double done = ((double)now - s) / dt;
	if (!(done >= 1))
		return 0;
	int64_t j = done > 9e18 ? INT64_MAX : sr_floor_to_int(done);
	if (j > it->recipients)
		j = it->recipients;
	if (counted(it) && j > c->budget)
		j = c->budget;
	enum sr_send_result res;
	int64_t sent = send_run(c, it, s, dt, j, &res);
	c->free_at_us = s + (double)sent * dt;
	if (counted(it))
		c->budget -= sent;
	take_front(c, sent);
	if (res == SR_SEND_NOT_VERIFIED) {
		/* Every message of the batch is to unverified recipients:
		 * each attempt is refused, and the batch is lost at once. */
		int64_t rest = front(c)->recipients;
		int64_t t = at_or_after(c, c->free_at_us);
		flow(c, t, it->stream, SR_FLOW_SANDBOX_REJECTED, rest);
		lose(c, t, it->stream, rest, c->p.lost_to);
		pop_front(c);
		return 1;
	}
	if (res != SR_SEND_ACCEPTED) {
		c->stalled = 1;      /* wait for the next reading */
		return 0;
	}
	return 1;
}

static void drain(struct sr_client *c, int64_t now)
{
	while (c->len && !c->stalled) {
		int paused = c->account->status == SR_STATUS_SHUTDOWN;
		int no_room = counted(front(c)) && c->budget <= 0;
		if (paused || no_room) {
			/* A budget of 0 read during a pause is no quota shortfall. */
			if (!give_up_head(c, now, !paused && !c->read_paused))
				break;
			continue;
		}
		if (!drain_step(c, now))
			break;
	}
	c->drained_to_us = now;
}

static int paced_tick(struct sr_engine *e, void *ctx, int64_t arg);

/* Reads GetSendQuota at t and plans until the next reading. */
static int paced_read(struct sr_client *c, int64_t t)
{
	struct sr_account *a = c->account;
	int64_t sent = sr_account_sent_last_24h(a, t);
	/* A server stopped for lack of room restarts now; a running one keeps
	 * its slot in progress. */
	if ((c->budget <= 0 || c->stalled) && c->free_at_us < (double)t)
		c->free_at_us = (double)t;
	c->stalled = 0;
	c->read_paused = a->status == SR_STATUS_SHUTDOWN;
	if (c->read_paused)
		c->budget = 0;
	else if (a->max_24h == SR_UNLIMITED)
		c->budget = INT64_MAX;
	else
		c->budget = a->max_24h > sent ? a->max_24h - sent : 0;
	if (!c->len) {
		c->ticking = 0;
		return 0;
	}
	c->ticking = 1;
	return sr_engine_at(c->engine, t + c->p.read_interval_us, SR_PRIO_CLIENT,
			    paced_tick, c, 0, NULL);
}

static int paced_tick(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct sr_client *c = ctx;
	int64_t now = sr_engine_now(e);
	if (sr_client_sync(c, now) || paced_read(c, now))
		return -1;
	return c->status;
}

/* ---- naive ---------------------------------------------------------------- */

static int naive_step(struct sr_engine *e, void *ctx, int64_t arg);
static int retry_due(struct sr_engine *e, void *ctx, int64_t arg);

static int start_steps(struct sr_client *c, int64_t t)
{
	if (c->ticking || !c->len)
		return 0;
	c->ticking = 1;
	return sr_engine_at(c->engine, t, SR_PRIO_CLIENT, naive_step, c, 0, NULL);
}

static int64_t retry_alloc(struct sr_client *c)
{
	for (size_t i = 0; i < c->retry_len; i++)
		if (c->retry[i].next_free == 0)
			return (int64_t)i;
	if (c->retry_len == c->retry_cap) {
		size_t cap = c->retry_cap ? 2 * c->retry_cap : 64;
		struct sr_client_retry *r = realloc(c->retry, cap * sizeof *r);
		if (!r)
			return -1;
		c->retry = r;
		c->retry_cap = cap;
	}
	c->retry[c->retry_len].next_free = 0;
	return (int64_t)c->retry_len++;
}

/* Schedules the retries of `messages` refused messages of an item. */
static int schedule_retries(struct sr_client *c, int64_t t,
			    const struct sr_client_item *it, int64_t messages)
{
	double span = (double)c->p.backoff_base_us *
		      pow(c->p.backoff_factor, it->tries - 1);
	if (span > (double)c->p.backoff_cap_us)
		span = (double)c->p.backoff_cap_us;
	int bins = c->p.jitter_bins;
	double p[64] = {0};
	unsigned int n[64] = {0};
	for (int b = 0; b < bins; b++)
		p[b] = 1.0;
	gsl_ran_multinomial(c->rng, (size_t)bins, (unsigned int)messages, p, n);
	for (int b = 0; b < bins; b++) {
		if (!n[b])
			continue;
		int64_t slot = retry_alloc(c);
		if (slot < 0)
			return -1;
		c->retry[slot].item = *it;
		c->retry[slot].item.recipients = (int64_t)n[b] * it->per_message;
		c->retry[slot].next_free = -1;
		c->retrying += c->retry[slot].item.recipients;
		int64_t delay = (int64_t)((b + 0.5) * span / bins);
		if (sr_engine_at(c->engine, t + delay, SR_PRIO_CLIENT, retry_due, c,
				 slot, NULL))
			return -1;
	}
	return 0;
}

static int retry_due(struct sr_engine *e, void *ctx, int64_t slot)
{
	struct sr_client *c = ctx;
	struct sr_client_item it = c->retry[slot].item;
	c->retry[slot].next_free = 0;
	c->retrying -= it.recipients;
	if (push_front(c, &it))
		return -1;
	return start_steps(c, sr_engine_now(e));
}

/* A refused group of messages of one item: lose them or retry them. */
static int refused(struct sr_client *c, int64_t t, struct sr_client_item *it,
		   int64_t messages, enum sr_send_result r)
{
	int64_t n = messages * it->per_message;
	flow(c, t, it->stream, refusal_flow(r), n);
	if (r == SR_SEND_QUOTA_EXCEEDED)
		shortfall(c, t);
	int quota_like = r == SR_SEND_QUOTA_EXCEEDED || r == SR_SEND_PAUSED;
	if (r == SR_SEND_NOT_VERIFIED || it->tries >= c->p.max_tries) {
		lose(c, t, it->stream, n, c->p.lost_to);
		return 0;
	}
	if (quota_like && c->p.on_quota != SR_ON_QUOTA_WAIT) {
		lose(c, t, it->stream, n, c->p.on_quota == SR_ON_QUOTA_OVERFLOW ?
		     SR_LOST_TO_LEGACY : SR_LOST_TO_DROP);
		return 0;
	}
	if (quota_like && t - it->arrived_us >= c->p.max_wait_us) {
		lose(c, t, it->stream, n, c->p.wait_then);
		return 0;
	}
	return schedule_retries(c, t, it, messages);
}

/* Tries up to `slots` messages of the head item from time t, one every
 * gap; returns the slots used. */
static int64_t naive_try_item(struct sr_client *c, int64_t t, double gap,
			      int64_t slots, int *err)
{
	struct sr_client_item it = *front(c);
	int64_t messages = it.recipients / it.per_message;
	if (messages > slots)
		messages = slots;
	it.tries++;
	int64_t used = 0;
	while (used < messages) {
		/* Attempts within a step run ahead of the engine's clock; a
		 * step started by a retry in between continues after them. */
		int64_t at = at_or_after(c, (double)t + (double)used * gap);
		enum sr_send_result r = sr_account_send(c->account, at, it.per_message,
							(enum sr_recipients)it.to);
		if (r == SR_SEND_ACCEPTED) {
			flow(c, at, it.stream, accepted_flow(&it), it.per_message);
			if (c->sink->delay(c->sink->ctx, at, it.stream, it.per_message,
					   (double)(at - it.arrived_us), 0) && !c->status)
				c->status = -1;
			used++;
			continue;
		}
		/* Every slot until the account could accept again is refused
		 * the same way: one group. */
		int64_t ready = sr_account_next_send_time(c->account, at, it.per_message);
		int64_t k = ready == INT64_MAX ? messages - used :
			    (int64_t)ceil((double)(ready - at) / gap);
		if (k < 1)
			k = 1;
		if (k > messages - used)
			k = messages - used;
		if (refused(c, at, &it, k, r))
			*err = -1;
		used += k;
	}
	take_front(c, messages * it.per_message);
	return messages;
}

static int naive_step(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct sr_client *c = ctx;
	int64_t t = sr_engine_now(e);
	double gap = 1e6 / c->p.attempts_per_s;
	int64_t slots = (int64_t)c->p.attempts_per_s;
	if (slots < 1)
		slots = 1;
	int err = 0;
	int64_t used = 0;
	while (c->len && used < slots)
		used += naive_try_item(c, t + (int64_t)((double)used * gap), gap,
				       slots - used, &err);
	if (err)
		return -1;
	c->ticking = 0;
	if (c->len) {
		c->ticking = 1;
		if (sr_engine_at(e, t + SR_US_PER_S, SR_PRIO_CLIENT, naive_step, c,
				 0, NULL))
			return -1;
	}
	return c->status;
}

/* ---- public ---------------------------------------------------------------- */

static void sync_hook(void *ctx, int64_t t_us)
{
	struct sr_client *c = ctx;
	if (sr_client_sync(c, t_us) && !c->status)
		c->status = -1;
}

int sr_client_init(struct sr_client *c, const struct sr_client_params *p,
		   struct sr_account *account, int account_index,
		   struct sr_engine *engine, const struct sr_sink *sink,
		   gsl_rng *rng)
{
	memset(c, 0, sizeof *c);
	if (!params_ok(p))
		return -1;
	c->p = *p;
	c->account = account;
	c->account_index = account_index;
	c->engine = engine;
	c->sink = sink;
	c->rng = rng;
	c->last_send_us = sr_engine_now(engine);
	c->first_shortfall_us = INT64_MAX;
	if (p->kind == SR_CLIENT_PACED) {
		account->sync = sync_hook;
		account->sync_ctx = c;
	}
	return 0;
}

void sr_client_reset(struct sr_client *c)
{
	if (c->account && c->account->sync_ctx == c) {
		c->account->sync = NULL;
		c->account->sync_ctx = NULL;
	}
	free(c->q);
	free(c->retry);
	memset(c, 0, sizeof *c);
}

int sr_client_sync(struct sr_client *c, int64_t t_us)
{
	if (c->p.kind != SR_CLIENT_PACED || t_us <= c->drained_to_us ||
	    c->account->in_sync > 1)
		return c->status;
	/* Mark the account busy so that our own sends do not call back. */
	int saved = c->account->in_sync;
	c->account->in_sync = 2;
	drain(c, t_us);
	c->account->in_sync = saved;
	return c->status;
}

int sr_client_enqueue(struct sr_client *c, int64_t t_us, uint32_t stream,
		      int64_t recipients, int64_t per_message,
		      enum sr_recipients to)
{
	if (recipients < 1 || per_message < 1 || recipients % per_message)
		return -1;
	struct sr_client_item it = {
		.arrived_us = t_us, .recipients = recipients,
		.per_message = per_message, .stream = stream, .to = (uint8_t)to,
	};
	if (c->p.kind == SR_CLIENT_NAIVE)
		return push_back(c, &it) ? -1 : start_steps(c, t_us);
	if (sr_client_sync(c, t_us))
		return -1;
	if (c->ticking && c->budget <= 0 && to == SR_TO_VERIFIED &&
	    c->p.on_quota != SR_ON_QUOTA_WAIT) {
		lose(c, t_us, stream, recipients,
		     c->p.on_quota == SR_ON_QUOTA_OVERFLOW ? SR_LOST_TO_LEGACY
							   : SR_LOST_TO_DROP);
		return c->status;
	}
	if (push_back(c, &it))
		return -1;
	if (!c->ticking)
		return paced_read(c, t_us);
	return c->status;
}

int64_t sr_client_backlog(const struct sr_client *c)
{
	return c->queued + c->retrying;
}
