/*
 * compare: several scenarios on common random numbers.
 *
 * Every scenario runs with the same seed (--seed, else the first
 * scenario's) and the same number of replications (-r, default 20), so
 * replication i of each sees the same traffic draws; each writes its own
 * outputs into DIR/NAME/.  For each metric of the comparison, the best
 * scenario is the one with the lowest median (then the lowest mean, then
 * the first; a scenario with nothing to measure, such as no delay when
 * SES sent nothing, is last); every other scenario is compared with it
 * pairwise over the replications (sim/stats: paired t-test, or the sign test where a value is
 * "never"), and the difference is called significant at p < 0.05.
 *
 * DIR/comparison.csv: metric,unit,scenario,median,p90,mean,best,
 * difference,p_value, one row per metric and scenario; difference is the
 * mean paired difference to the best (this scenario minus the best, over
 * replications where both are finite), empty for the best itself.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/interrupt.h"
#include "cli/plot.h"
#include "cli/run.h"
#include "output/csvout.h"
#include "output/metrics.h"
#include "sim/clock.h"
#include "sim/stats.h"

#ifndef SR_VERSION
#define SR_VERSION "unknown"
#endif

#define COMPARE_REPS "20"

static const enum sr_metric compared[] = {
	SR_M_MIGRATION, SR_M_LEGACY, SR_M_LEGACY_COST, SR_M_THROTTLED,
	SR_M_DROPPED, SR_M_DELAY_P99, SR_M_DAYS_REVIEW, SR_M_DAYS_PAUSED,
};
#define NCOMPARED (sizeof compared / sizeof *compared)

struct entry {
	char name[80];                 /* its folder under DIR */
	double *metrics;               /* [metric][replication] */
	double median[NCOMPARED], p90[NCOMPARED], mean[NCOMPARED];
};

struct table {
	struct entry e[MAX_SCENARIOS];
	size_t n, reps;
	uint64_t seed;
	size_t best[NCOMPARED];
	double diff[NCOMPARED][MAX_SCENARIOS], p[NCOMPARED][MAX_SCENARIOS];
};

static const double *values(const struct table *t, size_t s, size_t m)
{
	return t->e[s].metrics + (size_t)compared[m] * t->reps;
}

/* Days for instants (days from the start), the metric's unit otherwise. */
static double in_unit(size_t m, double v)
{
	return compared[m] == SR_M_MIGRATION ? v / SR_US_PER_DAY : v;
}

static void describe(struct table *t, size_t s, size_t m)
{
	const double *x = values(t, s, m);
	static const double p[2] = {0.5, 0.9};
	double q[2];
	struct sr_mean_ci ci;
	t->e[s].mean[m] = sr_stats_finite_mean_ci(x, t->reps, 0.95, &ci) ? NAN :
			  in_unit(m, ci.mean);
	if (sr_stats_quantiles_of(x, t->reps, p, 2, q))
		q[0] = q[1] = NAN;
	t->e[s].median[m] = in_unit(m, q[0]);
	t->e[s].p90[m] = in_unit(m, q[1]);
}

/* Lower is better; NaN (nothing to measure) is worst. */
static int below(double a, double b)
{
	return isnan(b) ? !isnan(a) : a < b;
}

static int better(const struct table *t, size_t m, size_t a, size_t b)
{
	const struct entry *x = &t->e[a], *y = &t->e[b];
	if (below(x->median[m], y->median[m]) || below(y->median[m], x->median[m]))
		return below(x->median[m], y->median[m]);
	return below(x->mean[m], y->mean[m]);
}

static int all_equal(const struct table *t, size_t m)
{
	for (size_t s = 1; s < t->n; s++)
		if (better(t, m, 0, s) || better(t, m, s, 0) ||
		    !(t->diff[m][s] == 0 || isnan(t->diff[m][s])) ||
		    !(t->p[m][s] == 1))
			return 0;
	return 1;
}

static void judge(struct table *t, size_t m)
{
	size_t best = 0;
	for (size_t s = 1; s < t->n; s++)
		if (better(t, m, s, best))
			best = s;
	t->best[m] = best;
	for (size_t s = 0; s < t->n; s++) {
		t->diff[m][s] = t->p[m][s] = NAN;
		double d, p;
		if (s != best && !sr_stats_paired(values(t, best, m),
						  values(t, s, m), t->reps, &d, &p)) {
			t->diff[m][s] = in_unit(m, d);
			t->p[m][s] = p;
		}
	}
}

