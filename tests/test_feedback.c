/* Feedback: bounce and complaint draws, their arrival over delay bins, the
 * reputation and suppression they reach, and the cost per chunk. */
#include "tests/test.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "models/feedback.h"
#include "sim/clock.h"

#define LOG_MAX 16

struct log {
	enum sr_event_kind kind[LOG_MAX];
	int64_t when[LOG_MAX];
	int n;
};

static void record(void *ctx, int64_t t_us, const char *account,
		   enum sr_event_kind kind, const char *detail)
{
	struct log *l = ctx;
	(void)account;
	(void)detail;
	assert_true(l->n < LOG_MAX);
	l->kind[l->n] = kind;
	l->when[l->n] = t_us;
	l->n++;
}

/* One account in production, its reputation, feedback, engine and log. */
struct world {
	struct sr_engine e;
	struct sr_account a;
	struct sr_reputation r;
	struct sr_feedback f;
	struct sr_reporter rep;
	struct log log;
	gsl_rng *rng;
};

/* A reputation whose window keeps every chunk and never judges: its sums
 * are then the totals of everything reported to it. */
static struct sr_reputation_params quiet(void)
{
	struct sr_reputation_params p;
	sr_reputation_params_default(&p);
	p.volume = INT64_C(1) << 60;
	return p;
}

static void start_with(struct world *w, const struct sr_reputation_params *rp,
		       const struct sr_feedback_params *fp, unsigned long seed)
{
	struct sr_account_params ap;
	struct sr_feedback_params d;
	memset(w, 0, sizeof *w);
	w->rep = (struct sr_reporter){record, &w->log};
	sr_account_params_default(&ap);
	sr_feedback_params_default(&d);
	w->rng = gsl_rng_alloc(gsl_rng_taus2);
	assert_non_null(w->rng);
	gsl_rng_set(w->rng, seed);
	assert_int_equal(sr_engine_init(&w->e, 0), 0);
	assert_int_equal(sr_account_init(&w->a, "acct", "us-east-1", &ap, 0,
					 &w->rep), 0);
	sr_account_set_stage(&w->a, 0, SR_STAGE_PRODUCTION);
	sr_account_set_limits(&w->a, 0, SR_UNLIMITED, 1e6);
	assert_int_equal(sr_reputation_init(&w->r, rp, &w->a, &w->e), 0);
	assert_int_equal(sr_feedback_init(&w->f, fp ? fp : &d, &w->e, w->rng),
			 0);
}

static void start(struct world *w, unsigned long seed)
{
	struct sr_reputation_params q = quiet();
	start_with(w, &q, NULL, seed);
}

static void stop(struct world *w)
{
	sr_feedback_reset(&w->f);
	sr_reputation_reset(&w->r);
	sr_account_reset(&w->a);
	sr_engine_reset(&w->e);
	gsl_rng_free(w->rng);
}

static struct sr_stream_quality quality(double hard, double soft,
					double complaint, double fbl)
{
	return (struct sr_stream_quality){
		.recipients_per_message = 1,
		.hard_bounce_p = hard,
		.soft_bounce_p = soft,
		.complaint_p = complaint,
		.fbl_share = fbl,
	};
}

/* Runs to t and brings the account just past it, so that the reputation
 * counts every bounce filed ahead that has arrived by t (to the end: a
 * month past the last event, beyond every hard bounce's delay). */
static void run_to(struct world *w, int64_t t_us)
{
	assert_int_equal(sr_engine_run(&w->e, t_us, NULL), SR_RUN_DONE);
	int64_t past = t_us < INT64_MAX ? t_us + 1
					: sr_engine_now(&w->e) + 30 * SR_US_PER_DAY;
	(void)sr_account_sent_last_24h(&w->a, past);
}

/* Hard bounces (kind 0) or complaints (1) arrived by t. */
static int64_t arrived(struct world *w, int kind, int64_t t_us)
{
	const struct sr_feedback_totals *t = sr_feedback_totals(&w->f, t_us);
	return kind ? t->complaints_arrived : t->hard_arrived;
}

/* A suppression list so large that it stays at its bad share, p: hard
 * bounces then join it, and are events. */
static void big_list(struct sr_suppression *list, double p)
{
	const int64_t size = INT64_C(1) << 50;
	assert_int_equal(sr_suppression_init(list, size,
					     (int64_t)(p * (double)size)), 0);
}

static void send(struct world *w, int64_t t_us,
		 const struct sr_stream_quality *q, struct sr_suppression *list,
		 int64_t n)
{
	assert_int_equal(sr_feedback_accepted(&w->f, t_us, q, list, &w->r, n),
			 0);
}

/* Whether a count k of n trials is within z standard deviations of n p. */
static int binomial_near(int64_t k, int64_t n, double p, double z)
{
	double sd = sqrt((double)n * p * (1 - p));
	return fabs((double)k - (double)n * p) <= z * sd;
}

