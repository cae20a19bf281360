/* limits: refuses runs far beyond reason.  See limits.h. */
#include "cli/limits.h"

#include <stdio.h>
#include <sys/stat.h>

#include "cli/batch.h"
#include "sim/clock.h"

/* Expected messages of the synthetic workload over the horizon. */
static double messages(const struct sr_world_params *w)
{
	double n = 0;
	for (size_t i = 0; i < w->synth.nstreams; i++) {
		const struct sr_synth_stream *st = &w->synth.streams[i];
		double rpm = st->recipients_per_message > 0 ?
			     st->recipients_per_message : 1;
		n += sr_synth_expected(&w->synth, i, 0, w->horizon_us) / rpm;
	}
	return n;
}

static double arrivals(const struct sr_world_params *w)
{
	if (w->recorded[0]) {
		struct stat st;
		return stat(w->recorded, &st) ? 0 : (double)st.st_size / 20;
	}
	if (w->synth.interval_us > 0)
		return (double)w->horizon_us / (double)w->synth.interval_us *
		       (double)w->synth.nstreams;
	return messages(w);
}

static double client_events(const struct sr_world_params *w, double msgs)
{
	const struct sr_client_params *c = &w->client;
	double n;
	if (c->kind == SR_CLIENT_PACED) {
		n = (double)w->horizon_us / (double)c->read_interval_us;
	} else {
		double most = c->attempts_per_s * (double)w->horizon_us / 1e6;
		n = msgs * c->max_tries;
		if (n > most)
			n = most;
	}
	return n * (double)w->naccounts;
}

double limits_events(const struct sr_scenario *s)
{
	const struct sr_world_params *w = &s->world;
	double a = arrivals(w);
	double msgs = w->synth.interval_us > 0 || w->recorded[0] ? a : messages(w);
	double days = (double)w->horizon_us / SR_US_PER_DAY;
	return 3 * a + client_events(w, msgs) +
	       (double)w->horizon_us / (double)s->bucket_us + 10 * days;
}

int limits_check(const struct sr_scenario *s, char *err, size_t errlen)
{
	double reps = s->replications, per = limits_events(s);
	double total = per * reps * (batch_plans_increases(&s->world) ? 2 : 1);
	double rows = (double)s->world.horizon_us / (double)s->bucket_us;
	double kinds = s->world.naccounts > 1 ? (double)s->world.naccounts + 1 : 1;
	double bytes = rows * kinds * (reps > 1 ? reps * 160 : 300);
	if (total > SR_LIMIT_EVENTS) {
		snprintf(err, errlen, "the run would take about %.2g engine events "
			 "(%.2g per replication x %.0f), over the limit of %.0g "
			 "(about half an hour on one core): use a longer [workload] "
			 "interval or [client] read_interval, a shorter [simulation] "
			 "duration, or fewer replications", total, per, reps,
			 SR_LIMIT_EVENTS);
		return -1;
	}
	if (bytes > SR_LIMIT_BYTES) {
		snprintf(err, errlen, "the time series would take about %.0f GB "
			 "(%.2g buckets x %.0f row(s) each x %.0f replications), over "
			 "the limit of 16 GiB: use a longer [simulation] bucket, a "
			 "shorter duration, or fewer replications", bytes / 1e9,
			 rows, kinds, reps);
		return -1;
	}
	return 0;
}
