/*
 * growth: automatic increases of the sending limits (ses-facts section 4;
 * every number an assumption of section 11, since AWS publishes neither the
 * amount nor the frequency).
 *
 * SES raises limits "if your daily email volume regularly approaches the
 * daily maximum without exceeding it", the account is in good standing and
 * its bounce and complaint rates are low; quota and rate rise "in tandem".
 * The rule, evaluated once a day at 00:00 UTC before any other event at
 * that instant (priority SR_PRIO_GROWTH):
 *   - the account is in PRODUCTION, HEALTHY, its quota is not unlimited and
 *     is below the cap;
 *   - bounce rate < max_bounce (2%) and complaint rate < max_complaint
 *     (0.1%);
 *   - at least `spacing` (7 days) since the last change of limits (the grant
 *     or an increase);
 *   - of the last `window_days` (7) whole UTC days, at least `days_required`
 *     (3) had a peak SentLast24Hours >= trigger (50%) x the quota in force
 *     at the evaluation; only days that start at or after the last change of
 *     limits count.
 * Then quota := min(cap, round(quota x factor)) and rate := round(rate x
 * the factor the quota actually rose by, x rate_factor / factor), so that by
 * default both double; event quota_raised.  The cap (1,000,000) is the
 * documented ceiling until 2019; above it only a manual request raises the
 * quota.  Growth never happens in the sandbox, while PENDING, under review
 * or paused.
 *
 * Memory: none allocated.  The account, reputation and engine belong to the
 * caller.  Depends on account, reputation, report and sim/engine.
 */
#ifndef SR_GROWTH_H
#define SR_GROWTH_H

#include <stdint.h>

#include "models/account.h"
#include "models/reputation.h"
#include "sim/engine.h"

/* Engine priority of the daily evaluation: before every model event at
 * 00:00.  Only the output's bucket close (priority 0), which reads state
 * and changes nothing, comes before it. */
#define SR_PRIO_GROWTH 1

struct sr_growth_params {
	int enabled;                /* 1 */
	int window_days;            /* 7, at most SR_PEAK_DAYS - 1 */
	int days_required;          /* 3 */
	double trigger;             /* 0.5 of the quota */
	double factor;              /* 2.0 */
	double rate_factor;         /* 2.0 */
	int64_t cap;                /* 1,000,000 recipients per 24 h */
	int64_t spacing_us;         /* 7 days */
	double max_bounce;          /* 0.02 */
	double max_complaint;       /* 0.001 */
};

void sr_growth_params_default(struct sr_growth_params *p);

struct sr_growth {
	struct sr_growth_params p;
	struct sr_account *account;
	const struct sr_reputation *reputation;   /* may be NULL: rates 0 */
	struct sr_engine *engine;
	int64_t increases;
};

/* Checks the parameters and schedules the first evaluation at the next
 * 00:00 UTC after the engine's now.  Returns 0, or -1. */
int sr_growth_start(struct sr_growth *g, const struct sr_growth_params *p,
		    struct sr_account *account,
		    const struct sr_reputation *reputation,
		    struct sr_engine *engine);

/* The rule above at time t (a 00:00 UTC). Returns 1 if the limits rose,
 * 0 if not. Exposed for tests; the daily event calls it. */
int sr_growth_evaluate(struct sr_growth *g, int64_t t_us);

#endif
