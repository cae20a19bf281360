/*
 * kinds: the kinds of single value a key may take (numbers, counts and
 * volumes, shares, durations, yes/no, choices, dates, names, regions,
 * paths, the migration start): each reads text into its field with the
 * key's range checks, and writes the field back as the file would give it.
 * The tables of keys that use them are in keys.c; see keys.h.
 *
 * Memory: none allocated; a kind writes only its key's field (and, for
 * the migration start, the scenario fields that note how it was given).
 * Depends on values.c (values_internal.h) and sim/clock.
 */
#include "cli/keys.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Enum fields are stored through an int (memcpy), so they must be one. */
_Static_assert(sizeof(enum sr_stage) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_mail_type) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_client_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_on_quota) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_split_mode) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_lost_to) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_strategy) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_trend) == sizeof(int), "enum size");

static int range(const struct key *k, double v, const char *text, char *why,
		 size_t n)
{
	int open = k->flags & OPEN_LO;
	int low = open ? !(v > k->lo) : !(v >= k->lo);
	if (!low && v <= k->hi)
		return 0;
	char lo[48], hi[48], s[64];
	struct buf bl = {lo, sizeof lo, 0, 0}, bh = {hi, sizeof hi, 0, 0};
	lo[0] = hi[0] = '\0';
	k->kind->bound(&bl, k->lo);
	k->kind->bound(&bh, k->hi);
	const char *wrong = v < 0 && k->lo >= 0 ? "is negative" :
			    low ? "is too small" : "is too large";
	return say(why, n, "'%s' %s, expected %s %s %s %s %s",
		   shown(text, s, sizeof s), wrong, k->kind->what,
		   open ? "above" : "from", lo, open ? "and at most" : "to", hi);
}

void bound_real(struct buf *b, double v)
{
	put_real(b, v);
}

static void bound_duration(struct buf *b, double v)
{
	put_duration(b, llround(v));
}

static void bound_days(struct buf *b, double v)
{
	put(b, "%gd", v);
}

/* -- scalar kinds -- */

static int whole(const struct key *k, double v, const char *text, char *why,
		 size_t n)
{
	char s[64];
	if (v != floor(v))
		return say(why, n, "'%s' is not a whole number, expected %s",
			   shown(text, s, sizeof s), k->kind->what);
	return 0;
}

static int p_real(const struct key *k, const char *text, void *field,
		  struct ctx *c, char *why, size_t n)
{
	(void)c;
	double v;
	if (read_real(text, &v, EXP_NUMBER, why, n) ||
	    ((k->flags & WHOLE) && whole(k, v, text, why, n)) ||
	    range(k, v, text, why, n))
		return -1;
	*(double *)field = v;
	return 0;
}

static void f_real(const struct key *k, const void *field,
		   const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put_real(b, *(const double *)field);
}

static int p_int(const struct key *k, const char *text, void *field,
		 struct ctx *c, char *why, size_t n)
{
	(void)c;
	double v;
	if (read_real(text, &v, "a whole number", why, n) ||
	    whole(k, v, text, why, n) || range(k, v, text, why, n))
		return -1;
	*(int *)field = (int)v;
	return 0;
}

static void f_int(const struct key *k, const void *field,
		  const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put(b, "%d", *(const int *)field);
}

static int p_uint(const struct key *k, const char *text, void *field,
		  struct ctx *c, char *why, size_t n)
{
	(void)c;
	double v;
	if (read_real(text, &v, "a whole number", why, n) ||
	    whole(k, v, text, why, n) || range(k, v, text, why, n))
		return -1;
	*(unsigned *)field = (unsigned)v;
	return 0;
}

static void f_uint(const struct key *k, const void *field,
		   const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put(b, "%u", *(const unsigned *)field);
}

/* The seed takes the full 64-bit range, which a double cannot carry. */
static int p_u64(const struct key *k, const char *text, void *field,
		 struct ctx *c, char *why, size_t n)
{
	(void)k, (void)c;
	char buf[32], s[64];
	const char *expected = "a whole number from 0 to 18446744073709551615";
	shown(text, s, sizeof s);
	if (trimmed(text, buf, sizeof buf) || !buf[0] ||
	    digits(buf) != strlen(buf))
		return say(why, n, "'%s' is not a whole number, expected %s", s,
			   expected);
	errno = 0;
	unsigned long long v = strtoull(buf, NULL, 10);
	if (errno)
		return say(why, n, "'%s' is too large, expected %s", s, expected);
	*(uint64_t *)field = (uint64_t)v;
	return 0;
}

