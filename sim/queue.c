/* queue: d-ary indexed min-heap of events.  See queue.h. */
#include "queue.h"

#include <stdlib.h>

#define D SR_QUEUE_ARITY
#define SEQ_BITS 48
#define SEQ_MASK ((UINT64_C(1) << SEQ_BITS) - 1)

static inline int node_less(const struct sr_queue_node *a,
			    const struct sr_queue_node *b)
{
	return a->time_us < b->time_us ||
	       (a->time_us == b->time_us && a->order < b->order);
}

static inline void place(struct sr_queue *q, size_t i,
			 const struct sr_queue_node *n)
{
	q->heap[i] = *n;
	q->slots[n->slot].pos = (uint32_t)i;
}

/* Moves the node n up from hole i to its place. */
static void sift_up(struct sr_queue *q, size_t i, struct sr_queue_node n)
{
	while (i > 0) {
		size_t parent = (i - 1) / D;
		if (!node_less(&n, &q->heap[parent]))
			break;
		place(q, i, &q->heap[parent]);
		i = parent;
	}
	place(q, i, &n);
}

/* Moves the node n down from hole i to its place. */
static void sift_down(struct sr_queue *q, size_t i, struct sr_queue_node n)
{
	for (;;) {
		size_t first = D * i + 1;
		if (first >= q->size)
			break;
		size_t last = first + D < q->size ? first + D : q->size;
		size_t best = first;
		for (size_t c = first + 1; c < last; c++)
			if (node_less(&q->heap[c], &q->heap[best]))
				best = c;
		if (!node_less(&q->heap[best], &n))
			break;
		place(q, i, &q->heap[best]);
		i = best;
	}
	place(q, i, &n);
}

static int grow(struct sr_queue *q)
{
	size_t cap = q->capacity ? 2 * q->capacity : 64;
	if (cap > UINT32_MAX - 1)
		return -1;
	struct sr_queue_node *heap = realloc(q->heap, cap * sizeof *heap);
	if (!heap)
		return -1;
	q->heap = heap;
	struct sr_queue_slot *slots = realloc(q->slots, cap * sizeof *slots);
	if (!slots)
		return -1;
	q->slots = slots;
	/* Chain the new slots onto the free list, lowest index first. */
	for (size_t s = cap; s-- > q->capacity;) {
		slots[s].pos = q->free_slot;
		slots[s].gen = 1;
		q->free_slot = (uint32_t)s;
	}
	q->capacity = cap;
	return 0;
}

int sr_queue_init(struct sr_queue *q, size_t capacity)
{
	*q = (struct sr_queue){.free_slot = UINT32_MAX};
	while (q->capacity < capacity)
		if (grow(q)) {
			sr_queue_reset(q);
			return -1;
		}
	return 0;
}

void sr_queue_reset(struct sr_queue *q)
{
	free(q->heap);
	free(q->slots);
	*q = (struct sr_queue){.free_slot = UINT32_MAX};
}

static void release_slot(struct sr_queue *q, uint32_t s)
{
	q->slots[s].gen++;
	if (q->slots[s].gen == 0)
		q->slots[s].gen = 1;
	q->slots[s].pos = q->free_slot;
	q->free_slot = s;
}

void sr_queue_clear(struct sr_queue *q)
{
	while (q->size)
		release_slot(q, q->heap[--q->size].slot);
}

int sr_queue_push(struct sr_queue *q, int64_t time_us, int priority,
		  sr_handler fn, void *ctx, int64_t arg, sr_handle *handle)
{
	if (priority < SR_PRIO_MIN || priority > SR_PRIO_MAX)
		return -1;
	if (q->free_slot == UINT32_MAX && grow(q))
		return -1;
	uint32_t s = q->free_slot;
	struct sr_queue_slot *slot = &q->slots[s];
	q->free_slot = slot->pos;
	slot->fn = fn;
	slot->ctx = ctx;
	slot->arg = arg;
	struct sr_queue_node n = {
		.time_us = time_us,
		.order = (uint64_t)priority << SEQ_BITS | (q->sequence++ & SEQ_MASK),
		.slot = s,
	};
	sift_up(q, q->size++, n);
	if (handle)
		*handle = (uint64_t)slot->gen << 32 | s;
	return 0;
}

/* Takes the node at heap index i out of the heap. */
static void remove_at(struct sr_queue *q, size_t i)
{
	struct sr_queue_node last = q->heap[--q->size];
	if (i == q->size)
		return;
	if (i > 0 && node_less(&last, &q->heap[(i - 1) / D]))
		sift_up(q, i, last);
	else
		sift_down(q, i, last);
}

int sr_queue_pop(struct sr_queue *q, struct sr_event *ev)
{
	if (q->size == 0)
		return -1;
	const struct sr_queue_node *top = &q->heap[0];
	const struct sr_queue_slot *slot = &q->slots[top->slot];
	uint32_t s = top->slot;
	ev->time_us = top->time_us;
	ev->priority = (int)(top->order >> SEQ_BITS);
	ev->fn = slot->fn;
	ev->ctx = slot->ctx;
	ev->arg = slot->arg;
	remove_at(q, 0);
	release_slot(q, s);
	return 0;
}

/* Slot of a pending event, or UINT32_MAX if the handle is stale. */
static uint32_t live_slot(const struct sr_queue *q, sr_handle handle)
{
	uint32_t s = (uint32_t)handle;
	uint32_t gen = (uint32_t)(handle >> 32);
	if (gen == 0 || s >= q->capacity || q->slots[s].gen != gen)
		return UINT32_MAX;
	uint32_t pos = q->slots[s].pos;
	if (pos >= q->size || q->heap[pos].slot != s)
		return UINT32_MAX;
	return s;
}

int sr_queue_pending(const struct sr_queue *q, sr_handle handle)
{
	return live_slot(q, handle) != UINT32_MAX;
}

int sr_queue_cancel(struct sr_queue *q, sr_handle handle)
{
	uint32_t s = live_slot(q, handle);
	if (s == UINT32_MAX)
		return -1;
	remove_at(q, q->slots[s].pos);
	release_slot(q, s);
	return 0;
}

int sr_queue_reschedule(struct sr_queue *q, sr_handle handle, int64_t time_us)
{
	uint32_t s = live_slot(q, handle);
	if (s == UINT32_MAX)
		return -1;
	size_t i = q->slots[s].pos;
	struct sr_queue_node n = q->heap[i];
	n.time_us = time_us;
	n.order = (n.order & ~SEQ_MASK) | (q->sequence++ & SEQ_MASK);
	/* Take it out and put it back: simpler than choosing a direction, and
	 * rescheduling is rare next to push and pop. */
	remove_at(q, i);
	sift_up(q, q->size++, n);
	return 0;
}

int sr_queue_time(const struct sr_queue *q, sr_handle handle, int64_t *time_us)
{
	uint32_t s = live_slot(q, handle);
	if (s == UINT32_MAX)
		return -1;
	*time_us = q->heap[q->slots[s].pos].time_us;
	return 0;
}
