/* scenario: the scenario file.  See scenario.h. */
#include "cli/scenario.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#include "sim/clock.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define DUR_MAX (36500.0 * (double)SR_US_PER_DAY)    /* 100 years */
#define VOL_MAX 1e12
#define RATE_MAX 1e6
#define FACTOR_MAX 1e3
#define VALUE_MAX 16384     /* a value with its continuation lines */
#define WRAP 76             /* the writer breaks lists after this column */
/* inih's buffer must hold a line with "\r\n\0" (ini.h), so the longest
 * line it reads whole is 3 shorter. */
#define LINE_SLACK 3
/* Longest line read into memory; anything past inih's buffer is an error,
 * and the bound keeps a file without line ends from filling memory. */
#define READ_MAX 65536

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

/* Enum fields are stored through an int (memcpy), so they must be one. */
_Static_assert(sizeof(enum sr_stage) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_mail_type) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_client_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_on_quota) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_split_mode) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_lost_to) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_strategy) == sizeof(int), "enum size");
_Static_assert(sizeof(enum sr_trend) == sizeof(int), "enum size");

/* ---- text ----------------------------------------------------------------- */

static int blank(int c)
{
	return c == ' ' || c == '\t';
}

static const char *skip(const char *p)
{
	while (blank(*p))
		p++;
	return p;
}

static int at_end(const char *p)
{
	return !*skip(p);
}

static size_t trimmed_len(const char *p)
{
	size_t len = strlen(p);
	while (len && blank(p[len - 1]))
		len--;
	return len;
}

/* Copies text without surrounding blanks; -1 if it does not fit. */
static int trimmed(const char *text, char *buf, size_t n)
{
	const char *p = skip(text);
	size_t len = trimmed_len(p);
	if (len >= n)
		return -1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return 0;
}

/* The text as a message quotes it: trimmed, long ones cut short. */
static const char *shown(const char *text, char *buf, size_t n)
{
	const char *p = skip(text);
	size_t len = trimmed_len(p);
	if (len >= n)
		snprintf(buf, n, "%.*s...", (int)(n - 4), p);
	else
		snprintf(buf, n, "%.*s", (int)len, p);
	return buf;
}

static int say(char *why, size_t n, const char *fmt, ...) PRINTF(3, 4);

/* Writes a reason into why; returns -1 for the caller to pass on. */
static int say(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Names of streams, accounts and the scenario end up in section headers,
 * CSV columns and file names, so they are kept to a safe alphabet. */
static int name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

static int valid_name(const char *name, size_t max)
{
	size_t len = strlen(name);
	if (len < 1 || len > max)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!name_char((unsigned char)name[i]))
			return 0;
	return 1;
}

/* ---- growing text, for the writer ------------------------------------------ */

struct buf {
	char *p;
	size_t size, len;
	int full;
};

static void put(struct buf *b, const char *fmt, ...) PRINTF(2, 3);

static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(b->p + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= b->size - b->len) {
		b->full = 1;
		b->len = b->size - 1;
	} else {
		b->len += (size_t)k;
	}
}

/* ---- numbers ---------------------------------------------------------------- */

static size_t digits(const char *p)
{
	size_t i = 0;
	while (p[i] >= '0' && p[i] <= '9')
		i++;
	return i;
}

/* Length of the decimal number at p, [+-]DIGITS[.DIGITS] and an exponent if
 * allowed, or 0.  Stricter than strtod, which would also take hex, "inf"
 * and "nan". */
static size_t number_len(const char *p, int exponent)
{
	size_t i = (*p == '+' || *p == '-'), d = digits(p + i);
	i += d;
	if (p[i] == '.') {
		size_t f = digits(p + i + 1);
		i += 1 + f;
		d += f;
	}
	if (!d || i > 64)
		return 0;
	if (exponent && (p[i] == 'e' || p[i] == 'E')) {
		size_t j = i + 1 + (p[i + 1] == '+' || p[i + 1] == '-');
		size_t e = digits(p + j);
		if (e && e < 6)
			i = j + e;
	}
	return i;
}

/* The number of length len at p times 10^pow10, correctly rounded: going
 * through strtod keeps "1.234k" exactly 1234. */
static double decimal(const char *p, size_t len, int pow10)
{
	char buf[96];
	if (pow10)
		snprintf(buf, sizeof buf, "%.*se%d", (int)len, p, pow10);
	else
		snprintf(buf, sizeof buf, "%.*s", (int)len, p);
	return strtod(buf, NULL);
}

static int not_number(const char *text, const char *expected, char *why,
		      size_t n)
{
	char s[64];
	const char *t = shown(text, s, sizeof s);
	const char *p = t + (*t == '+' || *t == '-');
	if (!*t)
		return say(why, n, "the value is empty, expected %s", expected);
	if (!strncasecmp(p, "nan", 3) || !strncasecmp(p, "inf", 3))
		return say(why, n, "'%s' is not a finite number, expected %s", t,
			   expected);
	return say(why, n, "'%s' is not a number, expected %s", t, expected);
}

static int trailing(const char *text, const char *expected, char *why, size_t n)
{
	char s[64];
	return say(why, n, "'%s' has unexpected text after the number, expected %s",
		   shown(text, s, sizeof s), expected);
}

static int too_large(const char *text, const char *expected, char *why,
		     size_t n)
{
	char s[64];
	return say(why, n, "'%s' is too large, expected %s",
		   shown(text, s, sizeof s), expected);
}

/* A plain number, the whole text. */
static int read_real(const char *text, double *v, const char *expected,
		     char *why, size_t n)
{
	const char *p = skip(text);
	size_t len = number_len(p, 1);
	if (!len)
		return not_number(text, expected, why, n);
	if (!at_end(p + len))
		return trailing(text, expected, why, n);
	*v = decimal(p, len, 0);
	if (!isfinite(*v))
		return too_large(text, expected, why, n);
	return 0;
}

/* A number with an optional '%': the number as written, and whether it was
 * a percentage. */
static int read_fraction(const char *text, double *x, int *percent, char *why,
			 size_t n)
{
	const char *p = skip(text);
	size_t len = number_len(p, 1);
	if (!len)
		return not_number(text, EXP_SHARE, why, n);
	const char *q = skip(p + len);
	*percent = *q == '%';
	if (!at_end(q + *percent))
		return trailing(text, EXP_SHARE, why, n);
	*x = decimal(p, len, 0);
	if (!isfinite(*x))
		return too_large(text, EXP_SHARE, why, n);
	return 0;
}

/* Shortest text of v x scale that reads back (strtod, / scale) as exactly
 * v.  Whole numbers are written out, not as "1e+02". */
static void real_text(double v, char *t, size_t n, double scale)
{
	double x = v * scale;
	if (x == floor(x) && fabs(x) < 1e15) {
		snprintf(t, n, "%.0f", x);
		if (strtod(t, NULL) / scale == v)
			return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(t, n, "%.*g", prec, v * scale);
		if (strtod(t, NULL) / scale == v)
			return;
	}
	snprintf(t, n, "%.17g", v * scale);
}

static void put_real(struct buf *b, double v)
{
	char t[40];
	real_text(v, t, sizeof t, 1);
	put(b, "%s", t);
}

/* A share as a percentage when that reads back exactly, else a fraction. */
static void put_share(struct buf *b, double v)
{
	char t[40];
	real_text(v, t, sizeof t, 100);
	if (strtod(t, NULL) / 100 == v)
		put(b, "%s%%", t);
	else
		put_real(b, v);
}

/* A value already in percent (ramp points). */
static void put_percent(struct buf *b, double v)
{
	put_real(b, v);
	put(b, "%%");
}

static void put_duration(struct buf *b, int64_t us)
{
	static const struct { const char *name; int64_t us; } u[] = {
		{"d", SR_US_PER_DAY}, {"h", SR_US_PER_H}, {"m", SR_US_PER_MIN},
		{"s", SR_US_PER_S}, {"ms", 1000}, {"us", 1},
	};
	if (us == 0) {
		put(b, "0s");
		return;
	}
	for (size_t i = 0; i < N(u); i++) {
		if (us % u[i].us == 0) {
			put(b, "%" PRId64 "%s", us / u[i].us, u[i].name);
			return;
		}
	}
}

static void put_count(struct buf *b, int64_t v)
{
	if (v && v % 1000000 == 0)
		put(b, "%" PRId64 "M", v / 1000000);
	else if (v && v % 1000 == 0)
		put(b, "%" PRId64 "k", v / 1000);
	else
		put(b, "%" PRId64, v);
}

static void put_volume(struct buf *b, double v)
{
	if (v == floor(v) && fabs(v) <= VOL_MAX)
		put_count(b, (int64_t)v);
	else
		put_real(b, v);
}

static void put_hours(struct buf *b, double h)
{
	put_duration(b, llround(h * (double)SR_US_PER_H));
}

static void put_seconds(struct buf *b, double s)
{
	put_duration(b, llround(s * (double)SR_US_PER_S));
}

/* ---- public value parsers ------------------------------------------------------ */

int sr_duration_parse(const char *text, int64_t *us, char *why, size_t n)
{
	static const struct { const char *name; int64_t us; } u[] = {
		{"ms", 1000}, {"us", 1}, {"w", 7 * SR_US_PER_DAY},
		{"d", SR_US_PER_DAY}, {"h", SR_US_PER_H}, {"m", SR_US_PER_MIN},
		{"s", SR_US_PER_S},
	};
	char s[64];
	const char *p = skip(text);
	size_t len = number_len(p, 0);
	shown(text, s, sizeof s);
	if (!len)
		return not_number(text, EXP_DURATION, why, n);
	if (*p == '-')
		return say(why, n, "'%s' is negative, expected %s", s, EXP_DURATION);
	double x = decimal(p, len, 0);
	const char *q = skip(p + len);
	if (!*q) {
		if (x == 0) {
			*us = 0;
			return 0;
		}
		return say(why, n, "'%s' has no unit, expected %s", s, EXP_DURATION);
	}
	for (size_t i = 0; i < N(u); i++) {
		size_t ul = strlen(u[i].name);
		if (strncmp(q, u[i].name, ul) || !at_end(q + ul))
			continue;
		double v = x * (double)u[i].us;
		if (!(v <= DUR_MAX))
			return say(why, n, "'%s' is too long, expected a duration "
				   "of at most 36500d", s);
		*us = llround(v);
		return 0;
	}
	/* "10d x", "10d;note": a unit, then something that is not part of one. */
	for (size_t i = 0; i < N(u); i++) {
		size_t ul = strlen(u[i].name);
		if (!strncmp(q, u[i].name, ul) && !name_char((unsigned char)q[ul]))
			return say(why, n, "'%s' has unexpected text after the "
				   "unit, expected %s", s, EXP_DURATION);
	}
	return say(why, n, "'%s' has no known unit, expected a number and one of "
		   "the units w, d, h, m, s, ms, us, e.g. 90d", s);
}

