#!/bin/sh
# Runs each cmocka test binary named on the command line, shows its output,
# and ends with one line "N passed, N failed" counting test cases, after a
# line naming how many were skipped, if any (cmocka counts them apart).  A
# binary that dies before reporting counts as one failed case.  Exit status
# 1 if anything failed.
passed=0
failed=0
skipped=0
for bin in "$@"; do
	out=$(CMOCKA_MESSAGE_OUTPUT=stdout "$bin" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	if [ -z "$p" ] && [ -z "$f" ]; then
		echo "$bin: exited with status $rc before reporting its tests"
		f=1
	elif [ "$rc" -ne 0 ] && [ -z "$f" ]; then
		echo "$bin: exited with status $rc"
		f=1
	fi
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	skipped=$((skipped + ${s:-0}))
done
[ "$skipped" -eq 0 ] || echo "$skipped skipped (each says why above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
