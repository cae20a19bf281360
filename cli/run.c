/* run: a scenario run into an output folder.  See run.h. */
#include "cli/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/batch.h"
#include "cli/common.h"
#include "cli/interrupt.h"
#include "output/advice.h"
#include "output/montecarlo.h"
#include "output/need.h"
#include "output/observe.h"
#include "output/record.h"
#include "output/results.h"
#include "sim/clock.h"
#include "sim/stats.h"

struct progress {
	int64_t origin_us, horizon_us;
	int on;
};

static int tick(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct progress *p = ctx;
	char date[SR_TIME_TEXT_MAX];
	int64_t t = sr_engine_now(e);
	sr_time_format_date(p->origin_us + t, date, sizeof date);
	fprintf(stderr, "\r%s  %3.0f%%", date, 100.0 * (double)t / (double)p->horizon_us);
	if (t + SR_US_PER_DAY < p->horizon_us)
		return sr_engine_at(e, t + SR_US_PER_DAY, SR_PRIO_MAX, tick, p, 0, NULL);
	return 0;
}

static void print_answers(const struct sr_scenario *s,
			  const struct sr_answer *a, size_t n, const char *dir)
{
	printf("%s: %s\n\n", s->name, dir);
	for (size_t i = 0; i < n; i++)
		printf("  %-24s %20s  %s\n", a[i].metric, a[i].value, a[i].unit);
}

static void print_advice(const struct sr_scenario *s,
			 const struct sr_request_answer *adv, size_t reps,
			 double final_quota)
{
	sr_advice_print(stdout, adv, s->world.origin_us, s->planning.confidence,
			s->planning.margin, reps, final_quota);
}

/* The world of a single run, watched by the results and a need tracker. */
struct single {
	struct sr_results *res;
	struct sr_observer *obs;
	struct sr_need need;
	struct sr_world *w;
	double final_quota;
};

static int single_open(struct single *x, const struct sr_scenario *s,
		       const char *dir, char *err, size_t errlen)
{
	const char *names[SR_ACCOUNTS_MAX];
	account_names(s, names);
	char *comment = comment_text(s);
	x->res = comment ? sr_results_open(dir, s->world.origin_us, s->bucket_us,
					    s->world.naccounts, names, comment,
					    err, errlen) : NULL;
	free(comment);
	x->obs = x->res ? sr_observer_alloc(s->bucket_us, s->world.naccounts,
					     sr_results_rows, x->res) : NULL;
	sr_need_init(&x->need, x->obs ? sr_observer_sink(x->obs) : NULL,
		     (double)s->planning.slo_us, 0);
	x->w = x->obs ? sr_world_alloc(&s->world, 0, sr_results_reporter(x->res),
				       &x->need.sink, err, errlen) : NULL;
	return x->w && !sr_observer_attach(x->obs, x->w) ? 0 : -1;
}

static int single_run(struct single *x, const struct sr_scenario *s, int quiet,
		      char *err, size_t errlen)
{
	struct progress prog = {s->world.origin_us, s->world.horizon_us,
				!quiet && isatty(2)};
	int rc = (prog.on && sr_engine_at(sr_world_engine(x->w), 0, SR_PRIO_MAX,
					  tick, &prog, 0, NULL)) ||
		 sr_record_watch(sr_world_engine(x->w), &interrupted) ||
		 sr_world_run(x->w, err, errlen) || sr_observer_finish(x->obs) ||
		 x->need.failed;
	if (prog.on)
		fprintf(stderr, "\r%30s\r", "");
	return rc ? -1 : 0;
}

static int single_commit(struct single *x, const struct sr_scenario *s,
			 struct sr_request_answer *adv, struct sr_answer *a,
			 size_t *n, char *err, size_t errlen)
{
	struct sr_answer rows[SR_ADVICE_ROWS];
	double v[SR_METRIC_COUNT];
	sr_results_metrics(x->res, x->w, s->legacy_price, s->ses_price, &x->need,
			   s->world.requests.lookback_days * SR_US_PER_DAY, v);
	struct sr_results_run run = {v, rows, 0};
	if (batch_advise(s, 1, 1, &v[SR_M_LIMIT_NEEDED], &v[SR_M_PEAK_DEMAND],
			 &v[SR_M_USAGE_BEFORE_NEED], adv, err, errlen))
		return -1;
	run.nextra = sr_advice_rows(adv, s->world.origin_us, rows);
	x->final_quota = v[SR_M_FINAL_MAX_24H];
	int rc = sr_results_commit(x->res, &run, a, n, err, errlen);
	x->res = NULL;
	return rc;
}

int run_single(const struct sr_scenario *s, const char *dir, int quiet)
{
	char err[1024] = "";
	struct single x = {0};
	struct sr_answer a[SR_ANSWERS_MAX];
	struct sr_request_answer adv;
	size_t n = 0;
	int rc = single_open(&x, s, dir, err, sizeof err) ||
		 single_run(&x, s, quiet, err, sizeof err) ||
		 single_commit(&x, s, &adv, a, &n, err, sizeof err);
	sr_results_abort(x.res);
	if (rc && !interrupted)
		fprintf(stderr, "sesramp: %s\n", err[0] ? err : "the run failed");
	else if (!quiet) {
		print_answers(s, a, n, dir);
		print_advice(s, &adv, 1, x.final_quota);
	}
	sr_world_free(x.w);
	sr_observer_free(x.obs);
	sr_need_free(&x.need);
	return rc ? interrupted ? EXIT_INTERRUPTED : EXIT_RUN : 0;
}

