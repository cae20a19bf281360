/*
 * report: state changes that models announce for events.csv.
 *
 * A model holds a pointer to a reporter (which may be NULL: nothing is
 * reported) and calls sr_report() when something a planner cares about
 * happens: a request filed or answered, limits raised, a review started or
 * ended, sending paused or resumed.  The reporter's function receives the
 * engine time, the account's name, the kind and a short detail text; it must
 * copy what it keeps.
 *
 * Memory: the reporter and its context belong to the caller.
 */
#ifndef SR_REPORT_H
#define SR_REPORT_H

#include <stdint.h>

enum sr_event_kind {
	SR_EV_ACCESS_REQUESTED,    /* production access request filed */
	SR_EV_ACCESS_GRANTED,      /* production access granted, with limits */
	SR_EV_ACCESS_MORE_INFO,    /* SES asked for more information */
	SR_EV_ACCESS_INFO_SENT,    /* the user replied; a new review starts */
	SR_EV_ACCESS_DENIED,       /* production access denied */
	SR_EV_INCREASE_REQUESTED,  /* limit-increase request filed */
	SR_EV_INCREASE_GRANTED,    /* granted in full */
	SR_EV_INCREASE_PARTIAL,    /* granted in part */
	SR_EV_INCREASE_DENIED,
	SR_EV_QUOTA_RAISED,        /* automatic growth */
	SR_EV_REVIEW_STARTED,      /* status HEALTHY -> PROBATION */
	SR_EV_REVIEW_ENDED,        /* status PROBATION -> HEALTHY */
	SR_EV_PAUSED,              /* status -> SHUTDOWN */
	SR_EV_RESUMED,             /* status SHUTDOWN -> PROBATION */
	SR_EV_MIGRATION_COMPLETE,  /* from this day on all traffic is on SES */
	SR_EV_QUOTA_SHORTFALL,     /* first time mail for SES waited, overflowed
				    * or was refused for lack of quota */
	SR_EV_COUNT
};

/* The name written to events.csv, e.g. "quota_raised". */
const char *sr_event_name(enum sr_event_kind kind);

typedef void (*sr_report_fn)(void *ctx, int64_t t_us, const char *account,
			     enum sr_event_kind kind, const char *detail);

struct sr_reporter {
	sr_report_fn fn;
	void *ctx;
};

/* Formats the detail (printf-style, truncated at 255 bytes) and calls the
 * reporter; does nothing when r or r->fn is NULL. */
void sr_report(const struct sr_reporter *r, int64_t t_us, const char *account,
	       enum sr_event_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
