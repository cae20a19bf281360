/* common: what the commands share.  See common.h. */
#include "cli/common.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/interrupt.h"
#include "cli/limits.h"
#include "models/replay.h"
#include "sim/clock.h"
#include "sim/rng.h"

#ifndef SR_VERSION
#define SR_VERSION "unknown"
#endif

int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "sesramp: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(sesramp --help for usage)\n");
	return EXIT_USAGE;
}

/* Takes the value of an option; NULL if it is missing. */
static const char *value(int argc, char **argv, int *i)
{
	return *i + 1 < argc ? argv[++*i] : NULL;
}

static const char **slot_of(struct options *o, const char *a)
{
	static const struct {
		const char *name;
		size_t off;
	} valued[] = {
		{"-o", offsetof(struct options, out)},
		{"--seed", offsetof(struct options, seed)},
		{"--bucket", offsetof(struct options, bucket)},
		{"-r", offsetof(struct options, reps)},
		{"-j", offsetof(struct options, jobs)},
		{"--target", offsetof(struct options, target)},
	};
	for (size_t i = 0; i < sizeof valued / sizeof *valued; i++)
		if (!strcmp(a, valued[i].name))
			return (const char **)((char *)o + valued[i].off);
	return NULL;
}

static int flag(struct options *o, const char *a)
{
	if (!strcmp(a, "--no-plots"))
		o->no_plots = 1;
	else if (!strcmp(a, "-q"))
		o->quiet = 1;
	else if (!strcmp(a, "--keep-replications"))
		o->keep = 1;
	else
		return 0;
	return 1;
}

static int positional(struct options *o, const char *a, size_t max)
{
	if (o->nscenarios == max)
		return max == 1 ? bad_usage("unexpected argument %s", a) :
		       bad_usage("too many scenarios (at most %s)", "16");
	o->scenarios[o->nscenarios++] = a;
	return 0;
}

int parse_options(int argc, char **argv, struct options *o, size_t max)
{
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = slot_of(o, a);
		int rc = 0;
		if (!strcmp(a, "--set")) {
			if (o->nsets == MAX_SETS)
				return bad_usage("too many --set options (at most "
						 "%s)", "64");
			slot = &o->sets[o->nsets++];
		} else if (!slot && !flag(o, a)) {
			if (a[0] == '-')
				return bad_usage("unknown option %s", a);
			rc = positional(o, a, max);
		}
		if (rc)
			return rc;
		if (slot && !(*slot = value(argc, argv, &i)))
			return bad_usage("%s needs a value", a);
	}
	if (!o->nscenarios)
		return bad_usage("%s", "a scenario file is needed");
	return 0;
}