static const char *unit_of(size_t m)
{
	return compared[m] == SR_M_MIGRATION ? "days" :
	       sr_metric_info[compared[m]].unit;
}

static const char *name_of(size_t m)
{
	return compared[m] == SR_M_MIGRATION ? "days_to_migration" :
	       sr_metric_info[compared[m]].name;
}

static void put(FILE *f, double v)
{
	fputc(',', f);
	if (isinf(v))
		fputs("never", f);
	else if (!isnan(v))
		fprintf(f, "%.10g", v);
}

static int write_csv(const struct table *t, const char *dir)
{
	struct sr_outfile out = {0};
	if (sr_outfile_open(&out, dir, "comparison.csv"))
		return -1;
	fprintf(out.f, "# sesramp %s compare, seed %llu, %zu replications each; "
		"each scenario's outputs and effective form are in its folder\n",
		SR_VERSION, (unsigned long long)t->seed, t->reps);
	fprintf(out.f, "metric,unit,scenario,median,p90,mean,best,difference,"
		"p_value\n");
	for (size_t m = 0; m < NCOMPARED; m++)
		for (size_t s = 0; s < t->n; s++) {
			const struct entry *e = &t->e[s];
			fprintf(out.f, "%s,%s,", name_of(m), unit_of(m));
			sr_csv_text(out.f, e->name);
			put(out.f, e->median[m]);
			put(out.f, e->p90[m]);
			put(out.f, e->mean[m]);
			fprintf(out.f, ",%s", t->best[m] == s ? "yes" : "no");
			put(out.f, t->diff[m][s]);
			put(out.f, t->p[m][s]);
			fputc('\n', out.f);
		}
	return sr_outfile_commit(&out);
}

/* Median (p90); "-" where a scenario has nothing to measure (no SES mail
 * for a delay). */
static void cell(double median, double p90, char *out, size_t size)
{
	char a[24], b[24];
	if (isnan(median)) {
		snprintf(out, size, "-");
		return;
	}
	snprintf(a, sizeof a, isinf(median) ? "never" : "%.4g", median);
	snprintf(b, sizeof b, isinf(p90) ? "never" : "%.4g", p90);
	snprintf(out, size, "%s (%s)", a, b);
}

/* Whether the best is significantly better than every other scenario. */
static void verdict(const struct table *t, size_t m, char *out, size_t size)
{
	size_t weak = SIZE_MAX;
	double worst_p = 0;
	for (size_t s = 0; s < t->n; s++)
		if (s != t->best[m] && !isnan(t->e[s].median[m]) &&
		    !(t->p[m][s] < 0.05) &&
		    (weak == SIZE_MAX || t->p[m][s] > worst_p)) {
			weak = s;
			worst_p = isnan(t->p[m][s]) ? 1 : t->p[m][s];
		}
	if (all_equal(t, m))
		snprintf(out, size, "all equal");
	else if (weak == SIZE_MAX)
		snprintf(out, size, "%s, significant", t->e[t->best[m]].name);
	else
		snprintf(out, size, "%s, not significant vs %s (p=%.2g)",
			 t->e[t->best[m]].name, t->e[weak].name, worst_p);
}

static void print_table(const struct table *t, const char *dir)
{
	printf("comparison: %s/comparison.csv (%zu replications each; "
	       "median (p90); best = lowest median)\n\n  %-20s", dir, t->reps,
	       "metric");
	for (size_t s = 0; s < t->n; s++)
		printf(" %20.20s", t->e[s].name);
	printf("  best\n");
	for (size_t m = 0; m < NCOMPARED; m++) {
		char c[64], v[256];
		printf("  %-20s", name_of(m));
		for (size_t s = 0; s < t->n; s++) {
			cell(t->e[s].median[m], t->e[s].p90[m], c, sizeof c);
			printf(" %20s", c);
		}
		verdict(t, m, v, sizeof v);
		printf("  %s\n", v);
	}
}

/* A folder name for scenario i that no earlier one uses. */
static void unique_name(struct table *t, const char *name)
{
	struct entry *e = &t->e[t->n];
	snprintf(e->name, sizeof e->name, "%s", name);
	for (int k = 2;; k++) {
		size_t j = 0;
		while (j < t->n && strcmp(t->e[j].name, e->name))
			j++;
		if (j == t->n)
			return;
		snprintf(e->name, sizeof e->name, "%s-%d", name, k);
	}
}

