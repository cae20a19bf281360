/* replicate: ordered thread pool.  See replicate.h. */
#include "replicate.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

struct pool {
	const struct sr_replicate_job *job;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t next;        /* next replication to hand out */
	size_t merged;      /* replications merged so far */
	int abort;
	void **result;
	int *status;
	unsigned char *done;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	const struct sr_replicate_job *job = p->job;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->abort && p->next < job->replications &&
		       p->next >= p->merged + job->window)
			pthread_cond_wait(&p->changed, &p->lock);
		if (p->abort || p->next >= job->replications)
			break;
		size_t rep = p->next++;
		pthread_mutex_unlock(&p->lock);
		void *result = NULL;
		int rc = job->run(rep, job->ctx, &result);
		pthread_mutex_lock(&p->lock);
		p->result[rep] = result;
		p->status[rep] = rc;
		p->done[rep] = 1;
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static void discard(const struct sr_replicate_job *job, void *result)
{
	if (result && job->discard)
		job->discard(result, job->ctx);
}

static int run_inline(const struct sr_replicate_job *job, size_t *failed_rep)
{
	for (size_t rep = 0; rep < job->replications; rep++) {
		void *result = NULL;
		int rc = job->run(rep, job->ctx, &result);
		if (rc) {
			discard(job, result);
			*failed_rep = rep;
			return rc;
		}
		rc = job->merge(rep, result, job->ctx);
		if (rc) {
			*failed_rep = rep;
			return rc;
		}
	}
	return 0;
}

/* Merges in order on the calling thread; stops at the first failure. */
static int merge_in_order(struct pool *p, size_t *failed_rep)
{
	const struct sr_replicate_job *job = p->job;
	int rc = 0;
	pthread_mutex_lock(&p->lock);
	for (size_t rep = 0; rep < job->replications && !rc; rep++) {
		while (!p->done[rep])
			pthread_cond_wait(&p->changed, &p->lock);
		void *result = p->result[rep];
		p->result[rep] = NULL;
		rc = p->status[rep];
		pthread_mutex_unlock(&p->lock);
		if (rc)
			discard(job, result);
		else
			rc = job->merge(rep, result, job->ctx);
		pthread_mutex_lock(&p->lock);
		p->merged = rep + 1;
		if (rc) {
			*failed_rep = rep;
			p->abort = 1;
		}
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}

static int run_pool(struct pool *p, unsigned threads, size_t *failed_rep)
{
	pthread_t *tid = calloc(threads, sizeof *tid);
	if (!tid)
		return -1;
	unsigned started = 0;
	for (; started < threads; started++)
		if (pthread_create(&tid[started], NULL, worker, p))
			break;
	int rc;
	if (started == 0) {
		rc = -1;
	} else {
		rc = merge_in_order(p, failed_rep);
	}
	for (unsigned i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	free(tid);
	/* Results finished after a failure were never merged. */
	for (size_t rep = 0; rep < p->job->replications; rep++)
		discard(p->job, p->result[rep]);
	return rc;
}

int sr_replicate_run(const struct sr_replicate_job *job, size_t *failed_rep)
{
	size_t dummy;
	if (!failed_rep)
		failed_rep = &dummy;
	*failed_rep = SIZE_MAX;
	if (job->threads <= 1 || job->replications <= 1)
		return run_inline(job, failed_rep);
	struct sr_replicate_job j = *job;
	if (j.window == 0)
		j.window = 4 * (size_t)j.threads;
	struct pool p = {.job = &j};
	size_t n = j.replications;
	p.result = calloc(n, sizeof *p.result);
	p.status = calloc(n, sizeof *p.status);
	p.done = calloc(n, 1);
	int rc = -1;
	if (p.result && p.status && p.done &&
	    pthread_mutex_init(&p.lock, NULL) == 0) {
		if (pthread_cond_init(&p.changed, NULL) == 0) {
			unsigned threads = j.threads;
			if (threads > n)
				threads = (unsigned)n;
			rc = run_pool(&p, threads, failed_rep);
			pthread_cond_destroy(&p.changed);
		}
		pthread_mutex_destroy(&p.lock);
	}
	free(p.result);
	free(p.status);
	free(p.done);
	return rc;
}
