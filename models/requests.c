/* requests: production access and limit-increase requests.  See requests.h. */
#include "models/requests.h"
#include "models/delay.h"

#include <inttypes.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "models/report.h"
#include "sim/clock.h"

/* Engine priority of every request event: after growth's 00:00 evaluation
 * (priority 0), so a limit raised at midnight is seen by an answer due then. */
#define PRIO 10

/* The default grant (ses-facts section 2: 50,000 blogged by AWS, 14/s user
 * reported): the form's default and the floor of a partial grant. */
#define DEFAULT_QUOTA 50000
#define DEFAULT_RATE 14.0

/* A drawn delay is capped at 100 years, far beyond any answer SES gives, so
 * that adding it to a calendar instant cannot overflow. */
#define MAX_DELAY_US (100 * 365 * SR_US_PER_DAY)

/*
 * mu = ln(median) and sigma = (ln(p90) - ln(median)) / z(0.9).  When the two
 * quantiles are equal sigma is 0 and the delay is the median exactly: nothing
 * is drawn, so a deterministic delay leaves the stream untouched (and a test
 * can fix a delay to the microsecond).
 */
int64_t sr_delay_draw(const struct sr_delay *d, gsl_rng *r)
{
	struct sr_lognormal l = {d->median_h * 3600.0, 0.9, d->p90_h * 3600.0};
	int64_t us = sr_lognormal_draw_us(&l, r);
	return us < MAX_DELAY_US ? us : MAX_DELAY_US;
}

void sr_access_form_default(struct sr_access_form *f)
{
	*f = (struct sr_access_form){
		.quota = DEFAULT_QUOTA,
		.rate = DEFAULT_RATE,
		.mail_type = SR_MAIL_TRANSACTIONAL,
		.website = 1,
		.complies_with_terms = 1,
		.opt_in_only = 1,
		.handles_bounces = 1,
		.description = 1.0,
		.expected_daily = 0,
	};
}

void sr_requests_params_default(struct sr_requests_params *p)
{
	*p = (struct sr_requests_params){
		.access_delay = {20, 48},
		.access = {0.85, 0.10, 0.05},
		.related = {0.50, 0.45, 0.05},
		.no_website_shift = 0.15,
		.thin_description_shift = 0.30,
		.reply_delay = {24, 72},
		.reapply = 1,
		.reapply_after_us = 7 * SR_US_PER_DAY,
		.overask_factor = 10,
		.increase_delay = {12, 24},
		.full_factor = 10,
		.partial_factor = 2,
		.lookback_days = 14,
	};
}

struct sr_outcome_p sr_requests_access_p(const struct sr_requests_params *p,
					 const struct sr_access_form *f,
					 int related)
{
	if (!f->complies_with_terms || !f->opt_in_only || !f->handles_bounces)
		return (struct sr_outcome_p){0, 0, 1};
	struct sr_outcome_p o = related ? p->related : p->access;
	double thin = 1 - f->description;
	thin = thin < 0 ? 0 : thin > 1 ? 1 : thin;
	double shift = (f->website ? 0 : p->no_website_shift) +
		       p->thin_description_shift * thin;
	/* The shifts move probability from granted; they cannot move more than
	 * there is, and denied stays as it was. */
	if (shift > o.granted)
		shift = o.granted;
	o.granted -= shift;
	o.more_info += shift;
	return o;
}

static int delay_ok(const struct sr_delay *d)
{
	return d->median_h > 0 && d->p90_h >= d->median_h && isfinite(d->p90_h);
}

static int outcome_ok(const struct sr_outcome_p *o)
{
	return o->granted >= 0 && o->more_info >= 0 && o->denied >= 0 &&
	       fabs(o->granted + o->more_info + o->denied - 1) < 1e-9;
}

/* A partial grant above the full one would make no sense, hence the order
 * of the two factors. */
static int params_ok(const struct sr_requests_params *p)
{
	return delay_ok(&p->access_delay) && delay_ok(&p->reply_delay) &&
	       delay_ok(&p->increase_delay) && outcome_ok(&p->access) &&
	       outcome_ok(&p->related) && p->no_website_shift >= 0 &&
	       isfinite(p->no_website_shift) &&
	       p->thin_description_shift >= 0 &&
	       isfinite(p->thin_description_shift) &&
	       p->reapply_after_us >= 0 && p->overask_factor > 0 &&
	       isfinite(p->overask_factor) && p->partial_factor > 0 &&
	       p->partial_factor <= p->full_factor &&
	       isfinite(p->full_factor) && p->lookback_days >= 1 &&
	       p->lookback_days <= SR_PEAK_DAYS;
}

static int form_ok(const struct sr_access_form *f)
{
	return f->quota >= 1 && f->rate > 0 && isfinite(f->rate) &&
	       (unsigned)f->mail_type <= SR_MAIL_OTHER &&
	       f->description >= 0 && f->description <= 1 &&
	       f->expected_daily >= 0;
}

