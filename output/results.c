/* results: the output files of one run.  See results.h. */
#include "output/results.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/csvout.h"
#include "output/eventlog.h"
#include "sim/clock.h"

struct sr_results {
	int64_t origin_us, bucket_us;
	size_t naccounts;
	struct sr_outfile ts[SR_ACCOUNTS_MAX + 1];
	size_t nts;
	struct sr_outfile events, summary;
	struct sr_reporter reporter;
	struct sr_eventlog log;
	int64_t review_us, paused_us;    /* time in each status, total row */
	struct sr_metrics_input seen;    /* the instants from events */
};

static const char *const columns[] = {
	"time", "demand", "ses_sent", "legacy_sent", "backlog", "throttled",
	"quota_rejected", "sandbox_rejected", "paused_rejected", "dropped",
	"max_24h", "max_rate", "sent_last_24h", "bounce_rate", "complaint_rate",
	"stage", "status", "ses_share", "delay_mean",
};

static void header(FILE *f, const char *comment, const char *const *names,
		   size_t n)
{
	sr_csv_comment(f, comment);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? "," : "", names[i]);
	fputc('\n', f);
}

static void on_event(void *ctx, int64_t t, const char *account,
		     enum sr_event_kind kind, const char *detail)
{
	struct sr_results *r = ctx;
	sr_metrics_note(&r->seen, t, kind);
	sr_eventlog_add(&r->log, t, account, kind, detail);
}

static void close_all(struct sr_results *r)
{
	for (size_t i = 0; i < r->nts; i++)
		sr_outfile_abort(&r->ts[i]);
	sr_outfile_abort(&r->events);
	sr_outfile_abort(&r->summary);
	sr_eventlog_free(&r->log);
	free(r);
}

static int open_files(struct sr_results *r, const char *dir,
		      const char *const *names, const char *comment)
{
	const char *const ev[] = {"time", "replication", "account", "event",
				  "detail"};
	const char *const sm[] = {"metric", "value", "unit"};
	r->nts = r->naccounts > 1 ? r->naccounts + 1 : 1;
	for (size_t i = 0; i < r->nts; i++) {
		char name[128];
		if (i == 0)
			snprintf(name, sizeof name, "timeseries.csv");
		else
			snprintf(name, sizeof name, "timeseries-%s.csv", names[i - 1]);
		if (sr_outfile_open(&r->ts[i], dir, name))
			return -1;
		header(r->ts[i].f, comment, columns, sizeof columns / sizeof *columns);
	}
	if (sr_outfile_open(&r->events, dir, "events.csv") ||
	    sr_outfile_open(&r->summary, dir, "summary.csv"))
		return -1;
	header(r->events.f, comment, ev, 5);
	header(r->summary.f, comment, sm, 3);
	return 0;
}

struct sr_results *sr_results_open(const char *dir, int64_t origin_us,
				   int64_t bucket_us, size_t naccounts,
				   const char *const *account_names,
				   const char *comment, char *err,
				   size_t errlen)
{
	struct sr_results *r = calloc(1, sizeof *r);
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->origin_us = origin_us;
	r->bucket_us = bucket_us;
	r->naccounts = naccounts;
	r->reporter = (struct sr_reporter){on_event, r};
	sr_metrics_events_init(&r->seen);
	if (open_files(r, dir, account_names, comment)) {
		snprintf(err, errlen, "%s: cannot write output files there", dir);
		close_all(r);
		return NULL;
	}
	return r;
}

const struct sr_reporter *sr_results_reporter(struct sr_results *r)
{
	return &r->reporter;
}

static void write_row(struct sr_results *r, FILE *f, const struct sr_row *w)
{
	char t[SR_TIME_TEXT_MAX];
	sr_time_format(r->origin_us + w->t_us, t, sizeof t);
	const int64_t *fl = w->flow;
	int64_t n[] = {fl[SR_FLOW_DEMAND], fl[SR_FLOW_SES] + fl[SR_FLOW_SIMULATOR],
		       fl[SR_FLOW_LEGACY], w->backlog, fl[SR_FLOW_THROTTLED],
		       fl[SR_FLOW_QUOTA_REJECTED], fl[SR_FLOW_SANDBOX_REJECTED],
		       fl[SR_FLOW_PAUSED_REJECTED], fl[SR_FLOW_DROPPED], w->max_24h};
	fputs(t, f);
	for (size_t i = 0; i < sizeof n / sizeof *n; i++) {
		fputc(',', f);
		sr_csv_int(f, n[i]);
	}
	double x[] = {w->max_rate, (double)w->sent_last_24h, w->bounce_rate,
		      w->complaint_rate};
	for (size_t i = 0; i < 4; i++) {
		fputc(',', f);
		sr_csv_num(f, x[i]);
	}
	fprintf(f, ",%s,%s,", sr_stage_name(w->stage), sr_status_name(w->status));
	sr_csv_num(f, w->ses_share);
	fputc(',', f);
	sr_csv_num(f, w->delay_mean_s);
	fputc('\n', f);
}

