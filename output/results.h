/*
 * results: the output files of one run (DESIGN.md, "Outputs").
 *
 *   timeseries.csv            one row per bucket, the total of all accounts
 *   timeseries-ACCOUNT.csv    one account's rows, when there are several
 *   events.csv                time,replication,account,event,detail, sorted
 *                             by time (stable)
 *   summary.csv               metric,value,unit: the answers
 *
 * Each file begins with '#' comment lines (program version, seed, the
 * effective scenario) and is written under a temporary name, then renamed
 * by sr_results_commit(); sr_results_abort() leaves nothing behind.
 *
 * Columns of the time series: time (ISO 8601 UTC, bucket start), demand,
 * ses_sent (including mailbox-simulator mail), legacy_sent, backlog,
 * throttled, quota_rejected, sandbox_rejected, paused_rejected, dropped,
 * max_24h (-1: unlimited), max_rate, sent_last_24h, bounce_rate,
 * complaint_rate, stage, status, ses_share.
 *
 * Memory: sr_results_open() allocates; commit or abort frees everything.
 * Depends on csvout, eventlog, observe, models/report, models/world and
 * sim/clock.
 */
#ifndef SR_RESULTS_H
#define SR_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "models/report.h"
#include "models/world.h"
#include "output/metrics.h"
#include "output/need.h"
#include "output/observe.h"

struct sr_results;

struct sr_results *sr_results_open(const char *dir, int64_t origin_us,
				   int64_t bucket_us, size_t naccounts,
				   const char *const *account_names,
				   const char *comment, char *err,
				   size_t errlen);

/* The observer's row callback and the models' reporter for this run. */
int sr_results_rows(void *results, const struct sr_row *rows, size_t n);
const struct sr_reporter *sr_results_reporter(struct sr_results *r);

/* What the summary writes: the metrics (sr_results_metrics()) and rows
 * added after them. */
struct sr_results_run {
	const double *metrics;            /* SR_METRIC_COUNT of them */
	const struct sr_answer *extra;    /* rows added to the summary */
	size_t nextra;
};

/* One answer: metric, value (text), unit. */
struct sr_answer {
	char metric[48];
	char value[64];
	char unit[24];
};

#define SR_ANSWERS_MAX 32

/* The run's metrics (output/metrics.h) from the world after its run, the
 * prices (USD per 1,000 recipients), the need tracker (peak demand, SLO
 * breach, usage; may be NULL), the span of usage_before_need and what the
 * rows and events gave. */
void sr_results_metrics(const struct sr_results *r, struct sr_world *world,
			double legacy_price, double ses_price,
			const struct sr_need *need, int64_t lookback_us,
			double out[SR_METRIC_COUNT]);

/* Formats the answers, writes events.csv and summary.csv and renames
 * every file into place.  answers (if not NULL) receives them for the
 * table on stdout.  Frees r.  Returns 0, or -1 with a message in err. */
int sr_results_commit(struct sr_results *r, const struct sr_results_run *run,
		      struct sr_answer *answers, size_t *nanswers, char *err,
		      size_t errlen);

void sr_results_abort(struct sr_results *r);

#endif
