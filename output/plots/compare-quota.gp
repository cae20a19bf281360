# A comparison: the median Max24HourSend of each scenario as steps, with
# its median demand per bucket thin and dashed in the same colour, from
# root/NAME/timeseries.csv for each NAME of the word list runs; p50 is
# "_p50" for replicated runs, "" for single runs.  Scenarios often share a
# quota path, so earlier runs are drawn wider to show under later ones.
events = ""                    # no event marks: runs differ
load dir."/common.gp"
set datafile columnheaders
if (!exists("p50")) p50 = "_p50"
set title "Daily quota, median over the replications (dashed: demand per bucket)"
set ylabel "recipients"
set format y "%.0s%c"
set yrange [0:*]
set autoscale yfixmax
set offsets 0, 0, graph 0.08, 0   # the quota lines clear of the border
colours = "9400d3 009e73 56b4e9 e69f00 0072b2 e51e10 000000 f0e442"
colour(i) = "#".word(colours, (i - 1) % 8 + 1)
file(i) = root."/".word(runs, i)."/timeseries.csv"
width(i) = 1.5 + 1.5 * (words(runs) - i)
q(v) = v < 0 ? NaN : v         # -1: unlimited
plot for [i=1:words(runs)] file(i) using 1:(q(column("max_24h".p50))) with steps lw width(i) lc rgb colour(i) title word(runs, i), \
     for [i=1:words(runs)] file(i) using 1:(column("demand".p50)) with lines lw 1 dt 2 lc rgb colour(i) notitle
