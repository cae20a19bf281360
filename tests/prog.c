/* prog: helpers for tests of the program.  See prog.h. */
#include "tests/prog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

char prog_tmp[64];

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
		 SR_PROG[0] == '/' ? SR_PROG : SR_SOURCE "/" SR_PROG, args);
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