static void f_u64(const struct key *k, const void *field,
		  const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put(b, "%" PRIu64, *(const uint64_t *)field);
}

static int p_count(const struct key *k, const char *text, void *field,
		   struct ctx *c, char *why, size_t n)
{
	(void)c;
	double v;
	if (sr_volume_parse(text, &v, why, n) || whole(k, v, text, why, n) ||
	    range(k, v, text, why, n))
		return -1;
	*(int64_t *)field = (int64_t)v;
	return 0;
}

static void f_count(const struct key *k, const void *field,
		    const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put_count(b, *(const int64_t *)field);
}

/* A count or "unlimited" (stored as -1, SR_UNLIMITED). */
static int p_limit(const struct key *k, const char *text, void *field,
		   struct ctx *c, char *why, size_t n)
{
	const char *p = skip(text);
	if (!strncasecmp(p, "unlimited", 9) && at_end(p + 9)) {
		*(int64_t *)field = SR_UNLIMITED;
		return 0;
	}
	return p_count(k, text, field, c, why, n);
}

static void f_limit(const struct key *k, const void *field,
		    const struct sr_scenario *s, struct buf *b)
{
	if (*(const int64_t *)field < 0)
		put(b, "unlimited");
	else
		f_count(k, field, s, b);
}

static int p_volume(const struct key *k, const char *text, void *field,
		    struct ctx *c, char *why, size_t n)
{
	(void)c;
	double v;
	if (sr_volume_parse(text, &v, why, n) || range(k, v, text, why, n))
		return -1;
	*(double *)field = v;
	return 0;
}

static void f_volume(const struct key *k, const void *field,
		     const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put_volume(b, *(const double *)field);
}

static void bound_volume(struct buf *b, double v)
{
	put_volume(b, v);
}

static int p_share(const struct key *k, const char *text, void *field,
		   struct ctx *c, char *why, size_t n)
{
	(void)c;
	double x;
	int pc;
	if (read_fraction(text, &x, &pc, why, n))
		return -1;
	x = pc ? x / 100 : x;
	if (range(k, x, text, why, n))
		return -1;
	*(double *)field = x;
	return 0;
}

static void f_share(const struct key *k, const void *field,
		    const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put_share(b, *(const double *)field);
}

static int p_duration(const struct key *k, const char *text, void *field,
		      struct ctx *c, char *why, size_t n)
{
	(void)c;
	int64_t us;
	if (sr_duration_parse(text, &us, why, n) ||
	    range(k, (double)us, text, why, n))
		return -1;
	*(int64_t *)field = us;
	return 0;
}

static void f_duration(const struct key *k, const void *field,
		       const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put_duration(b, *(const int64_t *)field);
}

/* A duration kept as seconds in a double (the limiter's burst). */
static int p_seconds(const struct key *k, const char *text, void *field,
		     struct ctx *c, char *why, size_t n)
{
	int64_t us;
	if (p_duration(k, text, &us, c, why, n))
		return -1;
	*(double *)field = (double)us / (double)SR_US_PER_S;
	return 0;
}

static void f_seconds(const struct key *k, const void *field,
		      const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put_seconds(b, *(const double *)field);
}

/* A duration of whole days, kept as an int count of days. */
static int p_days(const struct key *k, const char *text, void *field,
		  struct ctx *c, char *why, size_t n)
{
	(void)c;
	int64_t us;
	char s[64];
	if (sr_duration_parse(text, &us, why, n))
		return -1;
	if (us % SR_US_PER_DAY)
		return say(why, n, "'%s' is not a whole number of days, expected "
			   "e.g. 14d", shown(text, s, sizeof s));
	if (range(k, (double)(us / SR_US_PER_DAY), text, why, n))
		return -1;
	*(int *)field = (int)(us / SR_US_PER_DAY);
	return 0;
}

static void f_days(const struct key *k, const void *field,
		   const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put(b, "%dd", *(const int *)field);
}

