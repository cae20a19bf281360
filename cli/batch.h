/*
 * batch: the replications of one scenario on a thread pool, and the
 * request-date answer built from them.
 *
 * batch_run() runs replications 0..reps-1 of a record job
 * (output/record.h) on `threads` threads (sim/replicate) and hands each
 * record, in replication order, to take(); the record is freed after.
 * The first failure, in replication order, stops the batch with its
 * message in err.
 *
 * batch_advise() answers "when to file a limit-increase request": from the
 * limit_needed, peak_demand_24h and usage_before_need metrics of the
 * replications given, or,
 * when the scenario files limit increases of its own, from a second batch
 * of the same replications with those requests removed, so that the answer
 * is about automatic growth only.
 *
 * Memory: nothing is kept between calls.  Prints nothing.
 */
#ifndef SR_BATCH_H
#define SR_BATCH_H

#include <stddef.h>

#include "cli/scenario.h"
#include "output/record.h"
#include "output/request.h"

typedef int (*batch_take_fn)(void *ctx, size_t rep, const struct sr_record *r);

int batch_run(const struct sr_record_job *job, size_t reps, unsigned threads,
	      batch_take_fn take, void *ctx, char *err, size_t errlen);

/* The record job of a scenario as it stands. */
void batch_job(const struct sr_scenario *s, struct sr_record_job *job,
	       int keep_rows);

/* Whether any account plans limit-increase requests of its own (the
 * request-date answer then needs a second batch without them). */
int batch_plans_increases(const struct sr_world_params *w);

/* Removes every planned limit-increase request; 1 if there were any. */
int batch_growth_only(struct sr_world_params *w);

/* needed, peak and usage: one value per replication (metrics
 * limit_needed, peak_demand_24h and usage_before_need of the scenario as
 * it stands), reps of them. */
int batch_advise(const struct sr_scenario *s, size_t reps, unsigned threads,
		 const double *needed, const double *peak, const double *usage,
		 struct sr_request_answer *a, char *err, size_t errlen);

#endif
