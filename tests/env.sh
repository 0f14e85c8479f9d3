# env.sh - sourced by the test scripts (e2e.sh, template-test.sh): run from
# the repository root with a scratch directory $tmp, removed on exit.
# Reports must not depend on the terminal or the caller's environment, and
# a binary built elsewhere (the sanitizer build) must find the same packs;
# tests/install-test.sh covers the lookup itself.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
export VENUECHECK_RULES_DIR="$root/rules"
