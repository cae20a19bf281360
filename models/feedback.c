/* feedback: bounces, complaints, their arrival and suppression.  See
 * feedback.h. */
#include "models/feedback.h"

#include <stdlib.h>

#include "sim/clock.h"
#include "sim/rng.h"

/* The size of the bin arrays in struct sr_feedback. */
#define BINS_MAX 32
_Static_assert(sizeof ((struct sr_feedback *)0)->hard_bin_us ==
	       BINS_MAX * sizeof(int64_t), "BINS_MAX matches feedback.h");

enum kind { FREE, HARD, COMPLAINT };

/* Queue lanes: the hard bounce bins, then the complaint bins. */
enum { LANE_HARD = 0 };

struct sr_feedback_arrival {
	enum kind kind;                /* FREE while on the free list */
	int64_t n;                     /* recipients */
	int64_t id;                    /* the reputation chunk they belong to */
	struct sr_reputation *rep;
	struct sr_suppression *list;   /* hard bounces join it; may be NULL */
	int64_t next_free;             /* while FREE: next free entry or -1 */
};

void sr_feedback_params_default(struct sr_feedback_params *p)
{
	*p = (struct sr_feedback_params){
		.hard_delay = {.median_s = 30, .level = 0.99, .at_s = 3600},
		.complaint_delay = {.median_s = 43200, .level = 0.95,
				    .at_s = 259200},
		.soft_retry_us = 12 * SR_US_PER_H,
		.bins = 6,
	};
}

static int params_ok(const struct sr_feedback_params *p)
{
	return sr_lognormal_check(&p->hard_delay) == 0 &&
	       sr_lognormal_check(&p->complaint_delay) == 0 &&
	       p->soft_retry_us >= 0 && p->bins >= 1 && p->bins <= BINS_MAX;
}

/* Doubles the pool and chains the new entries onto the (empty) free list. */
static int grow(struct sr_feedback *f)
{
	size_t old = f->pool_cap, cap = old ? 2 * old : 64;
	struct sr_feedback_arrival *pool = realloc(f->pool, cap * sizeof *pool);
	if (!pool)
		return -1;
	for (size_t i = old; i < cap; i++)
		pool[i] = (struct sr_feedback_arrival){
			.kind = FREE, .next_free = (int64_t)i + 1,
		};
	pool[cap - 1].next_free = f->free_head;
	f->pool = pool;
	f->pool_cap = cap;
	f->free_head = (int64_t)old;
	return 0;
}

/* An unused pool entry, or -1 if memory is short. */
static int64_t take(struct sr_feedback *f)
{
	if (f->free_head < 0 && grow(f))
		return -1;
	int64_t i = f->free_head;
	f->free_head = f->pool[i].next_free;
	return i;
}

static void give_back(struct sr_feedback *f, int64_t i)
{
	f->pool[i] = (struct sr_feedback_arrival){
		.kind = FREE, .next_free = f->free_head,
	};
	f->free_head = i;
}

int sr_feedback_init(struct sr_feedback *f, const struct sr_feedback_params *p,
		     struct sr_engine *engine, gsl_rng *rng)
{
	*f = (struct sr_feedback){.free_head = -1};
	if (!p || !engine || !rng || !params_ok(p))
		return -1;
	f->p = *p;
	f->engine = engine;
	f->rng = rng;
	/* Each bin stands for 1 / bins of the probability and arrives at its
	 * conditional median. */
	for (int i = 0; i < p->bins; i++) {
		double u = (i + 0.5) / p->bins;
		f->hard_bin_us[i] = sr_lognormal_quantile_us(&p->hard_delay, u);
		f->complaint_bin_us[i] =
			sr_lognormal_quantile_us(&p->complaint_delay, u);
	}
	return grow(f);
}

/* Pending arrivals stay in the engine, which the caller owns; a world is
 * torn down with its engine.  One that fires anyway finds no pool and
 * stops the run instead of touching freed memory. */
void sr_feedback_reset(struct sr_feedback *f)
{
	free(f->pool);
	free(f->soft.e);
	*f = (struct sr_feedback){.free_head = -1};
}

/* ---- soft bounces ----------------------------------------------------------
 * They reach nothing but the totals, so they wait in a ring, ordered by
 * time, instead of as events (they were a third of a busy run's events),
 * and are drawn only when the totals need them: the chunks of one
 * probability that come due together are drawn at once, a sum of
 * binomials with one p being binomial.  The ring is settled when read,
 * and when full from SOFT_SETTLE_AT entries on. */

