/* montecarlo: the outputs of several replications.  See montecarlo.h. */
#include "output/montecarlo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/csvout.h"
#include "sim/clock.h"
#include "sim/stats.h"

#define BUDGET_BYTES (4u << 20)
#define NQ 5
#define SHARE_COLS 3              /* the last columns: means, not quantiles */

static const double qp[NQ] = {0.05, 0.25, 0.50, 0.75, 0.95};
static const char *const qname[NQ] = {"p05", "p25", "p50", "p75", "p95"};

struct sr_mc {
	struct sr_mc_config c;
	/* c.account_names points here: the caller's array may be gone after
	 * open (the names themselves must outlive the sr_mc). */
	const char *names[SR_ACCOUNTS_MAX];
	size_t kinds, merged;
	struct sr_outfile ts[SR_ACCOUNTS_MAX + 1], keep, events, summary;
	FILE *spill;
	double *metric;               /* [metric][replication] */
	int failed;
};

static size_t row_doubles(const struct sr_mc *m)
{
	return m->kinds * SR_RECORD_COLS;
}

static void header_line(FILE *f, const char *comment, const char *first)
{
	sr_csv_comment(f, comment);
	fputs(first, f);
}

static void ts_header(FILE *f, const char *comment)
{
	header_line(f, comment, "time");
	for (size_t c = 0; c < SR_RECORD_COLS - SHARE_COLS; c++)
		for (size_t q = 0; q < NQ; q++)
			fprintf(f, ",%s_%s", sr_record_columns[c], qname[q]);
	for (size_t c = SR_RECORD_COLS - SHARE_COLS; c < SR_RECORD_COLS; c++)
		fprintf(f, ",%s", sr_record_columns[c]);
	fputc('\n', f);
}

static int open_ts(struct sr_mc *m)
{
	size_t nts = m->kinds;
	for (size_t i = 0; i < nts; i++) {
		char name[128];
		if (i == 0)
			snprintf(name, sizeof name, "timeseries.csv");
		else
			snprintf(name, sizeof name, "timeseries-%s.csv",
				 m->c.account_names[i - 1]);
		if (sr_outfile_open(&m->ts[i], m->c.dir, name))
			return -1;
		ts_header(m->ts[i].f, m->c.comment);
	}
	if (m->c.keep_replications) {
		if (sr_outfile_open(&m->keep, m->c.dir,
				    "timeseries-replications.csv"))
			return -1;
		header_line(m->keep.f, m->c.comment, "replication,account,time");
		for (size_t c = 0; c < SR_RECORD_COLS; c++)
			fprintf(m->keep.f, ",%s", sr_record_columns[c]);
		fputc('\n', m->keep.f);
	}
	m->spill = tmpfile();
	return m->spill ? 0 : -1;
}

static int open_files(struct sr_mc *m)
{
	if (m->c.keep_rows && open_ts(m))
		return -1;
	if (sr_outfile_open(&m->events, m->c.dir, "events.csv") ||
	    sr_outfile_open(&m->summary, m->c.dir, "summary.csv"))
		return -1;
	header_line(m->events.f, m->c.comment,
		    "time,replication,account,event,detail\n");
	header_line(m->summary.f, m->c.comment,
		    "metric,unit,value,mean,ci95_low,ci95_high,p05,p50,p95,n\n");
	return 0;
}

struct sr_mc *sr_mc_open(const struct sr_mc_config *c, char *err,
			 size_t errlen)
{
	struct sr_mc *m = calloc(1, sizeof *m);
	if (m)
		m->metric = calloc(SR_METRIC_COUNT * (c->replications ?
				   c->replications : 1), sizeof *m->metric);
	if (!m || !m->metric) {
		snprintf(err, errlen, "out of memory");
		sr_mc_free(m);
		return NULL;
	}
	m->c = *c;
	for (size_t i = 0; i < c->naccounts && i < SR_ACCOUNTS_MAX; i++)
		m->names[i] = c->account_names[i];
	m->c.account_names = m->names;
	m->kinds = c->naccounts > 1 ? c->naccounts + 1 : 1;
	if (open_files(m)) {
		snprintf(err, errlen, "%s: cannot write output files there",
			 c->dir);
		sr_mc_free(m);
		return NULL;
	}
	return m;
}

/* A value as a single run writes it: -1 for an unlimited quota. */
static void put_value(FILE *f, double v)
{
	sr_csv_num(f, isinf(v) ? -1 : v);
}

