/* need: what the traffic needs from SES.  See need.h. */
#include "output/need.h"

#include <stdlib.h>

#include "sim/clock.h"

/* Files n accepted by SES at t and raises the day's peak. */
static int note_sent(struct sr_need_usage *u, int64_t t_us, int64_t n)
{
	if (t_us < 0 || sr_window_add(&u->sent, t_us, n))
		return -1;
	size_t day = (size_t)(t_us / SR_US_PER_DAY);
	if (day >= u->cap) {
		size_t cap = u->cap ? 2 * u->cap : 64;
		while (cap <= day)
			cap *= 2;
		int64_t *p = realloc(u->day_peak, cap * sizeof *p);
		if (!p)
			return -1;
		u->day_peak = p;
		u->cap = cap;
	}
	for (; u->days <= day; u->days++)
		u->day_peak[u->days] = 0;
	if (u->sent.sum > u->day_peak[day])
		u->day_peak[day] = u->sent.sum;
	return 0;
}

int64_t sr_need_sent_peak(const struct sr_need *n, int64_t t_us,
			  int64_t span_us)
{
	int64_t from = t_us > span_us ? (t_us - span_us) / SR_US_PER_DAY : 0;
	int64_t to = t_us / SR_US_PER_DAY, total = 0;
	for (size_t a = 0; a < SR_ACCOUNTS_MAX; a++) {
		const struct sr_need_usage *u = &n->usage[a];
		int64_t peak = 0;
		for (int64_t d = from; d <= to && d < (int64_t)u->days; d++)
			if (u->day_peak[d] > peak)
				peak = u->day_peak[d];
		total += peak;
	}
	return total;
}

static int on_count(void *ctx, int64_t t_us, uint32_t stream, int account,
		    enum sr_flow flow, int64_t n)
{
	struct sr_need *d = ctx;
	if (flow == SR_FLOW_DEMAND && n > 0) {
		if (sr_window_add(&d->demand, t_us, n))
			d->failed = 1;
		int64_t sum = d->demand.sum;
		if (sum > d->peak)
			d->peak = sum;
		if (d->target > 0 && d->target_us < 0 && sum >= d->target)
			d->target_us = t_us;
	} else if (flow == SR_FLOW_SES && n > 0) {
		if (account < 0 || account >= SR_ACCOUNTS_MAX ||
		    note_sent(&d->usage[account], t_us, n))
			d->failed = 1;
	}
	return d->inner ? d->inner->count(d->inner->ctx, t_us, stream, account,
					  flow, n) : 0;
}

static int on_delay(void *ctx, int64_t t_us, uint32_t stream, int64_t n,
		    double first_us, double spacing_us)
{
	struct sr_need *d = ctx;
	double longest = first_us + (double)(n - 1) * spacing_us;
	if (n > 0 && d->slo_breach_us < 0 &&
	    (longest > d->slo_us || first_us > d->slo_us))
		d->slo_breach_us = t_us;
	return d->inner ? d->inner->delay(d->inner->ctx, t_us, stream, n,
					  first_us, spacing_us) : 0;
}

void sr_need_init(struct sr_need *n, const struct sr_sink *inner,
		  double slo_us, int64_t target)
{
	*n = (struct sr_need){.inner = inner, .target = target, .target_us = -1,
			      .slo_us = slo_us, .slo_breach_us = -1};
	sr_window_init(&n->demand);
	n->sink = (struct sr_sink){on_count, on_delay, n};
}

void sr_need_free(struct sr_need *n)
{
	sr_window_reset(&n->demand);
	for (size_t a = 0; a < SR_ACCOUNTS_MAX; a++) {
		sr_window_reset(&n->usage[a].sent);
		free(n->usage[a].day_peak);
	}
}
