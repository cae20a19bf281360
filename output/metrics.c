/* metrics: the numbers a run answers with.  See metrics.h. */
#include "output/metrics.h"

#include "sim/clock.h"

const struct sr_metric_info sr_metric_info[SR_METRIC_COUNT] = {
	[SR_M_ACCESS] = {"production_access", "date", SR_MK_INSTANT},
	[SR_M_MIGRATION] = {"migration_complete", "date", SR_MK_INSTANT},
	[SR_M_SHORTFALL] = {"first_quota_shortfall", "date", SR_MK_INSTANT},
	[SR_M_LIMIT_NEEDED] = {"limit_needed", "date", SR_MK_INSTANT},
	[SR_M_DEMAND] = {"demand", "recipients", SR_MK_COUNT},
	[SR_M_SES] = {"ses_sent", "recipients", SR_MK_COUNT},
	[SR_M_LEGACY] = {"legacy_sent", "recipients", SR_MK_COUNT},
	[SR_M_LEGACY_COST] = {"legacy_cost", "USD", SR_MK_USD},
	[SR_M_SES_COST] = {"ses_cost", "USD", SR_MK_USD},
	[SR_M_THROTTLED] = {"throttled", "recipients", SR_MK_COUNT},
	[SR_M_QUOTA_REJECTED] = {"quota_rejected", "recipients", SR_MK_COUNT},
	[SR_M_SANDBOX_REJECTED] = {"sandbox_rejected", "recipients", SR_MK_COUNT},
	[SR_M_PAUSED_REJECTED] = {"paused_rejected", "recipients", SR_MK_COUNT},
	[SR_M_DROPPED] = {"dropped", "recipients", SR_MK_COUNT},
	[SR_M_BACKLOG_END] = {"backlog_at_end", "recipients", SR_MK_COUNT},
	[SR_M_DELAY_P50] = {"queueing_delay_p50", "s", SR_MK_SECONDS},
	[SR_M_DELAY_P99] = {"queueing_delay_p99", "s", SR_MK_SECONDS},
	[SR_M_DAYS_REVIEW] = {"days_under_review", "days", SR_MK_DAYS},
	[SR_M_DAYS_PAUSED] = {"days_paused", "days", SR_MK_DAYS},
	[SR_M_FINAL_MAX_24H] = {"final_max_24h", "recipients", SR_MK_COUNT},
	[SR_M_FINAL_MAX_RATE] = {"final_max_rate", "per s", SR_MK_RATE},
	[SR_M_PEAK_DEMAND] = {"peak_demand_24h", "recipients", SR_MK_COUNT},
	[SR_M_HARD_BOUNCES] = {"hard_bounces", "recipients", SR_MK_COUNT},
	[SR_M_SOFT_BOUNCES] = {"soft_bounces", "recipients", SR_MK_COUNT},
	[SR_M_COMPLAINTS] = {"complaints", "recipients", SR_MK_COUNT},
	[SR_M_USAGE_BEFORE_NEED] = {"usage_before_need", "recipients",
				    SR_MK_COUNT},
};

void sr_metrics_events_init(struct sr_metrics_input *in)
{
	in->access_us = in->shortfall_us = in->unhealthy_us = -1;
}

static void earliest(int64_t *at, int64_t t_us)
{
	if (*at < 0 || t_us < *at)
		*at = t_us;
}

void sr_metrics_note(struct sr_metrics_input *in, int64_t t_us,
		     enum sr_event_kind kind)
{
	if (kind == SR_EV_ACCESS_GRANTED)
		earliest(&in->access_us, t_us);
	else if (kind == SR_EV_QUOTA_SHORTFALL)
		earliest(&in->shortfall_us, t_us);
	else if (kind == SR_EV_REVIEW_STARTED || kind == SR_EV_PAUSED)
		earliest(&in->unhealthy_us, t_us);
}

static double instant(int64_t t_us)
{
	return t_us < 0 ? SR_METRIC_NEVER : (double)t_us;
}

/* Limits over all accounts: sums, unlimited if any is; and whether all are
 * in production. */
