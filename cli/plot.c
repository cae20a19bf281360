/* plot: gnuplot runner.  See plot.h. */
#include "cli/plot.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csv.h>

#ifndef SR_PLOTDIR
#define SR_PLOTDIR "/usr/local/share/sesramp/plots"
#endif

/* Where the scripts are: $SESRAMP_PLOTDIR, else output/plots beside the
 * program (a build in the source tree), else the installed SR_PLOTDIR. */
static int find_scripts(char *dir, size_t size)
{
	const char *env = getenv("SESRAMP_PLOTDIR");
	char exe[4096], probe[4200];
	if (env && *env) {
		snprintf(dir, size, "%s", env);
		return 0;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(probe, sizeof probe, "%s/output/plots/common.gp", exe);
		if (access(probe, R_OK) == 0 &&
		    snprintf(dir, size, "%s/output/plots", exe) < (int)size)
			return 0;
	}
	snprintf(dir, size, "%s", SR_PLOTDIR);
	return 0;
}

static int copy(const char *from, const char *to)
{
	FILE *in = fopen(from, "r"), *out = in ? fopen(to, "w") : NULL;
	char buf[4096];
	size_t n;
	int rc = out ? 0 : -1;
	while (out && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out))
		rc = -1;
	return rc;
}

static int have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* The review and pause thresholds, in percent, from the effective scenario
 * in timeseries.csv's '#' lines ("# bounce_review = 5%"); the defaults if a
 * value is not there. */
struct thresholds {
	double bounce_review, bounce_pause, complaint_review, complaint_pause;
};

static void read_thresholds(const char *dir, struct thresholds *t)
{
	*t = (struct thresholds){5, 10, 0.1, 0.5};
	char path[4200], line[512], key[64];
	snprintf(path, sizeof path, "%s/timeseries.csv", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f) && line[0] == '#') {
		double v;
		char unit = 0;
		if (sscanf(line, "# %63s = %lf%c", key, &v, &unit) < 2)
			continue;
		if (unit != '%')
			v *= 100;      /* a plain fraction */
		if (!strcmp(key, "bounce_review"))
			t->bounce_review = v;
		else if (!strcmp(key, "bounce_pause"))
			t->bounce_pause = v;
		else if (!strcmp(key, "complaint_review"))
			t->complaint_review = v;
		else if (!strcmp(key, "complaint_pause"))
			t->complaint_pause = v;
	}
	fclose(f);
}

/* Whether DIR/timeseries.csv holds quantiles over replications: its
 * header, after the '#' lines, has a column ses_sent_p50. */
