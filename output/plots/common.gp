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
# Replicated runs: every run's events as a tick along the top, coloured by
# kind and half transparent, so that ticks pile up darker where runs agree:
# green production access, blue limit-increase requests, grey automatic
# growth, orange reviews, red pauses, black the rest.  A plot that draws
# them keeps its key below them (rug_key_at) and its data (offsets).
ev_has(k, w) = strstrt(k, w) > 0
ev_rgb(k) = 0x80000000 + (ev_has(k, "access_") ? 0x2ca02c : \
	ev_has(k, "increase_") ? 0x1f77b4 : k eq "quota_raised" ? 0x888888 : \
	ev_has(k, "review_") ? 0xff7f0e : ev_has(k, "sending_") ? 0xd62728 : 0)
events_rug = sprintf("'%s' using 1:(0.93):(0):(0.06):(ev_rgb(strcol(4))) axes x1y2 with vectors nohead lw 2 lc rgb variable notitle", events)
events_rug_key = "keyentry with lines lw 2 lc rgb '#888888' title 'events of each run, at the top'"
rug_key_at = "set key at graph 0.005, graph 0.92 left top Left reverse"
