/* suppression: the account-level suppression list as counts.  See
 * suppression.h. */
#include "models/suppression.h"

#include "sim/rng.h"

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

int64_t sr_suppression_draw(const struct sr_suppression *s, gsl_rng *r,
			    int64_t n)
{
	if (n <= 0 || s->size == 0 || s->suppressed == 0)
		return 0;
	if (s->suppressed == s->size)
		return n;
	return sr_rng_binomial(r, (double)s->suppressed / (double)s->size, n);
}

double sr_suppression_bad_share(const struct sr_suppression *s)
{
	int64_t left = s->size - s->suppressed;
	if (left <= 0)
		return 0.0;
	return (double)(s->bad - s->suppressed) / (double)left;
}
