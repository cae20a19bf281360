/*
 * scenario_finish: sr_scenario_finish(), the checks that involve several
 * keys and the names resolved once the whole scenario is read, and
 * sr_scenario_where().  See scenario.h.
 *
 * Memory: the checking state (struct ctx) is allocated and freed within
 * the call.  Depends on keys.c, values.c and models/router (the plan's own
 * checks).
 */
#include "cli/scenario.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/keys.h"
#include "sim/clock.h"

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
