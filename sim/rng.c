/* rng: per-(replication, purpose) GSL streams.  See rng.h. */
/* GSL's inline gsl_rng_uniform() from gsl_rng.h: a call into libgsl the
 * less for each uniform the samplers below draw. */
#define HAVE_INLINE 1
#include "rng.h"

#include <limits.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sim/num.h"

static uint64_t mix(uint64_t z)
{
	z += UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

const gsl_rng_type *sr_rng_type(void)
{
	return gsl_rng_taus2;
}

unsigned long sr_rng_stream_seed(uint64_t seed, uint64_t replication,
				 const char *purpose)
{
	uint64_t x = mix(mix(seed) ^ mix(fnv1a(purpose)) ^
			 mix(replication + UINT64_C(0x9e3779b97f4a7c15)));
	unsigned long s = (unsigned long)((x ^ (x >> 32)) & 0xffffffffu);
	return s ? s : 1;
}

gsl_rng *sr_rng_alloc(uint64_t seed, uint64_t replication, const char *purpose)
{
	gsl_rng *r = gsl_rng_alloc(sr_rng_type());
	if (r)
		sr_rng_seed(r, seed, replication, purpose);
	return r;
}

void sr_rng_seed(gsl_rng *r, uint64_t seed, uint64_t replication,
		 const char *purpose)
{
	gsl_rng_set(r, sr_rng_stream_seed(seed, replication, purpose));
}

/* Below this mean (of the rarer outcome) a binomial is drawn by inversion,
 * as in GSL. */
#define INVERSION_MEAN 14.0

/* BTRS draws at most this many trials at a time (rng.h). */
#define BTRS_MAX_N INT_MAX

/* x^n by repeated squaring, as gsl_pow_uint() does (a relative error of
 * about 2 log2(n) roundings), without its call. */
static double pow_int(double x, int64_t n)
{
	double y = 1;
	for (; n > 0; n >>= 1, x *= x) {
		/* Multiplying by 1 where the bit is clear gives the same y
		 * without a branch on the bits of n, which are as good as
		 * random here: mispredicted, they cost more than the
		 * multiplications. */
		uint64_t xb, one, m = -(uint64_t)(n & 1);
		double f, unit = 1;
		memcpy(&xb, &x, sizeof xb);
		memcpy(&one, &unit, sizeof one);
		xb = (xb & m) | (one & ~m);
		memcpy(&f, &xb, sizeof f);
		y *= f;
	}
	return y;
}

/*
 * Binomial(n, p) by inversion for p <= 1/2 and n p < INVERSION_MEAN: the
 * uniform walks down the probabilities of 0, 1, 2, ... from P(0) = q^n
 * by the ratio P(k+1) / P(k) = (n - k) p / ((k + 1) q).  Rounding can
 * leave the uniform above the last term's sum; as in GSL, a walk that goes
 * 110 terms (tens of standard deviations out) starts again.
 */
static int64_t binomial_inversion(gsl_rng *r, double p, int64_t n)
{
	double s = p / (1 - p), q_n = pow_int(1 - p, n);
	for (;;) {
		double u = gsl_rng_uniform(r), f = q_n;
		for (int64_t k = 0; k <= 110 && k <= n; k++) {
			if (u < f)
				return k;
			u -= f;
			f *= s * (double)(n - k) / (double)(k + 1);
		}
	}
}

/*
 * ln k! - ((k + 1/2) ln(k + 1) - (k + 1) + ln sqrt(2 pi)), the remainder of
 * Stirling's formula (fc in Hoermann's BTRS): tabulated below 10, above by
 * the series 1/12x - 1/360x^3 + 1/1260x^5 - 1/1680x^7 in x = k + 1.  The
 * paper stops at the x^5 term (an error of 3e-11 at k = 10); the x^7 term
 * brings that under 4e-13.
 */
static double stirling_tail(double k)
{
	static const double table[10] = {
		0.08106146679532725822, 0.04134069595540929409,
		0.02767792568499833915, 0.02079067210376509311,
		0.01664469118982119216, 0.01387612882307074800,
		0.01189670994589177010, 0.01041126526197209650,
		0.00925546218271273292, 0.00833056343336287126,
	};
	if (k < 10)
		return table[(int)k];
	double x = k + 1, xx = 1 / (x * x);
	return (1.0 / 12 -
		(1.0 / 360 - (1.0 / 1260 - xx / 1680) * xx) * xx) / x;
}

/* Up to this distance from m, BTRS's exact test multiplies out f(k) / f(m)
 * (at most 20 factors, each at most 2^31: no overflow), cheaper there than
 * the logarithms of btrs_far_accepts(); GSL's BTPE does the same. */
#define BTRS_NEAR 20

/* BTRS's hat for Binomial(n, p), p <= 1/2, in the paper's names; k is
 * drawn as c + floor(x) with c an integer and c_frac the rest of n p +
 * 1/2.  lr_m and fc_m, for btrs_far_accepts(), are worked out on first
 * use (NAN before). */
struct btrs {
	double n, p, spq, a, b, c, c_frac, v_r, alpha, m, lr_m, fc_m;
};

static void btrs_setup(struct btrs *h, double p, double n)
{
	h->n = n;
	h->p = p;
	h->spq = sqrt(n * p * (1 - p));
	h->b = 1.15 + 2.53 * h->spq;
	h->a = -0.0873 + 0.0248 * h->b + 0.01 * p;
	h->c = sr_floor(n * p + 0.5);
	h->c_frac = n * p + 0.5 - h->c;
	h->v_r = 0.92 - 4.2 / h->b;
	h->alpha = (2.83 + 5.1 / h->b) * h->spq;
	h->m = sr_floor((n + 1) * p);
	h->lr_m = h->fc_m = NAN;
}

/* f(k) / f(m) as the product of f(i) / f(i - 1) = (n - i + 1) p / (i q),
 * for |k - m| <= BTRS_NEAR; a relative error of about 40 roundings. */
static double btrs_near_ratio(const struct btrs *h, double k)
{
	double s = h->p / (1 - h->p), num = 1, den = 1;
	for (double i = h->m + 1; i <= k; i++) {
		num *= (h->n - i + 1) * s;
		den *= i;
	}
	for (double i = k + 1; i <= h->m; i++) {
		num *= i;
		den *= (h->n - i + 1) * s;
	}
	return num / den;
}

/* 2 |s|^3 / (3 (1 - s^2)), a bound on ln((1 + s) / (1 - s)) - 2 s = 2 (s^3 /
 * 3 + s^5 / 5 + ...) for |s| < 1. */
static double atanh_rest(double s)
{
	return 2 * fabs(s * s * s) / (3 * (1 - s * s));
}

/*
 * Is log_v <= ln(f(k) / f(m))?  The paper's ln m! + ln(n - m)! - ln k! -
 * ln(n - k)! + (k - m) ln(p / q), each ln x! as Stirling's formula plus
 * stirling_tail(), regrouped about m (d = k - m) as
 *
 *   d lr_m - (k + 1/2) ln(1 + t1) - (n - k + 1/2) ln(1 + t2) + fc_m
 *     - fc(k) - fc(n - k),
 *   lr_m = ln(p (n - m + 1) / (q (m + 1))), fc_m = fc(m) + fc(n - m),
 *   t1 = d / (m + 1), t2 = -d / (n - m + 1),
 *
 * so that no term is much larger than d (added up as in the paper, terms
 * near n ln n would lose about n 1e-16 to rounding).  A squeeze first,
 * not in the paper: ln(1 + t) is 2 s within atanh_rest(s), s = t / (2 +
 * t), which decides all but a few tests with two divisions instead of two
 * log1p() calls.
 */
static int btrs_far_accepts(struct btrs *h, double k, double log_v)
{
	double n = h->n, m = h->m, d = k - m;
	if (isnan(h->lr_m)) {
		h->lr_m = log(h->p * (n - m + 1) / ((1 - h->p) * (m + 1)));
		h->fc_m = stirling_tail(m) + stirling_tail(n - m);
	}
	double rest = d * h->lr_m + h->fc_m - stirling_tail(k) -
		      stirling_tail(n - k);
	double s1 = d / (m + k + 2), s2 = -d / (2 * n - m - k + 2);
	double mid = rest - (2 * k + 1) * s1 - (2 * (n - k) + 1) * s2;
	double err = (k + 0.5) * atanh_rest(s1) +
		     (n - k + 0.5) * atanh_rest(s2);
	if (log_v <= mid - err)
		return 1;
	if (log_v > mid + err)
		return 0;
	return log_v <= rest - (k + 0.5) * log1p(d / (m + 1)) -
			       (n - k + 0.5) * log1p(-d / (n - m + 1));
}

/* The exact test: does v, under the hat at k, fall under f(k) / f(m)? */
static int btrs_accepts(struct btrs *h, double k, double v)
{
	if (fabs(k - h->m) <= BTRS_NEAR)
		return v <= btrs_near_ratio(h, k);
	return btrs_far_accepts(h, k, log(v));
}

/*
 * BTRS (rng.h) for p <= 1/2 and n p >= INVERSION_MEAN, as given by Hoermann
 * (1993).  The integer part of c is added after the floor, so that the map
 * from u to k rounds to within about sd 1e-16 however large n p is.  The
 * squeeze returns k before the range check: it takes only x within 0.43 b
 * + 12.3 a (about 1.9 sd) of c_frac, so k in [0, n] for n p >= 14.
 */
static int64_t binomial_btrs(gsl_rng *r, double p, int64_t n)
{
	struct btrs h;
	btrs_setup(&h, p, (double)n);
	for (;;) {
		double u = gsl_rng_uniform(r) - 0.5, v = gsl_rng_uniform(r);
		double us = 0.5 - fabs(u);
		double x = (2 * h.a / us + h.b) * u + h.c_frac;
		if (us >= 0.07 && v <= h.v_r)
			return (int64_t)(h.c + sr_floor(x));
		/* k < 0 or k > n (x is -infinity where us is 0) */
		if (x < -h.c || x >= h.n - h.c + 1)
			continue;
		double k = h.c + sr_floor(x);
		if (btrs_accepts(&h, k, v * h.alpha / (h.a / (us * us) + h.b)))
			return (int64_t)k;
	}
}

/* Binomial(n, p) for p <= 1/2 and n >= 1. */
static int64_t binomial_low_p(gsl_rng *r, double p, int64_t n)
{
	if ((double)n * p < INVERSION_MEAN)
		return binomial_inversion(r, p, n);
	if (n <= BTRS_MAX_N)
		return binomial_btrs(r, p, n);
	int64_t k = 0;
	for (; n > BTRS_MAX_N; n -= BTRS_MAX_N)
		k += binomial_low_p(r, p, BTRS_MAX_N);
	return k + binomial_low_p(r, p, n);
}

int64_t sr_rng_binomial(gsl_rng *r, double p, int64_t n)
{
	if (n <= 0 || !(p > 0))
		return 0;
	if (p >= 1)
		return n;
	if (p > 0.5)
		return n - binomial_low_p(r, 1 - p, n);
	return binomial_low_p(r, p, n);
}

/* PTRS's constants for mu >= 10, as given by Hoermann (1993), figure 1. */
static void ptrs_setup(struct sr_poisson_setup *h, double mu)
{
	double slam = sqrt(mu);
	h->mu = mu;
	h->log_mu = log(mu);
	h->b = 0.931 + 2.53 * slam;
	h->a = -0.059 + 0.02483 * h->b;
	h->inv_alpha = 1.1239 + 1.1328 / (h->b - 3.4);
	h->v_r = 0.9277 - 3.6224 / (h->b - 2);
	h->log_inv_alpha = NAN;
}

/* PTRS (rng.h) for mu >= 10, as given by Hoermann (1993), figure 1. */
static int64_t poisson_ptrs(gsl_rng *r, struct sr_poisson_setup *h)
{
	const double mu = h->mu, a = h->a, b = h->b;
	for (;;) {
		double u = gsl_rng_uniform(r) - 0.5, v = gsl_rng_uniform(r);
		double us = 0.5 - fabs(u);
		double k = sr_floor((2 * a / us + b) * u + mu + 0.43);
		if (us >= 0.07 && v <= h->v_r)
			return (int64_t)k;
		if (k < 0 || (us < 0.013 && v > us))
			continue;
		if (isnan(h->log_inv_alpha))
			h->log_inv_alpha = log(h->inv_alpha);
		if (log(v) + h->log_inv_alpha - log(a / (us * us) + b) <=
		    -mu + k * h->log_mu - lgamma(k + 1))
			return (int64_t)k;
	}
}

int64_t sr_rng_poisson_kept(gsl_rng *r, double mu,
			    struct sr_poisson_setup *setup)
{
	if (!(mu > 0))
		return 0;
	if (mu < 10)
		return gsl_ran_poisson(r, mu);
	if (setup->mu != mu)
		ptrs_setup(setup, mu);
	return poisson_ptrs(r, setup);
}

int64_t sr_rng_poisson(gsl_rng *r, double mu)
{
	struct sr_poisson_setup setup = {0};
	return sr_rng_poisson_kept(r, mu, &setup);
}

/* Failures before the next success: P(gap >= k) = P(U <= q^k) = q^k.
 * gsl_ran_geometric() is the same method less one, but returns an unsigned
 * int, too small for the gaps of a p near 0, and takes log(1 - p) rather
 * than the log1p() kept here. */
static int64_t bernoulli_gap(const struct sr_rng_bernoulli *b, gsl_rng *r)
{
	double g = sr_floor(log(gsl_rng_uniform_pos(r)) / b->log_q);
	return g < 0x1p62 ? (int64_t)g : INT64_C(1) << 62;
}

void sr_rng_bernoulli_init(struct sr_rng_bernoulli *b, gsl_rng *r, double p)
{
	b->p = p;
	b->log_q = log1p(-p);
	b->left = bernoulli_gap(b, r);
}

int64_t sr_rng_bernoulli_count(struct sr_rng_bernoulli *b, gsl_rng *r,
			       int64_t n)
{
	int64_t k = 0;
	if (n <= 0)
		return 0;
	while (b->left < n) {
		n -= b->left + 1;
		k++;
		b->left = bernoulli_gap(b, r);
	}
	b->left -= n;
	return k;
}

/* Up to this many items, each picks its bin. */
#define SPREAD_BY_ITEM 16

void sr_rng_spread(gsl_rng *r, int bins, int64_t n, int64_t count[])
{
	for (int i = 0; i < bins; i++)
		count[i] = 0;
	if (n <= SPREAD_BY_ITEM) {
		for (int64_t k = 0; k < n; k++)
			count[gsl_rng_uniform_int(r, (unsigned long)bins)]++;
		return;
	}
	for (int i = 0; i < bins - 1 && n > 0; i++) {
		count[i] = sr_rng_binomial(r, 1.0 / (double)(bins - i), n);
		n -= count[i];
	}
	count[bins - 1] += n;
}
