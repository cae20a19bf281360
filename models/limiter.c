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
	free(w->second);
	free(w->count);
	*w = (struct sr_window){0};
}

/* First whole second at or after t. */
static int64_t second_of(int64_t t_us)
{
	return -sr_floor_div(-t_us, SR_US_PER_S);
}

/* When the entry of a second rolls out. */
static int64_t out_of(int64_t second)
{
	return second * SR_US_PER_S + SR_WINDOW_SPAN_US;
}

void sr_window_expire(struct sr_window *w, int64_t t_us)
{
	if (t_us > w->now_us)
		w->now_us = t_us;
	while (w->len && w->out_us <= t_us) {
		w->sum -= w->count[w->head];
		w->head = (w->head + 1) & (w->cap - 1);
		w->len--;
		if (w->len)
			w->out_us = out_of(w->second[w->head]);
	}
}

/* The ring's capacity is a power of two (64, then doubling), so an index
 * wraps with a mask rather than a division. */
static int grow(struct sr_window *w)
{
	size_t cap = w->cap ? 2 * w->cap : 64;
	int64_t *second = malloc(cap * sizeof *second);
	int64_t *count = malloc(cap * sizeof *count);
	if (!second || !count) {
		free(second);
		free(count);
		return -1;
	}
	for (size_t i = 0; i < w->len; i++) {
		second[i] = w->second[(w->head + i) & (w->cap - 1)];
		count[i] = w->count[(w->head + i) & (w->cap - 1)];
	}
	free(w->second);
	free(w->count);
	w->second = second;
	w->count = count;
	w->cap = cap;
	w->head = 0;
	return 0;
}

int sr_window_add(struct sr_window *w, int64_t t_us, int64_t k)
{
	if (t_us < w->now_us || k < 0)
		return -1;
	(void)sr_window_sum(w, t_us);
	if (k == 0)
		return 0;
	int64_t s = second_of(t_us);
	size_t last = (w->head + w->len - 1) & (w->cap ? w->cap - 1 : 0);
	if (w->len && w->second[last] == s) {
		w->count[last] += k;
	} else {
		if (w->len == w->cap && grow(w))
			return -1;
		size_t i = (w->head + w->len) & (w->cap - 1);
		w->second[i] = s;
		w->count[i] = k;
		if (w->len++ == 0)
			w->out_us = out_of(s);
	}
	w->sum += k;
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
		size_t j = (w->head + i) & (w->cap - 1);
		sum -= w->count[j];
		if (sum + n <= quota)
			return out_of(w->second[j]);
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
