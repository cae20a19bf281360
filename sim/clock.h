/*
 * clock: simulated time and the UTC calendar.
 *
 * Simulated time is an int64_t count of microseconds since the scenario's
 * start instant.  The calendar functions here work on absolute instants,
 * also int64_t microseconds, counted from 1970-01-01T00:00:00Z (leap seconds
 * are not counted, as in POSIX time).  A scenario keeps its start instant and
 * adds it to engine time whenever a date is needed.
 *
 * Business time counts only Monday to Friday (UTC); SES answers requests in
 * business days, so request delays are added with sr_time_add_business().
 *
 * No memory is allocated; text goes into buffers the caller owns.
 * Depends on nothing else in sesramp.
 */
#ifndef SR_CLOCK_H
#define SR_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#define SR_US_PER_S   INT64_C(1000000)
#define SR_US_PER_MIN (60 * SR_US_PER_S)
#define SR_US_PER_H   (3600 * SR_US_PER_S)
#define SR_US_PER_DAY (24 * SR_US_PER_H)

/* Earliest and latest instants the calendar accepts: years 1 to 9999. */
#define SR_TIME_MIN (INT64_C(-62135596800) * SR_US_PER_S)
#define SR_TIME_MAX (INT64_C(253402300799) * SR_US_PER_S)

/* Longest text sr_time_format() writes, with its terminating NUL. */
#define SR_TIME_TEXT_MAX 32

enum sr_weekday {
	SR_MONDAY, SR_TUESDAY, SR_WEDNESDAY, SR_THURSDAY, SR_FRIDAY,
	SR_SATURDAY, SR_SUNDAY
};

/* A broken-down UTC date and time. */
struct sr_civil {
	int year, month, day;       /* month 1-12, day 1-31 */
	int hour, minute, second;   /* 0-23, 0-59, 0-59 */
	int micro;                  /* 0-999999 */
};

/* Days since 1970-01-01 of a proleptic Gregorian date (no range check). */
int64_t sr_days_from_civil(int year, int month, int day);

/* Broken-down form of an instant. Returns 0, or -1 outside SR_TIME_MIN..MAX. */
int sr_time_to_civil(int64_t utc_us, struct sr_civil *out);

/* Instant of a broken-down time. Returns 0, or -1 if a field is out of range
 * (including 31 April or 29 February of a common year). */
int sr_time_from_civil(const struct sr_civil *c, int64_t *utc_us);

/*
 * Parses ISO 8601 text: a date "YYYY-MM-DD" (midnight UTC), or a date and
 * time "YYYY-MM-DDTHH:MM[:SS[.frac]]" (a space may stand for the T) with an
 * optional zone "Z", "+HH:MM", "-HH:MM", "+HHMM" or "+HH"; without a zone the
 * time is UTC.  The fraction has 1 to 6 digits.  The whole text must match.
 * Returns 0, or -1 with a short reason in *why (a static string).
 */
int sr_time_parse(const char *text, int64_t *utc_us, const char **why);

/*
 * Writes an instant as "YYYY-MM-DDTHH:MM:SSZ", with ".ffffff" before the Z
 * when the microseconds are not zero.  buf must hold SR_TIME_TEXT_MAX bytes.
 * Returns 0, or -1 outside SR_TIME_MIN..MAX (buf then holds "invalid").
 */
int sr_time_format(int64_t utc_us, char *buf, size_t size);

/* Writes the date alone, "YYYY-MM-DD". Same contract as sr_time_format(). */
int sr_time_format_date(int64_t utc_us, char *buf, size_t size);

/* Floor division that rounds towards minus infinity (b > 0). */
static inline int64_t sr_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* 00:00 UTC of the day that holds the instant. */
static inline int64_t sr_time_day_start(int64_t utc_us)
{
	return sr_floor_div(utc_us, SR_US_PER_DAY) * SR_US_PER_DAY;
}

/* Day of the week (UTC) of the instant. 1970-01-01 was a Thursday. */
static inline enum sr_weekday sr_time_weekday(int64_t utc_us)
{
	int64_t days = sr_floor_div(utc_us, SR_US_PER_DAY);
	int64_t w = (days + 3) % 7;
	return (enum sr_weekday)(w < 0 ? w + 7 : w);
}

static inline int sr_time_is_weekend(int64_t utc_us)
{
	return sr_time_weekday(utc_us) >= SR_SATURDAY;
}

/*
 * The instant at which `business_us` of business time has passed after
 * `utc_us`.  Weekend time does not count: a start at the weekend counts from
 * the following Monday 00:00.  When the duration runs out exactly at the end
 * of a Friday the result is that Saturday 00:00, the first instant at which
 * it has passed.  business_us must be >= 0.
 */
int64_t sr_time_add_business(int64_t utc_us, int64_t business_us);

/* Business time between two instants (0 if b <= a). Inverse of the above. */
int64_t sr_time_business_between(int64_t a_us, int64_t b_us);

#endif
