/* advice: the request-date answer in words.  See advice.h. */
#include "output/advice.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "sim/clock.h"

static void date(int64_t origin_us, int64_t t_us, char *out, size_t size)
{
	if (t_us == SR_NEVER)
		snprintf(out, size, "never");
	else
		sr_time_format_date(origin_us + t_us, out, size);
}

static void row(struct sr_answer *r, const char *metric, const char *unit,
		const char *value)
{
	snprintf(r->metric, sizeof r->metric, "%s", metric);
	snprintf(r->unit, sizeof r->unit, "%s", unit);
	snprintf(r->value, sizeof r->value, "%s", value);
}

size_t sr_advice_rows(const struct sr_request_answer *a, int64_t origin_us,
		      struct sr_answer *rows)
{
	char v[64];
	snprintf(v, sizeof v, "%.4g", a->keeps_up);
	row(&rows[0], "growth_keeps_up", "share", v);
	date(origin_us, a->needed_p50_us, v, sizeof v);
	row(&rows[1], "limit_needed_p50", "date", v);
	if (a->verdict == SR_REQUEST_FILE_BY)
		date(origin_us, a->file_by_us, v, sizeof v);
	else
		snprintf(v, sizeof v, "%s", a->verdict == SR_REQUEST_FILE_NOW ?
			 "now" : "not needed");
	row(&rows[2], "file_request_by", "date", v);
	snprintf(v, sizeof v, "%.4g", a->p_in_time);
	if (isnan(a->p_in_time))
		v[0] = '\0';
	row(&rows[3], "request_in_time", "probability", v);
	snprintf(v, sizeof v, "%" PRId64, a->quota);
	row(&rows[4], "request_quota", "recipients", v);
	v[0] = '\0';
	if (isfinite(a->full_limit))
		snprintf(v, sizeof v, "%.0f", floor(a->full_limit));
	row(&rows[5], "request_full_grant_up_to", "recipients", v);
	return SR_ADVICE_ROWS;
}

static void print_need(FILE *f, const struct sr_request_answer *a,
		       int64_t origin_us, size_t replications)
{
	char p05[32], p50[32], p95[32];
	date(origin_us, a->needed_p05_us, p05, sizeof p05);
	date(origin_us, a->needed_p50_us, p50, sizeof p50);
	date(origin_us, a->needed_p95_us, p95, sizeof p95);
	if (replications > 1)
		fprintf(f, "  With automatic growth only, the traffic for SES first "
			"falls short of quota on %s (median; 5-95%%: %s to %s); "
			"%.0f%% of the replications never do.\n", p50, p05, p95,
			100 * a->keeps_up);
	else
		fprintf(f, "  With automatic growth only, the traffic for SES first "
			"falls short of quota on %s.\n", p50);
}

static void print_short_of_all(FILE *f, const struct sr_request_answer *a,
			       double final_quota)
{
	double peak = a->peak_demand;
	if (!(final_quota < peak))
		return;
	fprintf(f, "  But automatic growth ends at a daily quota of %.0f, below "
		"the peak rolling-24-hour demand of %.0f: to carry all of the "
		"traffic on SES, ask for %" PRId64 " recipients per 24 hours.\n",
		final_quota, peak, a->quota);
}

/* When the ask is above what SES grants in full for the usage it sees. */
static void print_partial(FILE *f, const struct sr_request_answer *a,
			  double confidence)
{
	if (!(a->full_limit < (double)a->quota))
		return;
	fprintf(f, "  But SES grants an increase in full only up to a multiple "
		"of the usage it sees (requests.full_factor): by the time the "
		"limit is needed that is %.0f recipients per 24 hours (with "
		"%.0f%% probability), and a larger ask is likely granted only in "
		"part. Ask for %.0f first, and again as usage grows.\n",
		floor(a->full_limit), 100 * confidence, floor(a->full_limit));
}

void sr_advice_print(FILE *f, const struct sr_request_answer *a,
		     int64_t origin_us, double confidence, double margin,
		     size_t replications, double final_quota)
{
	char when[32];
	fputc('\n', f);
	if (a->verdict == SR_REQUEST_GROWTH_KEEPS_UP) {
		char share[64] = "";
		if (replications > 1)
			snprintf(share, sizeof share, " in %.0f%% of the "
				 "replications", 100 * a->keeps_up);
		fprintf(f, "  Automatic growth alone keeps up with the traffic the "
			"plan routes to SES%s: no limit-increase request is needed "
			"for it within the horizon.\n", share);
		print_short_of_all(f, a, final_quota);
		return;
	}
	print_need(f, a, origin_us, replications);
	if (a->verdict == SR_REQUEST_FILE_BY) {
		date(origin_us, a->file_by_us, when, sizeof when);
		fprintf(f, "  File a limit-increase request by %s (00:00 UTC) to "
			"have it in place in time with %.0f%% probability.\n",
			when, 100 * confidence);
	} else {
		fprintf(f, "  File a limit-increase request now: even on the first "
			"day it is in place in time only with %.0f%% probability.\n",
			100 * a->p_in_time);
	}
	fprintf(f, "  Ask for %" PRId64 " recipients per 24 hours (peak "
		"rolling-24-hour demand plus %.0f%%).\n", a->quota, 100 * margin);
	print_partial(f, a, confidence);
}
