# Bounce and complaint rates against the review and pause thresholds
# (sesramp's defaults: bounce 5% / 10%, complaint 0.1% / 0.5%), with the
# time under review or paused shaded.
load dir."/common.gp"
set title "Reputation: bounce and complaint rates"
set ylabel "bounce rate (%)"
set y2label "complaint rate (%)"
set y2tics
set y2range [0:*]
set yrange [0:*]
shade(s) = (strcol(17) eq s) ? 1 : NaN
plot csv using 1:(shade("probation") * 100) with boxes fs solid 0.15 lc rgb "#ffbf00" title "under review", \
     csv using 1:(shade("shutdown") * 100) with boxes fs solid 0.25 lc rgb "#d62728" title "paused", \
     csv using 1:($14*100) with lines lw 2 lc rgb "#1f77b4" title "bounce rate", \
     csv using 1:($15*100) axes x1y2 with lines lw 2 lc rgb "#2ca02c" title "complaint rate", \
     5 with lines dt 2 lc rgb "#1f77b4" title "bounce review 5%", \
     10 with lines dt 3 lc rgb "#1f77b4" title "bounce pause 10%", \
     0.1 axes x1y2 with lines dt 2 lc rgb "#2ca02c" title "complaint review 0.1%", \
     0.5 axes x1y2 with lines dt 3 lc rgb "#2ca02c" title "complaint pause 0.5%"
