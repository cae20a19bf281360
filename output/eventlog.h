/*
 * eventlog: the events one run reports (models/report.h), kept as they
 * come and written in time order as rows of events.csv:
 *   time,replication,account,event,detail
 * Events at the same instant keep the order they were reported in.
 *
 * Memory: the log grows by doubling; sr_eventlog_free() releases it.  An
 * account name or detail longer than its field is cut to fit.
 */
#ifndef SR_EVENTLOG_H
#define SR_EVENTLOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "models/report.h"

struct sr_logged_event {
	int64_t t_us;
	enum sr_event_kind kind;
	char account[64];
	char detail[256];
};

struct sr_eventlog {
	struct sr_logged_event *e;
	size_t n, cap;
	int failed;                 /* memory ran short: events were lost */
};

/* Keeps an event; on short memory sets failed instead. */
void sr_eventlog_add(struct sr_eventlog *l, int64_t t_us, const char *account,
		     enum sr_event_kind kind, const char *detail);

/* Sorts the events by time, keeping the reported order at equal times. */
void sr_eventlog_sort(struct sr_eventlog *l);

/* Writes the events, in the log's order, as rows of replication rep, times
 * in UTC from origin. */
void sr_eventlog_write(FILE *f, const struct sr_eventlog *l, int64_t origin_us,
		       size_t rep);

void sr_eventlog_free(struct sr_eventlog *l);

#endif
