/*
 * scenario: the scenario file.  Reads an INI file (inih) into the world's
 * parameters plus the program's own settings, applies --set overrides with
 * the same checks, cross-checks the result, and writes the effective
 * scenario back in the same syntax.
 *
 * The syntax is inih's: [SECTION] lines, KEY = VALUE lines, comments that
 * start a line with ';' or '#', and inline comments after " ;".  On top of
 * that:
 *   - indentation is ignored (inih would take an indented line for the
 *     continuation of the previous value);
 *   - a value that ends with ',' continues on the next line, which must be
 *     indented; the pieces are joined with a space.  This is how long lists
 *     (hourly weights, tables) fit in inih's line buffer;
 *   - a line longer than that buffer (197 characters with inih's 200) is
 *     an error, where inih would silently split it;
 *   - lines end with LF, CR LF or a lone CR; a UTF-8 byte order mark is
 *     skipped; a NUL byte or a UTF-16 file is an error;
 *   - unknown sections and keys, a key set twice in a section and a section
 *     given twice are errors.
 * The keys, units and defaults are listed in scenarios/README.md.  Every
 * error reads "FILE:LINE: [SECTION] KEY: what is wrong, what was expected";
 * --set errors start with "--set" instead of FILE:LINE; loading stops at the
 * first error.
 *
 * Use: sr_scenario_default() (or sr_scenario_load(), which starts from the
 * defaults), then any sr_scenario_set(), then sr_scenario_finish() once, which
 * resolves names and checks what involves several keys.  Only a finished
 * scenario goes to sr_world_alloc() or sr_scenario_write().
 *
 * Memory: a scenario is one plain struct (about 50 kB: callers keep it
 * static or on the heap); nothing is allocated beyond the file read.
 * Depends on models/world.h (the parse target), sim/clock and inih.  Prints
 * nothing: messages go into the caller's buffer.
 *
 * Files: scenario.c (defaults, sections, reading a file, --set),
 * scenario_finish.c, scenario_write.c; keys.c (the sections and their keys,
 * messages), kinds.c and kinds_list.c (how each kind of value is read into
 * its field and written back), values.c (the value syntax, values.h).
 * keys.h and values_internal.h are their internal headers.
 */
#ifndef SR_SCENARIO_H
#define SR_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/values.h"
#include "models/world.h"

/* Sections that can hold keys: the ten fixed ones, then one per stream,
 * then one per account. */
#define SR_SCENARIO_SECTIONS (10 + SR_STREAMS_MAX + SR_ACCOUNTS_MAX)
#define SR_SCENARIO_KEYS 24      /* most keys in one section */
#define SR_SCENARIO_SET_LINE (-1) /* "line" of a key set by --set */

struct sr_scenario {
	struct sr_world_params world;
	char name[64];               /* [simulation] name: the file's name */
	char path[4096];             /* the file loaded, as given; "" if none */
	char dir[4096];              /* its directory, absolute */
	int64_t bucket_us;           /* time-series bucket: 1 h */
	unsigned replications;       /* 1 */
	double legacy_price;         /* USD per 1,000 recipients: 0.80 */
	double ses_price;            /* USD per 1,000 recipients: 0.10 */
	struct sr_planning {         /* [planning]: the request-date answer */
		int64_t slo_us;      /* queueing delay that counts as a
				      * shortfall: 1 h */
		double confidence;   /* probability the increase is in time: 0.9 */
		double margin;       /* quota asked = peak demand x (1 + margin):
				      * 0.2 */
	} planning;

	/* Kept as given until sr_scenario_finish() resolves them. */
	char order[SR_STREAMS_MAX][SR_STREAM_NAME_MAX];  /* [migration] order */
	size_t norder;
	int migration_start_is_date; /* [migration] start was given as a date */
	int64_t migration_start_utc_us;

	/* Internal bookkeeping, for messages and the implicit defaults:
	 * where each key was set (its line, SR_SCENARIO_SET_LINE, or 0 if
	 * not set), the line of each section header, and whether the file
	 * named its streams and accounts (else the defaults' "default"
	 * stream and "main" account stand). */
	int key_line[SR_SCENARIO_SECTIONS][SR_SCENARIO_KEYS];
	int section_line[SR_SCENARIO_SECTIONS];
	int named_streams, named_accounts;
};

/* Every default: sr_world_params_default()'s world (one stream "default",
 * one sandbox account "main" that asks for production access at the start)
 * starting 2026-01-05T00:00:00Z for 90 days, name "scenario". */
void sr_scenario_default(struct sr_scenario *s);

/*
 * Replaces *s by the defaults and the scenario file at path.  Returns 0, or
 * -1 with a message in err ("FILE: cannot open: REASON", "FILE:LINE: ...");
 * *s then holds what was read before the error.  The name defaults to the
 * file's name without ".ini" (characters other than letters, digits, '_',
 * '-' and '.' become '_'); [workload] recorded is relative to the file's
 * directory.
 */
int sr_scenario_load(struct sr_scenario *s, const char *path, char *err,
		     size_t errlen);

/* Applies "SECTION.KEY=VALUE", e.g. "growth.cap=2M" or
 * "stream marketing.volume=600k", with the checks of the file (a key may
 * be set again; a stream or account must already exist).  A relative
 * recorded path is taken from the current directory.  Returns 0 or -1. */
int sr_scenario_set(struct sr_scenario *s, const char *assignment, char *err,
		    size_t errlen);

/*
 * Checks that involve several keys and resolves what the file gives by name:
 * stream names in [migration] order, a [migration] start given as a date,
 * the synthetic workload's streams (mirroring the [stream] sections), limits
 * only production accounts may give, review below pause thresholds, and so
 * on.  Errors cite the line of the key at fault.  Returns 0 or -1.
 */
int sr_scenario_finish(struct sr_scenario *s, char *err, size_t errlen);

/* Where a key of a section without a name (such as "workload", "recorded")
 * was set, as messages about it begin: "FILE:LINE: [SECTION] KEY", "--set:
 * [SECTION] KEY", or "FILE: [SECTION] KEY" when it has its default. */
void sr_scenario_where(const struct sr_scenario *s, const char *section,
		       const char *key, char *buf, size_t n);

/* Writes the effective scenario of a finished *s, every key with its value
 * (but not the limits of a sandbox account nor the access request of a
 * production one, which the file may not give), in the syntax above, so
 * that loading the text gives the same scenario.  The one exception: a
 * recorded path too long for one line (about 185 characters once made
 * absolute) is written whole and will not load back.  Returns 0, or -1 on
 * an output error. */
int sr_scenario_write(const struct sr_scenario *s, FILE *out);

#endif
