/* queueing: M/M/1 and M/D/1 on the engine.  See queueing.h. */
#include "tests/queueing.h"

#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "sim/engine.h"

struct qm {
	const struct qm_params *p;
	gsl_rng *r;
	int64_t *line;           /* ring of arrival times of waiting customers;
	                          * cap is a power of two */
	size_t cap, head, len;
	size_t arrived, started;
	int busy;
	double wait_sum_us;
	size_t counted;
};

static int64_t draw_us(gsl_rng *r, double rate)
{
	return (int64_t)(gsl_ran_exponential(r, 1e6 / rate) + 0.5);
}

static int64_t service_us(struct qm *m)
{
	if (m->p->deterministic)
		return (int64_t)(1e6 / m->p->service_rate + 0.5);
	return draw_us(m->r, m->p->service_rate);
}

static int line_push(struct qm *m, int64_t t)
{
	if (m->len == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		int64_t *line = malloc(cap * sizeof *line);
		if (!line)
			return -1;
		for (size_t i = 0; i < m->len; i++)
			line[i] = m->line[(m->head + i) & (m->cap - 1)];
		free(m->line);
		m->line = line;
		m->cap = cap;
		m->head = 0;
	}
	m->line[(m->head + m->len++) & (m->cap - 1)] = t;
	return 0;
}

static int departure(struct sr_engine *e, void *ctx, int64_t arg);

/* Puts the customer that arrived at `arrived_us` into service now. */
static int serve(struct sr_engine *e, struct qm *m, int64_t arrived_us)
{
	/* FIFO: customers enter service in arrival order. */
	if (m->started++ >= m->p->warmup) {
		m->wait_sum_us += (double)(sr_engine_now(e) - arrived_us);
		m->counted++;
	}
	m->busy = 1;
	return sr_engine_after(e, service_us(m), 0, departure, m, 0, NULL);
}

static int arrival(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct qm *m = ctx;
	if (++m->arrived < m->p->customers &&
	    sr_engine_after(e, draw_us(m->r, m->p->arrival_rate), 0, arrival, m,
			    0, NULL))
		return -1;
	if (!m->busy)
		return serve(e, m, sr_engine_now(e));
	return line_push(m, sr_engine_now(e));
}

static int departure(struct sr_engine *e, void *ctx, int64_t arg)
{
	(void)arg;
	struct qm *m = ctx;
	m->busy = 0;
	if (m->len == 0)
		return 0;
	int64_t t = m->line[m->head];
	m->head = (m->head + 1) & (m->cap - 1);
	m->len--;
	return serve(e, m, t);
}

int qm_run(const struct qm_params *p, gsl_rng *r, struct qm_result *out)
{
	struct qm m = {.p = p, .r = r};
	struct sr_engine e;
	if (sr_engine_init(&e, 16))
		return -1;
	int status = 0;
	int rc = sr_engine_at(&e, draw_us(r, p->arrival_rate), 0, arrival, &m,
			      0, NULL);
	if (rc == 0 && sr_engine_run(&e, INT64_MAX, &status) != SR_RUN_DONE)
		rc = -1;
	out->mean_wait_s = m.counted ? m.wait_sum_us / m.counted / 1e6 : 0;
	out->counted = m.counted;
	out->events = e.dispatched;
	free(m.line);
	sr_engine_reset(&e);
	return rc;
}

double qm_theory_wait(const struct qm_params *p)
{
	double rho = p->arrival_rate / p->service_rate;
	if (p->deterministic)
		return rho / (2 * p->service_rate * (1 - rho));
	return rho / (p->service_rate - p->arrival_rate);
}
