/*
 * queueing: a single-server FIFO queue (M/M/1 or M/D/1) built on the engine,
 * used to validate the engine against queueing theory and to benchmark it.
 *
 * Memory: qm_run() allocates its own engine and waiting line and frees them
 * before returning; the generator belongs to the caller.
 */
#ifndef SR_TEST_QUEUEING_H
#define SR_TEST_QUEUEING_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

struct qm_params {
	double arrival_rate;     /* customers per second */
	double service_rate;     /* per second */
	int deterministic;       /* 1: M/D/1, 0: M/M/1 */
	size_t customers;        /* customers that arrive */
	size_t warmup;           /* first customers left out of the mean */
};

struct qm_result {
	double mean_wait_s;      /* mean wait in queue, after warm-up */
	size_t counted;
	uint64_t events;         /* events the engine dispatched */
};

int qm_run(const struct qm_params *p, gsl_rng *r, struct qm_result *out);

/* Mean wait in queue from theory: M/M/1 rho/(mu - lambda); M/D/1
 * (Pollaczek-Khinchine) rho/(2 mu (1 - rho)). */
double qm_theory_wait(const struct qm_params *p);

#endif
