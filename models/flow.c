/* flow: names of the flows, as the outputs write them.  See flow.h. */
#include "models/flow.h"

const char *sr_flow_name(enum sr_flow f)
{
	static const char *const names[SR_FLOW_COUNT] = {
		[SR_FLOW_DEMAND] = "demand",
		[SR_FLOW_SES] = "ses_sent",
		[SR_FLOW_SIMULATOR] = "simulator_sent",
		[SR_FLOW_LEGACY] = "legacy_sent",
		[SR_FLOW_DROPPED] = "dropped",
		[SR_FLOW_THROTTLED] = "throttled",
		[SR_FLOW_QUOTA_REJECTED] = "quota_rejected",
		[SR_FLOW_SANDBOX_REJECTED] = "sandbox_rejected",
		[SR_FLOW_PAUSED_REJECTED] = "paused_rejected",
	};
	return (unsigned)f < SR_FLOW_COUNT ? names[f] : "unknown";
}
