/* prog: helpers for tests of the program.  See prog.h. */
#include "tests/prog.h"
#include "tests/test.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#ifndef SR_PROG
#define SR_PROG "./sesramp"
#endif
#ifndef SR_SOURCE
#define SR_SOURCE "."
#endif

char prog_tmp[64];

const char *prog_path(void)
{
	return SR_PROG[0] == '/' ? SR_PROG : SR_SOURCE "/" SR_PROG;
}

int prog_setup(void **state)
{
	(void)state;
	snprintf(prog_tmp, sizeof prog_tmp, "/tmp/sesramp-test-XXXXXX");
	return mkdtemp(prog_tmp) ? 0 : -1;
}

int prog_teardown(void **state)
{
	(void)state;
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", prog_tmp);
	return system(cmd) == 0 ? 0 : -1;
}

void prog_write(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", prog_tmp, name);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

int prog_run(const char *fmt, ...)
{
	char args[4096], cmd[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s >out 2>err", prog_tmp,
		 prog_path(), args);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char *prog_read(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", prog_tmp, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t size = 0, n;
	char buf[65536];
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		char *t = realloc(text, size + n + 1);
		if (!t)
			abort();
		text = t;
		memcpy(text + size, buf, n);
		size += n;
	}
	fclose(f);
	if (!text)
		text = calloc(1, 1);
	else
		text[size] = '\0';
	return text;
}

int prog_contains(const char *name, const char *text)
{
	char *all = prog_read(name);
	int found = all && strstr(all, text) != NULL;
	free(all);
	return found;
}

int prog_same(const char *a, const char *b)
{
	char *x = prog_read(a), *y = prog_read(b);
	int same = x && y && !strcmp(x, y);
	free(x);
	free(y);
	return same;
}

/* The numeric fields after the time of one row (stage and status read as
 * 0); returns how many. */
static int row_fields(char *line, long long *v, int max)
{
	int n = 0;
	char *p = strchr(line, ',');
	while (p && n < max) {
		v[n++] = strtoll(p + 1, &p, 10);
		p = strchr(p, ',');
	}
	return n;
}

int prog_check_series(const char *dir, long long *ses_out)
{
	char name[512];
	snprintf(name, sizeof name, "%s/timeseries.csv", dir);
	char *text = prog_read(name);
	assert_non_null(text);
	long long demand = 0, ses = 0, legacy = 0, dropped = 0, backlog = 0;
	int header = 0, rows = 0;
	for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
		if (l[0] == '#' || !header++)
			continue;
		long long v[12];
		assert_int_equal(row_fields(l, v, 12), 12);
		demand += v[0], ses += v[1], legacy += v[2], backlog = v[3];
		dropped += v[8];
		assert_true(v[9] < 0 || v[11] <= v[9]);
		rows++;
	}
	free(text);
	assert_int_equal(demand, ses + legacy + dropped + backlog);
	if (ses_out)
		*ses_out = ses;
	return rows;
}
