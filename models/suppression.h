/*
 * suppression: the account-level suppression list of one recipient list
 * (ses-facts section 5).
 *
 * SES adds a hard-bounced address to the account's suppression list; mail to
 * a listed address is accepted but not sent, counts toward the daily quota,
 * and does not count toward the bounce or complaint rate.  sesramp works
 * with counts, not addresses: a list of `size` addresses of which
 * `suppressed` are listed.  Each recipient of a send is a uniform draw from
 * the list, so the suppressed recipients of a send of n are binomial
 * (n, suppressed / size).  With size 0 the list is treated as unbounded and
 * nothing is ever suppressed (every send reaches a fresh address).
 *
 * The traffic model decides the bounce probability of the addresses not
 * suppressed; sr_suppression_bad_share() gives the share of bad addresses
 * left, so that a stream's bounce probability falls as bad addresses are
 * removed.
 *
 * Memory: none allocated.  Depends on GSL.
 */
#ifndef SR_SUPPRESSION_H
#define SR_SUPPRESSION_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

struct sr_suppression {
	int64_t size;          /* addresses on the list; 0: unbounded */
	int64_t bad;           /* addresses that hard-bounce, at the start */
	int64_t suppressed;    /* addresses listed so far (<= bad) */
};

/* size >= 0, 0 <= bad <= size (bad is ignored when size is 0). */
int sr_suppression_init(struct sr_suppression *s, int64_t size, int64_t bad);

/* n hard-bounced addresses join the list (capped at the bad addresses). */
void sr_suppression_add(struct sr_suppression *s, int64_t n);

/* Draws how many of n recipients are suppressed. */
int64_t sr_suppression_draw(const struct sr_suppression *s, gsl_rng *r,
			    int64_t n);

/* Share of the addresses not suppressed that still hard-bounce. */
double sr_suppression_bad_share(const struct sr_suppression *s);

#endif
