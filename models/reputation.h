/*
 * reputation: bounce and complaint rates and the enforcement they trigger
 * (ses-facts section 5 and the defaults of section 11).
 *
 * Rates are computed over the last representative volume of eligible
 * messages (default 10,000; assumption).  Eligible messages are those SES
 * accepted for delivery, excluding mailbox-simulator mail and sends
 * suppressed at account level; the caller reports only those.
 *   bounce rate    = hard bounces / eligible messages in the window
 *   complaint rate = complaints / eligible messages in the window that went
 *                    to feedback-loop providers
 * Soft bounces never count.  Only feedback that has arrived counts: a bounce
 * is reported when it arrives, naming the chunk of sends it belongs to.
 *
 * The feedback-loop count of a chunk may be left to draw: it is needed only
 * while complaints in the window make the complaint rate more than 0 (and
 * by sr_reputation_fbl()), which for most senders is never, complaints
 * coming hours after their chunk has left the window.  Such a chunk is
 * reported with the messages known to have gone to feedback loops (those
 * that will complain) and a probability for each of the others, and is
 * drawn, from the generator given, when a complaint reaches the window or
 * when it is sent while complaints are in the window.
 *
 * Bounces filed ahead: most bounces change nothing but the counts, and an
 * event for each would be most of a busy run's work.  A bounce may
 * therefore be filed ahead, with its arrival time; it then counts from
 * that time on, for every reading of the rates after it (the account's
 * settle hook brings them in, in time order, each time the account is
 * brought to a later time, so after the sends before it).  No event is
 * scheduled for it while its arrival cannot change the status: while the
 * hard bounces in the window and all those filed ahead would stay under
 * the review threshold even in a window of exactly the representative
 * volume (the window never holds less once judged, so no arrival can then
 * reach a threshold).  Once a filing would break that bound, the bounces
 * filed from then on arrive no earlier than now, and each arrival is an
 * event that judges, as a reported bounce does, until the bound holds
 * again.
 *
 * The window holds whole chunks (one chunk = one report of sent messages):
 * the oldest chunk is dropped while the rest still hold at least `volume`
 * messages, so the window holds `volume` messages plus less than one chunk.
 * Feedback for a chunk that has left the window no longer counts.
 *
 * Enforcement is judged only once the window holds the representative
 * volume, each time a rate can change (a send or a feedback arrival), with
 * >= thresholds (published, FAQ): review at bounce >= 5% or complaint
 * >= 0.1%; pause at bounce >= 10% or complaint >= 0.5%.
 *   HEALTHY   -> SHUTDOWN at a pause threshold, else PROBATION at a review
 *                threshold (event review_started).
 *   PROBATION -> SHUTDOWN at a pause threshold; HEALTHY (review_ended) once
 *                another `volume` eligible messages have been sent since the
 *                review started and both rates are below review.
 *   SHUTDOWN  -> every send is refused (the account's check).  If the user
 *                fixes the cause (`fixes_cause`, default yes), sending
 *                resumes `resume_after` (default 21 days, "three weeks" in
 *                the enforcement FAQ) after the pause, under review
 *                (PROBATION), with the window emptied: the list that caused
 *                the pause has been cleaned.  Otherwise it never resumes.
 *
 * sr_reputation_init() sets the account's settle hook; rates read after
 * the account has been brought to t (sr_account_sent_last_24h()) count
 * every bounce filed ahead that arrived before t.
 *
 * Memory: sr_reputation_init() allocates the chunk ring; the heap of
 * bounces filed ahead grows as needed; reset frees both.
 * The account, engine and generator belong to the caller.  Depends on
 * account, report, sim/engine, sim/rng and GSL.
 */
#ifndef SR_REPUTATION_H
#define SR_REPUTATION_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/account.h"
#include "sim/engine.h"

/* Engine priority of the resume after a pause: after growth (1) and the
 * output's bucket close (0) at the same instant. */
#define SR_PRIO_REPUTATION 5
/* Engine priority of a judged arrival of bounces filed ahead: that of
 * feedback arrivals (feedback.h). */
#define SR_PRIO_BOUNCE 20

struct sr_reputation_params {
	int64_t volume;             /* representative volume, messages: 10,000 */
	double bounce_review;       /* 0.05 */
	double bounce_pause;        /* 0.10 */
	double complaint_review;    /* 0.001 */
	double complaint_pause;     /* 0.005 */
	int fixes_cause;            /* 1: a paused account resumes */
	int64_t resume_after_us;    /* 21 days */
};

void sr_reputation_params_default(struct sr_reputation_params *p);

