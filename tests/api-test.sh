#!/bin/sh
# api-test.sh - the README's example program (built by make against
# venuecheck.h alone) checks a shipped example and prints its verdicts.
set -u
bin=${1:?usage: api-test.sh EXAMPLE-BINARY}
. "$(dirname "$0")/env.sh"
out=$("$bin" rules/jiaxing-2015.yaml examples/towns/fengqiao.yaml)
status=$?
fail=0
expect() {
	case "$out" in
	*"$1"*) ;;
	*) echo "FAIL: api example output lacks: $1"; fail=1 ;;
	esac
}
expect "town.support.staff_by_population  未通过  4 名（要求 ≥ 5 名），差 1 名"
expect "town.open.weekly_hours  通过  48 小时（要求 ≥ 42 小时）"
[ "$status" -eq 1 ] || { echo "FAIL: api example exited $status, not 1"; fail=1; }
bad=$("$bin" rules/jiaxing-2015.yaml tests/e2e/shape/before-2015.yaml)
case "$bad" in
*"错误[E034]"*) ;;
*) echo "FAIL: api example does not print a file's problems"; fail=1 ;;
esac
[ $fail -eq 0 ] && echo "api: 3 passed, 0 failed" || echo "api: some failed"
exit $fail
