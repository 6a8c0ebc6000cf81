# Heartline. `make` builds the site and leaflets into site/; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Marks a venv whose packages match requirements.txt and requirements-lint.txt; reinstalls when the pins change.
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-lint.txt | sha1sum | cut -c1-12)
# Silence mkdocs-material's banner about MkDocs 2.0 (we pin mkdocs<2).
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)

.PHONY: all build check test serve bench leaflets clean system-deps test-deps nginx

all: build

system-deps:
	@bash scripts/install-system-deps.sh

test-deps:
	@bash scripts/install-system-deps.sh --test

$(STAMP): requirements.txt requirements-lint.txt | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-lint.txt
	rm -f $(VENV)/.installed-* && touch $@

# Every check of `make check` (any error stops it), then pages and leaflets into site/, swapped in
# whole (kept as it was on any error); one build at a time.
build: $(STAMP)
	$(BIN)/python -m scripts.build

# Every content check, without building; first the GitHub workflows (actionlint, zizmor).
check: $(STAMP)
	bash scripts/lint-workflows.sh $(BIN)
	$(BIN)/python -m scripts.check

# The whole suite, browser tests included.
test: $(STAMP) test-deps
	@$(BIN)/python -m tests.axe > /dev/null  # the accessibility checker, fetched once from npm
	$(BIN)/python -m pytest

# Live preview for editors at http://127.0.0.1:8000/: pages, data (resources/) and words are watched;
# a problem in the data is printed as `make check` prints it, and the preview keeps the last good data.
serve: $(STAMP)
	HEARTLINE_SERVE=1 $(BIN)/mkdocs serve

# Leaflets again, for instance `make leaflets ARGS="--site h03 --size A4 --sheet"` (needs a built site/).
leaflets: $(STAMP)
	$(BIN)/python -m scripts.leaflets $(ARGS)

# Build speed and memory for a synthetic dataset (N sites, default 2000; a larger N is measured
# next to 2,000), and a site page on Slow 3G through nginx in Chromium (hence test-deps).
bench: $(STAMP) test-deps
	$(BIN)/python -m scripts.bench $(if $(N),--sites $(N))

# The built site under the shipped nginx configuration (server/), on 127.0.0.1:8080, without root.
nginx: $(STAMP) test-deps
	$(BIN)/python -m scripts.server.run

clean:
	rm -rf site .site-new-* .site-old-* docs/sites docs/hotlines docs/changes docs/leaflets .cache