static void defaults_are_the_documented_values(void **state)
{
	(void)state;
	struct sr_feedback_params p;
	sr_feedback_params_default(&p);
	assert_true(p.hard_delay.median_s == 30 && p.hard_delay.level == 0.99 &&
		    p.hard_delay.at_s == 3600);
	assert_true(p.complaint_delay.median_s == 43200 &&
		    p.complaint_delay.level == 0.95 &&
		    p.complaint_delay.at_s == 259200);
	assert_int_equal(p.soft_retry_us, 12 * SR_US_PER_H);
	assert_int_equal(p.bins, 6);
}

static int init_with(struct sr_engine *e, gsl_rng *r,
		     const struct sr_feedback_params *p)
{
	struct sr_feedback f;
	int rc = sr_feedback_init(&f, p, e, r);
	if (rc == 0)
		sr_feedback_reset(&f);
	return rc;
}

/* Each bad parameter alone is refused; the defaults and the edges pass. */
static void init_refuses_bad_parameters(void **state)
{
	(void)state;
	struct world w;
	start(&w, 1);
	struct sr_feedback_params d, p;
	struct sr_feedback f;
	sr_feedback_params_default(&d);
	struct sr_lognormal *delay[] = {&p.hard_delay, &p.complaint_delay};
	for (int i = 0; i < 2; i++) {
		p = d;
		delay[i]->median_s = 0;
		assert_int_equal(init_with(&w.e, w.rng, &p), -1);
		p = d;
		delay[i]->level = 0.5;
		assert_int_equal(init_with(&w.e, w.rng, &p), -1);
		p = d;
		delay[i]->at_s = delay[i]->median_s / 2;
		assert_int_equal(init_with(&w.e, w.rng, &p), -1);
		p = d;
		delay[i]->at_s = NAN;
		assert_int_equal(init_with(&w.e, w.rng, &p), -1);
	}
	int bad_bins[] = {0, -1, 33};
	for (int i = 0; i < 3; i++) {
		p = d;
		p.bins = bad_bins[i];
		assert_int_equal(init_with(&w.e, w.rng, &p), -1);
	}
	p = d;
	p.soft_retry_us = -1;
	assert_int_equal(init_with(&w.e, w.rng, &p), -1);
	assert_int_equal(sr_feedback_init(&f, NULL, &w.e, w.rng), -1);
	assert_int_equal(sr_feedback_init(&f, &d, NULL, w.rng), -1);
	assert_int_equal(sr_feedback_init(&f, &d, &w.e, NULL), -1);
	p = d;
	p.bins = 1;
	p.soft_retry_us = 0;
	assert_int_equal(init_with(&w.e, w.rng, &p), 0);
	p.bins = 32;
	assert_int_equal(init_with(&w.e, w.rng, &p), 0);
	assert_int_equal(init_with(&w.e, w.rng, &d), 0);
	stop(&w);
}

/* Bad input is refused before anything is drawn or reported; n = 0 is a
 * no-op. */
static void accepted_refuses_bad_input(void **state)
{
	(void)state;
	struct world w;
	start(&w, 2);
	struct sr_stream_quality q = quality(0.1, 0.1, 0.1, 0.5), b;
	double *share[] = {&b.hard_bounce_p, &b.soft_bounce_p, &b.complaint_p,
			   &b.fbl_share};
	double bad[] = {-0.1, 1.1, NAN};
	for (int i = 0; i < 4; i++) {
		for (int j = 0; j < 3; j++) {
			b = q;
			*share[i] = bad[j];
			assert_int_equal(sr_feedback_accepted(&w.f, 0, &b, NULL,
							      &w.r, 10), -1);
		}
	}
	assert_int_equal(sr_feedback_accepted(&w.f, 0, &q, NULL, &w.r, -1), -1);
	assert_int_equal(sr_feedback_accepted(&w.f, 0, NULL, NULL, &w.r, 1),
			 -1);
	assert_int_equal(sr_feedback_accepted(&w.f, 0, &q, NULL, NULL, 1), -1);
	assert_int_equal(sr_feedback_accepted(&w.f, -1, &q, NULL, &w.r, 1), -1);
	send(&w, 0, &q, NULL, 0);
	assert_int_equal(w.r.next_id, 0);
	assert_int_equal(w.f.totals.eligible, 0);
	assert_int_equal(sr_queue_size(&w.e.queue), 0);
	stop(&w);
}

/*
 * 1,000 chunks of 10,000.  Each count lies within 5 standard deviations of
 * its binomial mean: fbl of the eligible, hard of the eligible, soft of
 * those that did not hard-bounce (0.08 of the eligible if drawn from all
 * of them) and complaints of the fbl mail (0.03 of the eligible if drawn
 * from all).  The per-chunk variance of hard bounces is binomial (1,600;
 * within 4.5 standard errors): rounding n p would give 0.
 */