int sr_volume_parse(const char *text, double *v, char *why, size_t n)
{
	char s[64];
	const char *p = skip(text);
	size_t len = number_len(p, 0);
	int pow10 = 0;
	if (!len)
		return not_number(text, EXP_VOLUME, why, n);
	if (*p == '-')
		return say(why, n, "'%s' is negative, expected %s",
			   shown(text, s, sizeof s), EXP_VOLUME);
	if (p[len] == 'k' || p[len] == 'M')
		pow10 = p[len++] == 'k' ? 3 : 6;
	else
		len = number_len(p, 1);
	const char *q = p + len;
	if (!at_end(q) && !pow10 && ((*q >= 'a' && *q <= 'z') ||
				     (*q >= 'A' && *q <= 'Z')))
		return say(why, n, "'%s' has an unknown suffix, expected k (thousand) "
			   "or M (million) after the number",
			   shown(text, s, sizeof s));
	if (!at_end(q))
		return trailing(text, EXP_VOLUME, why, n);
	*v = decimal(p, pow10 ? len - 1 : len, pow10);
	if (!isfinite(*v))
		return too_large(text, EXP_VOLUME, why, n);
	return 0;
}

int sr_share_parse(const char *text, double *v, char *why, size_t n)
{
	char s[64];
	double x;
	int pc;
	if (read_fraction(text, &x, &pc, why, n))
		return -1;
	x = pc ? x / 100 : x;
	if (!(x >= 0 && x <= 1))
		return say(why, n, "'%s' is out of range, expected a percentage from "
			   "0%% to 100%% or a fraction from 0 to 1",
			   shown(text, s, sizeof s));
	*v = x;
	return 0;
}

int sr_bool_parse(const char *text, int *v, char *why, size_t n)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	char s[64];
	shown(text, s, sizeof s);
	for (size_t i = 0; i < N(yes); i++) {
		if (!strcasecmp(s, yes[i]) || !strcasecmp(s, no[i])) {
			*v = !strcasecmp(s, yes[i]);
			return 0;
		}
	}
	return say(why, n, "'%s' is not yes or no, expected yes or no (or true/false, "
		   "on/off, 1/0)", s);
}

int sr_date_parse(const char *text, int64_t *utc_us, char *why, size_t n)
{
	char buf[64], s[64];
	const char *reason = "too long";
	shown(text, s, sizeof s);
	if (!*s)
		return say(why, n, "the value is empty, expected %s", EXP_DATE);
	if (trimmed(text, buf, sizeof buf) || sr_time_parse(buf, utc_us, &reason))
		return say(why, n, "'%s' is not a date (%s), expected %s", s, reason,
			   EXP_DATE);
	/* The clock takes the years 1 to 9999; outside these a date is a typo
	 * ("0226", "2206"), and before 1970 epoch seconds would be negative. */
	if (*utc_us < 0 || *utc_us >= sr_days_from_civil(2101, 1, 1) *
					  SR_US_PER_DAY)
		return say(why, n, "'%s' is out of range, expected a date from "
			   "1970-01-01 to 2100-12-31", s);
	if (*utc_us % SR_US_PER_S)
		return say(why, n, "'%s' has a fraction of a second, expected a date "
			   "and time to the whole second", s);
	return 0;
}

/*
 * Splits buf in place at commas into trimmed items.  Returns how many (0 for
 * a blank text), or -1 with why set if one is empty or there are more than
 * max.  noun names an item in messages, expected ends them.
 */
static int split(char *buf, char **item, size_t max, const char *noun,
		 const char *expected, char *why, size_t n)
{
	size_t count = 0;
	if (at_end(buf))
		return 0;
	for (char *p = buf;; p++) {
		char *end = strchr(p, ',');
		if (end)
			*end = '\0';
		p = (char *)skip(p);
		p[trimmed_len(p)] = '\0';
		if (!*p)
			return say(why, n, "%s %zu is empty, expected %s", noun,
				   count + 1, expected);
		/* No item holds a ';': "0:5%; 14:25%" was meant as a list. */
		if (strchr(p, ';')) {
			char s[64];
			return say(why, n, "%s %zu '%s' holds ';', expected %s",
				   noun, count + 1, shown(p, s, sizeof s),
				   expected);
		}
		if (count == max)
			return say(why, n, "more than %zu %ss, expected at most %zu",
				   max, noun, max);
		item[count++] = p;
		if (!end)
			return (int)count;
		p = end;
	}
}

/* A day of a ramp or table: a number >= 0, optionally followed by 'd'. */
static int read_day(const char *text, double *day)
{
	const char *p = skip(text);
	size_t len = number_len(p, 1);
	if (!len || *p == '-')
		return -1;
	const char *q = skip(p + len);
	if (*q == 'd')
		q++;
	if (!at_end(q))
		return -1;
	*day = decimal(p, len, 0);
	return isfinite(*day) ? 0 : -1;
}

/* "day:value" points; the value is a percent 0..100 (ramp) or a volume. */
static int read_points(const char *text, struct sr_point *pt, size_t max,
		       size_t *len, int percent, char *why, size_t n)
{
	const char *expected = percent ? EXP_RAMP : EXP_TABLE;
	char buf[VALUE_MAX], *item[SR_TABLE_MAX + 1], w[256];
	if (trimmed(text, buf, sizeof buf))
		return say(why, n, "the list is too long, expected %s", expected);
	if (max > SR_TABLE_MAX)
		max = SR_TABLE_MAX;
	int count = split(buf, item, max, "point", expected, why, n);
	if (count < 0)
		return -1;
	for (int i = 0; i < count; i++) {
		char *colon = strchr(item[i], ':');
		double day, v;
		int pc = 0;
		char s[64];
		shown(item[i], s, sizeof s);
		if (!colon)
			return say(why, n, "point %d '%s' has no ':', expected %s",
				   i + 1, s, expected);
		*colon = '\0';
		if (read_day(item[i], &day))
			return say(why, n, "point %d '%s': the day is not a number "
				   ">= 0, expected %s", i + 1, s, expected);
		if (percent ? read_fraction(colon + 1, &v, &pc, w, sizeof w) :
			      sr_volume_parse(colon + 1, &v, w, sizeof w))
			return say(why, n, "point %d: %s", i + 1, w);
		if (percent && !pc)
			v *= 100;
		if (percent && !(v >= 0 && v <= 100))
			return say(why, n, "point %d '%s': the percent is out of "
				   "range, expected 0%% to 100%%", i + 1, s);
		if (i && !(day > pt[i - 1].day))
			return say(why, n, "days must increase, expected %s points "
				   "in increasing order",
				   percent ? "day:percent" : "day:volume");
		pt[i] = (struct sr_point){day, v};
	}
	*len = (size_t)count;
	return 0;
}

int sr_ramp_parse(const char *text, struct sr_point *points, size_t max,
		  size_t *len, char *why, size_t n)
{
	return read_points(text, points, max, len, 1, why, n);
}

int sr_weights_parse(const char *text, double *w, size_t count, char *why,
		     size_t n)
{
	char buf[VALUE_MAX], *item[64], expected[64];
	double sum = 0, v[64];
	snprintf(expected, sizeof expected,
		 "%zu numbers >= 0 separated by commas", count);
	if (count > N(item) - 1 || trimmed(text, buf, sizeof buf))
		return say(why, n, "the list is too long, expected %s", expected);
	int got = split(buf, item, count, "weight", expected, why, n);
	if (got < 0)
		return -1;
	if ((size_t)got != count)
		return say(why, n, "%d weight%s, expected %s", got,
			   got == 1 ? "" : "s", expected);
	for (size_t i = 0; i < count; i++) {
		char s[64];
		if (read_real(item[i], &v[i], expected, why, n))
			return -1;
		if (v[i] < 0)
			return say(why, n, "weight %zu '%s' is negative, expected %s",
				   i + 1, shown(item[i], s, sizeof s), expected);
		sum += v[i];
	}
	if (!(sum > 0 && isfinite(sum)))
		return say(why, n, "the weights sum to %g, expected at least one "
			   "positive weight and a finite sum", sum);
	memcpy(w, v, count * sizeof *w);
	return 0;
}

/* ---- keys ------------------------------------------------------------------- */

struct ctx;
struct key;

/* How a kind of value is read into its field and written back. */
struct kind {
	int (*parse)(const struct key *k, const char *text, void *field,
		     struct ctx *c, char *why, size_t n);
	void (*format)(const struct key *k, const void *field,
		       const struct sr_scenario *s, struct buf *b);
	void (*bound)(struct buf *b, double v);   /* range ends, in messages */
	const char *what;                          /* "a number", ... */
	int list;                                  /* the writer may wrap it */
};

enum base { B_SCEN, B_WORLD, B_ACCOUNT, B_QUALITY, B_SYNTH };
enum { OPEN_LO = 1, WHOLE = 2 };

struct choice {
	const char *name;
	int value;
};

/* One key: where its value goes (base object and offset) and its checks. */
struct key {
	const char *name;
	const struct kind *kind;
	enum base base;
	size_t off;
	double lo, hi;          /* range; lognormal: lo is the level; weights:
				 * hi is the count */
	unsigned flags;
	const struct choice *choices;
};

/* Reading state: the scenario, where relative paths start, the message. */
struct ctx {
	struct sr_scenario *s;
	const char *base;
	char *err;
	size_t errlen;
	int failed;
	/* reading a file */
	FILE *fp;
	char *line;               /* READ_MAX + 2 bytes, once a line is read */
	int lineno;
	int inst;                 /* current section instance, -1: none yet */
	int cont;                 /* a value is continued on the next line */
	const struct key *cont_key;
	int cont_line;
	char value[VALUE_MAX];
};

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

static void bound_real(struct buf *b, double v)
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

/* -- pairs of durations -- */