static void keep_rows(struct sr_mc *m, size_t rep, const struct sr_record *r)
{
	FILE *f = m->keep.f;
	for (size_t b = 0; b < r->buckets; b++) {
		char t[SR_TIME_TEXT_MAX];
		sr_time_format(m->c.origin_us + (int64_t)b * m->c.bucket_us, t,
			       sizeof t);
		for (size_t k = 0; k < m->kinds; k++) {
			fprintf(f, "%zu,", rep);
			sr_csv_text(f, k ? m->c.account_names[k - 1] : "all");
			fprintf(f, ",%s", t);
			const double *c = r->cells + (b * m->kinds + k) * SR_RECORD_COLS;
			for (size_t i = 0; i < SR_RECORD_COLS; i++) {
				fputc(',', f);
				put_value(f, c[i]);
			}
			fputc('\n', f);
		}
	}
}

static void merge_events(struct sr_mc *m, size_t rep, const struct sr_record *r)
{
	sr_eventlog_write(m->events.f, &r->events, m->c.origin_us, rep);
}

int sr_mc_merge(struct sr_mc *m, size_t rep, const struct sr_record *r)
{
	if (rep != m->merged || rep >= m->c.replications ||
	    (m->c.keep_rows && r->buckets != m->c.buckets))
		return m->failed = -1;
	for (size_t i = 0; i < SR_METRIC_COUNT; i++)
		m->metric[i * m->c.replications + rep] = r->metric[i];
	merge_events(m, rep, r);
	if (m->c.keep_rows) {
		size_t n = r->buckets * row_doubles(m);
		if (fwrite(r->cells, sizeof *r->cells, n, m->spill) != n)
			return m->failed = -1;
		if (m->c.keep_replications)
			keep_rows(m, rep, r);
	}
	m->merged++;
	return 0;
}

const double *sr_mc_metric(const struct sr_mc *m, enum sr_metric metric)
{
	return m->metric + (size_t)metric * m->c.replications;
}

size_t sr_mc_merged(const struct sr_mc *m)
{
	return m->merged;
}

/* -- the quantile time series -- */

/* Gathers one cell over the replications, NaN left out; returns how many. */
static size_t gather(const double *buf, size_t reps, size_t stride,
		     size_t at, double *out)
{
	size_t n = 0;
	for (size_t r = 0; r < reps; r++) {
		double v = buf[r * stride + at];
		if (!isnan(v))
			out[n++] = v;
	}
	return n;
}

static void put_cell(FILE *f, double *v, size_t n, int share)
{
	if (share) {
		double sum = 0;
		for (size_t i = 0; i < n; i++)
			sum += v[i];
		fputc(',', f);
		sr_csv_num(f, n ? sum / (double)n : NAN);
		return;
	}
	double q[NQ];
	if (sr_stats_quantiles(v, n, qp, NQ, q))
		for (size_t i = 0; i < NQ; i++)
			q[i] = NAN;
	for (size_t i = 0; i < NQ; i++) {
		fputc(',', f);
		put_value(f, q[i]);
	}
}

static void write_bucket(struct sr_mc *m, const double *buf, size_t chunk,
			 size_t bb, size_t b, double *scratch)
{
	size_t reps = m->merged, stride = chunk * row_doubles(m);
	char t[SR_TIME_TEXT_MAX];
	sr_time_format(m->c.origin_us + (int64_t)b * m->c.bucket_us, t, sizeof t);
	for (size_t k = 0; k < m->kinds; k++) {
		FILE *f = m->ts[k].f;
		fputs(t, f);
		for (size_t c = 0; c < SR_RECORD_COLS; c++) {
			size_t at = (bb * m->kinds + k) * SR_RECORD_COLS + c;
			size_t n = gather(buf, reps, stride, at, scratch);
			put_cell(f, scratch, n, c >= SR_RECORD_COLS - SHARE_COLS);
		}
		fputc('\n', f);
	}
}

/* Reads buckets [b0, b0 + chunk) of every replication into buf. */
static int read_chunk(struct sr_mc *m, double *buf, size_t b0, size_t chunk)
{
	size_t row = row_doubles(m);
	for (size_t r = 0; r < m->merged; r++) {
		long long off = ((long long)r * (long long)m->c.buckets +
				 (long long)b0) * (long long)(row * sizeof *buf);
		if (fseeko(m->spill, (off_t)off, SEEK_SET) ||
		    fread(buf + r * chunk * row, sizeof *buf, chunk * row,
			  m->spill) != chunk * row)
			return -1;
	}
	return 0;
}

