#!/bin/sh
# install-test.sh - `make install` into a scratch prefix; the installed
# binary, run from elsewhere with no flags and no environment, must find its
# rule pack, and so must the binary at the top of the build tree.
# The install builds in a scratch build directory (build/ is in use by the
# other tests), twice: the second PREFIX must be compiled in as RULESDIR
# (build/config makes the objects depend on it), which a copy of the
# installed binary, moved away from its tree, shows.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset VENUECHECK_RULES_DIR || true
b="$tmp/build"
make -s -C "$root" install PREFIX="$tmp/first" BUILD="$b" BIN="$b/venuecheck" >/dev/null
rm -rf "$tmp/first"
make -s -C "$root" install PREFIX="$tmp/prefix" BUILD="$b" BIN="$b/venuecheck" >/dev/null
test -f "$tmp/prefix/share/venuecheck/rules/jiaxing-2015.yaml"
test -f "$tmp/prefix/share/man/man1/venuecheck.1"
test -f "$tmp/prefix/share/man/man1/venuecheck-serve.1"
test -f "$tmp/prefix/share/man/man5/venuecheck-data.5"
cd "$tmp"
n=$("$tmp/prefix/bin/venuecheck" rules | wc -l)
[ "$n" -eq 112 ] || { echo "install-test: installed binary lists $n rules, not 112"; exit 1; }
"$tmp/prefix/bin/venuecheck" check "$root/tests/boundary/village.yaml" >/dev/null
mkdir "$tmp/away"
cp "$tmp/prefix/bin/venuecheck" "$tmp/away/"
n=$("$tmp/away/venuecheck" rules | wc -l)
[ "$n" -eq 112 ] || { echo "install-test: a PREFIX change did not rebuild RULESDIR ($n rules)"; exit 1; }
"$tmp/away/venuecheck" rules --lang en --rules no-such-pack 2>&1 |
	grep -qxF "  $tmp/prefix/share/venuecheck/rules (the install directory)" ||
	{ echo "install-test: RULESDIR is not $tmp/prefix/share/venuecheck/rules"; exit 1; }
n=$("$root/venuecheck" rules | wc -l)
[ "$n" -eq 112 ] || { echo "install-test: build-tree binary lists $n rules, not 112"; exit 1; }
# The completions and the report's schema are installed; the installed bash
# completion, sourced alone, completes the installed binary's rule ids.
s="$tmp/prefix/share"
test -f "$s/venuecheck/schema/venuecheck-report.schema.json"
test -f "$s/venuecheck/schema/venuecheck-trend.schema.json"
test -f "$s/zsh/site-functions/_venuecheck"
ids=$(bash -c '. "$1/bash-completion/completions/venuecheck"; COMP_WORDS=("$2" explain town.open.n)
	COMP_CWORD=2; _venuecheck; echo "${COMPREPLY[@]}"' sh "$s" "$tmp/prefix/bin/venuecheck")
[ "$ids" = town.open.notice ] ||
	{ echo "install-test: the installed bash completion offers '$ids', not town.open.notice"; exit 1; }
# A staged install (DESTDIR, as a package build does), run from the stage
# before anything is at PREFIX: it finds its packs beside itself (bin/../share).
rm -rf "$tmp/prefix"
make -s -C "$root" install DESTDIR="$tmp/stage" PREFIX="$tmp/prefix" BUILD="$b" BIN="$b/venuecheck" >/dev/null
n=$("$tmp/stage$tmp/prefix/bin/venuecheck" rules --ids | wc -l)
[ "$n" -eq 112 ] || { echo "install-test: the staged binary lists $n rules, not 112"; exit 1; }
echo "install-test: 7 passed, 0 failed"
