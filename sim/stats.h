/*
 * stats: summaries of replication results.
 *
 * Running moments come from GSL's gsl_rstat, confidence intervals from the
 * t distribution (gsl_cdf_tdist_Pinv), quantiles from sorted data
 * (gsl_stats_quantile_from_sorted_data, GSL's linear interpolation between
 * order statistics).
 *
 * Memory: sr_stats_alloc() returns an accumulator freed by sr_stats_free();
 * sr_stats_quantiles() sorts the caller's array in place and allocates
 * nothing.  Depends on GSL only.
 */
#ifndef SR_STATS_H
#define SR_STATS_H

#include <stddef.h>

#include <gsl/gsl_rstat.h>

struct sr_stats {
	gsl_rstat_workspace *w;
};

/* A mean with its confidence interval, at a level such as 0.95. */
struct sr_mean_ci {
	size_t n;
	double mean;
	double sd;
	double half_width;  /* NaN when n < 2 */
	double lo, hi;
};

struct sr_stats *sr_stats_alloc(void);
void sr_stats_free(struct sr_stats *s);
int sr_stats_add(struct sr_stats *s, double x);
size_t sr_stats_n(const struct sr_stats *s);

/* Mean and t-interval of what was added. Returns 0, or -1 if the level is
 * not in (0, 1) or nothing was added. */
int sr_stats_mean_ci(const struct sr_stats *s, double level,
		     struct sr_mean_ci *out);

/* Sorts data[0..n) (no NaN; infinities allowed) and writes the quantile of
 * each p[i] (0 <= p <= 1) into out[i]: GSL's linear interpolation, except
 * that between a finite and an infinite value the result is the infinity
 * when it has a positive weight.  Returns 0, or -1 if n is 0 or a p is outside [0, 1]. */
int sr_stats_quantiles(double *data, size_t n, const double *p, size_t np,
		       double *out);

/* The same for the values of x[0..n) that are not NaN, on a copy (x is
 * left as it is).  Returns 0, or -1 if no value is left, a p is outside
 * [0, 1] or memory is short. */
int sr_stats_quantiles_of(const double *x, size_t n, const double *p,
			  size_t np, double *out);

/* Mean and t-interval of the finite values of x[0..n) (NaN and infinities
 * left out); out->n says how many.  Returns 0, or -1 if none is finite or
 * memory is short. */
int sr_stats_finite_mean_ci(const double *x, size_t n, double level,
			    struct sr_mean_ci *out);

/*
 * A paired comparison of b against a (n pairs, NaN pairs left out): the
 * mean of b[i] - a[i] over the pairs where both are finite, and a
 * two-sided p-value for "no difference": the paired t-test when every pair
 * is finite, else the sign test (an infinite value, "never", is larger
 * than any finite one).  Identical samples give a difference of 0 and a
 * p-value of 1.  Returns 0, or -1 if no pair is left.
 */
int sr_stats_paired(const double *a, const double *b, size_t n,
		    double *mean_diff, double *p);

#endif