static void counts_follow_the_stream_quality(void **state)
{
	(void)state;
	struct world w;
	start(&w, 3);
	struct sr_stream_quality q = quality(0.2, 0.1, 0.1, 0.3);
	const int chunks = 1000;
	const int64_t n = 10000;
	double sum2 = 0;
	for (int i = 0; i < chunks; i++) {
		int64_t before = w.f.totals.hard;
		send(&w, 0, &q, NULL, n);
		double k = (double)(w.f.totals.hard - before) - 0.2 * n;
		sum2 += k * k;
	}
	const struct sr_feedback_totals *t = sr_feedback_totals(&w.f, 0);
	assert_int_equal(t->suppressed, 0);
	assert_int_equal(t->eligible, chunks * n);
	assert_int_equal(w.r.sent, t->eligible);
	int64_t fbl = sr_reputation_fbl(&w.r);
	assert_true(binomial_near(fbl, t->eligible, 0.3, 5));
	assert_true(binomial_near(t->hard, t->eligible, 0.2, 5));
	assert_true(binomial_near(t->soft, t->eligible - t->hard, 0.1, 5));
	assert_true(binomial_near(t->complaints, fbl, 0.1, 5));
	double var = sum2 / chunks, expect = n * 0.2 * 0.8;
	assert_true(var > 0.8 * expect && var < 1.2 * expect);
	/* Nothing has arrived yet. */
	assert_int_equal(w.r.bounces, 0);
	assert_int_equal(w.r.complaints, 0);
	stop(&w);
}

/* Run to the end, every drawn bounce and complaint has arrived and reached
 * the reputation model; soft bounces reached only the totals. */
static void every_drawn_feedback_arrives(void **state)
{
	(void)state;
	struct world w;
	start(&w, 4);
	struct sr_stream_quality q = quality(0.03, 0.05, 0.01, 0.5);
	for (int i = 0; i < 200; i++) {
		run_to(&w, i * SR_US_PER_MIN);
		send(&w, i * SR_US_PER_MIN, &q, NULL, 1000 + 37 * i);
	}
	run_to(&w, INT64_MAX);
	const struct sr_feedback_totals *t = sr_feedback_totals(&w.f, INT64_MAX);
	assert_true(t->hard > 0 && t->soft > 0 && t->complaints > 0);
	assert_int_equal(t->hard_arrived, t->hard);
	assert_int_equal(t->soft_arrived, t->soft);
	assert_int_equal(t->complaints_arrived, t->complaints);
	assert_int_equal(w.r.bounces, t->hard);
	assert_int_equal(w.r.complaints, t->complaints);
	assert_int_equal(sr_queue_size(&w.e.queue), 0);
	stop(&w);
}

/*
 * The bins: each at its conditional median, the quantile at (i + 0.5) / 6,
 * increasing, three of six on each side of the median, the last one before
 * the stated upper quantile (1 h: 99%; 3 days: 95%).
 */
static void bins_split_the_delay_distribution(void **state)
{
	(void)state;
	struct world w;
	start(&w, 5);
	const struct sr_feedback *f = &w.f;
	for (int i = 0; i < 6; i++) {
		double u = (i + 0.5) / 6;
		assert_int_equal(f->hard_bin_us[i],
			sr_lognormal_quantile_us(&f->p.hard_delay, u));
		assert_int_equal(f->complaint_bin_us[i],
			sr_lognormal_quantile_us(&f->p.complaint_delay, u));
		if (i > 0) {
			assert_true(f->hard_bin_us[i] > f->hard_bin_us[i - 1]);
			assert_true(f->complaint_bin_us[i] >
				    f->complaint_bin_us[i - 1]);
		}
	}
	assert_true(f->hard_bin_us[2] < 30 * SR_US_PER_S);
	assert_true(f->hard_bin_us[3] > 30 * SR_US_PER_S);
	assert_true(f->hard_bin_us[5] < SR_US_PER_H);
	assert_true(f->complaint_bin_us[2] < 12 * SR_US_PER_H);
	assert_true(f->complaint_bin_us[3] > 12 * SR_US_PER_H);
	assert_true(f->complaint_bin_us[5] < 3 * SR_US_PER_DAY);
	/* Hard bounces are all in before the first complaint bin. */
	assert_true(f->hard_bin_us[5] < f->complaint_bin_us[0]);
	stop(&w);
}

/*
 * Steps through the bins of one kind from t0: nothing arrives between two
 * bin delays, and after bin i the arrived share is (i + 1) / 6 within 5
 * standard deviations of the multinomial.  Returns the count arrived by
 * the median (three bins).
 */
static int64_t step_bins(struct world *w, int64_t t0, const int64_t bin_us[],
			 int kind, int64_t drawn)
{
	int64_t by_median = -1, now = 0;
	for (int i = 0; i < 6; i++) {
		int64_t before = now;
		run_to(w, t0 + bin_us[i] - 1);
		assert_int_equal(arrived(w, kind, t0 + bin_us[i] - 1), before);
		run_to(w, t0 + bin_us[i]);
		now = arrived(w, kind, t0 + bin_us[i]);
		assert_true(now > before);
		assert_true(binomial_near(now, drawn, (i + 1) / 6.0, 5));
		if (i == 2)
			by_median = now;
	}
	assert_int_equal(now, drawn);
	return by_median;
}

/* Arrivals come only at the bin delays: half of the hard bounces by 30 s,
 * all by 1 h; half of the complaints by 12 h, all by 3 days; the soft
 * bounces all at once after the 12 h of retries. */
