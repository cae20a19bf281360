# Recipients waiting to be sent, and refusals, per bucket.
load dir."/common.gp"
set title "Backlog and refusals"
set ylabel "recipients"
set format y "%.0s%c"
plot csv using 1:5 with lines lw 2 lc rgb "#9467bd" title "backlog (end of bucket)", \
     csv using 1:6 with impulses lc rgb "#d62728" title "throttled", \
     csv using 1:7 with impulses lc rgb "#ff7f0e" title "quota rejected", \
     csv using 1:8 with impulses lc rgb "#8c564b" title "sandbox rejected", \
     csv using 1:10 with impulses lc rgb "#000000" title "dropped", \
     @events_plot
