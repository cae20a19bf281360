/*
 * bench year: one replication of a 365-day scenario with 1,000,000
 * recipients a day on three streams in one-minute batches, an account in
 * production with room for all of it, the paced client and the default
 * feedback: the cost of a long run of the whole model.
 */
#include <stdio.h>
#include <sys/resource.h>

#include <gsl/gsl_errno.h>

#include "bench/timer.h"
#include "models/world.h"
#include "sim/clock.h"

int main(void)
{
	gsl_set_error_handler_off();
	struct sr_world_params p;
	sr_world_params_default(&p);
	const char *why;
	if (sr_time_parse("2026-01-05", &p.origin_us, &why))
		return 1;
	p.horizon_us = 365 * SR_US_PER_DAY;
	p.nstreams = p.synth.nstreams = 3;
	double volume[] = {500000, 300000, 200000};
	for (int i = 0; i < 3; i++) {
		snprintf(p.stream_names[i], SR_STREAM_NAME_MAX, "s%d", i);
		sr_stream_quality_default(&p.quality[i]);
		sr_synth_stream_default(&p.synth.streams[i], volume[i]);
	}
	p.accounts[0].stage = SR_STAGE_PRODUCTION;
	p.accounts[0].max_24h = 2000000;
	p.accounts[0].max_rate = 100;
	p.router.strategy = SR_MIGRATE_BIG_BANG;
	char err[512];
	double t0 = bench_now();
	struct sr_world *w = sr_world_alloc(&p, 0, NULL, NULL, err, sizeof err);
	if (!w || sr_world_run(w, err, sizeof err)) {
		fprintf(stderr, "bench year: %s\n", err);
		return 1;
	}
	double dt = bench_now() - t0;
	const struct sr_world_totals *t = sr_world_totals(w);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("bench year seconds %.3f\n", dt);
	printf("bench year recipients %lld\n", (long long)t->flow[SR_FLOW_SES]);
	printf("bench year events %llu\n",
	       (unsigned long long)sr_world_engine(w)->dispatched);
	printf("bench year peak_rss_mb %.1f\n", (double)ru.ru_maxrss / 1024);
	sr_world_free(w);
	return 0;
}
