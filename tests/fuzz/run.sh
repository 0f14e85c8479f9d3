#!/bin/sh
# run.sh - run every fuzz target for SECONDS each, PARALLEL at a time
# (niced), from its corpus under build/fuzz/ (kept between runs, so a long
# campaign continues where the last one stopped).  Each target's log is
# build/fuzz/TARGET.log; a crash is saved as build/fuzz/TARGET-crash-*.
# Prints one line per target: executions, coverage, features, findings.
# Exit 1 when any target found something.
set -u
seconds=${1:?usage: run.sh SECONDS PARALLEL TARGET...}
parallel=${2:?usage: run.sh SECONDS PARALLEL TARGET...}
shift 2
cd "$(dirname "$0")/../.." || exit 2
tests/fuzz/seed.sh
run_one() {
	nice -n 10 "build/fuzz/$1" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=2048 -dict=tests/fuzz/venue.dict -max_len=65536 \
		-artifact_prefix="build/fuzz/$1-crash-" "build/fuzz/corpus-$1" \
		>"build/fuzz/$1.log" 2>&1
}
running=0
for t in "$@"; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$parallel" ]; then
		wait
		running=0
	fi
done
wait
found=0
for t in "$@"; do
	last=$(grep -E '^#[0-9]+' "build/fuzz/$t.log" | tail -n 1)
	crashes=$(ls build/fuzz/"$t"-crash-* 2>/dev/null | wc -l)
	[ "$crashes" -eq 0 ] || found=1
	echo "$t: ${last:-no run}; findings: $crashes"
done
exit $found
