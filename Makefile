# venuecheck - check public cultural venues against service standards.
# Plain make + pkg-config.  `make` builds ./venuecheck, `make check` runs
# every test, `make demo` checks the shipped examples.

# The one version: VC_VERSION in the public header, read here for the
# build's config and the docs' checks.
VERSION  := $(shell sed -n 's/^\#define VC_VERSION "\(.*\)"/\1/p' src/venuecheck.h)
.DEFAULT_GOAL := all
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/venuecheck
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
DESTDIR  ?=

CC       ?= cc
PYTHON   ?= /usr/bin/python3
# The pkg-config modules of scripts/deps.txt: its build list for the binary,
# its test list (cmocka) for the unit tests.
pc_of     = $(shell awk '$$1 == "$(1)" && $$3 ~ /^pc:/ { print substr($$3, 4) }' scripts/deps.txt)
PKGS     := $(call pc_of,build)
TEST_PKGS := $(call pc_of,test)
# Deferred (=, not :=): on a fresh machine the packages are installed by the
# deps-ok step, after this Makefile has been read.  pkg-config's errors are
# left on the terminal.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CMOCKA_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS))
CMOCKA_LIBS   = $(shell pkg-config --libs $(TEST_PKGS))

WARN     := -Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion \
            -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread \
            $(WARN) $(CFLAGS) $(PKG_CFLAGS) \
            -DRULESDIR='"$(DATADIR)/rules"'
LDLIBS   = $(PKG_LIBS) -lm
# The allocator of the command, libc's by default.  `make
# MALLOC_LIB=-lmimalloc` (apt-get install libmimalloc-dev) links mimalloc:
# libyaml's small allocations (~1,300 a venue file) get cheaper, a check
# ~10% faster and two cores closer to twice one, as no allocation takes a
# lock, but it keeps freed memory longer: ~25 bytes more a venue at peak
# (bench/README.md, "After the twelfth session").  `make bench` then times
# a floor on each allocator.  The library leaves the choice to its user.
MALLOC_LIB ?=

BUILD    ?= build
CONFIG   := $(BUILD)/config
BIN      ?= venuecheck
INCDIR   ?= $(PREFIX)/include
LIBDIR   ?= $(PREFIX)/lib
# libvenuecheck: everything but the command line, in pipeline order (the
# toolkit, load pack, load venue, evaluate, batch, report, authoring), with
# one public header, src/venuecheck.h.
LIB_SRC  := xalloc.c hashidx.c filekind.c batch.c waive.c venuecheck.c listing.c arena.c diag.c doc.c suggest.c value.c schema.c schema_stream.c expr.c pack.c \
            venue.c check.c label.c utf8.c outfile.c report.c report_text.c \
            report_csv.c report_xlsx.c report_json.c report_github.c report_junit.c report_sarif.c files.c \
            tree.c rollup.c casetest.c html.c htmlreport.c report_html.c packfind.c waiver.c template.c explain.c \
            xlsxread.c xlsread.c book.c bookread.c bookwrite.c yamlout.c lenient.c gradetext.c
# venuecheck trend: several years side by side (issue 20).
LIB_SRC  += trend.c trend_text.c trend_json.c trend_csv.c trend_xlsx.c
# check --baseline and diff (issue 20)
LIB_SRC  += baseline.c change.c htmlchange.c
# results kept in a temporary file until the report (issue 19)
LIB_SRC  += spill.c proj.c bytes.c
# several packs in one run (issue 21)
LIB_SRC  += packset.c filenames.c
LIB_OBJ  := $(addprefix $(BUILD)/,$(LIB_SRC:.c=.o)) $(BUILD)/assets.o
LIB_A    := $(BUILD)/libvenuecheck.a
CLI_OBJ  := $(BUILD)/cli.o $(BUILD)/cli_check.o $(BUILD)/cli_help.o
CLI_OBJ  += $(BUILD)/cli_trend.o
CLI_OBJ  += $(BUILD)/cli_diff.o $(BUILD)/cli_diff_ci.o
# `venuecheck serve`, the submission server: a front end beside the CLI,
# in the same binary (src/serve.h names its modules).  Every file of the
# server is taken, so a module lands without touching this list.
SERVE_SRC := $(notdir $(wildcard src/serve*.c src/http*.c src/store.c src/token.c))
CLI_OBJ  += $(addprefix $(BUILD)/,$(SERVE_SRC:.c=.o))
UNIT     := test_doc test_expr test_schema test_check test_pack test_tree test_boundary \
            test_layers test_waiver test_template test_explain test_book test_batch \
            test_diag test_lenient test_xlsread test_token test_store test_html \
            test_serve_check test_router test_serve_import
