/*
 * keys: the sections of a scenario file and their keys, each with its kind
 * of value, its field and its range (scenarios/README.md documents them);
 * finding a section instance's keys, fields, title, stream or account; and
 * the messages against them.  See keys.h.
 *
 * Memory: the tables are static and constant; messages go into the ctx's
 * buffer, which the caller owns.  Depends on kinds.c and kinds_list.c (the
 * kinds the tables name), values.c and the models' parameter structs.
 */
#include "cli/keys.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

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

const struct section sections[] = {
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

const char section_list[] = "simulation, account NAME, limiter, "
	"requests, reputation, growth, feedback, client, migration, "
	"stream NAME, workload, planning";

/* The kind of a section instance, and the stream or account it is. */
enum sec sec_of(int inst, size_t *idx)
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

void *field_of(struct sr_scenario *s, int inst, const struct key *k)
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

const struct key *find_key(enum sec kind, const char *name)
{
	const struct section *sc = &sections[kind];
	for (size_t i = 0; i < sc->nkeys; i++)
		if (!strcmp(sc->keys[i].name, name))
			return &sc->keys[i];
	return NULL;
}

int *key_line(struct sr_scenario *s, int inst, const struct key *k)
{
	size_t i;
	enum sec kind = sec_of(inst, &i);
	return &s->key_line[inst][k - sections[kind].keys];
}

/* "simulation", "stream web", "account main" */
const char *title(const struct sr_scenario *s, int inst, char *buf,
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

int find_stream(const struct sr_scenario *s, const char *name)
{
	for (size_t i = 0; i < s->world.nstreams; i++)
		if (!strcmp(s->world.stream_names[i], name))
			return (int)i;
	return -1;
}

int find_account(const struct sr_scenario *s, const char *name)
{
	for (size_t i = 0; i < s->world.naccounts; i++)
		if (!strcmp(s->world.accounts[i].name, name))
			return (int)i;
	return -1;
}

/* ---- messages ------------------------------------------------------------------ */

/* Keeps the first error, prefixed with FILE:LINE, FILE or --set. */
int fail_at(struct ctx *c, int line, const char *fmt, ...)
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

int unknown_key(struct ctx *c, int inst, const char *name, int line)
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
int apply(struct ctx *c, int inst, const struct key *k,
	  const char *value, int line)
{
	char why[1024], t[128];
	if (k->kind->parse(k, value, field_of(c->s, inst, k), c, why, sizeof why))
		return fail_at(c, line, "[%s] %s: %s",
			       title(c->s, inst, t, sizeof t), k->name, why);
	*key_line(c->s, inst, k) = line;
	return 0;
}
