/*
 * sesramp: the command-line program.
 *
 *   sesramp run SCENARIO.ini [-o DIR] [--seed N] [-r N] [-j N]
 *               [--set SECTION.KEY=VALUE ...] [--bucket 1m|15m|1h|1d]
 *               [--no-plots] [-q]
 *   sesramp check SCENARIO.ini [--set SECTION.KEY=VALUE ...]
 *   sesramp plot DIR
 *   sesramp --help | COMMAND --help | --version
 *
 * Exit status: 0 success, 1 a failed run, 2 bad usage or bad input.  This
 * is the only layer that prints and exits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cli/plot.h"
#include "cli/scenario.h"
#include "output/observe.h"
#include "output/results.h"
#include "sim/clock.h"
#include "sim/rng.h"

#ifndef SR_VERSION
#define SR_VERSION "unknown"
#endif

enum { EXIT_RUN = 1, EXIT_USAGE = 2 };

static const char usage_run[] =
	"usage: sesramp run SCENARIO.ini [-o DIR] [--seed N] [-r N] [-j N]\n"
	"                   [--set SECTION.KEY=VALUE ...] [--bucket 1m|15m|1h|1d]\n"
	"                   [--no-plots] [-q]\n"
	"Runs the scenario and writes timeseries.csv, events.csv, summary.csv and\n"
	"plots into DIR (default out/SCENARIO-NAME/).\n";
static const char usage_check[] =
	"usage: sesramp check SCENARIO.ini [--set SECTION.KEY=VALUE ...]\n"
	"Validates the scenario and prints it with every default filled in.\n";
static const char usage_plot[] =
	"usage: sesramp plot DIR\n"
	"Renders the plots of an earlier run in DIR (needs gnuplot).\n";

static void usage(void)
{
	printf("sesramp %s: simulate the Amazon SES sending-quota lifecycle\n\n"
	       "commands:\n"
	       "  run     run a scenario and write CSV and plots\n"
	       "  check   validate a scenario and print its effective form\n"
	       "  plot    render the plots of an earlier run\n\n"
	       "sesramp COMMAND --help for the options of a command.\n",
	       SR_VERSION);
}

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "sesramp: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(sesramp --help for usage)\n");
	return EXIT_USAGE;
}

struct options {
	const char *scenario;
	const char *out;
	const char *sets[64];
	size_t nsets;
	const char *seed, *bucket, *reps, *jobs;
	int no_plots, quiet;
};

/* Takes the value of an option; NULL if it is missing. */
static const char *value(int argc, char **argv, int *i)
{
	return *i + 1 < argc ? argv[++*i] : NULL;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (!strcmp(a, "-o"))
			slot = &o->out;
		else if (!strcmp(a, "--seed"))
			slot = &o->seed;
		else if (!strcmp(a, "--bucket"))
			slot = &o->bucket;
		else if (!strcmp(a, "-r"))
			slot = &o->reps;
		else if (!strcmp(a, "-j"))
			slot = &o->jobs;
		else if (!strcmp(a, "--set")) {
			if (o->nsets == 64)
				return bad_usage("too many --set options (at most %s)", "64");
			slot = &o->sets[o->nsets++];
		} else if (!strcmp(a, "--no-plots"))
			o->no_plots = 1;
		else if (!strcmp(a, "-q"))
			o->quiet = 1;
		else if (a[0] == '-')
			return bad_usage("unknown option %s", a);
		else if (!o->scenario)
			o->scenario = a;
		else
			return bad_usage("unexpected argument %s", a);
		if (slot && !(*slot = value(argc, argv, &i)))
			return bad_usage("%s needs a value", a);
	}
	if (!o->scenario)
		return bad_usage("%s", "a scenario file is needed");
	return 0;
}

/* Applies the command-line overrides through the scenario's own checks. */
static int apply(struct sr_scenario *s, const struct options *o)
{
	char err[1024], set[256];
	const char *over[][2] = {{"simulation.seed", o->seed},
				 {"simulation.bucket", o->bucket},
				 {"simulation.replications", o->reps}};
	for (size_t i = 0; i < 3; i++) {
		if (!over[i][1])
			continue;
		if (snprintf(set, sizeof set, "%s=%s", over[i][0], over[i][1]) >=
		    (int)sizeof set)
			return bad_usage("%s: value too long", over[i][0]);
		if (sr_scenario_set(s, set, err, sizeof err))
			return bad_usage("%s", err);
	}
	for (size_t i = 0; i < o->nsets; i++)
		if (sr_scenario_set(s, o->sets[i], err, sizeof err))
			return bad_usage("%s", err);
	if (sr_scenario_finish(s, err, sizeof err))
		return bad_usage("%s", err);
	return 0;
}

static int load(struct sr_scenario *s, const struct options *o)
{
	char err[1024];
	sr_scenario_default(s);
	if (sr_scenario_load(s, o->scenario, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return EXIT_USAGE;
	}
	return apply(s, o);
}

/* mkdir -p */
static int make_dirs(const char *path)
{
	char buf[4096];
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0777) && errno != EEXIST ? -1 : 0;
}

/* The scenario as '#' comment text for the CSV files. */
static char *comment_text(const struct sr_scenario *s)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	if (!f)
		return NULL;
	fprintf(f, "sesramp %s, generator %s, seed %llu\n", SR_VERSION,
		SR_RNG_NAME, (unsigned long long)s->world.seed);
	if (sr_scenario_write(s, f)) {
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	return text;
}

