#!/bin/sh
# Runs the program under valgrind (memcheck) over every example scenario,
# shortened to three weeks so that it fits in CI, and over the replicated,
# compare and when paths; fails on any error or leak.
# Usage: tools/valgrind-examples.sh PROGRAM
set -eu
prog=${1:-./sesramp}
out=$(mktemp -d /tmp/sesramp-valgrind-XXXXXX)
trap 'rm -rf "$out"' EXIT
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
short="--set simulation.duration=21d --bucket 1d --no-plots -q"
n=0
for f in scenarios/*.ini; do
	name=$(basename "$f" .ini)
	$vg "$prog" run "$f" -o "$out/$name" $short
	n=$((n + 1))
done
$vg "$prog" run scenarios/two-regions.ini -o "$out/mc" -r 3 -j 2 \
	--keep-replications $short
$vg "$prog" compare scenarios/migrate-big-bang.ini \
	scenarios/migrate-ramp-6-weeks.ini -r 2 -j 2 -o "$out/cmp" $short
$vg "$prog" when scenarios/startup-growth.ini --target 100k -r 2 -o "$out/when" \
	--set simulation.duration=21d -q
echo "valgrind: $n examples and the replicated, compare and when runs are clean"
