#!/bin/sh
# lo-check.sh - prove a real spreadsheet program reads the XLSX report:
# LibreOffice converts it headless to CSV (the summary sheet), and the venue
# rows and verdicts must be there.  Skipped, visibly, without LibreOffice
# (a failure with CI=true).
set -u
bin=${1:?usage: lo-check.sh BINARY}
# shellcheck source=tests/env.sh
. "$(dirname "$0")/env.sh"
command -v soffice >/dev/null 2>&1 || skip "LibreOffice reading the XLSX report" libreoffice-calc-nogui
"$bin" check -o "$tmp/report.xlsx" examples/city examples/county examples/towns examples/villages 2>/dev/null
HOME=$tmp timeout 180 soffice --headless --norestore --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76 \
	--outdir "$tmp" "$tmp/report.xlsx" >"$tmp/log" 2>&1
fail=0
check() {
	if grep -q "$1" "$tmp/report.csv" 2>/dev/null; then :; else
		echo "FAIL: LibreOffice's reading lacks: $1"; fail=1; fi
}
[ -s "$tmp/report.csv" ] || { echo "FAIL: LibreOffice did not convert the report"; cat "$tmp/log"; exit 1; }
check '330402-fq,凤桥镇文化站,分馆,330402,2024,24,19,5,0,'
check '合计,19 个场馆,,,,296,285,10,1'
check '3304,嘉兴市文化馆,中心馆,,2024,42,42,0,0,'
[ $fail -eq 0 ] && echo "libreoffice: 1 passed, 0 failed" || echo "libreoffice: 0 passed, 1 failed"
exit $fail