static void arrivals_follow_the_delay_bins(void **state)
{
	(void)state;
	struct world w;
	start(&w, 6);
	const int64_t t0 = 1000 * SR_US_PER_S;
	struct sr_stream_quality q = quality(0.1, 0.01, 0.1, 0.5);
	run_to(&w, t0);
	send(&w, t0, &q, NULL, 1000000);
	const struct sr_feedback_totals *t = &w.f.totals;
	int64_t half = step_bins(&w, t0, w.f.hard_bin_us, 0, t->hard);
	run_to(&w, t0 + 30 * SR_US_PER_S);
	assert_true(binomial_near(half, t->hard, 0.5, 5));
	run_to(&w, t0 + SR_US_PER_H);
	assert_int_equal(arrived(&w, 0, t0 + SR_US_PER_H), t->hard);
	assert_int_equal(w.r.bounces, t->hard);
	assert_int_equal(t->complaints_arrived, 0);
	half = step_bins(&w, t0, w.f.complaint_bin_us, 1, t->complaints);
	assert_true(binomial_near(half, t->complaints, 0.5, 5));
	assert_true(t0 + w.f.complaint_bin_us[5] < t0 + 3 * SR_US_PER_DAY);
	assert_true(sr_engine_now(&w.e) > t0 + 12 * SR_US_PER_H);
	t = sr_feedback_totals(&w.f, sr_engine_now(&w.e));
	assert_int_equal(t->soft_arrived, t->soft);
	stop(&w);
	/* Soft bounces alone, so that no complaint bin is in the way. */
	start(&w, 6);
	q = quality(0, 0.1, 0, 0.5);
	run_to(&w, t0);
	send(&w, t0, &q, NULL, 1000000);
	assert_int_equal(sr_queue_size(&w.e.queue), 0);
	t = sr_feedback_totals(&w.f, t0 + 12 * SR_US_PER_H - 1);
	assert_int_equal(t->soft_arrived, 0);
	t = sr_feedback_totals(&w.f, t0 + 12 * SR_US_PER_H);
	assert_true(binomial_near(t->soft, 1000000, 0.1, 5));
	assert_int_equal(t->soft_arrived, t->soft);
	assert_int_equal(w.r.bounces, 0);
	stop(&w);
}

/*
 * A sender computed lazily reports sends after the fact, at t before now:
 * feedback that would have arrived by now (every hard bounce, due within
 * about 9 minutes) arrives now; the rest (complaints, from about 2.7 h)
 * keeps its time.  Hard bounces as events (a finite list) are scheduled
 * now; filed ahead, they are counted by the first reading after the send.
 */
static void sends_reported_late_arrive_no_earlier_than_now(void **state)
{
	(void)state;
	struct world w;
	start(&w, 14);
	const int64_t now = 1000 * SR_US_PER_S, t0 = 10 * SR_US_PER_S;
	const struct sr_feedback *f = &w.f;
	struct sr_stream_quality q = quality(0.1, 0, 0.1, 0.5);
	struct sr_suppression list;
	big_list(&list, 0.1);
	run_to(&w, now);
	send(&w, t0, &q, &list, 100000);
	assert_true(t0 + f->hard_bin_us[5] < now);
	assert_true(t0 + f->complaint_bin_us[0] > now);
	assert_int_equal(sr_queue_size(&w.e.queue), 12);
	assert_int_equal(sr_queue_next_time(&w.e.queue), now);
	run_to(&w, now);
	assert_int_equal(f->totals.hard_arrived, f->totals.hard);
	assert_int_equal(w.r.bounces, f->totals.hard);
	int64_t hard = f->totals.hard;
	send(&w, t0, &q, NULL, 100000);
	assert_int_equal(sr_queue_size(&w.e.queue), 12);
	assert_int_equal(w.r.bounces, hard);
	run_to(&w, now);
	assert_int_equal(w.r.bounces, f->totals.hard);
	assert_int_equal(arrived(&w, 0, now), f->totals.hard);
	run_to(&w, t0 + f->complaint_bin_us[0] - 1);
	assert_int_equal(f->totals.complaints_arrived, 0);
	run_to(&w, t0 + f->complaint_bin_us[0]);
	assert_true(f->totals.complaints_arrived > 0);
	stop(&w);
}

/* The reputation model sees the sends at once but each bounce and
 * complaint only from its arrival on. */
static void feedback_not_arrived_does_not_reach_reputation(void **state)
{
	(void)state;
	struct world w;
	start(&w, 7);
	const int64_t t0 = 5 * SR_US_PER_MIN;
	const struct sr_feedback *f = &w.f;
	struct sr_stream_quality q = quality(0.04, 0, 0.01, 0.5);
	run_to(&w, t0);
	send(&w, t0, &q, NULL, 100000);
	assert_int_equal(w.r.sent, 100000);
	assert_true(f->totals.hard > 0 && f->totals.complaints > 0);
	assert_int_equal(w.r.bounces, 0);
	run_to(&w, t0 + f->hard_bin_us[0] - 1);
	assert_int_equal(w.r.bounces, 0);
	assert_true(sr_reputation_bounce_rate(&w.r) == 0);
	run_to(&w, t0 + f->hard_bin_us[0]);
	assert_true(w.r.bounces > 0 && w.r.bounces < f->totals.hard);
	assert_int_equal(w.r.bounces, arrived(&w, 0, t0 + f->hard_bin_us[0]));
	run_to(&w, t0 + f->complaint_bin_us[0] - 1);
	assert_int_equal(w.r.bounces, f->totals.hard);
	assert_int_equal(w.r.complaints, 0);
	run_to(&w, t0 + f->complaint_bin_us[0]);
	assert_true(w.r.complaints > 0);
	assert_true(w.r.complaints < f->totals.complaints);
	run_to(&w, INT64_MAX);
	assert_int_equal(w.r.complaints, f->totals.complaints);
	stop(&w);
}

