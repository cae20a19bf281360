/*
 * sesramp: the command-line program.
 *
 *   sesramp run SCENARIO.ini [-o DIR] [--seed N] [-r N] [-j N]
 *               [--keep-replications] [--set SECTION.KEY=VALUE ...]
 *               [--bucket 1m|15m|1h|1d] [--no-plots] [-q]
 *   sesramp compare A.ini B.ini ... [-r N] [-j N] [-o DIR] [--seed N]
 *               [--set SECTION.KEY=VALUE ...] [--no-plots] [-q]
 *   sesramp when SCENARIO.ini --target QUOTA [-r N] [-j N] [-o DIR] ...
 *   sesramp check SCENARIO.ini [--set SECTION.KEY=VALUE ...]
 *   sesramp plot DIR
 *   sesramp --help | COMMAND --help | --version
 *
 * Exit status: 0 success, 1 a failed run, 2 bad usage or bad input.  This
 * layer (cli/) is the only one that prints and exits.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/common.h"
#include "cli/plot.h"
#include "cli/run.h"
#include "cli/scenario.h"

#ifndef SR_VERSION
#define SR_VERSION "unknown"
#endif

static const char usage_run[] =
	"usage: sesramp run SCENARIO.ini [-o DIR] [--seed N] [-r N] [-j N]\n"
	"                   [--keep-replications] [--set SECTION.KEY=VALUE ...]\n"
	"                   [--bucket 1m|15m|1h|1d] [--no-plots] [-q]\n"
	"Runs the scenario and writes timeseries.csv, events.csv, summary.csv and\n"
	"plots into DIR (default out/SCENARIO-NAME/).  With -r N > 1, N\n"
	"replications on -j threads: quantile columns and fan charts;\n"
	"--keep-replications also writes every replication's rows.\n";
static const char usage_check[] =
	"usage: sesramp check SCENARIO.ini [--set SECTION.KEY=VALUE ...]\n"
	"Validates the scenario and prints it with every default filled in.\n";
static const char usage_plot[] =
	"usage: sesramp plot DIR\n"
	"Renders the plots of an earlier run in DIR (needs gnuplot).\n";
static const char usage_compare[] =
	"usage: sesramp compare A.ini B.ini ... [-r N] [-j N] [-o DIR] [--seed N]\n"
	"                       [--set SECTION.KEY=VALUE ...] [--no-plots] [-q]\n"
	"Runs each scenario with the same seed and replications (default 20),\n"
	"each into DIR/NAME/ (default out/compare/), and writes\n"
	"DIR/comparison.csv, a table, and overlay plots.\n";
static const char usage_when[] =
	"usage: sesramp when SCENARIO.ini --target QUOTA [-r N] [-j N] [-o DIR]\n"
	"                    [--seed N] [--set SECTION.KEY=VALUE ...] [-q]\n"
	"When automatic growth alone reaches a daily quota of QUOTA (e.g. 1M),\n"
	"and when the traffic needs it; with -o, DIR/when.csv per replication.\n";

static void usage(void)
{
	printf("sesramp %s: simulate the Amazon SES sending-quota lifecycle\n\n"
	       "commands:\n"
	       "  run      run a scenario and write CSV and plots\n"
	       "  compare  run several scenarios on the same random numbers\n"
	       "  when     when automatic growth reaches a quota\n"
	       "  check    validate a scenario and print its effective form\n"
	       "  plot     render the plots of an earlier run\n\n"
	       "sesramp COMMAND --help for the options of a command.\n",
	       SR_VERSION);
}

static int cmd_run(int argc, char **argv)
{
	struct options o = {0};
	static struct sr_scenario s;
	int rc = parse_options(argc, argv, &o, 1);
	if (rc || (rc = load_scenario(&s, o.scenarios[0], &o, NULL)))
		return rc;
	struct run_opts ro = {.threads = jobs_of(&o),
			      .keep_replications = o.keep, .quiet = o.quiet};
	if (!ro.threads)
		return EXIT_USAGE;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", o.out ? o.out : "");
	if (!o.out)
		snprintf(dir, sizeof dir, "out/%s", s.name);
	int existed;
	if (open_dir(dir, &existed))
		return EXIT_RUN;
	rc = s.replications > 1 ? run_many(&s, dir, &ro) :
	     run_single(&s, dir, o.quiet);
	if (rc && !existed)
		rmdir(dir);          /* a failed run leaves no folder behind */
	if (rc == EXIT_INTERRUPTED)
		return say_interrupted(dir, existed);
	if (!rc && !o.no_plots)
		sr_plot_run(dir, o.quiet);
	return rc;
}

static int cmd_check(int argc, char **argv)
{
	struct options o = {0};
	static struct sr_scenario s;
	int rc = parse_options(argc, argv, &o, 1);
	if (rc || (rc = load_scenario(&s, o.scenarios[0], &o, NULL)))
		return rc;
	return sr_scenario_write(&s, stdout) ? EXIT_RUN : 0;
}

static int cmd_plot(int argc, char **argv)
{
	if (argc != 3)
		return bad_usage("%s", "plot needs one folder: sesramp plot DIR");
	int found, rc = compare_replot(argv[2], &found);
	if (found)
		return rc;
	return sr_plot_run(argv[2], 0) ? EXIT_RUN : 0;
}

int main(int argc, char **argv)
{
	gsl_set_error_handler_off();
	interrupt_install();
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
		    {"plot", usage_plot, cmd_plot},
		    {"compare", usage_compare, cmd_compare},
		    {"when", usage_when, cmd_when}};
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
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
