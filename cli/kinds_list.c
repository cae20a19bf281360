/*
 * kinds_list: the kinds of value made of several parts: pairs of
 * durations (request and feedback delays), the three outcome
 * probabilities, and the lists (ramp, trend table, weights, campaigns,
 * limit increases, the migration's stream order).  Each reads the whole
 * value or leaves its field as it was, and writes it back in the syntax it
 * reads.  See keys.h.
 *
 * Memory: none allocated; lists are cut up in a copy on the stack
 * (at most VALUE_MAX characters).  Depends on values.c
 * (values_internal.h) and sim/clock.
 */
#include "cli/keys.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

#define KIND(p, f, bnd, what, list) { p, f, bnd, what, list }
const struct kind
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
	k_order = KIND(p_order, f_order, bound_real, "stream names", 1);
