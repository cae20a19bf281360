/*
 * plot: renders a run's plots with gnuplot.
 *
 * Copies the plot scripts (the .gp files of output/plots/, installed under
 * PREFIX/share/sesramp/plots) into DIR/plots/ and, when gnuplot is on the
 * PATH, runs each on DIR's CSV files, writing DIR/plots/NAME.png under a
 * temporary name first.  Without gnuplot it says so and succeeds: the
 * scripts are there to run later.
 */
#ifndef SR_PLOT_H
#define SR_PLOT_H

/* Returns 0, or -1 if the scripts could not be copied or gnuplot failed. */
int sr_plot_run(const char *dir, int quiet);

#endif
