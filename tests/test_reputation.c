/* Reputation: rates over the representative volume and enforcement. */
#include "tests/test.h"

#include <math.h>
#include <string.h>

#include "models/reputation.h"
#include "sim/clock.h"
#include "sim/rng.h"

#define LOG_MAX 16

struct log {
	enum sr_event_kind kind[LOG_MAX];
	int64_t when[LOG_MAX];
	char detail[LOG_MAX][128];
	int n;
};

static void record(void *ctx, int64_t t_us, const char *account,
		   enum sr_event_kind kind, const char *detail)
{
	struct log *l = ctx;
	(void)account;
	assert_true(l->n < LOG_MAX);
	l->kind[l->n] = kind;
	l->when[l->n] = t_us;
	strncpy(l->detail[l->n], detail, sizeof l->detail[0] - 1);
	l->n++;
}

/* One account in production, its reputation, the engine and an event log. */
struct world {
	struct sr_engine e;
	struct sr_account a;
	struct sr_reputation r;
	struct sr_reporter rep;
	struct log log;
};

static void start(struct world *w, const struct sr_reputation_params *p)
{
	struct sr_account_params ap;
	memset(w, 0, sizeof *w);
	w->rep = (struct sr_reporter){record, &w->log};
	sr_account_params_default(&ap);
	assert_int_equal(sr_engine_init(&w->e, 0), 0);
	assert_int_equal(sr_account_init(&w->a, "acct", "us-east-1", &ap, 0,
					 &w->rep), 0);
	sr_account_set_stage(&w->a, 0, SR_STAGE_PRODUCTION);
	sr_account_set_limits(&w->a, 0, 1000000000, 1e6);
	struct sr_reputation_params d;
	sr_reputation_params_default(&d);
	if (!p)
		p = &d;
	assert_int_equal(sr_reputation_init(&w->r, p, &w->a, &w->e), 0);
}

static void stop(struct world *w)
{
	sr_reputation_reset(&w->r);
	sr_account_reset(&w->a);
	sr_engine_reset(&w->e);
}

static enum sr_status status(const struct world *w)
{
	return w->a.status;
}

/* Reports a chunk of `size` messages (half to feedback-loop providers) at
 * t, then `bounces` of its hard bounces arriving. Returns the chunk's id. */
static int64_t chunk(struct world *w, int64_t t_us, int64_t size,
		     int64_t bounces)
{
	int64_t id = sr_reputation_sent(&w->r, t_us, size, size / 2);
	assert_true(id >= 0);
	assert_int_equal(sr_reputation_bounce(&w->r, t_us, id, bounces), 0);
	return id;
}

/* n chunks of 100 messages, each with `bounces` hard bounces. */
static void stream(struct world *w, int64_t t_us, int n, int64_t bounces)
{
	for (int i = 0; i < n; i++)
		chunk(w, t_us, 100, bounces);
}

static void defaults_are_the_documented_values(void **state)
{
	(void)state;
	struct sr_reputation_params p;
	sr_reputation_params_default(&p);
	assert_int_equal(p.volume, 10000);
	assert_true(p.bounce_review == 0.05 && p.bounce_pause == 0.10);
	assert_true(p.complaint_review == 0.001 && p.complaint_pause == 0.005);
	assert_int_equal(p.fixes_cause, 1);
	assert_int_equal(p.resume_after_us, 21 * SR_US_PER_DAY);
}

/* Initialises a second reputation on w's account; returns init's status. */
static int init_with(struct world *w, const struct sr_reputation_params *p)
{
	struct sr_reputation r;
	int rc = sr_reputation_init(&r, p, &w->a, &w->e);
	if (rc == 0)
		sr_reputation_reset(&r);
	return rc;
}

