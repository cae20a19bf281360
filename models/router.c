/* router: migration strategies.  See router.h. */
#include "models/router.h"

#include <math.h>
#include <string.h>

#include "sim/clock.h"
#include "sim/rng.h"

const char *sr_strategy_name(enum sr_strategy s)
{
	static const char *const names[] = {"big_bang", "ramp",
					    "quota_following", "stream_order"};
	return (unsigned)s < 4 ? names[s] : "unknown";
}

void sr_router_params_default(struct sr_router_params *p)
{
	memset(p, 0, sizeof *p);
	p->strategy = SR_MIGRATE_QUOTA_FOLLOWING;
	p->target = 0.9;
	p->sandbox_filter = 1;
}

static int ramp_ok(const struct sr_router_params *p, const char **why)
{
	if (p->ramp_len < 1) {
		*why = "a ramp needs at least one day:percent point";
		return -1;
	}
	for (size_t i = 0; i < p->ramp_len; i++) {
		const struct sr_point *q = &p->ramp[i];
		if (!(q->day >= 0) || !(q->value >= 0 && q->value <= 100)) {
			*why = "ramp points need day >= 0 and 0% <= percent <= 100%";
			return -1;
		}
		if (i && !(q->day > p->ramp[i - 1].day)) {
			*why = "ramp days must increase";
			return -1;
		}
	}
	return 0;
}

static int order_ok(const struct sr_router_params *p, size_t nstreams,
		    const char **why)
{
	unsigned char seen[SR_STREAMS_MAX] = {0};
	if (p->order_len != nstreams) {
		*why = "stream_order must name every stream once";
		return -1;
	}
	for (size_t i = 0; i < p->order_len; i++) {
		if (p->order[i] >= nstreams || seen[p->order[i]]++) {
			*why = "stream_order must name every stream once";
			return -1;
		}
	}
	return 0;
}

int sr_router_check(const struct sr_router_params *p, size_t nstreams,
		    const char **why)
{
	*why = "";
	if (!(p->target > 0 && p->target <= 1)) {
		*why = "target must be in (0, 100%]";
		return -1;
	}
	if (p->start_us < 0) {
		*why = "the big-bang start must not be before the scenario start";
		return -1;
	}
	if (p->strategy == SR_MIGRATE_RAMP)
		return ramp_ok(p, why);
	if (p->strategy == SR_MIGRATE_STREAM_ORDER)
		return order_ok(p, nstreams, why);
	return 0;
}

int sr_router_init(struct sr_router *r, const struct sr_router_params *p,
		   size_t nstreams, const struct sr_stream_quality *quality,
		   gsl_rng *rng)
{
	const char *why;
	memset(r, 0, sizeof *r);
	if (nstreams < 1 || nstreams > SR_STREAMS_MAX ||
	    sr_router_check(p, nstreams, &why))
		return -1;
	r->p = *p;
	r->nstreams = nstreams;
	r->quality = quality;
	r->rng = rng;
	for (size_t i = 0; i < nstreams; i++)
		sr_window_init(&r->demand[i]);
	return 0;
}

void sr_router_reset(struct sr_router *r)
{
	for (size_t i = 0; i < r->nstreams; i++)
		sr_window_reset(&r->demand[i]);
}

double sr_router_planned_share(const struct sr_router *r, int64_t t_us)
{
	if (r->p.strategy == SR_MIGRATE_BIG_BANG)
		return t_us >= r->p.start_us ? 1.0 : 0.0;
	if (r->p.strategy != SR_MIGRATE_RAMP)
		return NAN;
	double day = (double)t_us / (double)SR_US_PER_DAY;
	const struct sr_point *q = r->p.ramp;
	size_t n = r->p.ramp_len;
	if (day <= q[0].day)
		return q[0].value / 100;
	for (size_t i = 1; i < n; i++)
		if (day <= q[i].day) {
			double f = (day - q[i - 1].day) / (q[i].day - q[i - 1].day);
			return (q[i - 1].value + f * (q[i].value - q[i - 1].value)) / 100;
		}
	return q[n - 1].value / 100;
}