/* -- several replications -- */

struct many {
	struct sr_mc *mc;
	size_t reps;
	int progress;
};

static int take(void *ctx, size_t rep, const struct sr_record *r)
{
	struct many *m = ctx;
	if (m->progress)
		fprintf(stderr, "\rreplication %zu of %zu", rep + 1, m->reps);
	return sr_mc_merge(m->mc, rep, r);
}

static struct sr_mc *many_open(const struct sr_scenario *s, const char *dir,
			       int keep, char *err, size_t errlen)
{
	const char *names[SR_ACCOUNTS_MAX];
	account_names(s, names);
	struct sr_record_job job;
	batch_job(s, &job, 1);
	char *comment = comment_text(s);
	struct sr_mc_config c = {
		.dir = dir, .origin_us = s->world.origin_us,
		.bucket_us = s->bucket_us, .buckets = sr_record_buckets(&job),
		.replications = s->replications, .naccounts = s->world.naccounts,
		.account_names = names, .comment = comment ? comment : "",
		.keep_replications = keep, .keep_rows = 1,
	};
	struct sr_mc *mc = comment ? sr_mc_open(&c, err, errlen) : NULL;
	free(comment);
	return mc;
}

/* Quantiles of one metric over the replications, for the table. */
static void metric_quantiles(const double *x, size_t n, double q[3])
{
	static const double p[3] = {0.05, 0.5, 0.95};
	if (sr_stats_quantiles_of(x, n, p, 3, q))
		q[0] = q[1] = q[2] = NAN;
}

static void format_value(const struct sr_scenario *s, enum sr_metric m,
			 double v, char *out, size_t size)
{
	if (isnan(v))
		snprintf(out, size, "-");
	else if (sr_metric_info[m].kind == SR_MK_INSTANT)
		isinf(v) ? (void)snprintf(out, size, "never") :
			   sr_time_format_date(s->world.origin_us + (int64_t)v,
					       out, size);
	else if (isinf(v))
		snprintf(out, size, "unlimited");
	else
		snprintf(out, size, "%.6g", v);
}

static void print_table(const struct sr_scenario *s, const struct sr_mc *mc,
			const char *dir)
{
	printf("%s: %s (%zu replications)\n\n  %-24s %12s %12s %12s\n",
	       s->name, dir, sr_mc_merged(mc), "metric", "p05", "median", "p95");
	for (int i = 0; i < SR_METRIC_COUNT; i++) {
		double q[3];
		char t[3][32];
		metric_quantiles(sr_mc_metric(mc, (enum sr_metric)i),
				 sr_mc_merged(mc), q);
		for (int k = 0; k < 3; k++)
			format_value(s, (enum sr_metric)i, q[k], t[k], sizeof t[k]);
		printf("  %-24s %12s %12s %12s  %s\n", sr_metric_info[i].name,
		       t[0], t[1], t[2], sr_metric_info[i].unit);
	}
}

static int many_finish(const struct sr_scenario *s, struct sr_mc *mc,
		       const struct run_opts *o, struct sr_request_answer *adv,
		       char *err, size_t errlen)
{
	struct sr_answer rows[SR_ADVICE_ROWS];
	size_t reps = sr_mc_merged(mc);
	if (batch_advise(s, reps, o->threads, sr_mc_metric(mc, SR_M_LIMIT_NEEDED),
			 sr_mc_metric(mc, SR_M_PEAK_DEMAND),
			 sr_mc_metric(mc, SR_M_USAGE_BEFORE_NEED), adv, err,
			 errlen))
		return -1;
	size_t n = sr_advice_rows(adv, s->world.origin_us, rows);
	if (o->metrics) {
		size_t bytes = SR_METRIC_COUNT * reps * sizeof(double);
		*o->metrics = malloc(bytes);
		if (!*o->metrics)
			return -1;
		memcpy(*o->metrics, sr_mc_metric(mc, 0), bytes);
	}
	return sr_mc_commit(mc, rows, n, err, errlen);
}

int run_many(const struct sr_scenario *s, const char *dir,
	     const struct run_opts *o)
{
	char err[1024] = "";
	struct sr_request_answer adv;
	struct sr_record_job job;
	batch_job(s, &job, 1);
	struct many m = {many_open(s, dir, o->keep_replications, err, sizeof err),
			 s->replications, !o->quiet && isatty(2)};
	int rc = !m.mc ||
		 batch_run(&job, s->replications, o->threads, take, &m, err,
			   sizeof err) ||
		 many_finish(s, m.mc, o, &adv, err, sizeof err);
	if (m.progress)
		fprintf(stderr, "\r%40s\r", "");
	if (rc && !interrupted)
		fprintf(stderr, "sesramp: %s\n", err[0] ? err : "the run failed");
	else if (!o->quiet) {
		double q[3];
		print_table(s, m.mc, dir);
		metric_quantiles(sr_mc_metric(m.mc, SR_M_FINAL_MAX_24H),
				 sr_mc_merged(m.mc), q);
		print_advice(s, &adv, s->replications, q[1]);
	}
	if (!rc && o->advice)
		*o->advice = adv;
	sr_mc_free(m.mc);
	return rc ? interrupted ? EXIT_INTERRUPTED : EXIT_RUN : 0;
}