/*
 * The scenario through feedback and the real reputation model: a
 * stream with 6% hard bounces, 100 recipients a second.  With 9,900 sent
 * and every bounce arrived (about 594) the account is not judged yet; the
 * next chunk brings the window to the representative volume and starts the
 * review (about 5.94% >= 5%, four standard deviations clear).
 */
static void six_percent_puts_the_account_under_review(void **state)
{
	(void)state;
	struct sr_reputation_params rp;
	sr_reputation_params_default(&rp);
	struct world w;
	start_with(&w, &rp, NULL, 8);
	struct sr_stream_quality q = quality(0.06, 0, 0, 0.5);
	int64_t t = 0;
	for (int i = 0; i < 99; i++, t += SR_US_PER_S) {
		run_to(&w, t);
		send(&w, t, &q, NULL, 100);
	}
	run_to(&w, INT64_MAX);
	assert_int_equal(w.r.bounces, w.f.totals.hard);
	assert_true(sr_reputation_bounce_rate(&w.r) >= 0.05);
	assert_false(sr_reputation_judged(&w.r));
	assert_int_equal(w.a.status, SR_STATUS_HEALTHY);
	assert_int_equal(w.log.n, 0);
	t = sr_engine_now(&w.e);
	send(&w, t, &q, NULL, 100);
	assert_true(sr_reputation_judged(&w.r));
	assert_int_equal(w.a.status, SR_STATUS_PROBATION);
	assert_int_equal(w.log.n, 1);
	assert_int_equal(w.log.kind[0], SR_EV_REVIEW_STARTED);
	assert_int_equal(w.log.when[0], t);
	run_to(&w, INT64_MAX);
	assert_int_equal(w.a.status, SR_STATUS_PROBATION);
	stop(&w);
}

/* Per-send counts of one list, sent 48 times an hour apart. */
struct sends {
	int64_t suppressed[48], eligible[48], hard[48];
};

static void send_hourly(struct world *w, const struct sr_stream_quality *q,
			struct sr_suppression *list, int64_t n,
			struct sends *s)
{
	for (int i = 0; i < 48; i++) {
		struct sr_feedback_totals before = w->f.totals;
		run_to(w, i * SR_US_PER_H);
		send(w, i * SR_US_PER_H, q, list, n);
		s->suppressed[i] = w->f.totals.suppressed - before.suppressed;
		s->eligible[i] = w->f.totals.eligible - before.eligible;
		s->hard[i] = w->f.totals.hard - before.hard;
	}
	run_to(w, INT64_MAX);
}

static double hard_share(const struct sends *s, int from, int to)
{
	int64_t hard = 0, eligible = 0;
	for (int i = from; i < to; i++) {
		hard += s->hard[i];
		eligible += s->eligible[i];
	}
	return (double)hard / (double)eligible;
}

/*
 * A list of 10,000 addresses, 600 bad, sent 1,000 recipients an hour.  The
 * first send reaches no listed address and bounces at the list's 6% (not
 * the stream's 30%, which applies only to unbounded lists); as hard
 * bounces arrive and join the list, later sends see suppressed recipients,
 * which are excluded from the eligible mail and the reputation, and the
 * bounce share falls.
 */
static void suppression_lowers_the_bounce_rate(void **state)
{
	(void)state;
	struct world w;
	start(&w, 9);
	struct sr_stream_quality q = quality(0.3, 0, 0, 0.5);
	struct sr_suppression list;
	struct sends s;
	assert_int_equal(sr_suppression_init(&list, 10000, 600), 0);
	send_hourly(&w, &q, &list, 1000, &s);
	assert_int_equal(s.suppressed[0], 0);
	for (int i = 0; i < 48; i++)
		assert_int_equal(s.suppressed[i] + s.eligible[i], 1000);
	assert_true(s.suppressed[47] > 0);
	assert_true(hard_share(&s, 0, 1) > 0.04 && hard_share(&s, 0, 1) < 0.08);
	assert_true(hard_share(&s, 36, 48) < 0.005);
	assert_true(hard_share(&s, 36, 48) < hard_share(&s, 12, 24));
	assert_true(hard_share(&s, 12, 24) < hard_share(&s, 0, 12));
	assert_int_equal(list.suppressed, w.f.totals.hard < 600 ?
			 w.f.totals.hard : 600);
	assert_true(list.suppressed > 550);
	assert_int_equal(w.r.sent, 48 * 1000 - w.f.totals.suppressed);
	assert_int_equal(w.r.sent, w.f.totals.eligible);
	stop(&w);
}

