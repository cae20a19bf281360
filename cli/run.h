/*
 * run: a scenario run into an output folder, as one replication (the
 * single-run files of output/results.h) or several (output/montecarlo.h),
 * with the request-date answer (cli/batch.h) in summary.csv and on stdout.
 *
 * Memory: run_many() hands back, if asked, a copy of the metrics
 * ([metric][replication], SR_METRIC_COUNT x reps) that the caller frees.
 */
#ifndef SR_RUN_H
#define SR_RUN_H

#include "cli/scenario.h"
#include "output/request.h"

struct run_opts {
	unsigned threads;
	int keep_replications;
	int quiet;
	double **metrics;               /* NULL, or receives the copy */
	struct sr_request_answer *advice;   /* NULL, or receives the answer */
};

/* Returns 0 or EXIT_RUN (after printing why). */
int run_single(const struct sr_scenario *s, const char *dir, int quiet);
int run_many(const struct sr_scenario *s, const char *dir,
	     const struct run_opts *o);

#endif
