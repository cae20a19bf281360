/* observe: bucketed time series.  See observe.h. */
#include "output/observe.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/clock.h"

/* Flows of one bucket: the total and each account. */
struct counts {
	int64_t flow[SR_ACCOUNTS_MAX + 1][SR_FLOW_COUNT];
	int64_t sent_peak[SR_ACCOUNTS_MAX];
	double delay_sum_us, delay_n;     /* all accounts */
};

struct sr_observer {
	int64_t bucket_us;
	size_t naccounts;
	sr_row_fn fn;
	void *ctx;
	struct sr_world *world;
	struct sr_sink sink;
	int64_t open_us;          /* start of the open bucket */
	struct counts cur, next;
	struct sr_row rows[SR_ACCOUNTS_MAX + 1];
	int status;
};

/* The bucket of a flow at t; the last bucket also takes the horizon's own
 * instant, which the run includes. */
static struct counts *bucket_of(struct sr_observer *o, int64_t t)
{
	int64_t end = o->open_us + o->bucket_us;
	return t >= end && end < sr_world_horizon(o->world) ? &o->next : &o->cur;
}

static int on_count(void *ctx, int64_t t, uint32_t stream, int account,
		    enum sr_flow f, int64_t n)
{
	(void)stream;
	struct sr_observer *o = ctx;
	struct counts *c = bucket_of(o, t);
	c->flow[0][f] += n;
	if (account < 0 || (size_t)account >= o->naccounts)
		return 0;
	c->flow[account + 1][f] += n;
	return 0;
}

static int on_delay(void *ctx, int64_t t, uint32_t stream, int64_t n,
		    double first, double spacing)
{
	(void)stream;
	struct sr_observer *o = ctx;
	struct counts *c = bucket_of(o, t);
	c->delay_sum_us += (double)n * first +
			   spacing * (double)n * (double)(n - 1) / 2;
	c->delay_n += (double)n;
	return 0;
}

struct sr_observer *sr_observer_alloc(int64_t bucket_us, size_t naccounts,
				      sr_row_fn fn, void *ctx)
{
	if (bucket_us <= 0 || naccounts < 1 || naccounts > SR_ACCOUNTS_MAX)
		return NULL;
	struct sr_observer *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	o->bucket_us = bucket_us;
	o->naccounts = naccounts;
	o->fn = fn;
	o->ctx = ctx;
	o->sink = (struct sr_sink){on_count, on_delay, o};
	return o;
}

void sr_observer_free(struct sr_observer *o)
{
	free(o);
}

const struct sr_sink *sr_observer_sink(struct sr_observer *o)
{
	return &o->sink;
}

static double share(const int64_t *flow)
{
	double ses = (double)(flow[SR_FLOW_SES] + flow[SR_FLOW_SIMULATOR]);
	double all = ses + (double)flow[SR_FLOW_LEGACY];
	return all > 0 ? ses / all : NAN;
}

/* The state of account i at t into its row. */
static void account_row(struct sr_observer *o, size_t i, int64_t t,
			struct sr_row *r)
{
	struct sr_account *a = sr_world_account(o->world, i);
	const struct sr_reputation *rep = sr_world_reputation(o->world, i);
	int64_t now = sr_account_sent_last_24h(a, t);
	/* The account's own highest level since the last close. */
	if (a->sent_peak > o->cur.sent_peak[i])
		o->cur.sent_peak[i] = a->sent_peak;
	a->sent_peak = 0;
	r->account = (int)i;
	memcpy(r->flow, o->cur.flow[i + 1], sizeof r->flow);
	r->backlog = sr_world_backlog(o->world, i);
	r->max_24h = a->max_24h;
	r->max_rate = a->max_rate;
	r->sent_last_24h = o->cur.sent_peak[i] > now ? o->cur.sent_peak[i] : now;
	r->bounce_rate = sr_reputation_bounce_rate(rep);
	r->complaint_rate = sr_reputation_complaint_rate(rep);
	r->stage = a->stage;
	r->status = a->status;
	r->ses_share = share(r->flow);
	r->delay_mean_s = NAN;     /* kept for the total only */
}

/* The total row from the account rows. */
static void total_row(struct sr_observer *o, struct sr_row *t)
{
	memcpy(t->flow, o->cur.flow[0], sizeof t->flow);
	t->account = -1;
	t->stage = SR_STAGE_PRODUCTION;
	t->status = SR_STATUS_HEALTHY;
	for (size_t i = 0; i < o->naccounts; i++) {
		const struct sr_row *r = &o->rows[i + 1];
		t->backlog += r->backlog;
		t->max_24h = t->max_24h == SR_UNLIMITED || r->max_24h == SR_UNLIMITED ?
			     SR_UNLIMITED : t->max_24h + r->max_24h;
		t->max_rate += r->max_rate;
		t->sent_last_24h += r->sent_last_24h;
		t->bounce_rate = fmax(t->bounce_rate, r->bounce_rate);
		t->complaint_rate = fmax(t->complaint_rate, r->complaint_rate);
		if (r->stage < t->stage)
			t->stage = r->stage;
		if (r->status > t->status)
			t->status = r->status;
	}
	t->ses_share = share(t->flow);
	t->delay_mean_s = o->cur.delay_n > 0 ?
			  o->cur.delay_sum_us / o->cur.delay_n / 1e6 : NAN;
}

/* Closes the open bucket at `end` and hands its rows over. */
static int close_bucket(struct sr_observer *o, int64_t end)
{
	if (sr_world_sync(o->world, end))
		return -1;
	memset(o->rows, 0, sizeof o->rows);
	for (size_t i = 0; i < o->naccounts; i++)
		account_row(o, i, end, &o->rows[i + 1]);
	total_row(o, &o->rows[0]);
	for (size_t i = 0; i <= o->naccounts; i++)
		o->rows[i].t_us = o->open_us;
	int rc = o->fn(o->ctx, o->rows, o->naccounts + 1);
	o->cur = o->next;
	memset(&o->next, 0, sizeof o->next);
	/* The next bucket starts with the level carried in at its start. */
	for (size_t i = 0; i < o->naccounts; i++) {
		struct sr_account *a = sr_world_account(o->world, i);
		int64_t level = sr_account_sent_last_24h(a, end);
		if (level > o->cur.sent_peak[i])
			o->cur.sent_peak[i] = level;
	}
	o->open_us += o->bucket_us;
	return rc;
}

static int boundary(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct sr_observer *o = ctx;
	int64_t t = sr_engine_now(e);
	int rc = close_bucket(o, t);
	if (rc)
		return rc;
	if (t + o->bucket_us < sr_world_horizon(o->world))
		return sr_engine_at(e, t + o->bucket_us, SR_PRIO_OBSERVE, boundary,
				    o, 0, NULL);
	return 0;
}

int sr_observer_attach(struct sr_observer *o, struct sr_world *w)
{
	o->world = w;
	o->open_us = 0;
	if (o->bucket_us >= sr_world_horizon(w))
		return 0;
	return sr_engine_at(sr_world_engine(w), o->bucket_us, SR_PRIO_OBSERVE,
			    boundary, o, 0, NULL);
}

int sr_observer_finish(struct sr_observer *o)
{
	int64_t end = sr_world_horizon(o->world);
	if (o->open_us >= end)
		return 0;
	return close_bucket(o, end);
}
