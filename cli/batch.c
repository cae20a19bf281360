/* batch: the replications of one scenario.  See batch.h. */
#include "cli/batch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/interrupt.h"
#include "sim/replicate.h"

struct outcome {
	struct sr_record *rec;
	char err[512];
};

struct pool_ctx {
	const struct sr_record_job *job;
	batch_take_fn take;
	void *ctx;
	char *err;
	size_t errlen;
};

/* Always returns a result, so that a failure's message reaches merge in
 * replication order. */
static int run_one(size_t rep, void *vctx, void **result)
{
	struct pool_ctx *p = vctx;
	struct outcome *o = calloc(1, sizeof *o);
	if (!o)
		return -1;
	if (sr_record_run(p->job, rep, &o->rec, o->err, sizeof o->err))
		o->rec = NULL;
	*result = o;
	return 0;
}

static void drop(void *result, void *ctx)
{
	(void)ctx;
	struct outcome *o = result;
	sr_record_free(o->rec);
	free(o);
}

static int merge_one(size_t rep, void *result, void *vctx)
{
	struct pool_ctx *p = vctx;
	struct outcome *o = result;
	int rc = 0;
	if (interrupted) {
		snprintf(p->err, p->errlen, "interrupted");
		rc = -1;
	} else if (!o->rec) {
		snprintf(p->err, p->errlen, "replication %zu: %s", rep, o->err);
		rc = -1;
	} else if (p->take(p->ctx, rep, o->rec)) {
		snprintf(p->err, p->errlen, "replication %zu: cannot keep its "
			 "results (out of memory or disk space?)", rep);
		rc = -1;
	}
	drop(o, NULL);
	return rc;
}

int batch_run(const struct sr_record_job *job, size_t reps, unsigned threads,
	      batch_take_fn take, void *ctx, char *err, size_t errlen)
{
	struct pool_ctx p = {job, take, ctx, err, errlen};
	struct sr_replicate_job rj = {
		.replications = reps, .threads = threads, .run = run_one,
		.merge = merge_one, .discard = drop, .ctx = &p,
	};
	err[0] = '\0';
	size_t failed;
	if (!sr_replicate_run(&rj, &failed))
		return 0;
	if (!err[0])
		snprintf(err, errlen, "the replications could not run (out of "
			 "memory or threads)");
	return -1;
}

void batch_job(const struct sr_scenario *s, struct sr_record_job *job,
	       int keep_rows)
{
	*job = (struct sr_record_job){
		.world = &s->world, .bucket_us = s->bucket_us,
		.legacy_price = s->legacy_price, .ses_price = s->ses_price,
		.slo_us = (double)s->planning.slo_us, .keep_rows = keep_rows,
		.stop = &interrupted,
	};
}

int batch_plans_increases(const struct sr_world_params *w)
{
	for (size_t i = 0; i < w->naccounts; i++)
		if (w->accounts[i].nincreases)
			return 1;
	return 0;
}

int batch_growth_only(struct sr_world_params *w)
{
	int any = batch_plans_increases(w);
	for (size_t i = 0; i < w->naccounts; i++)
		w->accounts[i].nincreases = 0;
	return any;
}

struct needs {
	double *needed, *peak, *usage;
};

static int take_needs(void *ctx, size_t rep, const struct sr_record *r)
{
	struct needs *n = ctx;
	n->needed[rep] = r->metric[SR_M_LIMIT_NEEDED];
	n->peak[rep] = r->metric[SR_M_PEAK_DEMAND];
	n->usage[rep] = r->metric[SR_M_USAGE_BEFORE_NEED];
	return 0;
}

static int estimate(const struct sr_scenario *s, size_t reps,
		    const double *needed, const double *peak,
		    const double *usage, struct sr_request_answer *a)
{
	int64_t *t = malloc(reps * sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < reps; i++)
		t[i] = isfinite(needed[i]) ? (int64_t)needed[i] : SR_NEVER;
	struct sr_request_input in = {
		.shortfall_us = t, .peak_demand = peak, .n = reps,
		.origin_us = s->world.origin_us,
		.horizon_us = s->world.horizon_us,
		.increase_delay = s->world.requests.increase_delay,
		.confidence = s->planning.confidence,
		.margin = s->planning.margin, .seed = s->world.seed,
		.usage = usage, .full_factor = s->world.requests.full_factor,
	};
	int rc = sr_request_estimate(&in, a);
	free(t);
	return rc;
}

int batch_advise(const struct sr_scenario *s, size_t reps, unsigned threads,
		 const double *needed, const double *peak, const double *usage,
		 struct sr_request_answer *a, char *err, size_t errlen)
{
	static struct sr_scenario g;       /* large: kept off the stack */
	g = *s;
	if (!batch_growth_only(&g.world))
		return estimate(s, reps, needed, peak, usage, a) ?
		       (snprintf(err, errlen, "the request date could not be "
				 "estimated"), -1) : 0;
	struct needs n = {malloc(reps * sizeof(double)),
			  malloc(reps * sizeof(double)),
			  malloc(reps * sizeof(double))};
	struct sr_record_job job;
	batch_job(&g, &job, 0);
	int rc = !n.needed || !n.peak || !n.usage ? -1 :
		 batch_run(&job, reps, threads, take_needs, &n, err, errlen);
	if (!rc && estimate(&g, reps, n.needed, n.peak, n.usage, a)) {
		snprintf(err, errlen, "the request date could not be estimated");
		rc = -1;
	}
	free(n.needed);
	free(n.peak);
	free(n.usage);
	return rc;
}
