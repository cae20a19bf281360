/*
 * bench year: one replication of a 365-day scenario with 1,000,000
 * recipients a day on three streams in one-minute batches, an account in
 * production with room for all of it, the paced client and the default
 * feedback: the cost of a long run of the whole model.  The median of
 * five runs is reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <gsl/gsl_errno.h>

#include "bench/timer.h"
#include "models/world.h"
#include "sim/clock.h"

/* Runs the year once; returns the seconds it took, or -1 on failure. */
static double run_once(const struct sr_world_params *p, uint64_t *events,
		       int64_t *recipients)
{
	char err[512];
	double t0 = bench_now();
	struct sr_world *w = sr_world_alloc(p, 0, NULL, NULL, err, sizeof err);
	if (!w || sr_world_run(w, err, sizeof err)) {
		fprintf(stderr, "bench year: %s\n", err);
		sr_world_free(w);
		return -1;
	}
	double dt = bench_now() - t0;
	*events = sr_world_engine(w)->dispatched;
	*recipients = sr_world_totals(w)->flow[SR_FLOW_SES];
	sr_world_free(w);
	return dt;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The same replication RUNS times: the median is the figure, the range
 * shows how noisy the machine was. */
#define RUNS 5

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
	double seconds[RUNS];
	uint64_t events = 0;
	int64_t recipients = 0;
	for (int i = 0; i < RUNS; i++)
		if ((seconds[i] = run_once(&p, &events, &recipients)) < 0)
			return 1;
	qsort(seconds, RUNS, sizeof seconds[0], by_value);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("bench year seconds %.3f\n", seconds[RUNS / 2]);
	printf("bench year seconds_range %.3f %.3f (%d runs)\n", seconds[0],
	       seconds[RUNS - 1], RUNS);
	printf("bench year recipients %lld\n", (long long)recipients);
	printf("bench year events %llu\n", (unsigned long long)events);
	printf("bench year peak_rss_mb %.1f\n", (double)ru.ru_maxrss / 1024);
	return 0;
}
