# Recipients waiting to be sent, refusals per bucket, and the mean
# queueing delay (arrival to acceptance by SES) of each bucket's mail.
load dir."/common.gp"
set title "Backlog, refusals and queueing delay"
set ylabel "recipients"
set format y "%.0s%c"
set y2label "mean queueing delay (s)"
set y2tics
set y2range [0:*]
plot csv using 1:5 with lines lw 2 lc rgb "#9467bd" title "backlog (end of bucket)", \
     csv using 1:6 with impulses lc rgb "#d62728" title "throttled", \
     csv using 1:7 with impulses lc rgb "#ff7f0e" title "quota rejected", \
     csv using 1:8 with impulses lc rgb "#8c564b" title "sandbox rejected", \
     csv using 1:10 with impulses lc rgb "#000000" title "dropped", \
     csv using 1:19 axes x1y2 with lines lw 1 lc rgb "#17becf" title "mean delay (right axis)"