static int write_series(struct sr_mc *m)
{
	size_t row_bytes = row_doubles(m) * sizeof(double);
	size_t per_bucket = m->merged * row_bytes;
	size_t chunk = per_bucket ? BUDGET_BYTES / per_bucket : 1;
	if (chunk < 1)
		chunk = 1;
	if (chunk > m->c.buckets)
		chunk = m->c.buckets;
	double *buf = malloc(chunk * per_bucket + 1);
	double *scratch = malloc(m->merged * sizeof *scratch + 1);
	int rc = !buf || !scratch || fflush(m->spill) ? -1 : 0;
	for (size_t b0 = 0; !rc && b0 < m->c.buckets; b0 += chunk) {
		size_t n = m->c.buckets - b0 < chunk ? m->c.buckets - b0 : chunk;
		rc = read_chunk(m, buf, b0, n);
		for (size_t bb = 0; !rc && bb < n; bb++)
			write_bucket(m, buf, n, bb, b0 + bb, scratch);
	}
	free(buf);
	free(scratch);
	return rc;
}

/* -- the summary -- */

static double scaled(enum sr_metric i, double v)
{
	return sr_metric_info[i].kind == SR_MK_INSTANT ? v / SR_US_PER_DAY : v;
}

static void put_stat(FILE *f, enum sr_metric i, double v)
{
	fputc(',', f);
	if (isinf(v))
		fputs(sr_metric_info[i].kind == SR_MK_INSTANT ? "never" :
		      "unlimited", f);
	else if (!isnan(v))
		fprintf(f, "%.10g", v);
}

static void summary_metric(struct sr_mc *m, enum sr_metric i)
{
	const double *x = sr_mc_metric(m, i);
	struct sr_mean_ci ci;
	if (sr_stats_finite_mean_ci(x, m->merged, 0.95, &ci))
		ci = (struct sr_mean_ci){0, NAN, NAN, NAN, NAN, NAN};
	double q[3], p[3] = {0.05, 0.5, 0.95};
	if (sr_stats_quantiles_of(x, m->merged, p, 3, q))
		q[0] = q[1] = q[2] = NAN;
	FILE *f = m->summary.f;
	const char *unit = sr_metric_info[i].kind == SR_MK_INSTANT ?
			   "days from start" : sr_metric_info[i].unit;
	fprintf(f, "%s,%s,", sr_metric_info[i].name, unit);
	double stats[] = {ci.mean, ci.lo, ci.hi, q[0], q[1], q[2]};
	for (size_t k = 0; k < 6; k++)
		put_stat(f, i, scaled(i, stats[k]));
	fprintf(f, ",%zu\n", ci.n);
}

static void write_summary(struct sr_mc *m, const struct sr_answer *extra,
			  size_t nextra)
{
	for (int i = 0; i < SR_METRIC_COUNT; i++)
		summary_metric(m, (enum sr_metric)i);
	for (size_t i = 0; i < nextra; i++) {
		FILE *f = m->summary.f;
		sr_csv_text(f, extra[i].metric);
		fputc(',', f);
		sr_csv_text(f, extra[i].unit);
		fputc(',', f);
		sr_csv_text(f, extra[i].value);
		fputs(",,,,,,,\n", f);
	}
}

int sr_mc_commit(struct sr_mc *m, const struct sr_answer *extra,
		 size_t nextra, char *err, size_t errlen)
{
	int rc = m->failed || m->merged == 0 ? -1 : 0;
	if (!rc && m->c.keep_rows)
		rc = write_series(m);
	if (!rc)
		write_summary(m, extra, nextra);
	size_t nts = m->c.keep_rows ? m->kinds : 0;
	for (size_t i = 0; i < nts && !rc; i++)
		rc = sr_outfile_commit(&m->ts[i]);
	if (!rc && m->c.keep_replications && m->c.keep_rows)
		rc = sr_outfile_commit(&m->keep);
	if (!rc)
		rc = sr_outfile_commit(&m->events);
	if (!rc)
		rc = sr_outfile_commit(&m->summary);
	if (rc)
		snprintf(err, errlen, "cannot write the output files in %s",
			 m->c.dir);
	return rc;
}

void sr_mc_free(struct sr_mc *m)
{
	if (!m)
		return;
	for (size_t i = 0; i <= SR_ACCOUNTS_MAX; i++)
		sr_outfile_abort(&m->ts[i]);
	sr_outfile_abort(&m->keep);
	sr_outfile_abort(&m->events);
	sr_outfile_abort(&m->summary);
	if (m->spill)
		fclose(m->spill);
	free(m->metric);
	free(m);
}
