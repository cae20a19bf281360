/*
 * replicate: runs N independent replications on a pool of POSIX threads and
 * hands their results back in replication order.
 *
 * Each replication is a call run(rep, ctx, &result) on some worker thread; it
 * must depend only on its index (its random streams are derived from it, see
 * rng.h) and on read-only shared data in ctx.  The calling thread receives
 * each result through merge(rep, result, ctx) strictly in the order
 * 0, 1, 2, ..., so whatever merge writes is identical for any thread count.
 * At most `window` finished results wait for their turn, which bounds memory
 * when one replication is slow.
 *
 * Memory: a result is owned by the caller's code: run creates it, merge takes
 * it over; results never merged (after a failure) are passed to discard.
 * Depends on nothing else in sesramp.
 */
#ifndef SR_REPLICATE_H
#define SR_REPLICATE_H

#include <stddef.h>

struct sr_replicate_job {
	size_t replications;
	unsigned threads;   /* 0 or 1: run on the calling thread */
	size_t window;      /* 0: four per thread */
	int (*run)(size_t rep, void *ctx, void **result);
	int (*merge)(size_t rep, void *result, void *ctx);
	void (*discard)(void *result, void *ctx);   /* may be NULL */
	void *ctx;
};

/*
 * Runs the job.  Returns 0 when every replication ran and merged, or the
 * first non-zero status in replication order of run or merge; *failed_rep
 * (if not NULL) then names that replication.  Returns -1 with *failed_rep
 * set to SIZE_MAX if threads could not be started.
 */
int sr_replicate_run(const struct sr_replicate_job *job, size_t *failed_rep);

#endif
