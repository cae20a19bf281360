/* hist: log-binned delay distribution.  See hist.h. */
#include "hist.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_histogram.h>

#define PER_DECADE 20
#define DECADES 11                 /* 1e3 us .. 1e14 us */
#define BINS (1 + PER_DECADE * DECADES)

/*
 * A run of delays first, first + spacing, ... is counted by walking the
 * bins it spans, and the division that finds each bin's share is the cost.
 * A sender at a steady rate reports many runs with one (first, spacing)
 * (every batch that finds the sender idle starts one slot after its
 * arrival) and about the same length, so a walk that spans many bins keeps
 * its pair here, with the count of terms below each bin's upper edge.  A
 * later run with that pair only finds its last bin and is tallied; the
 * tallies reach the histogram, in whole numbers as before, before anything
 * reads it.  The counts are the same as walking every run.
 */
#define MEMOS 4                    /* entries, a power of two */
#define MEMO_MIN_BINS 16           /* shorter walks are not kept */

struct memo {
	double first, spacing;     /* spacing 0: unused */
	size_t from, known;        /* need[from..known) computed */
	double need[BINS];         /* ceil((upper edge - first) / spacing) */
	int64_t passing[BINS];     /* runs that pass bin b, as differences:
				    * +1 at from, -1 at the bin of their end */
	int64_t tail[BINS];        /* terms of the runs that end in bin b */
	int pending;               /* tallies not yet in the histogram */
};

