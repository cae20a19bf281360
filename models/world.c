/* world: one replication wired together.  See world.h. */
#include "models/world.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/clock.h"
#include "sim/hist.h"
#include "sim/rng.h"

#define PRIO_ARRIVAL 40

struct acct {
	struct sr_account a;
	struct sr_reputation rep;
	struct sr_growth growth;
	struct sr_requests req;
	struct sr_client client;
	struct sr_suppression lists[SR_STREAMS_MAX];
	struct sr_router router;    /* per account: its plan's own state */
	gsl_rng *rng_requests, *rng_client;
	double carry[SR_STREAMS_MAX];
	int live;                   /* models initialised, to reset */
};

struct sr_world {
	struct sr_world_params p;
	uint64_t replication;
	struct sr_engine engine;
	gsl_rng *rng_workload, *rng_router, *rng_feedback;
	struct sr_synth *synth;
	struct sr_replay *replay;
	struct sr_source source;
	struct sr_batch next;
	struct acct acct[SR_ACCOUNTS_MAX];
	struct sr_feedback feedback;
	struct sr_sink sink;
	const struct sr_sink *observer;
	const struct sr_reporter *reporter;
	struct sr_world_totals totals;
	struct sr_hist *delays;
	int64_t first_day;          /* UTC day index of engine time 0 */
	int64_t *legacy_by_day, *demand_by_day, *off_ses_by_day;
	int64_t ndays;
	char err[512];
};

