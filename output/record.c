/* record: one replication in a compact form.  See record.h. */
#include "output/record.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/need.h"
#include "output/observe.h"
#include "sim/clock.h"

const char *const sr_record_columns[SR_RECORD_COLS] = {
	"demand", "ses_sent", "legacy_sent", "backlog", "throttled",
	"quota_rejected", "sandbox_rejected", "paused_rejected", "dropped",
	"max_24h", "max_rate", "sent_last_24h", "bounce_rate", "complaint_rate",
	"ses_share", "delay_mean", "in_production", "under_review", "paused",
};

struct ctx {
	const struct sr_record_job *job;
	struct sr_record *rec;
	struct sr_metrics_input seen;      /* the instants from events */
};

size_t sr_record_buckets(const struct sr_record_job *job)
{
	int64_t h = job->world->horizon_us, b = job->bucket_us;
	return (size_t)((h + b - 1) / b);
}

static void to_cells(const struct sr_row *w, double *c)
{
	const int64_t *f = w->flow;
	double v[SR_RECORD_COLS] = {
		(double)f[SR_FLOW_DEMAND],
		(double)(f[SR_FLOW_SES] + f[SR_FLOW_SIMULATOR]),
		(double)f[SR_FLOW_LEGACY], (double)w->backlog,
		(double)f[SR_FLOW_THROTTLED], (double)f[SR_FLOW_QUOTA_REJECTED],
		(double)f[SR_FLOW_SANDBOX_REJECTED],
		(double)f[SR_FLOW_PAUSED_REJECTED], (double)f[SR_FLOW_DROPPED],
		w->max_24h == SR_UNLIMITED ? INFINITY : (double)w->max_24h,
		w->max_rate, (double)w->sent_last_24h, w->bounce_rate,
		w->complaint_rate, w->ses_share, w->delay_mean_s,
		w->stage == SR_STAGE_PRODUCTION, w->status == SR_STATUS_PROBATION,
		w->status == SR_STATUS_SHUTDOWN,
	};
	memcpy(c, v, sizeof v);
}

static int grow_cells(struct sr_record *r)
{
	size_t cap = r->cap ? 2 * r->cap : 64;
	double *c = realloc(r->cells, cap * r->kinds * SR_RECORD_COLS * sizeof *c);
	if (!c)
		return -1;
	r->cells = c;
	r->cap = cap;
	return 0;
}

static int on_rows(void *vctx, const struct sr_row *rows, size_t n)
{
	struct ctx *x = vctx;
	struct sr_record *r = x->rec;
	if (rows[0].status == SR_STATUS_PROBATION)
		r->review_us += x->job->bucket_us;
	if (rows[0].status == SR_STATUS_SHUTDOWN)
		r->paused_us += x->job->bucket_us;
	if (x->job->target > 0 && r->quota_reached_us < 0 &&
	    (rows[0].max_24h == SR_UNLIMITED || rows[0].max_24h >= x->job->target))
		r->quota_reached_us = rows[0].t_us;
	if (!x->job->keep_rows)
		return 0;
	if (r->buckets == r->cap && grow_cells(r))
		return -1;
	double *c = r->cells + r->buckets * r->kinds * SR_RECORD_COLS;
	for (size_t k = 0; k < r->kinds && k < n; k++)
		to_cells(&rows[k], c + k * SR_RECORD_COLS);
	r->buckets++;
	return 0;
}

static void on_event(void *vctx, int64_t t, const char *account,
		     enum sr_event_kind kind, const char *detail)
{
	struct ctx *x = vctx;
	sr_metrics_note(&x->seen, t, kind);
	sr_eventlog_add(&x->rec->events, t, account, kind, detail);
}

static void finish(struct ctx *x, struct sr_world *w, const struct sr_need *need)
{
	struct sr_record *r = x->rec;
	sr_eventlog_sort(&r->events);
	struct sr_metrics_input in = x->seen;
	in.world = w;
	in.legacy_price = x->job->legacy_price;
	in.ses_price = x->job->ses_price;
	in.slo_breach_us = need->slo_breach_us;
	in.review_us = r->review_us;
	in.paused_us = r->paused_us;
	in.peak_demand = need->peak;
	in.need = need;
	in.lookback_us = x->job->world->requests.lookback_days * SR_US_PER_DAY;
	sr_metrics_compute(&in, r->metric);
	r->need_reached_us = need->target_us;
}

static int watch(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	const volatile sig_atomic_t *stop = ctx;
	if (*stop)
		return 1;
	return sr_engine_after(e, SR_US_PER_DAY, SR_PRIO_MAX, watch, ctx, 0, NULL);
}

int sr_record_watch(struct sr_engine *e, const volatile sig_atomic_t *stop)
{
	if (!stop)
		return 0;
	return sr_engine_at(e, 0, SR_PRIO_MAX, watch, (void *)stop, 0, NULL);
}

static int run(struct ctx *x, size_t rep, char *err, size_t errlen)
{
	const struct sr_record_job *job = x->job;
	struct sr_reporter reporter = {on_event, x};
	struct sr_observer *obs = sr_observer_alloc(job->bucket_us,
		job->world->naccounts, on_rows, x);
	struct sr_need need;
	sr_need_init(&need, obs ? sr_observer_sink(obs) : NULL, job->slo_us,
		     job->target);
	struct sr_world *w = obs ? sr_world_alloc(job->world, rep, &reporter,
						  &need.sink, err, errlen) : NULL;
	int rc = !w || sr_observer_attach(obs, w) ||
		 sr_record_watch(sr_world_engine(w), job->stop) ||
		 sr_world_run(w, err, errlen) || sr_observer_finish(obs) ||
		 need.failed || x->rec->events.failed;
	if (!rc)
		finish(x, w, &need);
	else if (!err[0])
		snprintf(err, errlen, "replication %zu failed (out of memory?)", rep);
	sr_world_free(w);
	sr_observer_free(obs);
	sr_need_free(&need);
	return rc ? -1 : 0;
}

int sr_record_run(const struct sr_record_job *job, size_t rep,
		  struct sr_record **out, char *err, size_t errlen)
{
	struct sr_record *r = calloc(1, sizeof *r);
	*out = NULL;
	err[0] = '\0';
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r->kinds = job->world->naccounts > 1 ? job->world->naccounts + 1 : 1;
	r->quota_reached_us = -1;
	r->need_reached_us = -1;
	struct ctx x = {.job = job, .rec = r};
	sr_metrics_events_init(&x.seen);
	if (run(&x, rep, err, errlen)) {
		sr_record_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

void sr_record_free(struct sr_record *r)
{
	if (!r)
		return;
	free(r->cells);
	sr_eventlog_free(&r->events);
	free(r);
}
