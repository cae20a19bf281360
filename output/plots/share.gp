# Share of the traffic on SES per bucket.
load dir."/common.gp"
set title "Share of the traffic on SES"
set yrange [0:105]
set format y "%.0f%%"
set ylabel "share"
plot csv using 1:($18*100) with lines lw 2 lc rgb "#1f77b4" title "SES share", \
     @events_plot
