/* reputation: rates over the representative volume and enforcement.  See
 * reputation.h. */
#include "models/reputation.h"

#include <stdlib.h>

#include "sim/clock.h"

/* Which rate reached a threshold; the bounce rate is named first. */
enum { NONE, BOUNCE, COMPLAINT };

void sr_reputation_params_default(struct sr_reputation_params *p)
{
	p->volume = 10000;
	p->bounce_review = 0.05;
	p->bounce_pause = 0.10;
	p->complaint_review = 0.001;
	p->complaint_pause = 0.005;
	p->fixes_cause = 1;
	p->resume_after_us = 21 * SR_US_PER_DAY;
}

/* In (0, 1]; false for NaN. */
static int is_share(double x)
{
	return x > 0 && x <= 1;
}

static int params_ok(const struct sr_reputation_params *p)
{
	return p->volume >= 1 && is_share(p->bounce_review) &&
	       is_share(p->bounce_pause) && is_share(p->complaint_review) &&
	       is_share(p->complaint_pause) &&
	       p->bounce_review <= p->bounce_pause &&
	       p->complaint_review <= p->complaint_pause &&
	       p->resume_after_us >= 0;
}

/* The ring's capacity is a power of two (64, then doubling), so an index
 * wraps with a mask rather than a division. */
static struct sr_rep_chunk *at(const struct sr_reputation *r, size_t i)
{
	return &r->chunk[(r->head + i) & (r->cap - 1)];
}

static int grow(struct sr_reputation *r)
{
	size_t cap = r->cap ? 2 * r->cap : 64;
	struct sr_rep_chunk *chunk = malloc(cap * sizeof *chunk);
	if (!chunk)
		return -1;
	for (size_t i = 0; i < r->len; i++)
		chunk[i] = *at(r, i);
	free(r->chunk);
	r->chunk = chunk;
	r->cap = cap;
	r->head = 0;
	return 0;
}

int sr_reputation_init(struct sr_reputation *r,
		       const struct sr_reputation_params *p,
		       struct sr_account *account, struct sr_engine *engine)
{
	*r = (struct sr_reputation){.resume = SR_HANDLE_NONE};
	if (!p || !account || !engine || !params_ok(p))
		return -1;
	r->p = *p;
	r->account = account;
	r->engine = engine;
	return grow(r);
}

/* A pending resume stays in the engine, which the caller owns and may have
 * freed already; a world is torn down with its engine. */
void sr_reputation_reset(struct sr_reputation *r)
{
	free(r->chunk);
	*r = (struct sr_reputation){.resume = SR_HANDLE_NONE};
}

double sr_reputation_bounce_rate(const struct sr_reputation *r)
{
	return r->sent ? (double)r->bounces / (double)r->sent : 0.0;
}

double sr_reputation_complaint_rate(const struct sr_reputation *r)
{
	return r->fbl ? (double)r->complaints / (double)r->fbl : 0.0;
}

int sr_reputation_judged(const struct sr_reputation *r)
{
	return r->sent >= r->p.volume;
}

static void drop_oldest(struct sr_reputation *r)
{
	const struct sr_rep_chunk *c = at(r, 0);
	r->sent -= c->sent;
	r->fbl -= c->fbl;
	r->bounces -= c->bounces;
	r->complaints -= c->complaints;
	r->head = (r->head + 1) & (r->cap - 1);
	r->len--;
}

/* The list that caused a pause has been cleaned: what it earned is gone. */
static void empty(struct sr_reputation *r)
{
	r->head = r->len = 0;
	r->sent = r->fbl = r->bounces = r->complaints = 0;
}

/*
 * Brings the account to t before anything here is read or changed.  A
 * sender computed lazily (the account's sync hook) reports its sends up to
 * t from inside the account; they come first in time, and judging them in
 * the middle of our own decision would interleave two decisions (a nested
 * pause overwritten by a review, or one review reported twice).
 */
static void catch_up(struct sr_reputation *r, int64_t t_us)
{
	(void)sr_account_sent_last_24h(r->account, t_us);
}

/*
 * Division gives the correctly rounded rate, which is the very double of the
 * threshold when the true rate equals it (500 of 10,000 against 0.05), so
 * the published >= holds exactly at the boundary.
 */
static int crossed(const struct sr_reputation *r, double bounce,
		   double complaint)
{
	if (sr_reputation_bounce_rate(r) >= bounce)
		return BOUNCE;
	if (sr_reputation_complaint_rate(r) >= complaint)
		return COMPLAINT;
	return NONE;
}

static void report_crossing(const struct sr_reputation *r, int64_t t_us,
			    enum sr_event_kind kind, int which, double bounce,
			    double complaint)
{
	const struct sr_account *a = r->account;
	if (which == BOUNCE)
		sr_report(a->reporter, t_us, a->name, kind,
			  "bounce rate %.2f%% >= %g%%",
			  100 * sr_reputation_bounce_rate(r), 100 * bounce);
	else
		sr_report(a->reporter, t_us, a->name, kind,
			  "complaint rate %.3f%% >= %g%%",
			  100 * sr_reputation_complaint_rate(r),
			  100 * complaint);
}

static int resume(struct sr_engine *e, void *ctx, int64_t arg)
{
	struct sr_reputation *r = ctx;
	int64_t t_us = sr_engine_now(e);
	(void)arg;
	r->resume = SR_HANDLE_NONE;
	catch_up(r, t_us);
	if (r->account->status != SR_STATUS_SHUTDOWN)
		return 0;   /* someone else lifted the pause */
	empty(r);
	r->review_start_id = r->next_id;
	sr_account_set_status(r->account, t_us, SR_STATUS_PROBATION);
	sr_report(r->account->reporter, t_us, r->account->name, SR_EV_RESUMED,
		  "%g days after the pause, cause fixed; rates restart",
		  (double)r->p.resume_after_us / (double)SR_US_PER_DAY);
	return 0;
}

