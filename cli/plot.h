/*
 * plot: renders a run's plots with gnuplot.
 *
 * Copies the plot scripts (the .gp files of output/plots/, installed under
 * PREFIX/share/sesramp/plots) into DIR/plots/ and, when gnuplot is on the
 * PATH, runs each on DIR's CSV files, writing DIR/plots/NAME.png under a
 * temporary name first.  Without gnuplot it says so and succeeds: the
 * scripts are there to run later.
 *
 * What is drawn depends on DIR/timeseries.csv:
 *  - one run: quota.png, share.png, backlog.png, reputation.png;
 *  - replications (columns X_p05 .. X_p95): fan charts of the quantiles
 *    over them, fan-quota.png, fan-traffic.png, fan-backlog.png and
 *    fan-share.png.
 * Both quota plots mark the request dates of DIR/summary.csv
 * (file_request_by, limit_needed_p50) when they are dates.  A comparison
 * draws the median of each run of DIR/NAME/ over the others:
 * compare-share.png and compare-quota.png.
 *
 * Reads only files; calls no other module of sesramp.
 */
#ifndef SR_PLOT_H
#define SR_PLOT_H

#include <stddef.h>

/* Returns 0, or -1 if the scripts could not be copied or gnuplot failed. */
int sr_plot_run(const char *dir, int quiet);

/* The overlay plots of a comparison: DIR/plots/compare-share.png and
 * compare-quota.png from DIR/NAME/timeseries.csv of each run. */
int sr_plot_compare(const char *dir, const char *const *names, size_t n,
		    int quiet);

#endif
