/*
 * queue: the pending-event set of the engine.
 *
 * A d-ary min-heap (SR_QUEUE_ARITY, 4 by default: it measured faster than a
 * binary heap here, see bench/queue.c) of small nodes keyed by
 * (time, priority, insertion sequence).  The sequence makes events at the
 * same instant and priority leave in the order they were scheduled, so every
 * run is reproducible.  Event payloads live in a slot array beside the heap;
 * both arrays grow by doubling and are reused, so there is no allocation per
 * event once the queue has reached its working size.
 *
 * A handle names a scheduled event: (generation << 32 | slot).  A slot's
 * generation changes whenever its event fires or is cancelled, so a stale
 * handle is recognised and refused instead of touching another event.
 *
 * Lanes keep a large heap from forming where a model schedules many events
 * in the order they will fire, each a fixed delay after the last (feedback
 * arrivals, 12 hours ahead).  An event pushed into a lane is an ordinary
 * event (same ordering, same count in sr_queue_size()) that takes no
 * handle; the lane is only a hint.  Only a lane's earliest event is in the
 * heap; the others wait in the lane's FIFO while each one pushed ranks at
 * or after the one before it, and take its place in the heap when it
 * leaves.  An event that would rank before the lane's last one goes into
 * the heap on its own, so the order of events never depends on the lanes.
 *
 * Memory: the queue owns the arrays and the lanes' FIFOs; sr_queue_reset()
 * releases them.  Depends on nothing else in sesramp.
 */
#ifndef SR_QUEUE_H
#define SR_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#ifndef SR_QUEUE_ARITY
#define SR_QUEUE_ARITY 4
#endif

struct sr_engine;

/* An event handler. A non-zero return stops the run with that status. */
typedef int (*sr_handler)(struct sr_engine *e, void *ctx, int64_t arg);

typedef uint64_t sr_handle;
#define SR_HANDLE_NONE ((sr_handle)0)

/* Priorities order events at the same instant; lower runs first. */
#define SR_PRIO_MIN 0
#define SR_PRIO_MAX 65535

struct sr_event {
	int64_t time_us;
	int priority;
	sr_handler fn;
	void *ctx;
	int64_t arg;
};

struct sr_queue_node {
	int64_t time_us;
	uint64_t order;     /* priority << 48 | insertion sequence */
	uint32_t slot;
	uint32_t lane;      /* 1 + lane of a lane's earliest event; 0 if none */
};

/* Lanes (see above); a lane number is taken modulo SR_QUEUE_LANES. */
#define SR_QUEUE_LANES 16

struct sr_queue_lane {
	struct sr_queue_node *fifo;   /* ring of the events after the earliest */
	size_t cap, first, len;       /* cap: 0 or a power of two */
	int open;                     /* its earliest event is in the heap */
	struct sr_queue_node last;    /* the latest event put in the lane */
};

struct sr_queue_slot {
	sr_handler fn;
	void *ctx;
	int64_t arg;
	uint32_t pos;       /* heap index; next free slot while free */
	uint32_t gen;
};

struct sr_queue {
	struct sr_queue_node *heap;
	struct sr_queue_slot *slots;
	size_t size;        /* nodes in the heap */
	size_t capacity;    /* nodes and slots allocated */
	uint32_t free_slot; /* head of the free-slot list, UINT32_MAX if empty */
	uint64_t sequence;
	size_t queued;      /* events waiting in lane FIFOs, not in the heap */
	struct sr_queue_lane lanes[SR_QUEUE_LANES];
};

/* Prepares an empty queue with room for `capacity` events (0 is allowed).
 * Returns 0, or -1 if memory is short. */
int sr_queue_init(struct sr_queue *q, size_t capacity);

/* Releases the arrays; the queue must be initialised again before use. */
void sr_queue_reset(struct sr_queue *q);

/* Drops every pending event but keeps the memory. */
void sr_queue_clear(struct sr_queue *q);