/* Returns 0, or -1 if the resume cannot be scheduled (memory is short). */
static int pause_sending(struct sr_reputation *r, int64_t t_us, int which)
{
	const struct sr_reputation_params *p = &r->p;
	sr_account_set_status(r->account, t_us, SR_STATUS_SHUTDOWN);
	report_crossing(r, t_us, SR_EV_PAUSED, which, p->bounce_pause,
			p->complaint_pause);
	if (!p->fixes_cause)
		return 0;
	/* A resume beyond the last representable instant never comes. */
	if (p->resume_after_us > INT64_MAX - sr_engine_now(r->engine))
		return 0;
	return sr_engine_after(r->engine, p->resume_after_us, SR_PRIO_REPUTATION,
			       resume, r, 0,
			       &r->resume);
}

static void end_review(struct sr_reputation *r, int64_t t_us)
{
	const struct sr_reputation_params *p = &r->p;
	sr_account_set_status(r->account, t_us, SR_STATUS_HEALTHY);
	sr_report(r->account->reporter, t_us, r->account->name,
		  SR_EV_REVIEW_ENDED,
		  "bounce rate %.2f%% < %g%%, complaint rate %.3f%% < %g%%",
		  100 * sr_reputation_bounce_rate(r), 100 * p->bounce_review,
		  100 * sr_reputation_complaint_rate(r),
		  100 * p->complaint_review);
}

/* Applies the enforcement rule after a rate may have changed. */
static int judge(struct sr_reputation *r, int64_t t_us)
{
	const struct sr_reputation_params *p = &r->p;
	enum sr_status status = r->account->status;
	if (status == SR_STATUS_SHUTDOWN || !sr_reputation_judged(r))
		return 0;
	int which = crossed(r, p->bounce_pause, p->complaint_pause);
	if (which != NONE)
		return pause_sending(r, t_us, which);
	which = crossed(r, p->bounce_review, p->complaint_review);
	if (status == SR_STATUS_HEALTHY && which != NONE) {
		r->review_start_id = r->next_id;
		sr_account_set_status(r->account, t_us, SR_STATUS_PROBATION);
		report_crossing(r, t_us, SR_EV_REVIEW_STARTED, which,
				p->bounce_review, p->complaint_review);
	} else if (status == SR_STATUS_PROBATION && which == NONE &&
		   r->next_id - r->review_start_id >= p->volume) {
		end_review(r, t_us);
	}
	return 0;
}

int64_t sr_reputation_sent(struct sr_reputation *r, int64_t t_us, int64_t sent,
			   int64_t fbl)
{
	/* An empty chunk would share its id with the next one. */
	if (sent < 1 || fbl < 0 || fbl > sent || sent > INT64_MAX - r->next_id)
		return -1;
	catch_up(r, t_us);
	if (r->len == r->cap && grow(r))
		return -1;
	int64_t id = r->next_id;
	*at(r, r->len++) = (struct sr_rep_chunk){
		.id = id, .sent = sent, .fbl = fbl,
	};
	r->next_id += sent;
	r->sent += sent;
	r->fbl += fbl;
	while (r->len > 1 && r->sent - at(r, 0)->sent >= r->p.volume)
		drop_oldest(r);
	return judge(r, t_us) ? -1 : id;
}

/* The chunk of the window with this id, or NULL.  Ids rise from the head. */
static struct sr_rep_chunk *find(const struct sr_reputation *r, int64_t id)
{
	size_t lo = 0, hi = r->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (at(r, mid)->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->len && at(r, lo)->id == id ? at(r, lo) : NULL;
}

/*
 * Where feedback for an id goes: 0 with *c the chunk in the window, 1 if the
 * chunk has left the window (its feedback no longer counts), -1 if the id
 * was never issued.  Below the window's oldest chunk, an id that never
 * started a chunk cannot be told from one that did; it is ignored too.
 */
static int locate(const struct sr_reputation *r, int64_t id,
		  struct sr_rep_chunk **c)
{
	*c = NULL;
	if (id < 0 || id >= r->next_id)
		return -1;
	if (r->len == 0 || id < at(r, 0)->id)
		return 1;
	*c = find(r, id);
	return *c ? 0 : -1;
}

/* Hard bounces (complaint 0) or complaints (1) arriving for a chunk.  Each
 * message bounces at most once; only feedback-loop mail complains, once. */
static int arrive(struct sr_reputation *r, int64_t t_us, int64_t id,
		  int64_t n, int complaint)
{
	struct sr_rep_chunk *c;
	catch_up(r, t_us);
	int where = locate(r, id, &c);
	if (n < 0 || where < 0)
		return -1;
	if (where > 0)
		return 0;
	int64_t *have = complaint ? &c->complaints : &c->bounces;
	if (n > (complaint ? c->fbl : c->sent) - *have)
		return -1;
	*have += n;
	*(complaint ? &r->complaints : &r->bounces) += n;
	return judge(r, t_us);
}

int sr_reputation_bounce(struct sr_reputation *r, int64_t t_us, int64_t id,
			 int64_t n)
{
	return arrive(r, t_us, id, n, 0);
}

int sr_reputation_complaint(struct sr_reputation *r, int64_t t_us, int64_t id,
			    int64_t n)
{
	return arrive(r, t_us, id, n, 1);
}
