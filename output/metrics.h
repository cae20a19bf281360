/*
 * metrics: the numbers a run answers with, one value per metric and
 * replication, so that one run and many replications share one definition.
 *
 * Instants (production_access, migration_complete, first_quota_shortfall,
 * limit_needed) are engine microseconds since the start; SR_METRIC_NEVER
 * (+infinity) when it did not happen within the horizon; production_access
 * is 0 for accounts in production from the start.  limit_needed is the
 * first quota shortfall or the first queueing delay over the SLO, whichever
 * comes first; a delay from the first review or pause on does not count
 * (it is not for lack of quota, and SES refuses increases then).  Counts are recipients, costs USD, delays seconds, and
 * days_under_review and days_paused count the buckets in which the total's
 * status was probation or shutdown.  peak_demand_24h is the highest
 * rolling-24-hour demand (all traffic, whatever its route).  hard_bounces,
 * soft_bounces and complaints count the recipients of the mail SES
 * accepted that bounced or complained (the feedback model's draws, whether
 * they had arrived by the end or not).
 * usage_before_need is the usage SES would weigh a limit increase against
 * when the limit is needed: each account's highest SentLast24Hours over
 * the lookback days (models/requests.h) before limit_needed, or before the
 * end of the run if it never is, summed over the accounts
 * (output/need.h).  final_max_24h is +infinity when an account's quota is
 * unlimited.
 *
 * Memory: plain values.  Depends on models/world, models/report.
 */
#ifndef SR_METRICS_H
#define SR_METRICS_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "models/report.h"
#include "models/world.h"
#include "output/need.h"

#define SR_METRIC_NEVER INFINITY

enum sr_metric {
	SR_M_ACCESS,             /* instant */
	SR_M_MIGRATION,          /* instant: first day with nothing on the old
				  * provider from then on */
	SR_M_SHORTFALL,          /* instant */
	SR_M_LIMIT_NEEDED,       /* instant */
	SR_M_DEMAND,
	SR_M_SES,
	SR_M_LEGACY,
	SR_M_LEGACY_COST,
	SR_M_SES_COST,
	SR_M_THROTTLED,
	SR_M_QUOTA_REJECTED,
	SR_M_SANDBOX_REJECTED,
	SR_M_PAUSED_REJECTED,
	SR_M_DROPPED,
	SR_M_BACKLOG_END,
	SR_M_HARD_BOUNCES,
	SR_M_SOFT_BOUNCES,
	SR_M_COMPLAINTS,
	SR_M_DELAY_P50,
	SR_M_DELAY_P99,
	SR_M_DAYS_REVIEW,
	SR_M_DAYS_PAUSED,
	SR_M_FINAL_MAX_24H,
	SR_M_FINAL_MAX_RATE,
	SR_M_PEAK_DEMAND,
	SR_M_USAGE_BEFORE_NEED,
	SR_METRIC_COUNT
};

enum sr_metric_kind { SR_MK_INSTANT, SR_MK_COUNT, SR_MK_USD, SR_MK_SECONDS,
		      SR_MK_DAYS, SR_MK_RATE };

struct sr_metric_info {
	const char *name;
	const char *unit;
	enum sr_metric_kind kind;
};

extern const struct sr_metric_info sr_metric_info[SR_METRIC_COUNT];

/* What a replication's metrics are computed from, beyond the world. */
struct sr_metrics_input {
	struct sr_world *world;
	double legacy_price, ses_price;   /* USD per 1,000 recipients */
	int64_t access_us;        /* first access_granted event; -1: none */
	int64_t shortfall_us;     /* first first_quota_shortfall; -1: none */
	int64_t slo_breach_us;    /* first delay over the SLO; -1: none */
	int64_t unhealthy_us;     /* first review_started or paused; -1 */
	int64_t review_us, paused_us;
	int64_t peak_demand;
	const struct sr_need *need;   /* may be NULL: no usage */
	int64_t lookback_us;          /* usage_before_need's span */
};

void sr_metrics_compute(const struct sr_metrics_input *in,
			double out[SR_METRIC_COUNT]);

/* The instants taken from events (access_us, shortfall_us, unhealthy_us):
 * sr_metrics_events_init() sets them to -1 (none), and sr_metrics_note()
 * keeps the earliest of each kind as events are reported, in any order. */
void sr_metrics_events_init(struct sr_metrics_input *in);
void sr_metrics_note(struct sr_metrics_input *in, int64_t t_us,
		     enum sr_event_kind kind);

#endif
