/*
 * values_internal: internal to the scenario parser; only cli/values.c,
 * kinds.c, kinds_list.c, keys.c and the scenario*.c files include it.  The
 * helpers values.c defines beside the public parsers of values.h: blanks,
 * trimming and names; the "what is wrong, expected ..." reasons; plain
 * numbers, fractions and comma lists; and the writer's side, a fixed buffer
 * that values are formatted into the way the file writes them.  Also the
 * limits and the "expected ..." phrases that several files' messages share.
 *
 * Memory: none allocated.  Text goes into buffers the caller owns; split()
 * cuts the caller's buffer in place; a struct buf points into the caller's
 * array.  Depends on sim/clock and models/workload.h.
 */
#ifndef SR_VALUES_INTERNAL_H
#define SR_VALUES_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cli/values.h"
#include "sim/clock.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define DUR_MAX (36500.0 * (double)SR_US_PER_DAY)    /* 100 years */
#define VOL_MAX 1e12
#define RATE_MAX 1e6
#define FACTOR_MAX 1e3
#define VALUE_MAX 16384     /* a value with its continuation lines */

#define EXP_DURATION "a duration such as 90d, 12h, 30m, 45s or 250ms"
#define EXP_VOLUME "a volume such as 500, 1.5k or 2M"
#define EXP_SHARE "a percentage such as 5% or a fraction such as 0.05"
#define EXP_NUMBER "a number such as 14 or 0.5"
#define EXP_DATE "an ISO 8601 date such as 2026-01-05 or 2026-01-05T09:00:00Z"
#define EXP_NAME "1 to %d letters, digits, '_', '-' or '.'"
#define EXP_RAMP "day:percent points such as 0:5%, 14:25%, 42:100%"
#define EXP_TABLE "day:volume points such as 0:10k, 30:50k"
#define EXP_CAMPAIGN \
	"START: RECIPIENTS [over WINDOW] items such as 10d: 300k, 20d: 100k over 6h"
#define EXP_INCREASE \
	"DURATION: QUOTA[/RATE] items such as 30d: 200k, 60d: 1M/100"

#if defined(__GNUC__)
#define PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF(f, a)
#endif

/* -- text -- */

int blank(int c);                          /* ' ' or '\t' */
const char *skip(const char *p);           /* past blanks */
int at_end(const char *p);                 /* only blanks left */
size_t trimmed_len(const char *p);         /* without trailing blanks */
/* Copies text without surrounding blanks; -1 if it does not fit. */
int trimmed(const char *text, char *buf, size_t n);
/* The text as a message quotes it: trimmed, long ones cut short. */
const char *shown(const char *text, char *buf, size_t n);
/* Writes a reason into why; returns -1 for the caller to pass on. */
int say(char *why, size_t n, const char *fmt, ...) PRINTF(3, 4);
/* Names of streams, accounts and the scenario: letters, digits, '_', '-',
 * '.'; valid_name() also wants 1 to max of them. */
int name_char(int c);
int valid_name(const char *name, size_t max);

/* -- numbers and lists -- */

size_t digits(const char *p);              /* leading decimal digits */
/* A plain number, the whole text. */
int read_real(const char *text, double *v, const char *expected, char *why,
	      size_t n);
/* A number with an optional '%': the number as written, and whether it was
 * a percentage. */
int read_fraction(const char *text, double *x, int *percent, char *why,
		  size_t n);
/* Splits buf in place at commas into trimmed items: their count, or -1. */
int split(char *buf, char **item, size_t max, const char *noun,
	  const char *expected, char *why, size_t n);
/* "day:value" points; the value is a percent 0..100 (ramp) or a volume. */
int read_points(const char *text, struct sr_point *pt, size_t max,
		size_t *len, int percent, char *why, size_t n);

/* -- growing text, for the writer -- */

/* Text appended into p[size]; full once something did not fit. */
struct buf {
	char *p;
	size_t size, len;
	int full;
};

void put(struct buf *b, const char *fmt, ...) PRINTF(2, 3);
/* Values as the file writes them, so that they read back exactly. */
void put_real(struct buf *b, double v);
void put_share(struct buf *b, double v);     /* "5%", else a fraction */
void put_percent(struct buf *b, double v);   /* already in percent */
void put_duration(struct buf *b, int64_t us);
void put_count(struct buf *b, int64_t v);    /* "2M", "500k", "123" */
void put_volume(struct buf *b, double v);
void put_hours(struct buf *b, double h);
void put_seconds(struct buf *b, double s);

#endif