static int is_replicated(const char *dir)
{
	char path[4200], *line = NULL;
	size_t cap = 0;
	int found = 0;
	snprintf(path, sizeof path, "%s/timeseries.csv", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	while (getline(&line, &cap, f) > 0 && line[0] == '#')
		;
	/* A whole field: after the start or a comma, before a comma, the line
	 * end or the end of the string (strchr finds the '\0' too). */
	for (char *p = line; p && (p = strstr(p, "ses_sent_p50")); p++)
		if ((p == line || p[-1] == ',') && strchr(",\r\n", p[12]))
			found = 1;
	free(line);
	fclose(f);
	return found;
}

/* The request dates of DIR/summary.csv for marks.gp: the rows
 * file_request_by and limit_needed_p50, in the column named value.  Only
 * a date (YYYY-MM-DD, maybe with a time after it) is kept, so what
 * reaches gnuplot between quotes is digits and dashes. */
struct marks {
	char request_by[11], limit_needed[11];
};

struct summary_scan {
	struct marks *m;
	size_t field, metric_col, value_col;
	int header_done;
	char *target;           /* the mark this row names, or NULL */
	char date[11];          /* this row's value if a date, else "" */
};

static int is_date(const char *s, size_t len)
{
	static const char form[] = "dddd-dd-dd";
	if (len < 10 || (len > 10 && s[10] != 'T'))
		return 0;
	for (size_t i = 0; i < 10; i++)
		if (form[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != '-')
			return 0;
	return 1;
}

static int same(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(s, word, len) == 0;
}

static void on_summary_field(void *field, size_t len, void *data)
{
	struct summary_scan *sc = data;
	const char *s = field ? field : "";
	if (!sc->header_done) {
		if (same(s, len, "metric"))
			sc->metric_col = sc->field;
		else if (same(s, len, "value"))
			sc->value_col = sc->field;
	} else if (sc->field == sc->metric_col) {
		sc->target = same(s, len, "file_request_by") ? sc->m->request_by :
			same(s, len, "limit_needed_p50") ? sc->m->limit_needed : NULL;
	} else if (sc->field == sc->value_col && is_date(s, len)) {
		memcpy(sc->date, s, 10);
		sc->date[10] = '\0';
	}
	sc->field++;
}

static void on_summary_row(int end, void *data)
{
	struct summary_scan *sc = data;
	(void)end;
	if (sc->target)
		memcpy(sc->target, sc->date, sizeof sc->date);
	sc->header_done = 1;
	sc->field = 0;
	sc->target = NULL;
	sc->date[0] = '\0';
}

/* Leaves a mark empty where summary.csv is missing or has no date. */
static void read_marks(const char *dir, struct marks *m)
{
	*m = (struct marks){{0}, {0}};
	char path[4200], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct summary_scan sc = {m, 0, SIZE_MAX, SIZE_MAX, 0, NULL, ""};
	struct csv_parser p;
	snprintf(path, sizeof path, "%s/summary.csv", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (csv_init(&p, 0) == 0) {
		while ((len = getline(&line, &cap, f)) > 0)
			if (!(line[0] == '#' && !sc.header_done) &&
			    csv_parse(&p, line, (size_t)len, on_summary_field,
				      on_summary_row, &sc) < (size_t)len)
				break;
		csv_fini(&p, on_summary_field, on_summary_row, &sc);
		csv_free(&p);
	}
	free(line);
	fclose(f);
}

/* gnuplot -e "dir='DIR/plots'; out='TMP'; VARS" DIR/plots/NAME.gp, then
 * TMP renamed to DIR/plots/NAME.png. */
static int render(const char *dir, const char *name, const char *vars)
{
	char expr[16384], script[4200], tmp[4200], png[4200];
	snprintf(script, sizeof script, "%s/plots/%s.gp", dir, name);
	snprintf(tmp, sizeof tmp, "%s/plots/.%s.png.tmp", dir, name);
	snprintf(png, sizeof png, "%s/plots/%s.png", dir, name);
	if (snprintf(expr, sizeof expr, "dir='%s/plots'; out='%s'; %s", dir,
		     tmp, vars) >= (int)sizeof expr)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("gnuplot", "gnuplot", "-e", expr, script, (char *)NULL);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || rename(tmp, png)) {
		remove(tmp);
		return -1;
	}
	return 0;
}

static int render_all(const char *dir, const char *const *names, size_t n,
		      const char *vars)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		if (render(dir, names[i], vars)) {
			fprintf(stderr, "sesramp: gnuplot failed on %s/plots/%s.gp\n",
				dir, names[i]);
			rc = -1;
		}
	return rc;
}

/* Copies the first NHELPERS helper scripts (common.gp, marks.gp) and NAMES
 * into DIR/plots/. */
static int copy_scripts(const char *dir, size_t nhelpers,
			const char *const *names, size_t n)
{
	static const char *const helpers[] = {"common", "marks"};
	char src[4096], from[8300], to[4200];
	snprintf(to, sizeof to, "%s/plots", dir);
	if (mkdir(to, 0777) && errno != EEXIST) {
		fprintf(stderr, "sesramp: cannot create %s: %s\n", to,
			strerror(errno));
		return -1;
	}
	find_scripts(src, sizeof src);
	for (size_t i = 0; i < nhelpers + n; i++) {
		const char *name = i < nhelpers ? helpers[i] : names[i - nhelpers];
		snprintf(from, sizeof from, "%s/%s.gp", src, name);
		snprintf(to, sizeof to, "%s/plots/%s.gp", dir, name);
		if (copy(from, to)) {
			fprintf(stderr, "sesramp: cannot copy %s to %s\n", from, to);
			return -1;
		}
	}
	return 0;
}

/* gnuplot gets DIR between single quotes. */
static int quotable(const char *dir)
{
	if (!strchr(dir, '\''))
		return 1;
	fprintf(stderr, "sesramp: %s: a folder name with ' cannot be given to "
		"gnuplot\n", dir);
	return 0;
}

static int without_gnuplot(const char *dir, int quiet)
{
	if (!quiet)
		fprintf(stderr, "sesramp: gnuplot is not installed: the plot "
			"scripts are in %s/plots/, no PNG was drawn\n", dir);
	return 0;
}

static const char *const run_plots[] = {"quota", "share", "backlog",
					"reputation"};
static const char *const fan_plots[] = {"fan-quota", "fan-traffic",
					"fan-backlog", "fan-share"};
static const char *const compare_plots[] = {"compare-share",
					    "compare-quota"};
#define NPLOTS(a) (sizeof a / sizeof *a)

/* The variables of a run's scripts: csv, events, the thresholds of
 * reputation.gp and the dates of marks.gp. */
static int run_vars(const char *dir, char *vars, size_t size)
{
	struct thresholds th;
	struct marks m;
	read_thresholds(dir, &th);
	read_marks(dir, &m);
	int n = snprintf(vars, size, "csv='%s/timeseries.csv'; "
			 "events='%s/events.csv'; br=%g; bp=%g; cr=%g; cp=%g; "
			 "request_by='%s'; limit_needed='%s'", dir, dir,
			 th.bounce_review, th.bounce_pause, th.complaint_review,
			 th.complaint_pause, m.request_by, m.limit_needed);
	return n >= 0 && (size_t)n < size ? 0 : -1;
}

int sr_plot_run(const char *dir, int quiet)
{
	char vars[12288];
	if (!quotable(dir))
		return -1;
	int fan = is_replicated(dir);
	const char *const *plots = fan ? fan_plots : run_plots;
	size_t n = fan ? NPLOTS(fan_plots) : NPLOTS(run_plots);
	if (copy_scripts(dir, 2, plots, n))
		return -1;
	if (!have_gnuplot())
		return without_gnuplot(dir, quiet);
	if (run_vars(dir, vars, sizeof vars)) {
		fprintf(stderr, "sesramp: %s: folder name too long\n", dir);
		return -1;
	}
	int rc = render_all(dir, plots, n, vars);
	if (!rc && !quiet)
		printf("\nplots: %s/plots/*.png\n", dir);
	return rc;
}

/* names as gnuplot's word list "a b c"; a name must be letters, digits,
 * _ - . so that it is one word and safe between quotes. */
static int word_list(const char *const *names, size_t n, char *out,
		     size_t size)
{
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if (!len || strspn(names[i], "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") != len) {
			fprintf(stderr, "sesramp: run name \"%s\": only letters, "
				"digits, _ - . can be given to gnuplot\n", names[i]);
			return -1;
		}
		if (used + len + 2 > size) {
			fprintf(stderr, "sesramp: too many runs to plot\n");
			return -1;
		}
		used += (size_t)sprintf(out + used, "%s%s", i ? " " : "", names[i]);
	}
	out[used] = '\0';
	return 0;
}