/* Doubles the arrays. Returns 0, or -1 if memory is short. (Internal.) */
int sr_queue_grow(struct sr_queue *q);

/* Doubles a lane's FIFO. Returns 0, or -1 if memory is short. (Internal.) */
int sr_queue_lane_grow(struct sr_queue_lane *l);

#define SR_QUEUE_SEQ_BITS 48
#define SR_QUEUE_SEQ_MASK ((UINT64_C(1) << SR_QUEUE_SEQ_BITS) - 1)

/*
 * The hot path (push, pop and the sifting they do) is inline, so that a
 * handler scheduling its next event costs no call into another translation
 * unit: bench/mm1.c measured that call overhead at a quarter of the engine's
 * time.  Everything below is internal but for sr_queue_push,
 * sr_queue_push_lane and sr_queue_pop.
 */
static inline int sr_queue_less(const struct sr_queue_node *a,
				const struct sr_queue_node *b)
{
	return a->time_us < b->time_us ||
	       (a->time_us == b->time_us && a->order < b->order);
}

static inline void sr_queue_place(struct sr_queue *q, size_t i,
				  const struct sr_queue_node *n)
{
	q->heap[i] = *n;
	q->slots[n->slot].pos = (uint32_t)i;
}

/* Moves the node n up from hole i to its place. */
static inline void sr_queue_sift_up(struct sr_queue *q, size_t i,
				    struct sr_queue_node n)
{
	while (i > 0) {
		size_t parent = (i - 1) / SR_QUEUE_ARITY;
		if (!sr_queue_less(&n, &q->heap[parent]))
			break;
		sr_queue_place(q, i, &q->heap[parent]);
		i = parent;
	}
	sr_queue_place(q, i, &n);
}

/* Moves the node n down from hole i to its place. */
static inline void sr_queue_sift_down(struct sr_queue *q, size_t i,
				      struct sr_queue_node n)
{
	for (;;) {
		size_t first = SR_QUEUE_ARITY * i + 1;
		if (first >= q->size)
			break;
		size_t last = first + SR_QUEUE_ARITY;
		if (last > q->size)
			last = q->size;
		size_t best = first;
		for (size_t c = first + 1; c < last; c++)
			if (sr_queue_less(&q->heap[c], &q->heap[best]))
				best = c;
		if (!sr_queue_less(&q->heap[best], &n))
			break;
		sr_queue_place(q, i, &q->heap[best]);
		i = best;
	}
	sr_queue_place(q, i, &n);
}

static inline void sr_queue_release_slot(struct sr_queue *q, uint32_t s)
{
	if (++q->slots[s].gen == 0)
		q->slots[s].gen = 1;
	q->slots[s].pos = q->free_slot;
	q->free_slot = s;
}

/* Takes a free slot for an event and makes its node.  Returns 0, or -1 if
 * memory is short or priority is out of range. */
static inline int sr_queue_new_node(struct sr_queue *q, int64_t time_us,
				    int priority, sr_handler fn, void *ctx,
				    int64_t arg, struct sr_queue_node *n)
{
	if (priority < SR_PRIO_MIN || priority > SR_PRIO_MAX)
		return -1;
	if (q->free_slot == UINT32_MAX && sr_queue_grow(q))
		return -1;
	uint32_t s = q->free_slot;
	struct sr_queue_slot *slot = &q->slots[s];
	q->free_slot = slot->pos;
	slot->fn = fn;
	slot->ctx = ctx;
	slot->arg = arg;
	*n = (struct sr_queue_node){
		.time_us = time_us,
		.order = (uint64_t)priority << SR_QUEUE_SEQ_BITS |
			 (q->sequence++ & SR_QUEUE_SEQ_MASK),
		.slot = s,
	};
	return 0;
}

/* Schedules an event. *handle (if not NULL) receives its handle, or
 * SR_HANDLE_NONE on failure.
 * Returns 0, or -1 if memory is short or priority is out of range. */