/* An unbounded list (size 0) suppresses nothing and leaves the stream's
 * bounce probability in force. */
static void unbounded_list_uses_the_stream_rate(void **state)
{
	(void)state;
	struct world w;
	start(&w, 10);
	struct sr_stream_quality q = quality(0.3, 0, 0, 0.5);
	struct sr_suppression list;
	struct sends s;
	assert_int_equal(sr_suppression_init(&list, 0, 0), 0);
	send_hourly(&w, &q, &list, 1000, &s);
	assert_int_equal(w.f.totals.suppressed, 0);
	assert_true(binomial_near(w.f.totals.hard, 48000, 0.3, 5));
	assert_true(fabs(hard_share(&s, 36, 48) - 0.3) < 0.03);
	stop(&w);
}

/* Runs one chunk of n in a fresh world with `bins` bins, its hard bounces
 * as events (a finite list) or filed ahead; returns the events it
 * scheduled, and checks that all it drew arrives. */
static size_t events_of_chunk(int bins, int64_t n, double hard, int listed)
{
	struct sr_feedback_params fp;
	struct sr_reputation_params rp = quiet();
	sr_feedback_params_default(&fp);
	fp.bins = bins;
	struct world w;
	start_with(&w, &rp, &fp, 11);
	struct sr_stream_quality q = quality(hard, 0.1, 0.1, 0.5);
	struct sr_suppression list;
	big_list(&list, hard);
	send(&w, 0, &q, listed ? &list : NULL, n);
	size_t events = sr_queue_size(&w.e.queue);
	assert_true(binomial_near(w.f.totals.hard, n, hard, 6));
	run_to(&w, INT64_MAX);
	assert_int_equal(w.e.dispatched, events);
	assert_int_equal(arrived(&w, 0, INT64_MAX), w.f.totals.hard);
	assert_int_equal(sr_feedback_totals(&w.f, INT64_MAX)->soft_arrived,
			 w.f.totals.soft);
	assert_int_equal(w.f.totals.complaints_arrived, w.f.totals.complaints);
	assert_int_equal(w.r.bounces, w.f.totals.hard);
	stop(&w);
	return events;
}

/* A chunk costs at most 2 x bins events whatever its size: exactly
 * that when every bin is used, fewer for a small chunk; hard bounces
 * filed ahead take none.  Counts above GSL's unsigned int of trials (5e9
 * hard bounces) arrive whole. */
static void events_per_chunk_are_bounded(void **state)
{
	(void)state;
	assert_int_equal(events_of_chunk(6, INT64_C(1000000000), 0.1, 1), 12);
	assert_int_equal(events_of_chunk(32, INT64_C(1000000000), 0.1, 1), 64);
	assert_int_equal(events_of_chunk(1, INT64_C(1000000000), 0.1, 1), 2);
	assert_true(events_of_chunk(6, 10, 0.1, 1) <= 12);
	assert_int_equal(events_of_chunk(6, INT64_C(10000000000), 0.5, 1), 12);
	assert_int_equal(events_of_chunk(6, INT64_C(1000000000), 0.1, 0), 6);
	assert_int_equal(events_of_chunk(6, INT64_C(10000000000), 0.5, 0), 6);
}

/*
 * A chunk every 10 minutes for 10 days, each using all 12 events.  Once the
 * oldest pending arrival (the last complaint bin, about 2.3 days) has come
 * in, the pending set repeats and the pool stops growing; run to the end,
 * every entry is free again.
 */
static void pool_is_reused(void **state)
{
	(void)state;
	struct world w;
	start(&w, 12);
	struct sr_stream_quality q = quality(0.01, 0.01, 0.01, 0.5);
	struct sr_suppression list;
	big_list(&list, 0.01);
	const int64_t step = 10 * SR_US_PER_MIN;
	size_t cap_day4 = 0;
	for (int64_t t = 0; t < 10 * SR_US_PER_DAY; t += step) {
		run_to(&w, t);
		size_t queued = sr_queue_size(&w.e.queue);
		send(&w, t, &q, &list, 100000);
		assert_int_equal(sr_queue_size(&w.e.queue), queued + 12);
		if (t == 4 * SR_US_PER_DAY)
			cap_day4 = w.f.pool_cap;
	}
	assert_true(cap_day4 >= 64);
	assert_int_equal(w.f.pool_cap, cap_day4);
	run_to(&w, INT64_MAX);
	/* Chunks of soft bounces take neither an event nor a pool entry,
	 * only a place in their ring until they are counted. */
	struct sr_stream_quality soft = quality(0, 1, 0, 0.5);
	int64_t t = sr_engine_now(&w.e);
	(void)sr_feedback_totals(&w.f, t);
	assert_int_equal(w.f.soft.len, 0);
	for (size_t i = 0; i < 1000; i++)
		send(&w, t, &soft, NULL, 10);
	assert_int_equal(sr_queue_size(&w.e.queue), 0);
	assert_int_equal(w.f.pool_cap, cap_day4);
	assert_int_equal(w.f.soft.len, 1000);
	const struct sr_feedback_totals *tot =
		sr_feedback_totals(&w.f, t + 12 * SR_US_PER_H);
	assert_int_equal(tot->soft_arrived, tot->soft);
	assert_int_equal(w.f.soft.len, 0);
	stop(&w);
}