static void limits(struct sr_world *w, double out[SR_METRIC_COUNT],
		   int *all_production)
{
	double quota = 0, rate = 0;
	*all_production = 1;
	struct sr_account *a;
	for (size_t i = 0; (a = sr_world_account(w, i)); i++) {
		quota += a->max_24h == SR_UNLIMITED ? INFINITY : (double)a->max_24h;
		rate += a->max_rate;
		*all_production &= a->stage == SR_STAGE_PRODUCTION;
	}
	out[SR_M_FINAL_MAX_24H] = quota;
	out[SR_M_FINAL_MAX_RATE] = rate;
}

static void flows(const struct sr_metrics_input *in, double out[SR_METRIC_COUNT])
{
	const struct sr_world_totals *t = sr_world_totals(in->world);
	const int64_t *f = t->flow;
	double ses = (double)(f[SR_FLOW_SES] + f[SR_FLOW_SIMULATOR]);
	out[SR_M_DEMAND] = (double)f[SR_FLOW_DEMAND];
	out[SR_M_SES] = ses;
	out[SR_M_LEGACY] = (double)f[SR_FLOW_LEGACY];
	out[SR_M_LEGACY_COST] = (double)f[SR_FLOW_LEGACY] / 1000 * in->legacy_price;
	out[SR_M_SES_COST] = ses / 1000 * in->ses_price;
	out[SR_M_THROTTLED] = (double)f[SR_FLOW_THROTTLED];
	out[SR_M_QUOTA_REJECTED] = (double)f[SR_FLOW_QUOTA_REJECTED];
	out[SR_M_SANDBOX_REJECTED] = (double)f[SR_FLOW_SANDBOX_REJECTED];
	out[SR_M_PAUSED_REJECTED] = (double)f[SR_FLOW_PAUSED_REJECTED];
	out[SR_M_DROPPED] = (double)f[SR_FLOW_DROPPED];
	out[SR_M_BACKLOG_END] = (double)t->backlog;
	const struct sr_feedback_totals *fb = sr_world_feedback(in->world);
	out[SR_M_HARD_BOUNCES] = (double)fb->hard;
	out[SR_M_SOFT_BOUNCES] = (double)fb->soft;
	out[SR_M_COMPLAINTS] = (double)fb->complaints;
	out[SR_M_MIGRATION] = t->migration_day < 0 ? SR_METRIC_NEVER :
			      (double)(t->migration_day * SR_US_PER_DAY);
}

void sr_metrics_compute(const struct sr_metrics_input *in,
			double out[SR_METRIC_COUNT])
{
	int all_production;
	limits(in->world, out, &all_production);
	flows(in, out);
	out[SR_M_ACCESS] = in->access_us >= 0 ? (double)in->access_us :
			   all_production ? 0 : SR_METRIC_NEVER;
	out[SR_M_SHORTFALL] = instant(in->shortfall_us);
	double need = instant(in->slo_breach_us);
	if (in->unhealthy_us >= 0 && in->slo_breach_us >= in->unhealthy_us)
		need = SR_METRIC_NEVER;
	out[SR_M_LIMIT_NEEDED] = need < out[SR_M_SHORTFALL] ? need :
				 out[SR_M_SHORTFALL];
	out[SR_M_DELAY_P50] = sr_world_delay_quantile(in->world, 0.5) / 1e6;
	out[SR_M_DELAY_P99] = sr_world_delay_quantile(in->world, 0.99) / 1e6;
	out[SR_M_DAYS_REVIEW] = (double)in->review_us / SR_US_PER_DAY;
	out[SR_M_DAYS_PAUSED] = (double)in->paused_us / SR_US_PER_DAY;
	out[SR_M_PEAK_DEMAND] = (double)in->peak_demand;
	double until = isinf(out[SR_M_LIMIT_NEEDED]) ?
		       (double)sr_world_horizon(in->world) : out[SR_M_LIMIT_NEEDED];
	out[SR_M_USAGE_BEFORE_NEED] = in->need ?
		(double)sr_need_sent_peak(in->need, (int64_t)until,
					  in->lookback_us) : 0;
}
