# Replicated runs: Max24HourSend over the replications as a fan (5-95% of
# them light, 25-75% darker, the median as steps), with the median
# SentLast24Hours and demand per bucket, every run's events as ticks along
# the top (common.gp) and the request dates of marks.gp.
# Columns by name: X_p05 .. X_p95 are quantiles over the replications.
load dir."/common.gp"
load dir."/marks.gp"
set datafile columnheaders
set key opaque
@rug_key_at
set title "Daily quota over the replications (recipients)"
set ylabel "recipients"
set format y "%.0s%c"
set yrange [0:*]
set autoscale yfixmax
set offsets 0, 0, graph 0.14, 0   # the quota line clear of the events
q(v) = v < 0 ? NaN : v         # -1: unlimited
plot csv using 1:(q(column("max_24h_p05"))):(q(column("max_24h_p95"))) with filledcurves fs transparent solid 0.2 noborder lc rgb "#d62728" title "Max24HourSend, 5-95% of runs", \
     csv using 1:(q(column("max_24h_p25"))):(q(column("max_24h_p75"))) with filledcurves fs transparent solid 0.45 noborder lc rgb "#d62728" title "Max24HourSend, 25-75%", \
     csv using 1:(q(column("max_24h_p50"))) with steps lw 2 lc rgb "#d62728" title "Max24HourSend, median", \
     csv using 1:(column("sent_last_24h_p50")) with lines lw 2 lc rgb "#2ca02c" title "SentLast24Hours, median", \
     csv using 1:(column("demand_p50")) with lines lw 1 lc rgb "#888888" title "demand per bucket, median", \
     @events_rug, @events_rug_key
