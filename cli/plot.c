/* plot: gnuplot runner.  See plot.h. */
#include "cli/plot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

static const char *const scripts[] = {"quota", "share", "backlog", "reputation"};

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

/* gnuplot -e "dir=...; csv=...; events=...; out=...; br=..." NAME.gp */
static int render(const char *dir, const char *name)
{
	char expr[8192], script[4096], tmp[4096], png[4096];
	struct thresholds th;
	read_thresholds(dir, &th);
	snprintf(script, sizeof script, "%s/plots/%s.gp", dir, name);
	snprintf(tmp, sizeof tmp, "%s/plots/.%s.png.tmp", dir, name);
	snprintf(png, sizeof png, "%s/plots/%s.png", dir, name);
	snprintf(expr, sizeof expr,
		 "dir='%s/plots'; csv='%s/timeseries.csv'; events='%s/events.csv'; "
		 "out='%s'; br=%g; bp=%g; cr=%g; cp=%g", dir, dir, dir, tmp,
		 th.bounce_review, th.bounce_pause, th.complaint_review,
		 th.complaint_pause);
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

int sr_plot_run(const char *dir, int quiet)
{
	char to[4096], from[8300];
	if (strchr(dir, '\'')) {
		fprintf(stderr, "sesramp: %s: a folder name with ' cannot be "
			"given to gnuplot\n", dir);
		return -1;
	}
	snprintf(to, sizeof to, "%s/plots", dir);
	if (mkdir(to, 0777) && errno != EEXIST)
		return -1;
	char src[4096];
	find_scripts(src, sizeof src);
	const char *all[] = {"common", "quota", "share", "backlog", "reputation"};
	for (size_t i = 0; i < 5; i++) {
		snprintf(from, sizeof from, "%s/%s.gp", src, all[i]);
		snprintf(to, sizeof to, "%s/plots/%s.gp", dir, all[i]);
		if (copy(from, to)) {
			fprintf(stderr, "sesramp: cannot copy %s to %s\n", from, to);
			return -1;
		}
	}
	if (!have_gnuplot()) {
		if (!quiet)
			fprintf(stderr, "sesramp: gnuplot is not installed: the plot "
				"scripts are in %s/plots/, no PNG was drawn\n", dir);
		return 0;
	}
	int rc = 0;
	for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++)
		if (render(dir, scripts[i])) {
			fprintf(stderr, "sesramp: gnuplot failed on %s/plots/%s.gp\n",
				dir, scripts[i]);
			rc = -1;
		}
	if (!rc && !quiet)
		printf("\nplots: %s/plots/*.png\n", dir);
	return rc;
}
