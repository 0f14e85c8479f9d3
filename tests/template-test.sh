#!/bin/sh
# template-test.sh - for every tier of the pack, `venuecheck template`
# writes a data file (through -o, atomically) that `venuecheck check`
# passes: every rule PASS, or NEEDS BATCH for a clause that needs the files
# of the venues under it.  The template's example values are derived from
# the pack, so this holds for the whole pack, not for hand-picked rules.
# Usage: tests/template-test.sh BINARY [PACK]
set -u
bin=${1:?usage: template-test.sh BINARY [PACK]}
pack=${2:-rules/jiaxing-2015.yaml}
. "$(dirname "$0")/env.sh"
fail=0
tiers=$("$bin" rules --rules "$pack" | awk '$2 ~ /^[a-z_]+$/ {print $2}' | sort -u)
[ -n "$tiers" ] || { echo "template-test: no tiers in $pack"; exit 1; }
for tier in $tiers; do
	out="$tmp/$tier.yaml"
	if ! "$bin" template --rules "$pack" --tier "$tier" --year 2024 -o "$out" \
		2>"$tmp/err" || [ -s "$tmp/err" ]; then
		echo "FAIL: template --tier $tier:"; cat "$tmp/err"; fail=1; continue
	fi
	ls "$tmp" | grep -q '\.tmp\.' && { echo "FAIL: $tier: temporary file left"; fail=1; }
	"$bin" check --rules "$pack" --format csv --no-bom --lang en "$out" \
		>"$tmp/report.csv" 2>"$tmp/err"
	status=$?
	# A graded pack's CSV also has a grade row per venue (rule "grade").
	bad=$(grep -Ev ',(PASS|NEEDS BATCH),' "$tmp/report.csv" |
		grep -Ev '^venue_id|,ROLLUP,|^[^,]*,[^,]*,[^,]*,grade,' || true)
	if [ "$status" -ne 0 ] || [ -n "$bad" ] || [ -s "$tmp/err" ]; then
		echo "FAIL: the $tier template does not pass check (exit $status):"
		echo "$bad"; cat "$tmp/err"; fail=1
	fi
done
[ "$fail" -eq 0 ] && echo "template-test: $(echo $tiers | wc -w) tiers, each template passes check"
exit "$fail"