/* "_p50" if every DIR/NAME/timeseries.csv holds quantiles, "" if none
 * does, NULL (and a message) for a mix. */
static const char *median_suffix(const char *dir, const char *const *names,
				 size_t n)
{
	char sub[4200];
	size_t replicated = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(sub, sizeof sub, "%s/%s", dir, names[i]);
		replicated += (size_t)is_replicated(sub);
	}
	if (replicated == n)
		return "_p50";
	if (replicated == 0)
		return "";
	fprintf(stderr, "sesramp: %s: some runs are replicated and some not: "
		"no comparison plot\n", dir);
	return NULL;
}

int sr_plot_compare(const char *dir, const char *const *names, size_t n,
		    int quiet)
{
	char runs[8192], vars[16384];
	const char *p50;
	if (!n)
		return 0;
	if (!quotable(dir) || word_list(names, n, runs, sizeof runs) ||
	    copy_scripts(dir, 1, compare_plots, NPLOTS(compare_plots)))
		return -1;
	if (!have_gnuplot())
		return without_gnuplot(dir, quiet);
	if (!(p50 = median_suffix(dir, names, n)))
		return -1;
	if (snprintf(vars, sizeof vars, "root='%s'; runs='%s'; p50='%s'", dir,
		     runs, p50) >= (int)sizeof vars) {
		fprintf(stderr, "sesramp: %s: folder name too long\n", dir);
		return -1;
	}
	int rc = render_all(dir, compare_plots, NPLOTS(compare_plots), vars);
	if (!rc && !quiet)
		printf("\nplots: %s/plots/compare-*.png\n", dir);
	return rc;
}
