# Replicated runs: recipients waiting at the end of each bucket, over the
# replications as a fan (5-95% light, 25-75% darker, median line).
load dir."/common.gp"
set datafile columnheaders
set key opaque
set title "Backlog over the replications (recipients, end of bucket)"
set ylabel "recipients"
set format y "%.0s%c"
set yrange [0:*]
plot csv using 1:(column("backlog_p05")):(column("backlog_p95")) with filledcurves fs transparent solid 0.2 noborder lc rgb "#9467bd" title "backlog, 5-95% of runs", \
     csv using 1:(column("backlog_p25")):(column("backlog_p75")) with filledcurves fs transparent solid 0.45 noborder lc rgb "#9467bd" title "backlog, 25-75%", \
     csv using 1:(column("backlog_p50")) with lines lw 2 lc rgb "#9467bd" title "backlog, median"
