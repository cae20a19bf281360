/* delay: lognormal by median and quantile.  See delay.h. */
#include "models/delay.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

int sr_lognormal_check(const struct sr_lognormal *d)
{
	if (!(d->median_s > 0) || !(d->at_s >= d->median_s) ||
	    !(d->level > 0.5 && d->level < 1) || !isfinite(d->at_s))
		return -1;
	return 0;
}

static double sigma_of(const struct sr_lognormal *d)
{
	return (log(d->at_s) - log(d->median_s)) / gsl_cdf_ugaussian_Pinv(d->level);
}

static int64_t to_us(double seconds)
{
	double us = seconds * 1e6;
	if (us >= 9.2e18)
		return INT64_MAX / 2;
	return (int64_t)llround(us);
}

int64_t sr_lognormal_draw_us(const struct sr_lognormal *d, gsl_rng *r)
{
	double sigma = sigma_of(d);
	if (sigma == 0)
		return to_us(d->median_s);
	return to_us(gsl_ran_lognormal(r, log(d->median_s), sigma));
}

int64_t sr_lognormal_quantile_us(const struct sr_lognormal *d, double u)
{
	double sigma = sigma_of(d);
	if (sigma == 0)
		return to_us(d->median_s);
	return to_us(gsl_cdf_lognormal_Pinv(u, log(d->median_s), sigma));
}
