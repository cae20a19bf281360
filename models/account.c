/* account: stage, status, limits and the send decision.  See account.h. */
#include "models/account.h"

#include <stdio.h>
#include <string.h>

#include "sim/clock.h"

static const char *const messages[SR_SEND_RESULT_COUNT] = {
	[SR_SEND_ACCEPTED] = "",
	[SR_SEND_PAUSED] = "Account is paused",
	[SR_SEND_NOT_VERIFIED] = "Email address is not verified",
	[SR_SEND_RATE_EXCEEDED] = "Maximum sending rate exceeded",
	[SR_SEND_QUOTA_EXCEEDED] = "Daily message quota exceeded",
};

static const char *const codes[SR_SEND_RESULT_COUNT] = {
	[SR_SEND_ACCEPTED] = "",
	[SR_SEND_PAUSED] = "AccountSendingPausedException",
	[SR_SEND_NOT_VERIFIED] = "MessageRejected",
	[SR_SEND_RATE_EXCEEDED] = "Throttling",
	[SR_SEND_QUOTA_EXCEEDED] = "Throttling",
};

const char *sr_send_result_message(enum sr_send_result r)
{
	return (unsigned)r < SR_SEND_RESULT_COUNT ? messages[r] : "unknown";
}

const char *sr_send_result_code(enum sr_send_result r)
{
	return (unsigned)r < SR_SEND_RESULT_COUNT ? codes[r] : "unknown";
}

const char *sr_stage_name(enum sr_stage s)
{
	static const char *const names[] = {"sandbox", "pending", "production"};
	return (unsigned)s < 3 ? names[s] : "unknown";
}

const char *sr_status_name(enum sr_status s)
{
	static const char *const names[] = {"healthy", "probation", "shutdown"};
	return (unsigned)s < 3 ? names[s] : "unknown";
}

/* Ring slot of a day index; days before 1970 are negative. */
static size_t slot(int64_t day)
{
	int64_t m = day % SR_PEAK_DAYS;
	return (size_t)(m < 0 ? m + SR_PEAK_DAYS : m);
}

void sr_account_params_default(struct sr_account_params *p)
{
	p->sandbox_quota = 200;
	p->sandbox_rate = 1.0;
	p->burst_s = 1.0;
	p->refused_takes_token = 0;
}

static double burst_tokens(const struct sr_account *a, double rate)
{
	double b = rate * a->p.burst_s;
	return b < 1 ? 1 : b;
}

int sr_account_init(struct sr_account *a, const char *name, const char *region,
		    const struct sr_account_params *p, int64_t origin_us,
		    const struct sr_reporter *reporter)
{
	memset(a, 0, sizeof *a);
	if (p->sandbox_quota < 1 || !(p->sandbox_rate > 0) || !(p->burst_s > 0) ||
	    origin_us % SR_US_PER_S != 0)
		return -1;
	snprintf(a->name, sizeof a->name, "%s", name);
	snprintf(a->region, sizeof a->region, "%s", region);
	a->p = *p;
	a->stage = SR_STAGE_SANDBOX;
	a->status = SR_STATUS_HEALTHY;
	a->max_24h = p->sandbox_quota;
	a->max_rate = p->sandbox_rate;
	a->origin_us = origin_us;
	a->reporter = reporter;
	a->day = sr_account_day_of(a, 0);
	a->next_day_us = sr_account_day_start(a, a->day + 1);
	for (int i = 0; i < SR_PEAK_DAYS; i++)
		a->peak[i] = -1;
	a->peak[slot(a->day)] = 0;
	sr_bucket_init(&a->bucket, 0, a->max_rate, burst_tokens(a, a->max_rate));
	return sr_window_init(&a->window);
}

void sr_account_reset(struct sr_account *a)
{
	sr_window_reset(&a->window);
}

int64_t sr_account_day_of(const struct sr_account *a, int64_t t_us)
{
	return sr_floor_div(a->origin_us + t_us, SR_US_PER_DAY);
}

int64_t sr_account_day_start(const struct sr_account *a, int64_t day)
{
	return day * SR_US_PER_DAY - a->origin_us;
}

/* Closes every UTC day boundary up to t, so that each new day starts with
 * the level carried in at its 00:00. */
static void close_days(struct sr_account *a, int64_t t_us)
{
	while (t_us >= a->next_day_us) {
		a->day++;
		int64_t carried = sr_window_sum(&a->window, a->next_day_us);
		a->peak[slot(a->day)] = carried;
		a->next_day_us = sr_account_day_start(a, a->day + 1);
	}
}