/* Room under the target, in recipients; INT64_MAX when unlimited. */
static int64_t room(const struct sr_router *r, struct sr_account *a,
		    int64_t t_us, int64_t pending)
{
	if (a->max_24h == SR_UNLIMITED)
		return INT64_MAX;
	int64_t used = sr_account_sent_last_24h(a, t_us) + pending;
	int64_t cap = (int64_t)floor(r->p.target * (double)a->max_24h);
	return cap > used ? cap - used : 0;
}

/* stream_order: moves the next streams while the quota can carry them. */
static void move_streams(struct sr_router *r, struct sr_account *a,
			 int64_t t_us)
{
	/* A stream's 24-hour demand is known only after a day of traffic. */
	if (a->stage != SR_STAGE_PRODUCTION || t_us < SR_WINDOW_SPAN_US)
		return;
	double cap = a->max_24h == SR_UNLIMITED ? INFINITY
						: r->p.target * (double)a->max_24h;
	while (r->moved < r->p.order_len) {
		int64_t load = 0;
		for (size_t i = 0; i <= r->moved; i++)
			load += r->demand_peak[r->p.order[i]];
		if ((double)load > cap)
			return;
		r->moved++;
	}
}

static int is_moved(const struct sr_router *r, uint32_t stream)
{
	for (size_t i = 0; i < r->moved; i++)
		if (r->p.order[i] == stream)
			return 1;
	return 0;
}

/* Recipients of n the plan sends to SES. */
static int64_t ses_share(struct sr_router *r, int64_t t_us, uint32_t stream,
			 int64_t n, struct sr_account *a, int64_t pending)
{
	double share;
	switch (r->p.strategy) {
	case SR_MIGRATE_QUOTA_FOLLOWING: {
		int64_t left = room(r, a, t_us, pending);
		return n < left ? n : left;
	}
	case SR_MIGRATE_STREAM_ORDER:
		move_streams(r, a, t_us);
		return is_moved(r, stream) ? n : 0;
	default:
		share = sr_router_planned_share(r, t_us);
	}
	double want = r->carry[stream] + share * (double)n;
	int64_t whole = (int64_t)floor(want);
	if (whole > n)
		whole = n;
	r->carry[stream] = want - (double)whole;
	return whole;
}


/* Splits the SES share into verified, simulator and unverified mail, by
 * whole messages. */
static void addressee(struct sr_router *r, uint32_t stream, int64_t ses,
		      const struct sr_account *a, struct sr_split *out)
{
	const struct sr_stream_quality *q = &r->quality[stream];
	int64_t per = (int64_t)q->recipients_per_message;
	if (per < 1)
		per = 1;
	int64_t messages = ses / per;
	int64_t sim = sr_rng_binomial(r->rng, q->simulator_share, messages);
	out->simulator = sim * per;
	int64_t rest = ses - out->simulator;
	if (a->stage == SR_STAGE_PRODUCTION) {
		out->verified = rest;
		return;
	}
	double p_ver = q->simulator_share < 1 ?
		       q->verified_share / (1 - q->simulator_share) : 0;
	if (p_ver > 1)
		p_ver = 1;
	out->verified = sr_rng_binomial(r->rng, p_ver, messages - sim) * per;
	int64_t other = rest - out->verified;
	if (r->p.sandbox_filter)
		out->legacy += other;
	else
		out->unverified = other;
}

int sr_router_split(struct sr_router *r, int64_t t_us, uint32_t stream,
		    int64_t n, struct sr_account *a, int64_t pending,
		    struct sr_split *out)
{
	memset(out, 0, sizeof *out);
	if (r->p.strategy == SR_MIGRATE_STREAM_ORDER) {
		if (sr_window_add(&r->demand[stream], t_us, n))
			return -1;
		int64_t d = sr_window_sum(&r->demand[stream], t_us);
		if (d > r->demand_peak[stream])
			r->demand_peak[stream] = d;
	}
	int64_t ses = ses_share(r, t_us, stream, n, a, pending);
	out->legacy = n - ses;
	addressee(r, stream, ses, a, out);
	return 0;
}