/* A lazy sender can report sends from before others already reported
 * (accounts brought up to date one after another): each soft bounce is
 * still counted 12 hours after its own send, not after the later one. */
static void soft_bounces_arrive_in_time_order(void **state)
{
	(void)state;
	struct world w;
	start(&w, 13);
	struct sr_stream_quality soft = quality(0, 1, 0, 0.5);
	const int64_t h12 = 12 * SR_US_PER_H;
	run_to(&w, 300 * SR_US_PER_S);
	send(&w, 200 * SR_US_PER_S, &soft, NULL, 7);
	send(&w, 100 * SR_US_PER_S, &soft, NULL, 5);
	send(&w, 250 * SR_US_PER_S, &soft, NULL, 3);
	const struct sr_feedback_totals *t;
	t = sr_feedback_totals(&w.f, 100 * SR_US_PER_S + h12 - 1);
	assert_int_equal(t->soft_arrived, 0);
	t = sr_feedback_totals(&w.f, 100 * SR_US_PER_S + h12);
	assert_int_equal(t->soft_arrived, 5);
	t = sr_feedback_totals(&w.f, 200 * SR_US_PER_S + h12);
	assert_int_equal(t->soft_arrived, 12);
	t = sr_feedback_totals(&w.f, 250 * SR_US_PER_S + h12);
	assert_int_equal(t->soft_arrived, 15);
	assert_int_equal(t->soft, 15);
	stop(&w);
}

/*
 * Soft bounces are drawn when the totals need them, the chunks of one
 * probability that come due together at once.  Two streams of 5% and 20%
 * soft bounces, a chunk of each every minute for three days: the ring is
 * settled when full (4096 chunks, of which the last 12 h are not due), so
 * it stays at that size, and the totals are within 5 standard deviations
 * of 0.05 and 0.2 of their trials.
 */
static void soft_bounces_are_drawn_when_needed(void **state)
{
	(void)state;
	struct world w;
	start(&w, 15);
	struct sr_stream_quality a = quality(0, 0.05, 0, 0.5);
	struct sr_stream_quality b = quality(0, 0.2, 0, 0.5);
	const int64_t n = 1000;
	int minutes = 3 * 24 * 60;
	size_t most = 0;
	for (int i = 0; i < minutes; i++) {
		int64_t t = i * SR_US_PER_MIN;
		run_to(&w, t);
		send(&w, t, &a, NULL, n);
		send(&w, t, &b, NULL, n);
		if (w.f.soft.len > most)
			most = w.f.soft.len;
	}
	assert_true(most <= 4096 && most > 1440);
	assert_int_equal(w.f.soft.cap, 4096);
	const struct sr_feedback_totals *t =
		sr_feedback_totals(&w.f, 4 * SR_US_PER_DAY);
	double trials = (double)minutes * n;
	double mean = 0.25 * trials, sd = sqrt(trials * (0.05 * 0.95 +
							   0.2 * 0.8));
	assert_true(fabs((double)t->soft - mean) <= 5 * sd);
	assert_int_equal(t->soft_arrived, t->soft);
	stop(&w);
}

/*
 * Rare events in small chunks (2 hard bounces expected in 200) are counted
 * on a kept Bernoulli process: per chunk still binomial, 20,000 chunks
 * giving its mean (2) and variance (1.98) within about 4.5 standard
 * errors, and the two kinds' processes, of different p, apart.
 */
static void rare_events_per_chunk_are_binomial(void **state)
{
	(void)state;
	struct world w;
	start(&w, 16);
	struct sr_stream_quality q = quality(0.01, 0, 0.02, 1);
	const int chunks = 20000;
	double sum = 0, sum2 = 0, csum = 0;
	for (int i = 0; i < chunks; i++) {
		int64_t before = w.f.totals.hard, cb = w.f.totals.complaints;
		send(&w, 0, &q, NULL, 200);
		double k = (double)(w.f.totals.hard - before);
		sum += k;
		sum2 += k * k;
		csum += (double)(w.f.totals.complaints - cb);
	}
	double mean = sum / chunks, var = sum2 / chunks - mean * mean;
	assert_true(fabs(mean - 2) < 4.5 * sqrt(1.98 / chunks));
	assert_true(fabs(var - 1.98) < 0.1);
	/* Complaints: 0.02 of the (about 198) fbl recipients a chunk. */
	double fbl = (double)sr_reputation_fbl(&w.r) / chunks;
	assert_true(fabs(csum / chunks - 0.02 * fbl) <
		    4.5 * sqrt(0.02 * fbl / chunks));
	assert_int_equal(w.f.nrare, 2);
	stop(&w);
}

/*
 * Complaints drawn first, the feedback-loop count after them: when every
 * feedback-loop message complains, the two are equal in every chunk (a
 * wrong P(fbl | no complaint) leaves more), and when none does, the count
 * is still Binomial(eligible, fbl_share).
 */