#define SOFT_SETTLE_AT 4096

/* A chunk's soft bounces, reported at at_us: Binomial(trials, p), or n if
 * drawn already (n < 0: not yet). */
struct sr_feedback_due {
	int64_t at_us, trials, n;
	double p;
};

static struct sr_feedback_due *due_at(struct sr_feedback_ring *g, size_t i)
{
	return &g->e[(g->head + i) & (g->cap - 1)];
}

/* Doubles a ring, its entries moved to the front. */
static int ring_grow(struct sr_feedback_ring *g)
{
	size_t cap = g->cap ? 2 * g->cap : 64;
	struct sr_feedback_due *e = malloc(cap * sizeof *e);
	if (!e)
		return -1;
	for (size_t i = 0; i < g->len; i++)
		e[i] = *due_at(g, i);
	free(g->e);
	g->e = e;
	g->cap = cap;
	g->head = 0;
	return 0;
}

/* Adds a chunk due at at_us, in time order: sends are reported in time
 * order per account, so the walk back is short. */
static int ring_push(struct sr_feedback_ring *g, struct sr_feedback_due d)
{
	if (g->len == g->cap && ring_grow(g))
		return -1;
	size_t i = g->len++;
	for (; i > 0 && due_at(g, i - 1)->at_us > d.at_us; i--)
		*due_at(g, i) = *due_at(g, i - 1);
	*due_at(g, i) = d;
	return 0;
}

/* Draws `trials` at p, counted as drawn and arrived. */
static void soft_arrive(struct sr_feedback *f, double p, int64_t trials)
{
	int64_t k = sr_rng_binomial(f->rng, p, trials);
	f->totals.soft += k;
	f->totals.soft_arrived += k;
}

/* Counts the soft bounces reported by t as arrived, drawing those not
 * drawn yet in runs of one probability. */
static void soft_settle(struct sr_feedback *f, int64_t t_us)
{
	struct sr_feedback_ring *g = &f->soft;
	int64_t trials = 0;
	double p = 0;
	for (; g->len && due_at(g, 0)->at_us <= t_us; g->len--) {
		const struct sr_feedback_due *d = due_at(g, 0);
		if (d->n >= 0) {
			f->totals.soft_arrived += d->n;
		} else {
			if (trials && d->p != p) {
				soft_arrive(f, p, trials);
				trials = 0;
			}
			p = d->p;
			trials += d->trials;
		}
		g->head = (g->head + 1) & (g->cap - 1);
	}
	if (trials)
		soft_arrive(f, p, trials);
}

/* Draws the soft bounces still being retried, for the drawn total. */
static void soft_draw_pending(struct sr_feedback *f)
{
	for (size_t i = 0; i < f->soft.len; i++) {
		struct sr_feedback_due *d = due_at(&f->soft, i);
		if (d->n < 0) {
			d->n = sr_rng_binomial(f->rng, d->p, d->trials);
			f->totals.soft += d->n;
		}
	}
}

const struct sr_feedback_totals *sr_feedback_totals(struct sr_feedback *f,
						     int64_t t_us)
{
	soft_settle(f, t_us);
	soft_draw_pending(f);
	f->shown = f->totals;
	for (size_t i = 0; i < f->nfiled; i++)
		f->shown.hard_arrived += sr_reputation_ahead_by(f->filed[i], t_us);
	return &f->shown;
}

static int arrive(struct sr_engine *e, void *ctx, int64_t arg);

/* When feedback for sends at t arrives after delay: a sender computed
 * lazily (client.h) reports sends at t before now, and what would have
 * arrived by now arrives now.  INT64_MAX (never) beyond the last
 * representable instant. */
static int64_t arrival_time(const struct sr_feedback *f, int64_t t_us,
			    int64_t delay_us)
{
	if (delay_us > INT64_MAX - t_us)
		return INT64_MAX;
	int64_t at_us = t_us + delay_us, now_us = sr_engine_now(f->engine);
	return at_us > now_us ? at_us : now_us;
}

/* Notes rep among those filed with, for the totals.  Returns 0, or -1 if
 * there are more than SR_FEEDBACK_REPS. */
