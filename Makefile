# spravka — see README.md. Two commands for a newcomer on Debian:
#   make run    installs what is missing, builds, reads scans/ into output/
#   make test   installs what is missing, runs every test (Tesseract, Hunspell, Chromium for real)

SHELL      := /bin/bash
GO         ?= go
BIN        := bin/spravka
INPUT      ?= scans
OUTPUT     ?= output
DIR        ?= scans
export OMP_THREAD_LIMIT := 1
# Go's experimental SIMD package, for preprocessing's vector kernels
# (pipeline/preprocess/vector.go; the same pixels as without it, faster),
# with Go 1.26, which they were written against; another Go may not know the
# experiment, and builds the scalar loops.
ifeq ($(origin GOEXPERIMENT),undefined)
GOEXPERIMENT := $(if $(filter go1.26%,$(shell $(GO) env GOVERSION 2>/dev/null)),simd)
endif
export GOEXPERIMENT

# Debian packages: to build (cgo headers), to run, and for the tests.
BUILD_PKGS := gcc pkg-config libtesseract-dev libleptonica-dev libhunspell-dev
RUN_PKGS   := tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng hunspell-ru mupdf-tools qpdf
TEST_PKGS  := chromium imagemagick poppler-utils img2pdf icc-profiles-free default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test vet bench bench-throughput soak bench-quality man clean

all: build

# Install the Debian packages that are not installed yet (nothing to do when all are).
deps:
	@missing=$$(for p in $(BUILD_PKGS) $(RUN_PKGS) $(TEST_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@$(GO) version >/dev/null 2>&1 || { echo "Go 1.26 or newer is needed: https://go.dev/doc/install"; exit 1; }

build: deps
	$(GO) build -trimpath -o $(BIN) ./cmd/spravka

# Read $(INPUT) (default scans/) into $(OUTPUT) (default output/).
run: build
	./$(BIN) run $(INPUT) -o $(OUTPUT)

vet:
	$(GO) vet ./...

test: deps vet
	$(GO) test -count=1 ./...

# Speed and memory benchmarks (go test -bench), each beside its baseline
# measured in the same run; the whole-run ones (below) once each.
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -timeout 2h ./...

# Whole runs on the clean and degraded page sets (testtools.PageSet, from
# scans/ and ../shared), ROUNDS times each, the baseline alternating with the
# measured run: spravka -j 2 against the tesseract command page after page,
# with own stages' share of OCR and peak memory (BenchmarkRunVsTesseract);
# staged workers against page workers at -j 1 and 2 (BenchmarkSchedule);
# processor time by stage from a CPU profile (BenchmarkStageCPU).
ROUNDS ?= 3
bench-throughput: deps
	$(GO) test -run '^$$' -bench 'RunVsTesseract|Schedule|StageCPU' -benchtime $(ROUNDS)x -timeout 2h ./cmd/spravka ./pipeline

# Memory over a long run: spravka -j 2 over 500 copies of the sample pages, the
# peak resident memory and its growth per page (SOAK_PAGES=n for another count).
soak: deps
	SOAK=1 $(GO) test -count=1 -run 'Soak' -v -timeout 2h ./cmd/spravka ./pipeline/tesseract

# OCR accuracy per preprocessing mode on a folder of scans with .gt.txt
# transcriptions: scans/ by default, DIR=path for another.
bench-quality: build
	./$(BIN) bench-quality $(DIR)

# The manual pages of every command, from their definitions, into man/
# (dated by the last commit, so that the same sources give the same pages).
man: build
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) ./$(BIN) man man

clean:
	rm -rf bin man
	find $(OUTPUT) -mindepth 1 ! -name README.md -delete