static void fail(struct sr_world *w, const char *fmt, ...)
{
	if (w->err[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->err, sizeof w->err, fmt, ap);
	va_end(ap);
}

void sr_world_params_default(struct sr_world_params *p)
{
	memset(p, 0, sizeof *p);
	p->horizon_us = 90 * SR_US_PER_DAY;
	p->seed = 1;
	p->nstreams = 1;
	snprintf(p->stream_names[0], SR_STREAM_NAME_MAX, "default");
	sr_stream_quality_default(&p->quality[0]);
	p->synth.interval_us = 60 * SR_US_PER_S;
	p->synth.nstreams = 1;
	sr_synth_stream_default(&p->synth.streams[0], 10000);
	p->naccounts = 1;
	struct sr_account_config *a = &p->accounts[0];
	snprintf(a->name, sizeof a->name, "main");
	snprintf(a->region, sizeof a->region, "us-east-1");
	a->stage = SR_STAGE_SANDBOX;
	a->access_at_us = 0;
	sr_access_form_default(&a->form);
	a->weight = 1;
	sr_account_params_default(&p->account);
	sr_reputation_params_default(&p->reputation);
	sr_growth_params_default(&p->growth);
	sr_requests_params_default(&p->requests);
	sr_feedback_params_default(&p->feedback);
	sr_client_params_default(&p->client);
	sr_router_params_default(&p->router);
	p->legacy_capacity_per_day = -1;
}

/* ---- flows ---------------------------------------------------------------- */

/* UTC day of t, counted from the day of the start. */
static int64_t utc_day(const struct sr_world *w, int64_t t)
{
	return sr_floor_div(w->p.origin_us + t, SR_US_PER_DAY) - w->first_day;
}

/* Counts by UTC day. */
static void per_day(struct sr_world *w, int64_t *by_day, int64_t t, int64_t n)
{
	int64_t d = utc_day(w, t);
	if (d >= 0 && d < w->ndays)
		by_day[d] += n;
}

static int forward(struct sr_world *w, int64_t t, uint32_t stream, int acct,
		   enum sr_flow f, int64_t n)
{
	w->totals.flow[f] += n;
	if (f == SR_FLOW_DEMAND)
		per_day(w, w->demand_by_day, t, n);
	if (f == SR_FLOW_LEGACY || f == SR_FLOW_DROPPED)
		per_day(w, w->off_ses_by_day, t, n);
	if (w->observer && w->observer->count)
		return w->observer->count(w->observer->ctx, t, stream, acct, f, n);
	return 0;
}

/* The old provider takes what fits in the capacity of the UTC day of the
 * hand-over (hand-overs may be reported out of time order); the rest
 * drops. */
static int legacy(struct sr_world *w, int64_t t, uint32_t stream, int64_t n)
{
	int64_t cap = w->p.legacy_capacity_per_day;
	if (cap < 0)
		return forward(w, t, stream, -1, SR_FLOW_LEGACY, n);
	int64_t d = utc_day(w, t);
	int64_t used = d >= 0 && d < w->ndays ? w->legacy_by_day[d] : 0;
	int64_t fits = cap > used ? cap - used : 0;
	if (fits > n)
		fits = n;
	per_day(w, w->legacy_by_day, t, fits);
	if (forward(w, t, stream, -1, SR_FLOW_LEGACY, fits))
		return -1;
	return forward(w, t, stream, -1, SR_FLOW_DROPPED, n - fits);
}

static int sink_count(void *ctx, int64_t t, uint32_t stream, int acct,
		      enum sr_flow f, int64_t n)
{
	struct sr_world *w = ctx;
	if (f == SR_FLOW_LEGACY)
		return legacy(w, t, stream, n);
	if (forward(w, t, stream, acct, f, n))
		return -1;
	if (f != SR_FLOW_SES)
		return 0;
	struct acct *x = &w->acct[acct];
	return sr_feedback_accepted(&w->feedback, t, &w->p.quality[stream],
				    &x->lists[stream], &x->rep, n);
}

static int sink_delay(void *ctx, int64_t t, uint32_t stream, int64_t n,
		      double first, double spacing)
{
	struct sr_world *w = ctx;
	w->totals.delay_sum_us += (double)n * first +
				  spacing * (double)n * (double)(n - 1) / 2;
	double last = first + spacing * (double)(n - 1);
	if (last > w->totals.delay_max_us)
		w->totals.delay_max_us = last;
	if (sr_hist_add(w->delays, n, first, spacing))
		return -1;
	if (w->observer && w->observer->delay)
		return w->observer->delay(w->observer->ctx, t, stream, n, first,
					  spacing);
	return 0;
}

/* ---- arrivals ------------------------------------------------------------- */

static int arrive(struct sr_engine *e, void *ctx, int64_t arg);

/* Pulls the next batch into w->next.  Returns 1 if there is one before the
 * horizon, 0 if not, -1 on a workload error. */
static int fetch(struct sr_world *w)
{
	int rc = w->source.next(w->source.self, &w->next);
	if (rc < 0) {
		fail(w, "%s", w->source.error(w->source.self));
		return -1;
	}
	if (rc == 0 || w->next.t_us >= w->p.horizon_us)
		return 0;
	if (w->next.stream >= w->p.nstreams) {
		fail(w, "workload: stream %u does not exist", w->next.stream);
		return -1;
	}
	return 1;
}

/* Schedules the arrival of the batch in w->next. */
static int schedule_next(struct sr_world *w)
{
	if (sr_engine_at(&w->engine, w->next.t_us, PRIO_ARRIVAL, arrive, w, 0,
			 NULL)) {
		fail(w, "workload: a batch is out of time order");
		return -1;
	}
	return 0;
}

/* Pulls the next batch and schedules its arrival. */
static int pull(struct sr_world *w)
{
	int rc = fetch(w);
	return rc <= 0 ? rc : schedule_next(w);
}

static int enqueue(struct sr_world *w, struct acct *x, int64_t t,
		   uint32_t stream, int64_t n, enum sr_recipients to)
{
	if (n <= 0)
		return 0;
	int64_t per = (int64_t)w->p.quality[stream].recipients_per_message;
	if (per < 1 || n % per)
		per = 1;
	if (sr_client_enqueue(&x->client, t, stream, n, per, to)) {
		fail(w, "client: cannot queue mail (out of memory)");
		return -1;
	}
	return 0;
}

/* fill: what account i can still take under its target share. */
static int64_t fill_room(struct sr_world *w, size_t i, int64_t t)
{
	struct acct *x = &w->acct[i];
	if (x->a.max_24h == SR_UNLIMITED)
		return INT64_MAX;
	int64_t used = sr_account_sent_last_24h(&x->a, t) +
		       sr_client_backlog(&x->client);
	int64_t cap = (int64_t)(w->p.router.target * (double)x->a.max_24h);
	return cap > used ? cap - used : 0;
}

/* Share of n for account i, whole recipients: by weight with a carry, or
 * filling the accounts in order. */
static int64_t account_share(struct sr_world *w, size_t i, uint32_t stream,
			     int64_t n, int64_t t, int64_t *left)
{
	if (i + 1 == w->p.naccounts)
		return *left;
	if (w->p.split == SR_SPLIT_FILL) {
		int64_t room = fill_room(w, i, t);
		int64_t take = *left < room ? *left : room;
		*left -= take;
		return take;
	}
	double total = 0;
	for (size_t k = 0; k < w->p.naccounts; k++)
		total += w->p.accounts[k].weight;
	struct acct *x = &w->acct[i];
	double want = x->carry[stream] + (double)n * w->p.accounts[i].weight / total;
	int64_t whole = (int64_t)want;
	if (whole > *left)
		whole = *left;
	x->carry[stream] = want - (double)whole;
	*left -= whole;
	return whole;
}

static int route(struct sr_world *w, int64_t t, const struct sr_batch *b)
{
	int64_t left = b->recipients;
	for (size_t i = 0; i < w->p.naccounts; i++) {
		struct acct *x = &w->acct[i];
		/* Bring the client up to now first, so that what it has sent is
		 * in SentLast24Hours and no longer in its queue. */
		if (sr_client_sync(&x->client, t)) {
			fail(w, "client: out of memory");
			return -1;
		}
		int64_t n = account_share(w, i, b->stream, b->recipients, t, &left);
		if (n <= 0)
			continue;
		struct sr_split s;
		if (sr_router_split(&x->router, t, b->stream, n, &x->a,
				    sr_client_backlog(&x->client), &s)) {
			fail(w, "router: out of memory");
			return -1;
		}
		if ((s.legacy && legacy(w, t, b->stream, s.legacy)) ||
		    enqueue(w, x, t, b->stream, s.verified, SR_TO_VERIFIED) ||
		    enqueue(w, x, t, b->stream, s.unverified, SR_TO_UNVERIFIED) ||
		    enqueue(w, x, t, b->stream, s.simulator, SR_TO_SIMULATOR))
			return -1;
	}
	return 0;
}

/* Handles the batch in w->next, then the batches that follow it at the same
 * instant while no other event is due now: scheduled, each would be the
 * next event anyway (it would rank behind everything pending), so the
 * order of events is the same, at the cost of one event per instant. */
static int arrive(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct sr_world *w = ctx;
	int64_t t = sr_engine_now(e);
	for (;;) {
		struct sr_batch b = w->next;
		if (forward(w, t, b.stream, -1, SR_FLOW_DEMAND, b.recipients) ||
		    route(w, t, &b))
			return -1;
		int rc = fetch(w);
		if (rc <= 0)
			return rc;
		if (w->next.t_us != t || sr_engine_next_time(e) <= t ||
		    e->stopping)
			return schedule_next(w);
	}
}

/* ---- set-up ----------------------------------------------------------------- */

static gsl_rng *stream_rng(struct sr_world *w, const char *purpose, size_t i)
{
	char name[64];
	if (i == SIZE_MAX)
		snprintf(name, sizeof name, "%s", purpose);
	else
		snprintf(name, sizeof name, "%s/%zu", purpose, i);
	return sr_rng_alloc(w->p.seed, w->replication, name);
}

static int open_source(struct sr_world *w)
{
	if (w->p.recorded[0]) {
		const char *names[SR_STREAMS_MAX];
		for (size_t i = 0; i < w->p.nstreams; i++)
			names[i] = w->p.stream_names[i];
		struct sr_replay_params rp = {
			.path = w->p.recorded, .origin_us = w->p.origin_us,
			.nstreams = w->p.nstreams, .stream_names = names,
			.skip_bad_rows = w->p.skip_bad_rows,
		};
		w->replay = sr_replay_open(&rp, w->err, sizeof w->err);
		if (!w->replay)
			return -1;
		sr_replay_quality(w->replay, w->p.quality);
		w->source = sr_replay_source(w->replay);
		return 0;
	}
	const char *why = "out of memory";
	w->p.synth.origin_us = w->p.origin_us;
	w->p.synth.horizon_us = w->p.horizon_us;
	w->synth = sr_synth_alloc(&w->p.synth, w->rng_workload, &why);
	if (!w->synth) {
		fail(w, "workload: %s", why);
		return -1;
	}
	w->source = sr_synth_source(w->synth);
	return 0;
}

static int increase_due(struct sr_engine *e, void *ctx, int64_t arg);

static int file_requests(struct sr_world *w, size_t i)
{
	struct acct *x = &w->acct[i];
	const struct sr_account_config *c = &w->p.accounts[i];
	if (c->stage == SR_STAGE_SANDBOX && c->access_at_us >= 0 &&
	    c->access_at_us < w->p.horizon_us &&
	    sr_requests_file_access(&x->req, c->access_at_us, &c->form)) {
		fail(w, "account %s: the production access request is not valid",
		     c->name);
		return -1;
	}
	/* Each planned increase is filed by an event of its own, so that
	 * several can be planned although only one may be open at a time. */
	for (size_t k = 0; k < c->nincreases && k < SR_INCREASES_MAX; k++) {
		int64_t at = c->increases[k].at_us;
		if (at >= w->p.horizon_us)
			continue;
		if (at < 0 || sr_engine_at(&w->engine, at, 10, increase_due, w,
					   (int64_t)(i * SR_INCREASES_MAX + k), NULL)) {
			fail(w, "account %s: an increase request is dated before "
			     "the start", c->name);
			return -1;
		}
	}
	return 0;
}

/* Files a planned increase; while another is open, tries again an hour
 * later (SES takes one case at a time). */
static int increase_due(struct sr_engine *e, void *ctx, int64_t arg)
{
	struct sr_world *w = ctx;
	size_t i = (size_t)arg / SR_INCREASES_MAX;
	const struct sr_increase_plan *plan =
		&w->p.accounts[i].increases[(size_t)arg % SR_INCREASES_MAX];
	struct acct *x = &w->acct[i];
	int64_t t = sr_engine_now(e);
	if (!x->req.increase_open)
		return sr_requests_file_increase(&x->req, t, plan->quota, plan->rate);
	return sr_engine_at(e, t + SR_US_PER_H, 10, increase_due, w, arg, NULL);
}

static int setup_account(struct sr_world *w, size_t i)
{
	struct acct *x = &w->acct[i];
	const struct sr_account_config *c = &w->p.accounts[i];
	x->rng_requests = stream_rng(w, "requests", i);
	x->rng_client = stream_rng(w, "client", i);
	if (!x->rng_requests || !x->rng_client ||
	    sr_account_init(&x->a, c->name, c->region, &w->p.account,
			    w->p.origin_us, w->reporter)) {
		fail(w, "account %s: bad parameters", c->name);
		return -1;
	}
	x->a.related = c->related;
	if (c->stage == SR_STAGE_PRODUCTION) {
		sr_account_set_stage(&x->a, 0, SR_STAGE_PRODUCTION);
		sr_account_set_limits(&x->a, 0, c->max_24h, c->max_rate);
	}
	if (sr_router_init(&x->router, &w->p.router, w->p.nstreams, w->p.quality,
			   w->rng_router) ||
	    sr_reputation_init(&x->rep, &w->p.reputation, &x->a, &w->engine) ||
	    sr_growth_start(&x->growth, &w->p.growth, &x->a, &x->rep, &w->engine) ||
	    sr_requests_init(&x->req, &w->p.requests, &x->a, &w->engine,
			     x->rng_requests) ||
	    sr_client_init(&x->client, &w->p.client, &x->a, (int)i, &w->engine,
			   &w->sink, x->rng_client)) {
		fail(w, "account %s: bad model parameters", c->name);
		return -1;
	}
	x->live = 1;
	for (size_t s = 0; s < w->p.nstreams; s++) {
		const struct sr_stream_quality *q = &w->p.quality[s];
		int64_t bad = (int64_t)((double)q->list_size * q->hard_bounce_p);
		if (sr_suppression_init(&x->lists[s], q->list_size, bad)) {
			fail(w, "stream %s: bad list size", w->p.stream_names[s]);
			return -1;
		}
	}
	return file_requests(w, i);
}

static void check_account(struct sr_world *w, const struct sr_account_config *c)
{
	if (!(c->weight >= 0))
		fail(w, "account %s: weight must be >= 0", c->name);
	if (c->stage == SR_STAGE_PRODUCTION &&
	    ((c->max_24h < 1 && c->max_24h != SR_UNLIMITED) || !(c->max_rate > 0)))
		fail(w, "account %s: limits in production need max_24h >= 1 and "
		     "max_rate > 0", c->name);
	for (size_t k = 0; k < c->nincreases && k < SR_INCREASES_MAX; k++)
		if (c->increases[k].quota < 1 || !(c->increases[k].rate >= 0))
			fail(w, "account %s: an increase request needs a quota >= 1 "
			     "and a rate >= 0", c->name);
}

static int check(struct sr_world *w)
{
	const struct sr_world_params *p = &w->p;
	const char *why;
	if (p->nstreams < 1 || p->nstreams > SR_STREAMS_MAX)
		fail(w, "a scenario needs 1 to %d streams", SR_STREAMS_MAX);
	else if (p->naccounts < 1 || p->naccounts > SR_ACCOUNTS_MAX)
		fail(w, "a scenario needs 1 to %d accounts", SR_ACCOUNTS_MAX);
	else if (p->horizon_us <= 0 || p->origin_us % SR_US_PER_S)
		fail(w, "the duration must be positive");
	else if (sr_router_check(&p->router, p->nstreams, &why))
		fail(w, "migration: %s", why);
	for (size_t s = 0; !w->err[0] && s < p->nstreams; s++)
		if (sr_stream_quality_check(&p->quality[s], &why))
			fail(w, "stream %s: %s is out of range", p->stream_names[s], why);
	for (size_t i = 0; !w->err[0] && i < p->naccounts; i++)
		check_account(w, &p->accounts[i]);
	return w->err[0] ? -1 : 0;
}

static int setup(struct sr_world *w)
{
	w->first_day = sr_floor_div(w->p.origin_us, SR_US_PER_DAY);
	w->ndays = utc_day(w, w->p.horizon_us) + 1;
	w->legacy_by_day = calloc((size_t)w->ndays, sizeof *w->legacy_by_day);
	w->demand_by_day = calloc((size_t)w->ndays, sizeof *w->demand_by_day);
	w->off_ses_by_day = calloc((size_t)w->ndays, sizeof *w->off_ses_by_day);
	w->rng_workload = stream_rng(w, "workload", SIZE_MAX);
	w->rng_router = stream_rng(w, "router", SIZE_MAX);
	w->rng_feedback = stream_rng(w, "feedback", SIZE_MAX);
	w->delays = sr_hist_alloc();
	if (!w->delays || !w->legacy_by_day || !w->demand_by_day ||
	    !w->off_ses_by_day || !w->rng_workload ||
	    !w->rng_router || !w->rng_feedback || sr_engine_init(&w->engine, 1024)) {
		fail(w, "out of memory");
		return -1;
	}
	w->sink = (struct sr_sink){sink_count, sink_delay, w};
	if (open_source(w))
		return -1;
	if (sr_feedback_init(&w->feedback, &w->p.feedback, &w->engine,
			     w->rng_feedback)) {
		fail(w, "migration or feedback: bad parameters");
		return -1;
	}
	for (size_t i = 0; i < w->p.naccounts; i++)
		if (setup_account(w, i))
			return -1;
	return pull(w);
}

struct sr_world *sr_world_alloc(const struct sr_world_params *p,
				uint64_t replication,
				const struct sr_reporter *reporter,
				const struct sr_sink *observer,
				char *err, size_t errlen)
{
	struct sr_world *w = calloc(1, sizeof *w);
	if (!w) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->p = *p;
	w->replication = replication;
	w->reporter = reporter;
	w->observer = observer;
	w->totals.migration_day = -1;
	if (check(w) || setup(w)) {
		snprintf(err, errlen, "%s", w->err[0] ? w->err : "out of memory");
		sr_world_free(w);
		return NULL;
	}
	return w;
}

void sr_world_free(struct sr_world *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < SR_ACCOUNTS_MAX; i++) {
		struct acct *x = &w->acct[i];
		if (x->live) {
			sr_client_reset(&x->client);
			sr_reputation_reset(&x->rep);
		}
		sr_router_reset(&x->router);
		sr_account_reset(&x->a);
		gsl_rng_free(x->rng_requests);
		gsl_rng_free(x->rng_client);
	}
	sr_feedback_reset(&w->feedback);
	sr_synth_free(w->synth);
	sr_replay_close(w->replay);
	sr_engine_reset(&w->engine);
	gsl_rng_free(w->rng_workload);
	gsl_rng_free(w->rng_router);
	gsl_rng_free(w->rng_feedback);
	free(w->legacy_by_day);
	free(w->demand_by_day);
	free(w->off_ses_by_day);
	sr_hist_free(w->delays);
	free(w);
}

