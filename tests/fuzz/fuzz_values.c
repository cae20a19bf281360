/* libFuzzer target: any bytes as the value of a --set assignment must be
 * taken or refused with a message; never crash, hang or read out of bounds.
 *
 * Each line of the input is one assignment: its first byte chooses the key
 * (a letter of `letters` picks the key at its position; any other byte, the
 * key at byte % the number of keys), the rest of the line is the value.  A
 * one-line input is one value; more lines let keys that sr_scenario_finish()
 * checks together meet (a ramp strategy and its points).  The keys cover
 * every kind of value in cli/keys.c's key tables. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/scenario.h"

#define LINES_MAX 16   /* assignments per input */

/* Append only: a key's letter is its position, which the seeds rely on. */
static const char letters[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char *const keys[] = {
	"simulation.start",                      /* A date */
	"simulation.duration",                   /* B duration */
	"simulation.seed",                       /* C 64-bit whole number */
	"simulation.bucket",                     /* D bucket */
	"simulation.name",                       /* E name */
	"simulation.replications",               /* F unsigned */
	"account main.region",                   /* G region */
	"account main.stage",                    /* H choice */
	"account main.max_24h",                  /* I limit */
	"account main.max_rate",                 /* J number */
	"account main.access_request",           /* K duration or never */
	"account main.description",              /* L share */
	"account main.requested_quota",          /* M count */
	"account main.increase",                 /* N increases */
	"account main.weight",                   /* O number */
	"limiter.burst",                         /* P seconds */
	"limiter.refused_takes_token",           /* Q bool */
	"requests.access_delay",                 /* R median, P90 */
	"requests.access_outcome",               /* S three shares */
	"requests.lookback",                     /* T days */
	"requests.partial_factor",               /* U number */
	"reputation.bounce_review",              /* V share above 0 */
	"reputation.volume",                     /* W count */
	"growth.window",                         /* X days */
	"growth.days_required",                  /* Y int */
	"growth.factor",                         /* Z number above 1 */
	"feedback.hard_bounce_delay",            /* a median, P99 */
	"feedback.complaint_delay",              /* b median, P95 */
	"feedback.delay_bins",                   /* c int */
	"client.kind",                           /* d choice */
	"client.backoff_base",                   /* e duration */
	"client.backoff_cap",                    /* f duration */
	"client.max_tries",                      /* g int */
	"migration.strategy",                    /* h choice */
	"migration.start",                       /* i duration or date */
	"migration.ramp",                        /* j ramp */
	"migration.target",                      /* k share */
	"migration.order",                       /* l stream names */
	"migration.legacy_capacity",             /* m limit */
	"stream default.volume",                 /* n volume */
	"stream default.trend",                  /* o choice */
	"stream default.trend_per_day",          /* p share from -1 */
	"stream default.trend_table",            /* q table */
	"stream default.hourly",                 /* r 24 weights */
	"stream default.weekday",                /* s 7 weights */
	"stream default.campaigns",              /* t campaigns */
	"stream default.recipients_per_message", /* u whole number */
	"stream default.list_size",              /* v count */
	"workload.interval",                     /* w duration */
	"workload.recorded",                     /* x path */
	"planning.slo",                          /* y duration */
	"planning.confidence",                   /* z share 0.5..0.999 */
	"planning.margin",                       /* 0 share up to 100 */
};

_Static_assert(sizeof keys / sizeof keys[0] < sizeof letters, "letters");

static const char *key_of(unsigned char c)
{
	size_t n = sizeof keys / sizeof keys[0];
	const char *p = c ? strchr(letters, c) : NULL;
	if (p && (size_t)(p - letters) < n)
		return keys[p - letters];
	return keys[c % n];
}

/* Applies the line of len bytes at p; -1 if it is refused. */
static int assign(struct sr_scenario *s, const uint8_t *p, size_t len)
{
	char err[1024];
	const char *key = key_of(p[0]);
	size_t klen = strlen(key);
	char *a = malloc(klen + len + 1);
	if (!a)
		return -1;
	memcpy(a, key, klen);
	a[klen] = '=';
	memcpy(a + klen + 1, p + 1, len - 1);
	a[klen + len] = '\0';
	int rc = sr_scenario_set(s, a, err, sizeof err);
	free(a);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sr_scenario s;
	char err[1024];
	sr_scenario_default(&s);
	for (size_t i = 0, lines = 0; i < size && lines < LINES_MAX; lines++) {
		const uint8_t *nl = memchr(data + i, '\n', size - i);
		size_t len = nl ? (size_t)(nl - (data + i)) : size - i;
		if (len && assign(&s, data + i, len))
			return 0;
		i += len + 1;
	}
	if (sr_scenario_finish(&s, err, sizeof err) == 0) {
		FILE *out = fopen("/dev/null", "w");
		if (out) {
			sr_scenario_write(&s, out);
			fclose(out);
		}
	}
	return 0;
}