/* Every scenario, loaded once before anything is written, all with the
 * seed of --seed or else of the first scenario. */
static struct sr_scenario scenarios[MAX_SCENARIOS];

static int load_all(const struct options *o)
{
	char seed[32];
	int rc = load_scenario(&scenarios[0], o->scenarios[0], o, NULL);
	snprintf(seed, sizeof seed, "%llu",
		 (unsigned long long)scenarios[0].world.seed);
	for (size_t i = 1; !rc && i < o->nscenarios; i++)
		rc = load_scenario(&scenarios[i], o->scenarios[i], o, seed);
	return rc;
}

static int run_all(struct table *t, const struct options *o, const char *dir,
		   unsigned threads)
{
	t->seed = scenarios[0].world.seed;
	for (size_t i = 0; i < o->nscenarios; i++) {
		const struct sr_scenario *s = &scenarios[i];
		char sub[4200];
		unique_name(t, s->name);
		snprintf(sub, sizeof sub, "%s/%s", dir, t->e[t->n].name);
		struct run_opts ro = {.threads = threads, .quiet = 1,
				      .metrics = &t->e[t->n].metrics};
		int existed, rc;
		if (open_dir(sub, &existed))
			return EXIT_RUN;
		if ((rc = run_many(s, sub, &ro))) {
			free(t->e[t->n].metrics);
			t->e[t->n].metrics = NULL;
			return rc == EXIT_INTERRUPTED ? say_interrupted(sub, existed) :
			       rc;
		}
		t->n++;
		t->reps = s->replications;
		if (!o->quiet)
			fprintf(stderr, "%s: done\n", sub);
		if (!o->no_plots)
			sr_plot_run(sub, 1);
	}
	return 0;
}

int cmd_compare(int argc, char **argv)
{
	struct options o = {0};
	static struct table t;
	int rc = parse_options(argc, argv, &o, MAX_SCENARIOS);
	if (rc)
		return rc;
	if (o.nscenarios < 2)
		return bad_usage("%s", "compare needs at least two scenarios");
	if (!o.reps)
		o.reps = COMPARE_REPS;
	unsigned threads = jobs_of(&o);
	const char *dir = o.out ? o.out : "out/compare";
	int existed;
	if (!threads)
		return EXIT_USAGE;
	if ((rc = load_all(&o)))
		return rc;             /* bad input: no folder made */
	if (open_dir(dir, &existed))
		return EXIT_RUN;
	rc = run_all(&t, &o, dir, threads);
	for (size_t m = 0; !rc && m < NCOMPARED; m++) {
		for (size_t s = 0; s < t.n; s++)
			describe(&t, s, m);
		judge(&t, m);
	}
	if (!rc && write_csv(&t, dir)) {
		fprintf(stderr, "sesramp: %s: cannot write comparison.csv\n", dir);
		rc = EXIT_RUN;
	}
	if (!rc && !o.quiet)
		print_table(&t, dir);
	if (!rc && !o.no_plots) {
		const char *names[MAX_SCENARIOS];
		for (size_t s = 0; s < t.n; s++)
			names[s] = t.e[s].name;
		sr_plot_compare(dir, names, t.n, o.quiet);
	}
	for (size_t s = 0; s < t.n; s++)
		free(t.e[s].metrics);
	return rc;
}

/* The scenario folders named in DIR/comparison.csv, in order. */
static size_t read_names(FILE *f, char names[][80], size_t max)
{
	char line[1024];
	size_t n = 0;
	while (n < max && fgets(line, sizeof line, f)) {
		char *a = strchr(line, '"'), *b = a ? strchr(a + 1, '"') : NULL;
		if (line[0] == '#' || !b)
			continue;
		*b = '\0';
		size_t j = 0;
		while (j < n && strcmp(names[j], a + 1))
			j++;
		if (j == n)
			snprintf(names[n++], sizeof names[0], "%s", a + 1);
	}
	return n;
}

int compare_replot(const char *dir, int *found)
{
	char path[4200], names[MAX_SCENARIOS][80];
	snprintf(path, sizeof path, "%s/comparison.csv", dir);
	FILE *f = fopen(path, "r");
	*found = f != NULL;
	if (!f)
		return 0;
	size_t n = read_names(f, names, MAX_SCENARIOS);
	fclose(f);
	const char *list[MAX_SCENARIOS];
	for (size_t i = 0; i < n; i++)
		list[i] = names[i];
	return sr_plot_compare(dir, list, n, 0) ? EXIT_RUN : 0;
}
