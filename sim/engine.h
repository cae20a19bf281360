/*
 * engine: the discrete-event run loop.
 *
 * The engine owns the clock (now, in microseconds since the scenario start)
 * and the event queue, and is the one place that dispatches events: it pops
 * the earliest event, advances the clock to it and calls its handler.
 * Handlers schedule further events through the functions below.  A handler
 * that returns non-zero, or calls sr_engine_stop(), stops the run.
 *
 * Memory: the engine owns its queue.  Handler contexts belong to the models
 * that scheduled them.  Depends on queue.
 */
#ifndef SR_ENGINE_H
#define SR_ENGINE_H

#include "queue.h"

struct sr_engine {
	struct sr_queue queue;
	int64_t now_us;
	uint64_t dispatched;   /* events handled so far */
	int stop_status;
	int stopping;
};

/* Outcome of sr_engine_run(). */
enum {
	SR_RUN_DONE = 0,       /* reached the end time or ran out of events */
	SR_RUN_STOPPED = 1,    /* a handler stopped the run */
};

int sr_engine_init(struct sr_engine *e, size_t capacity);
void sr_engine_reset(struct sr_engine *e);

/* Heap-allocated form; sr_engine_free() accepts NULL. */
struct sr_engine *sr_engine_alloc(size_t capacity);
void sr_engine_free(struct sr_engine *e);

static inline int64_t sr_engine_now(const struct sr_engine *e)
{
	return e->now_us;
}

/* Schedules fn(e, ctx, arg) at an absolute time, which must not be earlier
 * than now.  Returns 0, or -1 (time in the past, bad priority, no memory).
 * Inline, like the queue's push, because every handler calls it. */
static inline int sr_engine_at(struct sr_engine *e, int64_t time_us,
			       int priority, sr_handler fn, void *ctx,
			       int64_t arg, sr_handle *handle)
{
	if (time_us < e->now_us || !fn) {
		if (handle)
			*handle = SR_HANDLE_NONE;
		return -1;
	}
	return sr_queue_push(&e->queue, time_us, priority, fn, ctx, arg, handle);
}

/* As sr_engine_at(), without a handle, through a lane of the queue: for a
 * model that schedules many events in the order they will fire (see
 * queue.h).  The lane changes nothing but the cost. */
static inline int sr_engine_at_lane(struct sr_engine *e, unsigned lane,
				    int64_t time_us, int priority,
				    sr_handler fn, void *ctx, int64_t arg)
{
	if (time_us < e->now_us || !fn)
		return -1;
	return sr_queue_push_lane(&e->queue, lane, time_us, priority, fn, ctx,
				  arg);
}

/* Time of the earliest pending event; INT64_MAX when there is none.  A
 * handler that finds it later than now knows that nothing else is due at
 * this instant, so work it would schedule now, behind every pending event,
 * may be done at once instead (world.c does so for batches arriving
 * together). */
static inline int64_t sr_engine_next_time(const struct sr_engine *e)
{
	return sr_queue_next_time(&e->queue);
}

/* Schedules after a delay (>= 0) from now. */
static inline int sr_engine_after(struct sr_engine *e, int64_t delay_us,
				  int priority, sr_handler fn, void *ctx,
				  int64_t arg, sr_handle *handle)
{
	if (delay_us < 0 || delay_us > INT64_MAX - e->now_us)
		delay_us = -1;   /* refused by sr_engine_at as in the past */
	return sr_engine_at(e, e->now_us + delay_us, priority, fn, ctx, arg,
			    handle);
}

/* Cancels a pending event. Returns 0, or -1 if it already fired or was
 * cancelled. */
int sr_engine_cancel(struct sr_engine *e, sr_handle handle);

/* Moves a pending event to time_us (>= now). Returns 0 or -1. */
int sr_engine_reschedule(struct sr_engine *e, sr_handle handle,
			 int64_t time_us);

/* Asks the run loop to stop after the current handler, with a status that
 * sr_engine_run() then reports through *status. */
void sr_engine_stop(struct sr_engine *e, int status);

/*
 * Runs every event with time <= until_us (INT64_MAX: until the queue is
 * empty).  On SR_RUN_DONE with a finite until_us the clock stands at
 * until_us, so a later call continues from there.  On SR_RUN_STOPPED,
 * *status (if not NULL) receives the handler's non-zero return or the value
 * given to sr_engine_stop(); the clock stands at the stopping event.
 */
int sr_engine_run(struct sr_engine *e, int64_t until_us, int *status);

#endif