static void feedback_loop_count_and_complaints_agree(void **state)
{
	(void)state;
	struct world w;
	start(&w, 21);
	struct sr_stream_quality all = quality(0, 0, 1, 0.3);
	for (int i = 0; i < 200; i++) {
		send(&w, 0, &all, NULL, 500);
		assert_int_equal(sr_reputation_fbl(&w.r),
				 sr_feedback_totals(&w.f, 0)->complaints);
	}
	assert_true(binomial_near(w.f.totals.complaints, 200 * 500, 0.3, 5));
	stop(&w);
	start(&w, 22);
	struct sr_stream_quality none = quality(0, 0, 0, 0.3);
	for (int i = 0; i < 200; i++)
		send(&w, 0, &none, NULL, 500);
	assert_int_equal(w.f.totals.complaints, 0);
	assert_true(binomial_near(sr_reputation_fbl(&w.r), 200 * 500, 0.3, 5));
	stop(&w);
}

/* What a run leaves behind, to compare two runs. */
struct outcome {
	struct sr_feedback_totals totals;
	int64_t sent, fbl, bounces, complaints, listed;
	uint64_t dispatched;
};

static void run_scenario(unsigned long seed, struct outcome *o)
{
	struct world w;
	start(&w, seed);
	struct sr_stream_quality q = quality(0.05, 0.02, 0.01, 0.5);
	struct sr_suppression list;
	struct sends s;
	assert_int_equal(sr_suppression_init(&list, 20000, 1500), 0);
	send_hourly(&w, &q, &list, 2000, &s);
	memset(o, 0, sizeof *o);
	o->totals = w.f.totals;
	o->sent = w.r.sent;
	o->fbl = sr_reputation_fbl(&w.r);
	o->bounces = w.r.bounces;
	o->complaints = w.r.complaints;
	o->listed = list.suppressed;
	o->dispatched = w.e.dispatched;
	stop(&w);
}

/* The same seed gives the same run; another seed another one. */
static void same_seed_same_results(void **state)
{
	(void)state;
	struct outcome a, b, c;
	run_scenario(42, &a);
	run_scenario(42, &b);
	run_scenario(43, &c);
	assert_memory_equal(&a, &b, sizeof a);
	assert_memory_not_equal(&a, &c, sizeof a);
}

/* Feedback for a chunk that has left the reputation's window is ignored
 * and the run goes on; feedback naming a chunk the reputation never issued
 * is an error that stops the run. */
static void arrivals_for_unknown_chunks_stop_the_run(void **state)
{
	(void)state;
	struct sr_reputation_params rp;
	sr_reputation_params_default(&rp);
	struct world w;
	start_with(&w, &rp, NULL, 13);
	struct sr_stream_quality all = quality(1, 0, 0, 0.5);
	struct sr_stream_quality none = quality(0, 0, 0, 0.5);
	send(&w, 0, &all, NULL, 100);
	send(&w, 0, &none, NULL, 20000);
	assert_int_equal(w.r.len, 1);
	run_to(&w, INT64_MAX);
	assert_int_equal(arrived(&w, 0, INT64_MAX), 100);
	assert_int_equal(w.r.bounces, 0);
	assert_int_equal(w.a.status, SR_STATUS_HEALTHY);
	/* A fresh reputation has issued no id yet (complaints are events). */
	struct sr_stream_quality complain = quality(0, 0, 1, 1);
	send(&w, sr_engine_now(&w.e), &complain, NULL, 100);
	sr_reputation_reset(&w.r);
	assert_int_equal(sr_reputation_init(&w.r, &rp, &w.a, &w.e), 0);
	int status = 0;
	assert_int_equal(sr_engine_run(&w.e, INT64_MAX, &status),
			 SR_RUN_STOPPED);
	assert_int_equal(status, -1);
	stop(&w);
}

int main(void)
{
	gsl_set_error_handler_off();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_are_the_documented_values),
		cmocka_unit_test(init_refuses_bad_parameters),
		cmocka_unit_test(accepted_refuses_bad_input),
		cmocka_unit_test(counts_follow_the_stream_quality),
		cmocka_unit_test(every_drawn_feedback_arrives),
		cmocka_unit_test(bins_split_the_delay_distribution),
		cmocka_unit_test(arrivals_follow_the_delay_bins),
		cmocka_unit_test(feedback_not_arrived_does_not_reach_reputation),
		cmocka_unit_test(sends_reported_late_arrive_no_earlier_than_now),
		cmocka_unit_test(six_percent_puts_the_account_under_review),
		cmocka_unit_test(suppression_lowers_the_bounce_rate),
		cmocka_unit_test(unbounded_list_uses_the_stream_rate),
		cmocka_unit_test(events_per_chunk_are_bounded),
		cmocka_unit_test(soft_bounces_arrive_in_time_order),
		cmocka_unit_test(soft_bounces_are_drawn_when_needed),
		cmocka_unit_test(rare_events_per_chunk_are_binomial),
		cmocka_unit_test(feedback_loop_count_and_complaints_agree),
		cmocka_unit_test(pool_is_reused),
		cmocka_unit_test(same_seed_same_results),
		cmocka_unit_test(arrivals_for_unknown_chunks_stop_the_run),
	};
	return cmocka_run_group_tests_name("feedback", tests, NULL, NULL);
}
