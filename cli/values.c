/*
 * values: the value syntax of the scenario file.  See values.h for the
 * public parsers, values_internal.h for the helpers the other scenario
 * files share: text and names, numbers and lists, and writing values back
 * the way they are read.
 *
 * Memory: none allocated; everything works in buffers the caller owns or
 * on the stack.  Depends on sim/clock.
 */
#include "cli/values.h"
#include "cli/values_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- text ----------------------------------------------------------------- */

int blank(int c)
{
	return c == ' ' || c == '\t';
}

const char *skip(const char *p)
{
	while (blank(*p))
		p++;
	return p;
}

int at_end(const char *p)
{
	return !*skip(p);
}

size_t trimmed_len(const char *p)
{
	size_t len = strlen(p);
	while (len && blank(p[len - 1]))
		len--;
	return len;
}

/* Copies text without surrounding blanks; -1 if it does not fit. */
int trimmed(const char *text, char *buf, size_t n)
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
const char *shown(const char *text, char *buf, size_t n)
{
	const char *p = skip(text);
	size_t len = trimmed_len(p);
	if (len >= n)
		snprintf(buf, n, "%.*s...", (int)(n - 4), p);
	else
		snprintf(buf, n, "%.*s", (int)len, p);
	return buf;
}

/* Writes a reason into why; returns -1 for the caller to pass on. */
int say(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Names of streams, accounts and the scenario end up in section headers,
 * CSV columns and file names, so they are kept to a safe alphabet. */
int name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

int valid_name(const char *name, size_t max)
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

void put(struct buf *b, const char *fmt, ...)
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

size_t digits(const char *p)
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
int read_real(const char *text, double *v, const char *expected,
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
int read_fraction(const char *text, double *x, int *percent, char *why,
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

void put_real(struct buf *b, double v)
{
	char t[40];
	real_text(v, t, sizeof t, 1);
	put(b, "%s", t);
}

/* A share as a percentage when that reads back exactly, else a fraction. */
void put_share(struct buf *b, double v)
{
	char t[40];
	real_text(v, t, sizeof t, 100);
	if (strtod(t, NULL) / 100 == v)
		put(b, "%s%%", t);
	else
		put_real(b, v);
}

/* A value already in percent (ramp points). */
void put_percent(struct buf *b, double v)
{
	put_real(b, v);
	put(b, "%%");
}

void put_duration(struct buf *b, int64_t us)
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

void put_count(struct buf *b, int64_t v)
{
	if (v && v % 1000000 == 0)
		put(b, "%" PRId64 "M", v / 1000000);
	else if (v && v % 1000 == 0)
		put(b, "%" PRId64 "k", v / 1000);
	else
		put(b, "%" PRId64, v);
}

void put_volume(struct buf *b, double v)
{
	if (v == floor(v) && fabs(v) <= VOL_MAX)
		put_count(b, (int64_t)v);
	else
		put_real(b, v);
}

void put_hours(struct buf *b, double h)
{
	put_duration(b, llround(h * (double)SR_US_PER_H));
}

void put_seconds(struct buf *b, double s)
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
int split(char *buf, char **item, size_t max, const char *noun,
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
int read_points(const char *text, struct sr_point *pt, size_t max,
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
