/*
 * montecarlo: the output files of several replications, merged in
 * replication order (DESIGN.md, "Outputs").
 *
 *   timeseries.csv            per bucket, for each numeric column X of a
 *                             single run: X_p05, X_p25, X_p50, X_p75, X_p95
 *                             over the replications (NaN values, such as
 *                             the share of a bucket without mail, left
 *                             out); then in_production, under_review and
 *                             paused: the share of replications in that
 *                             stage or status at the end of the bucket
 *   timeseries-ACCOUNT.csv    the same for one account, with several
 *   timeseries-replications.csv   (--keep-replications) every replication's
 *                             rows: replication, account ("all" for the
 *                             total), time, the single-run columns
 *   events.csv                time,replication,account,event,detail
 *   summary.csv               metric,unit,value,mean,ci95_low,ci95_high,
 *                             p05,p50,p95,n: per metric over replications;
 *                             instants in days from the start, "never"
 *                             counted as +infinity in the quantiles and left
 *                             out of mean and interval (n says how many
 *                             replications count); rows that are one
 *                             answer (the request date) fill only value
 *
 * Quantiles are exact (sim/stats: GSL on sorted data).  The replications'
 * rows go to an unlinked temporary file as they are merged and are read
 * back a block of buckets at a time, so memory stays near a fixed budget
 * (a 4 MB buffer) whatever the number of replications; the metrics (22 numbers per
 * replication) stay in memory.
 *
 * Memory: sr_mc_open() allocates; sr_mc_free() releases, after
 * sr_mc_commit() or instead of it (then no file is left behind).  Merged
 * records stay the caller's.  Depends on output/record, csvout, results
 * (struct sr_answer) and sim/stats.
 */
#ifndef SR_MONTECARLO_H
#define SR_MONTECARLO_H

#include <stddef.h>
#include <stdint.h>

#include "output/record.h"
#include "output/results.h"

struct sr_mc_config {
	const char *dir;
	int64_t origin_us, bucket_us;
	size_t buckets;                /* rows per replication */
	size_t replications;
	size_t naccounts;
	const char *const *account_names;
	const char *comment;           /* '#' lines of every file */
	int keep_replications;
	int keep_rows;                 /* 0: no time series files (metrics,
					* events and summary only) */
};

struct sr_mc;

struct sr_mc *sr_mc_open(const struct sr_mc_config *c, char *err,
			 size_t errlen);

/* Takes in replication rep's record (reps in order 0, 1, ...). */
int sr_mc_merge(struct sr_mc *m, size_t rep, const struct sr_record *r);

/* The merged values of a metric, one per replication (valid until free). */
const double *sr_mc_metric(const struct sr_mc *m, enum sr_metric metric);
size_t sr_mc_merged(const struct sr_mc *m);

/* Writes the quantile time series and the summary (with the extra answer
 * rows, may be none) and renames every file into place.  Returns 0, or -1
 * with a message in err. */
int sr_mc_commit(struct sr_mc *m, const struct sr_answer *extra,
		 size_t nextra, char *err, size_t errlen);

void sr_mc_free(struct sr_mc *m);

#endif