/* Each bad parameter alone is refused; the defaults are accepted. */
static void init_refuses_bad_parameters(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	struct sr_reputation r;
	struct sr_reputation_params d, p;
	sr_reputation_params_default(&d);
	double *share[] = {&p.bounce_review, &p.bounce_pause,
			   &p.complaint_review, &p.complaint_pause};
	double bad[] = {0, -0.01, 1.01, NAN};
	for (int i = 0; i < 4; i++) {
		for (int j = 0; j < 4; j++) {
			p = d;
			*share[i] = bad[j];
			assert_int_equal(init_with(&w, &p), -1);
		}
	}
	p = d;
	p.volume = 0;
	assert_int_equal(init_with(&w, &p), -1);
	p = d;
	p.bounce_review = 0.11;            /* review above pause */
	assert_int_equal(init_with(&w, &p), -1);
	p = d;
	p.complaint_review = 0.006;
	assert_int_equal(init_with(&w, &p), -1);
	p = d;
	p.resume_after_us = -1;
	assert_int_equal(init_with(&w, &p), -1);
	assert_int_equal(sr_reputation_init(&r, &d, NULL, &w.e), -1);
	assert_int_equal(sr_reputation_init(&r, &d, &w.a, NULL), -1);
	p = d;
	p.volume = 1;
	p.bounce_review = p.bounce_pause = 1;   /* the edges are allowed */
	assert_int_equal(init_with(&w, &p), 0);
	assert_int_equal(init_with(&w, &d), 0);
	stop(&w);
}

/* The scenario: 6% hard bounces put the account under review once
 * the window holds the representative volume, not before. */
static void six_percent_is_reviewed_after_the_volume(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	stream(&w, 0, 99, 6);
	assert_true(sr_reputation_bounce_rate(&w.r) == 0.06);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);
	assert_int_equal(w.log.n, 0);
	stream(&w, 0, 1, 6);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	assert_int_equal(w.log.n, 1);
	assert_int_equal(w.log.kind[0], SR_EV_REVIEW_STARTED);
	assert_string_equal(w.log.detail[0], "bounce rate 5.94% >= 5%");
	/* Sending goes on under review. */
	assert_int_equal(sr_account_send(&w.a, 0, 1, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
	stop(&w);
}

/* At 12% the account is paused straight from HEALTHY, and refuses sends. */
static void twelve_percent_pauses(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	stream(&w, 0, 99, 12);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);
	stream(&w, 0, 1, 12);
	assert_int_equal(status(&w), SR_STATUS_SHUTDOWN);
	assert_int_equal(w.log.n, 1);
	assert_int_equal(w.log.kind[0], SR_EV_PAUSED);
	assert_string_equal(w.log.detail[0], "bounce rate 11.88% >= 10%");
	assert_int_equal(sr_account_send(&w.a, 0, 1, SR_TO_VERIFIED),
			 SR_SEND_PAUSED);
	stop(&w);
}

/* 6% of the stream will bounce, but only 4% has arrived: no review until
 * the 500th bounce arrives, and then at its arrival. */
static void feedback_not_arrived_does_not_count(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	int64_t id[100];
	for (int i = 0; i < 100; i++)
		id[i] = chunk(&w, 0, 100, 4);
	assert_true(sr_reputation_judged(&w.r));
	assert_true(sr_reputation_bounce_rate(&w.r) == 0.04);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);
	for (int i = 0; i < 49; i++)
		assert_int_equal(sr_reputation_bounce(&w.r, 60, id[i], 2), 0);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);     /* 498 */
	assert_int_equal(sr_reputation_bounce(&w.r, 60, id[49], 2), 0);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);   /* 500 */
	assert_int_equal(w.log.n, 1);
	assert_int_equal(w.log.when[0], 60);
	stop(&w);
}