/* A duration after the start, or "never" (stored as -1). */
static int p_when(const struct key *k, const char *text, void *field,
		  struct ctx *c, char *why, size_t n)
{
	const char *p = skip(text);
	if (!strncasecmp(p, "never", 5) && at_end(p + 5)) {
		*(int64_t *)field = -1;
		return 0;
	}
	if (p_duration(k, text, field, c, why, n)) {
		char s[64];
		return say(why, n, "'%s' is not a duration or never, expected %s "
			   "after the start, or never", shown(text, s, sizeof s),
			   EXP_DURATION);
	}
	return 0;
}

static void f_when(const struct key *k, const void *field,
		   const struct sr_scenario *s, struct buf *b)
{
	if (*(const int64_t *)field < 0)
		put(b, "never");
	else
		f_duration(k, field, s, b);
}

static int p_bool(const struct key *k, const char *text, void *field,
		  struct ctx *c, char *why, size_t n)
{
	(void)k, (void)c;
	return sr_bool_parse(text, field, why, n);
}

static void f_bool(const struct key *k, const void *field,
		   const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put(b, "%s", *(const int *)field ? "yes" : "no");
}

static int p_choice(const struct key *k, const char *text, void *field,
		    struct ctx *c, char *why, size_t n)
{
	(void)c;
	char s[64], list[256];
	struct buf b = {list, sizeof list, 0, 0};
	shown(text, s, sizeof s);
	for (const struct choice *ch = k->choices; ch->name; ch++) {
		if (!strcmp(s, ch->name)) {
			memcpy(field, &ch->value, sizeof ch->value);
			return 0;
		}
		put(&b, "%s%s", ch == k->choices ? "" : ", ", ch->name);
	}
	return say(why, n, "'%s' is not a choice, expected one of: %s", s, list);
}

static void f_choice(const struct key *k, const void *field,
		     const struct sr_scenario *s, struct buf *b)
{
	(void)s;
	int v;
	memcpy(&v, field, sizeof v);
	for (const struct choice *ch = k->choices; ch->name; ch++)
		if (ch->value == v)
			put(b, "%s", ch->name);
}

static int p_date(const struct key *k, const char *text, void *field,
		  struct ctx *c, char *why, size_t n)
{
	(void)k, (void)c;
	return sr_date_parse(text, field, why, n);
}

static void f_date(const struct key *k, const void *field,
		   const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	char t[SR_TIME_TEXT_MAX];
	sr_time_format(*(const int64_t *)field, t, sizeof t);
	put(b, "%s", t);
}

/* The time-series bucket: the four sizes the outputs support. */
static int p_bucket(const struct key *k, const char *text, void *field,
		    struct ctx *c, char *why, size_t n)
{
	(void)k, (void)c;
	int64_t us;
	char s[64];
	if (sr_duration_parse(text, &us, why, n))
		return -1;
	if (us != SR_US_PER_MIN && us != 15 * SR_US_PER_MIN &&
	    us != SR_US_PER_H && us != SR_US_PER_DAY)
		return say(why, n, "'%s' is not a bucket size, expected 1m, 15m, "
			   "1h or 1d", shown(text, s, sizeof s));
	*(int64_t *)field = us;
	return 0;
}

/* Text fields; hi is the longest text. */
static int p_name(const struct key *k, const char *text, void *field,
		  struct ctx *c, char *why, size_t n)
{
	(void)c;
	char buf[256], s[64];
	if (trimmed(text, buf, sizeof buf) || !valid_name(buf, (size_t)k->hi)) {
		say(why, n, "'%s' is not a valid name, expected ",
		    shown(text, s, sizeof s));
		size_t len = strlen(why);
		snprintf(why + len, n - len, EXP_NAME, (int)k->hi);
		return -1;
	}
	strcpy(field, buf);
	return 0;
}

static int region_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
}

static int p_region(const struct key *k, const char *text, void *field,
		    struct ctx *c, char *why, size_t n)
{
	(void)c;
	char buf[64], s[64];
	int ok = !trimmed(text, buf, sizeof buf) && buf[0] &&
		 strlen(buf) <= (size_t)k->hi;
	for (size_t i = 0; ok && buf[i]; i++)
		ok = region_char((unsigned char)buf[i]);
	if (!ok)
		return say(why, n, "'%s' is not a region, expected an AWS region "
			   "such as us-east-1", shown(text, s, sizeof s));
	strcpy(field, buf);
	return 0;
}