/* Applies the command-line overrides through the scenario's own checks. */
static int apply(struct sr_scenario *s, const struct options *o,
		 const char *seed)
{
	char err[1024], set[256], msg[1100];
	const char *over[][3] = {{"simulation.seed", seed, "--seed"},
				 {"simulation.bucket", o->bucket, "--bucket"},
				 {"simulation.replications", o->reps, "-r"}};
	for (size_t i = 0; i < 3; i++) {
		if (!over[i][1])
			continue;
		if (snprintf(set, sizeof set, "%s=%s", over[i][0], over[i][1]) >=
		    (int)sizeof set)
			return bad_usage("%s: value too long", over[i][2]);
		/* Named as the user wrote it, not as the --set it becomes. */
		if (sr_scenario_set(s, set, err, sizeof err)) {
			size_t skip = strncmp(err, "--set: ", 7) ? 0 : 7;
			snprintf(msg, sizeof msg, "%s: %s", over[i][2], err + skip);
			return bad_usage("%s", msg);
		}
	}
	for (size_t i = 0; i < o->nsets; i++)
		if (sr_scenario_set(s, o->sets[i], err, sizeof err))
			return bad_usage("%s", err);
	/* Mostly about the file (FILE:LINE: ...), so no usage hint. */
	if (sr_scenario_finish(s, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return EXIT_USAGE;
	}
	return 0;
}

int load_scenario(struct sr_scenario *s, const char *path,
		  const struct options *o, const char *seed_override)
{
	char err[1024];
	sr_scenario_default(s);
	if (sr_scenario_load(s, path, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return EXIT_USAGE;
	}
	int rc = apply(s, o, seed_override ? seed_override : o->seed);
	if (!rc && limits_check(s, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", path, err);
		rc = EXIT_USAGE;
	}
	return rc ? rc : check_recorded(s);
}

unsigned jobs_of(const struct options *o)
{
	if (!o->jobs)
		return 1;
	char *end;
	errno = 0;
	unsigned long j = strtoul(o->jobs, &end, 10);
	if (errno || *end || end == o->jobs || j < 1 || j > 256 ||
	    o->jobs[0] == '-') {
		bad_usage("-j %s: expected a number of threads from 1 to 256",
			  o->jobs);
		return 0;
	}
	return (unsigned)j;
}

int make_dirs(const char *path)
{
	char buf[4096];
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
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

int open_dir(const char *dir, int *existed)
{
	struct stat st;
	*existed = stat(dir, &st) == 0;
	if (!make_dirs(dir)) {
		stale_remove(dir);
		return 0;
	}
	fprintf(stderr, "sesramp: %s: cannot create the folder: %s\n", dir,
		strerror(errno));
	return -1;
}

char *comment_text(const struct sr_scenario *s)
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

void account_names(const struct sr_scenario *s, const char **names)
{
	for (size_t i = 0; i < s->world.naccounts; i++)
		names[i] = s->world.accounts[i].name;
}

/* The recorded path as messages show it: relative to the current folder
 * when it lies below it (as the scenario's own path usually is), else as
 * it is (absolute). */
static const char *shown_path(const char *path)
{
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd) || !strcmp(cwd, "/"))
		return path;
	size_t n = strlen(cwd);
	return !strncmp(path, cwd, n) && path[n] == '/' && path[n + 1] ?
	       path + n + 1 : path;
}

/* What the file at path is, before any byte is read: a FIFO would block
 * the open, and a folder or the scenario itself is a mistake. */
static int recorded_file_ok(const struct sr_scenario *s, const char *path,
			    const char *where)
{
	struct stat st, self;
	const char *why = NULL;
	char target[512], dangling[600];
	ssize_t len;
	if (stat(path, &st)) {
		int e = errno;
		why = strerror(e);
		if (e == ENOENT &&
		    (len = readlink(path, target, sizeof target - 1)) >= 0) {
			target[len] = '\0';
			snprintf(dangling, sizeof dangling, "it is a symbolic link "
				 "to %s, which does not exist", target);
			why = dangling;
		}
	} else if (S_ISDIR(st.st_mode))
		why = "it is a folder";
	else if (!S_ISREG(st.st_mode))
		why = "it is not a regular file (a pipe or a device?)";
	else if (s->path[0] && !stat(s->path, &self) &&
		 self.st_dev == st.st_dev && self.st_ino == st.st_ino)
		why = "it is the scenario file itself";
	else if (access(path, R_OK))
		why = strerror(errno);
	if (!why)
		return 0;
	fprintf(stderr, "%s: cannot read %s: %s, expected a CSV file of the "
		"recorded workload\n", where, shown_path(path), why);
	return -1;
}

/* After a first pass that found no error: what the file as a whole says. */
static int recorded_totals_ok(const struct sr_scenario *s, const char *file,
			      const struct sr_replay_totals *t)
{
	char first[SR_TIME_TEXT_MAX], end[SR_TIME_TEXT_MAX];
	const struct sr_world_params *w = &s->world;
	if (!t->rows && t->bad_rows) {
		fprintf(stderr, "%s: all %" PRId64 " rows are bad and were skipped "
			"(skip_bad_rows = yes), expected at least one good row\n",
			file, t->bad_rows);
		return -1;
	}
	if (t->rows && t->first_us >= w->horizon_us) {
		sr_time_format(w->origin_us + t->first_us, first, sizeof first);
		sr_time_format(w->origin_us + w->horizon_us, end, sizeof end);
		fprintf(stderr, "%s:%" PRId64 ": the first row, at %s, is at or "
			"after the end of the run (%s), expected rows within the "
			"run (is [simulation] start right?)\n", file,
			t->first_line, first, end);
		return -1;
	}
	if (t->bad_rows)
		fprintf(stderr, "sesramp: %s: skipped %" PRId64 " bad row%s of %"
			PRId64 " (skip_bad_rows = yes)\n", file, t->bad_rows,
			t->bad_rows == 1 ? "" : "s", t->rows + t->bad_rows);
	return 0;
}

int check_recorded(const struct sr_scenario *s)
{
	const struct sr_world_params *w = &s->world;
	char where[4200], err[1024];
	if (!w->recorded[0])
		return 0;
	sr_scenario_where(s, "workload", "recorded", where, sizeof where);
	if (recorded_file_ok(s, w->recorded, where))
		return EXIT_USAGE;
	/* The first pass reads every row with the run's own checks, so a
	 * bad file is bad input (exit 2) found before any output exists. */
	const char *names[SR_STREAMS_MAX];
	for (size_t i = 0; i < w->nstreams; i++)
		names[i] = w->stream_names[i];
	struct sr_replay_params rp = {
		.path = shown_path(w->recorded), .origin_us = w->origin_us,
		.nstreams = w->nstreams, .stream_names = names,
		.skip_bad_rows = w->skip_bad_rows,
	};
	struct sr_replay *r = sr_replay_open(&rp, err, sizeof err);
	int rc = r ? recorded_totals_ok(s, rp.path, sr_replay_totals(r)) : -1;
	if (!r)
		fprintf(stderr, "%s\n", err);
	sr_replay_close(r);
	return rc ? EXIT_USAGE : 0;
}

int say_interrupted(const char *dir, int existed)
{
	if (existed)
		fprintf(stderr, "\nsesramp: interrupted: nothing was written; %s "
			"keeps the files it had\n", dir);
	else
		fprintf(stderr, "\nsesramp: interrupted: nothing was written\n");
	return EXIT_INTERRUPTED;
}
