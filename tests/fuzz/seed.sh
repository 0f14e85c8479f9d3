#!/bin/sh
# seed.sh - seed corpora for the fuzz targets from the examples, the test
# fixtures and the rule pack (copied under build/, never committed).
set -eu
cd "$(dirname "$0")/../.."
for t in venue check; do
	mkdir -p build/fuzz/corpus-fuzz_$t
	find examples tests/boundary tests/bad tests/e2e/data -name '*.yaml' -type f |
		while read -r f; do cp "$f" "build/fuzz/corpus-fuzz_$t/$(echo "$f" | tr / _)"; done
done
# fuzz_stream: every YAML file under examples/ and tests/ (what
# tests/test_stream.c compares), venue files or not.
mkdir -p build/fuzz/corpus-fuzz_stream
find examples tests -name '*.yaml' -type f -size -64k |
	while read -r f; do cp "$f" "build/fuzz/corpus-fuzz_stream/$(echo "$f" | tr / _)"; done
# fuzz_book: the workbook fixtures.
mkdir -p build/fuzz/corpus-fuzz_book
cp tests/workbook/*.xlsx tests/workbook/mixed/*.xlsx build/fuzz/corpus-fuzz_book/
mkdir -p build/fuzz/corpus-fuzz_pack build/fuzz/corpus-fuzz_expr
cp rules/jiaxing-2015.yaml tests/e2e/data/bad-pack.yaml tests/e2e/data/severity-pack.yaml build/fuzz/corpus-fuzz_pack/
grep -hoE '(measure|threshold|applies): .*' rules/jiaxing-2015.yaml | sed 's/^[a-z]*: //' |
	awk '{ f = sprintf("build/fuzz/corpus-fuzz_expr/e%03d", NR); print > f }'
# fuzz_check: a town and one of its villages, split by a NUL byte.
for t in examples/towns/*.yaml; do
	for v in examples/villages/"$(basename "$t" .yaml)"/*.yaml; do
		[ -f "$v" ] || continue
		{ cat "$t"; printf '\0'; cat "$v"; } >"build/fuzz/corpus-fuzz_check/pair-$(basename "$t" .yaml)-$(basename "$v")"
	done
done
{ cat examples/county/nanhu.yaml; printf '\0'; cat examples/towns/xinfeng.yaml; } >build/fuzz/corpus-fuzz_check/pair-county-town
# fuzz_xls: .xls workbooks written by tests/xlsgen.py (a filled village
# header, every kind of cell, a formula, two sheets; one encrypted).
mkdir -p build/fuzz/corpus-fuzz_xls
${PYTHON:-python3} tests/fuzz/xls_seeds.py build/fuzz/corpus-fuzz_xls