static inline int sr_queue_push(struct sr_queue *q, int64_t time_us,
				int priority, sr_handler fn, void *ctx,
				int64_t arg, sr_handle *handle)
{
	struct sr_queue_node n;
	if (handle)
		*handle = SR_HANDLE_NONE;
	if (sr_queue_new_node(q, time_us, priority, fn, ctx, arg, &n))
		return -1;
	sr_queue_sift_up(q, q->size++, n);
	if (handle)
		*handle = (uint64_t)q->slots[n.slot].gen << 32 | n.slot;
	return 0;
}

/* Schedules an event, without a handle, through a lane (see above).
 * Returns 0, or -1 if memory is short or priority is out of range. */
static inline int sr_queue_push_lane(struct sr_queue *q, unsigned lane,
				     int64_t time_us, int priority,
				     sr_handler fn, void *ctx, int64_t arg)
{
	struct sr_queue_node n;
	struct sr_queue_lane *l = &q->lanes[lane % SR_QUEUE_LANES];
	if (sr_queue_new_node(q, time_us, priority, fn, ctx, arg, &n))
		return -1;
	if (!l->open) {
		/* The lane's earliest event: into the heap, marked. */
		n.lane = lane % SR_QUEUE_LANES + 1;
		l->open = 1;
		l->last = n;
	} else if (!sr_queue_less(&n, &l->last)) {
		if (l->len == l->cap && sr_queue_lane_grow(l)) {
			sr_queue_release_slot(q, n.slot);
			return -1;
		}
		l->fifo[(l->first + l->len++) & (l->cap - 1)] = n;
		l->last = n;
		q->queued++;
		return 0;
	}
	sr_queue_sift_up(q, q->size++, n);
	return 0;
}

/* Removes the earliest event into *ev. Returns 0, or -1 if empty (with
 * *ev cleared). */
static inline int sr_queue_pop(struct sr_queue *q, struct sr_event *ev)
{
	if (q->size == 0) {
		*ev = (struct sr_event){0};
		return -1;
	}
	uint32_t s = q->heap[0].slot;
	uint32_t lane = q->heap[0].lane;
	const struct sr_queue_slot *slot = &q->slots[s];
	ev->time_us = q->heap[0].time_us;
	ev->priority = (int)(q->heap[0].order >> SR_QUEUE_SEQ_BITS);
	ev->fn = slot->fn;
	ev->ctx = slot->ctx;
	ev->arg = slot->arg;
	sr_queue_release_slot(q, s);
	if (lane) {
		/* The lane's next event, if any, takes the place of this one. */
		struct sr_queue_lane *l = &q->lanes[lane - 1];
		if (l->len) {
			struct sr_queue_node n = l->fifo[l->first];
			l->first = (l->first + 1) & (l->cap - 1);
			l->len--;
			q->queued--;
			n.lane = lane;
			sr_queue_sift_down(q, 0, n);
			return 0;
		}
		l->open = 0;
	}
	if (--q->size)
		sr_queue_sift_down(q, 0, q->heap[q->size]);
	return 0;
}

/* Time of the earliest event; INT64_MAX when empty. */
static inline int64_t sr_queue_next_time(const struct sr_queue *q)
{
	return q->size ? q->heap[0].time_us : INT64_MAX;
}

/* Events pending, in the heap and in lanes. */
static inline size_t sr_queue_size(const struct sr_queue *q)
{
	return q->size + q->queued;
}

/* Whether the handle names an event that is still pending. */
int sr_queue_pending(const struct sr_queue *q, sr_handle handle);

/* Removes a pending event. Returns 0, or -1 if the handle is stale. */
int sr_queue_cancel(struct sr_queue *q, sr_handle handle);

/* Moves a pending event to a new time; it then ranks after events already
 * scheduled at that time and priority. Returns 0, or -1 if stale. */
int sr_queue_reschedule(struct sr_queue *q, sr_handle handle, int64_t time_us);

/* Time of a pending event into *time_us. Returns 0, or -1 if stale. */
int sr_queue_time(const struct sr_queue *q, sr_handle handle, int64_t *time_us);

#endif