static int note_filed(struct sr_feedback *f, struct sr_reputation *rep)
{
	for (size_t i = f->nfiled; i-- > 0;)
		if (f->filed[i] == rep)
			return 0;
	if (f->nfiled == SR_FEEDBACK_REPS)
		return -1;
	f->filed[f->nfiled++] = rep;
	return 0;
}

/* Whether hard bounces join a list that changes what later sends draw: if
 * not, they change nothing but the rates. */
static int listed(const struct sr_suppression *list)
{
	return list && list->size > 0;
}

/* Files the hard bounces of arrival a, due at t + delay, ahead with the
 * reputation model. */
static int file_ahead(struct sr_feedback *f, int64_t t_us, int64_t delay_us,
		      const struct sr_feedback_arrival *a)
{
	if (delay_us > INT64_MAX - t_us)
		return 0;      /* never */
	if (note_filed(f, a->rep) ||
	    sr_reputation_bounce_ahead(a->rep, t_us + delay_us, a->id, a->n) < 0)
		return -1;
	return 0;
}

/*
 * Schedules arrival a (a->n recipients, none: nothing) at t + delay; hard
 * bounces that change nothing but the rates are filed ahead instead.
 * Arrivals with one delay come in the order they are scheduled (sends are
 * reported in time order), so each delay has its own lane of the engine's
 * queue (sim/queue.h), which keeps the days of pending complaints out of
 * its heap.  Returns 0, or -1 if memory is short.
 */
static int schedule(struct sr_feedback *f, int64_t t_us, int64_t delay_us,
		    unsigned lane, const struct sr_feedback_arrival *a)
{
	if (a->n == 0)
		return 0;
	if (a->kind == HARD && !listed(a->list))
		return file_ahead(f, t_us, delay_us, a);
	int64_t at_us = arrival_time(f, t_us, delay_us);
	if (at_us == INT64_MAX)
		return 0;
	int64_t i = take(f);
	if (i < 0)
		return -1;
	f->pool[i] = *a;
	if (sr_engine_at_lane(f->engine, lane, at_us, SR_PRIO_FEEDBACK, arrive,
			      f, i)) {
		give_back(f, i);
		return -1;
	}
	return 0;
}

/* Spreads a->n recipients over the bins of delay_us[], one event a bin,
 * bin i in lane lane + i. */
static int schedule_bins(struct sr_feedback *f, int64_t t_us,
			 const int64_t delay_us[], unsigned lane,
			 const struct sr_feedback_arrival *a)
{
	int64_t count[BINS_MAX];
	if (a->n == 0)
		return 0;     /* nothing to spread: no draw, no event */
	sr_rng_spread(f->rng, f->p.bins, a->n, count);
	struct sr_feedback_arrival bin = *a;
	for (int i = 0; i < f->p.bins; i++) {
		if (count[i] == 0)
			continue;
		bin.n = count[i];
		if (schedule(f, t_us, delay_us[i], lane + (unsigned)i, &bin))
			return -1;
	}
	return 0;
}

/* In [0, 1]; false for NaN. */
static int is_prob(double x)
{
	return x >= 0 && x <= 1;
}

static int quality_ok(const struct sr_stream_quality *q)
{
	return is_prob(q->hard_bounce_p) && is_prob(q->soft_bounce_p) &&
	       is_prob(q->complaint_p) && is_prob(q->fbl_share);
}

/* Puts the soft bounces of `trials` recipients sent at t in the ring, to
 * be drawn when needed. */
static int retry_soft(struct sr_feedback *f, int64_t t_us, double p,
		      int64_t trials)
{
	if (trials == 0 || !(p > 0))
		return 0;
	int64_t at_us = arrival_time(f, t_us, f->p.soft_retry_us);
	if (at_us == INT64_MAX)
		return 0;      /* never */
	struct sr_feedback_ring *g = &f->soft;
	if (g->len == g->cap && g->cap >= SOFT_SETTLE_AT)
		soft_settle(f, sr_engine_now(f->engine));
	return ring_push(g, (struct sr_feedback_due){at_us, trials, -1, p});
}

/* A chunk that expects at most this many rare events counts them on a
 * Bernoulli process; more are cheaper drawn as one binomial. */
#define RARE_MEAN_MAX 8.0

/* Binomial(n, p), on the process kept for p where that is cheaper: either
 * way the count is binomial and independent of the other chunks'. */
