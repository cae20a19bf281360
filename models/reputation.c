/* reputation: rates over the representative volume and enforcement.  See
 * reputation.h. */
#include "models/reputation.h"

#include <math.h>
#include <stdlib.h>

#include "sim/clock.h"
#include "sim/rng.h"

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

/* ---- bounces filed ahead ---------------------------------------------------
 * A binary min-heap on (arrival, filing order): filings come from several
 * delay bins, so they are not in arrival order. */

static int ahead_less(const struct sr_rep_ahead *a,
		      const struct sr_rep_ahead *b)
{
	return a->at_us < b->at_us || (a->at_us == b->at_us && a->seq < b->seq);
}

static int ahead_push(struct sr_reputation *r, struct sr_rep_ahead e)
{
	if (r->ahead_len == r->ahead_cap) {
		size_t cap = r->ahead_cap ? 2 * r->ahead_cap : 64;
		struct sr_rep_ahead *h = realloc(r->ahead, cap * sizeof *h);
		if (!h)
			return -1;
		r->ahead = h;
		r->ahead_cap = cap;
	}
	size_t i = r->ahead_len++;
	while (i > 0 && ahead_less(&e, &r->ahead[(i - 1) / 2])) {
		r->ahead[i] = r->ahead[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	r->ahead[i] = e;
	r->ahead_n += e.n;
	return 0;
}

static struct sr_rep_ahead ahead_pop(struct sr_reputation *r)
{
	struct sr_rep_ahead top = r->ahead[0], last = r->ahead[--r->ahead_len];
	size_t i = 0, n = r->ahead_len;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && ahead_less(&r->ahead[c + 1], &r->ahead[c]))
			c++;
		if (!ahead_less(&r->ahead[c], &last))
			break;
		r->ahead[i] = r->ahead[c];
		i = c;
	}
	if (n)
		r->ahead[i] = last;
	r->ahead_n -= top.n;
	r->ahead_done += top.n;
	return top;
}

int64_t sr_reputation_ahead_by(const struct sr_reputation *r, int64_t t_us)
{
	int64_t n = r->ahead_done;
	for (size_t i = 0; i < r->ahead_len; i++)
		if (r->ahead[i].at_us <= t_us)
			n += r->ahead[i].n;
	return n;
}

/* Counts bounces filed ahead, if their chunk is still in the window. */
static void add_ahead(struct sr_reputation *r, const struct sr_rep_ahead *e)
{
	if (e->chunk < r->gone)
		return;
	struct sr_rep_chunk *c = at(r, (size_t)(e->chunk - r->gone));
	c->ahead -= e->n;
	c->bounces += e->n;
	r->bounces += e->n;
}

/* The account's settle hook: counts the bounces filed ahead that arrived
 * before t.  While guarded, the guard event comes first (see
 * sr_reputation_bounce_ahead()). */
static void settle(void *ctx, int64_t t_us)
{
	struct sr_reputation *r = ctx;
	while (r->ahead_len && r->ahead[0].at_us < t_us) {
		struct sr_rep_ahead e = ahead_pop(r);
		add_ahead(r, &e);
	}
}

/* The fewest bounces whose rate over exactly `volume` messages, divided
 * as judge() divides, reaches the review threshold: the division is
 * monotone, so comparing counts with it is the same test without one. */
static int64_t review_bounces(const struct sr_reputation_params *p)
{
	double v = (double)p->volume;
	int64_t b = (int64_t)ceil(p->bounce_review * v);
	while (b > 0 && (double)(b - 1) / v >= p->bounce_review)
		b--;
	while ((double)b / v < p->bounce_review)
		b++;
	return b;
}

int sr_reputation_init(struct sr_reputation *r,
		       const struct sr_reputation_params *p,
		       struct sr_account *account, struct sr_engine *engine)
{
	*r = (struct sr_reputation){.resume = SR_HANDLE_NONE,
				    .guard = SR_HANDLE_NONE};
	if (!p || !account || !engine || !params_ok(p))
		return -1;
	r->p = *p;
	r->account = account;
	r->engine = engine;
	r->review_bounces = review_bounces(p);
	if (grow(r))
		return -1;
	account->settle = settle;
	account->settle_ctx = r;
	return 0;
}

/* A pending resume or guard stays in the engine, which the caller owns and
 * may have freed already; a world is torn down with its engine. */