/* Half the window bounces, but nothing happens until it holds `volume`. */
static void nothing_is_judged_before_the_volume(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	int64_t id = sr_reputation_sent(&w.r, 0, 9999, 9999);
	assert_int_equal(sr_reputation_bounce(&w.r, 0, id, 5000), 0);
	assert_int_equal(sr_reputation_complaint(&w.r, 0, id, 1000), 0);
	assert_false(sr_reputation_judged(&w.r));
	assert_true(sr_reputation_bounce_rate(&w.r) > 0.5);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);
	assert_true(sr_reputation_sent(&w.r, 0, 1, 0) >= 0);
	assert_true(sr_reputation_judged(&w.r));
	assert_int_equal(status(&w), SR_STATUS_SHUTDOWN);
	stop(&w);

	/* The volume is the parameter's, not a fixed 10,000. */
	struct sr_reputation_params p;
	sr_reputation_params_default(&p);
	p.volume = 100;
	start(&w, &p);
	chunk(&w, 0, 99, 6);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);
	chunk(&w, 0, 1, 0);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	stop(&w);
}

/* Status after one chunk of 10,000 messages (fbl to feedback loops) and the
 * given feedback. */
static enum sr_status after(int64_t fbl, int64_t bounces, int64_t complaints)
{
	struct world w;
	start(&w, NULL);
	w.a.reporter = NULL;   /* reporting is optional */
	int64_t id = sr_reputation_sent(&w.r, 0, 10000, fbl);
	assert_int_equal(id, 0);
	assert_int_equal(sr_reputation_bounce(&w.r, 0, id, bounces), 0);
	assert_int_equal(sr_reputation_complaint(&w.r, 0, id, complaints), 0);
	enum sr_status s = status(&w);
	stop(&w);
	return s;
}

static void thresholds_are_reached_at_equality(void **state)
{
	(void)state;
	assert_int_equal(after(10000, 499, 0), SR_STATUS_HEALTHY);
	assert_int_equal(after(10000, 500, 0), SR_STATUS_PROBATION);
	assert_int_equal(after(10000, 999, 0), SR_STATUS_PROBATION);
	assert_int_equal(after(10000, 1000, 0), SR_STATUS_SHUTDOWN);
	assert_int_equal(after(10000, 0, 9), SR_STATUS_HEALTHY);
	assert_int_equal(after(10000, 0, 10), SR_STATUS_PROBATION);
	assert_int_equal(after(10000, 0, 49), SR_STATUS_PROBATION);
	assert_int_equal(after(10000, 0, 50), SR_STATUS_SHUTDOWN);
}

/* Complaints are divided by the mail that went to feedback-loop providers,
 * not by all mail. */
static void complaint_rate_uses_feedback_loop_mail(void **state)
{
	(void)state;
	assert_int_equal(after(5000, 0, 5), SR_STATUS_PROBATION);   /* 0.1% */
	assert_int_equal(after(5000, 0, 25), SR_STATUS_SHUTDOWN);   /* 0.5% */
	struct world w;
	start(&w, NULL);
	int64_t id = sr_reputation_sent(&w.r, 0, 10000, 2000);
	assert_int_equal(sr_reputation_complaint(&w.r, 0, id, 3), 0);
	assert_true(sr_reputation_complaint_rate(&w.r) == 0.0015);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	assert_string_equal(w.log.detail[0], "complaint rate 0.150% >= 0.1%");
	/* No complaint can come from mail outside the feedback loops. */
	id = sr_reputation_sent(&w.r, 0, 100, 0);
	assert_int_equal(sr_reputation_complaint(&w.r, 0, id, 1), -1);
	stop(&w);
}

/* Chunks of 3,000: the oldest leaves only while the rest hold 10,000. */
static void window_holds_the_last_volume_in_whole_chunks(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	chunk(&w, 0, 3000, 240);
	for (int i = 0; i < 3; i++)
		chunk(&w, 0, 3000, 0);
	/* The first chunk cannot leave (the rest hold 9,000), so the rate is
	 * over all 12,000 held. */
	assert_true(sr_reputation_bounce_rate(&w.r) == 0.02);
	chunk(&w, 0, 3000, 30);
	/* The first chunk left: 30 / 12,000. */
	assert_true(sr_reputation_bounce_rate(&w.r) == 0.0025);
	assert_int_equal(w.r.sent, 12000);
	stop(&w);
}

