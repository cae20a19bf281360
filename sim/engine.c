/* engine: the run loop.  See engine.h. */
#include "engine.h"

#include <stdlib.h>

int sr_engine_init(struct sr_engine *e, size_t capacity)
{
	*e = (struct sr_engine){0};
	return sr_queue_init(&e->queue, capacity);
}

void sr_engine_reset(struct sr_engine *e)
{
	sr_queue_reset(&e->queue);
	*e = (struct sr_engine){0};
}

struct sr_engine *sr_engine_alloc(size_t capacity)
{
	struct sr_engine *e = malloc(sizeof *e);
	if (e && sr_engine_init(e, capacity)) {
		free(e);
		return NULL;
	}
	return e;
}

void sr_engine_free(struct sr_engine *e)
{
	if (!e)
		return;
	sr_engine_reset(e);
	free(e);
}



int sr_engine_cancel(struct sr_engine *e, sr_handle handle)
{
	return sr_queue_cancel(&e->queue, handle);
}

int sr_engine_reschedule(struct sr_engine *e, sr_handle handle, int64_t time_us)
{
	if (time_us < e->now_us)
		return -1;
	return sr_queue_reschedule(&e->queue, handle, time_us);
}

void sr_engine_stop(struct sr_engine *e, int status)
{
	e->stopping = 1;
	e->stop_status = status;
}

int sr_engine_run(struct sr_engine *e, int64_t until_us, int *status)
{
	struct sr_event ev;
	e->stopping = 0;
	while (sr_queue_next_time(&e->queue) <= until_us &&
	       sr_queue_pop(&e->queue, &ev) == 0) {
		e->now_us = ev.time_us;
		e->dispatched++;
		int rc = ev.fn(e, ev.ctx, ev.arg);
		if (rc != 0 || e->stopping) {
			if (status)
				*status = rc != 0 ? rc : e->stop_status;
			return SR_RUN_STOPPED;
		}
	}
	if (until_us != INT64_MAX && until_us > e->now_us)
		e->now_us = until_us;
	return SR_RUN_DONE;
}
