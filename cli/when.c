/*
 * when: the date on which automatic growth alone brings the daily quota to
 * a target, and the date on which the traffic needs it.
 *
 * The scenario runs with its planned limit-increase requests removed.  Per
 * replication: the start of the first bucket at whose end the total
 * Max24HourSend is at least the target ("reached"), and the first instant
 * at which the rolling-24-hour demand reaches it ("needed").  stdout gives
 * the quantiles of both and how often each happens within the horizon;
 * with -o DIR, DIR/when.csv has one row per replication
 * (replication,quota_reached,traffic_needs; "never" where it did not).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/batch.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/interrupt.h"
#include "output/csvout.h"
#include "sim/clock.h"
#include "sim/stats.h"

struct dates {
	double *reached, *needed;      /* engine us, INFINITY: never */
	size_t n;
};

static int take(void *ctx, size_t rep, const struct sr_record *r)
{
	struct dates *d = ctx;
	d->reached[rep] = r->quota_reached_us < 0 ? INFINITY :
			  (double)r->quota_reached_us;
	d->needed[rep] = r->need_reached_us < 0 ? INFINITY :
			 (double)r->need_reached_us;
	return 0;
}

/* "1M", "500k", "2000000": a whole number of recipients from 1 to 1e12. */
static int parse_target(const char *text, int64_t *out)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (*end == 'k' || *end == 'M')
		v *= *end++ == 'k' ? 1e3 : 1e6;
	if (errno || end == text || *end || !(v >= 1 && v <= 1e12) ||
	    v != floor(v))
		return -1;
	*out = (int64_t)v;
	return 0;
}

static void date_of(int64_t origin_us, double t, char *out, size_t size)
{
	if (isinf(t) || isnan(t))
		snprintf(out, size, "never");
	else
		sr_time_format_date(origin_us + (int64_t)t, out, size);
}

static void describe(const char *what, const double *x, size_t n,
		     int64_t origin_us)
{
	static const double p[3] = {0.05, 0.5, 0.95};
	double q[3];
	size_t happened = 0;
	for (size_t i = 0; i < n; i++)
		happened += isfinite(x[i]) != 0;
	if (sr_stats_quantiles_of(x, n, p, 3, q))
		q[0] = q[1] = q[2] = NAN;
	char a[32], b[32], c[32];
	date_of(origin_us, q[0], a, sizeof a);
	date_of(origin_us, q[1], b, sizeof b);
	date_of(origin_us, q[2], c, sizeof c);
	printf("  %s: median %s (5-95%%: %s to %s); within the horizon in "
	       "%zu of %zu replications.\n", what, b, a, c, happened, n);
}

static int write_csv(const struct dates *d, const char *dir,
		     const struct sr_scenario *s, int64_t target)
{
	struct sr_outfile out = {0};
	char *comment = comment_text(s);
	if (!comment || sr_outfile_open(&out, dir, "when.csv")) {
		free(comment);
		return -1;
	}
	sr_csv_comment(out.f, comment);
	free(comment);
	fprintf(out.f, "# target %lld recipients per 24 h, automatic growth "
		"only\nreplication,quota_reached,traffic_needs\n",
		(long long)target);
	for (size_t i = 0; i < d->n; i++) {
		char a[32], b[32];
		date_of(s->world.origin_us, d->reached[i], a, sizeof a);
		date_of(s->world.origin_us, d->needed[i], b, sizeof b);
		fprintf(out.f, "%zu,%s,%s\n", i, a, b);
	}
	return sr_outfile_commit(&out);
}

static int run_when(struct sr_scenario *s, const struct options *o,
		    unsigned threads, int64_t target)
{
	char err[1024];
	batch_growth_only(&s->world);
	struct sr_record_job job;
	batch_job(s, &job, 0);
	job.target = target;
	struct dates d = {calloc(s->replications, sizeof(double)),
			  calloc(s->replications, sizeof(double)),
			  s->replications};
	int existed, rc = !d.reached || !d.needed ? -1 :
		batch_run(&job, d.n, threads, take, &d, err, sizeof err);
	if (rc && interrupted)
		say_interrupted(o->out ? o->out : ".", 1);
	else if (rc)
		fprintf(stderr, "sesramp: %s\n", d.reached ? err : "out of memory");
	if (!rc && !o->quiet) {
		printf("%s: a daily quota of %lld with automatic growth only\n\n",
		       s->name, (long long)target);
		describe("automatic growth reaches it", d.reached, d.n,
			 s->world.origin_us);
		describe("the traffic needs it", d.needed, d.n,
			 s->world.origin_us);
	}
	if (!rc && o->out && (open_dir(o->out, &existed) ||
			      write_csv(&d, o->out, s, target))) {
		fprintf(stderr, "sesramp: %s: cannot write when.csv\n", o->out);
		rc = -1;
	}
	free(d.reached);
	free(d.needed);
	return rc ? interrupted ? EXIT_INTERRUPTED : EXIT_RUN : 0;
}

int cmd_when(int argc, char **argv)
{
	struct options o = {0};
	static struct sr_scenario s;
	int64_t target;
	int rc = parse_options(argc, argv, &o, 1);
	if (rc)
		return rc;
	if (!o.target)
		return bad_usage("%s", "when needs --target QUOTA, e.g. --target 1M");
	if (parse_target(o.target, &target))
		return bad_usage("--target %s: expected a daily quota in "
				 "recipients from 1 to 1000000M, e.g. 1M", o.target);
	unsigned threads = jobs_of(&o);
	if (!threads)
		return EXIT_USAGE;
	if ((rc = load_scenario(&s, o.scenarios[0], &o, NULL)))
		return rc;
	return run_when(&s, &o, threads, target);
}