static void feedback_for_a_chunk_that_left_is_ignored(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	int64_t a = chunk(&w, 0, 5000, 0);
	int64_t b = chunk(&w, 0, 5000, 0);
	int64_t c = chunk(&w, 0, 5000, 0);
	assert_int_equal(a, 0);
	assert_int_equal(b, 5000);
	/* a has left: 600 of its bounces would make 6%. */
	assert_int_equal(sr_reputation_bounce(&w.r, 0, a, 600), 0);
	assert_int_equal(sr_reputation_complaint(&w.r, 0, a, 100), 0);
	assert_true(sr_reputation_bounce_rate(&w.r) == 0);
	assert_true(sr_reputation_complaint_rate(&w.r) == 0);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);
	/* The same bounces for c count. */
	assert_int_equal(sr_reputation_bounce(&w.r, 0, c, 600), 0);
	assert_true(sr_reputation_bounce_rate(&w.r) == 0.06);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	/* Ids never issued are errors. */
	assert_int_equal(sr_reputation_bounce(&w.r, 0, b + 1, 1), -1);
	assert_int_equal(sr_reputation_bounce(&w.r, 0, 15000, 1), -1);
	assert_int_equal(sr_reputation_bounce(&w.r, 0, -1, 1), -1);
	assert_int_equal(sr_reputation_complaint(&w.r, 0, 15000, 1), -1);
	stop(&w);
}

/* Review ends once another volume has been sent since it started and both
 * rates are below review; low rates alone are not enough. */
static void review_ends_after_another_volume(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	stream(&w, 0, 100, 6);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	stream(&w, 0, 50, 0);
	assert_true(sr_reputation_bounce_rate(&w.r) == 0.03);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	stream(&w, 0, 49, 0);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	stream(&w, 0, 1, 0);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);
	assert_int_equal(w.log.n, 2);
	assert_int_equal(w.log.kind[1], SR_EV_REVIEW_ENDED);
	stop(&w);
}

/* Under review, a rate still at review keeps it going however much is
 * sent, and a rate at the pause threshold pauses. */
static void review_goes_on_or_turns_into_pause(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	stream(&w, 0, 400, 6);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	assert_int_equal(w.log.n, 1);
	stream(&w, 0, 90, 10);      /* 9.6% */
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	stream(&w, 0, 3, 16);       /* 9.9% */
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	stream(&w, 0, 1, 16);       /* 10% */
	assert_int_equal(status(&w), SR_STATUS_SHUTDOWN);
	assert_int_equal(w.log.n, 2);
	assert_int_equal(w.log.kind[1], SR_EV_PAUSED);
	stop(&w);
}

/* Pauses at 1 h; the account refuses sends until 21 days later, then is
 * under review with an empty window, and a clean volume ends the review. */
static void paused_account_resumes_after_21_days_if_fixed(void **state)
{
	(void)state;
	const int64_t h = SR_US_PER_H, back = h + 21 * SR_US_PER_DAY;
	struct world w;
	start(&w, NULL);
	assert_int_equal(sr_engine_run(&w.e, h, NULL), SR_RUN_DONE);
	int64_t first = chunk(&w, h, 100, 12);
	stream(&w, h, 99, 12);
	assert_int_equal(status(&w), SR_STATUS_SHUTDOWN);
	assert_int_equal(sr_engine_run(&w.e, back - 1, NULL), SR_RUN_DONE);
	assert_int_equal(status(&w), SR_STATUS_SHUTDOWN);
	assert_int_equal(sr_account_send(&w.a, back - 1, 1, SR_TO_VERIFIED),
			 SR_SEND_PAUSED);
	assert_int_equal(sr_engine_run(&w.e, back, NULL), SR_RUN_DONE);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	assert_int_equal(sr_account_send(&w.a, back, 1, SR_TO_VERIFIED),
			 SR_SEND_ACCEPTED);
	assert_false(sr_reputation_judged(&w.r));
	assert_true(sr_reputation_bounce_rate(&w.r) == 0);
	/* Late bounces of the cleaned list no longer count. */
	assert_int_equal(sr_reputation_bounce(&w.r, back, first, 50), 0);
	assert_true(sr_reputation_bounce_rate(&w.r) == 0);
	stream(&w, back, 99, 0);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	stream(&w, back, 1, 0);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);
	enum sr_event_kind kinds[] = {SR_EV_PAUSED, SR_EV_RESUMED,
				      SR_EV_REVIEW_ENDED};
	int64_t when[] = {h, back, back};
	assert_int_equal(w.log.n, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(w.log.kind[i], kinds[i]);
		assert_int_equal(w.log.when[i], when[i]);
	}
	stop(&w);
}

