/*
 * account: one SES account in one region (ses-facts sections 1-3, 8).
 *
 * It holds the stage (SANDBOX, production access PENDING, PRODUCTION), the
 * enforcement status (HEALTHY, PROBATION, SHUTDOWN, as GetAccount reports
 * EnforcementStatus), the limits (Max24HourSend, MaxSendRate), whether the
 * account is related to another that already has production access, and
 * the limiter that decides each send attempt.  It also keeps the daily peak
 * of SentLast24Hours (per UTC day, including the level carried in at 00:00)
 * for the growth rule and for limit-increase decisions.
 *
 * A send attempt of k recipients at time t is answered with ACCEPTED or the
 * refusal SES gives; SES never queues a refused send.  Checks, in order:
 *   1. SHUTDOWN: "Account is paused" (AccountSendingPausedException);
 *   2. sandbox or pending, recipients not verified: MessageRejected, "Email
 *      address is not verified" (one unverified recipient rejects the whole
 *      message);
 *   3. rate: "Maximum sending rate exceeded" (Throttling), when the bucket
 *      holds less than one token;
 *   4. daily quota: "Daily message quota exceeded" (Throttling), when
 *      SentLast24Hours + k > Max24HourSend.
 * Mailbox-simulator sends pass checks 1-3 and take rate tokens, but count
 * toward neither the quota (check 4 is skipped) nor the reputation rates
 * (the caller does not report them to the reputation model).  Whether a
 * refused attempt takes a token is a parameter (default: no; ses-facts 10.3).
 *
 * The other models change an account only through the setters below:
 * requests grant access and limits, growth raises limits, reputation sets
 * the status.  Each setter reports nothing; the model that calls it does.
 *
 * Memory: sr_account_init() allocates the window; sr_account_reset()
 * releases it.  The reporter belongs to the caller.  Depends on limiter,
 * report and sim/clock.
 */
#ifndef SR_ACCOUNT_H
#define SR_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "models/limiter.h"
#include "models/report.h"

enum sr_stage { SR_STAGE_SANDBOX, SR_STAGE_PENDING, SR_STAGE_PRODUCTION };
enum sr_status { SR_STATUS_HEALTHY, SR_STATUS_PROBATION, SR_STATUS_SHUTDOWN };

/* Who a message is addressed to, for the sandbox check. */
enum sr_recipients {
	SR_TO_VERIFIED,     /* verified addresses or domains */
	SR_TO_UNVERIFIED,   /* at least one recipient not verified */
	SR_TO_SIMULATOR,    /* the mailbox simulator */
};

enum sr_send_result {
	SR_SEND_ACCEPTED,
	SR_SEND_PAUSED,
	SR_SEND_NOT_VERIFIED,
	SR_SEND_RATE_EXCEEDED,
	SR_SEND_QUOTA_EXCEEDED,
	SR_SEND_RESULT_COUNT
};

/* SES's error text for a result, e.g. "Daily message quota exceeded". */
const char *sr_send_result_message(enum sr_send_result r);
/* SES's error code, e.g. "Throttling", "MessageRejected". */
const char *sr_send_result_code(enum sr_send_result r);

const char *sr_stage_name(enum sr_stage s);    /* "sandbox", ... */
const char *sr_status_name(enum sr_status s);  /* "healthy", ... */

#define SR_UNLIMITED (-1)    /* Max24HourSend of -1: no daily quota */
#define SR_PEAK_DAYS 32      /* daily peaks kept */

struct sr_account_params {
	int64_t sandbox_quota;       /* recipients per rolling 24 h: 200 */
	double sandbox_rate;         /* recipients per second: 1 */
	double burst_s;              /* bucket capacity, seconds of rate: 1 */
	int refused_takes_token;     /* 0: a refused attempt is free */
};

/* Fills the defaults above (published: 200 and 1; burst assumed). */
void sr_account_params_default(struct sr_account_params *p);

