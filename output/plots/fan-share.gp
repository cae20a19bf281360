# Replicated runs: the share of the traffic on SES per bucket, over the
# replications as a fan (5-95% light, 25-75% darker, median line).
load dir."/common.gp"
set datafile columnheaders
set key opaque
set title "Share of the traffic on SES over the replications"
set yrange [0:105]
set format y "%.0f%%"
set ylabel "share"
plot csv using 1:(column("ses_share_p05")*100):(column("ses_share_p95")*100) with filledcurves fs transparent solid 0.2 noborder lc rgb "#1f77b4" title "SES share, 5-95% of runs", \
     csv using 1:(column("ses_share_p25")*100):(column("ses_share_p75")*100) with filledcurves fs transparent solid 0.45 noborder lc rgb "#1f77b4" title "SES share, 25-75%", \
     csv using 1:(column("ses_share_p50")*100) with lines lw 2 lc rgb "#1f77b4" title "SES share, median"
