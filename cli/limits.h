/*
 * limits: refuses, before it starts, a run that would take far more time
 * or disk than is reasonable, saying why and what to change.
 *
 * The work of one replication is estimated in engine events: arrivals
 * (one per stream and batch interval, or per expected message without
 * batches), the paced client's readings (one per read interval and
 * account), a naive client's attempts (the expected messages times the
 * tries, at most attempts_per_s for the whole horizon), bucket closes and
 * a few per day; times the replications, twice when the request-date
 * answer needs a run without the scenario's own increase requests.  Over
 * SR_LIMIT_EVENTS (5e9, about half an hour on one core) is refused.  The
 * time series is refused over SR_LIMIT_BYTES (16 GiB) of rows (written,
 * or held on temporary disk for the quantiles of several replications).
 * A recorded workload counts by its file size (one row per 20 bytes).
 *
 * Memory: none.  Prints nothing: the message goes into err.
 */
#ifndef SR_LIMITS_H
#define SR_LIMITS_H

#include <stddef.h>

#include "cli/scenario.h"

#define SR_LIMIT_EVENTS 5e9
#define SR_LIMIT_BYTES (16.0 * 1024 * 1024 * 1024)

/* The estimated engine events of one replication. */
double limits_events(const struct sr_scenario *s);

/* 0 if the run is within the limits, else -1 with the reason in err. */
int limits_check(const struct sr_scenario *s, char *err, size_t errlen);

#endif