/* Brings the window to t without the sync hook; returns SentLast24Hours. */
static inline int64_t catch_up(struct sr_account *a, int64_t t_us)
{
	if (t_us >= a->next_day_us)
		close_days(a, t_us);
	return sr_window_sum(&a->window, t_us);
}

/* Brings the window to t, the lazy sender first. */
static int64_t advance(struct sr_account *a, int64_t t_us)
{
	if (a->sync && !a->in_sync) {
		a->in_sync = 1;
		a->sync(a->sync_ctx, t_us);
		a->in_sync = 0;
	}
	if (a->settle)
		a->settle(a->settle_ctx, t_us);
	return catch_up(a, t_us);
}

int64_t sr_account_sent_last_24h(struct sr_account *a, int64_t t_us)
{
	return advance(a, t_us);
}

static enum sr_send_result refuse(struct sr_account *a, int64_t t_us,
				  int64_t k, enum sr_send_result r)
{
	if (a->p.refused_takes_token && r != SR_SEND_PAUSED)
		sr_bucket_take(&a->bucket, t_us, 1);
	a->attempts[r] += k;
	return r;
}

/* Checks 3 and 4 of a send that passed checks 1 and 2, and the counting of
 * an accepted one; sent is SentLast24Hours at t. */
static inline enum sr_send_result rate_and_quota(struct sr_account *a,
						 int64_t t_us, int64_t sent,
						 int64_t k,
						 enum sr_recipients to)
{
	if (!sr_bucket_ready(&a->bucket, t_us))
		return refuse(a, t_us, k, SR_SEND_RATE_EXCEEDED);
	int counts = to != SR_TO_SIMULATOR;
	if (counts && a->max_24h != SR_UNLIMITED && sent + k > a->max_24h)
		return refuse(a, t_us, k, SR_SEND_QUOTA_EXCEEDED);
	sr_bucket_take(&a->bucket, t_us, k);
	a->attempts[SR_SEND_ACCEPTED] += k;
	if (!counts) {
		a->simulator_accepted += k;
		return SR_SEND_ACCEPTED;
	}
	/* The window fails when memory is short or a send is older than a
	 * time it was read at (a model bug); the run must then fail rather
	 * than go on with a wrong SentLast24Hours. */
	if (sr_window_add(&a->window, t_us, k))
		a->failed = 1;
	int64_t *peak = &a->peak[slot(a->day)];
	if (sent + k > *peak)
		*peak = sent + k;
	if (sent + k > a->sent_peak)
		a->sent_peak = sent + k;
	return SR_SEND_ACCEPTED;
}

enum sr_send_result sr_account_send(struct sr_account *a, int64_t t_us,
				    int64_t k, enum sr_recipients to)
{
	size_t accepted;
	return sr_account_send_run(a, &t_us, &k, 1, to, &accepted);
}

/*
 * The sends t[0..n-1] of a run while nothing else can change the account
 * (no sync hook to call): accepts each that needs nothing but the window,
 * the bucket and the peaks, and stops before the first that needs more
 * (a day boundary, a refusal, a full window ring, a time the window has
 * passed), which the general path then takes.  Returns the sends accepted.
 *   This is most of the sending, so it works on copies of the window and
 * the bucket, which the compiler keeps in registers (through a, each store
 * to a window entry could alias them), and raises the peaks once, to the
 * highest level reached.  A stop may leave the window brought to the
 * stopping send's time and the bucket refilled to it, as the general path
 * would do first anyway.
 */
