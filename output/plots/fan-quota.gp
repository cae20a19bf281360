# Replicated runs: Max24HourSend over the replications as a fan (5-95% of
# them light, 25-75% darker, the median as steps), with the median
# SentLast24Hours and demand per bucket, every run's events as ticks along
# the top and the request dates of marks.gp.
# Columns by name: X_p05 .. X_p95 are quantiles over the replications.
load dir."/common.gp"
load dir."/marks.gp"
set datafile columnheaders
set key at graph 0.005, graph 0.92 left top Left reverse opaque
# Every run's events as a tick along the top, coloured by kind and half
# transparent, so that ticks pile up darker where runs agree: green
# production access, blue limit-increase requests, grey automatic growth,
# orange reviews, red pauses, black the rest.  The key stays below them and
# the offsets keep the data below them.
ev_has(k, w) = strstrt(k, w) > 0
ev_rgb(k) = 0x80000000 + (ev_has(k, "access_") ? 0x2ca02c : \
	ev_has(k, "increase_") ? 0x1f77b4 : k eq "quota_raised" ? 0x888888 : \
	ev_has(k, "review_") ? 0xff7f0e : ev_has(k, "sending_") ? 0xd62728 : 0)
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
     events using 1:(0.93):(0):(0.06):(ev_rgb(strcol(4))) axes x1y2 with vectors nohead lw 2 lc rgb variable notitle, \
     keyentry with lines lw 2 lc rgb "#888888" title "events of each run, at the top"
