/*
 * hist: a distribution of delays, for percentiles of queueing delay.
 *
 * A GSL histogram with one bin [0, 1 ms) and then 20 bins per decade from
 * 1 ms to 10^8 s (about three years), so a percentile read from it is within
 * about 12% of the true value (linear interpolation inside a bin, GSL's
 * gsl_histogram_pdf_sample).  Values beyond the last bin are counted in it.
 * The batch drain reports n delays first, first + spacing, ..., which are
 * added in closed form: the terms falling into each bin are counted, not
 * enumerated, so the cost grows with the bins touched, not with n.  Runs
 * that repeat a (first, spacing) already seen over many bins (a sender at a
 * steady rate) cost a search of those bins' counts instead, and reach the
 * bins when the distribution is next read; the counts are the same.
 *
 * Memory: sr_hist_alloc() allocates the histogram and its CDF workspace;
 * sr_hist_free() releases them.  Depends on GSL.
 */
#ifndef SR_HIST_H
#define SR_HIST_H

#include <stddef.h>
#include <stdint.h>

struct sr_hist;

struct sr_hist *sr_hist_alloc(void);
void sr_hist_free(struct sr_hist *h);

/* Adds n values first_us + i x spacing_us, i = 0..n-1 (first >= 0,
 * spacing >= 0). Returns 0 or -1. */
int sr_hist_add(struct sr_hist *h, int64_t n, double first_us,
		double spacing_us);

/* Adds everything of another histogram. */
int sr_hist_merge(struct sr_hist *h, const struct sr_hist *other);

/* Values added. */
double sr_hist_count(const struct sr_hist *h);

/* The p-quantile (0 <= p <= 1) in microseconds, or NaN if empty. */
double sr_hist_quantile(struct sr_hist *h, double p);

#endif