/* ---- the run ------------------------------------------------------------- */

int sr_world_sync(struct sr_world *w, int64_t t_us)
{
	for (size_t i = 0; i < w->p.naccounts; i++)
		if (sr_client_sync(&w->acct[i].client, t_us))
			return -1;
	return 0;
}

/* The first UTC day from which no recipient went to the old provider or
 * was dropped, among days with demand, if that lasts to the end. */
static void migration_day(struct sr_world *w)
{
	int64_t day = -1;
	for (int64_t d = w->ndays - 1; d >= 0; d--) {
		if (w->off_ses_by_day[d])
			break;
		if (w->demand_by_day[d])
			day = d;
	}
	w->totals.migration_day = day;
	if (day < 0)
		return;
	int64_t t = (w->first_day + day) * SR_US_PER_DAY - w->p.origin_us;
	sr_report(w->reporter, t > 0 ? t : 0, "", SR_EV_MIGRATION_COMPLETE,
		  "all traffic on SES from then on");
}

static void finish(struct sr_world *w)
{
	for (size_t i = 0; i < w->p.naccounts; i++) {
		struct acct *x = &w->acct[i];
		w->totals.backlog += sr_client_backlog(&x->client);
		if (x->client.first_shortfall_us != INT64_MAX)
			sr_report(w->reporter, x->client.first_shortfall_us, x->a.name,
				  SR_EV_QUOTA_SHORTFALL, "%" PRId64 " per 24h",
				  x->client.shortfall_quota);
	}
	migration_day(w);
}