static int read_pair(const char *text, double level, int64_t *a, int64_t *b,
		     char *why, size_t n)
{
	char buf[256], *item[3], w[256], expected[96];
	int p = (int)lround(level * 100);
	snprintf(expected, sizeof expected, "MEDIAN, P%d: two durations such as "
		 "20h, 48h, the second at least the first", p);
	if (trimmed(text, buf, sizeof buf))
		return say(why, n, "the value is too long, expected %s", expected);
	int count = split(buf, item, 2, "duration", expected, why, n);
	if (count < 0)
		return -1;
	if (count != 2)
		return say(why, n, "%d duration%s, expected %s", count,
			   count == 1 ? "" : "s", expected);
	if (sr_duration_parse(item[0], a, w, sizeof w))
		return say(why, n, "median: %s", w);
	if (sr_duration_parse(item[1], b, w, sizeof w))
		return say(why, n, "P%d: %s", p, w);
	if (*a <= 0)
		return say(why, n, "the median is 0, expected %s", expected);
	if (*b < *a)
		return say(why, n, "P%d %s is below the median %s, expected %s", p,
			   item[1], item[0], expected);
	return 0;
}

/* Request delays, in hours, given by the median and 90th percentile. */
static int p_delay(const struct key *k, const char *text, void *field,
		   struct ctx *c, char *why, size_t n)
{
	(void)k, (void)c;
	int64_t a, b;
	if (read_pair(text, 0.9, &a, &b, why, n))
		return -1;
	struct sr_delay *d = field;
	d->median_h = (double)a / (double)SR_US_PER_H;
	d->p90_h = (double)b / (double)SR_US_PER_H;
	return 0;
}

static void f_delay(const struct key *k, const void *field,
		    const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	const struct sr_delay *d = field;
	put_hours(b, d->median_h);
	put(b, ", ");
	put_hours(b, d->p90_h);
}

/* Feedback delays, in seconds; the row's lo is the second quantile's level. */
static int p_lognormal(const struct key *k, const char *text, void *field,
		       struct ctx *c, char *why, size_t n)
{
	(void)c;
	int64_t a, b;
	if (read_pair(text, k->lo, &a, &b, why, n))
		return -1;
	struct sr_lognormal *d = field;
	d->median_s = (double)a / (double)SR_US_PER_S;
	d->level = k->lo;
	d->at_s = (double)b / (double)SR_US_PER_S;
	return 0;
}

static void f_lognormal(const struct key *k, const void *field,
			const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	const struct sr_lognormal *d = field;
	put_seconds(b, d->median_s);
	put(b, ", ");
	put_seconds(b, d->at_s);
}

/* Granted, more information, denied. */
static int p_outcome(const struct key *k, const char *text, void *field,
		     struct ctx *c, char *why, size_t n)
{
	(void)k, (void)c;
	static const char expected[] = "three percentages (granted, more "
		"information, denied) such as 85%, 10%, 5% summing to 100%";
	char buf[256], *item[4], w[256];
	double p[3];
	if (trimmed(text, buf, sizeof buf))
		return say(why, n, "the value is too long, expected %s", expected);
	int count = split(buf, item, 3, "probability", expected, why, n);
	if (count < 0)
		return -1;
	if (count != 3)
		return say(why, n, "%d probabilities, expected %s", count, expected);
	for (int i = 0; i < 3; i++)
		if (sr_share_parse(item[i], &p[i], w, sizeof w))
			return say(why, n, "probability %d: %s", i + 1, w);
	double sum = p[0] + p[1] + p[2];
	if (fabs(sum - 1) > 1e-9)
		return say(why, n, "the probabilities sum to %.6g%%, expected %s",
			   sum * 100, expected);
	*(struct sr_outcome_p *)field = (struct sr_outcome_p){p[0], p[1], p[2]};
	return 0;
}

static void f_outcome(const struct key *k, const void *field,
		      const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	const struct sr_outcome_p *o = field;
	put_share(b, o->granted);
	put(b, ", ");
	put_share(b, o->more_info);
	put(b, ", ");
	put_share(b, o->denied);
}

/* -- lists -- */

static int p_ramp(const struct key *k, const char *text, void *field,
		  struct ctx *c, char *why, size_t n)
{
	(void)k, (void)c;
	struct sr_router_params *r = field;
	struct sr_point pt[SR_TABLE_MAX];
	size_t len;
	if (sr_ramp_parse(text, pt, SR_TABLE_MAX, &len, why, n))
		return -1;
	memcpy(r->ramp, pt, sizeof pt);
	r->ramp_len = len;
	return 0;
}

static void f_ramp(const struct key *k, const void *field,
		   const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	const struct sr_router_params *r = field;
	for (size_t i = 0; i < r->ramp_len; i++) {
		put(b, "%s", i ? ", " : "");
		put_real(b, r->ramp[i].day);
		put(b, ":");
		put_percent(b, r->ramp[i].value);
	}
}

static int p_table(const struct key *k, const char *text, void *field,
		   struct ctx *c, char *why, size_t n)
{
	(void)k, (void)c;
	struct sr_synth_stream *y = field;
	struct sr_point pt[SR_TABLE_MAX];
	size_t len;
	if (read_points(text, pt, SR_TABLE_MAX, &len, 0, why, n))
		return -1;
	memcpy(y->table, pt, sizeof pt);
	y->table_len = len;
	return 0;
}

static void f_table(const struct key *k, const void *field,
		    const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	const struct sr_synth_stream *y = field;
	for (size_t i = 0; i < y->table_len; i++) {
		put(b, "%s", i ? ", " : "");
		put_real(b, y->table[i].day);
		put(b, ":");
		put_volume(b, y->table[i].value);
	}
}

/* hi is the number of weights. */
static int p_weights(const struct key *k, const char *text, void *field,
		     struct ctx *c, char *why, size_t n)
{
	(void)c;
	return sr_weights_parse(text, field, (size_t)k->hi, why, n);
}

static void f_weights(const struct key *k, const void *field,
		      const struct sr_scenario *s, struct buf *b)
{
	(void)s;
	const double *w = field;
	for (size_t i = 0; i < (size_t)k->hi; i++) {
		put(b, "%s", i ? ", " : "");
		put_real(b, w[i]);
	}
}

/*
 * A comma list of at most max items, each read by `read` into an array of
 * `size`-byte elements; the destination changes only if every item is good.
 * Returns the count, or -1 with a message naming the item.
 */
typedef int (*item_reader)(char *item, void *out, char *why, size_t n);

static int read_items(const char *text, size_t max, size_t size,
		      const char *label, const char *expected, item_reader read,
		      void *dest, char *why, size_t n)
{
	_Alignas(max_align_t) unsigned char tmp[SR_CAMPAIGNS_MAX * 64];
	char buf[VALUE_MAX], *item[SR_CAMPAIGNS_MAX + 1], w[512];
	if (max > SR_CAMPAIGNS_MAX || max * size > sizeof tmp)
		return say(why, n, "internal: list too large");
	if (trimmed(text, buf, sizeof buf))
		return say(why, n, "the list is too long, expected %s", expected);
	int count = split(buf, item, max, label, expected, why, n);
	if (count < 0)
		return -1;
	for (int i = 0; i < count; i++)
		if (read(item[i], tmp + (size_t)i * size, w, sizeof w))
			return say(why, n, "%s %d: %s", label, i + 1, w);
	memcpy(dest, tmp, (size_t)count * size);
	return count;
}

/* "START: RECIPIENTS [over WINDOW]" */
static int read_campaign(char *item, void *out, char *why, size_t n)
{
	struct sr_campaign *cp = out;
	char *colon = strchr(item, ':'), w[256];
	double v;
	if (!colon)
		return say(why, n, "'%s' has no ':', expected %s", item,
			   EXP_CAMPAIGN);
	*colon = '\0';
	char *rest = colon + 1, *over = strstr(rest, " over ");
	cp->window_us = 0;
	if (over) {
		*over = '\0';
		if (sr_duration_parse(over + 6, &cp->window_us, w, sizeof w))
			return say(why, n, "window: %s", w);
	}
	if (sr_duration_parse(item, &cp->start_us, w, sizeof w))
		return say(why, n, "start: %s", w);
	if (sr_volume_parse(rest, &v, w, sizeof w))
		return say(why, n, "recipients: %s", w);
	if (v != floor(v) || v > VOL_MAX)
		return say(why, n, "recipients: '%s' is not a whole number up to "
			   "1000000M, expected %s", skip(rest), EXP_CAMPAIGN);
	cp->recipients = (int64_t)v;
	return 0;
}

static int p_campaigns(const struct key *k, const char *text, void *field,
		       struct ctx *c, char *why, size_t n)
{
	(void)k, (void)c;
	struct sr_synth_stream *y = field;
	int count = read_items(text, SR_CAMPAIGNS_MAX, sizeof y->campaigns[0],
			       "campaign", EXP_CAMPAIGN, read_campaign,
			       y->campaigns, why, n);
	if (count < 0)
		return -1;
	y->campaigns_len = (size_t)count;
	return 0;
}

static void f_campaigns(const struct key *k, const void *field,
			const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	const struct sr_synth_stream *y = field;
	for (size_t i = 0; i < y->campaigns_len; i++) {
		const struct sr_campaign *cp = &y->campaigns[i];
		put(b, "%s", i ? ", " : "");
		put_duration(b, cp->start_us);
		put(b, ": ");
		put_count(b, cp->recipients);
		if (cp->window_us) {
			put(b, " over ");
			put_duration(b, cp->window_us);
		}
	}
}

/* "DURATION: QUOTA[/RATE]" */
static int read_increase(char *item, void *out, char *why, size_t n)
{
	struct sr_increase_plan *pl = out;
	char *colon = strchr(item, ':'), w[256];
	double v;
	if (!colon)
		return say(why, n, "'%s' has no ':', expected %s", item,
			   EXP_INCREASE);
	*colon = '\0';
	char *slash = strchr(colon + 1, '/');
	if (slash)
		*slash = '\0';
	pl->rate = 0;
	if (sr_duration_parse(item, &pl->at_us, w, sizeof w))
		return say(why, n, "when: %s", w);
	if (sr_volume_parse(colon + 1, &v, w, sizeof w))
		return say(why, n, "quota: %s", w);
	if (v != floor(v) || v < 1 || v > VOL_MAX)
		return say(why, n, "quota: '%s' is not a whole number from 1 to "
			   "1000000M, expected %s", skip(colon + 1), EXP_INCREASE);
	pl->quota = (int64_t)v;
	if (slash && (read_real(slash + 1, &pl->rate, EXP_NUMBER, w, sizeof w) ||
		      !(pl->rate > 0 && pl->rate <= RATE_MAX)))
		return say(why, n, "rate: '%s' is not a rate above 0 and at most "
			   "1000000 per second, expected %s", skip(slash + 1),
			   EXP_INCREASE);
	return 0;
}