static void paused_account_never_resumes_unfixed(void **state)
{
	(void)state;
	struct sr_reputation_params p;
	sr_reputation_params_default(&p);
	p.fixes_cause = 0;
	struct world w;
	start(&w, &p);
	stream(&w, 0, 100, 12);
	assert_int_equal(status(&w), SR_STATUS_SHUTDOWN);
	assert_int_equal(sr_engine_run(&w.e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_int_equal(sr_queue_size(&w.e.queue), 0);
	assert_int_equal(sr_engine_run(&w.e, 365 * SR_US_PER_DAY, NULL),
			 SR_RUN_DONE);
	assert_int_equal(status(&w), SR_STATUS_SHUTDOWN);
	assert_int_equal(sr_account_send(&w.a, 365 * SR_US_PER_DAY, 1,
					 SR_TO_VERIFIED), SR_SEND_PAUSED);
	assert_int_equal(w.log.n, 1);
	assert_int_equal(w.log.kind[0], SR_EV_PAUSED);
	stop(&w);
}

/* Stands in for a sender computed lazily: when the account is next
 * touched at or after 60 s, it reports 100 messages sent up to then. */
struct lazy {
	struct world *w;
	int done;
};

static void lazy_sends(void *ctx, int64_t t_us)
{
	struct lazy *l = ctx;
	if (l->done || t_us < 60)
		return;
	l->done = 1;
	assert_true(sr_reputation_sent(&l->w->r, t_us, 100, 50) >= 0);
}

/* Sends the account learns of lazily (its sync hook) at t come before
 * feedback arriving at t, and one decision is made at a time: the review
 * is started and reported once, at the rate over all 10,100 messages. */
static void lazy_sends_are_counted_first(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	struct lazy l = {&w, 0};
	int64_t id = chunk(&w, 0, 10000, 499);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);
	w.a.sync = lazy_sends;
	w.a.sync_ctx = &l;
	assert_int_equal(sr_reputation_bounce(&w.r, 60, id, 101), 0);
	assert_int_equal(w.r.sent, 10100);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	assert_int_equal(w.log.n, 1);
	assert_string_equal(w.log.detail[0], "bounce rate 5.94% >= 5%");
	stop(&w);
}

/* Brings the account, and so the reputation, to t. */
static void read_at(struct world *w, int64_t t_us)
{
	(void)sr_account_sent_last_24h(&w->a, t_us);
}

/* A bounce filed ahead takes no event while it cannot change the status,
 * and counts from its arrival on: for readings after it, not at it. */
static void bounces_filed_ahead_count_from_their_arrival(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	int64_t id = chunk(&w, 0, 10000, 0);
	const int64_t at = 60 * SR_US_PER_S;
	assert_int_equal(sr_reputation_bounce_ahead(&w.r, at, id, 100), at);
	assert_int_equal(sr_queue_size(&w.e.queue), 0);
	assert_int_equal(sr_reputation_ahead_by(&w.r, at - 1), 0);
	assert_int_equal(sr_reputation_ahead_by(&w.r, at), 100);
	read_at(&w, at);
	assert_int_equal(w.r.bounces, 0);
	read_at(&w, at + 1);
	assert_int_equal(w.r.bounces, 100);
	assert_int_equal(sr_reputation_ahead_by(&w.r, at), 100);
	/* More than the chunk holds is refused; an unknown id too. */
	assert_int_equal(sr_reputation_bounce_ahead(&w.r, at, id, 9901), -1);
	assert_int_equal(sr_reputation_bounce_ahead(&w.r, at, 10000, 1), -1);
	assert_int_equal(w.log.n, 0);
	stop(&w);
}

/* Bounces that could reach the review threshold are judged at their
 * arrival, by an event: 400 in the window and 100 filed ahead reach 5%
 * of 10,000 at 90 s exactly. */
static void bounces_that_could_count_are_judged_on_arrival(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	int64_t id = chunk(&w, 0, 10000, 400);
	const int64_t at = 90 * SR_US_PER_S;
	assert_int_equal(sr_reputation_bounce_ahead(&w.r, at, id, 99), at);
	assert_int_equal(sr_queue_size(&w.e.queue), 0);
	assert_int_equal(sr_reputation_bounce_ahead(&w.r, at + 5, id, 1),
			 at + 5);
	assert_int_equal(sr_queue_size(&w.e.queue), 1);
	assert_int_equal(sr_engine_run(&w.e, at + 4, NULL), SR_RUN_DONE);
	assert_int_equal(status(&w), SR_STATUS_HEALTHY);
	assert_int_equal(w.r.bounces, 499);
	assert_int_equal(sr_engine_run(&w.e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_int_equal(status(&w), SR_STATUS_PROBATION);
	assert_int_equal(w.log.n, 1);
	assert_int_equal(w.log.when[0], at + 5);
	/* Once judged, a bounce due in the past counts now. */
	assert_int_equal(sr_reputation_bounce_ahead(&w.r, 0, id, 1),
			 at + 5);
	stop(&w);
}

/* Bounces reported by events at their arrival, for the comparison below. */
struct due {
	struct world *w;
	int64_t id[4096], n[4096];
	int len;
};

static int due_arrives(struct sr_engine *e, void *ctx, int64_t i)
{
	struct due *d = ctx;
	return sr_reputation_bounce(&d->w->r, sr_engine_now(e), d->id[i],
				    d->n[i]);
}

/*
 * The same traffic twice, its bounces reported by an event at each arrival
 * in one world and filed ahead in the other: every decision is the same,
 * at the same instant.  A chunk a minute whose bounce rate climbs from 1%
 * to 14% over the run, bounces spread over four delays.
 */
static void filing_ahead_decides_as_events_do(void **state)
{
	(void)state;
	static struct due d;
	struct world a, b;
	start(&a, NULL);
	start(&b, NULL);
	d.w = &a;
	d.len = 0;
	const int64_t delay[4] = {1700000, 20000000, 100000000, 500000000};
	for (int i = 0; i < 800; i++) {
		int64_t t = i * SR_US_PER_MIN;
		assert_int_equal(sr_engine_run(&a.e, t, NULL), SR_RUN_DONE);
		assert_int_equal(sr_engine_run(&b.e, t, NULL), SR_RUN_DONE);
		int64_t ida = sr_reputation_sent(&a.r, t, 500, 250);
		int64_t idb = sr_reputation_sent(&b.r, t, 500, 250);
		assert_true(ida >= 0 && ida == idb);
		int64_t bad = 5 + i * 65 / 800;
		for (int k = 0; k < 4; k++) {
			int64_t n = bad / 4 + (k < bad % 4);
			d.id[d.len] = ida;
			d.n[d.len] = n;
			assert_int_equal(sr_engine_at(&a.e, t + delay[k], 20,
						      due_arrives, &d, d.len,
						      NULL), 0);
			d.len++;
			assert_true(sr_reputation_bounce_ahead(&b.r, t + delay[k],
							       idb, n) >= 0);
		}
	}
	assert_int_equal(sr_engine_run(&a.e, INT64_MAX, NULL), SR_RUN_DONE);
	assert_int_equal(sr_engine_run(&b.e, INT64_MAX, NULL), SR_RUN_DONE);
	read_at(&a, 40 * SR_US_PER_DAY);
	read_at(&b, 40 * SR_US_PER_DAY);
	assert_true(a.log.n >= 2);      /* a review, then a pause */
	assert_int_equal(b.log.n, a.log.n);
	for (int i = 0; i < a.log.n; i++) {
		assert_int_equal(b.log.kind[i], a.log.kind[i]);
		assert_int_equal(b.log.when[i], a.log.when[i]);
		assert_string_equal(b.log.detail[i], a.log.detail[i]);
	}
	assert_int_equal(b.r.bounces, a.r.bounces);
	assert_int_equal(b.r.sent, a.r.sent);
	stop(&a);
	stop(&b);
}

/* The feedback-loop counts of the window's chunks, each of them drawn. */
static int64_t drawn_fbl(const struct world *w)
{
	int64_t sum = 0;
	for (size_t i = 0; i < w->r.len; i++) {
		const struct sr_rep_chunk *c =
			&w->r.chunk[(w->r.head + i) & (w->r.cap - 1)];
		assert_int_equal(c->fbl_rest, 0);
		assert_true(c->fbl <= c->sent);
		sum += c->fbl;
	}
	return sum;
}

/*
 * Feedback-loop counts left to draw: none is drawn while no complaint is in
 * the window, where the complaint rate is 0 whatever they are; the first
 * complaint to reach the window draws all of its chunks, and while
 * complaints are in it each new chunk is drawn as it comes.  Ten chunks of
 * 1,000 with 100 known and the other 900 at 0.5: about 5,500.
 */
static void feedback_loop_counts_are_drawn_when_a_complaint_needs_them(
	void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	gsl_rng *rng = sr_rng_alloc(7, 0, "test");
	assert_non_null(rng);
	int64_t id[10];
	for (int i = 0; i < 10; i++)
		id[i] = sr_reputation_sent_lazy(&w.r, 0, 1000, 100, 0.5, rng);
	assert_int_equal(w.r.fbl, 1000);           /* the known ones only */
	assert_true(sr_reputation_complaint_rate(&w.r) == 0);
	assert_int_equal(sr_reputation_complaint(&w.r, 0, id[3], 10), 0);
	int64_t sum = drawn_fbl(&w);
	assert_int_equal(w.r.fbl, sum);
	assert_true(fabs((double)sum - 5500) < 5 * sqrt(9000 * 0.25));
	assert_true(sr_reputation_complaint_rate(&w.r) == 10.0 / (double)sum);
	/* With a complaint in the window, a new chunk is drawn at once. */
	assert_int_equal(sr_reputation_sent_lazy(&w.r, 0, 1000, 0, 0.5, rng),
			 10000);
	assert_int_equal(drawn_fbl(&w), w.r.fbl);
	assert_int_equal(sr_reputation_fbl(&w.r), w.r.fbl);
	stop(&w);
	gsl_rng_free(rng);
}

/* A count left to draw is drawn from what is given: all of the others at
 * probability 1, none at 0; inconsistent calls are refused. */
static void feedback_loop_counts_left_to_draw_are_checked(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	gsl_rng *rng = sr_rng_alloc(7, 0, "test");
	gsl_rng *other = sr_rng_alloc(8, 0, "test");
	assert_non_null(rng);
	assert_non_null(other);
	assert_true(sr_reputation_sent_lazy(&w.r, 0, 100, 10, 1, rng) >= 0);
	assert_true(sr_reputation_sent_lazy(&w.r, 0, 100, 10, 0, rng) >= 0);
	assert_int_equal(sr_reputation_fbl(&w.r), 110);
	assert_int_equal(sr_reputation_sent_lazy(&w.r, 0, 100, 101, 0.5, rng),
			 -1);
	assert_int_equal(sr_reputation_sent_lazy(&w.r, 0, 100, -1, 0.5, rng),
			 -1);
	assert_int_equal(sr_reputation_sent_lazy(&w.r, 0, 100, 0, NAN, rng),
			 -1);
	assert_int_equal(sr_reputation_sent_lazy(&w.r, 0, 100, 0, 1.5, rng),
			 -1);
	assert_int_equal(sr_reputation_sent_lazy(&w.r, 0, 100, 0, 0.5, NULL),
			 -1);
	assert_int_equal(sr_reputation_sent_lazy(&w.r, 0, 100, 0, 0.5, other),
			 -1);
	assert_int_equal(w.r.sent, 200);
	stop(&w);
	gsl_rng_free(rng);
	gsl_rng_free(other);
}

/* Counts that cannot happen are refused and change nothing. */
static void inconsistent_counts_are_refused(void **state)
{
	(void)state;
	struct world w;
	start(&w, NULL);
	assert_int_equal(sr_reputation_sent(&w.r, 0, 0, 0), -1);
	assert_int_equal(sr_reputation_sent(&w.r, 0, -5, 0), -1);
	assert_int_equal(sr_reputation_sent(&w.r, 0, 10, 11), -1);
	assert_int_equal(sr_reputation_sent(&w.r, 0, 10, -1), -1);
	int64_t id = sr_reputation_sent(&w.r, 0, 10, 4);
	assert_int_equal(id, 0);
	assert_int_equal(sr_reputation_bounce(&w.r, 0, id, -1), -1);
	assert_int_equal(sr_reputation_bounce(&w.r, 0, id, 11), -1);
	assert_int_equal(sr_reputation_bounce(&w.r, 0, id, 10), 0);
	assert_int_equal(sr_reputation_bounce(&w.r, 0, id, 1), -1);
	assert_int_equal(sr_reputation_complaint(&w.r, 0, id, 5), -1);
	assert_int_equal(w.r.sent, 10);
	assert_int_equal(w.r.bounces, 10);
	assert_int_equal(w.r.complaints, 0);
	stop(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_are_the_documented_values),
		cmocka_unit_test(init_refuses_bad_parameters),
		cmocka_unit_test(six_percent_is_reviewed_after_the_volume),
		cmocka_unit_test(twelve_percent_pauses),
		cmocka_unit_test(feedback_not_arrived_does_not_count),
		cmocka_unit_test(nothing_is_judged_before_the_volume),
		cmocka_unit_test(thresholds_are_reached_at_equality),
		cmocka_unit_test(complaint_rate_uses_feedback_loop_mail),
		cmocka_unit_test(window_holds_the_last_volume_in_whole_chunks),
		cmocka_unit_test(feedback_for_a_chunk_that_left_is_ignored),
		cmocka_unit_test(review_ends_after_another_volume),
		cmocka_unit_test(review_goes_on_or_turns_into_pause),
		cmocka_unit_test(paused_account_resumes_after_21_days_if_fixed),
		cmocka_unit_test(paused_account_never_resumes_unfixed),
		cmocka_unit_test(lazy_sends_are_counted_first),
		cmocka_unit_test(inconsistent_counts_are_refused),
		cmocka_unit_test(
			feedback_loop_counts_are_drawn_when_a_complaint_needs_them),
		cmocka_unit_test(feedback_loop_counts_left_to_draw_are_checked),
		cmocka_unit_test(bounces_filed_ahead_count_from_their_arrival),
		cmocka_unit_test(bounces_that_could_count_are_judged_on_arrival),
		cmocka_unit_test(filing_ahead_decides_as_events_do),
	};
	return cmocka_run_group_tests_name("reputation", tests, NULL, NULL);
}
