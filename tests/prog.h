/*
 * prog: helpers for tests that run the sesramp program: a scratch folder
 * per test, files written into it, runs with stdout and stderr kept there
 * (tmp/out, tmp/err), and CSV files read back.
 *
 * Memory: prog_read() returns a string the caller frees.
 */
#ifndef SR_TEST_PROG_H
#define SR_TEST_PROG_H

#include <stddef.h>

extern char prog_tmp[64];

/* cmocka setup and teardown: a fresh folder under /tmp, removed after. */
int prog_setup(void **state);
int prog_teardown(void **state);

/* The program's path, absolute. */
const char *prog_path(void);

/* Writes text into prog_tmp/name. */
void prog_write(const char *name, const char *text);

/* Runs SR_PROG with a shell word list (%s-style formatted); returns its
 * exit status. */
int prog_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The whole of prog_tmp/name, or NULL. */
char *prog_read(const char *name);

/* Whether prog_tmp/name holds text. */
int prog_contains(const char *name, const char *text);

/* Whether two files under prog_tmp are byte-identical. */
int prog_same(const char *a, const char *b);

/* Reads dir/timeseries.csv of a single run (under prog_tmp) and checks the
 * invariants of DESIGN.md with cmocka asserts: demand = ses_sent +
 * legacy_sent + dropped + the last backlog, and sent_last_24h never above
 * max_24h (unless unlimited).  Returns the number of rows; *ses (if not
 * NULL) receives the total of ses_sent. */
int prog_check_series(const char *dir, long long *ses);

#endif
