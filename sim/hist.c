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

/* Bin of a value, the last one for values beyond the range. */
static size_t bin_of(const gsl_histogram *h, double x)
{
	size_t i;
	if (x >= h->range[h->n] || gsl_histogram_find(h, x, &i))
		return h->n - 1;
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
	/* Terms with index below k have values below the next bin edge. */
	int64_t i = 0;
	while (i < n) {
		size_t b = bin_of(h, first + (double)i * spacing);
		int64_t k = n;
		if (b + 1 < h->n) {
			double edge = h->range[b + 1];
			k = (int64_t)ceil((edge - first) / spacing);
			if (k <= i)
				k = i + 1;
			if (k > n)
				k = n;
		}
		h->bin[b] += (double)(k - i);
		i = k;
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