UNIT     += test_trend
UNIT     += test_baseline
UNIT     += test_proj test_spill test_bytes test_stream
UNIT     += test_grade
UNIT     += test_packset
UNIT     += test_hashidx test_filenames test_files
UNIT_BIN := $(addprefix $(BUILD)/tests/,$(UNIT))
# Unit tests of the server's modules link the module beside the library.
$(BUILD)/tests/test_token: $(BUILD)/token.o
$(BUILD)/tests/test_store: $(BUILD)/store.o $(BUILD)/token.o
# (test_serve_check names the library last itself: serve_check.o needs it.)
$(BUILD)/tests/test_serve_check: $(BUILD)/tests/test_serve_check.o \
    $(BUILD)/serve_check.o $(BUILD)/store.o $(BUILD)/token.o $(LIB_A)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(filter-out $(LIB_A),$^) $(LIB_A) $(LDLIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test_router: $(BUILD)/http_route.o
$(BUILD)/tests/test_serve_import: $(BUILD)/tests/test_serve_import.o \
    $(BUILD)/serve_import.o $(BUILD)/store.o $(BUILD)/token.o $(LIB_A)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(filter-out $(LIB_A),$^) $(LIB_A) $(LDLIBS) $(CMOCKA_LIBS)

# Static analysis; must stay clean.  (Checks left out: the analyzer's
# va_list false positive, style-only and naming checks.)
TIDY_CHECKS := -*,bugprone-*,-bugprone-easily-swappable-parameters,\
  -bugprone-reserved-identifier,-bugprone-sizeof-expression,\
  -bugprone-assignment-in-if-condition,clang-analyzer-*,\
  -clang-analyzer-valist.Uninitialized,\
  -clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling
.PHONY: lint
lint: deps-ok $(patsubst src/%.c,$(BUILD)/lint/%.ok,$(wildcard src/*.c))
	cppcheck --enable=warning,performance,portability --std=c11 --inline-suppr \
	  --quiet --error-exitcode=1 -Isrc -D_POSIX_C_SOURCE=200809L src/
	@# The fuzz targets compile with the project's warnings (CI builds no
	@# fuzzer: libFuzzer needs clang's runtime), so one cannot rot unseen.
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	  -Wno-missing-prototypes -fsyntax-only -Isrc tests/fuzz/*.c

# clang-tidy file by file (`make -j2 lint` runs two at once), and again
# only for a file whose object had to be rebuilt: a change to it or to a
# header it includes (the compiler's dependency files know which).  A clean
# tree, as in CI, checks every file.
$(BUILD)/lint/%.ok: $(BUILD)/%.o
	@mkdir -p $(dir $@)
	clang-tidy --quiet --warnings-as-errors='*' --checks='$(TIDY_CHECKS)' src/$*.c -- \
	  -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc
	@touch $@

.PHONY: fuzz fuzz-run
# libFuzzer targets (clang): the venue loader, its two roads into values
# held to each other (fuzz_stream), the rule-pack loader, the expression
# language, a whole check and the workbook readers (.xlsx, .xls).  `make fuzz`
# builds them; `make fuzz-run FUZZ_SECONDS=60` runs each from its seed corpus.
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS := fuzz_venue fuzz_stream fuzz_pack fuzz_expr fuzz_check fuzz_book fuzz_xls
FUZZ_SECONDS ?= 60
fuzz: $(addprefix build/fuzz/,$(FUZZ_TARGETS))
# The fuzzers link the library too, built instrumented in build/fuzz/lib.
FUZZ_LIB := build/fuzz/lib/libvenuecheck.a
FUZZ_OBJ := $(addprefix build/fuzz/lib/,$(LIB_SRC:.c=.o))
build/fuzz/lib/%.o: src/%.c | deps-ok
	@mkdir -p build/fuzz/lib
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(FUZZ_FLAGS) \
	  $(PKG_CFLAGS) -c -o $@ $<
build/fuzz/lib/assets.o: $(BUILD)/assets.c | deps-ok
	@mkdir -p build/fuzz/lib
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(FUZZ_FLAGS) -Isrc -c -o $@ $<
$(FUZZ_LIB): $(FUZZ_OBJ) build/fuzz/lib/assets.o
	rm -f $@ && $(AR) rcs $@ $^
build/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB) | deps-ok
	@mkdir -p build/fuzz
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(FUZZ_FLAGS) \
	  $(PKG_CFLAGS) -Isrc -o $@ $< $(FUZZ_LIB) $(LDLIBS)
# A long campaign: `make fuzz-run FUZZ_SECONDS=3600 FUZZ_PARALLEL=2` runs
# every target an hour, two at a time, niced; the corpora stay in
# build/fuzz/ for the next run.
FUZZ_PARALLEL ?= 1
fuzz-run: fuzz
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_PARALLEL) $(FUZZ_TARGETS)

.PHONY: all check unit e2e demo install install-lib uninstall clean deps sanitize tsan \
        valgrind install-test xlsx-test json-test rules-test fuzz-regress \
        hostile-test template-test book-test roundtrip-test cli-test

all: $(BIN)

# The library builds on its own (`make lib`); the command, the unit tests
# and the fuzzers link it.
.PHONY: lib
lib: $(LIB_A)
$(LIB_A): $(LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB_A)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(MALLOC_LIB) $(LDLIBS)

$(BUILD)/%.o: src/%.c $(CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c $(CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Isrc -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB_A)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(CMOCKA_LIBS)

# The README's example program, compiled against venuecheck.h alone and
# run on a shipped example (api-test, part of check).
$(BUILD)/api-example.c: README.md
	@mkdir -p $(BUILD)
	awk '/<!-- api-example -->/ { on = 1; next } on && /^```c/ { code = 1; next } \
	  code && /^```/ { exit } code { print }' README.md >$@
$(BUILD)/include/venuecheck.h: src/venuecheck.h
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/api-example: $(BUILD)/api-example.c $(LIB_A) $(BUILD)/include/venuecheck.h
	$(CC) -std=c11 -Wall -Wextra -Werror -I$(BUILD)/include \
	  -o $@ $< $(LIB_A) $(LDLIBS) -pthread
.PHONY: api-test
api-test: $(BUILD)/api-example
	@tests/api-test.sh $(BUILD)/api-example
	@for m in man/*.[1-8]; do grep -q '^\.TH .*"venuecheck $(VERSION)"' $$m || \
	  { echo "FAIL: $$m does not name venuecheck $(VERSION) (VC_VERSION)"; exit 1; }; done
	@for id in $$(grep -o '"[EWR][0-9][0-9][0-9]"' src/diagcodes.h | tr -d '"'); do \
	  grep -q "$$id" man/venuecheck.1 || \
	  { echo "FAIL: diagnostic $$id (src/diagcodes.h) is not in venuecheck(1)"; exit 1; }; done

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)

# Every file of web/ built in (src/assets.h): the table is rewritten when
# a file changes, and when one is added or removed (the list file changes
# then, as $(CONFIG) does for flags).
WEB_FILES := $(sort $(wildcard web/*))
$(BUILD)/assets.list: FORCE
	@mkdir -p $(BUILD)
	@printf '%s\n' $(WEB_FILES) >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi
$(BUILD)/assets.c: scripts/assets.sh $(BUILD)/assets.list $(WEB_FILES)
	scripts/assets.sh $@ $(WEB_FILES)
$(BUILD)/assets.o: $(BUILD)/assets.c $(CONFIG)
	$(CC) $(ALL_CFLAGS) -Isrc -MMD -MP -c -o $@ $<

# $(CONFIG) holds the compiler and flags, VERSION, DATADIR (RULESDIR) and MALLOC_LIB
# the objects are built with, and is rewritten only when they change: so
# `make install PREFIX=/usr` after `make` recompiles with the new RULESDIR
# instead of installing a binary that looks in /usr/local.
sq = '$(subst ','\'',$(1))'
$(CONFIG): FORCE | deps-ok
	@mkdir -p $(BUILD)
	@printf '%s\n' $(call sq,CC=$(CC)) $(call sq,VERSION=$(VERSION)) \
	  $(call sq,DATADIR=$(DATADIR)) $(call sq,ALL_CFLAGS=$(ALL_CFLAGS)) \
	  $(call sq,CMOCKA_CFLAGS=$(CMOCKA_CFLAGS)) $(call sq,MALLOC_LIB=$(MALLOC_LIB)) >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi
.PHONY: FORCE
FORCE:

# The packages of scripts/deps.txt.  Plain `make` only checks the build list
# and never installs; `make deps`, `make demo` and `make check` install what
# is missing when run as root (else they print the apt-get line).  The test
# goals also check the test list: missing test packages make their tests
# skip visibly, or fail with CI=true.
INSTALL_GOALS := deps demo check
TEST_GOALS    := deps check unit e2e install-test xlsx-test json-test rules-test \
                 fuzz-regress hostile-test template-test book-test sanitize \
                 valgrind lint fuzz fuzz-run api-test cli-test print-test \
                 html-test html-print-test
DEPS_MODE  := $(if $(filter $(INSTALL_GOALS),$(MAKECMDGOALS)),--install,--check)
DEPS_LISTS := build $(if $(filter $(TEST_GOALS),$(MAKECMDGOALS)),test)
.PHONY: deps-ok
deps-ok:
	@PYTHON=$(PYTHON) scripts/install-deps $(DEPS_MODE) $(DEPS_LISTS)

deps:
	PYTHON=$(PYTHON) scripts/install-deps --install build test

check: unit e2e install-test xlsx-test json-test rules-test fuzz-regress \
       hostile-test template-test book-test roundtrip-test api-test cli-test \
       print-test serve-test html-test html-print-test

# The command line: progress, colour and the terminal, where packs are
# looked for, and the bash and zsh completion (completion/).
cli-test: $(BIN)
	@$(PYTHON) tests/cli_check.py ./$(BIN)

# venuecheck trend over the example years: its JSON against its schema,
# CSV, the 趋势 sheet and its chart read back, the exit status.
.PHONY: trend-test
check: trend-test
trend-test: $(BIN)
	@$(PYTHON) tests/trend_check.py ./$(BIN)

# A graded pack's reports (issue 21): the 定级 sheet read back, and the
# grade in every other format; the packs are tests/grade's fixtures.
.PHONY: grade-test
check: grade-test
grade-test: $(BIN)
	@$(PYTHON) tests/grade_check.py ./$(BIN)

# venuecheck serve on 127.0.0.1 (a free port, a temporary data
# directory): every tests/serve_*_check.py (pages, API, safety, the real
# browser, durability under SIGKILL), each a script of its own.
.PHONY: serve-test
serve-test: $(BIN)
	@rc=0; for t in tests/serve_*_check.py; do [ -e "$$t" ] || continue; \
	  $(PYTHON) "$$t" ./$(BIN) || rc=1; done; exit $$rc

# The XLSX report printed: LibreOffice's PDF is A4 with Chinese at 9 pt or
# more on every page, rule ids whole; gnumeric's re-save keeps the chart.
.PHONY: print-test
print-test: $(BIN)
	@$(PYTHON) tests/print_check.py ./$(BIN)

# The html report: well-formed, self-contained, escaped, the same twice
# (html-test); printed by Debian's chromium to PDF: A4, Chinese at 9 pt
# or more, each table's header on every page it runs onto (html-print-test).
.PHONY: html-test html-print-test
html-test: $(BIN)
	@$(PYTHON) tests/html_check.py ./$(BIN)
html-print-test: $(BIN)
	@$(PYTHON) tests/html_print_check.py ./$(BIN)

# A property test of convert over a generated corpus of valid data files:
# each is accepted, and YAML -> XLSX -> YAML gives back its canonical YAML.
roundtrip-test: $(BIN)
	@$(PYTHON) tests/roundtrip_check.py ./$(BIN)

# Each tier's template passes check (its example values are derived from
# the pack, so this covers every rule).
template-test: $(BIN)
	@tests/template-test.sh ./$(BIN)
	@tests/template-test.sh ./$(BIN) rules/local/nanhu-2024.yaml
	@for p in mct-2015-fusheng mct-2020-dishi mct-2011-county; do \
	  tests/template-test.sh ./$(BIN) rules/$$p.yaml || exit 1; done

# The data entry workbook: round trip of every example, a filled template
# (and LibreOffice's re-save of it, and its .xls export), other writers'
# XML, malformed and hostile workbooks.
book-test: $(BIN)
	@$(PYTHON) tests/book_check.py ./$(BIN)
	@$(PYTHON) tests/xls_check.py ./$(BIN)

# Hostile inputs (generated at test time): exit 2, right code, bounded time;
# hostile workbooks (workbook.py) and .xls files (xls.py); worst cases that grow no faster
# than their size (scale.py); hostile file lists, outputs that are
# inputs, full devices, killed writers (output.py).
hostile-test: $(BIN)
	@$(PYTHON) tests/hostile/run.py ./$(BIN)
	@$(PYTHON) tests/hostile/workbook.py ./$(BIN)
	@$(PYTHON) tests/hostile/xls.py ./$(BIN)
	@$(PYTHON) tests/hostile/scale.py ./$(BIN)
	@$(PYTHON) tests/hostile/output.py ./$(BIN)

# Inputs that once crashed a fuzzer.
fuzz-regress: $(BIN)
	@tests/fuzz/regress.sh ./$(BIN)

# The Jiaxing pack lints clean and passes its own test cases.
rules-test: $(BIN)
	@./$(BIN) rules --lint rules/jiaxing-2015.yaml
	@./$(BIN) rules --test rules/tests -r rules/jiaxing-2015.yaml
	@$(PYTHON) tests/mct_check.py ./$(BIN)

# validate --format json: the malformed files of tests/bad/ (one per error
# code) and the JSON report against its schema; every output of a GBK
# file name stays UTF-8 and valid (gbk_check); SARIF against the OASIS
# schema (sarif_check).
json-test: $(BIN)
	@$(PYTHON) tests/bad_check.py ./$(BIN)
	@$(PYTHON) tests/json_check.py ./$(BIN)
	@$(PYTHON) tests/gbk_check.py ./$(BIN)
	@$(PYTHON) tests/sarif_check.py ./$(BIN)

# The XLSX report read back with openpyxl, then by LibreOffice when present.
xlsx-test: $(BIN)
	@$(PYTHON) tests/xlsx_check.py ./$(BIN)
	@tests/lo-check.sh ./$(BIN)

# Unit tests run from tests/; VC_WRAP may prefix each run (valgrind).  All
# run, then any failure fails.
unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  echo "== $$t"; (cd tests && $(VC_WRAP) ../$$t) || fail=1; done; exit $$fail

e2e: $(BIN)
	@tests/e2e.sh ./$(BIN)

# The installed binary must find its rule pack with no flag and no env, and
# a second PREFIX must be compiled in (its own build directory; + shares
# the jobserver with its make).
install-test: $(BIN)
	+@tests/install-test.sh

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# (Everything of `make check` but the install test, which builds its own
# binary, and LibreOffice reading the XLSX, which runs no code of ours.)
sanitize:
	$(MAKE) BUILD=build/asan BIN=build/asan/venuecheck \
	  CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" \
	  unit e2e json-test rules-test fuzz-regress hostile-test template-test
	$(PYTHON) tests/xlsx_check.py build/asan/venuecheck
	$(PYTHON) tests/book_check.py build/asan/venuecheck
	$(PYTHON) tests/xls_check.py build/asan/venuecheck
	$(PYTHON) tests/roundtrip_check.py build/asan/venuecheck 60
	$(PYTHON) tests/cli_check.py build/asan/venuecheck
	$(PYTHON) tests/html_check.py build/asan/venuecheck
	$(PYTHON) tests/serve_pages_check.py build/asan/venuecheck
	$(PYTHON) tests/trend_check.py build/asan/venuecheck
	$(PYTHON) tests/grade_check.py build/asan/venuecheck

# The unit and end-to-end tests built with ThreadSanitizer: the batch's
# lanes, the walk's threads and the report's hand-over to and from them
# (batch.c wait_ready, slot_fill), run with 1, 2 and 4 jobs by test_batch.
TSAN := -fsanitize=thread
tsan:
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" $(MAKE) BUILD=build/tsan \
	  BIN=build/tsan/venuecheck CFLAGS="-O1 -g $(TSAN)" LDFLAGS="$(TSAN)" unit e2e

# Unit and end-to-end tests under valgrind; any error fails the run.
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect
valgrind: $(BIN) $(UNIT_BIN)
	$(MAKE) unit VC_WRAP="$(VALGRIND)"
	VC_WRAP="$(VALGRIND)" tests/e2e.sh ./$(BIN)

DEMO_FILES = examples/city examples/county examples/towns examples/villages
demo: $(BIN)
	./$(BIN) check $(DEMO_FILES); \
	  s=$$?; echo "(exit status $$s: 0 all passed, 1 some rule failed, 2 invalid input)"; \
	  [ $$s -le 1 ]
	@mkdir -p $(BUILD)
	./$(BIN) check -o $(BUILD)/examples-report.xlsx $(DEMO_FILES); [ $$? -le 1 ]
	./$(BIN) check -o $(BUILD)/examples-report.csv $(DEMO_FILES); [ $$? -le 1 ]

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)/schema \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/venuecheck
	install -m 644 rules/*.yaml $(DESTDIR)$(DATADIR)/rules/
	install -m 644 man/venuecheck-report.schema.json $(DESTDIR)$(DATADIR)/schema/
	install -m 644 man/venuecheck-trend.schema.json $(DESTDIR)$(DATADIR)/schema/
	install -m 644 man/venuecheck-diff.schema.json $(DESTDIR)$(DATADIR)/schema/
	install -m 644 man/venuecheck.1 man/venuecheck-serve.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/venuecheck-rules.5 man/venuecheck-data.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 completion/venuecheck.bash $(DESTDIR)$(BASHCOMPDIR)/venuecheck
	install -m 644 completion/_venuecheck $(DESTDIR)$(ZSHCOMPDIR)/_venuecheck

# The library and its one header, for programs of your own (README).
install-lib: $(LIB_A)
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)
	install -m 644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	install -m 644 src/venuecheck.h $(DESTDIR)$(INCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/venuecheck $(DESTDIR)$(MANDIR)/man1/venuecheck.1 \
	  $(DESTDIR)$(MANDIR)/man1/venuecheck-serve.1 \
	  $(DESTDIR)$(MANDIR)/man5/venuecheck-rules.5 $(DESTDIR)$(MANDIR)/man5/venuecheck-data.5 \
	  $(DESTDIR)$(BASHCOMPDIR)/venuecheck $(DESTDIR)$(ZSHCOMPDIR)/_venuecheck
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) venuecheck

# Benchmark (bench/README.md): seeded synthetic trees under build/bench/,
# timed against a libyaml-only floor; prints and writes build/bench/results.md.
# `make bench BENCH_SIZES=2000` is a quick run; BENCH_RUNS=N sets the runs;
# `make bench BENCH_SIZES=620000` the national run (a 2.4 GB tree, cached; no
# pycheck.py above 100,000); BENCH_ARGS passes more options to run.py
# (BENCH_ARGS="--cases floor,all": only the national target's cases).
BENCH_SIZES ?= 10000 100000
BENCH_SEED  ?= 1
BENCH_RUNS  ?=
BENCH_ARGS  ?=
.PHONY: bench
bench: $(BIN) build/bench/floor build/bench/floor-malloc
	$(PYTHON) bench/run.py --sizes "$(BENCH_SIZES)" --seed $(BENCH_SEED) --bin ./$(BIN) \
	  $(if $(BENCH_RUNS),--runs $(BENCH_RUNS)) $(BENCH_ARGS)

# The floor on libc's malloc, the yardstick issue 19 set, and the same on
# the command's allocator (MALLOC_LIB), so that the table shows both.
build/bench/floor: bench/floor.c | deps-ok
	@mkdir -p build/bench
	$(CC) -O2 -o $@ bench/floor.c $$(pkg-config --cflags --libs yaml-0.1)

build/bench/floor-malloc: bench/floor.c $(CONFIG)
	@mkdir -p build/bench
	$(CC) -O2 -o $@ bench/floor.c $(MALLOC_LIB) $$(pkg-config --cflags --libs yaml-0.1)

# The server's benchmark (bench/README.md, "Server"): a town workbook's
# upload -> result page p50/p99 and village files/s through the API, next to
# `check` of the same files.  Not in make check.
BENCH_SERVE_ARGS ?=
.PHONY: bench-serve
bench-serve: $(BIN)
	$(PYTHON) bench/serve.py --bin ./$(BIN) $(BENCH_SERVE_ARGS)
