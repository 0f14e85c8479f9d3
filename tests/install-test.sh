#!/bin/sh
# install-test.sh - `make install` into a scratch prefix; the installed
# binary, run from elsewhere with no flags and no environment, must find its
# rule pack, and so must the binary at the top of the build tree.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset VENUECHECK_RULES_DIR || true
make -s -C "$root" install PREFIX="$tmp/prefix" >/dev/null
test -f "$tmp/prefix/share/venuecheck/rules/jiaxing-2015.yaml"
test -f "$tmp/prefix/share/man/man1/venuecheck.1"
test -f "$tmp/prefix/share/man/man5/venuecheck-data.5"
cd "$tmp"
n=$("$tmp/prefix/bin/venuecheck" rules | wc -l)
[ "$n" -eq 112 ] || { echo "install-test: installed binary lists $n rules, not 112"; exit 1; }
"$tmp/prefix/bin/venuecheck" check "$root/tests/boundary/village.yaml" >/dev/null
n=$("$root/venuecheck" rules | wc -l)
[ "$n" -eq 112 ] || { echo "install-test: build-tree binary lists $n rules, not 112"; exit 1; }
echo "install-test: 2 passed, 0 failed"
