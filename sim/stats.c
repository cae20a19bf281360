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

/* GSL's interpolation, except that a quantile next to an infinite value
 * is that value where GSL would give NaN (0 x infinity). */
static double quantile_sorted(const double *x, size_t n, double p)
{
	double at = (double)(n - 1) * p;
	size_t i = (size_t)floor(at);
	double delta = at - (double)i;
	if (i + 1 >= n || delta == 0 || x[i] == x[i + 1])
		return x[i];
	if (isinf(x[i]) || isinf(x[i + 1]))
		return isinf(x[i + 1]) ? x[i + 1] : x[i];
	return gsl_stats_quantile_from_sorted_data(x, 1, n, p);
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
		out[i] = quantile_sorted(data, n, p[i]);
	return 0;
}

int sr_stats_quantiles_of(const double *x, size_t n, const double *p,
			  size_t np, double *out)
{
	double *v = malloc((n + 1) * sizeof *v);
	size_t k = 0;
	for (size_t i = 0; v && i < n; i++)
		if (!isnan(x[i]))
			v[k++] = x[i];
	int rc = v ? sr_stats_quantiles(v, k, p, np, out) : -1;
	free(v);
	return rc;
}

int sr_stats_finite_mean_ci(const double *x, size_t n, double level,
			    struct sr_mean_ci *out)
{
	struct sr_stats *st = sr_stats_alloc();
	for (size_t i = 0; st && i < n; i++)
		if (isfinite(x[i]))
			sr_stats_add(st, x[i]);
	int rc = st ? sr_stats_mean_ci(st, level, out) : -1;
	sr_stats_free(st);
	return rc;
}

/* The sign test: ties left out; an infinite value beats a finite one. */
static double sign_test(const double *a, const double *b, size_t n)
{
	unsigned up = 0, down = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(a[i]) || isnan(b[i]) || a[i] == b[i])
			continue;
		if (b[i] > a[i])
			up++;
		else
			down++;
	}
	if (up + down == 0)
		return 1;
	unsigned k = up < down ? up : down;
	double p = 2 * gsl_cdf_binomial_P(k, 0.5, up + down);
	return p > 1 ? 1 : p;
}

static double t_test(const struct sr_stats *d)
{
	struct sr_mean_ci ci;
	if (sr_stats_mean_ci(d, 0.95, &ci) || ci.n < 2)
		return 1;
	if (!(ci.sd > 0))
		return ci.mean == 0 ? 1 : 0;
	double t = ci.mean / (ci.sd / sqrt((double)ci.n));
	return 2 * gsl_cdf_tdist_Q(fabs(t), (double)(ci.n - 1));
}

int sr_stats_paired(const double *a, const double *b, size_t n,
		    double *mean_diff, double *p)
{
	struct sr_stats *d = sr_stats_alloc();
	size_t pairs = 0, finite = 0;
	for (size_t i = 0; d && i < n; i++) {
		if (isnan(a[i]) || isnan(b[i]))
			continue;
		pairs++;
		if (isfinite(a[i]) && isfinite(b[i]) &&
		    !sr_stats_add(d, b[i] - a[i]))
			finite++;
	}
	if (!d || pairs == 0) {
		sr_stats_free(d);
		return -1;
	}
	struct sr_mean_ci ci;
	*mean_diff = finite && !sr_stats_mean_ci(d, 0.95, &ci) ? ci.mean : NAN;
	*p = finite == pairs ? t_test(d) : sign_test(a, b, n);
	sr_stats_free(d);
	return 0;
}
