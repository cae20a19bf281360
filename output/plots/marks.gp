# The request dates of summary.csv as vertical lines on a quota plot:
# request_by (file the quota increase request by) and limit_needed (the
# median date the current limit stops being enough), each YYYY-MM-DD or
# empty when summary.csv has no date ("now", "not needed", "never").
# `sesramp plot` sets them; run by hand, nothing is drawn.
if (!exists("request_by")) request_by = ""
if (!exists("limit_needed")) limit_needed = ""
# Boxed on white, so lines of data behind do not cross the text.
set style textbox opaque noborder margins 0.5, 0.5
if (strlen(request_by) > 0) {
	mark_t = strptime("%Y-%m-%d", request_by)
	set arrow from mark_t, graph 0 to mark_t, graph 1 nohead dt 2 lw 2 lc rgb "#000000" front
	set label "file request by ".request_by at mark_t, graph 0.03 rotate left offset -1.4,0 font ",9" boxed front
}
if (strlen(limit_needed) > 0) {
	mark_t = strptime("%Y-%m-%d", limit_needed)
	set arrow from mark_t, graph 0 to mark_t, graph 1 nohead dt 3 lw 2 lc rgb "#d62728" front
	set label "limit needed (median) ".limit_needed at mark_t, graph 0.03 rotate left offset 2.0,0 font ",9" tc rgb "#d62728" boxed front
}