int sr_world_run(struct sr_world *w, char *err, size_t errlen)
{
	int status = 0;
	int rc = sr_engine_run(&w->engine, w->p.horizon_us, &status);
	if (rc == SR_RUN_DONE && sr_world_sync(w, w->p.horizon_us))
		rc = SR_RUN_STOPPED;
	for (size_t i = 0; i < w->p.naccounts; i++)
		if (w->acct[i].a.failed)
			fail(w, "internal error: a send out of time order, or no "
			     "memory, in the rolling window");
	if (rc != SR_RUN_DONE || w->err[0]) {
		snprintf(err, errlen, "%s", w->err[0] ? w->err : "a model failed");
		return -1;
	}
	finish(w);
	return 0;
}

const struct sr_world_totals *sr_world_totals(const struct sr_world *w)
{
	return &w->totals;
}

struct sr_account *sr_world_account(struct sr_world *w, size_t i)
{
	return i < w->p.naccounts ? &w->acct[i].a : NULL;
}

const struct sr_reputation *sr_world_reputation(const struct sr_world *w,
						size_t i)
{
	return i < w->p.naccounts ? &w->acct[i].rep : NULL;
}

struct sr_engine *sr_world_engine(struct sr_world *w)
{
	return &w->engine;
}

double sr_world_delay_quantile(struct sr_world *w, double p)
{
	return sr_hist_quantile(w->delays, p);
}

int64_t sr_world_backlog(const struct sr_world *w, size_t i)
{
	return i < w->p.naccounts ? sr_client_backlog(&w->acct[i].client) : 0;
}

int64_t sr_world_horizon(const struct sr_world *w)
{
	return w->p.horizon_us;
}

const struct sr_feedback_totals *sr_world_feedback(struct sr_world *w)
{
	return sr_feedback_totals(&w->feedback, w->p.horizon_us);
}
