/* limiter: rolling window and token bucket.  See limiter.h. */
#include "models/limiter.h"

#include <math.h>
#include <stdlib.h>

#include "sim/clock.h"

int sr_window_init(struct sr_window *w)
{
	*w = (struct sr_window){0};
	return 0;
}

void sr_window_reset(struct sr_window *w)
{
	free(w->entry);
	*w = (struct sr_window){0};
}

/* The ring's capacity is a power of two (64, then doubling), so an index
 * wraps with a mask rather than a division. */
int sr_window_grow(struct sr_window *w)
{
	size_t cap = w->cap ? 2 * w->cap : 64;
	struct sr_window_entry *entry = malloc(cap * sizeof *entry);
	if (!entry)
		return -1;
	for (size_t i = 0; i < w->len; i++)
		entry[i] = w->entry[(w->head + i) & (w->cap - 1)];
	free(w->entry);
	w->entry = entry;
	w->cap = cap;
	w->head = 0;
	return 0;
}

int64_t sr_window_fit_time(struct sr_window *w, int64_t t_us, int64_t n,
			   int64_t quota)
{
	(void)sr_window_sum(w, t_us);
	if (n > quota)
		return INT64_MAX;
	int64_t sum = w->sum;
	if (sum + n <= quota)
		return t_us;
	for (size_t i = 0; i < w->len; i++) {
		const struct sr_window_entry *e =
			&w->entry[(w->head + i) & (w->cap - 1)];
		sum -= e->count;
		if (sum + n <= quota)
			return sr_window_out_us(e->second);
	}
	return INT64_MAX;   /* not reached: an empty window fits n <= quota */
}

static int64_t to_utok(double tokens)
{
	return (int64_t)llround(tokens * (double)SR_UTOK_PER_TOKEN);
}

void sr_bucket_init(struct sr_bucket *b, int64_t t_us, double rate_per_s,
		    double burst_tokens)
{
	b->rate_per_s = rate_per_s;
	b->cap_utok = to_utok(burst_tokens);
	b->utok = b->cap_utok;
	b->last_us = t_us;
}

void sr_bucket_set_rate(struct sr_bucket *b, int64_t t_us, double rate_per_s,
			double burst_tokens)
{
	sr_bucket_refill(b, t_us);
	b->rate_per_s = rate_per_s;
	b->cap_utok = to_utok(burst_tokens);
	if (b->utok > b->cap_utok)
		b->utok = b->cap_utok;
}

double sr_bucket_tokens(struct sr_bucket *b, int64_t t_us)
{
	sr_bucket_refill(b, t_us);
	return (double)b->utok / (double)SR_UTOK_PER_TOKEN;
}

int64_t sr_bucket_ready_time(struct sr_bucket *b, int64_t t_us)
{
	sr_bucket_refill(b, t_us);
	if (t_us < b->last_us)
		t_us = b->last_us;   /* tokens are known from the last refill on */
	int64_t need = SR_UTOK_PER_TOKEN - b->utok;
	if (need <= 0)
		return t_us;
	if (!(b->rate_per_s > 0))
		return INT64_MAX;
	/* Smallest whole dt with rate * dt >= need; the refill truncates, so
	 * step up past any rounding of the division. */
	int64_t dt = (int64_t)ceil((double)need / b->rate_per_s);
	while (b->rate_per_s * (double)dt < (double)need)
		dt++;
	return t_us + dt;
}
