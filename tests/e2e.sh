#!/bin/sh
# e2e.sh - end-to-end tests of the built binary.
#
# Each case is a directory tests/e2e/cases/NAME holding:
#   cmd     the arguments, one line, run from the repository root
#   out     expected standard output
#   err     expected standard error
#   status  expected exit status
# VC_WRAP, if set, prefixes every run (e.g. valgrind).  The rule pack is
# found through VENUECHECK_RULES_DIR so that binaries built elsewhere (the
# sanitizer build) test the same pack; tests/install-test.sh covers lookup.
# Usage: tests/e2e.sh ./venuecheck            run every case
#        tests/e2e.sh ./venuecheck --update   rewrite the expected files
#                                             (review the diff before committing)
set -u
bin=${1:?usage: e2e.sh BINARY [--update]}
update=${2:-}
. "$(dirname "$0")/env.sh"

pass=0
fail=0
for dir in tests/e2e/cases/*/; do
	name=$(basename "$dir")
	args=$(cat "$dir/cmd")
	# shellcheck disable=SC2086 # cmd holds several words on purpose
	eval "${VC_WRAP:-} \"$bin\" $args" >"$tmp/out" 2>"$tmp/err" </dev/null
	echo $? >"$tmp/status"
	if [ "$update" = "--update" ]; then
		cp "$tmp/out" "$tmp/err" "$tmp/status" "$dir"
		continue
	fi
	ok=1
	for f in status out err; do
		if ! cmp -s "$tmp/$f" "$dir/$f"; then
			[ $ok -eq 1 ] && echo "FAIL: $name"
			ok=0
			echo "  --- $f differs (expected vs got):"
			diff -u "$dir/$f" "$tmp/$f" | sed -n '3,40p' | sed 's/^/    /'
		fi
	done
	if [ $ok -eq 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
[ "$update" = "--update" ] && { echo "expected files rewritten"; exit 0; }
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
