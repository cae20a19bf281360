/*
 * world: one replication of a scenario, wired together.
 *
 * It owns the engine, the random streams (one per purpose, see sim/rng.h:
 * "workload", "router", "feedback", "requests/I", "client/I" for account I),
 * the workload source (synthetic or recorded), and per SES account the
 * account, reputation, growth, requests, client and the suppression list of
 * each stream; the migration router and the feedback model are shared.
 *
 * Each arriving batch is counted as demand, split among the SES accounts
 * by weight (whole recipients, with a carry) or, with split = fill, to
 * each account in order up to the router's target share of its quota
 * (SentLast24Hours plus its queue), the last taking the rest; then by the
 * router between
 * the old provider and SES; SES's part is queued on the account's client.
 * The old provider carries what it is given up to its daily capacity (UTC
 * days; unlimited by default); beyond it, mail is dropped.  Accepted mail
 * (but not mailbox-simulator mail) goes to the feedback model.
 *
 * Every recipient ends in one fate, kept in the totals: ses (including
 * simulator), legacy, dropped, or still queued at the end (backlog), so
 * demand = ses + simulator + legacy + dropped + backlog.  An optional
 * observer sink sees every flow and delay as the world does.
 *
 * At the end the world reports migration_complete (the first UTC day from
 * which no recipient went to the old provider, if there is one with demand)
 * and first_quota_shortfall per account.
 *
 * Memory: sr_world_alloc() copies the parameters and allocates everything;
 * sr_world_free() releases it.  The reporter and observer belong to the
 * caller.  Depends on every model and on sim/.
 */
#ifndef SR_WORLD_H
#define SR_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include "models/account.h"
#include "models/client.h"
#include "models/feedback.h"
#include "models/flow.h"
#include "models/growth.h"
#include "models/replay.h"
#include "models/reputation.h"
#include "models/requests.h"
#include "models/router.h"
#include "models/stream.h"
#include "models/workload.h"

#define SR_ACCOUNTS_MAX 8
#define SR_INCREASES_MAX 8

struct sr_increase_plan {
	int64_t at_us;            /* engine time of filing */
	int64_t quota;
	double rate;              /* 0: follows the quota */
};

struct sr_account_config {
	char name[64];
	char region[32];
	enum sr_stage stage;      /* at the start: sandbox or production */
	int related;
	int64_t max_24h;          /* limits at the start in production */
	double max_rate;
	int64_t access_at_us;     /* file for production access; -1: never */
	struct sr_access_form form;
	struct sr_increase_plan increases[SR_INCREASES_MAX];
	size_t nincreases;
	double weight;            /* share of the SES traffic: 1 */
};

/* How SES traffic is split among several accounts. */
enum sr_split_mode { SR_SPLIT_WEIGHT, SR_SPLIT_FILL };

struct sr_world_params {
	int64_t origin_us;        /* UTC start instant, whole seconds */
	int64_t horizon_us;       /* length of the run */
	uint64_t seed;
	size_t nstreams;
	char stream_names[SR_STREAMS_MAX][SR_STREAM_NAME_MAX];
	struct sr_stream_quality quality[SR_STREAMS_MAX];
	struct sr_synth_params synth;      /* used unless recorded is set */
	char recorded[4096];               /* path of a recorded workload */
	int skip_bad_rows;
	size_t naccounts;
	struct sr_account_config accounts[SR_ACCOUNTS_MAX];
	struct sr_account_params account;
	struct sr_reputation_params reputation;
	struct sr_growth_params growth;
	struct sr_requests_params requests;
	struct sr_feedback_params feedback;
	struct sr_client_params client;
	struct sr_router_params router;
	int64_t legacy_capacity_per_day;   /* recipients; -1: unlimited */
	enum sr_split_mode split;              /* weight (default) or fill */
};

/* A scenario with every default: one stream, one sandbox account that
 * files for production access at the start, the defaults of each model. */
void sr_world_params_default(struct sr_world_params *p);

struct sr_world;

struct sr_world_totals {
	int64_t flow[SR_FLOW_COUNT];
	int64_t backlog;          /* recipients still queued at the end */
	int64_t migration_day;    /* engine day index, -1 if never */
	double delay_sum_us;      /* over accepted recipients */
	double delay_max_us;
};

/* Builds replication `replication` of a scenario.  Returns NULL with a
 * message in err on bad parameters, unreadable input or short memory. */
struct sr_world *sr_world_alloc(const struct sr_world_params *p,
				uint64_t replication,
				const struct sr_reporter *reporter,
				const struct sr_sink *observer,
				char *err, size_t errlen);
void sr_world_free(struct sr_world *w);

/* Runs to the horizon. Returns 0, or -1 with a message in err. */
int sr_world_run(struct sr_world *w, char *err, size_t errlen);

const struct sr_world_totals *sr_world_totals(const struct sr_world *w);

/* The p-quantile of the queueing delay (arrival to acceptance by SES) of
 * the recipients SES accepted, in microseconds; NaN if none (sim/hist.h). */
double sr_world_delay_quantile(struct sr_world *w, double p);

/* The account with index i (for tests and outputs), or NULL. */
struct sr_account *sr_world_account(struct sr_world *w, size_t i);
const struct sr_reputation *sr_world_reputation(const struct sr_world *w,
						size_t i);

/* Recipients queued on account i's client (now), and the horizon. */
int64_t sr_world_backlog(const struct sr_world *w, size_t i);
int64_t sr_world_horizon(const struct sr_world *w);

/* The feedback model's totals at the horizon (feedback.h); call after the
 * run. */
const struct sr_feedback_totals *sr_world_feedback(struct sr_world *w);

/* The engine (for outputs that schedule their own events). */
struct sr_engine *sr_world_engine(struct sr_world *w);

/* Brings every client's lazily computed sending up to t. */
int sr_world_sync(struct sr_world *w, int64_t t_us);

#endif
