/*
 * common: what the commands share: their options, loading a scenario with
 * its overrides, output folders, and the '#' provenance text of the CSV
 * files.  This layer prints and exits; the library below it does not.
 *
 * Memory: options point into argv; comment_text() returns a string the
 * caller frees.
 */
#ifndef SR_COMMON_H
#define SR_COMMON_H

#include <stddef.h>

#include "cli/scenario.h"

enum { EXIT_RUN = 1, EXIT_USAGE = 2 };

#define MAX_SCENARIOS 16
#define MAX_SETS 64

struct options {
	const char *scenarios[MAX_SCENARIOS];
	size_t nscenarios;
	const char *out;
	const char *sets[MAX_SETS];
	size_t nsets;
	const char *seed, *bucket, *reps, *jobs, *target;
	int no_plots, quiet, keep;
};

/* Prints "sesramp: MESSAGE" and the usage hint; returns EXIT_USAGE. */
int bad_usage(const char *fmt, const char *arg);

/* Reads argv[2..]: options and up to max_scenarios scenario files. */
int parse_options(int argc, char **argv, struct options *o,
		  size_t max_scenarios);

/* Loads scenario file `path` with the options' overrides, finishes it,
 * checks it against the limits of cli/limits.h and reads its recorded
 * workload through (check_recorded); seed_override, if not NULL, replaces
 * --seed.  Prints the error. */
int load_scenario(struct sr_scenario *s, const char *path,
		  const struct options *o, const char *seed_override);

/* The thread count of -j (default: 1), or 0 after printing an error. */
unsigned jobs_of(const struct options *o);

/* mkdir -p.  Returns 0 or -1 (errno set). */
int make_dirs(const char *path);

/* Creates dir (and parents) and removes the temporary files that killed
 * runs left in it (cli/interrupt.h); *existed says whether it was there.
 * Prints the error. */
int open_dir(const char *dir, int *existed);

/* Says that an interrupted run wrote nothing; returns EXIT_INTERRUPTED. */
int say_interrupted(const char *dir, int existed);

/* The effective scenario as '#' comment text, or NULL. */
char *comment_text(const struct sr_scenario *s);

/* The names of a scenario's accounts, for the output files. */
void account_names(const struct sr_scenario *s, const char **names);

/* Reads a recorded workload through once with the run's own checks, so
 * that a bad file is bad input found before any output is made: returns 0,
 * or EXIT_USAGE after printing why ("FILE:LINE: ..."; FILE relative to the
 * current folder when below it).  Also refuses a file whose first row
 * comes after the end of the run, and notes skipped bad rows. */
int check_recorded(const struct sr_scenario *s);

#endif
