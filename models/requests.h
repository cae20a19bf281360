/*
 * requests: production access and limit-increase requests (ses-facts
 * sections 2 and 4; defaults from section 11, all assumptions unless said).
 *
 * Production access.  A request carries the fields of the SES form (region,
 * the limit asked for, mail type, website URL given or not, the three
 * attestations, how complete the use-case description is).  It is answered
 * after a delay drawn from a lognormal (median 20 h, 90th percentile 48 h)
 * counted in business time (Monday-Friday UTC; "one business day" in 2018,
 * "within 24 hours" from 2019, 24-48 h reported).  Outcome:
 *   - any attestation answered "no": DENIED;
 *   - otherwise granted / more information / denied with probabilities
 *     0.85 / 0.10 / 0.05, or 0.50 / 0.45 / 0.05 for an account related to
 *     one that already has production access;
 *   - no website URL moves 0.15, and a thin description moves up to 0.30
 *     (x (1 - completeness)), from granted to more information.
 * GRANTED: stage PRODUCTION with the granted limits: the limits asked for
 * (default 50,000 per 24 h and 14 per s: 50,000 is blogged by AWS, 14/s user
 * reported), except that a quota above overask_factor (10) x the expected
 * daily volume stated on the form is granted in part: at that multiple (but
 * not below the default grant), the rate scaled in proportion.
 * MORE INFORMATION: the user replies after a lognormal delay (median 24 h,
 * 90th percentile 72 h, calendar time); the reply completes the description;
 * a new review with the same response delay follows.
 * DENIED: stage back to SANDBOX; the user re-applies with the same form after
 * `reapply_after` (7 days) if `reapply` is set.
 *
 * Limit increase.  Answered after a lognormal delay (median 12 h, 90th
 * percentile 24 h, business time; Service Quotas: "up to 24 hours").  At the
 * answer: DENIED if the account is not HEALTHY or not in PRODUCTION;
 * granted in full if the quota asked for is at most full_factor (10) x the
 * peak SentLast24Hours of the last lookback_days (14); otherwise granted in
 * part at partial_factor (2) x that peak, or DENIED if that is not above the
 * current quota.  The rate rises with the quota in proportion, or to the
 * rate asked for if that is higher and the grant is in full.
 *
 * Every filing and answer is reported (events access_requested, ...).
 *
 * Memory: none allocated beyond the struct.  The account, engine, reporter
 * and generator belong to the caller; the generator must be this model's own
 * stream.  Depends on account, report, sim/engine, sim/clock and GSL.
 */
#ifndef SR_REQUESTS_H
#define SR_REQUESTS_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/account.h"
#include "sim/engine.h"

/* A lognormal delay given by its median and 90th percentile, in hours. */
struct sr_delay {
	double median_h;
	double p90_h;
};

/* Draws a delay in microseconds (median and p90 > 0, p90 >= median). */
int64_t sr_delay_draw(const struct sr_delay *d, gsl_rng *r);

enum sr_mail_type {
	SR_MAIL_TRANSACTIONAL, SR_MAIL_SYSTEM, SR_MAIL_SUBSCRIPTION,
	SR_MAIL_MARKETING, SR_MAIL_OTHER
};

struct sr_access_form {
	int64_t quota;              /* Max24HourSend asked for: 50,000 */
	double rate;                /* MaxSendRate asked for: 14 */
	enum sr_mail_type mail_type;
	int website;                /* a website URL is given: 1 */
	int complies_with_terms;    /* attestations, 1 = yes */
	int opt_in_only;
	int handles_bounces;
	double description;         /* completeness of the use case, 0..1: 1 */
	int64_t expected_daily;     /* stated volume per day; 0: not stated */
};

void sr_access_form_default(struct sr_access_form *f);

struct sr_outcome_p {
	double granted, more_info, denied;   /* sum to 1 */
};

struct sr_requests_params {
	struct sr_delay access_delay;        /* 20 h, 48 h; business time */
	struct sr_outcome_p access;          /* 0.85, 0.10, 0.05 */
	struct sr_outcome_p related;         /* 0.50, 0.45, 0.05 */
	double no_website_shift;             /* 0.15 */
	double thin_description_shift;      /* 0.30 */
	struct sr_delay reply_delay;         /* 24 h, 72 h; calendar time */
	int reapply;                         /* 1 */
	int64_t reapply_after_us;            /* 7 days */
	double overask_factor;               /* 10 */
	struct sr_delay increase_delay;      /* 12 h, 24 h; business time */
	double full_factor;                  /* 10 */
	double partial_factor;               /* 2 */
	int lookback_days;                   /* 14 */
};

void sr_requests_params_default(struct sr_requests_params *p);

/* Probabilities for a form from an account (related or not), after the
 * rules above. Exposed for tests. */
struct sr_outcome_p sr_requests_access_p(const struct sr_requests_params *p,
					 const struct sr_access_form *f,
					 int related);

struct sr_requests {
	struct sr_requests_params p;
	struct sr_account *account;
	struct sr_engine *engine;
	gsl_rng *rng;
	struct sr_access_form form;
	int access_open;            /* an access request is under way */
	int64_t increase_quota;     /* limit asked for by the open increase */
	double increase_rate;
	int increase_open;
	int64_t access_reviews;     /* reviews answered, for tests */
};

/* Returns 0, or -1 on bad parameters. */
int sr_requests_init(struct sr_requests *q, const struct sr_requests_params *p,
		     struct sr_account *account, struct sr_engine *engine,
		     gsl_rng *rng);

/* Files a production access request at t (>= now): schedules it on the
 * engine.  Returns 0, or -1 (already in production or pending, bad form). */
int sr_requests_file_access(struct sr_requests *q, int64_t t_us,
			    const struct sr_access_form *form);

/* Files a limit-increase request at t asking for a quota (and a rate, 0 to
 * let it follow the quota).  Returns 0, or -1 (one already open). */
int sr_requests_file_increase(struct sr_requests *q, int64_t t_us,
			      int64_t quota, double rate);

#endif
