# Bounce and complaint rates against the review and pause thresholds (br,
# bp, cr, cp in percent, given by `sesramp plot` from the scenario; the
# defaults if run by hand), with the time under review or paused shaded.
if (!exists("br")) br = 5
if (!exists("bp")) bp = 10
if (!exists("cr")) cr = 0.1
if (!exists("cp")) cp = 0.5
load dir."/common.gp"
set title "Reputation: bounce and complaint rates"
set ylabel "bounce rate (%)"
set y2label "complaint rate (%)"
set y2tics
set y2range [0:*]
set yrange [0:*]
shade(s) = (strcol(17) eq s) ? 1 : NaN
set key width 3
top = bp * 1.5
plot csv using 1:(shade("probation") * top) with boxes fs transparent solid 0.2 noborder lc rgb "#ffbf00" title "under review", \
     csv using 1:(shade("shutdown") * top) with boxes fs transparent solid 0.2 noborder lc rgb "#d62728" title "paused", \
     csv using 1:($14*100) with lines lw 2 lc rgb "#1f77b4" title "bounce rate", \
     csv using 1:($15*100) axes x1y2 with lines lw 2 lc rgb "#2ca02c" title "complaint rate", \
     br with lines dt 2 lc rgb "#1f77b4" title sprintf("bounce review %g%%", br), \
     bp with lines dt 3 lc rgb "#1f77b4" title sprintf("bounce pause %g%%", bp), \
     cr axes x1y2 with lines dt 2 lc rgb "#2ca02c" title sprintf("complaint review %g%%", cr), \
     cp axes x1y2 with lines dt 3 lc rgb "#2ca02c" title sprintf("complaint pause %g%%", cp)
