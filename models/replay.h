/*
 * replay: a recorded workload, read from CSV with libcsv, streamed so that
 * memory does not grow with the file.
 *
 * Two forms are recognised by the header row:
 *
 * Event rows.  Columns in any order, named in the header (case-insensitive;
 * unknown columns are ignored):
 *   timestamp         required: ISO 8601 with a zone, or epoch seconds
 *                     (integer or decimal)
 *   count             recipients, default 1; a whole number >= 0
 *   stream            a stream name of the scenario; default: the first
 *   outcome           send (default), delivery, bounce_permanent,
 *                     bounce_transient, complaint, reject
 *   recipient_domain  optional, read and not used yet
 * Rows with outcome send are the demand.  The others are counted per stream
 * (in a first pass over the file) and set the stream's quality:
 * hard_bounce_p = bounce_permanent / send, soft_bounce_p =
 * bounce_transient / send, complaint_p = complaint / (send x the stream's
 * fbl_share), since complaints come only from feedback-loop providers.
 *
 * GetSendStatistics, binned (ses-facts 9): the header is exactly
 * Timestamp,DeliveryAttempts,Bounces,Complaints,Rejects (15-minute points).
 * DeliveryAttempts are the demand of the first stream, released as one
 * batch at the point's Timestamp; Bounces and Complaints over the total
 * DeliveryAttempts set its hard_bounce_p and complaint_p.
 *
 * Errors are "file:line: what is wrong, what was expected": rows out of time
 * order, bad timestamps, negative or non-numeric counts, unknown streams or
 * outcomes, a wrong number of fields, a missing timestamp column, an empty
 * file.  By default the first error stops the replay; with skip_bad_rows the
 * row is skipped and counted instead.  A timestamp before the scenario's
 * start or after 2100 is an error too, and so is a header with a NUL byte
 * (a binary or UTF-16 file).
 *
 * Memory: sr_replay_open() allocates the reader (a fixed-size buffer and
 * libcsv's field buffer, which grows only with the longest field);
 * sr_replay_close() releases it and closes the file.  Depends on stream,
 * sim/clock and libcsv.
 */
#ifndef SR_REPLAY_H
#define SR_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "models/stream.h"

enum sr_outcome { SR_OUT_SEND, SR_OUT_DELIVERY, SR_OUT_BOUNCE_PERMANENT,
		  SR_OUT_BOUNCE_TRANSIENT, SR_OUT_COMPLAINT, SR_OUT_REJECT,
		  SR_OUT_COUNT };

struct sr_replay_params {
	const char *path;
	int64_t origin_us;           /* UTC instant of engine time 0 */
	size_t nstreams;             /* >= 1 */
	const char *const *stream_names;
	int skip_bad_rows;
};

/* What a first pass over the file found, per stream and outcome. */
struct sr_replay_totals {
	int64_t count[SR_STREAMS_MAX][SR_OUT_COUNT];   /* recipients */
	int64_t rows;
	int64_t bad_rows;            /* skipped (skip_bad_rows only) */
	int64_t first_us, last_us;   /* engine times of the first and last row */
	int64_t first_line;          /* line of the first row, for messages */
};

struct sr_replay;

/* Opens the file, reads the header and makes the first pass.  Returns NULL
 * with the message in err (file:line form) on failure. */
struct sr_replay *sr_replay_open(const struct sr_replay_params *p, char *err,
				 size_t errlen);
void sr_replay_close(struct sr_replay *r);

const struct sr_replay_totals *sr_replay_totals(const struct sr_replay *r);

/* Sets quality fields of q[i] for each stream i from the totals (only those
 * the file has data for; the others are left alone). */
void sr_replay_quality(const struct sr_replay *r, struct sr_stream_quality *q);

/* The demand as a source of batches (second pass, streamed). */
struct sr_source sr_replay_source(struct sr_replay *r);

#endif
