/* suppression: the account-level suppression list as counts.  See
 * suppression.h. */
#include "models/suppression.h"

#include <limits.h>

#include <gsl/gsl_randist.h>

int sr_suppression_init(struct sr_suppression *s, int64_t size, int64_t bad)
{
	*s = (struct sr_suppression){0};
	if (size < 0)
		return -1;
	if (size == 0)
		return 0;   /* unbounded: bad is ignored, nothing is listed */
	if (bad < 0 || bad > size)
		return -1;
	s->size = size;
	s->bad = bad;
	return 0;
}

void sr_suppression_add(struct sr_suppression *s, int64_t n)
{
	int64_t room = s->bad - s->suppressed;
	if (n > 0)
		s->suppressed += n < room ? n : room;
}

/*
 * gsl_ran_binomial() takes an unsigned int of trials but counts in int
 * inside (BTPE's mode and result), so a send is drawn in parts of at most
 * INT_MAX trials.  A sum of independent binomials with one p is binomial:
 * the split is exact.  The cost grows as n / INT_MAX, one draw for any send
 * below two billion recipients.
 */
int64_t sr_suppression_draw(const struct sr_suppression *s, gsl_rng *r,
			    int64_t n)
{
	if (n <= 0 || s->size == 0 || s->suppressed == 0)
		return 0;
	if (s->suppressed == s->size)
		return n;
	double p = (double)s->suppressed / (double)s->size;
	int64_t hit = 0;
	while (n > 0) {
		unsigned int part = n > INT_MAX ? INT_MAX : (unsigned int)n;
		hit += gsl_ran_binomial(r, p, part);
		n -= part;
	}
	return hit;
}

double sr_suppression_bad_share(const struct sr_suppression *s)
{
	int64_t left = s->size - s->suppressed;
	if (left <= 0)
		return 0.0;
	return (double)(s->bad - s->suppressed) / (double)left;
}