static int p_increases(const struct key *k, const char *text, void *field,
		       struct ctx *c, char *why, size_t n)
{
	(void)k, (void)c;
	struct sr_account_config *a = field;
	int count = read_items(text, SR_INCREASES_MAX, sizeof a->increases[0],
			       "increase", EXP_INCREASE, read_increase,
			       a->increases, why, n);
	if (count < 0)
		return -1;
	a->nincreases = (size_t)count;
	return 0;
}

static void f_increases(const struct key *k, const void *field,
			const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)s;
	const struct sr_account_config *a = field;
	for (size_t i = 0; i < a->nincreases; i++) {
		const struct sr_increase_plan *pl = &a->increases[i];
		put(b, "%s", i ? ", " : "");
		put_duration(b, pl->at_us);
		put(b, ": ");
		put_count(b, pl->quota);
		if (pl->rate > 0) {
			put(b, "/");
			put_real(b, pl->rate);
		}
	}
}

/* Stream names, resolved by sr_scenario_finish() once all streams are known. */
static int p_order(const struct key *k, const char *text, void *field,
		   struct ctx *c, char *why, size_t n)
{
	(void)k, (void)field;
	static const char expected[] = "stream names separated by commas";
	char buf[VALUE_MAX], *item[SR_STREAMS_MAX + 1];
	if (trimmed(text, buf, sizeof buf))
		return say(why, n, "the list is too long, expected %s", expected);
	int count = split(buf, item, SR_STREAMS_MAX, "stream name", expected,
			  why, n);
	if (count < 0)
		return -1;
	for (int i = 0; i < count; i++) {
		char s[64];
		if (!valid_name(item[i], SR_STREAM_NAME_MAX - 1))
			return say(why, n, "'%s' is not a stream name, expected %s",
				   shown(item[i], s, sizeof s), expected);
		for (int j = 0; j < i; j++)
			if (!strcmp(item[i], item[j]))
				return say(why, n, "stream '%s' is named twice, "
					   "expected each stream once", item[i]);
	}
	for (int i = 0; i < count; i++)
		strcpy(c->s->order[i], item[i]);
	c->s->norder = (size_t)count;
	return 0;
}