struct progress {
	int64_t origin_us, horizon_us;
	int on;
};

static int tick(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct progress *p = ctx;
	char date[SR_TIME_TEXT_MAX];
	int64_t t = sr_engine_now(e);
	sr_time_format_date(p->origin_us + t, date, sizeof date);
	fprintf(stderr, "\r%s  %3.0f%%", date, 100.0 * (double)t / (double)p->horizon_us);
	if (t + SR_US_PER_DAY < p->horizon_us)
		return sr_engine_at(e, t + SR_US_PER_DAY, SR_PRIO_MAX, tick, p, 0, NULL);
	return 0;
}

static void print_answers(const struct sr_scenario *s,
			  const struct sr_answer *a, size_t n, const char *dir)
{
	printf("%s: %s\n\n", s->name, dir);
	for (size_t i = 0; i < n; i++)
		printf("  %-24s %20s  %s\n", a[i].metric, a[i].value, a[i].unit);
}

/* One replication into dir; the output files appear only if it succeeds. */
static int run_world(struct sr_scenario *s, const char *dir, int quiet)
{
	char err[1024];
	const char *names[SR_ACCOUNTS_MAX];
	for (size_t i = 0; i < s->world.naccounts; i++)
		names[i] = s->world.accounts[i].name;
	char *comment = comment_text(s);
	struct sr_results *res = comment ?
		sr_results_open(dir, s->world.origin_us, s->bucket_us,
				s->world.naccounts, names, comment, err, sizeof err) : NULL;
	free(comment);
	struct sr_observer *obs = res ? sr_observer_alloc(s->bucket_us,
				s->world.naccounts, sr_results_rows, res) : NULL;
	struct sr_world *w = obs ? sr_world_alloc(&s->world, 0,
				sr_results_reporter(res), sr_observer_sink(obs),
				err, sizeof err) : NULL;
	struct progress prog = {s->world.origin_us, s->world.horizon_us,
				!quiet && isatty(2)};
	int rc = !w || sr_observer_attach(obs, w) ||
		 (prog.on && sr_engine_at(sr_world_engine(w), 0, SR_PRIO_MAX, tick,
					  &prog, 0, NULL)) ||
		 sr_world_run(w, err, sizeof err) || sr_observer_finish(obs);
	if (prog.on)
		fprintf(stderr, "\r%30s\r", "");
	struct sr_answer a[SR_ANSWERS_MAX];
	size_t n = 0;
	struct sr_results_run run = {w, s->legacy_price, s->ses_price};
	if (!rc && sr_results_commit(res, &run, a, &n, err, sizeof err))
		rc = 1;
	else if (rc)
		sr_results_abort(res);
	if (rc)
		fprintf(stderr, "sesramp: %s\n", err[0] ? err : "the run failed");
	else if (!quiet)
		print_answers(s, a, n, dir);
	sr_world_free(w);
	sr_observer_free(obs);
	return rc ? EXIT_RUN : 0;
}

static int cmd_run(int argc, char **argv)
{
	struct options o = {0};
	static struct sr_scenario s;
	int rc = parse_options(argc, argv, &o);
	if (rc || (rc = load(&s, &o)))
		return rc;
	if (s.replications > 1)
		return bad_usage("%s", "several replications (-r) are not "
				 "supported yet: use -r 1");
	/* Input that cannot be read is bad input: found before any output. */
	if (s.world.recorded[0] && access(s.world.recorded, R_OK)) {
		fprintf(stderr, "%s: [workload] recorded: %s: %s\n", o.scenario,
			s.world.recorded, strerror(errno));
		return EXIT_USAGE;
	}
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", o.out ? o.out : "");
	if (!o.out)
		snprintf(dir, sizeof dir, "out/%s", s.name);
	struct stat st;
	int existed = stat(dir, &st) == 0;
	if (make_dirs(dir)) {
		fprintf(stderr, "sesramp: %s: cannot create the folder: %s\n", dir,
			strerror(errno));
		return EXIT_RUN;
	}
	rc = run_world(&s, dir, o.quiet);
	if (rc && !existed)
		rmdir(dir);          /* a failed run leaves no folder behind */
	if (!rc && !o.no_plots)
		sr_plot_run(dir, o.quiet);
	return rc;
}

static int cmd_check(int argc, char **argv)
{
	struct options o = {0};
	static struct sr_scenario s;
	int rc = parse_options(argc, argv, &o);
	if (rc || (rc = load(&s, &o)))
		return rc;
	return sr_scenario_write(&s, stdout) ? EXIT_RUN : 0;
}

static int cmd_plot(int argc, char **argv)
{
	if (argc != 3)
		return bad_usage("%s", "plot needs one folder: sesramp plot DIR");
	return sr_plot_run(argv[2], 0) ? EXIT_RUN : 0;
}

int main(int argc, char **argv)
{
	gsl_set_error_handler_off();
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage();
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("sesramp %s\n", SR_VERSION);
		return 0;
	}
	static const struct {
		const char *name, *help;
		int (*fn)(int, char **);
	} cmds[] = {{"run", usage_run, cmd_run}, {"check", usage_check, cmd_check},
		    {"plot", usage_plot, cmd_plot}};
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
			fputs(cmds[i].help, stdout);
			return 0;
		}
		return cmds[i].fn(argc, argv);
	}
	return bad_usage("unknown command %s", argv[1]);
}
