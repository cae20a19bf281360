# A comparison: the median share of the traffic on SES of each scenario,
# from root/NAME/timeseries.csv for each NAME of the word list runs; p50
# is "_p50" for replicated runs, "" for single runs.  Per bucket the share
# swings within each day as the rolling 24-hour quota fills and frees, so
# the buckets are drawn thin and light, and their mean per day bold.
events = ""                    # no event marks: runs differ
load dir."/common.gp"
set datafile columnheaders
if (!exists("p50")) p50 = "_p50"
set title "Share of the traffic on SES, median over the replications (thin: per bucket; bold: mean per day)"
set yrange [0:1.05]
set ytics ("0%%" 0, "20%%" 0.2, "40%%" 0.4, "60%%" 0.6, "80%%" 0.8, "100%%" 1)
set ylabel "share"
colours = "9400d3 009e73 56b4e9 e69f00 0072b2 e51e10 000000 f0e442"
colour(i) = "#".word(colours, (i - 1) % 8 + 1)
light(i) = "#c0".word(colours, (i - 1) % 8 + 1)
file(i) = root."/".word(runs, i)."/timeseries.csv"
day(t) = 86400 * floor(t / 86400) + 43200      # noon of t's day
# The share as a plain column, not an expression: a bucket with nothing
# sent has no share, and gnuplot skips it instead of cutting the line
# (which would also cut the days apart for smooth unique).
share = "ses_share".p50
plot for [i=1:words(runs)] file(i) using 1:share with lines lw 1 lc rgb light(i) notitle, \
     for [i=1:words(runs)] file(i) using (day(timecolumn(1, "%Y-%m-%dT%H:%M:%SZ"))):share smooth unique with lines lw 2.5 lc rgb colour(i) title word(runs, i)