struct sr_hist {
	gsl_histogram *h;
	gsl_histogram_pdf *pdf;
	double count;
	struct memo memo[MEMOS];
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

/* log2(x) to within 0.09 for a finite x > 0: the exponent of the double,
 * and its mantissa taken as linear in between (it lies below the curve,
 * by at most 0.086, so 0.043 is added to centre the error). */
static double log2_rough(double x)
{
	uint64_t bits;
	memcpy(&bits, &x, sizeof bits);
	double exponent = (double)(int64_t)(bits >> 52 & 0x7ff) - 1023;
	double fraction = (double)(bits & ((UINT64_C(1) << 52) - 1)) * 0x1p-52;
	return exponent + fraction + 0.043;
}

/* Bin of a value, the last one for values beyond the range: guessed from a
 * rough logarithm (within a bin), then corrected by comparing with the
 * edges, so the bin is exactly the one the edges give. */
static size_t bin_of(const gsl_histogram *h, double x)
{
	if (x < h->range[1])
		return 0;
	if (x >= h->range[h->n])
		return h->n - 1;
	double guess = PER_DECADE * (log2_rough(x) * 0.30102999566398120 - 3);
	size_t i = 1 + (guess > 0 ? (size_t)guess : 0);
	if (i >= h->n)
		i = h->n - 1;
	while (i > 1 && x < h->range[i])
		i--;
	while (i + 1 < h->n && x >= h->range[i + 1])
		i++;
	return i;
}

/* ceil((upper edge of bin - first) / spacing): how many of the terms lie
 * below the bin's upper edge. */
static double below(const gsl_histogram *h, size_t bin, double first,
		    double spacing)
{
	return ceil((h->range[bin + 1] - first) / spacing);
}

/*
 * Counts the n terms first + i x spacing (spacing > 0) from bin `from`
 * upwards: the terms below index need[b] lie below the upper edge of bin
 * b, and the bin where that reaches n, or the last one, takes the rest.
 * need[] is computed from bin *known on.  Returns the bin of the last term.
 */
static size_t walk(gsl_histogram *h, int64_t n, double first, double spacing,
		   size_t from, double need[], size_t *known)
{
	const double all = (double)n;
	const size_t last = h->n - 1;
	int64_t i = 0;
	size_t bin = from;
	for (; bin < last; bin++) {
		if (bin >= *known) {
			need[bin] = below(h, bin, first, spacing);
			*known = bin + 1;
		}
		if (!(need[bin] < all))
			break;
		int64_t k = (int64_t)need[bin];
		if (k > i) {
			h->bin[bin] += (double)(k - i);
			i = k;
		}
	}
	h->bin[bin] += (double)(n - i);
	return bin;
}

/* The bin where walk() would put the last of n terms of the memo's pair. */
static size_t end_bin(const gsl_histogram *h, struct memo *m, int64_t n)
{
	const double all = (double)n;
	const size_t last = h->n - 1;
	if (m->known > m->from && !(m->need[m->known - 1] < all)) {
		size_t lo = m->from, hi = m->known - 1;   /* need[hi] >= all */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (m->need[mid] < all)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo;
	}
	size_t bin = m->known;
	for (; bin < last; bin++) {
		m->need[bin] = below(h, bin, m->first, m->spacing);
		m->known = bin + 1;
		if (!(m->need[bin] < all))
			break;
	}
	return bin;
}

/* Tallies a run of n terms of the memo's pair (see above). */
static void tally(const gsl_histogram *h, struct memo *m, int64_t n)
{
	size_t end = end_bin(h, m, n);
	int64_t before = end > m->from ? (int64_t)m->need[end - 1] : 0;
	m->passing[m->from]++;
	m->passing[end]--;
	m->tail[end] += n - before;
	m->pending = 1;
}

/* Adds a memo's tallies to h: each run that passes bin b puts there the
 * terms between the edges, need[b] - need[b - 1]. */
static void apply(gsl_histogram *h, const struct memo *m)
{
	int64_t passing = 0, below_bin = 0;
	for (size_t b = m->from; b < h->n; b++) {
		passing += m->passing[b];
		int64_t n = m->tail[b];
		if (passing > 0) {
			int64_t edge = (int64_t)m->need[b];
			n += passing * (edge - below_bin);
			below_bin = edge;
		}
		if (n)
			h->bin[b] += (double)n;
		if (passing == 0 && b >= m->known)
			break;
	}
}

/* Moves every memo's tallies into the histogram. */
static void flush(struct sr_hist *s)
{
	for (size_t i = 0; i < MEMOS; i++) {
		struct memo *m = &s->memo[i];
		if (!m->pending)
			continue;
		apply(s->h, m);
		memset(m->passing, 0, sizeof m->passing);
		memset(m->tail, 0, sizeof m->tail);
		m->pending = 0;
	}
}

/* The memo entry for a (first, spacing): a hash of their bits. */
static struct memo *memo_of(struct sr_hist *s, double first, double spacing)
{
	uint64_t a, b;
	memcpy(&a, &first, sizeof a);
	memcpy(&b, &spacing, sizeof b);
	uint64_t x = (a ^ (b * UINT64_C(0x9e3779b97f4a7c15))) *
		     UINT64_C(0xbf58476d1ce4e5b9);
	return &s->memo[x >> 62 & (MEMOS - 1)];
}

/* Keeps a walk's pair and quotients in m, in place of what was there. */
static void remember(struct sr_hist *s, struct memo *m, double first,
		     double spacing, size_t from, size_t known,
		     const double need[])
{
	if (m->pending)
		flush(s);
	m->first = first;
	m->spacing = spacing;
	m->from = from;
	m->known = known;
	memcpy(m->need + from, need + from, (known - from) * sizeof *need);
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
	struct memo *m = memo_of(s, first, spacing);
	if (m->first == first && m->spacing == spacing) {
		tally(h, m, n);
		return 0;
	}
	double need[BINS];
	size_t from = bin_of(h, first), known = from;
	if (walk(h, n, first, spacing, from, need, &known) - from >= MEMO_MIN_BINS)
		remember(s, m, first, spacing, from, known, need);
	return 0;
}

/* other's tallies go straight into s's bins, leaving other as it is. */
int sr_hist_merge(struct sr_hist *s, const struct sr_hist *other)
{
	s->count += other->count;
	flush(s);
	if (gsl_histogram_add(s->h, other->h))
		return -1;
	for (size_t i = 0; i < MEMOS; i++)
		if (other->memo[i].pending)
			apply(s->h, &other->memo[i]);
	return 0;
}

double sr_hist_count(const struct sr_hist *s)
{
	return s->count;
}

double sr_hist_quantile(struct sr_hist *s, double p)
{
	if (s->count <= 0 || !(p >= 0 && p <= 1))
		return NAN;
	flush(s);
	if (gsl_histogram_pdf_init(s->pdf, s->h))
		return NAN;
	/* GSL's sampler wants r < 1. */
	double r = p < 1 ? p : 1 - 1e-12;
	return gsl_histogram_pdf_sample(s->pdf, r);
}
