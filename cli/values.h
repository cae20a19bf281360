/*
 * values: the kinds of value a scenario file is written in, read from text
 * the way the file reads them (cli/scenario.h includes this header, so its
 * users get these too; the tests and fuzz targets call them directly).
 *
 * Each parser returns 0, or -1 with "what is wrong, what was expected" in
 * why.  Surrounding blanks are ignored.
 *
 * duration   one number and a unit: w, d, h, m, s, ms or us ("90d", "1.5h",
 *            "250ms"); "0" alone is 0.  Never negative.
 * volume     "500", "1.5k" (x 1,000), "2M" (x 1,000,000); never negative.
 * share      "5%" (0.05) or a plain fraction "0.05", within 0..1.
 * bool       yes/no, true/false, on/off, 1/0 (any case).
 * date       ISO 8601 as sr_time_parse() takes it, a whole second, from
 *            1970-01-01 to 2100-12-31.
 * ramp       "day:percent, ..." ("0:5%, 14d:25%, 42:100%"), days >= 0 and
 *            increasing (a 'd' may follow a day), percent 0..100 (stored as
 *            percent, as the router wants), at most max points.
 * weights    exactly count numbers >= 0, separated by commas, with a
 *            positive sum (hourly: 24, weekday: 7).
 *
 * Memory: none allocated; results go through the caller's pointers.
 * Depends on sim/clock (dates) and models/workload.h (struct sr_point).
 * Prints nothing.
 */
#ifndef SR_VALUES_H
#define SR_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "models/workload.h"

int sr_duration_parse(const char *text, int64_t *us, char *why, size_t n);
int sr_volume_parse(const char *text, double *v, char *why, size_t n);
int sr_share_parse(const char *text, double *v, char *why, size_t n);
int sr_bool_parse(const char *text, int *v, char *why, size_t n);
int sr_date_parse(const char *text, int64_t *utc_us, char *why, size_t n);
int sr_ramp_parse(const char *text, struct sr_point *points, size_t max,
		  size_t *len, char *why, size_t n);
int sr_weights_parse(const char *text, double *w, size_t count, char *why,
		     size_t n);

#endif