struct sr_rep_chunk {
	int64_t id;                 /* sequence number of its first message */
	int64_t sent;               /* eligible messages */
	int64_t fbl;                /* of which to feedback-loop providers,
				     * known so far */
	int64_t fbl_rest;           /* messages not yet drawn, each to a
				     * feedback loop with fbl_p */
	double fbl_p;
	int64_t bounces;            /* hard bounces arrived so far */
	int64_t complaints;         /* complaints arrived so far */
	int64_t ahead;              /* hard bounces filed ahead, not arrived */
};

struct sr_rep_ahead {
	int64_t at_us;              /* arrival */
	uint64_t seq;               /* filing order, for ties */
	int64_t chunk;              /* number of the chunk since the start */
	int64_t n;                  /* hard bounces */
};

struct sr_reputation {
	struct sr_reputation_params p;
	struct sr_account *account;
	struct sr_engine *engine;
	struct sr_rep_chunk *chunk; /* ring, oldest at head */
	size_t cap, head, len;
	int64_t gone;               /* chunks that have left the window */
	int64_t next_id;            /* messages reported so far */
	int64_t sent, fbl, bounces, complaints;   /* sums over the window;
						   * fbl of the known counts,
						   * all known while
						   * complaints > 0 */
	gsl_rng *fbl_rng;           /* draws the counts left to draw */
	int64_t review_start_id;    /* next_id when the review started */
	sr_handle resume;
	struct sr_rep_ahead *ahead; /* bounces filed ahead: min-heap */
	size_t ahead_cap, ahead_len;
	uint64_t ahead_seq;
	int64_t ahead_n;            /* bounces in the heap */
	int64_t ahead_done;         /* bounces taken out of it */
	int64_t review_bounces;     /* bounces at the review rate over
				     * `volume` messages */
	int guarded;                /* the bound is broken: arrivals judge */
	sr_handle guard;            /* event at the next arrival, if guarded */
	int64_t guard_at_us;        /* its time */
};

/* Returns 0, or -1 on bad parameters (thresholds outside (0, 1], review
 * above pause, volume < 1) or if memory is short. */
int sr_reputation_init(struct sr_reputation *r,
		       const struct sr_reputation_params *p,
		       struct sr_account *account, struct sr_engine *engine);
void sr_reputation_reset(struct sr_reputation *r);

/* Reports `sent` eligible messages accepted at t, `fbl` of them to
 * feedback-loop providers.  Returns the chunk's id (>= 0), or -1 if memory
 * is short or the counts are inconsistent. */
int64_t sr_reputation_sent(struct sr_reputation *r, int64_t t_us, int64_t sent,
			   int64_t fbl);

/* As sr_reputation_sent(), the feedback-loop count left to draw (see
 * above): `known` of the messages went to feedback loops, and each of the
 * other sent - known did with probability p, drawn from rng when needed.
 * rng must be the same generator at every call and outlive the model. */
int64_t sr_reputation_sent_lazy(struct sr_reputation *r, int64_t t_us,
				int64_t sent, int64_t known, double p,
				gsl_rng *rng);

/* Reports n hard bounces / complaints arriving at t for a chunk. Feedback
 * for a chunk no longer in the window is ignored (returns 0). Returns 0, or
 * -1 for an id never issued. */
int sr_reputation_bounce(struct sr_reputation *r, int64_t t_us, int64_t id,
			 int64_t n);
int sr_reputation_complaint(struct sr_reputation *r, int64_t t_us, int64_t id,
			    int64_t n);

/*
 * Files n hard bounces of a chunk that arrive at at_us (see above).
 * Returns the instant they count from: at_us, or now if the bound is
 * broken and at_us is past; -1 for an id never issued, counts that do not
 * fit the chunk or short memory.  Bounces for a chunk that has left the
 * window are ignored.  For a model whose bounces change nothing else on
 * arrival (feedback.h: no finite suppression list).
 */
int64_t sr_reputation_bounce_ahead(struct sr_reputation *r, int64_t at_us,
				   int64_t id, int64_t n);

/* Bounces filed ahead that arrive by t, whether counted yet or not (for
 * totals). */
int64_t sr_reputation_ahead_by(const struct sr_reputation *r, int64_t t_us);

/* Messages in the window that went to feedback-loop providers, every
 * count left to draw drawn. */
int64_t sr_reputation_fbl(struct sr_reputation *r);

/* Current rates over the window (0 when the window is empty). */
double sr_reputation_bounce_rate(const struct sr_reputation *r);
double sr_reputation_complaint_rate(const struct sr_reputation *r);

/* Whether the window holds the representative volume. */
int sr_reputation_judged(const struct sr_reputation *r);

#endif
