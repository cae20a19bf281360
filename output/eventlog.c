/* eventlog: a run's events for events.csv.  See eventlog.h. */
#include "output/eventlog.h"

#include <stdlib.h>

#include "output/csvout.h"
#include "sim/clock.h"

void sr_eventlog_add(struct sr_eventlog *l, int64_t t_us, const char *account,
		     enum sr_event_kind kind, const char *detail)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct sr_logged_event *e = realloc(l->e, cap * sizeof *e);
		if (!e) {
			l->failed = 1;
			return;
		}
		l->e = e;
		l->cap = cap;
	}
	struct sr_logged_event *e = &l->e[l->n++];
	e->t_us = t_us;
	e->kind = kind;
	snprintf(e->account, sizeof e->account, "%s", account);
	snprintf(e->detail, sizeof e->detail, "%s", detail);
}

/* Insertion sort: stable, and events come nearly in order. */
void sr_eventlog_sort(struct sr_eventlog *l)
{
	for (size_t i = 1; i < l->n; i++) {
		struct sr_logged_event e = l->e[i];
		size_t j = i;
		for (; j > 0 && l->e[j - 1].t_us > e.t_us; j--)
			l->e[j] = l->e[j - 1];
		l->e[j] = e;
	}
}

void sr_eventlog_write(FILE *f, const struct sr_eventlog *l, int64_t origin_us,
		       size_t rep)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct sr_logged_event *e = &l->e[i];
		char t[SR_TIME_TEXT_MAX];
		sr_time_format(origin_us + e->t_us, t, sizeof t);
		fprintf(f, "%s,%zu,", t, rep);
		sr_csv_text(f, e->account);
		fprintf(f, ",%s,", sr_event_name(e->kind));
		sr_csv_text(f, e->detail);
		fputc('\n', f);
	}
}

void sr_eventlog_free(struct sr_eventlog *l)
{
	free(l->e);
	*l = (struct sr_eventlog){0};
}
