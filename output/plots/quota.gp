# Demand, SES and old-provider traffic per bucket against Max24HourSend,
# with the request dates of marks.gp.
load dir."/common.gp"
load dir."/marks.gp"
set title "Traffic and the daily quota (recipients)"
set ylabel "recipients"
set format y "%.0s%c"
plot csv using 1:2 with lines lw 1 lc rgb "#888888" title "demand per bucket", \
     csv using 1:3 with lines lw 1 lc rgb "#1f77b4" title "SES per bucket", \
     csv using 1:4 with lines lw 1 lc rgb "#ff7f0e" title "old provider per bucket", \
     csv using 1:($11 < 0 ? NaN : $11) with steps lw 2 lc rgb "#d62728" title "Max24HourSend", \
     csv using 1:13 with lines lw 2 lc rgb "#2ca02c" title "SentLast24Hours (peak)", \
     @events_plot
