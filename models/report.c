/* report: event names and formatting.  See report.h. */
#include "models/report.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const names[SR_EV_COUNT] = {
	[SR_EV_ACCESS_REQUESTED] = "access_requested",
	[SR_EV_ACCESS_GRANTED] = "access_granted",
	[SR_EV_ACCESS_MORE_INFO] = "access_more_info",
	[SR_EV_ACCESS_INFO_SENT] = "access_info_sent",
	[SR_EV_ACCESS_DENIED] = "access_denied",
	[SR_EV_INCREASE_REQUESTED] = "increase_requested",
	[SR_EV_INCREASE_GRANTED] = "increase_granted",
	[SR_EV_INCREASE_PARTIAL] = "increase_partial",
	[SR_EV_INCREASE_DENIED] = "increase_denied",
	[SR_EV_QUOTA_RAISED] = "quota_raised",
	[SR_EV_REVIEW_STARTED] = "review_started",
	[SR_EV_REVIEW_ENDED] = "review_ended",
	[SR_EV_PAUSED] = "sending_paused",
	[SR_EV_RESUMED] = "sending_resumed",
	[SR_EV_MIGRATION_COMPLETE] = "migration_complete",
	[SR_EV_QUOTA_SHORTFALL] = "first_quota_shortfall",
};

const char *sr_event_name(enum sr_event_kind kind)
{
	return (unsigned)kind < SR_EV_COUNT ? names[kind] : "unknown";
}

void sr_report(const struct sr_reporter *r, int64_t t_us, const char *account,
	       enum sr_event_kind kind, const char *fmt, ...)
{
	if (!r || !r->fn)
		return;
	char detail[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	r->fn(r->ctx, t_us, account, kind, detail);
}
