/* queue: d-ary indexed min-heap of events.  See queue.h. */
#include "queue.h"

#include <stdlib.h>

int sr_queue_grow(struct sr_queue *q)
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

int sr_queue_lane_grow(struct sr_queue_lane *l)
{
	size_t cap = l->cap ? 2 * l->cap : 64;
	struct sr_queue_node *fifo = malloc(cap * sizeof *fifo);
	if (!fifo)
		return -1;
	for (size_t i = 0; i < l->len; i++)
		fifo[i] = l->fifo[(l->first + i) & (l->cap - 1)];
	free(l->fifo);
	l->fifo = fifo;
	l->cap = cap;
	l->first = 0;
	return 0;
}

int sr_queue_init(struct sr_queue *q, size_t capacity)
{
	*q = (struct sr_queue){.free_slot = UINT32_MAX};
	while (q->capacity < capacity)
		if (sr_queue_grow(q)) {
			sr_queue_reset(q);
			return -1;
		}
	return 0;
}

void sr_queue_reset(struct sr_queue *q)
{
	for (size_t i = 0; i < SR_QUEUE_LANES; i++)
		free(q->lanes[i].fifo);
	free(q->heap);
	free(q->slots);
	*q = (struct sr_queue){.free_slot = UINT32_MAX};
}

void sr_queue_clear(struct sr_queue *q)
{
	while (q->size)
		sr_queue_release_slot(q, q->heap[--q->size].slot);
	for (size_t i = 0; i < SR_QUEUE_LANES; i++) {
		struct sr_queue_lane *l = &q->lanes[i];
		for (; l->len; l->len--, l->first = (l->first + 1) & (l->cap - 1))
			sr_queue_release_slot(q, l->fifo[l->first].slot);
		l->open = 0;
	}
	q->queued = 0;
}

/* Takes the node at heap index i out of the heap. */
static void remove_at(struct sr_queue *q, size_t i)
{
	struct sr_queue_node last = q->heap[--q->size];
	if (i == q->size)
		return;
	if (i > 0 && sr_queue_less(&last, &q->heap[(i - 1) / SR_QUEUE_ARITY]))
		sr_queue_sift_up(q, i, last);
	else
		sr_queue_sift_down(q, i, last);
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
	sr_queue_release_slot(q, s);
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
	n.order = (n.order & ~SR_QUEUE_SEQ_MASK) | (q->sequence++ & SR_QUEUE_SEQ_MASK);
	/* Take it out and put it back: simpler than choosing a direction, and
	 * rescheduling is rare next to push and pop. */
	remove_at(q, i);
	sr_queue_sift_up(q, q->size++, n);
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
