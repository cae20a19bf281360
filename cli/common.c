/* common: what the commands share.  See common.h. */
#include "cli/common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	char err[1024], set[256];
	const char *over[][2] = {{"simulation.seed", seed},
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

int load_scenario(struct sr_scenario *s, const char *path,
		  const struct options *o, const char *seed_override)
{
	char err[1024];
	sr_scenario_default(s);
	if (sr_scenario_load(s, path, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return EXIT_USAGE;
	}
	return apply(s, o, seed_override ? seed_override : o->seed);
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
	if (!make_dirs(dir))
		return 0;
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

int check_recorded(const struct sr_scenario *s, const char *path)
{
	if (!s->world.recorded[0] || !access(s->world.recorded, R_OK))
		return 0;
	fprintf(stderr, "%s: [workload] recorded: %s: %s\n", path,
		s->world.recorded, strerror(errno));
	return EXIT_USAGE;
}
