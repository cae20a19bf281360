/*
 * record: one replication, run and kept in a compact form for merging.
 *
 * sr_record_run() builds replication `rep` of a scenario (models/world),
 * watches it with an observer (output/observe) and a need tracker
 * (output/need), runs it, and returns what the outputs of a Monte Carlo
 * run need from it:
 *   - the time series as numbers, SR_RECORD_COLS per row and `kinds` rows
 *     per bucket (the total, then each account when there are several),
 *     bucket-major: cell (bucket b, kind k, column c) is
 *     cells[(b * kinds + k) * SR_RECORD_COLS + c];
 *   - the events, sorted by time (stable);
 *   - the metrics (output/metrics.h), and the instant at which the total
 *     quota first reached the job's target (sesramp when).
 * It runs on any thread: it only reads the job.
 *
 * Columns: the numeric columns of timeseries.csv (output/results.h), with
 * max_24h +infinity when unlimited, NaN where a single run writes an empty
 * field, then in_production, under_review and paused (1 or 0: the total's
 * stage and status, as shares once averaged over replications).
 *
 * Memory: sr_record_run() allocates the record; sr_record_free() releases
 * it.  Depends on models/world, output/observe, output/need, output/metrics
 * and output/eventlog.
 */
#ifndef SR_RECORD_H
#define SR_RECORD_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "models/report.h"
#include "models/world.h"
#include "output/eventlog.h"
#include "output/metrics.h"
#include "sim/engine.h"

#define SR_RECORD_COLS 19

extern const char *const sr_record_columns[SR_RECORD_COLS];

struct sr_record_job {
	const struct sr_world_params *world;
	int64_t bucket_us;
	double legacy_price, ses_price;
	double slo_us;                 /* queueing delay that is a shortfall */
	int64_t target;                /* sesramp when: quota target; 0 none */
	int keep_rows;                 /* 0: no time series (metrics only) */
	const volatile sig_atomic_t *stop;   /* if set and it turns non-zero,
					      * the run stops within a
					      * simulated day; may be NULL */
};

/* Schedules the daily look at *stop on an engine (from t = 0); stop may
 * be NULL (nothing is scheduled).  Returns 0 or -1. */
int sr_record_watch(struct sr_engine *e, const volatile sig_atomic_t *stop);

struct sr_record {
	size_t kinds, buckets, cap;
	double *cells;
	struct sr_eventlog events;      /* in time order */
	double metric[SR_METRIC_COUNT];
	int64_t quota_reached_us;      /* -1: never (or no target) */
	int64_t need_reached_us;       /* demand reached the target; -1 never */
	int64_t review_us, paused_us;
};

/* Runs replication rep.  Returns 0 and *out, or -1 with a message in err. */
int sr_record_run(const struct sr_record_job *job, size_t rep,
		  struct sr_record **out, char *err, size_t errlen);

void sr_record_free(struct sr_record *r);

/* The number of buckets a job's rows have: ceil(horizon / bucket). */
size_t sr_record_buckets(const struct sr_record_job *job);

#endif
