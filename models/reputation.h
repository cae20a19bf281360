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
 * Memory: sr_reputation_init() allocates the chunk ring; reset frees it.
 * The account and engine belong to the caller.  Depends on account, report
 * and sim/engine.
 */
#ifndef SR_REPUTATION_H
#define SR_REPUTATION_H

#include <stddef.h>
#include <stdint.h>

#include "models/account.h"
#include "sim/engine.h"

/* Engine priority of the resume after a pause: after growth (1) and the
 * output's bucket close (0) at the same instant. */
#define SR_PRIO_REPUTATION 5

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
	int64_t fbl;                /* of which to feedback-loop providers */
	int64_t bounces;            /* hard bounces arrived so far */
	int64_t complaints;         /* complaints arrived so far */
};

struct sr_reputation {
	struct sr_reputation_params p;
	struct sr_account *account;
	struct sr_engine *engine;
	struct sr_rep_chunk *chunk; /* ring, oldest at head */
	size_t cap, head, len;
	int64_t next_id;            /* messages reported so far */
	int64_t sent, fbl, bounces, complaints;   /* sums over the window */
	int64_t review_start_id;    /* next_id when the review started */
	sr_handle resume;
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

/* Reports n hard bounces / complaints arriving at t for a chunk. Feedback
 * for a chunk no longer in the window is ignored (returns 0). Returns 0, or
 * -1 for an id never issued. */
int sr_reputation_bounce(struct sr_reputation *r, int64_t t_us, int64_t id,
			 int64_t n);
int sr_reputation_complaint(struct sr_reputation *r, int64_t t_us, int64_t id,
			    int64_t n);

/* Current rates over the window (0 when the window is empty). */
double sr_reputation_bounce_rate(const struct sr_reputation *r);
double sr_reputation_complaint_rate(const struct sr_reputation *r);

/* Whether the window holds the representative volume. */
int sr_reputation_judged(const struct sr_reputation *r);

#endif
