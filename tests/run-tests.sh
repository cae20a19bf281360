#!/bin/sh
# Runs each cmocka test binary named on the command line, shows its output,
# and ends with one line "N passed, N failed" counting test cases.  A binary
# that dies before reporting counts as one failed case.  Exit status 1 if
# anything failed.
passed=0
failed=0
for bin in "$@"; do
	out=$(CMOCKA_MESSAGE_OUTPUT=stdout "$bin" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	if [ -z "$p" ] && [ -z "$f" ]; then
		echo "$bin: exited with status $rc before reporting its tests"
		f=1
	elif [ "$rc" -ne 0 ] && [ -z "$f" ]; then
		echo "$bin: exited with status $rc"
		f=1
	fi
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
