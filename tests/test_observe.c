/* Observer: bucket rows add up to the run's totals, the invariants of
 * DESIGN.md hold on every row, and nothing depends on the bucket size. */
#include "tests/test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output/observe.h"
#include "sim/clock.h"

#define DAY SR_US_PER_DAY

struct sums {
	int64_t flow[SR_FLOW_COUNT];
	int64_t rows, last_backlog, last_t;
	int bad_limit, bad_order;
};

static int collect(void *ctx, const struct sr_row *rows, size_t n)
{
	struct sums *s = ctx;
	assert_int_equal(n, 2);
	const struct sr_row *r = &rows[0];
	if (r->t_us <= s->last_t && s->rows)
		s->bad_order = 1;
	s->last_t = r->t_us;
	for (int f = 0; f < SR_FLOW_COUNT; f++)
		s->flow[f] += r->flow[f];
	if (r->max_24h != SR_UNLIMITED && r->sent_last_24h > r->max_24h)
		s->bad_limit = 1;
	/* One account: the total is that account, but for the flows that
	 * belong to no account (demand, legacy, dropped). */
	assert_int_equal(rows[1].flow[SR_FLOW_SES], r->flow[SR_FLOW_SES]);
	assert_int_equal(rows[1].max_24h, r->max_24h);
	s->last_backlog = r->backlog;
	s->rows++;
	return 0;
}

static void scenario(struct sr_world_params *p)
{
	sr_world_params_default(p);
	const char *why;
	assert_int_equal(sr_time_parse("2026-01-05T06:30:00Z", &p->origin_us, &why), 0);
	p->horizon_us = 20 * DAY + 5 * 3600 * SR_US_PER_S;   /* a partial bucket */
	sr_synth_stream_default(&p->synth.streams[0], 80000);
	p->quality[0].verified_share = 0.2;
	p->router.strategy = SR_MIGRATE_BIG_BANG;
	p->client.on_quota = SR_ON_QUOTA_WAIT;
}

static void run(int64_t bucket, struct sums *s, struct sr_world_totals *t)
{
	struct sr_world_params p;
	scenario(&p);
	memset(s, 0, sizeof *s);
	char err[256];
	struct sr_observer *o = sr_observer_alloc(bucket, 1, collect, s);
	assert_non_null(o);
	struct sr_world *w = sr_world_alloc(&p, 0, NULL, sr_observer_sink(o), err,
					    sizeof err);
	assert_non_null(w);
	assert_int_equal(sr_observer_attach(o, w), 0);
	assert_int_equal(sr_world_run(w, err, sizeof err), 0);
	assert_int_equal(sr_observer_finish(o), 0);
	*t = *sr_world_totals(w);
	sr_world_free(w);
	sr_observer_free(o);
}

static void rows_add_up_to_the_totals(void **state)
{
	(void)state;
	int64_t buckets[] = {60 * SR_US_PER_S, 3600 * SR_US_PER_S, DAY};
	int64_t ses = -1;
	for (int k = 0; k < 3; k++) {
		struct sums s;
		struct sr_world_totals t;
		run(buckets[k], &s, &t);
		int64_t horizon = 20 * DAY + 5 * 3600 * SR_US_PER_S;
		assert_int_equal(s.rows, (horizon + buckets[k] - 1) / buckets[k]);
		assert_memory_equal(s.flow, t.flow, sizeof s.flow);
		assert_int_equal(s.last_backlog, t.backlog);
		assert_int_equal(s.flow[SR_FLOW_DEMAND],
				 s.flow[SR_FLOW_SES] + s.flow[SR_FLOW_SIMULATOR] +
				 s.flow[SR_FLOW_LEGACY] + s.flow[SR_FLOW_DROPPED] +
				 s.last_backlog);
		assert_false(s.bad_limit);
		assert_false(s.bad_order);
		/* The bucket size changes what is seen, not what happens. */
		if (ses >= 0)
			assert_int_equal(s.flow[SR_FLOW_SES], ses);
		ses = s.flow[SR_FLOW_SES];
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_add_up_to_the_totals),
	};
	return cmocka_run_group_tests_name("observe", tests, NULL, NULL);
}