struct sr_account {
	char name[64];
	char region[32];
	struct sr_account_params p;
	enum sr_stage stage;
	enum sr_status status;
	int related;                 /* related to an account with access */
	int64_t max_24h;             /* Max24HourSend, or SR_UNLIMITED */
	double max_rate;             /* MaxSendRate, recipients per second */
	int64_t limits_changed_us;   /* last change of limits */
	int64_t origin_us;           /* UTC instant of engine time 0 */
	struct sr_window window;
	struct sr_bucket bucket;
	int64_t peak[SR_PEAK_DAYS];  /* daily peaks, ring indexed by day */
	int64_t day;                 /* UTC day index (since 1970) of now */
	int64_t next_day_us;         /* engine time at which day + 1 starts */
	const struct sr_reporter *reporter;
	int64_t attempts[SR_SEND_RESULT_COUNT];   /* recipients, by result */
	int64_t simulator_accepted;  /* recipients, included in attempts */
	int failed;                  /* memory ran short: results are wrong */
	int64_t sent_peak;           /* highest SentLast24Hours since the
				      * output last read it (observe.c) */
	/* Called with t before the account answers or changes anything at t,
	 * so that a sender whose sends are computed lazily (client.h) can
	 * bring them up to t first.  Not called again while it runs. */
	void (*sync)(void *ctx, int64_t t_us);
	void *sync_ctx;
	int in_sync;
	/* Called with t after the sync hook, each time the account is
	 * brought to t, so that a model which counts arrivals lazily (the
	 * reputation's bounces filed ahead, reputation.h) counts those due
	 * before t: every send before t has been reported by then. */
	void (*settle)(void *ctx, int64_t t_us);
	void *settle_ctx;
};

/*
 * Starts an account in the sandbox at engine time 0, HEALTHY, with the
 * sandbox limits.  origin_us is the UTC instant of engine time 0 (whole
 * seconds).  Returns 0, or -1 on bad parameters or if memory is short.
 */
int sr_account_init(struct sr_account *a, const char *name, const char *region,
		    const struct sr_account_params *p, int64_t origin_us,
		    const struct sr_reporter *reporter);
void sr_account_reset(struct sr_account *a);

/* Decides a send attempt of k >= 1 recipients at t (see above).  If memory
 * runs short while counting an accepted send, a->failed is set and the run
 * that owns the account must fail. */
enum sr_send_result sr_account_send(struct sr_account *a, int64_t t_us,
				    int64_t k, enum sr_recipients to);

/* Sends k[i] recipients at t[i] for i = 0, 1, ... n - 1 as that many
 * calls of sr_account_send() would, up to the first refusal: returns it,
 * or SR_SEND_ACCEPTED, and the number accepted in *accepted.  For a sender
 * that hands over runs of sends at once; the result is the same, for less
 * work per send. */
enum sr_send_result sr_account_send_run(struct sr_account *a,
					const int64_t t_us[], const int64_t k[],
					size_t n, enum sr_recipients to,
					size_t *accepted);

/* SentLast24Hours at t. */
int64_t sr_account_sent_last_24h(struct sr_account *a, int64_t t_us);

/* Earliest time >= t at which a k-recipient send would pass checks 3 and 4
 * (INT64_MAX if never: paused, or k above the quota). */
int64_t sr_account_next_send_time(struct sr_account *a, int64_t t_us,
				  int64_t k);

/* New limits from t on (max_24h may be SR_UNLIMITED; max_rate > 0). */
void sr_account_set_limits(struct sr_account *a, int64_t t_us, int64_t max_24h,
			   double max_rate);
void sr_account_set_stage(struct sr_account *a, int64_t t_us,
			  enum sr_stage stage);
void sr_account_set_status(struct sr_account *a, int64_t t_us,
			   enum sr_status status);

/* UTC day index (days since 1970-01-01) of engine time t. */
int64_t sr_account_day_of(const struct sr_account *a, int64_t t_us);

/* Engine time of 00:00 UTC of the given day index. */
int64_t sr_account_day_start(const struct sr_account *a, int64_t day);

/*
 * Peak SentLast24Hours of a UTC day, at or before the day of the latest
 * time the account has seen (call sr_account_sent_last_24h() first to bring
 * it to t).  Days older than SR_PEAK_DAYS, or before engine time 0, give -1.
 */
int64_t sr_account_day_peak(const struct sr_account *a, int64_t day);

/* Highest daily peak over the `days` days ending with today (days <=
 * SR_PEAK_DAYS), brought up to t. */
int64_t sr_account_recent_peak(struct sr_account *a, int64_t t_us, int days);

#endif