static void f_order(const struct key *k, const void *field,
		    const struct sr_scenario *s, struct buf *b)
{
	(void)k, (void)field;
	for (size_t i = 0; i < s->norder; i++)
		put(b, "%s%s", i ? ", " : "", s->order[i]);
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
static const struct kind
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
	k_delay = KIND(p_delay, f_delay, bound_real, "two durations", 0),
	k_lognormal = KIND(p_lognormal, f_lognormal, bound_real,
			   "two durations", 0),
	k_outcome = KIND(p_outcome, f_outcome, bound_real,
			 "three percentages", 0),
	k_ramp = KIND(p_ramp, f_ramp, bound_real, "a ramp", 1),
	k_table = KIND(p_table, f_table, bound_real, "a table", 1),
	k_weights = KIND(p_weights, f_weights, bound_real, "weights", 1),
	k_campaigns = KIND(p_campaigns, f_campaigns, bound_real, "campaigns", 1),
	k_increases = KIND(p_increases, f_increases, bound_real, "increases", 1),
	k_order = KIND(p_order, f_order, bound_real, "stream names", 1),
	k_migstart = KIND(p_migstart, f_migstart, bound_duration,
			  "a duration", 0);

/* ---- the sections and their keys ----------------------------------------------- */

static const struct choice stages[] = {
	{"sandbox", SR_STAGE_SANDBOX}, {"production", SR_STAGE_PRODUCTION},
	{NULL, 0}};
static const struct choice mail_types[] = {
	{"transactional", SR_MAIL_TRANSACTIONAL}, {"system", SR_MAIL_SYSTEM},
	{"subscription", SR_MAIL_SUBSCRIPTION}, {"marketing", SR_MAIL_MARKETING},
	{"other", SR_MAIL_OTHER}, {NULL, 0}};
static const struct choice client_kinds[] = {
	{"paced", SR_CLIENT_PACED}, {"naive", SR_CLIENT_NAIVE}, {NULL, 0}};
static const struct choice on_quota[] = {
	{"overflow", SR_ON_QUOTA_OVERFLOW}, {"wait", SR_ON_QUOTA_WAIT},
	{"drop", SR_ON_QUOTA_DROP}, {NULL, 0}};
static const struct choice splits[] = {
	{"weight", SR_SPLIT_WEIGHT}, {"fill", SR_SPLIT_FILL}, {NULL, 0}};
static const struct choice lost_to[] = {
	{"legacy", SR_LOST_TO_LEGACY}, {"drop", SR_LOST_TO_DROP}, {NULL, 0}};
static const struct choice strategies[] = {
	{"big_bang", SR_MIGRATE_BIG_BANG}, {"ramp", SR_MIGRATE_RAMP},
	{"quota_following", SR_MIGRATE_QUOTA_FOLLOWING},
	{"stream_order", SR_MIGRATE_STREAM_ORDER}, {NULL, 0}};
static const struct choice trends[] = {
	{"none", SR_TREND_NONE}, {"linear", SR_TREND_LINEAR},
	{"exponential", SR_TREND_EXPONENTIAL}, {"table", SR_TREND_TABLE},
	{NULL, 0}};

/* One row per key: name, kind, base object, field, range, flags, choices. */
#define ROW(nm, kd, b, type, m, lo, hi, fl, ch) \
	{ nm, &kd, b, offsetof(type, m), lo, hi, fl, ch }
#define S(nm, kd, m, lo, hi, fl) \
	ROW(nm, kd, B_SCEN, struct sr_scenario, m, lo, hi, fl, NULL)
#define W(nm, kd, m, lo, hi, fl) \
	ROW(nm, kd, B_WORLD, struct sr_world_params, m, lo, hi, fl, NULL)
#define WC(nm, m, ch) \
	ROW(nm, k_choice, B_WORLD, struct sr_world_params, m, 0, 0, 0, ch)
#define A(nm, kd, m, lo, hi, fl) \
	ROW(nm, kd, B_ACCOUNT, struct sr_account_config, m, lo, hi, fl, NULL)
#define AC(nm, m, ch) \
	ROW(nm, k_choice, B_ACCOUNT, struct sr_account_config, m, 0, 0, 0, ch)
#define Q(nm, kd, m, lo, hi, fl) \
	ROW(nm, kd, B_QUALITY, struct sr_stream_quality, m, lo, hi, fl, NULL)
#define Y(nm, kd, m, lo, hi, fl) \
	ROW(nm, kd, B_SYNTH, struct sr_synth_stream, m, lo, hi, fl, NULL)
#define YC(nm, m, ch) \
	ROW(nm, k_choice, B_SYNTH, struct sr_synth_stream, m, 0, 0, 0, ch)
/* Keys whose kind reads into the whole object (lists with a length). */
#define WHOLE_OBJECT(nm, kd, b) { nm, &kd, b, 0, 0, 0, 0, NULL }

static const struct key simulation_keys[] = {
	S("name", k_name, name, 0, 63, 0),
	W("start", k_date, origin_us, 0, 0, 0),
	W("duration", k_duration, horizon_us, 0, DUR_MAX, OPEN_LO),
	W("seed", k_u64, seed, 0, 0, 0),
	S("bucket", k_bucket, bucket_us, 0, 0, 0),
	S("replications", k_uint, replications, 1, 100000, 0),
};

static const struct key account_keys[] = {
	A("region", k_region, region, 0, 31, 0),
	AC("stage", stage, stages),
	A("related", k_bool, related, 0, 0, 0),
	A("max_24h", k_limit, max_24h, 1, VOL_MAX, 0),
	A("max_rate", k_real, max_rate, 0, RATE_MAX, OPEN_LO),
	A("access_request", k_when, access_at_us, 0, DUR_MAX, 0),
	AC("mail_type", form.mail_type, mail_types),
	A("website", k_bool, form.website, 0, 0, 0),
	A("complies_with_terms", k_bool, form.complies_with_terms, 0, 0, 0),
	A("opt_in_only", k_bool, form.opt_in_only, 0, 0, 0),
	A("handles_bounces", k_bool, form.handles_bounces, 0, 0, 0),
	A("description", k_share, form.description, 0, 1, 0),
	A("requested_quota", k_count, form.quota, 1, VOL_MAX, 0),
	A("requested_rate", k_real, form.rate, 0, RATE_MAX, OPEN_LO),
	A("expected_daily", k_count, form.expected_daily, 0, VOL_MAX, 0),
	WHOLE_OBJECT("increase", k_increases, B_ACCOUNT),
	A("weight", k_real, weight, 0, 1e6, 0),
};

static const struct key limiter_keys[] = {
	W("sandbox_quota", k_count, account.sandbox_quota, 1, VOL_MAX, 0),
	W("sandbox_rate", k_real, account.sandbox_rate, 0, RATE_MAX, OPEN_LO),
	W("burst", k_seconds, account.burst_s, 0, (double)SR_US_PER_DAY, OPEN_LO),
	W("refused_takes_token", k_bool, account.refused_takes_token, 0, 0, 0),
};

static const struct key requests_keys[] = {
	W("access_delay", k_delay, requests.access_delay, 0, 0, 0),
	W("access_outcome", k_outcome, requests.access, 0, 0, 0),
	W("related_outcome", k_outcome, requests.related, 0, 0, 0),
	W("no_website_shift", k_share, requests.no_website_shift, 0, 1, 0),
	W("thin_description_shift", k_share, requests.thin_description_shift,
	  0, 1, 0),
	W("reply_delay", k_delay, requests.reply_delay, 0, 0, 0),
	W("reapply", k_bool, requests.reapply, 0, 0, 0),
	W("reapply_after", k_duration, requests.reapply_after_us, 0, DUR_MAX, 0),
	W("overask_factor", k_real, requests.overask_factor, 0, FACTOR_MAX,
	  OPEN_LO),
	W("increase_delay", k_delay, requests.increase_delay, 0, 0, 0),
	W("full_factor", k_real, requests.full_factor, 0, FACTOR_MAX, OPEN_LO),
	W("partial_factor", k_real, requests.partial_factor, 0, FACTOR_MAX,
	  OPEN_LO),
	W("lookback", k_days, requests.lookback_days, 1, SR_PEAK_DAYS, 0),
};

static const struct key reputation_keys[] = {
	W("volume", k_count, reputation.volume, 1, VOL_MAX, 0),
	W("bounce_review", k_share, reputation.bounce_review, 0, 1, OPEN_LO),
	W("bounce_pause", k_share, reputation.bounce_pause, 0, 1, OPEN_LO),
	W("complaint_review", k_share, reputation.complaint_review, 0, 1, OPEN_LO),
	W("complaint_pause", k_share, reputation.complaint_pause, 0, 1, OPEN_LO),
	W("fixes_cause", k_bool, reputation.fixes_cause, 0, 0, 0),
	W("resume_after", k_duration, reputation.resume_after_us, 0, DUR_MAX, 0),
};

static const struct key growth_keys[] = {
	W("enabled", k_bool, growth.enabled, 0, 0, 0),
	W("window", k_days, growth.window_days, 1, SR_PEAK_DAYS - 1, 0),
	W("days_required", k_int, growth.days_required, 1, SR_PEAK_DAYS - 1, 0),
	W("trigger", k_share, growth.trigger, 0, 1, OPEN_LO),
	W("factor", k_real, growth.factor, 1, FACTOR_MAX, OPEN_LO),
	W("rate_factor", k_real, growth.rate_factor, 0, FACTOR_MAX, OPEN_LO),
	W("cap", k_count, growth.cap, 1, VOL_MAX, 0),
	W("spacing", k_duration, growth.spacing_us, 0, DUR_MAX, 0),
	W("max_bounce", k_share, growth.max_bounce, 0, 1, OPEN_LO),
	W("max_complaint", k_share, growth.max_complaint, 0, 1, OPEN_LO),
};

static const struct key feedback_keys[] = {
	W("hard_bounce_delay", k_lognormal, feedback.hard_delay, 0.99, 0, 0),
	W("complaint_delay", k_lognormal, feedback.complaint_delay, 0.95, 0, 0),
	W("soft_retry", k_duration, feedback.soft_retry_us, 0, DUR_MAX, 0),
	W("delay_bins", k_int, feedback.bins, 1, 32, 0),
};

static const struct key client_keys[] = {
	WC("kind", client.kind, client_kinds),
	W("pace", k_share, client.pace, 0, 1, OPEN_LO),
	W("read_interval", k_duration, client.read_interval_us, 0, DUR_MAX,
	  OPEN_LO),
	WC("on_quota", client.on_quota, on_quota),
	W("max_wait", k_duration, client.max_wait_us, 0, DUR_MAX, 0),
	WC("wait_then", client.wait_then, lost_to),
	WC("lost_to", client.lost_to, lost_to),
	W("attempts_per_s", k_real, client.attempts_per_s, 0, 1e9, OPEN_LO),
	W("backoff_base", k_duration, client.backoff_base_us, 0, DUR_MAX,
	  OPEN_LO),
	W("backoff_factor", k_real, client.backoff_factor, 1, FACTOR_MAX, 0),
	W("backoff_cap", k_duration, client.backoff_cap_us, 0, DUR_MAX, OPEN_LO),
	W("max_tries", k_int, client.max_tries, 1, 255, 0),
	W("jitter_bins", k_int, client.jitter_bins, 1, 64, 0),
};

static const struct key migration_keys[] = {
	WC("strategy", router.strategy, strategies),
	W("start", k_migstart, router.start_us, 0, DUR_MAX, 0),
	W("ramp", k_ramp, router, 0, 0, 0),
	W("target", k_share, router.target, 0, 1, OPEN_LO),
	S("order", k_order, order, 0, 0, 0),
	W("sandbox_filter", k_bool, router.sandbox_filter, 0, 0, 0),
	WC("split", split, splits),
	W("legacy_capacity", k_limit, legacy_capacity_per_day, 0, VOL_MAX, 0),
	S("legacy_price", k_real, legacy_price, 0, 1e6, 0),
	S("ses_price", k_real, ses_price, 0, 1e6, 0),
};

static const struct key stream_keys[] = {
	Q("recipients_per_message", k_real, recipients_per_message, 1, 50, WHOLE),
	Q("hard_bounce", k_share, hard_bounce_p, 0, 1, 0),
	Q("soft_bounce", k_share, soft_bounce_p, 0, 1, 0),
	Q("complaint", k_share, complaint_p, 0, 1, 0),
	Q("fbl_share", k_share, fbl_share, 0, 1, 0),
	Q("verified_share", k_share, verified_share, 0, 1, 0),
	Q("simulator_share", k_share, simulator_share, 0, 1, 0),
	Q("list_size", k_count, list_size, 0, VOL_MAX, 0),
	Y("volume", k_volume, volume_per_day, 0, VOL_MAX, 0),
	YC("trend", trend, trends),
	Y("trend_per_day", k_share, trend_per_day, -1, 100, OPEN_LO),
	WHOLE_OBJECT("trend_table", k_table, B_SYNTH),
	Y("hourly", k_weights, hourly, 0, 24, 0),
	Y("weekday", k_weights, weekday, 0, 7, 0),
	WHOLE_OBJECT("campaigns", k_campaigns, B_SYNTH),
};

static const struct key planning_keys[] = {
	S("slo", k_duration, planning.slo_us, 0, DUR_MAX, OPEN_LO),
	S("confidence", k_share, planning.confidence, 0.5, 0.999, OPEN_LO),
	S("margin", k_share, planning.margin, 0, 100, 0),
};

static const struct key workload_keys[] = {
	W("recorded", k_path, recorded, 0, 0, 0),
	W("interval", k_duration, synth.interval_us, 0, (double)SR_US_PER_DAY, 0),
	W("skip_bad_rows", k_bool, skip_bad_rows, 0, 0, 0),
};

/* Kinds of section; the first ten are also their instance numbers. */
enum sec {
	SEC_SIMULATION, SEC_LIMITER, SEC_REQUESTS, SEC_REPUTATION, SEC_GROWTH,
	SEC_FEEDBACK, SEC_CLIENT, SEC_MIGRATION, SEC_WORKLOAD, SEC_PLANNING,
	SEC_STREAM, SEC_ACCOUNT
};

#define FIRST_STREAM SEC_STREAM
#define FIRST_ACCOUNT (SEC_STREAM + SR_STREAMS_MAX)

static const struct section {
	const char *name;
	const struct key *keys;
	size_t nkeys;
} sections[] = {
#define SEC(e, nm, keys) [e] = { nm, keys, N(keys) }
	SEC(SEC_SIMULATION, "simulation", simulation_keys),
	SEC(SEC_LIMITER, "limiter", limiter_keys),
	SEC(SEC_REQUESTS, "requests", requests_keys),
	SEC(SEC_REPUTATION, "reputation", reputation_keys),
	SEC(SEC_GROWTH, "growth", growth_keys),
	SEC(SEC_FEEDBACK, "feedback", feedback_keys),
	SEC(SEC_CLIENT, "client", client_keys),
	SEC(SEC_MIGRATION, "migration", migration_keys),
	SEC(SEC_WORKLOAD, "workload", workload_keys),
	SEC(SEC_PLANNING, "planning", planning_keys),
	SEC(SEC_STREAM, "stream", stream_keys),
	SEC(SEC_ACCOUNT, "account", account_keys),
#undef SEC
};

_Static_assert(SEC_PLANNING + 1 + SR_STREAMS_MAX + SR_ACCOUNTS_MAX ==
	       SR_SCENARIO_SECTIONS, "section instances");
_Static_assert(N(account_keys) <= SR_SCENARIO_KEYS &&
	       N(stream_keys) <= SR_SCENARIO_KEYS &&
	       N(client_keys) <= SR_SCENARIO_KEYS &&
	       N(requests_keys) <= SR_SCENARIO_KEYS, "keys per section");

static const char section_list[] = "simulation, account NAME, limiter, "
	"requests, reputation, growth, feedback, client, migration, "
	"stream NAME, workload, planning";

/* The kind of a section instance, and the stream or account it is. */
static enum sec sec_of(int inst, size_t *idx)
{
	*idx = 0;
	if (inst < FIRST_STREAM)
		return (enum sec)inst;
	if (inst < FIRST_ACCOUNT) {
		*idx = (size_t)(inst - FIRST_STREAM);
		return SEC_STREAM;
	}
	*idx = (size_t)(inst - FIRST_ACCOUNT);
	return SEC_ACCOUNT;
}

static void *field_of(struct sr_scenario *s, int inst, const struct key *k)
{
	size_t i;
	sec_of(inst, &i);
	char *base = NULL;
	switch (k->base) {
	case B_SCEN: base = (char *)s; break;
	case B_WORLD: base = (char *)&s->world; break;
	case B_ACCOUNT: base = (char *)&s->world.accounts[i]; break;
	case B_QUALITY: base = (char *)&s->world.quality[i]; break;
	case B_SYNTH: base = (char *)&s->world.synth.streams[i]; break;
	}
	return base + k->off;
}

static const struct key *find_key(enum sec kind, const char *name)
{
	const struct section *sc = &sections[kind];
	for (size_t i = 0; i < sc->nkeys; i++)
		if (!strcmp(sc->keys[i].name, name))
			return &sc->keys[i];
	return NULL;
}

static int *key_line(struct sr_scenario *s, int inst, const struct key *k)
{
	size_t i;
	enum sec kind = sec_of(inst, &i);
	return &s->key_line[inst][k - sections[kind].keys];
}

/* "simulation", "stream web", "account main" */
static const char *title(const struct sr_scenario *s, int inst, char *buf,
			 size_t n)
{
	size_t i;
	enum sec kind = sec_of(inst, &i);
	if (kind == SEC_STREAM)
		snprintf(buf, n, "stream %s", s->world.stream_names[i]);
	else if (kind == SEC_ACCOUNT)
		snprintf(buf, n, "account %s", s->world.accounts[i].name);
	else
		snprintf(buf, n, "%s", sections[kind].name);
	return buf;
}

/* ---- defaults --------------------------------------------------------------------- */

static void account_default(struct sr_account_config *a, const char *name)
{
	memset(a, 0, sizeof *a);
	snprintf(a->name, sizeof a->name, "%s", name);
	snprintf(a->region, sizeof a->region, "us-east-1");
	a->stage = SR_STAGE_SANDBOX;
	a->max_24h = 50000;
	a->max_rate = 14;
	a->access_at_us = 0;
	sr_access_form_default(&a->form);
	a->weight = 1;
}

void sr_scenario_default(struct sr_scenario *s)
{
	memset(s, 0, sizeof *s);
	sr_world_params_default(&s->world);
	s->world.origin_us = sr_days_from_civil(2026, 1, 5) * SR_US_PER_DAY;
	account_default(&s->world.accounts[0], "main");
	snprintf(s->name, sizeof s->name, "scenario");
	s->bucket_us = SR_US_PER_H;
	s->replications = 1;
	s->legacy_price = 0.80;
	s->ses_price = 0.10;
	s->planning.slo_us = SR_US_PER_H;
	s->planning.confidence = 0.9;
	s->planning.margin = 0.2;
}

/* The first named stream or account replaces the implicit one. */
static int add_stream(struct sr_scenario *s, const char *name)
{
	struct sr_world_params *w = &s->world;
	if (!s->named_streams) {
		s->named_streams = 1;
		w->nstreams = 0;
	}
	size_t i = w->nstreams++;
	w->synth.nstreams = w->nstreams;
	snprintf(w->stream_names[i], SR_STREAM_NAME_MAX, "%s", name);
	sr_stream_quality_default(&w->quality[i]);
	sr_synth_stream_default(&w->synth.streams[i], 10000);
	memset(s->key_line[FIRST_STREAM + i], 0, sizeof s->key_line[0]);
	return FIRST_STREAM + (int)i;
}

static int add_account(struct sr_scenario *s, const char *name)
{
	struct sr_world_params *w = &s->world;
	if (!s->named_accounts) {
		s->named_accounts = 1;
		w->naccounts = 0;
	}
	size_t i = w->naccounts++;
	account_default(&w->accounts[i], name);
	memset(s->key_line[FIRST_ACCOUNT + i], 0, sizeof s->key_line[0]);
	return FIRST_ACCOUNT + (int)i;
}

static int find_stream(const struct sr_scenario *s, const char *name)
{
	for (size_t i = 0; i < s->world.nstreams; i++)
		if (!strcmp(s->world.stream_names[i], name))
			return (int)i;
	return -1;
}

static int find_account(const struct sr_scenario *s, const char *name)
{
	for (size_t i = 0; i < s->world.naccounts; i++)
		if (!strcmp(s->world.accounts[i].name, name))
			return (int)i;
	return -1;
}

/* ---- messages ------------------------------------------------------------------ */

static int fail_at(struct ctx *c, int line, const char *fmt, ...) PRINTF(3, 4);

/* Keeps the first error, prefixed with FILE:LINE, FILE or --set. */
static int fail_at(struct ctx *c, int line, const char *fmt, ...)
{
	if (c->failed)
		return -1;
	c->failed = 1;
	if (!c->err || !c->errlen)
		return -1;
	const char *path = c->s->path[0] ? c->s->path : "scenario";
	int k;
	if (line == SR_SCENARIO_SET_LINE)
		k = snprintf(c->err, c->errlen, "--set: ");
	else if (line > 0)
		k = snprintf(c->err, c->errlen, "%s:%d: ", path, line);
	else
		k = snprintf(c->err, c->errlen, "%s: ", path);
	if (k >= 0 && (size_t)k < c->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->err + k, c->errlen - (size_t)k, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int unknown_key(struct ctx *c, int inst, const char *name, int line)
{
	char t[128], list[512];
	size_t i;
	const struct section *sc = &sections[sec_of(inst, &i)];
	struct buf b = {list, sizeof list, 0, 0};
	for (size_t k = 0; k < sc->nkeys; k++)
		put(&b, "%s%s", k ? ", " : "", sc->keys[k].name);
	return fail_at(c, line, "[%s] %s: unknown key, expected one of: %s",
		       title(c->s, inst, t, sizeof t), name, list);
}

/* Reads a value into its field and notes where it was set. */
static int apply(struct ctx *c, int inst, const struct key *k,
		 const char *value, int line)
{
	char why[1024], t[128];
	if (k->kind->parse(k, value, field_of(c->s, inst, k), c, why, sizeof why))
		return fail_at(c, line, "[%s] %s: %s",
			       title(c->s, inst, t, sizeof t), k->name, why);
	*key_line(c->s, inst, k) = line;
	return 0;
}

/* ---- sections -------------------------------------------------------------------- */

static int stream_or_account(struct ctx *c, const char *word, const char *name,
			     int line)
{
	int stream = !strcmp(word, "stream");
	size_t max = stream ? SR_STREAM_NAME_MAX - 1 : sizeof c->s->name - 1;
	if (!stream && strcmp(word, "account"))
		return fail_at(c, line, "[%s%s%s]: unknown section, expected one "
			       "of: %s", word, name ? " " : "", name ? name : "",
			       section_list);
	if (!name || !valid_name(name, max))
		return fail_at(c, line, "[%s%s%s]: the %s needs a name of 1 to "
			       "%zu letters, digits, '_', '-' or '.', expected "
			       "[%s NAME]", word, name ? " " : "", name ? name : "",
			       word, max, word);
	return stream;
}

/*
 * Finds the instance of the section "word name" (name NULL for the fixed
 * ones) into *inst.  With create (a file), a stream or account not named
 * before in the file is made; without (--set), it must exist.  Returns 0 or
 * -1 with a message.
 */
static int open_section(struct ctx *c, const char *word, const char *name,
			int create, int line, int *inst)
{
	struct sr_scenario *s = c->s;
	for (int kind = 0; kind < SEC_STREAM; kind++) {
		if (strcmp(word, sections[kind].name))
			continue;
		if (name)
			return fail_at(c, line, "[%s %s]: unexpected name '%s', "
				       "expected [%s]", word, name, name, word);
		*inst = kind;
		return 0;
	}
	int stream = stream_or_account(c, word, name, line);
	if (stream < 0)
		return -1;
	int i = stream ? find_stream(s, name) : find_account(s, name);
	int first = stream ? FIRST_STREAM : FIRST_ACCOUNT;
	if (i >= 0 && (!create || (stream ? s->named_streams : s->named_accounts))) {
		*inst = first + i;
		return 0;
	}
	if (!create)
		return fail_at(c, line, "[%s %s]: no such %s, expected the name "
			       "of one in the scenario", word, name, word);
	size_t have = stream ? s->world.nstreams : s->world.naccounts;
	size_t max = stream ? SR_STREAMS_MAX : SR_ACCOUNTS_MAX;
	if ((stream ? s->named_streams : s->named_accounts) && have == max)
		return fail_at(c, line, "[%s %s]: more than %zu %ss, expected at "
			       "most %zu", word, name, max, word, max);
	*inst = stream ? add_stream(s, name) : add_account(s, name);
	s->section_line[*inst] = 0;
	return 0;
}

/* Splits "word name" (blanks trimmed) into its two parts; -1 if there are
 * more than two words. */
static int section_words(char *text, char **word, char **name)
{
	char *p = (char *)skip(text);
	p[trimmed_len(p)] = '\0';
	*word = p;
	*name = NULL;
	while (*p && !blank(*p))
		p++;
	if (!*p)
		return 0;
	*p = '\0';
	*name = (char *)skip(p + 1);
	for (char *q = *name; *q; q++)
		if (blank(*q))
			return -1;
	return 0;
}

/* A "[...]" line: opens the section, so that one without keys counts too
 * (inih never reports an empty section). */
static int begin_section(struct ctx *c, const char *line)
{
	char buf[256], *word, *name;
	const char *close = strchr(line, ']');
	int len = close ? (int)(close - line - 1) : 0;
	int inst;
	if (!close || len >= (int)sizeof buf)
		return fail_at(c, c->lineno, "'%.60s' is not a section header, "
			       "expected [SECTION] with a closing ']'", line);
	const char *after = skip(close + 1);
	if (*after && *after != ';' && *after != '#')
		return fail_at(c, c->lineno, "[%.*s]: text after ']', expected "
			       "[SECTION] alone on its line", len, line + 1);
	memcpy(buf, line + 1, (size_t)len);
	buf[len] = '\0';
	if (section_words(buf, &word, &name))
		return fail_at(c, c->lineno, "[%.*s]: too many words, expected "
			       "[SECTION] or [SECTION NAME]", len, line + 1);
	if (open_section(c, word, name, 1, c->lineno, &inst))
		return -1;
	if (c->s->section_line[inst])
		return fail_at(c, c->lineno, "[%s%s%s]: the section appears twice "
			       "(first on line %d), expected each section once",
			       word, name ? " " : "", name ? name : "",
			       c->s->section_line[inst]);
	c->s->section_line[inst] = c->lineno;
	c->inst = inst;
	return 0;
}

/* ---- reading a file ----------------------------------------------------------------- */

static int ends_with_comma(const char *v)
{
	size_t len = trimmed_len(v);
	return len && v[len - 1] == ',';
}

/* Cuts an inline comment: ';' after a blank, as inih does. */
static void cut_comment(char *p)
{
	for (char *q = p; *q; q++) {
		if (*q == ';' && q > p && blank(q[-1])) {
			*q = '\0';
			break;
		}
	}
	p[trimmed_len(p)] = '\0';
}

/* A line while a value ends with ',': an indented line carries on. */
static char *continued(struct ctx *c, char *raw, char *str)
{
	char t[128];
	char *p = (char *)skip(raw);
	str[0] = '\0';
	if (*p == ';' || *p == '#')
		return str;
	if (p == raw || !*p) {
		fail_at(c, c->cont_line, "[%s] %s: the value ends with ',' but line "
			"%d does not continue it, expected the rest on an indented "
			"line", title(c->s, c->inst, t, sizeof t), c->cont_key->name,
			c->lineno);
		return NULL;
	}
	cut_comment(p);
	size_t len = strlen(c->value);
	if (len + 1 + strlen(p) >= sizeof c->value) {
		fail_at(c, c->cont_line, "[%s] %s: the value is too long, expected "
			"at most %zu characters", title(c->s, c->inst, t, sizeof t),
			c->cont_key->name, sizeof c->value - 1);
		return NULL;
	}
	snprintf(c->value + len, sizeof c->value - len, " %s", p);
	if (ends_with_comma(p))
		return str;
	c->cont = 0;
	return apply(c, c->inst, c->cont_key, c->value, c->cont_line) ? NULL : str;
}

/* The first '=' must come before any ':' (inih's other separator) and
 * before an inline comment, with a key in front of it. */
static int key_line_ok(const char *p)
{
	const char *q = p;
	while (*q && *q != '=' && *q != ':' && !(*q == ';' && q > p && blank(q[-1])))
		q++;
	return *q == '=' && q > p;
}

static int read_error(struct ctx *c)
{
	if (ferror(c->fp))
		return fail_at(c, 0, "cannot read: %s", strerror(errno));
	if (c->cont) {
		char t[128];
		return fail_at(c, c->cont_line, "[%s] %s: the value ends with ',' "
			       "but the file ends, expected the rest on an indented "
			       "line", title(c->s, c->inst, t, sizeof t),
			       c->cont_key->name);
	}
	return 0;
}

/*
 * One line into c->line, without its end: LF, CR LF or a lone CR (as old
 * Macs wrote, and as the CSV reader takes).  Returns its length, more than
 * READ_MAX if it is longer (the rest is left unread: the line is an error
 * anyway, and a file without line ends, binary or endless, cannot fill
 * memory), or -1 at the end of the file or on an error.
 */
static long read_line(struct ctx *c)
{
	size_t len = 0;
	int ch = EOF;
	if (!c->line && !(c->line = malloc(READ_MAX + 2))) {
		errno = ENOMEM;
		return -1;
	}
	while (len <= READ_MAX && (ch = getc(c->fp)) != EOF && ch != '\n' &&
	       ch != '\r')
		c->line[len++] = (char)ch;
	if (ch == '\r') {
		int next = getc(c->fp);
		if (next != '\n' && next != EOF)
			ungetc(next, c->fp);
	}
	if (ch == EOF && (!len || ferror(c->fp)))
		return -1;
	c->line[len] = '\0';
	return (long)len;
}

/*
 * inih's reader: one line per call, then inih handles it (and calls the
 * handler for a key), so c->lineno is the handler's line.  Checks what inih
 * would silently accept: long lines it would split, indented lines it would
 * join to the previous value, ':' separators, text after "]".
 */
static char *reader(char *str, int num, void *stream)
{
	struct ctx *c = stream;
	if (c->failed)
		return NULL;
	errno = 0;
	long got = read_line(c);
	if (got < 0) {
		if (!c->line)
			fail_at(c, 0, "out of memory");
		read_error(c);
		return NULL;
	}
	c->lineno++;
	size_t len = (size_t)got;
	char *p = c->line;
	if (len > READ_MAX) {
		fail_at(c, c->lineno, "the line is more than %d characters long, "
			"expected at most %d (a value ending with ',' can continue "
			"on an indented line)", READ_MAX, num - LINE_SLACK);
		return NULL;
	}
	if (c->lineno == 1 && !strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3, len -= 3;
	if (c->lineno == 1 && (!strncmp(p, "\xFF\xFE", 2) ||
			       !strncmp(p, "\xFE\xFF", 2))) {
		fail_at(c, c->lineno, "the file is UTF-16 text (it begins with a "
			"UTF-16 byte order mark), expected UTF-8 or ASCII text");
		return NULL;
	}
	if (strlen(p) != len) {
		fail_at(c, c->lineno, "the line holds a NUL byte (a binary or "
			"UTF-16 file?), expected UTF-8 or ASCII text");
		return NULL;
	}
	if (num <= LINE_SLACK || len > (size_t)num - LINE_SLACK) {
		fail_at(c, c->lineno, "the line is %zu characters long, expected "
			"at most %d (a value ending with ',' can continue on an "
			"indented line)", len, num - LINE_SLACK);
		return NULL;
	}
	if (c->cont)
		return continued(c, p, str);
	p = (char *)skip(p);
	if (*p == '[' && begin_section(c, p))
		return NULL;
	if (*p && *p != '[' && *p != ';' && *p != '#' && !key_line_ok(p)) {
		fail_at(c, c->lineno, "'%.60s' is not KEY = VALUE, expected KEY = "
			"VALUE, [SECTION] or a comment", p);
		return NULL;
	}
	memcpy(str, p, strlen(p) + 1);
	return str;
}

static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	(void)section;   /* inih cuts long ones; begin_section() saw it whole */
	struct ctx *c = user;
	char t[128];
	if (c->failed)
		return 0;
	if (c->inst < 0)
		return !fail_at(c, c->lineno, "%s: the key is outside any section, "
				"expected a [SECTION] line before it", name);
	size_t i;
	const struct key *k = find_key(sec_of(c->inst, &i), name);
	if (!k)
		return !unknown_key(c, c->inst, name, c->lineno);
	int *seen = key_line(c->s, c->inst, k);
	if (*seen > 0)
		return !fail_at(c, c->lineno, "[%s] %s: set twice (first on line "
				"%d), expected each key once per section",
				title(c->s, c->inst, t, sizeof t), name, *seen);
	*seen = c->lineno;
	if (ends_with_comma(value)) {
		snprintf(c->value, sizeof c->value, "%s", value);
		c->cont = 1;
		c->cont_key = k;
		c->cont_line = c->lineno;
		return 1;
	}
	return !apply(c, c->inst, k, value, c->lineno);
}

/* The name a scenario takes from its file: "migrate.ini" -> "migrate". */
static void default_name(struct sr_scenario *s, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t len = strlen(base);
	if (len > 4 && !strcmp(base + len - 4, ".ini"))
		len -= 4;
	if (len > sizeof s->name - 1)
		len = sizeof s->name - 1;
	for (size_t i = 0; i < len; i++)
		s->name[i] = name_char((unsigned char)base[i]) ? base[i] : '_';
	s->name[len] = '\0';
	if (!len)
		snprintf(s->name, sizeof s->name, "scenario");
}

/* dir = a "/" b (b of length blen), without doubling a root "/"; -1 if it
 * does not fit. */
static int join(char *dir, size_t n, const char *a, const char *b, size_t blen)
{
	size_t alen = strlen(a);
	int sep = alen && blen && a[alen - 1] != '/';
	if (alen + (size_t)sep + blen >= n)
		return -1;
	memmove(dir, a, alen);
	if (sep)
		dir[alen] = '/';
	if (blen)
		memcpy(dir + alen + (size_t)sep, b, blen);
	dir[alen + (size_t)sep + blen] = '\0';
	return 0;
}

/*
 * The absolute directory of the file at path, or the current directory if
 * path is NULL.  If the current directory is unknown or too long, the
 * relative directory stands (relative paths then stay relative to it).
 */
static void dir_of(const char *path, char *dir, size_t n)
{
	char cwd[4096];
	const char *slash = path ? strrchr(path, '/') : NULL;
	size_t len = slash ? (size_t)(slash - path) : 0;
	if (len == 1 && path[0] == '.')
		len = 0;                /* "./a.ini" */
	if (path && path[0] == '/') {
		if (join(dir, n, len ? "" : "/", path, len))
			snprintf(dir, n, "/");
		return;
	}
	if (!getcwd(cwd, sizeof cwd) || join(dir, n, cwd, path, len))
		if (join(dir, n, len ? "" : ".", path, len))
			snprintf(dir, n, ".");
}

int sr_scenario_load(struct sr_scenario *s, const char *path, char *err,
		     size_t errlen)
{
	sr_scenario_default(s);
	struct ctx *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	*c = (struct ctx){.s = s, .base = s->dir, .err = err, .errlen = errlen,
			  .inst = -1};
	snprintf(s->path, sizeof s->path, "%s", path);
	default_name(s, path);
	dir_of(path, s->dir, sizeof s->dir);
	c->fp = fopen(path, "r");
	if (!c->fp) {
		fail_at(c, 0, "cannot open: %s", strerror(errno));
	} else {
		int rc = ini_parse_stream(reader, c, handler, c);
		if (!c->failed && rc > 0)
			fail_at(c, rc, "syntax error, expected [SECTION], KEY = VALUE "
				"or a comment");
		else if (!c->failed && rc < 0)
			fail_at(c, 0, "out of memory");
		fclose(c->fp);
	}
	free(c->line);
	int failed = c->failed;
	free(c);
	return failed ? -1 : 0;
}

/* ---- --set ----------------------------------------------------------------------- */

int sr_scenario_set(struct sr_scenario *s, const char *assignment, char *err,
		    size_t errlen)
{
	char lhs[256], dir[4096], *word, *name;
	struct ctx *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "--set: out of memory");
		return -1;
	}
	dir_of(NULL, dir, sizeof dir);
	*c = (struct ctx){.s = s, .base = dir, .err = err, .errlen = errlen};
	const char *eq = strchr(assignment, '=');
	char *dot = NULL;
	if (eq && (size_t)(eq - assignment) < sizeof lhs) {
		memcpy(lhs, assignment, (size_t)(eq - assignment));
		lhs[eq - assignment] = '\0';
		dot = strrchr(lhs, '.');
	}
	if (!dot) {
		fail_at(c, SR_SCENARIO_SET_LINE, "'%.60s' is not SECTION.KEY=VALUE, "
			"expected e.g. growth.cap=2M or 'stream web.volume=20k'",
			assignment);
	} else {
		*dot = '\0';
		char *key = (char *)skip(dot + 1);
		key[trimmed_len(key)] = '\0';
		int inst;
		size_t i;
		const struct key *k;
		if (section_words(lhs, &word, &name))
			fail_at(c, SR_SCENARIO_SET_LINE, "[%s]: not a section, "
				"expected one of: %s", lhs, section_list);
		else if (open_section(c, word, name, 0, SR_SCENARIO_SET_LINE, &inst))
			;   /* reported */
		else if (!(k = find_key(sec_of(inst, &i), key)))
			unknown_key(c, inst, key, SR_SCENARIO_SET_LINE);
		else
			apply(c, inst, k, eq + 1, SR_SCENARIO_SET_LINE);
	}
	int failed = c->failed;
	free(c);
	return failed ? -1 : 0;
}

/* ---- finish --------------------------------------------------------------------------- */

static int line_of(struct sr_scenario *s, int inst, const char *name)
{
	size_t i;
	return *key_line(s, inst, find_key(sec_of(inst, &i), name));
}

void sr_scenario_where(const struct sr_scenario *s, const char *section,
		       const char *key, char *buf, size_t n)
{
	const char *path = s->path[0] ? s->path : "scenario";
	int line = 0;
	for (int kind = 0; kind < SEC_STREAM; kind++) {
		const struct key *k = find_key((enum sec)kind, key);
		if (k && !strcmp(sections[kind].name, section))
			line = s->key_line[kind][k - sections[kind].keys];
	}
	if (line == SR_SCENARIO_SET_LINE)
		snprintf(buf, n, "--set: [%s] %s", section, key);
	else if (line > 0)
		snprintf(buf, n, "%s:%d: [%s] %s", path, line, section, key);
	else
		snprintf(buf, n, "%s: [%s] %s", path, section, key);
}

/* Reports against a key: FILE:LINE of where it was set. */
static int key_fail(struct ctx *c, int inst, const char *name, const char *fmt,
		    ...) PRINTF(4, 5);

static int key_fail(struct ctx *c, int inst, const char *name, const char *fmt,
		    ...)
{
	char why[1024], t[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return fail_at(c, line_of(c->s, inst, name), "[%s] %s: %s",
		       title(c->s, inst, t, sizeof t), name, why);
}

/* Of two keys that disagree, the one set last is blamed (--set counts as
 * last), or the first if neither was set. */
static const char *blame(struct sr_scenario *s, int inst, const char *a,
			 const char *b)
{
	int la = line_of(s, inst, a), lb = line_of(s, inst, b);
	if (lb == SR_SCENARIO_SET_LINE || (la != SR_SCENARIO_SET_LINE && lb > la))
		return b;
	return a;
}

static int finish_streams(struct ctx *c)
{
	struct sr_world_params *w = &c->s->world;
	if (w->nstreams < 1)
		return fail_at(c, 0, "no stream, expected at least one [stream NAME]");
	w->synth.nstreams = w->nstreams;
	w->synth.origin_us = w->origin_us;
	w->synth.horizon_us = w->horizon_us;
	for (size_t i = 0; i < w->nstreams; i++) {
		struct sr_synth_stream *y = &w->synth.streams[i];
		int inst = FIRST_STREAM + (int)i;
		y->recipients_per_message = (int)w->quality[i].recipients_per_message;
		if (y->trend == SR_TREND_TABLE && !y->table_len)
			return key_fail(c, inst, blame(c->s, inst, "trend",
						       "trend_table"),
					"a table trend needs points, expected "
					"trend_table = %s", EXP_TABLE);
	}
	return 0;
}

static int finish_accounts(struct ctx *c)
{
	struct sr_world_params *w = &c->s->world;
	double weights = 0;
	for (size_t i = 0; i < w->naccounts; i++) {
		struct sr_account_config *a = &w->accounts[i];
		int inst = FIRST_ACCOUNT + (int)i;
		const char *limit = line_of(c->s, inst, "max_24h") ? "max_24h" :
				    line_of(c->s, inst, "max_rate") ? "max_rate" :
				    NULL;
		if (a->stage == SR_STAGE_SANDBOX && limit)
			return key_fail(c, inst, limit, "a sandbox account has the "
					"sandbox limits, expected %s only with "
					"stage = production", limit);
		if (a->stage == SR_STAGE_PRODUCTION) {
			if (line_of(c->s, inst, "access_request"))
				return key_fail(c, inst, "access_request", "a "
						"production account has access "
						"already, expected access_request "
						"only with stage = sandbox");
			a->access_at_us = -1;
		}
		weights += a->weight;
	}
	if (!(weights > 0))
		return key_fail(c, FIRST_ACCOUNT + (int)w->naccounts - 1, "weight",
				"every account has weight 0, expected at least "
				"one positive weight");
	return 0;
}

static int finish_order(struct ctx *c)
{
	struct sr_scenario *s = c->s;
	struct sr_router_params *r = &s->world.router;
	char names[1024];
	struct buf b = {names, sizeof names, 0, 0};
	for (size_t i = 0; i < s->world.nstreams; i++)
		put(&b, "%s%s", i ? ", " : "", s->world.stream_names[i]);
	for (size_t i = 0; i < s->norder; i++) {
		int k = find_stream(s, s->order[i]);
		if (k < 0)
			return key_fail(c, SEC_MIGRATION, "order", "no stream named "
					"'%s', expected stream names among: %s",
					s->order[i], names);
		r->order[i] = (uint32_t)k;
	}
	r->order_len = s->norder;
	if (r->strategy != SR_MIGRATE_STREAM_ORDER)
		return 0;
	if (!s->norder)
		return key_fail(c, SEC_MIGRATION, blame(s, SEC_MIGRATION, "strategy",
							"order"),
				"stream_order needs an order, expected order = "
				"every stream name (%s) in the order they move",
				names);
	if (s->norder != s->world.nstreams)
		return key_fail(c, SEC_MIGRATION, "order", "%zu of %zu streams "
				"named, expected every stream once (%s)",
				s->norder, s->world.nstreams, names);
	return 0;
}

static int finish_migration(struct ctx *c)
{
	struct sr_scenario *s = c->s;
	struct sr_router_params *r = &s->world.router;
	const char *why;
	if (finish_order(c))
		return -1;
	if (r->strategy == SR_MIGRATE_RAMP && !r->ramp_len)
		return key_fail(c, SEC_MIGRATION, blame(s, SEC_MIGRATION,
							"strategy", "ramp"),
				"a ramp needs points, expected ramp = %s",
				EXP_RAMP);
	if (s->migration_start_is_date) {
		r->start_us = s->migration_start_utc_us - s->world.origin_us;
		if (r->start_us < 0) {
			char t[SR_TIME_TEXT_MAX];
			sr_time_format(s->world.origin_us, t, sizeof t);
			return key_fail(c, SEC_MIGRATION, "start", "the date is "
					"before the start of the simulation, "
					"expected %s or later", t);
		}
	}
	if (sr_router_check(r, s->world.nstreams, &why))
		return key_fail(c, SEC_MIGRATION, "strategy", "%s, expected a "
				"plan the router accepts", why);
	return 0;
}

/* Pairs of keys whose order the models require. */
static int finish_pairs(struct ctx *c)
{
	const struct sr_world_params *w = &c->s->world;
	const struct {
		int bad;
		int inst;
		const char *a, *b, *rule;
	} pair[] = {
		{w->reputation.bounce_review > w->reputation.bounce_pause,
		 SEC_REPUTATION, "bounce_review", "bounce_pause",
		 "bounce_review at most bounce_pause"},
		{w->reputation.complaint_review > w->reputation.complaint_pause,
		 SEC_REPUTATION, "complaint_review", "complaint_pause",
		 "complaint_review at most complaint_pause"},
		{w->growth.days_required > w->growth.window_days, SEC_GROWTH,
		 "days_required", "window", "days_required at most the window's "
		 "days"},
		{w->requests.partial_factor > w->requests.full_factor,
		 SEC_REQUESTS, "partial_factor", "full_factor",
		 "partial_factor at most full_factor"},
		{w->client.backoff_cap_us < w->client.backoff_base_us, SEC_CLIENT,
		 "backoff_cap", "backoff_base", "backoff_cap at least backoff_base"},
	};
	for (size_t i = 0; i < N(pair); i++)
		if (pair[i].bad)
			return key_fail(c, pair[i].inst, blame(c->s, pair[i].inst,
				pair[i].a, pair[i].b), "%s and %s disagree, expected "
				"%s", pair[i].a, pair[i].b, pair[i].rule);
	return 0;
}

int sr_scenario_finish(struct sr_scenario *s, char *err, size_t errlen)
{
	struct ctx *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	*c = (struct ctx){.s = s, .err = err, .errlen = errlen};
	const struct sr_world_params *w = &s->world;
	if (w->horizon_us > SR_TIME_MAX - w->origin_us)
		key_fail(c, SEC_SIMULATION, blame(s, SEC_SIMULATION, "start",
						  "duration"),
			 "the run would end after 9999-12-31, expected an "
			 "earlier start or a shorter duration");
	else if (!finish_streams(c) && !finish_accounts(c) &&
		 !finish_migration(c))
		finish_pairs(c);
	int failed = c->failed;
	free(c);
	return failed ? -1 : 0;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* Keys that do not apply to an account's stage are left out, since the
 * file may not give them either. */
static int applies(const struct sr_scenario *s, int inst, const struct key *k)
{
	size_t i;
	if (sec_of(inst, &i) != SEC_ACCOUNT)
		return 1;
	int production = s->world.accounts[i].stage == SR_STAGE_PRODUCTION;
	if (!strcmp(k->name, "max_24h") || !strcmp(k->name, "max_rate"))
		return production;
	if (!strcmp(k->name, "access_request"))
		return !production;
	return 1;
}

/* "key = value", lists wrapped after their commas onto indented lines.  A
 * value that cannot wrap (a path) is written whole even if it is longer
 * than the reader takes: outputs that quote the scenario still work, and
 * reading it back says "line too long" rather than misreading it. */
static int write_key(FILE *out, const struct key *k, const char *value)
{
	int head = fprintf(out, "%s =", k->name);
	size_t col = (size_t)head;
	const char *p = value;
	if (head < 0)
		return -1;
	if (!*p)
		return fputc('\n', out) == EOF ? -1 : 0;
	while (*p) {
		const char *comma = k->kind->list ? strstr(p, ", ") : NULL;
		size_t len = comma ? (size_t)(comma - p) + 1 : strlen(p);
		if (col + 1 + len > WRAP && col > 1 && p != value) {
			fputs("\n\t", out);
			col = 1;
		} else {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, len, out);
		col += len;
		p += comma ? len + 1 : len;
	}
	return fputc('\n', out) == EOF ? -1 : 0;
}

static int write_section(const struct sr_scenario *s, int inst, FILE *out)
{
	char t[128], text[VALUE_MAX];
	size_t i;
	const struct section *sc = &sections[sec_of(inst, &i)];
	fprintf(out, "\n[%s]\n", title(s, inst, t, sizeof t));
	for (size_t k = 0; k < sc->nkeys; k++) {
		const struct key *key = &sc->keys[k];
		struct buf b = {text, sizeof text, 0, 0};
		text[0] = '\0';
		if (!applies(s, inst, key))
			continue;
		key->kind->format(key, field_of((struct sr_scenario *)s, inst, key),
				  s, &b);
		if (b.full) {
			errno = EOVERFLOW;
			return -1;
		}
		if (write_key(out, key, text))
			return -1;
	}
	return 0;
}

int sr_scenario_write(const struct sr_scenario *s, FILE *out)
{
	static const int fixed[] = {SEC_LIMITER, SEC_REQUESTS, SEC_REPUTATION,
				    SEC_GROWTH, SEC_FEEDBACK, SEC_CLIENT,
				    SEC_MIGRATION};
	int rc = 0;
	fprintf(out, "; sesramp scenario: every key with its effective value\n");
	rc |= write_section(s, SEC_SIMULATION, out);
	for (size_t i = 0; !rc && i < s->world.naccounts; i++)
		rc |= write_section(s, FIRST_ACCOUNT + (int)i, out);
	for (size_t i = 0; !rc && i < N(fixed); i++)
		rc |= write_section(s, fixed[i], out);
	for (size_t i = 0; !rc && i < s->world.nstreams; i++)
		rc |= write_section(s, FIRST_STREAM + (int)i, out);
	if (!rc)
		rc = write_section(s, SEC_WORKLOAD, out);
	if (!rc)
		rc = write_section(s, SEC_PLANNING, out);
	if (rc || ferror(out))
		return -1;
	return 0;
}