static int64_t rare_count(struct sr_feedback *f, double p, int64_t n)
{
	if (!(p > 0 && p < 1) || (double)n * p > RARE_MEAN_MAX)
		return sr_rng_binomial(f->rng, p, n);
	size_t i = 0;
	while (i < f->nrare && f->rare[i].p != p)
		i++;
	if (i == f->nrare) {
		if (f->nrare == SR_FEEDBACK_RARE)
			return sr_rng_binomial(f->rng, p, n);
		sr_rng_bernoulli_init(&f->rare[f->nrare++], f->rng, p);
	}
	return sr_rng_bernoulli_count(&f->rare[i], f->rng, n);
}

/* Draws and schedules the feedback of `eligible` (>= 1) recipients. */
static int feedback_of(struct sr_feedback *f, int64_t t_us,
		       const struct sr_stream_quality *q,
		       struct sr_suppression *list, struct sr_reputation *rep,
		       int64_t eligible)
{
	struct sr_feedback_totals *tot = &f->totals;
	double s = q->fbl_share, c = q->complaint_p;
	int64_t complaints = rare_count(f, s * c, eligible);
	/* The others went to feedback loops with P(fbl | no complaint). */
	double rest = s * c < 1 ? s * (1 - c) / (1 - s * c) : 1;
	int64_t id = sr_reputation_sent_lazy(rep, t_us, eligible, complaints,
					     rest, f->rng);
	if (id < 0)
		return -1;
	/* A finite list's bad share changes with every chunk. */
	int64_t hard = listed(list) ?
		sr_rng_binomial(f->rng, sr_suppression_bad_share(list), eligible) :
		rare_count(f, q->hard_bounce_p, eligible);
	tot->eligible += eligible;
	tot->hard += hard;
	tot->complaints += complaints;
	struct sr_feedback_arrival a = {.id = id, .rep = rep, .list = list};
	a.kind = HARD;
	a.n = hard;
	if (schedule_bins(f, t_us, f->hard_bin_us, LANE_HARD, &a))
		return -1;
	a.kind = COMPLAINT;
	a.n = complaints;
	if (schedule_bins(f, t_us, f->complaint_bin_us,
			  LANE_HARD + (unsigned)f->p.bins, &a))
		return -1;
	return retry_soft(f, t_us, q->soft_bounce_p, eligible - hard);
}

/*
 * Bad input (a negative n or time, shares outside [0, 1]) is refused before
 * anything changes.  A failure part-way (memory short) leaves the chunk
 * partly scheduled: the run that owns f must fail.
 */
int sr_feedback_accepted(struct sr_feedback *f, int64_t t_us,
			 const struct sr_stream_quality *q,
			 struct sr_suppression *list,
			 struct sr_reputation *rep, int64_t n)
{
	if (!f->pool || !q || !rep || n < 0 || t_us < 0 || !quality_ok(q))
		return -1;
	int64_t suppressed = list ? sr_suppression_draw(list, f->rng, n) : 0;
	f->totals.suppressed += suppressed;
	if (n - suppressed == 0)
		return 0;
	return feedback_of(f, t_us, q, list, rep, n - suppressed);
}

static int deliver(struct sr_feedback *f, int64_t t_us,
		   const struct sr_feedback_arrival *a)
{
	struct sr_feedback_totals *tot = &f->totals;
	switch (a->kind) {
	case HARD:
		tot->hard_arrived += a->n;
		if (a->list)
			sr_suppression_add(a->list, a->n);
		return sr_reputation_bounce(a->rep, t_us, a->id, a->n);
	case COMPLAINT:
		tot->complaints_arrived += a->n;
		return sr_reputation_complaint(a->rep, t_us, a->id, a->n);
	case FREE:
		break;
	}
	return -1;
}

static int arrive(struct sr_engine *e, void *ctx, int64_t arg)
{
	struct sr_feedback *f = ctx;
	if (!f->pool || arg < 0 || (size_t)arg >= f->pool_cap ||
	    f->pool[arg].kind == FREE)
		return -1;
	/* Copied and freed first: the reputation model may bring a lazy
	 * sender up to date, whose sends come back here and may move the
	 * pool. */
	struct sr_feedback_arrival a = f->pool[arg];
	give_back(f, arg);
	return deliver(f, sr_engine_now(e), &a) ? -1 : 0;
}
