/* need: what the traffic needs from SES.  See need.h. */
#include "output/need.h"

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
}
