#!/bin/sh
# regress.sh - every input a fuzzer once crashed on (tests/fuzz/regress/) must
# now be handled: exit 0, 1 or 2, never a signal or a sanitizer report.
set -u
bin=${1:?usage: regress.sh BINARY}
export VENUECHECK_RULES_DIR="$(cd "$(dirname "$0")/../.." && pwd)/rules"
pass=0
fail=0
for f in "$(dirname "$0")"/regress/*; do
	# An .xls input (xls-*) is read by its extension: run as a copy named
	# .xls (named so here, a directory of the tests holds no venue file).
	in=$f
	case $(basename "$f") in xls-*)
		in=${TMPDIR:-/tmp}/vc-regress-$$.xls; cp "$f" "$in";;
	esac
	"$bin" check "$in" >/dev/null 2>"${TMPDIR:-/tmp}/vc-regress.err"
	s=$?
	if [ $s -le 2 ] && ! grep -q "Sanitizer" "${TMPDIR:-/tmp}/vc-regress.err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL: $f: exit $s"
	fi
done
rm -f "${TMPDIR:-/tmp}/vc-regress-$$.xls"
echo "fuzz-regress: $pass passed, $fail failed"
[ $fail -eq 0 ]
