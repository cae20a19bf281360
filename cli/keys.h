/*
 * keys: internal to the scenario parser; only the scenario*.c files,
 * keys.c, kinds.c and kinds_list.c include it.  What they share about the
 * keys a scenario file may give:
 *   - a kind of value (struct kind): how text is read into a field and the
 *     field written back; kinds.c defines the single values, kinds_list.c
 *     those made of several parts (pairs, probabilities, lists);
 *   - a key (struct key): its name, kind, field and range;
 *   - the sections and their keys (keys.c), and how a section instance
 *     (SEC_* for the ten fixed sections, then one per stream, then one per
 *     account) finds its keys, its fields and its title;
 *   - the reading state (struct ctx) and the first-error message it keeps,
 *     "FILE:LINE: [SECTION] KEY: what is wrong, what was expected".
 *
 * Memory: the tables are static and constant.  A ctx is allocated and
 * freed by the sr_scenario_* call that uses it, and points to the caller's
 * scenario and message buffer; reading a file also allocates its line
 * buffer, freed by sr_scenario_load().  Depends on cli/values_internal.h
 * and the models' parameter structs (models/world.h).
 */
#ifndef SR_KEYS_H
#define SR_KEYS_H

#include <stddef.h>
#include <stdio.h>

#include "cli/scenario.h"
#include "cli/values_internal.h"

struct ctx;
struct key;

/* How a kind of value is read into its field and written back. */
struct kind {
	int (*parse)(const struct key *k, const char *text, void *field,
		     struct ctx *c, char *why, size_t n);
	void (*format)(const struct key *k, const void *field,
		       const struct sr_scenario *s, struct buf *b);
	void (*bound)(struct buf *b, double v);   /* range ends, in messages */
	const char *what;                          /* "a number", ... */
	int list;                                  /* the writer may wrap it */
};

enum base { B_SCEN, B_WORLD, B_ACCOUNT, B_QUALITY, B_SYNTH };
enum { OPEN_LO = 1, WHOLE = 2 };

struct choice {
	const char *name;
	int value;
};

/* One key: where its value goes (base object and offset) and its checks. */
struct key {
	const char *name;
	const struct kind *kind;
	enum base base;
	size_t off;
	double lo, hi;          /* range; lognormal: lo is the level; weights:
				 * hi is the count */
	unsigned flags;
	const struct choice *choices;
};

/* Reading state: the scenario, where relative paths start, the message. */
struct ctx {
	struct sr_scenario *s;
	const char *base;
	char *err;
	size_t errlen;
	int failed;
	/* reading a file */
	FILE *fp;
	char *line;               /* READ_MAX + 2 bytes, once a line is read */
	int lineno;
	int inst;                 /* current section instance, -1: none yet */
	int cont;                 /* a value is continued on the next line */
	const struct key *cont_key;
	int cont_line;
	char value[VALUE_MAX];
};

/* -- kinds of value (kinds.c, kinds_list.c) -- */

extern const struct kind k_real, k_int, k_uint, k_u64, k_count, k_limit,
	k_volume, k_share, k_duration, k_seconds, k_days, k_when, k_bool,
	k_choice, k_date, k_bucket, k_name, k_region, k_path, k_migstart;
extern const struct kind k_delay, k_lognormal, k_outcome, k_ramp, k_table,
	k_weights, k_campaigns, k_increases, k_order;

/* A range end in messages, as a plain number. */
void bound_real(struct buf *b, double v);

/* -- the sections and their keys (keys.c) -- */

/* Kinds of section; the first ten are also their instance numbers. */
enum sec {
	SEC_SIMULATION, SEC_LIMITER, SEC_REQUESTS, SEC_REPUTATION, SEC_GROWTH,
	SEC_FEEDBACK, SEC_CLIENT, SEC_MIGRATION, SEC_WORKLOAD, SEC_PLANNING,
	SEC_STREAM, SEC_ACCOUNT
};

#define FIRST_STREAM SEC_STREAM
#define FIRST_ACCOUNT (SEC_STREAM + SR_STREAMS_MAX)

struct section {
	const char *name;
	const struct key *keys;
	size_t nkeys;
};

extern const struct section sections[SEC_ACCOUNT + 1];
extern const char section_list[];   /* for messages: "simulation, ..." */

/* The kind of a section instance, and the stream or account it is. */
enum sec sec_of(int inst, size_t *idx);
void *field_of(struct sr_scenario *s, int inst, const struct key *k);
const struct key *find_key(enum sec kind, const char *name);
/* Where the key of the instance was set (see struct sr_scenario). */
int *key_line(struct sr_scenario *s, int inst, const struct key *k);
/* "simulation", "stream web", "account main" */
const char *title(const struct sr_scenario *s, int inst, char *buf,
		  size_t n);
/* The index of the stream or account of that name, or -1. */
int find_stream(const struct sr_scenario *s, const char *name);
int find_account(const struct sr_scenario *s, const char *name);

/* -- messages (keys.c) -- */

/* Keeps the first error, prefixed with FILE:LINE, FILE or --set; returns
 * -1. */
int fail_at(struct ctx *c, int line, const char *fmt, ...) PRINTF(3, 4);
int unknown_key(struct ctx *c, int inst, const char *name, int line);
/* Reads a value into its field and notes where it was set. */
int apply(struct ctx *c, int inst, const struct key *k, const char *value,
	  int line);

#endif
