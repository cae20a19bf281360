/* rng: per-(replication, purpose) GSL streams.  See rng.h. */
#include "rng.h"

#include <limits.h>

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

int64_t sr_rng_binomial(gsl_rng *r, double p, int64_t n)
{
	if (n <= 0 || !(p > 0))
		return 0;
	if (p >= 1)
		return n;
	int64_t k = 0;
	while (n > 0) {
		unsigned int part = n > INT_MAX ? INT_MAX : (unsigned int)n;
		k += gsl_ran_binomial(r, p, part);
		n -= part;
	}
	return k;
}
