/* clock: UTC calendar arithmetic and business time.  See clock.h. */
#include "clock.h"

#include <stdio.h>

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no table, no library time zone. */
int64_t sr_days_from_civil(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = sr_floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t mp = (month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *year, int *month, int *day)
{
	z += 719468;
	int64_t era = sr_floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static int days_in_month(int year, int month)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : len[month - 1];
}

int sr_time_to_civil(int64_t utc_us, struct sr_civil *out)
{
	if (utc_us < SR_TIME_MIN || utc_us > SR_TIME_MAX + SR_US_PER_S - 1)
		return -1;
	int64_t days = sr_floor_div(utc_us, SR_US_PER_DAY);
	int64_t rest = utc_us - days * SR_US_PER_DAY;
	civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(rest / SR_US_PER_H);
	out->minute = (int)(rest / SR_US_PER_MIN % 60);
	out->second = (int)(rest / SR_US_PER_S % 60);
	out->micro = (int)(rest % SR_US_PER_S);
	return 0;
}

int sr_time_from_civil(const struct sr_civil *c, int64_t *utc_us)
{
	if (c->year < 1 || c->year > 9999 || c->month < 1 || c->month > 12)
		return -1;
	if (c->day < 1 || c->day > days_in_month(c->year, c->month))
		return -1;
	if (c->hour < 0 || c->hour > 23 || c->minute < 0 || c->minute > 59 ||
	    c->second < 0 || c->second > 59 || c->micro < 0 || c->micro > 999999)
		return -1;
	int64_t days = sr_days_from_civil(c->year, c->month, c->day);
	*utc_us = days * SR_US_PER_DAY + c->hour * SR_US_PER_H +
		  c->minute * SR_US_PER_MIN + c->second * SR_US_PER_S + c->micro;
	return 0;
}

/* Reads exactly n decimal digits. */
static int digits(const char **p, int n, int *value)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char ch = (*p)[i];
		if (ch < '0' || ch > '9')
			return -1;
		v = v * 10 + (ch - '0');
	}
	*p += n;
	*value = v;
	return 0;
}

static int expect(const char **p, char ch)
{
	if (**p != ch)
		return -1;
	(*p)++;
	return 0;
}

/* Reads ".f" to ".ffffff" as microseconds; more than six digits is an error
 * rather than a silent truncation. */
static int fraction(const char **p, int *micro)
{
	*micro = 0;
	if (**p != '.' && **p != ',')
		return 0;
	(*p)++;
	int n = 0, scale = 100000;
	while (**p >= '0' && **p <= '9') {
		if (++n > 6)
			return -1;
		*micro += (**p - '0') * scale;
		scale /= 10;
		(*p)++;
	}
	return n == 0 ? -1 : 0;
}

/* Reads "Z", "+HH", "+HHMM" or "+HH:MM" (or nothing) as an offset east of
 * UTC in microseconds. */
static int zone(const char **p, int64_t *offset_us)
{
	*offset_us = 0;
	if (**p == '\0')
		return 0;
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		return 0;
	}
	int sign = **p == '+' ? 1 : **p == '-' ? -1 : 0;
	if (sign == 0)
		return -1;
	(*p)++;
	int hh, mm = 0;
	if (digits(p, 2, &hh))
		return -1;
	if (**p == ':')
		(*p)++;
	if (**p != '\0' && digits(p, 2, &mm))
		return -1;
	if (hh > 23 || mm > 59)
		return -1;
	*offset_us = sign * (hh * SR_US_PER_H + mm * SR_US_PER_MIN);
	return 0;
}

static int parse_clock(const char **p, struct sr_civil *c, const char **why)
{
	if (digits(p, 2, &c->hour) || expect(p, ':') || digits(p, 2, &c->minute)) {
		*why = "expected a time HH:MM after the date";
		return -1;
	}
	if (**p == ':' && ((*p)++, digits(p, 2, &c->second))) {
		*why = "expected two digits of seconds";
		return -1;
	}
	if (fraction(p, &c->micro)) {
		*why = "expected 1 to 6 digits of fractional seconds";
		return -1;
	}
	return 0;
}

int sr_time_parse(const char *text, int64_t *utc_us, const char **why)
{
	struct sr_civil c = {0};
	const char *p = text;
	int64_t offset = 0;
	*why = "";
	if (digits(&p, 4, &c.year) || expect(&p, '-') || digits(&p, 2, &c.month) ||
	    expect(&p, '-') || digits(&p, 2, &c.day)) {
		*why = "expected a date YYYY-MM-DD";
		return -1;
	}
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (parse_clock(&p, &c, why))
			return -1;
		if (zone(&p, &offset)) {
			*why = "expected a time zone Z or +HH:MM";
			return -1;
		}
	}
	if (*p != '\0') {
		*why = "unexpected text after the date and time";
		return -1;
	}
	int64_t t;
	if (sr_time_from_civil(&c, &t)) {
		*why = "a field of the date or time is out of range";
		return -1;
	}
	*utc_us = t - offset;
	return 0;
}

int sr_time_format(int64_t utc_us, char *buf, size_t size)
{
	struct sr_civil c;
	if (sr_time_to_civil(utc_us, &c)) {
		snprintf(buf, size, "invalid");
		return -1;
	}
	if (c.micro)
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", c.year,
			 c.month, c.day, c.hour, c.minute, c.second, c.micro);
	else
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year,
			 c.month, c.day, c.hour, c.minute, c.second);
	return 0;
}

int sr_time_format_date(int64_t utc_us, char *buf, size_t size)
{
	struct sr_civil c;
	if (sr_time_to_civil(utc_us, &c)) {
		snprintf(buf, size, "invalid");
		return -1;
	}
	snprintf(buf, size, "%04d-%02d-%02d", c.year, c.month, c.day);
	return 0;
}

/* Moves an instant that falls on a weekend to the following Monday 00:00. */
static int64_t skip_weekend(int64_t t)
{
	enum sr_weekday w = sr_time_weekday(t);
	if (w < SR_SATURDAY)
		return t;
	return sr_time_day_start(t) + (7 - (int)w) * SR_US_PER_DAY;
}

int64_t sr_time_add_business(int64_t utc_us, int64_t business_us)
{
	const int64_t week_us = 5 * SR_US_PER_DAY;
	int64_t t = skip_weekend(utc_us);
	/* Whole weeks in one step, leaving 0 < left <= one week for the loop so
	 * that a duration ending at a Friday midnight ends there. */
	int64_t weeks = business_us > 0 ? (business_us - 1) / week_us : 0;
	t += weeks * 7 * SR_US_PER_DAY;
	int64_t left = business_us - weeks * week_us;
	for (;;) {
		int64_t day_end = sr_time_day_start(t) + SR_US_PER_DAY;
		if (left <= day_end - t)
			return t + left;
		left -= day_end - t;
		t = skip_weekend(day_end);
	}
}

int64_t sr_time_business_between(int64_t a_us, int64_t b_us)
{
	int64_t total = 0;
	int64_t t = skip_weekend(a_us);
	/* Whole weeks first, so the loop below runs at most a week of days. */
	int64_t weeks = b_us > t ? (b_us - t) / (7 * SR_US_PER_DAY) : 0;
	t += weeks * 7 * SR_US_PER_DAY;
	total += weeks * 5 * SR_US_PER_DAY;
	while (t < b_us) {
		int64_t day_end = sr_time_day_start(t) + SR_US_PER_DAY;
		int64_t stop = b_us < day_end ? b_us : day_end;
		total += stop - t;
		t = skip_weekend(day_end);
	}
	return total;
}
