/* hist: log-binned delay distribution.  See hist.h. */
#include "hist.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_histogram.h>

#define PER_DECADE 20
#define DECADES 11                 /* 1e3 us .. 1e14 us */
#define BINS (1 + PER_DECADE * DECADES)

struct sr_hist {
	gsl_histogram *h;
	gsl_histogram_pdf *pdf;
	double count;
};

struct sr_hist *sr_hist_alloc(void)
{
	struct sr_hist *s = calloc(1, sizeof *s);
	double range[BINS + 1];
	if (!s)
		return NULL;
	range[0] = 0;
	for (int i = 0; i <= PER_DECADE * DECADES; i++)
		range[i + 1] = 1e3 * pow(10, (double)i / PER_DECADE);
	s->h = gsl_histogram_alloc(BINS);
	s->pdf = gsl_histogram_pdf_alloc(BINS);
	if (!s->h || !s->pdf || gsl_histogram_set_ranges(s->h, range, BINS + 1)) {
		sr_hist_free(s);
		return NULL;
	}
	return s;
}

void sr_hist_free(struct sr_hist *s)
{
	if (!s)
		return;
	if (s->h)
		gsl_histogram_free(s->h);
	if (s->pdf)
		gsl_histogram_pdf_free(s->pdf);
	free(s);
}

/* Bin of a value, the last one for values beyond the range: computed from
 * the logarithm, then corrected by a step for rounding at an edge. */
static size_t bin_of(const gsl_histogram *h, double x)
{
	if (x < h->range[1])
		return 0;
	if (x >= h->range[h->n])
		return h->n - 1;
	size_t i = 1 + (size_t)(PER_DECADE * log10(x / 1e3));
	if (i >= h->n)
		i = h->n - 1;
	while (i > 1 && x < h->range[i])
		i--;
	while (i + 1 < h->n && x >= h->range[i + 1])
		i++;
	return i;
}

int sr_hist_add(struct sr_hist *s, int64_t n, double first, double spacing)
{
	if (n <= 0)
		return 0;
	if (!(first >= 0) || !(spacing >= 0))
		return -1;
	gsl_histogram *h = s->h;
	s->count += (double)n;
	if (spacing == 0) {
		h->bin[bin_of(h, first)] += (double)n;
		return 0;
	}
	/* Walk the bins upwards: the terms below index k lie below the next
	 * bin edge. */
	int64_t i = 0;
	size_t bin = bin_of(h, first);
	while (i < n) {
		int64_t k = n;
		if (bin + 1 < h->n) {
			double edge = h->range[bin + 1];
			double need = ceil((edge - first) / spacing);
			k = need < (double)n ? (int64_t)need : n;
		}
		if (k > i) {
			h->bin[bin] += (double)(k - i);
			i = k;
		}
		bin++;
	}
	return 0;
}

int sr_hist_merge(struct sr_hist *s, const struct sr_hist *other)
{
	s->count += other->count;
	return gsl_histogram_add(s->h, other->h) ? -1 : 0;
}

double sr_hist_count(const struct sr_hist *s)
{
	return s->count;
}

double sr_hist_quantile(struct sr_hist *s, double p)
{
	if (s->count <= 0 || !(p >= 0 && p <= 1))
		return NAN;
	if (gsl_histogram_pdf_init(s->pdf, s->h))
		return NAN;
	/* GSL's sampler wants r < 1. */
	double r = p < 1 ? p : 1 - 1e-12;
	return gsl_histogram_pdf_sample(s->pdf, r);
}
