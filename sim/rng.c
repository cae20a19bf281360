/* rng: per-(replication, purpose) GSL streams.  See rng.h. */
#include "rng.h"

#include <limits.h>
#include <math.h>

#include <gsl/gsl_randist.h>

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

/* x^n by repeated squaring, as gsl_pow_uint() does (a relative error of
 * about 2 log2(n) roundings), without its call. */
static double pow_int(double x, int64_t n)
{
	double y = 1;
	for (; n > 0; n >>= 1, x *= x)
		if (n & 1)
			y *= x;
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

int64_t sr_rng_binomial(gsl_rng *r, double p, int64_t n)
{
	if (n <= 0 || !(p > 0))
		return 0;
	if (p >= 1)
		return n;
	if (p > 0.5)
		return n - sr_rng_binomial(r, 1 - p, n);
	if ((double)n * p < INVERSION_MEAN)
		return binomial_inversion(r, p, n);
	int64_t k = 0;
	while (n > 0) {
		unsigned int part = n > INT_MAX ? INT_MAX : (unsigned int)n;
		k += gsl_ran_binomial(r, p, part);
		n -= part;
	}
	return k;
}

/* PTRS (rng.h) for mu >= 10, as given by Hoermann (1993), figure 1. */
static int64_t poisson_ptrs(gsl_rng *r, double mu)
{
	double slam = sqrt(mu), loglam = log(mu);
	double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
	double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
	double v_r = 0.9277 - 3.6224 / (b - 2);
	for (;;) {
		double u = gsl_rng_uniform(r) - 0.5, v = gsl_rng_uniform(r);
		double us = 0.5 - fabs(u);
		double k = floor((2 * a / us + b) * u + mu + 0.43);
		if (us >= 0.07 && v <= v_r)
			return (int64_t)k;
		if (k < 0 || (us < 0.013 && v > us))
			continue;
		if (log(v) + log(inv_alpha) - log(a / (us * us) + b) <=
		    -mu + k * loglam - lgamma(k + 1))
			return (int64_t)k;
	}
}

int64_t sr_rng_poisson(gsl_rng *r, double mu)
{
	if (!(mu > 0))
		return 0;
	if (mu < 10)
		return gsl_ran_poisson(r, mu);
	return poisson_ptrs(r, mu);
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
