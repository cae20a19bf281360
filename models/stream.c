/* stream: quality defaults and their check.  See stream.h. */
#include "models/stream.h"

#include <stddef.h>

void sr_stream_quality_default(struct sr_stream_quality *q)
{
	*q = (struct sr_stream_quality){
		.recipients_per_message = 1,
		.hard_bounce_p = 0.005,
		.soft_bounce_p = 0.01,
		.complaint_p = 0.0005,
		.fbl_share = 0.5,
		.verified_share = 0,
		.simulator_share = 0,
		.list_size = 0,
	};
}

/* Written as a range test so that NaN and infinities fail it too. */
static int within(double x, double lo, double hi)
{
	return x >= lo && x <= hi;
}

int sr_stream_quality_check(const struct sr_stream_quality *q,
			    const char **field)
{
	const struct { const char *name; double value; } shares[] = {
		{ "hard_bounce_p", q->hard_bounce_p },
		{ "soft_bounce_p", q->soft_bounce_p },
		{ "complaint_p", q->complaint_p },
		{ "fbl_share", q->fbl_share },
		{ "verified_share", q->verified_share },
		{ "simulator_share", q->simulator_share },
	};
	const char *bad = NULL;

	if (!within(q->recipients_per_message, 1, 50))
		bad = "recipients_per_message";
	for (size_t i = 0; !bad && i < sizeof shares / sizeof shares[0]; i++)
		if (!within(shares[i].value, 0, 1))
			bad = shares[i].name;
	if (!bad && q->list_size < 0)
		bad = "list_size";
	if (!bad)
		return 0;
	if (field)
		*field = bad;
	return -1;
}
