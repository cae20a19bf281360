/*
 * delay: lognormal delays given the way people state them, by a median and
 * one other quantile ("median 30 s, 99th percentile 1 h").
 *
 * With median m and quantile q at level p: mu = ln m and
 * sigma = (ln q - ln m) / Phi^-1(p).  A delay with q == m has sigma 0 and is
 * always exactly m.
 *
 * Memory: plain values.  Depends on GSL.
 */
#ifndef SR_DELAY_H
#define SR_DELAY_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

struct sr_lognormal {
	double median_s;   /* > 0 */
	double level;      /* the other quantile's level, in (0.5, 1) */
	double at_s;       /* its value, >= median_s */
};

/* 0 if the three numbers make a distribution, else -1. */
int sr_lognormal_check(const struct sr_lognormal *d);

/* A draw in microseconds (at least 0). */
int64_t sr_lognormal_draw_us(const struct sr_lognormal *d, gsl_rng *r);

/* The quantile at probability u in (0, 1), in microseconds. */
int64_t sr_lognormal_quantile_us(const struct sr_lognormal *d, double u);

#endif
