# sitegen — the two commands a new user needs are `make run` and `make test`.
# Every target installs the Debian packages it needs first (scripts/ensure-debs is
# idempotent and quick when they are already there).

SWIFT ?= swift
BUILD_DEBS := pkg-config libcmark-dev libdeflate-dev libqrencode-dev libsqlite3-dev libxml2-dev zlib1g-dev
TEST_DEBS := zbar-tools librsvg2-bin poppler-utils chromium sqlite3 procps postgresql
BENCH_DEBS := hugo nginx-light wrk time
BIN := .build/release/sitegen
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: deps test-deps bench-deps release run build-sites report test bench soak fuzz clean format

deps:
	@scripts/ensure-debs $(BUILD_DEBS)

test-deps: deps
	@scripts/ensure-debs $(TEST_DEBS)

bench-deps: deps
	@scripts/ensure-debs $(BENCH_DEBS)

release: deps
	$(SWIFT) build -c release --product sitegen

# Builds the example sites into dist/ and serves them, personalized.
run: release
	$(BIN) build --sites sites --templates templates --out dist
	@echo "example sites built into $(CURDIR)/dist (manifest: dist/manifest.json)"
	$(BIN) serve --dist dist --db data/sitegen.sqlite --host $(HOST) --port $(PORT)

build-sites: release
	$(BIN) build --sites sites --templates templates --out dist

# The example report: 90 days of synthetic history of the example sites (scenarios/device-daypart.yml),
# then one HTML report per site in report/ (open report/luna.html).
report: build-sites
	rm -f data/example-history.sqlite data/example-history.sqlite-wal data/example-history.sqlite-shm
	$(BIN) simulate --scenario scenarios/device-daypart.yml --days 90 --dist dist --into-db data/example-history.sqlite
	$(BIN) report --db data/example-history.sqlite --out report
	$(BIN) report --db data/example-history.sqlite --out report --format json
	@echo "reports in $(CURDIR)/report/ (open report/luna.html)"

# The suites are XCTest; Swift Testing's runner would only add a closing "0 tests" line.
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

# Speed and quality goals live here, never in timed tests. Each script prints its own table.
bench: bench-deps release
	scripts/bench-build
	scripts/bench-personalize
	scripts/bench-store
	scripts/bench-serve
	scripts/bench-preview
	scripts/bench-forecast
	scripts/bench-report-stats
	scripts/bench-report
	scripts/bench-shared-learning
	scripts/bench-multinode

# Ten minutes of mixed traffic against the release server (issue #17 point 9): memory, descriptors,
# database size and p99 each minute; PASS/FAIL for leaks, latency drift and lost conversions.
# SOAK_MINUTES=2 for a quick look.
soak: bench-deps release
	scripts/soak

# libFuzzer harnesses (Sources/Fuzz), each run FUZZ_RUNS times (default 1,000,000) from its seed
# corpus in Fuzz/corpus; crashing inputs land in Fuzz/crashers. See docs/architecture.md, "Fuzzing".
fuzz: deps
	scripts/fuzz

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build .build-fuzz dist data report
