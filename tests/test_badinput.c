/*
 * The bad-input catalogue: one test case per folder of tests/bad-input/,
 * listed when the program starts, so that a new folder is a new case and
 * `make test` counts each.
 *
 * A folder holds scenario.ini, maybe data.csv (the recorded workload the
 * scenario names), maybe args (the command line, for --set cases; by
 * default "run scenario.ini -o out --no-plots -q"), maybe unreadable (names
 * of files to make unreadable once copied; skipped when running as root,
 * whom permissions do not stop), and expect: the exit status on its first
 * line and on its second the text stderr must contain (for inputs that
 * must be accepted, usually empty).
 *
 * Each case runs in a copy of its folder.  A refused input must leave the
 * folder as it was (no out/, no temporary file); an accepted one must give
 * a time series whose flows add up: the sum of demand equals the sums of
 * ses_sent, legacy_sent and dropped plus the last backlog.
 */
#include "tests/test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/prog.h"

#ifndef SR_SOURCE
#define SR_SOURCE "."
#endif

#define CASES SR_SOURCE "/tests/bad-input"
#define DEFAULT_ARGS "run scenario.ini -o out --no-plots -q"
/* A hang is a failure too; generous for the sanitizer build. */
#define TIMEOUT_S 300
#define MAX_CASES 1000

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Runs a shell command; fails the test if it fails. */
static void sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("could not run: %s", cmd);
}

/* The first line of prog_tmp/name; NULL if there is no such file. */
static char *first_line(const char *name)
{
	char *text = prog_read(name);
	if (text)
		text[strcspn(text, "\r\n")] = '\0';
	return text;
}

struct expect {
	int status;
	char *text;          /* what stderr must contain */
};

static void read_expect(const char *name, struct expect *e)
{
	char *all = prog_read("case/expect");
	if (!all)
		fail_msg("%s: no expect file", name);
	char *nl = strchr(all, '\n');
	if (!nl || sscanf(all, "%d", &e->status) != 1)
		fail_msg("%s: expect must hold the exit status, then the message",
			 name);
	char *text = nl + 1;
	text[strcspn(text, "\n")] = '\0';
	e->text = strdup(text);
	free(all);
	if (!e->text)
		fail_msg("out of memory");
	if (e->status != 0 && !e->text[0])
		fail_msg("%s: a refused input needs its message in expect", name);
}

/* Every path under prog_tmp/case, sorted: what a refused input must leave
 * unchanged. */
static char *listing(void)
{
	sh("cd '%s/case' && find . | LC_ALL=C sort >'%s/listing'", prog_tmp,
	   prog_tmp);
	return prog_read("listing");
}

/* Files the case wants unreadable; 0 if none, 1 to skip (root). */
static int make_unreadable(const char *name)
{
	char *list = prog_read("case/unreadable");
	if (!list)
		return 0;
	if (geteuid() == 0) {
		print_message("%s: skipped: running as root, whom file "
			      "permissions do not stop\n", name);
		free(list);
		return 1;
	}
	for (char *f = strtok(list, "\n"); f; f = strtok(NULL, "\n"))
		sh("chmod 000 '%s/case/%s'", prog_tmp, f);
	free(list);
	return 0;
}

static void run_case(void **state)
{
	const char *name = *state;
	struct expect e;
	sh("cp -a '%s/%s' '%s/case'", CASES, name, prog_tmp);
	read_expect(name, &e);
	if (make_unreadable(name)) {
		free(e.text);
		skip();
	}
	char *before = listing();
	char *args = first_line("case/args");
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "cd '%s/case' && timeout %d '%s' %s "
		 ">'%s/stdout' 2>'%s/stderr'", prog_tmp, TIMEOUT_S, prog_path(),
		 args ? args : DEFAULT_ARGS, prog_tmp, prog_tmp);
	free(args);
	int st = system(cmd);
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	char *err = prog_read("stderr");
	if (status != e.status)
		fail_msg("%s: exit status %d, expected %d%s; stderr:\n%s", name,
			 status, e.status, status == 124 ? " (timed out)" : "",
			 err ? err : "");
	if (!err || !strstr(err, e.text))
		fail_msg("%s: stderr does not hold the expected message\n"
			 "expected: %s\nstderr:   %s", name, e.text, err ? err : "");
	free(err);
	if (e.status == 0) {
		if (prog_check_series("case/out", NULL) < 1)
			fail_msg("%s: accepted, but the time series is empty", name);
	} else {
		char *after = listing();
		if (!before || !after || strcmp(before, after))
			fail_msg("%s: the run left files behind:\nbefore:\n%s"
				 "after:\n%s", name, before ? before : "",
				 after ? after : "");
		free(after);
	}
	sh("chmod -R u+rwX '%s/case'", prog_tmp);
	free(before);
	free(e.text);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct CMUnitTest *)a)->name,
		      ((const struct CMUnitTest *)b)->name);
}

int main(void)
{
	static struct CMUnitTest tests[MAX_CASES];
	size_t n = 0;
	DIR *d = opendir(CASES);
	if (!d) {
		perror(CASES);
		return 1;
	}
	for (struct dirent *de; (de = readdir(d));) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", CASES, de->d_name);
		if (de->d_name[0] == '.' || stat(path, &st) || !S_ISDIR(st.st_mode))
			continue;
		if (n == MAX_CASES) {
			fprintf(stderr, "more than %d cases\n", MAX_CASES);
			return 1;
		}
		char *name = strdup(de->d_name);
		if (!name)
			return 1;
		tests[n++] = (struct CMUnitTest){name, run_case, prog_setup,
						  prog_teardown, name};
	}
	closedir(d);
	if (!n) {
		fprintf(stderr, "%s: no cases\n", CASES);
		return 1;
	}
	qsort(tests, n, sizeof *tests, by_name);
	int failed = _cmocka_run_group_tests("bad-input", tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free((void *)tests[i].name);
	return failed;
}