int sr_requests_init(struct sr_requests *q, const struct sr_requests_params *p,
		     struct sr_account *account, struct sr_engine *engine,
		     gsl_rng *rng)
{
	*q = (struct sr_requests){0};
	if (!p || !account || !engine || !rng || !params_ok(p))
		return -1;
	q->p = *p;
	q->account = account;
	q->engine = engine;
	q->rng = rng;
	sr_access_form_default(&q->form);
	return 0;
}

static const char *mail_type_name(enum sr_mail_type m)
{
	static const char *const names[] = {
		"transactional", "system", "subscription", "marketing", "other"
	};
	return (unsigned)m <= SR_MAIL_OTHER ? names[m] : "unknown";
}

/* Engine time at which `delay_us` of business time has passed after t: the
 * calendar works on UTC instants, engine time starts at the origin. */
static int64_t business_after(const struct sr_requests *q, int64_t t_us,
			      int64_t delay_us)
{
	int64_t origin = q->account->origin_us;
	return sr_time_add_business(origin + t_us, delay_us) - origin;
}

static void report(const struct sr_requests *q, int64_t t_us,
		   enum sr_event_kind kind, const char *detail)
{
	sr_report(q->account->reporter, t_us, q->account->name, kind, "%s",
		  detail);
}

/* ---- production access ------------------------------------------------ */

static int access_review(struct sr_engine *e, void *ctx, int64_t arg);

/* A review answers after the business-time response delay. */
static int schedule_review(struct sr_requests *q, int64_t t_us)
{
	int64_t delay = sr_delay_draw(&q->p.access_delay, q->rng);
	return sr_engine_at(q->engine, business_after(q, t_us, delay), PRIO,
			    access_review, q, 0, NULL);
}

static int access_filed(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct sr_requests *q = ctx;
	const struct sr_access_form *f = &q->form;
	int64_t t = sr_engine_now(e);
	sr_account_set_stage(q->account, t, SR_STAGE_PENDING);
	sr_report(q->account->reporter, t, q->account->name,
		  SR_EV_ACCESS_REQUESTED, "%" PRId64 " per 24h, %g per s, %s",
		  f->quota, f->rate, mail_type_name(f->mail_type));
	return schedule_review(q, t);
}

/* The filing itself is an event at t, so that the stage turns PENDING at t
 * and not when the caller happens to file. */
static int open_access(struct sr_requests *q, int64_t t_us)
{
	if (sr_engine_at(q->engine, t_us, PRIO, access_filed, q, 0, NULL))
		return -1;
	q->access_open = 1;
	return 0;
}

int sr_requests_file_access(struct sr_requests *q, int64_t t_us,
			    const struct sr_access_form *form)
{
	if (q->access_open || q->account->stage != SR_STAGE_SANDBOX ||
	    !form_ok(form))
		return -1;
	if (open_access(q, t_us))
		return -1;
	q->form = *form;
	return 0;
}

/* The quota granted for the form: what was asked, unless that is above
 * overask_factor x the stated daily volume; then that multiple, but not
 * below the default grant (nor above what was asked). */
static int64_t granted_quota(const struct sr_requests *q)
{
	const struct sr_access_form *f = &q->form;
	double cap = q->p.overask_factor * (double)f->expected_daily;
	if (f->expected_daily == 0 || (double)f->quota <= cap)
		return f->quota;
	int64_t g = llround(cap);
	if (g < DEFAULT_QUOTA)
		g = DEFAULT_QUOTA;
	return g < f->quota ? g : f->quota;
}

static int grant_access(struct sr_requests *q, int64_t t_us)
{
	const struct sr_access_form *f = &q->form;
	int64_t quota = granted_quota(q);
	double rate = f->rate;
	if (quota < f->quota)
		rate *= (double)quota / (double)f->quota;
	sr_account_set_stage(q->account, t_us, SR_STAGE_PRODUCTION);
	sr_account_set_limits(q->account, t_us, quota, rate);
	q->access_open = 0;
	if (quota < f->quota)
		sr_report(q->account->reporter, t_us, q->account->name,
			  SR_EV_ACCESS_GRANTED,
			  "%" PRId64 " per 24h, %g per s, in part (asked %"
			  PRId64 " per 24h)", quota, rate, f->quota);
	else
		sr_report(q->account->reporter, t_us, q->account->name,
			  SR_EV_ACCESS_GRANTED, "%" PRId64 " per 24h, %g per s",
			  quota, rate);
	return 0;
}

static int access_reply(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct sr_requests *q = ctx;
	int64_t t = sr_engine_now(e);
	q->form.description = 1.0;
	report(q, t, SR_EV_ACCESS_INFO_SENT, "use case completed");
	return schedule_review(q, t);
}

/* The user's reply takes calendar time: people answer at the weekend too. */
static int ask_more_info(struct sr_requests *q, int64_t t_us)
{
	report(q, t_us, SR_EV_ACCESS_MORE_INFO, "more information needed");
	int64_t delay = sr_delay_draw(&q->p.reply_delay, q->rng);
	return sr_engine_after(q->engine, delay, PRIO, access_reply, q, 0,
			       NULL);
}

/* The user files the same form again, unless a request is already under
 * way or the account left the sandbox in the meantime. */
