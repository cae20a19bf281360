/*
 * advice: the request-date answer (output/request.h) in words: rows for
 * summary.csv and plain sentences for stdout.
 *
 * Rows (metric, value, unit):
 *   growth_keeps_up          share of replications that never fall short
 *   limit_needed_p50         median date at which the traffic first falls
 *                            short (quota or SLO), or "never"
 *   file_request_by          the latest date to file ("not needed", or
 *                            "now" when even the first day is too late)
 *   request_in_time          the probability that a request filed then is
 *                            in place in time
 *   request_quota            recipients per 24 hours to ask for
 *   request_full_grant_up_to the largest ask SES would grant in full when
 *                            it is needed (empty if unknown)
 *
 * Memory: none.  Depends on output/request, output/results, sim/clock.
 */
#ifndef SR_ADVICE_H
#define SR_ADVICE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "output/request.h"
#include "output/results.h"

#define SR_ADVICE_ROWS 6

/* Fills rows[0..SR_ADVICE_ROWS); returns how many. */
size_t sr_advice_rows(const struct sr_request_answer *a, int64_t origin_us,
		      struct sr_answer *rows);

/* Writes the answer as sentences with dates.  final_quota is the (median)
 * total Max24HourSend at the end: when it is below the peak demand, the
 * plan kept part of the traffic off SES (quota-following does so by
 * design), and the sentences say what quota would carry all of it. */
void sr_advice_print(FILE *f, const struct sr_request_answer *a,
		     int64_t origin_us, double confidence, double margin,
		     size_t replications, double final_quota);

#endif