static void f_text(const struct key *k, const void *field,
		   const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	put(b, "%s", (const char *)field);
}

/* A path, made absolute from the base directory so that the written
 * scenario names the same file wherever it is read from. */
static int p_path(const struct key *k, const char *text, void *field,
		  struct ctx *c, char *why, size_t n)
{
	(void)k;
	char buf[4096];
	char *out = field;
	if (trimmed(text, buf, sizeof buf))
		return say(why, n, "the path is too long, expected at most 4095 "
			   "characters");
	/* What the scenario syntax could not write back: control
	 * characters, and a trailing ',' (a continued line). */
	for (const char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return say(why, n, "the path holds a control character, "
				   "expected a file name");
	if (buf[0] && buf[strlen(buf) - 1] == ',')
		return say(why, n, "the path ends with ',', expected a file name");
	const char *base = c->base ? c->base : "";
	size_t bl = strlen(base);
	int len = buf[0] == '/' || !buf[0] || !bl ?
		  snprintf(out, 4096, "%s", buf) :
		  snprintf(out, 4096, "%s%s%s", base,
			   base[bl - 1] == '/' ? "" : "/", buf);
	if (len < 0 || len >= 4096) {
		out[0] = '\0';
		return say(why, n, "the path is too long once made absolute, "
			   "expected at most 4095 characters");
	}
	return 0;
}

/* A duration after the start, or a date, turned into one by finish. */
static int p_migstart(const struct key *k, const char *text, void *field,
		      struct ctx *c, char *why, size_t n)
{
	const char *p = skip(text);
	int64_t t;
	if (*p != '-' && strchr(p, '-')) {
		if (sr_date_parse(text, &t, why, n))
			return -1;
		c->s->migration_start_is_date = 1;
		c->s->migration_start_utc_us = t;
		*(int64_t *)field = 0;
		return 0;
	}
	if (p_duration(k, text, &t, c, why, n))
		return -1;
	c->s->migration_start_is_date = 0;
	*(int64_t *)field = t;
	return 0;
}

static void f_migstart(const struct key *k, const void *field,
		       const struct sr_scenario *s, struct buf *b)
{
	if (s->migration_start_is_date)
		f_date(k, &s->migration_start_utc_us, s, b);
	else
		f_duration(k, field, s, b);
}

#define KIND(p, f, bnd, what, list) { p, f, bnd, what, list }
const struct kind
	k_real = KIND(p_real, f_real, bound_real, "a number", 0),
	k_int = KIND(p_int, f_int, bound_real, "a whole number", 0),
	k_uint = KIND(p_uint, f_uint, bound_real, "a whole number", 0),
	k_u64 = KIND(p_u64, f_u64, bound_real, "a whole number", 0),
	k_count = KIND(p_count, f_count, bound_volume, "a whole volume", 0),
	k_limit = KIND(p_limit, f_limit, bound_volume,
		       "a whole volume or unlimited", 0),
	k_volume = KIND(p_volume, f_volume, bound_volume, "a volume", 0),
	k_share = KIND(p_share, f_share, put_share,
		       "a percentage or fraction", 0),
	k_duration = KIND(p_duration, f_duration, bound_duration,
			  "a duration", 0),
	k_seconds = KIND(p_seconds, f_seconds, bound_duration, "a duration", 0),
	k_days = KIND(p_days, f_days, bound_days, "a number of days", 0),
	k_when = KIND(p_when, f_when, bound_duration, "a duration", 0),
	k_bool = KIND(p_bool, f_bool, bound_real, "yes or no", 0),
	k_choice = KIND(p_choice, f_choice, bound_real, "a choice", 0),
	k_date = KIND(p_date, f_date, bound_real, "a date", 0),
	k_bucket = KIND(p_bucket, f_duration, bound_duration, "a bucket", 0),
	k_name = KIND(p_name, f_text, bound_real, "a name", 0),
	k_region = KIND(p_region, f_text, bound_real, "a region", 0),
	k_path = KIND(p_path, f_text, bound_real, "a path", 0),
	k_migstart = KIND(p_migstart, f_migstart, bound_duration,
			  "a duration", 0);