static int access_reapply(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct sr_requests *q = ctx;
	if (q->access_open || q->account->stage != SR_STAGE_SANDBOX)
		return 0;
	return open_access(q, sr_engine_now(e));
}

static int deny_access(struct sr_requests *q, int64_t t_us)
{
	sr_account_set_stage(q->account, t_us, SR_STAGE_SANDBOX);
	q->access_open = 0;
	if (!q->p.reapply) {
		report(q, t_us, SR_EV_ACCESS_DENIED, "no re-application");
		return 0;
	}
	sr_report(q->account->reporter, t_us, q->account->name,
		  SR_EV_ACCESS_DENIED, "re-applies after %g days",
		  (double)q->p.reapply_after_us / (double)SR_US_PER_DAY);
	return sr_engine_after(q->engine, q->p.reapply_after_us, PRIO,
			       access_reapply, q, 0, NULL);
}

/* One uniform per review, whatever the probabilities, so that the order of
 * draws does not depend on the form. */
static int access_review(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct sr_requests *q = ctx;
	int64_t t = sr_engine_now(e);
	struct sr_outcome_p o = sr_requests_access_p(&q->p, &q->form,
						     q->account->related);
	double u = gsl_rng_uniform(q->rng);
	q->access_reviews++;
	if (u < o.granted)
		return grant_access(q, t);
	if (u < o.granted + o.more_info)
		return ask_more_info(q, t);
	return deny_access(q, t);
}

/* ---- limit increase --------------------------------------------------- */

static int increase_answer(struct sr_engine *e, void *ctx, int64_t arg);

static int increase_filed(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct sr_requests *q = ctx;
	int64_t t = sr_engine_now(e);
	sr_report(q->account->reporter, t, q->account->name,
		  SR_EV_INCREASE_REQUESTED, "%" PRId64 " per 24h, %g per s",
		  q->increase_quota, q->increase_rate);
	int64_t delay = sr_delay_draw(&q->p.increase_delay, q->rng);
	return sr_engine_at(e, business_after(q, t, delay), PRIO,
			    increase_answer, q, 0, NULL);
}

int sr_requests_file_increase(struct sr_requests *q, int64_t t_us,
			      int64_t quota, double rate)
{
	if (q->increase_open || quota < 1 || !(rate >= 0) || !isfinite(rate))
		return -1;
	if (sr_engine_at(q->engine, t_us, PRIO, increase_filed, q, 0, NULL))
		return -1;
	q->increase_quota = quota;
	q->increase_rate = rate;
	q->increase_open = 1;
	return 0;
}

static int deny_increase(struct sr_requests *q, int64_t t_us,
			 const char *why)
{
	report(q, t_us, SR_EV_INCREASE_DENIED, why);
	return 0;
}

/* Quota and rate rise in tandem (ses-facts section 2); a full grant may
 * also give the higher rate asked for. */
static int grant_increase(struct sr_requests *q, int64_t t_us, int64_t quota,
			  int64_t peak, int full)
{
	struct sr_account *a = q->account;
	/* Limits never fall: a request for less keeps what the account has. */
	if (quota < a->max_24h)
		quota = a->max_24h;
	double rate = a->max_rate * ((double)quota / (double)a->max_24h);
	if (full && q->increase_rate > rate)
		rate = q->increase_rate;
	sr_account_set_limits(a, t_us, quota, rate);
	sr_report(a->reporter, t_us, a->name,
		  full ? SR_EV_INCREASE_GRANTED : SR_EV_INCREASE_PARTIAL,
		  "%" PRId64 " per 24h, %g per s (asked %" PRId64
		  ", peak %" PRId64 ")", quota, rate, q->increase_quota, peak);
	return 0;
}

static int increase_answer(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct sr_requests *q = ctx;
	struct sr_account *a = q->account;
	int64_t t = sr_engine_now(e);
	q->increase_open = 0;
	/* Bring the account up to t first: lazily computed sends may start a
	 * review that must deny the request. */
	sr_account_sent_last_24h(a, t);
	if (a->stage != SR_STAGE_PRODUCTION)
		return deny_increase(q, t, "not in production");
	if (a->status != SR_STATUS_HEALTHY)
		return deny_increase(q, t, sr_status_name(a->status));
	/* An unlimited quota has nothing to rise to, and no proportion for
	 * the rate. */
	if (a->max_24h == SR_UNLIMITED)
		return deny_increase(q, t, "quota unlimited");
	int64_t peak = sr_account_recent_peak(a, t, q->p.lookback_days);
	int64_t asked = q->increase_quota;
	if (asked <= a->max_24h && q->increase_rate <= a->max_rate)
		return deny_increase(q, t, "asks no more than the current limits");
	if ((double)asked <= q->p.full_factor * (double)peak)
		return grant_increase(q, t, asked, peak, 1);
	int64_t part = llround(q->p.partial_factor * (double)peak);
	if (part <= a->max_24h)
		return deny_increase(q, t, "not justified by the recent peak");
	return grant_increase(q, t, part, peak, 0);
}
