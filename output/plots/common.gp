# Shared settings for sesramp's plots; called with csv, events and out set.
set datafile separator ","
set xdata time
set timefmt "%Y-%m-%dT%H:%M:%SZ"
set format x "%b %d"
set terminal pngcairo size 1200,600 font ",10" noenhanced
set output out
set key top left
set grid
set y2range [0:1]
unset y2tics
# Events as grey marks at the top, named.
events_plot = sprintf("'%s' using 1:(0.97) axes x1y2 with impulses lc rgb '#bbbbbb' notitle, '%s' using 1:(0.97):4 axes x1y2 with labels rotate left font ',7' offset 0,0.3 notitle", events, events)