void sr_reputation_reset(struct sr_reputation *r)
{
	if (r->account && r->account->settle_ctx == r) {
		r->account->settle = NULL;
		r->account->settle_ctx = NULL;
	}
	free(r->chunk);
	free(r->ahead);
	*r = (struct sr_reputation){.resume = SR_HANDLE_NONE,
				    .guard = SR_HANDLE_NONE};
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
	r->gone++;
}

/* The list that caused a pause has been cleaned: what it earned is gone. */
static void empty(struct sr_reputation *r)
{
	r->gone += r->len;
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
struct rates {
	double bounce, complaint;
};

static struct rates rates_of(const struct sr_reputation *r)
{
	return (struct rates){sr_reputation_bounce_rate(r),
			      sr_reputation_complaint_rate(r)};
}

static int crossed(const struct rates *x, double bounce, double complaint)
{
	if (x->bounce >= bounce)
		return BOUNCE;
	if (x->complaint >= complaint)
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
	struct rates x = rates_of(r);
	int which = crossed(&x, p->bounce_pause, p->complaint_pause);
	if (which != NONE)
		return pause_sending(r, t_us, which);
	which = crossed(&x, p->bounce_review, p->complaint_review);
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

/* Draws a chunk's feedback-loop count, if left to draw; c is in the
 * window. */
static void draw_fbl(struct sr_reputation *r, struct sr_rep_chunk *c)
{
	if (c->fbl_rest == 0)
		return;
	int64_t k = sr_rng_binomial(r->fbl_rng, c->fbl_p, c->fbl_rest);
	c->fbl += k;
	r->fbl += k;
	c->fbl_rest = 0;
}

/* Draws every count left to draw in the window. */
static void draw_window(struct sr_reputation *r)
{
	for (size_t i = 0; i < r->len; i++)
		draw_fbl(r, at(r, i));
}

int64_t sr_reputation_fbl(struct sr_reputation *r)
{
	draw_window(r);
	return r->fbl;
}

/* Adds chunk c (its id and sent aside) to the window and judges. */
static int64_t add_chunk(struct sr_reputation *r, int64_t t_us,
			 struct sr_rep_chunk c)
{
	/* An empty chunk would share its id with the next one. */
	if (c.sent < 1 || c.sent > INT64_MAX - r->next_id)
		return -1;
	catch_up(r, t_us);
	if (r->len == r->cap && grow(r))
		return -1;
	c.id = r->next_id;
	struct sr_rep_chunk *in = at(r, r->len++);
	*in = c;
	r->next_id += c.sent;
	r->sent += c.sent;
	r->fbl += c.fbl;
	/* Complaints in the window: the complaint rate needs every count. */
	if (r->complaints > 0)
		draw_fbl(r, in);
	while (r->len > 1 && r->sent - at(r, 0)->sent >= r->p.volume)
		drop_oldest(r);
	return judge(r, t_us) ? -1 : c.id;
}

int64_t sr_reputation_sent(struct sr_reputation *r, int64_t t_us, int64_t sent,
			   int64_t fbl)
{
	if (fbl < 0 || fbl > sent)
		return -1;
	return add_chunk(r, t_us, (struct sr_rep_chunk){.sent = sent,
							.fbl = fbl});
}

int64_t sr_reputation_sent_lazy(struct sr_reputation *r, int64_t t_us,
				int64_t sent, int64_t known, double p,
				gsl_rng *rng)
{
	if (known < 0 || known > sent || !(p >= 0 && p <= 1) || !rng ||
	    (r->fbl_rng && r->fbl_rng != rng))
		return -1;
	r->fbl_rng = rng;
	return add_chunk(r, t_us, (struct sr_rep_chunk){
		.sent = sent, .fbl = known, .fbl_rest = sent - known, .fbl_p = p,
	});
}

/* The position in the window of the chunk with this id, or r->len if there
 * is none.  Ids rise from the head; the latest chunk is asked for most. */
static size_t find(const struct sr_reputation *r, int64_t id)
{
	if (r->len && at(r, r->len - 1)->id == id)
		return r->len - 1;
	size_t lo = 0, hi = r->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (at(r, mid)->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->len && at(r, lo)->id == id ? lo : r->len;
}

/*
 * Where feedback for an id goes: 0 with *pos the chunk's position in the
 * window, 1 if the chunk has left the window (its feedback no longer
 * counts), -1 if the id was never issued.  Below the window's oldest chunk,
 * an id that never started a chunk cannot be told from one that did; it is
 * ignored too.
 */
static int locate(const struct sr_reputation *r, int64_t id, size_t *pos)
{
	if (id < 0 || id >= r->next_id)
		return -1;
	if (r->len == 0 || id < at(r, 0)->id)
		return 1;
	*pos = find(r, id);
	return *pos < r->len ? 0 : -1;
}

/* Counts hard bounces (complaint 0) or complaints (1) for a chunk.  Each
 * message bounces at most once; only feedback-loop mail complains, once.
 * Returns 0, or -1 for an id never issued or counts that do not fit. */
static int add_arrival(struct sr_reputation *r, int64_t id, int64_t n,
		       int complaint)
{
	size_t pos = 0;
	int where = locate(r, id, &pos);
	if (n < 0 || where < 0)
		return -1;
	if (where > 0)
		return 0;
	/* The first complaint in the window: the rate needs every count. */
	if (complaint && n > 0 && r->complaints == 0)
		draw_window(r);
	struct sr_rep_chunk *c = at(r, pos);
	int64_t *have = complaint ? &c->complaints : &c->bounces;
	if (n > (complaint ? c->fbl : c->sent) - *have)
		return -1;
	*have += n;
	*(complaint ? &r->complaints : &r->bounces) += n;
	return 0;
}

/* Feedback arriving at t for a chunk, judged. */
static int arrive(struct sr_reputation *r, int64_t t_us, int64_t id,
		  int64_t n, int complaint)
{
	catch_up(r, t_us);
	if (add_arrival(r, id, n, complaint))
		return -1;
	return judge(r, t_us);
}

/* Whether n more bounces could bring the bounce rate to the review
 * threshold: the window holds at least `volume` messages once judged. */
static int bound_broken(const struct sr_reputation *r, int64_t n)
{
	return r->bounces + r->ahead_n + n >= r->review_bounces;
}

static int guard_due(struct sr_engine *e, void *ctx, int64_t arg);

/* Puts the guard event at the earliest arrival (now if that is past).
 * Arrivals are never due before the guard: reads settle only what is due
 * before the engine's time. */
static int arm_guard(struct sr_reputation *r)
{
	int64_t now = sr_engine_now(r->engine);
	int64_t at = r->ahead[0].at_us > now ? r->ahead[0].at_us : now;
	if (r->guard != SR_HANDLE_NONE) {
		if (r->guard_at_us <= at)
			return 0;
		if (sr_engine_reschedule(r->engine, r->guard, at))
			return -1;
	} else if (sr_engine_at(r->engine, at, SR_PRIO_BOUNCE, guard_due, r,
				0, &r->guard)) {
		return -1;
	}
	r->guard_at_us = at;
	return 0;
}

/* The next arrivals while guarded: each is judged, as a reported one.  The
 * handle stays set while the lazy sender catches up, so that bounces it
 * files meanwhile (all due now or later) schedule nothing. */
static int guard_due(struct sr_engine *e, void *ctx, int64_t arg)
{
	struct sr_reputation *r = ctx;
	int64_t t_us = sr_engine_now(e);
	(void)arg;
	catch_up(r, t_us);
	r->guard = SR_HANDLE_NONE;
	while (r->ahead_len && r->ahead[0].at_us <= t_us) {
		struct sr_rep_ahead a = ahead_pop(r);
		add_ahead(r, &a);
		if (judge(r, t_us))
			return -1;
	}
	if (!bound_broken(r, 0))
		r->guarded = 0;
	else if (r->ahead_len)
		return arm_guard(r);
	return 0;
}

int64_t sr_reputation_bounce_ahead(struct sr_reputation *r, int64_t at_us,
				   int64_t id, int64_t n)
{
	size_t pos = 0;
	int where = locate(r, id, &pos);
	if (n < 0 || where < 0)
		return -1;
	if (n == 0 || where > 0)
		return at_us;      /* nothing, or for a chunk already gone */
	const struct sr_rep_chunk *c = at(r, pos);
	if (n > c->sent - c->bounces - c->ahead)
		return -1;
	if (!r->guarded && bound_broken(r, n))
		r->guarded = 1;
	int64_t now = sr_engine_now(r->engine);
	if (r->guarded && at_us < now)
		at_us = now;
	struct sr_rep_ahead a = {.at_us = at_us, .seq = r->ahead_seq++,
				 .chunk = r->gone + (int64_t)pos, .n = n};
	if (ahead_push(r, a))
		return -1;
	at(r, pos)->ahead += n;
	if (r->guarded && arm_guard(r))
		return -1;
	return at_us;
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
