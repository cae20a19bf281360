/*
 * num: floor and ceiling without a library call, for the hot paths (the
 * paced drain, the samplers).  floor() and ceil() are calls on x86-64
 * without SSE 4.1; these give the same values inline, but for the sign of
 * a zero, which no caller keeps (each turns it into an integer or adds to
 * it).  Those giving an integer are (int64_t)floor(x) and (int64_t)ceil(x)
 * with one conversion fewer, for |x| < 2^63.
 *
 * Memory: none.  Depends on nothing else in sesramp.
 */
#ifndef SR_NUM_H
#define SR_NUM_H

#include <math.h>
#include <stdint.h>

static inline double sr_floor(double x)
{
	if (!(fabs(x) < 0x1p52))
		return x;       /* whole already, or not finite */
	double t = (double)(int64_t)x;
	return t > x ? t - 1 : t;
}

static inline int64_t sr_floor_to_int(double x)
{
	if (!(fabs(x) < 0x1p52))
		return (int64_t)x;
	int64_t t = (int64_t)x;
	return t - ((double)t > x);
}

static inline int64_t sr_ceil_to_int(double x)
{
	if (!(fabs(x) < 0x1p52))
		return (int64_t)x;
	int64_t t = (int64_t)x;
	return t + ((double)t < x);
}

#endif