static size_t plain_sends(struct sr_account *a, const int64_t t_us[],
			  const int64_t k[], size_t n, int counts)
{
	struct sr_window w = a->window;
	struct sr_bucket b = a->bucket;
	const int64_t next_day = a->next_day_us;
	const int64_t quota = counts && a->max_24h != SR_UNLIMITED ? a->max_24h
								   : INT64_MAX;
	int64_t high = INT64_MIN;      /* highest SentLast24Hours reached */
	int64_t taken = 0;
	/* A whole second at or before the second of each send to come (the
	 * newest entry's, or the first send's), moved on with the sends to
	 * find their seconds without a division: they usually come at most a
	 * second apart. */
	int64_t s = w.len ? w.entry[(w.head + w.len - 1) & (w.cap - 1)].second
			  : sr_window_second(t_us[0]);
	size_t i = 0;
	for (; i < n; i++) {
		int64_t t = t_us[i], ki = k[i];
		if (t >= next_day || t < w.now_us)
			break;
		int64_t sent = sr_window_sum(&w, t);
		if (!sr_bucket_ready(&b, t) || sent > quota - ki)
			break;
		if (counts) {
			if (t > s * SR_US_PER_S)
				s = t <= (s + 1) * SR_US_PER_S ? s + 1
							       : sr_window_second(t);
			if (sr_window_file(&w, s, ki))
				break;
			if (sent + ki > high)
				high = sent + ki;
		}
		b.utok -= ki * SR_UTOK_PER_TOKEN;
		taken += ki;
	}
	a->window = w;
	a->bucket = b;
	int64_t *peak = &a->peak[slot(a->day)];
	if (high > *peak)
		*peak = high;
	if (high > a->sent_peak)
		a->sent_peak = high;
	a->attempts[SR_SEND_ACCEPTED] += taken;
	if (!counts)
		a->simulator_accepted += taken;
	return i;
}

enum sr_send_result sr_account_send_run(struct sr_account *a,
					const int64_t t_us[], const int64_t k[],
					size_t n, enum sr_recipients to,
					size_t *accepted)
{
	/* Only the sync hook could change the stage or the status between two
	 * sends: without it, checks 1 and 2 stand as the first send passed
	 * them, and the plain sends after it take the short way. */
	int hooked = a->sync && !a->in_sync;
	enum sr_send_result r = SR_SEND_ACCEPTED;
	size_t i = 0;
	while (i < n) {
		if (i == 0 || hooked) {
			advance(a, t_us[i]);
			if (a->status == SR_STATUS_SHUTDOWN) {
				r = refuse(a, t_us[i], k[i], SR_SEND_PAUSED);
				break;
			}
			if (a->stage != SR_STAGE_PRODUCTION && to == SR_TO_UNVERIFIED) {
				r = refuse(a, t_us[i], k[i], SR_SEND_NOT_VERIFIED);
				break;
			}
		}
		if (!hooked) {
			i += plain_sends(a, t_us + i, k + i, n - i,
					 to != SR_TO_SIMULATOR);
			if (i == n)
				break;
		}
		int64_t sent = catch_up(a, t_us[i]);
		r = rate_and_quota(a, t_us[i], sent, k[i], to);
		if (r != SR_SEND_ACCEPTED)
			break;
		i++;
	}
	*accepted = i;
	return r;
}

int64_t sr_account_next_send_time(struct sr_account *a, int64_t t_us,
				  int64_t k)
{
	advance(a, t_us);
	if (a->status == SR_STATUS_SHUTDOWN)
		return INT64_MAX;
	int64_t when = sr_bucket_ready_time(&a->bucket, t_us);
	if (a->max_24h != SR_UNLIMITED) {
		int64_t fit = sr_window_fit_time(&a->window, t_us, k, a->max_24h);
		if (fit > when)
			when = fit;
	}
	return when;
}

void sr_account_set_limits(struct sr_account *a, int64_t t_us, int64_t max_24h,
			   double max_rate)
{
	advance(a, t_us);
	a->max_24h = max_24h;
	a->max_rate = max_rate;
	a->limits_changed_us = t_us;
	sr_bucket_set_rate(&a->bucket, t_us, max_rate, burst_tokens(a, max_rate));
}

void sr_account_set_stage(struct sr_account *a, int64_t t_us,
			  enum sr_stage stage)
{
	advance(a, t_us);
	a->stage = stage;
}

void sr_account_set_status(struct sr_account *a, int64_t t_us,
			   enum sr_status status)
{
	advance(a, t_us);
	a->status = status;
}

int64_t sr_account_day_peak(const struct sr_account *a, int64_t day)
{
	if (day > a->day || day <= a->day - SR_PEAK_DAYS ||
	    day < sr_account_day_of(a, 0))
		return -1;
	return a->peak[slot(day)];
}

int64_t sr_account_recent_peak(struct sr_account *a, int64_t t_us, int days)
{
	advance(a, t_us);
	int64_t best = 0;
	for (int i = 0; i < days && i < SR_PEAK_DAYS; i++) {
		int64_t p = sr_account_day_peak(a, a->day - i);
		if (p > best)
			best = p;
	}
	return best;
}
