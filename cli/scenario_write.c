/*
 * scenario_write: sr_scenario_write(), the effective scenario in the
 * syntax sr_scenario_load() reads.  See scenario.h.
 *
 * Memory: each value is formatted into a buffer on the stack (VALUE_MAX);
 * the stream belongs to the caller.  Depends on keys.c (the tables and
 * each kind's writer) and values.c.
 */
#include "cli/scenario.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/keys.h"

#define WRAP 76             /* the writer breaks lists after this column */

/* ---- writing ------------------------------------------------------------------------------ */

/* Keys that do not apply to an account's stage are left out, since the
 * file may not give them either. */
static int applies(const struct sr_scenario *s, int inst, const struct key *k)
{
	size_t i;
	if (sec_of(inst, &i) != SEC_ACCOUNT)
		return 1;
	int production = s->world.accounts[i].stage == SR_STAGE_PRODUCTION;
	if (!strcmp(k->name, "max_24h") || !strcmp(k->name, "max_rate"))
		return production;
	if (!strcmp(k->name, "access_request"))
		return !production;
	return 1;
}

/* "key = value", lists wrapped after their commas onto indented lines.  A
 * value that cannot wrap (a path) is written whole even if it is longer
 * than the reader takes: outputs that quote the scenario still work, and
 * reading it back says "line too long" rather than misreading it. */
static int write_key(FILE *out, const struct key *k, const char *value)
{
	int head = fprintf(out, "%s =", k->name);
	size_t col = (size_t)head;
	const char *p = value;
	if (head < 0)
		return -1;
	if (!*p)
		return fputc('\n', out) == EOF ? -1 : 0;
	while (*p) {
		const char *comma = k->kind->list ? strstr(p, ", ") : NULL;
		size_t len = comma ? (size_t)(comma - p) + 1 : strlen(p);
		if (col + 1 + len > WRAP && col > 1 && p != value) {
			fputs("\n\t", out);
			col = 1;
		} else {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, len, out);
		col += len;
		p += comma ? len + 1 : len;
	}
	return fputc('\n', out) == EOF ? -1 : 0;
}

static int write_section(const struct sr_scenario *s, int inst, FILE *out)
{
	char t[128], text[VALUE_MAX];
	size_t i;
	const struct section *sc = &sections[sec_of(inst, &i)];
	fprintf(out, "\n[%s]\n", title(s, inst, t, sizeof t));
	for (size_t k = 0; k < sc->nkeys; k++) {
		const struct key *key = &sc->keys[k];
		struct buf b = {text, sizeof text, 0, 0};
		text[0] = '\0';
		if (!applies(s, inst, key))
			continue;
		key->kind->format(key, field_of((struct sr_scenario *)s, inst, key),
				  s, &b);
		if (b.full) {
			errno = EOVERFLOW;
			return -1;
		}
		if (write_key(out, key, text))
			return -1;
	}
	return 0;
}

int sr_scenario_write(const struct sr_scenario *s, FILE *out)
{
	static const int fixed[] = {SEC_LIMITER, SEC_REQUESTS, SEC_REPUTATION,
				    SEC_GROWTH, SEC_FEEDBACK, SEC_CLIENT,
				    SEC_MIGRATION};
	int rc = 0;
	fprintf(out, "; sesramp scenario: every key with its effective value\n");
	rc |= write_section(s, SEC_SIMULATION, out);
	for (size_t i = 0; !rc && i < s->world.naccounts; i++)
		rc |= write_section(s, FIRST_ACCOUNT + (int)i, out);
	for (size_t i = 0; !rc && i < N(fixed); i++)
		rc |= write_section(s, fixed[i], out);
	for (size_t i = 0; !rc && i < s->world.nstreams; i++)
		rc |= write_section(s, FIRST_STREAM + (int)i, out);
	if (!rc)
		rc = write_section(s, SEC_WORKLOAD, out);
	if (!rc)
		rc = write_section(s, SEC_PLANNING, out);
	if (rc || ferror(out))
		return -1;
	return 0;
}
