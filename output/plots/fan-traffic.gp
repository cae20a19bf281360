# Replicated runs: SES traffic per bucket over the replications as a fan
# (5-95% light, 25-75% darker, median line), with the median demand and
# the median old-provider traffic per bucket.
load dir."/common.gp"
set datafile columnheaders
set key opaque
set title "Traffic per bucket over the replications (recipients)"
set ylabel "recipients"
set format y "%.0s%c"
set yrange [0:*]
plot csv using 1:(column("ses_sent_p05")):(column("ses_sent_p95")) with filledcurves fs transparent solid 0.2 noborder lc rgb "#1f77b4" title "SES, 5-95% of runs", \
     csv using 1:(column("ses_sent_p25")):(column("ses_sent_p75")) with filledcurves fs transparent solid 0.45 noborder lc rgb "#1f77b4" title "SES, 25-75%", \
     csv using 1:(column("ses_sent_p50")) with lines lw 1.5 lc rgb "#1f77b4" title "SES, median", \
     csv using 1:(column("demand_p50")) with lines lw 1 lc rgb "#888888" title "demand, median", \
     csv using 1:(column("legacy_sent_p50")) with lines lw 1 lc rgb "#ff7f0e" title "old provider, median"
