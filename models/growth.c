/* growth: automatic increases of the sending limits.  See growth.h.
 *
 * Choices the header leaves open:
 *   - The first evaluation is at the first 00:00 UTC strictly after the
 *     engine's now.  When growth starts exactly at a midnight (engine time 0
 *     of a scenario that begins at 00:00), that midnight is skipped: no
 *     whole day has passed yet, so there would be nothing to count.
 *   - Usage is compared in double precision, peak >= trigger x quota; quotas
 *     and peaks below 2^53 are exact, so only the product can round.
 *   - A quota below 1 never grows (there is nothing to approach).  When
 *     rounding would leave the quota where it is (a tiny quota and a factor
 *     close to 1), it rises by one recipient instead, so that an increase
 *     always raises it.  The rate never falls: a rate_factor below the
 *     factor could otherwise shrink it.
 */
#include "models/growth.h"

#include <math.h>

#include "sim/clock.h"

void sr_growth_params_default(struct sr_growth_params *p)
{
	p->enabled = 1;
	p->window_days = 7;
	p->days_required = 3;
	p->trigger = 0.5;
	p->factor = 2.0;
	p->rate_factor = 2.0;
	p->cap = 1000000;
	p->spacing_us = 7 * SR_US_PER_DAY;
	p->max_bounce = 0.02;
	p->max_complaint = 0.001;
}

static int params_valid(const struct sr_growth_params *p)
{
	return p->window_days >= 1 && p->window_days <= SR_PEAK_DAYS - 1 &&
	       p->days_required >= 1 && p->days_required <= p->window_days &&
	       p->trigger > 0 && p->trigger <= 1 &&
	       p->factor > 1 && isfinite(p->factor) &&
	       p->rate_factor > 0 && isfinite(p->rate_factor) &&
	       p->cap >= 1 && p->spacing_us >= 0 &&
	       p->max_bounce > 0 && p->max_complaint > 0;
}

/* The daily event: evaluate, then come back at the next 00:00 UTC. */
static int daily(struct sr_engine *e, void *ctx, int64_t arg)
{
	struct sr_growth *g = ctx;
	int64_t t = sr_engine_now(e);
	(void)arg;
	sr_growth_evaluate(g, t);
	int64_t next = sr_account_day_start(g->account,
					    sr_account_day_of(g->account, t) + 1);
	return sr_engine_at(e, next, SR_PRIO_GROWTH, daily, g, 0, NULL);
}

int sr_growth_start(struct sr_growth *g, const struct sr_growth_params *p,
		    struct sr_account *account,
		    const struct sr_reputation *reputation,
		    struct sr_engine *engine)
{
	if (!g || !p || !account || !engine || !params_valid(p))
		return -1;
	*g = (struct sr_growth){
		.p = *p,
		.account = account,
		.reputation = reputation,
		.engine = engine,
	};
	if (!p->enabled)
		return 0;
	int64_t now = sr_engine_now(engine);
	int64_t first = sr_account_day_start(account,
					     sr_account_day_of(account, now) + 1);
	return sr_engine_at(engine, first, SR_PRIO_GROWTH, daily, g, 0, NULL);
}

/* Standing, limits and spacing: everything but usage and reputation. */
static int eligible(const struct sr_growth *g, int64_t t_us)
{
	const struct sr_account *a = g->account;
	return a->stage == SR_STAGE_PRODUCTION &&
	       a->status == SR_STATUS_HEALTHY &&
	       a->max_24h != SR_UNLIMITED && a->max_24h >= 1 &&
	       a->max_24h < g->p.cap &&
	       t_us - a->limits_changed_us >= g->p.spacing_us;
}

static int reputation_good(const struct sr_growth *g)
{
	if (!g->reputation)
		return 1;
	return sr_reputation_bounce_rate(g->reputation) < g->p.max_bounce &&
	       sr_reputation_complaint_rate(g->reputation) <
	       g->p.max_complaint;
}

/* Whole days of the window, at the current limits, whose peak reached the
 * trigger.  The account must already have been brought to t. */
static int busy_days(const struct sr_growth *g, int64_t t_us)
{
	const struct sr_account *a = g->account;
	int64_t today = sr_account_day_of(a, t_us);
	double need = g->p.trigger * (double)a->max_24h;
	int busy = 0;
	for (int64_t d = today - g->p.window_days; d < today; d++) {
		if (sr_account_day_start(a, d) < a->limits_changed_us)
			continue;
		int64_t peak = sr_account_day_peak(a, d);
		if (peak >= 0 && (double)peak >= need)
			busy++;
	}
	return busy;
}

static int64_t raised_quota(const struct sr_growth *g, int64_t quota)
{
	double q = round((double)quota * g->p.factor);
	if (q >= (double)g->p.cap)
		return g->p.cap;
	int64_t next = (int64_t)q;
	return next > quota ? next : quota + 1;
}

static double raised_rate(const struct sr_growth *g, double rate,
			  int64_t old_quota, int64_t new_quota)
{
	double rose_by = (double)new_quota / (double)old_quota;
	double r = round(rate * rose_by * g->p.rate_factor / g->p.factor);
	return r > rate ? r : rate;
}

int sr_growth_evaluate(struct sr_growth *g, int64_t t_us)
{
	struct sr_account *a = g->account;
	if (!g->p.enabled)
		return 0;
	/* Closes the days up to t, so yesterday's peak is final. */
	sr_account_sent_last_24h(a, t_us);
	if (!eligible(g, t_us) || !reputation_good(g) ||
	    busy_days(g, t_us) < g->p.days_required)
		return 0;
	int64_t old_quota = a->max_24h;
	double old_rate = a->max_rate;
	int64_t quota = raised_quota(g, old_quota);
	double rate = raised_rate(g, old_rate, old_quota, quota);
	sr_account_set_limits(a, t_us, quota, rate);
	g->increases++;
	sr_report(a->reporter, t_us, a->name, SR_EV_QUOTA_RAISED,
		  "%lld -> %lld per 24h, %.17g -> %.17g per s",
		  (long long)old_quota, (long long)quota, old_rate, rate);
	return 1;
}
