/* interrupt: SIGINT stops a run cleanly.  See interrupt.h. */
#include "cli/interrupt.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = 1;
	signal(sig, SIG_DFL);
}

void interrupt_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* The PID of a temporary file name ".NAME.tmp.PID", or 0. */
static long tmp_pid(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (name[0] != '.' || !dot || dot - name < 5 || strncmp(dot - 4, ".tmp", 4))
		return 0;
	char *end;
	long pid = strtol(dot + 1, &end, 10);
	return *end || pid <= 0 ? 0 : pid;
}

void stale_remove(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		long pid = tmp_pid(e->d_name);
		if (!pid || pid == (long)getpid() ||
		    !(kill((pid_t)pid, 0) && errno == ESRCH))
			continue;
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}
