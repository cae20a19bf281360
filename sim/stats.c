/* stats: GSL-backed summaries.  See stats.h. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

struct sr_stats *sr_stats_alloc(void)
{
	struct sr_stats *s = malloc(sizeof *s);
	if (!s)
		return NULL;
	s->w = gsl_rstat_alloc();
	if (!s->w) {
		free(s);
		return NULL;
	}
	return s;
}

void sr_stats_free(struct sr_stats *s)
{
	if (!s)
		return;
	gsl_rstat_free(s->w);
	free(s);
}

int sr_stats_add(struct sr_stats *s, double x)
{
	return gsl_rstat_add(x, s->w) ? -1 : 0;
}

size_t sr_stats_n(const struct sr_stats *s)
{
	return gsl_rstat_n(s->w);
}

int sr_stats_mean_ci(const struct sr_stats *s, double level,
		     struct sr_mean_ci *out)
{
	size_t n = gsl_rstat_n(s->w);
	if (n == 0 || !(level > 0 && level < 1))
		return -1;
	out->n = n;
	out->mean = gsl_rstat_mean(s->w);
	out->sd = n > 1 ? gsl_rstat_sd(s->w) : NAN;
	out->half_width = NAN;
	if (n > 1) {
		double t = gsl_cdf_tdist_Pinv(0.5 + level / 2, (double)(n - 1));
		out->half_width = t * out->sd / sqrt((double)n);
	}
	out->lo = out->mean - out->half_width;
	out->hi = out->mean + out->half_width;
	return 0;
}

int sr_stats_quantiles(double *data, size_t n, const double *p, size_t np,
		       double *out)
{
	if (n == 0)
		return -1;
	for (size_t i = 0; i < np; i++)
		if (!(p[i] >= 0 && p[i] <= 1))
			return -1;
	gsl_sort(data, 1, n);
	for (size_t i = 0; i < np; i++)
		out[i] = gsl_stats_quantile_from_sorted_data(data, 1, n, p[i]);
	return 0;
}
