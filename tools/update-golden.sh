#!/bin/sh
# Rewrites tests/golden/NAME/{timeseries,summary}.csv from every example
# scenario (its own seed, one-day buckets), without the '#' lines, which
# name paths of this machine.  Review the diff before committing it.
set -eu
prog=${1:-./sesramp}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for ini in scenarios/*.ini; do
	name=$(basename "$ini" .ini)
	"$prog" run "$ini" -o "$tmp/$name" --bucket 1d --no-plots -q
	mkdir -p "tests/golden/$name"
	for f in timeseries summary; do
		grep -v '^#' "$tmp/$name/$f.csv" > "tests/golden/$name/$f.csv"
	done
	echo "golden: $name"
done
