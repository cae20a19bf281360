# A comparison: the median share of the traffic on SES of each scenario,
# from root/NAME/timeseries.csv for each NAME of the word list runs; p50
# is "_p50" for replicated runs, "" for single runs.  Per bucket the share
# swings within each day as the rolling 24-hour quota fills and frees, so
# the buckets are drawn thin and light, and the share of all traffic so
# far bold.
events = ""                    # no event marks: runs differ
load dir."/common.gp"
set datafile columnheaders
if (!exists("p50")) p50 = "_p50"
set title "Share of the traffic on SES, median over the replications (thin: per bucket; bold: all traffic so far)"
set yrange [0:1.05]
set ytics ("0%%" 0, "20%%" 0.2, "40%%" 0.4, "60%%" 0.6, "80%%" 0.8, "100%%" 1)
set ylabel "share"
colours = "9400d3 009e73 56b4e9 e69f00 0072b2 e51e10 000000 f0e442"
colour(i) = "#".word(colours, (i - 1) % 8 + 1)
light(i) = "#c0".word(colours, (i - 1) % 8 + 1)
file(i) = root."/".word(runs, i)."/timeseries.csv"
# The bold line: the share of all traffic so far, SES / (SES + old
# provider) over the median counts since the start; the sums restart when
# time goes back, at the start of each run's file.
cs = 0; ct = 0; last = 0
so_far(t, ses, leg) = (t < last ? (cs = 0, ct = 0) : 0, last = t, \
	cs = cs + ses, ct = ct + ses + leg, ct > 0 ? cs / ct : 0)
# The share as a plain column, not an expression: a bucket with nothing
# sent has no share, and gnuplot skips it instead of cutting the line.
share = "ses_share".p50
ses = "ses_sent".p50
leg = "legacy_sent".p50
plot for [i=1:words(runs)] file(i) using 1:share with lines lw 1 lc rgb light(i) notitle, \
     for [i=1:words(runs)] file(i) using 1:(so_far(timecolumn(1, "%Y-%m-%dT%H:%M:%SZ"), column(ses), column(leg))) with lines lw 2.5 lc rgb colour(i) title word(runs, i)
