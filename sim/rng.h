/*
 * rng: random-number streams.
 *
 * Every replication and every purpose (arrivals, bounces, request delays, ...)
 * draws from its own GSL generator, seeded by this rule:
 *
 *   h    = FNV-1a-64(purpose name)
 *   x    = mix(mix(seed) ^ mix(h) ^ mix(replication + 0x9e3779b97f4a7c15))
 *   gsl seed = (x ^ (x >> 32)) mod 2^32, or 1 where that is 0
 *
 * where mix is the SplitMix64 finaliser.  A stream depends only on
 * (scenario seed, replication, purpose name): adding a purpose or running
 * replications in another order or on more threads changes no other stream,
 * and two scenarios with the same seed draw the same traffic (common random
 * numbers).  GSL's generators take 32 bits of seed, so two streams of one
 * run coincide with probability about k^2 / 2^33 for k streams.
 *
 * The generator is taus2 (SR_RNG_NAME): among GSL's fast generators it
 * measured about 10% faster than mt19937 end to end.
 *
 * Memory: sr_rng_alloc() returns a generator the caller frees with
 * gsl_rng_free().  Depends on GSL and sim/num.
 */
#ifndef SR_RNG_H
#define SR_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#define SR_RNG_NAME "taus2"

const gsl_rng_type *sr_rng_type(void);

/* The 32-bit GSL seed of a stream, by the rule above. */
unsigned long sr_rng_stream_seed(uint64_t seed, uint64_t replication,
				 const char *purpose);

/* A generator for a stream, or NULL if memory is short. */
gsl_rng *sr_rng_alloc(uint64_t seed, uint64_t replication, const char *purpose);

/* Re-seeds an existing generator for a stream (no allocation). */
void sr_rng_seed(gsl_rng *r, uint64_t seed, uint64_t replication,
		 const char *purpose);

/*
 * Binomial(n, p) for any n >= 0 (0 for n <= 0, p <= 0 or NaN p; n for p >=
 * 1), drawn for the smaller of p and 1 - p and mirrored.  Where the smaller
 * of n p and n (1 - p) is under 14, by inversion from one uniform (the
 * method gsl_ran_binomial() uses there, inline: GSL's took twice as long
 * for the few-in-hundreds draws of the feedback model); elsewhere by
 * Hoermann's transformed rejection with squeeze (BTRS, "The generation of
 * binomial random variates", Journal of Statistical Computation and
 * Simulation 46, 1993), which is exact and takes 2.3 to 2.8 uniforms
 * whatever n.  It replaced gsl_ran_binomial()'s BTPE: a draw of
 * Binomial(230, 1/2) took 295 instructions against 401, and from n = 10^5
 * on 10 to 13% fewer than BTPE behind the same checks.  n is drawn in
 * parts of at most INT_MAX trials, which keeps the rounding in BTRS's
 * acceptance test, growing with the standard deviation, under about 1e-10;
 * a sum of independent binomials with one p is binomial, so the split is
 * exact.
 */
int64_t sr_rng_binomial(gsl_rng *r, double p, int64_t n);

/*
 * Poisson(mu) for mu >= 0 (0 for mu <= 0 or NaN), mu at most 1e15.  For
 * mu < 10, gsl_ran_poisson() (a product of uniforms, cheap there); from 10
 * on, Hoermann's transformed rejection with squeeze (PTRS, "The transformed
 * rejection method for generating Poisson random variables", Insurance:
 * Mathematics and Economics 12, 1993), which is exact and takes about two
 * uniforms whatever mu.  GSL's method for large means reduces mu by gamma
 * draws and cost nine times as much at a mean of a few hundred, the size
 * of a minute's batch of a busy stream.
 */
int64_t sr_rng_poisson(gsl_rng *r, double mu);

/*
 * PTRS's set-up for one mean (square root, logarithm and the hat's
 * constants).  A caller that draws one Poisson count after another, often
 * with the mean of the last (the workload's minutes of one hour), keeps
 * one per sequence of draws, zeroed before the first, and passes it to
 * sr_rng_poisson_kept(), which works it out again only when the mean
 * changes.  The draws are exactly sr_rng_poisson()'s.  It holds no
 * pointer and belongs to the caller; the library keeps no state of its
 * own, so replications on other threads do not share it.
 */
struct sr_poisson_setup {
	double mu;              /* the mean it was worked out for (0: none) */
	double a, b, inv_alpha, v_r, log_mu;
	double log_inv_alpha;   /* NAN until the first draw that needs it */
};

/* sr_rng_poisson(r, mu) with a kept set-up (above). */
int64_t sr_rng_poisson_kept(gsl_rng *r, double mu,
			    struct sr_poisson_setup *setup);

/*
 * A Bernoulli(p) process read in blocks: the successes among its next n
 * trials.  It keeps the failures left before the next success, a geometric
 * gap drawn by inversion (floor(ln U / ln(1 - p))), so a block without a
 * success costs no draw at all.  Consecutive blocks of n1, n2, ... trials
 * give independent Binomial(n1, p), Binomial(n2, p), ... counts, as
 * sr_rng_binomial() per block would, for about n p + (a fraction) draws
 * instead of one a block: the cheaper way for rare events (bounces,
 * complaints) in many small blocks.  Any blocks may share one process of
 * their p, since its trials are independent of which block reads them.
 */
struct sr_rng_bernoulli {
	double p;            /* in (0, 1) */
	double log_q;        /* ln(1 - p) */
	int64_t left;        /* failures before the next success */
};

/* Starts a process of p in (0, 1), drawing its first gap. */
void sr_rng_bernoulli_init(struct sr_rng_bernoulli *b, gsl_rng *r, double p);

/* Successes among the next n >= 0 trials (0 for n <= 0). */
int64_t sr_rng_bernoulli_count(struct sr_rng_bernoulli *b, gsl_rng *r,
			       int64_t n);

/*
 * Spreads n >= 0 over `bins` >= 1 bins of equal probability (a multinomial
 * draw), into count[0 .. bins - 1].  Small n picks a bin per item; larger
 * n draws conditional binomials, bin i taking Binomial(left, 1 / (bins -
 * i)) of what is left, as gsl_ran_multinomial() does.
 */
void sr_rng_spread(gsl_rng *r, int bins, int64_t n, int64_t count[]);

#endif
