# shellcheck shell=sh
# env.sh - sourced by the test scripts (e2e.sh, template-test.sh,
# lo-check.sh): run from the repository root with a scratch directory $tmp,
# removed on exit.
# Reports must not depend on the terminal or the caller's environment, and
# a binary built elsewhere (the sanitizer build) must find the same packs;
# tests/install-test.sh covers the lookup itself.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
export VENUECHECK_RULES_DIR="$root/rules"

# skip WHAT PACKAGE: WHAT cannot run, PACKAGE (scripts/deps.txt) is missing;
# ends the script.  With CI=true, where every package is installed, a skip
# means a broken install and fails (as tests/harness.py does for Python).
skip() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $1: $2 is not installed (CI=true: nothing may be skipped)"
		exit 1
	fi
	echo "SKIP: $1: $2 is not installed (apt-get install $2)"
	exit 0
}