int sr_results_rows(void *ctx, const struct sr_row *rows, size_t n)
{
	struct sr_results *r = ctx;
	for (size_t i = 0; i < r->nts && i < n; i++)
		write_row(r, r->ts[i].f, &rows[i]);
	if (rows[0].status == SR_STATUS_PROBATION)
		r->review_us += r->bucket_us;
	if (rows[0].status == SR_STATUS_SHUTDOWN)
		r->paused_us += r->bucket_us;
	return ferror(r->ts[0].f) ? -1 : 0;
}

static void answer(struct sr_answer *a, size_t *n, const char *metric,
		   const char *unit, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void answer(struct sr_answer *a, size_t *n, const char *metric,
		   const char *unit, const char *fmt, ...)
{
	if (*n >= SR_ANSWERS_MAX)
		return;
	struct sr_answer *x = &a[(*n)++];
	snprintf(x->metric, sizeof x->metric, "%s", metric);
	snprintf(x->unit, sizeof x->unit, "%s", unit);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->value, sizeof x->value, fmt, ap);
	va_end(ap);
}

void sr_results_metrics(const struct sr_results *r, struct sr_world *world,
			double legacy_price, double ses_price,
			const struct sr_need *need, int64_t lookback_us,
			double out[SR_METRIC_COUNT])
{
	struct sr_metrics_input in = r->seen;
	in.world = world;
	in.legacy_price = legacy_price;
	in.ses_price = ses_price;
	in.slo_breach_us = need ? need->slo_breach_us : -1;
	in.review_us = r->review_us;
	in.paused_us = r->paused_us;
	in.peak_demand = need ? need->peak : 0;
	in.need = need;
	in.lookback_us = lookback_us;
	sr_metrics_compute(&in, out);
}

/* An instant as a single run writes it. */
static void instant(const struct sr_results *r, enum sr_metric m, double v,
		    struct sr_answer *a, size_t *n)
{
	char when[64];
	if (isinf(v))
		snprintf(when, sizeof when, "%s", m == SR_M_SHORTFALL ||
			 m == SR_M_LIMIT_NEEDED ? "never" : "not within the horizon");
	else if (m == SR_M_ACCESS && r->seen.access_us < 0)
		snprintf(when, sizeof when, "before the start");
	else if (m == SR_M_MIGRATION)
		sr_time_format_date(r->origin_us + (int64_t)v, when, sizeof when);
	else
		sr_time_format(r->origin_us + (int64_t)v, when, sizeof when);
	answer(a, n, sr_metric_info[m].name, "date", "%s", when);
}

static size_t answers(const struct sr_results *r, const double *v,
		      struct sr_answer *a)
{
	size_t n = 0;
	for (int i = 0; i < SR_METRIC_COUNT; i++) {
		const struct sr_metric_info *m = &sr_metric_info[i];
		const char *name = m->name, *unit = m->unit;
		switch (m->kind) {
		case SR_MK_INSTANT:
			instant(r, (enum sr_metric)i, v[i], a, &n);
			break;
		case SR_MK_COUNT:
			answer(a, &n, name, unit, "%.0f", isinf(v[i]) ? -1 : v[i]);
			break;
		case SR_MK_USD:
		case SR_MK_DAYS:
			answer(a, &n, name, unit, "%.2f", v[i]);
			break;
		case SR_MK_SECONDS:
			answer(a, &n, name, unit, "%.3f", v[i]);
			break;
		case SR_MK_RATE:
			answer(a, &n, name, unit, "%.17g", v[i]);
			break;
		}
	}
	return n;
}

static void write_summary(struct sr_results *r, const struct sr_answer *a,
			  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sr_csv_text(r->summary.f, a[i].metric);
		fputc(',', r->summary.f);
		sr_csv_text(r->summary.f, a[i].value);
		fputc(',', r->summary.f);
		sr_csv_text(r->summary.f, a[i].unit);
		fputc('\n', r->summary.f);
	}
}

int sr_results_commit(struct sr_results *r, const struct sr_results_run *run,
		      struct sr_answer *out, size_t *nout, char *err,
		      size_t errlen)
{
	struct sr_answer a[SR_ANSWERS_MAX];
	size_t n = answers(r, run->metrics, a);
	for (size_t i = 0; i < run->nextra && n < SR_ANSWERS_MAX; i++)
		a[n++] = run->extra[i];
	sr_eventlog_sort(&r->log);
	sr_eventlog_write(r->events.f, &r->log, r->origin_us, 0);
	write_summary(r, a, n);
	int rc = r->log.failed ? -1 : 0;
	for (size_t i = 0; i < r->nts && !rc; i++)
		rc = sr_outfile_commit(&r->ts[i]);
	if (!rc)
		rc = sr_outfile_commit(&r->events);
	if (!rc)
		rc = sr_outfile_commit(&r->summary);
	if (rc)
		snprintf(err, errlen, "cannot write the output files");
	if (out && nout) {
		memcpy(out, a, n * sizeof *a);
		*nout = n;
	}
	close_all(r);
	return rc;
}

void sr_results_abort(struct sr_results *r)
{
	if (r)
		close_all(r);
}
